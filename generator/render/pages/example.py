"""The methodology page's worked example: one organization's indicator score,
then the score of each direction above it, then the total and its level,
computed here again from the values and the children's scores, step by step,
exactly as compute.py does (tests/test_methodology_page.py checks that both
agree).

The example is the first organization of the latest year (in file order)
whose steps a reader can redo with a calculator on the published, rounded
figures; the calculation itself uses the unrounded scores, as the results do."""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator import russian
from generator.arithmetic import round2
from generator.render import urls as U
from generator.render.pages.base import Level, doc
from generator.render.readmodel import Indicator, ReadModel

# The methods, best first: ratio_to_best shows the comparison with the best organization.
PREFERRED_METHODS = ("ratio_to_best", "target", "points", "boolean")


@dataclass(frozen=True)
class ExampleIndicator:
    name: str = doc("Indicator name")
    href: str = doc("Link to the indicator page")
    unit: str = doc("Unit of the value (for the value filter)")
    value: float = doc("The organization's value")
    rule: str = doc("How this indicator's score is computed, in words")
    best: float | None = doc("The best value among the organizations of the kind; None unless compared with the best")
    expression: str = doc("The computation with the numbers («100 × 45 / 90 = 50,00»)")
    score: float = doc("The indicator's score, unrounded")


@dataclass(frozen=True)
class ExampleTerm:
    name: str = doc("Name of the indicator or sub-direction")
    is_indicator: bool = doc("True for an indicator, False for a direction")
    score: float | None = doc("Its score, unrounded; None when it has none (then it does not count)")
    weight: float = doc("Its weight in the mean")


@dataclass(frozen=True)
class ExampleStep:
    name: str = doc("The direction, or «Итоговый балл» for the total")
    href: str = doc("Link to the direction page, '' for the total")
    terms: tuple[ExampleTerm, ...] = doc("Its children with their scores and weights")
    expression: str = doc("The weighted mean with the numbers («(2 × 50,00 + 1 × 100,00) / 3 = 66,67»)")
    score: float = doc("The weighted mean, unrounded")


@dataclass(frozen=True)
class WorkedExample:
    org_name: str = doc("The organization of the example")
    org_href: str = doc("Link to its page")
    kind_label: str = doc("Its kind, as one organization of it («общеобразовательная организация») when known")
    year: int = doc("The year of the example")
    indicator: ExampleIndicator = doc("The first step: one indicator's score")
    steps: tuple[ExampleStep, ...] = doc("The directions from the indicator's up to the top level")
    total: ExampleStep = doc("The total: the weighted mean of the top-level directions")
    level: Level | None = doc("The level of the total")
    exact: bool = doc("True when every step gives the published figure from the rounded ones shown")


def _rows(lk: ReadModel, y: int, org_id: str) -> dict[tuple[str, str], tuple[float, float]]:
    s = lk.results.scores
    mine = s[(s["year"] == y) & (s["org_id"] == org_id)]
    return {(k, n): (sc, v) for k, n, sc, v in zip(mine["node_kind"], mine["node_id"], mine["score"], mine["value"])}


