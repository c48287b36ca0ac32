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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from swarmcast._validate import check_fraction, check_int, check_number, check_seed

__all__ = ["AttentionResult", "simulate_attention"]


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


def simulate_attention(
    *,
    days: int = 365,
    threats_per_day_unofficial: float = 5.0,
    threats_per_day_official: float = 0.5,
    follow_through_unofficial: float = 0.02,
    follow_through_official: float = 0.6,
    half_saturation_threats: float = 20.0,
    memory_days: float = 14.0,
    replace_below_credibility: float = 0.15,
    official_statement_day: int | None = None,
    n_unofficial_brands: int = 5,
    newsworthiness: float = 0.9,
    prior_follow_through: float = 0.5,
    prior_strength_threats: float = 2.0,
    misattribution_share: float = 0.5,
    statement_penalty_threats: float = 6.0,
    seed: int,
) -> AttentionResult:
    """Simulate daily threats, news coverage, brand credibility and brand churn for one official brand and
    a set of unofficial brands that compete for one audience.

    Why: it lets students see four claims of lesson 08 emerge from simple rules: saturation (more threats, less
    coverage per threat), credibility (empty threats lose coverage over time), churn (discredited brands are
    replaced by fresh ones) and the paradox (unofficial noise lowers the official brand's share of attention).
    Source: a stylised model built by the course to illustrate Torres-Soriano (2019), "Collapse of Islamic
    State's 'Caliphate' Has Had an Enormous Impact on Jihadist Activism on the Internet"; not a fitted model.

    Parameters (all keyword-only): ``days`` simulated; ``threats_per_day_*`` mean daily threats of all
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
    days = check_int("days", days, low=1, high=100_000)
    rate_u = check_number("threats_per_day_unofficial", threats_per_day_unofficial, low=0, high=10_000)
    rate_o = check_number("threats_per_day_official", threats_per_day_official, low=0, high=10_000)
    ft_u = check_fraction("follow_through_unofficial", follow_through_unofficial)
    ft_o = check_fraction("follow_through_official", follow_through_official)
    half = check_number("half_saturation_threats", half_saturation_threats, low=0, low_open=True)
    memory = check_number("memory_days", memory_days, low=0, low_open=True)
    prior_mean = check_number("prior_follow_through", prior_follow_through, low=0, high=1, low_open=True, high_open=True)
    replace_below = check_number("replace_below_credibility", replace_below_credibility, low=0, high=1)
    if replace_below >= prior_mean:
        raise ValueError(
            "replace_below_credibility must be below prior_follow_through "
            f"({prior_mean!r}), or every new brand would be abandoned at once; got {replace_below_credibility!r}"
        )
    if official_statement_day is not None:
        official_statement_day = check_int("official_statement_day", official_statement_day, low=0, high=days - 1)
    n_slots = check_int("n_unofficial_brands", n_unofficial_brands, low=1, high=1_000)
    news = check_fraction("newsworthiness", newsworthiness)
    strength = check_number("prior_strength_threats", prior_strength_threats, low=0, low_open=True)
    misattr = check_fraction("misattribution_share", misattribution_share)
    penalty = check_number("statement_penalty_threats", statement_penalty_threats, low=0)
    seed = check_seed(seed)

    rng = np.random.default_rng(seed)
    decay = math.exp(-1.0 / memory)
    a0, b0 = prior_mean * strength, (1.0 - prior_mean) * strength

    # Everything that does not depend on the state is drawn up front, for all days at once.
    # Column 0 is the official brand, columns 1..n_slots the unofficial slots.
    n_b = n_slots + 1
    threats = np.empty((days, n_b), dtype=np.int64)
    threats[:, 0] = rng.poisson(rate_o, size=days)
    threats[:, 1:] = rng.multinomial(rng.poisson(rate_u, size=days), np.full(n_slots, 1.0 / n_slots))
    follow_p = np.full(n_b, ft_u)
    follow_p[0] = ft_o
    followed = rng.binomial(threats, follow_p)
    empty = threats - followed
    total_per_day = threats.sum(axis=1)

    # State of the brands currently in the slots.
    alpha = np.full(n_b, a0)
    beta = np.full(n_b, b0)
    audience = np.zeros(n_b)
    cum_threats = np.zeros(n_b, dtype=np.int64)
    cum_covered = np.zeros(n_b, dtype=np.int64)
    cum_followed = np.zeros(n_b, dtype=np.int64)
    born = np.zeros(n_b, dtype=np.int64)
    ids = np.arange(n_b)
    next_id = n_b

    # Records of abandoned brands; a brand can only fall below the threshold after at least one threat.
    cap = int(threats[:, 1:].sum()) + 1
    dead_id = np.empty(cap, dtype=np.int64)
    dead_born = np.empty(cap, dtype=np.int64)
    dead_day = np.empty(cap, dtype=np.int64)
    dead_threats = np.empty(cap, dtype=np.int64)
    dead_covered = np.empty(cap, dtype=np.int64)
    dead_followed = np.empty(cap, dtype=np.int64)
    dead_cred = np.empty(cap, dtype=np.float64)
    n_dead = 0

    covered = np.empty((days, n_b), dtype=np.int64)
    sat_series = np.empty(days)
    mem_series = np.empty(days)
    cred_official = np.empty(days)
    cred_unofficial = np.empty(days)
    aud_share = np.empty(days)
    replaced_per_day = np.zeros(days, dtype=np.int64)

    mem = 0.0
    spill = misattr > 0
    for t in range(days):
        if official_statement_day is not None and t == official_statement_day:
            beta[1:] += penalty
            spill = False
        cred = alpha / (alpha + beta)
        sat = 1.0 / (1.0 + mem / half)
        cov = rng.binomial(threats[t], news * sat * cred)
        covered[t] = cov
        sat_series[t] = sat
        mem_series[t] = mem

        alpha += followed[t]
        beta += empty[t]
        if spill:
            # Covered unofficial threats that turned out empty, in expectation, partly blamed on the official brand.
            tu = threats[t, 1:]
            blamed = misattr * float(np.sum(cov[1:] * empty[t, 1:] / np.maximum(tu, 1)))
            beta[0] += blamed
        cum_threats += threats[t]
        cum_covered += cov
        cum_followed += followed[t]
        audience = decay * audience + cov * cred
        mem = decay * mem + total_per_day[t]

        cred_after = alpha / (alpha + beta)
        cred_official[t] = cred_after[0]
        cred_unofficial[t] = cred_after[1:].mean()
        tot_aud = audience.sum()
        aud_share[t] = audience[0] / tot_aud if tot_aud > 0 else math.nan

        if replace_below > 0:
            dead = np.flatnonzero(cred_after[1:] < replace_below) + 1
            k = dead.size
            if k:
                sl = slice(n_dead, n_dead + k)
                dead_id[sl] = ids[dead]
                dead_born[sl] = born[dead]
                dead_day[sl] = t
                dead_threats[sl] = cum_threats[dead]
                dead_covered[sl] = cum_covered[dead]
                dead_followed[sl] = cum_followed[dead]
                dead_cred[sl] = cred_after[dead]
                n_dead += k
                replaced_per_day[t] = k
                alpha[dead], beta[dead], audience[dead] = a0, b0, 0.0
                cum_threats[dead] = cum_covered[dead] = cum_followed[dead] = 0
                born[dead] = t + 1
                ids[dead] = np.arange(next_id, next_id + k)
                next_id += k

    # ---- daily frame -------------------------------------------------------------------------------
    t_off, t_un = threats[:, 0], threats[:, 1:].sum(axis=1)
    c_off, c_un = covered[:, 0], covered[:, 1:].sum(axis=1)
    c_all = c_off + c_un
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage_rate = np.where(total_per_day > 0, c_all / np.maximum(total_per_day, 1), np.nan)
        off_share = np.where(c_all > 0, c_off / np.maximum(c_all, 1), np.nan)
    daily = pd.DataFrame(
        {
            "day": np.arange(days),
            "threats": total_per_day,
            "threats_official": t_off,
            "threats_unofficial": t_un,
            "covered": c_all,
            "covered_official": c_off,
            "covered_unofficial": c_un,
            "coverage_rate": coverage_rate,
            "official_share_of_coverage": off_share,
            "saturation": sat_series,
            "remembered_threats": mem_series,
            "official_credibility": cred_official,
            "mean_unofficial_credibility": cred_unofficial,
            "official_audience_share": aud_share,
            "n_brands_replaced": replaced_per_day,
            "after_statement": (
                np.arange(days) >= official_statement_day
                if official_statement_day is not None
                else np.zeros(days, dtype=bool)
            ),
        }
    )
    daily.attrs["simulated"] = True

    # ---- brands frame ------------------------------------------------------------------------------
    final_cred = alpha / (alpha + beta)
    n_alive = n_b
    brand_id = np.concatenate([dead_id[:n_dead], ids])
    order = np.argsort(brand_id, kind="stable")
    kind = np.where(brand_id == 0, "official", "unofficial")
    died = pd.array(np.concatenate([dead_day[:n_dead], np.zeros(n_alive, dtype=np.int64)]), dtype="Int64")
    died[n_dead:] = pd.NA
    brands = pd.DataFrame(
        {
            "brand_id": brand_id,
            "kind": kind,
            "born_day": np.concatenate([dead_born[:n_dead], born]),
            "died_day": died,
            "threats": np.concatenate([dead_threats[:n_dead], cum_threats]),
            "covered": np.concatenate([dead_covered[:n_dead], cum_covered]),
            "followed_through": np.concatenate([dead_followed[:n_dead], cum_followed]),
            "final_credibility": np.concatenate([dead_cred[:n_dead], final_cred]),
        }
    ).iloc[order].reset_index(drop=True)
    brands["replaced"] = brands["died_day"].notna()
    brands.attrs["simulated"] = True

    return AttentionResult(
        daily=daily,
        brands=brands,
        coverage_rate=_ratio(c_all.sum(), total_per_day.sum()),
        official_share_of_coverage=_ratio(c_off.sum(), c_all.sum()),
        official_coverage_rate=_ratio(c_off.sum(), t_off.sum()),
        n_brands_replaced=int(n_dead),
    )
