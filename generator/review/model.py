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

    @property
    def tie_shift(self) -> bool:
        """Only the range of a shared place moved («1–10 → 1–11»): the score and
        level are the same, the organization shares its place on a side. One
        changed value moves the range of everyone tied with it; the comparison
        folds these into one line."""
        return (
            self.old_score == self.new_score
            and self.old_level == self.new_level
            and self.old_rank != self.new_rank
            and ("–" in self.old_rank or "–" in self.new_rank)
        )


@dataclass
class DynamicsChange:
    """A figure whose change against the year before changed while the figure
    itself did not: a change to an earlier year moved the comparison base.
    For an organization org_id/org name it; for a municipal summary they are
    the scope id and label."""

    org_id: str
    org: str
    node_kind: str
    node_id: str
    node: str
    score: float | None
    old_delta: float | None
    new_delta: float | None
    old_trend: str  # a Russian label: «улучшение», «без изменений», «ухудшение», «впервые»
    new_trend: str


@dataclass
class LevelCount:
    """An added year: how many organizations of one kind have a level (total score)."""

    kind: str
    kind_label: str
    level: str  # label; "" for organizations without a total score
    count: int


@dataclass
class Move:
    """An added year: one of the biggest changes of the total score against the year before."""

    org_id: str
    org: str
    kind: str
    score: float
    delta: float
    level: str


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
class EffectChange:
    """The effect of a done measure (rule 10) that a change moved; None / "" on the side without it."""

    year: int
    measure_id: str
    title: str
    org: str  # "" for a municipal measure
    node: str
    old_state: str | None  # None: no effect row on that side (the measure is not done there, or not there)
    new_state: str | None
    old_change: float | None
    new_change: float | None
    old_effect: float | None
    new_effect: float | None
    old_flag: bool = False
    new_flag: bool = False


@dataclass
class GoalChange:
    """A goal (rule 12) whose value in its target year or whose achievement changed."""

    id: str
    name: str
    target_year: int
    old_actual: float | None
    new_actual: float | None
    old_achieved: bool | None  # None: the goal is not on that side
    new_achieved: bool | None


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
    # A year added, its results: levels per kind, the biggest moves, values not reported.
    levels_by_kind: list[LevelCount] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    averages: list[SummaryChange] = field(default_factory=list)  # municipal total per scope: old = the year before
    n_applicable: int = 0  # applicable (organization, indicator) pairs
    n_unreported: int = 0  # of them, without a value
    # Changes of the dynamics (the change against the year before) of figures that did not change.
    dynamics: list[DynamicsChange] = field(default_factory=list)
    municipal_dynamics: list[DynamicsChange] = field(default_factory=list)
    # The management cycle (issue 12): measures.csv of the year, and the effects of its done measures.
    measures: TableDiff = field(default_factory=TableDiff)
    effects: list[EffectChange] = field(default_factory=list)
    cause: int | None = None  # the latest earlier year changed in this comparison (the base of the dynamics)
    affects: list[int] = field(default_factory=list)  # later years whose dynamics this year's change moves

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
            or self.dynamics
            or self.municipal_dynamics
            or self.measures
            or self.effects
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
    goals: TableDiff = field(default_factory=TableDiff)  # data/goals.csv (issue 12)
    goal_results: list[GoalChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.settings and not self.years and not self.goals and not self.goal_results


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


def field_changes(a: dict, b: dict, names: tuple[str, ...]) -> list[FieldChange]:
    return [FieldChange(f, plain(a.get(f)), plain(b.get(f))) for f in names if not same(a.get(f), b.get(f))]


def table_diff(a, b, names: tuple[str, ...], name: str = "name") -> TableDiff:
    """Rows of two frames matched by `id`: added, removed, and changed in the fields `names`."""
    ra = {r["id"]: r for r in a.to_dict("records")}
    rb = {r["id"]: r for r in b.to_dict("records")}
    out = TableDiff()
    for rid, r in rb.items():
        if rid not in ra:
            out.added.append(Record(rid, str(r[name])))
        else:
            changed = field_changes(ra[rid], r, names)
            if changed:
                out.changed.append(RecordChange(rid, str(r[name]), changed))
    out.removed = [Record(rid, str(r[name])) for rid, r in ra.items() if rid not in rb]
    return out
