"""Self-checks for lesson 08: source criticism (the strawberry-needle scare), lower bounds, saturation, the paradox.

``RECOMPUTE`` recomputes every Numeric answer from the data package, so a changed row cannot leave a wrong answer.
"""

from ... import data
from ...questions import Choice, Numeric


def _charge_gap_days() -> float:
    """Longest possible gap from the first needle report to the charge (the charge row covers a whole month)."""
    tl = data.load("timeline").set_index("event")
    first = tl.loc["strawberry_needle_first_report", "period_start"]
    charge_end = tl.loc["strawberry_needle_charge", "period_end"]
    return float((charge_end - first).days)


QUESTIONS = (
    Choice(
        qid="l08-needle-claim",
        prompt=(
            "Which sentence about the 2018 strawberry-needle scare does the evidence in this lesson support?"
        ),
        options=(
            "IS claimed the contamination through its official channels in September 2018.",
            "The contamination was an IS operation, carried out by the farm worker charged.",
            "Pro-IS outlets exploited it and urged imitation; nobody credible says IS claimed it.",
            "Pro-IS outlets played no part at all: the scare had no link to propaganda of any kind.",
        ),
        correct="Pro-IS outlets exploited it and urged imitation; nobody credible says IS claimed it.",
        hint="Read the measure and the note of the poster row, then the timeline rows about the charge.",
        explanation=(
            "Exploiting an incident is not claiming it. The person charged had no reported IS link, and all charges "
            "were dropped in 2021: the scare had nothing to do with IS, which is exactly why its exploitation is a "
            "lesson in checking sources."
        ),
        why_not={
            "IS claimed the contamination through its official channels in September 2018.": (
                "That is the popular version, and no source the course found supports it."
            ),
            "The contamination was an IS operation, carried out by the farm worker charged.": (
                "No link to IS was reported for the person charged, and all charges were dropped in 2021."
            ),
            "Pro-IS outlets played no part at all: the scare had no link to propaganda of any kind.": (
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
        answer=_charge_gap_days(),
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
            "Exactly 40 copycat incidents per poster, since 240 / 6 = 40.",
            "No bound at all: a floor divided by a floor can be any size.",
            "At least 40 incidents per poster, since both counts are floors.",
            "At most 40 incidents per poster, since floors can only go up.",
        ),
        correct="No bound at all: a floor divided by a floor can be any size.",
        hint="Try making the true number of posters much larger than 6, and then the true number of incidents larger too.",
        explanation=(
            "More posters makes the ratio smaller, more incidents makes it larger; both are allowed by 'at least'. "
            "And a ratio would suggest that posters caused incidents, which nothing here shows."
        ),
        why_not={
            "Exactly 40 copycat incidents per poster, since 240 / 6 = 40.": (
                "Both figures are floors ('at least'), not counts."
            ),
            "At least 40 incidents per poster, since both counts are floors.": (
                "If there were really 60 posters, the ratio could be 4: a larger denominator is allowed."
            ),
            "At most 40 incidents per poster, since floors can only go up.": (
                "If there were really 2,400 incidents and 6 posters, the ratio would be 400: the numerator can rise too."
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
            "It falls: the press remembers recent threats, so each new one is less news.",
            "It stays the same: the press judges every new threat on its own merits alone.",
            "It rises: more threats make the whole topic more newsworthy to editors.",
        ),
        correct="It falls: the press remembers recent threats, so each new one is less news.",
        hint="Look at the saturation chart: follow the line for the share of all threats covered as you move right.",
        explanation=(
            "Saturation: more threats still get more coverage in total, but each is covered less often. This is the "
            "model's version of the press deciding that one more tournament poster was no longer news."
        ),
        why_not={
            "It stays the same: the press judges every new threat on its own merits alone.": (
                "Not in this model: a threat's chance of coverage shrinks with every recent threat the press still "
                "remembers, so the same threat is less news in a crowded fortnight than in a quiet one."
            ),
            "It rises: more threats make the whole topic more newsworthy to editors.": (
                "Total coverage can rise, but the share of threats covered falls."
            ),
        },
    ),
    Choice(
        qid="l08-paradox",
        prompt=(
            "Why, in the model, does the official brand lose out when unofficial brands issue more empty threats?"
        ),
        options=(
            "Unofficial brands attack the official brand's reputation directly, within the model.",
            "They share one pool of attention, and blame for their empty threats spills onto it.",
            "The official brand issues fewer and fewer threats as the simulated year goes on.",
        ),
        correct="They share one pool of attention, and blame for their empty threats spills onto it.",
        hint="Two mechanisms of the model act on the official brand: one is about the press's memory, one about blame.",
        explanation=(
            "Shared saturation and spill-over of blame: the model's version of Torres-Soriano's paradox, in which "
            "official and unofficial propaganda draw on one audience and harm each other."
        ),
        why_not={
            "Unofficial brands attack the official brand's reputation directly, within the model.": (
                "No rule lets one brand act on another. The harm is indirect: the press's memory is shared, and "
                "part of the blame for empty unofficial threats lands on the official brand."
            ),
            "The official brand issues fewer and fewer threats as the simulated year goes on.": (
                "In the model its threat rate is fixed; only the unofficial volume changes."
            ),
        },
    ),
)

#: Recompute every Numeric answer from the data package (tests/test_checkbank.py calls these).
RECOMPUTE = {
    "l08-charge-gap": lambda: float(
        (data.load("timeline").set_index("event").loc["strawberry_needle_charge", "period_end"]
         - data.load("timeline").set_index("event").loc["strawberry_needle_first_report", "period_start"]).days
    ),
}
