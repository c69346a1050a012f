"""The page of one monitoring year: rankings by kind, the municipal summary,
what changed against the previous year."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.arithmetic import round2
from generator.compute import ALL
from generator.render import charts, markup
from generator.render import urls as U
from generator.render.pages import paging, unitrows
from generator.render.pages.base import (
    Chart,
    FilterBar,
    Level,
    Page,
    PageLink,
    RankingRow,
    Trend,
    doc,
    filter_bar,
    level,
    trend,
)
from generator.render.pages.changes import YearChanges, level_moves, year_changes
from generator.render.pages.texts import CalendarRow, TextSection, year_calendar, year_texts
from generator.render.readmodel import ReadModel, rounded
from generator.render.records import MuniValue

# A bar per organization up to this many; beyond, a histogram of scores. The
# same bound as a table that may move to numbered pages (render/pages/paging.py):
# the bar chart's data table is the ranking table, the histogram has its own.
CHART_BARS = paging.INLINE_ROWS


@dataclass(frozen=True)
class KindRanking:
    id: str = doc("Kind id")
    label: str = doc("Kind label")
    rows: tuple[RankingRow, ...] = doc("The ranking, by place; empty when it moved to numbered pages")
    pages: tuple[PageLink, ...] = doc("Links to the numbered pages of the ranking; empty when inline")
    chart: Chart = doc("Bars of the scores, or a histogram beyond CHART_BARS organizations")
    n: int = doc("Number of organizations with a total score")
    summary: MuniValue | None = doc("Mean total score of the kind")
    summary_level: Level | None = doc("Level of the kind's mean total score")


@dataclass(frozen=True)
class IndicatorTrendRow:
    name: str = doc("Indicator name")
    href: str = doc("Link to the indicator page")
    value: float | None = doc("Municipal value of the indicator")
    delta: float | None = doc("Change of the municipal value against the previous year")
    unit: str = doc("Unit of the value ('percent' for a yes/no indicator's share)")


@dataclass(frozen=True)
class MuniTrends:
    improved: tuple[IndicatorTrendRow, ...] = doc("Indicators whose municipal value improved")
    stable: tuple[IndicatorTrendRow, ...] = doc("Indicators whose municipal value is stable")
    worsened: tuple[IndicatorTrendRow, ...] = doc("Indicators whose municipal value worsened")
    new: tuple[IndicatorTrendRow, ...] = doc("Indicators in the monitoring for the first time")


@dataclass(frozen=True)
class DirectionSummaryRow:
    name: str = doc("Direction name")
    depth: int = doc("Depth in the tree, 0 at the top")
    href: str = doc("Link to the direction page")
    score: float | None = doc("Mean score of all organizations on the direction")
    level: Level | None = doc("Level of the mean score")
    trend: Trend | None = doc("Trend of the mean score")


@dataclass(frozen=True)
class YearPage(Page):
    TEMPLATE = "year.md.j2"
    year: int = doc("Monitoring year")
    kinds: tuple[KindRanking, ...] = doc("Ranking and chart of each kind of organization")
    lists: MuniTrends = doc("Indicators grouped by the trend of their municipal value")
    directions: tuple[DirectionSummaryRow, ...] = doc("Mean score of every direction, in tree order")
    municipal_recs: tuple[unitrows.RecGroup, ...] = doc(
        "Recommendations to the municipality, grouped by direction (the first few shown, the rest folded)"
    )
    total: MuniValue | None = doc("Mean total score of all organizations")
    filter: FilterBar = doc("Choices of the filter of the rankings: districts")
    total_level: Level | None = doc("Level of that mean")
    previous: int | None = doc("The monitoring year before this one, None for the first")
    changes: YearChanges | None = doc("What changed against the previous year; None for the first year")
    stable_tolerance: float = doc("Largest change of a value still called stable (monitoring.yml), 0 = none")
    texts: tuple[TextSection, ...] = doc("The year's own texts (data/<year>/texts/), in order; () = none")
    calendar: tuple[CalendarRow, ...] = doc("The stages of the yearly cycle with the dates that applied; () = none")
    calendar_href: str = doc("Link to the page «Сроки мониторинга»")
    body_recs: tuple[unitrows.BodyRecs, ...] = doc(
        "Recommendations to each body of monitoring.yml `bodies:` (rule 8b); () = none", default=()
    )
    municipality: str = doc("Name of the municipality (monitoring.yml `territory`), '' = not given", default="")
    groups: unitrows.GroupTable | None = doc("Summaries of the groups of organizations; None = no groups", default=None)
    units: tuple[unitrows.UnitRanking, ...] = doc(
        "Territorial units of the year ranked within each territory kind; () = no territories.csv", default=()
    )
    territories_href: str = doc("Link to the index of territorial units, '' = none", default="")
    pooled: bool = doc("True when an indicator of the year has a pooled municipal value (rule 7b)", default=False)
    cycle_href: str = doc(
        "Link to the year's management cycle page, '' = none (no measures, goals or practices)", default=""
    )
    report_pdf: str = doc("Link to the year's report as PDF (issue 15)", default="")
    report_docx: str = doc("Link to the year's report as DOCX, for editing", default="")


def _score_histogram(lk: ReadModel, y: int, kind: str, of_kind: list, label: str) -> Chart:
    """Counts of organizations per interval of the total score, by level."""
    step = charts.HISTOGRAM_STEP
    n_bins = 100 // step
    scored = [r for r in of_kind if not pd.isna(r.score)]
    scores = pd.Series([r.score for r in scored], dtype=float).to_numpy()
    bins = (round2(scores) // step).clip(0, n_bins - 1).astype(int)
    level_label = {lv.id: lv.label for lv in lk.levels[y]}
    counts = pd.crosstab(
        bins, pd.Series([r.level for r in scored], dtype=object).map(level_label).fillna("").to_numpy()
    )
    spans = [f"{b * step}–{(b + 1) * step}" for b in range(n_bins)]
    rows = [
        {"lo": b * step, "hi": (b + 1) * step, "bin": spans[b], "level": lv, "count": int(counts.at[b, lv])}
        for b in counts.index
        for lv in counts.columns
        if counts.at[b, lv]
    ]
    shown = [lv.label for lv in lk.levels[y] if lv.label in counts.columns]
    return Chart(
        charts.histogram(rows, lk.levels[y]),
        alt=f"Гистограмма: сколько организаций типа «{label}» получили итоговый балл в каждом интервале "
        f"по {step} баллов в {y} году; цвет — уровень. Данные — в таблице под графиком.",
        caption=f"Распределение итоговых баллов: {label.lower()}, {y}",
        columns=["Баллы", *shown],
        rows=[[spans[b], *[str(int(counts.at[b, lv])) for lv in shown]] for b in counts.index],
        file=f"year-{y}-{kind}",
    )


def _ranking_chart(lk: ReadModel, y: int, kind: str, label: str, of_kind: list) -> Chart:
    if len(of_kind) > CHART_BARS:
        return _score_histogram(lk, y, kind, of_kind, label)
    bars = [
        {
            "name": lk.short(r.org_id),
            "score": rounded(r.score),
            "level": (lk.level(y, r.level).label if r.level else ""),
        }
        for r in of_kind
        if not pd.isna(r.score)
    ]
    return Chart(
        charts.ranking(bars, lk.levels[y]),
        alt=f"Столбчатая диаграмма: итоговые баллы организаций типа «{label}» в {y} году, по убыванию. "
        "Данные — в таблице рейтинга.",
        caption=f"Итоговые баллы: {label.lower()}, {y}",
        columns=[],
        rows=[],
        table_ref=f"ranking-{kind}",
        file=f"year-{y}-{kind}",
    )


def year(lk: ReadModel, y: int, page: str) -> tuple[YearPage, list[paging.Listing]]:
    """The year page and the numbered pages of its long lists."""
    totals = lk.totals_of_year.get(y, ())
    ranked = []
    for kind, label in lk.kinds.items():
        # By place, unranked last, then by id: the order of sort_values(["rank_min", "org_id"]).
        of_kind = sorted((t for t in totals if t.kind == kind), key=_by_place)
        if not of_kind:
            continue
        rows = tuple(
            RankingRow(
                markup.rank(r.rank_min, r.rank_max),
                lk.name(r.org_id),
                U.href(page, U.org(r.org_id)),
                r.score,
                level(lk, y, r.level),
                trend(r.trend, r.delta),
                lk.tags[r.org_id],
            )
            for r in of_kind
        )
        ranked.append((kind, label, of_kind, rows))
    moves = level_moves(lk, y, page)
    paged = paging.too_long(moves, *(rows for _, _, _, rows in ranked))
    listings: list[paging.Listing] = []
    kinds = []
    for kind, label, of_kind, rows in ranked:
        inline, links, more = paging.place(
            paged,
            rows,
            page,
            ("years", y, "kinds", kind),
            f"Результаты {y} года: {label.lower()}, места {{span}}",
            f"Результаты {y} года",
            "ranking",
            lk.marks_for,
            lk,
        )
        listings += more
        m = lk.muni(y, kind, "total", "total")
        kinds.append(
            KindRanking(
                kind,
                label,
                inline,
                links,
                _ranking_chart(lk, y, kind, label, of_kind),
                sum(1 for r in rows if r.score is not None and not pd.isna(r.score)),
                m,
                level(lk, y, m.level) if m else None,
            )
        )
    changes, more = year_changes(lk, y, page, moves, paged)
    listings += more
    lists: dict[str, list[IndicatorTrendRow]] = {"improved": [], "stable": [], "worsened": [], "new": []}
    for ind in lk.indicator_rows[y]:
        m = lk.muni(y, ALL, "indicator", ind.id)
        if m is None or not m.trend:
            continue
        lists[m.trend].append(
            IndicatorTrendRow(
                ind.name,
                U.href(page, U.indicator(ind.id)),
                m.value,
                m.delta,
                "percent" if ind.unit == "boolean" else ind.unit,
            )
        )
    directions = []
    for d in lk.direction_rows[y]:
        m = lk.muni(y, ALL, "direction", d.id)
        if m is not None:
            directions.append(
                DirectionSummaryRow(
                    d.name,
                    int(d.depth),
                    U.href(page, U.direction(d.id)),
                    m.score,
                    level(lk, y, m.level),
                    trend(m.trend, m.delta),
                )
            )
    municipal_recs = unitrows.municipal_recs(lk, y, page)
    units, more = unitrows.unit_rankings(lk, y, page, ("years", y, "territories"))
    listings += more
    total = lk.muni(y, ALL, "total", "total")
    return YearPage(
        corrections=lk.marks_for(page),
        year=y,
        kinds=tuple(kinds),
        lists=MuniTrends(**{k: tuple(v) for k, v in lists.items()}),
        directions=tuple(directions),
        municipal_recs=municipal_recs,
        body_recs=unitrows.body_recs(lk, y, page),
        municipality=lk.ds.settings.territory,
        groups=unitrows.group_table(lk, y),
        units=units,
        territories_href=U.href(page, U.TERRITORIES) if lk.units.unit else "",
        pooled=any(i.municipal == "pooled" for i in lk.indicator_rows[y]),
        total=total,
        total_level=level(lk, y, total.level) if total else None,
        previous=max([p for p in lk.years if p < y], default=None),
        changes=changes,
        filter=filter_bar((lk.tags.get(t.org_id) for t in totals), lk=lk),
        stable_tolerance=lk.ds.settings.stable_tolerance,
        texts=year_texts(lk, y, page),
        calendar=year_calendar(lk, y),
        calendar_href=U.href(page, U.CALENDAR),
        cycle_href=U.href(page, U.cycle(y)) if lk.cycle.used else "",
        report_pdf=U.href(page, U.report_file(y, "pdf")),
        report_docx=U.href(page, U.report_file(y, "docx")),
    ), listings


def _by_place(r) -> tuple:
    unranked = r.rank_min != r.rank_min  # NaN
    return (unranked, 0 if unranked else r.rank_min, r.org_id)
