"""generator/spec/streaming.py: an operation's JSON and event-stream views, from a pair kept
under `x-sdkgen-stream` or from one operation documenting both answers."""

from __future__ import annotations

from generator.spec import extensions
from generator.spec.streaming import split_stream

JSON = {"application/json": {"schema": {"type": "object"}}}
EVENTS = {"text/event-stream": {"schema": {"type": "object"}}}
BODY = {"content": {"application/json": {"schema": {"type": "object", "properties": {"stream": {"type": "boolean"}}}}}}


def test_a_kept_pair_gives_both_views_with_what_each_sets() -> None:
    operation = {
        extensions.METHOD: "chat", extensions.RESOURCE: "", "requestBody": BODY, "responses": {"200": {"content": JSON}},
        extensions.STREAM: {extensions.METHOD: "chat_stream", "responses": {"200": {"content": EVENTS}}, extensions.STREAM_SETS: {"stream": True}},
    }  # fmt: skip
    split = split_stream(operation, {})
    assert split is not None and split.paired
    assert extensions.method_of(split.plain) == "chat" and extensions.method_of(split.stream) == "chat_stream"
    assert split.stream_sets == {"stream": True}


def test_one_operation_documenting_both_answers_splits_into_a_stream_sibling() -> None:
    operation = {extensions.METHOD: "complete", "requestBody": BODY, "responses": {"200": {"content": {**JSON, **EVENTS}}}}
    split = split_stream(operation, {})
    assert split is not None and not split.paired
    assert extensions.method_of(split.stream) == "complete_stream"


def test_an_operation_with_one_answer_is_no_pair() -> None:
    assert split_stream({extensions.METHOD: "get", "responses": {"200": {"content": JSON}}}, {}) is None
