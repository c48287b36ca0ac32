"""Autograde every submission of an assignment, on one core or several, without ever stopping halfway.

Why: nbgrader's own `autograde` runs students one after another on one core, and a class of 200 takes
minutes; a broken submission must be reported and skipped, never lose the grades of the others.

How the parallel mode keeps the gradebook right: SQLite does not like several writers. Each worker
process grades its students into its OWN copy of the gradebook, in its own scratch course folder
(symbolic links to the real source and submission folders). After each student, the worker reads that
student's rows (submission, notebooks, grades, comments) from its copy and hands them back; the main
process writes them into the course gradebook in one transaction and moves the autograded notebooks
into place. Only the main process ever writes the course gradebook. The rows are the ones nbgrader
itself wrote, so a parallel run leaves the same scores as a serial one (tests/test_grading_parallel.py
proves it on 40 submissions).

Source: nbgrader 0.9 (Jupyter Development Team), ``nbgrader.converters.Autograde`` and its gradebook schema.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .._validate import check_int, check_number
from . import runner, sandbox
from .course import ATTACKER_FILE, Course, CourseError, StudentOutcome, open_course

__all__ = ["SubmissionResult", "GradeRun", "autograde", "save_run", "load_run"]

GRADED = "graded"
FAILED = "failed"


@dataclass(frozen=True)
class SubmissionResult(StudentOutcome):
    """The outcome for one student: graded or failed, why it failed, and anything worth a look."""

    notes: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True)
class GradeRun:
    """One `swarmcast grade` run: every submission's outcome, in student order."""

    assignment: str
    workers: int
    results: tuple[SubmissionResult, ...]
    seconds: float
    log_path: str = ""
    #: False when the run graded without the sandbox (`--unsandboxed`); the report says so.
    sandboxed: bool = True

    @property
    def failed(self) -> tuple[SubmissionResult, ...]:
        return tuple(r for r in self.results if r.status == FAILED)

    @property
    def graded(self) -> tuple[SubmissionResult, ...]:
        return tuple(r for r in self.results if r.status == GRADED)

    def frame(self) -> pd.DataFrame:
        """One row per student: status, reason, notes, seconds."""
        df = pd.DataFrame(
            [
                {"student": r.student, "status": r.status, "reason": r.reason, "notes": "; ".join(r.notes), "seconds": r.seconds}
                for r in self.results
            ],
            columns=["student", "status", "reason", "notes", "seconds"],
        )
        return df


# ------------------------------------------------------------------------------------------------
# Notes on graded submissions
# ------------------------------------------------------------------------------------------------


def _notes(course: Course, assignment: str, student: str) -> tuple[str, ...]:
    """Timeouts and similar events seen in the autograded notebooks (the submission was still graded)."""
    import nbformat

    notes = []
    folder = course.folder(course.autograded_directory) / student / assignment
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for i, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error" and "Timeout" in str(out.get("ename", "")):
                    where = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {i + 1}"
                    notes.append(f"timeout in {where} of {path.name} (stopped, scored as a failed test)")
    return tuple(notes)


# ------------------------------------------------------------------------------------------------
# Gradebook rows of one submission (for the merge)
# ------------------------------------------------------------------------------------------------

_Rows = dict[str, tuple[list[str], list[tuple]]]


def _select(con: sqlite3.Connection, sql: str, args: Sequence) -> tuple[list[str], list[tuple]]:
    cur = con.execute(sql, tuple(args))
    return [d[0] for d in cur.description], cur.fetchall()


