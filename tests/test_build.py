"""The demo site, built for real with MkDocs into a temporary folder."""

from __future__ import annotations

import hashlib
import html
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


# --- issue 13: what a visitor meets -------------------------------------------------


def visible_text(path: Path) -> str:
    page = re.sub(r"<script.*?</script>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_words_defects_are_gone_from_every_page(built):
    for page in built.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        text = visible_text(page)
        assert "Permanent link" not in raw, page  # Material's default tooltip, in English
        assert "Что изменилось к " not in text and "Стабильно, без изменений" not in text, page
        assert "не число: не число" not in text and "Версия данных:" not in text, page
        # The page's text (the header repeats the title on one line, cut with «…»):
        content = html.unescape(re.sub(r"<[^>]+>", "", raw.split("<article", 1)[-1].split("</article>")[0]))
        assert not re.search(r"№ ", content), page  # «№» never ends a line: a no-break space after it
        assert not re.search(r"\d %", content), page  # a no-break space before «%»
        assert not re.search(r"\b1\s+организаций|\b21\s+организаций", text), page
        assert not re.search(r"\d,\d\u00a0%", text), page  # «87,5 %»: hundredths beside every score
        assert not re.search(r'[">]\d{4}-\d{2}-\d{2}<', raw) or "corrections" in str(page), page


def test_percent_changes_in_percentage_points(built):
    year = visible_text(built / "years" / "2025" / "index.html")
    changes = re.findall(r"%\s\(([^)]*)\)", year)
    assert changes and all(c.endswith("п.\u00a0п.") for c in changes), changes[:5]
    assert "«Стабильно» — значение изменилось не больше чем на 0,50" in year


def test_one_organization_is_named_in_the_singular(built):
    text = visible_text(built / "organizations" / "sch-03" / "index.html")
    assert "Тип: общеобразовательная организация" in text
    assert "Тип: Общеобразовательные организации" not in text


def test_404_page_speaks_in_one_mood(built):
    text = visible_text(built / "404.html")
    assert "Перейдите на главную страницу или найдите" in text and "Перейти" not in text


def test_footer_gives_date_operator_contacts_and_repository(built):
    ds = run(ROOT / "data", ROOT)[0]
    s = ds.settings
    for page in (built / "index.html", built / "404.html", built / "organizations" / "sch-03" / "index.html"):
        raw = page.read_text(encoding="utf-8")
        footer = raw[raw.index('<div class="footer-info">') :].split("</footer>")[0]
        assert re.search(r"Данные на \d{1,2}\u00a0[а-я]+ \d{4}\u00a0г\.", footer), page
        assert html.escape(s.operator, quote=False) in html.unescape(footer) or s.operator in html.unescape(footer)
        assert f'href="mailto:{s.contacts["email"]}"' in footer and 'href="tel:+70000000000"' in footer
        assert f'href="{s.repository}"' in footer


def test_every_page_has_its_own_description(built):
    seen: dict[str, Path] = {}
    for page in built.rglob("*.html"):
        if page.name == "404.html":
            continue
        m = re.search(r'<meta name="description" content="([^"]*)"', page.read_text(encoding="utf-8"))
        assert m and m.group(1), page
        assert m.group(1) not in seen, (page, seen.get(m.group(1)))
        seen[m.group(1)] = page
    org = html.unescape(
        re.search(
            r'name="description" content="([^"]*)"',
            (built / "organizations" / "sch-03" / "index.html").read_text(encoding="utf-8"),
        ).group(1)
    )
    assert "школа №\u00a03" in org and "итоговый балл" in org


def test_benchmarks_are_not_published_and_glossary_is(built):
    assert not (built / "benchmarks").exists()
    for page in built.rglob("*.html"):
        assert "benchmarks/" not in page.read_text(encoding="utf-8"), page
    glossary = visible_text(built / "glossary" / "index.html")
    assert "Словарь сокращений" in glossary and "ВСОКО" in glossary and "ограниченные возможности здоровья" in glossary
    year = (built / "years" / "2025" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="внутренняя система оценки качества образования">ВСОКО</abbr>' in year
    about = visible_text(built / "about" / "index.html")
    assert "▲ улучшение" in about and "↑" not in about and "взвешенное среднее" in about


def test_downloads_open_in_a_spreadsheet(built):
    for name in ("scores.csv", "municipal.csv", "recommendations.csv"):
        assert (built / "downloads" / "results" / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    assert (built / "downloads" / "data" / "2025" / "values.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    header = (built / "downloads" / "results" / "scores.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("year,org_id,org_name,kind,kind_label")
    data = visible_text(built / "data" / "index.html")
    assert "Столбцы scores.csv" in data and "org_name" in data and "Организация" in data


def test_municipal_recommendations_are_grouped_by_direction(built, demo):
    """The year page, like an organization's: one heading a direction with its
    level, its recommendations without repeating either, the rest folded."""
    page = (built / "years" / "2025" / "index.html").read_text(encoding="utf-8")
    part = page.split("<article", 1)[-1].split("Рекомендации муниципалитету", 1)[-1].split("</article>")[0]
    part, bodies = part.split("Рекомендации органам", 1) if "Рекомендации органам" in part else (part, "")
    assert "(уровень:" not in bodies  # the bodies' recommendations are grouped the same way
    text = visible_text_of(part)
    recs = demo[1].recommendations
    town = recs[(recs["year"] == 2025) & (recs["org_id"] == "")]
    if "body_id" in town:
        town = town[town["body_id"] == ""]
    directions = list(dict.fromkeys(town["direction_id"]))
    assert len(directions) >= 3
    assert part.count('<section class="rec-group">') == len(directions)
    assert "(уровень:" not in part
    folded = 0
    for did in directions:
        texts = town[town["direction_id"] == did]["text"].tolist()
        for t in texts:  # each text once, under its direction
            assert text.count(visible_text_of(html.escape(t))) == 1, t
        if len(texts) > 2:
            folded += 1
            assert f"Ещё {len(texts) - 2} рекоменда" in text, did
    assert folded and part.count('<details class="rec-more">') == folded


def visible_text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()
