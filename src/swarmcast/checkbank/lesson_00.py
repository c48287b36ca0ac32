"""Self-checks for lesson 00: reading the data package (verification levels, bounds, simulated data)."""

from ..checks import Choice, register

register(
    Choice(
        qid="l00-verification",
        prompt="A row in the data package is marked V2. What does that tell you about the figure?",
        options=(
            "It was seen in the primary source, such as the company's own report.",
            "It was seen only in a secondary source, such as a news article that quotes the primary source.",
            "Nobody has found it in any source; it should not be used.",
            "It is the second version of the figure, replacing an older one.",
        ),
        correct="It was seen only in a secondary source, such as a news article that quotes the primary source.",
        hint="Look at the verification column's description in the tour above: three levels, from primary to none.",
        explanation="V2 figures are usable with care: cite the secondary source and say that the primary was not seen.",
        why_not={
            "It was seen in the primary source, such as the company's own report.": "That is V1.",
            "Nobody has found it in any source; it should not be used.": "That is U, unverified.",
        },
    ),
    Choice(
        qid="l00-bound",
        prompt="Twitter said it had suspended 'over 125,000' accounts. How is that stored in the data package?",
        options=(
            "value 125000 with bound exact",
            "value 125000 with bound at_least",
            "value 125000 with bound at_most",
            "it is left out because it is not exact",
        ),
        correct="value 125000 with bound at_least",
        hint="'Over' tells you which side of the number the true count lies on.",
        explanation="'Over 125,000' is a floor: the true count is at least that, so adding such floors gives a floor too.",
        why_not={"value 125000 with bound exact": "The source itself did not give an exact count."},
    ),
    Choice(
        qid="l00-simulated",
        prompt="A chart in lesson 04 is captioned 'Simulated data'. What does that mean?",
        options=(
            "The numbers are real observations, smoothed for display.",
            "The numbers come from a seeded model in the course package, not from observations.",
            "The numbers were estimated by the platforms themselves.",
        ),
        correct="The numbers come from a seeded model in the course package, not from observations.",
        hint="Where does a seeded model get its numbers from?",
        explanation="A model shows what follows from its assumptions; the same seed gives the same numbers every run.",
    ),
)
