"""`python -m generator diff`: what a change to the data does.

Both sides go through load -> validate -> compute; `compare` then lists, per
year package, the organizations, directions, indicators, levels and
recommendations added, removed or changed (field by field), every changed
value, and the consequences: whose score, rank or level changed, per node
(total, direction, indicator), and the municipal summaries.

The result is data (`DataDiff`); `markdown()` writes it short enough for a
pull-request comment, `to_json()` in full. The corrections log reuses
`compare` and `sentence()`.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from generator import comment, methodchange
from generator.arithmetic import round2
from generator.compute import ALL, Results
from generator.model import Dataset, YearData
from generator.render import markup

MAX_ROWS = 60  # rows of one detail table in Markdown; the JSON has them all
MAX_MARKDOWN = comment.LIMIT  # GitHub refuses comments above 65 536 characters
SENTENCE_LIMIT = 3000  # a year's summary sentence in the comment

ORG_FIELDS = ("name", "kind", "short_name", "district", "website")
DIRECTION_FIELDS = ("name", "parent_id", "weight")
INDICATOR_FIELDS = ("name", "direction_id", "unit", "polarity", "method", "max_points", "target", "weight", "kinds", "source", "description")
LEVEL_FIELDS = ("label", "min_score", "color")
PACKAGE_FIELDS = ("name", "title", "version", "description")
SETTINGS_FIELDS = ("title", "territory", "operator", "kinds", "missing", "stable_tolerance", "demo", "demo_notice", "publish_personal_names", "site_url")
NODE_ORDER = {"total": 0, "direction": 1, "indicator": 2}


# -- The result, as data ------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    old: object
    new: object


@dataclass
class Record:
    id: str
    name: str


@dataclass
class RecordChange:
    id: str
    name: str
    fields: list[FieldChange]


@dataclass
class TableDiff:
    added: list[Record] = field(default_factory=list)
    removed: list[Record] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class ValueChange:
    org_id: str
    org: str
    indicator_id: str
    indicator: str
    unit: str
    old: float | None
    new: float | None
    old_note: str = ""
    new_note: str = ""


@dataclass
class NodeChange:
    """One organization's figure for one node: score (rounded), rank, level label."""

    org_id: str
    org: str
    kind: str
    node_kind: str
    node_id: str
    node: str
    old_score: float | None
    new_score: float | None
    delta: float | None
    old_rank: str
    new_rank: str
    old_level: str
    new_level: str


@dataclass
class SummaryChange:
    """A municipal summary (свод), overall or of one kind."""

    scope: str
    scope_label: str
    node_kind: str
    node_id: str
    node: str
    old_score: float | None
    new_score: float | None
    old_level: str
    new_level: str


@dataclass
class YearDiff:
    year: int
    status: str  # "added", "removed" or "changed"
    package: list[FieldChange] = field(default_factory=list)
    organizations: TableDiff = field(default_factory=TableDiff)
    directions: TableDiff = field(default_factory=TableDiff)
    indicators: TableDiff = field(default_factory=TableDiff)
    levels: TableDiff = field(default_factory=TableDiff)
    recommendations: TableDiff = field(default_factory=TableDiff)
    values: list[ValueChange] = field(default_factory=list)
    other_values: int = 0  # values of organizations or indicators added or removed (counted, not listed)
    nodes: list[NodeChange] = field(default_factory=list)
    municipal: list[SummaryChange] = field(default_factory=list)
    n_organizations: int = 0
    n_indicators: int = 0
    n_values: int = 0
    method: str = ""  # a year added: how its methodology differs from the year before it

    def __bool__(self) -> bool:
        return self.status != "changed" or bool(
            self.package or self.organizations or self.directions or self.indicators or self.levels or self.recommendations
            or self.values or self.other_values or self.nodes or self.municipal
        )

    def totals(self) -> list[NodeChange]:
        return [n for n in self.nodes if n.node_kind == "total"]

    def affected_orgs(self, totals_only: bool = False) -> list[str]:
        """Organizations whose data or figures changed: their values, their
        record, their total (score, rank, level) or, unless totals_only, any
        direction or indicator figure."""
        ids = [v.org_id for v in self.values] + [n.org_id for n in self.nodes if not totals_only or n.node_kind == "total"]
        ids += [r.id for r in self.organizations.added + self.organizations.removed] + [r.id for r in self.organizations.changed]
        return list(dict.fromkeys(ids))

    def affected_indicators(self) -> list[str]:
        ids = [v.indicator_id for v in self.values]
        ids += [r.id for r in self.indicators.added + self.indicators.removed] + [r.id for r in self.indicators.changed]
        return list(dict.fromkeys(ids))

    def affected_directions(self) -> list[str]:
        ids = [r.id for r in self.directions.added + self.directions.removed] + [r.id for r in self.directions.changed]
        return list(dict.fromkeys(ids))


