"""Lesson 01, The centralised apparatus, 2014–15: its explorers, chart builders and self-check questions.

The notebook is ``lessons/01_centralised_apparatus.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/01_centralised_apparatus.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    MEASURES,
    ApparatusState,
    removal_curves,
    remove_accounts,
    removal_chart,
    apparatus_explorer,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "MEASURES",
    "ApparatusState",
    "removal_curves",
    "remove_accounts",
    "removal_chart",
    "apparatus_explorer",
]
