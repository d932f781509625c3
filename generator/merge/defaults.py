"""Defaults that are not values of their schema's type are left out, with a warning.

A page may write `default: 1.5` for an integer, `default: .inf` for an integer, `default: "1"`
for a number, or a default outside an enum. Written into a model (`count: int = 1.5`) that is
code `mypy --strict` rejects and a value no server sends; so the merged document, and with it
every SDK made from it, leaves such a default out, and says where (a warning; `--strict`
makes it an error).

What "fits" means, per JSON type: `integer` takes an integer written without a fraction
(not `1.0`, not a boolean), `number` any number (`NaN` and infinities included, which Python
floats hold), `string` a string unless the schema is binary (`format: binary`, bytes in
Python, has no JSON default), and so on; `const` and `enum` take their values only (`1` is not
`true`); `$ref`, `allOf` and `anyOf` combine their parts. A schema without `type` takes
anything, but an object schema with `properties` (a model class) only a mapping. Bounds,
patterns and formats are not checked, nor what is inside a list or mapping default (the
generated model validates those when it uses them).

Everything here is iterative, with each schema summarized once: its cost is linear in the
document whatever the depth or the length of `$ref` chains.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.names import ref_to_name
from ..spec import extensions
from ..spec.schema_forms import (
    SCHEMA_KEYWORDS,
    SCHEMA_LIST_KEYWORDS,
    SCHEMA_MAP_KEYWORDS,
    json_type,
    types_of,
)
from .normalize import HTTP_METHODS

Path = tuple[str | int, ...]
KINDS = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})
_KIND_OF_TYPE = {"null": {"null"}, "boolean": {"boolean"}, "integer": {"integer"}, "number": {"integer", "number"},
                 "string": {"string"}, "array": {"array"}, "object": {"object"}}  # fmt: skip


def _value_key(value: Any) -> tuple[str, Any]:
    kind = json_type(value)
    if kind in ("array", "object"):
        return kind, json.dumps(value, sort_keys=True)
    return kind, value


@dataclass(frozen=True)
class Admitted:
    """The values a schema admits, as far as defaults are checked: every value of `kinds`, and
    the particular values in `values` (keys from `_value_key`)."""

    kinds: frozenset[str]
    values: frozenset[tuple[str, Any]]

    def admits(self, value: Any) -> bool:
        return json_type(value) in self.kinds or _value_key(value) in self.values

    def union(self, other: Admitted) -> Admitted:
        return Admitted(self.kinds | other.kinds, self.values | other.values)

    def intersection(self, other: Admitted) -> Admitted:
        values = (self.values & other.values) | {v for v in self.values if v[0] in other.kinds} | {v for v in other.values if v[0] in self.kinds}
        return Admitted(self.kinds & other.kinds, frozenset(values))

    def describe(self) -> str:
        kinds = sorted(self.kinds - {"integer"} if "number" in self.kinds else self.kinds)
        shown = [json.dumps(v[1] if v[0] not in ("array", "object") else json.loads(v[1]), ensure_ascii=False) for v in sorted(self.values, key=repr)[:5]]
        if len(self.values) > 5:
            shown.append("...")
        parts = [*kinds, *(["one of " + ", ".join(shown)] if shown else [])]
        return " or ".join(parts) or "nothing"


ANYTHING = Admitted(KINDS, frozenset())
NOTHING = Admitted(frozenset(), frozenset())


class SchemaSummaries:
    """What each schema admits, computed once per schema, following `$ref`s to `schemas`."""

    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self._memo: dict[int, Admitted] = {}

    def of(self, schema: Any) -> Admitted:
        if not isinstance(schema, dict):
            return NOTHING if schema is False else ANYTHING
        memo = self._memo
        if id(schema) in memo:
            return memo[id(schema)]
        active = {id(schema)}  # on the stack: met again, a cycle, which constrains nothing
        stack: list[tuple[dict[str, Any], Iterator[Any]]] = [(schema, iter(self._parts(schema)))]
        while stack:
            node, parts = stack[-1]
            for _, part in parts:
                if isinstance(part, dict) and id(part) not in memo and id(part) not in active:
                    active.add(id(part))
                    stack.append((part, iter(self._parts(part))))
                    break
            else:
                stack.pop()
                active.discard(id(node))
                memo[id(node)] = self._combine(node)
        return memo[id(schema)]

    def _parts(self, schema: dict[str, Any]) -> list[tuple[str, Any]]:
        """The schemas this one's admitted values depend on: (keyword, schema)."""
        parts: list[tuple[str, Any]] = []
        if "$ref" in schema:
            name = ref_to_name(schema["$ref"])
            parts.append(("$ref", self.schemas.get(name, True) if name is not None else True))
        for keyword in ("allOf", "anyOf", "oneOf"):
            members = schema.get(keyword)
            if isinstance(members, list) and members:
                parts.extend((keyword, member) for member in members)
        return parts

    def _part(self, part: Any) -> Admitted:
        if isinstance(part, dict):
            return self._memo.get(id(part), ANYTHING)  # absent: on the stack (a cycle)
        return NOTHING if part is False else ANYTHING

    def _combine(self, schema: dict[str, Any]) -> Admitted:
        admitted = _own(schema)
        unions: dict[str, Admitted] = {}  # anyOf, oneOf: any member; $ref, allOf: every part
        for keyword, part in self._parts(schema):
            if keyword in ("anyOf", "oneOf"):
                unions[keyword] = unions.get(keyword, NOTHING).union(self._part(part))
            else:
                admitted = admitted.intersection(self._part(part))
        for union in unions.values():
            admitted = admitted.intersection(union)
        return admitted


