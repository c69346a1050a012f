"""The results as a Frictionless data package: pure functions that turn
`Results` into file contents; `write` puts them on disk."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd

from generator.arithmetic import fmt2, fmt_value, round2
from generator.compute import ALL, GROUP_COLUMNS, TERRITORY_COLUMNS, Results
from generator.cycletables import Table, tables
from generator.model import TREND_LABELS, UNIT_LABELS, Dataset
from generator.resultschemas import (
    BODY_FIELDS,
    GROUPS_SCHEMA,
    INDICATORS_SCHEMA,
    MUNICIPAL_SCHEMA,
    RECOMMENDATIONS_SCHEMA,
    SCORES_SCHEMA,
    TERRITORIES_SCHEMA,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """OWASP CSV injection: a text cell a spreadsheet would run as a formula
    gets a leading apostrophe. Numbers are written by the caller as numbers."""
    return "'" + text if text.startswith(FORMULA_START) else text


# A byte order mark before the header: Excel and LibreOffice then read the
# file as UTF-8 on a double click (without it Excel shows Cyrillic as «РЁР»).
# The package still declares "utf-8": Frictionless readers (frictionless-py,
# pandas, csv with utf-8-sig) skip the mark; tests/test_export.py validates it.
BOM = "\ufeff"


def _int(x) -> str:
    return "" if pd.isna(x) else str(int(x))


def _csv(header: list[str], rows) -> bytes:
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _each_distinct(column: pd.Series, fn) -> np.ndarray:
    """fn applied once per distinct value and spread to the rows: a region's
    scores have 800,000 rows but a few thousand distinct ids and figures."""
    codes, uniques = pd.factorize(column, sort=False, use_na_sentinel=True)
    missing = fn(None) if (codes < 0).any() else ""
    table = np.array([fn(u) for u in uniques] + [missing], dtype=object)
    return table[codes]  # the sentinel -1 picks the last entry


class Names:
    """The names published beside the ids, as each year's tables give them (a
    school renamed in 2025 keeps its 2024 name in the 2024 rows)."""

    def __init__(self, ds: Dataset):
        self.kinds = dict(ds.settings.kinds)
        self._by: dict[str, dict[tuple[int, str], str]] = {"org": {}, "node": {}, "level": {}}
        for y in ds.years:
            self._by["org"].update({(y.year, i): n for i, n in zip(y.organizations["id"], y.organizations["name"])})
            self._by["node"].update({(y.year, i): n for i, n in zip(y.directions["id"], y.directions["name"])})
            # Indicators and directions share one id space per year (validation refuses a clash).
            self._by["node"].update({(y.year, i): n for i, n in zip(y.indicators["id"], y.indicators["name"])})
            self._by["node"][(y.year, "total")] = "Итог"
            self._by["level"].update({(y.year, i): n for i, n in zip(y.levels["id"], y.levels["label"])})

    def of(self, what: str, years: pd.Series, ids: pd.Series) -> np.ndarray:
        """The name of each (year, id), neutralised; '' where there is none.
        Integer codes of the pairs, not tuples: a region's scores have 800,000 rows."""
        table = self._by[what]
        id_codes, id_uniques = pd.factorize(ids, sort=False, use_na_sentinel=True)
        year_codes, year_uniques = pd.factorize(years.astype(int), sort=False)
        pair = year_codes.astype(np.int64) * (len(id_uniques) + 1) + (id_codes + 1)
        codes, pairs = pd.factorize(pair, sort=False)
        out = []
        for p in pairs:
            y, i = divmod(int(p), len(id_uniques) + 1)
            name = table.get((int(year_uniques[y]), id_uniques[i - 1]), "") if i else ""
            out.append(neutralise(str(name)) if name else "")
        return np.array(out, dtype=object)[codes] if out else np.array([], dtype=object)

    def kind(self, kinds: pd.Series) -> np.ndarray:
        return _each_distinct(kinds, lambda k: "" if k is None else neutralise(self.kinds.get(k, "")))


def _trend_labels(trends: pd.Series) -> np.ndarray:
    return _each_distinct(trends, lambda t: TREND_LABELS.get(t, "") if t else "")


