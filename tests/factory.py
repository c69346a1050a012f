"""Small data sets from Python structures, so a test states its data in a few
lines and everything else (file layout, descriptors, column order, types)
comes from here.

    data = write_data(tmp_path, {2025: year(orgs=[org("s1"), ...], ...)}, missing="exclude")
    results = compute_data({2025: year(...)}, missing="exclude")

write_data writes CSV files, for the tests of loading and validation;
dataset / compute_data build the validated Dataset in memory, typed as
validate types it, for the tests of the arithmetic (no files, no checks: the
data must be what validate would accept, except that an organization may
have reported nothing).

Cells: None -> empty, tuples/lists -> ";"-joined, whole floats -> "80", other
floats -> repr. Columns follow schemas/*.schema.json; a column a test does not
give is written empty.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from generator import columns as contract
from generator import paths, structure
from generator.compute import Results, compute
from generator.model import DEFAULT_METHOD, Dataset, Polarity, YearData
from generator.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = paths.SCHEMAS
RESOURCES = ("organizations", "directions", "indicators", "values", "levels", "recommendations", "territories")

LEVELS = [
    {"id": "high", "label": "Высокий уровень", "min_score": 80, "color": "#2e7d32"},
    {"id": "medium", "label": "Средний уровень", "min_score": 50, "color": "#f9a825"},
    {"id": "low", "label": "Низкий уровень", "min_score": 0, "color": "#c62828"},
]


def fields(resource: str) -> list[tuple[str, str]]:
    """(name, Table Schema type) of the resource's columns, in order."""
    schema = json.loads((SCHEMAS / f"{resource}.schema.json").read_text(encoding="utf-8"))
    return [(f["name"], f["type"]) for f in schema["fields"]]


def columns(resource: str) -> list[str]:
    return [name for name, _ in fields(resource)]


def cell(x) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "1" if x else "0"
    if isinstance(x, (tuple, list)):
        return ";".join(map(str, x))
    if isinstance(x, float):
        return str(int(x)) if x.is_integer() else repr(x)
    return str(x)


# --- rows ---------------------------------------------------------------------


def org(id: str, kind: str = "general", **extra) -> dict:
    return {"id": id, "name": f"Организация {id}", "kind": kind, **extra}


def direction(id: str, parent_id: str = "", weight=None, **extra) -> dict:
    return {"id": id, "parent_id": parent_id, "name": f"Направление {id}", "weight": weight, **extra}


def indicator(id: str, direction_id: str = "d1", unit: str = "percent", **extra) -> dict:
    return {"id": id, "direction_id": direction_id, "name": f"Показатель {id}", "unit": unit, **extra}


def level(id: str, min_score, label: str | None = None) -> dict:
    return {"id": id, "label": label or f"Уровень {id}", "min_score": min_score}


def levels(**thresholds) -> list[dict]:
    """levels(high=85, medium=60, low=0)"""
    return [level(k, v) for k, v in thresholds.items()]


def rec(direction_id: str, levels, text: str, **extra) -> dict:
    return {"direction_id": direction_id, "levels": levels, "text": text, **extra}


def territory(id: str, kind: str = "district", parent_id: str = "", name: str | None = None) -> dict:
    return {"id": id, "name": name or f"Территория {id}", "kind": kind, "parent_id": parent_id}


def fraction(numerator, denominator) -> dict:
    """A value of a pooled indicator (rule 7b): year(values={"s1": {"p": fraction(3, 4)}})."""
    return {"numerator": numerator, "denominator": denominator}


def year(orgs, indicators, values, directions=None, levels=None, recommendations=None, territories=None) -> dict:
    """One year's tables. `values` is {org_id: {indicator_id: value}}: None writes
    a row with an empty value, a key left out writes no row, fraction(n, d)
    writes numerator and denominator. `directions` defaults to one top-level
    direction "d1"."""
    value_rows = [
        {"org_id": o, "indicator_id": i, **(v if isinstance(v, dict) else {"value": v})}
        for o, by_ind in values.items()
        for i, v in by_ind.items()
    ]
    tables = {
        "organizations": orgs,
        "directions": directions if directions is not None else [direction("d1")],
        "indicators": indicators,
        "values": value_rows,
        "levels": levels if levels is not None else LEVELS,
    }
    if recommendations is not None:
        tables["recommendations"] = recommendations
    if territories is not None:
        tables["territories"] = territories
    return tables


