"""The policy lab: one simulator that combines the course's models to compare counter-propaganda policies.

Why: lesson 09 and assignment a05 ask students to spend a fixed budget of effort on six levers seen in
earlier lessons and to weigh what each mix buys (less reach for the movement) against what it costs
(wrongful removals, displacement to small and darker platforms, ordinary users blocked at sign-up). The point
is not a "right answer": it is to see which conclusions follow from which assumptions.

Sources of the parts: the accounts model (lesson 05; M/G/infinity birth-death, takedown calibrated to
M. Conway et al. (2017), *Disrupting Daesh*; followers after J.M. Berger & H. Perez (2016), *The Islamic
State's Diminishing Returns on Twitter*); the platforms model (lesson 06; choice rule after N.F. Johnson et al.
(2019), "Hidden resilience and adaptive dynamics of the global online hate ecology", *Nature*); the aggregates
model (lesson 07; N.F. Johnson et al. (2016), "New online ecology of adversarial aggregates", *Science*); the
attention model (lesson 08; after M.R. Torres-Soriano (2019)); the hashing model (lesson 04) for false matches.
The combination, the effort units and every "what one unit buys" figure are the course's assumptions: a
stylised lab, not a fitted or published model. All output is simulated.

How the lab works (every step runs for every policy mix at once, as numpy arrays of mixes x platforms):
- Platforms: the five generic platforms of the platforms model. The two with the largest audiences form the
  *large* tier; the others (messaging, two start-ups) the *small* tier. ``displacement_share`` is the share
  of the movement's live accounts on the small tier.
- Arrivals: each day a Poisson number of account-creation attempts (mean ``creation_attempts_per_day``; the
  same draws for every mix) is spread over the platforms with the platforms model's rule: weight = openness x
  audience x chance of getting through sign-up x chance of not being caught at once x chance of surviving
  ``planning_horizon_days`` under the removal pressure organisers perceive (the hazard smoothed over a week).
  With ``planning_horizon_days=0`` organisers ignore every risk and nothing is displaced by choice.
- Accounts (a mean-field version of the accounts model, in expected numbers): on the large tier a share of new
  accounts is caught at once (the proactive "fast track": 34% with no policy, the accounts model's PRO_IS_2017
  regime after Conway et al. 2017) and the rest are found after a mean of 155 days; on the small tier accounts
  are found after a mean of 302 days (the mean lifespan of new channels after the 2018 Telegram action day,
  Amarasingam, Maher & Winter 2021, data row ``cr_2018_mean_lifespan``).
- Reach: each live account builds an audience towards its platform's ``audience_size`` over about 30 days (the
  platforms model's rule). Removed accounts take their audience with them; a share ``followers_kept_on_return``
  finds the movement's other accounts (the accounts model's rule), but fewer on an action day, when every
  platform loses accounts at once and fewer links survive to lead them back (the "swarmcast" idea, Fisher 2015).
- Press: the attention model itself runs for the same days and seed; the press channel is its coverage of
  unofficial, empty threats. The ``counter_speech`` lever acts only here: it stands for people exposing and
  ridiculing empty threats (the first half of what ordinary users did in lesson 04, after Lakomy 2017), which makes
  threats less newsworthy and new brands less credible. The other half, users *reporting* accounts so that they
  are removed faster, is not part of this lever; in the lab, faster removal belongs to the detection levers. ``reach_relative`` = (1 - ``press_share_of_reach``) x online reach relative to no
  policy + ``press_share_of_reach`` x press coverage relative to no policy. The two channels do not interact.
- Wrongful removals: every removal carries a false-match share read off the hashing model's precision curve
  (lesson 04): 1 - precision at ``match_threshold_bits`` (2.1% at 15 bits, the F1-best threshold there). The
  fast track works at a looser threshold as detection effort grows (``threshold_bits_per_detection_unit``), so
  its share of false matches rises. Wrongful removals = removals x share / (1 - share), in expected numbers.
- Ordinary users: registration friction blocks ordinary sign-ups at 1/20 of the rate it blocks the movement's
  (an assumption; no figure exists in the data package), reported per 1,000 ordinary sign-ups.

The levers (effort units): the value a lever's parameter takes with ``u`` units is ``no policy + (at most -
no policy) x (1 - 2 ** (-u / 3))``: 3 units buy half of a lever's maximum effect, 6 units three quarters
(diminishing returns). See :data:`LEVER_TABLE` and :func:`lever_settings`. Targeting small aggregates is a
reduced form (the aggregates model's intervention experiment was not available when the lab was written; it could
calibrate this lever's maximum effect later): a share of new,
small groups is removed on arrival on every platform, and the survivors build their audience more slowly by
the same share, since large aggregates grow by absorbing small ones (Johnson et al. 2016).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from swarmcast._validate import check_choice, check_number, check_seed
from swarmcast.models.accounts import PRO_IS_2017
from swarmcast.models.attention import AttentionParams, simulate_attention
from swarmcast.models.platforms import DEFAULT_PLATFORMS, PRESSURE_MEMORY_DAYS, PlatformsParams
from swarmcast.params import Params, default, param

__all__ = [
    "DEFAULT_BUDGET_UNITS",
    "HALF_EFFECT_UNITS",
    "HASH_PRECISION_BY_THRESHOLD",
    "LEVERS",
    "LEVER_TABLE",
    "Lever",
    "PolicyLabParams",
    "PolicyLabResult",
    "PolicyMix",
    "compare_policies",
    "false_match_share",
    "lever_sweep",
    "lever_settings",
    "simulate_policy_lab",
    "single_policy_mixes",
]

#: The six policy levers, in the order the lesson presents them.
LEVERS: tuple[str, ...] = (
    "faster_detection",
    "registration_friction",
    "coordinated_action_days",
    "target_small_aggregates",
    "small_platform_support",
    "counter_speech",
)
#: The fixed budget a student allocates, in effort units.
DEFAULT_BUDGET_UNITS = 10.0
#: Effort units that buy half of a lever's maximum effect (diminishing returns).
HALF_EFFECT_UNITS = 3.0

#: Precision of the average hash at whole-bit thresholds 0..64, measured with the hashing model:
#: ``threshold_sweep(pairs=matching_experiment(n_originals=40, n_distractors=100, methods=["average"], seed=0),
#: method="average")``. tests/test_models_policy_lab.py re-measures it, so a change in the hashing model shows.
HASH_PRECISION_BY_THRESHOLD: tuple[float, ...] = (
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.995495, 0.991189, 0.978448, 0.978723,
    0.95122, 0.932271, 0.842294, 0.728395, 0.580097, 0.432432, 0.337063, 0.251566, 0.181413, 0.133699,
    0.100611, 0.079192, 0.064262, 0.051834, 0.044165, 0.036522, 0.031851, 0.028051, 0.025704, 0.023444,
    0.022199, 0.02106, 0.020368, 0.019689, 0.019372, 0.019053, 0.018826, 0.018655, 0.01855, 0.018505,
    0.018476, 0.018448, 0.018431, 0.018426, 0.018423, 0.018423, 0.018421, 0.018421, 0.018421, 0.018421,
    0.018421, 0.018421, 0.018421, 0.018421, 0.018421, 0.018421, 0.018421, 0.018421, 0.018421,
)
# False matches never fall below this share: no process is perfect, and precision 1.0 in a 40-image
# experiment only means no false match was seen among about 15,000 pairs.
_MIN_FALSE_MATCH_SHARE = 0.005

# ---- fixed settings of the lab (documented in the module docstring and LEVER_TABLE) ---------------------------
_PLATFORMS = DEFAULT_PLATFORMS
_AUDIENCE = np.array([p.audience_size for p in _PLATFORMS], dtype=float)
_ATTRACTION = np.array([p.openness for p in _PLATFORMS], dtype=float) * _AUDIENCE
_LARGE = _AUDIENCE >= 0.5 * _AUDIENCE.max()  # large_video, large_social
_SMALL = ~_LARGE  # messaging, small_startup_1, small_startup_2
_FAST_SHARE_NO_POLICY = PRO_IS_2017.share_detected_fast  # 0.34 (Conway et al. 2017 calibration)
_LARGE_DELAY_DAYS = PRO_IS_2017.mean_detection_delay_days  # 155
_SMALL_DELAY_DAYS = 302.0  # CREST: mean lifespan of new channels after the 2018 action day (crest_telegram)
# time scale on which an account builds its audience (the platforms model's default, 30 days)
_AUDIENCE_GROWTH_DAYS = default(PlatformsParams, "audience_growth_days")
_NEWSWORTHINESS = default(AttentionParams, "newsworthiness")  # the attention model's default, 0.9
_PRIOR_FOLLOW_THROUGH = default(AttentionParams, "prior_follow_through")  # the attention model's default, 0.5
_ORDINARY_BLOCK_RATIO = 0.05  # an ordinary sign-up is blocked at 1/20 of the rate of a movement sign-up


@dataclass(frozen=True)
class Lever:
    """One policy lever of the lab: where it acts, what it changes, and what it costs besides effort.

    ``no_policy`` and ``at_most`` are the changed parameter with no effort and with unlimited effort; the value
    bought with ``u`` units is ``no_policy + (at_most - no_policy) * (1 - 2 ** (-u / HALF_EFFECT_UNITS))``.
    """

    lever: str
    lesson: str
    model: str
    acts_on: str
    parameter: str
    no_policy: float
    at_most: float
    side_effects: str


_BASE_FALSE_MATCHES = "removals carry the base false-match share"

#: The six levers. Effects and side effects are the lab's assumptions (see the module docstring).
LEVER_TABLE: tuple[Lever, ...] = (
    Lever(
        "faster_detection", "05", "accounts", "large platforms",
        "share of new accounts caught at once (fast track)", _FAST_SHARE_NO_POLICY, 0.95,
        "the fast track matches on weaker evidence: its false-match share rises (hashing model); "
        "pressure on large platforms displaces accounts",
    ),
    Lever(
        "registration_friction", "05", "accounts", "large platforms",
        "share of sign-up attempts blocked", 0.0, 0.8,
        "ordinary users are blocked too (1 in 20 of the movement's rate, an assumption); "
        "organisers go where sign-up is easy, so accounts are displaced",
    ),
    Lever(
        "coordinated_action_days", "06", "platforms", "all platforms, 7 days a year",
        "share of live accounts removed on each action day", 0.0, 0.6,
        "removals on action days carry the base false-match share",
    ),
    Lever(
        "target_small_aggregates", "07", "aggregates (reduced form)", "all platforms",
        "share of new, small groups removed before they merge (slows follower growth by the same share)", 0.0, 0.4, _BASE_FALSE_MATCHES,
    ),
    Lever(
        "small_platform_support", "06", "platforms", "small platforms",
        "speed-up of removal on small platforms (x times the no-policy rate)", 1.0, 10.0, _BASE_FALSE_MATCHES,
    ),
    Lever(
        "counter_speech", "04, 08", "attention", "press and public (exposing and ridiculing; not reporting)",
        "cut in the newsworthiness of threats (and in the credibility new brands start with)", 0.0, 0.6,
        "no removals; costs only effort in the lab (backlash is not modelled); users' reports are not in this lever",
    ),
)
_LEVER_BY_NAME = {lv.lever: lv for lv in LEVER_TABLE}


def _effect_share(units) -> np.ndarray:
    """Share of a lever's maximum effect bought with ``units`` effort units (diminishing returns)."""
    return 1.0 - np.power(2.0, -np.asarray(units, dtype=float) / HALF_EFFECT_UNITS)


