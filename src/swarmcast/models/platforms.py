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

from swarmcast._validate import check_int, check_number, check_seed
from swarmcast.params import Params, param

__all__ = [
    "DEFAULT_PLATFORMS", "PLATFORM_LABELS", "PRESSURE_MEMORY_DAYS", "SETTLE_DAYS", "MigrationRun", "Platform", "PlatformsParams", "PlatformsResult",
    "check_run_days", "crossover_table", "platform_label", "run_migration", "simulate_platforms",
]

#: Smoothing of the removal pressure that organisers react to (days); the policy lab uses it too.
PRESSURE_MEMORY_DAYS = 7.0
# Age given to the clusters present at day 0: long established, so at full reach.
_ESTABLISHED_AGE_DAYS = 365.0
# Days whose reach is worked out together (the clusters' places and ages are kept for that many days).
_REACH_DAYS = 32
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


#: Readable labels for the model's generic platform names (none is a real product).
PLATFORM_LABELS = {
    "large_video": "large video platform",
    "large_social": "large social network",
    "messaging": "messaging service",
    "small_startup_1": "small start-up 1",
    "small_startup_2": "small start-up 2",
}
#: Days before this are a warm-up: averages are taken from this day on.
SETTLE_DAYS = 60


def platform_label(name: str) -> str:
    """The readable label of a generic platform name (``PLATFORM_LABELS``, else the name with spaces)."""
    return PLATFORM_LABELS.get(name, name.replace("_", " "))


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


def _cumulative(weights: np.ndarray) -> tuple[np.ndarray, float]:
    """What :func:`_choose` draws by: the running total of ``weights`` but the last, and their total."""
    cum = np.cumsum(weights)
    return cum[:-1], cum[-1]


def _choose(rng, cumulative: tuple[np.ndarray, float], k: int) -> np.ndarray:
    """``k`` platform indices drawn with probabilities proportional to the weights behind ``cumulative``
    (:func:`_cumulative`): searching all but the last running total keeps a draw at the very top on the last platform."""
    head, total = cumulative
    return head.searchsorted(rng.random(k) * total, side="right")


@dataclass(frozen=True)
class PlatformsParams(Params):
    """The platforms model's parameters, declared once (unit, accepted range, default, and the explorer's slider).

    ``platforms`` (a sequence of :class:`Platform`) is checked first; then each declared field in this order; then
    the run's size (``n_clusters`` x ``days`` under 50,000,000).
    """

    platforms: Sequence[Platform] = DEFAULT_PLATFORMS
    n_clusters: int = param(300, low=1, high=1_000_000, integer=True, unit="clusters", label="clusters in the movement")
    days: int = param(180, low=1, high=100_000, integer=True, unit="days", label="simulated days")
    removal_effort: float = param(
        0.0, low=0, high=1e7, unit="removals a day", label="extra removals a day", slider=(0.0, 10.0, 0.5), readout=".1f")
    coordination: float = param(
        0.0, low=0.0, high=1.0, unit="share", label="share spent on coordinated action days", slider=(0.0, 1.0, 0.25),
        readout=".0%")
    action_interval_days: int = param(30, low=1, high=100_000, integer=True, unit="days", label="days between action days")
    reform_delay_days: float = param(3.0, low=1, high=10_000, unit="days", label="mean days before a removed cluster re-forms")
    audience_growth_days: float = param(
        30.0, low=0, high=10_000, unit="days", label="time scale on which a new cluster builds its audience")
    beacon_share: float = param(0.1, low=0.0, high=1.0, unit="share", label="share of reach passed on by links to smaller platforms")
    planning_horizon_days: float = param(
        14.0, low=0, high=10_000, unit="days", label="how far ahead organisers weigh removal risk")
    migration_per_day: float = param(
        0.02, low=0.0, high=1.0, unit="share a day", label="share of live clusters that reconsider their platform each day")

    def __post_init__(self):
        object.__setattr__(self, "platforms", _check_platforms(self.platforms))
        super().__post_init__()
        if self.n_clusters * self.days > 50_000_000:
            raise ValueError(
                f"n_clusters x days must stay under 50,000,000; got n_clusters={self.n_clusters}, days={self.days}")


