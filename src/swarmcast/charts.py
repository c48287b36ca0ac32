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

import contextlib
import copy
import functools
import hashlib
import os
from pathlib import Path

import altair as alt
import pandas as pd

__all__ = [
    "jupyter_chart",
    "validating",
    "PALETTE",
    "THEME_NAME",
    "CHART_EXAMPLES",
    "finish",
    "show",
    "enable",
    "line_chart",
    "bar_chart",
    "caption_html",
    "label",
    "human_spec",
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
    _cache_from_dict_converter()
    _compose_without_deep_copies()


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


# --------------------------------------------------------------------------------------------
# Fast chart building: altair's from_dict converter, built once
# --------------------------------------------------------------------------------------------
# Each encoding given as a string or dict (alt.Chart(...).encode(x="a:Q", tooltip=[...])) goes through
# SchemaBase.from_dict, which builds a new _FromDict converter every call: it hashes the JSON schema of every
# one of altair's ~900 schema classes (about 9 ms each time, 100-250 ms of an explorer redraw). The converter
# depends only on the set of classes, so we keep one per set. Same classes, same lookups: same charts.
# Listing that set (altair's _subclasses walks the ~1000 classes' tree on every from_dict, about 0.5 ms, 4 ms of a
# redraw) is kept too, per root class, and forgotten whenever a new schema class is defined (SchemaBase's
# __init_subclass__ empties the lists). If altair changes these internals, the patch is skipped and charts build at
# altair's own speed.


@functools.cache
def _cache_from_dict_converter() -> None:
    from altair.utils import schemapi

    original = getattr(schemapi, "_FromDict", None)
    if not isinstance(original, type) or not hasattr(original, "from_dict") or getattr(original, "_swarmcast_cached", False):
        return
    converters: dict = {}

    class _CachedFromDict(original):
        _swarmcast_cached = True

        def __new__(cls, wrapper_classes, /):
            key = tuple(wrapper_classes)
            converter = converters.get(key)
            if converter is None:
                converter = converters[key] = original(key)
            return converter

        def __init__(self, wrapper_classes, /):  # the cached converter is already built
            pass

    schemapi._FromDict = _CachedFromDict
    _cache_subclass_lists(schemapi)


def _cache_subclass_lists(schemapi) -> None:
    """schemapi._subclasses(cls), listed once per root class until a new schema class is defined."""
    import inspect

    from altair.vegalite.v6.schema import core

    walk, base = getattr(schemapi, "_subclasses", None), getattr(schemapi, "SchemaBase", None)
    if not (inspect.isgeneratorfunction(walk) and isinstance(base, type) and getattr(core, "_subclasses", None) is walk):
        return
    if "__init_subclass__" in vars(base):
        return  # altair defines its own hook: leave it alone
    lists: dict = {}  # root class -> its subclasses; emptied when a new schema class is defined

    def forget_lists(cls, **kwargs):
        lists.clear()
        super(base, cls).__init_subclass__(**kwargs)

    def listed(cls):
        found = lists.get(cls)
        if found is None:
            found = lists[cls] = tuple(walk(cls))
        return iter(found)

    base.__init_subclass__ = classmethod(forget_lists)
    schemapi._subclasses = core._subclasses = listed


# --------------------------------------------------------------------------------------------
# Fast chart building: layers and concatenations without deep copies when no subchart has params
# --------------------------------------------------------------------------------------------
# altair's LayerChart and concat constructors deep-copy every subchart (_remove_duplicate_params,
# _combine_subchart_params) to merge the subcharts' selection params (and hash each subchart whose data it lifts,
# _combine_subchart_data, for the view names those params may need), and every .properties() call builds the
# chart again; copying a layer calls the layer's constructor, which copies its layers again. For a two-panel
# explorer chart that is 30-60% of a redraw (20-40 ms). When no subchart has params (all of the course's
# explorer charts) those functions only copy: here each subchart gets a shallow copy instead (a new top object,
# so altair's own assignments to it never reach the caller's chart), and every other case goes to altair's
# code. Same charts (tests/test_charts_compose.py compares every builder's spec with altair's own path).


def _no_params(params, subcharts) -> bool:
    from altair.utils.schemapi import Undefined

    return (params is Undefined or not params) and all(getattr(s, "params", Undefined) is Undefined for s in subcharts)


@functools.cache
def _compose_without_deep_copies() -> None:
    from altair.utils.schemapi import Undefined
    from altair.vegalite.v6 import api

    combine, dedupe = getattr(api, "_combine_subchart_params", None), getattr(api, "_remove_duplicate_params", None)
    if not callable(combine) or not callable(dedupe) or getattr(combine, "_swarmcast", False):
        return

    def named_layers(subchart) -> bool:  # in a concatenation altair renames named layers: its own code does that
        return isinstance(subchart, api.FacetChart) or (
            isinstance(subchart, api.LayerChart) and any(getattr(layer, "name", Undefined) is not Undefined for layer in subchart.layer))

    def combine_params(params, subcharts):
        if _no_params(params, subcharts) and not (len(subcharts) > 1 and any(map(named_layers, subcharts))):
            return (params if params else Undefined), [subchart.copy(deep=False) for subchart in subcharts]
        return combine(params, subcharts)

    def remove_duplicate_params(layer):
        if _no_params(Undefined, layer):
            return [subchart.copy(deep=False) for subchart in layer]
        return dedupe(layer)

    combine_data = getattr(api, "_combine_subchart_data", None)

    def combine_subchart_data(data, subcharts):
        # altair's own steps, less one: lifting shared data out of a subchart, altair first hashes the subchart
        # with its DataFrame printed as text (pandas' repr: about 16 ms a subchart) and keeps that hash in case the
        # subchart's selection params need a view name; with no params, no name is ever made from it
        if not _no_params(Undefined, subcharts):
            return combine_data(data, subcharts)

        def remove_data(subchart):
            if subchart.data is not Undefined:
                subchart = subchart.copy()
                subchart.data = Undefined
            return subchart

        if not subcharts:
            pass
        elif data is Undefined:
            subdata = subcharts[0].data
            if subdata is not Undefined and all(c.data is subdata for c in subcharts):
                data = subdata
                subcharts = [remove_data(c) for c in subcharts]
        elif all(c.data is Undefined or c.data is data for c in subcharts):
            subcharts = [remove_data(c) for c in subcharts]
        return data, subcharts

    combine_params._swarmcast = remove_duplicate_params._swarmcast = combine_subchart_data._swarmcast = True
    combine_params._altair, remove_duplicate_params._altair = combine, dedupe
    combine_subchart_data._altair = combine_data
    api._combine_subchart_params, api._remove_duplicate_params = combine_params, remove_duplicate_params
    if callable(combine_data):
        api._combine_subchart_data = combine_subchart_data


@contextlib.contextmanager
def altairs_own_composition():
    """Build charts with altair's own (deep-copying) layer and concat code, e.g. to compare specs in the tests."""
    from altair.vegalite.v6 import api

    combine, dedupe, data = api._combine_subchart_params, api._remove_duplicate_params, api._combine_subchart_data
    api._combine_subchart_params = getattr(combine, "_altair", combine)
    api._remove_duplicate_params = getattr(dedupe, "_altair", dedupe)
    api._combine_subchart_data = getattr(data, "_altair", data)
    try:
        yield
    finally:
        api._combine_subchart_params, api._remove_duplicate_params, api._combine_subchart_data = combine, dedupe, data


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


# --------------------------------------------------------------------------------------------
# Vega once per page, and fast redraws
# --------------------------------------------------------------------------------------------
# Offline, every alt.JupyterChart carries the whole vega bundle (about 0.9 MB) in its own _esm, so a lesson sent
# 2-5 MB over the websocket. Instead, one hidden widget per kernel (_VegaRuntime) carries the bundle once,
# gzipped, as a binary buffer (about 0.25 MB); when the browser creates its model it unzips and imports it and
# keeps the module in a page global. Each chart is a JupyterChart whose _esm is a few lines that wait for that
# module and call its render. Charts drawn with the CDN (no vl-convert) keep altair's own JupyterChart.
#
# The bundle is altair's JupyterChart code with one change: when an explorer sends a new spec that differs
# from the drawn one only in its data (and its alt text), the chart's data are swapped in the live Vega view
# (milliseconds) instead of rebuilding the chart from scratch (the 60-200 ms a student saw after each move).
# Datasets get stable names (altair names them by a hash of their content) so the two specs can be compared.
# If altair's code changes so that the patch no longer applies, the unpatched code is used: slower, same charts.

_RUNTIME_ESM = r"""
async function load(model) {
  const zipped = model.get("bundle_gz");
  const stream = new Blob([zipped]).stream().pipeThrough(new DecompressionStream("gzip"));
  const source = await new Response(stream).text();
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  return import(url);
}
function initialize({ model }) {
  if (!globalThis.__swarmcastVega) globalThis.__swarmcastVega = load(model);
}
export default { initialize };
"""

_CHART_ESM = r"""
async function vega() {
  for (let waited = 0; !globalThis.__swarmcastVega; waited += 25) {
    if (waited > 60000) throw new Error("the chart library (vega) did not load: re-run the cell");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (await globalThis.__swarmcastVega).default;
}
async function render(ctx) {
  try {
    const lib = await vega();
    return await lib.render(ctx);
  } catch (error) {
    ctx.el.textContent = "The chart could not be drawn: " + error.message;
  }
}
export default { render };
"""

_FAST_JS = r"""
function swarmcastStableNames(spec) {
  if (!spec || !spec.datasets) return spec;
  const names = Object.keys(spec.datasets);
  const map = {};
  names.forEach((n, i) => { map[n] = "swarmcast_data_" + i; });
  const walk = (o) => {
    if (Array.isArray(o)) return o.map(walk);
    if (o && typeof o === "object") {
      const r = {};
      for (const [k, v] of Object.entries(o)) {
        if (k === "datasets") continue;
        r[k] = (k === "name" && typeof v === "string" && v in map) ? map[v] : walk(v);
      }
      return r;
    }
    return o;
  };
  const out = walk(spec);
  out.datasets = {};
  names.forEach((n) => { out.datasets[map[n]] = spec.datasets[n]; });
  return out;
}
function swarmcastTitleParts(title) {
  if (title === undefined || title === null) return {};
  if (typeof title === "string" || Array.isArray(title)) return { text: title };
  return title;
}
// A single view's or a layer's chart-level x and y titles (its axes' titles), set on the live view as signals
// (swarmcastPatch); in a layer, only when no layer draws that channel from a field of its own (the axis title
// would then be joined from several titles).
function swarmcastAxisTitles(spec) {
  const one = spec && !spec.hconcat && !spec.vconcat && !spec.concat && !spec.facet && !spec.repeat;
  const out = {};
  if (one && spec.encoding) {
    const ownField = (layer, ch) => layer.layer || (layer.encoding && layer.encoding[ch] && !("value" in layer.encoding[ch]));
    for (const ch of ["x", "y"]) {
      if ((spec.layer || []).some((layer) => ownField(layer, ch))) continue;
      if (spec.encoding[ch] && typeof spec.encoding[ch].title === "string") out[ch] = spec.encoding[ch].title;
    }
  }
  return out;
}
function swarmcastShape(spec) {
  const { text, subtitle, ...rest } = swarmcastTitleParts(spec.title);
  const title = { hasText: text !== undefined, hasSubtitle: subtitle !== undefined, rest };
  // a height in pixels is set on the live view (a strip ticked on or off makes the chart taller or shorter)
  const height = typeof spec.height === "number" ? "pixels" : spec.height;
  const shape = { ...spec, datasets: Object.keys(spec.datasets || {}), description: null, title, height };
  const axisTitles = swarmcastAxisTitles(spec);
  if (Object.keys(axisTitles).length) {
    shape.encoding = { ...spec.encoding };
    for (const ch of Object.keys(axisTitles)) shape.encoding[ch] = { ...spec.encoding[ch], title: "(axis title)" };
  }
  return JSON.stringify(shape);
}
// The compiled Vega spec takes its title and subtitle from signals, so a new title is a signal update.
function swarmcastPatch(vg) {
  vg.signals = vg.signals || [];
  if (vg.title === undefined || vg.title === null) return swarmcastPatchAxes(vg);
  const title = (typeof vg.title === "string" || Array.isArray(vg.title)) ? { text: vg.title } : vg.title;
  vg.signals = vg.signals || [];
  for (const key of ["text", "subtitle"]) {
    const value = title[key];
    if (value !== undefined && !(value && value.signal)) {
      vg.signals.push({ name: "swarmcast_title_" + key, value: value });
      title[key] = { signal: "swarmcast_title_" + key };
    }
  }
  vg.title = title;
  return swarmcastPatchAxes(vg);
}
// axis titles too (a new measure picked from a menu renames the y axis)
function swarmcastPatchAxes(vg) {
  for (const axis of vg.axes || []) {
    const name = "swarmcast_axis_title_" + axis.scale;
    if ((axis.scale === "x" || axis.scale === "y") && typeof axis.title === "string" && !vg.signals.some((s) => s.name === name)) {
      vg.signals.push({ name, value: axis.title });
      axis.title = { signal: name };
    }
  }
  return vg;
}
"""

_PATCHES = (
    ("    let finalize;\n", "    let finalize;\n    let swarmcastApi = null, swarmcastSpec = null, swarmcastRawNames = null;\n"),
    ('        let spec = structuredClone(model.get("spec"));\n',
     '        let spec = swarmcastStableNames(structuredClone(model.get("spec")));\n        swarmcastApi = null;\n'
     '        swarmcastRawNames = Object.keys((model.get("spec") || {}).datasets || {});\n'),
    ('        let embedOptions = structuredClone(model.get("embed_options")) ?? undefined;\n',
     '        let embedOptions = { ...(structuredClone(model.get("embed_options")) ?? {}), patch: swarmcastPatch };\n'),
    ("        finalize = api.finalize;\n",
     "        finalize = api.finalize;\n        swarmcastApi = api;\n        swarmcastSpec = spec;\n"),
    ("    model.on('change:spec', reembed);\n",
     """    model.on('change:spec', async () => {
        globalThis.__swarmcastSpecAt = performance.now();  // benchmarks/browser.py: kernel and network done here
        const next = swarmcastStableNames(structuredClone(model.get("spec")));
        // altair names a dataset by a hash of its rows: a dataset whose name is unchanged need not be sent to the view
        const rawNames = Object.keys((model.get("spec") || {}).datasets || {});
        if (swarmcastApi && next && swarmcastSpec && next.datasets && swarmcastShape(next) === swarmcastShape(swarmcastSpec)) {
            try {
                Object.entries(next.datasets).forEach(([name, values], i) => {
                    if (!(swarmcastRawNames && swarmcastRawNames[i] === rawNames[i])) swarmcastApi.view.data(name, values);
                });
                if (next.description) swarmcastApi.view.description(next.description);
                if (typeof next.height === "number" && next.height !== swarmcastSpec.height) swarmcastApi.view.height(next.height);
                const axisBefore = swarmcastAxisTitles(swarmcastSpec);
                for (const [ch, value] of Object.entries(swarmcastAxisTitles(next))) {
                    if (value !== axisBefore[ch]) swarmcastApi.view.signal("swarmcast_axis_title_" + ch, value);
                }
                const parts = swarmcastTitleParts(next.title);
                for (const key of ["text", "subtitle"]) {
                    if (parts[key] !== undefined && !(parts[key] && parts[key].expr)) swarmcastApi.view.signal("swarmcast_title_" + key, parts[key]);
                }
                // laid out again in the same run, as a new chart would be: new data can change the axes' labels
                // (an empty filter has none) and a new title or height the chart's size; without it the old
                // layout stays and a longer title or a shifted plot is cut off at the old width
                await swarmcastApi.view.resize().runAsync();
                swarmcastSpec = next;
                swarmcastRawNames = rawNames;
                globalThis.__swarmcastFastRedraws = (globalThis.__swarmcastFastRedraws || 0) + 1;
                return;
            } catch (error) {
                console.warn("swarmcast: fast redraw failed, redrawing in full", error);
            }
        }
        globalThis.__swarmcastFullRedraws = (globalThis.__swarmcastFullRedraws || 0) + 1;
        await reembed();
    });
"""),
)


def _patched_source() -> str | None:
    """altair's JupyterChart source with the fast-redraw patch, imports removed; None if it does not apply."""
    from altair.jupyter.jupyter_chart import load_js_src

    lines = load_js_src().split("\n")
    while lines and (not lines[0].strip() or lines[0].startswith("import") or lines[0].startswith("//")):
        lines.pop(0)
    src = "\n".join(lines)
    for old, new in _PATCHES:
        if src.count(old) != 1:
            return None
        src = src.replace(old, new)
    return _FAST_JS + src


@functools.cache
def _page_bundle_gz() -> bytes:
    """The gzipped bundle the page loads once: our patched source bundled by vl-convert (cached per user, as
    the offline bundle is), or altair's own offline bundle when the patch does not apply."""
    import gzip

    try:
        import vl_convert as vlc
    except ImportError:  # offline through a pre-bundled module (SWARMCAST_CHART_ESM): share that one, unpatched
        vlc = None
    src = _patched_source() if vlc is not None else None
    if src is None:
        return gzip.compress(alt.JupyterChart._esm.encode(), mtime=0)
    key = hashlib.sha256(f"{alt.__version__}|{vlc.__version__}|{src}".encode()).hexdigest()[:16]
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "swarmcast"
    cache_file = cache_dir / f"pagebundle-{key}.js.gz"
    if cache_file.is_file():
        return cache_file.read_bytes()
    from altair.utils._importers import vl_version_for_vl_convert

    zipped = gzip.compress(vlc.javascript_bundle(src, vl_version=vl_version_for_vl_convert()).encode(), mtime=0)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(zipped)
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only home only costs speed
    return zipped


_PAGE_CLASSES: dict = {}
_RUNTIME: list = []


def _page_chart_class():
    """The JupyterChart class to draw with: a light one sharing the page's vega when offline, else altair's."""
    jc = alt.JupyterChart
    if not getattr(jc, "_is_offline", False):
        return jc
    if "chart" not in _PAGE_CLASSES:
        import anywidget
        import traitlets

        class _VegaRuntime(anywidget.AnyWidget):
            _esm = _RUNTIME_ESM
            bundle_gz = traitlets.Bytes(b"").tag(sync=True)

        class PageChart(jc):
            """An offline JupyterChart that uses the vega loaded once per page by _VegaRuntime."""

            _esm = _CHART_ESM

        _PAGE_CLASSES.update(runtime=_VegaRuntime, chart=PageChart)
    if not _RUNTIME:  # one per kernel; the comm opens at creation, so the browser gets it before the charts
        _RUNTIME.append(_PAGE_CLASSES["runtime"](bundle_gz=_page_bundle_gz()))
    return _PAGE_CLASSES["chart"]


# --------------------------------------------------------------------------------------------
# Human labels
# --------------------------------------------------------------------------------------------
# Vega-Lite titles an axis, legend or tooltip line with the field's name when no title is given, so code names
# (share_surfaced_by_internal_tools, source_id) reached the screen. Every spec sent to the browser goes through
# human_spec(), which titles such fields with label(field); explicit titles are the builders' job (tests/test_labels.py).

_LABELS = {
    "source_id": "source",
    "row_id": "row",
    "row_ids": "rows",
    "fact_id": "fact",
    "period_start": "from",
    "period_end": "to",
    "period_end_label": "to",
    "ci_lower": "lower end of the 95% interval",
    "ci_upper": "upper end of the 95% interval",
    "frag_prob": "fragmentation probability",
    "per_run": "per run",
    "week_end": "week ending",
}
_ACRONYMS = {"is": "IS", "cve": "CVE", "gifct": "GIFCT", "ci": "CI", "tcap": "TCAP", "id": "ID", "us": "US", "uk": "UK", "eu": "EU"}
_CHANNELS = ("x", "y", "x2", "y2", "color", "fill", "stroke", "shape", "size", "opacity", "column", "row", "facet",
             "theta", "radius", "tooltip", "strokeDash")


def label(name: str) -> str:
    """A code name as a student reads it: ``share_surfaced_by_internal_tools`` -> "share surfaced by internal
    tools", ``n_removed`` -> "number removed", ``source_id`` -> "source". Text without underscores is returned as is."""
    name = str(name)
    if name in _LABELS:
        return _LABELS[name]
    if "_" not in name:
        return name
    words = [w for w in name.split("_") if w]
    if words and words[0] == "n" and len(words) > 1:
        words[0] = "number"
    if len(words) >= 2 and words[-2:] == ["pro", "is"]:
        words[-2:] = ["pro-IS"]
    return " ".join(_ACRONYMS.get(w, w) for w in words)


def _has_title(d) -> bool:
    return isinstance(d, dict) and ("title" in d or any(isinstance(d.get(k), dict) and "title" in d[k] for k in ("axis", "legend", "header")))


def _titled_positions(layers: list) -> set[str]:
    """x/y channels that some layer of a layered chart titles: Vega-Lite joins every layer's explicit title with
    commas ("threshold (bits), threshold bits"), so the other layers must leave that axis untitled."""
    return {ch for layer in layers if isinstance(layer, dict) for ch in ("x", "y")
            if _has_title((layer.get("encoding") or {}).get(ch))}


def _title_fields(enc: dict, skip: set[str]) -> None:
    for channel, d in enc.items():
        if channel not in _CHANNELS or channel in skip:
            continue
        if channel in ("x2", "y2") and (_has_title(enc.get(channel[0])) or channel[0] in skip):
            continue  # the axis is titled by x or y
        for item in d if isinstance(d, list) else [d]:
            if isinstance(item, dict) and "field" in item and not _has_title(item) and "_" in str(item["field"]):
                item["title"] = label(str(item["field"]))


def human_spec(spec: dict) -> dict:
    """Give every field shown without a title (axes, legends, headers, tooltips) a human title, in place."""
    def walk(node, skip=frozenset()):
        if isinstance(node, dict):
            layers = node.get("layer")
            here = set(skip)
            if isinstance(node.get("encoding"), dict):
                _title_fields(node["encoding"], here)
                here |= {ch for ch in ("x", "y") if _has_title(node["encoding"].get(ch))}
            inner = here | (_titled_positions(layers) if isinstance(layers, list) else set())
            for key, value in node.items():
                if key in ("datasets", "data", "encoding"):
                    continue
                walk(value, frozenset(inner) if key == "layer" else frozenset())
        elif isinstance(node, list):
            for item in node:
                walk(item, skip)

    walk(spec)
    return spec


def jupyter_chart(chart: alt.TopLevelMixin, widget: alt.JupyterChart | None = None):
    """Draw ``chart`` in a new (or the given) offline ``alt.JupyterChart``; return the widget and the spec sent.

    The chart is serialised once. Assigning ``JupyterChart.chart`` would serialise and validate it again;
    charts without params or selections need only their spec, so we send that.
    """
    spec = human_spec(chart.to_dict(validate=validating()))
    if _has_params(spec):  # interactive params need JupyterChart's own bookkeeping
        if widget is None:
            widget = _page_chart_class()(chart)
        else:
            widget.chart = chart
        widget.spec = human_spec(copy.deepcopy(widget.spec))
        return widget, widget.spec
    if widget is None:
        widget = _page_chart_class()(None)
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
        spec = chart.to_dict()
        return static.StaticHTML(static.figure_html(spec, caption=caption_html(spec, sources=sources, simulated=simulated)))
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


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    line_chart: _example_series,
    bar_chart: _example_bar,
}
