"""The self-check banks test understanding: every stored numeric answer is recomputed from the data package or the
model it is about, and multiple-choice answers cannot be guessed from the length or position of an option.

Conventions (written down in ``swarmcast.questions``): each lesson's bank (``swarmcast.lessons.lNN_*.questions``)
defines ``QUESTIONS`` and ``RECOMPUTE = {"lNN-id": callable}`` with an entry for every ``Numeric`` question it holds.
"""

from __future__ import annotations

from collections import Counter

import pytest

from swarmcast import checks

BANKS = [bank.__name__ for bank in checks.BANKS]
# The longest option may be at most this many times the length of the shortest. Options of very different length
# are the commonest give-away in a multiple-choice question ("the careful, qualified one is right"); at 1.6 a
# qualified correct option still has room for its qualification, and a short distractor cannot be a one-word filler.
MAX_LENGTH_RATIO = 1.6
# Across the whole bank the correct option may be the strictly longest in at most this share of questions: with four
# options of similar length chance alone gives about 25 %, so 40 % leaves room without letting length predict.
MAX_SHARE_CORRECT_LONGEST = 0.40


def _questions(bank: str):
    module = next(b for b in checks.BANKS if b.__name__ == bank)
    prefix = bank.split(".")[2][:3] + "-"  # swarmcast.lessons.l05_the_access_problem.questions -> "l05-"
    assert all(q.qid.startswith(prefix) for q in module.QUESTIONS), f"{bank}: a question id does not start with {prefix}"
    return module, [checks.get(q) for q in checks.ids() if q.startswith(prefix)]


def _choices():
    return [checks.get(q) for q in checks.ids() if isinstance(checks.get(q), checks.Choice)]


def test_there_are_banks_and_questions():
    assert BANKS and all(_questions(b)[1] for b in BANKS), "a lesson bank holds no question"


@pytest.mark.parametrize("bank", BANKS)
def test_every_numeric_answer_has_a_recompute_entry(bank):
    module, questions = _questions(bank)
    recompute = getattr(module, "RECOMPUTE", None)
    assert isinstance(recompute, dict), f"{bank} defines no RECOMPUTE dict (see the swarmcast.questions docstring)"
    numeric = {q.qid for q in questions if isinstance(q, checks.Numeric)}
    missing, extra = numeric - set(recompute), set(recompute) - numeric
    assert not missing, f"{bank}: numeric questions with no RECOMPUTE entry: {sorted(missing)}"
    assert not extra, f"{bank}: RECOMPUTE names questions that are not numeric questions of this bank: {sorted(extra)}"


@pytest.mark.parametrize("bank", BANKS)
def test_stored_numeric_answers_match_the_data_they_are_about(bank):
    module, questions = _questions(bank)
    for q in questions:
        if not isinstance(q, checks.Numeric):
            continue
        fresh = float(module.RECOMPUTE[q.qid]())
        assert abs(fresh - q.answer) <= q.tolerance, (
            f"{q.qid}: the stored answer {q.answer:g} is not what the data or model give now ({fresh:g}, "
            f"tolerance {q.tolerance:g}); change the answer or the question, not the tolerance"
        )


def test_recompute_can_fail_on_a_changed_row(monkeypatch):
    """The comparison is not true by construction: a changed data row moves the recomputed answer."""
    from swarmcast import data

    module, _ = _questions("swarmcast.lessons.l03_platforms_push_back.questions")
    real = data.load

    def shifted(name, *a, **kw):
        frame = real(name, *a, **kw).copy()
        if name == "twitter_transparency":
            frame.loc[frame["row_id"] == "tt_h2_2017_suspensions", "value"] += 10_000
        return frame

    monkeypatch.setattr(data, "load", shifted)
    q = checks.get("l03-year-on-year")
    assert abs(module.RECOMPUTE[q.qid]() - q.answer) > q.tolerance


@pytest.mark.parametrize("qid", [q.qid for q in _choices()])
def test_choice_options_are_of_similar_length(qid):
    q = checks.get(qid)
    lengths = [len(o) for o in q.options]
    assert max(lengths) <= MAX_LENGTH_RATIO * min(lengths), (
        f"{qid}: option lengths {lengths} differ by more than {MAX_LENGTH_RATIO}x; rewrite the short or long ones")


@pytest.mark.parametrize("qid", [q.qid for q in _choices()])
def test_every_wrong_option_says_why_it_is_wrong(qid):
    q = checks.get(qid)
    missing = [o for o in q.options if o != q.correct and o not in q.why_not]
    assert not missing, f"{qid}: distractors without a why_not explanation: {missing}"


def test_correct_option_is_not_predictable_from_length():
    strictly_longest = [q.qid for q in _choices()
                        if all(len(q.correct) > len(o) for o in q.options if o != q.correct)]
    share = len(strictly_longest) / len(_choices())
    assert share <= MAX_SHARE_CORRECT_LONGEST, (
        f"the correct option is the strictly longest in {share:.0%} of choice questions: {strictly_longest}")


def test_correct_option_is_not_predictable_from_position():
    positions = Counter(q.options.index(q.correct) for q in _choices())
    most = positions.most_common(1)[0][1]
    assert len(positions) >= 3 and most <= 0.5 * len(_choices()), f"correct positions are too regular: {dict(positions)}"
