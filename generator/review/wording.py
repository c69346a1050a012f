"""The comparison (generator/review/model.py) in Russian sentences: what
changed in one year, as the PR comment's summary and the corrections log's
entry say it. The sentences quote names from the data: escape them where
they are written."""

from __future__ import annotations

from generator import russian
from generator.review.model import TableDiff, YearDiff, same


def _p(n: int, one: str, few: str, many: str) -> str:
    return russian.plural(n, one, few, many)


def _q(text: object) -> str:
    return f"«{russian.clean(text)}»"


def _v(x, unit: str = "number") -> str:
    return russian.value(x, unit)


def year_summary(yd: YearDiff, detail: int = 3) -> str:
    """What changed in one year, as one Russian sentence without the year."""
    if yd.status == "added":
        counts = (
            _p(yd.n_organizations, "организация", "организации", "организаций"),
            _p(yd.n_indicators, "показатель", "показателя", "показателей"),
            _p(yd.n_values, "значение", "значения", "значений"),
        )
        return "добавлен год: " + ", ".join(counts)
    if yd.status == "removed":
        return "год удалён из данных"
    parts = []
    if yd.package:
        parts.append("описание пакета (" + ", ".join(f.field for f in yd.package) + ")")
    parts += _table_words(
        yd.organizations,
        ("добавлена организация", "добавлено организаций:"),
        ("удалена организация", "удалено организаций:"),
        "организация",
        detail,
        renamed=True,
    )
    parts += _table_words(
        yd.directions,
        ("добавлено направление", "добавлено направлений:"),
        ("удалено направление", "удалено направлений:"),
        "направление",
        detail,
    )
    parts += _table_words(
        yd.indicators,
        ("добавлен показатель", "добавлено показателей:"),
        ("удалён показатель", "удалено показателей:"),
        "показатель",
        detail,
    )
    if yd.levels:
        parts.append("изменены уровни (пороги или названия)")
    if yd.recommendations:
        n = len(yd.recommendations.added) + len(yd.recommendations.removed) + len(yd.recommendations.changed)
        parts.append("изменены рекомендации: " + _p(n, "строка", "строки", "строк"))
    vals = [v for v in yd.values if not same(v.old, v.new)]
    notes = len(yd.values) - len(vals)
    if vals and len(vals) <= detail:
        parts += [
            f"значение показателя {_q(v.indicator)} у организации {_q(v.org)}: "
            f"{_v(v.old, v.unit)} → {_v(v.new, v.unit)}"
            for v in vals
        ]
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
    for node_kind, what in (
        ("direction", "баллы, уровни или места по направлениям"),
        ("indicator", "баллы или места по показателям"),
    ):
        who = {n.org_id for n in yd.nodes if n.node_kind == node_kind}
        if who:
            out.append(f"{what} — у {orgs(len(who))}")
    if not yd.nodes and (yd.values or yd.levels or yd.indicators or yd.directions):
        out.append("баллы, уровни и места не изменились")
    return out


def _table_words(
    t: TableDiff, added: tuple[str, str], removed: tuple[str, str], noun: str, detail: int, renamed: bool = False
) -> list[str]:
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
