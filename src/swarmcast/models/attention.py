"""News attention to threats and claims: saturation, credibility, brand churn and the paradox.

Why: lesson 08 (trend three and the paradox, T3 and T4 in COURSE.md) argues that unofficial "media
platforms" won news coverage out of all proportion to the threat they posed, that flooding the news with
similar threats made each one less newsworthy, that brands which kept making empty threats lost credibility
and were simply replaced by new names, and that official and unofficial propaganda ended up competing for
one audience and harming each other. This module turns that argument into a small simulation students can
push around.

Source of the argument: M. R. Torres-Soriano (2019), "Collapse of Islamic State's 'Caliphate' Has Had an
Enormous Impact on Jihadist Activism on the Internet" (21 May 2019). The model itself is a stylised model the
course built to illustrate that qualitative argument. It is NOT a published or fitted model: its parameters
are not estimated from data and its numbers are not measurements of anything.

The model, day by day:
- One official brand and ``n_unofficial_brands`` unofficial brands (slots) issue threats; daily counts are
  Poisson, the unofficial total is split evenly at random across the slots.
- Each threat is followed by a real event with probability ``follow_through_*`` (official organisations
  protect their reputation and rarely promise what they cannot do; unofficial brands threaten cheaply).
- Credibility is a Beta-Bernoulli reputation: prior mean ``prior_follow_through`` worth
  ``prior_strength_threats`` pseudo-threats, updated with every threat and whether anything followed.
- Saturation: the press remembers recent threats with an exponentially decaying memory (time constant
  ``memory_days``); a threat is covered with probability
  ``newsworthiness * credibility / (1 + memory / half_saturation_threats)``.
- Spill-over: until the official brand distances itself, a share ``misattribution_share`` of the covered,
  empty unofficial threats is reported as the official brand's and counts against its reputation.
- Audience: each brand's audience grows with its coverage weighted by its credibility and fades with the same
  memory; ``official_audience_share`` is the official brand's part of the total.
- Churn: an unofficial brand whose credibility falls below ``replace_below_credibility`` is abandoned and a new
  brand with the prior reputation takes its slot the next day (its audience starts from zero).
- The official statement ("trust only official channels") on ``official_statement_day`` adds
  ``statement_penalty_threats`` empty pseudo-threats to every active unofficial brand's record and ends the
  spill-over from then on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from swarmcast._validate import check_fraction, check_int, check_number, check_seed
from swarmcast.params import Params, param

__all__ = ["AttentionParams", "AttentionResult", "BLOCK_DAYS", "attention_blocks", "saturation_sweep", "simulate_attention"]

#: Lesson 08 counts in blocks of four weeks: weekly counts of covered threats are too small to read.
BLOCK_DAYS = 28


@dataclass(frozen=True)
class AttentionParams(Params):
    """The attention model's parameters, declared once (unit, accepted range, default, and the explorer's slider).

    Fields are validated in this order when constructed; ``official_statement_day`` (a day, or None) is checked
    against ``days``, and ``replace_below_credibility`` must stay below ``prior_follow_through``.
    """

    days: int = param(365, low=1, high=100_000, integer=True, unit="days", label="simulated days")
    threats_per_day_unofficial: float = param(
        5.0, low=0, high=10_000, unit="threats a day", label="unofficial threats a day", slider=(0.5, 40.0, 0.5))
    threats_per_day_official: float = param(0.5, low=0, high=10_000, unit="threats a day", label="official threats a day")
    follow_through_unofficial: float = param(
        0.02, low=0.0, high=1.0, unit="share", label="share of threats followed by any event",
        slider=(0.0, 0.5, 0.01), readout=".2f")
    follow_through_official: float = param(
        0.6, low=0.0, high=1.0, unit="share", label="share of official threats followed by any event")
    half_saturation_threats: float = param(
        20.0, low=0, low_open=True, unit="threats", label="remembered threats at which coverage halves")
    memory_days: float = param(14.0, low=0, low_open=True, unit="days", label="time constant of the press's memory")
    prior_follow_through: float = param(
        0.5, low=0, high=1, low_open=True, high_open=True, unit="share", label="a new brand's expected follow-through")
    replace_below_credibility: float = param(
        0.15, low=0, high=1, unit="share", label="credibility below which a brand is abandoned (0: never)")
    official_statement_day: int | None = None  # checked in __post_init__ (its range depends on days)
    n_unofficial_brands: int = param(5, low=1, high=1_000, integer=True, unit="brands", label="unofficial brands at a time")
    newsworthiness: float = param(
        0.9, low=0.0, high=1.0, unit="share", label="coverage of a credible threat in a quiet news environment")
    prior_strength_threats: float = param(
        2.0, low=0, low_open=True, unit="pseudo-threats", label="weight of a new brand's prior reputation")
    misattribution_share: float = param(
        0.5, low=0.0, high=1.0, unit="share", label="share of covered empty unofficial threats blamed on the official brand")
    statement_penalty_threats: float = param(
        6.0, low=0, unit="pseudo-threats", label="empty pseudo-threats the statement adds to each unofficial brand")

    def __post_init__(self):
        super().__post_init__()
        if self.replace_below_credibility >= self.prior_follow_through:
            raise ValueError(
                "replace_below_credibility must be below prior_follow_through "
                f"({self.prior_follow_through!r}), or every new brand would be abandoned at once; "
                f"got {self.replace_below_credibility!r}"
            )
        if self.official_statement_day is not None:
            day = check_int("official_statement_day", self.official_statement_day, low=0, high=self.days - 1)
            object.__setattr__(self, "official_statement_day", day)


@dataclass(frozen=True)
class AttentionResult:
    """Output of :func:`simulate_attention` (simulated, stylised).

    ``daily``: one row per day; credibilities and audience share are taken at the end of the day, after the
    day's outcomes and before abandoned brands are replaced. ``brands``: one row per brand that ever existed
    (``died_day`` is missing for brands still active at the end). The scalars summarise the whole run:
    ``coverage_rate`` is covered threats per threat, ``official_share_of_coverage`` the official brand's share
    of all covered threats, ``official_coverage_rate`` covered official threats per official threat,
    ``n_brands_replaced`` the number of abandoned unofficial brands. Rates are NaN when their denominator is 0.
    """

    daily: pd.DataFrame
    brands: pd.DataFrame
    coverage_rate: float
    official_share_of_coverage: float
    official_coverage_rate: float
    n_brands_replaced: int
    simulated: bool = True


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den > 0 else math.nan


def simulate_attention(*, seed: int, **params) -> AttentionResult:
    """Simulate daily threats, news coverage, brand credibility and brand churn for one official brand and
    a set of unofficial brands that compete for one audience.

    Why: it lets students see four claims of lesson 08 emerge from simple rules: saturation (more threats, less
    coverage per threat), credibility (empty threats lose coverage over time), churn (discredited brands are
    replaced by fresh ones) and the paradox (unofficial noise lowers the official brand's share of attention).
    Source: a stylised model built by the course to illustrate Torres-Soriano (2019), "Collapse of Islamic
    State's 'Caliphate' Has Had an Enormous Impact on Jihadist Activism on the Internet"; not a fitted model.

    Parameters (all keyword-only; declared once, with units and ranges, in :class:`AttentionParams`): ``days`` simulated; ``threats_per_day_*`` mean daily threats of all
    unofficial brands together and of the official brand; ``follow_through_*`` probability (0-1) that a threat
    is followed by any real event; ``half_saturation_threats`` remembered threats at which coverage halves;
    ``memory_days`` time constant of the press's (and the audience's) memory; ``replace_below_credibility``
    credibility (0-1) below which an unofficial brand is abandoned (0 switches churn off);
    ``official_statement_day`` day (0-based) of the "official channels only" statement, or None;
    ``n_unofficial_brands`` unofficial brands active at any time; ``newsworthiness`` coverage probability of a
    fully credible threat in a quiet news environment; ``prior_follow_through`` and ``prior_strength_threats``
    the reputation a new brand starts with; ``misattribution_share`` (0-1) share of covered empty unofficial
    threats blamed on the official brand before the statement; ``statement_penalty_threats`` empty
    pseudo-threats the statement adds to each active unofficial brand; ``seed``.
    """
    p = AttentionParams(**params)
    rng = np.random.default_rng(check_seed(seed))
    draws = _draw_threats(rng, p)
    slots = _Slots(p)
    rec, churned = _run_days(rng, p, draws, slots)
    dead = _settle(slots, draws, rec, churned)
    return _result(p, draws, slots, dead, rec)


def _draw_threats(rng, p: AttentionParams) -> dict:
    """Everything that does not depend on the state, drawn up front for all days at once.

    Column 0 is the official brand, columns 1..n_unofficial_brands the unofficial slots.
    """
    days, n_slots = p.days, p.n_unofficial_brands
    n_b = n_slots + 1
    threats = np.empty((days, n_b), dtype=np.int64)
    threats[:, 0] = rng.poisson(p.threats_per_day_official, size=days)
    threats[:, 1:] = rng.multinomial(rng.poisson(p.threats_per_day_unofficial, size=days), np.full(n_slots, 1.0 / n_slots))
    follow_p = np.full(n_b, p.follow_through_unofficial)
    follow_p[0] = p.follow_through_official
    followed = rng.binomial(threats, follow_p)
    return {"threats": threats, "followed": followed, "empty": threats - followed, "total": threats.sum(axis=1)}


class _Slots:
    """State of the brands currently in the slots (slot 0 is the official brand).

    ``alpha`` and ``beta`` are the two rows of ``ab``, so that one addition updates both reputations. The
    counts since each brand's birth and the brands' ids are filled in by :func:`_settle` after the run.
    """

    def __init__(self, p: AttentionParams):
        n_b = p.n_unofficial_brands + 1
        strength = p.prior_strength_threats
        self.a0, self.b0 = p.prior_follow_through * strength, (1.0 - p.prior_follow_through) * strength
        self.ab = np.empty((2, n_b))
        self.ab[0], self.ab[1] = self.a0, self.b0
        self.alpha, self.beta = self.ab[0], self.ab[1]
        self.audience = np.zeros(n_b)
        self.cum_threats = self.cum_covered = self.cum_followed = self.born = self.ids = None


class _Graveyard:
    """Records of abandoned brands, in the order they were abandoned (by day, then slot)."""

    def __init__(self, **columns: np.ndarray):
        self.id, self.born, self.day = columns["id"], columns["born"], columns["day"]
        self.threats, self.covered, self.followed = columns["threats"], columns["covered"], columns["followed"]
        self.cred = columns["cred"]
        self.n = self.id.size


def _press_memory(p: AttentionParams, total: np.ndarray, decay: float) -> tuple[list, list]:
    """Remembered threats at the start of each day and the saturation they cause.

    Why: the press's memory depends only on the threats drawn up front, not on coverage or reputations, so it
    is stepped once in plain floats before the day loop (the same arithmetic, in the same order, as in it).
    """
    mem, half = 0.0, p.half_saturation_threats
    mems, sats = [], []
    for n in total.tolist():
        mems.append(mem)
        sats.append(1.0 / (1.0 + mem / half))
        mem = decay * mem + n
    return mems, sats


def _run_days(rng, p: AttentionParams, draws: dict, s: _Slots) -> tuple[dict, list]:
    """Step through the days: coverage, reputation updates, spill-over, audience and churn.

    Why a tight loop: each day is a handful of tiny vector operations on one row per brand, so Python's and
    numpy's per-call cost is the run's cost. Credibilities and audiences are written straight into their daily
    rows (end of day, before churn), and the day's credibilities are the next day's unless a brand was replaced
    or the statement came. Returns the daily records and the churn events (day, slots replaced).
    """
    days, n_b = p.days, s.alpha.size
    covered, cred_end, aud = np.empty((days, n_b), dtype=np.int64), np.empty((days, n_b)), np.empty((days, n_b))
    n_replaced = np.zeros(days, dtype=np.int64)
    decay = math.exp(-1.0 / p.memory_days)
    mems, sats = _press_memory(p, draws["total"], decay)
    nws = [p.newsworthiness * sat for sat in sats]
    steps = np.stack((draws["followed"], draws["empty"]), axis=1)  # (days, 2, brands): added to (alpha, beta)
    # spill-over runs from day 0 until the statement, so the n-th row taken is the day's
    spill_rows = zip(draws["empty"][:, 1:], np.maximum(draws["threats"][:, 1:], 1))
    none_followed = (~draws["followed"][:, 1:].any(axis=1)).tolist()  # days no unofficial threat was followed
    statement_day = -1 if p.official_statement_day is None else p.official_statement_day
    share, spill, below = p.misattribution_share, p.misattribution_share > 0, p.replace_below_credibility
    alpha, beta, prior, churned = s.alpha, s.beta, np.array([[s.a0], [s.b0]]), []
    floor = np.full(n_b, below)
    floor[0] = -math.inf  # the official brand is never abandoned
    cred, prev_aud = alpha / (alpha + beta), s.audience
    for t, (n_t, step, cov_t, c, a) in enumerate(zip(draws["threats"], steps, covered, cred_end, aud)):
        if t == statement_day:
            beta[1:] += p.statement_penalty_threats
            spill = False
            cred = alpha / (alpha + beta)
        cov = rng.binomial(n_t, nws[t] * cred)
        cov_t[...] = cov
        s.ab += step
        if spill:
            # Covered unofficial threats that turned out empty, in expectation, partly blamed on the official brand.
            empty_u, threats_u = next(spill_rows)
            if none_followed[t]:  # each term covered * empty / threats is then the covered count, and the float sum exact
                beta[0] += share * float(sum(cov.tolist()[1:]))
            else:
                beta[0] += share * float(np.add.reduce(cov[1:] * empty_u / threats_u))
        np.multiply(prev_aud, decay, out=a)
        a += cov * cred
        np.divide(alpha, alpha + beta, out=c)
        gone = (c < floor).nonzero()[0] if below > 0 else ()
        if len(gone):
            # Churn: abandoned brands' slots get a fresh brand with the prior reputation and no audience.
            n_replaced[t] = gone.size
            churned.append((t, gone))
            s.ab[:, gone] = prior
            prev_aud = a.copy()
            prev_aud[gone] = 0.0
            cred = alpha / (alpha + beta)
        else:
            cred, prev_aud = c, a
    s.audience = prev_aud
    with np.errstate(divide="ignore", invalid="ignore"):
        tot_aud = np.add.reduce(aud, axis=1)
        aud_share = np.where(tot_aud > 0, aud[:, 0] / tot_aud, np.nan)
    rec = {
        "covered": covered,
        "saturation": np.array(sats, dtype=np.float64),
        "remembered_threats": np.array(mems, dtype=np.float64),
        "official_credibility": cred_end[:, 0].copy(),
        "mean_unofficial_credibility": np.add.reduce(cred_end[:, 1:], axis=1) / (n_b - 1),
        "official_audience_share": aud_share,
        "n_brands_replaced": n_replaced,
        "cred_end": cred_end,  # every brand's credibility at the end of each day, before churn
    }
    return rec, churned


def _settle(s: _Slots, draws: dict, rec: dict, churned: list) -> _Graveyard:
    """Replay the churn events to give every brand its id, birth day and counts; return the abandoned brands.

    Why after the run: which slot was replaced on which day is all the bookkeeping needs. The k-th brand ever
    abandoned (by day, then slot) made way for the brand with id ``n_b + k``; a brand's counts are its slot's
    counts from its birth day to its last day, read off running totals over the days.
    """
    n_b = s.alpha.size
    days = rec["covered"].shape[0]
    day = np.array([t for t, gone in churned for _ in gone], dtype=np.int64)
    slot = np.concatenate([gone for _, gone in churned]) if churned else np.zeros(0, dtype=np.int64)
    n = slot.size
    order = np.argsort(slot, kind="stable")  # each slot's events, in time order
    prev = np.full(n, -1, dtype=np.int64)  # the event that seated the abandoned brand (-1: the first brand)
    same = slot[order[1:]] == slot[order[:-1]]
    prev[order[1:][same]] = order[:-1][same]
    dead_id = np.where(prev >= 0, n_b + prev, slot)
    seat_day = np.append(day + 1, 0)  # the day each event's new brand was born; index -1: day 0
    dead_born = seat_day[prev]
    # the brands in the slots at the end: seated by each slot's last event, if any
    last = np.full(n_b, -1, dtype=np.int64)
    np.maximum.at(last, slot, np.arange(n))
    s.ids = np.where(last >= 0, n_b + last, np.arange(n_b))
    s.born = seat_day[last]
    counts = {}
    for name, per_day in (("threats", draws["threats"]), ("covered", rec["covered"]), ("followed", draws["followed"])):
        run = np.zeros((days + 1, n_b), dtype=np.int64)
        np.cumsum(per_day, axis=0, out=run[1:])  # run[d]: the slot's count before day d
        counts[name] = run[day + 1, slot] - run[dead_born, slot]
        setattr(s, f"cum_{name}", run[days] - run[s.born, np.arange(n_b)])
    return _Graveyard(id=dead_id, born=dead_born, day=day, cred=rec["cred_end"][day, slot], **counts)


def _result(p: AttentionParams, draws: dict, s: _Slots, dead: _Graveyard, rec: dict) -> AttentionResult:
    """Assemble the daily and brands tables and the run's summary rates."""
    threats, total_per_day, covered = draws["threats"], draws["total"], rec["covered"]
    t_off = threats[:, 0]
    c_off, c_un = covered[:, 0], covered[:, 1:].sum(axis=1)
    c_all = c_off + c_un
    return AttentionResult(
        daily=_daily_frame(p, draws, rec),
        brands=_brands_frame(s, dead),
        coverage_rate=_ratio(c_all.sum(), total_per_day.sum()),
        official_share_of_coverage=_ratio(c_off.sum(), c_all.sum()),
        official_coverage_rate=_ratio(c_off.sum(), t_off.sum()),
        n_brands_replaced=int(dead.n),
    )


