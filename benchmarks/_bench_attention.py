"""Speed of the attention model at widget size (one year of days): median of repeated runs after a warm-up.

The widget target is a recompute in under 20 ms after a slider move.
"""

from __future__ import annotations

from functools import partial

from _timing import median_ms

from swarmcast.models.attention import simulate_attention

REPEATS = 30
_median_ms = partial(median_ms, repeats=REPEATS)

CASES = {
    "365 days, defaults": dict(days=365),
    "365 days, statement on day 180": dict(days=365, official_statement_day=180),
    "365 days, 40 threats/day, heavy churn": dict(days=365, threats_per_day_unofficial=40.0, follow_through_unofficial=0.0),
    "365 days, 20 unofficial brands": dict(days=365, n_unofficial_brands=20),
}




def run() -> list[dict]:
    """Return one row per case: model, case, metric, value, unit."""
    rows = []
    for case, kw in CASES.items():
        ms = _median_ms(lambda kw=kw: simulate_attention(seed=1, **kw))
        rows.append({"model": "attention", "case": case, "metric": "median_recompute", "value": ms, "unit": "ms"})
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['model']:<10} {row['case']:<42} {row['metric']:<18} {row['value']:8.2f} {row['unit']}")
