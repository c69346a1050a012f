"""Issue 11: the extensions of the data contract (methodology.md, «Extensions»),
each rule with hand-computed numbers, and the promise that a data folder using
none of them gives exactly the results it gave before.

tests/fixtures/demo-before-11/ holds the demo data as it was before issue 11
and the SHA-256 of its exported CSVs (a leading byte-order mark ignored) and
the column names and types of the exported package, recorded before any of
the extensions was written."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import hostile as hostile_strings
import pandas as pd
import pytest
from factory import (
    column,
    compute_data,
    dataset,
    direction,
    fraction,
    indicator,
    muni,
    org,
    ranks,
    rec,
    row,
    run_data,
    score,
    territory,
    write_data,
    year,
)

from generator import newyear
from generator.arithmetic import fmt2
from generator.compute import compute
from generator.export import results_package
from generator.pipeline import checked_dataset, run
from generator.problems import DataError, Problem
from generator.render import urls as U
from generator.render.site import render_site

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "demo-before-11"


def _sha(content: bytes) -> str:
    return hashlib.sha256(content.removeprefix(b"\xef\xbb\xbf")).hexdigest()


def test_demo_data_before_the_extensions_exports_byte_identical_results():
    files = results_package(*run(FIXTURE / "data", FIXTURE))
    recorded = dict(reversed(line.split("  ")) for line in (FIXTURE / "export.sha256").read_text().splitlines())
    assert {name: _sha(files[name]) for name in recorded} == recorded
    # No new file for data that uses no extension, except indicators.csv (item 9: every folder's indicators
    # with their sources; no figure in it): tests/test_sources.py checks its content.
    assert set(files) == {"datapackage.json", "indicators.csv", *recorded}
    descriptor = json.loads(files["datapackage.json"])
    fields = {r["name"]: [[f["name"], f["type"]] for f in r["schema"]["fields"]] for r in descriptor["resources"]}
    assert fields.pop("indicators")[-1] == ["source", "string"]
    assert fields == json.loads((FIXTURE / "fields.json").read_text())


# --- helpers ----------------------------------------------------------------------------------


def approx(x):
    return pytest.approx(x, abs=1e-9)


def problems_of(tmp_path: Path, years: dict, **settings) -> list[Problem]:
    """Every problem validate reports for the folder written from `years`."""
    data = write_data(tmp_path, years, **settings)
    with pytest.raises(DataError) as err:
        checked_dataset(data, data.parent)
    return err.value.report.problems


def only(problems: list[Problem], code: str) -> list[tuple]:
    """(file, row, column, value) of the problems of one code; each must read as actionable Russian."""
    found = [p for p in problems if p.code == code]
    for p in found:
        assert re.search("[а-яё]{3}", p.message) and re.search("[а-яё]{3}", p.fix), p.text()
    return [(p.file, p.row, p.column, p.value) for p in found]


def export(ds, results) -> dict[str, list[dict]]:
    """The results package's CSV files as rows of strings, by file name."""
    files = results_package(ds, results)
    out = {}
    for name, content in files.items():
        if name.endswith(".csv"):
            out[name] = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    out["datapackage.json"] = json.loads(files["datapackage.json"])
    return out


def rec_rows(results) -> list[tuple]:
    r = results.recommendations
    return list(zip(r["org_id"], r["body_id"], r["direction_id"], r["level"], r["text"]))


# --- applicability by group -----------------------------------------------------------------------

GROUPS = {"shnor": "Школы с низкими результатами", "rural": "Сельские организации"}


def grouped_year(g_values=None) -> dict:
    return year(
        orgs=[
            org("s1", groups="shnor;rural"),
            org("s2", groups="rural"),
            org("s3"),
            org("k1", "preschool", groups="rural"),
        ],
        indicators=[indicator("a"), indicator("g", unit="boolean", kinds="general", groups="shnor")],
        values={"s1": {"a": 80, "g": 1}, "s2": {"a": 40, **(g_values or {})}, "s3": {"a": 20}, "k1": {"a": 50}},
    )


def test_an_indicator_of_a_group_applies_only_to_its_organizations():
    r = compute_data({2025: grouped_year()}, groups=GROUPS)
    assert column(r, "g", "score") == {"s1": 100}  # s2 and s3 are general schools outside «shnor»
    assert column(r, "a", "score") == {"s1": 100, "s2": 50, "s3": 25, "k1": 100}  # peers stay the kind
    assert column(r, "d1", "score") == {"s1": 100, "s2": 50, "s3": 25, "k1": 100}
    assert muni(r, "g")["value"] == 100 and muni(r, "g")["n"] == 1


