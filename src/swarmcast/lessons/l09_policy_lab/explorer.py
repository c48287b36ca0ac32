"""Lesson 09 explorer and charts: spend a fixed budget on six policy levers and compare the outcome.

Why: lesson 09 asks students to allocate effort between faster detection, registration friction, coordinated
action days, targeting small aggregates, support for small platforms and exposing threats (the lab's counter-speech
lever: exposing and ridiculing empty threats in the press, not users reporting accounts), and to compare their
mix with no policy and with each lever alone at the same budget: reach, displacement and wrongful removals.
Source: the course's policy lab (swarmcast.models.policy_lab), a stylised combination of the course's models.
"""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from ... import charts
from ..._validate import check_choice, check_number, check_seed
from ...models.policy_lab import (
    DEFAULT_BUDGET_UNITS,
    LEVERS,
    PolicyMix,
    compare_policies,
    single_policy_mixes,
)
from ...explorer import Explorer

__all__ = ["MIX_NAME", "MODEL_SOURCE", "policy_comparison_chart", "lever_sweep", "tradeoff_chart", "policy_explorer"]

#: The label of the student's own mix in tables and charts.
MIX_NAME = "your mix"
MODEL_SOURCE = (
    "Simulated with the course's policy lab, a stylised combination of its accounts, platforms, aggregates, "
    "attention and hashing models (not fitted to data); see swarmcast.models.policy_lab."
)
_OUTCOMES = {
    "reach_relative": "reach (1 = no policy)",
    "displacement_share": "share of accounts on small platforms",
    "wrongful_removals_relative": "wrongful removals (1 = no policy)",
}


# Lever names whose plain spelling would mislead a student (lesson 09): the lab's counter-speech lever models
# exposing and ridiculing threats in the press only, not users reporting accounts.
_LEVER_LABELS = {"counter_speech": "exposing threats"}


def _label(policy: str) -> str:
    return _LEVER_LABELS.get(policy, policy.replace("_", " "))


def _example_table() -> dict:
    return {
        "table": pd.DataFrame(
            {
                "policy": ["no policy", "faster_detection", MIX_NAME],
                "reach_relative": [1.0, 0.8, 0.6],
                "displacement_share": [0.66, 0.95, 0.6],
                "wrongful_removals_relative": [1.0, 6.7, 1.5],
            }
        )
    }


def policy_comparison_chart(*, table: pd.DataFrame, title: str = "Policy mixes compared (simulated)"):
    """Three side-by-side bar panels (reach, displacement share, wrongful removals), one bar per policy."""
    missing = [c for c in ["policy", *_OUTCOMES] if c not in table.columns]
    if missing:
        raise ValueError(f"table must have the columns of compare_policies; missing {', '.join(missing)}")
    frame = table[["policy", *_OUTCOMES]].copy()
    frame["label"] = frame["policy"].map(_label)
    frame["kind"] = frame["policy"].map(lambda p: "no policy" if p == "no policy" else (MIX_NAME if p == MIX_NAME else "one lever, whole budget"))
    order = list(frame["label"])
    colour = alt.Color(
        "kind:N", title=None,
        scale=alt.Scale(domain=["no policy", "one lever, whole budget", MIX_NAME],
                        range=["#999999", charts.PALETTE[0], charts.PALETTE[1]]),
    )
    panels = []
    for i, (col, axis_title) in enumerate(_OUTCOMES.items()):
        fmt = "%" if col == "displacement_share" else ".2f"
        panels.append(
            alt.Chart(frame).mark_bar().encode(
                y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labels=i == 0)),
                x=alt.X(f"{col}:Q", title=axis_title, axis=alt.Axis(format=fmt)),
                color=colour,
                tooltip=["label:N", alt.Tooltip(f"{col}:Q", format=".3f")],
            ).properties(width=170, height=22 * len(frame))
        )
    chart = alt.hconcat(*panels)
    parts = [
        f"{row['label']} {row['reach_relative']:.2f}, {row['displacement_share']:.0%}, "
        f"x{row['wrongful_removals_relative']:.2f}"
        for _, row in frame.iterrows()
    ]
    desc = (
        "Simulated, relative to no policy. For each policy: reach (1 = no policy), share of accounts on small "
        "platforms, wrongful removals (times no policy). " + "; ".join(parts) + "."
    )
    return charts.finish(chart, title=title, description=desc)


