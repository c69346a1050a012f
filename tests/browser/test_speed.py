"""What keeps a page quick on a phone, in facts that do not depend on how
busy the machine is (Lighthouse's timings do: `make lighthouse` measures
them, tools/lighthouse.py):

* the colour scheme is settled while the header is parsed: nothing restyles
  the whole page once its content exists (the theme's palette component did
  it three times: data-md-color-switching, <meta name="color-scheme">, the
  scheme attributes of <body>);
* on a phone the blocks of a long page below the screen are left for later
  (content-visibility: auto) and still found and read: the text is in the
  page, and a block shows in full when it is scrolled to;
* the chart library is not loaded by a page whose charts are below the
  screen (tests/browser/test_chart_drawing.py checks it is loaded on
  scrolling).
"""

from __future__ import annotations

import checks
import pytest

pytestmark = pytest.mark.browser

PAGES = ("/", "/years/2025/", "/organizations/sch-03/", "/organizations/")
BUNDLE = "/assets/vendor/vega-bundle.min.js"

# Recorded from the first byte of the page: attribute changes of <html>,
# <body> and <meta> elements, and whether the article was there yet.
RECORD = """
window.__changes = [];
new MutationObserver((records) => {
  for (const m of records) {
    const t = m.target;
    const tag = t.nodeType === 1 ? t.tagName : "";
    const parsed = Boolean(document.querySelector("article"));
    if (m.type === "attributes" && (tag === "BODY" || tag === "HTML")) {
      window.__changes.push({what: tag + " " + m.attributeName, value: t.getAttribute(m.attributeName), parsed});
    }
    if (m.type === "childList") {
      for (const n of m.addedNodes) {
        if (n.nodeType === 1 && n.tagName === "META" && parsed && n.parentNode === document.head) {
          window.__changes.push({what: "META " + (n.getAttribute("name") || ""), value: n.outerHTML, parsed});
        }
      }
    }
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="ru-RU"
    )
    context.add_init_script(RECORD)
    yield context
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_the_page_is_not_restyled_while_it_loads(browser, origin, path, scheme):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="ru-RU", color_scheme=scheme)
    context.add_init_script(RECORD)
    try:
        page = context.new_page()
        watch = checks.Watch(origin).attach(page)
        assert not checks.load(page, origin + path, watch, draw=False)
        page.wait_for_timeout(500)
        changes = page.evaluate("window.__changes")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        # The scheme was set before the content existed, and never again.
        late = [
            c
            for c in changes
            if c["parsed"] and (c["what"].startswith("BODY data-md-color") or c["what"].startswith("META"))
        ]
        assert not late, late
        assert not [c for c in changes if c["what"] == "BODY data-md-color-switching"]
        assert not watch.take()
    finally:
        context.close()


def test_the_scheme_toggle_still_switches_and_is_remembered(browser, origin):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU", color_scheme="light")
    try:
        page = context.new_page()
        watch = checks.Watch(origin).attach(page)
        assert not checks.load(page, origin + "/", watch, draw=False)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        # The other label is the one shown now: it switches back.
        shown = page.locator("label.md-header__button[for^='__palette']:visible")
        assert shown.count() == 1 and shown.get_attribute("for") == "__palette_0"
        # Remembered on the next page, from the first paint.
        assert not checks.load(page, origin + "/organizations/", watch, draw=False)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        # Enter on the focused option switches too (as in the theme).
        page.locator("input.md-option:checked").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
        page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
        assert not watch.take()
    finally:
        context.close()


def test_below_the_screen_waits_yet_stays_readable(phone, origin):
    page = phone.new_page()
    watch = checks.Watch(origin).attach(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    assert not checks.load(page, origin + "/organizations/sch-03/", watch, draw=False)
    page.wait_for_timeout(500)
    blocks = page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset > .table-wrap, .md-typeset > figure.chart')]
            .map(el => ({cv: getComputedStyle(el).contentVisibility, top: el.getBoundingClientRect().top,
                         text: el.textContent.trim().length}))"""
    )
    assert blocks
    assert all(b["cv"] == "auto" for b in blocks)
    assert all(b["text"] > 0 for b in blocks)  # the text is in the page
    # The chart of the history is below the screen: its library waits.
    assert not any(u.endswith(BUNDLE) for u in requests)
    # Scrolled to, the last table shows in full: its rows are laid out.
    last = page.locator(".md-typeset > .table-wrap").last
    last.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    rows = page.evaluate(
        """() => { const w = [...document.querySelectorAll('.md-typeset > .table-wrap')].pop();
                   return [...w.querySelectorAll('tbody tr')].map(r => r.getBoundingClientRect().height); }"""
    )
    assert rows and all(h > 0 for h in rows)
    assert not watch.take()
    page.close()


def test_sort_buttons_carry_no_tooltip(phone, origin):
    """The theme mounts a tooltip component on every [title] of the page as it
    loads; the sort buttons (dozens on a year page) are named by their
    header's words instead, and say their order with aria-sort."""
    page = phone.new_page()
    watch = checks.Watch(origin).attach(page)
    assert not checks.load(page, origin + "/years/2025/", watch, draw=False)
    assert page.locator("button.sort-button").count() >= 20
    assert page.locator("button.sort-button[title]").count() == 0
    first = page.locator("button.sort-button").first
    assert (first.text_content() or "").strip()
    first.click()
    assert page.locator("th[aria-sort]").count() == 1
    assert not watch.take()
    page.close()
