"""ZIP archives with the same bytes for the same content: entries in the given
order, every entry dated by the data's date (not the clock), fixed
permissions and no extra fields. DOCX files and the ZIP of all letters."""

from __future__ import annotations

import zipfile
from typing import BinaryIO


def zip_date(issued: str) -> tuple[int, int, int, int, int, int]:
    """An ISO date as a zip entry's date (noon, so no time zone moves the day; 1980 at the earliest)."""
    y, m, d = (int(x) for x in (issued or "1980-01-01")[:10].split("-"))
    return (max(1980, min(2107, y)), m, d, 12, 0, 0)


def write_zip(out: BinaryIO, files: list[tuple[str, bytes]], issued: str, compress: bool = True) -> None:
    """compress=False stores the entries (the ZIP of letters: DOCX and PDF are compressed already)."""
    date = zip_date(issued)
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = method
            info.create_system = 3  # Unix
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=6 if compress else None)


def zip_bytes(files: list[tuple[str, bytes]], issued: str, compress: bool = True) -> bytes:
    import io

    buf = io.BytesIO()
    write_zip(buf, files, issued, compress)
    return buf.getvalue()
