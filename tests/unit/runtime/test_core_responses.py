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


class Created(pydantic.BaseModel):
    created_id: str


class ClientProblem(pydantic.BaseModel):
    client_code: int


class ServerProblem(pydantic.BaseModel):
    server_code: int


ERRORS = {404: Problem, 409: None, "4XX": ClientProblem, "5XX": ServerProblem, "default": Item}


@pytest.mark.parametrize(
    "status, body, kind, expected",
    [
        (404, b'{"detail": "gone"}', errors.NotFoundError, Problem(detail="gone")),  # the status wins over its range
        (409, b'{"client_code": 9}', errors.ConflictError, {"client_code": 9}),  # documented without a type: not the range's
        (400, b'{"client_code": 7}', errors.BadRequestError, ClientProblem(client_code=7)),  # the range
        (418, b'{"client_code": 8}', errors.ApiError, ClientProblem(client_code=8)),
        (503, b'{"server_code": 1}', errors.InternalServerError, ServerProblem(server_code=1)),
        (302, b'{"itemId": "x"}', errors.ApiError, Item(item_id="x")),  # neither: default
    ],
)
def test_error_for_takes_the_status_then_its_range_then_default(status, body, kind, expected):
    error = responses.error_for(answer(status, body), ERRORS)
    assert type(error) is kind and error.status_code == status
    assert error.body == expected and type(error.body) is type(expected)


def test_documented_as_says_whether_a_status_is_covered():
    assert responses.documented_as(ERRORS, 409) == (True, None)
    assert responses.documented_as({404: Problem}, 400) == (False, None)
    assert responses.documented_as({"2XX": Item}, 299) == (True, Item)


CASES = {200: Item, 201: Created, 204: None, 206: responses.RAW_BYTES, 203: responses.RAW_TEXT}


@pytest.mark.parametrize(
    "status, body, content_type, expected",
    [
        (200, b'{"itemId": "a"}', "application/json", Item(item_id="a")),
        (201, b'{"created_id": "c"}', "application/json", Created(created_id="c")),
        (204, b"", "application/json", None),
        (206, b"\x89PNG\r\n", "image/png", b"\x89PNG\r\n"),
        (203, "héllo".encode(), "text/plain; charset=utf-8", "héllo"),
    ],
)
def test_parse_by_status_reads_each_status_as_documented(status, body, content_type, expected):
    parsed = responses.parse_by_status("pets.create", answer(status, body, content_type), CASES)
    assert parsed == expected and type(parsed) is type(expected)


def test_parse_by_status_does_not_guess_a_body_into_another_status_type():
    # a 201 body that would fit the 200 type is still read as the 201 type: no match, an error
    with pytest.raises(errors.ResponseValidationError, match="^pets.create: response body does not match Created"):
        responses.parse_by_status("pets.create", answer(201, b'{"itemId": "a"}'), CASES)
    with pytest.raises(errors.ResponseValidationError, match=r"^pets.create: status 202 is not one the operation documents \(200, 201, 204, 206, 203\)") as raised:
        responses.parse_by_status("pets.create", answer(202, b'{"itemId": "a"}'), CASES)
    assert raised.value.body == {"itemId": "a"} and raised.value.status_code == 202


def test_parse_by_status_returns_the_decoded_json_of_a_status_without_a_schema():
    from typing import Any

    cases = {200: Item, 202: Any}
    assert responses.parse_by_status("x", answer(202, b'{"message": "accepted"}'), cases) == {"message": "accepted"}
    assert responses.parse_by_status("x", answer(202, b""), cases) is None


def test_parse_by_status_takes_a_range_after_the_status():
    cases = {200: Item, "2XX": Created}
    assert responses.parse_by_status("x", answer(202, b'{"created_id": "r"}'), cases) == Created(created_id="r")
    assert responses.parse_by_status("x", answer(200, b'{"itemId": "i"}'), cases) == Item(item_id="i")
