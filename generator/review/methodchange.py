"""What changed in the methodology between two years, so every comparison
across those years can say so.

A change is methodological when it changes how a score is computed, not what
an organization reported: an indicator added, dropped or redefined (unit,
method, polarity, max_points, target, weight, kinds, direction), a direction
added, dropped, moved or re-weighted, or the level thresholds moved. Names,
sources and descriptions are not methodology.

Each change knows which comparisons it touches: the total always; a
direction when the change is inside its subtree (in either year); an
indicator only when it was redefined itself; and, through `kinds`, only the
kinds of organizations it concerns. Thresholds move every level, so they
touch the total and every direction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from generator import russian
from generator.model import INDICATOR_DEFINING_FIELDS, METHOD_LABELS, POLARITY_LABELS, UNIT_LABELS, Dataset, YearData

INDICATOR_FIELDS = INDICATOR_DEFINING_FIELDS
FIELD_LABELS = {
    "unit": "единица",
    "method": "метод оценки",
    "polarity": "направленность",
    "max_points": "максимальный балл",
    "target": "целевое значение",
    "weight": "вес",
    "kinds": "типы организаций",
    "direction_id": "направление",
    "groups": "группы организаций",
    "municipal": "муниципальное значение",
}
MAX_CLAUSES = 8


@dataclass(frozen=True)
class Change:
    """One methodological change between two years.

    what: indicator-added, indicator-dropped, indicator-redefined,
        direction-added, direction-dropped, direction-moved, direction-weight,
        thresholds
    node_id: the indicator or direction concerned ("" for thresholds)
    text: one Russian clause; it quotes names from the data, so escape it
    kinds: kinds of organizations it concerns (empty = every kind)
    directions: directions whose score it changes (all ancestors, either year)
    """

    what: str
    node_id: str
    text: str
    kinds: frozenset[str] = frozenset()
    directions: frozenset[str] = frozenset()
    fields: tuple[str, ...] = ()

    def concerns(self, kind: str | None) -> bool:
        return kind is None or not self.kinds or kind in self.kinds


@dataclass
class MethodChanges:
    """The changes from year `before` to year `after`."""

    before: int
    after: int
    changes: list[Change] = field(default_factory=list)

    def affecting(self, node_kind: str, node_id: str = "total", kind: str | None = None) -> list[Change]:
        """The changes that make a comparison of this node across the two years
        reflect the methodology as well as the data."""
        out = []
        for c in self.changes:
            if not c.concerns(kind):
                continue
            if node_kind == "total":
                out.append(c)
            elif node_kind == "direction":
                if c.what == "thresholds" or node_id in c.directions:
                    out.append(c)
            elif node_kind == "indicator" and c.what == "indicator-redefined" and c.node_id == node_id:
                out.append(c)
        return out

    def sentence(self, changes: list[Change] | None = None, compared: str = "баллов") -> str:
        """«Методика изменилась между 2023 и 2024 годами: …; сравнение баллов
        отражает и это изменение.» Empty when nothing affects the comparison."""
        changes = self.changes if changes is None else changes
        if not changes:
            return ""
        if compared == "баллов" and all(c.what == "thresholds" for c in changes):
            compared = "уровней"  # thresholds move levels, not scores
        return (
            f"Методика изменилась между {self.before} и {self.after} годами: {clauses(changes)}; "
            f"сравнение {compared} отражает и это изменение."
        )


def clauses(changes: list[Change]) -> str:
    texts = [c.text for c in changes[:MAX_CLAUSES]]
    rest = len(changes) - MAX_CLAUSES
    if rest > 0:
        texts.append(f"и ещё {_n_changes(rest)}")
    return "; ".join(texts)


def _n_changes(n: int) -> str:
    return russian.plural(n, "изменение", "изменения", "изменений")


def between(a: YearData, b: YearData) -> MethodChanges:
    """The methodological changes from year a to year b (any two years)."""
    out = MethodChanges(a.year, b.year)
    inds_a = {r["id"]: r for r in a.indicators.to_dict("records")}
    inds_b = {r["id"]: r for r in b.indicators.to_dict("records")}
    dirs_a = {r["id"]: r for r in a.directions.to_dict("records")}
    dirs_b = {r["id"]: r for r in b.directions.to_dict("records")}

    def up(direction_id: str, dirs: dict) -> set[str]:
        """The direction and its ancestors."""
        seen: set[str] = set()
        while direction_id and direction_id in dirs and direction_id not in seen:
            seen.add(direction_id)
            direction_id = dirs[direction_id]["parent_id"]
        return seen

    def kinds_of(*rows) -> frozenset[str]:
        kinds: set[str] = set()
        for r in rows:
            if not r["kinds"]:
                return frozenset()
            kinds |= set(r["kinds"])
        return frozenset(kinds)

    def subtree_kinds(direction_id: str) -> frozenset[str]:
        rows = [
            r
            for inds, dirs in ((inds_a, dirs_a), (inds_b, dirs_b))
            for r in inds.values()
            if direction_id in up(r["direction_id"], dirs)
        ]
        return kinds_of(*rows) if rows else frozenset()

    def dir_name(direction_id: str) -> str:
        r = dirs_b.get(direction_id) or dirs_a.get(direction_id)
        return f"«{r['name']}»" if r else f"«{direction_id}»"

    add = out.changes.append
    for iid, r in inds_b.items():
        if iid not in inds_a:
            text = f"добавлен показатель «{r['name']}»"
            add(Change("indicator-added", iid, text, kinds_of(r), frozenset(up(r["direction_id"], dirs_b))))
    for iid, r in inds_a.items():
        if iid not in inds_b:
            text = f"исключён показатель «{r['name']}»"
            add(Change("indicator-dropped", iid, text, kinds_of(r), frozenset(up(r["direction_id"], dirs_a))))
    for iid, new in inds_b.items():
        old = inds_a.get(iid)
        if old is None:
            continue
        changed = [f for f in INDICATOR_FIELDS if not _same(old[f], new[f])]
        if changed:
            parts = ", ".join(
                f"{FIELD_LABELS[f]} ({_show(f, old[f], dir_name)} → {_show(f, new[f], dir_name)})" for f in changed
            )
            dirs = up(old["direction_id"], dirs_a) | up(new["direction_id"], dirs_b)
            text = f"у показателя «{new['name']}» изменились {parts}"
            add(Change("indicator-redefined", iid, text, kinds_of(old, new), frozenset(dirs), tuple(changed)))

    for did, r in dirs_b.items():
        if did not in dirs_a:
            text = f"добавлено направление «{r['name']}»"
            add(Change("direction-added", did, text, subtree_kinds(did), frozenset(up(r["parent_id"], dirs_b))))
    for did, r in dirs_a.items():
        if did not in dirs_b:
            text = f"исключено направление «{r['name']}»"
            add(Change("direction-dropped", did, text, subtree_kinds(did), frozenset(up(r["parent_id"], dirs_a))))
    for did, new in dirs_b.items():
        old = dirs_a.get(did)
        if old is None:
            continue
        if old["parent_id"] != new["parent_id"]:
            where = lambda p: dir_name(p) if p else "верхний уровень"
            dirs = up(old["parent_id"], dirs_a) | up(new["parent_id"], dirs_b)
            text = f"направление «{new['name']}» перенесено: {where(old['parent_id'])} → {where(new['parent_id'])}"
            add(Change("direction-moved", did, text, subtree_kinds(did), frozenset(dirs), ("parent_id",)))
        if not _same(old["weight"], new["weight"]):
            dirs = up(old["parent_id"], dirs_a) | up(new["parent_id"], dirs_b)
            text = f"вес направления «{new['name']}»: {_num(old['weight'])} → {_num(new['weight'])}"
            add(Change("direction-weight", did, text, subtree_kinds(did), frozenset(dirs), ("weight",)))

    moved = _thresholds(a, b)
    if moved:
        add(Change("thresholds", "", "изменены пороги уровней: " + ", ".join(moved)))
    return out


def _thresholds(a: YearData, b: YearData) -> list[str]:
    la = {r["id"]: r for r in a.levels.to_dict("records")}
    lb = {r["id"]: r for r in b.levels.to_dict("records")}
    out = []
    for lid, r in lb.items():
        old = la.get(lid)
        if old is None:
            out.append(f"добавлен уровень «{r['label']}» (от {_num(r['min_score'])})")
        elif not _same(old["min_score"], r["min_score"]):
            out.append(f"«{r['label']}» {_num(old['min_score'])} → {_num(r['min_score'])}")
    for lid, r in la.items():
        if lid not in lb:
            out.append(f"исключён уровень «{r['label']}» (был от {_num(r['min_score'])})")
    return out


def _same(x, y) -> bool:
    if isinstance(x, (tuple, list, frozenset, set)) or isinstance(y, (tuple, list, frozenset, set)):
        return set(x or ()) == set(y or ())
    if _missing(x) and _missing(y):
        return True
    if isinstance(x, (int, float)) and isinstance(y, (int, float)):
        return float(x) == float(y)
    return x == y


def _missing(x) -> bool:
    return x is None or x == "" or (isinstance(x, float) and math.isnan(x))


def _num(x) -> str:
    return "—" if _missing(x) else russian.value(float(x))


def _show(f: str, x, dir_name) -> str:
    if f == "kinds":
        return ", ".join(sorted(x)) if x else "все типы"
    if f == "groups":
        return ", ".join(sorted(x)) if x else "все организации"
    if f == "municipal":
        return "общая доля (pooled)" if x == "pooled" else "по правилу 7"
    if _missing(x):
        return "не задано"
    if f == "unit":
        return UNIT_LABELS.get(x, x)
    if f == "method":
        return METHOD_LABELS.get(x, x).split(":")[0]
    if f == "polarity":
        return POLARITY_LABELS.get(x, x)
    if f == "direction_id":
        return dir_name(x)
    return _num(x)


@dataclass
class MethodHistory:
    """Changes between any two years of a dataset, computed once per pair."""

    ds: Dataset
    _cache: dict[tuple[int, int], MethodChanges] = field(default_factory=dict)

    def between(self, a: int, b: int) -> MethodChanges:
        key = (a, b)
        if key not in self._cache:
            self._cache[key] = between(self.ds.year(a), self.ds.year(b))
        return self._cache[key]

    def previous(self, year: int) -> int | None:
        return max((y.year for y in self.ds.years if y.year < year), default=None)

    def notes(
        self,
        years: list[int],
        node_kind: str,
        node_id: str = "total",
        kind: str | None = None,
        compared: str = "баллов",
    ) -> list[dict]:
        """One note for each consecutive pair of `years` (the years a page
        compares) where the methodology changed for this node:
        {"before", "after", "text"}; the text quotes data, escape it."""
        out = []
        for a, b in zip(years, years[1:]):
            mc = self.between(a, b)
            hit = mc.affecting(node_kind, node_id, kind)
            if hit:
                out.append({"before": a, "after": b, "text": mc.sentence(hit, compared)})
        return out
