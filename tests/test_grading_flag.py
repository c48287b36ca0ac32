"""`swarmcast flag`'s static checks on answer cells (no kernel, no nbgrader run)."""

from __future__ import annotations

import pytest

from swarmcast.grading.flag import scan_source


def reasons(source: str, imported=frozenset({"np", "numpy", "pd"})) -> list[str]:
    return [r for _, r in scan_source(source=source, imported=set(imported))]


@pytest.mark.parametrize(
    "source",
    [
        "np.isclose = lambda *a, **k: True",
        "import numpy\nnumpy.isclose = lambda *a, **k: True",
        "numpy.testing.assert_allclose = print",
        "import builtins\nbuiltins.abs = lambda x: 0",
        "setattr(np, 'isclose', lambda *a: True)",
        "import builtins\nsetattr(builtins, 'abs', lambda x: 0)",
        "__builtins__['abs'] = lambda x: 0",
        "globals()['abs'] = lambda x: 0",
        "del np.isclose",
        "def f():\n    np.allclose = lambda *a: True\nf()",
    ],
)
def test_patching_a_library_or_builtins_is_flagged(source):
    assert reasons(source), f"not flagged: {source!r}"


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("abs = lambda x: 0", "abs"),
        ("def sum(xs):\n    return 0", "sum"),
        ("class int:\n    pass", "int"),
        ("len, x = (lambda s: 3), 1", "len"),
        ("np = None", "np"),
        ("def f():\n    global max\n    max = min", "max"),
    ],
)
def test_rebinding_a_builtin_or_library_name_at_module_level_is_flagged(source, name):
    found = reasons(source)
    assert any(repr(name) in r for r in found), found


@pytest.mark.parametrize(
    "source",
    [
        "def f(xs):\n    sum = 0\n    for x in xs:\n        sum += x\n    return sum",  # local shadowing is harmless
        "import numpy as np\nresult = np.isclose(1, 1)",
        "def posts_per_day(*, total_posts, days):\n    return total_posts / days",
        "with open('data.csv') as fh:\n    text = fh.read()",
        "x = [max(a) for a in [[1], [2]]]",
        "raise NotImplementedError()",
        "import sys\nprint('a warning', file=sys.stderr)",
        "def broken(:\n    pass",  # a syntax error is the student's problem, not a flag
    ],
)
def test_ordinary_answers_are_not_flagged(source):
    assert reasons(source) == []


@pytest.mark.parametrize(
    "source",
    [
        "open('/etc/passwd').read()",
        "open('../../gradebook.db', 'rb')",
        "import pandas as pd\npd.read_csv('../solutions/answers.csv')",
        "from pathlib import Path\nPath.home()",
        "from pathlib import Path\np = Path('.') / '..' / 'x'",
        "open('~/secret.txt')",
        "import os\nos.chdir('/tmp')",
    ],
)
def test_reading_outside_the_submission_folder_is_flagged(source):
    assert reasons(source), f"not flagged: {source!r}"


@pytest.mark.parametrize(
    "source",
    [
        "import sqlite3",
        "from sqlalchemy import create_engine",
        "x = 'gradebook.db'",
        "from nbgrader.api import Gradebook",
        "!sqlite3 ../../gradebook.db 'update grade set auto_score=2'",
        "def broken(:\n    gradebook = 1",
    ],
)
def test_touching_the_gradebook_is_flagged(source):
    assert any("gradebook" in r for r in reasons(source)), reasons(source)


def test_findings_carry_the_line_number():
    found = scan_source(source="x = 1\ny = 2\nnp.isclose = lambda *a: True\n", imported={"np"})
    assert found == [(3, "overwrites np.isclose, an attribute of the imported module 'np'")]


def test_shell_commands_are_flagged():
    assert any("shell" in r for r in reasons("!ls ../..")), reasons("!ls ../..")


def test_scan_source_rejects_non_text():
    with pytest.raises(ValueError, match="source"):
        scan_source(source=None)


@pytest.mark.parametrize(
    "source",
    [
        "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)",
        "ip = get_ipython()\nip.showtraceback = lambda *a, **k: None",
        "import sys\nsys.excepthook = lambda *a: None",
        "import sys, io\nsys.stderr = io.StringIO()",
    ],
)
def test_silencing_error_reports_is_flagged(source):
    # one such line makes every later failing test show no error, so nbgrader would give full marks
    reasons = [reason for _, reason in scan_source(source=source)]
    assert any("errors are reported" in r for r in reasons), reasons
