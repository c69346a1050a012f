"""Reading one CSV file as staff saved it: strict, with a precise answer for
the habits of spreadsheet programs (encodings, delimiters, workbooks).

Cells stay text here; types are the Table Schema's business (tableschema.py).
Columns are kept as pandas Categoricals: in a values file every id repeats
thousands of times, so a column is a small array of codes plus its distinct
values, and later checks run once per distinct value, not once per row.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from generator.problems import MAX_PER_CHECK, Problem
from generator.problems import tables as codes
from generator.problems.catalogue import Code
from generator.problems.tables import SAVE_AS as LIBREOFFICE_EXPORT

# Records are parsed and stored in chunks, so memory holds at most one chunk
# of Python strings at a time whatever the file's size.
CHUNK_ROWS = 100_000
_ASCII_NUMBER = re.compile(r"[+-]?[0-9]+")
_DIGITS = re.compile(r"[0-9]+")


@dataclass
class RawTable:
    """A CSV file as text: every cell a string, rows indexed as a spreadsheet numbers them."""

    name: str  # resource name, e.g. "values"
    file: str  # path as staff see it, e.g. "data/2024/values.csv"
    header: list[str]
    # Categorical columns named by header (no missing codes: every cell is a
    # string, "" when empty); index = spreadsheet row (header is row 1).
    frame: pd.DataFrame


def read_csv_bytes(data: bytes, name: str, file: str) -> tuple[RawTable | None, list[Problem]]:
    """Parse CSV bytes; return the table (None when unreadable) and the problems found."""
    data, problem = check_encoding(data, file)
    if problem is not None:
        return None, [problem]
    return parse_csv(data, name, file)


# --- bytes ------------------------------------------------------------------------


def check_encoding(data: bytes, file: str) -> tuple[bytes, Problem | None]:
    """The bytes without a byte-order mark, or the one problem that makes them
    unreadable as UTF-8 CSV."""

    def fail(code: Code, **where) -> tuple[bytes, Problem]:
        return b"", code.at(file, **where)

    # Excel's "CSV UTF-8" writes a byte-order mark; it is not data, so it is
    # dropped here and never becomes part of the first column's name.
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        return fail(codes.EMPTY_FILE)
    # ZIP (xlsx, ods) and OLE (xls) signatures: a workbook renamed to .csv.
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return fail(codes.WORKBOOK)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        return fail(codes.UTF16)
    if b"\x00" in data:
        row = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return fail(codes.NUL_BYTE, row=row)
    try:
        data.decode("utf-8")  # checked whole here; parsed lazily later, to keep memory small
    except UnicodeDecodeError as err:
        return b"", _not_utf8(data, err.start, file)
    problem = _check_line_endings(data, file)
    if problem is not None:
        return b"", problem
    return data, None


def _check_line_endings(data: bytes, file: str) -> Problem | None:
    """One kind of line ending per file. Mixed endings mean the file was
    edited in several programs, or a cell hides a line break; either way the
    staff member should look at it rather than have it read silently."""
    crlf = data.count(b"\r\n")
    lone_cr = data.count(b"\r") - crlf
    lone_lf = data.count(b"\n") - crlf
    if lone_cr:
        row = data.count(b"\n", 0, re.search(rb"\r(?!\n)", data).start()) + 1
        return codes.LINE_ENDINGS_CR.at(file, row=row)
    if crlf and lone_lf:
        row = _first_odd_row_ending(data)
        if row is not None:
            return codes.LINE_ENDINGS_MIXED.at(file, row=row)
    return None


def _first_odd_row_ending(data: bytes) -> int | None:
    """The spreadsheet row whose ending differs from the first row's, ignoring
    breaks inside quoted cells (Excel's Alt+Enter writes LF there; that is
    reported as a line break in the cell, which names the column)."""
    inside = False
    first: bool | None = None
    record = 1
    for line in data.split(b"\n")[:-1]:
        inside ^= line.count(b'"') % 2 == 1
        if inside:
            continue
        is_crlf = line.endswith(b"\r")
        if first is None:
            first = is_crlf
        elif is_crlf != first:
            return record
        record += 1
    return None


def _looks_utf16(data: bytes) -> bool:
    # UTF-16 without a byte-order mark: an ASCII header has a zero in every other byte.
    head = data[:200]
    return len(head) >= 8 and max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 2 * 0.8


def _not_utf8(data: bytes, offset: int, file: str) -> Problem:
    """Where the first non-UTF-8 byte is: row, column and the cell as Windows-1251
    would show it, which is what a file saved by Excel in a Russian locale is."""
    # Physical line; it is the spreadsheet row unless a quoted cell above spans lines.
    row = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    line = data[start : end if end >= 0 else len(data)].rstrip(b"\r")
    as_1251 = line.decode("cp1251", errors="replace")
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in as_1251)
    column = value = None
    if cyrillic:
        header = next(csv.reader([data.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", errors="replace")]), [])
        cells = next(csv.reader([as_1251]), [])
        for i, cell in enumerate(cells):
            if any(ord(ch) > 127 for ch in cell):
                value = cell
                column = header[i] if row > 1 and i < len(header) else None
                break
        return codes.ENCODING_1251.at(file, row=row, column=column, value=value)
    return codes.ENCODING.at(file, row=row)


# --- records ----------------------------------------------------------------------


def _reader(data: bytes):
    # Decoded line by line as the reader goes: io.StringIO would hold the whole
    # text as 4 bytes per character (200 MB for a 50 MB file).
    return csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""), strict=True)


def parse_csv(data: bytes, name: str, file: str) -> tuple[RawTable | None, list[Problem]]:
    """Records of comma-separated UTF-8 bytes, as a table of Categorical columns.

    Line endings may be CRLF, LF or mixed (Excel writes LF inside a cell and
    CRLF between rows; git may convert): the csv reader reads them all the
    same, and a line break inside a cell is reported by the schema check.
    """
    reader = _reader(data)
    try:
        header = next(reader, [])
    except csv.Error as err:
        return None, [_syntax_error(file, 1, err)]
    problem = _check_header_line(header, file)
    if problem is not None:
        return None, [problem]

    width = len(header)
    parts: list[list[pd.Categorical]] = [[] for _ in header]
    rows: list[np.ndarray] = []
    irregular = _Irregular(file, width)
    next_row = 2
    while True:
        try:
            chunk = list(itertools.islice(reader, CHUNK_ROWS))
        except csv.Error as err:
            return None, irregular.problems() + [_syntax_error(file, _failing_row(data), err)]
        if not chunk:
            break
        _store(chunk, next_row, width, parts, rows, irregular)
        next_row += len(chunk)

    problems = irregular.problems()
    index = pd.Index(np.concatenate(rows) if rows else np.empty(0, dtype="int64"), dtype="int64", name="row")
    columns = {i: pd.Series(_concat(p), index=index) for i, p in enumerate(parts)}
    frame = pd.DataFrame(columns, index=index)
    frame.columns = header
    return RawTable(name, file, header, frame), problems


def _check_header_line(header: list[str], file: str) -> Problem | None:
    if not header or all(not cell.strip() for cell in header):
        return codes.NO_HEADER.at(file, row=1)
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "точкой с запятой «;»" if ";" in header[0] else "табуляцией"
        return codes.WRONG_DELIMITER.at(file, row=1, value=header[0], sep=sep)
    return None


def _failing_row(data: bytes) -> int:
    """The spreadsheet row of the record the csv reader stopped at (a second,
    record-by-record pass, only when the file is broken)."""
    reader = _reader(data)
    read = 0
    try:
        for _ in reader:
            read += 1
    except csv.Error:
        pass
    return read + 1


def _syntax_error(file: str, row: int, err: csv.Error) -> Problem:
    text = str(err)
    if "expected after" in text:
        why = "после закрывающей кавычки идёт текст, а не запятая"
    elif "unexpected end of data" in text or "EOF" in text:
        why = "кавычка открыта и не закрыта до конца файла"
    elif "field larger than field limit" in text:
        why = (
            f"значение длиннее {csv.field_size_limit()} символов — обычно это незакрытая кавычка, захватившая "
            "следующие строки"
        )
    else:
        why = text
    return codes.CSV_SYNTAX.at(file, row=row, why=why)


class _Irregular:
    """Blank and ragged rows: counted everywhere, the first few kept to be shown."""

    def __init__(self, file: str, width: int):
        self.file, self.width = file, width
        self.blank: list[int] = []
        self.ragged: list[tuple[int, list[str]]] = []
        self.n_blank = self.n_ragged = 0

    def add(self, chunk: list[list[str]], rows: np.ndarray, lengths: np.ndarray, filled: np.ndarray) -> None:
        blank = np.flatnonzero(~filled)
        ragged = np.flatnonzero(filled & (lengths != self.width))
        self.n_blank += len(blank)
        self.n_ragged += len(ragged)
        self.blank += [int(rows[i]) for i in blank[: MAX_PER_CHECK - len(self.blank)]]
        self.ragged += [(int(rows[i]), chunk[i]) for i in ragged[: MAX_PER_CHECK - len(self.ragged)]]

    def problems(self) -> list[Problem]:
        out = [codes.BLANK_ROW.at(self.file, row=r) for r in self.blank]
        if self.n_blank > len(self.blank):
            out.append(codes.BLANK_ROW.summary(self.file, rest=self.n_blank - len(self.blank), after=self.blank[-1]))
        for row, record in self.ragged:
            out.append(
                codes.RAGGED_ROW.at(
                    self.file,
                    row=row,
                    value=",".join(record),
                    n=len(record),
                    width=self.width,
                    advice=self._ragged_fix(record),
                )
            )
        if self.n_ragged > len(self.ragged):
            rest = self.n_ragged - len(self.ragged)
            out.append(codes.RAGGED_ROW.summary(self.file, rest=rest, after=self.ragged[-1][0]))
        return out

    def _ragged_fix(self, record: list[str]) -> str:
        if len(record) > self.width:
            for a, b in itertools.pairwise(record):
                if _ASCII_NUMBER.fullmatch(a) and _DIGITS.fullmatch(b):
                    return (
                        f"похоже, число записано с десятичной запятой без кавычек («{a},{b}») и разделилось на "
                        "два столбца: "
                        f"запишите {a}.{b} — с точкой. " + "При сохранении из LibreOffice/Excel: " + LIBREOFFICE_EXPORT
                    )
            return "лишние запятые: значение, содержащее запятую, заключите в двойные кавычки."
        return "не хватает значений: проверьте пропущенные запятые; пустое значение — это пустое место между запятыми."


def _store(
    chunk: list[list[str]],
    first_row: int,
    width: int,
    parts: list[list[pd.Categorical]],
    rows: list[np.ndarray],
    irregular: _Irregular,
) -> None:
    """Keep the well-formed records of a chunk as Categorical pieces; hand the rest to `irregular`."""
    n = len(chunk)
    row_numbers = np.arange(first_row, first_row + n, dtype="int64")
    lengths = np.fromiter(map(len, chunk), dtype="int64", count=n)
    filled = np.fromiter(map(any, chunk), dtype=bool, count=n)  # False: every cell empty
    keep = filled & (lengths == width)
    if not keep.all():
        irregular.add(chunk, row_numbers, lengths, filled)
        chunk = list(itertools.compress(chunk, keep.tolist()))
        row_numbers = row_numbers[keep]
    rows.append(row_numbers)
    if chunk:
        # Every kept record has `width` cells, so this is an n x width array.
        cells = np.array(chunk, dtype=object).reshape(len(chunk), width)
        for i in range(width):
            parts[i].append(pd.Categorical(cells[:, i]))


def _concat(pieces: list[pd.Categorical]) -> pd.Categorical:
    if not pieces:
        return pd.Categorical(np.array([], dtype=object))
    return pieces[0] if len(pieces) == 1 else union_categoricals(pieces)
