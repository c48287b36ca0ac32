"""Promises of lesson 05's access explorer and figures: registration friction and detection speed move presence
and reach the way the steady-state rule says, the published takedown shares become the right survival points, and
suspension drains followers while the account count stays flat."""

from __future__ import annotations

import math

import ipywidgets as w
import pandas as pd
import pytest

from swarmcast import data
from swarmcast.models import accounts
from swarmcast.lessons import l05_the_access_problem as access


@pytest.fixture
def explorer():
    return access.presence_explorer(seed=4, creation_attempts_per_day=20, days=180)


def _steady_rule_values(spec: dict) -> list[float]:
    rows = [r for rows in spec.get("datasets", {}).values() for r in rows if "label_a" in r]
    assert rows, "the chart has no steady-state reference line"
    return [rows[0]["live_accounts"], rows[0]["reach"]]


def test_registration_friction_is_the_first_slider_and_detection_speed_the_second(explorer):
    names = list(explorer.controls)
    assert names == ["share_blocked_at_registration", "mean_detection_delay_days"]
    first, second = explorer.controls.values()
    assert isinstance(first, w.FloatSlider) and first.value == 0.0 and first.max <= 0.9
    assert isinstance(second, w.IntSlider) and second.min >= 1
    assert all(c.style.description_width == "initial" for c in explorer.controls.values())


def test_blocking_sign_ups_lowers_presence_in_proportion(explorer):
    base_live = explorer.result.mean_live_accounts
    explorer.controls["share_blocked_at_registration"].value = 0.5
    res = explorer.result
    assert res.steady.live_accounts == pytest.approx(20 * 0.5 * 30)
    assert res.mean_live_accounts < 0.65 * base_live
    assert res.mean_live_accounts == pytest.approx(res.steady.live_accounts, rel=0.15)


def test_slower_detection_raises_presence_and_faster_detection_lowers_it(explorer):
    explorer.controls["mean_detection_delay_days"].value = 90
    slow = explorer.result
    explorer.controls["mean_detection_delay_days"].value = 5
    fast = explorer.result
    assert slow.steady.live_accounts == pytest.approx(20 * 90) and fast.steady.live_accounts == pytest.approx(20 * 5)
    assert slow.mean_live_accounts > 10 * fast.mean_live_accounts
    assert slow.mean_reach > fast.mean_reach


def test_halving_lifetime_cuts_reach_more_than_halving_arrivals(explorer):
    explorer.controls["share_blocked_at_registration"].value = 0.5
    blocked = explorer.result
    explorer.controls["share_blocked_at_registration"].value = 0.0
    explorer.controls["mean_detection_delay_days"].value = 15
    faster = explorer.result
    assert blocked.steady.live_accounts == pytest.approx(faster.steady.live_accounts)
    assert faster.mean_reach < 0.7 * blocked.mean_reach


def test_the_chart_draws_the_analytic_steady_state_and_keeps_the_baseline(explorer):
    spec0 = explorer.spec
    baseline0 = explorer.result.daily.query("run != 'your settings'")
    explorer.controls["share_blocked_at_registration"].value = 0.75
    spec1 = explorer.spec
    live0, reach0 = _steady_rule_values(spec0)
    live1, reach1 = _steady_rule_values(spec1)
    assert live0 == pytest.approx(600) and live1 == pytest.approx(150) and reach1 < reach0
    baseline1 = explorer.result.daily.query("run != 'your settings'")
    pd.testing.assert_frame_equal(baseline0.reset_index(drop=True), baseline1.reset_index(drop=True))
    assert "75% of sign-ups blocked" in spec1["description"]


def test_the_summary_follows_the_sliders_and_is_labelled_simulated(explorer):
    first = explorer.summary.value
    assert "Simulated" in first and "about 600 are live" in first
    explorer.controls["mean_detection_delay_days"].value = 1
    assert "last 1 day " in explorer.summary.value and "about 20 are live" in explorer.summary.value


def test_every_update_is_timed_and_the_result_is_simulated(explorer):
    assert math.isfinite(explorer.last_compute_ms)
    explorer.controls["mean_detection_delay_days"].value = 40
    assert explorer.n_updates == 1 and math.isfinite(explorer.last_compute_ms)
    assert explorer.result.simulated is True and explorer.simulated is True


