"""Speed of the hub-versus-swarm robustness model (lessons 01 and 07): a widget-sized curve must stay under 20 ms.

Run ``python benchmarks/_bench_networks.py`` for a table; ``run()`` returns the rows for a combined report.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from _timing import median_ms as _median_ms

from swarmcast.models.networks import (
    attack_curve,
    compare_robustness,
    hub_network,
    removal_order,
    swarm_network,
)

MODEL = "networks"




def _brute_force_curve(graph, strategy, fractions, seed):
    """Recompute components with networkx at every fraction: the slow way, for comparison."""
    order = removal_order(graph=graph, strategy=strategy, seed=seed)
    n = graph.number_of_nodes()
    out = []
    for f in fractions:
        g = graph.copy()
        g.remove_nodes_from(order[: int(round(f * n))])
        out.append(max((len(c) for c in nx.connected_components(g)), default=0) / n)
    return out


def run() -> list[dict]:
    """Median wall times after a warm-up call (1,000 nodes, 21 fractions from 0 to 20%)."""
    fractions = np.linspace(0.0, 0.2, 21)
    hub = hub_network(n_nodes=1_000, n_hubs=10, seed=1)
    swarm = swarm_network(n_nodes=1_000, mean_degree=2 * hub.number_of_edges() / 1_000, seed=1)
    rows = []
    for name, g in (("hub", hub), ("swarm", swarm)):
        for strategy in ("random", "targeted"):
            rows.append(
                {"model": MODEL, "case": f"widget: {name}, {strategy}, 1,000 nodes, 21 points",
                 "metric": "median time (widget)",
                 "value": _median_ms(lambda: attack_curve(graph=g, strategy=strategy, fractions=fractions, seed=1),
                                     repeats=30),
                 "unit": "ms"}
            )  # fmt: skip
    one_pass = _median_ms(lambda: attack_curve(graph=swarm, strategy="targeted", fractions=fractions, seed=1), repeats=30)
    brute = _median_ms(lambda: _brute_force_curve(swarm, "targeted", fractions, 1), repeats=5)
    rows += [
        {"model": MODEL, "case": "widget: compare_robustness, 2 networks x 2 strategies", "metric": "median time (widget)",
         "value": _median_ms(lambda: compare_robustness(n_nodes=1_000, n_hubs=10, seed=1), repeats=20), "unit": "ms"},
        {"model": MODEL, "case": "build hub + swarm networks, 1,000 nodes", "metric": "median time",
         "value": _median_ms(lambda: (hub_network(n_nodes=1_000, n_hubs=10, seed=1),
                                      swarm_network(n_nodes=1_000, mean_degree=2.9, seed=1)), repeats=20),
         "unit": "ms"},
        {"model": MODEL, "case": "networkx recompute per fraction, 21 points", "metric": "median time",
         "value": brute, "unit": "ms"},
        {"model": MODEL, "case": "one-pass union-find vs networkx recompute", "metric": "speed-up",
         "value": brute / one_pass, "unit": "x"},
        {"model": MODEL, "case": "curve, 10,000-node swarm, 21 points", "metric": "median time",
         "value": _median_ms(lambda: attack_curve(graph=swarm_network(n_nodes=10_000, mean_degree=3, seed=2),
                                                  strategy="targeted", fractions=fractions, seed=1), repeats=5),
         "unit": "ms"},
    ]  # fmt: skip
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['model']:<9} {row['case']:<55} {row['metric']:<22} {row['value']:>10,.2f} {row['unit']}")
