"""The year page's section «Что изменилось по сравнению с <prev> годом»: level moves,
largest rises and falls, indicators added, dropped or redefined, thresholds.
The changes of the methodology are computed in generator/review/methodchange.py."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import urls as U
from generator.render.pages import paging
from generator.render.pages.base import LevelMoveRow, MoveRow, PageLink, doc, largest_moves, level, move_rows
from generator.render.readmodel import ReadModel

MAX_MOVES = 5


@dataclass(frozen=True)
class IndicatorChange:
    name: str = doc("Indicator name")
    href: str = doc("Link to the indicator page")
    text: str = doc("What changed, a sentence")


@dataclass(frozen=True)
class ThresholdChange:
    label: str = doc("Level name")
    old: float | None = doc("Lower bound in the previous year; None for a new level")
    new: float | None = doc("Lower bound in this year; None for a level no longer used")


@dataclass(frozen=True)
class YearChanges:
    previous: int = doc("The year compared with")
    previous_href: str = doc("Link to the previous year's page")
    method_note: str = doc("How the methodology changed between the years, '' = it did not")
    level_moves: tuple[LevelMoveRow, ...] = doc("Organizations whose level changed; empty when on numbered pages")
    level_moves_count: int = doc("How many organizations changed level")
    level_moves_pages: tuple[PageLink, ...] = doc("Links to the numbered pages of level moves; empty when inline")
    rises: tuple[MoveRow, ...] = doc("Largest rises of the total score")
    falls: tuple[MoveRow, ...] = doc("Largest falls of the total score")
    added: tuple[IndicatorChange, ...] = doc("Indicators new in this year")
    dropped: tuple[IndicatorChange, ...] = doc("Indicators of the previous year left out")
    redefined: tuple[IndicatorChange, ...] = doc("Indicators whose definition changed")
    thresholds: tuple[ThresholdChange, ...] = doc("Levels whose lower bound changed")


def level_moves(lk: ReadModel, y: int, page: str) -> tuple[LevelMoveRow, ...]:
    """Organizations in both years whose level (by label: ids may be renamed) differs."""
    prev = lk.method.previous(y)
    if prev is None:
        return ()
    before = {t.org_id: t for t in lk.totals_of_year.get(prev, ())}
    labels_prev = {lv.id: lv.label for lv in lk.levels[prev]}
    labels_now = {lv.id: lv.label for lv in lk.levels[y]}
    out = []
    for t in lk.totals_of_year.get(y, ()):
        b = before.get(t.org_id)
        if b is None or labels_prev.get(b.level, "") == labels_now.get(t.level, ""):
            continue
        out.append(
            LevelMoveRow(
                lk.name(t.org_id),
                U.href(page, U.org(t.org_id)),
                lk.kinds.get(t.kind, t.kind),
                t.score,
                b.score,
                level(lk, prev, b.level),
                level(lk, y, t.level),
                lk.tags[t.org_id],
            )
        )
    return tuple(out)


def year_changes(
    lk: ReadModel, y: int, page: str, moves: tuple[LevelMoveRow, ...], paged: bool
) -> tuple[YearChanges | None, list[paging.Listing]]:
    """The section, and the numbered pages of the level moves when the page is
    `paged` (render/pages/paging.py)."""
    prev = lk.method.previous(y)
    if prev is None:
        return None, []
    mc = lk.method.between(prev, y)
    inline, links, listings = paging.place(
        paged,
        moves,
        page,
        ("years", y, "level-changes"),
        f"Смена уровня в {y} году по сравнению с {prev}: {{span}}",
        f"Результаты {y} года",
        "level_moves",
        lk.marks_for,
        previous=prev,
        year=y,
    )
    rises, falls = largest_moves(lk.totals_of_year.get(y, ()), MAX_MOVES)

    def ind(what: str) -> tuple[IndicatorChange, ...]:
        return tuple(
            IndicatorChange(lk.indicator[c.node_id].name, U.href(page, U.indicator(c.node_id)), c.text)
            for c in mc.changes
            if c.what == what
        )

    old_levels = {lv.id: lv for lv in lk.levels[prev]}
    new_levels = {lv.id: lv for lv in lk.levels[y]}
    thresholds = []
    for lid, lv in new_levels.items():
        old = old_levels.get(lid)
        if old is None or old.min_score != lv.min_score:
            thresholds.append(ThresholdChange(lv.label, None if old is None else old.min_score, lv.min_score))
    for lid, old in old_levels.items():
        if lid not in new_levels:
            thresholds.append(ThresholdChange(old.label, old.min_score, None))
    return YearChanges(
        previous=prev,
        previous_href=U.href(page, U.year(prev)),
        method_note=mc.sentence(),
        level_moves=inline,
        level_moves_count=len(moves),
        level_moves_pages=links,
        rises=move_rows(lk, page, y, rises),
        falls=move_rows(lk, page, y, falls),
        added=ind("indicator-added"),
        dropped=ind("indicator-dropped"),
        redefined=ind("indicator-redefined"),
        thresholds=tuple(thresholds),
    ), listings
