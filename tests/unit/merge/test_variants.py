"""-Input/-Output variants: one type when they agree, kept apart (with Fern's names) when a page shows they differ."""

from __future__ import annotations

from generator.common.diagnostics import SourceRef
from generator.common.names import VariantNamer, clean_schema_name, snake_case
from generator.merge.variants import SchemaDefinition, resolve_names

REF = "#/components/schemas/"


def _defs(*fragments: dict[str, dict]) -> list[SchemaDefinition]:
    return [
        SchemaDefinition(index, name, schema, SourceRef(f"page{index}.md", line))
        for index, schemas in enumerate(fragments)
        for line, (name, schema) in enumerate(schemas.items(), start=1)
    ]


def test_variants_on_different_pages_are_one_type():
    definitions = _defs(
        {"X-Output": {"type": "object", "properties": {"d": {"$ref": REF + "XOutputDetails"}}}, "XOutputDetails": {"type": "string"}},
        {"X": {"type": "object", "properties": {"d": {"$ref": REF + "XDetails"}, "new": {"type": "string"}}}, "XDetails": {"type": "string"}},
    )
    resolution = resolve_names(definitions, 2)
    assert resolution.names == [{"X-Output": "X", "XOutputDetails": "XDetails"}, {"X": "X", "XDetails": "XDetails"}]


def test_variants_that_differ_side_by_side_stay_apart_and_the_split_propagates():
    definitions = _defs(
        {
            "P-Input": {"type": "object", "properties": {"x": {"type": "number"}}},
            "P-Output": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]},
            "Holder-Input": {"type": "object", "properties": {"p": {"$ref": REF + "P-Input"}}},
            "Holder-Output": {"type": "object", "properties": {"p": {"$ref": REF + "P-Output"}}},
            "Same-Input": {"type": "string"},
            "Same-Output": {"type": "string"},
        },
        {"P": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]}},
    )
    resolution = resolve_names(definitions, 2)
    assert resolution.names[0] == {
        "P-Input": "PInput", "P-Output": "POutput",
        "Holder-Input": "HolderInput", "Holder-Output": "HolderOutput",  # they refer to types that differ
        "Same-Input": "Same", "Same-Output": "Same",
    }
    assert resolution.names[1] == {"P": "POutput"}  # the plain name joins the variant it matches
    split = {g.name: g.split_at for g in resolution.groups if g.split}
    assert split == {"P": SourceRef("page0.md", 1), "Holder": SourceRef("page0.md", 3)}


def test_recursive_variants_that_agree_do_not_split():
    definitions = _defs({
        "Node-Input": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": REF + "Node-Input"}}}},
        "Node-Output": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": REF + "Node-Output"}}}},
    })
    assert resolve_names(definitions, 1).names == [{"Node-Input": "Node", "Node-Output": "Node"}]


def test_derived_names():
    namer = VariantNamer({"MCPServerConfig-Input", "ObjectJsonSchemaProperty-Output"})
    assert namer.parse("McpServerConfigOutputUrl").group == "McpServerConfigUrl"
    assert namer.parse("ObjectJsonSchemaPropertyOutput").group == "ObjectJsonSchemaPropertyValue"
    assert namer.parse("ObjectJsonSchemaProperty-Output").group == "ObjectJsonSchemaProperty"
    assert namer.parse("ObjectJsonSchemaPropertyOutputs").variant is None


def test_name_cleaning():
    assert clean_schema_name("type_conversationalAi:Agent Config") == "AgentConfig"
    assert clean_schema_name("Body_Create_agent") == "BodyCreateAgent"
    assert clean_schema_name("3d model") == "Schema3dModel"
    assert clean_schema_name("../../etc/passwd") == "EtcPasswd"
    assert snake_case("conversationalAi") == "conversational_ai" and snake_case("llmUsage") == "llm_usage"


def test_a_map_value_type_named_after_its_map_gets_fern_sdks_value_suffix():
    """`P.prop` is a map of `<P><Prop>`: that name is the map's in other tools (a class in
    openapi-python-client), so the value type is `<P><Prop>Value`, as Fern's SDKs call it."""
    definitions = _defs(
        {
            "Hook-Output": {"type": "object", "properties": {
                "request_headers": {"type": ["object", "null"], "additionalProperties": {"$ref": REF + "HookOutputRequestHeaders"}},
                "labels": {"type": "object", "additionalProperties": {"anyOf": [{"$ref": REF + "HookOutputLabels"}, {"type": "null"}]}},
                "other": {"type": "object", "additionalProperties": {"$ref": REF + "Elsewhere"}},
                "items": {"type": "array", "items": {"$ref": REF + "HookOutputItems"}},
            }},
            "HookOutputRequestHeaders": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "HookOutputLabels": {"type": "string"},
            "HookOutputItems": {"type": "string"},
            "Elsewhere": {"type": "string"},
        },
        # The same value type on a page that does not show the map: the same name.
        {"HookRequestHeaders": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
    )
    names = resolve_names(definitions, 2).names
    assert names[0] == {
        "Hook-Output": "Hook",
        "HookOutputRequestHeaders": "HookRequestHeadersValue",
        "HookOutputLabels": "HookLabelsValue",
        "HookOutputItems": "HookItems",  # an array's items are not a map value
        "Elsewhere": "Elsewhere",  # not named after the map
    }
    assert names[1] == {"HookRequestHeaders": "HookRequestHeadersValue"}


def test_the_value_suffix_never_joins_two_types():
    definitions = _defs({
        "P": {"type": "object", "properties": {"tags": {"type": "object", "additionalProperties": {"$ref": REF + "PTags"}}}},
        "PTags": {"type": "string"},
        "PTagsValue": {"type": "integer"},
    })
    assert resolve_names(definitions, 1).names == [{"P": "P", "PTags": "PTags", "PTagsValue": "PTagsValue"}]
