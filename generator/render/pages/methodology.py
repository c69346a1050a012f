"""The methodology page, built from the same data as the results."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import POLARITY_LABELS, UNIT_LABELS
from generator.render import urls as U
from generator.render.lookup import Lookup
from generator.render.pages.base import Level, Page, doc
from generator.render.pages.nodes import formula


@dataclass(frozen=True)
class MethodIndicator:
    name: str = doc("Indicator name")
    href: str = doc("Link to the indicator page")
    direction: str = doc("Name of its direction")
    unit_label: str = doc("Russian label of the unit")
    polarity_label: str = doc("Russian label of the polarity")
    formula: str = doc("The score formula in words")
    weight: float = doc("Weight in the direction's mean")
    kinds_label: str = doc("Labels of the kinds it applies to, joined («все типы» = all)")


@dataclass(frozen=True)
class MethodDirection:
    id: str = doc("Direction id")
    name: str = doc("Direction name")
    href: str = doc("Link to the direction page")
    depth: int = doc("Depth in the tree, 0 at the top")
    weight: float = doc("Weight in the parent's mean")


@dataclass(frozen=True)
class YearLevels:
    year: int = doc("Monitoring year")
    levels: tuple[Level, ...] = doc("Levels of the year, best first")


@dataclass(frozen=True)
class MethodologyPage(Page):
    TEMPLATE = "methodology.md.j2"
    missing: str = doc("How a value not submitted counts: 'zero' or 'exclude' (monitoring.yml)")
    stable_tolerance: float = doc("Largest change still called stable (monitoring.yml)")
    unreported_limit: float = doc("Largest share of not reported values, in percent, of a published year")
    year: int = doc("Latest monitoring year")
    indicators: tuple[MethodIndicator, ...] = doc("Indicators of the latest year, in file order")
    directions: tuple[MethodDirection, ...] = doc("Directions of the latest year, in file order")
    thresholds: tuple[YearLevels, ...] = doc("Levels of every year")


def methodology(lk: Lookup, page: str) -> MethodologyPage:
    y = lk.latest
    inds = tuple(
        MethodIndicator(
            i.name,
            U.href(page, U.indicator(i.id)),
            lk.direction[i.direction_id].name,
            UNIT_LABELS[i.unit],
            POLARITY_LABELS[i.polarity],
            formula(i),
            i.weight,
            ", ".join(lk.kinds.get(k, k) for k in i.kinds) or "все типы",
        )
        for i in lk.indicator_rows[y]
    )
    dirs = tuple(
        MethodDirection(d.id, d.name, U.href(page, U.direction(d.id)), d.depth, d.weight) for d in lk.direction_rows[y]
    )
    s = lk.ds.settings
    return MethodologyPage(
        corrections=lk.marks_for(page),
        missing=s.missing,
        stable_tolerance=s.stable_tolerance,
        unreported_limit=s.unreported_limit,
        year=y,
        indicators=inds,
        directions=dirs,
        thresholds=tuple(YearLevels(y, tuple(lk.levels[y])) for y in lk.years),
    )
