"""What a student waits for, in a real browser: per lesson, the bytes sent over the websocket for Run All, and the
time from moving a control to the redrawn chart (p50/p95 over every control of every explorer), split into the
kernel's part (event to new spec in the page: websocket, compute, chart, spec sent) and the browser's (spec to
painted frame: vega's update and draw). Every lesson gets at least --samples moves, spread over its controls, and
the machine's load average is printed with each lesson (other work on the machine slows the figures down).

Run: .venv/bin/python benchmarks/browser.py [--moves N] [--samples N] [lesson-name-fragment ...]
JupyterLab in Debian's headless chromium, driven by Playwright (see tests/browser_harness.py), with the server
settings a student gets from `make start` (the swarmcast.labserver extension: kernel messages without Nagle's delay;
the script says so when they are missing). The explorers prefetch the next step while idle (swarmcast/explorer.py),
as they do for a student. Targets: at most 100 ms p95 per lesson and at most 1 MB over the websocket per lesson.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from swarmcast.labserver import ENABLED_LOG  # noqa: E402

from browser_harness import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    LIST_CONTROLS,
    SocketBytes,
    lab_server,
    run_all,
    shut_down_kernels,
    time_control,
)


def _pct(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(page, lab, name: str, moves: int, samples: int) -> dict:
    counter = SocketBytes(page)
    run_all(page, lab, name)
    page.wait_for_selector(".vega-embed svg, .vega-embed canvas", timeout=60_000)
    page.wait_for_timeout(1500)  # let the last charts draw and their frames arrive
    run_bytes = (counter.received, counter.sent)
    times, kernel, dead = [], [], []
    controls = page.evaluate(LIST_CONTROLS)
    moves = max(moves, math.ceil(samples / max(len(controls), 1)))
    for explorer, kind, k in controls:
        for step in range(moves):
            # a slider goes four steps one way, then four back: new values as well as ones already drawn
            ms = time_control(page, explorer, kind, k, (step // 4) % 2 if kind == "slider" else step)
            if ms < 0:
                dead.append((explorer, kind, k))
                break
            times.append(ms)
            # when the new spec reached the page (charts.py's redraw records it), from the control event
            t0, at = page.evaluate("() => [window.__t0, globalThis.__swarmcastSpecAt]")
            if t0 is not None and at is not None and 0 <= at - t0 <= ms:
                kernel.append(at - t0)
    fast, full = page.evaluate("() => [globalThis.__swarmcastFastRedraws || 0, globalThis.__swarmcastFullRedraws || 0]")
    return {"received": run_bytes[0], "sent": run_bytes[1], "times": times, "kernel": kernel, "dead": dead,
            "fast": fast, "full": full, "controls": len(controls), "moves": moves}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=6, help="least moves per control (default 6)")
    ap.add_argument("--samples", type=int, default=40, help="least moves per lesson, spread over its controls (default 40)")
    ap.add_argument("lessons", nargs="*", help="only lessons whose file name contains one of these")
    args = ap.parse_args(argv)
    if CHROMIUM is None:
        print("Debian's chromium is not installed (apt-get install chromium); nothing measured.")
        return 1
    from playwright.sync_api import sync_playwright

    lessons = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
    if args.lessons:
        lessons = [n for n in lessons if any(f in n for f in args.lessons)]
    print(f"{'lesson':34} {'controls':>8} {'moves':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'kern p50':>8} {'kern p95':>8} "
          f"{'ws recv KB':>10} {'ws sent KB':>10} {'in-place':>8} {'load 1m':>7}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp, lab_server(Path(tmp), ROOT / "lessons") as lab, sync_playwright() as p:
        if ENABLED_LOG not in Path(lab["log"]).read_text():
            print("NOTE: the course's server settings are not installed (make test or make start copies "
                  "binder/jupyter_server_config.json into the environment): figures are without swarmcast.labserver.")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in lessons:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                try:
                    r = measure(page, lab, name, args.moves, args.samples)
                finally:
                    page.close()
                    shut_down_kernels(lab)
                t, kern = r["times"], r["kernel"]
                p95 = _pct(t, 0.95)
                worst = max(worst, p95 if t else 0)
                print(
                    f"{Path(name).stem:34} {r['controls']:>8} {len(t):>5} {statistics.median(t) if t else float('nan'):>7.0f} "
                    f"{p95:>7.0f} {max(t) if t else float('nan'):>7.0f} {_pct(kern, 0.5):>8.0f} {_pct(kern, 0.95):>8.0f} "
                    f"{r['received'] / 1024:>10.0f} {r['sent'] / 1024:>10.0f} {r['fast']:>3}/{r['fast'] + r['full']:<4} {os.getloadavg()[0]:>7.2f}"
                    + (f"   no redraw: {r['dead']}" if r["dead"] else ""),
                    flush=True,
                )
        finally:
            browser.close()
    print(f"slowest lesson: p95 {worst:.0f} ms (target: at most 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
