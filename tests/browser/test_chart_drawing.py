"""Charts as a visitor meets them: the chart library is requested only where
a chart is and only when one comes near the screen; thresholds drawn from the
year's levels.csv; PNG and SVG downloads made in the browser; the dark
colour scheme (no white box, light text, redrawn on the palette toggle); no
console warning on any page kind, on a phone in the dark scheme too; an
organization page printed on at most two A4 pages."""

from __future__ import annotations

import csv
import re
import struct
from pathlib import Path
from urllib.parse import urlsplit

import checks
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LATEST = max(int(p.name) for p in (ROOT / "data").iterdir() if p.name.isdigit())
ORG = "/organizations/sch-03/"
YEAR = f"/years/{LATEST}/"
BUNDLE = "assets/vendor/vega-bundle.min.js"
NEAR = 300  # px: charts.js draws a chart this far before it enters the screen (rootMargin)


def _thresholds(year: int) -> list[float]:
    with open(ROOT / "data" / str(year) / "levels.csv", encoding="utf-8") as f:
        return sorted(float(r["min_score"]) for r in csv.DictReader(f) if float(r["min_score"]) > 0)


def _pages_with_charts(site_dir: Path) -> set[str]:
    return {
        "/" + p.relative_to(site_dir).as_posix().removesuffix("index.html")
        for p in site_dir.rglob("*.html")
        if 'class="vega-chart"' in p.read_text(encoding="utf-8")
    }


class Requests:
    """The URLs a page requested."""

    def __init__(self, page) -> None:
        self.urls: list[str] = []
        page.on("request", lambda r: self.urls.append(r.url))

    def bundle(self) -> int:
        return sum(1 for u in self.urls if u.endswith(BUNDLE))


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU", accept_downloads=True)
    yield ctx
    ctx.close()


def _page(context, origin):
    page = context.new_page()
    page.watch = checks.Watch(origin).attach(page)
    page.requests = Requests(page)
    return page


def _drawn(page, selector: str = "div.vega-chart") -> list[str | None]:
    return page.eval_on_selector_all(selector, "els => els.map(el => el.getAttribute('data-chart-state'))")


# -- Loaded only where and when a chart is -----------------------------------------------


def test_no_chart_library_on_pages_without_charts(context, origin, crawled, site_dir):
    pages, _ = crawled
    with_charts = _pages_with_charts(site_dir)
    without = [u for u in pages if urlsplit(u).path not in with_charts]
    assert len(without) >= 5 and {"/organizations/", "/about/", "/methodology/"} <= {urlsplit(u).path for u in without}
    page = _page(context, origin)
    for url in without:
        assert not checks.load(page, url, page.watch)
        page.wait_for_timeout(100)
    assert page.requests.bundle() == 0
    assert not [u for u in page.requests.urls if "vega" in u]


def test_charts_are_drawn_when_scrolled_into_view(browser, origin, site_dir):
    """On a short screen, a chart far below is not drawn (nor the library
    requested, when no chart is near) until the visitor scrolls to it."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 500}, locale="ru-RU")
    try:
        page = _page(ctx, origin)
        far_pages = 0
        for path in sorted(_pages_with_charts(site_dir))[:12] + [ORG, YEAR]:
            assert not checks.load(page, origin + path, page.watch, draw=False)
            page.wait_for_timeout(600)  # time enough to draw what is near
            tops = page.eval_on_selector_all("div.vega-chart", "els => els.map(el => el.getBoundingClientRect().top)")
            states = _drawn(page)
            limit = page.evaluate("innerHeight") + NEAR
            for top, state in zip(tops, states):
                if top > limit + 50:
                    assert state is None, f"{path}: a chart {top:.0f} px down is drawn before it is near"
            if all(top > limit + 50 for top in tops):
                far_pages += 1
                assert page.requests.bundle() == 0, f"{path}: chart library requested with no chart near"
            far = [i for i, top in enumerate(tops) if top > limit + 50]
            if far:
                page.locator("div.vega-chart").nth(far[-1]).scroll_into_view_if_needed()
                page.wait_for_function(
                    "i => document.querySelectorAll('div.vega-chart')[i].getAttribute('data-chart-state') ==="
                    " 'rendered'",
                    arg=far[-1],
                    timeout=20000,
                )
                assert page.locator("div.vega-chart").nth(far[-1]).locator("svg").count() == 1
            assert not page.watch.take()
            page.requests.urls.clear()
        assert far_pages >= 1  # some page had every chart out of reach at first: the check above ran
    finally:
        ctx.close()


def test_drawing_moves_nothing(context, origin):
    """The box of a chart has its final height before it is drawn."""
    page = _page(context, origin)
    assert not checks.load(page, origin + ORG, page.watch, draw=False)
    before = page.eval_on_selector_all("div.vega-chart", "els => els.map(el => el.getBoundingClientRect().height)")
    assert not checks.load(page, origin + ORG, page.watch)
    after = page.eval_on_selector_all("div.vega-chart", "els => els.map(el => el.getBoundingClientRect().height)")
    svgs = page.eval_on_selector_all("div.vega-chart svg", "els => els.map(el => el.getBoundingClientRect().height)")
    assert before == after and len(svgs) == len(after) >= 2
    assert all(abs(s - a) <= 1 for s, a in zip(svgs, after))


# -- What the charts show ------------------------------------------------------------


def test_thresholds_are_drawn(context, origin):
    page = _page(context, origin)
    assert not checks.load(page, origin + YEAR, page.watch)
    expected = _thresholds(LATEST)
    first = page.locator("div.vega-chart svg").first
    rules = first.locator("g.mark-rule.role-mark line").count()
    labels = first.locator("g.mark-text.role-mark text").evaluate_all("ts => ts.map(t => t.textContent)")
    assert rules == len(expected)
    for t in expected:
        assert f"от {t:g}" in labels
    # The organization's history: a band per level and year behind the line.
    assert not checks.load(page, origin + ORG, page.watch)
    history = page.locator("div.vega-chart[data-file$='-history'] svg")
    bands = history.locator("g.mark-rect.role-mark path").count()
    axis = history.locator("g.role-axis-label text").evaluate_all("ts => ts.map(t => t.textContent)")
    years = [int(y) for y in axis if y.isdigit() and len(y) == 4]
    assert years and bands == sum(1 + len(_thresholds(y)) for y in years)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_chart_downloads_as_png_and_svg(context, origin, tmp_path):
    page = _page(context, origin)
    assert not checks.load(page, origin + YEAR, page.watch)
    figure = page.locator("figure.chart").first
    name = figure.locator("div.vega-chart").get_attribute("data-file")
    width = figure.locator("div.vega-chart svg").bounding_box()["width"]
    with page.expect_download() as png:
        figure.locator("button[data-chart-download=png]").click()
    assert png.value.suggested_filename == f"{name}.png"
    w, h = _png_size(Path(png.value.path()).read_bytes())
    assert abs(w - 2 * width) <= 2 and h > 100  # drawn at twice the size
    with page.expect_download() as svg:
        figure.locator("button[data-chart-download=svg]").click()
    assert svg.value.suggested_filename == f"{name}.svg"
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and "</svg>" in text
    for t in _thresholds(LATEST):
        assert f"от {t:g}" in text
    assert not page.watch.take()  # made in the browser: no request, no error


def test_download_buttons_wait_for_the_chart(context, origin):
    page = _page(context, origin)
    assert not checks.load(page, origin + ORG, page.watch, draw=False)
    states = _drawn(page)
    disabled = page.eval_on_selector_all(
        "figure.chart", "fs => fs.map(f => f.querySelector('button[data-chart-download]').disabled)"
    )
    assert [s != "rendered" for s in states] == disabled


# -- Dark colour scheme -------------------------------------------------------------


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def _colours(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('div.vega-chart svg')].map(svg => ({
            bg: getComputedStyle(svg).backgroundColor,
            page: getComputedStyle(document.body).backgroundColor,
            label: getComputedStyle(svg.querySelector('g.role-axis-label text')).fill,
        }))"""
    )


