"""The page of one territorial unit (rule 7c) and the index of the units:
summaries of every node and scope, levels, places among the units of the
same kind, dynamics, the unit's organizations and the units below it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute import ALL
from generator.render import markup
from generator.render import urls as U
from generator.render.pages import paging
from generator.render.pages.base import (
    FilterBar,
    Level,
    Link,
    OrgRow,
    Page,
    PageLink,
    UnitRow,
    doc,
    filter_bar,
    level,
    trend,
)
from generator.render.pages.unitrows import UnitRanking, unit_rankings, unit_rows
from generator.render.readmodel import ReadModel
from generator.render.records import Trend


@dataclass(frozen=True)
class UnitNodeRow:
    name: str = doc("Name of the node: «Итоговый балл», a direction or an indicator")
    depth: int = doc("Depth in the tree of directions (0 = top, the total too); an indicator one below its direction")
    href: str = doc("Link to the direction or indicator page, '' for the total")
    indicator: bool = doc("True for an indicator row (its summary is the mean of the indicator's scores)")
    score: float | None = doc("Summary: the mean score of the unit's organizations, None = none")
    level: Level | None = doc("Level of the summary (directions and the total only)")
    rank: str = doc("Place among the units of the same kind, with their number («2 из 6»), «—» = none")
    trend: Trend | None = doc("Trend of the summary against the unit's previous year")


@dataclass(frozen=True)
class UnitScope:
    id: str = doc("Scope: 'all' or a kind id")
    label: str = doc("«Все организации» or the kind's label")
    n: int = doc("Organizations of the scope in the unit with a total score")
    rows: tuple[UnitNodeRow, ...] = doc("The total, then the directions in tree order with their indicators")


@dataclass(frozen=True)
class UnitHistoryRow:
    year: int = doc("Monitoring year")
    href: str = doc("Link to the year page")
    score: float | None = doc("Summary of the total score")
    level: Level | None = doc("Level of that summary")
    rank: str = doc("Place among the units of the same kind, with their number")
    trend: Trend | None = doc("Trend against the unit's previous year")
    n: int = doc("Organizations with a total score")


@dataclass(frozen=True)
class TerritoryPage(Page):
    TEMPLATE = "territory.md.j2"
    name: str = doc("Name of the unit (its latest)")
    kind_label: str = doc("Russian name of the unit's territory kind")
    path: tuple[Link, ...] = doc("The units above it, from the top down, linked")
    year: int = doc("Latest year the unit is in territories.csv")
    closed: bool = doc("True when that year is not the latest monitoring year")
    scopes: tuple[UnitScope, ...] = doc("Summaries of that year: all organizations, then each kind present")
    history: tuple[UnitHistoryRow, ...] = doc("The summary of the total score in every year of the unit")
    children: tuple[UnitRow, ...] = doc("Units directly below it, by place; () = none")
    organizations: tuple[OrgRow, ...] = doc("Organizations in it or below it; empty when on numbered pages")
    org_pages: tuple[PageLink, ...] = doc("Links to the numbered pages of its organizations; empty when inline")
    filter: FilterBar | None = doc("Choices of the organization filter; None = no rows inline")
    index: str = doc("Link to the index of territorial units")


@dataclass(frozen=True)
class TerritoriesPage(Page):
    TEMPLATE = "territories.md.j2"
    year: int = doc("Latest monitoring year: the places and summaries shown")
    year_href: str = doc("Link to the page of that year")
    kinds: tuple[UnitRanking, ...] = doc("Units of that year ranked within each territory kind")


def _node_rows(lk: ReadModel, y: int, unit_id: str, kind: str, scope: str, page: str) -> tuple[UnitNodeRow, ...]:
    u = lk.units
    rows = []

    def add(name: str, depth: int, href: str, node_kind: str, node_id: str) -> None:
        s = u.summary(y, unit_id, scope, node_kind, node_id)
        if s is None:
            return
        scored = s.score == s.score
        of = u.of_rank(y, scope, kind, node_kind, node_id)
        rows.append(
            UnitNodeRow(
                name,
                depth,
                href,
                node_kind == "indicator",
                float(s.score) if scored else None,
                level(lk, y, s.level) if scored and s.level else None,
                markup.rank(s.rank_min, s.rank_max, of) if scored else "—",
                trend(s.trend, s.delta) if scored else None,
            )
        )

    add("Итоговый балл", 0, "", "total", "total")
    for d in lk.direction_rows[y]:
        add(d.name, int(d.depth), U.href(page, U.direction(d.id)), "direction", d.id)
        for i in lk.child_indicators[y].get(d.id, []):
            add(i.name, int(d.depth) + 1, U.href(page, U.indicator(i.id)), "indicator", i.id)
    return tuple(rows)


def territory(lk: ReadModel, unit_id: str, page: str) -> tuple[TerritoryPage, list[paging.Listing]]:
    u = lk.units
    unit = u.unit[unit_id]
    years = u.unit_years[unit_id]
    y = years[-1]
    members = u.members.get((y, unit_id), [])
    kinds_present = {lk.org[o].kind for o in members}
    scopes = []
    for scope, label in [(ALL, "Все организации"), *((k, v) for k, v in lk.kinds.items() if k in kinds_present)]:
        rows = _node_rows(lk, y, unit_id, unit.kind, scope, page)
        total = u.summary(y, unit_id, scope, "total", "total")
        if rows:
            scopes.append(UnitScope(scope, label, total.n if total else 0, rows))
    history = []
    for hy in years:
        s = u.summary(hy, unit_id, ALL, "total", "total")
        if s is None:
            continue
        scored = s.score == s.score
        history.append(
            UnitHistoryRow(
                hy,
                U.href(page, U.year(hy)),
                float(s.score) if scored else None,
                level(lk, hy, s.level) if scored else None,
                markup.rank(s.rank_min, s.rank_max, u.of_rank(hy, ALL, unit.kind, "total", "total")) if scored else "—",
                trend(s.trend, s.delta) if scored else None,
                s.n,
            )
        )
    orgs = []
    for oid in members:
        t = lk.org_totals.get(oid, {}).get(y)
        info = lk.org[oid]
        orgs.append(
            OrgRow(
                info.name,
                U.href(page, U.org(oid)),
                info.district,
                y,
                None if t is None else t.score,
                None if t is None else level(lk, y, t.level),
                False,
                lk.tags[oid],
            )
        )
    rows = tuple(orgs)
    inline, links, listings = paging.place(
        paging.too_long(rows), rows, page, ("territories", unit_id), f"{unit.name}: организации {{span}}",
        unit.name, "orgs", lk.marks_for, lk,
    )  # fmt: skip
    return TerritoryPage(
        corrections=lk.marks_for(page),
        name=unit.name,
        kind_label=u.kind_label(unit.kind),
        path=tuple(Link(p.name, U.href(page, U.territory(p.id))) for p in u.path(unit_id)[:-1]),
        year=y,
        closed=y != lk.latest,
        scopes=tuple(scopes),
        history=tuple(history),
        children=unit_rows(lk, y, page, u.children.get((y, unit_id), [])),
        organizations=inline,
        org_pages=links,
        filter=filter_bar((r.tag for r in inline), lk.kinds, lk) if inline else None,
        index=U.href(page, U.TERRITORIES),
    ), listings


def territories(lk: ReadModel, page: str) -> tuple[TerritoriesPage, list[paging.Listing]]:
    y = max(y for y in lk.years if lk.units.units_of_year.get(y))
    kinds, listings = unit_rankings(lk, y, page, ("territories",))
    return TerritoriesPage(
        corrections=lk.marks_for(page),
        year=y,
        year_href=U.href(page, U.year(y)),
        kinds=kinds,
    ), listings
