"""Rules on the shape of a year's data, checked by validate: ids that would
take the name of a generated page, a tree of directions the site can show,
and a year that has been started (`new-year`) but not filled in.

Limits (per year): at most MAX_DEPTH levels of directions, MAX_DIRECTIONS
directions and MAX_INDICATORS indicators. A real methodology has two or three
levels, ten to fifty directions and under a hundred indicators; the limits
leave room for growth and keep every page small and its rendering fast.
"""

from __future__ import annotations

import pandas as pd

from generator import russian
from generator.model import applicable_pairs
from generator.problems import Problem
from generator.problems import rules as codes
from generator.render.urls import RESERVED_IDS
from generator.tree import depths  # noqa: F401 - structure.depths: the tree's levels, used by validate

MAX_DEPTH = 8  # levels: a top-level direction is level 1
MAX_DIRECTIONS = 500
MAX_INDICATORS = 2000
SHOWN_IDS = 5  # ids of unfilled organizations named in the message
SHOWN_ORGS = 10  # organizations named, with what they miss, when too much is not reported
SHOWN_INDICATORS = 3  # indicator ids named per organization


def reserved_ids(frame: pd.DataFrame, file: str, what: str) -> list[Problem]:
    """Ids of organizations, directions or indicators that are names of the
    site's own pages or folders (organizations/index is the list of organizations)."""
    problems: list[Problem] = []
    taken = frame["id"][frame["id"].isin(RESERVED_IDS)]
    codes.RESERVED_ID.rows(
        problems, file, "id", taken, id=lambda r, v: v, what=what, reserved=", ".join(sorted(RESERVED_IDS))
    )
    return problems


def tree_depth(dirs: pd.DataFrame, depth: dict[str, int | None], file: str) -> list[Problem]:
    """One problem at the first row of a direction deeper than MAX_DEPTH levels."""
    level = dirs["id"].map(depth)
    deep = dirs[level.notna() & (level.fillna(0) >= MAX_DEPTH)]
    if deep.empty:
        return []
    row = deep.index.min()
    return [
        codes.TREE_DEPTH.at(
            file,
            row=int(row),
            column="parent_id",
            value=str(dirs.at[row, "parent_id"]),
            level=int(level[row]) + 1,
            limit=MAX_DEPTH,
            count=len(deep),
            above=MAX_DEPTH - 1,
        )
    ]


def tree_size(dirs: pd.DataFrame, inds: pd.DataFrame, files: dict[str, str]) -> list[Problem]:
    """One problem for each table longer than its limit, at its first row beyond it."""
    problems: list[Problem] = []
    for code, frame, file, limit in (
        (codes.TOO_MANY_DIRECTIONS, dirs, files["directions"], MAX_DIRECTIONS),
        (codes.TOO_MANY_INDICATORS, inds, files["indicators"], MAX_INDICATORS),
    ):
        if len(frame) > limit:
            row = frame.index[limit]
            problems.append(
                code.at(file, row=int(row), column="id", value=str(frame.at[row, "id"]), count=len(frame), limit=limit)
            )
    return problems


def unfilled(
    year: int, vals: pd.DataFrame, raw_vals: pd.DataFrame, orgs: pd.DataFrame, inds: pd.DataFrame, file: str
) -> list[Problem]:
    """One problem when some organization has not one reported value in the
    year: the state `new-year` leaves values.csv in, which would otherwise be
    published as zeros. A value counts as reported when its cell is filled
    (or, for a row of a numerator and a denominator, both are): a filled but
    invalid cell is reported on its own and does not make the year unfilled."""
    org = orgs[orgs["id"] != ""].drop_duplicates("id")
    ind = inds[inds["id"] != ""].drop_duplicates("id")
    if org.empty or ind.empty:
        return []

    def filled(column: str) -> pd.Series:
        return raw_vals[column] != "" if column in raw_vals else pd.Series(False, index=raw_vals.index)

    reported = filled("value") | (filled("numerator") & filled("denominator"))
    with_value = set(vals["org_id"][reported.reindex(vals.index, fill_value=False)])
    # An organization to which no indicator applies (rule 2, with groups) has nothing to report.
    who = org[["id", "kind", *(["groups"] if "groups" in org else [])]].rename(columns={"id": "org_id"})
    what = ind[["id", "kinds", *(["groups"] if "groups" in ind else [])]].rename(columns={"id": "indicator_id"})
    expected = org["id"].isin(set(applicable_pairs(who, what)["org_id"]))
    empty = org[expected & ~org["id"].isin(with_value)]
    if empty.empty:
        return []
    ids = list(empty["id"])
    shown = ", ".join(ids[:SHOWN_IDS]) + (", …" if len(ids) > SHOWN_IDS else "")
    n = len(ids)
    word = "организации" if n % 10 == 1 and n % 100 != 11 else "организаций"
    whole = " — данные года не заполнены" if n == len(org) else " — их данные не заполнены"
    first_rows = vals.index[vals["org_id"] == ids[0]]
    return [
        codes.UNFILLED.at(
            file,
            row=int(first_rows[0]) if len(first_rows) else None,
            column="value" if len(first_rows) else None,
            year=year,
            n=n,
            word=word,
            shown=shown,
            whole=whole,
        )
    ]


