"""Streaming pairs and page-number / offset pagination, end to end against the local server
(sync and async).

Packages under test: the golden fixtures `stream_sdk` (tests/fixtures/sdk/stream/pages: a
`chat` and a `chat_stream` page for POST /v2/chat, and one `complete` page documenting a
`stream` flag with both answers), `paging_sdk` (tests/fixtures/sdk/paging/spec.yaml: one
list per form and stop rule), `client_sdk` (a plain method answered with an event stream; a
cursor that repeats). The Fanvue corpus's paged lists are walked in
tests/e2e/test_fanvue_paging.py.
"""

from __future__ import annotations

import importlib
import inspect
import json
import shutil
import sys
import time
from typing import Any, Callable, Iterator

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT, merge_paths
from generator.cli import main
from generator.spec.extensions import STREAM as STREAM_KEY
from client_calls import collect, query
from http_server import RecordedRequest, Response, Trickle, serving

MODES = pytest.mark.parametrize("mode", ["sync", "async"])
SERVER = {"socket_timeout": 3.0}
KEY = "stream-paging-test-key"
STREAM_GOLDEN = FIXTURES / "sdk" / "stream" / "golden"
PAGING_GOLDEN = FIXTURES / "sdk" / "paging" / "golden"
CLIENT_GOLDEN = FIXTURES / "sdk" / "client" / "golden"


@pytest.fixture(scope="module")
def packages() -> Iterator[dict[str, Any]]:
    folders = [STREAM_GOLDEN, PAGING_GOLDEN, CLIENT_GOLDEN]
    sys.path[:0] = [str(f) for f in folders]
    try:
        yield {name: importlib.import_module(f"{name}_sdk") for name in ("stream", "paging", "client")}
    finally:
        for folder in folders:
            sys.path.remove(str(folder))


def client_of(sdk: Any, url: str, name: str) -> Callable[[bool], Any]:
    def make(is_async: bool) -> Any:
        kind = getattr(sdk, ("Async" if is_async else "") + name)
        key = {"api_key": KEY} if "api_key" in inspect.signature(kind).parameters else {}
        return kind(**key, base_url=url, max_retries=0, timeout=5)

    return make


# -- streaming pairs -----------------------------------------------------------------------

TURNS = [{"role": "user", "text": "Name three rivers."}]
CHAT_EVENTS = (
    b'event: reply-opened\ndata: {"type": "reply-opened", "id": "r1"}\n\n'
    b'data: {"type": "reply-piece", "text": "Nile, "}\n\n'
    b": keep-alive\n\n"
    b'data: {"type": "reply-piece", "text": "Danube, Mekong."}\n\n'
    b'data: {"type": "reply-closed", "finish_reason": "done", "tokens": {"prompt_tokens": 5, "reply_tokens": 4}}\n\n'
)
CHAT_REPLY = {"id": "r1", "text": "Nile, Danube, Mekong.", "finish_reason": "done", "tokens": {"prompt_tokens": 5, "reply_tokens": 4}}


@MODES
def test_the_streaming_method_yields_typed_events_and_asks_for_the_stream(packages, mode):
    sdk = packages["stream"]
    answer = Response(200, {"Content-Type": "text/event-stream"}, CHAT_EVENTS)
    with serving(lambda r: answer, max_requests=2, **SERVER) as server:
        events = collect(mode, client_of(sdk, server.url, "Stream"), lambda c: c.chat_stream(turns=TURNS, temperature=0.5))
    assert all(isinstance(e, sdk.ServerSentEvent) for e in events)
    assert [type(e.data).__name__ for e in events] == ["ReplyOpened", "ReplyPiece", "ReplyPiece", "ReplyClosed"]
    assert "".join(e.data.text for e in events if isinstance(e.data, sdk.models.ReplyPiece)) == "Nile, Danube, Mekong."
    assert events[0].event == "reply-opened" and events[-1].data.tokens.reply_tokens == 4
    (request,) = server.requests
    assert (request.method, request.path, request.header("accept")) == ("POST", "/v2/chat", "text/event-stream")
    assert request.json() == {"turns": TURNS, "temperature": 0.5, "stream": True}


