"""Lesson 04, Hashing and its costs: its explorer, chart builders and self-check questions.

The notebook is ``lessons/04_hashing_and_its_costs.ipynb``; it imports this package as ``lesson``. The model is
``swarmcast.models.hashing`` (the experiment, its scores and the tables this package re-exports for the notebook);
the charts are in ``charts.py``, the explorer in ``explorer.py``, the questions in ``questions.py`` (asked with
``checks.ask``). The teaching notes are ``instructor_guide/lessons/04_hashing_and_its_costs.md``.
"""

from ...models.hashing import COPY_KINDS, LabResult, copy_table, recall_by_edit, run_experiment
from . import charts, explorer
from .charts import CHART_EXAMPLES, hash_grid_chart, threshold_chart
from .explorer import threshold_explorer

#: The model's names the notebook calls through ``lesson`` (they live in ``swarmcast.models.hashing``).
FROM_MODEL = ["COPY_KINDS", "LabResult", "run_experiment", "recall_by_edit", "copy_table"]
__all__ = [*charts.__all__, *explorer.__all__, *FROM_MODEL]
