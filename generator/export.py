"""The results as a Frictionless data package: pure functions that turn
`Results` into file contents; `write` puts them on disk."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd

from generator.arithmetic import fmt2, fmt_value, round2
from generator.compute import GROUP_COLUMNS, MUNICIPAL_COLUMNS, SCORE_COLUMNS, TERRITORY_COLUMNS, Results
from generator.model import Dataset

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """OWASP CSV injection: a text cell a spreadsheet would run as a formula
    gets a leading apostrophe. Numbers are written by the caller as numbers."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _int(x) -> str:
    return "" if pd.isna(x) else str(int(x))


def _csv(header: list[str], rows) -> bytes:
    buf = io.StringIO()
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


def scores_csv(results: Results) -> bytes:
    s = results.scores
    rows = zip(
        s["year"].astype(int).astype(str),
        _each_distinct(s["org_id"], neutralise),
        _each_distinct(s["kind"], neutralise),
        s["node_kind"],
        _each_distinct(s["node_id"], neutralise),
        _each_distinct(s["value"], fmt_value),
        # Rounded first (vectorised), so few distinct figures remain to format.
        _each_distinct(pd.Series(round2(s["score"].to_numpy(dtype=float))), fmt2),
        _each_distinct(s["rank_min"], _int),
        _each_distinct(s["rank_max"], _int),
        s["level"],
        _each_distinct(pd.Series(round2(s["delta"].to_numpy(dtype=float))), fmt2),
        s["trend"],
    )
    return _csv(SCORE_COLUMNS, rows)


def municipal_csv(results: Results) -> bytes:
    m = results.municipal
    rows = zip(
        m["year"].astype(int).astype(str),
        m["scope"].map(neutralise),
        m["node_kind"],
        m["node_id"].map(neutralise),
        m["value"].map(fmt2),
        m["score"].map(fmt2),
        m["level"],
        m["n"].map(_int),
        m["delta"].map(fmt2),
        m["trend"],
    )
    return _csv(MUNICIPAL_COLUMNS, rows)


def recommendations_csv(results: Results, bodies: dict[str, str] | None = None) -> bytes:
    """bodies (monitoring.yml `bodies:`): when any is listed, two more columns
    name the body a row is addressed to (rule 8b); without, the file is as before."""
    r = results.recommendations
    columns = [
        r["year"].astype(int).astype(str),
        _each_distinct(r["org_id"], neutralise),
        _each_distinct(r["direction_id"], neutralise),
        r["level"],
        _each_distinct(r["text"], neutralise),
    ]
    header = ["year", "org_id", "direction_id", "level", "text"]
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


def _field(name: str, type_: str, description: str, **constraints) -> dict:
    f = {"name": name, "type": type_, "description": description}
    if constraints:
        f["constraints"] = constraints
    return f


