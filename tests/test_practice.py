"""`swarmcast practice`: a synthetic class for a real assignment, graded as its table says, and removed cleanly.

The fast tests write practice classes into a temporary copy of the course (nbgrader_config.py,
solutions/a01_*, exercises/a01_*) and read the files. The slow ones release, write a class of 8, grade it
with 2 workers and a 10 s time limit, flag it and write feedback once (runbook "Practice run"), then
read what that left behind; the clean-up test works on a copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
import synthetic_course as S  # noqa: E402

from swarmcast.grading import cli  # noqa: E402
from swarmcast.grading import practice  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
A = "a01_counting_propaganda"
NB = f"{A}.ipynb"
WHEN = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
HIDDEN = "BEGIN HIDDEN TESTS"


def copy_course(dest: Path) -> Path:
    """The course config and assignment a01 only (source and release), as on a fresh clone."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder / A, dest / folder / A)
    return dest


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def cells(path: Path) -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "grade_id" in c.metadata.get("nbgrader", {})}


def meta(cell) -> dict:
    return cell.metadata["nbgrader"]


def sub(root: Path, student: str) -> Path:
    return root / "submitted" / student / A / NB


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def course(tmp_path) -> Path:
    return copy_course(tmp_path / "course")


# ------------------------------------------------------------------------------------------------
# The one factory of synthetic submissions (fast: no nbgrader run)
# ------------------------------------------------------------------------------------------------


def _a01():
    released = nbformat.read(ROOT / "exercises" / A / NB, as_version=4)
    solutions = practice.solution_answers(nbformat.read(ROOT / "solutions" / A / NB, as_version=4))
    return released, solutions


def _sources(nb) -> dict[str, str]:
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells if "grade_id" in c.metadata.get("nbgrader", {})}


def test_the_factory_has_every_kind_the_tests_and_practice_need():
    need = {"perfect", "blank", "partial", "tampered", "deleted", "loop", "kernel_death", "invalid_json", "equality_cheat"}
    assert need <= set(practice.SUBMISSION_KINDS) and len(practice.ATTACKS) == 9


def test_each_kind_changes_only_what_it_says():
    released, solutions = _a01()
    rel = _sources(released)
    tests = [g for g, c in cells(ROOT / "exercises" / A / NB).items() if meta(c)["grade"] and not meta(c)["solution"]
             and c.cell_type == "code"]
    code = [g for g, c in cells(ROOT / "exercises" / A / NB).items() if meta(c)["solution"] and c.cell_type == "code"]
    assert _sources(practice.make_submission(released, "blank")) == rel
    perfect = _sources(practice.make_submission(released, "perfect", answers=solutions))
    assert {g: perfect[g] for g in solutions} == solutions and all(perfect[t] == rel[t] for t in tests)
    assert HIDDEN not in json.dumps(perfect)
    tampered = _sources(practice.make_submission(released, "tampered", tests=tests[:1]))
    assert tampered[tests[0]].startswith("pass") and all(tampered[t] == rel[t] for t in tests[1:])
    deleted = _sources(practice.make_submission(released, "deleted", answers=solutions))
    assert not set(tests) & set(deleted) and set(code) <= set(deleted)
    killer = _sources(practice.make_submission(released, "kernel_death", answers=solutions))
    assert killer[code[0]].startswith("import os\nos._exit(1)") and killer[code[0]].endswith(solutions[code[0]])
    with pytest.raises(json.JSONDecodeError):
        json.loads(practice.make_submission(released, "invalid_json", answers=solutions))
    for kind in practice.ATTACKS:
        attacker = _sources(practice.make_submission(released, kind))
        assert practice.ATTACKS[kind] in attacker[code[0]] and all(attacker[g] == rel[g] for g in code[1:])


@pytest.mark.parametrize("in_function", [False, True])
def test_the_loop_goes_at_the_top_of_the_cell_or_inside_its_function(in_function):
    released, solutions = _a01()
    cell = "a01-q3-totals"
    nb = practice.make_submission(released, "loop", answers=solutions, cell=cell, in_function=in_function)
    source = _sources(nb)[cell]
    assert sum("while True:" in s for s in _sources(nb).values()) == 1
    tree_ = __import__("ast").parse(source)
    func = next(n for n in tree_.body if n.__class__.__name__ == "FunctionDef")
    loops_in_function = any(n.__class__.__name__ == "While" for n in func.body)
    assert loops_in_function == in_function
    plain = [c for c in nb.cells if c.cell_type == "code" and not c.metadata.get("nbgrader")]
    assert (len(plain) == 0) == in_function  # inside the function: the plain cells that would call it are deleted


