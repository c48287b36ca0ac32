"""The lean core: every lesson runs without numba, lifelines, vl-convert, bibtexparser or jupyterlab, same numbers.

Why: JupyterLite runs the course in the browser (Pyodide), where none of those can be installed (issue 14). This
proves, on this machine, that the course's own code needs none of them and gives the same results without them.

    python tools/lean_core.py                      make .venv-lean, check it, run every lesson in both environments
    python tools/lean_core.py run --out FILE.json  run the lessons with this interpreter and write what they showed

The check (what ``make lean-test`` runs):
1. a second virtual environment (``--venv``, default .venv-lean) gets ``pip install -e .`` with no extras, plus
   nbclient and ipykernel to run notebooks, constrained to the versions of the full environment (.venv), so that
   the only difference is what is missing;
2. none of numba, lifelines, vl_convert, bibtexparser, jupyterlab is importable there (else exit 1);
3. every lesson (lessons/[0-9][0-9]_*.ipynb) runs top to bottom in both environments, in parallel; each kernel
   reports the interpreter it ran in and which of those five modules it could import;
4. cell by cell, the printed text, the displayed tables, and every widget the cell shows (chart specs with their
   data, captions, explorer summaries) must be equal. Lines that say why the lean run differs on purpose (the
   charts-need-the-internet note, an explorer that pools fewer runs without numba) are set aside, and so is the rest
   of a cell that printed such an explorer note (its runs are fewer by design; tests/test_models_aggregates.py and
   tests/test_lesson_07_the_swarm.py prove the runs themselves identical).
Exit status 0 when all of this holds, 1 otherwise, with every difference listed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
FORBIDDEN = ("numba", "lifelines", "vl_convert", "bibtexparser", "jupyterlab")
# Runner needs in the lean venv: nothing from the course's extras.
RUNNER_PACKAGES = ("nbclient", "nbformat", "ipykernel")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# What a widget shows: these state keys are compared, the rest (layout, ids, the vega bundle) is not.
SHOWN_KEYS = ("value", "spec", "description", "options", "_options_labels", "index", "min", "max", "step", "placeholder")
EXPLORER_NOTE = "because numba is not installed here"
# Lines printed on purpose only where an optional package is missing.
LEAN_ONLY_LINES = (re.compile(r"^Note: vl-convert-python is not installed"), re.compile(r"^Note: this explorer pools"))


# ------------------------------------------------------------------------------------------------ running lessons


def _probe_source() -> str:
    names = ", ".join(repr(n) for n in FORBIDDEN)
    return (
        "import importlib.util as _u, json as _j, sys as _s\n"
        f"print('__lean_probe__' + _j.dumps({{'executable': _s.executable, 'importable': "
        f"[n for n in ({names},) if _u.find_spec(n) is not None]}}))"
    )


def _widget_views(outputs) -> list[str]:
    return [o["data"][WIDGET_VIEW]["model_id"] for o in outputs if o.get("output_type") in ("display_data", "execute_result") and WIDGET_VIEW in o.get("data", {})]


def _shown(model_id: str, state: dict, seen: set) -> list:
    """What a widget and its children show, depth first (children named IPY_MODEL_<id>)."""
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    model = state[model_id]
    s = model.get("state", {})
    out = [[model.get("model_name"), {k: s[k] for k in SHOWN_KEYS if k in s}]]
    for child in s.get("children", []) or []:
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            out += _shown(child[len("IPY_MODEL_"):], state, seen)
    return out


def _digest_notebook(nb) -> dict:
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    cells, probe = [], None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        texts, tables, errors, widgets = [], [], [], []
        for o in cell.get("outputs", []):
            kind = o.get("output_type")
            if kind == "stream":
                texts.append(o.get("text", ""))
            elif kind == "error":
                errors.append(f"{o.get('ename')}: {o.get('evalue')}")
            elif kind in ("display_data", "execute_result") and WIDGET_VIEW not in o.get("data", {}):
                data = o.get("data", {})
                tables.append(data.get("text/html") or data.get("text/plain", ""))
        for model_id in _widget_views(cell.get("outputs", [])):
            widgets.append(_shown(model_id, state, set()))
        text = "".join(texts)
        if "__lean_probe__" in text:
            probe = json.loads(text.split("__lean_probe__", 1)[1])
            continue
        cells.append({"cell": index, "text": text, "tables": tables, "errors": errors, "widgets": widgets})
    return {"cells": cells, "probe": probe}


def run_lessons(lessons: list[Path], timeout: int) -> dict:
    """Execute each lesson with this interpreter's ipykernel; what every code cell showed, and the kernel's probe."""
    import nbformat
    from jupyter_client.kernelspec import NATIVE_KERNEL_NAME
    from nbclient import NotebookClient

    results = {}
    for path in lessons:
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(_probe_source()))
        start = time.perf_counter()
        client = NotebookClient(nb, timeout=timeout, kernel_name=NATIVE_KERNEL_NAME, allow_errors=True,
                                store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})  # fmt: skip
        client.execute()
        results[path.name] = {**_digest_notebook(nb), "seconds": round(time.perf_counter() - start, 2)}
    return results


# ------------------------------------------------------------------------------------------------ comparing


def _without_lean_lines(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not any(p.match(line) for p in LEAN_ONLY_LINES))


def compare(full: dict, lean: dict) -> tuple[list[str], list[str]]:
    """Differences between the two runs (problems), and the cells set aside on purpose (notes)."""
    problems, notes = [], []
    for name in sorted(set(full) | set(lean)):
        if name not in full or name not in lean:
            problems.append(f"{name}: ran in only one environment")
            continue
        a, b = full[name]["cells"], lean[name]["cells"]
        if [c["cell"] for c in a] != [c["cell"] for c in b]:
            problems.append(f"{name}: different code cells")
            continue
        for ca, cb in zip(a, b):
            where = f"{name} cell {ca['cell']}"
            for env, c in (("full", ca), ("lean", cb)):
                if c["errors"]:
                    problems.append(f"{where}: error in the {env} environment: {c['errors'][0]}")
            if EXPLORER_NOTE in cb["text"]:
                notes.append(f"{where}: explorer pools fewer runs without numba (set aside by design)")
                continue
            if _without_lean_lines(ca["text"]) != _without_lean_lines(cb["text"]):
                problems.append(f"{where}: printed text differs:\n  full: {ca['text'][:300]!r}\n  lean: {cb['text'][:300]!r}")
            if ca["tables"] != cb["tables"]:
                problems.append(f"{where}: displayed tables differ")
            if ca["widgets"] != cb["widgets"]:
                problems.append(f"{where}: widgets (charts, captions, explorers) differ{_first_widget_difference(ca['widgets'], cb['widgets'])}")
    return problems, notes


def _first_widget_difference(a, b) -> str:
    fa, fb = json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True)
    i = next((k for k, (x, y) in enumerate(zip(fa, fb)) if x != y), min(len(fa), len(fb)))
    return f" at ...{fa[max(0, i - 80):i + 80]!r} vs ...{fb[max(0, i - 80):i + 80]!r}"


# ------------------------------------------------------------------------------------------------ the lean venv


def _python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def make_lean_venv(venv: Path) -> Path:
    """Create (or reuse, while pyproject.toml and the full environment are unchanged) the lean environment."""
    freeze = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    constraints = "".join(line + "\n" for line in freeze.splitlines() if "==" in line and not line.startswith("-"))
    key = hashlib.sha256(((ROOT / "pyproject.toml").read_text() + constraints).encode()).hexdigest()[:16]
    stamp = venv / ".lean-stamp"
    py = _python(venv)
    if py.exists() and stamp.is_file() and stamp.read_text() == key:
        return py
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    (venv / "constraints.txt").write_text(constraints)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "-c", str(venv / "constraints.txt"), "-e", str(ROOT),
                    *RUNNER_PACKAGES], check=True)  # fmt: skip
    stamp.write_text(key)
    return py


def importable(py: Path, names=FORBIDDEN) -> list[str]:
    code = f"import importlib.util as u; print(' '.join(n for n in {tuple(names)!r} if u.find_spec(n) is not None))"
    return subprocess.run([str(py), "-c", code], capture_output=True, text=True, check=True).stdout.split()


def check(venv: Path, timeout: int) -> int:
    t0 = time.perf_counter()
    venv = venv if venv.is_absolute() else ROOT / venv
    py = make_lean_venv(venv)
    t_venv = time.perf_counter() - t0
    present = importable(py)
    if present:
        print(f"lean-core: {', '.join(present)} importable in {venv}: the lean environment is not lean", file=sys.stderr)
        return 1
    missing_in_full = importable(Path(sys.executable))
    lessons = sorted((ROOT / "lessons").glob(LESSON_GLOB))
    if not lessons:
        print("lean-core: no lessons found (lessons/[0-9][0-9]_*.ipynb)", file=sys.stderr)
        return 1
    out_dir = venv / "runs"
    out_dir.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("SWARMCAST_NUMBA", "SWARMCAST_CHART_ESM", "VIRTUAL_ENV")}
    t1 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        jobs = {
            label: pool.submit(subprocess.run, [str(interp), __file__, "run", "--out", str(out_dir / f"{label}.json"),
                                                "--timeout", str(timeout)], env=env, capture_output=True, text=True)  # fmt: skip
            for label, interp in (("full", Path(sys.executable)), ("lean", py))
        }
        done = {label: job.result() for label, job in jobs.items()}
    t_run = time.perf_counter() - t1
    for label, proc in done.items():
        if proc.returncode != 0:
            print(f"lean-core: running the lessons in the {label} environment failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
            return 1
    full = json.loads((out_dir / "full.json").read_text())
    lean = json.loads((out_dir / "lean.json").read_text())
    problems, notes = compare(full, lean)
    for name, result in lean.items():
        probe = result["probe"] or {}
        if Path(probe.get("executable", "")).resolve().parent != py.resolve().parent or probe.get("importable"):
            problems.append(f"{name}: the lean kernel was not lean: {probe}")
    for name, result in full.items():
        if (result["probe"] or {}).get("importable") != missing_in_full:
            problems.append(f"{name}: the full kernel did not run in the full environment: {result['probe']}")
    print(f"lean-core: {len(lessons)} lessons, {sum(len(r['cells']) for r in lean.values())} code cells compared; "
          f"lean venv {t_venv:.0f} s, lessons (both environments in parallel) {t_run:.0f} s")  # fmt: skip
    for name in sorted(lean):
        print(f"  {name:<40} full {full[name]['seconds']:6.1f} s   lean {lean[name]['seconds']:6.1f} s")
    for n in notes:
        print(f"  note: {n}")
    if problems:
        print(f"lean-core: {len(problems)} difference(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("lean-core: OK: same text, tables, charts and captions with none of " + ", ".join(FORBIDDEN))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=Path(".venv-lean"), help="the lean environment (default .venv-lean)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the lessons with this interpreter and write what they showed")
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--timeout", type=int, default=300)
    run.add_argument("lessons", nargs="*", type=Path, help="default: every lessons/[0-9][0-9]_*.ipynb")
    args = parser.parse_args(argv)
    if args.command == "run":
        lessons = args.lessons or sorted((ROOT / "lessons").glob(LESSON_GLOB))
        args.out.write_text(json.dumps(run_lessons([p.resolve() for p in lessons], args.timeout)))
        return 0
    return check(args.venv, args.timeout)


if __name__ == "__main__":
    raise SystemExit(main())
