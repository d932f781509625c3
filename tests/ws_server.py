"""A local WebSocket server for tests: `websockets`' sync server in a thread, on 127.0.0.1
only, bounded in time (every wait has a timeout) and in connections.

Each connection follows the server's `Script`: refuse the handshake with a status (and
headers, body), or accept it, read `expect` client frames, send `send`, then close with
`close`. Every handshake (path, query, headers) and every frame received is recorded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from websockets.sync.server import ServerConnection, serve

WAIT = 5.0  # seconds any wait of the server may take
MAX_CONNECTIONS = 20


@dataclass
class Script:
    """What the server does on each connection."""

    send: list[str | bytes] = field(default_factory=list)
    expect: int = 0  # client frames to read before sending
    close: tuple[int, str] | None = (1000, "")  # None: keep the connection open until the client closes
    refuse: tuple[int, dict[str, str], bytes] | None = None  # status, headers, body
    silent: float = 0.0  # seconds to wait before sending (a client's recv timeout)


@dataclass
class Handshake:
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names


@dataclass
class WsServer:
    script: Script
    url: str = ""
    handshakes: list[Handshake] = field(default_factory=list)
    received: list[str | bytes] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def ws_serving(script: Script | None = None) -> Iterator[WsServer]:
    """A server on 127.0.0.1 following `script`; its `url` is `ws://127.0.0.1:<port>`."""
    state = WsServer(script or Script())
    lock = threading.Lock()

    def process_request(connection: ServerConnection, request: Any) -> Any:
        parts = urlsplit(request.path)
        with lock:
            if len(state.handshakes) >= MAX_CONNECTIONS:
                return connection.respond(503, "too many connections\n")
            state.handshakes.append(
                Handshake(parts.path, parse_qsl(parts.query, keep_blank_values=True), {k.lower(): v for k, v in request.headers.raw_items()})
            )
        if state.script.refuse is None:
            return None
        status, headers, body = state.script.refuse
        response = connection.respond(status, body.decode("utf-8", "replace"))
        for name, value in headers.items():
            if name in response.headers:
                del response.headers[name]
            response.headers[name] = value
        return response

    def handler(connection: ServerConnection) -> None:
        script = state.script
        try:
            for _ in range(script.expect):
                frame = connection.recv(timeout=WAIT)
                with lock:
                    state.received.append(frame)
            if script.silent:
                time.sleep(script.silent)
            for frame in script.send:
                connection.send(frame)
            if script.close is not None:
                connection.close(*script.close)
            else:
                for frame in connection:  # until the client closes
                    with lock:
                        state.received.append(frame)
        except Exception as exc:  # recorded for the test to show, never raised in the thread
            state.errors.append(repr(exc))

    with serve(handler, "127.0.0.1", 0, process_request=process_request, max_size=None, ping_interval=None) as server:
        port = server.socket.getsockname()[1]
        state.url = f"ws://127.0.0.1:{port}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield state
        finally:
            server.shutdown()
            thread.join(WAIT)
