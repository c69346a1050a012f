"""Validation: every class of data problem staff make gets a precise Russian
message naming file, row (as a spreadsheet numbers it: the header is row 1)
and column, with what to do; all problems in one run; no traceback.

Each case copies the demo year data/2025 (and data/monitoring.yml) into
tmp_path, corrupts one thing and checks the report. Rows of the demo
data/2025/values.csv used below: 2 sch-01 vsoko-objective (boolean),
3 vsoko-cycle (points, max 6), 7 low-results-progress (percent, 55.8),
11 contest-winners (count), 18 parent-satisfaction (number),
288 ds-01 vsoko-objective (a preschool organization).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.csvfile import read_csv_bytes
from generator.load import load
from generator.problems import Problem, Report, show_value
from generator.tableschema import check_table, load_schemas
from generator.validate import validate

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "data"
# The line of a setting appended to the demo monitoring.yml.
APPENDED = (DEMO / "monitoring.yml").read_text(encoding="utf-8").count("\n") + 1
YEAR = "2025"
F = {
    name: f"data/{YEAR}/{name}.csv"
    for name in ("organizations", "directions", "indicators", "values", "levels", "recommendations")
}
F["package"] = f"data/{YEAR}/datapackage.json"
F["settings"] = "data/monitoring.yml"
CYRILLIC = re.compile("[а-яА-ЯёЁ]")


# --- helpers --------------------------------------------------------------------


@pytest.fixture
def data(tmp_path) -> Path:
    """A valid one-year data folder: tmp_path/data/{monitoring.yml, 2025/}."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DEMO / "monitoring.yml", folder / "monitoring.yml")
    shutil.copytree(DEMO / YEAR, folder / YEAR)
    return folder


def check(data: Path) -> Report:
    """load + validate, as the CLI runs them; the report of every problem."""
    raw, problems = load(data)
    report = Report(list(problems))
    if raw is not None:
        report.extend(validate(raw)[1].problems)
    return report


def csv_path(data: Path, resource_name: str) -> Path:
    return data / YEAR / f"{resource_name}.csv"


def read_rows(data: Path, resource_name: str) -> list[list[str]]:
    with csv_path(data, resource_name).open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(data: Path, resource_name: str, rows: list[list[str]]) -> None:
    with csv_path(data, resource_name).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(data: Path, resource_name: str, row: int, column: str, value: str) -> None:
    """Set one cell; row as a spreadsheet numbers it (the header is row 1)."""
    rows = read_rows(data, resource_name)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(data, resource_name, rows)


def append_row(data: Path, resource_name: str, cells: list[str]) -> int:
    """A row of the leading cells given, the columns after them empty."""
    rows = read_rows(data, resource_name)
    write_rows(data, resource_name, rows + [cells + [""] * (len(rows[0]) - len(cells))])
    return len(rows) + 1


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def find(report: Report, file: str, row: int | None, column: str | None, code: str) -> Problem:
    """The problem at exactly this place, checked to be actionable Russian text."""
    hits = [p for p in report.problems if (p.file, p.row, p.column, p.code) == (file, row, column, code)]
    assert hits, f"no {code} at {file}:{row}:{column}; got:\n" + report.text()
    p = hits[0]
    assert CYRILLIC.search(p.message) and CYRILLIC.search(p.fix), p.text()
    return p


def only(report: Report, file: str, row: int | None, column: str | None, code: str) -> Problem:
    """As find(), and nothing else was reported: one mistake, one message."""
    p = find(report, file, row, column, code)
    assert report.flatten() == [[file, row, column, code]], report.text()
    return p


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


# --- the demo data ----------------------------------------------------------------


