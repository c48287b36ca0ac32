"""charts.enable() builds layers and concatenations without altair's deep copies (a redraw 20-40 ms faster);
every chart must come out exactly as altair's own code builds it, and the charts it was built from unchanged."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest

from swarmcast import charts, lessons
from swarmcast.grading.report import REPORT_CHART_EXAMPLES

#: every chart builder of the course and of grading's report, by dotted name, with its example function
BUILDERS = {f"{f.__module__}.{f.__qualname__}": (f, ex)
            for f, ex in {**lessons.chart_examples(), **REPORT_CHART_EXAMPLES}.items()}


def _spec(build) -> str:
    return json.dumps(charts.human_spec(build().to_dict(validate=False)))


def test_the_fast_composition_is_in_place():
    from altair.vegalite.v6 import api

    charts.enable()
    assert getattr(api._combine_subchart_params, "_swarmcast", False)
    assert getattr(api._remove_duplicate_params, "_swarmcast", False)
    assert getattr(api._combine_subchart_data, "_swarmcast", False)
    with charts.altairs_own_composition():
        assert not getattr(api._combine_subchart_params, "_swarmcast", False)
        assert not getattr(api._combine_subchart_data, "_swarmcast", False)
    assert getattr(api._combine_subchart_params, "_swarmcast", False)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builder_spec_is_altairs_own(name):
    charts.enable()
    func, example = BUILDERS[name]
    fast = _spec(lambda: func(**example()))
    with charts.altairs_own_composition():
        slow = _spec(lambda: func(**example()))
    assert fast == slow


def _parts():
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [3.0, 1.0, 2.0], "g": ["a", "b", "a"]})
    points = alt.Chart(frame).mark_point().encode(x="x:Q", y="y:Q", color="g:N").properties(width=200)
    line = alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q")
    rule = alt.Chart(pd.DataFrame({"v": [2.0]})).mark_rule().encode(y="v:Q")
    brush = alt.Chart(frame).mark_bar().encode(x="g:N", y="count():Q").add_params(alt.selection_point(fields=["g"]))
    return points, line, rule, brush


@pytest.mark.parametrize("compose", [
    lambda p, l, r, b: alt.layer(p, l, r).properties(title="layered", height=120),
    lambda p, l, r, b: alt.vconcat(alt.layer(p, l), r, spacing=4).properties(title="stacked"),
    lambda p, l, r, b: alt.hconcat(alt.layer(p, r), alt.layer(l, r)).resolve_scale(y="independent"),
    lambda p, l, r, b: alt.hconcat(b, alt.layer(p, l)),  # a selection param: altair's own code
    lambda p, l, r, b: alt.layer(p, l, data=pd.DataFrame({"x": [1], "y": [1.0], "g": ["a"]})),
    lambda p, l, r, b: alt.hconcat(p, l.mark_point(), l),  # the same data in every panel: lifted to the top
    lambda p, l, r, b: alt.hconcat(b, b.mark_line()),  # lifted, with params: altair's own code
])
def test_composition_equals_altairs_and_leaves_its_parts_unchanged(compose):
    charts.enable()
    parts = _parts()
    before = [json.dumps(p.to_dict(validate=False)) for p in parts]
    fast = compose(*parts)
    fast_spec = json.dumps(fast.to_dict(validate=True))
    assert [json.dumps(p.to_dict(validate=False)) for p in parts] == before
    with charts.altairs_own_composition():
        slow_spec = json.dumps(compose(*_parts()).to_dict(validate=True))
    assert fast_spec == slow_spec
    # the same parts used again build the same chart again (altair's own code, for params, marks the parts it
    # composes with a view-name hash, so it does not: there the fast path is altair's)
    if '"params"' not in fast_spec:
        assert json.dumps(compose(*parts).to_dict(validate=True)) == fast_spec


def _all_subclasses(cls) -> set:
    out, todo = set(), [cls]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in out:
                out.add(sub)
                todo.append(sub)
    return out


def test_the_listed_schema_classes_are_all_of_them_and_follow_new_ones():
    """charts.enable() keeps altair's list of schema classes (walked on every from_dict) until a class is defined."""
    from altair.utils import schemapi
    from altair.vegalite.v6.schema import core

    charts.enable()
    assert schemapi._subclasses is core._subclasses and schemapi._subclasses.__name__ == "listed"
    for root in (schemapi.SchemaBase, core.VegaLiteSchema):
        assert set(schemapi._subclasses(root)) == _all_subclasses(root)
        assert list(schemapi._subclasses(root)) == list(schemapi._subclasses(root))  # the same order each time

    class LateSchema(core.VegaLiteSchema):
        _schema = {"type": "object"}

    assert LateSchema in set(schemapi._subclasses(schemapi.SchemaBase))
    assert LateSchema in set(core._subclasses(core.VegaLiteSchema))
    assert set(schemapi._subclasses(schemapi.SchemaBase)) == _all_subclasses(schemapi.SchemaBase)
