"""Stage 2: check the loaded data against the Table Schemas and the rules of the
contract a Table Schema cannot express; return typed years or every problem.

Cells that failed a schema check come out of check_table() as "" or NaN, and
the rules here skip them: one wrong cell gives one message, not a cascade.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator import columns, cyclecheck, extensions, structure, texts, tree  # structure limits (issue 9)
from generator.arithmetic import round2
from generator.load import RawDataset, RawPackage
from generator.model import DEFAULT_METHOD, Dataset, YearData, indicator_applies
from generator.problems import Problem, Report, tables
from generator.problems import rules as codes
from generator.problems.hints import maybe
from generator.settings import Settings
from generator.tableschema import TableSchema, check_table, load_schemas

RESOURCE_ORDER = (
    "organizations",
    "directions",
    "indicators",
    "levels",
    "recommendations",
    "values",
    "territories",
    "measures",
    "practices",
)
MAY_BE_EMPTY = ("recommendations", "territories", "measures", "practices")


def validate(raw: RawDataset, schemas: dict[str, TableSchema] | None = None) -> tuple[Dataset | None, Report]:
    schemas = schemas or load_schemas()
    report = Report()
    years = []
    for package in raw.packages:
        year, problems = validate_package(package, raw.settings, schemas)
        report.extend(problems)
        if year is not None:
            years.append(year)
    goals, problems = _check_goals(raw, schemas)
    report.extend(problems)
    if not report.valid:
        return None, report
    return Dataset(raw.settings, sorted(years, key=lambda y: y.year), goals=goals), report


def _check_goals(raw: RawDataset, schemas: dict[str, TableSchema]) -> tuple[pd.DataFrame, list[Problem]]:
    """data/goals.csv (rule 12) against the ids of every year, as written (a year with problems counts too)."""
    if raw.goals is None:
        return _empty(schemas["goals"]), []
    frame, problems = check_table(raw.goals, schemas["goals"])
    if frame is None:
        return _empty(schemas["goals"]), problems

    def ids(resource: str) -> set[str]:
        tables = [p.tables.get(resource) for p in raw.packages]
        if any(t is None or "id" not in t.frame for t in tables if resource != "territories"):
            return set()  # a broken or missing table (reported): nothing is judged against it
        return {str(i) for t in tables if t is not None and "id" in t.frame for i in t.frame["id"]} - {""}

    known = {
        "years": {p.year for p in raw.packages},
        "directions": ids("directions"),
        "indicators": ids("indicators"),
        "levels": ids("levels"),
        "territories": ids("territories"),
    }
    return frame, problems + cyclecheck.goals(frame, known, raw.settings, raw.goals.file)


def validate_package(
    package: RawPackage, settings: Settings, schemas: dict[str, TableSchema]
) -> tuple[YearData | None, list[Problem]]:
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    files = {name: t.file for name, t in package.tables.items()}
    for name in RESOURCE_ORDER:
        table = package.tables.get(name)
        if table is None:
            continue
        frame, found = check_table(table, schemas[name])
        problems += found
        if frame is None:
            continue
        if frame.empty and name not in MAY_BE_EMPTY:
            problems.append(tables.HEADER_ONLY.at(table.file))
        typed[name] = frame
    # A table that could not be read (reported) is checked against as empty,
    # so the rules between the other tables still run in this same run.
    raw = {name: package.tables[name].frame for name in typed}
    checked = set(typed)  # structure limits: the tables that could be checked against their schema
    for name in RESOURCE_ORDER:
        if name not in typed:
            typed[name] = raw[name] = _empty(schemas[name])
            files.setdefault(name, "")

    orgs = columns.organizations(typed["organizations"])
    problems += _check_organizations(orgs, settings, files["organizations"])
    dirs, found = _check_directions(columns.directions(typed["directions"]), files["directions"])
    problems += found
    inds, found = _check_indicators(
        columns.indicators(typed["indicators"]), raw["indicators"], set(dirs["id"]), settings, files["indicators"]
    )
    problems += found
    levels, found = _check_levels(typed["levels"], files["levels"])
    problems += found
    recs, found = _check_recommendations(
        columns.recommendations(typed["recommendations"]), levels, files["recommendations"]
    )
    problems += found
    vals = typed["values"]
    problems += _check_values(vals, raw["values"].get("value"), orgs, inds, settings, files["values"])
    # -- the contract's extensions (generator/extensions.py, issue 11) --
    terrs = columns.territories(typed["territories"])
    problems += extensions.groups(orgs, inds, settings, files)
    problems += extensions.total_direction(dirs, files["directions"])
    problems += extensions.points_share(dirs, inds, files["indicators"])
    problems += extensions.pooled_indicators(inds, files["indicators"])
    problems += extensions.pooled_values(vals, raw["values"], inds, files["values"])
    problems += extensions.territories(terrs, files["territories"])
    problems += extensions.organization_territories(orgs, terrs, files["organizations"], files["territories"])
    problems += extensions.recommendations(recs, set(dirs["id"]), settings, files["recommendations"])
    if {"directions", "indicators"} <= checked:  # against a broken table every direction would look empty
        problems += extensions.empty_directions(dirs, inds, files["directions"])
    vals = columns.values(vals, inds)
    # -- end extensions --
    # -- the management cycle (generator/cyclecheck.py, issue 12) --
    meas, pracs = typed["measures"], typed["practices"]
    problems += cyclecheck.measures(
        meas, orgs, dirs, settings, package.descriptor.get("draft") is True, files["measures"]
    )
    problems += cyclecheck.practices(pracs, orgs, dirs, files["practices"])
    # -- end cycle --
    # -- structure limits (generator/structure.py) --
    problems += structure.reserved_ids(orgs, files["organizations"], "организации")
    problems += structure.reserved_ids(dirs, files["directions"], "направления")
    problems += structure.reserved_ids(inds, files["indicators"], "показателя")
    problems += structure.reserved_ids(terrs, files["territories"], "территории")  # territories/<id>.md
    problems += structure.tree_size(dirs, inds, files)
    if {"values", "organizations", "indicators"} <= checked:  # a broken table is reported on its own
        problems += structure.unfilled(package.year, vals, raw["values"], orgs, inds, files["values"])
        limit = settings.unreported_limit
        problems += structure.unreported(package.year, limit, vals, raw["values"], orgs, inds, files["values"])
    # -- end structure limits --
    year_texts, found = texts.year_texts(package.texts, settings.year_texts, "year_texts" not in settings.unreadable)
    problems += found
    if problems:
        return None, problems
    files = {
        k: v for k, v in files.items() if v or k not in ("measures", "practices")
    }  # "measures" in files: it exists
    year = YearData(
        package.year,
        package.descriptor,
        orgs,
        dirs,
        inds,
        vals,
        levels,
        recs,
        files,
        terrs,
        measures=meas,
        practices=pracs,
    )
    year.texts = year_texts
    return year, problems


def _empty(schema: TableSchema) -> pd.DataFrame:
    numeric = ("number", "integer")
    return pd.DataFrame(
        {f.name: pd.Series(dtype=float if f.type in numeric else "str") for f in schema.fields},
        index=pd.Index([], dtype="int64", name="row"),
    )


def _maybe(known) -> object:
    """The {maybe} placeholder of a row: « Может быть, sch-02?» (problems/hints.py)."""
    known = sorted(set(known) - {""})
    return lambda row, value: maybe(value, known)


def _unknown(column: pd.Series, known: set[str]) -> pd.Series:
    """The filled cells of `column` that name nothing in `known`. When `known`
    is empty its own file is broken (reported): every reference would fail."""
    if not known:
        return column.iloc[:0]
    return column[(column != "") & ~column.isin(known)]


def _check_organizations(orgs: pd.DataFrame, settings: Settings, file: str) -> list[Problem]:
    problems: list[Problem] = []
    kinds = list(settings.kinds)
    codes.UNKNOWN_KIND.rows(
        problems, file, "kind", _unknown(orgs["kind"], set(kinds)), kinds=", ".join(kinds), maybe=_maybe(kinds)
    )
    return problems


def _check_directions(dirs: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parents exist and the tree has no cycles."""
    problems: list[Problem] = []
    ids = set(dirs["id"]) - {""}
    codes.UNKNOWN_PARENT.rows(problems, file, "parent_id", _unknown(dirs["parent_id"], ids), maybe=_maybe(ids))
    first = dirs[(dirs["id"] != "") & ~dirs["id"].duplicated()]
    parent = dict(zip(first["id"], first["parent_id"]))
    row = dict(zip(first["id"], first.index))
    for cycle in tree.cycles(list(parent), parent):
        start = min(cycle, key=lambda n: row[n])  # the cycle's first row in the file
        i = cycle.index(start)
        path = cycle[i:] + cycle[:i] + [start]
        problems.append(
            codes.CYCLE.at(file, row=int(row[start]), column="parent_id", value=parent[start], path=" → ".join(path))
        )
    depth = structure.depths(parent)  # structure limits: linear, None in or below a cycle
    problems += structure.tree_depth(first, depth, file)
    return dirs.assign(weight=dirs["weight"].fillna(1.0), depth=dirs["id"].map(depth).fillna(0).astype(int)), problems


