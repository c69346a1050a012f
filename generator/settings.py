"""`data/monitoring.yml`: settings that hold for every year, as one typed object."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from generator.problems import MAX_PER_CHECK, Problem
from generator.problems import monitoring as codes
from generator.problems.catalogue import Code
from generator.settings_sections import (
    CONTACT_KEYS,
    FIELDS_HELP,
    contacts_section,
    glossary_section,
    site_url_wrong,
)
from generator.weburl import http_url_problem
from generator.yearsettings import CalendarEntry, TextSpec, calendar_section, year_texts_section

__all__ = ["CONTACT_KEYS", "DEFAULT_KINDS", "Settings", "http_url_problem", "parse_settings"]

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
DEFAULT_KINDS = {
    "general": "Общеобразовательные организации",
    "preschool": "Дошкольные образовательные организации",
    "additional": "Организации дополнительного образования",
}
# One organization of a kind («Тип: общеобразовательная организация»): the
# default kinds' labels have their singular built in; another kind gives it as
# `kinds: {id: {label: …, singular: …}}`.
KNOWN_SINGULAR = {
    "Общеобразовательные организации": "общеобразовательная организация",
    "Дошкольные образовательные организации": "дошкольная образовательная организация",
    "Организации дополнительного образования": "организация дополнительного образования",
}
# A real monitoring.yml is about a kilobyte; the pure-Python YAML parser takes
# seconds per megabyte, so anything much larger is refused unread.
MAX_SETTINGS_BYTES = 64 * 1024
# Settings nest two levels (kinds); deeper nesting would only recurse in the composer.
MAX_DEPTH = 10
# Longest accepted value of each text setting, in characters; every one of them
# reaches every page, the PR comment and the corrections log.
MAX_LENGTH = {
    "title": 200,
    "territory": 200,
    "operator": 300,
    "demo_notice": 500,
    "site_url": 300,
    "repository": 300,
}
TEXT_KEYS = tuple(MAX_LENGTH)
MAX_KIND_ID = 50
MAX_KIND_LABEL = 200


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
    # Percent of a year's applicable values that may be not reported before the
    # year counts as unfinished and is refused (validate, structure.unreported).
    unreported_limit: float = 20.0
    repository: str = ""  # address of the data repository, linked in the footer
    contacts: dict[str, str] = field(default_factory=dict)  # CONTACT_KEYS -> text, in file order
    glossary: dict[str, str] = field(default_factory=dict)  # abbreviation -> expansion, in file order
    # Derived from kinds, not a key of its own: kind id -> the name of one organization of it.
    kinds_singular: dict[str, str] = field(default_factory=dict)

    def singular(self, kind: str) -> str:
        """«общеобразовательная организация» for one organization of the kind; '' when unknown."""
        return self.kinds_singular.get(kind) or KNOWN_SINGULAR.get(self.kinds.get(kind, ""), "")

    # Issue 11 (methodology.md, «Extensions»): id -> label of the bodies recommendations
    # may be addressed to, and of the groups of organizations; ranks on scores rounded
    # to rank_decimals. unreadable: the keys whose value is broken (reported): validation
    # does not judge the tables against them.
    bodies: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    # Names of the territory kinds of territories.csv (rule 7c), plural, as the site's headings use them.
    territory_kinds: dict[str, str] = field(default_factory=dict)
    rank_decimals: int = 2
    measure_forms: dict[str, str] = field(default_factory=dict)  # rule 9: form id -> label of measures.csv
    unreadable: tuple[str, ...] = ()
    year_texts: tuple[TextSpec, ...] = ()  # items 2, 8 (generator/yearsettings.py): texts of a year, calendar
    calendar: tuple[CalendarEntry, ...] = ()


LABEL_KEYS = ("bodies", "groups", "measure_forms", "territory_kinds")  # mappings of id -> label besides kinds
AUDIENCE_WORDS = ("organization", "municipality")  # recommendations.audience words a body may not take


def _key_lines(node, nested: bool = False) -> dict[str, int]:
    """Line of each key of a YAML mapping node, as the editor numbers lines;
    nested: also «key.subkey» for the keys of mappings inside it."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines = {}
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode):
            lines[str(k.value)] = k.start_mark.line + 1
            if nested:
                lines.update({f"{k.value}.{sub}": line for sub, line in _key_lines(v).items()})
    return lines


