"""Lesson 06 charts: reach by platform, the coordination crossover, the 2018/2019 action days, removal rates.

Why: trend two ("colonising small spaces") says that when the big platforms remove quickly, communities re-form
on small, lightly moderated services. These builders draw the platforms model's runs (reach by platform, the share
of clusters pushed off the largest one, where coordination starts to win) and the CREST action-day figures.

Source of the model: the course's stylised multi-platform model (``swarmcast.models.platforms``), which
illustrates N.F. Johnson et al. (2019), "Hidden resilience and adaptive dynamics of the global online hate
ecology" (*Nature*), and A. Amarasingam, S. Maher & C. Winter (2021), *How Telegram Disruption Impacts Jihadist
Platform Migration* (CREST). Its parameters are illustrative, not fitted. Every model output here is simulated.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ...models.platforms import SETTLE_DAYS

__all__ = ["MODEL_SOURCE", "reach_chart", "crossover_chart", "action_days_chart", "removal_rates_chart"]

#: The source line shown under every simulated chart of this module.
MODEL_SOURCE = (
    "Simulated with the course's stylised multi-platform model (swarmcast.models.platforms), after Johnson et al. "
    "(2019), Nature, and Amarasingam, Maher & Winter (2021), CREST. Illustrative parameters, not fitted."
)


def _example_reach() -> dict:
    days = np.repeat(np.arange(90), 2)
    daily = pd.DataFrame(
        {
            "day": days,
            "platform": np.tile(["large video platform", "small start-up 1"], 90),
            "clusters": np.tile([10, 2], 90),
            "reach": np.tile([1000.0, 50.0], 90),
        }
    )
    totals = pd.DataFrame(
        {"day": np.arange(90), "reach": 1050.0, "share_off_largest": 0.2, "action_day": np.arange(90) % 30 == 29}
    )
    return {"daily": daily, "totals": totals, "baseline_share": 0.2, "description": "An example: reach stays flat on two platforms."}


def reach_chart(*, daily: pd.DataFrame, totals: pd.DataFrame, baseline_share: float, description: str, subtitle: str | None = None):
    """Stacked reach by platform over time, action days marked, and below it the share of clusters off the largest.

    Why: students see at once where the audience is and whether effort displaced clusters rather than removed them.
    Source: simulated runs of the course's platforms model.
    """
    order = list(daily["platform"].cat.categories) if isinstance(daily["platform"].dtype, pd.CategoricalDtype) else sorted(daily["platform"].unique())
    plot = daily.assign(platform=daily["platform"].astype(str), stack=daily["platform"].astype(str).map({p: i for i, p in enumerate(order)}))
    last_day = int(daily["day"].max())
    x_scale = alt.Scale(domain=[0, last_day], nice=False)
    area = (
        alt.Chart(plot)
        .mark_area(opacity=0.9)
        .encode(
            x=alt.X("day:Q", title="day of the simulation", scale=x_scale),
            y=alt.Y("reach:Q", title="reach (relative units)", stack="zero"),
            # three platforms a row: five in one row ran past the chart and were cut off in a 1024 px window
            color=alt.Color("platform:N", title="platform", sort=order, scale=alt.Scale(domain=order, range=charts.PALETTE[: len(order)]),
                            legend=alt.Legend(columns=3)),
            order=alt.Order("stack:Q", sort="ascending"),
            tooltip=["day:Q", "platform:N", "clusters:Q", alt.Tooltip("reach:Q", format=",.0f")],
        )
        .properties(height=230)
    )
    warm = alt.Chart(pd.DataFrame({"start": [0], "end": [min(SETTLE_DAYS, last_day)], "what": ["warm-up, not averaged"]})).mark_rect(
        color="#dddddd", opacity=0.35
    ).encode(x=alt.X("start:Q", scale=x_scale), x2="end:Q", tooltip=["what:N"])
    actions = totals[totals["action_day"]][["day"]]
    # always a layer (empty with no action day), so moving the share on action days off and on 0% keeps the chart's
    # structure and the browser swaps data in place; aria=False: an empty layer would be an unlabelled graphic (the
    # description says that dashed lines mark action days)
    rules = alt.Chart(actions).mark_rule(color="#444444", strokeDash=[4, 3], aria=False).encode(
        x=alt.X("day:Q", scale=x_scale), tooltip=[alt.Tooltip("day:Q", title="action day")])
    top = alt.layer(warm, area, rules)
    share = totals[["day", "share_off_largest"]].assign(series="this run")
    line = (
        alt.Chart(share)
        .mark_line(color=charts.PALETTE[5])
        .encode(
            x=alt.X("day:Q", title="day of the simulation", scale=x_scale),
            y=alt.Y("share_off_largest:Q", title="share off the largest", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            tooltip=["day:Q", alt.Tooltip("share_off_largest:Q", format=".0%")],
        )
    )
    base = alt.Chart(pd.DataFrame({"share": [float(baseline_share)]})).mark_rule(color="#444444", strokeDash=[6, 4]).encode(
        y="share:Q", tooltip=[alt.Tooltip("share:Q", title="no extra removals", format=".0%")]
    )
    bottom = alt.layer(line, base).properties(height=90)
    chart = alt.vconcat(top, bottom, spacing=12)
    return charts.finish(chart, title="Where the clusters' reach is, platform by platform (simulated)", description=description, subtitle=subtitle)


def _example_crossover() -> dict:
    return {
        "table": pd.DataFrame(
            {
                "removal_effort": [0, 4, 0, 4],
                "delivery": ["largest platform only, every day"] * 2 + ["coordinated action days"] * 2,
                "mean_reach": [20000.0, 15500.0, 20000.0, 13000.0],
                "share_off_largest": [0.7, 1.0, 0.7, 0.7],
            }
        )
    }


def crossover_chart(*, table: pd.DataFrame):
    """Total reach against removal effort, one line per way of delivering it (simulated).

    Why: where the two lines cross is the effort above which coordination pays. Source: :func:`crossover_table`.
    """
    chart = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X("removal_effort:Q", title="extra removals a day (on top of each platform's own moderation)", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("mean_reach:Q", title="mean total reach after day 60", scale=alt.Scale(zero=True)),
            color=alt.Color("delivery:N", title="how the effort is delivered", legend=alt.Legend(labelLimit=320),
                            sort=["largest platform only, every day", "coordinated action days"]),
            tooltip=["removal_effort:Q", "delivery:N", alt.Tooltip("mean_reach:Q", format=",.0f"), alt.Tooltip("share_off_largest:Q", format=".0%")],
        )
    )
    single = table[table["delivery"].str.startswith("largest")].set_index("removal_effort")["mean_reach"]
    coord = table[table["delivery"].str.startswith("coord")].set_index("removal_effort")["mean_reach"]
    diff = (coord - single).dropna()
    wins = diff[diff < 0]
    where = f"coordinated days cut reach more from {wins.index.min():g} removals a day" if len(wins) else "coordinated days never cut reach more"
    description = (
        f"Mean total reach for {len(single)} levels of extra removal effort. With the effort on the largest platform "
        f"alone, reach goes from {single.iloc[0]:,.0f} (at {single.index[0]:g} a day) to between {single.iloc[1:].min():,.0f} "
        f"and {single.iloc[1:].max():,.0f}, whatever the effort; {where}, down to {coord.min():,.0f} at "
        f"{coord.idxmin():g} a day."
    )
    return charts.finish(chart, title="Same effort, two ways of spending it (simulated)", description=description)


_ACTION_DAY_LABELS = {"2018_10": "October 2018", "2019_11": "November 2019"}
_ACTION_MEASURES = {
    "new_channels_after_action_day": "new channels",
    "mean_channel_lifespan": "mean lifespan (days)",
    "posts_per_day_new_channels": "posts a day per new channel",
}


def _example_action_days() -> dict:
    rows = pd.DataFrame(
        {
            "action_day": ["2018_10", "2019_11"] * 3,
            "measure": [m for m in _ACTION_MEASURES for _ in range(2)],
            "value": [10.0, 100.0, 300.0, 10.0, 5.0, 50.0],
            "source_id": ["example"] * 6,
        }
    )
    return {"rows": rows}


def action_days_chart(*, rows: pd.DataFrame):
    """The two Telegram action days side by side: new channels, their mean lifespan and their posting rate.

    Why: lesson 06's first data exercise compares the October 2018 and November 2019 action days. Source: the
    ``crest_telegram`` table (Amarasingam, Maher & Winter 2021, CREST).
    """
    plot = rows[rows["measure"].isin(list(_ACTION_MEASURES))].copy()
    plot["action day"] = plot["action_day"].astype(str).map(_ACTION_DAY_LABELS)
    plot["what"] = plot["measure"].astype(str).map(_ACTION_MEASURES)
    plot = plot[["action day", "what", "value", "source_id"]].astype({"source_id": str})
    panels = []
    for i, (measure, label) in enumerate(_ACTION_MEASURES.items()):
        part = plot[plot["what"] == label]
        bars = alt.Chart(part).mark_bar().encode(
            y=alt.Y("action day:N", title=None, sort=list(_ACTION_DAY_LABELS.values()), axis=alt.Axis(labels=i == 0, ticks=i == 0)),
            x=alt.X("value:Q", title=label),
            color=alt.Color("action day:N", title="action day", sort=list(_ACTION_DAY_LABELS.values()), legend=None),
            tooltip=["action day:N", "what:N", "value:Q", "source_id:N"],
        )
        text = bars.mark_text(align="left", dx=3, color="#222222").encode(text=alt.Text("value:Q", format=",.4~g"), color=alt.value("#222222"))
        panels.append(alt.layer(bars, text).properties(width=190, height=70))
    chart = alt.hconcat(*panels, spacing=30)
    parts = []
    for measure, label in _ACTION_MEASURES.items():
        vals = plot[plot["what"] == label].set_index("action day")["value"]
        parts.append(f"{label}: " + " vs ".join(f"{vals.get(d, float('nan')):,.4g} ({d})" for d in _ACTION_DAY_LABELS.values()))
    description = "New Telegram channels created after each action day, as counted by CREST. " + ". ".join(p[0].upper() + p[1:] for p in parts) + "."
    return charts.finish(chart, title="After two action days: how many new channels, how long they lived, how much they posted", description=description)


def _example_rates() -> dict:
    return {
        "rows": pd.DataFrame(
            {
                "content_group": ["islamist", "far_right", "islamist", "far_right"],
                "period_start": pd.to_datetime(["2020-12-01", "2020-12-01", "2021-12-01", "2021-12-01"]),
                "period_end": pd.to_datetime(["2021-11-30", "2021-11-30", "2022-11-30", "2022-11-30"]),
                "value": [94.0, 50.0, 84.0, 61.0],
            }
        )
    }


def removal_rates_chart(*, rows: pd.DataFrame):
    """Share of alerted content removed, by content group and TCAP year: a slope chart.

    Why: lesson 06 reads how removal after an alert differs between Islamist and far-right content and over time.
    Source: the ``small_platforms`` table (Tech Against Terrorism, TCAP transparency report, year two).
    """
    plot = rows[["content_group", "period_start", "period_end", "value"]].copy()
    plot["year"] = plot["period_start"].dt.strftime("%b %Y") + " to " + plot["period_end"].dt.strftime("%b %Y")
    plot["group"] = plot["content_group"].astype(str).map(lambda g: {"islamist": "Islamist", "far_right": "far-right"}.get(g, g.replace("_", " ")))
    plot = plot[["year", "group", "value"]]
    order = list(dict.fromkeys(plot.sort_values("year")["year"]))
    base = alt.Chart(plot).encode(
        x=alt.X("year:N", title="TCAP reporting year", sort=order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="share of alerted content removed (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("group:N", title="content"),
        tooltip=["year:N", "group:N", "value:Q"],
    )
    chart = alt.layer(base.mark_line(point=True), base.mark_text(dx=10, dy=-10, align="left").encode(text="value:Q")).properties(width=360)
    parts = []
    for group, part in plot.groupby("group"):
        vals = part.set_index("year").reindex(order)["value"]
        parts.append(f"{group} content {' then '.join(f'{v:g}%' for v in vals)}")
    description = "Share of content removed by platforms after a TCAP alert, by reporting year: " + "; ".join(parts) + "."
    return charts.finish(chart, title="Removal after an alert: Islamist and far-right content", description=description)


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    reach_chart: _example_reach,
    crossover_chart: _example_crossover,
    action_days_chart: _example_action_days,
    removal_rates_chart: _example_rates,
}