def _check_indicators(
    inds: pd.DataFrame, raw: pd.DataFrame, dir_ids: set[str], settings: Settings, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """raw: the cells as written, to tell an empty cell from an invalid one
    (already reported) and to show numbers as staff typed them."""
    problems: list[Problem] = []
    codes.UNKNOWN_DIRECTION.rows(
        problems, file, "direction_id", _unknown(inds["direction_id"], dir_ids - {""}), maybe=_maybe(dir_ids)
    )
    inds = inds.assign(
        polarity=inds["polarity"].where(inds["polarity"] != "", "higher_is_better"),
        method=inds["method"].where(inds["method"] != "", inds["unit"].map(DEFAULT_METHOD).fillna("")),
        weight=inds["weight"].fillna(1.0),
        kinds=inds["kinds"].map(lambda s: tuple(s.split(";")) if s else ()),
    )
    kinds = settings.kinds
    # Kinds {} means monitoring.yml is broken (reported): kinds cannot be judged.
    unknown_kinds = inds["kinds"].map(lambda ks: ";".join(k for k in ks if k not in kinds) if kinds else "")
    codes.UNKNOWN_INDICATOR_KIND.rows(
        problems, file, "kinds", unknown_kinds[unknown_kinds != ""], kinds=", ".join(kinds), maybe=_maybe(kinds)
    )
    unit, method, polarity, target = inds["unit"], inds["method"], inds["polarity"], inds["target"]
    cells = lambda column: raw[column] if column in raw else pd.Series("", index=inds.index)  # noqa: E731
    no_max, no_target = cells("max_points") == "", cells("target") == ""
    missing = lambda mask: pd.Series(None, index=inds.index[mask.to_numpy(dtype=bool)], dtype=object)  # noqa: E731
    rules = [
        (codes.POINTS_WITHOUT_MAX, "max_points", missing((method == "points") & no_max)),
        (codes.TARGET_MISSING, "target", missing((method == "target") & no_target)),
        (
            codes.MAX_POINTS_IGNORED,
            "max_points",
            cells("max_points")[(method != "points") & (method != "") & inds["max_points"].notna()],
        ),
        (codes.TARGET_IGNORED, "target", cells("target")[(method != "target") & (method != "") & target.notna()]),
        (
            codes.TARGET_ZERO,
            "target",
            cells("target")[(method == "target") & (polarity == "higher_is_better") & (target == 0)],
        ),
        (
            codes.BOOLEAN_METHOD,
            "method",
            method[(unit != "") & (method != "") & ((method == "boolean") != (unit == "boolean"))],
        ),
        (codes.BOOLEAN_LOWER_IS_BETTER, "polarity", polarity[(unit == "boolean") & (polarity == "lower_is_better")]),
        (codes.PERCENT_TARGET, "target", cells("target")[(unit == "percent") & (target > 100)]),
    ]
    for code, column, rows in rules:
        code.rows(problems, file, column, rows)
    return inds, problems


def _check_levels(levels: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Ordered by threshold; every score from 0 gets a level."""
    problems: list[Problem] = []
    # Levels are assigned on the score rounded to 2 decimals and thresholds are
    # published with 2: a finer threshold would let «33,33» be below «от 33,33».
    # Exact on the float the arithmetic uses (66.67 passes, 66.6700000001 does not).
    given = levels["min_score"].dropna()
    finer = given[given.map(lambda x: round2(x) != x)]
    codes.THRESHOLD_PRECISION.rows(problems, file, "min_score", finer, rounded=lambda r, x: _two_decimals(x))
    levels = levels.sort_values("min_score", ascending=False, kind="stable")
    scores = levels["min_score"]
    # A missing or invalid threshold is already reported; judging the rest would guess.
    if len(levels) and scores.notna().all() and scores.min() != 0:
        lowest = scores.idxmin()
        problems.append(
            codes.NO_ZERO_LEVEL.at(
                file, row=int(lowest), column="min_score", value=f"{scores.min():g}", lowest=f"{scores.min():g}"
            )
        )
    return levels, problems


def _two_decimals(x: float) -> str:
    """66.665 -> '66.67', 80.004 -> '80': the threshold as staff would type it."""
    text = f"{round2(x):.2f}"
    return text.rstrip("0").rstrip(".")


def _check_recommendations(recs: pd.DataFrame, levels: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Levels are known; the node, kinds and audience are checked with the extensions (rule 8b)."""
    problems: list[Problem] = []
    level_ids = set(levels["id"]) - {""}
    unknown = recs["levels"].map(lambda ls: ";".join(x for x in ls if x not in level_ids) if level_ids else "")
    codes.UNKNOWN_LEVEL.rows(
        problems,
        file,
        "levels",
        unknown[unknown != ""],
        levels=", ".join(sorted(level_ids)),
        maybe=_maybe(level_ids),
    )
    return recs, problems


def _check_values(
    vals: pd.DataFrame,
    raw_value: pd.Series | None,
    orgs: pd.DataFrame,
    inds: pd.DataFrame,
    settings: Settings,
    file: str,
) -> list[Problem]:
    """References, applicability to the organization's kind, range by unit.
    Per-row lookups go through integer positions (get_indexer), not joins, so
    duplicated ids (reported elsewhere) cannot multiply rows."""
    problems: list[Problem] = []
    org = orgs[orgs["id"] != ""].drop_duplicates("id").set_index("id")
    ind = inds[inds["id"] != ""].drop_duplicates("id").set_index("id")
    codes.UNKNOWN_ORGANIZATION.rows(
        problems, file, "org_id", _unknown(vals["org_id"], set(org.index)), maybe=_maybe(org.index)
    )
    codes.UNKNOWN_INDICATOR.rows(
        problems, file, "indicator_id", _unknown(vals["indicator_id"], set(ind.index)), maybe=_maybe(ind.index)
    )
    o = org.index.get_indexer(vals["org_id"])
    i = ind.index.get_indexer(vals["indicator_id"])
    known = (o >= 0) & (i >= 0)

    # applies[indicator, kind]: the indicator's kinds list the kind, or is empty.
    kinds = list(settings.kinds)
    applies = np.array([[indicator_applies(ks, k) for k in kinds] for ks in ind["kinds"]], dtype=bool).reshape(
        len(ind), len(kinds)
    )
    k = pd.Index(kinds).get_indexer(org["kind"])[np.where(o >= 0, o, 0)] if len(org) else np.full(len(vals), -1)
    checkable = known & (k >= 0)  # an unknown kind is reported on the organization
    not_applicable = checkable.copy()
    not_applicable[checkable] = ~applies[i[checkable], k[checkable]]
    codes.NOT_APPLICABLE.rows(problems, file, "indicator_id", vals["indicator_id"][not_applicable])
    problems += extensions.not_applicable_by_group(vals, orgs, inds, checkable & ~not_applicable, file)

    v = vals["value"].to_numpy(dtype=float)
    unit = (
        np.where(i >= 0, ind["unit"].to_numpy(dtype=object)[np.where(i >= 0, i, 0)], "")
        if len(ind)
        else np.full(len(vals), "")
    )
    top = (
        np.where(i >= 0, ind["max_points"].to_numpy(dtype=float)[np.where(i >= 0, i, 0)], np.nan)
        if len(ind)
        else np.full(len(vals), np.nan)
    )
    present = (i >= 0) & ~np.isnan(v)
    shown = raw_value if raw_value is not None else vals["value"]
    with np.errstate(invalid="ignore"):
        rules = [
            (codes.PERCENT_RANGE, "percent", (v < 0) | (v > 100)),
            (codes.COUNT_NEGATIVE, "count", v < 0),
            (codes.COUNT_NOT_INTEGER, "count", (v >= 0) & (v != np.floor(v))),
            (codes.BOOLEAN_VALUE, "boolean", (v != 0) & (v != 1)),
            (codes.POINTS_NEGATIVE, "points", v < 0),
            (codes.POINTS_OVER_MAX, "points", v > top),
            (codes.NUMBER_NEGATIVE, "number", v < 0),
        ]
    limit = pd.Series(top, index=vals.index)
    params = {codes.POINTS_OVER_MAX: {"max": lambda r, x: f"{limit[r]:g}"}}
    for code, u, bad in rules:
        rows = present & (unit == u) & bad
        if rows.any():
            code.rows(problems, file, "value", shown[rows], **params.get(code, {}))
    return problems
