"""Lesson 02's rows: the published counts of official output and the cited pressures of the decline years.

Why: Lakomy (2017) names several causes of the decline of Islamic State output from 2016 (platforms and agencies,
airstrikes, counter-speech by users). They all acted at the same time, and the course has only a few published
points of the output itself, so no single cause can be read off the data. This module shapes the data package's
rows for that lesson (every cited figure a row, never an interpolated series) and checks a one-cause story against
them (:func:`compare_pressures`); ``swarmcast.lessons.l02_cracks_in_the_caliphate`` draws them.
Sources: the rows of ``ctc_visual_output``, ``offline_pressure``, ``twitter_blog_2016``, ``twitter_transparency``
and ``timeline`` (Milton 2016 and 2018, CTC West Point; Shane 2016, New York Times; Heißner et al. 2017, ICSR/EY;
Twitter's blog and transparency reports; US/coalition airstrike counts as reported by the press); the argument is
Lakomy's (2017, Perspectives on Terrorism), as reported by McIntosh (2017).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from .._validate import check_choice
from ..params import Params, param
from . import load

__all__ = [
    "PRESSURES",
    "WINDOWS",
    "COLLECTION_LABELS",
    "NO_CAUSE",
    "DeclineParams",
    "DeclineView",
    "official_output_rows",
    "pressure_rows",
    "compare_pressures",
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
COLLECTION_LABELS = {
    "ctc_2018_update": "CTC 2018 update (V1)",
    "nyt_on_ctc_2016": "NYT on the CTC 2016 study (V2)",
    "mcintosh_on_lakomy_2017": "source article (U)",
}
_EVENT_LABELS = {"hash_sharing_commitment": "shared hash database committed", "gifct_launch": "GIFCT launched"}
#: The choice "no single cause" of :func:`compare_pressures`.
NO_CAUSE = "none"


@dataclass(frozen=True)
class DeclineParams(Params):
    """The choices of :func:`compare_pressures` (and of lesson 02's explorer menus), declared once."""

    window: str = param("2015-08_to_2016-08", choices=tuple(WINDOWS), label="Window")
    cause: str = param(NO_CAUSE, choices=(NO_CAUSE, *PRESSURES), label="Single-cause story")


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
    ctc = load("ctc_visual_output")
    rows = ctc[ctc["measure"] == "monthly_releases"].copy()
    rows["collection"] = rows["collection"].astype(str)
    rows["series"] = rows["collection"].map(COLLECTION_LABELS)
    return rows.sort_values(["period_end", "collection"], ignore_index=True)


def official_output_rows() -> pd.DataFrame:
    """The published monthly counts of official IS visual releases, one row per count, with its collection.

    Why: lesson 02 computes the fall from each version (761, 754, 'more than 700' ...) and must not mix them.
    Source: ``ctc_visual_output`` (Milton 2016 and 2018, CTC West Point; Shane 2016; McIntosh 2017).
    """
    return _official_output().copy()


@functools.cache
def _pressures() -> pd.DataFrame:
    op = load("offline_pressure")
    blog = load("twitter_blog_2016")
    tr = load("twitter_transparency")
    tl = load("timeline")
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
        parts.append(f"{qualifier}{pct:.0f}% ({COLLECTION_LABELS[collection]}: {words.get(first['bound'], '')}"
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
                      cause: str = NO_CAUSE) -> DeclineView:
    """The output fall over ``window``, the chosen pressures' cited rows, and a verdict on a one-cause story.

    Why: lesson 02's point that several pressures acting at once defeat simple attribution, checked row by row.
    ``window`` is a key of WINDOWS; ``shown`` lists keys of PRESSURES to draw; ``cause`` is 'none' or a key of
    PRESSURES (the student's single cause). Source: the course data tables named in the module docstring.
    """
    DeclineParams(window=window, cause=cause)
    shown = _check_shown(shown)
    start, end = _WINDOW_DATES[window]
    change, output = _output_change(window)
    verdicts = _verdicts(window).copy()
    allrows = _pressures()
    rows = allrows[allrows["pressure"].isin(shown)]
    if cause == NO_CAUSE:
        rivals, story = (), "none"
    else:
        timing = verdicts.set_index("pressure").at[cause, "timing"]
        rivals = tuple(k for k in verdicts.loc[verdicts["timing"] == "during", "pressure"] if k != cause)
        story = {"no_data": "untestable", "after": "fails_on_timing", "before": "fails_on_timing"}.get(
            timing, "confounded")
    return DeclineView(window=window, window_start=start, window_end=end, output_change=change, output=output,
                       shown=shown, rows=rows, verdicts=verdicts, cause=cause, rivals=rivals, story=story)
