"""_core/websocket.py, imported as the real module, against a real local WebSocket server
(tests/ws_server.py, 127.0.0.1 only): the handshake (URL, query, credential, redaction),
frames both ways, close codes, refused and redirected handshakes, limits and timeouts; the
sync connection and the async one."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import pydantic
import pytest

from generator.emit.runtime._core import errors, http, request, settings, websocket
from ws_server import Script, ws_serving

MODES = ["sync", "async"]


class Results(pydantic.BaseModel):
    type: Literal["Results"]
    text: str
    is_final: bool = pydantic.Field(alias="isFinal")


class Metadata(pydantic.BaseModel):
    type: Literal["Metadata"]
    request_id: str


class Untagged(pydantic.BaseModel):
    session: str


class Models:
    Results = Results
    Metadata = Metadata
    Untagged = Untagged


SPEC = websocket.ChannelSpec(
    operation="listen.v1.connect",
    path="/v1/listen/{stream_id}",
    models=Models,
    discriminator="type",
    by_constant={"Results": "Results", "Metadata": "Metadata"},
    candidates=("Results", "Metadata", "Untagged"),
)


def core(base_url: str, mode: str, api_key: str | None = "secret-key", **changes: Any) -> http.ClientCore[Any]:
    credential = settings.Credential("header", "Authorization", "Token", "api_key", "ACME_API_KEY", api_key)
    made = settings.client_settings([credential])
    kind = http.SyncClientCore if mode == "sync" else http.AsyncClientCore
    values: dict[str, Any] = dict(
        base_url=base_url.replace("ws://", "http://"),
        headers=made.headers,
        query=made.query,
        credential_headers=made.credential_headers,
        security=made.security,
        timeout=5.0,
        max_retries=0,
    )
    values.update(changes)
    return kind(**values)


def run(mode: str, base: str, steps: Any, spec: websocket.ChannelSpec = SPEC, **connect: Any) -> Any:
    """Open a connection on `base` in `mode`, hand it to `steps` (a sync function, or an
    async one for the async mode) and give back what it returns."""
    connect.setdefault("path_params", {"stream_id": "s1"})
    client_core = core(base, mode, **connect.pop("core", {}))
    if mode == "sync":
        with websocket.SyncConnection[Any, Any](client_core, spec, **connect) as connection:
            return steps(connection)

    async def main() -> Any:
        async with websocket.AsyncConnection[Any, Any](client_core, spec, **connect) as connection:
            return await steps(connection)

    return asyncio.run(asyncio.wait_for(main(), 20))


def collect(mode: str) -> Any:
    if mode == "sync":
        return lambda connection: list(connection)

    async def steps(connection: Any) -> Any:
        return [message async for message in connection]

    return steps


def test_the_url_is_the_base_url_made_a_websocket_one_with_the_channel_path():
    assert websocket.websocket_url("https://api.acme.test/base") == "wss://api.acme.test/base"
    assert websocket.websocket_url("http://127.0.0.1:8000") == "ws://127.0.0.1:8000"
    assert websocket.websocket_url("WSS://x.test/a") == "wss://x.test/a"
    with pytest.raises(errors.InvalidArgumentError):
        websocket.websocket_url("ftp://x.test/")


@pytest.mark.parametrize("mode", MODES)
def test_handshake_path_query_credential_and_user_agent(mode):
    with ws_serving(Script(send=[], close=(1000, ""))) as server:
        assert run(mode, server.url, collect(mode), query={"model": "nova-3", "interim_results": True, "keyterm": ["a", "b"], "tag": None}) == []
    (shake,) = server.handshakes
    assert shake.path == "/v1/listen/s1"
    assert shake.query == [("model", "nova-3"), ("interim_results", "true"), ("keyterm", "a"), ("keyterm", "b")]
    assert shake.headers["authorization"] == "Token secret-key"
    assert shake.headers["user-agent"].startswith("Python/")
    assert "content-type" not in shake.headers and "accept" not in shake.headers


@pytest.mark.parametrize("mode", MODES)
def test_a_channel_that_declares_no_credential_sends_none(mode):
    bare = websocket.ChannelSpec(operation="open.connect", path="/open", models=Models, security=[])
    with ws_serving() as server:
        run(mode, server.url, collect(mode), spec=bare, path_params=None)
    assert "authorization" not in server.handshakes[0].headers


@pytest.mark.parametrize("mode", MODES)
def test_extras_and_a_signed_url_on_another_origin_get_no_credential(mode):
    with ws_serving() as server, ws_serving() as other:
        run(mode, server.url, collect(mode), headers={"X-Trace": "t1"}, extra_query={"debug": 1})
        run(mode, server.url, collect(mode), url=other.url + "/signed?sig=abc")
        run(mode, server.url, collect(mode), url=server.url + "/same-origin?sig=abc")
    first, same = server.handshakes
    assert first.headers["x-trace"] == "t1" and ("debug", "1") in first.query
    (signed,) = other.handshakes
    assert (signed.path, signed.query) == ("/signed", [("sig", "abc")])
    assert "authorization" not in signed.headers
    assert same.path == "/same-origin" and same.headers["authorization"] == "Token secret-key"


@pytest.mark.parametrize("mode", MODES)
def test_frames_both_ways(mode):
    frames = [
        json.dumps({"type": "Results", "text": "hello", "isFinal": True}),
        b"\x00\x01binary",
        json.dumps({"type": "Metadata", "request_id": "r1"}),
        json.dumps({"session": "s"}),
        json.dumps({"type": "Nope", "x": 1}),
        json.dumps({"type": "Results", "text": 5}),
        "not json {",
    ]
    with ws_serving(Script(expect=3, send=frames)) as server:

        if mode == "sync":

            def steps(connection: Any) -> Any:
                connection.send({"type": "KeepAlive"})
                connection.send(Results(type="Results", text="t", isFinal=False))
                connection.send(b"\x01\x02")
                return list(connection)

        else:

            async def steps(connection: Any) -> Any:
                await connection.send({"type": "KeepAlive", "count": 3})
                await connection.send(Results(type="Results", text="t", isFinal=False))
                await connection.send(b"\x01\x02")
                return [m async for m in connection]

        got = run(mode, server.url, steps)
    sent = server.received
    assert json.loads(sent[0])["type"] == "KeepAlive" and sent[1] == '{"type":"Results","text":"t","isFinal":false}' and sent[2] == b"\x01\x02"
    if mode == "async":
        assert sent[0] == '{"type":"KeepAlive","count":3}'  # integers stay integers
    results, binary, metadata, untagged, unknown, invalid, text = got
    assert isinstance(results, Results) and results.is_final is True
    assert binary == b"\x00\x01binary"
    assert isinstance(metadata, Metadata) and metadata.request_id == "r1"
    assert isinstance(untagged, Untagged)
    assert isinstance(unknown, websocket.UnknownMessage) and unknown.data == {"type": "Nope", "x": 1}
    assert isinstance(invalid, websocket.UnknownMessage) and "Results" in invalid.reason
    assert isinstance(text, websocket.UnknownMessage) and text.raw == "not json {"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("code", [1000, 1001])
def test_a_normal_close_ends_iteration_after_the_messages_before_it(mode, code):
    with ws_serving(Script(send=[json.dumps({"type": "Metadata", "request_id": "r"})], close=(code, "bye"))) as server:
        got = run(mode, server.url, collect(mode))
    assert [type(m) for m in got] == [Metadata]


@pytest.mark.parametrize("mode", MODES)
def test_another_close_code_raises_with_code_and_reason_after_the_messages(mode):
    seen: list[Any] = []
    with ws_serving(Script(send=[json.dumps({"type": "Metadata", "request_id": "r"})], close=(4001, "invalid key"))) as server:
        if mode == "sync":

            def steps(connection: Any) -> Any:
                for message in connection:
                    seen.append(message)

        else:

            async def steps(connection: Any) -> Any:
                async for message in connection:
                    seen.append(message)

        with pytest.raises(websocket.WebSocketClosedError) as raised:
            run(mode, server.url, steps)
    assert isinstance(raised.value, errors.ApiError)
    assert (raised.value.code, raised.value.reason) == (4001, "invalid key")
    assert len(seen) == 1


@pytest.mark.parametrize("mode", MODES)
def test_use_after_close_raises_a_clear_error(mode):
    with ws_serving() as server:
        client_core = core(server.url, mode)
        if mode == "sync":
            connection = websocket.SyncConnection[Any, Any](client_core, SPEC, path_params={"stream_id": "s"})
            with pytest.raises(errors.ClientClosedError, match="not open"):
                connection.send({})
            with connection:
                list(connection)
                with pytest.raises(websocket.WebSocketClosedError, match="1000"):
                    connection.send({"type": "KeepAlive"})
            with pytest.raises(errors.ClientClosedError, match="closed"):
                connection.recv()
        else:

            async def main() -> None:
                connection = websocket.AsyncConnection[Any, Any](client_core, SPEC, path_params={"stream_id": "s"})
                async with connection:
                    [m async for m in connection]
                with pytest.raises(errors.ClientClosedError, match="closed"):
                    await connection.send({"type": "KeepAlive"})

            asyncio.run(asyncio.wait_for(main(), 20))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status, kind", [(401, errors.UnauthorizedError), (403, errors.ForbiddenError)])
def test_a_refused_handshake_raises_the_error_for_its_status_with_the_body(mode, status, kind):
    body = json.dumps({"detail": "invalid credentials"}).encode()
    with ws_serving(Script(refuse=(status, {"Content-Type": "application/json"}, body))) as server:
        with pytest.raises(kind) as raised:
            run(mode, server.url, collect(mode))
    assert raised.value.status_code == status
    assert raised.value.body == {"detail": "invalid credentials"}


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_is_refused_and_the_second_server_sees_nothing(mode):
    with ws_serving() as second:
        target = second.url.replace("ws://", "http://") + "/v1/listen/s1"
        with ws_serving(Script(refuse=(302, {"Location": target}, b""))) as first:
            with pytest.raises(errors.ApiError, match="redirect") as raised:
                run(mode, first.url, collect(mode))
    assert raised.value.status_code == 302
    assert len(first.handshakes) == 1 and second.handshakes == []


@pytest.mark.parametrize("mode", MODES)
def test_a_message_over_the_size_limit_closes_with_1009(mode):
    with ws_serving(Script(send=["x" * 2048], close=None)) as server:
        with pytest.raises(websocket.WebSocketClosedError) as raised:
            run(mode, server.url, collect(mode), max_message_size=1024)
    assert raised.value.code == 1009


@pytest.mark.parametrize("mode", MODES)
def test_recv_times_out_and_a_silent_handshake_times_out(mode):
    with ws_serving(Script(silent=1.0, send=["{}"])) as server:
        if mode == "sync":

            def steps(connection: Any) -> Any:
                return connection.recv(timeout=0.2)

        else:

            async def steps(connection: Any) -> Any:
                return await connection.recv(timeout=0.2)

        with pytest.raises(errors.ApiTimeoutError):
            run(mode, server.url, steps)
    with silent_tcp() as url, pytest.raises(errors.ApiTimeoutError):
        run(mode, url, collect(mode), core={"timeout": 0.3})


def test_a_refused_connection_raises_the_connection_error():
    with silent_tcp() as url:
        pass  # closed: nothing listens on that port any more
    with pytest.raises(errors.ApiConnectionError):
        run("sync", url, collect("sync"))


@contextmanager
def silent_tcp() -> Iterator[str]:
    """A TCP listener on 127.0.0.1 that accepts and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"ws://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        for connection in accepted:
            connection.close()
        listener.close()


@pytest.mark.parametrize("mode", MODES)
def test_the_handshake_log_lines_never_show_the_credential(mode, caplog):
    token_spec = websocket.ChannelSpec(operation="x.connect", path="/x", models=Models)
    credential = settings.Credential("query", "token", "", "api_key", "ACME_API_KEY", "query-secret")
    made = settings.client_settings([credential])
    caplog.set_level(logging.DEBUG, logger="websockets")
    with ws_serving() as server:
        run(mode, server.url, collect(mode), path_params={"stream_id": "s"})
        run(mode, server.url, collect(mode), spec=token_spec, path_params=None, core={"security": made.security})
    assert server.handshakes[1].query == [("token", "query-secret")]
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name == "websockets.client")  # the test server logs its own side
    assert "> Authorization: [REDACTED]" in logged
    assert "secret-key" not in logged and "query-secret" not in logged
    assert "token=[REDACTED]" in logged


def test_send_refuses_what_is_not_a_message():
    with pytest.raises(errors.InvalidArgumentError, match="not object"):
        websocket.frame_of("x.connect", object())
    assert websocket.frame_of("x.connect", {"n": 1, "unset": request.NOT_GIVEN}) == '{"n":1}'
