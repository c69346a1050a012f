"""Rule 10 (methodology.md, «The management cycle»): the effect of every done
measure, and its aggregates per form and node, per form and per node.

For a measure of year Y for organization O and node D: before = O's score for
D in Y, after = its score in the next year after Y in which O has a score for
D (both rounded to 2 decimals), change = after - before. The comparison group
is the organizations of O's kind with a score for D in Y and in that same
later year and with no done measure for D (nor for the total) in Y; effect =
change - their mean change. A municipal measure compares the municipal
summary (scope all); it has no effect. The methodology flag is computed on the
two years' tables (method_changed)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.compute.cyclecols import EFFECT_COLUMNS, EFFECT_SUMMARY_COLUMNS, empty
from generator.compute.municipal import ALL
from generator.model import INDICATOR_DEFINING_FIELDS, Dataset, NodeKind, YearData

DONE = "done"
TOTAL = NodeKind.TOTAL.value
LEVEL_FIELDS = ("id", "label", "min_score", "color")


def _node_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """(year, org_id, kind, node_id, score rounded) of directions and totals that have a score."""
    s = scores[(scores["node_kind"] != NodeKind.INDICATOR.value) & scores["score"].notna()]
    return s[["year", "org_id", "kind", "node_id"]].assign(score=round2(s["score"].to_numpy(dtype=float)))


def _later(before: pd.DataFrame, series: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """For each row of `before` (keys, year): the first later year of `series`
    (keys, year, score) with a score, as after_year and after."""
    m = before[[*keys, "year", "_row"]].merge(series.rename(columns={"year": "after_year", "score": "after"}), on=keys)
    m = m[m["after_year"] > m["year"]].sort_values(["_row", "after_year"], kind="stable")
    return m.drop_duplicates("_row")[["_row", "after_year", "after"]]


def measure_effects(ds: Dataset, meas: pd.DataFrame, scores: pd.DataFrame, municipal: pd.DataFrame) -> pd.DataFrame:
    done = meas[meas["status"] == DONE].reset_index(drop=True)
    if done.empty:
        return empty(EFFECT_COLUMNS)
    last = ds.years[-1].year
    s = _node_scores(scores)
    summary = municipal[(municipal["scope"] == ALL) & (municipal["node_kind"] != NodeKind.INDICATOR.value)]
    summary = summary[summary["score"].notna()]
    summary = summary[["year", "node_id"]].assign(score=round2(summary["score"].to_numpy(dtype=float)))
    e = done.rename(columns={"id": "measure_id"}).assign(_row=np.arange(len(done)), node_id=done["direction_id"])
    org = e["org_id"] != ""

    # before: the organization's score, or the municipal summary for a municipal measure
    own = e[org].merge(s[["year", "org_id", "node_id", "score"]], on=["year", "org_id", "node_id"], how="left")
    mun = e[~org].merge(summary, on=["year", "node_id"], how="left")
    before = pd.concat([own, mun])[["_row", "score"]].set_index("_row")["score"]
    e["before"] = before.reindex(e["_row"]).to_numpy(dtype=float)
    later = pd.concat(
        [
            _later(e[org], s[["org_id", "node_id", "year", "score"]], ["org_id", "node_id"]),
            _later(e[~org], summary, ["node_id"]),
        ]
    ).set_index("_row")
    e["after_year"] = later["after_year"].reindex(e["_row"]).to_numpy(dtype=float)
    e["after"] = later["after"].reindex(e["_row"]).to_numpy(dtype=float)
    e["state"] = np.select(
        [e["year"] == last, e["before"].isna(), e["after"].isna()], ["pending", "no_score", "no_later_score"], ""
    )
    computed = e["state"] == ""
    e.loc[~computed, ["after_year", "after"]] = np.nan
    e["change"] = round2((e["after"] - e["before"]).where(computed).to_numpy(dtype=float))

    # the comparison group of each computed organization measure
    e["comparison_n"] = 0
    e["comparison_change"] = np.nan
    treated = meas[(meas["status"] == DONE) & (meas["org_id"] != "")][["year", "org_id", "direction_id"]]
    wanted = s[s["node_id"].isin(set(e["node_id"][computed & org]))]
    by_node_kind = {key: part for key, part in wanted.groupby(["node_id", "kind"], sort=False)}
    for (year, node, after_year, kind), rows in e[computed & org].groupby(
        ["year", "node_id", "after_year", "kind"], sort=False
    ):
        at = by_node_kind.get((node, kind), s.iloc[:0])
        n, mean = _comparison(at, treated, int(year), node, int(after_year))
        e.loc[rows.index, "comparison_n"] = n
        e.loc[rows.index, "comparison_change"] = mean
    e["effect"] = (e["change"] - e["comparison_change"]).where(org)
    e["comparison_change"] = e["comparison_change"].where(org)

    flags = {
        key: method_changed(ds.year(int(key[0])), ds.year(int(key[1])), key[2])
        for key in set(zip(e["year"][computed], e["after_year"][computed], e["node_id"][computed]))
    }
    e["method_changed"] = [
        bool(flags.get((y, a, d), False)) if c else False
        for y, a, d, c in zip(e["year"], e["after_year"], e["node_id"], computed)
    ]
    e["comparison_n"] = e["comparison_n"].astype(int)
    return e[EFFECT_COLUMNS]


def _comparison(at: pd.DataFrame, treated: pd.DataFrame, year: int, node: str, after_year: int) -> tuple[int, float]:
    """The comparison group's size and mean change (NaN when empty); `at`: the scores of the node
    for the organizations of the measure's kind."""
    excluded = set(treated["org_id"][(treated["year"] == year) & treated["direction_id"].isin((node, TOTAL))])
    a = at[at["year"] == year].set_index("org_id")["score"]
    b = at[at["year"] == after_year].set_index("org_id")["score"]
    both = a.index.intersection(b.index).difference(pd.Index(sorted(excluded), dtype=object))
    if not len(both):
        return 0, math.nan
    return len(both), float((b[both] - a[both]).mean())


