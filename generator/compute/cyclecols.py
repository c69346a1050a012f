"""The columns of the management cycle's frames (rules 9-13, methodology.md
«The management cycle»), in one place for compute, exports and pages."""

from __future__ import annotations

import pandas as pd

# Rule 9: one row per measure of measures.csv, years in order, rows in file order.
MEASURE_COLUMNS = [
    "year",
    "id",
    "org_id",  # "" = a municipal measure
    "kind",  # the organization's kind; "" for a municipal measure
    "direction_id",  # a direction id or "total"
    "title",
    "form",  # an id of monitoring.yml `measure_forms:`
    "responsible",
    "start",  # ISO date as written
    "due",  # ISO date as written
    "status",  # planned, in_progress, done, cancelled
    "result",
]
# Rule 10: one row per measure with status done.
EFFECT_COLUMNS = [
    "year",
    "measure_id",
    "org_id",
    "kind",
    "direction_id",
    "form",
    "state",  # "" = change computed; "pending", "no_later_score", "no_score" (no score in the measure's year)
    "after_year",  # the later year compared with (float, NaN when none)
    "before",  # rounded to 2 decimals
    "after",  # rounded to 2 decimals
    "change",  # after - before
    "comparison_n",  # organizations in the comparison group (0 for a municipal measure)
    "comparison_change",  # their mean change; NaN with no comparison organization or for a municipal measure
    "effect",  # change - comparison_change; NaN likewise
    "method_changed",  # bool: the methodology of the node changed between the two years
]
# Rule 10, aggregates of a year over the organization measures with an effect (flagged ones included).
EFFECT_SUMMARY_COLUMNS = [
    "year",
    "by",  # "form_node": per form and node; "form": per form (direction_id ""); "node": per node (form "")
    "form",
    "direction_id",
    "n",
    "mean_change",
    "mean_comparison_change",
    "mean_effect",
    "n_method_changed",  # how many of the n are flagged
]
# Rule 11, per year with measures.csv and scope ("all" or a kind with pairs).
COVERAGE_COLUMNS = ["year", "scope", "pairs", "covered", "coverage"]  # coverage in %, NaN when pairs is 0
COVERAGE_PAIR_COLUMNS = ["year", "org_id", "kind", "direction_id", "covered", "measure_ids"]
# Rule 12: one row per goal of data/goals.csv, in file order.
GOAL_COLUMNS = [
    "id",
    "name",
    "node_id",
    "scope",
    "measure",  # summary, share_at_level, indicator_value
    "level",
    "baseline_year",
    "target_year",
    "target",
    "lower_is_better",  # bool: indicator_value of a lower_is_better indicator (achieved when <=)
    "baseline_value",  # actual in the baseline year (NaN when none)
    "target_value",  # actual in the target year (NaN when none)
    "achieved",  # bool: round2(target_value) >= target (<= when lower_is_better); False when no value
    "due",  # bool: the target year is a published year (False: not yet judged, e.g. the year is a draft)
]
GOAL_VALUE_COLUMNS = ["goal_id", "year", "actual"]  # every goal x every published year; actual NaN = none
# Rule 13: one row per (year, direction, organization) that is a source of best practice.
BEST_PRACTICE_COLUMNS = ["year", "direction_id", "org_id", "kind", "level", "score", "previous_year"]
# practices.csv rows, years in order, file order.
PRACTICE_COLUMNS = ["year", "org_id", "direction_id", "title", "description", "link", "best"]


def empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)
