"""The one timing rule every benchmark uses: one warm-up call, then the median wall time of repeats."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeats: int = 7) -> float:
    """Median milliseconds of ``fn()`` over ``repeats`` runs, after one warm-up run (imports, caches, JIT)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000.0 * statistics.median(times)
