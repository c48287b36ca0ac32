"""The dataset tour (lesson 00): pick a measure of one dataset and see every cited row behind it.

Why: before any analysis, students learn to ask of a number where it comes from, how well it is
verified and whether it is exact or a bound. The chart marks each row's verification level by colour
and its bound by shape; the tooltip carries the source.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts, data
from ..._validate import check_choice
from ...explorer import Explorer

__all__ = ["measure_chart", "dataset_tour"]

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
    chart = alt.Chart(plot).mark_point(size=120, filled=True).encode(**encoding)
    values = ", ".join(f"{v:,.0f}" if v >= 100 else f"{v:g}" for v in rows["value"].dropna())
    shown = charts.label(measure)
    if len(rows):
        description = (
            f"{len(rows)} cited rows of '{shown}' from the dataset {dataset_title}: {values} {unit}. "
            "Colour shows each row's verification level; shape shows whether the figure is exact or a bound."
        )
    else:
        # an empty plot says nothing: the chart itself says why it is empty
        description = (f"No point to show: no row of '{shown}' in the dataset {dataset_title} passes the filter "
                       "(with 'primary sources only', every figure for it is second-hand).")
        note = "\n".join([f"No row of '{shown}' is verified in a primary source (V1).",
                          "Every figure for it is second-hand (V2) or unverified (U):",
                          "untick 'primary sources only' to see them."])
        message = (
            alt.Chart(pd.DataFrame({"note": [note]}))
            .mark_text(align="center", baseline="middle", fontSize=14, lineBreak="\n", lineHeight=20)
            .encode(text="note:N", x=alt.value(260), y=alt.value(150), color=alt.value("#444444"), tooltip=alt.value(None))
        )
        # the axes keep their titles and unit; the message sits where the points would be
        chart = alt.layer(alt.Chart().mark_point(size=120, filled=True), message, data=plot).encode(**encoding)
    return charts.finish(chart, title=f"{dataset_title}: {shown}", description=description)


def dataset_tour(name: str = "twitter_transparency"):
    """An explorer over one dataset: a dropdown of its measures, the rows behind the chosen one."""
    import ipywidgets as w

    check_choice("name", name, data.names())
    frame = data.load(name)
    numeric = frame.dropna(subset=["value"])
    measures = sorted(numeric["measure"].astype(str).unique(), key=lambda m: -int((numeric["measure"] == m).sum()))
    title = frame.attrs.get("title", name)
    # the student reads words, the code keeps the measure's name; the dropdown is wide enough for the longest
    dropdown = w.Dropdown(options=[(charts.label(m), m) for m in measures], value=measures[0], description="measure",
                          layout=w.Layout(width="auto", min_width="26em"))
    only_v1 = w.Checkbox(value=False, description="primary sources only (V1)", indent=False)

    def compute(measure, primary_only):
        rows = numeric[numeric["measure"] == measure]
        if primary_only:
            rows = rows[rows["verification"] == "V1"]
        return rows.sort_values("period_end")

    units = numeric.groupby(numeric["measure"].astype(str))["unit"].first().astype(str)

    def render(rows, values):
        return measure_chart(rows=rows, measure=values["measure"], dataset_title=title, unit=units[values["measure"]])

    def summarise(rows, values):
        if rows.empty:
            return f"No row of '{charts.label(values['measure'])}' is verified in a primary source (V1): every figure here is second-hand."
        levels = rows["verification"].astype(str).value_counts()
        mix = ", ".join(f"{n} {lvl}" for lvl, n in levels.items() if n)
        bounds = rows["bound"].astype(str).value_counts()
        return f"{len(rows)} rows ({mix}); bounds: " + ", ".join(f"{n} {b}" for b, n in bounds.items() if n) + "."

    sources = [data.cite(s) for s in sorted(frame["source_id"].astype(str).unique())]
    return Explorer(
        controls={"measure": dropdown, "primary_only": only_v1},
        compute=compute,
        render=render,
        summarise=summarise,
        sources=sources,
        instructions="Pick a measure. Hover over a point to see its period, bound and source.",
    )


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    measure_chart: _example,
}
