"""The explorers' fast redraw (a known spec with new datasets, title and alt text) sends exactly the spec
altair's own to_dict would give, for every control of every lesson's explorer, and is really used."""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from swarmcast import charts
from swarmcast import explorer as _explorer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from widgets import EXPLORERS  # noqa: E402  (the explorers exactly as the lessons build them)


def _values(control, n: int = 3) -> list:
    options = getattr(control, "options", None)
    if options:
        vals = [o[1] if isinstance(o, tuple) else o for o in options]
        return vals[:: max(1, len(vals) // n)][:n] + vals[-1:]
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    if hasattr(control, "min") and hasattr(control, "max"):
        return [control.min, control.max, control.value]
    return []


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_fast_spec_equals_altairs(name, monkeypatch):
    reused = []
    original = _explorer._SpecTemplates.spec_for

    def spy(self, chart):
        spec = original(self, chart)
        reused.append(spec is not None)
        return spec

    monkeypatch.setattr(_explorer._SpecTemplates, "spec_for", spy)
    monkeypatch.setattr(_explorer.Explorer, "_MEMO_MAX", 0)  # every move through the templates (the memo: below)
    monkeypatch.setenv(charts.VALIDATE_ENV, "0")  # compare here, not in update()
    ex = EXPLORERS[name]()
    moves = 0
    for control in ex.controls.values():
        start = control.value
        for value in [*_values(control), start]:
            if value == control.value:
                continue
            control.value = value
            moves += 1
            full = charts.human_spec(ex._render(ex.result, ex.values).to_dict(validate=False))
            assert ex.spec == full, f"{name}: {control.description!r} = {value!r}"
            # same key order too: the browser redraws in place only when the specs' JSON text matches
            assert json.dumps(ex.spec) == json.dumps(full), f"{name}: key order, {control.description!r} = {value!r}"
            assert ex.chart.spec == full
    assert moves >= 2
    assert any(reused), f"{name}: no redraw reused a known spec"


def test_reused_spec_changes_with_the_data():
    ex = next(build for name, build in EXPLORERS.items() if "presence" in name)()
    before = ex.spec
    ex.controls["share_blocked_at_registration"].value = 0.5
    after = ex.spec
    assert after["datasets"] != before["datasets"]
    assert after["description"] != before["description"]
    assert {k: v for k, v in after.items() if k not in ("datasets", "description", "vconcat")} == {
        k: v for k, v in before.items() if k not in ("datasets", "description", "vconcat")
    }


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_values_drawn_before_are_redrawn_from_the_memo_exactly_as_altair_would(name, monkeypatch):
    """Moving a control back to a value drawn before sends the spec and result of that first drawing, without
    recomputing, and they are what a fresh compute and altair's to_dict give for those values."""
    monkeypatch.setenv(charts.VALIDATE_ENV, "0")
    ex = EXPLORERS[name]()
    calls = []
    compute = ex._compute

    def counted(**values):
        calls.append(values)
        return compute(**values)

    ex._compute = counted
    hits = 0
    for control in ex.controls.values():
        start = control.value
        for value in _values(control):
            if value == control.value:
                continue
            control.value = value
            n = len(calls)
            control.value = start  # drawn before: from the memo
            if len(calls) == n:
                hits += 1
                assert ex.last_compute_ms == 0.0
            fresh = compute(**ex.values)
            full = charts.human_spec(ex._render(fresh, ex.values).to_dict(validate=False))
            assert json.dumps(ex.spec) == json.dumps(full), f"{name}: {control.description!r} back to {start!r}"
            assert ex.chart.spec == full
            assert ex._summarise is None or html.escape(ex._summarise(fresh, ex.values)) in ex.summary.value
    assert hits >= 1, f"{name}: no move back to a value drawn before was served from the memo"


def _altairs_rows(frame):
    from altair.vegalite.v6.api import _prepare_data

    context: dict = {}
    named = _prepare_data(frame, context)
    return named.name, context["datasets"][named.name]


def test_fast_rows_are_altairs_rows_for_every_dtype_an_explorer_draws():
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({
        "i": np.array([1, -2, 3], dtype=np.int64), "u": np.array([1, 2, 3], dtype=np.uint8),
        "f": [1.5, np.nan, np.inf], "g": [-0.0, 2.0, -np.inf], "b": [True, False, True],
        "t": pd.to_datetime(["2015-08-01 00:00", None, "2016-02-05 13:45"], format="%Y-%m-%d %H:%M"), "s": ["a", None, "c"], "n": ["x", np.nan, "z"],
    }, index=[10, 11, 12])
    fast = _explorer._fast_rows(frame)
    assert fast is not None and fast == _altairs_rows(frame)
    assert fast[1][1] == {"i": -2, "u": 2, "f": None, "g": 2.0, "b": False, "t": "", "s": None, "n": None}
    assert _explorer._fast_rows(frame.iloc[:0]) == _altairs_rows(frame.iloc[:0])


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"c": pd.Categorical(["a", "b"])}),
    pd.DataFrame({"o": [1, "1"]}),
    pd.DataFrame({"s": pd.array(["a", None], dtype="string")}),
    pd.DataFrame({"t": pd.to_datetime(["2015-08-01", "2016-01-01"]).tz_localize("UTC")}),
    pd.DataFrame([[1, 2]], columns=["a", "a"]),
    pd.DataFrame({0: [1]}),
], ids=["categorical", "mixed objects", "string dtype", "time zone", "duplicate names", "number as name"])
def test_fast_rows_leave_other_frames_to_altair(frame):
    assert _explorer._fast_rows(frame) is None
