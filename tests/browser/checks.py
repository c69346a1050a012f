"""What a visitor sees, as plain checker functions.

Each function takes a Playwright page (or a URL and its HTML) and returns a
list of problems, each a short sentence naming the page and what is wrong;
an empty list means the check passed. The suite runs them on every page of
the demo site (test_site.py, test_mobile.py, ...) and on a deliberately
broken copy of it (test_checks_fail.py), so each check is shown to fail when
it should.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Every host but the local server is unreachable: requests go to a proxy on a
# closed port (discard, 9), which only 127.0.0.1 bypasses. Watch records each
# such request from page.on("request"). (page.route("**/*") could abort them
# too, but routing disables the browser cache: +0.1 s a page.)
CHROMIUM_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}

# A4 is 210 mm wide; monitoring.css prints with 10 mm side margins. At 96 px
# per inch that leaves 186 mm, 702 px, for the content.
A4_PRINTABLE_WIDTH = int(190 / 25.4 * 96)

CHART_MARKS = "svg .mark-rect path, svg .mark-line path, svg .mark-symbol path"


# -- Loading a page and watching its traffic -----------------------------------


@dataclass
class Watch:
    """Records, for the page it is attached to, console errors, uncaught
    exceptions, failed requests, HTTP errors and every request to another
    host (which cannot succeed: see CHROMIUM_PROXY)."""

    origin: str  # "http://127.0.0.1:PORT"
    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> Watch:
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.problems.append(f"uncaught exception: {err}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("request", self._request)
        return self

    def take(self) -> list[str]:
        out, self.problems = self.problems, []
        return out

    def local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def _console(self, msg) -> None:
        # Warnings too: Vega reports a spec it had to change («Dropping "fit-y"»,
        # an unknown scheme, …) as a console warning.
        if msg.type in ("error", "warning"):
            self.problems.append(f"console {msg.type}: {msg.text}")

    def _failed(self, request) -> None:
        # Other hosts are reported by _request. ERR_ABORTED is a request the
        # browser dropped because the test moved on to the next page (the
        # search worker may still be loading its files): a missing file
        # answers 404, a broken server fails otherwise.
        if self.local(request.url) and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _request(self, request) -> None:
        if not self.local(request.url):
            self.problems.append(f"request to another host: {request.url}")


# Scrolls to each chart in turn (charts.js draws a chart when it comes near
# the screen) and waits until it is drawn or has failed, then back to the top.
_DRAW_CHARTS = """async (timeout) => {
    const done = (el) => ['rendered', 'error'].includes(el.getAttribute('data-chart-state'));
    for (const el of document.querySelectorAll('div.vega-chart')) {
        el.scrollIntoView({block: 'center'});
        const t0 = performance.now();
        while (!done(el) && performance.now() - t0 < timeout) {
            await new Promise((r) => setTimeout(r, 20));
        }
    }
    window.scrollTo(0, 0);
}"""


def load(page, url: str, watch: Watch, timeout_ms: int = 20000, draw: bool = True) -> list[str]:
    """Open url and, as a visitor scrolling through it would, have every
    chart drawn (draw=False: only those charts.js draws by itself, near the
    screen); wait until each has rendered or failed. Returns what the watch
    recorded while loading."""
    problems = []
    watch.take()
    try:
        page.goto(url, wait_until="load", timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - any failure to load is a finding
        problems.append(f"page did not load: {exc}")
        return problems + watch.take()
    if not draw:
        return problems + watch.take()
    try:
        page.evaluate(_DRAW_CHARTS, timeout_ms)
        page.wait_for_function(
            """() => [...document.querySelectorAll('div.vega-chart')]
                .every(el => ['rendered', 'error'].includes(el.getAttribute('data-chart-state')))""",
            timeout=timeout_ms,
        )
    except Exception:  # noqa: BLE001
        problems.append("charts did not finish rendering")
    return problems + watch.take()


# -- Crawl and links -------------------------------------------------------------


class _Links(HTMLParser):
    ATTRS = {
        "a": "href",
        "link": "href",
        "script": "src",
        "img": "src",
        "source": "src",
        "iframe": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
    }

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        want = self.ATTRS.get(tag)
        if want and attrs.get(want):
            self.links.append(attrs[want])
        if attrs.get("srcset"):
            self.links += [part.strip().split(" ")[0] for part in attrs["srcset"].split(",") if part.strip()]


def parse_links(html: str) -> tuple[list[str], set[str]]:
    """Every href/src of the page, and the ids an anchor can point to."""
    parser = _Links()
    parser.feed(html)
    return parser.links, parser.ids


class Fetcher:
    """GETs same-origin URLs once: status, content type and text."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[int, str, str]] = {}

    def __call__(self, url: str) -> tuple[int, str, str]:
        url = urldefrag(url)[0]
        if url not in self.cache:
            try:
                with urllib.request.urlopen(url, timeout=10) as resp:
                    body = resp.read()
                    kind = resp.headers.get_content_type()
                    self.cache[url] = (
                        resp.status,
                        kind,
                        body.decode("utf-8", "replace") if kind == "text/html" else "",
                    )
            except urllib.error.HTTPError as exc:
                self.cache[url] = (exc.code, "", "")
            except (urllib.error.URLError, OSError) as exc:
                self.cache[url] = (0, "", str(exc))
        return self.cache[url]


