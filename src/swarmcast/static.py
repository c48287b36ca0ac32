"""Static rendering for the course web site (`make site`): charts as SVG, self-checks as HTML forms.

Why: the site is built from the lessons executed at build time, but a web page has no kernel. Our
charts (``alt.JupyterChart``), explorers and self-checks are ipywidgets, which a static page cannot draw.
When the environment variable ``SWARMCAST_STATIC`` is ``"1"`` (only the site build sets it), the display
helpers in :mod:`swarmcast.charts`, :mod:`swarmcast.checks` and the explorers return the HTML made here:

- a chart becomes an inline SVG drawn by vl-convert at build time (no Vega, no script, no CDN), with its
  title and description as alt text and the usual visible caption and sources under it;
- a self-check becomes a small HTML form; ``site/_static/selfcheck.js`` checks the answer in the browser
  with the same question bank, exported by :func:`swarmcast.checks.bank_json` (same verdicts and messages as
  :meth:`swarmcast.checks.Numeric.check` / :meth:`~swarmcast.checks.Choice.check`);
- an explorer shows its default chart, its summary, the default value of each control, and a
  "run it live" link to the same lesson in JupyterLite and on Binder.

Nothing here runs in JupyterLab: students always get the live widgets.
"""

from __future__ import annotations

import html
import os

__all__ = ["STATIC_ENV", "LESSON_MARKER", "enabled", "StaticHTML", "figure_html", "selfcheck_html", "explorer_html"]

#: Set to "1" by the site build (site/build.py) so that charts, checks and explorers render as static HTML.
STATIC_ENV = "SWARMCAST_STATIC"
#: Placeholder for the lesson's notebook name in a "run it live" link; the site build replaces it in every page.
LESSON_MARKER = "@@SWARMCAST_LESSON@@"


def enabled() -> bool:
    """Whether display helpers should return static HTML (see STATIC_ENV)."""
    return os.environ.get(STATIC_ENV) == "1"


class StaticHTML:
    """HTML that a notebook displays as ``text/html`` only (no widget, no script)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain fallback stays short
        return "<swarmcast static output>"


_counter = {"n": 0}


def _next_id(prefix: str) -> str:
    _counter["n"] += 1
    return f"{prefix}-{os.getpid()}-{_counter['n']}"


#: A chart whose SVG would be larger than this is embedded as a PNG instead (same alt text and caption).
MAX_SVG_BYTES = 250_000


def _svg(spec: dict) -> str:
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def figure_html(spec: dict, *, caption: str) -> str:
    """A chart spec (dict) as a figure: SVG with alt text, then ``caption`` (the course caption's HTML, made by
    :func:`swarmcast.charts.caption_html`: description, sources, simulated or not)."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = " — ".join(str(title.get(k)) for k in ("text", "subtitle") if title.get(k))
    description = str(spec.get("description", "")).strip()
    alt_text = f"{title}. {description}" if description else str(title)
    label = html.escape(alt_text, quote=True)
    svg = _svg(spec)
    if len(svg) > MAX_SVG_BYTES:  # thousands of marks (an image drawn pixel by pixel): a PNG is far smaller
        import base64

        import vl_convert as vlc

        png = base64.b64encode(vlc.vegalite_to_png(spec, scale=1)).decode("ascii")
        image = f'<img src="data:image/png;base64,{png}" alt="{label}" style="max-width:100%;height:auto">'
    else:
        # the SVG itself is the image; its accessible name is the title and description (the caption repeats it
        # visibly, for readers who would rather read than look)
        image = svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
    return (
        '<figure class="swarmcast-figure swarmcast-static-chart">'
        f'<div class="swarmcast-chart">{image}</div>'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def selfcheck_html(q) -> str:
    """One self-check question as an HTML form, checked in the browser by selfcheck.js."""
    from .questions import Numeric

    uid = _next_id("sc")
    prompt = f'<p id="{uid}-prompt" class="swarmcast-prompt"><strong>Self-check.</strong> {html.escape(q.prompt)}</p>'
    if isinstance(q, Numeric):
        unit = f" in {q.unit}" if q.unit else ""
        field = (f'<input type="text" id="{uid}-answer" class="swarmcast-answer" inputmode="decimal" '
                 f'placeholder="a number{html.escape(unit)}" aria-labelledby="{uid}-prompt">')
    else:
        opts = "".join(
            f'<label class="swarmcast-option"><input type="radio" name="{uid}-answer" '
            f'value="{html.escape(o, quote=True)}"> {html.escape(o)}</label>'
            for o in q.options
        )
        field = f'<div role="radiogroup" aria-labelledby="{uid}-prompt" class="swarmcast-options">{opts}</div>'
    return (
        f'<form class="swarmcast-selfcheck" data-qid="{html.escape(q.qid, quote=True)}" '
        f'aria-labelledby="{uid}-prompt" onsubmit="return false">'
        f"{prompt}{field}"
        '<button type="submit" class="swarmcast-check">Check</button>'
        '<p class="swarmcast-feedback" role="status" aria-live="polite"></p>'
        '<noscript><p>This self-check needs JavaScript in the web page; in JupyterLab it works as a widget.</p></noscript>'
        "</form>"
    )


def _control_value(control) -> str:
    value = getattr(control, "value", "")
    label = getattr(control, "label", None)  # dropdowns show a label, not their value
    shown = label if isinstance(label, str) and label else value
    if isinstance(shown, float):
        shown = f"{shown:g}"
    return str(shown)


def explorer_html(explorer, *, caption: str) -> str:
    """An explorer in its default state: chart (with ``caption``), summary, the controls' default values and
    run-it-live links."""
    rows = "".join(
        f"<li>{html.escape(getattr(c, 'description', '') or name)}: <strong>{html.escape(_control_value(c))}</strong></li>"
        for name, c in explorer.controls.items()
    )
    summary = explorer._summary_html()
    figure = figure_html(explorer.spec, caption=caption)
    title = explorer.spec.get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    label = html.escape(f"Explorer: {title}" if title else "Explorer", quote=True)
    return (
        f'<section class="swarmcast-explorer swarmcast-static-explorer" aria-label="{label}">'
        '<p class="swarmcast-live"><strong>Explorer.</strong> This page shows it with its default settings. '
        f'To move the controls, <a class="swarmcast-live-lite" href="{LESSON_MARKER}lite">run it live in your browser '
        '(JupyterLite)</a> or <a class="swarmcast-live-binder" '
        f'href="{LESSON_MARKER}binder">open this lesson on Binder</a>.</p>'
        f'<details><summary>Default settings</summary><ul>{rows}</ul></details>'
        f"{figure}{summary}</section>"
    )
