"""Clusters (channels, groups) of a movement spread over several platforms: removal, re-forming and migration.

Why: lesson 06 (trend two, "colonising small spaces", T2 in COURSE.md) argues that when big platforms remove
content quickly, communities re-form on small platforms with few moderators, that links left on big platforms
act as beacons to those small spaces, and that policing one platform alone mostly moves the problem, while
coordinated action across platforms (Europol's referral action days) removes more. This module lets students
set platform sizes, moderation capacity and how removal effort is delivered, and see where clusters go.

Sources of the argument: N.F. Johnson et al. (2019), "Hidden resilience and adaptive dynamics of the global online
hate ecology", *Nature* 573:261-265 (clusters self-repair and migrate between platforms; policing one platform
can make matters worse and create "dark pools"); A. Amarasingam, S. Maher & C. Winter (2021), *How Telegram
Disruption Impacts Jihadist Platform Migration*, CREST (action days of Oct 2018 and Nov 2019); Tech Against
Terrorism (small platforms moderate by hand and remove a lower share). The model is a stylised model built by
the course to illustrate these findings; it is not Johnson et al.'s model and none of its parameters is fitted.

The model, day by day:
- ``n_clusters`` clusters; each is either live on one platform or re-forming after a removal. At day 0 every
  cluster is live and established, placed as a re-forming cluster would choose (below) with no removal risk.
- Capacity: each platform can remove ``moderation_capacity`` clusters a day on its own. The extra
  ``removal_effort`` (removals a day, averaged over the run) is split: a share ``1 - coordination`` is added
  every day to the single largest platform (highest ``audience_size``); a share ``coordination`` is saved up
  and spent on action days (every ``action_interval_days``), spread over all platforms in proportion to the
  clusters each hosts that day. Fractional capacity is rounded at random (a capacity of 2.3 removes 2 or 3).
- Removal: each platform removes clusters chosen at random among those it hosts, never more than its capacity
  that day and never more than it hosts. Unused capacity is lost.
- Re-forming: a removed cluster is away for a geometric number of days with mean ``reform_delay_days``, then
  re-appears as a new cluster on a platform chosen with weight ``openness x audience_size x (1 - pressure) **
  planning_horizon_days``, where ``pressure`` is the platform's recent removal pressure (removals a day per
  cluster hosted, capacity / (clusters + 1), smoothed over about a week): organisers weigh audience against the
  chance of surviving the next ``planning_horizon_days``. That is what displaces clusters to small platforms.
- Migration: each day a share ``migration_per_day`` of live clusters reconsider where they are and move by the
  same rule (keeping their age and so their audience; many draw the platform they are already on). Without it
  a platform's own moderation would slowly drain it for good, since nothing else brings clusters back.
- Reach: a cluster's direct reach grows towards its platform's ``audience_size`` as it ages
  (``1 - exp(-age / audience_growth_days)``); a removed cluster starts again from zero. Beacons: a share
  ``beacon_share`` of each platform's direct reach is passed, through links, to the clusters on platforms with a
  smaller audience (split by their number of clusters); with no such clusters it goes nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from swarmcast._validate import check_fraction, check_int, check_number, check_seed

__all__ = ["DEFAULT_PLATFORMS", "Platform", "PlatformsResult", "simulate_platforms"]

# Smoothing of the removal pressure that organisers react to (days).
_PRESSURE_MEMORY_DAYS = 7.0
# Age given to the clusters present at day 0: long established, so at full reach.
_ESTABLISHED_AGE_DAYS = 365.0
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Platform:
    """One platform, named generically (never a real product's name).

    ``audience_size``: reach of one established cluster hosted there (relative units, > 0);
    ``moderation_capacity``: clusters its own moderators can remove a day (>= 0);
    ``openness``: ease of joining and staying, 0 (closed) to 1 (anyone, any content), > 0.
    """

    name: str
    audience_size: float
    moderation_capacity: float
    openness: float


#: Two big platforms with large automated moderation, one messaging service and two start-ups that moderate
#: by hand. Illustrative values (relative audiences, removals a day), not measurements.
DEFAULT_PLATFORMS: tuple[Platform, ...] = (
    Platform("large_video", audience_size=100.0, moderation_capacity=0.5, openness=0.3),
    Platform("large_social", audience_size=80.0, moderation_capacity=0.4, openness=0.4),
    Platform("messaging", audience_size=25.0, moderation_capacity=0.1, openness=0.8),
    Platform("small_startup_1", audience_size=4.0, moderation_capacity=0.01, openness=1.0),
    Platform("small_startup_2", audience_size=2.0, moderation_capacity=0.01, openness=1.0),
)


@dataclass(frozen=True)
class PlatformsResult:
    """Output of :func:`simulate_platforms` (simulated, stylised).

    ``daily``: one row per day and platform: ``day``, ``platform``, ``clusters`` (live at the end of the day),
    ``new_clusters`` (re-formed there that day), ``moved_in`` and ``moved_out`` (migrations), ``removals``,
    ``capacity`` (the most it could remove that day) and ``reach`` (direct plus beacon reach at the end of the day).
    ``totals``: one row per day: ``clusters``, ``reforming`` (removed, not yet back), ``new_clusters``,
    ``removals``, ``capacity``, ``reach``, ``action_day`` and ``share_off_largest`` (share of live clusters not on
    the largest platform). ``platforms``: the platform table used. ``largest_platform``: its name.
    """

    daily: pd.DataFrame
    totals: pd.DataFrame
    platforms: pd.DataFrame
    largest_platform: str
    simulated: bool = True


def _check_platforms(platforms) -> tuple[Platform, ...]:
    if isinstance(platforms, (str, bytes)) or not isinstance(platforms, Sequence) or not (1 <= len(platforms) <= 50):
        raise ValueError(f"platforms must be a sequence of 1 to 50 Platform objects; got {platforms!r}")
    names = set()
    for i, p in enumerate(platforms):
        if not isinstance(p, Platform):
            raise ValueError(f"platforms[{i}] must be a Platform; got {p!r}")
        if not isinstance(p.name, str) or not _NAME.match(p.name):
            raise ValueError(
                f"platforms[{i}].name must be a generic lower-case name such as 'small_startup_1'; got {p.name!r}"
            )
        if p.name in names:
            raise ValueError(f"platforms[{i}].name must be unique; got {p.name!r} twice")
        names.add(p.name)
        check_number(f"platforms[{i}].audience_size", p.audience_size, low=0, high=1e9, low_open=True)
        check_number(f"platforms[{i}].moderation_capacity", p.moderation_capacity, low=0, high=1e7)
        check_number(f"platforms[{i}].openness", p.openness, low=0, high=1, low_open=True)
    return tuple(platforms)


def _choose(rng, weights: np.ndarray, k: int) -> np.ndarray:
    """``k`` platform indices drawn with probabilities proportional to ``weights``."""
    cum = np.cumsum(weights)
    idx = np.searchsorted(cum, rng.random(k) * cum[-1], side="right")
    return np.minimum(idx, weights.size - 1)


def simulate_platforms(
    *,
    platforms: Sequence[Platform] = DEFAULT_PLATFORMS,
    n_clusters: int = 300,
    days: int = 180,
    removal_effort: float = 0.0,
    coordination: float = 0.0,
    action_interval_days: int = 30,
    reform_delay_days: float = 3.0,
    audience_growth_days: float = 30.0,
    beacon_share: float = 0.1,
    planning_horizon_days: float = 14.0,
    migration_per_day: float = 0.02,
    seed: int,
) -> PlatformsResult:
    """Simulate clusters spread over several platforms as they are removed, re-form and migrate.

    Why: lesson 06 uses it to show displacement (effort on the largest platform pushes clusters to small,
    lightly moderated ones) and why the same effort delivered as coordinated action across platforms cuts total
    reach more. Source: a stylised model by the course illustrating N.F. Johnson et al. (2019), "Hidden
    resilience and adaptive dynamics of the global online hate ecology" (*Nature*), and A. Amarasingam, S. Maher
    & C. Winter (2021), *How Telegram Disruption Impacts Jihadist Platform Migration* (CREST).

    Parameters (keyword-only): ``platforms`` a sequence of :class:`Platform`; ``n_clusters`` clusters in the
    movement; ``days`` simulated; ``removal_effort`` extra removals a day on average (on top of each platform's
    own moderation); ``coordination`` (0-1) share of that effort spent on coordinated action days across all
    platforms, the rest going daily to the largest platform alone; ``action_interval_days`` days between action
    days (the first is on day ``action_interval_days - 1``; with ``days`` a multiple of it, both ways of
    delivering the effort spend the same total); ``reform_delay_days`` (>= 1) mean days before a removed
    cluster re-appears; ``audience_growth_days`` time scale on which a new cluster builds its audience (0 =
    at once); ``beacon_share`` (0-1) share of a platform's reach passed by links to smaller platforms;
    ``planning_horizon_days`` how far ahead organisers weigh removal risk when choosing a platform (0 = they
    ignore it, no displacement); ``migration_per_day`` (0-1) share of live clusters that reconsider their
    platform each day; ``seed``.
    """
    plats = _check_platforms(platforms)
    n = check_int("n_clusters", n_clusters, low=1, high=1_000_000)
    days = check_int("days", days, low=1, high=100_000)
    effort = check_number("removal_effort", removal_effort, low=0, high=1e7)
    coord = check_fraction("coordination", coordination)
    interval = check_int("action_interval_days", action_interval_days, low=1, high=100_000)
    reform = check_number("reform_delay_days", reform_delay_days, low=1, high=10_000)
    growth = check_number("audience_growth_days", audience_growth_days, low=0, high=10_000)
    beacon = check_fraction("beacon_share", beacon_share)
    horizon = check_number("planning_horizon_days", planning_horizon_days, low=0, high=10_000)
    migration = check_fraction("migration_per_day", migration_per_day)
    seed = check_seed(seed)
    if n * days > 50_000_000:
        raise ValueError(f"n_clusters x days must stay under 50,000,000; got n_clusters={n}, days={days}")

    rng = np.random.default_rng(seed)
    n_p = len(plats)
    audience = np.array([p.audience_size for p in plats], dtype=float)
    base_capacity = np.array([p.moderation_capacity for p in plats], dtype=float)
    attraction = np.array([p.openness for p in plats], dtype=float) * audience
    largest = int(np.argmax(audience))
    # smaller[p, q]: platform q has a smaller audience than platform p, so p's links can point to q.
    smaller = audience[None, :] < audience[:, None]
    alpha = 1.0 / _PRESSURE_MEMORY_DAYS

    platform_of = _choose(rng, attraction, n)  # -1 while re-forming
    born = np.full(n, -_ESTABLISHED_AGE_DAYS)
    back_on = np.zeros(n, dtype=np.int64)
    pressure = np.zeros(n_p)
    daily_effort = np.zeros(n_p)
    daily_effort[largest] = (1.0 - coord) * effort
    action_budget = coord * effort * interval

    clusters = np.zeros((days, n_p), dtype=np.int64)
    new = np.zeros((days, n_p), dtype=np.int64)
    moved_in = np.zeros((days, n_p), dtype=np.int64)
    moved_out = np.zeros((days, n_p), dtype=np.int64)
    removals = np.zeros((days, n_p), dtype=np.int64)
    capacity = np.zeros((days, n_p), dtype=np.int64)
    reach = np.zeros((days, n_p))
    reforming = np.zeros(days, dtype=np.int64)
    action_day = (np.arange(days) % interval) == interval - 1

    for t in range(days):
        # 1. Removed clusters whose time away is over re-appear where audience x survival chance is best.
        due = np.flatnonzero((platform_of < 0) & (back_on <= t))
        if due.size:
            weights = attraction * (1.0 - pressure) ** horizon
            if weights.sum() <= 0:
                weights = attraction
            chosen = _choose(rng, weights, due.size)
            platform_of[due] = chosen
            born[due] = t
            new[t] = np.bincount(chosen, minlength=n_p)

        # 2. Some live clusters move of their own accord (same choice rule; they keep their age and audience).
        if migration > 0:
            movers = np.flatnonzero((platform_of >= 0) & (rng.random(n) < migration))
            if movers.size:
                weights = attraction * (1.0 - pressure) ** horizon
                if weights.sum() <= 0:
                    weights = attraction
                dest = _choose(rng, weights, movers.size)
                src = platform_of[movers]
                moved = dest != src
                moved_out[t] = np.bincount(src[moved], minlength=n_p)
                moved_in[t] = np.bincount(dest[moved], minlength=n_p)
                platform_of[movers] = dest

        # 3. Capacity today: own moderators + daily effort on the largest + action-day budget where clusters are.
        live = np.flatnonzero(platform_of >= 0)
        where = platform_of[live]
        hosted = np.bincount(where, minlength=n_p)
        cap = base_capacity + daily_effort
        if action_day[t] and live.size:
            cap = cap + action_budget * hosted / live.size
        cap_int = np.floor(cap).astype(np.int64)
        cap_int += rng.random(n_p) < (cap - cap_int)
        capacity[t] = cap_int

        # 4. Removals: a random order within each platform; the first `capacity` of each are removed.
        order = np.lexsort((rng.random(live.size), where))
        sorted_where = where[order]
        first = np.cumsum(hosted) - hosted
        rank = np.arange(live.size) - first[sorted_where]
        hit = rank < cap_int[sorted_where]
        gone = live[order[hit]]
        removals[t] = np.bincount(sorted_where[hit], minlength=n_p)
        platform_of[gone] = -1
        back_on[gone] = t + rng.geometric(1.0 / reform, gone.size)

        # 5. Reach at the end of the day: direct (growing with age) plus beacons from larger platforms.
        live = np.flatnonzero(platform_of >= 0)
        where = platform_of[live]
        if growth > 0:
            grown = 1.0 - np.exp(-(t + 1 - born[live]) / growth)
        else:
            grown = np.ones(live.size)
        direct = np.bincount(where, weights=audience[where] * grown, minlength=n_p)
        now = np.bincount(where, minlength=n_p)
        targets = smaller @ now  # clusters on platforms smaller than each platform
        per_target = np.divide(beacon * direct, targets, out=np.zeros(n_p), where=targets > 0)
        reach[t] = direct + now * (smaller.T @ per_target)
        clusters[t] = now
        reforming[t] = n - live.size

        # 6. Organisers' sense of each platform's removal pressure (capacity per cluster it would face there).
        pressure = (1.0 - alpha) * pressure + alpha * np.minimum(1.0, cap / (hosted + 1.0))

    names = np.array([p.name for p in plats])
    daily = pd.DataFrame(
        {
            "day": np.repeat(np.arange(days), n_p),
            "platform": np.tile(names, days),
            "clusters": clusters.ravel(),
            "new_clusters": new.ravel(),
            "moved_in": moved_in.ravel(),
            "moved_out": moved_out.ravel(),
            "removals": removals.ravel(),
            "capacity": capacity.ravel(),
            "reach": reach.ravel(),
        }
    )
    daily.attrs["simulated"] = True
    live_total = clusters.sum(axis=1)
    totals = pd.DataFrame(
        {
            "day": np.arange(days),
            "clusters": live_total,
            "reforming": reforming,
            "new_clusters": new.sum(axis=1),
            "removals": removals.sum(axis=1),
            "capacity": capacity.sum(axis=1),
            "reach": reach.sum(axis=1),
            "action_day": action_day & (coord * effort > 0),
            "share_off_largest": np.divide(
                live_total - clusters[:, largest], live_total, out=np.zeros(days), where=live_total > 0
            ),
        }
    )
    totals.attrs["simulated"] = True
    table = pd.DataFrame(
        {
            "platform": names,
            "audience_size": audience,
            "moderation_capacity": base_capacity,
            "openness": [p.openness for p in plats],
            "largest": np.arange(n_p) == largest,
        }
    )
    return PlatformsResult(daily=daily, totals=totals, platforms=table, largest_platform=str(names[largest]))