def test_the_factory_refuses_what_it_cannot_make():
    released, solutions = _a01()
    with pytest.raises(ValueError, match="kind must be one of"):
        practice.make_submission(released, "sloppy")
    with pytest.raises(ValueError, match="blank"):
        practice.make_submission(released, "blank", answers=solutions)
    with pytest.raises(ValueError, match="no such answer or test cell in the notebook: a01-q9"):
        practice.make_submission(released, "partial", answers={"a01-q9": "x = 1"})
    with pytest.raises(ValueError, match="cell must be a code answer"):
        practice.make_submission(released, "loop", answers=solutions, cell="a01-q1-tidy-tests")
    with pytest.raises(ValueError, match="cell is for the loop"):
        practice.make_submission(released, "partial", answers=solutions, cell="a01-q3-totals")
    with pytest.raises(ValueError, match="tests is for the tampered and deleted kinds"):
        practice.make_submission(released, "perfect", answers=solutions, tests=[])
    with pytest.raises(ValueError, match="in_function is for the loop kind"):
        practice.make_submission(released, "kernel_death", answers=solutions, in_function=True)


# ------------------------------------------------------------------------------------------------
# The class on disk (fast: no nbgrader run)
# ------------------------------------------------------------------------------------------------


def test_same_seed_gives_the_same_class_and_another_seed_another(tmp_path):
    a, b, c = (copy_course(tmp_path / n) for n in "abc")
    frames = [practice.write_practice_class(course_dir=r, assignment=A, n_students=8, seed=s, submitted_at=WHEN)
              for r, s in ((a, 0), (b, 0), (c, 1))]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    assert tree(a / "submitted") == tree(b / "submitted")
    assert frames[0].attrs["simulated"] is True
    assert not frames[0].equals(frames[2]) and tree(a / "submitted") != tree(c / "submitted")


@pytest.mark.parametrize("n", [6, 8, 12])
def test_a_class_holds_one_of_each_kind_under_practice_names(course, n):
    df = practice.write_practice_class(course_dir=course, assignment=A, n_students=n, seed=3, submitted_at=WHEN)
    assert df["student"].tolist() == [f"practice-{i:02d}" for i in range(1, n + 1)]
    assert set(practice.KINDS) <= set(df["kind"]) and len(df) == n
    assert sorted(p.name for p in (course / "submitted").iterdir()) == df["student"].tolist()
    for s in df["student"]:
        assert (course / "submitted" / s / practice.MARKER_FILE).is_file()
        stamp = (course / "submitted" / s / A / "timestamp.txt").read_text()
        assert re.fullmatch(r"2027-03-01 1[01]:\d\d:00\.000000 UTC", stamp), stamp


def test_solution_students_hold_the_source_solutions_and_no_hidden_test(course):
    df = practice.write_practice_class(course_dir=course, assignment=A, n_students=8, seed=0, submitted_at=WHEN)
    source = cells(course / "solutions" / A / NB)
    released = cells(course / "exercises" / A / NB)
    student = df.loc[df["kind"] == "solution", "student"].iloc[0]
    got = cells(sub(course, student))
    answers = [g for g, c in released.items() if meta(c).get("solution")]
    assert len([g for g in answers if released[g].cell_type == "code"]) == 5 and len(answers) == 7
    for g in answers:
        want = "\n".join(ln for ln in source[g].source.splitlines() if "BEGIN SOLUTION" not in ln and "END SOLUTION" not in ln)
        assert got[g].source.strip() == want.strip(), g
        assert "NotImplementedError" not in got[g].source and "YOUR ANSWER HERE" not in got[g].source
    for g, c in released.items():  # everything else is the student version, untouched
        if g not in answers:
            assert got[g].source == c.source, g
    assert HIDDEN not in sub(course, student).read_text()


