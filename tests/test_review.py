"""Reviewing data (issue #3): `diff` between two revisions, methodology
changes between years, the corrections log from git, `new-year`, the CI
templates and byte-identical builds.

Most tests share one temporary git repository: the demo data committed once,
then one value of a past year corrected in a second commit."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factory import direction, indicator, levels, org, write_data, year

from generator.pipeline import checked_dataset, run
from generator.problems import DataError
from generator.review import methodchange

ROOT = Path(__file__).resolve().parent.parent
FIRST_DATE = "2025-03-01T10:00:00+03:00"
FIX_DATE = "2025-04-15T12:00:00+03:00"
FIX_MESSAGE = "Исправлено значение СОШ № 3 по письму от 10.04.2025 <script>alert(1)</script> *важно*"
# The corrected value: sch-03, vsoko-cycle (points, max 6), 2023: 4 -> 1.
ORG, ORG_NAME, IND, FIX_YEAR = "sch-03", "МБОУ «Средняя общеобразовательная школа № 3»", "vsoko-cycle", 2023


def git(repo: Path, *args: str, date: str = FIRST_DATE) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "ИМЦ",
        "GIT_AUTHOR_EMAIL": "imc@example.org",
        "GIT_COMMITTER_NAME": "ИМЦ",
        "GIT_COMMITTER_EMAIL": "imc@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def generator(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True)


def set_value(values_csv: Path, org_id: str, indicator_id: str, value: str) -> None:
    text = values_csv.read_text(encoding="utf-8")
    new, n = re.subn(rf"^{org_id},{indicator_id},[^,\n]*,", f"{org_id},{indicator_id},{value},", text, flags=re.M)
    assert n == 1
    values_csv.write_text(new, encoding="utf-8")


def text_of(path: Path) -> str:
    """The page's text as a browser shows it: tags dropped, entities decoded."""
    page = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A data repository: the demo data, then a correction of 2023."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "data", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Данные 2022–2025")
    set_value(repo / "data" / str(FIX_YEAR) / "values.csv", ORG, IND, "1")
    git(repo, "commit", "-q", "-a", "-m", FIX_MESSAGE, date=FIX_DATE)
    return repo


