"""Merge two definitions of one schema into one that accepts what either accepts.

The rules, applied recursively:
- equal definitions stay as they are; a definition that accepts anything wins;
- "or null" is set aside and added back if either side had it;
- unions (`anyOf`) are merged member by member, pairing members of the same kind
  (the same `$ref`, or the same JSON type) and appending the rest;
- two objects: union of properties (each merged), a property stays required only if
  both require it, `additionalProperties` keeps the looser side;
- two arrays: items merged; two scalars of one type: enum and const values unioned, an
  enum on one side only is dropped, bounds widened, other assertions kept only when equal;
- plain types that differ become a type list; anything else becomes `anyOf: [a, b]`;
- annotations (description, default, examples, ...) come from `a` when it has them, else `b`.
Callers fold definitions in a fixed order, so conflicts always resolve the same way.
"""

from __future__ import annotations

from typing import Any

from ..spec.schema_forms import (
    Schema,
    assertions_of,
    is_annotation,
    is_unconstrained,
    make_nullable,
    split_null,
    types_of,
    unique_values,
)

_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains")


def merge_schema(a: Any, b: Any, fold: list[Schema] | None = None) -> Any:
    """`a` and `b` merged. A caller folding many definitions into one passes the same `fold`
    list at every step: the property table the last step built is kept there and the next
    step adds to it in place, so definitions that each bring a property of their own (6,000
    near-identical pages) cost what they hold, not what the pages before them held."""
    if a == b:
        return a
    if not isinstance(a, dict) or not isinstance(b, dict):
        return _merge_booleans(a, b)
    if is_unconstrained(a) or is_unconstrained(b):
        return _merge_annotations(a, b, {})
    core_a, null_a = split_null(a)
    core_b, null_b = split_null(b)
    merged = _merge_non_null(core_a, core_b, fold)
    return make_nullable(merged) if null_a or null_b else merged


def _merge_booleans(a: Any, b: Any) -> Any:
    if a is False:
        return b
    if b is False:
        return a
    return True


def _merge_non_null(a: Schema, b: Schema, fold: list[Schema] | None = None) -> Schema:
    if a == b:
        return a
    if is_unconstrained(a) or is_unconstrained(b):
        return _merge_annotations(a, b, {})
    if "anyOf" in a or "anyOf" in b:
        return _merge_unions(a, b)
    kind_a, kind_b = kind_of(a), kind_of(b)
    if kind_a == kind_b:
        if kind_a[0] == "ref":
            return _merge_annotations(a, b, {"$ref": a["$ref"]})
        if kind_a == ("type", "object"):
            return _merge_objects(a, b, fold)
        if kind_a == ("type", "array"):
            return _merge_arrays(a, b)
        if kind_a[0] == "type":
            return _merge_scalars(a, b)
    if _is_bare_type(a) and _is_bare_type(b):
        kinds = list(dict.fromkeys(types_of(a) + types_of(b)))
        return _merge_annotations(a, b, {"type": kinds[0] if len(kinds) == 1 else kinds})
    return _merge_annotations(a, b, {"anyOf": [assertions_of(a), assertions_of(b)]})


def kind_of(schema: Schema) -> tuple[str, str]:
    """What a schema is, for pairing: ("ref", target), ("type", name) or ("other", keywords)."""
    if "$ref" in schema:
        return ("ref", str(schema["$ref"]))
    kinds = types_of(schema)
    if len(kinds) == 1:
        return ("type", kinds[0])
    if not kinds and ("properties" in schema or "additionalProperties" in schema):
        return ("type", "object")
    if not kinds and "items" in schema:
        return ("type", "array")
    return ("other", ",".join(sorted(kinds) or sorted(assertions_of(schema))))


def _is_bare_type(schema: Schema) -> bool:
    return bool(types_of(schema)) and all(k == "type" or is_annotation(k) for k in schema)


def _merge_unions(a: Schema, b: Schema) -> Schema:
    members = list(_members(a))
    # b's members pair with a's, each of a's with one at most: b's members are never merged
    # with one another, directly or through a member of a.
    unpaired = list(range(len(members)))
    for member in _members(b):
        core, nullable = split_null(member) if isinstance(member, dict) else (member, False)
        for index in unpaired:
            existing = members[index]
            if isinstance(existing, dict) and isinstance(core, dict) and kind_of(existing) == kind_of(core):
                members[index] = merge_schema(existing, make_nullable(core) if nullable else core)
                unpaired.remove(index)
                break
        else:
            if member not in members:
                members.append(member)
    outer = _merge_annotations(
        {k: v for k, v in a.items() if k != "anyOf"} if "anyOf" in a else {},
        {k: v for k, v in b.items() if k != "anyOf"} if "anyOf" in b else {},
        {},
    )
    if len(members) == 1 and isinstance(members[0], dict):
        return {**outer, **members[0]}
    return {**outer, "anyOf": members}


