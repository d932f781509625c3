"""The generated client's runtime against a real local server: retries, timeouts, errors,
pagination, binary and event streams, logging hygiene; every behaviour for both the sync
and the async client.

The package under test is the golden fixture `client_sdk` (spec: fixtures/sdk/client/spec.yaml).
Each test is bounded: `max_requests` on the server, short timeouts, and retry delays made tiny
(INITIAL_RETRY_DELAY patched) except where a test measures a server-requested wait.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import email.utils
import importlib
import inspect
import logging
import sys
import threading
import time
import traceback
import tracemalloc
import typing
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Callable, Iterator, Sequence

import httpx
import pytest

from conftest import FIXTURES
from http_server import Action, Drop, Raw, RecordedRequest, Response, Trickle, serving

GOLDEN = FIXTURES / "sdk" / "client" / "golden"
KEY = "sk-test-5ecret-7c1e-do-not-leak"
ITEM = {"id": "i1", "name": "first"}
MODES = pytest.mark.parametrize("mode", ["sync", "async"])
SERVER = {"socket_timeout": 3.0}  # every server socket read/write is bounded


@pytest.fixture(scope="module")
def sdk() -> Iterator[Any]:
    sys.path.insert(0, str(GOLDEN))
    try:
        yield importlib.import_module("client_sdk")
    finally:
        sys.path.remove(str(GOLDEN))


@pytest.fixture(autouse=True)
def fast_retries(sdk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sdk._core.http, "INITIAL_RETRY_DELAY", 0.01)
    monkeypatch.delenv("CLIENT_API_KEY", raising=False)


# -- helpers ------------------------------------------------------------------------------


class Script:
    """A server handler answering with the given actions in order, noting when each request came."""

    def __init__(self, *actions: Action) -> None:
        self.actions = deque(actions)
        self.times: list[float] = []

    def __call__(self, request: RecordedRequest) -> Action:
        self.times.append(time.monotonic())
        return self.actions.popleft()  # IndexError -> a server error, raised by serving()


def _settle_sync(value: Any) -> Any:
    """Results of generator methods (list_all, download_stream, follow) collected into a list."""
    return list(value) if inspect.isgenerator(value) or hasattr(value, "__next__") else value


async def _settle_async(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    if hasattr(value, "__aiter__"):
        return [item async for item in value]
    return value


def run_all(
    sdk: Any, mode: str, url: str, actions: Sequence[Callable[[Any], Any]], http: dict[str, Any] | None = None, **client_kwargs: Any
) -> list[Any]:
    """Call each action with one client of `mode`; its result (awaited / collected) or the exception it raised.

    `http`: settings of an httpx client of the caller's own (made, passed and closed here).
    """
    client_kwargs.setdefault("api_key", KEY)
    results: list[Any] = []
    if mode == "sync":
        with httpx.Client(**http) if http is not None else contextlib.nullcontext() as own:
            with sdk.Client(base_url=url, http_client=own, **client_kwargs) as client:
                for action in actions:
                    try:
                        results.append(_settle_sync(action(client)))
                    except Exception as error:  # noqa: BLE001 - handed back to the test
                        results.append(error)
        return results

    async def main() -> list[Any]:
        async with httpx.AsyncClient(**http) if http is not None else contextlib.nullcontext() as own:
            async with sdk.AsyncClient(base_url=url, http_client=own, **client_kwargs) as client:
                for action in actions:
                    try:
                        results.append(await _settle_async(action(client)))
                    except Exception as error:  # noqa: BLE001
                        results.append(error)
        return results

    return asyncio.run(main())


def run(sdk: Any, mode: str, url: str, action: Callable[[Any], Any], **client_kwargs: Any) -> Any:
    (result,) = run_all(sdk, mode, url, [action], **client_kwargs)
    if isinstance(result, Exception):
        raise result
    return result


def raised(sdk: Any, kind: type[BaseException], mode: str, url: str, action: Callable[[Any], Any], **kw: Any) -> Any:
    """The error of `kind` the call raised; also checks that it does not show the API key."""
    with pytest.raises(kind) as caught:
        run(sdk, mode, url, action, **kw)
    assert_secret_free(caught.value)
    return caught.value


def assert_secret_free(error: BaseException) -> None:
    text = str(error) + repr(error) + "".join(traceback.format_exception(error))
    assert KEY not in text


def get_item(client: Any, **options: Any) -> Any:
    return client.items.get(item_id="i1", request_options=options or None)


# -- 1. dropped connections ---------------------------------------------------------------


@MODES
def test_dropped_connection_is_retried(sdk, mode):
    with serving(Script(Drop(), Response.json(ITEM)), max_requests=3, **SERVER) as server:
        item = run(sdk, mode, server.url, get_item)
    assert isinstance(item, sdk.models.Item) and item.name == "first"
    assert len(server.requests) == 2
    assert all(r.header("xi-api-key") == KEY for r in server.requests)


@MODES
def test_dropped_connection_without_retries_raises_connection_error(sdk, mode):
    with serving(Script(Drop()), max_requests=2, **SERVER) as server:
        error = raised(sdk, sdk.ApiConnectionError, mode, server.url, get_item, max_retries=0)
    assert not isinstance(error, sdk.ApiTimeoutError) and "items.get" in str(error)
    assert len(server.requests) == 1


@MODES
def test_dropped_post_is_not_retried(sdk, mode):
    """The request reached the server: repeating a POST could repeat its effect."""
    with serving(Script(Drop()), max_requests=2, **SERVER) as server:
        raised(sdk, sdk.ApiConnectionError, mode, server.url, lambda c: c.items.create(name="n"))
    assert len(server.requests) == 1


@MODES
def test_refused_connection_is_retried_then_raised(sdk, mode):
    """Nothing listens: the request was never sent, so even a POST is retried (all attempts refused)."""
    with serving(Script(), max_requests=1, **SERVER) as server:
        url = server.url
    raised(sdk, sdk.ApiConnectionError, mode, url, lambda c: c.items.create(name="n"))


@MODES
def test_request_options_add_headers_and_query(sdk, mode):
    options = {"headers": {"X-Trace": "t-1"}, "query": {"expand": ["a", "b"], "debug": True}}
    with serving(Script(Response.json(PAGES_ONE)), max_requests=2, **SERVER) as server:
        run(sdk, mode, server.url, lambda c: c.items.list(page_size=5, request_options=options))
    (request,) = server.requests
    assert request.header("X-Trace") == "t-1" and request.header("xi-api-key") == KEY
    assert request.query == [("page_size", "5"), ("expand", "a"), ("expand", "b"), ("debug", "true")]


PAGES_ONE: dict[str, Any] = {"items": [], "next_cursor": None, "has_more": False}


# -- 2. timeouts --------------------------------------------------------------------------


@MODES
@pytest.mark.parametrize("where", ["client", "call"])
def test_stall_past_the_timeout_raises_timeout_error(sdk, mode, where):
    client_kwargs: dict[str, Any] = {"max_retries": 0, "timeout": 0.3 if where == "client" else 30.0}
    options = {"timeout": 0.3} if where == "call" else {}
    with serving(Script(Response.json(ITEM, delay=5.0)), max_requests=2, **SERVER) as server:
        started = time.monotonic()
        error = raised(sdk, sdk.ApiTimeoutError, mode, server.url, lambda c: get_item(c, **options), **client_kwargs)
        elapsed = time.monotonic() - started
    assert isinstance(error, sdk.ApiConnectionError)
    assert 0.25 <= elapsed < 2.0, elapsed  # the timeout, not the 5 s stall
    assert len(server.requests) == 1


@MODES
def test_timed_out_get_is_retried(sdk, mode):
    with serving(Script(Response.json(ITEM, delay=5.0), Response.json(ITEM)), max_requests=3, **SERVER) as server:
        item = run(sdk, mode, server.url, get_item, timeout=0.3)
    assert item.id == "i1" and len(server.requests) == 2


# -- 3. 429 and Retry-After ---------------------------------------------------------------


@MODES
def test_429_waits_for_retry_after_then_succeeds(sdk, mode):
    script = Script(Response.json({"detail": "slow down"}, status=429, headers={"Retry-After": "1"}), Response.json(ITEM))
    with serving(script, max_requests=3, **SERVER) as server:
        item = run(sdk, mode, server.url, get_item)
    assert item.name == "first" and len(server.requests) == 2
    waited = script.times[1] - script.times[0]
    assert 0.95 <= waited < 3.0, waited


@MODES
def test_429_with_a_long_retry_after_raises_at_once(sdk, mode):
    with serving(Script(Response.json({"detail": "later"}, status=429, headers={"Retry-After": "3600"})), max_requests=2, **SERVER) as server:
        started = time.monotonic()
        error = raised(sdk, sdk.TooManyRequestsError, mode, server.url, get_item)
        elapsed = time.monotonic() - started
    assert error.status_code == 429 and error.headers["retry-after"] == "3600" and error.body == {"detail": "later"}
    assert elapsed < 1.0 and len(server.requests) == 1


@MODES
def test_429_is_retried_even_for_post(sdk, mode):
    script = Script(Response(429, {"retry-after-ms": "20"}), Response.json(ITEM))
    with serving(script, max_requests=3, **SERVER) as server:
        item = run(sdk, mode, server.url, lambda c: c.items.create(name="first"))
    assert item.id == "i1" and [r.json() for r in server.requests] == [{"name": "first"}] * 2


@MODES
@pytest.mark.parametrize("header", ["http-date", "retry-after-ms"])
def test_retry_after_as_date_or_milliseconds(sdk, mode, header):
    if header == "http-date":
        headers = {"Retry-After": email.utils.formatdate(time.time() - 5, usegmt=True)}  # in the past: no wait
    else:
        headers = {"retry-after-ms": "300", "Retry-After": "3600"}  # the precise one wins
    script = Script(Response(503, headers), Response.json(ITEM))
    with serving(script, max_requests=3, **SERVER) as server:
        run(sdk, mode, server.url, get_item)
    waited = script.times[1] - script.times[0]
    assert (waited < 0.25) if header == "http-date" else (0.28 <= waited < 2.0), waited


# -- 4. what is retried -------------------------------------------------------------------


@MODES
def test_5xx_then_success_on_get(sdk, mode):
    with serving(Script(Response(500), Response(503), Response.json(ITEM)), max_requests=4, **SERVER) as server:
        item = run(sdk, mode, server.url, get_item)
    assert item.name == "first" and len(server.requests) == 3


@MODES
def test_5xx_every_time_raises_after_max_retries(sdk, mode):
    answer = Response(500, {"Content-Type": "text/plain"}, b"boom")
    with serving(Script(answer, answer, answer), max_requests=4, **SERVER) as server:
        error = raised(sdk, sdk.InternalServerError, mode, server.url, get_item, max_retries=2)
    assert error.status_code == 500 and error.body == "boom"
    assert len(server.requests) == 3


@MODES
def test_408_is_retried(sdk, mode):
    with serving(Script(Response(408), Response.json(ITEM)), max_requests=3, **SERVER) as server:
        run(sdk, mode, server.url, get_item)
    assert len(server.requests) == 2


@MODES
def test_post_500_is_not_retried_unless_the_call_opts_in(sdk, mode):
    with serving(Script(Response(500)), max_requests=2, **SERVER) as server:
        raised(sdk, sdk.InternalServerError, mode, server.url, lambda c: c.items.create(name="n"))
    assert len(server.requests) == 1
    with serving(Script(Response(500), Response.json(ITEM)), max_requests=3, **SERVER) as server:
        item = run(sdk, mode, server.url, lambda c: c.items.create(name="n", request_options={"retry_non_idempotent": True}))
    assert item.id == "i1" and len(server.requests) == 2
    assert all(r.method == "POST" and r.json() == {"name": "n"} for r in server.requests)


@MODES
def test_per_call_max_retries(sdk, mode):
    with serving(Script(Response(502), Response(502)), max_requests=3, **SERVER) as server:
        raised(sdk, sdk.InternalServerError, mode, server.url, lambda c: get_item(c, max_retries=1), max_retries=5)
    assert len(server.requests) == 2


@MODES
@pytest.mark.parametrize("status,kind", [(404, "NotFoundError"), (422, "UnprocessableEntityError"), (400, "BadRequestError")])
def test_client_errors_are_never_retried(sdk, mode, status, kind):
    with serving(Script(Response.json({"detail": "no"}, status=status)), max_requests=2, **SERVER) as server:
        error = raised(sdk, getattr(sdk, kind), mode, server.url, lambda c: c.items.list())
    assert error.status_code == status and len(server.requests) == 1


# -- 5. error bodies ----------------------------------------------------------------------

VALIDATION = {"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "missing"}]}


@MODES
def test_422_body_is_parsed_into_the_documented_model(sdk, mode):
    with serving(Script(Response.json(VALIDATION, status=422)), max_requests=2, **SERVER) as server:
        error = raised(sdk, sdk.UnprocessableEntityError, mode, server.url, lambda c: c.items.create(name=""))
    assert isinstance(error, sdk.ApiError) and error.status_code == 422
    assert isinstance(error.body, sdk.models.HTTPValidationError)
    assert error.body.detail[0].msg == "field required" and error.body.detail[0].loc == ["body", "name"]
    assert "field required" in str(error)


@MODES
@pytest.mark.parametrize(
    "answer,body",
    [
        (Response.json({"detail": "nope"}, status=422), {"detail": "nope"}),
        (Response(422, {"Content-Type": "text/plain"}, b"nope, not JSON"), "nope, not JSON"),
    ],
    ids=["json-of-another-shape", "text"],
)
def test_422_body_that_does_not_fit_stays_raw(sdk, mode, answer, body):
    with serving(Script(answer), max_requests=2, **SERVER) as server:
        error = raised(sdk, sdk.UnprocessableEntityError, mode, server.url, lambda c: c.items.list())
    assert error.body == body and not isinstance(error.body, sdk.models.HTTPValidationError)


@MODES
def test_404_without_a_documented_body_keeps_it_raw(sdk, mode):
    answers = Script(Response.json({"detail": "Item not found"}, status=404), Response(404, {"Content-Type": "text/plain"}, b"gone"))
    with serving(answers, max_requests=3, **SERVER) as server:
        first, second = run_all(sdk, mode, server.url, [get_item, get_item])
    assert isinstance(first, sdk.NotFoundError) and first.body == {"detail": "Item not found"}
    assert isinstance(second, sdk.NotFoundError) and second.body == "gone" and second.status_code == 404
    for error in (first, second):
        assert_secret_free(error)


# -- 6. success responses that do not match -----------------------------------------------


@MODES
@pytest.mark.parametrize(
    "raw,body",
    [(b'{"id": "i1", "name": ', '{"id": "i1", "name": '), (b'{"id": 5}', {"id": 5}), (b"[1, 2]", [1, 2])],
    ids=["invalid-json", "missing-field", "a-list"],
)
def test_malformed_success_body_raises_response_validation_error(sdk, mode, raw, body):
    with serving(Script(Response(200, {"Content-Type": "application/json"}, raw)), max_requests=2, **SERVER) as server:
        error = raised(sdk, sdk.ResponseValidationError, mode, server.url, get_item)
    assert isinstance(error, sdk.ApiError)
    assert error.operation == "items.get" and error.status_code == 200
    assert error.raw_body == raw and error.body == body
    assert "items.get" in str(error) and len(server.requests) == 1


# -- 7. pagination ------------------------------------------------------------------------

PAGES = {
    None: {"items": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}], "next_cursor": "c1", "has_more": True},
    "c1": {"items": [{"id": "c", "name": "C"}, {"id": "d", "name": "D"}], "next_cursor": "c2", "has_more": True},
    "c2": {"items": [{"id": "e", "name": "E"}], "next_cursor": None, "has_more": False},
}


def paging(request: RecordedRequest) -> Response:
    query = dict(request.query)
    assert request.path == "/v1/items" and query.get("page_size") == "2"
    return Response.json(PAGES[query.get("cursor")])


@MODES
def test_list_all_follows_the_cursors(sdk, mode):
    with serving(paging, max_requests=4, **SERVER) as server:
        items = run(sdk, mode, server.url, lambda c: c.items.list_all(page_size=2))
    assert [i.id for i in items] == ["a", "b", "c", "d", "e"]
    assert all(isinstance(i, sdk.models.Item) for i in items)
    assert [dict(r.query).get("cursor") for r in server.requests] == [None, "c1", "c2"]
    assert [r.query for r in server.requests][0] == [("page_size", "2")]  # no empty cursor=


@MODES
def test_list_all_is_lazy(sdk, mode):
    """Stopping after the first page's items fetches no more pages."""

    def first_two(client: Any) -> Any:
        if mode == "sync":
            pages = client.items.list_all(page_size=2)
            return [next(pages), next(pages)]

        async def take() -> list[Any]:
            taken = []
            async for item in client.items.list_all(page_size=2):
                taken.append(item)
                if len(taken) == 2:
                    break
            return taken

        return take()

    with serving(paging, max_requests=3, **SERVER) as server:
        items = run(sdk, mode, server.url, first_two)
    assert [i.id for i in items] == ["a", "b"] and len(server.requests) == 1


