"""JupyterLab in headless Chromium, shared by the browser tests and benchmarks/browser.py.

A server on loopback with its own settings and workspaces folders (no news prompt, no autosave, every cell
rendered), serving a scratch copy of lessons/ so a run never writes into the course's tracked notebooks.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(proc: subprocess.Popen, status_url: str, log: Path, seconds: float = 60) -> None:
    """Wait until a Jupyter server started as ``proc`` answers ``status_url``; say why when it never does."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(status_url, timeout=2)
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"the Jupyter server exited: {log.read_text()[-2000:]}")
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"the Jupyter server did not answer within {seconds:.0f} s")


@contextlib.contextmanager
def jupyter_server(app: str, *, cwd: Path, env: dict, log_path: Path, seconds: float, args=()):
    """``jupyter <app>`` (``lab`` or ``server``) on a free loopback port with a token, started in ``cwd``, logged to
    ``log_path``; yields ``(base_url, token)`` once it answers, and stops it (terminate, then kill) afterwards."""
    port, token = free_port(), "swarmcast-test"
    cmd = [str(Path(sys.executable).parent / "jupyter"), app, "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--IdentityProvider.token={token}", *args]
    if os.geteuid() == 0:
        cmd.append("--allow-root")  # as root the server refuses to start without it (runbook A5)
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_server(proc, f"{base}/api/status?token={token}", log_path, seconds)
            yield base, token
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def chromium_browser():
    """Debian's chromium, headless, through Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _settings(folder: Path) -> None:
    def put(ext, plugin, values):
        d = folder / "@jupyterlab" / ext
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{plugin}.jupyterlab-settings").write_text(json.dumps(values))

    # no news fetching, no update checks: this machine has no internet
    put("apputils-extension", "notification", {"fetchNews": "false", "checkForUpdates": False})
    # windowed notebooks render cells lazily and shift the page while we drag a slider: render them all
    put("notebook-extension", "tracker", {"windowingMode": "none"})
    # a run must not write outputs back into the served notebooks
    put("docmanager-extension", "plugin", {"autosave": False})


@contextlib.contextmanager
def lab_server(work: Path, lessons: Path):
    """Serve a copy of ``lessons`` from ``work``; yield base URL, token, served folder and log path."""
    served = work / "lessons"
    shutil.copytree(lessons, served)
    _settings(work / "settings")
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(work / "ws"))
    args = [f"--ServerApp.root_dir={served}", "--LabApp.news_url="]
    with jupyter_server("lab", cwd=served, env=env, log_path=work / "lab.log", seconds=60, args=args) as (base, token):
        yield {"base": base, "token": token, "dir": served, "log": work / "lab.log"}


def run_all(page, lab, name: str) -> None:
    """Open ``name`` in a fresh workspace of its own, wait for an idle kernel, run all cells, wait until done."""
    page.goto(f"{lab['base']}/lab/workspaces/{Path(name).stem}/tree/{name}?token={lab['token']}&reset", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function("() => /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.innerText || '')", timeout=90_000)
    page.click("div.lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=120_000,
    )


def shut_down_kernels(lab) -> None:
    """One lesson's kernel must not slow the next lesson down."""
    base, token = lab["base"], lab["token"]
    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as r:
        kernels = json.loads(r.read())
    for k in kernels:
        req = urllib.request.Request(f"{base}/api/kernels/{k['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(req, timeout=10).close()


class SocketBytes:
    """Counts the bytes of every websocket frame the page receives and sends (kernel and server traffic)."""

    def __init__(self, page):
        self.received = self.sent = 0
        page.on("websocket", self._attach)

    @staticmethod
    def _size(payload) -> int:
        return len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload)

    def _attach(self, ws):
        ws.on("framereceived", lambda payload: setattr(self, "received", self.received + self._size(payload)))
        ws.on("framesent", lambda payload: setattr(self, "sent", self.sent + self._size(payload)))

    @property
    def total(self) -> int:
        return self.received + self.sent


