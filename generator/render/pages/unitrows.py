"""Rows of the groups and territorial units (render/units.py) that the year
page, the territory pages and their index share: the summary of a group,
a unit's place among the units of its kind, the recommendations to the
municipality and to each body of monitoring.yml `bodies:` (rule 8b)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute import ALL
from generator.render import markup
from generator.render import urls as U
from generator.render.pages import paging
from generator.render.pages.base import Level, PageLink, UnitRow, doc, level, trend
from generator.render.pages.orgsummary import RecGroup, rec_groups
from generator.render.readmodel import ReadModel
from generator.render.records import Trend
from generator.render.units import Summary


@dataclass(frozen=True)
class SummaryCell:
    score: float | None = doc("Summary: the mean score of the organizations, None = none")
    level: Level | None = doc("Level of the summary")


@dataclass(frozen=True)
class GroupRow:
    name: str = doc("Label of the group")
    node: str = doc("«Итоговый балл» or the name of a top-level direction")
    total: bool = doc("True for the group's first row, the total")
    n: int = doc("Number of organizations of the group with a score for the node")
    summary: SummaryCell = doc("Summary of the node: the mean score of the group's organizations, and its level")
    trend: Trend | None = doc("Trend of the summary against the previous year")


@dataclass(frozen=True)
class GroupTable:
    rows: tuple[GroupRow, ...] = doc("Each group of monitoring.yml with organizations in the year: its total, then "
                                     "its top-level directions")  # fmt: skip


@dataclass(frozen=True)
class UnitRanking:
    kind: str = doc("Territory kind id (territories.csv `kind`)")
    label: str = doc("Russian name of the kind, plural («Районы»)")
    rows: tuple[UnitRow, ...] = doc("Its units by place, unranked last; empty when they moved to numbered pages")
    pages: tuple[PageLink, ...] = doc("Links to the numbered pages of the ranking; empty when inline", default=())


@dataclass(frozen=True)
class BodyRecs:
    name: str = doc("Name of the body (monitoring.yml `bodies:`)")
    recs: tuple[RecGroup, ...] = doc(
        "Its recommendations of the year by direction (recommendations.csv order), the rest of each folded"
    )


def cell(lk: ReadModel, y: int, s: Summary | None) -> SummaryCell:
    if s is None or s.score != s.score:
        return SummaryCell(None, None)
    return SummaryCell(float(s.score), level(lk, y, s.level))


def group_table(lk: ReadModel, y: int) -> GroupTable | None:
    """The summaries of the groups in year y (scope all): the total and each
    top-level direction; None without groups."""
    u = lk.units
    nodes = [("Итоговый балл", "total", "total")]
    nodes += [(d.name, "direction", d.id) for d in lk.direction_rows[y] if not d.parent_id]
    rows = []
    for g, label in u.group_labels.items():
        if not u.group_members.get((y, g)):
            continue
        for name, node_kind, node_id in nodes:
            s = u.group(y, g, ALL, node_kind, node_id)
            if s is None:
                continue
            trend_ = trend(s.trend, s.delta) if s.score == s.score else None
            rows.append(GroupRow(label, name, node_kind == "total", s.n, cell(lk, y, s), trend_))
    return GroupTable(tuple(rows)) if rows else None


def unit_rows(lk: ReadModel, y: int, page: str, units, node: tuple[str, str] = ("total", "total")) -> tuple:
    """UnitRows of the given units (render.units.Unit) in year y, by place on the node (scope all)."""
    out = []
    for unit in units:
        s = lk.units.summary(y, unit.id, ALL, *node)
        parent = lk.units.unit.get(unit.parent_id)
        scored = s is not None and s.score == s.score
        out.append(
            (
                # By place; within a shared place by the summary, then by id.
                (
                    not scored or s.rank_min != s.rank_min,
                    s.rank_min if scored else 0,
                    -s.score if scored else 0,
                    unit.id,
                ),
                UnitRow(
                    markup.rank(s.rank_min, s.rank_max) if scored else "—",
                    unit.name,
                    U.href(page, U.territory(unit.id)),
                    parent.name if parent else "",
                    s.n if s is not None else 0,
                    float(s.score) if scored else None,
                    level(lk, y, s.level) if scored else None,
                    trend(s.trend, s.delta) if scored else None,
                ),
            )
        )
    return tuple(row for _, row in sorted(out, key=lambda t: t[0]))


def unit_rankings(
    lk: ReadModel, y: int, page: str, name: tuple
) -> tuple[tuple[UnitRanking, ...], list[paging.Listing]]:
    """The units of year y ranked within each territory kind, and the numbered
    pages of long rankings (a region's settlements): lists/<name>/<kind>/<n>."""
    units = lk.units.units_of_year.get(y, [])
    kinds = list(dict.fromkeys(u.kind for u in units))
    ranked = [(k, unit_rows(lk, y, page, [u for u in units if u.kind == k])) for k in kinds]
    paged = paging.too_long(*(rows for _, rows in ranked))
    out, listings = [], []
    for k, rows in ranked:
        label = lk.units.kind_label(k)
        inline, links, more = paging.place(
            paged, rows, page, (*name, k), f"{label}, {y}: места {{span}}", "Территории", "units", lk.marks_for
        )
        listings += more
        out.append(UnitRanking(k, label, inline, links))
    return tuple(out), listings


def municipal_recs(lk: ReadModel, y: int, page: str) -> tuple[RecGroup, ...]:
    """Rules 8 and 8b: the recommendations of year y to the municipality, by direction."""
    return municipal_lines(lk, y, page, lk.recs.get("", []))


def body_recs(lk: ReadModel, y: int, page: str) -> tuple[BodyRecs, ...]:
    """Rule 8b: each body of monitoring.yml that gets a recommendation in year y, in its order there."""
    out = []
    for body, name in lk.units.bodies.items():
        groups = municipal_lines(lk, y, page, lk.body_recs.get(body, []))
        if groups:
            out.append(BodyRecs(name, groups))
    return tuple(out)


def municipal_lines(lk: ReadModel, y: int, page: str, recs) -> tuple[RecGroup, ...]:
    """Grouped as an organization's (orgsummary.rec_groups): a direction once, with the
    recipient's level on it (the municipal summary's); the total has no page to link."""
    return rec_groups(
        [r for r in recs if r.year == y],
        lk.node_name,
        lambda lv: level(lk, y, lv),
        lambda did: "" if did == "total" and did not in lk.direction else lk.node_href(page, did),
    )
