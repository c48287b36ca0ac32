"""Lesson 02 explorer: the fall of official output and the pressures of the same years, on one timeline.

Why: students pick a window, tick pressures and choose one as "the" cause of the fall, to see why that story cannot
be tested, fails on timing, or is matched by rival causes. The menus are declared by
``swarmcast.data.decline.DeclineParams``; the verdict is ``swarmcast.data.decline.compare_pressures``; the chart is
``charts.pressures_chart``. Observed figures only: nothing here is simulated or interpolated.
Sources: see ``swarmcast.data.decline``; each row's source is in the tooltip and the caption.
"""

from __future__ import annotations

from ... import data
from ...data.decline import (
    NO_CAUSE, PRESSURES, WINDOWS, DeclineParams, DeclineView, compare_pressures, official_output_rows, pressure_rows,
)  # fmt: skip
from ...explorer import Explorer
from ...params import spec
from .charts import SHORT, pressures_chart

__all__ = ["pressures_explorer"]


def _summary(view: DeclineView) -> str:
    first = f"{WINDOWS[view.window]}: official output fell by {view.output_change}."
    if view.story == "none":
        during = view.verdicts.loc[view.verdicts["timing"] == "during", "label"].tolist()
        return (f"{first} {len(during)} of the {len(PRESSURES)} pressures were acting during this window; "
                "pick one as the single cause to test that story.")
    name = SHORT[view.cause]
    if view.story == "untestable":
        return (f"{first} Story: {name} alone caused it. Untestable: there is no figure for it in the course data, "
                "so the data can neither support nor refute it.")
    if view.story == "fails_on_timing":
        verdict = view.verdicts.set_index("pressure").loc[view.cause]
        when = ("comes after the window ends, so it cannot explain this fall (it may matter later)"
                if verdict["timing"] == "after" else "ends before the window starts, so it cannot explain this fall")
        return f"{first} Story: {name} alone caused it. It fails on timing: the evidence ({verdict['evidence']}) {when}."
    hidden = [k for k in view.rivals if k not in view.shown]
    per_version = int(view.output.groupby("collection").size().max())
    return (f"{first} Story: {name} alone caused it. Confounded: {len(view.rivals)} other pressures acted in the same "
            f"window ({', '.join(SHORT[k] for k in view.rivals)})"
            + (f"; {len(hidden)} of them are not ticked" if hidden else "")
            + f". With {per_version} published output counts per version and no pressure measured month by month, "
            "every one of these stories fits the data equally well, and the data cannot tell them apart.")


def pressures_explorer(*, window: str = "2015-08_to_2016-08", shown=("airstrikes", "revenue", "twitter_suspensions"),
                       cause: str = NO_CAUSE) -> Explorer:
    """The lesson 02 explorer: a window, a tick box per pressure, and a single-cause story to test.

    Why: students see every cited figure of the decline years on one timeline and learn why several pressures acting
    at once defeat simple attribution. Observed figures only: nothing here is simulated or interpolated.
    Source: see the module docstring; each row's source is in the tooltip and the caption.
    """
    import ipywidgets as w

    first = compare_pressures(window=window, shown=shown, cause=cause)  # validates the arguments
    for other in WINDOWS:  # each window's verdicts are worked out once, here, not on the student's first pick (~30 ms)
        compare_pressures(window=other, shown=(), cause=NO_CAUSE)
    style = {"description_width": "initial"}
    labels = {NO_CAUSE: "(no single cause)", **WINDOWS, **PRESSURES}  # the menus show labels, declared keys behind them
    window_dd, cause_dd = (
        w.Dropdown(options=[(labels[k], k) for k in spec(DeclineParams, name).choices], value=first_value,
                   description=spec(DeclineParams, name).label, style=style, layout=w.Layout(width=width))
        for name, first_value, width in (("window", window, "31em"), ("cause", cause, "30em"))
    )
    boxes = {f"show_{key}": w.Checkbox(value=key in first.shown, description=label, indent=False, style=style,
                                       layout=w.Layout(width="auto", margin="0 1.2em 0 0"))
             for key, label in PRESSURES.items()}

    def compute(window, cause, **ticks):
        return compare_pressures(window=window, cause=cause,
                                 shown=[k for k in PRESSURES if ticks[f"show_{k}"]])

    def render(view, _values):
        return pressures_chart(view=view)

    def summarise(view, _values):
        return _summary(view)

    ids = set(official_output_rows()["source_id"]) | set(pressure_rows()["source_id"])
    return Explorer(
        controls={"window": window_dd, "cause": cause_dd, **boxes},
        compute=compute,
        render=render,
        summarise=summarise,
        sources=[data.cite(s) for s in sorted(ids)],
        simulated=False,
        instructions=("Tick the pressures to draw them under the output counts. Then pick one pressure as the single "
                      "cause of the fall and read the verdict under the chart. Hover over a point for its source."),
    )
