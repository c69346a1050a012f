"""Validation of the management cycle's files (methodology.md, rules 9-13;
issue 12): measures.csv and practices.csv of each year, data/goals.csv of the
whole folder. Called by validate.py on the frames checked against their Table
Schemas; the codes are in generator/problems/cycle.py.

As everywhere in validation, a cell that failed its schema check is "" or NaN
here and is skipped, and a reference into a table that is itself broken
(reported) is not judged: one mistake, one message."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from generator.columns import TOTAL
from generator.model import GOAL_MEASURE_LABELS, MEASURE_STATUSES
from generator.problems import Problem
from generator.problems import cycle as codes
from generator.problems.hints import maybe
from generator.settings import Settings
from generator.weburl import http_url_problem

# A person as Russian documents name one: «Петрова А. В.», «А. В. Петрова», «Петрова Анна Викторовна».
_UPPER, _LOWER = "А-ЯЁ", "а-яё"
_SURNAME = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_INITIALS = rf"[{_UPPER}]\.\s?[{_UPPER}]\."
PERSON_RE = re.compile(
    rf"(?<![{_UPPER}{_LOWER}])(?:{_SURNAME}\s+{_INITIALS}|{_INITIALS}\s?{_SURNAME}"
    rf"|{_SURNAME}\s+[{_UPPER}][{_LOWER}]+\s+[{_UPPER}][{_LOWER}]+(?:ович|евич|ич|овна|евна|ична|инична))"
    rf"(?![{_LOWER}])"
)


def looks_like_person(text: str) -> bool:
    return bool(PERSON_RE.search(text))


def _maybe(known) -> object:
    known = sorted(set(known) - {""})
    return lambda row, value: maybe(value, known)


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def measures(
    meas: pd.DataFrame,
    orgs: pd.DataFrame,
    dirs: pd.DataFrame,
    settings: Settings,
    draft: bool,
    file: str,
) -> list[Problem]:
    """Rule 9 on one year's measures.csv."""
    problems: list[Problem] = []
    if meas.empty:
        return problems
    org_ids, dir_ids = set(orgs["id"]) - {""}, set(dirs["id"]) - {""}
    org = meas["org_id"]
    if org_ids:  # an empty set: organizations.csv is broken (reported)
        codes.MEASURE_UNKNOWN_ORGANIZATION.rows(
            problems, file, "org_id", org[(org != "") & ~org.isin(org_ids)], maybe=_maybe(org_ids)
        )
    node = meas["direction_id"]
    if dir_ids:
        codes.MEASURE_UNKNOWN_DIRECTION.rows(
            problems,
            file,
            "direction_id",
            node[(node != "") & (node != TOTAL) & ~node.isin(dir_ids)],
            maybe=_maybe(dir_ids | {TOTAL}),
        )
    real = {}
    for column in ("start", "due"):
        cells = meas[column]
        ok = cells.map(lambda t: t == "" or _real_date(t))
        codes.MEASURE_BAD_DATE.rows(problems, file, column, cells[~ok])
        real[column] = cells.where(ok & (cells != ""), "")
    both = (real["start"] != "") & (real["due"] != "")
    early = both & (real["due"] < real["start"])  # ISO dates compare as text
    codes.MEASURE_DUE_BEFORE_START.rows(
        problems, file, "due", meas["due"][early], due=lambda r, v: v, start=lambda r, v: meas.at[r, "start"]
    )
    if "measure_forms" not in settings.unreadable:
        forms = settings.measure_forms
        form = meas["form"]
        listed = ", ".join(forms) or "(раздел measure_forms пуст — сначала добавьте формы в monitoring.yml)"
        codes.MEASURE_UNKNOWN_FORM.rows(
            problems, file, "form", form[(form != "") & ~form.isin(forms)], maybe=_maybe(forms), forms=listed
        )
    status = meas["status"]
    codes.MEASURE_UNKNOWN_STATUS.rows(
        problems,
        file,
        "status",
        status[(status != "") & ~status.isin(MEASURE_STATUSES)],
        maybe=_maybe(MEASURE_STATUSES),
    )
    if not settings.publish_personal_names:
        who = meas["responsible"]
        codes.MEASURE_PERSONAL_NAME.rows(problems, file, "responsible", who[who.map(looks_like_person)])
    if not draft:
        carried = meas["carried_from"].dropna()
        codes.MEASURE_CARRIED.rows(problems, file, "carried_from", carried.map(lambda y: f"{y:g}"), year=lambda r, v: v)
    return problems


