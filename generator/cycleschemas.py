"""The Table Schemas of the management cycle's files in the results package
(measures.csv, effects.csv, coverage.csv, goals.csv, practices.csv; issue 12),
beside generator/resultschemas.py: each field with its Russian title, which
the XLSX download uses as heading."""

from __future__ import annotations

from generator.resultschemas import YEAR
from generator.resultschemas import _field as field

YES_NO = {"trueValues": ["да"], "falseValues": ["нет"]}


def flag(name: str, title: str, description: str) -> dict:
    """A boolean field written «да» / «нет»."""
    return {**field(name, "boolean", title, description), **YES_NO}


ORG_ID = field("org_id", "string", "Идентификатор организации", "Пусто — муниципальная мера.")
ORG_NAME = field("org_name", "string", "Организация", "Название организации в этом году.")
KIND = field("kind", "string", "Идентификатор типа", "Тип организации (monitoring.yml).")
KIND_LABEL = field("kind_label", "string", "Тип организации", "Название типа организаций.")
DIRECTION_ID = field("direction_id", "string", "Идентификатор направления", "total — итог.")
DIRECTION_NAME = field("direction_name", "string", "Направление", "Название направления в этом году; «Итог» — итог.")
FORM = field("form", "string", "Идентификатор формы", "Форма меры из раздела measure_forms в monitoring.yml.")
FORM_LABEL = field("form_label", "string", "Форма меры", "Название формы меры.")

MEASURES_SCHEMA = {
    "fields": [
        YEAR,
        field("id", "string", "Идентификатор меры", "Не повторяется в году.", required=True),
        ORG_ID,
        ORG_NAME,
        KIND,
        KIND_LABEL,
        DIRECTION_ID,
        DIRECTION_NAME,
        field("title", "string", "Мера", "Что делается."),
        FORM,
        FORM_LABEL,
        field("responsible", "string", "Ответственный", "Орган или должность."),
        field("start", "date", "Начало", "Дата начала."),
        field("due", "date", "Срок", "Срок выполнения."),
        field(
            "status",
            "string",
            "Код статуса",
            "planned — запланирована, in_progress — выполняется, done — выполнена, cancelled — отменена.",
            enum=["planned", "in_progress", "done", "cancelled"],
        ),
        field("status_label", "string", "Статус", "Статус словами."),
        field("result", "string", "Результат", "Что получилось."),
    ],
    "primaryKey": ["year", "id"],
    "missingValues": [""],
}
EFFECTS_SCHEMA = {
    "fields": [
        field(
            "row_kind",
            "string",
            "Строка",
            "measure — одна выполненная мера; form_node — свод по форме и направлению; form — по форме; "
            "node — по направлению (своды — по мерам организаций, для которых есть эффект).",
            required=True,
            enum=["measure", "form_node", "form", "node"],
        ),
        YEAR,
        field("measure_id", "string", "Идентификатор меры", "Только в строках measure."),
        ORG_ID,
        ORG_NAME,
        KIND,
        DIRECTION_ID,
        DIRECTION_NAME,
        FORM,
        FORM_LABEL,
        field(
            "state",
            "string",
            "Код состояния",
            "Пусто — изменение посчитано; pending — следующего года ещё нет; no_later_score — нет балла в следующие "
            "годы; no_score — нет балла в год меры.",
        ),
        field("state_label", "string", "Состояние", "Состояние словами."),
        field("after_year", "integer", "Год сравнения", "Следующий год, в котором есть балл."),
        field("before", "number", "Балл до", "Балл в год меры (для муниципальной меры — свод), 2 знака."),
        field("after", "number", "Балл после", "Балл в год сравнения, 2 знака."),
        field(
            "change",
            "number",
            "Изменение",
            "Балл после − балл до; в строках свода — среднее изменение.",
        ),
        field(
            "comparison_n",
            "integer",
            "Организаций в группе сравнения",
            "Организации того же типа с баллом в оба года и без выполненной меры по направлению или итогу.",
        ),
        field(
            "comparison_change",
            "number",
            "Изменение в группе сравнения",
            "Среднее изменение группы сравнения; в строках свода — среднее по мерам.",
        ),
        field(
            "effect",
            "number",
            "Эффект",
            "Изменение − изменение в группе сравнения; в строках свода — средний эффект. Это связь, а не "
            "доказательство причины.",
        ),
        flag("method_changed", "Методика изменилась", "Между двумя годами изменилась методика направления."),
        field("n", "integer", "Мер в своде", "Только в строках свода: число мер с эффектом."),
        field("n_method_changed", "integer", "Из них при изменённой методике", "Только в строках свода."),
    ],
    "missingValues": [""],
}
COVERAGE_SCHEMA = {
    "fields": [
        YEAR,
        field("scope", "string", "Идентификатор охвата", "all — все организации, иначе тип.", required=True),
        field("scope_label", "string", "Охват", "«Все организации» или название типа."),
        field(
            "pairs",
            "integer",
            "Дефицитов с рекомендацией",
            "Пары «организация — направление», получившие адресную рекомендацию.",
        ),
        field("covered", "integer", "Из них с мерой", "Пары, по которым есть мера года (не отменённая)."),
        field("coverage", "number", "Охват мерами, %", "Доля пар с мерой, %, 2 знака."),
    ],
    "primaryKey": ["year", "scope"],
    "missingValues": [""],
}
GOALS_SCHEMA = {
    "fields": [
        field("goal_id", "string", "Идентификатор цели", "Из data/goals.csv.", required=True),
        field("name", "string", "Цель", "Формулировка цели."),
        field("node_id", "string", "Идентификатор направления или показателя", "total — итог."),
        field("node_name", "string", "Направление или показатель", "Название в этом году."),
        field("scope", "string", "Идентификатор охвата", "all, тип организаций или территориальная единица."),
        field("scope_label", "string", "Охват", "Охват словами."),
        field("measure", "string", "Код измерения", "summary, share_at_level или indicator_value."),
        field("measure_label", "string", "Что измеряется", "Способ измерения словами."),
        field("level", "string", "Уровень", "Для share_at_level: уровень, не ниже которого считается доля."),
        field("baseline_year", "integer", "Базовый год", "Год отсчёта."),
        field("target_year", "integer", "Целевой год", "Год, к которому цель должна быть достигнута."),
        field("target", "number", "Целевое значение", "Цель."),
        YEAR,
        field("actual", "number", "Фактическое значение", "Значение в этом году, 2 знака; пусто — нет значения."),
        flag("achieved", "Достигнута", "Только в строке целевого года: достигнута ли цель."),
    ],
    "primaryKey": ["goal_id", "year"],
    "missingValues": [""],
}
PRACTICES_SCHEMA = {
    "fields": [
        YEAR,
        DIRECTION_ID,
        DIRECTION_NAME,
        field("org_id", "string", "Идентификатор организации", "Организация.", required=True),
        ORG_NAME,
        KIND,
        KIND_LABEL,
        flag(
            "best_practice",
            "Источник лучшей практики",
            "Высший уровень по направлению в этом и в предыдущем году с баллом, без ухудшения.",
        ),
        field("score", "number", "Балл", "Балл организации по направлению в этом году, 2 знака."),
        field("previous_year", "integer", "Предыдущий год", "Предыдущий год с баллом по направлению."),
        field("title", "string", "Практика", "Из practices.csv; пусто — практика не описана."),
        field("description", "string", "Описание", "Из practices.csv."),
        field("link", "string", "Ссылка", "Из practices.csv."),
    ],
    "missingValues": [""],
}
