"""Chart specs (generator/render/charts.py), as the pages of the demo data
build them: thresholds and level bands from each year's levels.csv, units on
the axes, series colours apart from the level colours, one line for series
that coincide, a fixed height that the page reserves, no step sizing (Vega
drops "fit" for it with a console warning), and a dark-scheme config. What
the browser draws from them is tested in tests/browser/test_chart_drawing.py."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import altair as alt
import pytest

from generator.compute import compute
from generator.pipeline import checked_dataset
from generator.render import charts
from generator.render import urls as U
from generator.render.chart_templates import SERIES_DARK, SERIES_LIGHT
from generator.render.readmodel import ReadModel
from generator.render.records import Level

# The modules, not the page functions the package exports under the same names.
home, nodes, organization, year = (
    importlib.import_module(f"generator.render.pages.{name}") for name in ("home", "nodes", "organization", "year")
)
ROOT = Path(__file__).resolve().parents[1]
LEVELS = [
    Level("high", "Высокий уровень", 85.0, "#2e7d32", "high"),
    Level("medium", "Средний уровень", 60.0, "#f9a825", "medium"),
    Level("low", "Низкий уровень", 0.0, "#c62828", "low"),
]


@pytest.fixture(scope="module")
def lk() -> ReadModel:
    ds = checked_dataset(ROOT / "data", ROOT)
    return ReadModel(ds, compute(ds))


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _data(spec: dict, field: str) -> list[dict]:
    """Rows of the layer whose rows have field."""
    for layer in _layers(spec):
        rows = layer.get("data", {}).get("values") or []
        if rows and field in rows[0]:
            return rows
    return []


def _encodings(spec: dict, channel: str) -> list[dict]:
    return [layer["encoding"][channel] for layer in _layers(spec) if channel in layer.get("encoding", {})]


def _valid(spec: dict) -> None:
    """The filled spec is still valid Vega-Lite (the schema Altair ships)."""
    alt.Chart.from_dict(spec).to_dict(validate=True)


def _every_chart(lk: ReadModel):
    y = lk.latest
    yield home.home(lk, U.HOME).level_chart
    for k in year.year(lk, y, U.year(y))[0].kinds:
        yield k.chart
    for org_id in lk.org:
        page = organization.organization(lk, org_id, U.org(org_id))
        yield page.compare_chart
        yield page.history_chart
    for d in lk.direction:
        yield nodes.direction(lk, d, U.direction(d))[0].chart
    for i in lk.indicator:
        yield nodes.indicator(lk, i, U.indicator(i))[0].chart


def test_every_chart_has_a_fixed_height_and_no_step_sizing(lk):
    seen = 0
    for chart in _every_chart(lk):
        spec = chart.spec
        assert spec["autosize"] == {"type": "fit", "contains": "padding"}
        assert spec["width"] == "container" and isinstance(spec["height"], int)
        assert chart.height == spec["height"] >= 200
        assert chart.height_narrow >= chart.height
        text = json.dumps(spec)
        assert '"step"' not in text  # a step height makes Vega drop "fit-y", with a warning
        assert spec["usermeta"]["dark"]["background"] == "transparent"
        assert chart.file and chart.file.isascii()
        seen += 1
    assert seen > 50


def test_specs_stay_valid_vega_lite(lk):
    page = organization.organization(lk, "sch-03", U.org("sch-03"))
    for spec in (page.compare_chart.spec, page.history_chart.spec, home.home(lk, U.HOME).level_chart.spec):
        _valid(spec)
    rows = [{"lo": 60, "hi": 65, "bin": "60–65", "level": "Средний уровень", "count": 3}]
    _valid(charts.histogram(rows, LEVELS))


def test_ranking_draws_the_years_thresholds(lk):
    for y in lk.years:
        kinds = year.year(lk, y, U.year(y))[0].kinds
        expected = sorted(lv.min_score for lv in lk.levels[y] if lv.min_score > 0)
        for k in kinds:
            thresholds = _data(k.chart.spec, "min")
            assert sorted(r["min"] for r in thresholds) == expected, (y, k.id)
            assert {r["text"] for r in thresholds} == {f"от {m:g}" for m in expected}
            marks = [layer["mark"]["type"] for layer in _layers(k.chart.spec)]
            assert "rule" in marks and "text" in marks
            assert k.chart.spec["layer"][0]["encoding"]["x"]["title"] == "Итоговый балл (из 100)"


def test_thresholds_moved_between_years_in_the_demo(lk):
    """The demo's thresholds differ between years (so the bands below are not vacuous)."""
    assert len({tuple(lv.min_score for lv in lk.levels[y]) for y in lk.years}) > 1


def test_history_bands_follow_each_years_levels(lk):
    page = organization.organization(lk, "sch-03", U.org("sch-03"))
    spec = page.history_chart.spec
    bands = _data(spec, "lo")
    years = sorted({r["year"] for r in _data(spec, "series")})
    assert len(years) >= 3
    for y in years:
        of_year = sorted((r for r in bands if r["x0"] == y - 0.5), key=lambda r: r["lo"])
        assert [r["lo"] for r in of_year] == sorted(lv.min_score for lv in lk.levels[y])
        assert [r["hi"] for r in of_year] == [*sorted(lv.min_score for lv in lk.levels[y])[1:], 100]
        assert all(r["x1"] == y + 0.5 for r in of_year)
    y_enc = [e for e in _encodings(spec, "y")]
    assert {e["title"] for e in y_enc} == {"Итоговый балл (из 100)"}
    assert all(e["scale"]["domain"] == [0, 100] for e in y_enc)
    fill = _encodings(spec, "fill")[0]["scale"]
    assert fill["domain"] == [lv.label for lv in lk.levels[lk.latest]]
    assert fill["range"] == [lv.color for lv in lk.levels[lk.latest]]


