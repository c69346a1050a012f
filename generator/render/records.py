"""Small typed records that page contexts and the read model share: a level, a
trend, a link, a correction mark. Every field carries a help text
(`field(metadata={"help": ...})`); tests/test_template_context.py checks it."""

from __future__ import annotations

from dataclasses import dataclass, field


def doc(text: str, **kwargs):
    """A dataclass field with its help text."""
    return field(metadata={"help": text}, **kwargs)


@dataclass(frozen=True)
class Level:
    id: str = doc("Level id from levels.csv")
    label: str = doc("Level name as published («Высокий»)")
    min_score: float = doc("Lowest total score of the level, 0-100")
    color: str = doc("Chart colour of the level, '' = default grey")
    css: str = doc("CSS modifier: 'high' for the best level, 'low' for the worst, 'medium' between")
    description: str = doc("What the level means (levels.csv description), '' = not given", default="")


@dataclass(frozen=True)
class Trend:
    id: str = doc("Trend id: improved, stable, worsened or new")
    label: str = doc("Russian label of the trend")
    delta: float | None = doc("Change against the previous year, rounded; None when new")
    unit: str = doc("Unit of the changed value: 'percent' writes the change in п. п.; '' = a score", default="")


@dataclass(frozen=True)
class Link:
    name: str = doc("Text of the link (a name)")
    href: str = doc("Link relative to the page it is on")


@dataclass(frozen=True)
class PageLink:
    label: str = doc("Text of the link («1–500», a page title)")
    href: str = doc("Link relative to the page it is on")
    current: bool = doc("True for the page the link is on (pager)", default=False)


@dataclass(frozen=True)
class CorrectionMark:
    date: str = doc("Date of the correction, DD.MM.YYYY")
    year: int = doc("Monitoring year whose data the correction changed")
    anchor: str = doc("Anchor of the entry on the corrections log page (a slug)")
    href: str = doc("Link to the entry, relative to the page", default="")


@dataclass(frozen=True)
class MethodNote:
    text: str = doc("Sentence saying how the methodology changed between two years")


@dataclass(frozen=True)
class MuniValue:
    """One row of municipal.csv as pages show it."""

    value: float | None = doc("Municipal value, rounded to hundredths (share of «yes» in % or a mean)")
    score: float | None = doc("Mean score of the organizations, 0-100")
    level: str = doc("Level id of the mean score, '' = none")
    n: int = doc("Number of organizations the figure is over")
    delta: float | None = doc("Change against the previous year")
    trend: str = doc("Trend id, '' = none")


@dataclass(frozen=True)
class OrgTag:
    """What a table row of an organization carries besides its name: the short
    name for narrow screens and what the filter matches (render/searchkeys.py)."""

    short: str = doc("Short name shown instead of the name on narrow screens, '' = none")
    keys: str = doc("Search keys of the name, space-separated (render/searchkeys.py)")
    kind: str = doc("Kind id")
    district: str = doc("District, '' = none")
    groups: str = doc("Ids of the organization's groups (monitoring.yml `groups:`), space-separated", default="")
    territories: str = doc("Ids of its territorial unit and every unit above it, space-separated", default="")
