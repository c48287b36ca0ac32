"""Keep hidden tests out of the feedback students receive: from the code and from the error messages.

Why: nbgrader's ``ClearHiddenTests`` removes hidden tests from a test cell's code, but not from its
output. When a hidden test fails, IPython's traceback quotes the failing line and the lines around it,
so the hidden assertion and its message reach the feedback HTML (nbgrader issues #917 and #1363). Even a
failing *visible* test quotes the neighbouring hidden lines. ``ScrubHiddenTests`` removes the hidden
region like ``ClearHiddenTests`` and then rewrites the outputs of that cell:

- an error raised on a visible line keeps its name and message, without the quoted context;
- an error raised on a hidden line (or anywhere we cannot place) becomes "a hidden test failed";
- other outputs of the cell (printed text, values) are dropped: they may come from hidden tests.

``find_leaks`` is the safety net: it searches produced HTML for the text of any hidden line.
Source: nbgrader 0.9 ``nbgrader.preprocessors.ClearHiddenTests`` (Jupyter Development Team).
"""

from __future__ import annotations

import html
import re
import textwrap

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests

__all__ = ["ScrubHiddenTests", "hidden_lines", "find_leaks", "HIDDEN_FAILURE_MESSAGE"]

HIDDEN_FAILURE_MESSAGE = (
    "A hidden test of this question failed. Hidden tests are not shown; "
    "your score for this question includes them. Check your answer against every part of the question."
)
_STOPPED = {"CellTimeoutError", "KeyboardInterrupt", "TimeoutError"}
_STOPPED_MESSAGE = "the tests of this question ran past the time limit and were stopped (look for an endless loop)."
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython 8/9 ("Cell In[3], line 7") and older IPython ("<ipython-input-3-...> in <module>\n----> 7").
_CELL_FRAME = re.compile(r"(?:Cell\s+In\s*\[\s*\d*\s*\]|<ipython-input-[^>]*>)\s*,?\s*line\s+(\d+)")


class ScrubHiddenTests(ClearHiddenTests):
    """ClearHiddenTests that also removes hidden test text from the cell's outputs (for feedback)."""

    def preprocess_cell(self, cell: NotebookNode, resources, cell_index: int):
        if cell.cell_type != "code":
            return super().preprocess_cell(cell, resources, cell_index)
        hidden = self._hidden_line_numbers(cell.source)
        original_lines = cell.source.split("\n")
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if hidden:
            hidden_text = [original_lines[i - 1].strip() for i in sorted(hidden) if original_lines[i - 1].strip()]
            cell.outputs = [o for o in (self._scrub_output(o, hidden, hidden_text) for o in cell.get("outputs", [])) if o]
        return cell, resources

    def _hidden_line_numbers(self, source: str) -> set[int]:
        """1-based line numbers of the hidden region, delimiter lines included."""
        inside, numbers = False, set()
        for i, line in enumerate(source.split("\n"), start=1):
            if self.begin_test_delimeter in line:
                inside = True
            if inside:
                numbers.add(i)
            if self.end_test_delimeter in line:
                inside = False
        return numbers

    @staticmethod
    def _scrub_output(out: NotebookNode, hidden: set[int], hidden_text: list[str]):
        if out.get("output_type") != "error":
            return None  # printed text or values from a cell with hidden tests: may come from them
        ename = str(out.get("ename", "Error"))
        if ename in _STOPPED:
            # The kernel was interrupted at the time limit: say so, without the quoted lines.
            return NotebookNode(output_type="error", ename=ename, evalue="", traceback=textwrap.wrap(f"{ename}: {_STOPPED_MESSAGE}", 78))
        plain = _ANSI.sub("", "\n".join(out.get("traceback", [])))
        m = _CELL_FRAME.search(plain)  # the first frame is the test cell itself
        line = int(m.group(1)) if m else None
        evalue = str(out.get("evalue", ""))
        visible = line is not None and line not in hidden and not any(t and t in evalue for t in hidden_text)
        if visible:
            return NotebookNode(
                output_type="error",
                ename=ename,
                evalue=evalue,
                traceback=[f"{ename}: {evalue}" if evalue else ename, f"(raised by line {line} of the visible tests)"],
            )
        return NotebookNode(
            output_type="error",
            ename="HiddenTestFailed",
            evalue=HIDDEN_FAILURE_MESSAGE,
            # Lines of at most 78 characters: feedback shows tracebacks unwrapped (one clipped line at 1280 px).
            traceback=textwrap.wrap(f"HiddenTestFailed: {HIDDEN_FAILURE_MESSAGE}", 78),
        )


def hidden_lines(*, source_notebook, begin: str = "BEGIN HIDDEN TESTS", end: str = "END HIDDEN TESTS",
                 min_chars: int = 12, comments: bool = False, distinct: bool = False) -> list[str]:
    """The text of every hidden test line (stripped, at least ``min_chars`` long) in a source notebook.

    ``source_notebook`` is a path or a notebook already read. Comment lines are left out unless ``comments``.
    ``distinct``: each line once, sorted, and without the lines also written outside a hidden region of a
    code cell (students see those anyway, so they are no secret).
    """
    import nbformat

    nb = source_notebook if isinstance(source_notebook, dict) else nbformat.read(source_notebook, as_version=4)
    found, outside = [], set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.split("\n"):
            if begin in line:
                inside = True
                continue
            if end in line:
                inside = False
                continue
            text = line.strip()
            if not inside:
                if cell.cell_type == "code":
                    outside.add(text)
            elif len(text) >= min_chars and (comments or not text.startswith("#")):
                found.append(text)
    return sorted({t for t in found if t not in outside}) if distinct else found


def _visible_text(page: str) -> str:
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


_MESSAGE = re.compile(r"""(?:"([^"]{8,})"|'([^']{8,})')""")


def _assertion_messages(line: str) -> list[str]:
    """Quoted messages of an assert (or of a raised AssertionError) on one line; other strings are data."""
    text = line.strip()
    if text.startswith("assert ") and "," in text:
        text = text.split(",", 1)[1]  # the message follows the condition
    elif "AssertionError(" in text:
        text = text.split("AssertionError(", 1)[1]
    else:
        return []
    return [m[0] or m[1] for m in _MESSAGE.findall(text)]


def find_leaks(*, html_text: str, hidden: list[str], visible_text: str = "") -> list[str]:
    """Hidden test lines (or their assertion messages) that appear in a feedback page's text.

    A message that also appears in ``visible_text`` (the released notebook) proves nothing: a hidden test
    may reuse a visible message, and the page shows the visible one anyway.
    """
    text = _visible_text(html_text)
    squashed = re.sub(r"\s+", " ", text)
    # the released notebook's markdown, as a page shows it: without code and emphasis marks
    seen = re.sub(r"\s+", " ", re.sub(r"[`*]", "", visible_text))
    leaks = []
    for line in hidden:
        probe = re.sub(r"\s+", " ", line)
        if probe in squashed:
            leaks.append(line)
            continue
        for m in _assertion_messages(line):
            m = re.sub(r"\s+", " ", m)
            if m in squashed and re.sub(r"[`*]", "", m) not in seen:
                leaks.append(line)
                break
    return leaks
