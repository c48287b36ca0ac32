"""Lesson 01's explorer: a hub network keeps its reach when random accounts go and loses it when its hubs go."""

from __future__ import annotations

import math

import pytest

from swarmcast.lessons import l01_centralised_apparatus as apparatus
from swarmcast.models import networks as nw


def _marker(spec: dict) -> dict:
    names = {layer["data"]["name"] for layer in spec["layer"] if layer["mark"]["type"] == "point"}
    rows = [row for name in names for row in spec["datasets"][name] if "scenario" in row]
    assert len(rows) == 1
    return rows[0]


def _plotted(spec: dict) -> tuple[str, str]:
    """The y axis: its field (the same for every measure, so the chart redraws in place) and its title."""
    y = spec["encoding"]["y"]
    assert all("y" not in layer.get("encoding", {}) for layer in spec["layer"]), "every layer shares the chart's y"
    return y["field"], y["title"]


@pytest.fixture()
def explorer():
    return apparatus.apparatus_explorer(n_nodes=400, n_hubs=8, seed=3)


def test_removing_hubs_lowers_reach_step_by_step_to_zero():
    reach = [nw.remove_accounts(hubs_removed=k, random_share=0.0, n_nodes=400, n_hubs=8, seed=3).reach_share
             for k in range(9)]
    assert reach[0] == 1.0
    assert all(b < a for a, b in zip(reach, reach[1:])), reach
    assert reach[-1] == 0.0


def test_random_loss_of_the_same_number_of_accounts_barely_matters():
    hubs = nw.remove_accounts(hubs_removed=8, random_share=0.0, n_nodes=400, n_hubs=8, seed=3)
    assert hubs.n_removed == 8 and hubs.hubs_left == 0
    # 8 random accounts of 400: reach falls by little more than the 2% removed
    assert hubs.same_count_random_reach > 0.95


def test_more_random_removal_never_raises_reach():
    reach = [nw.remove_accounts(hubs_removed=2, random_share=r / 100, n_nodes=400, n_hubs=8, seed=3).reach_share
             for r in range(0, 31, 5)]
    assert all(b <= a for a, b in zip(reach, reach[1:])) and reach[-1] < reach[0]


def test_the_scenario_without_random_loss_lies_on_the_targeted_curve():
    curves = nw.removal_curves(n_nodes=400, n_hubs=8, seed=3)
    targeted = curves[curves["removal"] == "best-connected removed first"].set_index("n_removed")["reach_share"]
    for k in (1, 4, 8):
        state = nw.remove_accounts(hubs_removed=k, random_share=0.0, n_nodes=400, n_hubs=8, seed=3)
        assert state.reach_share == pytest.approx(targeted[k])
    random_only = nw.remove_accounts(hubs_removed=0, random_share=0.1, n_nodes=400, n_hubs=8, seed=3)
    random = curves[curves["removal"] == "removed at random"].set_index("n_removed")["reach_share"]
    assert random_only.reach_share == pytest.approx(random[random_only.n_removed])


def test_hub_slider_moves_the_marker_down_and_changes_the_summary(explorer):
    before, text = _marker(explorer.spec), explorer.summary.value
    explorer.controls["hubs_removed"].value = 4
    after = _marker(explorer.spec)
    assert after["n_removed"] == 4 and after["share"] < before["share"]
    assert _plotted(explorer.spec)[1] == apparatus.MEASURES["reach_share"]
    assert after["share"] == explorer.result.reach_share
    assert explorer.summary.value != text and "4 of 8 hubs left" in explorer.summary.value
    assert "at random would leave" in explorer.summary.value


def test_random_slider_moves_the_marker_right_and_down(explorer):
    before = _marker(explorer.spec)
    explorer.controls["random_share"].value = 0.2
    after = _marker(explorer.spec)
    assert after["n_removed"] == 80 and after["share"] < before["share"]
    assert "best-connected accounts would leave" in explorer.summary.value


def _curve_values(spec: dict) -> list[float]:
    name = next(layer["data"]["name"] for layer in spec["layer"] if layer["mark"]["type"] == "line")
    return [row[_plotted(spec)[0]] for row in spec["datasets"][name]]


