"""The site build's static mode (SWARMCAST_STATIC=1): charts, self-checks and explorers as plain HTML."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from swarmcast import charts, checks, static


@pytest.fixture
def static_mode(monkeypatch):
    monkeypatch.setenv(static.STATIC_ENV, "1")


def _chart():
    frame = pd.DataFrame({"year": [2015, 2016, 2017], "count": [10, 6, 3]})
    return charts.line_chart(data=frame, x="year", y="count", title="A falling count",
                             description="A line falling from 10 in 2015 to 3 in 2017.")


def test_static_mode_is_off_unless_the_build_sets_it(monkeypatch):
    monkeypatch.delenv(static.STATIC_ENV, raising=False)
    assert not static.enabled()
    assert not isinstance(checks.ask(checks.ids()[0]), static.StaticHTML)
    monkeypatch.setenv(static.STATIC_ENV, "0")
    assert not static.enabled()


def test_show_gives_an_svg_with_alt_text_caption_and_sources(static_mode):
    pytest.importorskip("vl_convert")
    out = charts.show(_chart(), sources=["Someone (2016). A report."], simulated=True)
    assert isinstance(out, static.StaticHTML)
    markup = out._repr_html_()
    svg = re.search(r"<svg[^>]*>", markup).group(0)
    assert 'role="img"' in svg and 'aria-label="A falling count. A line falling from 10 in 2015 to 3 in 2017."' in svg
    assert "<figcaption>" in markup and "Simulated data" in markup and "Someone (2016). A report." in markup
    assert markup.count("<path") >= 1 and "<script" not in markup


def test_show_still_refuses_a_chart_without_description(static_mode):
    import altair as alt

    with pytest.raises(ValueError, match="no title or description"):
        charts.show(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x"))


@pytest.mark.parametrize("qid", checks.ids())
def test_ask_renders_every_question_as_a_form(qid, static_mode):
    q = checks.get(qid)
    markup = checks.ask(qid)._repr_html_()
    assert f'data-qid="{qid}"' in markup and "<button" in markup and 'role="status"' in markup
    if isinstance(q, checks.Choice):
        assert markup.count('type="radio"') == len(q.options)
    else:
        assert 'class="swarmcast-answer"' in markup
    # the page holds the question, never its answer
    answer = q.correct if isinstance(q, checks.Choice) else None
    assert q.explanation not in markup and q.hint not in markup
    if answer is not None:
        assert "checked" not in markup


def test_checkbank_export_holds_every_question_whole(tmp_path):
    bank = checks.bank_json()
    assert sorted(bank) == checks.ids()
    for qid, d in bank.items():
        q = checks.get(qid)
        assert d["kind"] == ("numeric" if isinstance(q, checks.Numeric) else "choice")
        assert d["hint"] == q.hint and d["explanation"] == q.explanation
    out = tmp_path / "checkbank.js"
    assert checks.main([str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("window.SWARMCAST_CHECKBANK = ")
    assert json.loads(text[len("window.SWARMCAST_CHECKBANK = "):].rstrip().rstrip(";")) == bank


def test_an_explorer_shows_its_default_chart_and_live_links(static_mode):
    pytest.importorskip("vl_convert")
    from swarmcast.lessons import l00_start_here as tour

    explorer = tour.dataset_tour("twitter_transparency")
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}  # no widget view: a static page could not draw one
    markup = bundle["text/html"]
    assert f"{static.LESSON_MARKER}lite" in markup and f"{static.LESSON_MARKER}binder" in markup
    assert "<svg" in markup or "<img" in markup
    for name in explorer.controls:
        control = explorer.controls[name]
        assert (getattr(control, "description", "") or name) in markup
