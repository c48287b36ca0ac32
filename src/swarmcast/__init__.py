"""Swarmcast: the small package the course's notebooks import.

Modules: ``data`` (the cited data package), ``models`` (seeded simulations, topic-named), ``lessons`` (one package
per lesson, ``lessons.l05_the_access_problem``: its explorers, charts and self-check questions), ``charts`` (one chart
style, offline rendering), ``explorer`` (controls bound to a model and a chart), ``checks`` (self-checks),
``grading`` (instructors, with the ``swarmcast`` command). ``README.md`` beside this file maps every lesson.
"""

import os as _os
import sys as _sys

# Start-up speed (measured here: importing pandas, altair and ipywidgets takes 1.45 s, of which 0.85 s is
# spent building the grammar of `rfc3987_syntax`). jsonschema, which altair imports, loads that package
# only to offer "iri" format checks; nothing in the course validates IRIs, and jsonschema skips the check
# when the package cannot be imported. So, unless jsonschema is already loaded, we mark the package as
# unavailable in this Python process: every lesson and every graded notebook starts about 0.85 s sooner.
# Set SWARMCAST_KEEP_RFC3987=1 to keep the normal behaviour. (The JupyterLab server process never
# imports swarmcast, so its own use of the package is untouched.)
if (
    "jsonschema" not in _sys.modules
    and "rfc3987_syntax" not in _sys.modules
    and _os.environ.get("SWARMCAST_KEEP_RFC3987") != "1"
):
    _sys.modules["rfc3987_syntax"] = None
