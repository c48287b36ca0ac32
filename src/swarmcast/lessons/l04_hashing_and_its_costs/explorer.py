"""Lesson 04's explorer: move a match threshold over a simulated upload stream and read precision, recall and F1.

Why: platforms share hashes of known terrorist material (the December 2016 commitment that became GIFCT's
Hash-Sharing Database) so that re-uploads are caught without anyone looking at them again. Whether an edited copy
is caught, and whether an innocent image is flagged with it, depends on the hash and on a distance threshold. The
explorer binds the controls declared by ``swarmcast.models.hashing.LabParams`` to the lab's scores
(``swarmcast.models.hashing.lab_result``) and to ``charts.threshold_chart``, on simulated images only: colour
fields and shapes drawn from a seed; no real image is used.

Sources: Krawetz (2011, 2013) and Zauner (2010) for the hashes (see ``swarmcast.models.hashing``).
"""

from __future__ import annotations

import pandas as pd

from ...explorer import Explorer
from ...models import hashing
from ...models.hashing import COPY_KINDS, METHOD_LABELS, LabParams
from ...params import control, spec
from .charts import pct, threshold_chart

__all__ = ["threshold_explorer"]

SOURCE = "Simulated benign images (swarmcast.models.hashing); hashes after Krawetz (2011, 2013) and Zauner (2010)."


def threshold_explorer(*, pairs: pd.DataFrame, threshold_bits: int = 8, method: str = "average"):
    """The lesson 04 explorer: a threshold slider (first), a hash-method menu and a kind-of-copy menu.

    Why: students find for themselves that a loose threshold catches more edited copies and flags more innocent
    images, that hashes differ, and that mirrored copies escape all three. The distance histograms are computed
    once here; each slider move only cumulates 65 numbers (well under a millisecond).
    Source: ``swarmcast.models.hashing.run_experiment`` (simulated benign images); precision and recall as in Zauner (2010).
    """
    import ipywidgets as w

    chosen = LabParams(threshold_bits=threshold_bits, method=method)
    hists = hashing.distance_histograms(pairs)
    sweeps = {key: hashing.histogram_scores(*h) for key, h in hists.items()}
    style = {"description_width": "initial"}
    controls = {
        "threshold_bits": control(LabParams, "threshold_bits", value=chosen.threshold_bits, width="420px"),
        "method": w.Dropdown(options=[(METHOD_LABELS[m], m) for m in spec(LabParams, "method").choices], value=chosen.method,
                             description=spec(LabParams, "method").label, style=style),
        "copies": w.Dropdown(options=[(COPY_KINDS[k], k) for k in spec(LabParams, "copies").choices], value=chosen.copies,
                             description=spec(LabParams, "copies").label, style=style),
    }

    def compute(threshold_bits, method, copies):
        pos, neg = hists[(method, copies)]
        return hashing.lab_result(pos, neg, method=method, copies=copies, threshold_bits=threshold_bits, sweep=sweeps[(method, copies)])

    def render(result, _values):
        return threshold_chart(result=result)

    def summarise(result, _values):
        method = METHOD_LABELS[result.method]
        n_copies = result.tp + result.fn
        flagged = result.tp + result.fp
        precision = "nothing is flagged, so precision is undefined" if flagged == 0 else f"precision is {pct(result.precision)}"
        return (
            f"Simulated. With the {method} at {result.threshold_bits} bits, {result.tp} of {n_copies} copies "
            f"({COPY_KINDS[result.copies]}) are caught (recall {pct(result.recall)}) and {result.fp:,} of "
            f"{result.fp + result.tn:,} unrelated pairs are wrongly flagged; {precision}; F1 is {result.f1:.2f}."
        )

    instructions = (
        "Drag the threshold: every upload within that many bits of a known image is flagged. "
        "Then change the hash, and score one kind of copy at a time."
    )
    return Explorer(controls=controls, compute=compute, render=render, summarise=summarise, sources=[SOURCE], simulated=True,
                    instructions=instructions)
