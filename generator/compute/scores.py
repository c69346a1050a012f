"""Rules 1-3 and 3b: indicator scores, and direction and total scores up the tree."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.columns import POINTS_SHARE
from generator.model import Method, MissingPolicy, NodeKind, Polarity, applicable_pairs


def indicator_scores(orgs: pd.DataFrame, inds: pd.DataFrame, vals: pd.DataFrame, missing: str) -> pd.DataFrame:
    """Rules 1-2: one row per (year, organization, applicable indicator), with
    the indicator's columns and the value's numerator and denominator (rule 7b)."""
    spec = inds.rename(columns={"id": "node_id", "order": "ind_order"})
    rows = applicable_pairs(orgs[["year", "id", "kind", "groups"]].rename(columns={"id": "org_id"}), spec, on=["year"])
    rows = rows.drop(columns="groups").merge(
        vals[["year", "org_id", "indicator_id", "value", "numerator", "denominator"]].rename(
            columns={"indicator_id": "node_id"}
        ),
        on=["year", "org_id", "node_id"],
        how="left",
    )
    v = rows["value"]
    lower = rows["polarity"] == Polarity.LOWER.value
    group = rows.groupby(["year", "kind", "node_id"])["value"]
    best = np.where(lower, group.transform("min"), group.transform("max"))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio_higher = np.where(best > 0, 100.0 * v / best, 0.0)
        ratio_lower = np.where(v == 0, 100.0, 100.0 * best / v)
        target = rows["target"].to_numpy(dtype=float)
        target_higher = 100.0 * np.minimum(v / target, 1.0)
        target_lower = np.where(v == 0, 100.0, 100.0 * np.minimum(target / v, 1.0))
        points = 100.0 * v / rows["max_points"]
    method = rows["method"]
    score = np.select(
        [
            method == Method.BOOLEAN.value,
            method == Method.POINTS.value,
            (method == Method.RATIO_TO_BEST.value) & ~lower,
            (method == Method.RATIO_TO_BEST.value) & lower,
            (method == Method.TARGET.value) & ~lower,
            (method == Method.TARGET.value) & lower,
        ],
        [100.0 * v, points, ratio_higher, ratio_lower, target_higher, target_lower],
        default=np.nan,
    )
    score = pd.Series(score, index=rows.index).where(v.notna())
    if missing == MissingPolicy.ZERO:
        score = score.fillna(0.0)
    rows["score"] = score
    rows["node_kind"] = NodeKind.INDICATOR.value
    return rows


def node_scores(indicator_rows: pd.DataFrame, dirs: pd.DataFrame, missing: str = MissingPolicy.ZERO) -> pd.DataFrame:
    """Rule 3: weighted means up the tree, deepest directions first, then the
    total; rule 3b: a points_share direction's score is its points share instead.

    A direction applies to an organization when an indicator below it does; it
    has no score when none of its children has one, and is then left out of
    its parent's mean."""
    keys = ["year", "org_id", "kind"]
    children = indicator_rows[keys + ["direction_id", "score", "weight"]].rename(columns={"direction_id": "parent"})
    parent_of = dirs.set_index(["year", "id"])["parent_id"]
    depth_of = dirs.set_index(["year", "id"])["depth"]
    weight_of = dirs.set_index(["year", "id"])["weight"]
    shares = points_shares(indicator_rows, dirs, missing)
    out = []
    pending = children
    for depth in range(int(dirs["depth"].max()) if len(dirs) else -1, -1, -1):
        at_depth = depth_of.reindex(pd.MultiIndex.from_arrays([pending["year"], pending["parent"]])).to_numpy() == depth
        here = pending[at_depth]
        pending = pending[~at_depth]
        means = _weighted_mean(here, keys + ["parent"]).rename(columns={"parent": "node_id"})
        if shares is not None:
            share = shares.reindex(pd.MultiIndex.from_frame(means[["year", "org_id", "node_id"]]))
            shared = share["shared"].fillna(False).to_numpy(dtype=bool)
            means["score"] = np.where(shared, share["score"].to_numpy(dtype=float), means["score"].to_numpy())
        means["node_kind"] = NodeKind.DIRECTION.value
        out.append(means)
        idx = pd.MultiIndex.from_arrays([means["year"], means["node_id"]])
        up = means[keys + ["score"]].assign(
            parent=parent_of.reindex(idx).to_numpy(), weight=weight_of.reindex(idx).to_numpy()
        )
        pending = pd.concat([pending, up], ignore_index=True)
    top = pending[pending["parent"] == ""]
    total = _weighted_mean(top, keys + ["parent"]).drop(columns="parent")
    total = total.assign(node_id=NodeKind.TOTAL.value, node_kind=NodeKind.TOTAL.value)
    out.append(total)
    result = pd.concat(out, ignore_index=True)
    result["value"] = np.nan
    result["polarity"] = Polarity.HIGHER.value
    return result


def points_shares(indicator_rows: pd.DataFrame, dirs: pd.DataFrame, missing: str) -> pd.DataFrame | None:
    """Rule 3b, indexed by (year, org_id, node_id) of each points_share
    direction: score = 100 x (sum of points) / (sum of max_points) over the
    organization's applicable indicators at any depth below it. A missing
    value counts 0 points out of its max_points under `missing: zero` and is
    left out under `exclude`; with nothing counted there is no score.
    None when no direction is points_share."""
    shared = dirs[dirs["aggregation"] == POINTS_SHARE]
    if shared.empty:
        return None
    parent = dict(zip(zip(dirs["year"], dirs["id"]), dirs["parent_id"]))
    shared_keys = set(zip(shared["year"], shared["id"]))
    above: dict[tuple[int, str], list[str]] = {}  # (year, direction) -> points_share directions at or above it
    for year, direction in set(zip(indicator_rows["year"], indicator_rows["direction_id"])):
        found, node, seen = [], direction, set()
        while node and node not in seen:  # the tree has no cycle after validation; `seen` is cheap insurance
            seen.add(node)
            if (year, node) in shared_keys:
                found.append(node)
            node = parent.get((year, node), "")
        above[(year, direction)] = found
    rows = indicator_rows[["year", "org_id", "direction_id", "value", "max_points"]]
    rows = rows.assign(node_id=[above[k] for k in zip(rows["year"], rows["direction_id"])]).explode("node_id")
    rows = rows.dropna(subset=["node_id"])
    counted = rows["value"].notna() | (missing == MissingPolicy.ZERO)
    sums = (
        rows.assign(points=rows["value"].fillna(0.0).where(counted, 0.0), top=rows["max_points"].where(counted, 0.0))
        .groupby(["year", "org_id", "node_id"])[["points", "top"]]
        .sum()
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(sums["top"] > 0, 100.0 * sums["points"] / sums["top"], np.nan)
    return pd.DataFrame({"score": score, "shared": True}, index=sums.index)


def _weighted_mean(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    scored = rows["score"].notna()
    w = rows["weight"].where(scored, 0.0)
    frame = rows[by].assign(num=(w * rows["score"].fillna(0.0)), den=w)
    sums = frame.groupby(by, sort=False).sum().reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        sums["score"] = np.where(sums["den"] > 0, sums["num"] / sums["den"], np.nan)
    return sums.drop(columns=["num", "den"])
