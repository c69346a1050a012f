"""The demo site, built for real with MkDocs into a temporary folder."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import run
from generator.render import markup

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo():
    return run(ROOT / "data", ROOT)


DOCS_BEFORE: dict[str, str] = {}


@pytest.fixture(scope="module")
def built(tmp_path_factory, demo):
    site = tmp_path_factory.mktemp("build") / "site"
    DOCS_BEFORE.update(_digest(ROOT / "docs"))
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site", str(site)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return site


def text_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_page_exists(built, demo):
    ds, _ = demo
    assert (built / "index.html").is_file()
    for y in ds.years:
        assert (built / "years" / str(y.year) / "index.html").is_file()
    for y in ds.years:
        for org_id in y.organizations["id"]:
            assert (built / "organizations" / org_id / "index.html").is_file()
        for ind in y.indicators["id"]:
            assert (built / "indicators" / ind / "index.html").is_file()
        for d in y.directions["id"]:
            assert (built / "directions" / d / "index.html").is_file()
    for page in ("organizations", "indicators", "methodology", "data", "about"):
        assert (built / page / "index.html").is_file()


def test_home_shows_municipal_summary(built, demo):
    ds, results = demo
    latest = ds.latest.year
    m = results.municipal
    total = m[(m["year"] == latest) & (m["scope"] == "all") & (m["node_kind"] == "total")].iloc[0]
    home = text_of(built / "index.html")
    assert markup.score(total["score"]) in home
    assert f"Коротко о {latest} годе" in home
    assert "вымышлен" in home  # the demo notice


def test_demo_notice_and_data_version_on_every_page(built):
    pages = list(built.rglob("*.html"))
    assert built / "404.html" in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "demo-banner" in html, page
        assert '<p class="data-version"' in html, page


def test_year_page_shows_ranking(built, demo):
    ds, results = demo
    y = ds.latest.year
    s = results.scores
    top = s[(s["year"] == y) & (s["node_kind"] == "total") & (s["kind"] == "general")].sort_values("rank_min").iloc[0]
    page = text_of(built / "years" / str(y) / "index.html")
    name = ds.latest.organizations.set_index("id").loc[top["org_id"], "name"]
    assert name.replace("«", "«") in page.replace("&laquo;", "«")
    assert markup.score(top["score"]) in page


def test_organization_page_shows_its_figures(built, demo):
    ds, results = demo
    s = results.scores
    org = "ds-01"
    y = ds.latest.year
    row = s[(s["year"] == y) & (s["org_id"] == org) & (s["node_kind"] == "total")].iloc[0]
    page = text_of(built / "organizations" / org / "index.html")
    assert "Солнышко" in page
    assert markup.score(row["score"]) in page
    assert markup.rank(row["rank_min"], row["rank_max"]) in page


def test_tie_is_shown_as_range(built, demo):
    ds, results = demo
    s = results.scores
    ties = s[(s["node_kind"] == "total") & (s["rank_min"] != s["rank_max"])]
    assert not ties.empty, "the demo data has a tie"
    tie = ties.iloc[0]
    page = text_of(built / "years" / str(tie["year"]) / "index.html")
    assert f"{tie['rank_min']}–{tie['rank_max']}" in page


def test_downloads_are_offered(built):
    for name in ("scores.csv", "municipal.csv", "recommendations.csv", "datapackage.json", "results.xlsx"):
        assert (built / "downloads" / "results" / name).stat().st_size > 0
    assert (built / "downloads" / "data" / "2025" / "values.csv").is_file()


def test_no_external_requests_in_html(built):
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', html):
            raise AssertionError(f"{page}: {m.group(0)}")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_generated_markdown_is_not_left_in_the_repo(built):
    # The build writes pages into a staging copy of docs/, never into docs/ itself.
    assert _digest(ROOT / "docs") == DOCS_BEFORE
    assert not (ROOT / "docs" / "index.md").exists()


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_invalid_data_leaves_previous_site(tmp_path, built):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    site = tmp_path / "site"
    shutil.copytree(built, site)
    before = _digest(site)
    values = data / "2025" / "values.csv"
    values.write_text(
        values.read_text(encoding="utf-8").replace("\n", "\nsch-01,olympiad,12;5,\n", 1), encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--data", str(data), "--site", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "data/2025/values.csv, строка 2" in proc.stderr
    assert _digest(site) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_every_command_is_documented():
    from generator.cli import parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"`{name}" in readme, name
