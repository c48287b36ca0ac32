"""Self-checks for lesson 02: the decline of official output, versions of a count, bounds, and attribution."""

from ..checks import Choice, Numeric, register

register(
    Numeric(
        qid="l02-fall-2018",
        prompt=("Using the CTC's 2018 update only (the peak month and the low month in the table above), by what "
                "percentage did monthly official visual releases fall? Give one decimal."),
        answer=94.2,
        tolerance=0.15,
        unit="percent",
        hint="A fall in percent is (start minus end) divided by start, times 100. Use the two rows of one collection.",
        explanation=("(754 - 44) / 754 = 0.942, a fall of 94.2%, which the CTC rounds to 94%. Both counts come from "
                     "one dataset and one set of collection criteria, so the comparison is fair."),
    ),
    Numeric(
        qid="l02-fall-floor",
        prompt=("The New York Times reported 'more than 700' releases in August 2015 and 'under 200' in August 2016. "
                "What is the smallest fall, in percent, that these two bounds allow? Give one decimal."),
        answer=71.4,
        tolerance=0.15,
        unit="percent",
        hint=("The fall is smallest when the start is as low as the bound allows and the end as high as the bound "
              "allows."),
        explanation=("With a start of at least 700 and an end of at most 200, the fall is at least (700 - 200) / 700 "
                     "= 71.4%. Bounds give you a floor for the fall, not a point value."),
    ),
    Choice(
        qid="l02-mixing",
        prompt=("A student writes: 'Output fell from 761 in August 2015 to 44 in June 2018, a 94.2% drop.' "
                "What is wrong with this?"),
        options=(
            "Nothing: both numbers are published counts of the same thing.",
            "It mixes two collections: 761 is the source article's figure for the 2016 study, 44 the CTC's 2018 count.",
            "The percentage is computed the wrong way round.",
            "June 2018 is not the low point of the series.",
        ),
        correct="It mixes two collections: 761 is the source article's figure for the 2016 study, 44 the CTC's 2018 count.",
        hint="Look at the collection and source_id columns of the two rows.",
        explanation=("Counts from different dataset versions can differ for the same month (761 and 754 for August "
                     "2015). A fall must be computed within one collection, with one set of criteria."),
        why_not={
            "Nothing: both numbers are published counts of the same thing.": (
                "They count the same kind of item, but under different collection criteria and dataset versions."),
            "June 2018 is not the low point of the series.": (
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
        prompt=("ICSR/EY estimate IS revenue at 'up to' $1.9 billion in 2014 and 'a maximum of' $870 million in 2016. "
                "Which statement do these two figures support?"),
        options=(
            "Revenue fell by exactly 54% between 2014 and 2016.",
            "The upper bound of the estimate fell by more than half between 2014 and 2016.",
            "Revenue in 2016 was between $520 million and $870 million, as the source article says.",
            "Monthly revenue fell by 80%.",
        ),
        correct="The upper bound of the estimate fell by more than half between 2014 and 2016.",
        hint="Check the bound column of both rows: what kind of number is each?",
        explanation=("Both figures are ceilings (bound at_most). Comparing ceilings tells you the ceiling fell; it "
                     "does not give the size of the actual fall."),
        why_not={
            "Revenue fell by exactly 54% between 2014 and 2016.": (
                "Both figures are upper bounds, so the actual fall could be larger or smaller."),
            "Revenue in 2016 was between $520 million and $870 million, as the source article says.": (
                "The $520 million floor is marked U: it was not found in the ICSR/EY text."),
            "Monthly revenue fell by 80%.": (
                "That is IHS Markit's estimate with a different method, for different dates; it cannot be combined "
                "with the annual figures."),
        },
    ),
    Choice(
        qid="l02-attribution",
        prompt=("Between August 2015 and August 2016 official output fell, while airstrikes, Twitter suspensions, "
                "the loss of territory and revenue, and the killing of media operatives all went on. What can the "
                "course data say about the cause of the fall?"),
        options=(
            "Airstrikes caused it, because the strike count rose the most.",
            "Twitter suspensions caused it, because they are about the online world.",
            "Several pressures acted at once; with so few output counts, the data cannot separate their effects.",
            "Nothing changed: the fall is an artefact of counting.",
        ),
        correct="Several pressures acted at once; with so few output counts, the data cannot separate their effects.",
        hint="How many output counts are there in that window, and how many candidate causes acted during it?",
        explanation=("Each single-cause story fits two points equally well. To separate causes you would need output "
                     "and pressures measured often, and moments when one pressure changed while the others did not."),
        why_not={
            "Airstrikes caused it, because the strike count rose the most.": (
                "Counts in different units cannot be ranked against each other, and rising together is not cause."),
            "Twitter suspensions caused it, because they are about the online world.": (
                "Offline losses (people, money, territory) can cut online output too; plausibility is not evidence."),
            "Nothing changed: the fall is an artefact of counting.": (
                "Counts vary with criteria, but every version shows a large fall."),
        },
    ),
)
