"""The explorer: controls bound to a computation and a chart that redraws in place.

Why: every lesson has an explorer (a model or a data filter behind sliders and dropdowns). They all
share this one mechanism, so each lesson's explorer is only three small functions: compute, render
and summarise. The chart is an offline ``alt.JupyterChart`` updated in place; a live text summary
under it says in words what the chart shows (alt text that follows the sliders).
"""

from __future__ import annotations

import hashlib
import html
import math
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.schemapi import SchemaBase, Undefined

from . import charts

__all__ = ["Explorer", "simulated_explorer"]


class Explorer:
    """Bind ``controls`` (name -> ipywidget with a ``value``) to ``compute`` and ``render``.

    - ``compute(**values)`` returns any result (usually a DataFrame); it is the model or data step and
      is timed (``last_compute_ms``) so benchmarks can check the 20 ms budget.
    - ``render(result, values)`` returns an altair chart built with :func:`swarmcast.charts.finish`.
    - ``summarise(result, values)`` returns one or two sentences stating what the chart now shows.
    """

    def __init__(
        self,
        *,
        controls: Mapping[str, Any],
        compute: Callable[..., Any],
        render: Callable[[Any, dict], alt.TopLevelMixin],
        summarise: Callable[[Any, dict], str] | None = None,
        sources: list[str] | None = None,
        simulated: bool = False,
        instructions: str | None = None,
    ):
        import ipywidgets as w

        if not controls:
            raise ValueError("controls must name at least one widget")
        self.controls = dict(controls)
        self._compute, self._render, self._summarise = compute, render, summarise
        self.sources, self.simulated = sources or [], simulated
        self.last_compute_ms = float("nan")
        self.last_update_ms = float("nan")
        self.n_updates = 0
        charts.enable()
        self.result, self.last_compute_ms = self._timed_compute(self.values)
        first = self._render(self.result, self.values)
        self.chart, self._spec = charts.jupyter_chart(first)
        self._check_spec(self._spec)
        self._templates = _SpecTemplates()
        self._templates.add(first, self._spec)
        self._memo: dict = {}
        self._remember(self._memo_key(), self.result, self._spec)
        self._last_move, self._moved, self._prefetching, self._failed = 0.0, None, None, set()
        self.n_prefetched = 0  # redraws made ahead of a move (see _prefetch_one)
        self._heap_settled = False
        self.summary = w.HTML(self._summary_html())
        self.caption = w.HTML(charts.caption_html(first, sources=self.sources, simulated=simulated))
        for control in self.controls.values():
            if hasattr(control, "continuous_update"):
                control.continuous_update = False
            control.observe(self._on_change, names="value")
        parts = []
        if instructions:
            parts.append(w.HTML(f'<p style="line-height:1.45">{html.escape(instructions)}</p>'))
        parts += [w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap")), self.chart, self.summary, self.caption]
        self.widget = w.VBox(parts)
        self.widget.add_class("swarmcast-explorer")
        self._schedule_prefetch()

    @property
    def values(self) -> dict:
        """The current value of every control, by name; a float slider's rounded to its step's decimals (the browser
        sends 6.5 + 0.5 as 7.000000000000001: the model, the summary and the memo all see 7.0)."""
        return {name: _on_grid(c) for name, c in self.controls.items()}

    @property
    def spec(self) -> dict:
        """The current Vega-Lite spec as a dict: exactly what was sent to the browser."""
        return self._spec

    def _timed_compute(self, values: dict) -> tuple[Any, float]:
        """``compute(**values)`` and the milliseconds it took."""
        begin = time.perf_counter()
        result = self._compute(**values)
        return result, (time.perf_counter() - begin) * 1000.0

    @staticmethod
    def _check_spec(spec: dict) -> None:
        if not spec.get("title") or not spec.get("description"):
            raise ValueError("render() must return a chart built with swarmcast.charts.finish (title and description)")

    def _summary_html(self) -> str:
        if self._summarise is None:
            return ""
        text = self._summarise(self.result, self.values)
        return f'<p role="status" aria-live="polite" style="line-height:1.45;max-width:48em">{html.escape(text)}</p>'

    def update(self) -> None:
        """Recompute and redraw from the current control values."""
        start = time.perf_counter()
        self._last_move = start
        values = self.values
        key = self._memo_key(values)
        hit = self._memo.get(key) if key is not None else None
        if hit is not None:  # drawn (or prefetched) before: same result, same spec, nothing recomputed
            self._memo[key] = self._memo.pop(key)  # most recently used last
            self.result, spec = hit
            self.last_compute_ms = 0.0
            self.chart.spec = spec
            self._spec = spec
            self._after_redraw(spec, start)
            return
        self.result, chart, spec, self.last_compute_ms = self._build(values)
        if charts._has_params(spec):  # interactive params need JupyterChart's own bookkeeping
            _, spec = charts.jupyter_chart(chart, self.chart)
        else:
            self.chart.spec = spec
        self._check_spec(spec)
        self._spec = spec
        self._remember(key, self.result, spec)
        self._after_redraw(spec, start)

    def _build(self, values: dict):
        """``(result, chart, spec, compute ms)`` for ``values``: the spec of a chart drawn before with new data,
        else altair's."""
        result, compute_ms = self._timed_compute(values)
        chart = self._render_quickly(result, values)
        spec = self._templates.spec_for(chart)
        if spec is None:
            # serialised once (validated only when charts.validating(), as in the tests) and kept as a template
            spec = charts.human_spec(chart.to_dict(validate=charts.validating()))
            self._templates.add(chart, spec)
        elif charts.validating():  # the tests: the template's spec must be exactly altair's
            full = charts.human_spec(chart.to_dict(validate=True))
            if full != spec:
                raise AssertionError("the explorer's fast spec differs from altair's to_dict")
        return result, chart, spec, compute_ms

    def _remember(self, key, result, spec: dict) -> None:
        if key is not None and self._MEMO_MAX > 0 and not charts._has_params(spec):
            self._memo[key] = (result, spec)
            while len(self._memo) > self._MEMO_MAX:
                self._memo.pop(next(iter(self._memo)))

    def _render_quickly(self, result, values: dict):
        """render(), without altair validating every object as it is made (its debug mode: 10-30 ms a redraw)
        unless charts.validating() (the tests), where every chart is validated in full anyway."""
        if charts.validating():
            return self._render(result, values)
        from altair.utils.schemapi import debug_mode

        with debug_mode(False):
            return self._render(result, values)

    def _after_redraw(self, spec: dict, start: float) -> None:
        self.summary.value = self._summary_html()
        self.caption.value = charts.caption_html(spec, sources=self.sources, simulated=self.simulated)
        self.n_updates += 1
        self.last_update_ms = (time.perf_counter() - start) * 1000.0

    #: Redraws kept per explorer, by control values: a student moving a slider back and forth, or ticking a box off
    #: and on again, gets the chart already drawn for those values (compute and render are seeded, so the same
    #: values always give the same result) without the 20-70 ms of model and chart building.
    _MEMO_MAX = 32

    def _memo_key(self, values: dict | None = None):
        key = tuple((self.values if values is None else values).items())
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def _on_change(self, change) -> None:
        for name, control in self.controls.items():
            if control is change.get("owner"):
                self._moved = (name, change.get("old"), change.get("new"))
        self.update()
        self._schedule_prefetch()

    # ----------------------------------------------------------------------------------------------------------
    # Prefetch: the redraws one step away, made while the student looks at the chart
    # ----------------------------------------------------------------------------------------------------------
    # A student moves a control one step at a time (an arrow key, the next option, a box ticked). Once a chart is
    # drawn, the kernel is idle until the next move; in that time it makes the redraws one move away from the
    # current values and keeps them in the memo, so that the next move is served like a value drawn before (only
    # the spec is sent). The control just moved comes first (two steps ahead in its direction of travel, then one
    # back) after PREFETCH_IDLE_S without a move; the other controls' neighbours after PREFETCH_WIDE_S. One redraw
    # per turn of the kernel's event loop: a move that arrives meanwhile waits for at most the one being made.
    # Nothing runs outside a running event loop (plain scripts, the tests' direct calls) or in the static site
    # build; a neighbour that fails is skipped (the student sees that error only by moving there). Results are the
    # same as a move's own redraw: compute and render are seeded (tests/test_explorer_prefetch.py compares them).

    #: Seconds without a move before the moved control's next steps are made, before the other controls' are
    #: (a student sweeping one slider is never kept waiting by the others), and between two prefetched redraws.
    PREFETCH_IDLE_S = 0.02
    PREFETCH_WIDE_S = 0.6
    PREFETCH_GAP_S = 0.01

    def _schedule_prefetch(self) -> None:
        import asyncio

        if self._MEMO_MAX <= 0 or self._prefetching is not None:
            return
        from . import static

        if static.enabled():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._prefetching = loop.call_later(self.PREFETCH_IDLE_S, self._prefetch_one)

    def _prefetch_one(self) -> None:
        import asyncio

        self._prefetching = None
        if not self._heap_settled:  # this turn's work: set the kernel's long-lived objects aside (see _settle_heap)
            self._heap_settled = True
            _settle_heap()
            self._prefetching = asyncio.get_running_loop().call_later(self.PREFETCH_GAP_S, self._prefetch_one)
            return
        idle = time.perf_counter() - self._last_move
        wait = None  # seconds until the next candidate may be made
        for values, after in self._neighbours():
            key = self._memo_key(values)
            if key is None or key in self._memo or key in self._failed:
                continue
            if idle < after:  # the student may still be moving: not yet
                wait = after - idle if wait is None else min(wait, after - idle)
                continue
            try:
                result, _chart, spec, _ms = self._build(values)
                self._check_spec(spec)
            except Exception:  # noqa: BLE001 - only a guess at the next move: a real move there shows the error
                self._failed.add(key)  # not tried again
            else:
                self._remember(key, result, spec)
                self.n_prefetched += 1
            wait = self.PREFETCH_GAP_S
            break
        if wait is not None:
            self._prefetching = asyncio.get_running_loop().call_later(wait, self._prefetch_one)

    def _neighbours(self) -> list[tuple[dict, float]]:
        """``(values, idle seconds before making them)`` one move from the current values, likeliest first: the
        control just moved (one and two steps in its direction of travel, then one back) after PREFETCH_IDLE_S, the
        others after PREFETCH_WIDE_S."""
        current = self.values
        order = list(self.controls)
        direction = 0
        if self._moved is not None and self._moved[0] in self.controls:
            name, old, new = self._moved
            order.remove(name)
            order.insert(0, name)
            try:
                direction = -1 if new < old else 1
            except TypeError:
                direction = 0
        out = []
        for name in order:
            moved = self._moved is not None and name == order[0]
            # the control just moved: two steps ahead in its direction of travel (a sweep stays a step ahead even
            # when one redraw takes longer than the student's pause), then one back
            ahead = direction or 1
            steps = _one_step(self.controls[name], (ahead, 2 * ahead, -ahead) if moved else (1, -1))
            after = self.PREFETCH_IDLE_S if moved else self.PREFETCH_WIDE_S
            out += [(dict(current, **{name: value}), after) for value in steps]
        return out

    def _repr_mimebundle_(self, **kwargs):
        from . import static  # the site build (SWARMCAST_STATIC=1): default chart and run-it-live links

        if static.enabled():
            caption = charts.caption_html(self.spec, sources=self.sources, simulated=self.simulated)
            return {"text/html": static.explorer_html(self, caption=caption), "text/plain": "<swarmcast explorer>"}
        return self.widget._repr_mimebundle_(**kwargs)


def _settle_heap() -> None:
    """Collect the garbage, then move every object still alive out of the garbage collector's sight (gc.freeze).

    Why: a lesson's kernel holds about 180,000 objects the collector tracks, most of them the libraries' own
    (altair's thousand schema classes and its Vega-Lite schema as nested dicts, pandas, Jupyter); every full
    collection walks them all, 50-120 ms with the kernel frozen, and the allocations of a few redraws set one off: a
    student's move then waited that long (seen in benchmarks/browser.py as lesson 06 moves of 180-210 ms). Frozen
    objects are still freed when their last reference goes; only cycles among them are never collected, and the
    collection first removes any that are garbage already. Run once per explorer, in its first idle turn (the
    later runs are short: most of the heap is frozen by then).
    """
    import gc

    gc.collect()
    gc.freeze()


def _one_step(control, moves: tuple[int, ...] = (1, -1)) -> list:
    """The values one move away from a control's value, as the browser would send them, likeliest first: a slider's
    value moved by each of ``moves`` steps (within its range, on the step's grid; a selection slider's options), a
    menu's or button row's other options (each one click away; nearest first, at most PICKS), a checkbox's other
    state; [] for any other control."""
    value = getattr(control, "value", None)
    if isinstance(value, bool):
        return [not value]
    options = getattr(control, "options", None)
    if options is not None and hasattr(control, "index"):
        if isinstance(options, Mapping):
            choices = list(options.values())
        else:
            choices = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in options]
        i, n = control.index, len(choices)
        if i is None:
            return []
        if hasattr(control, "continuous_update"):  # a selection slider: steps either side
            return [choices[i + k] for k in moves if 0 <= i + k < n]
        order = [(i + d) % n for k in range(1, n) for d in (k, -k)]
        return [choices[j] for j in dict.fromkeys(j for j in order if j != i)][:PICKS]
    step, low, high = (getattr(control, k, None) for k in ("step", "min", "max"))
    if hasattr(control, "base"):  # a log slider steps its exponent: not guessed
        return []
    if isinstance(value, (int, float)) and all(isinstance(x, (int, float)) for x in (step, low, high)) and step > 0:
        if isinstance(value, int) and isinstance(step, int):
            return [v for v in (value + k * step for k in moves) if low <= v <= high]
        value, decimals = _on_grid(control), _decimals(step)
        return [v for v in (round(value + k * step, decimals) for k in moves) if low <= v <= high]
    return []


