"""Human labels everywhere a student reads: chart titles, axis and legend titles (including the ones Vega-Lite
takes from a field name when none is given), tooltips, and every explorer's control descriptions and dropdown
options. A code name such as ``share_surfaced_by_internal_tools`` or ``row_id`` fails the test."""

from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT
from swarmcast import charts, lessons

sys.path.insert(0, str(ROOT / "benchmarks"))
from widgets import EXPLORERS, _values  # noqa: E402  (the explorers exactly as the lessons build them)

CODE_NAME = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\brow_?id\b")
_CHANNELS = ("x", "y", "x2", "y2", "color", "fill", "stroke", "shape", "size", "opacity", "column", "row", "facet", "theta", "radius")


def _title_texts(title) -> list[str]:
    if isinstance(title, str):
        return [title]
    if isinstance(title, list):
        return [t for t in title if isinstance(t, str)]
    if isinstance(title, dict):
        return _title_texts(title.get("text")) + _title_texts(title.get("subtitle"))
    return []


def _titled(d) -> bool:
    return isinstance(d, dict) and ("title" in d or any(isinstance(d.get(k), dict) and "title" in d[k] for k in ("axis", "legend", "header")))


def spec_labels(spec) -> list[str]:
    """Every label text a student reads in a Vega-Lite spec; a field shown without a title counts as its name,
    unless Vega-Lite takes that axis title from elsewhere: another layer titling the same x/y axis, or x/y
    titling the axis of x2/y2."""
    found = []

    def encoding(enc: dict, titled_axes: set):
        for channel, defn in enc.items():
            defs = defn if isinstance(defn, list) else [defn]
            for d in defs:
                if not isinstance(d, dict):
                    continue
                shown = channel in _CHANNELS or channel == "tooltip"
                hidden = channel in _CHANNELS and (d.get("axis", 0) is None or d.get("legend", 0) is None)
                from_elsewhere = channel in titled_axes or (channel in ("x2", "y2") and (_titled(enc.get(channel[0])) or channel[0] in titled_axes))
                if shown and "field" in d and not _titled(d) and not hidden and not from_elsewhere:
                    found.append(str(d["field"]))
                if d.get("title") is not None:
                    found.extend(_title_texts(d["title"]))
                for key in ("axis", "legend", "header"):
                    if isinstance(d.get(key), dict) and d[key].get("title") is not None:
                        found.extend(_title_texts(d[key]["title"]))

    def walk(node, titled_axes=frozenset()):
        if isinstance(node, dict):
            if "title" in node and not isinstance(node.get("title"), bool):
                found.extend(_title_texts(node["title"]))
            here = set(titled_axes)
            if isinstance(node.get("encoding"), dict):
                encoding(node["encoding"], here)
                here |= {ch for ch in ("x", "y") if _titled(node["encoding"].get(ch))}
            if isinstance(node.get("layer"), list):
                here |= {ch for layer in node["layer"] if isinstance(layer, dict) for ch in ("x", "y")
                         if _titled((layer.get("encoding") or {}).get(ch))}
            for key, value in node.items():
                if key in ("datasets", "data", "encoding", "title"):
                    continue
                walk(value, frozenset(here) if key == "layer" else frozenset())
        elif isinstance(node, list):
            for item in node:
                walk(item, titled_axes)

    walk(spec)
    return found


def _code_names(texts) -> list[str]:
    return sorted({m for t in texts for m in CODE_NAME.findall(t)})


from swarmcast.grading.report import REPORT_CHART_EXAMPLES  # noqa: E402  (instructors read these charts too)

BUILDERS = {f"{f.__module__}.{f.__qualname__}": (f, ex) for f, ex in {**lessons.chart_examples(), **REPORT_CHART_EXAMPLES}.items()}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_chart_builders_use_human_labels(name):
    func, example = BUILDERS[name]
    _, spec = charts.jupyter_chart(func(**example()))  # the spec the browser gets
    bad = _code_names(spec_labels(spec))
    assert not bad, f"{name}: code names in labels a student reads: {bad}"


def _control_texts(control) -> list[str]:
    texts = [getattr(control, "description", "") or ""]
    for option in getattr(control, "options", ()) or ():
        texts.append(option[0] if isinstance(option, tuple) else str(option))
    return texts


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorers_use_human_labels_for_every_control_value(name):
    charts.enable()
    ex = EXPLORERS[name]()
    bad = {}
    for cname, control in ex.controls.items():
        found = _code_names(_control_texts(control))
        if found:
            bad[f"control {cname}"] = found
    seen = [ex.spec]
    for cname, control in ex.controls.items():
        start = control.value
        for value in _values(control, n=6):
            if value != control.value:
                control.value = value
                seen.append(ex.spec)
        control.value = start
    for spec in seen:
        found = _code_names(spec_labels(spec))
        if found:
            bad.setdefault("chart", set()).update(found)
    assert not bad, f"{name}: code names a student reads: {bad}"


def test_the_label_walker_finds_code_names():
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"row_id": ["a"], "share_found": [1.0]})).mark_bar().encode(x="row_id:N", y=alt.Y("share_found:Q"))
    assert _code_names(spec_labels(chart.to_dict(validate=False))) == ["row_id", "share_found"]
    titled = chart.encode(x=alt.X("row_id:N", title="Row"), y=alt.Y("share_found:Q", title="Share found")).properties(title="Shares")
    assert _code_names(spec_labels(titled.to_dict(validate=False))) == []


def test_label_reads_as_words():
    assert charts.label("share_surfaced_by_internal_tools") == "share surfaced by internal tools"
    assert charts.label("n_removed") == "number removed" and charts.label("source_id") == "source"
    assert charts.label("followers_relative_to_pro_is") == "followers relative to pro-IS"
    assert charts.label("Already fine") == "Already fine"
