"""Validation results as data: typed problems, collected into a report.

Every problem names the file, the row (as a spreadsheet numbers it: the header
is row 1), the column, the offending value and what to do, in Russian.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Characters that must never reach a terminal or a page unescaped: controls,
# bidirectional overrides and invisible ones.
_SHOWN_AS_CODE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\u00ad"}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
MAX_SHOWN = 80
# Problems of one kind in one column beyond this are summarised in one line.
MAX_PER_CHECK = 20


def show_value(value: object) -> str:
    """The value as it may be printed safely: quoted, invisible characters named."""
    text = "" if value is None else str(value)
    out = []
    for ch in text[:MAX_SHOWN]:
        if ch in _SHOWN_AS_CODE or ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    suffix = f"… (всего {len(text)} символов)" if len(text) > MAX_SHOWN else ""
    return "«" + "".join(out) + suffix + "»"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as it can be."""

    code: str  # a stable slug, e.g. "not-a-number", for tests and tooling
    file: str  # path relative to the repository root, as staff see it
    message: str  # what is wrong, in Russian
    fix: str = ""  # what to do, in Russian
    row: int | None = None  # spreadsheet row: the header is row 1
    column: str | None = None
    value: str | None = None  # raw value, shown through show_value()

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column is not None:
            parts.append(f"столбец «{self.column}»")
        return ", ".join(parts)

    def text(self) -> str:
        line = f"{self.location()}: {self.message}"
        if self.value is not None:
            line += f" Значение: {show_value(self.value)}."
        if self.fix:
            line += f" Что сделать: {self.fix}"
        return line


@dataclass
class Report:
    """All problems found in one run; valid when there are none."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def flatten(self, keys: tuple[str, ...] = ("file", "row", "column", "code")) -> list[list[object]]:
        return [[getattr(p, k) for k in keys] for p in self.problems]

    def text(self) -> str:
        if self.valid:
            return "Ошибок не найдено."
        lines = [p.text() for p in self.problems]
        n = len(self.problems)
        lines.append(f"Найдено ошибок: {n}. Сайт не собран; исправьте данные и запустите проверку снова.")
        return "\n".join(lines)


def rel(path: Path, root: Path) -> str:
    """A path as staff see it in the repository."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class DataError(Exception):
    """Raised by a stage when the input is invalid; carries the report."""

    def __init__(self, report: Report):
        super().__init__(report.text())
        self.report = report
