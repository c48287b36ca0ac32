"""Self-check questions for the lessons: instant feedback and a hint, no nbgrader needed.

Why: a self-learner on Binder has no instructor; a question that answers "not yet, look at the
denominator" teaches more than one that prints the answer. Questions live in question banks in
``swarmcast.checkbank`` (one module per lesson), so a notebook cell shows only ``checks.ask("l02-fall")``
and never the answer itself.

Use in a notebook::

    from swarmcast import checks
    checks.ask("l02-fall")          # a widget: type or pick, press Check, read the feedback

Use in code (tests, scripts)::

    checks.get("l02-fall").check(94)  # -> Feedback(correct=True, message=...)
"""

from __future__ import annotations

import html
import importlib
import math
import numbers
import pkgutil
from dataclasses import dataclass, field

__all__ = ["Feedback", "Numeric", "Choice", "ask", "get", "ids", "register"]


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer."""

    correct: bool
    message: str


@dataclass(frozen=True)
class Numeric:
    """A question whose answer is a number, accepted within an absolute tolerance.

    ``explanation`` is shown only after a correct answer. ``hint`` is shown after a wrong one.
    """

    qid: str
    prompt: str
    answer: float
    tolerance: float
    hint: str
    explanation: str
    unit: str = ""

    def __post_init__(self):
        if not (isinstance(self.tolerance, numbers.Real) and self.tolerance >= 0):
            raise ValueError(f"tolerance must be a number >= 0; got {self.tolerance!r}")

    def check(self, value) -> Feedback:
        if isinstance(value, str):
            value = value.strip().replace(",", "").rstrip("%").strip()
            try:
                value = float(value)
            except ValueError:
                return Feedback(False, "Please enter a number (digits only, for example 12.5).")
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
            return Feedback(False, "Please enter a finite number.")
        if abs(float(value) - self.answer) <= self.tolerance:
            return Feedback(True, f"Correct. {self.explanation}")
        return Feedback(False, f"Not yet. Hint: {self.hint}")


@dataclass(frozen=True)
class Choice:
    """A multiple-choice question with one correct option.

    ``why_not`` maps a wrong option to a targeted explanation of the misconception behind it.
    """

    qid: str
    prompt: str
    options: tuple[str, ...]
    correct: str
    hint: str
    explanation: str
    why_not: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if self.correct not in self.options:
            raise ValueError(f"correct must be one of the options {self.options!r}; got {self.correct!r}")
        unknown = set(self.why_not) - set(self.options)
        if unknown:
            raise ValueError(f"why_not names options that do not exist: {sorted(unknown)!r}")

    def check(self, value) -> Feedback:
        if value not in self.options:
            return Feedback(False, "Please pick one of the options.")
        if value == self.correct:
            return Feedback(True, f"Correct. {self.explanation}")
        specific = self.why_not.get(value)
        msg = f"Not quite. {specific} " if specific else "Not quite. "
        return Feedback(False, f"{msg}Hint: {self.hint}")


Question = Numeric | Choice
_BANK: dict[str, Question] = {}
_LOADED = False


def register(*questions: Question) -> None:
    """Add questions to the bank (called by the ``swarmcast.checkbank`` modules)."""
    for q in questions:
        if q.qid in _BANK and _BANK[q.qid] != q:
            raise ValueError(f"two different questions share the id {q.qid!r}")
        _BANK[q.qid] = q


def _load_banks() -> None:
    global _LOADED
    if _LOADED:
        return
    from . import checkbank

    for mod in pkgutil.iter_modules(checkbank.__path__):
        importlib.import_module(f"{checkbank.__name__}.{mod.name}")
    _LOADED = True


def ids() -> list[str]:
    """Every question id, sorted."""
    _load_banks()
    return sorted(_BANK)


def get(qid: str) -> Question:
    """The question with this id; an unknown id raises ValueError with close matches."""
    _load_banks()
    if qid not in _BANK:
        import difflib

        close = difflib.get_close_matches(str(qid), list(_BANK), n=5, cutoff=0.5)
        more = f" Did you mean: {', '.join(close)}?" if close else f" Known ids: {', '.join(sorted(_BANK))}."
        raise ValueError(f"unknown question id {qid!r}.{more}")
    return _BANK[qid]


def ask(qid: str):
    """Return a widget for one question: the prompt, an answer box or options, a Check button, feedback."""
    import ipywidgets as w

    from . import static  # the site build (SWARMCAST_STATIC=1) renders an HTML form checked by selfcheck.js

    q = get(qid)
    if static.enabled():
        return static.StaticHTML(static.selfcheck_html(q))
    prompt = w.HTML(f'<p style="line-height:1.45;max-width:48em"><strong>Self-check.</strong> {html.escape(q.prompt)}</p>')
    if isinstance(q, Numeric):
        answer = w.Text(placeholder=f"a number{(' in ' + q.unit) if q.unit else ''}", layout=w.Layout(width="14em"))
    else:
        answer = w.RadioButtons(options=list(q.options), value=None, layout=w.Layout(width="auto"))
    button = w.Button(description="Check", button_style="primary", icon="check")
    feedback = w.HTML()

    def on_check(_=None):
        fb = q.check(answer.value)
        colour = "#006d4f" if fb.correct else "#8a3c00"
        mark = "&#10003;" if fb.correct else "&#10007;"
        feedback.value = f'<p style="color:{colour};line-height:1.45;max-width:48em" role="status">{mark} {html.escape(fb.message)}</p>'

    button.on_click(on_check)
    if isinstance(answer, w.Text):
        answer.continuous_update = False
    box = w.VBox([prompt, w.HBox([answer, button]), feedback])
    box.add_class("swarmcast-selfcheck")
    box.question = q  # for tests: the box knows its question, the student sees only the prompt
    box.answer_widget, box.check_button, box.feedback = answer, button, feedback
    return box
