"""Self-checks for lesson 07 (trend three, the swarm; T0 and T3): the shrinking core, Johnson's aggregates,
the aggregate model's predictions, which aggregates to target, and hub vs swarm robustness.

The numeric answers are computed from the course data package, so they follow the cited rows.
"""

from __future__ import annotations

from .. import data
from ..checks import Choice, Numeric, register


def _value(frame, row_id: str) -> float:
    rows = frame[frame["row_id"].astype(str) == row_id]
    if len(rows) != 1:
        raise ValueError(f"expected one data row {row_id!r}; found {len(rows)}")
    return float(rows["value"].iloc[0])


_agg = data.load("aggregates_johnson_2016")
_ctc = data.load("ctc_visual_output")
_AGGREGATES = _value(_agg, "ag_aggregates")
_FOLLOWERS = _value(_agg, "ag_followers")
_PEAK = _value(_ctc, "cv_2018_peak_2015_08")
_LOW = _value(_ctc, "cv_2018_low_2018_06")

register(
    Numeric(
        qid="l07-core-fall",
        prompt=(
            "From the CTC rows above: by what percentage did the monthly count of official visual releases fall from "
            "the peak month to the low month? One decimal."
        ),
        answer=100.0 * (_PEAK - _LOW) / _PEAK,
        tolerance=0.15,
        hint="The fall is (peak minus low) divided by the peak, times 100. Use the two monthly_releases rows of the 2018 update.",
        explanation=(
            "This matches the fall the CTC itself states. The official core did not vanish, but it made a small "
            "fraction of its 2015 output."
        ),
        unit="percent",
    ),
    Numeric(
        qid="l07-mean-size",
        prompt=(
            "Johnson et al. counted pro-ISIS aggregates and the individual followers linked to them in 2015. If every "
            "follower counted once, what would the mean number of followers per aggregate be? Round to the nearest whole number."
        ),
        answer=_FOLLOWERS / _AGGREGATES,
        tolerance=1.0,
        hint="Divide the number of individual followers by the number of aggregates, both from the table above.",
        explanation=(
            "That is above the 'around 500' quoted in an interview. Followers can link to several aggregates and "
            "aggregates come and go, so the mean depends on how you count."
        ),
        unit="followers",
    ),
    Choice(
        qid="l07-exponent",
        prompt="What is the status of the exponent 2.5 (the s^-5/2 size law) in this lesson?",
        options=(
            "It was measured on the 196 pro-ISIS aggregates of 2015.",
            "It is the analytic prediction of the model family Johnson et al. build on; the course found no source that measured it on the 2016 data.",
            "It is a parameter the course chose so that the model looks realistic.",
        ),
        correct="It is the analytic prediction of the model family Johnson et al. build on; the course found no source that measured it on the 2016 data.",
        hint="Look at the kind and verification columns of the exponent row, and its note.",
        explanation=(
            "The model produces 5/2 from its rules (random complete fragmentation). Summaries often attach 2.5 to the "
            "2016 data, but that was not seen in any source checked: a prediction is not a measurement."
        ),
        why_not={
            "It was measured on the 196 pro-ISIS aggregates of 2015.": (
                "That is a common summary, but the exponent seen in the sources belongs to the model and to conflict data."
            ),
            "It is a parameter the course chose so that the model looks realistic.": (
                "Nothing in the model is set to 2.5: the exponent emerges from merging and shutting down."
            ),
        },
    ),
    Choice(
        qid="l07-threshold",
        prompt=(
            "The super-aggregate threshold is 1/(N ln N). If the number of potential supporters grew from 10,000 to "
            "100,000, what would change?"
        ),
        options=(
            "The threshold would rise, so platforms would have to shut aggregates down more often to stop a super-aggregate.",
            "The threshold would fall more than tenfold: even rarer shutdowns would be enough to stop one super-aggregate taking over.",
            "Nothing: the threshold does not depend on the population.",
        ),
        correct="The threshold would fall more than tenfold: even rarer shutdowns would be enough to stop one super-aggregate taking over.",
        hint="Work out N ln N for both populations; the threshold is one over it. Then ask which side of it a fixed shutdown rate is.",
        explanation=(
            "Below the threshold one aggregate swallows nearly everyone; above it the swarm of many aggregates persists. "
            "The threshold is tiny and shrinks as N grows, which is why a swarm is the normal state when shutdowns are common."
        ),
        why_not={
            "Nothing: the threshold does not depend on the population.": "N appears twice in the formula.",
        },
    ),
    Choice(
        qid="l07-policy",
        prompt=(
            "In the policy experiment, with the same number of bans, which policy left the fewest large aggregates "
            "(100 or more supporters) on average?"
        ),
        options=("No bans", "Banning the largest aggregates", "Banning small aggregates before they grow (the seeds)"),
        correct="Banning small aggregates before they grow (the seeds)",
        hint="Read the first panel of the chart, not the second: the yardstick is how many large aggregates exist, not how big the biggest is.",
        explanation=(
            "Banning the seeds stops the next large aggregates forming and scatters far fewer supporters. Banning the "
            "largest keeps the single biggest aggregate small, so the answer depends on the yardstick."
        ),
        why_not={
            "Banning the largest aggregates": (
                "It keeps the biggest aggregate smallest, but its scattered supporters feed the many mid-sized aggregates, "
                "which grow large in turn."
            ),
        },
    ),
    Choice(
        qid="l07-robustness",
        prompt="In the robustness explorer, what brings the hub-and-spoke network down fastest?",
        options=(
            "Removing accounts at random.",
            "Removing the best-connected accounts first.",
            "Nothing: it is as robust as the swarm either way.",
        ),
        correct="Removing the best-connected accounts first.",
        hint="Compare the two dashed lines (best-connected first) with the two solid ones (random).",
        explanation=(
            "Removing a handful of hubs cuts the content off from almost everyone. The swarm has no such handful, so it "
            "degrades slowly: that is why Fisher argues for countering the system, not single accounts."
        ),
        why_not={"Removing accounts at random.": "Random loss mostly hits spokes; the hubs keep content flowing."},
    ),
)
