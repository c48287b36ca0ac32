"""Every chart builder gives a title, a text description and the course theme, and renders offline."""

from __future__ import annotations

import altair as alt
import pytest

from swarmcast import charts, lessons

#: every chart builder of the course (charts' own and each lesson's), by dotted name, with its example function
EXAMPLES = {f"{f.__module__}.{f.__qualname__}": (f, ex) for f, ex in lessons.chart_examples().items()}
BUILDER_NAMES = sorted(EXAMPLES)


def test_the_list_holds_the_shared_builders_and_every_lesson_s():
    assert "swarmcast.charts.line_chart" in BUILDER_NAMES and "swarmcast.charts.bar_chart" in BUILDER_NAMES
    for lesson in lessons.LESSONS:
        for name in lesson.__all__:
            if name.endswith("_chart"):
                assert f"{getattr(lesson, name).__module__}.{name}" in BUILDER_NAMES, f"{lesson.__name__}.{name} has no example"


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_builder_sets_title_description_and_uses_theme(name):
    func, example = EXAMPLES[name]
    chart = func(**example())
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec.get("title"), f"{name}: no title"
    assert len(spec.get("description", "")) >= 20, f"{name}: no text description"
    assert alt.theme.active == charts.THEME_NAME
    assert spec["config"]["range"]["category"] == charts.PALETTE, f"{name}: the course palette is not applied"


def test_finish_refuses_a_chart_without_description():
    c = alt.Chart().mark_point()
    with pytest.raises(ValueError, match="description"):
        charts.finish(c, title="A title", description="")
    with pytest.raises(ValueError, match="title"):
        charts.finish(c, title=" ", description="A description long enough to pass.")


def test_palette_is_the_okabe_ito_set():
    assert charts.PALETTE[0] == "#0072B2" and "#D55E00" in charts.PALETTE and len(set(charts.PALETTE)) == 7


def test_show_renders_offline_with_a_caption():
    chart = charts.line_chart(**charts.CHART_EXAMPLES[charts.line_chart]())
    box = charts.show(chart, sources=["Example (2020). A source."], simulated=True)
    jchart, caption = box.children
    assert isinstance(jchart, alt.JupyterChart)
    assert alt.JupyterChart._is_offline, "JupyterChart must load vega from the local bundle, not a CDN"
    # the chart itself is light; vega comes once per kernel from the page runtime, bundled, with no CDN import
    assert "cdn.jsdelivr" not in jchart._esm and "esm.sh" not in jchart._esm and len(jchart._esm) < 5_000
    runtime = charts._RUNTIME[0]
    assert len(runtime.bundle_gz) > 100_000
    assert "Simulated data" in caption.value and "Example (2020)" in caption.value


def test_show_refuses_an_unfinished_chart():
    with pytest.raises(ValueError, match="finish"):
        charts.show(alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q"))


def test_builder_names_a_missing_column():
    ex = charts.CHART_EXAMPLES[charts.bar_chart]()
    ex["y"] = "nope"
    with pytest.raises(ValueError, match="y='nope'"):
        charts.bar_chart(**ex)


def test_tests_validate_every_chart_drawn():
    # the suite relies on this: lessons run under the tests validate each chart they draw
    assert charts.validating()


def test_an_invalid_chart_fails_when_validating_and_is_sent_as_is_when_not(monkeypatch):
    bad = charts.finish(alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q"), title="Bad", description="A chart with an invalid property set below.")
    bad.width = "wide"  # set directly, not validated yet: not a number or "container", the schema rejects it
    with pytest.raises(Exception):
        charts.jupyter_chart(bad)
    monkeypatch.delenv(charts.VALIDATE_ENV)
    widget, spec = charts.jupyter_chart(bad)
    assert spec["width"] == "wide" and widget.spec == spec


# ---------------------------------------------------------------- without vl-convert (lean install, JupyterLite)

_BLOCK_VL_CONVERT = (
    "import sys\n"
    "class _Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] == 'vl_convert':\n"
    "            raise ModuleNotFoundError(\"No module named 'vl_convert'\")\n"
    "sys.meta_path.insert(0, _Block())\n"
    "import altair as alt\n"
    "from swarmcast import charts\n"
    "charts.enable(); charts.enable()\n"
    "box = charts.show(charts.line_chart(**charts.CHART_EXAMPLES[charts.line_chart]()))\n"
    "print('offline', alt.JupyterChart._is_offline, 'vl_convert' in sys.modules, len(alt.JupyterChart._esm))\n"
)


def test_charts_work_without_vl_convert_and_say_they_need_the_internet():
    import subprocess
    import sys

    env = {k: v for k, v in __import__("os").environ.items() if k != charts.CHART_ESM_ENV}
    out = subprocess.run([sys.executable, "-c", _BLOCK_VL_CONVERT], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == charts.NO_VL_CONVERT_NOTE and "swarmcast[lab]" in lines[0]
    assert len(lines) == 2, "the note is printed once per kernel"
    assert lines[1].split()[:3] == ["offline", "False", "False"]


def test_without_vl_convert_a_prebundled_module_keeps_charts_offline(tmp_path):
    import subprocess
    import sys

    bundle = tmp_path / "jupyterchart.js"
    bundle.write_text("// vega bundled here\nexport default {};\n", encoding="utf-8")
    env = {**__import__("os").environ, charts.CHART_ESM_ENV: str(bundle)}
    out = subprocess.run([sys.executable, "-c", _BLOCK_VL_CONVERT], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["offline", "True", "False", str(len(bundle.read_text(encoding="utf-8")))]


def test_vega_is_sent_once_per_kernel_and_the_fast_redraw_patch_applies():
    import gzip

    first = charts.show(charts.line_chart(**charts.CHART_EXAMPLES[charts.line_chart]()))
    second = charts.show(charts.bar_chart(**charts.CHART_EXAMPLES[charts.bar_chart]()))
    assert len(charts._RUNTIME) == 1, "one vega runtime per kernel, not one per chart"
    for box in (first, second):
        assert len(box.children[0]._esm) < 5_000, "a chart must not carry its own copy of vega"
    bundle = gzip.decompress(charts._RUNTIME[0].bundle_gz).decode()
    assert "https://" not in bundle[:5000] and len(bundle) > 500_000, "the bundle must hold vega itself"
    assert charts._patched_source() is not None, "altair's chart code changed: update charts._PATCHES"
    assert "swarmcastStableNames" in bundle
