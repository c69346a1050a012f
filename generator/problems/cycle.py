"""Codes of the group «Меры, цели и практики» (issue 12): the rules of the
management cycle's files (methodology.md, rules 9-13), checked in
generator/cyclecheck.py: measures.csv and practices.csv of a year, and
data/goals.csv. The section measure_forms of monitoring.yml is checked with the
other settings (monitoring.py)."""

from __future__ import annotations

from generator.problems.catalogue import Example, define

G = "cycle"
MEASURES = "data/2024/measures.csv"
PRACTICES = "data/2024/practices.csv"
GOALS = "data/goals.csv"

# --- measures (rule 9) ------------------------------------------------------------------

MEASURE_UNKNOWN_ORGANIZATION = define(
    "measure-unknown-organization",
    G,
    "Мера для организации, которой нет в этом году",
    "Мера года принимается по результатам этого года, поэтому org_id называет организацию из organizations.csv "
    "того же года; пустой org_id — муниципальная мера.",
    "организации нет в organizations.csv этого года.{maybe}",
    "укажите идентификатор организации из organizations.csv этого года или оставьте org_id пустым, если мера "
    "муниципальная.",
    Example(MEASURES, row=3, column="org_id", value="sch-99", params={"maybe": " Может быть, sch-09?"}),
)
MEASURE_UNKNOWN_DIRECTION = define(
    "measure-unknown-direction",
    G,
    "Мера по направлению, которого нет в этом году",
    "direction_id меры называет направление из directions.csv того же года или total — итог.",
    "направления нет в directions.csv этого года.{maybe}",
    "укажите идентификатор направления из directions.csv этого года или total, если мера касается итога.",
    Example(MEASURES, row=4, column="direction_id", value="kadry", params={"maybe": " Может быть, staff?"}),
)
MEASURE_BAD_DATE = define(
    "measure-bad-date",
    G,
    "Несуществующая дата",
    "Даты начала и срока записываются как ГГГГ-ММ-ДД и должны существовать в календаре.",
    "такой даты нет в календаре.",
    "исправьте дату: год-месяц-день, например 2024-09-30.",
    Example(MEASURES, row=5, column="due", value="2024-02-30"),
)
MEASURE_DUE_BEFORE_START = define(
    "measure-due-before-start",
    G,
    "Срок меры раньше её начала",
    "Срок выполнения (due) не может быть раньше даты начала (start).",
    "срок {due} раньше даты начала {start}.",
    "исправьте дату начала или срок.",
    Example(MEASURES, row=6, column="due", value="2024-03-01", params={"due": "2024-03-01", "start": "2024-09-01"}),
)
MEASURE_UNKNOWN_FORM = define(
    "measure-unknown-form",
    G,
    "Форма меры не указана в monitoring.yml",
    "Столбец form называет форму из раздела measure_forms в monitoring.yml (идентификатор: название).",
    "формы нет в разделе measure_forms в monitoring.yml.{maybe}",
    "используйте одну из форм: {forms}; новую форму сначала добавьте в measure_forms (идентификатор: название).",
    Example(
        MEASURES,
        row=3,
        column="form",
        value="kursy",
        params={"maybe": " Может быть, courses?", "forms": "courses, plan"},
    ),
)
MEASURE_UNKNOWN_STATUS = define(
    "measure-unknown-status",
    G,
    "Неизвестный статус меры",
    "Статус меры — одно из четырёх слов: planned, in_progress, done, cancelled.",
    "такого статуса нет.{maybe}",
    "укажите planned (запланирована), in_progress (выполняется), done (выполнена) или cancelled (отменена).",
    Example(MEASURES, row=7, column="status", value="готово", params={"maybe": ""}),
)
MEASURE_PERSONAL_NAME = define(
    "measure-personal-name",
    G,
    "ФИО в столбце «ответственный»",
    "Ответственный за меру — орган или должность; фамилии и инициалы публикуются, только если в monitoring.yml "
    "указано publish_personal_names: true.",
    "в столбце responsible похоже на фамилию и инициалы человека.",
    "укажите орган или должность (например, «ИМЦ» или «заместитель директора по УВР») или, если ФИО можно "
    "публиковать, укажите publish_personal_names: true в monitoring.yml.",
    Example(MEASURES, row=8, column="responsible", value="Петрова А. В."),
)
MEASURE_CARRIED = define(
    "measure-carried-unconfirmed",
    G,
    "Перенесённая мера не проверена",
    "new-year переносит в новый год незавершённые меры прошлого года и отмечает их годом в столбце carried_from. "
    "Пока отметка стоит, год публиковать нельзя: сотрудник должен проверить статус, сроки и ответственного.",
    "мера перенесена из {year} года и ещё не проверена.",
    "проверьте статус, сроки и ответственного (или удалите строку, если мера больше не нужна) и очистите "
    "ячейку carried_from; опубликовать год можно только после этого.",
    Example(MEASURES, row=9, column="carried_from", value="2023", params={"year": 2023}),
)

# --- practices (rule 13) -----------------------------------------------------------------

