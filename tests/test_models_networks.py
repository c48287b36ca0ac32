"""Promises of the hub-versus-swarm robustness model (swarmcast.models.networks)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from swarmcast.models import networks as nw


def _at(df, network, strategy, fraction, column="reach_share"):
    row = df[(df.network == network) & (df.strategy == strategy) & np.isclose(df.fraction_removed, fraction)]
    assert len(row) == 1
    return float(row[column].iloc[0])


@pytest.fixture(scope="module")
def curves():
    return nw.compare_robustness(n_nodes=1_000, n_hubs=10, seed=0)


# ---------------------------------------------------------------- published result (Albert et al. 2000)


def test_hub_network_collapses_under_targeted_removal_while_the_swarm_keeps_most(curves):
    assert _at(curves, "hub", "targeted", 0.05) < 0.5
    assert _at(curves, "swarm", "targeted", 0.05) > 0.75
    assert _at(curves, "hub", "targeted", 0.05, "largest_component_share") < 0.1


def test_random_removal_degrades_both_networks_gracefully(curves):
    for network in ("hub", "swarm"):
        assert _at(curves, network, "random", 0.05) > 0.85
        assert _at(curves, network, "random", 0.20) > 0.6


def test_targeted_removal_hurts_more_than_random_removal(curves):
    for network in ("hub", "swarm"):
        for f in (0.05, 0.1, 0.2):
            assert _at(curves, network, "targeted", f) <= _at(curves, network, "random", f)


def test_curves_never_rise_as_more_nodes_go(curves):
    assert curves.attrs["simulated"] is True
    for _, c in curves.groupby(["network", "strategy"]):
        c = c.sort_values("fraction_removed")
        assert (np.diff(c.reach_share) <= 0).all()
        assert (np.diff(c.largest_component_share) <= 0).all()
        assert c.reach_share.iloc[0] == 1.0


# ---------------------------------------------------------------- the one-pass curve is exact


def _brute_force(graph, order, k, sources):
    g = graph.copy()
    g.remove_nodes_from(order[:k])
    n = graph.number_of_nodes()
    comps = list(nx.connected_components(g))
    lcc = max((len(c) for c in comps), default=0)
    if sources is None:
        return lcc / n, lcc / n
    alive = set(sources) - set(order[:k])
    reached = sum(len(c) for c in comps if c & alive)
    return lcc / n, reached / n


@pytest.mark.parametrize("which", ["hub", "swarm", "labelled"])
@pytest.mark.parametrize("strategy", ["random", "targeted"])
def test_reverse_union_find_curve_matches_networkx_recomputation(which, strategy):
    if which == "hub":
        g = nw.hub_network(n_nodes=60, n_hubs=4, seed=1)
    elif which == "swarm":
        g = nw.swarm_network(n_nodes=60, mean_degree=2.4, seed=1, n_sources=3)
    else:  # arbitrary labels, no sources: reach is the largest component
        g = nx.relabel_nodes(nx.gnm_random_graph(50, 60, seed=3), {i: f"n{i}" for i in range(50)})
    n = g.number_of_nodes()
    fractions = np.arange(n + 1) / n
    curve = nw.attack_curve(graph=g, strategy=strategy, fractions=fractions, seed=7)
    order = nw.removal_order(graph=g, strategy=strategy, seed=7)
    sources = g.graph.get("sources")
    for k, row in zip(range(n + 1), curve.itertuples()):
        assert row.n_removed == k
        lcc, reached = _brute_force(g, order, k, sources)
        assert row.largest_component_share == lcc
        assert row.reach_share == reached


def test_targeted_order_takes_the_highest_degree_first():
    g = nw.hub_network(n_nodes=300, n_hubs=5, seed=2)
    order = nw.removal_order(graph=g, strategy="targeted", seed=0)
    degrees = [g.degree(v) for v in order]
    assert degrees == sorted(degrees, reverse=True)
    assert set(order[:5]) == set(g.graph["sources"])


# ---------------------------------------------------------------- the two networks


def test_hub_network_structure():
    g = nw.hub_network(n_nodes=500, n_hubs=8, seed=3)
    hubs = g.graph["sources"]
    assert hubs == list(range(8))
    spokes = [v for v in g if v not in hubs]
    hub_links = [sum(1 for u in g.adj[v] if u in hubs) for v in spokes]
    assert set(hub_links) <= {1, 2}
    assert np.mean(np.array(hub_links) == 2) == pytest.approx(0.3, abs=0.06)
    spoke_links = sum(1 for u, v in g.edges if u >= 8 and v >= 8)
    assert spoke_links == round(0.1 * len(spokes))
    assert all(g.has_edge(a, b) for a in hubs for b in hubs if a < b)
    assert nx.is_connected(g)


def test_swarm_is_connected_with_equal_links_and_no_dominant_node():
    hub = nw.hub_network(n_nodes=1_000, n_hubs=10, seed=4)
    k = 2 * hub.number_of_edges() / hub.number_of_nodes()
    swarm = nw.swarm_network(n_nodes=1_000, mean_degree=k, seed=4, n_sources=10)
    assert swarm.number_of_edges() == hub.number_of_edges()
    assert nx.is_connected(swarm)
    assert len(swarm.graph["sources"]) == 10
    assert max(d for _, d in swarm.degree) < 20 < max(d for _, d in hub.degree)


def test_reach_follows_content_from_the_sources():
    g = nx.Graph([(0, 1), (1, 2), (4, 5)])
    g.add_node(3)
    assert nw.reach(graph=g, sources=[0]) == pytest.approx(3 / 6)
    assert nw.reach(graph=g, sources=[3]) == pytest.approx(1 / 6)
    assert nw.reach(graph=g, sources=[0, 4]) == pytest.approx(5 / 6)
    assert nw.reach(graph=g) == pytest.approx(3 / 6)  # no sources: the largest component
    g.graph["sources"] = [5]
    assert nw.reach(graph=g) == pytest.approx(2 / 6)
    assert nw.reach(graph=nx.Graph()) == 0.0


def test_reach_is_zero_once_every_source_is_gone():
    g = nw.hub_network(n_nodes=200, n_hubs=4, seed=0)
    assert nw.reach(graph=g) == 1.0
    g.remove_nodes_from(g.graph["sources"][:2])
    assert 0.3 < nw.reach(graph=g) < 0.9
    g.remove_nodes_from(g.graph["sources"][2:])
    assert nw.reach(graph=g) == 0.0


# ---------------------------------------------------------------- seeds


def test_same_seed_same_networks_and_curves_different_seed_different():
    a = nw.hub_network(n_nodes=200, n_hubs=4, seed=9)
    b = nw.hub_network(n_nodes=200, n_hubs=4, seed=9)
    c = nw.hub_network(n_nodes=200, n_hubs=4, seed=10)
    assert sorted(a.edges) == sorted(b.edges) and sorted(a.edges) != sorted(c.edges)
    s1 = nw.swarm_network(n_nodes=200, mean_degree=3, seed=9)
    s2 = nw.swarm_network(n_nodes=200, mean_degree=3, seed=9)
    s3 = nw.swarm_network(n_nodes=200, mean_degree=3, seed=10)
    assert sorted(s1.edges) == sorted(s2.edges) and sorted(s1.edges) != sorted(s3.edges)
    x = nw.attack_curve(graph=s1, strategy="random", seed=1)
    y = nw.attack_curve(graph=s1, strategy="random", seed=1)
    z = nw.attack_curve(graph=s1, strategy="random", seed=2)
    assert x.equals(y) and not x.equals(z)
    assert nw.compare_robustness(n_nodes=200, n_hubs=4, seed=5).equals(nw.compare_robustness(n_nodes=200, n_hubs=4, seed=5))


# ---------------------------------------------------------------- argument checks


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: nw.hub_network(n_nodes=2, n_hubs=1, seed=0), "n_nodes"),
        (lambda: nw.hub_network(n_nodes=100, n_hubs=0, seed=0), "n_hubs"),
        (lambda: nw.hub_network(n_nodes=100, n_hubs=100, seed=0), "n_hubs"),
        (lambda: nw.hub_network(n_nodes=100, n_hubs=5, seed=-1), "seed"),
        (lambda: nw.hub_network(n_nodes=100, n_hubs=5, seed=0, second_hub_share=1.5), "second_hub_share"),
        (lambda: nw.swarm_network(n_nodes=100, mean_degree=1.0, seed=0), "mean_degree"),
        (lambda: nw.swarm_network(n_nodes=100, mean_degree=3, seed=0, n_sources=0), "n_sources"),
        (lambda: nw.attack_curve(graph=nx.path_graph(5), strategy="worst", seed=0), "strategy"),
        (lambda: nw.attack_curve(graph=nx.path_graph(5), strategy="random", fractions=[0.1, 1.2], seed=0), "fractions"),
        (lambda: nw.attack_curve(graph=nx.path_graph(5), strategy="random", fractions=[], seed=0), "fractions"),
        (lambda: nw.attack_curve(graph=[(0, 1)], strategy="random", seed=0), "graph"),
        (lambda: nw.attack_curve(graph=nx.path_graph(5), strategy="random", seed=0, sources=[9]), "sources"),
        (lambda: nw.reach(graph=nx.path_graph(3), sources=["x"]), "sources"),
        (lambda: nw.reach(graph=nx.path_graph(3), sources=0), "sources"),
        (lambda: nw.reach(graph=nx.DiGraph([(0, 1)])), "graph"),
        (lambda: nw.removal_order(graph=nx.path_graph(3), strategy="targeted", seed=1.5), "seed"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"n_nodes": 2}, "n_nodes"), ({"n_hubs": 0}, "n_hubs"), ({"second_hub_share": 1.5}, "second_hub_share"),
     ({"spoke_links_per_spoke": -0.1}, "spoke_links_per_spoke")],
)
def test_hub_network_params_name_the_bad_parameter_as_the_model_does(kwargs, name):
    from swarmcast.models.networks import HubNetworkParams

    with pytest.raises(ValueError, match=rf"^{name} must be"):
        HubNetworkParams(**kwargs)
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        nw.hub_network(**{"n_nodes": 50, "n_hubs": 3, "seed": 1, **kwargs})
    assert HubNetworkParams().n_hubs == 10
