"""_core/http.py, imported as the real module: retry and redirect rules, and the sync and
async cores against a real local server (tests/http_server.py, 127.0.0.1 only)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from generator.emit.runtime._core import errors, http, request
from http_server import Drop, Response, serving


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "INITIAL_RETRY_DELAY", 0.01)


def make_call(method: str = "GET", **changes: Any) -> request.Call:
    values: dict[str, Any] = dict(
        operation="items.get",
        method=method,
        url="https://api.example.com/v1/items",
        headers={"Authorization": "Bearer k", "Content-Type": "application/json"},
        body={"content": b"{}"},
        timeout=httpx.Timeout(5.0),
        deadline=None,
        max_response_size=None,
        max_retries=2,
        retry_any_method=False,
    )
    values.update(changes)
    return request.Call(**values)


@pytest.mark.parametrize(
    "method, status, retry_any, expected",
    [("GET", 503, False, True), ("GET", 408, False, True), ("GET", 404, False, False), ("POST", 503, False, False), ("POST", 503, True, True), ("POST", 429, False, True)],
)
def test_which_answers_are_retried(method, status, retry_any, expected):
    assert http.may_retry(make_call(method, retry_any_method=retry_any), 0, None, httpx.Response(status)) is expected


def test_retries_stop_at_the_limit_and_at_a_long_retry_after():
    call = make_call()
    assert not http.may_retry(call, 2, None, httpx.Response(503))
    assert not http.may_retry(call, 0, None, httpx.Response(503, headers={"retry-after": "61"}))


def test_a_connection_that_never_opened_is_retried_for_any_method():
    post = make_call("POST")
    assert http.may_retry(post, 0, httpx.ConnectError("refused"), None)
    assert not http.may_retry(post, 0, httpx.ReadError("broken"), None)
    assert http.may_retry(make_call("PUT"), 0, httpx.ReadError("broken"), None)


def hop(call: request.Call, status: int, location: str, follow: bool = True) -> httpx.Request | None:
    with httpx.Client(follow_redirects=follow) as client:
        sent = call.build(client)
        return http.next_hop(call, client, sent, httpx.Response(status, headers={"location": location}))


def test_a_303_becomes_a_get_without_body_and_a_307_keeps_both():
    post = make_call("POST")
    seen = hop(post, 303, "/v1/other")
    assert seen is not None and seen.method == "GET" and seen.content == b"" and "content-type" not in seen.headers
    assert str(seen.url) == "https://api.example.com/v1/other"
    kept = hop(post, 307, "https://elsewhere.example.com/x")
    assert kept is not None and kept.method == "POST" and kept.content == b"{}"
    assert hop(post, 303, "/v1/other", follow=False) is None


def test_a_redirect_off_http_is_a_connection_error():
    with pytest.raises(errors.ApiConnectionError, match="redirected to a URL that is not http"):
        hop(make_call(), 302, "file:///etc/passwd")


def test_credentials_are_dropped_for_another_origin():
    sent = httpx.Request("GET", "https://x/", headers={"Authorization": "a", "Cookie": "c", "X-Api-Key": "k", "Accept": "*/*"})
    http._drop_credentials(sent, ["X-Api-Key"])
    assert dict(sent.headers) == {"host": "x", "accept": "*/*"}


def core(server_url: str, kind: type = http.SyncClientCore, **options: Any) -> Any:
    settings: dict[str, Any] = dict(base_url=server_url, headers={"Authorization": "Bearer k"}, timeout=5.0, max_retries=2)
    settings.update(options)
    return kind(**settings)


def test_the_sync_core_retries_then_returns_the_read_response_and_records_it():
    with serving(max_requests=3) as server:
        server.enqueue(Response(503), Drop(), Response.json({"ok": True}))
        client = core(server.url)
        with http.capture_responses() as captured:
            response = client.request("items.get", "GET", "/v1/items/{item_id}", path_params={"item_id": "a/b"}, query={"q": True})
        client.close()
    assert response.json() == {"ok": True}
    assert [r.target for r in server.requests] == ["/v1/items/a%2Fb?q=true"] * 3
    assert [r.status_code for r in captured] == [200]  # a retried answer is not a call's answer


def test_the_sync_core_raises_the_error_of_the_status_and_stops_at_the_size_limit():
    with serving(max_requests=2) as server:
        server.enqueue(Response.json({"detail": "no"}, status=404), Response.binary(b"x" * 100))
        client = core(server.url, max_response_size=50)
        with pytest.raises(errors.NotFoundError):
            client.request("items.get", "GET", "/v1/items")
        with pytest.raises(errors.ResponseTooLargeError):
            client.request("files.get", "GET", "/v1/file")
        client.close()
    with pytest.raises(errors.ClientClosedError):
        client.request("items.get", "GET", "/v1/items")


def test_the_async_core_streams_events():
    body = b'data: {"n": 1}\n\nevent: end\ndata: done\n\n'
    with serving(max_requests=1) as server:
        server.enqueue(Response(200, {"Content-Type": "text/event-stream"}, body))

        async def collect() -> list[Any]:
            client = core(server.url, http.AsyncClientCore)
            try:
                return [event async for event in client.events("chat.stream", "POST", "/v1/chat", json_body={"q": 1})]
            finally:
                await client.aclose()

        events = asyncio.run(collect())
    assert [(e.event, e.data) for e in events] == [("message", {"n": 1}), ("end", "done")]
    assert server.requests[0].header("accept") == "text/event-stream" and server.requests[0].json() == {"q": 1}


def test_a_base_url_with_credentials_and_an_authorization_header_conflict():
    with pytest.raises(errors.ClientConfigurationError, match="give only one"):
        core("https://u:p@api.example.com")


def test_prepare_uses_the_operation_server_only_with_the_default_base_url():
    own = core("https://api.example.com", default_base_url="https://api.example.com/")
    assert own.prepare("up.load", "POST", "/x", server="https://upload.example.com").url == "https://upload.example.com/x"
    moved = core("http://127.0.0.1:9", default_base_url="https://api.example.com")
    call = moved.prepare("up.load", "POST", "/x", server="https://upload.example.com", request_options={"timeout": 1.0, "max_retries": -3})
    assert call.url == "http://127.0.0.1:9/x" and call.deadline == 1.0 and call.max_retries == 0
    assert repr(moved) == "SyncClientCore(base_url='http://127.0.0.1:9')"  # never the headers


def test_backoff_honours_a_retry_after_date():
    import email.utils
    import time

    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= http.backoff(0, httpx.Response(503, headers={"retry-after": later})) <= 31
