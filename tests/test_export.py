"""`python -m generator export`: the results package, byte for byte, as a
user gets it from the command line."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factory import REPO, direction, indicator, levels, org, rec, write_data, year

SETTINGS = {
    "kinds": {"general": "Общеобразовательные организации", "preschool": "Дошкольные образовательные организации"},
    "missing": "zero",
    "stable_tolerance": 0.5,
}
DIRECTIONS = [direction("q", weight=2), direction("r", weight=1)]
INDICATORS = [
    indicator("a", "q", unit="percent"),
    indicator("b", "q", unit="boolean", kinds="general"),
    indicator("n", "r", unit="number", polarity="lower_is_better"),
]
RECS = [
    rec("q", "low;medium", "=Провести аудит"),
    rec("r", "low", "Снизить показатель n"),
    rec("r", "medium", "-1 балл: обсудить, на совещании"),
]


def years() -> dict:
    return {
        2024: year(
            orgs=[org("s1"), org("s2"), org("k1", "preschool")],
            directions=DIRECTIONS,
            indicators=INDICATORS,
            recommendations=RECS,
            values={"s1": {"a": 90, "b": 1, "n": 2}, "s2": {"a": 45, "b": 0, "n": 4}, "k1": {"a": 30, "n": None}},
        ),
        2025: year(
            orgs=[org("s2"), org("s1"), org("s3"), org("k1", "preschool")],
            directions=DIRECTIONS,
            indicators=INDICATORS,
            recommendations=RECS,
            values={
                "s1": {"a": 90, "b": 1, "n": 2.4},
                "s2": {"a": 90, "b": 1, "n": 2},
                "s3": {"a": 60, "b": 1},
                "k1": {"a": 40.5, "n": 3},
            },
            levels=levels(high=85, medium=60, low=0),
        ),
    }


SCORES = """\
year,org_id,kind,node_kind,node_id,value,score,rank_min,rank_max,level,delta,trend
2024,s1,general,total,total,,100.00,1,1,high,,new
2024,s1,general,direction,q,,100.00,1,1,high,,new
2024,s1,general,direction,r,,100.00,1,1,high,,new
2024,s1,general,indicator,a,90,100.00,1,1,,,new
2024,s1,general,indicator,b,1,100.00,1,1,,,new
2024,s1,general,indicator,n,2,100.00,1,1,,,new
2024,s2,general,total,total,,33.33,2,2,low,,new
2024,s2,general,direction,q,,25.00,2,2,low,,new
2024,s2,general,direction,r,,50.00,2,2,medium,,new
2024,s2,general,indicator,a,45,50.00,2,2,,,new
2024,s2,general,indicator,b,0,0.00,2,2,,,new
2024,s2,general,indicator,n,4,50.00,2,2,,,new
2024,k1,preschool,total,total,,66.67,1,1,medium,,new
2024,k1,preschool,direction,q,,100.00,1,1,high,,new
2024,k1,preschool,direction,r,,0.00,1,1,low,,new
2024,k1,preschool,indicator,a,30,100.00,1,1,,,new
2024,k1,preschool,indicator,n,,0.00,1,1,,,
2025,s2,general,total,total,,100.00,1,1,high,66.67,improved
2025,s2,general,direction,q,,100.00,1,2,high,75.00,improved
2025,s2,general,direction,r,,100.00,1,1,high,50.00,improved
2025,s2,general,indicator,a,90,100.00,1,2,,45.00,improved
2025,s2,general,indicator,b,1,100.00,1,3,,1.00,improved
2025,s2,general,indicator,n,2,100.00,1,1,,-2.00,improved
2025,s1,general,total,total,,94.44,2,2,high,-5.56,worsened
2025,s1,general,direction,q,,100.00,1,2,high,0.00,stable
2025,s1,general,direction,r,,83.33,2,2,medium,-16.67,worsened
2025,s1,general,indicator,a,90,100.00,1,2,,0.00,stable
2025,s1,general,indicator,b,1,100.00,1,3,,0.00,stable
2025,s1,general,indicator,n,2.4,83.33,2,2,,0.40,stable
2025,s3,general,total,total,,55.56,3,3,low,,new
2025,s3,general,direction,q,,83.33,3,3,medium,,new
2025,s3,general,direction,r,,0.00,3,3,low,,new
2025,s3,general,indicator,a,60,66.67,3,3,,,new
2025,s3,general,indicator,b,1,100.00,1,3,,,new
2025,s3,general,indicator,n,,0.00,3,3,,,
2025,k1,preschool,total,total,,100.00,1,1,high,33.33,improved
2025,k1,preschool,direction,q,,100.00,1,1,high,0.00,stable
2025,k1,preschool,direction,r,,100.00,1,1,high,100.00,improved
2025,k1,preschool,indicator,a,40.5,100.00,1,1,,10.50,improved
2025,k1,preschool,indicator,n,3,100.00,1,1,,,new
"""

MUNICIPAL = """\
year,scope,node_kind,node_id,value,score,level,n,delta,trend
2024,all,total,total,,66.67,medium,3,,new
2024,all,direction,q,,75.00,medium,3,,new
2024,all,direction,r,,50.00,medium,3,,new
2024,all,indicator,a,55.00,,,3,,new
2024,all,indicator,b,50.00,,,2,,new
2024,all,indicator,n,3.00,,,2,,new
2024,general,total,total,,66.67,medium,2,,new
2024,general,direction,q,,62.50,medium,2,,new
2024,general,direction,r,,75.00,medium,2,,new
2024,general,indicator,a,67.50,,,2,,new
2024,general,indicator,b,50.00,,,2,,new
2024,general,indicator,n,3.00,,,2,,new
2024,preschool,total,total,,66.67,medium,1,,new
2024,preschool,direction,q,,100.00,high,1,,new
2024,preschool,direction,r,,0.00,low,1,,new
2024,preschool,indicator,a,30.00,,,1,,new
2024,preschool,indicator,n,,,,0,,
2025,all,total,total,,87.50,high,4,20.83,improved
2025,all,direction,q,,95.83,high,4,20.83,improved
2025,all,direction,r,,70.83,medium,4,20.83,improved
2025,all,indicator,a,70.13,,,4,15.13,improved
2025,all,indicator,b,100.00,,,3,50.00,improved
2025,all,indicator,n,2.47,,,3,-0.53,improved
2025,general,total,total,,83.33,medium,3,16.66,improved
2025,general,direction,q,,94.44,high,3,31.94,improved
2025,general,direction,r,,61.11,medium,3,-13.89,worsened
2025,general,indicator,a,80.00,,,3,12.50,improved
2025,general,indicator,b,100.00,,,3,50.00,improved
2025,general,indicator,n,2.20,,,2,-0.80,improved
2025,preschool,total,total,,100.00,high,1,33.33,improved
2025,preschool,direction,q,,100.00,high,1,0.00,stable
2025,preschool,direction,r,,100.00,high,1,100.00,improved
2025,preschool,indicator,a,40.50,,,1,10.50,improved
2025,preschool,indicator,n,3.00,,,1,,new
"""

# Texts a spreadsheet would run as a formula get a leading apostrophe.
RECOMMENDATIONS = """\
year,org_id,direction_id,level,text
2024,s2,q,low,'=Провести аудит
2024,s2,r,medium,"'-1 балл: обсудить, на совещании"
2024,k1,r,low,Снизить показатель n
2024,,q,medium,'=Провести аудит
2024,,r,medium,"'-1 балл: обсудить, на совещании"
2025,s1,r,medium,"'-1 балл: обсудить, на совещании"
2025,s3,q,medium,'=Провести аудит
2025,s3,r,low,Снизить показатель n
2025,,r,medium,"'-1 балл: обсудить, на совещании"
"""

FILES = {"datapackage.json", "scores.csv", "municipal.csv", "recommendations.csv", "indicators.csv"}


def export(data: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "export", "--data", str(data), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One good data folder, exported twice into separate folders."""
    root = tmp_path_factory.mktemp("export")
    data = write_data(root, years(), SETTINGS)
    runs = [export(data, root / "out1"), export(data, root / "out2")]
    for p in runs:
        assert p.returncode == 0, p.stderr
    return root, data, runs


