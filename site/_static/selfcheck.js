// Self-checks on the static site: the same question bank as swarmcast.checks (exported at build time to
// checkbank.js as window.SWARMCAST_CHECKBANK), the same verdicts and messages as Numeric.check / Choice.check.
(function () {
  "use strict";

  function checkNumeric(q, raw) {
    var s = String(raw).trim().replace(/,/g, "").replace(/%+$/, "").trim();
    var finite = "Please enter a finite number.";
    if (/^[+-]?(inf|infinity|nan)$/i.test(s)) return { correct: false, message: finite };
    // Python's float(): digits with an optional sign, point, exponent and single underscores between digits
    if (!/^[+-]?((\d(_?\d)*)(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/.test(s)) {
      return { correct: false, message: "Please enter a number (digits only, for example 12.5)." };
    }
    var value = Number(s.replace(/_/g, ""));
    if (!isFinite(value)) return { correct: false, message: finite };
    if (Math.abs(value - q.answer) <= q.tolerance) return { correct: true, message: "Correct. " + q.explanation };
    return { correct: false, message: "Not yet. Hint: " + q.hint };
  }

  function checkChoice(q, value) {
    if (q.options.indexOf(value) < 0) return { correct: false, message: "Please pick one of the options." };
    if (value === q.correct) return { correct: true, message: "Correct. " + q.explanation };
    var specific = q.why_not[value];
    var msg = specific ? "Not quite. " + specific + " " : "Not quite. ";
    return { correct: false, message: msg + "Hint: " + q.hint };
  }

  function check(qid, value) {
    var bank = window.SWARMCAST_CHECKBANK || {};
    var q = bank[qid];
    if (!q) return { correct: false, message: "This question is missing from the question bank (" + qid + ")." };
    return q.kind === "numeric" ? checkNumeric(q, value) : checkChoice(q, value);
  }
  window.swarmcastCheck = check;

  function wire(form) {
    var feedback = form.querySelector(".swarmcast-feedback");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = form.querySelector("input.swarmcast-answer");
      var picked = form.querySelector("input[type=radio]:checked");
      var value = text ? text.value : picked ? picked.value : null;
      var fb = check(form.getAttribute("data-qid"), value);
      feedback.className = "swarmcast-feedback " + (fb.correct ? "swarmcast-correct" : "swarmcast-wrong");
      feedback.textContent = (fb.correct ? "\u2713 " : "\u2717 ") + fb.message;
    });
  }

  function init() {
    var forms = document.querySelectorAll("form.swarmcast-selfcheck");
    for (var i = 0; i < forms.length; i++) wire(forms[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