def check_links(url: str, html: str, origin: str, fetch: Fetcher) -> list[str]:
    """Every same-origin href/src of the page answers 200, and an anchor
    (#id) exists on the page it points to."""
    problems = []
    links, _ = parse_links(html)
    for raw in links:
        if raw.startswith(("mailto:", "tel:", "javascript:", "data:")):
            continue
        target = urljoin(url, raw)
        parts = urlsplit(target)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        status, kind, text = fetch(target)
        if status != 200:
            problems.append(f"{url}: link {raw!r} answers {status or 'nothing'}")
            continue
        fragment = urldefrag(target)[1]
        if fragment and kind == "text/html":
            _, ids = parse_links(text)
            if fragment not in ids and unquote(fragment) not in ids:
                problems.append(f"{url}: link {raw!r}: no element with id {fragment!r} on the target page")
    return problems


def crawl(origin: str, site_dir: Path, fetch: Fetcher) -> tuple[list[str], list[str]]:
    """All pages: those reachable from / through same-origin links, plus
    every *.html file of the built site. Returns (page URLs, link problems)."""
    start = origin + "/"
    files = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        files.append(origin + "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    seen: set[str] = set()
    queue = deque([start, *files])
    pages, problems = [], []
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        status, kind, html = fetch(url)
        if status != 200:
            problems.append(f"{url}: answers {status or 'nothing'}")
            continue
        if kind != "text/html":
            continue
        pages.append(url)
        problems += check_links(url, html, origin, fetch)
        for raw in parse_links(html)[0]:
            target = urldefrag(urljoin(url, raw))[0]
            parts = urlsplit(target)
            if f"{parts.scheme}://{parts.netloc}" == origin and target not in seen:
                if fetch(target)[1] == "text/html":
                    queue.append(target)
    return pages, problems


# -- Charts -------------------------------------------------------------------------


def check_charts(page) -> list[str]:
    """Every chart has drawn an SVG with marks, and its data is in a table
    with rows: the figure's details.chart-data, or the table named by the
    chart's data-table attribute."""
    found = page.evaluate(
        """(marks) => [...document.querySelectorAll('div.vega-chart')].map((el, i) => {
            const figure = el.closest('figure');
            const alt = el.getAttribute('data-alt') || '';
            const own = figure ? figure.querySelector('details.chart-data table') : null;
            const refId = el.getAttribute('data-table');
            const ref = refId ? document.getElementById(refId) : null;
            const table = own || ref;
            const rows = table ? [...table.querySelectorAll('tbody tr')] : [];
            return {
                index: i + 1,
                name: alt.slice(0, 60),
                state: el.getAttribute('data-chart-state'),
                error: (el.querySelector('.vega-chart__error') || {}).textContent || '',
                svg: !!el.querySelector('svg'),
                marks: el.querySelectorAll(marks).length,
                refId: refId,
                refFound: !!ref,
                table: !!table,
                headers: table ? table.querySelectorAll('th').length : 0,
                rows: rows.length,
                emptyRows: rows.filter(r => !r.textContent.trim()).length,
            };
        })""",
        CHART_MARKS,
    )
    problems = []
    for c in found:
        label = f"chart {c['index']} ({c['name']!r})"
        if c["state"] != "rendered":
            problems.append(f"{label} not rendered: state {c['state']!r} {c['error']}".strip())
        elif not c["svg"]:
            problems.append(f"{label}: no SVG")
        elif c["marks"] == 0:
            problems.append(f"{label}: the SVG has no marks (bars, lines, points)")
        if c["refId"] and not c["refFound"]:
            problems.append(f"{label}: data-table names #{c['refId']}, which is not on the page")
        if not c["table"]:
            problems.append(f"{label}: no data table (details.chart-data or data-table)")
        elif c["rows"] == 0 or c["headers"] == 0 or c["emptyRows"]:
            problems.append(
                f"{label}: its data table is not readable ({c['rows']} rows, {c['headers']} header cells, "
                f"{c['emptyRows']} empty rows)"
            )
    return problems


VEGA_DEFAULT_LABEL = "Vega visualization"  # what Vega writes when given nothing


def check_chart_alt(page) -> list[str]:
    """Every drawn chart is an image with a text alternative of its own."""
    found = page.evaluate(
        """() => [...document.querySelectorAll('div.vega-chart svg')].map(svg => ({
            role: svg.getAttribute('role'), label: (svg.getAttribute('aria-label') || '').trim()}))"""
    )
    return [
        f"chart {i}: SVG role={c['role']!r}, aria-label={c['label']!r}"
        for i, c in enumerate(found, 1)
        if c["role"] != "img" or not c["label"] or c["label"] == VEGA_DEFAULT_LABEL
    ]


# -- Accessibility ------------------------------------------------------------------


def run_axe(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core (vendored, injected from the local file) on the whole page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3), count: v.nodes.length}));
        }"""
    )
    return [
        f"axe {v['impact']} {v['id']}: {v['help']} ({v['count']} elements, e.g. {', '.join(v['nodes'])})"
        for v in violations
        if v["impact"] in impacts
    ]


def check_headings(page) -> list[str]:
    """One h1, first; no level skipped on the way down (h2 then h4)."""
    levels = page.evaluate(
        """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter(h => h.getClientRects().length || h.closest('details'))
            .map(h => [Number(h.tagName[1]), h.textContent.replace('¶', '').trim().slice(0, 50)])"""
    )
    problems = []
    if not levels:
        return ["no headings"]
    if levels[0][0] != 1:
        problems.append(f"the first heading is h{levels[0][0]} ({levels[0][1]!r}), not h1")
    if sum(1 for lv, _ in levels if lv == 1) > 1:
        problems.append("more than one h1")
    for (prev, _), (lv, text) in zip(levels, levels[1:]):
        if lv > prev + 1:
            problems.append(f"heading level skipped: h{prev} then h{lv} ({text!r})")
    return problems


def check_levels(page) -> list[str]:
    """A level is never shown by colour alone: every badge has words."""
    empty = page.evaluate(
        """() => [...document.querySelectorAll('.level')]
            .filter(el => !el.textContent.trim()).map(el => el.outerHTML.slice(0, 80))"""
    )
    return [f"level badge without text: {html}" for html in empty]


def check_demo_notice(page) -> list[str]:
    """The demo data notice is on screen, in words, at the top of the page."""
    notice = page.locator(".demo-banner")
    if notice.count() == 0:
        return ["no demo data notice (.demo-banner)"]
    if not notice.first.is_visible() or not notice.first.inner_text().strip():
        return ["the demo data notice is hidden or empty"]
    return []


# -- Layout ---------------------------------------------------------------------------


def check_overflow(page, width: int) -> list[str]:
    """Nothing makes the page wider than the screen."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll <= width:
        return []
    culprits = page.evaluate(
        """(width) => {
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.right > width + 1 && r.width > 0) {
                    let p = el.parentElement, clipped = false;
                    while (p && p !== document.body) {
                        const s = getComputedStyle(p);
                        if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) { clipped = true; break; }
                        p = p.parentElement;
                    }
                    if (!clipped) {
                        const cls = el.className && typeof el.className === 'string'
                            ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                        out.push(el.tagName.toLowerCase() + cls + ' right=' + Math.round(r.right));
                    }
                }
                if (out.length >= 5) break;
            }
            return out;
        }""",
        width,
    )
    return [f"page is {scroll} px wide at a {width} px screen; e.g. {', '.join(culprits) or 'unknown element'}"]


