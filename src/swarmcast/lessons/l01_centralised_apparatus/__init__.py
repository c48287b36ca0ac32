"""Lesson 01, The centralised apparatus: its explorer, chart builder and self-check questions.

The notebook is ``lessons/01_centralised_apparatus.ipynb``; it imports this package as ``lesson``. The model is
``swarmcast.models.networks`` (the hub network and the removal scenario: ``removal_curves``, ``remove_accounts``);
the chart is in ``charts.py``, the explorer in ``explorer.py``, the questions in ``questions.py`` (asked with
``checks.ask``). The teaching notes are ``instructor_guide/lessons/01_centralised_apparatus.md``.
"""

from . import charts, explorer
from .charts import CHART_EXAMPLES, MEASURES, removal_chart
from .explorer import apparatus_explorer

__all__ = [*charts.__all__, *explorer.__all__]
