"""The comparison of two versions of the data (generator/review/model.py).

Both sides have been loaded, validated and computed (versions.py); `compare`
lists, per year package, what was added, removed or changed, every changed
value and whose figures changed. The corrections log reuses `compare` for one
year at a time.
"""

from __future__ import annotations

import pandas as pd

from generator import russian
from generator.arithmetic import round2
from generator.compute import ALL, Results
from generator.model import Dataset, YearData
from generator.review import cyclediff, effects, methodchange
from generator.review.model import (
    DataDiff,
    NodeChange,
    Record,
    RecordChange,
    Snapshot,
    SummaryChange,
    TableDiff,
    ValueChange,
    YearDiff,
    field_changes,
    plain,
    table_diff,
)

ORG_FIELDS = ("name", "kind", "short_name", "district", "website", "groups", "territory")
DIRECTION_FIELDS = ("name", "parent_id", "weight", "aggregation")
INDICATOR_FIELDS = (
    "name",
    "direction_id",
    "unit",
    "polarity",
    "method",
    "max_points",
    "target",
    "weight",
    "kinds",
    "source",
    "description",
    "groups",
    "municipal",
)
LEVEL_FIELDS = ("label", "min_score", "color")
PACKAGE_FIELDS = ("name", "title", "version", "description")
SETTINGS_FIELDS = (
    "title",
    "territory",
    "operator",
    "kinds",
    "missing",
    "stable_tolerance",
    "demo",
    "demo_notice",
    "publish_personal_names",
    "site_url",
    "bodies",
    "groups",
    "rank_decimals",
    "measure_forms",
)
NODE_ORDER = {"total": 0, "direction": 1, "indicator": 2}


def compare(base: Snapshot, head: Snapshot) -> DataDiff:
    out = DataDiff(base.label, head.label)
    if base.dataset is not None and head.dataset is not None:
        out.settings = _fields(_settings_dict(base.dataset), _settings_dict(head.dataset), SETTINGS_FIELDS)
    years_a = {y.year: y for y in base.dataset.years} if base.dataset else {}
    years_b = {y.year: y for y in head.dataset.years} if head.dataset else {}
    for y in sorted(set(years_a) | set(years_b)):
        a, b = years_a.get(y), years_b.get(y)
        if a is None:
            added = _whole_year(b, "added")
            effects.added_year(added, b, head)
            cyclediff.year(added, None, b, base, head)
            earlier = [x for x in head.dataset.years if x.year < y]
            if earlier:
                added.method = methodchange.between(earlier[-1], b).sentence()
            out.years.append(added)
        elif b is None:
            out.years.append(_whole_year(a, "removed"))
        else:
            yd = compare_year(a, b, base, head)
            if yd:
                out.years.append(yd)
    effects.link_years(out)
    cyclediff.goals(out, base, head)
    return out


def _settings_dict(ds: Dataset) -> dict:
    return {f: getattr(ds.settings, f) for f in SETTINGS_FIELDS}


def _whole_year(y: YearData, status: str) -> YearDiff:
    n_values = int(y.values["value"].notna().sum())
    return YearDiff(
        y.year, status, n_organizations=len(y.organizations), n_indicators=len(y.indicators), n_values=n_values
    )


def compare_year(a: YearData, b: YearData, base: Snapshot, head: Snapshot) -> YearDiff:
    out = YearDiff(b.year, "changed")
    out.package = _fields(a.descriptor, b.descriptor, PACKAGE_FIELDS)
    out.organizations = _table(a.organizations, b.organizations, ORG_FIELDS)
    out.directions = _table(a.directions, b.directions, DIRECTION_FIELDS)
    out.indicators = _table(a.indicators, b.indicators, INDICATOR_FIELDS)
    out.levels = _table(a.levels, b.levels, LEVEL_FIELDS, name="label")
    out.recommendations = _recommendations(a, b)
    out.values, out.other_values = _values(a, b)
    out.nodes = _nodes(a, b, base.results, head.results)
    out.municipal = _municipal(a, b, base, head)
    nodes = _node_names(a) | _node_names(b)
    out.dynamics, out.municipal_dynamics = effects.dynamics(a, b, base.results, head.results, nodes, head)
    cyclediff.year(out, a, b, base, head)
    return out


