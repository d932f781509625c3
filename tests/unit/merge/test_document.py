"""merge.document: fragments read from pages folded into one document, with the identities,
divergences, credentials and errors the merge finds."""

from __future__ import annotations

from typing import Any

from fern_pages import fern_page, read_pages
from generator.common.diagnostics import Diagnostics, Level
from generator.merge.document import OPENAPI_VERSION, merge_operation, schema_sources
from generator.pipeline import merge_sources
from generator.read.reader import Sources

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
THING = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
KEY = {"name": "xi-api-key", "in": "header", "required": True, "schema": {"type": "string"}}


def merge_fragments(fragments, diagnostics, rendered=None):  # type: ignore[no-untyped-def]
    """The merge steps in the pipeline's order (generator.pipeline.merge_sources)."""
    return merge_sources(Sources(fragments=list(fragments), rendered=list(rendered or [])), diagnostics)


def get_page(thing: dict[str, Any] = THING) -> str:
    operation = {"operationId": "get", "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}, KEY], "responses": OK}
    return fern_page("endpoint_things.get", "/v1/things/{thing_id}", "get", operation, {"Thing": thing})


def list_page(thing: dict[str, Any] = THING) -> str:
    operation = {"operationId": "list", "parameters": [KEY], "responses": OK}
    return fern_page("endpoint_things.list", "/v1/things", "get", operation, {"Thing": thing}, title="List things")


def merged(tmp_path, pages: dict[str, str]):
    sources, diagnostics = read_pages(tmp_path / "pages", pages)
    assert not diagnostics.has_errors, [str(d) for d in diagnostics.items]
    result = merge_fragments(sources.fragments, diagnostics, rendered=sources.rendered)
    return result, diagnostics


def test_two_pages_make_one_document_with_their_sdk_identities(tmp_path):
    result, diagnostics = merged(tmp_path, {"a-get.md": get_page(), "b-list.md": list_page()})
    assert result is not None and not diagnostics.has_errors
    document = result.document
    assert document["openapi"] == OPENAPI_VERSION
    assert sorted(document["paths"]) == ["/v1/things", "/v1/things/{thing_id}"]
    assert list(document["components"]["schemas"]) == ["Thing"]
    assert [(r.method, r.path, r.identity.dotted) for r in result.operations] == [  # in path order
        ("get", "/v1/things", "things.list"),
        ("get", "/v1/things/{thing_id}", "things.get"),
    ]
    pages = tmp_path / "pages"
    assert [str(s) for r in result.operations for s in r.sources] == [f"{pages / 'b-list.md'}:8", f"{pages / 'a-get.md'}:8"]  # the blocks' first lines
    assert str(schema_sources(result)["Thing"]).startswith(f"{pages / 'a-get.md'}:")  # the first page in path order
    # the key header on every operation is the API's credential, learned and stated
    assert document["components"]["securitySchemes"] == {"XiApiKeyHeader": {"type": "apiKey", "in": "header", "name": "xi-api-key"}}
    assert [c.name for c in result.credentials] == ["xi-api-key"]


def test_a_schema_written_differently_on_two_pages_is_merged_and_the_differences_recorded(tmp_path):
    wider = {"type": "object", "properties": {"id": {"type": "integer"}, "label": {"type": "string"}}, "required": ["id"]}
    result, diagnostics = merged(tmp_path, {"a-get.md": get_page(), "b-list.md": list_page(wider)})
    assert result is not None
    thing = result.document["components"]["schemas"]["Thing"]
    assert set(thing["properties"]) == {"id", "label"}
    subjects = {(d.subject, d.where, d.what) for d in result.schema_divergences}
    assert ("Thing", ".id", "`type`") in subjects and ("Thing", ".label", "property") in subjects
    warnings = [str(d) for d in diagnostics.items if d.level is Level.WARNING]
    assert any("schema Thing.id: the pages give it different types" in w for w in warnings), warnings


def test_a_reference_to_no_schema_is_an_error_at_its_line(tmp_path):
    broken = {"operationId": "get", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}}}}
    sources, diagnostics = read_pages(tmp_path / "pages", {"a.md": fern_page("endpoint_a.get", "/a", "get", broken)})
    assert merge_fragments(sources.fragments, diagnostics) is None
    assert [d.message for d in diagnostics.errors][0].startswith("$ref '#/components/schemas/Nope'")


def test_no_fragments_is_an_error():
    diagnostics = Diagnostics()
    assert merge_fragments([], diagnostics) is None
    assert [d.message for d in diagnostics.items] == ["no OpenAPI blocks or documents found in the inputs"]


def test_merge_operation_keeps_both_sides_parameters_and_responses():
    a = {"summary": "A", "parameters": [{"name": "x", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}}
    b = {"parameters": [{"name": "y", "in": "query", "schema": {"type": "integer"}}], "responses": {"404": {"description": "missing"}}}
    result = merge_operation(a, b)
    assert [p["name"] for p in result["parameters"]] == ["x", "y"]
    assert sorted(result["responses"]) == ["200", "404"]
    assert result["summary"] == "A"
