"""Lesson 01 chart builder: the two removal curves of a hub-and-spoke network, with the student's scenario.

Why: a network whose content leaves through a few hubs shrugs off the loss of ordinary accounts and falls apart when
its hubs go; the chart shows both curves and where the student's scenario sits. ``CHART_EXAMPLES`` gives the
builder example arguments (the tests build every chart from it).
Sources: ``swarmcast.models.networks`` (after Albert, Jeong & Barabási 2000, Nature 406:378-382). Simulated.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ..._validate import check_choice
from ...models.networks import CURVE_LABELS, ApparatusState, removal_curves, remove_accounts

__all__ = ["MEASURES", "removal_chart", "CHART_EXAMPLES"]

#: What the chart can show: column -> label.
MEASURES: dict[str, str] = {
    "reach_share": "reach of official content (share of all accounts)",
    "largest_component_share": "largest connected group (share of all accounts)",
}


def _example() -> dict:
    state = remove_accounts(hubs_removed=3, random_share=0.1, n_nodes=200, n_hubs=5, seed=1)
    return {"curves": removal_curves(n_nodes=200, n_hubs=5, seed=1), "state": state, "measure": "reach_share"}


def removal_chart(*, curves: pd.DataFrame, state: ApparatusState, measure: str = "reach_share"):
    """The two removal curves of a hub network, and the student's scenario as a marked point (simulated)."""
    check_choice("measure", measure, MEASURES)
    top = int(curves["n_removed"].max())
    axis_values = [v for v in (0, 1, 3, 10, 30, 100, 300, 1000, 3000) if v <= top]
    x = alt.X("n_removed:Q", title="accounts removed (uneven scale: the first few are spread out)",
              scale=alt.Scale(type="symlog", domain=[0, top]), axis=alt.Axis(values=axis_values, format="d"))
    # One structure for every measure and scenario, so the browser redraws in place (swaps data, axis title and
    # alt text) instead of rebuilding the chart: the chosen measure's column is drawn as "share" and named in a
    # "measure" column (a tooltip's title cannot change with the data; its rows can), x and y are shared by every
    # layer, and the scenario's label is drawn by a left- or a right-aligned text layer, the other one empty
    # (aria=False: the description states the scenario).
    y = alt.Y("share:Q", title=MEASURES[measure], scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    named = MEASURES[measure].split(" (")[0]
    tips = [alt.Tooltip("measure:N", title="measure"), alt.Tooltip("share:Q", title="value", format=".1%")]
    lines = alt.Chart(curves[["removal", "n_removed", measure]].rename(columns={measure: "share"}).assign(measure=named)
                      ).mark_line().encode(
        color=alt.Color("removal:N", title="curve: accounts", legend=alt.Legend(labelLimit=300), scale=alt.Scale(
            domain=list(CURVE_LABELS.values()), range=[charts.PALETTE[5], charts.PALETTE[0]])),
        tooltip=["removal:N", "n_removed:Q", *tips],
    )
    value = getattr(state, measure)
    point = pd.DataFrame({"n_removed": [state.n_removed], "share": [value], "measure": [named],
                          "scenario": [f"your scenario: {state.hubs_removed} hubs + {state.random_share:.0%} at random"]})
    marker = alt.Chart(point).mark_point(size=220, filled=True, shape="diamond", color="#222222").encode(
        tooltip=["scenario:N", "n_removed:Q", *tips])
    right = state.n_removed > 30  # keep the label inside the plot
    # the labels' rows differ from the marker's (a "label" column), so each layer keeps a dataset of its own
    label = pd.DataFrame({"n_removed": point["n_removed"], "share": point["share"], "label": point["scenario"]})
    labels = [alt.Chart(label if side == right else label.iloc[:0]).mark_text(
        align="right" if side else "left", dx=-10 if side else 10, dy=-12, fontSize=12, aria=False).encode(text="label:N")
        for side in (False, True)]
    description = (
        f"Simulated hub network of {state.n_nodes:,} accounts with {state.n_hubs} hubs. The orange curve removes the "
        f"best-connected accounts first, the blue curve removes accounts at random. Your scenario removes "
        f"{state.n_removed} accounts ({state.hubs_removed} hubs first, then {state.random_share:.0%} at random): "
        f"{named} is {value:.0%}."
    )
    return charts.finish(alt.layer(lines, marker, *labels, height=300).encode(x=x, y=y),
                         title="What removing accounts does to a hub-and-spoke network", description=description)


#: Every chart builder of this lesson, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    removal_chart: _example,
}
