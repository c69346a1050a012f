"""The year's own words in the documents: the texts staff wrote for the year
(data/<year>/texts/*.md, generator/texts.py: introduction, problems,
conclusions, any other) and the calendar of the yearly cycle
(generator/yearsettings.py). Absent, the documents say only what the figures
say. The texts' blocks become document blocks here; the writers escape them."""

from __future__ import annotations

from generator import russian
from generator.documents import blocks as B
from generator.model import Dataset
from generator.settings import Settings
from generator.texts import Heading, ListBlock, Paragraph, Run, Table
from generator.yearsettings import calendar_for, due_date

# Texts with a place of their own in the report; any other text of the year gets a section after them.
PLACED = ("introduction", "problems", "conclusions")


def year_texts(ds: Dataset, year: int) -> dict:
    """id -> YearText of the year, in the order of monitoring.yml `year_texts:`."""
    return {t.id: t for t in getattr(ds.year(year), "texts", ()) or ()}


def _runs(runs: tuple[Run, ...], site_url: str = "") -> str:
    out = []
    for r in runs:
        text = r.text
        if r.href and r.href not in text:
            href = r.href
            if href.startswith("/"):
                # A page of the site: its full address, or none when the site's address is not set
                # (a bare «/methodology/» means nothing on paper).
                href = site_url.rstrip("/") + href if site_url else ""
            if href and not href.startswith("#"):
                text += f" ({href})"
        out.append(text)
    return "".join(out)


def text_blocks(text, site_url: str = "") -> tuple:
    """A YearText's blocks as document blocks; its headings sit below the section's own (level 3)."""
    out: list = []
    for b in text.blocks:
        if isinstance(b, Heading):
            out.append(B.Heading(_runs(b.runs, site_url), 3))
        elif isinstance(b, Paragraph):
            out.append(B.Para(_runs(b.runs, site_url)))
        elif isinstance(b, ListBlock):
            items = [_runs(i, site_url) for i in b.items]
            if b.ordered:
                items = [f"{b.start + k}. {t}" for k, t in enumerate(items)]
            out.append(B.Bullets(tuple(items)))
        elif isinstance(b, Table):
            n = max(1, len(b.header))
            out.append(
                B.Table(
                    tuple(_runs(h, site_url) for h in b.header),
                    tuple(tuple(_runs(c, site_url) for c in row) for row in b.rows),
                    tuple([1 / n] * n),
                )
            )
    return tuple(out)


def title_lines(settings: Settings) -> tuple[str, ...]:
    """The authority and the centre above the title (seed 000: «Управление образования …»,
    «… Информационно-методический центр»)."""
    authority = getattr(settings, "authority", "") or ""
    return tuple(t for t in (authority, settings.operator) if t)


def calendar_rows(settings: Settings, year: int) -> tuple[tuple[str, str, str], ...]:
    """The stages of the yearly cycle that applied to the year: stage, dates in words, who is responsible."""
    rows = []
    for e in calendar_for(settings.calendar, year):
        first, last = e.dates(year)
        if first:
            when = f"с {russian.long_date(first.isoformat())} по {russian.long_date(last.isoformat())}"
        elif getattr(e, "on", None):
            when = russian.long_date(last.isoformat())
        else:
            when = f"до {russian.long_date(last.isoformat())}"
        rows.append((e.stage, when, settings.bodies.get(e.responsible, e.responsible)))
    return tuple(rows)


def plan_due(settings: Settings, year: int) -> str:
    """The date the organizations' plans are due (calendar stage `plans`), in words; '' when not set."""
    day = due_date(settings.calendar, "plans", year)
    return russian.long_date(day.isoformat()) if day else ""
