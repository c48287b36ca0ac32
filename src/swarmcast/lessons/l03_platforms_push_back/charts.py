"""Lesson 03's figures: the platforms' own numbers, drawn so that their windows and bounds stay visible.

Why: lesson 03 reads takedown counts and the shared hash database as a careful analyst would. Two counts add up
only if their windows do not overlap, and a floor (">200,000") is not a point; these figures keep both visible.
Sources: GIFCT, "Our Progress in 2022" (2022) and the other rows of the ``gifct_hashes`` table; Twitter's blog
posts of 2016 and Transparency Report 10 (2017) for the count windows. Lesson 03's data tour is lesson 00's
``dataset_tour``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts

__all__ = ["windows_chart", "gifct_growth_chart", "CHART_EXAMPLES"]


def _example_windows() -> dict:
    rows = pd.DataFrame(
        {
            "row_id": ["a", "b"],
            "value": [125000.0, 636248.0],
            "period_start": pd.to_datetime(["2015-07-01", "2015-08-01"]),
            "period_end": pd.to_datetime(["2016-02-05", "2016-12-31"]),
            "bound": ["at_least", "exact"],
            "source_id": ["twitter2016blog_feb", "twitter2017tr10"],
        }
    )
    return {"rows": rows}


def windows_chart(*, rows: pd.DataFrame):
    """Each count as a bar spanning the window it covers, labelled with its value, bound and source.

    Why: two counts can be added only if their windows do not overlap; drawn as bars, the overlap is obvious.
    Source: the rows passed in (lesson 03: Twitter's 2016 blog posts and Transparency Report 10).
    """
    needed = ("row_id", "value", "period_start", "period_end", "bound", "source_id")
    if not isinstance(rows, pd.DataFrame) or not set(needed) <= set(rows.columns):
        raise ValueError(f"rows must be a DataFrame with the columns {', '.join(needed)}")
    plot = rows[list(needed)].copy()
    plot["bound"] = plot["bound"].astype(str)
    plot["source_id"] = plot["source_id"].astype(str)
    plot["label"] = [
        f"{'over ' if b == 'at_least' else ''}{v:,.0f} ({s})" for v, b, s in zip(plot["value"], plot["bound"], plot["source_id"])
    ]
    plot["period_start"] = plot["period_start"].dt.strftime("%Y-%m-%d")
    plot["period_end"] = plot["period_end"].dt.strftime("%Y-%m-%d")
    y = alt.Y("row_id:N", title=None, sort=list(plot["row_id"]), axis=alt.Axis(labelLimit=320))
    bars = alt.Chart(plot).mark_bar(height=18).encode(
        x=alt.X("period_start:T", title="window the count covers", axis=alt.Axis(format="%b %Y", labelAngle=0)), x2="period_end:T", y=y,
        color=alt.Color("source_id:N", title="source"),
        tooltip=["row_id", "period_start", "period_end", "value", "bound", "source_id"],
    )
    text = alt.Chart(plot).mark_text(align="left", dx=4).encode(x="period_end:T", y=y, text="label:N")
    parts = "; ".join(f"{r.row_id}: {r.label}, {r.period_start} to {r.period_end}" for r in plot.itertuples())
    description = f"Each bar is one count drawn over the window it covers. {parts}."
    chart = (bars + text).properties(width=460, height=40 * len(plot) + 20)
    return charts.finish(chart, title="Which window does each count cover?", description=description)


def _example_growth() -> dict:
    rows = pd.DataFrame(
        {
            "measure": ["hashes_in_database", "hashes_in_database", "unique_items_in_database"],
            "value": [40000.0, 2100000.0, 370000.0],
            "period_end": pd.to_datetime(["2017-12-31", "2022-12-14", "2022-12-14"]),
            "bound": ["exact", "approx", "approx"],
            "source_id": ["gifct2018blog", "gifct2022progress", "gifct2022progress"],
        }
    )
    return {"rows": rows}


_BOUND_SHAPES = {"exact": "circle", "at_least": "triangle-up", "at_most": "triangle-down", "approx": "diamond"}


def gifct_growth_chart(*, rows: pd.DataFrame):
    """GIFCT's hash database over time on a log scale: colour = what is counted, shape = exact or a bound.

    Why: hashes and unique items are different counts (one item can have several hashes), and ">200,000" is a
    floor, not a point; the chart keeps both distinctions visible. Source: the ``gifct_hashes`` rows passed in.
    A count given for a whole period (such as "2019") is drawn at the middle of that period.
    """
    needed = ("measure", "value", "period_end", "bound", "source_id")
    if not isinstance(rows, pd.DataFrame) or not set(needed) <= set(rows.columns):
        raise ValueError(f"rows must be a DataFrame with the columns {', '.join(needed)}")
    plot = rows[list(needed)].copy()
    for col in ("measure", "bound", "source_id"):
        plot[col] = plot[col].astype(str)
    # a count given for a whole period (a year, a half-year) is drawn at the middle of it
    start = rows["period_start"] if "period_start" in rows.columns else rows["period_end"]
    plot["date"] = (start + (rows["period_end"] - start) / 2).dt.strftime("%Y-%m-%d")
    chart = alt.Chart(plot.drop(columns="period_end")).mark_point(size=140, filled=True).encode(
        x=alt.X("date:T", title="date of the count", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("value:Q", title="count (log scale)", scale=alt.Scale(type="log")),
        color=alt.Color("measure:N", title="what is counted"),
        shape=alt.Shape("bound:N", title="bound", scale=alt.Scale(domain=list(_BOUND_SHAPES), range=list(_BOUND_SHAPES.values()))),
        tooltip=["date", "measure", alt.Tooltip("value:Q", format=","), "bound", "source_id"],
    )
    parts = "; ".join(f"{r.date}: {r.value:,.0f} {r.measure.replace('_', ' ')} ({r.bound})" for r in plot.itertuples())
    description = f"Counts reported for the shared hash database, on a log scale. {parts}."
    return charts.finish(chart, title="The shared hash database grows", description=description)


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    windows_chart: _example_windows,
    gifct_growth_chart: _example_growth,
}
