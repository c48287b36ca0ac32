"""Lesson 07 explorers and charts: the swarm of aggregates, which aggregates to target, hub vs swarm robustness.

Why: trend three and the move from one organisation to a swarm (T3, T0) are taught with the coalescence-
fragmentation model of online aggregates. Students move the fragmentation probability (how often platforms shut
an aggregate down) on a log scale and see the size distribution change from a heavy-tailed swarm (the model's
analytic s^-5/2 law) to one super-aggregate below the threshold 1/(N ln N); they compare banning the largest
aggregates with banning small ones; and they compare how a hub-and-spoke network and a swarm survive removals.

Sources: N.F. Johnson et al. (2016), "New online ecology of adversarial aggregates: ISIS and beyond", *Science*
352:1459, and the model family it builds on (Eguiluz & Zimmermann 2000; Ruszczycki, Burnett, Zhao & Johnson
2009); A. Fisher (2015), "Swarmcast: How Jihadist Networks Maintain a Persistent Online Presence", *Perspectives on
Terrorism* 9(3). The 2016 supplementary materials were not read: the model is the reconstructed family
(``swarmcast.models.aggregates``). Every output here is simulated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ..._validate import check_int, check_number, check_seed
from ...explorer import Explorer

__all__ = [
    "FRAG_PROBS",
    "AGGREGATES_SOURCE",
    "SizeGrid",
    "size_grid",
    "size_table",
    "size_chart",
    "size_explorer",
    "default_runs",
    "DEFAULT_RUNS",
    "DEFAULT_RUNS_WITHOUT_NUMBA",
    "policy_summary",
    "policy_chart",
    "NETWORKS_SOURCE",
    "robustness_chart",
    "robustness_explorer",
]

#: The fragmentation probabilities offered by the explorer's slider (log-spaced, from well below the
#: super-aggregate threshold for N = 1,000, about 1.4e-4, to well above it).
FRAG_PROBS = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
#: Sizes from this one up are used to fit the exponent (below s = 5 the model's exact distribution is steeper).
S_MIN = 5
AGGREGATES_SOURCE = (
    "Simulated with the coalescence-fragmentation model family that Johnson et al. (2016), Science, build on "
    "(swarmcast.models.aggregates, a reconstruction: the 2016 supplementary materials were not read)."
)


def _fmt_prob(p: float) -> str:
    return f"{p:.6f}".rstrip("0").rstrip(".")


# ------------------------------------------------------------------------------------------------
# The size distribution, precomputed on a grid of fragmentation probabilities
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SizeGrid:
    """Pooled final aggregate sizes of ``runs`` independent runs for each fragmentation probability.

    ``sizes[p]`` is the pooled array for probability ``p``; ``fits[p]`` the power-law fit of its tail
    (sizes >= ``s_min``) or None when fewer than 10 aggregates are that large; ``largest_share[p]`` the mean share
    of supporters in each run's largest aggregate; ``threshold`` is 1 / (N ln N).
    """

    n_supporters: int
    runs: int
    burn_in_steps: int
    seed: int
    s_min: int
    frag_probs: tuple
    sizes: dict
    fits: dict
    largest_share: dict
    threshold: float
    simulated: bool = True


def size_grid(*, n_supporters: int = 1_000, frag_probs=FRAG_PROBS, runs: int = 8, burn_in_steps: int = 60_000, seed: int) -> SizeGrid:
    """Run the aggregate model ``runs`` times for each fragmentation probability and pool the final sizes.

    Why: the explorer shows these precomputed runs, so a slider move only redraws (no model run). Pooling runs
    gives enough aggregates to fit the exponent. Source: ``swarmcast.models.aggregates`` (Johnson et al. 2016 and
    the model family they build on). Run r uses seed ``seed + r``, the same for every probability.
    """
    from ...models import aggregates as ag

    n = check_int("n_supporters", n_supporters, low=100, high=20_000)
    runs = check_int("runs", runs, low=1, high=50)
    burn = check_int("burn_in_steps", burn_in_steps, low=1_000, high=5_000_000)
    seed = check_seed(seed)
    try:
        probs = tuple(check_number("frag_probs", p, low=0, high=1, low_open=True) for p in frag_probs)
    except TypeError:
        raise ValueError(f"frag_probs must be a sequence of probabilities in (0, 1]; got {frag_probs!r}") from None
    if not 2 <= len(probs) <= 20 or len(set(probs)) != len(probs):
        raise ValueError(f"frag_probs must list 2 to 20 different probabilities; got {frag_probs!r}")
    if runs * burn * len(probs) > 20_000_000:
        raise ValueError(
            f"runs x burn_in_steps x len(frag_probs) must stay under 20,000,000 events; got {runs * burn * len(probs):,}"
        )
    sizes, fits, largest = {}, {}, {}
    for p in probs:
        finals = [
            ag.simulate_aggregates(n_supporters=n, frag_prob=p, steps=1, burn_in_steps=burn - 1, seed=seed + r).sizes
            for r in range(runs)
        ]
        pooled = np.sort(np.concatenate(finals))[::-1]
        sizes[p] = pooled
        largest[p] = float(np.mean([f[0] for f in finals])) / n
        fits[p] = ag.fit_power_law(sizes=pooled, s_min=S_MIN) if np.count_nonzero(pooled >= S_MIN) >= 10 else None
    return SizeGrid(
        n_supporters=n, runs=runs, burn_in_steps=burn, seed=seed, s_min=S_MIN, frag_probs=probs, sizes=sizes,
        fits=fits, largest_share=largest, threshold=ag.super_aggregate_threshold(n_supporters=n),
    )  # fmt: skip


def size_table(*, sizes, runs: int, n_supporters: int, alpha: float | None, s_min: int = S_MIN) -> pd.DataFrame:
    """Log-binned size distribution (aggregates per run per unit of size) and the fitted and s^-5/2 lines.

    Why: on log-log axes a power law is a straight line; binning by powers of two keeps the sparse tail readable.
    Source: the pooled runs of :func:`size_grid`; the 5/2 line is the model family's analytic exponent.
    ``series`` is "simulated aggregates", "fitted exponent" or "s^-5/2 (analytic)". Both lines are scaled to
    the number of aggregates of size >= ``s_min`` per run.
    """
    from scipy import special

    arr = np.asarray(sizes, dtype=np.int64)
    runs = check_int("runs", runs, low=1)
    n = check_int("n_supporters", n_supporters, low=2)
    top = int(math.ceil(math.log2(n))) + 1
    edges = 2 ** np.arange(top + 1)  # bins [1,2), [2,4), [4,8), ...
    counts, _ = np.histogram(arr, bins=edges)
    widths = np.diff(edges)
    keep = counts > 0
    lo, hi = edges[:-1][keep], edges[1:][keep] - 1
    rows = pd.DataFrame(
        {
            "size": np.sqrt(lo * hi),
            "per_run": counts[keep] / widths[keep] / runs,
            "series": "simulated aggregates",
            "bin": [f"{a:,}" if a == b else f"{a:,} to {b:,}" for a, b in zip(lo, hi)],
            "aggregates": counts[keep],
        }
    )
    n_tail = np.count_nonzero(arr >= s_min) / runs
    lines = []
    grid = np.unique(np.round(np.geomspace(s_min, n, 25)))
    exponents = [("s^-5/2 (analytic)", 2.5)] + ([("fitted exponent", float(alpha))] if alpha is not None else [])
    if n_tail > 0 and alpha is not None:  # with no fit (one super-aggregate) a line would mislead
        for label, a in exponents:
            lines.append(pd.DataFrame({"size": grid, "per_run": n_tail * grid ** (-a) / special.zeta(a, s_min), "series": label, "bin": "", "aggregates": 0}))
    table = pd.concat([rows, *lines], ignore_index=True)
    table.attrs["simulated"] = True
    return table


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


def _describe(grid: SizeGrid, p: float) -> str:
    fit = grid.fits[p]
    share = grid.largest_share[p]
    side = "below" if p < grid.threshold else "above"
    text = (
        f"Fragmentation probability {_fmt_prob(p)}, {side} the threshold 1/(N ln N) = {grid.threshold:.2e} for "
        f"N = {grid.n_supporters:,}. The largest aggregate holds {share:.0%} of supporters on average. "
    )
    if fit is None:
        text += "Too few aggregates reach size 5 to fit an exponent: nearly everyone is in one super-aggregate."
    else:
        text += (
            f"Fitted exponent {fit.alpha:.2f} (standard error {fit.alpha_se:.2f}, from {fit.n_tail} aggregates of "
            f"size {grid.s_min} or more); the model family's analytic value is 2.5."
        )
    return text


#: Runs pooled by default by :func:`size_explorer`: with numba, and without it (JupyterLite, a lean install),
#: where the model gives the same numbers for the same seed but runs 25 to 50 times slower.
DEFAULT_RUNS = 8
DEFAULT_RUNS_WITHOUT_NUMBA = 3


def default_runs() -> int:
    """Runs the size explorer pools by default: fewer when the aggregate model runs without numba."""
    from ...models import aggregates as ag

    return DEFAULT_RUNS if ag.numba_enabled() else DEFAULT_RUNS_WITHOUT_NUMBA


def size_explorer(*, n_supporters: int = 1_000, runs: int | None = None, burn_in_steps: int = 60_000, seed: int = 1):
    """A log-scale slider of fragmentation probabilities; the size distribution and the super-aggregate threshold.

    Why: students find the s^-5/2 swarm at high fragmentation and one super-aggregate below 1/(N ln N).
    Source: ``swarmcast.models.aggregates``. All runs are precomputed when the explorer is built (N = 1,000 by
    default, ``runs`` runs of ``burn_in_steps`` events per probability, about 0.4 s), so a slider move only redraws.
    ``runs`` defaults to :func:`default_runs`: 8, or 3 where numba is not installed (in the browser the 8 runs
    would take 10 s or more); the explorer then says so.
    """
    import ipywidgets as w

    lowered = None
    if runs is None:
        runs = default_runs()
        if runs < DEFAULT_RUNS:
            lowered = (
                f"Note: this explorer pools {runs} runs instead of {DEFAULT_RUNS}, because numba is not installed here "
                f"(as in the browser) and the model runs 25 to 50 times slower without it. Fitted exponents are noisier "
                f"than in the lesson's text; the runs themselves are the same as with numba for the same seeds."
            )
            print(lowered)
    grid = size_grid(n_supporters=n_supporters, runs=runs, burn_in_steps=burn_in_steps, seed=seed)
    phase = pd.DataFrame({"frag_prob": list(grid.frag_probs), "largest_share": [grid.largest_share[p] for p in grid.frag_probs]})
    default = 1e-2 if 1e-2 in grid.frag_probs else grid.frag_probs[len(grid.frag_probs) // 2]
    slider = w.SelectionSlider(
        options=[(_fmt_prob(p), p) for p in grid.frag_probs],
        value=default,
        description="fragmentation probability (log steps)",
        style={"description_width": "initial"},
        layout=w.Layout(width="46em"),
    )

    def compute(frag_prob):
        fit = grid.fits[frag_prob]
        table = size_table(sizes=grid.sizes[frag_prob], runs=grid.runs, n_supporters=grid.n_supporters, alpha=None if fit is None else fit.alpha)
        return {"frag_prob": frag_prob, "table": table, "fit": fit, "largest_share": grid.largest_share[frag_prob]}

    def render(result, values):
        p = result["frag_prob"]
        return size_chart(
            table=result["table"], phase=phase, frag_prob=p, threshold=grid.threshold,
            description="Left: simulated aggregate sizes on log-log axes, with the fitted power law and the analytic "
            "s^-5/2 line. Right: share of supporters in the largest aggregate at each fragmentation probability; the "
            "dashed line is the threshold and the diamond the current setting. " + _describe(grid, p),
            subtitle=f"N = {grid.n_supporters:,} supporters, {grid.runs} runs of {grid.burn_in_steps:,} events pooled, seeds {grid.seed} to {grid.seed + grid.runs - 1}",
        )  # fmt: skip

    def summarise(result, values):
        return _describe(grid, result["frag_prob"])

    explorer = Explorer(
        controls={"frag_prob": slider},
        compute=compute,
        render=render,
        summarise=summarise,
        sources=[AGGREGATES_SOURCE],
        simulated=True,
        instructions=(
            "Drag the slider: each step multiplies or divides the chance that a picked aggregate is shut down by about 3. "
            "Watch where the points leave the straight lines, and when the diamond jumps to the top."
            + (" " + lowered if lowered else "")
        ),
    )
    explorer.grid = grid
    return explorer


# ------------------------------------------------------------------------------------------------
# The policy experiment: ban the largest aggregates or the small ones?
# ------------------------------------------------------------------------------------------------

_POLICY_LABELS = {"none": "no bans", "largest": "ban the largest", "small": "ban small ones (seeds)"}
_YARDSTICKS = {
    "n_large": "large aggregates at a time (mean)",
    "largest_size": "size of the largest (mean)",
    "supporters_scattered": "supporters scattered by bans (total)",
}


def policy_summary(experiment: pd.DataFrame) -> pd.DataFrame:
    """One row per policy: mean number of large aggregates, mean size of the largest, supporters scattered, bans.

    Why: the policy experiment has several yardsticks, and which policy "wins" depends on the one chosen.
    Source: ``swarmcast.models.aggregates.intervention_experiment`` (simulated).
    """
    needed = {"policy", "n_large", "largest_size", "supporters_scattered", "removals"}
    if not isinstance(experiment, pd.DataFrame) or not needed <= set(experiment.columns):
        raise ValueError(f"experiment must be the DataFrame returned by intervention_experiment (columns {sorted(needed)})")
    by = experiment.groupby("policy", observed=True)
    out = pd.DataFrame(
        {
            "n_large": by["n_large"].mean(),
            "largest_size": by["largest_size"].mean(),
            "supporters_scattered": by["supporters_scattered"].last(),
            "removals": by["removals"].last(),
        }
    )
    out.index = [_POLICY_LABELS.get(str(p), str(p)) for p in out.index]
    out.index.name = "policy"
    out.attrs["simulated"] = True
    return out


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


def policy_chart(*, experiment: pd.DataFrame, large_size: int):
    """Three panels, one per yardstick, comparing no bans, banning the largest and banning small aggregates.

    Why: lesson 07 asks which aggregates a platform should target (Johnson et al. 2016; 2019) and shows the
    trade-off honestly. Source: simulated runs of ``intervention_experiment``.
    """
    summary = policy_summary(experiment).reset_index()
    order = list(_POLICY_LABELS.values())
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
_MEASURES = {"reach_share": "share of nodes content still reaches", "largest_component_share": "share of nodes in the largest connected group"}
NETWORKS_SOURCE = (
    "Simulated with the course's stylised hub and swarm networks (swarmcast.models.networks), after Albert, Jeong & "
    "Barabasi (2000), Nature, and Fisher (2015), Perspectives on Terrorism."
)


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
    if measure not in _MEASURES:
        raise ValueError(f"measure must be one of {', '.join(map(repr, _MEASURES))}; got {measure!r}")
    plot = curves[["network", "strategy", "fraction_removed", measure]].rename(columns={measure: "share"})
    plot = plot.assign(network=plot["network"].map(_NETWORK_LABELS), removal=plot["strategy"].map(_STRATEGY_LABELS))
    nets, strats = list(_NETWORK_LABELS.values()), list(_STRATEGY_LABELS.values())
    chart = alt.Chart(plot).mark_line(point=alt.OverlayMarkDef(size=25)).encode(
        x=alt.X("fraction_removed:Q", title="share of accounts removed", axis=alt.Axis(format="%")),
        y=alt.Y("share:Q", title=_MEASURES[measure], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
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
        f"{_MEASURES[measure].capitalize()} as accounts are removed, for a hub-and-spoke and a swarm network with the "
        f"same numbers of accounts and links. With best-connected accounts removed first, {collapse}. After removing "
        f"{last:.0%} ({parts}). Points are {first_step:.0%} of accounts apart."
    )
    return charts.finish(chart, title="Hub or swarm: what survives removal? (simulated)", description=description, subtitle=subtitle)


def robustness_explorer(*, n_nodes: int = 1_000, seed: int = 3):
    """A slider for the number of hubs (content sources) and a choice of measure; the four robustness curves.

    Why: students see that a centralised apparatus hangs on a few accounts, and a swarm does not, whatever the
    number of hubs. Source: ``swarmcast.models.networks`` (stylised). A new number of hubs builds both networks and
    the four curves (about 15 ms for 1,000 accounts); runs are kept, so switching the measure only redraws.
    """
    import ipywidgets as w

    from ...models import networks as nw

    n = check_int("n_nodes", n_nodes, low=100, high=5_000)
    seed = check_seed(seed)
    style = {"description_width": "initial"}
    hubs = w.IntSlider(value=10, min=2, max=40, step=1, description="hubs (content sources)", style=style, layout=w.Layout(width="30em"))
    measure = w.Dropdown(options=[(label, key) for key, label in _MEASURES.items()], value="reach_share", description="measure", style=style)

    cache: dict[int, pd.DataFrame] = {}

    def compute(n_hubs, measure):
        # Switching the measure redraws the same runs; only a new number of hubs builds new networks.
        if n_hubs not in cache:
            cache[n_hubs] = nw.compare_robustness(n_nodes=n, n_hubs=n_hubs, seed=seed)
        return cache[n_hubs]

    def render(curves, values):
        return robustness_chart(curves=curves, measure=values["measure"], subtitle=f"{n:,} accounts, {values['n_hubs']} hubs or sources, {curves.attrs['n_edges']:,} links each, seed {seed}")

    def summarise(curves, values):
        m = values["measure"]
        at = curves[np.isclose(curves["fraction_removed"], 0.05)].set_index(["network", "strategy"])[m]
        return (
            f"With {values['n_hubs']} hubs, removing the best-connected 5% of accounts leaves {at[('hub', 'targeted')]:.0%} "
            f"for the hub network and {at[('swarm', 'targeted')]:.0%} for the swarm; removing 5% at random leaves "
            f"{at[('hub', 'random')]:.0%} and {at[('swarm', 'random')]:.0%}."
        )

    return Explorer(
        controls={"n_hubs": hubs, "measure": measure},
        compute=compute,
        render=render,
        summarise=summarise,
        sources=[NETWORKS_SOURCE],
        simulated=True,
        instructions="Change the number of hubs; switch the measure. Compare the dashed lines (targeted removal) of the two networks.",
    )


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    size_chart: _example_size_chart,
    policy_chart: _example_policy,
    robustness_chart: _example_robustness,
}
