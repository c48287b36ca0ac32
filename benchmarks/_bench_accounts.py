"""Speed of the accounts birth-death model (lesson 05): a widget-sized recompute must stay under 20 ms.

Run ``python benchmarks/_bench_accounts.py`` for a table; ``run()`` returns the rows for a combined report.
"""

from __future__ import annotations

from _timing import median_ms as _median_ms

from swarmcast.models.accounts import (
    OTHER_JIHADIST_2017,
    PRO_IS_2017,
    simulate_accounts,
    survival_table,
)

MODEL = "accounts"




def run() -> list[dict]:
    """Median wall time of the model's typical calls, after a warm-up."""
    widget = lambda: simulate_accounts(  # noqa: E731
        **PRO_IS_2017.as_kwargs(), creation_attempts_per_day=20, share_blocked_at_registration=0.3, days=180, seed=1
    )
    sample = widget()
    accounts = len(sample.lifetimes) + sample.initial_accounts
    large = lambda: simulate_accounts(  # noqa: E731
        **PRO_IS_2017.as_kwargs(), creation_attempts_per_day=200, days=2000, seed=1
    )
    groups = {
        regime.name: simulate_accounts(**regime.as_kwargs(), creation_attempts_per_day=20, days=180, seed=2)
        for regime in (PRO_IS_2017, OTHER_JIHADIST_2017)
    }
    km = lambda: survival_table(groups=groups, days=range(181))  # noqa: E731
    return [
        {"model": MODEL, "case": f"widget: 180 days, about {accounts:,} accounts", "metric": "median time",
         "value": _median_ms(widget, repeats=50), "unit": "ms"},
        {"model": MODEL, "case": "2,000 days, about 400,000 accounts", "metric": "median time",
         "value": _median_ms(large, repeats=5), "unit": "ms"},
        {"model": MODEL, "case": "Kaplan-Meier table, 2 groups x 180 days (numpy)",
         "metric": "median time", "value": _median_ms(km, repeats=10), "unit": "ms"},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['model']:<10} {row['case']:<62} {row['metric']:<12} {row['value']:>9.2f} {row['unit']}")
