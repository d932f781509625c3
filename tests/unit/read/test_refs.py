"""References read as the vendor writes them (generator/read/refs.py): split files with cycles,
component references of every kind, `$ref` keys in data, and the references refused."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT, merge_paths
from generator.common.diagnostics import Diagnostics
from generator.common.limits import Limits
from generator.read.reader import read_sources

REFS = FIXTURES / "refs"
SPLIT = REFS / "split" / "openapi.yaml"
COMPONENTS = REFS / "components" / "openapi.yaml"
REFUSED = REFS / "refused"


def references(value: Any) -> list[str]:
    """Every `$ref` string of a document, data included."""
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            found.append(value["$ref"])
        for item in value.values():
            found += references(item)
    elif isinstance(value, list):
        for item in value:
            found += references(item)
    return found


def read_one(path: Path, limits: Limits | None = None) -> tuple[dict[str, Any] | None, Diagnostics]:
    diagnostics = Diagnostics()
    sources = read_sources([str(path)], diagnostics, limits or Limits())
    return (sources.fragments[0].document if sources.fragments else None), diagnostics


def errors(diagnostics: Diagnostics) -> list[str]:
    return [str(d) for d in diagnostics.errors]


def operation(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    found = document["paths"][path][method]
    assert isinstance(found, dict)
    return found


# -- files --------------------------------------------------------------------------------


def test_a_split_document_reads_as_one_with_schemas_as_components():
    document, diagnostics = read_one(SPLIT)
    assert document is not None, errors(diagnostics)
    schemas = document["components"]["schemas"]
    # The root's `Pet: {$ref: models/pet.yaml}` names that file's schema; the others are named from their files.
    assert sorted(schemas) == ["NewPet", "Owner", "Pet", "Species"]
    assert schemas["Pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    # The cycle across files (pet.yaml -> owner.yaml -> pet.yaml) is a cycle of component references.
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert schemas["Species"] == {"type": "string", "enum": ["dog", "cat"]}


def test_a_split_document_inlines_what_later_stages_need_concrete():
    document, diagnostics = read_one(SPLIT)
    assert document is not None, errors(diagnostics)
    pets = operation(document, "/pets", "get")
    # A path item in its own file, a parameter back in the root file, one in a file beside it
    # whose schema's reference is relative to that file.
    assert pets["parameters"] == [
        {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
        {"name": "species", "in": "query", "schema": {"$ref": "#/components/schemas/Species"}},
    ]
    listed = pets["responses"]["200"]
    assert listed["headers"]["X-Total"]["schema"] == {"type": "integer"}
    assert listed["content"]["application/json"]["schema"]["items"] == {"$ref": "#/components/schemas/Pet"}
    body = operation(document, "/pets", "post")["requestBody"]
    assert body["required"] is True and body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/NewPet"}
    # An operation written in a file of its own, with an example from a third file.
    get = operation(document, "/pets/{petId}", "get")
    assert get["operationId"] == "getPet" and get["parameters"][0]["name"] == "petId"
    assert get["responses"]["200"]["content"]["application/json"]["examples"]["rex"]["value"]["name"] == "Rex"
    # A 3.1 pathItems component whose response is in another file.
    owners = operation(document, "/owners", "get")
    assert owners["responses"]["200"]["content"]["application/json"]["schema"]["items"] == {"$ref": "#/components/schemas/Owner"}


def test_every_reference_of_the_merged_document_is_local_and_data_is_kept():
    merged, diagnostics = merge_paths(SPLIT)
    assert merged is not None, errors(diagnostics)
    document = merged.result.document
    refs = references(document)
    # Data is kept as written: the example of pet.yaml and the one of responses.yaml (in the
    # operation and in the pathItems component that names it).
    assert sorted(r for r in refs if not r.startswith("#/components/schemas/")) == ["#/not/a/reference", "not-a-file.yaml", "not-a-file.yaml"]
    assert document["components"]["schemas"]["Pet"]["example"]["note"] == {"$ref": "#/not/a/reference"}
    for ref in refs:
        name = ref.removeprefix("#/components/schemas/")
        assert ref in ("#/not/a/reference", "not-a-file.yaml") or name in document["components"]["schemas"], ref


def test_the_merged_document_merges_again_to_the_same_bytes(tmp_path):
    from generator.common.json_text import indented_json

    merged, diagnostics = merge_paths(SPLIT)
    assert merged is not None, errors(diagnostics)
    first = indented_json(merged.result.document)
    (tmp_path / "openapi.json").write_text(first)
    again, diagnostics = merge_paths(tmp_path / "openapi.json")
    assert again is not None, errors(diagnostics)
    assert indented_json(again.result.document) == first


def test_each_file_is_read_once(monkeypatch):
    read: list[str] = []
    original = Path.open

    def counting(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(os.path.realpath(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting)
    document, diagnostics = read_one(SPLIT)
    assert document is not None, errors(diagnostics)
    # pet.yaml is named from the root, paths/pets.yaml, paths/pet_get.yaml and owner.yaml;
    # openapi.yaml itself from paths/*.yaml.
    assert len(read) == len(set(read)) == 10
    assert sorted(Path(p).relative_to(os.path.realpath(REFS / "split")).as_posix() for p in read) == [
        "examples.yaml",
        "models/new_pet.yaml",
        "models/owner.yaml",
        "models/pet.yaml",
        "models/species.yaml",
        "openapi.yaml",
        "parameters.yaml",
        "paths/pet_get.yaml",
        "paths/pets.yaml",
        "responses.yaml",
    ]


def test_a_document_without_references_to_resolve_is_returned_as_read():
    from generator.read import refs

    document = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {}}}}
    text = "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {}\n"

    class Budget:
        limits = Limits()
        left = None
        exhausted = False

    from generator.common.diagnostics import SourceRef

    assert refs.resolve_references(document, text, SourceRef("a.yaml", 1), Path("a.yaml"), Path("."), Diagnostics(), Budget()) is document


# -- components ---------------------------------------------------------------------------


def test_component_references_of_every_kind_are_resolved():
    document, diagnostics = read_one(COMPONENTS)
    assert document is not None, errors(diagnostics)
    orders = document["paths"]["/orders"]
    assert orders["parameters"] == [{"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}]
    listed = orders["get"]
    assert listed["parameters"][0]["name"] == "limit"
    ok = listed["responses"]["200"]
    assert ok["headers"]["X-Request-Id"] == {"description": "The request's id", "schema": {"type": "string"}}
    assert ok["content"]["application/json"]["examples"]["one"]["value"] == {"id": "o-1", "item": "tea", "quantity": 2}
    assert listed["responses"]["default"]["description"] == "An error"
    created = orders["post"]
    assert created["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/NewOrder"}
    assert created["responses"]["201"]["links"]["get"] == {"operationId": "getOrder", "parameters": {"orderId": "$response.body#/id"}}
    by_id = document["paths"]["/orders/{orderId}"]
    assert by_id["parameters"][0]["name"] == "orderId" and by_id["get"]["operationId"] == "getOrder"


def test_a_ref_key_inside_example_or_default_data_is_never_followed_nor_reported():
    merged, diagnostics = merge_paths(COMPONENTS)
    assert merged is not None, errors(diagnostics)
    assert not diagnostics.errors
    schemas = merged.result.document["components"]["schemas"]
    assert schemas["Order"]["example"]["links"] == {"$ref": "#/components/examples/NoSuchExample"}
    assert schemas["NewOrder"]["default"] == {"$ref": "#/components/schemas/NoSuchSchema"}


def test_a_markdown_block_resolves_its_component_references(tmp_path):
    block = COMPONENTS.read_text()
    page = tmp_path / "orders.md"
    page.write_text(f"# Orders\n\n## OpenAPI Specification\n\n```yaml\n{block}```\n")
    document, diagnostics = read_one(page)
    assert document is not None, errors(diagnostics)
    assert operation(document, "/orders", "get")["parameters"][0]["name"] == "limit"


def test_a_property_named_like_data_is_still_a_schema(tmp_path):
    """`default`, `example` and `value` are data as fields, not as property names."""
    (tmp_path / "thing.yaml").write_text("type: object\nproperties:\n  value: {type: string}\n")
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n"
        "          description: ok\n          content:\n            application/json:\n              schema:\n"
        "                type: object\n                properties:\n                  default: {$ref: thing.yaml}\n"
        "                  value: {$ref: '#/components/schemas/Missing'}\n"
    )
    document, diagnostics = read_one(tmp_path / "openapi.yaml")
    assert document is not None, errors(diagnostics)
    properties = operation(document, "/a", "get")["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert properties["default"] == {"$ref": "#/components/schemas/Thing"}
    merged, diagnostics = merge_paths(tmp_path / "openapi.yaml")
    assert merged is None
    assert any("'#/components/schemas/Missing' points at a definition" in e for e in errors(diagnostics))


# -- names ----------------------------------------------------------------------------------


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def document_with_schemas(*refs: str) -> str:
    properties = "".join(f"                  p{i}: {{$ref: '{ref}'}}\n" for i, ref in enumerate(refs))
    return (
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n"
        "          description: ok\n          content:\n            application/json:\n              schema:\n"
        f"                type: object\n                properties:\n{properties}"
    )


def test_schemas_of_files_with_one_name_take_their_folder_in_front(tmp_path):
    write(
        tmp_path,
        {
            "openapi.yaml": document_with_schemas("billing/models/item.yaml", "shop/item.yaml", "shop/item.yaml", "other.yaml#/components/schemas/Item"),
            "billing/models/item.yaml": "type: string\n",
            "shop/item.yaml": "type: integer\n",
            "other.yaml": "components:\n  schemas:\n    Item: {type: boolean}\n",
        },
    )
    document, diagnostics = read_one(tmp_path / "openapi.yaml")
    assert document is not None, errors(diagnostics)
    properties = operation(document, "/a", "get")["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert [p["$ref"].rsplit("/", 1)[1] for p in properties.values()] == ["Item", "ShopItem", "ShopItem", "OtherItem"]
    assert document["components"]["schemas"] == {"Item": {"type": "string"}, "ShopItem": {"type": "integer"}, "OtherItem": {"type": "boolean"}}


def test_two_files_whose_every_name_collides_are_an_error_naming_both(tmp_path):
    write(
        tmp_path,
        {
            "openapi.yaml": document_with_schemas("c.yaml", "a_b/c.yaml", "x/b_c.yaml", "a/b_c.yaml"),
            "c.yaml": "type: string\n",
            "a_b/c.yaml": "type: string\n",
            "x/b_c.yaml": "type: string\n",
            "a/b_c.yaml": "type: string\n",
        },
    )
    document, diagnostics = read_one(tmp_path / "openapi.yaml")
    assert document is None
    assert len(diagnostics.errors) == 1
    message = errors(diagnostics)[0]
    assert re.search(r"openapi\.yaml:17: error: \$ref 'a/b_c\.yaml'", message), message
    assert "a/b_c.yaml" in message and "a_b/c.yaml" in message and "`ABC`" in message


def test_a_schema_name_of_the_root_is_never_taken_by_a_file(tmp_path):
    write(
        tmp_path,
        {
            "openapi.yaml": document_with_schemas("models/pet.yaml") + "components:\n  schemas:\n    Pet: {type: integer}\n",
            "models/pet.yaml": "type: string\n",
        },
    )
    document, diagnostics = read_one(tmp_path / "openapi.yaml")
    assert document is not None, errors(diagnostics)
    assert document["components"]["schemas"] == {"Pet": {"type": "integer"}, "ModelsPet": {"type": "string"}}


# -- refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("dotdot", r"dotdot\.yaml:13: error: \$ref '\.\./\.\./etc/passwd' leads out of the folder .*refused; references may only name files inside it"),
        ("absolute", r"absolute\.yaml:13: error: \$ref '/etc/passwd' is an absolute path"),
        ("symlink", r"symlink\.yaml:13: error: \$ref 'outside-link' is a symbolic link that leads out of the folder .*refused"),
        ("url", r"url\.yaml:13: error: \$ref 'https://schemas\.example\.com/pet\.yaml' is a URL; .*never fetches .*`redocly bundle"),
    ],
)
def test_references_out_of_the_folder_or_to_the_network_are_refused(case, expected):
    assert (REFUSED / "outside-link").is_symlink()
    document, diagnostics = read_one(REFUSED / f"{case}.yaml")
    assert document is None
    assert len(diagnostics.errors) == 1 and re.search(expected, errors(diagnostics)[0]), errors(diagnostics)


def test_a_refused_reference_exits_2_with_one_line_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "merge", "--specs", str(REFUSED / "dotdot.yaml"), "-o", str(tmp_path / "out.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert re.search(r"refused/dotdot\.yaml:13: error: \$ref '\.\./\.\./etc/passwd' leads out of the folder", result.stderr), result.stderr
    assert not (tmp_path / "out.json").exists()


def test_the_folder_given_on_the_command_line_bounds_references(tmp_path):
    from generator.read.refs import reference_folder

    write(tmp_path, {"api/v1/openapi.yaml": "", "shared/x.yaml": ""})
    file = tmp_path / "api" / "v1" / "openapi.yaml"
    assert reference_folder(file, [str(file)]) == file.parent
    assert reference_folder(file, [str(tmp_path), str(tmp_path / "api")]) == tmp_path / "api"
    assert reference_folder(file, [str(tmp_path)]) == tmp_path


def test_a_missing_file_or_pointer_names_the_reference_and_its_line(tmp_path):
    write(tmp_path, {"openapi.yaml": document_with_schemas("here.yaml", "gone.yaml"), "here.yaml": "type: string\n"})
    document, diagnostics = read_one(tmp_path / "openapi.yaml")
    assert document is None
    assert re.search(r"openapi\.yaml:15: error: \$ref 'gone\.yaml': no such file .*gone\.yaml", errors(diagnostics)[0]), errors(diagnostics)
    write(tmp_path, {"openapi.yaml": document_with_schemas("here.yaml#/nothing")})
    document, diagnostics = read_one(tmp_path / "openapi.yaml")
    assert document is None
    assert re.search(r"openapi\.yaml:14: error: \$ref 'here\.yaml#/nothing' points at nothing: .*here\.yaml has no '/nothing'", errors(diagnostics)[0])


def test_a_cycle_of_non_schema_references_is_an_error(tmp_path):
    write(
        tmp_path,
        {
            "openapi.yaml": "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
            "        '200': {$ref: 'responses.yaml#/A'}\n",
            "responses.yaml": "A: {$ref: '#/B'}\nB: {$ref: '#/A'}\n",
        },
    )
    document, diagnostics = read_one(tmp_path / "openapi.yaml")
    assert document is None
    assert re.search(r"responses\.yaml:2: error: \$ref '#/A' is part of a cycle of references", errors(diagnostics)[0]), errors(diagnostics)


def test_files_read_through_references_count_against_the_limits(tmp_path):
    write(tmp_path, {"openapi.yaml": document_with_schemas("big.yaml"), "big.yaml": "type: string\ndescription: " + "x" * 2000 + "\n"})
    document, diagnostics = read_one(tmp_path / "openapi.yaml", Limits(max_input_bytes=1000))
    assert document is None
    assert re.search(r"openapi\.yaml:14: error: \$ref 'big\.yaml' names .*big\.yaml, a file of 2,0\d\d bytes, over the limit of 1,000 bytes.*max_input_bytes", errors(diagnostics)[0])
    enum = ", ".join(f"v{i}" for i in range(300))
    write(tmp_path, {"openapi.yaml": document_with_schemas("list.yaml"), "list.yaml": f"type: array\nitems: {{type: string, enum: [{enum}]}}\n"})
    document, diagnostics = read_one(tmp_path / "openapi.yaml", Limits(max_nodes=200))
    assert document is None
    assert re.search(r"list\.yaml:\d+: error: .*more than 200 values.*max_nodes", errors(diagnostics)[0]), errors(diagnostics)


def test_a_reference_written_out_again_counts_as_a_copy(tmp_path):
    """A response with 50 headers used by 50 operations is 50 copies: within the default
    limits, and over a lower `max_nodes`."""
    operations = "".join(f"  /p{i}:\n    get:\n      responses:\n        '200': {{$ref: 'r.yaml#/R'}}\n" for i in range(50))
    headers = "".join(f"    h{i}: {{schema: {{type: integer}}}}\n" for i in range(50))
    write(tmp_path, {"openapi.yaml": "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n" + operations, "r.yaml": f"R:\n  description: ok\n  headers:\n{headers}"})
    document, diagnostics = read_one(tmp_path / "openapi.yaml")
    assert document is not None, errors(diagnostics)
    assert len(document["paths"]["/p49"]["get"]["responses"]["200"]["headers"]) == 50
    document, diagnostics = read_one(tmp_path / "openapi.yaml", Limits(max_nodes=3000))
    assert document is None
    assert re.search(
        r"openapi\.yaml:\d+: error: \$ref 'r\.yaml#/R': .*more than 3,000 values \(each use of a reference after the first counted as a copy\)",
        errors(diagnostics)[0],
    ), errors(diagnostics)


# -- the package --------------------------------------------------------------------------


def generate(spec: Path, out: Path, package: str, client: str) -> None:
    from generator.pipeline import build_sdk
    from generator.settings import Settings

    diagnostics = Diagnostics()
    built = build_sdk(Settings(specs=(str(spec),), package=package, client_name=client), diagnostics)
    assert built is not None, errors(diagnostics)
    for name, data in built.files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)


def test_the_package_has_the_parameters_body_and_result_the_components_define(tmp_path, monkeypatch):
    import importlib
    import inspect

    from http_server import RecordedRequest, Response, serving

    generate(COMPONENTS, tmp_path, "shop_refs", "Shop")
    monkeypatch.syspath_prepend(str(tmp_path))
    sdk = importlib.import_module("shop_refs")
    client_type = type(sdk.Shop(base_url="http://127.0.0.1:9").orders)  # no tags: the path's `orders`
    listed = inspect.signature(client_type.list)
    assert {"limit", "x_tenant"} <= set(listed.parameters) and listed.return_annotation == "models.OrdersListResponse"
    created = inspect.signature(client_type.create)
    assert {"item", "quantity", "x_tenant"} <= set(created.parameters) and created.return_annotation == "models.Order"
    assert inspect.signature(client_type.get).return_annotation == "models.Order"
    assert not hasattr(client_type, "list_stream") and not hasattr(client_type, "create_stream")

    def answer(request: RecordedRequest) -> Response:
        body = [{"id": "o-1", "item": "tea"}] if request.method == "GET" else {"id": "o-2", "item": json.loads(request.body)["item"]}
        return Response(200, {"Content-Type": "application/json"}, json.dumps(body).encode())

    with serving(answer, max_requests=2) as server:
        with sdk.Shop(base_url=server.url) as client:
            orders = client.orders.list(limit=5, x_tenant="acme")
            order = client.orders.create(x_tenant="acme", item="cake")
    first, second = server.requests
    assert (first.method, first.path, first.query, first.header("X-Tenant")) == ("GET", "/orders", [("limit", "5")], "acme")
    assert (second.method, json.loads(second.body), second.header("X-Tenant")) == ("POST", {"item": "cake"}, "acme")
    assert [type(o).__name__ for o in orders] == ["Order"] and orders[0].item == "tea"
    assert type(order) is sdk.models.Order and order.item == "cake"
