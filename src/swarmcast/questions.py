"""The kinds of self-check question (``Numeric``, ``Choice``) and how an answer is judged.

Why apart from ``checks``: each lesson's question bank (``swarmcast.lessons.lNN_*.questions``) builds its questions
from these types, and ``checks`` imports the banks; with the types here nothing imports ``checks`` back.

Conventions every bank follows (tests/test_checkbank.py holds them):

- ``QUESTIONS``: a tuple of the lesson's questions; ids start with the lesson: ``l03-precision``.
- ``RECOMPUTE``: ``{"lNN-id": callable, ...}`` with an entry for EVERY ``Numeric`` question of the bank. The callable
  takes no argument and returns the answer recomputed from the data package (``row_value(table, row_id)`` below, or
  ``swarmcast.data.load(...)``) or from the model the question is about (with the seed the lesson uses). The test
  compares it with the stored ``answer`` within the question's ``tolerance``, so a changed data row or model cannot
  leave a wrong answer behind. Write the computation, not the number.
- Self-checks test understanding: each asks for a computation, a comparison or an interpretation that is not printed
  in the cells just above it.
- ``Choice`` options are of similar length (the longest at most 1.6 times the shortest) and plausibility; wrong
  options are plausible misreadings, each with a ``why_not``. Across the whole bank the correct option is the
  strictly longest in at most 40 % of questions, and it does not always sit in the same position.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

__all__ = ["Feedback", "Numeric", "Choice", "Question", "row_value"]


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


def row_value(table: str, row_id: str) -> float:
    """The value of one data-package row, for a bank's ``RECOMPUTE`` entries: ``row_value("gifct_hashes", "gh_hashes_2022")``."""
    from . import data

    return float(data.load(table).set_index("row_id").loc[row_id, "value"])
