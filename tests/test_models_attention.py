"""Promises of swarmcast.models.attention: saturation, credibility, brand churn and the paradox."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from swarmcast.models.attention import simulate_attention

SEEDS = (0, 1, 2)


def _mean(attr: str, **kw) -> float:
    """Average a scalar result over a few fixed seeds, to compare settings within noise."""
    return float(np.mean([getattr(simulate_attention(seed=s, **kw), attr) for s in SEEDS]))


def test_same_seed_gives_the_same_run_and_output_is_labelled_simulated():
    a = simulate_attention(seed=5, official_statement_day=100)
    b = simulate_attention(seed=5, official_statement_day=100)
    c = simulate_attention(seed=6, official_statement_day=100)
    pd.testing.assert_frame_equal(a.daily, b.daily)
    pd.testing.assert_frame_equal(a.brands, b.brands)
    assert not a.daily["covered"].equals(c.daily["covered"])
    assert a.simulated is True
    assert a.daily.attrs["simulated"] is True and a.brands.attrs["simulated"] is True
    assert len(a.daily) == 365


def test_tables_account_for_every_threat_and_every_replaced_brand():
    r = simulate_attention(seed=3, follow_through_unofficial=0.05)
    d, b = r.daily, r.brands
    assert b["threats"].sum() == d["threats"].sum()
    assert b["covered"].sum() == d["covered"].sum()
    assert r.n_brands_replaced == d["n_brands_replaced"].sum() == b["replaced"].sum() > 0
    assert (b["kind"] == "official").sum() == 1 and not b.loc[b["kind"] == "official", "replaced"].any()
    dead = b[b["replaced"]]
    assert (dead["died_day"] >= dead["born_day"]).all()
    assert (dead["final_credibility"] < 0.15).all()
    assert (b.loc[~b["replaced"] & (b["kind"] == "unofficial"), "final_credibility"] >= 0.15).all()
    assert (b["covered"] <= b["threats"]).all() and (d["covered"] <= d["threats"]).all()
    assert b["brand_id"].is_unique
    # five unofficial slots are always filled: alive unofficial brands at the end == 5
    assert (~b["replaced"] & (b["kind"] == "unofficial")).sum() == 5
    assert r.coverage_rate == pytest.approx(d["covered"].sum() / d["threats"].sum())


def test_coverage_per_threat_falls_as_threats_per_day_rise():
    # Saturation alone: everyone always follows through, so credibility stays high.
    rates = [0.5, 1, 2, 5, 10, 20, 40]
    cov = [
        _mean(
            "coverage_rate",
            threats_per_day_unofficial=r,
            threats_per_day_official=0.0,
            follow_through_unofficial=1.0,
        )
        for r in rates
    ]
    assert all(x > y for x, y in zip(cov, cov[1:])), cov
    assert cov[0] > 4 * cov[-1]


def test_saturation_matches_the_steady_state_formula():
    # After the transient, remembered threats average rate / (1 - exp(-1 / memory_days)); credibility ~ 1.
    rate, memory, half, news = 10.0, 14.0, 20.0, 0.9
    expected_memory = rate / (1 - math.exp(-1 / memory))
    expected = news / (1 + expected_memory / half)
    covered = threats = 0
    remembered = []
    for s in range(5):
        d = simulate_attention(
            days=1000,
            threats_per_day_unofficial=rate,
            threats_per_day_official=0.0,
            follow_through_unofficial=1.0,
            half_saturation_threats=half,
            memory_days=memory,
            newsworthiness=news,
            seed=s,
        ).daily.iloc[150:]
        covered += d["covered"].sum()
        threats += d["threats"].sum()
        remembered.append(d["remembered_threats"].mean())
    assert np.mean(remembered) == pytest.approx(expected_memory, rel=0.02)
    assert covered / threats == pytest.approx(expected, rel=0.06)


def test_lower_follow_through_gives_lower_coverage_over_time():
    # Without churn a brand carries its record: the emptier its threats, the less it is covered late on.
    fts = [0.0, 0.1, 0.3, 0.6, 0.9]
    late = []
    for ft in fts:
        runs = [
            simulate_attention(
                seed=s, follow_through_unofficial=ft, replace_below_credibility=0.0, threats_per_day_official=0.0
            )
            for s in SEEDS
        ]
        late.append(np.mean([r.daily["coverage_rate"].iloc[-90:].mean() for r in runs]))
    assert all(x < y for x, y in zip(late, late[1:])), late
    assert late[0] < 0.1 * late[-1]


def test_credibility_converges_to_the_follow_through_rate():
    r = simulate_attention(
        seed=4, follow_through_unofficial=0.3, replace_below_credibility=0.0, threats_per_day_unofficial=5.0
    )
    assert r.daily["mean_unofficial_credibility"].iloc[-1] == pytest.approx(0.3, abs=0.04)
    assert r.n_brands_replaced == 0


def test_more_empty_threats_mean_more_replaced_brands():
    fts = [0.5, 0.3, 0.15, 0.05, 0.0]
    replaced = [_mean("n_brands_replaced", follow_through_unofficial=ft) for ft in fts]
    assert all(x < y for x, y in zip(replaced, replaced[1:])), replaced
    assert replaced[-1] > 100


def test_brand_churn_restores_attention_to_empty_threats():
    with_churn = _mean("coverage_rate", follow_through_unofficial=0.0, threats_per_day_official=0.0)
    without = _mean(
        "coverage_rate", follow_through_unofficial=0.0, threats_per_day_official=0.0, replace_below_credibility=0.0
    )
    assert with_churn > 5 * without


def test_unofficial_threats_lower_the_official_share_and_official_coverage():
    rates = [0, 1, 2, 5, 10, 20]
    share = [_mean("official_share_of_coverage", threats_per_day_unofficial=r) for r in rates]
    own = [_mean("official_coverage_rate", threats_per_day_unofficial=r) for r in rates]
    assert share[0] == 1.0
    assert all(x > y for x, y in zip(share, share[1:])), share
    # not only a smaller slice: each official threat is itself covered less (shared saturation, spill-over)
    assert all(x > y for x, y in zip(own, own[1:])), own
    assert own[-1] < 0.2 * own[0]


def test_misattributed_empty_threats_damage_official_credibility():
    kw = dict(threats_per_day_unofficial=10.0, follow_through_unofficial=0.0, follow_through_official=0.6, days=730)
    clean = simulate_attention(seed=1, misattribution_share=0.0, **kw).daily["official_credibility"].iloc[-1]
    blamed = simulate_attention(seed=1, misattribution_share=0.5, **kw).daily["official_credibility"].iloc[-1]
    assert clean == pytest.approx(0.6, abs=0.08)
    assert blamed < clean - 0.1


def test_official_statement_discredits_unofficial_brands_and_stops_the_spillover():
    kw = dict(threats_per_day_unofficial=5.0, follow_through_unofficial=0.02, days=365)
    before = simulate_attention(seed=2, **kw)
    after = simulate_attention(seed=2, official_statement_day=150, **kw)
    # identical history up to the statement
    pd.testing.assert_frame_equal(
        before.daily.iloc[:150].drop(columns="after_statement"), after.daily.iloc[:150].drop(columns="after_statement")
    )
    assert after.daily["after_statement"].sum() == 215
    # a wave of abandoned brands on the statement day
    assert after.daily.loc[150, "n_brands_replaced"] >= 3
    assert after.daily.loc[150, "n_brands_replaced"] > 3 * before.daily["n_brands_replaced"].mean()
    cred_before = before.daily["mean_unofficial_credibility"]
    cred_after = after.daily["mean_unofficial_credibility"]
    assert cred_after[150] < cred_before[150] - 0.05  # the shock, before the abandoned brands are replaced
    # the official brand stops being blamed for others' empty threats
    gain = [
        simulate_attention(seed=s, official_statement_day=150, **kw).daily["official_credibility"].iloc[-1]
        - simulate_attention(seed=s, **kw).daily["official_credibility"].iloc[-1]
        for s in SEEDS
    ]
    assert min(gain) > 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(days=0), "days"),
        (dict(days=2.5), "days"),
        (dict(threats_per_day_unofficial=-1.0), "threats_per_day_unofficial"),
        (dict(threats_per_day_official=float("nan")), "threats_per_day_official"),
        (dict(follow_through_unofficial=1.5), "follow_through_unofficial"),
        (dict(follow_through_official=-0.1), "follow_through_official"),
        (dict(half_saturation_threats=0.0), "half_saturation_threats"),
        (dict(memory_days=0.0), "memory_days"),
        (dict(replace_below_credibility=0.5), "replace_below_credibility"),
        (dict(replace_below_credibility=-0.1), "replace_below_credibility"),
        (dict(official_statement_day=365), "official_statement_day"),
        (dict(n_unofficial_brands=0), "n_unofficial_brands"),
        (dict(prior_follow_through=1.0), "prior_follow_through"),
        (dict(misattribution_share=2.0), "misattribution_share"),
        (dict(seed=-1), "seed"),
        (dict(seed=1.5), "seed"),
    ],
)
def test_wrong_input_raises_a_value_error_naming_the_parameter(kwargs, match):
    kwargs = {"seed": 0, **kwargs}
    with pytest.raises(ValueError, match=match):
        simulate_attention(**kwargs)


def test_no_threats_gives_undefined_rates_not_errors():
    r = simulate_attention(seed=0, threats_per_day_unofficial=0.0, threats_per_day_official=0.0, days=10)
    assert math.isnan(r.coverage_rate) and math.isnan(r.official_share_of_coverage)
    assert r.daily["coverage_rate"].isna().all()


def test_parameters_are_declared_once_in_attention_params():
    from dataclasses import fields

    from swarmcast.models.attention import AttentionParams

    p = AttentionParams()
    assert p.days == 365 and p.threats_per_day_unofficial == 5.0 and p.official_statement_day is None
    # the model runs on exactly the declared defaults: a run with them spelled out is the same run
    spelled = simulate_attention(seed=4, days=60, **{f.name: getattr(p, f.name) for f in fields(p) if f.name != "days"})
    pd.testing.assert_frame_equal(spelled.daily, simulate_attention(seed=4, days=60).daily)
    with pytest.raises(ValueError, match="^memory_days must be"):
        AttentionParams(memory_days=-1.0)
    with pytest.raises(ValueError, match="^official_statement_day must be"):
        AttentionParams(days=10, official_statement_day=10)
    with pytest.raises(ValueError, match="^replace_below_credibility must be below prior_follow_through"):
        AttentionParams(prior_follow_through=0.1, replace_below_credibility=0.1)
    with pytest.raises(TypeError, match="not_a_parameter"):
        simulate_attention(seed=0, not_a_parameter=1)
