"""The management cycle in the documents: the measures taken on the year's
results, their effect (rule 10: an association, not proof of cause), the
coverage of the recommendations by measures (rule 11) and the goals' progress
(rule 12). Read from the frames of Results (branch `cycle`:
generator/compute/cyclecols.py); a year without measures and goals has no such
section, and neither has data that uses none of it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator import model
from generator import russian as R
from generator.documents.blocks import Para, Table
from generator.render.readmodel import ReadModel
from generator.render.records import doc

FORMS_NOTE = (
    "Изменение — разница баллов организации по направлению до меры и в следующем году с результатом; "
    "эффект — это изменение за вычетом среднего изменения организаций того же типа без такой меры. "
    "Это связь, а не доказательство того, что изменение вызвано мерой."
)


@dataclass(frozen=True)
class CycleContext:
    year: int = doc("Monitoring year")
    measures: tuple[tuple[str, ...], ...] = doc("Measures: title, whom, node, form, status, due, result")
    effects: tuple[tuple[str, ...], ...] = doc("Effect per form: form, n, change, comparison change, effect")
    coverage: tuple[tuple[str, ...], ...] = doc("Coverage: scope, pairs, covered, share")
    goals: tuple[tuple[str, ...], ...] = doc("Goals: name, node, target year, target, actual, state")


def _frame(lk: ReadModel, name: str) -> pd.DataFrame | None:
    frame = getattr(lk.results, name, None)
    return frame if isinstance(frame, pd.DataFrame) else None


def _num(x, unit: str = "") -> str:
    return "—" if x is None or pd.isna(x) else (R.delta(x) if unit == "delta" else R.score(x))


def _date(iso: str) -> str:
    return R.date(iso) if iso else "—"


def cycle_context(lk: ReadModel, y: int) -> CycleContext | None:
    """The cycle of year y; None when the data has no measures or goals for it."""
    s = lk.ds.settings
    forms = getattr(s, "measure_forms", {}) or {}
    status = getattr(model, "MEASURE_STATUS_LABELS", {})
    kinds = {"all": "Все организации", **lk.kinds}
    measures = _frame(lk, "measures")
    rows = []
    if measures is not None:
        for m in measures[measures["year"] == y].itertuples():
            whom = lk.name(m.org_id) if m.org_id in lk.org else ("Муниципалитет" if not m.org_id else m.org_id)
            node = lk.node_name(m.direction_id) if m.direction_id == "total" or m.direction_id in lk.direction else ""
            rows.append(
                (m.title, whom, node, forms.get(m.form, m.form), status.get(m.status, m.status), _date(m.due), m.result)
            )
    summary = _frame(lk, "effect_summary")
    effects = []
    if summary is not None:
        for e in summary[(summary["year"] == y) & (summary["by"] == "form")].itertuples():
            effects.append(
                (
                    forms.get(e.form, e.form),
                    str(int(e.n)),
                    _num(e.mean_change, "delta"),
                    _num(e.mean_comparison_change, "delta"),
                    _num(e.mean_effect, "delta"),
                )
            )
    cov = _frame(lk, "coverage")
    coverage = []
    if cov is not None:
        for c in cov[cov["year"] == y].itertuples():
            share = "—" if pd.isna(c.coverage) else R.figure(c.coverage, "percent")
            coverage.append((kinds.get(c.scope, c.scope), str(int(c.pairs)), str(int(c.covered)), share))
    goals_frame, values = _frame(lk, "goals"), _frame(lk, "goal_values")
    goals = []
    if goals_frame is not None and len(goals_frame):
        actual = {}
        if values is not None:
            actual = {(g, yy): a for g, yy, a in zip(values["goal_id"], values["year"], values["actual"])}
        for g in goals_frame.itertuples():
            if not (g.baseline_year <= y <= g.target_year or (g.target_year < y and g.due)):
                continue
            now = actual.get((g.id, y))
            if g.due and g.target_year <= y:
                state = "достигнута" if g.achieved else "не достигнута"
            else:
                state = f"в работе (срок — {int(g.target_year)} год)"
            if g.node_id == "total" or g.node_id in lk.direction:
                node = lk.node_name(g.node_id)
            else:  # an indicator_value goal names an indicator
                node = lk.indicator[g.node_id].name if g.node_id in lk.indicator else g.node_id
            goals.append((g.name, node, str(int(g.target_year)), R.score(g.target), _num(now), state))
    if not (rows or goals):
        return None
    return CycleContext(y, tuple(rows), tuple(effects), tuple(coverage), tuple(goals))


def planned(lk: ReadModel, y: int, org_id: str) -> list[tuple[str, str, str, str]]:
    """The organization's measures of year y not yet done: title, node, due date, responsible."""
    measures = _frame(lk, "measures")
    if measures is None:
        return []
    mine = measures[(measures["year"] == y) & (measures["org_id"] == org_id)]
    out = []
    for m in mine.itertuples():
        if m.status in ("planned", "in_progress"):
            node = lk.node_name(m.direction_id) if m.direction_id == "total" or m.direction_id in lk.direction else ""
            out.append((m.title, node, R.date(m.due) if m.due else "", m.responsible))
    return out


def cycle_sections(doc, c: CycleContext) -> None:
    """The cycle's sections of the report (layout.Sections)."""
    if c.measures:
        doc.h1("Меры по итогам мониторинга и их результат")
        doc.h2(f"Меры {c.year} года")
        doc.add(
            Table(
                ("Мера", "Кому", "Направление", "Форма", "Статус", "Срок", "Результат"),
                c.measures,
                (0.23, 0.15, 0.15, 0.11, 0.11, 0.1, 0.15),
                (False, False, False, False, False, True, False),
            )
        )
        if c.effects:
            doc.h2("Результат мер по формам")
            doc.add(
                Para(FORMS_NOTE),
                Table(
                    ("Форма", "Мер", "Изменение", "У сравнения", "Эффект"),
                    c.effects,
                    (0.36, 0.1, 0.18, 0.18, 0.18),
                    (False, True, True, True, True),
                ),
            )
        if c.coverage:
            doc.h2("Охват рекомендаций мерами")
            doc.add(
                Para("Доля пар «организация — направление» с рекомендацией, по которым принята мера."),
                Table(
                    ("Организации", "Пар с рекомендацией", "С мерой", "Охват"),
                    c.coverage,
                    (0.4, 0.2, 0.2, 0.2),
                    (False, True, True, True),
                ),
            )
    if c.goals:
        doc.h1("Цели и их достижение")
        doc.add(
            Table(
                ("Цель", "Направление или показатель", "Год", "Целевое значение", f"Факт {c.year}", "Состояние"),
                c.goals,
                (0.3, 0.2, 0.08, 0.12, 0.12, 0.18),
                (False, False, True, True, True, False),
            )
        )
