"""The grade report nbgrader does not give: how the class did, and which questions did their job.

Why: after grading, an instructor needs more than a column of totals: the score distribution, how hard
each question was (difficulty, or facility: the share of its points students earned) and whether it
separated stronger from weaker students (discrimination). A question that strong students miss as often
as weak ones is usually a badly worded question, not a hard topic.

Discrimination is the *corrected item-total correlation*: the Pearson correlation between the score on
a question and the total of the *other* questions, over the students who were graded (for right/wrong
questions this is the point-biserial correlation). Leaving the question out of the total stops it
correlating with itself. Reading (Ebel and Frisbie): 0.40 and above very good, 0.30-0.39 good,
0.20-0.29 marginal, below 0.20 poor (review the question).

Sources: Crocker, L. and Algina, J. (1986), *Introduction to Classical and Modern Test Theory*;
Ebel, R. L. and Frisbie, D. A. (1991), *Essentials of Educational Measurement*.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from .. import charts
from .course import CourseError, open_course

__all__ = [
    "scores",
    "question_stats",
    "student_totals",
    "discrimination_reading",
    "ReportFiles",
    "write_report",
    "score_distribution_chart",
    "difficulty_chart",
    "discrimination_chart",
    "REPORT_CHART_EXAMPLES",
]


# ------------------------------------------------------------------------------------------------
# Data
# ------------------------------------------------------------------------------------------------


def _question_order(course, assignment: str) -> list[str]:
    import nbformat

    order = []
    for path in sorted((course.folder(course.source_directory) / assignment).glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and meta.get("grade_id"):
                order.append(meta["grade_id"])
    return order


def scores(*, course_dir: str | os.PathLike, assignment: str) -> pd.DataFrame:
    """Every grade in the gradebook for one assignment: one row per student and question.

    Why: the raw material of the report, read through nbgrader's own gradebook API (so manual
    grades from formgrader count). Source: nbgrader 0.9 ``nbgrader.api.Gradebook``.
    """
    from nbgrader.api import Gradebook, MissingEntry

    course, _ = open_course(course_dir=course_dir)
    course.check_gradebook(assignment)
    rows = []
    with Gradebook(course.db_url, course.course_id) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:  # pragma: no cover - check_gradebook covers it
            raise CourseError(f"assignment {assignment!r} is not in the gradebook") from None
        for sub in a.submissions:
            for nb in sub.notebooks:
                for g in nb.grades:
                    rows.append(
                        {
                            "student": sub.student.id,
                            "notebook": nb.name,
                            "question": g.name,
                            "max_score": float(g.max_score),
                            "auto_score": g.auto_score,
                            "manual_score": g.manual_score,
                            "score": g.score if (g.auto_score is not None or g.manual_score is not None) else np.nan,
                            "needs_manual_grade": bool(g.needs_manual_grade),
                        }
                    )
    cols = ["student", "notebook", "question", "max_score", "auto_score", "manual_score", "score", "needs_manual_grade"]
    df = pd.DataFrame(rows, columns=cols)
    order = {q: i for i, q in enumerate(_question_order(course, assignment))}
    df["_order"] = df["question"].map(lambda q: order.get(q, len(order)))
    df = df.sort_values(["student", "_order", "question"]).drop(columns="_order").reset_index(drop=True)
    df["score"] = df["score"].astype(float)
    return df


def discrimination_reading(value: float) -> str:
    """Ebel and Frisbie's reading of a discrimination index."""
    if value is None or not np.isfinite(value):
        return "not computable (no spread, or under 3 students)"
    if value >= 0.40:
        return "very good"
    if value >= 0.30:
        return "good"
    if value >= 0.20:
        return "marginal"
    return "poor: review the question"


