"""Self-checks for lesson 06 (trend two, colonising small spaces): action days, TamTam, TCAP rates, the model.

The numeric answers are computed from the course data package, so they follow the cited rows.
"""

from __future__ import annotations

from ... import data
from ...questions import Choice, Numeric
from ...questions import row_value as _value_of


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

QUESTIONS = (
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
            "Action days are far more efficient: four days beat a whole year.",
            "The 2019 figure must be wrong: a year cannot hold less than four days.",
            "Together the two figures put 2019 at about 51,000 items in all.",
            "Nothing about efficiency: different actors count different steps.",
        ),
        correct="Nothing about efficiency: different actors count different steps.",
        hint="Read who took part in the action and what verb each row counts.",
        explanation=(
            "The action involved twelve member states and nine companies as well as Europol, and counted referrals; the "
            "annual figure is items the EU unit itself assessed. Different bases cannot be compared or added."
        ),
        why_not={
            "Action days are far more efficient: four days beat a whole year.": (
                "That compares a count made by many national units and companies with one made by a single unit."
            ),
            "Together the two figures put 2019 at about 51,000 items in all.": (
                "Adding counts with different bases, and possibly overlapping items, gives a number that means nothing."
            ),
            "The 2019 figure must be wrong: a year cannot hold less than four days.": (
                "Both can be right: the action's count was made by twelve states and nine companies, the annual one by one unit."
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
            "It rises sharply: policing one platform only makes matters worse.",
            "It barely changes: the clusters have already moved elsewhere.",
            "It keeps falling steadily: more removals mean less reach.",
        ),
        correct="It barely changes: the clusters have already moved elsewhere.",
        hint="Look at the lower panel of the explorer: where are the clusters once the effort passes about one removal a day?",
        explanation=(
            "This is diminishing returns. In this model single-platform policing does not make things worse; it stops "
            "helping once the clusters have moved."
        ),
        why_not={
            "It keeps falling steadily: more removals mean less reach.": (
                "It falls at first; past about one removal a day there is little left on the largest platform to remove."
            ),
            "It rises sharply: policing one platform only makes matters worse.": (
                "Johnson et al. (2019) warn that it can, but this stylised model shows a plateau, not a rise."
            ),
        },
    ),
    Choice(
        qid="l06-costs",
        prompt=("After a takedown campaign, a government reports that pro-IS posts on the big platforms fell by half. "
                "Which reading of that figure does this lesson support?"),
        options=(
            "Half of the audience was lost, since posts and audience always move together.",
            "The campaign failed, since removal always pushes activity elsewhere.",
            "Less is visible on big platforms; activity may have moved out of sight.",
            "Small platforms gained exactly the posts that the big platforms lost.",
        ),
        correct="Less is visible on big platforms; activity may have moved out of sight.",
        hint="Think about who can still observe a channel after it moves, and what a count on the big platforms cannot see.",
        explanation=(
            "A count on the big platforms measures what is visible there. Displacement trades a large audience for a "
            "darker place (the GWU study found most of its Telegram sample private), and shifts the moderation burden "
            "to small companies with few staff."
        ),
        why_not={
            "Half of the audience was lost, since posts and audience always move together.": "Audience can follow links to other places; posts counted on one platform do not measure it.",
            "The campaign failed, since removal always pushes activity elsewhere.": "Displacement is a cost, not proof of failure: the mass audience of the big platforms is harder to reach.",
            "Small platforms gained exactly the posts that the big platforms lost.": "Nothing counts activity in private spaces, so no such balance can be drawn.",
        },
    ),
)

#: Each numeric answer recomputed from the data package by row id (tests/test_checkbank.py compares them).
def _tcap_gap_change() -> float:
    rows = data.load("small_platforms")
    rows = rows[rows["measure"] == "share_removed_after_alert"]
    rates = rows.set_index([rows["content_group"].astype(str), rows["period_start"].dt.year])["value"]
    return (rates[("islamist", 2020)] - rates[("far_right", 2020)]) - (rates[("islamist", 2021)] - rates[("far_right", 2021)])


RECOMPUTE = {
    "l06-new-channels": lambda: _value_of("crest_telegram", "cr_2019_new_channels") / _value_of("crest_telegram", "cr_2018_new_channels"),
    "l06-tamtam": lambda: 100 * _value_of("small_platforms", "sp_tamtam_channels_blocked") / _value_of("small_platforms", "sp_tamtam_channels_found"),
    "l06-tcap-gap": _tcap_gap_change,
}