def check_table_scroll(page) -> list[str]:
    """A table wider than the screen scrolls inside its own container, which
    itself fits the screen."""
    bad = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            for (const table of document.querySelectorAll('article table')) {
                if (!table.getClientRects().length) continue;  // in a closed <details>
                const box = table.parentElement.getBoundingClientRect();
                if (table.scrollWidth <= Math.ceil(box.width) + 1) continue;
                let p = table.parentElement, ok = false;
                while (p && p.tagName !== 'ARTICLE') {
                    const s = getComputedStyle(p);
                    if (['auto', 'scroll'].includes(s.overflowX)) {
                        const r = p.getBoundingClientRect();
                        ok = r.left >= -1 && r.right <= width + 1;
                        break;
                    }
                    p = p.parentElement;
                }
                if (!ok) {
                    out.push((table.id ? '#' + table.id + ' ' : '') + (table.querySelector('th') || {}).textContent);
                }
            }
            return out;
        }"""
    )
    return [f"wide table does not scroll inside a container that fits the screen: {name!r}" for name in bad]


# -- Print ------------------------------------------------------------------------------

PRINT_HIDDEN = {
    "header": ".md-header",
    "navigation tabs": ".md-tabs",
    "sidebars": ".md-sidebar",
    "search": ".md-search",
    "back-to-top button": ".md-top",
    "footer navigation": ".md-footer__inner",
}


def check_print(page) -> list[str]:
    """Printed (print media at the A4 printable width): no navigation,
    search, header or sidebars; charts and tables fit the page width."""
    problems = []
    page.emulate_media(media="print")
    try:
        page.set_viewport_size({"width": A4_PRINTABLE_WIDTH, "height": 1000})
        page.wait_for_timeout(300)  # charts follow the new width
        for what, selector in PRINT_HIDDEN.items():
            shown = page.evaluate(
                "(sel) => [...document.querySelectorAll(sel)].filter(el => getComputedStyle(el).display !== "
                "'none').length",
                selector,
            )
            if shown:
                problems.append(f"printed page shows the {what} ({selector})")
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('figure.chart, div.vega-chart svg, article table')]
                .map(el => [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), el.getBoundingClientRect()])
                .filter(([, r]) => r.width > 0 && (r.right > limit + 1 || r.width > limit + 1))
                .map(([name, r]) => name + ' ' + Math.round(r.width) + ' px')""",
            A4_PRINTABLE_WIDTH,
        )
        problems += [f"wider than the A4 printable width ({A4_PRINTABLE_WIDTH} px): {w}" for w in wide]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > A4_PRINTABLE_WIDTH + 1:
            problems.append(f"printed page is {scroll} px wide, more than {A4_PRINTABLE_WIDTH} px")
        pdf = page.pdf(format="A4", print_background=True)
        if not pdf.startswith(b"%PDF") or len(pdf) < 1000:
            problems.append(f"page.pdf() gave no PDF ({len(pdf)} bytes)")
    finally:
        page.emulate_media(media="screen")
    return problems


