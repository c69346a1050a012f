"""What `diff` tells a reviewer (issue 14, item 5): an added year by its
results, what a change to one year does to the dynamics of the next, and the
shared places one changed value moves folded into one line."""

from __future__ import annotations

import json
import re

from factory import indicator, org, write_data, year
from hostile import ORG_NAME

from generator.pipeline import run
from generator.review.markdown import markdown, to_json
from generator.review.versions import run_diff
from generator.review.wording import year_summary

NBSP = "\u00a0"
BARE_MENTION = re.compile(r"(?<!`)@octocat")


def _inds():
    return [indicator("a", unit="points", max_points=100), indicator("b", unit="points", max_points=100)]


def _year(orgs, values):
    return year(orgs, _inds(), values)


Y2024 = _year(
    [org("s1"), org("s2"), org("k1", kind="preschool")],
    {"s1": {"a": 50, "b": 50}, "s2": {"a": 60, "b": 60}, "k1": {"a": 70, "b": 70}},
)


def _diff(tmp_path, base_years: dict, head_years: dict):
    base = write_data(tmp_path / "base", base_years)
    head = write_data(tmp_path / "head", head_years)
    return run_diff(base, None, None, base, head, run=run)


def test_an_added_year_is_summed_up_by_its_results(tmp_path):
    # Points out of 100: a score is the value; the total is the mean of a and b (missing counts as 0).
    y2025 = _year(
        [org("s1", name="@octocat " + ORG_NAME), org("s2"), org("k1", kind="preschool"), org("k2", kind="preschool")],
        {
            "s1": {"a": 90, "b": 90},  # 90: high, +40
            "s2": {"a": 40, "b": 40},  # 40: low, −20
            "k1": {"a": 70, "b": None},  # 35: low, −35, one value not reported
            "k2": {"a": 80, "b": 80},  # 80: high, new (no change to show)
        },
    )
    diff = _diff(tmp_path, {2024: Y2024}, {2024: Y2024, 2025: y2025})
    (yd,) = diff.years
    assert yd.status == "added" and (yd.n_applicable, yd.n_unreported, yd.n_values) == (8, 1, 7)
    levels = [(c.kind, c.level, c.count) for c in yd.levels_by_kind]
    assert levels == [
        ("general", "Высокий уровень", 1),
        ("general", "Низкий уровень", 1),
        ("preschool", "Высокий уровень", 1),
        ("preschool", "Низкий уровень", 1),
    ]
    assert [(m.org_id, m.score, m.delta) for m in yd.moves] == [("s1", 90, 40), ("k1", 35, -35), ("s2", 40, -20)]
    text = year_summary(yd)
    assert text.startswith(
        f"добавлен год: 4 организации, 2 показателя, 7 значений из 8, не представлено — 1 (12,50{NBSP}%)"
    )
    # The municipal average: (90 + 40 + 35 + 80) / 4 against (50 + 60 + 70) / 3.
    assert "; средний итоговый балл — 61,25, средний уровень, +1,25 к предыдущему году;" in text
    assert "Общеобразовательные: высокий уровень — 1, низкий уровень — 1" in text
    assert "Дошкольные: высокий уровень — 1, низкий уровень — 1" in text
    assert "итоговый балл больше всего вырос у «@octocat " in text and "(+40,00)" in text
    assert "больше всего снизился у «Организация k1» (−35,00), «Организация s2» (−20,00)" in text

    md = markdown(diff)
    assert "**Уровни по итоговому баллу**" in md and "| Дошкольные | Высокий уровень | 1 |" in md
    assert "| Организация k1 | 35,00 | −35,00 | Низкий уровень |" in md
    assert "Не представлено значений: 1 из 8." in md
    # The hostile name is in the summary and the table of moves, as text.
    assert md.count("&lt;/title&gt;&lt;script&gt;") >= 2
    assert "<script" not in md and "<img" not in md and not BARE_MENTION.search(md)
    assert json.loads(to_json(diff))["years"][0]["n_unreported"] == 1


