"""Rules 4-6 on any frame of scores: levels, ranks and dynamics, and the
display order of nodes; used for organizations, the municipal figures and the
summaries of groups and territorial units alike."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.arithmetic import round2, round_to
from generator.model import Dataset, NodeKind, Polarity, Trend


def assign_levels(year: pd.Series, score: pd.Series, levels: pd.DataFrame) -> pd.Series:
    """Rule 4: the first level, by min_score descending, with min_score <= score."""
    out = pd.Series("", index=score.index, dtype=object)
    for y, lv in levels.groupby("year"):
        lv = lv.sort_values("min_score")
        mins = lv["min_score"].to_numpy(dtype=float)
        ids = lv["id"].to_numpy(dtype=object)
        mask = (year == y) & score.notna()
        pos = np.searchsorted(mins, score[mask].to_numpy(dtype=float), side="right") - 1
        out.loc[mask[mask].index] = np.where(pos >= 0, ids[np.clip(pos, 0, None)], "")
    return out


def add_ranks(scores: pd.DataFrame, decimals: int = 2, within: tuple[str, ...] = ("kind",)) -> pd.DataFrame:
    """Rule 5 (5b: on scores rounded to `decimals`, rank_decimals), within
    (year, *within, node): organizations rank within their kind, territorial
    units within their scope and territory kind."""
    rounded = round_to(scores["score"], decimals)
    keys = [scores["year"], *(scores[c] for c in within), scores["node_kind"], scores["node_id"]]
    group = rounded.groupby(keys)
    scores["rank_min"] = group.rank(method="min", ascending=False).astype("Int64")
    scores["rank_max"] = group.rank(method="max", ascending=False).astype("Int64")
    return scores


def add_dynamics(frame: pd.DataFrame, keys: list[str], tolerance: float) -> pd.DataFrame:
    """Rule 6: against the latest earlier year with a value for the same keys.
    Indicators compare raw values, other nodes compare scores, both rounded."""
    compared = round2(frame["value"].where(frame["node_kind"] == NodeKind.INDICATOR.value, frame["score"]))
    has = compared.notna()
    sub = frame.loc[has, keys + ["year"]].assign(c=compared[has]).sort_values("year", kind="stable")
    previous = sub.groupby(keys, sort=False)["c"].shift(1)
    delta = round2(sub["c"] - previous)
    frame["delta"] = delta.reindex(frame.index)
    # Compare in hundredths so 0.1 against a tolerance of 0.1 is exact; the
    # tolerance itself is not rounded (0.015: a change of 0.02 is more than it).
    d = np.round(frame["delta"] * 100)
    t = tolerance * 100 + 1e-6
    good = np.where(frame["polarity"] == Polarity.LOWER.value, -d, d)
    trend = np.select([good > t, good < -t], [Trend.IMPROVED.value, Trend.WORSENED.value], default=Trend.STABLE.value)
    trend = np.where(frame["delta"].isna(), Trend.NEW.value, trend)
    frame["trend"] = np.where(has, trend, "")
    return frame


def display_order(scores: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """File order is display order: years, then organizations, then nodes (node_positions)."""
    # Positions through hash lookups per year (ids are unique after validation):
    # a Python loop over the rows cost 3 s of 6 at region scale (800,000 rows).
    o = np.zeros(len(scores), dtype=np.int64)
    year = scores["year"].to_numpy()
    org_id = scores["org_id"].to_numpy(dtype=object)
    for y in ds.years:
        in_year = year == y.year
        o[in_year] = pd.Index(y.organizations["id"]).get_indexer(org_id[in_year])
    n = node_positions(ds, scores["year"], scores["node_kind"], scores["node_id"])
    return (
        scores.assign(_o=o, _n=n)
        .sort_values(["year", "_o", "_n"], kind="stable")
        .drop(columns=["_o", "_n"])
        .reset_index(drop=True)
    )


def node_positions(ds: Dataset, year: pd.Series, node_kind: pd.Series, node_id: pd.Series) -> np.ndarray:
    """The display order of nodes within a year, the one rule for scores and
    municipal figures: the total (0), then the directions, then the
    indicators, each as their files list them."""
    pos = np.zeros(len(year), dtype=np.int64)
    year, node_kind, node_id = year.to_numpy(), node_kind.to_numpy(dtype=object), node_id.to_numpy(dtype=object)
    for y in ds.years:
        in_year = year == y.year
        listed = (
            (NodeKind.DIRECTION.value, y.directions["id"], 1),
            (NodeKind.INDICATOR.value, y.indicators["id"], 1 + len(y.directions)),
        )
        for kind, ids, start in listed:
            rows = in_year & (node_kind == kind)
            p = pd.Index(ids).get_indexer(node_id[rows])
            pos[rows] = np.where(p >= 0, p + start, 0)
    return pos
