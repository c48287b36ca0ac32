"""Promises of the accounts birth-death model (lesson 05, trend one: the access problem)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swarmcast.models.accounts import (
    CONWAY_WINDOW_DAYS,
    OTHER_JIHADIST_2017,
    PRO_IS_2017,
    simulate_accounts,
    steady_state,
    survival_table,
)

# A regime that uses every part of the lifetime mixture, with lifetimes short enough for a quick burn-in.
MIXED = dict(
    share_blocked_at_registration=0.2,
    share_caught_before_first_post=0.1,
    share_detected_fast=0.3,
    fast_detection_delay_days=1.0,
    mean_detection_delay_days=25.0,
    detection_delay_shape=1.5,
)


def _suspended_share(table: pd.DataFrame, day: float) -> float:
    return float(1.0 - table.loc[table["day"] == day, "survival"].iloc[0])


def _median_lifetime(result) -> float:
    curve = survival_table(groups={"g": result})
    return float(curve.loc[curve["survival"] <= 0.5, "day"].iloc[0])


# --- steady state ----------------------------------------------------------------------------------------------


def test_simulated_live_accounts_match_the_mg_infinity_steady_state_after_burn_in():
    # 100 accounts a day x 2,000 days after a 200-day burn-in (8 mean lifetimes): the run-to-run spread of the
    # time-averaged count is about 0.45%, so 2% is a 4-sigma test; dropping any factor of the formula (the 20%
    # blocked, the 10% caught, or the Weibull mean) is off by 10% or more.
    expected = steady_state(creation_attempts_per_day=100, **MIXED).live_accounts
    assert expected == pytest.approx(100 * 0.8 * 0.9 * (0.3 * 1.0 + 0.7 * 25.0))
    result = simulate_accounts(creation_attempts_per_day=100, **MIXED, start_at_steady_state=False, days=2200, seed=7)
    simulated = result.daily["live_accounts"].iloc[200:].mean()
    assert simulated == pytest.approx(expected, rel=0.02)


def test_a_run_started_in_steady_state_stays_there_from_day_zero():
    expected = steady_state(creation_attempts_per_day=100, **MIXED).live_accounts
    result = simulate_accounts(creation_attempts_per_day=100, **MIXED, start_at_steady_state=True, days=2000, seed=8)
    assert result.initial_accounts == pytest.approx(expected, rel=0.1)
    assert result.daily["live_accounts"].iloc[:100].mean() == pytest.approx(expected, rel=0.05)
    assert result.daily["live_accounts"].mean() == pytest.approx(expected, rel=0.02)


@pytest.mark.parametrize("kept", [0.2, 0.8])
def test_steady_state_reach_is_regrowth_times_lifetime_over_share_lost(kept):
    params = dict(
        creation_attempts_per_day=20, mean_detection_delay_days=10.0, follower_regrowth_per_day=2.0,
        followers_kept_on_return=kept,
    )
    state = steady_state(**params)
    assert state.followers_per_account == pytest.approx(2.0 * (10.0 + 1.0) / (1.0 - kept))
    # Start far from it (100 followers an account) so that only the dynamics can bring the run there.
    daily = simulate_accounts(**params, initial_followers_per_account=100.0, days=2000, seed=3).daily
    assert daily["followers_per_account"].iloc[500:].mean() == pytest.approx(state.followers_per_account, rel=0.03)


# --- calibration to Conway et al. (2017) -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def conway_curves() -> pd.DataFrame:
    groups = {
        regime.name: simulate_accounts(
            **regime.as_kwargs(), creation_attempts_per_day=40, start_at_steady_state=False, days=180, seed=11
        )
        for regime in (PRO_IS_2017, OTHER_JIHADIST_2017)
    }
    return survival_table(groups=groups, days=[2, CONWAY_WINDOW_DAYS])


def test_pro_is_preset_loses_over_30_percent_in_2_days_and_63_percent_by_90_days(conway_curves):
    table = conway_curves[conway_curves["group"] == "pro_is_2017"]
    within_2_days = _suspended_share(table, 2)
    assert 0.30 < within_2_days < 0.40
    assert _suspended_share(table, CONWAY_WINDOW_DAYS) == pytest.approx(0.63, abs=0.04)


def test_other_jihadist_preset_loses_under_1_percent_in_2_days_and_163_of_451_by_90_days(conway_curves):
    table = conway_curves[conway_curves["group"] == "other_jihadist_2017"]
    assert _suspended_share(table, 2) < 0.01
    assert _suspended_share(table, CONWAY_WINDOW_DAYS) == pytest.approx(163 / 451, abs=0.04)


def test_survival_table_is_tidy_monotone_and_inside_its_confidence_band():
    result = simulate_accounts(**PRO_IS_2017.as_kwargs(), creation_attempts_per_day=10, days=120, seed=2)
    table = survival_table(groups={"pro_is": result, "again": result.lifetimes})
    assert list(table.columns) == ["group", "day", "survival", "ci_lower", "ci_upper"]
    assert set(table["group"]) == {"pro_is", "again"}
    assert table.attrs["simulated"] is True
    one = table[table["group"] == "pro_is"]
    assert one["day"].iloc[0] == 0 and one["day"].iloc[-1] == np.floor(result.lifetimes["lifetime_days"].max())
    assert np.all(np.diff(one["survival"].to_numpy()) <= 0)
    assert np.all(one["ci_lower"] <= one["survival"]) and np.all(one["survival"] <= one["ci_upper"])
    assert one["ci_upper"].iloc[-1] - one["ci_lower"].iloc[-1] > 0


# --- levers ----------------------------------------------------------------------------------------------------


def test_higher_registration_cost_means_fewer_live_accounts():
    live = [
        simulate_accounts(**PRO_IS_2017.as_kwargs(), share_blocked_at_registration=b, days=180, seed=5)
        .daily["live_accounts"].mean()
        for b in (0.0, 0.3, 0.6, 0.9)
    ]
    assert all(a > b for a, b in zip(live, live[1:]))
    assert live[2] / live[0] == pytest.approx(0.4, rel=0.1)


def test_faster_detection_shortens_the_median_lifetime():
    medians = [
        _median_lifetime(simulate_accounts(mean_detection_delay_days=delay, days=240, seed=4))
        for delay in (60.0, 20.0, 5.0)
    ]
    assert medians[0] > medians[1] > medians[2]
    assert medians[1] == pytest.approx(20.0 * np.log(2), abs=2)


def test_keeping_more_followers_on_return_gives_more_reach():
    reach = [
        simulate_accounts(
            **PRO_IS_2017.as_kwargs(), followers_kept_on_return=kept, initial_followers_per_account=400,
            days=365, seed=6,
        )
        .daily["reach"].iloc[-90:].mean()
        for kept in (0.1, 0.5, 0.9)
    ]
    assert reach[0] < reach[1] < reach[2]


def test_reach_falls_under_repeated_suspension_while_the_number_of_accounts_stays_flat():
    # Berger & Perez (2016): an established network (1,000 followers an account) under 2017-style pressure.
    daily = simulate_accounts(
        **PRO_IS_2017.as_kwargs(), initial_followers_per_account=1000, days=365, seed=9
    ).daily
    first, last = daily.iloc[:30].mean(), daily.iloc[-30:].mean()
    assert last["live_accounts"] == pytest.approx(first["live_accounts"], rel=0.1)
    assert last["reach"] < 0.65 * first["reach"]
    assert last["followers_per_account"] < 0.65 * first["followers_per_account"]


def test_accounts_caught_at_creation_are_never_live_and_never_in_the_default_survival_table():
    result = simulate_accounts(share_caught_before_first_post=1.0, days=30, seed=1)
    assert (result.daily["live_accounts"] == 0).all() and (result.daily["reach"] == 0).all()
    assert (result.daily["suspended"] == result.daily["created"]).all()
    assert (result.lifetimes["lifetime_days"] == 0).all() and result.lifetimes["suspended"].all()
    with pytest.raises(ValueError, match="no accounts"):
        survival_table(groups={"all_caught": result})
    assert len(survival_table(groups={"all_caught": result}, include_caught_before_first_post=True)) == 1


# --- accounting, censoring, seeds ------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rate=st.floats(0.0, 30.0),
    blocked=st.floats(0.0, 1.0),
    caught=st.floats(0.0, 1.0),
    fast=st.floats(0.0, 1.0),
    delay=st.floats(0.5, 200.0),
    shape=st.floats(0.5, 3.0),
    days=st.integers(1, 120),
    seed=st.integers(0, 2**32 - 1),
)
def test_lifetimes_are_non_negative_censored_at_the_end_and_add_up_to_the_daily_counts(
    rate, blocked, caught, fast, delay, shape, days, seed
):
    result = simulate_accounts(
        creation_attempts_per_day=rate, share_blocked_at_registration=blocked, share_caught_before_first_post=caught,
        share_detected_fast=fast, mean_detection_delay_days=delay, detection_delay_shape=shape,
        start_at_steady_state=False, days=days, seed=seed,
    )
    life, daily = result.lifetimes, result.daily
    ends = life["created_day"] + life["lifetime_days"]
    assert (life["lifetime_days"] >= 0).all()
    assert (life["created_day"] >= 0).all() and (life["created_day"] < days).all()
    assert (ends <= days + 1e-9).all()
    censored = ~life["suspended"]
    assert np.allclose(ends[censored], days)
    assert (ends[life["suspended"]] < days).all()
    assert (life.loc[life["caught_before_first_post"], "lifetime_days"] == 0).all()
    assert len(life) == daily["created"].sum()
    assert (daily["created"] + daily["blocked_at_registration"] == daily["attempts"]).all()
    assert (daily["live_accounts"] >= 0).all() and (daily["reach"] >= 0).all()
    # Live at the end of day t: created on a day <= t and suspended on a day > t (or never, within the run).
    start_day = np.floor(life["created_day"].to_numpy())
    end_day = np.where(life["suspended"], np.floor(ends.to_numpy()), days)
    recount = [int(((start_day <= t) & (end_day > t)).sum()) for t in range(days)]
    assert daily["live_accounts"].tolist() == recount
    assert daily["suspended"].sum() == life["suspended"].sum()


def test_same_seed_gives_the_same_run_and_another_seed_a_different_one():
    a = simulate_accounts(**PRO_IS_2017.as_kwargs(), days=60, seed=123)
    b = simulate_accounts(**PRO_IS_2017.as_kwargs(), days=60, seed=123)
    c = simulate_accounts(**PRO_IS_2017.as_kwargs(), days=60, seed=124)
    pd.testing.assert_frame_equal(a.daily, b.daily)
    pd.testing.assert_frame_equal(a.lifetimes, b.lifetimes)
    assert not a.daily["live_accounts"].equals(c.daily["live_accounts"])


def test_output_is_labelled_simulated_and_the_steady_state_is_not():
    result = simulate_accounts(days=10, seed=0)
    assert result.simulated is True
    assert result.daily.attrs["simulated"] is True and result.lifetimes.attrs["simulated"] is True
    assert result.steady.simulated is False


def test_presets_are_frozen_and_pass_only_model_parameters():
    with pytest.raises(AttributeError):
        PRO_IS_2017.share_detected_fast = 0.5  # type: ignore[misc]
    assert "name" not in PRO_IS_2017.as_kwargs() and "note" not in PRO_IS_2017.as_kwargs()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("creation_attempts_per_day", -1.0),
        ("creation_attempts_per_day", float("nan")),
        ("creation_attempts_per_day", 1e6),  # too many accounts for memory over 180 days
        ("share_blocked_at_registration", 1.5),
        ("share_caught_before_first_post", -0.1),
        ("share_detected_fast", "half"),
        ("fast_detection_delay_days", 0.0),
        ("mean_detection_delay_days", -5.0),
        ("detection_delay_shape", 0.0),
        ("follower_regrowth_per_day", -1.0),
        ("followers_kept_on_return", 1.0),
        ("initial_followers_per_account", -10.0),
        ("start_at_steady_state", "yes"),
        ("days", 0),
        ("days", 2.5),
        ("seed", -1),
        ("seed", True),
    ],
)
def test_invalid_arguments_raise_value_error_naming_the_parameter(name, value):
    kwargs = {"days": 180, "seed": 0, name: value}
    with pytest.raises(ValueError, match=name):
        simulate_accounts(**kwargs)


def test_survival_table_rejects_bad_groups():
    with pytest.raises(ValueError, match="groups"):
        survival_table(groups={})
    with pytest.raises(ValueError, match="groups"):
        survival_table(groups={"x": [1, 2, 3]})


# --- Kaplan-Meier with numpy (no lifelines at run time) ---------------------------------------------------------

from fractions import Fraction  # noqa: E402
from math import exp, log, sqrt  # noqa: E402

from swarmcast.models.accounts import kaplan_meier  # noqa: E402

# Remission times (weeks) of the 21 leukaemia patients on 6-MP; False = censored. Freireich et al. (1963), Blood
# 21:699, as tabulated by Gehan (1965) and used in Kleinbaum & Klein, *Survival Analysis*, and Collett,
# *Modelling Survival Data in Medical Research*.
SIX_MP = [(6, True), (6, True), (6, True), (6, False), (7, True), (9, False), (10, True), (10, False), (11, False),
          (13, True), (16, True), (17, False), (19, False), (20, False), (22, True), (23, True), (25, False),
          (32, False), (32, False), (34, False), (35, False)]  # fmt: skip


def test_kaplan_meier_matches_the_hand_computed_textbook_example():
    durations = [d for d, _ in SIX_MP]
    events = np.array([e for _, e in SIX_MP])
    # By hand: at each event time multiply by (1 - deaths / at risk); Greenwood sums deaths / (n (n - deaths)).
    steps = {6: (21, 3), 7: (17, 1), 10: (15, 1), 13: (12, 1), 16: (11, 1), 22: (7, 1), 23: (6, 1)}
    s, g, expected = Fraction(1), Fraction(0), {}
    for t, (n, d) in steps.items():
        s *= Fraction(n - d, n)
        g += Fraction(d, n * (n - d))
        expected[t] = (s, g)
    assert [round(float(v[0]), 4) for v in expected.values()] == [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482]
    days = [0, 5, 6, 6.5, 7, 9, 10, 13, 16, 21, 22, 23, 35, 40]
    table = kaplan_meier(durations_days=durations, suspended=events, days=days).set_index("day")
    z = 1.959963984540054
    for day in days:
        past = [t for t in expected if t <= day]
        if not past:
            assert tuple(table.loc[day]) == (1.0, 1.0, 1.0)
            continue
        surv, green = expected[past[-1]]
        ls = log(float(surv))
        half = z * sqrt(float(green)) / ls
        lower, upper = float(surv) ** exp(-half), float(surv) ** exp(half)  # S ** exp(-+ z sqrt(V) / log S)
        assert table.loc[day, "survival"] == pytest.approx(float(surv), rel=1e-12)
        assert table.loc[day, "ci_lower"] == pytest.approx(lower, rel=1e-9)
        assert table.loc[day, "ci_upper"] == pytest.approx(upper, rel=1e-9)
    # the textbook's 95% band at 6 weeks, log(-log) scale (as R's survfit(conf.type = "log-log") prints it)
    assert (round(table.loc[6, "ci_lower"], 3), round(table.loc[6, "ci_upper"], 3)) == (0.62, 0.952)


def _km_cases():
    rng = np.random.default_rng(2026)
    cases = []
    for n in (1, 5, 40, 300):
        durations = np.floor(rng.exponential(30, size=n))  # whole days: many ties
        cases.append((durations, rng.random(n) < 0.7))
    durations = rng.exponential(10, size=200)  # fractional days, no ties
    cases.append((durations, rng.random(200) < 0.5))
    cases.append((np.array([0.0, 0, 1, 2, 2, 3]), np.array([True, False, True, True, True, True])))  # reaches 0
    cases.append((np.array([3.0, 4, 5]), np.array([False, False, False])))  # all censored
    cases.append((np.array([2.0, 2, 2]), np.array([True, True, True])))  # everyone at once
    return cases


@pytest.mark.parametrize("durations, events", _km_cases())
def test_kaplan_meier_matches_lifelines(durations, events):
    lifelines = pytest.importorskip("lifelines")  # in the test extra only; the library no longer needs it
    kmf = lifelines.KaplanMeierFitter(alpha=0.05).fit(durations, event_observed=events)
    days = np.unique(np.concatenate([kmf.timeline, kmf.timeline + 0.5, [0.0, durations.max() + 7]]))
    mine = kaplan_meier(durations_days=durations, suspended=events, days=days)
    theirs_s = kmf.survival_function_at_times(days).to_numpy()
    ci = kmf.confidence_interval_survival_function_
    row = np.searchsorted(ci.index.to_numpy(), days, side="right") - 1
    assert np.allclose(mine["survival"], theirs_s, rtol=1e-12, atol=1e-15)
    assert np.allclose(mine["ci_lower"], ci.to_numpy()[row, 0], rtol=1e-12, atol=1e-15)
    assert np.allclose(mine["ci_upper"], ci.to_numpy()[row, 1], rtol=1e-12, atol=1e-15)
    assert ((mine["ci_lower"] <= mine["survival"]) & (mine["survival"] <= mine["ci_upper"])).all()


def test_kaplan_meier_does_not_import_lifelines():
    import subprocess
    import sys

    code = ("import sys; from swarmcast.models.accounts import kaplan_meier; "
            "t = kaplan_meier(durations_days=[1, 2, 2, 5], suspended=[True, True, False, True]); "
            "print(round(float(t.survival.iloc[-1]), 6), 'lifelines' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0.0", "False"], out.stdout + out.stderr


def test_parameters_are_declared_once_in_accounts_params():
    from dataclasses import fields

    from swarmcast.models.accounts import AccountsParams, steady_state

    p = AccountsParams()
    assert (p.creation_attempts_per_day, p.mean_detection_delay_days, p.days) == (20.0, 30.0, 180)
    spelled = simulate_accounts(seed=3, **{f.name: getattr(p, f.name) for f in fields(p)})
    pd.testing.assert_frame_equal(spelled.daily, simulate_accounts(seed=3).daily)
    with pytest.raises(ValueError, match="^followers_kept_on_return must be"):
        AccountsParams(followers_kept_on_return=1.0)
    with pytest.raises(ValueError, match="^start_at_steady_state must be True or False"):
        AccountsParams(start_at_steady_state=1)
    with pytest.raises(ValueError, match="^creation_attempts_per_day must be"):
        steady_state(creation_attempts_per_day=-1)
    with pytest.raises(TypeError, match="days"):
        steady_state(creation_attempts_per_day=20, days=30)  # the steady state has no run length