# -- Search and filter -------------------------------------------------------------------


def search(page, query: str, timeout_ms: int = 10000) -> list[dict]:
    """Types query into the theme's search field, as a visitor does; returns
    the results shown: [{href, title}]."""
    field_ = page.locator("input.md-search__input")
    button = page.locator("label.md-header__button[for=__search]")
    if button.is_visible():  # narrow screens: the header's search button opens the field
        button.click()
    else:
        field_.click()
    field_.fill("")
    meta = page.locator(".md-search-result__meta")
    placeholder = meta.inner_text()  # «Начните печатать для поиска»
    field_.press_sequentially(query, delay=30)
    try:  # the theme answers: results, or «Совпадений не найдено»
        page.wait_for_function(
            "(p) => document.querySelector('.md-search-result__meta').textContent.trim() !== p.trim()",
            arg=placeholder,
            timeout=timeout_ms,
        )
    except Exception:  # noqa: BLE001 - no answer is an empty answer
        return []
    page.wait_for_timeout(400)  # the answer to the last letter typed
    return page.evaluate(
        """() => [...document.querySelectorAll('.md-search-result__item > a')].map(a => ({
            href: a.getAttribute('href'),
            title: ((a.querySelector('h1, h2') || a).textContent || '').trim()}))"""
    )


