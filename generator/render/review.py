"""The notes where the methodology changed between the years a page compares.

The changes themselves are computed in generator/review/methodchange.py;
the year page's «Что изменилось» section is render/pages/changes.py, the
corrections log page render/pages/corrections.py, the «исправлено» marks are
indexed in render/readmodel.py."""

from __future__ import annotations

from generator.render.readmodel import ReadModel


def latest_pair_notes(
    lk: ReadModel, node_kind: str = "total", node_id: str = "total", kind: str | None = None
) -> list[dict]:
    """The note for the latest year against the one before it (home page)."""
    prev = lk.method.previous(lk.latest)
    return [] if prev is None else lk.method.notes([prev, lk.latest], node_kind, node_id, kind)


def org_notes(lk: ReadModel, org_id: str) -> tuple[list[dict], list[dict]]:
    """History notes (every pair of the organization's years) and the note for
    its latest year's dynamics."""
    years = lk.org_years[org_id]
    notes = lk.method.notes(years, "total", "total", lk.org[org_id].kind)
    return notes, [n for n in notes if n["after"] == years[-1]]


def node_notes(lk: ReadModel, node_kind: str, node_id: str) -> list[dict]:
    years = lk.indicator_years[node_id] if node_kind == "indicator" else lk.direction_years[node_id]
    return lk.method.notes(
        years, node_kind, node_id, compared="значений и баллов" if node_kind == "indicator" else "баллов"
    )
