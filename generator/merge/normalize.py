"""Turn one fragment's Fern-export quirks into standard OpenAPI 3.1 / JSON Schema 2020-12.

Each rewrite keeps what the schema accepts and gives one canonical form for it, so that
two pages saying the same thing end up byte-equal and merging can compare them:

- `enum: [{value: x}]` → `enum: [x]`; `enum: [{type: stringLiteral, value: x}]` (and
  `booleanLiteral`, `numberLiteral`) → `const: x`
- `oneOf` → `anyOf` (a client accepts what any branch accepts; widening a branch in a
  merge must not make two branches overlap into a `oneOf` failure)
- "or null" in one form: `type: [x, 'null']` for plain types, `anyOf: [.., {type: 'null'}]`
  otherwise; OpenAPI 3.0 `nullable: true` likewise
- `{description: Any type}` → `{}`; `properties: {}` dropped
- `$ref` keeps annotation siblings; other siblings move next to it under `allOf`
- nested tag lists flattened; empty `content: {}` responses mean "no body"
- a path parameter is `required: true`, which OpenAPI demands of every one (some pages say
  false; the URL cannot be built without it either way)
"""

from __future__ import annotations

from typing import Any

from ..common.json_values import JSON_CONTAINERS, copy_json
from ..spec import extensions
from ..spec.schema_forms import (
    ANNOTATIONS,
    SCHEMA_KEYWORDS,
    SCHEMA_LIST_KEYWORDS,
    SCHEMA_MAP_KEYWORDS,
    Schema,
    is_annotation,
    is_null_schema,
    json_type,
    make_nullable,
    types_of,
    unique_values,
)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LITERAL_KINDS = frozenset({"stringLiteral", "booleanLiteral", "numberLiteral", "integerLiteral", "literal"})
_ANY_TYPE_DESCRIPTIONS = frozenset({"Any type", "any type"})


def normalize_schema(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return schema
    out: Schema = {}
    for key, value in schema.items():
        if key in SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
            out[key] = {name: normalize_schema(sub) for name, sub in value.items()}
        elif key in SCHEMA_KEYWORDS:
            out[key] = normalize_schema(value) if not isinstance(value, list) else [normalize_schema(v) for v in value]
        elif key in SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            out[key] = [normalize_schema(v) for v in value]
        else:
            out[key] = copy_json(value) if type(value) in JSON_CONTAINERS else value  # no container shared with the input
    if isinstance(out.get("items"), list):  # OpenAPI 3.0 / draft-04 tuple form
        out["prefixItems"] = out.pop("items")
    _fix_enum(out)
    _fix_value_types(out)
    _fix_type(out)
    _fix_one_of(out)
    if out.get("properties") == {}:
        del out["properties"]
    if out.get("description") in _ANY_TYPE_DESCRIPTIONS and not any(not is_annotation(k) for k in out):
        del out["description"]
    out = _fix_ref_siblings(out)
    out = _fix_any_of(out)
    if out.pop("nullable", False) is True:
        out = make_nullable(out)
    return out


def _fix_enum(schema: Schema) -> None:
    members = schema.get("enum")
    if not isinstance(members, list) or "object" in types_of(schema):
        return
    if not any(isinstance(m, dict) and "value" in m for m in members):
        return
    values: list[Any] = []
    descriptions: dict[str, str] = {}
    names: dict[str, str] = {}
    literal = True
    for member in members:
        if isinstance(member, dict) and "value" in member:
            value = member["value"]
            literal = literal and member.get("type") in _LITERAL_KINDS
            if member.get("description"):
                descriptions[str(value)] = str(member["description"])
            if member.get("name"):
                names[str(value)] = str(member["name"])
        else:
            value = member
            literal = False
        values.append(value)
    values = unique_values(values)
    del schema["enum"]
    if literal and len(values) == 1:
        schema["const"] = values[0]
    else:
        schema["enum"] = values
    if descriptions:
        schema["x-enum-descriptions"] = descriptions
    if names:
        schema["x-enum-varnames"] = names


def _fix_value_types(schema: Schema) -> None:
    """A `type` that its own `const` or `enum` values do not have takes them in: Fern writes
    `type: string` beside a `booleanLiteral` (a schema no value could satisfy)."""
    kinds = schema.get("type")
    if not isinstance(kinds, (str, list)) or not ("const" in schema or isinstance(schema.get("enum"), list)):
        return
    declared = [kinds] if isinstance(kinds, str) else list(kinds)
    values = [schema["const"]] if "const" in schema else list(schema["enum"])
    missing = []
    for value in values:
        kind = json_type(value)
        if kind not in declared and not (kind == "integer" and "number" in declared) and kind not in missing:
            missing.append(kind)
    if not missing:
        return
    if "const" in schema:  # a literal: its value says what it is
        declared = [k for k in declared if k == "null"]
    merged = [*[k for k in declared if k != "null"], *missing, *(["null"] if "null" in declared else [])]
    schema["type"] = merged[0] if len(merged) == 1 else merged


def _fix_type(schema: Schema) -> None:
    kind = schema.get("type")
    if isinstance(kind, list):
        unique = list(dict.fromkeys(kind))
        if "null" in unique:  # null last, one canonical order
            unique = [t for t in unique if t != "null"] + ["null"]
        schema["type"] = unique[0] if len(unique) == 1 else unique
        if "null" in unique and "enum" in schema and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]


