"""The plain typed objects passed between stages, and the domain's words.

DataFrame columns are documented here; every frame's index is the spreadsheet
row the record came from (the header is row 1), so later stages can still
point staff at a row.

The vocabulary (node kinds, units, methods, polarity, trends, missing policy)
is StrEnums: a member equals its bare string, so frames and CSV cells compare
with them directly, and each carries its Russian label here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from generator.settings import Settings
from generator.texts import YearText


class NodeKind(StrEnum):
    """What a row of the scores is about; "total" is also the total's node id."""

    TOTAL = "total"
    DIRECTION = "direction"
    INDICATOR = "indicator"


class Unit(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    BOOLEAN = "boolean"
    POINTS = "points"
    NUMBER = "number"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]

    @property
    def default_method(self) -> Method:
        """Rule 1: the method when indicators.csv leaves it empty."""
        return _DEFAULT_METHOD[self]


class Method(StrEnum):
    BOOLEAN = "boolean"
    POINTS = "points"
    RATIO_TO_BEST = "ratio_to_best"
    TARGET = "target"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


class Polarity(StrEnum):
    HIGHER = "higher_is_better"  # the default
    LOWER = "lower_is_better"

    @property
    def label(self) -> str:
        return _POLARITY_LABELS[self]


class Trend(StrEnum):
    IMPROVED = "improved"
    STABLE = "stable"
    WORSENED = "worsened"
    NEW = "new"

    @property
    def label(self) -> str:
        return _TREND_LABELS[self]

    @property
    def mark(self) -> str:
        return _TREND_MARKS[self]


class MissingPolicy(StrEnum):
    """monitoring.yml `missing`: what an applicable indicator without a value scores."""

    ZERO = "zero"  # 0: not reported = not achieved
    EXCLUDE = "exclude"  # left out of every mean


_UNIT_LABELS = {
    Unit.PERCENT: "процент",
    Unit.COUNT: "количество",
    Unit.BOOLEAN: "да/нет",
    Unit.POINTS: "баллы",
    Unit.NUMBER: "число",
}
_DEFAULT_METHOD = {
    Unit.PERCENT: Method.RATIO_TO_BEST,
    Unit.COUNT: Method.RATIO_TO_BEST,
    Unit.NUMBER: Method.RATIO_TO_BEST,
    Unit.BOOLEAN: Method.BOOLEAN,
    Unit.POINTS: Method.POINTS,
}
_METHOD_LABELS = {
    Method.BOOLEAN: "да/нет: 100 баллов за «да»",
    Method.POINTS: "баллы: 100 × значение / максимальный балл",
    Method.RATIO_TO_BEST: "отношение к лучшему результату среди организаций того же типа",
    Method.TARGET: "отношение к целевому значению",
}
_POLARITY_LABELS = {Polarity.HIGHER: "чем больше, тем лучше", Polarity.LOWER: "чем меньше, тем лучше"}
_TREND_LABELS = {
    Trend.IMPROVED: "улучшение",
    Trend.STABLE: "стабильно",
    Trend.WORSENED: "ухудшение",
    Trend.NEW: "впервые",
}
_TREND_MARKS = {Trend.IMPROVED: "▲", Trend.STABLE: "●", Trend.WORSENED: "▼", Trend.NEW: "○"}

# id -> label for callers that look up a frame's cell (which may hold an
# unknown string): validate, pages, spreadsheets, the method-change report.
# Plain strings, keys and values alike: a frame mapped through them holds str.
DEFAULT_METHOD = {u.value: u.default_method.value for u in Unit}
UNIT_LABELS = {u.value: u.label for u in Unit}
METHOD_LABELS = {m.value: m.label for m in Method}
POLARITY_LABELS = {p.value: p.label for p in Polarity}
TREND_LABELS = {t.value: t.label for t in Trend}
TREND_MARKS = {t.value: t.mark for t in Trend}


# The columns of indicators.csv that define how a score is computed (not names,
# sources, descriptions): the method-change report and rule 10's flag compare them.
INDICATOR_DEFINING_FIELDS = (
    "unit",
    "method",
    "polarity",
    "max_points",
    "target",
    "weight",
    "kinds",
    "direction_id",
    "groups",
    "municipal",
)

