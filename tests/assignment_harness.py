"""Grade every course assignment with real nbgrader, on a class of synthetic students, in a temporary course.

Why: an instructor must be able to trust a grading run: a correct notebook gets full marks, an untouched one
gets none, a broken or cheating submission is caught without stopping the run, and nothing hidden reaches the
students. ``tests/test_assignments.py`` asserts these promises for every folder ``solutions/aNN_slug/``; this
module builds the course copy and the students (each made by swarmcast.grading.practice.make_submission, the
one factory of synthetic submissions), runs nbgrader once per assignment and collects the results.

How an assignment joins: put ``solutions/aNN_slug/aNN_slug.ipynb`` (built like the others: every answer is a
function whose body holds the solution region; test cells hold visible then hidden tests), run
``nbgrader generate_assignment aNN_slug --force`` from the course root, and add ``tests/fixtures/assignments/aNN.py``
with these names (see a01.py for a worked example):

- ``PARTIAL_FILL``: grade ids of the answer cells a partly correct student fills with the solution;
  ``PARTIAL_SCORE``: the autograded score that student must get.
- ``LOOP_CELL``: grade id of an answer whose function loops for ever in the "loop" student; ``LOOP_SCORE``: that
  student's expected score. The loop student deleted the cells without nbgrader metadata (students may), so only
  the test cell calls the looping function and the run pays the timeout once.
- ``FAKE_ANSWERS``: grade id -> answer source that fakes the right result (an object whose ``==`` is always True,
  a float subclass, a numpy bool where a bool is expected, ...). The student with these answers must score 0.
- ``REBIND_ANSWERS``: grade id -> a wrong answer; the harness puts ``REBIND_PRELUDE`` (which rebinds numpy,
  math and built-in names tests might rely on) in front of the first answer. That student must score 0.
- ``HARD_CODED_ANSWERS``: grade id -> an answer that returns what the visible tests expect for their inputs
  only. It must pass every visible test and fail a hidden one, so that student scores 0.

The first cell of every assignment states the points as ``**Points:** N in all: M scored by the tests``.
Students are named so that nbgrader (which goes in sorted order) meets the broken submissions before the
cheating ones: a run that stopped at a broken notebook would leave the later students ungraded.
"""

from __future__ import annotations

import ast
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from swarmcast.grading import practice

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assignments"
BIN = Path(sys.executable).parent

#: Seconds a cell may run before nbgrader interrupts it, in these tests (the course config says 60).
TIMEOUT_S = 10

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
DELIMITER_WORDS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "YOUR CODE HERE")

#: Rebinds what a naive test might rely on, so that wrong answers would pass tests that used these names.
REBIND_PRELUDE = '''\
import builtins, math, numpy, numpy.testing, pandas.testing
numpy.isclose = lambda *a, **k: True
numpy.allclose = lambda *a, **k: True
numpy.array_equal = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
numpy.testing.assert_array_equal = lambda *a, **k: None
pandas.testing.assert_frame_equal = lambda *a, **k: None
math.isclose = lambda *a, **k: True
math.isnan = lambda *a, **k: True
abs = lambda *a, **k: 0
round = lambda *a, **k: a[0] if a else 0
isinstance = lambda *a, **k: True
all = lambda *a, **k: True
any = lambda *a, **k: True
type = lambda *a, **k: builtins.float
len = lambda *a, **k: 6
set = lambda *a, **k: builtins.set()
hasattr = lambda *a, **k: False
sorted = lambda *a, **k: builtins.list(a[0]) if a else []
ValueError = Exception
'''

#: Wraps every answer function so that each call writes a harmless warning to stderr, then answers correctly.
WARNING_WRAPPER = '''
import functools as _functools_w, warnings as _warnings_w
def _noisy(f):
    @_functools_w.wraps(f)
    def wrapper(*args, **kwargs):
        with _warnings_w.catch_warnings():
            _warnings_w.simplefilter("always")
            _warnings_w.warn("a harmless note written by the student's code", UserWarning)
        return f(*args, **kwargs)
    return wrapper
{name} = _noisy({name})
'''

