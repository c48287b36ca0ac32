"""Provenance tables as a student sees them: readable headers, numbers with separators and unit, notes in full,
and the source (author, year) beside each row, even after the lesson selects columns without source_id."""

from __future__ import annotations

import re

import pandas as pd

from swarmcast import data
from swarmcast.data import _display


def _cells(html_text):
    import html

    return [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", html_text)]


def test_selected_columns_show_units_separators_full_notes_and_sources():
    df = data.load("twitter_transparency")
    longest = df.loc[df["note"].str.len().idxmax()]
    sel = df[df.index == longest.name][["measure", "value", "period_start", "note"]]
    out = _display.to_html(sel)
    cells = _cells(out)
    assert str(longest["note"]) in cells, "the note must be shown in full"
    assert "…" not in out and "..." not in out
    short = _display.short_citation(data.cite(str(longest["source_id"])))
    assert short in cells and re.search(r"\((\d{4}|n\.d\.)", short), f"source {short!r} missing beside the row"
    assert "period_start" not in out and ">from<" in out, "headers must be readable"
    big = df[df["value"] >= 10_000].head(1)[["value"]]
    text = _cells(_display.to_html(big))[0]
    assert re.fullmatch(r"\d{1,3}(,\d{3})+ \w+", text), f"numbers need separators and their unit: {text!r}"


def test_a_reindexed_table_gets_no_wrong_source():
    df = data.load("twitter_transparency")[["value", "note"]].iloc[::-1].reset_index(drop=True)
    rows = df.attrs[_display.ROWS_KEY]
    cells = _display.to_html(df)
    # each row's shown source is either empty or the one recorded for a row with the same value
    for i, row in df.iterrows():
        rec = rows.get(i)
        if rec is not None and rec[0] != row["value"]:
            assert f">{rec[2]}</td></tr>" not in cells.split("</tr>")[i + 1] + "</tr>"


def test_short_citations_and_plain_tables_keep_pandas_display():
    assert _display.short_citation("Berger, J. M., & Morgan, J. (2015). T. P.") == "Berger & Morgan (2015)"
    assert _display.short_citation("Conway, M., Khawaja, M., & Weir, D. (2017). T.") == "Conway et al. (2017)"
    assert _display.short_citation("Twitter (2018). Report.") == "Twitter (2018)"
    plain = pd.DataFrame({"a": [1.5]})
    assert _display._formatter(plain) == plain._repr_html_()
    assert "swarmcast-table" in data.table(plain)._repr_html_()


def test_bounds_read_as_words_and_wide_tables_scroll_by_keyboard():
    df = data.load("ctc_visual_output")
    assert {"at_least", "at_most"} & set(df["bound"]), "the table used here must hold a coded bound"
    out = _display.to_html(df)
    cells = _cells(out)
    assert "at_least" not in cells and "at_most" not in cells, "bound codes must be shown as words"
    assert "at least" in cells or "at most" in cells
    # a scrollable region a keyboard can reach (axe: scrollable-region-focusable), named for screen readers
    assert re.search(r'<div class="swarmcast-table" role="region" aria-label="[^"]+" tabindex="0"', out)