def _units(lever_label: str):
    """The declaration of one lever's effort units (the explorer's slider runs to the budget it is given)."""
    return param(0.0, low=0, high=1e6, unit="units", label=lever_label, slider=(0.0, DEFAULT_BUDGET_UNITS, 0.5))


@dataclass(frozen=True)
class PolicyMix(Params):
    """Effort units given to each of the six levers (all >= 0). The total must fit the budget.

    Why: a mix is what a student proposes; :func:`simulate_policy_lab` says what it buys and what it costs.
    Example: ``PolicyMix(faster_detection_units=4, small_platform_support_units=3, counter_speech_units=3)``.
    Each field is declared once (range, unit, and the label lesson 09's explorer shows on its slider; the
    counter-speech lever reads "exposing threats": it models exposing and ridiculing empty threats in the press,
    not users reporting accounts).
    """

    faster_detection_units: float = _units("faster detection")
    registration_friction_units: float = _units("registration friction")
    coordinated_action_days_units: float = _units("coordinated action days")
    target_small_aggregates_units: float = _units("target small aggregates")
    small_platform_support_units: float = _units("small platform support")
    counter_speech_units: float = _units("exposing threats")

    @property
    def total_units(self) -> float:
        """Effort units spent by the whole mix."""
        return float(sum(getattr(self, f.name) for f in fields(self)))

    def units(self, lever: str) -> float:
        """Effort units given to one lever (a name from :data:`LEVERS`)."""
        lever = check_choice("lever", lever, LEVERS)
        return float(getattr(self, f"{lever}_units"))

    def as_dict(self) -> dict[str, float]:
        """Lever name -> effort units."""
        return {lever: self.units(lever) for lever in LEVERS}

    @classmethod
    def single(cls, lever: str, units: float) -> PolicyMix:
        """A mix that spends ``units`` on one lever and nothing on the others."""
        lever = check_choice("lever", lever, LEVERS)
        units = check_number("units", units, low=0, high=1e6)
        return cls(**{f"{lever}_units": units})

    @classmethod
    def even(cls, budget_units: float = DEFAULT_BUDGET_UNITS) -> PolicyMix:
        """A mix that splits ``budget_units`` evenly over the six levers."""
        budget_units = check_number("budget_units", budget_units, low=0, high=1e6)
        return cls(**{f"{lever}_units": budget_units / len(LEVERS) for lever in LEVERS})


