"""A numbered page of a long list (render/pages/paging.py makes them)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.pages.base import (
    FilterBar,
    LevelMoveRow,
    OrgRow,
    Page,
    PageLink,
    RankingRow,
    ResultRow,
    UnitRow,
    doc,
)


@dataclass(frozen=True)
class ListingPage(Page):
    TEMPLATE = "listing.md.j2"
    title: str = doc("Page title, with the span of rows it holds («… места 1–500»)")
    back: PageLink = doc("Link back to the page the list belongs to")
    pager: tuple[PageLink, ...] = doc("Links to every numbered page of the list, this one marked current")
    table: str = doc("Which table the rows fill: ranking, orgs, results, level_moves or units")
    rows: tuple[RankingRow | OrgRow | ResultRow | LevelMoveRow | UnitRow, ...] = doc("The rows of this page")
    unit: str | None = doc("Unit of the values (results table of an indicator)", default=None)
    show_value: bool = doc("True when the results table has a value column (indicator)", default=False)
    previous: int | None = doc("Year compared with (level_moves table)", default=None)
    year: int | None = doc("Year of the list (level_moves table)", default=None)
    filter: FilterBar | None = doc("Choices of the organization filter; None = no filter", default=None)
