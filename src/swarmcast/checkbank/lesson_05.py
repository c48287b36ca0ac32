"""Self-checks for lesson 05: registration friction, detection speed, survival and lost followers."""

from ..checks import Choice, Numeric, register

register(
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
        prompt="Which cuts a movement's long-run presence more: blocking half of its sign-ups, or finding its accounts twice as fast?",
        options=(
            "Blocking half of the sign-ups.",
            "Finding accounts twice as fast.",
            "Both halve presence in the long run.",
            "Neither changes presence, because new accounts replace removed ones.",
        ),
        correct="Both halve presence in the long run.",
        hint="Write presence as a product of two factors; what does halving either factor do to the product?",
        explanation=(
            "Presence is arrivals x mean lifetime, so halving either halves presence. The levers differ in cost, "
            "in who bears it and in errors, not in this arithmetic."
        ),
        why_not={
            "Neither changes presence, because new accounts replace removed ones.": "Replacement is already counted in the arrivals; the steady state still falls.",
        },
    ),
    Choice(
        qid="l05-calibration",
        prompt="The model's survival curves pass close to Conway et al.'s published points. What does that show?",
        options=(
            "That the model explains why Twitter suspended pro-IS accounts faster.",
            "Little on its own: the model's takedown parameters were chosen to hit those points, so the match checks the calibration.",
            "That the published figures are correct.",
            "That detection delays really follow an exponential distribution.",
        ),
        correct="Little on its own: the model's takedown parameters were chosen to hit those points, so the match checks the calibration.",
        hint="Read the note on the model's 2017 presets: where did their numbers come from?",
        explanation=(
            "A fitted model reproduces what it was fitted to. It becomes evidence only when it predicts something it "
            "was not fitted to, such as a curve at other days, or another platform."
        ),
        why_not={
            "That detection delays really follow an exponential distribution.": "Several distributions pass through the same two points; the other-jihadist preset even uses a Weibull.",
        },
    ),
    Choice(
        qid="l05-reach",
        prompt="Berger & Perez (2016) studied English-language IS supporters on Twitter in 2015. What pattern did they report under repeated suspension?",
        options=(
            "The number of accounts collapsed and their followers grew.",
            "The network's size stayed roughly flat, while accounts suspended again and again lost much of their following.",
            "Suspensions had no measurable effect.",
            "Supporters moved all their accounts to Telegram within a month.",
        ),
        correct="The network's size stayed roughly flat, while accounts suspended again and again lost much of their following.",
        hint="Think about what a returning account keeps and what it has to rebuild.",
        explanation=(
            "A returning supporter can open a new account in minutes but has to win its audience back. The model's "
            "drain chart reproduces that shape: the count stays near its level while followers per account fall."
        ),
    ),
    Choice(
        qid="l05-donated",
        prompt="Torres-Soriano describes accounts being 'donated' to propagandists by others who registered them. In the model's terms, what does this do?",
        options=(
            "It weakens the registration lever: accounts reach the platform without the propagandist passing its checks, so detection speed has to do more of the work.",
            "It makes accounts last longer once they are live.",
            "It has no effect, because the accounts are the same.",
            "It raises the share of accounts caught before their first post.",
        ),
        correct="It weakens the registration lever: accounts reach the platform without the propagandist passing its checks, so detection speed has to do more of the work.",
        hint="Which of the two sliders is about getting an account, and which is about keeping it?",
        explanation=(
            "Workarounds such as borrowed phones, illegally bought SIM cards or donated accounts lower the effective "
            "share blocked at registration, and shift costs onto third parties (the people whose phones or identities "
            "are used) and onto the platform's detection."
        ),
    ),
)