# -- 8. capture_responses -----------------------------------------------------------------


@MODES
def test_capture_responses_gives_status_and_headers(sdk, mode):
    answers = Script(Response.json(ITEM, headers={"X-Request-Id": "req-1"}), Response.json({"detail": "x"}, status=404))
    with serving(answers, max_requests=3, **SERVER) as server:
        with sdk.capture_responses() as captured:
            item, error = run_all(sdk, mode, server.url, [get_item, get_item])
        with sdk.capture_responses() as after:
            pass
    assert item.name == "first" and isinstance(error, sdk.NotFoundError)
    assert [r.status_code for r in captured] == [200, 404]
    assert isinstance(captured[0], httpx.Response) and captured[0].headers["x-request-id"] == "req-1"
    assert captured[0].json() == ITEM and captured[0].request.url.path == "/v1/items/i1"
    assert after == []


# -- 9. the API key stays secret ----------------------------------------------------------


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(args)r"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_records() -> Iterator[Records]:
    handler = Records()
    loggers = [logging.getLogger(), logging.getLogger("httpx"), logging.getLogger("httpcore")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels):
            logger.removeHandler(handler)
            logger.setLevel(level)


@MODES
def test_api_key_never_shows_in_errors_reprs_or_logs(sdk, mode, log_records):
    answers = Script(
        Response.json(ITEM),  # ok
        Drop(), Response.json(ITEM),  # retried connection error
        Drop(),  # connection error (POST: not retried)
        Response.json(VALIDATION, status=422),
        Response(404, {"Content-Type": "text/plain"}, b"nothing"),
        Response(500), Response(500), Response(500),  # retried, then raised
        Response(200, {"Content-Type": "application/json"}, b"{bad"),
        Response(429, {"Retry-After": "3600"}),
        Response.json(ITEM, delay=3.0),  # timeout
    )
    actions = [
        get_item,
        get_item,
        lambda c: c.items.create(name="n"),
        lambda c: c.items.create(name=""),
        get_item,
        get_item,
        get_item,
        get_item,
        lambda c: get_item(c, timeout=0.3, max_retries=0),
    ]
    with serving(answers, max_requests=14, **SERVER) as server:
        url = server.url
        results = run_all(sdk, mode, server.url, actions)
        client = (sdk.Client if mode == "sync" else sdk.AsyncClient)(api_key=KEY, base_url=server.url)
        shown = repr(client) + str(client) + repr(client._client)
        if mode == "sync":
            client.close()
        else:
            asyncio.run(client.aclose())
    kinds = [type(r).__name__ for r in results]
    assert kinds == [
        "Item", "Item", "ApiConnectionError", "UnprocessableEntityError", "NotFoundError",
        "InternalServerError", "ResponseDecodingError", "TooManyRequestsError", "ApiTimeoutError",
    ]  # fmt: skip
    assert isinstance(results[6], sdk.ResponseValidationError)
    assert all(r.header("xi-api-key") == KEY for r in server.requests)  # the key was sent...
    for error in results:
        if isinstance(error, Exception):
            assert_secret_free(error)  # ...but is in no message
    assert KEY not in shown and url in shown
    assert any(line.startswith("httpx ") for line in log_records.lines)  # the handler did see the calls
    assert any(line.startswith("httpcore") for line in log_records.lines)
    leaked = [line for line in log_records.lines if KEY in line]
    assert not leaked


