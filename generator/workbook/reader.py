"""Reading a workbook as Excel or LibreOffice saved it: XLSX or ODS.

The values come from python-calamine (Rust): it reads both formats fast and
returns what the file stores, a formula cell's cached value included. What it
cannot tell apart from an empty cell is found by a scan of the sheet's XML,
only where the sheet has formulas or errors at all: a formula whose value was
never computed (a workbook written by a program and not opened since) and an
error value (#DIV/0!, #REF!). Those cells are reported, never read as empty."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

import python_calamine

from generator.problems import Problem
from generator.problems import workbook as codes

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")


@dataclass(frozen=True)
class Special:
    """A cell whose stored value cannot be loaded: formula without a value, or an error."""

    formula: str  # "" when the cell has no formula
    error: str  # the error value (#DIV/0!), "" when the formula has no cached value


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]  # from A1: rows[0][0] is A1
    special: dict[tuple[int, int], Special] = field(default_factory=dict)  # (row, column), 1-based

    def value(self, row: int, col: int) -> object:
        """The cell at (row, column), 1-based; "" when outside the stored area."""
        if row <= len(self.rows) and col <= len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return ""


@dataclass
class Book:
    file: str  # as the user named it
    sheets: list[Sheet]


def read_book(path: Path, shown: str) -> tuple[Book | None, list[Problem]]:
    """The workbook's sheets, or the problem that makes it unreadable."""
    if not path.is_file():
        return None, [codes.UNREADABLE.at(shown, reason="файла нет" if not path.exists() else "это папка, а не файл")]
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as err:
        return None, [codes.UNREADABLE.at(shown, reason=err.strerror or str(err))]
    kind = _kind(path, head)
    if kind in ("", "xls"):
        reason = {"xls": "старый формат .xls или книга, защищённая паролем"}.get(kind, _extension(path))
        return None, [codes.NOT_A_WORKBOOK.at(shown, reason=reason)]
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = [Sheet(name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in wb.sheet_names]
        wb.close()
    except Exception as err:  # calamine's errors (zip, XML, password) share no base class worth naming
        return None, [codes.UNREADABLE.at(shown, reason=_reason(err))]
    try:
        special = _xlsx_special(path) if kind == "xlsx" else _ods_special(path)
    except (zipfile.BadZipFile, ET.ParseError, KeyError) as err:
        return None, [codes.UNREADABLE.at(shown, reason=_reason(err))]
    for sheet in sheets:
        sheet.special = special.get(sheet.name, {})
    return Book(shown, sheets), []


def _extension(path: Path) -> str:
    return f"расширение {path.suffix}" if path.suffix else "у файла нет расширения"


def _kind(path: Path, head: bytes) -> str:
    """xlsx, ods, xls (an OLE2 file: old Excel or an encrypted workbook) or "" by content, not by name."""
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if not head.startswith(b"PK"):
        return ""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and z.read("mimetype").strip() == ODS_MIME:
                return "ods"
    except zipfile.BadZipFile:
        return ""
    return ""


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if "password" in text.lower() or "encrypt" in text.lower():
        return "книга защищена паролем"
    return "файл повреждён или это не книга (" + text[:120] + ")"


def _xlsx_special(path: Path) -> dict[str, dict[tuple[int, int], Special]]:
    out: dict[str, dict[tuple[int, int], Special]] = {}
    with zipfile.ZipFile(path) as z:
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG_REL}Relationship")}
        book = ET.fromstring(z.read("xl/workbook.xml"))
        for s in book.iter(f"{MAIN}sheet"):
            t = target.get(s.get(f"{REL}id"), "")
            part = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
            data = z.read(part)
            if b"<f" in data or b't="e"' in data:
                out[s.get("name", "")] = _xlsx_cells(data)
    return out


def _xlsx_cells(data: bytes) -> dict[tuple[int, int], Special]:
    found: dict[tuple[int, int], Special] = {}
    for c in ET.fromstring(data).iter(f"{MAIN}c"):
        f, v = c.find(f"{MAIN}f"), c.find(f"{MAIN}v")
        cached = v is not None and (v.text or "") != ""
        error = c.get("t") == "e"
        if (f is not None and not cached) or error:
            m = CELL_REF.fullmatch(c.get("r", ""))
            if m is None:
                continue
            where = (int(m.group(2)), _column_index(m.group(1)))
            formula = "=" + (f.text or "") if f is not None and f.text else ""
            found[where] = Special(formula, (v.text or "") if error and v is not None else "")
    return found


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ods_special(path: Path) -> dict[str, dict[tuple[int, int], Special]]:
    out: dict[str, dict[tuple[int, int], Special]] = {}
    with zipfile.ZipFile(path) as z:
        data = z.read("content.xml")
    if b"table:formula" not in data and b'value-type="error"' not in data:
        return out
    for table in ET.fromstring(data).iter(f"{TABLE}table"):
        found: dict[tuple[int, int], Special] = {}
        row = 0
        for r in table.iter(f"{TABLE}table-row"):
            rows = int(r.get(f"{TABLE}number-rows-repeated", "1"))
            col = 0
            for c in r:
                cols = int(c.get(f"{TABLE}number-columns-repeated", "1"))
                formula = c.get(f"{TABLE}formula")
                error = c.get(f"{CALCEXT}value-type") == "error"
                if formula is not None or error:
                    no_value = c.get(f"{OFFICE}value-type") is None
                    if error or no_value:
                        shown = "".join(c.itertext()) if error else ""
                        text = "=" + formula.split(":=", 1)[-1] if formula else ""
                        for i in range(rows):
                            for j in range(cols):
                                found[(row + 1 + i, col + 1 + j)] = Special(text, shown or ("#ERR" if error else ""))
                col += cols
            row += rows
        if found:
            out[table.get(f"{TABLE}name", "")] = found
    return out
