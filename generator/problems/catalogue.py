"""The catalogue of problem codes, in the style of frictionless-py's `errors/`:
one code names one rule, and carries its Russian title, what it means, the
message and fix templates (named placeholders, str.format) and an example for
the staff reference page «Справочник ошибок проверки».

Where the explanation depends on the value (the number staff probably meant, a
close column name), the template has a placeholder such as {reason} or {advice}
filled by the check's hint, as frictionless fills its {note}.

The codes themselves are defined in files.py, monitoring.py, tables.py, rules.py,
extensions.py, texts.py and cycle.py, one module per group of the reference page.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

import pandas as pd

from generator.problems import MAX_PER_CHECK, Problem

# The groups of the reference page, in its order: where a problem arises.
GROUPS = {
    "files": "Файлы и папки",
    "packages": "Описание пакета года (datapackage.json)",
    "monitoring": "Настройки monitoring.yml",
    "tables": "Таблицы",
    "rules": "Правила методики",
    "workbook": "Книги Excel и LibreOffice",
    "extensions": "Дополнения к методике",
    "texts": "Тексты и сроки года",
    "cycle": "Меры, цели и практики",
}
# The line that stands for the rows beyond MAX_PER_CHECK; it keeps the code.
MORE = "та же ошибка ещё в {rest} строках, начиная с этой."
# Its fix when the fix depends on the row: one row's fix would mislead for the others.
SAME_FIX = "исправьте их так же, как показано выше для каждого случая."

CATALOGUE: dict[str, Code] = {}  # slug -> code, in the order registered; all_codes() orders them


@dataclass(frozen=True)
class Example:
    """Where the example problem of a code is found, and its placeholders."""

    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, object] = field(default_factory=dict)
    sheet: str | None = None
    cell: str | None = None


def fields(template: str) -> set[str]:
    """The named placeholders of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True, eq=False)  # a code is itself: compared and hashed by identity
class Code:
    """One rule: its slug, where it arises and how it is told to staff."""

    slug: str
    group: str  # a key of GROUPS
    title: str  # short, for the reference page
    meaning: str  # what the rule is and why, for the reference page
    message: str  # template of Problem.message
    fix: str  # template of Problem.fix
    example: Example
    more: str = MORE  # template of the line counting the rest beyond MAX_PER_CHECK: {rest}
    more_fix: str = ""  # its fix, for codes that count their rest themselves (summary())

    def at(
        self,
        file: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        **params: object,
    ) -> Problem:
        """The problem of this rule at one place; params fill the templates."""
        unused = set(params) - fields(self.message) - fields(self.fix)
        if unused:  # a misspelled placeholder would otherwise vanish silently
            raise TypeError(f"{self.slug}: no placeholder {sorted(unused)}")
        return Problem(
            self.slug,
            file,
            self.message.format(**params),
            self.fix.format(**params),
            row=row,
            column=column,
            value=value,
            sheet=sheet,
            cell=cell,
        )

    def rows(self, out: list[Problem], file: str, column: str, rows: pd.Series, **params: object) -> None:
        """Report each row of `rows` (values indexed by spreadsheet row), capped:
        a broken 50 MB file gives the first rows, then one line counting the rest.
        A param may be a function of (row, value), computed for each row."""
        static = {k: v for k, v in params.items() if not callable(v)}

        def filled(row, value) -> dict[str, object]:
            return {k: v(row, value) if callable(v) else v for k, v in params.items()}

        for row, value in rows.iloc[:MAX_PER_CHECK].items():
            # A missing cell (None/NaN) has no value to show.
            shown = None if value is None or (isinstance(value, float) and value != value) else str(value)
            out.append(self.at(file, row=int(row), column=column, value=shown, **filled(row, value)))
        if len(rows) > MAX_PER_CHECK:
            row = int(rows.index[MAX_PER_CHECK])
            varies = fields(self.fix) - set(static)
            fix = SAME_FIX if varies else self.fix.format(**{k: v for k, v in static.items() if k in fields(self.fix)})
            rest = len(rows) - MAX_PER_CHECK
            out.append(Problem(self.slug, file, self.more.format(rest=rest), fix, row=row, column=column))

    def summary(self, file: str, *, row: int | None = None, column: str | None = None, **params: object) -> Problem:
        """The line counting the problems of this code beyond those shown."""
        return Problem(
            self.slug, file, self.more.format(**params), self.more_fix.format(**params), row=row, column=column
        )

    def example_problem(self) -> Problem:
        e = self.example
        return self.at(e.file, row=e.row, column=e.column, value=e.value, sheet=e.sheet, cell=e.cell, **e.params)


def define(
    slug: str, group: str, title: str, meaning: str, message: str, fix: str, example: Example, **extra: str
) -> Code:
    """A code, registered in CATALOGUE; a slug names one rule only once."""
    if slug in CATALOGUE:
        raise ValueError(f"problem code {slug} defined twice")
    if group not in GROUPS:
        raise ValueError(f"problem code {slug}: unknown group {group}")
    code = Code(slug, group, title, meaning, message, fix, example, **extra)
    CATALOGUE[slug] = code
    return code


def all_codes() -> dict[str, Code]:
    """Every code, slug -> code, group by group in the order of GROUPS and in
    the order defined within a group (whichever module was imported first)."""
    # Imported for their side effect: they register their codes.
    from generator.problems import (  # noqa: F401
        cycle,
        extensions,
        files,
        monitoring,
        packages,
        rules,
        tables,
        texts,
        workbook,
    )

    order = list(GROUPS)
    return dict(sorted(CATALOGUE.items(), key=lambda item: order.index(item[1].group)))