#: At most this many other options of a menu or button row are prefetched.
PICKS = 4


def _decimals(step: float) -> int:
    return max(0, -Decimal(repr(float(step))).as_tuple().exponent)


def _on_grid(control):
    """A control's value; a float slider's rounded to the decimals of its step."""
    value, step = control.value, getattr(control, "step", None)
    if type(value) is float and isinstance(step, float) and step > 0 and math.isfinite(value) and not hasattr(control, "base"):
        return round(value, _decimals(step))
    return value


class _SpecTemplates:
    """Specs of charts this explorer has drawn, reused when a redraw changes only data, title and alt text.

    Why: altair's to_dict of a layered or concatenated chart costs 30-150 ms a redraw (deep copies of every
    subchart), while most moves of a control change only the chart's data. A new chart's altair objects are
    reduced to a skeleton (DataFrames and the top-level title/description/height set aside); when an earlier chart
    had the same skeleton, its spec gets the new datasets (named by altair's own _prepare_data, so the names are the
    ones to_dict gives) and the new title, description and height, and the new text titles of the chart-level x and
    y encodings (a measure picked from a menu renames the axis; the browser sets those on the live chart too). A new skeleton (a rule moved by a slider, another
    view) takes altair's full to_dict path once and is kept. Under charts.validating() (the tests) every reused
    spec is checked against altair's own to_dict (Explorer.update).
    """

    _TOP_LEVEL_TEXT = ("title", "description", "height")  # the browser sets these on the live chart
    _AXES = ("x", "y")  # and the text titles of the chart-level x and y encodings (charts.py, swarmcastAxisTitles)
    _MAX = 16  # structures kept per explorer (each holds one spec with its data)

    def __init__(self):
        self._known: dict = {}  # skeleton -> (dataset names in order, spec)

    def add(self, chart, spec: dict) -> None:
        if charts._has_params(spec) or "datasets" not in spec or len(self._known) >= self._MAX:
            return  # interactive params need JupyterChart's own bookkeeping
        try:
            skeleton, frames = self._skeleton(chart)
            self._known[skeleton] = (self._names(frames), spec)
        except (TypeError, ValueError):
            pass

    @classmethod
    def _skeleton(cls, chart):
        frames: list = []

        def walk(obj, top=False, encoding=False):
            if isinstance(obj, pd.DataFrame):
                frames.append(obj)
                return ("<data>",)
            if isinstance(obj, SchemaBase):
                kwds = []
                for k, v in obj._kwds.items():
                    if v is Undefined or (top and k in cls._TOP_LEVEL_TEXT):
                        continue
                    if encoding and cls._axis_title(obj, k) is not None:  # set aside, like the chart's title
                        inner = tuple(sorted((k2, walk(v2)) for k2, v2 in v._kwds.items() if k2 != "title" and v2 is not Undefined))
                        kwds.append((k, (type(v), tuple(walk(a) for a in v._args), inner, "<axis title>")))
                    else:
                        kwds.append((k, walk(v, encoding=top and k == "encoding")))
                return (type(obj), tuple(walk(a) for a in obj._args), tuple(sorted(kwds)))
            if isinstance(obj, (list, tuple)):
                return ("<list>",) + tuple(walk(v) for v in obj)
            if isinstance(obj, dict):
                return ("<dict>",) + tuple(sorted((k, walk(v)) for k, v in obj.items()))
            if isinstance(obj, (str, int, float, bool, type(None))):
                return (type(obj), obj)  # typed: 1, 1.0 and True are equal in Python, not in the spec
            raise TypeError(type(obj).__name__)  # anything else (arrays, ...) takes the full path

        skeleton = walk(chart, top=True)
        hash(skeleton)
        return skeleton, frames

    @staticmethod
    def _axis_title(encoding, channel: str) -> str | None:
        """The text title of the chart-level x or y encoding, which the browser sets on the live chart."""
        if channel not in _SpecTemplates._AXES or not isinstance(encoding, SchemaBase):
            return None
        value = encoding._kwds.get(channel, Undefined)
        title = value._kwds.get("title", Undefined) if isinstance(value, SchemaBase) else Undefined
        return title if isinstance(title, str) else None

    @staticmethod
    def _names(frames: list) -> list[tuple[str, Any]]:
        out, done = [], {}
        for frame in frames:
            if id(frame) not in done:  # one frame drawn by several layers is converted once
                key = _content_key(frame)
                converted = _CONVERTED.get(key) if key is not None else None
                if converted is not None:
                    _CONVERTED[key] = _CONVERTED.pop(key)  # most recently used last
                else:
                    converted = _fast_rows(frame) or _altairs_rows(frame)
                    if key is not None:
                        _CONVERTED[key] = converted
                        while len(_CONVERTED) > _CONVERTED_MAX:
                            _CONVERTED.pop(next(iter(_CONVERTED)))
                done[id(frame)] = converted
            out.append(done[id(frame)])
        return out

    def spec_for(self, chart) -> dict | None:
        """The spec of ``chart`` built from a known one, or None when none has its skeleton."""
        if not self._known:
            return None
        try:
            skeleton, frames = self._skeleton(chart)
            known = self._known.get(skeleton)
            if known is None:
                return None
            new = self._names(frames)
        except (TypeError, ValueError):
            return None
        names, old_spec = known
        rename: dict[str, str] = {}
        for (old, _), (name, _) in zip(names, new):
            if rename.setdefault(old, name) != name:
                return None  # two panels shared one dataset and now differ
        # the known spec's key order is kept: the browser compares specs as JSON text to redraw in place
        spec = _renamed({k: v for k, v in old_spec.items() if k != "datasets"}, rename)
        values = dict(new)
        datasets: dict = {}  # in the known spec's order, so the browser's in-place redraw matches them up
        for old, old_values in old_spec["datasets"].items():
            name = rename.get(old, old)
            datasets.setdefault(name, values[name] if old in rename else old_values)
        for key in self._TOP_LEVEL_TEXT:
            value = getattr(chart, key, Undefined)
            if value is Undefined:
                spec.pop(key, None)
            else:
                spec[key] = value.to_dict(validate=False) if isinstance(value, SchemaBase) else value
        encoding = getattr(chart, "encoding", Undefined)
        for channel in self._AXES:
            title = self._axis_title(encoding, channel)
            if title is not None:
                spec["encoding"][channel]["title"] = title  # a copy (_renamed): the known spec is left as it was
        spec["datasets"] = datasets
        return {k: spec[k] for k in [*old_spec, *spec] if k in spec}


