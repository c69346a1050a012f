"""Every rule of methodology.md (the arithmetic), with exact numbers.

The data sets are built in memory as validate returns them
(factory.compute_data): no files, and no validation, so an organization that
reported nothing, which validate refuses for a year (generator/structure.py),
can still be scored as the contract defines. Data sets used by several tests
are module fixtures. test_in_memory_dataset_is_what_validate_returns keeps
the in-memory path equal to the real one."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from factory import (
    column,
    compute_data,
    dataset,
    direction,
    indicator,
    levels,
    muni,
    org,
    ranks,
    rec,
    row,
    run_data,
    score,
    year,
)

from generator.arithmetic import fmt2, round2
from generator.compute import SCORE_COLUMNS


def approx(x):
    return pytest.approx(x, abs=1e-9)


def isnan(x) -> bool:
    return x is None or pd.isna(x)


def rec_rows(r) -> list[tuple]:
    return [
        tuple(x) for x in r.recommendations[["year", "org_id", "direction_id", "level", "text"]].itertuples(index=False)
    ]


# --- the worked example -----------------------------------------------------------

WORKED_INDICATORS = [
    indicator("a", unit="percent"),  # ratio_to_best by default
    indicator("b", unit="boolean"),
    indicator("c", unit="points", max_points=4),
]
WORKED_VALUES = {"s1": {"a": 80, "b": 1, "c": 2}, "s2": {"a": 40, "b": 0, "c": 4}, "s3": {"a": 20, "b": 1, "c": None}}
WORKED_RECS = [rec("d1", "low;medium", "Текст A"), rec("d1", "high", "Текст B"), rec("d1", "low", "Текст C")]


def worked(**extra):
    return year(orgs=[org("s1"), org("s2"), org("s3")], indicators=WORKED_INDICATORS, values=WORKED_VALUES, **extra)


@pytest.fixture(scope="module")
def worked_zero():
    return compute_data({2025: worked(recommendations=WORKED_RECS)}, missing="zero")


@pytest.fixture(scope="module")
def worked_exclude():
    return compute_data({2025: worked(recommendations=WORKED_RECS)}, missing="exclude")


def test_worked_example_missing_zero(worked_zero):
    r = worked_zero
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
    assert column(r, "total", "level") == column(r, "d1", "level")
    assert ranks(r, "total") == ranks(r, "d1")


def test_worked_example_missing_exclude(worked_exclude):
    r = worked_exclude
    assert column(r, "d1", "score") == {"s1": approx(250 / 3), "s2": approx(50), "s3": approx(62.5)}
    assert column(r, "d1", "level") == {"s1": "high", "s2": "medium", "s3": "medium"}
    assert ranks(r, "d1") == {"s1": (1, 1), "s3": (2, 2), "s2": (3, 3)}
    # The missing value keeps its row, with no score, rank or trend ...
    c = row(r, "s3", "c")
    assert (
        isnan(c["value"]) and isnan(c["score"]) and isnan(c["rank_min"]) and isnan(c["rank_max"]) and c["trend"] == ""
    )
    # ... and c is ranked among the two that reported.
    assert ranks(r, "c") == {"s1": (2, 2), "s2": (1, 1), "s3": (None, None)}


def test_first_year_is_new(worked_zero):
    s = worked_zero.scores
    assert s["delta"].isna().all()
    assert set(s.loc[s["value"].notna() | (s["node_kind"] != "indicator"), "trend"]) == {"new"}


# --- rule 1: methods and polarity; rule 2: applicability and missing ------------------

G = "general"
METHOD_INDICATORS = [
    indicator("pt", unit="points", max_points=2.5, kinds=G),
    indicator("bo", unit="boolean", kinds=G),
    indicator("rp", unit="percent", kinds="general;preschool"),
    indicator("rc", unit="count", kinds=G),
    indicator("rn", unit="number", kinds=G),
    indicator("r0", unit="count", kinds=G),
    indicator("rl", unit="number", polarity="lower_is_better", kinds=G),
    indicator("rlz", unit="count", polarity="lower_is_better", kinds=G),
    indicator("th", unit="percent", method="target", target=50, kinds=G),
    indicator("tl", unit="number", polarity="lower_is_better", method="target", target=10, kinds=G),
    indicator("tc", unit="count", method="target", target=40, kinds=G),
    indicator("pn", unit="number", method="points", max_points=8, kinds=G),
    indicator("ga", unit="boolean"),
]
# None = a row with an empty value; s4 has no row at all for "bo".
METHOD_VALUES = {
    "s1": dict(pt=1, bo=0, rp=80, rc=8, rn=8, r0=0, rl=2, rlz=0, th=25, tl=20, tc=10, pn=6, ga=1),
    "s2": dict(pt=2.5, bo=1, rp=20, rc=2, rn=2, r0=0, rl=4, rlz=5, th=50, tl=5, tc=20, pn=8, ga=1),
    "s3": dict(pt=0, bo=None, rp=None, rc=6, rn=6, r0=0, rl=8, rlz=None, th=60, tl=0, tc=None, pn=0, ga=1),
    "s4": dict(pt=None, rp=60, rc=4, rn=4, r0=0, rl=None, rlz=5, th=0, tl=None, tc=None, pn=None, ga=1),
    "k1": dict(rp=10, ga=1),
    "k2": dict(rp=5, ga=0),
    "e1": dict(ga=1),
}
METHOD_ORGS = [
    org("s1"),
    org("s2"),
    org("k1", "preschool"),
    org("s3"),
    org("e1", "additional"),
    org("k2", "preschool"),
    org("s4"),
]


@pytest.fixture(scope="module", params=["zero", "exclude"])
def methods(request):
    return request.param, compute_data(
        {2025: year(orgs=METHOD_ORGS, indicators=METHOD_INDICATORS, values=METHOD_VALUES)}, missing=request.param
    )


def missing_score(policy):
    """What a missing value scores: 0 under `zero`, nothing under `exclude`."""
    return 0.0 if policy == "zero" else None


def scores_of(r, node):
    return {o: (None if isnan(v) else v) for o, v in column(r, node, "score").items()}


def test_points_and_boolean(methods):
    policy, r = methods
    assert scores_of(r, "pt") == {"s1": approx(40), "s2": 100, "s3": 0, "s4": missing_score(policy)}
    assert scores_of(r, "bo") == {"s1": 0, "s2": 100, "s3": missing_score(policy), "s4": missing_score(policy)}
    assert scores_of(r, "pn") == {
        "s1": approx(75),
        "s2": 100,
        "s3": 0,
        "s4": missing_score(policy),
    }  # method points on a number


def test_empty_value_and_no_row_are_both_missing(methods):
    _, r = methods
    assert isnan(row(r, "s3", "bo")["value"]) and isnan(row(r, "s4", "bo")["value"])
    assert row(r, "s3", "bo")["trend"] == row(r, "s4", "bo")["trend"] == ""


@pytest.mark.parametrize("node", ["rc", "rn"])
def test_ratio_to_best_is_the_default_for_count_and_number(methods, node):
    _, r = methods
    assert scores_of(r, node) == {"s1": 100, "s2": approx(25), "s3": approx(75), "s4": approx(50)}


def test_ratio_to_best_peers_are_per_kind_and_those_that_reported(methods):
    policy, r = methods
    # general: best 80 among s1, s2, s4 (s3 did not report); preschool: best 10
    assert scores_of(r, "rp") == {
        "s1": 100,
        "s2": approx(25),
        "k1": 100,
        "s3": missing_score(policy),
        "k2": approx(50),
        "s4": approx(75),
    }


def test_ratio_to_best_best_zero_scores_zero(methods):
    _, r = methods
    assert scores_of(r, "r0") == {"s1": 0, "s2": 0, "s3": 0, "s4": 0}
    assert set(ranks(r, "r0").values()) == {(1, 4)}


def test_ratio_to_best_lower_is_better(methods):
    policy, r = methods
    assert scores_of(r, "rl") == {"s1": 100, "s2": approx(50), "s3": approx(25), "s4": missing_score(policy)}
    # best = min = 0: the zero scores 100, everyone else 100 x 0 / value = 0
    assert scores_of(r, "rlz") == {"s1": 100, "s2": 0, "s3": missing_score(policy), "s4": 0}


def test_target(methods):
    policy, r = methods
    assert scores_of(r, "th") == {"s1": approx(50), "s2": 100, "s3": 100, "s4": 0}
    # lower: 100 x min(target / value, 1); value 0 scores 100; a missing one does not
    assert scores_of(r, "tl") == {"s1": approx(50), "s2": 100, "s3": 100, "s4": missing_score(policy)}
    # not relative to peers: nobody reaching the target means nobody gets 100
    assert scores_of(r, "tc") == {
        "s1": approx(25),
        "s2": approx(50),
        "s3": missing_score(policy),
        "s4": missing_score(policy),
    }


def test_missing_values_are_ranked_as_zero_or_not_at_all(methods):
    policy, r = methods
    if policy == "zero":
        assert ranks(r, "bo") == {"s1": (2, 4), "s2": (1, 1), "s3": (2, 4), "s4": (2, 4)}
    else:
        assert ranks(r, "bo") == {"s1": (2, 2), "s2": (1, 1), "s3": (None, None), "s4": (None, None)}


def test_indicators_apply_by_kinds(methods):
    _, r = methods
    ind = r.scores[r.scores["node_kind"] == "indicator"]
    by_org = ind.groupby("org_id")["node_id"].apply(list).to_dict()
    every_general = [i["id"] for i in METHOD_INDICATORS]
    assert by_org == {
        "s1": every_general,
        "s2": every_general,
        "s3": every_general,
        "s4": every_general,
        "k1": ["rp", "ga"],
        "k2": ["rp", "ga"],
        "e1": ["ga"],
    }
    assert ranks(r, "ga") == {
        "s1": (1, 4),
        "s2": (1, 4),
        "k1": (1, 1),
        "s3": (1, 4),
        "e1": (1, 1),
        "k2": (2, 2),
        "s4": (1, 4),
    }


def test_ratio_to_best_peers_are_per_year():
    def y(best):
        return year(
            orgs=[org("s1"), org("s2")], indicators=[indicator("x")], values={"s1": {"x": best}, "s2": {"x": 40}}
        )

    r = compute_data({2024: y(50), 2025: y(80)})
    assert score(r, "s2", "x", 2024) == approx(80)
    assert score(r, "s2", "x", 2025) == approx(50)


# --- rule 3: weights and the tree -----------------------------------------------------


def test_nested_directions_and_weights():
    # t1 (w2) = [d11 (w1) = [i11 (w3), d111 = [i111]], d12 (w3) = [i12]]; t2 (w1) = [x, d21 = [i21]]
    # Children come before parents in the file: depth is not file order.
    dirs = [
        direction("d111", "d11"),
        direction("t2", weight=1),
        direction("d21", "t2"),
        direction("t1", weight=2),
        direction("d11", "t1", weight=1),
        direction("d12", "t1", weight=3),
    ]
    pts = dict(unit="points", max_points=10)
    inds = [
        indicator("i11", "d11", weight=3, **pts),
        indicator("i111", "d111", **pts),
        indicator("i12", "d12", **pts),
        indicator("x", "t2", unit="boolean"),
        indicator("i21", "d21", **pts),
    ]
    r = compute_data(
        {
            2025: year(
                orgs=[org("s1")],
                directions=dirs,
                indicators=inds,
                values={"s1": {"i11": 4, "i111": 2, "i12": 8, "x": 1, "i21": 5}},
            )
        }
    )
    assert score(r, "s1", "d111") == approx(20)
    assert score(r, "s1", "d11") == approx(35)  # (40 x 3 + 20 x 1) / 4
    assert score(r, "s1", "d12") == approx(80)
    assert score(r, "s1", "t1") == approx(68.75)  # (35 x 1 + 80 x 3) / 4
    assert score(r, "s1", "d21") == approx(50)
    assert score(r, "s1", "t2") == approx(75)  # (100 + 50) / 2: an indicator and a sub-direction side by side
    assert score(r, "s1", "total") == approx((68.75 * 2 + 75) / 3)
    assert fmt2(score(r, "s1", "total")) == "70.83"


def test_direction_with_no_indicator_for_a_kind():
    r = compute_data(
        {
            2025: year(
                orgs=[org("s1"), org("k1", "preschool")],
                directions=[direction("d1"), direction("dg", weight=5)],
                indicators=[indicator("a", "d1"), indicator("g", "dg", unit="boolean", kinds="general")],
                values={"s1": {"a": 80, "g": 0}, "k1": {"a": 40}},
            )
        }
    )
    k1 = r.scores[r.scores["org_id"] == "k1"]
    assert list(zip(k1["node_kind"], k1["node_id"])) == [("total", "total"), ("direction", "d1"), ("indicator", "a")]
    assert score(r, "k1", "total") == 100  # dg is not counted as 0 for a preschool
    assert score(r, "s1", "total") == approx(100 / 6)  # (100 x 1 + 0 x 5) / 6
    assert ranks(r, "dg") == {"s1": (1, 1)}
    assert muni(r, "dg")["n"] == 1 and muni(r, "dg")["score"] == 0 and muni(r, "d1")["n"] == 2


NOTHING = year(
    orgs=[org("s1"), org("s2"), org("s3")],
    directions=[direction("d1"), direction("d2")],
    indicators=[indicator("a", "d1", unit="points", max_points=10), indicator("b", "d2", unit="boolean")],
    values={"s1": {"a": 6, "b": None}, "s2": {"a": 10, "b": 1}, "s3": {"a": None, "b": None}},
    recommendations=[rec("d2", "low;medium;high", "Всем")],
)


@pytest.fixture(scope="module")
def nothing_exclude():
    return compute_data({2025: NOTHING}, missing="exclude")


@pytest.fixture(scope="module")
def nothing_zero():
    return compute_data({2025: NOTHING}, missing="zero")


def test_direction_with_nothing_scored_under_exclude(nothing_exclude):
    r = nothing_exclude
    d2 = row(r, "s1", "d2")  # the row exists, empty
    assert isnan(d2["score"]) and d2["level"] == "" and isnan(d2["rank_min"]) and d2["trend"] == ""
    assert ranks(r, "d2") == {"s1": (None, None), "s2": (1, 1), "s3": (None, None)}
    assert score(r, "s1", "total") == approx(60)  # d2 is left out of the mean
    t = row(r, "s3", "total")  # nothing at all: a total row without a score
    assert isnan(t["score"]) and t["level"] == "" and t["trend"] == ""
    assert ranks(r, "total") == {"s1": (2, 2), "s2": (1, 1), "s3": (None, None)}
    assert muni(r, "total")["score"] == approx(80) and muni(r, "total")["n"] == 2
    assert muni(r, "d2")["score"] == 100 and muni(r, "d2")["n"] == 1
    # no score, no level, no recommendation
    assert rec_rows(r) == [(2025, "s2", "d2", "high", "Всем"), (2025, "", "d2", "high", "Всем")]


def test_direction_with_nothing_scored_under_zero(nothing_zero):
    r = nothing_zero
    assert (score(r, "s1", "d2"), row(r, "s1", "d2")["level"]) == (0, "low")
    assert score(r, "s1", "total") == approx(30)
    assert score(r, "s3", "total") == 0 and ranks(r, "total") == {"s1": (2, 2), "s2": (1, 1), "s3": (3, 3)}
    assert muni(r, "d2")["score"] == approx(100 / 3) and muni(r, "d2")["level"] == "low" and muni(r, "d2")["n"] == 3
    assert rec_rows(r) == [
        (2025, "s1", "d2", "low", "Всем"),
        (2025, "s2", "d2", "high", "Всем"),
        (2025, "s3", "d2", "low", "Всем"),
        (2025, "", "d2", "low", "Всем"),
    ]


# --- rule 4: levels ------------------------------------------------------------------


def test_levels_thresholds_change_between_years():
    def y(lv):
        return year(
            orgs=[org("s1"), org("s2")],
            indicators=[indicator("p", unit="points", max_points=100)],
            values={"s1": {"p": 82}, "s2": {"p": 55}},
            levels=lv,
            recommendations=[rec("d1", "medium", "Подтянуть")],
        )

    r = compute_data({2024: y(levels(high=80, medium=50, low=0)), 2025: y(levels(high=85, medium=70, low=0))})
    assert column(r, "total", "level", 2024) == {"s1": "high", "s2": "medium"}
    assert column(r, "total", "level", 2025) == {"s1": "medium", "s2": "low"}
    assert column(r, "d1", "level", 2025) == {"s1": "medium", "s2": "low"}
    # the same summary 68.5, another level
    assert muni(r, "total", year=2024)["score"] == approx(68.5) and muni(r, "total", year=2024)["level"] == "medium"
    assert muni(r, "total", year=2025)["score"] == approx(68.5) and muni(r, "total", year=2025)["level"] == "low"
    assert muni(r, "d1", "general", year=2025)["level"] == "low"
    # recommendations follow each year's levels
    assert sorted(x[:3] for x in rec_rows(r)) == [(2024, "", "d1"), (2024, "s2", "d1"), (2025, "s1", "d1")]


# d1 = (100 x b + p / 1000) / 2
LEVEL_CASES = {  # org: (b, p, unrounded score, shown, level)
    "top": (1, 100000, 100, "100.00", "high"),
    "on80": (1, 60000, 80, "80.00", "high"),
    "up": (1, 59990, 79.995, "80.00", "high"),  # rounds up onto the threshold
    "down": (1, 59988, 79.994, "79.99", "medium"),
    "on50": (0, 100000, 50, "50.00", "medium"),
    "below50": (0, 99980, 49.99, "49.99", "low"),
}


def test_levels_on_and_around_thresholds():
    r = compute_data(
        {
            2025: year(
                orgs=[org(o) for o in LEVEL_CASES],
                indicators=[indicator("b", unit="boolean"), indicator("p", unit="points", max_points=100000)],
                values={o: {"b": b, "p": p} for o, (b, p, *_) in LEVEL_CASES.items()},
                levels=levels(low=0, high=80, medium=50),  # file order is not threshold order
            )
        }
    )
    d1 = column(r, "d1", "score")
    assert d1 == {o: approx(c[2]) for o, c in LEVEL_CASES.items()}
    assert {o: fmt2(x) for o, x in d1.items()} == {o: c[3] for o, c in LEVEL_CASES.items()}
    assert column(r, "d1", "level") == {o: c[4] for o, c in LEVEL_CASES.items()}
    # ranked as shown: 79.995 ties with the real 80
    assert ranks(r, "d1") == {
        "top": (1, 1),
        "on80": (2, 3),
        "up": (2, 3),
        "down": (4, 4),
        "on50": (5, 5),
        "below50": (6, 6),
    }


# --- rule 5: ranks ---------------------------------------------------------------------


def test_ties_share_a_range_and_are_decided_after_rounding():
    r = compute_data(
        {
            2025: year(
                orgs=[org("s1"), org("s2"), org("s3"), org("s4")],
                directions=[direction("d1"), direction("d2")],
                indicators=[
                    indicator("p1", "d1", unit="points", max_points=10),
                    indicator("p2", "d2", unit="points", max_points=60000),
                ],
                values={
                    "s1": {"p1": 9, "p2": 50000},  # 83.3333..
                    "s2": {"p1": 7, "p2": 49998},  # 83.33
                    "s3": {"p1": 7, "p2": 50001},  # 83.335 -> 83.34
                    "s4": {"p1": 5, "p2": 49997},  # 83.32833.. -> 83.33
                },
            )
        }
    )
    assert ranks(r, "d1") == {"s1": (1, 1), "s2": (2, 3), "s3": (2, 3), "s4": (4, 4)}
    assert len(set(column(r, "d2", "score").values())) == 4
    assert ranks(r, "d2") == {"s1": (2, 4), "s2": (2, 4), "s3": (1, 1), "s4": (2, 4)}


def test_ranks_per_kind_and_per_year():
    def y(vals):
        return year(
            orgs=[org("s1"), org("s2"), org("k1", "preschool")],
            indicators=[indicator("p", unit="points", max_points=10)],
            values=vals,
        )

    r = compute_data(
        {
            2024: y({"s1": {"p": 9}, "s2": {"p": 8}, "k1": {"p": 1}}),
            2025: y({"s1": {"p": 2}, "s2": {"p": 8}, "k1": {"p": 1}}),
        }
    )
    assert ranks(r, "total", 2024) == {"s1": (1, 1), "s2": (2, 2), "k1": (1, 1)}
    assert ranks(r, "total", 2025) == {"s1": (2, 2), "s2": (1, 1), "k1": (1, 1)}
    assert ranks(r, "p", 2025) == {"s1": (2, 2), "s2": (1, 1), "k1": (1, 1)}


# --- rule 6: dynamics -----------------------------------------------------------------


def points_year(vals):
    return year(
        orgs=[org(o) for o in vals],
        indicators=[indicator("p", unit="points", max_points=10)],
        values={o: {"p": v} for o, v in vals.items()},
    )


def trend_of(r, org_id, node, year_):
    x = row(r, org_id, node, year_)
    return (None if isnan(x["delta"]) else x["delta"], x["trend"])


def test_dynamics_across_a_gap_year():
    r = compute_data(
        {2023: points_year({"s1": 4, "s2": 5}), 2024: points_year({"s2": 6}), 2025: points_year({"s1": 6, "s2": 6})}
    )
    assert trend_of(r, "s1", "total", 2025) == (20, "improved")  # 60 - 40, against 2023
    assert trend_of(r, "s1", "p", 2025) == (2, "improved")  # raw values 6 - 4
    assert trend_of(r, "s2", "total", 2025) == (0, "stable")  # against 2024


@pytest.mark.parametrize("missing", ["exclude", "zero"])
def test_dynamics_skip_a_year_without_value(missing):
    r = compute_data(
        {2023: points_year({"s1": 4}), 2024: points_year({"s1": None}), 2025: points_year({"s1": 3})}, missing=missing
    )
    # The indicator compares raw values: none in 2024 under either policy.
    assert trend_of(r, "s1", "p", 2024) == (None, "")
    assert trend_of(r, "s1", "p", 2025) == (-1, "worsened")
    if missing == "exclude":  # no score in 2024 either: 2025 compares with 2023
        assert trend_of(r, "s1", "total", 2024) == (None, "")
        assert trend_of(r, "s1", "total", 2025) == (-10, "worsened")
    else:  # 2024 scored 0
        assert trend_of(r, "s1", "total", 2024) == (-40, "worsened")
        assert trend_of(r, "s1", "total", 2025) == (30, "improved")


def two_years(before: float, after: dict):
    """x (higher is better) and xl (lower is better), each org the same value in both."""

    def y(vals):
        inds = [indicator("x", unit="number"), indicator("xl", unit="number", polarity="lower_is_better")]
        return year(
            orgs=[org(o) for o in vals], indicators=inds, values={o: {"x": v, "xl": v} for o, v in vals.items()}
        )

    return {2024: y({o: before for o in after}), 2025: y(after)}


def dynamics(r, node, year_=2025):
    s = r.scores[(r.scores["node_id"] == node) & (r.scores["year"] == year_)]
    return {o: (None if isnan(d) else d, t) for o, d, t in zip(s["org_id"], s["delta"], s["trend"])}


def test_stable_tolerance_is_inclusive():
    after = {"up-eq": 10.5, "up": 10.51, "down-eq": 9.5, "down": 9.49, "up-raw": 10.504, "down-raw": 9.496}
    r = compute_data(two_years(10, after), stable_tolerance=0.5)
    assert dynamics(r, "x") == {
        "up-eq": (0.5, "stable"),
        "up": (0.51, "improved"),
        "down-eq": (-0.5, "stable"),
        "down": (-0.51, "worsened"),
        # raw values compare rounded to 2 decimals: 10.504 -> 10.50
        "up-raw": (0.5, "stable"),
        "down-raw": (-0.5, "stable"),
    }
    # lower is better: down is the good direction
    assert {o: t for o, (_, t) in dynamics(r, "xl").items()} == {
        "up-eq": "stable",
        "up": "worsened",
        "down-eq": "stable",
        "down": "improved",
        "up-raw": "stable",
        "down-raw": "stable",
    }


def test_default_tolerance_is_zero():
    r = compute_data(two_years(10, {"same": 10, "up": 10.01, "down": 9.99, "noise": 10.004}))
    assert dynamics(r, "x") == {
        "same": (0, "stable"),
        "up": (0.01, "improved"),
        "down": (-0.01, "worsened"),
        "noise": (0, "stable"),
    }
    assert {o: t for o, (_, t) in dynamics(r, "xl").items()} == {
        "same": "stable",
        "up": "worsened",
        "down": "improved",
        "noise": "stable",
    }


@pytest.mark.parametrize("tolerance", [0.015, 0.29])
def test_tolerance_that_is_not_a_whole_hundredth_or_not_exact_in_binary(tolerance):
    # "more than t": a rounded delta strictly above t is a change, one at or below it is not.
    # 0.015: a delta of 0.02 is more than t; 0.29 x 100 = 28.999999999999996 in binary.
    hundredths = sorted({math.floor(tolerance * 100 + 1e-9) + k for k in (-1, 0, 1, 2)})
    after = {f"up{h}": 10 + h / 100 for h in hundredths} | {f"down{h}": 10 - h / 100 for h in hundredths}
    r = compute_data(two_years(10, after), stable_tolerance=tolerance)
    got = dynamics(r, "x")
    for o, (delta, trend) in got.items():
        want = "improved" if delta > tolerance else "worsened" if -delta > tolerance else "stable"
        assert trend == want, (tolerance, o, delta, trend)
    assert {t for _, t in got.values()} == {"improved", "stable", "worsened"}


def test_lower_is_better_indicator_trend_while_its_score_rises():
    def y(v):
        return year(
            orgs=[org("s1"), org("s2")],
            indicators=[indicator("x", unit="number", polarity="lower_is_better")],
            values={"s1": {"x": v}, "s2": {"x": 10}},
        )

    r = compute_data({2024: y(20), 2025: y(10)})
    assert trend_of(r, "s1", "x", 2025) == (-10, "improved")
    assert trend_of(r, "s1", "d1", 2025) == (50, "improved")  # scores: 50 -> 100
    assert trend_of(r, "s2", "x", 2025) == (0, "stable")


def test_indicator_added_dropped_and_readded():
    def y(ids, vals):
        return year(orgs=[org("s1")], indicators=[indicator(i, unit="number") for i in ids], values={"s1": vals})

    r = compute_data(
        {
            2023: y(["keep", "gone", "back"], {"keep": 1, "gone": 1, "back": 10}),
            2024: y(["keep"], {"keep": 2}),
            2025: y(["keep", "added", "back"], {"keep": 2, "added": 5, "back": 12}),
        }
    )
    nodes = r.scores.groupby("year")["node_id"].apply(set).to_dict()
    assert nodes == {
        2023: {"total", "d1", "keep", "gone", "back"},
        2024: {"total", "d1", "keep"},
        2025: {"total", "d1", "keep", "added", "back"},
    }
    assert dynamics(r, "added") == {"s1": (None, "new")}
    assert dynamics(r, "back") == {"s1": (2, "improved")}  # against 2023
    assert dynamics(r, "keep") == {"s1": (0, "stable")}
    assert dynamics(r, "keep", 2024) == {"s1": (1, "improved")}


def test_scores_compare_rounded_and_delta_is_rounded():
    def y(maxp, vals):
        return year(
            orgs=[org(o) for o in vals],
            indicators=[indicator("p", unit="points", max_points=maxp)],
            values={o: {"p": v} for o, v in vals.items()},
        )

    # 2024: 83.3333.. for all; 2025: 83.334 (-> 83.33), 83.336 (-> 83.34), 50
    r = compute_data(
        {
            2024: y(30000, {"s1": 25000, "s2": 25000, "s3": 25000}),
            2025: y(100000, {"s1": 83334, "s2": 83336, "s3": 50000}),
        }
    )
    assert dynamics(r, "total") == {"s1": (0, "stable"), "s2": (0.01, "improved"), "s3": (-33.33, "worsened")}
    assert all(round2(d) == d for d, _ in dynamics(r, "total").values())


# --- rule 7: municipal figures -----------------------------------------------------------

BOOL_ORGS = [org("s1"), org("s2"), org("s3"), org("k1", "preschool")]
BOOL_VALUES = {"s1": {"b": 1, "a": 80}, "s2": {"b": 0, "a": 40}, "s3": {"b": None, "a": None}, "k1": {"b": 1, "a": 10}}


@pytest.mark.parametrize("missing,general,all_", [("zero", 100 / 3, 50.0), ("exclude", 50.0, 200 / 3)])
def test_municipal_boolean_share_and_mean(missing, general, all_):
    r = compute_data(
        {2025: year(orgs=BOOL_ORGS, indicators=[indicator("b", unit="boolean"), indicator("a")], values=BOOL_VALUES)},
        missing=missing,
    )
    # share (%) of applicable organizations with 1: of all of them under zero, of the reporting ones under exclude
    assert muni(r, "b", "general")["value"] == approx(general)
    assert muni(r, "b", "preschool")["value"] == approx(100)
    assert muni(r, "b", "all")["value"] == approx(all_)
    assert (muni(r, "b", "general")["n"], muni(r, "b", "preschool")["n"], muni(r, "b", "all")["n"]) == (2, 1, 3)
    b = muni(r, "b")
    assert b["node_kind"] == "indicator" and isnan(b["score"]) and b["level"] == "" and b["trend"] == "new"
    # other units: the mean of the reported values, under both policies
    assert muni(r, "a", "general")["value"] == approx(60)  # (80 + 40) / 2
    assert muni(r, "a", "preschool")["value"] == approx(10)
    assert muni(r, "a", "all")["value"] == approx(130 / 3)
    assert muni(r, "a", "all")["n"] == 3


def test_municipal_share_only_over_applicable_organizations():
    r = compute_data(
        {
            2025: year(
                orgs=[org("s1"), org("s2"), org("k1", "preschool"), org("k2", "preschool")],
                indicators=[indicator("b", unit="boolean", kinds="general"), indicator("a")],
                values={"s1": {"b": 1, "a": 1}, "s2": {"b": 0, "a": 1}, "k1": {"a": 1}, "k2": {"a": 1}},
            )
        }
    )
    assert muni(r, "b", "all")["value"] == approx(50)
    assert muni(r, "b", "general")["value"] == approx(50)
    m = r.municipal
    assert m[(m["scope"] == "preschool") & (m["node_id"] == "b")].empty


@pytest.mark.parametrize("fixture,unrounded", [("worked_zero", 175 / 3), ("worked_exclude", (250 / 3 + 50 + 62.5) / 3)])
def test_municipal_summary_is_mean_of_unrounded_scores(request, fixture, unrounded):
    r = request.getfixturevalue(fixture)
    for node in ("total", "d1"):
        for scope in ("all", "general"):
            m = muni(r, node, scope)
            assert m["score"] == approx(unrounded) and m["n"] == 3 and m["level"] == "medium" and m["trend"] == "new"
    assert set(r.municipal["scope"]) == {"all", "general"}  # no rows for kinds without organizations
    if fixture == "worked_exclude":
        assert muni(r, "total")["score"] != approx((83.33 + 50 + 62.5) / 3)  # not the mean of the shown scores
        assert fmt2(muni(r, "total")["score"]) == "65.28"


def test_municipal_summary_per_kind():
    values = {**WORKED_VALUES, "k1": {"a": 10, "b": 1, "c": 4}}
    r = compute_data(
        {
            2025: year(
                orgs=[org("s1"), org("s2"), org("k1", "preschool"), org("s3")],
                indicators=WORKED_INDICATORS,
                values=values,
            )
        }
    )
    assert muni(r, "total", "general")["score"] == approx(175 / 3) and muni(r, "total", "general")["level"] == "medium"
    assert muni(r, "total", "preschool")["score"] == approx(100) and muni(r, "total", "preschool")["level"] == "high"
    assert muni(r, "total")["score"] == approx(68.75) and muni(r, "total")["n"] == 4  # (250/3 + 50 + 125/3 + 100) / 4
    assert muni(r, "a", "all")["value"] == approx(37.5)  # (80 + 40 + 10 + 20) / 4


def test_municipal_dynamics():
    low = indicator("low", unit="number", polarity="lower_is_better")
    y24 = year(
        orgs=[org("s1"), org("s2"), org("s3")],
        indicators=[*WORKED_INDICATORS, low],
        values={o: {**v, "low": 4} for o, v in WORKED_VALUES.items()},
    )
    y25 = year(
        orgs=[org("s1"), org("s2"), org("s3")],
        indicators=[indicator("b", unit="boolean"), indicator("c", unit="points", max_points=10), low],
        values={"s1": {"b": 1, "c": 10, "low": 1}, "s2": {"b": 0, "c": 5, "low": 2}, "s3": {"b": 0, "c": 6, "low": 3}},
    )
    r = compute_data({2024: y24, 2025: y25})
    # 2024: d1 = (a, b, c, low) = 87.5, 62.5, 56.25 -> 68.75
    assert muni(r, "total", year=2024)["score"] == approx(68.75)
    # 2025: (b, c, low) = (100, 100, 100), (0, 50, 50), (0, 60, 33.33..) -> 54.81..
    t = muni(r, "total", year=2025)
    assert t["score"] == approx((100 + 100 / 3 + (60 + 100 / 3) / 3) / 3)
    assert (t["delta"], t["trend"], t["level"]) == (-13.94, "worsened", "medium")  # 54.81 - 68.75
    # boolean share 66.67 -> 33.33: the rounded values compare
    b = muni(r, "b", year=2025)
    assert (b["value"], b["delta"], b["trend"]) == (approx(100 / 3), -33.34, "worsened")
    # the mean of a lower-is-better indicator going down is an improvement
    assert (
        muni(r, "low", year=2025)["value"],
        muni(r, "low", year=2025)["delta"],
        muni(r, "low", year=2025)["trend"],
    ) == (approx(2), -2, "improved")
    assert (muni(r, "c", year=2025)["delta"], muni(r, "c", year=2025)["trend"]) == (4, "improved")  # means 3 -> 7
    assert muni(r, "a", year=2024)["trend"] == "new"
    assert r.municipal[(r.municipal["year"] == 2025) & (r.municipal["node_id"] == "a")].empty


def test_municipal_rows_follow_file_order():
    r = compute_data(
        {
            2025: year(
                orgs=[org("k1", "preschool"), org("s1")],
                directions=[direction("dg"), direction("d1")],
                indicators=[indicator("g", "dg", unit="boolean", kinds="general"), indicator("a", "d1")],
                values={"k1": {"a": 10}, "s1": {"a": 20, "g": 1}},
            )
        }
    )
    m = r.municipal
    assert list(zip(m["scope"], m["node_id"])) == [
        ("all", "total"),
        ("all", "dg"),
        ("all", "d1"),
        ("all", "g"),
        ("all", "a"),
        ("general", "total"),
        ("general", "dg"),
        ("general", "d1"),
        ("general", "g"),
        ("general", "a"),
        ("preschool", "total"),
        ("preschool", "d1"),
        ("preschool", "a"),
    ]


# --- rule 8: recommendations ------------------------------------------------------------


def test_recommendations_by_level(worked_zero):
    assert rec_rows(worked_zero) == [
        (2025, "s1", "d1", "high", "Текст B"),
        (2025, "s2", "d1", "medium", "Текст A"),
        (2025, "s3", "d1", "low", "Текст A"),
        (2025, "s3", "d1", "low", "Текст C"),
        (2025, "", "d1", "medium", "Текст A"),  # the municipality: summary 58.33, medium
    ]


def test_recommendations_under_exclude(worked_exclude):
    # s3 moves up to medium (62.50); the summary 65.28 is medium
    assert rec_rows(worked_exclude) == [
        (2025, "s1", "d1", "high", "Текст B"),
        (2025, "s2", "d1", "medium", "Текст A"),
        (2025, "s3", "d1", "medium", "Текст A"),
        (2025, "", "d1", "medium", "Текст A"),
    ]


# --- the scores frame ---------------------------------------------------------------


def test_scores_columns_rows_and_order():
    r = compute_data(
        {
            2024: year(
                orgs=[org("z1"), org("a1")],
                indicators=[indicator("b", unit="boolean")],
                values={"z1": {"b": 1}, "a1": {"b": 0}},
            ),
            2025: year(
                orgs=[org("z1"), org("k1", "preschool"), org("a1")],
                directions=[direction("d2"), direction("d1")],
                indicators=[
                    indicator("y", "d1"),
                    indicator("g", "d2", unit="boolean", kinds="general"),
                    indicator("b", "d1", unit="boolean"),
                ],
                values={"z1": {"y": 1, "g": 1, "b": 1}, "k1": {"y": 2, "b": 1}, "a1": {"y": 3}},
            ),
        }
    )
    s = r.scores
    assert (
        list(s.columns)
        == SCORE_COLUMNS
        == [
            "year",
            "org_id",
            "kind",
            "node_kind",
            "node_id",
            "value",
            "score",
            "rank_min",
            "rank_max",
            "level",
            "delta",
            "trend",
        ]
    )
    full = [
        ("total", "total"),
        ("direction", "d2"),
        ("direction", "d1"),
        ("indicator", "y"),
        ("indicator", "g"),
        ("indicator", "b"),
    ]
    pre = [("total", "total"), ("direction", "d1"), ("indicator", "y"), ("indicator", "b")]
    old = [("total", "total"), ("direction", "d1"), ("indicator", "b")]
    want = (
        [(2024, o, *n) for o in ("z1", "a1") for n in old]
        + [(2025, "z1", *n) for n in full]
        + [(2025, "k1", *n) for n in pre]
        + [(2025, "a1", *n) for n in full]
    )
    assert list(zip(s["year"], s["org_id"], s["node_kind"], s["node_id"])) == want
    assert list(s.index) == list(range(len(want)))
    assert set(zip(s["org_id"], s["kind"])) == {("z1", "general"), ("a1", "general"), ("k1", "preschool")}
    # level only on directions and totals, value only on indicators
    assert (s.loc[s["node_kind"] == "indicator", "level"] == "").all()
    assert (s.loc[s["node_kind"] != "indicator", "level"] != "").all()
    assert s.loc[s["node_kind"] != "indicator", "value"].isna().all()
    a1 = s[(s["year"] == 2025) & (s["org_id"] == "a1") & (s["node_kind"] == "indicator")]
    assert a1["value"].iloc[0] == 3 and a1["value"].iloc[1:].isna().all() and (a1["score"].iloc[1:] == 0).all()


# --- the in-memory data sets ------------------------------------------------------------


def test_in_memory_dataset_is_what_validate_returns(tmp_path):
    # Every default validate fills in (polarity, method, weights, depth), split lists,
    # level order, dtypes and spreadsheet rows: a drift here would make every test above
    # check arithmetic on data the generator never sees.
    tree = [direction("d11", "t1"), direction("t1", weight=2), direction("t2")]
    moved = [dict(i, direction_id="d11") for i in METHOD_INDICATORS[:-1]]
    inds = [*moved, indicator("ga", "t1", unit="boolean", weight=3), indicator("t2x", "t2", unit="number")]
    values = {o: {**v, "t2x": 1.25} if o.startswith("s") else v for o, v in METHOD_VALUES.items()}
    years = {
        2024: year(
            orgs=METHOD_ORGS,
            indicators=METHOD_INDICATORS,
            values=METHOD_VALUES,
            levels=levels(low=0, high=80, medium=50),
        ),
        2025: year(
            orgs=METHOD_ORGS[::-1],
            directions=tree,
            indicators=inds,
            values=values,
            recommendations=[rec("t1", "low;medium", "Текст")],
        ),
    }
    validated, results = run_data(tmp_path, years, missing="exclude", stable_tolerance=0.5)
    built = dataset(years, missing="exclude", stable_tolerance=0.5)
    assert built.settings == validated.settings
    assert [y.year for y in built.years] == [2024, 2025]
    for b, v in zip(built.years, validated.years):
        for name in ("organizations", "directions", "indicators", "values", "levels", "recommendations"):
            pd.testing.assert_frame_equal(getattr(b, name), getattr(v, name), obj=f"{b.year} {name}")
    again = compute_data(years, missing="exclude", stable_tolerance=0.5)
    pd.testing.assert_frame_equal(again.scores, results.scores)
    pd.testing.assert_frame_equal(again.municipal, results.municipal)
    pd.testing.assert_frame_equal(again.recommendations, results.recommendations)
