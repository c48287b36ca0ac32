"""Speed of the policy lab and of the lesson 08 and 09 explorers: median of repeated runs after a warm-up.

The widget target is a recompute in under 20 ms after a slider move. The lab's press channel runs the attention
model once per new counter-speech level and caches it, so two cases are timed: a cached level (most slider moves)
and a new level (a move of the counter-speech slider).
Run: python benchmarks/_bench_policy_lab.py   (or through benchmarks/models.py once "policy_lab" is listed there)
"""

from __future__ import annotations

import itertools
from functools import partial

from _timing import median_ms

from swarmcast.models import policy_lab as pl

REPEATS = 20
_median_ms = partial(median_ms, repeats=REPEATS)
_fresh = itertools.count(1)




def _new_counter_speech_level():
    # a counter-speech level never seen before, so the attention model must run
    units = 1.0 + next(_fresh) * 1e-6
    pl.compare_policies(mixes={"your mix": pl.PolicyMix(counter_speech_units=units)}, seed=0)


def run() -> list[dict]:
    """Return one row per case: model, case, metric, value, unit."""
    rows = []
    mix = pl.PolicyMix(faster_detection_units=3, coordinated_action_days_units=4, counter_speech_units=3)
    cases = {
        "widget: one mix vs no policy, 365 days (press cached)": lambda: pl.compare_policies(mixes={"m": mix}, seed=0),
        "widget: one mix vs no policy, 365 days (new counter-speech level)": _new_counter_speech_level,
        "lesson: 6 single levers + even mix, 365 days (cached)": lambda: pl.compare_policies(
            mixes={**pl.single_policy_mixes(), "even": pl.PolicyMix.even()}, seed=0
        ),
    }
    for case, fn in cases.items():
        rows.append({"model": "policy_lab", "case": case, "metric": "widget median time", "value": _median_ms(fn), "unit": "ms"})

    from swarmcast.lessons import l08_attention_and_paradox as attention_lab
    from swarmcast.lessons import l09_policy_lab as policy

    att = attention_lab.attention_explorer()
    extremes = [dict(volume=5.0, follow_through=0.02, statement=False), dict(volume=40.0, follow_through=0.0, statement=True),
                dict(volume=0.5, follow_through=0.5, statement=True)]
    for values in extremes:
        ms = _median_ms(lambda v=values: att._compute(**v), repeats=10)
        rows.append({"model": "attention", "case": f"lesson 08 explorer compute {values}", "metric": "widget median time",
                     "value": ms, "unit": "ms"})
    pol = policy.policy_explorer()
    for values in ({lv: 0.0 for lv in pl.LEVERS}, {lv: 10 / 6 for lv in pl.LEVERS}, {**{lv: 0.0 for lv in pl.LEVERS}, "faster_detection": 10.0}):
        ms = _median_ms(lambda v=values: pol._compute(**v), repeats=10)
        rows.append({"model": "policy_lab", "case": f"lesson 09 explorer compute, {sum(values.values()):g} units",
                     "metric": "widget median time", "value": ms, "unit": "ms"})
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['model']:<11} {row['case']:<80} {row['metric']:<20} {row['value']:8.2f} {row['unit']}")
