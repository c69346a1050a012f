"""What every page context has, and the row types several page kinds share.

A page context is a frozen dataclass, built once by its page builder and
never changed afterwards; its template only formats it. Every field has a
help text (tests/test_template_context.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from generator.model import TREND_LABELS
from generator.render import urls as U
from generator.render.charts import Chart
from generator.render.readmodel import ReadModel, rounded
from generator.render.records import CorrectionMark, Level, Link, MethodNote, OrgTag, PageLink, Trend, doc

__all__ = ["Chart", "Level", "Link", "MethodNote", "OrgTag", "PageLink", "Trend", "Page", "doc"]


@dataclass(frozen=True, kw_only=True)
class Page:
    """The fields of every page."""

    TEMPLATE: ClassVar[str] = ""
    corrections: tuple[CorrectionMark, ...] = doc(
        "Corrections that changed what the page shows, newest first", default=()
    )


def level(lk: ReadModel, year: int, level_id: str) -> Level | None:
    return lk.level(year, level_id) if level_id else None


def trend(trend_id: str, delta, unit: str = "") -> Trend | None:
    """unit: of the value that changed ('percent': the change is in п. п.); '' for a score."""
    if not trend_id:
        return None
    return Trend(trend_id, TREND_LABELS[trend_id], rounded(delta), unit)


def level_colors(lk: ReadModel, year: int) -> tuple[list[str], list[str]]:
    lv = lk.levels[year]
    return [x.label for x in lv], [x.color or "#888888" for x in lv]


def largest_moves(totals, n: int) -> tuple[list, list]:
    """The n largest rises and falls of the total score among total rows
    (ScoreRow) of one year, by change then id; new organizations left out."""
    moved = [t for t in totals if t.delta == t.delta and t.trend != "new"]  # delta is NaN when there is none
    rises = sorted((t for t in moved if t.delta > 0), key=lambda t: (-t.delta, t.org_id))[:n]
    falls = sorted((t for t in moved if t.delta < 0), key=lambda t: (t.delta, t.org_id))[:n]
    return rises, falls


@dataclass(frozen=True)
class Option:
    value: str = doc("Value of the option (a kind id, a district)")
    label: str = doc("Text of the option")


@dataclass(frozen=True)
class FilterBar:
    kinds: tuple[Option, ...] = doc("Kinds to choose from; fewer than two: no kind choice")
    districts: tuple[Option, ...] = doc(
        "Districts to choose from, in Russian alphabetical order; fewer than two, or territorial units offered: none"
    )
    groups: tuple[Option, ...] = doc("Groups of organizations to choose from (monitoring.yml order); none: no choice")
    territories: tuple[Option, ...] = doc(
        "Territorial units to choose from (territories.csv order; a unit holds the units below it); "
        "fewer than two: no choice"
    )


def filter_bar(tags, kinds: dict[str, str] | None = None, lk: ReadModel | None = None) -> FilterBar:
    """The choices of the organization filter over the rows' tags (OrgTag):
    the kinds among them (in the order of `kinds`; None = no kind choice),
    their districts and, with the read model `lk`, their groups and
    territorial units."""
    tags = [t for t in tags if t is not None]
    present = {t.kind for t in tags}
    districts = sorted({t.district for t in tags if t.district}, key=lambda d: (d.lower().replace("ё", "е"), d))
    groups: tuple[Option, ...] = ()
    units: tuple[Option, ...] = ()
    if lk is not None:
        in_groups = {g for t in tags for g in t.groups.split()}
        groups = tuple(Option(g, label) for g, label in lk.units.group_labels.items() if g in in_groups)
        in_units = {u for t in tags for u in t.territories.split()}
        units = tuple(Option(u.id, u.name) for u in lk.units.unit.values() if u.id in in_units)
    if len(units) >= 2:
        districts = []  # the territorial units say where an organization is: one choice of place, not two
    return FilterBar(
        tuple(Option(k, label) for k, label in (kinds or {}).items() if k in present),
        tuple(Option(d, d) for d in districts),
        groups,
        units,
    )


def method_notes(notes: list[dict]) -> tuple[MethodNote, ...]:
    return tuple(MethodNote(n["text"]) for n in notes)


# -- Rows of more than one page kind ------------------------------------------------


@dataclass(frozen=True)
class MoveRow:
    name: str = doc("Organization name")
    href: str = doc("Link to the organization page")
    kind: str = doc("Label of the organization's kind")
    score: float | None = doc("Total score of the year")
    delta: float | None = doc("Change of the total score against the previous year, rounded")
    level: Level | None = doc("Level of the total score")
    tag: OrgTag | None = doc("Short name and search keys of the organization", default=None)


@dataclass(frozen=True)
class RankingRow:
    rank: str = doc("Place among organizations of the kind («3–5» for shared places)")
    name: str = doc("Organization name")
    href: str = doc("Link to the organization page")
    score: float | None = doc("Total score")
    level: Level | None = doc("Level of the total score")
    trend: Trend | None = doc("Trend of the total score")
    tag: OrgTag | None = doc("Short name and search keys of the organization", default=None)


@dataclass(frozen=True)
class OrgRow:
    name: str = doc("Organization name")
    href: str = doc("Link to the organization page")
    district: str = doc("District, '' = none")
    year: int = doc("Latest year the organization took part in")
    score: float | None = doc("Total score of that year")
    level: Level | None = doc("Level of that total score")
    closed: bool = doc("True when the organization left the monitoring before the latest year")
    tag: OrgTag | None = doc("Short name and search keys of the organization", default=None)


@dataclass(frozen=True)
class ResultRow:
    name: str = doc("Organization name")
    href: str = doc("Link to the organization page")
    value: float | None = doc("Value of the indicator (None for a direction or when not submitted)")
    score: float | None = doc("Score of the direction or indicator")
    rank: str = doc("Place among organizations of the kind")
    level: Level | None = doc("Level of the score")
    trend: Trend | None = doc("Trend of the value or score")
    tag: OrgTag | None = doc("Short name and search keys of the organization", default=None)


@dataclass(frozen=True)
class LevelMoveRow:
    name: str = doc("Organization name")
    href: str = doc("Link to the organization page")
    kind: str = doc("Label of the organization's kind")
    score: float | None = doc("Total score of the year")
    old_score: float | None = doc("Total score of the previous year")
    old_level: Level | None = doc("Level in the previous year")
    level: Level | None = doc("Level in the year")
    tag: OrgTag | None = doc("Short name and search keys of the organization", default=None)


@dataclass(frozen=True)
class UnitRow:
    rank: str = doc("Place among the territorial units of the same kind («2», «2–3» for shared places), «—» = none")
    name: str = doc("Name of the unit")
    href: str = doc("Link to the unit's page")
    parent: str = doc("Name of the unit it lies in, '' = none")
    n: int = doc("Number of organizations in the unit and below it with a total score")
    score: float | None = doc("Summary of the total score")
    level: Level | None = doc("Level of that summary")
    trend: Trend | None = doc("Trend of that summary against the unit's previous year")


@dataclass(frozen=True)
class ResultGroup:
    id: str = doc("Kind id of the organizations in the group")
    label: str = doc("Kind label")
    unit: str | None = doc("Unit of the indicator's values; None on a direction page")
    rows: tuple[ResultRow, ...] = doc("Rows shown on the page; empty when they moved to numbered pages")
    pages: tuple[PageLink, ...] = doc("Links to the numbered pages holding the rows; empty when inline")


@dataclass(frozen=True)
class SeriesCell:
    value: float | None = doc("Municipal value or mean score of the scope in the year")
    level: Level | None = doc("Level of the mean score")
    trend: Trend | None = doc("Trend against the previous year")


@dataclass(frozen=True)
class SeriesRow:
    year: int = doc("Monitoring year")
    cells: tuple[SeriesCell, ...] = doc("One cell per scope column (all organizations, then each kind)")


def move_rows(lk: ReadModel, page: str, year: int, rows) -> tuple[MoveRow, ...]:
    """The rows of largest_moves() as the home page and the year page show them."""
    return tuple(
        MoveRow(
            lk.name(r.org_id),
            U.href(page, U.org(r.org_id)),
            lk.kinds.get(r.kind, r.kind),
            r.score,
            rounded(r.delta),
            level(lk, year, r.level),
            lk.tags[r.org_id],
        )
        for r in rows
    )
