"""Small facts about JSON Schema objects shared by normalization and merging."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..common.names import ref_to_name

Schema = dict[str, Any]

ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly", "$comment"}
)
SCHEMA_MAP_KEYWORDS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_KEYWORDS = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
)
SCHEMA_LIST_KEYWORDS = ("anyOf", "oneOf", "allOf", "prefixItems")
NULL_SCHEMA: Schema = {"type": "null"}


def unique_values(values: Iterable[Any]) -> list[Any]:
    """`values` without repeats, first ones kept: what `if v not in seen: seen.append(v)` gives,
    in linear time (repeats are found by a hashable form that is equal exactly when the values are)."""
    found: dict[Any, Any] = {}
    for value in values:
        found.setdefault(_hashable(value), value)
    return list(found.values())


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return (dict, frozenset((key, _hashable(item)) for key, item in value.items()))
    if isinstance(value, list):
        return (list, tuple(_hashable(item) for item in value))
    return value


def is_annotation(key: str) -> bool:
    return key in ANNOTATIONS or key.startswith("x-")


def annotations_of(schema: Schema) -> Schema:
    return {k: v for k, v in schema.items() if is_annotation(k)}


def assertions_of(schema: Schema) -> Schema:
    return {k: v for k, v in schema.items() if not is_annotation(k)}


def is_unconstrained(schema: Any) -> bool:
    """True for a schema that accepts any instance (`{}`, `true`, or annotations only)."""
    if schema is True:
        return True
    return isinstance(schema, dict) and all(key in ANNOTATIONS or key.startswith("x-") for key in schema)


def is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null" and assertions_of(schema) == NULL_SCHEMA


def json_type(value: Any) -> str:
    """The JSON type of a loaded value (`1.0` is a `number`: Python writes it as a float)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def types_of(schema: Schema) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [t for t in kind if isinstance(t, str)]
    return []


def resolve_refs(schema: Any, schemas: dict[str, Any]) -> Schema | None:
    """The schema a chain of `$ref`s ends at, its "or null" left out at every step (so that a
    nullable reference is followed too); None for a dangling reference, a cycle or a target
    that is no schema object."""
    seen: set[str] = set()
    schema = split_null(schema)[0] if isinstance(schema, dict) else schema
    while isinstance(schema, dict) and "$ref" in schema:
        name = ref_to_name(str(schema["$ref"]))
        if name is None or name in seen or not isinstance(schemas.get(name), dict):
            return None
        seen.add(name)
        schema = split_null(schemas[name])[0]
    return schema if isinstance(schema, dict) else None


def split_null(schema: Schema) -> tuple[Schema, bool]:
    """Separate "or null" from a schema in canonical form: (the non-null part, nullable)."""
    if "anyOf" in schema:
        members = schema["anyOf"]
        if any(is_null_schema(m) for m in members):
            rest = [m for m in members if not is_null_schema(m)]
            outer = {k: v for k, v in schema.items() if k != "anyOf"}
            if len(rest) == 1 and isinstance(rest[0], dict):
                return {**rest[0], **{k: v for k, v in outer.items() if k not in rest[0]}}, True
            return {**outer, "anyOf": rest}, True
        return schema, False
    kinds = types_of(schema)
    if "null" in kinds and len(kinds) > 1:
        remaining = [t for t in kinds if t != "null"]
        non_null: Schema = {**schema, "type": remaining[0] if len(remaining) == 1 else remaining}
        if "enum" in non_null:
            non_null["enum"] = [v for v in non_null["enum"] if v is not None]
        return non_null, True
    return schema, False


def make_nullable(schema: Schema) -> Schema:
    """The canonical "this or null": a type list for plain typed schemas, else anyOf with null."""
    if is_null_schema(schema) or is_unconstrained(schema):
        return schema
    kinds = types_of(schema)
    plain_typed = bool(kinds) and not any(k in schema for k in ("$ref", "anyOf", "oneOf", "allOf", "not"))
    if plain_typed:
        result = dict(schema)
        if "null" not in kinds:
            result["type"] = [*kinds, "null"]
        if "enum" in result and None not in result["enum"]:
            result["enum"] = [*result["enum"], None]
        if "const" in result:
            result["enum"] = [result.pop("const"), None]
        return result
    if "anyOf" in schema and not any(k in schema for k in ("$ref", "type", "oneOf", "allOf", "not")):
        members = schema["anyOf"]
        if any(is_null_schema(m) for m in members):
            return schema
        return {**schema, "anyOf": [*members, dict(NULL_SCHEMA)]}
    outer = annotations_of(schema)
    inner = assertions_of(schema)
    return {**outer, "anyOf": [inner, dict(NULL_SCHEMA)]}