# -- 10. binary bodies and event streams --------------------------------------------------

BLOB = bytes(range(256)) * 1024  # 256 KiB, every byte value


def serve_blob(request: RecordedRequest) -> Response:
    assert request.path == "/v1/items/i1/content"
    return Response.binary(BLOB)


@MODES
def test_download_returns_the_whole_body(sdk, mode):
    with serving(serve_blob, max_requests=2, **SERVER) as server:
        data = run(sdk, mode, server.url, lambda c: c.items.content.download(item_id="i1"))
    assert type(data) is bytes and data == BLOB


@MODES
def test_download_stream_yields_chunks(sdk, mode):
    with serving(serve_blob, max_requests=2, **SERVER) as server:
        with sdk.capture_responses() as captured:
            chunks = run(sdk, mode, server.url, lambda c: c.items.content.download_stream(item_id="i1"))
    assert len(chunks) > 1 and all(type(c) is bytes and c for c in chunks)
    assert b"".join(chunks) == BLOB
    assert [r.status_code for r in captured] == [200]


@MODES
def test_download_stream_error_status_raises_typed_error(sdk, mode):
    with serving(Script(Response.json({"detail": "no such item"}, status=404)), max_requests=2, **SERVER) as server:
        error = raised(sdk, sdk.NotFoundError, mode, server.url, lambda c: c.items.content.download_stream(item_id="x"))
    assert error.body == {"detail": "no such item"}


