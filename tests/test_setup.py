"""The two README commands and Binder set up the course as promised."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT


def _make_dry_run(target: str) -> str:
    return subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_make_start_opens_lesson_00_and_handles_root():
    out = _make_dry_run("start")
    assert re.search(r"jupyter lab .*lessons/00_start_here\.ipynb", out), out
    assert ("--allow-root" in out) == (os.geteuid() == 0), "make start must pass --allow-root exactly when run as root"


def test_make_test_installs_extras_and_runs_pytest():
    text = (ROOT / "Makefile").read_text()
    assert "pip install --quiet -e '.[instructor,test]'" in text
    assert re.search(r"^test:.*\n\t\$\(BIN\)/python -m pytest", text, re.M)
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_students_do_not_need_nbgrader():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("nbgrader") for d in meta["dependencies"])
    assert any(d.startswith("nbgrader") for d in meta["optional-dependencies"]["instructor"])
    assert meta["requires-python"] == ">=3.11"


def test_nbgrader_config_uses_course_folders():
    text = (ROOT / "nbgrader_config.py").read_text()
    for setting in ('source_directory = "solutions"', 'release_directory = "exercises"', "add_missing_cells = True", "course_id", "timeout"):
        assert setting in text, setting
    ignored = (ROOT / ".gitignore").read_text()
    for name in ("gradebook.db", "submitted/", "autograded/", "feedback/", ".nbgrader.log"):
        assert name in ignored, name


@pytest.mark.slow
def test_binder_pins_python_and_installs_the_course():
    r2d = shutil.which("jupyter-repo2docker") or str(ROOT / ".venv" / "bin" / "jupyter-repo2docker")
    out = subprocess.run([r2d, "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=120)
    dockerfile = out.stdout + out.stderr
    assert "python=3.12" in dockerfile, "Binder must pin Python 3.12 (repo2docker's default 3.10 cannot install the stack)"
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    reqs = [l.strip() for l in (ROOT / "binder" / "requirements.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert reqs == ["."], "binder/requirements.txt must install the course itself"
    assert "./binder/postBuild" in dockerfile


def test_readme_tells_each_person_where_to_begin():
    text = (ROOT / "README.md").read_text()
    for needle in ("make start", "make test", "mybinder.org", "labpath=", "Students", "Instructors", "Self-learners", "pip install"):
        assert needle in text, needle
