"""The runtime (_core/) against a hostile or broken server, a real one on 127.0.0.1
(tests/http_server.py), sync and async: `_all` walks that would never end (a cursor cycling
A, B, A, B; a page number echoed forever; page numbers going down; more pages than
max_pages), `retry:` fields int() refuses, error bodies carrying escape sequences, bidi
overrides and a megabyte of text, a query credential in httpx's log line, and an operation
whose server is not the API's (no credential on the wire)."""

from __future__ import annotations

import asyncio
import json
import logging
import unicodedata
from types import SimpleNamespace
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from generator.emit.runtime._core import errors, http, pagination, redaction
from http_server import Response, serving

MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "INITIAL_RETRY_DELAY", 0.01)


def make_core(mode: str, base_url: str, **options: Any) -> Any:
    kind = http.SyncClientCore if mode == "sync" else http.AsyncClientCore
    settings: dict[str, Any] = dict(base_url=base_url, headers={}, timeout=5.0, max_retries=0)
    settings.update(options)
    return kind(**settings)


def run(mode: str, core: Any, work: Callable[[], Any]) -> Any:
    """`work()` (a coroutine's maker, in async mode), then the core closed."""
    if mode == "sync":
        try:
            return work()
        finally:
            core.close()

    async def go() -> Any:
        try:
            return await work()
        finally:
            await core.aclose()

    return asyncio.run(go())


def as_object(value: Any) -> Any:
    return json.loads(json.dumps(value), object_hook=lambda d: SimpleNamespace(**d))


def walk(mode: str, core: Any, arguments: dict[str, Any], **paging: Any) -> tuple[list[Any], Exception | None]:
    """The items a `_all` walk over GET /v1/items yields (as a generated `_all` method calls
    the pager), and the error that ended it, if any."""
    items: list[Any] = []

    def fetch_sync(**given: Any) -> Any:
        options = given.pop("request_options", None)
        return as_object(core.request("items.list", "GET", "/v1/items", query=given, request_options=options).json())

    async def fetch_async(**given: Any) -> Any:
        options = given.pop("request_options", None)
        return as_object((await core.request("items.list", "GET", "/v1/items", query=given, request_options=options)).json())

    def collect_sync() -> Exception | None:
        try:
            for item in pagination.iterate_pages(fetch_sync, arguments, max_pages=core.max_pages, **paging):
                items.append(item)
        except errors.SdkError as error:
            return error
        return None

    async def collect_async() -> Exception | None:
        try:
            async for item in pagination.iterate_pages_async(fetch_async, arguments, max_pages=core.max_pages, **paging):
                items.append(item)
        except errors.SdkError as error:
            return error
        return None

    error = run(mode, core, collect_sync if mode == "sync" else collect_async)
    return items, error


def query_of(request: Any) -> dict[str, str]:
    return dict(request.query)


CURSOR = dict(form="cursor", parameter="cursor", items=("data",), next_cursor=("next_cursor",), stop="has_more", stop_at=("has_more",))


@MODES
def test_a_cursor_cycling_a_b_a_b_stops_with_an_error(mode):
    following = {None: "A", "A": "B", "B": "A"}

    def answer(request: Any) -> Response:
        cursor = query_of(request).get("cursor")
        return Response.json({"data": [cursor or "first"], "next_cursor": following[cursor], "has_more": True})

    with serving(answer, max_requests=10) as server:
        items, error = walk(mode, make_core(mode, server.url), {"cursor": None}, **CURSOR)
    assert isinstance(error, errors.PaginationError)
    assert "sent cursor 'A' again" in str(error) and "fetch" in str(error)
    assert items == ["first", "A", "B"]
    assert [query_of(r).get("cursor") for r in server.requests] == [None, "A", "B"]  # A is never asked twice


