"""Lesson 04's hashing lab: match edited copies of benign synthetic images, and see what a threshold costs.

Why: platforms share hashes of known terrorist material (the December 2016 commitment that became GIFCT's
Hash-Sharing Database) so that re-uploads are caught without anyone looking at them again. Whether an edited copy
is caught, and whether an innocent image is flagged with it, depends on the hash and on a distance threshold. The
explorer here lets students move that threshold and read precision, recall and F1, on simulated images only:
colour fields and shapes drawn from a seed (``swarmcast.models.hashing``); no real image is used.

Sources: Krawetz (2011, 2013) and Zauner (2010) for the hashes (see ``swarmcast.models.hashing``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ... import charts
from ..._validate import check_choice, check_fraction, check_int, check_number, check_seed
from ...explorer import Explorer

__all__ = [
    "COPY_KINDS",
    "LabResult",
    "run_experiment",
    "threshold_explorer",
    "threshold_chart",
    "recall_by_edit",
    "copy_table",
    "hash_grid_chart",
]

#: Dropdown labels for the kinds of copy the explorer can score (value ``"all"`` keeps every copy).
COPY_KINDS: dict[str, str] = {
    "all": "every kind of copy",
    "none": "exact copies",
    "jpeg": "re-compressed (JPEG)",
    "rescale": "rescaled",
    "noise": "with noise",
    "recolour": "recoloured",
    "border": "framed (border)",
    "crop": "cropped",
    "mirror": "mirrored",
}
_ONE_COPY = {
    "none": "exact copy", "jpeg": "re-compressed (JPEG)", "rescale": "rescaled", "noise": "with noise",
    "recolour": "recoloured", "border": "framed (border)", "crop": "cropped", "mirror": "mirrored",
}
_PERCEPTUAL = ("average", "difference", "dct")
_METHOD_LABELS = {"average": "average hash", "difference": "difference hash", "dct": "DCT hash", "sha256": "SHA-256"}
_N_BITS = 64  # the lab uses 8 x 8 hashes
_VIEW_PX = 24  # side of the greyscale view drawn next to the hash grid
_KIND_COPY = "copy of a known image"
_KIND_OTHER = "unrelated image"


# --------------------------------------------------------------------------------------------------
# The experiment and its explorer
# --------------------------------------------------------------------------------------------------


def run_experiment(
    *, seed: int, n_originals: int = 30, n_distractors: int = 90, strength: float = 0.2, with_sha256: bool = False
) -> pd.DataFrame:
    """Hash-match a simulated upload stream against a database of known (benign) images: one row per pair.

    Why: the explorer and the tables of lesson 04 score this one experiment: every original against every upload,
    where uploads are an exact copy and seven kinds of edited copy of each original, plus unrelated images.
    Takes about half a second with the defaults (the images are drawn, edited and hashed once); ``with_sha256``
    adds the cryptographic baseline, which roughly doubles that (every image is encoded as PNG).
    Source: ``swarmcast.models.hashing.matching_experiment`` (Krawetz 2011, 2013; Zauner 2010).
    """
    from ...models import hashing

    seed = check_seed(seed)
    n_originals = check_int("n_originals", n_originals, low=2, high=200)
    n_distractors = check_int("n_distractors", n_distractors, low=1, high=1_000)
    strength = check_fraction("strength", strength)
    if not isinstance(with_sha256, bool):
        raise ValueError(f"with_sha256 must be True or False; got {with_sha256!r}")
    edits = tuple(e for e in COPY_KINDS if e != "all")
    methods = ("sha256", *_PERCEPTUAL) if with_sha256 else _PERCEPTUAL
    return hashing.matching_experiment(
        n_originals=n_originals, n_distractors=n_distractors, edits=edits, strength=strength, methods=methods, seed=seed
    )


@dataclass(frozen=True)
class LabResult:
    """What the explorer shows for one setting: the scores at the threshold and the curves behind them.

    ``distribution``: share of pairs at each Hamming distance, for copies and for unrelated images;
    ``curve``: precision, recall and F1 at every threshold (long format: threshold_bits, metric, value).
    ``precision`` is NaN when nothing is flagged.
    """

    method: str
    copies: str
    threshold_bits: int
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int
    tn: int
    distribution: pd.DataFrame
    curve: pd.DataFrame
    simulated: bool = True


def _check_pairs(pairs: object) -> pd.DataFrame:
    if not isinstance(pairs, pd.DataFrame):
        raise ValueError(f"pairs must be the DataFrame returned by run_experiment; got {type(pairs).__name__}")
    needed = ("is_copy", "edit", "method", "distance")
    missing = [c for c in needed if c not in pairs.columns]
    if missing:
        raise ValueError(f"pairs must have the columns {', '.join(needed)}; missing {', '.join(missing)}")
    if not set(_PERCEPTUAL) <= set(pairs["method"].astype(str).unique()):
        raise ValueError(f"pairs must hold the perceptual methods {', '.join(_PERCEPTUAL)}; run run_experiment(seed=...)")
    return pairs


def _histograms(pairs: pd.DataFrame) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """Counts of pairs at each distance 0..64 for every (method, kind of copy): copies and unrelated images.

    "Unrelated" pairs are the same for every kind of copy: an original against another original's copy or
    against a distractor. Computed once, so the explorer's recompute is a cumulative sum of 65 numbers.
    """
    out = {}
    method_col = pairs["method"].to_numpy().astype(str)
    edit_col = pairs["edit"].to_numpy().astype(str)
    copy_col = pairs["is_copy"].to_numpy(dtype=bool)
    dist_col = pairs["distance"].to_numpy(dtype=float)
    for m in _PERCEPTUAL:
        sel = method_col == m
        d = np.clip(dist_col[sel], 0, _N_BITS).astype(np.int64)
        c, e = copy_col[sel], edit_col[sel]
        other = np.bincount(d[~c], minlength=_N_BITS + 1)
        for kind in COPY_KINDS:
            keep = c if kind == "all" else c & (e == kind)
            out[(m, kind)] = (np.bincount(d[keep], minlength=_N_BITS + 1), other)
    return out


def _score(pos_hist: np.ndarray, neg_hist: np.ndarray) -> pd.DataFrame:
    """Precision, recall and F1 at every threshold 0..64 from the two distance histograms."""
    tp, fp = np.cumsum(pos_hist), np.cumsum(neg_hist)
    fn, n_neg = pos_hist.sum() - tp, neg_hist.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), np.nan)
        recall = tp / max(int(pos_hist.sum()), 1)
        f1 = np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
    return pd.DataFrame(
        {"threshold_bits": np.arange(_N_BITS + 1), "precision": precision, "recall": recall, "f1": f1,
         "tp": tp, "fp": fp, "fn": fn, "tn": n_neg - fp}
    )


def _lab_result(pos_hist, neg_hist, *, method, copies, threshold_bits, sweep=None) -> LabResult:
    sweep = _score(pos_hist, neg_hist) if sweep is None else sweep
    row = sweep.iloc[threshold_bits]
    dist = pd.DataFrame(
        {
            "distance_bits": np.tile(np.arange(_N_BITS + 1), 2),
            "kind": np.repeat([_KIND_COPY, _KIND_OTHER], _N_BITS + 1),
            "pairs": np.concatenate([pos_hist, neg_hist]),
        }
    )
    totals = np.repeat([max(int(pos_hist.sum()), 1), max(int(neg_hist.sum()), 1)], _N_BITS + 1)
    dist["share"] = dist["pairs"] / totals
    dist = dist[dist["pairs"] > 0].reset_index(drop=True)
    curve = sweep.melt(id_vars="threshold_bits", value_vars=["precision", "recall", "f1"], var_name="metric")
    curve["metric"] = curve["metric"].map({"precision": "precision", "recall": "recall", "f1": "F1"})
    return LabResult(
        method=method, copies=copies, threshold_bits=int(threshold_bits),
        precision=float(row["precision"]), recall=float(row["recall"]), f1=float(row["f1"]),
        tp=int(row["tp"]), fp=int(row["fp"]), fn=int(row["fn"]), tn=int(row["tn"]),
        distribution=dist, curve=curve,
    )


def _example_result() -> dict:
    pos = np.zeros(_N_BITS + 1, dtype=np.int64)
    neg = np.zeros(_N_BITS + 1, dtype=np.int64)
    pos[[0, 2, 5, 9, 30]] = [6, 3, 2, 2, 1]
    neg[[20, 28, 32, 36, 44]] = [1, 20, 40, 20, 3]
    return {"result": _lab_result(pos, neg, method="average", copies="all", threshold_bits=8)}


def _pct(x: float) -> str:
    return "undefined" if not np.isfinite(x) else f"{100 * x:.0f}%"


def threshold_chart(*, result: LabResult):
    """Two panels: the distance distributions of copies and unrelated images with the threshold, and the scores."""
    if not isinstance(result, LabResult):
        raise ValueError(f"result must be a LabResult from the hashing lab; got {type(result).__name__}")
    t = result.threshold_bits
    x_scale = alt.Scale(domain=[-0.5, _N_BITS + 0.5], nice=False)
    flagged = alt.Chart(pd.DataFrame({"x": [-0.5], "x2": [t + 0.5]})).mark_rect(color="#e6e6e6").encode(
        x=alt.X("x:Q", scale=x_scale), x2="x2:Q"
    )
    bars = alt.Chart(result.distribution).mark_bar(opacity=0.75, size=5).encode(
        x=alt.X("distance_bits:Q", title="Hamming distance to the known image (bits of 64)", scale=x_scale),
        y=alt.Y("share:Q", title="share of pairs of this kind", axis=alt.Axis(format="%"), stack=None),
        color=alt.Color("kind:N", title="uploaded image", scale=alt.Scale(domain=[_KIND_COPY, _KIND_OTHER], range=[charts.PALETTE[0], charts.PALETTE[1]])),
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

    method = _METHOD_LABELS.get(result.method, result.method)
    kind = COPY_KINDS.get(result.copies, result.copies)
    description = (
        f"Simulated hash matching with the {method}, scoring {kind}. At a threshold of {t} bits, "
        f"{result.tp} of {result.tp + result.fn} copies are flagged (recall {_pct(result.recall)}) and "
        f"{result.fp} unrelated pairs are flagged by mistake (precision {_pct(result.precision)}, F1 {result.f1:.2f}). "
        "Left: how far copies and unrelated images are from the known image; right: the three scores at every threshold."
    )
    chart = alt.hconcat(left, right).resolve_scale(color="independent")
    return charts.finish(chart, title=f"Hash matching: {method}, threshold {t} bits", description=description)


def threshold_explorer(*, pairs: pd.DataFrame, threshold_bits: int = 8, method: str = "average"):
    """The lesson 04 explorer: a threshold slider (first), a hash-method menu and a kind-of-copy menu.

    Why: students find for themselves that a loose threshold catches more edited copies and flags more innocent
    images, that hashes differ, and that mirrored copies escape all three. The distance histograms are computed
    once here; each slider move only cumulates 65 numbers (well under a millisecond).
    Source: ``run_experiment`` (simulated benign images); precision and recall as in Zauner (2010).
    """
    import ipywidgets as w

    pairs = _check_pairs(pairs)
    threshold_bits = check_int("threshold_bits", threshold_bits, low=0, high=48)
    method = check_choice("method", method, _PERCEPTUAL)
    hists = _histograms(pairs)
    sweeps = {key: _score(*h) for key, h in hists.items()}
    style = {"description_width": "initial"}
    controls = {
        "threshold_bits": w.IntSlider(value=threshold_bits, min=0, max=48, step=1, description="match threshold (bits)", style=style, layout=w.Layout(width="420px")),
        "method": w.Dropdown(options=[(_METHOD_LABELS[m], m) for m in _PERCEPTUAL], value=method, description="hash", style=style),
        "copies": w.Dropdown(options=[(label, k) for k, label in COPY_KINDS.items()], value="all", description="copies scored", style=style),
    }

    def compute(threshold_bits, method, copies):
        pos, neg = hists[(method, copies)]
        return _lab_result(pos, neg, method=method, copies=copies, threshold_bits=threshold_bits, sweep=sweeps[(method, copies)])

    def render(result, _values):
        return threshold_chart(result=result)

    def summarise(result, _values):
        method = _METHOD_LABELS[result.method]
        n_copies = result.tp + result.fn
        flagged = result.tp + result.fp
        precision = "nothing is flagged, so precision is undefined" if flagged == 0 else f"precision is {_pct(result.precision)}"
        return (
            f"Simulated. With the {method} at {result.threshold_bits} bits, {result.tp} of {n_copies} copies "
            f"({COPY_KINDS[result.copies]}) are caught (recall {_pct(result.recall)}) and {result.fp:,} of "
            f"{result.fp + result.tn:,} unrelated pairs are wrongly flagged; {precision}; F1 is {result.f1:.2f}."
        )

    return Explorer(
        controls=controls,
        compute=compute,
        render=render,
        summarise=summarise,
        sources=["Simulated benign images (swarmcast.models.hashing); hashes after Krawetz (2011, 2013) and Zauner (2010)."],
        simulated=True,
        instructions=(
            "Drag the threshold: every upload within that many bits of a known image is flagged. "
            "Then change the hash, and score one kind of copy at a time."
        ),
    )


def recall_by_edit(*, pairs: pd.DataFrame, threshold_bits: int) -> pd.DataFrame:
    """Share of copies caught (percent) for each kind of copy and each method at one threshold.

    Why: the table shows at a glance that no perceptual hash here catches a mirrored copy, and (for an experiment
    run ``with_sha256``) that a cryptographic hash catches only exact copies. The last row is the share of
    unrelated pairs flagged by mistake.
    Source: ``run_experiment`` (simulated); SHA-256 matches only identical files whatever the threshold.
    """
    pairs = _check_pairs(pairs)
    threshold_bits = check_number("threshold_bits", threshold_bits, low=0, high=_N_BITS)
    flagged = pairs["distance"].to_numpy(dtype=float) <= threshold_bits
    frame = pd.DataFrame({"edit": pairs["edit"].astype(str), "method": pairs["method"].astype(str),
                          "is_copy": pairs["is_copy"].to_numpy(dtype=bool), "flagged": flagged})
    copies = frame[frame["is_copy"]].assign(row=lambda d: d["edit"].map(COPY_KINDS))
    unrelated = frame[~frame["is_copy"]].assign(row="unrelated images (wrongly flagged)")
    table = pd.concat([copies, unrelated]).pivot_table(index="row", columns="method", values="flagged", aggfunc="mean", sort=False)
    order = [c for c in ("sha256", *_PERCEPTUAL) if c in table.columns]
    table = (100 * table[order]).round(1).rename(columns=_METHOD_LABELS)
    table.index.name = f"% flagged at {threshold_bits:g} bits"
    table.columns.name = None
    table.attrs["simulated"] = True
    return table


def copy_table(*, seed: int, strength: float = 0.2) -> pd.DataFrame:
    """One benign image and its copies: the start of each SHA-256 digest and the average-hash distance in bits.

    Why: side by side, students see a cryptographic digest change completely under any edit, while the perceptual
    hash moves by a few bits (and by about half of its bits for a mirror image).
    Source: ``swarmcast.models.hashing`` (Krawetz 2011 for the average hash; SHA-256 via hashlib).
    """
    import imagehash

    from ...models import hashing

    seed = check_seed(seed)
    strength = check_fraction("strength", strength)
    image = hashing.make_images(n_images=1, seed=seed)[0]
    edits = [e for e in COPY_KINDS if e != "all"]
    copies = [hashing.edit_image(image=image, edit=e, strength=strength, seed=seed + i) for i, e in enumerate(edits)]
    table = hashing.hash_table(images=[image, *copies], methods=("sha256", "average"))
    ref = table.iloc[0]
    out = pd.DataFrame(
        {
            "image": ["the known image"] + [_ONE_COPY[e] for e in edits],
            "sha256_starts": table["sha256"].str[:16] + "…",
            "sha256_same": table["sha256"] == ref["sha256"],
            "average_hash": table["average"],
            "average_distance_bits": [
                imagehash.hex_to_hash(h) - imagehash.hex_to_hash(ref["average"]) for h in table["average"]
            ],
        }
    )
    out.attrs["simulated"] = True
    return out


# --------------------------------------------------------------------------------------------------
# What a hash looks at
# --------------------------------------------------------------------------------------------------


def _example_grid() -> dict:
    from ...models import hashing

    img = hashing.make_images(n_images=1, size_px=32, seed=0)[0]
    return {"images": {"a benign image": img}}


def hash_grid_chart(*, images: Mapping[str, object], method: str = "average"):
    """For each image: a greyscale view, and the 8 x 8 grid the hash reduces it to, with its bits marked.

    Why: seeing the tiny grid explains why small edits barely change a perceptual hash while a mirror image moves
    about half of its bits. Benign synthetic images only. Source: Krawetz (2011) "Looks Like It" (average hash),
    Krawetz (2013) "Kind of Like That" (difference hash); ``swarmcast.models.hashing.explain_hash``.
    """
    from PIL import Image

    from ...models import hashing

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
        f"{_METHOD_LABELS[method]} keeps, with each cell's bit ({rule}). Synthetic, benign images drawn from a seed."
    )
    return charts.finish(chart, title=f"What the {_METHOD_LABELS[method]} looks at", description=description)


#: Every chart builder of this module, with a function giving example arguments (tests build each one).
CHART_EXAMPLES = {
    threshold_chart: _example_result,
    hash_grid_chart: _example_grid,
}
