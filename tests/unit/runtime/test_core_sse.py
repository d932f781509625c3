"""_core/sse.py, imported as the real module: the event stream decoder."""

from __future__ import annotations

import dataclasses

import httpx
import pydantic
import pytest

from generator.emit.runtime._core import errors, sse


def decode(*chunks: bytes, limit: int | None = None) -> list[sse.ServerSentEvent]:
    decoder = sse.EventDecoder("chat.stream", limit)
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.finish()


def test_events_with_json_data_names_ids_and_retry():
    events = decode(b'event: delta\nid: 7\nretry: 250\ndata: {"text": "hi"}\n\n', b"data: plain\n\n")
    assert events == [sse.ServerSentEvent(data={"text": "hi"}, event="delta", id="7", retry=250), sse.ServerSentEvent(data="plain", event="message", id="7", retry=250)]


def test_lines_end_with_cr_lf_or_crlf_also_split_across_chunks():
    assert [e.data for e in decode(b"data: a\r", b"\ndata: b\r\r", b"data: c\n\n")] == ["a\nb", "c"]


def test_comments_unknown_fields_and_bad_ids_are_ignored_and_data_lines_join():
    events = decode(b": keep-alive\nfoo: bar\nid: a\x00b\nretry: soon\ndata: one\ndata:two\n\n")
    assert events == [sse.ServerSentEvent(data="one\ntwo")]


def test_the_last_event_counts_without_a_blank_line_after_it():
    assert decode(b"data: 1\n", b"data: 2") == [sse.ServerSentEvent(data="1\n2")]


def test_an_event_without_data_is_not_dispatched():
    assert decode(b"event: ping\n\n") == []


def test_a_line_or_an_event_over_the_limit_is_too_large():
    with pytest.raises(errors.ResponseTooLargeError, match="a line of the event stream"):
        decode(b"data: " + b"x" * 20, limit=16)
    with pytest.raises(errors.ResponseTooLargeError, match="an event of the event stream"):
        decode(b"data: 12345\ndata: 12345\ndata: 12345\n\n", limit=16)
    assert decode(b"data: 12345\n\n", limit=16) == [sse.ServerSentEvent(data=12345)]


def test_events_are_frozen_values():
    event = sse.ServerSentEvent(data=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.data = 2  # type: ignore[misc]
    assert dataclasses.asdict(event) == {"data": 1, "event": "message", "id": None, "retry": None}


class Delta(pydantic.BaseModel):
    text: str


def test_typed_event_parses_the_data_into_the_documented_type():
    response = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=b"")
    event = sse.ServerSentEvent(data={"text": "hi"}, event="delta", id="1")
    assert sse.typed_event("chat.stream", response, event, Delta) == sse.ServerSentEvent(data=Delta(text="hi"), event="delta", id="1")
    assert sse.typed_event("chat.stream", response, event, None) is event
    with pytest.raises(errors.ResponseValidationError, match="^chat.stream: event data does not match"):
        sse.typed_event("chat.stream", response, sse.ServerSentEvent(data={"other": 1}), Delta)
