"""The read model of the groups of organizations (monitoring.yml `groups:`)
and of the territorial units (territories.csv, rule 7c): typed records and
indexes over Results.groups and Results.territories, built once before any
page renders (as render/readmodel.py does for the organizations)."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from generator.model import Dataset

# Territory kinds are free ids (methodology.md, rule 7c): monitoring.yml
# `territory_kinds:` names them; else the usual ones are named here, any other by its id.
TERRITORY_KIND_LABELS = {
    "country": "Страна",
    "federal_district": "Федеральные округа",
    "region": "Субъекты Российской Федерации",
    "municipality": "Муниципальные образования",
    "district": "Районы",
    "settlement": "Поселения",
}


def territory_kind_label(kind: str, named: dict[str, str] | None = None) -> str:
    """The plural Russian name of a territory kind: monitoring.yml's, the usual one, or the id."""
    return (named or {}).get(kind) or TERRITORY_KIND_LABELS.get(kind, f"Территории вида «{kind}»")


class Unit(NamedTuple):
    id: str
    name: str
    kind: str
    parent_id: str  # "" at the top


class Summary(NamedTuple):
    """One row of Results.groups or Results.territories (ranks NaN for groups and when none)."""

    score: float  # NaN = none
    level: str
    n: int
    rank_min: float
    rank_max: float
    delta: float
    trend: str


def _summaries(frame: pd.DataFrame, unit: str) -> dict[tuple, Summary]:
    n = len(frame)
    nan = [float("nan")] * n
    cols = [
        frame["score"].astype("float64").tolist(),
        frame["level"].tolist(),
        frame["n"].astype(int).tolist(),
        frame["rank_min"].astype("float64").tolist() if "rank_min" in frame else nan,
        frame["rank_max"].astype("float64").tolist() if "rank_max" in frame else nan,
        frame["delta"].astype("float64").tolist(),
        frame["trend"].tolist(),
    ]
    keys = zip(frame["year"], frame[unit], frame["scope"], frame["node_kind"], frame["node_id"])
    return dict(zip(keys, map(Summary._make, zip(*cols))))


class Units:
    """Groups and territorial units of every year, and their summaries."""

    def __init__(self, ds: Dataset, groups: pd.DataFrame, territories: pd.DataFrame):
        self.group_labels: dict[str, str] = dict(ds.settings.groups)
        self.bodies: dict[str, str] = dict(ds.settings.bodies)
        self.kind_names: dict[str, str] = dict(ds.settings.territory_kinds)
        self.group_summary = _summaries(groups, "group_id") if len(groups) else {}
        self.unit_summary = _summaries(territories, "territory_id") if len(territories) else {}
        # (year, scope, territory kind, node_kind, node_id) -> units with a summary: the M of «N из M»
        self.ranked: dict[tuple, int] = {}
        if len(territories):
            scored = territories[territories["score"].notna()]
            keys = ["year", "scope", "territory_kind", "node_kind", "node_id"]
            self.ranked = scored.groupby(keys).size().to_dict()
        # Units of each year in file order; the latest record of each unit; the years it is in.
        self.units_of_year: dict[int, list[Unit]] = {}
        self.unit: dict[str, Unit] = {}
        self.unit_years: dict[str, list[int]] = {}
        self.members: dict[tuple[int, str], list[str]] = {}  # (year, unit) -> organizations in it or below it
        self.group_members: dict[tuple[int, str], list[str]] = {}  # (year, group) -> organizations
        self.org_units: dict[str, tuple[str, ...]] = {}  # organization -> its unit and those above, latest year
        self.org_groups: dict[str, tuple[str, ...]] = {}  # organization -> its groups, latest year
        for y in ds.years:
            t = y.territories
            units = [Unit(*row) for row in zip(t["id"], t["name"], t["kind"], t["parent_id"])]
            self.units_of_year[y.year] = units
            for u in units:
                self.unit[u.id] = u
                self.unit_years.setdefault(u.id, []).append(y.year)
            parent = {u.id: u.parent_id for u in units}
            o = y.organizations
            for org_id, unit, groups in zip(o["id"], o["territory"], o["groups"]):
                chain: list[str] = []
                while unit and unit in parent and unit not in chain:
                    chain.append(unit)
                    self.members.setdefault((y.year, unit), []).append(org_id)
                    unit = parent[unit]
                self.org_units[org_id] = tuple(chain)
                self.org_groups[org_id] = tuple(groups)
                for g in groups:
                    self.group_members.setdefault((y.year, g), []).append(org_id)
        self.children: dict[tuple[int, str], list[Unit]] = {}  # (year, unit) -> units directly below
        for y, units in self.units_of_year.items():
            for u in units:
                if u.parent_id:
                    self.children.setdefault((y, u.parent_id), []).append(u)
        # Territory kinds in the order they first appear (from the top of the tree down, as files list them).
        self.territory_kinds: list[str] = list(dict.fromkeys(u.kind for u in self.unit.values()))

    def kind_label(self, kind: str) -> str:
        return territory_kind_label(kind, self.kind_names)

    def group(self, year: int, group: str, scope: str, node_kind: str, node_id: str) -> Summary | None:
        return self.group_summary.get((year, group, scope, node_kind, node_id))

    def summary(self, year: int, unit: str, scope: str, node_kind: str, node_id: str) -> Summary | None:
        return self.unit_summary.get((year, unit, scope, node_kind, node_id))

    def of_rank(self, year: int, scope: str, kind: str, node_kind: str, node_id: str) -> int:
        return int(self.ranked.get((year, scope, kind, node_kind, node_id), 0))

    def path(self, unit_id: str) -> list[Unit]:
        """The unit and the units above it, from the top down (latest records)."""
        chain: list[Unit] = []
        while unit_id in self.unit and all(u.id != unit_id for u in chain):
            chain.insert(0, self.unit[unit_id])
            unit_id = self.unit[unit_id].parent_id
        return chain
