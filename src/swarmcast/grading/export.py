"""Grade export without silent zeros: every row says whether its score is final, and why not.

Why: nbgrader's ``CsvExportPlugin`` writes 0.0 for a submission that could not be graded (a damaged
upload) exactly as for a blank notebook, and counts a written answer nobody has marked yet as 0. A
spreadsheet or learning platform then takes those zeros as grades. Here every (student, assignment)
row carries a ``status``: ``graded``; ``failed: <reason>`` (from the last ``swarmcast grade`` run);
``needs manual grading: <questions>``; ``not graded yet`` (submitted, never autograded); ``no
submission``. Only ``graded`` rows carry a score. ``write_export`` refuses to write while any row is
failed, ungraded or waiting for manual grading, unless ``allow_incomplete``.

Two layouts: nbgrader's own columns plus ``status`` (and ``lms_user_id``), and a Canvas-style
gradebook CSV keyed by student id (nbgrader issue #530): ``Student, ID, SIS User ID, SIS Login ID,
Section`` then one column per assignment, with a ``Points Possible`` row.
``StatusExportPlugin`` is the same table as an nbgrader exporter: ``nbgrader export
--exporter=swarmcast.grading.export.StatusExportPlugin`` marks the rows too (without refusing).
Source: nbgrader 0.9 ``nbgrader.plugins.export`` and ``nbgrader.api.Gradebook``; Canvas LMS
"Import grades in the Gradebook" CSV format (Instructure).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .course import CourseError, open_course

__all__ = ["GRADED", "export_table", "ExportResult", "write_export", "StatusExportPlugin", "FORMATS"]

GRADED = "graded"
NO_SUBMISSION = "no submission"
FORMATS = ("nbgrader", "canvas")
_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email", "lms_user_id",
            "raw_score", "late_submission_penalty", "score", "max_score", "status"]


def _failed_runs(course, assignments) -> dict[tuple[str, str], str]:
    from .parallel import load_run

    out = {}
    for a in assignments:
        run = load_run(path=course.reports_root / a / "grading_run.json")
        for r in (run.failed if run is not None else ()):
            out[(a, r.student)] = r.reason or "could not be graded"
    return out


def _table(gb, *, course=None, assignments=None, students=None) -> pd.DataFrame:
    """One row per (assignment, student) in the gradebook, with its status."""
    from nbgrader.api import MissingEntry

    names = [a.name for a in gb.assignments if not assignments or a.name in assignments]
    failed = _failed_runs(course, names) if course is not None else {}
    rows = []
    for a in gb.assignments:
        if a.name not in names:
            continue
        submitted = set(course.submitted_students(a.name)) if course is not None else set()
        for s in gb.students:
            if students and s.id not in students:
                continue
            row = {"assignment": a.name, "duedate": a.duedate, "timestamp": None, "student_id": s.id,
                   "last_name": s.last_name, "first_name": s.first_name, "email": s.email,
                   "lms_user_id": s.lms_user_id, "raw_score": None, "late_submission_penalty": None,
                   "score": None, "max_score": a.max_score}
            try:
                sub = gb.find_submission(a.name, s.id)
            except MissingEntry:
                sub = None
            if (a.name, s.id) in failed:
                row["status"] = f"failed: {failed[(a.name, s.id)]}"
            elif sub is None:
                row["status"] = "not graded yet: run `swarmcast grade`" if s.id in submitted else NO_SUBMISSION
            else:
                row["timestamp"] = sub.timestamp
                waiting = [g.name for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade]
                never = [g.name for nb in sub.notebooks for g in nb.grades if g.auto_score is None and g.manual_score is None]
                if waiting:
                    tests = [g for nb in sub.notebooks for g in nb.grades if g.cell_type == "code"]
                    auto_failed = bool(never) and bool(tests) and all(g.auto_score is None for g in tests)
                    row["status"] = ("failed: not autograded (no test has a score)" if auto_failed
                                     else f"needs manual grading: {', '.join(waiting)}")
                else:
                    row["status"] = GRADED
                    row["raw_score"] = sub.score
                    row["late_submission_penalty"] = sub.late_submission_penalty
                    row["score"] = sub.score - (sub.late_submission_penalty or 0.0)
            rows.append(row)
    return pd.DataFrame(rows, columns=_COLUMNS).sort_values(["assignment", "student_id"], kind="stable").reset_index(drop=True)


def export_table(*, course_dir: str | os.PathLike, assignments=None, students=None) -> pd.DataFrame:
    """The export as a DataFrame (nbgrader's columns, ``lms_user_id`` and ``status``); scores only where graded.

    Why: the table behind ``swarmcast export``; read through nbgrader's gradebook API, so formgrader's
    manual grades count.
    """
    from nbgrader.api import Gradebook

    course, _ = open_course(course_dir=course_dir)
    course.check_gradebook()
    for a in assignments or ():
        course.check_gradebook(a)
    with Gradebook(course.db_url, course.course_id) as gb:
        return _table(gb, course=course, assignments=assignments, students=students)


def canvas_table(table: pd.DataFrame) -> pd.DataFrame:
    """A Canvas-style gradebook CSV: one row per student, keyed by SIS User ID (the nbgrader student id).

    The ``ID`` column is the roster's ``lms_user_id`` (empty if none was imported); a cell is empty
    where the score is not final, so an import never overwrites a grade with a made-up 0.
    """
    assignments = list(dict.fromkeys(table["assignment"]))
    people = table.drop_duplicates("student_id").set_index("student_id")
    rows = [{"Student": "Points Possible", "ID": "", "SIS User ID": "", "SIS Login ID": "", "Section": "",
             **{a: table.loc[table["assignment"] == a, "max_score"].iloc[0] for a in assignments}}]
    for sid, p in people.iterrows():
        name = ", ".join(x for x in (p["last_name"], p["first_name"]) if isinstance(x, str) and x) or sid
        row = {"Student": name, "ID": p["lms_user_id"] or "", "SIS User ID": sid, "SIS Login ID": sid, "Section": ""}
        for a in assignments:
            r = table[(table["assignment"] == a) & (table["student_id"] == sid)].iloc[0]
            row[a] = "" if r["status"] != GRADED else r["score"]
        rows.append(row)
    return pd.DataFrame(rows, columns=["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments])


@dataclass(frozen=True)
class ExportResult:
    """What ``write_export`` did: the file (None if it refused), the table, and the rows that are not final."""

    path: Path | None
    table: pd.DataFrame
    incomplete: pd.DataFrame


def write_export(*, course_dir: str | os.PathLike, assignments=None, out: str | os.PathLike | None = None,
                 fmt: str = "nbgrader", allow_incomplete: bool = False) -> ExportResult:
    """Write the grade export (default ``reports/grades.csv`` or ``reports/grades-canvas.csv``); refuse if incomplete.

    Why: runbook step A9. A row that failed, waits for manual grading or was never graded stops the
    export (``path`` is None) unless ``allow_incomplete``; those rows are returned to be named.
    """
    from .privacy import check_private

    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    course, _ = open_course(course_dir=course_dir)
    table = export_table(course_dir=course.root, assignments=assignments)
    if table.empty:
        raise CourseError("the gradebook has no students yet: import a roster (`swarmcast roster import`) or grade first.")
    incomplete = table[(table["status"] != GRADED) & (table["status"] != NO_SUBMISSION)]
    if len(incomplete) and not allow_incomplete:
        return ExportResult(None, table, incomplete)
    default = "grades.csv" if fmt == "nbgrader" else "grades-canvas.csv"
    path = Path(out) if out else course.reports_root / default
    if not path.is_absolute():
        path = Path.cwd() / path
    check_private(path, what="student grades")
    path.parent.mkdir(parents=True, exist_ok=True)
    (table if fmt == "nbgrader" else canvas_table(table)).to_csv(path, index=False)
    return ExportResult(path, table, incomplete)


try:  # the nbgrader exporter, for `nbgrader export --exporter=...` (nbgrader is the instructor extra)
    from nbgrader.plugins.export import ExportPlugin
except ImportError:  # pragma: no cover - the student install has no nbgrader
    ExportPlugin = object


class StatusExportPlugin(ExportPlugin):
    """nbgrader exporter that writes the status column and leaves unfinished scores empty (never 0)."""

    def export(self, gradebook) -> None:
        dest = self.to or "grades.csv"
        table = _table(gradebook, assignments=[str(a) for a in self.assignment] or None,
                       students=[str(s) for s in self.student] or None)
        table.to_csv(dest, index=False)
