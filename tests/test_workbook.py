"""Workbooks for data entry (issue 14, item 1): `template` writes the XLSX
workbook staff fill in, `import` reads filled workbooks (XLSX and ODS, as
openpyxl, Excel and LibreOffice save them) back into the year's CSV files.

The round trips empty the demo year 2025 as `new-year` leaves a year, fill
the template the way people type and import it: the CSV files must come back
byte for byte. The LibreOffice workbooks are committed fixtures written by
`python -m tools.workbook_fixtures` (soffice --headless --convert-to)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from hostile import FORMULA_DISTRICT, RECOMMENDATION, hostile_data

from generator.cli import main
from generator.problems import DataError
from generator.workbook.commands import import_books, make_templates, organization_file
from tools.workbook_fixtures import FIXTURES, blank_year, demo_values, fill, units

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
VALUES = "Значения"
FORMULA_NAME = '=HYPERLINK("https://evil.example/","нажмите")'


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder -> its digest: what "nothing written" compares."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def csv_files(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data / str(YEAR)).glob("*.csv"))}


@pytest.fixture()
def empty_year(tmp_path) -> Path:
    """A copy of the demo data whose 2025 values and notes are blank."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    blank_year(data)
    return data


def template(data: Path, out: Path) -> Path:
    make_templates(data, YEAR, out, False, data.parent)
    return out


def do_import(data: Path, *books: Path):
    return import_books(data, YEAR, [(b, b.name) for b in books], data.parent)


def sheet_rows(book: Path, sheet: str) -> list[list]:
    wb = python_calamine.CalamineWorkbook.from_path(str(book))
    return wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


# -- round trips -----------------------------------------------------------------------


def test_template_filled_with_openpyxl_imports_to_the_demo_csv_files(empty_year, tmp_path):
    demo = csv_files(ROOT / "data")
    book = template(empty_year, tmp_path / "book.xlsx")
    filled = fill(book, demo_values(ROOT / "data"), units(ROOT / "data"))
    # 2025: 507 pairs before issue 11, + 3 of the ШНОР indicator, + 3 x 32 of the cycle's points;
    # 13 left empty (12 as before, and sch-13's cycle-effect); 26 pooled rows filled by their fraction.
    assert filled == 507 + 3 + 96
    done = do_import(empty_year, book)
    assert (done.books, done.values, done.filled) == (1, 606, 606 - 13)
    assert done.written == ["data/2025/values.csv"]  # the other tables came back unchanged: not rewritten
    assert csv_files(empty_year) == demo
    assert done.incomplete == []


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_workbook_saved_by_libreoffice_imports_to_the_demo_csv_files(empty_year, fmt):
    book = FIXTURES / f"filled-libreoffice.{fmt}"
    # The fixture really is LibreOffice's, with formulas whose values LibreOffice computed.
    with zipfile.ZipFile(book) as z:
        if fmt == "xlsx":
            assert b"LibreOffice" in z.read("docProps/app.xml")
            assert z.read("xl/worksheets/sheet2.xml").count(b"<f") > 50
        else:
            assert z.read("content.xml").count(b"table:formula=") > 50
    demo = csv_files(ROOT / "data")
    do_import(empty_year, book)
    assert csv_files(empty_year) == demo