@dataclass
class DataDiff:
    base: str
    head: str
    settings: list[FieldChange] = field(default_factory=list)
    years: list[YearDiff] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.settings and not self.years


# -- Comparing ----------------------------------------------------------------


@dataclass
class Snapshot:
    """One side of a comparison: a validated dataset and its results, or
    nothing (no data at that revision)."""

    label: str
    dataset: Dataset | None = None
    results: Results | None = None


def snapshot(data_dir: Path, label: str, root: Path | None = None) -> Snapshot:
    """Load, validate and compute a data folder; raises DataError."""
    from generator.pipeline import run

    if not data_dir.is_dir() or not any(data_dir.iterdir()):
        return Snapshot(label)
    ds, results = run(data_dir, root or data_dir.parent)
    return Snapshot(label, ds, results)


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
    return out


def _settings_dict(ds: Dataset) -> dict:
    return {f: getattr(ds.settings, f) for f in SETTINGS_FIELDS}


def _whole_year(y: YearData, status: str) -> YearDiff:
    return YearDiff(y.year, status, n_organizations=len(y.organizations), n_indicators=len(y.indicators), n_values=int(y.values["value"].notna().sum()))


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
    return out


def _clean(x):
    """A cell as JSON: NaN -> None, numpy scalars -> Python, tuples -> lists."""
    if x is None:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, (tuple, list)):
        return list(x)
    if hasattr(x, "item"):
        return _clean(x.item())
    return x


def _same(x, y) -> bool:
    x, y = _clean(x), _clean(y)
    if x in (None, "") and y in (None, ""):
        return True
    if isinstance(x, list) and isinstance(y, list):
        return sorted(map(str, x)) == sorted(map(str, y))
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool) and not isinstance(y, bool):
        return float(x) == float(y)
    return x == y


def _fields(a: dict, b: dict, names: tuple[str, ...]) -> list[FieldChange]:
    return [FieldChange(f, _clean(a.get(f)), _clean(b.get(f))) for f in names if not _same(a.get(f), b.get(f))]


def _table(a: pd.DataFrame, b: pd.DataFrame, names: tuple[str, ...], name: str = "name") -> TableDiff:
    ra = {r["id"]: r for r in a.to_dict("records")}
    rb = {r["id"]: r for r in b.to_dict("records")}
    out = TableDiff()
    for rid, r in rb.items():
        if rid not in ra:
            out.added.append(Record(rid, str(r[name])))
        else:
            changed = _fields(ra[rid], r, names)
            if changed:
                out.changed.append(RecordChange(rid, str(r[name]), changed))
    out.removed = [Record(rid, str(r[name])) for rid, r in ra.items() if rid not in rb]
    return out


def _recommendations(a: YearData, b: YearData) -> TableDiff:
    """Recommendations have no id: rows are matched by direction, levels and
    text; an unmatched pair with the same direction and levels (or text) is a
    change of the other field."""

    def rows(y: YearData) -> list[tuple[str, tuple, str]]:
        return [(r.direction_id, tuple(r.levels), r.text) for r in y.recommendations.itertuples()]

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
            changed = _fields({"levels": list(match[1]), "text": match[2]}, {"levels": list(r[1]), "text": r[2]}, ("levels", "text"))
            out.changed.append(RecordChange(label(r[0], r[1]), r[2], changed))
    out.added = [Record(label(d, lv), t) for d, lv, t in right]
    out.removed = [Record(label(d, lv), t) for d, lv, t in left]
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
    m = m.assign(_o=m["org_id"].map(org_order), _i=m["indicator_id"].map(ind_order)).sort_values(["_o", "_i"], kind="stable")
    out = [
        ValueChange(r.org_id, names[r.org_id], r.indicator_id, inds.at[r.indicator_id, "name"], inds.at[r.indicator_id, "unit"], _clean(r.value_a), _clean(r.value_b), r.note_a, r.note_b)
        for r in m.itertuples()
    ]
    return out, other


