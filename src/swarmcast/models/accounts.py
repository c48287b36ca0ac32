"""A birth-death model of one movement's accounts on one platform: registration, takedown and lost followers.

Why: lesson 05 (trend one, "the access problem", T1 in COURSE.md) argues that once big platforms find accounts
quickly, the hard part for a movement is getting onto a platform at all, and that repeated suspension keeps the
number of accounts roughly flat while their audience shrinks. This module lets students move two levers,
registration friction and detection speed, and watch presence, reach and account survival respond.

Sources of the figures and the argument: J.M. Berger & H. Perez (2016), *The Islamic State's Diminishing Returns
on Twitter* (network size flat under suspension, repeat offenders lose followers); M. Conway et al. (2017),
*Disrupting Daesh: Measuring Takedown of Online Terrorist Material and Its Impacts* (63% of pro-IS accounts
suspended within about three months, more than 30% within two days of creation; under 1% of other jihadist
accounts within two days, 163 of 451 suspended); M.R. Torres-Soriano (2019) on registration friction. The model is
the textbook M/G/infinity queue (Poisson arrivals, independent lifetimes, no capacity limit); its takedown
parameters are calibrated to Conway et al.'s shares, nothing else is fitted.

The model:
- Creation attempts arrive as a Poisson process, ``creation_attempts_per_day`` on average, at uniformly spread
  times within each day. A share ``share_blocked_at_registration`` fails at sign-up (phone verification, the cost
  and supply of SIM cards); the rest become accounts.
- Each new account's lifetime (days from creation to suspension) comes from a three-part mixture:
  ``share_caught_before_first_post`` are removed at creation (lifetime 0: they never post and no researcher ever
  sees them); of the accounts that do post, ``share_detected_fast`` are found by proactive tools after an
  exponential delay with mean ``fast_detection_delay_days``; the others are found later, after a Weibull delay
  with mean ``mean_detection_delay_days`` and shape ``detection_delay_shape`` (1 = a constant daily hazard;
  above 1 = an account becomes more likely to be found as it ages and grows).
- Steady state (M/G/infinity): the mean number of live accounts is the arrival rate of accounts times their mean
  lifetime, whatever the lifetime distribution. The simulation can start empty or already in that steady state.
- Followers (a mean-field assumption, not a per-account network): every live account gains
  ``follower_regrowth_per_day`` followers a day; when accounts are suspended, the followers they held (the
  network average) go with them, and only a share ``followers_kept_on_return`` find their way back to the
  movement's other or re-created accounts. The model tracks the movement's audience, not who re-creates which
  account. With these rules an established network under sustained suspension keeps its number of accounts
  while its reach falls towards ``regrowth * (mean lifetime + 1 day) / (1 - kept)`` followers per account.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from swarmcast._validate import check_number, check_seed
from swarmcast.params import Params, param

__all__ = [
    "AccountsParams",
    "AccountsResult",
    "BASELINE",
    "BASELINE_RUN",
    "PresenceResult",
    "YOUR_RUN",
    "compare_presence",
    "conway_points",
    "presence_run",
    "CONWAY_WINDOW_DAYS",
    "OTHER_JIHADIST_2017",
    "PRO_IS_2017",
    "SteadyState",
    "TakedownRegime",
    "kaplan_meier",
    "simulate_accounts",
    "steady_state",
    "survival_table",
]

#: Follow-up (days) at which the calibration reads Conway et al.'s suspended shares: "three months".
CONWAY_WINDOW_DAYS = 90

# Above this many expected accounts in one run, memory (not the model) becomes the limit.
_MAX_EXPECTED_ACCOUNTS = 20_000_000


@dataclass(frozen=True)
class AccountsParams(Params):
    """The accounts model's parameters, declared once (unit, accepted range, default, and the explorer's slider).

    The declared fields are checked in this order when constructed, then ``initial_followers_per_account`` (a
    number of followers, or None for the model's own long-run level) and ``start_at_steady_state`` (True or False).
    """

    creation_attempts_per_day: float = param(
        20.0, low=0, high=1e7, unit="sign-up attempts a day", label="sign-up attempts a day", slider=(1, 200, 1))
    share_blocked_at_registration: float = param(
        0.0, low=0.0, high=1.0, unit="share", label="share of sign-ups blocked at registration", slider=(0, 0.9, 0.05),
        readout=".0%")
    share_caught_before_first_post: float = param(
        0.0, low=0.0, high=1.0, unit="share", label="share of accounts removed at creation")
    share_detected_fast: float = param(
        0.0, low=0.0, high=1.0, unit="share", label="share of posting accounts found by proactive tools")
    fast_detection_delay_days: float = param(
        0.5, low=0, high=3650, low_open=True, unit="days", label="mean days until proactive tools find an account")
    mean_detection_delay_days: float = param(
        30.0, low=0, high=36500, low_open=True, unit="days", label="mean days until an account is found",
        slider=(1, 180, 1), readout=".0f")
    detection_delay_shape: float = param(1.0, low=0.2, high=10, unit="Weibull shape", label="shape of the detection delay")
    follower_regrowth_per_day: float = param(
        2.0, low=0, high=1e6, unit="followers a day", label="followers each live account gains a day")
    followers_kept_on_return: float = param(
        0.5, low=0, high=1, high_open=True, unit="share", label="share of a suspended account's followers who come back")
    initial_followers_per_account: float | None = None  # checked in __post_init__ (None: the long-run level)
    start_at_steady_state: bool = True  # checked in __post_init__
    days: int = param(180, low=1, high=100_000, integer=True, unit="days", label="simulated days")

    def __post_init__(self):
        super().__post_init__()
        if self.initial_followers_per_account is not None:
            value = check_number("initial_followers_per_account", self.initial_followers_per_account, low=0, high=1e9)
            object.__setattr__(self, "initial_followers_per_account", value)
        if not isinstance(self.start_at_steady_state, bool):
            raise ValueError(f"start_at_steady_state must be True or False; got {self.start_at_steady_state!r}")


#: The parameters :func:`steady_state` takes (the flows; not the run's length, start or seed).
_FLOW_NAMES = frozenset(f.name for f in fields(AccountsParams)) - {"initial_followers_per_account", "start_at_steady_state", "days"}


@dataclass(frozen=True)
class TakedownRegime:
    """A set of takedown parameters for :func:`simulate_accounts` (pass them with ``**regime.as_kwargs()``).

    Why: the lesson compares how fast a platform found two kinds of accounts in 2017. ``name`` and ``note`` are
    labels; the other fields are the model's takedown parameters, as described in :func:`simulate_accounts`.
    """

    name: str
    share_caught_before_first_post: float
    share_detected_fast: float
    fast_detection_delay_days: float
    mean_detection_delay_days: float
    detection_delay_shape: float
    note: str = ""

    def as_kwargs(self) -> dict[str, float]:
        """The model parameters only (no labels), ready for ``simulate_accounts(**...)``."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("name", "note")}


#: Pro-IS accounts in 2017: a third found within a day of posting, the rest at a slow constant hazard.
#: Expected: 34.2% suspended within 2 days, 63.1% within 90 days (targets: >30% and 63%, Conway et al. 2017).
PRO_IS_2017 = TakedownRegime(
    name="pro_is_2017",
    share_caught_before_first_post=0.0, share_detected_fast=0.34, fast_detection_delay_days=0.5,
    mean_detection_delay_days=155.0, detection_delay_shape=1.0,
    note=(
        "Calibrated to Conway et al. (2017), Disrupting Daesh: >30% of pro-IS accounts suspended within 2 days "
        "of creation and 63% within about three months (read as 90 days of follow-up). Accounts caught before "
        "their first post are invisible to such a study, so that share is not identified and is set to 0."
    ),
)

#: Other jihadist accounts in 2017: no fast track; slow detection whose hazard rises with account age.
#: Expected: 0.15% suspended within 2 days, 36.0% within 90 days (targets: <1% and 163/451 = 36%).
#: Built from the pro-IS regime: the same (unidentified) share caught at creation and fast-track delay.
OTHER_JIHADIST_2017 = dataclasses.replace(
    PRO_IS_2017, name="other_jihadist_2017", share_detected_fast=0.0, mean_detection_delay_days=139.0,
    detection_delay_shape=1.5, note=(
        "Calibrated to Conway et al. (2017): <1% of other jihadist accounts suspended within 2 days and 163 of "
        "451 (36%) suspended. Conway et al. give the 163 over the whole study period, whose exact dates were not "
        "verified (facts 5.7); we assume it equals the share suspended within 90 days of follow-up, like the "
        "pro-IS figure. A constant hazard cannot give both targets with a margin (it implies about 1.0% in 2 "
        "days), so the hazard rises with age (Weibull shape 1.5): an assumption, not a finding."
    ),
)


@dataclass(frozen=True)
class SteadyState:
    """Analytic long-run means of the accounts model (computed, not simulated).

    ``accounts_per_day``: accounts created per day (attempts that pass registration); ``visible_accounts_per_day``:
    those that also post; ``mean_lifetime_days``: mean lifetime of a created account (0 for those caught at
    creation); ``live_accounts``: mean number live at any moment (M/G/infinity: rate x mean lifetime, exact);
    ``followers_per_account`` and ``reach``: the long-run level of the mean-field follower rule (approximate:
    day-to-day noise in suspensions shifts the simulated mean by a few percent).
    """

    accounts_per_day: float
    visible_accounts_per_day: float
    mean_lifetime_days: float
    live_accounts: float
    followers_per_account: float
    reach: float
    simulated: bool = False


@dataclass(frozen=True)
class AccountsResult:
    """Output of :func:`simulate_accounts` (simulated).

    ``daily``: one row per day (0-based ``day``) with ``attempts``, ``blocked_at_registration``, ``created``,
    ``caught_before_first_post``, ``suspended`` (all suspensions that day, including those caught at creation and
    accounts that existed before day 0), ``live_accounts`` and ``reach`` (followers held by live accounts) at the
    end of the day, and ``followers_per_account``.
    ``lifetimes``: one row per account created during the run: ``created_day`` (a time in days, fractional),
    ``lifetime_days`` (observed: until suspension, or until the end of the run), ``suspended`` (True if suspended
    within the run, False if censored) and ``caught_before_first_post``. Accounts alive at day 0 in a run that
    starts in steady state are not in it (their creation predates the observation).
    ``initial_accounts``: accounts live at day 0. ``steady``: the analytic :class:`SteadyState`.
    """

    daily: pd.DataFrame
    lifetimes: pd.DataFrame
    initial_accounts: int
    steady: SteadyState
    simulated: bool = True


def _visible_mean_lifetime(f_fast: float, d_fast: float, d_slow: float) -> float:
    """Mean lifetime of an account that posts: the mixture mean of the fast and slow detection delays."""
    return f_fast * d_fast + (1.0 - f_fast) * d_slow


def steady_state(*, creation_attempts_per_day: float, **params) -> SteadyState:
    """The analytic long-run mean number of live accounts (and the approximate reach) for given parameters.

    Why: it is the one formula of lesson 05: presence = (attempts x share passing registration) x mean lifetime,
    so halving the accounts that get through halves presence just as halving their lifetime does.
    Source: the M/G/infinity queue (e.g. S.M. Ross, *Introduction to Probability Models*); parameters as in
    :func:`simulate_accounts` (declared in :class:`AccountsParams`).
    """
    extra = sorted(set(params) - _FLOW_NAMES)
    if extra:
        raise TypeError(f"steady_state() takes only the flow parameters ({', '.join(sorted(_FLOW_NAMES))}); got {extra}")
    return _steady(AccountsParams(creation_attempts_per_day=creation_attempts_per_day, **params))


def _steady(p: AccountsParams) -> SteadyState:
    accounts_per_day = p.creation_attempts_per_day * (1.0 - p.share_blocked_at_registration)
    visible_per_day = accounts_per_day * (1.0 - p.share_caught_before_first_post)
    mean_visible = _visible_mean_lifetime(p.share_detected_fast, p.fast_detection_delay_days, p.mean_detection_delay_days)
    live = visible_per_day * mean_visible
    per_account = p.follower_regrowth_per_day * (mean_visible + 1.0) / (1.0 - p.followers_kept_on_return)
    return SteadyState(
        accounts_per_day=accounts_per_day,
        visible_accounts_per_day=visible_per_day,
        mean_lifetime_days=(1.0 - p.share_caught_before_first_post) * mean_visible,
        live_accounts=live,
        followers_per_account=per_account,
        reach=live * per_account,
    )


def _draw_visible_lifetimes(rng, n: int, f: float, d_fast: float, d_slow: float, k: float) -> np.ndarray:
    """Lifetimes of ``n`` accounts that post: fast exponential track with probability f, else Weibull."""
    fast = rng.random(n) < f
    scale = d_slow / math.gamma(1.0 + 1.0 / k)
    slow = scale * rng.weibull(k, n)
    return np.where(fast, rng.exponential(d_fast, n), slow)


def _draw_residual_lifetimes(rng, n: int, f: float, d_fast: float, d_slow: float, k: float) -> np.ndarray:
    """Remaining lifetimes of ``n`` accounts found live in the steady state (the equilibrium distribution).

    An account seen live at a random moment belongs to a track with probability proportional to share x mean
    delay, and its remaining life is a uniform fraction of a length-biased lifetime. For an exponential that is
    again the same exponential; for a Weibull(k, scale) the length-biased lifetime is scale x Gamma(1 + 1/k)^(1/k).
    """
    w_fast = f * d_fast
    w_slow = (1.0 - f) * d_slow
    fast = rng.random(n) < (w_fast / (w_fast + w_slow))
    scale = d_slow / math.gamma(1.0 + 1.0 / k)
    biased = scale * rng.gamma(1.0 + 1.0 / k, 1.0, n) ** (1.0 / k)
    slow = rng.random(n) * biased
    return np.where(fast, rng.exponential(d_fast, n), slow)


def simulate_accounts(*, seed: int, **params) -> AccountsResult:
    """Simulate one movement's accounts on one platform, day by day: created, suspended, live, and their reach.

    Why: lesson 05 uses it to show that registration friction and detection speed both cut presence (the
    steady state is arrivals x mean lifetime), that survival curves reveal how fast a platform acts, and that
    repeated suspension drains followers even while the number of accounts stays flat.
    Source: M/G/infinity birth-death model; takedown presets calibrated to Conway et al. (2017), *Disrupting
    Daesh*; the follower effect follows Berger & Perez (2016), *The Islamic State's Diminishing Returns on Twitter*.

    Parameters (keyword-only; declared once, with units and ranges, in :class:`AccountsParams`): ``creation_attempts_per_day`` mean sign-up attempts a day (Poisson);
    ``share_blocked_at_registration`` (0-1) attempts that fail at sign-up (the "registration cost" lever);
    ``share_caught_before_first_post`` (0-1) accounts removed at creation; ``share_detected_fast`` (0-1) posting
    accounts found by proactive tools after a mean ``fast_detection_delay_days``; the rest are found after a mean
    ``mean_detection_delay_days`` (the "detection speed" lever) with Weibull shape ``detection_delay_shape``;
    ``follower_regrowth_per_day`` followers each live account gains a day; ``followers_kept_on_return`` (0 to
    below 1) share of a suspended account's followers who come back; ``initial_followers_per_account`` followers
    of each account live at day 0 (None: the model's own long-run level); ``start_at_steady_state`` start with
    the long-run population of live accounts (True) or with none (False); ``days`` simulated; ``seed``.
    """
    p = AccountsParams(**params)
    seed = check_seed(seed)
    steady = _steady(p)
    expected = p.creation_attempts_per_day * p.days + (steady.live_accounts if p.start_at_steady_state else 0.0)
    if expected > _MAX_EXPECTED_ACCOUNTS:
        raise ValueError(
            f"creation_attempts_per_day must keep the expected number of accounts (about {expected:.3g}) under "
            f"{_MAX_EXPECTED_ACCOUNTS:,}; got {params.get('creation_attempts_per_day')!r} with days={p.days}"
        )
    draws = _draw_accounts(np.random.default_rng(seed), p, steady)
    return AccountsResult(daily=_daily_frame(p, steady, draws), lifetimes=_lifetimes_frame(p, draws),
                          initial_accounts=draws["n0"], steady=steady)


def _draw_accounts(rng, p: AccountsParams, steady: SteadyState) -> dict:
    """Sign-ups, creation times, lifetimes, and the accounts already live at day 0."""
    days, lifetime_args = p.days, (p.share_detected_fast, p.fast_detection_delay_days, p.mean_detection_delay_days,
                                   p.detection_delay_shape)
    # Registration: attempts per day, of which a binomial share passes.
    attempts = rng.poisson(p.creation_attempts_per_day, days)
    created = rng.binomial(attempts, 1.0 - p.share_blocked_at_registration)
    n = int(created.sum())
    day_of = np.repeat(np.arange(days), created)
    created_at = day_of + rng.random(n)
    caught = rng.random(n) < p.share_caught_before_first_post
    lifetime = _draw_visible_lifetimes(rng, n, *lifetime_args)
    lifetime[caught] = 0.0
    # Accounts already live at day 0 (equilibrium of the M/G/infinity queue: Poisson count, residual lifetimes).
    n0 = int(rng.poisson(steady.live_accounts)) if p.start_at_steady_state else 0
    residual = _draw_residual_lifetimes(rng, n0, *lifetime_args)
    return {"attempts": attempts, "created": created, "day_of": day_of, "created_at": created_at, "caught": caught,
            "ends_at": created_at + lifetime, "n0": n0, "residual": residual}


def _daily_frame(p: AccountsParams, steady: SteadyState, d: dict) -> pd.DataFrame:
    """An account is live at the end of day t if created on a day <= t and suspended on a day > t."""
    days, created, n0 = p.days, d["created"], d["n0"]
    caught_per_day = np.bincount(d["day_of"][d["caught"]], minlength=days)
    all_ends = np.concatenate([d["ends_at"], d["residual"]])
    end_day = np.floor(all_ends[all_ends < days]).astype(np.int64)
    suspended_per_day = np.bincount(end_day, minlength=days)
    live = n0 + np.cumsum(created) - np.cumsum(suspended_per_day)
    # Followers: mean-field pool (see the module docstring).
    start = steady.followers_per_account if p.initial_followers_per_account is None else p.initial_followers_per_account
    reach = _follower_pool(
        live=live,
        visible_created=created - caught_per_day,
        visible_suspended=suspended_per_day - caught_per_day,
        start_followers=n0 * start,
        start_live=n0,
        regrowth=p.follower_regrowth_per_day,
        kept=p.followers_kept_on_return,
    )
    daily = pd.DataFrame(
        {
            "day": np.arange(days),
            "attempts": d["attempts"],
            "blocked_at_registration": d["attempts"] - created,
            "created": created,
            "caught_before_first_post": caught_per_day,
            "suspended": suspended_per_day,
            "live_accounts": live,
            "reach": reach,
            "followers_per_account": np.divide(reach, live, out=np.zeros(days), where=live > 0),
        }
    )
    daily.attrs["simulated"] = True
    return daily


def _lifetimes_frame(p: AccountsParams, d: dict) -> pd.DataFrame:
    ends_at, created_at = d["ends_at"], d["created_at"]
    lifetimes = pd.DataFrame(
        {
            "account": np.arange(created_at.size),
            "created_day": created_at,
            "lifetime_days": np.minimum(ends_at, float(p.days)) - created_at,
            "suspended": ends_at < p.days,
            "caught_before_first_post": d["caught"],
        }
    )
    lifetimes.attrs["simulated"] = True
    return lifetimes


def _follower_pool(
    *, live, visible_created, visible_suspended, start_followers, start_live, regrowth, kept
) -> np.ndarray:
    """Followers held by live accounts at the end of each day (a loop over days, not accounts).

    On day t the accounts that were live at some point hold the pool R on average; the suspended ones take their
    average share with them and a share ``kept`` returns; every account live at the end of the day gains
    ``regrowth`` followers. If no account is live, the returning audience waits (reach 0) for the next one.
    """
    pool = float(start_followers)
    prev_live = int(start_live)
    out = []
    for live_t, new_t, gone_t in zip(live.tolist(), visible_created.tolist(), visible_suspended.tolist()):
        exposed = prev_live + new_t
        if exposed > 0 and gone_t > 0:
            pool *= 1.0 - (1.0 - kept) * gone_t / exposed
        pool += regrowth * live_t
        out.append(pool if live_t > 0 else 0.0)
        prev_live = live_t
    return np.asarray(out, dtype=float)


def kaplan_meier(*, durations_days, suspended, days: Sequence[float] | None = None) -> pd.DataFrame:
    """Kaplan-Meier survival of accounts (share not yet suspended) with a 95% confidence band, by day.

    Why: the lesson reads takedown speed the way Conway et al. did, as the share of accounts still up after
    2 days and after 3 months, and censoring (accounts still up when observation ends) must not be counted as
    survivors for ever or dropped. Source: E.L. Kaplan & P. Meier (1958), "Nonparametric estimation from
    incomplete observations"; band: exponential Greenwood, as in lifelines' ``KaplanMeierFitter`` (numpy only,
    so the course runs where lifelines cannot be installed, e.g. in the browser).

    ``durations_days``: observed lifetimes (days, >= 0); ``suspended``: True if the account was suspended, False
    if censored; ``days``: days at which to read the curve (default: 0, 1, ... up to the longest duration).
    Returns columns day, survival, ci_lower, ci_upper.
    """
    durations = np.asarray(durations_days, dtype=float)
    events = np.asarray(suspended)
    if durations.ndim != 1 or durations.size == 0:
        raise ValueError(f"durations_days must be a non-empty 1-D sequence of days; got {durations.size} values")
    if not np.all(np.isfinite(durations)) or np.any(durations < 0):
        raise ValueError("durations_days must hold finite, non-negative numbers of days")
    if events.shape != durations.shape or events.dtype != bool:
        raise ValueError(
            f"suspended must be a sequence of True/False of the same length as durations_days ({durations.size})"
        )
    if days is None:
        grid = np.arange(int(math.floor(durations.max())) + 1, dtype=float)
    else:
        grid = np.asarray(days, dtype=float)
        if grid.ndim != 1 or grid.size == 0 or not np.all(np.isfinite(grid)) or np.any(grid < 0):
            raise ValueError(f"days must be a non-empty sequence of non-negative numbers; got {days!r}")

    timeline, surv, lower, upper = _kaplan_meier_steps(durations, events)
    row = np.searchsorted(timeline, grid, side="right") - 1  # step function: last change at or before the day
    valid = row >= 0
    row = np.clip(row, 0, None)
    return pd.DataFrame(
        {
            "day": grid,
            "survival": np.where(valid, surv[row], 1.0),
            "ci_lower": np.where(valid, lower[row], 1.0),
            "ci_upper": np.where(valid, upper[row], 1.0),
        }
    )


def _kaplan_meier_steps(durations: np.ndarray, events: np.ndarray, alpha: float = 0.05):
    """Kaplan-Meier estimate and its exponential-Greenwood band at 0 and at every distinct duration.

    S(t) is the product over event times t_i <= t of (1 - d_i / n_i), with n_i the accounts still at risk
    (duration >= t_i) and d_i those suspended at t_i; computed as exp(sum(log(n_i - d_i) - log(n_i))). The band is
    the log(-log S) ("exponential Greenwood") interval: S ** exp(+-z sqrt(V) / log S) with V = sum d_i / (n_i (n_i
    - d_i)) (Greenwood 1926; Kalbfleisch & Prentice 1980); where S = 1 it is [1, 1], where S = 0 it is [0, 0].
    The same arithmetic as lifelines' ``KaplanMeierFitter`` (C. Davidson-Pilon), which the tests compare against.
    """
    from scipy.stats import norm

    timeline = np.unique(np.concatenate(([0.0], durations)))
    order = np.sort(durations)
    at_risk = (order.size - np.searchsorted(order, timeline, side="left")).astype(float)
    deaths = np.bincount(np.searchsorted(timeline, durations[events]), minlength=timeline.size).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_surv = np.cumsum(np.where(deaths > 0, np.log(at_risk - deaths) - np.log(at_risk), 0.0))
        greenwood = np.cumsum(np.where((deaths > 0) & (at_risk > deaths), deaths / (at_risk * (at_risk - deaths)), 0.0))
        surv = np.exp(log_surv)
        z = norm.ppf(1 - alpha / 2)
        half = z * np.sqrt(greenwood) / log_surv
        lower = np.exp(-np.exp(np.log(-log_surv) - half))
        upper = np.exp(-np.exp(np.log(-log_surv) + half))
    lower = np.where(np.isnan(lower), 1.0, lower)
    upper = np.where(np.isnan(upper), 1.0, upper)
    return timeline, surv, lower, upper


def survival_table(
    *,
    groups: Mapping[str, AccountsResult | pd.DataFrame],
    days: Sequence[float] | None = None,
    include_caught_before_first_post: bool = False,
) -> pd.DataFrame:
    """Kaplan-Meier survival curves of simulated accounts for several groups, in one tidy table.

    Why: lesson 05 puts the two 2017 regimes side by side (pro-IS vs other jihadist accounts) the way Conway et
    al. (2017), *Disrupting Daesh*, compared them. Source: Kaplan & Meier (1958); see :func:`kaplan_meier`.

    ``groups``: a mapping from a group label to an :class:`AccountsResult` (or its ``lifetimes`` DataFrame);
    ``days``: days at which to read the curves (default 0 ... the longest observed lifetime);
    ``include_caught_before_first_post``: by default accounts removed at creation are left out, since a study
    that samples accounts from their posts never sees them. Returns columns group, day, survival, ci_lower,
    ci_upper (attrs["simulated"] is True when every input was a labelled simulation).
    """
    if not isinstance(groups, Mapping) or len(groups) == 0:
        raise ValueError(
            f"groups must be a non-empty mapping from a label to a simulate_accounts result; got {groups!r}"
        )
    if not isinstance(include_caught_before_first_post, bool):
        raise ValueError(
            f"include_caught_before_first_post must be True or False; got {include_caught_before_first_post!r}"
        )
    frames = []
    simulated = True
    for label, value in groups.items():
        table = value.lifetimes if isinstance(value, AccountsResult) else value
        needed = {"lifetime_days", "suspended", "caught_before_first_post"}
        if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
            raise ValueError(
                f"groups[{label!r}] must be a simulate_accounts result or its lifetimes DataFrame; "
                f"got {type(value).__name__}"
            )
        simulated = simulated and table.attrs.get("simulated", False) is True
        if not include_caught_before_first_post:
            table = table[~table["caught_before_first_post"].to_numpy()]
        if len(table) == 0:
            raise ValueError(f"groups[{label!r}] has no accounts to estimate survival from")
        curve = kaplan_meier(
            durations_days=table["lifetime_days"].to_numpy(),
            suspended=table["suspended"].to_numpy(dtype=bool),
            days=days,
        )
        curve.insert(0, "group", str(label))
        frames.append(curve)
    out = pd.concat(frames, ignore_index=True)
    out.attrs["simulated"] = simulated  # estimated from simulated lifetimes (False if any input was not labelled)
    return out


# Lesson 05's presence explorer: one setting against the baseline

#: The comparison run of the explorer: no registration friction and the model's default 30-day mean detection.
BASELINE = {"share_blocked_at_registration": 0.0, "mean_detection_delay_days": 30.0}
#: The names of the two runs a :class:`PresenceResult` holds: the explorer's settings and the baseline.
YOUR_RUN = "your settings"
BASELINE_RUN = "no friction, 30-day detection"
_GROUP_LABELS = {"pro_is": "pro-IS", "other_jihadist": "other jihadist"}


@dataclass(frozen=True)
class PresenceResult:
    """One explorer setting: the simulated daily series for it and for the baseline, and both steady states.

    ``daily``: long format (``day``, ``run``, ``live_accounts``, ``reach``) for both runs; ``steady`` and
    ``baseline_steady``: the analytic :class:`swarmcast.models.SteadyState` of each.
    """

    share_blocked_at_registration: float
    mean_detection_delay_days: float
    daily: pd.DataFrame
    steady: SteadyState
    baseline_steady: SteadyState
    simulated: bool = True

    @property
    def mean_live_accounts(self) -> float:
        """Mean simulated number of live accounts over the run (your settings)."""
        return float(self.daily.loc[self.daily["run"] == YOUR_RUN, "live_accounts"].mean())

    @property
    def mean_reach(self) -> float:
        """Mean simulated number of followers held by live accounts over the run (your settings)."""
        return float(self.daily.loc[self.daily["run"] == YOUR_RUN, "reach"].mean())

    @property
    def baseline_mean_reach(self) -> float:
        """Mean simulated reach of the baseline run."""
        return float(self.daily.loc[self.daily["run"] == BASELINE_RUN, "reach"].mean())


def presence_run(*, share_blocked_at_registration, mean_detection_delay_days, creation_attempts_per_day, days, seed):
    """One run of lesson 05's presence explorer: the two levers set, starting in the steady state."""
    levers = {"share_blocked_at_registration": share_blocked_at_registration,
              "mean_detection_delay_days": mean_detection_delay_days}
    return simulate_accounts(creation_attempts_per_day=creation_attempts_per_day, start_at_steady_state=True, days=days,
                             seed=seed, **levers)


def _long(result: AccountsResult, run: str) -> pd.DataFrame:
    d = result.daily
    return pd.DataFrame({"day": d["day"], "run": run, "live_accounts": d["live_accounts"], "reach": d["reach"]})


def compare_presence(run: AccountsResult, baseline: AccountsResult, *, share_blocked_at_registration: float,
                     mean_detection_delay_days: float) -> PresenceResult:
    """One explorer setting against the baseline, as a :class:`PresenceResult` (your run drawn last, on top).

    Why: lesson 05's presence chart and summary compare a setting with no friction and 30-day detection.
    Source: two seeded runs of :func:`simulate_accounts`.
    """
    daily = pd.concat([_long(baseline, BASELINE_RUN), _long(run, YOUR_RUN)], ignore_index=True)
    return PresenceResult(float(share_blocked_at_registration), float(mean_detection_delay_days), daily, run.steady,
                          baseline.steady)


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
