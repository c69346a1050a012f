"""The management cycle (methodology.md, rules 9-13; issue 12) as a contract:
a small data folder written from the rule texts, not from the code, and the
figures `monitoring-site export` must give for it, computed by hand below.

Three years (2023-2025), two kinds, three top directions, one indicator each:
d1 <- a (points, max 100: score = a), d2 <- b (points, max 100: score = b),
d3 <- c (percent, lower_is_better, target 10: score = 100 x min(10 / c, 1)).
total = mean(d1, d2, d3). Levels: high >= 80, medium >= 50, low >= 0; in 2025
medium starts at 55 (levels.csv differs: the methodology changed 2024 -> 2025)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent

# org -> (a, b, c) per year; p3 exists in 2023 only
VALUES = {
    2023: {
        "s1": (40, 50, 20),
        "s2": (60, 70, 10),
        "s3": (50, 80, 5),
        "s4": (70, 30, 10),
        "s5": (80, 90, 10),
        "p1": (30, 40, 20),
        "p2": (50, 60, 10),
        "p3": (20, 20, 20),
    },
    2024: {
        "s1": (60, 50, 10),
        "s2": (65, 75, 10),
        "s3": (52, 80, 5),
        "s4": (70, 40, 10),
        "s5": (85, 95, 5),
        "p1": (45, 40, 20),
        "p2": (50, 60, 10),
    },
    2025: {
        "s1": (60, 55, 10),
        "s2": (75, 75, 10),
        "s3": (50, 85, 5),
        "s4": (72, 40, 20),
        "s5": (85, 88, 5),
        "p1": (50, 45, 10),
        "p2": (55, 60, 10),
    },
}
MEASURES = {
    2023: [
        "m1,s1,d1,Курсы по d1,courses,ИМЦ,2024-02-01,2024-04-30,done,",
        "m2,s4,d2,Наставничество по d2,mentoring,руководитель ОО,2024-01-15,2024-12-20,done,",
        "m3,s5,total,План по итогу,plan,руководитель ОО,2024-01-10,2024-12-20,done,",
        "m4,p1,d1,Семинар по d1,seminar,ИМЦ,2024-03-01,2024-03-01,done,",
        "m5,p3,d1,Курсы по d1,courses,ИМЦ,2024-02-01,2024-04-30,done,",
        "m6,s2,d1,Курсы по d1,courses,ИМЦ,2024-02-01,2024-04-30,cancelled,",
        "m7,s3,d2,План по d2,plan,руководитель ОО,2024-02-01,2024-12-20,planned,",
        "m8,,d2,Муниципальный семинар по d2,seminar,Управление образования,2024-02-20,2024-02-20,done,",
        "m9,s1,d2,План по d2,plan,руководитель ОО,2024-02-01,2024-12-20,in_progress,",
        "m10,s3,total,План по итогу,plan,руководитель ОО,2024-02-01,2024-12-20,in_progress,",
    ],
    2024: ["n1,s2,d1,Наставничество по d1,mentoring,ИМЦ,2025-01-15,2025-06-30,done,"],
    2025: [
        "k1,s1,d1,Курсы по d1,courses,ИМЦ,2026-02-01,2026-04-30,done,",
        "k2,s3,d2,План по d2,plan,руководитель ОО,2026-02-01,2026-12-20,planned,",
    ],
}
GOALS = [
    "g1,Свод d1 не ниже 60,d1,all,summary,,2023,2025,60",
    "g2,90 % школ со средним уровнем d2,d2,general,share_at_level,medium,2023,2024,90",
    "g3,c не выше 11,c,all,indicator_value,,2023,2025,11",
    "g4,c у детских садов не выше 9,c,preschool,indicator_value,,2023,2024,9",
    "g5,Свод d1 у ДО не ниже 10,d1,additional,summary,,2023,2025,10",
]
PRACTICES = {
    2025: [
        "s3,d2,Практика s3,Описание практики s3,https://example.org/s3",
        "s4,d2,Практика s4,Описание практики s4,",
    ]
}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_contract(root: Path, cycle: bool = True, declare: bool = True) -> Path:
    """declare: list measures.csv and practices.csv in datapackage.json (they are read either way)."""
    data = root / "data"
    forms = "measure_forms:\n  courses: Курсы\n  mentoring: Наставничество\n  seminar: Семинар\n  plan: План\n"
    _write(
        data / "monitoring.yml",
        "title: Контрольный мониторинг\nterritory: Контрольный округ\nmissing: zero\nstable_tolerance: 0\n"
        "kinds:\n  general: Школы\n  preschool: Детские сады\n  additional: Организации ДО\n"
        + (forms if cycle else ""),
    )
    for y, vals in VALUES.items():
        folder = data / str(y)
        kinds = {o: "preschool" if o.startswith("p") else "general" for o in vals}
        _write(
            folder / "organizations.csv",
            "id,name,kind\n" + "".join(f"{o},Организация {o},{k}\n" for o, k in kinds.items()),
        )
        _write(
            folder / "directions.csv", "id,parent_id,name\nd1,,Направление 1\nd2,,Направление 2\nd3,,Направление 3\n"
        )
        _write(
            folder / "indicators.csv",
            "id,direction_id,name,unit,polarity,method,max_points,target\n"
            "a,d1,Показатель a,points,,,100,\nb,d2,Показатель b,points,,,100,\n"
            "c,d3,Показатель c,percent,lower_is_better,target,,10\n",
        )
        _write(
            folder / "values.csv",
            "org_id,indicator_id,value\n"
            + "".join(f"{o},{i},{v}\n" for o, row in vals.items() for i, v in zip("abc", row)),
        )
        medium = 55 if y == 2025 else 50
        _write(folder / "levels.csv", f"id,label,min_score\nhigh,Высокий,80\nmedium,Средний,{medium}\nlow,Низкий,0\n")
        _write(
            folder / "recommendations.csv",
            "direction_id,levels,text\nd1,low;medium,Рекомендация d1\nd2,low,Рекомендация d2\n",
        )
        names = ["organizations", "directions", "indicators", "values", "levels", "recommendations"]
        if cycle:
            _write(
                folder / "measures.csv",
                "id,org_id,direction_id,title,form,responsible,start,due,status,result\n"
                + "".join(r + "\n" for r in MEASURES[y]),
            )
            names += ["measures"] if declare else []
            if y in PRACTICES:
                _write(
                    folder / "practices.csv",
                    "org_id,direction_id,title,description,link\n" + "".join(r + "\n" for r in PRACTICES[y]),
                )
                names += ["practices"] if declare else []
        descriptor = {
            "name": f"monitoring-{y}",
            "title": f"Мониторинг {y}",
            "resources": [{"name": n, "path": f"{n}.csv"} for n in names],
        }
        _write(folder / "datapackage.json", json.dumps(descriptor, ensure_ascii=False))
    if cycle:
        _write(
            data / "goals.csv",
            "id,name,node_id,scope,measure,level,baseline_year,target_year,target\n" + "".join(r + "\n" for r in GOALS),
        )
    return data


def export(root: Path, data: Path, monkeypatch) -> Path:
    monkeypatch.chdir(root)
    out = root / "results"
    assert main(["export", "--data", str(data), "--out", str(out)]) == 0
    return out


def read(out: Path, name: str) -> list[dict]:
    text = (out / name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("contract")
    data = write_contract(root)
    mp = pytest.MonkeyPatch()
    try:
        yield export(root, data, mp)
    finally:
        mp.undo()


def _measure(rows: list[dict], measure_id: str) -> dict:
    return next(r for r in rows if r["row_kind"] == "measure" and r["measure_id"] == measure_id)


def test_effect_of_a_done_measure_against_its_comparison_group(exported):
    rows = read(exported, "effects.csv")
    m1 = _measure(rows, "m1")
    # s1 d1: 40 -> 60. Comparison: the schools with d1 in 2023 and 2024 and no done measure for d1 or the
    # total: s2 (+5; its measure was cancelled), s3 (+2), s4 (0; its measure is for d2); s5 is out (done, total).
    assert (m1["before"], m1["after"], m1["change"], m1["after_year"]) == ("40.00", "60.00", "20.00", "2024")
    assert (m1["comparison_n"], m1["comparison_change"], m1["effect"]) == ("3", "2.33", "17.67")
    assert m1["state"] == "" and m1["method_changed"] == "нет"
    m2 = _measure(rows, "m2")  # s4 d2: 30 -> 40; s1 0, s2 +5, s3 0 (s5 out): 5 / 3
    assert (m2["change"], m2["comparison_n"], m2["comparison_change"], m2["effect"]) == ("10.00", "3", "1.67", "8.33")


def test_effect_on_the_total_excludes_only_measures_for_the_total(exported):
    m3 = _measure(read(exported, "effects.csv"), "m3")
    # s5 total: (80 + 90 + 100) / 3 = 90 -> (85 + 95 + 100) / 3 = 93.33. Comparison s1..s4 (their measures are
    # for directions): totals 46.67 -> 70, 76.67 -> 80, 76.67 -> 77.33, 66.67 -> 70: mean change 30.65 / 4.
    assert (m3["before"], m3["after"], m3["change"]) == ("90.00", "93.33", "3.33")
    assert (m3["comparison_n"], m3["comparison_change"], m3["effect"]) == ("4", "7.66", "-4.33")


def test_comparison_group_is_of_the_same_kind_and_later_year(exported):
    m4 = _measure(read(exported, "effects.csv"), "m4")
    # p1 d1: 30 -> 45; the only other kindergarten with d1 in both years is p2 (50 -> 50); p3 has no 2024.
    assert (m4["change"], m4["comparison_n"], m4["comparison_change"], m4["effect"]) == ("15.00", "1", "0.00", "15.00")


def test_no_later_score_pending_and_the_methodology_flag(exported):
    rows = read(exported, "effects.csv")
    m5 = _measure(rows, "m5")  # p3 is gone after 2023
    assert (m5["state"], m5["before"], m5["after"], m5["effect"]) == ("no_later_score", "20.00", "", "")
    k1 = _measure(rows, "k1")  # 2025 is the last year
    assert (k1["state"], k1["after"], k1["change"], k1["effect"]) == ("pending", "", "", "")
    n1 = _measure(rows, "n1")  # s2 d1 65 -> 75; s1 0, s3 -2, s4 +2, s5 0; levels.csv of 2025 differs
    assert (n1["change"], n1["comparison_n"], n1["comparison_change"], n1["effect"]) == ("10.00", "4", "0.00", "10.00")
    assert n1["method_changed"] == "да"
    assert {r["measure_id"] for r in rows if r["row_kind"] == "measure"} == {
        "m1",
        "m2",
        "m3",
        "m4",
        "m5",
        "m8",
        "n1",
        "k1",
    }


def test_municipal_measure_changes_the_municipal_summary_and_has_no_effect(exported):
    m8 = _measure(read(exported, "effects.csv"), "m8")
    # d2 summary: 2023 (50 + 70 + 80 + 30 + 90 + 40 + 60 + 20) / 8 = 55; 2024 440 / 7 = 62.86
    assert (m8["org_id"], m8["before"], m8["after"], m8["change"]) == ("", "55.00", "62.86", "7.86")
    assert (m8["comparison_change"], m8["effect"]) == ("", "")


def test_aggregates_cover_organization_measures_with_an_effect(exported):
    rows = [r for r in read(exported, "effects.csv") if r["row_kind"] != "measure"]
    pick = {(r["year"], r["row_kind"], r["form"], r["direction_id"]): r for r in rows}
    d1 = pick[("2023", "node", "", "d1")]  # m1 and m4 (m5: no later score; m8 is municipal, for d2)
    assert (d1["n"], d1["change"], d1["comparison_change"], d1["effect"]) == ("2", "17.50", "1.17", "16.33")
    courses = pick[("2023", "form_node", "courses", "d1")]
    assert (courses["n"], courses["effect"]) == ("1", "17.67")
    seminar = pick[("2023", "form", "seminar", "")]  # m4 only: the municipal seminar has no effect
    assert (seminar["n"], seminar["effect"]) == ("1", "15.00")
    flagged = pick[("2024", "form_node", "mentoring", "d1")]
    assert (flagged["n"], flagged["effect"], flagged["n_method_changed"]) == ("1", "10.00", "1")
    assert not any(k[0] == "2025" for k in pick)


def test_coverage_of_the_recommended_deficits(exported):
    rows = {(r["year"], r["scope"]): r for r in read(exported, "coverage.csv")}
    # 2023 pairs: d1 low/medium s1 s2 s3 s4 p1 p2 p3, d2 low s4 p1 p3 = 10. Covered: s1 d1 (m1), s3 d1 (m10,
    # total), s4 d2 (m2), p1 d1 (m4), p3 d1 (m5); s2 d1's measure is cancelled.
    cells = [rows[("2023", s)][k] for s in ("all", "general", "preschool") for k in ("pairs", "covered", "coverage")]
    assert cells == ["10", "5", "50.00", "5", "3", "60.00", "5", "2", "40.00"]
    assert ("2023", "additional") not in rows  # no organization of the kind got a recommendation


def test_goals_actual_per_year_and_achievement(exported):
    rows = read(exported, "goals.csv")
    by = {(r["goal_id"], r["year"]): r for r in rows}
    # d1 summary: 2023 400 / 8, 2024 427 / 7, 2025 447 / 7
    assert [by[("g1", y)]["actual"] for y in ("2023", "2024", "2025")] == ["50.00", "61.00", "63.86"]
    assert by[("g1", "2025")]["achieved"] == "да" and by[("g1", "2024")]["achieved"] == ""
    # 2024 schools at medium or higher in d2: s1 50, s2 75, s3 80, s5 95 of 5 (s4 40) = 80 < 90
    assert (by[("g2", "2024")]["actual"], by[("g2", "2024")]["achieved"]) == ("80.00", "нет")
    # c is lower_is_better: 2025 mean 70 / 7 = 10 <= 11 is achieved; 2023 105 / 8
    assert (by[("g3", "2023")]["actual"], by[("g3", "2025")]["actual"], by[("g3", "2025")]["achieved"]) == (
        "13.13", "10.00", "да",
    )  # fmt: skip
    assert (by[("g4", "2024")]["actual"], by[("g4", "2024")]["achieved"]) == ("15.00", "нет")
    assert (by[("g5", "2025")]["actual"], by[("g5", "2025")]["achieved"]) == ("", "нет")  # no organization of the kind


def test_best_practice_sources_and_described_practices(exported):
    rows = read(exported, "practices.csv")
    best: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if r["best_practice"] == "да":
            best.setdefault((r["year"], r["direction_id"]), []).append(r["org_id"])
    assert best[("2024", "d1")] == ["s5"]
    assert best[("2024", "d2")] == ["s3", "s5"]
    assert best[("2024", "d3")] == ["s2", "s3", "s4", "s5", "p2"]
    assert best[("2025", "d1")] == ["s5"]
    assert best[("2025", "d2")] == ["s3"]  # s5 is still high but worsened 95 -> 88
    assert best[("2025", "d3")] == ["s1", "s2", "s3", "s5", "p2"]  # s4 dropped to 50; p1 was 50 in 2024
    assert not any(r["year"] == "2023" for r in rows)  # no previous year
    s3 = next(r for r in rows if (r["year"], r["org_id"], r["direction_id"]) == ("2025", "s3", "d2"))
    assert (s3["title"], s3["link"], s3["previous_year"]) == ("Практика s3", "https://example.org/s3", "2024")
    s4 = next(r for r in rows if r["org_id"] == "s4" and r["direction_id"] == "d2")
    assert (s4["best_practice"], s4["title"]) == ("нет", "Практика s4")


def test_measures_are_exported_with_labels(exported):
    rows = read(exported, "measures.csv")
    assert [r["id"] for r in rows][:3] == ["m1", "m2", "m3"] and len(rows) == 13
    m8 = next(r for r in rows if r["id"] == "m8")
    assert (m8["org_id"], m8["org_name"], m8["form_label"], m8["status_label"]) == ("", "", "Семинар", "выполнена")


def test_a_folder_without_the_cycle_exports_exactly_as_before(exported, tmp_path, monkeypatch):
    data = write_contract(tmp_path, cycle=False)
    plain = export(tmp_path, data, monkeypatch)
    files = sorted(p.name for p in plain.iterdir())
    assert files == ["datapackage.json", "indicators.csv", "municipal.csv", "recommendations.csv", "scores.csv"]
    for name in ("indicators.csv", "municipal.csv", "recommendations.csv", "scores.csv"):
        assert (plain / name).read_bytes() == (exported / name).read_bytes()
    with_cycle = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in with_cycle["resources"]]
    assert names[-5:] == ["measures", "effects", "coverage", "goals", "practices"]
    with_cycle["resources"] = with_cycle["resources"][:-5]
    assert json.loads((plain / "datapackage.json").read_text(encoding="utf-8")) == with_cycle


def test_measures_and_practices_are_read_also_when_datapackage_json_does_not_list_them(exported, tmp_path, monkeypatch):
    data = write_contract(tmp_path, declare=False)
    assert "measures" not in (data / "2023/datapackage.json").read_text(encoding="utf-8")
    again = export(tmp_path, data, monkeypatch)
    for name in ("measures.csv", "effects.csv", "coverage.csv", "goals.csv", "practices.csv"):
        assert (again / name).read_bytes() == (exported / name).read_bytes(), name


def test_the_results_package_with_the_cycle_is_valid_frictionless(exported):
    import frictionless

    report = frictionless.validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:5]


def test_export_is_byte_identical_on_the_same_input(exported, tmp_path, monkeypatch):
    data = write_contract(tmp_path)
    again = export(tmp_path, data, monkeypatch)
    for name in ("measures.csv", "effects.csv", "coverage.csv", "goals.csv", "practices.csv", "datapackage.json"):
        assert (again / name).read_bytes() == (exported / name).read_bytes(), name


# -- validation: the exact Russian message with file, row and column ------------------------------


def _problems(tmp_path: Path, monkeypatch, capsys, edit) -> list[str]:
    data = write_contract(tmp_path)
    edit(data)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--data", "data"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return (captured.out + captured.err).splitlines()


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


MEASURE_CASES = [
    (
        lambda d: _replace(d / "2024/measures.csv", "n1,s2,", "n1,p3,"),
        "data/2024/measures.csv, строка 2, столбец «org_id»: организации нет в organizations.csv этого года. "
        "Значение: «p3». Что сделать: укажите идентификатор организации из organizations.csv этого года или "
        "оставьте org_id пустым, если мера муниципальная.",
    ),
    (
        lambda d: _replace(d / "2023/measures.csv", "m2,s4,d2,", "m2,s4,d9,"),
        "data/2023/measures.csv, строка 3, столбец «direction_id»: направления нет в directions.csv этого года. "
        "Значение: «d9». Что сделать: укажите идентификатор направления из directions.csv этого "
        "года или total, если мера касается итога.",
    ),
    (
        lambda d: _replace(d / "2023/measures.csv", "2024-02-20,2024-02-20", "2024-02-20,2024-01-20"),
        "data/2023/measures.csv, строка 9, столбец «due»: срок 2024-01-20 раньше даты начала 2024-02-20. "
        "Значение: «2024-01-20». Что сделать: исправьте дату начала или срок.",
    ),
    (
        lambda d: _replace(d / "2023/measures.csv", "2024-03-01,2024-03-01", "2024-03-01,2024-02-30"),
        "data/2023/measures.csv, строка 5, столбец «due»: такой даты нет в календаре. Значение: «2024-02-30». "
        "Что сделать: исправьте дату: год-месяц-день, например 2024-09-30.",
    ),
    (
        lambda d: _replace(d / "2023/measures.csv", "Курсы по d1,courses,", "Курсы по d1,cources,"),
        "data/2023/measures.csv, строка 2, столбец «form»: формы нет в разделе measure_forms в monitoring.yml. "
        "Может быть, courses? Значение: «cources». Что сделать: используйте одну из форм: courses, mentoring, "
        "seminar, plan; новую форму сначала добавьте в measure_forms (идентификатор: название).",
    ),
    (
        lambda d: _replace(d / "2025/measures.csv", "2026-12-20,planned", "2026-12-20,выполнено"),
        "data/2025/measures.csv, строка 3, столбец «status»: такого статуса нет. Значение: «выполнено». "
        "Что сделать: укажите planned (запланирована), in_progress (выполняется), done (выполнена) или "
        "cancelled (отменена).",
    ),
    (
        lambda d: _append(d / "2024/measures.csv", "n1,s1,d1,Курсы,courses,ИМЦ,,,planned,\n"),
        "data/2024/measures.csv, строка 3, столбец «id»",
    ),
    (
        lambda d: _replace(
            d / "2024/measures.csv",
            "d1,Наставничество по d1,mentoring,ИМЦ",
            "d1,Наставничество,mentoring,Петрова А. В.",
        ),
        "data/2024/measures.csv, строка 2, столбец «responsible»: в столбце responsible похоже на фамилию и "
        "инициалы человека. Значение: «Петрова А. В.». Что сделать: укажите орган или должность (например, «ИМЦ» "
        "или «заместитель директора по УВР») или, если ФИО можно публиковать, укажите publish_personal_names: "
        "true в monitoring.yml.",
    ),
]


@pytest.mark.parametrize("edit, expected", MEASURE_CASES)
def test_a_wrong_measure_is_refused_with_file_row_column_and_what_to_do(tmp_path, monkeypatch, capsys, edit, expected):
    lines = _problems(tmp_path, monkeypatch, capsys, edit)
    assert any(line.startswith(expected) for line in lines), lines


GOAL_CASES = [
    (
        "g1,Свод d1 не ниже 60,d1,all,summary,,2023,2025,60",
        "g1,Свод d1 не ниже 60,d7,all,summary,,2023,2025,60",
        "data/goals.csv, строка 2, столбец «node_id»: такого направления нет ни в одном году. "
        "Значение: «d7». Что сделать: укажите идентификатор направления или total; для показателя укажите "
        "measure indicator_value.",
    ),
    (
        "g3,c не выше 11,c,all,",
        "g3,c не выше 11,zz,all,",
        "data/goals.csv, строка 4, столбец «node_id»: такого показателя нет ни в одном году. Значение: «zz». "
        "Что сделать: укажите идентификатор показателя из indicators.csv.",
    ),
    (
        "d2,general,share_at_level,medium",
        "d2,schools,share_at_level,medium",
        "data/goals.csv, строка 3, столбец «scope»: такого охвата нет. Значение: «schools». Что сделать: укажите "
        "all, один из типов (general, preschool, additional) или идентификатор территориальной единицы.",
    ),
    (
        "share_at_level,medium,",
        "share_at_level,top,",
        "data/goals.csv, строка 3, столбец «level»: такого уровня нет в levels.csv. Значение: «top». Что сделать: "
        "укажите уровень из levels.csv: high, low, medium.",
    ),
    (
        "d1,all,summary,,2023,2025,60",
        "d1,all,average,,2023,2025,60",
        "data/goals.csv, строка 2, столбец «measure»: такого способа измерения нет. Значение: «average». "
        "Что сделать: укажите summary, share_at_level или indicator_value.",
    ),
    (
        "d1,all,summary,,2023,2025,60",
        "d1,all,summary,,2023,2030,60",
        "data/goals.csv, строка 2, столбец «target_year»: папки 2030 нет в data/. Значение: «2030». Что сделать: "
        "укажите год, данные которого есть в data/: 2023, 2024, 2025.",
    ),
    (
        "d1,all,summary,,2023,2025,60",
        "d1,all,summary,,2025,2024,60",
        "data/goals.csv, строка 2, столбец «target_year»: целевой год 2024 раньше базового 2025. Значение: «2024». "
        "Что сделать: исправьте baseline_year или target_year.",
    ),
]


@pytest.mark.parametrize("old, new, expected", GOAL_CASES)
def test_a_wrong_goal_is_refused_with_file_row_column_and_what_to_do(tmp_path, monkeypatch, capsys, old, new, expected):
    lines = _problems(tmp_path, monkeypatch, capsys, lambda d: _replace(d / "goals.csv", old, new))
    assert expected in lines, lines


def test_a_wrong_practice_is_refused(tmp_path, monkeypatch, capsys):
    def edit(d: Path) -> None:
        _replace(d / "2025/practices.csv", "s3,d2,", "s3,total,")
        _replace(d / "2025/practices.csv", "https://example.org/s3", "example.org/s3")
        _replace(d / "2025/practices.csv", "s4,d2,", "s9,d2,")

    lines = _problems(tmp_path, monkeypatch, capsys, edit)
    assert (
        "data/2025/practices.csv, строка 2, столбец «direction_id»: направления нет в directions.csv этого года. "
        "Значение: «total». Что сделать: укажите идентификатор направления из directions.csv этого года "
        "(total здесь не подходит)."
    ) in lines, lines
    assert any(
        line.startswith("data/2025/practices.csv, строка 2, столбец «link»: ссылка не подходит:") for line in lines
    )
    assert any(
        line.startswith("data/2025/practices.csv, строка 3, столбец «org_id»: организации нет") for line in lines
    )


def test_a_folder_with_the_cycle_files_is_valid(tmp_path, monkeypatch, capsys):
    write_contract(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--data", "data"]) == 0


# -- new-year: unfinished measures carried over, never silently ----------------------------------


def test_new_year_carries_unfinished_measures_and_blocks_publishing_until_confirmed(tmp_path, monkeypatch, capsys):
    write_contract(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["new-year", "2026", "--data", "data"]) == 0
    out = capsys.readouterr().out
    assert "В data/2026/measures.csv перенесены незавершённые меры 2025 года (1 мера):" in out
    assert "  k2 — План по d2 (s3, d2)" in out
    rows = list(csv.DictReader(io.StringIO((tmp_path / "data/2026/measures.csv").read_text(encoding="utf-8"))))
    assert [(r["id"], r["status"], r["carried_from"]) for r in rows] == [("k2", "planned", "2025")]
    assert not (tmp_path / "data/2026/practices.csv").exists()  # a year's practices are its own
    # Filled in and no longer a draft: the carried measure still blocks publishing.
    values = (tmp_path / "data/2025/values.csv").read_text(encoding="utf-8")
    (tmp_path / "data/2026/values.csv").write_text(values, encoding="utf-8")
    _replace(tmp_path / "data/2026/datapackage.json", '"draft": true', '"draft": false')
    assert main(["validate", "--data", "data"]) == 1
    captured = capsys.readouterr()
    assert (
        "data/2026/measures.csv, строка 2, столбец «carried_from»: мера перенесена из 2025 года и ещё не проверена. "
        "Значение: «2025»."
    ) in captured.out + captured.err


# -- diff: measures and goals, and what a change does to effects and goals ------------------------


def test_diff_names_changed_measures_effects_and_goals(tmp_path, monkeypatch, capsys):
    base = write_contract(tmp_path / "base")
    head = write_contract(tmp_path / "head")
    m10 = "m10,s3,total,План по итогу,plan,руководитель ОО,2024-02-01,2024-12-20,"
    _replace(head / "2023/measures.csv", m10 + "in_progress", m10 + "done")
    _replace(head / "goals.csv", "2023,2024,90", "2023,2024,80")
    _append(head / "2024/measures.csv", "n2,s4,d1,Семинар по d1,seminar,ИМЦ,2025-03-01,2025-03-01,planned,\n")
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "--base-data", str(base), "--head-data", str(head)]) == 0
    out = capsys.readouterr().out.replace("\\", "")  # Markdown escapes
    assert "**2023 год:** статус меры «План по итогу»: выполняется → выполнена; изменился эффект 4 мер года." in out
    assert "добавлена мера «Семинар по d1»" in out
    assert (
        "изменена цель «90 % школ со средним уровнем d2» (target); цель «90 % школ со средним уровнем d2» теперь "
        "достигнута (значение 2024 года — 80)"
    ) in out
    assert main(["diff", "--base-data", str(base), "--head-data", str(head), "--format", "json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    effects = {e["measure_id"]: e for y in diff["years"] for e in y["effects"]}
    # m10 (s3, total) is now done: s3 leaves the comparison group of m3 (s5, total): s1, s2, s4 remain,
    # (23.33 + 3.33 + 3.33) / 3 = 10.00; m3's effect 3.33 - 10.00 = -6.67. m10 itself: 76.67 -> 77.33
    # against the same s1, s2, s4: 0.66 - 10.00 = -9.34. A done measure for the total also takes s3 out of the
    # groups of d1 and d2: m1 against s2 (+5), s4 (0): 20 - 2.5; m2 against s1 (0), s2 (+5): 10 - 2.5.
    assert (effects["m3"]["old_effect"], effects["m3"]["new_effect"]) == (-4.33, -6.67)
    assert (effects["m10"]["old_state"], effects["m10"]["new_state"], effects["m10"]["new_effect"]) == (None, "", -9.34)
    assert (effects["m1"]["old_effect"], effects["m1"]["new_effect"]) == (17.67, 17.5)
    assert (effects["m2"]["old_effect"], effects["m2"]["new_effect"]) == (8.33, 7.5)
    assert set(effects) == {"m1", "m2", "m3", "m10"}  # m4 is a kindergarten's


def test_the_workbook_has_a_sheet_per_file_of_the_cycle_with_the_same_figures(tmp_path):
    import openpyxl

    from generator.pipeline import run
    from generator.render.readmodel import ReadModel
    from generator.render.spreadsheet import workbook

    ds, results = run(write_contract(tmp_path), tmp_path)
    book = openpyxl.load_workbook(io.BytesIO(workbook(ReadModel(ds, results), results)))
    assert book.sheetnames[-5:] == ["Меры", "Эффект мер", "Охват мерами", "Цели", "Лучшие практики"]
    sheet = book["Эффект мер"]
    header = [c.value for c in sheet[1]]
    m1 = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("Идентификатор меры")] == "m1")
    assert (m1[header.index("Эффект")], m1[header.index("Методика изменилась")]) == (17.67, "нет")
    plain = tmp_path / "plain"
    ds, results = run(write_contract(plain, cycle=False), plain)
    plain_sheets = openpyxl.load_workbook(io.BytesIO(workbook(ReadModel(ds, results), results))).sheetnames
    assert plain_sheets == book.sheetnames[:-5]


def test_goals_of_a_territorial_unit(tmp_path, monkeypatch):
    """scope = a territory: its organizations (and those of the units below it)."""
    data = write_contract(tmp_path)
    for y, vals in VALUES.items():
        folder = data / str(y)
        kind = {o: "preschool" if o.startswith("p") else "general" for o in vals}
        unit = {o: "t1" if o in ("s1", "s2") else "t2" for o in vals}
        rows = "".join(f"{o},Организация {o},{kind[o]},{unit[o]}\n" for o in vals)
        _write(folder / "organizations.csv", "id,name,kind,territory\n" + rows)
        _write(folder / "territories.csv", "id,name,kind,parent_id\nt1,Район 1,district,\nt2,Район 2,district,\n")
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        descriptor["resources"].append({"name": "territories", "path": "territories.csv"})
        _write(folder / "datapackage.json", json.dumps(descriptor, ensure_ascii=False))
    _append(data / "goals.csv", "g6,Свод d1 района 1,d1,t1,summary,,2023,2024,62.5\n")
    _append(data / "goals.csv", "g7,c района 1,c,t1,indicator_value,,2023,2024,9\n")
    _append(data / "goals.csv", "g8,Доля района 2 с высоким d2,d2,t2,share_at_level,high,2023,2024,50\n")
    by = {(r["goal_id"], r["year"]): r for r in read(export(tmp_path, data, monkeypatch), "goals.csv")}
    # 2024: s1 60, s2 65 -> 62.5 (achieved: not below); c 10, 10 -> 10 > 9 (lower is better: missed);
    # t2 d2: s3 80, s4 40, s5 95, p1 40, p2 60 -> 2 of 5 at high
    assert (by[("g6", "2024")]["actual"], by[("g6", "2024")]["achieved"], by[("g6", "2024")]["scope_label"]) == (
        "62.50", "да", "Район 1",
    )  # fmt: skip
    assert (by[("g7", "2024")]["actual"], by[("g7", "2024")]["achieved"]) == ("10.00", "нет")
    assert (by[("g8", "2023")]["actual"], by[("g8", "2024")]["actual"], by[("g8", "2024")]["achieved"]) == (
        "33.33", "40.00", "нет",
    )  # fmt: skip
