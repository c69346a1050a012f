"""What a year's datapackage.json may say: a Frictionless Data Package (v2).

Standard package properties are accepted and checked for their shape; custom
ones are kept, unless they look like a misspelt standard or generator property
(a «darft» would publish a draft). The generator reads two of its own:
`draft` (a year in preparation) and `year` (must be the folder's year).

A resource may say only what the generator honours: CSV, UTF-8, the default
CSV dialect, and as its schema a copy of the generator's own Table Schema
(schemas/<name>.schema.json, written by `monitoring-site schemas`), so that
`frictionless validate` checks the package the way the generator does. Anything
else is refused rather than ignored.
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import datetime
from pathlib import Path

from generator.paths import SCHEMAS
from generator.problems import Problem
from generator.problems import packages as codes
from generator.settings import http_url_problem

PROFILE_V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
STANDARD = (
    "$schema",
    "name",
    "id",
    "profile",
    "licenses",
    "title",
    "description",
    "homepage",
    "image",
    "version",
    "created",
    "keywords",
    "contributors",
    "sources",
    "resources",
)
OWN = ("draft", "year")
RESOURCE_KEYS = (
    "name",
    "path",
    "title",
    "description",
    "schema",
    "format",
    "mediatype",
    "encoding",
    "dialect",
    "profile",
    "type",
    "sources",
    "licenses",
)
# The CSV dialect csvfile.py reads; a dialect property may only restate it.
DIALECT = {
    "delimiter": (",",),
    "quoteChar": ('"',),
    "doubleQuote": (True,),
    "header": (True,),
    "headerRows": ([1],),
    "lineTerminator": ("\r\n", "\n"),
    "skipInitialSpace": (False,),
    "$schema": ("https://datapackage.org/profiles/2.0/tabledialect.json",),
}
RFC3339 = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})")


def schema_path(resource: str) -> str:
    """Where a year's package keeps the copy of a resource's Table Schema."""
    return f"schemas/{resource}.schema.json"


def packaged_schema(resource: str) -> dict | None:
    path = SCHEMAS / f"{resource}.schema.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _objects(value: object, need: tuple[str, ...]) -> bool:
    """A list of objects, each with at least one of `need` as a non-empty string."""
    return isinstance(value, list) and all(
        isinstance(v, dict) and any(isinstance(v.get(k), str) and v.get(k).strip() for k in need) for v in value
    )


def _created_ok(value: object) -> bool:
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


# property -> (is it right?, why not, what to do)
_SHAPES = {
    "keywords": (
        lambda v: isinstance(v, list) and all(isinstance(k, str) and k.strip() for k in v),
        "ожидается список слов",
        'запишите, например, «"keywords": ["мониторинг", "образование"]».',
    ),
    "homepage": (
        lambda v: http_url_problem(v) is None,
        "ожидается адрес сайта http(s)://",
        "укажите адрес страницы, например «https://example.org/monitoring», или удалите поле.",
    ),
    "created": (
        _created_ok,
        "ожидается дата и время в формате ISO 8601 (RFC 3339)",
        "запишите, например, «2025-09-01T00:00:00Z».",
    ),
    "contributors": (
        lambda v: _objects(v, ("title", "givenName", "familyName", "organization")),
        "ожидается список участников, у каждого — title (или givenName, familyName, organization)",
        'запишите, например, «"contributors": [{"title": "ИМЦ", "roles": ["publisher"]}]».',
    ),
    "licenses": (
        lambda v: _objects(v, ("name", "path")),
        "ожидается список лицензий, у каждой — name или path",
        'запишите, например, «"licenses": [{"name": "CC-BY-4.0"}]».',
    ),
    "sources": (
        lambda v: _objects(v, ("title",)),
        "ожидается список источников, у каждого — title",
        'запишите, например, «"sources": [{"title": "Отчёты организаций"}]».',
    ),
    "draft": (
        lambda v: isinstance(v, bool),
        "ожидается true или false без кавычек",
        'чтобы год не публиковался, укажите «"draft": true»; чтобы публиковался — удалите поле.',
    ),
    "year": (
        lambda v: isinstance(v, int) and not isinstance(v, bool),
        "ожидается год числом без кавычек",
        'укажите год папки, например «"year": 2025», или удалите поле.',
    ),
    "profile": (
        lambda v: v in ("data-package", "tabular-data-package"),
        "ожидается data-package или tabular-data-package (в Data Package 2.0 профиль задаёт поле $schema)",
        'удалите поле profile и укажите «"$schema": "' + PROFILE_V2 + '"».',
    ),
}
for _key in ("id", "description", "image"):
    _SHAPES[_key] = (lambda v: isinstance(v, str), "ожидается текст в кавычках", "запишите значение в кавычках.")


def package_problems(descriptor: dict, folder_year: int, file: str) -> list[Problem]:
    """The package properties other than name, title, version and resources (load.py)."""
    problems: list[Problem] = []
    for key, value in descriptor.items():
        if key in _SHAPES:
            ok, why, fix = _SHAPES[key]
            if not ok(value):
                shown = value if isinstance(value, (str, int, float)) else json.dumps(value, ensure_ascii=False)
                problems.append(
                    codes.PACKAGE_FIELD_INVALID.at(file, column=key, value=str(shown), name=key, why=why, fix=fix)
                )
            elif key == "year" and value != folder_year:
                problems.append(
                    codes.PACKAGE_YEAR.at(file, column=key, value=str(value), year=value, folder=folder_year)
                )
        elif key not in STANDARD:
            close = difflib.get_close_matches(str(key).lower(), (*STANDARD, *OWN), n=1, cutoff=0.8)
            if close and close[0] != key:
                problems.append(codes.PACKAGE_FIELD_TYPO.at(file, column=str(key), name=key, close=close[0]))
    profile = descriptor.get("$schema")
    resources = descriptor.get("resources")
    refers = isinstance(resources, list) and any(isinstance(r, dict) and "schema" in r for r in resources)
    if profile is not None and profile != PROFILE_V2:
        why = "поле $schema указывает не профиль Data Package 2.0"
        problems.append(codes.PACKAGE_PROFILE.at(file, column="$schema", value=str(profile), why=why))
    elif profile is None and refers:
        why = "ресурсы ссылаются на схемы таблиц, а поле $schema с профилем Data Package 2.0 не указано"
        problems.append(codes.PACKAGE_PROFILE.at(file, column="$schema", why=why))
    return problems


def resource_problems(res: dict, rname: str, where: str, folder: Path, file: str) -> list[Problem]:
    """What one resource says beyond its name and path: refused unless the generator honours it."""
    problems: list[Problem] = []
    extra = [str(k) for k in res if k not in RESOURCE_KEYS]
    if extra:
        problems.append(
            codes.RESOURCE_EXTRA_FIELDS.at(
                file, column=where, fields=", ".join(sorted(extra)), allowed=", ".join(RESOURCE_KEYS)
            )
        )

    def refuse(key: str, why: str, fix: str) -> None:
        value = res[key]
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        problems.append(
            codes.RESOURCE_UNSUPPORTED.at(
                file, column=f"{where}.{key}", value=shown, name=key, resource=rname, why=why, fix=fix
            )
        )

    checks = {
        "format": (lambda v: isinstance(v, str) and v.lower() == "csv", "генератор читает только CSV"),
        "mediatype": (lambda v: v == "text/csv", "генератор читает только CSV (text/csv)"),
        "encoding": (
            lambda v: isinstance(v, str) and v.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"),
            "генератор читает только UTF-8",
        ),
        "profile": (
            lambda v: v in ("tabular-data-resource", "data-resource"),
            'ожидается tabular-data-resource (или, в Data Package 2.0, «"type": "table"»)',
        ),
        "type": (lambda v: v == "table", 'генератор читает только таблицы («"type": "table"»)'),
        "title": (lambda v: isinstance(v, str), "ожидается текст в кавычках"),
        "description": (lambda v: isinstance(v, str), "ожидается текст в кавычках"),
        "sources": (lambda v: _objects(v, ("title",)), "ожидается список источников, у каждого — title"),
        "licenses": (lambda v: _objects(v, ("name", "path")), "ожидается список лицензий, у каждой — name или path"),
    }
    for key, (ok, why) in checks.items():
        if key in res and not ok(res[key]):
            refuse(key, why, "исправьте значение или удалите поле: генератор читает CSV в UTF-8 по своим схемам.")
    if "dialect" in res:
        dialect = res["dialect"]
        wrong = (
            [k for k, v in dialect.items() if k not in DIALECT or v not in DIALECT[k]]
            if isinstance(dialect, dict)
            else ["dialect"]
        )
        if wrong:
            refuse(
                "dialect",
                f'генератор читает CSV только с разделителем «,», кавычками «"» и заголовком в первой строке '
                f"(не так: {', '.join(map(str, wrong))})",
                "сохраните файл с разделителем «,» (см. README) и удалите поле dialect.",
            )
    if "schema" in res:
        problems += _schema_problems(res["schema"], rname, where, folder, file, refuse)
    return problems


def _schema_problems(schema: object, rname: str, where: str, folder: Path, file: str, refuse) -> list[Problem]:
    """A schema property names a copy of the generator's schema inside the package."""
    from generator.load import unsafe_path  # load imports this module

    expected = schema_path(rname)
    if not isinstance(schema, str):
        refuse(
            "schema",
            "схема задана внутри описания, а генератор проверяет по своим схемам",
            f'укажите путь к копии схемы генератора: «"schema": "{expected}"» (monitoring-site schemas).',
        )
        return []
    why = unsafe_path(schema)
    if why:
        refuse("schema", f"путь к схеме недопустим: {why}", f'укажите «"schema": "{expected}"».')
        return []
    path = folder / schema
    copy = None
    if path.is_file():
        try:
            copy = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            why = "не читается как JSON"
    else:
        why = "не найдена в папке года"
    if not why and copy != packaged_schema(rname):
        why = "отличается от схемы генератора, а проверка идёт по схеме генератора"
    if not why:
        return []
    return [codes.SCHEMA_COPY.at(file, column=f"{where}.schema", value=schema, resource=rname, path=schema, why=why)]
