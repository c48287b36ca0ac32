"""How long each lesson takes to run top to bottom on a fresh kernel, against the course's budget:
1.5 times an empty notebook that only imports pandas, altair and ipywidgets.

Run: python benchmarks/lessons.py [--repeat 3]      (not a test: it prints figures and asserts nothing)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BUDGET_FACTOR = 1.5


def _run(nb, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def _baseline() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas, altair, ipywidgets")]
    return nb


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per notebook (the median is reported)")
    ap.add_argument("lessons", nargs="*", help="lesson files (default: every lesson)")
    args = ap.parse_args(argv)
    paths = [Path(p) for p in args.lessons] or sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        base = statistics.median(_run(_baseline(), Path(tmp)) for _ in range(args.repeat))
    budget = BUDGET_FACTOR * base
    print(f"baseline (fresh kernel + import pandas, altair, ipywidgets): {base:.2f} s; budget {budget:.2f} s")
    print(f"{'lesson':<40} {'median s':>9} {'x baseline':>11}")
    for p in paths:
        times = [_run(nbformat.read(p, as_version=4), p.parent) for _ in range(args.repeat)]
        t = statistics.median(times)
        flag = "" if t <= budget else "  <-- over budget"
        print(f"{p.name:<40} {t:>9.2f} {t / base:>11.2f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
