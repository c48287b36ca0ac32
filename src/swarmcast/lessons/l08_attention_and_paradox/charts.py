"""Lesson 08 charts: coverage, brand churn and the official share; saturation and the paradox; the statement.

Why: lesson 08 (T3 and T4 in COURSE.md) argues that cheap, empty threats from unofficial "brands" won outsized
coverage until the press saturated, that discredited brands were simply replaced, and that official and
unofficial propaganda ended up competing for one audience. These builders draw the attention model's runs.
Source: the course's stylised attention model (swarmcast.models.attention), illustrating M.R. Torres-Soriano
(2019), "Collapse of Islamic State's 'Caliphate' Has Had an Enormous Impact on Jihadist Activism on the Internet".
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...models.attention import BLOCK_DAYS, attention_blocks, simulate_attention

__all__ = ["MODEL_SOURCE", "attention_timeline_chart", "saturation_chart", "statement_chart"]

MODEL_SOURCE = (
    "Simulated with the course's attention model (a stylised model, not fitted to data), after M.R. Torres-Soriano "
    "(2019), Collapse of Islamic State's 'Caliphate' Has Had an Enormous Impact on Jihadist Activism on the Internet."
)


def _example_blocks() -> dict:
    daily = simulate_attention(days=112, seed=1).daily
    return {"blocks": attention_blocks(daily), "statement_day": 56}


def attention_timeline_chart(*, blocks: pd.DataFrame, statement_day: int | None = None):
    """Three stacked panels over four-week blocks: coverage per threat, brands replaced, official share so far."""
    frame = blocks.assign(
        week=(blocks["start_day"] + BLOCK_DAYS / 2) / 7.0,
        week_start=blocks["start_day"] / 7.0 + 0.3,
        week_end=(blocks["start_day"] + BLOCK_DAYS) / 7.0 - 0.3,
    )
    end = float((blocks["start_day"].max() + BLOCK_DAYS) / 7.0) if len(blocks) else 1.0
    scale = alt.Scale(domain=[0, end], nice=False)
    x = alt.X("week:Q", title="week of the simulated year", scale=scale)
    base = alt.Chart(frame).properties(width=520, height=110)
    tip = [alt.Tooltip("week_start:Q", title="from week", format=".0f"), "threats:Q", "covered:Q", "brands_replaced:Q"]
    cov = base.mark_line(point=True).encode(
        x=x, y=alt.Y("coverage_per_threat:Q", title="covered per threat", axis=alt.Axis(format="%")),
        tooltip=tip + [alt.Tooltip("coverage_per_threat:Q", format=".1%")],
    )
    churn = base.mark_bar(color=charts.PALETTE[1]).encode(
        x=alt.X("week_start:Q", title="week of the simulated year", scale=scale), x2="week_end:Q",
        y=alt.Y("brands_replaced:Q", title="brands replaced", scale=alt.Scale(zero=True)), y2=alt.datum(0),
        tooltip=tip,
    )
    share = base.mark_line(point=True, color=charts.PALETTE[2]).encode(
        x=x,
        y=alt.Y("official_share_so_far:Q", title="official share so far", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        tooltip=tip + [alt.Tooltip("official_share_so_far:Q", format=".1%")],
    )
    # the statement's line is a layer even when there is no statement (then with no row), so ticking the statement
    # changes only the chart's data and the browser redraws it in place
    weeks = [statement_day / 7.0] if statement_day is not None else []
    rule = alt.Chart(pd.DataFrame({"week": pd.Series(weeks, dtype=float)})).mark_rule(
        color=charts.PALETTE[5], strokeDash=[4, 3], aria=False).encode(x="week:Q")  # empty layer: no unlabelled graphic
    panels = [alt.layer(p, rule) for p in (cov, churn, share)]
    chart = alt.vconcat(*panels)
    total_threats = int(blocks["threats"].sum())
    total_cov = int(blocks["covered"].sum())
    rate = total_cov / total_threats if total_threats else float("nan")
    last_share = blocks["official_share_so_far"].dropna()
    share_txt = f"{last_share.iloc[-1]:.0%}" if len(last_share) else "undefined (nothing covered)"
    desc = (
        f"Simulated year in four-week blocks. Top: share of threats covered by the press (overall {rate:.1%} of "
        f"{total_threats:,} threats). Middle: unofficial brands abandoned and replaced "
        f"({int(blocks['brands_replaced'].sum())} in all). Bottom: the official brand's share of all coverage so far "
        f"(ending at {share_txt})."
    )
    if statement_day is not None:
        desc += f" The dashed line marks the 'official channels only' statement on day {statement_day}."
    return charts.finish(chart, title="Coverage, brand churn and the official share (simulated)", description=desc)


def _example_sweep() -> dict:
    return {
        "table": pd.DataFrame(
            {
                "threats_per_day_unofficial": [1.0, 5.0, 20.0],
                "coverage_rate": [0.17, 0.07, 0.026],
                "official_share_of_coverage": [0.47, 0.1, 0.02],
                "official_coverage_rate": [0.26, 0.08, 0.023],
                "n_brands_replaced": [66, 289, 924],
            }
        )
    }


def saturation_chart(*, table: pd.DataFrame):
    """Coverage per threat, and the official brand's share of coverage, against unofficial threats a day."""
    long = table.melt(
        id_vars="threats_per_day_unofficial",
        value_vars=["coverage_rate", "official_share_of_coverage"],
        var_name="measure",
        value_name="share",
    )
    labels = {"coverage_rate": "share of all threats covered", "official_share_of_coverage": "official brand's share of coverage"}
    long["measure"] = long["measure"].map(labels)
    chart = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("threats_per_day_unofficial:Q", title="unofficial threats a day (log scale)", scale=alt.Scale(type="log")),
            y=alt.Y("share:Q", title="share", axis=alt.Axis(format="%")),
            color=alt.Color("measure:N", title=None, legend=alt.Legend(labelLimit=320)),
            tooltip=["threats_per_day_unofficial:Q", "measure:N", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    lo, hi = table.iloc[0], table.iloc[-1]
    rise = f"As unofficial threats rise from {lo['threats_per_day_unofficial']:g} to {hi['threats_per_day_unofficial']:g} a day"
    covered = f"the share of threats the press covers falls from {lo['coverage_rate']:.1%} to {hi['coverage_rate']:.1%}"
    official = (f"the official brand's share of all coverage falls from {lo['official_share_of_coverage']:.0%} to "
                f"{hi['official_share_of_coverage']:.0%}")
    return charts.finish(chart, title="Saturation and the paradox in the attention model",
                         description=f"Simulated. {rise}, {covered}, and {official}.")


def _example_statement() -> dict:
    return {
        "without": simulate_attention(days=120, seed=2).daily,
        "with_statement": simulate_attention(days=120, seed=2, official_statement_day=60).daily,
        "statement_day": 60,
    }


def statement_chart(*, without: pd.DataFrame, with_statement: pd.DataFrame, statement_day: int):
    """The official brand's credibility over time, with and without the "official channels only" statement."""
    frame = pd.concat(
        [
            pd.DataFrame({"day": without["day"], "credibility": without["official_credibility"], "run": "no statement"}),
            pd.DataFrame({"day": with_statement["day"], "credibility": with_statement["official_credibility"],
                          "run": f"statement on day {statement_day}"}),
        ],
        ignore_index=True,
    )
    frame = frame[frame["day"] % 7 == 0]  # one point a week keeps the chart light
    lines = alt.Chart(frame).mark_line().encode(
        x=alt.X("day:Q", title="day of the simulated year"),
        y=alt.Y("credibility:Q", title="official brand's credibility", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("run:N", title=None),
        tooltip=["day:Q", "run:N", alt.Tooltip("credibility:Q", format=".2f")],
    )
    rule = alt.Chart(pd.DataFrame({"day": [statement_day]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(x="day:Q")
    end_without = float(without["official_credibility"].iloc[-1])
    end_with = float(with_statement["official_credibility"].iloc[-1])
    desc = (
        f"Simulated. Without the statement the official brand ends the run with credibility {end_without:.2f}; with "
        f"the statement on day {statement_day}, it ends at {end_with:.2f}, because empty unofficial threats are "
        "no longer blamed on it."
    )
    return charts.finish(alt.layer(lines, rule), title="The official brand distances itself (simulated)", description=desc)


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    attention_timeline_chart: _example_blocks,
    saturation_chart: _example_sweep,
    statement_chart: _example_statement,
}
