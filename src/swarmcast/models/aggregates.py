"""Coalescence-fragmentation model of online support aggregates (pages, channels, groups).

Why it matters for the lesson: a swarm of small, short-lived aggregates that merge and get shut down
reproduces a heavy-tailed size law (exponent about 5/2), a threshold below which one super-aggregate
takes over, and a testable question about which aggregates a platform should target.

Sources: Johnson, Zheng, Vorobyeva et al. (2016), "New online ecology of adversarial aggregates: ISIS
and beyond", Science 352:1459; the model family it builds on: Eguiluz & Zimmermann (2000),
"Transmission of information and herd behavior: an application to financial markets", Phys. Rev.
Lett. 85:5659; Ruszczycki, Burnett, Zhao & Johnson (2009), "Relating the microscopic rules in
coalescence-fragmentation models to the cluster-size distribution", Eur. Phys. J. B 72:289;
Bohorquez, Gourley, Dixon, Spagat & Johnson (2009), "Common ecology quantifies human insurgency",
Nature 462:911. Power-law fitting: Clauset, Shalizi & Newman (2009), "Power-law distributions in
empirical data", SIAM Review 51:661.

The 2016 paper's supplementary code could not be read (facts.md 7.10, 7b), so this is a reconstruction
of the model family, not the authors' program. Every output is simulated.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import math
import os
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from swarmcast._validate import check_choice, check_int, check_number, check_seed
from swarmcast.params import Params, param

__all__ = [
    "AggregatesResult",
    "PowerLawFit",
    "simulate_aggregates",
    "fit_power_law",
    "super_aggregate_threshold",
    "intervention_experiment",
    "numba_enabled",
    "AggregatesParams",
    "InterventionParams",
    "SizeGridParams",
    "POLICIES",
    "POLICY_LABELS",
    "FRAG_PROBS",
    "S_MIN",
    "SizeGrid",
    "size_grid",
    "size_table",
    "policy_summary",
    "DEFAULT_RUNS",
    "DEFAULT_RUNS_WITHOUT_NUMBA",
    "default_runs",
]

# Random numbers are drawn in blocks of this many events, whatever the recording interval, so that
# the same seed gives the same chain however often it is observed.
_BLOCK_EVENTS = 1 << 16
# Upper bound on the number of rows of a recorded time series.
_MAX_SERIES_ROWS = 1000
# Default number of recorded points when record_every is not given.
_DEFAULT_SERIES_ROWS = 200
POLICIES = ("none", "largest", "small")
#: How charts and tables name each policy of :func:`intervention_experiment`.
POLICY_LABELS = {"none": "no bans", "largest": "ban the largest", "small": "ban small ones (seeds)"}


@dataclass(frozen=True)
class AggregatesParams(Params):
    """The parameters of :func:`simulate_aggregates` (the seed apart), declared once with their units and ranges.

    Why: the model and its callers (the size explorer, the intervention experiment) check the same ranges.
    """

    n_supporters: int = param(1_000, low=2, integer=True, unit="supporters", label="supporters N")
    frag_prob: float = param(0.01, low=0.0, high=1.0, unit="probability per event", label="fragmentation probability")
    steps: int = param(10_000, low=1, integer=True, unit="events", label="recorded events")
    burn_in_steps: int = param(0, low=0, integer=True, unit="events", label="events run before recording")


@dataclass(frozen=True)
class InterventionParams(AggregatesParams):
    """The parameters of :func:`intervention_experiment` beyond the model's own (bounds that depend on
    ``n_supporters`` are checked by the experiment: at most N bans per period, a large size of at most N)."""

    removals_per_period: int = param(5, low=0, integer=True, unit="bans per period", label="bans per period")
    period_steps: int = param(1_000, low=1, integer=True, unit="events", label="events between bans")
    large_size: int = param(100, low=2, integer=True, unit="supporters", label="size counted as large")


# --------------------------------------------------------------------------------------------
# The event loop. Written once as plain Python: compiled with numba on first use when numba is
# installed, otherwise run by the interpreter on Python lists (the same code, the same random
# numbers, so the same seed gives the same chain either way; 25 to 50 times slower in CPython). numba is an
# optional extra (``pip install 'swarmcast[lab]'``): it has no WebAssembly build, so the course
# runs without it in JupyterLite.
#
# State, for N supporters labelled 0..N-1:
#   label[m]  the aggregate of supporter m. An aggregate is named after one of its own members
#             (its representative), so names never collide and at most N slots are needed.
#   size[a]   the size of the aggregate named a, 0 if no aggregate has that name.
#   nxt[m]    next member in a linked list of the aggregate's members (-1 at the end); the list
#             starts at the representative, tail[a] is its last member.
#   tree      a Fenwick (binary indexed) tree over size[], so that "a supporter outside aggregate a,
#             uniformly at random" costs O(log N): cumulative sizes, skipping a's block.
# --------------------------------------------------------------------------------------------


def _events_kernel(label, size, nxt, tail, tree, first, frag_u, second_u, frag_prob, top_bit):
    """Run len(first) events in place, on numpy arrays (compiled by ``_kernel()``) or on Python lists."""
    n = len(label)
    for k in range(len(first)):
        a = label[first[k]]
        s_a = size[a]
        if frag_u[k] < frag_prob:
            # Complete fragmentation: every member becomes a singleton named after itself.
            if s_a > 1:
                m = nxt[a]
                while m != -1:
                    following = nxt[m]
                    label[m] = m
                    size[m] = 1
                    nxt[m] = -1
                    tail[m] = m
                    j = m + 1
                    while j <= n:
                        tree[j] += 1
                        j += j & (-j)
                    m = following
                size[a] = 1
                nxt[a] = -1
                tail[a] = a
                j = a + 1
                while j <= n:
                    tree[j] += 1 - s_a
                    j += j & (-j)
            continue
        outside = n - s_a
        if outside == 0:
            # Only one aggregate exists: there is nobody to merge with, nothing happens.
            continue
        # The second supporter: uniform among the n - s_a supporters outside aggregate a.
        t = int(second_u[k] * outside)
        if t >= outside:
            t = outside - 1
        before = 0
        j = a
        while j > 0:
            before += tree[j]
            j -= j & (-j)
        if t >= before:
            t += s_a
        pos = 0
        step = top_bit
        while step > 0:
            probe = pos + step
            if probe <= n and tree[probe] <= t:
                pos = probe
                t -= tree[probe]
            step >>= 1
        b = pos
        s_b = size[b]
        # Merge: the larger aggregate keeps its name (a on a tie); relabel the smaller one.
        if s_b > s_a:
            keep = b
            gone = a
        else:
            keep = a
            gone = b
        s_gone = size[gone]
        m = gone
        while m != -1:
            label[m] = keep
            m = nxt[m]
        nxt[tail[keep]] = gone
        tail[keep] = tail[gone]
        size[keep] = s_a + s_b
        size[gone] = 0
        j = keep + 1
        while j <= n:
            tree[j] += s_gone
            j += j & (-j)
        j = gone + 1
        while j <= n:
            tree[j] -= s_gone
            j += j & (-j)


_COMPILED = None


def _build_kernel():
    """Compile the event loop with numba (cached on disk when a cache folder is writable).

    numba is imported here, not at module import, so that ``import swarmcast`` stays fast. When
    neither the package's ``__pycache__`` nor the user cache folder is writable, numba refuses
    ``cache=True`` with a RuntimeError ("no locator available"): then compile in memory only. The
    warnings filter below silences only numba's "Cannot cache ..." NumbaWarning.
    """
    import numba
    from numba.core.errors import NumbaWarning

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Cannot cache", category=NumbaWarning)
        try:
            kernel = numba.njit(cache=True)(_events_kernel)
        except RuntimeError:
            kernel = numba.njit(cache=False)(_events_kernel)
        # Compile (or load from the cache) now, inside the filter, on a two-supporter toy state.
        toy = _CompiledEngine.__new__(_CompiledEngine)
        _CompiledEngine._init_arrays(toy, 2)
        kernel(
            toy.label, toy.size, toy.nxt, toy.tail, toy.tree,
            np.zeros(1, dtype=np.int64), np.ones(1), np.zeros(1), 0.5, toy.top_bit,
        )  # fmt: skip
    return kernel


def _kernel():
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = _build_kernel()
    return _COMPILED


class _CompiledEngine:
    """State arrays plus the compiled event loop."""

    def __init__(self, n: int):
        self._init_arrays(n)
        self.kernel = _kernel()

    def _init_arrays(self, n: int):
        self.n = n
        self.label = np.arange(n, dtype=np.int64)
        self.size = np.ones(n, dtype=np.int64)
        self.nxt = np.full(n, -1, dtype=np.int64)
        self.tail = np.arange(n, dtype=np.int64)
        idx = np.arange(n + 1, dtype=np.int64)
        self.tree = idx & (-idx)  # Fenwick tree of n ones: node j holds lowbit(j)
        self.top_bit = 1 << (n.bit_length() - 1)

    def advance(self, first, frag_u, second_u, frag_prob):
        self.kernel(
            self.label, self.size, self.nxt, self.tail, self.tree, first, frag_u, second_u, frag_prob, self.top_bit
        )

    def clone(self):
        """An independent copy of the state (numpy arrays or lists alike), with the same event loop."""
        other = copy.copy(self)
        for name in ("label", "size", "nxt", "tail", "tree"):
            setattr(other, name, getattr(self, name).copy())
        return other

    def fragment(self, aggregates):
        """Fragment the named aggregates (each name must be a different aggregate's)."""
        names = np.atleast_1d(np.asarray(aggregates, dtype=np.int64))
        self.advance(names, np.full(names.size, -1.0), np.zeros(names.size), 0.0)

    def sizes_by_slot(self) -> np.ndarray:
        return self.size


class _Lockstep:
    """Feeds the same events to several engines (one while they are still identical: see ``clone``)."""

    def __init__(self, engines: list):
        self.engines = engines

    def advance(self, first, frag_u, second_u, frag_prob):
        for engine in self.engines:
            engine.advance(first, frag_u, second_u, frag_prob)


class _InterpretedEngine(_CompiledEngine):
    """The same state and the same event loop, run by the Python interpreter on lists (no numba).

    Python lists, not numpy arrays: the loop reads and writes one element at a time, which is several
    times faster on a list than on an array when nothing compiles the loop.
    """

    def __init__(self, n: int):
        self._init_arrays(n)
        self.label, self.size, self.nxt, self.tail, self.tree = (
            a.tolist() for a in (self.label, self.size, self.nxt, self.tail, self.tree)
        )
        self.kernel = _events_kernel

    def advance(self, first, frag_u, second_u, frag_prob):
        self.kernel(
            self.label, self.size, self.nxt, self.tail, self.tree,
            np.asarray(first).tolist(), np.asarray(frag_u).tolist(), np.asarray(second_u).tolist(),
            float(frag_prob), self.top_bit,
        )  # fmt: skip

    def sizes_by_slot(self) -> np.ndarray:
        return np.array(self.size, dtype=np.int64)


#: Set to "0" to run the event loop without numba even when it is installed (tests, benchmarks, or a
#: read-only machine where numba cannot compile).
NUMBA_ENV = "SWARMCAST_NUMBA"


@functools.cache
def _numba_installed() -> bool:
    try:
        return importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):  # a broken or blocked installation counts as none
        return False


