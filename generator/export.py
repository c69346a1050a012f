"""The results as a Frictionless data package: pure functions that turn
`Results` into file contents; `write` puts them on disk."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd

from generator.arithmetic import fmt2, fmt_value, round2
from generator.compute import ALL, Results
from generator.model import TREND_LABELS, Dataset

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


def recommendations_csv(results: Results, names: Names) -> bytes:
    r = results.recommendations
    rows = zip(
        r["year"].astype(int).astype(str),
        _each_distinct(r["org_id"], neutralise),
        names.of("org", r["year"], r["org_id"]),
        _each_distinct(r["direction_id"], neutralise),
        names.of("node", r["year"], r["direction_id"]),
        r["level"],
        names.of("level", r["year"], r["level"]),
        _each_distinct(r["text"], neutralise),
    )
    return _csv([f["name"] for f in RECOMMENDATIONS_SCHEMA["fields"]], rows)


def _field(name: str, type_: str, title: str, description: str, **constraints) -> dict:
    """A Table Schema field; the title is the column's Russian heading (the XLSX uses the same words)."""
    f = {"name": name, "type": type_, "title": title, "description": description}
    if constraints:
        f["constraints"] = constraints
    return f


TREND = ["improved", "stable", "worsened", "new"]
TREND_WORDS = "improved — улучшение, stable — стабильно, worsened — ухудшение, new — впервые."
NODE_KIND = _field(
    "node_kind",
    "string",
    "Что оценивается",
    "indicator — показатель, direction — направление, total — итог.",
    required=True,
    enum=["indicator", "direction", "total"],
)
YEAR = _field("year", "integer", "Год", "Год мониторинга.", required=True)
NODE_ID = _field("node_id", "string", "Идентификатор показателя или направления", "total — итог.", required=True)
NODE_NAME = _field("node_name", "string", "Показатель или направление", "Название в этом году; «Итог» — итог.")
LEVEL_LABEL = _field("level_label", "string", "Уровень", "Название уровня в этом году.")
TREND_LABEL = _field("trend_label", "string", "Динамика", "Динамика словами: улучшение, стабильно, ухудшение, впервые.")
SCORES_SCHEMA = {
    "fields": [
        YEAR,
        _field("org_id", "string", "Идентификатор организации", "Не меняется из года в год.", required=True),
        _field("org_name", "string", "Организация", "Название организации в этом году."),
        _field("kind", "string", "Идентификатор типа", "Тип организации (monitoring.yml).", required=True),
        _field("kind_label", "string", "Тип организации", "Название типа организаций."),
        NODE_KIND,
        NODE_ID,
        NODE_NAME,
        _field("value", "number", "Значение", "Значение показателя (только для показателей); пусто — не представлено."),
        _field("score", "number", "Балл", "Балл 0–100, округлён до 2 знаков.", minimum=0, maximum=100),
        _field("rank_min", "integer", "Место (от)", "1 + число организаций того же типа с большим баллом.", minimum=1),
        _field("rank_max", "integer", "Место (до)", "Место с учётом равных баллов (диапазон «от–до»).", minimum=1),
        _field("level", "string", "Идентификатор уровня", "Уровень (для направлений и итога)."),
        LEVEL_LABEL,
        _field("delta", "number", "Изменение", "Изменение к последнему предыдущему году со значением."),
        _field("trend", "string", "Код динамики", TREND_WORDS, enum=TREND),
        TREND_LABEL,
    ],
    "primaryKey": ["year", "org_id", "node_kind", "node_id"],
    "missingValues": [""],
}
MUNICIPAL_SCHEMA = {
    "fields": [
        YEAR,
        _field(
            "scope", "string", "Идентификатор охвата", "all — все организации, иначе тип организаций.", required=True
        ),
        _field("scope_label", "string", "Охват", "«Все организации» или название типа."),
        NODE_KIND,
        NODE_ID,
        NODE_NAME,
        _field(
            "value",
            "number",
            "Муниципальное значение",
            "Муниципальное значение показателя: доля (%) организаций с «да» или среднее значение.",
        ),
        _field(
            "score",
            "number",
            "Свод, балл",
            "Средний балл организаций по направлению или итогу.",
            minimum=0,
            maximum=100,
        ),
        _field("level", "string", "Идентификатор уровня", "Уровень свода."),
        LEVEL_LABEL,
        _field("n", "integer", "Число организаций", "Представивших значение или имеющих балл.", minimum=0),
        _field("delta", "number", "Изменение", "Изменение к последнему предыдущему году со значением."),
        _field("trend", "string", "Код динамики", TREND_WORDS, enum=TREND),
        TREND_LABEL,
    ],
    "primaryKey": ["year", "scope", "node_kind", "node_id"],
    "missingValues": [""],
}
RECOMMENDATIONS_SCHEMA = {
    "fields": [
        YEAR,
        _field("org_id", "string", "Идентификатор организации", "Пусто — рекомендация муниципалитету."),
        _field("org_name", "string", "Организация", "Название организации в этом году; пусто — муниципалитету."),
        _field("direction_id", "string", "Идентификатор направления", "Направление.", required=True),
        _field("direction_name", "string", "Направление", "Название направления в этом году."),
        _field("level", "string", "Идентификатор уровня", "Уровень, по которому дана рекомендация.", required=True),
        LEVEL_LABEL,
        _field("text", "string", "Рекомендация", "Текст рекомендации.", required=True),
    ],
    "missingValues": [""],
}


RESULT_SCHEMAS = {
    "scores.csv": SCORES_SCHEMA,
    "municipal.csv": MUNICIPAL_SCHEMA,
    "recommendations.csv": RECOMMENDATIONS_SCHEMA,
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
    return {
        "datapackage.json": (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        "scores.csv": scores_csv(results, names),
        "municipal.csv": municipal_csv(results, names),
        "recommendations.csv": recommendations_csv(results, names),
    }
