"""Self-checks for lesson 09: evidence on displacement and action days, and reading the policy lab honestly."""

from ..checks import Choice, Numeric, register

register(
    Numeric(
        qid="l09-two-days",
        prompt=(
            "In 2017 at least 30% of pro-IS accounts were suspended within two days of creation, against at most 1% "
            "of other jihadist accounts. At least how many times as likely was a pro-IS account to be gone within "
            "two days?"
        ),
        answer=30.0,
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
            "The 2019 action day caused channels to die 21 times faster.",
            "Channels created after the 2019 action lived far shorter lives; the action day is one likely reason among several.",
            "Action days do not matter, since channels kept being created.",
        ),
        correct=(
            "Channels created after the 2019 action lived far shorter lives; the action day is one likely reason among several."
        ),
        hint="Two dates, two different follow-up periods, and a platform whose own policies changed in between.",
        explanation=(
            "A before/after comparison of two episodes cannot isolate a cause: follow-up windows differ and the "
            "platform's own enforcement changed too. It is still strong evidence that something changed."
        ),
        why_not={
            "The 2019 action day caused channels to die 21 times faster.": (
                "The ratio is right, but 'caused' needs a comparison that holds everything else fixed."
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
            "It cuts reach more than any single lever does.",
            "It cuts reach less than every single lever.",
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
            "Reach keeps falling as fast as before.",
            "Reach barely moves, while wrongful removals more than double.",
            "Wrongful removals fall, because detection becomes more accurate.",
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
        options=("registration friction", "coordinated action days", "counter-speech", "small-platform support"),
        correct="registration friction",
        hint="Which lever acts before anyone has posted anything?",
        explanation=(
            "Friction stops accounts before they exist, so it removes less and wrongly removes less, but people "
            "without a phone number of their own, or who need anonymity, are turned away too."
        ),
    ),
)
