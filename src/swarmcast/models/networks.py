"""Hub-and-spoke versus swarm distribution networks, and how each survives account removal.

Why it matters for lesson 07: a network whose content enters through a few hubs is cut off quickly
when the best-connected accounts go; a swarm, where content enters through many ordinary members, loses
reach slowly. In 2014-15 the official media offices produced, but a swarm of supporters already did the
distributing (Fisher's swarmcast), which is why suspending accounts did little to distribution. This is
a result about stylised networks under their assumptions, not a measurement.

Sources: Albert, Jeong & Barabasi (2000), "Error and attack tolerance of complex networks", Nature
406:378 (random failure versus targeted attack on hubs); Fisher (2015), "Swarmcast: How Jihadist
Networks Maintain a Persistent Online Presence", Perspectives on Terrorism 9(3) (facts.md 6.1-6.4).
Both networks are stylised and simulated: no real accounts or links.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from swarmcast._validate import check_choice, check_int, check_number, check_seed
from swarmcast.params import Params, param

__all__ = [
    "HubNetworkParams",
    "hub_network",
    "swarm_network",
    "reach",
    "removal_order",
    "attack_curve",
    "compare_robustness",
]

STRATEGIES = ("random", "targeted")
DEFAULT_FRACTIONS = tuple(np.round(np.linspace(0.0, 0.2, 21), 3))


@dataclass(frozen=True)
class HubNetworkParams(Params):
    """The parameters of :func:`hub_network` (and :func:`compare_robustness`), the seed apart.

    ``n_hubs`` must also be below ``n_nodes`` (checked by the function); ``slider`` is the range lesson 07's
    robustness explorer offers.
    """

    n_nodes: int = param(1_000, low=3, integer=True, unit="accounts", label="accounts")
    n_hubs: int = param(10, low=1, integer=True, unit="hubs", label="hubs (content sources)", slider=(2, 40, 1))
    second_hub_share: float = param(0.3, low=0.0, high=1.0, unit="share", label="share of spokes linked to a second hub")
    spoke_links_per_spoke: float = param(0.1, low=0.0, high=1.0, unit="links per spoke", label="extra spoke-spoke links per spoke")


def _unique_pairs(rng, low, high, count, existing):
    """``count`` distinct undirected pairs of distinct nodes in [low, high), none in ``existing``."""
    pairs = set()
    span = high - low
    max_pairs = span * (span - 1) // 2 - len(existing)
    if count > max_pairs:
        raise ValueError(f"cannot place {count} extra links among {span} nodes")
    if count > max_pairs // 4:
        # Dense request: rejection would crawl near the end, so list the free pairs and pick among them.
        iu, ju = np.triu_indices(span, k=1)
        free = [(int(u) + low, int(v) + low) for u, v in zip(iu, ju) if (int(u) + low, int(v) + low) not in existing]
        picked = rng.choice(len(free), size=count, replace=False)
        return sorted(free[i] for i in picked.tolist())
    while len(pairs) < count:
        need = count - len(pairs)
        a = rng.integers(low, high, size=2 * need + 8)
        b = rng.integers(low, high, size=2 * need + 8)
        for u, v in zip(a.tolist(), b.tolist()):
            if u == v:
                continue
            e = (u, v) if u < v else (v, u)
            if e not in existing and e not in pairs:
                pairs.add(e)
                if len(pairs) == count:
                    break
    return sorted(pairs)


def hub_network(*, n_nodes, n_hubs, seed, second_hub_share=0.3, spoke_links_per_spoke=0.1):
    """A hub-and-spoke distribution network: a few official hubs originate content for many spokes.

    Why: it stands for distribution through a few official hubs (lesson 01), whose reach hangs on a
    handful of nodes (Albert, Jeong & Barabasi 2000, "Error and attack tolerance of complex networks").

    Nodes 0 .. n_hubs-1 are hubs, linked to each other (the coordinated apparatus). Every other node
    (a spoke) links to one hub chosen at random and, with probability ``second_hub_share``, to a
    second one; ``spoke_links_per_spoke`` x (number of spokes) random spoke-spoke links are added.
    The hubs are the content sources: ``graph.graph["sources"]``. Node attribute ``role`` is "hub"
    or "spoke".
    """
    n = check_int("n_nodes", n_nodes, low=3)
    h = check_int("n_hubs", n_hubs, low=1, high=n - 1)
    s = check_seed(seed)
    p = HubNetworkParams(n_nodes=n, n_hubs=h, second_hub_share=second_hub_share, spoke_links_per_spoke=spoke_links_per_spoke)
    share, per = p.second_hub_share, p.spoke_links_per_spoke
    if share > 0 and h < 2:
        share = 0.0  # a second hub needs two hubs
    rng = np.random.default_rng(s)
    spokes = np.arange(h, n)
    first = rng.integers(0, h, size=spokes.size)
    with_second = rng.random(spokes.size) < share
    # A second hub different from the first: shift by 1..h-1 places.
    second = (first + rng.integers(1, max(h, 2), size=spokes.size)) % h
    edges = {(a, b) for a in range(h) for b in range(a + 1, h)}
    edges.update((int(hub), int(v)) for hub, v in zip(first, spokes))
    edges.update((int(hub), int(v)) for hub, v, w in zip(second, spokes, with_second) if w)
    extra = _unique_pairs(rng, h, n, int(round(per * spokes.size)), set())
    g = nx.Graph()
    g.add_nodes_from(range(h), role="hub")
    g.add_nodes_from(range(h, n), role="spoke")
    g.add_edges_from(edges)
    g.add_edges_from(extra)
    g.graph.update(kind="hub", sources=list(range(h)), simulated=True, seed=s)
    return g


def swarm_network(*, n_nodes, mean_degree, seed, n_sources=10):
    """A swarm distribution network: dispersed supporters, no dominant node, the same links per node.

    Why: Fisher's (2015) "Swarmcast" keeps content available through a mesh of ordinary accounts
    that reconfigures as accounts go; here it is the comparison case for the hub network.

    Built as a random recursive tree (each newcomer links to one earlier supporter picked uniformly,
    so the swarm starts connected and no node dominates: the largest degree grows like log n) plus
    random extra links until there are round(n_nodes x mean_degree / 2) links. Pass the hub network's
    mean degree to hold the number of links equal (``compare_robustness`` does). ``n_sources``
    random supporters are the content sources (``graph.graph["sources"]``): in a swarm the producers
    are ordinary members.
    """
    n = check_int("n_nodes", n_nodes, low=3)
    s = check_seed(seed)
    k = check_number("mean_degree", mean_degree, low=2.0 * (n - 1) / n, high=float(n - 1))
    n_src = check_int("n_sources", n_sources, low=1, high=n)
    rng = np.random.default_rng(s)
    parents = (rng.random(n - 1) * np.arange(1, n)).astype(np.int64)  # node v links to a node < v
    tree = {(int(p), v) for v, p in zip(range(1, n), parents.tolist())}
    n_edges = int(round(n * k / 2))
    extra = _unique_pairs(rng, 0, n, max(0, n_edges - len(tree)), tree)
    g = nx.Graph()
    g.add_nodes_from(range(n), role="supporter")
    g.add_edges_from(tree)
    g.add_edges_from(extra)
    sources = sorted(rng.choice(n, size=n_src, replace=False).tolist())
    g.graph.update(kind="swarm", sources=sources, simulated=True, seed=s)
    return g


def _check_graph(graph):
    if not isinstance(graph, nx.Graph) or graph.is_directed():
        raise ValueError(f"graph must be an undirected networkx Graph; got {type(graph).__name__}")
    return graph


def _sources_of(graph, sources):
    """Explicit sources must be nodes of the graph; default sources that are gone count as removed."""
    if sources is None:
        default = graph.graph.get("sources")
        return None if default is None else [v for v in default if v in graph]
    if isinstance(sources, (str, bytes)) or not hasattr(sources, "__iter__"):
        raise ValueError(f"sources must be a list of nodes of graph; got {sources!r}")
    sources = list(sources)
    missing = [v for v in sources if v not in graph]
    if missing:
        raise ValueError(f"sources must be nodes of graph; not found: {missing[:5]!r}")
    return sources


def reach(*, graph, sources=None):
    """Share of the graph's nodes that content from the sources can reach (0-1).

    Why: the lesson's measure of a distribution network's audience (Albert, Jeong & Barabasi 2000
    use the largest component; we follow the content from where it starts).

    A node is reached if a path joins it to at least one source (sources count as reached). Sources
    default to ``graph.graph["sources"]`` (those no longer in the graph count as removed, so a graph
    whose sources are all gone has reach 0); a graph without that attribute gets the share of its
    largest connected component instead. An empty graph has reach 0.
    """
    _check_graph(graph)
    n = graph.number_of_nodes()
    if n == 0:
        return 0.0
    src = _sources_of(graph, sources)
    if src is None:
        return max(len(c) for c in nx.connected_components(graph)) / n
    seen = set()
    for v in src:
        if v not in seen:
            seen |= nx.node_connected_component(graph, v)
    return len(seen) / n


def removal_order(*, graph, strategy, seed):
    """The order in which ``attack_curve`` removes nodes: a list of node labels, first removed first.

    Why: random failure and targeted attack differ only in this order (Albert, Jeong & Barabasi 2000).

    "random": a seeded random permutation. "targeted": highest degree first, degree measured once on
    the intact graph and not recomputed as nodes go (ties in random order). A fixed order is what
    lets the whole curve be computed in one pass.
    """
    check_choice("strategy", strategy, STRATEGIES)
    _check_graph(graph)
    rng = np.random.default_rng(check_seed(seed))
    nodes = list(graph.nodes)
    if strategy == "random":
        idx = rng.permutation(len(nodes))
    else:
        deg = np.fromiter((d for _, d in graph.degree(nodes)), dtype=np.int64, count=len(nodes))
        idx = np.lexsort((rng.random(len(nodes)), -deg))
    return [nodes[i] for i in idx]


def _check_fractions(fractions):
    try:
        arr = np.asarray(fractions, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError(f"fractions must be numbers in [0, 1]; got {fractions!r}") from None
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"fractions must be a non-empty list of numbers in [0, 1]; got {fractions!r}")
    return arr


def attack_curve(*, graph, strategy, fractions=DEFAULT_FRACTIONS, seed, sources=None):
    """Largest component and reach as a growing share of nodes is removed, randomly or by degree.

    Why: the lesson's robustness curve: hub networks shrug off random loss but collapse when their
    hubs are targeted (Albert, Jeong & Barabasi 2000, "Error and attack tolerance of complex networks").

    For each fraction f, the first round(f x n) nodes of ``removal_order`` are removed. Columns:
    fraction_removed, n_removed, largest_component_share and reach_share, both as shares of the
    *original* number of nodes (removed nodes are not reached). Reach counts nodes joined to a
    surviving source (``graph.graph["sources"]`` by default; without sources it equals the largest
    component share). The curve is computed in one pass, adding nodes back in reverse order with a
    union-find, so its cost is O(n + links) whatever the number of fractions.
    """
    strategy = check_choice("strategy", strategy, STRATEGIES)
    _check_graph(graph)
    fr = _check_fractions(fractions)
    s = check_seed(seed)
    n = graph.number_of_nodes()
    if n == 0:
        raise ValueError("graph must have at least one node")
    src = _sources_of(graph, sources)
    order = removal_order(graph=graph, strategy=strategy, seed=s)
    index = {v: i for i, v in enumerate(order)}  # position in the removal order
    adj = [[index[u] for u in graph.adj[v]] for v in order]
    is_source = [False] * n
    for v in src or ():
        is_source[index[v]] = True

    ks = np.rint(fr * n).astype(np.int64)
    wanted = set(ks.tolist())
    lcc_at, reach_at = {n: 0}, {n: 0}
    parent = list(range(n))
    size = [1] * n
    has = is_source[:]
    present = [False] * n
    largest = reached = 0

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Node at position p of the removal order is added back once all later ones are present.
    for p in range(n - 1, -1, -1):
        present[p] = True
        if has[p]:
            reached += 1
        root = p
        for q in adj[p]:
            if not present[q]:
                continue
            r = find(q)
            if r == root:
                continue
            before = (size[root] if has[root] else 0) + (size[r] if has[r] else 0)
            if size[r] > size[root]:
                root, r = r, root
            parent[r] = root
            size[root] += size[r]
            has[root] = has[root] or has[r]
            reached += (size[root] if has[root] else 0) - before
        largest = max(largest, size[root])
        if p in wanted:
            lcc_at[p] = largest
            reach_at[p] = reached if src is not None else largest

    out = pd.DataFrame(
        {
            "fraction_removed": fr,
            "n_removed": ks,
            "largest_component_share": [lcc_at[k] / n for k in ks.tolist()],
            "reach_share": [reach_at[k] / n for k in ks.tolist()],
        }
    )
    out.attrs["simulated"] = True
    out.attrs["strategy"] = strategy
    return out


def compare_robustness(
    *, n_nodes=1000, n_hubs=10, fractions=DEFAULT_FRACTIONS, seed, second_hub_share=0.3, spoke_links_per_spoke=0.1
):
    """The four robustness curves, hub or swarm network x random or targeted removal, in one table.

    Why: the lesson 01 / 07 comparison of hub and swarm distribution (Fisher 2015;
    Albert, Jeong & Barabasi 2000).

    Held equal: the number of nodes, the number of links (the swarm gets the hub network's mean
    degree) and the number of content sources (n_hubs hubs; n_hubs random members of the swarm).
    Columns: network ("hub" or "swarm"), strategy, then those of ``attack_curve``.
    """
    hub = hub_network(
        n_nodes=n_nodes, n_hubs=n_hubs, seed=seed, second_hub_share=second_hub_share,
        spoke_links_per_spoke=spoke_links_per_spoke,
    )  # fmt: skip
    mean_degree = 2 * hub.number_of_edges() / hub.number_of_nodes()
    swarm = swarm_network(n_nodes=n_nodes, mean_degree=mean_degree, seed=seed, n_sources=n_hubs)
    frames = []
    for name, g in (("hub", hub), ("swarm", swarm)):
        for strategy in STRATEGIES:
            curve = attack_curve(graph=g, strategy=strategy, fractions=fractions, seed=seed)
            curve.insert(0, "strategy", strategy)
            curve.insert(0, "network", name)
            frames.append(curve)
    out = pd.concat(frames, ignore_index=True)
    out.attrs["simulated"] = True
    out.attrs["n_edges"] = hub.number_of_edges()
    return out
