"""The results as a Frictionless data package: pure functions that turn
`Results` into file contents; `write` puts them on disk."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd

from generator.arithmetic import fmt2, fmt_value, round2
from generator.compute import MUNICIPAL_COLUMNS, SCORE_COLUMNS, Results
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


def recommendations_csv(results: Results) -> bytes:
    r = results.recommendations
    rows = zip(
        r["year"].astype(int).astype(str),
        _each_distinct(r["org_id"], neutralise),
        _each_distinct(r["direction_id"], neutralise),
        r["level"],
        _each_distinct(r["text"], neutralise),
    )
    return _csv(["year", "org_id", "direction_id", "level", "text"], rows)


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
    return {
        "datapackage.json": (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        "scores.csv": scores_csv(results),
        "municipal.csv": municipal_csv(results),
        "recommendations.csv": recommendations_csv(results),
    }
