"""Lesson 02 explorer: the fall of official output and the pressures of the same years, on one timeline.

Why: Lakomy (2017) names several causes of the decline of Islamic State output from 2016 (platforms and agencies,
airstrikes, counter-speech by users). They all acted at the same time, and the course has only a few published
points of the output itself, so no single cause can be read off the data. The explorer shows every cited figure as a
point (with a bar for the window it covers), never as an interpolated line, and lets students pick one pressure as
"the" cause to see why that story cannot be tested, fails on timing, or is matched by rival causes.
Sources: the rows of ``ctc_visual_output``, ``offline_pressure``, ``twitter_blog_2016``, ``twitter_transparency``
and ``timeline`` (Milton 2016 and 2018, CTC West Point; Shane 2016, New York Times; Heißner et al. 2017, ICSR/EY;
Twitter's blog and transparency reports; US/coalition airstrike counts as reported by the press); the argument is
Lakomy's (2017, Perspectives on Terrorism), as reported by McIntosh (2017).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import altair as alt
import pandas as pd

from ... import charts, data
from ..._validate import check_choice
from ...explorer import Explorer

__all__ = [
    "PRESSURES",
    "WINDOWS",
    "DeclineView",
    "official_output_rows",
    "pressure_rows",
    "compare_pressures",
    "output_points_chart",
    "pressures_chart",
    "pressures_explorer",
]

#: The pressures the explorer can show, in display order: key -> label. ``counter_speech`` has no figure in the
#: course data: the source article names it, but the course found no count of it.
PRESSURES: dict[str, str] = {
    "airstrikes": "Coalition airstrikes (cumulative count)",
    "media_operatives": "Media operatives announced killed",
    "revenue": "IS annual revenue (estimates)",
    "territory": "Share of mid-2014 territory lost",
    "twitter_suspensions": "Twitter suspensions (cumulative counts)",
    "eu_iru": "Europol's Internet Referral Unit (set up)",
    "hash_sharing": "Companies' shared hash database (commitment, launch)",
    "counter_speech": "Counter-speech by ordinary users",
}

_SHORT = {
    "airstrikes": "airstrikes",
    "media_operatives": "the killing of media operatives",
    "revenue": "the fall in revenue",
    "territory": "the loss of territory",
    "twitter_suspensions": "Twitter suspensions",
    "eu_iru": "Europol's referral unit",
    "hash_sharing": "the companies' shared hash database",
    "counter_speech": "counter-speech by users",
}

#: Windows over which the output counts can be compared, each within one line of counting: key -> label.
WINDOWS: dict[str, str] = {
    "2015-08_to_2016-08": "Aug 2015 to Aug 2016 (2016 study, as reported)",
    "2015-08_to_2018-06": "Aug 2015 to Jun 2018 (CTC's 2018 update)",
}
_WINDOW_DATES = {
    "2015-08_to_2016-08": (pd.Timestamp("2015-08-01"), pd.Timestamp("2016-08-31")),
    "2015-08_to_2018-06": (pd.Timestamp("2015-08-01"), pd.Timestamp("2018-06-30")),
}
# Which collections of the output counts belong to which window (never mix dataset versions in one fall).
_WINDOW_COLLECTIONS = {
    "2015-08_to_2016-08": ("mcintosh_on_lakomy_2017", "nyt_on_ctc_2016"),
    "2015-08_to_2018-06": ("ctc_2018_update",),
}
_COLLECTION_LABELS = {
    "ctc_2018_update": "CTC 2018 update (V1)",
    "nyt_on_ctc_2016": "NYT on the CTC 2016 study (V2)",
    "mcintosh_on_lakomy_2017": "source article (U)",
}
_EVENT_LABELS = {"hash_sharing_commitment": "shared hash database committed", "gifct_launch": "GIFCT launched"}
_COLLECTION_ORDER = ("ctc_2018_update", "nyt_on_ctc_2016", "mcintosh_on_lakomy_2017")
_OUTPUT_COLOUR_LIST = (charts.PALETTE[5], charts.PALETTE[0], charts.PALETTE[3])
_NO_CAUSE = "none"
_DOMAIN = ("2014-07-01", "2018-12-31")
_BOUND_SHAPES = {"exact": "circle", "at_least": "triangle-up", "at_most": "triangle-down", "approx": "diamond"}


def _cols(frame: pd.DataFrame, series, pressure: str, *, scale: float = 1.0, unit: str | None = None,
          is_event: bool = False) -> pd.DataFrame:
    out = pd.DataFrame({
        "pressure": pressure,
        "series": series,
        "period_start": frame["period_start"].to_numpy(),
        "period_end": frame["period_end"].to_numpy(),
        "value": (frame["value"].astype(float) / scale).to_numpy() if not is_event else float("nan"),
        "unit": unit if unit is not None else frame["unit"].astype(str).to_numpy(),
        "bound": frame["bound"].astype(str).to_numpy(),
        "verification": frame["verification"].astype(str).to_numpy(),
        "source_id": frame["source_id"].astype(str).to_numpy(),
        "note": frame["note"].fillna("").astype(str).to_numpy(),
        "is_event": is_event,
    })
    return out


@functools.cache
def _official_output() -> pd.DataFrame:
    ctc = data.load("ctc_visual_output")
    rows = ctc[ctc["measure"] == "monthly_releases"].copy()
    rows["collection"] = rows["collection"].astype(str)
    rows["series"] = rows["collection"].map(_COLLECTION_LABELS)
    return rows.sort_values(["period_end", "collection"], ignore_index=True)


def official_output_rows() -> pd.DataFrame:
    """The published monthly counts of official IS visual releases, one row per count, with its collection.

    Why: lesson 02 computes the fall from each version (761, 754, 'more than 700' ...) and must not mix them.
    Source: ``ctc_visual_output`` (Milton 2016 and 2018, CTC West Point; Shane 2016; McIntosh 2017).
    """
    return _official_output().copy()


@functools.cache
def _pressures() -> pd.DataFrame:
    op = data.load("offline_pressure")
    blog = data.load("twitter_blog_2016")
    tr = data.load("twitter_transparency")
    tl = data.load("timeline")
    hashes = tl[tl["event"].isin(list(_EVENT_LABELS))]
    parts = [
        _cols(op[(op["pressure"] == "airstrikes") & (op["area"] == "all")], "strikes since Aug 2014", "airstrikes"),
        _cols(op[op["pressure"] == "media_operatives"], "deaths announced by the group", "media_operatives"),
        _cols(op[op["measure"] == "annual_revenue"], "annual revenue (ICSR/EY; the floor is U)", "revenue",
              scale=1e6, unit="US$ million"),
        _cols(op[(op["pressure"] == "territory") & (op["area"] == "iraq")], "Iraq", "territory"),
        _cols(op[(op["pressure"] == "territory") & (op["area"] == "syria")], "Syria", "territory"),
        _cols(blog[blog["row_id"].isin(["tb_suspensions_to_2016_02", "tb_suspensions_cumulative_to_2016_08"])],
              "Twitter blog, since mid-2015", "twitter_suspensions"),
        _cols(tr[tr["measure"] == "suspensions_cumulative"], "transparency reports, since 1 Aug 2015",
              "twitter_suspensions"),
        _cols(tl[tl["event"] == "eu_iru_set_up"], "EU IRU set up", "eu_iru", is_event=True),
        _cols(hashes, hashes["event"].astype(str).map(_EVENT_LABELS).to_numpy(), "hash_sharing", is_event=True),
    ]
    out = pd.concat(parts, ignore_index=True)
    out["label"] = out["pressure"].map(PRESSURES)
    return out


def pressure_rows() -> pd.DataFrame:
    """Every cited figure or dated event behind the pressures of lesson 02, one row each, in plotting units.

    Why: the explorer draws these as points on a shared timeline; students can read the same rows in a table.
    Revenue is in US$ million; events (the EU IRU, the hash database) have no value, only a date.
    Source: ``offline_pressure``, ``twitter_blog_2016``, ``twitter_transparency`` and ``timeline``.
    """
    return _pressures().copy()


def _fall(start: float, end: float) -> float:
    return 100.0 * (start - end) / start


def _output_change(window: str) -> tuple[str, pd.DataFrame]:
    out = _official_output()
    rows = out[out["collection"].isin(_WINDOW_COLLECTIONS[window])]
    parts = []
    for collection in _WINDOW_COLLECTIONS[window]:
        r = rows[rows["collection"] == collection].sort_values("period_end")
        first, last = r.iloc[0], r.iloc[-1]
        pct = _fall(first["value"], last["value"])
        qualifier = "at least " if (first["bound"] == "at_least" and last["bound"] == "at_most") else ""
        words = {"at_least": "more than ", "at_most": "under "}
        parts.append(f"{qualifier}{pct:.0f}% ({_COLLECTION_LABELS[collection]}: {words.get(first['bound'], '')}"
                     f"{first['value']:,.0f} to {words.get(last['bound'], '')}{last['value']:,.0f})")
    return "; ".join(parts), rows


def _timing(rows: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'no_data', 'after' (first evidence after the window), 'before' or 'during'."""
    if rows.empty:
        return "no_data"
    events = rows["is_event"].to_numpy()
    begins = rows["period_start"]
    # an event starts a continuing pressure: it acts from its date on
    active_end = rows["period_end"].where(~events, pd.Timestamp("2100-01-01"))
    if (begins > end).all():
        return "after"
    if (active_end < start).all():
        return "before"
    return "during"