@MODES
def test_the_plain_method_returns_the_model_and_sends_stream_false(packages, mode):
    sdk = packages["stream"]
    with serving(lambda r: Response.json(CHAT_REPLY), max_requests=2, **SERVER) as server:
        reply = collect(mode, client_of(sdk, server.url, "Stream"), lambda c: c.chat(turns=TURNS))
    assert isinstance(reply, sdk.models.ChatReply) and reply.text == "Nile, Danube, Mekong."
    (request,) = server.requests
    assert request.path == "/v2/chat" and request.json() == {"turns": TURNS, "stream": False}


@MODES
def test_one_page_with_a_stream_flag_and_both_answers_gives_both_methods(packages, mode):
    sdk = packages["stream"]

    def answer(request: RecordedRequest) -> Response:
        if request.json()["stream"]:
            return Response(200, {"Content-Type": "text/event-stream"}, b'data: {"text": "once upon"}\n\ndata: {"text": " a time", "last": true}\n\n')
        return Response.json({"text": "once upon a time", "words": 4})

    with serving(answer, max_requests=3, **SERVER) as server:
        make = client_of(sdk, server.url, "Stream")
        whole = collect(mode, make, lambda c: c.complete(prompt="Tell a story", max_words=4))
        pieces = collect(mode, make, lambda c: c.complete_stream(prompt="Tell a story"))
    assert isinstance(whole, sdk.models.Completion) and whole.words == 4
    assert [(type(e.data).__name__, e.data.text, e.data.last) for e in pieces] == [
        ("CompletionPiece", "once upon", None),
        ("CompletionPiece", " a time", True),
    ]
    assert [r.json() for r in server.requests] == [
        {"prompt": "Tell a story", "max_words": 4, "stream": False},
        {"prompt": "Tell a story", "stream": True},
    ]


def test_no_method_of_a_pair_takes_the_flag_as_an_argument(packages):
    sdk = packages["stream"]
    for client in (sdk.Stream, sdk.AsyncStream):
        for name in ("chat", "chat_stream", "complete", "complete_stream"):
            assert "stream" not in inspect.signature(getattr(client, name)).parameters, (client, name)
    assert "Iterator[ServerSentEvent]" in str(inspect.signature(sdk.Stream.chat_stream).return_annotation)


@MODES
def test_a_plain_method_answered_with_an_event_stream_raises_without_reading_it(packages, mode):
    """The answer never ends (a byte every 0.2 s): it is closed at the headers, not read."""
    sdk = packages["stream"]
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
    endless = Trickle(head + b'data: {"type": "reply-piece", "text": "x"}\n\n' * 200, first=len(head) + 10, interval=0.2)
    with serving(lambda r: endless, max_requests=2, **SERVER) as server:
        started = time.monotonic()
        with pytest.raises(sdk.UnexpectedEventStreamError) as caught:
            collect(mode, client_of(sdk, server.url, "Stream"), lambda c: c.chat(turns=TURNS))
        took = time.monotonic() - started
    error = caught.value
    assert isinstance(error, sdk.ResponseDecodingError) and isinstance(error, sdk.SdkError)
    assert error.operation == "chat" and error.status_code == 200
    assert str(error) == "chat: the server answered with an event stream (text/event-stream); use `chat_stream`, which yields its events"
    assert took < 2, took


@MODES
def test_an_event_stream_is_never_parsed_as_json_by_a_method_without_a_streaming_sibling(packages, mode):
    sdk = packages["client"]
    answer = Response(200, {"Content-Type": "text/event-stream; charset=utf-8"}, b'data: {"id": "i1", "name": "x"}\n\n')
    with serving(lambda r: answer, max_requests=2, **SERVER) as server:
        with pytest.raises(sdk.UnexpectedEventStreamError) as caught:
            collect(mode, client_of(sdk, server.url, "Client"), lambda c: c.items.get(item_id="i1"))
    assert str(caught.value) == "items.get: the server answered with an event stream (text/event-stream), which this method does not read"
    assert KEY not in str(caught.value) + repr(caught.value)


