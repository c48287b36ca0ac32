"""Lesson 08, Attention, credibility and the paradox: its explorers, chart builders and self-check questions.

The notebook is ``lessons/08_attention_and_paradox.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/08_attention_and_paradox.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
"""

from .explorer import (
    BLOCK_DAYS,
    MODEL_SOURCE,
    attention_explorer,
    attention_blocks,
    attention_timeline_chart,
    saturation_sweep,
    saturation_chart,
    statement_chart,
)
from .explorer import CHART_EXAMPLES

__all__ = [
    "BLOCK_DAYS",
    "MODEL_SOURCE",
    "attention_explorer",
    "attention_blocks",
    "attention_timeline_chart",
    "saturation_sweep",
    "saturation_chart",
    "statement_chart",
]
