"""Small pieces shared by the explorers of lessons 05, 06, 08 and 09 (no lesson owns them).

Why: those explorers all show a seeded simulation of one of the course's stylised models, credited to one source;
building the :class:`swarmcast.explorer.Explorer` the same way in one place keeps them alike and the code single.
(It could later move into ``swarmcast.explorer``.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..explorer import Explorer
from ..params import control

__all__ = ["simulated_explorer", "whole_number_control"]


def simulated_explorer(
    controls: Mapping[str, Any], compute: Callable[..., Any], render: Callable, summarise: Callable, *, source: str,
    instructions: str,
) -> Explorer:
    """An :class:`Explorer` over a seeded, stylised simulation: labelled simulated, credited to ``source``."""
    return Explorer(controls=controls, compute=compute, render=render, summarise=summarise, sources=[source],
                    simulated=True, instructions=instructions)


def whole_number_control(params: type, name: str, *, value: Any = None, width: str = "480px"):
    """:func:`swarmcast.params.control` for a real-valued parameter an explorer offers in whole steps: an IntSlider.

    Why: a model may take any real number of days (a mean delay of 0.5 days is valid) while the explorer's slider
    moves a day at a time and reads "30", not "30.0". Range, step, label and checks all come from the declaration.
    """
    import ipywidgets as w

    made = control(params, name, value=value, width=width)
    return w.IntSlider(value=int(round(made.value)), min=int(made.min), max=int(made.max), step=int(made.step),
                       description=made.description, style={"description_width": "initial"}, layout=made.layout)