def numba_enabled() -> bool:
    """Whether the aggregate model's event loop is compiled with numba (installed, and not switched off).

    Why: without numba (in JupyterLite, or a lean install) the model gives the same numbers for the same
    seed but runs 25 to 50 times slower, so explorers use smaller default sizes. ``SWARMCAST_NUMBA=0``
    switches numba off.
    """
    return os.environ.get(NUMBA_ENV, "").strip() != "0" and _numba_installed()


def _engine_class():
    return _CompiledEngine if numba_enabled() else _InterpretedEngine


class _ReferenceEngine:
    """Plain-Python version of the same algorithm: lists of members, a list-based Fenwick tree."""

    def __init__(self, n: int):
        self.n = n
        self.label = list(range(n))
        self.members = [[m] for m in range(n)]
        self.tree = [j & (-j) for j in range(n + 1)]
        self.top_bit = 1 << (n.bit_length() - 1)

    def _add(self, slot, delta):
        j = slot + 1
        while j <= self.n:
            self.tree[j] += delta
            j += j & (-j)

    def _count_before(self, slot):
        total, j = 0, slot
        while j > 0:
            total += self.tree[j]
            j -= j & (-j)
        return total

    def _slot_holding(self, t):
        pos, step = 0, self.top_bit
        while step > 0:
            if pos + step <= self.n and self.tree[pos + step] <= t:
                pos += step
                t -= self.tree[pos]
            step >>= 1
        return pos

    def advance(self, first, frag_u, second_u, frag_prob):
        n = self.n
        for x, fu, su in zip(first.tolist(), frag_u.tolist(), second_u.tolist()):
            a = self.label[x]
            s_a = len(self.members[a])
            if fu < frag_prob:
                if s_a > 1:
                    for m in self.members[a]:
                        self.label[m] = m
                        self.members[m] = [m]
                        if m != a:
                            self._add(m, 1)
                    self._add(a, 1 - s_a)
                continue
            outside = n - s_a
            if outside == 0:
                continue
            t = min(int(su * outside), outside - 1)
            if t >= self._count_before(a):
                t += s_a
            b = self._slot_holding(t)
            keep, gone = (b, a) if len(self.members[b]) > s_a else (a, b)
            moved = self.members[gone]
            for m in moved:
                self.label[m] = keep
            self.members[keep].extend(moved)
            self.members[gone] = []
            self._add(keep, len(moved))
            self._add(gone, -len(moved))

    def fragment(self, aggregates):
        names = np.atleast_1d(np.asarray(aggregates, dtype=np.int64))
        self.advance(names, np.full(names.size, -1.0), np.zeros(names.size), 0.0)

    def sizes_by_slot(self) -> np.ndarray:
        return np.array([len(ms) for ms in self.members], dtype=np.int64)


