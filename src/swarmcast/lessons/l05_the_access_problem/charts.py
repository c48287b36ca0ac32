"""Lesson 05's figures: presence and reach against the baseline, survival against Conway et al., the follower drain.

Why: the presence chart shows the model's two levers (registration friction, detection speed) against the analytic
steady state; the survival chart compares simulated survival curves with Conway et al.'s (2017) published shares;
the drain chart shows Berger & Perez's (2016) observation that suspension drains followers while the number of
accounts stays flat. Sources: ``swarmcast.models.accounts`` (an M/G/infinity queue); M. Conway et al. (2017),
*Disrupting Daesh*; J.M. Berger & H. Perez (2016), *The Islamic State's Diminishing Returns on Twitter*.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ...models import accounts
from ...models.accounts import BASELINE_RUN as _BASE
from ...models.accounts import YOUR_RUN as _YOURS
from ...models.accounts import PresenceResult

__all__ = ["presence_chart", "survival_chart", "drain_chart"]


def _example_presence() -> dict:
    days = np.arange(5)
    daily = pd.DataFrame(
        {
            "day": np.tile(days, 2),
            "run": np.repeat([_YOURS, _BASE], 5),
            "live_accounts": [300, 310, 295, 305, 300, 600, 590, 610, 605, 600],
            "reach": [18000.0, 18500, 17800, 18200, 18000, 74000, 73000, 75000, 74500, 74400],
        }
    )
    s1 = accounts.steady_state(creation_attempts_per_day=20, share_blocked_at_registration=0.5)
    s0 = accounts.steady_state(creation_attempts_per_day=20)
    return {"result": PresenceResult(0.5, 30.0, daily, s1, s0)}


def presence_chart(*, result: PresenceResult):
    """Live accounts and the followers they hold, day by day, for your settings and the baseline.

    Why: the dashed line is the analytic steady state (accounts created per day x mean lifetime); the simulated
    line wobbles around it. Source: ``swarmcast.models.accounts`` (M/G/infinity queue), simulated.
    """
    if not isinstance(result, PresenceResult):
        raise ValueError(f"result must be a PresenceResult from presence_explorer; got {type(result).__name__}")
    colour = alt.Color(
        "run:N", title="simulated run", scale=alt.Scale(domain=[_YOURS, _BASE], range=[charts.PALETTE[0], "#999999"]),
        legend=alt.Legend(labelLimit=320),
    )
    steady = pd.DataFrame(
        {"live_accounts": [result.steady.live_accounts], "reach": [result.steady.reach],
         "label_a": [f"steady state {result.steady.live_accounts:,.0f}"], "label_r": [f"steady state {result.steady.reach:,.0f}"]}
    )
    panels = []
    for col, title, label in (
        ("live_accounts", "Live accounts at the end of each day", "label_a"),
        ("reach", "Reach: followers held by live accounts", "label_r"),
    ):
        enc = {
            "x": alt.X("day:Q", title="day of the simulation"),
            "y": alt.Y(f"{col}:Q", title=col.replace("_", " "), scale=alt.Scale(zero=True)),
            "color": colour,
            "tooltip": ["run", "day", alt.Tooltip(f"{col}:Q", format=",.0f")],
        }
        # two layers so that your settings are drawn on top of the baseline when the two coincide
        base = alt.Chart(result.daily[result.daily["run"] == _BASE]).mark_line(strokeWidth=2, point=False).encode(**enc)
        yours = alt.Chart(result.daily[result.daily["run"] == _YOURS]).mark_line(strokeWidth=2, point=False).encode(**enc)
        line = base + yours
        rule = alt.Chart(steady).mark_rule(strokeDash=[6, 4], color="#D55E00", strokeWidth=2).encode(y=f"{col}:Q")
        text = alt.Chart(steady).mark_text(align="right", dy=12, color="#D55E00").encode(
            y=f"{col}:Q", x=alt.value(516), text=f"{label}:N"
        )
        panels.append((line + rule + text).properties(width=520, height=170, title=title))
    description = (
        f"Simulated accounts with {100 * result.share_blocked_at_registration:.0f}% of sign-ups blocked and a mean of "
        f"{result.mean_detection_delay_days:.0f} days to detection: about {result.mean_live_accounts:,.0f} live accounts "
        f"on an average day (analytic steady state {result.steady.live_accounts:,.0f}, dashed) holding about "
        f"{result.mean_reach:,.0f} followers, against {result.baseline_steady.live_accounts:,.0f} accounts and "
        f"{result.baseline_mean_reach:,.0f} followers with no friction and 30-day detection (grey)."
    )
    return charts.finish(alt.vconcat(*panels), title="Presence and reach under registration friction and takedown", description=description)


def _example_survival() -> dict:
    curves = pd.DataFrame(
        {
            "group": ["pro-IS"] * 3 + ["other jihadist"] * 3,
            "day": [0.0, 2.0, 90.0] * 2,
            "survival": [1.0, 0.66, 0.36, 1.0, 0.998, 0.65],
            "ci_lower": [1.0, 0.64, 0.34, 1.0, 0.995, 0.63],
            "ci_upper": [1.0, 0.68, 0.38, 1.0, 0.999, 0.67],
        }
    )
    points = pd.DataFrame(
        {"group": ["pro-IS", "other jihadist"], "day": [90, 90], "survival": [0.37, 0.64], "bound": ["exact", "exact"],
         "source_id": ["conway2017disrupting"] * 2, "row_ids": ["a", "b"], "note": ["", ""]}
    )
    return {"curves": curves, "points": points}


_BOUND_SHAPES = {"exact": "circle", "at_least": "triangle-up", "at_most": "triangle-down", "approx": "diamond"}


def survival_chart(*, curves: pd.DataFrame, points: pd.DataFrame):
    """Kaplan-Meier curves of simulated accounts (lines, 95% bands) with published shares as points.

    Why: lesson 05 reads takedown speed as Conway et al. did, the share of accounts still up after two days and
    after three months; a triangle marks a bound (pointing down: "at most"). Sources: Kaplan & Meier (1958) via
    ``swarmcast.models.accounts.survival_table``; Conway et al. (2017), *Disrupting Daesh*.
    """
    for name, frame, cols in (
        ("curves", curves, ("group", "day", "survival", "ci_lower", "ci_upper")),
        ("points", points, ("group", "day", "survival", "bound")),
    ):
        if not isinstance(frame, pd.DataFrame) or not set(cols) <= set(frame.columns):
            raise ValueError(f"{name} must be a DataFrame with the columns {', '.join(cols)}")
    groups = list(dict.fromkeys([*curves["group"].astype(str), *points["group"].astype(str)]))
    colour = alt.Color("group:N", title="accounts", scale=alt.Scale(domain=groups, range=charts.PALETTE[: len(groups)]))
    x = alt.X("day:Q", title="days since the account was created")
    y = alt.Y("survival:Q", title="share of accounts still up", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    band = alt.Chart(curves).mark_area(opacity=0.2).encode(x=x, y="ci_lower:Q", y2="ci_upper:Q", color=colour)
    line = alt.Chart(curves).mark_line(interpolate="step-after").encode(
        x=x, y=y, color=colour, tooltip=["group", "day", alt.Tooltip("survival:Q", format=".1%")]
    )
    pts = alt.Chart(points.assign(bound=points["bound"].astype(str))).mark_point(size=160, filled=True, stroke="black", strokeWidth=1).encode(
        x=x, y=y, color=colour,
        shape=alt.Shape("bound:N", title="published figure", scale=alt.Scale(domain=list(_BOUND_SHAPES), range=list(_BOUND_SHAPES.values()))),
        tooltip=[c for c in ("group", "day", "survival", "bound", "source_id", "note") if c in points.columns],
    )
    read = []
    for g in groups:
        c = curves[curves["group"] == g]
        for day in (2, 90):
            at = c[c["day"] <= day]
            if len(at):
                read.append(f"{g} model {100 * float(at['survival'].iloc[-1]):.0f}% still up at day {day}")
    published = "; ".join(
        f"{r.group} {'at most ' if r.bound == 'at_most' else 'at least ' if r.bound == 'at_least' else ''}"
        f"{100 * r.survival:.0f}% at day {r.day:g}" for r in points.itertuples()
    )
    description = (
        "Share of accounts not yet suspended, by days since creation: simulated Kaplan-Meier curves with 95% bands "
        f"({'; '.join(read)}) and the published shares as points ({published})."
    )
    chart = (band + line + pts).properties(width=520, height=300)
    return charts.finish(chart, title="How long accounts last: model curves and published shares", description=description)


# --------------------------------------------------------------------------------------------------
# Berger & Perez (2016): the count stays flat, the audience drains
# --------------------------------------------------------------------------------------------------


def _example_drain() -> dict:
    res = accounts.simulate_accounts(
        creation_attempts_per_day=5, initial_followers_per_account=1000, days=20, seed=0
    )
    return {"result": res}


def drain_chart(*, result: accounts.AccountsResult):
    """Live accounts and followers per account, both indexed to 100 on day 0, under sustained suspension.

    Why: Berger & Perez (2016) found that suspensions kept the English-language network's size roughly flat while
    repeatedly suspended accounts lost much of their following; the model reproduces the shape, not the numbers.
    Source: ``swarmcast.models.accounts`` (simulated); Berger & Perez (2016).
    """
    if not isinstance(result, accounts.AccountsResult):
        raise ValueError(f"result must be a simulate_accounts result; got {type(result).__name__}")
    d = result.daily
    start_live = float(d["live_accounts"].iloc[0]) or 1.0
    start_fpa = float(d["followers_per_account"].iloc[0]) or 1.0
    plot = pd.concat(
        [
            pd.DataFrame({"day": d["day"], "series": "live accounts", "index": 100 * d["live_accounts"] / start_live}),
            pd.DataFrame({"day": d["day"], "series": "followers per live account", "index": 100 * d["followers_per_account"] / start_fpa}),
        ],
        ignore_index=True,
    )
    chart = alt.Chart(plot).mark_line().encode(
        x=alt.X("day:Q", title="day of sustained suspension"),
        y=alt.Y("index:Q", title="index (day 0 = 100)", scale=alt.Scale(zero=True)),
        color=alt.Color("series:N", title=None),
        tooltip=["series", "day", alt.Tooltip("index:Q", format=".0f")],
    ).properties(width=520, height=260)
    last = d.iloc[-1]
    count = (f"the number of live accounts moves from {start_live:,.0f} to {last['live_accounts']:,.0f} "
             f"(index {100 * last['live_accounts'] / start_live:.0f})")
    audience = (f"followers per live account fall from {start_fpa:,.0f} to {last['followers_per_account']:,.0f} "
                f"(index {100 * last['followers_per_account'] / start_fpa:.0f})")
    return charts.finish(chart, title="Suspension: a flat count, a shrinking audience",
                         description=f"Simulated. Over {len(d)} days {count}, while {audience}.")


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    presence_chart: _example_presence,
    survival_chart: _example_survival,
    drain_chart: _example_drain,
}