def test_demo_data_is_valid():
    result = cli("validate", "--data", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "Данные в порядке" in result.stdout


def test_copied_year_is_valid(data):
    assert check(data).valid


# --- the pipeline contract ----------------------------------------------------------


def test_schema_type_error(data):
    set_cell(data, "values", 7, "value", "abc")
    p = only(check(data), F["values"], 7, "value", "not-a-number")
    assert p.value == "abc"


def test_required_cell(data):
    set_cell(data, "organizations", 2, "name", "")
    only(check(data), F["organizations"], 2, "name", "required")


def test_required_cell_of_spaces_is_empty(data):
    set_cell(data, "organizations", 2, "name", "   ")
    only(check(data), F["organizations"], 2, "name", "required")


def test_required_id_of_spaces_is_reported_once(data):
    set_cell(data, "values", 2, "org_id", " ")
    only(check(data), F["values"], 2, "org_id", "required")


def test_enum_suggests_the_close_value(data):
    set_cell(data, "indicators", 7, "unit", "Percent")
    p = only(check(data), F["indicators"], 7, "unit", "not-in-list")
    assert "«percent»" in p.fix


def test_id_pattern_suggests_lowercase(data):
    set_cell(data, "values", 2, "org_id", "SCH-01")
    p = only(check(data), F["values"], 2, "org_id", "bad-id")
    assert "sch-01" in p.fix


def test_unique_ids(data):
    row = append_row(data, "organizations", ["sch-01", "Другая школа", "general", "", "", ""])
    p = only(check(data), F["organizations"], row, "id", "duplicate")
    assert "строке 2" in p.message


def test_duplicate_pair_with_conflicting_values(data):
    row = append_row(data, "values", ["sch-01", "low-results-progress", "60", ""])
    p = only(check(data), F["values"], row, "indicator_id", "duplicate-key")
    assert "строке 7" in p.message and "«55.8»" in p.message and "«60»" in p.message
    assert "генератор не выбирает" in p.fix


def test_duplicate_pair_identical(data):
    row = append_row(data, "values", ["sch-01", "low-results-progress", "55.8", ""])
    p = only(check(data), F["values"], row, "indicator_id", "duplicate-key")
    assert "полностью повторяет" in p.message


@pytest.mark.parametrize(
    "resource_name, row, column, value, code",
    [
        ("values", 2, "org_id", "sch-99", "unknown-organization"),
        ("values", 2, "indicator_id", "no-such-indicator", "unknown-indicator"),
        ("indicators", 2, "direction_id", "sys-none", "unknown-direction"),
        ("directions", 3, "parent_id", "no-parent", "unknown-parent"),
        ("recommendations", 2, "levels", "low;awful", "unknown-level"),
        ("recommendations", 2, "direction_id", "no-direction", "unknown-recommendation-direction"),
    ],
)
def test_unknown_reference(data, resource_name, row, column, value, code):
    set_cell(data, resource_name, row, column, value)
    p = only(check(data), F[resource_name], row, column, code)
    assert p.value in (value, "awful")


@pytest.mark.parametrize(
    "row, value, words, code",
    [
        (7, "100.5", "от 0 до 100", "percent-range"),  # percent
        (7, "-5", "от 0 до 100", "percent-range"),  # percent, negative
        (11, "2.5", "целым", "count-not-integer"),  # count, not an integer
        (11, "-1", "отрицательным", "count-negative"),  # count, negative
        (2, "2", "1 и 0", "boolean-value"),  # boolean
        (3, "7", "максимума 6", "points-over-max"),  # points over max_points
        (3, "-1", "отрицательными", "points-negative"),  # points, negative
        (18, "-0.5", "отрицательным", "number-negative"),  # number, negative
    ],
)
def test_value_out_of_range_for_unit(data, row, value, words, code):
    set_cell(data, "values", row, "value", value)
    p = only(check(data), F["values"], row, "value", code)
    assert words in p.message and p.value == value


def row_of(data: Path, resource_name: str, column: str, value: str) -> int:
    """The first row (header = 1) whose `column` holds `value`."""
    rows = read_rows(data, resource_name)
    return next(i for i, r in enumerate(rows, start=1) if r[rows[0].index(column)] == value)


def test_value_for_indicator_not_applicable_to_kind(data):
    row = row_of(data, "values", "org_id", "ds-01")
    set_cell(data, "values", row, "indicator_id", "fed-objectivity")  # general only; ds-01 is preschool
    only(check(data), F["values"], row, "indicator_id", "not-applicable")


def test_directions_cycle(data):
    set_cell(data, "directions", 2, "parent_id", "sys-vsoko")  # track-quality -> sys-vsoko -> track-quality
    p = only(check(data), F["directions"], 2, "parent_id", "cycle")
    assert "track-quality → sys-vsoko → track-quality" in p.message


def test_regression_cycle_entered_from_outside(data):
    # sys-vsoko leads into the cycle sys-neuspeh <-> sys-talent without being
    # part of it: the first walk met the cycle midway and it went unreported.
    set_cell(data, "directions", 3, "parent_id", "sys-neuspeh")
    set_cell(data, "directions", 4, "parent_id", "sys-talent")
    set_cell(data, "directions", 5, "parent_id", "sys-neuspeh")
    p = only(check(data), F["directions"], 4, "parent_id", "cycle")
    assert "sys-neuspeh → sys-talent → sys-neuspeh" in p.message


def test_direction_is_its_own_parent(data):
    row = row_of(data, "directions", "id", "track-reserve")
    set_cell(data, "directions", row, "parent_id", "track-reserve")
    only(check(data), F["directions"], row, "parent_id", "cycle")


def test_points_without_max_points(data):
    set_cell(data, "indicators", 3, "max_points", "")
    p = only(check(data), F["indicators"], 3, "max_points", "points-without-max")
    assert p.value is None


def test_target_method_without_target(data):
    set_cell(data, "indicators", 6, "target", "")
    only(check(data), F["indicators"], 6, "target", "target-missing")


def test_max_points_that_would_be_ignored(data):
    set_cell(data, "indicators", 7, "max_points", "10")  # low-results-progress: ratio_to_best
    only(check(data), F["indicators"], 7, "max_points", "max-points-ignored")


def test_levels_without_zero_threshold(data):
    set_cell(data, "levels", 4, "min_score", "10")
    p = only(check(data), F["levels"], 4, "min_score", "levels")
    assert "ниже 10" in p.message


def test_organization_kind_not_in_settings(data):
    set_cell(data, "organizations", 2, "kind", "school")
    # Only the organization: its values are not also reported as not applicable.
    only(check(data), F["organizations"], 2, "kind", "unknown-kind")


def test_indicator_kinds_not_in_settings(data):
    set_cell(data, "indicators", 4, "kinds", "general;college")
    p = only(check(data), F["indicators"], 4, "kinds", "unknown-indicator-kind")
    assert p.value == "college"


def test_kind_removed_from_settings(data):
    replace_text(data / "monitoring.yml", '  additional: "Организации дополнительного образования"\n', "")
    report = check(data)
    assert {(p.file, p.column, p.code) for p in report.problems} >= {
        (F["organizations"], "kind", "unknown-kind"),
        (F["indicators"], "kinds", "unknown-indicator-kind"),
    }


def test_settings_unknown_key_with_line(data):
    with (data / "monitoring.yml").open("a", encoding="utf-8") as f:
        f.write("colour: red\n")
    p = only(check(data), F["settings"], APPENDED, "colour", "settings-unknown-key")
    assert "stable_tolerance" in p.fix


def test_settings_wrong_type_with_line(data):
    replace_text(data / "monitoring.yml", "stable_tolerance: 0.5", "stable_tolerance: '0,5'")
    p = only(check(data), F["settings"], 11, "stable_tolerance", "settings-bad-tolerance")
    assert p.value == "0,5"


def test_settings_duplicate_key(data):
    with (data / "monitoring.yml").open("a", encoding="utf-8") as f:
        f.write("missing: exclude\n")
    only(check(data), F["settings"], APPENDED, "missing", "settings-duplicate-key")


def test_settings_bad_kind_id_with_its_line(data):
    replace_text(data / "monitoring.yml", "  preschool:", "  Pre School:")
    only(check(data), F["settings"], 8, "kinds.Pre School", "settings-bad-kind")


def test_settings_not_yaml(data):
    replace_text(data / "monitoring.yml", "missing: zero", "missing: [zero")
    report = check(data)
    assert (
        report.problems[0].file == F["settings"]
        and report.problems[0].row is not None
        and report.problems[0].code == "settings-not-yaml"
    )


def test_settings_in_windows_1251(data):
    path = data / "monitoring.yml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))
    only(check(data), F["settings"], 1, None, "encoding")


# --- encodings --------------------------------------------------------------------


def test_windows_1251_file(data):
    path = csv_path(data, "organizations")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))
    p = only(check(data), F["organizations"], 2, "name", "encoding-windows-1251")
    assert "Windows-1251" in p.message and "UTF-8" in p.fix
    assert p.value.startswith("МАОУ")  # shown as Excel would, so staff recognise the cell