def _drive(*, engine, n, frag_prob, total_events, seed, stops, on_stop):
    """Feed pre-drawn random numbers to ``engine`` and call ``on_stop(event_count)`` at each stop.

    Per block of events the generator draws, in this order: the first supporter (integers), the
    fragmentation uniforms, the uniforms that pick the second supporter.
    """
    rng = np.random.default_rng(seed)
    done = 0
    block = None
    block_start = 0
    for stop in stops:
        while done < stop:
            if block is None or done >= block_start + len(block[0]):
                block_start = done
                length = min(_BLOCK_EVENTS, total_events - done)
                block = (rng.integers(0, n, size=length), rng.random(length), rng.random(length))
            end = min(stop, block_start + len(block[0]))
            lo, hi = done - block_start, end - block_start
            engine.advance(block[0][lo:hi], block[1][lo:hi], block[2][lo:hi], frag_prob)
            done = end
        on_stop(done)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # eq=False: comparing numpy arrays field by field is ambiguous
class AggregatesResult:
    """Final aggregate sizes and a sampled time series of one simulated run."""

    sizes: np.ndarray
    series: pd.DataFrame
    n_supporters: int
    frag_prob: float
    steps: int
    burn_in_steps: int
    record_every: int
    seed: int
    simulated: bool = True