def _rank(lo, hi) -> str:
    return markup.rank(None if pd.isna(lo) else lo, None if pd.isna(hi) else hi)


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
    rank_differs = (m["rank_min_a"].astype("Float64").fillna(-1) != m["rank_min_b"].astype("Float64").fillna(-1)) | (
        m["rank_max_a"].astype("Float64").fillna(-1) != m["rank_max_b"].astype("Float64").fillna(-1))
    m = m[score_differs.to_numpy() | rank_differs.to_numpy(dtype=bool) | (m["level_a"] != m["level_b"]).to_numpy()]
    names = dict(zip(b.organizations["id"], b.organizations["name"]))
    nodes = _node_names(a) | _node_names(b)
    org_order = {o: i for i, o in enumerate(b.organizations["id"])}
    node_order = {k: i for i, k in enumerate(_node_names(b))}
    m = m.assign(_k=m["node_kind"].map(NODE_ORDER), _o=m["org_id"].map(org_order), _n=[node_order.get(k, 0) for k in zip(m["node_kind"], m["node_id"])])
    m = m.sort_values(["_k", "_n", "_o"], kind="stable")
    out = []
    for r in m.itertuples():
        old, new = _score(r.score_a), _score(r.score_b)
        out.append(NodeChange(
            r.org_id, names[r.org_id], r.kind_b, r.node_kind, r.node_id, nodes[(r.node_kind, r.node_id)], old, new,
            None if old is None or new is None else float(round2(new - old)),
            _rank(r.rank_min_a, r.rank_max_a), _rank(r.rank_min_b, r.rank_max_b), _level_label(a, r.level_a), _level_label(b, r.level_b),
        ))
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
        SummaryChange(r.scope, labels.get(r.scope, r.scope), r.node_kind, r.node_id, nodes[(r.node_kind, r.node_id)], _score(r.score_a), _score(r.score_b), _level_label(a, r.level_a), _level_label(b, r.level_b))
        for r in m.itertuples()
    ]


# -- Words --------------------------------------------------------------------


def _p(n: int, one: str, few: str, many: str) -> str:
    return markup.plural(n, one, few, many)


def _q(text: object) -> str:
    return f"«{markup.clean(text)}»"


def _v(x, unit: str = "number") -> str:
    return markup.value(x, unit)


def year_summary(yd: YearDiff, detail: int = 3) -> str:
    """What changed in one year, as one Russian sentence without the year."""
    if yd.status == "added":
        return f"добавлен год: {_p(yd.n_organizations, 'организация', 'организации', 'организаций')}, {_p(yd.n_indicators, 'показатель', 'показателя', 'показателей')}, {_p(yd.n_values, 'значение', 'значения', 'значений')}"
    if yd.status == "removed":
        return "год удалён из данных"
    parts = []
    if yd.package:
        parts.append("описание пакета (" + ", ".join(f.field for f in yd.package) + ")")
    parts += _table_words(yd.organizations, ("добавлена организация", "добавлено организаций:"), ("удалена организация", "удалено организаций:"), "организация", detail, renamed=True)
    parts += _table_words(yd.directions, ("добавлено направление", "добавлено направлений:"), ("удалено направление", "удалено направлений:"), "направление", detail)
    parts += _table_words(yd.indicators, ("добавлен показатель", "добавлено показателей:"), ("удалён показатель", "удалено показателей:"), "показатель", detail)
    if yd.levels:
        parts.append("изменены уровни (пороги или названия)")
    if yd.recommendations:
        n = len(yd.recommendations.added) + len(yd.recommendations.removed) + len(yd.recommendations.changed)
        parts.append("изменены рекомендации: " + _p(n, "строка", "строки", "строк"))
    vals = [v for v in yd.values if not _same(v.old, v.new)]
    notes = len(yd.values) - len(vals)
    if vals and len(vals) <= detail:
        parts += [f"значение показателя {_q(v.indicator)} у организации {_q(v.org)}: {_v(v.old, v.unit)} → {_v(v.new, v.unit)}" for v in vals]
    elif vals:
        parts.append("изменено " + _p(len(vals), "значение", "значения", "значений"))
    if notes:
        parts.append("изменены примечания: " + str(notes))
    if yd.other_values:
        parts.append("значения добавленных или удалённых организаций и показателей: " + str(yd.other_values))
    parts += consequences(yd)
    return "; ".join(parts) if parts else "изменений нет"


