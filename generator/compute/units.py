"""Summaries of the groups of organizations (monitoring.yml `groups:`) and of
the territorial units (rule 7c), per year, unit, scope and node.

The summary of a node is the mean of the unrounded scores of the unit's
organizations (for a territorial unit: whose territory is that unit or lies
below it), n how many have a score; its level by rule 4 (directions and the
total), its dynamics by rule 6 on the rounded summary, higher is better (an
indicator's summary too is of scores, not of values). Territorial units also
rank among the units of the same territory kind in that year, scope and node
(rule 5, with rank_decimals)."""

from __future__ import annotations

import pandas as pd

from generator.arithmetic import round2
from generator.compute.municipal import ALL
from generator.compute.ranking import add_dynamics, add_ranks, assign_levels, node_positions
from generator.model import Dataset, NodeKind, Polarity

GROUP_COLUMNS = ["year", "group_id", "scope", "node_kind", "node_id", "score", "level", "n", "delta", "trend"]
TERRITORY_COLUMNS = [
    "year",
    "territory_id",
    "territory_kind",
    "scope",
    "node_kind",
    "node_id",
    "score",
    "level",
    "n",
    "rank_min",
    "rank_max",
    "delta",
    "trend",
]


def _summaries(scores: pd.DataFrame, members: pd.DataFrame, unit: str, ds: Dataset, levels) -> pd.DataFrame:
    """members: (year, org_id, `unit`, unit_order); one row per year, unit, scope and node
    that has an organization of the unit, in the order year, unit, scope (all, then
    the kinds of monitoring.yml), node (display order)."""
    rows = scores[["year", "org_id", "kind", "node_kind", "node_id", "score"]].merge(members, on=["year", "org_id"])
    frames = []
    for scope in (None, "kind"):
        s = rows.assign(scope=ALL if scope is None else rows["kind"])
        agg = s.groupby(["year", unit, "unit_order", "scope", "node_kind", "node_id"], sort=False)["score"].agg(
            ["mean", "count"]
        )
        frames.append(agg.reset_index().rename(columns={"mean": "score", "count": "n"}))
    m = pd.concat(frames, ignore_index=True)
    m["n"] = m["n"].astype(int)
    is_node = m["node_kind"] != NodeKind.INDICATOR.value
    m["level"] = assign_levels(m["year"], round2(m["score"]), levels).where(is_node, "")
    # Rule 6 on the summary for every node: add_dynamics compares an indicator's `value`.
    m = m.assign(value=m["score"], polarity=Polarity.HIGHER.value)
    m = add_dynamics(m, [unit, "scope", "node_kind", "node_id"], ds.settings.stable_tolerance)
    kind_order = {k: i for i, k in enumerate([ALL, *ds.settings.kinds])}
    n = node_positions(ds, m["year"], m["node_kind"], m["node_id"])
    m = m.assign(_s=m["scope"].map(kind_order), _n=n)
    m = m.sort_values(["year", "unit_order", "_s", "_n"], kind="stable")
    return m.drop(columns=["_s", "_n", "unit_order", "value", "polarity"]).reset_index(drop=True)


def group_summaries(scores: pd.DataFrame, ds: Dataset, levels: pd.DataFrame) -> pd.DataFrame:
    """Per year, group of monitoring.yml (its order), scope and node."""
    order = {g: i for i, g in enumerate(ds.settings.groups)}
    members = [
        (y.year, org_id, group, order.get(group, len(order)))
        for y in ds.years
        for org_id, groups in zip(y.organizations["id"], y.organizations["groups"])
        for group in groups
    ]
    if not members:
        return pd.DataFrame(columns=GROUP_COLUMNS)
    frame = pd.DataFrame(members, columns=["year", "org_id", "group_id", "unit_order"])
    return _summaries(scores, frame, "group_id", ds, levels)[GROUP_COLUMNS]


def territory_members(ds: Dataset) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """(year, org_id, territory_id, unit_order): each organization in its unit and
    every unit above it; and (year, unit, territory kind) of every unit."""
    members = []
    kinds: list[tuple[int, str, str]] = []
    for y in ds.years:
        t = y.territories
        if t.empty:
            continue
        parent = dict(zip(t["id"], t["parent_id"]))
        order = {u: i for i, u in enumerate(t["id"])}
        kinds += [(y.year, u, k) for u, k in zip(t["id"], t["kind"])]
        for org_id, unit in zip(y.organizations["id"], y.organizations["territory"]):
            seen: set[str] = set()
            while unit and unit in parent and unit not in seen:  # the unit and every unit above it
                seen.add(unit)
                members.append((y.year, org_id, unit, order[unit]))
                unit = parent[unit]
    return pd.DataFrame(members, columns=["year", "org_id", "territory_id", "unit_order"]), kinds


def territory_summaries(scores: pd.DataFrame, ds: Dataset, levels: pd.DataFrame) -> pd.DataFrame:
    """Per year, territorial unit (territories.csv order), scope and node, with ranks."""
    frame, kinds = territory_members(ds)
    if frame.empty:
        return pd.DataFrame(columns=TERRITORY_COLUMNS)
    m = _summaries(scores, frame, "territory_id", ds, levels)
    kind_of = pd.DataFrame(kinds, columns=["year", "territory_id", "territory_kind"])
    m = m.merge(kind_of, on=["year", "territory_id"], how="left", validate="many_to_one")
    m = add_ranks(m, ds.settings.rank_decimals, within=("scope", "territory_kind"))
    return m[TERRITORY_COLUMNS].reset_index(drop=True)