def _check_mix(mix: object, budget_units: float, name: str = "mix") -> PolicyMix:
    if not isinstance(mix, PolicyMix):
        raise ValueError(f"{name} must be a PolicyMix, e.g. PolicyMix(faster_detection_units=3); got {mix!r}")
    if mix.total_units > budget_units + 1e-9:
        raise ValueError(
            f"{name} spends {mix.total_units:g} effort units, more than budget_units={budget_units:g}; "
            "lower some levers or raise budget_units"
        )
    return mix


def false_match_share(*, threshold_bits: float) -> float:
    """Share of removals that hit the wrong item at a matching threshold, from the hashing model (1 - precision).

    Why: it grounds the lab's wrongful removals in lesson 04: a looser threshold catches more copies and more
    innocent items. Interpolated linearly between whole bits of :data:`HASH_PRECISION_BY_THRESHOLD`, never below
    0.5%. Source: the course's hashing model (average hash, Krawetz 2011) on benign synthetic images.
    """
    threshold_bits = check_number("threshold_bits", threshold_bits, low=0, high=64)
    return float(_false_match(np.asarray(threshold_bits, dtype=float)))


def _false_match(threshold_bits: np.ndarray) -> np.ndarray:
    precision = np.interp(threshold_bits, np.arange(len(HASH_PRECISION_BY_THRESHOLD)), HASH_PRECISION_BY_THRESHOLD)
    return np.maximum(1.0 - precision, _MIN_FALSE_MATCH_SHARE)


