"""Every assignment in solutions/ grades as promised with real nbgrader (0.9), on a class of synthetic students.

One temporary course per assignment: generate the release, autograde twelve students in ONE run (correct, blank,
partial, edited tests, deleted tests, infinite loop, kernel killer, not JSON, faked equality, rebound names,
harmless warning, hard-coded answers), generate feedback, validate; then each test reads what it needs from the
gradebook and files. Runtime: about 35 s of CPU per assignment; the whole file took 2 min 41 s for five
assignments on two cores (`-n 2`).
New assignments (a04, a05, ...) join automatically: see tests/assignment_harness.py for what they must provide.
"""

from __future__ import annotations

import ast
import builtins
import fcntl
import filecmp
import fnmatch
import os
import pickle
import re
import tempfile
from pathlib import Path

import pytest

import assignment_harness as h
from swarmcast.grading.scrub import hidden_lines

pytestmark = pytest.mark.slow

ASSIGNMENTS = h.assignments()
# xdist_group keeps an assignment's tests on one worker with `--dist loadgroup`... on pytest < 9: pytest-xdist 3.8
# sets `item._nodeid`, which pytest 9 no longer reads, so the mark is silently ignored. The fixture below therefore
# shares each grading run between workers through a lock file, whatever the distribution mode.
PARAMS = [pytest.param(a, id=a, marks=pytest.mark.xdist_group(f"assignment-{a}")) for a in ASSIGNMENTS]


