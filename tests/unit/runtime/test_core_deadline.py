"""_core/deadline.py, imported as the real module: the deadline of a whole sync request, cut
into each read and write of the network streams httpcore opens; against a real local server
(tests/http_server.py, 127.0.0.1 only) for the end-to-end case."""

from __future__ import annotations

import time
from typing import Any, Optional

import httpcore
import httpx
import pytest

from generator.emit.runtime._core import deadline, errors, http
from http_server import Trickle, serving


class Stream:
    """A network stream as httpcore's: read and write take a timeout."""

    def __init__(self) -> None:
        self.timeouts: list[Optional[float]] = []

    def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        self.timeouts.append(timeout)
        return b"x"

    def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        self.timeouts.append(timeout)


class Sealed:
    """A stream whose instances take no attribute."""

    __slots__ = ()

    def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        return b""

    def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        pass


def test_outside_a_call_a_bounded_stream_keeps_its_timeouts():
    stream = Stream()
    deadline.bound_stream(stream)
    stream.read(1, 5.0)
    stream.write(b"", None)
    assert stream.timeouts == [5.0, None]


def test_within_a_call_reads_and_writes_end_by_its_deadline():
    stream = Stream()
    deadline.bound_stream(stream)
    deadline.bound_stream(stream)  # once only
    with deadline.sync_deadline(time.monotonic() + 1.0):
        stream.read(1, 5.0)
        stream.write(b"", None)
    assert all(t is not None and 0.5 < t <= 1.0 for t in stream.timeouts)


def test_past_the_deadline_a_read_or_write_is_an_httpcore_timeout():
    stream = Stream()
    deadline.bound_stream(stream)
    with deadline.sync_deadline(time.monotonic() - 0.01):
        with pytest.raises(httpcore.ReadTimeout):
            stream.read(1, 5.0)
        with pytest.raises(httpcore.WriteTimeout):
            stream.write(b"", 5.0)
    assert deadline.bounded(3.0, writing=False) == 3.0  # the block is over


def test_a_stream_that_takes_no_attribute_is_left_as_it_is():
    sealed = Sealed()
    deadline.bound_stream(sealed)
    deadline.bound_stream(None)
    assert sealed.read.__func__ is Sealed.read


def test_the_trace_hook_bounds_the_connections_httpcore_opens():
    opened, other = Stream(), Stream()
    deadline._trace("connection.connect_tcp.complete", {"return_value": opened})
    deadline._trace("http11.send_request_headers.started", {"return_value": other})
    assert getattr(opened, "_sdk_bounded", False) and not getattr(other, "_sdk_bounded", False)
    request = httpx.Request("GET", "https://h/")
    deadline.watch(request)
    assert request.extensions["trace"] is deadline._trace


def test_the_deadline_error_is_an_httpx_timeout():
    error = deadline.deadline_exceeded(2.5)
    assert isinstance(error, httpx.TimeoutException) and str(error) == "no complete response within the 2.5 s deadline"
    assert type(error) is deadline.deadline_type()
    assert deadline.past(time.monotonic() - 1) and not deadline.past(None) and not deadline.past(time.monotonic() + 60)


def test_a_server_trickling_bytes_is_cut_at_the_deadline():
    """Every read gets a byte within the read timeout; only the deadline ends the call."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
    with serving(max_requests=1) as server:
        server.enqueue(Trickle(head + b"[" + b" " * 198 + b"]", first=len(head), interval=0.05))
        client: Any = http.SyncClientCore(base_url=server.url, headers={}, timeout=2.0, deadline=0.6, max_retries=0)
        started = time.monotonic()
        with pytest.raises(errors.ApiTimeoutError, match="no complete response within the 0.6 s deadline"):
            client.request("items.get", "GET", "/v1/items")
        elapsed = time.monotonic() - started
        client.close()
    assert elapsed < 1.5
