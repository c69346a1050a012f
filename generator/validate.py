"""Stage 2: check the loaded data against the Table Schemas and the rules of the
contract a Table Schema cannot express; return typed years or every problem.

Cells that failed a schema check come out of check_table() as "" or NaN, and
the rules here skip them: one wrong cell gives one message, not a cascade.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator import structure  # structure limits (issue 9)
from generator.arithmetic import round2
from generator.load import RawDataset, RawPackage
from generator.model import DEFAULT_METHOD, Dataset, YearData
from generator.problems import Problem, Report, add_rows
from generator.settings import Settings
from generator.tableschema import TableSchema, check_table, load_schemas

RESOURCE_ORDER = ("organizations", "directions", "indicators", "levels", "recommendations", "values")
MAY_BE_EMPTY = ("recommendations",)
COPY_FROM_LAST_YEAR = "заполните таблицу или скопируйте файл из папки предыдущего года и исправьте."


def validate(raw: RawDataset, schemas: dict[str, TableSchema] | None = None) -> tuple[Dataset | None, Report]:
    schemas = schemas or load_schemas()
    report = Report()
    years = []
    for package in raw.packages:
        year, problems = validate_package(package, raw.settings, schemas)
        report.extend(problems)
        if year is not None:
            years.append(year)
    if not report.valid:
        return None, report
    return Dataset(raw.settings, sorted(years, key=lambda y: y.year)), report


def validate_package(package: RawPackage, settings: Settings, schemas: dict[str, TableSchema]) -> tuple[YearData | None, list[Problem]]:
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    files = {name: t.file for name, t in package.tables.items()}
    for name in RESOURCE_ORDER:
        table = package.tables.get(name)
        if table is None:
            continue
        frame, found = check_table(table, schemas[name])
        problems += found
        if frame is None:
            continue
        if frame.empty and name not in MAY_BE_EMPTY:
            problems.append(Problem("header-only", table.file, "в файле только заголовок, нет ни одной строки данных.", COPY_FROM_LAST_YEAR))
        typed[name] = frame
    # A table that could not be read (reported) is checked against as empty,
    # so the rules between the other tables still run in this same run.
    raw = {name: package.tables[name].frame for name in typed}
    checked = set(typed)  # structure limits: the tables that could be checked against their schema
    for name in RESOURCE_ORDER:
        if name not in typed:
            typed[name] = raw[name] = _empty(schemas[name])
            files.setdefault(name, "")

    orgs = typed["organizations"]
    problems += _check_organizations(orgs, settings, files["organizations"])
    dirs, found = _check_directions(typed["directions"], files["directions"])
    problems += found
    inds, found = _check_indicators(typed["indicators"], raw["indicators"], set(dirs["id"]), settings, files["indicators"])
    problems += found
    levels, found = _check_levels(typed["levels"], files["levels"])
    problems += found
    recs, found = _check_recommendations(typed["recommendations"], set(dirs["id"]), levels, files["recommendations"])
    problems += found
    vals = typed["values"]
    problems += _check_values(vals, raw["values"].get("value"), orgs, inds, settings, files["values"])
    # -- structure limits (generator/structure.py) --
    problems += structure.reserved_ids(orgs, files["organizations"], "организации")
    problems += structure.reserved_ids(dirs, files["directions"], "направления")
    problems += structure.reserved_ids(inds, files["indicators"], "показателя")
    problems += structure.tree_size(dirs, inds, files)
    if {"values", "organizations", "indicators"} <= checked:  # a broken table is reported on its own
        problems += structure.unfilled(package.year, vals, raw["values"], orgs, inds, files["values"])
    # -- end structure limits --
    if problems:
        return None, problems
    return YearData(package.year, package.descriptor, orgs, dirs, inds, vals, levels, recs, files), problems


def _empty(schema: TableSchema) -> pd.DataFrame:
    numeric = ("number", "integer")
    return pd.DataFrame({f.name: pd.Series(dtype=float if f.type in numeric else "str") for f in schema.fields}, index=pd.Index([], dtype="int64", name="row"))


def _unknown(column: pd.Series, known: set[str]) -> pd.Series:
    """The filled cells of `column` that name nothing in `known`. When `known`
    is empty its own file is broken (reported): every reference would fail."""
    if not known:
        return column.iloc[:0]
    return column[(column != "") & ~column.isin(known)]


def _check_organizations(orgs: pd.DataFrame, settings: Settings, file: str) -> list[Problem]:
    problems: list[Problem] = []
    kinds = list(settings.kinds)
    add_rows(problems, "unknown-kind", file, "kind", _unknown(orgs["kind"], set(kinds)), "тип организации не указан в monitoring.yml.",
             f"используйте один из типов: {', '.join(kinds)}; новый тип сначала добавьте в data/monitoring.yml (раздел kinds).")
    return problems


def _check_directions(dirs: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parents exist and the tree has no cycles."""
    problems: list[Problem] = []
    ids = set(dirs["id"]) - {""}
    add_rows(problems, "unknown-reference", file, "parent_id", _unknown(dirs["parent_id"], ids), "родительское направление не найдено в directions.csv.",
             "укажите id существующего направления или оставьте ячейку пустой для направления верхнего уровня.")
    first = dirs[(dirs["id"] != "") & ~dirs["id"].duplicated()]
    parent = dict(zip(first["id"], first["parent_id"]))
    row = dict(zip(first["id"], first.index))
    for cycle in _cycles(list(parent), parent):
        start = min(cycle, key=lambda n: row[n])  # the cycle's first row in the file
        i = cycle.index(start)
        path = cycle[i:] + cycle[:i] + [start]
        problems.append(Problem("cycle", file, "направления образуют цикл: " + " → ".join(path) + ".",
                                "исправьте parent_id так, чтобы, поднимаясь по родителям, можно было дойти до направления верхнего уровня (с пустым parent_id).",
                                row=int(row[start]), column="parent_id", value=parent[start]))
    depth = structure.depths(parent)  # structure limits: linear, None in or below a cycle
    problems += structure.tree_depth(first, depth, file)
    return dirs.assign(weight=dirs["weight"].fillna(1.0), depth=dirs["id"].map(depth).fillna(0).astype(int)), problems


