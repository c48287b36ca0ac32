"""Run nbgrader's converters inside this Python process, one assignment or one student at a time.

Why: each `nbgrader` command pays about 3.6 s of start-up; grading a class student by student in one
process pays it once, lets one broken submission fail alone, and gives us the log to explain why.
Source: nbgrader 0.9 (Jupyter Development Team), ``nbgrader.converters`` and ``nbgrader.apps.api``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "StepResult",
    "generate_assignment",
    "autograde_student",
    "generate_feedback_student",
    "failure_reason",
    "quiet_file_descriptors",
]

_LOG_NAME = "swarmcast.grading.nbgrader"


@dataclass(frozen=True)
class StepResult:
    """What one nbgrader step did: success, nbgrader's log, and a one-line reason when it failed."""

    success: bool
    log: str
    reason: str = ""
    seconds: float = 0.0


def _logger() -> logging.Logger:
    log = logging.getLogger(_LOG_NAME)
    log.propagate = False  # nbgrader's own messages go to the captured log, never to the terminal
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    log.setLevel(logging.INFO)
    return log


def _coursedir(config):
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=config, log=_logger())


def _run(app) -> tuple[bool, str]:
    from nbgrader.utils import capture_log

    with warnings.catch_warnings():
        # SQLAlchemy and nbformat warnings about nbgrader's own objects are noise for an instructor.
        warnings.simplefilter("ignore")
        out = capture_log(app)
    text = "\n".join(s for s in (out.get("log", ""), out.get("error", "")) if s)
    return bool(out.get("success")), text


def _step(converter, *, config, flags: dict, extra_config=None, **ids) -> StepResult:
    """Run one nbgrader converter for ``ids`` (assignment_id, student_id) in this process, timed."""
    from nbgrader.utils import temp_attrs

    t0 = time.perf_counter()
    cd = _coursedir(config)
    with temp_attrs(cd, **ids):
        app = converter(coursedir=cd, config=config, log=_logger())
        if extra_config is not None:
            app.update_config(extra_config)
        for name, value in flags.items():
            setattr(app, name, value)
        ok, text = _run(app)
    return StepResult(ok, text, "" if ok else failure_reason(text), time.perf_counter() - t0)


def generate_assignment(*, config, assignment: str) -> StepResult:
    """``nbgrader generate_assignment --force`` for one assignment (solutions/ -> exercises/, gradebook)."""
    from nbgrader.converters import GenerateAssignment

    return _step(GenerateAssignment, config=config, flags={"force": True, "create_assignment": True}, assignment_id=assignment)


def autograde_student(*, config, assignment: str, student: str) -> StepResult:
    """``nbgrader autograde --force --student=STUDENT`` in this process, into the configured gradebook."""
    from nbgrader.converters import Autograde

    return _step(
        Autograde, config=config, flags={"force": True, "create_student": True}, assignment_id=assignment, student_id=student
    )


def generate_feedback_student(*, config, assignment: str, student: str) -> StepResult:
    """``nbgrader generate_feedback --force --student=STUDENT`` with the course's feedback preprocessors."""
    from nbgrader.converters import GenerateFeedback
    from traitlets.config import Config

    from .offline import template_basedirs

    c = Config()
    c.HTMLExporter.template_name = "feedback"
    c.HTMLExporter.extra_template_basedirs = template_basedirs()  # our mathjax macro first: no CDN MathJax
    return _step(
        GenerateFeedback, config=config, flags={"force": True}, extra_config=c, assignment_id=assignment, student_id=student
    )


# Ordered: the first pattern found in nbgrader's log names the reason.
_REASONS = [
    (r"NotJSONError|JSONDecodeError|does not appear to be JSON", "the notebook file is not valid JSON (damaged or cut short)"),
    (r"DeadKernelError|Kernel died", "the kernel died while running the notebook (the code exited the process or crashed it)"),
    (r"kernel became unresponsive|UnresponsiveKernelError", "the kernel stopped responding and could not be interrupted"),
    (r"NotebookValidationError|ValidationError", "the notebook does not follow the notebook format"),
    (r"No notebooks were matched|No notebooks found", "no notebook was found in the submission folder"),
    (r"SchemaTooOldError|SchemaTooNewError|old version\s+of the nbgrader metadata", "the notebook's nbgrader metadata has the wrong version"),
    (r"error accessing the nbgrader database|database is locked", "the gradebook could not be written"),
    (r"CellTimeoutError|TimeoutError", "a cell ran past the time limit and could not be stopped"),
]


def failure_reason(log_text: str) -> str:
    """A one-line reason for a failed nbgrader step, read from its log."""
    for pattern, reason in _REASONS:
        if re.search(pattern, log_text):
            return reason
    lines = [ln.strip() for ln in log_text.splitlines() if ln.strip()]
    errors = [ln for ln in lines if re.match(r"^[A-Za-z_.]*(Error|Exception)\b", ln)]
    if errors:
        return errors[-1][:200]
    return (lines[-1][:200] if lines else "nbgrader failed without a message")


@contextlib.contextmanager
def quiet_file_descriptors(log_path: Path | None):
    """Send this process's stdout/stderr file descriptors (and so the kernels' chatter) to ``log_path``.

    Kernels started by nbgrader inherit file descriptors 1 and 2 and print start-up warnings there;
    they would break a progress bar. Python-level streams opened before this stay usable through
    duplicated descriptors (the command line keeps one for its progress bar).
    """
    if log_path is None:
        yield
        return
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    saved = [os.dup(1), os.dup(2)]
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for f in (*saved, fd):
            os.close(f)
