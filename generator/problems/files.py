"""Codes of the group «Файлы и папки»: the data folder, year folders, the
package description datapackage.json and its resources, and the build."""

from __future__ import annotations

from generator.problems.catalogue import Example, define

G = "files"
PKG = "data/2025/datapackage.json"

NO_DATA = define(
    "no-data",
    G,
    "Нет папки с данными",
    "Генератор читает данные из папки data/ (или из папки, указанной в --data); её нет.",
    "папка с данными не найдена.",
    "укажите папку с данными (--data) или создайте data/ с monitoring.yml и папками лет.",
    Example("data"),
)
YEAR_FOLDER_LINK = define(
    "outside-data",
    G,
    "Папка года — ссылка за пределы data/",
    "Данные читаются только из самой папки data/: папка года, которая ссылается в другое место, не читается.",
    "папка года — символическая ссылка за пределы data/.",
    "положите данные года в саму папку data/.",
    Example("data/2025"),
)
NO_YEARS = define(
    "no-years",
    G,
    "Нет ни одной папки года",
    "Данные каждого года лежат в папке data/<год>; в data/ нет ни одной такой папки.",
    "нет ни одной папки года.",
    "создайте папку года, например data/2025: скопируйте в неё файлы предыдущего года или возьмите образец из README.",
    Example("data"),
)
YEAR_OUT_OF_RANGE = define(
    "year-out-of-range",
    G,
    "Год папки вне допустимого диапазона",
    "Папка названа четырьмя цифрами, но такого года мониторинга быть не может: вероятно, опечатка.",
    "папка названа годом {name}, а годы мониторинга — от {low} до {high}.",
    "проверьте год в названии папки (например data/2025) или уберите папку из data/.",
    Example("data/2150", params={"name": "2150", "low": 2000, "high": 2100}),
)
YEAR_FOREIGN_DIGITS = define(
    "year-foreign-digits",
    G,
    "Год записан цифрами не из набора 0–9",
    "Название папки выглядит как год, но набрано цифрами другой письменности (например, полноширинными); "
    "такая папка не читается, чтобы не появился второй такой же год.",
    "папка названа цифрами не из набора 0–9 (так выглядит {year} в другой записи цифр); "
    "генератор такую папку не читает.",
    "переименуйте папку в {year}, набрав цифры на обычной клавиатуре; "
    "если папка data/{year} уже есть, оставьте только одну из двух.",
    Example("data/２０２５", params={"year": "2025"}),
)
YEAR_NOT_FOUR_DIGITS = define(
    "year-not-four-digits",
    G,
    "Папка названа числом, но не годом",
    "Папка года называется ровно четырьмя цифрами; в названии больше или меньше цифр.",
    "папка названа числом, но не годом из четырёх цифр.",
    "папка каждого года называется четырьмя цифрами 0–9, год от {low} до {high}, например data/2025.",
    Example("data/20251", params={"low": 2000, "high": 2100}),
)
NOT_A_YEAR = define(
    "not-a-year",
    G,
    "Папка в data/ названа не годом",
    "В data/ лежат только monitoring.yml и папки лет; другая папка не читается.",
    "папка в data/ названа не годом.",
    "папка каждого года называется четырьмя цифрами, например data/2025; прочие папки уберите из data/.",
    Example("data/старое"),
)
# A year folder is refused by exactly one of these.
YEAR_FOLDER_CODES = frozenset(
    c.slug for c in (YEAR_OUT_OF_RANGE, YEAR_FOREIGN_DIGITS, YEAR_NOT_FOUR_DIGITS, NOT_A_YEAR)
)

