"""Promises of swarmcast.models.policy_lab: each lever moves its own outcome, the budget binds, costs are
non-negative, runs are reproducible, and the lesson's two findings hold (lesson 09, assignment a05)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swarmcast.models import policy_lab as pl
from swarmcast.models.policy_lab import LEVERS, PolicyMix, compare_policies, simulate_policy_lab

SEED = 3


@pytest.fixture(scope="module")
def sweeps() -> dict[str, pd.DataFrame]:
    """For every lever: 0, 2, 4, ..., 10 units alone (one batched run per lever)."""
    out = {}
    for lever in LEVERS:
        table = compare_policies(mixes={f"{u}": PolicyMix.single(lever, u) for u in (2, 4, 6, 8, 10)}, seed=SEED)
        table.insert(1, "units", [0, 2, 4, 6, 8, 10])
        out[lever] = table
    return out


def _strictly(values, direction: str) -> bool:
    pairs = list(zip(values, values[1:]))
    return all(b < a for a, b in pairs) if direction == "down" else all(b > a for a, b in pairs)


# --- each lever moves its own outcome in the documented direction ---------------------------------------------


def test_faster_detection_pushes_accounts_to_small_platforms_and_loosens_matching(sweeps):
    t = sweeps["faster_detection"]
    assert _strictly(t["displacement_share"].tolist(), "up")
    assert _strictly(t["fast_track_false_match_share"].tolist(), "up")
    assert t["online_reach_relative"].iloc[2] < 0.9  # 4 units cut online reach by more than a tenth
    assert t["ordinary_signups_blocked_per_1000"].eq(0).all()


def test_registration_friction_blocks_sign_ups_and_cuts_removals(sweeps):
    t = sweeps["registration_friction"]
    assert _strictly(t["ordinary_signups_blocked_per_1000"].tolist(), "up")
    # blocked attempts rise at first; at high friction organisers stop trying the large platforms (deterrence)
    assert _strictly(t["movement_signups_blocked"].iloc[:3].tolist(), "up")
    assert t["movement_signups_blocked"].iloc[-1] < t["movement_signups_blocked"].max()
    assert _strictly(t["online_reach_relative"].tolist(), "down")
    # fewer accounts get on, so fewer need removing: friction prevents rather than removes
    assert _strictly(t["removals"].tolist(), "down")
    assert _strictly(t["displacement_share"].tolist(), "up")


def test_coordinated_action_days_cut_reach_without_displacing(sweeps):
    t = sweeps["coordinated_action_days"]
    assert _strictly(t["online_reach_relative"].tolist(), "down")
    assert (t["displacement_share"].iloc[1:] <= t["displacement_share"].iloc[0] + 1e-9).all()
    assert _strictly(t["removals"].tolist(), "up")


def test_targeting_small_aggregates_cuts_reach_everywhere(sweeps):
    t = sweeps["target_small_aggregates"]
    assert _strictly(t["online_reach_relative"].tolist(), "down")
    assert (t["displacement_share"] - t["displacement_share"].iloc[0]).abs().max() < 0.05


def test_small_platform_support_pulls_accounts_back_from_small_platforms(sweeps):
    t = sweeps["small_platform_support"]
    assert _strictly(t["displacement_share"].tolist(), "down")
    assert _strictly(t["online_reach_relative"].tolist(), "down")


def test_counter_speech_lowers_press_coverage_and_touches_nothing_online(sweeps):
    t = sweeps["counter_speech"]
    assert _strictly(t["press_coverage_relative"].tolist(), "down")
    assert t["press_coverage_relative"].iloc[-1] < 0.7
    np.testing.assert_allclose(t["online_reach_relative"], 1.0)
    np.testing.assert_allclose(t["removals"], t["removals"].iloc[0])
    np.testing.assert_allclose(t["wrongful_removals"], t["wrongful_removals"].iloc[0])


def test_reach_combines_online_and_press_by_the_stated_weight():
    mix = PolicyMix(faster_detection_units=2, counter_speech_units=3)
    for w in (0.0, 0.2, 0.7):
        row = simulate_policy_lab(mix=mix, seed=SEED, press_share_of_reach=w).summary.iloc[1]
        expected = (1 - w) * row["online_reach_relative"] + w * row["press_coverage_relative"]
        assert row["reach_relative"] == pytest.approx(expected, rel=1e-12)


# --- the budget ------------------------------------------------------------------------------------------------


def test_a_mix_over_the_budget_raises_naming_the_parameters():
    with pytest.raises(ValueError, match=r"mix spends 10\.5 .*budget_units=10"):
        simulate_policy_lab(mix=PolicyMix(faster_detection_units=6, counter_speech_units=4.5), seed=0)
    with pytest.raises(ValueError, match=r"mixes\['big'\].*budget_units=4"):
        compare_policies(mixes={"big": PolicyMix(coordinated_action_days_units=5)}, seed=0, budget_units=4)


def test_a_mix_that_fits_reports_what_is_left():
    r = simulate_policy_lab(mix=PolicyMix(faster_detection_units=2.5, counter_speech_units=4), seed=0, budget_units=8)
    assert r.budget_left_units == pytest.approx(1.5)
    assert r.summary.loc[1, "units_spent"] == pytest.approx(6.5)
    assert simulate_policy_lab(mix=PolicyMix.even(10), seed=0).budget_left_units == pytest.approx(0.0, abs=1e-9)


# --- costs and determinism -------------------------------------------------------------------------------------


units = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(*[units] * len(LEVERS)))
def test_costs_are_never_negative_and_shares_stay_shares(alloc):
    mix = PolicyMix(**{f"{lv}_units": u for lv, u in zip(LEVERS, alloc)})
    row = simulate_policy_lab(mix=mix, seed=1, days=120, budget_units=18).summary.iloc[1]
    for col in ("removals", "wrongful_removals", "ordinary_signups_blocked_per_1000", "budget_left_units", "units_spent"):
        assert row[col] >= 0, col
    assert 0 <= row["displacement_share"] <= 1
    assert 0 < row["fast_track_false_match_share"] < 1
    assert row["reach_relative"] > 0
    assert np.isfinite(row[["reach_relative", "wrongful_removals", "removals"]].to_numpy(float)).all()


def test_same_seed_same_numbers_and_the_output_is_labelled_simulated():
    mix = PolicyMix(coordinated_action_days_units=3, counter_speech_units=2)
    a = simulate_policy_lab(mix=mix, seed=11)
    b = simulate_policy_lab(mix=mix, seed=11)
    c = simulate_policy_lab(mix=mix, seed=12)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    pd.testing.assert_frame_equal(a.daily, b.daily)
    assert not a.daily["live_accounts"].equals(c.daily["live_accounts"])
    assert a.simulated is True and a.summary.attrs["simulated"] and a.daily.attrs["simulated"]


def test_compare_policies_gives_each_mix_the_row_it_gets_alone():
    mix = PolicyMix(faster_detection_units=3, small_platform_support_units=3)
    alone = simulate_policy_lab(mix=mix, seed=5).summary.iloc[1].drop("policy")
    table = compare_policies(mixes={"a": PolicyMix(registration_friction_units=9), "b": mix}, seed=5)
    together = table.set_index("policy").loc["b"]
    pd.testing.assert_series_equal(alone.astype(float), together.astype(float), check_names=False)


def test_no_policy_starts_and_stays_at_its_steady_state():
    d = simulate_policy_lab(mix=PolicyMix(), seed=2).daily
    base = d[d["policy"] == "no policy"]
    for col in ("live_accounts", "reach", "displacement_share"):
        first, late = base[col].iloc[:10].mean(), base[col].iloc[-100:].mean()
        assert late == pytest.approx(first, rel=0.03), col


def test_false_match_share_follows_the_hashing_models_precision():
    from swarmcast.models.hashing import matching_experiment, threshold_sweep

    pairs = matching_experiment(n_originals=40, n_distractors=100, methods=["average"], seed=0)
    measured = threshold_sweep(pairs=pairs, method="average")["precision"].to_numpy()
    np.testing.assert_allclose(pl.HASH_PRECISION_BY_THRESHOLD, measured, atol=1e-6)
    assert pl.false_match_share(threshold_bits=15) == pytest.approx(1 - measured[15], abs=1e-6)
    assert pl.false_match_share(threshold_bits=20) > 10 * pl.false_match_share(threshold_bits=15)
    assert pl.false_match_share(threshold_bits=0) == pytest.approx(0.005)  # the floor


# --- the findings the lesson teaches ---------------------------------------------------------------------------


def test_an_even_mix_cuts_reach_more_than_any_single_lever_with_the_same_budget():
    table = compare_policies(mixes={**pl.single_policy_mixes(budget_units=10), "even": PolicyMix.even(10)}, seed=SEED)
    singles = table[table["policy"].isin(LEVERS)]
    even = table.set_index("policy").loc["even", "reach_relative"]
    assert even < singles["reach_relative"].min() - 0.01


def test_past_a_point_more_detection_adds_wrongful_removals_faster_than_it_cuts_reach(sweeps):
    t = sweeps["faster_detection"].set_index("units")
    early_cut = t.loc[0, "reach_relative"] - t.loc[4, "reach_relative"]
    late_cut = t.loc[6, "reach_relative"] - t.loc[10, "reach_relative"]
    early_cost = t.loc[4, "wrongful_removals"] - t.loc[0, "wrongful_removals"]
    late_cost = t.loc[10, "wrongful_removals"] - t.loc[6, "wrongful_removals"]
    assert early_cut > 0.1 and late_cut < 0.01  # the first 4 units buy most of the reach cut
    assert late_cost > 2 * early_cost  # the last 4 units cost most of the wrongful removals
    # with no loosening of the matching threshold, the cost side of detection disappears
    flat = simulate_policy_lab(mix=PolicyMix(faster_detection_units=10), seed=SEED, threshold_bits_per_detection_unit=0)
    assert flat.wrongful_removals < 1.2 * flat.wrongful_removals_no_policy


def test_organisers_who_ignore_risk_are_not_displaced_and_detection_then_works_better():
    adapt = simulate_policy_lab(mix=PolicyMix(faster_detection_units=10), seed=SEED)
    blind = simulate_policy_lab(mix=PolicyMix(faster_detection_units=10), seed=SEED, planning_horizon_days=0)
    assert blind.displacement_share - blind.displacement_share_no_policy < adapt.displacement_share - adapt.displacement_share_no_policy
    assert blind.reach_relative < adapt.reach_relative - 0.05


# --- API -------------------------------------------------------------------------------------------------------


def test_policy_mix_is_frozen_and_knows_its_levers():
    m = PolicyMix.single("counter_speech", 4)
    assert m.as_dict()["counter_speech"] == 4 and m.total_units == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.counter_speech_units = 1  # type: ignore[misc]
    assert PolicyMix.even(6).units("faster_detection") == pytest.approx(1.0)
    settings_table = pl.lever_settings(mix=m)
    row = settings_table.set_index("lever").loc["counter_speech"]
    assert row["with_mix"] == pytest.approx(0.6 * (1 - 2 ** (-4 / 3)))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: PolicyMix(faster_detection_units=-1), "faster_detection_units"),
        (lambda: PolicyMix(counter_speech_units=float("nan")), "counter_speech_units"),
        (lambda: PolicyMix.single("censorship", 2), "lever"),
        (lambda: simulate_policy_lab(mix={"faster_detection_units": 2}, seed=0), "mix must be a PolicyMix"),
        (lambda: simulate_policy_lab(mix=PolicyMix(), seed=-1), "seed"),
        (lambda: simulate_policy_lab(mix=PolicyMix(), seed=0, days=10), "days"),
        (lambda: simulate_policy_lab(mix=PolicyMix(), seed=0, budget_units=-5), "budget_units"),
        (lambda: simulate_policy_lab(mix=PolicyMix(), seed=0, followers_kept_on_return=1.0), "followers_kept_on_return"),
        (lambda: simulate_policy_lab(mix=PolicyMix(), seed=0, press_share_of_reach=1.5), "press_share_of_reach"),
        (lambda: simulate_policy_lab(mix=PolicyMix(), seed=0, match_threshold_bits=70), "match_threshold_bits"),
        (lambda: simulate_policy_lab(mix=PolicyMix(), seed=0, action_interval_days=0), "action_interval_days"),
        (lambda: compare_policies(mixes=[PolicyMix()], seed=0), "mixes"),
        (lambda: compare_policies(mixes={"no policy": PolicyMix()}, seed=0), "mixes"),
        (lambda: pl.false_match_share(threshold_bits=-1), "threshold_bits"),
    ],
)
def test_wrong_input_raises_a_value_error_naming_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_labs_settings_are_declared_once_in_policy_lab_params():
    from dataclasses import fields

    from swarmcast.models.policy_lab import PolicyLabParams

    p = PolicyLabParams()
    assert (p.budget_units, p.days, p.action_interval_days) == (10.0, 365, 52)
    mix = PolicyMix(faster_detection_units=2.0, counter_speech_units=3.0)
    spelled = simulate_policy_lab(mix=mix, seed=1, **{f.name: getattr(p, f.name) for f in fields(p)})
    pd.testing.assert_frame_equal(spelled.summary, simulate_policy_lab(mix=mix, seed=1).summary)
    for name, bad in (("days", 20), ("press_share_of_reach", 1.5), ("match_threshold_bits", 65.0)):
        with pytest.raises(ValueError, match=f"^{name} must be"):
            PolicyLabParams(**{name: bad})
        with pytest.raises(ValueError, match=f"^{name} must be"):
            compare_policies(mixes={"a": mix}, seed=0, **{name: bad})
    with pytest.raises(ValueError, match="^counter_speech_units must be"):
        PolicyMix(counter_speech_units=-1.0)
