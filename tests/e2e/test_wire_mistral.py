"""Mistral's document as published (../shared/corpus/openapi-real/mistral: OpenAPI 3.1 with
`const`, type arrays and pydantic-style `anyOf [.., {type: 'null'}]`), generated once for the
module and called (sync and async) against the local server on 127.0.0.1: the exact requests
on the wire for each feature it exercises, and one `_all` walk per pagination form it has
(cursor, page number on a page object, page number on a list answer, offset).
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from client_calls import query
from corpus_wire import ITEM_IDS, MODES, REAL, answer, exchange, generated, sample
from http_server import RecordedRequest, Response

SPEC = REAL / "mistral" / "openapi.yaml"
BEARER = "Bearer ms-k"


@pytest.fixture(scope="module")
def mistral(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from generated(tmp_path_factory, SPEC, "mistral_wire_sdk", "Mistral")


def calls(sdk: Any, mode: str, action: Any, handler: Any, count: int = 1) -> tuple[Any, list[RecordedRequest]]:
    return exchange(sdk, "Mistral", mode, action, handler, count, api_key="ms-k")


def _chat(sdk: Any) -> dict[str, Any]:
    return dict(
        model="mistral-small-latest",
        temperature=None,  # `anyOf [number, null]`: None given is null on the wire
        messages=[sdk.models.SystemMessage(content="Be brief."), sdk.models.UserMessage(content=None)],
        prediction=sdk.models.Prediction(content="x"),
    )


@MODES
def test_a_json_body_sends_consts_and_nulls_as_given(mistral, mode):
    usage = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    completion = {"id": "c1", "object": "chat.completion", "model": "mistral-small-latest", "usage": usage, "created": 1, "choices": []}
    _, (request,) = calls(mistral, mode, lambda c: c.chat.completion(**_chat(mistral)), answer(completion))
    assert (request.method, request.target) == ("POST", "/v1/chat/completions")
    assert request.header_values("Authorization") == [BEARER]
    assert request.header("Content-Type") == "application/json"
    # the `const` roles and type (defaults of their models) go out; arguments not given do not;
    # the method's own `stream: false` goes last
    assert request.body == (
        b'{"model":"mistral-small-latest","temperature":null,'
        b'"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":null}],'
        b'"prediction":{"type":"content","content":"x"},"stream":false}'
    )


@MODES
def test_the_streaming_twin_sends_stream_true_and_reads_the_events(mistral, mode):
    chunk = sample(mistral, "CompletionChunk")
    events = b"".join(b'data: {"data":%s}\n\n' % Response.json({**chunk, "id": f"c{n}"}).body for n in (1, 2))

    def stream(client: Any) -> Any:
        return client.chat.completion_stream(**_chat(mistral))

    received, (request,) = calls(mistral, mode, stream, lambda r, u: Response(200, {"Content-Type": "text/event-stream"}, events))
    assert request.body.endswith(b'"prediction":{"type":"content","content":"x"},"stream":true}')
    assert request.header("Accept") == "text/event-stream"
    assert request.header_values("Authorization") == [BEARER]
    assert [event.data.data.id for event in received] == ["c1", "c2"]


@MODES
def test_a_multipart_upload(mistral, mode):
    uploaded = sample(mistral, "UploadFileOut")
    data = b'{"prompt":"a"}\n'
    _, (request,) = calls(
        mistral,
        mode,
        lambda c: c.files.api_routes_upload_file(file=("batch.jsonl", data), purpose="batch", expiry=None),
        answer(uploaded),
    )
    assert (request.method, request.target) == ("POST", "/v1/files")
    assert request.header_values("Authorization") == [BEARER]
    content_type = request.header("Content-Type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.partition("boundary=")[2].encode()
    # `expiry: None` (`type: [integer, null]`) is not a part: a form has no null
    assert request.body == (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n'
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="batch.jsonl"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
        b"--" + boundary + b"--\r\n"
    )


# -- one walk per pagination form ----------------------------------------------------------


@MODES
def test_cursor_next_page_token(mistral, mode):
    agent = sample(mistral, "Agent")

    def handler(request: RecordedRequest, url: str) -> Response:
        number = {None: 1, "t2": 2, "t3": 3}[query(request, "page_token")]
        ids = ITEM_IDS[2 * number - 2 : 2 * number]
        return Response.json({"object": "list", "data": [{**agent, "id": i} for i in ids], "next_page_token": f"t{number + 1}" if number < 3 else None})

    items, requests = calls(mistral, mode, lambda c: c.beta_agents.api_v1_agents_list_pages_all(page_size=2, name="bot"), handler, count=3)
    assert [item.id for item in items] == ITEM_IDS
    assert [r.target for r in requests] == ["/v1/agents/pages?page_size=2&name=bot", "/v1/agents/pages?page_size=2&name=bot&page_token=t2", "/v1/agents/pages?page_size=2&name=bot&page_token=t3"]
    assert all(r.header_values("Authorization") == [BEARER] for r in requests)


@MODES
def test_page_number_until_the_total(mistral, mode):
    file = sample(mistral, "FileSchema")

    def handler(request: RecordedRequest, url: str) -> Response:
        number = int(query(request, "page") or 0)
        ids = ITEM_IDS[2 * number : 2 * number + 2]
        return Response.json({"object": "list", "data": [{**file, "id": i} for i in ids], "total": 6})

    items, requests = calls(mistral, mode, lambda c: c.files.api_routes_list_files_all(page_size=2, purpose="batch"), handler, count=3)
    assert [item.id for item in items] == ITEM_IDS
    assert [r.target for r in requests] == ["/v1/files?page_size=2&purpose=batch", "/v1/files?page=1&page_size=2&purpose=batch", "/v1/files?page=2&page_size=2&purpose=batch"]


@MODES
def test_page_number_of_a_list_answer_until_a_short_page(mistral, mode):
    agent = sample(mistral, "Agent")

    def handler(request: RecordedRequest, url: str) -> Response:
        number = int(query(request, "page") or 0)
        ids = [*ITEM_IDS, "p4-a"][2 * number : 2 * number + 2]
        return Response.json([{**agent, "id": i} for i in ids])

    items, requests = calls(mistral, mode, lambda c: c.beta_agents.api_v1_agents_list_all(page_size=2), handler, count=4)
    assert [item.id for item in items] == [*ITEM_IDS, "p4-a"]
    assert [r.target for r in requests] == ["/v1/agents?page_size=2", "/v1/agents?page=1&page_size=2", "/v1/agents?page=2&page_size=2", "/v1/agents?page=3&page_size=2"]


@MODES
def test_offset_until_the_total(mistral, mode):
    voice = sample(mistral, "VoiceResponse")

    def handler(request: RecordedRequest, url: str) -> Response:
        offset = int(query(request, "offset") or 0)
        ids = ITEM_IDS[offset : offset + 2]
        return Response.json({"items": [{**voice, "id": i} for i in ids], "total": 6, "page": offset // 2 + 1, "page_size": 2, "total_pages": 3})

    items, requests = calls(mistral, mode, lambda c: c.audio_voices.list_all(limit=2), handler, count=3)
    assert [item.id for item in items] == ITEM_IDS
    assert [r.target for r in requests] == ["/v1/audio/voices?limit=2", "/v1/audio/voices?limit=2&offset=2", "/v1/audio/voices?limit=2&offset=4"]
