"""DigitalOcean's document as published (../shared/corpus/openapi-real/digitalocean: split over
2,850 files, every operation a `$ref` to a file of its own), generated once for the module
and called (sync and async) against the local server on 127.0.0.1: the exact requests on the
wire for each feature it exercises, and one `_all` walk per pagination form it has.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest

from client_calls import query
from corpus_wire import ITEM_IDS, MODES, REAL, answer, exchange, generated, sample
from http_server import RecordedRequest, Response

SPEC = REAL / "digitalocean" / "DigitalOcean-public.v2.yaml"
BEARER = "Bearer dop_v1_k"


@pytest.fixture(scope="module")
def do_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from generated(tmp_path_factory, SPEC, "do_wire_sdk", "DigitalOcean")


def calls(sdk: Any, mode: str, action: Any, handler: Any, count: int = 1) -> tuple[Any, list[RecordedRequest]]:
    return exchange(sdk, "DigitalOcean", mode, action, handler, count, api_key="dop_v1_k")


@MODES
def test_an_operation_given_as_a_reference_to_a_file_sends_its_path_and_query(do_sdk, mode):
    """`/v2/droplets/{droplet_id}/kernels: get: $ref: resources/droplets/droplets_list_kernels.yml`,
    its parameters references to `parameters.yml` files."""
    _, (request,) = calls(
        do_sdk,
        mode,
        lambda c: c.droplets.list_kernels(droplet_id=3164494, per_page=2, page=3),
        answer({"kernels": [], "links": {}, "meta": {"total": 0}}),
    )
    assert (request.method, request.target) == ("GET", "/v2/droplets/3164494/kernels?per_page=2&page=3")
    assert request.header_values("Authorization") == [BEARER]
    assert request.body == b""


@MODES
def test_a_json_body_goes_out_as_the_fields_given(do_sdk, mode):
    tag = sample(do_sdk, "Tags", name="env:prod")
    created, (request,) = calls(
        do_sdk,
        mode,
        lambda c: c.tags.create(name="env:prod", resources={"count": 0}),
        answer({"tag": tag}, status=201),
    )
    assert (request.method, request.target) == ("POST", "/v2/tags")
    assert request.header("Content-Type") == "application/json"
    assert request.header_values("Authorization") == [BEARER]
    assert json.loads(request.body) == {"name": "env:prod", "resources": {"count": 0}}
    assert request.body == b'{"name":"env:prod","resources":{"count":0}}'
    assert created.tag.name == "env:prod"


@MODES
def test_an_operation_with_security_none_sends_no_credential(do_sdk, mode):
    """`PUT /<upload_url>`: `security: []` and a server of its own (`https://`); with base_url
    given, the call goes there, with its raw bytes and no Authorization."""
    jsonl = b'{"custom_id":"a"}\n{"custom_id":"b"}\n'
    result, (request,) = calls(do_sdk, mode, lambda c: c.batch_inference.upload_batch_file(content=jsonl), lambda r, u: Response(200))
    assert result is None
    assert (request.method, request.target) == ("PUT", "/%3Cupload_url%3E")
    assert request.header("Content-Type") == "application/octet-stream"
    assert request.header("Authorization") is None
    assert request.body == jsonl


@MODES
def test_an_operation_on_its_own_server_goes_to_base_url_when_it_is_given(do_sdk, mode):
    """`POST /v1/embeddings` is served by `https://inference.do-ai.run` (its own `servers`) with
    its own bearer scheme (`inference_bearer_auth`, the same Authorization header)."""
    _, (request,) = calls(
        do_sdk,
        mode,
        lambda c: c.serverless_inference.create_embedding(model="gte-large", input=["a b", "c"]),
        answer({"object": "list", "data": [], "model": "gte-large", "usage": {"prompt_tokens": 2, "total_tokens": 2}}),
    )
    assert (request.method, request.target) == ("POST", "/v1/embeddings")
    assert request.header_values("Authorization") == [BEARER]
    assert request.body == b'{"model":"gte-large","input":["a b","c"]}'


# -- one walk per pagination form ----------------------------------------------------------


@MODES
def test_links_pages_next_is_followed_as_given(do_sdk, mode):
    droplet = sample(do_sdk, "Droplet")

    def handler(request: RecordedRequest, url: str) -> Response:
        assert request.path == "/v2/droplets"
        number = int(query(request, "page") or 1)
        links = {"pages": {"next": f"{url}/v2/droplets?page={number + 1}&per_page=2&tag_name=web"}} if number < 3 else {"pages": {"prev": "x"}}
        return Response.json({"droplets": [{**droplet, "id": i} for i in (2 * number - 1, 2 * number)], "links": links, "meta": {"total": 6}})

    items, requests = calls(do_sdk, mode, lambda c: c.droplets.list_all(per_page=2, tag_name="web"), handler, count=3)
    assert [item.id for item in items] == [1, 2, 3, 4, 5, 6]
    assert [r.target for r in requests] == ["/v2/droplets?per_page=2&tag_name=web", "/v2/droplets?page=2&per_page=2&tag_name=web", "/v2/droplets?page=3&per_page=2&tag_name=web"]
    assert all(r.header_values("Authorization") == [BEARER] for r in requests)


@MODES
def test_has_more_and_the_last_id(do_sdk, mode):
    batch = sample(do_sdk, "Batch")

    def handler(request: RecordedRequest, url: str) -> Response:
        number = {None: 1, "p1-b": 2, "p2-b": 3}[query(request, "after")]
        ids = ITEM_IDS[2 * number - 2 : 2 * number]
        return Response.json({"object": "list", "data": [{**batch, "id": i} for i in ids], "first_id": ids[0], "last_id": ids[1], "has_more": number < 3})

    items, requests = calls(do_sdk, mode, lambda c: c.batch_inference.list_batches_all(limit=2, status="completed"), handler, count=3)
    assert [item.id for item in items] == ITEM_IDS
    assert [r.target for r in requests] == ["/v1/batches?limit=2&status=completed", "/v1/batches?after=p1-b&limit=2&status=completed", "/v1/batches?after=p2-b&limit=2&status=completed"]


@MODES
def test_page_numbers_follow_the_page_served(do_sdk, mode):
    point = sample(do_sdk, "BillingDataPoint")

    def handler(request: RecordedRequest, url: str) -> Response:
        number = int(query(request, "page") or 1)
        points = [{**point, "description": f"p{number}-{x}"} for x in "ab"]
        return Response.json({"data_points": points, "total_items": 6, "total_pages": 3, "current_page": number})

    items, requests = calls(
        do_sdk, mode, lambda c: c.billing.insights_list_all(account_urn="do:team:1", start_date="2025-01-01", end_date="2025-01-31", per_page=2), handler, count=3
    )
    assert [item.description for item in items] == ITEM_IDS
    base = "/v2/billing/do%3Ateam%3A1/insights/2025-01-01/2025-01-31?per_page=2"
    assert [r.target for r in requests] == [base, base + "&page=2", base + "&page=3"]
