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

import functools
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from swarmcast._validate import check_choice, check_int, check_number, check_seed
from swarmcast.params import Params, param, spec

__all__ = [
    "HubNetworkParams",
    "hub_network",
    "swarm_network",
    "reach",
    "removal_order",
    "attack_curve",
    "compare_robustness",
    "CURVE_LABELS",
    "ApparatusParams",
    "ApparatusState",
    "removal_curves",
    "remove_accounts",
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


# --------------------------------------------------------------------------------------------------
# Lesson 01's scenario: remove hubs and random accounts from one hub network
# --------------------------------------------------------------------------------------------------

#: The two removal curves of :func:`removal_curves` (column ``removal``).
CURVE_LABELS = {"targeted": "best-connected removed first", "random": "removed at random"}


@dataclass(frozen=True)
class ApparatusParams(Params):
    """The parameters of lesson 01's removal scenario (:func:`remove_accounts`), declared once.

    Narrower than :class:`HubNetworkParams`: at least 20 accounts and at most 20,000, so the scenario's curves are
    exact at every whole number of accounts removed in well under a second; ``n_hubs`` is also at most a tenth of
    ``n_nodes``, and ``hubs_removed`` at most ``n_hubs`` (the explorer's slider stops there).
    """

    n_nodes: int = param(1_000, low=20, high=20_000, integer=True, unit="accounts", label="accounts")
    n_hubs: int = param(10, low=1, integer=True, unit="hubs", label="hubs")
    hubs_removed: int = param(0, low=0, integer=True, label="Hubs removed (best-connected first)", slider=(0, 10, 1))
    random_share: float = param(0.0, low=0.0, high=0.3, unit="share", label="Share of accounts removed at random",
                                slider=(0.0, 0.3, 0.01), readout=".0%")


@dataclass(frozen=True)
class _Prepared:
    n_nodes: int
    n_hubs: int
    seed: int
    edges: np.ndarray  # (links, 2) node indices
    targeted: np.ndarray  # node indices, best-connected first
    random: np.ndarray  # node indices in a seeded random order
    is_source: np.ndarray  # bool mask of the content sources (the hubs)
    curves: pd.DataFrame
    reach_by_count: dict  # strategy -> reach after removing 0, 1, 2 ... accounts


@functools.lru_cache(maxsize=8)
def _prepare(n_nodes: int, n_hubs: int, seed: int) -> _Prepared:
    graph = hub_network(n_nodes=n_nodes, n_hubs=n_hubs, seed=seed)
    nodes = list(graph.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    targeted = np.array([index[v] for v in removal_order(graph=graph, strategy="targeted", seed=seed)])
    random = np.array([index[v] for v in removal_order(graph=graph, strategy="random", seed=seed)])
    is_source = np.zeros(n_nodes, dtype=bool)
    is_source[[index[v] for v in graph.graph["sources"]]] = True
    edges = np.array([(index[u], index[v]) for u, v in graph.edges], dtype=np.int64).reshape(-1, 2)
    # Curves at every whole number of accounts removed, so any slider position has an exact comparison.
    frames = []
    counts = np.arange(0, int(round(spec(ApparatusParams, "random_share").high * n_nodes)) + n_hubs + 1)  # the most a scenario removes
    for strategy in ("targeted", "random"):
        curve = attack_curve(graph=graph, strategy=strategy, fractions=counts / n_nodes, seed=seed)
        curve.insert(0, "removal", CURVE_LABELS[strategy])
        frames.append(curve)
    curves = pd.concat(frames, ignore_index=True)
    curves.attrs["simulated"] = True
    reach_by_count = {strategy: frames[i]["reach_share"].to_numpy() for i, strategy in enumerate(("targeted", "random"))}
    return _Prepared(n_nodes, n_hubs, seed, edges, targeted, random, is_source, curves, reach_by_count)


def _component_labels(n: int, edges: np.ndarray) -> np.ndarray:
    """Label each node with the smallest node index of its connected component (min-label propagation).

    Vectorised: each round passes the smaller label across every link, then jumps labels to their labels' labels.
    """
    labels = np.arange(n)
    u, v = edges[:, 0], edges[:, 1]
    while True:
        low = np.minimum(labels[u], labels[v])
        new = labels.copy()
        np.minimum.at(new, u, low)
        np.minimum.at(new, v, low)
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new


def _check_apparatus(n_nodes, n_hubs, seed, **scenario) -> tuple[ApparatusParams, int]:
    """The validated parameters (the number of hubs at most a tenth of the accounts; hubs removed at most all of
    them) and the seed."""
    p = ApparatusParams(n_nodes=n_nodes, n_hubs=n_hubs, **scenario)
    check_int("n_hubs", p.n_hubs, low=1, high=max(1, p.n_nodes // 10))
    seed = check_seed(seed)
    check_int("hubs_removed", p.hubs_removed, low=0, high=p.n_hubs)
    return p, seed


@dataclass(frozen=True)
class ApparatusState:
    """The network after one removal scenario (simulated).

    ``reach_share``: share of all accounts still joined to a surviving hub (content source);
    ``largest_component_share``: share of all accounts in the largest connected group; both count removed
    accounts as not reached. ``same_count_random_reach`` and ``same_count_targeted_reach`` give the reach after
    removing the same number of accounts purely at random or purely best-connected first, for comparison.
    """

    n_nodes: int
    n_hubs: int
    hubs_removed: int
    random_share: float
    n_removed: int
    hubs_left: int
    reach_share: float
    largest_component_share: float
    same_count_random_reach: float
    same_count_targeted_reach: float
    simulated: bool = True


def removal_curves(*, n_nodes: int = 1000, n_hubs: int = 10, seed: int) -> pd.DataFrame:
    """Reach and largest group as accounts are removed best-connected first or at random (simulated).

    Why: the two curves of lesson 01's chart: a hub network survives random loss and collapses when its hubs go.
    Columns: removal, fraction_removed, n_removed, largest_component_share, reach_share (networks.attack_curve).
    Source: Albert, Jeong & Barabási (2000), "Error and attack tolerance of complex networks", Nature 406:378-382.
    """
    p, s = _check_apparatus(n_nodes, n_hubs, seed)
    prepared = _prepare(p.n_nodes, p.n_hubs, s)
    out = prepared.curves.copy()
    out.attrs["simulated"] = True
    return out


def remove_accounts(*, hubs_removed: int, random_share: float, n_nodes: int = 1000, n_hubs: int = 10,
                    seed: int) -> ApparatusState:
    """Remove the ``hubs_removed`` best-connected accounts and a share ``random_share`` (0-1) at random; measure.

    Why: lesson 01's question of what happens to the reach of a centralised apparatus when a few hubs go,
    compared with losing many ordinary accounts. The random accounts are the first ones of one seeded random
    order, so a larger share always removes a superset; a random pick may also hit a hub.
    Source: the hub network of ``swarmcast.models.networks`` (Albert, Jeong & Barabási 2000).
    """
    params, s = _check_apparatus(n_nodes, n_hubs, seed, hubs_removed=hubs_removed, random_share=random_share)
    n, h, k, share = params.n_nodes, params.n_hubs, params.hubs_removed, params.random_share
    p = _prepare(n, h, s)
    removed = np.zeros(n, dtype=bool)
    removed[p.targeted[:k]] = True
    removed[p.random[: int(round(share * n))]] = True
    n_removed = int(removed.sum())
    if n_removed < n:
        labels = _component_labels(n, p.edges[~removed[p.edges].any(axis=1)])
        sizes = np.bincount(labels[~removed], minlength=n)
        live_sources = np.unique(labels[p.is_source & ~removed])
        reach = float(sizes[live_sources].sum() / n)
        largest = float(sizes.max() / n)
    else:
        reach = largest = 0.0
    random_curve, targeted_curve = p.reach_by_count["random"], p.reach_by_count["targeted"]
    return ApparatusState(
        n_nodes=n, n_hubs=h, hubs_removed=k, random_share=share, n_removed=n_removed,
        hubs_left=int((p.is_source & ~removed).sum()), reach_share=reach, largest_component_share=largest,
        same_count_random_reach=float(random_curve[n_removed]),
        same_count_targeted_reach=float(targeted_curve[n_removed]),
    )