def lever_sweep(*, lever: str, seed: int, budget_units: float = DEFAULT_BUDGET_UNITS, step_units: float = 1.0) -> pd.DataFrame:
    """Spend 0, ``step_units``, 2 x ``step_units`` ... up to ``budget_units`` on one lever; one summary row each.

    Why: the lesson reads diminishing returns and rising costs off this table (one batched simulation).
    Source: the course's policy lab (stylised). Columns as :func:`swarmcast.models.policy_lab.compare_policies`,
    plus ``units``.
    """
    lever = check_choice("lever", lever, LEVERS)
    budget_units = check_number("budget_units", budget_units, low=0, high=1000, low_open=True)
    step_units = check_number("step_units", step_units, low=0, high=budget_units, low_open=True)
    n = int(budget_units // step_units + 1e-9)
    units = [i * step_units for i in range(1, n + 1)]
    table = compare_policies(
        mixes={f"{u:g} units": PolicyMix.single(lever, u) for u in units}, seed=check_seed(seed), budget_units=budget_units
    )
    table.insert(1, "units", [0.0, *units])
    table.attrs["lever"] = lever
    return table


def _example_sweep() -> dict:
    return {
        "table": pd.DataFrame(
            {
                "units": [0.0, 5.0, 10.0],
                "reach_relative": [1.0, 0.82, 0.8],
                "wrongful_removals_relative": [1.0, 2.0, 6.7],
            }
        ),
        "lever": "faster_detection",
    }


def tradeoff_chart(*, table: pd.DataFrame, lever: str):
    """Reach and wrongful removals (both relative to no policy) as more units go to one lever: two panels."""
    x = alt.X("units:Q", title=f"effort units on {_label(lever)}")
    base = alt.Chart(table).properties(width=260, height=200)
    reach = base.mark_line(point=True, color=charts.PALETTE[0]).encode(
        x=x, y=alt.Y("reach_relative:Q", title="reach (1 = no policy)", scale=alt.Scale(zero=False)),
        tooltip=["units:Q", alt.Tooltip("reach_relative:Q", format=".3f")],
    )
    wrong = base.mark_line(point=True, color=charts.PALETTE[5]).encode(
        x=x, y=alt.Y("wrongful_removals_relative:Q", title="wrongful removals (1 = no policy)"),
        tooltip=["units:Q", alt.Tooltip("wrongful_removals_relative:Q", format=".2f")],
    )
    first, last = table.iloc[0], table.iloc[-1]
    desc = (
        f"Simulated. From {first['units']:g} to {last['units']:g} units of {_label(lever)}, reach goes from "
        f"{first['reach_relative']:.2f} to {last['reach_relative']:.2f} of its no-policy level, and wrongful removals "
        f"from {first['wrongful_removals_relative']:.2f} to {last['wrongful_removals_relative']:.2f} times theirs."
    )
    return charts.finish(alt.hconcat(reach, wrong), title=f"What more {_label(lever)} buys, and what it costs", description=desc)


def policy_explorer(*, seed: int = 0, budget_units: float = DEFAULT_BUDGET_UNITS) -> Explorer:
    """An explorer with one effort slider per lever, a live "budget left" readout and a comparison chart.

    Why: students build a mix within a fixed budget and see it next to no policy and to each lever alone with
    the whole budget (computed once when the explorer is built). Source: the course's policy lab (stylised).
    """
    import ipywidgets as w

    seed = check_seed(seed)
    budget_units = check_number("budget_units", budget_units, low=1, high=100)
    singles = compare_policies(mixes=single_policy_mixes(budget_units=budget_units), seed=seed, budget_units=budget_units)
    style = {"description_width": "initial"}
    sliders = {
        lever: w.FloatSlider(
            value=0.0, min=0.0, max=budget_units, step=0.5, description=f"{_label(lever)} (units)",
            style=style, layout=w.Layout(width="31em"),
        )
        for lever in LEVERS
    }
    readout = w.HTML()

    def spent() -> float:
        return float(sum(s.value for s in sliders.values()))

    def update_readout(_=None):
        used = spent()
        left = budget_units - used
        colour = "#8a3c00" if left < -1e-9 else "#1a1a1a"
        note = " Over budget: lower a slider." if left < -1e-9 else ""
        readout.value = (
            f'<p role="status" aria-live="polite" style="font-size:1.05em;color:{colour}"><strong>Budget left: '
            f"{left:g} of {budget_units:g} units</strong> ({used:g} spent).{html.escape(note)}</p>"
        )

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

    def summarise(out, values):
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
            f"single lever, {_label(best['policy'])} ({best['reach_relative']:.2f})."
        )

    explorer = Explorer(
        controls=sliders,
        compute=compute,
        render=render,
        summarise=summarise,
        sources=[MODEL_SOURCE],
        simulated=True,
        instructions=(
            f"Share {budget_units:g} effort units between the six levers. The chart compares your mix with no policy "
            "and with each lever given the whole budget."
        ),
    )
    for s in sliders.values():
        s.observe(update_readout, names="value")
    update_readout()
    explorer.readout = readout
    explorer.singles = singles
    kids = list(explorer.widget.children)
    kids.insert(2 if len(kids) > 1 else 1, readout)  # under the sliders, above the chart
    explorer.widget.children = tuple(kids)
    return explorer


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    policy_comparison_chart: _example_table,
    tradeoff_chart: _example_sweep,
}