def _period(r) -> str:
    a, b = f"{r.period_start:%b %Y}", f"{r.period_end:%b %Y}"
    return a if a == b else f"{a} to {b}"


def _figure(r) -> str:
    return f"{r.value:,.0f} {r.unit} ({_period(r)}, {r.bound.replace('_', ' ')}, {r.verification})"


def _evidence(rows: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """The cited figures behind a pressure for one window: those ending inside it first, else longer ones."""
    if rows.empty:
        return "no figure in the course data"
    if rows["is_event"].all():
        return "; ".join(f"{r.series} {_period(r)}" for r in rows.itertuples())
    overlap = rows[(rows["period_start"] <= end) & (rows["period_end"] >= start)].sort_values("period_end")
    ends_inside = overlap[overlap["period_end"] <= end]
    if not ends_inside.empty:
        bits = [_figure(r) for r in ends_inside.itertuples()]
        more = len(overlap) - len(ends_inside)
        return "; ".join(bits) + (f"; plus {more} figure(s) covering a longer period" if more else "")
    if not overlap.empty:
        return "only figures covering a longer period: " + "; ".join(_figure(r) for r in overlap.head(2).itertuples())
    return "no figure overlaps the window"


@dataclass(frozen=True)
class DeclineView:
    """What the explorer shows for one choice of window, pressures and single cause (observed data, not simulated).

    ``verdicts`` has one row per pressure: its timing relative to the window (during, after, before or no_data),
    how many cited rows overlap the window, and a short evidence text. ``rivals`` are the other pressures also
    acting during the window. ``story`` is 'none', 'untestable', 'fails_on_timing' or 'confounded'.
    """

    window: str
    window_start: pd.Timestamp
    window_end: pd.Timestamp
    output_change: str
    output: pd.DataFrame
    shown: tuple[str, ...]
    rows: pd.DataFrame
    verdicts: pd.DataFrame
    cause: str
    rivals: tuple[str, ...]
    story: str
    simulated: bool = False


@functools.cache
def _verdicts(window: str) -> pd.DataFrame:
    start, end = _WINDOW_DATES[window]
    allrows = _pressures()
    records = []
    for key, label in PRESSURES.items():
        rows = allrows[allrows["pressure"] == key]
        inside = rows[(rows["period_start"] <= end) & (rows["period_end"] >= start)]
        records.append({"pressure": key, "label": label, "timing": _timing(rows, start, end),
                        "rows_in_window": int(len(inside)), "evidence": _evidence(rows, start, end)})
    return pd.DataFrame(records)


def _check_shown(shown) -> tuple[str, ...]:
    if isinstance(shown, str) or not hasattr(shown, "__iter__"):
        raise ValueError(f"shown must be a list of pressure names from {', '.join(PRESSURES)}; got {shown!r}")
    shown = tuple(shown)
    for key in shown:
        check_choice("shown", key, PRESSURES)
    return tuple(k for k in PRESSURES if k in shown)


def compare_pressures(*, window: str = "2015-08_to_2016-08", shown=("airstrikes", "revenue", "twitter_suspensions"),
                      cause: str = _NO_CAUSE) -> DeclineView:
    """The output fall over ``window``, the chosen pressures' cited rows, and a verdict on a one-cause story.

    Why: lesson 02's point that several pressures acting at once defeat simple attribution, checked row by row.
    ``window`` is a key of WINDOWS; ``shown`` lists keys of PRESSURES to draw; ``cause`` is 'none' or a key of
    PRESSURES (the student's single cause). Source: the course data tables named in the module docstring.
    """
    check_choice("window", window, WINDOWS)
    shown = _check_shown(shown)
    check_choice("cause", cause, (_NO_CAUSE, *PRESSURES))
    start, end = _WINDOW_DATES[window]
    change, output = _output_change(window)
    verdicts = _verdicts(window).copy()
    allrows = _pressures()
    rows = allrows[allrows["pressure"].isin(shown)]
    if cause == _NO_CAUSE:
        rivals, story = (), "none"
    else:
        timing = verdicts.set_index("pressure").at[cause, "timing"]
        rivals = tuple(k for k in verdicts.loc[verdicts["timing"] == "during", "pressure"] if k != cause)
        story = {"no_data": "untestable", "after": "fails_on_timing", "before": "fails_on_timing"}.get(
            timing, "confounded")
    return DeclineView(window=window, window_start=start, window_end=end, output_change=change, output=output,
                       shown=shown, rows=rows, verdicts=verdicts, cause=cause, rivals=rivals, story=story)


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------


def _tooltip():
    return [alt.Tooltip("series:N", title="series"), alt.Tooltip("value:Q", format=",.0f"), "unit:N",
            alt.Tooltip("period_start:T", title="from"), alt.Tooltip("period_end:T", title="to"), "bound:N",
            "verification:N", "source_id:N", "note:N"]


def _plot_frame(rows: pd.DataFrame) -> pd.DataFrame:
    columns = ["series", "period_start", "period_end", "value", "unit", "bound", "verification", "source_id", "note"]
    keep = [c for c in columns if c in rows]
    plot = rows[keep].copy()
    for col in ("series", "unit", "bound", "verification", "source_id", "note"):
        plot[col] = plot[col].astype(str)
    return plot[plot["period_end"] <= pd.Timestamp(_DOMAIN[1])]


def _example_output() -> dict:
    return {"rows": official_output_rows()}


def _output_layer(rows: pd.DataFrame, *, height: int, y_title: str):
    """The output counts as points coloured by collection (faded when unverified), shaped by bound."""
    x_axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, title=None)
    colours = [(_COLLECTION_LABELS[k], c) for k, c in zip(_COLLECTION_ORDER, _OUTPUT_COLOUR_LIST)]
    return alt.Chart(_plot_frame(rows)).mark_point(size=110, filled=True).encode(
        x=alt.X("period_end:T", scale=alt.Scale(domain=list(_DOMAIN)), axis=x_axis),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=True)),
        color=alt.Color("series:N", title="output counted by", legend=alt.Legend(orient="right", labelLimit=260),
                        scale=alt.Scale(domain=[n for n, _ in colours], range=[c for _, c in colours])),
        opacity=alt.Opacity("verification:N", scale=alt.Scale(domain=["V1", "V2", "U"], range=[1.0, 1.0, 0.45]),
                            legend=None),
        shape=alt.Shape("bound:N", title="bound", legend=alt.Legend(labelExpr="replace(datum.label, '_', ' ')"),
                        scale=alt.Scale(domain=list(_BOUND_SHAPES), range=list(_BOUND_SHAPES.values()))),
        tooltip=_tooltip(),
    ).properties(width=520, height=height)


