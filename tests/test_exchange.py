"""The whole JupyterHub round through a real nbgrader exchange, with two students in separate homes.

Runbook part B, steps B1-B10, with the plain nbgrader commands an instructor and students run:
release_assignment, fetch_assignment, submit, collect, autograde, generate_feedback, release_feedback,
fetch_feedback, export. Both students are simulated as this one unix user: nbgrader names a submission after
``CourseDirectory.student_id`` when it is given (``--student``), else after the unix user; each student
gets their own HOME, so their nbgrader cache (which fetch_feedback uses to find their own feedback)
is separate, as on a real hub.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
import synthetic_course as S  # noqa: E402

# The expensive fixture is built once per session (build_once), even where xdist splits this module.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("exchange")]

BIN = Path(sys.executable).parent
COURSE_ID = "swarmcast"
STUDENTS = {"alice": "correct", "bob": "partial"}
# A line only one student writes, to prove nobody receives another student's feedback.
SIGNATURE = "# written by {name}, nobody else"


def _env(home: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # nbgrader runs `alembic` from PATH
    if home is not None:
        env["HOME"] = str(home)
    return env


def _start(args: list[str], *, cwd: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "nbgrader"), *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _wait(*procs: subprocess.Popen) -> list[str]:
    logs = []
    for p in procs:
        out, _ = p.communicate(timeout=300)
        assert p.returncode == 0, f"{' '.join(p.args)} failed:\n{out}"
        logs.append(out)
    return logs


def nbgrader(args, *, cwd, env):
    return _wait(_start(args, cwd=cwd, env=env))[0]


def _build(base: Path) -> None:
    exchange = base / "srv" / "nbgrader" / "exchange"
    exchange.mkdir(parents=True)
    exchange.chmod(0o777)  # as on a hub: every user writes their submissions there
    course = S.write_course(base / "instructor" / "swarmcast", timeout_seconds=10)
    homes = {name: base / "home" / name for name in STUDENTS}
    for h in homes.values():
        h.mkdir(parents=True)
    ex = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={COURSE_ID}"]
    instructor = _env()

    # Instructor: build the student version (runbook B1: `swarmcast release`), then publish it (B2).
    from swarmcast.grading import cli

    assert cli.main(["release", S.ASSIGNMENT, "--course-dir", str(course)]) == cli.EXIT_OK
    nbgrader(["release_assignment", S.ASSIGNMENT, *ex], cwd=course, env=instructor)

    # Students, each in their own home: fetch (B3), answer, submit (B4).
    _wait(*[_start(["fetch_assignment", S.ASSIGNMENT, *ex], cwd=h, env=_env(h)) for h in homes.values()])
    for name, kind in STUDENTS.items():
        path = homes[name] / S.ASSIGNMENT / f"{S.NOTEBOOK}.ipynb"
        nb = S.submission_notebook(nbformat.read(path, as_version=4), kind)
        answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ps1-q2-answer")
        answer.source = SIGNATURE.format(name=name) + "\n" + answer.source
        nbformat.write(nb, path)
    _wait(*[_start(["submit", S.ASSIGNMENT, f"--student={n}", *ex], cwd=homes[n], env=_env(homes[n])) for n in STUDENTS])

    # Instructor: collect (B5), autograde (B6), feedback and its release (B8).
    nbgrader(["collect", S.ASSIGNMENT, *ex], cwd=course, env=instructor)
    nbgrader(["autograde", S.ASSIGNMENT, *ex], cwd=course, env=instructor)
    nbgrader(["generate_feedback", S.ASSIGNMENT, *ex], cwd=course, env=instructor)
    nbgrader(["release_feedback", S.ASSIGNMENT, *ex], cwd=course, env=instructor)

    # Students fetch their feedback (B9).
    _wait(*[_start(["fetch_feedback", S.ASSIGNMENT, f"--student={n}", *ex], cwd=homes[n], env=_env(homes[n]))
            for n in STUDENTS])
    # Instructor: export the gradebook (B10).
    nbgrader(["export", *ex], cwd=course, env=instructor)


@pytest.fixture(scope="module")
def hub(request, tmp_path_factory):
    """The hub after the whole round (built once per session); tests only read it."""
    base = S.build_once(request, tmp_path_factory, "exchange", _build)
    return {
        "course": base / "instructor" / "swarmcast",
        "exchange": base / "srv" / "nbgrader" / "exchange",
        "homes": {name: base / "home" / name for name in STUDENTS},
    }


def test_each_student_works_and_submits_from_their_own_home(hub):
    for name, home in hub["homes"].items():
        nb = (home / S.ASSIGNMENT / f"{S.NOTEBOOK}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in nb and "HIDDEN" not in nb  # the student version
        # nbgrader's per-user cache (under HOME) records this student's submission and no one else's
        cache = home / ".local" / "share" / "jupyter" / "nbgrader_cache" / COURSE_ID
        owners = {p.name.split("+")[0] for p in cache.iterdir()}
        assert owners == {name}
    inbound = {p.name.split("+")[0] for p in (hub["exchange"] / COURSE_ID / "inbound").iterdir()}
    assert inbound == set(STUDENTS)


def test_collect_files_each_submission_under_its_student(hub):
    submitted = hub["course"] / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(STUDENTS)
    for name in STUDENTS:
        text = (submitted / name / S.ASSIGNMENT / f"{S.NOTEBOOK}.ipynb").read_text()
        assert SIGNATURE.format(name=name) in text
        assert (submitted / name / S.ASSIGNMENT / "timestamp.txt").is_file()


def test_autograde_scores_each_student(hub):
    con = sqlite3.connect(hub["course"] / "gradebook.db")
    rows = con.execute(
        "SELECT sa.student_id, bc.name, g.auto_score FROM grade g "
        "JOIN submitted_notebook sn ON g.notebook_id = sn.id JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
        "JOIN base_cell bc ON g.cell_id = bc.id WHERE bc.name LIKE '%tests'"
    ).fetchall()
    con.close()
    got = {(s, c): a for s, c, a in rows}
    for name, kind in STUDENTS.items():
        for cell, score in S.EXPECTED_SCORES[kind].items():
            assert got[(name, cell)] == score, (name, cell)


def _fetched_feedback(home: Path) -> list[Path]:
    return sorted((home / S.ASSIGNMENT / "feedback").rglob("*.html"))


def test_each_student_receives_only_their_own_feedback(hub):
    for name in STUDENTS:
        pages = _fetched_feedback(hub["homes"][name])
        assert len(pages) == 1, pages
        text = pages[0].read_text()
        assert SIGNATURE.format(name=name) in text
        for other in STUDENTS:
            if other != name:
                assert SIGNATURE.format(name=other) not in text
    # both pages went through the exchange, one per student
    assert len(list((hub["exchange"] / COURSE_ID / "feedback").glob("*.html"))) == len(STUDENTS)


def test_fetched_feedback_shows_the_score_but_no_hidden_test(hub):
    alice = _fetched_feedback(hub["homes"]["alice"])[0].read_text()
    bob = _fetched_feedback(hub["homes"]["bob"])[0].read_text()
    assert "2.0 / 2.0" in alice
    assert "0.0 / 2.0" in bob
    for page in (alice, bob):
        for marker in S.HIDDEN_MARKERS + ("BEGIN HIDDEN TESTS",):
            assert marker not in page  # plain `nbgrader generate_feedback` with the course config scrubs too
    assert "A hidden test of this question failed" in bob


def test_export_writes_every_students_total(hub):
    import csv

    with open(hub["course"] / "grades.csv", newline="") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert set(rows) == set(STUDENTS)
    for name, kind in STUDENTS.items():
        assert rows[name]["assignment"] == S.ASSIGNMENT
        assert float(rows[name]["raw_score"]) == sum(S.EXPECTED_SCORES[kind].values())
        assert float(rows[name]["max_score"]) == sum(S.POINTS.values())
