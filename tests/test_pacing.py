"""Every lesson's stated time is backed by a count of what it asks a student to do (issue 13: honest pacing).

tools/pacing.py estimates minutes from the words of markdown, the code cells, the self-checks, the explorers and the
written activities; each lesson header must state a time of 45-60 minutes within 10 % of that estimate.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from conftest import ROOT, lesson_notebooks

_spec = importlib.util.spec_from_file_location("pacing", ROOT / "tools" / "pacing.py")
pacing = importlib.util.module_from_spec(_spec)
sys.modules["pacing"] = pacing  # dataclasses look their module up while the file runs
_spec.loader.exec_module(pacing)


@pytest.mark.parametrize("path", lesson_notebooks(), ids=lambda p: p.stem)
def test_header_time_matches_the_estimate_and_fits_a_session(path):
    r = pacing.measure(path)
    assert r.stated_minutes is not None, f"{path.name}: no '**Time:** about NN minutes' in the header"
    assert pacing.MIN_MINUTES <= r.stated_minutes <= pacing.MAX_MINUTES, (
        f"{path.name}: states {r.stated_minutes} min; a lesson should take 45-60 minutes (trim or split it)")
    assert abs(r.stated_minutes - r.estimated_minutes) <= pacing.TOLERANCE * r.estimated_minutes, (
        f"{path.name}: states {r.stated_minutes} min but its content takes about {r.estimated_minutes:.0f} min "
        f"({r.markdown_words} words, {r.code_cells} code cells, {r.self_checks} self-checks, {r.explorers} explorers, "
        f"{r.activities} activities); run `python tools/pacing.py`")


def test_estimate_counts_each_kind_of_cell(tmp_path):
    def md(text, tags=()):
        return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}

    def code(text, tags=()):
        return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text, "outputs": [], "execution_count": None}

    cells = [
        md("# Title\n\n**Time:** about 20 minutes\n\n" + "word " * 126),  # 130 words with the header
        code("x = 1"),
        code('checks.ask("l99-a")'),
        code("access.presence_explorer(seed=1)"),
        code("lab", tags=["explorer"]),
        md("**Try this.** Move the slider."),
        md("A reflection prompt.", tags=["activity"]),
        md("## References\n\n" + "cited " * 500),
    ]
    path = tmp_path / "99_test.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    r = pacing.measure(path)
    assert (r.code_cells, r.self_checks, r.explorers, r.activities, r.stated_minutes) == (1, 1, 2, 2, 20)
    assert r.markdown_words == 131 + 5 + 3, "the header, the activities and the prose count; the references do not"
    expected = r.markdown_words / 130 + 1 + 2 + 12 + 8
    assert r.estimated_minutes == pytest.approx(expected)
