"""The management cycle's tables of the results package (issue 12): one frame
per file, columns as its Table Schema (generator/cycleschemas.py) names them,
cells as plain values: text (not yet neutralised), numbers rounded to 2
decimals, integers, booleans. export.py writes them as CSV, the XLSX download
(render/spreadsheet.py) as sheets: both from these frames, so they agree.

A file is in the package only when the data has what it is about: measures.csv,
effects.csv and coverage.csv with a year's measures.csv, goals.csv with
data/goals.csv, practices.csv with any file of the cycle."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.compute import ALL, Results
from generator.cycleschemas import COVERAGE_SCHEMA, EFFECTS_SCHEMA, GOALS_SCHEMA, MEASURES_SCHEMA, PRACTICES_SCHEMA
from generator.model import EFFECT_STATE_LABELS, GOAL_MEASURE_LABELS, MEASURE_STATUS_LABELS, Dataset


@dataclass(frozen=True)
class Table:
    name: str  # resource name; the file is name + ".csv"
    sheet: str  # the XLSX sheet's name
    schema: dict
    frame: pd.DataFrame  # columns = the schema's fields, in order


class _Names:
    """Names as each year's tables give them."""

    def __init__(self, ds: Dataset):
        self.org: dict[tuple[int, str], str] = {}
        self.node: dict[tuple[int, str], str] = {}
        for y in ds.years:
            self.org.update({(y.year, i): n for i, n in zip(y.organizations["id"], y.organizations["name"])})
            self.node.update({(y.year, i): n for i, n in zip(y.directions["id"], y.directions["name"])})
            self.node.update({(y.year, i): n for i, n in zip(y.indicators["id"], y.indicators["name"])})
            self.node[(y.year, "total")] = "Итог"
        self.kinds = dict(ds.settings.kinds)
        self.forms = dict(ds.settings.measure_forms)

    def of(self, table: dict, years, ids) -> list[str]:
        return [table.get((int(y), i), "") if i else "" for y, i in zip(years, ids)]


def _r2(series: pd.Series) -> pd.Series:
    return pd.Series(round2(series.to_numpy(dtype=float)), index=series.index)


def _has_measures(ds: Dataset) -> bool:
    return any("measures" in y.files for y in ds.years)


def _uses_cycle(ds: Dataset) -> bool:
    return _has_measures(ds) or bool(len(ds.goals)) or any("practices" in y.files for y in ds.years)


# file name (without .csv) -> does the data give it
IN_PACKAGE = {
    "measures": _has_measures,
    "effects": _has_measures,
    "coverage": _has_measures,
    "goals": lambda ds: bool(len(ds.goals)),
    "practices": _uses_cycle,
}


def cycle_file(name: str):
    """Whether the results package holds the cycle's file `name` (without .csv), as a function of the dataset."""
    return IN_PACKAGE[name]


def tables(ds: Dataset, results: Results) -> list[Table]:
    names = _Names(ds)
    build = {
        "measures": ("Меры", MEASURES_SCHEMA, lambda: _measures(results, names)),
        "effects": ("Эффект мер", EFFECTS_SCHEMA, lambda: _effects(results, names)),
        "coverage": ("Охват мерами", COVERAGE_SCHEMA, lambda: _coverage(results, names)),
        "goals": ("Цели", GOALS_SCHEMA, lambda: _goals(ds, results, names)),
        "practices": ("Лучшие практики", PRACTICES_SCHEMA, lambda: _practices(results, names)),
    }
    return [Table(n, sheet, schema, make()) for n, (sheet, schema, make) in build.items() if IN_PACKAGE[n](ds)]


def _columns(schema: dict) -> list[str]:
    return [f["name"] for f in schema["fields"]]


def _measures(r: Results, names: _Names) -> pd.DataFrame:
    m = r.measures
    out = m.assign(
        org_name=names.of(names.org, m["year"], m["org_id"]),
        kind_label=m["kind"].map(names.kinds).fillna(""),
        direction_name=names.of(names.node, m["year"], m["direction_id"]),
        form_label=m["form"].map(names.forms).fillna(""),
        status_label=m["status"].map(MEASURE_STATUS_LABELS).fillna(""),
    )
    return out[_columns(MEASURES_SCHEMA)].reset_index(drop=True)


