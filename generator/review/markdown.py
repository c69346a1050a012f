"""The comparison (generator/review/model.py) written out: `markdown()` short
enough for a pull-request comment (every data string through
comment.comment_text, the whole bounded to the comment limit), `to_json()`
in full."""

from __future__ import annotations

import json
from dataclasses import asdict

from generator import russian
from generator.arithmetic import round2
from generator.review import comment, cyclediff
from generator.review.model import DataDiff, NodeChange, TableDiff, YearDiff
from generator.review.wording import tie_line, year_summary

MAX_ROWS = 60  # rows of one detail table in Markdown; the JSON has them all
MAX_MARKDOWN = comment.LIMIT  # GitHub refuses comments above 65 536 characters
SENTENCE_LIMIT = 3000  # a year's summary sentence in the comment


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
        return _md(russian.value(x))
    return _md(x)


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def _score_change(old, new, delta) -> str:
    if old == new:
        return russian.score(new)
    d = f" ({russian.delta(delta)})" if delta is not None else ""
    return f"{russian.score(old)} → {russian.score(new)}{d}"


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
    for c in t.changed:
        fields = "; ".join(f"{_md(f.field)}: {_cell(f.old)} → {_cell(f.new)}" for f in c.fields)
        rows.append(["изменено", _md(c.id), _md(c.name) + ": " + fields])
    return out + _table_md(["", "id", "что"], rows)


def _level_arrow(old: str, new: str) -> str:
    return _md(_arrow(old or "—", new or "—"))


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
            row = [_md(v.org), _md(v.indicator), _md(russian.value(v.old, v.unit)), _md(russian.value(v.new, v.unit))]
            if v.old_note != v.new_note:
                row[-1] += f" (примечание: {_md(v.old_note) or '—'} → {_md(v.new_note) or '—'})"
            rows.append(row)
        out += _table_md(["организация", "показатель", "было", "стало"], rows)
    if yd.other_values:
        out += [f"Значений добавленных или удалённых организаций и показателей: {yd.other_values}.", ""]
    for node_kind, title in (
        ("total", "Итоговый балл"),
        ("direction", "Баллы по направлениям"),
        ("indicator", "Баллы по показателям"),
    ):
        all_rows = [n for n in yd.nodes if n.node_kind == node_kind]
        if not all_rows:
            continue
        out += [f"**{title}**", ""]
        rows = [n for n in all_rows if not n.tie_shift]
        out += _ties([n for n in all_rows if n.tie_shift], node_kind != "total")
        if not rows:
            continue
        header = ["организация", "балл", "место", "уровень"]
        if node_kind != "total":
            header.insert(1, "узел")
        body = []
        for n in rows:
            cells = [_md(n.org)] + ([] if node_kind == "total" else [_md(n.node)])
            level = _level_arrow(n.old_level, n.new_level) if node_kind != "indicator" else "—"
            cells += [_score_change(n.old_score, n.new_score, n.delta), _arrow(n.old_rank, n.new_rank), level]
            body.append(cells)
        out += _table_md(header, body)
    out += _records_md("Меры", yd.measures) + _effects_md(yd)
    out += _added_details(yd) + _dynamics_details(yd)
    if yd.municipal:
        out += ["**Свод (средний балл)**", ""]
        body = []
        for s in yd.municipal:
            delta = None if s.old_score is None or s.new_score is None else round2(s.new_score - s.old_score)
            body.append(
                [
                    _md(s.scope_label),
                    _md(s.node),
                    _score_change(s.old_score, s.new_score, delta),
                    _level_arrow(s.old_level, s.new_level),
                ]
            )
        out += _table_md(["организации", "узел", "балл", "уровень"], body)
    return out


def _effects_md(yd: YearDiff) -> list[str]:
    """The effects of the year's done measures that changed (rule 10)."""
    if not yd.effects:
        return []

    def shown(x) -> str:
        return "—" if x is None else russian.delta(x)

    rows = [
        [
            _md(e.title),
            _md(e.org or "муниципальная мера"),
            _md(e.node),
            _arrow(shown(e.old_change), shown(e.new_change)),
            _arrow(shown(e.old_effect), shown(e.new_effect)),
        ]
        for e in yd.effects
    ]
    return ["**Эффект мер**", ""] + _table_md(["мера", "организация", "направление", "изменение", "эффект"], rows)


def _ties(rows: list[NodeChange], per_node: bool) -> list[str]:
    """Shared places one change moved, one line per node instead of a row per organization."""
    by_node: dict[str, list[NodeChange]] = {}
    for n in rows:
        by_node.setdefault(n.node, []).append(n)
    out = []
    for node, group in by_node.items():
        shifts = sorted({f"{n.old_rank} → {n.new_rank}" for n in group})
        example = f" ({_md(shifts[0])})" if len(shifts) == 1 else ""
        where = f"{_md(node)}: " if per_node else ""
        out.append(f"- {where}{tie_line(len({n.org_id for n in group}))}{example}; баллы и уровни не изменились.")
    return out + [""] if out else []


def _added_details(yd: YearDiff) -> list[str]:
    out = []
    if yd.levels_by_kind:
        out += ["**Уровни по итоговому баллу**", ""]
        rows = [[_md(c.kind_label), _md(c.level or "без уровня"), str(c.count)] for c in yd.levels_by_kind]
        out += _table_md(["организации", "уровень", "сколько"], rows)
    if yd.moves:
        out += ["**Наибольшие изменения итогового балла к предыдущему году**", ""]
        rows = [[_md(m.org), russian.score(m.score), russian.delta(m.delta), _md(m.level or "—")] for m in yd.moves]
        out += _table_md(["организация", "балл", "изменение", "уровень"], rows)
    if yd.averages:
        out += ["**Средний итоговый балл (свод)**", ""]
        body = []
        for a in yd.averages:
            delta = None if a.old_score is None or a.new_score is None else round2(a.new_score - a.old_score)
            body.append(
                [
                    _md(a.scope_label),
                    _score_change(a.old_score, a.new_score, delta),
                    _level_arrow(a.old_level, a.new_level),
                ]
            )
        out += _table_md(["организации", "балл (к предыдущему году)", "уровень"], body)
    if yd.n_applicable:
        out += [f"Не представлено значений: {yd.n_unreported} из {yd.n_applicable}.", ""]
    return out


def _dynamics_details(yd: YearDiff) -> list[str]:
    out = []
    for title, who, rows in (
        ("организации", "организация", yd.dynamics),
        ("свод", "организации", yd.municipal_dynamics),
    ):
        if not rows:
            continue
        since = f" (из-за изменений {yd.cause} года)" if yd.cause else ""
        out += [f"**Динамика к предыдущему году{since}: {title}**", ""]
        body = [
            [
                _md(d.org),
                _md(d.node),
                russian.score(d.score),
                _arrow(russian.delta(d.old_delta), russian.delta(d.new_delta)),
                _md(_arrow(d.old_trend or "—", d.new_trend or "—")),
            ]
            for d in rows
        ]
        out += _table_md([who, "узел", "балл", "изменение", "оценка"], body)
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
    goal_words = cyclediff.goal_words(diff)
    if goal_words:
        summary.append(f"- **Цели (goals.csv):** {_md('; '.join(goal_words), SENTENCE_LIMIT)}.")
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