def test_blank_partial_loop_json_and_edited_students_differ_from_the_release_as_planned(course):
    df = practice.write_practice_class(course_dir=course, assignment=A, n_students=8, seed=0, submitted_at=WHEN)
    released = cells(course / "exercises" / A / NB)
    code_answers = [g for g, c in released.items() if meta(c).get("solution") and c.cell_type == "code"]
    one = {kind: rows.iloc[0] for kind, rows in df.groupby("kind")}

    blank = one["blank"]["student"]
    assert {g: c.source for g, c in cells(sub(course, blank)).items()} == {g: c.source for g, c in released.items()}
    assert (sub(course, blank).parent / "timestamp.txt").is_file()

    for student, filled in df.loc[df["kind"] == "partial", ["student", "answers_filled"]].itertuples(index=False):
        got = cells(sub(course, student))
        done = [g for g in code_answers if "NotImplementedError" not in got[g].source]
        assert 0 < len(done) < len(code_answers) and set(done) <= set(filled.split(",")), student

    loop = one["endless_loop"]
    got = cells(sub(course, loop["student"]))
    assert "while True:" in got[loop["loop_cell"]].source
    assert sum("while True:" in c.source for c in got.values()) == 1

    bad = sub(course, one["invalid_json"]["student"])
    with pytest.raises(json.JSONDecodeError):
        json.loads(bad.read_text())

    edited = one["edited_test"]
    got = cells(sub(course, edited["student"]))
    assert got[edited["edited_test"]].source.startswith("pass")
    assert meta(got[edited["edited_test"]])["locked"] and released[edited["edited_test"]].source != got[edited["edited_test"]].source
    # the answers the edited test checks are left blank, so a test that was not put back would give free points
    before = list(released)[: list(released).index(edited["edited_test"])]
    own = [g for g in before if g in code_answers][-1]
    assert "NotImplementedError" in got[own].source


def test_practice_prints_what_grading_should_show_and_the_next_commands(course):
    code, out, err = run("practice", A, "--students", 7, "--seed", 2, "--course-dir", course)
    assert code == cli.EXIT_OK, err
    assert "7 synthetic students" in out and "(seed 2)" in out
    for kind in practice.KINDS:
        assert re.search(rf"^practice-\d\d\s+{kind}\s+\S", out, flags=re.M), kind
    assert f"swarmcast grade {A} --workers auto --timeout 10" in out
    assert f"swarmcast practice {A} --clean" in out


# ------------------------------------------------------------------------------------------------
# Refusals
# ------------------------------------------------------------------------------------------------


def test_it_refuses_to_write_beside_real_submissions(course):
    real = course / "submitted" / "alice" / A
    real.mkdir(parents=True)
    (real / NB).write_text("alice's work", encoding="utf-8")
    code, out, err = run("practice", A, "--course-dir", course, "--force")
    assert code == cli.EXIT_ERROR
    assert "real submissions" in err and "alice" in err and "copy of the course" in err
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["alice"]
    assert (real / NB).read_text(encoding="utf-8") == "alice's work"


def test_it_never_touches_a_practice_named_folder_it_did_not_write(course):
    theirs = course / "submitted" / "practice-03" / A
    theirs.mkdir(parents=True)
    (theirs / NB).write_text("not ours", encoding="utf-8")
    for args in ([], ["--force"]):
        code, _, err = run("practice", A, "--course-dir", course, *args)
        assert code == cli.EXIT_ERROR and "practice-03" in err and "was not written by" in err
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["practice-03"]
    code, out, _ = run("practice", A, "--clean", "--course-dir", course)
    assert code == cli.EXIT_PARTIAL and "Left alone" in out and "practice-03" in out
    assert (theirs / NB).read_text(encoding="utf-8") == "not ours"


def test_existing_practice_students_are_replaced_only_with_force(course):
    assert run("practice", A, "--students", 8, "--course-dir", course)[0] == cli.EXIT_OK
    other = course / "submitted" / "practice-02" / "a02_takedown_survival"  # another assignment's practice
    other.mkdir()
    code, _, err = run("practice", A, "--students", 6, "--course-dir", course)
    assert code == cli.EXIT_ERROR and "--force" in err and "--clean" in err
    assert len(list((course / "submitted").iterdir())) == 8
    code, _, err = run("practice", A, "--students", 6, "--seed", 5, "--force", "--course-dir", course)
    assert code == cli.EXIT_OK, err
    assert sorted(p.name for p in (course / "submitted").iterdir()) == [f"practice-0{i}" for i in range(1, 7)]
    assert other.is_dir()


def test_an_unreleased_assignment_says_to_release_first(course):
    shutil.rmtree(course / "exercises" / A)
    code, _, err = run("practice", A, "--course-dir", course)
    assert code == cli.EXIT_ERROR and f"swarmcast release {A}" in err
    assert not (course / "submitted").exists()


