"""Write each student's feedback page with hidden tests scrubbed, and check every page before it goes out.

Why: feedback is where hidden tests leak (nbgrader issues #917, #1363); a leaked hidden test lets the
next cohort pass by copying expected values. We scrub with ``ScrubHiddenTests`` and then search every
page for the text of every hidden line: a page that still shows one is withheld, never released.
Source: nbgrader 0.9 ``GenerateFeedback`` converter (Jupyter Development Team).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import runner
from .course import CourseError, StudentOutcome, open_course

__all__ = ["FeedbackResult", "FeedbackRun", "generate_feedback", "SCRUB_PREPROCESSOR"]

SCRUB_PREPROCESSOR = "swarmcast.grading.scrub.ScrubHiddenTests"
_PLAIN_CLEAR = {"nbgrader.preprocessors.ClearHiddenTests", "nbgrader.preprocessors.clearhiddentests.ClearHiddenTests"}


@dataclass(frozen=True)
class FeedbackResult(StudentOutcome):
    """One student's feedback: written, failed (nbgrader error) or withheld (hidden test text found), and its pages."""

    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedbackRun:
    assignment: str
    results: tuple[FeedbackResult, ...]

    @property
    def problems(self) -> tuple[FeedbackResult, ...]:
        return tuple(r for r in self.results if r.status != "written")


def _with_scrubbing(cfg) -> None:
    """Make sure the feedback preprocessors scrub hidden tests, whatever the course config says."""
    from nbgrader.converters import GenerateFeedback

    current = list(cfg.GenerateFeedback.get("preprocessors", GenerateFeedback.preprocessors.default_value))
    names = [p if isinstance(p, str) else f"{p.__module__}.{p.__qualname__}" for p in current]
    if SCRUB_PREPROCESSOR in names:
        return
    kept = [p for p, n in zip(current, names) if n not in _PLAIN_CLEAR and not n.endswith(".ClearHiddenTests")]
    cfg.GenerateFeedback.preprocessors = kept + [SCRUB_PREPROCESSOR]


def _hidden_probe_lines(course, assignment: str) -> tuple[list[str], str]:
    """Hidden test lines of the assignment's source notebooks that are not also visible in the release,
    and the release's own text (what students may see anyway)."""
    from .scrub import hidden_lines

    src = course.folder(course.source_directory) / assignment
    release = course.folder(course.release_directory) / assignment
    import nbformat

    visible = ""
    for path in release.glob("*.ipynb"):
        visible += "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    lines = []
    for nb in sorted(src.glob("*.ipynb")):
        lines += [ln for ln in hidden_lines(source_notebook=nb) if ln not in visible]
    return lines, visible


def generate_feedback(
    *,
    course_dir: str | os.PathLike,
    assignment: str,
    students: Sequence[str] | None = None,
    on_result: Callable[[FeedbackResult], None] | None = None,
) -> FeedbackRun:
    """Feedback HTML for every autograded student (feedback/<student>/<assignment>/), hidden tests scrubbed.

    Why: runbook step A8; students read why they lost marks without learning the hidden tests.
    Source: nbgrader 0.9 ``GenerateFeedback`` (Jupyter Development Team).
    """
    from .scrub import find_leaks

    course, cfg = open_course(course_dir=course_dir)
    course.check_assignment(assignment)
    course.check_gradebook(assignment)
    graded = course.autograded_students(assignment)
    if students is not None:
        missing = [s for s in students if s not in graded]
        if missing:
            raise CourseError(f"{', '.join(missing)}: no autograded submission of {assignment!r}; run `swarmcast grade {assignment}` first.")
        graded = list(dict.fromkeys(students))
    if not graded:
        raise CourseError(f"no autograded submissions of {assignment!r}: run `swarmcast grade {assignment}` first.")
    _with_scrubbing(cfg)
    probes, visible = _hidden_probe_lines(course, assignment)
    results = []
    for student in graded:
        step = runner.generate_feedback_student(config=cfg, assignment=assignment, student=student)
        out = course.folder(course.feedback_directory) / student / assignment
        pages = sorted(out.glob("*.html")) if step.success else []
        if not step.success:
            res = FeedbackResult(student, "failed", step.reason)
        else:
            leaked = {p.name: find_leaks(html_text=p.read_text(encoding="utf-8"), hidden=probes, visible_text=visible) for p in pages}
            leaked = {k: v for k, v in leaked.items() if v}
            if leaked:
                for name in leaked:
                    (out / name).unlink()
                first = next(iter(leaked.values()))[0]
                res = FeedbackResult(student, "withheld", f"hidden test text found in {', '.join(leaked)} (e.g. {first!r}); page deleted")
            else:
                res = FeedbackResult(student, "written", "", tuple(str(p) for p in pages))
        results.append(res)
        if on_result:
            on_result(res)
    return FeedbackRun(assignment, tuple(results))