# The management cycle (methodology.md, rules 9-13).
MEASURE_STATUS_LABELS = {
    "planned": "запланирована",
    "in_progress": "выполняется",
    "done": "выполнена",
    "cancelled": "отменена",
}
MEASURE_STATUSES = tuple(MEASURE_STATUS_LABELS)
UNFINISHED_STATUSES = ("planned", "in_progress")  # carried over by new-year
EFFECT_STATE_LABELS = {
    "": "",
    "pending": "ожидается: данных следующего года ещё нет",
    "no_later_score": "нет балла в следующие годы",
    "no_score": "нет балла в год меры",
}
GOAL_MEASURE_LABELS = {
    "summary": "свод (средний балл)",
    "share_at_level": "доля организаций с уровнем не ниже заданного, %",
    "indicator_value": "муниципальное значение показателя",
}


def indicator_applies(
    indicator_kinds: tuple[str, ...],
    org_kind: str,
    indicator_groups: tuple[str, ...] = (),
    org_groups: tuple[str, ...] = (),
) -> bool:
    """Rule 2 with groups (methodology.md, «Applicability by group»): an
    indicator applies to an organization when its `kinds` is empty or lists the
    organization's kind, and its `groups` is empty or shares a group with the
    organization. The one rule: validate, compute and new-year all use it, or
    applicable_pairs() below, which applies it to frames."""
    kind_ok = not indicator_kinds or org_kind in indicator_kinds
    return kind_ok and (not indicator_groups or not set(indicator_groups).isdisjoint(org_groups))