# Watch an explorer's chart(s) for a redraw after a control event; the time runs from the event (keydown, click,
# change) to the start of the first animation frame that paints a drawing which differs from the one before.
# Light on purpose, so the watching does not slow down what it times: vega draws a canvas by first clearing it
# (clearRect) and an SVG chart by changing its DOM (a MutationObserver sees that), so the drawing is compared
# (canvas.toDataURL / svg.outerHTML, costly) only in a frame after such a draw, and the time is read at the start
# of that frame, before the comparison runs.
INSTALL_REDRAW_WATCH = """() => {
    if (window.__swarmcastWatch) return;
    window.__swarmcastWatch = true;
    window.__drawn = false;
    for (const type of ['keydown', 'pointerdown', 'mousedown', 'click', 'change', 'input']) {
        document.addEventListener(type, () => { if (window.__t0 == null) window.__t0 = performance.now(); }, true);
    }
    const clear = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (...args) { window.__drawn = true; return clear.apply(this, args); };
    const inChart = (n) => n && n.nodeType === 1 && n.closest('.vega-embed');
    const hasChart = (n) => n.nodeType === 1 && (n.closest('.vega-embed') || n.querySelector('.vega-embed'));
    new MutationObserver((records) => {
        if (records.some(r => inChart(r.target.nodeType === 1 ? r.target : r.target.parentElement)
                              || [...r.addedNodes].some(hasChart))) window.__drawn = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    window.__fingerprint = (i) => {
        const ex = document.querySelectorAll('.swarmcast-explorer')[i];
        if (!ex) return '';
        return [...ex.querySelectorAll('.vega-embed canvas, .vega-embed svg')]
            .map(c => c.tagName === 'CANVAS' ? c.toDataURL() : c.outerHTML).join('|');
    };
    window.__armRedraw = (i, timeout) => {
        const before = window.__fingerprint(i);
        window.__t0 = null;
        window.__drawn = false;
        window.__redraw = new Promise(resolve => {
            const start = performance.now();
            const tick = () => {
                const frame = performance.now();
                if (window.__t0 != null && window.__drawn) {
                    window.__drawn = false;
                    const now = window.__fingerprint(i);
                    if (now && now !== before) return resolve(frame - window.__t0);
                }
                if (frame - start > timeout) resolve(-1);
                else requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
        });
    };
}"""

# Every control of every explorer on the page: [explorer index, kind, control index within its kind].
LIST_CONTROLS = """() => {
    const out = [];
    document.querySelectorAll('.swarmcast-explorer').forEach((ex, i) => {
        ex.querySelectorAll('.widget-slider .noUi-handle').forEach((_, k) => out.push([i, 'slider', k]));
        ex.querySelectorAll('.widget-checkbox input[type=checkbox]').forEach((_, k) => out.push([i, 'checkbox', k]));
        ex.querySelectorAll('.widget-dropdown select').forEach((_, k) => out.push([i, 'dropdown', k]));
        ex.querySelectorAll('.widget-toggle-buttons').forEach((_, k) => out.push([i, 'toggle', k]));
        ex.querySelectorAll('.widget-radio-box').forEach((_, k) => out.push([i, 'radio', k]));
    });
    return out;
}"""

_SELECTORS = {
    "slider": ".widget-slider .noUi-handle",
    "checkbox": ".widget-checkbox input[type=checkbox]",
    "dropdown": ".widget-dropdown select",
    "toggle": ".widget-toggle-buttons",
    "radio": ".widget-radio-box",
}


def move_control(page, explorer: int, kind: str, k: int, step: int) -> None:
    """Change one control as a person would (keyboard for sliders, clicks and picks for the rest)."""
    el = page.locator(".swarmcast-explorer").nth(explorer).locator(_SELECTORS[kind]).nth(k)
    el.scroll_into_view_if_needed()
    if kind == "slider":
        el.focus()
        el.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
    elif kind == "checkbox":
        el.click()
    elif kind == "dropdown":
        options = el.locator("option")
        n = options.count()
        current = el.evaluate("s => s.selectedIndex")
        el.select_option(index=(current + 1) % n)
    elif kind == "toggle":
        buttons = el.locator("button")
        n = buttons.count()
        current = el.evaluate("b => [...b.querySelectorAll('button')].findIndex(x => x.classList.contains('mod-active'))")
        buttons.nth((current + 1) % n).click()
    else:
        radios = el.locator("input[type=radio]")
        n = radios.count()
        current = el.evaluate("b => [...b.querySelectorAll('input[type=radio]')].findIndex(x => x.checked)")
        radios.nth((current + 1) % n).check()


def time_control(page, explorer: int, kind: str, k: int, step: int, timeout_ms: int = 10_000) -> float:
    """Milliseconds from the control event to the redrawn chart; -1 if the chart did not change."""
    page.evaluate(INSTALL_REDRAW_WATCH)
    page.evaluate("([i, t]) => window.__armRedraw(i, t)", [explorer, timeout_ms])
    move_control(page, explorer, kind, k, step)
    ms = page.evaluate("() => window.__redraw")
    if ms < 0 and kind == "slider":  # at the end of its range: go the other way
        page.evaluate("([i, t]) => window.__armRedraw(i, t)", [explorer, timeout_ms])
        move_control(page, explorer, kind, k, step + 1)
        ms = page.evaluate("() => window.__redraw")
    return ms
