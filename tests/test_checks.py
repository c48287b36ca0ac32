"""Self-checks give instant feedback and a hint, never print the answer, and work without nbgrader."""

from __future__ import annotations

import subprocess
import sys

import pytest

from swarmcast import checks


def _asked_by_lesson() -> dict[str, list[str]]:
    """Question ids asked with checks.ask("...") in each lesson notebook, by the lesson's two-digit number."""
    import json
    import re
    from pathlib import Path

    lessons = Path(__file__).resolve().parents[1] / "lessons"
    asked: dict[str, list[str]] = {}
    for path in sorted(lessons.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        asked[path.name[:2]] = re.findall(r"checks\.ask\(\s*[\"']([^\"']+)[\"']", source)
    return asked


def test_every_question_is_asked_once_in_the_lesson_its_id_names():
    all_ids = checks.ids()
    assert all_ids, "no self-check questions are registered"
    asked = _asked_by_lesson()
    everywhere = [qid for ids in asked.values() for qid in ids]
    for qid in all_ids:
        assert qid[:1] == "l" and qid[1:3].isdigit() and qid[3] == "-", f"bad id {qid!r}: use lNN-slug"
        assert qid in asked.get(qid[1:3], []), f"{qid} is registered but lesson {qid[1:3]} never asks it"
        assert everywhere.count(qid) == 1, f"{qid} is asked {everywhere.count(qid)} times across the lessons"
    unknown = sorted(set(everywhere) - set(all_ids))
    assert not unknown, f"lessons ask questions that are not in any bank: {unknown}"


def test_wrong_answers_get_a_hint_and_not_the_answer():
    for qid in checks.ids():
        q = checks.get(qid)
        if isinstance(q, checks.Numeric):
            wrong = q.answer + 10 * q.tolerance + abs(q.answer) + 1
            fb = q.check(wrong)
            shown = [f"{q.answer:g}", f"{q.answer:,.0f}"] if abs(q.answer) >= 1 else [f"{q.answer:g}"]
        else:
            wrong = next(o for o in q.options if o != q.correct)
            fb = q.check(wrong)
            shown = [q.correct]
        assert not fb.correct and "Hint" in fb.message, qid
        for s in shown:
            assert s not in fb.message, f"{qid}: the feedback to a wrong answer reveals the answer {s!r}"
        assert q.hint not in ("", None), qid


def test_numeric_accepts_typed_text_and_rejects_nonsense():
    q = checks.Numeric("l99-x", "How many?", answer=94.0, tolerance=0.5, hint="h", explanation="e", unit="percent")
    assert q.check("94").correct and q.check(" 94.2 % ").correct and q.check("1,000").correct is False
    assert q.check("ninety").message.startswith("Please enter a number")
    assert not q.check(float("nan")).correct and not q.check(True).correct


def test_choice_explains_the_misconception_behind_a_wrong_option():
    q = checks.Choice("l99-y", "Pick", options=("a", "b"), correct="a", hint="think", explanation="because", why_not={"b": "b double counts."})
    assert "double counts" in q.check("b").message and q.check("a").correct
    with pytest.raises(ValueError, match="correct"):
        checks.Choice("l99-z", "Pick", options=("a",), correct="c", hint="h", explanation="e")


def test_unknown_id_suggests_close_matches():
    some = checks.ids()[0]
    with pytest.raises(ValueError, match="unknown question id"):
        checks.get(some + "x")


def test_widget_gives_feedback_on_click_without_nbgrader():
    qid = checks.ids()[0]
    box = checks.ask(qid)
    q = box.question
    box.answer_widget.value = str(q.answer) if isinstance(q, checks.Numeric) else q.correct
    box.check_button.click()
    assert "Correct" in box.feedback.value
    wrong = str(q.answer + 10 * q.tolerance + abs(q.answer) + 1) if isinstance(q, checks.Numeric) else next(o for o in q.options if o != q.correct)
    box.answer_widget.value = wrong
    box.check_button.click()
    assert "Not" in box.feedback.value and "Hint" in box.feedback.value


def test_self_checks_never_import_nbgrader():
    # in a fresh interpreter, since other tests in this process may import nbgrader
    code = (
        "import sys\nfrom swarmcast import checks\nfor qid in checks.ids():\n    checks.ask(qid)\n"
        "assert 'nbgrader' not in sys.modules, 'self-checks imported nbgrader'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def _typed(q) -> str:
    """The answer as a student types it: rounded to what the tolerance needs, thousands separated, "%" if a percent."""
    decimals = next(d for d in range(10) if abs(round(q.answer, d) - q.answer) <= q.tolerance / 2)
    text = f"{round(q.answer, decimals):,.{decimals}f}"
    return f"{text} %" if q.unit == "percent" else text


def _numeric_ids() -> list[str]:
    return [qid for qid in checks.ids() if isinstance(checks.get(qid), checks.Numeric)]


def _choice_ids() -> list[str]:
    return [qid for qid in checks.ids() if isinstance(checks.get(qid), checks.Choice)]


@pytest.mark.parametrize("qid", _numeric_ids())
def test_numeric_question_accepts_its_tolerance_and_nothing_beyond(qid):
    """Every bank question: just inside the tolerance is right, just outside is wrong, on both sides; the answer
    typed with a thousands separator (and "%" for a percent) is right; zero and the answer with its sign flipped
    are wrong (a tolerance that accepts them would make the question unanswerable wrongly)."""
    q = checks.get(qid)
    slack = 1e-6 * max(1.0, abs(q.answer))
    for side in (-1, 1):
        inside, outside = q.answer + side * q.tolerance * 0.99, q.answer + side * (q.tolerance * 1.01 + slack)
        assert q.check(inside).correct, f"{qid}: {inside!r} is within the tolerance {q.tolerance:g} but judged wrong"
        fb = q.check(outside)
        assert not fb.correct and "Hint" in fb.message, f"{qid}: {outside!r} is outside the tolerance {q.tolerance:g} but judged right"
    typed = _typed(q)
    fb = q.check(typed)
    assert fb.correct and q.explanation in fb.message, f"{qid}: the answer typed as {typed!r} is judged wrong: {fb.message}"
    for wrong in (0.0, -q.answer):
        assert not q.check(wrong).correct, f"{qid}: {wrong!r} is accepted (answer {q.answer:g}, tolerance {q.tolerance:g})"
    if q.unit == "percent":
        share = q.answer / 100
        assert not q.check(share).correct, f"{qid}: the share {share:g} typed for a percent is accepted"


@pytest.mark.parametrize("qid", _choice_ids())
def test_choice_question_explains_each_wrong_option_and_accepts_only_the_correct_one(qid):
    q = checks.get(qid)
    right = q.check(q.correct)
    assert right.correct and q.explanation in right.message and "Not" not in right.message, qid
    for option in q.options:
        if option == q.correct:
            continue
        fb = q.check(option)
        assert not fb.correct, f"{qid}: the wrong option {option!r} is judged right"
        assert q.why_not[option] in fb.message and q.hint in fb.message, f"{qid}: the feedback to {option!r} does not explain it: {fb.message}"
        assert q.explanation not in fb.message, f"{qid}: the feedback to a wrong option gives away the explanation"
