"""The grade report's statistics: difficulty, discrimination, totals (no nbgrader run needed)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from swarmcast.grading.report import discrimination_reading, question_stats, student_totals


def _long(scores: dict[str, dict[str, float | None]], max_scores: dict[str, float]) -> pd.DataFrame:
    rows = []
    for student, per_q in scores.items():
        for q, s in per_q.items():
            rows.append({"student": student, "notebook": "nb", "question": q, "max_score": max_scores[q],
                         "auto_score": s, "manual_score": None, "score": np.nan if s is None else float(s),
                         "needs_manual_grade": s is None})
    return pd.DataFrame(rows)


MAX = {"q1": 2.0, "q2": 1.0, "q3": 4.0}
CLASS = {
    "a": {"q1": 2, "q2": 1, "q3": 4},
    "b": {"q1": 2, "q2": 1, "q3": 3},
    "c": {"q1": 0, "q2": 1, "q3": 1},
    "d": {"q1": 2, "q2": 0, "q3": 2},
    "e": {"q1": 0, "q2": 0, "q3": 0},
}


def test_difficulty_is_the_share_of_points_earned():
    stats = question_stats(scores_df=_long(CLASS, MAX)).set_index("question")
    assert stats.loc["q1", "difficulty"] == pytest.approx((2 + 2 + 0 + 2 + 0) / 5 / 2)
    assert stats.loc["q3", "difficulty"] == pytest.approx((4 + 3 + 1 + 2 + 0) / 5 / 4)
    assert stats.loc["q2", "mean_score"] == pytest.approx(0.6)


def test_discrimination_is_the_corrected_item_total_correlation():
    stats = question_stats(scores_df=_long(CLASS, MAX)).set_index("question")
    q1 = np.array([2, 2, 0, 2, 0.0])
    rest = np.array([1 + 4, 1 + 3, 1 + 1, 0 + 2, 0 + 0.0])  # q2 + q3, q1 left out
    expected = np.corrcoef(q1, rest)[0, 1]
    assert stats.loc["q1", "discrimination"] == pytest.approx(expected, abs=1e-12)
    # Including the question in the total would inflate it: make sure we did not.
    inflated = np.corrcoef(q1, rest + q1)[0, 1]
    assert abs(stats.loc["q1", "discrimination"] - inflated) > 0.05


def test_a_question_everyone_got_right_has_no_discrimination():
    cls = {s: {**v, "q2": 1} for s, v in CLASS.items()}
    stats = question_stats(scores_df=_long(cls, MAX)).set_index("question")
    assert math.isnan(stats.loc["q2", "discrimination"])
    assert stats.loc["q2", "reading"].startswith("not computable")


def test_questions_waiting_for_manual_grades_get_no_difficulty_yet():
    cls = {s: {**v, "q3": None} for s, v in CLASS.items()}
    cls["e"]["q3"] = 0
    stats = question_stats(scores_df=_long(cls, MAX)).set_index("question")
    assert stats.loc["q3", "n_waiting_manual"] == 4
    assert math.isnan(stats.loc["q3", "difficulty"])
    assert stats.loc["q3", "reading"] == "waiting for 4 manual grades"
    assert not math.isnan(stats.loc["q1", "difficulty"])


def test_failed_students_are_left_out_of_question_statistics():
    df = _long({**CLASS, "broken": {"q1": None, "q2": None, "q3": None}}, MAX)
    with_broken = question_stats(scores_df=df).set_index("question")
    without = question_stats(scores_df=df, exclude_students={"broken"}).set_index("question")
    assert with_broken.loc["q1", "n_waiting_manual"] == 1
    assert without.loc["q1", "n_waiting_manual"] == 0
    assert without.loc["q1", "difficulty"] == pytest.approx(0.6)


def test_student_totals_add_scores_and_mark_failures():
    from swarmcast.grading.parallel import GradeRun, SubmissionResult

    df = _long({**CLASS, "broken": {"q1": None, "q2": None, "q3": None}}, MAX)
    run = GradeRun("ps1", 1, (SubmissionResult("broken", "failed", "the kernel died"),), 1.0)
    t = student_totals(scores_df=df, run=run).set_index("student")
    assert t.loc["a", "score"] == 7 and t.loc["a", "max_score"] == 7 and t.loc["a", "percent"] == pytest.approx(100)
    assert t.loc["c", "percent"] == pytest.approx(100 * 2 / 7)
    assert t.loc["broken", "status"] == "failed" and t.loc["broken", "reason"] == "the kernel died"
    assert math.isnan(t.loc["broken", "score"])


@pytest.mark.parametrize(("value", "reading"), [(0.5, "very good"), (0.35, "good"), (0.25, "marginal"), (0.1, "poor: review the question")])
def test_discrimination_readings_follow_ebel_and_frisbie(value, reading):
    assert discrimination_reading(value) == reading


def test_question_stats_rejects_a_frame_without_scores():
    with pytest.raises(ValueError, match="scores_df"):
        question_stats(scores_df=pd.DataFrame({"x": [1]}))


def test_report_charts_refuse_a_table_of_the_wrong_shape():
    from swarmcast.grading.report import difficulty_chart, discrimination_chart, score_distribution_chart

    for chart, arg in ((difficulty_chart, "questions"), (discrimination_chart, "questions"), (score_distribution_chart, "students")):
        with pytest.raises(ValueError, match=arg):
            chart(**{arg: pd.DataFrame({"x": [1]})})


@pytest.mark.parametrize("percents", [[95.0, 80.0, 72.0], [50.0] * 2 + [60.0], [55.0] * 23 + [10.0], [100.0]])
def test_the_histogram_counts_students_in_whole_numbers_each_shown_once(percents):
    from swarmcast.grading.report import score_distribution_chart

    students = pd.DataFrame({"student": [f"s{i}" for i in range(len(percents))], "status": "graded", "percent": percents})
    spec = score_distribution_chart(students=students).to_dict()
    layer = spec.get("layer", [spec])[0] if "encoding" not in spec else spec
    y = layer["encoding"]["y"]
    ticks = y["axis"]["values"]
    top = max(pd.Series(percents).floordiv(10).clip(upper=9).value_counts())
    assert all(isinstance(t, int) for t in ticks) and len(set(ticks)) == len(ticks) and ticks == sorted(ticks)
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 10
    assert y["scale"]["domain"] == [0, ticks[-1]]


def test_the_report_says_one_answer_waits_in_the_singular(monkeypatch):
    from swarmcast.grading import report

    students = pd.DataFrame({"student": ["a", "b"], "status": ["graded", "graded"], "reason": "", "notes": "",
                             "score": [1.0, 2.0], "max_score": [3.0, 3.0], "percent": [33.3, 66.7], "waiting_manual": [1, 0]})
    questions = pd.DataFrame({"question": ["q1"], "max_score": [3.0], "n_scored": [1], "n_waiting_manual": [1],
                              "mean_score": [1.5], "difficulty": [0.5], "discrimination": [float("nan")], "reading": ["x"]})
    monkeypatch.setattr(report, "_vega_bundle", lambda: "")  # the page text is checked here, not the charts
    page = report._page("ps1", students, questions, None)
    assert "1 answer still waits for a manual grade" in page and "1 answers" not in page


def test_grading_lists_its_report_charts_explicitly():
    from swarmcast.grading import report

    assert set(report.REPORT_CHART_EXAMPLES) == {report.score_distribution_chart, report.difficulty_chart,
                                                 report.discrimination_chart}


@pytest.mark.parametrize("name", ["score_distribution_chart", "difficulty_chart", "discrimination_chart"])
def test_each_report_chart_sets_title_description_and_uses_the_course_theme(name):
    # what tests/test_charts.py checked for these builders while they sat in the course's chart registry
    import altair as alt

    from swarmcast import charts
    from swarmcast.grading import report

    builder = getattr(report, name)
    spec = builder(**report.REPORT_CHART_EXAMPLES[builder]()).to_dict()  # validates against the Vega-Lite schema
    assert spec.get("title"), f"{name}: no title"
    assert len(spec.get("description", "")) >= 20, f"{name}: no text description"
    assert alt.theme.active == charts.THEME_NAME
    assert spec["config"]["range"]["category"] == charts.PALETTE, f"{name}: the course palette is not applied"
