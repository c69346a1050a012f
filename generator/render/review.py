"""Context for what the public sees about changes: the year-against-year
section of a year page, the notes where the methodology changed between the
years a page compares, the corrections log and the «исправлено» marks.

The changes themselves are computed elsewhere (generator/methodchange.py,
generator/corrections.py); this module only turns them into page contexts."""

from __future__ import annotations

import pandas as pd

from generator.corrections import CorrectionsLog
from generator.render import urls as U
from generator.render.lookup import Lookup, rounded

MAX_MOVES = 5
MAX_LINKS = 20


def _level(lk: Lookup, year: int, level_id: str) -> dict | None:
    lv = lk.level(year, level_id) if level_id else None
    return None if lv is None else {"id": lv.id, "label": lv.label, "css": lv.css}


def date_ru(iso: str) -> str:
    """2026-11-24 -> 24.11.2026"""
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


# -- Methodology notes ----------------------------------------------------------


def latest_pair_notes(lk: Lookup, node_kind: str = "total", node_id: str = "total", kind: str | None = None) -> list[dict]:
    """The note for the latest year against the one before it (home page)."""
    prev = lk.method.previous(lk.latest)
    return [] if prev is None else lk.method.notes([prev, lk.latest], node_kind, node_id, kind)


def org_notes(lk: Lookup, org_id: str) -> dict:
    """History notes (every pair of the organization's years) and the note for
    its latest year's dynamics."""
    years = lk.org_years[org_id]
    notes = lk.method.notes(years, "total", "total", lk.org[org_id]["kind"])
    latest = [n for n in notes if n["after"] == years[-1]]
    return {"method_notes": notes, "method_notes_latest": latest}


def node_notes(lk: Lookup, node_kind: str, node_id: str) -> list[dict]:
    years = lk.indicator_years[node_id] if node_kind == "indicator" else lk.direction_years[node_id]
    return lk.method.notes(years, node_kind, node_id, compared="значений и баллов" if node_kind == "indicator" else "баллов")


# -- The year page: «Что изменилось к <prev> году» --------------------------------


def year_changes(lk: Lookup, y: int, page: str) -> dict | None:
    prev = lk.method.previous(y)
    if prev is None:
        return None
    mc = lk.method.between(prev, y)
    s = lk.results.scores
    totals = s[s["node_kind"] == "total"]
    now = totals[totals["year"] == y].set_index("org_id")
    before = totals[totals["year"] == prev].set_index("org_id")

    def org_row(oid: str, r) -> dict:
        return {"name": lk.name(oid), "href": U.href(page, U.org(oid)), "kind": lk.kinds.get(r["kind"], r["kind"]), "score": r["score"]}

    # Organizations in both years whose level (by label: ids may be renamed) differs.
    labels_prev = {lv.id: lv.label for lv in lk.levels[prev]}
    labels_now = {lv.id: lv.label for lv in lk.levels[y]}
    both = now[["kind", "score", "level"]].join(before[["score", "level"]].add_suffix("_prev"), how="inner")
    changed = both[both["level_prev"].map(labels_prev).fillna("") != both["level"].map(labels_now).fillna("")]
    level_moves = [
        dict(org_row(oid, r), old_score=r["score_prev"], old_level=_level(lk, prev, r["level_prev"]), level=_level(lk, y, r["level"]))
        for oid, r in changed.iterrows()
    ]

    moved = now[now["delta"].notna() & (now["trend"] != "new")].reset_index()
    rises = moved[moved["delta"] > 0].sort_values(["delta", "org_id"], ascending=[False, True]).head(MAX_MOVES)
    falls = moved[moved["delta"] < 0].sort_values(["delta", "org_id"], ascending=[True, True]).head(MAX_MOVES)

    def moves(frame: pd.DataFrame) -> list[dict]:
        return [dict(org_row(r["org_id"], r), delta=rounded(r["delta"]), level=_level(lk, y, r["level"])) for _, r in frame.iterrows()]

    def ind(c) -> dict:
        return {"name": lk.indicator[c.node_id]["name"], "href": U.href(page, U.indicator(c.node_id)), "text": c.text}

    old_levels = {lv.id: lv for lv in lk.levels[prev]}
    new_levels = {lv.id: lv for lv in lk.levels[y]}
    thresholds = []
    for lid, lv in new_levels.items():
        old = old_levels.get(lid)
        if old is None or old.min_score != lv.min_score:
            thresholds.append({"label": lv.label, "old": None if old is None else old.min_score, "new": lv.min_score})
    for lid, old in old_levels.items():
        if lid not in new_levels:
            thresholds.append({"label": old.label, "old": old.min_score, "new": None})
    return {
        "previous": prev,
        "previous_href": U.href(page, U.year(prev)),
        "method_note": mc.sentence(),
        "level_moves": level_moves,
        "rises": moves(rises),
        "falls": moves(falls),
        "added": [ind(c) for c in mc.changes if c.what == "indicator-added"],
        "dropped": [ind(c) for c in mc.changes if c.what == "indicator-dropped"],
        "redefined": [ind(c) for c in mc.changes if c.what == "indicator-redefined"],
        "thresholds": thresholds,
    }


