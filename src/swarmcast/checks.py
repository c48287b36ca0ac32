"""Self-check questions for the lessons: instant feedback and a hint, no nbgrader needed.

Why: a self-learner on Binder has no instructor; a question that answers "not yet, look at the
denominator" teaches more than one that prints the answer. Questions live in each lesson's question bank
(``swarmcast.lessons.lNN_*.questions``), so a notebook cell shows only ``checks.ask("l02-fall")``
and never the answer itself.

Use in a notebook::

    from swarmcast import checks
    checks.ask("l02-fall")          # a widget: type or pick, press Check, read the feedback

Use in code (tests, scripts)::

    checks.get("l02-fall").check(94)  # -> Feedback(correct=True, message=...)
"""

from __future__ import annotations

import html


from .lessons.l00_start_here import questions as _q00
from .lessons.l01_centralised_apparatus import questions as _q01
from .lessons.l02_cracks_in_the_caliphate import questions as _q02
from .lessons.l03_platforms_push_back import questions as _q03
from .lessons.l04_hashing_and_its_costs import questions as _q04
from .lessons.l05_the_access_problem import questions as _q05
from .lessons.l06_small_spaces import questions as _q06
from .lessons.l07_the_swarm import questions as _q07
from .lessons.l08_attention_and_paradox import questions as _q08
from .lessons.l09_policy_lab import questions as _q09
from .questions import Choice, Feedback, Numeric, Question

__all__ = ["Feedback", "Numeric", "Choice", "BANKS", "ask", "get", "ids", "bank_json"]

#: The question bank of every lesson, in lesson order: each module holds ``QUESTIONS`` and ``RECOMPUTE``.
BANKS = (_q00, _q01, _q02, _q03, _q04, _q05, _q06, _q07, _q08, _q09)


def _index(banks) -> dict[str, Question]:
    index: dict[str, Question] = {}
    for bank in banks:
        for q in bank.QUESTIONS:
            if q.qid in index:
                raise ValueError(f"two questions share the id {q.qid!r} (in {bank.__name__})")
            index[q.qid] = q
    return index


_BANK: dict[str, Question] = _index(BANKS)


def ids() -> list[str]:
    """Every question id, sorted."""
    return sorted(_BANK)


def get(qid: str) -> Question:
    """The question with this id; an unknown id raises ValueError with close matches."""
    if qid not in _BANK:
        import difflib

        close = difflib.get_close_matches(str(qid), list(_BANK), n=5, cutoff=0.5)
        more = f" Did you mean: {', '.join(close)}?" if close else f" Known ids: {', '.join(sorted(_BANK))}."
        raise ValueError(f"unknown question id {qid!r}.{more}")
    return _BANK[qid]


# --------------------------------------------------------------------------------------------
# The widget a student sees (answer box or options, and a Check button, in one front-end widget)
# --------------------------------------------------------------------------------------------
# Why one anywidget and not ipywidgets Text + Button: with two widgets the typed value and the click travel as two
# messages, and a handler reading ``.value`` on click saw the previous entry in 7 of 24 fast tries (JupyterLab 4.6).
# Here the front end sends the value on screen inside the click message itself, so the verdict is always about
# what the student sees. The options are our own HTML (radio and label side by side in a flex row, the label
# wrapping beside its radio), so a long option never hides its radio or prints over the next one.

_ESM = r"""
let counter = 0;
function render({ model, el }) {
  const kind = model.get("kind");
  const form = document.createElement("form");
  form.className = "swarmcast-answer swarmcast-answer-" + kind;
  form.setAttribute("aria-label", model.get("label"));
  let read;
  if (kind === "numeric") {
    const input = document.createElement("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.placeholder = model.get("placeholder");
    input.setAttribute("aria-label", model.get("placeholder"));
    input.value = model.get("value") || "";
    form.appendChild(input);
    read = () => input.value;
    model.on("change:value", () => { if (document.activeElement !== input) input.value = model.get("value") || ""; });
  } else {
    const name = "swarmcast-q" + (++counter) + "-" + Math.random().toString(36).slice(2, 8);
    const group = document.createElement("div");
    group.className = "swarmcast-options";
    group.setAttribute("role", "radiogroup");
    const inputs = [];
    model.get("options").forEach((text, i) => {
      const label = document.createElement("label");
      label.className = "swarmcast-option";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = name;
      radio.value = String(i);
      radio.checked = model.get("value") === text;
      const span = document.createElement("span");
      span.textContent = text;
      label.append(radio, span);
      group.appendChild(label);
      inputs.push(radio);
    });
    form.appendChild(group);
    const options = model.get("options");
    read = () => { const r = inputs.find((x) => x.checked); return r ? options[Number(r.value)] : null; };
    model.on("change:value", () => inputs.forEach((r) => { r.checked = options[Number(r.value)] === model.get("value"); }));
  }
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "swarmcast-check jupyter-button mod-primary";
  button.textContent = "Check";
  form.appendChild(button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = read();
    // the value travels inside the click message: the kernel judges exactly this value
    model.send({ event: "check", value: value });
  });
  el.appendChild(form);
}
export default { render };
"""

