"""Lesson 02, Cracks in the caliphate: its explorer, chart builders and self-check questions.

The notebook is ``lessons/02_cracks_in_the_caliphate.ipynb``; it imports this package as ``lesson``. The rows and
the one-cause verdict are ``swarmcast.data.decline``; the charts are in ``charts.py``, the explorer in
``explorer.py``, the questions in ``questions.py`` (asked with ``checks.ask``). The teaching notes are
``instructor_guide/lessons/02_cracks_in_the_caliphate.md``.
"""

from . import charts, explorer
from .charts import CHART_EXAMPLES, output_points_chart, pressures_chart
from .explorer import pressures_explorer

__all__ = [*charts.__all__, *explorer.__all__]
