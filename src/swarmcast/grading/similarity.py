"""Similar answers: every submission against the published solution and against every other submission.

Why: the course's solutions are public (solutions/ is in the repository), so a copied answer is
easy to make and easy to disguise by renaming variables. ``copydetect`` fingerprints code the way
MOSS does (Schleimer, Wilkerson and Aiken 2003, "Winnowing"): the code is tokenised and normalised
(every variable becomes V, every function F, every string S), k-grams of the normalised text are
hashed and a winnowed subset of the hashes is kept; two files are compared by the share of one's
fingerprints found in the other. Renaming variables changes nothing; two honest answers written
differently share little. The code students were given (the released stubs: signature, docstring)
is boilerplate and never counts as a match.

For each student and notebook, the code answer cells are joined into one document (a copied answer
of three lines is too short to fingerprint alone); the published solution is built the same way from
solutions/. Written (markdown) answers make a second document, compared as normalised prose (lower
case, words only, no tokenising): about five words in a row must match, so a copied memo with a few words
changed is found and two answers that share only the question's vocabulary are not. Every pair above the threshold is listed, and one HTML page per run shows each pair side
by side with the matching code highlighted. A high similarity is a reason to read both answers, not
proof of copying.
Source: copydetect (Bryson Lingenfelter, MIT licence), https://github.com/blingenf/copydetect;
Schleimer, Wilkerson and Aiken (2003), SIGMOD.
"""

from __future__ import annotations

import html
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["SOLUTION", "DEFAULT_THRESHOLD", "answer_documents", "compare", "write_html_report"]

#: The name the published solution has in the pairs.
SOLUTION = "(published solution)"
#: Share of one document's fingerprints found in the other above which a pair is listed.
DEFAULT_THRESHOLD = 0.6
#: copydetect's noise threshold (k, characters of normalised code) and guarantee threshold.
NOISE_T = 20
GUARANTEE_T = 25
#: The same for written answers (normalised prose, not tokenised): about five words must match in a row.
PROSE_NOISE_T = 30
PROSE_GUARANTEE_T = 35
KINDS = ("code", "written")


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _strip(text: str, words=("BEGIN SOLUTION", "END SOLUTION")) -> str:
    return "\n".join(ln for ln in text.splitlines() if not any(w in ln for w in words))


def answer_documents(nb, *, strip_delimiters: bool = False, kind: str = "code") -> str:
    """The answer cells of one notebook, in order, as one document: ``code`` answers as Python (a header comment
    per cell), or ``written`` (markdown) answers as normalised prose (lower case, words only)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    parts = []
    for i, cell in enumerate(nb.cells):
        m = _meta(cell)
        if not m.get("solution") or cell.cell_type != ("code" if kind == "code" else "markdown"):
            continue
        src = _strip(cell.source) if strip_delimiters else cell.source
        if kind == "code":
            parts.append(f"# answer {m.get('grade_id') or i + 1}\n{src.rstrip()}\n")
        else:
            parts.append(" ".join(re.findall(r"[a-z0-9]+", src.lower())))
    return "\n".join(parts)


@dataclass(frozen=True)
class Pair:
    notebook: str
    a: str
    b: str
    similarity: float  # the larger of the two shares
    share_a: float
    share_b: float
    overlap: int  # characters of normalised code in common


def _fingerprint(text: str, name: str, boilerplate, kind: str = "code"):
    from copydetect import CodeFingerprint

    if kind == "code":
        return CodeFingerprint(f"{name}.py", NOISE_T, GUARANTEE_T - NOISE_T + 1, boilerplate=boilerplate,
                               language="python", fp=io.StringIO(text))
    return CodeFingerprint(f"{name}.txt", PROSE_NOISE_T, PROSE_GUARANTEE_T - PROSE_NOISE_T + 1, boilerplate=boilerplate,
                           filter=False, fp=io.StringIO(text))


def compare(*, documents: dict[str, str], solution: str, boilerplate: str = "", notebook: str = "",
            kind: str = "code") -> tuple[pd.DataFrame, dict]:
    """Every pair among ``documents`` (student -> answer code) and the solution, with its similarity.

    Returns the pairs (a DataFrame sorted by similarity, highest first) and the fingerprints (for the report).
    Why: the core of ``swarmcast flag``'s similarity check. Source: copydetect ``compare_files``.
    """
    from copydetect import compare_files

    if not isinstance(documents, dict):
        raise ValueError("documents must map student ids to their answer code")
    import numpy as np

    base = np.array(sorted(_fingerprint(boilerplate, "boilerplate", [], kind).hashes)) if boilerplate.strip() else []
    prints = {name: _fingerprint(text, name, base, kind) for name, text in documents.items() if text.strip()}
    if solution.strip():
        prints[SOLUTION] = _fingerprint(solution, "solution", base, kind)
    names = sorted(n for n in prints if n != SOLUTION) + ([SOLUTION] if SOLUTION in prints else [])
    rows, slices = [], {}
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            overlap, (sa, sb), sl = compare_files(prints[a], prints[b])
            if overlap == 0:
                continue
            rows.append({**Pair(notebook, a, b, float(max(sa, sb)), float(sa), float(sb), int(overlap)).__dict__, "kind": kind})
            slices[(a, b)] = sl
    df = pd.DataFrame(rows, columns=["notebook", "kind", "a", "b", "similarity", "share_a", "share_b", "overlap"])
    df = df.sort_values(["similarity", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)
    return df, {"prints": prints, "slices": slices}


def _highlighted(code: str, spans) -> str:
    """The code, escaped, with the matching spans marked."""
    out, pos = [], 0
    starts, ends = (list(spans[0]), list(spans[1])) if len(spans) == 2 else ([], [])
    for s, e in sorted(zip(starts, ends)):
        s, e = int(max(s, pos)), int(e)
        if e <= s:
            continue
        out.append(html.escape(code[pos:s]))
        out.append(f"<mark>{html.escape(code[s:e])}</mark>")
        pos = e
    out.append(html.escape(code[pos:]))
    return "".join(out)


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;max-width:80em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:.9em} th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em} pre{background:#f7f7f7;padding:.6em;white-space:pre-wrap;
overflow-wrap:anywhere;font-size:.85em} mark{background:#ffe08a} .note{color:#444;font-size:.9em}
"""


