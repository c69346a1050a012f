"""The Table Schemas of the results package (export.py writes the files):
each field with its Russian title, which the XLSX download uses as heading."""

from __future__ import annotations


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
# Added to recommendations.csv when monitoring.yml lists bodies (rule 8b).
BODY_FIELDS = [
    _field(
        "body_id",
        "string",
        "Код органа",
        "Орган из раздела bodies в monitoring.yml, которому адресована рекомендация; пусто — "
        "организации (org_id) или муниципалитету.",
    ),
    _field("body_name", "string", "Орган", "Название органа."),
]
_SUMMARY_FIELDS = [
    _field("scope", "string", "Охват", "all — все организации, иначе тип организаций.", required=True),
    _field(
        "node_kind",
        "string",
        "Что оценивается",
        "indicator, direction или total.",
        required=True,
        enum=["indicator", "direction", "total"],
    ),
    _field(
        "node_id",
        "string",
        "Идентификатор показателя или направления",
        "Идентификатор показателя или направления; total — итог.",
        required=True,
    ),
    _field(
        "score",
        "number",
        "Балл",
        "Свод: средний балл организаций (для показателя — средний балл показателя).",
        minimum=0,
        maximum=100,
    ),
    _field("level", "string", "Уровень", "Уровень свода (для направлений и итога)."),
    _field("n", "integer", "Число организаций", "Число организаций, имеющих балл.", minimum=0),
]
_DYNAMICS_FIELDS = [
    _field("delta", "number", "Изменение", "Изменение свода к последнему предыдущему году со сводом."),
    _field("trend", "string", "Код динамики", "improved, stable, worsened или new.", enum=TREND),
]
GROUPS_SCHEMA = {
    "fields": [
        _field("year", "integer", "Год", "Год мониторинга.", required=True),
        _field(
            "group_id",
            "string",
            "Идентификатор группы",
            "Группа организаций из раздела groups в monitoring.yml.",
            required=True,
        ),
        _field("group_name", "string", "Группа", "Название группы."),
        *_SUMMARY_FIELDS,
        *_DYNAMICS_FIELDS,
    ],
    "primaryKey": ["year", "group_id", "scope", "node_kind", "node_id"],
    "missingValues": [""],
}
TERRITORIES_SCHEMA = {
    "fields": [
        _field("year", "integer", "Год", "Год мониторинга.", required=True),
        _field(
            "territory_id",
            "string",
            "Идентификатор территории",
            "Территориальная единица из territories.csv.",
            required=True,
        ),
        _field("territory_name", "string", "Территория", "Наименование единицы."),
        _field("territory_kind", "string", "Вид территории", "Вид единицы (municipality, district, …).", required=True),
        _field("parent_id", "string", "Входит в", "Единица, в которую входит эта; пусто — верхний уровень."),
        *_SUMMARY_FIELDS,
        _field(
            "rank_min",
            "integer",
            "Место (с)",
            "Место среди единиц того же вида: 1 + число единиц с большим сводом.",
            minimum=1,
        ),
        _field(
            "rank_max", "integer", "Место (по)", "Место с учётом равных сводов (диапазон rank_min–rank_max).", minimum=1
        ),
        *_DYNAMICS_FIELDS,
    ],
    "primaryKey": ["year", "territory_id", "scope", "node_kind", "node_id"],
    "missingValues": [""],
}

# indicators.csv (issue 11, item 9): every year's indicators with their unit and source.
INDICATORS_SCHEMA = {
    "fields": [
        YEAR,
        _field("indicator_id", "string", "Идентификатор показателя", "Не меняется из года в год.", required=True),
        _field("indicator_name", "string", "Показатель", "Название показателя в этом году."),
        _field("direction_id", "string", "Идентификатор направления", "Направление показателя.", required=True),
        _field("direction_name", "string", "Направление", "Название направления в этом году."),
        _field("unit", "string", "Код единицы", "percent, count, boolean, points или number.", required=True),
        _field("unit_label", "string", "Единица", "Единица словами: процент, количество, да/нет, баллы, число."),
        _field("source", "string", "Источник", "Источник данных показателя; пусто — не указан."),
    ],
    "primaryKey": ["year", "indicator_id"],
    "missingValues": [""],
}
