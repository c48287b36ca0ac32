"""Lesson 03, Platforms push back: its chart builders, its explorer (lesson 00's dataset tour) and self-check questions.

The notebook is ``lessons/03_platforms_push_back.ipynb``; it imports this package as ``lesson``. The charts are in
``charts.py``; ``explorer.py`` re-exports lesson 00's dataset tour, which this lesson uses on its own tables; the
questions are in ``questions.py`` (asked with ``checks.ask``). The teaching notes are
``instructor_guide/lessons/03_platforms_push_back.md``.
"""

from . import charts, explorer
from .charts import CHART_EXAMPLES, gifct_growth_chart, windows_chart
from .explorer import dataset_tour

__all__ = [*charts.__all__, *explorer.__all__]