def simulate_platforms(*, seed: int, **params) -> PlatformsResult:
    """Simulate clusters spread over several platforms as they are removed, re-form and migrate.

    Why: lesson 06 uses it to show displacement (effort on the largest platform pushes clusters to small,
    lightly moderated ones) and why the same effort delivered as coordinated action across platforms cuts total
    reach more. Source: a stylised model by the course illustrating N.F. Johnson et al. (2019), "Hidden
    resilience and adaptive dynamics of the global online hate ecology" (*Nature*), and A. Amarasingam, S. Maher
    & C. Winter (2021), *How Telegram Disruption Impacts Jihadist Platform Migration* (CREST).

    Parameters (keyword-only; declared once, with units and ranges, in :class:`PlatformsParams`): ``platforms`` a sequence of :class:`Platform`; ``n_clusters`` clusters in the
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
    return _result(_run(PlatformsParams(**params), seed))


def _run(p: PlatformsParams, seed: int) -> _World:
    """The day loop of one run; the world it returns holds the daily records."""
    rng = np.random.default_rng(check_seed(seed))
    w = _World(p, rng)
    for t in range(p.days):
        _reappear(w, rng, t)  # 1. removed clusters whose time away is over re-form where audience x survival is best
        alive = w.platform_of >= 0  # no one is removed before step 4
        if p.migration_per_day > 0:
            _migrate(w, rng, t, alive)  # 2. some live clusters move of their own accord
        live = alive.nonzero()[0]  # the live clusters, where they are and how many each platform hosts
        where = w.platform_of[live]
        hosted = np.bincount(where, minlength=w.n_p)
        cap, cap_int = _capacity(w, rng, t, live.size, hosted)  # 3. removal capacity today
        # 4. removals: a random order within each platform; the first `capacity` go
        _remove(w, rng, t, live, where, hosted, cap_int)
        _reach(w, t)  # 5. reach at the end of the day
        # 6. Organisers' sense of each platform's removal pressure (capacity per cluster it would face there).
        w.pressure = w.keep * w.pressure + w.alpha * np.minimum(1.0, cap / (hosted + 1.0))
        w.drawing = None  # the choice weights change with the pressure
    return w


class _World:
    """The platforms, the clusters' state and the daily records of one run."""

    def __init__(self, p: PlatformsParams, rng):
        plats = p.platforms
        self.p, n, days = p, p.n_clusters, p.days
        self.n_p = n_p = len(plats)
        self.audience = np.array([q.audience_size for q in plats], dtype=float)
        self.base_capacity = np.array([q.moderation_capacity for q in plats], dtype=float)
        self.attraction = np.array([q.openness for q in plats], dtype=float) * self.audience
        self.largest = int(np.argmax(self.audience))
        # smaller[p, q]: platform q has a smaller audience than platform p, so p's links can point to q.
        self.smaller = self.audience[None, :] < self.audience[:, None]
        self.smaller_t = self.smaller.T
        self.alpha = 1.0 / PRESSURE_MEMORY_DAYS
        self.keep = 1.0 - self.alpha

        self.platform_of = _choose(rng, _cumulative(self.attraction), n)  # -1 while re-forming
        self.born = np.full(n, -int(_ESTABLISHED_AGE_DAYS), dtype=np.int64)  # day of (re)birth
        self.back_on = np.zeros(n, dtype=np.int64)
        self.away = 0  # clusters re-forming
        self.pressure = np.zeros(n_p)
        self.drawing = None  # today's choice weights, cumulated (_cumulative): made on the day's first draw
        self.daily_effort = np.zeros(n_p)
        self.daily_effort[self.largest] = (1.0 - p.coordination) * p.removal_effort
        self.action_budget = p.coordination * p.removal_effort * p.action_interval_days
        # Capacity on a day without action: the same every day, so rounded down once (the fraction is drawn daily).
        self.daily_cap = self.base_capacity + self.daily_effort
        self.daily_cap_int = np.floor(self.daily_cap).astype(np.int64)
        self.daily_cap_frac = self.daily_cap - self.daily_cap_int
        self.p_back = 1.0 / p.reform_delay_days
        self.positions = np.arange(n)
        # grown[age]: share of its platform's audience a cluster aged `age` days reaches (ages 1 to days + 365).
        ages = np.arange(days + int(_ESTABLISHED_AGE_DAYS) + 1, dtype=float)
        growth = p.audience_growth_days
        self.grown = 1.0 - np.exp(-ages / growth) if growth > 0 else np.ones(ages.size)
        self.audience_or_none = np.concatenate(([0.0], self.audience))  # by platform + 1 (0: re-forming)
        self.on_day = np.empty((min(days, _REACH_DAYS), n), dtype=np.int64)  # platform_of on recent days
        self.born_on_day = np.empty((min(days, _REACH_DAYS), n), dtype=np.int64)  # born on recent days

        for name in ("clusters", "new", "moved_in", "moved_out", "removals", "capacity"):
            setattr(self, name, np.zeros((days, n_p), dtype=np.int64))
        self.reach = np.zeros((days, n_p))
        self.reforming = np.zeros(days, dtype=np.int64)
        self.action_day = (np.arange(days) % p.action_interval_days) == p.action_interval_days - 1
        self.action_days = self.action_day.tolist()

    def weights(self) -> np.ndarray:
        """Where a cluster that (re)chooses goes: audience x the chance of surviving the planning horizon."""
        weights = self.attraction * (1.0 - self.pressure) ** self.p.planning_horizon_days
        return self.attraction if weights.sum() <= 0 else weights

    def draw(self, rng, k: int) -> np.ndarray:
        """``k`` platforms drawn by today's :meth:`weights` (cumulated once a day, shared by re-forming and migration)."""
        if self.drawing is None:
            self.drawing = _cumulative(self.weights())
        return _choose(rng, self.drawing, k)


