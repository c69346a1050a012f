"""The methodology page, built from the same data as the results: the rules
in words, the tree of directions and indicators of every year, the
thresholds, and a worked example computed from the data (render/pages/example.py).
Nothing of the configuration (keys, ids, method names) reaches the public."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import POLARITY_LABELS, UNIT_LABELS
from generator.render import urls as U
from generator.render.lookup import Lookup
from generator.render.pages.base import Level, Page, doc
from generator.render.pages.example import WorkedExample, worked_example
from generator.render.pages.nodes import formula


@dataclass(frozen=True)
class MethodNode:
    name: str = doc("Name of the direction or indicator")
    href: str = doc("Link to its page")
    is_indicator: bool = doc("True for an indicator, False for a direction")
    depth: int = doc("Depth in the tree, 0 for a top-level direction (an indicator is one deeper than its direction)")
    parent: str = doc("Name of the direction it belongs to, '' at the top level")
    weight: float = doc("Weight in the parent's mean (in the total for a top-level direction)")
    unit_label: str = doc("Russian label of the unit; '' for a direction")
    polarity_label: str = doc("Russian label of the polarity; '' for a direction and a yes/no indicator")
    formula: str = doc("The score formula in words; '' for a direction")
    kinds_label: str = doc("Whom it applies to, in words («для всех типов организаций»); '' for a direction")


@dataclass(frozen=True)
class MethodYear:
    year: int = doc("Monitoring year")
    nodes: tuple[MethodNode, ...] = doc(
        "The tree of the year, depth first: each direction, its indicators, its sub-directions"
    )
    indicators: int = doc("Number of indicators of the year")
    directions: int = doc("Number of directions of the year")
    change: str = doc("How the methodology changed against the year before, '' = it did not or first year")
    first: bool = doc("True for the first monitoring year")


@dataclass(frozen=True)
class YearLevels:
    year: int = doc("Monitoring year")
    levels: tuple[Level, ...] = doc("Levels of the year, best first")


@dataclass(frozen=True)
class MethodologyPage(Page):
    TEMPLATE = "methodology.md.j2"
    missing_zero: bool = doc("True when a value not submitted scores 0; False when it is left out of every mean")
    stable_tolerance: float = doc("Largest change still called stable (monitoring.yml)")
    unreported_limit: float = doc("Largest share of not reported values, in percent, of a published year")
    year: int = doc("Latest monitoring year")
    years: tuple[MethodYear, ...] = doc("The tree of directions and indicators of every year, newest first")
    thresholds: tuple[YearLevels, ...] = doc("Levels of every year")
    example: WorkedExample | None = doc("A worked example from the latest year's data; None when nothing is scored")


def _applies(lk: Lookup, kinds: tuple) -> str:
    if not kinds or set(kinds) >= set(lk.kinds):
        return "для всех типов организаций"
    return "только для типа: " + "; ".join(lk.kinds.get(k, k) for k in kinds)


def _tree(lk: Lookup, y: int, page: str) -> list[MethodNode]:
    out: list[MethodNode] = []

    def walk(parent_id: str, parent_name: str, depth: int) -> None:
        for d in lk.child_directions[y].get(parent_id, []):
            out.append(
                MethodNode(d.name, U.href(page, U.direction(d.id)), False, depth, parent_name, d.weight, "", "", "", "")
            )
            for i in lk.child_indicators[y].get(d.id, []):
                out.append(
                    MethodNode(
                        i.name,
                        U.href(page, U.indicator(i.id)),
                        True,
                        depth + 1,
                        d.name,
                        i.weight,
                        UNIT_LABELS[i.unit],
                        "" if i.method == "boolean" else POLARITY_LABELS[i.polarity],
                        formula(i),
                        _applies(lk, i.kinds),
                    )
                )
            walk(d.id, d.name, depth + 1)

    walk("", "", 0)
    return out


def methodology(lk: Lookup, page: str) -> MethodologyPage:
    years = []
    for y in reversed(lk.years):
        prev = lk.method.previous(y)
        years.append(
            MethodYear(
                y,
                tuple(_tree(lk, y, page)),
                len(lk.indicator_rows[y]),
                len(lk.direction_rows[y]),
                lk.method.between(prev, y).sentence() if prev is not None else "",
                prev is None,
            )
        )
    s = lk.ds.settings
    return MethodologyPage(
        corrections=lk.marks_for(page),
        missing_zero=s.missing == "zero",
        stable_tolerance=s.stable_tolerance,
        unreported_limit=s.unreported_limit,
        year=lk.latest,
        years=tuple(years),
        thresholds=tuple(YearLevels(y, tuple(lk.levels[y])) for y in lk.years),
        example=worked_example(lk, page),
    )
