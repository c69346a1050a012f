"""The data page: the downloads."""

from __future__ import annotations

from dataclasses import dataclass

from generator.export import RESULT_SCHEMAS
from generator.render import urls as U
from generator.render.pages.base import Page, doc
from generator.render.readmodel import ReadModel


@dataclass(frozen=True)
class Download:
    title: str = doc("Title of the file as listed")
    description: str = doc("What the file holds, '' = nothing said")
    href: str = doc("Link to the file")


@dataclass(frozen=True)
class DataYear:
    year: int = doc("Monitoring year")
    files: tuple[Download, ...] = doc("Input files of the year, by name")


@dataclass(frozen=True)
class Column:
    name: str = doc("Column name in the CSV header (the Table Schema field name)")
    title: str = doc("Its Russian title (the schema's title, the XLSX heading)")
    description: str = doc("What it holds")


@dataclass(frozen=True)
class FileColumns:
    file: str = doc("File name, e.g. scores.csv")
    columns: tuple[Column, ...] = doc("Its columns, in file order")


@dataclass(frozen=True)
class DataPage(Page):
    TEMPLATE = "data.md.j2"
    results: tuple[Download, ...] = doc("Files of the results package")
    years: tuple[DataYear, ...] = doc("Input files of every year")
    columns: tuple[FileColumns, ...] = doc("Columns of each CSV of the results package, from its Table Schema")
    documents: tuple[DataYear, ...] = doc(
        "Each year's report (PDF, DOCX) and the letters to heads (issue 15)", default=()
    )


def data(lk: ReadModel, page: str, results: list[dict], inputs: dict[int, list[str]]) -> DataPage:
    """results: {"path", "title", "description"} of each results file; inputs:
    year -> names of its input files."""
    return DataPage(
        corrections=lk.marks_for(page),
        results=tuple(Download(f["title"], f["description"], U.href(page, f["path"])) for f in results),
        years=tuple(
            DataYear(y, tuple(Download(n, "", U.href(page, f"downloads/data/{y}/{n}")) for n in inputs.get(y, ())))
            for y in lk.years
        ),
        columns=tuple(
            FileColumns(file, tuple(Column(f["name"], f["title"], f["description"]) for f in schema["fields"]))
            for file, schema in RESULT_SCHEMAS.items()
        ),
        documents=tuple(documents(lk, page)),
    )


def documents(lk: ReadModel, page: str) -> list[DataYear]:
    """The reports of every year and the ZIP of the letters of each year that some organization ended on."""
    last = {ys[-1] for ys in lk.org_years.values()}
    out = []
    for y in reversed(lk.years):
        files = [
            Download("Отчёт (PDF)", "", U.href(page, U.report_file(y, "pdf"))),
            Download("Отчёт (DOCX)", "", U.href(page, U.report_file(y, "docx"))),
        ]
        if y in last:
            files.append(Download("Письма руководителям (ZIP, DOCX)", "", U.href(page, U.letters_zip(y))))
        out.append(DataYear(y, tuple(files)))
    return out