ITEM_EVENTS = (
    b": a comment, to be ignored\n"
    b"\n"
    b"event: created\n"
    b"id: 1\n"
    b'data: {"kind": "created", "item_id": "i1"}\n'
    b"\n"
    b"event: updated\r\n"  # CRLF line ends are allowed too
    b"id: 2\r\n"
    b'data: {"kind":\r\n'
    b'data:  "updated", "item_id": "i1"}\r\n'  # multi-line data, joined with a newline
    b"\r\n"
    b'data: {"kind": "deleted"}\n'
    b"\n"
)


@MODES
def test_typed_event_stream(sdk, mode):
    answer = Response(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}, ITEM_EVENTS)
    with serving(Script(answer), max_requests=2, **SERVER) as server:
        events = run(sdk, mode, server.url, lambda c: c.items.events.follow(item_id="i1"))
    assert all(isinstance(e, sdk.ServerSentEvent) and isinstance(e.data, sdk.models.ItemEvent) for e in events)
    assert [(e.event, e.id, e.data.kind, e.data.item_id) for e in events] == [
        ("created", "1", "created", "i1"),
        ("updated", "2", "updated", "i1"),
        ("message", "2", "deleted", None),  # the last event id carries over (WHATWG)
    ]
    assert server.requests[0].path == "/v1/items/i1/events"


@MODES
def test_typed_event_that_does_not_match_raises(sdk, mode):
    answer = Response(200, {"Content-Type": "text/event-stream"}, b'data: {"kind": "ok"}\n\ndata: {"item_id": "no kind"}\n\n')
    with serving(Script(answer), max_requests=2, **SERVER) as server:
        error = raised(sdk, sdk.ResponseValidationError, mode, server.url, lambda c: c.items.events.follow(item_id="i1"))
    assert error.operation == "items.events.follow" and error.body == {"item_id": "no kind"}


LOG_EVENTS = (
    b'data: {"level": "info", "line": 1}\n\n'
    b"data: plain text\n\n"
    b"event: multi\ndata: first\ndata: second\n\n"
    b"data: 42\n\n"
    b"data: last, with no blank line after it\n"
)


@MODES
def test_untyped_event_stream_decodes_json_or_keeps_text(sdk, mode):
    with serving(Script(Response(200, {"Content-Type": "text/event-stream"}, LOG_EVENTS)), max_requests=2, **SERVER) as server:
        events = run(sdk, mode, server.url, lambda c: c.logs.tail())
    assert [(e.event, e.data) for e in events] == [
        ("message", {"level": "info", "line": 1}),
        ("message", "plain text"),
        ("multi", "first\nsecond"),
        ("message", 42),
        ("message", "last, with no blank line after it"),
    ]


# -- a body cut short ---------------------------------------------------------------------


def _cut_short(content_type: str, body: bytes) -> Raw:
    """Headers promising more bytes than are sent, then the connection closes."""
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body) + 1000}\r\n\r\n"
    return Raw(head.encode() + body)


CUT_SHORT = {
    "download": (lambda c: c.items.content.download(item_id="i1"), "application/octet-stream", b"x" * 100),
    "download_stream": (lambda c: c.items.content.download_stream(item_id="i1"), "application/octet-stream", b"x" * 100),
    "follow": (lambda c: c.items.events.follow(item_id="i1"), "text/event-stream", b'data: {"kind": "a"}\n\ndata: {"ki'),
}


@MODES
@pytest.mark.parametrize("call", list(CUT_SHORT))
def test_body_cut_short_raises_connection_error(sdk, mode, call):
    """A broken connection is an ApiConnectionError, also when it breaks while a streamed body is read.

    Fails while the runtime lets httpx.RemoteProtocolError escape from `stream()` / `events()`.
    """
    action, content_type, body = CUT_SHORT[call]
    with serving(Script(_cut_short(content_type, body)), max_requests=2, **SERVER) as server:
        error = raised(sdk, sdk.ApiConnectionError, mode, server.url, action, max_retries=0)
    assert not isinstance(error, sdk.ApiTimeoutError)


@MODES
@pytest.mark.parametrize("call", list(CUT_SHORT))
def test_body_stalling_midway_raises_timeout_error(sdk, mode, call):
    """The server sends part of the body, then nothing (connection kept open): ApiTimeoutError.

    Fails while the runtime lets httpx.ReadTimeout escape from `stream()` / `events()`.
    """
    action, content_type, body = CUT_SHORT[call]
    stall = Raw(_cut_short(content_type, body).data, close=False)
    with serving(Script(stall), max_requests=2, **SERVER) as server:
        started = time.monotonic()
        raised(sdk, sdk.ApiTimeoutError, mode, server.url, action, max_retries=0, timeout=0.3)
    assert time.monotonic() - started < 2.5


# -- 11. a caller's own httpx client ------------------------------------------------------


@MODES
def test_callers_http_client_is_used_and_left_open(sdk, mode):
    seen: list[str] = []
    with serving(lambda r: Response.json(ITEM), max_requests=4, **SERVER) as server:
        if mode == "sync":
            http = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.url.path)]})
            client = sdk.Client(api_key=KEY, base_url=server.url, http_client=http)
            item = client.items.get(item_id="i1")
            client.close()
            with sdk.Client(api_key=KEY, base_url=server.url, http_client=http) as again:
                again.items.get(item_id="i2")
            assert not http.is_closed
            assert http.get(server.url + "/direct").status_code == 200  # still usable
            http.close()
        else:

            async def main() -> Any:
                async def hook(request: httpx.Request) -> None:
                    seen.append(request.url.path)

                http = httpx.AsyncClient(event_hooks={"request": [hook]})
                client = sdk.AsyncClient(api_key=KEY, base_url=server.url, http_client=http)
                item = await client.items.get(item_id="i1")
                await client.aclose()
                async with sdk.AsyncClient(api_key=KEY, base_url=server.url, http_client=http) as again:
                    await again.items.get(item_id="i2")
                assert not http.is_closed
                assert (await http.get(server.url + "/direct")).status_code == 200
                await http.aclose()
                return item

            item = asyncio.run(main())
    assert item.name == "first"
    assert seen == ["/v1/items/i1", "/v1/items/i2", "/direct"]
    assert [r.header("xi-api-key") for r in server.requests] == [KEY, KEY, None]


@MODES
def test_own_http_client_is_closed_by_close(sdk, mode):
    """The client's own httpx client is made on first use and closed by close()."""
    if mode == "sync":
        client = sdk.Client(api_key=KEY, base_url="http://127.0.0.1:9")
        http = client._client.http
        client.close()
        assert http.is_closed
        with pytest.raises(RuntimeError):
            client.items.get(item_id="x")
    else:

        async def main() -> bool:
            async with sdk.AsyncClient(api_key=KEY, base_url="http://127.0.0.1:9") as client:
                http = client._client.http
            with pytest.raises(RuntimeError):
                await client.items.get(item_id="x")
            return http.is_closed

        assert asyncio.run(main())


# -- 12. what cannot be sent is refused before anything is sent ----------------------------

BAD_KEYS = {
    "crlf": KEY + "\r\nX-Injected: 1",
    "trailing-newline": KEY + "\n",
    "non-ascii": KEY + "\u00e9",
    "control": KEY + "\x01",
    "padded": " " + KEY,
    "empty": "",
}


def make_client(sdk: Any, mode: str, **kwargs: Any) -> Any:
    return (sdk.Client if mode == "sync" else sdk.AsyncClient)(**kwargs)


def close_client(client: Any) -> None:
    if isinstance(client, httpx.Client) or hasattr(client, "close"):
        client.close()
    else:
        asyncio.run(client.aclose())


