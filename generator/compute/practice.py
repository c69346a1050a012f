"""Rule 13 (methodology.md, «The management cycle»): the sources of best
practice per direction and year, and the practices of practices.csv.

An organization is a source of best practice for direction D (not the total)
in year Y when its level for D is the level with the largest min_score of
that year's levels.csv, in Y and in its previous year with a score for D
(that year's own top level), and its trend for D in Y is not `worsened`."""

from __future__ import annotations

import pandas as pd

from generator.compute.cyclecols import BEST_PRACTICE_COLUMNS, PRACTICE_COLUMNS, empty
from generator.model import Dataset, NodeKind, Trend


def best_practices(ds: Dataset, scores: pd.DataFrame) -> pd.DataFrame:
    top = {y.year: str(y.levels["id"].iloc[0]) for y in ds.years if len(y.levels)}  # sorted by min_score, descending
    d = scores[(scores["node_kind"] == NodeKind.DIRECTION.value) & scores["score"].notna()]
    d = d[["year", "org_id", "kind", "node_id", "score", "level", "trend"]].sort_values("year", kind="stable")
    d = d.assign(top=d["level"] == d["year"].map(top))
    grouped = d.groupby(["org_id", "node_id"], sort=False)
    d = d.assign(previous_year=grouped["year"].shift(1), previous_top=grouped["top"].shift(1))
    best = d[d["top"] & (d["previous_top"] == True) & (d["trend"] != Trend.WORSENED.value)]  # noqa: E712
    if best.empty:
        return empty(BEST_PRACTICE_COLUMNS)
    order = {}
    for y in ds.years:
        order.update({(y.year, o): i for i, o in enumerate(y.organizations["id"])})
        order.update({(y.year, "d:" + n): i for i, n in enumerate(y.directions["id"])})
    best = best.assign(
        _d=[order.get((y, "d:" + n), -1) for y, n in zip(best["year"], best["node_id"])],
        _o=[order.get((y, o), -1) for y, o in zip(best["year"], best["org_id"])],
    ).sort_values(["year", "_d", "_o"], kind="stable")
    best = best.rename(columns={"node_id": "direction_id"})
    best["previous_year"] = best["previous_year"].astype(int)
    return best[BEST_PRACTICE_COLUMNS].reset_index(drop=True)


def practices(ds: Dataset, best: pd.DataFrame) -> pd.DataFrame:
    frames = [y.practices.assign(year=y.year) for y in ds.years if not y.practices.empty]
    if not frames:
        return empty(PRACTICE_COLUMNS)
    p = pd.concat(frames, ignore_index=True)
    sources = set(zip(best["year"], best["org_id"], best["direction_id"]))
    p["best"] = [(y, o, d) in sources for y, o, d in zip(p["year"], p["org_id"], p["direction_id"])]
    p["year"] = p["year"].astype(int)
    return p[PRACTICE_COLUMNS]
