"""The dataset tour (lesson 00, and lesson 03 for its own tables): pick a measure of one dataset, see every row behind it.

Why: before any analysis, students learn to ask of a number where it comes from, how well it is verified and
whether it is exact or a bound. The explorer binds a menu of the dataset's measures and the declared
``primary_only`` box (``swarmcast.data.tour.TourParams``) to ``swarmcast.data.tour.measure_rows`` and to
``charts.measure_chart``.
"""

from __future__ import annotations

from ... import charts, data
from ...data.tour import TourParams, measure_rows, tour
from ...explorer import Explorer
from ...params import control
from .charts import measure_chart

__all__ = ["dataset_tour"]


def dataset_tour(name: str = "twitter_transparency"):
    """An explorer over one dataset: a dropdown of its measures, the rows behind the chosen one."""
    import ipywidgets as w

    t = tour(name)
    # the student reads words, the code keeps the measure's name; the dropdown is wide enough for the longest
    dropdown = w.Dropdown(options=[(charts.label(m), m) for m in t.measures], value=t.measures[0], description="measure",
                          layout=w.Layout(width="auto", min_width="26em"))
    only_v1 = control(TourParams, "primary_only", width="auto")

    def compute(measure, primary_only):
        return measure_rows(t, measure, primary_only)

    def render(rows, values):
        return measure_chart(rows=rows, measure=values["measure"], dataset_title=t.title, unit=t.units[values["measure"]])

    def summarise(rows, values):
        if rows.empty:
            return f"No row of '{charts.label(values['measure'])}' is verified in a primary source (V1): every figure here is second-hand."
        levels = rows["verification"].astype(str).value_counts()
        mix = ", ".join(f"{n} {lvl}" for lvl, n in levels.items() if n)
        bounds = rows["bound"].astype(str).value_counts()
        return f"{len(rows)} rows ({mix}); bounds: " + ", ".join(f"{n} {b}" for b, n in bounds.items() if n) + "."

    sources = [data.cite(s) for s in t.source_ids]
    return Explorer(
        controls={"measure": dropdown, "primary_only": only_v1},
        compute=compute,
        render=render,
        summarise=summarise,
        sources=sources,
        instructions="Pick a measure. Hover over a point to see its period, bound and source.",
    )
