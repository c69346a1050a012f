"""`python -m generator new-year YEAR`: start a year's package from the year
before it, so staff only fill in numbers.

Organizations, directions, indicators, levels and recommendations are copied
byte for byte (staff's own formatting stays); datapackage.json gets the new
name and title; values.csv gets one row with an empty value for every
applicable (organization, indicator) pair, in file order. The new year is a
draft (`"draft": true`): validated, never published until staff remove the mark.

Measures (rule 9): the unfinished ones of the year before (planned, in_progress)
are carried into the new measures.csv as a reminder, each with carried_from =
that year; validation refuses to publish a year while any carried_from is
filled (generator/cyclecheck.py), so staff must review each one (status, dates,
responsible) and clear the cell. practices.csv describes one year's practices
and is not copied."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator import russian
from generator.columns import POOLED
from generator.load import YEAR_MAX, YEAR_MIN
from generator.model import MEASURE_FIELDS, UNFINISHED_STATUSES, Dataset, YearData, applicable_pairs
from generator.schemacopy import year_files


class NewYearError(Exception):
    """Why the year cannot be created; the message is Russian, for staff."""


@dataclass
class Created:
    folder: Path
    previous: int
    rows: int  # rows written to values.csv
    carried: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, org_id, direction_id, title)


def _title(title: str, old: int, new: int) -> str:
    if re.search(rf"(?<!\d){old}(?!\d)", title):
        return re.sub(rf"(?<!\d){old}(?!\d)", str(new), title)
    return f"{title}, {new} год" if title else f"Мониторинг, {new} год"


def values_csv(y: YearData) -> bytes:
    """One row per applicable (organization, indicator) pair (rule 2, with groups),
    value and note empty; with the columns numerator and denominator when an
    indicator is pooled (rule 7b)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    pooled = bool((y.indicators["municipal"] == POOLED).any())
    w.writerow(["org_id", "indicator_id", "value", *(["numerator", "denominator"] if pooled else []), "note"])
    orgs = y.organizations[["id", "kind", "groups"]].rename(columns={"id": "org_id"})
    inds = y.indicators[["id", "kinds", "groups"]].rename(columns={"id": "indicator_id"})
    pairs = applicable_pairs(orgs, inds)
    empty = ["", "", "", ""] if pooled else ["", ""]
    w.writerows([org_id, ind_id, *empty] for org_id, ind_id in zip(pairs["org_id"], pairs["indicator_id"]))
    return buf.getvalue().encode("utf-8")


def measures_csv(y: YearData) -> tuple[bytes, list[tuple[str, str, str, str]]]:
    """The new year's measures.csv: the unfinished measures of `y`, marked carried_from = y's year."""
    m = y.measures[y.measures["status"].isin(UNFINISHED_STATUSES)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(MEASURE_FIELDS)
    for row in m.itertuples(index=False):
        cells = row._asdict()
        w.writerow([y.year if f == "carried_from" else cells[f] for f in MEASURE_FIELDS])
    return buf.getvalue().encode("utf-8"), list(zip(m["id"], m["org_id"], m["direction_id"], m["title"]))


def check_target(data_dir: Path, year: int, shown: str = "") -> Path:
    """The new year's folder, or NewYearError; checked before the data is
    validated, so that an existing (perhaps unfilled) year is named as such."""
    if not YEAR_MIN <= year <= YEAR_MAX:  # the years load reads (generator/load.py)
        raise NewYearError(
            f"год {year} вне допустимого диапазона: укажите год от {YEAR_MIN} до {YEAR_MAX}, например 2026."
        )
    target = data_dir / str(year)
    if target.exists():
        raise NewYearError(
            f"папка {shown or target} уже есть; генератор не перезаписывает данные. Если год нужно начать заново, "
            "удалите или переименуйте папку сами."
        )
    return target


def new_year(ds: Dataset, data_dir: Path, year: int, shown: str = "") -> Created:
    """shown: the new folder as the user would type it, for messages."""
    target = check_target(data_dir, year, shown)
    earlier = [y for y in ds.years if y.year < year]
    if not earlier:
        raise NewYearError(
            f"нет года раньше {year}, из которого можно взять организации и показатели; создайте папку по "
            "образцу из README."
        )
    prev = earlier[-1]
    source = data_dir / str(prev.year)
    descriptor = json.loads((source / "datapackage.json").read_text(encoding="utf-8-sig"))
    descriptor["name"] = f"monitoring-{year}"
    descriptor["title"] = _title(str(descriptor.get("title", "")), prev.year, year)
    if "year" in descriptor:
        descriptor["year"] = year
    for key in ("created", "draft"):  # a new package, in preparation until staff say otherwise
        descriptor.pop(key, None)
    descriptor["draft"] = True
    # A year's practices are its own: not carried into the next year.
    descriptor["resources"] = [r for r in descriptor.get("resources", []) if not _named(r, "practices")]
    if "measures" in prev.files and not any(_named(r, "measures") for r in descriptor["resources"]):
        descriptor["resources"].append({"name": "measures", "path": "measures.csv"})  # read without being listed
    paths = {r.get("name"): r.get("path") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    values_path = paths.get("values") or "values.csv"

    # A hidden folder beside the years (load skips it), renamed into place at the end.
    stage = data_dir / f".{year}.new"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        for name, rel in paths.items():
            if name in ("values", "measures") or not isinstance(rel, str):
                continue
            dest = stage / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / rel, dest)
        content = values_csv(prev)
        (stage / values_path).parent.mkdir(parents=True, exist_ok=True)
        (stage / values_path).write_bytes(content)
        carried: list[tuple[str, str, str, str]] = []
        if isinstance(paths.get("measures"), str):
            measures, carried = measures_csv(prev)
            (stage / paths["measures"]).parent.mkdir(parents=True, exist_ok=True)
            (stage / paths["measures"]).write_bytes(measures)
        # The descriptor and the schema copies of a standard package (generator/schemacopy.py).
        for rel, data in year_files(stage, descriptor).items():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            (stage / rel).write_bytes(data)
        stage.rename(target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return Created(target, prev.year, content.count(b"\n") - 1, carried)


def _named(resource: object, name: str) -> bool:
    return isinstance(resource, dict) and resource.get("name") == name


def carried_report(carried: list[tuple[str, str, str, str]], previous: int, folder: str) -> str:
    """What new-year carried into measures.csv: every measure, and what staff must do before publishing."""
    n = russian.plural(len(carried), "мера", "меры", "мер")
    lines = [f"В {folder}/measures.csv перенесены незавершённые меры {previous} года ({n}):"]
    lines += [f"  {i} — {title} ({org or 'муниципальная мера'}, {node})" for i, org, node, title in carried]
    lines.append(
        "У каждой в столбце carried_from указан год, из которого она перенесена. Проверьте статус, сроки и "
        "ответственного (лишние строки удалите) и очистите carried_from: пока он заполнен, год не опубликовать."
    )
    return "\n".join(lines)