def _settings_arrays(mixes: list[PolicyMix], match_threshold_bits: float, bits_per_unit: float) -> dict:
    """What each mix buys: model parameters per mix (arrays of length K)."""
    units = {lv: np.array([m.units(lv) for m in mixes], dtype=float) for lv in LEVERS}
    s = {lv: _effect_share(u) for lv, u in units.items()}

    def value(lever):
        lv = _LEVER_BY_NAME[lever]
        return lv.no_policy + (lv.at_most - lv.no_policy) * s[lever]

    return {
        "fast_share": value("faster_detection"),
        "fast_threshold_bits": match_threshold_bits + bits_per_unit * units["faster_detection"],
        "blocked_share": value("registration_friction"),
        "action_share": value("coordinated_action_days"),
        "small_group_share": value("target_small_aggregates"),
        "small_speedup": value("small_platform_support"),
        "counter_speech_cut": value("counter_speech"),
    }


def lever_settings(
    *,
    mix: PolicyMix,
    budget_units: float = DEFAULT_BUDGET_UNITS,
    match_threshold_bits: float = 15.0,
    threshold_bits_per_detection_unit: float = 0.5,
) -> pd.DataFrame:
    """What a mix buys: for each lever, its units, the model parameter it changes and the value bought.

    Why: students should see the assumption behind each lever before trusting the lab's output (the table
    is the lab's "small print"). Source: :data:`LEVER_TABLE` (the course's assumptions).
    """
    budget_units = check_number("budget_units", budget_units, low=0, high=1e6)
    mix = _check_mix(mix, budget_units)
    match_threshold_bits = check_number("match_threshold_bits", match_threshold_bits, low=0, high=64)
    bits = check_number("threshold_bits_per_detection_unit", threshold_bits_per_detection_unit, low=0, high=10)
    st = _settings_arrays([mix], match_threshold_bits, bits)
    keys = {
        "faster_detection": "fast_share",
        "registration_friction": "blocked_share",
        "coordinated_action_days": "action_share",
        "target_small_aggregates": "small_group_share",
        "small_platform_support": "small_speedup",
        "counter_speech": "counter_speech_cut",
    }
    rows = []
    for lv in LEVER_TABLE:
        rows.append(
            {
                "lever": lv.lever,
                "units": mix.units(lv.lever),
                "share_of_max_effect": float(_effect_share(mix.units(lv.lever))),
                "acts_on": lv.acts_on,
                "parameter": lv.parameter,
                "no_policy": lv.no_policy,
                "with_mix": float(st[keys[lv.lever]][0]),
                "at_most": lv.at_most,
                "lesson": lv.lesson,
                "side_effects": lv.side_effects,
            }
        )
    df = pd.DataFrame(rows)
    df.attrs["fast_track_false_match_share"] = float(_false_match(st["fast_threshold_bits"])[0])
    return df


