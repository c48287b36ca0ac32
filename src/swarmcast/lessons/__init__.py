"""The course's lessons, one package each, named like the notebooks: ``lessons/05_the_access_problem.ipynb`` is
taught with ``swarmcast.lessons.l05_the_access_problem``.

Each lesson package holds what belongs to that lesson alone: its explorers (``explorer.py``), its chart builders
(``charts.py``) and its self-check questions (``questions.py``). Models stay in ``swarmcast.models`` (topic-named,
shared by lessons and assignments) and the cited data in ``swarmcast.data``. ``src/swarmcast/README.md`` has the
table from each lesson to its data tables, models, assignment and guide page.
"""

from __future__ import annotations

from .. import charts
from . import l00_start_here
from . import l01_centralised_apparatus
from . import l02_cracks_in_the_caliphate
from . import l03_platforms_push_back
from . import l04_hashing_and_its_costs
from . import l05_the_access_problem
from . import l06_small_spaces
from . import l07_the_swarm
from . import l08_attention_and_paradox
from . import l09_policy_lab

__all__ = ["LESSONS", "chart_examples"]

#: Every lesson package, in course order.
LESSONS = (
    l00_start_here,
    l01_centralised_apparatus,
    l02_cracks_in_the_caliphate,
    l03_platforms_push_back,
    l04_hashing_and_its_costs,
    l05_the_access_problem,
    l06_small_spaces,
    l07_the_swarm,
    l08_attention_and_paradox,
    l09_policy_lab,
)


def chart_examples() -> dict:
    """Every chart builder of the course (the shared ones in ``charts`` and each lesson's), with a function that
    returns example keyword arguments for it. Tests build every chart from this list."""
    examples = dict(charts.CHART_EXAMPLES)
    for lesson in LESSONS:
        examples.update(lesson.CHART_EXAMPLES)
    return examples