def question_stats(*, scores_df: pd.DataFrame, exclude_students: frozenset[str] | set[str] = frozenset()) -> pd.DataFrame:
    """Per question: points, students scored, mean score, difficulty (facility) and discrimination.

    Why: finds questions that were too hard, too easy, or that did not separate students.
    Source: Crocker and Algina (1986), corrected item-total correlation.
    """
    if not isinstance(scores_df, pd.DataFrame) or not {"student", "question", "max_score", "score"} <= set(scores_df.columns):
        raise ValueError("scores_df must be the DataFrame returned by scores(); got something else")
    df = scores_df[~scores_df["student"].isin(set(exclude_students))]
    questions = list(dict.fromkeys(df["question"]))
    # min_count=1 keeps a missing score missing (a plain sum would turn it into 0)
    wide = df.groupby(["student", "question"], sort=False)["score"].sum(min_count=1).unstack("question")
    wide = wide.reindex(columns=questions)
    out = []
    for q in questions:
        max_score = float(df.loc[df["question"] == q, "max_score"].iloc[0])
        item = wide[q]
        has = item.notna()
        rest = wide.drop(columns=q).fillna(0).sum(axis=1)
        waiting = int((~has).sum())
        x, y = item[has].to_numpy(float), rest[has].to_numpy(float)
        if waiting == 0 and len(x) >= 3 and np.std(x) > 0 and np.std(y) > 0:
            disc = float(np.corrcoef(x, y)[0, 1])
        else:
            disc = float("nan")
        # A question still waiting for manual grades has no difficulty yet: a partial mean would mislead.
        mean = float(item[has].mean()) if has.any() and waiting == 0 else float("nan")
        out.append(
            {
                "question": q,
                "max_score": max_score,
                "n_scored": int(has.sum()),
                "n_waiting_manual": waiting,
                "mean_score": mean,
                "difficulty": mean / max_score if max_score > 0 else float("nan"),
                "discrimination": disc,
                "reading": (
                    f"waiting for {waiting} manual grade{'s' if waiting != 1 else ''}" if waiting else discrimination_reading(disc)
                ),
            }
        )
    return pd.DataFrame(
        out,
        columns=["question", "max_score", "n_scored", "n_waiting_manual", "mean_score", "difficulty", "discrimination", "reading"],
    )


def student_totals(*, scores_df: pd.DataFrame, run=None) -> pd.DataFrame:
    """Per student: total score, maximum, percent, questions waiting for a manual grade, grading status."""
    if not isinstance(scores_df, pd.DataFrame):
        raise ValueError("scores_df must be the DataFrame returned by scores()")
    status = {r.student: (r.status, r.reason, "; ".join(r.notes)) for r in (run.results if run else ())}
    rows = []
    questions = list(dict.fromkeys(scores_df["question"]))
    for student, g in scores_df.groupby("student", sort=True):
        st, reason, notes = status.get(student, ("graded", "", ""))
        total = float(g["score"].fillna(0).sum())
        max_total = float(g["max_score"].sum())
        row = {
            "student": student,
            "status": st,
            "reason": reason,
            "notes": notes,
            "score": total if st != "failed" else float("nan"),
            "max_score": max_total,
            "percent": 100 * total / max_total if max_total > 0 and st != "failed" else float("nan"),
            "waiting_manual": int(g["score"].isna().sum()) if st != "failed" else 0,
        }
        per_q = dict(zip(g["question"], g["score"]))
        for q in questions:
            row[q] = per_q.get(q, float("nan")) if st != "failed" else float("nan")
        rows.append(row)
    # students in the run with no gradebook rows at all (should not happen, but never hide one)
    seen = {r["student"] for r in rows}
    for student, (st, reason, notes) in status.items():
        if student not in seen:
            rows.append({"student": student, "status": st, "reason": reason, "notes": notes})
    cols = ["student", "status", "reason", "notes", "score", "max_score", "percent", "waiting_manual", *questions]
    return pd.DataFrame(rows, columns=cols).sort_values("student").reset_index(drop=True)


# ------------------------------------------------------------------------------------------------
# Charts and the page
# ------------------------------------------------------------------------------------------------


def _example_students() -> dict:
    return {"students": pd.DataFrame({"student": list("abcdef"), "status": ["graded"] * 6,
                                      "percent": [95.0, 80.0, 72.0, 60.0, 41.0, 15.0]})}


