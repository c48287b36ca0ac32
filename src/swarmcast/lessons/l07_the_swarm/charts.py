"""Lesson 07 chart builders: the size distribution of aggregates, which aggregates to ban, hub vs swarm robustness.

Why: the charts of trend three, the move from one organisation to a swarm (T3, T0). Each builder is a plain
function of tables computed by the models (``swarmcast.models.aggregates`` and ``swarmcast.models.networks``);
``CHART_EXAMPLES`` gives each one example arguments (the tests build every chart from it).

Sources: N.F. Johnson et al. (2016), "New online ecology of adversarial aggregates: ISIS and beyond", *Science*
352:1459, and the model family it builds on; A. Fisher (2015), "Swarmcast: How Jihadist Networks Maintain a
Persistent Online Presence", *Perspectives on Terrorism* 9(3); Albert, Jeong & Barabasi (2000), *Nature*. Every
chart here shows simulated data.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ...models.aggregates import POLICY_LABELS, policy_summary, size_table

__all__ = ["AGGREGATES_SOURCE", "NETWORKS_SOURCE", "MEASURES", "size_chart", "policy_chart", "robustness_chart", "CHART_EXAMPLES"]

AGGREGATES_SOURCE = (
    "Simulated with the coalescence-fragmentation model family that Johnson et al. (2016), Science, build on "
    "(swarmcast.models.aggregates, a reconstruction: the 2016 supplementary materials were not read)."
)

NETWORKS_SOURCE = (
    "Simulated with the course's stylised hub and swarm networks (swarmcast.models.networks), after Albert, Jeong & "
    "Barabasi (2000), Nature, and Fisher (2015), Perspectives on Terrorism."
)


# ------------------------------------------------------------------------------------------------
# The size distribution and the super-aggregate threshold
# ------------------------------------------------------------------------------------------------


def _example_size_chart() -> dict:
    rng = np.random.default_rng(0)
    sizes = np.floor(rng.pareto(1.5, 2000) + 1).astype(int).clip(1, 1000)
    table = size_table(sizes=sizes, runs=1, n_supporters=1000, alpha=2.5)
    phase = pd.DataFrame({"frag_prob": [1e-4, 1e-3, 1e-2], "largest_share": [1.0, 0.5, 0.1]})
    return {"table": table, "phase": phase, "frag_prob": 1e-3, "threshold": 1.45e-4, "description": "An example distribution and phase curve."}


def size_chart(*, table: pd.DataFrame, phase: pd.DataFrame, frag_prob: float, threshold: float, description: str, subtitle: str | None = None):
    """Left: the aggregate size distribution on log-log axes with the fitted and 5/2 lines. Right: the share of
    supporters in the largest aggregate against the fragmentation probability, the threshold marked.

    Why: the two panels show the model's two predictions, the size law and the super-aggregate threshold.
    Source: simulated runs of ``swarmcast.models.aggregates``.
    """
    series_order = ["simulated aggregates", "fitted exponent", "s^-5/2 (analytic)"]
    colour = alt.Color("series:N", title=None, sort=series_order, scale=alt.Scale(domain=series_order, range=[charts.PALETTE[0], charts.PALETTE[5], "#555555"]))
    x = alt.X("size:Q", title="aggregate size s (supporters)", scale=alt.Scale(type="log", domain=[1, 2000]))
    y = alt.Y("per_run:Q", title="aggregates per run per unit of size", scale=alt.Scale(type="log", domain=[1e-7, 2e3]), axis=alt.Axis(format="~g", values=[1e-6, 1e-4, 1e-2, 1, 100]))
    points = alt.Chart(table[table["series"] == "simulated aggregates"]).mark_point(size=70, filled=True).encode(
        x=x, y=y, color=colour, tooltip=["bin:N", "aggregates:Q", alt.Tooltip("per_run:Q", format=".3g")]
    )
    fitted = alt.Chart(table[table["series"] == "fitted exponent"]).mark_line(clip=True).encode(x=x, y=y, color=colour)
    analytic = alt.Chart(table[table["series"] == "s^-5/2 (analytic)"]).mark_line(strokeDash=[6, 4], clip=True).encode(x=x, y=y, color=colour)
    left = alt.layer(points, fitted, analytic).properties(width=330, height=260, title="Size distribution")
    px = alt.X("frag_prob:Q", title="fragmentation probability (log scale)", scale=alt.Scale(type="log"),
               axis=alt.Axis(values=[1e-5, 1e-4, 1e-3, 1e-2, 1e-1], format=".0e"))
    py = alt.Y("largest_share:Q", title="share of supporters in the largest aggregate", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    curve = alt.Chart(phase).mark_line(point=True, color=charts.PALETTE[0]).encode(x=px, y=py, tooltip=[alt.Tooltip("frag_prob:Q", format=".0e"), alt.Tooltip("largest_share:Q", format=".0%")])
    here = alt.Chart(phase[np.isclose(phase["frag_prob"], frag_prob)]).mark_point(size=260, color=charts.PALETTE[5], filled=True, shape="diamond").encode(x=px, y=py)
    rule = alt.Chart(pd.DataFrame({"frag_prob": [threshold], "label": ["threshold 1/(N ln N)"]})).mark_rule(color="#444444", strokeDash=[5, 4]).encode(x="frag_prob:Q", tooltip=["label:N", alt.Tooltip("frag_prob:Q", format=".2e")])
    right = alt.layer(curve, rule, here).properties(width=250, height=260, title="Super-aggregate threshold")
    chart = alt.hconcat(left, right, spacing=30)
    return charts.finish(chart, title="How often aggregates are shut down shapes the swarm (simulated)", description=description, subtitle=subtitle)


# ------------------------------------------------------------------------------------------------
# The policy experiment: ban the largest aggregates or the small ones?
# ------------------------------------------------------------------------------------------------

def _example_policy() -> dict:
    frame = pd.DataFrame(
        {
            "policy": ["none", "largest", "small"] * 2,
            "step": [1, 1, 1, 2, 2, 2],
            "largest_size": [600, 180, 540, 620, 190, 550],
            "n_large": [2, 1, 1, 1, 2, 1],
            "removals": [0, 5, 5, 0, 10, 10],
            "supporters_scattered": [0, 900, 300, 0, 1800, 600],
        }
    )
    return {"experiment": frame, "large_size": 100}


#: The three yardsticks of the policy experiment: column -> axis title.
_YARDSTICKS = {
    "n_large": "large aggregates at a time (mean)",
    "largest_size": "size of the largest (mean)",
    "supporters_scattered": "supporters scattered by bans (total)",
}


def policy_chart(*, experiment: pd.DataFrame, large_size: int):
    """Three panels, one per yardstick, comparing no bans, banning the largest and banning small aggregates.

    Why: lesson 07 asks which aggregates a platform should target (Johnson et al. 2016; 2019) and shows the
    trade-off honestly. Source: simulated runs of ``intervention_experiment``.
    """
    summary = policy_summary(experiment).reset_index()
    order = list(POLICY_LABELS.values())
    panels = []
    for i, (column, label) in enumerate(_YARDSTICKS.items()):
        title = label.replace("large aggregates", f"large aggregates (size {large_size}+)")
        bars = alt.Chart(summary).mark_bar().encode(
            y=alt.Y("policy:N", sort=order, title=None, axis=alt.Axis(labels=i == 0, ticks=i == 0)),
            x=alt.X(f"{column}:Q", title=title),
            color=alt.Color("policy:N", sort=order, legend=None, scale=alt.Scale(domain=order, range=["#999999", charts.PALETTE[5], charts.PALETTE[0]])),
            tooltip=["policy:N", alt.Tooltip(f"{column}:Q", format=",.3~f")],
        )
        text = bars.mark_text(align="left", dx=3, color="#222222").encode(text=alt.Text(f"{column}:Q", format=",.3~r"), color=alt.value("#222222"))
        panels.append(alt.layer(bars, text).properties(width=165, height=90))
    s = summary.set_index("policy")
    parts = [
        f"{p[0].upper() + p[1:]}: {s.loc[p, 'n_large']:.2f} large aggregates on average, largest {s.loc[p, 'largest_size']:,.0f}, "
        f"{s.loc[p, 'supporters_scattered']:,.0f} supporters scattered"
        for p in order if p in s.index
    ]
    description = "The same simulated swarm under three policies with the same number of bans. " + ". ".join(parts) + "."
    return charts.finish(alt.hconcat(*panels, spacing=28), title="Which aggregates to ban? Three yardsticks (simulated)", description=description)


# ------------------------------------------------------------------------------------------------
# Hub vs swarm: robustness to random and targeted removal
# ------------------------------------------------------------------------------------------------

_NETWORK_LABELS = {"hub": "hub and spoke", "swarm": "swarm"}
_STRATEGY_LABELS = {"random": "random accounts removed", "targeted": "best-connected removed first"}
MEASURES = {"reach_share": "share of nodes content still reaches", "largest_component_share": "share of nodes in the largest connected group"}


def _example_robustness() -> dict:
    rows = []
    for net in ("hub", "swarm"):
        for strat in ("random", "targeted"):
            for f in (0.0, 0.1, 0.2):
                share = 1 - f * (5 if (net, strat) == ("hub", "targeted") else 1)
                rows.append({"network": net, "strategy": strat, "fraction_removed": f, "reach_share": max(share, 0.0), "largest_component_share": max(share, 0.0)})
    return {"curves": pd.DataFrame(rows), "measure": "reach_share"}


def robustness_chart(*, curves: pd.DataFrame, measure: str = "reach_share", subtitle: str | None = None):
    """Robustness curves: what is left of each network as accounts are removed at random or best-connected first.

    Why: Fisher's swarmcast argument, in the terms of Albert, Jeong & Barabasi (2000): a hub network survives
    random loss but collapses when its hubs go; a swarm degrades slowly either way. Source: simulated networks
    (``swarmcast.models.networks.compare_robustness``).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(map(repr, MEASURES))}; got {measure!r}")
    plot = curves[["network", "strategy", "fraction_removed", measure]].rename(columns={measure: "share"})
    plot = plot.assign(network=plot["network"].map(_NETWORK_LABELS), removal=plot["strategy"].map(_STRATEGY_LABELS))
    nets, strats = list(_NETWORK_LABELS.values()), list(_STRATEGY_LABELS.values())
    chart = alt.Chart(plot).mark_line(point=alt.OverlayMarkDef(size=25)).encode(
        x=alt.X("fraction_removed:Q", title="share of accounts removed", axis=alt.Axis(format="%")),
        y=alt.Y("share:Q", title=MEASURES[measure], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("network:N", title="network", sort=nets, scale=alt.Scale(domain=nets, range=[charts.PALETTE[5], charts.PALETTE[0]])),
        strokeDash=alt.StrokeDash("removal:N", title="removal", sort=strats, scale=alt.Scale(domain=strats, range=[[1, 0], [6, 3]]), legend=alt.Legend(labelLimit=260, symbolStrokeWidth=2.5)),
        tooltip=["network:N", "removal:N", alt.Tooltip("fraction_removed:Q", format=".0%"), alt.Tooltip("share:Q", format=".0%")],
    ).properties(width=460, height=280)
    last = plot["fraction_removed"].max()
    end = plot[plot["fraction_removed"] == last].set_index(["network", "removal"])["share"]
    first_step = plot[plot["fraction_removed"] > 0]["fraction_removed"].min()
    hub_t = plot[(plot["network"] == nets[0]) & (plot["removal"] == strats[1])]
    gone = hub_t[hub_t["share"] < 0.05]["fraction_removed"]
    collapse = f"the hub network falls below 5% once {gone.min():.0%} of accounts are removed" if len(gone) else "the hub network never falls below 5%"
    parts = "; ".join(f"{n}, {r}: {end.get((n, r), float('nan')):.0%}" for n in nets for r in strats)
    description = (
        f"{MEASURES[measure].capitalize()} as accounts are removed, for a hub-and-spoke and a swarm network with the "
        f"same numbers of accounts and links. With best-connected accounts removed first, {collapse}. After removing "
        f"{last:.0%} ({parts}). Points are {first_step:.0%} of accounts apart."
    )
    return charts.finish(chart, title="Hub or swarm: what survives removal? (simulated)", description=description, subtitle=subtitle)


#: Every chart builder of this lesson, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    size_chart: _example_size_chart,
    policy_chart: _example_policy,
    robustness_chart: _example_robustness,
}
