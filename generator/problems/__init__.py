"""Validation results as data: typed problems, collected into a report.

Every problem names the file, the row (as a spreadsheet numbers it: the header
is row 1), the column, the offending value and what to do, in Russian. Problems
are made through the catalogue of codes (catalogue.py and the modules beside it:
files, monitoring, tables, rules), one code per rule, each with its Russian
message and fix templates; hints.py explains a wrong cell value for them.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Characters that must never reach a terminal or a page unescaped: controls,
# bidirectional overrides and invisible ones. A value is shown to staff to be
# retyped, so what they cannot see is named by its code point.
_SHOWN_AS_CODE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\u00ad", "\u034f", "\u180e"}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
MAX_SHOWN = 80
# Problems of one kind in one column beyond this are summarised in one line.
MAX_PER_CHECK = 20


def _hidden(ch: str) -> bool:
    if ch in _SHOWN_AS_CODE or ch in _BIDI:
        return True
    cat = unicodedata.category(ch)
    # Space separators other than the plain space (U+2007, U+202F, ...) look
    # like a space but break numbers and ids.
    return cat in _HIDDEN_CATEGORIES or (cat == "Zs" and ch != " ")


def escape(text: str) -> str:
    """Text with every invisible, control or direction-changing character named
    as <U+XXXX>, so printing it cannot reorder or hide anything."""
    return "".join(f"<U+{ord(ch):04X}>" if _hidden(ch) else ch for ch in text)


def show_value(value: object) -> str:
    """The value as it may be printed safely: quoted, invisible characters named, truncated."""
    text = "" if value is None else str(value)
    suffix = f"… (всего {len(text)} символов)" if len(text) > MAX_SHOWN else ""
    return "«" + escape(text[:MAX_SHOWN]) + suffix + "»"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as it can be."""

    code: str  # a stable slug naming one rule of the catalogue, e.g. "not-a-number"
    file: str  # path relative to the repository root, as staff see it
    message: str  # what is wrong, in Russian
    fix: str = ""  # what to do, in Russian
    row: int | None = None  # spreadsheet row: the header is row 1
    column: str | None = None
    value: str | None = None  # raw value, shown through show_value()
    sheet: str | None = None  # a workbook's sheet (generator/workbook/), when the input was a workbook
    cell: str | None = None  # the cell's address on that sheet, e.g. "G7"

    def location(self) -> str:
        # File, sheet and column names come from staff's files too: escaped like values.
        parts = [escape(self.file)]
        if self.sheet is not None:
            parts.append(f"лист «{escape(self.sheet[:MAX_SHOWN])}»")
        if self.cell is not None:
            parts.append(f"ячейка {escape(self.cell)}")
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column is not None:
            parts.append(f"столбец «{escape(self.column[:MAX_SHOWN])}»")
        return ", ".join(parts)

    def text(self) -> str:
        # Messages may quote data (ids in a cycle, a suggested name): escaped as well.
        line = f"{self.location()}: {escape(self.message)}"
        if self.value is not None:
            line += f" Значение: {show_value(self.value)}."
        if self.fix:
            line += f" Что сделать: {escape(self.fix)}"
        return line


@dataclass
class Report:
    """All problems found in one run; valid when there are none."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def ordered(self) -> list[Problem]:
        """As staff read them: file by file (in the order first met), within a
        file by row, problems of the whole file first; ties keep the order found."""
        files: dict[str, int] = {}
        for p in self.problems:
            files.setdefault(p.file, len(files))
        return sorted(self.problems, key=lambda p: (files[p.file], p.row or 0))

    def flatten(self, keys: tuple[str, ...] = ("file", "row", "column", "code")) -> list[list[object]]:
        return [[getattr(p, k) for k in keys] for p in self.ordered()]

    def text(self, outcome: str = "Сайт не собран; исправьте данные и запустите проверку снова.") -> str:
        """Every problem, then the count and `outcome`: what the failed command left undone."""
        if self.valid:
            return "Ошибок не найдено."
        lines = [p.text() for p in self.ordered()]
        n = len(self.problems)
        lines.append(f"Найдено ошибок: {n}. {outcome}")
        return "\n".join(lines)


def rel(path: Path, root: Path) -> str:
    """A path as staff see it: relative to `root` (the folder the command ran in,
    or the data folder's parent), with «..» when it lies beside it; absolute when
    `root` is the file system's root (the data folder was typed as an absolute
    path). Symbolic links are not followed: a link is named by where it is."""
    path, root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    if root == Path(root.anchor):
        return path.as_posix()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return Path(os.path.relpath(path, root)).as_posix()
        except ValueError:  # another drive
            return path.as_posix()


class DataError(Exception):
    """Raised by a stage when the input is invalid; carries the report."""

    def __init__(self, report: Report):
        super().__init__(report.text())
        self.report = report
