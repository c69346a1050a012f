"""The yearly report's context: every figure of the report, taken from the
read model (generator/render/readmodel.py, built once from Results), never
recomputed here. Its sections follow seed 000 (the centre's hand-written
report): title page, introduction, the methodology in brief, the summary by
kind, the results by direction, the three lists of dynamics, the ranking per
kind, the recommendations, conclusions. layout.py turns it into words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.compute import ALL
from generator.documents import texts
from generator.documents.cycle import cycle_context
from generator.model import METHOD_LABELS, TREND_LABELS
from generator.render import charts
from generator.render.readmodel import ReadModel, rounded
from generator.render.records import Level, doc

ALL_LABEL = "Все организации"
# A kind's ranking is listed whole up to this many organizations; beyond, its first and
# last RANKING_ENDS places (a region's 2,500 would take a hundred pages: the full ranking
# is in results.xlsx and on the site).
RANKING_FULL = 300
RANKING_ENDS = 50


@dataclass(frozen=True)
class TitleInfo:
    top: tuple[str, ...] = doc("The authority and the centre, as monitoring.yml names them")
    territory: str = doc("The municipality, '' = not named")
    title: str = doc("The monitoring's name (monitoring.yml title)")
    place_year: str = doc("Place and year of issue at the foot of the title page")
    notice: str = doc("The demo notice, '' for real data")


@dataclass(frozen=True)
class TreeRow:
    name: str = doc("Direction name")
    depth: int = doc("Depth in the tree, 0 at the top")
    indicators: int = doc("Indicators directly under the direction")
    weight: float = doc("Weight of the direction in its parent's mean")
    points_share: bool = doc("True when the score is the share of points (rule 3b)")


@dataclass(frozen=True)
class MethodCount:
    label: str = doc("Scoring method in words")
    n: int = doc("Indicators scored by it this year")


@dataclass(frozen=True)
class ScopeFigure:
    scope: str = doc("«Все организации» or a kind's label")
    n: int = doc("Organizations the figure is over")
    score: float | None = doc("Mean score (the summary), rounded")
    level: Level | None = doc("Level of the summary")
    delta: float | None = doc("Change against the previous year, rounded")
    trend: str = doc("Trend in words, '' = none")


@dataclass(frozen=True)
class LevelCount:
    scope: str = doc("Kind label")
    counts: tuple[int, ...] = doc("Organizations at each level of the year, best first")


@dataclass(frozen=True)
class FigureSpec:
    spec: dict = doc("The site's Vega-Lite spec, filled (generator/render/charts.py)")
    caption: str = doc("Caption under the chart")
    alt: str = doc("Text alternative")


@dataclass(frozen=True)
class NodeRow:
    name: str = doc("Direction name")
    depth: int = doc("Depth below the section's direction, 0 = itself")
    figures: tuple[ScopeFigure, ...] = doc("Summary for all organizations and each kind")


@dataclass(frozen=True)
class IndicatorFigure:
    name: str = doc("Indicator name")
    unit: str = doc("Unit of the municipal value ('percent' for a yes/no share)")
    value: float | None = doc("Municipal value, rounded")
    delta: float | None = doc("Its change against the previous year")
    trend: str = doc("Trend id, '' = none")


@dataclass(frozen=True)
class DirectionSection:
    id: str = doc("Direction id (anchors)")
    name: str = doc("Direction name")
    nodes: tuple[NodeRow, ...] = doc("The direction and its sub-directions, with their summaries")
    indicators: tuple[IndicatorFigure, ...] = doc("Indicators below it with their municipal values")
    chart: FigureSpec = doc("Bars of the summaries by kind")


@dataclass(frozen=True)
class RankRow:
    place: str = doc("Place («3» or «3–5»)")
    name: str = doc("Organization name")
    score: float | None = doc("Total score")
    level: str = doc("Level label, '' = none")
    delta: float | None = doc("Change of the total score")
    trend: str = doc("Trend in words, '' = none")


@dataclass(frozen=True)
class KindRanking:
    label: str = doc("Kind label")
    rows: tuple[RankRow, ...] = doc("The ranking, by place (beyond RANKING_FULL: the first places)")
    tail: tuple[RankRow, ...] = doc("Beyond RANKING_FULL organizations: the last places; else empty")
    n: int = doc("Organizations of the kind in the ranking")
    chart: FigureSpec = doc("Bars of the total scores, or a histogram beyond the site's bound")


@dataclass(frozen=True)
class RecGroup:
    node: str = doc("Direction name (or «Итоговый балл»)")
    items: tuple[tuple[str, int], ...] = doc("Recommendation text and how many organizations got it")


@dataclass(frozen=True)
class ReportContext:
    year: int = doc("Monitoring year")
    previous: int | None = doc("The monitoring year before, None for the first")
    title: TitleInfo = doc("The title page")
    introduction: tuple = doc("Blocks of the year's text «introduction»; () = written from the figures")
    participants: tuple[tuple[str, int], ...] = doc("Kind label and organizations taking part")
    tree: tuple[TreeRow, ...] = doc("The tree of directions of the year")
    methods: tuple[MethodCount, ...] = doc("Scoring methods of the year's indicators")
    levels: tuple[Level, ...] = doc("The year's levels, best first")
    missing: str = doc("How a value not submitted counts, in words")
    stable_tolerance: float = doc("Largest change still called stable")
    summary: tuple[ScopeFigure, ...] = doc("Total summary for all organizations and each kind")
    best: ScopeFigure | None = doc("The kind with the highest summary")
    level_counts: tuple[LevelCount, ...] = doc("Organizations per level, per kind")
    levels_chart: FigureSpec = doc("Chart of the level counts")
    directions: tuple[DirectionSection, ...] = doc("A section per top-level direction")
    improved: tuple[IndicatorFigure, ...] = doc("Indicators whose municipal value improved")
    stable: tuple[IndicatorFigure, ...] = doc("Indicators whose municipal value is stable")
    worsened: tuple[IndicatorFigure, ...] = doc("Indicators whose municipal value worsened")
    rankings: tuple[KindRanking, ...] = doc("Ranking per kind")
    org_recs: tuple[RecGroup, ...] = doc("Recommendations to heads, by direction, with how many got each")
    municipal_recs: tuple[tuple[str, str], ...] = doc("Recommendations to the municipality: node, text")
    body_recs: tuple[tuple[str, str, str], ...] = doc("Recommendations to bodies: body, node, text")
    problems: tuple = doc("Blocks of the year's text «problems» (the problems found); () = none written")
    conclusions: tuple = doc("Blocks of the year's text «conclusions»; () = written from the figures")
    other_texts: tuple[tuple[str, tuple], ...] = doc("Any other text of the year: its title and blocks")
    calendar: tuple[tuple[str, str, str], ...] = doc("Stages of the yearly cycle: stage, dates, responsible")
    cycle: object = doc("Measures, their effect and goals (generator/documents/cycle.py), None = no such data")


def scope_figure(lk: ReadModel, y: int, scope: str, label: str, node_kind: str, node_id: str) -> ScopeFigure | None:
    m = lk.muni(y, scope, node_kind, node_id)
    if m is None:
        return None
    lv = lk.level(y, m.level) if m.level else None
    return ScopeFigure(label, m.n, rounded(m.score), lv, m.delta, TREND_LABELS.get(m.trend, "") if m.trend else "")


def _scopes(lk: ReadModel) -> list[tuple[str, str]]:
    return [(ALL, ALL_LABEL), *lk.kinds.items()]


def _indicator_figure(lk: ReadModel, y: int, ind) -> IndicatorFigure | None:
    m = lk.muni(y, ALL, "indicator", ind.id)
    if m is None:
        return None
    return IndicatorFigure(ind.name, "percent" if ind.unit == "boolean" else ind.unit, m.value, m.delta, m.trend)


def _below(lk: ReadModel, y: int, root) -> tuple[list[tuple[object, int]], list]:
    """The direction root and its sub-directions (with depth), and every indicator below it, in file order."""
    nodes, inds = [], []

    def walk(d, depth):
        nodes.append((d, depth))
        inds.extend(lk.child_indicators[y].get(d.id, []))
        for c in lk.child_directions[y].get(d.id, []):
            walk(c, depth + 1)

    walk(root, 0)
    return nodes, inds


def _direction_section(lk: ReadModel, y: int, d) -> DirectionSection:
    nodes, inds = _below(lk, y, d)
    rows, chart_rows = [], []
    for node, depth in nodes:
        figures = tuple(
            f for s, label in _scopes(lk) if (f := scope_figure(lk, y, s, label, "direction", node.id)) is not None
        )
        if not figures:
            continue
        rows.append(NodeRow(node.name, depth, figures))
        if depth <= 1:
            chart_rows += [
                {"direction": node.name, "who": f.scope, "score": f.score} for f in figures if f.score is not None
            ]
    indicators = tuple(f for i in inds if (f := _indicator_figure(lk, y, i)) is not None)
    chart = FigureSpec(
        charts.compare(chart_rows, lk.levels[y]),
        f"Свод по направлению «{d.name}» и его разделам: все организации и по типам, {y}",
        f"Столбчатая диаграмма: средний балл по направлению «{d.name}» в {y} году по типам организаций; "
        "данные — в таблице.",
    )
    return DirectionSection(d.id, d.name, tuple(rows), indicators, chart)


def _ranking(lk: ReadModel, y: int, kind: str, label: str) -> KindRanking | None:
    from generator.render.markup import rank

    of_kind = sorted(
        (t for t in lk.totals_of_year.get(y, ()) if t.kind == kind),
        key=lambda r: (r.rank_min != r.rank_min, 0 if r.rank_min != r.rank_min else r.rank_min, r.org_id),
    )
    if not of_kind:
        return None
    rows = tuple(
        RankRow(
            rank(r.rank_min, r.rank_max),
            lk.name(r.org_id),
            rounded(r.score),
            lk.level(y, r.level).label if r.level and lk.level(y, r.level) else "",
            rounded(r.delta),
            TREND_LABELS.get(r.trend, "") if r.trend else "",
        )
        for r in of_kind
    )
    from generator.render.pages.year import _ranking_chart

    chart = _ranking_chart(lk, y, kind, label, of_kind)
    head, tail = (rows, ()) if len(rows) <= RANKING_FULL else (rows[:RANKING_ENDS], rows[-RANKING_ENDS:])
    return KindRanking(label, head, tail, len(rows), FigureSpec(chart.spec, chart.caption, chart.alt))


def _org_recs(lk: ReadModel, y: int) -> tuple[RecGroup, ...]:
    """Each distinct recommendation to organizations of the year, by node in first-seen order, with its count."""
    counts: dict[str, dict[str, int]] = {}
    for org_id, recs in lk.recs.items():
        if not org_id:
            continue
        for r in recs:
            if r.year == y:
                by_text = counts.setdefault(r.direction_id, {})
                by_text[r.text] = by_text.get(r.text, 0) + 1
    order = [d.id for d in lk.direction_rows[y] if d.id in counts] + [k for k in counts if k not in lk.direction]
    return tuple(RecGroup(lk.node_name(k), tuple(counts[k].items())) for k in order if k in counts)


def report(lk: ReadModel, y: int, issued: str) -> ReportContext:
    """issued: the ISO date of the data (the title page's year); '' outside git."""
    s = lk.ds.settings
    yd = lk.ds.year(y)
    year_texts = texts.year_texts(lk.ds, y)

    def text(name: str) -> tuple:
        return texts.text_blocks(year_texts[name], s.site_url) if name in year_texts else ()

    previous = max([p for p in lk.years if p < y], default=None)
    totals = lk.totals_of_year.get(y, ())
    participants = tuple(
        (label, n) for kind, label in lk.kinds.items() if (n := sum(1 for t in totals if t.kind == kind))
    )
    aggregation = dict(zip(yd.directions["id"], yd.directions.get("aggregation", pd.Series([""] * len(yd.directions)))))
    tree = tuple(
        TreeRow(
            d.name,
            int(d.depth),
            len(lk.child_indicators[y].get(d.id, [])),
            float(d.weight),
            aggregation.get(d.id) == "points_share",
        )
        for d in lk.direction_rows[y]
    )
    method_n: dict[str, int] = {}
    for ind in lk.indicator_rows[y]:
        method_n[ind.method] = method_n.get(ind.method, 0) + 1
    methods = tuple(MethodCount(METHOD_LABELS.get(m, m), n) for m, n in method_n.items())
    summary = tuple(
        f for scope, label in _scopes(lk) if (f := scope_figure(lk, y, scope, label, "total", "total")) is not None
    )
    kinds_only = [f for f in summary[1:] if f.score is not None]
    best = max(kinds_only, key=lambda f: f.score) if len(kinds_only) > 1 else None
    level_counts, chart_rows = [], []
    for kind, label in lk.kinds.items():
        of_kind = [t for t in totals if t.kind == kind]
        if not of_kind:
            continue
        cells = tuple(sum(1 for t in of_kind if t.level == lv.id) for lv in lk.levels[y])
        level_counts.append(LevelCount(label, cells))
        chart_rows += [
            {"kind": label, "level": lv.label, "count": c, "order": o}
            for o, (lv, c) in enumerate(zip(lk.levels[y], cells))
        ]
    levels_chart = FigureSpec(
        charts.levels(chart_rows, lk.levels[y]),
        f"Организации по уровням итогового балла, {y}",
        f"Диаграмма: число организаций каждого типа на каждом уровне в {y} году; данные — в таблице.",
    )
    lists: dict[str, list[IndicatorFigure]] = {"improved": [], "stable": [], "worsened": [], "new": []}
    for ind in lk.indicator_rows[y]:
        f = _indicator_figure(lk, y, ind)
        if f is not None and f.trend in lists:
            lists[f.trend].append(f)
    rankings = tuple(r for kind, label in lk.kinds.items() if (r := _ranking(lk, y, kind, label)) is not None)
    municipal = tuple((lk.node_name(r.direction_id), r.text) for r in lk.recs.get("", []) if r.year == y)
    bodies = tuple(
        (s.bodies.get(b, b), lk.node_name(r.direction_id), r.text)
        for b, recs in lk.body_recs.items()
        for r in recs
        if r.year == y
    )
    place = s.territory or ""
    issue_year = int(issued[:4]) if issued and int(issued[:4]) >= y else y + 1
    return ReportContext(
        year=y,
        previous=previous,
        title=TitleInfo(
            top=texts.title_lines(s),
            territory=s.territory,
            title=s.title,
            place_year=f"{place}, {issue_year}" if place else str(issue_year),
            notice=(s.demo_notice or "Демонстрационные данные: муниципалитет, организации и значения вымышлены.")
            if s.demo
            else "",
        ),
        introduction=text("introduction"),
        participants=participants,
        tree=tree,
        methods=methods,
        levels=tuple(lk.levels[y]),
        missing="не представленное значение даёт 0 баллов"
        if s.missing == "zero"
        else "не представленное значение не учитывается в средних",
        stable_tolerance=s.stable_tolerance,
        summary=summary,
        best=best,
        level_counts=tuple(level_counts),
        levels_chart=levels_chart,
        directions=tuple(_direction_section(lk, y, d) for d in lk.direction_rows[y] if not d.parent_id),
        improved=tuple(lists["improved"]),
        stable=tuple(lists["stable"]),
        worsened=tuple(lists["worsened"]),
        rankings=rankings,
        org_recs=_org_recs(lk, y),
        municipal_recs=municipal,
        body_recs=bodies,
        problems=text("problems"),
        conclusions=text("conclusions"),
        other_texts=tuple(
            (t.title, texts.text_blocks(t, s.site_url)) for k, t in year_texts.items() if k not in texts.PLACED
        ),
        calendar=texts.calendar_rows(s, y),
        cycle=cycle_context(lk, y),
    )
