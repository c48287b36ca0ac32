"""Lesson 04, Hashing and its costs: its explorers, chart builders and self-check questions.

The notebook is ``lessons/04_hashing_and_its_costs.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/04_hashing_and_its_costs.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    COPY_KINDS,
    LabResult,
    run_experiment,
    threshold_explorer,
    threshold_chart,
    recall_by_edit,
    copy_table,
    hash_grid_chart,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "COPY_KINDS",
    "LabResult",
    "run_experiment",
    "threshold_explorer",
    "threshold_chart",
    "recall_by_edit",
    "copy_table",
    "hash_grid_chart",
]
