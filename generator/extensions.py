"""Validation of the contract's extensions (methodology.md, «Extensions»;
issue 11): groups, points share (rule 3b), pooled values (rule 7b),
territories (rule 7c), targeted recommendations (rule 8b) and directions with
no indicator below them. Called by validate.py on the typed frames
(generator/columns.py); the codes are in generator/problems/extensions.py.

As in validate.py, a cell that failed its schema check is "" or NaN here and
is skipped, and a list read from a broken monitoring.yml section
(Settings.unreadable) is not judged against: one mistake, one message."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator import tree
from generator.columns import MUNICIPALITY, ORGANIZATION, POINTS_SHARE, POOLED, TOTAL, pooled_rows
from generator.problems import Problem
from generator.problems import extensions as codes
from generator.settings import Settings


def _unknown_ids(lists: pd.Series, known: set[str] | dict) -> pd.Series:
    """The ids of each list (a tuple cell) that are not in `known`, ';'-joined; rows with none dropped."""
    bad = lists.map(lambda ids: ";".join(x for x in ids if x not in known))
    return bad[bad != ""]


def groups(orgs: pd.DataFrame, inds: pd.DataFrame, settings: Settings, files: dict[str, str]) -> list[Problem]:
    """organizations.groups and indicators.groups name groups of monitoring.yml."""
    problems: list[Problem] = []
    if "groups" in settings.unreadable:
        return problems
    listed = ", ".join(settings.groups) or "(раздел groups пуст — сначала добавьте группы в monitoring.yml)"
    for frame, file in ((orgs, files["organizations"]), (inds, files["indicators"])):
        codes.UNKNOWN_GROUP.rows(
            problems, file, "groups", _unknown_ids(frame["groups"], settings.groups), groups=listed
        )
    return problems


def not_applicable_by_group(
    vals: pd.DataFrame, orgs: pd.DataFrame, inds: pd.DataFrame, checked: np.ndarray, file: str
) -> list[Problem]:
    """Values of an indicator limited to groups the organization is in none of.
    checked: the rows whose organization and indicator are known and whose
    kind the indicator applies to (the rest is reported by validate)."""
    problems: list[Problem] = []
    ind = inds[inds["id"] != ""].drop_duplicates("id").set_index("id")["groups"]
    limited = ind[ind.map(len) > 0]
    if limited.empty:
        return problems
    org = orgs[orgs["id"] != ""].drop_duplicates("id").set_index("id")["groups"]
    rows = vals[checked & vals["indicator_id"].isin(limited.index).to_numpy()]
    mine = org.reindex(rows["org_id"]).to_numpy()
    theirs = limited.reindex(rows["indicator_id"]).to_numpy()
    outside = np.array([set(a).isdisjoint(b) for a, b in zip(theirs, mine)], dtype=bool)
    bad = rows["indicator_id"][outside]
    codes.NOT_APPLICABLE_GROUP.rows(problems, file, "indicator_id", bad, groups=lambda r, v: ", ".join(limited[v]))
    return problems


def points_share(dirs: pd.DataFrame, inds: pd.DataFrame, file: str) -> list[Problem]:
    """Rule 3b: every indicator below a points_share direction, at any depth, is in points."""
    problems: list[Problem] = []
    first = dirs[(dirs["id"] != "") & ~dirs["id"].duplicated()]
    shared = set(first["id"][first["aggregation"] == POINTS_SHARE])
    if not shared:
        return problems
    parent = dict(zip(first["id"], first["parent_id"]))

    def nearest(direction: str) -> str:
        """The closest points_share direction at or above `direction`, "" for none."""
        seen: set[str] = set()
        while direction and direction not in seen:
            if direction in shared:
                return direction
            seen.add(direction)
            direction = parent.get(direction, "")
        return ""

    above = inds["direction_id"].map({d: nearest(d) for d in set(inds["direction_id"])})
    wrong = (above != "") & ((inds["unit"] != "points") | (inds["method"] != "points"))
    wrong &= (inds["unit"] != "") & (inds["method"] != "")  # an invalid unit or method is reported on its own
    codes.POINTS_SHARE_NOT_POINTS.rows(problems, file, "unit", inds["unit"][wrong], direction=lambda r, v: above[r])
    return problems


def pooled_indicators(inds: pd.DataFrame, file: str) -> list[Problem]:
    problems: list[Problem] = []
    wrong = (inds["municipal"] == POOLED) & (inds["unit"] != "percent") & (inds["unit"] != "")
    codes.POOLED_NOT_PERCENT.rows(
        problems, file, "municipal", inds["municipal"][wrong], unit=lambda r, v: inds.at[r, "unit"]
    )
    return problems


def pooled_values(vals: pd.DataFrame, raw: pd.DataFrame, inds: pd.DataFrame, file: str) -> list[Problem]:
    """Rule 7b on values.csv: a pooled row has a numerator and a denominator
    (both or neither), 0 < denominator, numerator <= denominator, and no value;
    any other row has neither."""
    problems: list[Problem] = []

    def cells(column: str) -> pd.Series:
        return raw[column] if column in raw else pd.Series("", index=vals.index)

    value, num, den = cells("value"), cells("numerator"), cells("denominator")
    pooled = pd.Series(pooled_rows(vals, inds), index=vals.index)
    has_num, has_den = num != "", den != ""
    codes.POOLED_VALUE.rows(problems, file, "value", value[pooled & (value != "")])
    for given, missing, half in (
        ("numerator", "denominator", has_num & ~has_den),
        ("denominator", "numerator", has_den & ~has_num),
    ):
        empty = pd.Series(None, index=vals.index[(pooled & half).to_numpy()], dtype=object)  # no value to show
        codes.POOLED_HALF.rows(problems, file, missing, empty, given=given, missing=missing)
    n, d = vals["numerator"], vals["denominator"]
    codes.POOLED_ZERO.rows(problems, file, "denominator", den[pooled & (d == 0)])
    codes.POOLED_OVER.rows(
        problems, file, "numerator", num[pooled & (d > 0) & (n > d)], denominator=lambda r, v: den[r]
    )
    known = vals["indicator_id"].isin(set(inds["id"]) - {""})  # an unknown indicator is reported on its own
    for column, given in (("numerator", has_num), ("denominator", has_den)):
        codes.NOT_POOLED_FRACTION.rows(problems, file, column, cells(column)[known & ~pooled & given], name=column)
    return problems


def territories(terrs: pd.DataFrame, file: str) -> list[Problem]:
    """Parents exist, and the units form a tree."""
    problems: list[Problem] = []
    ids = set(terrs["id"]) - {""}
    parents = terrs["parent_id"]
    codes.UNKNOWN_TERRITORY_PARENT.rows(problems, file, "parent_id", parents[(parents != "") & ~parents.isin(ids)])
    first = terrs[(terrs["id"] != "") & ~terrs["id"].duplicated()]
    parent = dict(zip(first["id"], first["parent_id"]))
    row = dict(zip(first["id"], first.index))
    for cycle in tree.cycles(list(parent), parent):
        start = min(cycle, key=lambda n: row[n])
        i = cycle.index(start)
        path = " → ".join(cycle[i:] + cycle[:i] + [start])
        problems.append(
            codes.TERRITORY_CYCLE.at(file, row=int(row[start]), column="parent_id", value=parent[start], path=path)
        )
    return problems


def organization_territories(orgs: pd.DataFrame, terrs: pd.DataFrame, file: str, terrs_file: str) -> list[Problem]:
    """organizations.territory names a unit of the year's territories.csv."""
    problems: list[Problem] = []
    ids = set(terrs["id"]) - {""}
    if not ids and len(terrs):  # the file is there but broken (reported): every reference would fail
        return problems
    where = "territories.csv этого года" if terrs_file else "territories.csv: в этом году такого файла нет"
    given = orgs["territory"]
    codes.UNKNOWN_TERRITORY.rows(problems, file, "territory", given[(given != "") & ~given.isin(ids)], where=where)
    return problems


