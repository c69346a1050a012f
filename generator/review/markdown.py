"""The comparison (generator/review/model.py) written out: `markdown()` short
enough for a pull-request comment (every data string through
comment.comment_text, the whole bounded to the comment limit), `to_json()`
in full."""

from __future__ import annotations

import json
from dataclasses import asdict

from generator import russian
from generator.arithmetic import round2
from generator.review import comment
from generator.review.model import DataDiff, TableDiff, YearDiff
from generator.review.wording import year_summary

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
        rows = [n for n in yd.nodes if n.node_kind == node_kind]
        if not rows:
            continue
        out += [f"**{title}**", ""]
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
