"""The management cycle in the comparison of two versions (issue 12): the
measures of each year (added, removed, changed), the effects of done measures
a change moves (rule 10), the goals of data/goals.csv and their achievement
(rule 12); and the Russian words for them, for the PR comment's summary and
the corrections log (wording.py)."""

from __future__ import annotations

import math

import pandas as pd

from generator import russian
from generator.arithmetic import round2
from generator.model import MEASURE_STATUS_LABELS, YearData
from generator.review.model import (
    DataDiff,
    EffectChange,
    GoalChange,
    Snapshot,
    TableDiff,
    YearDiff,
    table_diff,
)

MEASURE_FIELDS = ("org_id", "direction_id", "title", "form", "responsible", "start", "due", "status", "result")
GOAL_FIELDS = ("name", "node_id", "scope", "measure", "level", "baseline_year", "target_year", "target")


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x) else float(round2(x))


def year(out: YearDiff, a: YearData | None, b: YearData, base: Snapshot, head: Snapshot) -> None:
    """The year's measures and the effects of its done measures; a = None for a year added."""
    out.measures = table_diff(a.measures if a is not None else b.measures.iloc[:0], b.measures, MEASURE_FIELDS, "title")
    if a is None or base.results is None or head.results is None:
        return
    key = ["year", "measure_id"]
    cols = key + ["state", "change", "effect", "method_changed", "org_id", "direction_id"]
    ea = base.results.effects[base.results.effects["year"] == a.year][cols]
    eb = head.results.effects[head.results.effects["year"] == b.year][cols]
    m = ea.merge(eb, on=key, how="outer", suffixes=("_a", "_b"), sort=False)
    titles = dict(zip(b.measures["id"], b.measures["title"])) | dict(zip(a.measures["id"], a.measures["title"]))
    orgs = dict(zip(b.organizations["id"], b.organizations["name"]))
    nodes = {"total": "Итоговый балл", **dict(zip(b.directions["id"], b.directions["name"]))}
    for r in m.itertuples(index=False):
        old_state = None if pd.isna(r.state_a) else str(r.state_a)
        new_state = None if pd.isna(r.state_b) else str(r.state_b)
        change = (_num(r.change_a), _num(r.change_b))
        effect = (_num(r.effect_a), _num(r.effect_b))
        flags = (
            bool(r.method_changed_a) if old_state is not None else False,
            bool(r.method_changed_b) if new_state is not None else False,
        )
        if old_state == new_state and change[0] == change[1] and effect[0] == effect[1] and flags[0] == flags[1]:
            continue
        org = r.org_id_b if new_state is not None else r.org_id_a
        node = r.direction_id_b if new_state is not None else r.direction_id_a
        out.effects.append(
            EffectChange(
                int(r.year),
                str(r.measure_id),
                str(titles.get(r.measure_id, r.measure_id)),
                str(orgs.get(org, org) if org else ""),
                str(nodes.get(node, node)),
                old_state,
                new_state,
                *change,
                *effect,
                *flags,
            )
        )


def goals(out: DataDiff, base: Snapshot, head: Snapshot) -> None:
    """data/goals.csv and the goals whose value in the target year or achievement changed."""
    if base.dataset is None or head.dataset is None:
        return
    out.goals = table_diff(base.dataset.goals, head.dataset.goals, GOAL_FIELDS)
    ga = base.results.goals if base.results is not None else None
    gb = head.results.goals if head.results is not None else None
    if ga is None or gb is None:
        return
    cols = ["id", "name", "target_year", "target_value", "achieved"]
    m = ga[cols].merge(gb[cols], on="id", how="outer", suffixes=("_a", "_b"), sort=False)
    for r in m.itertuples(index=False):
        old = (_num(r.target_value_a), None if pd.isna(r.achieved_a) else bool(r.achieved_a))
        new = (_num(r.target_value_b), None if pd.isna(r.achieved_b) else bool(r.achieved_b))
        if old == new:
            continue
        name = r.name_b if not pd.isna(r.name_b) else r.name_a
        target_year = r.target_year_b if not pd.isna(r.target_year_b) else r.target_year_a
        out.goal_results.append(GoalChange(str(r.id), str(name), int(target_year), *old[:1], *new[:1], old[1], new[1]))


