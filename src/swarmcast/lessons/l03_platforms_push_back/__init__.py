"""Lesson 03, Platforms push back: its explorers, chart builders and self-check questions.

The notebook is ``lessons/03_platforms_push_back.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/03_platforms_push_back.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .charts import (
    windows_chart,
    gifct_growth_chart,
)
from ..l00_start_here.explorer import dataset_tour  # lesson 03 tours its datasets as lesson 00 does
from .charts import CHART_EXAMPLES

__all__ = [
    "windows_chart",
    "gifct_growth_chart",
    "dataset_tour",
]