#: Frames already converted to Vega-Lite rows, by content: a panel whose data a move leaves unchanged (the
#: baseline run, the observed series) is rebuilt as a new but equal DataFrame on every redraw.
_CONVERTED: dict = {}
_CONVERTED_MAX = 64


def _altairs_rows(frame: pd.DataFrame) -> tuple[str, Any]:
    """``(name, rows)`` of a frame converted by altair's own data transformer."""
    from altair.vegalite.v6.api import _prepare_data

    context: dict = {}
    # without its attrs (a dataset's title, sources, provenance): pandas deep-copies attrs in every step of altair's
    # conversion, about half its time; the rows and their name are the same
    named = _prepare_data(pd.DataFrame(frame, copy=False) if frame.attrs else frame, context)
    name = getattr(named, "name", Undefined)
    if not isinstance(name, str) or name not in context.get("datasets", {}):
        raise TypeError("data not consolidated")
    return name, context["datasets"][name]


def _fast_rows(frame: pd.DataFrame):
    """``(name, rows)`` exactly as altair's default data transformer gives them, for the frames explorers draw
    (string column names; integer, float, bool, datetime and text columns), or None to let altair convert the frame.

    Why: altair copies and sanitises the whole frame, then converts it row by row with pandas (5-15 ms for a
    chart's frames, on every redraw with new data). The same values come from each column's ``tolist()``; the
    rules are altair's (``sanitize_pandas_dataframe``): NaN and infinities become None, datetimes ISO text (NaT
    empty), missing text None. ``tests/test_explorer_fast_spec.py`` compares the rows with altair's for every dtype.
    """
    from altair.vegalite.v6.api import _dataset_name

    if alt.data_transformers.active != "default" or len(frame) > 5000 or isinstance(frame.columns, pd.MultiIndex) \
            or not frame.columns.is_unique or not all(isinstance(c, str) for c in frame.columns):
        return None
    columns = []
    for name, dtype in frame.dtypes.items():
        values = frame[name]
        kind = dtype.kind if isinstance(dtype, np.dtype) else None
        if kind in ("i", "u", "b"):
            column = values.tolist()
        elif kind == "f":
            raw = values.to_numpy()
            column = [None if bad else v for v, bad in zip(raw.tolist(), ~np.isfinite(raw))]
        elif kind == "M" and dtype == np.dtype("datetime64[ns]"):
            column = ["" if x is pd.NaT else x.isoformat() for x in values]
        elif kind == "O":
            column = values.tolist()
            if not all(isinstance(v, str) for v in column):
                if not all(isinstance(v, str) or v is None or (isinstance(v, float) and v != v) for v in column):
                    return None  # numbers, arrays or objects as text: altair's own rules
                column = [v if isinstance(v, str) else None for v in column]
        else:
            return None
        columns.append(column)
    names = list(frame.columns)
    rows = [dict(zip(names, row)) for row in zip(*columns)] if columns else [{} for _ in range(len(frame))]
    return _dataset_name(rows), rows


