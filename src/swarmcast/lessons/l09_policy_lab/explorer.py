"""Lesson 09 explorer: spend a fixed budget on six policy levers and compare the outcome.

Why: lesson 09 asks students to allocate effort between faster detection, registration friction, coordinated
action days, targeting small aggregates, support for small platforms and exposing threats (the lab's counter-speech
lever: exposing and ridiculing empty threats in the press, not users reporting accounts), and to compare their
mix with no policy and with each lever alone at the same budget: reach, displacement and wrongful removals.
The sliders are the declarations of ``PolicyMix``; the runs are ``compare_policies``; the chart is this lesson's.
Source: the course's policy lab (swarmcast.models.policy_lab), a stylised combination of the course's models.
"""

from __future__ import annotations

import html

import pandas as pd

from ..._validate import check_number, check_seed
from ...explorer import Explorer
from ...models.policy_lab import DEFAULT_BUDGET_UNITS, LEVERS, PolicyMix, compare_policies, single_policy_mixes
from ...params import control
from ...explorer import simulated_explorer
from .charts import MIX_NAME, MODEL_SOURCE, policy_comparison_chart, policy_label

__all__ = ["policy_explorer"]


def policy_explorer(*, seed: int = 0, budget_units: float = DEFAULT_BUDGET_UNITS) -> Explorer:
    """An explorer with one effort slider per lever, a live "budget left" readout and a comparison chart.

    Why: students build a mix within a fixed budget and see it next to no policy and to each lever alone with
    the whole budget (computed once when the explorer is built). Source: the course's policy lab (stylised).
    """
    seed = check_seed(seed)
    budget_units = check_number("budget_units", budget_units, low=1, high=100)
    singles = compare_policies(mixes=single_policy_mixes(budget_units=budget_units), seed=seed, budget_units=budget_units)
    sliders = {}
    for lever in LEVERS:
        sliders[lever] = control(PolicyMix, f"{lever}_units", width="31em")
        sliders[lever].max = budget_units  # the slider runs to this explorer's budget

    def compute(**units):
        mix_units = {f"{lever}_units": units[lever] for lever in LEVERS}
        total = sum(mix_units.values())
        if total > budget_units + 1e-9:
            return {"over_budget": total - budget_units, "table": singles}
        mix = PolicyMix(**mix_units)
        row = compare_policies(mixes={MIX_NAME: mix}, seed=seed, budget_units=budget_units).iloc[[1]]
        return {"over_budget": 0.0, "table": pd.concat([singles, row], ignore_index=True), "mix": mix}

    def render(out, values):
        title = "Your mix against no policy and each lever alone (simulated)"
        if out["over_budget"] > 0:
            title = "Over budget: only the single levers are shown (simulated)"
        return policy_comparison_chart(table=out["table"], title=title)

    explorer = simulated_explorer(
        sliders, compute, render, lambda out, values: _summary(out, budget_units), source=MODEL_SOURCE,
        instructions=(
            f"Share {budget_units:g} effort units between the six levers. The chart compares your mix with no policy "
            "and with each lever given the whole budget."
        ),
    )
    explorer.readout = _budget_readout(sliders, budget_units)
    explorer.singles = singles
    kids = list(explorer.widget.children)
    kids.insert(2 if len(kids) > 1 else 1, explorer.readout)  # under the sliders, above the chart
    explorer.widget.children = tuple(kids)
    return explorer


def _summary(out: dict, budget_units: float) -> str:
    """What the chart now shows: the mix against no policy and against the best single lever."""
    if out["over_budget"] > 0:
        return f"Your mix spends {out['over_budget']:g} units more than the budget of {budget_units:g}; lower a slider to see it."
    table = out["table"]
    mine = table.iloc[-1]
    if out["mix"].total_units == 0:
        return "Your mix spends nothing yet: it is the same as no policy. Move a slider."
    singles_only = table.iloc[1:-1]
    best = singles_only.loc[singles_only["reach_relative"].idxmin()]
    beats = "beats" if mine["reach_relative"] < best["reach_relative"] else "does not beat"
    return (
        f"Your mix ({out['mix'].total_units:g} units) brings reach to {mine['reach_relative']:.2f} of no policy, with "
        f"{mine['displacement_share']:.0%} of accounts on small platforms (no policy: {table.iloc[0]['displacement_share']:.0%}) "
        f"and {mine['wrongful_removals_relative']:.2f} times the wrongful removals. On reach it {beats} the best "
        f"single lever, {policy_label(best['policy'])} ({best['reach_relative']:.2f})."
    )


def _budget_readout(sliders: dict, budget_units: float):
    """A live "budget left" line that follows the sliders (a polite live region for screen readers)."""
    import ipywidgets as w

    readout = w.HTML()

    def update_readout(_=None):
        used = float(sum(s.value for s in sliders.values()))
        left = budget_units - used
        colour = "#8a3c00" if left < -1e-9 else "#1a1a1a"
        note = " Over budget: lower a slider." if left < -1e-9 else ""
        readout.value = (
            f'<p role="status" aria-live="polite" style="font-size:1.05em;color:{colour}"><strong>Budget left: '
            f"{left:g} of {budget_units:g} units</strong> ({used:g} spent).{html.escape(note)}</p>"
        )

    for s in sliders.values():
        s.observe(update_readout, names="value")
    update_readout()
    return readout
