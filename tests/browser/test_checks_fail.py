"""Each check can fail: a copy of the built site with deliberately broken
pages, served like the real one, and the same checker functions that pass on
the real site must report every fault put in."""

from __future__ import annotations

import re
import shutil

import checks
import pytest
from conftest import serve

pytestmark = pytest.mark.browser

ORG = "organizations/ds-01/index.html"
YEAR = "years/2025/index.html"
ORGS = "organizations/index.html"


def _write(site, name: str, source: str, edit) -> None:
    """broken/<name>/index.html: a page of the same depth as the source, so
    its relative links still work, changed by edit(html) -> html."""
    html = (site / source).read_text(encoding="utf-8")
    changed = edit(html)
    assert changed != html, f"the {name} fault was not injected"
    out = site / "broken" / name / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(changed, encoding="utf-8")


def _after_h1(html: str, extra: str) -> str:
    return re.sub(r"(</h1>)", r"\1" + extra.replace("\\", "\\\\"), html, count=1)


@pytest.fixture(scope="module")
def broken(site_dir, tmp_path_factory):
    """(origin, site folder) of the broken copy."""
    site = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(site_dir, site)
    _write(
        site,
        "chart-spec",
        ORG,
        lambda h: re.sub(
            r'data-spec="[^"]*"',
            'data-spec="{&quot;mark&quot;:&quot;no-such-mark&quot;,&quot;data&quot;:{&quot;values&quot;:[]}}"',
            h,
            count=1,
        ),
    )
    _write(
        site,
        "chart-table",
        ORG,
        lambda h: re.sub(r'<details class="chart-data".*?</details>', "", h, count=1, flags=re.S),
    )
    _write(
        site, "chart-ref", YEAR, lambda h: h.replace('data-table="ranking-general"', 'data-table="ranking-nowhere"', 1)
    )
    _write(site, "external", ORG, lambda h: _after_h1(h, '<p><img src="https://example.com/x.png" alt="Пример"></p>'))
    _write(
        site,
        "link",
        ORG,
        lambda h: _after_h1(
            h,
            '<p><a href="../../no-such-page/">нет такой страницы</a> <a '
            'href="../../organizations/ds-01/#no-such-anchor">нет якоря</a></p><script '
            'src="../../assets/javascripts/missing.js"></script>',
        ),
    )
    _write(
        site,
        "a11y",
        ORG,
        lambda h: _after_h1(
            re.sub(r'data-alt="[^"]*" role="img" aria-label="[^"]*"', 'data-alt=""', h, count=1),
            '<h4>Пропущены h2 и h3</h4><p><img src="../../assets/images/favicon.png"> <span class="level '
            'level--high"></span></p><script>console.error("boom")</script>',
        ),
    )
    _write(
        site,
        "layout",
        ORG,
        lambda h: _after_h1(
            h,
            "<style>@media print { .md-header { display: block !important; } } .table-wrap.plain { overflow: "
            "visible; }</style>"
            '<div style="width: 1200px">слишком широкий блок</div>'
            '<div class="table-wrap plain"><table><thead><tr><th>Слишком широкая таблица</th></tr></thead>'
            '<tbody><tr><td style="min-width: 1500px !important">ячейка</td></tr></tbody></table></div>',
        ),
    )
    _write(site, "no-notice", ORG, lambda h: re.sub(r'<div class="demo-banner".*?</div>', "", h, count=1, flags=re.S))
    # The filter page sits one level deep, like /organizations/.
    html = (site / ORGS).read_text(encoding="utf-8")
    (site / "broken-filter").mkdir()
    (site / "broken-filter" / "index.html").write_text(
        re.sub(r'<script src="[^"]*filter\.js"[^>]*></script>', "", html), encoding="utf-8"
    )
    origin, server = serve(site)
    yield origin, site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(browser, broken):
    origin, _ = broken
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = checks.Watch(origin).attach(page)
    yield page
    context.close()


def _load(page, broken, name: str) -> list[str]:
    origin, _ = broken
    return checks.load(page, f"{origin}/broken/{name}/", page.watch)


