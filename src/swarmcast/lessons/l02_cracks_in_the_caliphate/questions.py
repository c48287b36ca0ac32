"""Self-checks for lesson 02: the decline of official output, versions of a count, bounds, and attribution."""

from ... import data
from ...questions import Choice, Numeric
from ...questions import row_value as _value


def _fall(table: str, start: str, end: str) -> float:
    return 100 * (1 - _value(table, end) / _value(table, start))


def _strikes_per_day() -> float:
    rows = data.load("offline_pressure").set_index("row_id")
    first, last = rows.loc["op_airstrikes_to_2015_01_02"], rows.loc["op_airstrikes_to_2015_12_15"]
    return (last["value"] - first["value"]) / (last["period_end"] - first["period_end"]).days


#: l02-attribution: each wrong option, written once, with why it is wrong; then the right one.
_ATTRIBUTION_WRONG = {
    "Airstrikes caused it, because their count rose the most in the period.":
        "Counts in different units cannot be ranked against each other, and rising together is not cause.",
    "Twitter suspensions caused it, because the output was online.":
        "Offline losses (people, money, territory) can cut online output too; plausibility is not evidence.",
    "Nothing really changed: the fall is an artefact of how releases were counted.":
        "Counts vary with criteria, but every version shows a large fall.",
}
_ATTRIBUTION_RIGHT = "Several pressures acted at once, and so few counts cannot separate them."

