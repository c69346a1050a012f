"""The letter to one organization's head: its results of the year, level,
place, dynamics, strengths and deficits, its targeted recommendations, the
measures planned for it and the date its plan is due. Every figure comes from
the read model (Results through generator/render/readmodel.py). The head is named
by position; the name only when monitoring.yml sets publish_personal_names."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.documents.cycle import planned
from generator.documents.texts import plan_due, title_lines
from generator.model import TREND_LABELS
from generator.render.markup import rank
from generator.render.readmodel import ReadModel, ScoreRow, rounded
from generator.render.records import doc

STRENGTHS = 5  # indicators most above / below the kind's mean, as the organization page shows


@dataclass(frozen=True)
class Figure:
    name: str = doc("Direction or indicator name")
    depth: int = doc("Depth in the tree, 0 at the top")
    score: float | None = doc("The organization's score, rounded")
    level: str = doc("Level label, '' = none")
    place: str = doc("Place among the kind («3 из 40»)")
    peer: float | None = doc("Mean score of the kind, rounded")
    delta: float | None = doc("Change against the previous year, rounded")
    trend: str = doc("Trend in words, '' = none")


@dataclass(frozen=True)
class Gap:
    name: str = doc("Indicator name")
    score: float | None = doc("The organization's score on it, rounded")
    peer: float | None = doc("Mean score of the kind on it, rounded")
    gap: float = doc("Distance from that mean, rounded, without sign")


@dataclass(frozen=True)
class RecGroup:
    node: str = doc("Direction name (or «Итоговый балл»)")
    level: str = doc("The organization's level there, which the recommendations are for, '' = any")
    items: tuple[str, ...] = doc("Texts of the recommendations")


@dataclass(frozen=True)
class PlannedMeasure:
    title: str = doc("What is planned")
    node: str = doc("Direction it answers")
    due: str = doc("Due date, DD.MM.YYYY, '' = none")
    responsible: str = doc("Who is responsible (a body or a position)")


@dataclass(frozen=True)
class LetterContext:
    year: int = doc("Monitoring year")
    org_id: str = doc("Organization id (file names)")
    org_name: str = doc("Organization name")
    kind_label: str = doc("Kind label (plural, as lists name them)")
    addressee: tuple[str, ...] = doc("Lines of the address: position, organization, the name only if published")
    sender: tuple[str, ...] = doc("The operator and the authority, top left")
    total: Figure | None = doc("Total score, level, place, dynamics; None = not scored")
    of: int = doc("Organizations of the kind with a total score")
    directions: tuple[Figure, ...] = doc("Scores by direction, in tree order")
    strengths: tuple[Gap, ...] = doc("Indicators most above the kind's mean")
    deficits: tuple[Gap, ...] = doc("Indicators most below the kind's mean")
    missing: tuple[str, ...] = doc("Indicators with no value submitted")
    recommendations: tuple[RecGroup, ...] = doc("Targeted recommendations, by direction")
    measures: tuple[PlannedMeasure, ...] = doc("Measures planned for the organization (measures.csv), empty = none")
    plan_due: str = doc("Date its plan is due, in words (the calendar), '' = not set")
    operator: str = doc("Who signs: the operator, '' = not named")
    notice: str = doc("The demo notice, '' for real data")


class YearRows:
    """The score rows of one year by organization: built once for all the year's letters."""

    def __init__(self, lk: ReadModel, y: int):
        s = lk.results.scores
        sel = s[s["year"].to_numpy() == y]
        columns = [
            sel[c].astype("float64").to_numpy() if c in ("rank_min", "rank_max") else sel[c].to_numpy()
            for c in ScoreRow._fields
        ]
        self.rows: dict[str, dict[tuple[str, str], ScoreRow]] = {}
        for row in map(ScoreRow._make, zip(*columns)):
            self.rows.setdefault(row.org_id, {})[(row.node_kind, row.node_id)] = row
        self.orgs = [o for o in dict.fromkeys(sel["org_id"].tolist())]


def _level(lk: ReadModel, y: int, level_id: str) -> str:
    lv = lk.level(y, level_id) if level_id else None
    return lv.label if lv else ""


def _trend(trend_id: str) -> str:
    return TREND_LABELS.get(trend_id, "") if trend_id else ""


def _score(x) -> float | None:
    return None if x is None or pd.isna(x) else rounded(x)


def letter(lk: ReadModel, y: int, org_id: str, rows: YearRows) -> LetterContext:
    s = lk.ds.settings
    info = lk.org[org_id]
    kind = info.kind
    mine = rows.rows.get(org_id, {})
    of = int(lk.ranked_count.get((y, kind), 0))
    t = mine.get(("total", "total"))
    peer_total = lk.muni(y, kind, "total", "total")
    total = None
    if t is not None:
        total = Figure(
            "Итоговый балл",
            0,
            _score(t.score),
            _level(lk, y, t.level),
            rank(t.rank_min, t.rank_max, of),
            _score(peer_total.score) if peer_total else None,
            _score(t.delta),
            _trend(t.trend),
        )
    directions = []
    for d in lk.direction_rows[y]:
        r = mine.get(("direction", d.id))
        if r is None:
            continue
        m = lk.muni(y, kind, "direction", d.id)
        directions.append(
            Figure(
                d.name,
                int(d.depth),
                _score(r.score),
                _level(lk, y, r.level),
                rank(r.rank_min, r.rank_max),
                _score(m.score) if m else None,
                _score(r.delta),
                _trend(r.trend),
            )
        )
    gaps, missing = [], []
    for ind in lk.indicator_rows[y]:
        r = mine.get(("indicator", ind.id))
        if r is None:
            continue
        if pd.isna(r.value):
            missing.append(ind.name)
            continue
        peer = lk.peer_score.get((y, kind, ind.id))
        if peer is None or pd.isna(peer) or pd.isna(r.score):
            continue
        gaps.append((r.score - peer, ind.id, ind.name, r.score, peer))
    strengths = tuple(
        Gap(n, rounded(sc), rounded(p), rounded(g))
        for g, _, n, sc, p in sorted(gaps, key=lambda x: (-x[0], x[1]))
        if rounded(g) > 0
    )[:STRENGTHS]
    deficits = tuple(
        Gap(n, rounded(sc), rounded(p), -rounded(g))
        for g, _, n, sc, p in sorted(gaps, key=lambda x: (x[0], x[1]))
        if rounded(g) < 0
    )[:STRENGTHS]
    groups: dict[str, list] = {}
    for r in lk.recs.get(org_id, []):
        if r.year == y:
            groups.setdefault(r.direction_id, []).append(r)
    recommendations = tuple(
        RecGroup(lk.node_name(node), _level(lk, y, recs[0].level), tuple(r.text for r in recs))
        for node, recs in groups.items()
    )
    head = info.head if s.publish_personal_names and info.head else ""
    addressee = ("Руководителю", info.name, *((head,) if head else ()))
    sender = title_lines(s)
    return LetterContext(
        year=y,
        org_id=org_id,
        org_name=info.name,
        kind_label=lk.kinds.get(kind, kind),
        addressee=addressee,
        sender=sender,
        total=total,
        of=of,
        directions=tuple(directions),
        strengths=strengths,
        deficits=deficits,
        missing=tuple(missing),
        recommendations=recommendations,
        measures=tuple(PlannedMeasure(*m) for m in planned(lk, y, org_id)),
        plan_due=plan_due(s, y),
        operator=s.operator,
        notice=(s.demo_notice or "Демонстрационные данные: организации и значения вымышлены.") if s.demo else "",
    )