@MODES
@pytest.mark.parametrize("source", ["argument", "environment"])
@pytest.mark.parametrize("bad", list(BAD_KEYS))
def test_an_api_key_that_cannot_be_sent_is_refused_at_construction(sdk, mode, source, bad, monkeypatch, log_records):
    """A key with a line break, a non-ASCII or control character, outer spaces, or empty: a
    ClientConfigurationError naming the argument or variable, never the key; nothing is sent."""
    key = BAD_KEYS[bad]
    kwargs: dict[str, Any] = {}
    if source == "argument":
        kwargs["api_key"] = key
    else:
        monkeypatch.setenv("CLIENT_API_KEY", key)
    with serving(Script(), max_requests=1, **SERVER) as server:
        with pytest.raises(sdk.ClientConfigurationError) as caught:
            make_client(sdk, mode, base_url=server.url, **kwargs)
    error = caught.value
    assert isinstance(error, sdk.SdkError) and isinstance(error, ValueError)
    assert ("api_key" if source == "argument" else "CLIENT_API_KEY") in str(error) and "xi-api-key" in str(error)
    assert_secret_free(error)
    assert not [line for line in log_records.lines if KEY in line]
    assert not server.requests


@MODES
def test_base_url_credentials_are_sent_as_basic_auth_and_never_shown(sdk, mode, log_records):
    """`user:password@` in base_url: sent as Basic credentials, absent from reprs, errors and logs."""
    password = "pw-5ecret-in-the-url"
    answers = Script(Response.json(ITEM), Response.json({"detail": "no"}, status=404), Drop())
    with serving(answers, max_requests=4, **SERVER) as server:
        plain_url = server.url
        url = plain_url.replace("http://", f"http://us%40er:{password}@")
        results = run_all(sdk, mode, url, [get_item, get_item, lambda c: get_item(c, max_retries=0)])
        client = make_client(sdk, mode, api_key=KEY, base_url=url)
        shown = repr(client) + str(client) + repr(client._client) + str(client._client.base_url)
        close_client(client)
    assert [type(r).__name__ for r in results] == ["Item", "NotFoundError", "ApiConnectionError"]
    expected = "Basic " + base64.b64encode(f"us@er:{password}".encode()).decode()
    assert [r.header("authorization") for r in server.requests] == [expected] * 3
    assert all(r.header("xi-api-key") == KEY for r in server.requests)
    for error in results[1:]:
        text = str(error) + repr(error) + "".join(traceback.format_exception(error))
        assert password not in text and "us%40er" not in text
    assert password not in shown and plain_url in shown
    assert any(line.startswith("httpx ") for line in log_records.lines)
    assert not [line for line in log_records.lines if password in line]


@MODES
@pytest.mark.parametrize(
    "base_url", ["", "api.client.example", "ftp://api.client.example", "http://", "http://a b.example", "http://x.example/\r\n"]
)
def test_a_base_url_that_cannot_work_is_refused_at_construction(sdk, mode, base_url):
    with pytest.raises(sdk.ClientConfigurationError) as caught:
        make_client(sdk, mode, api_key=KEY, base_url=base_url)
    assert "base_url" in str(caught.value)
    assert_secret_free(caught.value)


HEADER_VALUES = {"crlf": "v\r\nX-Injected: 1", "non-ascii": "caf\u00e9-value", "nul": "v\x00b", "padded": " padded-value"}


@MODES
@pytest.mark.parametrize("where", ["parameter", "request_options"])
@pytest.mark.parametrize("bad", list(HEADER_VALUES))
def test_a_header_value_that_cannot_be_sent_is_refused_before_sending(sdk, mode, where, bad):
    """An InvalidArgumentError naming the header (never the value); nothing is sent."""
    value = HEADER_VALUES[bad]
    if where == "parameter":
        action: Callable[[Any], Any] = lambda c: c.items.list(x_request_id=value)  # noqa: E731
    else:
        action = lambda c: c.items.list(request_options={"headers": {"X-Request-Id": value}})  # noqa: E731
    with serving(Script(), max_requests=1, **SERVER) as server:
        error = raised(sdk, sdk.InvalidArgumentError, mode, server.url, action)
    assert isinstance(error, sdk.SdkError) and isinstance(error, ValueError)
    assert "X-Request-Id" in str(error) and "items.list" in str(error)
    assert value not in str(error) and value.strip() not in str(error)
    assert not server.requests


@MODES
def test_a_header_parameter_is_sent(sdk, mode):
    with serving(Script(Response.json(PAGES_ONE)), max_requests=2, **SERVER) as server:
        run(sdk, mode, server.url, lambda c: c.items.list(x_request_id="req-1\tand a tab"))
    assert server.requests[0].header("X-Request-Id") == "req-1\tand a tab"


@MODES
@pytest.mark.parametrize("value", ["", None])
def test_an_empty_path_parameter_is_refused_before_sending(sdk, mode, value):
    """`GET /v1/items/{item_id}` with an empty id would be `GET /v1/items/`: another operation."""
    calls = [
        lambda c: c.items.get(item_id=value),
        lambda c: c.items.content.download_stream(item_id=value),
        lambda c: c.items.events.follow(item_id=value),
    ]
    with serving(Script(), max_requests=1, **SERVER) as server:
        results = run_all(sdk, mode, server.url, calls)
    for error in results:
        assert isinstance(error, sdk.InvalidArgumentError) and isinstance(error, ValueError), error
        assert "item_id" in str(error) and "empty" in str(error)
    assert not server.requests


# -- 13. redirects: credentials stay with the API's origin ---------------------------------

FOLLOWING = {"follow_redirects": True, "headers": {"Authorization": "Bearer u5er-token", "Proxy-Authorization": "Basic cHJveHk6cHc="}}


@MODES
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("other", ["port", "host"])
def test_a_redirect_to_another_origin_carries_no_credentials(sdk, mode, status, other):
    """With an http client that follows redirects, a hop to another origin (here another port, or
    another host name for the same server) gets no credential header: not the API key, not the
    http client's Authorization, not the cookie the API just set (httpx strips only Authorization)."""
    with serving(lambda r: Response.json(ITEM), max_requests=2, **SERVER) as elsewhere:
        with serving(Script(), max_requests=2, **SERVER) as api:
            target = elsewhere.url if other == "port" else f"http://localhost:{api.port}"
            moved = Response(status, {"Location": target + "/landing?x=1", "Set-Cookie": "session=c00kie-5ecret; Path=/"})
            api.handler = Script(moved, Response.json(ITEM))
            item = run(sdk, mode, api.url, get_item, http=FOLLOWING)
    assert item.id == "i1"
    first, *rest = api.requests
    (hop,) = elsewhere.requests if other == "port" else rest
    assert first.header("xi-api-key") == KEY and first.header("authorization") == "Bearer u5er-token"
    assert hop.target == "/landing?x=1" and hop.method == "GET"
    assert first.header("proxy-authorization") == "Basic cHJveHk6cHc="
    assert [hop.header(h) for h in ("xi-api-key", "authorization", "proxy-authorization", "cookie")] == [None] * 4