def rows_of(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no byte order mark (Excel would garble Cyrillic)"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8")[1:], newline="")))


def only_columns(path: Path, golden: str) -> str:
    """The file cut to the golden's columns, written as the golden is."""
    header = golden.splitlines()[0].split(",")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row[c] for c in header] for row in rows_of(path))
    return buf.getvalue()


def test_export_files_exact(exported):
    root, _, runs = exported
    out = root / "out1"
    assert {p.name for p in out.iterdir()} == FILES
    assert only_columns(out / "scores.csv", SCORES) == SCORES
    assert only_columns(out / "municipal.csv", MUNICIPAL) == MUNICIPAL
    assert only_columns(out / "recommendations.csv", RECOMMENDATIONS) == RECOMMENDATIONS
    assert b"\r" not in (out / "scores.csv").read_bytes()
    assert "Результаты записаны" in runs[0].stdout and runs[0].stderr == ""


def test_names_stand_beside_the_ids(exported):
    # Issue 13: a reader of scores.csv sees which school, which indicator, which level, in words.
    out = exported[0] / "out1"
    scores = rows_of(out / "scores.csv")
    assert list(scores[0]) == [
        "year", "org_id", "org_name", "kind", "kind_label", "node_kind", "node_id", "node_name", "value", "score",
        "rank_min", "rank_max", "level", "level_label", "delta", "trend", "trend_label",
    ]  # fmt: skip
    s1 = next(r for r in scores if (r["year"], r["org_id"], r["node_id"]) == ("2025", "s1", "a"))
    assert (s1["org_name"], s1["kind_label"], s1["node_name"], s1["trend_label"]) == (
        "Организация s1",
        "Общеобразовательные организации",
        "Показатель a",
        "стабильно",
    )
    total = next(r for r in scores if (r["year"], r["org_id"], r["node_kind"]) == ("2025", "s3", "total"))
    assert (total["node_name"], total["level"], total["level_label"]) == ("Итог", "low", "Уровень low")
    municipal = rows_of(out / "municipal.csv")
    assert {(r["scope"], r["scope_label"]) for r in municipal} == {
        ("all", "Все организации"),
        ("general", "Общеобразовательные организации"),
        ("preschool", "Дошкольные образовательные организации"),
    }
    recs = rows_of(out / "recommendations.csv")
    assert [(r["org_name"], r["direction_name"], r["level_label"]) for r in recs[:1]] == [
        ("Организация s2", "Направление q", "Низкий уровень")
    ]
    assert recs[3]["org_id"] == "" and recs[3]["org_name"] == ""  # the municipality


