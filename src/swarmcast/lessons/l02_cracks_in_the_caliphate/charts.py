"""Lesson 02 chart builders: every published count of official output, and output with the pressures on one timeline.

Why: the decline of official output can only be shown as the few published counts, each a point (with a bar for
the window it covers), never as an interpolated line; the pressures of the same years are drawn the same way, so
students see why no single cause can be read off them. The rows come from ``swarmcast.data.decline``;
``CHART_EXAMPLES`` gives each builder example arguments (the tests build every chart from it).
Sources: the rows' own (``ctc_visual_output``, ``offline_pressure``, ``twitter_blog_2016``, ``twitter_transparency``,
``timeline``); see ``swarmcast.data.decline``.
"""

from __future__ import annotations

import functools

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ...data.decline import (
    COLLECTION_LABELS, NO_CAUSE, PRESSURES, WINDOWS, DeclineView, compare_pressures, official_output_rows, pressure_rows,
)

__all__ = ["output_points_chart", "pressures_chart", "CHART_EXAMPLES"]

#: How sentences name each pressure.
SHORT = {
    "airstrikes": "airstrikes",
    "media_operatives": "the killing of media operatives",
    "revenue": "the fall in revenue",
    "territory": "the loss of territory",
    "twitter_suspensions": "Twitter suspensions",
    "eu_iru": "Europol's referral unit",
    "hash_sharing": "the companies' shared hash database",
    "counter_speech": "counter-speech by users",
}

_COLLECTION_ORDER = ("ctc_2018_update", "nyt_on_ctc_2016", "mcintosh_on_lakomy_2017")
_OUTPUT_COLOUR_LIST = (charts.PALETTE[5], charts.PALETTE[0], charts.PALETTE[3])
_DOMAIN = ("2014-07-01", "2018-12-31")
_BOUND_SHAPES = {"exact": "circle", "at_least": "triangle-up", "at_most": "triangle-down", "approx": "diamond"}


def _tooltip():
    return [alt.Tooltip("series:N", title="series"), alt.Tooltip("value:Q", format=",.0f"), "unit:N",
            alt.Tooltip("period_start:T", title="from"), alt.Tooltip("period_end:T", title="to"), "bound:N",
            "verification:N", "source_id:N", "note:N"]


def _plot_frame(rows: pd.DataFrame) -> pd.DataFrame:
    columns = ["series", "period_start", "period_end", "value", "unit", "bound", "verification", "source_id", "note"]
    keep = [c for c in columns if c in rows]
    plot = rows[keep].copy()
    for col in ("series", "unit", "bound", "verification", "source_id", "note"):
        plot[col] = plot[col].astype(str)
    return plot[plot["period_end"] <= pd.Timestamp(_DOMAIN[1])]


def _example_output() -> dict:
    return {"rows": official_output_rows()}


def _output_layer(rows: pd.DataFrame, *, height: int, y_title: str):
    """The output counts as points coloured by collection (faded when unverified), shaped by bound."""
    x_axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, title=None)
    colours = [(COLLECTION_LABELS[k], c) for k, c in zip(_COLLECTION_ORDER, _OUTPUT_COLOUR_LIST)]
    return alt.Chart(_plot_frame(rows)).mark_point(size=110, filled=True).encode(
        x=alt.X("period_end:T", scale=alt.Scale(domain=list(_DOMAIN)), axis=x_axis),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=True)),
        color=alt.Color("series:N", title="output counted by", legend=alt.Legend(orient="right", labelLimit=260),
                        scale=alt.Scale(domain=[n for n, _ in colours], range=[c for _, c in colours])),
        opacity=alt.Opacity("verification:N", scale=alt.Scale(domain=["V1", "V2", "U"], range=[1.0, 1.0, 0.45]),
                            legend=None),
        shape=alt.Shape("bound:N", title="bound", legend=alt.Legend(labelExpr="replace(datum.label, '_', ' ')"),
                        scale=alt.Scale(domain=list(_BOUND_SHAPES), range=list(_BOUND_SHAPES.values()))),
        tooltip=_tooltip(),
    ).properties(width=520, height=height)


