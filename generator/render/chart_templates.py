"""The chart templates: each kind of chart built once with Altair and
validated against the Vega-Lite schema (`to_dict()`), with named data sources
(rows, thresholds, bands) that generator/render/charts.py fills with a page's
rows.

Every chart fits, axes and legends included, into a fixed height (autosize
"fit"): the page reserves that box before the chart is drawn (charts.js draws
a chart only when it scrolls into view, so nothing below may move). Colours:
level colours come from levels.csv (set at fill time); series (the
organization, a mean, a kind) take the config's category palette, which has
none of the level hues; `usermeta.dark` is the config that charts.js merges
in for the dark (slate) colour scheme."""

from __future__ import annotations

import copy
from functools import cache

import altair as alt

# Charts of categories with long names (directions, kinds of organizations)
# write each name above its bars, across the chart's full width, instead of
# beside them on an axis: on a phone an axis leaves the names a third of the
# width and cuts them to a few letters. A name takes one or two lines; the
# lines are rows of their own (who = LABEL_LINES) in the category's band.
LABEL_LINES = ("__label_1", "__label_2")  # never a series name
LABEL_WIDTH = 46  # characters a line: a 340 px phone chart at 11 px

# Series colours (light, dark): indigo, grey, cyan, purple, brown, pink. No
# green, amber or red: those are the levels' colours, and «Среднее по типу»
# must not look like «Средний уровень». The dark ones keep 3:1 on the slate
# background (WCAG 1.4.11), the light ones on white.
SERIES_LIGHT = ["#3949ab", "#6b7280", "#00838f", "#8e24aa", "#6d4c41", "#ad1457"]
SERIES_DARK = ["#9fa8da", "#b6bcc8", "#4dd0e1", "#ce93d8", "#bcaaa4", "#f48fb1"]
INK_LIGHT, INK_DARK = "#1f2937", "#d5d9e2"  # text, and the threshold rules
BAND_OPACITY = 0.14  # level bands behind lines: the lines stay the figure

SCORE_DOMAIN = [0, 100]
LEGEND_ROW = 18  # pixels a legend entry takes when the legends stack (narrow screens)

_LIGHT = {
    "background": "white",
    "view": {"stroke": None},
    "axis": {"labelLimit": 260, "labelColor": INK_LIGHT, "titleColor": INK_LIGHT},
    "legend": {"labelLimit": 320, "labelColor": INK_LIGHT, "titleColor": INK_LIGHT},
    "text": {"color": INK_LIGHT},
    "rule": {"color": INK_LIGHT},
    "range": {"category": SERIES_LIGHT},
}
# Merged over the light config by charts.js in the slate scheme; the
# background becomes the page's own there (read from the page), so no box.
_DARK = {
    "background": "transparent",
    "axis": {
        "labelColor": INK_DARK,
        "titleColor": INK_DARK,
        "domainColor": "#8a93a6",
        "tickColor": "#8a93a6",
        "gridColor": "#3a4052",
    },
    "legend": {"labelColor": INK_DARK, "titleColor": INK_DARK},
    "text": {"color": INK_DARK},
    "rule": {"color": INK_DARK},
    "range": {"category": SERIES_DARK},
}


def _base(chart, height: int) -> dict:
    spec = chart.properties(
        width="container", height=height, autosize=alt.AutoSizeParams(type="fit", contains="padding")
    ).to_dict()
    spec["config"] = copy.deepcopy(_LIGHT)
    spec["usermeta"] = {"dark": copy.deepcopy(_DARK)}
    spec.pop("datasets", None)
    return spec


def _threshold_layers(x: str = "x") -> list:
    """Dashed rules at the thresholds across the plot, the threshold above each."""
    data = alt.Data(name="thresholds")
    tip = [alt.Tooltip("level:N", title="Уровень"), alt.Tooltip("min:Q", title="От балла")]
    enc = {x: alt.X("min:Q")}
    rule = alt.Chart(data).mark_rule(strokeDash=[4, 3], strokeWidth=1.5).encode(**enc, tooltip=tip)
    text = (
        alt.Chart(data)
        .mark_text(baseline="bottom", fontSize=10, dy=-2)
        .encode(**enc, y=alt.value(0), text=alt.Text("text:N"), tooltip=tip)
    )
    return [rule, text]


def _labelled_bars(bars: alt.Chart, field: str, thresholds: bool) -> alt.LayerChart:
    """bars (encoded with y=field and yOffset=who) under the names of their
    categories; the y axis itself is hidden."""
    text = (
        alt.Chart()
        .transform_filter(alt.FieldOneOfPredicate(field="who", oneOf=list(LABEL_LINES)))
        .mark_text(align="left", baseline="middle", fontSize=11, limit=alt.ExprRef("width"))
        .encode(
            y=alt.Y(f"{field}:N", sort=None, axis=None),
            yOffset=alt.YOffset("who:N"),
            x=alt.datum(0),
            text=alt.Text("text:N"),
        )
    )
    bars = bars.transform_filter(~alt.FieldOneOfPredicate(field="who", oneOf=list(LABEL_LINES)))
    layers = [bars, text, *(_threshold_layers() if thresholds else [])]
    return alt.layer(*layers, data=alt.Data(name="rows"))


