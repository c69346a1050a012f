"""«Меры и их результаты» of one year: the measures taken in response to the
year's results by direction and form, their status, the coverage of the
deficits (rule 11) and the effect of the done ones (rule 10), with a chart."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute import ALL
from generator.render import cyclecharts
from generator.render import urls as U
from generator.render.pages.base import Chart, Page, doc
from generator.render.pages.cyclerows import (
    ASSOCIATION,
    STATUS_LABELS,
    MeasureRow,
    form_label,
    measure_rows,
    node_link,
)
from generator.render.readmodel import ReadModel, rounded
from generator.russian import delta


@dataclass(frozen=True)
class CoverageRow:
    label: str = doc("«Все организации» or a kind's label")
    pairs: int = doc("(organization, direction) pairs with a recommendation")
    covered: int = doc("Of them, covered by a measure that is not cancelled")
    coverage: float | None = doc("covered / pairs, %; None = no pair")


@dataclass(frozen=True)
class CountRow:
    name: str = doc("Direction name or form label")
    href: str = doc("Link to the direction page, '' for a form")
    n: int = doc("Measures")
    statuses: tuple[int, ...] = doc("Measures of each status, in the order of the page's statuses")


@dataclass(frozen=True)
class EffectRow:
    name: str = doc("Direction name or form label")
    href: str = doc("Link to the direction page, '' for a form")
    form: str = doc("Label of the form in a form × direction row, '' otherwise")
    n: int = doc("Organization measures with an effect")
    change: float | None = doc("Mean change of their score")
    comparison_change: float | None = doc("Mean change of their comparison groups")
    effect: float | None = doc("Mean effect")
    flagged: int = doc("Of the n, measures whose node's methodology changed between the two years")


@dataclass(frozen=True)
class MeasuresPage(Page):
    TEMPLATE = "measures.md.j2"
    year: int = doc("Year whose results the measures respond to")
    next_year: int = doc("The year whose results show the effect")
    measured: bool = doc("True when that year is in the data (else every effect is pending)")
    cycle_href: str = doc("Link to the year's management cycle page")
    coverage: tuple[CoverageRow, ...] = doc(
        "Coverage over all organizations, then per kind with recommendations; empty = nothing to cover"
    )
    statuses: tuple[str, ...] = doc("Column heads of the status counts")
    by_direction: tuple[CountRow, ...] = doc("Measures per direction (the total last), in tree order")
    by_form: tuple[CountRow, ...] = doc("Measures per form, in the order of monitoring.yml")
    measures: tuple[MeasureRow, ...] = doc("Every measure of the year, in file order")
    effect_nodes: tuple[EffectRow, ...] = doc("Effect per direction")
    effect_forms: tuple[EffectRow, ...] = doc("Effect per form")
    effect_cells: tuple[EffectRow, ...] = doc("Effect per form and direction")
    chart: Chart | None = doc("Mean change after the measures beside the comparison's, per direction; None = none")
    done: int = doc("Measures with status done")
    association: str = doc("The sentence saying that an effect is an association, not a proof of cause")


def _counts(lk: ReadModel, page: str, ms, by_node: bool, keys: list[str]) -> tuple[CountRow, ...]:
    """Measures per direction (by_node) or per form, keys in display order."""
    out = []
    for key in keys:
        of = [m for m in ms if (m.direction_id if by_node else m.form) == key]
        if of:
            statuses = tuple(sum(1 for m in of if m.status == s) for s in STATUS_LABELS)
            link = node_link(lk, page, key) if by_node else None
            label = link.name if link else form_label(lk, key)
            out.append(CountRow(label, link.href if link else "", len(of), statuses))
    return tuple(out)


def _effect_row(lk: ReadModel, page: str, a) -> EffectRow:
    link = node_link(lk, page, a.direction_id) if a.direction_id else None
    return EffectRow(
        link.name if link else form_label(lk, a.form),
        link.href if link else "",
        form_label(lk, a.form) if a.by == "form_node" else "",
        a.n,
        a.mean_change,
        a.mean_comparison_change,
        a.mean_effect,
        a.n_method_changed,
    )


def _chart(y: int, nodes: tuple[EffectRow, ...]) -> Chart | None:
    shown = [r for r in nodes if r.comparison_change is not None and r.change is not None]
    if not shown:
        return None
    rows = []
    for r in shown:
        rows.append({"direction": r.name, "who": cyclecharts.SERIES[0], "change": rounded(r.change)})
        rows.append({"direction": r.name, "who": cyclecharts.SERIES[1], "change": rounded(r.comparison_change)})
    return Chart(
        cyclecharts.effect(rows),
        alt=f"Столбчатая диаграмма: по каждому направлению — среднее изменение балла организаций после мер "
        f"{y} года рядом со средним изменением в группе сравнения. Данные — в таблице эффекта по направлениям.",
        caption=f"Изменение балла после мер {y} года и в группе сравнения, по направлениям",
        columns=["Направление", *cyclecharts.SERIES, "Эффект"],
        rows=[[r.name, delta(r.change), delta(r.comparison_change), delta(r.effect)] for r in shown],
        file=f"measures-{y}-effect",
        printed=False,  # the effect table beside it holds the same figures
    )


def measures_page(lk: ReadModel, y: int, page: str) -> MeasuresPage:
    cyc = lk.cycle
    ms = cyc.by_year.get(y, [])
    cov = cyc.coverage.get((y, ALL))
    kinds = tuple(
        CoverageRow(label, c.pairs, c.covered, c.coverage)
        for kind, label in lk.kinds.items()
        if (c := cyc.coverage.get((y, kind))) is not None and c.pairs
    )
    node_order = [d.id for d in lk.direction_rows[y]] + ["total"]
    forms = list(dict(getattr(lk.ds.settings, "measure_forms", {}) or {}))
    forms += [f for f in dict.fromkeys(m.form for m in ms) if f not in forms]
    nodes = tuple(_effect_row(lk, page, a) for a in cyc.aggregates_of(y, "node"))
    done = [m for m in ms if m.status == "done"]
    return MeasuresPage(
        corrections=lk.marks_for(page),
        year=y,
        next_year=min((x for x in lk.years if x > y), default=y + 1),
        measured=any(x > y for x in lk.years),
        cycle_href=U.href(page, U.cycle(y)),
        coverage=((CoverageRow("Все организации", cov.pairs, cov.covered, cov.coverage), *kinds))
        if cov and cov.pairs
        else (),
        statuses=tuple(STATUS_LABELS.values()),
        by_direction=_counts(lk, page, ms, True, node_order),
        by_form=_counts(lk, page, ms, False, forms),
        measures=measure_rows(lk, page, ms),
        effect_nodes=nodes,
        effect_forms=tuple(_effect_row(lk, page, a) for a in cyc.aggregates_of(y, "form")),
        effect_cells=tuple(_effect_row(lk, page, a) for a in cyc.aggregates_of(y, "form_node")),
        chart=_chart(y, nodes),
        done=len(done),
        association=ASSOCIATION,
    )