def test_utf8_bom_is_stripped(data):
    path = csv_path(data, "organizations")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    raw, problems = load(data)
    assert problems == []
    assert raw.packages[0].tables["organizations"].header[0] == "id"
    assert check(data).valid


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_file(data, encoding):
    path = csv_path(data, "values")
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    p = only(check(data), F["values"], None, None, "encoding-utf16")
    assert "UTF-8" in p.fix


# --- Excel habits -------------------------------------------------------------------


def test_semicolon_delimiter(data):
    rows = read_rows(data, "values")
    csv_path(data, "values").write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    p = only(check(data), F["values"], 1, None, "wrong-delimiter")
    assert "«,»" in p.fix and "LibreOffice" in p.fix


@pytest.mark.parametrize(
    "value, meant",
    [
        ("12,5", "12.5"),  # decimal comma (quoted, so it stays one cell)
        ("85%", "85"),
        ("1\u00a0234", "1234"),  # digit grouping with a non-breaking space
        ("1 234", "1234"),
        (" 12", "12"),
        ("\u22125", None),  # typographic minus: then a negative count, reported as such
        ("12,5%", "12.5"),
        ("85\u00a0%", "85"),  # the Russian percent format
    ],
)
def test_spreadsheet_number_habits(data, value, meant):
    set_cell(data, "values", 11, "value", value)
    p = only(check(data), F["values"], 11, "value", "not-a-number")
    assert p.value == value
    if meant:
        assert f"запишите {meant}." in p.fix


