"""Codes of the group «Дополнения к методике» (issue 11): the rules of the
contract's optional columns and resources, checked in generator/extensions.py:
groups, points share, pooled values, territories, targeted recommendations and
directions without indicators. Their settings in monitoring.yml (bodies,
groups, rank_decimals) are checked with the other settings (monitoring.py)."""

from __future__ import annotations

from generator.problems.catalogue import Example, define

G = "extensions"
ORGS = "data/2025/organizations.csv"
DIRS = "data/2025/directions.csv"
INDS = "data/2025/indicators.csv"
VALUES = "data/2025/values.csv"
RECS = "data/2025/recommendations.csv"
TERRS = "data/2025/territories.csv"

# --- groups ---------------------------------------------------------------------------

UNKNOWN_GROUP = define(
    "unknown-group",
    G,
    "Группа не указана в monitoring.yml",
    "Столбец groups (у организаций и у показателей) перечисляет группы из раздела groups в monitoring.yml.",
    "группа не указана в monitoring.yml.",
    "используйте группы из раздела groups в monitoring.yml: {groups}, через «;»; новую группу сначала добавьте "
    "туда (идентификатор: название).",
    Example(ORGS, row=4, column="groups", value="shnor", params={"groups": "rural, small"}),
)
NOT_APPLICABLE_GROUP = define(
    "not-applicable-group",
    G,
    "Показатель не применяется к группе организации",
    "Показатель со столбцом groups применяется только к организациям, входящим хотя бы в одну из этих групп.",
    "показатель применяется только к организациям групп {groups}, а эта организация в них не входит.",
    "удалите строку или добавьте организации группу в столбце groups файла organizations.csv.",
    Example(VALUES, row=12, column="indicator_id", value="shnor-plan", params={"groups": "shnor"}),
)

# --- points share (rule 3b) -------------------------------------------------------------------

POINTS_SHARE_NOT_POINTS = define(
    "points-share-not-points",
    G,
    "В направлении с долей баллов показатель не в баллах",
    "Балл направления с aggregation: points_share — 100 × сумма баллов / сумма максимальных баллов всех "
    "показателей ниже него; поэтому каждый такой показатель должен быть в баллах (unit points, метод points, "
    "с max_points).",
    "показатель входит в направление {direction} с aggregation: points_share, но он не в баллах.",
    "укажите unit points и max_points (метод points) или у направления {direction} оставьте aggregation пустым "
    "(взвешенное среднее).",
    Example(INDS, row=7, column="unit", value="percent", params={"direction": "cycle-preschool"}),
)

# --- pooled municipal value (rule 7b) -----------------------------------------------------------

POOLED_NOT_PERCENT = define(
    "pooled-not-percent",
    G,
    "Общая доля — только для процентов",
    "municipal: pooled считает муниципальное значение как 100 × сумма числителей / сумма знаменателей; "
    "это доля, поэтому единица показателя — percent.",
    "municipal: pooled указан у показателя с единицей {unit}.",
    "укажите unit percent или оставьте столбец municipal пустым.",
    Example(INDS, row=5, column="municipal", value="pooled", params={"unit": "count"}),
)
POOLED_VALUE = define(
    "pooled-value",
    G,
    "У показателя с общей долей заполнено value",
    "Для показателя с municipal: pooled значение организации считается само: 100 × numerator / denominator.",
    "у показателя с municipal: pooled заполнен столбец value.",
    "перенесите данные в numerator (числитель) и denominator (знаменатель), а value оставьте пустым.",
    Example(VALUES, row=9, column="value", value="42.5"),
)
POOLED_HALF = define(
    "pooled-half",
    G,
    "Заполнена только часть доли",
    "Для показателя с municipal: pooled заполняются оба столбца, numerator и denominator, или ни одного "
    "(значение не представлено).",
    "заполнен {given}, а {missing} пуст.",
    "заполните {missing} или очистите оба столбца, если значение не представлено.",
    Example(VALUES, row=9, column="denominator", params={"given": "numerator", "missing": "denominator"}),
)
POOLED_ZERO = define(
    "pooled-denominator-zero",
    G,
    "Знаменатель равен 0",
    "Доля 100 × numerator / denominator не определена при знаменателе 0.",
    "знаменатель равен 0.",
    "укажите знаменатель больше 0; если в организации нет ни одного человека, которого считают, очистите "
    "numerator и denominator (значение не представлено).",
    Example(VALUES, row=9, column="denominator", value="0"),
)
POOLED_OVER = define(
    "pooled-numerator-over",
    G,
    "Числитель больше знаменателя",
    "Доля не может превышать 100 %: числитель — часть знаменателя.",
    "числитель больше знаменателя ({denominator}).",
    "проверьте числа: numerator — сколько из denominator, он не больше знаменателя.",
    Example(VALUES, row=9, column="numerator", value="130", params={"denominator": "120"}),
)
NOT_POOLED_FRACTION = define(
    "not-pooled-fraction",
    G,
    "Числитель или знаменатель у обычного показателя",
    "numerator и denominator заполняются только у показателей с municipal: pooled; у остальных — value.",
    "показатель не отмечен municipal: pooled, а у него заполнен {name}.",
    "перенесите значение в value или отметьте показатель municipal: pooled в indicators.csv.",
    Example(VALUES, row=9, column="numerator", value="12", params={"name": "numerator"}),
)