def _daily_frame(p: AttentionParams, draws: dict, rec: dict) -> pd.DataFrame:
    days, statement_day = p.days, p.official_statement_day
    threats, total_per_day, covered = draws["threats"], draws["total"], rec["covered"]
    c_off, c_un = covered[:, 0], covered[:, 1:].sum(axis=1)
    c_all = c_off + c_un
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage_rate = np.where(total_per_day > 0, c_all / np.maximum(total_per_day, 1), np.nan)
        off_share = np.where(c_all > 0, c_off / np.maximum(c_all, 1), np.nan)
    daily = pd.DataFrame(
        {
            "day": np.arange(days),
            "threats": total_per_day,
            "threats_official": threats[:, 0],
            "threats_unofficial": threats[:, 1:].sum(axis=1),
            "covered": c_all,
            "covered_official": c_off,
            "covered_unofficial": c_un,
            "coverage_rate": coverage_rate,
            "official_share_of_coverage": off_share,
            **{k: rec[k] for k in ("saturation", "remembered_threats", "official_credibility",
                                   "mean_unofficial_credibility", "official_audience_share", "n_brands_replaced")},
            "after_statement": (
                np.arange(days) >= statement_day if statement_day is not None else np.zeros(days, dtype=bool)
            ),
        }
    )
    daily.attrs["simulated"] = True
    return daily


