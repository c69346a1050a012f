"""The staff loop (issue 14, items 2-4): nothing half-done is published (the
unreported limit, organizations with no value, draft years), every year is a
standard Frictionless package that `frictionless validate` accepts, and the
commands speak Russian, name paths as they were typed and suggest the id staff
probably meant."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from factory import indicator, org, write_data, year
from frictionless import validate as frictionless_validate

from generator.cli import main
from generator.load import load
from generator.paths import SCHEMAS
from generator.pipeline import checked_dataset
from generator.problems import Report
from generator.settings import Settings, parse_settings
from generator.validate import validate

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "data"
DEMO_YEARS = sorted(p.name for p in DEMO.iterdir() if p.is_dir() and p.name.isdigit())


def report_of(data: Path) -> Report:
    raw, problems = load(data)
    report = Report(list(problems))
    if raw is not None:
        report.extend(validate(raw)[1].problems)
    return report


def codes(report: Report) -> list[str]:
    return [p.code for p in report.problems]


def five_orgs(filled: int, limit: float | None = None) -> dict:
    """Five schools, four indicators each (20 values), the first `filled` reported counting
    indicator by indicator (15: i4 missing everywhere); rows are written school by school."""
    orgs = [org(f"sch-0{i}") for i in range(1, 6)]
    inds = [indicator(f"i{j}") for j in range(1, 5)]
    values: dict = {o["id"]: {} for o in orgs}
    for j, ind in enumerate(inds):
        for i, o in enumerate(orgs):
            values[o["id"]][ind["id"]] = 50 if j * len(orgs) + i < filled else None
    return year(orgs, inds, values)


def write(tmp_path: Path, years: dict, **settings) -> Path:
    return write_data(tmp_path, years, **settings)


def set_descriptor(data: Path, y: int, **props) -> None:
    path = data / str(y) / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    for k, v in props.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    path.write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")


def demo_copy(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "data")
    return tmp_path / "data"


# --- 2. the unreported limit --------------------------------------------------------------


def test_unreported_limit_defaults_to_20_percent_and_is_read_from_monitoring_yml():
    assert Settings().unreported_limit == 20
    settings, problems = parse_settings("unreported_limit: 12.5\n", "data/monitoring.yml")
    assert problems == [] and settings.unreported_limit == 12.5
    for bad in ("120", "-1", '"20%"', "true"):
        _, problems = parse_settings(f"unreported_limit: {bad}\n", "data/monitoring.yml")
        assert [p.code for p in problems] == ["settings-bad-unreported-limit"], bad


def test_a_year_missing_more_than_the_limit_is_refused_listing_who_misses_what(tmp_path):
    # 15 of 20 values reported: 25 % missing, over the 20 % limit.
    data = write(tmp_path, {2025: five_orgs(15)}, unreported_limit=20)
    report = report_of(data)
    assert codes(report) == ["unreported"], report.text()
    p = report.problems[0]
    assert p.file == "data/2025/values.csv" and p.column == "value"
    assert p.row == 5  # the first value not reported: sch-01's fourth indicator (header = row 1)
    assert "не представлено 5 из 20 применимых значений (25 %)" in p.message
    assert "больше предела 20 %" in p.message
    assert "у 5 организаций: sch-01 — 1 из 4 (i4); sch-02 — 1 из 4 (i4);" in p.message
    assert "sch-05 — 1 из 4 (i4)." in p.message


def test_who_misses_most_comes_first_with_the_indicators_missed(tmp_path):
    y = five_orgs(20)
    for r in y["values"]:
        if r["org_id"] == "sch-04" or (r["org_id"] == "sch-02" and r["indicator_id"] == "i3"):
            r["value"] = None if r["indicator_id"] != "i1" else r["value"]
    report = report_of(write(tmp_path, {2025: y}, unreported_limit=10))  # 4 of 20 missing: 20 %
    (p,) = report.problems
    assert "(20 %)" in p.message and "у 2 организаций: sch-04 — 3 из 4 (i2, i3, i4); sch-02 — 1 из 4 (i3)." in p.message
    assert "unreported_limit" in p.fix


def test_a_year_at_the_limit_passes_and_a_higher_limit_lets_a_sparser_year_through(tmp_path):
    assert report_of(write(tmp_path / "a", {2025: five_orgs(16)}, unreported_limit=20)).valid  # 20 % missing
    assert report_of(write(tmp_path / "b", {2025: five_orgs(15)}, unreported_limit=30)).valid  # 25 % missing
    report = report_of(write(tmp_path / "c", {2025: five_orgs(19)}, unreported_limit=4.9))  # 5 % missing
    assert codes(report) == ["unreported"]


def test_the_list_of_who_misses_what_is_bounded_and_counts_the_rest(tmp_path):
    orgs = [org(f"s{i:02d}") for i in range(1, 31)]
    inds = [indicator("i1"), indicator("i2")]
    values = {o["id"]: {"i1": 1, "i2": None} for o in orgs}  # half missing
    report = report_of(write(tmp_path, {2025: year(orgs, inds, values)}, unreported_limit=20))
    (p,) = report.problems
    assert p.message.count(" — 1 из 2 (i2)") == 10
    assert "и ещё у 20 организаций" in p.message
    assert "у 30 организаций" in p.message


def test_validate_refuses_the_empty_year_new_year_makes(tmp_path, capsys, monkeypatch):
    data = demo_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["new-year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "Создана папка data/2026" in out
    assert "draft" in out and "удалите строку" in out  # how to un-draft it
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "data/2026/values.csv, строка 2, столбец «value»: в 2026 году у 32 организаций нет ни одного значения" in err
    assert "Данные в порядке" not in err
    assert json.loads((data / "2026" / "datapackage.json").read_text(encoding="utf-8"))["draft"] is True


def test_an_organization_with_no_value_is_refused_even_within_the_limit(tmp_path):
    y = five_orgs(20)
    y["values"] = [r for r in y["values"] if r["org_id"] != "sch-03"]  # no row at all for sch-03
    report = report_of(write(tmp_path, {2025: y}, unreported_limit=100))
    assert codes(report) == ["unfilled"]
    assert "sch-03" in report.problems[0].message


# --- 2. draft years -------------------------------------------------------------------------


def two_years(tmp_path: Path, draft: bool = True) -> Path:
    data = write(tmp_path, {2025: five_orgs(20), 2026: five_orgs(20)})
    if draft:
        set_descriptor(data, 2026, draft=True)
    return data


def test_a_draft_year_is_validated_like_any_other(tmp_path, capsys):
    data = two_years(tmp_path)
    with (data / "2026" / "values.csv").open("a", encoding="utf-8") as f:
        f.write("sch-01,i9,5,\n")
    report = report_of(data)
    assert codes(report) == ["unknown-indicator"]
    assert report.problems[0].file == "data/2026/values.csv"


def test_a_draft_year_is_diffed(tmp_path, capsys):
    base = two_years(tmp_path / "base")
    head = two_years(tmp_path / "head")
    rows = list(csv.reader((head / "2026" / "values.csv").open(encoding="utf-8")))
    rows[1][2] = "10"
    with (head / "2026" / "values.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    assert main(["diff", "--base-data", str(base), "--head-data", str(head), "--format", "json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert 2026 in [y["year"] for y in diff["years"]]


def test_a_draft_year_is_neither_on_the_site_nor_in_exports_and_the_home_page_says_it_is_coming(tmp_path, capsys):
    data = two_years(tmp_path)
    site, out = tmp_path / "site", tmp_path / "out"
    assert main(["validate", "--data", str(data)]) == 0
    assert "2026 (черновик, не публикуется)" in capsys.readouterr().out
    assert main(["export", "--data", str(data), "--out", str(out)]) == 0
    scores = (out / "scores.csv").read_text(encoding="utf-8")
    assert "2025" in scores and "2026" not in scores
    assert main(["build", "--data", str(data), "--site", str(site)]) == 0
    assert (site / "years" / "2025" / "index.html").is_file()
    assert not (site / "years" / "2026").exists()
    assert not [p for p in site.rglob("*") if "2026" in p.name]
    assert not (site / "downloads" / "data" / "2026").exists()
    mentions = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "2026" in p.read_text(encoding="utf-8")
        and p != site / "index.html"
        # the staff's error reference illustrates codes with example paths such as data/2026/values.csv
        and p != site / "errors" / "index.html"
    )
    assert mentions == []  # only the home page names the year in preparation
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Данные в подготовке" in home and "Данные за 2026 год собираются и проверяются" in home
    assert "2026" not in (site / "downloads" / "results" / "scores.csv").read_text(encoding="utf-8")


def test_without_a_draft_there_is_no_note_on_the_home_page(tmp_path):
    from generator.compute import compute
    from generator.render.site import render_site

    ds = checked_dataset(two_years(tmp_path, draft=False)).published()
    home = render_site(ds, compute(ds), {}, None, with_files=False).pages["index.md"]
    assert "в подготовке" not in home.lower()


def test_when_every_year_is_a_draft_nothing_is_built(tmp_path, capsys):
    data = write(tmp_path, {2025: five_orgs(20)})
    set_descriptor(data, 2025, draft=True)
    assert main(["build", "--data", str(data), "--site", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "все годы отмечены как черновики (2025)" in err
    assert not (tmp_path / "site").exists()


def test_draft_must_be_true_or_false(tmp_path):
    data = write(tmp_path, {2025: five_orgs(20)})
    set_descriptor(data, 2025, draft="да")
    report = report_of(data)
    assert codes(report) == ["package-field-invalid"] and report.problems[0].column == "draft"


# --- 3. standard Frictionless packages --------------------------------------------------------


@pytest.mark.parametrize("y", DEMO_YEARS)
def test_frictionless_validate_passes_on_every_demo_year(y):
    report = frictionless_validate(str(DEMO / y / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    d = json.loads((DEMO / y / "datapackage.json").read_text(encoding="utf-8"))
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert {r["name"]: r["schema"] for r in d["resources"]} == {
        r["name"]: f"schemas/{r['name']}.schema.json" for r in d["resources"]
    }


def test_schema_copies_of_the_demo_data_are_in_sync(capsys):
    for y in DEMO_YEARS:
        copies = sorted((DEMO / y / "schemas").glob("*.schema.json"))
        # A copy for each resource the year has (territories only where a year has them).
        assert {c.name for c in copies} >= {f"{r}.schema.json" for r in ("organizations", "directions", "values")}
        for copy in copies:
            assert copy.read_bytes() == (SCHEMAS / copy.name).read_bytes(), f"{y}/{copy.name}"
    assert main(["schemas", "--check", "--data", str(DEMO)]) == 0


def test_frictionless_finds_what_the_generator_finds_in_a_broken_year(tmp_path):
    data = demo_copy(tmp_path)
    path = data / "2025" / "values.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    head, cells = text[0], text[1].split(",")
    cells[2] = "много"
    path.write_text("\n".join([head, ",".join(cells), *text[2:]]) + "\n", encoding="utf-8")
    report = frictionless_validate(str(data / "2025" / "datapackage.json"))
    assert not report.valid
    assert [e["type"] for e in report.flatten(["type"]) for e in [{"type": e[0]}]] == ["type-error"]
    assert "not-a-number" in codes(report_of(data))


def test_schemas_command_writes_copies_references_and_profile_keeping_the_rest(tmp_path, capsys):
    data = write(tmp_path, {2025: five_orgs(20)})
    set_descriptor(data, 2025, keywords=["мониторинг"], department="ИМЦ")
    assert main(["schemas", "--check", "--data", str(data)]) == 1
    assert main(["schemas", "--data", str(data)]) == 0
    d = json.loads((data / "2025" / "datapackage.json").read_text(encoding="utf-8"))
    assert list(d)[0] == "$schema" and d["keywords"] == ["мониторинг"] and d["department"] == "ИМЦ"
    assert all(r["schema"] == f"schemas/{r['name']}.schema.json" for r in d["resources"])
    assert frictionless_validate(str(data / "2025" / "datapackage.json")).valid
    assert report_of(data).valid
    capsys.readouterr()
    assert main(["schemas", "--data", str(data)]) == 0
    assert "уже совпадают" in capsys.readouterr().out


def test_a_schema_copy_that_differs_from_the_generators_is_refused(tmp_path, capsys):
    data = demo_copy(tmp_path)
    copy = data / "2025" / "schemas" / "values.schema.json"
    schema = json.loads(copy.read_text(encoding="utf-8"))
    schema["fields"][2]["constraints"]["maximum"] = 10
    copy.write_text(json.dumps(schema), encoding="utf-8")
    report = report_of(data)
    assert codes(report) == ["schema-copy"]
    p = report.problems[0]
    assert (p.file, p.column) == ("data/2025/datapackage.json", "resources[4].schema")
    assert "отличается от схемы генератора" in p.message and "monitoring-site schemas" in p.fix
    copy.unlink()
    assert "не найдена" in report_of(data).problems[0].message
    assert main(["schemas", "--data", str(data)]) == 0
    assert report_of(data).valid


def test_standard_and_custom_package_properties_are_accepted(tmp_path):
    data = write(tmp_path, {2025: five_orgs(20)})
    set_descriptor(
        data,
        2025,
        keywords=["мониторинг", "образование"],
        homepage="https://example.org/monitoring",
        created="2025-09-01T10:00:00Z",
        contributors=[{"title": "ИМЦ", "roles": ["publisher"]}],
        licenses=[{"name": "CC-BY-4.0"}],
        sources=[{"title": "Отчёты организаций"}],
        description="Пакет данных",
        year=2025,
        department="Отдел мониторинга",
    )
    assert report_of(data).valid, report_of(data).text()
    ds = checked_dataset(data)
    assert ds.years[0].descriptor["department"] == "Отдел мониторинга"  # custom properties are kept


@pytest.mark.parametrize(
    "props, code, column",
    [
        ({"year": 2024}, "package-year-mismatch", "year"),
        ({"year": "2025"}, "package-field-invalid", "year"),
        ({"darft": True}, "package-field-typo", "darft"),
        ({"keywords": "мониторинг"}, "package-field-invalid", "keywords"),
        ({"created": "01.09.2025"}, "package-field-invalid", "created"),
        ({"homepage": "javascript:alert(1)"}, "package-field-invalid", "homepage"),
        ({"contributors": [{"role": "author"}]}, "package-field-invalid", "contributors"),
        ({"$schema": "https://specs.frictionlessdata.io/schemas/data-package.json"}, "package-profile", "$schema"),
    ],
)
def test_wrong_package_properties_are_refused_in_russian(tmp_path, props, code, column):
    data = write(tmp_path, {2025: five_orgs(20)})
    set_descriptor(data, 2025, **props)
    report = report_of(data)
    assert [(p.code, p.column) for p in report.problems] == [(code, column)], report.text()
    p = report.problems[0]
    assert p.file == "data/2025/datapackage.json" and p.fix
    if code == "package-year-mismatch":
        assert "поле year — 2024, а пакет лежит в папке 2025" in p.message
    if code == "package-field-typo":
        assert "похоже на опечатку в «draft»" in p.message


@pytest.mark.parametrize(
    "props, code, field",
    [
        ({"encoding": "windows-1251"}, "resource-unsupported", "encoding"),
        ({"format": "xlsx"}, "resource-unsupported", "format"),
        ({"mediatype": "application/vnd.ms-excel"}, "resource-unsupported", "mediatype"),
        ({"dialect": {"delimiter": ";"}}, "resource-unsupported", "dialect"),
        ({"schema": {"fields": [{"name": "org_id"}]}}, "resource-unsupported", "schema"),
        ({"schema": "../../elsewhere.json"}, "resource-unsupported", "schema"),
        ({"schema": "https://example.org/values.schema.json"}, "resource-unsupported", "schema"),
        ({"hash": "sha256:00"}, "resource-extra-fields", None),
    ],
)
def test_resource_properties_the_generator_does_not_honour_are_refused(tmp_path, props, code, field):
    data = write(tmp_path, {2025: five_orgs(20)})
    path = data / "2025" / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    values = next(i for i, r in enumerate(d["resources"]) if r["name"] == "values")
    d["resources"][values].update(props)
    if "schema" in props:
        d["$schema"] = "https://datapackage.org/profiles/2.0/datapackage.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    report = report_of(data)
    where = f"resources[{values + 1}]"
    assert [(p.code, p.column) for p in report.problems] == [(code, f"{where}.{field}" if field else where)], (
        report.text()
    )
    if code == "resource-unsupported":
        assert "ресурса «values»" in report.problems[0].message


def test_accepted_resource_properties_restating_what_the_generator_reads(tmp_path):
    data = write(tmp_path, {2025: five_orgs(20)})
    path = data / "2025" / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    for r in d["resources"]:
        r.update(format="csv", mediatype="text/csv", encoding="utf-8", type="table", dialect={"delimiter": ","})
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    assert report_of(data).valid, report_of(data).text()


def test_new_year_makes_a_standard_draft_package(tmp_path, capsys):
    data = demo_copy(tmp_path)
    assert main(["new-year", "2026", "--data", str(data)]) == 0
    d = json.loads((data / "2026" / "datapackage.json").read_text(encoding="utf-8"))
    assert d["draft"] is True and d["year"] == 2026 and d["name"] == "monitoring-2026"
    for res in d["resources"]:  # a copy of the generator's schema for each resource of the year
        assert (data / "2026" / res["schema"]).read_bytes() == (SCHEMAS / f"{res['name']}.schema.json").read_bytes()
    assert frictionless_validate(str(data / "2026" / "datapackage.json")).valid


def test_the_sites_download_of_a_year_is_a_package_frictionless_accepts(tmp_path):
    data = write(tmp_path, {2025: five_orgs(20)})
    assert main(["schemas", "--data", str(data)]) == 0
    site = tmp_path / "site"
    assert main(["build", "--data", str(data), "--site", str(site)]) == 0
    package = site / "downloads" / "data" / "2025" / "datapackage.json"
    assert (package.parent / "schemas" / "values.schema.json").is_file()
    report = frictionless_validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# --- 4. commands a staff member can type ------------------------------------------------------


@pytest.mark.parametrize("command", ["", "validate", "export", "build", "diff", "new-year", "schemas"])
def test_help_is_in_russian(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"] if command else ["--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("использование: monitoring-site")
    assert "параметры:" in text and "показать эту справку и выйти" in text
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in text
    if command in ("", "new-year"):
        assert "позиционные аргументы:" in text


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["new-year"], "monitoring-site new-year: ошибка: не указаны обязательные аргументы: ГОД"),
        (["valdate"], "аргумент команда: недопустимое значение «valdate» (допустимы: validate, export"),
        (["valdate"], "может быть, validate?"),
        (["diff", "main", "--format", "jsn"], "может быть, json?"),
        (["new-year", "две тысячи"], "недопустимое значение «две тысячи»: ожидается целое число"),
        (["export"], "не указаны обязательные аргументы: --out"),
        (["validate", "--verbose"], "неизвестные аргументы: --verbose"),
        ([], "не указаны обязательные аргументы: команда"),
    ],
)
def test_argparse_errors_are_in_russian(argv, expected, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert err.startswith("использование: ")
    assert "error:" not in err and "usage:" not in err


def test_paths_in_messages_are_as_the_data_folder_was_typed(tmp_path, capsys, monkeypatch):
    project = tmp_path / "project"
    data = write(project, {2025: five_orgs(20)})
    with (data / "2025" / "values.csv").open("a", encoding="utf-8") as f:
        f.write("sch-6,i1,5,\n")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["validate", "--data", "../project/data"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("../project/data/2025/values.csv, строка 22, столбец «org_id»")
    monkeypatch.chdir(project)
    assert main(["validate", "--data", "./data"]) == 1
    assert capsys.readouterr().err.startswith("data/2025/values.csv, строка 22")
    assert main(["validate", "--data", str(data)]) == 1
    assert capsys.readouterr().err.startswith(f"{data.as_posix()}/2025/values.csv, строка 22")
    assert main(["build", "--data", "data", "--site", "./out/../site"]) == 1
    assert capsys.readouterr().err.startswith("data/2025/values.csv, строка 22")


def test_new_year_and_export_name_folders_as_typed(tmp_path, capsys, monkeypatch):
    data = demo_copy(tmp_path)
    monkeypatch.chdir(data)
    assert main(["new-year", "2025", "--data", "."]) == 1
    assert "Год не создан: папка 2025 уже есть" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    assert main(["new-year", "2026", "--data", "./data/"]) == 0
    assert "Создана папка data/2026:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "resource, column, wrong, right",
    [
        ("values", "org_id", "sch-6", "sch-05"),
        ("values", "indicator_id", "i-1", "i1"),
        ("organizations", "kind", "generl", "general"),
        ("indicators", "direction_id", "d-1", "d1"),
        ("indicators", "kinds", "preschol", "preschool"),
    ],
)
def test_unknown_ids_get_a_suggestion(tmp_path, resource, column, wrong, right):
    data = write(tmp_path, {2025: five_orgs(20)})
    path = data / "2025" / f"{resource}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    header = list(rows[0])
    rows[-1][column] = wrong
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    report = report_of(data)
    hits = [p for p in report.problems if p.column == column and p.value == wrong]
    assert hits, report.text()
    assert f"Может быть, {right}?" in hits[0].message


def test_no_suggestion_when_nothing_is_close(tmp_path):
    data = write(tmp_path, {2025: five_orgs(20)})
    with (data / "2025" / "values.csv").open("a", encoding="utf-8") as f:
        f.write("kindergarten-77,i1,5,\n")
    (p,) = [p for p in report_of(data).problems if p.code == "unknown-organization"]
    assert "Может быть" not in p.message


def test_changes_to_a_draft_are_no_corrections_once_it_is_published(tmp_path):
    from test_git_history import git

    from generator.pipeline import run
    from generator.review.corrections import read_log

    repo = tmp_path / "r"
    data = write(repo, {2025: five_orgs(20)})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "2025")
    write(repo, {2025: five_orgs(20), 2026: five_orgs(20)})
    set_descriptor(data, 2026, draft=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "2026: черновик")

    def set_value(value: str, message: str) -> None:
        path = data / "2026" / "values.csv"
        rows = list(csv.reader(path.open(encoding="utf-8")))
        rows[1][2] = value
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        git(repo, "commit", "-q", "-am", message)

    set_value("10", "2026: значения sch-01")
    set_descriptor(data, 2026, draft=None)
    git(repo, "commit", "-q", "-am", "2026: публикация")
    assert read_log(data, run=run).entries == []
    set_value("20", "2026: исправлено значение sch-01")
    entries = read_log(data, run=run).entries
    assert [(e.message, [y.year for y in e.years]) for e in entries] == [("2026: исправлено значение sch-01", [2026])]


def test_the_home_note_names_the_years_in_preparation_in_words():
    from generator.render.pages.home import drafts_text

    assert drafts_text(()) == ""
    assert drafts_text((2026,)) == "Данные за 2026 год"
    assert drafts_text((2026, 2027)) == "Данные за 2026 и 2027 годы"
    assert drafts_text((2025, 2026, 2027)) == "Данные за 2025, 2026 и 2027 годы"
