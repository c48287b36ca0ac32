"""What a student feels when they move a control: for every lesson's explorer, the median time of the
model or data step (compute, budget 20 ms: issue 12) and of the whole redraw (compute + chart + spec sent).

Run: python benchmarks/widgets.py      (not a test: it prints figures and asserts nothing)
Each control of each explorer is moved through a few of its values, as a student would.
"""

from __future__ import annotations

import statistics
import time

from swarmcast import charts
from swarmcast.lessons import l00_start_here as tour
from swarmcast.lessons import l01_centralised_apparatus as apparatus
from swarmcast.lessons import l02_cracks_in_the_caliphate as decline
from swarmcast.lessons import l03_platforms_push_back as platforms
from swarmcast.lessons import l04_hashing_and_its_costs as hashing_lab
from swarmcast.lessons import l05_the_access_problem as access
from swarmcast.lessons import l06_small_spaces as migration
from swarmcast.lessons import l07_the_swarm as swarm
from swarmcast.lessons import l08_attention_and_paradox as attention_lab
from swarmcast.lessons import l09_policy_lab as policy

BUDGET_MS = 20.0  # issue 12: model work in the kernel under 20 ms a move

# The explorers exactly as the lessons build them.
EXPLORERS = {
    "00 dataset tour": lambda: tour.dataset_tour("twitter_transparency"),
    "01 hub-and-spoke": lambda: apparatus.apparatus_explorer(n_nodes=1000, n_hubs=10, seed=1),
    "02 pressures": lambda: decline.pressures_explorer(),
    "03 proactive rates tour": lambda: platforms.dataset_tour("platform_proactive"),
    "04 hash threshold": lambda: hashing_lab.threshold_explorer(pairs=hashing_lab.run_experiment(seed=0), threshold_bits=8),
    "05 presence": lambda: access.presence_explorer(seed=4, creation_attempts_per_day=20, days=180),
    "06 platforms": lambda: migration.platform_explorer(seed=5),
    "07 aggregate sizes": lambda: swarm.size_explorer(n_supporters=1_000, runs=8, burn_in_steps=60_000, seed=1),
    "07 robustness": lambda: swarm.robustness_explorer(n_nodes=1_000, seed=3),
    "08 attention": lambda: attention_lab.attention_explorer(seed=7),
    "09 policy lab": lambda: policy.policy_explorer(seed=0, budget_units=10),
}


def _values(control, n: int = 4) -> list:
    options = getattr(control, "options", None)
    if options:
        vals = [o[1] if isinstance(o, tuple) else o for o in options]
        return vals[:: max(1, len(vals) // n)][:n]
    if hasattr(control, "min") and hasattr(control, "max"):
        lo, hi = control.min, control.max
        step = (hi - lo) / (n - 1)
        vals = [lo + i * step for i in range(n)]
        return [type(control.value)(round(v / control.step) * control.step) if getattr(control, "step", None) else v for v in vals]
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    return []


def main() -> int:
    charts.enable()
    print(f"{'explorer':<20} {'build s':>8} {'moves':>6} {'compute ms':>11} {'redraw ms':>10}")
    for name, build in EXPLORERS.items():
        t0 = time.perf_counter()
        ex = build()
        built = time.perf_counter() - t0
        computes, redraws = [], []
        for control in ex.controls.values():
            start = control.value
            for value in _values(control):
                if value == control.value:
                    continue
                t = time.perf_counter()
                control.value = value  # the explorer's observer recomputes and redraws
                redraws.append((time.perf_counter() - t) * 1000)
                computes.append(ex.last_compute_ms)
            control.value = start
        c, r = statistics.median(computes), statistics.median(redraws)
        flag = "  <-- compute over budget" if c > BUDGET_MS else ""
        print(f"{name:<20} {built:>8.2f} {len(redraws):>6} {c:>11.1f} {r:>10.1f}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
