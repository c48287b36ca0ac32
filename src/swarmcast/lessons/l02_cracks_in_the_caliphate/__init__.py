"""Lesson 02, Cracks in the online caliphate: its explorers, chart builders and self-check questions.

The notebook is ``lessons/02_cracks_in_the_caliphate.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/02_cracks_in_the_caliphate.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    PRESSURES,
    WINDOWS,
    DeclineView,
    official_output_rows,
    pressure_rows,
    compare_pressures,
    output_points_chart,
    pressures_chart,
    pressures_explorer,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "PRESSURES",
    "WINDOWS",
    "DeclineView",
    "official_output_rows",
    "pressure_rows",
    "compare_pressures",
    "output_points_chart",
    "pressures_chart",
    "pressures_explorer",
]