@MODES
def test_a_redirect_within_the_origin_keeps_the_credentials(sdk, mode):
    script = Script(Response(307, {"Location": "/v1/items/i2", "Set-Cookie": "session=abc; Path=/"}), Response.json(ITEM))
    with serving(script, max_requests=3, **SERVER) as api:
        run(sdk, mode, api.url, get_item, http=FOLLOWING)
    first, hop = api.requests
    assert hop.path == "/v1/items/i2" and hop.header("xi-api-key") == KEY
    assert hop.header("authorization") == "Bearer u5er-token" and hop.header("cookie") == "session=abc"


@MODES
def test_no_credentials_come_back_after_a_hop_elsewhere(sdk, mode):
    """API → elsewhere → API: the way back is chosen by the other origin, so it gets no credentials either."""
    with serving(Script(), max_requests=2, **SERVER) as elsewhere:
        with serving(Script(), max_requests=3, **SERVER) as api:
            elsewhere.handler = Script(Response(302, {"Location": api.url + "/v1/items/back"}))
            api.handler = Script(Response(302, {"Location": elsewhere.url + "/out"}), Response.json(ITEM))
            run(sdk, mode, api.url, get_item, http=FOLLOWING)
    first, back = api.requests
    assert first.header("xi-api-key") == KEY
    assert back.path == "/v1/items/back" and (back.header("xi-api-key"), back.header("authorization")) == (None, None)


@MODES
@pytest.mark.parametrize("status,method", [(301, "GET"), (302, "GET"), (303, "GET"), (307, "POST"), (308, "POST")])
def test_a_redirected_post_keeps_or_drops_its_body_by_status(sdk, mode, status, method):
    """303 (and 301/302, as browsers and httpx do) turn a POST into a GET without body; 307/308 keep both."""
    with serving(lambda r: Response.json(ITEM), max_requests=2, **SERVER) as elsewhere:
        with serving(Script(Response(status, {"Location": elsewhere.url + "/next"})), max_requests=2, **SERVER) as api:
            run(sdk, mode, api.url, lambda c: c.items.create(name="n"), http=FOLLOWING)
    (hop,) = elsewhere.requests
    assert hop.method == method and hop.header("xi-api-key") is None
    if method == "POST":
        assert hop.json() == {"name": "n"} and hop.media_type == "application/json"
    else:
        assert hop.body == b"" and hop.header("content-type") is None


@MODES
def test_redirects_are_bounded(sdk, mode):
    with serving(lambda r: Response(302, {"Location": "/v1/items/again"}), max_requests=10, **SERVER) as api:
        error = raised(sdk, sdk.ApiConnectionError, mode, api.url, get_item, http={"follow_redirects": True, "max_redirects": 3})
    assert "redirects" in str(error) and len(api.requests) == 4


@MODES
def test_redirects_are_not_followed_unless_the_http_client_follows_them(sdk, mode):
    with serving(Script(Response(302, {"Location": "/v1/items/i2"})), max_requests=2, **SERVER) as api:
        error = raised(sdk, sdk.ApiError, mode, api.url, get_item)
    assert error.status_code == 302 and len(api.requests) == 1


@MODES
def test_the_http_clients_own_auth_is_not_sent_to_another_origin(sdk, mode):
    with serving(lambda r: Response.json(ITEM), max_requests=2, **SERVER) as elsewhere:
        with serving(Script(Response(307, {"Location": elsewhere.url + "/x"})), max_requests=2, **SERVER) as api:
            run(sdk, mode, api.url, get_item, http={"follow_redirects": True, "auth": ("u5er", "pa55word")})
    assert api.requests[0].header("authorization", "").startswith("Basic ")
    assert elsewhere.requests[0].header("authorization") is None


# -- 14. bounds: how much a response may hold ----------------------------------------------

MiB = 1 << 20


@lru_cache(maxsize=None)
def gzip_bomb(decoded_size: int) -> bytes:
    """`decoded_size` zero bytes, gzip-compressed (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MiB)
    parts = [compressor.compress(zeros) for _ in range(decoded_size // MiB)]
    return b"".join(parts) + compressor.flush()


def gzipped(content_type: str, decoded_size: int) -> Response:
    return Response(200, {"Content-Type": content_type, "Content-Encoding": "gzip"}, gzip_bomb(decoded_size))


def peak_memory(action: Callable[[], Any]) -> tuple[Any, int]:
    """What `action` returned or raised, and the peak of memory allocated meanwhile (bytes)."""
    tracemalloc.start()
    try:
        try:
            result = action()
        except Exception as error:  # noqa: BLE001
            result = error
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@MODES
@pytest.mark.parametrize("where", ["client", "call"])
def test_a_gzip_bomb_is_cut_at_the_size_cap_counting_decoded_bytes(sdk, mode, where):
    """512 MiB of zeros in a 512 KiB gzip body: cut at the cap, with memory bounded by what one
    network read decodes to (httpx decodes 64 KiB reads: about 64 MiB of zeros, zlib's buffers
    peaking at about twice that), whatever the size of the bomb."""
    cap = {"max_response_size": MiB}
    options = cap if where == "call" else {}
    with serving(Script(gzipped("application/octet-stream", 512 * MiB)), max_requests=2, **SERVER) as server:
        action = lambda: run(  # noqa: E731
            sdk, mode, server.url, lambda c: c.items.content.download(item_id="i1", request_options=options or None), **({} if options else cap)
        )
        error, peak = peak_memory(action)
    assert isinstance(error, sdk.ResponseTooLargeError), error
    assert isinstance(error, sdk.SdkError) and error.limit == MiB and "items.content.download" in str(error)
    assert peak < 200 * MiB, peak  # the whole body is 512 MiB


@MODES
def test_the_default_size_cap_is_64_mib(sdk, mode):
    assert sdk._core.settings.DEFAULT_MAX_RESPONSE_SIZE == 64 * MiB
    answers = Script(gzipped("application/json", 65 * MiB), Response.binary(bytes(MiB)))
    with serving(answers, max_requests=3, **SERVER) as server:
        over, under = run_all(sdk, mode, server.url, [get_item, lambda c: c.items.content.download(item_id="i1")])
    assert isinstance(over, sdk.ResponseTooLargeError) and over.limit == 64 * MiB
    assert under == bytes(MiB)


@MODES
def test_a_body_at_the_cap_is_read_and_one_byte_more_is_refused(sdk, mode):
    answers = Script(Response.binary(b"x" * 1000), Response.binary(b"x" * 1001), Response.binary(b"x" * 5000))
    with serving(answers, max_requests=4, **SERVER) as server:
        results = run_all(
            sdk,
            mode,
            server.url,
            [
                lambda c: c.items.content.download(item_id="i1"),
                lambda c: c.items.content.download(item_id="i1"),
                lambda c: c.items.content.download(item_id="i1", request_options={"max_response_size": None}),
            ],
            max_response_size=1000,
        )
    assert results[0] == b"x" * 1000 and isinstance(results[1], sdk.ResponseTooLargeError) and results[2] == b"x" * 5000


@MODES
def test_an_error_body_over_the_cap_is_refused_too(sdk, mode):
    with serving(Script(Response(500, {"Content-Type": "text/plain"}, b"e" * 5000)), max_requests=2, **SERVER) as server:
        raised(sdk, sdk.ResponseTooLargeError, mode, server.url, get_item, max_response_size=1000, max_retries=0)


@MODES
def test_an_endless_body_is_cut_at_the_cap(sdk, mode):
    """No Content-Length, the body runs until the server closes: cut at the cap all the same."""
    endless = Raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n" + b"x" * (4 * MiB))
    with serving(Script(endless), max_requests=2, **SERVER) as server:
        error = raised(sdk, sdk.ResponseTooLargeError, mode, server.url, lambda c: c.items.content.download(item_id="i1"), max_response_size=MiB)
    assert error.limit == MiB


def _endless_events(body: bytes) -> Raw:
    return Raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + body)


@MODES
@pytest.mark.parametrize(
    "body",
    [b'data: {"kind": "a"}\n\ndata: ' + b"x" * (3 * MiB), b'data: {"kind": "a"}\n\n' + b"data: x\n" * (MiB // 2)],
    ids=["one-endless-line", "one-endless-event"],
)
def test_an_endless_event_is_cut_at_the_cap(sdk, mode, body):
    """One line, or one event of many `data:` lines, longer than the cap: ResponseTooLargeError
    after the events before it were handed out."""
    received: list[Any] = []

    def follow(client: Any) -> Any:
        if mode == "sync":
            for event in client.items.events.follow(item_id="i1"):
                received.append(event)
            return None

        async def collect() -> None:
            async for event in client.items.events.follow(item_id="i1"):
                received.append(event)

        return collect()

    with serving(Script(_endless_events(body)), max_requests=2, **SERVER) as server:
        raised(sdk, sdk.ResponseTooLargeError, mode, server.url, follow, max_response_size=MiB)
    assert [e.data.kind for e in received] == ["a"]


@MODES
def test_a_streamed_body_is_not_capped(sdk, mode):
    """`_stream` methods hand out chunks as they come: nothing piles up, so no cap applies."""
    with serving(Script(Response.binary(b"x" * (3 * MiB))), max_requests=2, **SERVER) as server:
        chunks = run(sdk, mode, server.url, lambda c: c.items.content.download_stream(item_id="i1"), max_response_size=MiB)
    assert sum(len(c) for c in chunks) == 3 * MiB


# -- 15. bounds: how long a request may take -------------------------------------------------

DEADLINE = 1.0
MARGIN = 1.0
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\nX-Padding: " + b"p" * 40 + b"\r\n\r\n"
SLOW_BODY = b'{"id": "i1", "name": "' + b"n" * 16 + b'"}'  # 40 bytes


def deadline_settings(where: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(client settings, request options) giving a DEADLINE-second deadline and a long per-read timeout."""
    if where == "client":
        return {"timeout": 30.0, "deadline": DEADLINE}, {}
    if where == "call":
        return {"timeout": 30.0}, {"deadline": DEADLINE}
    return {"timeout": DEADLINE}, {}  # the deadline defaults to the timeout