def test_the_same_data_gives_the_same_workbook_bytes(empty_year, tmp_path):
    a = template(empty_year, tmp_path / "a.xlsx").read_bytes()
    b = template(empty_year, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        core = z.read("docProps/core.xml").decode()
        assert "2025-01-01T00:00:00Z" in core and "monitoring-site" in core
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


# -- what the template holds -----------------------------------------------------------


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book") / "book.xlsx"
    make_templates(ROOT / "data", YEAR, out, False, ROOT)
    return out


def test_template_has_a_sheet_per_table_with_russian_headers(demo_book):
    wb = openpyxl.load_workbook(demo_book)
    assert wb.sheetnames == [
        "Инструкция",
        "Значения",
        "Организации",
        "Направления",
        "Показатели",
        "Уровни",
        "Рекомендации",
        "Списки",
    ]
    assert wb["Списки"].sheet_state == "hidden"
    assert wb.security.lockStructure
    headers = {name: [c.value for c in wb[name][1]] for name in wb.sheetnames[1:-1]}
    assert headers["Значения"] == [
        "Организация",
        "Наименование организации",
        "Показатель",
        "Наименование показателя",
        "Единица",
        "Допустимые значения",
        "Значение",
        "Числитель",  # the demo has a pooled indicator (rule 7b): its rows take a fraction
        "Знаменатель",
        "Примечание",
    ]
    assert headers["Организации"] == [
        "Идентификатор",
        "Полное наименование",
        "Тип",
        "Краткое наименование",
        "Район",
        "Сайт",
        "Группы",
        "Территория",
    ]
    assert headers["Уровни"] == ["Идентификатор", "Наименование", "Нижняя граница", "Цвет", "Описание"]  # issue 11
    guide = wb["Инструкция"]
    assert (guide["A2"].value, guide["B2"].value) == ("Год мониторинга", 2025)
    assert any("Как заполнить" == (c.value or "") for c in guide["A"])


def test_values_sheet_lists_every_applicable_pair_with_names_unit_and_range(demo_book):
    rows = sheet_rows(demo_book, VALUES)[1:]
    assert len(rows) == 606  # as many as values.csv has: every applicable pair
    by_key = {(r[0], r[2]): r for r in rows}
    r = by_key[("sch-01", "vsoko-cycle")]
    assert r[1] == "МАОУ «Средняя общеобразовательная школа № 1»"
    assert r[3].startswith("Сформированность управленческого цикла ВСОКО")
    assert (r[4], r[5], r[6]) == ("баллы", "от 0 до 6", 4.0)
    assert by_key[("sch-01", "vsoko-objective")][4:7] == ["да/нет", "да или нет", "да"]
    percent = next(r for r in rows if r[4] == "процент")
    assert percent[5] == "от 0 до 100 (без знака %)"
    # Only the indicators that apply to the kind: a preschool has no school olympiad.
    kinds = {row[0]: row[2] for row in sheet_rows(demo_book, "Организации")[1:]}
    indicator_kinds = {row[0]: row[9] for row in sheet_rows(demo_book, "Показатели")[1:]}
    for org_id, _, ind_id, *_ in rows:
        assert indicator_kinds[ind_id] in ("", None) or kinds[org_id] in str(indicator_kinds[ind_id]).split(";")
    # An indicator of a group: only the group's schools (ШНОР: sch-06, sch-08, oosh-12).
    assert sorted(o for o, _, i, *_ in rows if i == "shnor-program") == ["oosh-12", "sch-06", "sch-08"]
    # A pooled indicator: its fraction in «Числитель» and «Знаменатель», no value.
    pooled = by_key[("sch-01", "dop-coverage")]
    assert pooled[5].startswith("числитель и знаменатель") and pooled[6:9] == ["", 318.0, 368.0]


def test_values_sheet_is_protected_but_value_and_note_cells_are_editable_and_checked(demo_book):
    ws = openpyxl.load_workbook(demo_book)[VALUES]
    assert ws.protection.sheet
    # Value, numerator, denominator, note: a row that is not pooled takes its value, not a fraction.
    assert [ws.cell(2, j).protection.locked for j in range(1, 11)] == [True] * 6 + [False, True, True, False]
    pooled = next(i for i in range(2, ws.max_row + 1) if ws.cell(i, 3).value == "dop-coverage")
    assert [ws.cell(pooled, j).protection.locked for j in range(7, 11)] == [True, False, False, False]
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for area in str(dv.sqref).split():
            rules[area.split(":")[0]] = dv
    rows = {(ws.cell(i, 1).value, ws.cell(i, 3).value): i for i in range(2, ws.max_row + 1)}

    def rule(org, ind):
        i = rows[(org, ind)]
        return next(dv for dv in ws.data_validations.dataValidation if f"G{i}" in dv.sqref)

    points = rule("sch-01", "vsoko-cycle")
    assert (points.type, points.operator, points.formula1, points.formula2) == ("decimal", "between", "0", "6")
    yes_no = rule("sch-01", "vsoko-objective")
    assert yes_no.type == "list" and yes_no.formula1 == "'Списки'!$E$2:$E$3"
    assert "Допустимые значения: да или нет" in yes_no.error
    ids = next(dv for dv in ws.data_validations.dataValidation if "A2" in dv.sqref)
    assert ids.type == "list" and ids.formula1.startswith("'Списки'!$F$2")
    lists = openpyxl.load_workbook(demo_book)["Списки"]
    assert [c.value for c in lists["E"] if c.value] == ["Да/нет", "да", "нет"]
    assert [c.value for c in lists["B"] if c.value][1:] == ["percent", "count", "boolean", "points", "number"]


def test_reference_sheets_have_drop_down_lists_for_kinds_units_and_directions(demo_book):
    wb = openpyxl.load_workbook(demo_book)
    kinds = [dv for dv in wb["Организации"].data_validations.dataValidation if dv.type == "list"]
    assert [(str(dv.sqref).split(":")[0], dv.formula1) for dv in kinds] == [("C2", "'Списки'!$A$2:$A$4")]
    units = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb["Показатели"].data_validations.dataValidation}
    assert units["D2"] == "'Списки'!$B$2:$B$6" and units["B2"].startswith("'Списки'!$H$2")
    assert not wb["Организации"].cell(40, 2).protection.locked  # rows for new organizations


