"""Reading one CSV file as staff saved it: strict, with a precise answer for
the habits of spreadsheet programs (encodings, delimiters, workbooks)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd

from generator.problems import Problem

LIBREOFFICE_EXPORT = (
    "в LibreOffice Calc выберите «Файл → Сохранить как», тип «Текст CSV (.csv)», "
    "отметьте «Изменить настройки фильтра» и укажите: кодировка «Юникод (UTF-8)», "
    "разделитель полей «,», разделитель текста «\"»; в Excel — «Сохранить как → CSV UTF-8 (разделитель — запятая)»."
)


@dataclass
class RawTable:
    """A CSV file as text: every cell a string, rows indexed as a spreadsheet numbers them."""

    name: str  # resource name, e.g. "values"
    file: str  # path as staff see it, e.g. "data/2024/values.csv"
    header: list[str]
    frame: pd.DataFrame  # object columns named by header; index = spreadsheet row (header is row 1)


def _row_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_csv_bytes(data: bytes, name: str, file: str) -> tuple[RawTable | None, list[Problem]]:
    """Parse CSV bytes; return the table (None when unreadable) and the problems found."""
    problems: list[Problem] = []

    def fail(code: str, message: str, fix: str, row: int | None = None, value: str | None = None):
        problems.append(Problem(code, file, message, fix, row=row, value=value))
        return None, problems

    if not data.strip():
        return fail("empty-file", "файл пуст.", "заполните файл: первая строка — заголовки столбцов, далее данные.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return fail(
            "workbook-not-csv",
            "это книга Excel/LibreOffice (XLSX/XLS), сохранённая под именем .csv, а не текстовый CSV.",
            "сохраните лист как CSV: " + LIBREOFFICE_EXPORT,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail("encoding-utf16", "файл в кодировке UTF-16.", "сохраните файл в кодировке UTF-8: " + LIBREOFFICE_EXPORT)
    # Excel's "CSV UTF-8" writes a byte-order mark; it is not data, so it is dropped
    # here and never becomes part of the first column's name.
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        at = data.index(b"\x00")
        return fail("nul-byte", "файл содержит нулевой байт: это не текстовый CSV.", "сохраните файл заново как CSV: " + LIBREOFFICE_EXPORT, row=_row_of_offset(data, at))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        try:
            data.decode("cp1251")
            guess = "похоже, файл сохранён в кодировке Windows-1251."
        except UnicodeDecodeError:
            guess = "файл не в кодировке UTF-8."
        return fail("encoding", guess, "сохраните файл в кодировке UTF-8: " + LIBREOFFICE_EXPORT, row=_row_of_offset(data, err.start))

    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lone_lf = text.count("\n") - crlf
    if lone_cr:
        return fail("line-endings", "строки разделены символом CR (формат старых Mac).", "сохраните файл с окончаниями строк LF или CRLF: " + LIBREOFFICE_EXPORT)
    if crlf and lone_lf:
        # Row of the first line whose ending differs from the first line's.
        first_crlf = text.find("\n") > 0 and text[text.find("\n") - 1] == "\r"
        pos = 0
        line = 1
        while True:
            nl = text.find("\n", pos)
            if nl < 0:
                break
            is_crlf = nl > 0 and text[nl - 1] == "\r"
            if is_crlf != first_crlf:
                break
            pos = nl + 1
            line += 1
        return fail(
            "line-endings",
            "в файле смешаны окончания строк (CRLF и LF) — вероятно, его правили в разных программах.",
            "откройте файл в LibreOffice Calc и сохраните заново: " + LIBREOFFICE_EXPORT,
            row=line,
        )

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as err:
        return fail("csv-syntax", f"ошибка разметки CSV ({err}).", "проверьте кавычки в этой строке: значение с запятой заключается в двойные кавычки, кавычка внутри удваивается.", row=len(records) + 1)

    header = records[0] if records else []
    if not header or all(not cell.strip() for cell in header):
        return fail("no-header", "первая строка пуста: нет заголовков столбцов.", "в первой строке перечислите столбцы через запятую.", row=1)
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "точка с запятой «;»" if ";" in header[0] else "табуляция"
        return fail(
            "wrong-delimiter",
            f"столбцы разделены не запятой, а ({sep}) — так сохраняет Excel в русской локали.",
            "сохраните файл с разделителем «,»: " + LIBREOFFICE_EXPORT,
            row=1,
            value=header[0],
        )

    width = len(header)
    keep_rows: list[list[str]] = []
    keep_index: list[int] = []
    for i, record in enumerate(records[1:], start=2):
        if len(record) == width:
            if any(record):
                keep_rows.append(record)
                keep_index.append(i)
                continue
        if not record or not any(cell.strip() for cell in record):
            problems.append(Problem("blank-row", file, "пустая строка.", "удалите пустую строку.", row=i))
        else:
            problems.append(
                Problem(
                    "ragged-row",
                    file,
                    f"в строке {len(record)} значений, а столбцов в заголовке {width}.",
                    "проверьте лишние или недостающие запятые; значение с запятой заключите в двойные кавычки.",
                    row=i,
                )
            )
    columns = list(zip(*keep_rows)) if keep_rows else [() for _ in header]
    index = pd.Index(keep_index, dtype="int64", name="row")
    frame = pd.DataFrame({i: pd.Series(col, index=index, dtype="str") for i, col in enumerate(columns)}, index=index)
    frame.columns = header
    return RawTable(name, file, header, frame), problems