@pytest.fixture(scope="module")
def built(repo, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site") / "site"
    proc = generator("build", "--data", str(repo / "data"), "--site", str(site))
    assert proc.returncode == 0, proc.stderr
    return site


# -- diff --------------------------------------------------------------------------------


def test_diff_names_the_changed_value_and_its_consequences(repo):
    proc = generator("diff", "HEAD~1", "HEAD", "--data", str(repo / "data"))
    assert proc.returncode == 0, proc.stderr
    md = proc.stdout
    summary = md.split("<details>")[0]
    assert "2023 год" in summary and "4 → 1" in summary
    assert "итоговый балл изменился у 1 организации" in summary
    assert "<details>" in md and "<summary>2023 год: подробности</summary>" in md
    assert "2022 год" not in md
    # 2024 compares itself with 2023: its dynamics move, its own figures do not (issue 14).
    assert "это меняет динамику 2024 года \\(сравнение с 2023 годом\\)" in summary
    assert (
        "- **2024 год:** из\\-за изменений 2023 года изменилась динамика к предыдущему году: итогового балла" in summary
    )

    proc = generator("diff", "HEAD~1", "HEAD", "--data", str(repo / "data"), "--format", "json")
    diff = json.loads(proc.stdout)
    y, later = diff["years"]
    assert y["year"] == FIX_YEAR and y["status"] == "changed" and y["affects"] == [FIX_YEAR + 1]
    assert later["year"] == FIX_YEAR + 1 and later["cause"] == FIX_YEAR
    assert not later["values"] and not later["nodes"] and ORG in {d["org_id"] for d in later["dynamics"]}
    moved = next(d for d in later["dynamics"] if d["org_id"] == ORG and d["node_kind"] == "total")
    fixed = next(n for n in y["nodes"] if n["node_kind"] == "total" and n["org_id"] == ORG)
    # 2024's change against 2023 moves by exactly what 2023's score moved, the other way.
    assert moved["new_delta"] - moved["old_delta"] == pytest.approx(fixed["old_score"] - fixed["new_score"], abs=0.011)
    assert [(v["org_id"], v["indicator_id"], v["old"], v["new"]) for v in y["values"]] == [(ORG, IND, 4, 1)]
    total = [n for n in y["nodes"] if n["node_kind"] == "total"]
    assert [n["org_id"] for n in total] == [ORG]
    assert (
        total[0]["delta"] == pytest.approx(total[0]["new_score"] - total[0]["old_score"], abs=0.011)
        and total[0]["delta"] < 0
    )
    kinds = {n["node_kind"] for n in y["nodes"]}
    assert kinds == {"total", "direction", "indicator"}
    ind = next(n for n in y["nodes"] if n["node_kind"] == "indicator" and n["org_id"] == ORG)
    assert (ind["old_score"], ind["new_score"]) == (pytest.approx(66.67), pytest.approx(16.67))
    assert y["municipal"], "the municipal summary moves too"


def test_diff_against_the_working_tree_and_with_folders(repo, tmp_path):
    proc = generator("diff", "HEAD", "--data", str(repo / "data"))
    assert proc.returncode == 0 and "Изменений нет." in proc.stdout

    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(repo / "data", base)
    shutil.copytree(repo / "data", head)
    set_value(head / "2025" / "values.csv", ORG, IND, "6")
    orgs = head / "2025" / "organizations.csv"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace(ORG_NAME, "Школа | <b>№ 3</b> *[x](http://e.org)*"), encoding="utf-8"
    )
    proc = generator("diff", "--base-data", str(base), "--head-data", str(head))
    assert proc.returncode == 0, proc.stderr
    md = proc.stdout
    assert "2025 год" in md and "переименована" in md
    assert "<b>" not in md and "&lt;b&gt;" in md  # data never becomes markup
    assert "\\|" in md and "\\*" in md and "\\[x\\]" in md


def test_diff_reports_invalid_data_like_validate(repo, tmp_path):
    head = tmp_path / "head"
    shutil.copytree(repo / "data", head)
    set_value(head / "2024" / "values.csv", ORG, IND, "много")
    proc = generator("diff", "--base-data", str(repo / "data"), "--head-data", str(head))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "не проходят проверку" in proc.stderr and "values.csv, строка" in proc.stderr
    proc = generator("diff", "no-such-branch", "--data", str(repo / "data"))
    assert proc.returncode == 1 and "не найдена" in proc.stderr and "Traceback" not in proc.stderr


# -- Corrections log and marks --------------------------------------------------------


def test_build_lists_the_correction_and_marks_the_pages(repo, built):
    sha = git(repo, "rev-parse", "HEAD").strip()
    anchor = f"c-{sha[:12]}"
    log = (built / "corrections" / "index.html").read_text(encoding="utf-8")
    assert f'id="{anchor}"' in log
    text = text_of(built / "corrections" / "index.html")
    assert "15.04.2025" in text and "данные 2023 года" in text
    assert "4 → 1" in text and ORG_NAME in text
    assert (
        "<script>alert" not in log and "<script>alert(1)</script> *важно*" in text
    )  # the message, escaped, read as written
    assert "политике исправлений" in text and (built / "corrections-policy" / "index.html").is_file()

    def marked(page: Path) -> bool:
        return "исправлено 15.04.2025" in text_of(page) and f'corrections/#{anchor}"' in page.read_text(
            encoding="utf-8"
        )

    assert marked(built / "years" / "2023" / "index.html")
    assert marked(built / "organizations" / ORG / "index.html")
    assert marked(built / "indicators" / IND / "index.html")
    # 2024's change against 2023 moved: its page shows the correction too, the log links it (issue 14).
    assert marked(built / "years" / "2024" / "index.html")
    assert not marked(built / "years" / "2025" / "index.html")
    assert re.search(r"Затронутые страницы: 2023 год ?, 2024 год \(динамика к 2023 году\)", text)
    assert "это меняет динамику 2024 года (сравнение с 2023 годом)" in text
    assert not marked(built / "organizations" / "ds-01" / "index.html")  # a kindergarten: nothing of it changed
    assert not marked(built / "indicators" / "olympiad" / "index.html")
    # The mark's link resolves to the log page.
    href = re.search(
        r'href="([^"]+)#' + anchor, (built / "years" / "2023" / "index.html").read_text(encoding="utf-8")
    ).group(1)
    assert (built / "years" / "2023" / href / "index.html").resolve() == (
        built / "corrections" / "index.html"
    ).resolve()