def test_dark_scheme_charts(browser, origin):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU", color_scheme="dark")
    try:
        page = _page(ctx, origin)
        for path in ("/", YEAR, ORG):
            assert not checks.load(page, origin + path, page.watch)
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
            colours = _colours(page)
            assert colours
            for c in colours:
                assert c["bg"] == c["page"], path  # the page's own background: no box
                assert _luminance(c["bg"]) < 0.25 and _luminance(c["label"]) > 0.7, (path, c)
        # The theme's palette toggle: the charts are drawn again, light.
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
        page.wait_for_function(
            """() => [...document.querySelectorAll('div.vega-chart svg')].length > 0 &&
                [...document.querySelectorAll('div.vega-chart')].every(
                    el => el.getAttribute('data-chart-state') === 'rendered')
                && [...document.querySelectorAll('div.vega-chart svg')].every(svg =>
                    getComputedStyle(svg).backgroundColor === 'rgb(255, 255, 255)')"""
        )
        for c in _colours(page):
            assert _luminance(c["label"]) < 0.3
        assert not page.watch.take()
    finally:
        ctx.close()


def test_no_console_warning_on_a_phone_in_the_dark(browser, origin, site_dir):
    """Every page kind with charts at 375 px (legends stacked) in the dark scheme."""
    kinds = {}
    for path in sorted(_pages_with_charts(site_dir)):
        kinds.setdefault(path.strip("/").split("/")[0], path)
    assert {"", "years", "organizations", "directions", "indicators"} <= set(kinds)
    ctx = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="ru-RU", color_scheme="dark"
    )
    try:
        page = _page(ctx, origin)
        for path in kinds.values():
            problems = checks.load(page, origin + path, page.watch)
            problems += checks.check_charts(page)
            assert not problems, (path, problems)
            # The box taller for the stacked legends, and the chart fills it.
            boxes = page.eval_on_selector_all(
                "div.vega-chart",
                "els => els.map(el => [el.getBoundingClientRect().height,"
                " el.querySelector('svg').getBoundingClientRect().height])",
            )
            assert all(abs(box - svg) <= 1 for box, svg in boxes), (path, boxes)
    finally:
        ctx.close()


# -- Print ---------------------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF written by Chromium: its page objects
    (/Type /Page, not the /Pages tree). Chromium writes no object streams,
    where page objects could hide from this count; should it start to, the
    test says so instead of counting wrong."""
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert b"/ObjStm" not in pdf, "the PDF has object streams: count its pages with a PDF library"
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def test_every_organization_page_prints_on_two_a4_pages(context, origin, site_dir, artifacts):
    page = _page(context, origin)
    orgs = sorted(p.parent.name for p in (site_dir / "organizations").glob("*/index.html"))
    assert len(orgs) >= 10
    over = {}
    for org in orgs:
        assert not checks.load(page, origin + f"/organizations/{org}/", page.watch)
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
        page.emulate_media(media="screen")
        n = _pdf_pages(pdf)
        assert n >= 1, org
        if n > 2:
            over[org] = n
            (artifacts / f"print-{org}.pdf").write_bytes(pdf)
    assert not over, f"organization pages printed on more than two A4 pages: {over}"