def _members(schema: Schema) -> list[Any]:
    if "anyOf" in schema and not any(not is_annotation(k) for k in schema if k != "anyOf"):
        return list(schema["anyOf"])
    return [schema]


def _merge_objects(a: Schema, b: Schema, fold: list[Schema] | None = None) -> Schema:
    result: Schema = {}
    properties_a = a.get("properties") or {}
    properties_b = b.get("properties") or {}
    if fold and fold[0] is properties_a:
        # The table the fold's last step built (no definition holds it): `a`'s properties
        # in order, `b`'s new ones after them, as below, without copying `a`'s.
        properties: Schema = properties_a
        for name, sub in properties_b.items():
            properties[name] = merge_schema(properties[name], sub) if name in properties else sub
    else:
        properties = {}
        for name in [*properties_a, *(n for n in properties_b if n not in properties_a)]:
            if name in properties_a and name in properties_b:
                properties[name] = merge_schema(properties_a[name], properties_b[name])
            else:
                properties[name] = properties_a.get(name, properties_b.get(name))
        if fold is not None:
            fold[:] = [properties]
    if properties:
        result["properties"] = properties
    required_b = set(b.get("required") or [])
    required = [r for r in a.get("required") or [] if r in required_b]
    if required:
        result["required"] = required
    extra = _merge_additional(a, b)
    if extra is not None:
        result["additionalProperties"] = extra
    _merge_remaining(a, b, result, handled={"properties", "required", "additionalProperties"})
    return _merge_annotations(a, b, result)


def _merge_additional(a: Schema, b: Schema) -> Any:
    if "additionalProperties" not in a or "additionalProperties" not in b:
        return None
    merged = merge_schema(a["additionalProperties"], b["additionalProperties"])
    return None if merged is True else merged


def _merge_arrays(a: Schema, b: Schema) -> Schema:
    result: Schema = {}
    if "items" in a and "items" in b:
        result["items"] = merge_schema(a["items"], b["items"])
    _merge_remaining(a, b, result, handled={"items"})
    return _merge_annotations(a, b, result)


def _merge_scalars(a: Schema, b: Schema) -> Schema:
    result: Schema = {}
    values_a, values_b = _allowed_values(a), _allowed_values(b)
    if values_a is not None and values_b is not None:
        # `a`'s values as they are, then those of `b` it lacks (in linear time)
        values = [*values_a, *unique_values([*values_a, *values_b])[len(unique_values(values_a)) :]]
        if len(values) == 1:
            result["const"] = values[0]
        else:
            result["enum"] = values
    _merge_remaining(a, b, result, handled={"enum", "const", "x-enum-descriptions", "x-enum-varnames"})
    for key in ("x-enum-descriptions", "x-enum-varnames"):
        if key in a or key in b:
            result[key] = {**(b.get(key) or {}), **(a.get(key) or {})}
    return _merge_annotations(a, b, result)


def _allowed_values(schema: Schema) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    if "enum" in schema:
        return list(schema["enum"])
    return None


def _merge_remaining(a: Schema, b: Schema, result: Schema, handled: set[str]) -> None:
    """Every other assertion: bounds widen, equal values stay, the rest is dropped (widening)."""
    for key in [*a, *(k for k in b if k not in a)]:
        if key in handled or key in result or is_annotation(key):
            continue
        if key not in a or key not in b:
            continue
        if a[key] == b[key]:
            result[key] = a[key]
        elif key in _LOWER_BOUNDS:
            result[key] = min(a[key], b[key])
        elif key in _UPPER_BOUNDS:
            result[key] = max(a[key], b[key])
        elif key == "type":
            kinds = list(dict.fromkeys(types_of(a) + types_of(b)))
            result[key] = kinds[0] if len(kinds) == 1 else kinds


def _merge_annotations(a: Schema, b: Schema, result: Schema) -> Schema:
    merged = dict(result)
    for key in [*a, *(k for k in b if k not in a)]:
        if is_annotation(key) and key not in merged:
            merged[key] = a[key] if key in a else b[key]
    return _ordered(merged, a, b)


def _ordered(result: Schema, a: Schema, b: Schema) -> Schema:
    """Keys in the order the first definition wrote them, new ones after."""
    order = [*a, *(k for k in b if k not in a)]
    position = {key: index for index, key in enumerate(order)}
    return dict(sorted(result.items(), key=lambda item: position.get(item[0], len(order))))
