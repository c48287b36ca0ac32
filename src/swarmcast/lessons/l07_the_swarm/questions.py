"""Self-checks for lesson 07 (trend three: two swarms; T0 and T3): Johnson's 2015 aggregates, hub vs swarm,
the aggregate model's predictions, which aggregates to target, and what the official count says about the
second swarm.

Numeric answers are computed from the course data package or the model they are about; ``RECOMPUTE`` recomputes
each of them independently, so a changed row cannot leave a wrong answer behind.
"""

from __future__ import annotations

import math

from ... import data
from ...questions import Choice, Numeric
from ...models import aggregates as _ag


def _value(frame, row_id: str) -> float:
    rows = frame[frame["row_id"].astype(str) == row_id]
    if len(rows) != 1:
        raise ValueError(f"expected one data row {row_id!r}; found {len(rows)}")
    return float(rows["value"].iloc[0])


def _links_per_follower() -> float:
    agg = data.load("aggregates_johnson_2016")
    return _value(agg, "ag_peak_follower_links") / _value(agg, "ag_followers")


def _threshold_fall() -> float:
    return _ag.super_aggregate_threshold(n_supporters=10_000) / _ag.super_aggregate_threshold(n_supporters=100_000)


QUESTIONS = (
    Numeric(
        qid="l07-links-per-follower",
        prompt=(
            "On the busiest day the aggregates had 134,857 follower links; 108,086 individual followers were seen "
            "over the whole eight months. On that day, at least how many aggregates did the average linked follower "
            "belong to? Two decimals."
        ),
        answer=_links_per_follower(),
        tolerance=0.01,
        unit="aggregates",
        hint=(
            "The followers linked on one day can be no more than all the followers seen in eight months. Divide the "
            "links by the largest possible number of people to get the smallest possible average."
        ),
        explanation=(
            "134,857 / 108,086 = 1.25, and since fewer people may have been active that day, the true figure can only "
            "be higher: followers belonged to several aggregates at once. Dividing links by the 196 aggregates (688) "
            "would answer a different question."
        ),
    ),
    Choice(
        qid="l07-robustness",
        prompt=(
            "In 2014–15 the media offices produced the material and supporters' accounts spread it. Platforms "
            "suspended supporters' accounts. Which reading of the network model fits that situation?"
        ),
        options=(
            "A hub network under targeted removal: reach collapses once its few hubs are gone.",
            "A hub network under random removal: reach holds, since random losses rarely hit hubs.",
            "A swarm under removal: reach falls only gradually, since no few accounts carry it.",
            "A swarm under removal: reach collapses as fast as in the hub network under attack.",
        ),
        correct="A swarm under removal: reach falls only gradually, since no few accounts carry it.",
        hint=(
            "Which accounts were the platforms removing: the producers, or the crowd that re-posted? Then compare the "
            "swarm's two lines with the hub network's dashed line."
        ),
        explanation=(
            "The spreading was done by a swarm, so suspending accounts met the swarm's gradual curve (about 87% reach "
            "kept after the best-connected 5% went, with 10 sources). The hubs of 2014–15 were producers, which "
            "account suspensions did not touch. All of this holds for the invented networks, under their assumptions."
        ),
        why_not={
            "A hub network under targeted removal: reach collapses once its few hubs are gone.": (
                "That describes cutting off the producers, not suspending the crowd of accounts that spread the material."
            ),
            "A hub network under random removal: reach holds, since random losses rarely hit hubs.": (
                "The model result is right, but the spreading network of 2014–15 was not a hub network."
            ),
            "A swarm under removal: reach collapses as fast as in the hub network under attack.": (
                "Look at the swarm's dashed line: it falls slowly, because no handful of accounts carries the reach."
            ),
        },
    ),
    Choice(
        qid="l07-exponent",
        prompt=(
            "In the explorer at a fragmentation probability of 0.001, the largest aggregate holds most supporters and "
            "the fitted exponent is about 1.75, not 2.5. What is the best reading?"
        ),
        options=(
            "It is only noise: with more runs at 0.001 the fitted exponent would come back to 2.5.",
            "Shutdowns are too rare there: one aggregate takes most supporters, so the law fails.",
            "The model is wrong: it should give an exponent of 2.5 at every shutdown rate.",
            "It shows that the exponent measured on the 2015 aggregates was about 1.75, not 2.5.",
        ),
        correct="Shutdowns are too rare there: one aggregate takes most supporters, so the law fails.",
        hint=(
            "Look at the right panel at 0.001: where is it relative to the dashed threshold, and what share sits in the "
            "largest aggregate? Then ask under which condition the model predicts s^-5/2."
        ),
        explanation=(
            "The s^-5/2 law is the model's prediction when shutdowns are common. Close to the threshold (blurred in "
            "small, finite runs) one super-aggregate takes most supporters and the rest no longer follow the law. With "
            "the standard error the explorer prints (about 0.1 with its 8 runs, about 0.2 with the 3 runs of the "
            "in-browser version), 1.75 is far too far from 2.5 to be noise."
        ),
        why_not={
            "It is only noise: with more runs at 0.001 the fitted exponent would come back to 2.5.": (
                "Read the standard error printed beside the fit (0.1 to 0.2): 1.75 is four to seven standard errors from "
                "2.5. Something systematic is going on."
            ),
            "The model is wrong: it should give an exponent of 2.5 at every shutdown rate.": (
                "The model predicts 2.5 only when shutdowns are common enough; below the threshold it predicts a takeover."
            ),
            "It shows that the exponent measured on the 2015 aggregates was about 1.75, not 2.5.": (
                "The explorer shows simulated runs, not data; no source the course found measured the exponent on the 2015 data."
            ),
        },
    ),
    Numeric(
        qid="l07-threshold",
        prompt=(
            "The super-aggregate threshold is 1/(N ln N). If the potential supporters grew from 10,000 to 100,000, by "
            "what factor would the threshold fall? One decimal."
        ),
        answer=_threshold_fall(),
        tolerance=0.1,
        unit="times",
        hint=(
            "Work out N ln N for both populations (natural logarithm) and divide the larger by the smaller. N appears "
            "twice in the formula, so the answer is not simply 10."
        ),
        explanation=(
            "100,000 × ln 100,000 is 12.5 times 10,000 × ln 10,000. A larger population needs even rarer shutdowns "
            "before one super-aggregate takes over, which is why, in the model, a swarm of many aggregates is the "
            "normal state when shutdowns are common."
        ),
    ),
    Choice(
        qid="l07-policy",
        prompt=(
            "In the model's policy experiment, with the same number of bans, which policy left the fewest large "
            "aggregates (100 or more supporters) on average?"
        ),
        options=(
            "Banning the largest, since it keeps the biggest aggregate small.",
            "Banning the seeds, the small aggregates about to grow large.",
            "No extra bans, since bans scatter supporters who merge again.",
        ),
        correct="Banning the seeds, the small aggregates about to grow large.",
        hint="Read the panel on large aggregates, not the one on the biggest aggregate: the yardsticks differ.",
        explanation=(
            "Banning the seeds stops the next large aggregates forming and scatters far fewer supporters. Banning the "
            "largest keeps the single biggest aggregate small, so which policy wins depends on the yardstick."
        ),
        why_not={
            "Banning the largest, since it keeps the biggest aggregate small.": (
                "True of the biggest aggregate, but its scattered supporters feed the mid-sized ones, which grow large in turn."
            ),
            "No extra bans, since bans scatter supporters who merge again.": (
                "Scattered supporters do merge again, but with no bans more large aggregates exist at any time."
            ),
        },
    ),
    Choice(
        qid="l07-core-reading",
        prompt=(
            "The CTC count of official visual releases fell from 754 (August 2015) to 44 (June 2018). What does this "
            "fall tell you about the second swarm, the unofficial producers?"
        ),
        options=(
            "They filled the gap: about 710 releases a month moved to unofficial outlets.",
            "All pro-IS visual output, official and unofficial, fell by about 94 per cent.",
            "They shrank as well, since unofficial outlets mostly rework official material.",
            "Nothing directly: it counts the official core and leaves unofficial output out.",
        ),
        correct="Nothing directly: it counts the official core and leaves unofficial output out.",
        hint="Read the collection the rows come from: whose releases did the CTC count?",
        explanation=(
            "The count shows the space the official core left, not who filled it or how much. No source in the course "
            "counts the unofficial outlets; saying they 'replaced' the official output would go beyond the evidence."
        ),
        why_not={
            "They filled the gap: about 710 releases a month moved to unofficial outlets.": (
                "Nothing in the rows counts unofficial output, so the size of any replacement is unknown."
            ),
            "All pro-IS visual output, official and unofficial, fell by about 94 per cent.": (
                "The CTC counted official releases only; unofficial material is outside its collection."
            ),
            "They shrank as well, since unofficial outlets mostly rework official material.": (
                "Reworking old material needs no new official releases; the count cannot show the unofficial side."
            ),
        },
    ),
)

#: Recompute every Numeric answer from the data package or the model (tests/test_checkbank.py calls these).
RECOMPUTE = {
    "l07-links-per-follower": lambda: _value(data.load("aggregates_johnson_2016"), "ag_peak_follower_links")
    / _value(data.load("aggregates_johnson_2016"), "ag_followers"),
    "l07-threshold": lambda: (100_000 * math.log(100_000)) / (10_000 * math.log(10_000)),
}
