"""Lay what rendered reference pages state over the merged document.

A rendered page is one more source for the operation with its method and path, and a later
one than any OpenAPI block: it fills in what the blocks leave out and never weakens what
they state.

- A parameter, request field, response field or error status the document lacks is added
  as the page shows it (a request field the page marks Required becomes required).
- On what the document has: a description, default or format it lacks is filled in; enum
  values the page lists are added to the document's enum; a type the page shows and the
  document lacks widens it (`string` on the page of a field the document types `integer`
  makes it accept both; `or null` makes it nullable). A shapeless type (`object`, `list
  of objects`, `any`) never replaces a richer definition, and what is required stays so.
- A page with no counterpart becomes an operation of its own, marked as known only from
  a rendered page; its SDK name comes from its path (`GET /v1/things/{id}` is
  `things.get`) since the page carries none.

Every fact taken from a page is returned with the page's file and line, for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.json_values import copy_json
from ..common.names import ref_to_name, snake_case
from ..spec.extensions import mark_rendered_only, set_sdk_call
from ..spec.identity import OperationIdentity
from ..spec.schema_forms import (
    Schema,
    annotations_of,
    assertions_of,
    json_type,
    make_nullable,
)
from .schema_merge import merge_schema

if TYPE_CHECKING:  # loaded with the first page (see reader)
    from ..read.rendered import RenderedField, RenderedPage

PARAMETER_SECTIONS = ("path", "query", "header")
JSON = "application/json"


@dataclass(frozen=True)
class RenderedFact:
    """What a rendered page added to the merged document, for the report."""

    source: SourceRef
    subject: str
    fact: str


@dataclass(frozen=True)
class RenderedOperation:
    """An operation known only from a rendered page."""

    path: str
    method: str
    identity: OperationIdentity
    source: SourceRef


def apply_rendered_pages(
    document: dict[str, Any], pages: list[RenderedPage], diagnostics: Diagnostics
) -> tuple[dict[str, Any], list[RenderedFact], list[RenderedOperation]]:
    """`document` with what `pages` add (a copy; the document itself when there are none), the
    facts taken, and the new operations."""
    if not pages:
        return document, [], []
    result = copy_json(document)
    facts: list[RenderedFact] = []
    created: list[RenderedOperation] = []
    for page in pages:
        overlay = _Overlay(result, page, facts)
        found = _find_operation(result, page)
        if found is None:
            created.append(overlay.create_operation())
        else:
            overlay.onto_operation(*found)
    servers = list(dict.fromkeys(p.server for p in pages if p.server))
    if created and servers and not result.get("servers"):
        result = {key: value for key, value in result.items() if key in ("openapi", "info")} | {"servers": [{"url": s} for s in servers]} | result
    return result, facts, created


def _template_shape(path: str) -> str:
    return re.sub(r"\{[^}/]*\}", "{}", path)


def _find_operation(document: dict[str, Any], page: RenderedPage) -> tuple[str, dict[str, Any]] | None:
    """(path, operation) of the document's operation with the page's method and path."""
    paths = document.get("paths") or {}
    for path in [page.path, *(p for p in paths if p != page.path and _template_shape(p) == _template_shape(page.path))]:
        operation = (paths.get(path) or {}).get(page.method)
        if isinstance(operation, dict):
            return path, operation
    return None


class _Overlay:
    def __init__(self, document: dict[str, Any], page: RenderedPage, facts: list[RenderedFact]) -> None:
        self.document = document
        self.page = page
        self.facts = facts
        self.schemas: dict[str, Any] = (document.get("components") or {}).get("schemas") or {}

    def fact(self, line: int, subject: str, text: str) -> None:
        self.facts.append(RenderedFact(SourceRef(self.page.source.path, line), subject, text))

    # -- an operation the document has ---------------------------------------------------

    def onto_operation(self, path: str, operation: dict[str, Any]) -> None:
        label = f"{self.page.method.upper()} {path}"
        renames = _path_parameter_names(self.page.path, path)
        parameters: list[Any] = operation.setdefault("parameters", [])
        for location in PARAMETER_SECTIONS:
            for field in self.page.fields.get(location, []):
                name = renames.get(field.name, field.name) if location == "path" else field.name
                self._parameter(label, parameters, location, name, field)
        if not parameters:
            del operation["parameters"]
        if self.page.fields.get("request"):
            body, where = self._body_schema(operation.setdefault("requestBody", {}), f"{label} request body", required=True)
            if body is not None:
                for field in self.page.fields["request"]:
                    self._property(body, where, field, request=True)
        if self.page.fields.get("response"):
            responses = operation.setdefault("responses", {})
            status = next((s for s in sorted(responses) if str(s).startswith("2")), None)
            if status is None:
                status = "200"
                responses[status] = {"description": self.page.response_description or "Successful Response"}
                self.fact(self.page.source.line, label, "a 200 response (the page lists its fields)")
            body, where = self._body_schema(responses[status], f"{label} response {status}", required=False)
            if body is not None:
                for field in self.page.fields["response"]:
                    self._property(body, where, field, request=False)
        for error in self.page.errors:
            responses = operation.setdefault("responses", {})
            if error.status not in responses:
                responses[error.status] = {"description": error.description or "Error"}
                self.fact(error.line, label, f"error response {error.status} ({error.description})")

    def _parameter(self, label: str, parameters: list[Any], location: str, name: str, field: RenderedField) -> None:
        subject = f"{label}: {location} parameter `{name}`"
        same = (lambda p: str(p.get("name", "")).lower() == name.lower()) if location == "header" else (lambda p: p.get("name") == name)
        existing = next((p for p in parameters if isinstance(p, dict) and p.get("in") == location and same(p)), None)
        if existing is None:
            schema = field.schema()
            parameter: dict[str, Any] = {"name": name, "in": location}
            if "description" in schema:
                parameter["description"] = schema.pop("description")
            parameter["required"] = True if location == "path" else bool(field.required)
            parameter["schema"] = schema
            parameters.append(parameter)
            self.fact(field.line, subject, "added: " + _summary(field, parameter["required"]))
            return
        if field.required is False and existing.get("required"):
            self.fact(field.line, subject, "the page calls it optional; the OpenAPI blocks require it, so it stays required")
        elif field.required and not existing.get("required"):
            self.fact(field.line, subject, "the page calls it required; the OpenAPI blocks do not, so it stays optional (not a change to make from prose)")
        if field.description and not existing.get("description") and not (existing.get("schema") or {}).get("description"):
            existing["description"] = field.description
            self.fact(field.line, subject, "description")
        existing["schema"] = self._refine(existing.get("schema") or {}, field, subject, describe=False)

    # -- bodies --------------------------------------------------------------------------

    def _body_schema(self, holder: dict[str, Any], subject: str, required: bool) -> tuple[Schema | None, str]:
        """The object schema whose properties a body's fields are (made when missing), and
        how to name it in the report (with its component's name when it has one)."""
        content = holder.setdefault("content", {})
        media = next((m for m in content if m == JSON or m.endswith("+json")), None)
        if media is None:
            media = JSON if not content else next(iter(content))
            if media not in content:
                content[media] = {"schema": {"type": "object"}}
                if required:
                    holder["required"] = True
                self.fact(self.page.source.line, subject, f"{media} body (the page lists its fields)")
        schema = content[media].setdefault("schema", {"type": "object"})
        target = self._object_behind(schema)
        if target is None:
            self.fact(self.page.source.line, subject, "not an object in the OpenAPI blocks: the page's fields were not placed")
        name = ref_to_name(str(schema["$ref"])) if "$ref" in schema else None
        return target, f"{subject} (`{name}`)" if name else subject

    def _object_behind(self, schema: Schema, depth: int = 0) -> Schema | None:
        """The object schema `schema` is, through `$ref`s and one-member `allOf`s."""
        if depth > 32:
            return None
        if "$ref" in schema:
            name = ref_to_name(str(schema["$ref"]))
            target = self.schemas.get(name) if name else None
            return self._object_behind(target, depth + 1) if isinstance(target, dict) else None
        if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1 and isinstance(schema["allOf"][0], dict):
            return self._object_behind(schema["allOf"][0], depth + 1)
        kinds = schema.get("type")
        if kinds == "object" or (isinstance(kinds, list) and "object" in kinds) or ("properties" in schema and "type" not in schema):
            return schema
        return None

    def _property(self, holder: Schema, label: str, field: RenderedField, request: bool) -> None:
        subject = f"{label}: field `{field.name}`"
        properties = holder.setdefault("properties", {})
        existing = properties.get(field.name)
        if existing is None:
            properties[field.name] = field.schema()
            required = request and bool(field.required)
            if required:
                holder["required"] = [*holder.get("required", []), field.name]
            self.fact(field.line, subject, "added: " + _summary(field, required))
            return
        properties[field.name] = self._refine(existing, field, subject)

    # -- one value's schema ---------------------------------------------------------------

    def _refine(self, existing: Schema, field: RenderedField, subject: str, describe: bool = True) -> Schema:
        """`existing` with what the page adds about it, never narrower (`describe`: whether
        a missing description goes on the schema; a parameter carries its own)."""
        result = dict(existing)
        resolved = self._resolve(existing)
        stated = field.schema()
        if describe and field.description and not result.get("description") and not resolved.get("description"):
            result["description"] = field.description
            self.fact(field.line, subject, "description")
        if field.has_default and "default" not in result and "default" not in resolved:
            result["default"] = field.default
            self.fact(field.line, subject, f"default {field.default!r}")
        if field.format and "format" not in resolved and "$ref" not in result:
            result["format"] = field.format
            self.fact(field.line, subject, f"format {field.format!r}")
        if field.allowed and isinstance(resolved.get("enum"), list):
            missing = [v for v in field.allowed if v not in resolved["enum"]]
            if missing:
                resolved["enum"] = [*resolved["enum"], *missing]  # resolved is the definition itself
                if resolved is existing:  # an inline enum: the copy made above grows too
                    result["enum"] = resolved["enum"]
                how = " (quoted in its description)" if field.allowed_from_description else ""
                self.fact(field.line, subject, f"enum values {', '.join(repr(v) for v in missing)}{how}")
        have, show = self._types(result), self._types(assertions_of(stated))
        if field.type.shapeless:  # no shape to add; "or null" is still a fact
            if have is not None and show is not None and "null" in show - have:
                self.fact(field.line, subject, f"also null, as the page shows ({field.type.text.strip()})")
                return make_nullable(result)
            return result
        if have is None or show is None:  # the document admits anything already
            return result
        missing_types = {t for t in show - have if not (t == "integer" and "number" in have)}
        if not missing_types:
            return result
        if missing_types == {"null"}:
            widened = make_nullable(result)
        else:
            widened = merge_schema(result, {k: v for k, v in stated.items() if k not in annotations_of(stated)})
        self.fact(field.line, subject, f"also accepts {field.type.text.strip()} as the page shows (was {_describe(have)})")
        return widened

    def _resolve(self, schema: Schema, depth: int = 0) -> Schema:
        if "$ref" in schema and depth < 32:
            name = ref_to_name(str(schema["$ref"]))
            target = self.schemas.get(name) if name else None
            if isinstance(target, dict):
                return self._resolve(target, depth + 1)
        return schema

    def _types(self, schema: Any, depth: int = 0) -> set[str] | None:
        """The JSON types a schema admits (None: any value)."""
        if not isinstance(schema, dict) or depth > 32:
            return None
        if "$ref" in schema:
            target = self._resolve(schema)
            return None if target is schema else self._types(target, depth + 1)
        if "const" in schema or "enum" in schema:
            values = [schema["const"]] if "const" in schema else list(schema["enum"])
            return {json_type(v) for v in values}
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list):
                found: set[str] = set()
                for member in schema[key]:
                    kinds = self._types(member, depth + 1)
                    if kinds is None:
                        return None
                    found |= kinds
                return found
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            return self._types(schema["allOf"][0], depth + 1)
        kinds = schema.get("type")
        if isinstance(kinds, str):
            return {kinds}
        if isinstance(kinds, list):
            return {str(k) for k in kinds}
        return None

    # -- an operation only the page knows ----------------------------------------------------

    def create_operation(self) -> RenderedOperation:
        page = self.page
        identity = _identity_from_path(page.method, page.path)
        taken = {
            str(op.get("operationId"))
            for item in (self.document.get("paths") or {}).values()
            for op in item.values()
            if isinstance(op, dict)
        }
        if identity.dotted in taken:
            identity = OperationIdentity((), snake_case(f"{page.method} {page.path}"))
        label = f"{page.method.upper()} {page.path}"
        operation: dict[str, Any] = {"operationId": identity.dotted, "summary": page.title} if page.title else {"operationId": identity.dotted}
        operation["responses"] = {}
        paths = self.document.setdefault("paths", {})
        paths.setdefault(page.path, {})[page.method] = operation
        if page.server and page.server != ((self.document.get("servers") or [{}])[0]).get("url", page.server):
            operation["servers"] = [{"url": page.server}]
        self.fact(page.source.line, label, f"operation known only from a rendered page, called `{identity.dotted}` after its path")
        self.onto_operation(page.path, operation)
        if not any(str(s).startswith("2") for s in operation["responses"]):
            operation["responses"]["200"] = {"description": page.response_description or "Successful Response"}
        set_sdk_call(operation, identity.resource, identity.method)
        mark_rendered_only(operation)
        self.document["paths"] = dict(sorted(paths.items()))
        return RenderedOperation(page.path, page.method, identity, page.source)