def test_measure_dropdown_switches_the_plotted_measure(explorer):
    curves = nw.removal_curves(n_nodes=400, n_hubs=8, seed=3)
    explorer.controls["hubs_removed"].value = 8
    assert _plotted(explorer.spec)[1] == apparatus.MEASURES["reach_share"]
    assert _curve_values(explorer.spec) == curves["reach_share"].tolist()
    assert _marker(explorer.spec)["share"] == 0.0
    explorer.controls["measure"].value = "largest_component_share"
    assert _plotted(explorer.spec)[1] == apparatus.MEASURES["largest_component_share"]
    assert _curve_values(explorer.spec) == curves["largest_component_share"].tolist()
    assert 0.0 < _marker(explorer.spec)["share"] < 0.2
    assert _marker(explorer.spec)["share"] == explorer.result.largest_component_share


def test_output_is_labelled_simulated_and_seeded(explorer):
    assert explorer.simulated and explorer.result.simulated
    assert "Simulated data" in explorer.caption.value and "Simulated" in explorer.summary.value
    assert nw.removal_curves(n_nodes=400, n_hubs=8, seed=3).attrs["simulated"] is True
    a = nw.remove_accounts(hubs_removed=1, random_share=0.15, n_nodes=400, n_hubs=8, seed=3)
    b = nw.remove_accounts(hubs_removed=1, random_share=0.15, n_nodes=400, n_hubs=8, seed=3)
    c = nw.remove_accounts(hubs_removed=1, random_share=0.15, n_nodes=400, n_hubs=8, seed=4)
    assert a == b and a != c


def test_compute_time_is_measured(explorer):
    assert math.isfinite(explorer.last_compute_ms)
    explorer.controls["random_share"].value = 0.3
    assert explorer.n_updates == 1 and math.isfinite(explorer.last_compute_ms)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"hubs_removed": -1, "random_share": 0.0}, "hubs_removed"),
        ({"hubs_removed": 11, "random_share": 0.0}, "hubs_removed"),
        ({"hubs_removed": 1.5, "random_share": 0.0}, "hubs_removed"),
        ({"hubs_removed": 0, "random_share": 0.5}, "random_share"),
        ({"hubs_removed": 0, "random_share": "lots"}, "random_share"),
        ({"hubs_removed": 0, "random_share": 0.1, "n_nodes": 5}, "n_nodes"),
        ({"hubs_removed": 0, "random_share": 0.1, "n_hubs": 0}, "n_hubs"),
        ({"hubs_removed": 0, "random_share": 0.1, "seed": -1}, "seed"),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        nw.remove_accounts(**{"seed": 1, **kwargs})


def test_bad_explorer_and_chart_arguments_name_the_parameter():
    with pytest.raises(ValueError, match="n_hubs"):
        apparatus.apparatus_explorer(n_nodes=100, n_hubs=50)
    state = nw.remove_accounts(hubs_removed=0, random_share=0.0, n_nodes=100, n_hubs=5, seed=1)
    with pytest.raises(ValueError, match="measure"):
        apparatus.removal_chart(curves=nw.removal_curves(n_nodes=100, n_hubs=5, seed=1), state=state,
                                measure="size")


def test_the_sliders_follow_the_declaration_and_stop_at_the_network_s_hubs():
    from swarmcast.params import spec

    ex = apparatus.apparatus_explorer(n_nodes=200, n_hubs=6, seed=1)
    hubs, share = ex.controls["hubs_removed"], ex.controls["random_share"]
    assert (hubs.min, hubs.max, hubs.step) == (0, 6, 1)  # the declared slider (0 to 10) cut at this network's hubs
    assert hubs.description == spec(nw.ApparatusParams, "hubs_removed").label
    assert (share.min, share.max, share.step) == spec(nw.ApparatusParams, "random_share").slider
    assert share.readout_format == ".0%" and share.description == "Share of accounts removed at random"


@pytest.mark.parametrize(
    "kwargs, name",
    [({"n_nodes": 19}, "n_nodes"), ({"n_nodes": 20_001}, "n_nodes"), ({"n_hubs": 0}, "n_hubs"),
     ({"hubs_removed": -1}, "hubs_removed"), ({"random_share": 0.31}, "random_share")],
)
def test_apparatus_params_name_the_bad_parameter(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        nw.ApparatusParams(**kwargs)
