"""One context builder per page kind. Contexts hold numbers and texts; the
templates in generator/resources/site_templates/ only format them."""

from __future__ import annotations

import pandas as pd

from generator.arithmetic import round2
from generator.compute import ALL
from generator.model import METHOD_LABELS, POLARITY_LABELS, TREND_LABELS, UNIT_LABELS
from generator.render import charts, markup, review
from generator.render import urls as U
from generator.render.charts import Chart
from generator.render.lookup import Lookup, rounded
from generator.render.paging import INLINE_ROWS


def _level(lk: Lookup, year: int, level_id: str) -> dict | None:
    lv = lk.level(year, level_id) if level_id else None
    return None if lv is None else {"id": lv.id, "label": lv.label, "css": lv.css}


def _trend(trend: str, delta) -> dict | None:
    if not trend:
        return None
    return {"id": trend, "label": TREND_LABELS[trend], "delta": rounded(delta)}


def _level_colors(lk: Lookup, year: int) -> tuple[list[str], list[str]]:
    lv = lk.levels[year]
    return [x.label for x in lv], [x.color or "#888888" for x in lv]


# -- Home -------------------------------------------------------------------

def home(lk: Lookup, page: str) -> dict:
    y = lk.latest
    kinds_rows = []
    for scope, label in [(ALL, "Все организации"), *lk.kinds.items()]:
        m = lk.muni(y, scope, "total", "total")
        if m is None:
            continue
        kinds_rows.append({"label": label, "score": m["score"], "level": _level(lk, y, m["level"]), "n": m["n"], "trend": _trend(m["trend"], m["delta"])})
    totals = lk.results.scores
    totals = totals[(totals["year"] == y) & (totals["node_kind"] == "total")]
    counts = []
    chart_rows = []
    for kind, label in lk.kinds.items():
        of_kind = totals[totals["kind"] == kind]
        if of_kind.empty:
            continue
        row = {"kind": label, "cells": []}
        for o, lv in enumerate(lk.levels[y]):
            c = int((of_kind["level"] == lv.id).sum())
            row["cells"].append(c)
            chart_rows.append({"kind": label, "level": lv.label, "count": c, "order": o})
        counts.append(row)
    labels, colors = _level_colors(lk, y)
    level_chart = Chart(
        charts.levels(chart_rows, labels, colors),
        alt=f"Диаграмма: число организаций каждого типа на каждом уровне в {y} году. Данные — в таблице ниже.",
        caption=f"Организации по уровням, {y}",
        columns=["Тип", *labels],
        rows=[[r["kind"], *[str(c) for c in r["cells"]]] for r in counts],
    )
    moved = totals[totals["delta"].notna() & (totals["trend"] != "new")]
    rises = moved.sort_values(["delta", "org_id"], ascending=[False, True]).head(5)
    falls = moved.sort_values(["delta", "org_id"], ascending=[True, True]).head(5)

    def move_rows(frame: pd.DataFrame) -> list[dict]:
        return [
            {"name": lk.name(r.org_id), "href": U.href(page, U.org(r.org_id)), "kind": lk.kinds.get(r.kind, r.kind), "score": r.score, "delta": rounded(r.delta), "level": _level(lk, y, r.level)}
            for r in frame.itertuples()
        ]

    return {
        "year": y,
        "settings": lk.ds.settings,
        "summary": kinds_rows,
        "level_labels": labels,
        "levels": [{"label": lv.label, "min": lv.min_score, "css": lv.css} for lv in lk.levels[y]],
        "counts": counts,
        "level_chart": level_chart,
        "rises": move_rows(rises[rises["delta"] > 0]),
        "falls": move_rows(falls[falls["delta"] < 0]),
        "n_orgs": int(len(totals)),
        "method_notes": review.latest_pair_notes(lk),
        "links": {
            "year": U.href(page, U.year(y)),
            "orgs": U.href(page, U.ORGANIZATIONS),
            "methodology": U.href(page, U.METHODOLOGY),
            "data": U.href(page, U.DATA),
            "catalog": U.href(page, U.CATALOG),
        },
    }


# -- Year -------------------------------------------------------------------

