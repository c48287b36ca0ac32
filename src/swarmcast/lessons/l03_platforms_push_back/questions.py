"""Self-checks for lesson 03: Twitter's suspension series, overlapping windows, proactive rates, hash counts."""

from ...questions import Choice, Numeric
from ...questions import row_value as _value


QUESTIONS = (
    Numeric(
        qid="l03-year-on-year",
        prompt=(
            "Twitter's report for July-December 2017 described its fall in suspensions as a change 'from the previous "
            "reporting period'. Using the half-year table, compute instead the change from July-December 2016 to "
            "July-December 2017, in percent (negative for a fall)."
        ),
        answer=(274460 / 376890 - 1) * 100,
        tolerance=0.3,
        hint="Take the same half-year one year earlier as the base, then compute (new / old - 1) x 100.",
        explanation=(
            "About -27%: a year-on-year comparison. The -8.4% Twitter reported compares with January-June 2017. A "
            "news report that called -8.4% a fall 'from the same time in 2016' mixed the two bases up."
        ),
        unit="percent",
    ),
    Choice(
        qid="l03-windows",
        prompt=(
            "Twitter's 2016 blog posts give two suspension counts that sum to the blog's own total; Transparency "
            "Report 10 gives a larger cumulative total from August 2015 to December 2016. Which statement is right?"
        ),
        options=(
            "Adding the blog total to the report total gives every suspension since mid-2015.",
            "The report total must be wrong, since it covers the same period as the blog total.",
            "Subtracting the blog total from the report total gives the suspensions of late 2016.",
            "The windows overlap and start on different dates, so the counts cannot be added.",
        ),
        correct="The windows overlap and start on different dates, so the counts cannot be added.",
        hint="Look at the chart of windows: which bars cover the same months?",
        explanation=(
            "The blog's windows start in mid-2015 and run to August 2016, inside the report's window, which starts on "
            "1 August 2015 and runs to December 2016. Adding them counts months twice, and their difference is not a "
            "count of anything."
        ),
        why_not={
            "Adding the blog total to the report total gives every suspension since mid-2015.": "That counts every month from August 2015 to August 2016 twice.",
            "The report total must be wrong, since it covers the same period as the blog total.": "The two cover different windows, so they need not be equal.",
            "Subtracting the blog total from the report total gives the suspensions of late 2016.": "The start dates and end dates differ, so the difference mixes windows; it counts nothing.",
        },
    ),
    Numeric(
        qid="l03-internal-count",
        prompt=(
            "Using the July-December 2016 rows (the number of suspensions, and the share surfaced by Twitter's internal "
            "tools), estimate how many accounts Twitter's own tools surfaced in that half-year."
        ),
        answer=376890 * 74 / 100,
        tolerance=2000,
        hint="A share is a fraction of a total: multiply the half-year's suspensions by the share, divided by 100.",
        explanation=(
            "About 279,000 accounts. The share is rounded to a whole percent, so the estimate is good to about "
            "+/- 2,000. Note what it does not say: how many accounts nobody found."
        ),
        unit="accounts",
    ),
    Choice(
        qid="l03-proactive",
        prompt="Facebook reported that 99% of the IS and al-Qaeda content it acted on in early 2018 was not reported by users. What does that figure measure?",
        options=(
            "The share of actioned content that Facebook found before any user reported it.",
            "The share of all IS and al-Qaeda content on Facebook that its own systems found.",
            "The share of removed content that users would have missed without Facebook.",
            "The share of IS and al-Qaeda content that was removed before anyone saw it.",
        ),
        correct="The share of actioned content that Facebook found before any user reported it.",
        hint="What is the denominator of the percentage: everything that exists, or everything that was actioned?",
        explanation=(
            "A proactive rate is a share of what was actioned. Content nobody found, by machine or by user, is in "
            "neither the numerator nor the denominator, so the rate says nothing about how much was missed."
        ),
        why_not={
            "The share of all IS and al-Qaeda content on Facebook that its own systems found.": "Content that was never found is not in the denominator.",
            "The share of removed content that users would have missed without Facebook.": "The figure says who found it first, not whether anyone else would have.",
            "The share of IS and al-Qaeda content that was removed before anyone saw it.": "Finding something before a user report is not the same as before any view; that is a different measure.",
        },
    ),
    Numeric(
        qid="l03-hashes-per-item",
        prompt="Using the December 2022 rows of the GIFCT table (hashes in the database and unique items), how many hashes are there per unique item, on average?",
        answer=2_100_000 / 370_000,
        tolerance=0.1,
        hint="Divide the number of hashes by the number of unique items; both rows are approximate.",
        explanation=(
            "About 5.7. One item (a video, an image) can be stored under several hashes: different algorithms, "
            "different frames, different versions. Growth in hashes is not growth in distinct items."
        ),
        unit="hashes per item",
    ),
)

#: Each numeric answer recomputed from the data package (tests/test_checkbank.py compares them).
RECOMPUTE = {
    "l03-year-on-year": lambda: (_value("twitter_transparency", "tt_h2_2017_suspensions")
                                 / _value("twitter_transparency", "tt_h2_2016_suspensions") - 1) * 100,
    "l03-internal-count": lambda: _value("twitter_transparency", "tt_h2_2016_suspensions")
    * _value("twitter_transparency", "tt_h2_2016_share_internal_tools") / 100,
    "l03-hashes-per-item": lambda: _value("gifct_hashes", "gh_hashes_2022") / _value("gifct_hashes", "gh_unique_items_2022"),
}
