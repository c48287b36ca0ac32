"""Self-checks for lesson 04: perceptual hashing, the match threshold, and what user reports leave in the data."""

from ...questions import Choice, Numeric
from ...questions import row_value as _value


QUESTIONS = (
    Choice(
        qid="l04-threshold",
        prompt="In the hashing lab you raise the match threshold from 8 to 20 bits with the average hash. What happens?",
        options=(
            "Recall and precision both rise, since the lab now sees more of each image.",
            "Recall falls and precision rises, since only the very closest copies still match.",
            "Nothing changes, since every image keeps the same 64-bit hash as before.",
            "Recall rises and precision falls, since more copies and more strangers match.",
        ),
        correct="Recall rises and precision falls, since more copies and more strangers match.",
        hint="A higher threshold means any upload within more bits of a known image is flagged. Which pairs does that add?",
        explanation=(
            "Loosening the threshold flags every pair that was flagged before and more: more edited copies, and, once "
            "the threshold reaches the unrelated images' distances, more innocent images. That is the over-removal cost."
        ),
        why_not={
            "Recall and precision both rise, since the lab now sees more of each image.": "The hash is the same; extra flags can only add false matches, never remove them.",
            "Recall falls and precision rises, since only the very closest copies still match.": "That is what a lower threshold does: the flagged set shrinks.",
            "Nothing changes, since every image keeps the same 64-bit hash as before.": "The hashes stay the same, but the rule for calling two of them a match changes.",
        },
    ),
    Choice(
        qid="l04-sha",
        prompt="In the table of one image and its copies, why does SHA-256 match the exact copy but none of the edited ones?",
        options=(
            "SHA-256 has too few bits to tell two similar images apart reliably.",
            "Any change to the file's bytes changes a cryptographic hash completely.",
            "The edited copies in the lab were designed to attack SHA-256 in particular.",
            "SHA-256 reads the file's name and date, which change when it is edited.",
        ),
        correct="Any change to the file's bytes changes a cryptographic hash completely.",
        hint="Compare the first characters of the SHA-256 digests of the known image and its re-compressed copy in the table.",
        explanation=(
            "That is the design goal of a cryptographic hash: it can only say 'identical' or 'not'. Perceptual hashes "
            "are built for the opposite: similar pictures get similar hashes, so a distance and a threshold become possible."
        ),
        why_not={
            "SHA-256 has too few bits to tell two similar images apart reliably.": "It has 256 bits, four times as many as the 64-bit perceptual hashes here.",
            "The edited copies in the lab were designed to attack SHA-256 in particular.": "They are ordinary edits (re-compression, rescaling, noise); any edit breaks the match.",
            "SHA-256 reads the file's name and date, which change when it is edited.": "A hash is computed from the file's content only; name and date play no part.",
        },
    ),
    Numeric(
        qid="l04-user-share",
        prompt=(
            "Facebook acted on about 1.9 million items of IS and al-Qaeda content in January-March 2018 (row "
            "pp_fb_2018_q1_actioned) and said 99% of them were not reported by users (the table above). About how many "
            "of those items did users report first?"
        ),
        answer=1_900_000 * (100 - 99) / 100,
        tolerance=1000,
        hint="The share reported by users is what is left of 100% after the share not reported by users.",
        explanation=(
            "About 19,000 items, 1% of 1.9 million. That is a count of reports that came first for removed content; it "
            "cannot show the reports that trained the tools, or exposure and ridicule, which remove nothing."
        ),
        unit="items",
    ),
)

#: Each numeric answer recomputed from the data package (tests/test_checkbank.py compares them).
RECOMPUTE = {
    "l04-user-share": lambda: _value("platform_proactive", "pp_fb_2018_q1_actioned")
    * (100 - _value("platform_proactive", "pp_fb_2018_q1_share_not_user_reported")) / 100,
}
