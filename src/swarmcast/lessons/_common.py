"""Small pieces shared by the explorers of lessons 05, 06, 08 and 09 (no lesson owns them).

Why: those explorers all show a seeded simulation of one of the course's stylised models, credited to one source;
building the :class:`swarmcast.explorer.Explorer` the same way in one place keeps them alike and the code single.
(It could later move into ``swarmcast.explorer``.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..explorer import Explorer

__all__ = ["simulated_explorer"]


def simulated_explorer(
    controls: Mapping[str, Any], compute: Callable[..., Any], render: Callable, summarise: Callable, *, source: str,
    instructions: str,
) -> Explorer:
    """An :class:`Explorer` over a seeded, stylised simulation: labelled simulated, credited to ``source``."""
    return Explorer(controls=controls, compute=compute, render=render, summarise=summarise, sources=[source],
                    simulated=True, instructions=instructions)