# -- per organization ------------------------------------------------------------------


def test_per_organization_workbooks_hold_one_organization_and_import_one_by_one(empty_year, tmp_path):
    out = tmp_path / "schools"
    written = make_templates(empty_year, YEAR, out, True, empty_year.parent)
    assert len(written) == 32 and written[0].name == organization_file(YEAR, "sch-01") == "2025-sch-01.xlsx"
    book = out / "2025-sch-02.xlsx"
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Инструкция", "Значения", "Списки"]
    assert wb["Инструкция"]["B3"].value == "МАОУ «Средняя общеобразовательная школа № 2» (sch-02)"
    assert {r[0] for r in sheet_rows(book, VALUES)[1:]} == {"sch-02"}
    demo, unit_of = demo_values(ROOT / "data"), units(ROOT / "data")
    fill(book, demo, unit_of)
    fill(out / "2025-gym-5.xlsx", demo, unit_of)
    done = do_import(empty_year, book, out / "2025-gym-5.xlsx")
    assert done.written == ["data/2025/values.csv"] and done.books == 2
    # The year is not complete yet (30 organizations with no value, most values not reported): said, not refused.
    assert [p.code for p in done.incomplete] == ["unfilled", "unreported"]
    got = demo_values(empty_year)
    for key, (value, note) in demo.items():
        assert got[key] == ((value, note) if key[0] in ("sch-02", "gym-5") else ("", ""))
    # The other workbooks the next day: the year is complete and exactly the demo.
    for path in written:
        if path.name not in ("2025-sch-02.xlsx", "2025-gym-5.xlsx"):
            fill(path, demo, unit_of)
    others = [p for p in written if p.name not in ("2025-sch-02.xlsx", "2025-gym-5.xlsx")]
    assert do_import(empty_year, *others).incomplete == []
    assert (
        csv_files(empty_year)["values.csv"].decode().splitlines()
        == csv_files(ROOT / "data")["values.csv"].decode().splitlines()
    )
    assert csv_files(empty_year) == csv_files(ROOT / "data")


# -- bad cells -------------------------------------------------------------------------


def _set(book: Path, cells: dict[tuple[str, str], object], column: int = 7) -> dict[tuple[str, str], int]:
    """Type values into the values sheet by (org, indicator); returns their rows."""
    wb = openpyxl.load_workbook(book)
    ws = wb[VALUES]
    rows = {(ws.cell(i, 1).value, ws.cell(i, 3).value): i for i in range(2, ws.max_row + 1)}
    for key, value in cells.items():
        ws.cell(rows[key], column).value = value
    wb.save(book)
    return rows