def _example_questions() -> dict:
    return {"questions": pd.DataFrame({
        "question": ["q1-tests", "q2-tests", "q3-written"], "max_score": [2.0, 1.0, 2.0],
        "n_waiting_manual": [0, 0, 3], "mean_score": [1.2, 0.9, np.nan], "difficulty": [0.6, 0.9, np.nan],
        "discrimination": [0.45, 0.12, np.nan], "reading": ["very good", "poor: review the question", "waiting for 3 manual grades"],
    })}


def score_distribution_chart(*, students: pd.DataFrame):
    """Histogram of graded students' percent scores, in bins of 10 points (the report's first chart)."""
    if not isinstance(students, pd.DataFrame) or not {"status", "percent"} <= set(students.columns):
        raise ValueError("students must be the DataFrame returned by student_totals()")
    graded = students[students["status"] != "failed"].dropna(subset=["percent"])
    n = len(graded)
    median = float(graded["percent"].median()) if n else float("nan")
    # Whole-number ticks, each once: an axis of counts 0, 1, 1, 2, 2 (half-steps rounded) reads as a bug.
    bins = np.clip(np.floor(graded["percent"].to_numpy(dtype=float) / 10), 0, 9)
    top = int(np.bincount(bins.astype(int), minlength=10).max()) if n else 1
    step = max(1, int(np.ceil(top / 8)))
    ticks = list(range(0, top + step, step))
    chart = alt.Chart(graded[["percent"]]).mark_bar().encode(
        x=alt.X("percent:Q", bin=alt.Bin(extent=[0, 100], step=10), title="score (% of the points)"),
        y=alt.Y("count():Q", title="students", scale=alt.Scale(domain=[0, ticks[-1]], nice=False),
                axis=alt.Axis(values=ticks, format="d")),
        tooltip=[alt.Tooltip("count():Q", title="students")],
        color=alt.value(charts.PALETTE[0]),
    )
    return charts.finish(
        chart,
        title="Score distribution",
        description=(
            f"Histogram of {n} graded students' scores in bins of 10 percentage points"
            + (f"; the median score is {median:.0f}% of the points." if n else ".")
        ),
    )


def _check_questions(questions) -> pd.DataFrame:
    need = {"question", "difficulty", "discrimination", "n_waiting_manual", "reading"}
    if not isinstance(questions, pd.DataFrame) or not need <= set(questions.columns):
        raise ValueError("questions must be the DataFrame returned by question_stats()")
    return questions.copy()


def difficulty_chart(*, questions: pd.DataFrame):
    """Per question, the share of its points the class earned (difficulty, or facility)."""
    q = _check_questions(questions)
    chart = alt.Chart(q).mark_bar().encode(
        y=alt.Y("question:N", sort=list(q["question"]), title=None),
        x=alt.X("difficulty:Q", scale=alt.Scale(domain=[0, 1]), title="difficulty (share of points earned; low = hard)"),
        tooltip=["question", alt.Tooltip("difficulty:Q", format=".2f"), "reading"],
        color=alt.value(charts.PALETTE[1]),
    )
    waiting = [str(x) for x in q.loc[q["n_waiting_manual"] > 0, "question"]]
    hardest = q.dropna(subset=["difficulty"]).sort_values("difficulty").head(1)
    return charts.finish(
        chart,
        title="Per-question difficulty",
        description=(
            "For each question, the share of its points that graded students earned, from 0 (nobody) to 1 (everyone)"
            + (f"; the hardest question was {hardest['question'].iloc[0]} at {hardest['difficulty'].iloc[0]:.2f}." if len(hardest) else ".")
            + (f" No bar yet (waiting for manual grades): {', '.join(waiting)}." if waiting else "")
        ),
    )


