"""One display for the course's provenance tables (what a lesson cell shows when its last line is a table).

Why: reading a cited table is the course's core skill, and pandas' default view of one was hard to read (notes
cut off with "...", raw floats such as 160000000.0, narrow right-aligned text columns, code names as headers).
Every table from :func:`swarmcast.data.load` (and every selection or filter of it) is shown with readable column
names, numbers with thousands separators and their unit, dates as dates, notes wrapped and in full, and the source
(author, year) beside each row. Other tables keep pandas' own display.

How: ``load`` records, per row, its value, unit and short source in ``df.attrs`` (pandas carries attrs through
column selections and filters); in a Jupyter kernel, importing ``swarmcast.data`` registers :func:`to_html` as the
HTML display of DataFrames that carry that record. A row whose value no longer matches the record (the table was
re-indexed or changed) gets no source rather than a wrong one. ``swarmcast.data.table(df)`` shows any table so.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

ROWS_KEY = "provenance_rows"  # attrs key: {index label: (value, unit, source id)}
_MAX_ROWS = 200

_HEADERS = {
    "source_id": "source id",
    "row_id": "row",
    "fact_id": "fact",
    "period_start": "from",
    "period_end": "to",
    "verification": "verified",
}

_CSS = (
    "border-collapse:collapse;font-size:0.92em;line-height:1.4;margin:0.3em 0;"
)


def short_citation(citation: str) -> str:
    """'Author (year)' from a full citation 'Authors (year). Title. ...': one author, two, or 'First et al.'."""
    m = re.match(r"^(.*?) \((\d{4}[a-z]?|n\.d\.)\)\.", citation)
    if not m:
        return citation.split(".")[0]
    authors, year = m.group(1), m.group(2)
    etal = "et al." in authors
    people = [p for p in re.split(r",? & |(?<=\.), ", authors.replace(", et al.", "")) if p.strip()]
    last = [p.split(",")[0].strip() for p in people]
    if etal or len(last) > 2:
        who = f"{last[0]} et al."
    elif len(last) == 2:
        who = f"{last[0]} & {last[1]}"
    else:
        who = last[0] if last else authors
    return f"{who} ({year})"


def _short(source_id: str) -> str:
    """'Author (year)' of a source id (references are read only when a table is shown, not when it is loaded)."""
    from ._package import resolve_dir
    from ._references import read_citations

    citation = read_citations(resolve_dir(None)).get(source_id)
    return short_citation(citation) if citation else source_id


def record(df: pd.DataFrame) -> None:
    """Store, per row of a freshly loaded table, its value, unit and source id (see module doc)."""
    if "source_id" not in df.columns:
        return
    values = df["value"] if "value" in df.columns else pd.Series([None] * len(df), index=df.index)
    units = df["unit"].astype("string") if "unit" in df.columns else pd.Series([None] * len(df), index=df.index)
    rows = {}
    for idx, value, unit, sid in zip(df.index, values, units, df["source_id"].astype("string")):
        rows[idx] = (None if value is None or pd.isna(value) else float(value), None if pd.isna(unit) else str(unit),
                     str(sid))
    df.attrs[ROWS_KEY] = rows


def _number(v: float) -> str:
    if math.isnan(v):
        return ""
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    if abs(v) >= 100:
        return f"{v:,.1f}".rstrip("0").rstrip(".")
    return f"{v:,.4g}"


def _unit(value_text: str, unit: str | None) -> str:
    if not unit or unit in ("count", "number"):
        return value_text
    if unit in ("percent", "%"):
        return f"{value_text}%"
    return f"{value_text} {unit}"


def _cell(value, column: str) -> tuple[str, bool]:
    """HTML text of one cell and whether it is a number (right-aligned)."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return "", False
    if isinstance(value, pd.Timestamp):
        return html.escape(value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)), False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(float(value)), True
    if column == "bound":  # the schema's codes (at_least, at_most) read as words
        return html.escape(str(value).replace("_", " ")), False
    return html.escape(str(value)), False


def to_html(df: pd.DataFrame) -> str:
    """The course's display of a provenance table (see module doc)."""
    rows = df.attrs.get(ROWS_KEY, {})
    cols = [c for c in df.columns if c != "unit" or "value" not in df.columns]
    has_value = "value" in df.columns
    head = "".join(
        f'<th style="text-align:left;padding:4px 8px;border-bottom:1px solid #999;white-space:nowrap">{html.escape(_HEADERS.get(str(c), str(c).replace("_", " ")))}</th>'
        for c in cols
    )
    head += '<th style="text-align:left;padding:4px 8px;border-bottom:1px solid #999">source</th>'
    body = []
    shown = df.head(_MAX_ROWS)
    for idx, row in shown.iterrows():
        rec = rows.get(idx)
        value = row["value"] if has_value else None
        trusted = rec is not None and (not has_value or (rec[0] is None and pd.isna(value)) or
                                       (rec[0] is not None and not pd.isna(value) and math.isclose(rec[0], float(value), rel_tol=1e-12, abs_tol=1e-12)))
        cells = []
        for c in cols:
            text, numeric = _cell(row[c], str(c))
            if c == "value" and text:
                unit = row["unit"] if "unit" in df.columns else (rec[1] if trusted else None)
                text = html.escape(_unit(text, None if unit is None or pd.isna(unit) else str(unit)))
            wide = str(c) in ("note", "description", "citation")
            style = "padding:4px 8px;vertical-align:top;border-bottom:1px solid #e6e6e6;"
            style += "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums" if numeric else "text-align:left"
            if wide:
                style += ";min-width:18em;max-width:36em;white-space:normal"
            elif not numeric:
                style += ";white-space:nowrap" if len(text) < 40 else ";min-width:12em;white-space:normal"
            cells.append(f'<td style="{style}">{text}</td>')
        if "source_id" in df.columns and not pd.isna(row["source_id"]):
            source = _short(str(row["source_id"]))
        else:
            source = _short(rec[2]) if trusted else ""
        cells.append(f'<td style="padding:4px 8px;vertical-align:top;border-bottom:1px solid #e6e6e6;text-align:left;white-space:nowrap">{html.escape(source)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p style="font-size:0.9em">{len(df) - _MAX_ROWS:,} more rows not shown.</p>' if len(df) > _MAX_ROWS else ""
    title = df.attrs.get("title")
    caption = f'<caption style="text-align:left;font-weight:600;padding:2px 0 4px">{html.escape(str(title))}</caption>' if title else ""
    # A wide table scrolls sideways; tabindex and a labelled region let a keyboard user scroll it too (WCAG 2.1.1).
    label = html.escape(str(title), quote=True) if title else "table"
    return (f'<div class="swarmcast-table" role="region" aria-label="{label}" tabindex="0" '
            f'style="overflow-x:auto;max-width:100%"><table style="{_CSS}">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>{more}</div>")


def _formatter(df):
    if isinstance(df, pd.DataFrame) and ROWS_KEY in df.attrs and not isinstance(df.columns, pd.MultiIndex):
        return to_html(df)
    return df._repr_html_()


def register_in_ipython() -> None:
    """Show provenance tables with :func:`to_html` in a running IPython kernel (no-op elsewhere)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None:
        return
    ip.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _formatter)


class Table:
    """A table shown with the course's provenance display (``swarmcast.data.table``)."""

    def __init__(self, df: pd.DataFrame):
        if not isinstance(df, pd.DataFrame):
            raise ValueError(f"df must be a pandas DataFrame; got {type(df).__name__}")
        self.df = df

    def _repr_html_(self) -> str:
        return to_html(self.df)
