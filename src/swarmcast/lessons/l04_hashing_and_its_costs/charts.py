"""Lesson 04 chart builders: the threshold chart of the hashing lab and what a perceptual hash looks at.

Why: whether an edited copy is caught, and whether an innocent image is flagged with it, depends on the hash and on
a distance threshold; these charts show both, on simulated benign images only (``swarmcast.models.hashing``).
``CHART_EXAMPLES`` gives each builder example arguments (the tests build every chart from it).

Sources: Krawetz (2011, 2013) and Zauner (2010) for the hashes (see ``swarmcast.models.hashing``).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ..._validate import check_choice
from ...models import hashing
from ...models.hashing import COPY_KINDS, KIND_COPY, KIND_OTHER, LAB_BITS, METHOD_LABELS, LabResult

__all__ = ["threshold_chart", "hash_grid_chart", "CHART_EXAMPLES"]

_VIEW_PX = 24  # side of the greyscale view drawn next to the hash grid


def _example_result() -> dict:
    pos = np.zeros(LAB_BITS + 1, dtype=np.int64)
    neg = np.zeros(LAB_BITS + 1, dtype=np.int64)
    pos[[0, 2, 5, 9, 30]] = [6, 3, 2, 2, 1]
    neg[[20, 28, 32, 36, 44]] = [1, 20, 40, 20, 3]
    return {"result": hashing.lab_result(pos, neg, method="average", copies="all", threshold_bits=8)}


def pct(x: float) -> str:
    return "undefined" if not np.isfinite(x) else f"{100 * x:.0f}%"


def pct(x: float) -> str:
    """A share as a whole percentage, or "undefined" (a precision when nothing is flagged)."""
    return "undefined" if not np.isfinite(x) else f"{100 * x:.0f}%"


def threshold_chart(*, result: LabResult):
    """Two panels: the distance distributions of copies and unrelated images with the threshold, and the scores."""
    if not isinstance(result, LabResult):
        raise ValueError(f"result must be a LabResult from the hashing lab; got {type(result).__name__}")
    t = result.threshold_bits
    x_scale = alt.Scale(domain=[-0.5, LAB_BITS + 0.5], nice=False)
    flagged = alt.Chart(pd.DataFrame({"x": [-0.5], "x2": [t + 0.5]})).mark_rect(color="#e6e6e6").encode(
        x=alt.X("x:Q", scale=x_scale), x2="x2:Q"
    )
    bars = alt.Chart(result.distribution).mark_bar(opacity=0.75, size=5).encode(
        x=alt.X("distance_bits:Q", title="Hamming distance to the known image (bits of 64)", scale=x_scale),
        y=alt.Y("share:Q", title="share of pairs of this kind", axis=alt.Axis(format="%"), stack=None),
        color=alt.Color("kind:N", title="uploaded image", scale=alt.Scale(domain=[KIND_COPY, KIND_OTHER], range=[charts.PALETTE[0], charts.PALETTE[1]])),
        tooltip=["kind", "distance_bits", "pairs", alt.Tooltip("share:Q", format=".1%")],
    )
    rule_df = pd.DataFrame({"x": [t + 0.5], "label": [f"threshold {t} bits"]})
    rule = alt.Chart(rule_df).mark_rule(color="#D55E00", strokeWidth=2.5).encode(x=alt.X("x:Q", scale=x_scale))
    label = alt.Chart(rule_df).mark_text(align="left", dx=4, dy=-120, color="#D55E00").encode(
        x=alt.X("x:Q", scale=x_scale), text="label:N"
    )
    left = (flagged + bars + rule + label).properties(
        width=360, height=260, title="Distances: grey area = flagged as a match"
    )

    lines = alt.Chart(result.curve).mark_line().encode(
        x=alt.X("threshold_bits:Q", title="threshold (bits)", scale=x_scale),
        y=alt.Y("value:Q", title="score", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("metric:N", title="score", scale=alt.Scale(domain=["precision", "recall", "F1"], range=[charts.PALETTE[2], charts.PALETTE[3], charts.PALETTE[4]])),
        tooltip=["metric", "threshold_bits", alt.Tooltip("value:Q", format=".2f")],
    )
    now = alt.Chart(result.curve[result.curve["threshold_bits"] == t].dropna()).mark_point(size=90, filled=True).encode(
        x=alt.X("threshold_bits:Q", scale=x_scale), y="value:Q", color="metric:N"
    )
    rule2 = alt.Chart(rule_df).mark_rule(color="#D55E00", strokeWidth=2.5).encode(x=alt.X("x:Q", scale=x_scale))
    right = (lines + rule2 + now).properties(width=300, height=260, title="Scores at every threshold")

    method = METHOD_LABELS.get(result.method, result.method)
    kind = COPY_KINDS.get(result.copies, result.copies)
    description = (
        f"Simulated hash matching with the {method}, scoring {kind}. At a threshold of {t} bits, "
        f"{result.tp} of {result.tp + result.fn} copies are flagged (recall {pct(result.recall)}) and "
        f"{result.fp} unrelated pairs are flagged by mistake (precision {pct(result.precision)}, F1 {result.f1:.2f}). "
        "Left: how far copies and unrelated images are from the known image; right: the three scores at every threshold."
    )
    chart = alt.hconcat(left, right).resolve_scale(color="independent")
    return charts.finish(chart, title=f"Hash matching: {method}, threshold {t} bits", description=description)


def _example_grid() -> dict:
    img = hashing.make_images(n_images=1, size_px=32, seed=0)[0]
    return {"images": {"a benign image": img}}


def hash_grid_chart(*, images: Mapping[str, object], method: str = "average"):
    """For each image: a greyscale view, and the 8 x 8 grid the hash reduces it to, with its bits marked.

    Why: seeing the tiny grid explains why small edits barely change a perceptual hash while a mirror image moves
    about half of its bits. Benign synthetic images only. Source: Krawetz (2011) "Looks Like It" (average hash),
    Krawetz (2013) "Kind of Like That" (difference hash); ``swarmcast.models.hashing.explain_hash``.
    """
    from PIL import Image

    if not isinstance(images, Mapping) or not images:
        raise ValueError(f"images must be a non-empty mapping from a label to a PIL image; got {images!r}")
    method = check_choice("method", method, ("average", "difference"))
    see, sees = "what you see (grey)", "what the hash sees: 8 x 8 cells and bits"
    frames, first_bits, labels = [], None, []
    for label, img in images.items():
        if not isinstance(img, Image.Image):
            raise ValueError(f"images[{label!r}] must be a PIL.Image.Image; got {type(img).__name__}")
        ex = hashing.explain_hash(image=img, method=method)
        bits = ex.bits.astype(int)
        if first_bits is None:
            first_bits, name = bits, str(label)
        else:
            name = f"{label} ({int((bits != first_bits).sum())} of 64 bits differ)"
        labels.append(name)
        fine = np.asarray(img.convert("L").resize((_VIEW_PX, _VIEW_PX), Image.Resampling.LANCZOS), dtype=float)
        r, c = np.mgrid[0:_VIEW_PX, 0:_VIEW_PX]
        frames.append(pd.DataFrame({"image": name, "panel": see, "row": r.ravel(), "col": c.ravel(), "grey": fine.ravel(), "bit": ""}))
        g = ex.grey if method == "average" else ex.grey[:, 1:]
        r, c = np.mgrid[0:8, 0:8]
        frames.append(pd.DataFrame({"image": name, "panel": sees, "row": r.ravel(), "col": c.ravel(), "grey": g.ravel(),
                                    "bit": bits.ravel().astype(str)}))
    grid = pd.concat(frames, ignore_index=True)
    grid["grey"] = grid["grey"].round(1)
    grey_scale = alt.Scale(domain=[0, 255], range=["#000000", "#ffffff"])
    base = alt.Chart().encode(x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None))
    cells = base.mark_rect().encode(color=alt.Color("grey:Q", scale=grey_scale, legend=None), tooltip=["image", "panel", "row", "col", "grey", "bit"])
    text = base.mark_text(fontSize=13, fontWeight="bold").encode(
        text="bit:N", color=alt.condition("datum.grey > 127", alt.value("#000000"), alt.value("#ffffff"))
    )
    chart = (
        alt.layer(cells, text, data=grid)
        .properties(width=170, height=170)
        .facet(row=alt.Row("image:N", title=None, sort=labels, header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelFontSize=13)),
               column=alt.Column("panel:N", title=None, sort=[see, sees], header=alt.Header(labelFontSize=13)))
        .resolve_scale(x="independent", y="independent")
    )
    rule = "1 = brighter than the mean of the 64 cells" if method == "average" else "1 = brighter than its left neighbour"
    description = (
        f"For each image ({'; '.join(labels)}): a greyscale view on the left; on the right the 8 by 8 grid the "
        f"{METHOD_LABELS[method]} keeps, with each cell's bit ({rule}). Synthetic, benign images drawn from a seed."
    )
    return charts.finish(chart, title=f"What the {METHOD_LABELS[method]} looks at", description=description)


#: Every chart builder of this lesson, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    threshold_chart: _example_result,
    hash_grid_chart: _example_grid,
}