@MODES
def test_a_page_number_echoed_forever_stops_with_an_error(mode):
    served = iter(range(100))

    def answer(request: Any) -> Response:  # new items every time, always "page 1"
        return Response.json({"data": [next(served)], "page": 1, "has_more": True})

    with serving(answer, max_requests=10) as server:
        items, error = walk(mode, make_core(mode, server.url), {"page": None}, form="page", parameter="page", items=("data",), served=("page",), stop="has_more", stop_at=("has_more",), start=1)
    assert isinstance(error, errors.PaginationError) and "sent page number 2 again" in str(error)
    assert items == [0, 1] and [query_of(r).get("page") for r in server.requests] == [None, "2"]


@MODES
def test_page_numbers_going_down_stop_with_an_error(mode):
    said = {None: 5, "6": 3}

    def answer(request: Any) -> Response:
        page = query_of(request).get("page")
        return Response.json({"data": [f"p{page}"], "page": said[page], "has_more": True})

    with serving(answer, max_requests=10) as server:
        items, error = walk(mode, make_core(mode, server.url), {"page": None}, form="page", parameter="page", items=("data",), served=("page",), stop="has_more", stop_at=("has_more",), start=1)
    assert isinstance(error, errors.PaginationError)
    assert "would go back to page number 4 after 6" in str(error)
    assert items == ["pNone", "p6"] and len(server.requests) == 2


def endless(request: Any) -> Response:
    """Cursor c0, c1, c2, ... for ever, one item a page."""
    cursor = query_of(request).get("cursor") or "c0"
    number = int(cursor[1:])
    return Response.json({"data": [number], "next_cursor": f"c{number + 1}", "has_more": True})


@MODES
def test_max_pages_of_the_client_bounds_an_endless_walk(mode):
    with serving(endless, max_requests=10) as server:
        items, error = walk(mode, make_core(mode, server.url, max_pages=3), {"cursor": None}, **CURSOR)
    assert isinstance(error, errors.PaginationError) and "more than 3 pages (max_pages)" in str(error)
    assert items == [0, 1, 2] and len(server.requests) == 3


@MODES
def test_max_pages_of_a_call_wins_over_the_client_and_none_lifts_the_limit(mode):
    with serving(endless, max_requests=10) as server:
        items, error = walk(mode, make_core(mode, server.url, max_pages=3), {"cursor": None, "request_options": {"max_pages": 2}}, **CURSOR)
    assert isinstance(error, errors.PaginationError) and "more than 2 pages" in str(error)
    assert items == [0, 1] and len(server.requests) == 2

    pages = {None: "c1", "c1": "c2", "c2": "c3", "c3": "c4", "c4": None}

    def finite(request: Any) -> Response:
        cursor = query_of(request).get("cursor")
        return Response.json({"data": [cursor], "next_cursor": pages[cursor], "has_more": pages[cursor] is not None})

    with serving(finite, max_requests=10) as server:
        items, error = walk(mode, make_core(mode, server.url, max_pages=2), {"cursor": None, "request_options": {"max_pages": None}}, **CURSOR)
    assert error is None and items == [None, "c1", "c2", "c3", "c4"]


def test_max_pages_must_be_a_positive_integer_or_none():
    with pytest.raises(errors.ClientConfigurationError, match="max_pages must be a positive integer or None"):
        make_core("sync", "http://127.0.0.1:9", max_pages=0)
    with pytest.raises(errors.InvalidArgumentError, match="max_pages must be a positive integer or None"):
        list(pagination.iterate_pages(lambda **a: None, {"cursor": None, "request_options": {"max_pages": "many"}}, **CURSOR))
    assert make_core("sync", "http://127.0.0.1:9").max_pages == 10_000 and make_core("sync", "http://127.0.0.1:9", max_pages=None).max_pages is None


def events(mode: str, body: bytes) -> list[Any]:
    with serving(max_requests=1) as server:
        server.enqueue(Response(200, {"Content-Type": "text/event-stream"}, body))
        core = make_core(mode, server.url)
        if mode == "sync":
            return run(mode, core, lambda: list(core.events("chat.stream", "GET", "/v1/chat")))

        async def collect() -> list[Any]:
            return [event async for event in core.events("chat.stream", "GET", "/v1/chat")]

        return run(mode, core, collect)


