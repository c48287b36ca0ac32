"""Every notebook runs top to bottom on a fresh kernel: lessons and solutions without error,
released exercises with no error but NotImplementedError (the stubs a student fills in)."""

from __future__ import annotations

import shutil

import pytest

from conftest import EXERCISES, LESSONS, ROOT, SOLUTIONS, execute_notebook, ids, notebooks

LESSON_NBS = notebooks(LESSONS)
SOLUTION_NBS = notebooks(SOLUTIONS)
EXERCISE_NBS = notebooks(EXERCISES)


def test_there_are_notebooks_to_run():
    assert (LESSONS / "00_start_here.ipynb").is_file(), "lesson 00 is missing"
    assert LESSON_NBS, "no lesson notebooks found"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSON_NBS, ids=ids(LESSON_NBS))
def test_lesson_runs_top_to_bottom(path):
    execute_notebook(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTION_NBS, ids=ids(SOLUTION_NBS))
def test_solution_runs_top_to_bottom(path, tmp_path):
    # run in a copy of the assignment folder so nothing is written into solutions/
    work = tmp_path / path.parent.name
    shutil.copytree(path.parent, work)
    execute_notebook(work / path.name, cwd=work)


@pytest.mark.slow
@pytest.mark.parametrize("path", EXERCISE_NBS, ids=ids(EXERCISE_NBS))
def test_exercise_raises_only_not_implemented(path, tmp_path):
    work = tmp_path / path.parent.name
    shutil.copytree(path.parent, work)
    nb = execute_notebook(work / path.name, cwd=work, allow_errors=True)
    errors = [
        (i, o.get("ename"), o.get("evalue"))
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert errors, f"{path.relative_to(ROOT)}: the blank exercise ran without any NotImplementedError"
    other = [e for e in errors if e[1] != "NotImplementedError"]
    assert not other, f"{path.relative_to(ROOT)}: errors other than NotImplementedError in cells: {other}"
