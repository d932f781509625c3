"""The wire format OpenAPI defines, end to end: packages generated into a temporary folder,
imported, and called (sync and async) against the local server on 127.0.0.1, checking the
exact request line, headers and body that arrive.

`wire_sdk` comes from tests/fixtures/wire/spec.yaml: every parameter style in path, query,
header and cookie, a form body with an encoding object and a multipart body with per-part
content types. `chargebee` comes from the Chargebee v1 document of the corpus
(../shared/corpus/openapi-real/chargebee), whose form bodies and one query encode objects
as deepObject.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from conftest import CORPUS, FIXTURES, ROOT
from corpus_wire import sample
from http_server import RecordedRequest, Response, serving

MODES = pytest.mark.parametrize("mode", ["sync", "async"])
WIRE_SPEC = FIXTURES / "wire" / "spec.yaml"
CHARGEBEE = CORPUS / "openapi-real" / "chargebee" / "chargebee_api_v1_spec.yaml"


def _sdkgen() -> list[str]:
    """The sdkgen of the interpreter running the tests (not another one found on PATH)."""
    beside = Path(sys.executable).parent / "sdkgen"
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]


def _generate(spec: Path, out: Path, package: str, client_name: str) -> None:
    command = [*_sdkgen(), "regenerate-sdk", "--specs", str(spec), "--out", str(out), "--package", package, "--client-name", client_name, "-q"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")


@pytest.fixture(scope="module")
def wire_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("wire") / "out"
    _generate(WIRE_SPEC, out, "wire_sdk", "Wire")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("wire_sdk")
    finally:
        sys.path.remove(str(out))


def call(mode: str, make: Callable[[bool], Any], action: Callable[[Any], Any]) -> Any:
    """`action(client)` with a sync or an async client."""
    if mode == "sync":
        with make(False) as client:
            return action(client)

    async def run() -> Any:
        async with make(True) as client:
            return await action(client)

    return asyncio.run(run())


def sent(mode: str, make_client: Callable[[str, bool], Any], action: Callable[[Any], Any], answer: Response | None = None) -> RecordedRequest:
    """The one request `action` sends, answered with `answer` (by default `{"ok": true}`)."""
    reply = answer or Response.json({"ok": True})
    with serving(lambda request: reply, max_requests=2, socket_timeout=5.0) as server:
        call(mode, lambda is_async: make_client(server.url, is_async), action)
    assert len(server.requests) == 1
    return server.requests[0]


def wire_client(sdk: Any) -> Callable[[str, bool], Any]:
    def make(url: str, is_async: bool) -> Any:
        return getattr(sdk, "AsyncWire" if is_async else "Wire")(base_url=url + "/v1", max_retries=0, timeout=5)

    return make


# -- parameters ------------------------------------------------------------------------------


@MODES
def test_every_parameter_style_goes_out_as_the_specification_writes_it(wire_sdk, mode):
    models = wire_sdk.models
    arguments = dict(
        id=7,
        labels=["a b", "c"],
        point=models.Point(x=1, y=2),
        filter=models.Filter.model_validate({"created": {"gte": 5, "lt": 9}, "status": ["open", "paid"], "archived": False}),
        fields=["id", "name"],
        tags=["x", "y z"],
        ids=[1, 2, 3],
        color=models.Color.model_validate({"R": 100, "G": 200, "B": 150}),
        next="https://x.example/a/b:c,d",
        plain=["a", "b c"],
        flag=True,
        limit=10,
        x_shape=models.Color.model_validate({"R": 1, "G": 2, "B": 3}),
        x_ids=[4, 5],
        session="s 1",
        prefs=["dark", "wide"],
    )
    request = sent(mode, wire_client(wire_sdk), lambda client: client.items.get(**arguments))
    assert request.method == "GET"
    assert request.target == (
        "/v1/items/7/.a%20b.c/;point=x,1,y,2"
        "?filter[created][gte]=5&filter[created][lt]=9&filter[status][0]=open&filter[status][1]=paid&filter[archived]=false"
        "&fields=id,name"
        "&tags=x%20y%20z"
        "&ids=1|2|3"
        "&R=100&G=200&B=150"
        "&next=https://x.example/a/b:c,d"
        "&plain=a&plain=b+c"
        "&flag=true"
        "&limit=10"
    )
    assert request.header_values("X-Shape") == ["R=1,G=2,B=3"]
    assert request.header_values("X-Ids") == ["4,5"]
    assert request.header_values("Cookie") == ["session=s%201; prefs=dark,wide"]
    assert request.body == b""


@MODES
def test_parameters_left_out_are_not_sent_at_any_depth(wire_sdk, mode):
    models = wire_sdk.models
    request = sent(
        mode,
        wire_client(wire_sdk),
        lambda client: client.items.get(id=1, labels=["only"], point={"x": 0}, filter=models.Filter(archived=True), fields=[], x_ids=None),
    )
    assert request.target == "/v1/items/1/.only/;point=x,0?filter[archived]=true"
    assert request.header("X-Ids") is None and request.header("Cookie") is None


# -- bodies ----------------------------------------------------------------------------------


@MODES
def test_a_form_body_follows_its_encoding_object(wire_sdk, mode):
    models = wire_sdk.models
    request = sent(
        mode,
        wire_client(wire_sdk),
        lambda client: client.charges.create(
            amount=500,
            capture=True,
            metadata={"order": "A 1", "note": "x&y"},
            card=models.Card.model_validate({"number": "4242", "expiry": {"month": 1, "year": 2030}}),
            lines=[{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
            tags=["x", "y"],
            codes=["a", "b"],
            note={"k": 1},
            description="a b&c",
        ),
    )
    assert (request.method, request.target) == ("POST", "/v1/charges")
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert request.body == (
        b"amount=500&capture=true"
        b"&metadata[order]=A+1&metadata[note]=x%26y"
        b"&card[number]=4242&card[expiry][month]=1&card[expiry][year]=2030"
        b"&lines[0][price]=p_1&lines[0][quantity]=2&lines[1][price]=p_2"
        b"&tags=x&tags=y"
        b"&codes=a,b"
        b"&note=%7B%22k%22%3A1%7D"
        b"&description=a+b%26c"
    )


@MODES
def test_multipart_parts_carry_the_encoding_objects_content_types(wire_sdk, mode):
    models = wire_sdk.models
    png = b"\x89PNG\r\n\x1a\n\x00"
    request = sent(
        mode,
        wire_client(wire_sdk),
        lambda client: client.uploads.upload(file=("logo.png", png), meta=models.Meta(title="Été"), labels=["a", "b"], caption="hi"),
    )
    assert (request.method, request.target) == ("POST", "/v1/uploads")
    content_type = request.header("Content-Type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.partition("boundary=")[2].encode()
    parts = [
        (b'name="file"; filename="logo.png"', b"image/png", png),
        (b'name="meta"', b"application/json", '{"title":"Été"}'.encode()),
        (b'name="labels"', None, b"a"),
        (b'name="labels"', None, b"b"),
        (b'name="caption"', None, b"hi"),
    ]
    expected = b"".join(
        b"--" + boundary + b"\r\nContent-Disposition: form-data; " + disposition + b"\r\n"
        + (b"Content-Type: " + media + b"\r\n" if media else b"") + b"\r\n" + data + b"\r\n"
        for disposition, media, data in parts
    ) + b"--" + boundary + b"--\r\n"  # fmt: skip
    assert request.body == expected


# -- a corpus document -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chargebee(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHARGEBEE.exists():
        pytest.skip(f"{CHARGEBEE} not present")
    out = tmp_path_factory.mktemp("chargebee") / "out"
    _generate(CHARGEBEE, out, "chargebee_wire", "Chargebee")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("chargebee_wire")
    finally:
        sys.path.remove(str(out))


NOT_FOUND = Response.json({"message": "not found", "api_error_code": "resource_not_found", "type": "invalid_request"}, status=404)


def refused(sdk: Any, is_async: bool, send: Callable[[], Any]) -> Any:
    """`send()`, expecting the API error the 404 answer gives (Chargebee's answers are large
    models; what is checked here is the request)."""
    if not is_async:
        with pytest.raises(sdk.ApiError):
            send()
        return None

    async def run() -> None:
        with pytest.raises(sdk.ApiError):
            await send()

    return run()


def chargebee_client(sdk: Any) -> Callable[[str, bool], Any]:
    def make(url: str, is_async: bool) -> Any:
        kind = getattr(sdk, "AsyncChargebee" if is_async else "Chargebee")
        return kind(username="test_key", password="", base_url=url + "/api/v1", max_retries=0, timeout=5)

    return make


BASIC = "Basic " + base64.b64encode(b"test_key:").decode()


@MODES
def test_chargebee_form_bodies_send_objects_as_deep_objects(chargebee, mode):
    request = sent(
        mode,
        chargebee_client(chargebee),
        lambda client: refused(
            chargebee,
            mode == "async",
            lambda: client.customers.create(
                first_name="Ann",
                allow_direct_debit=True,
                meta_data={"tier": "gold"},
                billing_address={"first_name": "Ann", "city": "Paris", "zip": None},
            ),
        ),
        NOT_FOUND,
    )
    assert (request.method, request.target) == ("POST", "/api/v1/customers")
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert request.header("Authorization") == BASIC
    # meta_data has no encoding entry: JSON text, as Chargebee's meta_data is documented
    assert request.body == (
        b"first_name=Ann&allow_direct_debit=true&meta_data=%7B%22tier%22%3A%22gold%22%7D"
        b"&billing_address[first_name]=Ann&billing_address[city]=Paris"
    )


@MODES
def test_chargebee_deep_object_query_parameters_index_their_lists(chargebee, mode):
    request = sent(
        mode,
        chargebee_client(chargebee),
        lambda client: refused(
            chargebee,
            mode == "async",
            lambda: client.customers.create_subscription_estimate(
                customer_id="cus 1",
                billing_cycles=2,
                subscription={"plan_id": "basic", "plan_quantity": 2},
                addons={"id": ["a1", "a2"], "quantity": [1, 3]},
            ),
        ),
        NOT_FOUND,
    )
    assert request.target == (
        "/api/v1/customers/cus%201/create_subscription_estimate"
        "?billing_cycles=2&subscription[plan_id]=basic&subscription[plan_quantity]=2"
        "&addons[id][0]=a1&addons[id][1]=a2&addons[quantity][0]=1&addons[quantity][1]=3"
    )
    assert request.header("Authorization") == BASIC


@MODES
def test_chargebee_next_offset_walk(chargebee, mode):
    """`next_offset` is an opaque string the server computes (`["1600000000000","42"]`), sent
    back as `offset` as it is; every page's request is Basic-authenticated."""
    offsets = [None, '["1600","p1-b"]', '["1700","p2-b"]']
    customer = sample(chargebee, "Customer")

    def handler(request: RecordedRequest) -> Response:
        number = offsets.index(dict(request.query).get("offset")) + 1
        customers = [{"customer": {**customer, "id": f"p{number}-{x}"}} for x in "ab"]
        return Response.json({"list": customers, **({"next_offset": offsets[number]} if number < 3 else {})})

    with serving(handler, max_requests=4, socket_timeout=5.0) as server:
        items = call(mode, lambda is_async: chargebee_client(chargebee)(server.url, is_async), lambda c: _collected(c.customers.list_all(limit=2)))
    assert [item.customer.id for item in items] == [f"p{n}-{x}" for n in (1, 2, 3) for x in "ab"]
    assert [r.target for r in server.requests] == [
        "/api/v1/customers?limit=2",
        "/api/v1/customers?limit=2&offset=%5B%221600%22%2C%22p1-b%22%5D",
        "/api/v1/customers?limit=2&offset=%5B%221700%22%2C%22p2-b%22%5D",
    ]
    assert all(r.header("Authorization") == BASIC for r in server.requests)