def discrimination_chart(*, questions: pd.DataFrame):
    """Per question, the corrected item-total correlation, with the 0.2 line below which it is poor."""
    q = _check_questions(questions)
    qd = q.assign(discrimination_plot=q["discrimination"].fillna(0.0))
    bars = alt.Chart(qd).mark_bar().encode(
        y=alt.Y("question:N", sort=list(q["question"]), title=None),
        x=alt.X("discrimination_plot:Q", scale=alt.Scale(domain=[-1, 1]), title="discrimination (corrected item-total correlation)"),
        tooltip=["question", alt.Tooltip("discrimination:Q", format=".2f"), "reading"],
        color=alt.condition(alt.datum.discrimination_plot < 0.2, alt.value(charts.PALETTE[5]), alt.value(charts.PALETTE[2])),
    )
    rule = alt.Chart(pd.DataFrame({"x": [0.2]})).mark_rule(strokeDash=[4, 3], color="#444444").encode(x="x:Q")
    poor = [str(x) for x in q.loc[~(q["discrimination"] >= 0.2), "question"]]
    return charts.finish(
        alt.layer(bars, rule),
        title="Per-question discrimination",
        description=(
            "For each question, the correlation between its score and the total of the other questions; "
            "the dashed line marks 0.2, below which a question separates students poorly"
            + (f". Below the line or not computable: {', '.join(poor)}." if poor else "; every question is above it.")
        ),
    )


#: Grading's own chart builders, each with the example arguments that build a sample chart
#: (tests/test_grading_report.py builds every one; the course's charts keep their own list).
REPORT_CHART_EXAMPLES = {
    score_distribution_chart: _example_students,
    difficulty_chart: _example_questions,
    discrimination_chart: _example_questions,
}


