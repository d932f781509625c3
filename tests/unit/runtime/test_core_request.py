"""_core/request.py, imported as the real module: headers, path parameters, bodies and the
prepared call."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import httpx
import pydantic
import pytest

from generator.emit.runtime._core import errors, request


class Pet(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(serialize_by_alias=True, validate_by_name=True)
    pet_name: str = pydantic.Field(alias="petName")
    age: int | None = None


def test_not_given_is_one_falsy_value():
    assert request.NotGiven() is request.NOT_GIVEN
    assert not request.NOT_GIVEN and repr(request.NOT_GIVEN) == "NOT_GIVEN"


def test_call_headers_merge_in_order_and_leave_none_out():
    merged = request.call_headers("op", {"Authorization": "Bearer k", "X-A": "1"}, {"X-A": "2", "X-B": None, "X-N": 5}, {"X-C": True})
    assert merged == {"Authorization": "Bearer k", "X-A": "2", "X-N": "5", "X-C": "true"}


@pytest.mark.parametrize(
    "given, message",
    [({"X-A": "secret\r\nInjected: 1"}, "header 'X-A' contains a line break"), ({"bad name": "v"}, "header 'bad name' is not a valid header name"), ({"X-A": "é"}, "header 'X-A' is not ASCII")],
)
def test_call_headers_refuse_what_cannot_be_sent_without_showing_the_value(given, message):
    with pytest.raises(errors.InvalidArgumentError) as raised:
        request.call_headers("items.get", {}, given)
    assert str(raised.value) == f"items.get: {message}"
    assert "secret" not in str(raised.value)


@pytest.mark.parametrize("value", [None, ""])
def test_an_empty_path_parameter_is_refused(value):
    with pytest.raises(errors.InvalidArgumentError, match="items.get: path parameter 'item_id' is empty"):
        request.check_path_params("items.get", {"item_id": value})
    request.check_path_params("items.get", {"item_id": 0})  # a zero is a value


def test_json_body_drops_not_given_fields_dumps_models_by_wire_name_and_sets_the_media_type():
    headers: dict[str, str] = {}
    body = request.request_body(headers, json_body={"pet": Pet(pet_name="Rex"), "note": request.NOT_GIVEN, "text": "é", "none": None})
    assert json.loads(body["content"]) == {"pet": {"petName": "Rex"}, "text": "é", "none": None}
    assert "é".encode() in body["content"]  # not escaped to \u00e9
    assert headers == {"Content-Type": "application/json"}


def test_no_body_sends_nothing():
    headers: dict[str, str] = {}
    assert request.request_body(headers) == {} and headers == {}


def test_raw_content_keeps_a_content_type_the_caller_set():
    headers = {"Content-Type": "audio/wav"}
    assert request.request_body(headers, content=b"RIFF", content_type="application/octet-stream") == {"content": b"RIFF"}
    assert headers == {"Content-Type": "audio/wav"}


def test_form_fields_are_text_and_objects_compact_json():
    body = request.request_body({}, form={"a": 1, "b": True, "c": {"k": [1, 2]}, "d": None, "e": request.NOT_GIVEN})
    assert body == {"data": {"a": "1", "b": "true", "c": '{"k":[1,2]}'}}


def test_multipart_reads_each_file_once_and_sends_text_fields_as_parts(tmp_path: Path):
    path = tmp_path / "voice.mp3"
    path.write_bytes(b"ID3")
    handle = io.BytesIO(b"handle bytes")
    handle.name = "/somewhere/clip.wav"
    body = request.request_body(
        {},
        multipart={"file": path, "more": [b"one", ("two.txt", b"two", "text/plain")], "other": handle, "name": "n", "meta": {"x": 1}, "skip": request.NOT_GIVEN},
    )
    assert body["files"] == [
        ("file", ("voice.mp3", b"ID3")),
        ("more", ("more", b"one")),
        ("more", ("two.txt", b"two", "text/plain")),
        ("other", ("clip.wav", b"handle bytes")),
        ("name", (None, b"n")),
        ("meta", (None, b'{"x":1}')),
    ]
    # httpx builds it as multipart/form-data, also without any file
    built = httpx.Client().build_request("POST", "https://h/x", **request.request_body({}, multipart={"name": "n"}))
    assert built.headers["content-type"].startswith("multipart/form-data; boundary=")


def test_to_jsonable_keeps_only_the_fields_that_were_set():
    assert request.to_jsonable([Pet(pet_name="a"), (1, {"k": request.NOT_GIVEN, "j": 2})]) == [{"petName": "a"}, [1, {"j": 2}]]


def make_call(**changes: object) -> request.Call:
    values: dict[str, object] = dict(
        operation="items.get",
        method="GET",
        url="https://api.example.com/v1/items",
        query="a=1",
        headers={"X-A": "1"},
        body={},
        timeout=httpx.Timeout(10.0),
        deadline=None,
        max_response_size=None,
        max_retries=2,
        retry_any_method=False,
    )
    values.update(changes)
    return request.Call(**values)  # type: ignore[arg-type]


def test_a_call_builds_its_request():
    with httpx.Client() as http:
        built = make_call().build(http)
    assert str(built.url) == "https://api.example.com/v1/items?a=1" and built.headers["x-a"] == "1"


def test_timeouts_are_cut_to_what_is_left_of_the_deadline():
    call = make_call(timeout=httpx.Timeout(10.0, connect=0.5))
    assert call.timeouts(None) == {"connect": 0.5, "read": 10.0, "write": 10.0, "pool": 10.0}
    cut = call.timeouts(time.monotonic() + 2.0)
    assert cut["connect"] == 0.5 and 1.0 < cut["read"] <= 2.0
    unbounded = make_call(timeout=httpx.Timeout(None)).timeouts(time.monotonic() + 2.0)
    assert all(value is not None and value <= 2.0 for value in unbounded.values())


def test_no_time_left_is_a_timeout_before_anything_is_sent():
    with pytest.raises(httpx.TimeoutException, match="no complete response within the 3.0 s deadline"):
        make_call(deadline=3.0).timeouts(time.monotonic() - 0.001)


@pytest.mark.parametrize("value, expected", [(1, True), (10_000, True), (0, False), (-3, False), (True, False), (False, False), (2.0, False), ("2", False), (None, False)])
def test_is_count_takes_positive_integers_only(value, expected):
    """The bound every page and size setting is held to (max_pages, max_message_size)."""
    assert request.is_count(value) is expected