def test_group_summaries_are_the_means_of_their_organizations():
    r = compute_data({2025: grouped_year()}, groups=GROUPS)
    g = r.groups

    def summary(group, scope, node):
        found = g[(g["group_id"] == group) & (g["scope"] == scope) & (g["node_id"] == node)]
        assert len(found) == 1
        return found.iloc[0]

    assert summary("shnor", "all", "total")["score"] == approx(100) and summary("shnor", "all", "total")["n"] == 1
    rural = summary("rural", "all", "total")
    assert rural["score"] == approx((100 + 50 + 100) / 3) and rural["n"] == 3 and rural["level"] == "high"
    assert summary("rural", "general", "total")["score"] == approx(75)
    assert summary("rural", "general", "total")["level"] == "medium"
    assert summary("rural", "preschool", "d1")["score"] == approx(100)
    assert summary("rural", "all", "a")["score"] == approx((100 + 50 + 100) / 3)
    assert summary("rural", "all", "a")["level"] == ""  # indicators have no level
    assert list(dict.fromkeys(g["group_id"])) == ["shnor", "rural"]  # monitoring.yml's order
    assert set(g["trend"]) == {"new"}


def test_group_dynamics_compare_the_rounded_summary(tmp_path):
    later = grouped_year()
    later["values"] = [
        dict(v, value=60) if v["org_id"] == "s2" and v["indicator_id"] == "a" else v for v in later["values"]
    ]
    r = compute_data({2024: grouped_year(), 2025: later}, groups=GROUPS)
    g = r.groups
    row25 = g[(g["year"] == 2025) & (g["group_id"] == "rural") & (g["scope"] == "general") & (g["node_id"] == "total")]
    # 2024: (100 + 50) / 2 = 75; 2025: s2 has 60 of best 80 = 75, so (100 + 75) / 2 = 87.5.
    assert row25.iloc[0]["score"] == approx(87.5) and row25.iloc[0]["delta"] == approx(12.5)
    assert row25.iloc[0]["trend"] == "improved"


def test_a_value_for_an_indicator_of_another_group_is_refused(tmp_path):
    problems = problems_of(tmp_path, {2025: grouped_year({"g": 1})}, groups=GROUPS)
    # values.csv: s1 a (2), s1 g (3), s2 a (4), s2 g (5)
    assert only(problems, "not-applicable-group") == [("data/2025/values.csv", 5, "indicator_id", "g")]
    assert "shnor" in next(p for p in problems if p.code == "not-applicable-group").message


def test_unknown_groups_are_named_with_the_file_and_row(tmp_path):
    y = grouped_year()
    y["organizations"][2]["groups"] = "small"
    y["indicators"][1]["groups"] = "shnor;nope"
    problems = problems_of(tmp_path, {2025: y}, groups=GROUPS)
    assert only(problems, "unknown-group") == [
        ("data/2025/organizations.csv", 4, "groups", "small"),
        ("data/2025/indicators.csv", 3, "groups", "nope"),
    ]
    assert len(problems) == 2 and "shnor, rural" in problems[0].fix


def test_new_year_writes_values_only_for_the_organizations_an_indicator_applies_to():
    ds = dataset({2025: grouped_year()}, groups=GROUPS)
    lines = newyear.values_csv(ds.latest).decode("utf-8").splitlines()
    assert lines == [
        "org_id,indicator_id,value,note",
        "s1,a,,",
        "s1,g,,",
        "s2,a,,",
        "s3,a,,",
        "k1,a,,",
    ]


def test_groups_export_with_neutralised_names():
    hostile = {"shnor": hostile_strings.RECOMMENDATION, "rural": hostile_strings.ORG_NAME}
    ds = dataset({2025: grouped_year()}, groups=hostile)
    out = export(ds, compute_data({2025: grouped_year()}, groups=hostile))
    rows = out["groups.csv"]
    assert list(rows[0]) == [
        "year",
        "group_id",
        "group_name",
        "scope",
        "node_kind",
        "node_id",
        "score",
        "level",
        "n",
        "delta",
        "trend",
    ]
    first = rows[0]
    assert first["group_name"] == "'" + hostile_strings.RECOMMENDATION  # a formula is written as text
    rural = next(r for r in rows if r["group_id"] == "rural" and r["scope"] == "all" and r["node_id"] == "total")
    assert rural["group_name"] == hostile_strings.ORG_NAME
    assert (rural["score"], rural["level"], rural["n"], rural["trend"]) == ("83.33", "high", "3", "new")
    names = [r["name"] for r in out["datapackage.json"]["resources"]]
    assert names == ["scores", "municipal", "recommendations", "groups", "indicators"]


