"""The page of one organization, and the list of all organizations."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote

import pandas as pd

from generator.render import charts, markup, review
from generator.render import urls as U
from generator.render.pages import cyclerows, orgsummary, paging
from generator.render.pages.base import (
    Chart,
    FilterBar,
    Level,
    Link,
    MethodNote,
    OrgRow,
    Page,
    PageLink,
    Trend,
    doc,
    filter_bar,
    level,
    method_notes,
    trend,
)
from generator.render.readmodel import ReadModel, rounded


@dataclass(frozen=True)
class OrgCard:
    name: str = doc("Organization name")
    district: str = doc("District, '' = none")
    website: str = doc("Website address as given in the data, '' = none")
    head: str = doc("Head of the organization; '' unless monitoring.yml publishes personal names")
    groups: tuple[str, ...] = doc("Labels of its groups (monitoring.yml `groups:`), latest year", default=())
    territory: tuple[Link, ...] = doc(
        "Its territorial unit and the units above it, from the top down, linked to their pages; () = none",
        default=(),
    )


@dataclass(frozen=True)
class OrgTotal:
    score: float | None = doc("Total score")
    level: Level | None = doc("Level of the total score")
    rank: str = doc("Place among organizations of the kind, with their number («3 из 40»)")
    trend: Trend | None = doc("Trend of the total score")


@dataclass(frozen=True)
class OrgDirectionRow:
    name: str = doc("Direction name")
    depth: int = doc("Depth in the tree, 0 at the top")
    href: str = doc("Link to the direction page")
    score: float | None = doc("Score of the organization on the direction")
    level: Level | None = doc("Level of that score")
    rank: str = doc("Place among organizations of the kind")
    peer: float | None = doc("Mean score of the organizations of the same kind")
    trend: Trend | None = doc("Trend of the score")


@dataclass(frozen=True)
class HistoryRow:
    year: int = doc("Monitoring year")
    href: str = doc("Link to the year page")
    score: float | None = doc("Total score of the year")
    level: Level | None = doc("Level of the total score")
    rank: str = doc("Place among organizations of the kind, with their number")
    peer: float | None = doc("Mean total score of the kind")
    trend: Trend | None = doc("Trend of the total score")


@dataclass(frozen=True)
class OrgIndicatorRow:
    id: str = doc("Indicator id")
    name: str = doc("Indicator name")
    href: str = doc("Link to the indicator page")
    unit: str = doc("Unit of the value")
    value: float | None = doc("Value submitted, None = not submitted")
    score: float | None = doc("Score of the indicator")
    peer_score: float | None = doc("Mean score of the kind on the indicator")
    peer_value: float | None = doc("Municipal value of the indicator among the kind")
    peer_unit: str = doc("Unit of the municipal value ('percent' for yes/no)")
    rank: str = doc("Place among organizations of the kind")
    trend: Trend | None = doc("Trend of the value")
    note: str = doc("Note submitted with the value, '' = none")
    gap: float | None = doc("Distance to the kind's mean score (strengths and deficits), rounded", default=None)


@dataclass(frozen=True)
class OrgRec:
    direction: str = doc("Direction name")
    href: str = doc("Link to the direction page")
    level: Level | None = doc("Level the recommendation is for")
    text: str = doc("Text of the recommendation")


@dataclass(frozen=True)
class OrgLinks:
    year: str = doc("Link to the page of the organization's latest year")
    methodology: str = doc("Link to the methodology page")


@dataclass(frozen=True)
class OrganizationPage(Page):
    TEMPLATE = "organization.md.j2"
    org: OrgCard = doc("Name, district, website and head")
    kind_label: str = doc("Label of the organization's kind")
    kind_one: str = doc("The kind as the name of one organization («общеобразовательная организация»), '' = unknown")
    year: int = doc("Latest year the organization took part in")
    closed: bool = doc("True when that year is not the latest monitoring year")
    total: OrgTotal | None = doc("Total score of that year, None = not scored")
    peer_total: float | None = doc("Mean total score of the kind")
    directions: tuple[OrgDirectionRow, ...] = doc("Scores by direction, in tree order")
    compare_chart: Chart = doc("Chart: the organization's direction scores beside the kind's means")
    history: tuple[HistoryRow, ...] = doc("Total score in every year")
    history_chart: Chart = doc("Chart of the total score by year")
    indicators: tuple[OrgIndicatorRow, ...] = doc("Every indicator of the latest year")
    strengths: tuple[OrgIndicatorRow, ...] = doc("Up to 5 indicators most above the kind's mean score")
    deficits: tuple[OrgIndicatorRow, ...] = doc("Up to 5 indicators most below the kind's mean score")
    missing: tuple[OrgIndicatorRow, ...] = doc("Indicators with no value submitted")
    recommendations: tuple[OrgRec, ...] = doc("Recommendations of the latest year")
    rec_groups: tuple[orgsummary.RecGroup, ...] = doc("Recommendations of the latest year, grouped by direction")
    rec_count: str = doc("How many recommendations, in words: «22 рекомендации по 7 направлениям»")
    summary: orgsummary.OrgSummary = doc("The top of the page: what is measured, levels, the trend over the years")
    compare: str = doc("Link to the comparison page with this organization picked")
    links: OrgLinks = doc("Links in the texts")
    method_notes: tuple[MethodNote, ...] = doc("Methodology changes between the organization's years")
    method_notes_latest: tuple[MethodNote, ...] = doc("The change behind the latest year's trend")
    measures: tuple[cyclerows.MeasureRow, ...] = doc(
        "Measures for the organization, every year, with their status and effect (rules 9-10); empty = none",
        default=(),
    )
    association: str = doc("The sentence saying that an effect is an association, not a proof of cause", default="")
    letter: str = doc("Link to the letter to the head on the latest year's results (DOCX), issue 15", default="")


def organization(lk: ReadModel, org_id: str, page: str) -> OrganizationPage:
    info = lk.org[org_id]
    years = lk.org_years[org_id]
    y = years[-1]
    kind = info.kind
    # O(1) look-ups in the indexes ReadModel built once: no scan of the scores frame per page.
    now = lk.org_now.get(org_id, {})
    totals = lk.org_totals.get(org_id, {})
    total = now.get(("total", "total"))
    directions = []
    compare_rows = []
    for d in lk.direction_rows[y]:
        r = now.get(("direction", d.id))
        if r is None:
            continue
        m = lk.muni(y, kind, "direction", d.id)
        directions.append(
            OrgDirectionRow(
                d.name,
                int(d.depth),
                U.href(page, U.direction(d.id)),
                r.score,
                level(lk, y, r.level),
                markup.rank(r.rank_min, r.rank_max),
                m.score if m else None,
                trend(r.trend, r.delta),
            )
        )
        if not pd.isna(r.score):
            compare_rows.append({"direction": d.name, "who": "Организация", "score": rounded(r.score)})
            if m and m.score is not None:
                compare_rows.append({"direction": d.name, "who": "Среднее по типу", "score": rounded(m.score)})
    kind_label = lk.kinds.get(kind, kind)
    compare_chart = Chart(
        charts.compare(compare_rows, lk.levels[y]),
        alt=f"Столбчатая диаграмма: баллы организации по направлениям в {y} году рядом со средним баллом организаций "
        "того же типа. Данные — в таблице ниже.",
        caption=f"Баллы по направлениям и среднее по типу «{kind_label}», {y}",
        columns=["Направление", "Организация", "Среднее по типу"],
        rows=[[d.name, markup.score(d.score), markup.score(d.peer)] for d in directions],
        file=f"{org_id}-directions-{y}",
        printed=False,  # the directions table below it has every score, with its level: two printed pages
    )
    history = []
    trend_rows = []
    for hy in years:
        t = totals.get(hy)
        if t is None:
            continue
        of = int(lk.ranked_count.get((hy, t.kind), 0))
        m = lk.muni(hy, t.kind, "total", "total")
        history.append(
            HistoryRow(
                hy,
                U.href(page, U.year(hy)),
                t.score,
                level(lk, hy, t.level),
                markup.rank(t.rank_min, t.rank_max, of),
                m.score if m else None,
                trend(t.trend, t.delta),
            )
        )
        if not pd.isna(t.score):
            trend_rows.append({"year": hy, "series": "Организация", "value": rounded(t.score)})
        if m and m.score is not None:
            trend_rows.append({"year": hy, "series": "Среднее по типу", "value": rounded(m.score)})
    history_chart = Chart(
        charts.trend(trend_rows, "Итоговый балл (из 100)", {hy: lk.levels[hy] for hy in years}),
        alt="Линейный график: итоговый балл организации по годам рядом со средним по типу. Данные — в таблице истории.",
        caption="Итоговый балл по годам",
        columns=["Год", "Организация", "Среднее по типу"],
        rows=[[str(h.year), markup.score(h.score), markup.score(h.peer)] for h in history],
        file=f"{org_id}-history",
    )
    indicators = []
    notes = lk.notes.get((y, org_id), {})
    for ind in lk.indicator_rows[y]:
        r = now.get(("indicator", ind.id))
        if r is None:
            continue
        peer = lk.peer_score.get((y, kind, ind.id))
        m = lk.muni(y, kind, "indicator", ind.id)
        indicators.append(
            OrgIndicatorRow(
                ind.id,
                ind.name,
                U.href(page, U.indicator(ind.id)),
                ind.unit,
                None if pd.isna(r.value) else float(r.value),
                r.score,
                None if peer is None or pd.isna(peer) else float(peer),
                m.value if m else None,
                "percent" if ind.unit == "boolean" else ind.unit,
                markup.rank(r.rank_min, r.rank_max),
                trend(r.trend, r.delta, ind.unit),
                notes.get(ind.id, ""),
            )
        )
    gaps = [
        (i.score - i.peer_score, i)
        for i in indicators
        if i.value is not None and i.peer_score is not None and not pd.isna(i.score)
    ]
    strengths = [replace(i, gap=rounded(g)) for g, i in sorted(gaps, key=lambda t: (-t[0], t[1].id)) if rounded(g) > 0][
        :5
    ]
    deficits = [replace(i, gap=-rounded(g)) for g, i in sorted(gaps, key=lambda t: (t[0], t[1].id)) if rounded(g) < 0][
        :5
    ]
    recs = tuple(
        OrgRec(lk.node_name(r.direction_id), lk.node_href(page, r.direction_id), level(lk, y, r.level), r.text)
        for r in lk.recs.get(org_id, [])
        if r.year == y
    )
    year_recs = [r for r in lk.recs.get(org_id, []) if r.year == y]
    groups = orgsummary.rec_groups(
        year_recs,
        lk.node_name,  # a direction, or the total (rule 8b)
        lambda lv: level(lk, y, lv),
        lambda did: lk.node_href(page, did),
    )
    of = int(lk.ranked_count.get((y, kind), 0))
    peer_total = lk.muni(y, kind, "total", "total")
    points = tuple(
        orgsummary.TrendPoint(h.year, rounded(h.score), h.level)
        for h in history
        if h.score is not None and not pd.isna(h.score)
    )
    summary = orgsummary.summary(
        points,
        lk.levels[y],
        level(lk, y, total.level) if total is not None else None,
        None if total is None or pd.isna(total.score) else float(total.score),
        peer_total.score if peer_total else None,
        sum(1 for d in directions if d.score is not None and not pd.isna(d.score)),
        sum(1 for i in indicators if i.score is not None and not pd.isna(i.score)),
    )
    notes_all, notes_latest = review.org_notes(lk, org_id)
    return OrganizationPage(
        corrections=lk.marks_for(page),
        # Personal names are published only when monitoring.yml says so.
        org=OrgCard(
            info.name,
            info.district,
            info.website,
            info.head if lk.ds.settings.publish_personal_names else "",
            tuple(lk.units.group_labels.get(g, g) for g in info.groups),
            tuple(Link(u.name, U.href(page, U.territory(u.id))) for u in lk.units.path(info.territory)),
        ),
        kind_label=kind_label,
        kind_one=lk.ds.settings.singular(kind),
        year=y,
        closed=y != lk.latest,
        total=None
        if total is None
        else OrgTotal(
            total.score,
            level(lk, y, total.level),
            markup.rank(total.rank_min, total.rank_max, of),
            trend(total.trend, total.delta),
        ),
        peer_total=peer_total.score if peer_total else None,
        directions=tuple(directions),
        compare_chart=compare_chart,
        history=tuple(history),
        history_chart=history_chart,
        indicators=tuple(indicators),
        strengths=tuple(strengths),
        deficits=tuple(deficits),
        missing=tuple(i for i in indicators if i.value is None),
        recommendations=recs,
        rec_groups=groups,
        rec_count=(
            markup.plural(len(year_recs), "рекомендация", "рекомендации", "рекомендаций")
            + " по "
            + markup.plural(len(groups), "направлению", "направлениям", "направлениям")
        )
        if year_recs
        else "",
        summary=summary,
        compare=markup.SafeUrl(f"{U.href(page, U.COMPARE)}?kind={quote(kind)}&orgs={quote(org_id)}"),
        links=OrgLinks(U.href(page, U.year(y)), U.href(page, U.METHODOLOGY)),
        method_notes=method_notes(notes_all),
        method_notes_latest=method_notes(notes_latest),
        measures=cyclerows.measure_rows(lk, page, lk.cycle.by_org.get(org_id, [])),
        association=cyclerows.ASSOCIATION,
        letter=U.href(page, U.letter_file(y, org_id)),
    )


@dataclass(frozen=True)
class OrgGroup:
    id: str = doc("Kind id")
    label: str = doc("Kind label")
    rows: tuple[OrgRow, ...] = doc("Organizations of the kind; empty when they moved to numbered pages")
    pages: tuple[PageLink, ...] = doc("Links to the numbered pages of the group; empty when inline")


@dataclass(frozen=True)
class OrganizationsPage(Page):
    TEMPLATE = "organizations.md.j2"
    groups: tuple[OrgGroup, ...] = doc("Organizations by kind, in file order")
    filter: FilterBar = doc("Choices of the organization filter: kinds and districts")
    compare: str = doc("Link to the comparison page")


def organizations(lk: ReadModel, page: str) -> tuple[OrganizationsPage, list[paging.Listing]]:
    """The list of organizations and the numbered pages of its long groups."""
    by_kind = []
    for kind, label in lk.kinds.items():
        rows = []
        for oid in lk.orgs_of_kind.get(kind, ()):
            info = lk.org[oid]
            totals = lk.org_totals.get(oid)
            t = totals[max(totals)] if totals else None  # the latest total the organization has
            last = lk.org_years[oid][-1]
            rows.append(
                OrgRow(
                    info.name,
                    U.href(page, U.org(oid)),
                    info.district,
                    last,
                    None if t is None else t.score,
                    None if t is None else level(lk, last, t.level),
                    last != lk.latest,
                    lk.tags[oid],
                )
            )
        if rows:
            by_kind.append((kind, label, tuple(rows)))
    paged = paging.too_long(*(rows for _, _, rows in by_kind))
    groups, listings = [], []
    for kind, label, rows in by_kind:
        inline, links, more = paging.place(
            paged, rows, page, ("organizations", kind), label + ": {span}", "Организации", "orgs", lk.marks_for, lk
        )
        listings += more
        groups.append(OrgGroup(kind, label, inline, links))
    return OrganizationsPage(
        corrections=lk.marks_for(page),
        groups=tuple(groups),
        filter=filter_bar(lk.tags.values(), lk.kinds, lk),
        compare=U.href(page, U.COMPARE),
    ), listings
