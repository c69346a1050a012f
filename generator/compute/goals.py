"""Rule 12 (methodology.md, «The management cycle»): the actual value of every
goal of data/goals.csv in every published year, and whether it was achieved in
its target year.

The actual value of a scope (all organizations, a kind, or a territorial unit
with the units below it) is, by the goal's measure: `summary`, the mean of the
scope's organizations' scores for the node (the municipal summary for all and
a kind, the unit's summary for a territory); `share_at_level`, the % of the
scope's organizations with a score for the node whose level is the goal's
level or one with a higher min_score (that year's levels.csv); and
`indicator_value`, rule 7 (7b) over the scope's organizations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.compute.cyclecols import GOAL_COLUMNS, GOAL_VALUE_COLUMNS, empty
from generator.compute.municipal import ALL, indicator_figures
from generator.compute.units import territory_members
from generator.model import Dataset, NodeKind, Polarity


def goal_frames(
    ds: Dataset,
    scores: pd.DataFrame,
    municipal: pd.DataFrame,
    territories: pd.DataFrame,
    indicator_rows: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(goals, goal_values); municipal and territories are the frames the
    summaries come from for the scopes all / kind and territorial units."""
    g = ds.goals
    if g.empty:
        return empty(GOAL_COLUMNS), empty(GOAL_VALUE_COLUMNS)
    years = [y.year for y in ds.years]
    members, _ = territory_members(ds)
    values = []
    for goal in g.itertuples(index=False):
        orgs = _scope_orgs(scores, members, goal.scope, ds.settings.kinds)
        for year in years:
            values.append((goal.id, year, _actual(ds, goal, year, scores, orgs, indicator_rows)))
    goal_values = pd.DataFrame(values, columns=GOAL_VALUE_COLUMNS)
    actual = goal_values.set_index(["goal_id", "year"])["actual"]

    def at(goal_id: str, year: float) -> float:
        return float(actual.get((goal_id, int(year)), math.nan)) if not math.isnan(year) else math.nan

    out = g.assign(
        baseline_year=g["baseline_year"].astype(int),
        target_year=g["target_year"].astype(int),
        lower_is_better=[_lower(ds, m, n, t) for m, n, t in zip(g["measure"], g["node_id"], g["target_year"])],
    )
    out["baseline_value"] = [at(i, y) for i, y in zip(out["id"], g["baseline_year"])]
    out["target_value"] = [at(i, y) for i, y in zip(out["id"], g["target_year"])]
    out["due"] = out["target_year"].isin(years)
    rounded = round2(out["target_value"].to_numpy(dtype=float))
    target = out["target"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        reached = np.where(out["lower_is_better"].to_numpy(dtype=bool), rounded <= target, rounded >= target)
    out["achieved"] = out["due"].to_numpy(dtype=bool) & ~np.isnan(rounded) & reached
    return out[GOAL_COLUMNS].reset_index(drop=True), goal_values


def _scope_orgs(scores: pd.DataFrame, members: pd.DataFrame, scope: str, kinds) -> pd.DataFrame:
    """(year, org_id) of the scope's organizations: all, a kind, or a territorial unit and the units below it."""
    orgs = scores[["year", "org_id", "kind"]].drop_duplicates(["year", "org_id"])
    if scope == ALL:
        return orgs[["year", "org_id"]]
    if scope in kinds:
        return orgs[orgs["kind"] == scope][["year", "org_id"]]
    return members[members["territory_id"] == scope][["year", "org_id"]].drop_duplicates()


def _actual(ds: Dataset, goal, year: int, scores: pd.DataFrame, orgs: pd.DataFrame, indicator_rows) -> float:
    in_scope = set(orgs["org_id"][orgs["year"] == year])
    if goal.measure == "indicator_value":
        rows = indicator_rows[
            (indicator_rows["year"] == year)
            & (indicator_rows["node_id"] == goal.node_id)
            & indicator_rows["org_id"].isin(in_scope)
        ]
        if rows.empty:
            return math.nan
        fig = indicator_figures(rows.assign(scope=goal.scope), ds.settings.missing)
        return float(fig["value"].iloc[0])
    s = scores[
        (scores["year"] == year)
        & (scores["node_id"] == goal.node_id)
        & (scores["node_kind"] != NodeKind.INDICATOR.value)
        & scores["org_id"].isin(in_scope)
        & scores["score"].notna()
    ]
    if s.empty:
        return math.nan
    if goal.measure == "summary":
        return float(s["score"].mean())
    levels = ds.year(year).levels
    threshold = levels["min_score"][levels["id"] == goal.level]
    if threshold.empty:  # the level is not used this year
        return math.nan
    min_score = dict(zip(levels["id"], levels["min_score"]))
    at_least = s["level"].map(min_score).fillna(-math.inf) >= float(threshold.iloc[0])
    return 100.0 * float(at_least.sum()) / len(s)


def _lower(ds: Dataset, measure: str, node: str, target_year: float) -> bool:
    """An indicator_value goal of a lower_is_better indicator (as the target year, or the latest year, defines it)."""
    if measure != "indicator_value":
        return False
    years = sorted(ds.years, key=lambda y: (y.year != int(target_year), -y.year))
    for y in years:
        hit = y.indicators["polarity"][y.indicators["id"] == node]
        if len(hit):
            return hit.iloc[0] == Polarity.LOWER.value
    return False
