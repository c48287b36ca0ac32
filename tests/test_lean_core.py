"""The lean-core check (tools/lean_core.py, `make lean-test`) flags every difference that matters and only those.

The check itself runs every lesson in two environments (minutes): `make test` runs it after pytest. These tests pin
its comparison logic, on hand-made digests of what cells showed.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import subprocess

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("lean_core", ROOT / "tools" / "lean_core.py")
lean_core = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lean_core)


def _run() -> dict:
    chart = [["VBoxModel", {}], ["JupyterChartModel", {"spec": {"datasets": {"d1": [{"day": 2, "survival": 0.4719}]}}}],
             ["HTMLModel", {"value": "Survival after 2 days: 47%."}]]  # fmt: skip
    cells = [
        {"cell": 1, "text": "N =   1,000: threshold 1/(N ln N) = 0.000145\n", "tables": ["<table>755</table>"], "errors": [], "widgets": []},
        {"cell": 3, "text": "", "tables": [], "errors": [], "widgets": [chart]},
    ]
    return {"06_the_swarm.ipynb": {"cells": cells, "probe": None, "seconds": 1.0}}


def test_identical_runs_pass():
    assert lean_core.compare(_run(), _run()) == ([], [])


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda c: c[0].update(text=c[0]["text"].replace("0.000145", "0.000146")), "printed text differs"),
        (lambda c: c[0].update(tables=["<table>756</table>"]), "displayed tables differ"),
        (lambda c: c[1]["widgets"][0][1][1]["spec"]["datasets"]["d1"][0].update(survival=0.4720), "widgets"),
        (lambda c: c[1]["widgets"][0][2][1].update(value="Survival after 2 days: 48%."), "widgets"),
        (lambda c: c[1].update(errors=["ModuleNotFoundError: No module named 'lifelines'"]), "error in the lean environment"),
        (lambda c: c.pop(), "different code cells"),
    ],
)
def test_a_difference_in_what_a_cell_shows_is_flagged(edit, expected):
    lean = _run()
    edit(lean["06_the_swarm.ipynb"]["cells"])
    problems, _ = lean_core.compare(_run(), lean)
    assert len(problems) == 1 and expected in problems[0], problems


def test_lean_only_notes_are_set_aside_and_nothing_else():
    lean = _run()
    cells = lean["06_the_swarm.ipynb"]["cells"]
    cells[1]["text"] = "Note: vl-convert-python is not installed, so charts load the Vega library from the internet.\n"
    assert lean_core.compare(_run(), lean) == ([], [])
    cells[1]["text"] += "an extra line\n"
    assert lean_core.compare(_run(), lean)[0]
    explorer = copy.deepcopy(_run())
    c = explorer["06_the_swarm.ipynb"]["cells"][1]
    c["text"] = "Note: this explorer pools 2 runs instead of 8, because numba is not installed here (as in the browser)\n"
    c["widgets"] = []  # fewer runs: a different chart, set aside on purpose
    problems, notes = lean_core.compare(_run(), explorer)
    assert problems == [] and len(notes) == 1 and "fewer runs" in notes[0]


def test_the_lean_only_lines_match_what_the_package_prints():
    from swarmcast import charts

    assert any(p.match(charts.NO_VL_CONVERT_NOTE) for p in lean_core.LEAN_ONLY_LINES)
    swarm_src = (ROOT / "src" / "swarmcast" / "lessons" / "l07_the_swarm" / "explorer.py").read_text()
    assert lean_core.EXPLORER_NOTE in swarm_src and re.search(r'f"Note: this explorer pools', swarm_src)


def test_make_test_runs_the_lean_check_and_the_lessons_are_globbed():
    out = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "pytest" in out and "lean-test" in out
    lean = subprocess.run(["make", "-n", "lean-test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "tools/lean_core.py --venv" in lean
    assert set(lean_core.FORBIDDEN) == {"numba", "lifelines", "vl_convert", "bibtexparser", "jupyterlab"}
    assert sorted((ROOT / "lessons").glob(lean_core.LESSON_GLOB)), "no lessons match the glob"