def _reported(vals: pd.DataFrame, raw_vals: pd.DataFrame) -> pd.Series:
    """Rows whose value is filled in, as written (a filled but invalid cell is reported on its own)."""

    def filled(column: str) -> pd.Series:
        return raw_vals[column] != "" if column in raw_vals else pd.Series(False, index=raw_vals.index)

    reported = filled("value") | (filled("numerator") & filled("denominator"))
    return reported.reindex(vals.index, fill_value=False)


def unreported(
    year: int,
    limit: float,
    vals: pd.DataFrame,
    raw_vals: pd.DataFrame,
    orgs: pd.DataFrame,
    inds: pd.DataFrame,
    file: str,
) -> list[Problem]:
    """One problem when more than `limit` percent of the year's applicable
    (organization, indicator) values are not reported (an empty cell or no row):
    a year still being filled in, which would be published as zeros or gaps.
    It lists who misses what, the organizations missing most first, bounded.
    A year where no organization reported anything is left to unfilled()."""
    org = orgs[orgs["id"] != ""].drop_duplicates("id")[["id", "kind"]].rename(columns={"id": "org_id"})
    ind = inds[inds["id"] != ""].drop_duplicates("id")[["id", "kinds"]].rename(columns={"id": "indicator_id"})
    if org.empty or ind.empty:
        return []
    pairs = applicable_pairs(org, ind)
    if pairs.empty:
        return []
    done = vals[_reported(vals, raw_vals)]
    key = pairs["org_id"] + "\x00" + pairs["indicator_id"]
    missing = pairs[~key.isin(set(done["org_id"] + "\x00" + done["indicator_id"]))]
    if missing.empty or not done["org_id"].isin(org["org_id"]).any():
        return []
    share = 100 * len(missing) / len(pairs)
    if share <= limit:
        return []
    per_org = missing.groupby("org_id", sort=False)["indicator_id"].agg(list)
    total = pairs.groupby("org_id", sort=False).size()
    order = sorted(per_org.index, key=lambda o: -len(per_org[o]))  # stable: file order among equals
    parts = []
    for o in order[:SHOWN_ORGS]:
        ids = per_org[o]
        names = ", ".join(ids[:SHOWN_INDICATORS]) + (", …" if len(ids) > SHOWN_INDICATORS else "")
        parts.append(f"{o} — {len(ids)} из {total[o]} ({names})")
    rest = len(order) - SHOWN_ORGS
    more = f"; и ещё у {russian.plural(rest, 'организации', 'организаций', 'организаций')}" if rest > 0 else ""
    first = missing.iloc[0]
    rows = vals.index[(vals["org_id"] == first["org_id"]) & (vals["indicator_id"] == first["indicator_id"])]
    return [
        codes.UNREPORTED.at(
            file,
            row=int(rows[0]) if len(rows) else None,
            column="value" if len(rows) else None,
            year=year,
            missing=len(missing),
            total=len(pairs),
            share=russian.percent(share),
            limit=russian.percent(limit),
            who=russian.plural(len(order), "организации", "организаций", "организаций"),
            shown="; ".join(parts) + more,
        )
    ]
