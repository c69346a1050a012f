"""`data/monitoring.yml`: settings that hold for every year, as one typed object."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from generator.problems import Problem

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
DEFAULT_KINDS = {
    "general": "Общеобразовательные организации",
    "preschool": "Дошкольные образовательные организации",
    "additional": "Организации дополнительного образования",
}


@dataclass(frozen=True)
class Settings:
    title: str = "Мониторинг эффективности руководителей образовательных организаций"
    territory: str = ""
    operator: str = ""
    kinds: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    missing: str = "zero"  # "zero": not reported scores 0; "exclude": left out of every mean
    stable_tolerance: float = 0.0
    demo: bool = False
    demo_notice: str = ""
    publish_personal_names: bool = False
    site_url: str = ""


FIELDS_HELP = {
    "title": "заголовок сайта",
    "territory": "муниципалитет (территория)",
    "operator": "оператор мониторинга",
    "kinds": "типы организаций: идентификатор → название",
    "missing": "zero или exclude",
    "stable_tolerance": "допуск «стабильно», число ≥ 0",
    "demo": "true для демонстрационных данных",
    "demo_notice": "текст пометки о демонстрационных данных",
    "publish_personal_names": "true, чтобы публиковать ФИО",
    "site_url": "адрес опубликованного сайта",
}


def _key_lines(node) -> dict[str, int]:
    """Line of each key of a YAML mapping node, as the editor numbers lines."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _duplicate_keys(node) -> list[tuple[str, int]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    seen: set[str] = set()
    found = []
    for k, _ in node.value:
        if isinstance(k, yaml.ScalarNode):
            if k.value in seen:
                found.append((k.value, k.start_mark.line + 1))
            seen.add(k.value)
    return found


def parse_settings(text: str, file: str) -> tuple[Settings, list[Problem]]:
    """The settings and every problem with them. With problems the settings are
    a best effort, only so that the data can still be checked in the same run
    (nothing is computed or published then): valid keys are kept, and kinds
    are {} when unknown, which tells validation not to judge kinds."""
    problems: list[Problem] = []

    def bad(message: str, fix: str, line: int | None = None, key: str | None = None, value: object = None) -> None:
        problems.append(Problem("settings", file, message, fix, row=line, column=key, value=None if value is None else str(value)))

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        bad("файл не читается как YAML.", "проверьте отступы (пробелы, не табуляция), двоеточия после ключей и парные кавычки и скобки.", mark.line + 1 if mark else None)
        return UNKNOWN, problems
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        bad("ожидается набор «ключ: значение».", "см. пример monitoring.yml в README.", 1)
        return UNKNOWN, problems
    lines = _key_lines(node)
    for key, line in _duplicate_keys(node):
        # YAML keeps the last of two equal keys; staff would not know which one counted.
        bad("параметр указан дважды.", "оставьте одно значение параметра.", line, key)
    kinds_node = next((v for k, v in node.value if k.value == "kinds"), None) if isinstance(node, yaml.MappingNode) else None
    for key, line in _duplicate_keys(kinds_node):
        bad("тип организации указан дважды.", "оставьте одно описание типа.", line, f"kinds.{key}")

    values: dict[str, object] = {}
    for key, value in raw.items():
        line = lines.get(str(key))
        if key not in FIELDS_HELP:
            bad("неизвестный параметр.", "допустимые параметры: " + ", ".join(f"{k} ({v})" for k, v in FIELDS_HELP.items()) + ".", line, str(key))
        elif key == "kinds":
            values[key] = _kinds(value, line, _key_lines(kinds_node), bad)
        else:
            why = _wrong(key, value)
            if why:
                bad(*why, line, key, value)
            else:
                values[key] = float(value) if key == "stable_tolerance" else value
    return Settings(**values), problems  # type: ignore[arg-type]


# Settings that say nothing about kinds: validation then leaves kinds alone.
UNKNOWN = Settings(kinds={})


def _wrong(key: str, value: object) -> tuple[str, str] | None:
    """Why the value of a plain setting is wrong (message, fix), or None."""
    if key in ("title", "territory", "operator", "demo_notice", "site_url"):
        if not isinstance(value, str):
            return ("ожидается текст.", "заключите значение в кавычки.")
        # The title becomes MkDocs' site_name, which the theme writes unescaped
        # in places; markup characters are refused rather than half-escaped.
        if key == "title" and re.search(r"[<>\"&`{}\x00-\x1f\x7f]", value):
            return ("в заголовке сайта недопустимы символы < > \" & ` { } и управляющие символы.", "уберите их из заголовка; кавычки используйте «ёлочки».")
        return None
    if key in ("demo", "publish_personal_names"):
        return None if isinstance(value, bool) else ("ожидается true или false.", "напишите true или false.")
    if key == "missing":
        ok = value in ("zero", "exclude")
        return None if ok else ("недопустимое значение.", "zero — непредставленное значение даёт 0 баллов; exclude — не учитывается в средних.")
    if key == "stable_tolerance":
        ok = not isinstance(value, bool) and isinstance(value, (int, float)) and 0 <= value < float("inf")
        return None if ok else ("ожидается число не меньше 0.", "например 0 или 0.5 — с точкой, без кавычек.")
    return None


def _kinds(value: object, line: int | None, kind_lines: dict[str, int], bad) -> dict[str, str]:
    """The kinds; {} (kinds unknown) when any of them is broken."""
    if not isinstance(value, dict) or not value:
        bad("ожидается список типов «идентификатор: название».", "например, с новой строки и двумя пробелами: general: \"Общеобразовательные организации\".", line, "kinds")
        return {}
    kinds = {}
    for kind, label in value.items():
        if isinstance(kind, str) and SLUG_RE.fullmatch(kind) and isinstance(label, str) and label.strip():
            kinds[kind] = label
        else:
            bad("тип организации задан неверно.", "идентификатор — строчные латинские буквы, цифры, «-», «_»; название — непустой текст в кавычках.",
                kind_lines.get(str(kind), line), f"kinds.{kind}", kind)
    # One broken entry leaves the list unknown: judging organizations against
    # the rest would blame every organization of the broken kind.
    return kinds if len(kinds) == len(value) else {}