@MODES
@pytest.mark.parametrize("phase", ["headers", "body"])
@pytest.mark.parametrize("where", ["client", "call", "timeout"])
def test_a_trickling_server_is_cut_at_the_deadline(sdk, mode, phase, where):
    """One byte every 0.1 s never trips a per-read timeout; the deadline ends the call all the same."""
    client_kwargs, options = deadline_settings(where)
    trickle = Trickle(HEAD + SLOW_BODY, first=len(HEAD) if phase == "body" else 0, interval=0.1)
    with serving(Script(trickle), max_requests=2, **SERVER) as server:
        started = time.monotonic()
        error = raised(sdk, sdk.ApiTimeoutError, mode, server.url, lambda c: get_item(c, **options), max_retries=0, **client_kwargs)
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + MARGIN, elapsed
    assert "deadline" in str(error) and "items.get" in str(error)


@MODES
def test_the_deadline_holds_on_a_reused_keep_alive_connection(sdk, mode):
    """The second call reuses the first call's pooled connection, and still ends at its deadline."""
    trickle = Trickle(HEAD + SLOW_BODY, interval=0.1)
    with serving(Script(Response.json(ITEM), trickle), max_requests=3, **SERVER) as server:
        started: list[float] = []

        def timed(client: Any) -> Any:
            started.append(time.monotonic())
            return get_item(client)

        first, second = run_all(sdk, mode, server.url, [get_item, timed], max_retries=0, timeout=30.0, deadline=DEADLINE)
        elapsed = time.monotonic() - started[0]
    assert first.id == "i1" and isinstance(second, sdk.ApiTimeoutError)
    assert [r.connection for r in server.requests] == [1, 1]
    assert elapsed < DEADLINE + MARGIN, elapsed


STREAMED = {
    "download_stream": (lambda c: c.items.content.download_stream(item_id="i1"), "application/octet-stream", b"xxxx"),
    "events": (lambda c: c.items.events.follow(item_id="i1"), "text/event-stream", b'data: {"kind": "a"}\n\n'),
}


