"""The lesson 00 dataset tour: real ipywidgets, real data; the chart follows the controls."""

from __future__ import annotations

import pytest

from swarmcast import data
from swarmcast.lessons import l00_start_here as tour


def _values(spec: dict) -> list[float]:
    rows = next(iter(spec["datasets"].values()))
    return [r["value"] for r in rows]


def test_tour_shows_the_rows_of_the_chosen_measure():
    ex = tour.dataset_tour("twitter_transparency")
    frame = data.load("twitter_transparency")
    expected = sorted(frame.loc[frame["measure"] == ex.values["measure"], "value"])
    assert sorted(_values(ex.spec)) == expected
    ex.controls["measure"].value = "suspensions_cumulative"
    assert sorted(_values(ex.spec)) == sorted(frame.loc[frame["measure"] == "suspensions_cumulative", "value"])
    assert "suspensions cumulative" in ex.spec["title"] and ex.n_updates == 1
    assert ex.last_compute_ms == ex.last_compute_ms  # measured (not NaN)


def test_primary_only_filter_empties_a_second_hand_series_and_says_so():
    ex = tour.dataset_tour("twitter_transparency")
    ex.controls["measure"].value = "suspensions"
    before = ex.summary.value
    ex.controls["primary_only"].value = True
    assert _values_or_empty(ex.spec) == []  # every suspensions row is V2
    assert ex.summary.value != before and "primary source" in ex.summary.value
    texts = [layer.get("encoding", {}).get("text") for layer in ex.spec.get("layer", [])]
    notes = [r["note"] for name, rows in ex.spec["datasets"].items() for r in rows if "note" in r and "primary source" in str(r["note"])]
    assert any(texts) and notes, "the empty chart must say on the chart why it is empty"
    assert "(accounts)" in ex.spec["encoding"]["y"]["title"], "the axis keeps its unit when the filter empties it"


def _values_or_empty(spec):
    datasets = spec.get("datasets") or {}
    return [r["value"] for rows in datasets.values() for r in rows if "note" not in r or "value" in r]


def test_tour_of_a_dataset_with_v1_rows_keeps_them():
    ex = tour.dataset_tour("ctc_visual_output")
    frame = data.load("ctc_visual_output")
    for _label, measure in ex.controls["measure"].options:
        ex.controls["measure"].value = measure
        ex.controls["primary_only"].value = True
        n_v1 = int(((frame["measure"] == measure) & (frame["verification"] == "V1") & frame["value"].notna()).sum())
        assert len(_values_or_empty(ex.spec)) == n_v1, measure
        ex.controls["primary_only"].value = False


def test_unknown_dataset_names_the_argument_and_the_choices():
    with pytest.raises(ValueError, match=r"name must be one of .*twitter_transparency"):
        tour.dataset_tour("twitter")


def test_the_tour_rows_come_from_the_data_package_and_the_box_from_its_declaration():
    from swarmcast.data import tour as tours
    from swarmcast.params import spec

    t = tours.tour("twitter_transparency")
    counts = [int((t.numeric["measure"] == m).sum()) for m in t.measures]
    assert counts == sorted(counts, reverse=True) and t.numeric["value"].notna().all()
    rows = tours.measure_rows(t, t.measures[0])
    table = data.load("twitter_transparency")
    assert len(rows) == int(((table["measure"] == t.measures[0]) & table["value"].notna()).sum())
    assert rows["period_end"].is_monotonic_increasing
    primary = tours.measure_rows(t, t.measures[0], primary_only=True)
    assert set(primary["verification"].astype(str)) <= {"V1"} and len(primary) <= len(rows)
    box = tour.dataset_tour("twitter_transparency").controls["primary_only"]
    assert box.description == spec(tours.TourParams, "primary_only").label and box.value is False
    with pytest.raises(ValueError, match=r"^primary_only must be one of True, False"):
        tours.TourParams(primary_only="yes")
    with pytest.raises(ValueError, match="^name must be one of"):
        tours.tour("no_such_table")
