"""Self-checks for lesson 06 (trend two, colonising small spaces): action days, TamTam, TCAP rates, the model.

The numeric answers are computed from the course data package, so they follow the cited rows.
"""

from __future__ import annotations

from .. import data
from ..checks import Choice, Numeric, register


def _value(frame, **where) -> float:
    rows = frame
    for column, wanted in where.items():
        rows = rows[rows[column].astype(str) == wanted]
    if len(rows) != 1:
        raise ValueError(f"expected one data row for {where}; found {len(rows)}")
    return float(rows["value"].iloc[0])


_crest = data.load("crest_telegram")
_small = data.load("small_platforms")
_NEW_2018 = _value(_crest, action_day="2018_10", measure="new_channels_after_action_day")
_NEW_2019 = _value(_crest, action_day="2019_11", measure="new_channels_after_action_day")
_TAMTAM_FOUND = _value(_small, actor="tamtam", measure="terrorism_related_channels_found")
_TAMTAM_BLOCKED = _value(_small, actor="tamtam", measure="channels_blocked")
_ACTION_ITEMS = _value(_small, actor="eu_action_day", measure="items_referred")
_IRU_2019 = _value(_small, actor="eu_iru", measure="items_assessed", period_start="2019-01-01")
_rates = _small[_small["measure"] == "share_removed_after_alert"]
_GAP_Y1 = _value(_rates, content_group="islamist", period_start="2020-12-01") - _value(_rates, content_group="far_right", period_start="2020-12-01")
_GAP_Y2 = _value(_rates, content_group="islamist", period_start="2021-12-01") - _value(_rates, content_group="far_right", period_start="2021-12-01")

register(
    Numeric(
        qid="l06-new-channels",
        prompt=(
            "Using the CREST table above: how many times as many new channels appeared after the November 2019 "
            "action day as after the October 2018 one? Give one or two decimals."
        ),
        answer=_NEW_2019 / _NEW_2018,
        tolerance=0.05,
        hint="Take the row new_channels_after_action_day and divide the later action day's value by the earlier one's.",
        explanation=(
            "Many more replacement channels, but each lived a few weeks instead of most of a year: the count of "
            "channels alone says nothing about how much of the network survived."
        ),
        unit="times",
    ),
    Numeric(
        qid="l06-tamtam",
        prompt=(
            "From the TamTam rows above: what share of the terrorism-related channels found on the smaller app were "
            "blocked within days? Answer in percent, one decimal."
        ),
        answer=100.0 * _TAMTAM_BLOCKED / _TAMTAM_FOUND,
        tolerance=0.15,
        hint="Blocked channels divided by channels found, times 100.",
        explanation=(
            "A small company acted within days once the move was public. Small is not the same as unwilling: "
            "visibility and outside help matter as much as size."
        ),
        unit="percent",
    ),
    Numeric(
        qid="l06-tcap-gap",
        prompt=(
            "In the TCAP rows, the removal rate for Islamist content was well above the far-right rate in both years. "
            "By how many percentage points did that gap narrow from year one to year two?"
        ),
        answer=_GAP_Y1 - _GAP_Y2,
        tolerance=0.5,
        hint="Work out the gap (Islamist minus far-right) for each year first, then compare the two gaps.",
        explanation=(
            "The gap narrowed from both ends: one rate fell, the other rose. Remember the far-right rate rests on far "
            "fewer alerts, so it can move a lot from year to year."
        ),
        unit="percentage points",
    ),
    Choice(
        qid="l06-iru-compare",
        prompt=(
            f"The November 2019 action referred over {_ACTION_ITEMS:,.0f} items in four days; the EU IRU assessed "
            f"{_IRU_2019:,.0f} items in the whole of 2019. What can you conclude?"
        ),
        options=(
            "The four-day action handled more content than the unit did all year, so action days are far more efficient.",
            "Nothing about efficiency: the counts cover different actors and different steps (referred vs assessed).",
            "The two figures overlap, so 2019 saw about 51,000 items in total.",
            "The 2019 figure must be wrong, because a year cannot be smaller than four days.",
        ),
        correct="Nothing about efficiency: the counts cover different actors and different steps (referred vs assessed).",
        hint="Read who took part in the action and what verb each row counts.",
        explanation=(
            "The action involved twelve member states and nine companies as well as Europol, and counted referrals; the "
            "annual figure is items the EU unit itself assessed. Different bases cannot be compared or added."
        ),
        why_not={
            "The four-day action handled more content than the unit did all year, so action days are far more efficient.": (
                "That compares a count made by many national units and companies with one made by a single unit."
            ),
            "The two figures overlap, so 2019 saw about 51,000 items in total.": (
                "Adding counts with different bases, and possibly overlapping items, gives a number that means nothing."
            ),
        },
    ),
    Choice(
        qid="l06-crossover",
        prompt=(
            "In the platforms model, with all the extra effort spent every day on the largest platform, what happens "
            "to total reach as the effort rises from 2 to 8 removals a day?"
        ),
        options=(
            "It keeps falling steadily: more removals always mean less reach.",
            "It barely changes: the clusters have already left the largest platform, so extra effort there finds little to remove.",
            "It rises sharply: policing one platform always makes matters worse.",
        ),
        correct="It barely changes: the clusters have already left the largest platform, so extra effort there finds little to remove.",
        hint="Look at the lower panel of the explorer: where are the clusters once the effort passes about one removal a day?",
        explanation=(
            "This is diminishing returns. In this model single-platform policing does not make things worse; it stops "
            "helping once the clusters have moved."
        ),
        why_not={
            "It rises sharply: policing one platform always makes matters worse.": (
                "Johnson et al. (2019) warn that it can, but this stylised model shows a plateau, not a rise."
            ),
        },
    ),
    Choice(
        qid="l06-costs",
        prompt="Which of these is a cost of pushing extremist communities off the big platforms, as discussed in this lesson?",
        options=(
            "Communities move to private or encrypted spaces that are harder for researchers, moderators and police to see.",
            "Big platforms lose most of their ordinary users.",
            "Propaganda output rises, because removal always backfires.",
        ),
        correct="Communities move to private or encrypted spaces that are harder for researchers, moderators and police to see.",
        hint="Think about who can still observe a channel after it moves, and who pays for moderating it.",
        explanation=(
            "Displacement trades a large audience for a darker place, and shifts the moderation burden to small companies "
            "with few staff."
        ),
    ),
)
