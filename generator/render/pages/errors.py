"""The staff page «Справочник ошибок проверки»: every code of the problem
catalogue (generator/problems/), grouped by where it arises, with its example
as the validation report prints it. It depends on the catalogue only, not on
the data."""

from __future__ import annotations

from dataclasses import dataclass

from generator.problems import MAX_PER_CHECK, show_value
from generator.problems.catalogue import GROUPS, Code, all_codes
from generator.render.pages.base import Page, doc
from generator.render.readmodel import ReadModel


@dataclass(frozen=True)
class ErrorExample:
    location: str = doc("Where the example problem is: file, row and column, as the report names them")
    message: str = doc("The example's message, placeholders filled")
    value: str = doc("The example's value as the report shows it («…»), '' = the problem has none")
    fix: str = doc("What to do, filled in for the example")


@dataclass(frozen=True)
class ErrorCode:
    code: str = doc("Slug of the rule as the report and tooling name it, e.g. not-a-number; the entry's anchor")
    title: str = doc("Short Russian title of the rule")
    meaning: str = doc("What the rule is and why it exists, in Russian")
    example: ErrorExample = doc("One problem of this rule as staff would see it")


@dataclass(frozen=True)
class ErrorGroup:
    title: str = doc("Where the problems arise («Файлы и папки», «Таблицы», …)")
    codes: tuple[ErrorCode, ...] = doc("Codes of the group, in catalogue order")


@dataclass(frozen=True)
class ErrorsPage(Page):
    TEMPLATE = "errors.md.j2"
    count: int = doc("Number of codes in the catalogue")
    max_per_check: int = doc("Problems of one code in one column shown before the rest is counted in one line")
    groups: tuple[ErrorGroup, ...] = doc("Groups of codes, in the order of the page")


def _entry(code: Code) -> ErrorCode:
    p = code.example_problem()
    example = ErrorExample(p.location(), p.message, "" if p.value is None else show_value(p.value), p.fix)
    return ErrorCode(code.slug, code.title, code.meaning, example)


def errors(lk: ReadModel, page: str) -> ErrorsPage:
    catalogue = all_codes()
    groups = tuple(
        ErrorGroup(title, tuple(_entry(c) for c in catalogue.values() if c.group == key))
        for key, title in GROUPS.items()
    )
    return ErrorsPage(corrections=lk.marks_for(page), count=len(catalogue), max_per_check=MAX_PER_CHECK, groups=groups)
