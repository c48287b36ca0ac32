"""Shared test helpers: where things are, and how to run a notebook on a fresh kernel."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
BIN = Path(sys.executable).parent

# nbgrader runs `alembic` from PATH when it creates a gradebook; tests that call nbgrader need the venv's bin.
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
# In class, charts skip Vega-Lite schema validation for speed; in the tests (and in every kernel the tests
# start, which inherits this) each chart drawn is validated, so a chart that would not draw fails a test.
os.environ["SWARMCAST_VALIDATE_CHARTS"] = "1"


def notebooks(folder: Path) -> list[Path]:
    """Every notebook under ``folder``, skipping checkpoints and nbgrader working folders."""
    skip = {".ipynb_checkpoints", "submitted", "autograded", "feedback"}
    return sorted(p for p in folder.rglob("*.ipynb") if not skip & set(p.relative_to(ROOT).parts))


def lesson_notebooks() -> list[Path]:
    return sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def execute_notebook(path: Path, *, cwd: Path | None = None, timeout: int = 120, allow_errors: bool = False):
    """Run a notebook top to bottom on a fresh kernel; return the executed notebook node."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )
    client.execute()
    return nb


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT

