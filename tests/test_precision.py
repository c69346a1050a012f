"""Thresholds and precision: what is published agrees with itself. Thresholds
have at most two decimals, levels are assigned on the score rounded to two
decimals, so the published score, the published threshold and the published
level always agree; raw values are shown with every digit that decides a score.
"""

from __future__ import annotations

import re

import pytest
from factory import indicator, levels, org, row, write_data, year

from generator.cli import main
from generator.load import load
from generator.pipeline import run
from generator.problems import Report
from generator.render import markup
from generator.render.site import render_site
from generator.validate import validate

ORGS = [org("s1"), org("s2"), org("s3"), org("s4")]
INDS = [indicator("a", unit="number")]


def check(data) -> Report:
    raw, problems = load(data)
    report = Report(list(problems))
    if raw is not None:
        report.extend(validate(raw)[1].problems)
    return report


def one_year(tmp_path, lv, values=None):
    values = values or {"s1": {"a": 300}, "s2": {"a": 100}}
    return write_data(tmp_path, {2025: year(ORGS[:2], INDS, values, levels=lv)})


# --- thresholds ---------------------------------------------------------------


def test_threshold_with_three_decimals_refused_with_file_row_column_value(tmp_path, capsys):
    data = one_year(tmp_path, levels(high=66.667, medium=33.333, low=0))
    found = [p for p in check(data).problems if p.code == "threshold-precision"]
    assert [(p.file.endswith("2025/levels.csv"), p.row, p.column, p.value) for p in found] == [
        (True, 2, "min_score", "66.667"),
        (True, 3, "min_score", "33.333"),
    ]
    assert "округлите порог до двух знаков после запятой, например 66.67" in found[0].fix
    assert "например 33.33" in found[1].fix
    assert main(["validate", "--data", str(data)]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "levels.csv, строка 2, столбец «min_score»" in text and "«66.667»" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("bad", [66.665, 80.004, 33.3333333, 66.6700000001, 0.001])
def test_threshold_finer_than_hundredths_refused_however_close(tmp_path, bad):
    data = one_year(tmp_path, levels(high=bad, low=0))
    found = [p for p in check(data).problems if p.code == "threshold-precision"]
    assert [(p.row, p.column) for p in found] == [(2, "min_score")]


@pytest.mark.parametrize("good", [66.67, 33.33, 0.1, 80, 99.99, 0.07, 12.3])
def test_two_decimal_threshold_accepted_beside_a_finer_one_refused(tmp_path, good):
    # 66.67 is stored as 66.670000000000001…: float noise must not refuse it.
    data = one_year(tmp_path, levels(high=good, medium=0.005, low=0))
    found = check(data).problems
    assert [(p.code, p.row) for p in found] == [("threshold-precision", 3)], check(data).text()


def test_trailing_zeros_and_exponent_accepted_finer_exponent_refused(tmp_path):
    data = one_year(tmp_path, levels(high=66.67, medium=33.33, low=0))
    path = data / "2025" / "levels.csv"
    text = path.read_text(encoding="utf-8").replace(",66.67,", ",66.670,").replace(",33.33,", ",3.3335e1,")
    path.write_text(text, encoding="utf-8")
    found = check(data).problems
    assert [(p.code, p.row, p.value) for p in found] == [("threshold-precision", 3, "33.335")], check(data).text()
    assert "например 33.34" in found[0].fix  # school rounding, as scores are published


# --- levels at a threshold agree with the published score ---------------------


@pytest.fixture(scope="module")
def at_thresholds(tmp_path_factory):
    """Scores 100, 33.333… (rounds to the 33.33 threshold), 66.665 (school
    rounding: 66.67, the upper threshold) and 33.32 (below)."""
    tmp = tmp_path_factory.mktemp("at")
    values = {"s1": {"a": 300}, "s2": {"a": 100}, "s3": {"a": 199.995}, "s4": {"a": 99.96}}
    data = write_data(tmp, {2025: year(ORGS, INDS, values, levels=levels(high=66.67, medium=33.33, low=0))})
    ds, results = run(data)
    return ds, results, render_site(ds, results, with_files=False).pages


def test_score_rounding_onto_a_threshold_gets_the_higher_level_and_pages_agree(at_thresholds):
    _, results, pages = at_thresholds
    assert {o: row(results, o, "total")["level"] for o in ("s1", "s2", "s3", "s4")} == {
        "s1": "high",
        "s2": "medium",
        "s3": "high",
        "s4": "low",
    }
    total = re.compile(r'class="big">([^<]+)</strong> из 100 · <span class="level level--\w+"[^>]*>([^<]+)</span>')
    shown = {o: total.search(pages[p]).groups() for o in ("s2", "s3", "s4") for p in pages if p.endswith(f"{o}.md")}
    assert shown == {
        "s2": ("33,33", "Уровень medium"),
        "s3": ("66,67", "Уровень high"),
        "s4": ("33,32", "Уровень low"),
    }
    methodology = next(v for k, v in pages.items() if k.endswith("methodology.md"))
    assert "Уровень high</span> от 66,67" in methodology and "Уровень medium</span> от 33,33" in methodology
    assert "не более чем с двумя знаками после запятой" in methodology


def test_methodology_page_says_values_are_shown_in_full(at_thresholds):
    _, _, pages = at_thresholds
    methodology = next(v for k, v in pages.items() if k.endswith("methodology.md"))
    assert "**Значения показателей** показываются полностью" in methodology


def test_organization_page_shows_the_value_that_decides_the_score(at_thresholds):
    _, _, pages = at_thresholds
    page = next(v for k, v in pages.items() if k.endswith("s3.md"))
    assert ">199,995<" in page


# --- values -------------------------------------------------------------------


@pytest.mark.parametrize(
    "x, unit, shown",
    [
        (0.004, "number", "0,004"),
        (0.0004, "number", "0,0004"),
        (0.00001234, "number", "0,00001234"),
        (1234567.125, "number", "1\u00a0234\u00a0567,125"),
        (199.995, "percent", "199,995\u00a0%"),
        (1 / 3, "number", "0,3333333333"),
        (200 / 3, "percent", "66,66666667\u00a0%"),
        (1.234e-12, "number", "1,234\u00b710\u207b\u00b9\u00b2"),
    ],
)
def test_value_shows_every_digit_that_decides_the_score(x, unit, shown):
    assert markup.value(x, unit) == shown


def test_value_keeps_integers_booleans_grouping_and_sign_at_least_hundredths():
    # Issue 13: one precision beside every score (hundredths); percentages always with hundredths.
    cases = [
        (12345, "count"),
        (80.0, "percent"),
        (1, "boolean"),
        (0, "boolean"),
        (None, "number"),
        (float("nan"), "percent"),
        (12345.5, "number"),
        (-2.5, "number"),
        (0.1 + 0.2, "number"),
        (0.125, "percent"),
    ]
    assert [markup.value(x, unit) for x, unit in cases] == [
        "12\u00a0345",
        "80,00\u00a0%",
        "да",
        "нет",
        "не представлено",
        "не представлено",
        "12\u00a0345,50",
        "\u22122,50",
        "0,30",
        "0,125\u00a0%",
    ]


def test_three_small_values_no_longer_all_shown_as_zero():
    # The red team's case: 0.004, 0.0049 and 0 scored 33.33, 40.83 and 0.00, all shown «0».
    assert [markup.value(x) for x in (0.004, 0.0049, 0.0)] == ["0,004", "0,0049", "0"]


def test_municipal_means_stay_rounded_as_in_municipal_csv(at_thresholds):
    # Guards the other side of full raw values: a mean (300 + 100 + 199.995 + 99.96) / 4
    # = 174.98875 is a computed figure, shown as municipal.csv writes it, not in full.
    _, _, pages = at_thresholds
    page = next(v for k, v in pages.items() if k.endswith("indicators/a.md"))
    assert ">174,99<" in page and "174,98875" not in page
