"""Lesson 08 explorer: the attention model behind sliders (threat volume, follow-through) and the statement toggle.

Why: students see saturation, churn and the paradox move together, and what the 2018 "official channels only"
statement changes. The sliders are built from the model's own declarations (swarmcast.models.attention.
AttentionParams); the run is shaped by the model's ``attention_blocks`` and drawn by this lesson's charts.
Source: the course's stylised attention model, illustrating M.R. Torres-Soriano (2019).
"""

from __future__ import annotations

import numpy as np

from ..._validate import check_int, check_seed
from ...explorer import Explorer
from ...explorer import simulated_explorer
from ...models.attention import AttentionParams, attention_blocks, simulate_attention
from ...params import control
from .charts import MODEL_SOURCE, attention_timeline_chart

__all__ = ["attention_explorer"]


def attention_explorer(*, seed: int = 7, days: int = 364, statement_day: int = 182) -> Explorer:
    """An explorer over the attention model: unofficial threat volume and follow-through, and the statement.

    Why: students see saturation (more threats, less coverage each), churn (empty threats discredit brands,
    which are replaced) and the paradox (unofficial noise crowds out the official brand) move together, and
    what the "official channels only" statement changes. Source: the course's attention model (stylised).
    """
    import ipywidgets as w

    seed = check_seed(seed)
    days = check_int("days", days, low=56, high=1095)
    statement_day = check_int("statement_day", statement_day, low=1, high=days - 1)
    volume = control(AttentionParams, "threats_per_day_unofficial", width="26em")
    follow = control(AttentionParams, "follow_through_unofficial", width="30em")
    statement = w.Checkbox(value=False, description=f"official 'trust official channels only' statement on day {statement_day}",
                           indent=False, layout=w.Layout(width="34em"))

    def compute(volume, follow_through, statement):
        res = simulate_attention(
            days=days,
            threats_per_day_unofficial=volume,
            follow_through_unofficial=follow_through,
            official_statement_day=statement_day if statement else None,
            seed=seed,
        )
        return {"result": res, "blocks": attention_blocks(res.daily)}

    def render(out, values):
        return attention_timeline_chart(blocks=out["blocks"], statement_day=statement_day if values["statement"] else None)

    def summarise(out, values):
        res = out["result"]
        off = "no coverage at all" if np.isnan(res.official_share_of_coverage) else f"{res.official_share_of_coverage:.0%} of all coverage"
        text = (
            f"With {values['volume']:g} unofficial threats a day, {values['follow_through']:.0%} of them followed by any "
            f"event: the press covered {res.coverage_rate:.1%} of all threats; {res.n_brands_replaced:,} unofficial brands "
            f"were discredited and replaced; the official brand got {off}."
        )
        if values["statement"]:
            d = res.daily
            on_day = int(d.loc[statement_day, "n_brands_replaced"])
            text += f" On the statement day {on_day} brands were abandoned at once."
        return text

    return simulated_explorer(
        {"volume": volume, "follow_through": follow, "statement": statement}, compute, render, summarise,
        source=MODEL_SOURCE,
        instructions=(
            "Move the sliders: raise the volume of unofficial threats, then lower their follow-through. "
            "Tick the box to add the official statement and watch the brands and the official share."
        ),
    )