# --- points share (rule 3b): seed 004's management-cycle index -------------------------------------

SEED_004_ZONES = [  # seed 004: green 82-59, yellow 58-47, red below
    {"id": "green", "label": "Зелёная зона", "min_score": 59},
    {"id": "yellow", "label": "Жёлтая зона", "min_score": 47},
    {"id": "red", "label": "Красная зона", "min_score": 0},
]


def cycle_year(aggregation="points_share", k2=None, extra_indicators=()) -> dict:
    """Seed 004's management cycle of a kindergarten: the conceptual, procedural
    and managerial blocks, each scored in expert points."""
    return year(
        orgs=[org("k1", "preschool"), org("k2", "preschool")],
        directions=[
            direction("cycle", aggregation=aggregation),
            direction("concept", "cycle"),
            direction("process", "cycle"),
            direction("manage", "cycle"),
        ],
        indicators=[
            indicator("c1", "concept", unit="points", max_points=3, kinds="preschool"),
            indicator("p1", "process", unit="points", max_points=4, kinds="preschool"),
            indicator("m1", "manage", unit="points", max_points=8, kinds="preschool", weight=5),
            *extra_indicators,
        ],
        values={"k1": {"c1": 0, "p1": 4, "m1": 7}, "k2": k2 or {"c1": None, "p1": 4, "m1": 8}},
        levels=SEED_004_ZONES,
    )


def test_seed_004_management_cycle_index_is_points_over_maximum_points():
    r = compute_data({2025: cycle_year()})
    # 100 x (0 + 4 + 7) / (3 + 4 + 8) = 73.33; the weight 5 of m1 is not used.
    assert fmt2(score(r, "k1", "cycle")) == "73.33"
    assert score(r, "k1", "total") == approx(1100 / 15)
    assert row(r, "k1", "cycle")["level"] == "green"
    # The blocks keep their own scores: 0, 100, 87.5.
    assert [score(r, "k1", d) for d in ("concept", "process", "manage")] == [0, 100, 87.5]


def test_the_same_data_under_rule_3_gives_the_mean_of_the_blocks():
    r = compute_data({2025: cycle_year(aggregation=None)})
    assert fmt2(score(r, "k1", "cycle")) == "62.50"  # (0 + 100 + 87.5) / 3


def test_points_share_missing_counts_zero_of_its_maximum_or_is_left_out():
    zero = compute_data({2025: cycle_year()}, missing="zero")
    exclude = compute_data({2025: cycle_year()}, missing="exclude")
    assert score(zero, "k2", "cycle") == approx(100 * 12 / 15)  # 0 of 3 counts
    assert score(exclude, "k2", "cycle") == approx(100)  # (4 + 8) / (4 + 8)
    nothing = compute_data({2025: cycle_year(k2={"c1": None, "p1": None, "m1": None})}, missing="exclude")
    assert pd.isna(row(nothing, "k2", "cycle")["score"]) and row(nothing, "k2", "cycle")["level"] == ""


def test_points_share_counts_only_the_applicable_indicators():
    general = indicator("g1", "manage", unit="points", max_points=10, kinds="general")
    r = compute_data({2025: cycle_year(extra_indicators=[general])})
    assert score(r, "k1", "cycle") == approx(1100 / 15)  # g1's 10 points do not apply to a kindergarten


def test_points_share_refuses_an_indicator_that_is_not_in_points(tmp_path):
    percent = indicator("x1", "process", unit="percent", kinds="preschool")
    y = cycle_year(extra_indicators=[percent])
    y["values"] += [
        {"org_id": "k1", "indicator_id": "x1", "value": 50},
        {"org_id": "k2", "indicator_id": "x1", "value": 5},
    ]
    problems = problems_of(tmp_path, {2025: y})
    assert only(problems, "points-share-not-points") == [("data/2025/indicators.csv", 5, "unit", "percent")]
    assert "cycle" in problems[0].message


# --- pooled municipal value (rule 7b) ------------------------------------------------------------------


