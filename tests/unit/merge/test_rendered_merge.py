"""merge.rendered_merge: what a rendered reference page states, laid over the merged document
(filling in, never weakening), or standing alone as an operation of its own."""

from __future__ import annotations

from typing import Any


from generator.common.diagnostics import Diagnostics, SourceRef
from generator.merge.rendered_merge import RenderedOperation, apply_rendered_pages
from generator.read.rendered import read_rendered_page
from generator.spec.identity import OperationIdentity

PAGE = """# List things

`GET https://api.example.test/v1/things`

Lists things.

### Query Parameters

- **limit** `integer` Optional Defaults to `10`

  How many things to list.

- **kind** `enum` Optional

  Allowed values: `a`, `b`

### Response

The things

- **id** `string`

  The id.

- **label** `string or null`

### Errors

- **404** Not Found
"""


def page() -> Any:
    diagnostics = Diagnostics()
    read = read_rendered_page("things.md", PAGE.split("\n"), 1, "List things", diagnostics)
    assert read is not None and not diagnostics.items
    return read


def document(kind: dict[str, Any]) -> dict[str, Any]:
    body = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
    operation = {
        "parameters": [{"name": "kind", "in": "query", "schema": kind}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": body}}}},
    }
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/v1/things": {"get": operation}},
            "components": {"schemas": {"Kind": {"type": "string", "enum": ["a"]}}}}  # fmt: skip


def test_the_page_adds_a_missing_query_parameter_a_field_and_an_error():
    original = document({"$ref": "#/components/schemas/Kind"})
    result, facts, created = apply_rendered_pages(original, [page()], Diagnostics())
    assert created == []
    operation = result["paths"]["/v1/things"]["get"]
    limit = operation["parameters"][1]
    assert limit == {"name": "limit", "in": "query", "description": "How many things to list.", "required": False, "schema": {"type": "integer", "default": 10}}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["properties"]["label"] == {"type": ["string", "null"]}
    assert body["properties"]["id"] == {"type": "string", "description": "The id."}
    assert body["required"] == ["id"]  # what is required stays so
    assert operation["responses"]["404"] == {"description": "Not Found"}
    assert [(f.source, f.subject, f.fact) for f in facts] == [
        (SourceRef("things.md", 9), "GET /v1/things: query parameter `limit`", "added: integer, default 10, optional"),
        (SourceRef("things.md", 13), "GET /v1/things: query parameter `kind`", "enum values 'b'"),
        (SourceRef("things.md", 21), "GET /v1/things response 200: field `id`", "description"),
        (SourceRef("things.md", 25), "GET /v1/things response 200: field `label`", "added: string or null, optional"),
        (SourceRef("things.md", 29), "GET /v1/things", "error response 404 (Not Found)"),
    ]
    # the enum behind the reference gains the page's value; the input document is not changed
    assert result["components"]["schemas"]["Kind"]["enum"] == ["a", "b"]
    assert original["components"]["schemas"]["Kind"]["enum"] == ["a"]
    assert len(original["paths"]["/v1/things"]["get"]["parameters"]) == 1


def test_an_inline_enum_gains_the_values_the_page_lists():
    result, facts, _ = apply_rendered_pages(document({"type": "string", "enum": ["a"]}), [page()], Diagnostics())
    assert "enum values 'b'" in [f.fact for f in facts]
    assert result["paths"]["/v1/things"]["get"]["parameters"][0]["schema"]["enum"] == ["a", "b"]


def test_a_page_with_no_counterpart_is_an_operation_of_its_own_named_from_its_path():
    empty = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    result, _, created = apply_rendered_pages(empty, [page()], Diagnostics())
    assert created == [RenderedOperation("/v1/things", "get", OperationIdentity(("things",), "list"), SourceRef("things.md", 3))]
    assert result["servers"] == [{"url": "https://api.example.test"}]
    operation = result["paths"]["/v1/things"]["get"]
    assert (operation["x-sdkgen-resource"], operation["x-sdkgen-method"], operation["x-sdkgen-rendered-only"]) == ("things", "list", True)
    assert [p["name"] for p in operation["parameters"]] == ["limit", "kind"]
    assert operation["summary"] == "List things"


def test_a_page_matches_an_operation_whose_path_parameters_are_named_otherwise():
    text = PAGE.replace("/v1/things`", "/v1/things/:thing_id`")
    diagnostics = Diagnostics()
    rendered = read_rendered_page("thing.md", text.split("\n"), 1, "Get thing", diagnostics)
    base = document({"$ref": "#/components/schemas/Kind"})
    base["paths"] = {"/v1/things/{id}": base["paths"]["/v1/things"]}
    result, _, created = apply_rendered_pages(base, [rendered], diagnostics)
    assert created == [] and list(result["paths"]) == ["/v1/things/{id}"]


def test_no_pages_leave_the_document_itself():
    original = document({"type": "string"})
    assert apply_rendered_pages(original, [], Diagnostics()) == (original, [], [])