def output_points_chart(*, rows: pd.DataFrame):
    """The published monthly counts of official visual releases as points, one colour per collection."""
    if "series" not in rows:
        rows = rows.assign(series=rows["collection"].astype(str).map(_COLLECTION_LABELS))
    chart = _output_layer(rows, height=240, y_title="official visual releases in the month")
    plot = _plot_frame(rows)
    values = ", ".join(f"{r.value:,.0f} ({r.period_end:%b %Y}, {r.series}, {r.bound.replace('_', ' ')})"
                       for r in plot.itertuples())
    description = (f"{len(plot)} published monthly counts of official IS visual releases, drawn as separate points "
                   f"and not joined, because they come from different collections: {values}. Faded points are "
                   "unverified (U).")
    return charts.finish(chart, title="Official visual releases per month: every published count",
                         description=description)


_OUTPUT_PANEL = "Official visual releases per month (published counts only)"
_OUTPUT_HEIGHT, _PANEL_HEIGHT, _PX_PER_UNIT = 1.6, 1.0, 70
_DODGE = 0.2  # chart units (14 px) between points of one date that would overlap
_BOUND_MARK = {"at_least": "\u2265", "at_most": "\u2264", "approx": "~", "exact": ""}
_OUTPUT_COLOURS = {_COLLECTION_LABELS[k]: c for k, c in zip(_COLLECTION_ORDER, _OUTPUT_COLOUR_LIST)}
_PRESSURE_COLOUR = "#333333"
_PRESSURE_SERIES = "pressure figure"
_SERIES_TAGS = {"Twitter blog, since mid-2015": "blog", "transparency reports, since 1 Aug 2015": "reports"}