def test_wrong_arguments_are_usage_errors(course, capsys):
    for args in (["--students", "3"], ["--students", "many"], ["--seed", "-1"], ["--clean", "--force"]):
        with pytest.raises(SystemExit) as exc:
            cli.main(["practice", A, "--course-dir", str(course), *args])
        assert exc.value.code == cli.EXIT_USAGE, args
    assert "--students" in capsys.readouterr().err
    code, _, err = run("practice", A, "--clean", "--students", 8, "--course-dir", course)
    assert code == cli.EXIT_USAGE and "--clean" in err
    with pytest.raises(ValueError, match="n_students"):
        practice.write_practice_class(course_dir=course, assignment=A, n_students=5)
    with pytest.raises(ValueError, match="seed"):
        practice.write_practice_class(course_dir=course, assignment=A, seed=-2)
    assert not (course / "submitted").exists()


def test_practice_help_has_examples_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["practice", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for words in (f"swarmcast practice {A}", "--clean", "--force", "--students", "--seed", "--course-dir", "exit codes"):
        assert words in text, words


# ------------------------------------------------------------------------------------------------
# The whole rehearsal with real nbgrader (slow): release, practice, grade, flag, feedback, clean
# ------------------------------------------------------------------------------------------------


def _build(folder: Path) -> None:
    root = copy_course(folder / "course")
    d = ["--course-dir", root]
    steps = {}
    for name, args in (
        ("release", ["release", A]),
        ("practice", ["practice", A, "--students", 8, "--seed", 0]),
        ("grade", ["grade", A, "--workers", 2, "--timeout", 10, "--no-progress"]),
        ("flag", ["flag", A]),
        ("feedback", ["feedback", A]),
    ):
        code, out, err = run(*args, *d)
        steps[name] = {"code": code, "out": out, "err": err}
    (folder / "steps.json").write_text(json.dumps(steps))


@pytest.fixture(scope="module")
def rehearsal(request, tmp_path_factory):
    folder = S.build_once(request, tmp_path_factory, "practice-a01", _build)
    return folder / "course", json.loads((folder / "steps.json").read_text())


def _plan(steps) -> dict[str, tuple[str, str]]:
    """student -> (kind, the rest of the practice table's line)."""
    rows = re.findall(r"^(practice-\d\d)\s+(\w+)\s+(.*)$", steps["practice"]["out"], flags=re.M)
    return {s: (k, rest) for s, k, rest in rows}


def _auto_scores(root: Path) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    con = sqlite3.connect(root / "gradebook.db")
    rows = con.execute(
        "SELECT sa.student_id, bc.name, g.auto_score FROM grade g "
        "JOIN submitted_notebook sn ON g.notebook_id = sn.id JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
        "JOIN base_cell bc ON g.cell_id = bc.id JOIN grade_cells gc ON gc.id = bc.id WHERE gc.cell_type = 'code'"
    ).fetchall()
    points = dict(con.execute("SELECT bc.name, gc.max_score FROM grade_cells gc JOIN base_cell bc ON gc.id = bc.id "
                              "WHERE gc.cell_type = 'code'").fetchall())
    con.close()
    scores: dict[str, dict[str, float]] = {}
    for s, cell, score in rows:
        scores.setdefault(s, {})[cell] = score
    return scores, points


@pytest.mark.slow
def test_the_practice_class_grades_as_its_table_says(rehearsal):
    root, steps = rehearsal
    assert steps["release"]["code"] == cli.EXIT_OK and steps["practice"]["code"] == cli.EXIT_OK
    plan = _plan(steps)
    assert len(plan) == 8 and {k for k, _ in plan.values()} == set(practice.KINDS)
    scores, points = _auto_scores(root)
    full = sum(points.values())
    assert full == 11  # questions 1-5 are scored by the tests
    tests = list(points)  # a01-qN-...-tests in question order
    for student, (kind, rest) in plan.items():
        if kind == "invalid_json":  # nbgrader recorded the submission but could not score it
            assert all(v is None for v in scores.get(student, {}).values()), student
            continue
        got = sum(scores[student].values())
        if kind == "solution":
            assert got == full, student
        elif kind == "blank":
            assert got == 0, student
        elif kind == "partial":
            filled = re.findall(r"a01-q\d-\w+", rest.split(" pass")[0])
            assert 0 < got < full, student
            assert got == sum(points[f"{g}-tests"] for g in filled), student
        elif kind == "endless_loop":
            cell = re.match(r"(a01-q\d-\w+) loops", rest).group(1)
            assert scores[student][f"{cell}-tests"] == 0 and got == full - points[f"{cell}-tests"], student
        elif kind == "edited_test":
            cell = rest.split()[0]
            assert cell in tests and scores[student][cell] == 0 and got == full - points[cell], student


@pytest.mark.slow
def test_the_summary_names_the_submission_that_could_not_be_graded_and_the_loop(rehearsal):
    root, steps = rehearsal
    g = steps["grade"]
    assert g["code"] == cli.EXIT_PARTIAL, g["out"] + g["err"]
    plan = _plan(steps)
    broken = next(s for s, (k, _) in plan.items() if k == "invalid_json")
    loop = next(s for s, (k, _) in plan.items() if k == "endless_loop")
    assert "Summary: 7 graded, 1 could not be graded, 1 with a timeout." in g["out"]
    not_graded = g["out"].split("Not graded")[1]
    assert f"{broken}: the notebook file is not valid JSON" in not_graded
    loop_line = next(ln for ln in g["out"].splitlines() if ln.startswith(loop))
    assert "graded" in loop_line and "timeout in a01-q" in loop_line
    assert (root / "reports" / A / "report.html").is_file()


@pytest.mark.slow
def test_flag_lists_the_edited_test_cell_and_the_broken_file(rehearsal):
    _, steps = rehearsal
    plan = _plan(steps)
    f = steps["flag"]
    assert f["code"] == cli.EXIT_FLAGGED
    edited = next(s for s, (k, _) in plan.items() if k == "edited_test")
    broken = next(s for s, (k, _) in plan.items() if k == "invalid_json")
    assert re.search(rf"^{edited}\s.*edited a locked cell", f["out"], flags=re.M)
    assert re.search(rf"^{broken}\s", f["out"], flags=re.M)
    flagged = {ln.split()[0] for ln in f["out"].splitlines() if ln.startswith("practice-")}
    assert flagged == {edited, broken}  # the key's own answers raise no flag


@pytest.mark.slow
def test_feedback_for_the_practice_class_never_shows_hidden_tests(rehearsal):
    root, steps = rehearsal
    pages = sorted((root / "feedback").glob(f"practice-*/{A}/*.html"))
    hidden = [ln.strip() for c in cells(root / "solutions" / A / NB).values() if HIDDEN in c.source
              for ln in c.source.split(HIDDEN)[1].split("END HIDDEN TESTS")[0].splitlines() if len(ln.strip()) > 20]
    assert len(hidden) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not [h for h in hidden if h in text], page
    assert "7 students" in steps["feedback"]["out"]


@pytest.mark.slow
def test_feedback_writes_a_page_for_every_graded_practice_student(rehearsal):
    root, steps = rehearsal
    assert steps["feedback"]["code"] == cli.EXIT_OK, steps["feedback"]["out"]
    assert len(list((root / "feedback").glob(f"practice-*/{A}/*.html"))) == 7


@pytest.mark.slow
def test_clean_removes_every_practice_student_and_nothing_else(rehearsal, tmp_path):
    src, _ = rehearsal
    root = tmp_path / "course"
    shutil.copytree(src, root)
    keep = root / "submitted" / "bob" / "a02_takedown_survival"  # a real student of another assignment
    keep.mkdir(parents=True)
    (keep / "a02_takedown_survival.ipynb").write_text("{}", encoding="utf-8")
    code, out, err = run("practice", A, "--clean", "--course-dir", root)
    assert code == cli.EXIT_OK, out + err
    assert "Removed 8 practice students" in out
    assert sorted(p.name for p in (root / "submitted").iterdir()) == ["bob"] and keep.is_dir()
    for folder in ("autograded", "feedback", "reports"):  # they held only practice students: gone
        assert not (root / folder).exists(), folder
    con = sqlite3.connect(root / "gradebook.db")
    assert con.execute("SELECT count(*) FROM student").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM submitted_assignment").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM grade").fetchone() == (0,)
    assert con.execute("SELECT name FROM assignment").fetchall() == [(A,)]  # the release stays
    con.close()
    assert run("practice", A, "--clean", "--course-dir", root)[1].startswith("No practice students")