_fields = field_changes
_table = table_diff


def _recommendations(a: YearData, b: YearData) -> TableDiff:
    """Recommendations have no id: rows are matched by direction, levels and
    text (and whom they address: kinds, audience); an unmatched pair with the
    same direction and levels (or text) is a change of the other fields."""

    def rows(y: YearData) -> list[tuple[str, tuple, str, tuple, str]]:
        r = y.recommendations
        kinds = r["kinds"] if "kinds" in r else [()] * len(r)
        audience = r["audience"] if "audience" in r else [""] * len(r)
        return [
            (d, tuple(lv), t, tuple(k), au)
            for d, lv, t, k, au in zip(r["direction_id"], r["levels"], r["text"], kinds, audience)
        ]

    def fields(r) -> dict:
        return {"levels": list(r[1]), "text": r[2], "kinds": list(r[3]), "audience": r[4]}

    left, right = rows(a), rows(b)
    for r in list(right):
        if r in left:
            left.remove(r)
            right.remove(r)
    out = TableDiff()
    label = lambda d, lv: f"{d} ({';'.join(lv)})"
    for key in (lambda r: (r[0], r[1]), lambda r: (r[0], r[2])):
        for r in list(right):
            match = next((x for x in left if key(x) == key(r)), None)
            if match is None:
                continue
            left.remove(match)
            right.remove(r)
            changed = _fields(fields(match), fields(r), ("levels", "text", "kinds", "audience"))
            out.changed.append(RecordChange(label(r[0], r[1]), r[2], changed))
    out.added = [Record(label(r[0], r[1]), r[2]) for r in right]
    out.removed = [Record(label(r[0], r[1]), r[2]) for r in left]
    return out


def _values(a: YearData, b: YearData) -> tuple[list[ValueChange], int]:
    """Changed values of organizations and indicators present on both sides;
    an empty cell and a missing row are the same (not reported)."""
    key = ["org_id", "indicator_id"]
    va = a.values[key + ["value", "note"]].drop_duplicates(key)
    vb = b.values[key + ["value", "note"]].drop_duplicates(key)
    m = va.merge(vb, on=key, how="outer", suffixes=("_a", "_b"))
    for c in ("note_a", "note_b"):
        m[c] = m[c].fillna("").astype(str)
    both_na = m["value_a"].isna() & m["value_b"].isna()
    differs = ~both_na & ~(m["value_a"] == m["value_b"])
    m = m[differs | (m["note_a"] != m["note_b"])]
    orgs_a, orgs_b = set(a.organizations["id"]), set(b.organizations["id"])
    inds_a, inds_b = set(a.indicators["id"]), set(b.indicators["id"])
    common = m["org_id"].isin(orgs_a & orgs_b) & m["indicator_id"].isin(inds_a & inds_b)
    other = int((~common & (m["value_a"].notna() | m["value_b"].notna())).sum())
    m = m[common]
    names = dict(zip(b.organizations["id"], b.organizations["name"]))
    inds = b.indicators.set_index("id")
    org_order = {o: i for i, o in enumerate(b.organizations["id"])}
    ind_order = {o: i for i, o in enumerate(b.indicators["id"])}
    m = m.assign(_o=m["org_id"].map(org_order), _i=m["indicator_id"].map(ind_order))
    m = m.sort_values(["_o", "_i"], kind="stable")
    out = [
        ValueChange(
            r.org_id,
            names[r.org_id],
            r.indicator_id,
            inds.at[r.indicator_id, "name"],
            inds.at[r.indicator_id, "unit"],
            plain(r.value_a),
            plain(r.value_b),
            r.note_a,
            r.note_b,
        )
        for r in m.itertuples()
    ]
    return out, other


def _rank(lo, hi) -> str:
    return russian.rank(None if pd.isna(lo) else lo, None if pd.isna(hi) else hi)


