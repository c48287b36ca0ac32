"""Promises of the multi-platform migration model (lesson 06, trend two: colonising small spaces)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swarmcast.models.platforms import DEFAULT_PLATFORMS, Platform, simulate_platforms

SEEDS = (0, 1, 2)


def _mean_after(result, column: str, start: int = 60) -> float:
    return float(result.totals[column].iloc[start:].mean())


def _platform_share(result, name: str, start: int = 60) -> float:
    daily = result.daily[result.daily["day"] >= start]
    return float(daily.loc[daily["platform"] == name, "clusters"].sum() / daily["clusters"].sum())


# --- the lesson's claims ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_coordinated_effort_cuts_total_reach_more_than_the_same_effort_on_the_largest_platform(seed):
    one_platform = simulate_platforms(removal_effort=5.0, coordination=0.0, days=180, seed=seed)
    coordinated = simulate_platforms(removal_effort=5.0, coordination=1.0, days=180, seed=seed)
    nothing = simulate_platforms(removal_effort=0.0, days=180, seed=seed)
    assert _mean_after(coordinated, "reach") < 0.85 * _mean_after(one_platform, "reach")
    assert _mean_after(one_platform, "reach") < _mean_after(nothing, "reach")


def test_both_ways_of_delivering_the_effort_spend_the_same_total_capacity():
    own = sum(p.moderation_capacity for p in DEFAULT_PLATFORMS) * 180
    spent = [
        simulate_platforms(removal_effort=5.0, coordination=c, days=180, seed=3).totals["capacity"].sum() - own
        for c in (0.0, 1.0)
    ]
    assert spent[0] == pytest.approx(5.0 * 180, rel=0.03)
    assert spent[1] == pytest.approx(5.0 * 180, rel=0.03)


@pytest.mark.parametrize("seed", SEEDS)
def test_effort_on_the_largest_platform_alone_displaces_clusters_to_the_small_platforms(seed):
    before = simulate_platforms(removal_effort=0.0, days=180, seed=seed)
    after = simulate_platforms(removal_effort=5.0, coordination=0.0, days=180, seed=seed)
    assert _mean_after(before, "share_off_largest") < 0.8
    assert _mean_after(after, "share_off_largest") > 0.95
    for small in ("messaging", "small_startup_1", "small_startup_2"):
        assert _platform_share(after, small) > _platform_share(before, small)
    # Coordinated action leaves the share of clusters on the largest platform roughly where it was.
    coordinated = simulate_platforms(removal_effort=5.0, coordination=1.0, days=180, seed=seed)
    unchanged = _mean_after(before, "share_off_largest")
    assert _mean_after(coordinated, "share_off_largest") == pytest.approx(unchanged, abs=0.1)


def test_effort_on_one_platform_has_diminishing_returns_while_coordinated_effort_keeps_working():
    single = [_mean_after(simulate_platforms(removal_effort=e, days=180, seed=4), "reach") for e in (2.0, 10.0)]
    coordinated = [
        _mean_after(simulate_platforms(removal_effort=e, coordination=1.0, days=180, seed=4), "reach")
        for e in (2.0, 10.0)
    ]
    assert single[1] > 0.9 * single[0]  # five times the effort buys under a 10% cut (runs vary by about 5%)
    assert coordinated[1] < 0.6 * coordinated[0]


def test_clusters_first_settle_in_proportion_to_openness_times_audience():
    # With nobody removing anything, the day-0 placement is the choice rule's analytic share, within sampling error.
    result = simulate_platforms(
        platforms=tuple(Platform(p.name, p.audience_size, 0.0, p.openness) for p in DEFAULT_PLATFORMS),
        n_clusters=20_000, days=1, migration_per_day=0.0, seed=5,
    )
    weights = np.array([p.openness * p.audience_size for p in DEFAULT_PLATFORMS])
    observed = result.daily["clusters"].to_numpy() / 20_000
    np.testing.assert_allclose(observed, weights / weights.sum(), atol=0.012)
    assert result.totals["removals"].sum() == 0 and result.totals["reforming"].sum() == 0


def test_beacons_add_reach_only_to_platforms_smaller_than_a_linking_one():
    without = simulate_platforms(removal_effort=3.0, coordination=0.5, beacon_share=0.0, days=60, seed=6)
    with_links = simulate_platforms(removal_effort=3.0, coordination=0.5, beacon_share=0.2, days=60, seed=6)
    pd.testing.assert_series_equal(without.daily["clusters"], with_links.daily["clusters"])  # no feedback on moves
    largest = with_links.daily["platform"] == "large_video"
    np.testing.assert_allclose(with_links.daily.loc[largest, "reach"], without.daily.loc[largest, "reach"])
    smallest = with_links.daily["platform"] == "small_startup_2"
    gained = with_links.daily.loc[smallest, "reach"].to_numpy() - without.daily.loc[smallest, "reach"].to_numpy()
    hosted = with_links.daily.loc[smallest, "clusters"].to_numpy()
    assert np.all(gained[hosted > 0] > 0) and np.all(gained[hosted == 0] == 0)
    # Beacon reach is passed on, not invented: at most beacon_share of the direct reach of all platforms.
    assert np.all(with_links.totals["reach"] <= 1.2 * without.totals["reach"] + 1e-9)


# --- accounting ------------------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_clusters=st.integers(1, 200),
    days=st.integers(1, 60),
    effort=st.floats(0.0, 50.0),
    coordination=st.floats(0.0, 1.0),
    interval=st.integers(1, 20),
    reform=st.floats(1.0, 10.0),
    migration=st.floats(0.0, 0.2),
    seed=st.integers(0, 2**32 - 1),
)
def test_clusters_are_conserved_and_removals_never_exceed_capacity(
    n_clusters, days, effort, coordination, interval, reform, migration, seed
):
    result = simulate_platforms(
        n_clusters=n_clusters, days=days, removal_effort=effort, coordination=coordination,
        action_interval_days=interval, reform_delay_days=reform, migration_per_day=migration, seed=seed,
    )
    d, totals = result.daily, result.totals
    n_p = len(DEFAULT_PLATFORMS)
    assert len(d) == days * n_p
    assert (d[["clusters", "new_clusters", "moved_in", "moved_out", "removals", "capacity"]] >= 0).all().all()
    assert (d["reach"] >= 0).all()
    assert (d["removals"] <= d["capacity"]).all()
    assert (totals["clusters"] + totals["reforming"] == n_clusters).all()
    assert (d.groupby("day")["moved_in"].sum() == d.groupby("day")["moved_out"].sum()).all()
    # Stock and flows agree: today's clusters = yesterday's + arrivals + moves in - moves out - removals.
    clusters = d["clusters"].to_numpy().reshape(days, n_p)
    flow = (d["new_clusters"] + d["moved_in"] - d["moved_out"] - d["removals"]).to_numpy().reshape(days, n_p)
    np.testing.assert_array_equal(clusters[1:] - clusters[:-1], flow[1:])
    # A platform never removes more than it hosted that day.
    arrivals = (d["new_clusters"] + d["moved_in"] - d["moved_out"]).to_numpy().reshape(days, n_p)
    hosted = np.vstack([clusters[:1] - flow[:1], clusters[:-1]]) + arrivals
    assert np.all(d["removals"].to_numpy().reshape(days, n_p) <= hosted)


def test_same_seed_gives_the_same_run_and_another_seed_a_different_one():
    a = simulate_platforms(removal_effort=4.0, coordination=0.5, days=90, seed=10)
    b = simulate_platforms(removal_effort=4.0, coordination=0.5, days=90, seed=10)
    c = simulate_platforms(removal_effort=4.0, coordination=0.5, days=90, seed=11)
    pd.testing.assert_frame_equal(a.daily, b.daily)
    pd.testing.assert_frame_equal(a.totals, b.totals)
    assert not a.daily["clusters"].equals(c.daily["clusters"])


def test_output_is_labelled_simulated_and_names_the_largest_platform():
    result = simulate_platforms(days=5, seed=0)
    assert result.simulated is True
    assert result.daily.attrs["simulated"] is True and result.totals.attrs["simulated"] is True
    assert result.largest_platform == "large_video"
    assert result.platforms["largest"].sum() == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("n_clusters", 0),
        ("days", -3),
        ("removal_effort", -1.0),
        ("coordination", 1.2),
        ("action_interval_days", 0),
        ("reform_delay_days", 0.5),
        ("audience_growth_days", -1.0),
        ("beacon_share", 2.0),
        ("planning_horizon_days", float("inf")),
        ("migration_per_day", -0.1),
        ("seed", -1),
        ("platforms", "large_video"),
        ("platforms", ()),
    ],
)
def test_invalid_arguments_raise_value_error_naming_the_parameter(name, value):
    with pytest.raises(ValueError, match=name):
        simulate_platforms(**{"seed": 0, name: value})


@pytest.mark.parametrize(
    ("platform", "message"),
    [
        (Platform("Big Video", 10.0, 1.0, 0.5), r"platforms\[1\]\.name"),
        (Platform("large_video", 10.0, 1.0, 0.5), "unique"),
        (Platform("other", 0.0, 1.0, 0.5), r"platforms\[1\]\.audience_size"),
        (Platform("other", 10.0, -1.0, 0.5), r"platforms\[1\]\.moderation_capacity"),
        (Platform("other", 10.0, 1.0, 0.0), r"platforms\[1\]\.openness"),
    ],
)
def test_invalid_platforms_raise_value_error_naming_the_field(platform, message):
    with pytest.raises(ValueError, match=message):
        simulate_platforms(platforms=(DEFAULT_PLATFORMS[0], platform), seed=0)


def test_parameters_are_declared_once_in_platforms_params():
    from dataclasses import fields

    from swarmcast.models.platforms import PlatformsParams

    p = PlatformsParams()
    assert p.platforms == DEFAULT_PLATFORMS and p.n_clusters == 300 and p.removal_effort == 0.0
    spelled = simulate_platforms(seed=2, **{f.name: getattr(p, f.name) for f in fields(p) if f.name != "days"}, days=40)
    pd.testing.assert_frame_equal(spelled.totals, simulate_platforms(seed=2, days=40).totals)
    with pytest.raises(ValueError, match="^coordination must be"):
        PlatformsParams(coordination=1.5)
    with pytest.raises(ValueError, match=r"^n_clusters x days must stay under"):
        PlatformsParams(n_clusters=1_000_000, days=100)
    with pytest.raises(ValueError, match=r"^platforms must be"):
        PlatformsParams(platforms="large_video")
