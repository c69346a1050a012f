"""The organization page a parent reads in ten seconds (issue 13, item 2):
every figure of its top, and the order and grouping of what follows, from a
small data set computed in memory."""

from __future__ import annotations

import re

import factory as f
import pytest

from generator.compute import compute
from generator.render import urls as U
from generator.render.pages import organization, orgsummary
from generator.render.readmodel import ReadModel
from generator.render.site import environment, render_page

LEVELS = [
    f.level("high", 80, "Высокий уровень"),
    f.level("medium", 50, "Средний уровень"),
    f.level("low", 0, "Низкий уровень"),
]
DIRS = [f.direction("d1"), f.direction("d2")]
INDS = [
    f.indicator("i1", "d1", unit="boolean"),
    f.indicator("i2", "d1", unit="boolean"),
    f.indicator("i3", "d2", unit="boolean"),
]
ORGS = [f.org("a", short_name="Школа А"), f.org("b"), f.org("c")]
RECS = [f.rec("d1", "low;medium", f"Совет d1 №{n}") for n in range(1, 5)] + [f.rec("d2", "low", "Совет d2")]


def _year(values):
    return f.year(ORGS, INDS, values, directions=DIRS, levels=LEVELS, recommendations=RECS)


@pytest.fixture(scope="module")
def lk():
    years = {
        # a: total 100 in 2023; 25 in 2024 and 2025 (d1 = 50, d2 = 0).
        2023: _year(
            {"a": {"i1": 1, "i2": 1, "i3": 1}, "b": {"i1": 1, "i2": 1, "i3": 1}, "c": {"i1": 0, "i2": 0, "i3": 0}}
        ),
        2024: _year(
            {"a": {"i1": 1, "i2": 0, "i3": 0}, "b": {"i1": 1, "i2": 1, "i3": 1}, "c": {"i1": 0, "i2": 0, "i3": 0}}
        ),
        2025: _year(
            {"a": {"i1": 1, "i2": 0, "i3": 0}, "b": {"i1": 1, "i2": 1, "i3": 1}, "c": {"i1": 1, "i2": 1, "i3": 0}}
        ),
    }
    ds = f.dataset(years)
    return ReadModel(ds, compute(ds))


@pytest.fixture(scope="module")
def page(lk):
    return organization(lk, "a", U.org("a"))


def test_summary_numbers(page):
    s = page.summary
    # 2025: d1 = (100 + 0) / 2 = 50, d2 = 0, total = 25.
    assert page.total.score == pytest.approx(25)
    assert [(p.year, p.score) for p in s.points] == [(2023, 100.0), (2024, 25.0), (2025, 25.0)]
    assert (s.change, s.change_word) == (75.0, "снизился на")
    # Mean total of the kind in 2025: (25 + 100 + 50) / 3 = 58.33.
    assert page.peer_total == pytest.approx(58.333, abs=0.01)
    assert (s.peer_gap, s.peer_word) == (33.33, "ниже среднего по типу на")
    assert (s.directions, s.indicators) == (2, 3)
    assert s.scope == "2 направлениям и 3 показателям"


def test_level_bands(page):
    bands = [(b.label, b.low, b.high, b.current) for b in page.summary.bands]
    assert bands == [
        ("Высокий уровень", 80.0, None, False),
        ("Средний уровень", 50.0, 80.0, False),
        ("Низкий уровень", 0.0, 50.0, True),
    ]


def test_sparkline_coordinates(page):
    sp = page.summary.spark
    pad, inner_h = orgsummary.SPARK_PAD, orgsummary.SPARK_HEIGHT - 2 * orgsummary.SPARK_PAD
    # A fixed 0-100 scale: 100 at the top edge, 25 three quarters down.
    assert [(d.x, d.y) for d in sp.dots] == [
        (pad, pad),
        (orgsummary.SPARK_WIDTH / 2, round(pad + inner_h * 0.75, 1)),
        (orgsummary.SPARK_WIDTH - pad, round(pad + inner_h * 0.75, 1)),
    ]
    assert sp.points == " ".join(f"{d.x:g},{d.y:g}" for d in sp.dots)
    # The bounds of the two upper levels are lines at their height.
    assert [t.y for t in sp.thresholds] == [round(pad + inner_h * 0.2, 1), round(pad + inner_h * 0.5, 1)]
    assert sp.alt == "График итогового балла по годам: от 100,00 в 2023 году до 25,00 в 2025 году"


def test_one_year_has_no_chart_and_no_change():
    one = orgsummary.summary((orgsummary.TrendPoint(2025, 60.0, None),), [], None, 60.0, 60.0, 1, 1)
    assert (one.spark, one.change, one.change_word) == (None, None, "")
    assert (one.peer_gap, one.peer_word) == (0.0, "равен среднему по типу")
    assert one.scope == "1 направлению и 1 показателю"


def test_recommendations_grouped_by_direction(page):
    groups = page.rec_groups
    assert [g.direction for g in groups] == ["Направление d1", "Направление d2"]
    d1, d2 = groups
    assert d1.shown == ("Совет d1 №1", "Совет d1 №2")
    assert d1.more == ("Совет d1 №3", "Совет d1 №4")
    assert d1.more_label == "Ещё 2 рекомендации"
    assert d1.level.label == "Средний уровень"
    assert (d2.shown, d2.more, d2.more_label, d2.level.label) == (("Совет d2",), (), "", "Низкий уровень")
    assert page.rec_count == "5 рекомендаций по 2 направлениям"


def test_page_order_and_no_repetition(page):
    md = render_page(environment(), page)
    headings = re.findall(r"^## ([^{\n]+)", md, re.M)
    assert [h.strip() for h in headings][:4] == [
        "История по годам",
        "Баллы по направлениям, 2025",
        "Сильные стороны и дефициты",
        "Адресные рекомендации",
    ]
    top = md[: md.index("## История по годам")]
    assert "не рейтинг школы" in top and "работа руководителя" in top
    assert "низкий уровень — ниже 50,00" in top and "средний уровень — от 50,00 до 80,00" in top
    assert "2023 — 100,00 → 2024 — 25,00 → 2025 — 25,00" in top
    assert "итоговый балл снизился на 75,00" in top
    assert '<svg class="sparkline"' in top
    assert "compare/?kind=general&amp;orgs=a" in top
    recs = md[md.index("## Адресные рекомендации") :]
    assert "(уровень:" not in recs
    assert recs.count("Направление d1") == 1  # the direction once, as the group's title
    assert recs.index("Совет d1 №\u00a02") < recs.index("Ещё 2 рекомендации") < recs.index("Совет d1 №\u00a03")
    assert "<details" in recs


def test_comparison_data_of_a_kind(lk):
    """What compare.js places, computed here: the same figures as the organization page."""
    import json

    from generator.render.pages.compare import data_files, kind_data

    d = kind_data(lk, "general")
    assert d["years"] == [2023, 2024, 2025]
    assert [x["id"] for x in d["directions"]] == ["d1", "d2"]
    a = next(o for o in d["orgs"] if o["id"] == "a")
    assert a["short"] == "Школа А" and a["href"] == "../organizations/a/"  # from compare/
    assert [h[0] for h in a["history"]] == ["100,00", "25,00", "25,00"]
    assert a["total"][0] == "25,00" and d["levels"][a["total"][1]]["label"] == "Низкий уровень"
    assert [x[0] for x in a["directions"]] == ["50,00", "0,00"]
    assert a["rank"] == "3 из 3"
    files = data_files(lk)
    assert set(files) == {"downloads/compare/general.json"}
    assert json.loads(files["downloads/compare/general.json"]) == d