# --- writing ------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    unknown = {k for r in rows for k in r} - set(header)
    assert not unknown, f"{path.name}: no such columns {sorted(unknown)}"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([cell(r.get(c)) for c in header])


# The optional columns of the extensions (issue 11): written only when a row uses them,
# so that a file that uses none has the columns it had before (tests append raw lines).
EXTENSION_COLUMNS = {
    "values": {"numerator", "denominator"},
    "organizations": {"groups", "territory"},
    "directions": {"aggregation"},
    "indicators": {"groups", "municipal"},
    "recommendations": {"kinds", "audience"},
}


def written_columns(name: str, rows: list[dict]) -> list[str]:
    used = {k for r in rows for k in r}
    return [c for c in columns(name) if c not in EXTENSION_COLUMNS.get(name, set()) or c in used]


def monitoring(settings: dict | None = None, **more_settings) -> dict:
    """The settings of monitoring.yml: the test defaults, then `settings`, then keywords."""
    return {
        "title": "Тестовый мониторинг",
        "territory": "Тестовый округ",
        "kinds": {
            "general": "Общеобразовательные",
            "preschool": "Дошкольные",
            "additional": "Дополнительного образования",
        },
        "missing": "zero",
        "stable_tolerance": 0,
        # Tests state sparse years on purpose; the unfinished-year limit is tested where a test asks for it.
        "unreported_limit": 100,
        **(settings or {}),
        **more_settings,
    }


def descriptor(y: int, tables: dict) -> dict:
    resources = [{"name": name, "path": f"{name}.csv"} for name in RESOURCES if name in tables]
    title = f"Тестовый мониторинг, {y} год"
    return {"name": f"monitoring-{y}", "title": title, "version": "1.0.0", "resources": resources}


def write_data(root: Path, years: dict[int, dict], settings: dict | None = None, **more_settings) -> Path:
    """Write root/data/monitoring.yml and root/data/<year>/; return root/data."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    conf = monitoring(settings, **more_settings)
    (data / "monitoring.yml").write_text(yaml.safe_dump(conf, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for y, tables in years.items():
        folder = data / str(y)
        folder.mkdir(exist_ok=True)
        for name in RESOURCES:
            if name in tables:
                write_csv(folder / f"{name}.csv", written_columns(name, tables[name]), tables[name])
        text = json.dumps(descriptor(y, tables), ensure_ascii=False, indent=2) + "\n"
        (folder / "datapackage.json").write_text(text, encoding="utf-8")
    return data


# --- in memory ------------------------------------------------------------------


def typed(resource: str, rows: list[dict]) -> pd.DataFrame:
    """The rows as validate's schema check types them: text columns as str ("" for
    none), numbers as float (NaN for none), indexed by spreadsheet row (header = 1)."""
    unknown = {k for r in rows for k in r} - set(columns(resource))
    assert not unknown, f"{resource}: no such columns {sorted(unknown)}"
    index = pd.Index(range(2, len(rows) + 2), dtype="int64", name="row")
    frame = {}
    for name, kind in fields(resource):
        cells = [r.get(name) for r in rows]
        if kind in ("number", "integer"):
            frame[name] = pd.Series([np.nan if c is None else float(c) for c in cells], index=index, dtype=float)
        else:
            frame[name] = pd.Series([cell(c) for c in cells], index=index, dtype="str")
    return pd.DataFrame(frame, index=index)


def split(text: str) -> tuple[str, ...]:
    return tuple(text.split(";")) if text else ()


def year_data(y: int, tables: dict) -> YearData:
    """One year's tables as validate returns them: defaults filled in, lists split,
    directions with their depth, levels by min_score descending."""
    orgs = contract.organizations(typed("organizations", tables["organizations"]))
    dirs = contract.directions(typed("directions", tables["directions"]))
    depth = structure.depths(dict(zip(dirs["id"], dirs["parent_id"])))
    dirs = dirs.assign(weight=dirs["weight"].fillna(1.0), depth=dirs["id"].map(depth).fillna(0).astype(int))
    inds = contract.indicators(typed("indicators", tables["indicators"]))
    inds = inds.assign(
        polarity=inds["polarity"].where(inds["polarity"] != "", Polarity.HIGHER.value),
        method=inds["method"].where(inds["method"] != "", inds["unit"].map(DEFAULT_METHOD).fillna("")),
        weight=inds["weight"].fillna(1.0),
        kinds=inds["kinds"].map(split),
    )
    vals = contract.values(typed("values", tables["values"]), inds)
    levels = typed("levels", tables["levels"]).sort_values("min_score", ascending=False, kind="stable")
    recs = contract.recommendations(typed("recommendations", tables.get("recommendations", [])))
    terrs = contract.territories(typed("territories", tables.get("territories", [])))
    files = {name: f"data/{y}/{name}.csv" if name in tables else "" for name in RESOURCES}
    return YearData(y, descriptor(y, tables), orgs, dirs, inds, vals, levels, recs, files, terrs)


def dataset(years: dict[int, dict], settings: dict | None = None, **more_settings) -> Dataset:
    """The Dataset validate would return for write_data's folder, built in memory."""
    conf = monitoring(settings, **more_settings)
    conf["stable_tolerance"] = float(conf["stable_tolerance"])
    return Dataset(Settings(**conf), [year_data(y, years[y]) for y in sorted(years)])


