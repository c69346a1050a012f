"""The management cycle's pages in the site (rules 9-13): which exist, and
their entries in the navigation. A data folder with no measures, goals or
practices has none of them, and the site is exactly as without the cycle."""

from __future__ import annotations

from generator.render import urls as U
from generator.render.pages import Page
from generator.render.pages.cycle import cycle_page, has_practices_page
from generator.render.pages.goals import goals_page
from generator.render.pages.measures import measures_page
from generator.render.pages.practices import practices_page
from generator.render.readmodel import ReadModel


def pages(lk: ReadModel) -> list[tuple[str, Page]]:
    """(path, context) of every page of the cycle, in the order of the navigation."""
    cyc = lk.cycle
    if not cyc.used:
        return []
    out: list[tuple[str, Page]] = [(U.cycle(y), cycle_page(lk, y, U.cycle(y))) for y in lk.years]
    out += [(U.measures(y), measures_page(lk, y, U.measures(y))) for y in lk.years if y in cyc.measure_years]
    if cyc.goals:
        out.append((U.GOALS, goals_page(lk, U.GOALS)))
    out += [(U.practices(y), practices_page(lk, y, U.practices(y))) for y in lk.years if has_practices_page(lk, y)]
    return out


def nav(lk: ReadModel, paths: set[str]) -> list:
    """The «Управленческий цикл» section of the navigation over the pages that exist; [] = none."""
    if not any(p in paths for p in (U.cycle(y) for y in lk.years)):
        return []
    years = list(reversed(lk.years))
    entries: list = [{f"Цикл {y} года": U.cycle(y)} for y in years if U.cycle(y) in paths]
    measures = [{f"{y} год": U.measures(y)} for y in years if U.measures(y) in paths]
    if measures:
        entries.append({"Меры и их результаты": measures})
    if U.GOALS in paths:
        entries.append({"Цели": U.GOALS})
    practices = [{f"{y} год": U.practices(y)} for y in years if U.practices(y) in paths]
    if practices:
        entries.append({"Лучшие практики": practices})
    return [{"Управленческий цикл": entries}]


def descriptions(lk: ReadModel, monitoring: str) -> dict[str, str]:
    """Meta descriptions of the cycle's pages (render/describe.py); monitoring: «мониторинга … (territory)»."""
    if not lk.cycle.used:
        return {}
    out = {}
    for y in lk.years:
        out[U.cycle(y)] = (
            f"Управленческий цикл {y} года по результатам {monitoring}: цели, результаты, дефициты, "
            "рекомендации, принятые меры, их эффект и движение к целям."
        )
        out[U.measures(y)] = f"Меры по результатам {monitoring} за {y} год: статус, покрытие дефицитов и эффект мер."
        out[U.practices(y)] = f"Лучшие практики {y} года по направлениям {monitoring}."
    out[U.GOALS] = f"Цели, которые проверяются по данным {monitoring}: базовые и целевые значения, факт по годам."
    return out
