"""Lesson 09, Policy lab: its explorer, chart builders and self-check questions.

The notebook is ``lessons/09_policy_lab.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/09_policy_lab.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
``lever_sweep`` lives with the model in ``swarmcast.models.policy_lab``; it is re-exported here because the
notebook calls it.
"""

from ...models.policy_lab import lever_sweep
from . import charts, explorer
from .charts import CHART_EXAMPLES, MIX_NAME, MODEL_SOURCE, policy_comparison_chart, tradeoff_chart
from .explorer import policy_explorer

__all__ = ["lever_sweep", *charts.__all__, *explorer.__all__]