def test_a_change_to_a_year_says_what_it_does_to_the_dynamics_of_the_next(tmp_path):
    one = lambda v: _year([org("s1"), org("s2")], {"s1": {"a": v, "b": v}, "s2": {"a": 10, "b": 10}})
    base = {2024: one(50), 2025: one(60), 2026: one(65)}
    head = {2024: one(40), 2025: one(60), 2026: one(65)}
    diff = _diff(tmp_path, base, head)
    y24, y25 = diff.years  # 2026 compares itself with 2025, which did not change
    assert y24.year == 2024 and y24.affects == [2025]
    assert y25.year == 2025 and y25.cause == 2024 and not y25.values and not y25.nodes
    total = next(d for d in y25.dynamics if d.node_kind == "total")
    assert (total.org_id, total.score, total.old_delta, total.new_delta) == ("s1", 60, 10, 20)
    assert {d.org_id for d in y25.dynamics} == {"s1"}  # s2's figures and their base did not move
    summary = markdown(diff).split("<details>")[0]
    assert "это меняет динамику 2025 года \\(сравнение с 2024 годом\\)" in summary
    assert "- **2025 год:** из\\-за изменений 2024 года изменилась динамика к предыдущему году" in summary
    details = markdown(diff)
    assert "**Динамика к предыдущему году (из-за изменений 2024 года): организации**" in details
    assert "| Организация s1 | Итоговый балл | 60,00 | +10,00 → +20,00 |" in details
    assert "**Динамика к предыдущему году (из-за изменений 2024 года): свод**" in details


def test_shared_places_moved_by_one_value_fold_into_one_line(tmp_path):
    ids = [f"s{i:02d}" for i in range(1, 13)]
    values = {i: {"a": 100, "b": 100} for i in ids[:10]} | {"s11": {"a": 50, "b": 50}, "s12": {"a": 40, "b": 40}}
    before = _year([org(i) for i in ids], values)
    after = _year([org(i) for i in ids], values | {"s11": {"a": 100, "b": 100}})
    diff = _diff(tmp_path, {2025: before}, {2025: after})
    (yd,) = diff.years
    totals = yd.totals()
    assert len(totals) == 11 and sum(n.tie_shift for n in totals) == 10  # s01–s10: 1–10 → 1–11
    assert all((n.old_rank, n.new_rank) == ("1–10", "1–11") for n in totals if n.tie_shift)
    text = year_summary(yd)
    assert "место в рейтинге — у 1" in text  # s11 itself
    assert "у 10 организаций сдвинулся диапазон мест из-за равенства баллов" in text
    assert "у 10 организаций сдвинулся диапазон мест из-за равенства баллов по показателям" in text
    md = markdown(diff)
    assert "- у 10 организаций сдвинулся диапазон мест из-за равенства баллов (1–10 → 1–11); баллы и уровни" in md
    assert md.count("1–10 → 1–11") == 1 + 1 + 2  # one line for the total, direction d1, indicators a and b…
    rows = [line for line in md.split("\n") if line.startswith("| Организация")]
    assert all(line.startswith("| Организация s11 |") for line in rows)  # … and no row per tied organization
    assert len(json.loads(to_json(diff))["years"][0]["nodes"]) > 30  # the JSON keeps every one


def test_a_corrections_log_published_before_later_years_were_listed_is_still_read(tmp_path):
    from generator.review import store

    year_entry = {"year": 2024, "sentence": "2024 год: …", "orgs": ["s1"], "orgs_detail": [], "indicators": ["a"]}
    year_entry |= {"directions": [], "checked": True}
    entry = {"commit": "a" * 40, "date": "2025-03-01", "message": "fix", "years": [year_entry], "date_note": ""}
    entry |= {"merged": [], "merged_more": 0, "carried": False}
    now = {**entry, "commit": "b" * 40, "years": [{**year_entry, "later": [2025]}]}
    bad = {**entry, "commit": "c" * 40, "years": [{**year_entry, "later": ["2025"]}]}
    path = tmp_path / "corrections.json"
    path.write_text(json.dumps({"format": store.FORMAT, "entries": [entry, now, bad]}), encoding="utf-8")
    entries, problem = store.read_published(path)
    assert [e["commit"][0] for e in entries] == ["a", "b"] and "пропущено повреждённых записей: 1" in problem
    from generator.review.corrections import _from_dict

    assert [_from_dict(e).years[0].later for e in entries] == [[], [2025]]