def _panel_label(key: str, rows: pd.DataFrame, cause: str) -> str:
    unit = ""
    if not rows.empty and not rows["is_event"].all():
        unit = f" ({rows['unit'].iloc[0]})"
    return PRESSURES[key] + unit + ("  \u2190 your single cause" if key == cause else "")


def _value_text(value: float, bound: str, unit: str, verification: str) -> str:
    number = f"{value:,.0f}" + ("%" if unit == "percent" else "")
    return _BOUND_MARK.get(bound, "") + number + (" (U)" if verification == "U" else "")


def _stack(view: DeclineView) -> dict[str, pd.DataFrame]:
    """The layers of the explorer chart: every panel is a horizontal strip with its own scale from zero."""
    panels = [(_OUTPUT_PANEL, _plot_frame(_official_output()), _OUTPUT_HEIGHT, "output")]
    for key in view.shown:
        rows = view.rows[view.rows["pressure"] == key]
        kind = "nodata" if rows.empty else ("event" if rows["is_event"].all() else "figure")
        panels.append((_panel_label(key, rows, view.cause), _plot_frame(rows), _PANEL_HEIGHT, kind))
    x0, x1 = pd.Timestamp(_DOMAIN[0]), pd.Timestamp(_DOMAIN[1])
    figures, labels, titles, floors, events = [], [], [], [], []
    base = 0.0
    for title, rows, height, kind in reversed(panels):
        top = base + height
        titles.append({"x": x0, "y": top - 0.06, "text": title})
        floors.append({"x": x0, "x2": x1, "y": base + 0.1})
        if kind in ("figure", "output"):
            vmax = float(rows["value"].max()) or 1.0
            plot = rows.assign(y=base + 0.1 + 0.55 * height * rows["value"] / vmax,
                               series=rows["series"] if kind == "output" else _PRESSURE_SERIES)
            tagged = kind == "figure" and rows["series"].nunique() > 1  # name the series when a strip has several
            # Points at the same date with close values (761, 754 and >=700 releases) would sit on one spot with
            # one label run through the bars: each gets its own row, _DODGE apart, and its own label beside it.
            plot = plot.assign(label_series=rows["series"])
            for end, group in plot.groupby("period_end", sort=True):
                previous = None
                for idx in group.sort_values(["y", "value"], ascending=False).index:
                    y = float(plot.at[idx, "y"])
                    if previous is not None and y > previous - _DODGE:
                        y = previous - _DODGE
                        plot.at[idx, "y"] = y
                    previous = y
                    r = plot.loc[idx]
                    text = (f"{_SERIES_TAGS.get(r.label_series, r.label_series)} " if tagged else "") + \
                        _value_text(r.value, r.bound, r.unit, r.verification)
                    labels.append({"x": end, "y": y, "text": text})
            figures.append(plot.drop(columns="label_series"))
        elif kind == "event":
            for slot, r in enumerate(rows.itertuples()):
                events.append({"period_start": r.period_start, "y": base + 0.1, "y2": top - 0.25, "series": r.series,
                               "source_id": r.source_id, "note": r.note})
                labels.append({"x": r.period_start, "y": top - 0.35 - 0.22 * (slot % 2), "text": r.series})
        else:
            labels.append({"x": pd.Timestamp("2015-06-01"), "y": base + 0.4,
                           "text": "no figure in the course data: the source article gives no count"})
        base = top + 0.15
    return {
        "figures": pd.concat(figures, ignore_index=True) if figures else pd.DataFrame(),
        "labels": pd.DataFrame(labels), "titles": pd.DataFrame(titles), "floors": pd.DataFrame(floors),
        "events": pd.DataFrame(events, columns=["period_start", "y", "y2", "series", "source_id", "note"]),
        "height": base,
    }