@functools.lru_cache(maxsize=64)
def _press_coverage(seed: int, days: int, cut: float) -> float:
    """Mean covered unofficial threats a day in the attention model, with counter-speech cutting newsworthiness
    and the credibility new brands start with by the share ``cut``."""
    res = simulate_attention(
        days=days,
        newsworthiness=_NEWSWORTHINESS * (1.0 - cut),
        prior_follow_through=_PRIOR_FOLLOW_THROUGH * (1.0 - 0.5 * cut),
        seed=seed,
    )
    return float(res.daily["covered_unofficial"].mean())


def _simulate_batch(mixes: list[PolicyMix], *, seed: int, p: PolicyLabParams) -> dict:
    """Run the mean-field lab for every mix at once; index 0 must be the no-policy mix."""
    st = _settings_arrays(mixes, p.match_threshold_bits, p.threshold_bits_per_detection_unit)
    m = _mix_platform_rates(st, p)
    rng = np.random.default_rng(seed)
    attempts = rng.poisson(p.creation_attempts_per_day, p.days).astype(float)
    is_action = (np.arange(p.days) % p.action_interval_days) == p.action_interval_days - 1
    # Daily removal hazard of every mix and platform: the action-day sweep on top on action days.
    h_action = 1.0 - (1.0 - m["hazard"]) * (1.0 - m["action"])
    h_day = np.where(is_action[:, None, None], h_action[None], m["hazard"][None])  # (days, K, P)
    arr = _arrivals(attempts, h_day, m, p)
    accounts, followers = _no_policy_start(p, len(mixes))
    live, reach, gone = _live_and_reach(accounts, followers, arr["new"], h_day, m["growth_rate"], p.followers_kept_on_return)

    n_other = arr["caught_small"] + gone.sum(axis=2)
    removed = arr["caught_fast"] + n_other
    wrongful = arr["caught_fast"] * m["wrong_per_fast"][:, 0][None] + n_other * m["wrong_per_other"]
    cuts = st["counter_speech_cut"]
    press = np.array([_press_coverage(seed, p.days, round(float(c), 12)) for c in cuts])
    return {
        "live": live,
        "reach": reach,
        "removed": removed,
        "wrongful": wrongful,
        "blocked": (arr["tries"] * m["blocked"][None]).sum(axis=2),
        "press": press,
        "settings": st,
        "fm_fast": m["fm_fast"][:, 0],
        "fm_base": m["fm_base"],
        "press_share": p.press_share_of_reach,
        "is_action": is_action,
    }


def _mix_platform_rates(st: dict, p: PolicyLabParams) -> dict:
    """Per mix and platform: share caught at once, daily hazard of later removal, share blocked at sign-up..."""
    col = lambda a: np.asarray(a, dtype=float)[:, None]  # noqa: E731  (K,) -> (K, 1)
    fast = np.where(_LARGE, col(st["fast_share"]), 0.0)  # (K, P)
    q = col(st["small_group_share"])  # removed as small groups on arrival, everywhere
    base_h = np.where(_LARGE, 1.0 / _LARGE_DELAY_DAYS, 1.0 / _SMALL_DELAY_DAYS)
    fm_base = float(_false_match(np.asarray(p.match_threshold_bits)))
    fm_fast = col(_false_match(st["fast_threshold_bits"]))  # (K, 1)
    return {
        "fast": fast,
        "q": q,
        "on_arrival": 1.0 - (1.0 - fast) * (1.0 - q),
        "base_h": base_h,
        "hazard": np.where(_SMALL, base_h * col(st["small_speedup"]), base_h),  # (K, P)
        "blocked": np.where(_LARGE, col(st["blocked_share"]), 0.0),
        "action": col(st["action_share"]),  # (K, 1)
        "growth_rate": (1.0 - q) / _AUDIENCE_GROWTH_DAYS,  # (K, 1): fewer small groups to merge with, slower growth
        "fm_base": fm_base,
        "fm_fast": fm_fast,
        "wrong_per_fast": fm_fast / (1.0 - fm_fast),
        "wrong_per_other": fm_base / (1.0 - fm_base),
    }


def _no_policy_start(p: PolicyLabParams, k_mix: int) -> tuple[np.ndarray, np.ndarray]:
    """Accounts and followers per platform in the no-policy steady state (the same for every mix)."""
    base_h = np.where(_LARGE, 1.0 / _LARGE_DELAY_DAYS, 1.0 / _SMALL_DELAY_DAYS)
    kept = p.followers_kept_on_return
    if p.planning_horizon_days > 0:
        w0 = _ATTRACTION * (1.0 - _FAST_SHARE_NO_POLICY * _LARGE) * np.exp(-base_h * p.planning_horizon_days)
    else:
        w0 = _ATTRACTION
    lam0 = p.creation_attempts_per_day * w0 / w0.sum()
    a0 = lam0 * (1.0 - _FAST_SHARE_NO_POLICY * _LARGE) / base_h
    rho0 = float((a0 * base_h).sum() / a0.sum())
    d0 = (1.0 - base_h * (1.0 - kept * (1.0 - rho0))) * (1.0 - 1.0 / _AUDIENCE_GROWTH_DAYS)
    f0 = _AUDIENCE * a0 / _AUDIENCE_GROWTH_DAYS / (1.0 - d0)
    return np.tile(a0, (k_mix, 1)), np.tile(f0, (k_mix, 1))


