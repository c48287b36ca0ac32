"""Speed of the multi-platform migration model (lesson 06): a widget-sized recompute must stay under 20 ms.

Run ``python benchmarks/_bench_platforms.py`` for a table; ``run()`` returns the rows for a combined report.
"""

from __future__ import annotations

from _timing import median_ms as _median_ms

from swarmcast.models.platforms import simulate_platforms

MODEL = "platforms"




def run() -> list[dict]:
    """Median wall time of a widget-sized run and of a larger one, after a warm-up."""
    widget = lambda: simulate_platforms(removal_effort=5.0, coordination=0.5, days=180, seed=1)  # noqa: E731
    large = lambda: simulate_platforms(  # noqa: E731
        n_clusters=5000, removal_effort=50.0, coordination=0.5, days=730, seed=1
    )
    return [
        {"model": MODEL, "case": "widget: 5 platforms, 300 clusters, 180 days", "metric": "median time",
         "value": _median_ms(widget, repeats=30), "unit": "ms"},
        {"model": MODEL, "case": "5 platforms, 5,000 clusters, 730 days", "metric": "median time",
         "value": _median_ms(large, repeats=5), "unit": "ms"},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['model']:<10} {row['case']:<62} {row['metric']:<12} {row['value']:>9.2f} {row['unit']}")
