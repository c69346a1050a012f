"""The catalog: the tree of directions and indicators of the latest year."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import UNIT_LABELS
from generator.render import urls as U
from generator.render.pages.base import Page, doc
from generator.render.readmodel import ReadModel


@dataclass(frozen=True)
class CatalogIndicator:
    name: str = doc("Indicator name")
    href: str = doc("Link to the indicator page")
    unit: str = doc("Russian label of the unit")
    kinds: str = doc("Labels of the kinds it applies to, joined («все типы» = all)")


@dataclass(frozen=True)
class CatalogItem:
    name: str = doc("Direction name")
    depth: int = doc("Depth in the tree, 0 at the top")
    href: str = doc("Link to the direction page")
    indicators: tuple[CatalogIndicator, ...] = doc("Indicators of the direction")
    opens: bool = doc("True when the item starts an inner list (it has children or indicators)")
    has_children: bool = doc("True when directions follow below this one")
    closes: int = doc("How many lists end after this item")


@dataclass(frozen=True)
class RetiredIndicator:
    name: str = doc("Indicator name")
    href: str = doc("Link to the indicator page")
    years: tuple[int, ...] = doc("Years the indicator was in the monitoring")


@dataclass(frozen=True)
class CatalogPage(Page):
    TEMPLATE = "catalog.md.j2"
    year: int = doc("Latest monitoring year")
    tree: tuple[CatalogItem, ...] = doc("Directions depth first, children in file order")
    retired: tuple[RetiredIndicator, ...] = doc("Indicators not in the latest year")
    sources_href: str = doc("Link to the page «Источники данных» (issue 11, item 9)")


def catalog(lk: ReadModel, page: str) -> CatalogPage:
    """The tree of the latest year, depth first (children in file order), as
    flat items the template writes as nested HTML lists: `opens` starts the
    item's inner list, `closes` counts the lists ended after it. No recursion
    anywhere (Python-Markdown's nested lists recursed once per level), and
    every direction and indicator is visited once."""
    y = lk.latest
    children, indicators = lk.child_directions[y], lk.child_indicators[y]
    tree: list[CatalogItem] = []
    stack = [(d, 0) for d in reversed(children.get("", []))]
    while stack:
        d, depth = stack.pop()
        kids = children.get(d.id, [])
        inds = tuple(
            CatalogIndicator(
                i.name,
                U.href(page, U.indicator(i.id)),
                UNIT_LABELS[i.unit],
                ", ".join(lk.kinds.get(k, k) for k in i.kinds) or "все типы",
            )
            for i in indicators.get(d.id, [])
        )
        stack.extend((c, depth + 1) for c in reversed(kids))
        # Leaving a leaf: close the lists of the ancestors whose last child it is.
        closes = 0 if kids else depth - (stack[-1][1] if stack else 0)
        tree.append(
            CatalogItem(d.name, depth, U.href(page, U.direction(d.id)), inds, bool(kids or inds), bool(kids), closes)
        )
    retired = tuple(
        RetiredIndicator(lk.indicator[i].name, U.href(page, U.indicator(i)), tuple(ys))
        for i, ys in lk.indicator_years.items()
        if ys[-1] != y
    )
    return CatalogPage(
        corrections=lk.marks_for(page),
        year=y,
        tree=tuple(tree),
        retired=retired,
        sources_href=U.href(page, U.SOURCES),
    )