def test_the_merged_document_keeps_the_streaming_page_and_is_valid_openapi():
    from openapi_spec_validator import validate

    document = json.loads((STREAM_GOLDEN / "openapi.json").read_text(encoding="utf-8"))
    validate(document)
    chat = document["paths"]["/v2/chat"]["post"]
    assert (chat["operationId"], chat["x-sdkgen-method"]) == ("chat", "chat")
    view = chat[STREAM_KEY]
    assert (view["operationId"], view["x-sdkgen-resource"], view["x-sdkgen-method"], view["sets"]) == ("chat_stream", "", "chat_stream", {"stream": True})
    assert list(view["responses"]["200"]["content"]) == ["text/event-stream"]
    assert view["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ChatStreamRequest"}
    assert list(chat["responses"]["200"]["content"]) == ["application/json"]
    assert STREAM_KEY not in document["paths"]["/v2/complete"]["post"]  # one page: nothing to keep


def test_the_pair_survives_a_round_trip_through_the_merged_document(tmp_path, monkeypatch):
    """`generated/openapi.json` is an input too: read back, it gives the same package."""
    source = tmp_path / "openapi.json"
    shutil.copy(STREAM_GOLDEN / "openapi.json", source)
    monkeypatch.chdir(ROOT)
    args = ["regenerate-sdk", "-q", "--specs", str(source), "--out", str(tmp_path / "out"), "--package", "stream_sdk", "--client-name", "Stream", "--title", "Stream fixture"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    for name in ("openapi.json", "stream_sdk/_client.py", "stream_sdk/models.py"):
        assert (tmp_path / "out" / name).read_bytes() == (STREAM_GOLDEN / name).read_bytes(), name


def test_the_merge_report_lists_the_pairs():
    report = (STREAM_GOLDEN / "merge-report.md").read_text(encoding="utf-8")
    assert "| `POST /v2/chat` | `chat` (sends `stream: false`) | `chat_stream` (sends `stream: true`) | two pages, two SDK names |" in report
    assert "| `POST /v2/complete` | `complete` (sends `stream: false`) | `complete_stream` (sends `stream: true`) | one operation documents both answers |" in report


def test_the_json_page_keeps_the_main_identity_whichever_page_comes_first(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(FIXTURES / "sdk" / "stream" / "pages" / "chat_stream.md", pages / "a_chat_stream.md")
    shutil.copy(FIXTURES / "sdk" / "stream" / "pages" / "chat.md", pages / "b_chat.md")
    merged, diagnostics = merge_paths(pages)
    assert merged is not None, [str(d) for d in diagnostics.items]
    chat = merged.result.document["paths"]["/v2/chat"]["post"]
    assert (chat["x-sdkgen-method"], chat[STREAM_KEY]["x-sdkgen-method"]) == ("chat", "chat_stream")
    (record,) = merged.result.operations
    assert (record.identity.method, record.stream_identity.method, record.stream_flag) == ("chat", "chat_stream", "stream")


def test_a_streaming_name_taken_by_another_operation_is_an_error(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("chat.md", "chat_stream.md"):
        shutil.copy(FIXTURES / "sdk" / "stream" / "pages" / name, pages / name)
    other = (FIXTURES / "sdk" / "stream" / "pages" / "complete.md").read_text(encoding="utf-8")
    (pages / "other.md").write_text(other.replace("version: endpoint_.complete", "version: endpoint_.chat_stream"), encoding="utf-8")
    merged, diagnostics = merge_paths(pages)
    assert merged is None
    assert any("both map to `chat_stream`" in str(d) for d in diagnostics.errors), [str(d) for d in diagnostics.items]


# -- page numbers and offsets: the paging fixture ------------------------------------------


def walk(sdk: Any, mode: str, handler: Callable[[RecordedRequest], Response], action: Callable[[Any], Any], max_requests: int = 8) -> tuple[list[Any], list[RecordedRequest]]:
    with serving(handler, max_requests=max_requests, **SERVER) as server:
        items = collect(mode, client_of(sdk, server.url, "Paging"), action)
    return items, server.requests


@MODES
def test_offsets_advance_by_the_items_received_until_the_total(packages, mode):
    notes = [{"id": f"n{i}", "text": f"note {i}"} for i in range(5)]

    def handler(request: RecordedRequest) -> Response:
        offset = int(query(request, "offset") or 0)
        return Response.json({"notes": notes[offset : offset + 2], "total": 5})

    items, requests = walk(packages["paging"], mode, handler, lambda c: c.notes.list_all(limit=2, author="ann"))
    assert [n.id for n in items] == ["n0", "n1", "n2", "n3", "n4"]
    assert [(query(r, "offset"), query(r, "limit"), query(r, "author")) for r in requests] == [(None, "2", "ann"), ("2", "2", "ann"), ("4", "2", "ann")]


@MODES
def test_page_numbers_follow_the_page_served_until_the_last_page(packages, mode):
    def handler(request: RecordedRequest) -> Response:
        page = int(query(request, "page") or 1)
        return Response.json({"labels": [{"name": f"p{page}-{i}"} for i in range(2)], "meta": {"current_page": page, "total_pages": 3}})

    items, requests = walk(packages["paging"], mode, handler, lambda c: c.labels.list_all(per_page=2))
    assert [label.name for label in items] == ["p1-0", "p1-1", "p2-0", "p2-1", "p3-0", "p3-1"]
    assert [query(r, "page") for r in requests] == [None, "2", "3"]


@MODES
def test_a_short_page_is_the_last_when_nothing_else_says_so(packages, mode):
    def handler(request: RecordedRequest) -> Response:
        page = int(query(request, "page") or 1)
        return Response.json({"events": [{"id": page * 10 + i} for i in range(2 if page < 3 else 1)]})

    items, requests = walk(packages["paging"], mode, handler, lambda c: c.events.list_all(page_size=2))
    assert [e.id for e in items] == [10, 11, 20, 21, 30]
    assert [query(r, "page") for r in requests] == [None, "2", "3"]


@MODES
def test_page_numbers_from_zero_stop_when_the_items_reach_the_total(packages, mode):
    def handler(request: RecordedRequest) -> Response:
        page = int(query(request, "page") or 0)
        return Response.json({"cards": [{"id": f"c{page * 2 + i}"} for i in range(2) if page * 2 + i < 5], "total_count": 5})

    items, requests = walk(packages["paging"], mode, handler, lambda c: c.cards.list_all(size=2))
    assert [c.id for c in items] == ["c0", "c1", "c2", "c3", "c4"]
    assert [query(r, "page") for r in requests] == [None, "1", "2"]


@MODES
def test_an_empty_page_ends_a_walk_with_no_other_signal(packages, mode):
    lines = ["a", "b", "c", "d", "e"]

    def handler(request: RecordedRequest) -> Response:
        skip = int(query(request, "skip") or 0)
        return Response.json({"lines": lines[skip : skip + 2]})

    items, requests = walk(packages["paging"], mode, handler, lambda c: c.logs.list_all())
    assert items == lines
    assert [query(r, "skip") for r in requests] == [None, "2", "4", "5"]


@MODES
@pytest.mark.parametrize("call", ["labels", "logs"])
def test_a_server_repeating_the_same_page_ends_the_walk(packages, mode, call):
    """A server that ignores the page parameter: the second page equals the first, so the
    walk stops there, without yielding it twice (has-more or total pages would never stop it)."""
    same = {
        "labels": {"labels": [{"name": "x"}, {"name": "y"}], "meta": {"current_page": 1, "total_pages": 1000}},
        "logs": {"lines": ["x", "y"]},
    }[call]
    action = {"labels": lambda c: c.labels.list_all(), "logs": lambda c: c.logs.list_all()}[call]
    items, requests = walk(packages["paging"], mode, lambda r: Response.json(same), action, max_requests=3)
    assert len(items) == 2 and len(requests) == 2


@MODES
def test_a_repeated_cursor_ends_the_walk(packages, mode):
    page = {"items": [{"id": "a", "name": "A"}], "next_cursor": "same", "has_more": True}
    with serving(lambda r: Response.json(page), max_requests=3, **SERVER) as server:
        items = collect(mode, client_of(packages["client"], server.url, "Client"), lambda c: c.items.list_all())
    assert [i.id for i in items] == ["a", "a"]
    assert [query(r, "cursor") for r in server.requests] == [None, "same"]


def test_the_docstring_says_how_the_pages_are_walked(packages):
    sdk = packages["paging"]
    docs = {name: " ".join(inspect.getdoc(getattr(sdk._client, f"{name}Client").list_all).split()) for name in ("Notes", "Labels", "Events", "Cards", "Logs")}
    assert "Paged by offset: `offset` advances by the items received" in docs["Notes"] and "reach `total`" in docs["Notes"]
    assert "`page` is set to the page served (`meta.current_page`) plus one" in docs["Labels"]
    assert "stops on a page shorter than `page_size` (50 when not given)" in docs["Events"]
    assert "the first page is 0" in docs["Cards"] and "reach `total_count`" in docs["Cards"]
    assert "Paged by offset: `skip`" in docs["Logs"] and "stops on an empty page" in docs["Logs"]
    report = (PAGING_GOLDEN / "merge-report.md").read_text(encoding="utf-8")
    assert "| `GET /v1/notes` | `notes.list_all` | offset |" in report
    assert "| `GET /v1/labels` | `labels.list_all` | page number |" in report


# -- a streaming view is input like any page -----------------------------------------------


def _document_with_view(view: Any) -> dict[str, Any]:
    document = json.loads((STREAM_GOLDEN / "openapi.json").read_text(encoding="utf-8"))
    document["paths"]["/v2/chat"]["post"][STREAM_KEY] = view
    return document


def test_a_hostile_streaming_view_becomes_safe_names_and_literals(tmp_path, monkeypatch):
    document = json.loads((STREAM_GOLDEN / "openapi.json").read_text(encoding="utf-8"))
    view = document["paths"]["/v2/chat"]["post"][STREAM_KEY]
    view["x-sdkgen-method"] = 'chat"); import os; os.system("x'
    view["x-sdkgen-resource"] = "a\nb"
    view["summary"] = '"""\nimport os\n'
    source = tmp_path / "openapi.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["regenerate-sdk", "-q", "--specs", str(source), "--out", str(tmp_path / "out"), "--package", "hostile_sdk"])
    assert result.exit_code == 0, result.output
    client = (tmp_path / "out" / "hostile_sdk" / "_client.py").read_text(encoding="utf-8")
    import ast

    imports = lambda source: sorted(ast.dump(n) for n in ast.walk(ast.parse(source)) if isinstance(n, (ast.Import, ast.ImportFrom)))  # noqa: E731
    assert imports(client) == imports((STREAM_GOLDEN / "stream_sdk" / "_client.py").read_text(encoding="utf-8"))
    assert "def chat_import_os_os_system_x(" in client


@pytest.mark.parametrize(
    "view, message",
    [
        ({"x-sdkgen-method": "chat_stream", "requestBody": {}}, "has no responses"),
        ({"x-sdkgen-method": "chat_stream", "responses": {"2000": {"description": "x"}}}, "is not a status code"),
        ({"x-sdkgen-method": "x" * 2000, "responses": {"200": {"description": "x"}}}, "more than 1,024"),
    ],
    ids=["no-responses", "bad-status", "long-name"],
)
def test_an_unusable_streaming_view_is_an_error_at_its_operation(tmp_path, view, message):
    source = tmp_path / "openapi.json"
    source.write_text(json.dumps(_document_with_view(view)), encoding="utf-8")
    merged, diagnostics = merge_paths(source)
    assert merged is None
    assert any(message in str(d) and str(d).startswith(f"{source}:") for d in diagnostics.errors), [str(d) for d in diagnostics.items]


def test_a_streaming_view_that_is_not_a_mapping_is_dropped(tmp_path):
    source = tmp_path / "openapi.json"
    source.write_text(json.dumps(_document_with_view("yes")), encoding="utf-8")
    merged, diagnostics = merge_paths(source)
    assert merged is not None, [str(d) for d in diagnostics.items]
    assert STREAM_KEY not in merged.result.document["paths"]["/v2/chat"]["post"]
