"""Lesson 09 charts: policy mixes compared (reach, displacement, wrongful removals), and one lever's trade-off.

Why: lesson 09 asks students to compare their mix of the six policy levers with no policy and with each lever
alone at the same budget, and to read diminishing returns and rising costs off one lever's sweep.
Source: the course's policy lab (swarmcast.models.policy_lab), a stylised combination of the course's models.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts

__all__ = ["MIX_NAME", "MODEL_SOURCE", "policy_comparison_chart", "tradeoff_chart"]

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


def policy_label(policy: str) -> str:
    """A policy or lever name as the charts show it ("counter_speech" reads "exposing threats")."""
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
    frame["label"] = frame["policy"].map(policy_label)
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


def _example_sweep() -> dict:
    table = pd.DataFrame({"units": [0.0, 5.0, 10.0], "reach_relative": [1.0, 0.82, 0.8],
                          "wrongful_removals_relative": [1.0, 2.0, 6.7]})
    return {"table": table, "lever": "faster_detection"}


def tradeoff_chart(*, table: pd.DataFrame, lever: str):
    """Reach and wrongful removals (both relative to no policy) as more units go to one lever: two panels."""
    x = alt.X("units:Q", title=f"effort units on {policy_label(lever)}")
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
        f"Simulated. From {first['units']:g} to {last['units']:g} units of {policy_label(lever)}, reach goes from "
        f"{first['reach_relative']:.2f} to {last['reach_relative']:.2f} of its no-policy level, and wrongful removals "
        f"from {first['wrongful_removals_relative']:.2f} to {last['wrongful_removals_relative']:.2f} times theirs."
    )
    return charts.finish(alt.hconcat(reach, wrong), title=f"What more {policy_label(lever)} buys, and what it costs", description=desc)


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    policy_comparison_chart: _example_table,
    tradeoff_chart: _example_sweep,
}
