"""Indexes over a dataset and its results that every page builder shares,
built once per run (pages are many; lookups must be cheap)."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.compute import SCORE_COLUMNS, Results
from generator.methodchange import MethodHistory
from generator.model import Dataset

# One row of Results.scores; ranks are floats here (NaN = no rank).
ScoreRow = namedtuple("ScoreRow", SCORE_COLUMNS)


@dataclass
class Level:
    id: str
    label: str
    min_score: float
    color: str
    css: str  # "high" for the best level, "low" for the worst, "medium" between


@dataclass
class Lookup:
    ds: Dataset
    results: Results
    years: list[int] = field(init=False)
    latest: int = field(init=False)
    kinds: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        ds, r = self.ds, self.results
        self.years = [y.year for y in ds.years]
        self.latest = self.years[-1]
        self.method = MethodHistory(ds)  # methodology changes between years, computed on demand
        self.kinds = dict(ds.settings.kinds)
        self.levels: dict[int, list[Level]] = {}
        for y in ds.years:
            rows = list(y.levels.itertuples(index=False))
            n = len(rows)
            self.levels[y.year] = [
                Level(lv.id, lv.label, float(lv.min_score), lv.color or "", "high" if i == 0 else ("low" if i == n - 1 else "medium"))
                for i, lv in enumerate(rows)
            ]
        # The latest name an organization, indicator or direction was published under.
        self.org: dict[str, dict] = {}
        self.org_years: dict[str, list[int]] = {}
        self.indicator: dict[str, dict] = {}
        self.indicator_years: dict[str, list[int]] = {}
        self.direction: dict[str, dict] = {}
        self.direction_years: dict[str, list[int]] = {}
        for y in ds.years:
            for row in y.organizations.to_dict("records"):
                self.org[row["id"]] = row
                self.org_years.setdefault(row["id"], []).append(y.year)
            for row in y.indicators.to_dict("records"):
                self.indicator[row["id"]] = row
                self.indicator_years.setdefault(row["id"], []).append(y.year)
            for row in y.directions.to_dict("records"):
                self.direction[row["id"]] = row
                self.direction_years.setdefault(row["id"], []).append(y.year)
        s = r.scores
        m = r.municipal
        self.municipal = m.set_index(["year", "scope", "node_kind", "node_id"]).sort_index()
        # Municipal values are means, published rounded as in municipal.csv;
        # only raw values are shown in full (markup.value).
        self._muni = {
            k: {"value": rounded(v), "score": _f(sc), "level": lv, "n": int(n), "delta": _f(d), "trend": t}
            for k, v, sc, lv, n, d, t in zip(
                zip(m["year"], m["scope"], m["node_kind"], m["node_id"]), m["value"], m["score"], m["level"], m["n"], m["delta"], m["trend"]
            )
        }
        # Mean indicator score of each kind: the yardstick of strengths and deficits.
        ind = s[s["node_kind"] == "indicator"]
        self.peer_score = ind.groupby(["year", "kind", "node_id"])["score"].mean().to_dict()
        totals = s[s["node_kind"] == "total"]
        self.ranked_count = totals.groupby(["year", "kind"])["score"].count().to_dict()
        self._index_rows()

    def _index_rows(self) -> None:
        """The rows pages read one at a time, as records in dicts: a page costs
        O(its own rows), never a scan of the scores frame (800,000 rows at
        region scale; filtering it per organization page took 150 ms a page).
        Selected with vectorised masks: every row of each organization's latest
        year, every total, every row of each node's latest year."""
        s = self.results.scores
        node_kind = s["node_kind"].to_numpy(dtype=object)
        year = s["year"].to_numpy()
        org_last = s["org_id"].map({o: ys[-1] for o, ys in self.org_years.items()}).to_numpy()
        ind_last = s["node_id"].map({i: ys[-1] for i, ys in self.indicator_years.items()}).to_numpy()
        dir_last = s["node_id"].map({d: ys[-1] for d, ys in self.direction_years.items()}).to_numpy()
        is_total = node_kind == "total"
        is_org_last = year == org_last
        is_node_last = np.where(node_kind == "indicator", year == ind_last, np.where(node_kind == "direction", year == dir_last, False))
        keep = is_org_last | is_total | is_node_last
        sel = s[keep]
        columns = [sel[c].astype("float64").to_numpy() if c in ("rank_min", "rank_max") else sel[c].to_numpy() for c in ScoreRow._fields]
        self.org_now: dict[str, dict[tuple[str, str], ScoreRow]] = {}  # org -> (node_kind, node_id) -> row, its latest year
        self.org_totals: dict[str, dict[int, ScoreRow]] = {}  # org -> year -> total row
        self.node_latest: dict[tuple[str, str], list[ScoreRow]] = {}  # node -> rows of its latest year, in display order
        for row, org_last_row, total, node_last_row in zip(map(ScoreRow._make, zip(*columns)), is_org_last[keep], is_total[keep], is_node_last[keep]):
            if org_last_row:
                self.org_now.setdefault(row.org_id, {})[(row.node_kind, row.node_id)] = row
            if total:
                self.org_totals.setdefault(row.org_id, {})[row.year] = row
            if node_last_row:
                self.node_latest.setdefault((row.node_kind, row.node_id), []).append(row)
        recs = self.results.recommendations
        self.recs: dict[str, list] = {}  # org ("" = the municipality) -> recommendation rows
        for row in recs.itertuples(index=False):
            self.recs.setdefault(row.org_id, []).append(row)
        self.notes: dict[tuple[int, str], dict[str, str]] = {}  # (year, org) -> indicator -> note
        for y in self.ds.years:
            v = y.values[y.values["note"] != ""]
            for org_id, ind_id, note in zip(v["org_id"], v["indicator_id"], v["note"]):
                self.notes.setdefault((y.year, org_id), {})[ind_id] = note
        self.direction_rows = {y.year: list(y.directions.itertuples()) for y in self.ds.years}
        self.indicator_rows = {y.year: list(y.indicators.itertuples()) for y in self.ds.years}
        # -- structure limits: children of each direction, per year, built once so
        # that direction pages and the catalog cost O(own children), not a scan
        # of every direction and indicator per direction (quadratic). --
        self.child_directions: dict[int, dict[str, list]] = {}  # year -> parent id -> direction rows
        self.child_indicators: dict[int, dict[str, list]] = {}  # year -> direction id -> indicator rows
        for y, rows in self.direction_rows.items():
            by_parent = self.child_directions[y] = {}
            for d in rows:
                by_parent.setdefault(d.parent_id, []).append(d)
        for y, rows in self.indicator_rows.items():
            by_direction = self.child_indicators[y] = {}
            for i in rows:
                by_direction.setdefault(i.direction_id, []).append(i)
        # -- end structure limits --

    # Whole-frame groupings, for callers that want frames; built on first use.
    @cached_property
    def scores_by_org(self) -> dict[str, pd.DataFrame]:
        return {k: g for k, g in self.results.scores.groupby("org_id", sort=False)}

    @cached_property
    def scores_by_node(self) -> dict[tuple[str, str], pd.DataFrame]:
        return {k: g for k, g in self.results.scores.groupby(["node_kind", "node_id"], sort=False)}

    @cached_property
    def recs_by_org(self) -> dict[str, pd.DataFrame]:
        return {k: g for k, g in self.results.recommendations.groupby("org_id", sort=False)}

    def level(self, year: int, level_id: str) -> Level | None:
        for lv in self.levels.get(year, []):
            if lv.id == level_id:
                return lv
        return None

    def name(self, org_id: str) -> str:
        return self.org[org_id]["name"]

    def short(self, org_id: str) -> str:
        row = self.org[org_id]
        return row.get("short_name") or row["name"]

    def muni(self, year: int, scope: str, node_kind: str, node_id: str) -> dict | None:
        found = self._muni.get((year, scope, node_kind, node_id))
        return None if found is None else dict(found)

    def year_data(self, year: int):
        return self.ds.year(year)


def _f(x) -> float | None:
    return None if pd.isna(x) else float(x)


def rounded(x) -> float | None:
    return None if x is None or pd.isna(x) else float(round2(x))

