"""Promises of lesson 04's hashing lab: the threshold explorer scores hash matching correctly and redraws as the
controls move, mirrored copies escape every perceptual hash, and the hash grid counts the bits an edit flips."""

from __future__ import annotations

import json
import math

import ipywidgets as w
import numpy as np
import pandas as pd
import pytest

from swarmcast import data
from swarmcast.models import hashing
from swarmcast.lessons import l04_hashing_and_its_costs as hl


@pytest.fixture(scope="module")
def pairs() -> pd.DataFrame:
    """A small version of the lesson's experiment: 8 known images x 8 kinds of copy, 20 unrelated images."""
    return hl.run_experiment(seed=0, n_originals=8, n_distractors=20)


@pytest.fixture
def lab(pairs):
    return hl.threshold_explorer(pairs=pairs, threshold_bits=4)


def _datasets(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _rule_x(spec: dict) -> float:
    rows = [r for r in _datasets(spec) if str(r.get("label", "")).startswith("threshold ")]
    assert rows, "the chart has no threshold rule"
    return rows[0]["x"]


def test_the_threshold_slider_is_the_first_control_and_can_move_right(lab):
    name, first = next(iter(lab.controls.items()))
    assert name == "threshold_bits" and isinstance(first, w.IntSlider)
    assert first.min == 0 and first.value < first.max and "threshold" in first.description
    assert first.style.description_width == "initial"
    assert [type(c) for c in list(lab.controls.values())[1:]] == [w.Dropdown, w.Dropdown]


def test_raising_the_threshold_catches_more_copies_and_flags_more_unrelated_images(lab):
    results = []
    for t in (0, 16, 48):
        lab.controls["threshold_bits"].value = t
        results.append(lab.result)
    recalls = [r.recall for r in results]
    false_matches = [r.fp for r in results]
    assert recalls == sorted(recalls) and recalls[0] < 0.9 and recalls[-1] == 1.0
    assert false_matches == sorted(false_matches) and false_matches[0] == 0
    assert false_matches[-1] > 0.9 * (results[-1].fp + results[-1].tn)  # at 48 bits nearly everything matches
    assert results[1].precision > results[-1].precision


def test_the_scores_equal_the_models_precision_recall(pairs, lab):
    for method, t in (("difference", 20), ("dct", 6)):
        lab.controls["method"].value = method
        lab.controls["threshold_bits"].value = t
        want = hashing.precision_recall(pairs=pairs, method=method, threshold_bits=t)
        got = lab.result
        assert (got.tp, got.fp, got.fn, got.tn) == (want.tp, want.fp, want.fn, want.tn), method
        assert got.recall == pytest.approx(want.recall) and got.f1 == pytest.approx(want.f1)


def test_scoring_one_kind_of_copy_keeps_every_unrelated_pair(pairs, lab):
    lab.controls["threshold_bits"].value = 10
    lab.controls["copies"].value = "crop"
    only_crops = pairs[(pairs["edit"] == "crop") | ~pairs["is_copy"]]
    want = hashing.precision_recall(pairs=only_crops, method="average", threshold_bits=10)
    got = lab.result
    assert (got.tp, got.fp, got.fn, got.tn) == (want.tp, want.fp, want.fn, want.tn)
    n_crops = int((pairs["is_copy"] & (pairs["method"] == "average") & (pairs["edit"] == "crop")).sum())
    assert got.tp + got.fn == n_crops and got.fp + got.tn == int((~pairs["is_copy"] & (pairs["method"] == "average")).sum())


def test_mirrored_copies_are_not_caught_before_unrelated_images_are(lab):
    lab.controls["copies"].value = "mirror"
    for method in ("average", "difference", "dct"):
        lab.controls["method"].value = method
        curve = lab.result.curve.pivot(index="threshold_bits", columns="metric", values="value")
        caught_some = curve[curve["recall"] > 0]
        # wherever a mirrored copy is caught, some unrelated image is flagged too (precision below 1)
        assert len(caught_some) > 0 and (caught_some["precision"] < 1).all(), method


def test_the_chart_moves_its_threshold_rule_right_when_the_slider_moves_right(lab):
    before = lab.spec
    lab.controls["threshold_bits"].value = 20
    after = lab.spec
    assert _rule_x(before) == pytest.approx(4.5) and _rule_x(after) == pytest.approx(20.5)
    assert "threshold 20 bits" in json.dumps(after["title"]) and "threshold 4 bits" in json.dumps(before["title"])
    # the flagged (grey) area grows with the threshold
    flagged = lambda spec: [r for r in _datasets(spec) if "x2" in r][0]["x2"]  # noqa: E731
    assert flagged(after) > flagged(before)


def test_the_summary_and_description_follow_the_controls(lab):
    first = lab.summary.value
    assert "4 bits" in first and "Simulated" in first
    lab.controls["method"].value = "dct"
    assert "DCT hash" in lab.summary.value and lab.summary.value != first
    assert "DCT hash" in lab.spec["description"]
    lab.controls["copies"].value = "mirror"
    assert "mirrored" in lab.summary.value


def test_every_update_is_timed(lab):
    assert math.isfinite(lab.last_compute_ms) and lab.last_compute_ms >= 0
    n = lab.n_updates
    lab.controls["threshold_bits"].value = 9
    assert lab.n_updates == n + 1 and math.isfinite(lab.last_compute_ms)


def test_nothing_flagged_gives_an_undefined_precision_not_a_crash(pairs):
    lab = hl.threshold_explorer(pairs=pairs, threshold_bits=0)
    lab.controls["copies"].value = "mirror"
    assert lab.result.tp == 0 and lab.result.fp == 0 and math.isnan(lab.result.precision)
    assert "undefined" in lab.summary.value


def test_sha256_matches_only_exact_copies():
    small = hl.run_experiment(seed=1, n_originals=4, n_distractors=5, with_sha256=True)
    table = hl.recall_by_edit(pairs=small, threshold_bits=10)
    sha = table["SHA-256"]
    assert sha["exact copies"] == 100.0
    assert (sha.drop("exact copies") == 0.0).all()
    assert table.loc["mirrored", ["average hash", "difference hash", "DCT hash"]].max() == 0.0
    assert table.attrs["simulated"] is True


def test_copy_table_shows_a_new_digest_for_every_edit_and_small_perceptual_moves():
    table = hl.copy_table(seed=3, strength=0.2).set_index("image")
    assert table.loc["exact copy", "sha256_same"] and not table.drop(["the known image", "exact copy"])["sha256_same"].any()
    dist = table["average_distance_bits"]
    assert dist["exact copy"] == 0 and dist["mirrored"] >= 20
    assert dist.drop(["the known image", "exact copy", "mirrored"]).max() <= 12


def test_hash_grid_chart_counts_the_bits_a_mirror_flips():
    image = hashing.make_images(n_images=1, seed=3)[0]
    mirrored = hashing.edit_image(image=image, edit="mirror", strength=0.0, seed=0)
    chart = hl.hash_grid_chart(images={"known": image, "same": image.copy(), "mirrored": mirrored})
    description = chart.to_dict()["description"]
    flipped = int(description.split("mirrored (")[1].split(" of 64")[0])
    expected = hashing.explain_hash(image=image, method="average").bits != hashing.explain_hash(image=mirrored, method="average").bits
    assert "same (0 of 64 bits differ)" in description and flipped == int(expected.sum()) and flipped >= 20


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda p: hl.run_experiment(seed=-1), "seed"),
        (lambda p: hl.run_experiment(seed=0, n_originals=1), "n_originals"),
        (lambda p: hl.run_experiment(seed=0, strength=1.5), "strength"),
        (lambda p: hl.run_experiment(seed=0, with_sha256="yes"), "with_sha256"),
        (lambda p: hl.threshold_explorer(pairs="not a table"), "pairs"),
        (lambda p: hl.threshold_explorer(pairs=p, threshold_bits=99), "threshold_bits"),
        (lambda p: hl.threshold_explorer(pairs=p, method="sha256"), "method"),
        (lambda p: hl.recall_by_edit(pairs=p, threshold_bits=-1), "threshold_bits"),
        (lambda p: hl.copy_table(seed=0, strength=2), "strength"),
        (lambda p: hl.hash_grid_chart(images={}), "images"),
        (lambda p: hl.hash_grid_chart(images={"x": "not an image"}), "images"),
        (lambda p: hl.hash_grid_chart(images={"x": np.zeros((8, 8))}, method="dct"), "method"),
        (lambda p: hl.threshold_chart(result=None), "result"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_parameter(pairs, call, name):
    with pytest.raises(ValueError, match=name):
        call(pairs)


def test_the_explorer_offers_what_the_model_declares(pairs):
    from swarmcast.models.hashing import LabParams
    from swarmcast.params import spec

    ex = hl.threshold_explorer(pairs=pairs)
    slider = ex.controls["threshold_bits"]
    assert (slider.min, slider.max, slider.step) == spec(LabParams, "threshold_bits").slider == (0, 48, 1)
    assert slider.description == "match threshold (bits)" and slider.value == 8
    assert [v for _, v in ex.controls["method"].options] == list(spec(LabParams, "method").choices)
    assert [v for _, v in ex.controls["copies"].options] == list(spec(LabParams, "copies").choices)
    with pytest.raises(ValueError, match="threshold_bits must be within the explorer's range"):
        hl.threshold_explorer(pairs=pairs, threshold_bits=60)  # the model scores 60 bits; the slider stops at 48