def pooled_year(**changes) -> dict:
    values = {
        "s1": {"p": fraction(30, 120)},
        "s2": {"p": fraction(45, 50)},
        "s3": {"p": fraction(None, None)},
        "k1": {"p": fraction(10, 40)},
        **changes,
    }
    return year(
        orgs=[org("s1"), org("s2"), org("s3"), org("k1", "preschool")],
        indicators=[indicator("p", unit="percent", municipal="pooled"), indicator("a", unit="boolean")],
        values={o: {**v, "a": 1} for o, v in values.items()},
    )


def test_pooled_organization_value_is_its_fraction_and_municipal_value_the_ratio_of_sums(tmp_path):
    ds, r = run_data(tmp_path, {2025: pooled_year()})
    values = column(r, "p", "value")
    assert values["s1"] == 25 and values["s2"] == 90 and values["k1"] == 25 and pd.isna(values["s3"])
    # ratio_to_best among general schools: best 90.
    assert column(r, "p", "score") == {"s1": approx(2500 / 90), "s2": 100, "s3": 0, "k1": 100}
    # (30 + 45 + 10) / (120 + 50 + 40), not the mean of the percents (46.67).
    assert muni(r, "p")["value"] == approx(8500 / 210) and muni(r, "p")["n"] == 3
    assert muni(r, "p", "general")["value"] == approx(7500 / 170)
    assert muni(r, "p", "preschool")["value"] == approx(25)
    rows = {(m["scope"], m["node_id"]): m for m in export(ds, r)["municipal.csv"]}
    assert rows[("all", "p")]["value"] == "40.48"


def test_pooled_values_are_checked(tmp_path):
    y = pooled_year(s3={"p": fraction(5, None)}, k1={"p": fraction(10, 0)})
    y["values"][0]["value"] = 25  # s1: a value beside the fraction
    y["values"][2]["numerator"] = 60  # s2: 60 of 50
    y["indicators"].append(indicator("n", unit="count"))
    y["values"].append({"org_id": "s1", "indicator_id": "n", "value": 3, "denominator": 7})
    problems = problems_of(tmp_path, {2025: y})
    values = "data/2025/values.csv"
    assert only(problems, "pooled-value") == [(values, 2, "value", "25")]
    # Rows: s1 p (2), s1 a (3), s2 p (4), s2 a (5), s3 p (6), s3 a (7), k1 p (8), k1 a (9), s1 n (10).
    assert only(problems, "pooled-numerator-over") == [(values, 4, "numerator", "60")]
    assert only(problems, "pooled-half") == [(values, 6, "denominator", None)]
    assert only(problems, "pooled-denominator-zero") == [(values, 8, "denominator", "0")]
    assert only(problems, "not-pooled-fraction") == [(values, 10, "denominator", "7")]
    assert len(problems) == 5


def test_pooled_indicator_must_be_a_percent(tmp_path):
    y = pooled_year()
    y["indicators"][0]["unit"] = "count"
    problems = problems_of(tmp_path, {2025: y})
    assert only(problems, "pooled-not-percent") == [("data/2025/indicators.csv", 2, "municipal", "pooled")]


def test_new_year_keeps_the_fraction_columns_of_a_pooled_indicator():
    lines = newyear.values_csv(dataset({2025: pooled_year()}).latest).decode("utf-8").splitlines()
    assert lines[:2] == ["org_id,indicator_id,value,numerator,denominator,note", "s1,p,,,,"]


# --- territories (rule 7c) ----------------------------------------------------------------------------

UNITS = [
    territory("krai", "region"),
    territory("north", "municipality", "krai"),
    territory("south", "municipality", "krai"),
    territory("n1", "district", "north"),
]


def territory_year(values: dict, units=UNITS) -> dict:
    return year(
        orgs=[
            org("s1", territory="n1"),
            org("s2", territory="north"),
            org("s3", territory="south"),
            org("s4", territory="south"),
        ],
        indicators=[indicator("a")],
        values={o: {"a": v} for o, v in values.items()},
        territories=units,
    )


def units(results, year_: int, scope: str = "all", node: str = "total") -> dict:
    t = results.territories
    t = t[(t["year"] == year_) & (t["scope"] == scope) & (t["node_id"] == node)]
    return {
        u: (s, lv, n, (a, b), tr)
        for u, s, lv, n, a, b, tr in zip(
            t["territory_id"], t["score"], t["level"], t["n"], t["rank_min"], t["rank_max"], t["trend"]
        )
    }