def _own(schema: dict[str, Any]) -> Admitted:
    """What the schema's own `type`, `const` and `enum` admit."""
    admitted = ANYTHING
    types = types_of(schema)
    if types and all(t in _KIND_OF_TYPE for t in types):
        kinds = set().union(*(_KIND_OF_TYPE[t] for t in types))
        if schema.get("format") == "binary":
            kinds.discard("string")
        admitted = Admitted(frozenset(kinds), frozenset())
    elif not types and schema.get("properties"):  # a model class takes a mapping only
        admitted = Admitted(frozenset({"object"}), frozenset())
    if "const" in schema:
        admitted = admitted.intersection(Admitted(frozenset(), frozenset({_value_key(schema["const"])})))
    if isinstance(schema.get("enum"), list):
        admitted = admitted.intersection(Admitted(frozenset(), frozenset(_value_key(v) for v in schema["enum"])))
    return admitted


def drop_misfit_defaults(document: dict[str, Any], where: Callable[[Path], SourceRef | None], diagnostics: Diagnostics) -> None:
    """Remove every schema's `default` that its schema does not admit, with a warning at `where(path)`."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    summaries = SchemaSummaries(schemas if isinstance(schemas, dict) else {})
    seen: set[int] = set()
    for trail, schema in _schemas(document):
        if "default" not in schema or schema["default"] is None or id(schema) in seen:
            continue
        seen.add(id(schema))
        admitted = summaries.of(schema)
        default = schema["default"]
        if not admitted.admits(default):
            del schema["default"]
            path = _path(trail)
            shown = json.dumps(default, ensure_ascii=False)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            diagnostics.warning(
                where(path),
                f"{_label(path)}: default {shown} is not a value of its schema ({admitted.describe()}); it is left out of the merged document and the SDK",
            )


def _label(path: Path) -> str:
    if path[:2] == ("components", "schemas"):
        head, rest = f"schema {path[2]}", path[3:]
    elif path[:1] == ("paths",) and len(path) >= 3:
        head, rest = f"operation {str(path[2]).upper()} {path[1]}", path[3:]
    else:
        head, rest = "/".join(str(p) for p in path[:3]), path[3:]
    return head + (f" at {'/'.join(str(p) for p in rest)}" if rest else "")


class _Trail:
    """A path as a chain of links, made into a tuple only for a message."""

    __slots__ = ("parent", "key")

    def __init__(self, parent: _Trail | Path, key: str | int) -> None:
        self.parent = parent
        self.key = key


def _path(trail: _Trail | Path) -> Path:
    parts: list[str | int] = []
    while isinstance(trail, _Trail):
        parts.append(trail.key)
        trail = trail.parent
    return (*trail, *reversed(parts))


def _schemas(document: dict[str, Any]) -> Iterator[tuple[_Trail | Path, dict[str, Any]]]:
    """Every schema of the document (components, parameters, bodies, responses and headers, and
    all the schemas inside them), with where it is; iterative."""
    stack: list[tuple[_Trail | Path, Any]] = list(reversed(list(_schema_roots(document))))
    while stack:
        trail, schema = stack.pop()
        if not isinstance(schema, dict):
            continue
        yield trail, schema
        children: list[tuple[_Trail | Path, Any]] = []
        for key, value in schema.items():
            if key in SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
                under = _Trail(trail, key)
                children.extend((_Trail(under, name), sub) for name, sub in value.items())
            elif key in SCHEMA_KEYWORDS:
                children.append((_Trail(trail, key), value))
            elif key in SCHEMA_LIST_KEYWORDS and isinstance(value, list):
                under = _Trail(trail, key)
                children.extend((_Trail(under, index), sub) for index, sub in enumerate(value))
        stack.extend(reversed(children))


def _schema_roots(document: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    components = _dict(document.get("components"))
    for name, schema in _dict(components.get("schemas")).items():
        yield ("components", "schemas", name), schema
    for kind in ("parameters", "headers"):
        for name, parameter in _dict(components.get(kind)).items():
            yield from _parameter_schemas(("components", kind, name), parameter)
    for name, body in _dict(components.get("requestBodies")).items():
        yield from _content_schemas(("components", "requestBodies", name), body)
    for name, response in _dict(components.get("responses")).items():
        yield from _response_schemas(("components", "responses", name), response)
    for path, item in _dict(document.get("paths")).items():
        if not isinstance(item, dict):
            continue
        for index, parameter in enumerate(_list(item.get("parameters"))):
            yield from _parameter_schemas(("paths", path, "parameters", index), parameter)
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            yield from _operation_schemas(("paths", path, method), operation)
            if isinstance(operation.get(extensions.STREAM), dict):  # the streaming view of a pair
                yield from _operation_schemas(("paths", path, method, extensions.STREAM), operation[extensions.STREAM])


def _operation_schemas(where: Path, operation: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    for index, parameter in enumerate(_list(operation.get("parameters"))):
        yield from _parameter_schemas((*where, "parameters", index), parameter)
    if isinstance(operation.get("requestBody"), dict):
        yield from _content_schemas((*where, "requestBody"), operation["requestBody"])
    for status, response in _dict(operation.get("responses")).items():
        yield from _response_schemas((*where, "responses", status), response)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _parameter_schemas(path: Path, parameter: Any) -> Iterator[tuple[Path, Any]]:
    if isinstance(parameter, dict):
        if "schema" in parameter:
            yield (*path, "schema"), parameter["schema"]
        yield from _content_schemas(path, parameter)


def _content_schemas(path: Path, holder: Any) -> Iterator[tuple[Path, Any]]:
    for media, media_object in _dict(_dict(holder).get("content")).items():
        if isinstance(media_object, dict) and "schema" in media_object:
            yield (*path, "content", media, "schema"), media_object["schema"]


def _response_schemas(path: Path, response: Any) -> Iterator[tuple[Path, Any]]:
    yield from _content_schemas(path, response)
    for name, header in _dict(_dict(response).get("headers")).items():
        yield from _parameter_schemas((*path, "headers", name), header)