# -- Corrections ----------------------------------------------------------------------


def shown_orgs(lk: Lookup, yc) -> list[str]:
    """Organizations whose page shows what a correction changed: values and
    totals appear in the history of every year; direction and indicator
    figures only for the organization's latest year."""
    return [o for o in yc.orgs if o in lk.org] + [o for o in yc.orgs_detail if o in lk.org and lk.org_years[o][-1] == yc.year]


def correction_marks(lk: Lookup, log: CorrectionsLog | None) -> dict[str, list[dict]]:
    """Page path -> the corrections that changed what it shows, newest first:
    {"date", "year", "target"} where target is the log page with its anchor."""
    out: dict[str, list[dict]] = {}
    if log is None:
        return out

    def mark(path: str, c, year: int) -> None:
        marks = out.setdefault(path, [])
        if not any(m["anchor"] == c.anchor and m["year"] == year for m in marks):
            marks.append({"date": date_ru(c.date), "year": year, "anchor": c.anchor})

    for c in log.entries:
        for yc in c.years:
            if yc.year in lk.years:
                mark(U.year(yc.year), c, yc.year)
            for oid in shown_orgs(lk, yc):
                mark(U.org(oid), c, yc.year)
            for iid in yc.indicators:
                if iid in lk.indicator:
                    mark(U.indicator(iid), c, yc.year)
            for did in yc.directions:
                if did in lk.direction:
                    mark(U.direction(did), c, yc.year)
    return out


def marks_for(marks: dict[str, list[dict]], page: str) -> list[dict]:
    """The marks of one page, with links relative to it."""
    return [dict(m, href=U.href(page, U.CORRECTIONS, m["anchor"])) for m in marks.get(page, [])]


def corrections_page(lk: Lookup, log: CorrectionsLog | None, page: str) -> dict:
    log = log or CorrectionsLog(False, "история изменений не была прочитана при сборке.")
    entries = []
    for c in log.entries:
        years = []
        for yc in c.years:
            links = []
            if yc.year in lk.years:
                links.append({"name": f"{yc.year} год", "href": U.href(page, U.year(yc.year))})
            orgs = shown_orgs(lk, yc)
            inds = [i for i in yc.indicators if i in lk.indicator]
            years.append({
                "year": yc.year,
                "sentence": yc.sentence,
                "pages": links,
                "orgs": [{"name": lk.name(o), "href": U.href(page, U.org(o))} for o in orgs[:MAX_LINKS]],
                "more_orgs": max(0, len(orgs) - MAX_LINKS),
                "indicators": [{"name": lk.indicator[i]["name"], "href": U.href(page, U.indicator(i))} for i in inds[:MAX_LINKS]],
                "more_indicators": max(0, len(inds) - MAX_LINKS),
            })
        entries.append({
            "anchor": c.anchor,
            "date": date_ru(c.date),
            "commit": c.commit[:12],
            "years_label": ", ".join(str(y.year) for y in c.years),
            "years": years,
            "message": c.message.splitlines() or [""],
            # --- issue 9 (generator/corrections.py): notes, a merge's branch commits ---
            "notes": c.notes,
            "merged": [{"commit": m["commit"][:12], "message": m["message"]} for m in c.merged],
            "merged_more": c.merged_more,
            # --- end of issue 9 ---
        })
    reason = log.reason[:1].upper() + log.reason[1:]
    return {"available": log.available, "reason": reason, "entries": entries, "policy_href": U.href(page, U.CORRECTIONS_POLICY)}