def test_territory_summaries_levels_ranks_and_dynamics():
    r = compute_data(
        {
            2024: territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20}),  # scores 100, 50, 75, 25
            2025: territory_year({"s1": 80, "s2": 80, "s3": 60, "s4": 60}),  # scores 100, 100, 75, 75
        }
    )
    assert units(r, 2024) == {
        "krai": (approx(62.5), "medium", 4, (1, 1), "new"),
        "north": (approx(75), "medium", 2, (1, 1), "new"),  # s1 lies in n1, below north
        "south": (approx(50), "medium", 2, (2, 2), "new"),
        "n1": (approx(100), "high", 1, (1, 1), "new"),
    }
    now = units(r, 2025)
    assert now["north"] == (approx(100), "high", 2, (1, 1), "improved")
    assert now["south"][0] == approx(75) and now["south"][3] == (2, 2)
    t = r.territories
    north = t[(t["year"] == 2025) & (t["territory_id"] == "north") & (t["node_id"] == "total") & (t["scope"] == "all")]
    assert north.iloc[0]["delta"] == approx(25) and north.iloc[0]["territory_kind"] == "municipality"
    assert units(r, 2025, node="a")["south"][0] == approx(75)  # an indicator's summary is of its scores
    assert units(r, 2025, node="a")["south"][1] == ""


def test_units_of_a_kind_tie_on_equal_summaries():
    r = compute_data({2025: territory_year({"s1": 80, "s2": 40, "s3": 80, "s4": 40})})
    now = units(r, 2025)
    assert now["north"][3] == (1, 2) and now["south"][3] == (1, 2)


def test_territories_export_with_names_and_neutralised_strings():
    hostile = [dict(u) for u in UNITS]
    hostile[1]["name"] = hostile_strings.FORMULA_DISTRICT
    hostile[2]["name"] = hostile_strings.ORG_NAME
    years = {2025: territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20}, units=hostile)}
    out = export(dataset(years), compute_data(years))
    rows = out["territories.csv"]
    assert list(rows[0]) == [
        "year",
        "territory_id",
        "territory_name",
        "territory_kind",
        "parent_id",
        "scope",
        "node_kind",
        "node_id",
        "score",
        "level",
        "n",
        "rank_min",
        "rank_max",
        "delta",
        "trend",
    ]
    north = next(r for r in rows if r["territory_id"] == "north" and r["scope"] == "all" and r["node_id"] == "total")
    assert north == {
        "year": "2025",
        "territory_id": "north",
        "territory_name": "'" + hostile_strings.FORMULA_DISTRICT,
        "territory_kind": "municipality",
        "parent_id": "krai",
        "scope": "all",
        "node_kind": "total",
        "node_id": "total",
        "score": "75.00",
        "level": "medium",
        "n": "2",
        "rank_min": "1",
        "rank_max": "1",
        "delta": "",
        "trend": "new",
    }
    assert any(r["territory_name"] == hostile_strings.ORG_NAME for r in rows)
    assert [r["territory_id"] for r in rows if r["scope"] == "all" and r["node_id"] == "total"] == [
        "krai",
        "north",
        "south",
        "n1",
    ]


def test_territories_are_checked(tmp_path):
    bad_units = [
        territory("krai", "region"),
        territory("north", "municipality", "nowhere"),
        territory("east", "municipality", "west"),
        territory("west", "municipality", "east"),
    ]
    y = territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20}, units=bad_units)
    problems = problems_of(tmp_path, {2025: y})
    terrs = "data/2025/territories.csv"
    assert only(problems, "unknown-territory-parent") == [(terrs, 3, "parent_id", "nowhere")]
    assert only(problems, "territory-cycle") == [(terrs, 4, "parent_id", "west")]
    assert only(problems, "unknown-territory") == [
        ("data/2025/organizations.csv", 2, "territory", "n1"),
        ("data/2025/organizations.csv", 4, "territory", "south"),
        ("data/2025/organizations.csv", 5, "territory", "south"),
    ]


def test_a_territory_may_not_take_the_name_of_the_index_page(tmp_path):
    units = [territory("index", "region"), territory("north", "municipality", "index")]
    problems = problems_of(tmp_path, {2025: territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20}, units)})
    assert only(problems, "reserved-id") == [("data/2025/territories.csv", 2, "id", "index")]


def test_a_territory_without_territories_csv_is_refused(tmp_path):
    y = territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20})
    del y["territories"]
    problems = problems_of(tmp_path, {2025: y})
    assert len(only(problems, "unknown-territory")) == 4
    assert "в этом году такого файла нет" in problems[0].message


