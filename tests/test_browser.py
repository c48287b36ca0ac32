"""What a person sees: JupyterLab in headless Chromium runs a lesson, draws its charts, and redraws when a
slider moves. Uses Debian's chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_harness import CHROMIUM, LIST_CONTROLS, chromium_browser, lab_server, run_all, shut_down_kernels, time_control
from conftest import LESSONS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser tests: install Debian's chromium (make test does it as root)", pytrace=False)
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

# Every lesson is checked in the browser, with the kind of control of its first explorer that the test moves.
BROWSER_LESSONS = {
    "00_start_here.ipynb": "checkbox",
    "01_centralised_apparatus.ipynb": "slider",
    "02_cracks_in_the_caliphate.ipynb": "checkbox",
    "03_platforms_push_back.ipynb": "checkbox",
    "04_hashing_and_its_costs.ipynb": "slider",
    "05_the_access_problem.ipynb": "slider",
    "06_small_spaces.ipynb": "slider",
    "07_the_swarm.ipynb": "slider",
    "08_attention_and_paradox.ipynb": "slider",
    "09_policy_lab.ipynb": "slider",
}


def test_every_lesson_is_checked_in_the_browser():
    assert sorted(BROWSER_LESSONS) == sorted(p.name for p in LESSONS.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on loopback serving a scratch copy of lessons/ (autosave off: the repo is never touched)."""
    with lab_server(tmp_path_factory.mktemp("lab"), LESSONS) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


def _chart_fingerprint(page, explorer_index: int) -> str:
    return page.evaluate(
        """(i) => {
            const ex = document.querySelectorAll('.swarmcast-explorer')[i];
            const c = ex.querySelector('.vega-embed canvas');
            if (c) return c.toDataURL();
            const s = ex.querySelector('.vega-embed svg');
            return s ? s.outerHTML : '';
        }""",
        explorer_index,
    )


_run_all = run_all
_shut_down_kernels = shut_down_kernels


@pytest.mark.parametrize("name", sorted(BROWSER_LESSONS))
def test_lesson_draws_its_charts_and_redraws_when_a_control_moves(name, lab, browser, tmp_path):
    if not (LESSONS / name).is_file():
        pytest.fail(f"lesson {name} does not exist yet")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _run_all(page, lab, name)
        page.wait_for_selector(".vega-embed svg, .vega-embed canvas", timeout=60_000)
        body = page.inner_text(".jp-Notebook")
        assert "Error loading script" not in body, "a chart tried to load vega from a CDN"
        assert "Traceback" not in body, "a cell raised an error in the browser"
        n_charts = page.locator(".swarmcast-figure, .swarmcast-explorer").count()
        drawn = page.locator(".vega-embed svg, .vega-embed canvas").count()
        assert n_charts >= 1 and drawn >= n_charts, f"{drawn} charts drawn for {n_charts} chart widgets"
        # every drawn chart has its alt text (vega puts the description on the svg or canvas container)
        labels = page.eval_on_selector_all(".vega-embed", "els => els.map(e => (e.querySelector('[aria-label]')||{}).ariaLabel||'')")
        assert all(len(label) >= 20 for label in labels), f"charts without a text description: {labels}"

        explorers = page.locator(".swarmcast-explorer")
        assert explorers.count() >= 1, "the lesson shows no explorer"
        before = _chart_fingerprint(page, 0)
        if BROWSER_LESSONS[name] == "slider":
            handle = explorers.first.locator(".widget-slider .noUi-handle").first
            handle.scroll_into_view_if_needed()
            box = handle.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.down()
            page.mouse.move(box["x"] + 90, box["y"] + box["height"] / 2, steps=8)
            page.mouse.up()
        else:
            box = explorers.first.locator(".widget-checkbox input[type=checkbox]").first
            box.scroll_into_view_if_needed()
            box.click()
        page.wait_for_function(
            """([i, before]) => {
                const ex = document.querySelectorAll('.swarmcast-explorer')[i];
                const c = ex.querySelector('.vega-embed canvas');
                const now = c ? c.toDataURL() : (ex.querySelector('.vega-embed svg')||{}).outerHTML;
                return now && now !== before;
            }""",
            arg=[0, before],
            timeout=20_000,
        )
        # the explorer as a person sees it after the move (set SWARMCAST_SCREENSHOT_DIR to keep the file)
        explorers.first.scroll_into_view_if_needed()
        shot = Path(os.environ.get("SWARMCAST_SCREENSHOT_DIR", tmp_path)) / f"{Path(name).stem}.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
    finally:
        page.close()
        _shut_down_kernels(lab)


@pytest.mark.parametrize("name", sorted(p.name for p in LESSONS.glob("[0-9][0-9]_*.ipynb")))
def test_every_control_of_every_explorer_redraws_its_chart(name, lab, browser):
    """Each slider, checkbox, dropdown, toggle and radio of every explorer in the lesson, moved once as a person
    would (keyboard for sliders), redraws its explorer's chart."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _run_all(page, lab, name)
        page.wait_for_selector(".swarmcast-explorer .vega-embed svg, .swarmcast-explorer .vega-embed canvas", timeout=60_000)
        controls = page.evaluate(LIST_CONTROLS)
        assert controls, "the lesson's explorers have no controls"
        dead = [(e, kind, k) for e, kind, k in controls if time_control(page, e, kind, k, 0) < 0]
        assert not dead, f"controls whose chart did not redraw (explorer, kind, index): {dead} of {len(controls)}"
    finally:
        page.close()
        _shut_down_kernels(lab)