def test_bad_cells_are_reported_by_sheet_cell_row_and_column_and_nothing_is_written(empty_year, tmp_path, capsys):
    book = template(empty_year, tmp_path / "book.xlsx")
    fill(book, demo_values(ROOT / "data"), units(ROOT / "data"))
    rows = _set(
        book,
        {
            ("sch-01", "vsoko-cycle"): "около 4",  # text in a number column
            ("sch-02", "vsoko-cycle"): 9,  # points over the maximum of 6
            ("sch-03", "vsoko-cycle"): "=2+2",  # a formula no editor has computed
            ("sch-04", "vsoko-objective"): "есть",  # not да/нет
        },
    )
    wb = openpyxl.load_workbook(book)
    wb[VALUES].cell(rows[("sch-01", "fed-objectivity")], 1).value = "sch-99"  # an unknown organization
    wb.save(book)
    before = tree(empty_year)
    with pytest.raises(DataError) as err:
        do_import(empty_year, book)
    found = {(p.code, p.file, p.sheet, p.cell, p.row, p.column) for p in err.value.report.problems}
    r = rows
    assert found == {
        (
            "workbook-not-a-number",
            "book.xlsx",
            VALUES,
            f"G{r['sch-01', 'vsoko-cycle']}",
            r["sch-01", "vsoko-cycle"],
            "Значение",
        ),
        (
            "points-over-max",
            "book.xlsx",
            VALUES,
            f"G{r['sch-02', 'vsoko-cycle']}",
            r["sch-02", "vsoko-cycle"],
            "Значение",
        ),
        (
            "workbook-formula-no-value",
            "book.xlsx",
            VALUES,
            f"G{r['sch-03', 'vsoko-cycle']}",
            r["sch-03", "vsoko-cycle"],
            "Значение",
        ),
        (
            "workbook-yes-no",
            "book.xlsx",
            VALUES,
            f"G{r['sch-04', 'vsoko-objective']}",
            r["sch-04", "vsoko-objective"],
            "Значение",
        ),
        (
            "unknown-organization",
            "book.xlsx",
            VALUES,
            f"A{r['sch-01', 'fed-objectivity']}",
            r["sch-01", "fed-objectivity"],
            "Организация",
        ),
    }
    assert tree(empty_year) == before
    # The command line: Russian, the cell named, what to do, exit 1, nothing written.
    assert main(["import", str(book), "--year", "2025", "--data", str(empty_year)]) == 1
    text = capsys.readouterr().err
    row = r["sch-03", "vsoko-cycle"]
    assert (
        f"book.xlsx, лист «Значения», ячейка G{row}, строка {row}, столбец «Значение»: "
        "в ячейке формула «=2+2», но её значение не сохранено в книге." in text
    )
    assert "Что сделать: откройте книгу в Excel или LibreOffice Calc и сохраните её" in text
    over = r["sch-02", "vsoko-cycle"]
    assert (
        f"book.xlsx, лист «Значения», ячейка G{over}, строка {over}, столбец «Значение»: баллов больше максимума 6 "
        "(max_points в indicators.csv). Значение: «9». Что сделать: проверьте значение" in text
    )
    assert text.endswith("Ничего не записано, данные 2025 года не изменены: исправьте книги и загрузите их снова.\n")
    assert "Traceback" not in text
    assert tree(empty_year) == before


def test_dates_decimal_commas_spaces_and_percent_signs_in_number_cells(empty_year, tmp_path):
    import datetime as dt

    book = template(empty_year, tmp_path / "book.xlsx")
    fill(book, demo_values(ROOT / "data"), units(ROOT / "data"))
    pct = next(r for r in sheet_rows(book, VALUES)[1:] if r[4] == "процент")
    key = (pct[0], pct[2])
    rows = _set(book, {key: dt.datetime(2026, 5, 1)})
    with pytest.raises(DataError) as err:
        do_import(empty_year, book)
    (p,) = err.value.report.problems
    assert (p.code, p.cell, p.value) == ("workbook-date", f"G{rows[key]}", "01.05.2026")
    assert "похоже, табличный редактор превратил набранное число в дату" in p.message
    for typed, stored in (("1 234,5", ""), (" 12,5 ", "12.5"), ("55,8 %", "")):
        _set(book, {key: typed})
        if stored:
            do_import(empty_year, book)
            assert demo_values(empty_year)[key][0] == stored
        else:
            with pytest.raises(DataError) as err:
                do_import(empty_year, book)
            codes = [q.code for q in err.value.report.problems]
            assert codes in (["workbook-not-a-number"], ["percent-range"]), typed
            if typed.endswith("%"):
                assert err.value.report.problems[0].fix == "уберите знак %: впишите 55,8."


def test_workbook_of_another_year_unknown_sheet_and_non_workbooks_are_refused(empty_year, tmp_path):
    book = template(empty_year, tmp_path / "book.xlsx")
    with pytest.raises(DataError) as err:
        import_books(empty_year, 2024, [(book, "book.xlsx")], empty_year.parent)
    assert [(p.code, p.sheet, p.cell) for p in err.value.report.problems] == [
        ("workbook-wrong-year", "Инструкция", "B2")
    ]
    plain = openpyxl.Workbook()
    plain.active.title = "Лист1"
    plain.active["A1"] = "что-то"
    plain.save(tmp_path / "other.xlsx")
    (tmp_path / "values.csv").write_text("org_id,indicator_id,value\n", encoding="utf-8")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    before = tree(empty_year)
    with pytest.raises(DataError) as err:
        do_import(
            empty_year, tmp_path / "other.xlsx", tmp_path / "values.csv", tmp_path / "old.xls", tmp_path / "nope.xlsx"
        )
    got = [(p.code, p.file, p.sheet) for p in err.value.report.problems]
    assert got == [
        ("workbook-unknown-sheet", "other.xlsx", "Лист1"),
        ("workbook-format", "values.csv", None),
        ("workbook-format", "old.xls", None),
        ("workbook-unreadable", "nope.xlsx", None),
    ]
    assert tree(empty_year) == before