def _effects(r: Results, names: _Names) -> pd.DataFrame:
    e = r.effects
    rows = e.assign(
        row_kind="measure",
        org_name=names.of(names.org, e["year"], e["org_id"]),
        direction_name=names.of(names.node, e["year"], e["direction_id"]),
        form_label=e["form"].map(names.forms).fillna(""),
        state_label=e["state"].map(EFFECT_STATE_LABELS).fillna(""),
        n=np.nan,
        n_method_changed=np.nan,
    )
    s = r.effect_summary
    summary = s.rename(
        columns={"by": "row_kind", "mean_change": "change", "mean_comparison_change": "comparison_change"}
    ).rename(columns={"mean_effect": "effect"})
    summary = summary.assign(
        measure_id="",
        org_id="",
        org_name="",
        kind="",
        direction_name=names.of(names.node, s["year"], s["direction_id"]),
        form_label=s["form"].map(names.forms).fillna(""),
        state="",
        state_label="",
        after_year=np.nan,
        before=np.nan,
        after=np.nan,
        comparison_n=np.nan,
        method_changed=None,
    )
    cols = _columns(EFFECTS_SCHEMA)
    out = pd.concat([rows[cols], summary[cols]], ignore_index=True)
    for c in ("before", "after", "change", "comparison_change", "effect"):
        out[c] = _r2(out[c])
    return out


def _coverage(r: Results, names: _Names) -> pd.DataFrame:
    c = r.coverage
    labels = {ALL: "Все организации", **names.kinds}
    return c.assign(scope_label=c["scope"].map(labels).fillna(""), coverage=_r2(c["coverage"]))[
        _columns(COVERAGE_SCHEMA)
    ]


def _goals(ds: Dataset, r: Results, names: _Names) -> pd.DataFrame:
    g = r.goals.rename(columns={"id": "goal_id"})
    v = r.goal_values.merge(g, on="goal_id", how="left", sort=False)
    order = {gid: i for i, gid in enumerate(g["goal_id"])}
    v = v.assign(_o=v["goal_id"].map(order)).sort_values(["_o", "year"], kind="stable")
    territory = {(y.year, t): n for y in ds.years for t, n in zip(y.territories["id"], y.territories["name"])}
    scope_names = {ALL: "Все организации", **names.kinds}
    v = v.assign(
        node_name=names.of(names.node, v["year"], v["node_id"]),
        scope_label=[scope_names.get(s) or territory.get((int(y), s), "") for s, y in zip(v["scope"], v["year"])],
        measure_label=v["measure"].map(GOAL_MEASURE_LABELS).fillna(""),
        actual=_r2(v["actual"]),
        achieved=[a if y == t else None for a, y, t in zip(v["achieved"], v["year"], v["target_year"])],
    )
    return v[_columns(GOALS_SCHEMA)].reset_index(drop=True)


def _practices(r: Results, names: _Names) -> pd.DataFrame:
    b, p = r.best_practices, r.practices
    described = p[["year", "org_id", "direction_id", "title", "description", "link"]]
    best = b.assign(best_practice=True).merge(described, on=["year", "org_id", "direction_id"], how="left")
    others = p[~p["best"].astype(bool)].assign(best_practice=False, score=np.nan, previous_year=np.nan)
    kind_of = dict(zip(zip(r.scores["year"], r.scores["org_id"]), r.scores["kind"])) if len(others) else {}
    others = others.assign(kind=[kind_of.get((y, o), "") for y, o in zip(others["year"], others["org_id"])])
    out = pd.concat([best, others], ignore_index=True).fillna({"title": "", "description": "", "link": ""})
    out = out.assign(
        org_name=names.of(names.org, out["year"], out["org_id"]),
        direction_name=names.of(names.node, out["year"], out["direction_id"]),
        kind_label=out["kind"].map(names.kinds).fillna(""),
        score=_r2(out["score"]),
    )
    return out.sort_values("year", kind="stable")[_columns(PRACTICES_SCHEMA)].reset_index(drop=True)
