"""Instructor tools on top of nbgrader: release, parallel autograding, grade reports, safe feedback, flags.

Why: nbgrader grades one submission after another, stops reporting at the first broken one only in its
log, leaks hidden tests into feedback, and says nothing about how the class did. The ``swarmcast``
command (``swarmcast.grading.cli``) is a thin layer over these modules, one idea each:

- ``course``: find the course folder and its nbgrader settings; clear errors.
- ``runner``: run nbgrader's converters in this process; explain failures in one line.
- ``parallel``: autograde a whole class on N cores; every failure reported, none fatal.
- ``report``: per-student totals, per-question difficulty and discrimination, an offline HTML page.
- ``scrub`` and ``feedback``: feedback pages with hidden tests removed, checked before release.
- ``flag``: answers that rebind names, read outside their folder or touch the gradebook.
- ``practice``: the one factory of synthetic submissions (``make_submission``), and practice classes built with it.
- ``cli``: the ``swarmcast`` command itself (console script ``swarmcast.grading.cli:main``).

Source: nbgrader 0.9 (Jupyter Development Team), https://nbgrader.readthedocs.io
Modules are imported on demand: ``import swarmcast.grading`` does not import nbgrader.
"""

__all__ = ["course", "runner", "parallel", "report", "scrub", "feedback", "flag"]
