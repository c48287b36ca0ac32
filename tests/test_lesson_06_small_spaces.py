"""Lesson 06 explorer and charts: the sliders move the model the way the lesson says, and bad input is refused."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from swarmcast import data
from swarmcast.lessons import l06_small_spaces as migration


@pytest.fixture(scope="module")
def explorer():
    return migration.platform_explorer(seed=5)


def _share_off_largest_line(spec: dict) -> list[float]:
    bottom = spec["vconcat"][1]["layer"][0]
    values = spec["datasets"][bottom["data"]["name"]]
    return [row["share_off_largest"] for row in values]


def test_effort_on_the_largest_platform_pushes_clusters_off_it_and_cuts_reach(explorer):
    explorer.controls["coordination"].value = 0.0
    explorer.controls["removal_effort"].value = 0.0
    calm, calm_summary = explorer.result, explorer.summary.value
    explorer.controls["removal_effort"].value = 5.0
    pushed = explorer.result
    assert pushed.share_off_largest > calm.share_off_largest + 0.2
    assert pushed.share_on_smaller > calm.share_on_smaller
    assert pushed.mean_reach < calm.mean_reach
    assert explorer.summary.value != calm_summary and "5 extra removals a day" in explorer.summary.value
    # the chart's lower panel shows the displacement: the share off the largest platform ends near 100%
    assert _share_off_largest_line(explorer.spec)[-1] > 0.95
    assert math.isfinite(explorer.last_compute_ms) and explorer.last_compute_ms > 0


def test_moving_the_effort_to_action_days_cuts_reach_further_at_high_effort_and_stops_displacement(explorer):
    explorer.controls["removal_effort"].value = 8.0
    explorer.controls["coordination"].value = 0.0
    single = explorer.result
    assert _action_rules(explorer.spec) == []  # no action day, no rule
    explorer.controls["coordination"].value = 1.0
    coordinated = explorer.result
    assert coordinated.mean_reach < 0.75 * single.mean_reach
    assert coordinated.share_off_largest < single.share_off_largest - 0.2
    assert "100% of them on coordinated action days" in explorer.summary.value
    # action days are drawn as rules in the upper panel
    days = coordinated.totals.loc[coordinated.totals["action_day"], "day"].tolist()
    assert days and [row["day"] for row in _action_rules(explorer.spec)] == days


def _action_rules(spec: dict) -> list[dict]:
    """The rows drawn by the upper panel's rule layers (the action days)."""
    layers = spec["vconcat"][0]["layer"]
    rules = [layer for layer in layers if layer.get("mark", {}).get("type") == "rule"]
    assert rules, "the upper panel has no rule layer for action days"
    return [row for layer in rules for row in spec["datasets"][layer["data"]["name"]]]


def test_crossover_table_shows_coordination_losing_at_low_effort_and_winning_at_high_effort():
    table = migration.crossover_table(efforts=[1, 8], seed=5)
    reach = table.set_index(["removal_effort", "delivery"])["mean_reach"]
    single, coordinated = "largest platform only, every day", "coordinated action days"
    assert reach[(1.0, coordinated)] > reach[(1.0, single)]
    assert reach[(8.0, coordinated)] < 0.75 * reach[(8.0, single)]
    assert table.attrs["simulated"] is True
    chart = migration.crossover_chart(table=table).to_dict()
    assert "from 8 removals a day" in chart["description"]


def test_run_is_reproducible_with_the_same_seed():
    a = migration.run_migration(removal_effort=3.0, coordination=0.5, seed=11)
    b = migration.run_migration(removal_effort=3.0, coordination=0.5, seed=11)
    assert a.mean_reach == b.mean_reach and a.simulated


def test_action_day_chart_states_the_cited_values():
    rows = data.load("crest_telegram")
    chart = migration.action_days_chart(rows=rows[rows["action_day"] != "none"]).to_dict()
    assert "New channels: 12 (October 2018) vs 105 (November 2019)" in chart["description"]
    assert "302 (October 2018) vs 14 (November 2019)" in chart["description"]


def test_removal_rate_chart_states_both_groups():
    small = data.load("small_platforms")
    rates = small[small["measure"] == "share_removed_after_alert"]
    text = migration.removal_rates_chart(rows=rates).to_dict()["description"]
    assert "Islamist content 94% then 84%" in text and "far-right content 50% then 61%" in text


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: migration.platform_explorer(seed=-1), "seed"),
        (lambda: migration.platform_explorer(seed=1, days=30), "days"),
        (lambda: migration.platform_explorer(seed=1, max_effort=0), "max_effort"),
        (lambda: migration.run_migration(removal_effort=-2, coordination=0, seed=1), "removal_effort"),
        (lambda: migration.run_migration(removal_effort=2, coordination=1.5, seed=1), "coordination"),
        (lambda: migration.crossover_table(efforts=[1, "x"], seed=1), "efforts"),
        (lambda: migration.crossover_table(efforts=[1], seed=1), "efforts"),
    ],
)
def test_bad_arguments_name_the_parameter(call, param):
    with pytest.raises(ValueError, match=param):
        call()


def test_the_sliders_are_the_models_declarations():
    from swarmcast.models.platforms import PlatformsParams
    from swarmcast.params import default, spec

    ex = migration.platform_explorer(seed=5)
    for name in ("removal_effort", "coordination"):
        s, slider = spec(PlatformsParams, name), ex.controls[name]
        assert (slider.min, slider.max, slider.step) == s.slider
        assert slider.value == default(PlatformsParams, name) and slider.description == s.label
        assert s.low <= slider.min and slider.max <= s.high
    assert migration.platform_explorer(seed=5, max_effort=20).controls["removal_effort"].max == 20


def test_the_effort_sweep_with_nothing_on_action_days_is_run_when_the_explorer_is_built(monkeypatch):
    """The lesson's first step (raise the effort, 0% on action days) answers from runs made at build time, the same
    runs a fresh call gives; any other setting is run when it is first asked for."""
    from swarmcast.lessons.l06_small_spaces import explorer as module
    from swarmcast.models import platforms

    ex = module.platform_explorer(seed=5)
    calls = []
    monkeypatch.setattr(module, "run_migration", lambda **kw: calls.append(kw) or platforms.run_migration(**kw))
    effort = ex.controls["removal_effort"]
    for value in (0.5, 4.0, 10.0):
        effort.value = value
        fresh = platforms.run_migration(removal_effort=value, coordination=0.0, days=150, seed=5)
        pd.testing.assert_frame_equal(ex.result.daily, fresh.daily)
    assert calls == []
    ex.controls["coordination"].value = 0.5
    assert calls == [{"removal_effort": 10.0, "coordination": 0.5, "days": 150, "seed": 5}]
