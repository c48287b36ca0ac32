"""Speed of the coalescence-fragmentation model (lesson 07): events per second, widget recompute, numba speed-up.

Run ``python benchmarks/_bench_aggregates.py`` for a table; ``run()`` returns the rows for a combined report.
"""

from __future__ import annotations

import statistics
import time

from swarmcast.models.aggregates import (
    _simulate_reference,
    fit_power_law,
    intervention_experiment,
    simulate_aggregates,
)

MODEL = "aggregates"


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
    return [
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
