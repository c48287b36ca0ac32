"""Lesson 05's explorer: the access problem, seen through the accounts birth-death model.

Why: Torres-Soriano (2019) argues that once the big platforms find accounts quickly, a movement's problem is
getting onto them at all. The explorer binds the model's two levers, registration friction and detection speed
(sliders built from ``AccountsParams``), to the number of live accounts and the followers they hold, drawn by
this lesson's ``presence_chart``. Source: ``swarmcast.models.accounts`` (an M/G/infinity queue).
"""

from __future__ import annotations

from ..._validate import check_int, check_number, check_seed
from ...models.accounts import BASELINE, AccountsParams, compare_presence, presence_run
from ...params import control, spec
from ...explorer import simulated_explorer
from .charts import presence_chart

__all__ = ["presence_explorer"]


def presence_explorer(
    *,
    seed: int,
    creation_attempts_per_day: float = 20.0,
    days: int = 180,
    share_blocked_at_registration: float = 0.0,
    mean_detection_delay_days: float = 30.0,
):
    """The lesson 05 explorer: sliders for registration friction (first) and detection speed.

    Why: students see that presence is accounts getting through per day times how long they last, so a platform
    can cut it at the door or by finding accounts sooner; and that reach falls faster than the account count.
    Each move re-runs the seeded simulation (a few thousand accounts, about a millisecond).
    Source: ``swarmcast.models.accounts.simulate_accounts`` and ``steady_state`` (M/G/infinity queue).
    """
    seed = check_seed(seed)
    rate = _in_slider_range("creation_attempts_per_day", creation_attempts_per_day)
    days = check_int("days", days, low=30, high=720)
    blocked = _in_slider_range("share_blocked_at_registration", share_blocked_at_registration)
    delay = _in_slider_range("mean_detection_delay_days", mean_detection_delay_days)
    base_run = presence_run(creation_attempts_per_day=rate, days=days, seed=seed, **BASELINE)
    controls = {
        "share_blocked_at_registration": control(AccountsParams, "share_blocked_at_registration", value=blocked),
        "mean_detection_delay_days": control(AccountsParams, "mean_detection_delay_days", value=float(round(delay)), whole_steps=True),
    }

    def compute(share_blocked_at_registration, mean_detection_delay_days):
        run = presence_run(
            share_blocked_at_registration=share_blocked_at_registration,
            mean_detection_delay_days=float(mean_detection_delay_days),
            creation_attempts_per_day=rate, days=days, seed=seed,
        )
        return compare_presence(run, base_run, share_blocked_at_registration=share_blocked_at_registration,
                                mean_detection_delay_days=mean_detection_delay_days)

    def render(result, _values):
        return presence_chart(result=result)

    def summarise(result, _values):
        s = result.steady
        share = result.mean_reach / result.baseline_mean_reach if result.baseline_mean_reach > 0 else float("nan")
        share_text = "under 1%" if share < 0.01 else f"{100 * share:,.0f}%"
        days_text = f"{s.mean_lifetime_days:.0f} day{'' if round(s.mean_lifetime_days) == 1 else 's'}"
        return (
            f"Simulated. {s.accounts_per_day:.0f} accounts a day get through registration and last {days_text} "
            f"on average, so about {s.live_accounts:,.0f} are live at any time (simulated mean "
            f"{result.mean_live_accounts:,.0f}). Together they hold about {result.mean_reach:,.0f} followers: "
            f"{share_text} of the reach with no friction and 30-day detection."
        )

    return simulated_explorer(
        controls, compute, render, summarise,
        source="Simulated with swarmcast.models.accounts (M/G/infinity birth-death model); follower rule after Berger & Perez (2016).",
        instructions=(
            f"{rate:.0f} sign-up attempts a day (seed {seed}). Block a share of them at registration, or change how "
            "long an account lasts before it is found; the grey line keeps the no-friction, 30-day baseline."
        ),
    )


def _in_slider_range(name: str, value) -> float:
    """An explorer argument: within the range the explorer's slider for it offers (declared in AccountsParams)."""
    lo, hi, _step = spec(AccountsParams, name).slider
    return check_number(name, value, low=lo, high=hi)
