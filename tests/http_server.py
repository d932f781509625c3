"""A small scripted HTTP/1.1 server on 127.0.0.1 for exercising generated clients.

Start it with the `serving(...)` context manager (or the `http_server` helper from a pytest
fixture). Each request is recorded as a `RecordedRequest` and answered by an *action*:

* `Response(status, headers, body, delay=0.0)`: a normal answer, sent after `delay` seconds.
* `Drop(delay=0.0)`: close the connection without answering (after `delay` seconds).
* `Raw(data, delay=0.0, close=True)`: write arbitrary bytes (a truncated or malformed
  answer), then optionally close.
* `Trickle(data, first=0, interval=0.1, piece=1)`: a slow server: the first `first` bytes at
  once, then `piece` bytes every `interval` seconds, then close.

Actions come first from the scripted queue (`server.enqueue(...)`), then from the handler
function `(RecordedRequest) -> action`. A request with neither, a handler that raises, or
more than `max_requests` requests is an *error*: the server answers 500 (or drops the
connection past the limit), keeps the error, and `check()` (called when the context
manager exits cleanly) raises it, so a test never passes over a server-side surprise.

Each answer but a `Trickle` (slow on purpose) is written to the socket with ONE write call
(status line, headers and body concatenated), because a response split over several writes stalls keep-alive clients by
the peer's delayed ACK (~40 ms per request). `write_log` keeps the size of every write so
tests can check this. Responses always carry Content-Length, so connections stay open
(HTTP/1.1 keep-alive) unless the client or the action asks to close.

Everything is bounded in time: sockets time out after `socket_timeout` seconds, `stop()`
shuts down open keep-alive connections instead of waiting for them and cuts delays and
trickles short, a trickle ends when the client goes away, and `max_requests` caps how much
a runaway client can send.
"""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time
import traceback
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence, Union
from urllib.parse import parse_qsl

HOST = "127.0.0.1"


# -- what was received ---------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received: nothing decoded beyond the HTTP framing."""

    method: str
    target: str  # the raw request target, e.g. "/v1/x?a=1"
    path: str  # the raw (still percent-encoded) path
    raw_query: str
    query: list[tuple[str, str]]  # raw_query parsed to pairs, in order, blanks kept
    headers: list[tuple[str, str]]  # in order, names as sent
    body: bytes
    http_version: str
    connection: int  # 1-based number of the TCP connection it arrived on
    index: int  # 0-based number of the request on this server

    def header(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """The first header called `name` (case-insensitive)."""
        values = self.header_values(name)
        return values[0] if values else default

    def header_values(self, name: str) -> list[str]:
        lowered = name.lower()
        return [v for k, v in self.headers if k.lower() == lowered]

    @property
    def media_type(self) -> Optional[str]:
        value = self.header("content-type")
        return value.split(";", 1)[0].strip().lower() if value is not None else None

    def json(self) -> Any:
        return json.loads(self.body)


# -- what to answer ------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """An answer. Content-Length is always set from `body` (any given one is replaced)."""

    status: int = 200
    headers: Union[Mapping[str, str], Sequence[tuple[str, str]]] = ()
    body: bytes = b""
    delay: float = 0.0  # seconds to sleep before answering
    reason: Optional[str] = None

    @classmethod
    def json(cls, value: Any, status: int = 200, headers: Mapping[str, str] | None = None, **kw: Any) -> Response:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return cls(status, {"Content-Type": "application/json", **(headers or {})}, body, **kw)

    @classmethod
    def binary(cls, data: bytes, content_type: str = "application/octet-stream", status: int = 200, **kw: Any) -> Response:
        return cls(status, {"Content-Type": content_type}, data, **kw)

    def header_pairs(self) -> list[tuple[str, str]]:
        items = self.headers.items() if isinstance(self.headers, Mapping) else self.headers
        return [(str(k), str(v)) for k, v in items]


@dataclass(frozen=True)
class Drop:
    """Close the connection without answering."""

    delay: float = 0.0


@dataclass(frozen=True)
class Raw:
    """Write `data` as it is (one write), then close the connection unless `close=False`."""

    data: bytes
    delay: float = 0.0
    close: bool = True


@dataclass(frozen=True)
class Trickle:
    """Write `data[:first]` at once, then `piece` bytes every `interval` seconds, then close.

    Lasts at most (len(data) - first) / piece * interval seconds, less when the server stops
    or the client goes away.
    """

    data: bytes
    first: int = 0
    interval: float = 0.1
    piece: int = 1
    delay: float = 0.0


Action = Union[Response, Drop, Raw, Trickle]
Handler = Callable[[RecordedRequest], Action]


class ServerError(AssertionError):
    """Something unexpected happened on the server side during a test."""


def encode_response(response: Response, *, head: bool = False, keep_alive: bool = True) -> bytes:
    """Status line, headers and body as one bytes object."""
    reason = response.reason
    if reason is None:
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
    lines = [f"HTTP/1.1 {response.status} {reason}"]
    has_date = has_connection = False
    for name, value in response.header_pairs():
        lowered = name.lower()
        if lowered in ("content-length", "transfer-encoding"):
            continue
        if "\r" in name + value or "\n" in name + value:
            raise ValueError(f"header {name!r} contains a line break")
        has_date |= lowered == "date"
        has_connection |= lowered == "connection"
        lines.append(f"{name}: {value}")
    no_body = response.status in (204, 304) or 100 <= response.status < 200
    if not no_body:
        lines.append(f"Content-Length: {len(response.body)}")
    if not has_date:
        lines.append("Date: " + time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()))
    if not keep_alive and not has_connection:
        lines.append("Connection: close")
    head_bytes = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head_bytes if (head or no_body) else head_bytes + response.body