def test_space_inside_a_number_is_not_guessed(data):
    set_cell(data, "values", 11, "value", "12 5")  # not digit grouping: 125? 12.5? a typo
    p = only(check(data), F["values"], 11, "value", "not-a-number")
    assert "пробел" in p.message and "запишите" not in p.fix


def test_non_breaking_space_is_shown(data):
    set_cell(data, "values", 11, "value", "1\u00a0234")
    text = check(data).text()
    assert "«1<U+00A0>234»" in text and "\u00a0" not in text


def test_unquoted_decimal_comma_splits_the_row(data):
    rows = read_rows(data, "values")
    lines = [",".join(r) for r in rows]
    lines[6] = "sch-01,low-results-progress,55,8,,,"  # org_id, indicator_id, value, note, numerator, denominator
    csv_path(data, "values").write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = only(check(data), F["values"], 7, None, "ragged-row")
    assert "55.8" in p.fix


def test_workbook_saved_as_csv(data):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for r in read_rows(data, "values"):
        book.active.append(r)
    buf = io.BytesIO()
    book.save(buf)
    csv_path(data, "values").write_bytes(buf.getvalue())
    p = only(check(data), F["values"], None, None, "workbook-not-csv")
    assert "CSV" in p.fix


@pytest.mark.parametrize("value, fix", [("да", "здесь 1"), ("нет", "здесь 0")])
def test_yes_no_for_boolean(data, value, fix):
    set_cell(data, "values", 2, "value", value)
    p = only(check(data), F["values"], 2, "value", "not-a-number")
    assert fix in p.fix


@pytest.mark.parametrize("value", ["н/д", "Н/Д", "нет данных", "-"])
def test_not_available_marker(data, value):
    set_cell(data, "values", 7, "value", value)
    p = only(check(data), F["values"], 7, "value", "not-a-number")
    assert "пустой" in p.fix


# --- structure ------------------------------------------------------------------------


def test_empty_file(data):
    csv_path(data, "levels").write_bytes(b"")
    only(check(data), F["levels"], None, None, "empty-file")


def test_header_only(data):
    csv_path(data, "levels").write_text("id,label,min_score,color\n", encoding="utf-8")
    only(check(data), F["levels"], None, None, "header-only")


def test_missing_column(data):
    write_rows(data, "organizations", [r[:2] + r[3:] for r in read_rows(data, "organizations")])
    only(check(data), F["organizations"], 1, "kind", "missing-column")


def test_extra_column_with_personal_data_is_rejected(data):
    rows = read_rows(data, "organizations")
    write_rows(data, "organizations", [rows[0] + ["head_phone"]] + [r + ["+7 900 123-45-67"] for r in rows[1:]])
    report = check(data)
    p = only(report, F["organizations"], 1, "head_phone", "unknown-column")
    assert "персональные" in p.message
    assert "123-45-67" not in report.text()


@pytest.mark.parametrize(
    "resource_name", ["organizations", "directions", "indicators", "values", "levels", "recommendations"]
)
def test_extra_column_in_any_file_is_the_only_problem(data, resource_name):
    rows = read_rows(data, resource_name)
    write_rows(data, resource_name, [rows[0] + ["extra"]] + [r + ["x"] for r in rows[1:]])
    only(check(data), F[resource_name], 1, "extra", "unknown-column")


def test_renamed_column_suggests_the_name(data):
    rows = read_rows(data, "values")
    rows[0][1] = "indicator"
    write_rows(data, "values", rows)
    report = check(data)
    p = find(report, F["values"], 1, "indicator", "unknown-column")
    assert "«indicator_id»" in p.fix
    find(report, F["values"], 1, "indicator_id", "missing-column")


def test_column_name_with_a_trailing_space(data):
    rows = read_rows(data, "values")
    rows[0][3] = "note "
    write_rows(data, "values", rows)
    p = only(check(data), F["values"], 1, "note ", "misspelled-column")
    assert "«note»" in p.fix


def test_duplicated_column(data):
    rows = read_rows(data, "values")
    write_rows(data, "values", [r + [r[2]] for r in rows])
    only(check(data), F["values"], 1, "value", "duplicate-column")


