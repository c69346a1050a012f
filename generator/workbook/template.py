"""`monitoring-site template YEAR`: the workbook staff fill in.

The values sheet lists every applicable (organization, indicator) pair of
the year with the names, the unit and the allowed values beside the ids; only
the value and note cells are editable, each checked by the editor (a range, a
whole number, a «да/нет» list). The full workbook also has a sheet per table
of the year, as in its CSV files, with drop-down lists for ids, kinds, units,
polarities and methods. Text is always written as text: a name starting with
«=» stays a name. The bytes are deterministic: fixed properties and zip times.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from generator.csvfile import RawTable
from generator.model import applicable_pairs
from generator.tableschema import TableSchema
from generator.workbook import layout as L
from generator.workbook.instructions import instructions

FORMULA_START = ("=", "+", "-", "@")
HEADER = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
EDITABLE = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
SPARE_ROWS = 200  # editable empty rows under a reference table, for new organizations or indicators
# Drop-down lists of the hidden sheet: (header, column letter there).
LIST_COLUMNS = ("Типы", "Единицы", "Направленность", "Методы", "Да/нет", "Организации", "Показатели", "Направления")


@dataclass(frozen=True)
class Source:
    """What a workbook is made of: the year's tables as its CSV files hold them,
    checked by validation (a year not yet filled in is fine: that is what a template is for)."""

    year: int
    tables: dict[str, RawTable]  # resource -> the CSV table of strings
    schemas: dict[str, TableSchema]
    kinds: dict[str, str]  # kind id -> Russian name (monitoring.yml)
    title: str  # the monitoring's title (monitoring.yml)


def full_workbook(src: Source) -> bytes:
    """Every table of the year; the values of every organization."""
    return _workbook(src, None)


def organization_workbook(src: Source, org_id: str) -> bytes:
    """The instructions and the values of one organization: what is sent to a school."""
    return _workbook(src, org_id)


def _workbook(src: Source, org_id: str | None) -> bytes:
    wb = Workbook()
    guide = wb.active
    guide.title = L.INSTRUCTIONS
    org_name = ""
    if org_id is not None:
        orgs = src.tables["organizations"].frame
        org_name = str(orgs.loc[orgs["id"] == org_id, "name"].iloc[0])
    _fill_instructions(guide, src, org_id, org_name)
    lists = _lists(wb, src)
    _values_sheet(wb.create_sheet(L.SHEETS["values"]), src, org_id, lists)
    if org_id is None:
        for resource, title in L.SHEETS.items():
            if resource != "values" and resource in src.tables:
                _table_sheet(wb.create_sheet(title), src, resource, lists)
    wb.move_sheet(L.LISTS, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(L.LISTS))
    wb[L.LISTS].sheet_state = "hidden"
    wb.active = 1  # opens on the values
    # Sheets cannot be added, removed or renamed: the import finds the tables by sheet name.
    wb.security = WorkbookProtection(lockStructure=True)
    stamp = datetime(src.year, 1, 1)
    props = wb.properties
    props.creator = props.lastModifiedBy = "monitoring-site"
    props.title = f"{src.title}, {src.year} год" + (f": {org_name}" if org_name else "")
    props.created = props.modified = stamp
    out = io.BytesIO()
    wb.save(out)
    return _deterministic(out.getvalue(), stamp)


# -- cells -----------------------------------------------------------------------------


def put(ws, row: int, col: int, value) -> None:
    """A cell: numbers as numbers, text always as text (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take a leading «=» for a formula
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # and the editor keeps it text when the cell is edited


def _header(ws, columns: list[L.Column]) -> None:
    for j, col in enumerate(columns, start=1):
        put(ws, 1, j, col.title)
        cell = ws.cell(row=1, column=j)
        cell.font, cell.fill, cell.alignment = HEADER, HEADER_FILL, WRAP
        ws.column_dimensions[L.column_letter(j)].width = col.width
    ws.freeze_panes = "A2"


def _protect(ws, rows: int, columns: int, add_rows: bool) -> None:
    ws.protection.sheet = True  # no password: protection guards against slips, not people
    ws.protection.autoFilter = False  # False = allowed
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.insertRows = not add_rows
    ws.protection.deleteRows = not add_rows
    ws.auto_filter.ref = f"A1:{L.column_letter(columns)}{max(rows, 2)}"


def _dv(ws, kind: str, error: str, prompt: str = "", **extra) -> DataValidation:
    dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorTitle="Проверьте значение", **extra)
    dv.error = error
    if prompt:
        dv.promptTitle, dv.prompt, dv.showInputMessage = "Что вписать", prompt, True
    ws.add_data_validation(dv)
    return dv


def _list_dv(ws, lists: dict[str, str], name: str, error: str) -> DataValidation:
    return _dv(ws, "list", error, formula1=lists[name])


# -- sheets ----------------------------------------------------------------------------


