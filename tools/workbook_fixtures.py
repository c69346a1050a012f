"""`python -m tools.workbook_fixtures`: the workbooks saved by LibreOffice that
tests/test_workbook.py imports (tests/fixtures/workbooks/).

The demo year 2025 is emptied as `new-year` leaves a year (every value and
note blank), its template is written, filled in from the demo values.csv the
way people type (numbers, a decimal comma in text, «да/нет», a formula whose
value LibreOffice computes), and LibreOffice saves it as XLSX and as ODS:
`soffice --headless --convert-to`. Importing either into the emptied year
must give the demo CSV files back. Needs LibreOffice (`apt-get install
libreoffice-calc`); CI uses the committed files."""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "workbooks"
YEAR = 2025
SHEET = "Значения"


def blank_year(data_dir: Path, year: int = YEAR) -> None:
    """Every value and note of the year emptied, the rows kept: the year as new-year makes it."""
    path = data_dir / str(year) / "values.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows[1:]:
        for name in ("value", "numerator", "denominator", "note"):
            if name in header:
                row[header.index(name)] = ""
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def demo_values(data_dir: Path, year: int = YEAR) -> dict[tuple[str, str], tuple[str, str]]:
    """(org_id, indicator_id) -> (value, note) as the year's values.csv has them; a pooled
    row's value is its fraction, "numerator/denominator" (rule 7b)."""
    with (data_dir / str(year) / "values.csv").open(encoding="utf-8", newline="") as f:
        return {
            (r["org_id"], r["indicator_id"]): (
                f"{r['numerator']}/{r['denominator']}" if r.get("numerator") else r["value"],
                r.get("note", ""),
            )
            for r in csv.DictReader(f)
        }


def units(data_dir: Path, year: int = YEAR) -> dict[str, str]:
    with (data_dir / str(year) / "indicators.csv").open(encoding="utf-8", newline="") as f:
        return {r["id"]: r["unit"] for r in csv.DictReader(f)}


def fill(book: Path, values: dict, unit_of: dict[str, str], formulas: bool = False) -> int:
    """Type the values into the sheet «Значения» as staff would; returns the rows filled.
    Every 7th number goes in as text with a decimal comma; with formulas, every
    5th as a formula (=x*2/2) that only a spreadsheet editor computes."""
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in ("Организация", "Показатель", "Значение", "Примечание")}
    filled = 0
    for i in range(2, ws.max_row + 1):
        key = (ws.cell(i, col["Организация"]).value, ws.cell(i, col["Показатель"]).value)
        if key not in values:
            continue
        value, note = values[key]
        cell = ws.cell(i, col["Значение"])
        if "/" in value:  # a pooled row: its numerator and denominator, the value left empty
            numerator, denominator = value.split("/")
            ws.cell(i, header.index("Числитель") + 1).value = int(numerator)
            ws.cell(i, header.index("Знаменатель") + 1).value = int(denominator)
            cell.value = None
        elif value == "":
            cell.value = None
        elif unit_of[key[1]] == "boolean":
            cell.value = "да" if value == "1" else "нет"
        elif formulas and i % 5 == 0:
            cell.value = f"={value}*2/2"
        elif i % 7 == 0:
            cell.value = value.replace(".", ",")
            cell.data_type = "s"
        else:
            cell.value = float(value) if "." in value else int(value)
        ws.cell(i, col["Примечание"]).value = note or None
        filled += 1
    wb.save(book)
    return filled


def convert(book: Path, fmt: str, out: Path) -> Path:
    """LibreOffice opens the workbook (computing its formulas) and saves it as fmt: xlsx or ods."""
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods"}
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                filters[fmt],
                "--outdir",
                str(out),
                str(book),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return out / f"{book.stem}.{fmt}"


def main() -> None:
    from generator.workbook.commands import make_templates

    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        values, unit_of = demo_values(data), units(data)
        blank_year(data)
        book = Path(tmp) / "filled-libreoffice.xlsx"
        make_templates(data, YEAR, book, False, data.parent)
        fill(book, values, unit_of, formulas=True)
        made = Path(tmp) / "out"
        for fmt in ("xlsx", "ods"):
            shutil.copyfile(convert(book, fmt, made), FIXTURES / f"filled-libreoffice.{fmt}")
            print(f"wrote {FIXTURES / f'filled-libreoffice.{fmt}'}")


if __name__ == "__main__":
    main()
