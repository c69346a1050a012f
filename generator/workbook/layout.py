"""The shape of a data-entry workbook, shared by the writer (template.py) and
the reader (importer.py): which sheet holds which resource, the headers of
its columns, the columns shown only for reading, and how a value is written
and checked for each unit of measure."""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.model import UNIT_LABELS
from generator.tableschema import TableSchema

INSTRUCTIONS = "Инструкция"
LISTS = "Списки"  # hidden: the drop-down lists
# Cell A2/B2 of the instructions sheet: the year the workbook was made for (checked on import).
YEAR_LABEL = "Год мониторинга"
YEAR_CELL = "B2"

# Resource -> sheet, in the order of the workbook: values first, that is what staff fill in.
SHEETS = {
    "values": "Значения",
    "organizations": "Организации",
    "directions": "Направления",
    "indicators": "Показатели",
    "levels": "Уровни",
    "recommendations": "Рекомендации",
}
RESOURCE_OF = {title: resource for resource, title in SHEETS.items()}
SERVICE_SHEETS = (INSTRUCTIONS, LISTS)

YES, NO = "да", "нет"
YES_NO = {YES: "1", NO: "0", "1": "1", "0": "0", "true": "1", "false": "0", "истина": "1", "ложь": "0"}


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: a field of the resource, or (field None) a
    column shown beside the ids so that nobody fills in the wrong row."""

    title: str  # the header in row 1
    field: str | None  # the CSV column it is read into; None = only shown, never read
    width: float = 14
    editable: bool = False  # unlocked on the values sheet


# The columns shown beside the values' ids; never read back.
ORG_NAME = "Наименование организации"
INDICATOR_NAME = "Наименование показателя"
UNIT = "Единица"
ALLOWED = "Допустимые значения"
SHOWN_ONLY = (ORG_NAME, INDICATOR_NAME, UNIT, ALLOWED)


def values_columns(schema: TableSchema, pooled: bool = False) -> list[Column]:
    """pooled: the year has an indicator with municipal: pooled (rule 7b), whose
    rows take a numerator and a denominator instead of the value."""
    t = {f.name: f.title for f in schema.fields}
    fraction = [Column(t[n], n, 14, editable=True) for n in ("numerator", "denominator")] if pooled else []
    return [
        Column(t["org_id"], "org_id", 12),
        Column(ORG_NAME, None, 40),
        Column(t["indicator_id"], "indicator_id", 18),
        Column(INDICATOR_NAME, None, 60),
        Column(UNIT, None, 12),
        Column(ALLOWED, None, 22),
        Column(t["value"], "value", 14, editable=True),
        *fraction,
        Column(t["note"], "note", 40, editable=True),
    ]


POOLED_RULE_TEXT = "числитель и знаменатель: 0 ≤ числитель ≤ знаменатель, знаменатель больше 0; значение не вписывать"


WIDTHS = {"name": 50, "text": 80, "description": 60, "label": 24, "short_name": 24, "website": 30, "district": 20}


def table_columns(schema: TableSchema, header: list[str]) -> list[Column]:
    """The columns of a reference sheet: the fields the year's CSV file has, in its order."""
    t = {f.name: f.title for f in schema.fields}
    return [Column(t.get(name, name), name, WIDTHS.get(name, 16), editable=True) for name in header]


def header_fields(schema: TableSchema, resource: str) -> dict[str, str | None]:
    """Header text (as typed, casefolded) -> field, or None for a shown-only
    column. A header is a field's Russian title or the field's own name."""
    out: dict[str, str | None] = {}
    for f in schema.fields:
        out[f.title.casefold()] = f.name
        out[f.name.casefold()] = f.name
    if resource == "values":
        out.update({t.casefold(): None for t in SHOWN_ONLY})
    return out


def field_types(schema: TableSchema) -> dict[str, str]:
    return {f.name: f.type for f in schema.fields}


def number_text(x: float | int) -> str:
    """A number as the CSV files write it: 4, not 4.0; 55.8 as typed."""
    if isinstance(x, bool):
        return "1" if x else "0"
    if isinstance(x, int):
        return str(x)
    if math.isfinite(x):
        # A spreadsheet computes with 15 significant digits and shows no more:
        # =0.1+0.2 is 0.3 to the person who typed it, not 0.30000000000000004.
        x = float(f"{x:.15g}")
    if math.isfinite(x) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


@dataclass(frozen=True)
class Rule:
    """How the value cell of one indicator is checked in the spreadsheet editor
    and described beside it (the import checks the same through validation)."""

    allowed: str  # «Допустимые значения», in Russian
    kind: str  # data validation type: decimal, whole, list
    operator: str | None = None
    low: float | None = None
    high: float | None = None

    @property
    def key(self) -> tuple:
        return (self.kind, self.operator, self.low, self.high)


def value_rule(unit: str, max_points: float) -> Rule:
    if unit == "percent":
        return Rule("от 0 до 100 (без знака %)", "decimal", "between", 0, 100)
    if unit == "count":
        return Rule("целое число, не меньше 0", "whole", "greaterThanOrEqual", 0)
    if unit == "boolean":
        return Rule(f"{YES} или {NO}", "list")
    if unit == "points" and not math.isnan(max_points):
        return Rule(f"от 0 до {number_text(max_points).replace('.', ',')}", "decimal", "between", 0, max_points)
    return Rule("число, не меньше 0", "decimal", "greaterThanOrEqual", 0)


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
