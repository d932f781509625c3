"""Box's document as published (../shared/corpus/openapi-real/box), generated once for the
module and called (sync and async) against the local server on 127.0.0.1: what
tests/e2e/test_security_schemes.py does not cover on the wire (its OAuth2 token and
`security: []`): `explode: false` query arrays, the multipart upload of an operation with a
server of its own (upload.box.com), and one `_all` walk per pagination form (offset with
`total_count`; marker with `next_marker`, which Box sends only with `usemarker=true`).
"""

from __future__ import annotations

import os
from typing import Any, Iterator

import pytest

from client_calls import query
from corpus_wire import ITEM_IDS, MODES, REAL, answer, exchange, generated, sample
from http_server import RecordedRequest, Response

SPEC = REAL / "box" / "openapi.json"


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from generated(tmp_path_factory, SPEC, "box_wire_sdk", "Box")


@pytest.fixture(autouse=True)
def _no_credentials_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("X_API_KEY", "BOX_API_KEY"):
        if name in os.environ:
            monkeypatch.delenv(name)


def calls(sdk: Any, mode: str, action: Any, handler: Any, count: int = 1) -> tuple[Any, list[RecordedRequest]]:
    return exchange(sdk, "Box", mode, action, handler, count, api_key="at-1")


@MODES
def test_explode_false_arrays_go_out_comma_separated(box, mode):
    folder = sample(box, "FolderFull", id="12", type="folder")
    _, (request,) = calls(box, mode, lambda c: c.folders.get_id(folder_id="12", fields=["name", "modified_at"], sort="name", limit=5), answer(folder))
    assert (request.method, request.target) == ("GET", "/folders/12?fields=name,modified_at&sort=name&limit=5")
    assert request.header_values("Authorization") == ["Bearer at-1"]


@MODES
def test_the_upload_of_an_operation_with_its_own_server(box, mode):
    """`POST /files/content` is served by upload.box.com; with base_url given, it goes there,
    a multipart body: `attributes` (an object, no encoding entry) as JSON text, as Box's own
    examples send it (`-F attributes='{...}'`), before the file, as Box requires."""
    data = b"hello, box\n"
    _, (request,) = calls(
        box,
        mode,
        lambda c: c.uploads.post_files_content(attributes={"name": "a b.txt", "parent": {"id": "0"}}, file=("a b.txt", data), fields=["id", "name"]),
        answer({"total_count": 0, "entries": []}, status=201),
    )
    assert (request.method, request.target) == ("POST", "/files/content?fields=id,name")
    assert request.header_values("Authorization") == ["Bearer at-1"]
    content_type = request.header("Content-Type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.partition("boundary=")[2].encode()
    assert request.body == (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n'
        b'{"name":"a b.txt","parent":{"id":"0"}}\r\n'
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="a b.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n" + data + b"\r\n"  # the file's type guessed from its name
        b"--" + boundary + b"--\r\n"
    )


# -- one walk per pagination form ----------------------------------------------------------


@MODES
def test_offset_until_total_count(box, mode):
    group = sample(box, "GroupFull", type="group")

    def handler(request: RecordedRequest, url: str) -> Response:
        offset = int(query(request, "offset") or 0)
        ids = ITEM_IDS[offset : offset + 2]
        return Response.json({"total_count": 6, "limit": 2, "offset": offset, "order": [{"by": "name", "direction": "ASC"}], "entries": [{**group, "id": i} for i in ids]})

    items, requests = calls(box, mode, lambda c: c.groups.get_all(filter_term="eng", fields=["id", "name"], limit=2), handler, count=3)
    assert [item.id for item in items] == ITEM_IDS
    base = "/groups?filter_term=eng&fields=id,name&limit=2"
    assert [r.target for r in requests] == [base, base + "&offset=2", base + "&offset=4"]
    assert all(r.header_values("Authorization") == ["Bearer at-1"] for r in requests)


@MODES
def test_marker_pages_are_asked_for_with_usemarker(box, mode):
    """`/folders/{id}/items` answers with offsets unless `usemarker=true`: the walk sends it."""
    file = sample(box, "FileMini", type="file")

    def handler(request: RecordedRequest, url: str) -> Response:
        assert query(request, "usemarker") == "true"
        number = {None: 1, "m2": 2, "m3": 3}[query(request, "marker")]
        ids = ITEM_IDS[2 * number - 2 : 2 * number]
        return Response.json({"limit": 2, "next_marker": f"m{number + 1}" if number < 3 else None, "entries": [{**file, "id": i} for i in ids]})

    items, requests = calls(box, mode, lambda c: c.folders.get_id_items_all(folder_id="0", limit=2), handler, count=3)
    assert [item.id for item in items] == ITEM_IDS
    assert [r.target for r in requests] == [
        "/folders/0/items?usemarker=true&limit=2",
        "/folders/0/items?usemarker=true&marker=m2&limit=2",
        "/folders/0/items?usemarker=true&marker=m3&limit=2",
    ]
