"""Chart specs: the templates of generator/render/chart_templates.py filled
with a page's rows. Building a chart through the Altair API costs ~12 ms,
filling a prebuilt spec well under 1 ms, which matters at 7,500 charts.

Charts of scores show the year's level thresholds: dashed rules on a score
axis (ranking, comparison, histogram), level bands behind a line over the
years (a total or a direction score)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.render.chart_templates import (
    BAR,
    GUIDES,
    LABEL_LINES,
    LABEL_WIDTH,
    LEGEND_ROW,
    LINE,
    SCORE_DOMAIN,
    compare_template,
    histogram_template,
    levels_template,
    ranking_template,
    trend_template,
)
from generator.render.records import Level, doc


@dataclass(frozen=True)
class Chart:
    """A filled spec, its text alternative and the table shown beside it."""

    spec: dict = doc("Vega-Lite spec, filled with the page's rows")
    alt: str = doc("Text alternative of the chart")
    caption: str = doc("Caption under the chart")
    columns: list[str] = doc("Column heads of the chart's own data table; empty when table_ref is set")
    rows: list[list[str]] = doc("Rows of the chart's own data table, formatted")
    table_ref: str = doc("Id of a table elsewhere on the page that holds the same data, '' = none", default="")
    file: str = doc("Base name of the chart's PNG and SVG downloads (ASCII, no extension)", default="chart")
    printed: bool = doc("False: left out of print, where a table right beside it holds the same figures", default=True)
    height: int = field(init=False, metadata={"help": "Height of the drawn chart in pixels (the reserved box)"})
    height_narrow: int = field(
        init=False, metadata={"help": "Height on a narrow screen, where the legends stack in a column"}
    )

    def __post_init__(self) -> None:
        # Derived from the spec at construction (frozen: set once, never changed).
        object.__setattr__(self, "height", int(self.spec["height"]))
        extra = int(self.spec.get("usermeta", {}).get("narrow_extra", 0))
        object.__setattr__(self, "height_narrow", int(self.spec["height"]) + extra)


def wrap_label(text: str, width: int = LABEL_WIDTH) -> list[str]:
    """A category name in at most two lines of about width characters; a
    longer name ends with an ellipsis (the full name is in the data table)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    if len(lines[-1]) > width:
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _label_rows(categories: list[str], field: str) -> list[dict]:
    """Rows of the label layer: a one-line name sits on the line next to its
    bars, the line above stays empty and separates it from the category before."""
    rows = []
    for name in categories:
        lines = wrap_label(name)
        for who, line in zip(LABEL_LINES[2 - len(lines) :], lines):
            rows.append({field: name, "who": who, "text": line})
    return rows


def threshold_rows(levels: Sequence[Level]) -> list[dict]:
    """The thresholds a score axis shows: every level's lowest score above 0."""
    return [
        {"level": lv.label, "min": lv.min_score, "text": f"от {lv.min_score:g}"} for lv in levels if lv.min_score > 0
    ]


def band_rows(levels_by_year: dict[int, Sequence[Level]]) -> list[dict]:
    """Level bands behind a line over the years: in each year, each level
    from its threshold up to the next one (or 100)."""
    rows = []
    for y, levels in sorted(levels_by_year.items()):
        top = SCORE_DOMAIN[1]
        for lv in sorted(levels, key=lambda lv: -lv.min_score):
            if lv.min_score < top:
                rows.append({"x0": y - 0.5, "x1": y + 0.5, "lo": lv.min_score, "hi": top, "level": lv.label})
            top = min(top, lv.min_score)
    return rows


