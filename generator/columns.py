"""The columns of the contract's extensions (methodology.md, «Extensions») as
the later stages read them, after the schema check: lists split, defaults
filled in, a pooled indicator's value computed from its fraction. One place
for validate and for the in-memory data sets of the tests (tests/factory.py),
so the two cannot drift apart.

A data folder that uses none of these columns comes out with every new column
empty (or at its default), and every figure as it was before them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.tree import depths

MEAN, POINTS_SHARE = "mean", "points_share"  # directions.aggregation (rule 3 / 3b)
POOLED = "pooled"  # indicators.municipal (rule 7b)
TOTAL = "total"  # recommendations.direction_id of the total score (rule 8b)
ORGANIZATION, MUNICIPALITY = "organization", "municipality"  # recommendations.audience (rule 8b)


def split_ids(cell: str) -> tuple[str, ...]:
    """A `;`-separated list of ids; "" is the empty list."""
    return tuple(cell.split(";")) if cell else ()


def organizations(orgs: pd.DataFrame) -> pd.DataFrame:
    return orgs.assign(groups=orgs["groups"].map(split_ids))


def directions(dirs: pd.DataFrame) -> pd.DataFrame:
    return dirs.assign(aggregation=dirs["aggregation"].where(dirs["aggregation"] != "", MEAN))


def indicators(inds: pd.DataFrame) -> pd.DataFrame:
    return inds.assign(groups=inds["groups"].map(split_ids))


def recommendations(recs: pd.DataFrame) -> pd.DataFrame:
    return recs.assign(levels=recs["levels"].map(split_ids), kinds=recs["kinds"].map(split_ids))


def territories(terrs: pd.DataFrame) -> pd.DataFrame:
    """With the depth of each unit below the top (0 = top; a unit in a cycle, reported, 0)."""
    first = terrs[(terrs["id"] != "") & ~terrs["id"].duplicated()]
    depth = depths(dict(zip(first["id"], first["parent_id"])))
    return terrs.assign(depth=terrs["id"].map(depth).fillna(0).astype(int))


def pooled_rows(vals: pd.DataFrame, inds: pd.DataFrame) -> np.ndarray:
    """Which rows of values.csv are of an indicator with municipal: pooled."""
    pooled = set(inds["id"][inds["municipal"] == POOLED])
    return vals["indicator_id"].isin(pooled).to_numpy() if pooled else np.zeros(len(vals), dtype=bool)


def values(vals: pd.DataFrame, inds: pd.DataFrame) -> pd.DataFrame:
    """Rule 7b: a pooled indicator's value is 100 x numerator / denominator
    (both given, denominator > 0: validate has checked it); other rows as given."""
    pooled = pooled_rows(vals, inds)
    if not pooled.any():
        return vals
    num, den = vals["numerator"].to_numpy(dtype=float), vals["denominator"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(pooled & (den > 0), 100.0 * num / den, np.nan)
    return vals.assign(value=np.where(pooled, share, vals["value"].to_numpy(dtype=float)))
