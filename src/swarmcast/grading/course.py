"""Find an nbgrader course folder, read its configuration, and check what a command needs.

Why: an instructor who runs a command from the wrong folder, or misspells an assignment, should read
what is wrong and what to type next, not a traceback from deep inside nbgrader.
Source: the nbgrader course folder layout (Jupyter Development Team, nbgrader 0.9 documentation,
"Philosophy" and "Configuration options").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ATTACKER_FILE", "CONFIG_FILE", "CourseError", "Course", "StudentOutcome", "open_course"]

#: Written in submitted/<attacker>/ by `swarmcast practice --attackers`: `swarmcast grade --unsandboxed` refuses
#: to run these students (their code would change the course and fork-bomb the machine).
ATTACKER_FILE = ".swarmcast-attacker"

CONFIG_FILE = "nbgrader_config.py"


class CourseError(Exception):
    """A problem with the course folder, an assignment name or the gradebook, with what to do about it."""


@dataclass(frozen=True)
class StudentOutcome:
    """What one step (grading, feedback) did for one student: its status, and why when it went wrong."""

    student: str
    status: str
    reason: str = ""


@dataclass(frozen=True)
class Course:
    """One course folder and the nbgrader settings that the grading tools use."""

    root: Path
    course_id: str
    source_directory: str
    release_directory: str
    submitted_directory: str
    autograded_directory: str
    feedback_directory: str
    db_url: str
    timeout_seconds: int | None

    # -- paths ------------------------------------------------------------------------------------
    def folder(self, name: str) -> Path:
        """An nbgrader folder (absolute, or relative to the course root)."""
        p = Path(name)
        return p if p.is_absolute() else self.root / p

    @property
    def gradebook_path(self) -> Path | None:
        """The SQLite gradebook file, or None when the gradebook is not a SQLite file."""
        prefix = "sqlite:///"
        if not self.db_url.startswith(prefix):
            return None
        return Path(self.db_url[len(prefix):])

    @property
    def reports_root(self) -> Path:
        return self.root / "reports"

    # -- what is in the course ------------------------------------------------------------------
    def assignments(self) -> list[str]:
        """Assignments that have a source folder (what `release` can build)."""
        src = self.folder(self.source_directory)
        if not src.is_dir():
            return []
        return sorted(p.name for p in src.iterdir() if p.is_dir() and not p.name.startswith("."))

    def submitted_students(self, assignment: str) -> list[str]:
        """Students with a submitted/<student>/<assignment>/ folder, sorted."""
        sub = self.folder(self.submitted_directory)
        if not sub.is_dir():
            return []
        return sorted(p.name for p in sub.iterdir() if (p / assignment).is_dir())

    def autograded_students(self, assignment: str) -> list[str]:
        auto = self.folder(self.autograded_directory)
        if not auto.is_dir():
            return []
        return sorted(p.name for p in auto.iterdir() if (p / assignment).is_dir())

    # -- checks with instructions ----------------------------------------------------------------
    def check_assignment(self, assignment: str) -> str:
        """Return ``assignment`` if it has a source folder; otherwise list the ones that exist."""
        known = self.assignments()
        if assignment in known:
            return assignment
        src = self.folder(self.source_directory)
        if known:
            listed = ", ".join(known)
            raise CourseError(
                f"unknown assignment {assignment!r}: there is no folder {src / assignment}.\n"
                f"Assignments in this course: {listed}"
            )
        raise CourseError(
            f"unknown assignment {assignment!r}: the source folder {src} has no assignments yet. "
            "Put each assignment in its own folder there (for example solutions/a01_counting/)."
        )

    def check_gradebook(self, assignment: str | None = None) -> None:
        """Fail with instructions if the gradebook is missing, or does not know ``assignment``."""
        path = self.gradebook_path
        if path is not None and not path.is_file():
            hint = f"swarmcast release {assignment}" if assignment else "swarmcast release ASSIGNMENT"
            raise CourseError(
                f"no gradebook at {path}. The gradebook is created when an assignment is released: "
                f"run `{hint}` from the course folder first."
            )
        if assignment is None:
            return
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(self.db_url, self.course_id) as gb:
            try:
                gb.find_assignment(assignment)
            except MissingEntry:
                raise CourseError(
                    f"assignment {assignment!r} is not in the gradebook {path or self.db_url}: "
                    f"run `swarmcast release {assignment}` first (it records the tests and points)."
                ) from None


def _load_nbgrader_config(root: Path):
    """The configuration nbgrader itself would use from ``root``: global files, then the course file."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    cfg = Config()
    # jupyter_config_path() lists the highest priority first; load the lowest first so later ones win.
    for folder in reversed(jupyter_config_path()):
        if (Path(folder) / CONFIG_FILE).is_file() and Path(folder).resolve() != root:
            cfg.merge(PyFileConfigLoader(CONFIG_FILE, path=folder).load_config())
    try:
        cfg.merge(PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config())
    except Exception as exc:  # a syntax error in the config file
        raise CourseError(f"could not read {root / CONFIG_FILE}: {exc}") from exc
    return cfg


def open_course(*, course_dir: str | os.PathLike) -> tuple[Course, object]:
    """Check that ``course_dir`` is a course folder and return the Course and its nbgrader Config.

    Why: every swarmcast command starts here, so a wrong folder fails at once with a clear message.
    """
    if not isinstance(course_dir, (str, os.PathLike)):
        raise ValueError(f"course_dir must be a path; got {course_dir!r}")
    root = Path(course_dir).expanduser().resolve()
    if not root.is_dir():
        raise CourseError(
            f"course folder {root} does not exist. Run swarmcast from the course root (the folder with "
            f"{CONFIG_FILE}) or pass --course-dir PATH."
        )
    if not (root / CONFIG_FILE).is_file():
        raise CourseError(
            f"{root} is not a course folder: it has no {CONFIG_FILE}. Run swarmcast from the course root "
            f"(the folder with {CONFIG_FILE}, solutions/ and exercises/) or pass --course-dir PATH."
        )
    cfg = _load_nbgrader_config(root)
    # Paths in the config are relative to the course root, wherever the command is run from.
    cfg.CourseDirectory.root = str(root)
    db_url = cfg.CourseDirectory.get("db_url", f"sqlite:///{root / 'gradebook.db'}")
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and not os.path.isabs(db_url[len(prefix):]):
        db_url = prefix + str(root / db_url[len(prefix):])
    cfg.CourseDirectory.db_url = db_url

    from nbgrader.coursedir import CourseDirectory

    cd = CourseDirectory(config=cfg)
    timeout = cfg.Execute.get("timeout", 30) if "Execute" in cfg else 30
    course = Course(
        root=root,
        course_id=cd.course_id,
        source_directory=cd.source_directory,
        release_directory=cd.release_directory,
        submitted_directory=cd.submitted_directory,
        autograded_directory=cd.autograded_directory,
        feedback_directory=cd.feedback_directory,
        db_url=db_url,
        timeout_seconds=timeout,
    )
    return course, cfg
