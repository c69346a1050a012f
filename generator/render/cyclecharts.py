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
from generator.render.chart_templates import GUIDES, LINE, _base, _labelled_bars

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
    zero = alt.Chart(alt.Data(name="zero")).mark_rule(strokeWidth=1).encode(x=alt.X("x:Q"))
    spec = _labelled_bars(bars, "direction", thresholds=False)
    return _base(alt.layer(spec, zero), GUIDES - 16)


def effect(rows: list[dict]) -> dict:
    """rows: direction (name), who (one of SERIES), change (rounded)."""
    spec = charts._fill_labelled(effect_template(), rows, "direction", list(SERIES), LINE, {"zero": [{"x": 0}]})
    return charts._legend_rows(spec, len(SERIES))


GOAL_SERIES = ("Фактическое значение", "План: от базового значения к цели")


def goal(rows: list[dict], y_title: str, score: bool) -> dict:
    """rows: year, series (one of GOAL_SERIES), value; score: the axis 0-100."""
    spec = charts.trend(rows, y_title)
    if score:
        for enc in charts._encodings(spec, "y"):
            if enc.get("field") == "value":
                enc["scale"] = {"domain": [0, 100]}
    return spec
