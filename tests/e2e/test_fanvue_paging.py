"""The paged lists of the Fanvue corpus: every list taking a page number is walked by page,
and each iterates every item across three pages served by a local server (sync and async).
(The paging and streaming fixtures are tested in tests/unit/spec/test_stream_paging.py.)"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import sys
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from client_calls import collect, query
from conftest import CORPUS, ROOT, needs_corpus
from generator.cli import main
from generator.spec.paging import detect_paging
from http_server import RecordedRequest, Response, serving
from instances import samples

MODES = pytest.mark.parametrize("mode", ["sync", "async"])
SERVER = {"socket_timeout": 3.0}
KEY = "stream-paging-test-key"


# -- the Fanvue corpus: lists paged by page and size ---------------------------------------

FANVUE = CORPUS / "fanvue"


@pytest.fixture(scope="module")
def fanvue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    out = tmp_path_factory.mktemp("fanvue") / "out"
    args = ["regenerate-sdk", "-q", "--specs", str(FANVUE), "--out", str(out), "--package", "fanvue_paging_sdk", "--client-name", "Fanvue"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(out))
    try:
        document = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
        yield {"sdk": importlib.import_module("fanvue_paging_sdk"), "document": document}
    finally:
        sys.path.remove(str(out))


def _page_numbered(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    schemas = document["components"]["schemas"]
    found = []
    for path, item in document["paths"].items():
        for operation in item.values():
            paging = detect_paging(operation, schemas)
            if paging is not None and paging.kind == "page":
                found.append((path, operation))
    return found


@needs_corpus(FANVUE)
def test_every_fanvue_list_taking_a_page_number_is_walked_by_page(fanvue):
    document = fanvue["document"]
    taking_page = {
        (path, operation["x-sdkgen-method"])
        for path, item in document["paths"].items()
        for operation in item.values()
        if any(p["in"] == "query" and p["name"] == "page" for p in operation.get("parameters", []))
    }
    walked = {(path, operation["x-sdkgen-method"]) for path, operation in _page_numbered(document)}
    assert len(taking_page) >= 20 and walked == taking_page
    for client in (fanvue["sdk"].Fanvue, fanvue["sdk"].AsyncFanvue):
        for _, method in walked:
            assert callable(getattr(client, method + "_all", None)), (client, method)


def _page_of(document: dict[str, Any], operation: dict[str, Any], number: int, count: int) -> dict[str, Any]:
    """A schema-valid page of `count` items for page `number`, `hasMore` until page 3."""
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    sample = next(s for s in samples(schema, document) if isinstance(s, dict) and s.get("data"))
    return {**sample, "data": sample["data"][:1] * count, "pagination": {"page": number, "size": 15, "hasMore": number < 3}}


@needs_corpus(FANVUE)
@MODES
def test_fanvue_lists_iterate_every_item_across_three_pages(fanvue, mode):
    sdk, document = fanvue["sdk"], fanvue["document"]
    lists = _page_numbered(document)
    assert lists
    for path, operation in lists:
        method = operation["x-sdkgen-method"]
        # pages 1, 2, 3 hold 1, 2 and 3 items: no page equals the one before
        pages = {number: _page_of(document, operation, number, number) for number in (1, 2, 3)}

        def handler(request: RecordedRequest) -> Response:
            assert request.method == "GET" and query(request, "size") == "2"
            return Response.json(pages[int(query(request, "page") or 1)])

        def action(client: Any) -> Any:
            call = getattr(client, method + "_all")
            arguments: dict[str, Any] = {"size": 2}
            for name, parameter in inspect.signature(call).parameters.items():
                if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is inspect.Parameter.empty:
                    arguments[name] = "2025-06-26" if "version" in name else "u-1"
            return call(**arguments)

        with serving(handler, max_requests=4, **SERVER) as server:
            items = collect(mode, lambda is_async: (sdk.AsyncFanvue if is_async else sdk.Fanvue)(api_key=KEY, base_url=server.url, max_retries=0, timeout=5), action)
        assert len(items) == 6, (method, len(items))
        assert [query(r, "page") for r in server.requests] == [None, "2", "3"], method
        assert {r.path for r in server.requests} == {re.sub(r"\{[^}]+\}", "u-1", path)}, method
