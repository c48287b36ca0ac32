"""Self-checks as a student uses them in JupyterLab (headless Chromium): a verdict is always about what is on
screen when Check is pressed, even when typing and clicking with no pause, and multiple-choice options lay out
with every radio visible and no label over the next one, from 1024 to 1600 px wide."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from swarmcast import checks
from browser_harness import run_all as _run_all
from browser_harness import shut_down_kernels as _shut_down_kernels
from test_browser import browser, lab  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

WIDTHS = (1024, 1280, 1400, 1600)
FAST_TRIES = 20


def _scratch(lab, name, qids):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from swarmcast import checks")]
    nb.cells += [nbformat.v4.new_code_cell(f"checks.ask({qid!r})") for qid in qids]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, lab["dir"] / name)
    return name


def _numeric_and_choice():
    qs = [checks.get(q) for q in checks.ids()]
    numeric = next(q for q in qs if isinstance(q, checks.Numeric))
    choice = next(q for q in qs if isinstance(q, checks.Choice))
    return numeric, choice


def _wait_new_feedback(page, index, before):
    try:
        page.wait_for_function(
            """([i, before]) => {
                const f = document.querySelectorAll('.swarmcast-selfcheck')[i].querySelector('[role=status]');
                return f && f.textContent !== before;
            }""",
            arg=[index, before],
            timeout=5_000,
        )
    except Exception:
        pass  # unchanged feedback: read it anyway, a stale verdict then counts as wrong
    return page.evaluate(
        "(i) => (document.querySelectorAll('.swarmcast-selfcheck')[i].querySelector('[role=status]') || {}).textContent || ''",
        index,
    )


def test_fast_typing_and_clicking_is_judged_on_what_is_on_screen(lab, browser):
    numeric, choice = _numeric_and_choice()
    name = _scratch(lab, "selfcheck_speed.ipynb", [numeric.qid, choice.qid])
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    wrong_verdicts = []
    try:
        _run_all(page, lab, name)
        page.wait_for_selector(".swarmcast-selfcheck .swarmcast-check", timeout=60_000)
        boxes = page.locator(".swarmcast-selfcheck")
        assert boxes.count() == 2

        # numeric: type and press Check with no pause, alternating right and wrong answers
        box = boxes.nth(0)
        field, button = box.locator("input[type=text]"), box.locator(".swarmcast-check")
        shown = ""
        for i in range(FAST_TRIES):
            right = i % 2 == 0
            value = numeric.answer if right else numeric.answer + (i + 3) * (numeric.tolerance + 1) + abs(numeric.answer)
            field.fill(f"{value:g}" if right else f"{value:.6g}")
            button.click()
            shown = _wait_new_feedback(page, 0, shown)
            if shown.strip().lstrip("✓✗ ").startswith("Correct") != right:
                wrong_verdicts.append(("numeric", i, value, shown))

        # multiple choice: pick and press Check with no pause, alternating right and wrong options
        box = boxes.nth(1)
        wrong_options = [o for o in choice.options if o != choice.correct]
        shown = ""
        for i in range(FAST_TRIES):
            right = i % 2 == 0
            option = choice.correct if right else wrong_options[(i // 2) % len(wrong_options)]
            box.locator(".swarmcast-option", has_text=option).locator("input[type=radio]").check()
            box.locator(".swarmcast-check").click()
            shown = _wait_new_feedback(page, 1, shown)
            if shown.strip().lstrip("✓✗ ").startswith("Correct") != right:
                wrong_verdicts.append(("choice", i, option, shown))
    finally:
        page.close()
        _shut_down_kernels(lab)
    assert not wrong_verdicts, f"{len(wrong_verdicts)} wrong verdicts of {2 * FAST_TRIES}: {wrong_verdicts[:4]}"


_LAYOUT_JS = """() => {
    const problems = [];
    const vw = document.documentElement.clientWidth;
    document.querySelectorAll('.swarmcast-selfcheck').forEach((box, b) => {
        const opts = [...box.querySelectorAll('.swarmcast-option')];
        opts.forEach((opt, i) => {
            const radio = opt.querySelector('input[type=radio]').getBoundingClientRect();
            const text = opt.querySelector('span').getBoundingClientRect();
            const label = opt.getBoundingClientRect();
            if (radio.width < 8 || radio.height < 8) problems.push([b, i, 'radio not visible']);
            if (radio.left < label.left - 1 || radio.right > label.right + 1) problems.push([b, i, 'radio outside its option']);
            if (radio.right > vw || text.right > vw) problems.push([b, i, 'cut off at the right edge']);
            if (text.left < radio.right - 0.5 && text.top < radio.bottom && text.bottom > radio.top) problems.push([b, i, 'text over its radio']);
            if (text.right > label.right + 1 || text.bottom > label.bottom + 1) problems.push([b, i, 'text outside its option']);
            const next = opts[i + 1];
            if (next && label.bottom > next.getBoundingClientRect().top + 0.5) problems.push([b, i, 'overlaps the next option']);
        });
    });
    return problems;
}"""


def test_every_multiple_choice_question_lays_out_from_1024_to_1600_px(lab, browser, tmp_path):
    qids = [q for q in checks.ids() if isinstance(checks.get(q), checks.Choice)]
    assert qids, "no multiple-choice questions"
    name = _scratch(lab, "selfcheck_layout.ipynb", qids)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    shots = Path(os.environ.get("SWARMCAST_SCREENSHOT_DIR", tmp_path))
    problems = {}
    try:
        _run_all(page, lab, name)
        page.wait_for_function(f"() => document.querySelectorAll('.swarmcast-selfcheck .swarmcast-option').length > {len(qids)}", timeout=60_000)
        n_options = sum(len(checks.get(q).options) for q in qids)
        assert page.locator(".swarmcast-option").count() == n_options
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 1000})
            page.wait_for_timeout(400)  # let JupyterLab relayout
            found = page.evaluate(_LAYOUT_JS)
            if found:
                problems[width] = [(qids[b], i, what) for b, i, what in found]
            longest = max(qids, key=lambda q: max(len(o) for o in checks.get(q).options))
            target = page.locator(".swarmcast-selfcheck").nth(qids.index(longest))
            target.scroll_into_view_if_needed()
            target.screenshot(path=str(shots / f"selfcheck-{width}.png"))
    finally:
        page.close()
        _shut_down_kernels(lab)
    assert not problems, f"layout problems by viewport width: {problems}"
