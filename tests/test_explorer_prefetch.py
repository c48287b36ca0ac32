"""Explorers prefetch the redraws one step away while the kernel is idle (swarmcast.explorer, "Prefetch"): the next
step is served from the memo, and what it draws is exactly what a fresh compute and altair's to_dict give."""

from __future__ import annotations

import asyncio
import html
import json
import sys
from pathlib import Path

import altair as alt
import ipywidgets as w
import pandas as pd
import pytest

from swarmcast import charts, static
from swarmcast.explorer import Explorer, _one_step

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from widgets import EXPLORERS  # noqa: E402  (the explorers exactly as the lessons build them)


@pytest.fixture(autouse=True)
def _unfreeze():
    """Explorers freeze the heap in their first idle turn (_settle_heap): give the test process its collector back."""
    import gc

    yield
    gc.unfreeze()


async def _idle(ex: Explorer, seconds: float = 30.0) -> None:
    """Let the event loop run until the explorer has nothing left to prefetch."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while ex._prefetching is not None and loop.time() < deadline:
        await asyncio.sleep(0.02)
    assert ex._prefetching is None, "prefetching did not finish"


def _fresh_spec(ex: Explorer) -> tuple[str, str]:
    fresh = ex._compute(**ex.values)
    spec = charts.human_spec(ex._render(fresh, ex.values).to_dict(validate=False))
    return json.dumps(spec), "" if ex._summarise is None else html.escape(ex._summarise(fresh, ex.values))


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_each_next_step_is_prefetched_and_draws_what_a_fresh_redraw_would(name, monkeypatch):
    monkeypatch.setenv(charts.VALIDATE_ENV, "0")

    async def main():
        ex = EXPLORERS[name]()
        await _idle(ex)
        assert ex.n_prefetched >= 1, f"{name}: nothing was prefetched while idle"
        steps = 0
        for control_name, control in ex.controls.items():
            start = control.value
            for value in _one_step(control)[:1]:
                before = ex.n_prefetched
                control.value = value  # one step: prefetched while the kernel was idle
                assert ex.last_compute_ms == 0.0, f"{name}: {control_name} -> {value!r} was computed on the move"
                text, summary = _fresh_spec(ex)
                assert json.dumps(ex.spec) == text and ex.chart.spec == json.loads(text), f"{name}: {control_name} -> {value!r}"
                assert summary in ex.summary.value
                steps += 1
                await _idle(ex)
                assert ex.n_prefetched > before or all(ex._memo_key(v) in ex._memo for v, _after in ex._neighbours())
                control.value = start
                await _idle(ex)
        assert steps >= 1

    asyncio.run(main())


def _line(result, values):
    """A finished chart of one line up to ``result``: the render of the small explorers below."""
    chart = alt.Chart(pd.DataFrame({"x": [0, 1], "y": [0, result]})).mark_line().encode(x="x:Q", y="y:Q")
    return charts.finish(chart, title=f"Level {result}", description=f"A straight line rising from zero to {result}.")


def _counting_explorer(fail_at=None):
    calls = []

    def compute(level):
        calls.append(level)
        if level == fail_at:
            raise ValueError(f"level {level} is not allowed")
        return level

    slider = w.IntSlider(value=2, min=0, max=5, step=1, description="level")
    return Explorer(controls={"level": slider}, compute=compute, render=_line), slider, calls


def test_nothing_is_prefetched_outside_a_running_event_loop():
    ex, slider, calls = _counting_explorer()
    assert ex._prefetching is None and calls == [2]
    slider.value = 3
    assert calls == [2, 3] and ex.n_prefetched == 0


def test_the_site_build_prefetches_nothing(monkeypatch):
    monkeypatch.setenv(static.STATIC_ENV, "1")

    async def main():
        ex, _slider, calls = _counting_explorer()
        await asyncio.sleep(0.3)
        return ex, calls

    ex, calls = asyncio.run(main())
    assert calls == [2] and ex.n_prefetched == 0


def test_a_neighbour_that_fails_is_skipped_and_the_move_there_still_shows_the_error():
    async def main():
        ex, slider, calls = _counting_explorer(fail_at=3)
        await _idle(ex)
        assert sorted(calls) == [1, 2, 3] and ex.n_prefetched == 1  # 3 failed, 1 was kept
        with pytest.raises(ValueError, match="level 3 is not allowed"):
            slider.value = 3
        slider.value = 1
        assert ex.last_compute_ms == 0.0 and calls.count(1) == 1  # prefetched, not computed again

    asyncio.run(main())


def test_prefetch_follows_the_direction_of_travel_first():
    async def main():
        ex, slider, calls = _counting_explorer()
        await _idle(ex)
        slider.value = 1  # moving down: one and two steps on (0 and -1: out of range), then one back
        assert [(v["level"], after) for v, after in ex._neighbours()] == [(0, ex.PREFETCH_IDLE_S), (2, ex.PREFETCH_IDLE_S)]
        slider.value = 3  # moving up
        assert [v["level"] for v, _after in ex._neighbours()] == [4, 5, 2]

    asyncio.run(main())


def test_one_step_is_what_the_browser_sends():
    f = w.FloatSlider(value=0.2, min=0.0, max=0.3, step=0.1)
    assert _one_step(f) == [0.3, 0.1]  # rounded to the step's decimals: not 0.30000000000000004
    f.value = 0.3
    assert _one_step(f) == [0.2]  # the top of the range
    i = w.IntSlider(value=0, min=0, max=10, step=5)
    assert _one_step(i) == [5]
    d = w.Dropdown(options=[("first", "a"), ("second", "b"), ("third", "c")], value="b")
    assert _one_step(d) == ["c", "a"]  # every option of a menu is one click away, the nearest first
    d.value = "c"
    assert _one_step(d) == ["a", "b"]
    many = w.Dropdown(options=list("abcdefgh"), value="a")
    assert _one_step(many) == ["b", "h", "c", "g"]  # at most PICKS
    t = w.ToggleButtons(options=["x", "y"], value="x")
    assert _one_step(t) == ["y"]
    s = w.SelectionSlider(options=[0.1, 0.2, 0.3, 0.4], value=0.3)
    assert _one_step(s) == [0.4, 0.2]  # a slider: one step either side
    assert _one_step(s, (-1, -2, 1)) == [0.2, 0.1, 0.4]
    assert _one_step(f, (-1, -2, 1)) == [0.2, 0.1]
    assert _one_step(w.Checkbox(value=True)) == [False]
    assert _one_step(w.Text(value="free text")) == []


def test_the_explorer_sees_a_float_slider_on_its_grid():
    """The browser sends 6.5 + 0.5 as 7.000000000000001: the model, the summary and the memo see 7.0."""
    seen = []

    def compute(level):
        seen.append(level)
        return level

    slider = w.FloatSlider(value=6.5, min=0.5, max=20.0, step=0.5)
    ex = Explorer(controls={"level": slider}, compute=compute, render=_line)
    slider.value = 7.000000000000001
    assert seen == [6.5, 7.0] and ex.values == {"level": 7.0}
    assert _one_step(slider) == [7.5, 6.5]
    log = w.FloatLogSlider(value=125.89254117941675, base=10, min=0, max=4, step=0.1)
    assert _one_step(log) == [] and Explorer(controls={"level": log}, compute=compute, render=_line).values["level"] == log.value


def test_a_control_being_swept_comes_first_and_the_others_wait_for_a_longer_pause():
    async def main():
        a, b = w.IntSlider(value=5, min=0, max=10), w.IntSlider(value=5, min=0, max=10)
        ex = Explorer(controls={"a": a, "b": b}, compute=lambda a, b: a + b, render=_line)
        await _idle(ex)
        a.value = 6  # sweeping a
        await asyncio.sleep(ex.PREFETCH_IDLE_S + 0.15)
        assert ex._memo_key({"a": 7, "b": 5}) in ex._memo  # a's next step, soon
        assert ex._memo_key({"a": 6, "b": 6}) not in ex._memo  # b's: only after a longer pause
        await _idle(ex)
        assert ex._memo_key({"a": 6, "b": 6}) in ex._memo and ex._memo_key({"a": 6, "b": 4}) in ex._memo

    asyncio.run(main())


def test_the_first_idle_turn_sets_the_long_lived_heap_aside():
    import gc

    import weakref

    class Node:
        pass

    async def main():
        gc.unfreeze()
        gc.disable()  # only the explorer's own collection runs here
        try:
            ex, _slider, _calls = _counting_explorer()
            assert gc.get_freeze_count() == 0
            node = Node()
            node.me = node  # garbage with a cycle: collected first, never frozen
            gone = weakref.ref(node)
            del node
            assert gone() is not None
            await _idle(ex)
        finally:
            gc.enable()
        return ex, gone

    ex, gone = asyncio.run(main())
    assert gc.get_freeze_count() > 1000 and ex._heap_settled
    assert gone() is None
