"""Stage 3: the arithmetic of methodology.md, vectorised over all years at once.

Every figure the site or an export shows comes from `Results`; templates only
format it. Columns are compared with the vocabulary's `.value` (generator/model.py):
pandas compares a str column with a str subclass (a StrEnum member) markedly
slower, and these columns have up to a million rows.

    scores.py     rules 1-3, 3b: indicator, direction and total scores
    ranking.py    rules 4-6: levels, ranks (5b), dynamics; display order
    municipal.py  rules 7, 7b: municipal values and summaries
    recommend.py  rules 8, 8b: recommendations to organizations, the municipality and bodies
    units.py      summaries of groups and of territorial units (rule 7c)
    cyclecols.py  the columns of the management cycle's frames (rules 9-13)
    cycle.py      rules 9, 11: measures, coverage
    effects.py    rule 10: the effect of done measures and its aggregates
    goals.py      rule 12: goals' actual values and achievement
    practice.py   rule 13: sources of best practice, practices.csv
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.compute.cycle import cycle_frames
from generator.compute.cyclecols import (
    BEST_PRACTICE_COLUMNS,
    COVERAGE_COLUMNS,
    COVERAGE_PAIR_COLUMNS,
    EFFECT_COLUMNS,
    EFFECT_SUMMARY_COLUMNS,
    GOAL_COLUMNS,
    GOAL_VALUE_COLUMNS,
    MEASURE_COLUMNS,
    PRACTICE_COLUMNS,
    empty,
)
from generator.compute.municipal import ALL, MUNICIPAL_COLUMNS, municipal_figures
from generator.compute.ranking import add_dynamics, add_ranks, assign_levels, display_order, node_positions
from generator.compute.recommend import RECOMMENDATION_COLUMNS, recommend
from generator.compute.scores import indicator_scores, node_scores
from generator.compute.units import GROUP_COLUMNS, TERRITORY_COLUMNS, group_summaries, territory_summaries
from generator.model import Dataset, NodeKind

__all__ = [
    "ALL",
    "GROUP_COLUMNS",
    "MUNICIPAL_COLUMNS",
    "RECOMMENDATION_COLUMNS",
    "SCORE_COLUMNS",
    "TERRITORY_COLUMNS",
    "Results",
    "add_dynamics",
    "add_ranks",
    "assign_levels",
    "compute",
    "indicator_scores",
    "municipal_figures",
    "node_positions",
    "node_scores",
    "recommend",
]

SCORE_COLUMNS = [
    "year",
    "org_id",
    "kind",
    "node_kind",
    "node_id",
    "value",
    "score",
    "rank_min",
    "rank_max",
    "level",
    "delta",
    "trend",
]


@dataclass
class Results:
    """What the arithmetic gives.

    scores: one row per year, organization and applicable node (SCORE_COLUMNS);
        value is the raw indicator value, score is unrounded (0-100), level and
        trend are ids ("" when none), delta is rounded.
    municipal: per year, scope ("all" or a kind id) and node (MUNICIPAL_COLUMNS):
        value = an indicator's municipal value, score = a node's summary.
    recommendations: year, org_id ("" for the municipality and the bodies),
        direction_id (a direction or "total"), level, text, body_id ("" unless
        the recipient is a body of monitoring.yml `bodies:`).
    groups: per year, group, scope and node (GROUP_COLUMNS): the summary of
        the group's organizations; no rows without groups.
    territories: per year, territorial unit, scope and node (TERRITORY_COLUMNS):
        summary, level, rank among the units of its territory kind, dynamics;
        no rows without territories.csv.
    The management cycle (rules 9-13; columns in compute/cyclecols.py, every
    frame empty with its columns when the data has no measures, goals or practices):
    measures: one row per measures.csv row (MEASURE_COLUMNS).
    effects: one row per done measure (EFFECT_COLUMNS): before, after, change,
        comparison group, effect, state, method_changed.
    effect_summary: per year and form x node, form, node (EFFECT_SUMMARY_COLUMNS).
    coverage: per year with measures.csv and scope (COVERAGE_COLUMNS);
        coverage_pairs: each (organization, node) with a recommendation.
    goals: one row per goal (GOAL_COLUMNS); goal_values: per goal and year.
    best_practices: rule 13 (BEST_PRACTICE_COLUMNS); practices: practices.csv.
    Cells hold plain strings: node_kind, trend and polarity are the values of
    model.NodeKind, Trend and Polarity, which compare equal to them.
    """

    scores: pd.DataFrame
    municipal: pd.DataFrame
    recommendations: pd.DataFrame
    groups: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GROUP_COLUMNS))
    territories: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TERRITORY_COLUMNS))
    measures: pd.DataFrame = field(default_factory=lambda: empty(MEASURE_COLUMNS))
    effects: pd.DataFrame = field(default_factory=lambda: empty(EFFECT_COLUMNS))
    effect_summary: pd.DataFrame = field(default_factory=lambda: empty(EFFECT_SUMMARY_COLUMNS))
    coverage: pd.DataFrame = field(default_factory=lambda: empty(COVERAGE_COLUMNS))
    coverage_pairs: pd.DataFrame = field(default_factory=lambda: empty(COVERAGE_PAIR_COLUMNS))
    goals: pd.DataFrame = field(default_factory=lambda: empty(GOAL_COLUMNS))
    goal_values: pd.DataFrame = field(default_factory=lambda: empty(GOAL_VALUE_COLUMNS))
    best_practices: pd.DataFrame = field(default_factory=lambda: empty(BEST_PRACTICE_COLUMNS))
    practices: pd.DataFrame = field(default_factory=lambda: empty(PRACTICE_COLUMNS))


def compute(ds: Dataset) -> Results:
    orgs, dirs, inds, vals, levels, recs = _long_frames(ds)
    settings = ds.settings
    indicator_rows = indicator_scores(orgs, inds, vals, settings.missing)
    node_rows = node_scores(indicator_rows, dirs, settings.missing)
    scores = pd.concat(
        [indicator_rows[["year", "org_id", "kind", "node_kind", "node_id", "value", "score", "polarity"]], node_rows],
        ignore_index=True,
    )
    is_node = scores["node_kind"] != NodeKind.INDICATOR.value
    scores["level"] = assign_levels(scores["year"], round2(scores["score"]), levels).where(is_node, "")
    scores = add_ranks(scores, settings.rank_decimals)
    scores = add_dynamics(scores, ["org_id", "node_kind", "node_id"], settings.stable_tolerance)
    scores = display_order(scores, ds)
    municipal = municipal_figures(indicator_rows, scores, levels, ds)
    recommendations = recommend(scores, municipal, recs, tuple(settings.bodies))
    territories = territory_summaries(scores, ds, levels)
    return Results(
        scores[SCORE_COLUMNS].reset_index(drop=True),
        municipal,
        recommendations,
        group_summaries(scores, ds, levels),
        territories,
        **cycle_frames(ds, scores, municipal, recommendations, territories, indicator_rows),
    )


def _long_frames(ds: Dataset):
    def stack(attr: str) -> pd.DataFrame:
        return pd.concat(
            [getattr(y, attr).assign(year=y.year, order=np.arange(len(getattr(y, attr)))) for y in ds.years],
            ignore_index=True,
        )

    return (
        stack("organizations"),
        stack("directions"),
        stack("indicators"),
        stack("values"),
        stack("levels"),
        stack("recommendations"),
    )