def test_header_problems_do_not_hide_cell_problems(data):
    rows = read_rows(data, "organizations")
    rows = [r + ["x"] for r in rows]
    rows[0][-1] = "head_email"
    rows[3][0] = "SCH 03"
    write_rows(data, "organizations", rows)
    report = check(data)
    find(report, F["organizations"], 1, "head_email", "unknown-column")
    find(report, F["organizations"], 4, "id", "bad-id")


def test_ragged_rows(data):
    lines = csv_path(data, "values").read_text(encoding="utf-8").splitlines()
    lines[4] += ",лишнее"
    lines[9] = "sch-01,olympiad"
    csv_path(data, "values").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check(data)
    assert report.flatten() == [[F["values"], 5, None, "ragged-row"], [F["values"], 10, None, "ragged-row"]], (
        report.text()
    )


def test_blank_rows(data):
    lines = csv_path(data, "values").read_text(encoding="utf-8").splitlines()
    lines[5:5] = ["", ",,,"]
    csv_path(data, "values").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check(data)
    assert report.flatten() == [[F["values"], 6, None, "blank-row"], [F["values"], 7, None, "blank-row"]], report.text()


def test_line_break_inside_a_name_keeps_row_numbers(data):
    set_cell(data, "organizations", 2, "name", "МАОУ «СОШ № 1»\nг. Тихоозёрск")
    set_cell(data, "organizations", 4, "website", "sch3.example.org")
    report = check(data)
    assert report.flatten() == [
        [F["organizations"], 2, "name", "control-character"],
        [F["organizations"], 4, "website", "bad-format"],
    ], report.text()
    assert "<U+000A>" in report.text()


def test_mixed_line_endings(data):
    # Rows 1-100 end in CRLF, the rest in LF: edited in two programs. Reported
    # with the first row whose ending differs, never read silently.
    path = csv_path(data, "values")
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_bytes(("\r\n".join(lines[:100]) + "\n" + "\n".join(lines[100:])).encode("utf-8"))
    p = only(check(data), F["values"], 100, None, "line-endings")
    assert "CRLF" in p.message and "LibreOffice" in p.fix


def test_old_mac_line_endings(data):
    path = csv_path(data, "levels")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    only(check(data), F["levels"], 1, None, "line-endings-cr")


def test_regression_excel_multiline_cell_in_crlf_file(data):
    # Excel: CRLF between rows, LF inside a cell (Alt+Enter). Reported as a
    # line break in that cell, not as the file's «mixed line endings».
    rows = read_rows(data, "organizations")
    rows[1][1] = "МАОУ «СОШ № 1»\nг. Тихоозёрск"
    with csv_path(data, "organizations").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    only(check(data), F["organizations"], 2, "name", "control-character")


def test_unclosed_quote_swallowing_a_huge_file(data):
    path = csv_path(data, "values")
    path.write_text(
        'org_id,indicator_id,value,note\nsch-01,vsoko-objective,1,"' + "x" * 200_000 + "\n", encoding="utf-8"
    )
    p = only(check(data), F["values"], 2, None, "csv-syntax")
    assert "кавычк" in p.message  # the field limit is process-wide: either message names the quote


def test_unclosed_quote(data):
    lines = csv_path(data, "organizations").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(",", ',"', 1)  # a quote opens the name and never closes
    csv_path(data, "organizations").write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = only(check(data), F["organizations"], 6, None, "csv-syntax")
    assert "кавычк" in p.message


# --- keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, words, fix",
    [
        ("sch 01", "пробелы", None),
        (" sch-01", "пробелы", None),
        ("s\u0441h-01", "кириллические", "sch-01"),  # Cyrillic «с»
        ("sch-0l", None, None),  # a valid-looking id that names nothing: unknown
        ("../x", "путь", None),
        ("sch/01", "путь", None),
    ],
)
def test_bad_ids(data, value, words, fix):
    set_cell(data, "values", 2, "org_id", value)
    report = check(data)
    if words is None:
        only(report, F["values"], 2, "org_id", "unknown-organization")
        return
    p = only(report, F["values"], 2, "org_id", "bad-id")
    assert words in p.message
    if fix:
        assert f"латиницей: {fix}." in p.fix


def test_cyrillic_lookalike_is_shown_as_typed(data):
    set_cell(data, "organizations", 2, "kind", "gener\u0430l")  # Cyrillic «а»
    p = only(check(data), F["organizations"], 2, "kind", "bad-id")
    assert "general" in p.fix


def test_zero_width_space_in_id(data):
    set_cell(data, "values", 2, "org_id", "sch-01\u200b")
    report = check(data)
    p = only(report, F["values"], 2, "org_id", "control-character")
    assert "«sch-01<U+200B>»" in p.text() and "\u200b" not in report.text()


