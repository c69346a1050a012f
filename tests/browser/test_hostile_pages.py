"""A site built from hostile data runs no injected script, on any page, in
search results or in chart tooltips, and shows the strings as text."""

from __future__ import annotations

import sys as _sys
from pathlib import Path

import pytest
from checks import Watch, load, search
from conftest import serve

_sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hostile import CORE, VISIBLE_PIECES, built_site, hostile_data, payload_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_origin(tmp_path_factory, playwright_instance):
    tmp = tmp_path_factory.mktemp("hostile-browser")
    site = built_site(tmp, hostile_data)
    origin, server = serve(site)
    yield origin, site
    server.shutdown()


@pytest.fixture
def page(browser, hostile_origin):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def _pwned(page) -> object:
    return page.evaluate("() => window.__pwned")


# The pages that show the hostile strings of hostile_data(); every page of a
# site with a payload in every field is visited by the payload test below.
HOSTILE_PAGES = [
    "",
    "years/2025/",
    "years/2024/",
    "organizations/",
    "organizations/sch-01/",
    "directions/sys-talent/",
    "indicators/olympiad/",
    "indicators/",
    "methodology/",
    "data/",
    "corrections/",
]


def test_no_page_runs_injected_script(page, hostile_origin):
    origin, site = hostile_origin
    watch = Watch(origin).attach(page)
    executed = []
    for path in HOSTILE_PAGES:
        assert (site / path / "index.html").is_file(), path
        load(page, f"{origin}/{path}", watch)
        if _pwned(page) is not None or page.dialogs:
            executed.append(path)
    assert executed == []


def test_hostile_name_reads_as_text(page, hostile_origin):
    origin, _ = hostile_origin
    load(page, f"{origin}/organizations/sch-01/", Watch(origin).attach(page))
    heading = page.locator("h1").inner_text()
    for piece in VISIBLE_PIECES:
        assert piece in heading
    assert page.title().startswith("</title><script>")
    assert _pwned(page) is None


def test_search_results_and_tooltips_stay_inert(page, hostile_origin):
    origin, _ = hostile_origin
    load(page, f"{origin}/years/2025/", Watch(origin).attach(page))
    # Hover every bar of every chart: the tooltip shows the hostile short name as text.
    for bar in page.locator("div.vega-chart svg .mark-rect path").all()[:40]:
        bar.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    assert _pwned(page) is None
    if tooltip.count():
        assert "<img" not in tooltip.inner_html()
    results = search(page, "жирный")
    assert results, "the hostile organization is findable"
    assert _pwned(page) is None and page.dialogs == []


def test_the_check_sees_a_script_that_runs(page, hostile_origin):
    # Control: the same string written unescaped does run, and the check sees it.
    origin, site = hostile_origin
    from hostile import ORG_NAME

    (site / "unescaped.html").write_text(f"<!doctype html><title>x</title><h1>{ORG_NAME}</h1>", encoding="utf-8")
    page.goto(f"{origin}/unescaped.html")
    assert _pwned(page) is not None


# After the page's own scripts (charts, search, filter) have run: any element
# with a handler attribute, autofocus, or a script URL, as the DOM holds it.
_ACTIVE_IN_DOM = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = (a.value || '').trim().toLowerCase();
      if (a.name.startsWith('on') || a.name === 'autofocus'
          || (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name)
              && /^(javascript|data|vbscript):/.test(v))) {
        found.push(el.tagName + ' ' + a.name + '=' + a.value);
      }
    }
  }
  return found.slice(0, 3);
}"""


@pytest.fixture(scope="module")
def payload_origin(tmp_path_factory, playwright_instance):
    tmp = tmp_path_factory.mktemp("payload-browser")
    site = built_site(tmp, payload_data)
    origin, server = serve(site)
    yield origin, site
    server.shutdown()


def test_payloads_in_every_field_run_nothing_on_any_page(page, payload_origin):
    origin, site = payload_origin
    watch = Watch(origin).attach(page)
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html") if "assets" not in p.parts)
    problems = {}
    for path in paths:
        load(page, f"{origin}/{path[: -len('index.html')]}", watch)
        active = page.evaluate(_ACTIVE_IN_DOM)
        if active or _pwned(page) is not None or page.dialogs:
            problems[path] = (active, _pwned(page), list(page.dialogs))
    assert len(paths) > 50
    assert problems == {}
    # The payload is on the page as text a visitor reads.
    load(page, f"{origin}/years/2025/", watch)
    assert CORE in page.locator("article").inner_text()