def recommendations(recs: pd.DataFrame, dir_ids: set[str], settings: Settings, file: str) -> list[Problem]:
    """Rule 8b: the node is a direction or the total; kinds and audience are known."""
    problems: list[Problem] = []
    node = recs["direction_id"]
    if dir_ids - {""}:  # an empty set: directions.csv is broken (reported)
        unknown = (node != "") & (node != TOTAL) & ~node.isin(dir_ids)
        codes.UNKNOWN_NODE.rows(problems, file, "direction_id", node[unknown])
    if settings.kinds:  # {}: monitoring.yml is broken (reported)
        kinds = ", ".join(settings.kinds)
        codes.UNKNOWN_RECOMMENDATION_KIND.rows(
            problems, file, "kinds", _unknown_ids(recs["kinds"], settings.kinds), kinds=kinds
        )
    if "bodies" not in settings.unreadable:
        audience = recs["audience"]
        known = {"", ORGANIZATION, MUNICIPALITY, *settings.bodies}
        bodies = "".join(f", {b}" for b in settings.bodies)
        codes.UNKNOWN_AUDIENCE.rows(problems, file, "audience", audience[~audience.isin(known)], bodies=bodies)
    return problems


def total_direction(dirs: pd.DataFrame, file: str) -> list[Problem]:
    """No direction takes the id of the total."""
    problems: list[Problem] = []
    codes.DIRECTION_NAMED_TOTAL.rows(problems, file, "id", dirs["id"][dirs["id"] == TOTAL])
    return problems


def empty_directions(dirs: pd.DataFrame, inds: pd.DataFrame, file: str) -> list[Problem]:
    """Item 10: a direction with no indicator at any depth below it."""
    problems: list[Problem] = []
    first = dirs[(dirs["id"] != "") & ~dirs["id"].duplicated()]
    parent = dict(zip(first["id"], first["parent_id"]))
    filled: set[str] = set()
    for direction in set(inds["direction_id"]) & set(parent):
        while direction in parent and direction not in filled:  # stops at the top and on a cycle (reported)
            filled.add(direction)
            direction = parent[direction]
    empty = first["id"][~first["id"].isin(filled)]
    codes.EMPTY_DIRECTION.rows(problems, file, "id", empty, id=lambda r, v: v)
    return problems