# --- rank precision (rule 5b) ----------------------------------------------------------------------------


def ranking_year() -> dict:
    """41 organizations: 28 above, 12 between 47.5 and 48.38 (48 in whole points), one below."""
    points = [87 - i for i in range(28)] + [47.5 + 0.08 * i for i in range(12)] + [40]
    orgs = [org(f"o{i:02d}") for i in range(1, 42)]
    return year(
        orgs=orgs,
        indicators=[indicator("f", unit="points", max_points=100)],
        values={o["id"]: {"f": round(v, 2)} for o, v in zip(orgs, points)},
        levels=SEED_004_ZONES,
    )


def test_ranks_on_whole_points_tie_as_in_seed_004():
    r = compute_data({2025: ranking_year()}, rank_decimals=0)
    assert ranks(r, "total")["o29"] == (29, 40) and ranks(r, "total")["o40"] == (29, 40)
    assert ranks(r, "total")["o41"] == (41, 41) and ranks(r, "total")["o28"] == (28, 28)
    assert row(r, "o29", "total")["level"] == "yellow"  # levels are unaffected
    default = compute_data({2025: ranking_year()})
    assert ranks(default, "total")["o29"] == (40, 40) and ranks(default, "total")["o40"] == (29, 29)


@pytest.mark.parametrize("value", [3, -1, "2", 1.5, True])
def test_rank_decimals_must_be_0_1_or_2(tmp_path, value):
    problems = problems_of(tmp_path, {2025: ranking_year()}, rank_decimals=value)
    assert [(p.code, p.column) for p in problems] == [("settings-bad-rank-decimals", "rank_decimals")]


# --- targeted recommendations (rule 8b) ----------------------------------------------------------------

BODIES = {"attestation": "Аттестационная комиссия", "founder": "Учредитель"}
TARGETED = [
    rec("d1", "high", "R1 всем"),
    rec("d1", "high", "R2 школам", kinds="general"),
    rec("d1", None, "R3 любой уровень", audience="organization"),
    rec("total", "high;medium", "R4 итог", audience="municipality"),
    rec("d1", None, "R5 комиссии", audience="attestation"),
    rec("total", "low", "R6 учредителю", audience="founder"),
    rec("d1", "medium", "R7 детским садам", kinds="preschool"),
]


def targeted_year(recs=TARGETED) -> dict:
    return year(
        orgs=[org("s1"), org("s2"), org("k1", "preschool")],
        indicators=[indicator("a")],
        values={"s1": {"a": 80}, "s2": {"a": 40}, "k1": {"a": 10}},  # scores 100, 50, 100
        recommendations=recs,
    )


def test_recommendations_reach_kinds_audiences_any_level_the_total_and_bodies(tmp_path):
    _, r = run_data(tmp_path, {2025: targeted_year()}, bodies=BODIES)
    assert rec_rows(r) == [
        ("s1", "", "d1", "high", "R1 всем"),
        ("s1", "", "d1", "high", "R2 школам"),
        ("s1", "", "d1", "high", "R3 любой уровень"),
        ("s2", "", "d1", "medium", "R3 любой уровень"),  # R7 is for kindergartens only
        ("k1", "", "d1", "high", "R1 всем"),  # a kindergarten gets no school-only advice
        ("k1", "", "d1", "high", "R3 любой уровень"),
        ("", "", "total", "high", "R4 итог"),  # the summary (100 + 50 + 100) / 3 = 83.33 is high
        ("", "", "d1", "high", "R1 всем"),
        ("", "", "d1", "high", "R2 школам"),  # kinds do not restrict the municipality
        ("", "attestation", "d1", "high", "R5 комиссии"),
    ]


def test_recommendations_export_names_the_body():
    hostile = {"attestation": hostile_strings.RECOMMENDATION, "founder": "Учредитель"}
    years = {2025: targeted_year()}
    out = export(dataset(years, bodies=hostile), compute_data(years, bodies=hostile))
    rows = out["recommendations.csv"]
    named = ["org_name", "direction_name", "level_label"]  # the names beside the ids (issue 13)
    assert [c for c in rows[0] if c not in named] == [
        "year",
        "org_id",
        "direction_id",
        "level",
        "text",
        "body_id",
        "body_name",
    ]
    last = {k: v for k, v in rows[-1].items() if k not in named}
    assert last == {
        "year": "2025",
        "org_id": "",
        "direction_id": "d1",
        "level": "high",
        "text": "R5 комиссии",
        "body_id": "attestation",
        "body_name": "'" + hostile_strings.RECOMMENDATION,
    }
    assert rows[0]["body_id"] == rows[0]["body_name"] == ""
    fields = [f["name"] for f in out["datapackage.json"]["resources"][2]["schema"]["fields"]]
    assert fields[-2:] == ["body_id", "body_name"]