def _reappear(w: _World, rng, t: int) -> None:
    if not w.away:
        return
    due = ((w.platform_of < 0) & (w.back_on <= t)).nonzero()[0]
    if due.size:
        chosen = w.draw(rng, due.size)
        w.platform_of[due] = chosen
        w.born[due] = t
        w.new[t] = np.bincount(chosen, minlength=w.n_p)


def _migrate(w: _World, rng, t: int, alive: np.ndarray) -> None:
    """Same choice rule as re-forming; movers keep their age and audience."""
    movers = (alive & (rng.random(w.p.n_clusters) < w.p.migration_per_day)).nonzero()[0]
    if movers.size:
        dest = w.draw(rng, movers.size)
        src = w.platform_of[movers]
        moved = dest != src
        w.moved_out[t] = np.bincount(src[moved], minlength=w.n_p)
        w.moved_in[t] = np.bincount(dest[moved], minlength=w.n_p)
        w.platform_of[movers] = dest


def _capacity(w: _World, rng, t: int, n_live: int, hosted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Own moderators + daily effort on the largest + the action-day budget where the clusters are."""
    if w.action_days[t] and n_live:
        cap = w.daily_cap + w.action_budget * hosted / n_live
        cap_int = np.floor(cap).astype(np.int64)
        frac = cap - cap_int
    else:
        cap, cap_int, frac = w.daily_cap, w.daily_cap_int, w.daily_cap_frac
    cap_int = cap_int + (rng.random(w.n_p) < frac)
    w.capacity[t] = cap_int
    return cap, cap_int


def _remove(
    w: _World, rng, t: int, live: np.ndarray, where: np.ndarray, hosted: np.ndarray, cap_int: np.ndarray
) -> None:
    """Each platform removes the first ``min(capacity, hosted)`` of its live clusters in a random order."""
    key = rng.random(live.size)
    removals = np.minimum(hosted, cap_int)
    w.removals[t] = removals
    w.clusters[t] = hosted - removals
    n_gone = 0
    if removals.any():
        order = _by_platform_then_key(where, key)
        sorted_where = where[order]
        # sorted by platform, a cluster goes if its position is before its platform's first + capacity
        limit = hosted.cumsum() - hosted + cap_int
        gone = live[order[w.positions[:live.size] < limit[sorted_where]]]
        w.platform_of[gone] = -1
        w.back_on[gone] = t + rng.geometric(w.p_back, gone.size)
        n_gone = gone.size
    w.away = w.p.n_clusters - (live.size - n_gone)


def _by_platform_then_key(where: np.ndarray, key: np.ndarray) -> np.ndarray:
    """``np.lexsort((key, where))`` (by platform, then by random key), in one faster sort of exact 64-bit keys: the
    platform in the top bits, the key (a draw of ``rng.random``, a multiple of 2**-53) as a whole number below it.
    Should two keys tie, lexsort itself decides (it keeps tied clusters in their order)."""
    composite = (key * 9007199254740992.0).astype(np.int64) + (where << 53)  # 2**53; platforms < 2**6
    order = composite.argsort()
    in_order = composite[order]
    return np.lexsort((key, where)) if (in_order[1:] == in_order[:-1]).any() else order


def _reach(w: _World, t: int) -> None:
    """Keeps where each cluster is and its day of birth; every ``_REACH_DAYS`` days their reach is worked out."""
    i = t % _REACH_DAYS
    w.on_day[i] = w.platform_of
    w.born_on_day[i] = w.born
    w.reforming[t] = w.away
    if i == _REACH_DAYS - 1 or t == w.p.days - 1:
        _reach_days(w, t - i, t + 1)


def _reach_days(w: _World, start: int, stop: int) -> None:
    """Reach at the end of days ``start`` to ``stop - 1``: direct reach (growing with age) plus beacons from larger
    platforms. Nothing in the run depends on reach, so it is worked out for several days at once, with the same
    arithmetic, in the same order, as one day at a time (each platform's sum over its clusters in index order)."""
    k, n_bins = stop - start, w.n_p + 1
    # Platform + 1 for every cluster, 0 while re-forming (an audience of 0); one run of bins per day.
    on = w.on_day[:k] + 1
    ages = np.arange(start + 1, stop + 1)[:, None] - w.born_on_day[:k]
    weights = w.audience_or_none[on] * w.grown[ages]
    bins = on + n_bins * np.arange(k)[:, None]
    direct = np.bincount(bins.ravel(), weights=weights.ravel(), minlength=k * n_bins).reshape(k, n_bins)[:, 1:]
    now = w.clusters[start:stop]
    targets = now @ w.smaller.T  # clusters on platforms smaller than each platform
    per_target = np.divide(w.p.beacon_share * direct, targets, out=np.zeros((k, w.n_p)), where=targets > 0)
    for i in range(k):  # beacons received, one day at a time (a fresh vector each day, as a single day's sum)
        w.reach[start + i] = direct[i] + now[i] * (w.smaller_t @ per_target[i].copy())


def _headline_totals(w: _World, live_total: np.ndarray) -> dict[str, np.ndarray]:
    """The daily totals the lesson shows: reach, action days and the share of live clusters off the largest platform."""
    return {
        "reach": w.reach.sum(axis=1),
        "action_day": w.action_day & (w.p.coordination * w.p.removal_effort > 0),
        "share_off_largest": np.divide(
            live_total - w.clusters[:, w.largest], live_total, out=np.zeros(w.p.days), where=live_total > 0
        ),
    }


def _result(w: _World) -> PlatformsResult:
    days, n_p, largest = w.p.days, w.n_p, w.largest
    names = np.array([q.name for q in w.p.platforms])
    daily = pd.DataFrame(
        {
            "day": np.repeat(np.arange(days), n_p),
            "platform": np.tile(names, days),
            **{col: getattr(w, name).ravel() for col, name in (
                ("clusters", "clusters"), ("new_clusters", "new"), ("moved_in", "moved_in"), ("moved_out", "moved_out"),
                ("removals", "removals"), ("capacity", "capacity"), ("reach", "reach"))},
        }
    )
    daily.attrs["simulated"] = True
    live_total = w.clusters.sum(axis=1)
    totals = pd.DataFrame(
        {
            "day": np.arange(days),
            "clusters": live_total,
            "reforming": w.reforming,
            "new_clusters": w.new.sum(axis=1),
            "removals": w.removals.sum(axis=1),
            "capacity": w.capacity.sum(axis=1),
            **_headline_totals(w, live_total),
        }
    )
    totals.attrs["simulated"] = True
    table = pd.DataFrame(
        {
            "platform": names,
            "audience_size": w.audience,
            "moderation_capacity": w.base_capacity,
            "openness": [q.openness for q in w.p.platforms],
            "largest": np.arange(n_p) == largest,
        }
    )
    return PlatformsResult(daily=daily, totals=totals, platforms=table, largest_platform=str(names[largest]))


@dataclass(frozen=True)
class MigrationRun:
    """One simulated run summarised for the lesson: daily reach by platform and the headline averages.

    ``daily``: day, platform (readable label), clusters, reach. ``totals``: day, reach, share_off_largest,
    action_day. ``mean_reach`` and ``share_off_largest`` average days ``SETTLE_DAYS`` onwards;
    ``clusters_by_platform`` is the mean number of live clusters per platform over the same days.
    """

    removal_effort: float
    coordination: float
    days: int
    seed: int
    daily: pd.DataFrame
    totals: pd.DataFrame
    mean_reach: float
    share_off_largest: float
    share_on_smaller: float
    clusters_by_platform: pd.Series
    largest_platform: str
    simulated: bool = True


def check_run_days(days) -> int:
    """The length of a lesson-06 run: long enough to average after the warm-up, at most two years."""
    return check_int("days", days, low=SETTLE_DAYS + 30, high=730)


def run_migration(*, removal_effort: float, coordination: float, days: int = 150, seed: int) -> MigrationRun:
    """Run the default platforms once and summarise reach and displacement after the warm-up.

    Why: the explorer and the lesson compare runs by these two numbers (total reach, share of clusters off the
    largest platform). Source: ``swarmcast.models.platforms.simulate_platforms`` (stylised, course-built).
    """
    effort = check_number("removal_effort", removal_effort, low=0, high=50)
    coord = check_number("coordination", coordination, low=0, high=1)
    days = check_run_days(days)
    seed = check_seed(seed)
    w = _run(PlatformsParams(removal_effort=effort, coordination=coord, days=days), seed)
    n_p, settled = w.n_p, slice(SETTLE_DAYS, None)  # the days from SETTLE_DAYS on
    # Readable labels, one per platform (largest audience first in the default table), as categories.
    labels = pd.CategoricalDtype([platform_label(q.name) for q in w.p.platforms])
    daily = pd.DataFrame({
        "day": np.repeat(np.arange(days), n_p),
        "platform": pd.Categorical.from_codes(np.tile(np.arange(n_p), days), dtype=labels),
        "clusters": w.clusters.ravel(),
        "reach": w.reach.ravel(),
    })
    daily.attrs["simulated"] = True
    headline = _headline_totals(w, w.clusters.sum(axis=1))
    totals = pd.DataFrame(
        {"day": np.arange(days), **{k: headline[k] for k in ("reach", "share_off_largest", "action_day")}})
    totals.attrs["simulated"] = True
    # Mean live clusters per platform after the warm-up (sums of whole numbers, exact, then one division).
    mean_clusters = w.clusters[settled].sum(axis=0) / (days - SETTLE_DAYS)
    index = pd.CategoricalIndex(pd.Categorical.from_codes(np.arange(n_p), dtype=labels), name="platform")
    by_platform = pd.Series(mean_clusters, index=index, name="clusters")
    by_platform.attrs["simulated"] = True
    big_two = np.argsort(-w.audience, kind="stable")[:2]  # the two largest audiences (the first of any tie)
    smaller = np.delete(mean_clusters, big_two).sum()
    return MigrationRun(
        removal_effort=effort, coordination=coord, days=days, seed=seed, daily=daily, totals=totals,
        mean_reach=float(headline["reach"][settled].mean()),
        share_off_largest=float(headline["share_off_largest"][settled].mean()),
        share_on_smaller=float(smaller / mean_clusters.sum()) if mean_clusters.sum() > 0 else 0.0,
        clusters_by_platform=by_platform,
        largest_platform=str(labels.categories[w.largest]),
    )


def crossover_table(*, efforts: Sequence[float] = (0, 1, 2, 3, 4, 6, 8), days: int = 150, seed: int) -> pd.DataFrame:
    """Mean total reach for each removal effort, delivered daily on the largest platform or on coordinated action days.

    Why: lesson 06 shows where coordinated action starts to beat single-platform policing (with the default
    platforms, at about 2.5 removals a day), instead of claiming that it always wins. Source: simulated runs of
    the course's stylised platforms model.
    """
    try:
        values = [check_number("efforts", e, low=0, high=50) for e in efforts]
    except TypeError:
        raise ValueError(f"efforts must be a sequence of numbers in [0, 50]; got {efforts!r}") from None
    if not 2 <= len(values) <= 12:
        raise ValueError(f"efforts must list 2 to 12 values; got {len(values)}")
    days = check_run_days(days)
    seed = check_seed(seed)
    rows = []
    for e in values:
        for label, coord in (("largest platform only, every day", 0.0), ("coordinated action days", 1.0)):
            if e > 0 or coord == 0.0:  # with no effort both deliveries are the same run
                run = run_migration(removal_effort=e, coordination=coord, days=days, seed=seed)
            rows.append({"removal_effort": e, "delivery": label, "mean_reach": run.mean_reach, "share_off_largest": run.share_off_largest})
    table = pd.DataFrame(rows)
    table.attrs["simulated"] = True
    return table