def _collected(iterator: Any) -> Any:
    """The items of a sync or async iterator (an awaitable for the async one)."""
    if hasattr(iterator, "__aiter__"):

        async def gather() -> list[Any]:
            return [item async for item in iterator]

        return gather()
    return list(iterator)


# -- what the generator writes ---------------------------------------------------------------

ODD_SPEC = """
openapi: 3.1.0
info: {title: Odd styles, version: "1"}
servers: [{url: "https://odd.example.com"}]
paths:
  /things/{id}:
    post:
      operationId: make_thing
      parameters:
        - {name: id, in: path, required: true, style: deepObject, schema: {type: string}}
        - {name: q, in: query, style: matrix, explode: false, schema: {type: array, items: {type: string}}}
        - {name: obj, in: query, style: form, explode: true, schema: {type: object, properties: {a: {type: string}}}}
        - {name: n, in: query, style: form, explode: true, schema: {type: integer}}
        - {name: X-H, in: header, style: simple, explode: false, schema: {type: array, items: {type: string}}}
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                doc: {type: string, format: binary}
                any: {type: string, format: binary}
                note: {type: string}
            encoding:
              doc: {contentType: "text/x\\"); import os  #"}
              any: {contentType: "image/png, image/jpeg"}
              note: {style: form, explode: true}
      responses:
        "204": {description: Made.}
"""


def test_the_generator_writes_only_styles_that_change_the_wire_and_escapes_what_it_writes(tmp_path):
    spec = tmp_path / "odd.yaml"
    spec.write_text(ODD_SPEC, encoding="utf-8")
    _generate(spec, tmp_path / "out", "odd_sdk", "Odd")
    source = (tmp_path / "out" / "odd_sdk" / "_client.py").read_text(encoding="utf-8")
    # no tags: the path's `things` is the resource, `make_thing` without its `thing` the method
    call_site = source[source.index('"things.make",') : source.index("request_options=request_options")]
    # a style the location does not admit is its default; an object keeps an explicit form
    # style (without one it would go out as JSON); defaults on scalars and lists are not written
    assert call_site.count("styles={") == 1
    assert '("query", "q"): ("form", False, False),' in call_site
    assert '("query", "obj"): ("form", True, False),' in call_site
    assert '"id")' not in call_site and '"n")' not in call_site and '"X-H")' not in call_site
    # a content type is a string literal; a list of types names none; a scalar's form style is its text
    assert """"doc": (None, True, False, 'text/x"); import os  #'),""" in call_site
    assert '"any"' not in call_site.partition("encoding={")[2] and '"note": (' not in call_site
