"""The year's own words in the documents: introduction, problems, conclusions
and the title page's authority, when the data has them (the texts of a year,
branch `texts`); absent, the documents say only what the figures say."""

from __future__ import annotations

from generator.model import Dataset
from generator.settings import Settings


def year_text(ds: Dataset, year: int):
    """The year's texts, None when the data has none."""
    return getattr(ds.year(year), "texts", None)


def paragraphs(text, name: str) -> tuple[str, ...]:
    """The paragraphs of one text of the year ('' parts dropped); () when absent."""
    value = getattr(text, name, None) if text is not None else None
    if not value:
        return ()
    if isinstance(value, str):
        value = value.split("\n\n")
    return tuple(p.strip() for p in value if str(p).strip())


def title_lines(settings: Settings, text=None) -> tuple[str, ...]:
    """The authority and the centre above the title (seed 000: «Управление образования …»,
    «… Информационно-методический центр»)."""
    authority = getattr(settings, "authority", "") or (getattr(text, "authority", "") if text is not None else "")
    return tuple(t for t in (authority, settings.operator) if t)
