"""«Цели»: every goal of data/goals.csv (rule 12) with its actual value in
every year, a chart of its progress from the baseline towards the target and
whether it was achieved in its target year."""

from __future__ import annotations

from dataclasses import dataclass

from generator import russian
from generator.render import cyclecharts
from generator.render import urls as U
from generator.render.cyclemodel import Goal
from generator.render.pages.base import Chart, Link, Page, doc
from generator.render.pages.cycle import GOAL_STATUS_LABELS
from generator.render.pages.cyclerows import goal_unit, node_link, scope_label
from generator.render.readmodel import ReadModel, rounded


@dataclass(frozen=True)
class GoalYear:
    year: int = doc("Monitoring year")
    href: str = doc("Link to the year's management cycle page")
    actual: float | None = doc("Actual value of the goal's figure in the year, None = none")


@dataclass(frozen=True)
class GoalBlock:
    key: str = doc("Goal id (a slug): the anchor of the goal's section")
    name: str = doc("Name of the goal")
    node: Link = doc("The direction, indicator or total score the goal is about")
    scope: str = doc("Whose figure: «все организации», a kind or a territory")
    what: str = doc("What figure the goal measures, in words")
    unit: str = doc("'score': a score (балла); 'percent': a share or a value in %; otherwise the indicator's unit")
    baseline_year: int = doc("Year of the baseline value")
    baseline: float | None = doc("Actual value in the baseline year, None = none")
    target_year: int = doc("Year by which the target is to be reached")
    target: float = doc("Target value")
    lower_is_better: bool = doc("True: achieved when the value is at most the target")
    status: str = doc("'achieved', 'missed' (the target year is in the data) or 'open'")
    status_label: str = doc("Russian label of the status")
    years: tuple[GoalYear, ...] = doc("Actual value in every year of the data")
    chart: Chart = doc("The actual value by year beside the planned path from the baseline to the target")


@dataclass(frozen=True)
class GoalsPage(Page):
    TEMPLATE = "goals.md.j2"
    goals: tuple[GoalBlock, ...] = doc("Every goal, in goals.csv order")
    achieved: int = doc("Goals achieved")
    missed: int = doc("Goals not achieved in their target year")
    open: int = doc("Goals whose target year is not in the data yet")


def _what(lk: ReadModel, g: Goal) -> str:
    if g.measure == "summary":
        return "свод — средний балл организаций (из 100)"
    if g.measure == "share_at_level":
        lv = lk.level(lk.latest, g.level)
        label = russian.lower_first(lv.label) if lv else g.level
        return f"доля организаций с уровнем «{label}» или выше, %"
    return "муниципальное значение показателя" + (" (чем меньше, тем лучше)" if g.lower_is_better else "")


def _chart(lk: ReadModel, g: Goal, block_years: list[GoalYear], unit: str) -> Chart:
    actual, plan = cyclecharts.GOAL_SERIES
    rows = [{"year": v.year, "series": actual, "value": rounded(v.actual)} for v in block_years if v.actual is not None]
    if g.baseline_value is not None:
        rows.append({"year": g.baseline_year, "series": plan, "value": rounded(g.baseline_value)})
        rows.append({"year": g.target_year, "series": plan, "value": rounded(g.target)})
    title = "Балл (из 100)" if unit == "score" else ("Значение, %" if unit == "percent" else "Значение")
    fmt = russian.score if unit == "score" else (lambda x: russian.figure(x, unit))
    return Chart(
        cyclecharts.goal(rows, title),
        alt=f"Линейный график: цель «{g.name}» — фактическое значение по годам и план от базового значения "
        f"{g.baseline_year} года к целевому значению {g.target_year} года. Данные — в таблице под графиком.",
        caption=f"{g.name}: факт и план",
        columns=["Год", actual, "Цель"],
        rows=[[str(v.year), fmt(v.actual), fmt(g.target) if v.year == g.target_year else ""] for v in block_years],
        file=f"goal-{g.id}",
    )


def goals_page(lk: ReadModel, page: str) -> GoalsPage:
    blocks = []
    for g in lk.cycle.goals:
        status = ("achieved" if g.achieved else "missed") if g.due else "open"
        years = [GoalYear(y, U.href(page, U.cycle(y)), lk.cycle.goal_values.get((g.id, y))) for y in lk.years]
        unit = goal_unit(lk, g)
        blocks.append(
            GoalBlock(
                g.id,
                g.name,
                node_link(lk, page, g.node_id),
                scope_label(lk, g.scope),
                _what(lk, g),
                unit,
                g.baseline_year,
                g.baseline_value,
                g.target_year,
                g.target,
                g.lower_is_better,
                status,
                GOAL_STATUS_LABELS[status],
                tuple(years),
                _chart(lk, g, years, unit),
            )
        )
    return GoalsPage(
        corrections=lk.marks_for(page),
        goals=tuple(blocks),
        achieved=sum(1 for b in blocks if b.status == "achieved"),
        missed=sum(1 for b in blocks if b.status == "missed"),
        open=sum(1 for b in blocks if b.status == "open"),
    )
