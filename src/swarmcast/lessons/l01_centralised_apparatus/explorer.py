"""Lesson 01 explorer: a hub-and-spoke distribution network, and what removing hubs or random accounts does to it.

Why: in 2014-15 a few official media outlets produced most of the output and pushed it out to many supporter
accounts. A network built like that reaches almost everyone while its hubs stand, shrugs off the loss of ordinary
accounts, and falls apart when its few hubs go. Students remove hubs (best-connected first) and random accounts
with two sliders and watch the reach of official content. Lesson 07 contrasts this with the swarm.
Sources: the model is ``swarmcast.models.networks`` (after Albert, Jeong & Barabási 2000, "Error and attack
tolerance of complex networks", Nature 406:378-382); the hub-and-spoke picture of the 2014-15 apparatus follows
Winter (2015, Documenting the Virtual 'Caliphate', Quilliam) and Milton (2016, Communication Breakdown, CTC West
Point). The network is stylised and simulated: its size and number of hubs are illustrative, not measured.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ..._validate import check_choice, check_int, check_number, check_seed
from ...models import networks
from ...explorer import Explorer

__all__ = ["MEASURES", "ApparatusState", "removal_curves", "remove_accounts", "removal_chart", "apparatus_explorer"]

#: What the chart can show: column -> label.
MEASURES: dict[str, str] = {
    "reach_share": "reach of official content (share of all accounts)",
    "largest_component_share": "largest connected group (share of all accounts)",
}
_MAX_RANDOM_SHARE = 0.3
_CURVE_LABELS = {"targeted": "best-connected removed first", "random": "removed at random"}


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
    graph = networks.hub_network(n_nodes=n_nodes, n_hubs=n_hubs, seed=seed)
    nodes = list(graph.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    targeted = np.array([index[v] for v in networks.removal_order(graph=graph, strategy="targeted", seed=seed)])
    random = np.array([index[v] for v in networks.removal_order(graph=graph, strategy="random", seed=seed)])
    is_source = np.zeros(n_nodes, dtype=bool)
    is_source[[index[v] for v in graph.graph["sources"]]] = True
    edges = np.array([(index[u], index[v]) for u, v in graph.edges], dtype=np.int64).reshape(-1, 2)
    # Curves at every whole number of accounts removed, so any slider position has an exact comparison.
    frames = []
    counts = np.arange(0, int(round(_MAX_RANDOM_SHARE * n_nodes)) + n_hubs + 1)  # the most a scenario removes
    for strategy in ("targeted", "random"):
        curve = networks.attack_curve(graph=graph, strategy=strategy, fractions=counts / n_nodes, seed=seed)
        curve.insert(0, "removal", _CURVE_LABELS[strategy])
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


def _check_network(n_nodes, n_hubs, seed) -> tuple[int, int, int]:
    n = check_int("n_nodes", n_nodes, low=20, high=20_000)
    h = check_int("n_hubs", n_hubs, low=1, high=max(1, n // 10))
    return n, h, check_seed(seed)


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
    prepared = _prepare(*_check_network(n_nodes, n_hubs, seed))
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
    n, h, s = _check_network(n_nodes, n_hubs, seed)
    k = check_int("hubs_removed", hubs_removed, low=0, high=h)
    share = check_number("random_share", random_share, low=0.0, high=_MAX_RANDOM_SHARE)
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


def _example() -> dict:
    state = remove_accounts(hubs_removed=3, random_share=0.1, n_nodes=200, n_hubs=5, seed=1)
    return {"curves": removal_curves(n_nodes=200, n_hubs=5, seed=1), "state": state, "measure": "reach_share"}


def removal_chart(*, curves: pd.DataFrame, state: ApparatusState, measure: str = "reach_share"):
    """The two removal curves of a hub network, and the student's scenario as a marked point (simulated)."""
    check_choice("measure", measure, MEASURES)
    top = int(curves["n_removed"].max())
    axis_values = [v for v in (0, 1, 3, 10, 30, 100, 300, 1000, 3000) if v <= top]
    x = alt.X("n_removed:Q", title="accounts removed (uneven scale: the first few are spread out)",
              scale=alt.Scale(type="symlog", domain=[0, top]), axis=alt.Axis(values=axis_values, format="d"))
    y = alt.Y(f"{measure}:Q", title=MEASURES[measure], scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    lines = alt.Chart(curves[["removal", "n_removed", measure]]).mark_line().encode(
        x=x, y=y, color=alt.Color("removal:N", title="curve: accounts", legend=alt.Legend(labelLimit=300), scale=alt.Scale(
            domain=list(_CURVE_LABELS.values()), range=[charts.PALETTE[5], charts.PALETTE[0]])),
        tooltip=["removal:N", "n_removed:Q", alt.Tooltip(f"{measure}:Q", format=".1%")],
    )
    value = getattr(state, measure)
    point = pd.DataFrame({"n_removed": [state.n_removed], measure: [value],
                          "scenario": [f"your scenario: {state.hubs_removed} hubs + {state.random_share:.0%} at random"]})
    marker = alt.Chart(point).mark_point(size=220, filled=True, shape="diamond", color="#222222").encode(
        x=x, y=y, tooltip=["scenario:N", "n_removed:Q", alt.Tooltip(f"{measure}:Q", format=".1%")])
    right = state.n_removed > 30  # keep the label inside the plot
    label = alt.Chart(point).mark_text(align="right" if right else "left", dx=-10 if right else 10, dy=-12,
                                       fontSize=12).encode(x=x, y=y, text="scenario:N")
    description = (
        f"Simulated hub network of {state.n_nodes:,} accounts with {state.n_hubs} hubs. The orange curve removes the "
        f"best-connected accounts first, the blue curve removes accounts at random. Your scenario removes "
        f"{state.n_removed} accounts ({state.hubs_removed} hubs first, then {state.random_share:.0%} at random): "
        f"{MEASURES[measure].split(' (')[0]} is {value:.0%}."
    )
    return charts.finish((lines + marker + label).properties(height=300),
                         title="What removing accounts does to a hub-and-spoke network", description=description)


def _summary(state: ApparatusState) -> str:
    text = (f"Simulated. {state.n_removed} of {state.n_nodes:,} accounts removed ({state.n_removed / state.n_nodes:.1%}); "
            f"{state.hubs_left} of {state.n_hubs} hubs left. Official content still reaches {state.reach_share:.0%} "
            f"of all accounts; the largest connected group holds {state.largest_component_share:.0%}.")
    if state.n_removed and state.random_share == 0:
        text += (f" Removing the same number of accounts at random would leave a reach of "
                 f"{state.same_count_random_reach:.0%}.")
    elif state.n_removed and state.hubs_removed == 0:
        text += (f" Removing the same number of best-connected accounts would leave a reach of "
                 f"{state.same_count_targeted_reach:.0%}.")
    return text


def apparatus_explorer(*, n_nodes: int = 1000, n_hubs: int = 10, seed: int = 1) -> Explorer:
    """The lesson 01 explorer: sliders for hubs removed and for the share of accounts removed at random.

    Why: students see that a centralised apparatus is robust to random loss and fragile when its hubs go,
    the "before" picture that lesson 07 contrasts with the swarm. Simulated data from a seeded model.
    Source: ``swarmcast.models.networks`` (after Albert, Jeong & Barabási 2000).
    """
    import ipywidgets as w

    n, h, s = _check_network(n_nodes, n_hubs, seed)
    curves = removal_curves(n_nodes=n, n_hubs=h, seed=s)
    style = {"description_width": "initial"}
    controls = {
        "hubs_removed": w.IntSlider(value=0, min=0, max=h, step=1, description="Hubs removed (best-connected first)",
                                    style=style, layout=w.Layout(width="40em")),
        "random_share": w.FloatSlider(value=0.0, min=0.0, max=_MAX_RANDOM_SHARE, step=0.01, readout_format=".0%",
                                      description="Share of accounts removed at random", style=style,
                                      layout=w.Layout(width="40em")),
        "measure": w.Dropdown(options=[(label, key) for key, label in MEASURES.items()], value="reach_share",
                              description="Measure", style=style, layout=w.Layout(width="32em")),
    }

    def compute(hubs_removed, random_share, measure):
        return remove_accounts(hubs_removed=hubs_removed, random_share=round(random_share, 4), n_nodes=n,
                               n_hubs=h, seed=s)

    def render(state, values):
        return removal_chart(curves=curves, state=state, measure=values["measure"])

    def summarise(state, _values):
        return _summary(state)

    return Explorer(
        controls=controls, compute=compute, render=render, summarise=summarise,
        sources=["Model: swarmcast.models.networks, after Albert, R., Jeong, H. & Barabási, A.-L. (2000). Error and "
                 "attack tolerance of complex networks. Nature 406, 378-382."],
        simulated=True,
        instructions=(f"A simulated network of {n:,} accounts, {h} of them hubs run by the official apparatus. "
                      "Remove hubs with the first slider, ordinary accounts at random with the second."),
    )


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    removal_chart: _example,
}
