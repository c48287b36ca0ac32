"""Lesson 00, Start here: its explorers, chart builders and self-check questions.

The notebook is ``lessons/00_start_here.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/00_start_here.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    measure_chart,
    dataset_tour,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "measure_chart",
    "dataset_tour",
]