def scores_csv(results: Results, names: Names) -> bytes:
    s = results.scores
    rows = zip(
        s["year"].astype(int).astype(str),
        _each_distinct(s["org_id"], neutralise),
        names.of("org", s["year"], s["org_id"]),
        _each_distinct(s["kind"], neutralise),
        names.kind(s["kind"]),
        s["node_kind"],
        _each_distinct(s["node_id"], neutralise),
        names.of("node", s["year"], s["node_id"]),
        _each_distinct(s["value"], fmt_value),
        # Rounded first (vectorised), so few distinct figures remain to format.
        _each_distinct(pd.Series(round2(s["score"].to_numpy(dtype=float))), fmt2),
        _each_distinct(s["rank_min"], _int),
        _each_distinct(s["rank_max"], _int),
        s["level"],
        names.of("level", s["year"], s["level"]),
        _each_distinct(pd.Series(round2(s["delta"].to_numpy(dtype=float))), fmt2),
        s["trend"],
        _trend_labels(s["trend"]),
    )
    return _csv([f["name"] for f in SCORES_SCHEMA["fields"]], rows)


def municipal_csv(results: Results, names: Names) -> bytes:
    m = results.municipal
    scope_labels = {ALL: "Все организации", **names.kinds}
    rows = zip(
        m["year"].astype(int).astype(str),
        m["scope"].map(neutralise),
        m["scope"].map(lambda k: neutralise(scope_labels.get(k, ""))),
        m["node_kind"],
        m["node_id"].map(neutralise),
        names.of("node", m["year"], m["node_id"]),
        m["value"].map(fmt2),
        m["score"].map(fmt2),
        m["level"],
        names.of("level", m["year"], m["level"]),
        m["n"].map(_int),
        m["delta"].map(fmt2),
        m["trend"],
        _trend_labels(m["trend"]),
    )
    return _csv([f["name"] for f in MUNICIPAL_SCHEMA["fields"]], rows)


def recommendations_csv(results: Results, names: Names, bodies: dict[str, str] | None = None) -> bytes:
    """bodies (monitoring.yml `bodies:`): when any is listed, two more columns
    name the body a row is addressed to (rule 8b); without, the file is as before."""
    r = results.recommendations
    columns = [
        r["year"].astype(int).astype(str),
        _each_distinct(r["org_id"], neutralise),
        names.of("org", r["year"], r["org_id"]),
        _each_distinct(r["direction_id"], neutralise),
        names.of("node", r["year"], r["direction_id"]),
        r["level"],
        names.of("level", r["year"], r["level"]),
        _each_distinct(r["text"], neutralise),
    ]
    header = [f["name"] for f in RECOMMENDATIONS_SCHEMA["fields"]]
    if bodies:
        body = r["body_id"] if "body_id" in r else pd.Series("", index=r.index)
        columns += [
            _each_distinct(body, neutralise),
            _each_distinct(body, lambda b: neutralise(bodies.get(b or "", ""))),
        ]
        header += ["body_id", "body_name"]
    return _csv(header, zip(*columns))


def _summary_columns(frame: pd.DataFrame, names: list[str]) -> list:
    """The cells of a summary frame (groups, territories) as exported, by column name."""
    cells = {
        "year": lambda c: c.astype(int).astype(str),
        "score": lambda c: _each_distinct(pd.Series(round2(c.to_numpy(dtype=float))), fmt2),
        "delta": lambda c: _each_distinct(pd.Series(round2(c.to_numpy(dtype=float))), fmt2),
        "n": lambda c: _each_distinct(c, _int),
        "rank_min": lambda c: _each_distinct(c, _int),
        "rank_max": lambda c: _each_distinct(c, _int),
        "node_kind": lambda c: c,
        "level": lambda c: c,
        "trend": lambda c: c,
    }
    return [cells.get(n, lambda c: _each_distinct(c.fillna(""), neutralise))(frame[n]) for n in names]


def groups_csv(ds: Dataset, results: Results) -> bytes:
    """The summaries of the groups of organizations, with the group's name."""
    g = results.groups.assign(group_name=results.groups["group_id"].map(ds.settings.groups).fillna(""))
    header = ["year", "group_id", "group_name", *GROUP_COLUMNS[2:]]
    return _csv(header, zip(*_summary_columns(g, header)))


def territories_csv(ds: Dataset, results: Results) -> bytes:
    """The summaries of the territorial units (rule 7c), with each unit's name and the unit it lies in."""
    t = results.territories
    units = pd.concat(
        [y.territories[["id", "name", "parent_id"]].assign(year=y.year) for y in ds.years], ignore_index=True
    ).rename(columns={"id": "territory_id", "name": "territory_name"})
    t = t.merge(units.drop_duplicates(["year", "territory_id"]), on=["year", "territory_id"], how="left")
    header = ["year", "territory_id", "territory_name", "territory_kind", "parent_id", *TERRITORY_COLUMNS[3:]]
    return _csv(header, zip(*_summary_columns(t, header)))


