"""Every page of the demo site at desktop width (1280 px): crawl and links,
clean load, no other host, charts and their tables, axe-core, headings,
level badges, the demo notice. Each page is opened once; every check runs
on it and the tests below report, per check, every page that fails."""

from __future__ import annotations

from urllib.parse import urlsplit

import checks
import pytest

pytestmark = pytest.mark.browser

WIDTH = 1280
FOREIGN = "request to another host"


def _run(results: dict, name: str, fn, *args) -> None:
    try:
        results[name] = fn(*args)
    except Exception as exc:  # noqa: BLE001 - a crashing check is a failing check
        results[name] = [f"{name} check crashed: {exc}"]


@pytest.fixture(scope="module")
def desktop(browser, origin, crawled, artifacts):
    """{page URL: {check name: [problems]}} for every crawled page."""
    pages, _ = crawled
    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="ru-RU")
    page = context.new_page()
    watch = checks.Watch(origin).attach(page)
    out = {}
    screenshots = {"/": "home", "/years/2025/": "year-2025", "/organizations/ds-01/": "organization-ds-01"}
    for url in pages:
        r = {}
        loaded = checks.load(page, url, watch)
        r["load"] = [p for p in loaded if not p.startswith(FOREIGN)]
        r["foreign"] = [p for p in loaded if p.startswith(FOREIGN)]
        r["n_charts"] = page.locator("div.vega-chart").count()
        _run(r, "charts", checks.check_charts, page)
        _run(r, "chart_alt", checks.check_chart_alt, page)
        _run(r, "headings", checks.check_headings, page)
        _run(r, "levels", checks.check_levels, page)
        _run(r, "demo_notice", checks.check_demo_notice, page)
        _run(r, "axe", checks.run_axe, page)
        late = watch.take()  # anything logged while the checks ran
        r["load"] += [p for p in late if not p.startswith(FOREIGN)]
        r["foreign"] += [p for p in late if p.startswith(FOREIGN)]
        path = urlsplit(url).path
        if path in screenshots:
            page.screenshot(path=str(artifacts / f"{screenshots[path]}-{WIDTH}.png"), full_page=True)
        out[url] = r
    context.close()
    return out


def test_crawl_reaches_every_page(crawled, site_dir, origin):
    pages, _ = crawled
    paths = {urlsplit(u).path for u in pages}
    files = {"/" + p.relative_to(site_dir).as_posix().removesuffix("index.html") for p in site_dir.rglob("*.html")}
    assert files <= paths
    for must in (
        "/",
        "/404.html",
        "/organizations/",
        "/organizations/ds-01/",
        "/years/2025/",
        "/indicators/olympiad/",
        "/methodology/",
        "/data/",
        "/corrections/",
    ):
        assert must in paths
    # Everything the crawl reached from / is a built page: no orphan file, no page outside the build.
    assert paths == files


def test_no_broken_link_or_missing_asset(crawled):
    _, problems = crawled
    assert not problems, "\n".join(problems)


def test_every_page_loads_cleanly(desktop):
    problems = checks.report(desktop, "load")
    assert not problems, "\n".join(problems)


def test_no_request_to_another_host(desktop):
    problems = checks.report(desktop, "foreign")
    assert not problems, "\n".join(problems)


def test_every_chart_renders_with_its_data_table(desktop):
    problems = checks.report(desktop, "charts")
    assert not problems, "\n".join(problems)
    # Not vacuous: the pages that have charts have them.
    counts = {urlsplit(url).path: r["n_charts"] for url, r in desktop.items()}
    assert counts["/"] >= 1
    for path, n in counts.items():
        if path.startswith("/years/"):
            assert n >= 2, path
        if path.startswith(("/organizations/", "/indicators/", "/directions/")) and path.count("/") == 3:
            assert n >= 1, path


def test_charts_have_text_alternatives(desktop):
    problems = checks.report(desktop, "chart_alt")
    assert not problems, "\n".join(problems)


def test_no_serious_accessibility_violation(desktop):
    problems = checks.report(desktop, "axe")
    assert not problems, "\n".join(problems)


def test_headings_in_order(desktop):
    problems = checks.report(desktop, "headings")
    assert not problems, "\n".join(problems)


def test_levels_are_written_in_words(desktop):
    problems = checks.report(desktop, "levels")
    assert not problems, "\n".join(problems)


def test_demo_notice_shown_on_every_page(desktop):
    problems = checks.report(desktop, "demo_notice")
    assert not problems, "\n".join(problems)
