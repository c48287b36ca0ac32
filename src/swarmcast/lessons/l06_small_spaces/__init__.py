"""Lesson 06, Small spaces: its explorers, chart builders and self-check questions.

The notebook is ``lessons/06_small_spaces.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/06_small_spaces.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    PLATFORM_LABELS,
    MODEL_SOURCE,
    MigrationRun,
    run_migration,
    reach_chart,
    crossover_table,
    crossover_chart,
    action_days_chart,
    removal_rates_chart,
    platform_explorer,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "PLATFORM_LABELS",
    "MODEL_SOURCE",
    "MigrationRun",
    "run_migration",
    "reach_chart",
    "crossover_table",
    "crossover_chart",
    "action_days_chart",
    "removal_rates_chart",
    "platform_explorer",
]