def indicators_csv(ds: Dataset) -> bytes:
    """Every year's indicators with their unit and source (issue 11, item 9), in file order."""
    rows = []
    for y in ds.years:
        dirs = dict(zip(y.directions["id"], y.directions["name"]))
        for i in y.indicators.itertuples(index=False):
            unit = str(i.unit)
            cells = [i.id, i.name, i.direction_id, dirs.get(i.direction_id, ""), unit, UNIT_LABELS.get(unit, "")]
            rows.append([str(y.year), *(neutralise(str(c)) for c in cells), neutralise(str(i.source or ""))])
    return _csv([f["name"] for f in INDICATORS_SCHEMA["fields"]], rows)


def _flag(x) -> str:
    return "" if x is None or (isinstance(x, float) and x != x) else ("да" if x else "нет")


CELL_WRITERS = {"number": fmt2, "integer": _int, "boolean": _flag}


def table_csv(table: Table) -> bytes:
    """A table of the management cycle (generator/cycletables.py), cells written by their field's type."""
    fields = table.schema["fields"]
    columns = [
        _each_distinct(table.frame[f["name"]], CELL_WRITERS.get(f["type"], lambda t: neutralise(t or "")))
        for f in fields
    ]
    return _csv([f["name"] for f in fields], zip(*columns))


def _resource(name: str, schema: dict) -> dict:
    return {"name": name, "path": f"{name}.csv", "format": "csv", "encoding": "utf-8", "schema": schema}


RESULT_SCHEMAS = {
    "scores.csv": SCORES_SCHEMA,
    "municipal.csv": MUNICIPAL_SCHEMA,
    "recommendations.csv": RECOMMENDATIONS_SCHEMA,
    "indicators.csv": INDICATORS_SCHEMA,
}


def results_package(ds: Dataset, results: Results) -> dict[str, bytes]:
    """File name -> content of the results package."""
    years = [y.year for y in ds.years]
    names = Names(ds)
    descriptor = {
        "name": "monitoring-results",
        "title": f"{ds.settings.title}: результаты {years[0]}–{years[-1]}" if years else ds.settings.title,
        "version": "1.0.0",
        "description": "Баллы, уровни, места, динамика и адресные рекомендации, рассчитанные по методике мониторинга. "
        "Файлы CSV — в UTF-8 с меткой порядка байтов (BOM): Excel и LibreOffice открывают их двойным щелчком; "
        "названия организаций, показателей, уровней и динамики — рядом с идентификаторами.",
        "resources": [
            {"name": "scores", "path": "scores.csv", "format": "csv", "encoding": "utf-8", "schema": SCORES_SCHEMA},
            {
                "name": "municipal",
                "path": "municipal.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": MUNICIPAL_SCHEMA,
            },
            {
                "name": "recommendations",
                "path": "recommendations.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": RECOMMENDATIONS_SCHEMA,
            },
        ],
    }
    files = {
        "scores.csv": scores_csv(results, names),
        "municipal.csv": municipal_csv(results, names),
        "recommendations.csv": recommendations_csv(results, names, ds.settings.bodies),
    }
    # The extensions (issue 11) add columns and files only where the data uses them.
    if ds.settings.bodies:
        descriptor["resources"][2]["schema"] = {
            **RECOMMENDATIONS_SCHEMA,
            "fields": [*RECOMMENDATIONS_SCHEMA["fields"], *BODY_FIELDS],
        }
    if ds.settings.groups:
        descriptor["resources"].append(_resource("groups", GROUPS_SCHEMA))
        files["groups.csv"] = groups_csv(ds, results)
    if any(len(y.territories) for y in ds.years):
        descriptor["resources"].append(_resource("territories", TERRITORIES_SCHEMA))
        files["territories.csv"] = territories_csv(ds, results)
    # Item 9: the indicators with their sources, for every folder (no figure in it: the others are unchanged).
    descriptor["resources"].append(_resource("indicators", INDICATORS_SCHEMA))
    files["indicators.csv"] = indicators_csv(ds)
    for table in tables(ds, results):  # the management cycle (issue 12): only with its files
        descriptor["resources"].append(_resource(table.name, table.schema))
        files[f"{table.name}.csv"] = table_csv(table)
    return {
        "datapackage.json": (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        **files,
    }
