"""The methodology page (issue 13): the worked example's numbers, computed
again step by step, agree with the results; every year's tree is shown with
its parents; no configuration key reaches the public."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from factory import indicator, levels, org, run_data, year

from generator import russian
from generator.pipeline import run
from generator.render.pages.example import worked_example
from generator.render.readmodel import ReadModel
from generator.render.site import render_site

ROOT = Path(__file__).resolve().parent.parent


def visible(md: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", md))


@pytest.fixture(scope="module")
def demo():
    ds, results = run(ROOT / "data", ROOT)
    return ds, results, render_site(ds, results, with_files=False)


def test_worked_example_of_the_methodology_contract(tmp_path):
    # ../shared/domain/methodology.md «Worked example»: s1 scores a 100, d1 83.33, level high.
    y = year(
        orgs=[org("s1"), org("s2"), org("s3")],
        indicators=[
            indicator("a", unit="percent"),
            indicator("b", unit="boolean"),
            indicator("c", unit="points", max_points=4),
        ],
        values={"s1": {"a": 80, "b": 1, "c": 2}, "s2": {"a": 40, "b": 0, "c": 4}, "s3": {"a": 20, "b": 1, "c": None}},
        levels=levels(high=80, medium=50, low=0),
    )
    ds, results = run_data(tmp_path, {2025: y}, missing="zero")
    e = worked_example(ReadModel(ds, results), "methodology.md")
    assert e.org_name == "Организация s1" and e.year == 2025 and e.exact
    assert (e.indicator.name, e.indicator.value, e.indicator.best) == ("Показатель a", 80, 80)
    assert e.indicator.expression == "100 × 80 / 80 = 100,00"
    (d1,) = e.steps
    assert [(t.name, russian.score(t.score), t.weight) for t in d1.terms] == [
        ("Показатель a", "100,00", 1),
        ("Показатель b", "100,00", 1),
        ("Показатель c", "50,00", 1),
    ]
    assert d1.expression == "(1 × 100,00 + 1 × 100,00 + 1 × 50,00) / 3 = 83,33"
    assert e.total.expression == "(1 × 83,33) / 1 = 83,33" and e.level.id == "high"


def test_demo_example_agrees_with_the_results(demo):
    ds, results, _ = demo
    lk = ReadModel(ds, results)
    e = worked_example(lk, "methodology.md")
    s = results.scores
    org_id = next(o for o in lk.org if lk.name(o) == e.org_name)
    mine = s[(s["year"] == e.year) & (s["org_id"] == org_id)]
    score = dict(zip(zip(mine["node_kind"], mine["node_id"]), mine["score"]))
    ind = next(i for i in lk.indicator_rows[e.year] if i.name == e.indicator.name)
    assert e.indicator.score == pytest.approx(score[("indicator", ind.id)], abs=1e-9)
    by_name = {d.name: d.id for d in lk.direction_rows[e.year]}
    assert e.steps and [by_name[st.name] for st in e.steps][0] == ind.direction_id
    for st in e.steps:
        assert st.score == pytest.approx(score[("direction", by_name[st.name])], abs=1e-9)
    assert e.total.score == pytest.approx(score[("total", "total")], abs=1e-9)
    assert e.exact  # the demo's example can be redone on the rounded figures shown


def test_methodology_page_shows_every_year_with_parents_and_no_keys(demo):
    ds, _, site = demo
    md = site.pages["methodology.md"]
    text = visible(md)
    for y in ds.years:
        block = md.split(f"<summary>{y.year} год:")[1].split("</details>")[0]
        assert block.count("../indicators/") == len(y.indicators), y.year
        assert block.count("../directions/") == len(y.directions), y.year
        for d in y.directions.itertuples():
            if d.parent_id:
                parent = y.directions.set_index("id").loc[d.parent_id, "name"]
                assert f"в составе «{parent}»" in visible(block)
    assert "Пример расчёта" in text and "Шаг 1. Балл показателя" in text and "Итоговый балл: (" in text
    for key in ("missing", "zero", "exclude", "ratio_to_best", "boolean", "points", "target", "<code>", "min("):
        assert key not in text, key
    for ids in (ds.latest.indicators["id"], ds.latest.directions["id"]):
        assert not any(re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w/-])", text) for i in ids if "-" in i)


def test_plural_is_one_rule_for_every_count():
    forms = ("организация", "организации", "организаций")
    got = {n: russian.plural(n, *forms) for n in (0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1001)}
    assert got == {
        0: "0 организаций",
        1: "1 организация",
        2: "2 организации",
        4: "4 организации",
        5: "5 организаций",
        11: "11 организаций",
        12: "12 организаций",
        14: "14 организаций",
        21: "21 организация",
        22: "22 организации",
        25: "25 организаций",
        101: "101 организация",
        111: "111 организаций",
        1001: "1\u00a0001 организация",
    }
    # «у 21 организации»: the genitive forms go in the same way.
    assert russian.plural(21, "организации", "организаций", "организаций") == "21 организации"


def test_words_of_numbers_and_dates():
    assert russian.delta(7.694, "percent") == "+7,69\u00a0п.\u00a0п."
    assert russian.delta(-0.2, None) == "\u22120,20"
    assert russian.figure(87.5, "percent") == "87,50\u00a0%" and russian.figure(4.3) == "4,30"
    assert russian.long_date("2026-03-01") == "1\u00a0марта 2026\u00a0г."
    assert russian.no_break("СОШ № 3, №5 и 5 %") == "СОШ №\u00a03, №\u00a05 и 5\u00a0%"
    assert russian.no_break("{% if true %}") == "{% if true %}"  # only a number and its «%»


def test_no_template_chooses_a_plural_itself():
    templates = (ROOT / "generator" / "resources" / "site_templates").glob("*.j2")
    for t in templates:
        assert not re.search(r"length\s*==\s*1|==\s*1\s+else", t.read_text(encoding="utf-8")), t.name