def _content_key(frame: pd.DataFrame):
    """A key for a frame's content (columns, dtypes, index and a hash of every row), or None if it has none."""
    for column, dtype in frame.dtypes.items():
        if dtype == object and pd.api.types.infer_dtype(frame[column], skipna=False) != "string":
            return None  # such columns hash by their text, so 1 and "1" would collide: always converted
    try:
        rows = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    except (TypeError, ValueError):
        return None
    return (tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), len(frame),
            hashlib.sha256(rows.tobytes()).hexdigest())


def _renamed(node, rename: dict):
    if isinstance(node, dict):
        if isinstance(node.get("name"), str) and node["name"] in rename:
            return {**node, "name": rename[node["name"]]}
        return {k: _renamed(v, rename) for k, v in node.items()}
    if isinstance(node, list):
        return [_renamed(v, rename) for v in node]
    return node


def simulated_explorer(
    controls: Mapping[str, Any], compute: Callable[..., Any], render: Callable, summarise: Callable, *, source: str,
    instructions: str,
) -> Explorer:
    """An :class:`Explorer` over a seeded, stylised simulation: labelled simulated, credited to ``source``.

    Why: the explorers of lessons 05, 06, 08 and 09 each show one of the course's stylised models, credited to one
    source; building them the same way keeps them alike.
    """
    return Explorer(controls=controls, compute=compute, render=render, summarise=summarise, sources=[source],
                    simulated=True, instructions=instructions)