def test_the_same_value_in_two_workbooks_is_refused(empty_year, tmp_path):
    out = tmp_path / "schools"
    make_templates(empty_year, YEAR, out, True, empty_year.parent)
    book = out / "2025-sch-01.xlsx"
    fill(book, demo_values(ROOT / "data"), units(ROOT / "data"))
    copy = tmp_path / "2025-sch-01 (2).xlsx"
    shutil.copyfile(book, copy)
    with pytest.raises(DataError) as err:
        do_import(empty_year, book, copy)
    problems = err.value.report.problems
    # sch-01: its 22 pairs of before issue 11 and the 3 points of the cycle
    assert {p.code for p in problems} == {"workbook-pair-twice"} and len(problems) == 22 + 3
    assert problems[0].file == copy.name and problems[0].message.startswith(
        "значение этой организации по этому показателю уже есть: 2025-sch-01.xlsx, лист «Значения», строка 2"
    )


def test_an_error_value_in_a_cell_is_reported(empty_year, tmp_path):
    book = template(empty_year, tmp_path / "book.xlsx")
    fill(book, demo_values(ROOT / "data"), units(ROOT / "data"))
    # What Excel stores for =1/0: the formula and its cached error.
    with zipfile.ZipFile(book) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    cell = '<c r="G3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    sheet, n = re.subn(r'<c r="G3"[^>]*?(?:/>|>.*?</c>)', cell, sheet, count=1)
    assert n == 1
    parts["xl/worksheets/sheet2.xml"] = sheet.encode()
    with zipfile.ZipFile(book, "w") as z:
        for name, body in parts.items():
            z.writestr(name, body)
    with pytest.raises(DataError) as err:
        do_import(empty_year, book)
    assert [(p.code, p.cell, p.value) for p in err.value.report.problems] == [
        ("workbook-formula-error", "G3", "#DIV/0!")
    ]


# -- hostile strings -------------------------------------------------------------------


def test_hostile_names_are_written_as_text_never_as_formulas(tmp_path):
    data = hostile_data(tmp_path)
    path = data / "2025" / "organizations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[3][1] = FORMULA_NAME
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    book = tmp_path / "book.xlsx"
    make_templates(data, YEAR, book, False, data.parent)
    wb = openpyxl.load_workbook(book)
    formulas = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    orgs = wb["Организации"]
    cells = {c.value: c for row in orgs.iter_rows() for c in row if isinstance(c.value, str)}
    for payload in (FORMULA_NAME, FORMULA_DISTRICT):
        assert cells[payload].data_type == "s" and cells[payload].quotePrefix
    text = [c for c in wb["Рекомендации"][2] if c.value == RECOMMENDATION]  # the column «text» (the 5th here)
    assert [c.coordinate for c in text] == ["E2"] and text[0].data_type == "s"
    before = {p.name: p.read_bytes() for p in (data / "2025").glob("*.csv")}
    assert do_import(data, book).written == []  # and back: the same strings, the same files
    assert {p.name: p.read_bytes() for p in (data / "2025").glob("*.csv")} == before


# -- the command line ------------------------------------------------------------------


def test_command_line_template_and_import(empty_year, tmp_path, capsys):
    out = tmp_path / "book.xlsx"
    assert main(["template", "2025", "--data", str(empty_year), "--out", str(out)]) == 0
    assert "Книга для ввода данных 2025 года записана" in capsys.readouterr().out
    fill(out, demo_values(ROOT / "data"), units(ROOT / "data"))
    assert main(["import", str(out), "--year", "2025", "--data", str(empty_year)]) == 0
    said = capsys.readouterr().out
    assert "Загружено книг: 1; строк значений: 606, из них заполнено: 593." in said  # as in the round trip above
    assert "ошибок нет; записаны файлы: data/2025/values.csv." in said
    assert csv_files(empty_year) == csv_files(ROOT / "data")
    assert main(["template", "2031", "--data", str(empty_year), "--out", str(out)]) == 1
    assert "в данных нет 2031 года" in capsys.readouterr().err
    assert main(["template", "2025", "--data", str(empty_year), "--out", str(tmp_path / "book.ods")]) == 1
    assert "укажите в --out файл с расширением .xlsx" in capsys.readouterr().err


