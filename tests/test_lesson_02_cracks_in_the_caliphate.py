"""Lesson 02's explorer draws only cited figures, as points, and tells apart untestable, mistimed and confounded
single-cause stories of the decline of official output."""

from __future__ import annotations

import math

import pytest

from swarmcast import data
from swarmcast.data import decline as dd
from swarmcast.lessons import l02_cracks_in_the_caliphate as decline


def _datasets(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _panels(spec: dict) -> set[str]:
    """The strip titles drawn (one per strip: the output counts, then each ticked pressure)."""
    titles = [layer for layer in spec["layer"] if layer.get("mark", {}).get("fontWeight") == "bold"]
    assert len(titles) == 1
    return {row["text"] for row in spec["datasets"][titles[0]["data"]["name"]]}


def _marks(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        mark = node.get("mark")
        if mark is not None:
            found.append(mark["type"] if isinstance(mark, dict) else mark)
        for value in node.values():
            found += _marks(value)
    elif isinstance(node, list):
        for value in node:
            found += _marks(value)
    return found


@pytest.fixture()
def explorer():
    return decline.pressures_explorer()


def test_ticking_a_pressure_adds_its_panel_and_unticking_removes_it(explorer):
    before = _panels(explorer.spec)
    assert not any(p.startswith(dd.PRESSURES["territory"]) for p in before)
    explorer.controls["show_territory"].value = True
    after = _panels(explorer.spec)
    assert len(after) == len(before) + 1
    assert any(p.startswith(dd.PRESSURES["territory"]) for p in after)
    assert "territory" in explorer.result.shown
    explorer.controls["show_territory"].value = False
    assert _panels(explorer.spec) == before


def test_with_no_pressure_ticked_only_the_output_counts_are_drawn():
    explorer = decline.pressures_explorer(shown=["airstrikes"])
    assert len(_panels(explorer.spec)) == 2
    explorer.controls["show_airstrikes"].value = False
    assert explorer.result.shown == ()
    assert len(_panels(explorer.spec)) == 1 and "No pressure is ticked" in explorer.spec["description"]


def test_hash_database_story_fails_on_timing_for_the_first_fall_only(explorer):
    explorer.controls["cause"].value = "hash_sharing"
    assert explorer.result.story == "fails_on_timing"
    assert "fails on timing" in explorer.summary.value
    explorer.controls["window"].value = "2015-08_to_2018-06"
    assert explorer.result.story == "confounded"
    assert "airstrikes" in explorer.result.rivals and "hash_sharing" not in explorer.result.rivals
    assert "Confounded" in explorer.summary.value


def test_counter_speech_story_is_untestable_because_nothing_was_counted(explorer):
    explorer.controls["cause"].value = "counter_speech"
    assert explorer.result.story == "untestable"
    assert "Untestable" in explorer.summary.value
    verdicts = explorer.result.verdicts.set_index("pressure")
    assert verdicts.at["counter_speech", "timing"] == "no_data"


def test_every_single_cause_with_data_in_the_first_window_has_rivals():
    for cause in dd.PRESSURES:
        view = dd.compare_pressures(cause=cause)
        if view.story == "confounded":
            assert len(view.rivals) >= 4, cause
        else:
            assert cause in ("hash_sharing", "counter_speech"), f"{cause}: {view.story}"


def test_the_longer_window_has_more_pressures_acting_in_it():
    first = dd.compare_pressures(window="2015-08_to_2016-08").verdicts
    second = dd.compare_pressures(window="2015-08_to_2018-06").verdicts
    assert (second["timing"] == "during").sum() > (first["timing"] == "during").sum()


def test_choosing_a_cause_changes_the_summary_and_highlights_its_panel(explorer):
    plain = explorer.summary.value
    explorer.controls["cause"].value = "airstrikes"
    assert explorer.summary.value != plain and "airstrikes alone" in explorer.summary.value
    assert any("your single cause" in p and p.startswith(dd.PRESSURES["airstrikes"]) for p in _panels(explorer.spec))


def test_the_falls_are_computed_from_the_published_counts():
    ctc = data.load("ctc_visual_output").set_index("row_id")["value"]
    long = dd.compare_pressures(window="2015-08_to_2018-06")
    expected = 100 * (1 - ctc["cv_2018_low_2018_06"] / ctc["cv_2018_peak_2015_08"])
    assert f"{expected:.0f}%" in long.output_change and round(expected) == ctc["cv_2018_fall_peak_to_low"]
    short = dd.compare_pressures(window="2015-08_to_2016-08")
    article = 100 * (1 - ctc["cv_source_article_2016_08"] / ctc["cv_source_article_2015_08"])
    nyt_floor = 100 * (1 - ctc["cv_nyt_2016_08"] / ctc["cv_nyt_2015_08"])
    assert f"{article:.0f}%" in short.output_change and f"at least {nyt_floor:.0f}%" in short.output_change
    # the two versions are never mixed: the 2018 count of 754 does not appear in the short window's fall
    assert "754" not in short.output_change


def test_points_are_never_joined_into_an_invented_series():
    marks = _marks(decline.pressures_chart(view=dd.compare_pressures(shown=list(dd.PRESSURES))).to_dict())
    assert "point" in marks and "line" not in marks and "area" not in marks


def test_every_value_drawn_is_a_figure_of_the_data_package():
    spec = decline.pressures_chart(view=dd.compare_pressures(shown=list(dd.PRESSURES))).to_dict()
    known = set()
    for name in ("ctc_visual_output", "offline_pressure", "twitter_blog_2016", "twitter_transparency"):
        values = data.load(name)["value"].dropna()
        known |= {round(v, 6) for v in values} | {round(v / 1e6, 6) for v in values}
    drawn = [row["value"] for row in _datasets(spec) if isinstance(row.get("value"), (int, float))]
    drawn = [v for v in drawn if not math.isnan(v)]
    assert len(drawn) >= 20
    assert all(round(v, 6) in known for v in drawn)


def test_compute_time_is_measured(explorer):
    assert math.isfinite(explorer.last_compute_ms) and explorer.last_compute_ms >= 0
    explorer.controls["window"].value = "2015-08_to_2018-06"
    assert explorer.n_updates == 1 and math.isfinite(explorer.last_compute_ms)


def test_result_is_labelled_as_observed_not_simulated(explorer):
    assert explorer.result.simulated is False and explorer.simulated is False
    assert "Simulated data" not in explorer.caption.value and "Milton" in explorer.caption.value


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"window": "2016"}, "window"),
        ({"cause": "bombs"}, "cause"),
        ({"shown": ["airstrikes", "weather"]}, "shown"),
        ({"shown": "airstrikes"}, "shown"),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        dd.compare_pressures(**kwargs)
    with pytest.raises(ValueError, match=name):
        decline.pressures_explorer(**kwargs)


def test_the_menus_offer_what_decline_params_declare(explorer):
    from swarmcast.params import spec

    for name in ("window", "cause"):
        menu = explorer.controls[name]
        assert [key for _, key in menu.options] == list(spec(dd.DeclineParams, name).choices)
        assert menu.description == spec(dd.DeclineParams, name).label
    assert [label for label, _ in explorer.controls["window"].options] == list(dd.WINDOWS.values())
    with pytest.raises(ValueError, match=r"^cause must be one of 'none', 'airstrikes'"):
        dd.DeclineParams(cause="bombs")
