"""Lesson 08 explorer and charts: news attention, brand credibility and churn, and the official brand's share.

Why: lesson 08 (T3 and T4 in COURSE.md) argues that cheap, empty threats from unofficial "brands" won outsized
coverage until the press saturated, that discredited brands were simply replaced, and that official and
unofficial propaganda ended up competing for one audience. These functions put the attention model behind
sliders (threat volume, follow-through) and a toggle for the 2018 "official channels only" statement.
Source: the course's stylised attention model (swarmcast.models.attention), illustrating M.R. Torres-Soriano
(2019), "Collapse of Islamic State's 'Caliphate' Has Had an Enormous Impact on Jihadist Activism on the Internet".
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ..._validate import check_fraction, check_int, check_number, check_seed
from ...models.attention import simulate_attention
from ...explorer import Explorer

__all__ = [
    "BLOCK_DAYS",
    "MODEL_SOURCE",
    "attention_explorer",
    "attention_blocks",
    "attention_timeline_chart",
    "saturation_sweep",
    "saturation_chart",
    "statement_chart",
]

#: The explorer's charts count in blocks of four weeks: weekly counts of covered threats are too small to read.
BLOCK_DAYS = 28
MODEL_SOURCE = (
    "Simulated with the course's attention model (a stylised model, not fitted to data), after M.R. Torres-Soriano "
    "(2019), Collapse of Islamic State's 'Caliphate' Has Had an Enormous Impact on Jihadist Activism on the Internet."
)


def attention_blocks(daily: pd.DataFrame) -> pd.DataFrame:
    """Aggregate the attention model's daily table into four-week blocks for plotting.

    Columns: ``block`` (0-based), ``start_day``, ``threats``, ``covered``, ``coverage_per_threat`` (covered /
    threats in the block), ``brands_replaced``, ``official_share_so_far`` (the official brand's share of all
    coverage from day 0 to the end of the block), ``official_credibility`` and ``unofficial_credibility``
    (at the end of the block). A last block shorter than four weeks is dropped. Simulated.
    """
    need = {"day", "threats", "covered", "covered_official", "n_brands_replaced", "official_credibility",
            "mean_unofficial_credibility"}
    if not isinstance(daily, pd.DataFrame) or not need <= set(daily.columns):
        raise ValueError("daily must be the .daily table of simulate_attention (columns day, threats, covered, ...)")
    day = daily["day"].to_numpy()
    block = (day // BLOCK_DAYS).astype(np.int64)
    n = int(block.max()) + 1 if block.size else 0
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, block, np.arange(block.size))  # row index of each block's last day (days are sorted)

    def total(col):
        return np.bincount(block, weights=daily[col].to_numpy(dtype=float), minlength=n)

    threats, covered, covered_official = total("threats"), total("covered"), total("covered_official")
    cum_cov = np.cumsum(covered)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "block": np.arange(n),
                "start_day": np.arange(n) * BLOCK_DAYS + int(day.min() if day.size else 0),
                "threats": threats.astype(np.int64),
                "covered": covered.astype(np.int64),
                "covered_official": covered_official.astype(np.int64),
                "brands_replaced": total("n_brands_replaced").astype(np.int64),
                "official_credibility": daily["official_credibility"].to_numpy()[last],
                "unofficial_credibility": daily["mean_unofficial_credibility"].to_numpy()[last],
                "coverage_per_threat": np.where(threats > 0, covered / threats, np.nan),
                "official_share_so_far": np.where(cum_cov > 0, np.cumsum(covered_official) / cum_cov, np.nan),
            }
        )
    full = np.bincount(block, minlength=n) == BLOCK_DAYS
    if full.any() and not full.all():
        out = out[full].reset_index(drop=True)  # a last, shorter block would read as a sudden drop
    out.attrs["simulated"] = True
    return out


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


def saturation_sweep(
    *,
    threats_per_day: Sequence[float] = (0.5, 1, 2, 5, 10, 20, 40),
    follow_through_unofficial: float = 0.02,
    days: int = 365,
    seed: int,
) -> pd.DataFrame:
    """Run the attention model once per unofficial threat volume and tabulate coverage and the official share.

    Why: the lesson's two static findings come from this table: coverage per threat falls as threats pile up
    (saturation), and the official brand's share of coverage and its own coverage rate fall as unofficial
    volume rises (the paradox). Source: the course's attention model (stylised), after Torres-Soriano (2019).
    """
    if isinstance(threats_per_day, (str, bytes)) or not isinstance(threats_per_day, Sequence) or not (
        1 <= len(threats_per_day) <= 20
    ):
        raise ValueError(f"threats_per_day must be a list of 1 to 20 numbers; got {threats_per_day!r}")
    rates = [check_number("threats_per_day", r, low=0, high=200) for r in threats_per_day]
    ft = check_fraction("follow_through_unofficial", follow_through_unofficial)
    days = check_int("days", days, low=30, high=3650)
    seed = check_seed(seed)
    rows = []
    for r in rates:
        res = simulate_attention(days=days, threats_per_day_unofficial=r, follow_through_unofficial=ft, seed=seed)
        rows.append(
            {
                "threats_per_day_unofficial": r,
                "coverage_rate": res.coverage_rate,
                "official_share_of_coverage": res.official_share_of_coverage,
                "official_coverage_rate": res.official_coverage_rate,
                "n_brands_replaced": res.n_brands_replaced,
            }
        )
    df = pd.DataFrame(rows)
    df.attrs["simulated"] = True
    return df


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
    desc = (
        f"Simulated. As unofficial threats rise from {lo['threats_per_day_unofficial']:g} to "
        f"{hi['threats_per_day_unofficial']:g} a day, the share of threats the press covers falls from "
        f"{lo['coverage_rate']:.1%} to {hi['coverage_rate']:.1%}, and the official brand's share of all coverage "
        f"falls from {lo['official_share_of_coverage']:.0%} to {hi['official_share_of_coverage']:.0%}."
    )
    return charts.finish(chart, title="Saturation and the paradox in the attention model", description=desc)


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


def attention_explorer(*, seed: int = 7, days: int = 364, statement_day: int = 182) -> Explorer:
    """An explorer over the attention model: unofficial threat volume and follow-through, and the statement.

    Why: students see saturation (more threats, less coverage each), churn (empty threats discredit brands,
    which are replaced) and the paradox (unofficial noise crowds out the official brand) move together, and
    what the "official channels only" statement changes. Source: the course's attention model (stylised).
    """
    import ipywidgets as w

    seed = check_seed(seed)
    days = check_int("days", days, low=56, high=1095)
    statement_day = check_int("statement_day", statement_day, low=1, high=days - 1)
    style = {"description_width": "initial"}
    volume = w.FloatSlider(value=5.0, min=0.5, max=40.0, step=0.5, description="unofficial threats a day",
                           style=style, layout=w.Layout(width="26em"))
    follow = w.FloatSlider(value=0.02, min=0.0, max=0.5, step=0.01, description="share of threats followed by any event",
                           style=style, layout=w.Layout(width="30em"), readout_format=".2f")
    statement = w.Checkbox(value=False, description=f"official 'trust official channels only' statement on day {statement_day}",
                           indent=False, layout=w.Layout(width="34em"))

    def compute(volume, follow_through, statement):
        res = simulate_attention(
            days=days,
            threats_per_day_unofficial=volume,
            follow_through_unofficial=follow_through,
            official_statement_day=statement_day if statement else None,
            seed=seed,
        )
        return {"result": res, "blocks": attention_blocks(res.daily)}

    def render(out, values):
        return attention_timeline_chart(blocks=out["blocks"], statement_day=statement_day if values["statement"] else None)

    def summarise(out, values):
        res = out["result"]
        off = "no coverage at all" if np.isnan(res.official_share_of_coverage) else f"{res.official_share_of_coverage:.0%} of all coverage"
        text = (
            f"With {values['volume']:g} unofficial threats a day, {values['follow_through']:.0%} of them followed by any "
            f"event: the press covered {res.coverage_rate:.1%} of all threats; {res.n_brands_replaced:,} unofficial brands "
            f"were discredited and replaced; the official brand got {off}."
        )
        if values["statement"]:
            d = res.daily
            on_day = int(d.loc[statement_day, "n_brands_replaced"])
            text += f" On the statement day {on_day} brands were abandoned at once."
        return text

    return Explorer(
        controls={"volume": volume, "follow_through": follow, "statement": statement},
        compute=compute,
        render=render,
        summarise=summarise,
        sources=[MODEL_SOURCE],
        simulated=True,
        instructions=(
            "Move the sliders: raise the volume of unofficial threats, then lower their follow-through. "
            "Tick the box to add the official statement and watch the brands and the official share."
        ),
    )


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    attention_timeline_chart: _example_blocks,
    saturation_chart: _example_sweep,
    statement_chart: _example_statement,
}
