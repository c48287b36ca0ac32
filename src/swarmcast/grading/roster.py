"""Import a class roster (student ids, names, emails, LMS ids) into the gradebook, checking every row first.

Why: without a roster, formgrader lists every student as "None, None" and the grade export has no
names or LMS ids to upload against. ``nbgrader db student import`` takes a CSV but stops at the
first bad row with a traceback, after importing the rows before it. Here the whole file is checked
first; any bad row (no id, an id that cannot be a folder name, a duplicate id, an email without @, an
unknown column) is listed with its line number and nothing is imported. Then every row goes to the
gradebook through the same call nbgrader's importer makes (``Gradebook.update_or_create_student``).
Source: nbgrader 0.9 ``nbgrader db student import`` (``nbgrader.apps.dbapp.DbStudentImportApp``).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .course import CourseError, open_course

__all__ = ["COLUMNS", "RosterError", "read_roster", "import_roster"]

#: Columns nbgrader's student table has; only ``id`` is required.
COLUMNS = ("id", "first_name", "last_name", "email", "lms_user_id")
#: Student ids become folder names (submitted/<id>/) and exchange keys: letters, digits, . _ - @ only.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")


class RosterError(CourseError):
    """The roster file has bad rows; nothing was imported."""


@dataclass(frozen=True)
class ImportResult:
    added: tuple[str, ...]
    updated: tuple[str, ...]


def read_roster(path: str | os.PathLike) -> list[dict]:
    """The rows of a roster CSV as dicts (empty cells as None), or RosterError listing every bad row."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"no roster file at {path}. Give a CSV file with a header line: {','.join(COLUMNS)} (only id is required).")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(f"{path} is not UTF-8 text: save the roster as CSV (UTF-8) from your spreadsheet.") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "id" not in header:
        raise RosterError(
            f"{path} has no 'id' column (its header is: {', '.join(header) or 'empty'}). The first line must name the "
            f"columns: {','.join(COLUMNS)} (only id is required)."
        )
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise RosterError(f"{path}: unknown column(s) {', '.join(unknown)}; the allowed columns are {', '.join(COLUMNS)}.")
    reader.fieldnames = header
    rows, problems, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        if None in raw:
            problems.append(f"line {line}: more cells than columns in the header")
            continue
        row = {k: (v.strip() if isinstance(v, str) and v.strip() else None) for k, v in raw.items()}
        sid = row.get("id")
        if not any(row.values()):
            continue  # a blank line
        if not sid:
            problems.append(f"line {line}: no student id")
        elif not _ID.fullmatch(sid):
            problems.append(f"line {line}: student id {sid!r} may hold only letters, digits, '.', '_', '-' and '@' "
                            "(it becomes a folder name)")
        elif sid in seen:
            problems.append(f"line {line}: student id {sid!r} again (first on line {seen[sid]})")
        else:
            seen[sid] = line
        email = row.get("email")
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            problems.append(f"line {line}: email {email!r} is not an email address")
        rows.append(row)
    if problems:
        raise RosterError(f"{path} has {len(problems)} bad row(s); nothing was imported. Fix them and run it again:\n  "
                          + "\n  ".join(problems))
    if not rows:
        raise RosterError(f"{path} has a header but no students.")
    return rows


def import_roster(*, course_dir: str | os.PathLike, path: str | os.PathLike) -> ImportResult:
    """Check the roster, then add or update every student in the gradebook (names, email, LMS id).

    Why: runbook step "Register the class"; names in formgrader and an export keyed by student id.
    """
    from nbgrader.api import Gradebook

    course, _ = open_course(course_dir=course_dir)
    rows = read_roster(path)
    course.check_gradebook()  # created by the first `swarmcast release`; a roster goes into an existing one
    added, updated = [], []
    with Gradebook(course.db_url, course.course_id) as gb:
        known = {s.id for s in gb.students}
        for row in rows:
            sid = row["id"]
            fields = {k: v for k, v in row.items() if k != "id" and k in COLUMNS}
            gb.update_or_create_student(sid, **fields)
            (updated if sid in known else added).append(sid)
    return ImportResult(tuple(added), tuple(updated))
