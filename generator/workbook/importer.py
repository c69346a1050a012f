"""`monitoring-site import FILE... --year YEAR`: filled workbooks into the year's CSV files.

Values are merged into the year's values.csv by (organization, indicator):
a workbook replaces the rows it has (an empty cell = not reported) and
leaves the others, so the workbooks the schools send back can be loaded one
by one or all at once. A sheet of another table (the full workbook's
«Организации», …) replaces that table. The new files are validated with the
rest of the data exactly as `validate` does, in memory, and each problem of a
row that came from a workbook is told at its cell. Only when everything is
valid is the year's folder replaced, whole and at once (write.swap_in)."""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.csvfile import read_csv_bytes
from generator.load import RawDataset, RawPackage, load
from generator.problems import DataError, Problem, Report, rel
from generator.problems import workbook as codes
from generator.tableschema import TableSchema, load_schemas
from generator.validate import validate
from generator.workbook import layout as L
from generator.workbook.cells import SheetRows, read_sheet
from generator.workbook.reader import Book, read_book
from generator.write import staging_dir, swap_in

KEY = ("org_id", "indicator_id")
# Problems that only say the year is not filled in yet: a template is made for
# such a year and workbooks come back one by one, so they do not stop an import
# (they are told as a warning); validate and build still refuse the year.
INCOMPLETE = {"unfilled", "unreported"}


