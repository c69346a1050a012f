"""The extended contract end to end: tests/fixtures/contract-11/data/ was
written from the text of methodology.md («Extensions»), using every extension
column, and `monitoring-site export` must give the figures that text defines.
Every expected number below is worked out by hand in the comments, never
taken from the code's output.

The data (both years alike, except that s1 answers a1 with 0 in 2024):

    organizations: s1 school, group rural, in d1;  s2 school, in d1;
                   s3 school, group rural, in d2;  k1 kindergarten, in d2
    territories:   m (municipality) > d1, d2 (districts)
    directions:    dir-a (mean) = a1, a2;  dir-b (points_share) = b1, b3 and dir-b1 (mean) = b2
    indicators:    a1 boolean; a2 percent, target 50, municipal: pooled;
                   b1 points of 4; b2 points of 6 (weight 5: unused below points_share);
                   b3 points of 10, kinds school, groups rural
    levels:        high from 80, medium from 50, low from 0; rank_decimals: 0

                 a1   a2 (fraction)   b1  b2  b3
    s1 (2025)     1   30/60 = 50 %     4   3   5
    s2            0   37/125 = 29.6 %  2   6   -  (not rural: b3 does not apply)
    s3            1   not reported     2   -  10
    k1            1   45/50 = 90 %     3   6   -  (a kindergarten: b3 does not apply)
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "fixtures" / "contract-11" / "data"


def export(data: Path, out: Path) -> dict[str, list[dict[str, str]]]:
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "export", "--data", str(data), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    tables = {}
    for name in ("scores", "municipal", "recommendations", "groups", "territories"):
        with (out / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
            tables[name] = list(csv.DictReader(f))
    return tables


@pytest.fixture(scope="module")
def zero(tmp_path_factory) -> dict:
    return export(DATA, tmp_path_factory.mktemp("zero") / "out")


@pytest.fixture(scope="module")
def exclude(tmp_path_factory) -> dict:
    """The same folder under `missing: exclude`."""
    root = tmp_path_factory.mktemp("exclude")
    shutil.copytree(DATA, root / "data")
    settings = root / "data" / "monitoring.yml"
    text = settings.read_text(encoding="utf-8")
    assert "missing: zero\n" in text
    settings.write_text(text.replace("missing: zero\n", "missing: exclude\n"), encoding="utf-8")
    return export(root / "data", root / "out")


def score(t: dict, org: str, node: str, year: str = "2025") -> dict[str, str]:
    rows = [r for r in t["scores"] if (r["year"], r["org_id"], r["node_id"]) == (year, org, node)]
    assert len(rows) == 1, (org, node, rows)
    return rows[0]


def muni(t: dict, node: str, scope: str = "all", year: str = "2025") -> dict[str, str]:
    (row,) = [r for r in t["municipal"] if (r["year"], r["scope"], r["node_id"]) == (year, scope, node)]
    return row


def unit(t: dict, unit_id: str, node: str = "total", scope: str = "all", year: str = "2025") -> dict[str, str]:
    rows = t["territories"]
    (row,) = [
        r for r in rows if (r["year"], r["territory_id"], r["scope"], r["node_id"]) == (year, unit_id, scope, node)
    ]
    return row


# --- applicability by group --------------------------------------------------------------------


def test_an_indicator_of_a_group_applies_only_to_its_organizations(zero):
    # b3: kinds school and groups rural -> s1 and s3 only; s2 is not rural, k1 not a school.
    assert sorted(r["org_id"] for r in zero["scores"] if r["node_id"] == "b3" and r["year"] == "2025") == ["s1", "s3"]
    assert score(zero, "s1", "b3")["score"] == "50.00"  # 100 x 5 / 10
    assert score(zero, "s3", "b3")["score"] == "100.00"  # 100 x 10 / 10


def test_group_summary_is_the_mean_of_its_organizations(zero):
    rural = [r for r in zero["groups"] if (r["year"], r["scope"], r["node_id"]) == ("2025", "all", "total")]
    # rural = s1, s3: totals 80 and 55 (below) -> (80 + 55) / 2 = 67.5, medium
    assert [(r["group_id"], r["score"], r["level"], r["n"]) for r in rural] == [("rural", "67.50", "medium", "2")]
    # 2024: s1 55, s3 55 -> 55.00; 67.50 - 55.00 = +12.50, improved
    assert (rural[0]["delta"], rural[0]["trend"]) == ("12.50", "improved")


# --- points share (rule 3b), both missing policies ------------------------------------------------


def test_points_share_under_missing_zero(zero):
    # dir-b = 100 x points / max points over b1, b2 (in dir-b1, any depth) and b3 where it applies:
    assert score(zero, "s1", "dir-b")["score"] == "60.00"  # (4 + 3 + 5) / (4 + 6 + 10)
    assert score(zero, "s2", "dir-b")["score"] == "80.00"  # (2 + 6) / (4 + 6)
    assert score(zero, "s3", "dir-b")["score"] == "60.00"  # (2 + 0 + 10) / (4 + 6 + 10): b2 missing counts 0 of 6
    assert score(zero, "k1", "dir-b")["score"] == "90.00"  # (3 + 6) / (4 + 6)
    # dir-b1 is a plain mean below it: b2's score.
    assert [score(zero, o, "dir-b1")["score"] for o in ("s1", "s2", "s3", "k1")] == [
        "50.00",
        "100.00",
        "0.00",
        "100.00",
    ]


def test_points_share_under_missing_exclude(exclude):
    # s3: b2 missing is left out with its maximum: (2 + 10) / (4 + 10) = 85.714... -> 85.71
    assert score(exclude, "s3", "dir-b")["score"] == "85.71"
    assert score(exclude, "s3", "dir-b1")["score"] == ""  # nothing below it scored: no score (rule 3)
    # a2 missing is left out of dir-a: a1 alone, 100; total (100 + 85.714...) / 2 = 92.857... -> 92.86, high
    assert score(exclude, "s3", "dir-a")["score"] == "100.00"
    assert (score(exclude, "s3", "total")["score"], score(exclude, "s3", "total")["level"]) == ("92.86", "high")
    assert score(exclude, "s1", "dir-b")["score"] == "60.00"  # nothing missing: as under zero


# --- totals, levels, ranks on whole points (rule 5b) --------------------------------------------


def test_totals_levels_and_a_tie_on_whole_points(zero):
    # dir-a = mean(a1, a2); a2 = 100 x min(value / 50, 1), value = 100 x numerator / denominator.
    # s1: a2 50 % -> 100, dir-a 100, total (100 + 60) / 2 = 80, high (80 >= 80)
    # s2: a2 29.6 % -> 59.2, dir-a (0 + 59.2) / 2 = 29.6, total (29.6 + 80) / 2 = 54.8, medium
    # s3: a2 missing -> 0, dir-a 50, total (50 + 60) / 2 = 55, medium
    # k1: a2 90 % -> 100, dir-a 100, total (100 + 90) / 2 = 95, high
    got = {o: (score(zero, o, "total")["score"], score(zero, o, "total")["level"]) for o in ("s1", "s2", "s3", "k1")}
    assert got == {
        "s1": ("80.00", "high"),
        "s2": ("54.80", "medium"),
        "s3": ("55.00", "medium"),
        "k1": ("95.00", "high"),
    }
    assert float(score(zero, "s2", "a2")["value"]) == pytest.approx(29.6)  # 100 x 37 / 125
    assert score(zero, "s2", "a2")["score"] == "59.20"
    # Ranks among schools on whole points: 80 -> 1; 54.8 and 55 both round to 55 -> share places 2-3.
    ranks = {o: (score(zero, o, "total")["rank_min"], score(zero, o, "total")["rank_max"]) for o in ("s1", "s2", "s3")}
    assert ranks == {"s1": ("1", "1"), "s2": ("2", "3"), "s3": ("2", "3")}
    assert (score(zero, "k1", "total")["rank_min"], score(zero, "k1", "total")["rank_max"]) == ("1", "1")
    # 2024: s1 answers a1 with 0 -> dir-a 50, total 55: 55, 54.8, 55 all round to 55 -> places 1-3.
    assert {score(zero, o, "total", "2024")["rank_max"] for o in ("s1", "s2", "s3")} == {"3"}


# --- pooled municipal value (rule 7b) -------------------------------------------------------------


def test_pooled_municipal_value_is_the_ratio_of_the_sums(zero, exclude):
    for t in (zero, exclude):  # over the organizations that reported, whatever the missing policy
        # all: (30 + 37 + 45) / (60 + 125 + 50) = 112 / 235 = 47.659... -> 47.66 (s3 did not report)
        assert (muni(t, "a2")["value"], muni(t, "a2")["n"]) == ("47.66", "3")
        assert muni(t, "a2", "school")["value"] == "36.22"  # (30 + 37) / (60 + 125) = 67 / 185 = 36.216...
        assert muni(t, "a2", "kg")["value"] == "90.00"  # 45 / 50
    # Not the mean of the organizations' percents: (50 + 29.6 + 90) / 3 = 56.53.
    assert muni(zero, "a1")["value"] == "75.00"  # boolean under zero: 3 of the 4 applicable say 1


def test_municipal_summaries(zero):
    # total: (80 + 54.8 + 55 + 95) / 4 = 71.2, medium; dir-a (100 + 29.6 + 50 + 100) / 4 = 69.9;
    # dir-b (60 + 80 + 60 + 90) / 4 = 72.5
    assert (muni(zero, "total")["score"], muni(zero, "total")["level"]) == ("71.20", "medium")
    assert (muni(zero, "dir-a")["score"], muni(zero, "dir-b")["score"]) == ("69.90", "72.50")
    assert muni(zero, "total", "school")["score"] == "63.27"  # (80 + 54.8 + 55) / 3 = 63.266...


# --- territories (rule 7c) ------------------------------------------------------------------------


def test_territory_summary_level_rank_and_dynamics(zero):
    # 2025: d1 = s1, s2 -> (80 + 54.8) / 2 = 67.4; d2 = s3, k1 -> (55 + 95) / 2 = 75; m = all four = 71.2
    # ranks among districts (whole points): d2 75 -> 1, d1 67 -> 2; m alone among municipalities -> 1
    # 2024: s1 55 -> d1 (55 + 54.8) / 2 = 54.9, d2 75, m (55 + 54.8 + 55 + 95) / 4 = 64.95
    # dynamics on the rounded summaries: d1 67.40 - 54.90 = +12.50; d2 0, stable; m 71.20 - 64.95 = +6.25
    got = {
        u: tuple(unit(zero, u)[k] for k in ("score", "level", "n", "rank_min", "rank_max", "delta", "trend"))
        for u in ("m", "d1", "d2")
    }
    assert got == {
        "m": ("71.20", "medium", "4", "1", "1", "6.25", "improved"),
        "d1": ("67.40", "medium", "2", "2", "2", "12.50", "improved"),
        "d2": ("75.00", "medium", "2", "1", "1", "0.00", "stable"),
    }
    assert {r["territory_kind"] for r in zero["territories"] if r["territory_id"] == "d1"} == {"district"}
    assert unit(zero, "d1", year="2024")["score"] == "54.90"
    # Scope kg in d2: k1 alone, 95; an indicator's summary is the mean of its scores: a2 in d1 (100 + 59.2) / 2
    assert unit(zero, "d2", scope="kg")["score"] == "95.00"
    assert unit(zero, "d1", "a2")["score"] == "79.60"


# --- targeted recommendations (rule 8b) -----------------------------------------------------------


def test_recommendations_reach_organizations_the_municipality_and_the_body(zero):
    rows = [(r["org_id"], r["body_id"], r["direction_id"], r["level"], r["text"][:2]) for r in zero["recommendations"]]
    assert rows == [
        # s1: dir-a 100 high (no R1); dir-b 60 medium, a school (R2); dir-b1 50 medium, any level (R5)
        ("s1", "", "dir-b", "medium", "R2"),
        ("s1", "", "dir-b1", "medium", "R5"),
        # s2: dir-a 29.6 low (R1); dir-b 80 high (R2); dir-b1 100 high (R5)
        ("s2", "", "dir-a", "low", "R1"),
        ("s2", "", "dir-b", "high", "R2"),
        ("s2", "", "dir-b1", "high", "R5"),
        # s3: dir-a 50 medium (R1); dir-b 60 medium (R2); dir-b1 0 low: any level, it has a score (R5)
        ("s3", "", "dir-a", "medium", "R1"),
        ("s3", "", "dir-b", "medium", "R2"),
        ("s3", "", "dir-b1", "low", "R5"),
        # k1: not a school (no R2, though dir-b 90 is high); dir-a 100 high (neither R1 nor R6)
        ("k1", "", "dir-b1", "high", "R5"),
        # the municipality: dir-a summary 69.9 medium (R1; R6 too: kinds do not restrict it);
        # the total 71.2 is not high (no R4); R2 and R5 are for organizations only
        ("", "", "dir-a", "medium", "R1"),
        ("", "", "dir-a", "medium", "R6"),
        # the body gets only the row naming it, at any level of the total
        ("", "commission", "total", "medium", "R3"),
    ]
    assert {r["body_name"] for r in zero["recommendations"] if r["body_id"]} == {"Аттестационная комиссия"}


def test_a_node_without_a_score_gets_nothing(exclude):
    # Under exclude s3 has no dir-b1 score: R5 (any level) does not reach it; its dir-a is 100, high: no R1.
    s3 = [(r["direction_id"], r["text"][:2]) for r in exclude["recommendations"] if r["org_id"] == "s3"]
    assert s3 == [("dir-b", "R2")]  # dir-b 85.71, high: R2 is for medium or high
