"""Stage 2: check the loaded data against the Table Schemas and the rules of the
contract a Table Schema cannot express; return typed years or every problem."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.load import RawDataset, RawPackage
from generator.model import DEFAULT_METHOD, Dataset, YearData
from generator.problems import MAX_PER_CHECK, Problem, Report
from generator.settings import Settings
from generator.tableschema import TableSchema, load_schemas

RESOURCE_ORDER = ("organizations", "directions", "indicators", "levels", "recommendations", "values")
MAY_BE_EMPTY = ("recommendations",)


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


def _rows(problems: list[Problem], code: str, file: str, column: str, rows: pd.Series, message, fix) -> None:
    """Report the rows of `rows` (values indexed by spreadsheet row), capped."""
    say = message if callable(message) else (lambda r, v: message)
    for row, value in rows.iloc[:MAX_PER_CHECK].items():
        problems.append(Problem(code, file, say(row, value), fix, row=int(row), column=column, value=str(value)))
    if len(rows) > MAX_PER_CHECK:
        problems.append(Problem(code, file, f"та же ошибка ещё в {len(rows) - MAX_PER_CHECK} строках (первая из них — {int(rows.index[MAX_PER_CHECK])}).", fix, column=column))


def validate_package(package: RawPackage, settings: Settings, schemas: dict[str, TableSchema]) -> tuple[YearData | None, list[Problem]]:
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    files = {name: t.file for name, t in package.tables.items()}
    for name in RESOURCE_ORDER:
        table = package.tables.get(name)
        if table is None:
            continue
        frame, found = _check_schema(table, schemas[name])
        problems += found
        if frame is None:
            continue
        if frame.empty and name not in MAY_BE_EMPTY:
            problems.append(Problem("header-only", table.file, "в файле только заголовок, нет ни одной строки данных.", "заполните таблицу или скопируйте её из предыдущего года (python -m generator new-year)."))
        typed[name] = frame
    needed = ("organizations", "directions", "indicators", "values", "levels")
    if any(n not in typed for n in needed):
        return None, problems
    if "recommendations" not in typed:
        typed["recommendations"] = pd.DataFrame({"direction_id": pd.Series(dtype=object), "levels": pd.Series(dtype=object), "text": pd.Series(dtype=object)})
        files.setdefault("recommendations", "")

    orgs, dirs, inds, vals, levels, recs = (typed[n] for n in ("organizations", "directions", "indicators", "values", "levels", "recommendations"))
    kinds = settings.kinds

    # Organizations: kinds come from monitoring.yml.
    bad_kind = orgs["kind"][(orgs["kind"] != "") & ~orgs["kind"].isin(list(kinds))]
    _rows(problems, "unknown-kind", files["organizations"], "kind", bad_kind, "тип организации не указан в monitoring.yml.", f"используйте один из типов: {', '.join(kinds)}; новый тип сначала добавьте в data/monitoring.yml (kinds).")

    # Directions: parents exist, the tree has no cycles.
    dir_ids = set(dirs["id"])
    has_parent = dirs["parent_id"] != ""
    unknown_parent = dirs["parent_id"][has_parent & ~dirs["parent_id"].isin(dir_ids)]
    _rows(problems, "unknown-reference", files["directions"], "parent_id", unknown_parent, "родительское направление не найдено в directions.csv.", "укажите id существующего направления или оставьте пустым для направления верхнего уровня.")
    depth = _tree_depths(dirs, problems, files["directions"])
    dirs = dirs.assign(weight=dirs["weight"].fillna(1.0), depth=dirs["id"].map(depth).fillna(0).astype(int))

    # Indicators.
    f_ind = files["indicators"]
    unknown_dir = inds["direction_id"][(inds["direction_id"] != "") & ~inds["direction_id"].isin(dir_ids)]
    _rows(problems, "unknown-reference", f_ind, "direction_id", unknown_dir, "направление не найдено в directions.csv.", "укажите id направления из directions.csv этого года.")
    inds = inds.assign(
        polarity=inds["polarity"].where(inds["polarity"] != "", "higher_is_better"),
        method=inds["method"].where(inds["method"] != "", inds["unit"].map(DEFAULT_METHOD).fillna("")),
        weight=inds["weight"].fillna(1.0),
        kinds=inds["kinds"].map(lambda s: tuple(s.split(";")) if s else ()),
    )
    unknown_kinds = inds["kinds"].map(lambda ks: ";".join(k for k in ks if k not in kinds))
    _rows(problems, "unknown-kind", f_ind, "kinds", inds["kinds"][unknown_kinds != ""].map(";".join), "тип организации не указан в monitoring.yml.", f"используйте типы: {', '.join(kinds)}, через «;»; пусто — показатель для всех типов.")
    rules = [
        ((inds["unit"] == "points") & inds["max_points"].isna(), "max_points", "для единицы points не указан максимальный балл.", "заполните max_points."),
        ((inds["method"] == "points") & inds["max_points"].isna() & (inds["unit"] != "points"), "max_points", "для метода points не указан максимальный балл.", "заполните max_points."),
        ((inds["method"] == "target") & inds["target"].isna(), "target", "для метода target не указано целевое значение.", "заполните target."),
        ((inds["method"] == "target") & (inds["polarity"] == "higher_is_better") & (inds["target"] == 0), "target", "целевое значение 0 при «чем больше, тем лучше» не имеет смысла.", "укажите целевое значение больше 0."),
        ((inds["method"] == "boolean") != (inds["unit"] == "boolean"), "method", "метод boolean применяется только к единице boolean и наоборот.", "для единицы boolean оставьте метод пустым или boolean; для других единиц выберите points, ratio_to_best или target."),
        ((inds["unit"] == "boolean") & (inds["polarity"] == "lower_is_better"), "polarity", "для показателя «да/нет» направленность lower_is_better не поддерживается.", "сформулируйте показатель так, чтобы «да» было лучше, и оставьте polarity пустым."),
        ((inds["unit"] == "percent") & (inds["target"] > 100), "target", "целевое значение процента больше 100.", "укажите целевое значение от 0 до 100."),
    ]
    for mask, column, message, fix in rules:
        _rows(problems, "indicator-rule", f_ind, column, inds[column][mask].astype(str) if column in ("max_points", "target") else inds[column][mask], message, fix)

    # Levels: ordered by threshold; every score gets a level.
    levels = levels.sort_values("min_score", ascending=False, kind="stable")
    if len(levels) and levels["min_score"].min() != 0:
        problems.append(Problem("levels", files["levels"], "нет уровня с нижней границей 0: часть баллов осталась бы без уровня.", "задайте min_score = 0 для самого низкого уровня."))

    # Recommendations.
    f_rec = files["recommendations"]
    unknown_dir = recs["direction_id"][(recs["direction_id"] != "") & ~recs["direction_id"].isin(dir_ids)]
    _rows(problems, "unknown-reference", f_rec, "direction_id", unknown_dir, "направление не найдено в directions.csv.", "укажите id направления из directions.csv этого года.")
    recs = recs.assign(levels=recs["levels"].map(lambda s: tuple(s.split(";")) if s else ()))
    level_ids = set(levels["id"])
    unknown_lv = recs["levels"].map(lambda ls: ";".join(x for x in ls if x not in level_ids))
    _rows(problems, "unknown-reference", f_rec, "levels", unknown_lv[unknown_lv != ""], "уровень не найден в levels.csv.", f"используйте уровни: {', '.join(levels['id'])}.")

    # Values: references, applicability, range by unit.
    vals, found = _check_values(vals, orgs, inds, files["values"])
    problems += found
    if problems:
        return None, problems
    return YearData(package.year, package.descriptor, orgs, dirs, inds, vals, levels, recs, files), problems


def _check_schema(table, schema):
    from generator.tableschema import check_table

    return check_table(table, schema)


def _tree_depths(dirs: pd.DataFrame, problems: list[Problem], file: str) -> dict[str, int]:
    parent = dict(zip(dirs["id"], dirs["parent_id"]))
    row = dict(zip(dirs["id"], dirs.index))
    depth: dict[str, int] = {}
    for start in parent:
        chain = []
        node = start
        while node and node in parent and node not in depth:
            if node in chain:
                cycle = chain[chain.index(node):] + [node]
                if start == node:
                    problems.append(Problem("cycle", file, "направления образуют цикл: " + " → ".join(cycle) + ".", "исправьте parent_id так, чтобы у дерева была вершина без родителя.", row=int(row[node]), column="parent_id", value=parent[node]))
                for n in chain:
                    depth[n] = 0
                break
            chain.append(node)
            node = parent[node]
        base = depth.get(node, -1) if node in parent else -1
        for n in reversed(chain):
            if n not in depth:
                base += 1
                depth[n] = base
            else:
                base = depth[n]
    return depth


UNIT_RULES = {
    "percent": ("процент должен быть от 0 до 100.", "укажите процент числом от 0 до 100 без знака «%»."),
    "count": ("количество должно быть целым числом не меньше 0.", "укажите целое число, например 12."),
    "boolean": ("для показателя «да/нет» допустимы только 1 и 0.", "укажите 1 (да) или 0 (нет)."),
    "points": ("баллы должны быть от 0 до max_points.", "проверьте значение и максимальный балл показателя в indicators.csv."),
    "number": ("значение не может быть отрицательным.", "укажите число не меньше 0."),
}


def _check_values(vals: pd.DataFrame, orgs: pd.DataFrame, inds: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    known_org = vals["org_id"].isin(set(orgs["id"])) | (vals["org_id"] == "")
    _rows(problems, "unknown-reference", file, "org_id", vals["org_id"][~known_org], "организация не найдена в organizations.csv этого года.", "проверьте id или добавьте организацию в organizations.csv.")
    known_ind = vals["indicator_id"].isin(set(inds["id"])) | (vals["indicator_id"] == "")
    _rows(problems, "unknown-reference", file, "indicator_id", vals["indicator_id"][~known_ind], "показатель не найден в indicators.csv этого года.", "проверьте id или добавьте показатель в indicators.csv.")

    ind = inds.set_index("id")
    joined = vals.join(orgs.set_index("id")["kind"], on="org_id").join(ind[["unit", "kinds", "max_points"]], on="indicator_id")
    checkable = known_org & known_ind & joined["unit"].notna()
    all_kinds = sorted(set(orgs["kind"]))
    pairs = {f"{k}|{i}" for i, ks in zip(inds["id"], inds["kinds"]) for k in (ks or all_kinds)}
    applies = (joined["kind"].fillna("") + "|" + joined["indicator_id"]).isin(pairs)
    not_applicable = checkable & ~applies
    _rows(
        problems, "not-applicable", file, "indicator_id", vals["indicator_id"][not_applicable],
        "показатель не применяется к организациям этого типа (см. столбец kinds в indicators.csv).",
        "удалите строку или исправьте тип организации либо список kinds показателя.",
    )
    v = joined["value"]
    present = checkable & v.notna()
    unit = joined["unit"]
    bad = {
        "percent": (v < 0) | (v > 100),
        "count": (v < 0) | (v != np.floor(v)),
        "boolean": ~v.isin([0.0, 1.0]),
        "points": (v < 0) | (v > joined["max_points"]),
        "number": v < 0,
    }
    for u, mask in bad.items():
        rows = present & (unit == u) & mask.fillna(False).astype(bool)
        message, fix = UNIT_RULES[u]
        if u == "points":
            limit = joined["max_points"]
            message = lambda r, x: f"баллов больше максимума {limit[r]:g} (max_points) или меньше 0."  # noqa: E731
        _rows(problems, "value-range", file, "value", v[rows].map(lambda x: f"{x:g}"), message, fix)
    return vals, problems
