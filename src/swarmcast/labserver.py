"""A Jupyter server extension: the kernel's websocket to the browser, with Nagle's algorithm off.

Why: jupyter_server leaves TCP_NODELAY unset on the websocket it keeps to each browser tab (tornado's default). After
a student moves a control the kernel answers with several messages in a row (the value's echo, the new chart, the
summary); with Nagle on, each one after the first can wait for the browser's delayed acknowledgement of the one
before, up to 40 ms on Linux. Measured with benchmarks/browser.py (lesson 05, the new spec's trip from the kernel to
the page): p95 49 ms without it, 21 ms with it.

The course's server settings (binder/jupyter_server_config.json, copied into the environment's
``etc/jupyter/jupyter_server_config.d/`` by ``make start``, ``make test`` and Binder's postBuild) enable this
extension. It changes only jupyter_server's own connection class (a gateway or another extension's class is left
alone); without it the course works the same, only slower to redraw.
"""

from __future__ import annotations

import socket

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["ENABLED_LOG", "PromptKernelConnection"]

_SETTING = "kernel_websocket_connection_class"
#: What the server logs when the extension is in place (benchmarks/browser.py looks for it).
ENABLED_LOG = "swarmcast: kernel websockets send without Nagle's delay"


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, sending each message as soon as it is written."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        sock = getattr(getattr(self.websocket_handler.ws_connection, "stream", None), "socket", None)
        if sock is not None:  # what the socket itself now says, for the log and tests/test_labserver.py
            on = bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            self.websocket_handler.log.debug("swarmcast: kernel websocket TCP_NODELAY=%s", on)
        return super().connect()


def _jupyter_server_extension_points():
    return [{"module": "swarmcast.labserver"}]


def _load_jupyter_server_extension(serverapp) -> None:
    settings = serverapp.web_app.settings
    if settings.get(_SETTING) is ZMQChannelsWebsocketConnection:
        settings[_SETTING] = PromptKernelConnection
        serverapp.log.info(ENABLED_LOG)
    else:
        serverapp.log.info("swarmcast: kernel websockets left as configured (%s)", settings.get(_SETTING))
