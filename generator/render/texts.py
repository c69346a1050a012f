"""A year's texts (generator/texts.py) as Markdown of a site page, and the
calendar of the yearly cycle (generator/yearsettings.py) in words.

Every piece of staff text goes through markup.text() (every Markdown and HTML
special character becomes an entity), emphasis and links are written as inline
HTML around it, so nothing the staff wrote can start syntax; a link of the
site («/methodology/») is made relative to the page, as the site's own links."""

from __future__ import annotations

import datetime as dt
import html

from markupsafe import Markup

from generator import russian
from generator.render import markup
from generator.render import urls as U
from generator.texts import Block, Heading, ListBlock, Paragraph, Run, Runs, Table, YearText
from generator.yearsettings import CalendarEntry


def site_href(page: str, href: str) -> str:
    """The address of a link as written on `page`: a site path becomes relative."""
    if href.startswith("/"):
        root = U.href(page, "index.md")  # «../../» from years/2025/ to the site's root
        return (root if root != "./" else "") + href.lstrip("/") or "./"
    return href


def _run(run: Run, page: str) -> str:
    out = str(markup.text(run.text))
    if run.emphasis:
        out = f"<em>{out}</em>"
    if run.strong:
        out = f"<strong>{out}</strong>"
    if run.href:
        external = not run.href.startswith(("/", "#"))
        rel = ' rel="nofollow noopener"' if external else ""
        out = f'<a href="{html.escape(site_href(page, run.href), quote=True)}"{rel}>{out}</a>'
    return out


def runs_markdown(runs: Runs, page: str) -> str:
    return "".join(_run(r, page) for r in runs)


def block_markdown(block: Block, page: str, base: int, top: int = 1) -> str:
    """One block; the text's largest heading (level `top`) one level below `base`
    (the level of the text's title), the others below it."""
    if isinstance(block, Heading):
        return "#" * min(base + 1 + block.level - top, 6) + " " + runs_markdown(block.runs, page)
    if isinstance(block, Paragraph):
        return runs_markdown(block.runs, page)
    if isinstance(block, ListBlock):
        return "\n".join(
            (f"{block.start + k}. " if block.ordered else "- ") + runs_markdown(item, page)
            for k, item in enumerate(block.items)
        )
    assert isinstance(block, Table)
    width = len(block.header)

    def row(cells, tag: str) -> str:
        cells = list(cells)[:width] + [()] * (width - len(cells))
        scope = ' scope="col"' if tag == "th" else ""
        return "<tr>" + "".join(f"<{tag}{scope}>{runs_markdown(c, page)}</{tag}>" for c in cells) + "</tr>"

    # A raw HTML block as the site's own tables are: Python-Markdown leaves it as written.
    body = "".join(row(r, "td") for r in block.rows)
    return f'<div class="table-wrap"><table><thead>{row(block.header, "th")}</thead><tbody>{body}</tbody></table></div>'


def text_markdown(text: YearText, page: str, base: int = 2) -> Markup:
    """The blocks of a text as Markdown (without its title), blank lines between blocks."""
    top = min((b.level for b in text.blocks if isinstance(b, Heading)), default=1)
    return Markup("\n\n".join(block_markdown(b, page, base, top) for b in text.blocks))


# -- the calendar ------------------------------------------------------------------------------


def day_words(day: tuple[int, int]) -> str:
    """(2, 1) -> «1 февраля»."""
    return f"{day[1]}\u00a0{russian.MONTHS_GENITIVE[day[0] - 1]}"


def date_words(d: dt.date) -> str:
    """«1 февраля 2026 г.»"""
    return f"{day_words((d.month, d.day))} {d.year}\u00a0г."


def when_yearly(e: CalendarEntry) -> str:
    """The stage's dates in any year: «до 1 февраля следующего года», «с 9 по 20 января»."""
    after = " следующего года" if e.following_year else ""
    if e.start is not None and e.end is not None:
        first = str(e.start[1]) if e.start[0] == e.end[0] and e.start <= e.end else day_words(e.start)
        return f"с {first} по {day_words(e.end)}{after}"
    if e.by is not None:
        return f"до {day_words(e.by)}{after}"
    assert e.on is not None
    return f"{day_words(e.on)}{after}"


def when_in(e: CalendarEntry, year: int) -> str:
    """The stage's dates in monitoring year `year`: «до 1 февраля 2026 г.»."""
    first, last = e.dates(year)
    if first is not None:
        if first.year != last.year:
            return f"с {date_words(first)} по {date_words(last)}"
        start = str(first.day) if first.month == last.month else day_words((first.month, first.day))
        return f"с {start} по {date_words(last)}"
    return ("до " if e.by is not None else "") + date_words(last)


def applies_words(e: CalendarEntry) -> str:
    """For which monitoring years the stage holds, '' = every year."""
    if e.since is not None and e.until is not None:
        return f"в {e.since}–{e.until} годах" if e.since != e.until else f"в {e.since} году"
    if e.since is not None:
        return f"с {e.since} года"
    if e.until is not None:
        return f"по {e.until} год"
    return ""
