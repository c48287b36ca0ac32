"""One chart style for the whole course: a theme, a colour-blind-safe palette, and chart builders.

Why: students compare charts across lessons; the same colours, fonts and captions everywhere let them
read the data, not the styling. Every chart carries a title and a text description (its alt text).

How charts are drawn, and why this way (measured on JupyterLab 4.6 with altair 6, November 2026):
- altair's default renderer fetches vega from a CDN; with no internet the cell shows "Error loading script".
- the ``mimetype`` renderer shows nothing in JupyterLab 4.6 (it draws Vega-Lite up to v5 only) and its
  output label makes nbclient and nbgrader fail with NotebookValidationError.
- the inline ``html`` renderer works offline but embeds about 900 KB per chart and cannot be updated in place.
- ``alt.JupyterChart`` in offline mode (vega bundled by vl-convert, drawn by anywidget) works offline, in
  JupyterLab and in headless execution, and can be updated in place, which is what our explorers need.
So every chart is shown through :func:`show`, which wraps ``alt.JupyterChart`` with a visible caption.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

__all__ = [
    "jupyter_chart",
    "validating",
    "PALETTE",
    "THEME_NAME",
    "BUILDERS",
    "builder",
    "finish",
    "show",
    "enable",
    "line_chart",
    "bar_chart",
    "caption_html",
]

#: Okabe & Ito (2008) colour-blind-safe palette, black dropped (it is the text colour).
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow (use last: low contrast on white)
]
THEME_NAME = "swarmcast"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@alt.theme.register(THEME_NAME, enable=True)
def _swarmcast_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "view": {"continuousWidth": 520, "continuousHeight": 300, "stroke": None},
            "font": _FONT,
            "range": {"category": PALETTE},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#444444"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
        }
    }


def enable() -> None:
    """Make our theme active and JupyterChart work offline (idempotent, cheap after the first call)."""
    alt.theme.enable(THEME_NAME)
    _enable_offline_jupyterchart()


@functools.cache
def _enable_offline_jupyterchart() -> None:
    # enable_offline() asks vl-convert to bundle vega (about 1.3 s each kernel). The bundle depends only on
    # the altair and vl-convert versions, so we keep it in a per-user cache file and reuse it. This sets the
    # two class attributes enable_offline() itself sets; if altair changes them, we fall back to the slow path.
    try:
        import vl_convert as vlc
    except ImportError:  # lean install / JupyterLite: vl-convert-python is an optional extra (swarmcast[lab])
        _online_fallback()
        return

    key = hashlib.sha256(f"{alt.__version__}|{vlc.__version__}".encode()).hexdigest()[:16]
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "swarmcast"
    cache_file = cache_dir / f"jupyterchart-{key}.js"
    jc = alt.JupyterChart
    if cache_file.is_file() and hasattr(jc, "_esm") and hasattr(jc, "_is_offline"):
        jc._esm = cache_file.read_text(encoding="utf-8")
        jc._is_offline = True
        return
    jc.enable_offline()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(jc._esm, encoding="utf-8")
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only home only costs speed


#: Path of a JupyterChart ES module with Vega bundled (e.g. a copy of ~/.cache/swarmcast/jupyterchart-*.js) to
#: use when vl-convert-python is not installed; without it charts load Vega from altair's CDN.
CHART_ESM_ENV = "SWARMCAST_CHART_ESM"
NO_VL_CONVERT_NOTE = (
    "Note: vl-convert-python is not installed, so charts load the Vega library from the internet (a CDN). "
    "To draw charts offline, install the course with its JupyterLab extra: pip install 'swarmcast[lab]'."
)


def _online_fallback() -> None:
    """Without vl-convert: a pre-bundled module named by SWARMCAST_CHART_ESM, else altair's CDN mode and a note."""
    bundle = os.environ.get(CHART_ESM_ENV, "").strip()
    jc = alt.JupyterChart
    if bundle and Path(bundle).is_file() and hasattr(jc, "_esm") and hasattr(jc, "_is_offline"):
        jc._esm = Path(bundle).read_text(encoding="utf-8")
        jc._is_offline = True
        return
    print(NO_VL_CONVERT_NOTE)


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Builder:
    func: Callable[..., alt.TopLevelMixin]
    example: Callable[[], dict]


#: Every chart builder of the package, by name, with example arguments (tests call each one).
BUILDERS: dict[str, _Builder] = {}


def builder(example: Callable[[], dict]):
    """Register a chart builder; ``example()`` returns keyword arguments that build a sample chart."""

    def wrap(func):
        BUILDERS[f"{func.__module__}.{func.__qualname__}"] = _Builder(func, example)
        return func

    return wrap


def finish(chart: alt.TopLevelMixin, *, title: str, description: str, subtitle: str | None = None):
    """Give a chart its title and its text description (alt text); both are required."""
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"title must be a non-empty string; got {title!r}")
    if not isinstance(description, str) or len(description.strip()) < 20:
        raise ValueError(
            "description must be a sentence or two (at least 20 characters) saying what the chart shows; "
            f"got {description!r}"
        )
    t = alt.Title(title, subtitle=subtitle) if subtitle else title
    return chart.properties(title=t, description=description.strip())


