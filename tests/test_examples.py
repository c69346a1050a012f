"""The five seed systems (examples/): each validates, and every figure its
source document states comes out of the export (issue 11, item 11)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator.export import results_package
from generator.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NAMES = ["000-nizhnyaya-tura", "001-volodarsky", "002-molchanovo", "003-revda", "004-komsomolsk"]


@pytest.fixture(scope="module")
def exported():
    """name -> {file name: rows as dicts} of each example's results package."""
    out = {}
    for name in NAMES:
        files = results_package(*run(EXAMPLES / name / "data"))
        out[name] = {
            f: list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
            for f, data in files.items()
            if f.endswith(".csv")
        }
    return out


def rows(table, **match):
    return [r for r in table if all(r[k] == v for k, v in match.items())]


def one(table, **match):
    found = rows(table, **match)
    assert len(found) == 1, (match, found[:3])
    return found[0]


def test_every_example_has_a_readme_quoting_its_source():
    for name in NAMES:
        text = (EXAMPLES / name / "README.md").read_text(encoding="utf-8")
        assert "| Цитата из документа |" in text and "## Не выражено" in text
        assert "вымышлен" in text or "условн" in text


def test_000_municipal_summary_63_medium_and_86_for_schools(exported):
    municipal = exported["000-nizhnyaya-tura"]["municipal.csv"]
    total = one(municipal, year="2023", scope="all", node_id="total")
    assert (total["score"], total["level"]) == ("63.00", "medium")
    assert one(municipal, year="2023", scope="general", node_id="total")["score"] == "86.00"
    # «организации дополнительного образования достигли 25% выполнения» по треку 2
    assert one(municipal, year="2023", scope="additional", node_id="track-reserve")["score"] == "25.00"


def test_000_dynamics_lists_of_the_report(exported):
    municipal = exported["000-nizhnyaya-tura"]["municipal.csv"]
    trend = {r["node_id"]: r["trend"] for r in rows(municipal, year="2023", scope="all", node_kind="indicator")}
    improved = [
        "vsoko-objective",
        "neuspeh-system",
        "talent-program",
        "dop-coverage",
        "antibullying",
        "reserve-selection",
        "team-formed",
    ]
    stable = [
        "fed-objectivity",
        "low-results-progress",
        "talent-support",
        "ovz-talent",
        "prof-partners",
        "reserve-projects",
        "team-training",
    ]
    assert [trend[i] for i in improved] == ["improved"] * len(improved)
    assert [trend[i] for i in stable] == ["stable"] * len(stable)


def test_000_pooled_coverage_is_a_ratio_of_sums(exported):
    municipal = exported["000-nizhnyaya-tura"]["municipal.csv"]
    # (600 + 150) / (1200 + 500) children, not the mean of 50 % and 30 %
    assert one(municipal, year="2023", scope="all", node_id="dop-coverage")["value"] == "44.12"


def test_000_school_advice_never_reaches_a_kindergarten(exported):
    recs = exported["000-nizhnyaya-tura"]["recommendations.csv"]
    kinder = [r["text"] for r in recs if r["org_id"].startswith("ds-")]
    assert kinder, "kindergartens get their own recommendations"
    assert not [t for t in kinder if "олимпиад" in t or "школьного климата" in t]


def test_004_krai_48_points_yellow_zone_places_29_to_40(exported):
    scores = exported["004-komsomolsk"]["scores.csv"]
    krai = one(scores, year="2023", org_id="subj-33", node_id="total")
    assert (krai["score"], krai["level"], krai["rank_min"], krai["rank_max"]) == ("48.00", "yellow", "29", "40")


def test_004_management_cycle_index_is_points_over_maximum(exported):
    scores = exported["004-komsomolsk"]["scores.csv"]
    values = {
        r["node_id"]: float(r["value"]) for r in rows(scores, year="2023", org_id="subj-33", node_kind="indicator")
    }
    below = {"cycle-concept": ["p01", "p02"], "cycle-process": ["p03", "p04"], "cycle-manage": ["p05", "p06", "p07"]}
    maxima = {"p01": 4, "p02": 4, "p03": 4, "p04": 4, "p05": 8, "p06": 8, "p07": 8}
    points = sum(values[i] for ids in below.values() for i in ids)
    index = one(scores, year="2023", org_id="subj-33", node_id="block-processes")["score"]
    assert index == f"{100 * points / sum(maxima.values()):.2f}"
    blocks = [float(one(scores, year="2023", org_id="subj-33", node_id=b)["score"]) for b in below]
    assert index != f"{sum(blocks) / 3:.2f}"  # the programme's index is not the mean of the blocks' indices


def test_004_districts_are_ranked(exported):
    territories = exported["004-komsomolsk"]["territories.csv"]
    totals = rows(territories, year="2023", scope="all", node_id="total")
    assert len(totals) == 5 and {r["territory_kind"] for r in totals} == {"district"}
    assert sorted(int(r["rank_min"]) for r in totals)[0] == 1


@pytest.mark.parametrize("name", ["001-volodarsky", "002-molchanovo", "003-revda"])
def test_simple_examples_export_every_direction(exported, name):
    municipal = exported[name]["municipal.csv"]
    directions = {r["node_id"] for r in municipal if r["node_kind"] == "direction"}
    expected = {"001-volodarsky": 7, "002-molchanovo": 10, "003-revda": 9}[name]
    assert len(directions) == expected


def test_001_recommendations_reach_the_bodies(exported):
    recs = exported["001-volodarsky"]["recommendations.csv"]
    audiences = {r["body_id"] for r in recs}
    assert {"idk", "attest"} <= audiences


def test_002_rural_indicator_applies_to_rural_schools_only(exported):
    scores = exported["002-molchanovo"]["scores.csv"]
    orgs = {r["org_id"] for r in rows(scores, node_id="k5-network")}
    assert orgs == {"sch-2", "sch-3", "sch-4"}
