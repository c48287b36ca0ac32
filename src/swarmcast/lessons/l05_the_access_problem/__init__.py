"""Lesson 05, The access problem: its explorer, chart builders and self-check questions.

The notebook is ``lessons/05_the_access_problem.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/05_the_access_problem.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
The explorer's runs (``PresenceResult``, ``BASELINE``) and ``conway_points`` live with the model in
``swarmcast.models.accounts``; they are re-exported here because the notebook uses them.
"""

from ...models.accounts import BASELINE, PresenceResult, conway_points
from . import charts, explorer
from .charts import CHART_EXAMPLES, drain_chart, presence_chart, survival_chart
from .explorer import presence_explorer

__all__ = ["BASELINE", "PresenceResult", "conway_points", *charts.__all__, *explorer.__all__]
