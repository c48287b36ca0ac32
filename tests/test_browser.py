"""What a person sees: JupyterLab in headless Chromium runs a lesson, draws its charts, and redraws when a
slider moves. Uses Debian's chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import LESSONS

CHROMIUM = shutil.which("chromium")
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
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on loopback serving a scratch copy of lessons/ (autosave must not touch the repo)."""
    work = tmp_path_factory.mktemp("lab")
    served = work / "lessons"
    shutil.copytree(LESSONS, served)
    settings = work / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # no news fetching, no update checks: this machine has no internet
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # windowed notebooks render cells lazily and shift the page while we drag a slider: render them all
    tracker = work / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = _free_port(), "swarmcast-test"
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(work / "ws"))
    cmd = [
        str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}", "--LabApp.news_url=",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(cmd, cwd=served, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {(work / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("jupyter lab did not answer within 60 s")
    yield {"base": base, "token": token, "dir": served, "log": work / "lab.log"}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


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


def _run_all(page, lab, name):
    # a workspace of its own per lesson, reset: no tab (and no kernel status) left over from another lesson
    page.goto(f"{lab['base']}/lab/workspaces/{Path(name).stem}/tree/{name}?token={lab['token']}&reset", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # the kernel must be connected and idle before we run anything
    page.wait_for_function("() => /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.innerText || '')", timeout=90_000)
    page.click("div.lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    # done when no input prompt shows [*] or is empty for a code cell
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=120_000,
    )


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


def _shut_down_kernels(lab) -> None:
    """One lesson's kernel must not slow the next lesson down."""
    base, token = lab["base"], lab["token"]
    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as r:
        kernels = json.loads(r.read())
    for k in kernels:
        req = urllib.request.Request(f"{base}/api/kernels/{k['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(req, timeout=10).close()
