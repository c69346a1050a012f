"""Two sections of monitoring.yml about each year beside its figures (issue 11,
items 2 and 8): `year_texts`, the list of a year's own texts (their files are
read by generator/texts.py), and `calendar`, the yearly cycle of the
monitoring: its stages with their dates or periods and who is responsible.

    year_texts:
      - {id: introduction, title: Введение}
      - {id: conclusions, title: Выводы}
    calendar:
      - id: collection
        stage: Сбор данных организаций
        from: "01-09"            # «ММ-ДД»: a period from ... to ...
        to: "01-20"
        following_year: true     # the dates fall in the year after the monitoring year
        responsible: imc         # a body id from `bodies:` or a text
      - {id: analysis, stage: Анализ результатов, by: "02-01", following_year: true}   # no later than
      - {id: publication, stage: Публикация на сайте, date: "02-15", following_year: true}  # on that day
      - {stage: Старый срок, by: "03-01", until: 2023}   # applies to monitoring years up to 2023

Each function returns the good entries and reports every bad one through `bad`
(generator/settings.py), with its line and key."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from generator.problems import texts as codes

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
MONTH_DAY_RE = re.compile(r"([0-9]{2})-([0-9]{2})")
MAX_ID, MAX_TITLE, MAX_ENTRIES = 50, 200, 100
CALENDAR_KEYS = ("id", "stage", "date", "by", "from", "to", "following_year", "responsible", "since", "until")
WHEN_KEYS = ("date", "by", "from", "to")


@dataclass(frozen=True)
class TextSpec:
    """One entry of year_texts: the file texts/<id>.md of a year and its title."""

    id: str
    title: str


@dataclass(frozen=True)
class CalendarEntry:
    """One stage of the yearly cycle. Exactly one form of dates: `on` (a day),
    `by` (a deadline: no later than) or `start` and `end` (a period); each is
    (month, day) of the monitoring year, or of the next one with
    following_year (a period whose end is before its start ends in the year
    after its start)."""

    stage: str  # «Сбор данных организаций»
    id: str = ""  # a slug other parts refer to (the letters: the due date of `plans`); "" = none
    on: tuple[int, int] | None = None
    by: tuple[int, int] | None = None
    start: tuple[int, int] | None = None
    end: tuple[int, int] | None = None
    following_year: bool = False
    responsible: str = ""  # a body id of `bodies:` (Settings.bodies gives its name) or a text; "" = not said
    since: int | None = None  # the first monitoring year it applies to; None = every year before
    until: int | None = None  # the last monitoring year it applies to; None = every year after

    def applies(self, year: int) -> bool:
        return (self.since is None or year >= self.since) and (self.until is None or year <= self.until)

    def dates(self, year: int) -> tuple[dt.date | None, dt.date]:
        """(first day or None, last day) of this stage in monitoring year `year`:
        (None, day) for `on` and `by`, (start, end) for a period."""
        base = year + (1 if self.following_year else 0)
        if self.start is not None and self.end is not None:
            first = dt.date(base, *self.start)
            last = dt.date(base + (1 if self.end < self.start else 0), *self.end)
            return first, last
        day = self.on or self.by
        assert day is not None  # validated: one form of dates
        return None, dt.date(base, *day)

    def due(self, year: int) -> dt.date:
        """The date by which the stage is done in monitoring year `year` (its day,
        its deadline or the end of its period)."""
        return self.dates(year)[1]


def calendar_for(entries: tuple[CalendarEntry, ...], year: int) -> tuple[CalendarEntry, ...]:
    """The stages that applied to monitoring year `year`, in file order."""
    return tuple(e for e in entries if e.applies(year))


def due_date(entries: tuple[CalendarEntry, ...], stage_id: str, year: int) -> dt.date | None:
    """The due date of the stage with this id in monitoring year `year`, or None
    when the calendar has no such stage for that year."""
    found = next((e for e in calendar_for(entries, year) if e.id == stage_id), None)
    return None if found is None else found.due(year)


def _item_lines(node) -> list[tuple[int, dict[str, int]]]:
    """For each item of a YAML sequence node: its line and the lines of its keys."""
    if not isinstance(node, yaml.SequenceNode):
        return []
    out = []
    for item in node.value:
        keys = {}
        if isinstance(item, yaml.MappingNode):
            keys = {str(k.value): k.start_mark.line + 1 for k, _ in item.value if isinstance(k, yaml.ScalarNode)}
        out.append((item.start_mark.line + 1, keys))
    return out


def _text(value: object, limit: int) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= limit and "\n" not in value


def year_texts_section(value: object, line: int | None, node, bad) -> tuple[TextSpec, ...] | None:
    """The texts of year_texts; None (unreadable: the texts folders are then not
    judged) when any entry is broken."""
    if value is None:
        return ()
    if not isinstance(value, list):
        bad(codes.YEAR_TEXTS_NOT_LIST, line, "year_texts")
        return None
    lines = _item_lines(node)
    specs: list[TextSpec] = []
    for n, item in enumerate(value, start=1):
        where, keys = lines[n - 1] if n <= len(lines) else (line, {})
        key = f"year_texts[{n}]"
        why = ""
        if not isinstance(item, dict) or sorted(map(str, item)) != ["id", "title"]:
            why = "у текста ровно два ключа: id и title"
        elif not isinstance(item["id"], str) or len(item["id"]) > MAX_ID or not SLUG_RE.fullmatch(item["id"]):
            why, key, where = "id не идентификатор (строчные латинские буквы, цифры, «-», «_»)", key + ".id", keys["id"]
        elif any(s.id == item["id"] for s in specs):
            why, key, where = f"текст «{item['id']}» указан дважды", key + ".id", keys["id"]
        elif not _text(item["title"], MAX_TITLE):
            why, key, where = "title — не непустая строка до 200 символов", key + ".title", keys["title"]
        if why:
            shown = item.get("id") if isinstance(item, dict) else item
            bad(codes.BAD_YEAR_TEXT, where, key, shown, why=why)
        else:
            specs.append(TextSpec(item["id"], item["title"].strip()))
    return tuple(specs) if len(specs) == len(value) else None


def _month_day(value: object) -> tuple[int, int] | None:
    """«ММ-ДД» as (month, day); None when it is not a real day of every year (29 February is not)."""
    m = MONTH_DAY_RE.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        return None
    try:
        dt.date(2001, int(m[1]), int(m[2]))
    except ValueError:
        return None
    return int(m[1]), int(m[2])


def _year(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100


def calendar_section(value: object, line: int | None, node, bad) -> tuple[CalendarEntry, ...]:
    """The good stages of the calendar (a bad one is reported and left out)."""
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_ENTRIES:
        bad(codes.CALENDAR_NOT_LIST, line, "calendar")
        return ()
    lines = _item_lines(node)
    entries: list[CalendarEntry] = []
    ids: set[str] = set()
    for n, item in enumerate(value, start=1):
        where, keys = lines[n - 1] if n <= len(lines) else (line, {})
        found = _entry(item, ids)
        if isinstance(found, CalendarEntry):
            entries.append(found)
            if found.id:
                ids.add(found.id)
            continue
        sub, why, fix = found
        shown = item.get(sub) if isinstance(item, dict) and sub else None
        column = f"calendar[{n}]" + (f".{sub}" if sub else "")
        bad(codes.BAD_CALENDAR, keys.get(sub, where), column, shown, why=why, fix=fix)
    return tuple(entries)


MD_FIX = 'запишите месяц и день в кавычках, например "02-01" — 1 февраля (29 февраля не подходит: его нет в иные годы).'


def _entry(item: object, ids: set[str]) -> CalendarEntry | tuple[str, str, str]:
    """The stage, or (key, why, fix) of the first thing wrong with it."""
    if not isinstance(item, dict):
        return "", "этап записан не как набор ключей", 'запишите этап так: - {stage: Сбор данных, by: "02-01"}.'
    extra = [str(k) for k in item if k not in CALENDAR_KEYS]
    if extra:
        return extra[0], f"неизвестный ключ «{extra[0]}»", "допустимые ключи: " + ", ".join(CALENDAR_KEYS) + "."
    if not _text(item.get("stage"), MAX_TITLE):
        return "stage", "нет названия этапа stage", "добавьте stage: название этапа (до 200 символов)."
    ident = item.get("id", "")
    if ident != "" and (not isinstance(ident, str) or len(ident) > MAX_ID or not SLUG_RE.fullmatch(ident)):
        return "id", "id не идентификатор", "id — строчные латинские буквы, цифры, «-» и «_», например plans."
    if ident in ids:
        return "id", f"этап «{ident}» указан дважды", "у каждого этапа свой id; разные годы — через since и until."
    given = [k for k in WHEN_KEYS if k in item]
    if given not in (["date"], ["by"], ["from", "to"]):
        return (
            (given or ["stage"])[0],
            "у этапа должен быть один срок: date, by или пара from и to",
            'укажите date: "02-15" (в этот день), by: "02-01" (не позднее) или from: "01-09" и to: "01-20".',
        )
    days = {k: _month_day(item[k]) for k in given}
    wrong = next((k for k, d in days.items() if d is None), None)
    if wrong is not None:
        return wrong, f"срок «{item[wrong]}» не в виде «ММ-ДД»", MD_FIX
    if not isinstance(item.get("following_year", False), bool):
        return (
            "following_year",
            "following_year — не true или false",
            ("укажите following_year: true (даты — в году после года мониторинга) или false."),
        )
    for k in ("since", "until"):
        if k in item and not _year(item[k]):
            return k, f"{k} — не год", f"{k}: год мониторинга четырьмя цифрами, например 2024."
    if "since" in item and "until" in item and item["since"] > item["until"]:
        return "since", "since позже until", "since — первый год, until — последний год, когда этап действовал."
    resp = item.get("responsible", "")
    if resp != "" and not _text(resp, MAX_TITLE):
        return "responsible", "responsible — не текст", "responsible: орган из bodies или название (до 200 символов)."
    return CalendarEntry(
        stage=item["stage"].strip(),
        id=ident,
        on=days.get("date"),
        by=days.get("by"),
        start=days.get("from"),
        end=days.get("to"),
        following_year=item.get("following_year", False),
        responsible=resp.strip() if isinstance(resp, str) else "",
        since=item.get("since"),
        until=item.get("until"),
    )
