"""One module per page kind: each holds its frozen context dataclass (every
field with a help text) and the pure function that builds it from the
indexes of render/readmodel.py. Templates in generator/resources/site_templates/
only format these objects."""

from __future__ import annotations

from generator.render.pages.base import Page
from generator.render.pages.catalog import CatalogPage, catalog
from generator.render.pages.compare import ComparePage, compare_page
from generator.render.pages.corrections import CorrectionsPage, corrections_page
from generator.render.pages.cycle import CyclePage
from generator.render.pages.data import DataPage, data
from generator.render.pages.errors import ErrorsPage, errors  # the problem catalogue's page (issue 10)
from generator.render.pages.glossary import GlossaryPage, glossary
from generator.render.pages.goals import GoalsPage
from generator.render.pages.home import HomePage, home
from generator.render.pages.listing import ListingPage
from generator.render.pages.measures import MeasuresPage
from generator.render.pages.methodology import MethodologyPage, methodology
from generator.render.pages.nodes import DirectionPage, IndicatorPage, direction, formula, indicator
from generator.render.pages.organization import OrganizationPage, OrganizationsPage, organization, organizations
from generator.render.pages.practices import PracticesPage
from generator.render.pages.territory import TerritoriesPage, TerritoryPage, territories, territory
from generator.render.pages.texts import (
    AboutCalendar,
    CalendarPage,
    SourcesPage,
    about_calendar,
    calendar_page,
    sources_page,
)  # issue 11
from generator.render.pages.year import YearPage, year

# Every page kind: its template gets an object of this class.
PAGE_KINDS: tuple[type[Page], ...] = (
    HomePage,
    YearPage,
    OrganizationPage,
    OrganizationsPage,
    ComparePage,
    ListingPage,
    DirectionPage,
    IndicatorPage,
    CatalogPage,
    MethodologyPage,
    DataPage,
    CorrectionsPage,
    ErrorsPage,
    GlossaryPage,
    CyclePage,  # the management cycle (rules 9-13)
    MeasuresPage,
    GoalsPage,
    PracticesPage,
    CalendarPage,
    AboutCalendar,
    SourcesPage,
    TerritoryPage,
    TerritoriesPage,
)

__all__ = [
    "PAGE_KINDS",
    "Page",
    "catalog",
    "compare_page",
    "corrections_page",
    "data",
    "direction",
    "errors",
    "formula",
    "glossary",
    "home",
    "indicator",
    "methodology",
    "organization",
    "organizations",
    "territories",
    "territory",
    "year",
    "about_calendar",
    "calendar_page",
    "sources_page",
]
