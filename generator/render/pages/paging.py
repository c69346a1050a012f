"""Long lists split over numbered pages, so that no page grows with the
number of organizations.

A municipality has 10-200 organizations and every list fits on its page. A
region has ~2,500: one ranking of them is ~700 KB of HTML, too much for a
phone, and the site search would parse it on every build. The rule is per
page: when the tables of a page hold more than PAGE_ROWS rows together, each
table longer than INLINE_ROWS moves to pages of its own under lists/, at most
PAGE_ROWS rows each, and the page links to them. The numbered pages are left
out of the search index (`search: exclude`): what people search for — names
of organizations, indicators and directions — has pages of its own.

Pure helpers: the page builders ask them while they build a context
(`too_long`, `place`) and get back the rows to show inline, the links and the
numbered pages' contexts; nothing is changed after it is built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from generator.render import urls as U
from generator.render.pages.base import filter_bar
from generator.render.pages.listing import ListingPage
from generator.render.records import PageLink

PAGE_ROWS = 350  # rows of ~700 bytes (names full and short, filter keys): pages under 300 KB
INLINE_ROWS = 50

Listing = tuple[str, ListingPage]  # a numbered page: its path and context


def too_long(*tables: Sequence) -> bool:
    """True when the tables of one page hold more than PAGE_ROWS rows together."""
    return sum(len(t) for t in tables) > PAGE_ROWS


def place(
    paged: bool,
    rows: tuple,
    parent: str,
    name: tuple,
    title: str,
    back: str,
    table: str,
    marks: Callable[[str], tuple] = lambda path: (),
    lk=None,
    **extra,
) -> tuple[tuple, tuple[PageLink, ...], list[Listing]]:
    """(rows shown inline, links to numbered pages, the numbered pages): the
    rows stay inline unless the page is `paged` and they are more than
    INLINE_ROWS. lk: the read model, for the group and territory choices of
    the numbered pages' filter."""
    if not paged or len(rows) <= INLINE_ROWS:
        return rows, (), []
    links, listings = split(rows, parent, name, title, back, table, marks, lk, **extra)
    return (), links, listings


def split(
    rows: tuple,
    parent: str,
    name: tuple,
    title: str,
    back: str,
    table: str,
    marks: Callable[[str], tuple] = lambda path: (),
    lk=None,
    **extra,
) -> tuple[tuple[PageLink, ...], list[Listing]]:
    """Numbered pages lists/<name parts>/<n>.md of the rows, and the links to
    them for the parent page. Row links are rewritten for the new page.
    `name` holds a path segment per part (an id each, never joined into one
    name: see urls.listing). `title` names the page, with {span} for the rows
    it holds («1–500»). `extra`: further ListingPage fields."""
    chunks = [rows[i : i + PAGE_ROWS] for i in range(0, len(rows), PAGE_ROWS)]
    paths = [U.listing(*name, n) for n in range(1, len(chunks) + 1)]
    spans = []
    first = 1
    for chunk in chunks:
        spans.append(f"{first}–{first + len(chunk) - 1}")
        first += len(chunk)
    listings = []
    for n, (path, chunk) in enumerate(zip(paths, chunks)):
        listings.append(
            (
                path,
                ListingPage(
                    corrections=marks(path),
                    title=title.replace("{span}", spans[n]),  # not format(): names may hold braces
                    back=PageLink(back, U.href(path, parent)),
                    pager=tuple(PageLink(s, U.href(path, p), p == path) for s, p in zip(spans, paths)),
                    table=table,
                    rows=tuple(replace(r, href=U.rebase(r.href, parent, path)) for r in chunk),
                    filter=filter_bar((getattr(r, "tag", None) for r in chunk), lk=lk)
                    if table not in ("level_moves", "units")
                    else None,
                    **extra,
                ),
            )
        )
    return tuple(PageLink(s, U.href(parent, p), False) for s, p in zip(spans, paths)), listings