def applicable_pairs(orgs: pd.DataFrame, inds: pd.DataFrame, on: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """Rule 2 over frames: one row per (organization, applicable indicator),
    organizations in their order, each with its indicators in their order.

    orgs has `kind`, inds has `kinds` (tuple; empty = every kind present among
    the organizations of the same `on` group, e.g. the year); both have the
    `on` columns, and their other columns must not collide, except `groups`:
    the indicator's `groups` (tuple, optional) restricts it to organizations
    whose `groups` (tuple, optional; none = in no group) share one; the result
    keeps the organization's. The result has the columns of both, `kind` once."""
    on = list(on)
    if not on:  # one group: a constant key
        return applicable_pairs(orgs.assign(_g=0), inds.assign(_g=0), ["_g"]).drop(columns="_g")
    present = orgs.groupby(on)["kind"].unique()
    groups = list(zip(*(inds[c] for c in on))) if len(on) > 1 else list(inds[on[0]])
    kinds = [list(ks) if ks else list(present.get(g, [])) for ks, g in zip(inds["kinds"], groups)]
    spec = inds.assign(kind=kinds).explode("kind").dropna(subset=["kind"])
    if "groups" not in spec:
        return orgs.merge(spec, on=[*on, "kind"], how="inner")
    pairs = orgs.merge(spec.rename(columns={"groups": "_ind_groups"}), on=[*on, "kind"], how="inner")
    limited = pairs["_ind_groups"].map(len).to_numpy() > 0
    if limited.any():
        sub = pairs.loc[limited]
        mine = sub["groups"] if "groups" in sub else pd.Series([()] * len(sub), index=sub.index)
        keys = list(zip(sub["_ind_groups"], mine))
        shares = {k: not set(k[0]).isdisjoint(k[1]) for k in set(keys)}  # few distinct pairs of group lists
        keep = np.ones(len(pairs), dtype=bool)
        keep[np.flatnonzero(limited)] = [shares[k] for k in keys]
        pairs = pairs[keep]
    return pairs.drop(columns="_ind_groups")


def no_territories() -> pd.DataFrame:
    """The territories of a year without territories.csv: no rows."""
    index = pd.Index([], dtype="int64", name="row")
    columns = {c: pd.Series(dtype="str", index=index) for c in ("id", "name", "kind", "parent_id")}
    return pd.DataFrame({**columns, "depth": pd.Series(dtype="int64", index=index)}, index=index)


MEASURE_FIELDS = (
    "id",
    "org_id",
    "direction_id",
    "title",
    "form",
    "responsible",
    "start",
    "due",
    "status",
    "result",
    "carried_from",
)
PRACTICE_FIELDS = ("org_id", "direction_id", "title", "description", "link")
GOAL_FIELDS = ("id", "name", "node_id", "scope", "measure", "level", "baseline_year", "target_year", "target")


def no_rows(names: tuple[str, ...], numeric: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame of text columns (`numeric` ones float) with no rows, indexed by spreadsheet row."""
    index = pd.Index([], dtype="int64", name="row")
    return pd.DataFrame({c: pd.Series(dtype=float if c in numeric else "str", index=index) for c in names}, index=index)


@dataclass
class YearData:
    """One year's validated package.

    organizations: id, name, kind, short_name, district, website, head,
        groups (tuple of group ids), territory ("" = none)
    directions: id, parent_id ("" at top), name, weight, depth (0 at top),
        aggregation ("mean" or "points_share")
    indicators: id, direction_id, name, unit, polarity, method, max_points,
        target, weight, kinds (tuple of kind ids; empty = all), source, description,
        groups (tuple of group ids; empty = all), municipal ("" or "pooled")
    values: org_id, indicator_id, value (float, NaN = not reported), note,
        numerator, denominator (floats; pooled indicators: value = 100 x numerator / denominator)
    levels: id, label, min_score, color — sorted by min_score descending
    recommendations: direction_id (or "total"), levels (tuple of level ids; empty = any),
        text, kinds (tuple of kind ids; empty = all), audience ("" = organizations and
        the municipality, "organization", "municipality" or a body id)
    territories: id, name, kind, parent_id ("" at top), depth (0 at top); no rows when the year has none
    directions and levels also have description ("" = none): staff's plain text
    measures (rule 9): id, org_id ("" = municipal), direction_id, title, form, responsible,
        start, due, status, result, carried_from (float year, NaN); no rows without measures.csv
        (files has "measures" when the year has the file)
    practices (rule 13): org_id, direction_id, title, description, link; no rows without practices.csv
    """

    year: int
    descriptor: dict
    organizations: pd.DataFrame
    directions: pd.DataFrame
    indicators: pd.DataFrame
    values: pd.DataFrame
    levels: pd.DataFrame
    recommendations: pd.DataFrame
    files: dict[str, str] = field(default_factory=dict)  # resource -> file as staff see it
    territories: pd.DataFrame = field(default_factory=lambda: no_territories())
    texts: tuple[YearText, ...] = ()  # the year's own texts, in the order of year_texts (generator/texts.py)
    measures: pd.DataFrame = field(default_factory=lambda: no_rows(MEASURE_FIELDS, ("carried_from",)))
    practices: pd.DataFrame = field(default_factory=lambda: no_rows(PRACTICE_FIELDS))

    @property
    def draft(self) -> bool:
        """`"draft": true` in datapackage.json: a year in preparation, validated and
        compared (diff) but never published, on the site or in exports."""
        return self.descriptor.get("draft") is True


@dataclass
class Dataset:
    settings: Settings
    years: list[YearData]  # ordered by year
    drafts: tuple[int, ...] = ()  # years in preparation left out by published(); () before it
    # data/goals.csv (rule 12): GOAL_FIELDS, baseline_year, target_year and target floats; no rows without it
    goals: pd.DataFrame = field(
        default_factory=lambda: no_rows(GOAL_FIELDS, ("baseline_year", "target_year", "target"))
    )

    def published(self) -> Dataset:
        """The years to publish: every year but the drafts, which are named in `drafts`."""
        return Dataset(
            self.settings,
            [y for y in self.years if not y.draft],
            tuple(y.year for y in self.years if y.draft),
            self.goals,
        )

    def year(self, year: int) -> YearData:
        return next(y for y in self.years if y.year == year)

    @property
    def latest(self) -> YearData:
        return self.years[-1]