TREND = ["improved", "stable", "worsened", "new"]
SCORES_SCHEMA = {
    "fields": [
        _field("year", "integer", "Год мониторинга.", required=True),
        _field("org_id", "string", "Идентификатор организации.", required=True),
        _field("kind", "string", "Тип организации.", required=True),
        _field(
            "node_kind",
            "string",
            "indicator, direction или total.",
            required=True,
            enum=["indicator", "direction", "total"],
        ),
        _field("node_id", "string", "Идентификатор показателя или направления; total — итог.", required=True),
        _field("value", "number", "Значение показателя (только для показателей); пусто — не представлено."),
        _field("score", "number", "Балл 0–100, округлён до 2 знаков.", minimum=0, maximum=100),
        _field("rank_min", "integer", "Место: 1 + число организаций того же типа с большим баллом.", minimum=1),
        _field("rank_max", "integer", "Место с учётом равных баллов (диапазон rank_min–rank_max).", minimum=1),
        _field("level", "string", "Уровень (для направлений и итога)."),
        _field("delta", "number", "Изменение к последнему предыдущему году со значением."),
        _field("trend", "string", "improved, stable, worsened или new.", enum=TREND),
    ],
    "primaryKey": ["year", "org_id", "node_kind", "node_id"],
    "missingValues": [""],
}
MUNICIPAL_SCHEMA = {
    "fields": [
        _field("year", "integer", "Год мониторинга.", required=True),
        _field("scope", "string", "all — все организации, иначе тип организаций.", required=True),
        _field(
            "node_kind",
            "string",
            "indicator, direction или total.",
            required=True,
            enum=["indicator", "direction", "total"],
        ),
        _field("node_id", "string", "Идентификатор показателя или направления; total — итог.", required=True),
        _field(
            "value", "number", "Муниципальное значение показателя: доля (%) организаций с «да» или среднее значение."
        ),
        _field("score", "number", "Свод: средний балл организаций по направлению или итогу.", minimum=0, maximum=100),
        _field("level", "string", "Уровень свода."),
        _field("n", "integer", "Число организаций, представивших значение или имеющих балл.", minimum=0),
        _field("delta", "number", "Изменение к последнему предыдущему году со значением."),
        _field("trend", "string", "improved, stable, worsened или new.", enum=TREND),
    ],
    "primaryKey": ["year", "scope", "node_kind", "node_id"],
    "missingValues": [""],
}
RECOMMENDATIONS_SCHEMA = {
    "fields": [
        _field("year", "integer", "Год мониторинга.", required=True),
        _field("org_id", "string", "Организация; пусто — рекомендация муниципалитету."),
        _field("direction_id", "string", "Направление.", required=True),
        _field("level", "string", "Уровень, по которому дана рекомендация.", required=True),
        _field("text", "string", "Текст рекомендации.", required=True),
    ],
    "missingValues": [""],
}
# Added to recommendations.csv when monitoring.yml lists bodies (rule 8b).
BODY_FIELDS = [
    _field(
        "body_id",
        "string",
        "Орган из раздела bodies в monitoring.yml, которому адресована рекомендация; пусто — "
        "организации (org_id) или муниципалитету.",
    ),
    _field("body_name", "string", "Название органа."),
]
_SUMMARY_FIELDS = [
    _field("scope", "string", "all — все организации, иначе тип организаций.", required=True),
    _field(
        "node_kind",
        "string",
        "indicator, direction или total.",
        required=True,
        enum=["indicator", "direction", "total"],
    ),
    _field("node_id", "string", "Идентификатор показателя или направления; total — итог.", required=True),
    _field(
        "score",
        "number",
        "Свод: средний балл организаций (для показателя — средний балл показателя).",
        minimum=0,
        maximum=100,
    ),
    _field("level", "string", "Уровень свода (для направлений и итога)."),
    _field("n", "integer", "Число организаций, имеющих балл.", minimum=0),
]
_DYNAMICS_FIELDS = [
    _field("delta", "number", "Изменение свода к последнему предыдущему году со сводом."),
    _field("trend", "string", "improved, stable, worsened или new.", enum=TREND),
]
GROUPS_SCHEMA = {
    "fields": [
        _field("year", "integer", "Год мониторинга.", required=True),
        _field("group_id", "string", "Группа организаций из раздела groups в monitoring.yml.", required=True),
        _field("group_name", "string", "Название группы."),
        *_SUMMARY_FIELDS,
        *_DYNAMICS_FIELDS,
    ],
    "primaryKey": ["year", "group_id", "scope", "node_kind", "node_id"],
    "missingValues": [""],
}
TERRITORIES_SCHEMA = {
    "fields": [
        _field("year", "integer", "Год мониторинга.", required=True),
        _field("territory_id", "string", "Территориальная единица из territories.csv.", required=True),
        _field("territory_name", "string", "Наименование единицы."),
        _field("territory_kind", "string", "Вид единицы (municipality, district, …).", required=True),
        _field("parent_id", "string", "Единица, в которую входит эта; пусто — верхний уровень."),
        *_SUMMARY_FIELDS,
        _field("rank_min", "integer", "Место среди единиц того же вида: 1 + число единиц с большим сводом.", minimum=1),
        _field("rank_max", "integer", "Место с учётом равных сводов (диапазон rank_min–rank_max).", minimum=1),
        *_DYNAMICS_FIELDS,
    ],
    "primaryKey": ["year", "territory_id", "scope", "node_kind", "node_id"],
    "missingValues": [""],
}


def _resource(name: str, schema: dict) -> dict:
    return {"name": name, "path": f"{name}.csv", "format": "csv", "encoding": "utf-8", "schema": schema}


def results_package(ds: Dataset, results: Results) -> dict[str, bytes]:
    """File name -> content of the results package."""
    years = [y.year for y in ds.years]
    descriptor = {
        "name": "monitoring-results",
        "title": f"{ds.settings.title}: результаты {years[0]}–{years[-1]}" if years else ds.settings.title,
        "version": "1.0.0",
        "description": "Баллы, уровни, места, динамика и адресные рекомендации, рассчитанные по методике мониторинга.",
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
        "scores.csv": scores_csv(results),
        "municipal.csv": municipal_csv(results),
        "recommendations.csv": recommendations_csv(results, ds.settings.bodies),
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
    return {
        "datapackage.json": (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        **files,
    }