def _has(problems: list[str], *words: str) -> bool:
    return any(all(w in p for w in words) for p in problems)


def test_invalid_chart_spec_is_reported(page, broken):
    loaded = _load(page, broken, "chart-spec")
    assert _has(checks.check_charts(page), "chart 1", "not rendered")
    assert _has(loaded, "console error", "chart not drawn")


def test_chart_without_data_table_is_reported(page, broken):
    _load(page, broken, "chart-table")
    problems = checks.check_charts(page)
    assert _has(problems, "chart 1", "no data table")
    assert not _has(problems, "chart 2")
    _load(page, broken, "chart-ref")
    assert _has(checks.check_charts(page), "#ranking-nowhere", "not on the page")


def test_request_to_another_host_is_reported(page, broken):
    assert _has(_load(page, broken, "external"), "request to another host", "https://example.com/x.png")


def test_broken_link_and_missing_asset_are_reported(page, broken):
    origin, site = broken
    loaded = _load(page, broken, "link")
    assert _has(loaded, "HTTP 404", "missing.js")
    url = f"{origin}/broken/link/"
    problems = checks.check_links(
        url, (site / "broken/link/index.html").read_text(encoding="utf-8"), origin, checks.Fetcher()
    )
    assert _has(problems, "no-such-page", "404")
    assert _has(problems, "missing.js", "404")
    assert _has(problems, "no-such-anchor", "no element with id")


def test_crawl_reports_broken_links_and_finds_unlinked_pages(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "orphan").mkdir()
    (site / "index.html").write_text(
        '<a href="a/">a</a> <a href="missing/">missing</a> <img src="gone.png" alt="">', encoding="utf-8"
    )
    (site / "a" / "index.html").write_text('<a href="../#top">home</a> <a href="../a/">a</a>', encoding="utf-8")
    (site / "orphan" / "index.html").write_text('<a href="../missing-too/">missing</a>', encoding="utf-8")
    origin, server = serve(site)
    try:
        pages, problems = checks.crawl(origin, site, checks.Fetcher())
    finally:
        server.shutdown()
        server.server_close()
    assert pages == [f"{origin}/", f"{origin}/a/", f"{origin}/orphan/"]
    assert (
        _has(problems, "missing/", "404")
        and _has(problems, "gone.png", "404")
        and _has(problems, "missing-too/", "404")
    )
    assert _has(problems, "../#top", "no element with id 'top'")


def test_accessibility_faults_are_reported(page, broken):
    loaded = _load(page, broken, "a11y")
    assert _has(loaded, "console error", "boom")
    assert _has(checks.run_axe(page), "critical", "image-alt")
    assert _has(checks.check_headings(page), "h1 then h4")
    assert _has(checks.check_levels(page), "level badge without text")
    assert _has(checks.check_chart_alt(page), "chart 1", "Vega visualization")


def test_layout_faults_are_reported(browser, broken):
    origin, _ = broken
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        checks.load(phone, f"{origin}/broken/layout/", checks.Watch(origin).attach(phone))
        assert _has(checks.check_overflow(phone, 375), "at a 375 px screen")
        assert _has(checks.check_table_scroll(phone), "Слишком широкая таблица")
        problems = checks.check_print(phone)
        assert _has(problems, "printed page shows the header")
        assert _has(problems, "wider than the A4 printable width", "table")
    finally:
        context.close()


def test_missing_demo_notice_is_reported(page, broken):
    _load(page, broken, "no-notice")
    assert _has(checks.check_demo_notice(page), "no demo data notice")


def test_filter_that_does_nothing_is_reported(page, broken):
    origin, _ = broken
    checks.load(page, f"{origin}/broken-filter/", page.watch)
    assert _has(checks.check_filter(page, "солн"), "non-matching rows visible")


def test_search_that_finds_nothing_is_reported(page, broken):
    origin, _ = broken
    checks.load(page, f"{origin}/", page.watch)
    assert _has(
        checks.check_search(page, "несуществующееслово", "Солнышко", "/organizations/ds-01/"),
        "does not list",
        "nothing",
    )