def test_compare_shows_thresholds_and_units(lk):
    page = organization.organization(lk, "sch-03", U.org("sch-03"))
    spec = page.compare_chart.spec
    assert sorted(r["min"] for r in _data(spec, "min")) == sorted(
        lv.min_score for lv in lk.levels[page.year] if lv.min_score > 0
    )
    assert _encodings(spec, "x")[0]["title"] == "Балл (из 100)"
    assert page.compare_chart.printed is False  # the directions table holds the same figures in print


def test_series_colours_are_not_level_colours(lk):
    """«Среднее по типу» (a series) never takes a level's colour, «Средний уровень» in particular."""
    level_colors = {lv.color.lower() for y in lk.years for lv in lk.levels[y]}
    assert not level_colors & {c.lower() for c in SERIES_LIGHT + SERIES_DARK}
    page = organization.organization(lk, "sch-03", U.org("sch-03"))
    for chart in (page.compare_chart, page.history_chart):
        config = chart.spec["config"]
        assert config["range"]["category"] == SERIES_LIGHT
        assert chart.spec["usermeta"]["dark"]["range"]["category"] == SERIES_DARK
        # The series scale has no range of its own: it takes the palette of the scheme.
        for channel in ("color",):
            for enc in _encodings(chart.spec, channel):
                if enc["field"] in ("who", "series"):
                    assert "range" not in enc.get("scale", {})
    # The two series are the first two palette colours, distinct, and neither is amber.
    assert SERIES_LIGHT[0] != SERIES_LIGHT[1] and SERIES_DARK[0] != SERIES_DARK[1]


def test_indicator_axes_carry_units(lk):
    titles = {}
    for i, ind in lk.indicator.items():
        spec = nodes.indicator(lk, i, U.indicator(i))[0].chart.spec
        titles[ind.unit] = _encodings(spec, "y")[0]["title"]
    assert titles["boolean"] == "Доля организаций с ответом «да», %"
    assert titles["percent"] == "Муниципальное значение, %"
    for unit, title in titles.items():
        assert title and title != "Значение", unit


def test_kind_limited_indicator_is_one_line(lk):
    """An indicator for one kind: «Все организации» are that kind, one line with both names."""
    limited = [i for i, ind in lk.indicator.items() if len(ind.kinds) == 1]
    assert limited
    for i in limited:
        chart = nodes.indicator(lk, i, U.indicator(i))[0].chart
        series = {r["series"] for r in _data(chart.spec, "series")}
        kind_label = lk.kinds[lk.indicator[i].kinds[0]]
        assert series == {f"Все организации = {kind_label[0].lower()}{kind_label[1:]}"}, i


def test_merge_identical_keeps_different_series():
    rows = [
        {"year": 2024, "series": "Все организации", "value": 50.0},
        {"year": 2025, "series": "Все организации", "value": 60.0},
        {"year": 2024, "series": "Школы", "value": 50.0},
        {"year": 2025, "series": "Школы", "value": 60.0},
        {"year": 2024, "series": "ДОО", "value": 50.0},
        {"year": 2025, "series": "ДОО", "value": 61.0},  # one year differs: its own line
    ]
    merged = charts.merge_identical(rows)
    assert [r["series"] for r in merged] == ["Все организации = школы"] * 2 + ["ДОО"] * 2
    # An abbreviation keeps its capitals.
    same = [dict(r, series="ДОО") for r in rows[:2]] + rows[:2]
    assert {r["series"] for r in charts.merge_identical(same)} == {"ДОО = все организации"}


def test_histogram_is_on_a_score_axis_with_thresholds():
    rows = [
        {"lo": 55, "hi": 60, "bin": "55–60", "level": "Низкий уровень", "count": 2},
        {"lo": 85, "hi": 90, "bin": "85–90", "level": "Высокий уровень", "count": 1},
    ]
    spec = charts.histogram(rows, LEVELS)
    x = _encodings(spec, "x")[0]
    assert x["field"] == "lo" and x["type"] == "quantitative" and x["scale"]["domain"] == [0, 100]
    assert _encodings(spec, "x2")[0]["field"] == "hi"
    assert sorted(r["min"] for r in _data(spec, "min")) == [60, 85]
    chart = charts.Chart(spec, "alt", "caption", [], [])
    assert chart.height_narrow - chart.height == 2 * 18  # three levels stack: two more legend rows


def test_band_rows_of_a_year():
    rows = charts.band_rows({2025: LEVELS})
    assert [(r["lo"], r["hi"], r["level"]) for r in rows] == [
        (85.0, 100, "Высокий уровень"),
        (60.0, 85.0, "Средний уровень"),
        (0.0, 60.0, "Низкий уровень"),
    ]


def test_ranking_height_grows_with_its_bars():
    rows = [{"name": f"ОО {n}", "score": 50.0 + n, "level": "Низкий уровень"} for n in range(10)]
    short, long = charts.ranking(rows[:2], LEVELS), charts.ranking(rows, LEVELS)
    assert long["height"] - short["height"] == 8 * 18