def _arrivals(attempts: np.ndarray, h_day: np.ndarray, m: dict, p: PolicyLabParams) -> dict:
    """The day's attempts spread by the choice rule, then sign-up, then removal on arrival."""
    alpha = 1.0 / PRESSURE_MEMORY_DAYS  # as in the platforms model
    # The pressure organisers perceive (a one-week smoothing of the hazard), as it stands each morning.
    seen = np.empty_like(h_day)
    pressure = np.broadcast_to(m["base_h"], h_day.shape[1:])
    for t in range(h_day.shape[0]):
        seen[t] = pressure
        pressure = (1.0 - alpha) * pressure + alpha * h_day[t]
    get_on = 1.0 - m["blocked"]
    survive_arrival = 1.0 - m["on_arrival"]
    if p.planning_horizon_days > 0:
        weights = (_ATTRACTION * get_on * survive_arrival)[None] * np.exp(-seen * p.planning_horizon_days)
    else:  # organisers ignore every risk
        weights = np.broadcast_to(_ATTRACTION, h_day.shape)
    tries = attempts[:, None, None] * weights / weights.sum(axis=2, keepdims=True)
    entered = tries * get_on
    return {
        "tries": tries,
        "new": entered * survive_arrival,
        "caught_fast": (entered * m["fast"]).sum(axis=2),  # (days, K)
        "caught_small": (entered * (1.0 - m["fast"]) * m["q"]).sum(axis=2),
    }