def _child(node, key: str):
    """The value node of `key` in a mapping node, or None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


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


def too_large(file: str) -> Problem:
    return codes.TOO_LARGE.at(file, name=file, limit=MAX_SETTINGS_BYTES // 1024)


def parse_settings(text: str, file: str) -> tuple[Settings, list[Problem]]:
    """The settings and every problem with them. With problems the settings are
    a best effort, only so that the data can still be checked in the same run
    (nothing is computed or published then): valid keys are kept, and kinds
    are {} when unknown, which tells validation not to judge kinds."""
    problems: list[Problem] = []

    def bad(
        code: Code, line: int | None = None, key: str | None = None, value: object = None, **params: object
    ) -> None:
        problems.append(code.at(file, row=line, column=key, value=None if value is None else str(value), **params))

    if len(text.encode("utf-8", "surrogatepass")) > MAX_SETTINGS_BYTES:
        return UNKNOWN, [too_large(file)]
    try:
        # Anchors and aliases are refused on the event stream, before any
        # node or value exists: an alias bomb expands only when constructed.
        if _refuse_structure(text, bad):
            return UNKNOWN, _capped(problems, file)
        loader, node = yaml.SafeLoader(text), None
        try:
            node = loader.get_single_node()
            raw = loader.construct_document(node) if node is not None else None
        except (ValueError, OverflowError):
            # A date or a tagged number that matches YAML's pattern but not the calendar or the type.
            bad(codes.BAD_SCALAR, _unconstructable_line(node))
            return UNKNOWN, _capped(problems, file)
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        _not_yaml(err, bad)
        return UNKNOWN, _capped(problems, file)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        bad(codes.NOT_MAPPING, 1)
        return UNKNOWN, problems
    lines = _key_lines(node)
    for key, line in _duplicate_keys(node):
        # YAML keeps the last of two equal keys; staff would not know which one counted.
        bad(codes.DUPLICATE_KEY, line, key)
    kinds_node = (
        next((v for k, v in node.value if k.value == "kinds"), None) if isinstance(node, yaml.MappingNode) else None
    )
    for key, line in _duplicate_keys(kinds_node):
        bad(codes.DUPLICATE_KIND, line, f"kinds.{key}")
    for section in ("glossary", "contacts"):
        for key, line in _duplicate_keys(_child(node, section)):
            bad(codes.DUPLICATE_KEY, line, f"{section}.{key}")
    label_nodes = {
        k.value: v for k, v in (node.value if isinstance(node, yaml.MappingNode) else []) if k.value in LABEL_KEYS
    }
    for name, label_node in label_nodes.items():
        for key, line in _duplicate_keys(label_node):
            bad(codes.DUPLICATE_LABEL, line, f"{name}.{key}", section=name)

    values: dict[str, object] = {}
    for key, value in raw.items():
        line = lines.get(str(key))
        if key not in FIELDS_HELP:
            bad(codes.UNKNOWN_KEY, line, str(key), allowed=", ".join(f"{k} ({v})" for k, v in FIELDS_HELP.items()))
        elif key == "kinds":
            values[key], values["kinds_singular"] = _kinds(value, line, _key_lines(kinds_node, True), bad)
        elif key in ("glossary", "contacts"):
            sub_node = _child(node, key)
            values[key] = (glossary_section if key == "glossary" else contacts_section)(
                value, line, _key_lines(sub_node), bad
            )
        elif key in ("year_texts", "calendar"):  # generator/yearsettings.py; None: broken, not judged against
            parse = year_texts_section if key == "year_texts" else calendar_section
            found = parse(value, line, _child(node, key), bad)
            values.update({key: found} if found is not None else {"unreadable": (*values.get("unreadable", ()), key)})
        elif key in LABEL_KEYS:
            labels = _labels(key, value, line, _key_lines(label_nodes.get(key)), bad)
            if labels is None:
                values["unreadable"] = (*values.get("unreadable", ()), key)  # type: ignore[misc]
            else:
                values[key] = labels
        else:
            why = _wrong(key, value)
            if why:
                bad(why[0], line, key, value, **why[1])
            else:
                values[key] = float(value) if key in ("stable_tolerance", "unreported_limit") else value
    return Settings(**values), _capped(problems, file)  # type: ignore[arg-type]


# Settings that say nothing about kinds: validation then leaves kinds alone.
UNKNOWN = Settings(kinds={}, unreadable=(*LABEL_KEYS, "year_texts"))


def _wrong(key: str, value: object) -> tuple[Code, dict[str, object]] | None:
    """Why the value of a plain setting is wrong (the code and its placeholders), or None."""
    if key in TEXT_KEYS:
        if not isinstance(value, str):
            return codes.NOT_TEXT, {}
        if len(value) > MAX_LENGTH[key]:
            return codes.TOO_LONG, {"name": key, "limit": MAX_LENGTH[key], "length": len(value)}
        if key == "site_url" and value:
            return site_url_wrong(value)
        if key == "repository" and value:
            why = http_url_problem(value)
            return None if why is None else (codes.BAD_REPOSITORY, {"why": why})
        # The title becomes MkDocs' site_name, which the theme writes unescaped
        # in places; markup characters are refused rather than half-escaped.
        if key == "title" and re.search(r"[<>\"&`{}\x00-\x1f\x7f]", value):
            return codes.TITLE_MARKUP, {}
        return None
    if key in ("demo", "publish_personal_names"):
        return None if isinstance(value, bool) else (codes.NOT_BOOLEAN, {})
    if key == "missing":
        ok = value in ("zero", "exclude")
        return None if ok else (codes.BAD_MISSING, {})
    if key == "stable_tolerance":
        ok = not isinstance(value, bool) and isinstance(value, (int, float)) and 0 <= value < float("inf")
        return None if ok else (codes.BAD_TOLERANCE, {})
    if key == "unreported_limit":
        ok = not isinstance(value, bool) and isinstance(value, (int, float)) and 0 <= value <= 100
        return None if ok else (codes.BAD_UNREPORTED_LIMIT, {})
    if key == "rank_decimals":
        # Finer than the published 2 decimals, equal published scores would get different ranks.
        ok = not isinstance(value, bool) and isinstance(value, int) and 0 <= value <= 2
        return None if ok else (codes.BAD_RANK_DECIMALS, {})
    return None


def _labels(key: str, value: object, line: int | None, lines: dict[str, int], bad) -> dict[str, str] | None:
    """bodies, groups or territory_kinds: id -> label; None (unreadable) when any entry is broken,
    so that the tables are not judged against a half-read list."""
    what = {"bodies": "орган", "groups": "группа организаций", "measure_forms": "форма меры"}.get(key, "вид территорий")
    if value is None:  # `groups:` with nothing under it: no groups
        return {}
    if not isinstance(value, dict):
        example = {
            "bodies": 'attestation: "Аттестационная комиссия"',
            "groups": 'rural: "Сельские школы"',
            "measure_forms": 'courses: "Курсы повышения квалификации"',
        }.get(key, 'district: "Районы"')
        bad(codes.LABELS_NOT_MAPPING, line, key, section=key, example=example)
        return None
    labels = {}
    for ident, label in value.items():
        where = lines.get(str(ident), line)
        if key == "bodies" and ident in AUDIENCE_WORDS:
            bad(codes.RESERVED_BODY, where, f"{key}.{ident}", ident, id=ident)
        elif (
            isinstance(ident, str)
            and len(ident) <= MAX_KIND_ID
            and SLUG_RE.fullmatch(ident)
            and isinstance(label, str)
            and label.strip()
            and len(label) <= MAX_KIND_LABEL
        ):
            labels[ident] = label
        else:
            bad(codes.BAD_LABEL, where, f"{key}.{ident}", ident, what=what)
    return labels if len(labels) == len(value) else None


def _kinds(value: object, line: int | None, kind_lines: dict[str, int], bad) -> tuple[dict[str, str], dict[str, str]]:
    """The kinds (id -> label) and the singular names given; ({}, {}) (kinds
    unknown) when any of them is broken. A kind is `id: label` or
    `id: {label: …, singular: …}`."""
    if not isinstance(value, dict) or not value:
        bad(codes.KINDS_NOT_MAPPING, line, "kinds")
        return {}, {}
    kinds, singular = {}, {}
    for kind, label in value.items():
        where = kind_lines.get(str(kind), line)
        if isinstance(label, dict):
            extra = sorted(str(k) for k in label if k not in ("label", "singular"))
            one = label.get("singular", "")
            if extra or not isinstance(one, str) or len(one) > MAX_KIND_LABEL:
                bad(
                    codes.BAD_KIND_FORMS, kind_lines.get(f"{kind}.{(extra or ['singular'])[0]}", where), f"kinds.{kind}"
                )
                continue
            if one.strip():
                singular[str(kind)] = one.strip()
            label = label.get("label")
        if isinstance(kind, str) and len(kind) > MAX_KIND_ID:
            bad(codes.KIND_ID_TOO_LONG, where, f"kinds.{kind}", kind, limit=MAX_KIND_ID, length=len(kind))
        elif isinstance(label, str) and len(label) > MAX_KIND_LABEL:
            bad(codes.KIND_LABEL_TOO_LONG, where, f"kinds.{kind}", label, limit=MAX_KIND_LABEL, length=len(label))
        elif isinstance(kind, str) and SLUG_RE.fullmatch(kind) and isinstance(label, str) and label.strip():
            kinds[kind] = label
        else:
            bad(codes.BAD_KIND, kind_lines.get(str(kind), line), f"kinds.{kind}", kind)
    # One broken entry leaves the list unknown: judging organizations against
    # the rest would blame every organization of the broken kind.
    return (kinds, singular) if len(kinds) == len(value) else ({}, {})


def _not_yaml(err: yaml.YAMLError, bad) -> None:
    mark = getattr(err, "problem_mark", None)
    bad(codes.NOT_YAML, mark.line + 1 if mark else None)


def _unconstructable_line(node) -> int | None:
    """Line of the first scalar that cannot be constructed on its own (the tree
    is at most MAX_DEPTH deep, so recursion is bounded)."""
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            return node.start_mark.line + 1
        return None
    if isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    else:
        children = node.value if isinstance(node, yaml.SequenceNode) else []
    return next((line for line in map(_unconstructable_line, children) if line is not None), None)


def _refuse_structure(text: str, bad) -> bool:
    """Report anchors, aliases and deep nesting from the parser's events alone
    (nothing is composed or constructed); True when any was found. A YAML error
    met on the way is reported too."""
    lines: set[int] = set()  # one report per line: a bomb has dozens of aliases on each
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1
            name = event.anchor if isinstance(event, yaml.NodeEvent) else None  # aliases are node events too
            if name is not None and line not in lines:
                lines.add(line)
                if isinstance(event, yaml.AliasEvent):
                    bad(codes.YAML_ALIAS, line, None, f"*{name}")
                else:
                    bad(codes.YAML_ANCHOR, line, None, f"&{name}")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    bad(codes.TOO_DEEP, line, limit=MAX_DEPTH)
                    return True
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as err:
        _not_yaml(err, bad)
        return True
    return bool(lines)


def _capped(problems: list[Problem], file: str) -> list[Problem]:
    """At most MAX_PER_CHECK problems, then one line counting the rest: a file of
    thousands of wrong keys gives a report staff can read (and a PR comment that fits)."""
    if len(problems) <= MAX_PER_CHECK:
        return problems
    rest = len(problems) - MAX_PER_CHECK
    first = problems[MAX_PER_CHECK]
    return problems[:MAX_PER_CHECK] + [codes.MANY_MORE.at(file, row=first.row, rest=rest)]
