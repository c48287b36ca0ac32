"""Question banks for the self-checks, one module per lesson (``lesson_00.py`` ... ``lesson_09.py``).

Each module calls ``swarmcast.checks.register(...)``; ids start with the lesson: ``l03-precision``.
"""
