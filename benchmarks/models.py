"""Speed of every model: events per second, and milliseconds per widget-sized recompute (median of repeats).

Run: python benchmarks/models.py        (not a test: it prints figures and asserts nothing)
Each model has a module benchmarks/_bench_<model>.py with run() -> list of dicts (model, case, metric, value, unit).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODELS = ["aggregates", "networks", "accounts", "platforms", "attention", "hashing", "policy_lab"]
WIDGET_BUDGET_MS = 20.0  # issue 12: model work in the kernel under 20 ms a move


def main() -> int:
    sys.path.insert(0, str(HERE))
    rows = []
    for name in MODELS:
        try:
            mod = importlib.import_module(f"_bench_{name}")
        except ModuleNotFoundError as exc:
            print(f"{name:<11} no benchmark ({exc})")
            continue
        rows.extend(mod.run())
    width = max((len(r["case"]) for r in rows), default=10)
    print(f"{'model':<11} {'case':<{width}} {'metric':<28} {'value':>14}  unit")
    for r in rows:
        flag = ""
        if r["unit"] == "ms" and "widget" in r["metric"] and r["value"] > WIDGET_BUDGET_MS:
            flag = f"  <-- over the {WIDGET_BUDGET_MS:.0f} ms widget budget"
        print(f"{r['model']:<11} {r['case']:<{width}} {r['metric']:<28} {r['value']:>14,.2f}  {r['unit']}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
