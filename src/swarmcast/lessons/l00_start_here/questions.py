"""Self-checks for lesson 00: reading the data package (verification levels, bounds, simulated data, gaps)."""

from ...questions import Choice, Numeric
from ...questions import row_value as _value


QUESTIONS = (
    Choice(
        qid="l00-verification",
        prompt=("A news article quotes a figure from a company's report. The course could not read the report itself. "
                "Which verification level does the row get, and what does it tell you?"),
        options=(
            "V1: the figure was seen, and a news article counts as a source.",
            "V2: seen only in a secondary source that quotes the primary one.",
            "U: nobody has found it in any source, so it must not be used.",
            "V2: the second, corrected version of a figure published earlier.",
        ),
        correct="V2: seen only in a secondary source that quotes the primary one.",
        hint="Look at the verification column's description in the table of columns: three levels, from primary to none.",
        explanation="V2 figures are usable with care: cite the secondary source and say that the primary was not seen.",
        why_not={
            "V1: the figure was seen, and a news article counts as a source.": "V1 means seen in the primary source itself, such as the company's own report.",
            "U: nobody has found it in any source, so it must not be used.": "It was found, in a news article; U is for figures seen nowhere.",
            "V2: the second, corrected version of a figure published earlier.": "The 2 is a level of verification, not a version number.",
        },
    ),
    Choice(
        qid="l00-bound",
        prompt="Twitter said it had suspended 'over 125,000' accounts. How is that stored in the data package?",
        options=(
            "value 125000 with bound exact",
            "value 125000 with bound at_least",
            "value 125000 with bound at_most",
            "value 125000 with bound approx",
        ),
        correct="value 125000 with bound at_least",
        hint="'Over' tells you which side of the number the true count lies on.",
        explanation="'Over 125,000' is a floor: the true count is at least that, so adding such floors gives a floor too.",
        why_not={
            "value 125000 with bound exact": "The source itself did not give an exact count.",
            "value 125000 with bound at_most": "'Over' puts the true count above the number, not below it.",
            "value 125000 with bound approx": "'About' would be approx; 'over' says on which side the truth lies.",
        },
    ),
    Choice(
        qid="l00-simulated",
        prompt="A chart in lesson 05 is captioned 'Simulated data'. What does that mean?",
        options=(
            "The numbers are real observations, smoothed out for display.",
            "The numbers were estimated by the platforms themselves.",
            "The numbers come from a seeded model, not from observations.",
        ),
        correct="The numbers come from a seeded model, not from observations.",
        hint="Where does a seeded model get its numbers from?",
        explanation="A model shows what follows from its assumptions; the same seed gives the same numbers every run.",
        why_not={
            "The numbers are real observations, smoothed out for display.": "Smoothed observations are still observations; simulated numbers were never observed.",
            "The numbers were estimated by the platforms themselves.": "Platform estimates are cited rows with a source; a simulation has a model and a seed instead.",
        },
    ),
    Numeric(
        qid="l00-ratio",
        prompt=("From the chart of suspensions: how many times as many accounts did Twitter suspend in July-December "
                "2016 as in January-June 2021? Give one decimal."),
        answer=376890 / 44974,
        tolerance=0.1,
        unit="times",
        hint="Hover over the first and the last point to read their values, then divide the first by the last.",
        explanation=("About 8.4 times as many. Before you call that a fall in terrorism on Twitter, read the next "
                     "question: the two points are four and a half years apart, with a gap and a renamed category between."),
    ),
    Choice(
        qid="l00-gap",
        prompt="The chart has no points between 2018 and 2021. What is the right way to read that gap?",
        options=(
            "Twitter suspended no accounts for terrorism in 2019 and 2020.",
            "The course found no reliable figures, so nothing can be said.",
            "Suspensions fell evenly, so a straight line fills in the gap.",
            "The missing half-years can be estimated from the running total.",
        ),
        correct="The course found no reliable figures, so nothing can be said.",
        hint="Is a missing row the same as a row with the value zero?",
        explanation=("A missing row is not a zero and not a straight line. The lesson's chart deliberately leaves the "
                     "gap empty; drawing through it would invent data."),
        why_not={
            "Twitter suspended no accounts for terrorism in 2019 and 2020.": "A missing figure is not a zero: the reports exist, the course could not verify their numbers.",
            "Suspensions fell evenly, so a straight line fills in the gap.": "Nothing says the fall was even; a line would invent two years of data.",
            "The missing half-years can be estimated from the running total.": "The running total in the package stops in December 2017, so it cannot bridge 2019-2020.",
        },
    ),
)

#: Each numeric answer recomputed from the data package (tests/test_checkbank.py compares them).
RECOMPUTE = {
    "l00-ratio": lambda: _value("twitter_transparency", "tt_h2_2016_suspensions") / _value("twitter_transparency", "tt_h1_2021_suspensions"),
}
