"""Stage 3: the arithmetic of methodology.md, vectorised over all years at once.

Every figure the site or an export shows comes from `Results`; templates only
format it. Columns are compared with the vocabulary's `.value` (generator/model.py):
pandas compares a str column with a str subclass (a StrEnum member) markedly
slower, and these columns have up to a million rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.model import Dataset, Method, MissingPolicy, NodeKind, Polarity, Trend, Unit, applicable_pairs

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
MUNICIPAL_COLUMNS = ["year", "scope", "node_kind", "node_id", "value", "score", "level", "n", "delta", "trend"]
ALL = "all"  # the municipal scope of all kinds together


@dataclass
class Results:
    """What the arithmetic gives.

    scores: one row per year, organization and applicable node (SCORE_COLUMNS);
        value is the raw indicator value, score is unrounded (0-100), level and
        trend are ids ("" when none), delta is rounded.
    municipal: per year, scope ("all" or a kind id) and node (MUNICIPAL_COLUMNS):
        value = an indicator's municipal value, score = a node's summary.
    recommendations: year, org_id ("" for the municipality), direction_id, level, text.
    Cells hold plain strings: node_kind, trend and polarity are the values of
    model.NodeKind, Trend and Polarity, which compare equal to them.
    """

    scores: pd.DataFrame
    municipal: pd.DataFrame
    recommendations: pd.DataFrame


def compute(ds: Dataset) -> Results:
    orgs, dirs, inds, vals, levels, recs = _long_frames(ds)
    indicator_rows = indicator_scores(orgs, inds, vals, ds.settings.missing)
    node_rows = node_scores(indicator_rows, dirs)
    scores = pd.concat(
        [indicator_rows[["year", "org_id", "kind", "node_kind", "node_id", "value", "score", "polarity"]], node_rows],
        ignore_index=True,
    )
    is_node = scores["node_kind"] != NodeKind.INDICATOR.value
    scores["level"] = assign_levels(scores["year"], round2(scores["score"]), levels).where(is_node, "")
    scores = add_ranks(scores)
    scores = add_dynamics(scores, ["org_id", "node_kind", "node_id"], ds.settings.stable_tolerance)
    scores = _display_order(scores, ds)
    municipal = municipal_figures(indicator_rows, scores, levels, ds)
    recommendations = recommend(scores, municipal, recs)
    return Results(scores[SCORE_COLUMNS].reset_index(drop=True), municipal, recommendations)


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


def indicator_scores(orgs: pd.DataFrame, inds: pd.DataFrame, vals: pd.DataFrame, missing: str) -> pd.DataFrame:
    """Rules 1-2: one row per (year, organization, applicable indicator)."""
    spec = inds.rename(columns={"id": "node_id", "order": "ind_order"})
    rows = applicable_pairs(orgs[["year", "id", "kind"]].rename(columns={"id": "org_id"}), spec, on=["year"])
    rows = rows.merge(
        vals[["year", "org_id", "indicator_id", "value"]].rename(columns={"indicator_id": "node_id"}),
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


def node_scores(indicator_rows: pd.DataFrame, dirs: pd.DataFrame) -> pd.DataFrame:
    """Rule 3: weighted means up the tree, deepest directions first, then the total.

    A direction applies to an organization when an indicator below it does; it
    has no score when none of its children has one, and is then left out of
    its parent's mean."""
    keys = ["year", "org_id", "kind"]
    children = indicator_rows[keys + ["direction_id", "score", "weight"]].rename(columns={"direction_id": "parent"})
    parent_of = dirs.set_index(["year", "id"])["parent_id"]
    depth_of = dirs.set_index(["year", "id"])["depth"]
    weight_of = dirs.set_index(["year", "id"])["weight"]
    out = []
    pending = children
    for depth in range(int(dirs["depth"].max()) if len(dirs) else -1, -1, -1):
        at_depth = depth_of.reindex(pd.MultiIndex.from_arrays([pending["year"], pending["parent"]])).to_numpy() == depth
        here = pending[at_depth]
        pending = pending[~at_depth]
        means = _weighted_mean(here, keys + ["parent"]).rename(columns={"parent": "node_id"})
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