def test_same_seed_gives_the_same_run():
    a = access.presence_explorer(seed=9).result.daily
    b = access.presence_explorer(seed=9).result.daily
    pd.testing.assert_frame_equal(a, b)


def test_conway_points_turn_suspended_shares_into_survival_and_flip_the_bounds():
    pts = access.conway_points(rows=data.load("conway_takedown")).set_index(["group", "day"])
    assert pts.loc[("pro-IS", 2), "survival"] == pytest.approx(0.70) and pts.loc[("pro-IS", 2), "bound"] == "at_most"
    assert pts.loc[("pro-IS", 90), "survival"] == pytest.approx(0.37) and pts.loc[("pro-IS", 90), "bound"] == "exact"
    assert pts.loc[("other jihadist", 2), "survival"] == pytest.approx(0.99)
    assert pts.loc[("other jihadist", 2), "bound"] == "at_least"
    assert pts.loc[("other jihadist", 90), "survival"] == pytest.approx(1 - 163 / 451)
    assert "assumption" in pts.loc[("other jihadist", 90), "note"]


def test_survival_chart_describes_model_and_published_points():
    b = access.survival_chart
    pts = access.conway_points(rows=data.load("conway_takedown"))
    curves = pd.DataFrame({"group": ["pro-IS"] * 3, "day": [0.0, 2.0, 90.0], "survival": [1.0, 0.66, 0.36],
                           "ci_lower": [1.0, 0.64, 0.34], "ci_upper": [1.0, 0.68, 0.38]})
    description = b(curves=curves, points=pts).to_dict()["description"]
    assert "pro-IS model 66% still up at day 2" in description and "pro-IS at most 70% at day 2" in description
    assert "other jihadist at least 99% at day 2" in description


def test_suspension_keeps_the_count_flat_while_followers_per_account_drain():
    res = accounts.simulate_accounts(seed=21, days=180, mean_detection_delay_days=30, initial_followers_per_account=1000.0)
    description = access.drain_chart(result=res).to_dict()["description"]
    live_index = float(description.split("(index ")[1].split(")")[0])
    follower_index = float(description.split("(index ")[2].split(")")[0])
    assert 80 <= live_index <= 125 and follower_index < 30


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: access.presence_explorer(seed=-1), "seed"),
        (lambda: access.presence_explorer(seed=0, share_blocked_at_registration=0.95), "share_blocked_at_registration"),
        (lambda: access.presence_explorer(seed=0, mean_detection_delay_days=0), "mean_detection_delay_days"),
        (lambda: access.presence_explorer(seed=0, days=5), "days"),
        (lambda: access.presence_explorer(seed=0, creation_attempts_per_day="many"), "creation_attempts_per_day"),
        (lambda: access.presence_chart(result=None), "result"),
        (lambda: access.drain_chart(result=None), "result"),
        (lambda: access.conway_points(rows="conway"), "rows"),
        (lambda: access.conway_points(rows=data.load("conway_takedown").iloc[7:]), "rows"),
        (lambda: access.survival_chart(curves=pd.DataFrame(), points=pd.DataFrame()), "curves"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_the_sliders_and_the_explorer_arguments_follow_the_models_declarations(explorer):
    from swarmcast.models.accounts import AccountsParams
    from swarmcast.params import spec

    for name in ("share_blocked_at_registration", "mean_detection_delay_days"):
        s, slider = spec(AccountsParams, name), explorer.controls[name]
        assert (slider.min, slider.max, slider.step) == s.slider and slider.description == s.label
        assert s.low <= slider.min and slider.max <= s.high
    lo, hi, _ = spec(AccountsParams, "creation_attempts_per_day").slider
    access.presence_explorer(seed=0, creation_attempts_per_day=hi, days=30)  # the declared top end is accepted
    with pytest.raises(ValueError, match=rf"creation_attempts_per_day must be in \[{lo}, {hi}\]"):
        access.presence_explorer(seed=0, creation_attempts_per_day=hi + 1)
