"""The read model of the pages: typed records and indexes over a dataset and
its results, all built once in the constructor, before any page renders.
Nothing here fills up while pages render, and a page builder reads only the
rows of its own page (no scan of the scores frame per page)."""

from __future__ import annotations

from collections import namedtuple
from typing import NamedTuple

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.compute import SCORE_COLUMNS, Results
from generator.model import Dataset
from generator.render import searchkeys
from generator.render import urls as U
from generator.render.cyclemodel import CycleIndex
from generator.render.records import CorrectionMark, Level, MuniValue, OrgTag
from generator.render.units import Units
from generator.review.corrections import CorrectionsLog
from generator.review.methodchange import MethodHistory

# One row of Results.scores; ranks are floats here (NaN = no rank).
ScoreRow = namedtuple("ScoreRow", SCORE_COLUMNS)


class Org(NamedTuple):
    id: str
    name: str
    kind: str
    short_name: str
    district: str
    website: str
    head: str
    groups: tuple  # group ids of monitoring.yml `groups:`; empty = none
    territory: str  # territorial unit of territories.csv, "" = none


class Direction(NamedTuple):
    id: str
    parent_id: str  # "" at the top
    name: str
    weight: float
    depth: int  # 0 at the top
    aggregation: str  # "mean" (rule 3) or "points_share" (rule 3b)
    description: str = ""  # staff's plain text (issue 11), "" = none


class Indicator(NamedTuple):
    id: str
    direction_id: str
    name: str
    unit: str
    polarity: str
    method: str
    max_points: float  # NaN = not given
    target: float  # NaN = not given
    weight: float
    kinds: tuple  # kind ids; empty = all kinds
    source: str
    description: str
    groups: tuple  # group ids; empty = every organization its kinds allow
    municipal: str  # "pooled" (rule 7b) or ""


class Rec(NamedTuple):
    year: int
    org_id: str  # "" = the municipality (or a body)
    direction_id: str  # a direction, or "total" (rule 8b)
    level: str
    text: str
    body_id: str  # "" unless addressed to a body of monitoring.yml `bodies:` (rule 8b)


TOTAL_NAME = "Итоговый балл"  # the node of a recommendation with direction_id "total"


def _records(frame: pd.DataFrame, record: type) -> list:
    """Typed records of a frame's rows, values as Python scalars (as to_dict gives
    them); a column the file may leave out reads as ''. Column-wise: a region
    has 200,000 recommendations."""
    n = len(frame)
    columns = [frame[f].tolist() if f in frame.columns else [""] * n for f in record._fields]
    return list(map(record._make, zip(*columns)))


