"""The lesson 09 explorer (policy lab) keeps a live budget, compares the student's mix with no policy and each
single lever, refuses to simulate an over-budget mix, and rejects bad arguments."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from swarmcast.models.policy_lab import LEVERS
from swarmcast.lessons import l09_policy_lab as policy


@pytest.fixture(scope="module")
def explorer():
    return policy.policy_explorer(seed=0, budget_units=10)


def _mine(ex):
    table = ex.result["table"]
    return table[table["policy"] == policy.MIX_NAME].iloc[0]


def _reset(ex):
    for lever in LEVERS:
        ex.controls[lever].value = 0.0


def test_the_comparison_holds_no_policy_every_single_lever_and_the_mix(explorer):
    _reset(explorer)
    table = explorer.result["table"]
    assert table["policy"].tolist() == ["no policy", *LEVERS, policy.MIX_NAME]
    assert "Budget left: 10 of 10 units" in explorer.readout.value
    assert "spends nothing" in explorer.summary.value
    assert explorer.readout in explorer.widget.children


def test_more_effort_on_action_days_lowers_the_mix_reach_and_the_budget_left(explorer):
    _reset(explorer)
    explorer.controls["coordinated_action_days"].value = 2.0
    low_effort, text, desc = _mine(explorer)["reach_relative"], explorer.summary.value, explorer.spec["description"]
    explorer.controls["coordinated_action_days"].value = 6.0
    assert _mine(explorer)["reach_relative"] < low_effort - 0.05
    assert "Budget left: 4 of 10 units" in explorer.readout.value
    assert explorer.summary.value != text and "your mix 0." in explorer.spec["description"]
    assert explorer.spec["description"] != desc
    assert math.isfinite(explorer.last_compute_ms) and explorer.last_compute_ms >= 0


def test_small_platform_support_lowers_the_mix_displacement_share(explorer):
    _reset(explorer)
    explorer.controls["faster_detection"].value = 4.0
    displaced = _mine(explorer)["displacement_share"]
    explorer.controls["small_platform_support"].value = 4.0
    assert _mine(explorer)["displacement_share"] < displaced - 0.1


def test_an_over_budget_mix_is_not_simulated_and_the_student_is_told(explorer):
    _reset(explorer)
    explorer.controls["faster_detection"].value = 7.0
    explorer.controls["counter_speech"].value = 5.0
    assert explorer.result["over_budget"] == pytest.approx(2.0)
    assert policy.MIX_NAME not in explorer.result["table"]["policy"].tolist()
    assert "Over budget" in explorer.readout.value and "-2 of 10" in explorer.readout.value
    assert "more than the budget" in explorer.summary.value
    assert explorer.spec["title"].startswith("Over budget")
    explorer.controls["counter_speech"].value = 3.0
    assert explorer.result["over_budget"] == 0 and "Over budget" not in explorer.readout.value


def test_lever_sweep_spends_steps_up_to_the_budget():
    table = policy.lever_sweep(lever="registration_friction", seed=1, budget_units=6, step_units=2)
    assert table["units"].tolist() == [0.0, 2.0, 4.0, 6.0]
    assert table["ordinary_signups_blocked_per_1000"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: policy.policy_explorer(seed=-3), "seed"),
        (lambda: policy.policy_explorer(budget_units=0), "budget_units"),
        (lambda: policy.lever_sweep(lever="bans", seed=0), "lever"),
        (lambda: policy.lever_sweep(lever="counter_speech", seed=0, step_units=0), "step_units"),
        (lambda: policy.policy_comparison_chart(table=pd.DataFrame({"policy": ["x"]})), "table"),
    ],
)
def test_bad_arguments_raise_a_value_error_naming_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_sliders_are_the_mix_declarations_running_to_the_budget():
    from swarmcast.models.policy_lab import LEVERS, PolicyMix
    from swarmcast.params import spec

    ex = policy.policy_explorer(seed=0, budget_units=6)
    for lever in LEVERS:
        s, slider = spec(PolicyMix, f"{lever}_units"), ex.controls[lever]
        assert (slider.min, slider.step, slider.value) == (s.slider[0], s.slider[2], 0.0)
        assert slider.max == 6 and s.low <= slider.min
        assert slider.description == f"{s.label} (units)"
    assert ex.controls["counter_speech"].description == "exposing threats (units)"