@MODES
@pytest.mark.parametrize("value", ["٣", "²", "9" * 5000, "12345678901", "-1", "1.5", ""])
def test_a_retry_field_that_is_not_a_few_ascii_digits_is_ignored(mode, value):
    assert not (value.isascii() and value.isdigit() and len(value) <= 10)
    body = f"retry: 250\ndata: 1\n\nretry: {value}\ndata: 2\n\n".encode()
    assert [(e.data, e.retry) for e in events(mode, body)] == [(1, 250), (2, 250)]  # the earlier value stays


HOSTILE_TEXT = "line one\nline two\r\x1b[31mred\x1b[0m \u202eevil\u202c \u2028sep\u2029 \u200b\x00\x07 done"


def api_error(mode: str, response: Response) -> errors.ApiError:
    with serving(max_requests=1) as server:
        server.enqueue(response)
        core = make_core(mode, server.url)

        def call_sync() -> Any:
            return core.request("items.get", "GET", "/v1/items")

        async def call_async() -> Any:
            return await core.request("items.get", "GET", "/v1/items")

        with pytest.raises(errors.ApiError) as caught:
            run(mode, core, call_sync if mode == "sync" else call_async)
    return caught.value


def assert_inert(message: str) -> None:
    """Nothing in `message` that a terminal or log viewer would act on."""
    for character in message:
        assert character.isprintable(), f"{character!r} in {message[:80]!r}"
        assert unicodedata.category(character) not in ("Cc", "Cf", "Zl", "Zp"), character


@MODES
def test_an_error_body_with_line_breaks_escapes_and_bidi_overrides_is_shown_escaped(mode):
    as_text = api_error(mode, Response(400, {"Content-Type": "text/plain"}, HOSTILE_TEXT.encode()))
    assert isinstance(as_text, errors.BadRequestError) and as_text.body == HOSTILE_TEXT  # kept as it came
    assert_inert(str(as_text))
    assert_inert(repr(as_text))
    assert str(as_text) == "HTTP 400: line one\\nline two\\r\\x1b[31mred\\x1b[0m \\u202eevil\\u202c \\u2028sep\\u2029 \\u200b\\x00\\x07 done"
    as_json = api_error(mode, Response.json({"detail": HOSTILE_TEXT}, status=500))
    assert isinstance(as_json, errors.InternalServerError) and as_json.body == {"detail": HOSTILE_TEXT}
    assert_inert(str(as_json))
    assert "\\u202e" in str(as_json) and "\\u2028" in str(as_json)


@MODES
def test_a_megabyte_error_body_gives_a_short_message(mode):
    body = ("\u202e" + "x" * 99) * 10_486  # over 1 MB once encoded
    error = api_error(mode, Response(503, {"Content-Type": "text/plain"}, body.encode()))
    assert error.body == body
    assert len(str(error)) <= len("HTTP 503: ") + 300 + 3 and str(error).endswith("...")
    assert_inert(str(error))


def test_an_own_message_keeps_its_line_breaks_and_is_bounded():
    error = errors.ApiError(422, httpx.Headers(), None, "items.get: 2 errors\n  name\x1b[2J\n" + "y" * 10_000)
    assert str(error).startswith("items.get: 2 errors\n  name\\x1b[2J\n") and len(str(error)) == errors.MAX_MESSAGE + 3


SECRET = "s3cret-key"


@MODES
def test_a_query_credential_never_reaches_httpx_log_line_nor_an_error(mode, caplog):
    caplog.set_level(logging.INFO, logger="httpx")
    with serving(max_requests=2) as server:
        server.enqueue(Response.json({}), Response.json({"detail": "no"}, status=404))
        core = make_core(mode, server.url, query={"api_key": SECRET})

        def calls_sync() -> Any:
            core.request("items.get", "GET", "/v1/items", query={"q": "a b"})
            with pytest.raises(errors.NotFoundError) as caught:
                core.request("items.get", "GET", "/v1/items")
            return caught.value

        async def calls_async() -> Any:
            await core.request("items.get", "GET", "/v1/items", query={"q": "a b"})
            with pytest.raises(errors.NotFoundError) as caught:
                await core.request("items.get", "GET", "/v1/items")
            return caught.value

        error = run(mode, core, calls_sync if mode == "sync" else calls_async)
    assert [parse_qs(urlsplit(r.target).query)["api_key"] for r in server.requests] == [[SECRET]] * 2  # sent
    lines = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert len(lines) == 2 and all("api_key=[REDACTED]" in line for line in lines), lines
    assert "q=a+b" in lines[0]  # the rest of the URL as it was
    logged = caplog.text + "".join(lines)
    for text in (logged, str(error), repr(error), repr(core), repr(core.prepare("items.get", "GET", "/v1/items"))):
        assert SECRET not in text