def output_points_chart(*, rows: pd.DataFrame):
    """The published monthly counts of official visual releases as points, one colour per collection."""
    if "series" not in rows:
        rows = rows.assign(series=rows["collection"].astype(str).map(COLLECTION_LABELS))
    chart = _output_layer(rows, height=240, y_title="official visual releases in the month")
    plot = _plot_frame(rows)
    values = ", ".join(f"{r.value:,.0f} ({r.period_end:%b %Y}, {r.series}, {r.bound.replace('_', ' ')})"
                       for r in plot.itertuples())
    description = (f"{len(plot)} published monthly counts of official IS visual releases, drawn as separate points "
                   f"and not joined, because they come from different collections: {values}. Faded points are "
                   "unverified (U).")
    return charts.finish(chart, title="Official visual releases per month: every published count",
                         description=description)


_OUTPUT_PANEL = "Official visual releases per month (published counts only)"
_OUTPUT_HEIGHT, _PANEL_HEIGHT, _PX_PER_UNIT = 1.6, 1.0, 70
_DODGE = 0.2  # chart units (14 px) between points of one date that would overlap
_BOUND_MARK = {"at_least": "\u2265", "at_most": "\u2264", "approx": "~", "exact": ""}
_OUTPUT_COLOURS = {COLLECTION_LABELS[k]: c for k, c in zip(_COLLECTION_ORDER, _OUTPUT_COLOUR_LIST)}
_PRESSURE_COLOUR = "#333333"
_PRESSURE_SERIES = "pressure figure"
_SERIES_TAGS = {"Twitter blog, since mid-2015": "blog", "transparency reports, since 1 Aug 2015": "reports"}


def _panel_label(key: str, rows: pd.DataFrame, cause: str) -> str:
    unit = ""
    if not rows.empty and not rows["is_event"].all():
        unit = f" ({rows['unit'].iloc[0]})"
    return PRESSURES[key] + unit + ("  \u2190 your single cause" if key == cause else "")


def _value_text(value: float, bound: str, unit: str, verification: str) -> str:
    number = f"{value:,.0f}" + ("%" if unit == "percent" else "")
    return _BOUND_MARK.get(bound, "") + number + (" (U)" if verification == "U" else "")


@functools.cache
def _output_plot() -> pd.DataFrame:
    """The output strip's rows, shaped once (read only: callers assign new frames)."""
    return _plot_frame(official_output_rows())


