"""Keep files with student data out of the course's git repository.

Why: the course folder is usually a clone of the public course repository. A grade export, a flag list
or a roster written next to the notebooks would be published by the next ``git add -A``. Every
``swarmcast`` command writes student data under ``reports/`` or ``.swarmcast/`` (git-ignored in the
course's .gitignore); a path the instructor gives with ``--out`` or ``--csv`` is checked here first.
Source: ``git check-ignore`` (git documentation).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .course import CourseError

__all__ = ["check_private"]


def _git_root(folder: Path) -> Path | None:
    if shutil.which("git") is None:
        return None
    out = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def check_private(path: Path, *, what: str) -> Path:
    """Return ``path`` if it is outside any git repository or git-ignored in it; otherwise refuse, saying what to do.

    Why: student grades and ids must never be committed by accident (``git add -A``).
    """
    path = Path(path).resolve()
    folder = path.parent
    while not folder.exists():
        folder = folder.parent
    root = _git_root(folder)
    if root is None:
        return path
    try:
        rel = path.relative_to(root.resolve())
    except ValueError:
        return path
    out = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", "--no-index", str(rel)], capture_output=True)
    if out.returncode == 0:
        return path
    raise CourseError(
        f"{path} holds {what} and is inside the git repository {root} without being git-ignored: "
        f"`git add -A` would publish it. Write it under reports/ (ignored), or add its name to {root / '.gitignore'}."
    )
