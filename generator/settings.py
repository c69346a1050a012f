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


def parse_settings(text: str, file: str) -> tuple[Settings | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(message: str, fix: str, line: int | None = None, key: str | None = None, value: object = None) -> None:
        problems.append(Problem("settings", file, message, fix, row=line, column=key, value=None if value is None else str(value)))

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        bad("файл не читается как YAML.", "проверьте отступы (пробелы, не табуляция) и двоеточия после ключей.", mark.line + 1 if mark else None)
        return None, problems
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        bad("ожидается набор «ключ: значение».", "см. пример monitoring.yml в README.")
        return None, problems
    lines = {}
    if node is not None and isinstance(node, yaml.MappingNode):
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}

    values: dict[str, object] = {}
    for key, value in raw.items():
        line = lines.get(key)
        if key not in FIELDS_HELP:
            bad("неизвестный параметр.", "допустимые параметры: " + ", ".join(f"{k} ({v})" for k, v in FIELDS_HELP.items()) + ".", line, str(key))
            continue
        if key in ("title", "territory", "operator", "demo_notice", "site_url"):
            if not isinstance(value, str):
                bad("ожидается текст.", "заключите значение в кавычки.", line, key, value)
                continue
        elif key in ("demo", "publish_personal_names"):
            if not isinstance(value, bool):
                bad("ожидается true или false.", "напишите true или false.", line, key, value)
                continue
        elif key == "missing":
            if value not in ("zero", "exclude"):
                bad("недопустимое значение.", "zero — непредставленное значение даёт 0 баллов; exclude — не учитывается в средних.", line, key, value)
                continue
        elif key == "stable_tolerance":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value != value or value == float("inf"):
                bad("ожидается число не меньше 0.", "например 0 или 0.5.", line, key, value)
                continue
            value = float(value)
        elif key == "kinds":
            if not isinstance(value, dict) or not value:
                bad("ожидается список типов «идентификатор: название».", "например general: Общеобразовательные организации.", line, key)
                continue
            ok = True
            for kind, label in value.items():
                if not isinstance(kind, str) or not SLUG_RE.fullmatch(kind) or not isinstance(label, str) or not label.strip():
                    bad("тип организации задан неверно.", "идентификатор — строчные латинские буквы, цифры, «-», «_»; название — непустой текст.", line, key, kind)
                    ok = False
            if not ok:
                continue
            value = dict(value)
        values[key] = value
    if problems:
        return None, problems
    return Settings(**values), problems  # type: ignore[arg-type]