def _vega_bundle() -> str:
    """vega, vega-lite and vega-embed in one script (from vl-convert: no internet needed), cached."""
    import vl_convert as vlc

    try:
        from altair.utils._importers import vl_version_for_vl_convert

        vl_version = vl_version_for_vl_convert()
    except Exception:  # pragma: no cover - older or newer altair
        vl_version = None
    key = hashlib.sha256(f"{vlc.__version__}|{vl_version}".encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "swarmcast" / f"vega-embed-{key}.js"
    if cache.is_file():
        return cache.read_text(encoding="utf-8")
    bundle = vlc.javascript_bundle(vl_version=vl_version) if vl_version else vlc.javascript_bundle()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(bundle, encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass
    return bundle


def _table(df: pd.DataFrame, *, caption: str) -> str:
    fmt = df.copy()
    for c in fmt.columns:
        if pd.api.types.is_float_dtype(fmt[c]):
            fmt[c] = fmt[c].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    body = fmt.to_html(index=False, escape=True, na_rep="", border=0, classes="grades")
    return body.replace('<table border="0" class="dataframe grades">', f'<table class="grades"><caption>{html.escape(caption)}</caption>', 1)


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em} h2{font-size:1.25em;margin-top:2em}
figure{margin:1.5em 0} figcaption{font-size:.9em;color:#333;max-width:44em}
table.grades{border-collapse:collapse;font-size:.9em;margin:1em 0} caption{text-align:left;font-weight:600;padding:.3em 0}
table.grades th,table.grades td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left}
.failed{background:#fff3f0;border-left:4px solid #D55E00;padding:.5em 1em}
.note{font-size:.9em;color:#444}
"""


def _page(assignment: str, students: pd.DataFrame, questions: pd.DataFrame, run) -> str:
    figures = [score_distribution_chart(students=students), difficulty_chart(questions=questions),
               discrimination_chart(questions=questions)]
    graded = students[students["status"] != "failed"]
    failed = students[students["status"] == "failed"]
    pct = graded["percent"].dropna()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Grade report: {html.escape(assignment)}</title>",
        f"<style>{_CSS}</style>",
        f'<script type="text/javascript">{_vega_bundle()}</script>',
        "</head><body>",
        f"<h1>Grade report: {html.escape(assignment)}</h1>",
        '<p class="note">Written by <code>swarmcast</code> from the nbgrader gradebook. It lists student ids: '
        "keep it with the gradebook, never publish it.</p>",
        "<ul>",
        f"<li>{len(graded)} submissions graded, {len(failed)} could not be graded.</li>",
    ]
    if run is not None and not getattr(run, "sandboxed", True):
        parts.append('<li class="failed"><strong>Graded without the sandbox</strong> (<code>--unsandboxed</code>): the '
                     "students' code ran with the instructor's rights in the course folder.</li>")
    if len(pct):
        parts.append(
            f"<li>Score: mean {pct.mean():.1f}%, median {pct.median():.1f}%, lowest {pct.min():.1f}%, highest {pct.max():.1f}%.</li>"
        )
    waiting = int(graded["waiting_manual"].fillna(0).sum()) if "waiting_manual" in graded else 0
    if waiting:
        parts.append(
            f"<li>{waiting} answer{'s' if waiting != 1 else ''} still wait{'s' if waiting == 1 else ''} for a manual grade in formgrader; "
            f"totals count {'them' if waiting != 1 else 'it'} as 0 until graded. "
            f"Run <code>swarmcast report {html.escape(assignment)}</code> again after grading.</li>"
        )
    parts.append("</ul>")
    if len(failed):
        parts.append('<div class="failed"><h2>Submissions that could not be graded</h2><ul>')
        for _, r in failed.iterrows():
            parts.append(f"<li><strong>{html.escape(str(r['student']))}</strong>: {html.escape(str(r['reason']))}</li>")
        parts.append("</ul><p>Open each one by hand; the rest of the class was graded.</p></div>")
    for i, chart in enumerate(figures):
        spec = chart.to_dict()
        desc = spec.get("description", "")
        title = spec.get("title", "")
        title = title.get("text", "") if isinstance(title, dict) else title
        parts.append(
            f'<figure><div id="chart{i}" role="img" aria-label="{html.escape(str(title))}: {html.escape(desc)}"></div>'
            f"<figcaption>{html.escape(desc)}</figcaption></figure>"
            f'<script type="text/javascript">vegaEmbed("#chart{i}", {json.dumps(spec)}, '
            '{"renderer": "svg", "actions": false}).catch(console.error);</script>'
        )
    parts += [
        "<h2>Questions</h2>",
        '<p class="note"><em>Difficulty</em> is the share of a question\'s points that graded students earned (low means hard). '
        "<em>Discrimination</em> is the correlation between a question's score and the total of the other questions "
        "(corrected item-total correlation; the point-biserial for right/wrong questions). "
        "Readings after Ebel and Frisbie (1991): 0.40+ very good, 0.30-0.39 good, 0.20-0.29 marginal, below 0.20 poor.</p>",
        _table(questions, caption="Per-question difficulty and discrimination"),
        "<h2>Students</h2>",
        _table(students, caption="Per-student totals (scores per question in the last columns)"),
    ]
    if run is not None:
        notes = [(r.student, n) for r in run.results for n in r.notes]
        if notes:
            parts.append("<h2>Notes from grading</h2><ul>")
            parts += [f"<li>{html.escape(s)}: {html.escape(n)}</li>" for s, n in notes]
            parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


@dataclass(frozen=True)
class ReportFiles:
    """Where the report was written."""

    students_csv: Path
    questions_csv: Path
    html: Path


def write_report(*, course_dir: str | os.PathLike, assignment: str, run=None, out_dir: str | os.PathLike | None = None) -> ReportFiles:
    """Write students.csv, questions.csv and report.html for an assignment (default: reports/<assignment>/).

    Why: runbook steps A6 and A7; the class-level view nbgrader's export lacks. If ``run`` is None, the last
    ``swarmcast grade`` run record (reports/<assignment>/grading_run.json) supplies the failures.
    Source: Crocker and Algina (1986); Ebel and Frisbie (1991).
    """
    from .parallel import load_run

    course, _ = open_course(course_dir=course_dir)
    course.check_assignment(assignment)
    out = Path(out_dir) if out_dir else course.reports_root / assignment
    if run is None:
        run = load_run(path=out / "grading_run.json")
    df = scores(course_dir=course.root, assignment=assignment)
    if df.empty:
        raise CourseError(f"the gradebook has no submissions of {assignment!r}: run `swarmcast grade {assignment}` first.")
    failed = {r.student for r in run.failed} if run is not None else set()
    students = student_totals(scores_df=df, run=run)
    questions = question_stats(scores_df=df, exclude_students=failed)
    out.mkdir(parents=True, exist_ok=True)
    files = ReportFiles(out / "students.csv", out / "questions.csv", out / "report.html")
    students.to_csv(files.students_csv, index=False)
    questions.to_csv(files.questions_csv, index=False)
    files.html.write_text(_page(assignment, students, questions, run), encoding="utf-8")
    return files