@MODES
@pytest.mark.parametrize("call", list(STREAMED))
def test_the_deadline_of_a_streamed_call_ends_with_the_headers(sdk, mode, call):
    """A stream's body comes as the caller iterates: after the headers, only the per-read timeout
    applies (here pauses longer than the whole deadline, shorter than the timeout)."""
    action, content_type, body = STREAMED[call]
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    trickle = Trickle(head + body, first=len(head), interval=0.5, piece=max(1, len(body) // 4))
    with serving(Script(trickle), max_requests=2, **SERVER) as server:
        received = run(sdk, mode, server.url, action, deadline=0.3, timeout=5.0, max_retries=0)
    assert b"".join(received) == body if call == "download_stream" else [e.data.kind for e in received] == ["a"]


@MODES
def test_a_trickle_is_retried_within_a_deadline_per_attempt(sdk, mode):
    answers = Script(Trickle(HEAD + SLOW_BODY, interval=0.1), Response.json(ITEM))
    with serving(answers, max_requests=3, **SERVER) as server:
        item = run(sdk, mode, server.url, get_item, deadline=DEADLINE, timeout=30.0)
    assert item.id == "i1" and len(server.requests) == 2


# -- 16. every failure is an SdkError ----------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


@MODES
def test_a_deeply_nested_json_body_is_a_decoding_error(sdk, mode):
    answers = Script(Response(200, {"Content-Type": "application/json"}, DEEP), Response(404, {"Content-Type": "application/json"}, DEEP))
    with serving(answers, max_requests=3, **SERVER) as server:
        typed, error_status = run_all(sdk, mode, server.url, [get_item, get_item])
    assert isinstance(typed, sdk.ResponseDecodingError) and isinstance(typed, sdk.ResponseValidationError), typed
    assert typed.operation == "items.get" and typed.raw_body == DEEP and "nested" in str(typed)
    assert isinstance(error_status, sdk.NotFoundError) and error_status.body == DEEP.decode()


@MODES
def test_a_deeply_nested_event_keeps_its_text(sdk, mode):
    answer = Response(200, {"Content-Type": "text/event-stream"}, b"data: " + DEEP + b"\n\n")
    with serving(Script(answer), max_requests=2, **SERVER) as server:
        (event,) = run(sdk, mode, server.url, lambda c: c.logs.tail())
    assert event.data == DEEP.decode()


@MODES
def test_a_broken_content_encoding_is_a_decoding_error(sdk, mode):
    broken = Response(200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, b"not gzip at all")
    with serving(Script(broken, broken), max_requests=3, **SERVER) as server:
        results = run_all(sdk, mode, server.url, [get_item, lambda c: c.items.content.download_stream(item_id="i1")])
    for error in results:
        assert isinstance(error, sdk.ResponseDecodingError), error


@MODES
@pytest.mark.parametrize(
    "failure",
    [httpx.DecodingError("x"), httpx.TooManyRedirects("x"), httpx.StreamConsumed(), httpx.InvalidURL("x"), httpx.UnsupportedProtocol("x")],
    ids=lambda e: type(e).__name__,
)
def test_any_httpx_exception_is_an_sdk_error(sdk, mode, failure):
    def fail(request: httpx.Request) -> httpx.Response:
        raise failure

    error = raised(sdk, sdk.SdkError, mode, "http://127.0.0.1:9", get_item, http={"transport": httpx.MockTransport(fail)}, max_retries=0)
    assert type(failure).__name__ in str(error)


@MODES
@pytest.mark.parametrize("answer", ["stall", "body-trickle"])
def test_the_deadline_holds_on_a_connection_the_callers_own_code_opened(sdk, mode, answer):
    """An http client the caller also uses directly: its pooled connection, opened outside any
    call, serves the next call, whose answer still ends at the call's deadline: a stall (every
    timeout of a request is cut to the time left when it is sent), or a body trickle (the
    connection is bounded from the call's response headers on)."""
    slow = Response.json(ITEM, delay=5.0) if answer == "stall" else Trickle(HEAD + SLOW_BODY, first=len(HEAD), interval=0.1)
    with serving(Script(Response.json(ITEM), slow), max_requests=3, **SERVER) as server:
        started: list[float] = []

        def direct_then_call(client: Any) -> Any:
            http = client._client.http
            if mode == "sync":
                assert http.get(server.url + "/direct").status_code == 200
                started.append(time.monotonic())
                return get_item(client)

            async def both() -> Any:
                assert (await http.get(server.url + "/direct")).status_code == 200
                started.append(time.monotonic())
                return await get_item(client)

            return both()

        (error,) = run_all(sdk, mode, server.url, [direct_then_call], http={}, max_retries=0, timeout=30.0, deadline=DEADLINE)
        elapsed = time.monotonic() - started[0]
    assert isinstance(error, sdk.ApiTimeoutError), error
    assert [r.connection for r in server.requests] == [1, 1]
    assert elapsed < DEADLINE + MARGIN, elapsed


# -- 17. backoff on every retry ---------------------------------------------------------------


def least_backoff(initial: float, retries: int) -> float:
    """The shortest total wait `retries` retries can make: each at least half its exponential delay."""
    return sum(initial * 2**attempt / 2 for attempt in range(retries))


NO_WAIT = [(h, v) for h in ("retry-after-ms", "Retry-After") for v in ("0", "-5", "nan", "inf", "not-a-number")] + [("Retry-After", "past-date")]


@MODES
@pytest.mark.parametrize("header,value", NO_WAIT, ids=[f"{h}:{v}" for h, v in NO_WAIT])
def test_a_retry_after_asking_for_no_wait_keeps_the_backoff(sdk, mode, header, value, monkeypatch):
    """Retry-After 0, negative, NaN, infinite or a past date is ignored: the jittered exponential backoff still applies."""
    monkeypatch.setattr(sdk._core.http, "INITIAL_RETRY_DELAY", 0.05)
    if value == "past-date":
        value = email.utils.formatdate(time.time() - 60, usegmt=True)
    script = Script(*[Response(503, {header: value})] * 4)
    with serving(script, max_requests=5, **SERVER) as server:
        raised(sdk, sdk.InternalServerError, mode, server.url, get_item, max_retries=3)
    assert len(server.requests) == 4
    assert script.times[-1] - script.times[0] >= least_backoff(0.05, 3)


@MODES
def test_a_short_retry_after_does_not_shorten_the_backoff(sdk, mode, monkeypatch):
    """Retry-After only lengthens the wait: the longer of it and the backoff."""
    monkeypatch.setattr(sdk._core.http, "INITIAL_RETRY_DELAY", 0.4)
    script = Script(Response(503, {"Retry-After": "0.05"}), Response(503, {"retry-after-ms": "10"}), Response.json(ITEM))
    with serving(script, max_requests=4, **SERVER) as server:
        run(sdk, mode, server.url, get_item)
    assert script.times[-1] - script.times[0] >= least_backoff(0.4, 2)


# -- 18. one httpx client per client, whatever the concurrency --------------------------------


@MODES
def test_one_http_client_is_made_whatever_the_concurrency(sdk, mode, monkeypatch):
    """8 threads (sync) or 8 tasks (async) making the first call at once: one httpx client, closed by close()."""
    made: list[Any] = []
    base = httpx.Client if mode == "sync" else httpx.AsyncClient

    class Counting(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            made.append(self)
            time.sleep(0.05)  # as slow as loading the certificates: a wide window for a race
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(httpx, base.__name__, Counting)
    with serving(lambda r: Response.json(ITEM), max_requests=9, **SERVER) as server:
        if mode == "sync":
            client = sdk.Client(api_key=KEY, base_url=server.url)
            barrier = threading.Barrier(8)

            def call(_: int) -> Any:
                barrier.wait()
                return client.items.get(item_id="i1")

            with ThreadPoolExecutor(8) as pool:
                items = list(pool.map(call, range(8)))
            client.close()
        else:

            async def main() -> list[Any]:
                async with sdk.AsyncClient(api_key=KEY, base_url=server.url) as client:
                    return list(await asyncio.gather(*[client.items.get(item_id="i1") for _ in range(8)]))

            items = asyncio.run(main())
    assert [i.id for i in items] == ["i1"] * 8
    assert len(made) == 1 and made[0].is_closed


@MODES
def test_a_call_on_a_closed_client_is_an_sdk_error(sdk, mode):
    """Closed by close(), or the caller's own httpx client closed by the caller."""
    results = []
    for own in (False, True):
        if mode == "sync":
            http = httpx.Client() if own else None
            client = sdk.Client(api_key=KEY, base_url="http://127.0.0.1:9", http_client=http)
            client.close() if not own else http.close()
            with pytest.raises(sdk.ClientClosedError) as caught:
                client.items.get(item_id="x")
        else:

            async def main() -> Any:
                http = httpx.AsyncClient() if own else None
                client = sdk.AsyncClient(api_key=KEY, base_url="http://127.0.0.1:9", http_client=http)
                await (client.aclose() if not own else http.aclose())
                with pytest.raises(sdk.ClientClosedError) as caught:
                    await client.items.get(item_id="x")
                return caught

            caught = asyncio.run(main())
        results.append(caught.value)
    assert all(isinstance(e, sdk.SdkError) and isinstance(e, RuntimeError) for e in results)


# -- 19. the generated methods' type hints resolve ---------------------------------------------


@pytest.mark.parametrize("golden", ["generated", "bodies"])
def test_every_method_type_hint_resolves(golden):
    """typing.get_type_hints on every client method (as pydantic's validate_call and IDEs do):
    the runtime's aliases (FileInput) resolve from the client module."""
    folder = FIXTURES.parent.parent / "generated" if golden == "generated" else FIXTURES / "sdk" / golden / "golden"
    (package,) = [p.name for p in folder.iterdir() if (p / "_client.py").exists()]
    sys.path.insert(0, str(folder))
    try:
        client_module = importlib.import_module(package + "._client")
    finally:
        sys.path.remove(str(folder))
    checked = 0
    for cls in vars(client_module).values():
        if isinstance(cls, type) and cls.__module__ == client_module.__name__:
            for name, function in vars(cls).items():
                if inspect.isfunction(function) and not name.startswith("__"):
                    typing.get_type_hints(function)
                    checked += 1
    assert checked >= 14  # bodies: 7 methods, sync and async