def _weighted_mean(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    scored = rows["score"].notna()
    w = rows["weight"].where(scored, 0.0)
    frame = rows[by].assign(num=(w * rows["score"].fillna(0.0)), den=w)
    sums = frame.groupby(by, sort=False).sum().reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        sums["score"] = np.where(sums["den"] > 0, sums["num"] / sums["den"], np.nan)
    return sums.drop(columns=["num", "den"])


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


def add_ranks(scores: pd.DataFrame) -> pd.DataFrame:
    """Rule 5: within (year, kind, node), on scores rounded to 2 decimals."""
    rounded = round2(scores["score"])
    group = rounded.groupby([scores["year"], scores["kind"], scores["node_kind"], scores["node_id"]])
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


def _display_order(scores: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
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


def municipal_figures(
    indicator_rows: pd.DataFrame, scores: pd.DataFrame, levels: pd.DataFrame, ds: Dataset
) -> pd.DataFrame:
    """Rule 7: per year, overall and per kind; nodes in display order within each scope."""
    settings = ds.settings
    frames = []
    for scope_rows in (indicator_rows.assign(scope=ALL), indicator_rows.assign(scope=indicator_rows["kind"])):
        v = scope_rows["value"]
        boolean = scope_rows["unit"] == Unit.BOOLEAN.value
        reported = v.notna()
        # Share of applicable organizations with 1; under `exclude`, of those that reported.
        counted = reported if settings.missing == MissingPolicy.EXCLUDE else pd.Series(True, index=v.index)
        g = scope_rows.assign(
            ones=(v == 1) & boolean,
            counted=counted & boolean,
            reported=reported,
            v=v,
        ).groupby(["year", "scope", "node_id"], sort=False)
        agg = g.agg(
            ones=("ones", "sum"),
            counted=("counted", "sum"),
            n=("reported", "sum"),
            mean=("v", "mean"),
            unit=("unit", "first"),
            polarity=("polarity", "first"),
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(agg["counted"] > 0, 100.0 * agg["ones"] / agg["counted"], np.nan)
        agg["value"] = np.where(agg["unit"] == Unit.BOOLEAN.value, share, agg["mean"])
        agg = agg.reset_index().assign(node_kind=NodeKind.INDICATOR.value, score=np.nan)
        frames.append(agg[["year", "scope", "node_kind", "node_id", "value", "score", "n", "polarity"]])
    nodes = scores[scores["node_kind"] != NodeKind.INDICATOR.value]
    for scope_col in (None, "kind"):
        s = nodes.assign(scope=ALL if scope_col is None else nodes["kind"])
        agg = (
            s.groupby(["year", "scope", "node_kind", "node_id"], sort=False)["score"]
            .agg(["mean", "count"])
            .reset_index()
        )
        agg = agg.rename(columns={"mean": "score", "count": "n"}).assign(value=np.nan, polarity=Polarity.HIGHER.value)
        frames.append(agg[["year", "scope", "node_kind", "node_id", "value", "score", "n", "polarity"]])
    m = pd.concat(frames, ignore_index=True)
    m["n"] = m["n"].astype(int)
    is_node = m["node_kind"] != NodeKind.INDICATOR.value
    m["level"] = assign_levels(m["year"], round2(m["score"]), levels).where(is_node, "")
    m = add_dynamics(m, ["scope", "node_kind", "node_id"], settings.stable_tolerance)
    kind_order = {k: i for i, k in enumerate([ALL, *settings.kinds])}
    n = node_positions(ds, m["year"], m["node_kind"], m["node_id"])
    m = m.assign(_s=m["scope"].map(kind_order), _n=n).sort_values(["year", "_s", "_n"], kind="stable")
    return m.drop(columns=["_s", "_n", "polarity"])[MUNICIPAL_COLUMNS].reset_index(drop=True)


def recommend(scores: pd.DataFrame, municipal: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """Rule 8: a direction's recommendations go to whoever has a listed level for it."""
    cols = ["year", "org_id", "direction_id", "level", "text"]
    if recs.empty:
        return pd.DataFrame(columns=cols)
    rules = (
        recs[["year", "direction_id", "levels", "text", "order"]].explode("levels").rename(columns={"levels": "level"})
    )
    direction = NodeKind.DIRECTION.value
    orgs = scores[(scores["node_kind"] == direction) & (scores["level"] != "")]
    orgs = orgs[["year", "org_id", "node_id", "level"]].rename(columns={"node_id": "direction_id"})
    town = municipal[(municipal["scope"] == ALL) & (municipal["node_kind"] == direction) & (municipal["level"] != "")]
    town = town[["year", "node_id", "level"]].rename(columns={"node_id": "direction_id"}).assign(org_id="")
    who = pd.concat([orgs, town], ignore_index=True).reset_index(names="_who")
    out = who.merge(rules, on=["year", "direction_id", "level"], how="inner")
    # Year first, like scores and municipal: each year's organizations, then the municipality.
    return out.sort_values(["year", "_who", "order"], kind="stable")[cols].reset_index(drop=True)
