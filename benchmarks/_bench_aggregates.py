"""Speed of the coalescence-fragmentation model (lesson 07): events per second, widget recompute, numba speed-up,
and the same workloads without numba (JupyterLite, a lean install: SWARMCAST_NUMBA=0, the interpreted event loop).

Run ``python benchmarks/_bench_aggregates.py`` for a table; ``run()`` returns the rows for a combined report.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time

from swarmcast.models.aggregates import (
    _simulate_reference,
    fit_power_law,
    intervention_experiment,
    simulate_aggregates,
)

MODEL = "aggregates"


@contextlib.contextmanager
def _without_numba():
    from swarmcast.models.aggregates import NUMBA_ENV

    old = os.environ.get(NUMBA_ENV)
    os.environ[NUMBA_ENV] = "0"
    try:
        yield
    finally:
        if old is None:
            del os.environ[NUMBA_ENV]
        else:
            os.environ[NUMBA_ENV] = old


def _median_s(fn, *, repeats: int) -> float:
    fn()  # warm-up: numba compile or cache load, imports
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[dict]:
    """Median wall times after a warm-up call; the reference is timed on fewer events and scaled per event."""
    big_events = 1_000_000
    big = _median_s(lambda: simulate_aggregates(n_supporters=10_000, frag_prob=0.01, steps=big_events, seed=1), repeats=5)
    widget = _median_s(lambda: simulate_aggregates(n_supporters=2_000, frag_prob=0.01, steps=100_000, seed=1), repeats=20)
    ref_events = 20_000
    ref = _median_s(
        lambda: _simulate_reference(n_supporters=10_000, frag_prob=0.01, steps=ref_events, seed=1), repeats=3
    )
    compiled_small = _median_s(
        lambda: simulate_aggregates(n_supporters=10_000, frag_prob=0.01, steps=ref_events, seed=1), repeats=5
    )
    policy = _median_s(
        lambda: intervention_experiment(
            n_supporters=2_000, frag_prob=0.01, steps=100_000, removals_per_period=5, period_steps=500,
            large_size=20, seed=1,
        ),  # fmt: skip
        repeats=5,
    )
    sizes = simulate_aggregates(n_supporters=10_000, frag_prob=0.01, steps=1, burn_in_steps=1_000_000, seed=2).sizes
    fit = _median_s(lambda: fit_power_law(sizes=sizes, s_min=5), repeats=20)
    from swarmcast.models.aggregates import DEFAULT_RUNS, DEFAULT_RUNS_WITHOUT_NUMBA, size_grid

    lesson_policy = dict(n_supporters=10_000, frag_prob=0.01, steps=100_000, burn_in_steps=50_000,
                         removals_per_period=5, period_steps=1_000, large_size=100, seed=0)  # fmt: skip
    grid_full = _median_s(lambda: size_grid(runs=DEFAULT_RUNS, seed=1), repeats=3)
    policy_lesson = _median_s(lambda: intervention_experiment(**lesson_policy), repeats=3)
    with _without_numba():
        interp_events = 100_000
        interp = _median_s(lambda: simulate_aggregates(n_supporters=10_000, frag_prob=0.01, steps=interp_events, seed=1), repeats=3)
        grid_lean = _median_s(lambda: size_grid(runs=DEFAULT_RUNS_WITHOUT_NUMBA, seed=1), repeats=3)
        grid_lean_8 = _median_s(lambda: size_grid(runs=DEFAULT_RUNS, seed=1), repeats=1)
        policy_lesson_lean = _median_s(lambda: intervention_experiment(**lesson_policy), repeats=1)
    lean_rows = [
        {"model": MODEL, "case": "without numba: N=10,000, 10^5 events", "metric": "events per second",
         "value": interp_events / interp, "unit": "events/s"},
        {"model": MODEL, "case": f"size explorer build, {DEFAULT_RUNS} runs x 9 x 60,000 (compiled)", "metric": "median time",
         "value": 1000 * grid_full, "unit": "ms"},
        {"model": MODEL, "case": f"size explorer build, {DEFAULT_RUNS} runs (without numba)", "metric": "median time",
         "value": 1000 * grid_lean_8, "unit": "ms"},
        {"model": MODEL, "case": f"size explorer build, {DEFAULT_RUNS_WITHOUT_NUMBA} runs (without numba default)", "metric": "median time",
         "value": 1000 * grid_lean, "unit": "ms"},
        {"model": MODEL, "case": "lesson policy experiment, 3 x 150,000 events, N=10,000 (compiled)", "metric": "median time",
         "value": 1000 * policy_lesson, "unit": "ms"},
        {"model": MODEL, "case": "lesson policy experiment (without numba)", "metric": "median time",
         "value": 1000 * policy_lesson_lean, "unit": "ms"},
        {"model": MODEL, "case": "compiled vs without numba, 10^5 events", "metric": "speed-up",
         "value": (interp / interp_events) / (big / big_events), "unit": "x"},
    ]
    return lean_rows + [
        {"model": MODEL, "case": "N=10,000, 10^6 events (compiled)", "metric": "events per second",
         "value": big_events / big, "unit": "events/s"},
        {"model": MODEL, "case": "N=10,000, 10^6 events (compiled)", "metric": "median time",
         "value": 1000 * big, "unit": "ms"},
        {"model": MODEL, "case": "widget: N=2,000, 10^5 events", "metric": "median time (widget)",
         "value": 1000 * widget, "unit": "ms"},
        {"model": MODEL, "case": "policy experiment: 3 policies, N=2,000, 10^5 events", "metric": "median time",
         "value": 1000 * policy, "unit": "ms"},
        {"model": MODEL, "case": "power-law fit, about 6,000 sizes", "metric": "median time",
         "value": 1000 * fit, "unit": "ms"},
        {"model": MODEL, "case": "pure-Python reference, N=10,000", "metric": "events per second",
         "value": ref_events / ref, "unit": "events/s"},
        {"model": MODEL, "case": "compiled vs reference, same 2x10^4 events", "metric": "speed-up",
         "value": ref / compiled_small, "unit": "x"},
        {"model": MODEL, "case": "compiled 10^6 vs reference scaled to 10^6", "metric": "speed-up",
         "value": (ref / ref_events) / (big / big_events), "unit": "x"},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['model']:<11} {row['case']:<45} {row['metric']:<22} {row['value']:>14,.1f} {row['unit']}")
