"""Each Fern export quirk, on a small fixture, becomes standard OpenAPI 3.1."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from conftest import FIXTURES, merge_paths
from generator.common.diagnostics import Level
from generator.read.markdown import split_pages
from generator.merge.normalize import normalize_document, normalize_schema, normalize_tags

QUIRKS = FIXTURES / "quirks"


@pytest.fixture(scope="module")
def quirks():
    merged, diagnostics = merge_paths(QUIRKS)
    assert merged is not None, [str(d) for d in diagnostics.items]
    return merged, diagnostics


def test_fixture_merges_into_a_valid_document(quirks):
    merged, _ = quirks
    validate(merged.result.document)


def test_pages_blocks_and_notices(quirks):
    _, diagnostics = quirks
    messages = [(d.level, str(d)) for d in diagnostics.items]
    assert (Level.NOTICE, "tests/fixtures/quirks/site-dump.md:114: notice: skipped AsyncAPI block on page 'Widget events': it has no channels") in messages
    assert any(level is Level.WARNING and "page 'Getting started' has no OpenAPI" in text for level, text in messages)
    assert len(messages) == 2  # the `# Create a widget` comment inside a code block is not a page


def test_schema_names_are_cleaned_and_refs_follow(quirks):
    merged, _ = quirks
    document = merged.result.document
    schemas = document["components"]["schemas"]
    assert sorted(schemas) == ["ColourName", "Gadget", "WidgetRequest", "WidgetResponse"]
    operation = document["paths"]["/v2/widgets/{widget_id}"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/WidgetRequest"}
    assert operation["operationId"] == "inventory.widgets.create"
    assert operation["tags"] == ["subpackage_inventory", "subpackage_inventory/widgets"]
    assert operation["responses"]["422"] == {"description": "Validation Error"}


def test_literals_enums_any_type_and_ref_siblings(quirks):
    merged, _ = quirks
    request = merged.result.document["components"]["schemas"]["WidgetRequest"]["properties"]
    assert request["active"] == {"type": "boolean", "const": True}
    assert request["kind"] == {"type": "string", "const": "gadget"}
    assert request["colour"] == {"$ref": "#/components/schemas/ColourName", "description": "The colour"}
    assert request["size"] == {"type": "string", "allOf": [{"$ref": "#/components/schemas/ColourName"}]}
    assert request["extra"] == {}
    assert request["empty"] == {"type": "object"}
    assert request["scheduled"]["example"] == "2024-01-01"  # YAML 1.2: a string, not a date
    assert request["switch"]["enum"] == ["on", "off"]  # not booleans


def test_nullables_in_one_form(quirks):
    merged, _ = quirks
    schemas = merged.result.document["components"]["schemas"]
    response = schemas["WidgetResponse"]["properties"]
    assert response["note"] == {"anyOf": [{"$ref": "#/components/schemas/ColourName"}, {"type": "null"}]}
    assert response["count"] == {"type": ["integer", "null"]}
    gadget = schemas["Gadget"]["properties"]  # OpenAPI 3.0 `nullable: true`
    assert gadget["name"] == {"type": ["string", "null"]}
    assert gadget["status"] == {"type": ["string", "null"], "enum": ["new", "used", None]}


def test_host_from_page_line_and_servers(quirks):
    merged, _ = quirks
    assert merged.result.document["servers"] == [{"url": "https://api.example.com"}]
    assert merged.result.document["paths"]["/v2/gadgets"]["get"]["operationId"] == "gadgets.list"  # tag `gadgets`, operationId `listGadgets`


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"oneOf": [{"type": "string"}, {"type": "null"}]}, {"type": ["string", "null"]}),
        ({"type": ["null", "string", "string"]}, {"type": ["string", "null"]}),
        ({"oneOf": [{"oneOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]}, {"type": "null"}]},
         {"anyOf": [{"$ref": "#/a"}, {"$ref": "#/b"}, {"type": "null"}]}),
        ({"type": "object", "properties": {"enum": {"type": "string"}}}, {"type": "object", "properties": {"enum": {"type": "string"}}}),
        ({"type": "array", "items": {"enum": [{"value": 1}, {"value": 2}]}}, {"type": "array", "items": {"enum": [1, 2]}}),
        # A literal's value says its type, whatever `type` Fern writes beside it.
        ({"type": "string", "enum": [{"type": "booleanLiteral", "value": True}]}, {"type": "boolean", "const": True}),
        ({"type": ["string", "null"], "enum": [{"type": "booleanLiteral", "value": False}]}, {"type": ["boolean", "null"], "const": False}),
        # Enum values the type does not admit widen it: they are what the API sends.
        ({"type": "string", "enum": ["a", 1]}, {"type": ["string", "integer"], "enum": ["a", 1]}),
        ({"type": "number", "enum": [1, 2.5]}, {"type": "number", "enum": [1, 2.5]}),
    ],
)
def test_normalize_schema_cases(raw, expected):
    assert normalize_schema(raw) == expected


def test_normalize_tags_flattens_and_dedupes():
    assert normalize_tags([["a", "a/b"], "a", ["c"]]) == ["a", "a/b", "c"]


def test_split_pages_handles_long_fences_and_unclosed_blocks():
    text = "# One\n\n## OpenAPI Specification\n\n````yaml\n```\nnot a close\n````\n# Two\n\n```yaml\nopen: forever\n"
    pages = split_pages(text, "file")
    assert [p.title for p in pages] == ["One", "Two"]
    assert pages[0].blocks[0].text == "```\nnot a close" and pages[0].blocks[0].closed
    assert not pages[1].blocks[0].closed


def test_discriminator_mappings_follow_renamed_schemas(tmp_path):
    """A mapping names schemas by `$ref` or by bare name; both follow the variant merge."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/tools": {"get": {"operationId": "list", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder-Output"}}}}}}}},
        "components": {"schemas": {
            "Holder-Output": {"type": "object", "properties": {"tool": {
                "oneOf": [{"$ref": "#/components/schemas/Webhook-Output"}, {"$ref": "#/components/schemas/Client"}],
                "discriminator": {"propertyName": "type", "mapping": {"webhook": "#/components/schemas/Webhook-Output", "client": "Client", "raw": "Webhook-Output"}},
            }}},
            "Webhook-Output": {"type": "object", "properties": {"type": {"const": "webhook"}}},
            "Client": {"type": "object", "properties": {"type": {"const": "client"}}},
        }},
    }
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    merged, diagnostics = merge_paths(path)
    assert merged is not None, [str(d) for d in diagnostics.items]
    schemas = merged.result.document["components"]["schemas"]
    tool = schemas["Holder"]["properties"]["tool"]
    assert tool["discriminator"]["mapping"] == {"webhook": "#/components/schemas/Webhook", "client": "Client", "raw": "Webhook"}
    assert {"$ref": "#/components/schemas/Webhook"} in tool["anyOf"]


def test_path_parameters_are_always_required():
    """OpenAPI demands `required: true` of a path parameter; some pages say false."""
    document = {"paths": {"/parts/{n}": {
        "parameters": [{"name": "n", "in": "path", "required": False, "schema": {"type": "number"}}],
        "get": {"parameters": [
            {"name": "n", "in": "path", "schema": {"type": "number"}},
            {"name": "q", "in": "query", "required": False, "schema": {"type": "string"}},
        ]},
    }}}
    item = normalize_document(document)["paths"]["/parts/{n}"]
    assert item["parameters"][0]["required"] is True
    assert [p.get("required") for p in item["get"]["parameters"]] == [True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Return a list.\n\n    <Info>Scopes required: `read:chat`</Info>", "Return a list.\n\n    Info: Scopes required: `read:chat`"),
        ('<Warning title="x">Careful</Warning> and <Accordion title="a">inside</Accordion>', "Warning: Careful and inside"),
        ("Send `Authorization: Bearer <token>` or <br/> a <b>bold</b> word", "Send `Authorization: Bearer <token>` or <br/> a <b>bold</b> word"),
        ("<Note>\n  Multi-line\n</Note>", "Note: Multi-line\n"),
    ],
)
def test_mdx_components_read_as_plain_text(text, expected):
    from generator.common.pysyntax import plain_text

    assert plain_text(text) == expected
