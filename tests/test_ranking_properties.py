"""Property tests of rule 5 (ranks) and of school rounding (round2)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from factory import compute_data, indicator, org, year
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.arithmetic import fmt2, round2
from generator.compute import add_ranks

# Scores that make ties and near-ties likely: whole numbers, two-decimal
# figures, three-decimal midpoints that round up onto a neighbour, and thirds.
NEAR = [0.0, 50.0, 79.99, 79.994, 79.995, 80.0, 83.33, 250 / 3, 83.335, 100.0, 100 / 3, 33.33, 33.334, 33.335]
SCORE = st.one_of(
    st.sampled_from(NEAR),
    st.floats(0, 100, allow_nan=False),
    st.integers(0, 10000).map(lambda k: k / 100),
    st.integers(0, 100000).map(lambda k: k / 1000),
)
ROW = st.tuples(
    st.sampled_from(["general", "preschool"]), st.sampled_from(["total", "d1"]), st.one_of(SCORE, st.none())
)


def ranked(rows, order=None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "year": 2025,
            "org_id": [f"o{i}" for i in range(len(rows))],
            "kind": [k for k, _, _ in rows],
            "node_kind": ["total" if n == "total" else "direction" for _, n, _ in rows],
            "node_id": [n for _, n, _ in rows],
            "score": [np.nan if s is None else s for _, _, s in rows],
        }
    )
    if order is not None:
        frame = frame.iloc[order].reset_index(drop=True)
    return add_ranks(frame.copy())


def check_ranks(frame: pd.DataFrame) -> None:
    """rank_min = 1 + count strictly greater, rank_max = count greater or equal,
    both on the scores rounded to 2 decimals, within (year, kind, node)."""
    for _, g in frame.groupby(["year", "kind", "node_kind", "node_id"]):
        unscored = g["score"].isna()
        assert g.loc[unscored, "rank_min"].isna().all() and g.loc[unscored, "rank_max"].isna().all()
        scored = g[~unscored]
        shown = [round2(x) for x in scored["score"]]
        got = list(zip(scored["rank_min"].astype(int), scored["rank_max"].astype(int)))
        n = len(shown)
        for mine, (lo, hi) in zip(shown, got):
            assert 1 <= lo <= hi <= n
            assert lo == 1 + sum(x > mine for x in shown)
            assert hi == sum(x >= mine for x in shown)
        # equal shown scores share one range; different ones have disjoint, ordered ranges
        by_shown = {}
        for mine, rng in zip(shown, got):
            by_shown.setdefault(mine, set()).add(rng)
        assert all(len(v) == 1 for v in by_shown.values())
        ranges = [next(iter(by_shown[s])) for s in sorted(by_shown, reverse=True)]
        assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:]))
        if n:
            assert ranges[0][0] == 1 and ranges[-1][1] == n


@settings(max_examples=80, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_add_ranks_properties(rows, rnd):
    frame = ranked(rows)
    check_ranks(frame)
    # Row order does not matter.
    order = list(range(len(rows)))
    rnd.shuffle(order)
    shuffled = ranked(rows, order).set_index("org_id")
    again = frame.set_index("org_id").loc[shuffled.index]
    assert shuffled["rank_min"].equals(again["rank_min"]) and shuffled["rank_max"].equals(again["rank_max"])


def test_add_ranks_example():
    rows = [("general", "d1", s) for s in (90.0, 70.004, 70.0, 50.0, None, 70.0049)]
    f = ranked(rows)
    assert list(zip(f["rank_min"].astype(object), f["rank_max"].astype(object))) == [
        (1, 1),
        (2, 4),
        (2, 4),
        (5, 5),
        (pd.NA, pd.NA),
        (2, 4),
    ]


# --- through compute: organizations file order does not change anything -----------------

VALUE = st.one_of(st.none(), st.integers(0, 7))
ORG_VALUES = st.tuples(
    st.sampled_from(["general", "preschool"]),
    VALUE,
    st.one_of(st.none(), st.integers(0, 1)),
    st.one_of(st.none(), st.integers(0, 30)),
)


def package(orgs_values, order):
    orgs = [org(f"o{i}", kind) for i, (kind, *_) in enumerate(orgs_values)]
    values = {f"o{i}": {"p": p, "b": b, "x": x} for i, (_, p, b, x) in enumerate(orgs_values)}
    inds = [indicator("p", unit="points", max_points=7), indicator("b", unit="boolean"), indicator("x", unit="count")]
    return year(
        orgs=[orgs[i] for i in order], indicators=inds, values={f"o{i}": values[f"o{i}"] for i in reversed(order)}
    )


@settings(max_examples=6, deadline=None)
@given(
    st.lists(ORG_VALUES, min_size=2, max_size=6),
    st.randoms(use_true_random=False),
    st.sampled_from(["zero", "exclude"]),
)
def test_computed_ranks_do_not_depend_on_file_order(orgs_values, rnd, missing):
    order = list(range(len(orgs_values)))
    rnd.shuffle(order)
    # Built in memory (tests/factory.py): an organization with no value at all, which validate
    # refuses for a year (generator/structure.py), still gets the contract's ranks.
    a = compute_data({2025: package(orgs_values, range(len(orgs_values)))}, missing=missing)
    b = compute_data({2025: package(orgs_values, order)}, missing=missing)
    check_ranks(a.scores)
    check_ranks(b.scores)
    key = ["org_id", "node_kind", "node_id"]
    cols = ["score", "rank_min", "rank_max", "level", "trend"]
    left = a.scores.set_index(key)[cols].sort_index()
    right = b.scores.set_index(key)[cols].sort_index()
    pd.testing.assert_frame_equal(left, right)
    # the file order is the row order
    assert list(dict.fromkeys(b.scores["org_id"])) == [f"o{i}" for i in order]
    pd.testing.assert_frame_equal(a.municipal.reset_index(drop=True), b.municipal.reset_index(drop=True))


# --- round2: school rounding, half away from zero ------------------------------------------


def half_up(k: int, places: int) -> float:
    """k / 10**places rounded to 2 decimals, halves away from zero, exactly."""
    return float((Decimal(k) / Decimal(10) ** places).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@settings(max_examples=300, deadline=None)
@given(st.integers(-2_000_000, 2_000_000))
def test_round2_midpoints_go_away_from_zero(j):
    k = 10 * j + 5  # k / 1000 is a two-decimal midpoint: 0.005, 1.005, -2.675, 79.995 ...
    x = k / 1000
    assert round2(x) == half_up(k, 3)
    assert abs(round2(x)) > abs(x)
    assert round2(-x) == -round2(x)


@settings(max_examples=300, deadline=None)
@given(st.integers(-10_000_000, 10_000_000), st.sampled_from([2, 3, 4]))
def test_round2_matches_decimal_on_short_decimals(k, places):
    assert round2(k / 10**places) == half_up(k, places)


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(-1e6, 1e6, allow_nan=False))
def test_round2_is_a_monotone_rounding(x, y):
    r = round2(x)
    assert abs(r - x) <= 0.005 + 1e-9 * max(1.0, abs(x))
    assert round(r * 100) == round(r * 100, 6)  # whole hundredths
    assert round2(r) == r
    if x <= y:
        assert round2(x) <= round2(y)


def test_round2_known_values_and_types():
    assert [round2(x) for x in (1.005, 2.675, 0.125, 79.995, 83.335, -1.005, -0.004, 0.0049999)] == [
        1.01,
        2.68,
        0.13,
        80.0,
        83.34,
        -1.01,
        0.0,
        0.0,
    ]
    assert str(round2(-0.004)) == "0.0"  # no negative zero
    assert fmt2(-0.004) == "0.00" and fmt2(79.995) == "80.00" and fmt2(float("nan")) == "" and fmt2(None) == ""
    s = pd.Series([1.005, np.nan, 2.5], index=[7, 8, 9], name="score")
    out = round2(s)
    assert isinstance(out, pd.Series) and list(out.index) == [7, 8, 9] and out.name == "score"
    assert out[7] == 1.01 and np.isnan(out[8]) and out[9] == 2.5
    assert list(round2(np.array([0.015, 0.025]))) == [0.02, 0.03]
    assert isinstance(round2(1.005), float)