def test_duplicate_level_threshold(data):
    set_cell(data, "levels", 3, "min_score", "85.0")  # the same number as «85» in row 2
    only(check(data), F["levels"], 3, "min_score", "duplicate")


# --- numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, words",
    [
        ("NaN", "NaN"),
        ("inf", "бесконечность"),
        ("-Infinity", "бесконечность"),
        ("1e999", "диапазона"),
        ("1e-999", "диапазона"),  # would silently become 0
        ("1_4", "подчёркивание"),
        ("0x10", "не число"),
        ("1.2.3", "не число"),
        ("#ДЕЛ/0!", "ошибка формулы"),
    ],
)
def test_numbers_that_are_not_numbers(data, value, words):
    set_cell(data, "values", 7, "value", value)
    code = "number-overflow" if words == "диапазона" else "not-a-number"
    p = only(check(data), F["values"], 7, "value", code)
    assert words in p.message, p.text()
    assert "не число: не число" not in p.message  # issue 13: the reason does not repeat the title


def test_regression_arabic_indic_digit_not_silently_missing(data):
    # Python's \d matched '٣', pandas then read it as NaN: «not reported», silently.
    set_cell(data, "values", 11, "value", "\u0663")
    p = only(check(data), F["values"], 11, "value", "not-a-number")
    assert "0–9" in p.message and "запишите 3." in p.fix


def test_signed_numbers(data):
    set_cell(data, "values", 11, "value", "+5")
    set_cell(data, "values", 19, "value", "-0")  # complaints, a count
    raw, problems = load(data)
    ds, report = validate(raw)
    assert report.valid, report.text()
    values = ds.latest.values
    assert values.loc[11, "value"] == 5.0
    assert values.loc[19, "value"] == 0.0 and str(values.loc[19, "value"]) == "0.0"  # not -0.0


def test_weight_must_be_positive(data):
    set_cell(data, "directions", 2, "weight", "0")
    p = only(check(data), F["directions"], 2, "weight", "out-of-range")
    assert "больше 0" in p.message


# --- text -----------------------------------------------------------------------------


def test_over_long_name(data):
    set_cell(data, "organizations", 2, "name", "Ш" * 301)
    p = only(check(data), F["organizations"], 2, "name", "too-long")
    assert "301" in p.message
    assert "всего 301 символов" in p.text() and "Ш" * 81 not in p.text()


def test_control_character_in_text(data):
    set_cell(data, "organizations", 2, "short_name", "СОШ\x07 № 1")
    p = only(check(data), F["organizations"], 2, "short_name", "control-character")
    assert "<U+0007>" in p.text()


def test_bidirectional_override(data):
    set_cell(data, "organizations", 2, "name", "Школа \u202e1 №")
    report = check(data)
    p = only(report, F["organizations"], 2, "name", "control-character")
    assert "<U+202E>" in p.text() and "\u202e" not in report.text()


def test_header_with_bidi_override_is_printed_safely(data):
    rows = read_rows(data, "values")
    rows[0][3] = "note\u202e"
    write_rows(data, "values", rows)
    report = check(data)
    find(report, F["values"], 1, "note\u202e", "misspelled-column")
    assert "\u202e" not in report.text() and "<U+202E>" in report.text()


def test_show_value_names_invisible_characters_and_truncates():
    assert show_value("a\u200bb\u00a0c\u202fd") == "«a<U+200B>b<U+00A0>c<U+202F>d»"
    assert show_value("x" * 100).endswith("… (всего 100 символов)»")


# --- the package ------------------------------------------------------------------------


def test_invalid_json_gives_its_line(data):
    path = data / YEAR / "datapackage.json"
    replace_text(
        path, '"schema": "schemas/values.schema.json"\n', '"schema": "schemas/values.schema.json",\n'
    )  # a trailing comma before }
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('"schemas/values.schema.json",')].count("\n") + 2  # the error is at the «}» below
    p = only(check(data), F["package"], line, None, "bad-json")
    assert "запят" in p.message


def test_duplicate_json_key_gives_its_line(data):
    path = data / YEAR / "datapackage.json"
    replace_text(path, '"version": "1.0.0",', '"version": "1.0.0",\n  "name": "monitoring-2024",')
    p = only(check(data), F["package"], 6, "name", "json-duplicate-key")
    assert "дважды" in p.message


def test_year_does_not_match_folder(data):
    replace_text(data / YEAR / "datapackage.json", '"name": "monitoring-2025"', '"name": "monitoring-2024"')
    p = only(check(data), F["package"], None, "name", "year-mismatch")
    assert "monitoring-2025" in p.fix and p.value == "monitoring-2024"


