"""Every pagination form the generator detects, walked by the generated `_all` iterators (sync
and async) against a local server on 127.0.0.1: the fixture tests/fixtures/paging_forms has one
list per form (its detection is tested in tests/unit/spec/test_paging_form_detection.py). Each walk
serves three pages of two items and checks the requests on the wire; a cycling cursor and a
repeated next URL stop with PaginationError, and a next URL on another origin is refused
before anything is sent there. Then one `_all` walk per real corpus document that has a form.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner

from client_calls import collect, query
from conftest import CORPUS, FIXTURES, ROOT, needs_corpus
from generator.cli import main
from http_server import RecordedRequest, Response, serving
from instances import samples

MODES = pytest.mark.parametrize("mode", ["sync", "async"])
SERVER = {"socket_timeout": 3.0}
REAL = CORPUS / "openapi-real"


def _generate(tmp: Path, specs: Path, package: str) -> Any:
    out = tmp / "out"
    args = ["regenerate-sdk", "-q", "--specs", str(specs), "--out", str(out), "--package", package, "--client-name", "Forms"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _generate(tmp_path_factory.mktemp("forms"), FIXTURES / "paging_forms" / "spec.yaml", "paging_forms_sdk")


def _items(number: int) -> list[dict[str, str]]:
    return [{"id": f"p{number}-a"}, {"id": f"p{number}-b"}]


ALL_IDS = [f"p{n}-{x}" for n in (1, 2, 3) for x in "ab"]


def _walk(sdk: Any, mode: str, method: str, handler: Callable[[RecordedRequest, str], Response], **arguments: Any) -> tuple[list[str], list[RecordedRequest]]:
    with serving(lambda request: handler(request, server.url), max_requests=6, **SERVER) as server:
        items = collect(
            mode,
            lambda is_async: (sdk.AsyncForms if is_async else sdk.Forms)(api_key="k", base_url=server.url, max_retries=0, timeout=5),
            lambda client: _method(client, method + "_all")(**arguments),
        )
    assert all(r.header("authorization") == "Bearer k" for r in server.requests)
    return [item.id for item in items], server.requests


def _method(client: Any, dotted: str) -> Any:
    """`client.next_url.list_all` for `next_url.list_all`: no tags, so the path names the resource."""
    for name in dotted.split("."):
        client = getattr(client, name)
    return client


# -- one walk per form: (method, arguments, handler, the query of each request) ------------


def _link(request: RecordedRequest, url: str) -> Response:
    number = {None: 1, "p1-b": 2, "p2-b": 3}[query(request, "max_id")]
    links = [f'<{url}/link?max_id=p0>; rel="prev"']
    if number < 3:
        # several links in one field, rel among several types and in another case
        links.append(f'<{url}/link?limit=2&max_id=p{number}-b>; title="a, b; c"; REL="Next last"')
    return Response.json(_items(number), headers={"Link": ", ".join(links)})


def _bare_after(request: RecordedRequest, url: str) -> Response:
    number = {None: 1, "c1": 2, "c2": 3}[query(request, "after")]
    headers = {"Link": f'<{url}/bare-after?limit=2&after=c{number}>; rel="next"'} if number < 3 else {}
    return Response.json(_items(number), headers=headers)


def _token(name: str, page: Callable[[int, str | None], dict[str, Any]], values: list[str | None]) -> Callable[[RecordedRequest, str], Response]:
    def handler(request: RecordedRequest, url: str) -> Response:
        number = values.index(query(request, name)) + 1
        return Response.json(page(number, values[number] if number < 3 else None))

    return handler


FORMS: dict[str, tuple[str, dict[str, Any], Callable[[RecordedRequest, str], Response], str, list[Any]]] = {
    "link header": ("link.list_linked", {"limit": 2}, _link, "max_id", [None, "p1-b", "p2-b"]),
    "link header, undeclared, on a bare list with `after`": ("bare_after.list", {"limit": 2}, _bare_after, "after", [None, "c1", "c2"]),
    "next_page_token": (
        "tokens.list",
        {},
        _token("page_token", lambda n, nxt: {"items": _items(n), "next_page_token": nxt}, [None, "t2", "t3"]),
        "page_token",
        [None, "t2", "t3"],
    ),
    "next.cursor": (
        "nested.list",
        {},
        _token("cursor", lambda n, nxt: {"data": _items(n), "next": {"cursor": nxt} if nxt else {}}, [None, "c2", "c3"]),
        "cursor",
        [None, "c2", "c3"],
    ),
    "next_page.offset": (
        "next_page_offset.list",
        {},
        _token("offset", lambda n, nxt: {"results": _items(n), "next_page": {"offset": int(nxt)} if nxt else None}, [None, "2", "4"]),
        "offset",
        [None, "2", "4"],
    ),
    "next_marker": (
        "markers.list",
        {"limit": 2},
        _token("marker", lambda n, nxt: {"entries": _items(n), "next_marker": nxt}, [None, "m2", "m3"]),
        "marker",
        [None, "m2", "m3"],
    ),
    "next_offset": (
        "next_offset.list",
        {},
        _token("offset", lambda n, nxt: {"list": _items(n), "next_offset": nxt}, [None, '["x",2]', '["x",4]']),
        "offset",
        [None, '["x",2]', '["x",4]'],
    ),
    "after (last item id)": (
        "after.list",
        {},
        _token("after", lambda n, nxt: {"data": _items(n), "has_more": n < 3}, [None, "p1-b", "p2-b"]),
        "after",
        [None, "p1-b", "p2-b"],
    ),
    "starting_after (last_id)": (
        "starting_after.list",
        {},
        _token("starting_after", lambda n, nxt: {"data": _items(n), "has_more": n < 3, "last_id": f"p{n}-b"}, [None, "p1-b", "p2-b"]),
        "starting_after",
        [None, "p1-b", "p2-b"],
    ),
    "per_page + has_more": (
        "per_page.list",
        {"per_page": 2},
        _token("page", lambda n, nxt: {"items": _items(n), "has_more": n < 3}, [None, "2", "3"]),
        "page",
        [None, "2", "3"],
    ),
    "allOf offset + total_count": (
        "composed.list",
        {"limit": 2},
        _token("offset", lambda n, nxt: {"entries": _items(n), "total_count": 6, "offset": 2 * (n - 1)}, [None, "2", "4"]),
        "offset",
        [None, "2", "4"],
    ),
}


def _url_handler(path: str, page: Callable[[int, str | None], dict[str, Any]], absolute: bool = True) -> Callable[[RecordedRequest, str], Response]:
    def handler(request: RecordedRequest, url: str) -> Response:
        assert request.path == path
        number = int(query(request, "n") or 1)
        following = f"{url if absolute else ''}{path}?n={number + 1}&limit=2" if number < 3 else None
        return Response.json(page(number, following))

    return handler


URL_FORMS = {
    "next (uri)": ("next_url.list", {"limit": 2}, _url_handler("/next-url", lambda n, nxt: {"items": _items(n), "next": nxt})),
    "links.pages.next (allOf, anyOf)": (
        "links_pages.list",
        {"per_page": 2},
        _url_handler("/links-pages", lambda n, nxt: {"droplets": _items(n), "links": {"pages": {"next": nxt} if nxt else {"prev": "x"}}}),
    ),
    "next_page_uri (relative, Twilio's)": (
        "next_page_uri.list",
        {"page_size": 2},
        _url_handler("/next-page-uri", lambda n, nxt: {"calls": _items(n), "next_page_uri": nxt, "page": n - 1}, absolute=False),
    ),
    "meta.next_page_url (relative)": (
        "meta_url.list",
        {},
        _url_handler("/meta-url", lambda n, nxt: {"data": _items(n), "meta": {"next_page_url": nxt}}, absolute=False),
    ),
}


@MODES
@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_walks_every_item(forms, mode, form):
    method, arguments, handler, parameter, sent = FORMS[form]
    ids, requests = _walk(forms, mode, method, handler, **arguments)
    assert ids == ALL_IDS
    assert [query(r, parameter) for r in requests] == sent
    for name, value in arguments.items():
        assert all(query(r, name) == str(value) for r in requests), name


@MODES
@pytest.mark.parametrize("form", sorted(URL_FORMS))
def test_next_url_forms_follow_the_url_as_given(forms, mode, form):
    method, arguments, handler = URL_FORMS[form]
    ids, requests = _walk(forms, mode, method, handler, **arguments)
    assert ids == ALL_IDS
    # the first request is the call's own; the next ones carry the URL's query as given
    assert [r.raw_query for r in requests][1:] == ["n=2&limit=2", "n=3&limit=2"]


@MODES
def test_a_cycling_cursor_stops_with_pagination_error(forms, mode):
    cycle = {None: "A", "A": "B", "B": "A"}

    def handler(request: RecordedRequest, url: str) -> Response:
        return Response.json({"items": _items(1), "next_page_token": cycle[query(request, "page_token")]})

    with pytest.raises(forms.PaginationError, match="again"):
        _walk(forms, mode, "tokens.list", handler)


@MODES
@pytest.mark.parametrize("method", ["next_url.list", "link.list_linked"])
def test_a_repeated_next_url_stops_with_pagination_error(forms, mode, method):
    def handler(request: RecordedRequest, url: str) -> Response:
        number = int(query(request, "n") or 1)
        target = f"{url}{request.path}?n={number % 2 + 1}"  # 1, 2, 1, ...
        if method == "link.list_linked":
            return Response.json(_items(number), headers={"Link": f'<{target}>; rel="next"'})
        return Response.json({"items": _items(number), "next": target})

    with pytest.raises(forms.PaginationError, match="again"):
        _walk(forms, mode, method, handler)


@MODES
@pytest.mark.parametrize("method", ["next_url.list", "link.list_linked"])
def test_a_next_url_on_another_origin_is_refused(forms, mode, method):
    with serving(max_requests=1, **SERVER) as elsewhere:
        other = f"{elsewhere.url}/steal?n=2"

        def handler(request: RecordedRequest, url: str) -> Response:
            if method == "link.list_linked":
                return Response.json(_items(1), headers={"Link": f'<{other}>; rel="next"'})
            return Response.json({"items": _items(1), "next": other})

        with pytest.raises(forms.PaginationError, match="not on the API's origin"):
            _walk(forms, mode, method, handler)
    assert elsewhere.requests == []


def test_max_pages_bounds_a_url_walk(forms):
    def handler(request: RecordedRequest, url: str) -> Response:
        number = int(query(request, "n") or 1)
        return Response.json({"items": _items(number), "next": f"{url}/next-url?n={number + 1}"})

    with pytest.raises(forms.PaginationError, match="max_pages"):
        _walk(forms, "sync", "next_url.list", handler, request_options={"max_pages": 3})


# -- one walk per real corpus document that has a form -------------------------------------


def _real(tmp_path_factory: pytest.TempPathFactory, name: str, path: str) -> Any:
    return _generate(tmp_path_factory.mktemp(name), REAL / path, f"real_{name}_sdk")


def _real_walk(sdk: Any, mode: str, call: Callable[[Any], Any], handler: Callable[[RecordedRequest, str], Response]) -> tuple[list[Any], list[RecordedRequest]]:
    with serving(lambda request: handler(request, server.url), max_requests=6, **SERVER) as server:
        items = collect(
            mode,
            lambda is_async: (sdk.AsyncForms if is_async else sdk.Forms)(api_key="k", base_url=server.url, max_retries=0, timeout=5),
            call,
        )
    return items, server.requests


@needs_corpus(REAL / "openai")
@MODES
def test_openai_after_and_has_more(tmp_path_factory, mode):
    sdk = _real(tmp_path_factory, f"openai_{mode}", "openai/openapi.yaml")

    def handler(request: RecordedRequest, url: str) -> Response:
        assert request.path == "/batches"
        number = {None: 1, "p1-b": 2, "p2-b": 3}[query(request, "after")]
        return Response.json({"object": "list", "data": [_batch(i["id"]) for i in _items(number)], "first_id": f"p{number}-a", "last_id": f"p{number}-b", "has_more": number < 3})

    items, requests = _real_walk(sdk, mode, lambda client: client.batch.list_all(limit=2), handler)
    assert [item.id for item in items] == ALL_IDS
    assert [query(r, "after") for r in requests] == [None, "p1-b", "p2-b"]


def _batch(identifier: str) -> dict[str, Any]:
    return {"id": identifier, "object": "batch", "endpoint": "/v1/chat/completions", "input_file_id": "f", "completion_window": "24h", "status": "completed", "created_at": 1}


@needs_corpus(REAL / "mastodon")
@MODES
def test_mastodon_link_header(tmp_path_factory, mode):
    sdk = _real(tmp_path_factory, f"mastodon_{mode}", "mastodon/schema.json")
    ACCOUNT.update(_sample(sdk, "Account"))

    def handler(request: RecordedRequest, url: str) -> Response:
        assert request.path == "/api/v1/accounts/42/followers"
        number = {None: 1, "p1-b": 2, "p2-b": 3}[query(request, "max_id")]
        link = f'<{url}/api/v1/accounts/42/followers?limit=2&max_id=p{number}-b>; rel="next", ' if number < 3 else ""
        link += f'<{url}/api/v1/accounts/42/followers?min_id=p{number}-a>; rel="prev"'
        return Response.json([_account(i["id"]) for i in _items(number)], headers={"Link": link})

    items, requests = _real_walk(sdk, mode, lambda client: client.accounts.get_followers_all(id="42", limit=2), handler)
    assert [item.id for item in items] == ALL_IDS
    assert [query(r, "max_id") for r in requests] == [None, "p1-b", "p2-b"]


def _account(identifier: str) -> dict[str, Any]:
    return {**ACCOUNT, "id": identifier}


def _sample(sdk: Any, name: str) -> dict[str, Any]:
    """A schema-valid instance of the component schema `name` of the package's merged document."""
    document = json.loads((Path(sdk.__file__).parent.parent / "openapi.json").read_text(encoding="utf-8"))
    return next(s for s in samples({"$ref": f"#/components/schemas/{name}"}, document) if isinstance(s, dict))


ACCOUNT: dict[str, Any] = {}