def split_incomplete(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(errors, the problems that only say the year is not complete)."""
    return [p for p in problems if p.code not in INCOMPLETE], [p for p in problems if p.code in INCOMPLETE]


@dataclass
class Imported:
    """What an import did, for the summary line."""

    books: int
    values: int  # value rows read from the workbooks
    filled: int  # of them, with a value
    written: list[str] = field(default_factory=list)  # files replaced, as staff see them
    incomplete: list[Problem] = field(default_factory=list)  # what is still not filled in


@dataclass
class _Origin:
    file: str
    sheet: str
    row: int
    letters: dict[str, str]
    titles: dict[str, str]


def year_package(data_dir: Path, year: int, root: Path) -> tuple[RawDataset, RawPackage, list[Problem]]:
    """The data as loaded (not yet validated), the year's package and what load
    found; DataError when the year cannot be loaded at all."""
    raw, problems = load(data_dir, root)
    package = next((p for p in raw.packages if p.year == year), None) if raw is not None else None
    if raw is None or package is None:
        if raw is not None and not (data_dir / str(year)).is_dir():
            problems = [codes.NO_YEAR.at(rel(data_dir / str(year), root), year=year)]
        raise DataError(Report(list(problems)))
    return raw, package, problems


def import_books(data_dir: Path, year: int, books: list[tuple[Path, str]], root: Path) -> Imported:
    """books: (path, the path as the user typed it). Raises DataError; writes nothing then."""
    raw, package, loaded = year_package(data_dir, year, root)
    schemas = load_schemas()
    units = {}
    if "indicators" in package.tables:
        f = package.tables["indicators"].frame
        if {"id", "unit"} <= set(f.columns):
            units = dict(zip(f["id"].astype(str), f["unit"].astype(str)))
    problems: list[Problem] = []
    sheets: list[SheetRows] = []
    for path, shown in books:
        book, found = read_book(path, shown)
        problems += found
        if book is not None:
            rows, found = _book_sheets(book, year, package, schemas, units)
            sheets += rows
            problems += found
    tables, origins, found = _merge(sheets, package, schemas)
    problems += found
    shown_files = {r: package.tables[r].file for r in tables}
    for resource, data in tables.items():
        table, found = read_csv_bytes(data, resource, shown_files[resource])
        problems += found
        if table is not None:
            package.tables[resource] = table
    _, report = validate(raw)
    # What load found in the files being replaced is stale; the rest stays.
    stale = set(shown_files.values())
    report_problems = [p for p in loaded if p.file not in stale] + report.problems
    told = {(p.file, p.sheet, p.cell) for p in problems if p.cell}
    report_problems, incomplete = split_incomplete(report_problems)
    for p in report_problems:
        placed = _at_cell(p, shown_files, origins)
        if (placed.file, placed.sheet, placed.cell) not in told or placed.cell is None:
            problems.append(placed)
    if problems:
        raise DataError(Report(_unique(problems)))
    values = [row for s in sheets if s.resource == "values" for _, row in s.rows]
    # A row is filled in when it has a value, or (a pooled indicator, rule 7b) its numerator.
    filled = sum(1 for v in values if v.get("value", "") != "" or v.get("numerator", "") != "")
    done = Imported(len(books), len(values), filled)
    done.incomplete = incomplete
    changed = _write(data_dir / str(year), package, tables)
    done.written = [shown_files[r] for r in sorted(changed)]
    return done


def _book_sheets(
    book: Book, year: int, package: RawPackage, schemas: dict[str, TableSchema], units: dict[str, str]
) -> tuple[list[SheetRows], list[Problem]]:
    problems: list[Problem] = []
    out: list[SheetRows] = []
    names = ", ".join(f"«{t}»" for r, t in L.SHEETS.items() if r in package.tables)
    for sheet in book.sheets:
        if sheet.name == L.INSTRUCTIONS:
            label, found = sheet.value(2, 1), sheet.value(2, 2)
            if label == L.YEAR_LABEL and isinstance(found, int | float) and int(found) != year:
                problems.append(
                    codes.WRONG_YEAR.at(
                        book.file,
                        sheet=sheet.name,
                        cell=L.YEAR_CELL,
                        row=2,
                        value=str(int(found)),
                        found=int(found),
                        year=year,
                    )
                )
            continue
        if sheet.name == L.LISTS:
            continue
        resource = L.RESOURCE_OF.get(sheet.name)
        if resource is None or resource not in package.tables:
            if any(str(v).strip() for r in sheet.rows for v in r if v is not None):
                problems.append(codes.UNKNOWN_SHEET.at(book.file, sheet=sheet.name, sheets=names))
            continue
        rows, found = read_sheet(sheet, book.file, resource, schemas[resource], units)
        problems += found
        if rows is not None:
            out.append(rows)
    if not out and not problems:
        problems.append(codes.NO_DATA_SHEET.at(book.file, sheets=names))
    return out, problems


def _merge(
    sheets: list[SheetRows], package: RawPackage, schemas: dict[str, TableSchema]
) -> tuple[dict[str, bytes], dict[str, dict[int, _Origin]], list[Problem]]:
    """The new CSV bytes of each resource a sheet replaces or updates, and
    for each CSV row the cell it came from."""
    problems: list[Problem] = []
    tables: dict[str, bytes] = {}
    origins: dict[str, dict[int, _Origin]] = {}
    owner: dict[str, SheetRows] = {}
    values = [s for s in sheets if s.resource == "values"]
    for s in sheets:
        if s.resource == "values":
            continue
        if s.resource in owner:
            other = owner[s.resource].file
            problems.append(codes.SHEET_TWICE.at(s.file, sheet=s.sheet, name=s.sheet, other=other))
            continue
        owner[s.resource] = s
        old = package.tables[s.resource].header
        header = old if set(old) == set(s.fields) else s.fields
        rows = [[r.get(n, "") for n in header] for _, r in s.rows]
        tables[s.resource] = _csv(header, rows)
        origins[s.resource] = {i: _origin(s, row) for i, (row, _) in enumerate(s.rows, start=2)}
    if values:
        data, where, found = _merge_values(values, package)
        tables["values"], origins["values"] = data, where
        problems += found
    return tables, origins, problems


def _origin(s: SheetRows, row: int) -> _Origin:
    return _Origin(s.file, s.sheet, row, s.letters, s.titles)


def _merge_values(sheets: list[SheetRows], package: RawPackage) -> tuple[bytes, dict[int, _Origin], list[Problem]]:
    problems: list[Problem] = []
    frame = package.tables["values"].frame
    header = list(package.tables["values"].header)
    rows = [dict(zip(header, r)) for r in zip(*(frame[c].astype(str) for c in header))]
    position = {(r.get("org_id", ""), r.get("indicator_id", "")): i for i, r in enumerate(rows)}
    seen: dict[tuple[str, str], tuple[SheetRows, int]] = {}
    where: dict[int, _Origin] = {}
    for s in sheets:
        for name in ("numerator", "denominator", "note"):  # rule 7b's fraction, when the sheet has it
            if name in s.fields and name not in header:
                header.append(name)
        for row, r in s.rows:
            key = (r.get("org_id", "").strip(), r.get("indicator_id", "").strip())
            if key in seen and all(key):
                first, first_row = seen[key]
                letter = s.letters["org_id"]
                other = f"{first.file}, лист «{first.sheet}», строка {first_row}"
                problems.append(
                    codes.PAIR_TWICE.at(
                        s.file,
                        sheet=s.sheet,
                        cell=f"{letter}{row}",
                        row=row,
                        column=s.titles["org_id"],
                        value=key[0],
                        other=other,
                    )
                )
                continue
            seen[key] = (s, row)
            update = {"value": r.get("value", "")} | {
                n: r[n] for n in ("numerator", "denominator", "note") if n in s.fields
            }
            if key in position and all(key):
                rows[position[key]].update(update)
                i = position[key]
            else:
                rows.append({"org_id": r.get("org_id", ""), "indicator_id": r.get("indicator_id", ""), **update})
                i = len(rows) - 1
            where[i + 2] = _origin(s, row)
    return _csv(header, [[r.get(n, "") for n in header] for r in rows]), where, problems


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _at_cell(p: Problem, shown: dict[str, str], origins: dict[str, dict[int, _Origin]]) -> Problem:
    """A problem of a CSV row that came from a workbook, told at the workbook's cell."""
    resource = next((r for r, f in shown.items() if f == p.file), None)
    if resource is None or p.row is None or p.row not in origins.get(resource, {}):
        return p
    o = origins[resource][p.row]
    letter = o.letters.get(p.column or "")
    return replace(
        p,
        file=o.file,
        sheet=o.sheet,
        row=o.row,
        cell=f"{letter}{o.row}" if letter else None,
        column=o.titles.get(p.column or "", p.column),
    )


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]


def _write(folder: Path, package: RawPackage, tables: dict[str, bytes]) -> list[str]:
    """The year's folder with the new files, swapped in whole; the resources
    whose bytes changed (nothing is rewritten when none did)."""
    paths = {r.get("name"): r.get("path") for r in package.descriptor.get("resources", []) if isinstance(r, dict)}
    changed = [r for r, data in tables.items() if (folder / paths[r]).read_bytes() != data]
    if not changed:
        return []
    tables = {r: tables[r] for r in changed}
    new = staging_dir(folder)
    try:
        shutil.copytree(folder, new, symlinks=True, dirs_exist_ok=True)
        for resource, data in tables.items():
            (new / paths[resource]).write_bytes(data)
        swap_in(new, folder)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return changed