def _fill_instructions(ws, src: Source, org_id: str | None, org_name: str) -> None:
    put(ws, 1, 1, f"{src.title}: ввод данных за {src.year} год")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    put(ws, 2, 1, L.YEAR_LABEL)
    put(ws, 2, 2, src.year)
    row = 3
    if org_id is not None:
        put(ws, 3, 1, "Организация")
        put(ws, 3, 2, f"{org_name} ({org_id})")
        row = 4
    municipal = src.tables["indicators"].frame.get("municipal")
    pooled = municipal is not None and bool((municipal.astype(str) == "pooled").any())
    for line in instructions(src.year, org_id is not None, pooled):
        row += 1
        put(ws, row, 1, line)
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110
    ws.column_dimensions["B"].width = 40
    ws.protection.sheet = True


def _lists(wb: Workbook, src: Source) -> dict[str, str]:
    """The hidden sheet of drop-down lists; name -> the range a list validation refers to."""
    ws = wb.create_sheet(L.LISTS)
    schema = {f.name: f for f in src.schemas["indicators"].fields}
    t = {name: table.frame for name, table in src.tables.items()}
    columns = {
        "Типы": list(src.kinds),
        "Единицы": schema["unit"].constraints.get("enum", []),
        "Направленность": schema["polarity"].constraints.get("enum", []),
        "Методы": schema["method"].constraints.get("enum", []),
        "Да/нет": [L.YES, L.NO],
        "Организации": list(t["organizations"]["id"].astype(str)),
        "Показатели": list(t["indicators"]["id"].astype(str)),
        "Направления": list(t["directions"]["id"].astype(str)),
    }
    refs = {}
    for j, name in enumerate(LIST_COLUMNS, start=1):
        put(ws, 1, j, name)
        for i, item in enumerate(columns[name], start=2):
            put(ws, i, j, item)
        letter = L.column_letter(j)
        refs[name] = f"'{L.LISTS}'!${letter}$2:${letter}${max(len(columns[name]) + 1, 2)}"
    ws.protection.sheet = True
    return refs


def _values_sheet(ws, src: Source, org_id: str | None, lists: dict[str, str]) -> None:
    pairs = _pairs(src, org_id)
    pooled = bool(pairs["pooled"].any())
    columns = L.values_columns(src.schemas["values"], pooled)
    _header(ws, columns)
    rules: dict[tuple, tuple[L.Rule, list[str]]] = {}
    letter = {c.field: L.column_letter(j) for j, c in enumerate(columns, start=1) if c.field}
    fraction = L.Rule("", "decimal", "greaterThanOrEqual", 0)  # numerator and denominator: numbers, 0 or more
    for i, p in enumerate(pairs.itertuples(index=False), start=2):
        rule = L.value_rule(p.unit, p.max_points)
        value = p.value
        if p.unit == "boolean" and not pd.isna(value):
            value = L.YES if value == 1 else L.NO
        allowed = L.POOLED_RULE_TEXT if p.pooled else rule.allowed
        cells = [p.org_id, p.org_name, p.indicator_id, p.indicator_name, L.unit_label(p.unit), allowed, value]
        cells += [p.numerator, p.denominator] if pooled else []
        cells.append(p.note if isinstance(p.note, str) and p.note else None)
        for j, (col, v) in enumerate(zip(columns, cells), start=1):
            put(ws, i, j, v)
            cell = ws.cell(row=i, column=j)
            # A pooled row takes its fraction, any other row its value.
            open_ = col.editable and not (
                (p.pooled and col.field == "value") or (not p.pooled and col.field in ("numerator", "denominator"))
            )
            if open_:
                cell.protection = EDITABLE
            else:
                cell.fill = LOCKED_FILL
        if p.pooled:
            for name in ("numerator", "denominator"):
                rules.setdefault(fraction.key, (fraction, []))[1].append(f"{letter[name]}{i}")
        else:
            rules.setdefault(rule.key, (rule, []))[1].append(f"{letter['value']}{i}")
    for rule, cells in rules.values():
        # Set at once: DataValidation.add checks each range against all before it (quadratic).
        _value_dv(ws, rule, lists).sqref = MultiCellRange(" ".join(_ranges(cells)))
    last = len(pairs) + 1
    _list_dv(ws, lists, "Организации", "Выберите организацию из списка.").add(f"A2:A{max(last, 2)}")
    _list_dv(ws, lists, "Показатели", "Выберите показатель из списка.").add(f"C2:C{max(last, 2)}")
    _protect(ws, len(pairs) + 1, len(columns), add_rows=False)