def _submission_rows(db_path: Path, assignment: str, student: str) -> _Rows:
    """Every gradebook row that belongs to one student's submission of one assignment."""
    con = sqlite3.connect(db_path)
    try:
        rows: _Rows = {}
        rows["student"] = _select(con, "SELECT * FROM student WHERE id = ?", [student])
        rows["submitted_assignment"] = _select(
            con,
            "SELECT sa.* FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id "
            "WHERE a.name = ? AND sa.student_id = ?",
            [assignment, student],
        )
        sa_ids = [r[0] for r in rows["submitted_assignment"][1]]
        q = ",".join("?" * len(sa_ids)) or "NULL"
        rows["submitted_notebook"] = _select(con, f"SELECT * FROM submitted_notebook WHERE assignment_id IN ({q})", sa_ids)
        sn_ids = [r[0] for r in rows["submitted_notebook"][1]]
        q = ",".join("?" * len(sn_ids)) or "NULL"
        rows["grade"] = _select(con, f"SELECT * FROM grade WHERE notebook_id IN ({q})", sn_ids)
        rows["comment"] = _select(con, f"SELECT * FROM comment WHERE notebook_id IN ({q})", sn_ids)
        return rows
    finally:
        con.close()


def _merge_rows(db_path: Path, assignment: str, student: str, rows: _Rows) -> None:
    """Replace one student's submission in the course gradebook by the rows a worker produced."""
    con = sqlite3.connect(db_path, timeout=60)
    try:
        with con:  # one transaction: all of the student's rows, or none
            old = con.execute(
                "SELECT sa.id FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id "
                "WHERE a.name = ? AND sa.student_id = ?",
                (assignment, student),
            ).fetchall()
            for (sa_id,) in old:
                sn_ids = [r[0] for r in con.execute("SELECT id FROM submitted_notebook WHERE assignment_id = ?", (sa_id,))]
                for sn_id in sn_ids:
                    con.execute("DELETE FROM comment WHERE notebook_id = ?", (sn_id,))
                    con.execute("DELETE FROM grade WHERE notebook_id = ?", (sn_id,))
                con.execute("DELETE FROM submitted_notebook WHERE assignment_id = ?", (sa_id,))
                con.execute("DELETE FROM submitted_assignment WHERE id = ?", (sa_id,))
            for table in ("student", "submitted_assignment", "submitted_notebook", "grade", "comment"):
                cols, data = rows[table]
                if not data:
                    continue
                verb = "INSERT OR REPLACE" if table == "student" else "INSERT"
                marks = ",".join("?" * len(cols))
                con.executemany(f"{verb} INTO {table} ({','.join(cols)}) VALUES ({marks})", data)
    finally:
        con.close()


# ------------------------------------------------------------------------------------------------
# Worker processes
# ------------------------------------------------------------------------------------------------

_WORKER: dict = {}


def _worker_init(course_root: str, template_db: str, scratch_base: str, log_path: str, timeout_seconds: int | None) -> None:
    """Set up one worker: its own scratch course folder and gradebook copy; kernels' chatter to the log."""
    course, cfg = open_course(course_dir=course_root)
    scratch = Path(tempfile.mkdtemp(prefix=f"worker-{os.getpid()}-", dir=scratch_base))
    shutil.copyfile(template_db, scratch / "gradebook.db")
    src = course.folder(course.source_directory)
    (scratch / "source").symlink_to(src, target_is_directory=True)
    (scratch / "submitted").mkdir()
    cfg.CourseDirectory.root = str(scratch)
    cfg.CourseDirectory.db_url = f"sqlite:///{scratch / 'gradebook.db'}"
    cfg.CourseDirectory.source_directory = "source"
    cfg.CourseDirectory.submitted_directory = "submitted"
    cfg.CourseDirectory.autograded_directory = "autograded"
    if timeout_seconds is not None:
        cfg.Execute.timeout = timeout_seconds
    sandbox.ensure_sandboxed(cfg)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    _WORKER.update(course=course, config=cfg, scratch=scratch)


def _worker_grade(assignment: str, student: str) -> tuple[str, runner.StepResult, _Rows, str]:
    course: Course = _WORKER["course"]
    scratch: Path = _WORKER["scratch"]
    link = scratch / "submitted" / student
    if not link.exists():
        link.symlink_to(course.folder(course.submitted_directory) / student, target_is_directory=True)
    result = runner.autograde_student(config=_WORKER["config"], assignment=assignment, student=student)
    rows = _submission_rows(scratch / "gradebook.db", assignment, student)
    out = scratch / "autograded" / student / assignment
    return student, result, rows, str(out)


