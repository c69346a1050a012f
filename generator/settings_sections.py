"""The sections of monitoring.yml written for the public, beside the
settings of the arithmetic: the operator's contacts (the footer of every page)
and the glossary of abbreviations (tooltips and the page «Словарь
сокращений»). Each function returns the good entries and reports every bad
one through `bad` (generator/settings.py), with its line."""

from __future__ import annotations

import re

from generator.problems import monitoring as codes
from generator.problems.catalogue import Code
from generator.weburl import http_url_problem

# Every key of monitoring.yml with its help, as the message of an unknown key lists them.
FIELDS_HELP = {
    "title": "заголовок сайта",
    "territory": "муниципалитет (территория)",
    "operator": "оператор мониторинга",
    "kinds": "типы организаций: идентификатор → название (или label и singular)",
    "missing": "zero или exclude",
    "stable_tolerance": "допуск «стабильно», число ≥ 0",
    "demo": "true для демонстрационных данных",
    "demo_notice": "текст пометки о демонстрационных данных",
    "publish_personal_names": "true, чтобы публиковать ФИО",
    "site_url": "адрес опубликованного сайта",
    "unreported_limit": "сколько процентов применимых значений года может быть не представлено, число от 0 до 100",
    "repository": "адрес репозитория с данными",
    "contacts": "контакты оператора: email, phone, address, hours, url",
    "glossary": "словарь сокращений: сокращение → расшифровка",
    "bodies": "органы, которым адресуются рекомендации: идентификатор → название",
    "groups": "группы организаций: идентификатор → название",
    "territory_kinds": "виды территорий из territories.csv: идентификатор → название во множественном числе",
    "rank_decimals": "точность мест: 0, 1 или 2 знака после запятой",
    "year_texts": "тексты года (папка texts): список {id, title}",
    "calendar": "сроки годового цикла: список этапов {stage, date, by или from и to, responsible}",
    "measure_forms": "формы мер (measures.csv): идентификатор → название",
}

CONTACT_KEYS = {
    "email": "адрес электронной почты",
    "phone": "телефон",
    "address": "почтовый адрес",
    "hours": "часы работы",
    "url": "страница с контактами (http:// или https://)",
}

MAX_GLOSSARY = 200  # entries
MAX_ABBREVIATION = 30  # characters
MAX_EXPANSION = 300  # characters
MAX_CONTACT = 300  # characters
# An abbreviation is a word (ВСОКО, ФИС ОКО, ДПО, ОВЗ, 1С): letters and digits,
# inner spaces, hyphens and dots; it is matched as a whole word in page text.
ABBREVIATION_RE = re.compile(r"[^\W_](?:[\w .\-]*[^\W_])?")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
PHONE_RE = re.compile(r"\+?[0-9][0-9 ()\-]{4,30}(?: ?(?:доб\.|доб|ext\.?) ?[0-9]{1,6})?")


def glossary_section(value: object, line: int | None, lines: dict[str, int], bad) -> dict[str, str]:
    """The glossary: abbreviation -> expansion, the good entries of it."""
    if not isinstance(value, dict):
        bad(codes.GLOSSARY_NOT_MAPPING, line, "glossary")
        return {}
    if len(value) > MAX_GLOSSARY:
        bad(codes.GLOSSARY_TOO_LARGE, line, "glossary", limit=MAX_GLOSSARY, count=len(value))
        return {}
    out = {}
    for abbr, expansion in value.items():
        where, column = lines.get(str(abbr), line), f"glossary.{abbr}"
        if not isinstance(abbr, str) or len(abbr) > MAX_ABBREVIATION or not ABBREVIATION_RE.fullmatch(abbr):
            bad(codes.BAD_ABBREVIATION, where, column, abbr, limit=MAX_ABBREVIATION)
        elif not isinstance(expansion, str) or not expansion.strip() or re.search(r"[\x00-\x1f\x7f]", expansion):
            bad(codes.BAD_EXPANSION, where, column, expansion)
        elif len(expansion) > MAX_EXPANSION:
            bad(
                codes.TOO_LONG,
                where,
                column,
                expansion[:40] + "…",
                name=column,
                limit=MAX_EXPANSION,
                length=len(expansion),
            )
        else:
            out[abbr] = expansion.strip()
    return out


def contacts_section(value: object, line: int | None, lines: dict[str, int], bad) -> dict[str, str]:
    """The contacts of the operator, the good entries, in CONTACT_KEYS order."""
    allowed = ", ".join(f"{k} ({v})" for k, v in CONTACT_KEYS.items())
    if not isinstance(value, dict):
        bad(codes.CONTACTS_NOT_MAPPING, line, "contacts", allowed=allowed)
        return {}
    out = {}
    for key, text in value.items():
        where, column = lines.get(str(key), line), f"contacts.{key}"
        if key not in CONTACT_KEYS:
            bad(codes.UNKNOWN_KEY, where, column, allowed=allowed)
            continue
        why = _contact_wrong(key, text)
        if why:
            bad(codes.BAD_CONTACT, where, column, text, why=why)
        else:
            out[key] = text.strip()
    return {k: out[k] for k in CONTACT_KEYS if k in out}


def _contact_wrong(key: str, text: object) -> str | None:
    """Why a contact is wrong, in Russian, or None."""
    if not isinstance(text, str) or not text.strip():
        return "ожидается непустой текст в кавычках"
    if len(text) > MAX_CONTACT:
        return f"текст длиннее {MAX_CONTACT} символов (в нём {len(text)})"
    if re.search(r"[\x00-\x1f\x7f]", text):
        return "в тексте управляющий символ (перевод строки, табуляция)"
    if key == "email" and not EMAIL_RE.fullmatch(text.strip()):
        return "адрес почты записывается так: imc@example.ru"
    if key == "phone" and not PHONE_RE.fullmatch(text.strip()):
        return "телефон записывается цифрами, можно с «+», пробелами, скобками и «-»: +7 (000) 000-00-00"
    if key == "url":
        return http_url_problem(text.strip())
    return None


def site_url_wrong(value: str) -> tuple[Code, dict[str, object]] | None:
    """Why monitoring.yml `site_url` is wrong (the code and its placeholders), or None."""
    why = http_url_problem(value)
    if why is None and re.search(r"[?#]", value):
        # MkDocs appends page paths to site_url: a query or fragment breaks every canonical link.
        why = "в адресе сайта не должно быть «?» и «#»"
    if why is None:
        return None
    return codes.BAD_URL, {"why": why}
