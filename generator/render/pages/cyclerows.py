"""Rows of the management cycle that several page kinds show: a measure with
its status and effect (the measures page, an organization page, a direction
page), and what a measure's effect says in words."""

from __future__ import annotations

from dataclasses import dataclass

from generator import russian
from generator.render import urls as U
from generator.render.cyclemodel import Effect, Measure
from generator.render.readmodel import ReadModel
from generator.render.records import Link, doc

STATUS_LABELS = {
    "planned": "запланирована",
    "in_progress": "выполняется",
    "done": "выполнена",
    "cancelled": "отменена",
}
STATUS_ORDER = tuple(STATUS_LABELS)

# The sentence every page that shows an effect carries (rule 10).
ASSOCIATION = (
    "Эффект меры — это связь, а не доказательство причины: балл организации мог измениться и по другим "
    "причинам. Он показывает, насколько изменение балла организации после выполненной меры больше или меньше "
    "среднего изменения у организаций того же типа, где такой меры не было."
)


@dataclass(frozen=True)
class Status:
    id: str = doc("Status id: planned, in_progress, done or cancelled")
    label: str = doc("Russian label of the status («выполнена»)")


@dataclass(frozen=True)
class EffectCell:
    state: str = doc("'' = computed; 'pending', 'no_later_score', 'no_score' (no score in the measure's year)")
    note: str = doc("What the state means, in words; '' when computed")
    before: float | None = doc("Score of the organization (or the municipal summary) for the node in the year")
    after: float | None = doc("Score in the next year with a score for the node")
    after_year: int | None = doc("That next year, None = none")
    change: float | None = doc("after − before")
    comparison_n: int = doc("Organizations of the comparison group")
    comparison_change: float | None = doc("Mean change of the comparison group, None = no group")
    effect: float | None = doc("change − comparison change, None = none (no group, a municipal measure)")
    flagged: bool = doc("True when the methodology changed between the two years")


@dataclass(frozen=True)
class MeasureRow:
    year: int = doc("Year whose results the measure responds to")
    title: str = doc("What the measure is")
    org: Link | None = doc("The organization, None = a municipal measure")
    node: Link = doc("The direction the measure addresses (or the total score)")
    form: str = doc("Label of the measure's form (monitoring.yml measure_forms)")
    responsible: str = doc("Who is responsible (a body or a role)")
    start: str = doc("Start date, DD.MM.YYYY, '' = not given")
    due: str = doc("Due date, DD.MM.YYYY, '' = not given")
    status: Status = doc("Status of the measure")
    result: str = doc("Result of the measure as written by staff, '' = none")
    effect: EffectCell | None = doc("Effect of a done measure; None for any other status")


def form_label(lk: ReadModel, form: str) -> str:
    return dict(getattr(lk.ds.settings, "measure_forms", {}) or {}).get(form, form)


def node_link(lk: ReadModel, page: str, node_id: str) -> Link:
    """A direction, an indicator (a goal's indicator_value) or the total score."""
    if node_id in lk.indicator and node_id not in lk.direction:
        return Link(lk.indicator[node_id].name, U.href(page, U.indicator(node_id)))
    return Link(lk.node_name(node_id), lk.node_href(page, node_id))


def scope_label(lk: ReadModel, scope: str) -> str:
    """A goal's scope in words: all organizations, a kind, or a territory."""
    if scope == "all":
        return "все организации"
    if scope in lk.kinds:
        return russian.lower_first(lk.kinds[scope])
    for y in reversed(lk.ds.years):
        t = y.territories
        if len(t) and scope in set(t["id"]):
            return str(t.loc[t["id"] == scope, "name"].iloc[0])
    return scope


def goal_unit(lk: ReadModel, g) -> str:
    """How a goal's values read: 'score' (a summary, in балла), 'percent' (a share at a level, or an
    indicator in % or yes/no), otherwise the indicator's unit."""
    if g.measure == "summary":
        return "score"
    if g.measure == "share_at_level":
        return "percent"
    unit = lk.indicator[g.node_id].unit if g.node_id in lk.indicator else "number"
    return "percent" if unit in ("percent", "boolean") else unit


def effect_cell(e: Effect | None, measure: Measure, latest: int) -> EffectCell | None:
    if measure.status != "done":
        return None
    if e is None:  # no row: treated as the rule's states by the measure's year
        state = "pending" if measure.year >= latest else "no_later_score"
        return EffectCell(state, state_note(state, measure.year), None, None, None, None, 0, None, None, False)
    return EffectCell(
        e.state,
        state_note(e.state, measure.year),
        e.before,
        e.after,
        e.after_year,
        e.change,
        e.comparison_n,
        e.comparison_change,
        e.effect,
        e.method_changed,
    )


def state_note(state: str, year: int) -> str:
    if state == "pending":
        return f"эффект будет виден по итогам мониторинга {year + 1} года"
    if state == "no_later_score":
        return "в следующие годы результата по этому направлению нет"
    if state == "no_score":
        return f"в {year} году у организации нет результата по этому направлению"
    return ""


def measure_rows(lk: ReadModel, page: str, measures: list[Measure]) -> tuple[MeasureRow, ...]:
    cyc = lk.cycle
    return tuple(
        MeasureRow(
            m.year,
            m.title,
            Link(lk.name(m.org_id), U.href(page, U.org(m.org_id))) if m.org_id else None,
            node_link(lk, page, m.direction_id),
            form_label(lk, m.form),
            m.responsible,
            russian.date(m.start),
            russian.date(m.due),
            Status(m.status, STATUS_LABELS.get(m.status, m.status)),
            m.result,
            effect_cell(cyc.effect(m), m, lk.latest),
        )
        for m in measures
    )


@dataclass(frozen=True)
class NodeEffect:
    year: int = doc("Year of the measures")
    href: str = doc("Link to the effect table of that year's measures page")
    n: int = doc("Organization measures for the node with an effect")
    change: float | None = doc("Their mean change of the score")
    comparison_change: float | None = doc("Mean change of their comparison groups")
    effect: float | None = doc("Mean effect")
    flagged: int = doc("Of the n, measures whose node's methodology changed between the two years")


def node_effects(lk: ReadModel, page: str, node_id: str) -> tuple[NodeEffect, ...]:
    """The effect of each year's measures for one node (the compute stage's aggregates per node)."""
    return tuple(
        NodeEffect(
            a.year,
            U.href(page, U.measures(a.year), "effect"),
            a.n,
            a.mean_change,
            a.mean_comparison_change,
            a.mean_effect,
            a.n_method_changed,
        )
        for y in lk.years
        for a in lk.cycle.aggregates_of(y, "node")
        if a.direction_id == node_id
    )