def _pool_context():
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        # A single-threaded process forks safely, and the workers start with nbgrader already imported.
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        # With threads around, forking could copy a held lock: the fork server imports nbgrader once and
        # forks workers from its own single thread. (Like "spawn", it re-imports the main script:
        # scripts that call autograde(workers>1) need the usual `if __name__ == "__main__":` guard.)
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["swarmcast.grading.parallel", "nbgrader.converters"])
        return ctx
    return multiprocessing.get_context("spawn")


def _install_autograded(course: Course, assignment: str, student: str, produced: Path) -> None:
    dest = course.folder(course.autograded_directory) / student / assignment
    if dest.exists():
        shutil.rmtree(dest)
    if produced.is_dir():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), str(dest))


# ------------------------------------------------------------------------------------------------
# The public entry point
# ------------------------------------------------------------------------------------------------


def autograde(
    *,
    course_dir: str | os.PathLike,
    assignment: str,
    workers: int = 1,
    students: Sequence[str] | None = None,
    timeout_seconds: float | None = None,
    on_result: Callable[[SubmissionResult], None] | None = None,
    log_path: str | os.PathLike | None = None,
    unsandboxed: bool = False,
) -> GradeRun:
    """Autograde every submitted/<student>/<assignment>/ with nbgrader; return each student's outcome.

    Why: the grading step of the course (runbook step A3). A failed submission is reported with its
    reason and skipped; the others are graded; scores land in the course gradebook as with
    ``nbgrader autograde --force``. ``workers`` > 1 grades students in that many processes.
    Source: nbgrader 0.9 ``Autograde`` converter (Jupyter Development Team).
    """
    workers = check_int("workers", workers, low=1, high=256)
    if not isinstance(unsandboxed, bool):
        raise ValueError(f"unsandboxed must be True or False; got {unsandboxed!r}")
    if students is not None and (isinstance(students, str) or not all(isinstance(s, str) and s for s in students)):
        raise ValueError(f"students must be a list of student ids (non-empty strings) or None; got {students!r}")
    if timeout_seconds is not None:
        timeout_seconds = int(check_number("timeout_seconds", timeout_seconds, low=1, high=24 * 3600))
    course, cfg = open_course(course_dir=course_dir)
    course.check_assignment(assignment)
    course.check_gradebook(assignment)
    submitted = course.submitted_students(assignment)
    if students is not None:
        wanted = list(dict.fromkeys(students))
        missing = [s for s in wanted if s not in submitted]
        if missing:
            raise CourseError(
                f"no submission of {assignment!r} for {', '.join(missing)} in "
                f"{course.folder(course.submitted_directory)}/<student>/{assignment}/"
            )
        submitted = wanted
    if not submitted:
        raise CourseError(
            f"no submissions of {assignment!r}: expected folders {course.folder(course.submitted_directory)}/"
            f"<student>/{assignment}/. On a JupyterHub, run `nbgrader collect {assignment}` first."
        )
    if timeout_seconds is not None:
        cfg.Execute.timeout = timeout_seconds
    sandboxed = not (unsandboxed or sandbox.unsandboxed_requested())
    if sandboxed and sandbox.sandbox_problem():
        raise CourseError(sandbox.sandbox_problem())
    attackers = [s for s in submitted if (course.folder(course.submitted_directory) / s / ATTACKER_FILE).is_file()]
    if not sandboxed and attackers:
        raise CourseError(
            f"{', '.join(attackers)} are practice attackers (`swarmcast practice --attackers`): without the sandbox "
            "their code would change the course and fork-bomb this machine. Grade them in the sandbox, or remove "
            f"them with `swarmcast practice {assignment} --clean`."
        )
    sandbox.ensure_sandboxed(cfg)
    log_path = Path(log_path) if log_path else course.root / ".swarmcast" / f"grade-{assignment}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text(f"swarmcast grade {assignment}: {len(submitted)} submissions, {workers} worker(s)\n", encoding="utf-8")

    t0 = time.perf_counter()
    saved_env = os.environ.get(sandbox.UNSANDBOXED_ENV)
    if not sandboxed:  # the kernel managers (here and in the workers) read it
        os.environ[sandbox.UNSANDBOXED_ENV] = "1"
    try:
        if workers == 1 or len(submitted) == 1 or course.gradebook_path is None:
            results = _grade_serial(course, cfg, assignment, submitted, on_result, log_path)
            used = 1
        else:
            used = min(workers, len(submitted))
            results = _grade_parallel(course, assignment, submitted, used, timeout_seconds, on_result, log_path)
    finally:
        if saved_env is None:
            os.environ.pop(sandbox.UNSANDBOXED_ENV, None)
        else:
            os.environ[sandbox.UNSANDBOXED_ENV] = saved_env
    results.sort(key=lambda r: r.student)
    return GradeRun(assignment, used, tuple(results), time.perf_counter() - t0, str(log_path), sandboxed)


