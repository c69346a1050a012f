"""Charts of the management cycle, in the manner of render/charts.py: a
template built once with Altair (validated by `to_dict()`), filled with a
page's rows. The effect chart: per direction, the mean change of the score
after the measures beside the mean change of the comparison groups; the goal
chart: a goal's actual value by year beside the planned path from the
baseline to the target."""

from __future__ import annotations

from functools import cache

import altair as alt

from generator.render import charts
from generator.render.chart_templates import GUIDES, LABEL_LINES, LINE, _base

CHANGE_TITLE = "Изменение балла"
SERIES = ("После мер", "Группа сравнения")


@cache
def effect_template() -> dict:
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("direction:N", sort=None, axis=None),
            yOffset=alt.YOffset("who:N"),
            x=alt.X("change:Q", title=CHANGE_TITLE),
            color=alt.Color("who:N", title=None, sort=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("direction:N", title="Направление"),
                alt.Tooltip("who:N", title="Ряд"),
                alt.Tooltip("change:Q", title="Изменение, балла", format="+.2f"),
            ],
        )
    )
    # The names above their bars, from the left edge of the plot (x in pixels: a change
    # axis has negative values, so the value 0 is not the left edge).
    names = (
        alt.Chart()
        .transform_filter(alt.FieldOneOfPredicate(field="who", oneOf=list(LABEL_LINES)))
        .mark_text(align="left", baseline="middle", fontSize=11, limit=alt.ExprRef("width"))
        .encode(
            y=alt.Y("direction:N", sort=None, axis=None),
            yOffset=alt.YOffset("who:N"),
            x=alt.value(0),
            text=alt.Text("text:N"),
        )
    )
    bars = bars.transform_filter(~alt.FieldOneOfPredicate(field="who", oneOf=list(LABEL_LINES)))
    zero = alt.Chart(alt.Data(name="zero")).mark_rule(strokeWidth=1).encode(x=alt.X("x:Q"))
    return _base(alt.layer(alt.layer(bars, names, data=alt.Data(name="rows")), zero), GUIDES - 16)


def effect(rows: list[dict]) -> dict:
    """rows: direction (name), who (one of SERIES), change (rounded)."""
    spec = charts._fill_labelled(effect_template(), rows, "direction", list(SERIES), LINE, {"zero": [{"x": 0}]})
    return charts._legend_rows(spec, len(SERIES))


GOAL_SERIES = ("Фактическое значение", "План: от базового значения к цели")


def goal(rows: list[dict], y_title: str) -> dict:
    """rows: year, series (one of GOAL_SERIES), value. The value axis does not start
    at 0: a goal moves by a few points or per cent, which a 0-100 axis flattens."""
    spec = charts.trend(rows, y_title)
    for enc in charts._encodings(spec, "y"):
        if enc.get("field") == "value":
            enc["scale"] = {"zero": False, "nice": True}
    return spec
