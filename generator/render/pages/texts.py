"""Issue 11, items 2, 8 and 9: the year's own texts and its calendar on the year
page, the page «Сроки мониторинга» (the yearly cycle, in the section «О проекте»)
and the page «Источники данных» (every indicator with its source and unit, by
direction, with the years it applies to)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.model import UNIT_LABELS
from generator.render import urls as U
from generator.render.pages.base import Page, doc
from generator.render.readmodel import ReadModel
from generator.render.texts import applies_words, text_markdown, when_in, when_yearly
from generator.yearsettings import CalendarEntry, calendar_for


@dataclass(frozen=True)
class TextSection:
    id: str = doc("Id of the text (year_texts in monitoring.yml), the anchor of its heading")
    title: str = doc("Title of the text («Выводы»)")
    body: Markup = doc("The text as safe Markdown (generator/render/texts.py), headings below the title")


@dataclass(frozen=True)
class CalendarRow:
    stage: str = doc("Name of the stage («Сбор данных организаций»)")
    when: str = doc("Its dates in words: in a given year («до 1 февраля 2026 г.») or yearly («до 1 февраля»)")
    responsible: str = doc("Who is responsible: the body's name or the text of monitoring.yml, '' = not said")
    applies: str = doc("For which monitoring years the stage holds («с 2024 года»), '' = every year")


def _responsible(lk: ReadModel, e: CalendarEntry) -> str:
    return lk.ds.settings.bodies.get(e.responsible, e.responsible)


def year_texts(lk: ReadModel, y: int, page: str) -> tuple[TextSection, ...]:
    """The texts of year y, in the order of year_texts; () when it has none."""
    return tuple(TextSection(t.id, t.title, text_markdown(t, page)) for t in lk.ds.year(y).texts)


def year_calendar(lk: ReadModel, y: int) -> tuple[CalendarRow, ...]:
    """The stages that applied to monitoring year y, with their dates in that year."""
    return tuple(
        CalendarRow(e.stage, when_in(e, y), _responsible(lk, e), "") for e in calendar_for(lk.ds.settings.calendar, y)
    )


@dataclass(frozen=True)
class CalendarYear:
    year: int = doc("Monitoring year")
    href: str = doc("Link to the year page")
    rows: tuple[CalendarRow, ...] = doc("The stages of that year with their dates")


@dataclass(frozen=True)
class CalendarPage(Page):
    TEMPLATE = "calendar.md.j2"
    stages: tuple[CalendarRow, ...] = doc("Every stage of the calendar, yearly dates, in file order")
    years: tuple[CalendarYear, ...] = doc("The dates that applied to each published year, newest first")
    next_year: bool = doc("True when some stage's dates fall in the year after the monitoring year")


@dataclass(frozen=True)
class AboutCalendar(Page):
    """The calendar's stages inserted into the hand-written about page (its marker
    `<!-- monitoring: calendar -->`, generator/plugin.py)."""

    TEMPLATE = "about_calendar.md.j2"
    stages: tuple[CalendarRow, ...] = doc("Every stage of the calendar, yearly dates, in file order")
    next_year: bool = doc("True when some stage's dates fall in the year after the monitoring year")
    calendar_href: str = doc("Link to the page «Сроки мониторинга»")


def about_calendar(lk: ReadModel, page: str) -> AboutCalendar:
    full = calendar_page(lk, page)
    return AboutCalendar(stages=full.stages, next_year=full.next_year, calendar_href=U.href(page, U.CALENDAR))


def calendar_page(lk: ReadModel, page: str) -> CalendarPage:
    entries = lk.ds.settings.calendar
    return CalendarPage(
        corrections=(),
        stages=tuple(CalendarRow(e.stage, when_yearly(e), _responsible(lk, e), applies_words(e)) for e in entries),
        years=tuple(
            CalendarYear(y, U.href(page, U.year(y)), year_calendar(lk, y))
            for y in reversed(lk.years)
            if calendar_for(entries, y)
        ),
        next_year=any(e.following_year for e in entries),
    )


@dataclass(frozen=True)
class SourceRow:
    name: str = doc("Name of the indicator (as in the latest of its years)")
    href: str = doc("Link to the indicator page")
    unit: str = doc("Russian label of its unit")
    source: str = doc("Source of the data, '' = not given")
    years: str = doc("The years it has this source and unit in («2022–2025», «2023, 2025»)")


@dataclass(frozen=True)
class SourceDirection:
    name: str = doc("Name of the direction the indicators belong to")
    href: str = doc("Link to the direction page")
    rows: tuple[SourceRow, ...] = doc("Its indicators with their sources")


@dataclass(frozen=True)
class SourcesPage(Page):
    TEMPLATE = "sources.md.j2"
    directions: tuple[SourceDirection, ...] = doc("Directions in tree order of the latest year, then older ones")
    missing: int = doc("How many rows have no source given")


def years_words(years: list[int]) -> str:
    """[2022, 2023, 2025] -> «2022–2023, 2025»."""
    spans: list[list[int]] = []
    for y in sorted(years):
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def sources_page(lk: ReadModel, page: str) -> SourcesPage:
    """One row per indicator and (source, unit, direction): an indicator whose
    source changed between years has a row for each, with its years."""
    rows: dict[tuple[str, str, str, str], list[int]] = {}  # (direction, indicator, unit, source) -> years
    names: dict[tuple[str, str, str, str], str] = {}
    direction_names: dict[str, str] = {}
    order: list[str] = []  # directions: the latest year's tree order first
    for y in reversed(lk.years):
        for d in lk.direction_rows[y]:
            direction_names.setdefault(d.id, d.name)
            if d.id not in order:
                order.append(d.id)
        for i in lk.indicator_rows[y]:
            key = (i.direction_id, i.id, i.unit, i.source)
            rows.setdefault(key, []).append(y)
            names.setdefault(key, i.name)
    first = {k[1]: n for n, k in reversed(list(enumerate(rows)))}  # an indicator's rows together
    directions = []
    for d in order:
        of_d = [
            SourceRow(names[k], U.href(page, U.indicator(k[1])), UNIT_LABELS.get(k[2], k[2]), k[3], years_words(ys))
            for k, ys in sorted(rows.items(), key=lambda item: first[item[0][1]])
            if k[0] == d
        ]
        if of_d:
            directions.append(SourceDirection(direction_names[d], U.href(page, U.direction(d)), tuple(of_d)))
    return SourcesPage(
        corrections=(),
        directions=tuple(directions),
        missing=sum(1 for k in rows if not k[3]),
    )


@dataclass(frozen=True)
class LevelText:
    label: str = doc("Level name («Высокий уровень»)")
    description: str = doc("What it means (levels.csv description)")
    years: str = doc("The years the level has this description («2022–2025»)")


def level_texts(lk: ReadModel) -> tuple[LevelText, ...]:
    """Each level with a description and the years it had it, newest first; () = none described."""
    found: dict[tuple[str, str], list[int]] = {}
    for y in reversed(lk.years):
        for lv in lk.levels[y]:
            if lv.description:
                found.setdefault((lv.label, lv.description), []).append(y)
    return tuple(LevelText(label, text, years_words(ys)) for (label, text), ys in found.items())
