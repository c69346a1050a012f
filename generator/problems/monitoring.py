"""Codes of the group «Настройки monitoring.yml»: the settings that hold for
every year (generator/settings.py)."""

from __future__ import annotations

from generator.problems.catalogue import Example, define

G = "monitoring"
YML = "data/monitoring.yml"

NO_SETTINGS = define(
    "no-settings",
    G,
    "Нет monitoring.yml",
    "Файл data/monitoring.yml задаёт название сайта, типы организаций и правила расчёта для всех лет.",
    "нет файла настроек monitoring.yml.",
    "создайте его по образцу из README.",
    Example(YML),
)
TOO_LARGE = define(
    "settings-too-large",
    G,
    "monitoring.yml слишком велик",
    "В monitoring.yml десяток строк; файл больше предела не читается вовсе: вероятно, сохранён не тот файл.",
    "файл {name} слишком велик (больше {limit} КБ).",
    "в monitoring.yml — десяток строк настроек; проверьте, что сохранён нужный файл.",
    Example(YML, params={"name": YML, "limit": 64}),
)
NOT_YAML = define(
    "settings-not-yaml",
    G,
    "monitoring.yml не читается как YAML",
    "В файле ошибка разметки YAML: отступ табуляцией, пропущенное двоеточие, непарная кавычка или скобка.",
    "файл не читается как YAML.",
    "проверьте отступы (пробелы, не табуляция), двоеточия после ключей и парные кавычки и скобки.",
    Example(YML, row=11),
)
BAD_SCALAR = define(
    "settings-bad-scalar",
    G,
    "Значение похоже на дату или число, но записано неверно",
    "YAML читает значение вида 2025-13-45 как дату, а такой даты нет; текст записывается в кавычках.",
    "значение не читается: оно похоже на дату или число, но записано неверно.",
    "если это текст, заключите значение в кавычки; иначе исправьте его.",
    Example(YML, row=2),
)
NOT_MAPPING = define(
    "settings-not-mapping",
    G,
    "monitoring.yml — не набор «ключ: значение»",
    "Каждая строка файла — параметр и его значение через двоеточие.",
    "ожидается набор «ключ: значение».",
    "см. пример monitoring.yml в README.",
    Example(YML, row=1),
)
DUPLICATE_KEY = define(
    "settings-duplicate-key",
    G,
    "Параметр указан дважды",
    "Из двух значений одного параметра действовало бы последнее, и было бы неясно, какое имелось в виду.",
    "параметр указан дважды.",
    "оставьте одно значение параметра.",
    Example(YML, row=13, column="missing"),
)
DUPLICATE_KIND = define(
    "settings-duplicate-kind",
    G,
    "Тип организации указан дважды",
    "В разделе kinds каждый тип организаций описывается один раз.",
    "тип организации указан дважды.",
    "оставьте одно описание типа.",
    Example(YML, row=9, column="kinds.general"),
)
UNKNOWN_KEY = define(
    "settings-unknown-key",
    G,
    "Неизвестный параметр",
    "В monitoring.yml допустимы только известные генератору параметры; опечатка в имени иначе прошла бы незамеченной.",
    "неизвестный параметр.",
    "допустимые параметры: {allowed}.",
    Example(
        YML,
        row=13,
        column="colour",
        params={"allowed": "title (заголовок сайта), territory (муниципалитет (территория)), …"},
    ),
)
NOT_TEXT = define(
    "settings-not-text",
    G,
    "Ожидается текст",
    "Название, территория, оператор, пометка и адрес сайта — текст; число или список здесь не подходят.",
    "ожидается текст.",
    "заключите значение в кавычки.",
    Example(YML, row=3, column="operator", value="2025"),
)
TOO_LONG = define(
    "settings-too-long",
    G,
    "Текст параметра слишком длинный",
    "Тексты из monitoring.yml выводятся на каждой странице; у каждого параметра есть предел длины.",
    "параметр {name} длиннее {limit} символов (в нём {length}).",
    "сократите текст до {limit} символов.",
    Example(YML, row=1, column="title", value="Мониторинг …", params={"name": "title", "limit": 200, "length": 240}),
)
BAD_URL = define(
    "settings-bad-url",
    G,
    "Недопустимый адрес сайта",
    "site_url — полный адрес опубликованного сайта; по нему строятся ссылки на страницы.",
    "адрес сайта недопустим: {why}.",
    'укажите полный адрес опубликованного сайта, например "https://monitoring.example.ru/": '
    "http:// или https://, имя сайта, без пробелов, кавычек, угловых скобок и обратной косой черты.",
    Example(
        YML,
        row=12,
        column="site_url",
        value="monitoring.example.ru",
        params={"why": "адрес должен начинаться с http:// или https://"},
    ),
)
TITLE_MARKUP = define(
    "settings-title-markup",
    G,
    "Недопустимые символы в заголовке сайта",
    "Заголовок сайта выводится в оформление страниц как есть; знаки разметки в нём не допускаются.",
    'в заголовке сайта недопустимы символы < > " & ` {{ }} и управляющие символы.',
    "уберите их из заголовка; кавычки используйте «ёлочки».",
    Example(YML, row=1, column="title", value='Мониторинг "Школы"'),
)
NOT_BOOLEAN = define(
    "settings-not-boolean",
    G,
    "Ожидается true или false",
    "Параметры demo и publish_personal_names — переключатели: true или false.",
    "ожидается true или false.",
    "напишите true или false.",
    Example(YML, row=5, column="demo", value="да"),
)
BAD_MISSING = define(
    "settings-bad-missing",
    G,
    "Недопустимое значение missing",
    "missing говорит, как считать непредставленное значение: zero или exclude.",
    "недопустимое значение.",
    "zero — непредставленное значение даёт 0 баллов; exclude — не учитывается в средних.",
    Example(YML, row=10, column="missing", value="skip"),
)
BAD_TOLERANCE = define(
    "settings-bad-tolerance",
    G,
    "Недопустимый допуск «стабильно»",
    "stable_tolerance — на сколько баллов может измениться результат, чтобы считаться стабильным; число не меньше 0.",
    "ожидается число не меньше 0.",
    "например 0 или 0.5 — с точкой, без кавычек.",
    Example(YML, row=11, column="stable_tolerance", value="0,5"),
)
BAD_UNREPORTED_LIMIT = define(
    "settings-bad-unreported-limit",
    G,
    "Недопустимый предел непредставленных значений",
    "unreported_limit — сколько процентов применимых значений года может быть не представлено; год, где их больше, "
    "считается незаполненным и не публикуется. Число от 0 до 100, по умолчанию 20.",
    "ожидается число от 0 до 100 (проценты).",
    "например 20 или 12.5 — с точкой, без кавычек и без знака «%».",
    Example(YML, row=12, column="unreported_limit", value="20%"),
)
KINDS_NOT_MAPPING = define(
    "settings-kinds-not-mapping",
    G,
    "Раздел kinds задан неверно",
    "kinds — список типов организаций: на каждой строке идентификатор и название.",
    "ожидается список типов «идентификатор: название».",
    'например, с новой строки и двумя пробелами: general: "Общеобразовательные организации".',
    Example(YML, row=6, column="kinds"),
)
KIND_ID_TOO_LONG = define(
    "settings-kind-id-too-long",
    G,
    "Идентификатор типа слишком длинный",
    "Идентификатор типа организаций входит в таблицы и адреса страниц; у него есть предел длины.",
    "идентификатор типа длиннее {limit} символов (в нём {length}).",
    "сократите идентификатор до {limit} символов.",
    Example(YML, row=7, column="kinds.general-…", value="general-…", params={"limit": 50, "length": 60}),
)
KIND_LABEL_TOO_LONG = define(
    "settings-kind-label-too-long",
    G,
    "Название типа слишком длинное",
    "Название типа организаций выводится на страницах; у него есть предел длины.",
    "название типа длиннее {limit} символов (в нём {length}).",
    "сократите название до {limit} символов.",
    Example(YML, row=7, column="kinds.general", value="Общеобразовательные …", params={"limit": 200, "length": 250}),
)
BAD_KIND = define(
    "settings-bad-kind",
    G,
    "Тип организации задан неверно",
    "Идентификатор типа — строчные латинские буквы, цифры, «-» и «_»; название — непустой текст.",
    "тип организации задан неверно.",
    "идентификатор — строчные латинские буквы, цифры, «-», «_»; название — непустой текст в кавычках.",
    Example(YML, row=8, column="kinds.Pre School", value="Pre School"),
)
BAD_KIND_FORMS = define(
    "settings-bad-kind-forms",
    G,
    "Тип организации задан неверно: label и singular",
    "Тип можно задать названием или парой label (название типа, во множественном числе) и singular "
    "(как назвать одну организацию этого типа: «Тип: общеобразовательная организация»).",
    "в описании типа допустимы только label и singular, оба — текст.",
    'например: general: {{label: "Общеобразовательные организации", singular: "общеобразовательная организация"}}.',
    Example(YML, row=8, column="kinds.general"),
)
BAD_REPOSITORY = define(
    "settings-bad-repository",
    G,
    "Недопустимый адрес репозитория",
    "repository — адрес репозитория с данными (GitHub, GitLab); ссылка на него есть внизу каждой страницы.",
    "адрес репозитория недопустим: {why}.",
    'укажите полный адрес, например "https://github.com/imc-example/monitoring-data".',
    Example(
        YML,
        row=4,
        column="repository",
        value="github.com/imc",
        params={"why": "адрес должен начинаться с http:// или https://"},
    ),
)
CONTACTS_NOT_MAPPING = define(
    "settings-contacts-not-mapping",
    G,
    "Раздел contacts задан неверно",
    "contacts — контакты оператора мониторинга, по одному на строке: вид контакта и его значение.",
    "ожидается список «вид: значение».",
    "допустимые виды контактов: {allowed}.",
    Example(
        YML, row=5, column="contacts", value="imc@example.ru", params={"allowed": "email, phone, address, hours, url"}
    ),
)
BAD_CONTACT = define(
    "settings-bad-contact",
    G,
    "Контакт записан неверно",
    "Контакты выводятся внизу каждой страницы и на странице «О проекте»; почта и телефон должны читаться как почта и"
    " телефон.",
    "контакт записан неверно: {why}.",
    "исправьте значение в разделе contacts.",
    Example(
        YML,
        row=6,
        column="contacts.email",
        value="imc(at)example.ru",
        params={"why": "адрес почты записывается так: imc@example.ru"},
    ),
)
GLOSSARY_NOT_MAPPING = define(
    "settings-glossary-not-mapping",
    G,
    "Раздел glossary задан неверно",
    "glossary — словарь сокращений: на каждой строке сокращение и его расшифровка.",
    "ожидается список «сокращение: расшифровка».",
    'например, с новой строки и двумя пробелами: ОВЗ: "ограниченные возможности здоровья".',
    Example(YML, row=14, column="glossary"),
)
GLOSSARY_TOO_LARGE = define(
    "settings-glossary-too-large",
    G,
    "Слишком много сокращений",
    "Каждое сокращение ищется в тексте каждой страницы; у словаря есть предел.",
    "в словаре {count} сокращений, допустимо не больше {limit}.",
    "оставьте в словаре сокращения, которые встречаются на сайте.",
    Example(YML, row=14, column="glossary", params={"count": 250, "limit": 200}),
)
BAD_ABBREVIATION = define(
    "settings-bad-abbreviation",
    G,
    "Сокращение записано неверно",
    "Сокращение — слово из букв и цифр (ВСОКО, ФИС ОКО, ДПО); внутри допустимы пробел, «-» и точка.",
    "сокращение записано неверно: допустимы буквы, цифры, пробелы, «-» и «.», не длиннее {limit} символов.",
    "запишите сокращение так, как оно пишется в тексте, например ОВЗ.",
    Example(YML, row=15, column="glossary.<ОВЗ>", value="<ОВЗ>", params={"limit": 30}),
)
BAD_EXPANSION = define(
    "settings-bad-expansion",
    G,
    "Нет расшифровки сокращения",
    "Расшифровка показывается в подсказке над сокращением и на странице «Словарь сокращений».",
    "расшифровка сокращения пуста или не текст в одну строку.",
    'напишите расшифровку в кавычках в той же строке: ОВЗ: "ограниченные возможности здоровья".',
    Example(YML, row=15, column="glossary.ОВЗ"),
)
YAML_ANCHOR = define(
    "settings-yaml-anchor",
    G,
    "Якорь YAML в monitoring.yml",
    "Якоря и ссылки YAML (&имя, *имя) не допускаются: через них небольшой файл может развернуться в огромный.",
    "в monitoring.yml не допускаются якоря и ссылки YAML (&имя, *имя).",
    "уберите якорь &имя; значение, на которое он ссылается, впишите целиком там, где оно нужно.",
    Example(YML, row=3, value="&op"),
)
YAML_ALIAS = define(
    "settings-yaml-alias",
    G,
    "Ссылка YAML в monitoring.yml",
    "Якоря и ссылки YAML (&имя, *имя) не допускаются: через них небольшой файл может развернуться в огромный.",
    "в monitoring.yml не допускаются якоря и ссылки YAML (&имя, *имя).",
    "впишите значение целиком вместо ссылки *имя и уберите якорь &имя.",
    Example(YML, row=13, value="*op"),
)
TOO_DEEP = define(
    "settings-too-deep",
    G,
    "Слишком глубокая вложенность",
    "Настройки вкладываются не глубже разделов kinds, bodies и groups; глубокая вложенность — признак испорченного"
    " файла.",
    "слишком глубокая вложенность (больше {limit} уровней).",
    "вложенные разделы в monitoring.yml — kinds, bodies и groups: «идентификатор: название» с отступом "
    "в два пробела; см. пример в README.",
    Example(YML, row=1, params={"limit": 10}),
)
MANY_MORE = define(
    "settings-more",
    G,
    "Ещё ошибки в monitoring.yml",
    "Когда ошибок в monitoring.yml много, показываются первые из них, а остальные пересчитываются одной строкой.",
    "ещё ошибок в этом файле: {rest}, первая из них — в этой строке.",
    "исправьте показанные выше ошибки и запустите проверку снова.",
    Example(YML, row=33, params={"rest": 12}),
)
# bodies, groups and rank_decimals (issue 11)
LABELS_NOT_MAPPING = define(
    "settings-labels-not-mapping",
    G,
    "Раздел bodies, groups или measure_forms задан неверно",
    "bodies (органы, которым адресуются рекомендации), groups (группы организаций) и measure_forms (формы мер) — "
    "списки, на каждой строке идентификатор и название.",
    "раздел {section} задан неверно: ожидается список «идентификатор: название».",
    "например, с новой строки и двумя пробелами: {example}; если раздел не нужен, удалите его.",
    Example(
        YML, row=14, column="groups", params={"section": "groups", "example": 'shnor: "Школы с низкими результатами"'}
    ),
)
BAD_LABEL = define(
    "settings-bad-label",
    G,
    "Орган, группа или форма меры заданы неверно",
    "Идентификатор органа, группы или формы меры — строчные латинские буквы, цифры, «-» и «_», до 50 символов; "
    "название — непустой текст до 200 символов.",
    "{what} задан(а) неверно.",
    "идентификатор — строчные латинские буквы, цифры, «-», «_» (до 50 символов); название — непустой текст "
    "в кавычках (до 200 символов).",
    Example(YML, row=15, column="groups.Сельские", value="Сельские", params={"what": "группа организаций"}),
)
DUPLICATE_LABEL = define(
    "settings-duplicate-label",
    G,
    "Орган, группа или форма меры указаны дважды",
    "В разделах bodies, groups и measure_forms каждый идентификатор описывается один раз.",
    "идентификатор указан в разделе {section} дважды.",
    "оставьте одно описание.",
    Example(YML, row=16, column="groups.rural", params={"section": "groups"}),
)
RESERVED_BODY = define(
    "settings-reserved-body",
    G,
    "Идентификатор органа совпадает со служебным словом",
    "В столбце audience файла recommendations.csv слова organization и municipality означают организации и "
    "муниципалитет, поэтому органу их дать нельзя.",
    "идентификатор органа {id} совпадает со служебным словом столбца audience.",
    "назовите орган иначе, например attestation или founder.",
    Example(YML, row=17, column="bodies.municipality", value="municipality", params={"id": "municipality"}),
)
BAD_RANK_DECIMALS = define(
    "settings-bad-rank-decimals",
    G,
    "Недопустимая точность мест",
    "rank_decimals — до скольких знаков после запятой округляются баллы перед расчётом мест: 0 (целые баллы), 1 "
    "или 2 (по умолчанию). Больше двух нельзя: баллы публикуются с двумя знаками, и равные опубликованные баллы "
    "получали бы разные места.",
    "ожидается целое число 0, 1 или 2.",
    "например rank_decimals: 0 — места по целым баллам; без кавычек.",
    Example(YML, row=12, column="rank_decimals", value="3"),
)
