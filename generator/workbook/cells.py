"""One sheet of a workbook as rows of CSV text: the header row matched to the
resource's fields, each cell turned into the text its CSV file would hold.

What the spreadsheet stored is taken as it is: a number as a number, a
number typed as text (with a decimal comma, spaces between the thousands), a
«да/нет» choice, a formula's cached value. What cannot be a value is reported
at its cell: a date where a number belongs, text that is not a number, a
formula without a value, an error. Ranges, ids and the rest are the normal
validation's, told at the cell afterwards (importer.py)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.problems import Problem
from generator.problems import workbook as codes
from generator.tableschema import TableSchema
from generator.workbook import layout as L
from generator.workbook.reader import Sheet

NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
# Spaces a spreadsheet or a person puts between thousands: plain, no-break, narrow no-break, thin.
GROUPING = re.compile(r"(?<=[0-9])[ \u00a0\u202f\u2009](?=[0-9]{3}(?![0-9]))")


@dataclass
class SheetRows:
    """The rows of one sheet as CSV text, and where each came from."""

    resource: str
    sheet: str
    file: str
    fields: list[str]  # the fields read, in the sheet's order
    letters: dict[str, str]  # field -> column letter
    titles: dict[str, str]  # field -> its header as written
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (sheet row, field -> text)


def read_sheet(
    sheet: Sheet, file: str, resource: str, schema: TableSchema, units: dict[str, str]
) -> tuple[SheetRows | None, list[Problem]]:
    """units: indicator id -> unit, to read «да/нет» in the values sheet."""
    problems: list[Problem] = []
    known = L.header_fields(schema, resource)
    where = {"sheet": sheet.name}
    first: dict[str, int] = {}
    columns: list[tuple[int, str]] = []  # (column index, field)
    titles: dict[str, str] = {}
    width = max((len(r) for r in sheet.rows), default=0)
    for j in range(1, width + 1):
        raw = sheet.value(1, j)
        title = _text(raw).strip()
        letter = L.column_letter(j)
        at = {**where, "cell": f"{letter}1", "row": 1, "column": letter}
        if title == "":
            if any(_text(sheet.value(i, j)).strip() for i in range(2, len(sheet.rows) + 1)):
                problems.append(codes.UNKNOWN_COLUMN.at(file, value="", expected=_expected(schema, resource), **at))
            continue
        key = title.casefold()
        if key not in known:
            problems.append(codes.UNKNOWN_COLUMN.at(file, value=title, expected=_expected(schema, resource), **at))
            continue
        name = known[key]
        if name is None:
            continue  # shown only
        if name in first:
            problems.append(codes.COLUMN_TWICE.at(file, title=title, first=L.column_letter(first[name]), **at))
            continue
        first[name] = j
        columns.append((j, name))
        titles[name] = title
    required = ["org_id", "indicator_id", "value"] if resource == "values" else schema.required()
    title_of = {f.name: f.title for f in schema.fields}
    expected = ", ".join(f"«{title_of[n]}»" for n in required)
    for name in required:
        if name not in first:
            problems.append(codes.MISSING_COLUMN.at(file, row=1, title=title_of[name], expected=expected, **where))
    if problems:
        return None, problems
    out = SheetRows(
        resource, sheet.name, file, [n for _, n in columns], {n: L.column_letter(j) for j, n in columns}, titles
    )
    types = L.field_types(schema)
    for i in range(2, len(sheet.rows) + 1):
        cells = {n: (j, sheet.value(i, j)) for j, n in columns}
        if not any(_text(v).strip() for _, v in cells.values()) and not any(
            (i, j) in sheet.special for j, _ in columns
        ):
            continue  # an empty row: spreadsheets keep formatted rows below the data
        indicator = _text(cells.get("indicator_id", (0, ""))[1]).strip()
        row: dict[str, str] = {}
        for name, (j, value) in cells.items():
            letter = L.column_letter(j)
            at = {**where, "cell": f"{letter}{i}", "row": i, "column": titles[name]}
            boolean = resource == "values" and name == "value" and units.get(indicator) == "boolean"
            text, problem = cell_text(sheet.special.get((i, j)), value, types.get(name, "string"), boolean, file, at)
            if problem is not None:
                problems.append(problem)
            row[name] = text
        out.rows.append((i, row))
    return out, problems


def _expected(schema: TableSchema, resource: str) -> str:
    titles = [f.title for f in schema.fields]
    if resource == "values":
        titles += list(L.SHOWN_ONLY)
    return ", ".join(f"«{t}»" for t in titles)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def cell_text(special, value: object, kind: str, boolean: bool, file: str, at: dict) -> tuple[str, Problem | None]:
    """The CSV text of one cell, or the problem that keeps it from being read."""
    if special is not None:
        if special.error:
            return "", codes.FORMULA_ERROR.at(file, value=special.error, **at)
        return "", codes.FORMULA_NO_VALUE.at(file, formula=f"«{special.formula}»" if special.formula else "", **at)
    numeric = kind in ("number", "integer")
    if value is None or value == "":
        return "", None
    if isinstance(value, bool):
        return ("1" if value else "0"), None
    if isinstance(value, int | float):
        return L.number_text(value), None
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        shown = _date(value)
        if numeric:
            return "", codes.DATE_NOT_NUMBER.at(file, value=shown, date=shown, **at)
        return (value.isoformat() if isinstance(value, dt.date) else str(value)), None
    text = str(value)
    if not numeric:
        return text, None
    return number(text, boolean, file, at)


def number(text: str, boolean: bool, file: str, at: dict) -> tuple[str, Problem | None]:
    """A number typed as text: «12,5», « 1 234 », «да»."""
    s = text.strip()
    if s == "":
        return "", None
    if boolean:
        mapped = L.YES_NO.get(s.casefold())
        if mapped is not None:
            return mapped, None
        if not NUMBER.fullmatch(s):
            return "", codes.YES_NO.at(file, value=text, **at)
    s = GROUPING.sub("", s)
    if NUMBER.fullmatch(s):
        return L.number_text(float(s.replace(",", "."))), None
    return "", codes.NOT_A_NUMBER.at(file, value=text, advice=_advice(s), **at)


def _advice(s: str) -> str:
    if s.endswith("%") and NUMBER.fullmatch(s[:-1].strip()):
        return f"уберите знак %: впишите {s[:-1].strip()}."
    if s.count(",") + s.count(".") > 1:
        return "оставьте один знак между целой и дробной частью (12,5); разряды разделяйте пробелом или не разделяйте."
    if re.search(r"[^\W\d_]", s):
        return "впишите только число, например 50 или 12,5; пояснение напишите в столбце «Примечание»."
    return "впишите число, например 50 или 12,5; пустая ячейка — значение не представлено."


def _date(value: dt.date | dt.time | dt.timedelta) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if value.time() != dt.time() else value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)
