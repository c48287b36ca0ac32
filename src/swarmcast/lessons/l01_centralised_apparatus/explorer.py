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

from ...explorer import Explorer
from ...models.networks import ApparatusParams, ApparatusState, removal_curves, remove_accounts
from ...params import control
from .charts import MEASURES, removal_chart

__all__ = ["apparatus_explorer"]


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

    curves = removal_curves(n_nodes=n_nodes, n_hubs=n_hubs, seed=seed)  # validates the arguments
    declared = ApparatusParams(n_nodes=n_nodes, n_hubs=n_hubs)
    n, h, s = declared.n_nodes, declared.n_hubs, seed
    style = {"description_width": "initial"}
    hubs = control(ApparatusParams, "hubs_removed", value=0, width="40em")
    hubs.max = h  # the declared slider offers up to 10 hubs; this network has h of them
    controls = {
        "hubs_removed": hubs,
        "random_share": control(ApparatusParams, "random_share", value=0.0, width="40em"),
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