def caption_html(chart: alt.TopLevelMixin | dict, *, sources: list[str] | None = None, simulated: bool = False) -> str:
    """The visible caption under a chart (an altair chart or its spec dict): its description, a
    simulated-data label, and its sources."""
    import html

    d = chart if isinstance(chart, dict) else {"description": _description_of(chart)}
    parts = []
    if simulated:
        parts.append("<strong>Simulated data</strong> from a seeded model, not observations.")
    parts.append(html.escape(d.get("description", "")))
    text = " ".join(parts)
    if sources:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sources)
        text += f"<details><summary>Sources ({len(sources)})</summary><ul>{items}</ul></details>"
    # ipywidgets' HTML widget sets a one-line line-height; a caption needs normal text spacing
    return f'<div class="swarmcast-caption" style="font-size:0.9em;line-height:1.45;color:#333;max-width:48em">{text}</div>'


#: Set to "1" to validate every chart against the Vega-Lite schema before it is drawn. The test suite sets it
#: (tests/conftest.py; kernels started by the tests inherit it), so a chart that would not draw fails a test.
#: In class it is off: validation costs 20-150 ms a chart and a slider move, and the tests have done it.
VALIDATE_ENV = "SWARMCAST_VALIDATE_CHARTS"


def validating() -> bool:
    """Whether charts are validated against the Vega-Lite schema before drawing (see VALIDATE_ENV)."""
    return os.environ.get(VALIDATE_ENV) == "1"


def _has_params(spec: dict) -> bool:
    return bool(spec.get("params")) or any(part.get("params") for key in ("layer", "hconcat", "vconcat", "concat") for part in spec.get(key, []))


def jupyter_chart(chart: alt.TopLevelMixin, widget: alt.JupyterChart | None = None):
    """Draw ``chart`` in a new (or the given) offline ``alt.JupyterChart``; return the widget and the spec sent.

    The chart is serialised once. Assigning ``JupyterChart.chart`` would serialise and validate it again;
    charts without params or selections need only their spec, so we send that.
    """
    spec = chart.to_dict(validate=validating())
    if _has_params(spec):  # interactive params need JupyterChart's own bookkeeping
        if widget is None:
            widget = alt.JupyterChart(chart)
        else:
            widget.chart = chart
        return widget, widget.spec
    if widget is None:
        widget = alt.JupyterChart(None)
    widget.spec = spec
    return widget, spec


def _description_of(chart) -> str:
    d = getattr(chart, "description", alt.Undefined)
    return "" if d is alt.Undefined else str(d)


def show(chart: alt.TopLevelMixin, *, sources: list[str] | None = None, simulated: bool = False):
    """Return a displayable widget: the chart (drawn offline) above its caption."""
    import ipywidgets as w

    enable()
    if not _description_of(chart) or getattr(chart, "title", alt.Undefined) in (alt.Undefined, "", None):
        raise ValueError("chart has no title or description: build it with swarmcast.charts.finish(...)")
    from . import static  # the site build (SWARMCAST_STATIC=1) draws an SVG figure instead of a widget

    if static.enabled():
        return static.StaticHTML(static.figure_html(chart.to_dict(), sources=sources, simulated=simulated))
    jchart, spec = jupyter_chart(chart)
    box = w.VBox([jchart, w.HTML(caption_html(spec, sources=sources, simulated=simulated))])
    box.add_class("swarmcast-figure")
    return box


def _to_frame(data) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    return data


def _check_columns(data: pd.DataFrame, **columns: str | None) -> None:
    for arg, col in columns.items():
        if col is not None and col not in data.columns:
            raise ValueError(f"{arg}={col!r} is not a column of data; columns are: {', '.join(map(str, data.columns))}")


def _example_series() -> dict:
    return {
        "data": pd.DataFrame({"year": [2015, 2016, 2017, 2018], "count": [10, 7, 4, 2], "kind": ["a"] * 4}),
        "x": "year",
        "y": "count",
        "title": "An example",
        "description": "An example line falling from 10 in 2015 to 2 in 2018.",
    }


@builder(example=_example_series)
def line_chart(
    *,
    data: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    description: str,
    color: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    x_type: str = "Q",
    points: bool = True,
    tooltip: list[str] | None = None,
):
    """A line chart in the course style (time series, curves from models)."""
    data = _to_frame(data)
    _check_columns(data, x=x, y=y, color=color)
    enc = {
        "x": alt.X(f"{x}:{x_type}", title=x_title or x),
        "y": alt.Y(f"{y}:Q", title=y_title or y),
        "tooltip": tooltip or [c for c in (x, y, color) if c],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color)
    chart = alt.Chart(data).mark_line(point=points).encode(**enc)
    return finish(chart, title=title, description=description)


def _example_bar() -> dict:
    return {
        "data": pd.DataFrame({"group": ["a", "b"], "value": [3.0, 5.0]}),
        "x": "group",
        "y": "value",
        "title": "An example",
        "description": "Two example bars: group a has 3 and group b has 5.",
    }


@builder(example=_example_bar)
def bar_chart(
    *,
    data: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    description: str,
    color: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    sort: list[str] | str | None = None,
    tooltip: list[str] | None = None,
    horizontal: bool = False,
):
    """A bar chart in the course style (categories against a value)."""
    data = _to_frame(data)
    _check_columns(data, x=x, y=y, color=color)
    cat = alt.X(f"{x}:N", title=x_title or x, sort=sort) if not horizontal else alt.Y(f"{x}:N", title=x_title or x, sort=sort)
    val = alt.Y(f"{y}:Q", title=y_title or y) if not horizontal else alt.X(f"{y}:Q", title=y_title or y)
    enc = {"x": cat, "y": val} if not horizontal else {"y": cat, "x": val}
    enc["tooltip"] = tooltip or [c for c in (x, y, color) if c]
    enc["color"] = alt.Color(f"{color}:N", title=color) if color else alt.value(PALETTE[0])
    chart = alt.Chart(data).mark_bar().encode(**enc)
    return finish(chart, title=title, description=description)