def _live_and_reach(accounts, followers, new, h_day, growth_rate, kept) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Live accounts (yesterday's survivors plus today's new ones) and their followers, day by day; and removals."""
    live = np.empty_like(h_day)
    a = accounts
    keep = 1.0 - h_day
    for t in range(h_day.shape[0]):
        a = a * keep[t] + new[t]
        live[t] = a
    before = np.concatenate([accounts[None], live[:-1]])
    gone = before * h_day
    lost_share = gone.sum(axis=2) / np.maximum(before.sum(axis=2), 1e-12)  # (days, K)
    # Followers: removed accounts take theirs; a share comes back, fewer when every platform is hit at once.
    decay = (1.0 - h_day * (1.0 - kept * (1.0 - lost_share))[:, :, None]) * (1.0 - growth_rate[None])
    growth = growth_rate[None] * _AUDIENCE * live
    reach = np.empty_like(h_day)
    f = followers
    for t in range(h_day.shape[0]):
        f = f * decay[t] + growth[t]
        reach[t] = f
    return live, reach, gone


def _summary_rows(names: list[str], mixes: list[PolicyMix], raw: dict, budget_units: float) -> pd.DataFrame:
    live, reach = raw["live"], raw["reach"]
    online = reach.sum(axis=2).mean(axis=0)  # mean daily reach over the run, per mix
    online_rel = online / online[0]
    press_rel = raw["press"] / raw["press"][0] if raw["press"][0] > 0 else np.ones_like(raw["press"])
    w = raw["press_share"]
    tail = max(1, min(30, live.shape[0]))
    end_live = live[-tail:].mean(axis=0)  # (K, P)
    displacement = end_live[:, _SMALL].sum(axis=1) / np.maximum(end_live.sum(axis=1), 1e-12)
    wrongful = raw["wrongful"].sum(axis=0)
    df = pd.DataFrame(
        {
            "policy": names,
            "units_spent": [m.total_units for m in mixes],
            "budget_left_units": [budget_units - m.total_units for m in mixes],
            "reach_relative": (1.0 - w) * online_rel + w * press_rel,
            "online_reach_relative": online_rel,
            "press_coverage_relative": press_rel,
            "displacement_share": displacement,
            "live_accounts_end": end_live.sum(axis=1),
            "removals": raw["removed"].sum(axis=0),
            "movement_signups_blocked": raw["blocked"].sum(axis=0),
            "wrongful_removals": wrongful,
            "wrongful_removals_relative": wrongful / wrongful[0],
            "fast_track_false_match_share": raw["fm_fast"],
            "ordinary_signups_blocked_per_1000": 1000.0 * _ORDINARY_BLOCK_RATIO * raw["settings"]["blocked_share"],
        }
    )
    df.attrs["simulated"] = True
    return df


@dataclass(frozen=True)
class PolicyLabParams(Params):
    """The policy lab's settings besides the mix and the seed, declared once (unit, accepted range, default).

    :func:`simulate_policy_lab` and :func:`compare_policies` take them as keyword arguments.
    """

    budget_units: float = param(DEFAULT_BUDGET_UNITS, low=0, high=1e6, unit="effort units", label="budget")
    days: int = param(365, low=30, high=3650, integer=True, unit="days", label="simulated days")
    creation_attempts_per_day: float = param(
        40.0, low=0, high=1e6, low_open=True, unit="sign-up attempts a day", label="the movement's sign-up attempts a day")
    planning_horizon_days: float = param(
        14.0, low=0, high=365, unit="days", label="how far ahead organisers weigh removal risk")
    followers_kept_on_return: float = param(
        0.5, low=0, high=1, high_open=True, unit="share", label="share of a removed account's followers who come back")
    action_interval_days: int = param(
        52, low=1, high=3650, integer=True, unit="days", label="days between coordinated action days")
    match_threshold_bits: float = param(15.0, low=0, high=64, unit="bits", label="matching threshold")
    threshold_bits_per_detection_unit: float = param(
        0.5, low=0, high=10, unit="bits per effort unit", label="how much the fast track loosens its threshold per unit")
    press_share_of_reach: float = param(
        0.2, low=0.0, high=1.0, unit="share", label="the press channel's share of reach with no policy")


@dataclass(frozen=True)
class PolicyLabResult:
    """Output of :func:`simulate_policy_lab` (simulated, stylised).

    ``summary``: two rows, ``policy`` = "no policy" and "mix", with ``units_spent``, ``budget_left_units``,
    ``reach_relative`` (mean daily reach over the run, online and press combined, relative to no policy),
    ``online_reach_relative``, ``press_coverage_relative``, ``displacement_share`` (share of live accounts on
    small platforms over the last 30 days), ``live_accounts_end``, ``removals`` (of the movement's accounts),
    ``movement_signups_blocked`` (the movement's sign-up attempts stopped by friction),
    ``wrongful_removals`` (expected wrongful removals over the run), ``wrongful_removals_relative``,
    ``fast_track_false_match_share`` and ``ordinary_signups_blocked_per_1000``.
    ``daily``: one row per day and scenario (``policy``, ``day``, ``live_accounts``, ``reach``,
    ``displacement_share``, ``removals``, ``wrongful_removals``, ``action_day``).
    ``settings``: the table of :func:`lever_settings` for the mix. The scalars repeat the mix's summary row.
    """

    mix: PolicyMix
    budget_units: float
    summary: pd.DataFrame
    daily: pd.DataFrame
    settings: pd.DataFrame
    reach_relative: float
    displacement_share: float
    displacement_share_no_policy: float
    wrongful_removals: float
    wrongful_removals_no_policy: float
    budget_left_units: float
    simulated: bool = True


def simulate_policy_lab(*, mix: PolicyMix, seed: int, **settings) -> PolicyLabResult:
    """Simulate one policy mix for a year and compare it with no policy: reach, displacement and costs.

    Why: lesson 09's question is what a fixed budget of effort buys and who pays for it; the result puts the
    movement's reach next to wrongful removals, displacement to small platforms and ordinary users blocked.
    Source: the course's stylised combination of its accounts, platforms, aggregates, attention and hashing
    models (see the module docstring); not a fitted model.

    Parameters (keyword-only; the settings are declared, with units and ranges, in :class:`PolicyLabParams`): ``mix`` a :class:`PolicyMix` (its total must not exceed ``budget_units``,
    otherwise ValueError); ``seed``; ``budget_units`` the effort available; ``days`` simulated (30-3650);
    ``creation_attempts_per_day`` the movement's mean sign-up attempts a day over all platforms;
    ``planning_horizon_days`` how far ahead organisers weigh removal risk (0: they ignore it, no displacement);
    ``followers_kept_on_return`` (0 to below 1) share of a removed account's followers who come back;
    ``action_interval_days`` days between coordinated action days (52: seven a year, as the EU IRU held in
    2019); ``match_threshold_bits`` the matching threshold behind the base false-match share;
    ``threshold_bits_per_detection_unit`` how much the fast track loosens its threshold per unit of detection
    effort (0 switches that cost off); ``press_share_of_reach`` (0-1) the press channel's share of reach with
    no policy.
    """
    seed = check_seed(seed)
    p = PolicyLabParams(**settings)
    budget = p.budget_units
    mix = _check_mix(mix, budget)
    mixes = [PolicyMix(), mix]
    raw = _simulate_batch(mixes, seed=seed, p=p)
    summary = _summary_rows(["no policy", "mix"], mixes, raw, budget)
    daily = _daily_frame(["no policy", "mix"], raw)
    settings = lever_settings(mix=mix, budget_units=budget, match_threshold_bits=p.match_threshold_bits,
                              threshold_bits_per_detection_unit=p.threshold_bits_per_detection_unit)
    row, base = summary.iloc[1], summary.iloc[0]
    return PolicyLabResult(
        mix=mix,
        budget_units=budget,
        summary=summary,
        daily=daily,
        settings=settings,
        reach_relative=float(row["reach_relative"]),
        displacement_share=float(row["displacement_share"]),
        displacement_share_no_policy=float(base["displacement_share"]),
        wrongful_removals=float(row["wrongful_removals"]),
        wrongful_removals_no_policy=float(base["wrongful_removals"]),
        budget_left_units=float(row["budget_left_units"]),
    )


def _daily_frame(names: list[str], raw: dict) -> pd.DataFrame:
    live, reach = raw["live"], raw["reach"]
    days, k_mix, _ = live.shape
    tot = live.sum(axis=2)
    df = pd.DataFrame(
        {
            "policy": np.repeat(np.array(names, dtype=object), days),
            "day": np.tile(np.arange(days), k_mix),
            "live_accounts": tot.T.ravel(),
            "reach": reach.sum(axis=2).T.ravel(),
            "displacement_share": (live[:, :, _SMALL].sum(axis=2) / np.maximum(tot, 1e-12)).T.ravel(),
            "removals": raw["removed"].T.ravel(),
            "wrongful_removals": raw["wrongful"].T.ravel(),
            "action_day": np.tile(raw["is_action"], k_mix),
        }
    )
    df.attrs["simulated"] = True
    return df


def compare_policies(*, mixes: Mapping[str, PolicyMix], seed: int, **settings) -> pd.DataFrame:
    """Simulate several named mixes in one run and return one summary row each, after a "no policy" row.

    Why: the lesson compares a student's mix with each single lever at the same budget; all mixes share the
    same random arrivals and the same press runs, so differences come from the policies, not from noise. A
    mix's row is the same as in :func:`simulate_policy_lab` with the same seed and settings.
    Source: as :func:`simulate_policy_lab`; columns as its ``summary``.
    """
    seed = check_seed(seed)
    p = PolicyLabParams(**settings)
    budget = p.budget_units
    if not isinstance(mixes, Mapping) or not (1 <= len(mixes) <= 200):
        size = len(mixes) if isinstance(mixes, Mapping) else type(mixes).__name__
        raise ValueError(f"mixes must be a mapping of 1 to 200 names to PolicyMix objects; got {size!r}")
    names, checked = ["no policy"], [PolicyMix()]
    for name, m in mixes.items():
        if not isinstance(name, str) or not name.strip() or name == "no policy":
            raise ValueError(f"mixes must be keyed by non-empty names other than 'no policy'; got {name!r}")
        checked.append(_check_mix(m, budget, name=f"mixes[{name!r}]"))
        names.append(name)
    raw = _simulate_batch(checked, seed=seed, p=p)
    return _summary_rows(names, checked, raw, budget)


def single_policy_mixes(*, budget_units: float = DEFAULT_BUDGET_UNITS) -> dict[str, PolicyMix]:
    """Each lever alone with the whole budget, keyed by lever name (for comparisons at equal budget)."""
    budget_units = check_number("budget_units", budget_units, low=0, high=1e6)
    return {lever: PolicyMix.single(lever, budget_units) for lever in LEVERS}


def lever_sweep(*, lever: str, seed: int, budget_units: float = DEFAULT_BUDGET_UNITS, step_units: float = 1.0) -> pd.DataFrame:
    """Spend 0, ``step_units``, 2 x ``step_units`` ... up to ``budget_units`` on one lever; one summary row each.

    Why: the lesson reads diminishing returns and rising costs off this table (one batched simulation).
    Source: the course's policy lab (stylised). Columns as :func:`compare_policies`, plus ``units``.
    """
    lever = check_choice("lever", lever, LEVERS)
    budget_units = check_number("budget_units", budget_units, low=0, high=1000, low_open=True)
    step_units = check_number("step_units", step_units, low=0, high=budget_units, low_open=True)
    n = int(budget_units // step_units + 1e-9)
    units = [i * step_units for i in range(1, n + 1)]
    table = compare_policies(
        mixes={f"{u:g} units": PolicyMix.single(lever, u) for u in units}, seed=check_seed(seed), budget_units=budget_units
    )
    table.insert(1, "units", [0.0, *units])
    table.attrs["lever"] = lever
    return table