def _present(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def best_value(lk: ReadModel, y: int, kind: str, ind: Indicator) -> float | None:
    """Rule 1's best: the largest (or, lower is better, the smallest) value of the kind's organizations that year."""
    s = lk.results.scores
    peers = s[(s["year"] == y) & (s["kind"] == kind) & (s["node_kind"] == "indicator") & (s["node_id"] == ind.id)]
    values = peers["value"].dropna()
    if values.empty:
        return None
    return float(values.min() if ind.polarity == "lower_is_better" else values.max())


def indicator_score(ind: Indicator, value: float, best: float | None) -> tuple[str, str, float]:
    """(rule in words, expression with the numbers, score) of rule 1, computed here again."""
    v, lower = russian.value(value), ind.polarity == "lower_is_better"
    if ind.method == "boolean":
        score = 100.0 * value
        return "да — 100 баллов, нет — 0", f"100 × {russian.value(value)} = {russian.score(score)}", score
    if ind.method == "points":
        score = 100.0 * value / ind.max_points
        m = russian.value(ind.max_points)
        return "доля от максимального балла", f"100 × {v} / {m} = {russian.score(score)}", score
    if ind.method == "target":
        t = russian.value(ind.target)
        if lower:
            score = 100.0 if value == 0 else 100.0 * min(ind.target / value, 1.0)
            return (
                "целевое значение, чем меньше — тем лучше",
                f"100 × {t} / {v}, не больше 100 = {russian.score(score)}",
                score,
            )
        score = 100.0 * min(value / ind.target, 1.0)
        return "целевое значение", f"100 × {v} / {t}, не больше 100 = {russian.score(score)}", score
    b = russian.value(best)
    if lower:
        score = 100.0 if value == 0 else 100.0 * best / value
        rule = "сравнение с лучшим (наименьшим) значением среди организаций того же типа"
        return rule, f"100 × {b} / {v} = {russian.score(score)}", score
    score = 0.0 if not best else 100.0 * value / best
    rule = "сравнение с лучшим (наибольшим) значением среди организаций того же типа"
    return rule, f"100 × {v} / {b} = {russian.score(score)}", score


def weighted_mean(terms: list[ExampleTerm]) -> tuple[str, float]:
    """Rule 3 with the numbers: children without a score do not count."""
    counted = [t for t in terms if _present(t.score)]
    total_weight = sum(t.weight for t in counted)
    score = sum(t.weight * t.score for t in counted) / total_weight
    parts = " + ".join(f"{russian.value(t.weight)} × {russian.score(t.score)}" for t in counted)
    return f"({parts}) / {russian.value(total_weight)} = {russian.score(score)}", score


def _step(lk: ReadModel, y: int, page: str, rows, direction_id: str | None) -> ExampleStep:
    """The step of a direction (or of the total when direction_id is None)."""
    parent = direction_id or ""
    terms = [
        ExampleTerm(i.name, True, rows[("indicator", i.id)][0], i.weight)
        for i in lk.child_indicators[y].get(parent, [])
        if ("indicator", i.id) in rows
    ] + [
        ExampleTerm(d.name, False, rows[("direction", d.id)][0], d.weight)
        for d in lk.child_directions[y].get(parent, [])
        if ("direction", d.id) in rows
    ]
    terms = [t if _present(t.score) else ExampleTerm(t.name, t.is_indicator, None, t.weight) for t in terms]
    expression, score = weighted_mean(terms)
    if direction_id is None:
        return ExampleStep("Итоговый балл", "", tuple(terms), expression, score)
    d = lk.direction[direction_id]
    return ExampleStep(d.name, U.href(page, U.direction(direction_id)), tuple(terms), expression, score)


def _exact(step: ExampleStep) -> bool:
    """Does the mean of the rounded figures shown give the published (rounded) score?"""
    counted = [t for t in step.terms if t.score is not None]
    shown = sum(t.weight * round2(t.score) for t in counted) / sum(t.weight for t in counted)
    return round2(shown) == round2(step.score)


def _candidates(lk: ReadModel, y: int, org_id: str, rows):
    """The org's indicators with a value, the preferred methods first, each in file order."""
    kind = lk.org[org_id].kind
    with_value = [
        i for i in lk.indicator_rows[y] if ("indicator", i.id) in rows and _present(rows[("indicator", i.id)][1])
    ]
    for method in PREFERRED_METHODS:
        for ind in with_value:
            if ind.method == method:
                best = best_value(lk, y, kind, ind) if method == "ratio_to_best" else None
                if method != "ratio_to_best" or best:
                    yield ind, best


def _example(lk: ReadModel, y: int, org_id: str, page: str) -> WorkedExample | None:
    rows = _rows(lk, y, org_id)
    total_row = rows.get(("total", "total"))
    if total_row is None or not _present(total_row[0]):
        return None
    first = None
    for ind, best in _candidates(lk, y, org_id, rows):
        value = float(rows[("indicator", ind.id)][1])
        rule, expression, score = indicator_score(ind, value, best)
        steps, d = [], ind.direction_id
        while d:
            steps.append(_step(lk, y, page, rows, d))
            d = lk.direction[d].parent_id
        total = _step(lk, y, page, rows, None)
        exact = round2(score) == round2(rows[("indicator", ind.id)][0]) and all(map(_exact, [*steps, total]))
        indicator = ExampleIndicator(
            ind.name, U.href(page, U.indicator(ind.id)), ind.unit, value, rule, best, expression, score
        )
        info = lk.org[org_id]
        example = WorkedExample(
            lk.name(org_id),
            U.href(page, U.org(org_id)),
            lk.ds.settings.singular(info.kind) or lk.kinds.get(info.kind, info.kind),
            y,
            indicator,
            tuple(steps),
            total,
            lk.level(y, lk.org_totals[org_id][y].level) if lk.org_totals[org_id][y].level else None,
            exact,
        )
        if exact:
            return example
        first = first or example
    return first


def worked_example(lk: ReadModel, page: str) -> WorkedExample | None:
    """The example of the latest year: the first organization whose steps check out
    on the rounded figures; failing that, the first organization with a total."""
    y = lk.latest
    first = None
    for org_id in lk.ds.latest.organizations["id"]:
        example = _example(lk, y, org_id, page)
        if example is not None and example.exact:
            return example
        first = first or example
    return first
