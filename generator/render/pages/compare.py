"""The comparison page: a visitor picks up to four organizations of one kind
and sees them side by side. The page itself is small; the figures come from
one JSON file per kind (downloads/compare/<kind>.json), fetched from the
site when the visitor picks that kind, so no page carries every
organization. Every figure in those files is computed and formatted here
(the Russian way, as the pages write it); compare.js only places it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from generator.render import markup
from generator.render import urls as U
from generator.render.pages.base import Page, doc
from generator.render.readmodel import ReadModel

MAX_ORGS = 4


@dataclass(frozen=True)
class CompareKind:
    id: str = doc("Kind id")
    label: str = doc("Kind label")
    data: str = doc("Link to the kind's JSON file, relative to the page")
    n: int = doc("Number of organizations of the kind")


@dataclass(frozen=True)
class ComparePage(Page):
    TEMPLATE = "compare.md.j2"
    kinds: tuple[CompareKind, ...] = doc("Kinds to compare within, in the order of monitoring.yml")
    max_orgs: int = doc("Most organizations shown side by side")
    organizations: str = doc("Link to the list of organizations")


def data_path(kind: str) -> str:
    return f"{U.COMPARE_DATA}/{kind}.json"


def compare_page(lk: ReadModel, page: str) -> ComparePage:
    kinds = tuple(
        CompareKind(k, label, U.href(page, data_path(k)), len(lk.orgs_of_kind[k]))
        for k, label in lk.kinds.items()
        if lk.orgs_of_kind.get(k)
    )
    return ComparePage(corrections=(), kinds=kinds, max_orgs=MAX_ORGS, organizations=U.href(page, U.ORGANIZATIONS))


def _cell(lk: ReadModel, year: int, score, level_id: str, levels: dict) -> list:
    """[score as the pages write it, index of the level in `levels` or -1]."""
    if score is None or pd.isna(score):
        return ["—", -1]
    lv = lk.level(year, level_id) if level_id else None
    if lv is None:
        return [markup.score(score), -1]
    return [markup.score(score), levels.setdefault((lv.label, lv.css), len(levels))]


def kind_data(lk: ReadModel, kind: str) -> dict:
    """Everything the comparison of one kind shows, compact: per organization
    its names, search keys, latest total and place, direction scores of its
    latest year (aligned with `directions`) and the total of every year
    (aligned with `years`); levels as indexes into `levels`."""
    levels: dict[tuple[str, str], int] = {}
    directions: dict[str, dict] = {}
    for y in lk.years:
        for d in lk.direction_rows[y]:
            directions[d.id] = {"id": d.id, "name": d.name, "depth": int(d.depth)}  # the latest name wins
    # Tree order of the latest year first, then directions that were dropped.
    order = [d.id for d in lk.direction_rows[lk.latest]] + [
        d for d in directions if d not in {x.id for x in lk.direction_rows[lk.latest]}
    ]
    orgs = []
    for oid in lk.orgs_of_kind.get(kind, ()):
        o, tag = lk.org[oid], lk.tags[oid]
        y = lk.org_years[oid][-1]
        now = lk.org_now.get(oid, {})
        totals = lk.org_totals.get(oid, {})
        t = now.get(("total", "total"))
        of = int(lk.ranked_count.get((y, kind), 0))
        dirs = []
        for did in order:
            r = now.get(("direction", did))
            dirs.append(_cell(lk, y, None, "", levels) if r is None else _cell(lk, y, r.score, r.level, levels))
        history = []
        for hy in lk.years:
            h = totals.get(hy)
            history.append(_cell(lk, hy, None, "", levels) if h is None else _cell(lk, hy, h.score, h.level, levels))
        orgs.append(
            {
                "id": oid,
                "name": o.name,
                "short": tag.short,
                "keys": tag.keys,
                "district": o.district,
                "href": U.href(U.COMPARE, U.org(oid)),
                "year": y,
                "total": _cell(lk, y, None if t is None else t.score, "" if t is None else t.level, levels),
                "rank": "—" if t is None else markup.rank(t.rank_min, t.rank_max, of),
                "directions": dirs,
                "history": history,
            }
        )
    return {
        "kind": kind,
        "label": lk.kinds.get(kind, kind),
        "years": lk.years,
        "directions": [directions[d] for d in order],
        "levels": [{"label": label, "css": css} for (label, css), _ in sorted(levels.items(), key=lambda kv: kv[1])],
        "orgs": orgs,
    }


# Names from data never appear as markup, even in a file opened as a page:
# < > & are written as JSON escapes (JSON.parse reads the same strings back).
_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def data_files(lk: ReadModel) -> dict[str, bytes]:
    """downloads/compare/<kind>.json for every kind with organizations: compact, deterministic."""
    return {
        data_path(kind): json.dumps(
            kind_data(lk, kind), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
        )
        .translate(_INERT)
        .encode("utf-8")
        for kind in lk.kinds
        if lk.orgs_of_kind.get(kind)
    }