SCORE_TITLE = "Балл (из 100)"
TOTAL_TITLE = "Итоговый балл (из 100)"
BAR, LINE = 18, 13  # pixels of a bar of the ranking and of a label line or bar of the comparison
GUIDES = 96  # pixels of the x axis with its title, a legend row and the threshold labels


@cache
def ranking_template() -> dict:
    bars = (
        alt.Chart(alt.Data(name="rows"))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort="-x", title=None),
            x=alt.X("score:Q", title=TOTAL_TITLE, scale=alt.Scale(domain=SCORE_DOMAIN)),
            color=alt.Color("level:N", title="Уровень", legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("name:N", title="Организация"),
                alt.Tooltip("score:Q", title="Балл", format=".2f"),
                alt.Tooltip("level:N", title="Уровень"),
            ],
        )
    )
    return _base(alt.layer(bars, *_threshold_layers()), GUIDES)


@cache
def compare_template() -> dict:
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("direction:N", sort=None, axis=None),
            yOffset=alt.YOffset("who:N"),
            x=alt.X("score:Q", title=SCORE_TITLE, scale=alt.Scale(domain=SCORE_DOMAIN)),
            color=alt.Color("who:N", title=None, sort=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("direction:N", title="Направление"),
                alt.Tooltip("who:N", title="Кто"),
                alt.Tooltip("score:Q", title="Балл", format=".2f"),
            ],
        )
    )
    return _base(_labelled_bars(bars, "direction", thresholds=True), GUIDES)


TREND_HEIGHT = 300


@cache
def trend_template(bands: bool) -> dict:
    series = {"title": None, "sort": None, "legend": alt.Legend(orient="bottom")}
    line = (
        alt.Chart(alt.Data(name="rows"))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title="Год", axis=alt.Axis(format="d", labelFlush=False)),
            y=alt.Y("value:Q", title="Значение"),
            color=alt.Color("series:N", **series),
            # Series differ by more than colour: line dashes and point shapes.
            strokeDash=alt.StrokeDash("series:N", **series),
            shape=alt.Shape("series:N", **series),
            tooltip=[
                alt.Tooltip("series:N", title="Ряд"),
                alt.Tooltip("year:Q", title="Год", format="d"),
                alt.Tooltip("value:Q", title="Значение", format=".2f"),
            ],
        )
    )
    if not bands:
        return _base(line, TREND_HEIGHT)
    band = (
        alt.Chart(alt.Data(name="bands"))
        .mark_rect(opacity=BAND_OPACITY)
        .encode(
            x=alt.X("x0:Q", title="Год"),
            x2="x1",
            y=alt.Y("lo:Q", title="Значение", scale=alt.Scale(domain=SCORE_DOMAIN)),
            y2="hi",
            fill=alt.Fill("level:N", title="Фон — уровень", legend=alt.Legend(orient="bottom", symbolOpacity=0.5)),
            tooltip=[
                alt.Tooltip("level:N", title="Уровень"),
                alt.Tooltip("lo:Q", title="От балла"),
                alt.Tooltip("hi:Q", title="До балла"),
            ],
        )
    )
    return _base(alt.layer(band, line), TREND_HEIGHT + LEGEND_ROW)


@cache
def levels_template() -> dict:
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("kind:N", sort=None, axis=None),
            yOffset=alt.YOffset("who:N"),
            x=alt.X("count:Q", title="Число организаций", stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("level:N", title="Уровень", legend=alt.Legend(orient="bottom")),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("kind:N", title="Тип"),
                alt.Tooltip("level:N", title="Уровень"),
                alt.Tooltip("count:Q", title="Организаций"),
            ],
        )
    )
    return _base(_labelled_bars(bars, "kind", thresholds=False), GUIDES - 16)


@cache
def histogram_template() -> dict:
    bars = (
        alt.Chart(alt.Data(name="rows"))
        .mark_bar(binSpacing=1)
        .encode(
            x=alt.X("lo:Q", title=TOTAL_TITLE, scale=alt.Scale(domain=SCORE_DOMAIN), axis=alt.Axis(tickCount=10)),
            x2="hi",
            y=alt.Y("count:Q", title="Число организаций", stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("level:N", title="Уровень", legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("bin:N", title="Баллы"),
                alt.Tooltip("level:N", title="Уровень"),
                alt.Tooltip("count:Q", title="Организаций"),
            ],
        )
    )
    return _base(alt.layer(bars, *_threshold_layers()), 260)
