"""merge.defaults: a default that is not a value of its schema is left out, with a warning
naming where it was written; the defaults that fit are kept."""

from __future__ import annotations

import math
from typing import Any

import pytest

from generator.common.diagnostics import Diagnostics, Level, SourceRef
from generator.merge.defaults import ANYTHING, Admitted, SchemaSummaries, drop_misfit_defaults


def run(document: dict[str, Any]) -> list[tuple[Level, str]]:
    diagnostics = Diagnostics()
    drop_misfit_defaults(document, lambda path: SourceRef("page.md", len(path)), diagnostics)
    return [(d.level, d.message) for d in diagnostics.items]


def with_schemas(**schemas: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}}


@pytest.mark.parametrize(
    ("schema", "fits"),
    [
        ({"type": "integer", "default": 1.5}, False),
        ({"type": "integer", "default": 1.0}, False),  # an integer is written without a fraction
        ({"type": "integer", "default": True}, False),  # a boolean is no integer
        ({"type": "integer", "default": 3}, True),
        ({"type": "number", "default": "1"}, False),
        ({"type": "number", "default": 2}, True),
        ({"type": "number", "default": math.inf}, True),
        ({"type": "string", "enum": ["a", "b"], "default": "c"}, False),
        ({"type": "string", "enum": ["a", "b"], "default": "b"}, True),
        ({"const": 1, "default": True}, False),  # 1 is not true
        ({"type": "string", "format": "binary", "default": "x"}, False),
        ({"type": ["string", "null"], "default": "x"}, True),
        ({"properties": {"a": {"type": "string"}}, "default": "x"}, False),  # a model class takes a mapping
        ({"properties": {"a": {"type": "string"}}, "default": {"a": "x"}}, True),
        ({"description": "no type", "default": [1, "two"]}, True),
    ],
)
def test_a_default_is_kept_only_when_its_schema_admits_it(schema, fits):
    document = with_schemas(S=dict(schema))
    messages = run(document)
    assert ("default" in document["components"]["schemas"]["S"]) is fits
    assert len(messages) == (0 if fits else 1)
    if not fits:
        level, message = messages[0]
        assert level is Level.WARNING
        assert message.startswith("schema S: default ") and message.endswith("it is left out of the merged document and the SDK")


def test_the_warning_names_the_place_and_what_the_schema_takes():
    document = with_schemas(Counter={"type": "object", "properties": {"count": {"type": "integer", "default": 1.5}}})
    diagnostics = Diagnostics()
    seen: list[tuple[str | int, ...]] = []
    drop_misfit_defaults(document, lambda path: seen.append(path) or SourceRef("p.md", 7), diagnostics)
    assert seen == [("components", "schemas", "Counter", "properties", "count")]
    assert [str(d) for d in diagnostics.items] == [
        "p.md:7: warning: schema Counter at properties/count: default 1.5 is not a value of its schema (integer); "
        "it is left out of the merged document and the SDK"
    ]


def test_references_and_all_of_combine_their_parts():
    document = with_schemas(
        Color={"type": "string", "enum": ["red", "green"]},
        Paint={"type": "object", "properties": {
            "color": {"$ref": "#/components/schemas/Color", "default": "blue"},
            "shade": {"allOf": [{"$ref": "#/components/schemas/Color"}], "default": "green"},
            "either": {"anyOf": [{"type": "integer"}, {"$ref": "#/components/schemas/Color"}], "default": 4},
        }},
    )  # fmt: skip
    messages = run(document)
    properties = document["components"]["schemas"]["Paint"]["properties"]
    assert "default" not in properties["color"]
    assert properties["shade"]["default"] == "green" and properties["either"]["default"] == 4
    assert [m for _, m in messages] == [
        'schema Paint at properties/color: default "blue" is not a value of its schema (one of "green", "red"); '
        "it is left out of the merged document and the SDK"
    ]


def test_operation_parameters_and_bodies_are_checked():
    document = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "default": "ten"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "boolean", "default": 0}}}}},
        }}},
    }  # fmt: skip
    messages = [m for _, m in run(document)]
    assert messages[0].startswith('operation GET /a at parameters/0/schema: default "ten"')
    assert messages[1].startswith("operation GET /a at responses/200/content/application/json/schema: default 0")
    operation = document["paths"]["/a"]["get"]
    assert "default" not in operation["parameters"][0]["schema"]


def test_a_reference_cycle_constrains_nothing_and_ends():
    schemas = {"Node": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]}}
    admitted = SchemaSummaries(schemas).of(schemas["Node"])
    assert admitted.admits(None) and admitted.admits({"any": "thing"})


def test_admitted_values_combine_as_sets():
    integers = Admitted(frozenset({"integer"}), frozenset())
    red = Admitted(frozenset(), frozenset({("string", "red")}))
    assert integers.union(red).admits("red") and integers.union(red).admits(2)
    assert not integers.intersection(red).admits("red")
    assert ANYTHING.intersection(red).describe() == 'one of "red"'
    assert Admitted(frozenset(), frozenset()).describe() == "nothing"