def _walk(node):
    """Every dict in a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _fill(template: dict, datasets: dict[str, list[dict]], height: int | None = None) -> dict:
    """A copy of template with each named data source replaced by its rows."""
    spec = copy.deepcopy(template)
    for node in _walk(spec):
        data = node.get("data")
        if isinstance(data, dict) and data.get("name") in datasets:
            node["data"] = {"values": datasets[data["name"]]}
    if height is not None:
        spec["height"] = height
    return spec


def _encodings(spec: dict, channel: str):
    """The encodings of channel in the spec and its layers."""
    for node in _walk(spec):
        enc = node.get("encoding")
        if isinstance(enc, dict) and channel in enc:
            yield enc[channel]


def _level_scale(spec: dict, levels: Sequence[Level], channel: str = "color") -> None:
    scale = {"domain": [lv.label for lv in levels], "range": [lv.color or "#888888" for lv in levels]}
    for enc in _encodings(spec, channel):
        if enc.get("field") == "level":
            enc["scale"] = copy.deepcopy(scale)


def _legend_rows(spec: dict, *entries: int) -> dict:
    """Note in the spec how many pixels its legends need more when charts.js
    stacks their entries in a column (narrow screens): one row per entry
    instead of one row per legend."""
    spec["usermeta"]["narrow_extra"] = sum(max(0, n - 1) for n in entries) * LEGEND_ROW
    return spec


def ranking(rows: list[dict], levels: Sequence[Level]) -> dict:
    """rows: name, score (rounded), level (label)."""
    spec = _fill(ranking_template(), {"rows": rows, "thresholds": threshold_rows(levels)})
    spec["height"] = BAR * len(rows) + GUIDES
    _level_scale(spec, levels)
    return _legend_rows(spec, len(levels))


def _fill_labelled(template: dict, rows: list[dict], field: str, series: list[str], step: int, extra: dict) -> dict:
    """A _labelled_bars template with its bars' rows, the name rows and the
    sub-bands of a category: two name lines, then one bar per series."""
    categories = list(dict.fromkeys(r[field] for r in rows))
    spec = _fill(template, {"rows": _label_rows(categories, field) + rows, **extra})
    spec["height"] = step * (len(LABEL_LINES) + len(series)) * len(categories) + template["height"]
    for enc in _encodings(spec, "yOffset"):
        enc["scale"] = {"domain": [*LABEL_LINES, *series]}
    return spec


def compare(rows: list[dict], levels: Sequence[Level]) -> dict:
    """rows: direction, who, score; levels: the year's, for the thresholds."""
    series = list(dict.fromkeys(r["who"] for r in rows))
    spec = _fill_labelled(compare_template(), rows, "direction", series, LINE, {"thresholds": threshold_rows(levels)})
    return _legend_rows(spec, len(series))


def merge_identical(rows: list[dict]) -> list[dict]:
    """Series with the same value in every year drawn as one line (an
    indicator for one kind only: «Все организации» are that kind), labelled
    with both names; two lines on top of each other would show as one."""
    values: dict[str, dict] = {}
    for r in rows:
        values.setdefault(r["series"], {})[r["year"]] = r["value"]
    label: dict[str, str] = {}
    kept: dict[str, str] = {}  # frozen values -> the series that keeps them
    for name, by_year in values.items():
        key = repr(sorted(by_year.items()))
        if key in kept:
            first = kept[key]
            label[first] = f"{label[first]} = {_lower_first(name)}"
        else:
            kept[key] = name
            label[name] = name
    return [dict(r, series=label[r["series"]]) for r in rows if r["series"] in label]


def _lower_first(name: str) -> str:
    """«Дошкольные организации» -> «дошкольные организации»; «ДОО» stays."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def trend(rows: list[dict], y_title: str, levels_by_year: dict[int, Sequence[Level]] | None = None) -> dict:
    """rows: year, series, value. levels_by_year: for a line of scores, the
    levels of each year drawn as bands behind it (and the axis 0-100)."""
    rows = merge_identical(rows)
    years = sorted({r["year"] for r in rows})
    shown = {y: lv for y, lv in (levels_by_year or {}).items() if y in years}
    spec = _fill(trend_template(bool(shown)), {"rows": rows, "bands": band_rows(shown)})
    for enc in _encodings(spec, "x"):
        if enc.get("field") in ("year", "x0"):
            enc["scale"] = {"domain": [years[0] - 0.5, years[-1] + 0.5] if years else [0, 1], "nice": False}
        if enc.get("field") == "year":
            enc["axis"]["values"] = years
    for enc in _encodings(spec, "y"):
        enc["title"] = y_title  # the line's axis, and the bands' (one axis: the same title)
        if enc.get("field") in ("value", "lo"):
            if shown:
                enc["scale"] = {"domain": SCORE_DOMAIN}
    bands = _all_levels(shown)
    if shown:
        _level_scale(spec, bands, "fill")
    return _legend_rows(spec, len({r["series"] for r in rows}), len(bands))


def _all_levels(levels_by_year: dict[int, Sequence[Level]]) -> list[Level]:
    """The levels of the latest year, then any label only earlier years had."""
    seen: dict[str, Level] = {}
    for y in sorted(levels_by_year, reverse=True):
        for lv in levels_by_year[y]:
            seen.setdefault(lv.label, lv)
    return list(seen.values())


def levels(rows: list[dict], year_levels: Sequence[Level]) -> dict:
    """rows: kind, level (label), count, order."""
    spec = _fill_labelled(levels_template(), [dict(r, who="bar") for r in rows], "kind", ["bar"], BAR, {})
    _level_scale(spec, year_levels)
    return _legend_rows(spec, len(year_levels))


HISTOGRAM_STEP = 5  # points a bar of the score histogram spans


def histogram(rows: list[dict], levels: Sequence[Level]) -> dict:
    """Scores of many organizations as counts per interval (a bar per
    organization stops being readable past a few dozen; its size grows with
    them). rows: lo, hi (the interval), bin (its label), level (label), count."""
    spec = _fill(histogram_template(), {"rows": rows, "thresholds": threshold_rows(levels)})
    _level_scale(spec, levels)
    return _legend_rows(spec, len(levels))
