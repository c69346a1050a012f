"""«Управленческий цикл» of one year on one page: goals -> results -> deficits
-> recommendations -> measures and their status -> their effect next year ->
goals' progress (methodology.md, «The management cycle»), each step with its
key figures and a link to the page that details it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute import ALL
from generator.render import urls as U
from generator.render.cyclemodel import Goal
from generator.render.pages.base import Level, Link, Page, doc, level
from generator.render.pages.cyclerows import ASSOCIATION, STATUS_LABELS, goal_unit, node_link, scope_label
from generator.render.readmodel import ReadModel

GOAL_STATUS_LABELS = {"achieved": "достигнута", "missed": "не достигнута", "open": "в работе"}


@dataclass(frozen=True)
class GoalLine:
    key: str = doc("Goal id (a slug): the anchor of the goal on the goals page")
    name: str = doc("Name of the goal")
    href: str = doc("Link to the goal on the goals page")
    node: Link = doc("The direction, indicator or total score the goal is about")
    scope: str = doc("Whose figure: «все организации», a kind or a territory")
    unit: str = doc("'score': a score (балла); 'percent': a share or a value in %; otherwise the indicator's unit")
    baseline_year: int = doc("Year of the baseline value")
    baseline: float | None = doc("Actual value in the baseline year, None = none")
    target_year: int = doc("Year by which the target is to be reached")
    target: float = doc("Target value")
    actual: float | None = doc("Actual value in the page's year, None = none")
    status: str = doc("As of the page's year: 'achieved', 'missed' (the target year has passed) or 'open'")
    status_label: str = doc("Russian label of the status")


@dataclass(frozen=True)
class ResultsStep:
    score: float | None = doc("Municipal summary of the total score (all organizations)")
    level: Level | None = doc("Level of the summary")
    n: int = doc("Organizations with a total score")
    href: str = doc("Link to the year page")


@dataclass(frozen=True)
class DirectionCount:
    name: str = doc("Direction name (or «Итоговый балл»)")
    href: str = doc("Link to the direction page")
    n: int = doc("Organizations that received a recommendation for the direction")


@dataclass(frozen=True)
class DeficitsStep:
    pairs: int = doc("(organization, direction) pairs with a recommendation: the deficits")
    orgs: int = doc("Organizations with at least one recommendation")
    directions: tuple[DirectionCount, ...] = doc("Directions with deficits, most organizations first")
    href: str = doc("Link to the coverage of the deficits on the measures page, '' = the year has no measures.csv")


@dataclass(frozen=True)
class RecsStep:
    org_recs: int = doc("Recommendations to organizations (one per text)")
    municipal: int = doc("Recommendations to the municipality and its bodies")
    href: str = doc("Link to the municipality's recommendations on the year page")


@dataclass(frozen=True)
class StatusCount:
    id: str = doc("Status id")
    label: str = doc("Russian label of the status")
    n: int = doc("Measures with the status")


@dataclass(frozen=True)
class MeasuresStep:
    n: int = doc("Measures taken in response to the year's results")
    municipal: int = doc("Of them, municipal measures")
    statuses: tuple[StatusCount, ...] = doc("Measures by status, statuses with none left out")
    coverage: float | None = doc("Coverage (rule 11): covered pairs / pairs with a recommendation, %")
    covered: int = doc("Covered (organization, direction) pairs")
    pairs: int = doc("Pairs with a recommendation")
    href: str = doc("Link to the measures page of the year")


@dataclass(frozen=True)
class EffectStep:
    done: int = doc("Measures with status done")
    next_year: int = doc("The year whose results show the effect: the next monitoring year, or the year after")
    measured: bool = doc("True when the next monitoring year is in the data")
    n: int = doc("Organization measures with an effect (flagged ones included)")
    change: float | None = doc("Their mean change of the score")
    comparison_change: float | None = doc("Mean change of their comparison groups")
    effect: float | None = doc("Mean effect: change − comparison change")
    flagged: int = doc("Of the n, measures whose node's methodology changed between the two years")
    pending: int = doc("Done measures whose effect the next year will show")
    without: int = doc("Done organization measures with no effect: no later score, no score, no comparison group")
    municipal: int = doc("Done municipal measures (a change of the summary, no effect)")
    href: str = doc("Link to the effect table on the measures page")


@dataclass(frozen=True)
class ProgressStep:
    achieved: int = doc("Goals achieved by the page's year")
    missed: int = doc("Goals whose target year has passed unmet")
    open: int = doc("Goals whose target year is still ahead")


@dataclass(frozen=True)
class CyclePage(Page):
    TEMPLATE = "cycle.md.j2"
    year: int = doc("Monitoring year")
    goals: tuple[GoalLine, ...] = doc("Goals set by the page's year (baseline year not later), in goals.csv order")
    goals_href: str = doc("Link to the goals page, '' = no goals")
    results: ResultsStep = doc("Step 2: the year's results")
    deficits: DeficitsStep = doc("Step 3: the deficits, i.e. recommendations to organizations")
    recs: RecsStep = doc("Step 4: the recommendations")
    measures: MeasuresStep | None = doc("Step 5: the measures; None when the year has no measures.csv")
    effect: EffectStep | None = doc("Step 6: the effect of the done measures; None when no measure is done")
    progress: ProgressStep = doc("Step 7: goals' progress")
    practices_href: str = doc("Link to the year's best practices page, '' = none")
    association: str = doc("The sentence saying that an effect is an association, not a proof of cause")


def goal_line(lk: ReadModel, page: str, g: Goal, y: int) -> GoalLine:
    if y >= g.target_year and g.due:
        status = "achieved" if g.achieved else "missed"
    else:
        status = "open"
    return GoalLine(
        g.id,
        g.name,
        U.href(page, U.GOALS, g.id),
        node_link(lk, page, g.node_id),
        scope_label(lk, g.scope),
        goal_unit(lk, g),
        g.baseline_year,
        g.baseline_value,
        g.target_year,
        g.target,
        lk.cycle.goal_values.get((g.id, y)),
        status,
        GOAL_STATUS_LABELS[status],
    )


def _deficits(lk: ReadModel, page: str, y: int) -> tuple[DeficitsStep, int]:
    recs = [r for org, rows in lk.recs.items() if org for r in rows if r.year == y]
    pairs = dict.fromkeys((r.org_id, r.direction_id) for r in recs)
    per_node: dict[str, int] = {}
    for _, node in pairs:
        per_node[node] = per_node.get(node, 0) + 1
    order = {d.id: k for k, d in enumerate(lk.direction_rows[y])}
    nodes = sorted(per_node, key=lambda d: (-per_node[d], order.get(d, -1)))
    directions = tuple(DirectionCount(lk.node_name(d), lk.node_href(page, d), per_node[d]) for d in nodes)
    href = U.href(page, U.measures(y), "coverage") if y in lk.cycle.measure_years else ""
    return DeficitsStep(len(pairs), len({o for o, _ in pairs}), directions, href), len(recs)


def _measures(lk: ReadModel, page: str, y: int) -> MeasuresStep | None:
    cyc = lk.cycle
    if y not in cyc.measure_years:
        return None
    ms = cyc.by_year.get(y, [])
    cov = cyc.coverage.get((y, ALL))
    return MeasuresStep(
        len(ms),
        sum(1 for m in ms if not m.org_id),
        tuple(
            StatusCount(s, label, n) for s, label in STATUS_LABELS.items() if (n := sum(1 for m in ms if m.status == s))
        ),
        cov.coverage if cov else None,
        cov.covered if cov else 0,
        cov.pairs if cov else 0,
        U.href(page, U.measures(y)),
    )


def _effect(lk: ReadModel, page: str, y: int) -> EffectStep | None:
    cyc = lk.cycle
    done = [m for m in cyc.by_year.get(y, []) if m.status == "done"]
    if not done:
        return None
    effects = [cyc.effect(m) for m in done]
    agg = cyc.year_effect(y)
    org_effects = [e for m, e in zip(done, effects) if m.org_id]
    return EffectStep(
        len(done),
        min((x for x in lk.years if x > y), default=y + 1),
        any(x > y for x in lk.years),
        agg.n if agg else 0,
        agg.mean_change if agg else None,
        agg.mean_comparison_change if agg else None,
        agg.mean_effect if agg else None,
        agg.n_method_changed if agg else 0,
        sum(1 for e in effects if e is not None and e.state == "pending"),
        sum(1 for e in org_effects if e is not None and e.state != "pending" and e.effect is None),
        sum(1 for m in done if not m.org_id),
        U.href(page, U.measures(y), "effect"),
    )


def cycle_page(lk: ReadModel, y: int, page: str) -> CyclePage:
    cyc = lk.cycle
    goals = tuple(goal_line(lk, page, g, y) for g in cyc.goals if g.baseline_year <= y)
    total = lk.muni(y, ALL, "total", "total")
    deficits, org_recs = _deficits(lk, page, y)
    municipal = sum(1 for r in lk.recs.get("", []) if r.year == y)
    municipal += sum(1 for rows in lk.body_recs.values() for r in rows if r.year == y)
    return CyclePage(
        corrections=lk.marks_for(page),
        year=y,
        goals=goals,
        goals_href=U.href(page, U.GOALS) if cyc.goals else "",
        results=ResultsStep(
            total.score if total else None,
            level(lk, y, total.level) if total else None,
            sum(int(n) for (yy, _), n in lk.ranked_count.items() if yy == y),
            U.href(page, U.year(y)),
        ),
        deficits=deficits,
        recs=RecsStep(org_recs, municipal, U.href(page, U.year(y))),
        measures=_measures(lk, page, y),
        effect=_effect(lk, page, y),
        progress=ProgressStep(
            sum(1 for g in goals if g.status == "achieved"),
            sum(1 for g in goals if g.status == "missed"),
            sum(1 for g in goals if g.status == "open"),
        ),
        practices_href=U.href(page, U.practices(y)) if has_practices_page(lk, y) else "",
        association=ASSOCIATION,
    )


def has_practices_page(lk: ReadModel, y: int) -> bool:
    return lk.cycle.used and bool(lk.cycle.best_of_year.get(y) or lk.cycle.practices_of_year.get(y))
