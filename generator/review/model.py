"""The comparison of two versions of the data, as data.

`DataDiff` holds, per year package, the organizations, directions,
indicators, levels and recommendations added, removed or changed (field by
field), every changed value, and the consequences: whose score, rank or level
changed, per node (total, direction, indicator), and the municipal summaries.
generator/review/compare.py fills it; wording.py and markdown.py write it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.compute import Results
    from generator.model import Dataset


@dataclass
class FieldChange:
    field: str
    old: object
    new: object


@dataclass
class Record:
    id: str
    name: str


@dataclass
class RecordChange:
    id: str
    name: str
    fields: list[FieldChange]


@dataclass
class TableDiff:
    added: list[Record] = field(default_factory=list)
    removed: list[Record] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class ValueChange:
    org_id: str
    org: str
    indicator_id: str
    indicator: str
    unit: str
    old: float | None
    new: float | None
    old_note: str = ""
    new_note: str = ""


@dataclass
class NodeChange:
    """One organization's figure for one node: score (rounded), rank, level label."""

    org_id: str
    org: str
    kind: str
    node_kind: str
    node_id: str
    node: str
    old_score: float | None
    new_score: float | None
    delta: float | None
    old_rank: str
    new_rank: str
    old_level: str
    new_level: str


@dataclass
class SummaryChange:
    """A municipal summary (свод), overall or of one kind."""

    scope: str
    scope_label: str
    node_kind: str
    node_id: str
    node: str
    old_score: float | None
    new_score: float | None
    old_level: str
    new_level: str


@dataclass
class YearDiff:
    year: int
    status: str  # "added", "removed" or "changed"
    package: list[FieldChange] = field(default_factory=list)
    organizations: TableDiff = field(default_factory=TableDiff)
    directions: TableDiff = field(default_factory=TableDiff)
    indicators: TableDiff = field(default_factory=TableDiff)
    levels: TableDiff = field(default_factory=TableDiff)
    recommendations: TableDiff = field(default_factory=TableDiff)
    values: list[ValueChange] = field(default_factory=list)
    other_values: int = 0  # values of organizations or indicators added or removed (counted, not listed)
    nodes: list[NodeChange] = field(default_factory=list)
    municipal: list[SummaryChange] = field(default_factory=list)
    n_organizations: int = 0
    n_indicators: int = 0
    n_values: int = 0
    method: str = ""  # a year added: how its methodology differs from the year before it

    def __bool__(self) -> bool:
        return self.status != "changed" or bool(
            self.package
            or self.organizations
            or self.directions
            or self.indicators
            or self.levels
            or self.recommendations
            or self.values
            or self.other_values
            or self.nodes
            or self.municipal
        )

    def totals(self) -> list[NodeChange]:
        return [n for n in self.nodes if n.node_kind == "total"]

    def affected_orgs(self, totals_only: bool = False) -> list[str]:
        """Organizations whose data or figures changed: their values, their
        record, their total (score, rank, level) or, unless totals_only, any
        direction or indicator figure."""
        ids = [v.org_id for v in self.values]
        ids += [n.org_id for n in self.nodes if not totals_only or n.node_kind == "total"]
        ids += [r.id for r in self.organizations.added + self.organizations.removed]
        ids += [r.id for r in self.organizations.changed]
        return list(dict.fromkeys(ids))

    def affected_indicators(self) -> list[str]:
        ids = [v.indicator_id for v in self.values]
        ids += [r.id for r in self.indicators.added + self.indicators.removed] + [r.id for r in self.indicators.changed]
        return list(dict.fromkeys(ids))

    def affected_directions(self) -> list[str]:
        ids = [r.id for r in self.directions.added + self.directions.removed] + [r.id for r in self.directions.changed]
        return list(dict.fromkeys(ids))


@dataclass
class DataDiff:
    base: str
    head: str
    settings: list[FieldChange] = field(default_factory=list)
    years: list[YearDiff] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.settings and not self.years


@dataclass
class Snapshot:
    """One side of a comparison: a validated dataset and its results, or
    nothing (no data at that revision)."""

    label: str
    dataset: Dataset | None = None
    results: Results | None = None


# -- Field values ---------------------------------------------------------------


def plain(x):
    """A cell as JSON: NaN -> None, numpy scalars -> Python, tuples -> lists."""
    if x is None:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, (tuple, list)):
        return list(x)
    if hasattr(x, "item"):
        return plain(x.item())
    return x


def same(x, y) -> bool:
    """Two field values are the same: both empty, the same items in any order,
    the same number (an int and a float alike), or equal."""
    x, y = plain(x), plain(y)
    if x in (None, "") and y in (None, ""):
        return True
    if isinstance(x, list) and isinstance(y, list):
        return sorted(map(str, x)) == sorted(map(str, y))
    numbers = isinstance(x, (int, float)) and isinstance(y, (int, float))
    if numbers and not isinstance(x, bool) and not isinstance(y, bool):
        return float(x) == float(y)
    return x == y
