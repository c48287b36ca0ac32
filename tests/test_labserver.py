"""The course's Jupyter server sends kernel messages without Nagle's delay (src/swarmcast/labserver.py).

A real ``jupyter server`` from this environment (so with the settings ``make test`` and ``make start`` copy into it)
starts a kernel; a websocket client connects to the kernel's channels as JupyterLab does, and the server's log must
report TCP_NODELAY read back from the connection's own socket.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser_harness import jupyter_server

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "swarmcast.json"


def _kernel_websocket_log(tmp_path: Path, *args: str) -> str:
    """Start a server, open one kernel's websocket as JupyterLab does, return the server's log."""
    from tornado.websocket import websocket_connect

    log = tmp_path / "server.log"
    with jupyter_server("server", cwd=tmp_path, env=dict(os.environ), log_path=log, seconds=60,
                        args=["--log-level=DEBUG", *args]) as (base, token):
        req = urllib.request.Request(f"{base}/api/kernels?token={token}", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            kernel = json.loads(r.read())["id"]
        try:
            async def connect():
                url = f"{base.replace('http', 'ws')}/api/kernels/{kernel}/channels?token={token}"
                ws = await websocket_connect(url, subprotocols=["v1.kernel.websocket.jupyter.org"])
                deadline = time.time() + 30
                while "kernel websocket TCP_NODELAY" not in log.read_text() and time.time() < deadline:
                    await asyncio.sleep(0.2)
                ws.close()

            asyncio.run(connect())
        finally:
            urllib.request.urlopen(urllib.request.Request(f"{base}/api/kernels/{kernel}?token={token}", method="DELETE"), timeout=30).close()
    return log.read_text()


def test_the_course_settings_enable_the_extension_and_are_installed():
    settings = json.loads((ROOT / "binder" / "jupyter_server_config.json").read_text())
    assert settings["ServerApp"]["jpserver_extensions"] == {"swarmcast.labserver": True}
    assert INSTALLED.is_file() and json.loads(INSTALLED.read_text()) == settings, (
        f"{INSTALLED} is missing or differs from binder/jupyter_server_config.json: run `make test` (or make start), "
        "which copies it into the environment")


def test_the_kernel_websocket_sends_without_nagles_delay(tmp_path):
    if not INSTALLED.is_file():
        pytest.fail(f"{INSTALLED} is missing: run `make test`, which copies binder/jupyter_server_config.json there")
    text = _kernel_websocket_log(tmp_path)
    assert "swarmcast: kernel websocket TCP_NODELAY=True" in text, text[-3000:]


def test_without_the_course_settings_the_server_keeps_tornados_default(tmp_path):
    """The check above can fail: with the extension off, jupyter_server's own class neither sets nor reports it."""
    text = _kernel_websocket_log(tmp_path, "--ServerApp.jpserver_extensions={'swarmcast.labserver': False}")
    assert "kernel websocket TCP_NODELAY" not in text
    assert "Connecting to kernel" in text, text[-3000:]
