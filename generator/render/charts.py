"""Chart specs. Each kind of chart is built once with Altair (validated against
the Vega-Lite schema by `to_dict()`), then filled with a page's rows: building
a chart through the API costs ~12 ms, filling a prebuilt spec well under 1 ms,
which matters at 7,500 charts."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache

import altair as alt

from generator.render.records import doc


@dataclass(frozen=True)
class Chart:
    """A filled spec, its text alternative and the table shown beside it."""

    spec: dict = doc("Vega-Lite spec, filled with the page's rows")
    alt: str = doc("Text alternative of the chart")
    caption: str = doc("Caption under the chart")
    columns: list[str] = doc("Column heads of the chart's own data table; empty when table_ref is set")
    rows: list[list[str]] = doc("Rows of the chart's own data table, formatted")
    table_ref: str = doc("Id of a table elsewhere on the page that holds the same data, '' = none", default="")


# Charts of categories with long names (directions, kinds of organizations)
# write each name above its bars, across the chart's full width, instead of
# beside them on an axis: on a phone an axis leaves the names a third of the
# width and cuts them to a few letters. A name takes one or two lines; the
# lines are rows of their own (who = LABEL_LINES) in the category's band.
LABEL_LINES = ("__label_1", "__label_2")  # never a series name
LABEL_WIDTH = 46  # characters a line: a 340 px phone chart at 11 px


def _base(chart) -> dict:
    spec = (
        chart.properties(width="container", autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure_view(stroke=None)
        .configure_axis(labelLimit=260)
        .configure_legend(labelLimit=320)
        .to_dict()
    )
    spec.pop("data", None)
    spec.pop("datasets", None)
    return spec


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


def _labelled_bars(bars: alt.Chart, field: str, step: int) -> dict:
    """bars (encoded with y=field and yOffset=who) under the names of their
    categories; the y axis itself is hidden. step: pixels a line or a bar."""
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
    return _base(alt.layer(bars, text, data=alt.Data(name="rows")).properties(height={"step": step, "for": "offset"}))


@cache
def _ranking_template() -> dict:
    data = alt.Data(name="rows")
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort="-x", title=None),
            x=alt.X("score:Q", title="Балл", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("level:N", title="Уровень", legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("name:N", title="Организация"),
                alt.Tooltip("score:Q", title="Балл", format=".2f"),
                alt.Tooltip("level:N", title="Уровень"),
            ],
        )
        .properties(height={"step": 18})
    )
    return _base(chart)


@cache
def _compare_template() -> dict:
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("direction:N", sort=None, axis=None),
            yOffset=alt.YOffset("who:N"),
            x=alt.X("score:Q", title="Балл", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("who:N", title=None, sort=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("direction:N", title="Направление"),
                alt.Tooltip("who:N", title="Кто"),
                alt.Tooltip("score:Q", title="Балл", format=".2f"),
            ],
        )
    )
    return _labelled_bars(bars, "direction", 13)


@cache
def _trend_template() -> dict:
    chart = (
        alt.Chart(alt.Data(name="rows"))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="Год", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="Значение"),
            color=alt.Color("series:N", title=None, sort=None, legend=alt.Legend(orient="bottom")),
            # Series differ by more than colour: line dashes and point shapes.
            strokeDash=alt.StrokeDash("series:N", title=None, sort=None, legend=alt.Legend(orient="bottom")),
            shape=alt.Shape("series:N", title=None, sort=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("series:N", title="Ряд"),
                alt.Tooltip("year:O", title="Год"),
                alt.Tooltip("value:Q", title="Значение", format=".2f"),
            ],
        )
        .properties(height=260)
    )
    return _base(chart)


@cache
def _levels_template() -> dict:
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
    return _labelled_bars(bars, "kind", 18)


def _fill(
    template: dict,
    rows: list[dict],
    colors: tuple[list[str], list[str]] | None = None,
    field: str = "level",
    y_title: str | None = None,
) -> dict:
    spec = copy.deepcopy(template)
    spec["data"] = {"values": rows}
    if colors is not None:
        spec["encoding"]["color"]["scale"] = {"domain": colors[0], "range": colors[1]}
    if y_title is not None:
        spec["encoding"]["y"]["title"] = y_title
    return spec


def ranking(rows: list[dict], level_labels: list[str], level_colors: list[str]) -> dict:
    """rows: name, score (rounded), level (label)."""
    return _fill(_ranking_template(), rows, (level_labels, level_colors))


def _fill_labelled(
    template: dict, rows: list[dict], field: str, series: list[str], colors: tuple[list[str], list[str]] | None = None
) -> dict:
    """A _labelled_bars template with its bars' rows, the name rows and the
    sub-bands of a category: two name lines, then one bar per series."""
    categories = list(dict.fromkeys(r[field] for r in rows))
    spec = copy.deepcopy(template)
    spec["data"] = {"values": _label_rows(categories, field) + rows}
    for layer in spec["layer"]:
        layer["encoding"]["yOffset"]["scale"] = {"domain": [*LABEL_LINES, *series]}
        if colors is not None and "color" in layer["encoding"]:
            layer["encoding"]["color"]["scale"] = {"domain": colors[0], "range": colors[1]}
    return spec


def compare(rows: list[dict]) -> dict:
    """rows: direction, who, score."""
    return _fill_labelled(_compare_template(), rows, "direction", list(dict.fromkeys(r["who"] for r in rows)))


def trend(rows: list[dict], y_title: str) -> dict:
    """rows: year, series, value."""
    return _fill(_trend_template(), rows, y_title=y_title)


def levels(rows: list[dict], level_labels: list[str], level_colors: list[str]) -> dict:
    """rows: kind, level (label), count, order."""
    return _fill_labelled(
        _levels_template(), [dict(r, who="bar") for r in rows], "kind", ["bar"], (level_labels, level_colors)
    )


@cache
def _histogram_template() -> dict:
    chart = (
        alt.Chart(alt.Data(name="rows"))
        .mark_bar()
        .encode(
            x=alt.X(
                "bin:N",
                title="Итоговый балл",
                sort=alt.EncodingSortField(field="order", order="ascending"),
                axis=alt.Axis(labelAngle=-45),
            ),
            y=alt.Y("count:Q", title="Число организаций", stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("level:N", title="Уровень", legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("bin:N", title="Баллы"),
                alt.Tooltip("level:N", title="Уровень"),
                alt.Tooltip("count:Q", title="Организаций"),
            ],
        )
        .properties(height=220)
    )
    return _base(chart)


HISTOGRAM_STEP = 5  # points a bar of the score histogram spans


def histogram(rows: list[dict], level_labels: list[str], level_colors: list[str]) -> dict:
    """Scores of many organizations as counts per interval (a bar per
    organization stops being readable past a few dozen; its size grows with
    them). rows: bin (label), order, level (label), count."""
    return _fill(_histogram_template(), rows, (level_labels, level_colors))
