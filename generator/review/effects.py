"""What a change does beyond the figures of its own year
(generator/review/model.py), for compare.py:

- `added_year()`: a year added, by its results: how many organizations of
  each kind reached each level, the biggest changes of the total score
  against the year before, how many applicable values are not reported;
- `dynamics()`: in a year present on both sides, the figures whose change
  against the year before (delta, trend) changed while the figure itself did
  not: a correction to an earlier year moved the base of the comparison;
- `link_years()`: which changed year each such dynamics follows from, and
  which later years each change affects.
"""

from __future__ import annotations

import pandas as pd

from generator.arithmetic import round2
from generator.compute import ALL, Results
from generator.model import TREND_LABELS, NodeKind, YearData
from generator.review.model import DataDiff, DynamicsChange, LevelCount, Move, Snapshot, SummaryChange, YearDiff

MAX_MOVES = 5  # rises and as many falls


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(round2(x))


def _labels(y: YearData) -> dict[str, str]:
    return dict(zip(y.levels["id"], y.levels["label"]))


def added_year(yd: YearDiff, y: YearData, head: Snapshot) -> None:
    """Fill the results of an added year into yd."""
    scores = head.results.scores
    here = scores[scores["year"] == y.year]
    indicators = here[here["node_kind"] == NodeKind.INDICATOR.value]
    yd.n_applicable = len(indicators)
    yd.n_unreported = int(indicators["value"].isna().sum())
    totals = here[here["node_kind"] == NodeKind.TOTAL.value]
    labels = _labels(y)
    kinds = head.dataset.settings.kinds
    order = list(y.levels.sort_values("min_score", ascending=False, kind="stable")["id"])
    present = list(dict.fromkeys(y.organizations["kind"]))
    for kind in [k for k in kinds if k in present] + [k for k in present if k not in kinds]:
        mine = totals[totals["kind"] == kind]
        counts = mine["level"].fillna("").value_counts()
        for level in [*order, ""]:
            if counts.get(level, 0):
                yd.levels_by_kind.append(
                    LevelCount(kind, kinds.get(kind, kind), labels.get(level, ""), int(counts[level]))
                )
    yd.averages = _averages(y, head, labels)
    names = dict(zip(y.organizations["id"], y.organizations["name"]))
    moved = totals[totals["delta"].notna()]
    rank = lambda frame: frame.assign(_o=frame["org_id"].map({o: i for i, o in enumerate(names)}))
    rises = rank(moved[moved["delta"] > 0]).sort_values(["delta", "_o"], ascending=[False, True], kind="stable")
    falls = rank(moved[moved["delta"] < 0]).sort_values(["delta", "_o"], ascending=[True, True], kind="stable")
    for r in [*rises.head(MAX_MOVES).itertuples(), *falls.head(MAX_MOVES).itertuples()]:
        yd.moves.append(Move(r.org_id, names[r.org_id], r.kind, _num(r.score), _num(r.delta), labels.get(r.level, "")))


def _averages(y: YearData, head: Snapshot, labels: dict[str, str]) -> list[SummaryChange]:
    """The municipal total score of each scope in the added year, beside the year before."""
    m = head.results.municipal
    m = m[m["node_kind"] == NodeKind.TOTAL.value]
    earlier = m[m["year"] < y.year]
    before = earlier[earlier["year"] == earlier["year"].max()] if len(earlier) else earlier
    old = dict(zip(before["scope"], before["score"]))
    old_level = dict(zip(before["scope"], before["level"]))
    prev = [p for p in head.dataset.years if p.year < y.year]
    prev_labels = _labels(prev[-1]) if prev else {}
    scopes = {ALL: "Все организации", **head.dataset.settings.kinds}
    return [
        SummaryChange(
            r.scope,
            scopes.get(r.scope, r.scope),
            r.node_kind,
            r.node_id,
            "Итоговый балл",
            _num(old.get(r.scope)),
            _num(r.score),
            prev_labels.get(old_level.get(r.scope, ""), ""),
            labels.get(r.level, ""),
        )
        for r in m[m["year"] == y.year].itertuples()
    ]


def _changed(frame: pd.DataFrame) -> pd.Series:
    """Rows whose delta or trend differ between the sides _a and _b while the score does not."""
    sa, sb = round2(frame["score_a"]), round2(frame["score_b"])
    same_score = (sa.isna() & sb.isna()) | (sa == sb)
    da, db = frame["delta_a"], frame["delta_b"]
    delta_differs = ~(da.isna() & db.isna()) & ~(da == db)
    return (same_score & (delta_differs | (frame["trend_a"] != frame["trend_b"]))).to_numpy(dtype=bool)


def _change(who: str, name: str, r, node: str) -> DynamicsChange:
    return DynamicsChange(
        who,
        name,
        r.node_kind,
        r.node_id,
        node,
        _num(r.score_b),
        _num(r.delta_a),
        _num(r.delta_b),
        TREND_LABELS.get(r.trend_a, ""),
        TREND_LABELS.get(r.trend_b, ""),
    )


def dynamics(
    a: YearData, b: YearData, ra: Results, rb: Results, nodes: dict, head: Snapshot
) -> tuple[list[DynamicsChange], list[DynamicsChange]]:
    """(organizations, municipal summaries) of year b whose dynamics changed,
    totals and directions (an indicator's change is its raw value's)."""
    key = ["org_id", "node_kind", "node_id"]
    cols = key + ["score", "delta", "trend"]
    pick = lambda s, year: s[(s["year"] == year) & (s["node_kind"] != NodeKind.INDICATOR.value)][cols]
    m = pick(ra.scores, a.year).merge(pick(rb.scores, b.year), on=key, suffixes=("_a", "_b"))
    m = m[_changed(m)]
    names = dict(zip(b.organizations["id"], b.organizations["name"]))
    orgs = [_change(r.org_id, names[r.org_id], r, nodes[(r.node_kind, r.node_id)]) for r in m.itertuples()]
    mkey = ["scope", "node_kind", "node_id"]
    mcols = mkey + ["score", "delta", "trend"]
    mpick = lambda s, year: s[(s["year"] == year) & (s["node_kind"] != NodeKind.INDICATOR.value)][mcols]
    mm = mpick(ra.municipal, a.year).merge(mpick(rb.municipal, b.year), on=mkey, suffixes=("_a", "_b"))
    mm = mm[_changed(mm)]
    labels = {ALL: "Все организации", **head.dataset.settings.kinds}
    town = [_change(r.scope, labels.get(r.scope, r.scope), r, nodes[(r.node_kind, r.node_id)]) for r in mm.itertuples()]
    return orgs, town


def link_years(diff: DataDiff) -> None:
    """A year whose dynamics changed follows from the latest earlier year the
    comparison changed (added, removed or with changed figures)."""
    for yd in diff.years:
        if yd.dynamics or yd.municipal_dynamics:
            earlier = [y for y in diff.years if y.year < yd.year and _own_change(y)]
            if earlier:
                yd.cause = earlier[-1].year
                earlier[-1].affects.append(yd.year)


def _own_change(yd: YearDiff) -> bool:
    """A change of the year's own data or figures, not only of its dynamics."""
    if yd.status != "changed":
        return True
    return bool(yd.values or yd.nodes or yd.municipal or yd.organizations or yd.indicators or yd.directions) or bool(
        yd.levels or yd.package or yd.other_values
    )