@MODES
def test_a_query_credential_is_redacted_from_a_connection_error(mode):
    core = make_core(mode, "http://127.0.0.1:9", query={"api_key": SECRET}, max_retries=0)

    def call_sync() -> Any:
        return core.request("items.get", "GET", "/v1/items")

    async def call_async() -> Any:
        return await core.request("items.get", "GET", "/v1/items")

    with pytest.raises(errors.ApiConnectionError) as caught:
        run(mode, core, call_sync if mode == "sync" else call_async)
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)
    # Whatever an httpx error says about the URL is redacted too.
    assert redaction.redact(f"GET http://h/x?a=1&api_key={SECRET}#f failed") == "GET http://h/x?a=1&api_key=[REDACTED]#f failed"
    assert redaction.redact(f"'http://h/x?API_KEY={SECRET}'") == "'http://h/x?API_KEY=[REDACTED]'"


@MODES
def test_an_operation_whose_server_is_not_the_apis_gets_no_credential(mode):
    with serving(lambda r: Response.json({}), max_requests=4) as api, serving(lambda r: Response.json({}), max_requests=4) as collector:
        headers = {"X-Api-Key": "k-1", "X-Version": "2"}
        http_client = (httpx.Client if mode == "sync" else httpx.AsyncClient)(headers={"Authorization": "Bearer from-http-client"}, cookies={"session": "c"})
        core = make_core(mode, api.url, default_base_url=api.url, headers=headers, query={"api_key": SECRET}, credential_headers=["X-Api-Key"], http_client=http_client)

        def calls_sync() -> None:
            with http_client:
                core.request("things.get", "GET", "/v1/things")
                core.request("collect", "POST", "/v1/collect", server=collector.url, credentials=False, headers={"X-Trace": "t"})
                core.request("upload", "POST", "/v1/upload", server=collector.url)  # a credential host

        async def calls_async() -> None:
            async with http_client:
                await core.request("things.get", "GET", "/v1/things")
                await core.request("collect", "POST", "/v1/collect", server=collector.url, credentials=False, headers={"X-Trace": "t"})
                await core.request("upload", "POST", "/v1/upload", server=collector.url)

        run(mode, core, calls_sync if mode == "sync" else calls_async)
    own, collected, uploaded = api.requests[0], collector.requests[0], collector.requests[1]
    assert own.header("X-Api-Key") == "k-1" and own.header("Authorization") == "Bearer from-http-client" and "api_key" in own.raw_query
    for name in ("X-Api-Key", "Authorization", "Cookie"):
        assert collected.header(name) is None, name
    assert "api_key" not in collected.raw_query and SECRET.encode() not in collected.body
    assert collected.header("X-Version") == "2" and collected.header("X-Trace") == "t"  # not a credential
    assert uploaded.header("X-Api-Key") == "k-1" and "api_key" in uploaded.raw_query


def test_a_moved_base_url_takes_every_call_with_its_credentials():
    core = make_core("sync", "http://127.0.0.1:9", default_base_url="https://api.example.com", headers={"X-Api-Key": "k"}, query={"api_key": SECRET}, credential_headers=["X-Api-Key"])
    call = core.prepare("collect", "POST", "/v1/collect", server="https://collector.example.net", credentials=False)
    assert call.url == "http://127.0.0.1:9/v1/collect" and call.credentials
    assert call.headers["X-Api-Key"] == "k" and f"api_key={SECRET}" in call.query.split("&")
