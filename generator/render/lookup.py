"""Indexes over a dataset and its results that every page builder shares,
built once per run (pages are many; lookups must be cheap)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from generator.arithmetic import round2
from generator.compute import Results
from generator.methodchange import MethodHistory
from generator.model import Dataset


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
        self.scores_by_org = {k: g for k, g in s.groupby("org_id", sort=False)}
        self.scores_by_node = {k: g for k, g in s.groupby(["node_kind", "node_id"], sort=False)}
        m = r.municipal
        self.municipal = m.set_index(["year", "scope", "node_kind", "node_id"]).sort_index()
        self.recs_by_org = {k: g for k, g in r.recommendations.groupby("org_id", sort=False)}
        # Mean indicator score of each kind: the yardstick of strengths and deficits.
        ind = s[s["node_kind"] == "indicator"]
        self.peer_score = ind.groupby(["year", "kind", "node_id"])["score"].mean()
        totals = s[s["node_kind"] == "total"]
        self.ranked_count = totals.groupby(["year", "kind"])["score"].count()

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
        key = (year, scope, node_kind, node_id)
        if key not in self.municipal.index:
            return None
        row = self.municipal.loc[key]
        return {"value": _f(row["value"]), "score": _f(row["score"]), "level": row["level"], "n": int(row["n"]), "delta": _f(row["delta"]), "trend": row["trend"]}

    def year_data(self, year: int):
        return self.ds.year(year)


def _f(x) -> float | None:
    return None if pd.isna(x) else float(x)


def rounded(x) -> float | None:
    return None if x is None or pd.isna(x) else float(round2(x))