def _from_top(layers: dict) -> dict:
    """The layers with y (and y2) measured down from the chart's top edge instead of up from its bottom."""
    top = layers["height"]
    out = dict(layers)
    for key, frame in layers.items():
        if isinstance(frame, pd.DataFrame) and "y" in frame.columns:
            out[key] = frame.assign(**{c: top - frame[c] for c in ("y", "y2") if c in frame.columns})
    return out


def _example_view() -> dict:
    return {"view": compare_pressures(shown=("airstrikes", "hash_sharing", "counter_speech"), cause="hash_sharing")}


def pressures_chart(*, view: DeclineView):
    """Official output and the chosen pressures on one timeline, each as cited points; the window shaded.

    One layered chart of horizontal strips (cheap to draw and to redraw): each strip has its own scale from zero and
    every point carries its value, so no y axis is needed.
    """
    layers = _from_top(_stack(view))
    x_scale = alt.Scale(domain=list(_DOMAIN))
    x_axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, title=None, grid=True)
    # y counts units down from the top of the chart, on a scale that does not depend on how many strips are shown:
    # ticking a pressure then changes only the data and the chart's height, which the browser redraws in place
    y_scale = alt.Scale(domain=[0, 1], range=[0, _PX_PER_UNIT], nice=False, zero=False)
    band = pd.DataFrame({"period_start": [view.window_start], "period_end": [view.window_end], "y": [layers["height"]],
                         "y2": [0.0]})
    parts = [
        alt.Chart(band).mark_rect(color="#dddddd", opacity=0.6).encode(
            x=alt.X("period_start:T", scale=x_scale, axis=x_axis), x2="period_end:T",
            y=alt.Y("y:Q", scale=y_scale, axis=None), y2="y2:Q"),
        alt.Chart(layers["floors"]).mark_rule(color="#999999", strokeWidth=1).encode(
            x=alt.X("x:T", scale=x_scale), x2="x2:T", y=alt.Y("y:Q", scale=y_scale, axis=None)),
        alt.Chart(layers["titles"]).mark_text(align="left", baseline="top", dx=4, fontSize=12, fontWeight="bold").encode(
            x=alt.X("x:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale, axis=None), text="text:N"),
    ]
    if len(layers["figures"]):
        figures = layers["figures"]
        domain = [k for k in _OUTPUT_COLOURS if k in set(figures["series"])] + [_PRESSURE_SERIES]
        colour = alt.Color("series:N", title="counted by", legend=alt.Legend(orient="bottom", columns=2, labelLimit=300),
                           scale=alt.Scale(domain=domain, range=[_OUTPUT_COLOURS.get(d, _PRESSURE_COLOUR) for d in domain]))
        opacity = alt.Opacity("verification:N", scale=alt.Scale(domain=["V1", "V2", "U"], range=[1.0, 1.0, 0.4]), legend=None)
        y = alt.Y("y:Q", scale=y_scale, axis=None)
        parts += [
            alt.Chart(figures).mark_rule(strokeWidth=2, clip=True).encode(
                x=alt.X("period_start:T", scale=x_scale), x2="period_end:T", y=y, color=colour, opacity=opacity),
            alt.Chart(figures).mark_point(size=90, filled=True, clip=True).encode(
                x=alt.X("period_end:T", scale=x_scale), y=y, color=colour, opacity=opacity, tooltip=_tooltip(),
                shape=alt.Shape("bound:N", title="bound", legend=alt.Legend(labelExpr="replace(datum.label, '_', ' ')"), scale=alt.Scale(
                    domain=list(_BOUND_SHAPES), range=list(_BOUND_SHAPES.values())))),
        ]
    # always a layer (empty when no event is ticked), so ticking an event keeps the chart's structure
    # aria=False: an empty layer would otherwise be an unlabelled graphic for screen readers (the chart's own
    # description and caption name the ticked events)
    parts.append(alt.Chart(layers["events"]).mark_rule(strokeWidth=3, color=charts.PALETTE[3], aria=False).encode(
        x=alt.X("period_start:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale, axis=None), y2="y2:Q",
        tooltip=[alt.Tooltip("series:N", title="event"), alt.Tooltip("period_start:T", title="date"),
                 "source_id:N", "note:N"]))
    if len(layers["labels"]):
        parts.append(alt.Chart(layers["labels"]).mark_text(align="left", baseline="middle", dx=8, fontSize=11,
                                                           color="#222222").encode(
            x=alt.X("x:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale, axis=None), text="text:N"))
    chart = alt.layer(*parts, width=560, height=int(_PX_PER_UNIT * layers["height"]))  # one copy less than .properties
    shown = ", ".join(_SHORT[k] for k in view.shown)
    off = int((view.rows["period_end"] > pd.Timestamp(_DOMAIN[1])).sum())
    description = (
        f"Shaded window: {WINDOWS[view.window]}. Official output fell by {view.output_change}. "
        + (f"Strips below show {shown}, each figure as a labelled point at the end of the period it covers, with a "
           "bar for that period, on its own scale from zero. " if shown else
           "No pressure is ticked, so only the output counts are drawn. ")
        + "Points are never joined, since no monthly series is public."
        + (f" {off} later figure(s) fall beyond 2018 and are not drawn." if off else "")
    )
    subtitle = ("Single cause tested: " + PRESSURES[view.cause] if view.cause != _NO_CAUSE else "No single cause chosen") \
        + ". Each strip has its own scale from zero."
    return charts.finish(chart, title="The fall of official output and the pressures of the same years",
                         description=description, subtitle=subtitle)


# --------------------------------------------------------------------------------------------
# Explorer
# --------------------------------------------------------------------------------------------


def _summary(view: DeclineView) -> str:
    first = f"{WINDOWS[view.window]}: official output fell by {view.output_change}."
    if view.story == "none":
        during = view.verdicts.loc[view.verdicts["timing"] == "during", "label"].tolist()
        return (f"{first} {len(during)} of the {len(PRESSURES)} pressures were acting during this window; "
                "pick one as the single cause to test that story.")
    name = _SHORT[view.cause]
    if view.story == "untestable":
        return (f"{first} Story: {name} alone caused it. Untestable: there is no figure for it in the course data, "
                "so the data can neither support nor refute it.")
    if view.story == "fails_on_timing":
        verdict = view.verdicts.set_index("pressure").loc[view.cause]
        when = ("comes after the window ends, so it cannot explain this fall (it may matter later)"
                if verdict["timing"] == "after" else "ends before the window starts, so it cannot explain this fall")
        return f"{first} Story: {name} alone caused it. It fails on timing: the evidence ({verdict['evidence']}) {when}."
    hidden = [k for k in view.rivals if k not in view.shown]
    per_version = int(view.output.groupby("collection").size().max())
    return (f"{first} Story: {name} alone caused it. Confounded: {len(view.rivals)} other pressures acted in the same "
            f"window ({', '.join(_SHORT[k] for k in view.rivals)})"
            + (f"; {len(hidden)} of them are not ticked" if hidden else "")
            + f". With {per_version} published output counts per version and no pressure measured month by month, "
            "every one of these stories fits the data equally well, and the data cannot tell them apart.")


def pressures_explorer(*, window: str = "2015-08_to_2016-08", shown=("airstrikes", "revenue", "twitter_suspensions"),
                       cause: str = _NO_CAUSE) -> Explorer:
    """The lesson 02 explorer: a window, a tick box per pressure, and a single-cause story to test.

    Why: students see every cited figure of the decline years on one timeline and learn why several pressures acting
    at once defeat simple attribution. Observed figures only: nothing here is simulated or interpolated.
    Source: see the module docstring; each row's source is in the tooltip and the caption.
    """
    import ipywidgets as w

    first = compare_pressures(window=window, shown=shown, cause=cause)  # validates the arguments
    style = {"description_width": "initial"}
    window_dd = w.Dropdown(options=[(label, key) for key, label in WINDOWS.items()], value=window,
                           description="Window", style=style, layout=w.Layout(width="31em"))
    cause_dd = w.Dropdown(options=[("(no single cause)", _NO_CAUSE)] + [(label, key) for key, label in PRESSURES.items()],
                          value=cause, description="Single-cause story", style=style, layout=w.Layout(width="30em"))
    boxes = {f"show_{key}": w.Checkbox(value=key in first.shown, description=label, indent=False, style=style,
                                       layout=w.Layout(width="auto", margin="0 1.2em 0 0"))
             for key, label in PRESSURES.items()}

    def compute(window, cause, **ticks):
        return compare_pressures(window=window, cause=cause,
                                 shown=[k for k in PRESSURES if ticks[f"show_{k}"]])

    def render(view, _values):
        return pressures_chart(view=view)

    def summarise(view, _values):
        return _summary(view)

    ids = set(_official_output()["source_id"]) | set(_pressures()["source_id"])
    return Explorer(
        controls={"window": window_dd, "cause": cause_dd, **boxes},
        compute=compute,
        render=render,
        summarise=summarise,
        sources=[data.cite(s) for s in sorted(ids)],
        simulated=False,
        instructions=("Tick the pressures to draw them under the output counts. Then pick one pressure as the single "
                      "cause of the fall and read the verdict under the chart. Hover over a point for its source."),
    )


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    output_points_chart: _example_output,
    pressures_chart: _example_view,
}
