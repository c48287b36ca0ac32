"""Parallel grading leaves exactly the gradebook serial grading leaves: same scores, no grade lost.

Two copies of one released course get the same 40 synthetic submissions (a one-question assignment to
keep this quick); one is graded with one process, the other with two workers. Everything nbgrader
records per submission is then compared, read straight from the two SQLite files.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
import synthetic_course as S  # noqa: E402

# The expensive fixture is built once per session (build_once), even where xdist splits this module.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading-parallel")]

N_SUBMISSIONS = 40
KINDS = ("correct", "partial", "blank", "correct", "edited_test", "deleted_test", "partial", "correct")
BROKEN = {"s013": "invalid_json", "s027": "kernel_killer", "s034": "infinite_loop"}


def _class() -> dict[str, str]:
    students = S.class_of(N_SUBMISSIONS, kinds=KINDS)
    students.update(BROKEN)
    return students


def _gradebook(db: Path) -> dict[str, object]:
    """Everything per submission, keyed by names (never by nbgrader's random row ids)."""
    con = sqlite3.connect(db)
    grades = con.execute(
        "SELECT sa.student_id, n.name, bc.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade "
        "FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id "
        "JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN notebook n ON sn.notebook_id = n.id "
        "JOIN base_cell bc ON g.cell_id = bc.id"
    ).fetchall()
    comments = con.execute(
        "SELECT sa.student_id, n.name, bc.name, c.auto_comment, c.manual_comment "
        "FROM comment c JOIN submitted_notebook sn ON c.notebook_id = sn.id "
        "JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN notebook n ON sn.notebook_id = n.id "
        "JOIN base_cell bc ON c.cell_id = bc.id"
    ).fetchall()
    submissions = con.execute(
        "SELECT sa.student_id, a.name, sa.timestamp, sa.extension FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id"
    ).fetchall()
    notebooks = con.execute(
        "SELECT sa.student_id, n.name, sn.flagged, sn.late_submission_penalty FROM submitted_notebook sn "
        "JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN notebook n ON sn.notebook_id = n.id"
    ).fetchall()
    students = con.execute("SELECT * FROM student").fetchall()
    con.close()
    return {"grades": sorted(grades, key=repr), "comments": sorted(comments, key=repr),
            "submissions": sorted(submissions, key=repr), "notebooks": sorted(notebooks, key=repr),
            "students": sorted(students, key=repr)}


def _build(base: Path) -> None:
    from swarmcast.grading import parallel, runner
    from swarmcast.grading.course import open_course

    serial_root = S.write_course(base / "serial", n_questions=1, timeout_seconds=5)
    _, cfg = open_course(course_dir=serial_root)
    assert runner.generate_assignment(config=cfg, assignment=S.ASSIGNMENT).success
    S.write_submissions(serial_root, _class())
    parallel_root = shutil.copytree(serial_root, base / "parallel")  # same release, same empty gradebook
    serial = parallel.autograde(course_dir=serial_root, assignment=S.ASSIGNMENT, workers=1)
    par = parallel.autograde(course_dir=parallel_root, assignment=S.ASSIGNMENT, workers=2)
    parallel.save_run(run=serial, path=base / "serial.json")
    parallel.save_run(run=par, path=base / "parallel.json")


@pytest.fixture(scope="module")
def two_runs(request, tmp_path_factory):
    from swarmcast.grading import parallel

    base = S.build_once(request, tmp_path_factory, "grading-parallel", _build)
    serial = parallel.load_run(path=base / "serial.json")
    par = parallel.load_run(path=base / "parallel.json")
    return base / "serial", serial, base / "parallel", par


def test_parallel_and_serial_grading_leave_identical_gradebooks(two_runs):
    serial_root, serial, parallel_root, par = two_runs
    assert par.workers == 2 and serial.workers == 1
    a, b = _gradebook(serial_root / "gradebook.db"), _gradebook(parallel_root / "gradebook.db")
    for table in a:
        assert a[table] == b[table], table


def test_no_grade_is_lost(two_runs):
    serial_root, serial, parallel_root, par = two_runs
    students = set(_class())
    for root in (serial_root, parallel_root):
        book = _gradebook(root / "gradebook.db")
        assert {s for s, *_ in book["submissions"]} == students
        assert len(book["grades"]) == N_SUBMISSIONS  # one grade cell per submission
        scored = {s for s, _, _, auto, *_ in book["grades"] if auto is not None}
        assert scored == students - {"s013", "s027"}  # only the two broken ones lack a score
    graded_dirs = {p.name for p in (parallel_root / "autograded").iterdir()}
    assert graded_dirs == students - {"s013", "s027"}


def test_parallel_and_serial_runs_report_the_same_outcomes(two_runs):
    _, serial, _, par = two_runs
    strip = lambda run: [(r.student, r.status, r.reason, r.notes) for r in run.results]  # noqa: E731
    assert strip(serial) == strip(par)
    assert {r.student for r in par.failed} == {"s013", "s027"}
    loop = next(r for r in par.results if r.student == "s034")
    assert loop.status == "graded" and loop.notes


def test_scores_match_the_kind_of_each_submission(two_runs):
    _, _, parallel_root, _ = two_runs
    grades = {s: auto for s, _, _, auto, *_ in _gradebook(parallel_root / "gradebook.db")["grades"]}
    expected = {"correct": 2.0, "partial": 0.0, "blank": 0.0, "edited_test": 0.0, "deleted_test": 2.0, "infinite_loop": 0.0}
    for student, kind in _class().items():
        if kind in expected:
            assert grades[student] == expected[kind], (student, kind)
