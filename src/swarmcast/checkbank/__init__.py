"""Question banks for the self-checks, one module per lesson (``lesson_00.py`` ... ``lesson_09.py``).

Each module calls ``swarmcast.checks.register(...)``; ids start with the lesson: ``l03-precision``.

Conventions every bank follows (tests/test_checkbank.py holds them):

- ``RECOMPUTE``: each module defines ``RECOMPUTE = {"lNN-id": callable, ...}`` with an entry for EVERY ``Numeric``
  question it registers. The callable takes no argument and returns the answer recomputed from the data package
  (``row_value(table, row_id)`` below, or ``swarmcast.data.load(...)``) or from the model the question is about
  (with the seed the lesson uses). The test compares it with the stored ``answer`` within the question's ``tolerance``, so a changed data row
  or model cannot leave a wrong answer behind. Write the computation, not the number.
- Self-checks test understanding: each asks for a computation, a comparison or an interpretation that is not printed
  in the cells just above it.
- ``Choice`` options are of similar length (the longest at most 1.6 times the shortest) and plausibility; wrong
  options are plausible misreadings, each with a ``why_not``. Across the whole bank the correct option is the
  strictly longest in at most 40 % of questions, and it does not always sit in the same position.
"""


def row_value(table: str, row_id: str) -> float:
    """The value of one data-package row, for a bank's ``RECOMPUTE`` entries: ``row_value("gifct_hashes", "gh_hashes_2022")``."""
    from .. import data

    return float(data.load(table).set_index("row_id").loc[row_id, "value"])