def write_html_report(*, path: Path, assignment: str, pairs: pd.DataFrame, details: dict, threshold: float) -> Path:
    """One offline HTML page: the table of pairs above the threshold, then each pair side by side, matches marked."""
    listed = pairs[pairs["similarity"] >= threshold]
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Similar answers: {html.escape(assignment)}</title><style>{_CSS}</style></head><body>",
             f"<h1>Similar answers: {html.escape(assignment)}</h1>",
             '<p class="note">Written by <code>swarmcast flag</code> with copydetect (winnowing over normalised code: '
             "renamed variables still match; the code students were given does not count). Similarity is the share of "
             "one answer's fingerprints found in the other. A high value is a reason to read both answers, not proof of "
             "copying. It lists student ids: keep it with the gradebook, never publish it.</p>",
             f"<p>{len(listed)} pair(s) at or above {threshold:.0%} (of {len(pairs)} pairs with any overlap).</p>"]
    if len(listed):
        parts.append("<table><tr><th>notebook</th><th>answers</th><th>answer A</th><th>answer B</th><th>similarity</th>"
                     "<th>share of A in B</th><th>share of B in A</th></tr>")
        for i, r in enumerate(listed.itertuples()):
            parts.append(f'<tr><td>{html.escape(r.notebook)}</td><td>{r.kind}</td><td><a href="#pair{i}">{html.escape(r.a)}</a></td>'
                         f"<td>{html.escape(r.b)}</td><td>{r.similarity:.0%}</td><td>{r.share_a:.0%}</td><td>{r.share_b:.0%}</td></tr>")
        parts.append("</table>")
    for i, r in enumerate(listed.itertuples()):
        d = details[(r.notebook, r.kind)]
        sa, sb = d["slices"][(r.a, r.b)]
        pa, pb = d["prints"][r.a], d["prints"][r.b]
        parts.append(f'<h2 id="pair{i}">{html.escape(r.a)} and {html.escape(r.b)} ({html.escape(r.notebook)}): '
                     f"{r.similarity:.0%} ({r.kind} answers)</h2><div class=\"pair\">"
                     f"<div><h3>{html.escape(r.a)}</h3><pre>{_highlighted(pa.raw_code, sa)}</pre></div>"
                     f"<div><h3>{html.escape(r.b)}</h3><pre>{_highlighted(pb.raw_code, sb)}</pre></div></div>")
    parts.append("</body></html>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def check_threshold(value: float) -> float:
    if not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ValueError(f"threshold must be a share between 0 and 1 (for example 0.6); got {value!r}")
    return float(value)


def similarity_check(*, course, assignment: str, students: list[str], threshold: float = DEFAULT_THRESHOLD,
                     report_path: os.PathLike | None = None) -> tuple[pd.DataFrame, Path | None]:
    """Pairs above ``threshold`` for every notebook of the assignment, and the HTML report (under reports/).

    Why: issue 10 item 3; published solutions make copying easy; the report makes reading the pairs quick.
    """
    import nbformat

    threshold = check_threshold(threshold)
    src = course.folder(course.source_directory) / assignment
    rel = course.folder(course.release_directory) / assignment
    frames, details = [], {}
    for source_path in sorted(src.glob("*.ipynb")):
        name = source_path.stem
        source_nb = nbformat.read(source_path, as_version=4)
        released = rel / source_path.name
        released_nb = nbformat.read(released, as_version=4) if released.is_file() else None
        submitted = {}
        for s in students:
            p = course.folder(course.submitted_directory) / s / assignment / source_path.name
            try:
                submitted[s] = nbformat.read(p, as_version=4)
            except Exception:
                continue  # unreadable notebooks are listed by the other checks
        for kind in KINDS:
            solution = answer_documents(source_nb, strip_delimiters=True, kind=kind)
            boiler = answer_documents(released_nb, kind=kind) if released_nb is not None else ""
            docs = {s: answer_documents(nb, kind=kind) for s, nb in submitted.items()}
            df, det = compare(documents=docs, solution=solution, boilerplate=boiler, notebook=name, kind=kind)
            frames.append(df)
            details[(name, kind)] = det
    pairs = (pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames)
             else pd.DataFrame(columns=["notebook", "kind", "a", "b", "similarity", "share_a", "share_b", "overlap"]))
    path = None
    if report_path is not None:
        path = write_html_report(path=Path(report_path), assignment=assignment, pairs=pairs, details=details, threshold=threshold)
    return pairs[pairs["similarity"] >= threshold].reset_index(drop=True), path
