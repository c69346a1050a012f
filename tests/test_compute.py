"""Every rule of docs methodology.md (the arithmetic), with exact numbers,
through the real pipeline: files -> load -> validate -> compute."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from factory import column, direction, indicator, levels, muni, org, ranks, rec, row, score, year
from generator.arithmetic import fmt2, round2
from generator.compute import SCORE_COLUMNS


def approx(x):
    return pytest.approx(x, abs=1e-9)


def isnan(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x)


# --- the worked example -----------------------------------------------------

WORKED_INDICATORS = [
    indicator("a", unit="percent"),  # ratio_to_best by default
    indicator("b", unit="boolean"),
    indicator("c", unit="points", max_points=4),
]
WORKED_VALUES = {"s1": {"a": 80, "b": 1, "c": 2}, "s2": {"a": 40, "b": 0, "c": 4}, "s3": {"a": 20, "b": 1, "c": None}}


def worked(**extra):
    return year(orgs=[org("s1"), org("s2"), org("s3")], indicators=WORKED_INDICATORS, values=WORKED_VALUES, **extra)


def test_worked_example_missing_zero(run):
    r = run({2025: worked()}, missing="zero")
    assert column(r, "a", "score") == {"s1": 100, "s2": 50, "s3": 25}
    assert column(r, "b", "score") == {"s1": 100, "s2": 0, "s3": 100}
    assert column(r, "c", "score") == {"s1": 50, "s2": 100, "s3": 0}
    # Unrounded inside, 2 decimals when shown.
    assert column(r, "d1", "score") == {"s1": approx(250 / 3), "s2": approx(50), "s3": approx(125 / 3)}
    assert [fmt2(x) for x in column(r, "d1", "score").values()] == ["83.33", "50.00", "41.67"]
    assert column(r, "d1", "level") == {"s1": "high", "s2": "medium", "s3": "low"}
    assert ranks(r, "d1") == {"s1": (1, 1), "s2": (2, 2), "s3": (3, 3)}
    # One top-level direction: the total is that direction.
    assert column(r, "total", "score") == column(r, "d1", "score")
    assert ranks(r, "total") == ranks(r, "d1")


def test_worked_example_missing_exclude(run):
    r = run({2025: worked()}, missing="exclude")
    assert column(r, "d1", "score") == {"s1": approx(250 / 3), "s2": approx(50), "s3": approx(62.5)}
    assert column(r, "d1", "level") == {"s1": "high", "s2": "medium", "s3": "medium"}
    assert ranks(r, "d1") == {"s1": (1, 1), "s3": (2, 2), "s2": (3, 3)}
    # The missing value keeps its row, with no score, rank or trend.
    c = row(r, "s3", "c")
    assert isnan(c["value"]) and isnan(c["score"]) and isnan(c["rank_min"]) and c["trend"] == ""
    # and it is no peer: c is ranked among the two that reported
    assert ranks(r, "c") == {"s1": (2, 2), "s2": (1, 1), "s3": (None, None)}


def test_missing_row_and_empty_value_are_the_same(run):
    values = {"s1": {"a": 80, "b": 1, "c": 2}, "s2": {"a": 40, "b": 0, "c": 4}, "s3": {"a": 20, "b": 1}}
    r = run({2025: year(orgs=[org("s1"), org("s2"), org("s3")], indicators=WORKED_INDICATORS, values=values)})
    assert score(r, "s3", "d1") == approx(125 / 3)
    assert score(r, "s3", "c") == 0 and isnan(row(r, "s3", "c")["value"])


# --- rule 1: methods and polarity -------------------------------------------


def test_points_and_boolean(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2")],
        indicators=[indicator("p", unit="points", max_points=2.5), indicator("b", unit="boolean")],
        values={"s1": {"p": 1, "b": 0}, "s2": {"p": 2.5, "b": 1}},
    )})
    assert column(r, "p", "score") == {"s1": approx(40), "s2": approx(100)}
    assert column(r, "b", "score") == {"s1": 0, "s2": 100}


@pytest.mark.parametrize("unit", ["percent", "count", "number"])
def test_ratio_to_best_higher_is_default_for_unit(run, unit):
    r = run({2025: year(orgs=[org("s1"), org("s2"), org("s3")], indicators=[indicator("x", unit=unit)], values={"s1": {"x": 8}, "s2": {"x": 2}, "s3": {"x": 6}})})
    assert column(r, "x", "score") == {"s1": 100, "s2": 25, "s3": approx(75)}


def test_ratio_to_best_peers_are_per_kind(run):
    r = run({2025: year(
        orgs=[org("s1"), org("k1", "preschool"), org("s2"), org("k2", "preschool")],
        indicators=[indicator("x")],
        values={"s1": {"x": 80}, "s2": {"x": 20}, "k1": {"x": 10}, "k2": {"x": 5}},
    )})
    assert column(r, "x", "score") == {"s1": 100, "k1": 100, "s2": 25, "k2": 50}


def test_ratio_to_best_peers_are_per_year(run):
    def y(best):
        return year(orgs=[org("s1"), org("s2")], indicators=[indicator("x")], values={"s1": {"x": best}, "s2": {"x": 40}})

    r = run({2024: y(50), 2025: y(80)})
    assert score(r, "s2", "x", 2024) == approx(80)
    assert score(r, "s2", "x", 2025) == approx(50)


@pytest.mark.parametrize("missing", ["zero", "exclude"])
def test_ratio_to_best_peers_are_those_that_reported(run, missing):
    r = run({2025: year(orgs=[org("s1"), org("s2"), org("s3")], indicators=[indicator("x")], values={"s1": {"x": None}, "s2": {"x": 60}, "s3": {"x": 30}})}, missing=missing)
    assert score(r, "s2", "x") == 100 and score(r, "s3", "x") == approx(50)
    assert score(r, "s1", "x") == 0 if missing == "zero" else isnan(score(r, "s1", "x"))


def test_ratio_to_best_best_zero_scores_zero(run):
    r = run({2025: year(orgs=[org("s1"), org("s2")], indicators=[indicator("x", unit="count")], values={"s1": {"x": 0}, "s2": {"x": 0}})})
    assert column(r, "x", "score") == {"s1": 0, "s2": 0}
    assert ranks(r, "x") == {"s1": (1, 2), "s2": (1, 2)}


def test_ratio_to_best_lower_is_better(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("s3")],
        indicators=[indicator("x", unit="number", polarity="lower_is_better")],
        values={"s1": {"x": 2}, "s2": {"x": 4}, "s3": {"x": 8}},
    )})
    assert column(r, "x", "score") == {"s1": 100, "s2": 50, "s3": 25}
    assert ranks(r, "x") == {"s1": (1, 1), "s2": (2, 2), "s3": (3, 3)}


def test_ratio_to_best_lower_is_better_zero_value(run):
    # best = min = 0: the zero scores 100, everyone else 100 x 0 / value = 0.
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("s3")],
        indicators=[indicator("x", unit="count", polarity="lower_is_better")],
        values={"s1": {"x": 0}, "s2": {"x": 5}, "s3": {"x": None}},
    )})
    assert column(r, "x", "score") == {"s1": 100, "s2": 0, "s3": 0}


def test_missing_lower_is_better_scores_zero_not_hundred(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2")],
        indicators=[indicator("x", unit="count", polarity="lower_is_better"), indicator("t", unit="number", polarity="lower_is_better", method="target", target=10)],
        values={"s1": {"x": 3, "t": 4}, "s2": {}},
    )})
    assert column(r, "x", "score") == {"s1": 100, "s2": 0}
    assert column(r, "t", "score") == {"s1": 100, "s2": 0}


def test_target_higher_is_better(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("s3"), org("s4")],
        indicators=[indicator("x", unit="percent", method="target", target=50)],
        values={"s1": {"x": 25}, "s2": {"x": 50}, "s3": {"x": 60}, "s4": {"x": 0}},
    )})
    # Not relative to peers: nobody reaching the target means nobody gets 100.
    assert column(r, "x", "score") == {"s1": approx(50), "s2": 100, "s3": 100, "s4": 0}


def test_target_lower_is_better(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("s3"), org("s4")],
        indicators=[indicator("x", unit="number", polarity="lower_is_better", method="target", target=10)],
        values={"s1": {"x": 20}, "s2": {"x": 10}, "s3": {"x": 5}, "s4": {"x": 0}},
    )})
    assert column(r, "x", "score") == {"s1": approx(50), "s2": 100, "s3": 100, "s4": 100}


def test_target_is_not_relative_to_peers(run):
    r = run({2025: year(orgs=[org("s1"), org("s2")], indicators=[indicator("x", unit="count", method="target", target=40)], values={"s1": {"x": 10}, "s2": {"x": 20}})})
    assert column(r, "x", "score") == {"s1": approx(25), "s2": approx(50)}


def test_points_method_on_a_number(run):
    r = run({2025: year(orgs=[org("s1")], indicators=[indicator("x", unit="number", method="points", max_points=8)], values={"s1": {"x": 6}})})
    assert score(r, "s1", "x") == approx(75)


# --- rule 2: applicability ----------------------------------------------------


def test_indicator_applies_by_kinds(run):
    r = run({2025: year(
        orgs=[org("s1"), org("k1", "preschool"), org("e1", "additional")],
        indicators=[indicator("all"), indicator("gp", kinds="general;preschool", unit="boolean"), indicator("g", kinds="general", unit="boolean")],
        values={"s1": {"all": 1, "gp": 1, "g": 1}, "k1": {"all": 1, "gp": 0}, "e1": {"all": 1}},
    )})
    ind = r.scores[r.scores["node_kind"] == "indicator"]
    assert sorted(zip(ind["org_id"], ind["node_id"])) == sorted([("s1", "all"), ("s1", "gp"), ("s1", "g"), ("k1", "all"), ("k1", "gp"), ("e1", "all")])


# --- rule 3: weights and the tree --------------------------------------------


def test_indicator_weights(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2")],
        indicators=[indicator("a", weight=3), indicator("b", unit="boolean")],
        values={"s1": {"a": 40, "b": 1}, "s2": {"a": 80, "b": 0}},
    )})
    assert score(r, "s1", "d1") == approx((3 * 50 + 100) / 4)  # 62.5
    assert score(r, "s2", "d1") == approx(3 * 100 / 4)  # 75


def test_nested_directions_and_direction_weights(run):
    # t1 (w2) = [d11 (w1) = [i11, d111 = [i111]], d12 (w3) = [i12]]; t2 (w1) = [x, d21 = [i21]]
    # Children listed before parents in the file: depth is not file order.
    dirs = [
        direction("d111", "d11"), direction("t2", weight=1), direction("d21", "t2"),
        direction("t1", weight=2), direction("d11", "t1", weight=1), direction("d12", "t1", weight=3),
    ]
    pts = dict(unit="points", max_points=10)
    inds = [indicator("i11", "d11", **pts), indicator("i111", "d111", **pts), indicator("i12", "d12", **pts), indicator("x", "t2", unit="boolean"), indicator("i21", "d21", **pts)]
    r = run({2025: year(orgs=[org("s1")], directions=dirs, indicators=inds, values={"s1": {"i11": 4, "i111": 2, "i12": 8, "x": 1, "i21": 5}})})
    assert score(r, "s1", "d111") == approx(20)
    assert score(r, "s1", "d11") == approx(30)  # (40 + 20) / 2
    assert score(r, "s1", "d12") == approx(80)
    assert score(r, "s1", "t1") == approx(67.5)  # (30 x 1 + 80 x 3) / 4
    assert score(r, "s1", "d21") == approx(50)
    assert score(r, "s1", "t2") == approx(75)  # (100 + 50) / 2: indicator and sub-direction side by side
    assert score(r, "s1", "total") == approx(70)  # (67.5 x 2 + 75 x 1) / 3


def test_direction_with_no_indicator_for_a_kind(run):
    r = run({2025: year(
        orgs=[org("s1"), org("k1", "preschool")],
        directions=[direction("d1"), direction("dg", weight=5)],
        indicators=[indicator("a", "d1"), indicator("g", "dg", unit="boolean", kinds="general")],
        values={"s1": {"a": 80, "g": 0}, "k1": {"a": 40}},
    )})
    k1 = r.scores[r.scores["org_id"] == "k1"]
    assert list(zip(k1["node_kind"], k1["node_id"])) == [("total", "total"), ("direction", "d1"), ("indicator", "a")]
    assert score(r, "k1", "total") == 100  # dg is not counted as 0 for preschools
    assert score(r, "s1", "total") == approx(100 / 6)  # (100 x 1 + 0 x 5) / 6
    # and dg is ranked among general schools only
    assert ranks(r, "dg") == {"s1": (1, 1)}


@pytest.mark.parametrize("missing,d2,total", [("zero", 0.0, 30.0), ("exclude", None, 60.0)])
def test_direction_with_nothing_scored(run, missing, d2, total):
    r = run({2025: year(
        orgs=[org("s1"), org("s2")],
        directions=[direction("d1"), direction("d2")],
        indicators=[indicator("a", "d1", unit="points", max_points=10), indicator("b", "d2", unit="boolean")],
        values={"s1": {"a": 6, "b": None}, "s2": {"a": 10, "b": 1}},
    )}, missing=missing)
    got = row(r, "s1", "d2")  # the row exists under both policies
    if d2 is None:
        assert isnan(got["score"]) and got["level"] == "" and isnan(got["rank_min"]) and got["trend"] == ""
        assert ranks(r, "d2") == {"s1": (None, None), "s2": (1, 1)}
    else:
        assert got["score"] == d2 and got["level"] == "low"
    assert score(r, "s1", "total") == approx(total)


def test_org_with_nothing_scored_under_exclude(run):
    r = run({2025: year(orgs=[org("s1"), org("s2")], indicators=[indicator("a")], values={"s1": {"a": 10}, "s2": {"a": None}})}, missing="exclude")
    t = row(r, "s2", "total")
    assert isnan(t["score"]) and t["level"] == "" and t["trend"] == ""
    assert ranks(r, "total") == {"s1": (1, 1), "s2": (None, None)}
    assert muni(r, "total")["score"] == 100 and muni(r, "total")["n"] == 1


# --- rule 4: levels ------------------------------------------------------------


def test_levels_thresholds_change_between_years(run):
    def y(lv):
        return year(orgs=[org("s1"), org("s2")], indicators=[indicator("p", unit="points", max_points=100)], values={"s1": {"p": 82}, "s2": {"p": 55}}, levels=lv)

    r = run({2024: y(levels(high=80, medium=50, low=0)), 2025: y(levels(high=85, medium=60, low=0))})
    assert column(r, "total", "level", 2024) == {"s1": "high", "s2": "medium"}
    assert column(r, "total", "level", 2025) == {"s1": "medium", "s2": "low"}
    # the same summary, another level
    assert muni(r, "total", year=2024)["score"] == approx(68.5) and muni(r, "total", year=2024)["level"] == "medium"
    assert muni(r, "total", year=2025)["level"] == "medium"
    assert muni(r, "d1", year=2025)["level"] == "medium"


def test_levels_file_order_does_not_matter(run):
    lv = levels(low=0, high=80, medium=50)
    r = run({2025: year(orgs=[org("s1"), org("s2"), org("s3")], indicators=[indicator("p", unit="points", max_points=100)], values={"s1": {"p": 90}, "s2": {"p": 60}, "s3": {"p": 10}}, levels=lv)})
    assert column(r, "d1", "level") == {"s1": "high", "s2": "medium", "s3": "low"}


def test_score_exactly_on_threshold(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("s3")],
        indicators=[indicator("p", unit="points", max_points=10000)],
        values={"s1": {"p": 8000}, "s2": {"p": 5000}, "s3": {"p": 4999}},
    )})
    assert column(r, "d1", "level") == {"s1": "high", "s2": "medium", "s3": "low"}


def test_level_of_the_rounded_score(run):
    # d1 = (100 + 59.99) / 2 = 79.995 -> 80.00 -> high; (100 + 59.988) / 2 = 79.994 -> 79.99 -> medium
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("s3")],
        indicators=[indicator("b", unit="boolean"), indicator("p", unit="points", max_points=100000)],
        values={"s1": {"b": 1, "p": 59990}, "s2": {"b": 1, "p": 59988}, "s3": {"b": 1, "p": 60000}},
    )})
    d1 = column(r, "d1", "score")
    assert d1 == {"s1": approx(79.995), "s2": approx(79.994), "s3": approx(80)}
    assert [fmt2(x) for x in d1.values()] == ["80.00", "79.99", "80.00"]
    assert column(r, "d1", "level") == {"s1": "high", "s2": "medium", "s3": "high"}
    # and ranked as 80.00: a tie with the real 80
    assert ranks(r, "d1") == {"s1": (1, 2), "s2": (3, 3), "s3": (1, 2)}


# --- rule 5: ranks -------------------------------------------------------------


def test_ties_share_a_range(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("s3"), org("s4")],
        indicators=[indicator("p", unit="points", max_points=10)],
        values={"s1": {"p": 9}, "s2": {"p": 7}, "s3": {"p": 7}, "s4": {"p": 5}},
    )})
    assert ranks(r, "d1") == {"s1": (1, 1), "s2": (2, 3), "s3": (2, 3), "s4": (4, 4)}


def test_ties_are_decided_after_rounding(run):
    # 83.3333.., 83.33, 83.335 (-> 83.34), 83.32833.. (-> 83.33)
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("s3"), org("s4")],
        indicators=[indicator("p", unit="points", max_points=60000)],
        values={"s1": {"p": 50000}, "s2": {"p": 49998}, "s3": {"p": 50001}, "s4": {"p": 49997}},
    )})
    assert len(set(column(r, "d1", "score").values())) == 4
    assert ranks(r, "d1") == {"s1": (2, 4), "s2": (2, 4), "s3": (1, 1), "s4": (2, 4)}


def test_ranks_per_kind_and_per_year(run):
    def y(vals):
        return year(orgs=[org("s1"), org("s2"), org("k1", "preschool")], indicators=[indicator("p", unit="points", max_points=10)], values=vals)

    r = run({2024: y({"s1": {"p": 9}, "s2": {"p": 8}, "k1": {"p": 1}}), 2025: y({"s1": {"p": 2}, "s2": {"p": 8}, "k1": {"p": 1}})})
    assert ranks(r, "total", 2024) == {"s1": (1, 1), "s2": (2, 2), "k1": (1, 1)}
    assert ranks(r, "total", 2025) == {"s1": (2, 2), "s2": (1, 1), "k1": (1, 1)}


def test_missing_zero_is_ranked(run):
    r = run({2025: year(orgs=[org("s1"), org("s2"), org("s3")], indicators=[indicator("b", unit="boolean")], values={"s1": {"b": 0}, "s2": {"b": None}, "s3": {"b": 1}})})
    assert ranks(r, "b") == {"s1": (2, 3), "s2": (2, 3), "s3": (1, 1)}


# --- rule 6: dynamics -----------------------------------------------------------


def points_year(orgs, vals, **kw):
    return year(orgs=[org(o) for o in orgs], indicators=[indicator("p", unit="points", max_points=10)], values={o: {"p": v} for o, v in vals.items()}, **kw)


def test_first_year_is_new(run):
    r = run({2025: points_year(["s1"], {"s1": 5})})
    assert set(r.scores["trend"]) == {"new"} and r.scores["delta"].isna().all()


def test_dynamics_across_a_gap_year(run):
    r = run({
        2023: points_year(["s1", "s2"], {"s1": 4, "s2": 5}),
        2024: points_year(["s2"], {"s2": 6}),
        2025: points_year(["s1", "s2"], {"s1": 6, "s2": 6}),
    })
    s1 = row(r, "s1", "total", 2025)
    assert s1["delta"] == 20 and s1["trend"] == "improved"  # 60 - 40, against 2023
    p = row(r, "s1", "p", 2025)
    assert p["delta"] == 2 and p["trend"] == "improved"  # raw values 6 - 4
    s2 = row(r, "s2", "total", 2025)
    assert s2["delta"] == 0 and s2["trend"] == "stable"  # against 2024


def test_dynamics_skip_a_year_without_value(run):
    years = {2023: points_year(["s1"], {"s1": 4}), 2024: points_year(["s1"], {"s1": None}), 2025: points_year(["s1"], {"s1": 3})}
    # exclude: nothing in 2024, so 2025 compares with 2023 everywhere.
    r = run(years, missing="exclude")
    assert row(r, "s1", "p", 2024)["trend"] == "" and row(r, "s1", "total", 2024)["trend"] == ""
    assert (row(r, "s1", "p", 2025)["delta"], row(r, "s1", "p", 2025)["trend"]) == (-1, "worsened")
    assert (row(r, "s1", "total", 2025)["delta"], row(r, "s1", "total", 2025)["trend"]) == (-10, "worsened")
    # zero: the indicator has no value in 2024 (raw values compare), the total has a score of 0.
    r = run(years, missing="zero")
    assert row(r, "s1", "p", 2024)["trend"] == "" and isnan(row(r, "s1", "p", 2024)["delta"])
    assert (row(r, "s1", "total", 2024)["delta"], row(r, "s1", "total", 2024)["trend"]) == (-40, "worsened")
    assert (row(r, "s1", "p", 2025)["delta"], row(r, "s1", "p", 2025)["trend"]) == (-1, "worsened")
    assert (row(r, "s1", "total", 2025)["delta"], row(r, "s1", "total", 2025)["trend"]) == (30, "improved")


def tolerance_years(before: float, after: dict, polarity: str = "higher_is_better"):
    def y(vals):
        return year(orgs=[org(o) for o in vals], indicators=[indicator("x", unit="number", polarity=polarity)], values={o: {"x": v} for o, v in vals.items()})

    return {2024: y({o: before for o in after}), 2025: y(after)}


def dynamics(r, node="x", year_=2025):
    return {o: (None if isnan(d) else d, t) for o, d, t in zip(*(r.scores.loc[(r.scores["node_id"] == node) & (r.scores["year"] == year_), c] for c in ("org_id", "delta", "trend")))}


def test_stable_tolerance_is_inclusive(run):
    after = {"up-eq": 10.5, "up": 10.51, "down-eq": 9.5, "down": 9.49, "up-raw": 10.504, "down-raw": 9.496}
    r = run(tolerance_years(10, after), stable_tolerance=0.5)
    assert dynamics(r) == {
        "up-eq": (0.5, "stable"),
        "up": (0.51, "improved"),
        "down-eq": (-0.5, "stable"),
        "down": (-0.51, "worsened"),
        # raw values compare rounded to 2 decimals: 10.504 -> 10.50
        "up-raw": (0.5, "stable"),
        "down-raw": (-0.5, "stable"),
    }


def test_stable_tolerance_lower_is_better(run):
    after = {"down": 9.49, "down-eq": 9.5, "up": 10.51}
    r = run(tolerance_years(10, after, "lower_is_better"), stable_tolerance=0.5)
    assert dynamics(r) == {"down": (-0.51, "improved"), "down-eq": (-0.5, "stable"), "up": (0.51, "worsened")}


def test_default_tolerance_is_zero(run):
    r = run(tolerance_years(10, {"same": 10, "up": 10.01, "down": 9.99, "noise": 10.004}))
    assert dynamics(r) == {"same": (0, "stable"), "up": (0.01, "improved"), "down": (-0.01, "worsened"), "noise": (0, "stable")}


@pytest.mark.parametrize("tolerance", [0.015, 0.135, 0.1, 1.005])
def test_tolerance_between_hundredths(run, tolerance):
    # "more than t": a rounded delta strictly above t is a change, one at or below it is not.
    steps = [-2, -1, 0, 1, 2]
    base = round(tolerance, 2)
    after = {f"o{i}": 10 + base + s / 100 for i, s in enumerate(steps)}
    r = run(tolerance_years(10, after), stable_tolerance=tolerance)
    for o, (delta, trend) in dynamics(r).items():
        want = "improved" if delta > tolerance else "stable"
        assert trend == want, (tolerance, delta, trend)
    # the same below zero
    after = {f"o{i}": 10 - base - s / 100 for i, s in enumerate(steps)}
    r = run(tolerance_years(10, after), stable_tolerance=tolerance)
    for o, (delta, trend) in dynamics(r).items():
        want = "worsened" if -delta > tolerance else "stable"
        assert trend == want, (tolerance, delta, trend)


def test_lower_is_better_indicator_trend_but_scores_go_up(run):
    def y(v):
        return year(orgs=[org("s1"), org("s2")], indicators=[indicator("x", unit="number", polarity="lower_is_better")], values={"s1": {"x": v}, "s2": {"x": 10}})

    r = run({2024: y(20), 2025: y(10)})
    assert (row(r, "s1", "x", 2025)["delta"], row(r, "s1", "x", 2025)["trend"]) == (-10, "improved")
    # scores are higher-is-better: 50 -> 100
    assert (row(r, "s1", "d1", 2025)["delta"], row(r, "s1", "d1", 2025)["trend"]) == (50, "improved")


def test_indicator_added_dropped_and_readded(run):
    def y(ids, vals):
        return year(orgs=[org("s1")], indicators=[indicator(i, unit="number") for i in ids], values={"s1": vals})

    r = run({
        2023: y(["keep", "gone", "back"], {"keep": 1, "gone": 1, "back": 10}),
        2024: y(["keep"], {"keep": 2}),
        2025: y(["keep", "added", "back"], {"keep": 2, "added": 5, "back": 12}),
    })
    y25 = r.scores[r.scores["year"] == 2025]
    assert "gone" not in set(y25["node_id"]) and "gone" not in set(r.scores.loc[r.scores["year"] == 2024, "node_id"])
    assert dynamics(r, "added") == {"s1": (None, "new")}
    assert dynamics(r, "back") == {"s1": (2, "improved")}  # against 2023
    assert dynamics(r, "keep") == {"s1": (0, "stable")}


def test_dynamics_compare_rounded_scores(run):
    def y(maxp, vals):
        return year(orgs=[org("s1"), org("s2")], indicators=[indicator("p", unit="points", max_points=maxp)], values={"s1": {"p": vals[0]}, "s2": {"p": vals[1]}})

    # 2024: 83.3333.. both; 2025: 83.334 (-> 83.33) and 83.336 (-> 83.34)
    r = run({2024: y(30000, (25000, 25000)), 2025: y(100000, (83334, 83336))})
    assert dynamics(r, "total") == {"s1": (0, "stable"), "s2": (0.01, "improved")}


def test_delta_is_rounded(run):
    r = run({2024: worked(), 2025: year(orgs=[org("s1")], indicators=[indicator("p", unit="points", max_points=10)], values={"s1": {"p": 5}})})
    d = row(r, "s1", "total", 2025)["delta"]
    assert d == -33.33 and round2(d) == d


# --- rule 7: municipal figures ----------------------------------------------------

BOOL_ORGS = [org("s1"), org("s2"), org("s3"), org("k1", "preschool")]
BOOL_VALUES = {"s1": {"b": 1, "a": 80}, "s2": {"b": 0, "a": 40}, "s3": {"b": None, "a": None}, "k1": {"b": 1, "a": 10}}


@pytest.mark.parametrize("missing,general,all_", [("zero", 100 / 3, 50.0), ("exclude", 50.0, 200 / 3)])
def test_municipal_boolean_share(run, missing, general, all_):
    r = run({2025: year(orgs=BOOL_ORGS, indicators=[indicator("b", unit="boolean"), indicator("a")], values=BOOL_VALUES)}, missing=missing)
    assert muni(r, "b", "general")["value"] == approx(general)
    assert muni(r, "b", "preschool")["value"] == approx(100)
    assert muni(r, "b", "all")["value"] == approx(all_)
    assert (muni(r, "b", "general")["n"], muni(r, "b", "preschool")["n"], muni(r, "b", "all")["n"]) == (2, 1, 3)
    assert muni(r, "b")["node_kind"] == "indicator" and isnan(muni(r, "b")["score"]) and muni(r, "b")["level"] == ""


@pytest.mark.parametrize("missing", ["zero", "exclude"])
def test_municipal_mean_of_reported_values(run, missing):
    r = run({2025: year(orgs=BOOL_ORGS, indicators=[indicator("b", unit="boolean"), indicator("a")], values=BOOL_VALUES)}, missing=missing)
    assert muni(r, "a", "general")["value"] == approx(60)  # (80 + 40) / 2, s3 not reported
    assert muni(r, "a", "preschool")["value"] == approx(10)
    assert muni(r, "a", "all")["value"] == approx(130 / 3)
    assert muni(r, "a", "all")["n"] == 3


def test_municipal_share_only_over_applicable_organizations(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2"), org("k1", "preschool"), org("k2", "preschool")],
        indicators=[indicator("b", unit="boolean", kinds="general"), indicator("a")],
        values={"s1": {"b": 1, "a": 1}, "s2": {"b": 0, "a": 1}, "k1": {"a": 1}, "k2": {"a": 1}},
    )})
    assert muni(r, "b", "all")["value"] == approx(50)
    assert muni(r, "b", "general")["value"] == approx(50)
    m = r.municipal
    assert m[(m["scope"] == "preschool") & (m["node_id"] == "b")].empty


@pytest.mark.parametrize("missing,unrounded", [("zero", 175 / 3), ("exclude", (250 / 3 + 50 + 62.5) / 3)])
def test_municipal_summary_is_mean_of_unrounded_scores(run, missing, unrounded):
    r = run({2025: worked()}, missing=missing)
    for node in ("total", "d1"):
        m = muni(r, node)
        assert m["score"] == approx(unrounded) and m["n"] == 3 and m["level"] == "medium"
        assert muni(r, node, "general")["score"] == approx(unrounded)
    if missing == "exclude":
        # the mean of the shown (rounded) scores would be 65.2766..
        assert muni(r, "total")["score"] != approx((83.33 + 50 + 62.5) / 3)
        assert fmt2(muni(r, "total")["score"]) == "65.28"


def test_municipal_summary_per_kind(run):
    values = {**WORKED_VALUES, "k1": {"a": 10, "b": 1, "c": 4}}
    r = run({2025: year(orgs=[org("s1"), org("s2"), org("k1", "preschool"), org("s3")], indicators=WORKED_INDICATORS, values=values)})
    assert muni(r, "total", "general")["score"] == approx(175 / 3) and muni(r, "total", "general")["level"] == "medium"
    assert muni(r, "total", "preschool")["score"] == approx(100) and muni(r, "total", "preschool")["level"] == "high"
    assert muni(r, "total")["score"] == approx(68.75) and muni(r, "total")["n"] == 4  # (250/3 + 50 + 125/3 + 100) / 4
    assert set(r.municipal["scope"]) == {"all", "general", "preschool"}


def test_municipal_dynamics(run):
    y25 = year(
        orgs=[org("s1"), org("s2"), org("s3")],
        indicators=[indicator("b", unit="boolean"), indicator("c", unit="points", max_points=10), indicator("low", unit="number", polarity="lower_is_better")],
        values={"s1": {"b": 1, "c": 10, "low": 1}, "s2": {"b": 1, "c": 5, "low": 2}, "s3": {"b": 0, "c": 6, "low": 3}},
    )
    y24 = worked()
    y24["indicators"] = [*WORKED_INDICATORS, indicator("low", unit="number", polarity="lower_is_better")]
    y24["values"] = [*y24["values"], *({"org_id": o, "indicator_id": "low", "value": 4} for o in ("s1", "s2", "s3"))]
    r = run({2024: y24, 2025: y25})
    # 2024 summary 58.33 (medium); 2025 = b, c, low (100/100/100, 100/50/50, 0/60/33.3..)
    t = muni(r, "total", year=2025)
    assert t["score"] == approx((100 + 200 / 3 + (60 + 100 / 3) / 3) / 3)
    assert t["delta"] == round2(round2(t["score"]) - 58.33) and t["trend"] == "improved"
    # boolean share 33.33 (s2 0, s3 missing -> 0) -> 66.67: values compared rounded
    b = muni(r, "b", year=2025)
    assert muni(r, "b", year=2024)["value"] == approx(200 / 3)
    assert (b["value"], b["delta"], b["trend"]) == (approx(200 / 3), 0, "stable")
    # a lower-is-better mean going down is an improvement
    low = muni(r, "low", year=2025)
    assert (low["value"], low["delta"], low["trend"]) == (approx(2), -2, "improved")
    assert muni(r, "c", year=2025)["delta"] == round2(7 - 3) and muni(r, "c", year=2025)["trend"] == "improved"


def test_municipal_boolean_share_dynamics_rounded(run):
    def y(vals):
        return year(orgs=[org("s1"), org("s2"), org("s3")], indicators=[indicator("b", unit="boolean")], values={o: {"b": v} for o, v in zip(("s1", "s2", "s3"), vals)})

    r = run({2024: y((1, 0, 0)), 2025: y((1, 1, 0))})
    b = muni(r, "b", year=2025)
    assert (b["delta"], b["trend"]) == (33.34, "improved")  # 66.67 - 33.33


def test_municipal_rows_follow_file_order(run):
    r = run({2025: year(
        orgs=[org("k1", "preschool"), org("s1")],
        directions=[direction("dg"), direction("d1")],
        indicators=[indicator("g", "dg", unit="boolean", kinds="general"), indicator("a", "d1")],
        values={"k1": {"a": 10}, "s1": {"a": 20, "g": 1}},
    )})
    m = r.municipal
    assert list(zip(m["scope"], m["node_id"])) == [
        ("all", "total"), ("all", "dg"), ("all", "d1"), ("all", "g"), ("all", "a"),
        ("general", "total"), ("general", "dg"), ("general", "d1"), ("general", "g"), ("general", "a"),
        ("preschool", "total"), ("preschool", "d1"), ("preschool", "a"),
    ]


# --- rule 8: recommendations --------------------------------------------------


def test_recommendations_by_level(run):
    recs = [rec("d1", "low;medium", "Текст A"), rec("d1", "high", "Текст B"), rec("d1", "low", "Текст C")]
    r = run({2025: worked(recommendations=recs)})
    got = [tuple(x) for x in r.recommendations[["year", "org_id", "direction_id", "level", "text"]].itertuples(index=False)]
    assert got == [
        (2025, "s1", "d1", "high", "Текст B"),
        (2025, "s2", "d1", "medium", "Текст A"),
        (2025, "s3", "d1", "low", "Текст A"),
        (2025, "s3", "d1", "low", "Текст C"),
        (2025, "", "d1", "medium", "Текст A"),  # the municipality: summary 58.33, medium
    ]


def test_recommendations_follow_the_year_levels(run):
    # the same score 82 is high in 2024 and medium in 2025
    def y(lv):
        return year(orgs=[org("s1")], indicators=[indicator("p", unit="points", max_points=100)], values={"s1": {"p": 82}}, levels=lv, recommendations=[rec("d1", "medium", "Подтянуть")])

    r = run({2024: y(levels(high=80, medium=50, low=0)), 2025: y(levels(high=85, medium=60, low=0))})
    got = sorted(map(tuple, r.recommendations[["year", "org_id", "level"]].itertuples(index=False)))
    assert got == [(2025, "", "medium"), (2025, "s1", "medium")]


def test_no_recommendation_without_a_score(run):
    r = run({2025: year(
        orgs=[org("s1"), org("s2")], indicators=[indicator("a")], values={"s1": {"a": 10}, "s2": {"a": None}},
        recommendations=[rec("d1", "low;medium;high", "Всем")],
    )}, missing="exclude")
    assert list(r.recommendations["org_id"]) == ["s1", ""]


# --- the scores frame ----------------------------------------------------------


def test_scores_columns_rows_and_order(run):
    r = run({
        2024: year(orgs=[org("z1"), org("a1")], indicators=[indicator("b", unit="boolean")], values={"z1": {"b": 1}, "a1": {"b": 0}}),
        2025: year(
            orgs=[org("z1"), org("k1", "preschool"), org("a1")],
            directions=[direction("d2"), direction("d1")],
            indicators=[indicator("y", "d1"), indicator("g", "d2", unit="boolean", kinds="general"), indicator("b", "d1", unit="boolean")],
            values={"z1": {"y": 1, "g": 1, "b": 1}, "k1": {"y": 2, "b": 1}, "a1": {"y": 3}},
        ),
    })
    assert list(r.scores.columns) == SCORE_COLUMNS == ["year", "org_id", "kind", "node_kind", "node_id", "value", "score", "rank_min", "rank_max", "level", "delta", "trend"]
    full = [("total", "total"), ("direction", "d2"), ("direction", "d1"), ("indicator", "y"), ("indicator", "g"), ("indicator", "b")]
    pre = [("total", "total"), ("direction", "d1"), ("indicator", "y"), ("indicator", "b")]
    old = [("total", "total"), ("direction", "d1"), ("indicator", "b")]
    want = [(2024, o, *n) for o in ("z1", "a1") for n in old] + [(2025, "z1", *n) for n in full] + [(2025, "k1", *n) for n in pre] + [(2025, "a1", *n) for n in full]
    assert list(zip(r.scores["year"], r.scores["org_id"], r.scores["node_kind"], r.scores["node_id"])) == want
    assert list(r.scores.index) == list(range(len(want)))
    assert set(zip(r.scores["org_id"], r.scores["kind"])) == {("z1", "general"), ("a1", "general"), ("k1", "preschool")}
    # level only on directions and totals; value only on indicators
    s = r.scores
    assert (s.loc[s["node_kind"] == "indicator", "level"] == "").all()
    assert s.loc[s["node_kind"] != "indicator", "value"].isna().all()
    assert (s.loc[s["node_kind"] != "indicator", "level"] != "").all()