# -- the server ----------------------------------------------------------------------------


class _CountingWriter:
    """Wraps the handler's unbuffered socket writer: every write is one sendall, logged."""

    def __init__(self, inner: Any, log: list[int], lock: threading.Lock) -> None:
        self._inner = inner
        self._log = log
        self._lock = lock

    def write(self, data: bytes) -> int:
        with self._lock:
            self._log.append(len(data))
        return self._inner.write(data)

    def flush(self) -> None:
        self._inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        owner = self.server.owner
        self.connection.settimeout(owner.socket_timeout)  # every read and write is bounded
        self.wfile = _CountingWriter(self.wfile, owner.write_log, owner._lock)  # type: ignore[assignment]
        self.connection_number = owner._open_connection(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._close_connection(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def send_error(self, code: int, message: Optional[str] = None, explain: Optional[str] = None) -> None:
        # Malformed requests: answered in one write as well, then the connection closes.
        self.close_connection = True
        text = f"{code} {message or ''} {explain or ''}".strip().encode()
        self._write(encode_response(Response(code, {"Content-Type": "text/plain"}, text), keep_alive=False))

    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)  # the one write of an answer
        except OSError:  # the client gave up (e.g. timed out during a delay)
            self.close_connection = True
            return False
        return True

    def _trickle(self, action: Trickle) -> None:
        self.close_connection = True
        stopped = self.server.owner._stopped
        if action.first and not self._write(action.data[: action.first]):
            return
        for start in range(action.first, len(action.data), action.piece):
            if stopped.wait(action.interval) or not self._write(action.data[start : start + action.piece]):
                return

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size_line = self.rfile.readline(65537)
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        owner = self.server.owner
        body = self._read_body()
        path, _, raw_query = self.path.partition("?")  # not urlsplit: "//x" is a path here
        request = RecordedRequest(
            method=self.command,
            target=self.path,
            path=path,
            raw_query=raw_query,
            query=parse_qsl(raw_query, keep_blank_values=True),
            headers=list(self.headers.items()),
            body=body,
            http_version=self.request_version,
            connection=self.connection_number,
            index=-1,
        )
        action = owner._decide(request)
        if action is None:  # over the limit: refuse
            self.close_connection = True
            return
        if action.delay and owner._stopped.wait(action.delay):  # stop() cuts stalls short
            self.close_connection = True
            return
        if isinstance(action, Drop):
            self.close_connection = True
            return
        if isinstance(action, Trickle):
            self._trickle(action)
            return
        if isinstance(action, Raw):
            self._write(action.data)
            self.close_connection = self.close_connection or action.close
            return
        wants_close = any(k.lower() == "connection" and v.lower() == "close" for k, v in action.header_pairs())
        self.close_connection = self.close_connection or wants_close
        self._write(encode_response(action, head=self.command == "HEAD", keep_alive=not self.close_connection))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    owner: "TestServer"

    def server_bind(self) -> None:
        # HTTPServer.server_bind would look the host name up (getfqdn): skip that.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, int(self.server_address[1])


class TestServer:
    """The server with its records. Use `serving(...)` to run one."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        handler: Optional[Handler] = None,
        *,
        max_requests: int = 50,
        socket_timeout: float = 5.0,
    ) -> None:
        self.handler = handler
        self.max_requests = max_requests
        self.socket_timeout = socket_timeout
        self.requests: list[RecordedRequest] = []
        self.errors: list[str] = []
        self.write_log: list[int] = []  # size of every write to a client socket
        self.connections = 0
        self._queue: deque[Action] = deque()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._stopped = threading.Event()
        self._server: Optional[_Server] = None
        self._thread: Optional[threading.Thread] = None

    # -- scripting ---------------------------------------------------------------------

    def enqueue(self, *actions: Action) -> None:
        """Answers for the next requests, in order, before the handler is asked."""
        with self._lock:
            self._queue.extend(actions)

    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        return f"http://{HOST}:{self.port}"

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    def _decide(self, request: RecordedRequest) -> Optional[Action]:
        with self._lock:
            index = len(self.requests)
            request = _with_index(request, index)
            self.requests.append(request)
            if index >= self.max_requests:
                self.errors.append(f"more than {self.max_requests} requests: {request.method} {request.target}")
                return None
            if self._queue:
                return self._queue.popleft()
            handler = self.handler
        if handler is None:
            message = f"no scripted response for request #{index}: {request.method} {request.target}"
            with self._lock:
                self.errors.append(message)
            return Response(500, {"Content-Type": "text/plain"}, message.encode())
        try:
            action = handler(request)
            if not isinstance(action, (Response, Drop, Raw, Trickle)):
                raise TypeError(f"handler returned {action!r}, not a Response, Drop, Raw or Trickle")
            return action
        except Exception:
            text = traceback.format_exc()
            with self._lock:
                self.errors.append(f"handler failed on {request.method} {request.target}:\n{text}")
            return Response(500, {"Content-Type": "text/plain"}, text.encode())

    # -- connections -------------------------------------------------------------------

    def _open_connection(self, sock: socket.socket) -> int:
        with self._lock:
            self._open.add(sock)
            self._threads.append(threading.current_thread())
            self.connections += 1
            number = self.connections
            stopping = self._stopping
        if stopping:  # accepted just before stop(): end it at once
            _shut(sock)
        return number

    def _close_connection(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)

    # -- life cycle --------------------------------------------------------------------

    def start(self) -> TestServer:
        assert self._server is None, "already started"
        server = _Server((HOST, 0), _RequestHandler)
        server.owner = self
        server.timeout = self.socket_timeout
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"test-http-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()  # stops accepting; returns once serve_forever has returned
        self._stopped.set()
        with self._lock:
            self._stopping = True
            still_open = list(self._open)
            threads = list(self._threads)
        for sock in still_open:  # idle keep-alive connections: end them now, not at timeout
            _shut(sock)
        server.server_close()
        deadline = time.monotonic() + self.socket_timeout
        for thread in [self._thread, *threads]:
            if thread is not None and thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.monotonic()))

    def check(self) -> None:
        """Raise the server-side errors seen so far (unexpected requests, handler failures)."""
        if self.errors:
            raise ServerError("\n".join(self.errors))

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.stop()
        if exc_type is None:
            self.check()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _with_index(request: RecordedRequest, index: int) -> RecordedRequest:
    return RecordedRequest(**{**request.__dict__, "index": index})


@contextmanager
def serving(handler: Optional[Handler] = None, **options: Any) -> Iterator[TestServer]:
    """Run a `TestServer` for the duration of the block; see `TestServer` for options."""
    with TestServer(handler, **options) as server:
        yield server
