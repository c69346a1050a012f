"""Rules 9 and 11 (methodology.md, «The management cycle»): the measures of
each year and the coverage of the recommended deficits by them; and the one
call that computes every frame of the cycle (effects.py, goals.py,
practice.py) for compute(). Columns in cyclecols.py."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.compute.cyclecols import (
    COVERAGE_COLUMNS,
    COVERAGE_PAIR_COLUMNS,
    MEASURE_COLUMNS,
    empty,
)
from generator.compute.effects import effect_summary, measure_effects
from generator.compute.goals import goal_frames
from generator.compute.municipal import ALL
from generator.compute.practice import best_practices, practices
from generator.model import Dataset

CANCELLED = "cancelled"
TOTAL = "total"


def cycle_frames(
    ds: Dataset,
    scores: pd.DataFrame,
    municipal: pd.DataFrame,
    recommendations: pd.DataFrame,
    territories: pd.DataFrame,
    indicator_rows: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """Every frame of rules 9-13, by its name in Results; all empty when the data
    has no measures.csv, practices.csv or goals.csv (rule 13 is then not shown either)."""
    if not uses_cycle(ds):
        return {}
    meas = measures(ds)
    effects = measure_effects(ds, meas, scores, municipal)
    coverage, pairs = measure_coverage(ds, meas, recommendations, scores)
    goals, goal_values = goal_frames(ds, scores, municipal, territories, indicator_rows)
    best = best_practices(ds, scores)
    return {
        "measures": meas,
        "effects": effects,
        "effect_summary": effect_summary(ds, effects),
        "coverage": coverage,
        "coverage_pairs": pairs,
        "goals": goals,
        "goal_values": goal_values,
        "best_practices": best,
        "practices": practices(ds, best),
    }


def uses_cycle(ds: Dataset) -> bool:
    """The data has any file of the management cycle: measures.csv or practices.csv of a year, or goals.csv."""
    return bool(len(ds.goals)) or any("measures" in y.files or "practices" in y.files for y in ds.years)


def measures(ds: Dataset) -> pd.DataFrame:
    """Rule 9: every year's measures.csv, with the organization's kind in that year."""
    frames = []
    for y in ds.years:
        if y.measures.empty:
            continue
        kind = dict(zip(y.organizations["id"], y.organizations["kind"]))
        m = y.measures.assign(year=y.year, kind=y.measures["org_id"].map(kind).fillna(""))
        frames.append(m[MEASURE_COLUMNS])
    if not frames:
        return empty(MEASURE_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(int)
    return out


def measure_coverage(
    ds: Dataset, meas: pd.DataFrame, recommendations: pd.DataFrame, scores: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rule 11, for the years that have a measures.csv: an (organization, node)
    pair with a recommendation is covered by a measure of that year, status
    other than cancelled, naming the organization and the node or the total."""
    years = [y.year for y in ds.years if "measures" in y.files]
    if not years:
        return empty(COVERAGE_COLUMNS), empty(COVERAGE_PAIR_COLUMNS)
    recs = recommendations[(recommendations["org_id"] != "") & recommendations["year"].isin(years)]
    pairs = recs[["year", "org_id", "direction_id"]].drop_duplicates().reset_index(drop=True)
    kinds = scores[["year", "org_id", "kind"]].drop_duplicates(["year", "org_id"])
    pairs = pairs.merge(kinds, on=["year", "org_id"], how="left")
    pairs["kind"] = pairs["kind"].fillna("")
    live = meas[(meas["status"] != CANCELLED) & (meas["org_id"] != "")]
    same = pairs.merge(live[["year", "org_id", "direction_id", "id"]], on=["year", "org_id", "direction_id"])
    whole = pairs.merge(
        live.loc[live["direction_id"] == TOTAL, ["year", "org_id", "id"]], on=["year", "org_id"], how="inner"
    )
    covering = pd.concat([same, whole], ignore_index=True).drop_duplicates(["year", "org_id", "direction_id", "id"])
    ids = covering.groupby(["year", "org_id", "direction_id"], sort=False)["id"].agg(";".join)
    key = pd.MultiIndex.from_frame(pairs[["year", "org_id", "direction_id"]])
    pairs["measure_ids"] = ids.reindex(key).fillna("").to_numpy(dtype=object)
    pairs["covered"] = pairs["measure_ids"] != ""
    rows = []
    for year in years:
        p = pairs[pairs["year"] == year]
        scopes = [(ALL, p)] + [(k, p[p["kind"] == k]) for k in ds.settings.kinds]
        for scope, part in scopes:
            if scope != ALL and part.empty:
                continue
            n, covered = len(part), int(part["covered"].sum())
            rows.append((year, scope, n, covered, 100.0 * covered / n if n else np.nan))
    coverage = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    return coverage, pairs[COVERAGE_PAIR_COLUMNS]