def consequences(yd: YearDiff) -> list[str]:
    """Who changed score, level or rank: the total, then directions and indicators."""
    orgs = lambda n: _p(n, "организации", "организаций", "организаций")
    out = []
    totals = yd.totals()
    bits = []
    for what, verb, changed in (
        ("итоговый балл", "изменился", [n for n in totals if n.old_score != n.new_score]),
        ("итоговый уровень", "изменился", [n for n in totals if n.old_level != n.new_level]),
        ("место в рейтинге", "изменилось", [n for n in totals if n.old_rank != n.new_rank]),
    ):
        if changed:
            bits.append(f"{what} {verb} у {orgs(len(changed))}" if not bits else f"{what} — у {len(changed)}")
    if bits:
        out.append(", ".join(bits))
    for node_kind, what in (("direction", "баллы, уровни или места по направлениям"), ("indicator", "баллы или места по показателям")):
        who = {n.org_id for n in yd.nodes if n.node_kind == node_kind}
        if who:
            out.append(f"{what} — у {orgs(len(who))}")
    if not yd.nodes and (yd.values or yd.levels or yd.indicators or yd.directions):
        out.append("баллы, уровни и места не изменились")
    return out


def _table_words(t: TableDiff, added: tuple[str, str], removed: tuple[str, str], noun: str, detail: int, renamed: bool = False) -> list[str]:
    out = []
    for rows, (one, many) in ((t.added, added), (t.removed, removed)):
        if len(rows) == 1:
            out.append(f"{one} {_q(rows[0].name)}")
        elif rows:
            out.append(f"{many} {len(rows)}")
    if renamed:
        names = [c for c in t.changed if any(f.field == "name" for f in c.fields)]
        for c in names[:detail]:
            old = next(f.old for f in c.fields if f.field == "name")
            out.append(f"{noun} {_q(old)} переименована в {_q(c.name)}")
        rest = [c for c in t.changed if c not in names[:detail]]
    else:
        rest = t.changed
    if len(rest) == 1:
        out.append(f"изменено описание: {noun} {_q(rest[0].name)} (" + ", ".join(f.field for f in rest[0].fields) + ")")
    elif rest:
        out.append(f"изменены описания ({noun}): {len(rest)}")
    return out


def sentence(yd: YearDiff) -> str:
    """«2024 год: значение … : 45 → 50; итоговый балл изменился у 3 организаций.»"""
    return f"{yd.year} год: {year_summary(yd)}."


# -- Markdown -----------------------------------------------------------------


# --- comment context (issue 9, CI templates): every data string through comment_text ---
def _md(text: object, limit: int = comment.TEXT_LIMIT) -> str:
    return comment.comment_text(text, limit)
# --- end of comment context ---


def _cell(x) -> str:
    """A JSON-like field value for a table cell, escaped."""
    if x is None or x == "":
        return "—"
    if isinstance(x, list):
        return _md("; ".join(map(str, x))) or "—"
    if isinstance(x, float):
        return _md(_v(x))
    return _md(x)


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def _score_change(old, new, delta) -> str:
    if old == new:
        return markup.score(new)
    d = f" ({markup.delta(delta)})" if delta is not None else ""
    return f"{markup.score(old)} → {markup.score(new)}{d}"


def _table_md(header: list[str], rows: list[list[str]], total: int | None = None) -> list[str]:
    total = len(rows) if total is None else total
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows[:MAX_ROWS]]
    if total > MAX_ROWS:
        out.append("")
        out.append(f"… и ещё {total - MAX_ROWS} (полный список — `python -m generator diff --format json`).")
    return out + [""]


def _records_md(title: str, t: TableDiff) -> list[str]:
    if not t:
        return []
    out = [f"**{title}**", ""]
    rows = [["добавлено", _md(r.id), _md(r.name)] for r in t.added]
    rows += [["удалено", _md(r.id), _md(r.name)] for r in t.removed]
    rows += [["изменено", _md(c.id), _md(c.name) + ": " + "; ".join(f"{_md(f.field)}: {_cell(f.old)} → {_cell(f.new)}" for f in c.fields)] for c in t.changed]
    return out + _table_md(["", "id", "что"], rows)


