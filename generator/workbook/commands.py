"""What `monitoring-site template` and `monitoring-site import` do, for cli.py."""

from __future__ import annotations

import os
from pathlib import Path

from generator.problems import DataError, Report
from generator.tableschema import load_schemas
from generator.validate import validate
from generator.workbook.importer import Imported, import_books, split_incomplete, year_package
from generator.workbook.template import Source, full_workbook, organization_workbook

__all__ = ["Imported", "import_books", "make_templates", "organization_file"]


def source(data_dir: Path, year: int, root: Path) -> Source:
    """The year, validated with all the data: a workbook is made only from valid
    data, though not necessarily filled in (that is what it is for)."""
    raw, package, problems = year_package(data_dir, year, root)
    _, report = validate(raw)
    errors, _ = split_incomplete(list(problems) + report.problems)
    if errors:
        raise DataError(Report(errors))
    s = raw.settings
    return Source(year, dict(package.tables), load_schemas(), dict(s.kinds), s.title)


def organization_file(year: int, org_id: str) -> str:
    """The name of one organization's workbook: ids are latin letters, digits, «-» and «_»."""
    return f"{year}-{org_id}.xlsx"


def make_templates(data_dir: Path, year: int, out: Path, per_organization: bool, root: Path) -> list[Path]:
    """Write the workbook to `out`, or one workbook per organization into the folder `out`."""
    src = source(data_dir, year, root)
    if not per_organization:
        _write_atomic(out, full_workbook(src))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for org_id in src.tables["organizations"].frame["id"].astype(str):
        path = out / organization_file(year, org_id)
        _write_atomic(path, organization_workbook(src, org_id))
        written.append(path)
    return written


def _write_atomic(path: Path, data: bytes) -> None:
    """A half-written workbook is never left under the final name."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
