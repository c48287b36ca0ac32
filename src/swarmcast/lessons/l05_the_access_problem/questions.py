"""Self-checks for lesson 05: registration friction, detection speed, survival and lost followers."""

from ...questions import Choice, Numeric
from ...questions import row_value as _value
from ...models import accounts


QUESTIONS = (
    Numeric(
        qid="l05-other-share",
        prompt="From the Conway et al. rows, what percentage of the other jihadist accounts in their dataset were suspended?",
        answer=163 / 451 * 100,
        tolerance=0.3,
        hint="Divide the accounts suspended by the accounts in the dataset for that group, and multiply by 100.",
        explanation=(
            "About 36%, against 63% of the pro-IS accounts within about three months. Twitter treated the two groups "
            "very differently in 2017, which is what Conway et al. called differential disruption."
        ),
        unit="percent",
    ),
    Numeric(
        qid="l05-steady-state",
        prompt=(
            "In the model, a movement makes 40 sign-up attempts a day; phone verification blocks 75% of them; the "
            "accounts that get through are found after 8 days on average. About how many of its accounts are live at "
            "any moment in the long run?"
        ),
        answer=40 * 0.25 * 8,
        tolerance=1.0,
        hint="Presence = accounts that get through per day x mean lifetime in days.",
        explanation="40 x 0.25 = 10 accounts a day, each lasting 8 days on average: about 80 live at any moment.",
        unit="accounts",
    ),
    Choice(
        qid="l05-lever",
        prompt=("A platform already blocks half of a movement's sign-ups. It now also finds the accounts that get "
                "through twice as fast. In the model's long run, how much of the original presence is left?"),
        options=(
            "About half: the second lever adds nothing new.",
            "About three quarters: each lever trims the other.",
            "About a quarter: the two halvings multiply.",
            "None: two levers together remove every account.",
        ),
        correct="About a quarter: the two halvings multiply.",
        hint="Write presence as a product of two factors; what happens to a product when both factors are halved?",
        explanation=(
            "Presence is arrivals x mean lifetime: 0.5 x 0.5 = 0.25 of the original. The levers combine by "
            "multiplication; they differ in cost, in who bears it and in errors, not in this arithmetic."
        ),
        why_not={
            "About half: the second lever adds nothing new.": "Halving the lifetime halves presence whatever the arrivals are.",
            "About three quarters: each lever trims the other.": "Neither lever weakens the other in this model: the factors multiply.",
            "None: two levers together remove every account.": "Accounts still get through and live for a while; presence falls but never to zero.",
        },
    ),
    Choice(
        qid="l05-calibration",
        prompt="The model's survival curves pass close to Conway et al.'s published points. What does that show?",
        options=(
            "Little on its own: the presets were fitted to those points in the first place.",
            "That the model explains why Twitter suspended pro-IS accounts faster.",
            "That real detection delays follow the same exponential distribution as the model.",
            "That the published figures are correct, since an independent model agrees.",
        ),
        correct="Little on its own: the presets were fitted to those points in the first place.",
        hint="Read the note on the model's 2017 presets: where did their numbers come from?",
        explanation=(
            "A fitted model reproduces what it was fitted to. It becomes evidence only when it predicts something it "
            "was not fitted to, such as a curve at other days, or another platform."
        ),
        why_not={
            "That the model explains why Twitter suspended pro-IS accounts faster.": "The model has no cause in it: it was given the speeds.",
            "That the published figures are correct, since an independent model agrees.": "The model is not independent: its parameters came from those figures.",
            "That real detection delays follow the same exponential distribution as the model.": "Several distributions pass through the same two points; the other-jihadist preset even uses a Weibull.",
        },
    ),
    Choice(
        qid="l05-reach",
        prompt="Berger & Perez (2016) studied English-language IS supporters on Twitter in 2015. What pattern did they report under repeated suspension?",
        options=(
            "The number of accounts collapsed, while each remaining account's following grew.",
            "Suspensions had no measurable effect on size or on followers.",
            "Supporters moved all of their accounts to Telegram within a month.",
            "Network size stayed flat; repeat offenders lost much of their following.",
        ),
        correct="Network size stayed flat; repeat offenders lost much of their following.",
        hint="Think about what a returning account keeps and what it has to rebuild.",
        explanation=(
            "A returning supporter can open a new account in minutes but has to win its audience back. The model's "
            "drain chart reproduces that shape: the count stays near its level while followers per account fall."
        ),
        why_not={
            "The number of accounts collapsed, while each remaining account's following grew.": "Replacement kept the count up; it was the followers that suffered.",
            "Suspensions had no measurable effect on size or on followers.": "The size barely moved, but the following of repeat offenders fell sharply.",
            "Supporters moved all of their accounts to Telegram within a month.": "Their study is of Twitter in 2015 and reports no such move.",
        },
    ),
    Choice(
        qid="l05-donated",
        prompt="Torres-Soriano describes accounts being 'donated' to propagandists by others who registered them. In the model's terms, what does this do?",
        options=(
            "It makes each account last longer once it is live on the platform.",
            "It raises the share of accounts that are caught before their first post.",
            "It weakens the registration lever, so detection has to do more of the work.",
            "It has no effect in the model, because the accounts themselves are the same.",
        ),
        correct="It weakens the registration lever, so detection has to do more of the work.",
        hint="Which of the two sliders is about getting an account, and which is about keeping it?",
        explanation=(
            "Workarounds such as borrowed phones, illegally bought SIM cards or donated accounts lower the effective "
            "share blocked at registration, and shift costs onto third parties (the people whose phones or identities "
            "are used) and onto the platform's detection."
        ),
        why_not={
            "It makes each account last longer once it is live on the platform.": "Who registered an account does not change how fast it is found.",
            "It raises the share of accounts that are caught before their first post.": "A donated account has already passed the door; that makes early catches harder, not easier.",
            "It has no effect in the model, because the accounts themselves are the same.": "The accounts are alike, but they bypass the share blocked at registration.",
        },
    ),
)

#: Each numeric answer recomputed from the data package or the model (tests/test_checkbank.py compares them).
RECOMPUTE = {
    "l05-other-share": lambda: 100 * _value("conway_takedown", "ct_other_suspended") / _value("conway_takedown", "ct_other_accounts"),
    "l05-steady-state": lambda: accounts.steady_state(creation_attempts_per_day=40, share_blocked_at_registration=0.75,
                                                      mean_detection_delay_days=8).live_accounts,
}