# -- words ---------------------------------------------------------------------------------


def _q(text: object) -> str:
    return f"«{russian.clean(text)}»"


def _effect_value(x: float | None) -> str:
    return "—" if x is None else russian.delta(x)


def year_words(yd: YearDiff, detail: int = 3) -> list[str]:
    """The year's measures and effects in Russian clauses."""
    out = []
    t: TableDiff = yd.measures
    for rows, one, many in ((t.added, "добавлена мера", "добавлено мер:"), (t.removed, "удалена мера", "удалено мер:")):
        if len(rows) == 1:
            out.append(f"{one} {_q(rows[0].name)}")
        elif rows:
            out.append(f"{many} {len(rows)}")
    for c in t.changed[:detail]:
        status = next((f for f in c.fields if f.field == "status"), None)
        if status is not None:
            old, new = (MEASURE_STATUS_LABELS.get(str(x), str(x)) for x in (status.old, status.new))
            out.append(f"статус меры {_q(c.name)}: {old} → {new}")
        others = [f.field for f in c.fields if f.field != "status"]
        if others:
            out.append(f"изменена мера {_q(c.name)} ({', '.join(others)})")
    if len(t.changed) > detail:
        out.append(f"изменено мер: {len(t.changed)}")
    effects = yd.effects
    if effects and len(effects) <= detail:
        out += [_effect_words(e) for e in effects]
    elif effects:
        out.append(f"изменился эффект {russian.plural(len(effects), 'меры', 'мер', 'мер')} года")
    return out


def _effect_words(e: EffectChange) -> str:
    who = f" ({russian.clean(e.org)})" if e.org else " (муниципальная мера)"
    if e.new_state is None:
        return f"мера {_q(e.title)}{who} больше не выполнена — её эффект не считается"
    if e.old_state is None:
        tail = f": изменение {_effect_value(e.new_change)}" if e.new_change is not None else ""
        effect = f", эффект {_effect_value(e.new_effect)}" if e.new_effect is not None else ""
        return f"мера {_q(e.title)}{who} выполнена{tail}{effect}"
    bits = []
    if e.old_change != e.new_change:
        bits.append(f"изменение балла {_effect_value(e.old_change)} → {_effect_value(e.new_change)}")
    if e.old_effect != e.new_effect:
        bits.append(f"эффект {_effect_value(e.old_effect)} → {_effect_value(e.new_effect)}")
    if e.old_flag != e.new_flag:
        bits.append("методика между годами изменилась" if e.new_flag else "методика между годами больше не различается")
    return f"мера {_q(e.title)}{who}: " + (", ".join(bits) or "изменилось состояние оценки эффекта")


def goal_words(diff: DataDiff, detail: int = 3) -> list[str]:
    """data/goals.csv and the goals' achievement in Russian clauses."""
    out = []
    t = diff.goals
    for rows, one, many in (
        (t.added, "добавлена цель", "добавлено целей:"),
        (t.removed, "удалена цель", "удалено целей:"),
    ):
        if len(rows) == 1:
            out.append(f"{one} {_q(rows[0].name)}")
        elif rows:
            out.append(f"{many} {len(rows)}")
    for c in t.changed[:detail]:
        out.append(f"изменена цель {_q(c.name)} ({', '.join(f.field for f in c.fields)})")
    if len(t.changed) > detail:
        out.append(f"изменено целей: {len(t.changed)}")
    for g in diff.goal_results:
        if g.old_achieved is None or g.new_achieved is None:
            continue  # an added or removed goal is named above
        value = "нет значения" if g.new_actual is None else russian.value(g.new_actual)
        old = "нет значения" if g.old_actual is None else russian.value(g.old_actual)
        verdict = ""
        if g.old_achieved != g.new_achieved:
            verdict = "теперь достигнута" if g.new_achieved else "теперь не достигнута"
        if g.old_actual == g.new_actual:
            out.append(f"цель {_q(g.name)} {verdict} (значение {g.target_year} года — {value})")
        else:
            tail = f", {verdict}" if verdict else ""
            out.append(f"цель {_q(g.name)}: значение {g.target_year} года {old} → {value}{tail}")
    return out