def _brands_frame(s: _Slots, dead: _Graveyard) -> pd.DataFrame:
    n_dead = dead.n
    final_cred = s.alpha / (s.alpha + s.beta)
    order = np.argsort(np.concatenate([dead.id[:n_dead], s.ids]), kind="stable")  # by brand id

    def column(dead_part, alive_part):
        return np.concatenate([dead_part[:n_dead], alive_part])[order]

    brand_id = column(dead.id, s.ids)
    replaced = order < n_dead  # the abandoned brands come first before sorting
    brands = pd.DataFrame(
        {
            "brand_id": brand_id,
            "kind": np.where(brand_id == 0, "official", "unofficial"),
            "born_day": column(dead.born, s.born),
            "died_day": pd.arrays.IntegerArray(column(dead.day, np.zeros(s.ids.size, dtype=np.int64)), ~replaced),
            "threats": column(dead.threats, s.cum_threats),
            "covered": column(dead.covered, s.cum_covered),
            "followed_through": column(dead.followed, s.cum_followed),
            "final_credibility": column(dead.cred, final_cred),
            "replaced": replaced,
        }
    )
    brands.attrs["simulated"] = True
    return brands


def attention_blocks(daily: pd.DataFrame) -> pd.DataFrame:
    """Aggregate the attention model's daily table into four-week blocks for plotting.

    Why: lesson 08's explorer and timeline chart read the run in four-week blocks, where weekly counts of covered
    threats would be too small to read. Source: the course's attention model (stylised), after Torres-Soriano (2019).

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