def _check_common(n_supporters, frag_prob, steps, seed, burn_in_steps):
    p = AggregatesParams(n_supporters=n_supporters, frag_prob=frag_prob, steps=steps, burn_in_steps=burn_in_steps)
    return p.n_supporters, p.frag_prob, p.steps, check_seed(seed), p.burn_in_steps


def _check_record_every(record_every, steps):
    if record_every is None:
        return max(1, math.ceil(steps / _DEFAULT_SERIES_ROWS))
    return check_int("record_every", record_every, low=max(1, math.ceil(steps / _MAX_SERIES_ROWS)))


def _final_sizes(by_slot: np.ndarray) -> np.ndarray:
    return np.sort(by_slot[by_slot > 0])[::-1].copy()


def _simulate(*, engine_cls, n_supporters, frag_prob, steps, seed, burn_in_steps=0, record_every=None):
    n, nu, t, s, b = _check_common(n_supporters, frag_prob, steps, seed, burn_in_steps)
    every = _check_record_every(record_every, t)
    engine = engine_cls(n)
    stops = list(range(b, b + t, every)) + [b + t]
    rows = []

    def record(done):
        by_slot = engine.sizes_by_slot()
        rows.append((done, int(np.count_nonzero(by_slot)), int(by_slot.max())))

    _drive(engine=engine, n=n, frag_prob=nu, total_events=b + t, seed=s, stops=stops, on_stop=record)
    series = pd.DataFrame(rows, columns=["step", "n_aggregates", "largest_size"])
    series.attrs["simulated"] = True
    return AggregatesResult(sizes=_final_sizes(engine.sizes_by_slot()), series=series, n_supporters=n, frag_prob=nu,
                            steps=t, burn_in_steps=b, record_every=every, seed=s)


def simulate_aggregates(*, n_supporters, frag_prob, steps, seed, burn_in_steps=0, record_every=None):
    """Simulate the coalescence-fragmentation model and return the final aggregate sizes.

    Why: the lesson's swarm is this process; its size law and its super-aggregate threshold are the
    model's two testable predictions (Johnson et al. 2016, Science; Eguiluz & Zimmermann 2000).

    Rules. N supporters start as N singleton aggregates. Each event picks one supporter uniformly at
    random, so aggregate i is picked with probability s_i / N. With probability ``frag_prob`` that
    aggregate fragments completely into singletons (a shutdown; followers scatter). Otherwise a second
    supporter is drawn uniformly from the supporters *outside* the first one's aggregate (so
    aggregate j is picked with probability s_j / (N - s_i)), and the two aggregates merge. A draw
    of two members of the same aggregate is therefore never made: the second draw is restricted to
    the outside, which is what the third-party re-implementation of the authors' model does
    (facts.md 7.10). When a single aggregate holds all N supporters there is nobody outside it:
    a coalescence event then does nothing, and only fragmentation can change the state.

    ``burn_in_steps`` events are run first and not recorded; then ``steps`` events, with the number
    of aggregates and the largest size recorded every ``record_every`` events (default: about 200
    rows; at most 1,000 rows are allowed). ``series.step`` counts events from the very start.
    ``sizes`` are the sizes after all events, sorted largest first; they sum to ``n_supporters``.

    Check against theory: with N = 100,000 and frag_prob = 0.01, maximum-likelihood exponents of the
    pooled steady-state sizes (2.81 from s = 1, 2.60 from 2, 2.53 from 5) equal those of the exact
    mean-field solution of this model family (D'Hulst & Rodgers 2000, "Exact solution of a model for
    crowding and information transmission in financial markets"), whose tail is s^-5/2; with
    N = 10,000 they come out about 0.05 higher (finite size).
    """
    return _simulate(engine_cls=_engine_class(), n_supporters=n_supporters, frag_prob=frag_prob, steps=steps, seed=seed,
                     burn_in_steps=burn_in_steps, record_every=record_every)


def _simulate_reference(**arguments):
    """Same model, same random draws, run by the Python interpreter (for tests and benchmarks).

    Takes the keyword arguments of :func:`simulate_aggregates`.
    """
    return _simulate(engine_cls=_ReferenceEngine, **arguments)


