"""Lesson 08, Attention, credibility and the paradox: its explorers, chart builders and self-check questions.

The notebook is ``lessons/08_attention_and_paradox.ipynb``; it imports this package as ``lesson``. The teaching notes are
``instructor_guide/lessons/08_attention_and_paradox.md``; the questions are in ``questions.py`` (asked with ``checks.ask``).
The model and its computation (``simulate_attention``, ``attention_blocks``, ``saturation_sweep``) live in
``swarmcast.models.attention``; they are re-exported here because the notebook calls them.
"""

from ...models.attention import BLOCK_DAYS, attention_blocks, saturation_sweep
from . import charts, explorer
from .charts import CHART_EXAMPLES, MODEL_SOURCE, attention_timeline_chart, saturation_chart, statement_chart
from .explorer import attention_explorer

__all__ = ["BLOCK_DAYS", "attention_blocks", "saturation_sweep", *charts.__all__, *explorer.__all__]
