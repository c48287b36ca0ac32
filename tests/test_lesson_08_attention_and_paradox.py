"""The lesson 08 explorer (attention model) responds to its controls in the right direction, says so in words,
and rejects bad arguments; its helper charts and tables keep their promises."""

from __future__ import annotations

import math

import pytest

from swarmcast.models.attention import simulate_attention
from swarmcast.lessons import l08_attention_and_paradox as attention_lab


@pytest.fixture()
def explorer():
    return attention_lab.attention_explorer(seed=7)


def _rate(ex) -> float:
    return ex.result["result"].coverage_rate


def test_more_unofficial_threats_lower_coverage_per_threat_and_the_official_share(explorer):
    before_rate, before_share = _rate(explorer), explorer.result["result"].official_share_of_coverage
    before_desc, before_text = explorer.spec["description"], explorer.summary.value
    explorer.controls["volume"].value = 30.0
    assert _rate(explorer) < 0.6 * before_rate
    assert explorer.result["result"].official_share_of_coverage < before_share
    assert explorer.spec["description"] != before_desc
    assert "With 30 unofficial threats a day" in explorer.summary.value and explorer.summary.value != before_text
    assert math.isfinite(explorer.last_compute_ms) and explorer.last_compute_ms > 0
    assert explorer.n_updates == 1


def test_emptier_threats_mean_more_brands_replaced(explorer):
    explorer.controls["follow_through"].value = 0.4
    few = explorer.result["result"].n_brands_replaced
    explorer.controls["follow_through"].value = 0.0
    many = explorer.result["result"].n_brands_replaced
    assert many > 5 * max(few, 1)
    blocks = explorer.result["blocks"]
    assert blocks["brands_replaced"].sum() <= many  # blocks drop no more than a short last block


def test_the_statement_toggle_marks_the_day_and_reports_the_wave(explorer):
    assert "statement day" not in explorer.summary.value
    explorer.controls["statement"].value = True
    panels = explorer.spec["vconcat"]
    assert all("layer" in p for p in panels), "each panel should carry the statement rule"
    assert "statement day" in explorer.summary.value
    assert "day 182" in explorer.spec["description"]
    daily = explorer.result["result"].daily
    assert daily.loc[182, "n_brands_replaced"] >= 3


def test_blocks_are_four_weeks_and_a_short_last_block_is_dropped():
    daily = simulate_attention(days=365, seed=1).daily
    blocks = attention_lab.attention_blocks(daily)
    assert len(blocks) == 13 and blocks["start_day"].tolist() == [28 * i for i in range(13)]
    assert blocks["threats"].sum() == daily["threats"].iloc[:364].sum()
    share = blocks["official_share_so_far"].iloc[-1]
    assert share == pytest.approx(daily["covered_official"].iloc[:364].sum() / daily["covered"].iloc[:364].sum())


def test_saturation_sweep_falls_with_volume():
    table = attention_lab.saturation_sweep(threats_per_day=(1, 5, 25), seed=3, days=180)
    assert table["coverage_rate"].is_monotonic_decreasing
    assert table["official_share_of_coverage"].is_monotonic_decreasing
    assert table.attrs["simulated"] is True


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: attention_lab.attention_explorer(seed=-1), "seed"),
        (lambda: attention_lab.attention_explorer(days=10), "days"),
        (lambda: attention_lab.attention_explorer(days=200, statement_day=250), "statement_day"),
        (lambda: attention_lab.saturation_sweep(threats_per_day=[-1], seed=0), "threats_per_day"),
        (lambda: attention_lab.saturation_sweep(threats_per_day="5", seed=0), "threats_per_day"),
        (lambda: attention_lab.saturation_sweep(follow_through_unofficial=2, seed=0), "follow_through_unofficial"),
        (lambda: attention_lab.attention_blocks("not a table"), "daily"),
    ],
)
def test_bad_arguments_raise_a_value_error_naming_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_sliders_are_the_models_declarations(explorer):
    from swarmcast.models.attention import AttentionParams
    from swarmcast.params import default, spec

    for control, name in (("volume", "threats_per_day_unofficial"), ("follow_through", "follow_through_unofficial")):
        s, slider = spec(AttentionParams, name), explorer.controls[control]
        assert (slider.min, slider.max, slider.step) == s.slider
        assert slider.value == default(AttentionParams, name)
        assert s.low <= slider.min and slider.max <= s.high
        assert slider.description == s.label
