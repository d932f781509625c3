"""_core/errors.py, imported as the real module: the error classes and their messages."""

from __future__ import annotations

import httpx
import pydantic
import pytest

from generator.emit.runtime._core import errors


@pytest.mark.parametrize(
    "status, kind",
    [(400, errors.BadRequestError), (404, errors.NotFoundError), (410, errors.GoneError), (425, errors.TooEarlyError), (429, errors.TooManyRequestsError), (500, errors.InternalServerError), (503, errors.InternalServerError), (418, errors.ApiError), (302, errors.ApiError)],
)
def test_error_class_by_status(status, kind):
    assert errors.error_class(status) is kind


def test_every_error_is_an_sdk_error_and_the_usage_errors_are_value_errors():
    assert issubclass(errors.ApiTimeoutError, errors.ApiConnectionError)
    assert issubclass(errors.ClientConfigurationError, ValueError) and issubclass(errors.InvalidArgumentError, ValueError)
    assert issubclass(errors.ClientClosedError, RuntimeError)
    assert issubclass(errors.UnexpectedEventStreamError, errors.ResponseDecodingError)
    assert issubclass(errors.ResponseDecodingError, errors.ResponseValidationError)
    for kind in errors.ERRORS_BY_STATUS.values():
        assert issubclass(kind, errors.ApiError) and issubclass(kind, errors.SdkError)


def test_an_api_error_keeps_status_headers_and_body_and_previews_the_body():
    headers = httpx.Headers({"x-request-id": "r1"})
    error = errors.ApiError(422, headers, {"detail": "x" * 400})
    assert error.status_code == 422 and error.headers["x-request-id"] == "r1" and error.body == {"detail": "x" * 400}
    assert str(error).startswith('HTTP 422: {"detail": "xxx') and str(error).endswith("...")
    assert len(str(error)) == len("HTTP 422: ") + 300 + 3
    assert str(errors.ApiError(400, headers, "plain", "own message")) == "own message"


def test_preview_dumps_models_by_wire_name_and_text_as_it_is():
    class Problem(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(serialize_by_alias=True)
        detail_text: str = pydantic.Field(alias="detail")

    assert errors.preview(Problem(detail="bad")) == '{"detail": "bad"}'
    assert errors.preview("short text") == "short text"
    assert errors.preview({"é": 1}) == '{"é": 1}'
    assert errors.preview("abcdef", limit=3) == "abc..."


def test_response_validation_error_keeps_the_raw_body_of_a_read_response():
    response = httpx.Response(200, content=b'{"a": 1}', request=httpx.Request("GET", "https://h/x"))
    error = errors.ResponseValidationError("items.get", response, {"a": 1}, "does not match")
    assert error.raw_body == b'{"a": 1}' and error.operation == "items.get"
    assert str(error) == "items.get: does not match" and error.status_code == 200


def test_response_validation_error_of_a_streamed_response_has_no_raw_body():
    response = httpx.Response(200, stream=httpx.ByteStream(b"unread"), request=httpx.Request("GET", "https://h/x"))
    error = errors.ResponseValidationError("items.get", response, None, "broken")
    assert error.raw_body == b""


def test_unexpected_event_stream_names_the_method_that_streams_events():
    response = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=b"")
    named = errors.UnexpectedEventStreamError("chat.send", response, "send_stream")
    assert "use `send_stream`, which yields its events" in str(named)
    unnamed = errors.UnexpectedEventStreamError("chat.send", response, None)
    assert str(unnamed).endswith("(text/event-stream), which this method does not read")


def test_response_too_large_names_the_operation_and_the_limit():
    error = errors.ResponseTooLargeError("files.get", 1024)
    assert (error.operation, error.limit) == ("files.get", 1024)
    assert str(error) == "files.get: the response body is larger than max_response_size (1024 bytes)"