def test_footer_shows_the_data_date_in_words(repo, built):
    # The public reads the date of the data's last commit; the commit stays in the source, for staff.
    short = git(repo, "log", "-1", "--format=%H", "--", "data").strip()[:12]
    html = (built / "years" / "2023" / "index.html").read_text(encoding="utf-8")
    assert f'<p class="data-version" data-commit="{short}">Данные на 15\u00a0апреля 2025\u00a0г.</p>' in html
    assert "незафиксированными" not in html and "2025-04-15" not in html

    from generator.pipeline import data_version

    values = repo / "data" / "2025" / "values.csv"
    before = values.read_bytes()
    try:
        values.write_bytes(before + b"\n")
        label, stamp, commit = data_version(repo, repo / "data")
        assert label == "Данные на 15\u00a0апреля 2025\u00a0г. (с незафиксированными изменениями)"
        assert commit == short
    finally:
        values.write_bytes(before)
    assert data_version(repo, repo / "data")[1] == 1744707600  # 2025-04-15 12:00 +03:00


def test_log_without_history(repo, tmp_path):
    from generator.review.corrections import read_log

    plain = tmp_path / "plain"
    shutil.copytree(repo / "data", plain / "data")
    log = read_log(plain / "data", run=run)
    assert not log.available and "git" in log.reason

    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True, capture_output=True
    )
    log = read_log(shallow / "data", run=run)
    assert not log.available and "неполной" in log.reason


