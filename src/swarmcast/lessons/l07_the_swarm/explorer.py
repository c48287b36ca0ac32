"""Lesson 07 explorers: the swarm of aggregates (size distribution against the fragmentation probability) and hub
vs swarm robustness.

Why: trend three and the move from one organisation to a swarm (T3, T0) are taught with the coalescence-
fragmentation model of online aggregates. Students move the fragmentation probability (how often platforms shut
an aggregate down) on a log scale and see the size distribution change from a heavy-tailed swarm (the model's
analytic s^-5/2 law) to one super-aggregate below the threshold 1/(N ln N); and they compare how a hub-and-spoke
network and a swarm survive removals. Each explorer only binds its controls to a model call
(``swarmcast.models.aggregates.size_grid``, ``swarmcast.models.networks.compare_robustness``) and a chart builder
of ``charts.py``.

Sources: N.F. Johnson et al. (2016), *Science* 352:1459, and the model family it builds on (Eguiluz & Zimmermann
2000; Ruszczycki, Burnett, Zhao & Johnson 2009); A. Fisher (2015), *Perspectives on Terrorism* 9(3). The 2016
supplementary materials were not read: the model is the reconstructed family (``swarmcast.models.aggregates``).
Every output here is simulated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._validate import check_int, check_seed
from ...explorer import Explorer
from ...models import aggregates as ag
from ...models import networks as nw
from ...params import control
from .charts import AGGREGATES_SOURCE, MEASURES, NETWORKS_SOURCE, robustness_chart, size_chart

__all__ = ["size_explorer", "robustness_explorer"]


def _fmt_prob(p: float) -> str:
    return f"{p:.6f}".rstrip("0").rstrip(".")


def _describe(grid: ag.SizeGrid, p: float) -> str:
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


def size_explorer(*, n_supporters: int = 1_000, runs: int | None = None, burn_in_steps: int = 60_000, seed: int = 1):
    """A log-scale slider of fragmentation probabilities; the size distribution and the super-aggregate threshold.

    Why: students find the s^-5/2 swarm at high fragmentation and one super-aggregate below 1/(N ln N).
    Source: ``swarmcast.models.aggregates``. All runs are precomputed when the explorer is built (N = 1,000 by
    default, ``runs`` runs of ``burn_in_steps`` events per probability, about 0.4 s), so a slider move only redraws.
    ``runs`` defaults to :func:`swarmcast.models.aggregates.default_runs`: 8, or 3 where numba is not installed (in the browser the 8 runs
    would take 10 s or more); the explorer then says so.
    """
    import ipywidgets as w

    lowered = None
    if runs is None:
        runs = ag.default_runs()
        if runs < ag.DEFAULT_RUNS:
            lowered = (
                f"Note: this explorer pools {runs} runs instead of {ag.DEFAULT_RUNS}, because numba is not installed here "
                f"(as in the browser) and the model runs 25 to 50 times slower without it. Fitted exponents are noisier "
                f"than in the lesson's text; the runs themselves are the same as with numba for the same seeds."
            )
            print(lowered)
    grid = ag.size_grid(n_supporters=n_supporters, runs=runs, burn_in_steps=burn_in_steps, seed=seed)
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
        table = ag.size_table(sizes=grid.sizes[frag_prob], runs=grid.runs, n_supporters=grid.n_supporters, alpha=None if fit is None else fit.alpha)
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



def robustness_explorer(*, n_nodes: int = 1_000, seed: int = 3):
    """A slider for the number of hubs (content sources) and a choice of measure; the four robustness curves.

    Why: students see that a centralised apparatus hangs on a few accounts, and a swarm does not, whatever the
    number of hubs. Source: ``swarmcast.models.networks`` (stylised). A new number of hubs builds both networks and
    the four curves (about 15 ms for 1,000 accounts); runs are kept, so switching the measure only redraws.
    """
    import ipywidgets as w

    n = check_int("n_nodes", n_nodes, low=100, high=5_000)
    seed = check_seed(seed)
    style = {"description_width": "initial"}
    hubs = control(nw.HubNetworkParams, "n_hubs", width="30em")
    measure = w.Dropdown(options=[(label, key) for key, label in MEASURES.items()], value="reach_share", description="measure", style=style)

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