def below(y: YearData, node: str) -> pd.DataFrame:
    """The indicators at any depth below a node of the year (all of them for the total)."""
    if node == TOTAL:
        return y.indicators
    parent = dict(zip(y.directions["id"], y.directions["parent_id"]))
    inside: set[str] = set()
    for d in parent:
        seen, up = set(), d
        while up and up not in seen:
            if up == node:
                inside.add(d)
                break
            seen.add(up)
            up = parent.get(up, "")
    return y.indicators[y.indicators["direction_id"].isin(inside)]


def _same(x, y) -> bool:
    def missing(v) -> bool:
        return v is None or v == "" or (isinstance(v, float) and math.isnan(v))

    if isinstance(x, tuple) or isinstance(y, tuple):
        return set(x or ()) == set(y or ())
    return (missing(x) and missing(y)) or x == y


def method_changed(a: YearData, b: YearData, node: str) -> bool:
    """Rule 10's flag: between years a and b, the set of indicators below the
    node differs, a shared one differs in a defining column, or levels.csv differs."""
    ia, ib = below(a, node).set_index("id"), below(b, node).set_index("id")
    if set(ia.index) != set(ib.index):
        return True
    for ind in ia.index:
        if not all(_same(ia.at[ind, f], ib.at[ind, f]) for f in INDICATOR_DEFINING_FIELDS):
            return True
    la = [tuple(r) for r in a.levels[list(LEVEL_FIELDS)].itertuples(index=False)]
    lb = [tuple(r) for r in b.levels[list(LEVEL_FIELDS)].itertuples(index=False)]
    return sorted(la, key=repr) != sorted(lb, key=repr)


def effect_summary(ds: Dataset, effects: pd.DataFrame) -> pd.DataFrame:
    """Per year over the organization measures with an effect (flagged included):
    per form and node, per form, per node."""
    e = effects[(effects["org_id"] != "") & effects["effect"].notna()]
    if e.empty:
        return empty(EFFECT_SUMMARY_COLUMNS)
    form_order = {f: i for i, f in enumerate(ds.settings.measure_forms)}
    node_order = {}
    for y in ds.years:
        node_order.update({(y.year, d): i + 1 for i, d in enumerate(y.directions["id"])})
        node_order[(y.year, TOTAL)] = 0
    frames = []
    for by, keys in (("form_node", ["form", "direction_id"]), ("form", ["form"]), ("node", ["direction_id"])):
        g = e.groupby(["year", *keys], sort=False).agg(
            n=("effect", "size"),
            mean_change=("change", "mean"),
            mean_comparison_change=("comparison_change", "mean"),
            mean_effect=("effect", "mean"),
            n_method_changed=("method_changed", "sum"),
        )
        g = g.reset_index().assign(by=by)
        for k in ("form", "direction_id"):
            if k not in g:
                g[k] = ""
        g["_b"] = ["form_node", "form", "node"].index(by)
        frames.append(g)
    out = pd.concat(frames, ignore_index=True)
    out["_f"] = out["form"].map(lambda f: form_order.get(f, -1) if f else -1)
    out["_n"] = [node_order.get((y, d), -1) if d else -1 for y, d in zip(out["year"], out["direction_id"])]
    out = out.sort_values(["year", "_b", "_f", "_n"], kind="stable")
    out[["n", "n_method_changed"]] = out[["n", "n_method_changed"]].astype(int)
    return out[EFFECT_SUMMARY_COLUMNS].reset_index(drop=True)
