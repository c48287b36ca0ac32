"""The explorer: controls bound to a computation and a chart that redraws in place.

Why: every lesson has an explorer (a model or a data filter behind sliders and dropdowns). They all
share this one mechanism, so each lesson's explorer is only three small functions: compute, render
and summarise. The chart is an offline ``alt.JupyterChart`` updated in place; a live text summary
under it says in words what the chart shows (alt text that follows the sliders).
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Mapping
from typing import Any

import altair as alt

from .. import charts

__all__ = ["Explorer"]


class Explorer:
    """Bind ``controls`` (name -> ipywidget with a ``value``) to ``compute`` and ``render``.

    - ``compute(**values)`` returns any result (usually a DataFrame); it is the model or data step and
      is timed (``last_compute_ms``) so benchmarks can check the 50 ms budget.
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
        self.result = self._run_compute()
        first = self._render(self.result, self.values)
        self.chart, self._spec = charts.jupyter_chart(first)
        self._check_spec(self._spec)
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

    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: c.value for name, c in self.controls.items()}

    @property
    def spec(self) -> dict:
        """The current Vega-Lite spec as a dict: exactly what was sent to the browser."""
        return self._spec

    def _run_compute(self):
        start = time.perf_counter()
        result = self._compute(**self.values)
        self.last_compute_ms = (time.perf_counter() - start) * 1000.0
        return result

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
        self.result = self._run_compute()
        chart = self._render(self.result, self.values)
        # serialised once and sent as a spec (validated only when charts.validating(), as in the tests)
        _, spec = charts.jupyter_chart(chart, self.chart)
        self._check_spec(spec)
        self._spec = spec
        self.summary.value = self._summary_html()
        self.caption.value = charts.caption_html(spec, sources=self.sources, simulated=self.simulated)
        self.n_updates += 1
        self.last_update_ms = (time.perf_counter() - start) * 1000.0

    def _on_change(self, _change) -> None:
        self.update()

    def _repr_mimebundle_(self, **kwargs):
        from .. import static  # the site build (SWARMCAST_STATIC=1): default chart and run-it-live links

        if static.enabled():
            return {"text/html": static.explorer_html(self), "text/plain": "<swarmcast explorer>"}
        return self.widget._repr_mimebundle_(**kwargs)