def test_title_with_another_year(data):
    replace_text(data / YEAR / "datapackage.json", "2025 год", "2024 год")
    only(check(data), F["package"], None, "title", "title-year-mismatch")


def test_missing_file(data):
    csv_path(data, "values").unlink()
    only(check(data), F["values"], None, None, "missing-file")


@pytest.mark.parametrize(
    "path, words",
    [
        ("../2024/values.csv", "за пределы"),
        ("/etc/passwd", "абсолютный"),
        ("C:/data/values.csv", "абсолютный"),
        ("https://example.org/values.csv", "интернет"),
        ("file:values.csv", "интернет"),
        ("..\\\\2024\\\\values.csv", "обратная"),
    ],
)
def test_resource_path_outside_the_package(data, path, words):
    replace_text(data / YEAR / "datapackage.json", '"path": "values.csv"', f'"path": "{path}"')
    report = check(data)
    p = find(report, F["package"], None, "resources[4].path", "path-outside")
    assert words in p.message
    assert report.flatten() == [[F["package"], None, "resources[4].path", "path-outside"]]


def test_url_resource_opens_no_connection(data, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the generator opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    replace_text(data / YEAR / "datapackage.json", '"path": "values.csv"', '"path": "https://example.org/values.csv"')
    find(check(data), F["package"], None, "resources[4].path", "path-outside")


SECRET = "TOP-SECRET-OUTSIDE-CONTENT"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A file outside the data folder that must never be read."""
    path = tmp_path / "outside.csv"
    path.write_text(f"org_id,indicator_id,value,note\nsch-01,{SECRET},1,{SECRET}\n", encoding="utf-8")
    return path


def test_symlinked_resource_outside_is_not_read(data, outside):
    csv_path(data, "values").unlink()
    csv_path(data, "values").symlink_to(outside)
    report = check(data)
    only(report, F["package"], None, "resources[4].path", "resource-link-outside")
    result = cli("validate", "--data", str(data))
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr and SECRET not in report.text()


def test_regression_symlinked_settings_outside_is_not_read(data, outside):
    (data / "monitoring.yml").unlink()
    (data / "monitoring.yml").symlink_to(outside)
    report = check(data)
    find(report, F["settings"], None, None, "link-outside")
    assert SECRET not in report.text()


def test_regression_symlinked_descriptor_outside_is_not_read(data, outside):
    (data / YEAR / "datapackage.json").unlink()
    (data / YEAR / "datapackage.json").symlink_to(outside)
    report = check(data)
    only(report, F["package"], None, None, "link-outside")
    assert SECRET not in report.text()


def test_symlinked_year_folder_is_not_read(data, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(DEMO / "2024", elsewhere)
    (data / "2024").symlink_to(elsewhere, target_is_directory=True)
    find(check(data), "data/2024", None, None, "outside-data")


# --- robustness: no traceback, whatever the bytes ---------------------------------------


def test_regression_duplicate_org_ids_with_values_do_not_crash(data):
    set_cell(data, "organizations", 3, "id", "sch-01")
    report = check(data)
    find(report, F["organizations"], 3, "id", "duplicate")


def test_arbitrary_cells_never_raise():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    schema = load_schemas()["values"]

    @hypothesis.settings(max_examples=60, deadline=None)
    @hypothesis.given(st.lists(st.lists(st.text(max_size=12), min_size=4, max_size=4), max_size=6))
    def run(rows):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([["org_id", "indicator_id", "value", "note"], *rows])
        table, problems = read_csv_bytes(buf.getvalue().encode("utf-8"), "values", "values.csv")
        if table is not None:
            typed, found = check_table(table, schema)
            problems += found
        for p in problems:
            assert p.file == "values.csv" and CYRILLIC.search(p.message)
            p.text()

    run()


# --- all problems in one run, through the command line ----------------------------------


def test_cli_reports_every_problem_in_one_run(data):
    set_cell(data, "values", 7, "value", "55,8")
    set_cell(data, "values", 11, "value", "-3")
    set_cell(data, "organizations", 2, "kind", "school")
    set_cell(data, "indicators", 3, "max_points", "")
    csv_path(data, "levels").write_bytes(csv_path(data, "levels").read_text(encoding="utf-8").encode("cp1251"))
    with (data / "monitoring.yml").open("a", encoding="utf-8") as f:
        f.write("colour: red\n")
    result = cli("validate", "--data", str(data))
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    for where in [
        f"{F['values']}, строка 7, столбец «value»",
        f"{F['values']}, строка 11, столбец «value»",
        f"{F['organizations']}, строка 2, столбец «kind»",
        f"{F['indicators']}, строка 3, столбец «max_points»",
        f"{F['levels']}, строка 2",
        f"{F['settings']}, строка {APPENDED}, столбец «colour»",
    ]:
        assert where in result.stderr, result.stderr
    assert "Что сделать:" in result.stderr and "Найдено ошибок: 6." in result.stderr


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda d: csv_path(d, "values").write_bytes(b"\xff\xfe\x00\x00garbage"),
        lambda d: csv_path(d, "values").write_bytes(b'org_id,indicator_id,value,note\n"unterminated'),
        lambda d: (d / YEAR / "datapackage.json").write_text("[" * 100000, encoding="utf-8"),
        lambda d: (d / YEAR / "datapackage.json").write_text(
            '{"name": "monitoring-2025", "resources": [{"name": "values", "path": "a\\u0000b"}]}', encoding="utf-8"
        ),
        lambda d: (d / "monitoring.yml").write_text("? [a, b]\n: c\n", encoding="utf-8"),
        lambda d: (d / "monitoring.yml").write_text("kinds: {1: 2}\n", encoding="utf-8"),
    ],
    ids=["utf32-bytes", "unterminated-quote", "deep-json", "nul-in-path", "complex-yaml-key", "non-text-kind"],
)
def test_broken_input_gives_russian_errors_and_no_exception(data, corrupt, capsys):
    # In-process through the CLI's main(): an exception would fail the test (a
    # traceback for staff); the subprocess tests above cover the real process.
    corrupt(data)
    assert main(["validate", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "Что сделать:" in err and CYRILLIC.search(err)


# --- size: bounded time and memory -----------------------------------------------------------


def write_big_year(data: Path, rows: int, value_lines=None) -> None:
    """Replace the year's organizations and values with `rows` valid value rows
    (the 22 indicators of sch-01 for each of many general schools)."""
    template = read_rows(data, "values")[1:23]
    n_orgs = -(-rows // len(template))
    with csv_path(data, "organizations").open("w", encoding="utf-8") as f:
        f.write("id,name,kind,short_name,district,website\n")
        f.writelines(f"org-{i:07d},Школа {i},general,,,\n" for i in range(n_orgs))
    block = "".join(f"{{0}},{ind},{value},{note}\n" for _, ind, value, note, *_ in template)
    with csv_path(data, "values").open("w", encoding="utf-8") as f:
        f.write("org_id,indicator_id,value,note\n")
        f.writelines(block.format(f"org-{i:07d}") for i in range(n_orgs))
    for name in ("measures", "practices"):  # they name the organizations replaced above
        path = csv_path(data, "values").with_name(f"{name}.csv")
        if path.is_file():
            path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def test_many_errors_are_capped_and_fast(data):
    write_big_year(data, 200_000)
    path = csv_path(data, "values")
    path.write_text(
        path.read_text(encoding="utf-8").replace(",55.8,", ',"55,8%",').replace(",1,\n", ",да,\n"), encoding="utf-8"
    )
    start = time.perf_counter()
    report = check(data)
    elapsed = time.perf_counter() - start
    codes = [p.code for p in report.problems]
    assert set(codes) == {"not-a-number"} and len(codes) == 21  # 20 shown + «та же ошибка ещё в … строках»
    rest = report.problems[-1]
    assert rest.message.startswith("та же ошибка ещё в ") and rest.column == "value"
    assert rest.row > max(p.row for p in report.problems[:-1])
    assert elapsed < 10, elapsed


MEASURED = (
    "import resource, sys\n"
    "from generator.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print('PEAK_KB', use.ru_maxrss, 'CPU_S', use.ru_utime + use.ru_stime, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("RUN_SLOW") != "1", reason="set RUN_SLOW=1 to validate 750,000-row and 50 MB values files"
)
@pytest.mark.parametrize("rows, limit_s", [(750_000, 10), (1_700_000, 30)], ids=["750k-rows", "50MB"])
def test_big_values_file(data, rows, limit_s):
    write_big_year(data, rows)
    size = csv_path(data, "values").stat().st_size
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURED, "validate", "--data", str(data)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.perf_counter() - start
    peak_kb, cpu_s = re.search(r"PEAK_KB (\d+) CPU_S ([\d.]+)", result.stderr).groups()
    peak_mb = int(peak_kb) / 1024
    print(
        f"\nvalues file of {rows:,} rows ({size / 1e6:.1f} MB): python -m generator validate {elapsed:.1f} s "
        f"wall, {float(cpu_s):.1f} s CPU, peak memory {peak_mb:.0f} MB"
    )
    assert result.returncode == 0, result.stderr
    assert "Данные в порядке" in result.stdout
    assert elapsed < limit_s and peak_mb < 1024
