"""Lesson 00 chart builder: every cited row of one measure, coloured by verification and shaped by bound.

Why: before any analysis, students learn to ask of a number where it comes from, how well it is verified and
whether it is exact or a bound; this chart shows all three for each row (the tooltip carries the source).
``CHART_EXAMPLES`` gives the builder example arguments (the tests build every chart from it).
Source: the data package's rows (``swarmcast.data``).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts

__all__ = ["measure_chart", "CHART_EXAMPLES"]

_BOUND_SHAPES = {"exact": "circle", "at_least": "triangle-up", "at_most": "triangle-down", "approx": "diamond"}


def _example() -> dict:
    frame = pd.DataFrame(
        {
            "period_end": pd.to_datetime(["2016-12-31", "2017-06-30"]),
            "value": [376890.0, 299649.0],
            "verification": pd.Categorical(["V2", "V2"], categories=["V1", "V2", "U"]),
            "bound": pd.Categorical(["exact", "exact"], categories=list(_BOUND_SHAPES)),
            "source_id": ["a", "b"],
            "unit": ["accounts", "accounts"],
            "period_start": pd.to_datetime(["2016-07-01", "2017-01-01"]),
            "note": ["", ""],
        }
    )
    return {"rows": frame, "measure": "suspensions", "dataset_title": "Example"}


def measure_chart(*, rows: pd.DataFrame, measure: str, dataset_title: str, unit: str | None = None):
    """Every row of one measure over time: colour = verification level, shape = bound."""
    unit = unit or (str(rows["unit"].iloc[0]) if len(rows) else "")
    plot = rows.assign(
        period_start=rows["period_start"].dt.strftime("%Y-%m-%d"),
        period_end_label=rows["period_end"].dt.strftime("%Y-%m-%d"),
        verification=rows["verification"].astype(str),
        bound=rows["bound"].astype(str),
    )[["period_start", "period_end", "period_end_label", "value", "unit", "verification", "bound", "source_id", "note"]]
    encoding = dict(
        x=alt.X("period_end:T", title="end of the period counted"),
        y=alt.Y("value:Q", title=f"{charts.label(measure)} ({unit})", scale=alt.Scale(zero=True)),
        color=alt.Color("verification:N", title="verification", scale=alt.Scale(domain=["V1", "V2", "U"], range=charts.PALETTE[:2] + [charts.PALETTE[5]])),
        shape=alt.Shape("bound:N", title="bound", legend=alt.Legend(labelExpr="replace(datum.label, '_', ' ')"), scale=alt.Scale(domain=list(_BOUND_SHAPES), range=list(_BOUND_SHAPES.values()))),
        # explicit types: an empty selection must not leave altair guessing (it warns on stderr)
        tooltip=[
            alt.Tooltip("period_start:N", title="from"),
            alt.Tooltip("period_end_label:N", title="to"),
            alt.Tooltip("value:Q", format=","),
            "unit:N", "bound:N", "verification:N", "source_id:N", "note:N",
        ],
    )
    values = ", ".join(f"{v:,.0f}" if v >= 100 else f"{v:g}" for v in rows["value"].dropna())
    shown = charts.label(measure)
    if len(rows):
        description = (
            f"{len(rows)} cited rows of '{shown}' from the dataset {dataset_title}: {values} {unit}. "
            "Colour shows each row's verification level; shape shows whether the figure is exact or a bound."
        )
        notes: list[str] = []
    else:
        # an empty plot says nothing: the chart itself says why it is empty
        description = (f"No point to show: no row of '{shown}' in the dataset {dataset_title} passes the filter "
                       "(with 'primary sources only', every figure for it is second-hand).")
        notes = ["\n".join([f"No row of '{shown}' is verified in a primary source (V1).",
                             "Every figure for it is second-hand (V2) or unverified (U):",
                             "untick 'primary sources only' to see them."])]
    # One structure whatever the filter (points, and a message layer with a row only when there is no point), so
    # ticking 'primary sources only' swaps data in the drawn chart instead of rebuilding it. aria=False: the
    # message repeats the chart's description, and an empty layer would be an unlabelled graphic.
    message = (
        alt.Chart(pd.DataFrame({"note": pd.Series(notes, dtype=object)}))
        .mark_text(align="center", baseline="middle", fontSize=14, lineBreak="\n", lineHeight=20, aria=False)
        .encode(text="note:N", x=alt.value(260), y=alt.value(150), color=alt.value("#444444"), tooltip=alt.value(None))
    )
    # the axes keep their titles and unit; the message sits where the points would be
    chart = alt.layer(alt.Chart().mark_point(size=120, filled=True), message, data=plot).encode(**encoding)
    return charts.finish(chart, title=f"{dataset_title}: {shown}", description=description)


#: Every chart builder of this lesson, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    measure_chart: _example,
}