def compute_data(years: dict[int, dict], settings: dict | None = None, **more_settings) -> Results:
    """Results of the arithmetic on `years`, without files or validation."""
    return compute(dataset(years, settings, **more_settings))


def run_data(root: Path, years: dict[int, dict], **settings) -> tuple[Dataset, Results]:
    """Write the folder and run the real pipeline (load -> validate -> compute). A
    data problem fails the test with the report, in Russian, as staff would see it."""
    from generator.pipeline import run
    from generator.problems import DataError

    data = write_data(root, years, **settings)
    try:
        return run(data)
    except DataError as err:  # pragma: no cover - a broken test fixture
        raise AssertionError("test data rejected:\n" + err.report.text()) from None


# --- reading results ----------------------------------------------------------


def row(results, org_id: str, node_id: str, year: int | None = None) -> pd.Series:
    """The single scores row for (year, org, node); node "total" is the total."""
    s = results.scores
    m = (s["org_id"] == org_id) & (s["node_id"] == node_id)
    if year is not None:
        m &= s["year"] == year
    found = s[m]
    assert len(found) == 1, f"{len(found)} rows for {year} {org_id} {node_id}"
    return found.iloc[0]


def score(results, org_id: str, node_id: str, year: int | None = None) -> float:
    return float(row(results, org_id, node_id, year)["score"])


def column(results, node_id: str, name: str, year: int | None = None) -> dict:
    """{org_id: value of `name`} for one node (one year)."""
    s = results.scores
    m = s["node_id"] == node_id
    if year is not None:
        m &= s["year"] == year
    return dict(zip(s.loc[m, "org_id"], s.loc[m, name]))


def ranks(results, node_id: str, year: int | None = None) -> dict:
    """{org_id: (rank_min, rank_max)}; None for no rank."""
    s = results.scores
    m = s["node_id"] == node_id
    if year is not None:
        m &= s["year"] == year
    f = s[m]
    return {
        o: (None if pd.isna(a) else int(a), None if pd.isna(b) else int(b))
        for o, a, b in zip(f["org_id"], f["rank_min"], f["rank_max"])
    }


def muni(results, node_id: str, scope: str = "all", year: int | None = None) -> pd.Series:
    m = results.municipal
    mask = (m["scope"] == scope) & (m["node_id"] == node_id)
    if year is not None:
        mask &= m["year"] == year
    found = m[mask]
    assert len(found) == 1, f"{len(found)} municipal rows for {year} {scope} {node_id}"
    return found.iloc[0]
