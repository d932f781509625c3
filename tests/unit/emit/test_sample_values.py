"""emit.sample_values: realistic values for the usage examples, each checked against its schema."""

from __future__ import annotations

import pytest

from generator.emit.sample_values import MISSING, fits, resolve, sample_value

SCHEMAS = {
    "Item": {
        "type": "object",
        "properties": {"conversation_id": {"type": "string"}, "count": {"type": "integer", "minimum": 5, "maximum": 9}, "note": {"type": "string"}},
        "required": ["conversation_id", "count"],
    },
    "Loop": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Loop"}}, "required": ["next"]},
}


@pytest.mark.parametrize(
    ("schema", "name", "value"),
    [
        ({"type": "string", "format": "date-time"}, "", "2024-01-15T09:30:00Z"),
        ({"type": "string", "format": "uuid"}, "", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ({"type": "string", "format": "email"}, "", "jane@example.com"),
        ({"type": "string", "enum": ["x", "y"]}, "", "x"),
        ({"const": "tag"}, "", "tag"),
        ({"type": "integer", "minimum": 10, "maximum": 12}, "", 10),
        ({"type": "number", "exclusiveMinimum": 0, "maximum": 1}, "", 1.0),
        ({"type": "integer"}, "page_size", 10),
        ({"type": "string"}, "language", "en"),
        ({"type": "string"}, "conversation_id", "conversation_123"),
        ({"type": "string"}, "", "example"),
        ({"type": "string", "pattern": "^[0-9]+$"}, "", "123"),
        ({"type": "string", "minLength": 20}, "", "examplexxxxxxxxxxxxx"),
        ({"type": "string", "example": "given"}, "", "given"),
        ({"type": "string", "example": 5, "default": "fallback"}, "", "fallback"),  # an example that does not fit is passed over
        ({"oneOf": [{"type": "null"}, {"type": "boolean"}]}, "", True),
        ({"type": "array", "items": {"type": "string", "format": "email"}, "minItems": 2}, "", ["jane@example.com", "jane@example.com"]),
    ],
)
def test_a_value_for_formats_enums_bounds_and_names(schema, name, value):
    sampled = sample_value(schema, SCHEMAS, name)
    assert sampled == value and type(sampled) is type(value)
    assert fits(sampled, schema, SCHEMAS)


def test_an_object_gets_its_required_properties_within_their_bounds():
    value = sample_value({"$ref": "#/components/schemas/Item"}, SCHEMAS)
    assert value == {"conversation_id": "conversation_123", "count": 5}


def test_a_value_that_must_hold_itself_is_missing():
    assert sample_value({"$ref": "#/components/schemas/Loop"}, SCHEMAS) is MISSING
    assert sample_value({"$ref": "#/components/schemas/Nowhere"}, SCHEMAS) is MISSING
    assert sample_value(False, SCHEMAS) is MISSING


@pytest.mark.parametrize(
    ("value", "schema", "expected"),
    [
        (3, {"type": "integer", "maximum": 2}, False),
        (2, {"type": "integer", "maximum": 2}, True),
        ("a", {"enum": ["a"]}, True),
        ("b", {"enum": ["a"]}, False),
        ({"count": 1}, {"$ref": "#/components/schemas/Item"}, False),  # a required property is missing
        ({"conversation_id": "c", "count": 7}, {"$ref": "#/components/schemas/Item"}, True),
        ("abc", {"type": "string", "maxLength": 2}, False),
        ("12", {"type": "string", "pattern": "^[0-9]+$"}, True),
        (True, {"type": "integer"}, False),
    ],
)
def test_fits_checks_types_enums_required_bounds_lengths_and_patterns(value, schema, expected):
    assert fits(value, schema, SCHEMAS) is expected


def test_resolve_follows_references_and_stops_at_a_dead_end_or_a_loop():
    assert resolve({"$ref": "#/components/schemas/Item"}, SCHEMAS) is SCHEMAS["Item"]
    assert resolve({"$ref": "#/components/schemas/Nope"}, SCHEMAS) is None
    loop = {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    assert resolve({"$ref": "#/components/schemas/A"}, loop) is None
