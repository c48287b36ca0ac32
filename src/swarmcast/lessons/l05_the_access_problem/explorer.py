"""Lesson 05's explorer and figures: the access problem, seen through the accounts birth-death model.

Why: Torres-Soriano (2019) argues that once the big platforms find accounts quickly, a movement's problem is
getting onto them at all. The explorer binds the model's two levers, registration friction and detection speed,
to the number of live accounts and the followers they hold, with the analytic steady state drawn as a reference;
the figures compare simulated survival curves with Conway et al.'s (2017) published shares and show Berger &
Perez's (2016) observation that suspension drains followers while the number of accounts stays flat.
Sources: ``swarmcast.models.accounts`` (an M/G/infinity queue); M. Conway et al. (2017), *Disrupting Daesh*;
J.M. Berger & H. Perez (2016), *The Islamic State's Diminishing Returns on Twitter*.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ..._validate import check_int, check_number, check_seed
from ...models import accounts
from ...explorer import Explorer

__all__ = [
    "BASELINE",
    "PresenceResult",
    "presence_explorer",
    "presence_chart",
    "conway_points",
    "survival_chart",
    "drain_chart",
]

#: The comparison run of the explorer: no registration friction and the model's default 30-day mean detection.
BASELINE = {"share_blocked_at_registration": 0.0, "mean_detection_delay_days": 30.0}
_YOURS = "your settings"
_BASE = "no friction, 30-day detection"
_GROUP_LABELS = {"pro_is": "pro-IS", "other_jihadist": "other jihadist"}


@dataclass(frozen=True)
class PresenceResult:
    """One explorer setting: the simulated daily series for it and for the baseline, and both steady states.

    ``daily``: long format (``day``, ``run``, ``live_accounts``, ``reach``) for both runs; ``steady`` and
    ``baseline_steady``: the analytic :class:`swarmcast.models.accounts.SteadyState` of each.
    """

    share_blocked_at_registration: float
    mean_detection_delay_days: float
    daily: pd.DataFrame
    steady: accounts.SteadyState
    baseline_steady: accounts.SteadyState
    simulated: bool = True

    @property
    def mean_live_accounts(self) -> float:
        """Mean simulated number of live accounts over the run (your settings)."""
        return float(self.daily.loc[self.daily["run"] == _YOURS, "live_accounts"].mean())

    @property
    def mean_reach(self) -> float:
        """Mean simulated number of followers held by live accounts over the run (your settings)."""
        return float(self.daily.loc[self.daily["run"] == _YOURS, "reach"].mean())

    @property
    def baseline_mean_reach(self) -> float:
        """Mean simulated reach of the baseline run."""
        return float(self.daily.loc[self.daily["run"] == _BASE, "reach"].mean())


def _run(*, share_blocked_at_registration, mean_detection_delay_days, creation_attempts_per_day, days, seed):
    return accounts.simulate_accounts(
        creation_attempts_per_day=creation_attempts_per_day,
        share_blocked_at_registration=share_blocked_at_registration,
        mean_detection_delay_days=mean_detection_delay_days,
        start_at_steady_state=True,
        days=days,
        seed=seed,
    )


def _long(result: accounts.AccountsResult, run: str) -> pd.DataFrame:
    d = result.daily
    return pd.DataFrame({"day": d["day"], "run": run, "live_accounts": d["live_accounts"], "reach": d["reach"]})


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


def presence_explorer(
    *,
    seed: int,
    creation_attempts_per_day: float = 20.0,
    days: int = 180,
    share_blocked_at_registration: float = 0.0,
    mean_detection_delay_days: float = 30.0,
):
    """The lesson 05 explorer: sliders for registration friction (first) and detection speed.

    Why: students see that presence is accounts getting through per day times how long they last, so a platform
    can cut it at the door or by finding accounts sooner; and that reach falls faster than the account count.
    Each move re-runs the seeded simulation (a few thousand accounts, about a millisecond).
    Source: ``swarmcast.models.accounts.simulate_accounts`` and ``steady_state`` (M/G/infinity queue).
    """
    import ipywidgets as w

    seed = check_seed(seed)
    rate = check_number("creation_attempts_per_day", creation_attempts_per_day, low=1, high=200)
    days = check_int("days", days, low=30, high=720)
    blocked = check_number("share_blocked_at_registration", share_blocked_at_registration, low=0, high=0.9)
    delay = check_number("mean_detection_delay_days", mean_detection_delay_days, low=1, high=180)
    base_run = _run(creation_attempts_per_day=rate, days=days, seed=seed, **BASELINE)
    base_daily = _long(base_run, _BASE)
    style = {"description_width": "initial"}
    controls = {
        "share_blocked_at_registration": w.FloatSlider(
            value=blocked, min=0.0, max=0.9, step=0.05, readout_format=".0%",
            description="share of sign-ups blocked at registration", style=style, layout=w.Layout(width="480px"),
        ),
        "mean_detection_delay_days": w.IntSlider(
            value=int(round(delay)), min=1, max=180, step=1, description="mean days until an account is found",
            style=style, layout=w.Layout(width="480px"),
        ),
    }

    def compute(share_blocked_at_registration, mean_detection_delay_days):
        run = _run(
            share_blocked_at_registration=share_blocked_at_registration,
            mean_detection_delay_days=float(mean_detection_delay_days),
            creation_attempts_per_day=rate, days=days, seed=seed,
        )
        daily = pd.concat([base_daily, _long(run, _YOURS)], ignore_index=True)  # yours drawn last, on top
        return PresenceResult(
            float(share_blocked_at_registration), float(mean_detection_delay_days), daily, run.steady, base_run.steady
        )

    def render(result, _values):
        return presence_chart(result=result)

    def summarise(result, _values):
        s = result.steady
        share = result.mean_reach / result.baseline_mean_reach if result.baseline_mean_reach > 0 else float("nan")
        share_text = "under 1%" if share < 0.01 else f"{100 * share:,.0f}%"
        days_text = f"{s.mean_lifetime_days:.0f} day{'' if round(s.mean_lifetime_days) == 1 else 's'}"
        return (
            f"Simulated. {s.accounts_per_day:.0f} accounts a day get through registration and last {days_text} "
            f"on average, so about {s.live_accounts:,.0f} are live at any time (simulated mean "
            f"{result.mean_live_accounts:,.0f}). Together they hold about {result.mean_reach:,.0f} followers: "
            f"{share_text} of the reach with no friction and 30-day detection."
        )

    return Explorer(
        controls=controls,
        compute=compute,
        render=render,
        summarise=summarise,
        sources=["Simulated with swarmcast.models.accounts (M/G/infinity birth-death model); follower rule after Berger & Perez (2016)."],
        simulated=True,
        instructions=(
            f"{rate:.0f} sign-up attempts a day (seed {seed}). Block a share of them at registration, or change how "
            "long an account lasts before it is found; the grey line keeps the no-friction, 30-day baseline."
        ),
    )


# --------------------------------------------------------------------------------------------------
# Survival: the model against Conway et al. (2017)
# --------------------------------------------------------------------------------------------------


def conway_points(*, rows: pd.DataFrame) -> pd.DataFrame:
    """Conway et al.'s published takedown shares as points on a survival curve (share of accounts still up).

    Why: a survival curve shows the share not yet suspended, so "over 30% suspended within two days" becomes
    "at most 70% still up at day 2", and a floor becomes a ceiling. "Three months" is read as day 90, and the 163
    of 451 other jihadist accounts (suspended over the whole study, dates not verified) are placed at day 90 too:
    an assumption, marked in the note column. Source: Conway et al. (2017), *Disrupting Daesh* (rows of
    ``conway_takedown``).
    """
    if not isinstance(rows, pd.DataFrame) or not {"row_id", "value", "bound", "source_id"} <= set(rows.columns):
        raise ValueError("rows must be the conway_takedown table from swarmcast.data.load('conway_takedown')")
    by_id = rows.set_index(rows["row_id"].astype(str))
    flip = {"at_least": "at_most", "at_most": "at_least", "exact": "exact", "approx": "approx"}
    points = []

    def add(group, day, survival, bound, row_ids, note):
        source = str(by_id.loc[row_ids[0], "source_id"])
        points.append({"group": _GROUP_LABELS[group], "day": day, "survival": survival, "bound": bound,
                       "source_id": source, "row_ids": ", ".join(row_ids), "note": note})

    for row_id, group, day in (
        ("ct_pro_is_share_suspended_2_days", "pro_is", 2),
        ("ct_pro_is_share_suspended", "pro_is", 90),
        ("ct_other_share_suspended_2_days", "other_jihadist", 2),
    ):
        if row_id in by_id.index:
            r = by_id.loc[row_id]
            add(group, day, 1 - float(r["value"]) / 100, flip[str(r["bound"])], [row_id],
                "within two days of creation" if day == 2 else "within about three months")
    if {"ct_other_suspended", "ct_other_accounts"} <= set(by_id.index):
        share = float(by_id.loc["ct_other_suspended", "value"]) / float(by_id.loc["ct_other_accounts", "value"])
        add("other_jihadist", 90, 1 - share, "exact", ["ct_other_suspended", "ct_other_accounts"],
            "whole study period, placed at day 90 (an assumption)")
    if not points:
        raise ValueError("rows holds none of the Conway et al. takedown shares (did you filter the table?)")
    return pd.DataFrame(points)


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
    description = (
        f"Simulated. Over {len(d)} days the number of live accounts moves from {start_live:,.0f} to "
        f"{last['live_accounts']:,.0f} (index {100 * last['live_accounts'] / start_live:.0f}), while followers per live "
        f"account fall from {start_fpa:,.0f} to {last['followers_per_account']:,.0f} (index "
        f"{100 * last['followers_per_account'] / start_fpa:.0f})."
    )
    return charts.finish(chart, title="Suspension: a flat count, a shrinking audience", description=description)


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    presence_chart: _example_presence,
    survival_chart: _example_survival,
    drain_chart: _example_drain,
}