def _path_parameter_names(page_path: str, document_path: str) -> dict[str, str]:
    """The page's path parameter names mapped to the document's, by position."""
    ours = re.findall(r"\{([^}/]*)\}", page_path)
    theirs = re.findall(r"\{([^}/]*)\}", document_path)
    return dict(zip(ours, theirs)) if len(ours) == len(theirs) else {}


_VERSION_SEGMENT = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)
_VERBS = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete", "head": "head", "options": "options"}


def _identity_from_path(method: str, path: str) -> OperationIdentity:
    """`GET /v1/things` → things.list, `GET /v1/things/{id}` → things.get, `POST
    /v1/things/{id}/cancel` → things.cancel: REST's conventions, for a page with no SDK name."""
    segments = [s for s in path.strip("/").split("/") if s and not _VERSION_SEGMENT.match(s)]
    static = [snake_case(s) for s in segments if not s.startswith("{")]
    ends_with_parameter = bool(segments) and segments[-1].startswith("{")
    if len(segments) >= 2 and not ends_with_parameter and segments[-2].startswith("{") and method == "post":
        return OperationIdentity(tuple(static[:-1]), static[-1])  # an action on one item
    verb = "get" if method == "get" and ends_with_parameter else _VERBS.get(method, method)
    return OperationIdentity(tuple(s for s in static if s), verb)


def _summary(field: RenderedField, required: bool) -> str:
    parts = [field.type.text.strip()]
    if field.allowed:
        parts.append("values " + ", ".join(repr(v) for v in field.allowed) + (" (quoted in its description)" if field.allowed_from_description else ""))
    if field.has_default:
        parts.append(f"default {field.default!r}")
    parts.append("required" if required else "optional")
    return ", ".join(parts)


def _describe(kinds: set[str] | None) -> str:
    return "any value" if kinds is None else " or ".join(sorted(kinds))
