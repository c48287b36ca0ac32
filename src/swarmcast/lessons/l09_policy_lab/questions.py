"""Self-checks for lesson 09: evidence on displacement and action days, and reading the policy lab honestly.

``RECOMPUTE`` recomputes every Numeric answer from the data package, so a changed row cannot leave a wrong answer.
"""

from ... import data
from ...questions import Choice, Numeric


def _share_of_suspensions_within_two_days() -> float:
    """Floor of the share of the 3-month suspensions that came within two days: a floor over an exact share."""
    rows = data.load("conway_takedown").set_index("row_id")
    two_days, three_months = rows.loc["ct_pro_is_share_suspended_2_days"], rows.loc["ct_pro_is_share_suspended"]
    if two_days["bound"] != "at_least" or three_months["bound"] != "exact":
        raise ValueError("the pro-IS suspension shares are no longer a floor and an exact share; rewrite l09-two-days")
    return 100.0 * float(two_days["value"]) / float(three_months["value"])


QUESTIONS = (
    Numeric(
        qid="l09-two-days",
        prompt=(
            "In 2017, 63% of pro-IS accounts were suspended within three months, and at least 30% within two days of "
            "creation. Of the suspended accounts, at least what percentage went within two days? One decimal."
        ),
        answer=_share_of_suspensions_within_two_days(),
        tolerance=0.15,
        unit="percent",
        hint=(
            "Accounts gone within two days are among those gone within three months. Divide the two-day share by the "
            "three-month share; which way does the 'at least' carry over?"
        ),
        explanation=(
            "30 / 63 = 47.6%, and since 30% is a floor, the true share can only be higher: about half or more of the "
            "suspensions came within two days of creation. A floor divided by an exact figure stays a floor (compare "
            "lesson 08, where one floor divided by another gave no bound at all)."
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
        hint="Compare the bar of the even mix with the six single-lever bars in the reach panel of the chart above.",
        explanation=(
            "Every lever has diminishing returns in the lab, and the levers cover each other's escape routes "
            "(small platforms, the press). That is a result of the lab's assumptions, which the table of levers states."
        ),
        why_not={
            "It cuts reach less than every single lever.": (
                "Splitting the budget sounds like spreading it thin, but each lever's first units buy the most: ten "
                "units in one lever pay mostly for its weakest units, and the even mix's reach bar is the shortest."
            ),
            "It is exactly as good as the best single lever.": (
                "Its bar sits close to coordinated action days, the best single lever, but below it. Close is not "
                "equal: read the values, not the look of two bars."
            ),
        },
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
        why_not={
            "Reach keeps falling as fast as before, while wrongful removals stay flat.": (
                "The early units are not a guide to the later ones: past about six, accounts kept off the large "
                "platforms open on small ones, so reach flattens while wrongful removals climb."
            ),
            "Wrongful removals fall, because detection becomes more accurate.": (
                "Faster is not more accurate. The lab assumes the fast track acts on weaker evidence as it is pushed "
                "(a looser matching threshold), so a growing share of what it removes is wrong."
            ),
        },
    ),
    Choice(
        qid="l09-who-pays",
        prompt="Which lever's main cost, in the lab, falls on ordinary users trying to sign up?",
        options=("coordinated action days", "exposing threats", "registration friction", "small-platform support"),
        correct="registration friction",
        hint="Which lever acts before anyone has posted anything?",
        explanation=(
            "Friction stops accounts before they exist, so it removes less and wrongly removes less, but people "
            "without a phone number of their own, or who need anonymity, are turned away too."
        ),
        why_not={
            "coordinated action days": (
                "Action days remove accounts that already exist; their cost is removals, and their errors, arriving "
                "in bursts. They block no one at sign-up."
            ),
            "exposing threats": (
                "It removes nothing and blocks no one: it acts on the press and the public, and its cost is the "
                "effort itself and how hard it is to measure."
            ),
            "small-platform support": (
                "It acts on moderation inside small platforms, after accounts are open; its cost is removals there, "
                "with their errors, not sign-ups turned away on large platforms."
            ),
        },
    ),
)

#: Recompute every Numeric answer from the data package (tests/test_checkbank.py calls these).
RECOMPUTE = {
    "l09-two-days": lambda: 100.0
    * float(data.load("conway_takedown").set_index("row_id").loc["ct_pro_is_share_suspended_2_days", "value"])
    / float(data.load("conway_takedown").set_index("row_id").loc["ct_pro_is_share_suspended", "value"]),
}
