"""_core/responses.py, imported as the real module: bodies parsed into types, errors from
error responses."""

from __future__ import annotations

from typing import Union

import httpx
import pydantic
import pytest

from generator.emit.runtime._core import errors, responses


class Item(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(validate_by_name=True, validate_by_alias=True)
    item_id: str = pydantic.Field(alias="itemId")


class Problem(pydantic.BaseModel):
    detail: str


def answer(status: int, content: bytes, content_type: str = "application/json") -> httpx.Response:
    return httpx.Response(status, headers={"content-type": content_type}, content=content, request=httpx.Request("GET", "https://h/x"))


def test_parse_json_reads_wire_names_only():
    assert responses.parse_json("items.get", answer(200, b'{"itemId": "i1"}'), Item) == Item(item_id="i1")
    with pytest.raises(errors.ResponseValidationError, match="^items.get: response body does not match Item"):
        responses.parse_json("items.get", answer(200, b'{"item_id": "i1"}'), Item)


def test_parse_json_as_takes_any_type():
    parsed = responses.parse_json_as("items.list", answer(200, b'[{"itemId": "a"}, 3]'), list[Union[Item, int]])
    assert parsed == [Item(item_id="a"), 3]


@pytest.mark.parametrize("body, reason", [(b"<html>", "response body is not JSON"), (b"[" * 100_000, "nested too deeply")])
def test_a_body_that_is_not_json_is_a_decoding_error(body, reason):
    with pytest.raises(errors.ResponseDecodingError, match=reason) as raised:
        responses.parse_json("items.get", answer(200, body), Item)
    assert raised.value.raw_body == body


def test_json_body_of_an_untyped_operation():
    assert responses.json_body(answer(200, b"")) is None
    assert responses.json_body(answer(200, b'{"a": [1]}')) == {"a": [1]}
    assert responses.json_body(answer(200, b"plain", "text/plain")) == "plain"


def test_error_for_picks_the_class_and_parses_a_documented_body():
    error = responses.error_for(answer(404, b'{"detail": "gone"}'), {404: Problem})
    assert isinstance(error, errors.NotFoundError) and error.body == Problem(detail="gone")
    assert str(error) == 'HTTP 404: {"detail": "gone"}'


def test_error_for_keeps_a_body_that_does_not_fit_as_it_came():
    unfit = responses.error_for(answer(422, b'{"other": 1}'), {422: Problem})
    assert isinstance(unfit, errors.UnprocessableEntityError) and unfit.body == {"other": 1}
    text = responses.error_for(answer(502, b"Bad gateway", "text/plain"), {502: Problem})
    assert isinstance(text, errors.InternalServerError) and text.body == "Bad gateway"


def test_the_validator_of_a_type_is_built_once():
    assert responses.adapter(Item) is responses.adapter(Item)


@pytest.mark.parametrize("content_type, expected", [("text/event-stream", True), ("Text/Event-Stream; charset=utf-8", True), ("application/json", False), ("", False)])
def test_is_event_stream(content_type, expected):
    assert responses.is_event_stream(answer(200, b"", content_type)) is expected