PRACTICE_UNKNOWN_ORGANIZATION = define(
    "practice-unknown-organization",
    G,
    "Практика организации, которой нет в этом году",
    "org_id практики называет организацию из organizations.csv того же года.",
    "организации нет в organizations.csv этого года.{maybe}",
    "укажите идентификатор организации из organizations.csv этого года.",
    Example(PRACTICES, row=2, column="org_id", value="sch-99", params={"maybe": ""}),
)
PRACTICE_UNKNOWN_DIRECTION = define(
    "practice-unknown-direction",
    G,
    "Практика по направлению, которого нет в этом году",
    "Лучшие практики выделяются по направлениям (не по итогу): direction_id называет направление из "
    "directions.csv того же года.",
    "направления нет в directions.csv этого года.{maybe}",
    "укажите идентификатор направления из directions.csv этого года (total здесь не подходит).",
    Example(PRACTICES, row=3, column="direction_id", value="total", params={"maybe": ""}),
)
PRACTICE_BAD_LINK = define(
    "practice-bad-link",
    G,
    "Ссылка на практику — не адрес сайта",
    "Ссылка ведёт на материалы практики в интернете: адрес начинается с http:// или https://.",
    "ссылка не подходит: {why}.",
    "укажите полный адрес, например https://school1.example.ru/practice, или оставьте ячейку пустой.",
    Example(PRACTICES, row=2, column="link", value="school1.ru", params={"why": "адрес должен начинаться с https://"}),
)

# --- goals (rule 12) ---------------------------------------------------------------------

GOAL_UNKNOWN_MEASURE = define(
    "goal-unknown-measure",
    G,
    "Неизвестный способ измерения цели",
    "measure цели — summary (свод, средний балл), share_at_level (доля организаций с уровнем не ниже level) "
    "или indicator_value (муниципальное значение показателя).",
    "такого способа измерения нет.",
    "укажите summary, share_at_level или indicator_value.",
    Example(GOALS, row=2, column="measure", value="average"),
)
GOAL_UNKNOWN_NODE = define(
    "goal-unknown-node",
    G,
    "Цель по направлению, которого нет",
    "Для summary и share_at_level node_id — направление из directions.csv (хотя бы одного года) или total.",
    "такого направления нет ни в одном году.{maybe}",
    "укажите идентификатор направления или total; для показателя укажите measure indicator_value.",
    Example(GOALS, row=3, column="node_id", value="kadry", params={"maybe": ""}),
)
GOAL_UNKNOWN_INDICATOR = define(
    "goal-unknown-indicator",
    G,
    "Цель по показателю, которого нет",
    "Для indicator_value node_id — показатель из indicators.csv (хотя бы одного года).",
    "такого показателя нет ни в одном году.{maybe}",
    "укажите идентификатор показателя из indicators.csv.",
    Example(GOALS, row=4, column="node_id", value="ind-99", params={"maybe": ""}),
)
GOAL_UNKNOWN_SCOPE = define(
    "goal-unknown-scope",
    G,
    "Неизвестный охват цели",
    "scope цели — all (все организации), тип организаций из monitoring.yml или территориальная единица из "
    "territories.csv.",
    "такого охвата нет.",
    "укажите all, один из типов ({kinds}) или идентификатор территориальной единицы.",
    Example(GOALS, row=5, column="scope", value="schools", params={"kinds": "general, preschool, additional"}),
)
GOAL_UNKNOWN_LEVEL = define(
    "goal-unknown-level",
    G,
    "Уровень цели неизвестен",
    "Цель share_at_level считает долю организаций с уровнем level или выше, поэтому level — уровень из "
    "levels.csv (хотя бы одного года).",
    "такого уровня нет в levels.csv.{maybe}",
    "укажите уровень из levels.csv: {levels}.",
    Example(GOALS, row=6, column="level", value="top", params={"maybe": "", "levels": "high, medium, low"}),
)
GOAL_NO_LEVEL = define(
    "goal-no-level",
    G,
    "У цели share_at_level не указан уровень",
    "Цель share_at_level считает долю организаций с уровнем level или выше; без уровня её не посчитать.",
    "для measure share_at_level не указан level.",
    "укажите уровень из levels.csv: {levels}.",
    Example(GOALS, row=6, column="level", params={"levels": "high, medium, low"}),
)
GOAL_YEAR_OUTSIDE = define(
    "goal-year-outside",
    G,
    "Год цели вне данных",
    "Базовый и целевой годы цели — годы, папки которых есть в data/.",
    "папки {year} нет в data/.",
    "укажите год, данные которого есть в data/: {years}.",
    Example(GOALS, row=7, column="target_year", value="2030", params={"year": 2030, "years": "2022, 2023, 2024"}),
)
GOAL_TARGET_BEFORE_BASELINE = define(
    "goal-target-before-baseline",
    G,
    "Целевой год раньше базового",
    "Цель достигается к целевому году, который не раньше базового.",
    "целевой год {target} раньше базового {baseline}.",
    "исправьте baseline_year или target_year.",
    Example(GOALS, row=8, column="target_year", value="2022", params={"target": 2022, "baseline": 2023}),
)
