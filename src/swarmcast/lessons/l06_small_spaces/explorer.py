"""Lesson 06 explorer: removal effort on one platform or coordinated across all, and where clusters go.

Why: the ``platforms`` model lets students spend the same removal effort either every day on the largest platform
or on coordinated action days across all platforms, and see reach by platform and the share of clusters pushed
off the largest one. The sliders are the model's own declarations (``PlatformsParams``); runs come from
``models.platforms.run_migration`` and are drawn by this lesson's ``reach_chart``.
Source: the course's stylised multi-platform model, after Johnson et al. (2019) and Amarasingam, Maher & Winter
(2021). Every output here is simulated.
"""

from __future__ import annotations

from ..._validate import check_number, check_seed
from ...models.platforms import SETTLE_DAYS, MigrationRun, PlatformsParams, check_run_days, run_migration
from ...params import control
from ...explorer import simulated_explorer
from .charts import MODEL_SOURCE, reach_chart

__all__ = ["platform_explorer"]


def platform_explorer(*, seed: int = 5, days: int = 150, max_effort: float = 10.0):
    """Sliders for the extra removal effort and the share spent on coordinated action days; reach by platform.

    Why: students find for themselves that effort on one platform displaces clusters (the share off the largest
    platform rises) and that coordination pays only above a certain effort. Source: the course's platforms model.
    One run of ``days`` days per new setting (about 11 ms for 150 days); runs are kept, so returning to a setting
    only redraws, and the runs with nothing on action days are made when the explorer is built.
    """
    seed = check_seed(seed)
    days = check_run_days(days)
    top = check_number("max_effort", max_effort, low=1, high=50)
    baseline = run_migration(removal_effort=0.0, coordination=0.0, days=days, seed=seed)
    effort = control(PlatformsParams, "removal_effort", width="30em")
    effort.max = top  # the explorer's own upper end (max_effort)
    coordination = control(PlatformsParams, "coordination", width="36em")
    runs = {(0.0, 0.0): baseline}  # every run is kept: moving back to a setting only redraws
    # The lesson's first step is to raise the effort with nothing on action days: those runs (one per slider step,
    # about 11 ms each) are made here, so that sweep answers at once (up to 25 steps: 0.3 s for the default range).
    steps = [round(effort.step * k, 10) for k in range(1, int(round(top / effort.step)) + 1)]
    for value in steps if len(steps) <= 25 else ():
        runs[(float(value), 0.0)] = run_migration(removal_effort=value, coordination=0.0, days=days, seed=seed)

    def compute(removal_effort, coordination):
        key = (float(removal_effort), float(coordination) if removal_effort > 0 else 0.0)
        if key not in runs:
            runs[key] = run_migration(removal_effort=removal_effort, coordination=coordination, days=days, seed=seed)
        return runs[key]

    def _sentence(run: MigrationRun) -> str:
        change = run.mean_reach / baseline.mean_reach - 1.0
        if run.removal_effort == 0:
            effort_text = "No extra removals: each platform's own moderators only."
        else:
            effort_text = (
                f"{run.removal_effort:g} extra removals a day, {run.coordination:.0%} of them on coordinated action days "
                f"and {1 - run.coordination:.0%} every day on the {run.largest_platform}."
            )
        return (
            f"{effort_text} Mean total reach after day {SETTLE_DAYS}: {run.mean_reach:,.0f} "
            f"({change:+.0%} against no extra removals). {run.share_off_largest:.0%} of live clusters sit off the "
            f"{run.largest_platform} ({baseline.share_off_largest:.0%} with no extra removals), and "
            f"{run.share_on_smaller:.0%} on the messaging service and the two start-ups ({baseline.share_on_smaller:.0%})."
        )

    def render(run: MigrationRun, values):
        return reach_chart(
            daily=run.daily,
            totals=run.totals,
            baseline_share=baseline.share_off_largest,
            description="Stacked reach of each platform's clusters by day; dashed lines mark action days. Below: the "
            "share of live clusters not on the largest platform, the dashed line giving it with no extra removals. "
            + _sentence(run),
            subtitle=f"{days} simulated days, seed {seed}",
        )

    def summarise(run: MigrationRun, values):
        return _sentence(run)

    return simulated_explorer(
        {"removal_effort": effort, "coordination": coordination}, compute, render, summarise, source=MODEL_SOURCE,
        instructions=(
            "Raise the extra removal effort with the share on action days at 0%, then move the share to 100%. "
            "Watch the total height of the stack (reach) and the lower line (clusters pushed off the largest platform)."
        ),
    )
