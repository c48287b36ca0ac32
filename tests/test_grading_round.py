"""The instructor's whole grading round on a practice class, in a git repository of the course.

Runbook Part A from `swarmcast practice` to the export, on a01 with real nbgrader: the practice class
(release, practice, grade with 2 workers, flag, feedback) is the fixture of tests/test_practice.py, built
once per run; here a copy of it is put under git as a course clone is (the course's own files committed,
its .gitignore in place), and the rest of the round runs: report, flag with a CSV, export (refused, then
with --allow-incomplete, then the Canvas layout), plain `nbgrader export`, a roster import. Then:
`git status` must list no file, i.e. every file with student data is git-ignored; no submission that
failed or waits for a manual grade is exported as a score; feedback names the student with no page.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
import synthetic_course as S  # noqa: E402
import test_practice as P  # noqa: E402  (its fixture builds the graded practice class)

from swarmcast.grading import cli  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
A = P.A
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"]


def _git(root: Path, *args) -> str:
    return subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def _round(folder: Path, practice_folder: Path) -> None:
    root = folder / "course"
    shutil.copytree(practice_folder / "course", root, symlinks=True)
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    _git(root, "init", "-q")
    _git(root, "add", ".gitignore", "nbgrader_config.py", "solutions", "exercises")  # what a clone holds
    _git(root, "commit", "-q", "-m", "the course")
    d = ["--course-dir", root]
    roster = root / "reports" / "roster.csv"
    roster.write_text("id,first_name,last_name,email\nlate-student,Lou,Late,lou@example.invalid\n", encoding="utf-8")
    steps = {}
    for name, args in (
        ("roster", ["roster", "import", roster]),
        ("report", ["report", A]),
        ("flag", ["flag", A, "--csv", root / "reports" / "flags.csv"]),
        ("export_refused", ["export"]),
        ("export", ["export", "--allow-incomplete"]),
        ("export_canvas", ["export", "--allow-incomplete", "--format", "canvas"]),
        ("feedback", ["feedback", A]),
    ):
        code, out, err = P.run(*args, *d)
        steps[name] = {"code": code, "out": out, "err": err}
    # plain nbgrader, as instructors used it before (it writes grades.csv into the course folder)
    out = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "export"], cwd=root, capture_output=True,
                         text=True, timeout=300)
    steps["nbgrader_export"] = {"code": out.returncode, "out": out.stdout, "err": out.stderr}
    steps["status"] = _git(root, "status", "--porcelain", "--untracked-files=all")
    steps["ignored"] = _git(root, "status", "--porcelain", "--ignored", "--untracked-files=all")
    (folder / "steps.json").write_text(json.dumps(steps))


@pytest.fixture(scope="module")
def graded_round(request, tmp_path_factory):
    practice_folder = S.build_once(request, tmp_path_factory, "practice-a01", P._build)
    folder = S.build_once(request, tmp_path_factory, "round-a01", lambda f: _round(f, practice_folder))
    return folder / "course", json.loads((folder / "steps.json").read_text())


@pytest.fixture(scope="module")
def kinds(request, tmp_path_factory):
    practice_folder = S.build_once(request, tmp_path_factory, "practice-a01", P._build)
    steps = json.loads((practice_folder / "steps.json").read_text())
    return {s: k for s, (k, _) in P._plan(steps).items()}


@pytest.mark.slow
def test_no_file_with_student_data_is_left_for_git(graded_round):
    root, steps = graded_round
    assert steps["status"] == "", steps["status"]
    ignored = steps["ignored"]
    # the round did write student data, and all of it is ignored
    for path in ("gradebook.db", "reports/grades.csv", "reports/grades-canvas.csv", "reports/flags.csv",
                 f"reports/{A}/similarity.html", f"reports/{A}/report.html", "grades.csv", f".swarmcast/grade-{A}.log"):
        assert (root / path).is_file(), path
        assert f"!! {path}" in ignored or any(f"!! {p}" in ignored for p in _parents(path)), path
    assert list((root / "feedback").glob(f"practice-*/{A}/*.html")) and "!! feedback/" in ignored
    assert "!! submitted/" in ignored and "!! autograded/" in ignored


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]


@pytest.mark.slow
def test_a_failed_submission_is_never_exported_as_a_score(graded_round, kinds):
    root, steps = graded_round
    broken = next(s for s, k in kinds.items() if k == "invalid_json")
    refused = steps["export_refused"]
    assert refused["code"] == cli.EXIT_INCOMPLETE
    assert "Nothing was written" in refused["err"] and "--allow-incomplete" in refused["err"]
    assert f"{broken}" in refused["err"] and "not valid JSON" in refused["err"]
    assert "needs manual grading" in refused["err"]  # a01's written answers are not graded yet
    rows = list(csv.DictReader((root / "reports" / "grades.csv").open(encoding="utf-8")))
    by_student = {r["student_id"]: r for r in rows}
    assert by_student[broken]["score"] == "" and by_student[broken]["status"].startswith("failed: the notebook file is not valid JSON")
    for s, k in kinds.items():
        r = by_student[s]
        assert r["status"] != "graded" or r["score"] != "", s
        if r["status"].startswith("needs manual grading"):
            assert r["score"] == "" and re.search(r"a01-q[67]-", r["status"]), s
    assert by_student["late-student"]["status"] == "no submission" and by_student["late-student"]["score"] == ""
    # names: the practice class has a roster, the imported student too
    assert by_student[broken]["last_name"] == "Practice" and by_student[broken]["first_name"]
    assert by_student["late-student"]["first_name"] == "Lou"
    # plain nbgrader export still writes 0.0 for the broken upload: that is why the runbook uses swarmcast export
    plain = {r["student_id"]: r for r in csv.DictReader((root / "grades.csv").open(encoding="utf-8"))}
    assert plain[broken]["score"] in ("0.0", "0")


@pytest.mark.slow
def test_the_canvas_export_is_keyed_by_student_id_with_empty_cells_where_not_final(graded_round, kinds):
    root, steps = graded_round
    assert steps["export_canvas"]["code"] == cli.EXIT_OK
    rows = list(csv.reader((root / "reports" / "grades-canvas.csv").open(encoding="utf-8")))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", A]
    assert rows[1][0] == "Points Possible" and float(rows[1][5]) == 16.0
    ids = [r[2] for r in rows[2:]]
    assert sorted(ids) == sorted([*kinds, "late-student"]) and len(set(ids)) == len(ids)
    broken = next(s for s, k in kinds.items() if k == "invalid_json")
    line = next(r for r in rows[2:] if r[2] == broken)
    assert line[5] == "" and line[0].startswith("Practice, ")


@pytest.mark.slow
def test_feedback_names_every_student_without_a_page(graded_round, kinds):
    _, steps = graded_round
    out = steps["feedback"]["out"]
    broken = next(s for s, k in kinds.items() if k == "invalid_json")
    assert "7 students written" in out and "2 students got no page" in out
    assert f"  {broken}: could not be graded (the notebook file is not valid JSON" in out
    assert f"swarmcast grade {A} --student {broken}" in out
    assert "  late-student: no submission" in out


@pytest.mark.slow
def test_flag_marks_the_flagged_notebooks_in_formgrader_and_lists_copies_of_the_solution(graded_round, kinds):
    root, steps = graded_round
    out = steps["flag"]["out"]
    assert steps["flag"]["code"] == cli.EXIT_FLAGGED
    solutions = sorted(s for s, k in kinds.items() if k in ("solution", "endless_loop"))
    for s in solutions:  # answers copied from solutions/ are found as copies of the published solution
        assert f"  {s} ~ (published solution)" in out, s
    con = sqlite3.connect(root / "gradebook.db")
    flagged = {r[0] for r in con.execute(
        "SELECT sa.student_id FROM submitted_notebook sn JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
        "WHERE sn.flagged = 1")}
    con.close()
    edited = next(s for s, k in kinds.items() if k == "edited_test")
    assert edited in flagged and set(solutions) <= flagged
    blank = [s for s, k in kinds.items() if k == "blank"]
    assert blank and not set(blank) & flagged  # the untouched release is boilerplate, never "similar"
    assert (root / "reports" / A / "similarity.html").read_text(encoding="utf-8").count("<mark>") > 0