#: The students of every grading run, in nbgrader's (sorted) order.
STUDENTS = (
    "s01_solution",
    "s02_blank",
    "s03_partial",
    "s04_edited_tests",
    "s05_deleted_tests",
    "s06_infinite_loop",
    "s07_kernel_killer",
    "s08_not_json",
    "s09_fake_equality",
    "s10_rebinds_names",
    "s11_stderr_warning",
    "s12_hard_coded",
)
BROKEN_STUDENTS = ("s07_kernel_killer", "s08_not_json")
#: Students whose feedback pages are checked for hidden tests. The hard-coded one matters most: its answers pass
#: the visible tests and fail in the hidden ones, so its tracebacks point into the hidden tests.
FEEDBACK_STUDENTS = ("s01_solution", "s02_blank", "s03_partial", "s09_fake_equality", "s12_hard_coded")
FEEDBACK_GLOB = "s[01][1239]_*"  # nbgrader takes one glob: this one also matches s11_stderr_warning


# ------------------------------------------------------------------------------------------------------------
# Finding assignments and reading their notebooks
# ------------------------------------------------------------------------------------------------------------


def assignments() -> list[str]:
    """Every assignment folder in solutions/ (aNN_slug), sorted."""
    return sorted(p.name for p in SOLUTIONS.glob("a[0-9][0-9]_*") if p.is_dir())


def prefix(assignment: str) -> str:
    return assignment.split("_", 1)[0]


def source_notebook(assignment: str) -> Path:
    return SOLUTIONS / assignment / f"{assignment}.ipynb"


def release_notebook(assignment: str) -> Path:
    return EXERCISES / assignment / f"{assignment}.ipynb"


def read(path: Path):
    return nbformat.read(str(path), as_version=4)


def meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell) -> str | None:
    return meta(cell).get("grade_id")


def is_answer(cell) -> bool:
    return cell.cell_type == "code" and bool(meta(cell).get("solution"))


def is_test(cell) -> bool:
    return cell.cell_type == "code" and bool(meta(cell).get("grade")) and not meta(cell).get("solution")


def is_written(cell) -> bool:
    return cell.cell_type == "markdown" and bool(meta(cell).get("grade")) and bool(meta(cell).get("solution"))


def test_points(nb) -> dict[str, float]:
    """Autograded points: test cell grade id -> points."""
    return {grade_id(c): float(meta(c)["points"]) for c in nb.cells if is_test(c)}


def manual_points(nb) -> dict[str, float]:
    return {grade_id(c): float(meta(c)["points"]) for c in nb.cells if meta(c).get("grade") and not is_test(c)}


def stated_points(nb) -> tuple[int | None, int | None]:
    """(total, autograded) as stated in the first cell: ``**Points:** N in all: M scored by the tests``."""
    first = nb.cells[0].source
    total = re.search(r"\*\*Points:\*\*\s*(\d+)", first)
    auto = re.search(r"(\d+)\s+scored by the tests", first)
    return (int(total.group(1)) if total else None, int(auto.group(1)) if auto else None)