def _pairs(src: Source, org_id: str | None) -> pd.DataFrame:
    """Every applicable (organization, indicator) pair, in the order of the files,
    with the names, unit, maximum and the value and note already entered."""
    o = src.tables["organizations"].frame
    orgs = o[["id", "name", "kind"]].astype(str).rename(columns={"id": "org_id", "name": "org_name"})
    f = src.tables["indicators"].frame
    inds = pd.DataFrame(
        {
            "indicator_id": f["id"].astype(str),
            "indicator_name": f["name"].astype(str),
            "kinds": [tuple(k for k in str(x).split(";") if k) for x in f.get("kinds", [""] * len(f))],
            "unit": f["unit"].astype(str),
            "max_points": [float(x) if str(x) != "" else math.nan for x in f.get("max_points", [""] * len(f))],
            "groups": [_ids(x) for x in f.get("groups", [""] * len(f))],
            "pooled": [str(x) == "pooled" for x in f.get("municipal", [""] * len(f))],
        }
    )
    orgs = orgs.assign(groups=[_ids(x) for x in o.get("groups", [""] * len(o))])
    if org_id is not None:
        orgs = orgs[orgs["org_id"] == org_id]
    pairs = applicable_pairs(orgs, inds)  # by kind and by group, as validation applies them
    v = src.tables["values"].frame

    def column(name: str) -> list[str]:
        return list(v[name].astype(str)) if name in v else [""] * len(v)

    def number(x: str) -> float | None:
        return float(x) if x != "" else None

    columns = zip(
        column("org_id"), column("indicator_id"), column("value"), column("numerator"), column("denominator"),
        column("note"),
    )  # fmt: skip
    entered = {(o, i): (number(x), number(a), number(b), n) for o, i, x, a, b, n in columns}
    found = [entered.get(k, (None, None, None, "")) for k in zip(pairs["org_id"], pairs["indicator_id"])]
    return pairs.assign(
        value=[x[0] for x in found],
        numerator=[x[1] for x in found],
        denominator=[x[2] for x in found],
        note=[x[3] for x in found],
    ).drop(columns="groups")


def _ids(cell: object) -> tuple[str, ...]:
    """A ';'-separated cell of ids (groups) as a tuple."""
    return tuple(x.strip() for x in str(cell).split(";") if x.strip())


def _value_dv(ws, rule: L.Rule, lists: dict[str, str]) -> DataValidation:
    error = f"Допустимые значения: {rule.allowed}. Пустая ячейка — значение не представлено."
    if rule.kind == "list":
        return _dv(ws, "list", error, "Выберите «да» или «нет».", formula1=lists["Да/нет"])
    extra = {"operator": rule.operator, "formula1": L.number_text(rule.low)}
    if rule.high is not None:
        extra["formula2"] = L.number_text(rule.high)
    return _dv(ws, rule.kind, error, f"Впишите число: {rule.allowed}.", **extra)


def _ranges(cells: list[str]) -> list[str]:
    """G2 G3 G4 G7 -> G2:G4 G7: one data validation covers many rows in a few ranges."""
    out: list[str] = []
    start = prev = None
    col = ""
    for ref in cells:
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        col, n = m.group(1), int(m.group(2))
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(f"{col}{start}" if start == prev else f"{col}{start}:{col}{prev}")
        start = prev = n
    if start is not None:
        out.append(f"{col}{start}" if start == prev else f"{col}{start}:{col}{prev}")
    return out


# Which drop-down list checks which column of a reference sheet.
LIST_OF = {
    ("organizations", "kind"): "Типы",
    ("indicators", "unit"): "Единицы",
    ("indicators", "polarity"): "Направленность",
    ("indicators", "method"): "Методы",
    ("indicators", "direction_id"): "Направления",
    ("directions", "parent_id"): "Направления",
    ("recommendations", "direction_id"): "Направления",
}


def _table_sheet(ws, src: Source, resource: str, lists: dict[str, str]) -> None:
    table = src.tables[resource]
    schema = src.schemas[resource]
    columns = L.table_columns(schema, table.header)
    _header(ws, columns)
    types = L.field_types(schema)
    frame = table.frame
    for i, values in enumerate(zip(*(frame[c].astype(str) for c in table.header)), start=2):
        for j, (name, text) in enumerate(zip(table.header, values), start=1):
            put(ws, i, j, _typed(text, types.get(name, "string")))
    last = len(frame) + 1 + SPARE_ROWS
    for j in range(1, len(columns) + 1):
        for i in range(2, last + 1):
            ws.cell(row=i, column=j).protection = EDITABLE
    for j, name in enumerate(table.header, start=1):
        letter = L.column_letter(j)
        area = f"{letter}2:{letter}{last}"
        if (resource, name) in LIST_OF:
            _list_dv(ws, lists, LIST_OF[(resource, name)], "Выберите значение из списка.").add(area)
        elif types.get(name) in ("number", "integer"):
            _dv(ws, "decimal", "Впишите число.", operator="between", formula1="-1E+15", formula2="1E+15").add(area)
    _protect(ws, last, len(columns), add_rows=True)


def _typed(text: str, kind: str):
    """A CSV cell for the sheet: numbers as numbers (so the editor checks them), the rest as text."""
    if text == "":
        return None
    if kind in ("number", "integer"):
        try:
            x = float(text)
        except ValueError:
            return text
        return int(x) if x.is_integer() and "." not in text and "e" not in text.lower() else x
    return text


# -- bytes -----------------------------------------------------------------------------

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _deterministic(data: bytes, stamp: datetime) -> bytes:
    """The same workbook as the same bytes: openpyxl stamps the save time into
    docProps/core.xml and the zip entries; both are fixed here."""
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + fixed + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, body)
    return out.getvalue()
