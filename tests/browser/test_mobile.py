"""Every page on a 375 px wide phone screen: it loads cleanly, nothing makes
it wider than the screen, wide tables scroll inside their own container,
charts still render; axe-core on the home, a year and an organization page."""

from __future__ import annotations

from urllib.parse import urlsplit

import checks
import pytest

pytestmark = pytest.mark.browser

WIDTH = 375
AXE_PAGES = {"/": "home", "/years/2025/": "year-2025", "/organizations/ds-01/": "organization-ds-01"}


@pytest.fixture(scope="module")
def phone(browser, origin, crawled, artifacts):
    """{page URL: {check name: [problems]}} for every crawled page at 375 px."""
    pages, _ = crawled
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 812}, is_mobile=True, has_touch=True, locale="ru-RU"
    )
    page = context.new_page()
    watch = checks.Watch(origin).attach(page)
    out = {}
    for url in pages:
        r = {"load": checks.load(page, url, watch)}
        for name, fn, args in (
            ("overflow", checks.check_overflow, (page, WIDTH)),
            ("tables", checks.check_table_scroll, (page,)),
            ("charts", checks.check_charts, (page,)),
        ):
            try:
                r[name] = fn(*args)
            except Exception as exc:  # noqa: BLE001
                r[name] = [f"{name} check crashed: {exc}"]
        path = urlsplit(url).path
        if path in AXE_PAGES:
            r["scrolling"] = page.evaluate(
                "[...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1).length"
            )
            r["axe"] = checks.run_axe(page)
            page.screenshot(path=str(artifacts / f"{AXE_PAGES[path]}-{WIDTH}.png"), full_page=True)
        r["load"] += watch.take()
        out[url] = r
    context.close()
    return out


def test_every_page_loads_cleanly_on_a_phone(phone):
    problems = checks.report(phone, "load")
    assert not problems, "\n".join(problems)


def test_nothing_overflows_a_375px_screen(phone):
    problems = checks.report(phone, "overflow")
    assert not problems, "\n".join(problems)


def test_wide_tables_scroll_inside_their_container(phone):
    problems = checks.report(phone, "tables")
    assert not problems, "\n".join(problems)
    # Not vacuous: on a phone the year's ranking tables are wider than the screen.
    assert next(r["scrolling"] for u, r in phone.items() if urlsplit(u).path == "/years/2025/") >= 3


def test_charts_render_on_a_phone(phone):
    problems = checks.report(phone, "charts")
    assert not problems, "\n".join(problems)


def test_no_serious_accessibility_violation_on_a_phone(phone):
    assert {urlsplit(u).path for u, r in phone.items() if "axe" in r} == set(AXE_PAGES)
    problems = checks.report(phone, "axe")
    assert not problems, "\n".join(problems)