def test_log_counts_only_changes_to_published_years_and_computes_each_version_once(tmp_path, monkeypatch):
    from generator.review import corrections, versions

    repo = tmp_path / "r"
    data = write_data(repo, {2024: _small(2024, 50), 2025: _small(2025, 60)})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "2024–2025")
    write_data(repo, {2026: _small(2026, 70)})  # a new year: not a correction
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "2026")
    values = data / "2025" / "values.csv"
    values.write_text(values.read_text(encoding="utf-8").replace("s1,a,60", "s1,a,61"), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "fix 2025")
    (data / "2024" / "values.csv").write_text(
        (data / "2024" / "values.csv").read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8"
    )
    git(repo, "commit", "-q", "-a", "-m", "re-saved with CRLF, same data")
    values.write_text(values.read_text(encoding="utf-8").replace("s1,a,61", "s1,a,62"), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "fix 2025 again")

    calls = []
    real = versions.snapshot
    monkeypatch.setattr(versions, "snapshot", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    log = corrections.read_log(data, run=run)
    assert log.available
    assert [c.message for c in log.entries] == ["fix 2025 again", "fix 2025"]
    assert [[y.year for y in c.years] for c in log.entries] == [[2025], [2025]]
    assert "61,00\u00a0% → 62,00\u00a0%" in log.entries[0].years[0].sentence
    # Each correction of 2025 moves 2026's change against 2025 (70 − 61, then 70 − 62).
    assert [c.years[0].later for c in log.entries] == [[2026], [2026]]
    assert "это меняет динамику 2026 года" in log.entries[0].years[0].sentence
    # 2025 in three versions (60, 61, 62) and 2024 in two (LF, CRLF): five computations, not eight.
    assert len(calls) == 5


def _small(y: int, a_value: float) -> dict:
    return year(
        orgs=[org("s1"), org("s2")],
        indicators=[indicator("a")],
        values={"s1": {"a": a_value}, "s2": {"a": 40}},
    )


# -- Methodology changes --------------------------------------------------------------


def test_methodology_change_is_flagged_on_the_site(built):
    # The demo data swaps an indicator and raises the thresholds between 2023 and 2024.
    note = "Методика изменилась между 2023 и 2024 годами"
    y2024 = text_of(built / "years" / "2024" / "index.html")
    assert "Что изменилось по сравнению с 2023 годом" in y2024
    assert y2024.count(note) >= 2  # next to the dynamics and in the section
    assert "сравнение баллов отражает и это изменение" in y2024
    assert "Высокий уровень: от 80 в 2023 году → от 85 в 2024 году" in y2024
    y2023 = text_of(built / "years" / "2023" / "index.html")
    assert "Что изменилось по сравнению с 2022 годом" in y2023 and "Методика изменилась" not in y2023
    assert "Что изменилось" not in text_of(built / "years" / "2022" / "index.html")
    assert note in text_of(built / "organizations" / "sch-01" / "index.html")  # history across the change
    assert note in text_of(built / "directions" / "sys-vospit" / "index.html")  # the swap is inside it
    assert "Методика изменилась" not in text_of(built / "indicators" / "olympiad" / "index.html")  # not redefined
    assert "Методика изменилась" not in text_of(built / "index.html")  # 2024 -> 2025: no change


def test_methodchange_rules(tmp_path):
    a = year(
        orgs=[org("s1"), org("k1", kind="preschool")],
        directions=[direction("d1"), direction("d2", parent_id="d1"), direction("d3")],
        indicators=[
            indicator("x", "d2", kinds="general"),
            indicator("y", "d3", unit="points", max_points=4),
            indicator("z", "d3"),
        ],
        values={"s1": {"x": 1, "y": 2, "z": 3}, "k1": {"y": 1, "z": 2}},
    )
    b = year(
        orgs=[org("s1"), org("k1", kind="preschool")],
        directions=[direction("d1"), direction("d2", parent_id="d1", weight=2), direction("d3")],
        indicators=[
            indicator("x", "d2", kinds="general", weight=3),
            indicator("y", "d3", unit="points", max_points=5),
            indicator("z", "d3", name="Новое имя"),
        ],
        values={"s1": {"x": 1, "y": 2, "z": 3}, "k1": {"y": 1, "z": 2}},
        levels=levels(high=85, medium=50, low=0),
    )
    ds = checked_dataset(write_data(tmp_path, {2024: a, 2025: b}))
    mc = methodchange.between(ds.year(2024), ds.year(2025))
    assert [(c.what, c.node_id) for c in mc.changes] == [
        ("indicator-redefined", "x"),
        ("indicator-redefined", "y"),
        ("direction-weight", "d2"),
        ("thresholds", ""),
    ]
    assert (
        mc.changes[1].fields == ("max_points",) and "4 → 5" in mc.changes[1].text
    )  # a new name is not a methodology change
    # Who is affected: x only concerns general schools; d2's weight moves d1, not d2 itself.
    assert {c.node_id for c in mc.affecting("total", kind="preschool")} == {"y", ""}
    assert {c.node_id for c in mc.affecting("direction", "d2")} == {"x", ""}
    assert {c.node_id for c in mc.affecting("direction", "d1")} == {"x", "d2", ""}
    assert [c.node_id for c in mc.affecting("indicator", "y")] == ["y"]
    assert mc.affecting("indicator", "z") == []
    only_levels = methodchange.MethodChanges(2024, 2025, [c for c in mc.changes if c.what == "thresholds"])
    assert only_levels.sentence().endswith("сравнение уровней отражает и это изменение.")
    assert methodchange.between(ds.year(2024), ds.year(2024)).changes == []


def test_latest_change_is_flagged_on_home_organization_and_indicator_pages(tmp_path):
    from generator.render.site import render_site

    inds = lambda top: [indicator("a"), indicator("p", unit="points", max_points=top)]
    values = {"s1": {"a": 50, "p": 2}, "s2": {"a": 40, "p": 3}, "k1": {"a": 10, "p": 1}}
    orgs = [org("s1"), org("s2"), org("k1", kind="preschool")]
    ds, results = run(
        write_data(
            tmp_path,
            {
                2024: year(orgs, inds(4), values),
                2025: year(orgs, inds(5), values, levels=levels(high=90, medium=50, low=0)),
            },
        )
    )
    pages = render_site(ds, results).pages
    note = "Методика изменилась между 2024 и 2025 годами"
    assert note in pages["index.md"]  # «Наибольшие изменения»
    org_page = pages["organizations/s1.md"]
    assert org_page.count(note) == 2  # the latest dynamics and the history
    assert note in pages["indicators/p.md"] and "значений и баллов" in pages["indicators/p.md"]
    assert "Методика изменилась" not in pages["indicators/a.md"]
    assert note in pages["directions/d1.md"]
    assert "Что изменилось по сравнению с 2024 годом" in pages["years/2025.md"]
    assert "История изменений недоступна" in pages["corrections.md"]


# -- new-year ------------------------------------------------------------------------------


def test_new_year_starts_from_the_previous_year(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    proc = generator("new-year", "2026", "--data", str(data))
    assert proc.returncode == 0, proc.stderr
    new = data / "2026"
    for name in ("organizations", "directions", "indicators", "levels", "recommendations"):
        assert (new / f"{name}.csv").read_bytes() == (data / "2025" / f"{name}.csv").read_bytes()
    descriptor = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    assert (
        descriptor["name"] == "monitoring-2026" and "2026" in descriptor["title"] and "2025" not in descriptor["title"]
    )
    # An unfilled year is never published: validation names it until values are entered.
    with pytest.raises(DataError) as refused:
        checked_dataset(data)
    assert "в 2026 году у 32 организаций нет ни одного значения" in refused.value.report.text()
    prev = checked_dataset(ROOT / "data").year(2025)
    # An indicator applies to an organization of one of its kinds and, when it names groups, of one of them.
    orgs, inds = prev.organizations, prev.indicators
    applicable = [
        (o, i)
        for o, k, og in zip(orgs["id"], orgs["kind"], orgs["groups"])
        for i, ks, ig in zip(inds["id"], inds["kinds"], inds["groups"])
        if (not ks or k in ks) and (not ig or set(ig) & set(og))
    ]
    assert len({i for _, i in applicable}) == len(inds) and len(applicable) < len(orgs) * len(inds)
    with (new / "values.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["org_id"], r["indicator_id"]) for r in rows] == applicable
    assert all(r["value"] == "" for r in rows)

    before = (new / "values.csv").read_bytes()
    proc = generator("new-year", "2026", "--data", str(data))
    assert proc.returncode == 1 and "уже есть" in proc.stderr and "Traceback" not in proc.stderr
    assert (new / "values.csv").read_bytes() == before
    assert not [p for p in data.iterdir() if p.name.startswith(".")]


# -- CI templates: moved to tests/test_ci_templates.py (issue 9) ----------------------------


# -- Determinism -------------------------------------------------------------------------------


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_commit_builds_byte_identical_site_and_exports(repo, built, tmp_path):
    again = tmp_path / "site"
    proc = generator("build", "--data", str(repo / "data"), "--site", str(again))
    assert proc.returncode == 0, proc.stderr
    first, second = _digest(built), _digest(again)
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []
    assert "sitemap.xml.gz" in first and "downloads/results/results.xlsx" in first

    outs = [tmp_path / "e1", tmp_path / "e2"]
    for out in outs:
        assert generator("export", "--data", str(repo / "data"), "--out", str(out)).returncode == 0
    assert _digest(outs[0]) == _digest(outs[1])
