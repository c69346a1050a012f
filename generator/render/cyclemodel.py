"""The read model of the management cycle's pages (rules 9-13): typed records
of the compute stage's frames, indexed once by year, organization and node
before any page renders. Nothing here computes a figure of the rules; the
means of a year's effects are the compute stage's aggregates."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from generator.compute import Results


class Measure(NamedTuple):
    year: int
    id: str
    org_id: str  # "" = a municipal measure
    direction_id: str  # a direction, or "total"
    title: str
    form: str
    responsible: str
    start: str  # ISO date, "" = not given
    due: str
    status: str  # planned, in_progress, done, cancelled
    result: str


class Effect(NamedTuple):
    """One done measure's effect (rule 10)."""

    year: int
    measure_id: str
    org_id: str  # "" = a municipal measure
    kind: str
    direction_id: str
    form: str
    state: str  # "" = computed, "pending", "no_later_score", "no_score"
    after_year: int | None
    before: float | None
    after: float | None
    change: float | None
    comparison_n: int
    comparison_change: float | None
    effect: float | None
    method_changed: bool  # flagged: the methodology changed between the two years


class Aggregate(NamedTuple):
    """The effects of a year's organization measures of one form and node, one form or one node."""

    year: int
    by: str  # "form_node", "form" or "node"
    form: str  # "" when by == "node"
    direction_id: str  # "" when by == "form"
    n: int
    mean_change: float | None
    mean_comparison_change: float | None
    mean_effect: float | None
    n_method_changed: int


class Coverage(NamedTuple):
    year: int
    scope: str  # "all" or a kind
    pairs: int  # (organization, node) pairs with a recommendation
    covered: int
    coverage: float | None  # %, None = no pair


class CoveragePair(NamedTuple):
    year: int
    org_id: str
    kind: str
    direction_id: str
    covered: bool
    measure_ids: str  # ";"-joined


class Goal(NamedTuple):
    id: str
    name: str
    node_id: str
    scope: str
    measure: str  # summary, share_at_level, indicator_value
    level: str
    baseline_year: int
    target_year: int
    target: float
    lower_is_better: bool  # indicator_value of a lower_is_better indicator: achieved when <= target
    baseline_value: float | None
    target_value: float | None
    achieved: bool
    due: bool  # the target year is a published year: the goal is judged


class GoalValue(NamedTuple):
    goal_id: str
    year: int
    actual: float | None


class Best(NamedTuple):
    """An organization that is a source of best practice for a direction in a year (rule 13)."""

    year: int
    direction_id: str
    org_id: str
    kind: str
    level: str
    score: float | None
    previous_year: int | None


class Practice(NamedTuple):
    year: int
    org_id: str
    direction_id: str
    title: str
    description: str
    link: str
    best: bool  # the organization is a rule-13 source for the direction in the year


def _f(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _i(x) -> int | None:
    return None if x is None or x == "" or pd.isna(x) else int(x)


def _s(x) -> str:
    return "" if x is None or (isinstance(x, float) and pd.isna(x)) else str(x)


def _rows(frame: pd.DataFrame | None, record: type, convert: dict) -> list:
    """Typed records of a frame's rows (a column the frame lacks reads as its empty value)."""
    if frame is None or frame.empty:
        return []
    n = len(frame)
    columns = []
    for name in record._fields:
        fn = convert.get(name, _s)
        values = frame[name].tolist() if name in frame.columns else [None] * n
        columns.append([fn(v) for v in values])
    return list(map(record._make, zip(*columns)))


def _bool(x) -> bool:
    return bool(x) and not (isinstance(x, float) and pd.isna(x)) and str(x).lower() not in ("false", "0")


_NUM = {"year": int, "before": _f, "after": _f, "change": _f, "comparison_change": _f, "effect": _f}
_COUNT = lambda x: _i(x) or 0  # noqa: E731


class CycleIndex:
    """What the cycle's pages read, indexed once (see the module docstring)."""

    def __init__(self, results: Results):
        r = results
        self.measures: list[Measure] = _rows(r.measures, Measure, {"year": int})
        effects = _rows(
            r.effects,
            Effect,
            {**_NUM, "after_year": _i, "comparison_n": _COUNT, "method_changed": _bool},
        )
        self.effects: dict[tuple[int, str], Effect] = {(e.year, e.measure_id): e for e in effects}
        self.aggregates: list[Aggregate] = _rows(
            r.effect_summary,
            Aggregate,
            {
                "year": int,
                "n": _COUNT,
                "mean_change": _f,
                "mean_comparison_change": _f,
                "mean_effect": _f,
                "n_method_changed": _COUNT,
            },
        )
        self.coverage: dict[tuple[int, str], Coverage] = {
            (c.year, c.scope): c
            for c in _rows(r.coverage, Coverage, {"year": int, "pairs": _COUNT, "covered": _COUNT, "coverage": _f})
        }
        self.pairs: list[CoveragePair] = _rows(r.coverage_pairs, CoveragePair, {"year": int, "covered": _bool})
        self.goals: list[Goal] = _rows(
            r.goals,
            Goal,
            {
                "baseline_year": int,
                "target_year": int,
                "target": float,
                "lower_is_better": _bool,
                "baseline_value": _f,
                "target_value": _f,
                "achieved": _bool,
                "due": _bool,
            },
        )
        self.goal_values: dict[tuple[str, int], float | None] = {
            (v.goal_id, v.year): v.actual for v in _rows(r.goal_values, GoalValue, {"year": int, "actual": _f})
        }
        self.best: list[Best] = _rows(r.best_practices, Best, {"year": int, "score": _f, "previous_year": _i})
        self.practices: list[Practice] = _rows(r.practices, Practice, {"year": int, "best": _bool})
        self.by_year: dict[int, list[Measure]] = {}
        self.by_org: dict[str, list[Measure]] = {}
        self.by_node: dict[str, list[Measure]] = {}
        for m in self.measures:
            self.by_year.setdefault(m.year, []).append(m)
            if m.org_id:
                self.by_org.setdefault(m.org_id, []).append(m)
            self.by_node.setdefault(m.direction_id, []).append(m)
        self.best_of_year: dict[int, list[Best]] = {}
        for b in self.best:
            self.best_of_year.setdefault(b.year, []).append(b)
        self.practices_of_year: dict[int, list[Practice]] = {}
        for p in self.practices:
            self.practices_of_year.setdefault(p.year, []).append(p)
        self.measure_years = sorted({c.year for c in self.coverage.values()} | set(self.by_year))

    @property
    def used(self) -> bool:
        """True when the data folder uses the cycle at all: measures, goals or described practices."""
        return bool(self.measure_years or self.goals or self.practices)

    def effect(self, m: Measure) -> Effect | None:
        return self.effects.get((m.year, m.id))

    def aggregates_of(self, year: int, by: str) -> list[Aggregate]:
        return [a for a in self.aggregates if a.year == year and a.by == by]

    def year_effect(self, year: int) -> Aggregate | None:
        """Every organization measure of the year with an effect (flagged ones included), as one
        aggregate: the figure of the cycle page; the means are of the rounded per-measure figures."""
        rows = [e for e in self.effects.values() if e.year == year and e.org_id and e.effect is not None]
        if not rows:
            return None

        def mean(xs) -> float:
            return sum(xs) / len(xs)

        return Aggregate(
            year,
            "all",
            "",
            "",
            len(rows),
            mean([e.change for e in rows]),
            mean([e.comparison_change for e in rows]),
            mean([e.effect for e in rows]),
            sum(1 for e in rows if e.method_changed),
        )