def super_aggregate_threshold(*, n_supporters):
    """The fragmentation probability 1 / (N ln N) below which one super-aggregate takes over.

    Why: it turns "shut pages down often enough" into a number that shrinks as the population grows
    (Johnson et al. 2016, Science; facts.md 7.8). For N = 10,000 it is about 1.09e-5.

    In ``simulate_aggregates`` the change is a crossover, not a sharp switch. Share of the time one
    aggregate holds more than half of everyone (N = 1,000 and 10,000, 4 seeds): about 0.9 at the
    threshold, 0.5-0.6 at 10 times it, about 0.1 at 100 times it, never at 1,000 times it; always
    at a hundredth of it. The lesson's frag_prob = 0.01 with N = 10,000 is about 900 times above.
    """
    n = check_int("n_supporters", n_supporters, low=2)
    return 1.0 / (n * math.log(n))


# --------------------------------------------------------------------------------------------
# Power-law fit by maximum likelihood
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerLawFit:
    """A discrete power law p(s) = s^-alpha / zeta(alpha, s_min) fitted to the tail s >= s_min."""

    alpha: float
    alpha_se: float
    s_min: int
    n_tail: int
    ks_distance: float


def _check_sizes(sizes) -> np.ndarray:
    try:
        arr = np.asarray(sizes, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError(f"sizes must be positive whole numbers; got {sizes!r}") from None
    if arr.size == 0:
        raise ValueError("sizes must be a non-empty collection of positive whole numbers; got an empty one")
    if not np.all(np.isfinite(arr)) or np.any(arr < 1) or np.any(arr != np.round(arr)):
        bad = arr[~(np.isfinite(arr) & (arr >= 1) & (arr == np.round(arr)))][0]
        raise ValueError(f"sizes must be positive whole numbers (>= 1); found {bad!r}")
    return arr.astype(np.int64)


def fit_power_law(*, sizes, s_min):
    """Fit the exponent of a discrete power law to the sizes >= s_min by maximum likelihood.

    Why: the lesson tests the model's 5/2 size law the way Clauset, Shalizi & Newman (2009, "Power-law
    distributions in empirical data", SIAM Review) recommend, never with a log-log regression.

    The log-likelihood is -n ln zeta(alpha, s_min) - alpha * sum(ln s), with zeta the Hurwitz zeta
    function; it is maximised over alpha in (1.01, 8). The standard error is 1 / sqrt(observed
    information), from the curvature of the log-likelihood at the maximum. ``ks_distance`` is the
    largest gap between the empirical and the fitted tail CDF at the observed sizes.
    """
    arr = _check_sizes(sizes)
    s0 = check_int("s_min", s_min, low=1)
    tail = arr[arr >= s0]
    n_tail = int(tail.size)
    if n_tail < 10:
        raise ValueError(f"s_min leaves {n_tail} sizes >= {s0}; at least 10 are needed for a fit (lower s_min)")
    sum_log = float(np.log(tail).sum())

    def neg_loglik(alpha):
        return n_tail * math.log(special.zeta(alpha, s0)) + alpha * sum_log

    res = optimize.minimize_scalar(neg_loglik, bounds=(1.01, 8.0), method="bounded", options={"xatol": 1e-7})
    alpha = float(res.x)
    h = 1e-4
    curvature = (neg_loglik(alpha + h) - 2 * neg_loglik(alpha) + neg_loglik(alpha - h)) / h**2
    alpha_se = float(1.0 / math.sqrt(curvature)) if curvature > 0 else float("nan")

    # Both CDFs are step functions on the integers. Between two observed sizes u < v the empirical
    # CDF is flat, so the largest gap sits at u or at v - 1: check both.
    values, counts = np.unique(tail, return_counts=True)
    emp_at = np.cumsum(counts) / n_tail
    emp_before = np.concatenate(([0.0], emp_at[:-1]))
    z0 = special.zeta(alpha, s0)
    fit_at = 1.0 - special.zeta(alpha, values + 1.0) / z0
    fit_before = 1.0 - special.zeta(alpha, values.astype(float)) / z0  # CDF at v - 1
    ks = float(max(np.max(np.abs(emp_at - fit_at)), np.max(np.abs(emp_before - fit_before))))
    return PowerLawFit(alpha=alpha, alpha_se=alpha_se, s_min=s0, n_tail=n_tail, ks_distance=ks)


# --------------------------------------------------------------------------------------------
# Which aggregates to target: a policy experiment
# --------------------------------------------------------------------------------------------


def _targets(policy: str, by_slot: np.ndarray, k: int, large_size: int) -> np.ndarray:
    """Names of the aggregates a policy bans this period: the k biggest eligible ones."""
    if policy == "largest":
        eligible = by_slot >= 2
    elif policy == "small":
        eligible = (by_slot >= 2) & (by_slot < large_size)
    else:
        return np.empty(0, dtype=np.int64)
    n = by_slot.size
    # One key per aggregate: bigger first, then the smaller name first (ties are reproducible).
    key = np.where(eligible, by_slot * n + (n - 1 - np.arange(n)), -1)
    m = min(k, int(np.count_nonzero(eligible)))
    if m == 0:
        return np.empty(0, dtype=np.int64)
    top = np.argpartition(key, n - m)[n - m :] if m < n else np.arange(n)
    return top[np.argsort(-key[top])]


def intervention_experiment(
    *,
    n_supporters,
    frag_prob,
    steps,
    removals_per_period,
    period_steps,
    large_size,
    seed,
    burn_in_steps=0,
    policies=POLICIES,
    record_every=None,
):
    """Compare banning the largest aggregates with banning small ones, at the same number of bans.

    Why: Johnson et al. (2016, Science) conclude that large aggregates "can be thwarted by targeting
    smaller ones", and Johnson et al. (2019, Nature, "Hidden resilience and adaptive dynamics of the
    global online hate ecology") propose banning small clusters rather than the largest (facts.md
    7.9, 7.17). This runs that comparison inside the model of ``simulate_aggregates``.

    Design. Every policy runs the same chain: same seed, so the same natural events (common random
    numbers); only the bans differ. After ``burn_in_steps`` events without intervention, every
    ``period_steps`` events each policy bans ``removals_per_period`` aggregates: a ban fragments the
    aggregate into singletons, exactly like a natural shutdown.
    - ``"none"``: no bans, the baseline.
    - ``"largest"``: the largest aggregates (the k biggest).
    - ``"small"``: the seeds: the k biggest aggregates that are still *below* ``large_size``
      (never singletons). They are small next to the largest ones but are the next to grow large.
    What is held equal is the number of bans per period (a platform's moderation capacity). The
    number of supporters scattered is not held equal: it is reported, cumulatively, as a cost
    (``supporters_scattered``); banning the largest scatters many more people.

    Observation. One snapshot is taken at a random moment inside each window of ``record_every``
    events (the same moments for every policy), so averages over the series estimate time
    averages without favouring the moments just after or just before a ban. A snapshot at the
    moment of a ban shows the state after it. Columns: policy, step (events since the start),
    largest_size, n_large (aggregates of size >= large_size), removals and supporters_scattered
    (cumulative).

    What it shows (N = 10,000, 5 bans every 1,000 events, large_size = 100, 8 seeds each):
    banning the seeds always leaves fewer large aggregates than banning the largest (frag_prob =
    0.01: about 1.2 against 1.4 at a time, baseline 1.6; frag_prob = 0.001: about 0.75 against 1.5,
    baseline 0.9, so there banning the largest *adds* large aggregates: the scattered supporters feed
    the many mid-sized ones, which grow large in turn). Banning the largest keeps the single biggest
    aggregate three to nine times smaller than with no bans, and scatters three to six times as many
    supporters as banning the seeds.
    Which policy "wins" depends on the yardstick: the size of the biggest one, or how many large
    ones form.
    """
    p = InterventionParams(
        n_supporters=n_supporters, frag_prob=frag_prob, steps=steps, burn_in_steps=burn_in_steps,
        removals_per_period=removals_per_period, period_steps=period_steps, large_size=large_size,
    )  # fmt: skip
    s = check_seed(seed)
    n = p.n_supporters
    k = check_int("removals_per_period", p.removals_per_period, low=0, high=n)
    large = check_int("large_size", p.large_size, low=2, high=n)
    chosen = _check_policies(policies)
    every = _check_record_every(record_every, p.steps)
    record_at, act_at = _intervention_schedule(steps=p.steps, burn_in=p.burn_in_steps, every=every, period=p.period_steps, seed=s)
    rows = _run_policies(
        chosen, n=n, frag_prob=p.frag_prob, burn_in=p.burn_in_steps, total=p.burn_in_steps + p.steps, seed=s,
        record_at=record_at, act_at=act_at, k=k, large=large,
    )  # fmt: skip
    out = _policy_frame(chosen, rows)
    out.attrs["parameters"] = dict(
        n_supporters=n, frag_prob=p.frag_prob, steps=p.steps, removals_per_period=k, period_steps=p.period_steps,
        large_size=large, seed=s, burn_in_steps=p.burn_in_steps, record_every=every,
    )  # fmt: skip
    return out


def _check_policies(policies) -> list:
    if isinstance(policies, str):
        policies = (policies,)
    chosen = [check_choice("policies", p, POLICIES) for p in policies]
    if not chosen:
        raise ValueError(f"policies must name at least one of {', '.join(map(repr, POLICIES))}; got none")
    return chosen


def _intervention_schedule(*, steps, burn_in, every, period, seed):
    """The events after which a snapshot is taken (one at a random moment of each window of ``every`` events, the
    same for every policy) and those after which the policies ban (every ``period`` events after the burn-in)."""
    offsets = np.random.default_rng([seed, 1]).integers(0, every, size=math.ceil(steps / every) + 1)
    record_at = [burn_in + j * every + int(o) for j, o in enumerate(offsets) if j * every + int(o) <= steps]
    act_at = list(range(burn_in + period, burn_in + steps + 1, period))
    return record_at, act_at


def _run_policies(chosen, *, n, frag_prob, burn_in, total, seed, record_at, act_at, k, large) -> list:
    """Run one chain per policy in lockstep; return, per policy, its snapshot rows.

    Every policy sees the same natural events, and no policy acts during the burn-in: the burn-in runs once, then
    each policy gets its own copy of the state, and all of them are fed the same random numbers.
    """
    record_set, act_set = set(record_at), set(act_at)
    stops = sorted(record_set | act_set | {burn_in})
    engines = [_engine_class()(n)]
    rows = [[] for _ in chosen]
    cost = [[0, 0] for _ in chosen]  # per policy: removals, supporters scattered

    def on_stop(done):
        if done == burn_in:
            engines[1:] = [engines[0].clone() for _ in chosen[1:]]
        for policy, engine, c, r in zip(chosen, engines, cost, rows):
            if done in act_set and policy != "none":
                by_slot = engine.sizes_by_slot()
                banned = _targets(policy, by_slot, k, large)
                c[0] += int(banned.size)
                c[1] += int(by_slot[banned].sum())
                engine.fragment(banned)
            if done in record_set:
                by_slot = engine.sizes_by_slot()
                r.append((done, int(by_slot.max()), int(np.count_nonzero(by_slot >= large)), c[0], c[1]))

    _drive(engine=_Lockstep(engines), n=n, frag_prob=frag_prob, total_events=total, seed=seed, stops=stops, on_stop=on_stop)
    return rows


def _policy_frame(chosen, rows) -> pd.DataFrame:
    frames = []
    for policy, r in zip(chosen, rows):
        frame = pd.DataFrame(r, columns=["step", "largest_size", "n_large", "removals", "supporters_scattered"])
        frame.insert(0, "policy", policy)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["policy"] = pd.Categorical(out["policy"], categories=list(POLICIES))
    out.attrs["simulated"] = True
    return out


# --------------------------------------------------------------------------------------------
# The size distribution on a grid of fragmentation probabilities (lesson 07's size explorer)
# --------------------------------------------------------------------------------------------

#: The fragmentation probabilities of the size grid (log-spaced, from well below the super-aggregate threshold for
#: N = 1,000, about 1.4e-4, to well above it); lesson 07's explorer offers exactly these on its slider.
FRAG_PROBS = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
#: Sizes from this one up are used to fit the exponent (below s = 5 the model's exact distribution is steeper).
S_MIN = 5
#: Runs pooled by default by the size grid of lesson 07: with numba, and without it (JupyterLite, a lean install),
#: where the model gives the same numbers for the same seed but runs 25 to 50 times slower.
DEFAULT_RUNS = 8
DEFAULT_RUNS_WITHOUT_NUMBA = 3


def default_runs() -> int:
    """Runs the size grid pools by default: fewer when the aggregate model runs without numba."""
    return DEFAULT_RUNS if numba_enabled() else DEFAULT_RUNS_WITHOUT_NUMBA


@dataclass(frozen=True)
class SizeGridParams(Params):
    """The parameters of :func:`size_grid`: a population small enough, and few enough events, to precompute."""

    n_supporters: int = param(1_000, low=100, high=20_000, integer=True, unit="supporters", label="supporters N")
    runs: int = param(DEFAULT_RUNS, low=1, high=50, integer=True, unit="runs", label="runs pooled per probability")
    burn_in_steps: int = param(60_000, low=1_000, high=5_000_000, integer=True, unit="events", label="events per run")


@dataclass(frozen=True)
class SizeGrid:
    """Pooled final aggregate sizes of ``runs`` independent runs for each fragmentation probability.

    ``sizes[p]`` is the pooled array for probability ``p``; ``fits[p]`` the power-law fit of its tail
    (sizes >= ``s_min``) or None when fewer than 10 aggregates are that large; ``largest_share[p]`` the mean share
    of supporters in each run's largest aggregate; ``threshold`` is 1 / (N ln N).
    """

    n_supporters: int
    runs: int
    burn_in_steps: int
    seed: int
    s_min: int
    frag_probs: tuple
    sizes: dict
    fits: dict
    largest_share: dict
    threshold: float
    simulated: bool = True


def _check_frag_probs(frag_probs) -> tuple:
    try:
        probs = tuple(check_number("frag_probs", p, low=0, high=1, low_open=True) for p in frag_probs)
    except TypeError:
        raise ValueError(f"frag_probs must be a sequence of probabilities in (0, 1]; got {frag_probs!r}") from None
    if not 2 <= len(probs) <= 20 or len(set(probs)) != len(probs):
        raise ValueError(f"frag_probs must list 2 to 20 different probabilities; got {frag_probs!r}")
    return probs


def size_grid(*, n_supporters: int = 1_000, frag_probs=FRAG_PROBS, runs: int = 8, burn_in_steps: int = 60_000, seed: int) -> SizeGrid:
    """Run the aggregate model ``runs`` times for each fragmentation probability and pool the final sizes.

    Why: lesson 07's explorer shows these precomputed runs, so a slider move only redraws (no model run). Pooling
    runs gives enough aggregates to fit the exponent. Source: :func:`simulate_aggregates` (Johnson et al. 2016 and
    the model family they build on). Run r uses seed ``seed + r``, the same for every probability.
    """
    p = SizeGridParams(n_supporters=n_supporters, runs=runs, burn_in_steps=burn_in_steps)
    n, runs, burn = p.n_supporters, p.runs, p.burn_in_steps
    seed = check_seed(seed)
    probs = _check_frag_probs(frag_probs)
    if runs * burn * len(probs) > 20_000_000:
        raise ValueError(
            f"runs x burn_in_steps x len(frag_probs) must stay under 20,000,000 events; got {runs * burn * len(probs):,}"
        )
    sizes, fits, largest = {}, {}, {}
    for q in probs:
        finals = [
            simulate_aggregates(n_supporters=n, frag_prob=q, steps=1, burn_in_steps=burn - 1, seed=seed + r).sizes
            for r in range(runs)
        ]
        pooled = np.sort(np.concatenate(finals))[::-1]
        sizes[q] = pooled
        largest[q] = float(np.mean([f[0] for f in finals])) / n
        fits[q] = fit_power_law(sizes=pooled, s_min=S_MIN) if np.count_nonzero(pooled >= S_MIN) >= 10 else None
    return SizeGrid(
        n_supporters=n, runs=runs, burn_in_steps=burn, seed=seed, s_min=S_MIN, frag_probs=probs, sizes=sizes,
        fits=fits, largest_share=largest, threshold=super_aggregate_threshold(n_supporters=n),
    )  # fmt: skip


def size_table(*, sizes, runs: int, n_supporters: int, alpha: float | None, s_min: int = S_MIN) -> pd.DataFrame:
    """Log-binned size distribution (aggregates per run per unit of size) and the fitted and s^-5/2 lines.

    Why: on log-log axes a power law is a straight line; binning by powers of two keeps the sparse tail readable.
    Source: the pooled runs of :func:`size_grid`; the 5/2 line is the model family's analytic exponent.
    ``series`` is "simulated aggregates", "fitted exponent" or "s^-5/2 (analytic)". Both lines are scaled to
    the number of aggregates of size >= ``s_min`` per run.
    """
    arr = np.asarray(sizes, dtype=np.int64)
    runs = check_int("runs", runs, low=1)
    n = check_int("n_supporters", n_supporters, low=2)
    top = int(math.ceil(math.log2(n))) + 1
    edges = 2 ** np.arange(top + 1)  # bins [1,2), [2,4), [4,8), ...
    counts, _ = np.histogram(arr, bins=edges)
    widths = np.diff(edges)
    keep = counts > 0
    lo, hi = edges[:-1][keep], edges[1:][keep] - 1
    rows = pd.DataFrame(
        {
            "size": np.sqrt(lo * hi),
            "per_run": counts[keep] / widths[keep] / runs,
            "series": "simulated aggregates",
            "bin": [f"{a:,}" if a == b else f"{a:,} to {b:,}" for a, b in zip(lo, hi)],
            "aggregates": counts[keep],
        }
    )
    n_tail = np.count_nonzero(arr >= s_min) / runs
    lines = []
    grid = np.unique(np.round(np.geomspace(s_min, n, 25)))
    exponents = [("s^-5/2 (analytic)", 2.5)] + ([("fitted exponent", float(alpha))] if alpha is not None else [])
    if n_tail > 0 and alpha is not None:  # with no fit (one super-aggregate) a line would mislead
        for label, a in exponents:
            lines.append(pd.DataFrame({"size": grid, "per_run": n_tail * grid ** (-a) / special.zeta(a, s_min), "series": label, "bin": "", "aggregates": 0}))
    table = pd.concat([rows, *lines], ignore_index=True)
    table.attrs["simulated"] = True
    return table


def policy_summary(experiment: pd.DataFrame) -> pd.DataFrame:
    """One row per policy: mean number of large aggregates, mean size of the largest, supporters scattered, bans.

    Why: the policy experiment has several yardsticks, and which policy "wins" depends on the one chosen.
    Source: :func:`intervention_experiment` (simulated). Rows are named by :data:`POLICY_LABELS`.
    """
    needed = {"policy", "n_large", "largest_size", "supporters_scattered", "removals"}
    if not isinstance(experiment, pd.DataFrame) or not needed <= set(experiment.columns):
        raise ValueError(f"experiment must be the DataFrame returned by intervention_experiment (columns {sorted(needed)})")
    by = experiment.groupby("policy", observed=True)
    out = pd.DataFrame(
        {
            "n_large": by["n_large"].mean(),
            "largest_size": by["largest_size"].mean(),
            "supporters_scattered": by["supporters_scattered"].last(),
            "removals": by["removals"].last(),
        }
    )
    out.index = [POLICY_LABELS.get(str(p), str(p)) for p in out.index]
    out.index.name = "policy"
    out.attrs["simulated"] = True
    return out
