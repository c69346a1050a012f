"""The comparison (generator/review/model.py) in Russian sentences: what
changed in one year, as the PR comment's summary and the corrections log's
entry say it. The sentences quote names from the data: escape them where
they are written."""

from __future__ import annotations

from generator import russian
from generator.arithmetic import round2
from generator.compute import ALL
from generator.review import cyclediff
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
        return added_summary(yd)
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
    parts += cyclediff.year_words(yd, detail)
    parts += consequences(yd)
    parts += dynamics_words(yd)
    return "; ".join(parts) if parts else "изменений нет"


def added_summary(yd: YearDiff) -> str:
    """An added year by its results: counts, values not reported, levels per kind, the biggest moves."""
    counts = [
        _p(yd.n_organizations, "организация", "организации", "организаций"),
        _p(yd.n_indicators, "показатель", "показателя", "показателей"),
        _p(yd.n_values, "значение", "значения", "значений"),
    ]
    if yd.n_applicable:
        counts[-1] += f" из {yd.n_applicable}"
        counts.append(
            f"не представлено — {yd.n_unreported} ({_v(round2(100 * yd.n_unreported / yd.n_applicable), 'percent')})"
        )
    parts = ["добавлен год: " + ", ".join(counts)]
    for a in [a for a in yd.averages if a.scope == ALL]:  # all kinds together; the details list each kind
        change = (
            f", {russian.delta(round2(a.new_score - a.old_score))} к предыдущему году"
            if a.old_score is not None
            else ""
        )
        level = f", {a.new_level.lower()}" if a.new_level else ""
        parts.append(f"средний итоговый балл — {russian.score(a.new_score)}{level}{change}")
    kinds: dict[str, list[str]] = {}
    for c in yd.levels_by_kind:
        kinds.setdefault(russian.clean(c.kind_label), []).append(f"{(c.level or 'без уровня').lower()} — {c.count}")
    parts += [f"{kind}: " + ", ".join(levels) for kind, levels in kinds.items()]
    rises = [m for m in yd.moves if m.delta > 0]
    falls = [m for m in yd.moves if m.delta < 0]
    for moves, what in ((rises, "больше всего вырос"), (falls, "больше всего снизился")):
        if moves:
            top = ", ".join(f"{_q(m.org)} ({russian.delta(m.delta)})" for m in moves[:3])
            parts.append(f"итоговый балл {what} у {top}")
    if yd.measures.added:
        parts.append("мер: " + str(len(yd.measures.added)))
    return "; ".join(parts)


def dynamics_words(yd: YearDiff) -> list[str]:
    """What a change to an earlier year does to this year's dynamics, and what this year's change does to later ones."""
    out = []
    who = {d.org_id for d in yd.dynamics}
    if who or yd.municipal_dynamics:
        since = f"из-за изменений {yd.cause} года " if yd.cause else ""
        bits = []
        totals = {d.org_id for d in yd.dynamics if d.node_kind == "total"}
        if totals:
            bits.append("итогового балла — у " + _p(len(totals), "организации", "организаций", "организаций"))
        dirs = {d.org_id for d in yd.dynamics if d.node_kind == "direction"}
        if dirs:
            bits.append("по направлениям — у " + _p(len(dirs), "организации", "организаций", "организаций"))
        if yd.municipal_dynamics:
            bits.append("в своде — " + _p(len(yd.municipal_dynamics), "строка", "строки", "строк"))
        out.append(f"{since}изменилась динамика к предыдущему году: " + ", ".join(bits))
    if yd.affects:
        years = ", ".join(str(y) for y in yd.affects)
        out.append(f"это меняет динамику {years} года (сравнение с {yd.year} годом)")
    return out


def consequences(yd: YearDiff) -> list[str]:
    """Who changed score, level or rank: the total, then directions and indicators."""
    orgs = lambda n: _p(n, "организации", "организаций", "организаций")
    out = []
    totals = yd.totals()
    bits = []
    for what, verb, changed in (
        ("итоговый балл", "изменился", [n for n in totals if n.old_score != n.new_score]),
        ("итоговый уровень", "изменился", [n for n in totals if n.old_level != n.new_level]),
        ("место в рейтинге", "изменилось", [n for n in totals if n.old_rank != n.new_rank and not n.tie_shift]),
    ):
        if changed:
            bits.append(f"{what} {verb} у {orgs(len(changed))}" if not bits else f"{what} — у {len(changed)}")
    if bits:
        out.append(", ".join(bits))
    ties = [n for n in totals if n.tie_shift]
    if ties:
        out.append(tie_line(len(ties)))
    for node_kind, what, where in (
        ("direction", "баллы, уровни или места по направлениям", "по направлениям"),
        ("indicator", "баллы или места по показателям", "по показателям"),
    ):
        rows = [n for n in yd.nodes if n.node_kind == node_kind]
        who = {n.org_id for n in rows if not n.tie_shift}
        tied = {n.org_id for n in rows if n.tie_shift} - who
        if who:
            out.append(f"{what} — у {orgs(len(who))}")
        if tied:
            out.append(f"{tie_line(len(tied))} {where}")
    if not yd.nodes and (yd.values or yd.levels or yd.indicators or yd.directions):
        out.append("баллы, уровни и места не изменились")
    return out


def tie_line(n: int) -> str:
    """One line for the shared places one change moved (NodeChange.tie_shift)."""
    return f"у {_p(n, 'организации', 'организаций', 'организаций')} сдвинулся диапазон мест из-за равенства баллов"


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
