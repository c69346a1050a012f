"""The plain typed objects passed between stages.

DataFrame columns are documented here; every frame's index is the spreadsheet
row the record came from (the header is row 1), so later stages can still
point staff at a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from generator.settings import Settings

UNITS = ("percent", "count", "boolean", "points", "number")
DEFAULT_METHOD = {"percent": "ratio_to_best", "count": "ratio_to_best", "number": "ratio_to_best", "boolean": "boolean", "points": "points"}
UNIT_LABELS = {"percent": "процент", "count": "количество", "boolean": "да/нет", "points": "баллы", "number": "число"}
METHOD_LABELS = {
    "boolean": "да/нет: 100 баллов за «да»",
    "points": "баллы: 100 × значение / максимальный балл",
    "ratio_to_best": "отношение к лучшему результату среди организаций того же типа",
    "target": "отношение к целевому значению",
}
POLARITY_LABELS = {"higher_is_better": "чем больше, тем лучше", "lower_is_better": "чем меньше, тем лучше"}
TREND_LABELS = {"improved": "улучшение", "stable": "стабильно", "worsened": "ухудшение", "new": "впервые"}
TREND_MARKS = {"improved": "▲", "stable": "●", "worsened": "▼", "new": "○"}


@dataclass
class YearData:
    """One year's validated package.

    organizations: id, name, kind, short_name, district, website
    directions: id, parent_id ("" at top), name, weight, depth (0 at top)
    indicators: id, direction_id, name, unit, polarity, method, max_points,
        target, weight, kinds (tuple of kind ids; empty = all), source, description
    values: org_id, indicator_id, value (float, NaN = not reported), note
    levels: id, label, min_score, color — sorted by min_score descending
    recommendations: direction_id, levels (tuple of level ids), text
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


@dataclass
class Dataset:
    settings: Settings
    years: list[YearData]  # ordered by year

    def year(self, year: int) -> YearData:
        return next(y for y in self.years if y.year == year)

    @property
    def latest(self) -> YearData:
        return self.years[-1]
