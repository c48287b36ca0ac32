"""Self-checks for lesson 08: source criticism (the strawberry-needle scare), lower bounds, saturation, the paradox."""

from ..checks import Choice, Numeric, register

register(
    Choice(
        qid="l08-needle-claim",
        prompt=(
            "Which sentence about the 2018 strawberry-needle scare does the evidence in this lesson support?"
        ),
        options=(
            "IS claimed responsibility for the contamination.",
            "Pro-IS outlets exploited the scare and urged imitation; no credible source says IS claimed it.",
            "The person charged was an IS supporter.",
            "Nothing links the scare to propaganda at all.",
        ),
        correct="Pro-IS outlets exploited the scare and urged imitation; no credible source says IS claimed it.",
        hint="Read the measure and the note of the poster row, then the timeline rows about the charge.",
        explanation=(
            "Exploiting an incident is not claiming it. The person charged had no reported IS link, and all charges "
            "were dropped in 2021: the scare had nothing to do with IS, which is exactly why its exploitation is a "
            "lesson in checking sources."
        ),
        why_not={
            "IS claimed responsibility for the contamination.": (
                "That is the popular version, and no source the course found supports it."
            ),
            "The person charged was an IS supporter.": "No link to IS was reported for the person charged.",
            "Nothing links the scare to propaganda at all.": (
                "Pro-IS accounts did circulate posters about it: the data package counts them."
            ),
        },
    ),
    Numeric(
        qid="l08-charge-gap",
        prompt=(
            "The timeline gives the month of the charge, not the day. At most how many days passed between the "
            "first reported needle and the charge?"
        ),
        answer=82.0,
        tolerance=0.5,
        unit="days",
        hint=(
            "A row with bound 'approx' and a month only covers the whole month: which of its two dates gives the "
            "longest possible gap from the first report?"
        ),
        explanation=(
            "From 9 September 2018 to 30 November 2018 is 82 days; from the start of November it would be 53. With "
            "month-only dates, the honest answer is a range, 53 to 82 days."
        ),
    ),
    Choice(
        qid="l08-lower-bounds",
        prompt=(
            "The table counts at least 240 copycat incidents and at least 6 pro-IS posters. What can you say "
            "about copycat incidents per poster?"
        ),
        options=(
            "There were 40 copycat incidents per poster.",
            "There were at least 40 copycat incidents per poster.",
            "Nothing definite: dividing one lower bound by another gives no bound at all.",
            "There were at most 40 copycat incidents per poster.",
        ),
        correct="Nothing definite: dividing one lower bound by another gives no bound at all.",
        hint="Try making the true number of posters much larger than 6, and then the true number of incidents larger too.",
        explanation=(
            "More posters makes the ratio smaller, more incidents makes it larger; both are allowed by 'at least'. "
            "And a ratio would suggest that posters caused incidents, which nothing here shows."
        ),
        why_not={
            "There were 40 copycat incidents per poster.": "Both figures are floors ('at least'), not counts.",
            "There were at least 40 copycat incidents per poster.": (
                "If there were really 60 posters, the ratio could be 4: a larger denominator is allowed."
            ),
        },
    ),
    Choice(
        qid="l08-saturation",
        prompt=(
            "In the attention model, unofficial threats rise from 5 to 20 a day. What happens to the share of "
            "threats the press covers?"
        ),
        options=(
            "It stays the same: each threat is judged on its own.",
            "It falls: the press remembers recent threats, and each new one is less newsworthy.",
            "It rises: more threats make the topic more newsworthy.",
        ),
        correct="It falls: the press remembers recent threats, and each new one is less newsworthy.",
        hint="Look at the saturation chart: follow the line for the share of all threats covered as you move right.",
        explanation=(
            "Saturation: more threats still get more coverage in total, but each is covered less often. This is the "
            "model's version of the press deciding that one more tournament poster was no longer news."
        ),
        why_not={"It rises: more threats make the topic more newsworthy.": (
            "Total coverage can rise, but the share of threats covered falls."
        )},
    ),
    Choice(
        qid="l08-paradox",
        prompt=(
            "Why, in the model, does the official brand lose out when unofficial brands issue more empty threats?"
        ),
        options=(
            "Because unofficial brands attack the official one directly.",
            "Because they compete for the same limited attention, and empty threats blamed on the official brand cost it credibility.",
            "Because the official brand issues fewer threats over time.",
        ),
        correct=(
            "Because they compete for the same limited attention, and empty threats blamed on the official brand cost it credibility."
        ),
        hint="Two mechanisms of the model act on the official brand: one is about the press's memory, one about blame.",
        explanation=(
            "Shared saturation and spill-over of blame: the two mechanisms behind the paradox that official and "
            "unofficial propaganda compete for one audience and damage each other."
        ),
        why_not={"Because the official brand issues fewer threats over time.": (
            "In the model its threat rate is fixed; only the unofficial volume changes."
        )},
    ),
)