def test_export_is_byte_identical_on_two_runs(exported):
    root, *_ = exported
    assert tree(root / "out1") == tree(root / "out2")
    # and nothing is left beside the output (no staging folders)
    assert sorted(p.name for p in root.iterdir()) == ["data", "out1", "out2"]


def test_export_is_a_valid_frictionless_package(exported):
    import frictionless

    root, *_ = exported
    descriptor = root / "out1" / "datapackage.json"
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    import json

    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert [(r["name"], r["path"]) for r in package["resources"]] == [
        ("scores", "scores.csv"),
        ("municipal", "municipal.csv"),
        ("recommendations", "recommendations.csv"),
        ("indicators", "indicators.csv"),  # issue 11, item 9: with their sources
    ]
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(rows_of(root / "out1" / resource["path"])[0])
        # Every column has a Russian title (the XLSX uses the same words).
        assert all(re.search("[а-яА-ЯёЁ]", f["title"]) for f in fields), resource["name"]
        assert resource["encoding"] == "utf-8"
    titles = {f["name"]: f["title"] for f in package["resources"][0]["schema"]["fields"]}
    assert (titles["org_name"], titles["score"], titles["rank_min"]) == ("Организация", "Балл", "Место (от)")
    # frictionless reads the rows through the byte order mark: the first column is «year», not «\ufeffyear».
    rows = frictionless.Package(str(descriptor)).get_resource("scores").read_rows()
    assert rows[0]["year"] == 2024 and rows[0]["org_name"] == "Организация s1"


def test_failed_export_keeps_the_previous_output(exported, tmp_path):
    root, data, _ = exported
    bad = tmp_path / "data"
    shutil.copytree(data, bad)
    # a value for an indicator that does not apply to preschools: a validation error
    with (bad / "2025" / "values.csv").open("a", encoding="utf-8") as f:
        f.write("k1,b,1,\n")
    out = tmp_path / "out"
    shutil.copytree(root / "out1", out)
    (out / "notes.txt").write_text("оставить как есть\n", encoding="utf-8")
    before = tree(out)

    p = export(bad, out)
    assert p.returncode == 1
    message = p.stdout + p.stderr
    assert "Traceback" not in message
    assert re.search("[А-Яа-яЁё]{4,}", p.stderr), p.stderr
    assert "values.csv" in p.stderr
    assert tree(out) == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["data", "out"]


def test_export_of_missing_data_folder_fails_cleanly(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "scores.csv").write_text("старое\n", encoding="utf-8")
    p = export(tmp_path / "nowhere", out)
    assert p.returncode == 1
    assert "Traceback" not in p.stdout + p.stderr and re.search("[А-Яа-яЁё]{4,}", p.stderr)
    assert tree(out) == {"scores.csv": "старое\n".encode()}
