"""Lesson 06, Small spaces: its explorer, chart builders and self-check questions.

The notebook is ``lessons/06_small_spaces.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/06_small_spaces.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
The runs the lesson compares (``run_migration``, ``crossover_table``) live with the model in
``swarmcast.models.platforms``; they are re-exported here because the notebook calls them.
"""

from ...models.platforms import PLATFORM_LABELS, MigrationRun, crossover_table, run_migration
from . import charts, explorer
from .charts import (
    CHART_EXAMPLES,
    MODEL_SOURCE,
    action_days_chart,
    crossover_chart,
    reach_chart,
    removal_rates_chart,
)
from .explorer import platform_explorer

__all__ = ["PLATFORM_LABELS", "MigrationRun", "run_migration", "crossover_table", *charts.__all__, *explorer.__all__]