def _fix_one_of(schema: Schema) -> None:
    if "oneOf" not in schema:
        return
    members = schema.pop("oneOf")
    if "anyOf" in schema:
        schema["allOf"] = [*schema.get("allOf", []), {"anyOf": schema.pop("anyOf")}, {"anyOf": members}]
    else:
        schema["anyOf"] = members


def _fix_ref_siblings(schema: Schema) -> Schema:
    if "$ref" not in schema:
        return schema
    others = {k: v for k, v in schema.items() if k != "$ref" and not is_annotation(k)}
    if not others:
        return schema
    result = {k: v for k, v in schema.items() if is_annotation(k)}
    result.update({k: v for k, v in others.items() if k != "allOf"})
    result["allOf"] = [{"$ref": schema["$ref"]}, *others.get("allOf", [])]
    return result


def _fix_any_of(schema: Schema) -> Schema:
    members = schema.get("anyOf")
    if not isinstance(members, list):
        return schema
    flat: list[Any] = []
    for member in members:
        nested = member.get("anyOf") if isinstance(member, dict) else None
        if isinstance(nested, list) and all(k == "anyOf" or k in ANNOTATIONS for k in member):
            flat.extend(nested)
        else:
            flat.append(member)
    unique = unique_values(flat)
    nullable = any(is_null_schema(m) for m in unique)
    rest = [m for m in unique if not is_null_schema(m)]
    outer = {k: v for k, v in schema.items() if k != "anyOf"}
    if len(rest) == 1 and isinstance(rest[0], dict) and not any(k in rest[0] and k in outer for k in rest[0]):
        single = {**outer, **rest[0]}
        if outer and any(not is_annotation(k) for k in outer):
            single = {**outer, "anyOf": rest}
        return make_nullable(single) if nullable else single
    result = {**outer, "anyOf": rest}
    return make_nullable(result) if nullable else result


def normalize_tags(tags: Any) -> list[str]:
    """Fern writes `tags: [[a, a/b]]`; OpenAPI wants a flat list of strings."""
    flat: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                visit(item)
        elif value is not None:
            text = str(value)
            if text not in flat:
                flat.append(text)

    visit(tags)
    return flat


def normalize_document(document: dict[str, Any]) -> dict[str, Any]:
    """A normalized deep copy of one fragment; schema names are left as they are. (The
    component schemas, most of a document, are copied by `normalize_schema` as it rebuilds
    them, not once before.)"""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(components, dict) and isinstance(schemas, dict):
        doc: dict[str, Any] = copy_json({**document, "components": {**components, "schemas": {}}})
        doc["components"]["schemas"] = {name: normalize_schema(schema) for name, schema in schemas.items()}
    else:
        doc = copy_json(document)
    for path_item in (doc.get("paths") or {}).values():
        if not isinstance(path_item, dict):
            continue
        for parameter in path_item.get("parameters") or []:
            _normalize_parameter(parameter)
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if isinstance(operation, dict):
                _normalize_operation(operation)
    components = doc.get("components") or {}
    for parameter in (components.get("parameters") or {}).values():
        _normalize_parameter(parameter)
    for response in (components.get("responses") or {}).values():
        _normalize_response(response)
    for body in (components.get("requestBodies") or {}).values():
        _normalize_content(body)
    return doc


def _normalize_operation(operation: dict[str, Any], nested: bool = False) -> None:
    view = operation.get(extensions.STREAM)
    if isinstance(view, dict) and not nested:  # a merged document's streaming view (streaming.py)
        _normalize_operation(view, nested=True)
    if "tags" in operation:
        operation["tags"] = normalize_tags(operation["tags"])
    for parameter in operation.get("parameters") or []:
        _normalize_parameter(parameter)
    if isinstance(operation.get("requestBody"), dict):
        _normalize_content(operation["requestBody"])
    for response in (operation.get("responses") or {}).values():
        _normalize_response(response)


def _normalize_parameter(parameter: Any) -> None:
    if isinstance(parameter, dict):
        if parameter.get("in") == "path":
            parameter["required"] = True
        if "schema" in parameter:
            parameter["schema"] = normalize_schema(parameter["schema"])
        _normalize_content(parameter)


def _normalize_response(response: Any) -> None:
    if isinstance(response, dict):
        _normalize_content(response)
        for header in (response.get("headers") or {}).values():
            _normalize_parameter(header)


def _normalize_content(holder: dict[str, Any]) -> None:
    content = holder.get("content")
    if content == {} or content is None and "content" in holder:
        del holder["content"]
        return
    if isinstance(content, dict):
        for media in content.values():
            if isinstance(media, dict) and "schema" in media:
                media["schema"] = normalize_schema(media["schema"])
