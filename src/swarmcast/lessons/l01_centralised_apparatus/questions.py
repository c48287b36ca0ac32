"""Self-checks for lesson 01: the centralised apparatus, sampling frames, the Twitter census, foreign fighters."""

from ...questions import Choice, Numeric
from ...questions import row_value as _value


QUESTIONS = (
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
            "Winter revised his count twice after the report was first published online.",
            "They count different things: the archive, a coded sample, a rounding.",
            "They cover three different months of the summer of 2015.",
            "Some events in the 1,146 were counted twice and later removed.",
        ),
        correct="They count different things: the archive, a coded sample, a rounding.",
        hint="Read the count_basis column of each row.",
        explanation=("Each number belongs to a sampling frame. A share computed in one frame (the themes, in the "
                     "coded sample) cannot be carried over to another (the whole archive)."),
        why_not={
            "They cover three different months of the summer of 2015.": "All three rows share the same period (check the dates).",
            "Winter revised his count twice after the report was first published online.": "Nothing in the sources says so; read what each row counts.",
            "Some events in the 1,146 were counted twice and later removed.": (
                "Nothing in the sources suggests that; the smaller numbers are a sample and a rounding."),
        },
    ),
    Numeric(
        qid="l01-english-decline",
        prompt=("Suppose, against the advice above, that Berger and Perez's 'fewer than 3,000' English-language "
                "accounts in mid-2015 and the low end of the late-2014 English-language range measured the same "
                "thing. By at least what percent would the network have shrunk? Give one decimal."),
        answer=(1 - 3000 / (0.18 * 46000)) * 100,
        tolerance=0.5,
        unit="percent",
        hint=("Start from the low end of the English-language range printed above, then compute "
              "(1 - later / earlier) x 100; 'fewer than' makes the result a floor."),
        explanation=("(1 - 3,000 / 8,280) x 100 = 63.8%, a floor. A fall of nearly two thirds is exactly the kind of "
                     "striking number that a comparison across two methods produces; the lesson's caveat is why it "
                     "cannot be reported as a measured decline."),
    ),
    Choice(
        qid="l01-foreign-fighters",
        prompt=("The source article (July 2017) credits 'more than 40,000' foreign fighters to the US government. "
                "Given the dates and verification levels in the table, which conclusion is best supported?"),
        options=(
            "The article was quoting The Soufan Center's report and named the wrong body.",
            "The US government never gave that figure, so the article's number must be false.",
            "The attribution is unverified: no US source was found, and Soufan came later.",
            "US estimates rose from 20,000 to 40,000, so recruitment doubled by 2017.",
        ),
        correct="The attribution is unverified: no US source was found, and Soufan came later.",
        hint="Compare the article's date with the date of each 40,000 row, and read the verification column.",
        explanation=("The course found no US statement of 40,000; the US figures seen are earlier and lower (over "
                     "20,000 in Feb 2015, nearly 30,000 in Sep 2015). The Soufan Center's estimate of the same size "
                     "came in October 2017, three months after the article. So: an attribution the course could not "
                     "verify, neither confirmed nor disproved."),
        why_not={
            "The article was quoting The Soufan Center's report and named the wrong body.": (
                "Check the dates: the Soufan report was published three months after the article."),
            "The US government never gave that figure, so the article's number must be false.": (
                "Not finding a statement is not proof that none was made; and an estimate of that size does exist."),
            "US estimates rose from 20,000 to 40,000, so recruitment doubled by 2017.": (
                "The 40,000 is not a US figure that was found, and cumulative counts by different bodies are not a rate."),
        },
    ),
    Choice(
        qid="l01-hubs",
        prompt=("In the explorer's simulated network of 1,000 accounts with 10 hubs, which removal cuts the reach of "
                "new official material more?"),
        options=(
            "Removing the 10 hubs (1% of the accounts).",
            "Removing 10% of the accounts at random.",
            "Both cut the reach by about the same amount.",
        ),
        correct="Removing the 10 hubs (1% of the accounts).",
        hint="Set one slider at a time and compare the reach in the summary under the chart.",
        explanation=("With every hub gone no account is joined to a source of new material, so reach falls to zero; "
                     "random loss of ten times as many accounts mostly hits spokes and leaves most of the network "
                     "reachable. Copies already spread across the swarm are outside the model."),
        why_not={
            "Removing 10% of the accounts at random.": (
                "Random removal rarely hits one of the few hubs, so most spokes stay joined to a source."),
            "Both cut the reach by about the same amount.": (
                "Ten times as many accounts go at random, yet reach barely moves; try it with one slider at a time."),
        },
    ),
)

#: Each numeric answer recomputed from the data package (tests/test_checkbank.py compares them).
RECOMPUTE = {
    "l01-per-day": lambda: _value("winter_census_2015", "wc_events") / _value("winter_census_2015", "wc_collection_days"),
    "l01-denominator": lambda: 100 * _value("winter_census_2015", "wc_bbc_civilian_life") / _value("winter_census_2015", "wc_events"),
    "l01-english-decline": lambda: 100 * (1 - _value("twitter_census_2014", "tc_bp_network_with_analysis")
                                          / (_value("twitter_census_2014", "tc_bm_language_english") / 100
                                             * _value("twitter_census_2014", "tc_bm_accounts_low"))),
}