LINK_OUTSIDE = define(
    "link-outside",
    G,
    "Файл — ссылка за пределы папки с данными",
    "Генератор не читает ничего вне папки с данными: файл, который ссылается в другое место, не читается.",
    "файл — символическая ссылка за пределы папки с данными; такие файлы не читаются.",
    "положите сам файл {name} в папку {folder}.",
    Example("data/monitoring.yml", params={"name": "monitoring.yml", "folder": "data/"}),
)
UNREADABLE = define(
    "unreadable",
    G,
    "Файл не читается",
    "Файл есть, но система не даёт его прочитать (например, нет прав доступа).",
    "файл не читается ({reason}).",
    "проверьте права доступа к файлу.",
    Example("data/2025/values.csv", params={"reason": "Permission denied"}),
)
TEXT_ENCODING = define(
    "encoding",
    G,
    "Файл не в кодировке UTF-8",
    "monitoring.yml и datapackage.json сохраняются в кодировке UTF-8; в файле есть байты, которые не являются "
    "текстом UTF-8.",
    "файл не в кодировке UTF-8 (возможно, сохранён в Windows-1251).",
    "сохраните файл в кодировке UTF-8 (в Блокноте: «Сохранить как», кодировка UTF-8).",
    Example("data/monitoring.yml", row=1),
)
JSON_SYNTAX = define(
    "bad-json",
    G,
    "datapackage.json не читается как JSON",
    "В описании пакета ошибка разметки JSON: лишняя или пропущенная запятая, кавычка, скобка.",
    "файл не читается как JSON: {reason} (позиция {position} в строке).",
    "проверьте запятые, кавычки и скобки в этой строке и строкой выше; сравните с datapackage.json предыдущего года.",
    Example(PKG, row=7, params={"reason": "не хватает запятой между элементами", "position": 5}),
)
JSON_TOO_DEEP = define(
    "json-too-deep",
    G,
    "Слишком глубокая вложенность в JSON",
    "Описание пакета вкладывает скобки друг в друга так глубоко, что его нельзя разобрать.",
    "слишком глубокая вложенность скобок.",
    "проверьте запятые, кавычки и скобки в этой строке и строкой выше; сравните с datapackage.json предыдущего года.",
    Example(PKG),
)
JSON_NOT_OBJECT = define(
    "json-not-object",
    G,
    "datapackage.json — не объект JSON",
    "Описание пакета — объект в фигурных скобках { ... } с полями name, title, resources.",
    "ожидается объект JSON {{ ... }}.",
    "сравните с datapackage.json предыдущего года.",
    Example(PKG, row=1),
)
JSON_DUPLICATE_KEY = define(
    "json-duplicate-key",
    G,
    "Поле указано дважды",
    "В одном объекте JSON два поля с одним именем; неясно, какое из них имелось в виду.",
    "поле указано дважды в одном объекте.",
    "оставьте одно поле с этим именем.",
    Example(PKG, row=5, column="name"),
)
NO_DESCRIPTOR = define(
    "no-descriptor",
    G,
    "Нет datapackage.json",
    "В папке года должно быть описание пакета datapackage.json со списком таблиц.",
    "нет описания пакета datapackage.json.",
    "скопируйте datapackage.json из предыдущего года и исправьте год в name и title.",
    Example(PKG),
)
PACKAGE_NAME_YEAR = define(
    "year-mismatch",
    G,
    "Имя пакета не соответствует году",
    "Имя пакета (name) содержит год его папки: monitoring-<год>.",
    "имя пакета не соответствует папке {folder}.",
    'укажите "name": "monitoring-{year}".',
    Example(PKG, column="name", value="monitoring-2024", params={"folder": "2025", "year": 2025}),
)
PACKAGE_TITLE_YEAR = define(
    "title-year-mismatch",
    G,
    "В названии пакета другой год",
    "Название пакета (title) называет год, но не год своей папки: вероятно, файл скопирован и не исправлен.",
    "в названии пакета указан другой год, чем в имени папки ({folder}).",
    'исправьте год в "title" или переместите пакет в папку нужного года.',
    Example(PKG, column="title", value="Мониторинг, 2024 год", params={"folder": "2025"}),
)
PACKAGE_NO_TITLE = define(
    "package-no-title",
    G,
    "Нет названия пакета",
    "Название пакета (title) показывается на сайте и в выгрузках.",
    "нет названия пакета.",
    'заполните "title", например «Мониторинг, {year} год».',
    Example(PKG, column="title", params={"year": "2025"}),
)
PACKAGE_VERSION_TYPE = define(
    "package-version-type",
    G,
    "Версия пакета — не текст",
    "Версия пакета (version) записывается текстом в кавычках.",
    "версия должна быть текстом.",
    'например "version": "1.0.0".',
    Example(PKG, column="version"),
)
NO_RESOURCES = define(
    "no-resources",
    G,
    "Нет списка ресурсов",
    "Список resources называет таблицы года и их файлы; без него таблицы не найти.",
    "нет списка ресурсов resources.",
    'перечислите ресурсы: {{"name": "values", "path": "values.csv"}} и другие.',
    Example(PKG, column="resources"),
)
RESOURCE_NOT_OBJECT = define(
    "resource-not-object",
    G,
    "Ресурс — не объект",
    "Каждый элемент resources — объект с полями name и path.",
    "ресурс должен быть объектом с полями name и path.",
    "см. datapackage.json предыдущего года.",
    Example(PKG, column="resources[2]"),
)
UNKNOWN_RESOURCE = define(
    "unknown-resource",
    G,
    "Неизвестный ресурс",
    "Пакет года состоит из таблиц с известными именами; ресурс с другим именем не читается.",
    "неизвестный ресурс.",
    "допустимые ресурсы: {known}.",
    Example(
        PKG,
        column="resources[4].name",
        value="value",
        params={"known": "organizations, directions, indicators, values, levels, recommendations"},
    ),
)
RESOURCE_TWICE = define(
    "resource-twice",
    G,
    "Ресурс указан дважды",
    "Каждая таблица описывается в resources один раз.",
    "ресурс указан дважды.",
    "оставьте одно описание ресурса.",
    Example(PKG, column="resources[5].name", value="values"),
)
RESOURCE_NO_PATH = define(
    "resource-no-path",
    G,
    "Не указан путь к файлу ресурса",
    "У каждого ресурса есть path — имя CSV-файла в папке года.",
    "не указан путь к файлу ресурса.",
    'укажите "path": "{name}.csv".',
    Example(PKG, column="resources[4].path", params={"name": "values"}),
)
RESOURCE_PATH_UNSAFE = define(
    "path-outside",
    G,
    "Недопустимый путь ресурса",
    "Генератор не читает ничего вне папки года и ничего не скачивает: адреса в интернете, абсолютные пути "
    "и «..» в пути ресурса не принимаются.",
    "путь ресурса недопустим: {why}; такие файлы не читаются.",
    'положите файл в папку {folder} и укажите только имя файла, например "{name}.csv".',
    Example(
        PKG,
        column="resources[4].path",
        value="../2024/values.csv",
        params={"why": "путь ведёт за пределы папки года («..»)", "folder": "data/2025", "name": "values"},
    ),
)
RESOURCE_LINK_OUTSIDE = define(
    "resource-link-outside",
    G,
    "Файл ресурса — ссылка за пределы пакета",
    "Файл таблицы ссылается за пределы папки года; такой файл не читается.",
    "файл ресурса — символическая ссылка за пределы пакета; такие файлы не читаются.",
    'положите файл в папку {folder} и укажите только имя файла, например "{name}.csv".',
    Example(PKG, column="resources[4].path", value="values.csv", params={"folder": "data/2025", "name": "values"}),
)
MISSING_FILE = define(
    "missing-file",
    G,
    "Файл ресурса не найден",
    "В datapackage.json указан файл таблицы, которого нет в папке года.",
    "файл ресурса «{name}» не найден.",
    "создайте файл или исправьте путь в {descriptor}.",
    Example("data/2025/values.csv", value="values.csv", params={"name": "values", "descriptor": PKG}),
)
RESOURCE_NOT_CSV = define(
    "resource-not-csv",
    G,
    "Ресурс — не CSV-файл",
    "Таблицы принимаются только в формате CSV (UTF-8, разделитель «,»).",
    "ресурс должен быть файлом CSV.",
    "сохраните таблицу в CSV (UTF-8, разделитель «,»).",
    Example(PKG, column="resources[4].path", value="values.xlsx"),
)
MISSING_RESOURCE = define(
    "missing-resource",
    G,
    "В пакете нет обязательного ресурса",
    "Каждый год состоит из таблиц organizations, directions, indicators, values и levels.",
    "в пакете нет ресурса «{name}».",
    'добавьте в resources {{"name": "{name}", "path": "{name}.csv"}} и файл {name}.csv.',
    Example(PKG, params={"name": "levels"}),
)
FILE_TOO_LARGE = define(
    "too-large",
    G,
    "Файл слишком велик",
    "Таблица больше предела размера: вероятно, сохранена не та таблица.",
    "файл слишком велик (больше {limit} МБ).",
    "проверьте, что сохранена нужная таблица.",
    Example("data/2025/values.csv", params={"limit": 512}),
)
DOCS_CLASH = define(
    "docs-clash",
    G,
    "Страница в docs/ совпадает с создаваемой",
    "Файл в docs/ лежит по пути страницы, которую создаёт генератор; одна из них заменила бы другую.",
    "страница с таким путём создаётся генератором.",
    "переименуйте или удалите файл в docs/.",
    Example("docs/data.md"),
)
DIFF_SIDE = define(
    "diff-side",
    G,
    "Сравниваемая версия данных не проходит проверку",
    "Для сравнения двух версий данных (например, в запросе на изменение) обе должны проходить проверку; "
    "ошибки этой версии перечислены ниже.",
    "данные {side} версии не проходят проверку; сравнение невозможно.",
    "исправьте ошибки ниже.",
    Example("«main»", params={"side": "базовой"}),
)
