"""Structure limits (issue 9): year folders, the depth and size of the tree of
directions, ids reserved for the site's own pages, names of numbered list
pages, and a year that was started with `new-year` but not filled in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
from factory import direction, indicator, org, write_data, year

from generator import structure
from generator.cli import main
from generator.compute import compute
from generator.load import load
from generator.pipeline import checked_dataset
from generator.problems import DataError, Report
from generator.problems.files import YEAR_FOLDER_CODES
from generator.render.pages import paging
from generator.render.site import render_site
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "def_list"]  # as in mkdocs.yml


def report_of(data: Path) -> Report:
    raw, problems = load(data, data.parent)
    report = Report(list(problems))
    if raw is not None:
        report.extend(validate(raw)[1].problems)
    return report


def of_code(report: Report, code: str) -> list:
    return [p for p in report.problems if p.code == code]


def small_year(dirs=None, inds=None, orgs=None) -> dict:
    inds = inds or [indicator("i1")]
    orgs = orgs or [org("s1"), org("s2")]
    return year(orgs, inds, {o["id"]: {i["id"]: 50 for i in inds} for o in orgs}, directions=dirs)


def chain(n: int) -> list[dict]:
    """A tree that is one chain of n directions: d0 > d1 > ... > d{n-1}."""
    return [direction(f"d{k}", f"d{k - 1}" if k else "") for k in range(n)]


# -- year folders -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["٢٠٢٣", "２０２３", "1999", "2150", "20231"])
def test_year_folder_not_in_ascii_digits_or_out_of_range_refused(tmp_path, name):
    data = write_data(tmp_path, {2023: small_year()})
    shutil.copytree(data / "2023", data / name)
    raw, problems = load(data, tmp_path)
    assert [p.year for p in raw.packages] == [2023]  # never read as a second 2023
    wrong = [p for p in problems if p.file == f"data/{name}"]
    assert len(wrong) == 1 and wrong[0].code in YEAR_FOLDER_CODES, [p.text() for p in problems]
    if name in ("٢٠٢٣", "２０２３"):
        assert "переименуйте папку в 2023" in wrong[0].fix and "data/2023 уже есть" in wrong[0].fix


def test_arabic_indic_year_folder_fails_validate_with_russian_message(tmp_path, capsys):
    data = write_data(tmp_path, {2023: small_year()})
    shutil.copytree(data / "2023", data / "٢٠٢٣")
    assert main(["validate", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "data/٢٠٢٣: папка названа цифрами не из набора 0–9" in err and "Traceback" not in err


# -- the tree of directions -------------------------------------------------------------


def test_directions_tree_250_deep_refused_at_first_row_beyond_the_limit(tmp_path):
    data = write_data(tmp_path, {2025: small_year(dirs=chain(250), inds=[indicator("i1", "d249")])})
    deep = of_code(report_of(data), "tree-depth")
    assert len(deep) == 1
    p = deep[0]
    # d8 is on level 9, the first beyond 8 levels; d0 is on row 2.
    assert (p.file, p.row, p.column, p.value) == ("data/2025/directions.csv", 10, "parent_id", "d7")
    assert "не больше 8 уровней" in p.message and "9-м уровне" in p.message


def test_directions_tree_of_the_maximum_depth_is_valid(tmp_path):
    data = write_data(tmp_path, {2025: small_year(dirs=chain(structure.MAX_DEPTH), inds=[indicator("i1", "d7")])})
    assert report_of(data).valid, report_of(data).text()


def test_depth_of_a_long_chain_is_computed_in_one_pass():
    n = 20_000
    parent = {f"d{k}": f"d{k - 1}" if k else "" for k in reversed(range(n))}
    steps = 0

    class Counting(dict):
        def __contains__(self, key):
            nonlocal steps
            steps += 1
            return dict.__contains__(self, key)

    depth = structure.depths(Counting(parent))
    assert depth["d0"] == 0 and depth[f"d{n - 1}"] == n - 1
    assert steps < 10 * n  # the old walk to the top from every node took n²/2


def test_directions_in_a_cycle_get_no_depth_problem(tmp_path):
    dirs = [direction("d1"), direction("a", "b"), direction("b", "a")]
    data = write_data(tmp_path, {2025: small_year(dirs=dirs)})
    report = report_of(data)
    assert of_code(report, "cycle") and not of_code(report, "tree-depth")


def test_more_directions_than_the_limit_refused_at_the_first_row_beyond(tmp_path):
    dirs = [direction("d0")] + [direction(f"d{k}", "d0") for k in range(1, structure.MAX_DIRECTIONS + 3)]
    data = write_data(tmp_path, {2025: small_year(dirs=dirs)})
    p = of_code(report_of(data), "too-many-directions")
    assert len(p) == 1
    row = structure.MAX_DIRECTIONS + 2  # header, then 500 rows
    assert (p[0].file, p[0].row, p[0].column, p[0].value) == ("data/2025/directions.csv", row, "id", "d500")
    assert "не больше 500" in p[0].message and "503" in p[0].message


def test_more_indicators_than_the_limit_refused(tmp_path):
    inds = [indicator(f"i{k}") for k in range(structure.MAX_INDICATORS + 1)]
    data = write_data(tmp_path, {2025: year([org("s1")], inds, {"s1": {"i0": 50}})})
    p = of_code(report_of(data), "too-many-indicators")
    assert [(x.file, x.row, x.column) for x in p] == [("data/2025/indicators.csv", structure.MAX_INDICATORS + 2, "id")]


def _catalog_html(data: Path) -> str:
    ds = checked_dataset(data, data.parent)
    pages = render_site(ds, compute(ds), with_files=False).pages
    body = pages["indicators/index.md"].split("---", 2)[2]
    return markdown.markdown(body, extensions=MKDOCS_EXTENSIONS)


def _nesting(html: str) -> int:
    depth = deepest = 0
    for tag in re.findall(r"</?ul\b", html):
        depth += -1 if tag.startswith("</") else 1
        deepest = max(deepest, depth)
    assert depth == 0, "unbalanced lists"
    return deepest


def test_catalog_renders_a_tree_far_deeper_than_the_limit_without_recursion(tmp_path, monkeypatch):
    """The catalog no longer relies on Python-Markdown's nested lists (one
    recursion per level: RecursionError at 250 levels)."""
    monkeypatch.setattr(structure, "MAX_DEPTH", 1000)
    data = write_data(tmp_path, {2025: small_year(dirs=chain(250), inds=[indicator("i1", "d249")])})
    html = _catalog_html(data)
    assert _nesting(html) >= 250
    assert html.count('href="../directions/') == 250 and 'href="i1/"' in html


def test_catalog_nests_children_under_their_own_parent_whatever_the_file_order(tmp_path):
    # A child written before its parent's sibling: file order is not tree order.
    dirs = [direction("a"), direction("b"), direction("a1", "a"), direction("b1", "b"), direction("a2", "a1")]
    inds = [indicator("ia", "a2"), indicator("ib", "b1")]
    data = write_data(tmp_path, {2025: small_year(dirs=dirs, inds=inds)})
    html = _catalog_html(data)
    assert _nesting(html) == 4  # the tree, a, a1, a2 (whose indicator list is the 4th)
    order = [m for m in re.findall(r'href="(?:\.\./directions/)?([a-z0-9-]+)/"', html)]
    assert order == ["a", "a1", "a2", "ia", "b", "b1", "ib"]
    a_item = html[html.index('directions/a/"') : html.index('directions/b/"')]
    assert "directions/a2/" in a_item and "directions/b1/" not in a_item


# -- reserved ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "resource,bad_id",
    [
        ("organizations", "index"),
        ("indicators", "index"),
        ("directions", "lists"),
        ("organizations", "404"),
        ("indicators", "assets"),
    ],
)
def test_id_of_a_generated_page_refused_with_row_and_fix(tmp_path, resource, bad_id):
    o = bad_id if resource == "organizations" else "s1"
    i = bad_id if resource == "indicators" else "i1"
    d = bad_id if resource == "directions" else "d1"
    tables = year([org(o), org("s2")], [indicator(i, d)], {o: {i: 50}, "s2": {i: 60}}, directions=[direction(d)])
    data = write_data(tmp_path, {2025: tables})
    found = of_code(report_of(data), "reserved-id")
    assert [(p.file, p.row, p.column, p.value) for p in found] == [(f"data/2025/{resource}.csv", 2, "id", bad_id)]
    assert "служебная страница" in found[0].message and f"«{bad_id}-1»" in found[0].fix


def test_organization_index_would_have_replaced_the_list_of_organizations(tmp_path):
    tables = year([org("index"), org("s2")], [indicator("i1")], {"index": {"i1": 1}, "s2": {"i1": 2}})
    data = write_data(tmp_path, {2025: tables})
    with pytest.raises(DataError) as err:
        checked_dataset(data, tmp_path)
    assert "data/2025/organizations.csv, строка 2, столбец «id»" in err.value.report.text()


# -- names of numbered list pages ------------------------------------------------------


def test_rankings_of_hyphenated_ids_get_pages_of_their_own(tmp_path, monkeypatch):
    """(indicator "a-b", kind "c") and (indicator "a", kind "b-c") were both
    lists/indicator-a-b-c-1.md: one ranking silently replaced the other."""
    monkeypatch.setattr(paging, "PAGE_ROWS", 4)
    monkeypatch.setattr(paging, "INLINE_ROWS", 2)
    c_orgs = [org(f"c{k}", "c") for k in range(6)]
    bc_orgs = [org(f"bc{k}", "b-c") for k in range(6)]
    inds = [indicator("a-b", kinds="c"), indicator("a", kinds="b-c")]
    values = {o["id"]: {"a-b": 10 + k} for k, o in enumerate(c_orgs)}
    values |= {o["id"]: {"a": 10 + k} for k, o in enumerate(bc_orgs)}
    kinds = {"c": "Тип c", "b-c": "Тип b-c"}
    data = write_data(tmp_path, {2025: year(c_orgs + bc_orgs, inds, values)}, kinds=kinds)
    ds = checked_dataset(data, tmp_path)
    pages = render_site(ds, compute(ds), with_files=False).pages
    for ind, prefix in (("a-b", "c"), ("a", "bc")):
        parent = f"indicators/{ind}.md"
        links = re.findall(r'href="(\.\./\.\./lists/[^"#]+)"', pages[parent])
        assert links, f"{parent} links to no numbered page"
        targets = {str(Path("indicators", ind, link).as_posix()) for link in links}
        listed = set()
        for t in targets:
            path = Path(t)
            parts = []
            for part in path.parts:  # resolve ".." without touching the disk
                if part == "..":
                    parts.pop()
                else:
                    parts.append(part)
            md = pages["/".join(parts).rstrip("/") + ".md"]
            listed |= set(re.findall(r"Организация ((?:bc|c)\d)", md))
        assert listed == {f"{prefix}{k}" for k in range(6)}, (ind, listed)


def test_list_page_names_keep_every_part_apart():
    from generator.render import urls as U

    assert U.listing("indicators", "a-b", "c", 1) != U.listing("indicators", "a", "b-c", 1)
    assert U.listing("years", 2025, "kinds", "level-changes", 1) != U.listing("years", 2025, "level-changes", 1)


# -- an unfilled year -------------------------------------------------------------------


def test_new_year_left_unfilled_fails_validate_with_the_count_and_ids(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    assert main(["validate", "--data", str(data)]) == 0  # the demo data is valid
    assert main(["new-year", "2026", "--data", str(data)]) == 0
    capsys.readouterr()
    assert main(["validate", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert (
        "data/2026/values.csv, строка 2, столбец «value»: в 2026 году у 32 организаций нет ни одного значения: "
        "sch-01, sch-02, sch-03, sch-04, gym-5, … — данные года не заполнены."
    ) in err
    assert "незаполненный год не публикуется" in err and "Найдено ошибок: 1." in err


def test_one_organization_without_any_value_refused_at_its_first_row(tmp_path):
    inds = [indicator("i1"), indicator("i2")]
    values = {"s1": {"i1": 5, "i2": None}, "s2": {"i1": None, "i2": None}}
    data = write_data(tmp_path, {2025: year([org("s1"), org("s2")], inds, values)})
    p = of_code(report_of(data), "unfilled")
    assert [(x.file, x.row, x.column) for x in p] == [("data/2025/values.csv", 4, "value")]
    assert "у 1 организации нет ни одного значения: s2 — их данные не заполнены" in p[0].message


def test_organization_with_one_value_is_not_unfilled(tmp_path):
    tables = year([org("s1")], [indicator("i1"), indicator("i2")], {"s1": {"i1": None, "i2": 0}})
    data = write_data(tmp_path, {2025: tables})
    assert report_of(data).valid, report_of(data).text()
