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


def write_zip(out: BinaryIO, files: list[tuple[str, bytes]], issued: str) -> None:
    date = zip_date(issued)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=6)


def zip_bytes(files: list[tuple[str, bytes]], issued: str) -> bytes:
    import io

    buf = io.BytesIO()
    write_zip(buf, files, issued)
    return buf.getvalue()