def check_search(page, query: str, expect_title: str, expect_path: str) -> list[str]:
    """Searching for query lists the page at expect_path, titled expect_title."""
    results = search(page, query)
    for r in results:
        # The site sets a no-break space after «№»: the visitor reads the same text.
        title = r["title"].replace("\u00a0", " ")
        if urlsplit(urljoin(page.url, r["href"])).path == expect_path and expect_title in title:
            return []
    shown = "; ".join(f"{r['title'][:50]} ({urlsplit(r['href']).path})" for r in results[:5]) or "nothing"
    return [f"search for {query!r} does not list {expect_title!r} ({expect_path}); it shows: {shown}"]


def check_filter(page, query: str) -> list[str]:
    """Typing into the organization filter hides every row of the filtered
    tables whose search keys (data-search) do not match the query by the rule
    of generator/render/searchkeys.py, and keeps those that do."""
    from generator.render import searchkeys

    field_ = page.locator("div.org-filter[data-filter] input[type=search]")
    if field_.count() == 0:
        return ["no filter field (div.org-filter input)"]
    field_.first.fill("")
    field_.first.press_sequentially(query, delay=20)
    page.wait_for_timeout(100)
    rows = page.evaluate(
        """() => [...document.querySelectorAll('table.filterable tbody tr')].map(r => ({
            text: r.textContent.trim(), keys: r.dataset.search || '', shown: r.getClientRects().length > 0}))"""
    )
    problems = []
    if not rows:
        problems.append("the filter targets no rows (table.filterable)")
    wrong_shown = [r["text"][:40] for r in rows if r["shown"] and not searchkeys.matches(r["keys"], query)]
    wrong_hidden = [r["text"][:40] for r in rows if not r["shown"] and searchkeys.matches(r["keys"], query)]
    if wrong_shown:
        problems.append(
            f"filter {query!r} leaves {len(wrong_shown)} non-matching rows visible, e.g. {wrong_shown[0]!r}"
        )
    if wrong_hidden:
        problems.append(f"filter {query!r} hides {len(wrong_hidden)} matching rows, e.g. {wrong_hidden[0]!r}")
    return problems


def slug(url: str) -> str:
    path = urlsplit(url).path.strip("/") or "home"
    return re.sub(r"[^a-zA-Z0-9._-]+", "_", path)


def report(results: dict, check: str) -> list[str]:
    """The problems one check found over a run of pages ({url: {check: [problems]}}),
    each prefixed with the page's path."""
    return [f"{urlsplit(url).path}: {p}" for url, r in results.items() for p in r.get(check, [])]
