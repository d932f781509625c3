"""Sample instances of a JSON Schema, for checking that merged schemas accept them.

Deterministic and breadth-first over the schema's choices: every enum value, every union
branch, each property with each of its sample values, required-only and full objects.
Instances are checked against the schema they came from before use (see `valid_samples`).
"""

from __future__ import annotations

import functools
import re
from typing import Any

MAX_DEPTH = 5
PER_PROPERTY = 3


def samples(schema: Any, root: dict[str, Any], depth: int = 0) -> list[Any]:
    if schema is True or schema == {}:
        return [{"anything": 1}, "text", 3, None]
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        target = resolve(schema["$ref"], root)
        if depth >= MAX_DEPTH:
            return minimal(target, root, depth)
        return samples(target, root, depth + 1)
    if "const" in schema:
        return [schema["const"]]
    if "enum" in schema:
        return list(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            found: list[Any] = []
            for member in schema[key]:
                found.extend(samples(member, root, depth + 1)[:PER_PROPERTY])
            return found
    if "allOf" in schema:
        return samples(schema["allOf"][0], root, depth + 1)
    kinds = schema.get("type")
    if isinstance(kinds, list):
        found = []
        for kind in kinds:
            found.extend(samples({**schema, "type": kind}, root, depth)[:PER_PROPERTY])
        return found
    if kinds == "null":
        return [None]
    if kinds == "boolean":
        return [True, False]
    if kinds == "integer":
        return [int(schema.get("minimum", 0)), int(schema.get("minimum", 0)) + 1]
    if kinds == "number":
        return [float(schema.get("minimum", 0)) + 0.5]
    if kinds == "string":
        return [_string(schema)]
    if kinds == "array" or "items" in schema:
        if depth >= MAX_DEPTH:
            return [[]]
        items = samples(schema.get("items", {}), root, depth + 1)[:2]
        return [[], items[:1]] if items else [[]]
    if kinds == "object" or "properties" in schema or "additionalProperties" in schema:
        return _objects(schema, root, depth)
    return [{"anything": 1}, "text"]


def _string(schema: dict[str, Any]) -> str:
    formats = {"date-time": "2024-01-01T00:00:00Z", "date": "2024-01-01", "uri": "https://example.com", "email": "a@example.com", "uuid": "00000000-0000-0000-0000-000000000000"}
    text = formats.get(schema.get("format", ""), "sample").ljust(int(schema.get("minLength", 0)), "x")
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not _matches(pattern, text):
        return _simplest_match(pattern) or text
    return text


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True  # a pattern Python cannot read: leave the judgement to the validator


@functools.lru_cache(maxsize=None)
def _simplest_match(pattern: str) -> str | None:
    """The simplest string the pattern accepts (hypothesis shrinks to it: deterministic)."""
    from hypothesis import HealthCheck, find, settings, strategies

    try:
        return find(strategies.from_regex(pattern), lambda _: True, settings=settings(database=None, suppress_health_check=list(HealthCheck)))
    except Exception:  # noqa: BLE001 - an unreadable or unsatisfiable pattern: keep the plain sample
        return None


def _objects(schema: dict[str, Any], root: dict[str, Any], depth: int) -> list[Any]:
    properties = schema.get("properties") or {}
    required = list(schema.get("required") or [])
    if depth >= MAX_DEPTH:
        return minimal(schema, root, depth)
    options = {name: samples(sub, root, depth + 1)[:PER_PROPERTY] for name, sub in properties.items()}
    options = {name: values for name, values in options.items() if values}
    full = {name: values[0] for name, values in options.items()}
    required_only = {name: full[name] for name in required if name in full}
    found = [full, required_only]
    for name, values in options.items():
        for value in values[1:]:
            found.append({**full, name: value})
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and not properties:
        for value in samples(extra, root, depth + 1)[:PER_PROPERTY]:
            found.append({"key": value})
    unique: list[Any] = []
    for item in found:
        if item not in unique:
            unique.append(item)
    return unique


def minimal(schema: Any, root: dict[str, Any], depth: int) -> list[Any]:
    """The smallest instance: used past the depth limit to cut recursion."""
    if not isinstance(schema, dict):
        return [None]
    if "$ref" in schema:
        return minimal(resolve(schema["$ref"], root), root, depth + 1) if depth < MAX_DEPTH + 6 else []
    for key in ("anyOf", "oneOf"):
        if key in schema:
            members = schema[key]
            null = [m for m in members if isinstance(m, dict) and m.get("type") == "null"]
            return [None] if null else minimal(members[0], root, depth + 1)
    if "const" in schema or "enum" in schema:
        return samples(schema, root, depth)[:1]
    kinds = schema.get("type")
    if isinstance(kinds, list):
        return [None] if "null" in kinds else minimal({**schema, "type": kinds[0]}, root, depth)
    if kinds == "array" or "items" in schema:
        return [[]]
    if kinds == "object" or "properties" in schema:
        result = {}
        for name in schema.get("required") or []:
            sub = (schema.get("properties") or {}).get(name, {})
            values = minimal(sub, root, depth + 1)
            if not values:
                return []
            result[name] = values[0]
        return [result]
    return samples(schema, root, MAX_DEPTH)[:1]


def resolve(ref: str, root: dict[str, Any]) -> Any:
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node
