"""The rows behind one measure of one dataset: what lesson 00's dataset tour (and lesson 03's) shows.

Why: before any analysis, students learn to ask of a number where it comes from, how well it is verified and
whether it is exact or a bound. This module shapes a data package table for that tour: its measures with a value
(the most-reported first), the unit of each, and the rows of one measure (optionally only those verified in a
primary source, V1). Source: the data package's own tables and their ``source_id`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .._validate import check_choice
from ..params import Params, param
from . import load, names

__all__ = ["TourParams", "Tour", "tour", "measure_rows"]


@dataclass(frozen=True)
class TourParams(Params):
    """The tour's one fixed choice (the measures depend on the dataset, see :attr:`Tour.measures`)."""

    primary_only: bool = param(False, label="primary sources only (V1)")


@dataclass(frozen=True)
class Tour:
    """One dataset ready to tour: its rows with a value, its measures (most rows first) and their units."""

    name: str
    title: str
    numeric: pd.DataFrame
    measures: tuple[str, ...]
    units: pd.Series
    source_ids: tuple[str, ...]


def tour(name: str) -> Tour:
    """Load dataset ``name`` for the tour: the rows with a value, and its measures ordered by how many rows each has.

    Why: the tour's menu offers the best-documented measures first. Source: the data package table ``name``.
    """
    check_choice("name", name, names())
    frame = load(name)
    numeric = frame.dropna(subset=["value"])
    numeric.attrs = {}  # the dataset's title and sources are read from frame; pandas would copy them in every step
    measures = sorted(numeric["measure"].astype(str).unique(), key=lambda m: -int((numeric["measure"] == m).sum()))
    units = numeric.groupby(numeric["measure"].astype(str))["unit"].first().astype(str)
    return Tour(name=name, title=frame.attrs.get("title", name), numeric=numeric, measures=tuple(measures), units=units,
                source_ids=tuple(sorted(frame["source_id"].astype(str).unique())))


def measure_rows(t: Tour, measure: str, primary_only: bool = False) -> pd.DataFrame:
    """The rows of one measure, oldest period first; with ``primary_only`` only those verified in a primary source.

    Why: the tour draws every cited row of a measure, and shows how few survive when only V1 rows count.
    Source: the toured table's rows.
    """
    rows = t.numeric[t.numeric["measure"] == measure]
    if primary_only:
        rows = rows[rows["verification"] == "V1"]
    return rows.sort_values("period_end")
