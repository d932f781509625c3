"""What changed between two merged documents, for a caller of the generated SDK.

Every change is classified as breaking or not from the caller's side:

- operations: removing one breaks; adding one does not. A changed response type breaks.
- request side (parameters, body fields, and every schema a request can reach): a removed
  field, a new required field, a field that became required, a narrowed type or a removed
  enum value breaks (calls that worked now fail); additions and widenings do not.
- response side (every schema a response can reach): a field that may now be missing or
  null, a widened type or a new union member breaks (code reading it meets a value it did
  not handle); a removed field does not (the models keep whatever the API still sends),
  nor does a removed enum value, a narrowing, or a new field or enum value (enums are open).
- models: removing a model breaks (its class disappears); adding one does not.
A schema both sides reach gets the stricter verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..common.names import ref_to_name
from ..merge.normalize import HTTP_METHODS
from ..spec.identity import operation_identity
from ..spec.operation_view import media_schema, request_body, success_response
from ..spec.schema_forms import split_null, types_of

REQUEST, RESPONSE = "request", "response"


@dataclass(frozen=True)
class Change:
    """One change between two documents as a caller of the SDK sees it."""

    subject: str  # `client.a.b.get`, `models.X.field`
    change: str  # what happened, for people
    breaking: bool
    side: str  # "request" | "response" | "request and response" | "" (not about data)

    def as_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "change": self.change, "breaking": self.breaking, "side": self.side}


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    old_ops, new_ops = _operations(old), _operations(new)
    for key in sorted(set(old_ops) | set(new_ops)):
        subject = f"client.{key}"
        if key not in new_ops:
            changes.append(Change(subject, "operation removed", True, ""))
        elif key not in old_ops:
            changes.append(Change(subject, "operation added", False, ""))
        else:
            changes.extend(_operation_changes(subject, old_ops[key], new_ops[key]))
    old_schemas = (old.get("components") or {}).get("schemas") or {}
    new_schemas = (new.get("components") or {}).get("schemas") or {}
    sides = _sides(old, old_schemas)
    for name, new_sides in _sides(new, new_schemas).items():
        sides[name] = sides.get(name, set()) | new_sides
    for name in sorted(set(old_schemas) | set(new_schemas)):
        subject = f"models.{name}"
        side = sides.get(name, set())
        if name not in new_schemas:
            changes.append(Change(subject, "model removed", True, _side_label(side)))
        elif name not in old_schemas:
            changes.append(Change(subject, "model added", False, _side_label(side)))
        else:
            changes.extend(_schema_changes(subject, old_schemas[name], new_schemas[name], side))
    return changes


# -- operations ---------------------------------------------------------------------------


def _operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            operation = (item or {}).get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                found[operation_identity(document, operation, method, path).dotted] = operation
    return found


def _operation_changes(subject: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    old_params, new_params = _parameters(old), _parameters(new)
    for key in sorted(set(old_params) | set(new_params)):
        where, name = key
        label = f"{subject}({name}=...)" if where != "header" else f"{subject} header {name}"
        if key not in new_params:
            yield Change(label, f"{where} parameter removed", True, REQUEST)
        elif key not in old_params:
            required = bool(new_params[key].get("required"))
            yield Change(label, f"{where} parameter added" + (" (required)" if required else ""), required, REQUEST)
        else:
            yield from _field_changes(label, old_params[key].get("schema") or {}, new_params[key].get("schema") or {},
                                      bool(old_params[key].get("required")), bool(new_params[key].get("required")), {REQUEST})  # fmt: skip
    old_body, new_body = _body_schema(old), _body_schema(new)
    if old_body != new_body:
        if _ref(old_body) and _ref(new_body) and _ref(old_body) != _ref(new_body):
            yield Change(subject, f"request body changed from {_ref(old_body)} to {_ref(new_body)}", True, REQUEST)
        elif not (_ref(old_body) or _ref(new_body)):
            yield from _schema_changes(f"{subject} body", old_body, new_body, {REQUEST})
    old_response, new_response = _response_schema(old), _response_schema(new)
    if _ref(old_response) != _ref(new_response) or (not _ref(old_response) and old_response != new_response):
        if _ref(old_response) and _ref(new_response):
            yield Change(subject, f"returns {_ref(new_response)} instead of {_ref(old_response)}", True, RESPONSE)
        else:
            yield from _schema_changes(f"{subject} result", old_response, new_response, {RESPONSE})


def _parameters(operation: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (str(p.get("in")), str(p.get("name"))): p
        for p in operation.get("parameters") or []
        if isinstance(p, dict) and p.get("name")
    }


def _body_schema(operation: dict[str, Any]) -> dict[str, Any]:
    body = request_body(operation)
    return media_schema(body[1]) if body else {}


def _response_schema(operation: dict[str, Any]) -> dict[str, Any]:
    return success_response(operation.get("responses") or {})[2]


def _ref(schema: dict[str, Any]) -> str | None:
    return ref_to_name(schema.get("$ref", "")) if isinstance(schema, dict) and "$ref" in schema else None


# -- which side of a call each schema is on ---------------------------------------------------


def _sides(document: dict[str, Any], schemas: dict[str, Any]) -> dict[str, set[str]]:
    sides: dict[str, set[str]] = {}
    for operation in _operations(document).values():
        requests = [p.get("schema") for p in operation.get("parameters") or [] if isinstance(p, dict)]
        requests.append((operation.get("requestBody") or {}).get("content"))
        responses = list((operation.get("responses") or {}).values())
        for side, roots in ((REQUEST, requests), (RESPONSE, responses)):
            for name in _reachable(roots, schemas):
                sides.setdefault(name, set()).add(side)
    return sides


def _reachable(roots: list[Any], schemas: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = ref_to_name(node["$ref"]) if isinstance(node.get("$ref"), str) else None
            if name is not None and name not in seen and name in schemas:
                seen.add(name)
                stack.append(schemas[name])
            stack.extend(v for k, v in node.items() if k != "$ref")
        elif isinstance(node, list):
            stack.extend(node)
    return seen


def _side_label(sides: set[str]) -> str:
    return " and ".join(s for s in (REQUEST, RESPONSE) if s in sides)


# -- schemas ------------------------------------------------------------------------------


def _schema_changes(subject: str, old: Any, new: Any, sides: set[str]) -> Iterator[Change]:
    old_inner, old_null = split_null(old) if isinstance(old, dict) else ({}, False)
    new_inner, new_null = split_null(new) if isinstance(new, dict) else ({}, False)
    old_props, new_props = old_inner.get("properties") or {}, new_inner.get("properties") or {}
    if old_props or new_props:
        old_required, new_required = set(old_inner.get("required") or []), set(new_inner.get("required") or [])
        for field in list(old_props) + [f for f in new_props if f not in old_props]:
            label = f"{subject}.{field}"
            if field not in new_props:
                yield _verdict(label, "field removed", sides, request=True, response=False)
            elif field not in old_props:
                required = field in new_required
                yield _verdict(label, "field added" + (" (required)" if required else ""), sides, request=required, response=False)
            else:
                yield from _field_changes(label, old_props[field], new_props[field], field in old_required, field in new_required, sides)
    yield from _value_changes(subject, old_inner, new_inner, old_null, new_null, sides)


def _field_changes(label: str, old: Any, new: Any, was_required: bool, is_required: bool, sides: set[str]) -> Iterator[Change]:
    if was_required and not is_required:
        yield _verdict(label, "no longer required", sides, request=False, response=True)
    elif is_required and not was_required:
        yield _verdict(label, "now required", sides, request=True, response=False)
    if old != new:
        yield from _schema_changes(label, old, new, sides)


def _value_changes(subject: str, old: dict[str, Any], new: dict[str, Any], old_null: bool, new_null: bool, sides: set[str]) -> Iterator[Change]:
    if old_null and not new_null:
        yield _verdict(subject, "no longer nullable", sides, request=True, response=False)
    elif new_null and not old_null:
        yield _verdict(subject, "now nullable", sides, request=False, response=True)
    old_enum, new_enum = _enum(old), _enum(new)
    if old_enum is not None and new_enum is not None:
        for value in [v for v in old_enum if v not in new_enum]:
            yield _verdict(subject, f"enum value {value!r} removed", sides, request=True, response=False)
        for value in [v for v in new_enum if v not in old_enum]:
            yield _verdict(subject, f"enum value {value!r} added", sides, request=False, response=False)
    old_atoms, new_atoms = _atoms(old), _atoms(new)
    if old_atoms != new_atoms and old_atoms and new_atoms:
        removed, added = sorted(old_atoms - new_atoms), sorted(new_atoms - old_atoms)
        what = "; ".join(part for part in (f"no longer {' | '.join(removed)}" if removed else "", f"now also {' | '.join(added)}" if added else "") if part)
        # Narrowed (only removals): breaks requests. Widened (only additions): breaks responses.
        yield _verdict(subject, f"type changed: {what}", sides, request=bool(removed), response=bool(added))
    for key, suffix in (("items", "[]"), ("additionalProperties", "{}")):
        if isinstance(old.get(key), dict) and isinstance(new.get(key), dict) and old[key] != new[key]:
            yield from _schema_changes(subject + suffix, old[key], new[key], sides)


def _enum(schema: dict[str, Any]) -> list[Any] | None:
    if "enum" in schema:
        return [v for v in schema["enum"] if v is not None]
    if "const" in schema:
        return [schema["const"]]
    return None


def _atoms(schema: dict[str, Any]) -> set[str]:
    """What kinds of value a schema admits, by name: `string`, `integer`, `X` (a model)..."""
    if "$ref" in schema:
        return {ref_to_name(schema["$ref"]) or schema["$ref"]}
    if "anyOf" in schema:
        found: set[str] = set()
        for member in schema["anyOf"]:
            if isinstance(member, dict):
                inner, nullable = split_null(member)
                found |= _atoms(inner) | ({"null"} if nullable else set())
        return found
    if "allOf" in schema:
        return {"+".join(sorted(a for m in schema["allOf"] if isinstance(m, dict) for a in _atoms(m)))}
    kinds = set(types_of(schema))
    if "number" in kinds:  # a number admits every integer: integer -> number is a widening
        kinds.add("integer")
    return kinds


def _verdict(subject: str, change: str, sides: set[str], *, request: bool, response: bool) -> Change:
    breaking = (REQUEST in sides and request) or (RESPONSE in sides and response)
    return Change(subject, change, breaking, _side_label(sides))
