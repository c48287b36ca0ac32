"""Lesson 05, The access problem: its explorers, chart builders and self-check questions.

The notebook is ``lessons/05_the_access_problem.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/05_the_access_problem.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    BASELINE,
    PresenceResult,
    presence_explorer,
    presence_chart,
    conway_points,
    survival_chart,
    drain_chart,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "BASELINE",
    "PresenceResult",
    "presence_explorer",
    "presence_chart",
    "conway_points",
    "survival_chart",
    "drain_chart",
]