def test_recommendations_without_the_new_columns_are_rule_8():
    plain = [rec("d1", "high", "R1"), rec("d1", "medium", "R2")]
    r = compute_data({2025: targeted_year(plain)})
    assert rec_rows(r) == [
        ("s1", "", "d1", "high", "R1"),
        ("s2", "", "d1", "medium", "R2"),
        ("k1", "", "d1", "high", "R1"),
        ("", "", "d1", "high", "R1"),
    ]


def test_recommendations_are_checked(tmp_path):
    recs = [
        rec("total", "high", "Итог"),
        rec("d1", "high", "Тип", kinds="general;school"),
        rec("d1", "high", "Адресат", audience="commission"),
        rec("nope", "high", "Направление"),
    ]
    problems = problems_of(tmp_path, {2025: targeted_year(recs)}, bodies=BODIES)
    file = "data/2025/recommendations.csv"
    assert only(problems, "unknown-recommendation-kind") == [(file, 3, "kinds", "school")]
    assert only(problems, "unknown-audience") == [(file, 4, "audience", "commission")]
    assert "attestation, founder" in next(p for p in problems if p.code == "unknown-audience").fix
    assert only(problems, "unknown-recommendation-direction") == [(file, 5, "direction_id", "nope")]
    assert len(problems) == 3  # `total` is a node


def test_a_body_may_not_take_an_audience_word(tmp_path):
    problems = problems_of(tmp_path, {2025: targeted_year()}, bodies={"municipality": "Администрация"})
    assert [(p.code, p.column, p.value) for p in problems] == [
        ("settings-reserved-body", "bodies.municipality", "municipality")
    ]


@pytest.mark.parametrize(
    "bodies, code",
    [
        (["a", "b"], "settings-labels-not-mapping"),
        ({"Bad Id": "x"}, "settings-bad-label"),
        ({"ok": ""}, "settings-bad-label"),
    ],
)
def test_bodies_must_be_a_mapping_of_ids_to_names(tmp_path, bodies, code):
    problems = problems_of(tmp_path, {2025: targeted_year()}, bodies=bodies)
    assert [p.code for p in problems] == [code]  # the recommendations are not judged against a broken list


@pytest.mark.parametrize(
    "kinds, code",
    [(["district"], "settings-labels-not-mapping"), ({"district": ""}, "settings-bad-label")],
)
def test_territory_kind_names_must_be_a_mapping_of_ids_to_names(tmp_path, kinds, code):
    problems = problems_of(
        tmp_path, {2025: territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20})}, territory_kinds=kinds
    )
    assert [(p.code, p.file) for p in problems] == [(code, "data/monitoring.yml")]


def test_territory_kind_names_head_the_site(tmp_path):
    years = {2025: territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20})}
    data = write_data(tmp_path, years, territory_kinds={"district": "Округа края"})
    ds = checked_dataset(data, data.parent)
    site = render_site(ds, compute(ds), with_files=False)
    # Named in monitoring.yml: its name; not named: the usual one (UNITS has a «region» above the districts).
    assert "## Округа края" in site.pages[U.TERRITORIES] and "### Округа края" in site.pages[U.year(2025)]
    assert "## Субъекты Российской Федерации" in site.pages[U.TERRITORIES]


# --- a direction without indicators (item 10) ------------------------------------------------------------


def test_a_direction_with_no_indicator_at_any_depth_is_named(tmp_path):
    y = year(
        orgs=[org("s1")],
        directions=[direction("d1"), direction("empty"), direction("upper"), direction("lower", "upper")],
        indicators=[indicator("a", "d1"), indicator("b", "lower")],
        values={"s1": {"a": 1, "b": 2}},
    )
    problems = problems_of(tmp_path, {2025: y})
    assert only(problems, "empty-direction") == [("data/2025/directions.csv", 3, "id", "empty")]
    assert "empty" in problems[0].message and len(problems) == 1


# --- the in-memory data sets are what validate returns ----------------------------------------------------


