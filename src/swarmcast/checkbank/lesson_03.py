"""Self-checks for lesson 03: platform takedown figures, proactive rates and hash matching."""

from ..checks import Choice, Numeric, register

register(
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
            "Add the blog total to the report's total to get all suspensions since mid-2015.",
            "The counts cover overlapping windows with different start dates, so they cannot be added, and their difference is not a count of anything.",
            "The report's total is wrong, because it should equal the blog total.",
            "The blog counts deletions and the report counts suspensions, so both can be added.",
        ),
        correct="The counts cover overlapping windows with different start dates, so they cannot be added, and their difference is not a count of anything.",
        hint="Look at the chart of windows: which bars cover the same months?",
        explanation=(
            "The blog's windows start in mid-2015 and run to August 2016, inside the report's window, which starts on "
            "1 August 2015 and runs to December 2016. Adding them counts months twice."
        ),
        why_not={
            "Add the blog total to the report's total to get all suspensions since mid-2015.": "That counts every month from August 2015 to August 2016 twice.",
            "The report's total is wrong, because it should equal the blog total.": "The two cover different windows, so they need not be equal.",
            "The blog counts deletions and the report counts suspensions, so both can be added.": "Both count suspensions; 'deleted' in news summaries is a mistake.",
        },
    ),
    Choice(
        qid="l03-proactive",
        prompt="Facebook reported that 99% of the IS and al-Qaeda content it acted on in early 2018 was not reported by users. What does that figure measure?",
        options=(
            "That Facebook found 99% of all IS and al-Qaeda content on its platform.",
            "Of the content Facebook acted on, the share its own systems and staff found before any user report.",
            "That only 1% of such content stayed online.",
            "That users stopped reporting terrorist content.",
        ),
        correct="Of the content Facebook acted on, the share its own systems and staff found before any user report.",
        hint="What is the denominator of the percentage: everything that exists, or everything that was actioned?",
        explanation=(
            "A proactive rate is a share of what was actioned. Content nobody found, by machine or by user, is in "
            "neither the numerator nor the denominator, so the rate says nothing about how much was missed."
        ),
        why_not={
            "That Facebook found 99% of all IS and al-Qaeda content on its platform.": "Content that was never found is not in the denominator.",
            "That only 1% of such content stayed online.": "The 1% is the share of actioned content that users reported first; it was removed too.",
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
    Choice(
        qid="l03-threshold",
        prompt="In the hashing lab you raise the match threshold from 8 to 20 bits with the average hash. What happens?",
        options=(
            "Recall rises (more copies caught) and precision falls (more unrelated images flagged).",
            "Recall and precision both rise.",
            "Recall falls and precision rises.",
            "Nothing changes, because the hashes stay the same.",
        ),
        correct="Recall rises (more copies caught) and precision falls (more unrelated images flagged).",
        hint="A higher threshold means any upload within more bits of a known image is flagged. Which pairs does that add?",
        explanation=(
            "Loosening the threshold flags every pair that was flagged before and more: more edited copies, and, once "
            "the threshold reaches the unrelated images' distances, more innocent images. That is the over-removal cost."
        ),
        why_not={"Recall and precision both rise.": "Extra flags can only add false matches, never remove them."},
    ),
    Choice(
        qid="l03-sha",
        prompt="In the table of one image and its copies, why does SHA-256 match the exact copy but none of the edited ones?",
        options=(
            "A cryptographic hash changes completely when any byte of the file changes, so it can only say 'identical' or 'not'.",
            "SHA-256 uses too few bits to tell images apart.",
            "The edited copies were made to attack SHA-256 in particular.",
            "SHA-256 works only on text, not on images.",
        ),
        correct="A cryptographic hash changes completely when any byte of the file changes, so it can only say 'identical' or 'not'.",
        hint="Compare the first characters of the SHA-256 digests of the known image and its re-compressed copy in the table.",
        explanation=(
            "That is the design goal of a cryptographic hash. Perceptual hashes are built for the opposite: similar "
            "pictures get similar hashes, so a distance and a threshold become possible."
        ),
        why_not={"SHA-256 uses too few bits to tell images apart.": "It has 256 bits, four times as many as the 64-bit perceptual hashes here."},
    ),
)
