"""Codes of the group «Правила методики»: the rules between the tables of a
year that a Table Schema cannot express (validate.py) and the limits on the
shape of a year's data (structure.py)."""

from __future__ import annotations

from generator.problems.catalogue import Example, define

G = "rules"
INDS = "data/2025/indicators.csv"
VALUES = "data/2025/values.csv"
DIRS = "data/2025/directions.csv"

UNKNOWN_KIND = define(
    "unknown-kind",
    G,
    "Тип организации не указан в monitoring.yml",
    "Тип организации (kind) — один из типов раздела kinds в monitoring.yml.",
    "тип организации не указан в monitoring.yml.{maybe}",
    "используйте один из типов: {kinds}; новый тип сначала добавьте в data/monitoring.yml (раздел kinds).",
    Example(
        "data/2025/organizations.csv",
        row=2,
        column="kind",
        value="generl",
        params={"kinds": "general, preschool, additional", "maybe": " Может быть, general?"},
    ),
)
UNKNOWN_INDICATOR_KIND = define(
    "unknown-indicator-kind",
    G,
    "Тип организаций показателя не указан в monitoring.yml",
    "Столбец kinds показателя перечисляет типы из monitoring.yml, к которым показатель применяется.",
    "тип организации не указан в monitoring.yml.{maybe}",
    "используйте типы из monitoring.yml: {kinds}, через «;»; пустая ячейка — показатель для всех типов.",
    Example(
        INDS,
        row=4,
        column="kinds",
        value="prescool",
        params={"kinds": "general, preschool, additional", "maybe": " Может быть, preschool?"},
    ),
)
UNKNOWN_PARENT = define(
    "unknown-parent",
    G,
    "Родительское направление не найдено",
    "parent_id называет направление из того же файла directions.csv; пустая ячейка — направление верхнего уровня.",
    "родительское направление не найдено в directions.csv.{maybe}",
    "укажите id существующего направления или оставьте ячейку пустой для направления верхнего уровня.",
    Example(DIRS, row=3, column="parent_id", value="sys-vsok", params={"maybe": " Может быть, sys-vsoko?"}),
)
CYCLE = define(
    "cycle",
    G,
    "Направления образуют цикл",
    "Поднимаясь от направления по родителям, нужно дойти до направления верхнего уровня; здесь путь замыкается.",
    "направления образуют цикл: {path}.",
    "исправьте parent_id так, чтобы, поднимаясь по родителям, можно было дойти до направления верхнего уровня "
    "(с пустым parent_id).",
    Example(
        DIRS, row=2, column="parent_id", value="sys-vsoko", params={"path": "track-quality → sys-vsoko → track-quality"}
    ),
)
UNKNOWN_DIRECTION = define(
    "unknown-direction",
    G,
    "Направление не найдено",
    "Показатели и рекомендации относятся к направлениям из directions.csv того же года.",
    "направление не найдено в directions.csv.{maybe}",
    "укажите id направления из directions.csv этого года.",
    Example(INDS, row=2, column="direction_id", value="sys-none", params={"maybe": ""}),
)
POINTS_WITHOUT_MAX = define(
    "points-without-max",
    G,
    "Нет максимального балла",
    "Показатель в баллах оценивается долей от максимального балла; без него баллы не посчитать.",
    "для метода points (единица points) не указан максимальный балл.",
    "заполните max_points — наибольший возможный балл по показателю.",
    Example(INDS, row=3, column="max_points"),
)
TARGET_MISSING = define(
    "target-missing",
    G,
    "Нет целевого значения",
    "Метод target сравнивает значение с целевым; без него показатель не оценить.",
    "для метода target не указано целевое значение.",
    "заполните target — значение, при котором показатель выполнен на 100%.",
    Example(INDS, row=6, column="target"),
)
MAX_POINTS_IGNORED = define(
    "max-points-ignored",
    G,
    "Максимальный балл не учитывался бы",
    "max_points используется только методом points; при другом методе заполненная ячейка — вероятно, ошибка.",
    "максимальный балл указан, но метод оценки показателя не points: значение не учитывалось бы.",
    "очистите max_points или укажите method = points.",
    Example(INDS, row=7, column="max_points", value="10"),
)
TARGET_IGNORED = define(
    "target-ignored",
    G,
    "Целевое значение не учитывалось бы",
    "target используется только методом target; при другом методе заполненная ячейка — вероятно, ошибка.",
    "целевое значение указано, но метод оценки показателя не target: значение не учитывалось бы.",
    "очистите target или укажите method = target.",
    Example(INDS, row=5, column="target", value="90"),
)
TARGET_ZERO = define(
    "target-zero",
    G,
    "Целевое значение 0",
    "Когда больше — лучше, цель 0 выполнена при любом значении.",
    "целевое значение 0 при «чем больше, тем лучше» не имеет смысла.",
    "укажите целевое значение больше 0.",
    Example(INDS, row=6, column="target", value="0"),
)
BOOLEAN_METHOD = define(
    "boolean-method",
    G,
    "Метод boolean не соответствует единице",
    "Показатель «да/нет» (единица boolean) оценивается методом boolean, и только он.",
    "метод boolean применяется только к единице boolean и наоборот.",
    "для единицы boolean оставьте метод пустым или boolean; для других единиц выберите points, ratio_to_best "
    "или target.",
    Example(INDS, row=2, column="method", value="points"),
)
BOOLEAN_LOWER_IS_BETTER = define(
    "boolean-lower-is-better",
    G,
    "«Да/нет» с направленностью «меньше — лучше»",
    "У показателя «да/нет» лучший ответ — «да».",
    "для показателя «да/нет» направленность lower_is_better не поддерживается.",
    "сформулируйте показатель так, чтобы «да» было лучше, и оставьте polarity пустым.",
    Example(INDS, row=2, column="polarity", value="lower_is_better"),
)
PERCENT_TARGET = define(
    "percent-target",
    G,
    "Целевое значение процента больше 100",
    "Процент записывается числом от 0 до 100; цель больше 100 недостижима.",
    "целевое значение процента больше 100.",
    "укажите целевое значение от 0 до 100.",
    Example(INDS, row=6, column="target", value="120"),
)
THRESHOLD_PRECISION = define(
    "threshold-precision",
    G,
    "Порог уровня точнее сотых",
    "Баллы и пороги публикуются с двумя знаками после запятой; более точный порог дал бы уровень, "
    "который противоречит опубликованным числам.",
    "порог задан точнее, чем до сотых: баллы и пороги публикуются с двумя знаками после запятой, "
    "и уровень мог бы противоречить опубликованным баллу и порогу.",
    "округлите порог до двух знаков после запятой, например {rounded}.",
    Example("data/2025/levels.csv", row=3, column="min_score", value="66.665", params={"rounded": "66.67"}),
)
NO_ZERO_LEVEL = define(
    "levels",
    G,
    "Нет уровня с порогом 0",
    "Каждый балл от 0 получает уровень, поэтому у самого низкого уровня нижняя граница 0.",
    "нет уровня с нижней границей 0: баллы ниже {lowest} остались бы без уровня.",
    "задайте min_score = 0 для самого низкого уровня.",
    Example("data/2025/levels.csv", row=4, column="min_score", value="10", params={"lowest": "10"}),
)
UNKNOWN_LEVEL = define(
    "unknown-level",
    G,
    "Уровень не найден",
    "Рекомендация называет уровни из levels.csv того же года.",
    "уровень не найден в levels.csv.{maybe}",
    "используйте уровни из levels.csv этого года: {levels}, через «;».",
    Example(
        "data/2025/recommendations.csv",
        row=2,
        column="levels",
        value="hihg",
        params={"levels": "high, low, middle", "maybe": " Может быть, high?"},
    ),
)
UNKNOWN_ORGANIZATION = define(
    "unknown-organization",
    G,
    "Организация не найдена",
    "Значения относятся к организациям из organizations.csv того же года.",
    "организация не найдена в organizations.csv этого года.{maybe}",
    "проверьте id (его пишут так же, как в organizations.csv) или добавьте организацию в organizations.csv.",
    Example(VALUES, row=2, column="org_id", value="sch-2", params={"maybe": " Может быть, sch-02?"}),
)
UNKNOWN_INDICATOR = define(
    "unknown-indicator",
    G,
    "Показатель не найден",
    "Значения относятся к показателям из indicators.csv того же года.",
    "показатель не найден в indicators.csv этого года.{maybe}",
    "проверьте id (его пишут так же, как в indicators.csv) или добавьте показатель в indicators.csv.",
    Example(VALUES, row=2, column="indicator_id", value="no-such-indicator", params={"maybe": ""}),
)
NOT_APPLICABLE = define(
    "not-applicable",
    G,
    "Показатель не применяется к типу организации",
    "Показатель применяется только к типам организаций из своего столбца kinds.",
    "показатель не применяется к организациям этого типа (см. столбец kinds в indicators.csv и kind "
    "в organizations.csv).",
    "удалите строку или исправьте тип организации либо список kinds показателя.",
    Example(VALUES, row=288, column="indicator_id", value="fed-objectivity"),
)
PERCENT_RANGE = define(
    "percent-range",
    G,
    "Процент вне диапазона от 0 до 100",
    "Значение показателя в процентах — число от 0 до 100.",
    "процент должен быть от 0 до 100.",
    "укажите процент числом от 0 до 100 без знака «%»; если записана доля (0.85), умножьте на 100.",
    Example(VALUES, row=7, column="value", value="100.5"),
)
COUNT_NEGATIVE = define(
    "count-negative",
    G,
    "Отрицательное количество",
    "Количество не бывает меньше нуля.",
    "количество не может быть отрицательным.",
    "укажите целое число не меньше 0.",
    Example(VALUES, row=11, column="value", value="-1"),
)
COUNT_NOT_INTEGER = define(
    "count-not-integer",
    G,
    "Количество — не целое число",
    "Показатель в единице count — количество, целое число.",
    "количество должно быть целым числом.",
    "укажите целое число, например 12; если показатель дробный, измените его единицу в indicators.csv на number "
    "или percent.",
    Example(VALUES, row=11, column="value", value="2.5"),
)
BOOLEAN_VALUE = define(
    "boolean-value",
    G,
    "«Да/нет» — не 1 и не 0",
    "Значение показателя «да/нет» — 1 (да) или 0 (нет).",
    "для показателя «да/нет» допустимы только 1 и 0.",
    "укажите 1 (да) или 0 (нет).",
    Example(VALUES, row=2, column="value", value="2"),
)
POINTS_NEGATIVE = define(
    "points-negative",
    G,
    "Отрицательные баллы",
    "Баллы показателя — от 0 до его максимального балла.",
    "баллы не могут быть отрицательными.",
    "укажите балл от 0 до max_points показателя.",
    Example(VALUES, row=3, column="value", value="-1"),
)
POINTS_OVER_MAX = define(
    "points-over-max",
    G,
    "Баллов больше максимума",
    "Баллы показателя не больше его максимального балла (max_points в indicators.csv).",
    "баллов больше максимума {max} (max_points в indicators.csv).",
    "проверьте значение и максимальный балл показателя (max_points в indicators.csv).",
    Example(VALUES, row=3, column="value", value="7", params={"max": "6"}),
)
NUMBER_NEGATIVE = define(
    "number-negative",
    G,
    "Отрицательное значение",
    "Показатель, оцениваемый по отношению к лучшему, требует неотрицательных значений.",
    "значение не может быть отрицательным: оценка по отношению к лучшему требует неотрицательных значений.",
    "укажите число не меньше 0.",
    Example(VALUES, row=18, column="value", value="-0.5"),
)
RESERVED_ID = define(
    "reserved-id",
    G,
    "Занятый id",
    "Страницы организаций, направлений, показателей и территорий называются по их id; id, совпадающий с именем "
    "служебной страницы или папки сайта, заменил бы её.",
    "id «{id}» занят: так называется служебная страница или папка сайта, "
    "и страница {what} заменила бы её (или она — страницу {what}).",
    "выберите другой id, например «{id}-1», и замените его везде, где он встречается "
    "в таблицах этого года (values.csv, indicators.csv, recommendations.csv). Занятые id: {reserved}.",
    Example(
        "data/2025/organizations.csv",
        row=5,
        column="id",
        value="index",
        params={"id": "index", "what": "организации", "reserved": "about, assets, …"},
    ),
)
TREE_DEPTH = define(
    "tree-depth",
    G,
    "Слишком глубокое дерево направлений",
    "Дерево направлений имеет ограниченное число уровней, чтобы страницы оставались обозримыми.",
    "направление на {level}-м уровне вложенности, а дерево направлений может иметь "
    "не больше {limit} уровней (направление с пустым parent_id — 1-й уровень); "
    "направлений глубже {limit}-го уровня в файле: {count}, это первое из них.",
    "поднимите направления выше: укажите в parent_id направление не глубже {above}-го уровня "
    "или объедините промежуточные уровни.",
    Example(DIRS, row=10, column="parent_id", value="d-8", params={"level": 9, "limit": 8, "count": 1, "above": 7}),
)
TOO_MANY_DIRECTIONS = define(
    "too-many-directions",
    G,
    "Слишком много направлений",
    "В году есть предел числа направлений, чтобы страницы оставались обозримыми и собирались быстро.",
    "в файле {count} направлений, а в году может быть не больше {limit}; это первая строка сверх предела.",
    "объедините мелкие направления; показатели можно перенести в общее направление (direction_id в indicators.csv).",
    Example(DIRS, row=502, column="id", value="d-501", params={"count": 520, "limit": 500}),
)
TOO_MANY_INDICATORS = define(
    "too-many-indicators",
    G,
    "Слишком много показателей",
    "В году есть предел числа показателей, чтобы страницы оставались обозримыми и собирались быстро.",
    "в файле {count} показателей, а в году может быть не больше {limit}; это первая строка сверх предела.",
    "оставьте в году не больше показателей, чем предел; объедините близкие показатели.",
    Example(INDS, row=2002, column="id", value="i-2001", params={"count": 2100, "limit": 2000}),
)
UNFILLED = define(
    "unfilled",
    G,
    "Год не заполнен",
    "У организации нет ни одного значения за год: так выглядит год, начатый командой new-year и не заполненный; "
    "он опубликовался бы нулями.",
    "в {year} году у {n} {word} нет ни одного значения: {shown}{whole}.",
    "заполните values.csv или удалите организацию из organizations.csv этого года; незаполненный год не публикуется.",
    Example(
        VALUES,
        row=2,
        column="value",
        params={
            "year": 2025,
            "n": 2,
            "word": "организаций",
            "shown": "sch-01, sch-02",
            "whole": " — их данные не заполнены",
        },
    ),
)
UNREPORTED = define(
    "unreported",
    G,
    "Не представлено слишком много значений",
    "Год публикуется, только если не представлено не больше unreported_limit процентов применимых значений "
    "(monitoring.yml, по умолчанию 20 %): иначе итоги опубликовались бы по неполным данным. Считаются пары "
    "«организация — показатель», где показатель применяется к типу организации: строка с пустым значением "
    "или без строки в values.csv — не представлено.",
    "в {year} году не представлено {missing} из {total} применимых значений ({share}) — больше предела "
    "{limit} (unreported_limit в monitoring.yml). Не представлено у {who}: {shown}.",
    "впишите значения в values.csv (или соберите их шаблоном и командой import); если значения действительно не "
    "представлены и год нужно опубликовать так, увеличьте unreported_limit в data/monitoring.yml.",
    Example(
        VALUES,
        row=2,
        column="value",
        params={
            "year": 2025,
            "missing": 120,
            "total": 480,
            "share": "25 %",
            "limit": "20 %",
            "who": "2 организаций",
            "shown": "sch-01 — 16 из 16 (att-1, att-2, att-3, …); dou-02 — 4 из 12 (env-1, env-2, env-3, …)",
        },
    ),
)
