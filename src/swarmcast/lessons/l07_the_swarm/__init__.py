"""Lesson 07, The swarm: its explorers, chart builders and self-check questions.

The notebook is ``lessons/07_the_swarm.ipynb``; it imports this package as ``lesson``. The models are
``swarmcast.models.aggregates`` and ``swarmcast.models.networks``; the charts are in ``charts.py``, the explorers in
``explorer.py``, the questions in ``questions.py`` (asked with ``checks.ask``). The teaching notes are
``instructor_guide/lessons/07_the_swarm.md``.
"""

from . import charts, explorer
from .charts import AGGREGATES_SOURCE, CHART_EXAMPLES, MEASURES, NETWORKS_SOURCE, policy_chart, robustness_chart, size_chart
from .explorer import robustness_explorer, size_explorer

__all__ = [*charts.__all__, *explorer.__all__]
