"""Grading a class with real nbgrader: every kind of submission, the report, scrubbed feedback, flags.

One fixture releases a 3-question synthetic assignment, grades eleven kinds of submission once
(serially, in-process) and writes feedback; the tests only read what it left behind (a test that
changes things works on a copy).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
import synthetic_course as S  # noqa: E402

# The expensive fixture is built once per session (build_once), even where xdist splits this module.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading-kinds")]


def _build(folder: Path) -> None:
    from swarmcast.grading import feedback, parallel, runner
    from swarmcast.grading.course import open_course

    root = S.write_course(folder / "course", timeout_seconds=5)
    course, cfg = open_course(course_dir=root)
    step = runner.generate_assignment(config=cfg, assignment=S.ASSIGNMENT)
    assert step.success, step.log
    S.write_submissions(root, {kind: kind for kind in S.KINDS})
    seen = []
    run = parallel.autograde(course_dir=root, assignment=S.ASSIGNMENT, workers=1, on_result=seen.append)
    parallel.save_run(run=run, path=folder / "run.json")
    (folder / "seen.json").write_text(json.dumps([r.student for r in seen]))
    fb = feedback.generate_feedback(course_dir=root, assignment=S.ASSIGNMENT)
    (folder / "feedback.json").write_text(json.dumps([dataclasses.asdict(r) for r in fb.results]))


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory):
    """The course after release, grading of every kind of submission, and feedback (built once)."""
    from swarmcast.grading import parallel

    folder = S.build_once(request, tmp_path_factory, "grading-kinds", _build)
    run = parallel.load_run(path=folder / "run.json")
    seen = json.loads((folder / "seen.json").read_text())
    fb = json.loads((folder / "feedback.json").read_text())
    return folder / "course", run, seen, fb


def _grades(root: Path) -> dict[tuple[str, str], float | None]:
    con = sqlite3.connect(root / "gradebook.db")
    rows = con.execute(
        "SELECT sa.student_id, bc.name, g.auto_score FROM grade g "
        "JOIN submitted_notebook sn ON g.notebook_id = sn.id JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
        "JOIN base_cell bc ON g.cell_id = bc.id"
    ).fetchall()
    con.close()
    return {(s, c): a for s, c, a in rows}


def test_each_kind_of_submission_gets_the_expected_autograded_scores(graded):
    root, run, _, _ = graded
    grades = _grades(root)
    for kind, expected in S.EXPECTED_SCORES.items():
        got = {q: grades[(kind, q)] for q in expected}
        assert got == expected, kind


def test_broken_submissions_are_reported_and_skipped_while_the_others_are_graded(graded):
    root, run, seen, _ = graded
    assert {r.student for r in run.failed} == S.FAILING_KINDS
    assert {r.student for r in run.graded} == set(S.KINDS) - S.FAILING_KINDS
    reasons = {r.student: r.reason for r in run.failed}
    assert "not valid JSON" in reasons["invalid_json"]
    assert "kernel died" in reasons["kernel_killer"]
    # every submission was reported as it finished (the progress bar's feed)
    assert sorted(seen) == sorted(S.KINDS)
    # a student graded after the broken ones still has scores
    assert _grades(root)[("reads_gradebook", "ps1-q2-tests")] == 1.0


def test_an_endless_loop_is_stopped_scored_and_noted(graded):
    _, run, _, _ = graded
    loop = next(r for r in run.results if r.student == "infinite_loop")
    assert loop.status == "graded"
    assert any("timeout in ps1-q1-tests" in n for n in loop.notes)
    assert all(not r.notes for r in run.results if r.student != "infinite_loop")


def test_the_grade_report_has_totals_question_statistics_and_failures(graded, tmp_path):
    from swarmcast.grading.report import write_report

    root, run, _, _ = graded
    files = write_report(course_dir=root, assignment=S.ASSIGNMENT, run=run, out_dir=tmp_path)
    students = pd.read_csv(files.students_csv).set_index("student")
    assert set(students.index) == set(S.KINDS)
    assert students.loc["correct", "score"] == 3.0 and students.loc["correct", "max_score"] == 5.0
    assert students.loc["correct", "waiting_manual"] == 1  # the written answer waits for formgrader
    assert students.loc["kernel_killer", "status"] == "failed"
    assert "kernel died" in students.loc["kernel_killer", "reason"]
    questions = pd.read_csv(files.questions_csv).set_index("question")
    assert list(questions.index) == list(S.POINTS)  # in notebook order
    graded_kinds = set(S.EXPECTED_SCORES)
    q1 = [S.EXPECTED_SCORES[k]["ps1-q1-tests"] for k in graded_kinds]
    assert questions.loc["ps1-q1-tests", "difficulty"] == pytest.approx(sum(q1) / len(q1) / 2)
    assert questions.loc["ps1-q1-tests", "n_scored"] == len(graded_kinds)
    assert questions.loc["ps1-q3-written", "reading"].startswith("waiting for")


def test_the_report_page_works_offline_and_describes_its_charts(graded, tmp_path):
    from swarmcast.grading.report import write_report

    root, run, _, _ = graded
    page = write_report(course_dir=root, assignment=S.ASSIGNMENT, run=run, out_dir=tmp_path).html.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page), "the page must not load scripts from anywhere"
    assert "cdn.jsdelivr" not in page
    assert page.count("vegaEmbed(\"#chart") == 3
    for title in ("Score distribution", "Per-question difficulty", "Per-question discrimination"):
        assert f'aria-label="{title}: ' in page
    assert page.count("<figcaption>") == 3
    assert "kernel_killer" in page and "not valid JSON" in page  # failures listed


def test_feedback_pages_never_show_hidden_tests(graded):
    root, _, _, fb = graded
    assert {r["student"] for r in fb} == set(S.KINDS) - S.FAILING_KINDS
    assert all(r["status"] == "written" for r in fb), fb
    for r in fb:
        page = Path(r["files"][0]).read_text(encoding="utf-8")
        for marker in S.HIDDEN_MARKERS + ("BEGIN HIDDEN TESTS",):
            assert marker not in page, (r["student"], marker)
    partial = (root / "feedback" / "partial" / S.ASSIGNMENT / f"{S.NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "A hidden test of this question failed" in partial
    assert "38 posts in one day is 38 posts per day" in partial  # visible tests stay visible


def test_a_feedback_page_that_still_leaks_is_withheld(graded, monkeypatch, tmp_path):
    from swarmcast.grading import feedback

    root = shutil.copytree(graded[0], tmp_path / "course")  # this test deletes a page: work on a copy

    def plain_nbgrader(cfg):  # what the course got before: ClearHiddenTests only
        cfg.GenerateFeedback.preprocessors = [
            "nbgrader.preprocessors.GetGrades",
            "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
            "nbgrader.preprocessors.ClearHiddenTests",
        ]

    monkeypatch.setattr(feedback, "_with_scrubbing", plain_nbgrader)
    fb = feedback.generate_feedback(course_dir=root, assignment=S.ASSIGNMENT, students=["partial", "correct"])
    status = {r.student: r for r in fb.results}
    assert status["partial"].status == "withheld"
    assert not (root / "feedback" / "partial" / S.ASSIGNMENT / f"{S.NOTEBOOK}.html").exists()
    assert status["correct"].status == "written"  # its hidden tests passed: nothing quoted


def test_flag_lists_the_submissions_to_read_by_hand(graded):
    from swarmcast.grading.flag import flag_submissions

    root, _, _, _ = graded
    df = flag_submissions(course_dir=root, assignment=S.ASSIGNMENT)
    expected = S.FLAGGED_KINDS | {"edited_test", "deleted_test", "invalid_json"}
    assert set(df["student"]) == expected
    row = df[df["student"] == "cheat_numpy"].iloc[0]
    assert (row["notebook"], row["cell"], row["line"]) == (S.NOTEBOOK, "ps1-q2-answer", 2)
    assert "np.isclose" in row["reason"]
    assert df[df["student"] == "cheat_builtins"]["reason"].str.contains("builtins.abs").any()
    assert df[df["student"] == "reads_gradebook"]["reason"].str.contains("gradebook").any()