def fixture(assignment: str):
    """The per-assignment fixture module tests/fixtures/assignments/aNN.py."""
    path = FIXTURES / f"{prefix(assignment)}.py"
    spec = importlib.util.spec_from_file_location(f"assignment_fixture_{prefix(assignment)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _region_lines(source: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """(lines inside begin/end regions, lines outside), delimiter lines excluded."""
    inside, outside, state = [], [], False
    for line in source.split("\n"):
        if begin in line:
            state = True
        elif end in line:
            state = False
        elif state:
            inside.append(line)
        else:
            outside.append(line)
    return inside, outside


def solution_lines(nb) -> list[str]:
    """Distinctive lines of solution code and of model written answers."""
    inside, outside = [], set()
    for c in nb.cells:
        if is_answer(c):
            i, o = _region_lines(c.source, BEGIN_SOLUTION, END_SOLUTION)
            inside += i
            outside |= {line.strip() for line in o}
        elif is_written(c):
            inside += [s for s in re.split(r"(?<=[.;:])\s+", c.source.replace("\n", " ")) if s]
        elif c.cell_type == "code":
            outside |= {line.strip() for line in c.source.split("\n")}
    return sorted({line.strip() for line in inside if len(line.strip()) >= 12 and line.strip() not in outside})


def ends_with_statement(source: str) -> bool:
    """True if the code's last top-level statement is not a bare expression (which nbgrader may score)."""
    body = ast.parse(source).body
    return bool(body) and not isinstance(body[-1], ast.Expr)


def function_names(source: str) -> list[str]:
    return [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]


def html_text(path: Path) -> str:
    """The visible text of an HTML file: tags dropped, entities decoded, whitespace collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    text = html.unescape(re.sub(r"<[^>]+>", "", raw))
    return re.sub(r"\s+", " ", text)


def squash(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip())


# ------------------------------------------------------------------------------------------------------------
# The students
# ------------------------------------------------------------------------------------------------------------


def make_students(assignment: str) -> dict[str, object]:
    """Student id -> notebook (nbformat node) or raw text (for the submission that is not JSON), each made by
    swarmcast.grading.practice.make_submission (the one factory) from the released notebook."""
    fx = fixture(assignment)
    exercise = read(release_notebook(assignment))
    solutions = practice.solution_answers(read(source_notebook(assignment)))
    code = {grade_id(c) for c in exercise.cells if is_answer(c)}
    noisy = {gid: text + "".join("\n" + WARNING_WRAPPER.format(name=name) for name in function_names(text))
             for gid, text in solutions.items() if gid in code}

    def make(kind, **options):
        return practice.make_submission(exercise, kind, **options)

    students = {
        "s01_solution": make("perfect", answers=solutions),
        "s02_blank": make("blank"),
        "s03_partial": make("partial", answers={g: solutions[g] for g in fx.PARTIAL_FILL}),
        "s04_edited_tests": make("tampered"),  # every test cell replaced by `pass`: the originals must come back
        "s05_deleted_tests": make("deleted", answers=solutions),  # a correct notebook with every test cell deleted
        # the loop student's function loops for ever (sleeping: the test run does not burn a core); the plain code
        # cells that would call it again are deleted (students may), so the run pays the timeout once
        "s06_infinite_loop": make("loop", answers=solutions, cell=fx.LOOP_CELL, in_function=True),
        "s07_kernel_killer": make("kernel_death", answers=solutions),
        "s08_not_json": make("invalid_json", answers=solutions),
        "s09_fake_equality": make("equality_cheat", answers=fx.FAKE_ANSWERS),
        "s10_rebinds_names": make("cheat", answers=fx.REBIND_ANSWERS, prelude=REBIND_PRELUDE),
        "s11_stderr_warning": make("perfect", answers={**solutions, **noisy}),
        "s12_hard_coded": make("cheat", answers=fx.HARD_CODED_ANSWERS),
    }
    assert sorted(students) == list(STUDENTS)
    return students


# ------------------------------------------------------------------------------------------------------------
# The grading run
# ------------------------------------------------------------------------------------------------------------


@dataclass
class Grading:
    """Everything the tests need from one assignment's grading run."""

    assignment: str
    course: Path
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # student -> test cell id -> auto score
    manual: dict[str, list[str]] = field(default_factory=dict)  # student -> grade ids needing a manual grade
    graded: set[str] = field(default_factory=set)  # students with a submission in the gradebook
    autograde_log: str = ""
    autograde_returncode: int = 0
    feedback_log: str = ""
    validate_log: str = ""
    invert_log: str = ""
    generated: Path | None = None  # exercises/ regenerated in the temporary course

    def total(self, student: str) -> float:
        return sum(self.scores.get(student, {}).values())

    def autograded(self, student: str) -> Path:
        return self.course / "autograded" / student / self.assignment / f"{self.assignment}.ipynb"

    def submitted(self, student: str) -> Path:
        return self.course / "submitted" / student / self.assignment / f"{self.assignment}.ipynb"

    def feedback(self, student: str) -> Path:
        return self.course / "feedback" / student / self.assignment / f"{self.assignment}.html"


def nbgrader(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    # nbgrader runs `alembic` from PATH when it creates a gradebook: the venv's bin must come first.
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(
        [str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def run_grading(assignment: str, workdir: Path) -> Grading:
    """Copy the course into ``workdir``, generate the release, grade the class, produce feedback, validate."""
    from nbgrader.api import Gradebook, MissingEntry

    course = workdir / "course"
    (course / "solutions").mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(SOLUTIONS / assignment, course / "solutions" / assignment)
    g = Grading(assignment=assignment, course=course)

    gen = nbgrader(["generate_assignment", assignment, "--force"], course)
    assert gen.returncode == 0, f"generate_assignment failed:\n{gen.stdout}\n{gen.stderr}"
    g.generated = course / "exercises" / assignment

    for student, nb in make_students(assignment).items():
        practice.write_submission(course / "submitted" / student / assignment, f"{assignment}.ipynb", nb)

    # validate runs while autograde runs (autograde waits on kernels and on the loop's timeout): both only read.
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    validate = subprocess.Popen(
        [str(BIN / "nbgrader"), "validate", str(source_notebook(assignment)), str(release_notebook(assignment))],
        cwd=course, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    auto = nbgrader(["autograde", assignment, "--force", f"--Execute.timeout={TIMEOUT_S}"], course)
    g.autograde_log = auto.stdout + auto.stderr
    g.autograde_returncode = auto.returncode
    g.validate_log = validate.communicate(timeout=600)[0]
    invert = subprocess.Popen(
        [str(BIN / "nbgrader"), "validate", "--invert", str(release_notebook(assignment))],
        cwd=course, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    # feedback for the students whose pages the tests read (the student id is a glob for nbgrader)
    fb = nbgrader(["generate_feedback", assignment, "--force", f"--student={FEEDBACK_GLOB}"], course)
    g.feedback_log = fb.stdout + fb.stderr
    g.invert_log = invert.communicate(timeout=600)[0]

    solution = read(source_notebook(assignment))
    tests_ = test_points(solution)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in STUDENTS:
            try:
                sub = gb.find_submission_notebook(assignment, assignment, student)
            except MissingEntry:
                continue
            g.graded.add(student)
            grades = {gr.name: gr for gr in sub.grades}
            g.scores[student] = {gid: float(grades[gid].auto_score or 0.0) for gid in tests_ if gid in grades}
            g.manual[student] = sorted(gid for gid, gr in grades.items() if gr.needs_manual_grade)
    return g


_FRAME = re.compile(r"Cell\s+In\s*\[\s*\d*\s*\],\s*line\s+(\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def failing_lines(nb) -> dict[str, tuple[int, int]]:
    """Test cell id -> (line of the cell where its first error was raised, line of the hidden-tests delimiter)."""
    out = {}
    for c in nb.cells:
        if not is_test(c):
            continue
        errors = [o for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if not errors:
            continue
        m = _FRAME.search(_ANSI.sub("", "\n".join(errors[0].get("traceback", []))))
        begin = next(i for i, line in enumerate(c.source.split("\n"), start=1) if BEGIN_HIDDEN in line)
        out[grade_id(c)] = (int(m.group(1)) if m else -1, begin)
    return out


def split_validate_log(log: str) -> dict[str, str]:
    """nbgrader validate output per notebook path (the log line 'Validating <path>' starts each part)."""
    parts: dict[str, str] = {}
    current = None
    for line in log.splitlines():
        m = re.search(r"Validating '([^']+)'", line)
        if m:
            current = m.group(1)
            parts[current] = ""
        elif current:
            parts[current] += line + "\n"
    return parts


def dump(obj) -> str:
    return json.dumps(obj, indent=1, sort_keys=True, default=str)
