"""The pages of a direction and of an indicator: the municipal series by year
and every organization's result in the latest year."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.compute import ALL
from generator.model import METHOD_LABELS, POLARITY_LABELS, UNIT_LABELS
from generator.render import charts, markup, review
from generator.render import urls as U
from generator.render.pages import cyclerows, paging
from generator.render.pages.base import (
    Chart,
    FilterBar,
    Link,
    MethodNote,
    Page,
    ResultGroup,
    ResultRow,
    SeriesCell,
    SeriesRow,
    doc,
    filter_bar,
    level,
    method_notes,
    trend,
)
from generator.render.readmodel import ReadModel, rounded


@dataclass(frozen=True, kw_only=True)
class NodePage(Page):
    """What a direction page and an indicator page share."""

    name: str = doc("Name of the direction or indicator")
    weight: float = doc("Weight in the parent direction's mean")
    year: int = doc("Latest year the node is in the monitoring")
    years: tuple[int, ...] = doc("Every year the node is in the monitoring")
    table: tuple[SeriesRow, ...] = doc("Municipal figure by year and scope")
    scopes: tuple[str, ...] = doc("Column heads of the table: all organizations, then kinds with a figure")
    chart: Chart = doc("Chart of the municipal figure by year")
    results: tuple[ResultGroup, ...] = doc("Results of the organizations of each kind, latest year")
    method_notes: tuple[MethodNote, ...] = doc("Methodology changes affecting the node between its years")
    filter: FilterBar | None = doc(
        "Choices of the filter of the results (districts); None = no rows inline", default=None
    )


@dataclass(frozen=True, kw_only=True)
class DirectionPage(NodePage):
    TEMPLATE = "direction.md.j2"
    parent: Link | None = doc("The direction above, None at the top")
    children_dirs: tuple[Link, ...] = doc("Directions directly below, in file order")
    children_inds: tuple[Link, ...] = doc("Indicators of the direction, in file order")
    points_share: bool = doc("True when the score is the share of points (rule 3b), not a weighted mean", default=False)
    description: str = doc("What the direction assesses (directions.csv description), '' = not given")
    measures: tuple[cyclerows.MeasureRow, ...] = doc(
        "Measures that addressed the direction, every year, with their effect (rules 9-10); empty = none", default=()
    )
    association: str = doc("The sentence saying that an effect is an association, not a proof of cause", default="")
    effects: tuple[cyclerows.NodeEffect, ...] = doc("Mean effect of each year's measures for it; () = none", default=())


@dataclass(frozen=True, kw_only=True)
class IndicatorPage(NodePage):
    TEMPLATE = "indicator.md.j2"
    unit: str = doc("Unit id of the values (boolean, percent, count, number, points)")
    max_points: float | None = doc("Maximum points (method points), None = not given")
    target: float | None = doc("Target value (method target), None = not given")
    source: str = doc("Where the data comes from, '' = not given")
    description: str = doc("What is counted, '' = not given")
    direction: Link = doc("The direction the indicator belongs to")
    unit_label: str = doc("Russian label of the unit")
    method_label: str = doc("Russian label of the scoring method")
    polarity_label: str = doc("Russian label of the polarity")
    kinds: tuple[str, ...] = doc("Labels of the kinds the indicator applies to («все типы» = all)")
    groups: tuple[str, ...] = doc("Labels of the groups it applies only to (indicators.groups); () = no such limit")
    pooled: bool = doc("True when the municipal value is the ratio of the sums of the fractions (rule 7b)")
    muni_unit: str = doc("Unit of the municipal value ('percent' for a yes/no indicator)")
    formula: str = doc("The score formula in words")


def _series(
    lk: ReadModel, node_kind: str, node_id: str, attr: str
) -> tuple[tuple[SeriesRow, ...], list[dict], tuple[str, ...]]:
    """(table rows, chart rows, scope labels): a scope (all organizations, a
    kind) with no value in any year, e.g. a kind the indicator does not apply
    to, has no column."""
    table, chart_rows = [], []
    scopes = [(ALL, "Все организации"), *lk.kinds.items()]
    # A municipal value of an indicator in % (a share of «да» too) changes in п. п.
    unit = "percent" if node_kind == "indicator" and lk.indicator[node_id].unit in ("percent", "boolean") else ""
    for y in lk.years:
        cells = []
        present = False
        for scope, label in scopes:
            m = lk.muni(y, scope, node_kind, node_id)
            v = None if m is None else getattr(m, attr)
            cells.append(
                SeriesCell(v, level(lk, y, m.level) if m else None, trend(m.trend, m.delta, unit) if m else None)
            )
            if v is not None:
                present = True
                chart_rows.append({"year": y, "series": label, "value": rounded(v)})
        if present:
            table.append((y, cells))
    keep = [k for k in range(len(scopes)) if any(cells[k].value is not None for _, cells in table)]
    rows = tuple(SeriesRow(y, tuple(cells[k] for k in keep)) for y, cells in table)
    return rows, chart_rows, tuple(scopes[k][1] for k in keep)


def _results(
    lk: ReadModel, node_kind: str, node_id: str, y: int, page: str, name: str
) -> tuple[tuple[ResultGroup, ...], list]:
    """Results of each kind, and the numbered pages of long groups."""
    rows = [r for r in lk.node_latest.get((node_kind, node_id), []) if r.year == y]
    unit = lk.indicator[node_id].unit if node_kind == "indicator" else None
    by_kind = []
    for kind, label in lk.kinds.items():
        # By place, unranked last, then by id: the order of sort_values(["rank_min", "org_id"]).
        of_kind = sorted(
            (r for r in rows if r.kind == kind),
            key=lambda r: (r.rank_min != r.rank_min, 0 if r.rank_min != r.rank_min else r.rank_min, r.org_id),
        )
        if of_kind:
            by_kind.append(
                (
                    kind,
                    label,
                    tuple(
                        ResultRow(
                            lk.name(r.org_id),
                            U.href(page, U.org(r.org_id)),
                            None if pd.isna(r.value) else float(r.value),
                            r.score,
                            markup.rank(r.rank_min, r.rank_max),
                            level(lk, y, r.level),
                            trend(r.trend, r.delta, unit or ""),
                            lk.tags[r.org_id],
                        )
                        for r in of_kind
                    ),
                )
            )
    paged = paging.too_long(*(g for _, _, g in by_kind))
    groups, listings = [], []
    for kind, label, group in by_kind:
        inline, links, more = paging.place(
            paged,
            group,
            page,
            (node_kind + "s", node_id, kind),
            f"{name}: {label.lower()}, {y}, места {{span}}",
            name,
            "results",
            lk.marks_for,
            lk,
            unit=unit,
            show_value=node_kind == "indicator",
        )
        listings += more
        groups.append(ResultGroup(kind, label, unit, inline, links))
    return tuple(groups), listings


def _filter(results: tuple[ResultGroup, ...], lk: ReadModel | None = None) -> FilterBar | None:
    """The filter over the rows shown on the page; None when every group moved to numbered pages."""
    rows = [r for g in results for r in g.rows]
    return filter_bar((r.tag for r in rows), lk=lk) if rows else None


def direction(lk: ReadModel, direction_id: str, page: str) -> tuple[DirectionPage, list[paging.Listing]]:
    d = lk.direction[direction_id]
    years = lk.direction_years[direction_id]
    y = years[-1]
    # Children from the indexes ReadModel built once: a scan of the year's tables per page is quadratic.
    children_dirs = tuple(
        Link(c.name, U.href(page, U.direction(c.id))) for c in lk.child_directions[y].get(direction_id, [])
    )
    children_inds = tuple(
        Link(i.name, U.href(page, U.indicator(i.id))) for i in lk.child_indicators[y].get(direction_id, [])
    )
    parent = lk.direction.get(d.parent_id) if d.parent_id else None
    table, chart_rows, scopes = _series(lk, "direction", direction_id, "score")
    chart = Chart(
        charts.trend(chart_rows, "Средний балл (из 100)", {y: lk.levels[y] for y in years}),
        alt="Линейный график: свод (средний балл) по направлению по годам, всего и по типам организаций. "
        f"Данные — в таблице «{d.name[:60]}» ниже.",
        caption="Свод по годам",
        columns=[],
        rows=[],
        table_ref="series",
        file=f"direction-{direction_id}",
    )
    results, listings = _results(lk, "direction", direction_id, y, page, d.name)
    return DirectionPage(
        corrections=lk.marks_for(page),
        name=d.name,
        weight=d.weight,
        year=y,
        years=tuple(years),
        parent=None if parent is None else Link(parent.name, U.href(page, U.direction(parent.id))),
        children_dirs=children_dirs,
        children_inds=children_inds,
        description=str(d.description or ""),
        points_share=d.aggregation == "points_share",
        table=table,
        scopes=scopes,
        chart=chart,
        results=results,
        method_notes=method_notes(review.node_notes(lk, "direction", direction_id)),
        filter=_filter(results, lk),
        measures=cyclerows.measure_rows(lk, page, lk.cycle.by_node.get(direction_id, [])),
        association=cyclerows.ASSOCIATION,
        effects=cyclerows.node_effects(lk, page, direction_id),
    ), listings


def indicator(lk: ReadModel, indicator_id: str, page: str) -> tuple[IndicatorPage, list[paging.Listing]]:
    i = lk.indicator[indicator_id]
    years = lk.indicator_years[indicator_id]
    y = years[-1]
    table, chart_rows, scopes = _series(lk, "indicator", indicator_id, "value")
    chart = Chart(
        charts.trend(chart_rows, value_axis(i)),
        alt="Линейный график: муниципальное значение показателя по годам, всего и по типам организаций. "
        "Данные — в таблице ниже.",
        caption="Муниципальное значение по годам",
        columns=[],
        rows=[],
        table_ref="series",
        file=f"indicator-{indicator_id}",
    )
    results, listings = _results(lk, "indicator", indicator_id, y, page, i.name)
    return IndicatorPage(
        corrections=lk.marks_for(page),
        name=i.name,
        weight=i.weight,
        year=y,
        years=tuple(years),
        unit=i.unit,
        source=i.source,
        description=i.description,
        max_points=None if pd.isna(i.max_points) else i.max_points,
        target=None if pd.isna(i.target) else i.target,
        direction=Link(lk.direction[i.direction_id].name, U.href(page, U.direction(i.direction_id))),
        unit_label=UNIT_LABELS[i.unit],
        method_label=METHOD_LABELS[i.method],
        polarity_label=POLARITY_LABELS[i.polarity],
        kinds=tuple(lk.kinds.get(k, k) for k in i.kinds) or ("все типы",),
        groups=tuple(lk.units.group_labels.get(g, g) for g in i.groups),
        pooled=i.municipal == "pooled",
        table=table,
        scopes=scopes,
        chart=chart,
        muni_unit="percent" if i.unit == "boolean" else i.unit,
        results=results,
        filter=_filter(results, lk),
        formula=formula(i),
        method_notes=method_notes(review.node_notes(lk, "indicator", indicator_id)),
    ), listings


def value_axis(i) -> str:
    """Title of the value axis of an indicator's chart, with its unit."""
    if i.unit == "boolean":
        return "Доля организаций с ответом «да», %"
    if i.unit == "percent":
        return "Муниципальное значение, %"  # a mean, or pooled (numerators over denominators)
    if i.unit == "points":
        of = "" if pd.isna(i.max_points) else f" из {i.max_points:g}"
        return f"Среднее значение, баллов{of}"
    if i.unit == "count":
        return "Среднее количество"
    return "Среднее значение"


def formula(i) -> str:
    """The score formula of an indicator record, in words."""
    method, lower = i.method, i.polarity == "lower_is_better"
    if method == "boolean":
        return "балл = 100 × значение (1 — да, 0 — нет)"
    if method == "points":
        return f"балл = 100 × значение / {markup.value(i.max_points)} (максимальный балл)"
    if method == "ratio_to_best":
        if lower:
            return (
                "балл = 100 × лучшее / значение, где лучшее — наименьшее значение среди организаций того же типа "
                "в этом году; значение 0 даёт 100 баллов"
            )
        return (
            "балл = 100 × значение / лучшее, где лучшее — наибольшее значение среди организаций того же типа "
            "в этом году; если лучшее равно 0, балл 0"
        )
    t = markup.value(i.target)
    if lower:
        return f"балл = 100 × {t} (целевое значение) / значение, но не больше 100; значение 0 даёт 100 баллов"
    return f"балл = 100 × значение / {t} (целевое значение), но не больше 100"
