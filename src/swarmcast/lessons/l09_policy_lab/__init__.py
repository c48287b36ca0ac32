"""Lesson 09, Policy lab: its explorers, chart builders and self-check questions.

The notebook is ``lessons/09_policy_lab.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/09_policy_lab.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    MIX_NAME,
    MODEL_SOURCE,
    policy_comparison_chart,
    lever_sweep,
    tradeoff_chart,
    policy_explorer,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "MIX_NAME",
    "MODEL_SOURCE",
    "policy_comparison_chart",
    "lever_sweep",
    "tradeoff_chart",
    "policy_explorer",
]