def test_help_is_russian(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = capsys.readouterr().out
    assert "книги .xlsx или .ods" in text and "год, в который загружаются данные" in text


def test_headers_are_checked_and_a_table_comes_from_one_workbook_only(empty_year, tmp_path):
    book = template(empty_year, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb[VALUES]
    ws["G1"] = "Значение показателя"  # the value column renamed
    ws["K1"] = "Примечание"  # the note column twice (after value, numerator, denominator and note)
    ws["K2"] = "x"
    wb.save(tmp_path / "headers.xlsx")
    with pytest.raises(DataError) as err:
        do_import(empty_year, tmp_path / "headers.xlsx")
    got = [(p.code, p.sheet, p.cell, p.value) for p in err.value.report.problems]
    assert got == [
        ("workbook-unknown-column", VALUES, "G1", "Значение показателя"),
        ("workbook-column-twice", VALUES, "K1", None),
        ("workbook-missing-column", VALUES, None, None),
    ]
    missing = err.value.report.problems[2]
    assert missing.message == "на листе нет столбца «Значение»." and missing.row == 1
    assert "обязательные столбцы листа: «Организация», «Показатель», «Значение»" in missing.fix
    shutil.copyfile(book, tmp_path / "copy.xlsx")
    with pytest.raises(DataError) as err:
        do_import(empty_year, book, tmp_path / "copy.xlsx")
    twice = {(p.code, p.file, p.sheet) for p in err.value.report.problems if p.code == "workbook-sheet-twice"}
    assert twice == {
        ("workbook-sheet-twice", "copy.xlsx", s)
        for s in ("Организации", "Направления", "Показатели", "Уровни", "Рекомендации")
    }
    only_guide = openpyxl.load_workbook(book)
    for name in only_guide.sheetnames[1:]:
        del only_guide[name]
    only_guide.save(tmp_path / "guide.xlsx")
    with pytest.raises(DataError) as err:
        do_import(empty_year, tmp_path / "guide.xlsx")
    assert [p.code for p in err.value.report.problems] == ["workbook-no-data-sheet"]


def test_a_changed_organization_table_is_written_and_validated(empty_year, tmp_path):
    book = template(empty_year, tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Организации"]
    ws["C3"] = "school"  # a kind monitoring.yml does not list
    wb.save(book)
    with pytest.raises(DataError) as err:
        do_import(empty_year, book)
    (p,) = [p for p in err.value.report.problems]
    assert (p.code, p.sheet, p.cell, p.row, p.column, p.value) == (
        "unknown-kind",
        "Организации",
        "C3",
        3,
        "Тип",
        "school",
    )
    ws["C3"] = "general"
    ws["B3"] = "МАОУ «Школа № 2 имени Героя»"
    wb.save(book)
    done = do_import(empty_year, book)
    assert "data/2025/organizations.csv" in done.written
    assert "sch-02,МАОУ «Школа № 2 имени Героя»,general" in (empty_year / "2025" / "organizations.csv").read_text(
        encoding="utf-8"
    )


def test_ods_formula_without_a_value_and_error_cells_are_reported(empty_year, tmp_path):
    """What the scan of content.xml finds in an ODS workbook: a formula stored
    without its value (a program wrote it) and an error value (#DIV/0!)."""
    source = FIXTURES / "filled-libreoffice.ods"
    with zipfile.ZipFile(source) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    content = dict((i.filename, body) for i, body in parts)["content.xml"].decode()
    formulas = list(re.finditer(r"<table:table-cell [^>]*table:formula=[^>]*>", content))
    first, second = formulas[0], formulas[1]
    no_value = re.sub(r' office:value(-type)?="[^"]*"| calcext:value-type="[^"]*"', "", first.group(0))
    error = re.sub(r'calcext:value-type="[^"]*"', 'calcext:value-type="error"', second.group(0))
    content = (
        content[: first.start()] + no_value + content[first.end() : second.start()] + error + content[second.end() :]
    )
    book = tmp_path / "broken.ods"
    with zipfile.ZipFile(book, "w") as z:
        for info, body in parts:
            z.writestr(info, content.encode() if info.filename == "content.xml" else body)
    with pytest.raises(DataError) as err:
        do_import(empty_year, book)
    got = [(p.code, p.sheet, p.column) for p in err.value.report.problems]
    assert got == [("workbook-formula-no-value", VALUES, "Значение"), ("workbook-formula-error", VALUES, "Значение")]
    assert err.value.report.problems[0].message.startswith("в ячейке формула «=")
    assert err.value.report.problems[0].cell.startswith("G")