_CSS = r"""
.swarmcast-answer { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 0.5em 0.8em; max-width: 48em;
  font-size: var(--jp-widgets-font-size, 13px); line-height: 1.45; }
.swarmcast-answer-choice { flex-direction: column; align-items: stretch; }
.swarmcast-answer input[type="text"] { width: 14em; padding: 2px 6px; font: inherit; box-sizing: border-box;
  height: var(--jp-widgets-inline-height, 28px); border: 1px solid var(--jp-border-color1, #999); }
.swarmcast-options { display: flex; flex-direction: column; gap: 0.35em; }
.swarmcast-option { display: flex; align-items: flex-start; gap: 0.5em; cursor: pointer; }
.swarmcast-option input[type="radio"] { flex: 0 0 auto; margin: 0.25em 0 0 0; }
.swarmcast-option span { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; white-space: normal; }
.swarmcast-check { align-self: flex-start; height: var(--jp-widgets-inline-height, 28px); padding: 0 1.2em;
  cursor: pointer; }
"""

_WIDGET_CLASS = None


def _widget_class():
    """The anywidget class, built on first use (importing anywidget costs time a script without widgets saves)."""
    global _WIDGET_CLASS
    if _WIDGET_CLASS is None:
        import anywidget
        import traitlets as t

        class SelfCheckInput(anywidget.AnyWidget):
            """Answer box (or options) and Check button; the click message carries the value on screen."""

            _esm = _ESM
            _css = _CSS
            kind = t.Unicode("numeric").tag(sync=True)
            options = t.List(t.Unicode()).tag(sync=True)
            placeholder = t.Unicode("").tag(sync=True)
            label = t.Unicode("").tag(sync=True)
            value = t.Any(None, allow_none=True).tag(sync=True)

            def __init__(self, on_check, **kwargs):
                super().__init__(**kwargs)
                self._on_check = on_check
                self.on_msg(self._handle)

            def _handle(self, _widget, content, _buffers):
                if isinstance(content, dict) and content.get("event") == "check":
                    value = content.get("value")
                    self.value = value
                    self._on_check(value)

            def click(self):
                """Judge the current value, as pressing Check does (for scripts and tests)."""
                self._on_check(self.value)

        _WIDGET_CLASS = SelfCheckInput
    return _WIDGET_CLASS


def ask(qid: str):
    """Return a widget for one question: the prompt, an answer box or options, a Check button, feedback.

    The box keeps ``answer_widget`` and ``check_button`` (one widget: setting ``.value`` then ``.click()``
    judges that value) and ``feedback`` (an HTML widget) for scripts and tests.
    """
    import ipywidgets as w

    from . import static  # the site build (SWARMCAST_STATIC=1) renders an HTML form checked by selfcheck.js

    q = get(qid)
    if static.enabled():
        return static.StaticHTML(static.selfcheck_html(q))
    prompt = w.HTML(f'<p style="line-height:1.45;max-width:48em"><strong>Self-check.</strong> {html.escape(q.prompt)}</p>')
    feedback = w.HTML()

    def on_check(value):
        fb = q.check(value)
        colour = "#006d4f" if fb.correct else "#8a3c00"
        mark = "&#10003;" if fb.correct else "&#10007;"
        feedback.value = f'<p style="color:{colour};line-height:1.45;max-width:48em" role="status">{mark} {html.escape(fb.message)}</p>'

    cls = _widget_class()
    if isinstance(q, Numeric):
        answer = cls(on_check, kind="numeric", placeholder=f"a number{(' in ' + q.unit) if q.unit else ''}", label=q.prompt)
    else:
        answer = cls(on_check, kind="choice", options=list(q.options), label=q.prompt)
    box = w.VBox([prompt, answer, feedback], layout=w.Layout(width="100%"))
    box.add_class("swarmcast-selfcheck")
    box.question = q  # for tests: the box knows its question, the student sees only the prompt
    box.answer_widget = box.check_button = answer
    box.feedback = feedback
    return box


# --------------------------------------------------------------------------------------------
# The bank for the course web site (`make site`): site/_static/selfcheck.js judges with the same data
# --------------------------------------------------------------------------------------------


def bank_json() -> dict:
    """Every self-check question, as the site's browser checker needs it to give the same verdicts as Python."""
    from dataclasses import asdict

    bank = {}
    for qid in ids():
        q = get(qid)
        d = asdict(q)
        d["kind"] = "numeric" if isinstance(q, Numeric) else "choice"
        if "options" in d:
            d["options"] = list(d["options"])
        bank[qid] = d
    return bank


def main(argv: list[str] | None = None) -> int:
    """``python -m swarmcast.checks OUT.js``: write the question bank as a script for the site."""
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m swarmcast.checks", description=main.__doc__)
    parser.add_argument("out", help="the .js file to write (site/build.py passes the site's _static folder)")
    out = Path(parser.parse_args(argv).out)
    data = json.dumps(bank_json(), ensure_ascii=False, sort_keys=True)
    out.write_text(f"window.SWARMCAST_CHECKBANK = {data};\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
