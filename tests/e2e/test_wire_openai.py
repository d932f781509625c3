"""OpenAI's document as published (../shared/corpus/openapi-real/openai), generated once for the
module and called (sync and async) against the local server on 127.0.0.1: what
tests/e2e/test_paging_forms.py (its `after` walk) does not cover on the wire: its one
deepObject query parameter, a multipart upload, and a path that carries a query string of
its own (`/responses/{response_id}?beta=true`) with an `explode: false` header array.
"""

from __future__ import annotations

import os
from typing import Any, Iterator

import pytest

from corpus_wire import MODES, REAL, answer, exchange, generated, sample
from http_server import RecordedRequest

SPEC = REAL / "openai" / "openapi.yaml"
BEARER = "Bearer sk-1"


@pytest.fixture(scope="module")
def openai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from generated(tmp_path_factory, SPEC, "openai_wire_sdk", "OpenAI")


@pytest.fixture(autouse=True)
def _no_credentials_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("X_API_KEY", "OPENAI_API_KEY"):
        if name in os.environ:
            monkeypatch.delenv(name)


def calls(sdk: Any, mode: str, action: Any, handler: Any) -> RecordedRequest:
    _, (request,) = exchange(sdk, "OpenAI", mode, action, handler, 1, api_key="sk-1")
    return request


@MODES
def test_the_deep_object_query_parameter(openai, mode):
    request = calls(
        openai,
        mode,
        lambda c: c.fine_tuning.list_paginated_fine_tuning_jobs(limit=2, metadata={"team": "ml ops", "env": "prod"}),
        answer({"object": "list", "data": [], "has_more": False}),
    )
    assert (request.method, request.target) == ("GET", "/fine_tuning/jobs?limit=2&metadata[team]=ml%20ops&metadata[env]=prod")
    assert request.header_values("Authorization") == [BEARER]


@MODES
def test_a_multipart_upload(openai, mode):
    uploaded = sample(openai, "OpenAIFile")
    data = b'{"messages":[]}\n'
    request = calls(openai, mode, lambda c: c.files.create(file=("train.jsonl", data), purpose="fine-tune"), answer(uploaded))
    assert (request.method, request.target) == ("POST", "/files")
    assert request.header_values("Authorization") == [BEARER]
    content_type = request.header("Content-Type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.partition("boundary=")[2].encode()
    assert request.body == (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="train.jsonl"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n'
        b"--" + boundary + b"--\r\n"
    )


@MODES
def test_a_path_with_a_query_string_of_its_own(openai, mode):
    def get(client: Any) -> Any:
        return client.responses.beta_get_response(response_id="resp 1", include=["message.output_text.logprobs"], openai_beta=["responses_multi_agent=v1"])

    request = calls(openai, mode, _raising(openai, mode, get), answer({"error": {"message": "no such response"}}, status=404))
    assert (request.method, request.target) == ("GET", "/responses/resp%201?beta=true&include=message.output_text.logprobs")
    assert request.header_values("openai-beta") == ["responses_multi_agent=v1"]
    assert request.header_values("Authorization") == [BEARER]


def _raising(sdk: Any, mode: str, action: Any) -> Any:
    """`action`, expecting the API error a 404 answer gives (what is checked is the request)."""
    if mode == "sync":

        def sync(client: Any) -> None:
            with pytest.raises(sdk.ApiError):
                action(client)

        return sync

    async def run(client: Any) -> None:
        with pytest.raises(sdk.ApiError):
            await action(client)

    return run