class ReadModel:
    """Indexes every page builder shares (pages are many; look-ups must be cheap)."""

    def __init__(self, ds: Dataset, results: Results, corrections: CorrectionsLog | None = None):
        self.ds, self.results = ds, results
        self.corrections = corrections  # download_files() writes it as downloads/corrections.json
        self.years: list[int] = [y.year for y in ds.years]
        self.latest: int = self.years[-1]
        self.method = MethodHistory(ds)  # methodology changes between years
        # Every pair of years a page may compare, computed here: its cache does not fill while pages render.
        for k, a in enumerate(self.years):
            for b in self.years[k + 1 :]:
                self.method.between(a, b)
        self.kinds: dict[str, str] = dict(ds.settings.kinds)
        self.levels: dict[int, list[Level]] = {}
        self._level: dict[tuple[int, str], Level] = {}
        for y in ds.years:
            rows = list(y.levels.itertuples(index=False))
            n = len(rows)
            self.levels[y.year] = [
                Level(
                    lv.id,
                    lv.label,
                    float(lv.min_score),
                    lv.color or "",
                    "high" if i == 0 else ("low" if i == n - 1 else "medium"),
                    str(getattr(lv, "description", "") or ""),
                )
                for i, lv in enumerate(rows)
            ]
            for lv in reversed(self.levels[y.year]):  # the first of equal ids wins, as a search in order would
                self._level[(y.year, lv.id)] = lv
        # Typed rows of every year, in file order.
        self.direction_rows: dict[int, list[Direction]] = {y.year: _records(y.directions, Direction) for y in ds.years}
        self.indicator_rows: dict[int, list[Indicator]] = {y.year: _records(y.indicators, Indicator) for y in ds.years}
        org_rows = {y.year: _records(y.organizations, Org) for y in ds.years}
        # The latest name an organization, indicator or direction was published under.
        self.org: dict[str, Org] = {}
        self.org_years: dict[str, list[int]] = {}
        self.indicator: dict[str, Indicator] = {}
        self.indicator_years: dict[str, list[int]] = {}
        self.direction: dict[str, Direction] = {}
        self.direction_years: dict[str, list[int]] = {}
        for y in self.years:
            for o in org_rows[y]:
                self.org[o.id] = o
                self.org_years.setdefault(o.id, []).append(y)
            for i in self.indicator_rows[y]:
                self.indicator[i.id] = i
                self.indicator_years.setdefault(i.id, []).append(y)
            for d in self.direction_rows[y]:
                self.direction[d.id] = d
                self.direction_years.setdefault(d.id, []).append(y)
        self.units = Units(ds, results.groups, results.territories)  # groups and territorial units
        # Short name and search keys of each organization, once: every table row of it carries them.
        self.tags: dict[str, OrgTag] = {
            o.id: OrgTag(
                o.short_name if o.short_name and o.short_name != o.name else "",
                searchkeys.keys(o.name, o.short_name),
                o.kind,
                o.district,
                " ".join(self.units.org_groups.get(o.id, ())),
                " ".join(self.units.org_units.get(o.id, ())),
            )
            for o in self.org.values()
        }
        self.orgs_of_kind: dict[str, list[str]] = {}  # kind -> organization ids, in the order of self.org
        for o in self.org.values():
            self.orgs_of_kind.setdefault(o.kind, []).append(o.id)
        s = self.results.scores
        m = self.results.municipal
        # Municipal values are means, published rounded as in municipal.csv;
        # only raw values are shown in full (markup.value).
        self._muni: dict[tuple, MuniValue] = {
            k: MuniValue(rounded(v), _f(sc), lv, int(n), _f(d), t)
            for k, v, sc, lv, n, d, t in zip(
                zip(m["year"], m["scope"], m["node_kind"], m["node_id"]),
                m["value"],
                m["score"],
                m["level"],
                m["n"],
                m["delta"],
                m["trend"],
            )
        }
        # Mean indicator score of each kind: the yardstick of strengths and deficits.
        ind = s[s["node_kind"] == "indicator"]
        self.peer_score = ind.groupby(["year", "kind", "node_id"])["score"].mean().to_dict()
        totals = s[s["node_kind"] == "total"]
        self.ranked_count = totals.groupby(["year", "kind"])["score"].count().to_dict()
        self._index_rows()
        self._index_structure()
        self._marks = self._correction_marks(corrections)
        self.cycle = CycleIndex(results)  # the management cycle's records (rules 9-13)

    def _index_rows(self) -> None:
        """The rows pages read one at a time: a page costs O(its own rows),
        never a scan of the scores frame (800,000 rows at region scale;
        filtering it per organization page took 150 ms a page). Selected with
        vectorised masks: every row of each organization's latest year, every
        total, every row of each node's latest year."""
        s = self.results.scores
        node_kind = s["node_kind"].to_numpy(dtype=object)
        year = s["year"].to_numpy()
        org_last = s["org_id"].map({o: ys[-1] for o, ys in self.org_years.items()}).to_numpy()
        ind_last = s["node_id"].map({i: ys[-1] for i, ys in self.indicator_years.items()}).to_numpy()
        dir_last = s["node_id"].map({d: ys[-1] for d, ys in self.direction_years.items()}).to_numpy()
        is_total = node_kind == "total"
        is_org_last = year == org_last
        is_node_last = np.where(
            node_kind == "indicator", year == ind_last, np.where(node_kind == "direction", year == dir_last, False)
        )
        keep = is_org_last | is_total | is_node_last
        sel = s[keep]
        # A pooled value (rule 7b) is computed, 100 x numerator / denominator: shown to hundredths,
        # as every computed figure, not with the digits of a value staff entered.
        pooled = {(y.year, i) for y in self.ds.years for i in y.indicators["id"][y.indicators["municipal"] == "pooled"]}
        if pooled:
            is_pooled = [(y, n) in pooled for y, n in zip(sel["year"], sel["node_id"])]
            sel = sel.assign(value=sel["value"].where(~np.array(is_pooled, dtype=bool), round2(sel["value"])))
        columns = [
            sel[c].astype("float64").to_numpy() if c in ("rank_min", "rank_max") else sel[c].to_numpy()
            for c in ScoreRow._fields
        ]
        self.org_now: dict[
            str, dict[tuple[str, str], ScoreRow]
        ] = {}  # org -> (node_kind, node_id) -> row, its latest year
        self.org_totals: dict[str, dict[int, ScoreRow]] = {}  # org -> year -> total row
        self.totals_of_year: dict[int, list[ScoreRow]] = {}  # year -> total rows, in the order of the scores frame
        self.node_latest: dict[
            tuple[str, str], list[ScoreRow]
        ] = {}  # node -> rows of its latest year, in display order
        rows = zip(map(ScoreRow._make, zip(*columns)), is_org_last[keep], is_total[keep], is_node_last[keep])
        for row, org_last_row, total, node_last_row in rows:
            if org_last_row:
                self.org_now.setdefault(row.org_id, {})[(row.node_kind, row.node_id)] = row
            if total:
                self.org_totals.setdefault(row.org_id, {})[row.year] = row
                self.totals_of_year.setdefault(row.year, []).append(row)
            if node_last_row:
                self.node_latest.setdefault((row.node_kind, row.node_id), []).append(row)
        self.recs: dict[str, list[Rec]] = {}  # org ("" = the municipality) -> recommendations
        self.body_recs: dict[str, list[Rec]] = {}  # body of monitoring.yml `bodies:` -> recommendations
        for rec in _records(self.results.recommendations, Rec):
            if rec.body_id:
                self.body_recs.setdefault(rec.body_id, []).append(rec)
            else:
                self.recs.setdefault(rec.org_id, []).append(rec)
        self.notes: dict[tuple[int, str], dict[str, str]] = {}  # (year, org) -> indicator -> note
        for y in self.ds.years:
            v = y.values[y.values["note"] != ""]
            for org_id, ind_id, note in zip(v["org_id"], v["indicator_id"], v["note"]):
                self.notes.setdefault((y.year, org_id), {})[ind_id] = note

    def _index_structure(self) -> None:
        """Children of each direction, per year, so that direction pages and
        the catalog cost O(own children), not a scan of every direction and
        indicator per direction (quadratic)."""
        self.child_directions: dict[int, dict[str, list[Direction]]] = {}  # year -> parent id -> directions
        self.child_indicators: dict[int, dict[str, list[Indicator]]] = {}  # year -> direction id -> indicators
        for y, rows in self.direction_rows.items():
            by_parent = self.child_directions[y] = {}
            for d in rows:
                by_parent.setdefault(d.parent_id, []).append(d)
        for y, rows in self.indicator_rows.items():
            by_direction = self.child_indicators[y] = {}
            for i in rows:
                by_direction.setdefault(i.direction_id, []).append(i)

    # -- Corrections: which page shows what a correction changed ----------------------

    def shown_orgs(self, yc) -> list[str]:
        """Organizations whose page shows what a correction changed: values and
        totals appear in the history of every year; direction and indicator
        figures only for the organization's latest year."""
        return [o for o in yc.orgs if o in self.org] + [
            o for o in yc.orgs_detail if o in self.org and self.org_years[o][-1] == yc.year
        ]

    def _correction_marks(self, log: CorrectionsLog | None) -> dict[str, list[CorrectionMark]]:
        """Page path -> the corrections that changed what it shows, newest first."""
        out: dict[str, list[CorrectionMark]] = {}
        if log is None:
            return out

        def mark(path: str, c, year: int) -> None:
            marks = out.setdefault(path, [])
            if not any(m.anchor == c.anchor and m.year == year for m in marks):
                marks.append(CorrectionMark(date_ru(c.date), year, c.anchor))

        for c in log.entries:
            for yc in c.years:
                if yc.year in self.years:
                    mark(U.year(yc.year), c, yc.year)
                # A later year whose dynamics against the corrected one moved shows the correction too.
                for later in yc.later:
                    if later in self.years:
                        mark(U.year(later), c, yc.year)
                for oid in self.shown_orgs(yc):
                    mark(U.org(oid), c, yc.year)
                for iid in yc.indicators:
                    if iid in self.indicator:
                        mark(U.indicator(iid), c, yc.year)
                for did in yc.directions:
                    if did in self.direction:
                        mark(U.direction(did), c, yc.year)
        return out

    def marks_for(self, page: str) -> tuple[CorrectionMark, ...]:
        """The correction marks of one page, with links relative to it."""
        return tuple(
            CorrectionMark(m.date, m.year, m.anchor, U.href(page, U.CORRECTIONS, m.anchor))
            for m in self._marks.get(page, ())
        )

    # -- Single look-ups ------------------------------------------------------------------

    def level(self, year: int, level_id: str) -> Level | None:
        return self._level.get((year, level_id))

    def name(self, org_id: str) -> str:
        return self.org[org_id].name

    def short(self, org_id: str) -> str:
        row = self.org[org_id]
        return row.short_name or row.name

    def muni(self, year: int, scope: str, node_kind: str, node_id: str) -> MuniValue | None:
        return self._muni.get((year, scope, node_kind, node_id))

    def node_name(self, node_id: str) -> str:
        """A recommendation's node by name: a direction, or the total (rule 8b)."""
        return TOTAL_NAME if node_id == "total" and node_id not in self.direction else self.direction[node_id].name

    def node_href(self, page: str, node_id: str) -> str:
        """Link to a recommendation's node: its direction page; the total has none, so the page itself."""
        if node_id == "total" and node_id not in self.direction:
            return U.href(page, page)
        return U.href(page, U.direction(node_id))


def date_ru(iso: str) -> str:
    """2026-11-24 -> 24.11.2026"""
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def _f(x) -> float | None:
    return None if pd.isna(x) else float(x)


def rounded(x) -> float | None:
    return None if x is None or pd.isna(x) else float(round2(x))