def _cycles(ids: list[str], parent: dict[str, str]) -> list[list[str]]:
    """Every cycle of the parent links, each once, in walking order."""
    done: set[str] = set()
    cycles = []
    for start in ids:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node = start
        while node in parent and node not in done and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parent[node]
        if node in on_path:
            cycles.append(path[on_path[node]:])
        done.update(path)
    return cycles


def _check_indicators(inds: pd.DataFrame, raw: pd.DataFrame, dir_ids: set[str], settings: Settings, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """raw: the cells as written, to tell an empty cell from an invalid one
    (already reported) and to show numbers as staff typed them."""
    problems: list[Problem] = []
    add_rows(problems, "unknown-reference", file, "direction_id", _unknown(inds["direction_id"], dir_ids - {""}), "направление не найдено в directions.csv.",
             "укажите id направления из directions.csv этого года.")
    inds = inds.assign(
        polarity=inds["polarity"].where(inds["polarity"] != "", "higher_is_better"),
        method=inds["method"].where(inds["method"] != "", inds["unit"].map(DEFAULT_METHOD).fillna("")),
        weight=inds["weight"].fillna(1.0),
        kinds=inds["kinds"].map(lambda s: tuple(s.split(";")) if s else ()),
    )
    kinds = settings.kinds
    # Kinds {} means monitoring.yml is broken (reported): kinds cannot be judged.
    unknown_kinds = inds["kinds"].map(lambda ks: ";".join(k for k in ks if k not in kinds) if kinds else "")
    add_rows(problems, "unknown-kind", file, "kinds", unknown_kinds[unknown_kinds != ""], "тип организации не указан в monitoring.yml.",
             f"используйте типы из monitoring.yml: {', '.join(kinds)}, через «;»; пустая ячейка — показатель для всех типов.")
    unit, method, polarity, target = inds["unit"], inds["method"], inds["polarity"], inds["target"]
    cells = lambda column: raw[column] if column in raw else pd.Series("", index=inds.index)  # noqa: E731
    no_max, no_target = cells("max_points") == "", cells("target") == ""
    missing = lambda mask: pd.Series(None, index=inds.index[mask.to_numpy(dtype=bool)], dtype=object)  # noqa: E731
    rules = [
        ("max_points", missing((method == "points") & no_max),
         "для метода points (единица points) не указан максимальный балл.", "заполните max_points — наибольший возможный балл по показателю."),
        ("target", missing((method == "target") & no_target),
         "для метода target не указано целевое значение.", "заполните target — значение, при котором показатель выполнен на 100%."),
        ("max_points", cells("max_points")[(method != "points") & (method != "") & inds["max_points"].notna()],
         "максимальный балл указан, но метод оценки показателя не points: значение не учитывалось бы.", "очистите max_points или укажите method = points."),
        ("target", cells("target")[(method != "target") & (method != "") & target.notna()],
         "целевое значение указано, но метод оценки показателя не target: значение не учитывалось бы.", "очистите target или укажите method = target."),
        ("target", cells("target")[(method == "target") & (polarity == "higher_is_better") & (target == 0)],
         "целевое значение 0 при «чем больше, тем лучше» не имеет смысла.", "укажите целевое значение больше 0."),
        ("method", method[(unit != "") & (method != "") & ((method == "boolean") != (unit == "boolean"))],
         "метод boolean применяется только к единице boolean и наоборот.",
         "для единицы boolean оставьте метод пустым или boolean; для других единиц выберите points, ratio_to_best или target."),
        ("polarity", polarity[(unit == "boolean") & (polarity == "lower_is_better")],
         "для показателя «да/нет» направленность lower_is_better не поддерживается.", "сформулируйте показатель так, чтобы «да» было лучше, и оставьте polarity пустым."),
        ("target", cells("target")[(unit == "percent") & (target > 100)], "целевое значение процента больше 100.", "укажите целевое значение от 0 до 100."),
    ]
    for column, rows, message, fix in rules:
        add_rows(problems, "indicator-rule", file, column, rows, message, fix)
    return inds, problems


def _check_levels(levels: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Ordered by threshold; every score from 0 gets a level."""
    problems: list[Problem] = []
    # Levels are assigned on the score rounded to 2 decimals and thresholds are
    # published with 2: a finer threshold would let «33,33» be below «от 33,33».
    # Exact on the float the arithmetic uses (66.67 passes, 66.6700000001 does not).
    given = levels["min_score"].dropna()
    finer = given[given.map(lambda x: round2(x) != x)]
    add_rows(problems, "threshold-precision", file, "min_score", finer,
             "порог задан точнее, чем до сотых: баллы и пороги публикуются с двумя знаками после запятой, "
             "и уровень мог бы противоречить опубликованным баллу и порогу.",
             lambda r, x: f"округлите порог до двух знаков после запятой, например {_two_decimals(x)}.")
    levels = levels.sort_values("min_score", ascending=False, kind="stable")
    scores = levels["min_score"]
    # A missing or invalid threshold is already reported; judging the rest would guess.
    if len(levels) and scores.notna().all() and scores.min() != 0:
        lowest = scores.idxmin()
        problems.append(Problem("levels", file, f"нет уровня с нижней границей 0: баллы ниже {scores.min():g} остались бы без уровня.",
                                "задайте min_score = 0 для самого низкого уровня.", row=int(lowest), column="min_score", value=f"{scores.min():g}"))
    return levels, problems


def _two_decimals(x: float) -> str:
    """66.665 -> '66.67', 80.004 -> '80': the threshold as staff would type it."""
    text = f"{round2(x):.2f}"
    return text.rstrip("0").rstrip(".")


def _check_recommendations(recs: pd.DataFrame, dir_ids: set[str], levels: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    add_rows(problems, "unknown-reference", file, "direction_id", _unknown(recs["direction_id"], dir_ids - {""}), "направление не найдено в directions.csv.",
             "укажите id направления из directions.csv этого года.")
    recs = recs.assign(levels=recs["levels"].map(lambda s: tuple(s.split(";")) if s else ()))
    level_ids = set(levels["id"]) - {""}
    unknown = recs["levels"].map(lambda ls: ";".join(x for x in ls if x not in level_ids) if level_ids else "")
    add_rows(problems, "unknown-reference", file, "levels", unknown[unknown != ""], "уровень не найден в levels.csv.",
             f"используйте уровни из levels.csv этого года: {', '.join(sorted(level_ids))}, через «;».")
    return recs, problems


def _check_values(vals: pd.DataFrame, raw_value: pd.Series | None, orgs: pd.DataFrame, inds: pd.DataFrame, settings: Settings, file: str) -> list[Problem]:
    """References, applicability to the organization's kind, range by unit.
    Per-row lookups go through integer positions (get_indexer), not joins, so
    duplicated ids (reported elsewhere) cannot multiply rows."""
    problems: list[Problem] = []
    org = orgs[orgs["id"] != ""].drop_duplicates("id").set_index("id")
    ind = inds[inds["id"] != ""].drop_duplicates("id").set_index("id")
    add_rows(problems, "unknown-reference", file, "org_id", _unknown(vals["org_id"], set(org.index)), "организация не найдена в organizations.csv этого года.",
             "проверьте id (его пишут так же, как в organizations.csv) или добавьте организацию в organizations.csv.")
    add_rows(problems, "unknown-reference", file, "indicator_id", _unknown(vals["indicator_id"], set(ind.index)), "показатель не найден в indicators.csv этого года.",
             "проверьте id (его пишут так же, как в indicators.csv) или добавьте показатель в indicators.csv.")
    o = org.index.get_indexer(vals["org_id"])
    i = ind.index.get_indexer(vals["indicator_id"])
    known = (o >= 0) & (i >= 0)

    # applies[indicator, kind]: the indicator's kinds list the kind, or is empty.
    kinds = list(settings.kinds)
    applies = np.array([[not ks or k in ks for k in kinds] for ks in ind["kinds"]], dtype=bool).reshape(len(ind), len(kinds))
    k = pd.Index(kinds).get_indexer(org["kind"])[np.where(o >= 0, o, 0)] if len(org) else np.full(len(vals), -1)
    checkable = known & (k >= 0)  # an unknown kind is reported on the organization
    not_applicable = checkable.copy()
    not_applicable[checkable] = ~applies[i[checkable], k[checkable]]
    add_rows(problems, "not-applicable", file, "indicator_id", vals["indicator_id"][not_applicable],
             "показатель не применяется к организациям этого типа (см. столбец kinds в indicators.csv и kind в organizations.csv).",
             "удалите строку или исправьте тип организации либо список kinds показателя.")

    v = vals["value"].to_numpy(dtype=float)
    unit = np.where(i >= 0, ind["unit"].to_numpy(dtype=object)[np.where(i >= 0, i, 0)], "") if len(ind) else np.full(len(vals), "")
    top = np.where(i >= 0, ind["max_points"].to_numpy(dtype=float)[np.where(i >= 0, i, 0)], np.nan) if len(ind) else np.full(len(vals), np.nan)
    present = (i >= 0) & ~np.isnan(v)
    shown = raw_value if raw_value is not None else vals["value"]
    with np.errstate(invalid="ignore"):
        rules = [
            ("percent", (v < 0) | (v > 100), "процент должен быть от 0 до 100.",
             "укажите процент числом от 0 до 100 без знака «%»; если записана доля (0.85), умножьте на 100."),
            ("count", v < 0, "количество не может быть отрицательным.", "укажите целое число не меньше 0."),
            ("count", (v >= 0) & (v != np.floor(v)), "количество должно быть целым числом.",
             "укажите целое число, например 12; если показатель дробный, измените его единицу в indicators.csv на number или percent."),
            ("boolean", (v != 0) & (v != 1), "для показателя «да/нет» допустимы только 1 и 0.", "укажите 1 (да) или 0 (нет)."),
            ("points", v < 0, "баллы не могут быть отрицательными.", "укажите балл от 0 до max_points показателя."),
            ("points", v > top, None, "проверьте значение и максимальный балл показателя (max_points в indicators.csv)."),
            ("number", v < 0, "значение не может быть отрицательным: оценка по отношению к лучшему требует неотрицательных значений.", "укажите число не меньше 0."),
        ]
    limit = pd.Series(top, index=vals.index)
    over_max = lambda r, x: f"баллов больше максимума {limit[r]:g} (max_points в indicators.csv)."  # noqa: E731
    for u, bad, message, fix in rules:
        rows = present & (unit == u) & bad
        if rows.any():
            add_rows(problems, "value-range", file, "value", shown[rows], message or over_max, fix)
    return problems