def _level_label(y: YearData, level_id: str) -> str:
    if not level_id:
        return ""
    hit = y.levels[y.levels["id"] == level_id]
    return str(hit["label"].iloc[0]) if len(hit) else level_id


def _score(x) -> float | None:
    return None if x is None or pd.isna(x) else float(round2(x))


def _node_names(y: YearData) -> dict[tuple[str, str], str]:
    names = {("total", "total"): "Итоговый балл"}
    names.update({("direction", d): n for d, n in zip(y.directions["id"], y.directions["name"])})
    names.update({("indicator", i): n for i, n in zip(y.indicators["id"], y.indicators["name"])})
    return names


def _nodes(a: YearData, b: YearData, ra: Results, rb: Results) -> list[NodeChange]:
    key = ["org_id", "node_kind", "node_id"]
    cols = key + ["kind", "score", "rank_min", "rank_max", "level"]
    sa = ra.scores[ra.scores["year"] == a.year][cols]
    sb = rb.scores[rb.scores["year"] == b.year][cols]
    m = sa.merge(sb, on=key, how="inner", suffixes=("_a", "_b"))
    score_a, score_b = round2(m["score_a"]), round2(m["score_b"])
    score_differs = ~(score_a.isna() & score_b.isna()) & ~(score_a == score_b)
    ranks = lambda c: m[c].astype("Float64").fillna(-1)
    rank_differs = (ranks("rank_min_a") != ranks("rank_min_b")) | (ranks("rank_max_a") != ranks("rank_max_b"))
    m = m[score_differs.to_numpy() | rank_differs.to_numpy(dtype=bool) | (m["level_a"] != m["level_b"]).to_numpy()]
    names = dict(zip(b.organizations["id"], b.organizations["name"]))
    nodes = _node_names(a) | _node_names(b)
    org_order = {o: i for i, o in enumerate(b.organizations["id"])}
    node_order = {k: i for i, k in enumerate(_node_names(b))}
    m = m.assign(
        _k=m["node_kind"].map(NODE_ORDER),
        _o=m["org_id"].map(org_order),
        _n=[node_order.get(k, 0) for k in zip(m["node_kind"], m["node_id"])],
    )
    m = m.sort_values(["_k", "_n", "_o"], kind="stable")
    out = []
    for r in m.itertuples():
        old, new = _score(r.score_a), _score(r.score_b)
        out.append(
            NodeChange(
                r.org_id,
                names[r.org_id],
                r.kind_b,
                r.node_kind,
                r.node_id,
                nodes[(r.node_kind, r.node_id)],
                old,
                new,
                None if old is None or new is None else float(round2(new - old)),
                _rank(r.rank_min_a, r.rank_max_a),
                _rank(r.rank_min_b, r.rank_max_b),
                _level_label(a, r.level_a),
                _level_label(b, r.level_b),
            )
        )
    return out


def _municipal(a: YearData, b: YearData, base: Snapshot, head: Snapshot) -> list[SummaryChange]:
    key = ["scope", "node_kind", "node_id"]
    ma = base.results.municipal
    mb = head.results.municipal
    ma = ma[(ma["year"] == a.year) & (ma["node_kind"] != "indicator")][key + ["score", "level"]]
    mb = mb[(mb["year"] == b.year) & (mb["node_kind"] != "indicator")][key + ["score", "level"]]
    m = ma.merge(mb, on=key, how="inner", suffixes=("_a", "_b"), sort=False)
    sa, sb = round2(m["score_a"]), round2(m["score_b"])
    m = m[(~(sa.isna() & sb.isna()) & ~(sa == sb)) | (m["level_a"] != m["level_b"])]
    labels = {ALL: "Все организации", **head.dataset.settings.kinds}
    nodes = _node_names(a) | _node_names(b)
    return [
        SummaryChange(
            r.scope,
            labels.get(r.scope, r.scope),
            r.node_kind,
            r.node_id,
            nodes[(r.node_kind, r.node_id)],
            _score(r.score_a),
            _score(r.score_b),
            _level_label(a, r.level_a),
            _level_label(b, r.level_b),
        )
        for r in m.itertuples()
    ]
