"""«Лучшие практики» of one year: per direction, the organizations rule 13
names (the highest level in the year and in the previous year with a score,
and no worsening) and the practices they described in practices.csv."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import markup
from generator.render import urls as U
from generator.render.markup import SafeUrl
from generator.render.pages.base import Level, Page, doc, level
from generator.render.readmodel import ReadModel


@dataclass(frozen=True)
class PracticeItem:
    title: str = doc("Title of the practice")
    description: str = doc("What the practice is, '' = not described")
    link: SafeUrl = doc("An http(s) address of the practice's materials, '' = none (any other scheme is dropped)")


@dataclass(frozen=True)
class PracticeOrg:
    name: str = doc("Organization name")
    href: str = doc("Link to the organization page")
    kind: str = doc("Label of the organization's kind")
    score: float | None = doc("Score for the direction in the year, None when not a rule-13 source")
    level: Level | None = doc("Level of that score")
    previous_year: int | None = doc("The previous year with a score at the same (highest) level")
    best: bool = doc("True: a source of best practice by rule 13; False: a practice described without it")
    practices: tuple[PracticeItem, ...] = doc("Practices the organization described for the direction")


@dataclass(frozen=True)
class PracticeDirection:
    name: str = doc("Direction name")
    href: str = doc("Link to the direction page")
    orgs: tuple[PracticeOrg, ...] = doc("Organizations: rule-13 sources first, in display order")


@dataclass(frozen=True)
class PracticesPage(Page):
    TEMPLATE = "practices.md.j2"
    year: int = doc("Monitoring year")
    top_level: Level | None = doc("The level with the largest min_score in the year")
    directions: tuple[PracticeDirection, ...] = doc("Directions with a source or a described practice, tree order")
    cycle_href: str = doc("Link to the year's management cycle page")
    n: int = doc("Organizations that are a source for at least one direction")


def practices_page(lk: ReadModel, y: int, page: str) -> PracticesPage:
    cyc = lk.cycle
    best = cyc.best_of_year.get(y, [])
    described = cyc.practices_of_year.get(y, [])
    directions = []
    for d in lk.direction_rows[y]:
        items: dict[str, list[PracticeItem]] = {}
        for p in described:
            if p.direction_id == d.id:
                link = markup.external_url(p.link) or SafeUrl("")
                items.setdefault(p.org_id, []).append(PracticeItem(p.title, p.description, link))
        sources = [b for b in best if b.direction_id == d.id]
        orgs = [
            PracticeOrg(
                lk.name(b.org_id),
                U.href(page, U.org(b.org_id)),
                lk.ds.settings.singular(b.kind) or lk.kinds.get(b.kind, b.kind),
                b.score,
                level(lk, y, b.level),
                b.previous_year,
                True,
                tuple(items.get(b.org_id, ())),
            )
            for b in sources
        ]
        named = {b.org_id for b in sources}
        orgs += [
            PracticeOrg(
                lk.name(o),
                U.href(page, U.org(o)),
                lk.ds.settings.singular(lk.org[o].kind) or lk.kinds.get(lk.org[o].kind, lk.org[o].kind),
                None,
                None,
                None,
                False,
                tuple(found),
            )
            for o, found in items.items()
            if o not in named
        ]
        if orgs:
            directions.append(PracticeDirection(d.name, U.href(page, U.direction(d.id)), tuple(orgs)))
    return PracticesPage(
        corrections=lk.marks_for(page),
        year=y,
        top_level=max(lk.levels[y], key=lambda lv: lv.min_score) if lk.levels[y] else None,
        directions=tuple(directions),
        cycle_href=U.href(page, U.cycle(y)),
        n=len({b.org_id for b in best}),
    )
