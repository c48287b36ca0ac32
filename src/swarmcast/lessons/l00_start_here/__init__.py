"""Lesson 00, Start here: its explorer (the dataset tour), chart builder and self-check questions.

The notebook is ``lessons/00_start_here.ipynb``; it imports this package as ``lesson``. The rows are shaped by
``swarmcast.data.tour``; the chart is in ``charts.py``, the tour in ``explorer.py``, the questions in
``questions.py`` (asked with ``checks.ask``). The teaching notes are ``instructor_guide/lessons/00_start_here.md``.
"""

from . import charts, explorer
from .charts import CHART_EXAMPLES, measure_chart
from .explorer import dataset_tour

__all__ = [*charts.__all__, *explorer.__all__]
