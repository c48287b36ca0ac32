"""Interactive explorers for the lessons: model parameters or data filters bound to a chart.

One module per explorer family; every explorer is built on :class:`Explorer`. A notebook only calls
a function such as ``widgets.dataset_tour()`` and displays what it returns.
"""

from ._explorer import Explorer

__all__ = ["Explorer"]
