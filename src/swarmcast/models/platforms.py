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


def _choose(rng, weights: np.ndarray, k: int) -> np.ndarray:
    """``k`` platform indices drawn with probabilities proportional to ``weights``."""
    cum = np.cumsum(weights)
    idx = np.searchsorted(cum, rng.random(k) * cum[-1], side="right")
    return np.minimum(idx, weights.size - 1)


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
    p = PlatformsParams(**params)
    rng = np.random.default_rng(check_seed(seed))
    w = _World(p, rng)
    for t in range(p.days):
        _reappear(w, rng, t)  # 1. removed clusters whose time away is over re-form where audience x survival is best
        if p.migration_per_day > 0:
            _migrate(w, rng, t)  # 2. some live clusters move of their own accord
        cap, hosted = _capacity(w, rng, t)  # 3. removal capacity today
        _remove(w, rng, t)  # 4. removals: a random order within each platform; the first `capacity` go
        _reach(w, t)  # 5. reach at the end of the day
        # 6. Organisers' sense of each platform's removal pressure (capacity per cluster it would face there).
        w.pressure = (1.0 - w.alpha) * w.pressure + w.alpha * np.minimum(1.0, cap / (hosted + 1.0))
    return _result(w)


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
        self.alpha = 1.0 / PRESSURE_MEMORY_DAYS

        self.platform_of = _choose(rng, self.attraction, n)  # -1 while re-forming
        self.born = np.full(n, -_ESTABLISHED_AGE_DAYS)
        self.back_on = np.zeros(n, dtype=np.int64)
        self.pressure = np.zeros(n_p)
        self.daily_effort = np.zeros(n_p)
        self.daily_effort[self.largest] = (1.0 - p.coordination) * p.removal_effort
        self.action_budget = p.coordination * p.removal_effort * p.action_interval_days

        for name in ("clusters", "new", "moved_in", "moved_out", "removals", "capacity"):
            setattr(self, name, np.zeros((days, n_p), dtype=np.int64))
        self.reach = np.zeros((days, n_p))
        self.reforming = np.zeros(days, dtype=np.int64)
        self.action_day = (np.arange(days) % p.action_interval_days) == p.action_interval_days - 1

    def weights(self) -> np.ndarray:
        """Where a cluster that (re)chooses goes: audience x the chance of surviving the planning horizon."""
        weights = self.attraction * (1.0 - self.pressure) ** self.p.planning_horizon_days
        return self.attraction if weights.sum() <= 0 else weights


def _reappear(w: _World, rng, t: int) -> None:
    due = np.flatnonzero((w.platform_of < 0) & (w.back_on <= t))
    if due.size:
        chosen = _choose(rng, w.weights(), due.size)
        w.platform_of[due] = chosen
        w.born[due] = t
        w.new[t] = np.bincount(chosen, minlength=w.n_p)


def _migrate(w: _World, rng, t: int) -> None:
    """Same choice rule as re-forming; movers keep their age and audience."""
    movers = np.flatnonzero((w.platform_of >= 0) & (rng.random(w.p.n_clusters) < w.p.migration_per_day))
    if movers.size:
        dest = _choose(rng, w.weights(), movers.size)
        src = w.platform_of[movers]
        moved = dest != src
        w.moved_out[t] = np.bincount(src[moved], minlength=w.n_p)
        w.moved_in[t] = np.bincount(dest[moved], minlength=w.n_p)
        w.platform_of[movers] = dest


def _capacity(w: _World, rng, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Own moderators + daily effort on the largest + the action-day budget where the clusters are."""
    live = np.flatnonzero(w.platform_of >= 0)
    hosted = np.bincount(w.platform_of[live], minlength=w.n_p)
    cap = w.base_capacity + w.daily_effort
    if w.action_day[t] and live.size:
        cap = cap + w.action_budget * hosted / live.size
    cap_int = np.floor(cap).astype(np.int64)
    cap_int += rng.random(w.n_p) < (cap - cap_int)
    w.capacity[t] = cap_int
    return cap, hosted


def _remove(w: _World, rng, t: int) -> None:
    live = np.flatnonzero(w.platform_of >= 0)
    where = w.platform_of[live]
    hosted = np.bincount(where, minlength=w.n_p)
    cap_int = w.capacity[t]
    order = np.lexsort((rng.random(live.size), where))
    sorted_where = where[order]
    first = np.cumsum(hosted) - hosted
    rank = np.arange(live.size) - first[sorted_where]
    hit = rank < cap_int[sorted_where]
    gone = live[order[hit]]
    w.removals[t] = np.bincount(sorted_where[hit], minlength=w.n_p)
    w.platform_of[gone] = -1
    w.back_on[gone] = t + rng.geometric(1.0 / w.p.reform_delay_days, gone.size)


def _reach(w: _World, t: int) -> None:
    """Direct reach (growing with age) plus beacons from larger platforms."""
    live = np.flatnonzero(w.platform_of >= 0)
    where = w.platform_of[live]
    growth = w.p.audience_growth_days
    if growth > 0:
        grown = 1.0 - np.exp(-(t + 1 - w.born[live]) / growth)
    else:
        grown = np.ones(live.size)
    direct = np.bincount(where, weights=w.audience[where] * grown, minlength=w.n_p)
    now = np.bincount(where, minlength=w.n_p)
    targets = w.smaller @ now  # clusters on platforms smaller than each platform
    per_target = np.divide(w.p.beacon_share * direct, targets, out=np.zeros(w.n_p), where=targets > 0)
    w.reach[t] = direct + now * (w.smaller.T @ per_target)
    w.clusters[t] = now
    w.reforming[t] = w.p.n_clusters - live.size


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
            "reach": w.reach.sum(axis=1),
            "action_day": w.action_day & (w.p.coordination * w.p.removal_effort > 0),
            "share_off_largest": np.divide(
                live_total - w.clusters[:, largest], live_total, out=np.zeros(days), where=live_total > 0
            ),
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
    res = simulate_platforms(removal_effort=effort, coordination=coord, days=days, seed=seed)
    order = list(res.platforms["platform"])  # largest audience first in the default table
    daily = res.daily[["day", "platform", "clusters", "reach"]].copy()
    daily["platform"] = pd.Categorical(daily["platform"].map(platform_label), categories=[platform_label(p) for p in order])
    daily.attrs["simulated"] = True
    totals = res.totals[["day", "reach", "share_off_largest", "action_day"]].copy()
    totals.attrs["simulated"] = True
    settled = res.totals["day"] >= SETTLE_DAYS
    later = daily[daily["day"] >= SETTLE_DAYS]
    by_platform = later.groupby("platform", observed=False)["clusters"].mean()
    big_two = res.platforms.nlargest(2, "audience_size")["platform"].map(platform_label)
    smaller = by_platform.drop(index=list(big_two)).sum()
    return MigrationRun(
        removal_effort=effort, coordination=coord, days=days, seed=seed, daily=daily, totals=totals,
        mean_reach=float(res.totals.loc[settled, "reach"].mean()),
        share_off_largest=float(res.totals.loc[settled, "share_off_largest"].mean()),
        share_on_smaller=float(smaller / by_platform.sum()) if by_platform.sum() > 0 else 0.0,
        clusters_by_platform=by_platform,
        largest_platform=platform_label(res.largest_platform),
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