@pytest.fixture(scope="session")
def grading(tmp_path_factory, request):
    """Assignment -> its grading run, made once per test session and shared by all xdist workers.

    A worker that needs an assignment another worker is grading grades a not-yet-started one meanwhile, so the two
    cores never wait on the same run.
    """
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "assignment-grading"
    shared.mkdir(exist_ok=True)
    runs: dict[str, h.Grading] = {}
    needed = sorted({item.callspec.params["assignment"] for item in request.session.items
                     if "grading" in getattr(item, "fixturenames", ()) and hasattr(item, "callspec")})

    def done(assignment: str) -> Path:
        return shared / f"{assignment}.pickle"

    def grade_under_lock(assignment: str, *, block: bool) -> bool:
        with open(shared / f"{assignment}.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
            except BlockingIOError:
                return False  # another worker holds it
            if not done(assignment).exists():
                g = h.run_grading(assignment, Path(tempfile.mkdtemp(prefix=f"{assignment}-", dir=shared)))
                partial = done(assignment).with_suffix(".partial")
                partial.write_bytes(pickle.dumps(g))
                partial.replace(done(assignment))
        return True

    def get(assignment: str) -> h.Grading:
        while assignment not in runs:
            if done(assignment).exists() or grade_under_lock(assignment, block=False):
                runs[assignment] = pickle.loads(done(assignment).read_bytes())
                break
            # busy elsewhere: grade another assignment nobody has started, else wait for this one
            waiting = [a for a in needed if a != assignment and not done(a).exists()]
            if not any(grade_under_lock(a, block=False) for a in waiting):
                grade_under_lock(assignment, block=True)
        return runs[assignment]

    return get


def test_there_are_assignments():
    assert {"a01", "a02", "a03"} <= {h.prefix(a) for a in ASSIGNMENTS}, ASSIGNMENTS


# ------------------------------------------------------------------------------------------------------------
# Static checks of the source and released notebooks
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", PARAMS)
def test_each_assignment_has_a_release_a_fixture_and_a_rubric(assignment):
    assert h.release_notebook(assignment).is_file(), f"run: nbgrader generate_assignment {assignment} --force"
    fx = h.fixture(assignment)
    for name in ("PARTIAL_FILL", "PARTIAL_SCORE", "LOOP_CELL", "LOOP_SCORE", "FAKE_ANSWERS", "REBIND_ANSWERS",
                 "HARD_CODED_ANSWERS"):
        assert hasattr(fx, name), f"tests/fixtures/assignments/{h.prefix(assignment)}.py must define {name}"
    rubric = h.ROOT / "instructor_guide" / "rubrics" / f"{assignment}.md"
    assert rubric.is_file(), f"no rubric at {rubric.relative_to(h.ROOT)}"
    text = rubric.read_text(encoding="utf-8")
    nb = h.read(h.source_notebook(assignment))
    for gid in h.manual_points(nb):
        assert gid in text, f"the rubric does not cover the written answer {gid}"


@pytest.mark.parametrize("assignment", PARAMS)
def test_grade_ids_follow_the_naming_pattern(assignment):
    nb = h.read(h.source_notebook(assignment))
    pre = h.prefix(assignment)
    ids = [h.grade_id(c) for c in nb.cells if h.meta(c)]
    assert len(ids) == len(set(ids)), f"duplicate grade ids: {ids}"
    for c in nb.cells:
        m = h.meta(c)
        if not m:
            continue
        gid = m["grade_id"]
        if m.get("grade") or m.get("solution"):
            assert re.fullmatch(rf"{pre}-q\d+-[a-z0-9]+(?:-[a-z0-9]+)*", gid), f"{gid}: use {pre}-qM-slug"
        else:
            assert re.fullmatch(rf"{pre}-[a-z0-9]+(?:-[a-z0-9]+)*", gid), f"{gid}: use {pre}-slug"
        assert m.get("schema_version") == 3


@pytest.mark.parametrize("assignment", PARAMS)
def test_points_add_up_to_the_stated_total(assignment):
    nb = h.read(h.source_notebook(assignment))
    total, auto = h.stated_points(nb)
    tests, manual = h.test_points(nb), h.manual_points(nb)
    assert total is not None, "the first cell must state '**Points:** N in all: M scored by the tests'"
    assert total == sum(tests.values()) + sum(manual.values()), (total, tests, manual)
    if auto is not None:
        assert auto == sum(tests.values()), (auto, tests)


@pytest.mark.parametrize("assignment", PARAMS)
def test_every_answer_is_a_function_whose_stub_raises(assignment):
    source = h.read(h.source_notebook(assignment))
    release = {h.grade_id(c): c for c in h.read(h.release_notebook(assignment)).cells if h.meta(c)}
    answers = [c for c in source.cells if h.is_answer(c)]
    assert answers, "no autograded answers"
    for c in answers:
        gid = h.grade_id(c)
        assert re.search(r"(?m)^\s+### BEGIN SOLUTION$", c.source), f"{gid}: the solution region must sit inside a def"
        stub = release[gid].source
        tree = ast.parse(stub)
        defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert defs, f"{gid}: the answer must define a function"
        assert all(isinstance(n, (ast.FunctionDef, ast.Import, ast.ImportFrom)) for n in tree.body), \
            f"{gid}: the released stub may only define functions (so it raises when the tests call it)"
        raises = [n for d in defs for n in ast.walk(d) if isinstance(n, ast.Raise)
                  and "NotImplementedError" in ast.unparse(n)]
        assert raises, f"{gid}: the released stub must raise NotImplementedError inside the function"
        for d in defs:
            assert d.args.kwonlyargs and not d.args.args, f"{gid}: {d.name} must take keyword-only arguments"


@pytest.mark.parametrize("assignment", PARAMS)
def test_test_cells_are_visible_then_hidden_and_end_with_a_statement(assignment):
    source = h.read(h.source_notebook(assignment))
    release = {h.grade_id(c): c for c in h.read(h.release_notebook(assignment)).cells if h.meta(c)}
    for c in source.cells:
        if not h.is_test(c):
            continue
        gid = h.grade_id(c)
        lines = c.source.split("\n")
        begin = [i for i, line in enumerate(lines) if h.BEGIN_HIDDEN in line]
        assert len(begin) == 1, f"{gid}: one hidden-test region, after the visible tests"
        visible = "\n".join(lines[: begin[0]])
        asserts = [n for n in ast.walk(ast.parse(visible)) if isinstance(n, ast.Assert)]
        assert 1 <= len(asserts) <= 12, f"{gid}: a few visible asserts, not {len(asserts)}"
        assert all(a.msg is not None for a in asserts), f"{gid}: every visible assert needs a helpful message"
        assert h.ends_with_statement(c.source), f"{gid}: ends with a bare expression (nbgrader may score its value)"
        assert h.ends_with_statement(release[gid].source), f"{gid}: without hidden tests it ends with an expression"
        assert h.meta(c).get("locked"), f"{gid}: test cells must be locked"


@pytest.mark.parametrize("assignment", PARAMS)
def test_test_cells_reach_builtins_only_through_their_own_import(assignment):
    # a student can rebind `abs`, `float`, `ValueError`... in the notebook's namespace; `import builtins as _b`
    # in the test cell cannot be rebound by an answer cell
    nb = h.read(h.source_notebook(assignment))
    names = set(dir(builtins)) - {"True", "False", "None", "__debug__"}
    for c in nb.cells:
        if h.is_test(c):
            bare = sorted({n.id for n in ast.walk(ast.parse(c.source)) if isinstance(n, ast.Name) and n.id in names})
            assert not bare, f"{h.grade_id(c)} uses built-ins by their plain names: {bare}; write _b.{bare[0]}"
            assert "import builtins as _b" in c.source, f"{h.grade_id(c)}: import builtins as _b"


@pytest.mark.parametrize("assignment", PARAMS)
def test_delimiter_words_appear_only_as_delimiters(assignment):
    nb = h.read(h.source_notebook(assignment))
    exact = {h.BEGIN_SOLUTION, h.END_SOLUTION, h.BEGIN_HIDDEN, h.END_HIDDEN}
    for i, c in enumerate(nb.cells):
        for line in c.source.split("\n"):
            if any(w in line.upper() for w in h.DELIMITER_WORDS):
                ok = c.cell_type == "code" and line.strip() in exact
                assert ok, f"cell {i}: nbgrader matches these words anywhere in a line: {line!r}"


@pytest.mark.parametrize("assignment", PARAMS)
def test_every_test_cell_follows_its_answer(assignment):
    # nbgrader (0.9) puts a deleted grade cell back after the previous nbgrader cell, which must then be an
    # answer or another grade cell; a read-only cell there makes the run fail with KeyError for that student.
    nb = h.read(h.source_notebook(assignment))
    graded = [c for c in nb.cells if h.meta(c)]
    for prev, c in zip(graded, graded[1:]):
        if h.meta(c).get("grade"):
            assert h.meta(prev).get("grade") or h.meta(prev).get("solution"), \
                f"{h.grade_id(c)} follows the read-only cell {h.grade_id(prev)}; keep prompts free of nbgrader metadata"


@pytest.mark.parametrize("assignment", PARAMS)
def test_exercises_hold_no_solution_and_no_hidden_test(assignment):
    nb = h.read(h.source_notebook(assignment))
    secrets = h.solution_lines(nb) + hidden_lines(source_notebook=nb, comments=True, distinct=True)
    assert secrets, "found no solution or hidden-test lines to look for"
    for path in sorted((h.EXERCISES / assignment).rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        squashed = h.squash(text)
        for word in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert word not in text, f"{path.name} contains {word!r}"
        # notebook JSON escapes quotes and newlines: compare with the decoded sources too
        decoded = "\n".join(c.source for c in h.read(path).cells) if path.suffix == ".ipynb" else text
        leaked = [s for s in secrets if s in decoded or h.squash(s) in squashed]
        assert not leaked, f"{path.name} reveals: {leaked[:3]}"


# ------------------------------------------------------------------------------------------------------------
# The grading run
# ------------------------------------------------------------------------------------------------------------


def _full(assignment: str) -> float:
    return sum(h.test_points(h.read(h.source_notebook(assignment))).values())


@pytest.mark.parametrize("assignment", PARAMS)
def test_solution_scores_full_marks(grading, assignment):
    g = grading(assignment)
    assert g.total("s01_solution") == _full(assignment), h.dump(g.scores.get("s01_solution"))
    nb = h.read(g.autograded("s01_solution"))
    noisy = [h.grade_id(c) for c in nb.cells if h.is_test(c) for o in c.outputs
             if o.output_type == "stream" and o.name == "stderr"]
    assert not noisy, f"test cells wrote to stderr in the solution: {noisy}"


@pytest.mark.parametrize("assignment", PARAMS)
def test_blank_exercise_scores_zero(grading, assignment):
    g = grading(assignment)
    assert "s02_blank" in g.graded
    assert g.total("s02_blank") == 0, h.dump(g.scores["s02_blank"])


@pytest.mark.parametrize("assignment", PARAMS)
def test_partial_submission_scores_its_partial_marks(grading, assignment):
    g = grading(assignment)
    fx = h.fixture(assignment)
    assert 0 < fx.PARTIAL_SCORE < _full(assignment)
    assert g.total("s03_partial") == fx.PARTIAL_SCORE, h.dump(g.scores["s03_partial"])


@pytest.mark.parametrize("assignment", PARAMS)
def test_edited_test_cells_are_graded_with_the_original_tests(grading, assignment):
    g = grading(assignment)
    # every test cell was replaced by `pass`: had nbgrader run them, the blank answers would score full marks
    assert g.total("s04_edited_tests") == 0, h.dump(g.scores["s04_edited_tests"])
    restored = [c.source for c in h.read(g.autograded("s04_edited_tests")).cells if h.is_test(c)]
    assert restored and all(h.BEGIN_HIDDEN in s for s in restored), "the original tests were not put back"


@pytest.mark.parametrize("assignment", PARAMS)
def test_deleted_test_cells_are_put_back_and_graded(grading, assignment):
    g = grading(assignment)
    assert g.total("s05_deleted_tests") == _full(assignment), h.dump(g.scores.get("s05_deleted_tests"))
    tests = set(h.test_points(h.read(h.source_notebook(assignment))))
    assert not tests & set(g.manual["s05_deleted_tests"]), "deleted tests were left for a manual grade"
    assert "Missing grade cell" in g.autograde_log


@pytest.mark.parametrize("assignment", PARAMS)
def test_infinite_loop_times_out_and_the_run_goes_on(grading, assignment):
    g = grading(assignment)
    fx = h.fixture(assignment)
    assert g.total("s06_infinite_loop") == fx.LOOP_SCORE, h.dump(g.scores.get("s06_infinite_loop"))
    nb = h.read(g.autograded("s06_infinite_loop"))
    timeouts = [o for c in nb.cells for o in c.get("outputs", []) if o.get("ename") == "CellTimeoutError"]
    assert timeouts, "no cell timed out"
    later = h.STUDENTS[h.STUDENTS.index("s06_infinite_loop") + 1:]
    assert set(later) - set(h.BROKEN_STUDENTS) <= g.graded, "students after the loop were not graded"


@pytest.mark.parametrize("assignment", PARAMS)
def test_broken_submissions_are_reported_by_name_and_the_others_graded(grading, assignment):
    g = grading(assignment)
    assert g.autograde_returncode != 0, "nbgrader must signal that some submissions failed"
    for student in h.BROKEN_STUDENTS:
        assert f"for student '{student}'" in g.autograde_log, f"{student} is not named in the log"
        assert not g.autograded(student).exists()
    assert set(h.STUDENTS) - set(h.BROKEN_STUDENTS) <= g.graded, sorted(g.graded)
    assert g.total("s11_stderr_warning") == _full(assignment)  # graded after both broken ones


@pytest.mark.parametrize("assignment", PARAMS)
def test_answers_that_fake_equality_score_nothing(grading, assignment):
    g = grading(assignment)
    fx = h.fixture(assignment)
    answers = [h.grade_id(c) for c in h.read(h.source_notebook(assignment)).cells if h.is_answer(c)]
    assert set(fx.FAKE_ANSWERS) == set(answers), "fake every answer"
    assert g.total("s09_fake_equality") == 0, h.dump(g.scores["s09_fake_equality"])


@pytest.mark.parametrize("assignment", PARAMS)
def test_answers_that_rebind_names_the_tests_could_use_score_nothing(grading, assignment):
    g = grading(assignment)
    assert g.total("s10_rebinds_names") == 0, h.dump(g.scores["s10_rebinds_names"])


@pytest.mark.parametrize("assignment", PARAMS)
def test_hard_coded_answers_pass_the_visible_tests_and_fail_the_hidden_ones(grading, assignment):
    g = grading(assignment)
    fx = h.fixture(assignment)
    tests = h.test_points(h.read(h.source_notebook(assignment)))
    answers = {h.grade_id(c) for c in h.read(h.source_notebook(assignment)).cells if h.is_answer(c)}
    assert set(fx.HARD_CODED_ANSWERS) == answers, "hard-code every answer"
    assert g.total("s12_hard_coded") == 0, h.dump(g.scores["s12_hard_coded"])
    where = h.failing_lines(h.read(g.autograded("s12_hard_coded")))
    assert set(where) == set(tests), f"every test cell must fail: {where}"
    early = {gid: lines for gid, lines in where.items() if not lines[0] > lines[1]}
    assert not early, f"these failed in their visible tests, not the hidden ones (line, hidden from): {early}"


@pytest.mark.parametrize("assignment", PARAMS)
def test_correct_answer_with_a_harmless_warning_still_scores(grading, assignment):
    g = grading(assignment)
    nb = h.read(g.autograded("s11_stderr_warning"))
    # the course config's IgnorePattern drops stderr lines naming a *Warning; without it this would score 0
    assert g.total("s11_stderr_warning") == _full(assignment), h.dump(g.scores["s11_stderr_warning"])
    assert any("_noisy(" in c.source for c in nb.cells), "the warning wrapper is missing"


@pytest.mark.parametrize("assignment", PARAMS)
def test_regenerating_exercises_reproduces_the_committed_files(grading, assignment):
    g = grading(assignment)
    committed = h.EXERCISES / assignment
    made = sorted(p.relative_to(g.generated) for p in g.generated.rglob("*") if p.is_file())
    have = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert made == have, f"files differ: generated {made}, committed {have}"
    _, mismatch, errors = filecmp.cmpfiles(g.generated, committed, [str(p) for p in made], shallow=False)
    assert not mismatch and not errors, (
        f"exercises/{assignment} is out of date with solutions/{assignment}: {mismatch + errors}; "
        f"run: nbgrader generate_assignment {assignment} --force"
    )


@pytest.mark.parametrize("assignment", PARAMS)
def test_feedback_does_not_reveal_hidden_tests(grading, assignment):
    g = grading(assignment)
    hidden = hidden_lines(source_notebook=h.read(h.source_notebook(assignment)), comments=True, distinct=True)
    checked = 0
    for student in h.FEEDBACK_STUDENTS:
        path = g.feedback(student)
        assert path.is_file(), f"no feedback for {student}:\n{g.feedback_log[-2000:]}"
        text = h.html_text(path)
        # the text extraction works: the visible tests' first line is there
        assert "import builtins as _b" in text, f"could not read the feedback of {student}"
        # a student may write a line that also appears in a hidden test (the hard-coded student does): not a leak
        own = h.squash("\n".join(c.source for c in h.read(g.submitted(student)).cells if not h.is_test(c)))
        leaked = [line for line in hidden if h.squash(line) in text and h.squash(line) not in own]
        assert not leaked, f"the feedback of {student} shows hidden tests: {leaked[:3]}"
        checked += 1
    assert checked == len(h.FEEDBACK_STUDENTS)
    assert all(fnmatch.fnmatch(s, h.FEEDBACK_GLOB) for s in h.FEEDBACK_STUDENTS)


@pytest.mark.parametrize("assignment", PARAMS)
def test_validate_passes_the_solution_and_fails_the_blank_exercise(grading, assignment):
    g = grading(assignment)
    parts = h.split_validate_log(g.validate_log)
    sol = next(v for k, v in parts.items() if k.endswith(f"solutions/{assignment}/{assignment}.ipynb"))
    ex = next(v for k, v in parts.items() if k.endswith(f"exercises/{assignment}/{assignment}.ipynb"))
    assert "Success! Your notebook passes all the tests." in sol, sol[-2000:]
    assert "VALIDATION FAILED ON" in ex, ex[-2000:]
    # --invert: "complain when cells pass": the untouched exercise passes no test at all
    assert "Success! The notebook does not pass any tests." in g.invert_log, g.invert_log[-2000:]
