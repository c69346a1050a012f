"""The documents the authority files (issue 15): the yearly report and a
letter to every head, as DOCX (editable, for signing) and PDF (for the site).

    report.py, letter.py     typed contexts, from the read model (render/readmodel.py): every figure from Results
    layout.py, letter_layout.py  the contexts in words, as blocks (blocks.py)
    docx.py (+ docx_parts.py)  blocks -> DOCX, written by hand: fast, reproducible
    pdf.py                   blocks -> HTML -> PDF (WeasyPrint), the packaged font embedded
    figures.py               the site's chart specs -> SVG and PNG (vl-convert, no browser, no network)
    zipfiles.py              reproducible ZIP archives (DOCX parts, the ZIP of all letters)

Pure functions of the dataset and results: they return {file name: bytes}; the
callers (generator/pipeline.py) write them. `issued` is the data's date (ISO),
the only date written into a document, so the same commit gives the same bytes."""

from __future__ import annotations

import posixpath

from generator.render import urls as U
from generator.render.readmodel import ReadModel

FORMATS = ("docx", "pdf")


def report_name(y: int, fmt: str) -> str:
    return posixpath.basename(U.report_file(y, fmt))


def letter_name(y: int, org_id: str, fmt: str) -> str:
    return posixpath.basename(U.letter_file(y, org_id, fmt))


def letters_zip_name(y: int) -> str:
    return posixpath.basename(U.letters_zip(y))


def report_files(lk: ReadModel, y: int, issued: str, formats: tuple[str, ...] = FORMATS) -> dict[str, bytes]:
    """The year's report: {report-Y.docx: bytes, report-Y.pdf: bytes}."""
    from generator.documents.layout import report_document
    from generator.documents.report import report

    doc = report_document(report(lk, y, issued), issued)
    return {report_name(y, fmt): _write(doc, fmt) for fmt in formats}


def letter_files(
    lk: ReadModel, y: int, issued: str, formats: tuple[str, ...] = FORMATS, orgs: list[str] | None = None
) -> dict[str, bytes]:
    """A letter per organization of the year (or of `orgs`), each in every format, and the ZIP of them all."""
    from generator.documents.letter import YearRows, letter
    from generator.documents.letter_layout import letter_document
    from generator.documents.zipfiles import zip_bytes

    rows = YearRows(lk, y)
    out: dict[str, bytes] = {}
    for org_id in orgs if orgs is not None else rows.orgs:
        doc = letter_document(letter(lk, y, org_id, rows), issued)
        for fmt in formats:
            out[letter_name(y, org_id, fmt)] = _write(doc, fmt)
    out[letters_zip_name(y)] = zip_bytes(sorted(out.items()), issued, compress=False)
    return out


def site_files(lk: ReadModel, stamp: int, processes: int = 1) -> dict[str, bytes]:
    """What the site offers (downloads/): every year's report as PDF and DOCX, and
    the letter to each organization's head on its latest year, as DOCX (the
    organization page links it), with a ZIP of the letters of each such year.
    Letters as PDF are left to `monitoring-site letters` (README: build time).
    The reports of the years are spread over `processes` processes (generator/parallel.py):
    a build asks for one on a large site, whose MkDocs holds the other core throughout,
    and for every core on a small one, whose MkDocs is done in seconds (pipeline.py)."""
    from generator.parallel import Forked

    issued = issued_date(stamp)
    n = max(1, min(processes, len(lk.years)))
    shares = [lk.years[k::n] for k in range(n)]
    children = [Forked(_reports, lk, share, issued, name="отчёты") for share in shares[1:]]
    try:
        parts = [_reports(lk, shares[0], issued)] + [c.result() for c in children]
    finally:
        for c in children:
            c.stop()
    out: dict[str, bytes] = {}
    for y in lk.years:  # in year order, whichever process made them
        for part in parts:
            out.update({k: v for k, v in part.items() if k.startswith(f"{U.REPORTS}/report-{y}.")})
    by_year: dict[int, list[str]] = {}
    for org_id, years in lk.org_years.items():
        by_year.setdefault(years[-1], []).append(org_id)
    for y, orgs in sorted(by_year.items()):
        for name, data in letter_files(lk, y, issued, ("docx",), orgs).items():
            out[f"{U.LETTERS}/{name}"] = data
    return out


def _reports(lk: ReadModel, years: list[int], issued: str) -> dict[str, bytes]:
    out = {}
    for y in years:
        out.update({f"{U.REPORTS}/{name}": data for name, data in report_files(lk, y, issued).items()})
    return out


def _write(doc, fmt: str) -> bytes:
    if fmt == "docx":
        from generator.documents.docx import docx_bytes

        return docx_bytes(doc)
    from generator.documents.pdf import pdf_bytes

    return pdf_bytes(doc)


def issued_date(stamp: int) -> str:
    """The data's commit time (SOURCE_DATE_EPOCH) as an ISO date; '' outside git (pipeline.data_version)."""
    import datetime

    if stamp == 946684800:  # data_version's stamp for data outside git
        return ""
    return datetime.datetime.fromtimestamp(stamp, datetime.UTC).date().isoformat()
