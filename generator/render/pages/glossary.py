"""The page «Словарь сокращений»: the abbreviations of monitoring.yml
(`glossary:`), in alphabetical order. The same entries give every page its
tooltips (<abbr title>, Python-Markdown's abbr extension: generator/plugin.py)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.pages.base import Page, doc
from generator.render.readmodel import ReadModel


@dataclass(frozen=True)
class GlossaryEntry:
    abbreviation: str = doc("The abbreviation as written in the text («ФИС ОКО»)")
    expansion: str = doc("What it stands for")


@dataclass(frozen=True)
class GlossaryPage(Page):
    TEMPLATE = "glossary.md.j2"
    entries: tuple[GlossaryEntry, ...] = doc("Every abbreviation of monitoring.yml, alphabetical (ё with е)")


def glossary(lk: ReadModel, page: str) -> GlossaryPage:
    entries = sorted(lk.ds.settings.glossary.items(), key=lambda e: (e[0].casefold().replace("ё", "е"), e[0]))
    return GlossaryPage(corrections=(), entries=tuple(GlossaryEntry(a, x) for a, x in entries))
