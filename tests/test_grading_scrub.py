"""Hidden tests are scrubbed from test cells' code AND outputs before feedback (no nbgrader run needed)."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from swarmcast.grading.scrub import HIDDEN_FAILURE_MESSAGE, ScrubHiddenTests, find_leaks, hidden_lines

SOURCE = (
    'assert f(1) == 1, "visible check"\n'
    "### BEGIN HIDDEN TESTS\n"
    'assert f(1146) == 38.2, "HIDDEN secret message"\n'
    "### END HIDDEN TESTS"
)
META = {"nbgrader": {"grade": True, "grade_id": "q1-tests", "locked": True, "points": 1, "schema_version": 3,
                     "solution": False, "task": False}}


def _traceback(line: int, text: str, evalue: str) -> dict:
    """An error output shaped like IPython 9's, quoting the cell's lines around the failing one."""
    lines = SOURCE.split("\n")
    frame = "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[2]\x1b[39m\x1b[32m, line %d\x1b[39m\n" % line
    frame += "".join(("----> " if i + 1 == line else "      ") + f"{i + 1} {ln}\n" for i, ln in enumerate(lines))
    return {"output_type": "error", "ename": "AssertionError", "evalue": evalue,
            "traceback": ["\x1b[31m----\x1b[39m", "AssertionError   Traceback (most recent call last)", frame,
                          f"AssertionError: {evalue}"]}


def _scrub(outputs: list[dict]):
    cell = new_code_cell(SOURCE, metadata=META)
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    cell, _ = ScrubHiddenTests().preprocess_cell(cell, {}, 0)
    return cell


def test_hidden_region_is_removed_from_the_code():
    cell = _scrub([])
    assert "HIDDEN" not in cell.source and "1146" not in cell.source
    assert "visible check" in cell.source


def test_a_failing_hidden_test_shows_only_a_generic_message():
    cell = _scrub([_traceback(3, "", "HIDDEN secret message")])
    text = json.dumps(cell.outputs)
    assert "secret" not in text and "1146" not in text and "BEGIN HIDDEN" not in text
    assert cell.outputs[0]["ename"] == "HiddenTestFailed"
    assert HIDDEN_FAILURE_MESSAGE in cell.outputs[0]["evalue"]


def test_a_failing_visible_test_keeps_its_message_but_not_the_quoted_hidden_lines():
    cell = _scrub([_traceback(1, "", "visible check")])
    text = json.dumps(cell.outputs)
    assert "visible check" in text
    assert "secret" not in text and "1146" not in text
    assert cell.outputs[0]["ename"] == "AssertionError"


def test_printed_output_of_a_cell_with_hidden_tests_is_dropped():
    cell = _scrub([{"output_type": "stream", "name": "stdout", "text": "expected 38.2\n"}])
    assert cell.outputs == []


def test_a_timeout_says_the_tests_were_stopped():
    out = {"output_type": "error", "ename": "CellTimeoutError", "evalue": "",
           "traceback": ["CellTimeoutError: No reply from kernel before timeout"]}
    cell = _scrub([out])
    assert cell.outputs[0]["ename"] == "CellTimeoutError"
    assert "time limit" in cell.outputs[0]["traceback"][0]


def test_cells_without_hidden_tests_keep_their_outputs():
    cell = new_code_cell('assert f(1) == 1, "visible check"', metadata=META)
    cell.outputs = [nbformat.from_dict(_traceback(1, "", "visible check"))]
    before = json.dumps(cell.outputs)
    cell, _ = ScrubHiddenTests().preprocess_cell(cell, {}, 0)
    assert json.dumps(cell.outputs) == before


def test_leak_finder_sees_hidden_text_through_html_markup(tmp_path):
    nb = new_notebook(cells=[new_code_cell(SOURCE, metadata=META)])
    path = tmp_path / "src.ipynb"
    nbformat.write(nb, path)
    lines = hidden_lines(source_notebook=path)
    assert lines == ['assert f(1146) == 38.2, "HIDDEN secret message"']
    page = '<span class="k">assert</span> f(<span class="mi">1146</span>) == 38.2, &quot;HIDDEN secret message&quot;'
    assert find_leaks(html_text=page, hidden=lines) == lines
    assert find_leaks(html_text="<pre>AssertionError: HIDDEN secret message</pre>", hidden=lines) == lines
    assert find_leaks(html_text="<pre>assert f(1) == 1</pre>", hidden=lines) == []


def test_leak_finder_probes_assertion_messages_not_data_strings():
    # a hidden line's data strings ("suspensions") are ordinary words of the assignment, not secrets
    hidden = ['_t = tidy(table=_demo[["suspensions", "period_start"]])', 'assert _b.len(_t) == 3, "three rows expected"']
    page = "<p>The column suspensions and the column period_start.</p>"
    assert find_leaks(html_text=page, hidden=hidden) == []
    leaked = "<pre>AssertionError: three rows expected</pre>"
    assert find_leaks(html_text=leaked, hidden=hidden) == [hidden[1]]
    # a message the released notebook shows anyway (a visible test reuses it) proves nothing
    assert find_leaks(html_text=leaked, hidden=hidden, visible_text='assert x, "three rows expected"') == []
    # ... also when the prompt says it in markdown (`code` marks vanish on the page)
    assert find_leaks(html_text=leaked, hidden=hidden, visible_text="only `three` rows") == [hidden[1]]
    assert find_leaks(html_text=leaked, hidden=hidden, visible_text="three rows `expected`") == []


def test_the_course_config_uses_the_scrubbing_preprocessor(root):
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    pre = cfg.GenerateFeedback.preprocessors
    assert "swarmcast.grading.scrub.ScrubHiddenTests" in pre
    assert "nbgrader.preprocessors.ClearHiddenTests" not in pre  # it leaks through tracebacks
    assert "nbgrader.preprocessors.GetGrades" == pre[0]


@pytest.mark.parametrize("delimiter", ["begin_test_delimeter", "end_test_delimeter"])
def test_course_delimiters_reach_the_scrubber(delimiter, root):
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    assert getattr(ScrubHiddenTests(config=cfg), delimiter) == cfg.ClearHiddenTests[delimiter]
