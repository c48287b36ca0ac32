"""Self-check questions for the lessons: instant feedback and a hint, no nbgrader needed.

Why: a self-learner on Binder has no instructor; a question that answers "not yet, look at the
denominator" teaches more than one that prints the answer. Questions live in question banks in
``swarmcast.checkbank`` (one module per lesson), so a notebook cell shows only ``checks.ask("l02-fall")``
and never the answer itself.

Use in a notebook::

    from swarmcast import checks
    checks.ask("l02-fall")          # a widget: type or pick, press Check, read the feedback

Use in code (tests, scripts)::

    checks.get("l02-fall").check(94)  # -> Feedback(correct=True, message=...)
"""

from __future__ import annotations

import html
import importlib
import math
import numbers
import pkgutil
from dataclasses import dataclass, field

__all__ = ["Feedback", "Numeric", "Choice", "ask", "get", "ids", "register"]


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer."""

    correct: bool
    message: str


@dataclass(frozen=True)
class Numeric:
    """A question whose answer is a number, accepted within an absolute tolerance.

    ``explanation`` is shown only after a correct answer. ``hint`` is shown after a wrong one.
    """

    qid: str
    prompt: str
    answer: float
    tolerance: float
    hint: str
    explanation: str
    unit: str = ""

    def __post_init__(self):
        if not (isinstance(self.tolerance, numbers.Real) and self.tolerance >= 0):
            raise ValueError(f"tolerance must be a number >= 0; got {self.tolerance!r}")

    def check(self, value) -> Feedback:
        if isinstance(value, str):
            value = value.strip().replace(",", "").rstrip("%").strip()
            try:
                value = float(value)
            except ValueError:
                return Feedback(False, "Please enter a number (digits only, for example 12.5).")
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
            return Feedback(False, "Please enter a finite number.")
        if abs(float(value) - self.answer) <= self.tolerance:
            return Feedback(True, f"Correct. {self.explanation}")
        return Feedback(False, f"Not yet. Hint: {self.hint}")


@dataclass(frozen=True)
class Choice:
    """A multiple-choice question with one correct option.

    ``why_not`` maps a wrong option to a targeted explanation of the misconception behind it.
    """

    qid: str
    prompt: str
    options: tuple[str, ...]
    correct: str
    hint: str
    explanation: str
    why_not: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if self.correct not in self.options:
            raise ValueError(f"correct must be one of the options {self.options!r}; got {self.correct!r}")
        unknown = set(self.why_not) - set(self.options)
        if unknown:
            raise ValueError(f"why_not names options that do not exist: {sorted(unknown)!r}")

    def check(self, value) -> Feedback:
        if value not in self.options:
            return Feedback(False, "Please pick one of the options.")
        if value == self.correct:
            return Feedback(True, f"Correct. {self.explanation}")
        specific = self.why_not.get(value)
        msg = f"Not quite. {specific} " if specific else "Not quite. "
        return Feedback(False, f"{msg}Hint: {self.hint}")


Question = Numeric | Choice
_BANK: dict[str, Question] = {}
_LOADED = False


def register(*questions: Question) -> None:
    """Add questions to the bank (called by the ``swarmcast.checkbank`` modules)."""
    for q in questions:
        if q.qid in _BANK and _BANK[q.qid] != q:
            raise ValueError(f"two different questions share the id {q.qid!r}")
        _BANK[q.qid] = q


def _load_banks() -> None:
    global _LOADED
    if _LOADED:
        return
    from . import checkbank

    for mod in pkgutil.iter_modules(checkbank.__path__):
        importlib.import_module(f"{checkbank.__name__}.{mod.name}")
    _LOADED = True


def ids() -> list[str]:
    """Every question id, sorted."""
    _load_banks()
    return sorted(_BANK)


def get(qid: str) -> Question:
    """The question with this id; an unknown id raises ValueError with close matches."""
    _load_banks()
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
