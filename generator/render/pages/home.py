"""The home page: the latest year in brief."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute import ALL
from generator.render import charts, review
from generator.render import urls as U
from generator.render.pages.base import (
    Chart,
    Level,
    MethodNote,
    MoveRow,
    Page,
    Trend,
    doc,
    largest_moves,
    level,
    level_colors,
    method_notes,
    move_rows,
    trend,
)
from generator.render.readmodel import ReadModel


@dataclass(frozen=True)
class SummaryRow:
    label: str = doc("«Все организации» or the label of a kind")
    score: float | None = doc("Mean total score of the scope")
    level: Level | None = doc("Level of the mean total score")
    n: int = doc("Number of organizations in the scope")
    trend: Trend | None = doc("Trend of the mean total score")


@dataclass(frozen=True)
class HomeLinks:
    year: str = doc("Link to the latest year's page")
    orgs: str = doc("Link to the list of organizations")
    methodology: str = doc("Link to the methodology page")


@dataclass(frozen=True)
class HomePage(Page):
    TEMPLATE = "home.md.j2"
    title: str = doc("Title of the site (monitoring.yml)")
    territory: str = doc("Territory the monitoring covers")
    operator: str = doc("Who runs the monitoring, '' = not given")
    year: int = doc("Latest monitoring year")
    summary: tuple[SummaryRow, ...] = doc("Mean total score of all organizations and of each kind")
    levels: tuple[Level, ...] = doc("Levels of the latest year, best first")
    level_chart: Chart = doc("Chart: organizations of each kind on each level")
    rises: tuple[MoveRow, ...] = doc("Largest rises of the total score (at most 5)")
    falls: tuple[MoveRow, ...] = doc("Largest falls of the total score (at most 5)")
    method_notes: tuple[MethodNote, ...] = doc("Methodology changes between the latest year and the one before")
    links: HomeLinks = doc("Links of the buttons and texts")
    drafts: tuple[int, ...] = doc("Years in preparation (draft in datapackage.json), not published yet")
    drafts_text: str = doc("«Данные за 2026 год» / «Данные за 2026 и 2027 годы»: the years in preparation in words")
    cycle_href: str = doc("Link to the latest year's management cycle page, '' = none (no cycle data)", default="")


def home(lk: ReadModel, page: str) -> HomePage:
    y = lk.latest
    summary = []
    for scope, label in [(ALL, "Все организации"), *lk.kinds.items()]:
        m = lk.muni(y, scope, "total", "total")
        if m is not None:
            summary.append(SummaryRow(label, m.score, level(lk, y, m.level), m.n, trend(m.trend, m.delta)))
    totals = lk.totals_of_year.get(y, ())
    counts = []
    chart_rows = []
    for kind, label in lk.kinds.items():
        of_kind = [t for t in totals if t.kind == kind]
        if not of_kind:
            continue
        cells = []
        for o, lv in enumerate(lk.levels[y]):
            c = sum(1 for t in of_kind if t.level == lv.id)
            cells.append(c)
            chart_rows.append({"kind": label, "level": lv.label, "count": c, "order": o})
        counts.append((label, cells))
    labels, _ = level_colors(lk, y)
    level_chart = Chart(
        charts.levels(chart_rows, lk.levels[y]),
        alt=f"Диаграмма: число организаций каждого типа на каждом уровне в {y} году. Данные — в таблице ниже.",
        caption=f"Организации по уровням, {y}",
        columns=["Тип", *labels],
        rows=[[kind, *[str(c) for c in cells]] for kind, cells in counts],
        file=f"levels-{y}",
    )
    rises, falls = largest_moves(totals, 5)

    s = lk.ds.settings
    return HomePage(
        corrections=lk.marks_for(page),
        title=s.title,
        territory=s.territory,
        operator=s.operator,
        year=y,
        summary=tuple(summary),
        levels=tuple(lk.levels[y]),
        level_chart=level_chart,
        rises=move_rows(lk, page, y, rises),
        falls=move_rows(lk, page, y, falls),
        method_notes=method_notes(review.latest_pair_notes(lk)),
        links=HomeLinks(U.href(page, U.year(y)), U.href(page, U.ORGANIZATIONS), U.href(page, U.METHODOLOGY)),
        drafts=lk.ds.drafts,
        drafts_text=drafts_text(lk.ds.drafts),
        cycle_href=U.href(page, U.cycle(y)) if lk.cycle.used else "",
    )


def drafts_text(years: tuple[int, ...]) -> str:
    """The years in preparation as the note names them: one year is «год», several «годы»."""
    if len(years) <= 1:
        return "".join(f"Данные за {y} год" for y in years)
    return f"Данные за {', '.join(map(str, years[:-1]))} и {years[-1]} годы"