def practices(prac: pd.DataFrame, orgs: pd.DataFrame, dirs: pd.DataFrame, file: str) -> list[Problem]:
    """Rule 13 on one year's practices.csv."""
    problems: list[Problem] = []
    if prac.empty:
        return problems
    org_ids, dir_ids = set(orgs["id"]) - {""}, set(dirs["id"]) - {""}
    org, node = prac["org_id"], prac["direction_id"]
    if org_ids:
        codes.PRACTICE_UNKNOWN_ORGANIZATION.rows(
            problems, file, "org_id", org[(org != "") & ~org.isin(org_ids)], maybe=_maybe(org_ids)
        )
    if dir_ids:
        codes.PRACTICE_UNKNOWN_DIRECTION.rows(
            problems, file, "direction_id", node[(node != "") & ~node.isin(dir_ids)], maybe=_maybe(dir_ids)
        )
    link = prac["link"]
    why = link.map(lambda u: http_url_problem(u) if u else None)
    codes.PRACTICE_BAD_LINK.rows(problems, file, "link", link[why.notna()], why=lambda r, v: why[r])
    return problems


def goals(goal: pd.DataFrame, known: dict[str, set], settings: Settings, file: str) -> list[Problem]:
    """Rule 12 on data/goals.csv. known: the ids over every year of the folder:
    years, directions, indicators, levels, territories (each an empty set when
    the tables holding them are broken, reported: nothing is judged against it)."""
    problems: list[Problem] = []
    if goal.empty:
        return problems
    measure, node, level = goal["measure"], goal["node_id"], goal["level"]
    codes.GOAL_UNKNOWN_MEASURE.rows(
        problems, file, "measure", measure[(measure != "") & ~measure.isin(GOAL_MEASURE_LABELS)]
    )
    on_indicator = measure == "indicator_value"
    on_node = measure.isin(("summary", "share_at_level"))
    if known["directions"]:
        nodes = known["directions"] | {TOTAL}
        bad = node[on_node & (node != "") & ~node.isin(nodes)]
        codes.GOAL_UNKNOWN_NODE.rows(problems, file, "node_id", bad, maybe=_maybe(nodes))
    if known["indicators"]:
        bad = node[on_indicator & (node != "") & ~node.isin(known["indicators"])]
        codes.GOAL_UNKNOWN_INDICATOR.rows(problems, file, "node_id", bad, maybe=_maybe(known["indicators"]))
    if settings.kinds:  # {}: monitoring.yml is broken (reported)
        scope = goal["scope"]
        scopes = {"all", *settings.kinds, *known["territories"]}
        codes.GOAL_UNKNOWN_SCOPE.rows(
            problems, file, "scope", scope[(scope != "") & ~scope.isin(scopes)], kinds=", ".join(settings.kinds)
        )
    shares = measure == "share_at_level"
    if known["levels"]:
        levels = ", ".join(sorted(known["levels"]))
        bad = level[shares & (level != "") & ~level.isin(known["levels"])]
        codes.GOAL_UNKNOWN_LEVEL.rows(problems, file, "level", bad, maybe=_maybe(known["levels"]), levels=levels)
        empty = pd.Series(None, index=goal.index[(shares & (level == "")).to_numpy()], dtype=object)
        codes.GOAL_NO_LEVEL.rows(problems, file, "level", empty, levels=levels)
    years = known["years"]
    shown = ", ".join(map(str, sorted(years)))
    for column in ("baseline_year", "target_year"):
        given = goal[column].dropna()
        outside = given[~given.isin(years)] if years else given.iloc[:0]
        codes.GOAL_YEAR_OUTSIDE.rows(
            problems, file, column, outside.map(lambda y: f"{y:g}"), year=lambda r, v: v, years=shown
        )
    base, target = goal["baseline_year"].to_numpy(dtype=float), goal["target_year"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        early = pd.Series(target < base, index=goal.index)
    codes.GOAL_TARGET_BEFORE_BASELINE.rows(
        problems,
        file,
        "target_year",
        goal["target_year"][early].map(lambda y: f"{y:g}"),
        target=lambda r, v: v,
        baseline=lambda r, v: f"{goal.at[r, 'baseline_year']:g}",
    )
    return problems