def _log_step(log_path: Path, student: str, step: runner.StepResult) -> None:
    with open(log_path, "a", encoding="utf-8") as fh:
        fh.write(f"\n===== {student}: {'graded' if step.success else 'FAILED: ' + step.reason} ({step.seconds:.1f} s)\n")
        fh.write(step.log)
        fh.write("\n")


def _result(course: Course, assignment: str, student: str, step: runner.StepResult) -> SubmissionResult:
    if step.success:
        return SubmissionResult(student, GRADED, "", _notes(course, assignment, student), round(step.seconds, 3))
    return SubmissionResult(student, FAILED, step.reason, (), round(step.seconds, 3))


def _grade_serial(course, cfg, assignment, students, on_result, log_path) -> list[SubmissionResult]:
    results = []
    for student in students:
        with runner.quiet_file_descriptors(log_path):
            step = runner.autograde_student(config=cfg, assignment=assignment, student=student)
        _log_step(log_path, student, step)
        res = _result(course, assignment, student, step)
        results.append(res)
        if on_result:
            on_result(res)
    return results


def _grade_parallel(course, assignment, students, workers, timeout_seconds, on_result, log_path) -> list[SubmissionResult]:
    db = course.gradebook_path
    scratch_base = Path(tempfile.mkdtemp(prefix="swarmcast-grade-"))
    results = []
    try:
        template = scratch_base / "template.db"
        # sqlite's backup API copies a consistent snapshot even if someone reads the gradebook meanwhile.
        src, dst = sqlite3.connect(db), sqlite3.connect(template)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        init_args = (str(course.root), str(template), str(scratch_base), str(log_path), timeout_seconds)
        with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_worker_init, initargs=init_args) as pool:
            futures = {pool.submit(_worker_grade, assignment, s): s for s in students}
            for fut in as_completed(futures):
                student = futures[fut]
                try:
                    _, step, rows, produced = fut.result()
                except Exception as exc:  # the worker process itself died: report, go on
                    step = runner.StepResult(False, repr(exc), f"the grading worker crashed ({type(exc).__name__})")
                    _log_step(log_path, student, step)
                    res = SubmissionResult(student, FAILED, step.reason)
                else:
                    _merge_rows(db, assignment, student, rows)
                    _install_autograded(course, assignment, student, Path(produced))
                    _log_step(log_path, student, step)
                    res = _result(course, assignment, student, step)
                results.append(res)
                if on_result:
                    on_result(res)
    finally:
        shutil.rmtree(scratch_base, ignore_errors=True)
    return results


# ------------------------------------------------------------------------------------------------
# The run record (read back by the report)
# ------------------------------------------------------------------------------------------------


def save_run(*, run: GradeRun, path: str | os.PathLike) -> Path:
    """Write a run's outcomes as JSON, so a later report can still list the failed submissions."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(run)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def load_run(*, path: str | os.PathLike) -> GradeRun | None:
    path = Path(path)
    if not path.is_file():
        return None
    d = json.loads(path.read_text(encoding="utf-8"))
    results = tuple(
        SubmissionResult(r["student"], r["status"], r.get("reason", ""), tuple(r.get("notes", ())), r.get("seconds", 0.0))
        for r in d.get("results", [])
    )
    return GradeRun(d["assignment"], d.get("workers", 1), results, d.get("seconds", 0.0), d.get("log_path", ""),
                    d.get("sandboxed", True))
