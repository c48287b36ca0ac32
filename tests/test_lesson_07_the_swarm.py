"""Lesson 07 explorers and charts: the fragmentation slider, the policy chart and the robustness explorer move the
way the lesson says, and bad input is refused."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from swarmcast.models import aggregates as ag
from swarmcast.lessons import l07_the_swarm as swarm

# A lighter grid than the lesson's (runs x events), enough for the directions checked here.
GRID = dict(n_supporters=1_000, runs=4, burn_in_steps=30_000, seed=1)


@pytest.fixture(scope="module")
def explorer():
    return swarm.size_explorer(**GRID)


def _diamond(spec: dict) -> dict:
    right = spec["hconcat"][1]["layer"][2]
    return spec["datasets"][right["data"]["name"]][0]


def test_first_control_is_the_log_scale_fragmentation_slider(explorer):
    name, slider = next(iter(explorer.controls.items()))
    assert name == "frag_prob"
    values = [v for _, v in slider.options]
    assert values == sorted(values) and values[-1] / values[0] >= 1e3  # log steps over at least 3 decades
    assert slider.value == 0.01 and slider.index < len(values) - 1  # dragging right changes the setting


def test_moving_below_the_threshold_makes_one_super_aggregate(explorer):
    explorer.controls["frag_prob"].value = 0.01
    swarm_summary, swarm_result = explorer.summary.value, explorer.result
    assert swarm_result["fit"] is not None and swarm_result["largest_share"] < 0.5
    explorer.controls["frag_prob"].value = 1e-5
    super_result = explorer.result
    assert 1e-5 < explorer.grid.threshold  # the setting is below 1/(N ln N)
    assert super_result["largest_share"] > 0.95 and super_result["fit"] is None
    assert "super-aggregate" in explorer.summary.value and explorer.summary.value != swarm_summary
    assert _diamond(explorer.spec)["largest_share"] > 0.95
    assert math.isfinite(explorer.last_compute_ms)


def test_dragging_right_from_the_default_changes_the_chart(explorer):
    explorer.controls["frag_prob"].value = 0.01
    before = explorer.spec
    explorer.controls["frag_prob"].index += 1
    after = explorer.spec
    assert _diamond(after)["frag_prob"] > _diamond(before)["frag_prob"]
    assert after["description"] != before["description"]


def test_fitted_exponent_is_near_two_and_a_half_where_shutdowns_are_common(explorer):
    fits = [explorer.grid.fits[p] for p in (0.01, 0.03, 0.1)]
    pooled_alpha = np.mean([f.alpha for f in fits])
    assert abs(pooled_alpha - 2.5) < 0.35  # four runs of 1,000 supporters: noisy, but not 2 or 3.5
    assert explorer.grid.threshold == pytest.approx(1 / (1000 * math.log(1000)))


def test_largest_share_falls_as_shutdowns_become_more_frequent(explorer):
    shares = [explorer.grid.largest_share[p] for p in explorer.grid.frag_probs]
    assert shares[0] > 0.95 and shares[-1] < 0.2
    assert shares[0] >= shares[len(shares) // 2] >= shares[-1]


@pytest.fixture(scope="module")
def experiment():
    return ag.intervention_experiment(
        n_supporters=10_000, frag_prob=0.01, steps=100_000, burn_in_steps=50_000,
        removals_per_period=5, period_steps=1_000, large_size=100, seed=0,
    )  # fmt: skip


def test_policy_chart_reports_the_trade_off(experiment):
    summary = ag.policy_summary(experiment)
    assert summary.loc["ban small ones (seeds)", "n_large"] < summary.loc["ban the largest", "n_large"]
    assert summary.loc["ban the largest", "largest_size"] < summary.loc["ban small ones (seeds)", "largest_size"]
    assert summary.loc["ban small ones (seeds)", "supporters_scattered"] < summary.loc["ban the largest", "supporters_scattered"]
    description = swarm.policy_chart(experiment=experiment, large_size=100).to_dict()["description"]
    assert "Ban the largest" in description and "supporters scattered" in description


def test_robustness_explorer_shows_the_hub_collapsing_under_targeted_removal():
    ex = swarm.robustness_explorer(n_nodes=600, seed=3)
    curves = ex.result
    at = curves[np.isclose(curves["fraction_removed"], 0.05)].set_index(["network", "strategy"])["reach_share"]
    assert at[("hub", "targeted")] < 0.1 < 0.5 < at[("swarm", "targeted")]
    first = ex.summary.value
    ex.controls["n_hubs"].value = 30
    assert ex.result is not curves and ex.summary.value != first and "With 30 hubs" in ex.summary.value
    ex.controls["measure"].value = "largest_component_share"
    assert "largest connected group" in ex.spec["encoding"]["y"]["title"]
    assert math.isfinite(ex.last_compute_ms)


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: ag.size_grid(n_supporters=10, seed=1), "n_supporters"),
        (lambda: ag.size_grid(runs=0, seed=1), "runs"),
        (lambda: ag.size_grid(frag_probs=[0.01], seed=1), "frag_probs"),
        (lambda: ag.size_grid(frag_probs=[0.01, 2.0], seed=1), "frag_probs"),
        (lambda: ag.size_grid(seed=-3), "seed"),
        (lambda: swarm.size_explorer(burn_in_steps=10, seed=1), "burn_in_steps"),
        (lambda: ag.policy_summary(pd.DataFrame({"a": [1]})), "experiment"),
        (lambda: swarm.robustness_explorer(n_nodes=5), "n_nodes"),
        (lambda: swarm.robustness_chart(curves=pd.DataFrame(), measure="nope"), "measure"),
    ],
)
def test_bad_arguments_name_the_parameter(call, param):
    with pytest.raises(ValueError, match=param):
        call()


def test_the_explorers_offer_what_the_models_declare():
    from swarmcast.models import networks as nw
    from swarmcast.params import spec

    hubs = swarm.robustness_explorer(n_nodes=300, seed=3).controls["n_hubs"]
    assert (hubs.min, hubs.max, hubs.step) == spec(nw.HubNetworkParams, "n_hubs").slider
    assert hubs.value == 10 and hubs.description == "hubs (content sources)"
    sizes = swarm.size_explorer(n_supporters=300, runs=1, burn_in_steps=2_000, seed=1).controls["frag_prob"]
    assert [value for _, value in sizes.options] == list(ag.FRAG_PROBS)


def test_without_numba_the_explorer_pools_fewer_runs_and_says_so(monkeypatch, capsys):
    monkeypatch.setenv(ag.NUMBA_ENV, "0")
    assert ag.default_runs() == ag.DEFAULT_RUNS_WITHOUT_NUMBA < ag.DEFAULT_RUNS
    lean = swarm.size_explorer(n_supporters=300, burn_in_steps=5_000, seed=1)
    note = capsys.readouterr().out
    assert lean.grid.runs == ag.DEFAULT_RUNS_WITHOUT_NUMBA
    assert "numba is not installed" in note and f"pools {ag.DEFAULT_RUNS_WITHOUT_NUMBA} runs instead of 8" in note
    # an explicit number of runs is honoured, with no note
    assert swarm.size_explorer(n_supporters=300, runs=3, burn_in_steps=5_000, seed=1).grid.runs == 3
    assert capsys.readouterr().out == ""
    monkeypatch.setenv(ag.NUMBA_ENV, "1")
    full = swarm.size_explorer(n_supporters=300, burn_in_steps=5_000, seed=1)
    assert full.grid.runs == ag.DEFAULT_RUNS and capsys.readouterr().out == ""
    # the same seeds give the same runs: the lean grid's runs are the first runs of the full grid
    lean_first = ag.size_grid(n_supporters=300, runs=1, burn_in_steps=5_000, seed=1)
    monkeypatch.setenv(ag.NUMBA_ENV, "0")
    assert all(np.array_equal(lean_first.sizes[p], ag.size_grid(n_supporters=300, runs=1, burn_in_steps=5_000, seed=1).sizes[p])
               for p in lean_first.frag_probs)
