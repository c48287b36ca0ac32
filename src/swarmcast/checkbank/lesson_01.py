"""Self-checks for lesson 01: the centralised apparatus, sampling frames, the Twitter census, foreign fighters."""

from ..checks import Choice, Numeric, register

register(
    Numeric(
        qid="l01-per-day",
        prompt=("From the table of Winter's census: how many propaganda events a day did the whole archive hold on "
                "average over the collection window? Give one decimal."),
        answer=38.2,
        tolerance=0.1,
        unit="events a day",
        hint="Divide the count of the whole archive by the number of days collected (both are rows of the table).",
        explanation=("1,146 / 30 = 38.2 events a day, which the press rounded to 38. An 'event' is a batch of "
                     "material released together, not a single image or video."),
    ),
    Numeric(
        qid="l01-denominator",
        prompt=("The BBC counted 469 items on civilian life. What share of Winter's whole archive of 1,146 events "
                "would that be, in percent? Give one decimal."),
        answer=40.9,
        tolerance=0.15,
        unit="percent",
        hint="Same numerator, a different denominator: divide by the count of the whole archive this time.",
        explanation=("469 / 1,146 = 40.9%: not 'more than half'. The BBC's 'more than half' holds against its own "
                     "rounder total of about 900 (and against the 892-item coded sample), not against the archive."),
    ),
    Choice(
        qid="l01-sampling-frame",
        prompt="Why do Winter's study and reports of it give 1,146, 892 and 900 for the same 30 days?",
        options=(
            "They count different things: the whole archive of events, the sample coded for themes, and a news "
            "outlet's rounded figure.",
            "Winter corrected his count twice after publication.",
            "They cover different months of 2015.",
            "Some events were double-counted in the 1,146.",
        ),
        correct=("They count different things: the whole archive of events, the sample coded for themes, and a news "
                 "outlet's rounded figure."),
        hint="Read the count_basis column of each row.",
        explanation=("Each number belongs to a sampling frame. A share computed in one frame (the themes, in the "
                     "coded sample) cannot be carried over to another (the whole archive)."),
        why_not={
            "They cover different months of 2015.": "All three rows share the same period (check the dates).",
            "Some events were double-counted in the 1,146.": (
                "Nothing in the sources suggests that; the smaller numbers are a sample and a rounding."),
        },
    ),
    Numeric(
        qid="l01-english-accounts",
        prompt=("Berger and Morgan estimate at least 46,000 supporter accounts, and about 18% of profiles were in "
                "English. Roughly how many English-language supporter accounts does the low estimate imply?"),
        answer=8280.0,
        tolerance=20.0,
        unit="accounts",
        hint="Multiply the lower account estimate by the English share written as a fraction.",
        explanation=("0.18 x 46,000 = 8,280 (and 12,600 with the high estimate). Both inputs are approximate, so "
                     "say 'roughly 8,000 to 13,000', not '8,280'."),
    ),
    Choice(
        qid="l01-foreign-fighters",
        prompt="Who produced the estimate of more than 40,000 foreign fighters that the source article quotes?",
        options=(
            "The US government.",
            "The Soufan Center, a private research centre, in October 2017.",
            "The CTC at West Point.",
            "The United Nations.",
        ),
        correct="The Soufan Center, a private research centre, in October 2017.",
        hint="Look at the attributed_to and verification columns of the rows with the value 40,000.",
        explanation=("The source article credits the US government, but the estimate seen is the Soufan Center's. "
                     "US figures that were seen are lower and earlier: over 20,000 (Feb 2015) and nearly 30,000 "
                     "(Sep 2015)."),
        why_not={
            "The US government.": (
                "That is the source article's attribution, and it is marked U: no US statement with this number "
                "was found."),
        },
    ),
    Choice(
        qid="l01-hubs",
        prompt=("In the explorer's simulated network of 1,000 accounts with 10 hubs, which removal cuts the reach of "
                "official content more?"),
        options=(
            "Removing the 10 hubs (1% of accounts).",
            "Removing 10% of accounts at random.",
            "Both cut reach by about the same amount.",
        ),
        correct="Removing the 10 hubs (1% of accounts).",
        hint="Set one slider at a time and compare the reach in the summary under the chart.",
        explanation=("With every hub gone no account is joined to a source, so reach falls to zero; random loss of "
                     "ten times as many accounts mostly hits spokes and leaves most of the network reachable."),
        why_not={
            "Removing 10% of accounts at random.": (
                "Random removal rarely hits one of the few hubs, so most spokes stay joined to a source."),
        },
    ),
)
