"""Lesson 07, The swarm: its explorers, chart builders and self-check questions.

The notebook is ``lessons/07_the_swarm.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/07_the_swarm.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    FRAG_PROBS,
    AGGREGATES_SOURCE,
    SizeGrid,
    size_grid,
    size_table,
    size_chart,
    size_explorer,
    default_runs,
    DEFAULT_RUNS,
    DEFAULT_RUNS_WITHOUT_NUMBA,
    policy_summary,
    policy_chart,
    NETWORKS_SOURCE,
    robustness_chart,
    robustness_explorer,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "FRAG_PROBS",
    "AGGREGATES_SOURCE",
    "SizeGrid",
    "size_grid",
    "size_table",
    "size_chart",
    "size_explorer",
    "default_runs",
    "DEFAULT_RUNS",
    "DEFAULT_RUNS_WITHOUT_NUMBA",
    "policy_summary",
    "policy_chart",
    "NETWORKS_SOURCE",
    "robustness_chart",
    "robustness_explorer",
]
