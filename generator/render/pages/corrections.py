"""The corrections log page: every change of data of a year already published."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import urls as U
from generator.render.pages.base import Link, Page, doc
from generator.render.readmodel import ReadModel, date_ru
from generator.review.corrections import CorrectionsLog

MAX_LINKS = 20


@dataclass(frozen=True)
class CorrectionYear:
    year: int = doc("Year whose data changed")
    sentence: str = doc("What changed, a sentence")
    pages: tuple[Link, ...] = doc(
        "The year page, when the year is published, then the pages of later years whose dynamics the change moved"
    )
    orgs: tuple[Link, ...] = doc("Organization pages that show the change (at most MAX_LINKS)")
    more_orgs: int = doc("How many more organizations")
    indicators: tuple[Link, ...] = doc("Indicator pages that show the change (at most MAX_LINKS)")
    more_indicators: int = doc("How many more indicators")


@dataclass(frozen=True)
class MergedCommit:
    commit: str = doc("Short commit id")
    message: str = doc("First line of the commit message")


@dataclass(frozen=True)
class CorrectionEntry:
    anchor: str = doc("Anchor of the entry (a slug)")
    date: str = doc("Date of the change, DD.MM.YYYY")
    commit: str = doc("Short commit id of the data version")
    years_label: str = doc("Years changed, joined")
    years: tuple[CorrectionYear, ...] = doc("What changed in each year")
    message: tuple[str, ...] = doc("Lines of the commit message")
    notes: tuple[str, ...] = doc("Notes on the entry (e.g. a history rewritten)")
    merged: tuple[MergedCommit, ...] = doc("Branch commits a merge brought in")
    merged_more: int = doc("How many more branch commits")


@dataclass(frozen=True)
class CorrectionsPage(Page):
    TEMPLATE = "corrections.md.j2"
    available: bool = doc("False when the git history could not be read")
    reason: str = doc("Why the history is not available, capitalised")
    entries: tuple[CorrectionEntry, ...] = doc("Entries, newest first")
    policy_href: str = doc("Link to the corrections policy page")


def corrections_page(lk: ReadModel, log: CorrectionsLog | None, page: str) -> CorrectionsPage:
    log = log or CorrectionsLog(False, "история изменений не была прочитана при сборке.")
    entries = []
    for c in log.entries:
        years = []
        for yc in c.years:
            links = (Link(f"{yc.year} год", U.href(page, U.year(yc.year))),) if yc.year in lk.years else ()
            links += tuple(
                Link(f"{y} год (динамика к {yc.year} году)", U.href(page, U.year(y))) for y in yc.later if y in lk.years
            )
            orgs = lk.shown_orgs(yc)
            inds = [i for i in yc.indicators if i in lk.indicator]
            years.append(
                CorrectionYear(
                    yc.year,
                    yc.sentence,
                    links,
                    tuple(Link(lk.name(o), U.href(page, U.org(o))) for o in orgs[:MAX_LINKS]),
                    max(0, len(orgs) - MAX_LINKS),
                    tuple(Link(lk.indicator[i].name, U.href(page, U.indicator(i))) for i in inds[:MAX_LINKS]),
                    max(0, len(inds) - MAX_LINKS),
                )
            )
        entries.append(
            CorrectionEntry(
                c.anchor,
                date_ru(c.date),
                c.commit[:12],
                ", ".join(str(y.year) for y in c.years),
                tuple(years),
                tuple(c.message.splitlines() or [""]),
                # --- issue 9 (generator/review/corrections.py): notes, a merge's branch commits ---
                tuple(c.notes),
                tuple(MergedCommit(m["commit"][:12], m["message"]) for m in c.merged),
                c.merged_more,
                # --- end of issue 9 ---
            )
        )
    reason = log.reason[:1].upper() + log.reason[1:]
    return CorrectionsPage(
        corrections=lk.marks_for(page),
        available=log.available,
        reason=reason,
        entries=tuple(entries),
        policy_href=U.href(page, U.CORRECTIONS_POLICY),
    )