QUESTIONS = (
    Numeric(
        qid="l02-peak-ratio",
        prompt=("The CTC states a 94% fall from August 2015 to June 2018. Using its 2018 update only (the peak month "
                "and the low month in the table), how many times larger was the peak than the low? Give one decimal."),
        answer=754 / 44,
        tolerance=0.1,
        unit="times",
        hint="Divide the peak count by the low count, both from the same collection (ctc_2018_update).",
        explanation=("754 / 44 = 17.1: June 2018 output was about a seventeenth of the peak. A fall of 94% sounds "
                     "close to 90%, but 90% would be a tenth of the peak; near 100%, small differences in a percentage "
                     "hide large differences in the ratio."),
    ),
    Numeric(
        qid="l02-fall-gap",
        prompt=("For August 2015 to August 2016, compare the fall in the source article's version (761 to 194) with "
                "the smallest fall the New York Times' bounds allow ('more than 700' to 'under 200'). By how many "
                "percentage points is the article's fall larger? Give one decimal."),
        answer=100 * (1 - 194 / 761) - 100 * (1 - 200 / 700),
        tolerance=0.15,
        unit="percentage points",
        hint=("Take both falls from the table of falls (the NYT one is a floor), or compute them as (1 - end / start) "
              "x 100, then subtract."),
        explanation=("74.5 - 71.4 = 3.1 points. The article's exact figures are unverified (U), yet they sit just "
                     "above the floor that the verified newspaper bounds allow: the versions disagree on the numbers "
                     "but agree on the size of the first year's fall."),
    ),
    Choice(
        qid="l02-mixing",
        prompt=("A student writes: 'Output fell from 761 in August 2015 to 44 in June 2018, a 94.2% drop.' "
                "What is wrong with this?"),
        options=(
            "It mixes two collections: 761 and 44 come from different counts.",
            "Nothing is wrong: both are published counts of official releases.",
            "The percentage is computed the wrong way round here.",
            "June 2018 is not the low point of the CTC's series.",
        ),
        correct="It mixes two collections: 761 and 44 come from different counts.",
        hint="Look at the collection and source_id columns of the two rows.",
        explanation=("Counts from different dataset versions can differ for the same month (761 and 754 for August "
                     "2015). A fall must be computed within one collection, with one set of criteria."),
        why_not={
            "Nothing is wrong: both are published counts of official releases.": (
                "They count the same kind of item, but under different collection criteria and dataset versions."),
            "The percentage is computed the wrong way round here.": "(761 - 44) / 761 is the right way round; the problem is the inputs.",
            "June 2018 is not the low point of the CTC's series.": (
                "The CTC's 2018 update names June 2018, the last month of its dataset, as the low point."),
        },
    ),
    Numeric(
        qid="l02-military-share",
        prompt=("The New York Times reported that the military share of items 'doubled' to 70% in August 2016. "
                "What share, in percent, does that imply for August 2015?"),
        answer=35.0,
        tolerance=0.5,
        unit="percent",
        hint="Doubling multiplies by two. Work backwards from the August 2016 row.",
        explanation=("70 / 2 = 35%. Note that this August 2015 share is implied by a newspaper's wording, not a "
                     "published count: treat it as approximate."),
    ),
    Numeric(
        qid="l02-strikes-per-day",
        prompt=("From the airstrike table: how many coalition strikes a day, on average, were flown between the count "
                "of 2 January 2015 and the count of 15 December 2015? Give one decimal."),
        answer=23.3,
        tolerance=0.15,
        unit="strikes a day",
        hint=("Subtract the earlier cumulative total from the later one, then divide by the number of days between "
              "the two dates."),
        explanation=("(9,782 - 1,689) / 347 days = 23.3 strikes a day. It is an average over the year, from two counts "
                     "reported by different outlets."),
    ),
    Choice(
        qid="l02-revenue",
        prompt=("ICSR/EY estimate IS revenue at 'up to' 1.9 billion US dollars in 2014 and 'a maximum of' 870 million in 2016. "
                "Which statement do these two figures support?"),
        options=(
            "Revenue itself fell by exactly 54% from 2014 to 2016.",
            "The ceiling of the estimate fell by more than half.",
            "Revenue in 2016 lay between 520 and 870 million.",
            "Monthly revenue fell by 80% over the same years.",
        ),
        correct="The ceiling of the estimate fell by more than half.",
        hint="Check the bound column of both rows: what kind of number is each?",
        explanation=("Both figures are ceilings (bound at_most). Comparing ceilings tells you the ceiling fell; it "
                     "does not give the size of the actual fall."),
        why_not={
            "Revenue itself fell by exactly 54% from 2014 to 2016.": (
                "Both figures are upper bounds, so the actual fall could be larger or smaller."),
            "Revenue in 2016 lay between 520 and 870 million.": (
                "The 520 million floor is the source article's and is marked U: it was not found in the ICSR/EY text."),
            "Monthly revenue fell by 80% over the same years.": (
                "That is IHS Markit's estimate with a different method, for different dates; it cannot be combined "
                "with the annual figures."),
        },
    ),
    Choice(
        qid="l02-attribution",
        prompt=("Between August 2015 and August 2016 official output fell, while airstrikes, Twitter suspensions, "
                "the loss of territory and revenue, and the killing of media operatives all went on. What can the "
                "course data say about the cause of the fall?"),
        options=(*_ATTRIBUTION_WRONG, _ATTRIBUTION_RIGHT),
        correct=_ATTRIBUTION_RIGHT,
        hint="How many output counts are there in that window, and how many candidate causes acted during it?",
        explanation=("Each single-cause story fits two points equally well. To separate causes you would need output "
                     "and pressures measured often, and moments when one pressure changed while the others did not."),
        why_not=_ATTRIBUTION_WRONG,
    ),
)

#: Each numeric answer recomputed from the data package (tests/test_checkbank.py compares them).
RECOMPUTE = {
    "l02-peak-ratio": lambda: _value("ctc_visual_output", "cv_2018_peak_2015_08") / _value("ctc_visual_output", "cv_2018_low_2018_06"),
    "l02-fall-gap": lambda: _fall("ctc_visual_output", "cv_source_article_2015_08", "cv_source_article_2016_08")
    - _fall("ctc_visual_output", "cv_nyt_2015_08", "cv_nyt_2016_08"),
    "l02-military-share": lambda: _value("ctc_visual_output", "cv_nyt_military_share_2016_08") / 2,
    "l02-strikes-per-day": _strikes_per_day,
}
