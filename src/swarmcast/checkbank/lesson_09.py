"""Self-checks for lesson 09: evidence on displacement and action days, and reading the policy lab honestly.

``RECOMPUTE`` recomputes every Numeric answer from the data package, so a changed row cannot leave a wrong answer.
"""

from .. import data
from ..checks import Choice, Numeric, register


def _two_day_ratio_floor() -> float:
    """A floor (pro-IS share, at least) divided by a ceiling (other jihadist share, at most) is a floor."""
    rows = data.load("conway_takedown").set_index("row_id")
    pro, other = rows.loc["ct_pro_is_share_suspended_2_days"], rows.loc["ct_other_share_suspended_2_days"]
    if pro["bound"] != "at_least" or other["bound"] != "at_most":
        raise ValueError("the two-day shares are no longer a floor and a ceiling; rewrite l09-two-days")
    return float(pro["value"]) / float(other["value"])


register(
    Numeric(
        qid="l09-two-days",
        prompt=(
            "In 2017 at least 30% of pro-IS accounts were suspended within two days of creation, against at most 1% "
            "of other jihadist accounts. At least how many times as likely was a pro-IS account to be gone within "
            "two days?"
        ),
        answer=_two_day_ratio_floor(),
        tolerance=0.5,
        unit="times",
        hint=(
            "One figure is a floor and the other a ceiling. Which way must each move to make the ratio as small as "
            "it can be?"
        ),
        explanation=(
            "30% or more divided by 1% or less is 30 or more: a floor divided by a ceiling gives a floor. Compare "
            "lesson 08, where one floor divided by another gave no bound at all."
        ),
    ),
    Choice(
        qid="l09-action-days",
        prompt=(
            "New pro-IS channels lived 302 days on average after the 2018 Telegram action day and 14 days after "
            "the 2019 one. What does this comparison let you conclude?"
        ),
        options=(
            "The 2019 action day made new channels die about 21 times faster than the 2018 one did.",
            "Action days made no real difference, since new channels kept being created after both of them.",
            "New channels lived far shorter lives after 2019; the action day is one cause of several.",
        ),
        correct="New channels lived far shorter lives after 2019; the action day is one cause of several.",
        hint="Two dates, two different follow-up periods, and a platform whose own policies changed in between.",
        explanation=(
            "A before/after comparison of two episodes cannot isolate a cause: follow-up windows differ and the "
            "platform's own enforcement changed too. It is still strong evidence that something changed."
        ),
        why_not={
            "The 2019 action day made new channels die about 21 times faster than the 2018 one did.": (
                "The ratio is right, but 'made' needs a comparison that holds everything else fixed."
            ),
            "Action days made no real difference, since new channels kept being created after both of them.": (
                "New channels appearing says nothing about how long they lasted; after 2019 they lasted days, not months."
            ),
        },
    ),
    Choice(
        qid="l09-mix",
        prompt=(
            "In the policy lab (seed 0, budget 10), how does the even mix compare with each lever given the whole "
            "budget, on reach?"
        ),
        options=(
            "It cuts reach less than every single lever.",
            "It cuts reach more than any single lever does.",
            "It is exactly as good as the best single lever.",
        ),
        correct="It cuts reach more than any single lever does.",
        hint="Compare the 'even' row with the six single-lever rows of the table above.",
        explanation=(
            "Every lever has diminishing returns in the lab, and the levers cover each other's escape routes "
            "(small platforms, the press). That is a result of the lab's assumptions, which the table of levers states."
        ),
    ),
    Choice(
        qid="l09-detection",
        prompt=(
            "In the lab, what happens as faster detection goes from 6 to 10 units?"
        ),
        options=(
            "Reach keeps falling as fast as before, while wrongful removals stay flat.",
            "Wrongful removals fall, because detection becomes more accurate.",
            "Reach barely moves, while wrongful removals more than double.",
        ),
        correct="Reach barely moves, while wrongful removals more than double.",
        hint="Read both panels of the trade-off chart between 6 and 10 units.",
        explanation=(
            "Accounts kept off the large platforms go to small ones, so reach stops falling; the fast track works on "
            "weaker evidence, so more of its removals hit the wrong items. Switch that assumption off "
            "(threshold_bits_per_detection_unit=0) and the cost disappears: say which assumption drives a result."
        ),
    ),
    Choice(
        qid="l09-who-pays",
        prompt="Which lever's main cost, in the lab, falls on ordinary users trying to sign up?",
        options=("coordinated action days", "counter-speech", "registration friction", "small-platform support"),
        correct="registration friction",
        hint="Which lever acts before anyone has posted anything?",
        explanation=(
            "Friction stops accounts before they exist, so it removes less and wrongly removes less, but people "
            "without a phone number of their own, or who need anonymity, are turned away too."
        ),
    ),
)

#: Recompute every Numeric answer from the data package (tests/test_checkbank.py calls these).
RECOMPUTE = {
    "l09-two-days": lambda: float(
        data.load("conway_takedown").set_index("row_id").loc["ct_pro_is_share_suspended_2_days", "value"]
        / data.load("conway_takedown").set_index("row_id").loc["ct_other_share_suspended_2_days", "value"]
    ),
}
