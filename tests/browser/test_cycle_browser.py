"""The management cycle's pages in a browser (issue 12): the effect chart of
the measures page and the goals' charts draw lazily with no console warning,
and the cycle, measures, goals and best practice pages fit a 375 px phone screen (wide tables
scroll inside their own container)."""

from __future__ import annotations

from pathlib import Path

import checks
import pytest

pytestmark = pytest.mark.browser

PHONE = 375


def _cycle_pages(site_dir: Path) -> dict[str, str]:
    """{kind: URL path} of a cycle page, a measures page with a chart, the goals page."""
    measures = [
        p
        for p in sorted((site_dir / "measures").glob("*/index.html"))
        if 'class="vega-chart"' in p.read_text(encoding="utf-8")
    ]
    assert measures, "the demo has a measures page with an effect chart"
    cycle = sorted((site_dir / "cycle").glob("*/index.html"))
    practices = sorted((site_dir / "practices").glob("*/index.html"))
    return {
        "practices": "/" + practices[-1].relative_to(site_dir).as_posix().removesuffix("index.html"),
        "measures": "/" + measures[0].relative_to(site_dir).as_posix().removesuffix("index.html"),
        "cycle": "/" + cycle[-1].relative_to(site_dir).as_posix().removesuffix("index.html"),
        "goals": "/goals/",
    }


@pytest.mark.parametrize("width", [1280, PHONE])
def test_cycle_pages_draw_their_charts_cleanly_and_fit(browser, origin, site_dir, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, is_mobile=width == PHONE, has_touch=width == PHONE, locale="ru-RU"
    )
    page = context.new_page()
    watch = checks.Watch(origin).attach(page)
    problems = []
    try:
        for kind, path in _cycle_pages(site_dir).items():
            loaded = checks.load(page, origin + path, watch)
            found = loaded + checks.check_charts(page) + checks.check_overflow(page, width)
            found += checks.check_table_scroll(page) + watch.take()
            if kind in ("measures", "goals"):
                drawn = page.evaluate("document.querySelectorAll('div.vega-chart[data-chart-state=rendered]').length")
                if not drawn:
                    found.append("no chart drawn")
            problems += [f"{path} at {width} px: {p}" for p in found]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
