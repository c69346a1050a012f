"""Codes of the group «Описание пакета года»: what datapackage.json says: the
properties of a Frictionless Data Package and of its resources that the
generator accepts, reads or refuses (generator/descriptor.py)."""

from __future__ import annotations

from generator.problems.catalogue import Example, define

G = "packages"
PKG = "data/2025/datapackage.json"

PACKAGE_FIELD_TYPO = define(
    "package-field-typo",
    G,
    "Поле описания пакета похоже на опечатку",
    "В datapackage.json можно добавлять свои поля, но поле, которое почти совпадает со стандартным "
    "(title, licenses, …) или с полем генератора (draft, year), скорее всего опечатка: оно было бы молча пропущено.",
    "поле «{name}» похоже на опечатку в «{close}».",
    "переименуйте поле в «{close}»; если это ваше собственное поле, назовите его так, чтобы оно не было похоже "
    "на стандартные.",
    Example(PKG, column="darft", params={"name": "darft", "close": "draft"}),
)
PACKAGE_FIELD_INVALID = define(
    "package-field-invalid",
    G,
    "Поле описания пакета задано неверно",
    "Стандартные поля Frictionless Data Package (keywords, homepage, created, licenses, contributors, sources) и "
    "поля генератора (draft, year) имеют определённый вид; поле другого вида не поймут ни генератор, ни другие "
    "программы.",
    "поле «{name}» задано неверно: {why}.",
    "{fix}",
    Example(
        PKG,
        column="created",
        value="01.09.2025",
        params={
            "name": "created",
            "why": "ожидается дата и время в формате ISO 8601",
            "fix": "запишите, например, «2025-09-01T00:00:00Z».",
        },
    ),
)
PACKAGE_YEAR = define(
    "package-year-mismatch",
    G,
    "Поле year не совпадает с папкой",
    "Поле year в datapackage.json необязательно, но если оно есть, это год папки, в которой лежит пакет.",
    "поле year — {year}, а пакет лежит в папке {folder}.",
    'укажите «"year": {folder}» или удалите поле.',
    Example(PKG, column="year", value="2024", params={"year": "2024", "folder": "2025"}),
)
PACKAGE_PROFILE = define(
    "package-profile",
    G,
    "Пакет не объявляет профиль Data Package 2.0",
    "Схемы таблиц генератора написаны по Table Schema 2.0 (например, exclusiveMinimum); программы Frictionless "
    "проверяют пакет по ним, только если пакет объявляет профиль 2.0 в поле $schema.",
    "{why}.",
    'укажите «"$schema": "https://datapackage.org/profiles/2.0/datapackage.json"» (команда monitoring-site '
    "schemas запишет его сама).",
    Example(
        PKG,
        column="$schema",
        value="https://specs.frictionlessdata.io/schemas/data-package.json",
        params={"why": "поле $schema указывает не профиль Data Package 2.0"},
    ),
)
RESOURCE_EXTRA_FIELDS = define(
    "resource-extra-fields",
    G,
    "Поля ресурса, которые генератор не читает",
    "Генератор читает у ресурса имя, путь, схему и описание CSV-файла; поле, которое он не учитывает "
    "(bytes, hash, своё поле), не проверяется — его нельзя оставить молча пропущенным.",
    "генератор не читает поля ресурса: {fields}.",
    "удалите эти поля; у ресурса допустимы: {allowed}.",
    Example(
        PKG,
        column="resources[4]",
        params={"fields": "hash", "allowed": "name, path, title, description, schema, format, encoding"},
    ),
)
RESOURCE_UNSUPPORTED = define(
    "resource-unsupported",
    G,
    "Ресурс описан так, как генератор не читает",
    'Генератор читает таблицы только как CSV в UTF-8 с разделителем «,», кавычками «"» и заголовком в первой '
    "строке, по своим схемам таблиц. Если описание ресурса говорит другое (формат, кодировку, диалект CSV, "
    "встроенную схему), генератор прочитал бы файл не так, как сказано, — поэтому такое описание не принимается.",
    "поле «{name}» ресурса «{resource}»: {why}.",
    "{fix}",
    Example(
        PKG,
        column="resources[4].encoding",
        value="windows-1251",
        params={
            "name": "encoding",
            "resource": "values",
            "why": "генератор читает только UTF-8",
            "fix": 'сохраните файл в UTF-8 и укажите «"encoding": "utf-8"» или удалите поле.',
        },
    ),
)
SCHEMA_COPY = define(
    "schema-copy",
    G,
    "Копия схемы таблицы в пакете не совпадает со схемой генератора",
    "Пакет года ссылается на копии схем таблиц (папка schemas/ года), чтобы его можно было проверить программами "
    "Frictionless. Проверяет генератор по своим схемам, поэтому копия должна совпадать с ними: изменённая копия "
    "ничего бы не изменила в проверке.",
    "схема ресурса «{resource}» ({path}) {why}.",
    "выполните monitoring-site schemas (make schemas): копии схем и ссылки на них будут записаны заново.",
    Example(
        PKG,
        column="resources[4].schema",
        value="schemas/values.schema.json",
        params={"resource": "values", "path": "schemas/values.schema.json", "why": "отличается от схемы генератора"},
    ),
)
ALL_DRAFTS = define(
    "all-drafts",
    G,
    "Все годы — черновики",
    'Год с пометкой «"draft": true» в datapackage.json проверяется, но не публикуется; когда черновики все '
    "годы, публиковать нечего.",
    "все годы отмечены как черновики ({years}): сайт и выгрузки не из чего собрать.",
    'когда данные года проверены и готовы к публикации, удалите из его datapackage.json строку «"draft": true».',
    Example(PKG, column="draft", params={"years": "2025"}),
)