# A bar per organization up to this many; beyond, a histogram of scores. The
# same bound as a table that may move to numbered pages (render/paging.py):
# the bar chart's data table is the ranking table, the histogram has its own.
CHART_BARS = INLINE_ROWS


def _score_histogram(lk: Lookup, y: int, of_kind: pd.DataFrame, label: str, labels: list[str], colors: list[str]) -> Chart:
    """Counts of organizations per interval of the total score, by level."""
    step = charts.HISTOGRAM_STEP
    n_bins = 100 // step
    scored = of_kind[of_kind["score"].notna()]
    bins = (round2(scored["score"].to_numpy(dtype=float)) // step).clip(0, n_bins - 1).astype(int)
    level_label = {lv.id: lv.label for lv in lk.levels[y]}
    counts = pd.crosstab(bins, scored["level"].map(level_label).fillna("").to_numpy())
    spans = [f"{b * step}–{(b + 1) * step}" for b in range(n_bins)]
    rows = [
        {"bin": spans[b], "order": int(b), "level": lv, "count": int(counts.at[b, lv])}
        for b in counts.index for lv in counts.columns if counts.at[b, lv]
    ]
    shown = [lv for lv in labels if lv in counts.columns]
    return Chart(
        charts.histogram(rows, labels, colors),
        alt=f"Гистограмма: сколько организаций типа «{label}» получили итоговый балл в каждом интервале по {step} баллов в {y} году; цвет — уровень. Данные — в таблице под графиком.",
        caption=f"Распределение итоговых баллов: {label.lower()}, {y}",
        columns=["Баллы", *shown],
        rows=[[spans[b], *[str(int(counts.at[b, lv])) for lv in shown]] for b in counts.index],
    )


def year(lk: Lookup, y: int, page: str) -> dict:
    s = lk.results.scores
    totals = s[(s["year"] == y) & (s["node_kind"] == "total")]
    labels, colors = _level_colors(lk, y)
    kinds = []
    for kind, label in lk.kinds.items():
        of_kind = totals[totals["kind"] == kind].sort_values(["rank_min", "org_id"], kind="stable")
        if of_kind.empty:
            continue
        rows = [
            {
                "rank": markup.rank(r.rank_min, r.rank_max),
                "name": lk.name(r.org_id),
                "href": U.href(page, U.org(r.org_id)),
                "score": r.score,
                "level": _level(lk, y, r.level),
                "trend": _trend(r.trend, r.delta),
            }
            for r in of_kind.itertuples()
        ]
        scored = [r for r in rows if r["score"] is not None and not pd.isna(r["score"])]
        if len(rows) > CHART_BARS:
            chart = _score_histogram(lk, y, of_kind, label, labels, colors)
        else:
            chart = Chart(
                charts.ranking([{"name": lk.short(r.org_id), "score": rounded(r.score), "level": (lk.level(y, r.level).label if r.level else "")} for r in of_kind.itertuples() if not pd.isna(r.score)], labels, colors),
                alt=f"Столбчатая диаграмма: итоговые баллы организаций типа «{label}» в {y} году, по убыванию. Данные — в таблице рейтинга.",
                caption=f"Итоговые баллы: {label.lower()}, {y}",
                columns=[],
                rows=[],
                table_ref=f"ranking-{kind}",
            )
        m = lk.muni(y, kind, "total", "total")
        kinds.append({"id": kind, "label": label, "rows": rows, "chart": chart, "n": len(scored), "summary": m, "summary_level": _level(lk, y, m["level"]) if m else None})

    yd = lk.year_data(y)
    lists = {"improved": [], "stable": [], "worsened": [], "new": []}
    for ind in yd.indicators.itertuples():
        m = lk.muni(y, ALL, "indicator", ind.id)
        if m is None or not m["trend"]:
            continue
        lists[m["trend"]].append({"name": ind.name, "href": U.href(page, U.indicator(ind.id)), "value": m["value"], "delta": m["delta"], "unit": "percent" if ind.unit == "boolean" else ind.unit})
    directions = []
    for d in yd.directions.itertuples():
        m = lk.muni(y, ALL, "direction", d.id)
        if m is None:
            continue
        directions.append({"name": d.name, "depth": int(d.depth), "href": U.href(page, U.direction(d.id)), "score": m["score"], "level": _level(lk, y, m["level"]), "trend": _trend(m["trend"], m["delta"])})
    municipal_recs = [{"direction": lk.direction[r.direction_id]["name"], "level": _level(lk, y, r.level), "text": r.text} for r in lk.recs.get("", []) if r.year == y]
    total = lk.muni(y, ALL, "total", "total")
    return {
        "year": y,
        "kinds": kinds,
        "lists": lists,
        "directions": directions,
        "municipal_recs": municipal_recs,
        "total": total,
        "total_level": _level(lk, y, total["level"]) if total else None,
        "levels": lk.levels[y],
        "previous": max([p for p in lk.years if p < y], default=None),
        "changes": review.year_changes(lk, y, page),
    }


# -- Organization -------------------------------------------------------------

def organization(lk: Lookup, org_id: str, page: str) -> dict:
    info = dict(lk.org[org_id])
    # Personal names are published only when monitoring.yml says so.
    if not lk.ds.settings.publish_personal_names:
        info["head"] = ""
    years = lk.org_years[org_id]
    y = years[-1]
    kind = info["kind"]
    # O(1) look-ups in the indexes Lookup built once: no scan of the scores frame per page.
    now = lk.org_now.get(org_id, {})
    totals = lk.org_totals.get(org_id, {})
    total = now.get(("total", "total"))
    directions = []
    compare_rows = []
    for d in lk.direction_rows[y]:
        r = now.get(("direction", d.id))
        if r is None:
            continue
        m = lk.muni(y, kind, "direction", d.id)
        directions.append({
            "name": d.name, "depth": int(d.depth), "href": U.href(page, U.direction(d.id)),
            "score": r.score, "level": _level(lk, y, r.level), "rank": markup.rank(r.rank_min, r.rank_max),
            "peer": m["score"] if m else None, "trend": _trend(r.trend, r.delta),
        })
        if not pd.isna(r.score):
            compare_rows.append({"direction": d.name, "who": "Организация", "score": rounded(r.score)})
            if m and m["score"] is not None:
                compare_rows.append({"direction": d.name, "who": "Среднее по типу", "score": rounded(m["score"])})
    kind_label = lk.kinds.get(kind, kind)
    compare_chart = Chart(
        charts.compare(compare_rows),
        alt=f"Столбчатая диаграмма: баллы организации по направлениям в {y} году рядом со средним баллом организаций того же типа. Данные — в таблице ниже.",
        caption=f"Баллы по направлениям и среднее по типу «{kind_label}», {y}",
        columns=["Направление", "Организация", "Среднее по типу"],
        rows=[[d["name"], markup.score(d["score"]), markup.score(d["peer"])] for d in directions],
    )
    history = []
    trend_rows = []
    for hy in years:
        t = totals.get(hy)
        if t is None:
            continue
        of = int(lk.ranked_count.get((hy, t.kind), 0))
        m = lk.muni(hy, t.kind, "total", "total")
        history.append({"year": hy, "href": U.href(page, U.year(hy)), "score": t.score, "level": _level(lk, hy, t.level), "rank": markup.rank(t.rank_min, t.rank_max, of), "peer": m["score"] if m else None, "trend": _trend(t.trend, t.delta)})
        if not pd.isna(t.score):
            trend_rows.append({"year": hy, "series": "Организация", "value": rounded(t.score)})
        if m and m["score"] is not None:
            trend_rows.append({"year": hy, "series": "Среднее по типу", "value": rounded(m["score"])})
    history_chart = Chart(
        charts.trend(trend_rows, "Итоговый балл"),
        alt="Линейный график: итоговый балл организации по годам рядом со средним по типу. Данные — в таблице истории.",
        caption="Итоговый балл по годам",
        columns=["Год", "Организация", "Среднее по типу"],
        rows=[[str(h["year"]), markup.score(h["score"]), markup.score(h["peer"])] for h in history],
    )
    indicators = []
    notes = lk.notes.get((y, org_id), {})
    for ind in lk.indicator_rows[y]:
        r = now.get(("indicator", ind.id))
        if r is None:
            continue
        peer = lk.peer_score.get((y, kind, ind.id))
        m = lk.muni(y, kind, "indicator", ind.id)
        indicators.append({
            "id": ind.id, "name": ind.name, "href": U.href(page, U.indicator(ind.id)), "unit": ind.unit,
            "value": None if pd.isna(r.value) else float(r.value), "score": r.score,
            "peer_score": None if peer is None or pd.isna(peer) else float(peer),
            "peer_value": m["value"] if m else None, "peer_unit": "percent" if ind.unit == "boolean" else ind.unit,
            "rank": markup.rank(r.rank_min, r.rank_max), "trend": _trend(r.trend, r.delta),
            "note": notes.get(ind.id, ""),
        })
    gaps = [(i["score"] - i["peer_score"], i) for i in indicators if i["value"] is not None and i["peer_score"] is not None and not pd.isna(i["score"])]
    strengths = [dict(i, gap=rounded(g)) for g, i in sorted(gaps, key=lambda t: (-t[0], t[1]["id"])) if rounded(g) > 0][:5]
    deficits = [dict(i, gap=-rounded(g)) for g, i in sorted(gaps, key=lambda t: (t[0], t[1]["id"])) if rounded(g) < 0][:5]
    missing = [i for i in indicators if i["value"] is None]
    org_recs = [
        {"direction": lk.direction[r.direction_id]["name"], "href": U.href(page, U.direction(r.direction_id)), "level": _level(lk, y, r.level), "text": r.text}
        for r in lk.recs.get(org_id, []) if r.year == y
    ]
    of = int(lk.ranked_count.get((y, kind), 0))
    return {
        "org": info,
        "kind_label": kind_label,
        "year": y,
        "closed": y != lk.latest,
        "years": years,
        "total": None if total is None else {
            "score": total.score, "level": _level(lk, y, total.level), "rank": markup.rank(total.rank_min, total.rank_max, of),
            "trend": _trend(total.trend, total.delta),
        },
        "peer_total": (lk.muni(y, kind, "total", "total") or {}).get("score"),
        "directions": directions,
        "compare_chart": compare_chart,
        "history": history,
        "history_chart": history_chart,
        "indicators": indicators,
        "strengths": strengths,
        "deficits": deficits,
        "missing": missing,
        "recommendations": org_recs,
        "links": {"year": U.href(page, U.year(y)), "orgs": U.href(page, U.ORGANIZATIONS), "methodology": U.href(page, U.METHODOLOGY)},
        **review.org_notes(lk, org_id),
    }


def organizations(lk: Lookup, page: str) -> dict:
    groups = []
    for kind, label in lk.kinds.items():
        rows = []
        for oid, info in lk.org.items():
            if info["kind"] != kind:
                continue
            totals = lk.org_totals.get(oid)
            t = totals[max(totals)] if totals else None  # the latest total the organization has
            last = lk.org_years[oid][-1]
            rows.append({
                "name": info["name"], "href": U.href(page, U.org(oid)), "district": info.get("district", ""),
                "year": last, "score": None if t is None else t.score, "level": None if t is None else _level(lk, last, t.level),
                "closed": last != lk.latest,
            })
        if rows:
            groups.append({"id": kind, "label": label, "rows": rows})
    return {"groups": groups, "latest": lk.latest}


# -- Directions and indicators -------------------------------------------------

def _series(lk: Lookup, node_kind: str, node_id: str, field: str) -> tuple[list[dict], list[dict], list[str]]:
    """(table rows, chart rows, scope labels): a scope (all organizations, a
    kind) with no value in any year, e.g. a kind the indicator does not apply
    to, has no column."""
    table, chart_rows = [], []
    scopes = [(ALL, "Все организации"), *lk.kinds.items()]
    for y in lk.years:
        row = {"year": y, "cells": []}
        present = False
        for scope, label in scopes:
            m = lk.muni(y, scope, node_kind, node_id)
            v = None if m is None else m[field]
            row["cells"].append({"value": v, "level": _level(lk, y, m["level"]) if m else None, "trend": _trend(m["trend"], m["delta"]) if m else None})
            if v is not None:
                present = True
                chart_rows.append({"year": y, "series": label, "value": rounded(v)})
        if present:
            table.append(row)
    keep = [k for k in range(len(scopes)) if any(row["cells"][k]["value"] is not None for row in table)]
    for row in table:
        row["cells"] = [row["cells"][k] for k in keep]
    return table, chart_rows, [scopes[k][1] for k in keep]


def direction(lk: Lookup, direction_id: str, page: str) -> dict:
    d = lk.direction[direction_id]
    y = lk.direction_years[direction_id][-1]
    # Children from the indexes Lookup built once: a scan of the year's tables per page is quadratic.
    children_dirs = [{"name": c.name, "href": U.href(page, U.direction(c.id))}
                     for c in lk.child_directions[y].get(direction_id, [])]
    children_inds = [{"name": i.name, "href": U.href(page, U.indicator(i.id))}
                     for i in lk.child_indicators[y].get(direction_id, [])]
    parent = lk.direction.get(d["parent_id"]) if d["parent_id"] else None
    table, chart_rows, scope_labels = _series(lk, "direction", direction_id, "score")
    chart = Chart(
        charts.trend(chart_rows, "Средний балл"),
        alt=f"Линейный график: свод (средний балл) по направлению по годам, всего и по типам организаций. Данные — в таблице «{d['name'][:60]}» ниже.",
        caption="Свод по годам",
        columns=[], rows=[], table_ref="series",
    )
    results = _node_results(lk, "direction", direction_id, y, page)
    return {"d": d, "year": y, "years": lk.direction_years[direction_id], "parent": None if parent is None else {"name": parent["name"], "href": U.href(page, U.direction(parent["id"]))},
            "children_dirs": children_dirs, "children_inds": children_inds, "table": table, "scopes": scope_labels, "chart": chart, "results": results,
            "method_notes": review.node_notes(lk, "direction", direction_id)}


def indicator(lk: Lookup, indicator_id: str, page: str) -> dict:
    i = lk.indicator[indicator_id]
    y = lk.indicator_years[indicator_id][-1]
    table, chart_rows, scope_labels = _series(lk, "indicator", indicator_id, "value")
    unit = "percent" if i["unit"] == "boolean" else i["unit"]
    chart = Chart(
        charts.trend(chart_rows, "Доля организаций, %" if i["unit"] == "boolean" else "Муниципальное значение"),
        alt="Линейный график: муниципальное значение показателя по годам, всего и по типам организаций. Данные — в таблице ниже.",
        caption="Муниципальное значение по годам",
        columns=[], rows=[], table_ref="series",
    )
    results = _node_results(lk, "indicator", indicator_id, y, page)
    kinds = [lk.kinds.get(k, k) for k in i["kinds"]] or ["все типы"]
    return {
        "i": i, "year": y, "years": lk.indicator_years[indicator_id],
        "direction": {"name": lk.direction[i["direction_id"]]["name"], "href": U.href(page, U.direction(i["direction_id"]))},
        "unit_label": UNIT_LABELS[i["unit"]], "method_label": METHOD_LABELS[i["method"]], "polarity_label": POLARITY_LABELS[i["polarity"]],
        "kinds": kinds, "table": table, "scopes": scope_labels, "chart": chart, "muni_unit": unit, "results": results,
        "formula": formula(i),
        "method_notes": review.node_notes(lk, "indicator", indicator_id),
    }


def formula(i: dict) -> str:
    method, lower = i["method"], i["polarity"] == "lower_is_better"
    if method == "boolean":
        return "балл = 100 × значение (1 — да, 0 — нет)"
    if method == "points":
        return f"балл = 100 × значение / {markup.value(i['max_points'])} (максимальный балл)"
    if method == "ratio_to_best":
        if lower:
            return "балл = 100 × лучшее / значение, где лучшее — наименьшее значение среди организаций того же типа в этом году; значение 0 даёт 100 баллов"
        return "балл = 100 × значение / лучшее, где лучшее — наибольшее значение среди организаций того же типа в этом году; если лучшее равно 0, балл 0"
    t = markup.value(i["target"])
    if lower:
        return f"балл = 100 × min({t} / значение, 1); значение 0 даёт 100 баллов"
    return f"балл = 100 × min(значение / {t}, 1)"


def _node_results(lk: Lookup, node_kind: str, node_id: str, y: int, page: str) -> list[dict]:
    rows = [r for r in lk.node_latest.get((node_kind, node_id), []) if r.year == y]
    out = []
    for kind, label in lk.kinds.items():
        # By place, unranked last, then by id: the order of sort_values(["rank_min", "org_id"]).
        of_kind = sorted((r for r in rows if r.kind == kind), key=lambda r: (r.rank_min != r.rank_min, 0 if r.rank_min != r.rank_min else r.rank_min, r.org_id))
        if not of_kind:
            continue
        unit = lk.indicator[node_id]["unit"] if node_kind == "indicator" else None
        out.append({"id": kind, "label": label, "unit": unit, "rows": [
            {"name": lk.name(r.org_id), "href": U.href(page, U.org(r.org_id)), "value": None if pd.isna(r.value) else float(r.value), "score": r.score,
             "rank": markup.rank(r.rank_min, r.rank_max), "level": _level(lk, y, r.level), "trend": _trend(r.trend, r.delta)}
            for r in of_kind
        ]})
    return out


def catalog(lk: Lookup, page: str) -> dict:
    """The tree of the latest year, depth first (children in file order), as
    flat items the template writes as nested HTML lists: `opens` starts the
    item's inner list, `closes` counts the lists ended after it. No recursion
    anywhere (Python-Markdown's nested lists recursed once per level), and
    every direction and indicator is visited once."""
    y = lk.latest
    children, indicators = lk.child_directions[y], lk.child_indicators[y]
    tree: list[dict] = []
    stack = [(d, 0) for d in reversed(children.get("", []))]
    while stack:
        d, depth = stack.pop()
        kids = children.get(d.id, [])
        inds = [
            {"name": i.name, "href": U.href(page, U.indicator(i.id)), "unit": UNIT_LABELS[i.unit], "kinds": ", ".join(lk.kinds.get(k, k) for k in i.kinds) or "все типы"}
            for i in indicators.get(d.id, [])
        ]
        tree.append({"name": d.name, "depth": depth, "href": U.href(page, U.direction(d.id)), "indicators": inds,
                     "opens": bool(kids or inds), "has_children": bool(kids), "closes": 0})
        stack.extend((c, depth + 1) for c in reversed(kids))
        if not kids:
            # Leaving this leaf: close the lists of the ancestors whose last child it is.
            tree[-1]["closes"] = depth - (stack[-1][1] if stack else 0)
    retired = [{"name": lk.indicator[i]["name"], "href": U.href(page, U.indicator(i)), "years": ys} for i, ys in lk.indicator_years.items() if ys[-1] != y]
    return {"year": y, "tree": tree, "retired": retired}


def methodology(lk: Lookup, page: str) -> dict:
    yd = lk.year_data(lk.latest)
    inds = [dict(r, unit_label=UNIT_LABELS[r["unit"]], method_label=METHOD_LABELS[r["method"]], polarity_label=POLARITY_LABELS[r["polarity"]],
                 formula=formula(r), kinds_label=", ".join(lk.kinds.get(k, k) for k in r["kinds"]) or "все типы",
                 direction=lk.direction[r["direction_id"]]["name"], href=U.href(page, U.indicator(r["id"])))
            for r in yd.indicators.to_dict("records")]
    dirs = [dict(r, href=U.href(page, U.direction(r["id"]))) for r in yd.directions.to_dict("records")]
    thresholds = [{"year": y, "levels": lk.levels[y]} for y in lk.years]
    return {"settings": lk.ds.settings, "year": lk.latest, "indicators": inds, "directions": dirs, "thresholds": thresholds, "kinds": lk.kinds}


def data(lk: Lookup, page: str, downloads: dict[str, list[dict]]) -> dict:
    return {"years": lk.years, "downloads": {k: [dict(f, href=U.href(page, f["path"])) for f in v] for k, v in downloads.items()}}