def _year_details(yd: YearDiff) -> list[str]:
    out = []
    if yd.package:
        out += ["**Описание пакета (datapackage.json)**", ""]
        out += _table_md(["поле", "было", "стало"], [[_md(f.field), _cell(f.old), _cell(f.new)] for f in yd.package])
    out += _records_md("Организации", yd.organizations)
    out += _records_md("Направления", yd.directions)
    out += _records_md("Показатели", yd.indicators)
    out += _records_md("Уровни", yd.levels)
    out += _records_md("Рекомендации", yd.recommendations)
    if yd.values:
        out += ["**Значения**", ""]
        rows = []
        for v in yd.values:
            row = [_md(v.org), _md(v.indicator), _md(_v(v.old, v.unit)), _md(_v(v.new, v.unit))]
            if v.old_note != v.new_note:
                row[-1] += f" (примечание: {_md(v.old_note) or '—'} → {_md(v.new_note) or '—'})"
            rows.append(row)
        out += _table_md(["организация", "показатель", "было", "стало"], rows)
    if yd.other_values:
        out += [f"Значений добавленных или удалённых организаций и показателей: {yd.other_values}.", ""]
    for node_kind, title in (("total", "Итоговый балл"), ("direction", "Баллы по направлениям"), ("indicator", "Баллы по показателям")):
        rows = [n for n in yd.nodes if n.node_kind == node_kind]
        if not rows:
            continue
        out += [f"**{title}**", ""]
        header = ["организация", "балл", "место", "уровень"] if node_kind == "total" else ["организация", "узел", "балл", "место", "уровень"]
        body = []
        for n in rows:
            cells = [_md(n.org)] + ([] if node_kind == "total" else [_md(n.node)])
            cells += [_score_change(n.old_score, n.new_score, n.delta), _arrow(n.old_rank, n.new_rank), _md(_arrow(n.old_level or "—", n.new_level or "—")) if node_kind != "indicator" else "—"]
            body.append(cells)
        out += _table_md(header, body)
    if yd.municipal:
        out += ["**Свод (средний балл)**", ""]
        body = [[_md(s.scope_label), _md(s.node), _score_change(s.old_score, s.new_score, None if s.old_score is None or s.new_score is None else round2(s.new_score - s.old_score)), _md(_arrow(s.old_level or "—", s.new_level or "—"))] for s in yd.municipal]
        out += _table_md(["организации", "узел", "балл", "уровень"], body)
    return out


# --- bounded comment (issue 9, CI templates): summary first, details cut to the limit ---
def markdown(diff: DataDiff, limit: int = MAX_MARKDOWN) -> str:
    head = [f"### Изменения данных мониторинга: {_md(diff.base)} → {_md(diff.head)}", ""]
    if diff.empty:
        return "\n".join(head + ["Изменений нет.", ""])
    summary = []
    if diff.settings:
        changes = "; ".join(f"{_md(f.field)}: {_cell(f.old)} → {_cell(f.new)}" for f in diff.settings)
        summary.append(f"- **Настройки (monitoring.yml):** {changes}.")
    for yd in diff.years:
        method = f" {_md(yd.method, SENTENCE_LIMIT)}" if yd.method else ""
        summary.append(f"- **{yd.year} год:** {_md(year_summary(yd), SENTENCE_LIMIT)}." + method)
    details = []
    for yd in diff.years:
        body = _year_details(yd)
        if not body:
            continue
        details += ["<details>", f"<summary>{yd.year} год: подробности</summary>", "", *body, "</details>", ""]
    return comment.bounded(head + summary + [""], details, limit) + "\n"
# --- end of bounded comment ---


def to_json(diff: DataDiff) -> str:
    return json.dumps(asdict(diff), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# -- The command ----------------------------------------------------------------


def revision_snapshot(data_dir: Path, rev: str | None, tmp: Path) -> Snapshot:
    """The data at a git revision (read blob by blob with git cat-file, never
    checked out: generator/gitdata.py), or the working tree when rev is None."""
    from generator.gitdata import DataRepo

    if rev is None:
        return snapshot(data_dir, "рабочая копия", data_dir.parent)
    repo = DataRepo.find(data_dir)
    commit = repo.commit(rev)
    root = tmp / commit[:12]
    folder = repo.export(commit, root)
    return snapshot(folder, rev, root)


def run_diff(data_dir: Path, base: str | None, head: str | None, base_data: Path | None = None, head_data: Path | None = None) -> DataDiff:
    """Raises DataError (a side's data invalid, with the usual report) or
    GitError (no such revision, not a repository)."""
    from generator.problems import DataError, Problem, Report

    with tempfile.TemporaryDirectory(prefix="monitoring-diff-") as tmp:
        sides = []
        for name, rev, folder in (("base", base, base_data), ("head", head, head_data)):
            try:
                if folder is not None:
                    sides.append(snapshot(folder.resolve(), str(folder), folder.resolve().parent))
                else:
                    sides.append(revision_snapshot(data_dir, rev, Path(tmp)))
            except DataError as err:
                which = f"«{folder or rev or 'рабочая копия'}»"
                err.report.problems.insert(0, Problem("diff-side", which, f"данные {'базовой' if name == 'base' else 'новой'} версии не проходят проверку; сравнение невозможно.", "исправьте ошибки ниже."))
                raise DataError(Report(err.report.problems)) from None
        return compare(*sides)