@functools.cache
def _pressure_plot(key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A pressure strip's rows as compare_pressures selects them, and those rows shaped once (both read only)."""
    rows = pressure_rows()
    rows = rows[rows["pressure"] == key]
    return rows, _plot_frame(rows)


def _strip_plot(key: str, rows: pd.DataFrame) -> pd.DataFrame:
    """The shaped rows of one pressure's strip: the cached ones when ``rows`` are the usual ones (_plot_frame was half
    of a redraw), shaped here otherwise (a view built by hand)."""
    usual, plot = _pressure_plot(key)
    return plot if rows.equals(usual) else _plot_frame(rows)  # equals compares the index too


def _stack(view: DeclineView) -> dict[str, pd.DataFrame]:
    """The layers of the explorer chart: every panel is a horizontal strip with its own scale from zero."""
    panels = [(_OUTPUT_PANEL, _output_plot(), _OUTPUT_HEIGHT, "output")]
    for key in view.shown:
        rows = view.rows[view.rows["pressure"] == key]
        kind = "nodata" if rows.empty else ("event" if rows["is_event"].all() else "figure")
        panels.append((_panel_label(key, rows, view.cause), _strip_plot(key, rows), _PANEL_HEIGHT, kind))
    x0, x1 = pd.Timestamp(_DOMAIN[0]), pd.Timestamp(_DOMAIN[1])
    figures, labels, titles, floors, events = [], [], [], [], []
    base = 0.0
    for title, rows, height, kind in reversed(panels):
        top = base + height
        titles.append({"x": x0, "y": top - 0.06, "text": title})
        floors.append({"x": x0, "x2": x1, "y": base + 0.1})
        if kind in ("figure", "output"):
            vmax = float(rows["value"].max()) or 1.0
            plot = rows.assign(y=base + 0.1 + 0.55 * height * rows["value"] / vmax,
                               series=rows["series"] if kind == "output" else _PRESSURE_SERIES)
            tagged = kind == "figure" and rows["series"].nunique() > 1  # name the series when a strip has several
            # Points at the same date with close values (761, 754 and >=700 releases) would sit on one spot with
            # one label run through the bars: each gets its own row, _DODGE apart, and its own label beside it.
            # (Plain arrays, not pandas row by row: the same order and arithmetic, 30-50 ms less a redraw.)
            ys = plot["y"].to_numpy(dtype=float).copy()
            ends, values = plot["period_end"].to_numpy(dtype="datetime64[ns]"), plot["value"].to_numpy(dtype=float)
            series, bounds, units, checks = (rows[c].tolist() for c in ("series", "bound", "unit", "verification"))
            for end in np.unique(ends[~np.isnat(ends)]):  # sorted, as groupby gave them
                previous = None
                for i in sorted(np.flatnonzero(ends == end).tolist(), key=lambda i: (-ys[i], -values[i])):  # stable
                    y = float(ys[i])
                    if previous is not None and y > previous - _DODGE:
                        y = previous - _DODGE
                        ys[i] = y
                    previous = y
                    text = (f"{_SERIES_TAGS.get(series[i], series[i])} " if tagged else "") + \
                        _value_text(values[i], bounds[i], units[i], checks[i])
                    labels.append({"x": pd.Timestamp(end), "y": y, "text": text})
            figures.append(plot.assign(y=ys))
        elif kind == "event":
            for slot, r in enumerate(rows.itertuples()):
                events.append({"period_start": r.period_start, "y": base + 0.1, "y2": top - 0.25, "series": r.series,
                               "source_id": r.source_id, "note": r.note})
                labels.append({"x": r.period_start, "y": top - 0.35 - 0.22 * (slot % 2), "text": r.series})
        else:
            labels.append({"x": pd.Timestamp("2015-06-01"), "y": base + 0.4,
                           "text": "no figure in the course data: the source article gives no count"})
        base = top + 0.15
    return {
        "figures": pd.concat(figures, ignore_index=True) if figures else pd.DataFrame(),
        "labels": pd.DataFrame(labels), "titles": pd.DataFrame(titles), "floors": pd.DataFrame(floors),
        "events": pd.DataFrame(events, columns=["period_start", "y", "y2", "series", "source_id", "note"]),
        "height": base,
    }


def _from_top(layers: dict) -> dict:
    """The layers with y (and y2) measured down from the chart's top edge instead of up from its bottom."""
    top = layers["height"]
    out = dict(layers)
    for key, frame in layers.items():
        if isinstance(frame, pd.DataFrame) and "y" in frame.columns:
            out[key] = frame.assign(**{c: top - frame[c] for c in ("y", "y2") if c in frame.columns})
    return out


def _example_view() -> dict:
    return {"view": compare_pressures(shown=("airstrikes", "hash_sharing", "counter_speech"), cause="hash_sharing")}


def pressures_chart(*, view: DeclineView):
    """Official output and the chosen pressures on one timeline, each as cited points; the window shaded.

    One layered chart of horizontal strips (cheap to draw and to redraw): each strip has its own scale from zero and
    every point carries its value, so no y axis is needed.
    """
    layers = _from_top(_stack(view))
    x_scale = alt.Scale(domain=list(_DOMAIN))
    x_axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, title=None, grid=True)
    # y counts units down from the top of the chart, on a scale that does not depend on how many strips are shown:
    # ticking a pressure then changes only the data and the chart's height, which the browser redraws in place
    y_scale = alt.Scale(domain=[0, 1], range=[0, _PX_PER_UNIT], nice=False, zero=False)
    band = pd.DataFrame({"period_start": [view.window_start], "period_end": [view.window_end], "y": [layers["height"]],
                         "y2": [0.0]})
    parts = [
        alt.Chart(band).mark_rect(color="#dddddd", opacity=0.6).encode(
            x=alt.X("period_start:T", scale=x_scale, axis=x_axis), x2="period_end:T",
            y=alt.Y("y:Q", scale=y_scale, axis=None), y2="y2:Q"),
        alt.Chart(layers["floors"]).mark_rule(color="#999999", strokeWidth=1).encode(
            x=alt.X("x:T", scale=x_scale), x2="x2:T", y=alt.Y("y:Q", scale=y_scale, axis=None)),
        alt.Chart(layers["titles"]).mark_text(align="left", baseline="top", dx=4, fontSize=12, fontWeight="bold").encode(
            x=alt.X("x:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale, axis=None), text="text:N"),
    ]
    if len(layers["figures"]):
        figures = layers["figures"]
        domain = [k for k in _OUTPUT_COLOURS if k in set(figures["series"])] + [_PRESSURE_SERIES]
        colour = alt.Color("series:N", title="counted by", legend=alt.Legend(orient="bottom", columns=2, labelLimit=300),
                           scale=alt.Scale(domain=domain, range=[_OUTPUT_COLOURS.get(d, _PRESSURE_COLOUR) for d in domain]))
        opacity = alt.Opacity("verification:N", scale=alt.Scale(domain=["V1", "V2", "U"], range=[1.0, 1.0, 0.4]), legend=None)
        y = alt.Y("y:Q", scale=y_scale, axis=None)
        parts += [
            alt.Chart(figures).mark_rule(strokeWidth=2, clip=True).encode(
                x=alt.X("period_start:T", scale=x_scale), x2="period_end:T", y=y, color=colour, opacity=opacity),
            alt.Chart(figures).mark_point(size=90, filled=True, clip=True).encode(
                x=alt.X("period_end:T", scale=x_scale), y=y, color=colour, opacity=opacity, tooltip=_tooltip(),
                shape=alt.Shape("bound:N", title="bound", legend=alt.Legend(labelExpr="replace(datum.label, '_', ' ')"), scale=alt.Scale(
                    domain=list(_BOUND_SHAPES), range=list(_BOUND_SHAPES.values())))),
        ]
    # always a layer (empty when no event is ticked), so ticking an event keeps the chart's structure
    # aria=False: an empty layer would otherwise be an unlabelled graphic for screen readers (the chart's own
    # description and caption name the ticked events)
    parts.append(alt.Chart(layers["events"]).mark_rule(strokeWidth=3, color=charts.PALETTE[3], aria=False).encode(
        x=alt.X("period_start:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale, axis=None), y2="y2:Q",
        tooltip=[alt.Tooltip("series:N", title="event"), alt.Tooltip("period_start:T", title="date"),
                 "source_id:N", "note:N"]))
    if len(layers["labels"]):
        parts.append(alt.Chart(layers["labels"]).mark_text(align="left", baseline="middle", dx=8, fontSize=11,
                                                           color="#222222").encode(
            x=alt.X("x:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale, axis=None), text="text:N"))
    chart = alt.layer(*parts, width=560, height=int(_PX_PER_UNIT * layers["height"]))  # one copy less than .properties
    shown = ", ".join(SHORT[k] for k in view.shown)
    off = int((view.rows["period_end"] > pd.Timestamp(_DOMAIN[1])).sum())
    description = (
        f"Shaded window: {WINDOWS[view.window]}. Official output fell by {view.output_change}. "
        + (f"Strips below show {shown}, each figure as a labelled point at the end of the period it covers, with a "
           "bar for that period, on its own scale from zero. " if shown else
           "No pressure is ticked, so only the output counts are drawn. ")
        + "Points are never joined, since no monthly series is public."
        + (f" {off} later figure(s) fall beyond 2018 and are not drawn." if off else "")
    )
    subtitle = ("Single cause tested: " + PRESSURES[view.cause] if view.cause != NO_CAUSE else "No single cause chosen") \
        + ". Each strip has its own scale from zero."
    return charts.finish(chart, title="The fall of official output and the pressures of the same years",
                         description=description, subtitle=subtitle)


#: Every chart builder of this lesson, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    output_points_chart: _example_output,
    pressures_chart: _example_view,
}