# --- territories (rule 7c) ------------------------------------------------------------------

UNKNOWN_TERRITORY = define(
    "unknown-territory",
    G,
    "Территориальная единица не найдена",
    "Столбец territory организации называет единицу из territories.csv того же года.",
    "территориальная единица не найдена в {where}.",
    "укажите id единицы из territories.csv этого года или добавьте её туда (id, name, kind, parent_id).",
    Example(ORGS, row=3, column="territory", value="north", params={"where": "territories.csv"}),
)
UNKNOWN_TERRITORY_PARENT = define(
    "unknown-territory-parent",
    G,
    "Вышестоящая территориальная единица не найдена",
    "parent_id называет единицу из того же файла territories.csv; пусто — единица верхнего уровня.",
    "вышестоящая единица не найдена в territories.csv.",
    "укажите id существующей единицы или оставьте ячейку пустой для единицы верхнего уровня.",
    Example(TERRS, row=4, column="parent_id", value="krai"),
)
TERRITORY_CYCLE = define(
    "territory-cycle",
    G,
    "Территориальные единицы образуют цикл",
    "Поднимаясь от единицы по вышестоящим, нужно дойти до единицы верхнего уровня; здесь путь замыкается.",
    "территориальные единицы образуют цикл: {path}.",
    "исправьте parent_id так, чтобы, поднимаясь по вышестоящим единицам, можно было дойти до единицы с пустым "
    "parent_id.",
    Example(TERRS, row=2, column="parent_id", value="city", params={"path": "city → district → city"}),
)

# --- targeted recommendations (rule 8b) ---------------------------------------------------------

UNKNOWN_RECOMMENDATION_KIND = define(
    "unknown-recommendation-kind",
    G,
    "Тип организаций рекомендации не указан в monitoring.yml",
    "Столбец kinds рекомендации перечисляет типы из monitoring.yml, организациям которых она адресована.",
    "тип организации не указан в monitoring.yml.",
    "используйте типы из monitoring.yml: {kinds}, через «;»; пустая ячейка — рекомендация для всех типов.",
    Example(RECS, row=3, column="kinds", value="school", params={"kinds": "general, preschool, additional"}),
)
UNKNOWN_AUDIENCE = define(
    "unknown-audience",
    G,
    "Адресат рекомендации не найден",
    "audience — organization (организациям), municipality (муниципалитету), идентификатор органа из раздела "
    "bodies в monitoring.yml, или пусто (организациям и муниципалитету).",
    "адресат рекомендации не найден.",
    "укажите organization, municipality{bodies} или оставьте ячейку пустой; новый орган сначала добавьте в раздел "
    "bodies файла data/monitoring.yml.",
    Example(RECS, row=5, column="audience", value="commission", params={"bodies": ", attestation, founder"}),
)
UNKNOWN_NODE = define(
    "unknown-recommendation-direction",
    G,
    "Направление рекомендации не найдено",
    "Рекомендация относится к направлению из directions.csv того же года или к итогу (total).",
    "направление не найдено в directions.csv.",
    "укажите id направления из directions.csv этого года или total — рекомендация по итоговому баллу.",
    Example(RECS, row=2, column="direction_id", value="sys-none"),
)

# --- directions without indicators (issue 11, item 10) ----------------------------------------------

EMPTY_DIRECTION = define(
    "empty-direction",
    G,
    "В направлении нет ни одного показателя",
    "Балл направления складывается из показателей ниже него; направление без показателей на любой глубине "
    "никогда не получит балла, и его рекомендации никому не дойдут.",
    "в направлении {id} нет ни одного показателя (ни в нём, ни в его поднаправлениях).",
    "добавьте показатели с direction_id {id} (или в его поднаправления) в indicators.csv этого года или удалите "
    "направление из directions.csv.",
    Example(DIRS, row=6, column="id", value="track-empty", params={"id": "track-empty"}),
)
DIRECTION_NAMED_TOTAL = define(
    "direction-named-total",
    G,
    "Направление с идентификатором total",
    "total — итоговый балл: так его называют баллы, выгрузки и столбец direction_id рекомендаций; направление "
    "с таким идентификатором было бы не отличить от итога.",
    "идентификатор total занят итоговым баллом.",
    "дайте направлению другой идентификатор, например total-block, и исправьте ссылки на него в indicators.csv, "
    "directions.csv и recommendations.csv.",
    Example(DIRS, row=4, column="id", value="total"),
)
