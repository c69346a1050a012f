"""Rule 7 (and 7b): the municipal figures, per year, overall and per kind."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.columns import POOLED
from generator.compute.ranking import add_dynamics, assign_levels, node_positions
from generator.model import Dataset, MissingPolicy, NodeKind, Polarity, Unit

MUNICIPAL_COLUMNS = ["year", "scope", "node_kind", "node_id", "value", "score", "level", "n", "delta", "trend"]
ALL = "all"  # the municipal scope of all kinds together


def municipal_figures(
    indicator_rows: pd.DataFrame, scores: pd.DataFrame, levels: pd.DataFrame, ds: Dataset
) -> pd.DataFrame:
    """Rule 7: per year, overall and per kind; nodes in display order within each scope."""
    settings = ds.settings
    frames = [
        indicator_figures(scope_rows, settings.missing)
        for scope_rows in (indicator_rows.assign(scope=ALL), indicator_rows.assign(scope=indicator_rows["kind"]))
    ]
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


def indicator_figures(scope_rows: pd.DataFrame, missing: str) -> pd.DataFrame:
    """Rule 7 (7b) for the indicator rows of each (year, scope, indicator): scope_rows
    are indicator_scores() rows with a `scope` column (a row per organization and scope)."""
    v = scope_rows["value"]
    boolean = scope_rows["unit"] == Unit.BOOLEAN.value
    pooled = scope_rows["municipal"] == POOLED
    reported = v.notna()
    # Share of applicable organizations with 1; under `exclude`, of those that reported.
    counted = reported if missing == MissingPolicy.EXCLUDE else pd.Series(True, index=v.index)
    g = scope_rows.assign(
        ones=(v == 1) & boolean,
        counted=counted & boolean,
        reported=reported,
        v=v,
        # Rule 7b: sums of the fractions of the organizations that reported.
        num=scope_rows["numerator"].where(pooled & reported, 0.0),
        den=scope_rows["denominator"].where(pooled & reported, 0.0),
        pooled=pooled,
    ).groupby(["year", "scope", "node_id"], sort=False)
    agg = g.agg(
        ones=("ones", "sum"),
        counted=("counted", "sum"),
        n=("reported", "sum"),
        mean=("v", "mean"),
        unit=("unit", "first"),
        polarity=("polarity", "first"),
        num=("num", "sum"),
        den=("den", "sum"),
        pooled=("pooled", "first"),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(agg["counted"] > 0, 100.0 * agg["ones"] / agg["counted"], np.nan)
        ratio = np.where(agg["den"] > 0, 100.0 * agg["num"] / agg["den"], np.nan)
    value = np.where(agg["unit"] == Unit.BOOLEAN.value, share, agg["mean"])
    agg["value"] = np.where(agg["pooled"].to_numpy(dtype=bool), ratio, value)
    agg = agg.reset_index().assign(node_kind=NodeKind.INDICATOR.value, score=np.nan)
    return agg[["year", "scope", "node_kind", "node_id", "value", "score", "n", "polarity"]]