def test_in_memory_dataset_with_every_extension_is_what_validate_returns(tmp_path):
    years = {
        2024: territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20}),
        2025: grouped_year(),
    }
    years[2025]["recommendations"] = [rec("total", None, "Итог", kinds="general", audience="founder")]
    years[2025]["values"][0] = {
        "org_id": "s1",
        "indicator_id": "a",
        "numerator": None,
        "denominator": None,
        "value": 80,
    }
    settings = {"groups": GROUPS, "bodies": BODIES, "rank_decimals": 1}
    validated, results = run_data(tmp_path, years, **settings)
    built = dataset(years, **settings)
    assert built.settings == validated.settings
    for b, v in zip(built.years, validated.years):
        for name in ("organizations", "directions", "indicators", "values", "levels", "recommendations", "territories"):
            pd.testing.assert_frame_equal(getattr(b, name), getattr(v, name), obj=f"{b.year} {name}")
    again = compute_data(years, **settings)
    for name in ("scores", "municipal", "recommendations", "groups", "territories"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(results, name), obj=name)


def test_no_direction_takes_the_id_of_the_total(tmp_path):
    y = year(
        orgs=[org("s1")], directions=[direction("total")], indicators=[indicator("a", "total")], values={"s1": {"a": 1}}
    )
    problems = problems_of(tmp_path, {2025: y})
    assert only(problems, "direction-named-total") == [("data/2025/directions.csv", 2, "id", "total")]


# --- the site still renders every extension (pages for them are a later step) ------------------------


def _rec_groups(html: str) -> list[tuple[str, str, list[str]]]:
    """(direction, level, recommendations) of each group of recommendations (the rec_groups macro)."""
    out = []
    for section in re.findall(r'<section class="rec-group">(.*?)</section>', html, flags=re.S):
        title = re.search(r'class="rec-group__title">(.*?)</h\d>', section, flags=re.S)[1]
        level = re.search(r'<span class="level[^"]*"[^>]*>(.*?)</span>', title)
        direction = re.sub(r"<[^>]+>", "", title.split("<span")[0]).strip()
        items = [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", section, flags=re.S)]
        out.append((direction, level[1] if level else "", items))
    return out


def test_a_site_with_every_extension_renders_and_lists_the_new_downloads(tmp_path):
    years = {2024: territory_year({"s1": 80, "s2": 40, "s3": 60, "s4": 20}), 2025: targeted_year()}
    years[2025]["territories"] = UNITS
    for o in years[2025]["organizations"]:
        o.update(territory="north", groups="rural")
    data = write_data(tmp_path, years, groups=GROUPS, bodies=BODIES, rank_decimals=0)
    ds = checked_dataset(data, data.parent)
    site = render_site(ds, compute(ds), with_files=True)
    year_page = site.pages[U.year(2025)]
    municipal, bodies = year_page.split("## Рекомендации органам и службам")
    municipal = municipal.split("## Рекомендации муниципалитету")[1]
    assert ("Итоговый балл", "Высокий уровень", ["R4 итог"]) in _rec_groups(municipal)
    # Addressed to the attestation commission: under its name, not among the municipality's.
    assert "R5 комиссии" not in municipal
    commission = bodies.split("### Аттестационная комиссия")[1].split("###")[0]
    assert _rec_groups(commission) == [("Направление d1", "Высокий уровень", ["R5 комиссии"])]
    assert "Учредитель" not in bodies  # R6 is for a low total; the summary is high
    assert "R2 школам" in site.pages[U.org("s1")] and "R2 школам" not in site.pages[U.org("k1")]
    assert {"downloads/results/groups.csv", "downloads/results/territories.csv"} <= set(site.files)
    assert "groups.csv" in site.pages[U.DATA] and "territories.csv" in site.pages[U.DATA]
    methodology = site.pages[U.METHODOLOGY]
    assert "## Дополнения к методике" in methodology
    assert "**Точность мест.** Места считаются по баллам, округлённым до целых" in methodology
    assert "**Территории.**" in methodology and "**Адресаты рекомендаций.**" in methodology
    assert "**Доля баллов.**" not in methodology and "**Общая доля.**" not in methodology  # not used here


def test_the_methodology_page_of_data_without_extensions_has_no_such_section(tmp_path):
    data = write_data(tmp_path, {2025: targeted_year([rec("d1", "high", "R1")])})
    ds = checked_dataset(data, data.parent)
    assert "Дополнения к методике" not in render_site(ds, compute(ds), with_files=False).pages[U.METHODOLOGY]
