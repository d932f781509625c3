"""Hypothesis strategies for random but structurally plausible API descriptions.

`inputs()` draws one input file for `sdkgen regenerate-sdk`: an OpenAPI 3.0/3.1 document
(YAML or JSON) or a Fern-style Markdown page with the document in a yaml block. Documents
have a few component schemas (objects, arrays, maps, enums, consts, nullables, anyOf and
oneOf unions, tagged unions, allOf, recursion through objects, odd names and strings) and
a few operations (path, query and header parameters, JSON bodies, JSON/204/binary responses).

References between schemas never form a cycle of non-object schemas unless a pure alias
cycle (A -> B -> A) is planted on purpose; `FuzzInput.alias_cycle` says so, and such an
input generates with a warning naming the cycle, whose schemas are typed Any.

Shapes that test the limits on input (generator/limits.py) are drawn too: schemas shared
through YAML anchors and aliases, schemas nested up to and past `max_depth`, names up to and
past `max_name_length`, numbers and booleans as YAML keys (`200:`), odd response keys
(`2XX`, `default`) and defaults that do not fit their type (left out, with a warning). Now and
then one input is made hostile on purpose (an alias bomb, a `null` key, a `!!binary` value, a
status `²²²`, nesting or a name past the limit); `FuzzInput.refusal` then holds what its
error must say.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import yaml
from hypothesis import assume
from hypothesis import strategies as st

from generator.read.yaml_loader import load_yaml

Schema = dict[str, Any]

# Awkward names: Python keywords, BaseModel members, builtins, Fern's type ids and variants,
# case clashes, separators, reserved file names, non-ASCII.
ODD_NAMES = [
    "class", "from", "import", "model_config", "model_id", "schema", "json", "copy", "dict", "fields",
    "str", "list", "type", "self", "id", "2fa", "x-dashed", "camelCase", "camel_case", "CamelCase",
    "__init__", "__dunder__", "_private", "a b", "a.b", "a:b", "CON", "NUL", "None", "True", "Any",
    "Field", "List", "Union", "Literal", "Thing-Input", "Thing-Output", "type_pkg:Thing", "Ünïcödé",
    "名前", "A", "a", "ab", "AB", "value", "request_options", "response", "200", "true", "null", "1.5", "~",
]  # fmt: skip
ODD_STRINGS = [
    "", " ", '"""', "'''", "\\", "\\n", "a\nb", "\t", "\x00", "\x7f", "\u2028", "\u2029", "\u202e",
    "{{ x }}", "{% if %}", "#", "é", "日本", "🙂", "None", "null", "true", "1", "0x10", "on",
    "2024-01-01", "12:30", ".nan", "-", "a\"b", "%s", "${x}",
]  # fmt: skip
FORMATS = ["date-time", "date", "uuid", "email", "uri", "int64", "byte", "password", None]
MISFIT_DEFAULTS: list[Schema] = [
    {"type": "integer", "default": 1.5},
    {"type": "integer", "default": float("inf")},
    {"type": "integer", "default": "1"},
    {"type": "integer", "default": True},
    {"type": "number", "default": "x"},
    {"type": "boolean", "default": 0},
    {"type": "string", "default": 5},
    {"type": "string", "enum": ["a", "b"], "default": "c"},
    {"const": "a", "default": "b"},
    {"type": "array", "items": {"type": "string"}, "default": "a"},
    {"type": "string", "format": "binary", "default": "x"},
]
DEPTH_LIMIT = 128  # generator/limits.py: max_depth by default
NAME_LIMIT = 1024  # max_name_length by default

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
odd_string = st.one_of(st.sampled_from(ODD_STRINGS), text)
identifier = st.from_regex(r"\A[a-z][a-zA-Z0-9_]{0,10}\Z")
odd_name = st.one_of(st.sampled_from(ODD_NAMES), identifier, text.filter(lambda s: s.strip() != ""))
# Parameter names sit in `{...}` path slots and in headers: no braces or slashes there.
slot_name = st.one_of(st.sampled_from([n for n in ODD_NAMES if "/" not in n]), identifier)
header_name = st.one_of(st.sampled_from(["X-Request-Id", "x-dashed", "If-Match", "x_under", "X-2fa"]), identifier)


@dataclass
class FuzzInput:
    files: list[tuple[str, str]]  # (text, suffix: ".yaml", ".json" or ".md"), read in this order
    alias_cycle: bool  # a pure alias cycle was planted: typed Any, with a warning
    refusal: str | None = None  # a hostile shape was planted: must exit 2 with an error matching this


def ref(name: str) -> Schema:
    return {"$ref": "#/components/schemas/" + quote(name.replace("~", "~0").replace("/", "~1"), safe="~")}


# -- schemas -----------------------------------------------------------------------------------


@st.composite
def annotations(draw: st.DrawFn, schema: Schema) -> Schema:
    """Maybe a description, title, example or deprecated flag."""
    if draw(st.booleans()):
        schema["description"] = draw(odd_string)
    if draw(st.integers(0, 5)) == 0:
        schema["title"] = draw(odd_string)
    if draw(st.integers(0, 5)) == 0:
        schema["example"] = draw(odd_string)
    if draw(st.integers(0, 8)) == 0:
        schema["deprecated"] = True
    return schema


@st.composite
def leaf(draw: st.DrawFn, refs: list[str]) -> Schema:
    choices = ["string", "integer", "number", "boolean", "enum", "int_enum", "const", "any", "string_format", "odd", "odd", "misfit"]
    if refs:
        choices += ["ref", "ref"]
    kind = draw(st.sampled_from(choices))
    if kind == "ref":
        return ref(draw(st.sampled_from(refs)))
    if kind == "string":
        schema: Schema = {"type": "string"}
        if draw(st.booleans()):
            schema["default"] = draw(odd_string)
    elif kind == "string_format":
        schema = {"type": "string"}
        fmt = draw(st.sampled_from(FORMATS))
        if fmt:
            schema["format"] = fmt
    elif kind == "integer":
        schema = {"type": "integer"}
        if draw(st.booleans()):
            schema["minimum"] = draw(st.integers(-5, 5))
        if draw(st.booleans()):
            schema["default"] = draw(st.integers(schema.get("minimum", -100), 100))
    elif kind == "number":
        schema = {"type": "number"}
        if draw(st.booleans()):
            schema["default"] = draw(st.floats(-1e6, 1e6, allow_nan=False))
    elif kind == "boolean":
        schema = {"type": "boolean"}
        if draw(st.booleans()):
            schema["default"] = draw(st.booleans())
    elif kind == "enum":
        values = draw(st.lists(odd_string, min_size=1, max_size=4, unique=True))
        schema = {"type": "string", "enum": values}
        if draw(st.booleans()):
            schema["default"] = draw(st.sampled_from(values))
        if draw(st.integers(0, 3)) == 0:  # Fern's form
            schema["enum"] = [{"value": v} for v in values]
    elif kind == "int_enum":
        schema = {"type": "integer", "enum": draw(st.lists(st.integers(-3, 300), min_size=1, max_size=4, unique=True))}
    elif kind == "const":
        value = draw(st.one_of(odd_string, st.integers(-5, 5), st.booleans()))
        schema = {"const": value}
        if isinstance(value, str) and draw(st.booleans()):
            schema["type"] = "string"
    elif kind == "misfit":  # a default that does not fit the type: left out, with a warning
        schema = copy.deepcopy(draw(st.sampled_from(MISFIT_DEFAULTS)))
    elif kind == "odd":  # legal but unusual shapes
        schema = draw(
            st.sampled_from(
                [
                    {"type": ["string", "integer"]},
                    {"type": ["string", "null"], "enum": ["a", "b", None]},
                    {"enum": [1, "one", True, None, 1.5]},
                    {"enum": [None]},
                    {"const": None},
                    {"type": "array"},
                    {"type": "object"},
                    {"type": "object", "required": ["missing"]},
                    {"type": "number", "enum": [0.5, 2]},
                    {"anyOf": [{"const": True}, {"type": "integer"}]},
                    {"type": ["boolean", "integer", "null"]},
                    {"type": "integer", "format": "int64", "default": 0},
                    {"type": "string", "minLength": 2, "maxLength": 40},
                    {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
                    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": ["string", "null"]}}},
                ]
            )
        )
        schema = copy.deepcopy(schema)
    else:
        schema = {}
    return draw(annotations(schema))


@st.composite
def schemas(draw: st.DrawFn, refs: list[str], all_names: list[str], depth: int, openapi_30: bool) -> Schema:
    """A schema; `refs` are the names it may point at here, `all_names` those an object's properties may."""
    if depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(leaf(refs))
    kind = draw(st.sampled_from(["object", "object", "array", "map", "nullable", "any_of", "one_of", "all_of"]))

    def child(names: list[str]) -> Any:
        return schemas(names, all_names, depth - 1, openapi_30)

    if kind == "object":
        names = draw(st.lists(odd_name, min_size=1, max_size=4, unique=True))
        properties = {name: draw(child(all_names)) for name in names}
        schema: Schema = {"type": "object", "properties": properties}
        required = [name for name in names if draw(st.booleans())]
        if required:
            schema["required"] = required
        if draw(st.integers(0, 3)) == 0:
            schema["additionalProperties"] = draw(st.sampled_from([True, False, {"type": "string"}]))
        return draw(annotations(schema))
    if kind == "array":
        return {"type": "array", "items": draw(child(refs))}
    if kind == "map":
        return {"type": "object", "additionalProperties": draw(child(refs))}
    if kind == "nullable":
        inner = draw(child(refs))
        if openapi_30:
            return {**inner, "nullable": True} if "$ref" not in inner else {"allOf": [inner], "nullable": True}
        if list(inner) == ["type"] and isinstance(inner["type"], str):
            return {"type": [inner["type"], "null"]}
        return {"anyOf": [inner, {"type": "null"}]}
    if kind in ("any_of", "one_of"):
        members = draw(st.lists(child(refs), min_size=2, max_size=3))
        return {"anyOf" if kind == "any_of" else "oneOf": members}
    # allOf: a reference plus more properties, or two inline objects
    first = ref(draw(st.sampled_from(all_names))) if all_names and draw(st.booleans()) else draw(child(all_names))
    extra_name = draw(odd_name)
    return {"allOf": [first, {"type": "object", "properties": {extra_name: draw(child(all_names))}}]}


@st.composite
def components(draw: st.DrawFn, openapi_30: bool) -> tuple[dict[str, Schema], bool]:
    """Component schemas by name, and whether a pure alias cycle was planted."""
    names = draw(st.lists(odd_name, min_size=1, max_size=5, unique_by=lambda n: n.lower()))
    found: dict[str, Schema] = {}
    for index, name in enumerate(names):
        # Aliases only point at earlier names; objects' properties may point anywhere (recursion).
        found[name] = draw(schemas(names[:index], names, depth=3, openapi_30=openapi_30))
    if draw(st.integers(0, 2)) == 0:  # a tagged union of object variants
        tag = draw(st.sampled_from(["type", "kind", "event-type", "class"]))
        variants = draw(st.lists(odd_name.filter(lambda n: n.lower() not in {m.lower() for m in found}), min_size=2, max_size=3, unique_by=lambda n: n.lower()))
        values = draw(st.lists(odd_string, min_size=len(variants), max_size=len(variants), unique=draw(st.integers(0, 4)) != 0))
        for variant, value in zip(variants, values):
            tag_schema: Schema = {"const": value} if draw(st.booleans()) else {"type": "string", "enum": [value]}
            properties = {tag: tag_schema, draw(odd_name): draw(leaf(list(found)))}
            found[variant] = {"type": "object", "properties": properties, "required": [tag] if draw(st.booleans()) else []}
            if not found[variant]["required"]:
                del found[variant]["required"]
        union: Schema = {"oneOf" if draw(st.booleans()) else "anyOf": [ref(v) for v in variants]}
        if draw(st.booleans()):
            union["discriminator"] = {"propertyName": tag}
            if draw(st.booleans()):
                union["discriminator"]["mapping"] = {value: ref(variant)["$ref"] for variant, value in zip(variants, values)}
        union_name = draw(odd_name.filter(lambda n: n.lower() not in {m.lower() for m in found}))
        found[union_name] = union
    if draw(st.integers(0, 2)) == 0:  # recursion through an object, on purpose
        node = draw(odd_name.filter(lambda n: n.lower() not in {m.lower() for m in found}))
        found[node] = {
            "type": "object",
            "properties": {
                "label": {"type": "string"},
                "children": {"type": "array", "items": {"anyOf": [ref(node), {"type": "string"}]}},
                "next": {"anyOf": [ref(node), {"type": "null"}]},
                "by_name": {"type": "object", "additionalProperties": ref(node)},
            },
        }
    cycle = draw(st.integers(0, 9)) == 0
    if cycle:
        a, b = draw(st.lists(odd_name.filter(lambda n: n.lower() not in {m.lower() for m in found}), min_size=2, max_size=2, unique_by=lambda n: n.lower()))
        found[a] = ref(b)
        found[b] = ref(a) if draw(st.booleans()) else {"anyOf": [ref(a), {"type": "null"}]}
    return found, cycle


# -- operations ----------------------------------------------------------------------------------


@st.composite
def parameter_schema(draw: st.DrawFn) -> Schema:
    return draw(
        st.sampled_from(
            [
                {"type": "string"},
                {"type": "integer"},
                {"type": "boolean"},
                {"type": "number"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "string", "enum": ["a", "b c", "é"]},
                {"type": "string", "format": "date-time"},
            ]
        )
    )


@st.composite
def operations(draw: st.DrawFn, schema_names: list[str], openapi_30: bool) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    count = draw(st.integers(1, 3))
    for index in range(count):
        method = draw(st.sampled_from(["get", "post", "put", "patch", "delete"]))
        slots = draw(st.lists(slot_name, max_size=2, unique_by=lambda n: n.lower()))
        path = f"/v{index}/" + draw(st.sampled_from(["items", "a-b", "é", "x.y", "CON"])) + "".join(f"/{{{slot}}}" for slot in slots)
        parameters: list[dict[str, Any]] = [{"name": slot, "in": "path", "required": True, "schema": {"type": "string"}} for slot in slots]
        for name in draw(st.lists(odd_name, max_size=3, unique=True)):
            parameters.append({"name": name, "in": "query", "required": draw(st.booleans()), "schema": draw(parameter_schema())})
        for name in draw(st.lists(header_name, max_size=1)):
            if name not in {p["name"] for p in parameters}:
                parameters.append({"name": name, "in": "header", "schema": {"type": "string"}})
        operation: dict[str, Any] = {}
        naming = draw(st.sampled_from(["fern", "operation_id", "tags", "none"]))
        if naming == "fern":
            operation["x-fern-sdk-group-name"] = draw(st.lists(odd_name, max_size=2))
            operation["x-fern-sdk-method-name"] = draw(st.one_of(st.builds(lambda name, index=index: f"m{index}_{name}", identifier), st.sampled_from(["get", "list", "create", "delete"])))
        elif naming == "operation_id":
            operation["operationId"] = f"op{index}" + draw(odd_string)
        elif naming == "tags":
            operation["tags"] = [draw(odd_name)]
            operation["operationId"] = f"op{index}"
        if draw(st.booleans()):
            operation["summary"] = draw(odd_string)
        if draw(st.booleans()):
            operation["description"] = draw(odd_string)
        if parameters:
            operation["parameters"] = parameters
        body_schemas = schema_names + schema_names
        if method in ("post", "put", "patch") and draw(st.booleans()):
            body = ref(draw(st.sampled_from(schema_names))) if schema_names and draw(st.booleans()) else draw(schemas(schema_names, schema_names, 2, openapi_30))
            operation["requestBody"] = {"required": draw(st.booleans()), "content": {"application/json": {"schema": body}}}
        response_kind = draw(st.sampled_from(["json", "json", "json", "empty", "binary"]))
        if response_kind == "json":
            body = ref(draw(st.sampled_from(body_schemas))) if body_schemas and draw(st.booleans()) else draw(schemas(schema_names, schema_names, 2, openapi_30))
            responses: dict[str, Any] = {"200": {"description": draw(odd_string) or "OK", "content": {"application/json": {"schema": body}}}}
        elif response_kind == "empty":
            responses = {"204": {"description": "No content"}}
        else:
            responses = {"200": {"description": "audio", "content": {"audio/mpeg": {"schema": {"type": "string", "format": "binary"}}}}}
        if response_kind != "empty" and draw(st.integers(0, 3)) == 0:
            # another 2xx answer: the method returns the union, parsed by status
            other = draw(st.sampled_from(["201", "202", "204", "2XX"]))
            body = ref(draw(st.sampled_from(body_schemas))) if body_schemas and draw(st.booleans()) else draw(schemas(schema_names, schema_names, 2, openapi_30))
            responses[other] = {"description": "other"} if other == "204" else {"description": "other", "content": {"application/json": {"schema": body}}}
        if draw(st.integers(0, 3)) == 0:
            responses["422"] = {"description": "invalid", "content": {"application/json": {"schema": {"type": "object", "properties": {"detail": {"type": "string"}}}}}}
        if draw(st.integers(0, 3)) == 0:  # error bodies by range or default
            key = draw(st.sampled_from(["4XX", "4xx", "5XX", "default"]))
            body = ref(draw(st.sampled_from(schema_names))) if schema_names and draw(st.booleans()) else {"type": "object", "properties": {"message": {"type": "string"}}}
            responses[key] = {"description": "error", "content": {"application/json": {"schema": body}}}
        operation["responses"] = responses
        paths.setdefault(path, {})[method] = operation
    return paths


# -- whole inputs ------------------------------------------------------------------------------------


@st.composite
def variant_of(draw: st.DrawFn, schema: Schema, names: list[str]) -> Schema:
    """The same schema as another page might define it: a property more or less, another type,
    other required properties or enum values (what `sdkgen` merges into one definition)."""
    changed = copy.deepcopy(schema)
    properties = changed.get("properties")
    if not isinstance(properties, dict) or not properties:
        if isinstance(changed.get("enum"), list) and changed["enum"] and all(isinstance(v, str) for v in changed["enum"]):
            changed["enum"] = [*changed["enum"], draw(odd_string.filter(lambda v: v not in changed["enum"]))]
        elif draw(st.booleans()):
            changed["description"] = draw(odd_string)
        return changed
    how = draw(st.sampled_from(["add", "drop", "retype", "required", "describe"]))
    victim = draw(st.sampled_from(sorted(properties)))
    if how == "add":
        properties[draw(odd_name.filter(lambda n: n not in properties))] = draw(leaf(names))
    elif how == "drop" and len(properties) > 1:
        del properties[victim]
        if victim in (changed.get("required") or []):
            changed["required"].remove(victim)
            if not changed["required"]:
                del changed["required"]
    elif how == "retype":
        properties[victim] = draw(leaf(names))
    elif how == "required":
        required = [n for n in properties if draw(st.booleans())]
        changed.pop("required", None)
        if required:
            changed["required"] = required
    else:
        properties[victim] = {**properties[victim], "description": draw(odd_string)} if "$ref" not in properties[victim] else properties[victim]
    return changed


def _page(title: str, method: str, path: str, prose: str, text: str) -> str:
    return (
        f"# {title}\n\n"
        f"{method.upper()} https://api.fuzz.example{path}\n\n{prose}\n\n"
        f"## OpenAPI Specification\n\n```yaml\n{text}```\n\n## SDK Code Examples\n\n```python\nclient.call()\n```\n"
    )


@st.composite
def _serialized(draw: st.DrawFn, document: dict[str, Any], form: str) -> tuple[str, str]:
    if form == "json":
        return json.dumps(document, indent=draw(st.sampled_from([None, 2])), ensure_ascii=draw(st.booleans())), ".json"
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=draw(st.booleans()), width=10**6)
    if draw(st.booleans()):  # status codes as YAML integers (`200:`): read as the strings they are written as
        text = re.sub(r"^(\s+)'([1-5][0-9][0-9])':", r"\1\2:", text, flags=re.M)
    assume(load_yaml(text) == document)  # what the YAML says is what was drawn
    if form == "yaml":
        return text, ".yaml"
    assume("\n```" not in text and not text.startswith("```"))
    path, item = next(iter(document["paths"].items()))
    title = " ".join(draw(odd_string).split()) or "Page"  # one line: a line break could start a page
    return _page(title, next(iter(item)), path, " ".join(draw(odd_string).split()), text), ".md"


@st.composite
def inputs(draw: st.DrawFn) -> FuzzInput:
    openapi_30 = draw(st.booleans())
    schema_map, cycle = draw(components(openapi_30))
    paths = draw(operations(list(schema_map), openapi_30))
    if cycle:  # make sure an operation uses the cycle (it is warned about either way)
        first = next(iter(paths.values()))
        next(iter(first.values()))["responses"] = {"200": {"description": "OK", "content": {"application/json": {"schema": ref(list(schema_map)[-1])}}}}
    if draw(st.booleans()):  # a reference with siblings (description, default, nullable)
        name, schema = draw(st.sampled_from([(n, s) for n, s in schema_map.items() if isinstance(s.get("properties"), dict) and s["properties"]] or [("", {})]))
        if name:
            prop = draw(st.sampled_from(sorted(schema["properties"])))
            target = draw(st.sampled_from(list(schema_map)))
            sibling: Schema = {"description": draw(odd_string)}
            if openapi_30 and draw(st.booleans()):
                sibling["nullable"] = True
            schema["properties"][prop] = {**ref(target), **sibling}
    refusal: str | None = None
    if draw(st.integers(0, 3)) == 0:  # the same schema object in two places: YAML writes an anchor and an alias
        holders = [s for s in schema_map.values() if isinstance(s.get("properties"), dict) and s["properties"]]
        if holders:
            holder = draw(st.sampled_from(holders))
            shared = holder["properties"][draw(st.sampled_from(sorted(holder["properties"])))]
            holder["properties"][draw(odd_name.filter(lambda n: n not in holder["properties"]))] = shared
    # Schemas the limit shapes below may rewrite: not the two of a planted alias cycle (the last two).
    rewritable = list(schema_map)[:-2] if cycle else list(schema_map)
    if rewritable and draw(st.integers(0, 5)) == 0:  # one schema nested deep: up to the depth limit and past it
        name = draw(st.sampled_from(rewritable))
        nesting = draw(st.sampled_from([n for n in NESTINGS if not n.endswith("_30") or openapi_30]))
        for level in range(draw(st.integers(1, 70))):
            schema_map[name] = nest_schema(nesting, schema_map[name], level)
    if draw(st.integers(0, 5)) == 0:  # a long property name, up to the name limit and past it
        holders = [s for s in schema_map.values() if isinstance(s.get("properties"), dict)]
        if holders:
            length = draw(st.sampled_from([100, 300, NAME_LIMIT - 1, NAME_LIMIT, NAME_LIMIT + 1]))
            holder = draw(st.sampled_from(holders))
            holder["properties"][draw(st.sampled_from(["a", "A", "aB", "_x", "é"])) * length] = {"type": "string"}
    if draw(st.integers(0, 4)) == 0:  # odd but valid response keys
        operation = next(iter(next(iter(paths.values())).values()))
        operation["responses"][draw(st.sampled_from(["4XX", "5XX", "default"]))] = {"description": "other"}
    document: dict[str, Any] = {
        "openapi": "3.0.3" if openapi_30 else "3.1.0",
        "info": {"title": draw(odd_string) or "Fuzz", "version": "1"},
    }
    if draw(st.integers(0, 4)) != 0:
        document["servers"] = [{"url": "https://api.fuzz.example" + draw(st.sampled_from(["", "/v1", "/a b"]))}]
    document["paths"] = paths
    document["components"] = {"schemas": schema_map}
    plant = draw(st.sampled_from(["none"] * 30 + ["bomb", "status", "depth", "name"]))
    if plant == "bomb":  # YAML anchors nine levels deep, ten aliases each: 10^8 values expanded
        bomb: dict[str, Any] = {"l0": ["lol"]}
        for level in range(1, 9):
            bomb[f"l{level}"] = [bomb[f"l{level - 1}"]] * 10
        document["x-bomb"] = bomb
        refusal = r"YAML aliases add more than 100,000 values"
    elif plant == "status":
        operation = next(iter(next(iter(paths.values())).values()))
        operation["responses"][draw(st.sampled_from(["\u00b2\u00b2\u00b2", "2000", "20", "ok", "2xx"]))] = {"description": "odd"}
        refusal = r"is not a status code"
    elif plant == "depth" and rewritable:
        name = draw(st.sampled_from(rewritable))
        for level in range(DEPTH_LIMIT):
            schema_map[name] = nest_schema("items", schema_map[name], level)
        refusal = r"nest more than 128 levels deep"
    elif plant == "name":
        schema_map[draw(st.sampled_from(["N", "n", "Ab"])) * (NAME_LIMIT + draw(st.integers(1, 3000)))] = {"type": "string"}
        refusal = r"a key \(a property, schema or other name\) of [\d,]+ characters"
    if refusal is None and depth_of(document) > DEPTH_LIMIT:
        refusal = r"nest more than 128 levels deep"
    if refusal is None and _longest_key(document) > NAME_LIMIT:
        refusal = r"a key \(a property, schema or other name\) of [\d,]+ characters"
    form = draw(st.sampled_from(["yaml", "json", "markdown"] if plant != "bomb" else ["yaml", "markdown"]))
    files = [draw(_serialized(document, form))]
    if refusal is None and form != "json" and draw(st.sampled_from([False] * 19 + [True])):  # hostile YAML text
        text, suffix = files[0]
        planted = draw(st.sampled_from([("null key", "null"), ("binary", "!!binary aGk="), ("set", "!!set {a}")]))
        key = re.search(r"^(\s+)description: .*$", text, flags=re.M)
        if key is not None:
            if planted[0] == "null key":
                text = text[: key.start()] + f"{key.group(1)}null: x\n" + text[key.start():]
                refusal = r"a mapping key is null"
            else:
                text = text[: key.start()] + f"{key.group(1)}x-tagged: {planted[1]}\n" + text[key.start():]
                refusal = rf"{re.escape(planted[1].split()[0])} is not a JSON value"
            files = [(text, suffix)]
    if refusal is None and draw(st.integers(0, 2)) == 0:  # (its own errors could come before the planted one)
        # Another page of the same API: its own operation, and its own definitions of some of the
        # schemas (Fern pages carry the schemas they need), which may differ from the first page's.
        shared = draw(st.lists(st.sampled_from(list(schema_map)), min_size=1, max_size=3, unique=True))
        other_schemas = {name: draw(variant_of(schema_map[name], shared)) for name in shared}
        other_paths = draw(operations(shared, openapi_30))
        if draw(st.booleans()):
            other_paths = {"/other" + path: item for path, item in other_paths.items()}
        other = {**document, "paths": other_paths, "components": {"schemas": other_schemas}}
        files.append(draw(_serialized(other, draw(st.sampled_from(["yaml", "markdown"])))))
    return FuzzInput(files, cycle, refusal)


def _longest_key(value: Any) -> int:
    longest, stack = 0, [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            longest = max([longest, *(len(k) for k in node)])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return longest


# -- instances of a schema ---------------------------------------------------------------------------
#
# A small, bounded sampler (tests/instances.py explores every combination, which recursive and
# allOf-heavy random schemas turn into unbounded time and memory). Each (variant, full) pair gives at
# most one instance of size linear in the schema: `variant` rotates through enum values, union
# members and string shapes; `full` includes every property (down to FULL_DEPTH) where minimal
# instances hold only required ones. Callers validate the results (jsonschema) before use.

MISSING: Any = object()
FULL_DEPTH = 4
GIVE_UP_DEPTH = 30
SAMPLE_STRINGS = ["sample", "", "é \"q\" \\ \n 🙂", "2024-01-01T00:00:00Z", "null"]
ANY_VALUES: list[Any] = [{"anything": 1}, "text", 3, None, [1, "a"], 2.5, True]


SAMPLE_BUDGET = 5000  # schema nodes visited per instance: allOf/anyOf cycles would be exponential


class _OutOfBudget(Exception):
    pass


def instances(schema: Any, root: dict[str, Any], variants: int = 6) -> list[Any]:
    found: list[Any] = []
    for variant in range(variants):
        for full in (True, False):
            try:
                value = _sample(schema, root, 0, variant, full, [SAMPLE_BUDGET])
            except _OutOfBudget:
                continue
            if value is not MISSING and value not in found:
                found.append(value)
    return found


def _resolve(ref_text: str, root: dict[str, Any]) -> Any:
    from urllib.parse import unquote

    node: Any = root
    for part in ref_text[2:].split("/") if ref_text.startswith("#/") else []:
        part = unquote(part).replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node


def _sample(schema: Any, root: dict[str, Any], depth: int, variant: int, full: bool, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _OutOfBudget
    if depth > GIVE_UP_DEPTH:
        return MISSING
    if schema is True or schema == {}:
        return ANY_VALUES[variant % len(ANY_VALUES)]
    if not isinstance(schema, dict):
        return MISSING
    deep = depth >= FULL_DEPTH
    if "$ref" in schema:
        target = _resolve(str(schema["$ref"]), root)
        return MISSING if target is MISSING else _sample(target, root, depth + 1, variant, full, budget)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][variant % len(schema["enum"])]
    for key in ("anyOf", "oneOf"):
        members = schema.get(key)
        if isinstance(members, list) and members:
            if deep:  # cut recursion: null or a member without a reference first
                members = sorted(members, key=lambda m: (not (isinstance(m, dict) and m.get("type") == "null"), "$ref" in json.dumps(m)))
                order = members
            else:
                start = variant % len(members)
                order = members[start:] + members[:start]
            for member in order:
                value = _sample(member, root, depth + 1, variant // len(members), full, budget)
                if value is not MISSING:
                    return value
            return MISSING
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        parts = [_sample(member, root, depth + 1, variant, full, budget) for member in schema["allOf"]]
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        if any(k in rest for k in ("properties", "type", "items")):
            parts.append(_sample(rest, root, depth + 1, variant, full, budget))
        if any(part is MISSING for part in parts):
            return MISSING
        if all(isinstance(part, dict) for part in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            return merged
        return parts[0]
    kinds = schema.get("type")
    if isinstance(kinds, list):
        if not kinds:
            return MISSING
        if deep and "null" in kinds:
            return None
        return _sample({**schema, "type": kinds[variant % len(kinds)]}, root, depth, variant // len(kinds), full, budget)
    if kinds == "null":
        return None
    if kinds == "boolean":
        return variant % 2 == 0
    if kinds == "integer":
        return int(schema.get("minimum", 0)) + variant % 3
    if kinds == "number":
        return float(schema.get("minimum", 0)) + [0.5, 0.0, 1e300, -2.25][variant % 4]
    if kinds == "string":
        if schema.get("format") == "binary":
            return MISSING
        return SAMPLE_STRINGS[variant % len(SAMPLE_STRINGS)]
    if kinds == "array" or "items" in schema:
        if deep or not full:
            return []
        items = [_sample(schema.get("items", {}), root, depth + 1, variant + offset, full, budget) for offset in range(2)]
        return [item for item in items if item is not MISSING]
    if kinds == "object" or "properties" in schema or "additionalProperties" in schema:
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        result: dict[str, Any] = {}
        for index, (name, sub) in enumerate(properties.items()):
            if name not in required and (deep or not full):
                continue
            value = _sample(sub, root, depth + 1, variant + index, full, budget)
            if value is MISSING:
                if name in required:
                    return MISSING
                continue
            result[name] = value
        extra = schema.get("additionalProperties", True)
        if full and not deep and extra is not False:
            value = _sample(extra if isinstance(extra, dict) else {}, root, depth + 1, variant, full, budget)
            key = "extra key é" if properties else "key"
            if value is not MISSING and key not in properties:
                result[key] = value
        return result
    return ANY_VALUES[variant % len(ANY_VALUES)]


# -- documents nested to a given depth ---------------------------------------------------------------
#
# Every way a schema nests (properties, items, maps, unions, allOf, `not`, 3.0 nullable and tuple
# forms) and every place it can sit (a component, a response, a body, a parameter), plus values
# that nest (defaults, enums, consts, examples, extensions, tags), built to exactly a document
# depth: `sdkgen` must generate or refuse each cleanly up to its depth limit.

NESTINGS = ["properties", "items", "map", "any_of", "any_of_titled", "all_of", "one_of", "nullable_30", "not", "tuple_30", "mixed"]
PLACES = ["component", "response", "body", "parameter"]


def depth_of(value: Any) -> int:
    """Levels of arrays and mappings (the root is level 1; a scalar document has depth 0)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def nest_schema(nesting: str, inner: Schema, level: int) -> Schema:
    if nesting == "mixed":
        nesting = ["properties", "items", "any_of", "map", "nullable_30"][level % 5]
    if nesting == "properties":
        name = f"p{level % 3}"
        return {"type": "object", "properties": {name: inner}, **({"required": [name]} if level % 2 else {})}
    if nesting == "items":
        return {"type": "array", "items": inner}
    if nesting == "map":
        return {"type": "object", "additionalProperties": inner}
    if nesting == "any_of":
        return {"anyOf": [{"type": "array", "items": inner}, {"type": "null"}]}
    if nesting == "any_of_titled":
        return {"anyOf": [inner, {"type": "integer"}], "title": "t"}
    if nesting == "all_of":
        return {"allOf": [{"type": "object", "properties": {"a": inner}}]}
    if nesting == "one_of":
        return {"oneOf": [inner, {"type": "boolean"}]}
    if nesting == "nullable_30":
        return {"properties": {"a": inner}, "nullable": True}
    if nesting == "not":
        return {"not": inner}
    if nesting == "tuple_30":
        return {"type": "array", "items": [inner]}
    raise ValueError(nesting)


def nested_value(levels: int) -> Any:
    value: Any = "x"
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


def deep_document(schema: Schema, place: str, openapi_version: str = "3.1.0") -> dict[str, Any]:
    """A document with one operation that uses `schema` at `place`."""
    document: dict[str, Any] = {"openapi": openapi_version, "info": {"title": "Deep", "version": "1"}, "servers": [{"url": "https://api.deep.example"}]}
    json_of = lambda s: {"content": {"application/json": {"schema": s}}}  # noqa: E731
    deep_ref = {"$ref": "#/components/schemas/Deep"}
    if place == "component":
        operation = {"operationId": "a", "requestBody": json_of(deep_ref), "responses": {"200": {"description": "ok", **json_of(deep_ref)}}}
        document["paths"] = {"/a": {"post": operation}}
        document["components"] = {"schemas": {"Deep": schema}}
    elif place == "response":
        document["paths"] = {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok", **json_of(schema)}}}}}
    elif place == "body":
        document["paths"] = {"/a": {"post": {"operationId": "a", "requestBody": json_of(schema), "responses": {"204": {"description": "none"}}}}}
    else:
        parameter = {"name": "q", "in": "query", "schema": schema}
        document["paths"] = {"/a": {"get": {"operationId": "a", "parameters": [parameter], "responses": {"204": {"description": "none"}}}}}
    return document


def deep_documents(depth: int) -> dict[str, dict[str, Any]]:
    """name -> a document `depth` levels deep (up to 3 less, where one nesting step adds several levels)."""

    def deepest(build: Any) -> dict[str, Any]:
        levels = 0
        while depth_of(build(levels + 1)) <= depth:
            levels += 1
        return build(levels)  # type: ignore[no-any-return]

    def nested(nesting: str, levels: int) -> Schema:
        schema: Schema = {"type": "string"}
        for level in range(levels):
            schema = nest_schema(nesting, schema, level)
        return schema

    found: dict[str, dict[str, Any]] = {}
    for nesting in NESTINGS:
        version = "3.0.3" if nesting.endswith("_30") else "3.1.0"
        for place in PLACES:
            found[f"{nesting}-{place}"] = deepest(lambda n, nesting=nesting, place=place, version=version: deep_document(nested(nesting, n), place, version))
    holder = lambda prop: deep_document({"type": "object", "properties": {"d": prop}}, "component")  # noqa: E731
    found["default-list"] = deepest(lambda n: holder({"type": "array", "default": [nested_value(n)]}))
    found["default-object"] = deepest(lambda n: holder({"type": "object", "default": nested_value(n)}))
    found["enum-value"] = deepest(lambda n: holder({"enum": [nested_value(n), "a"]}))
    found["const-value"] = deepest(lambda n: holder({"const": nested_value(n)}))
    found["extension"] = deepest(lambda n: holder({"type": "string", "x-deep": nested_value(n)}))
    found["example"] = deepest(lambda n: holder({"type": "string", "example": nested_value(n)}))

    def tagged(levels: int) -> dict[str, Any]:
        document = deep_document({"type": "string"}, "response")
        tags: Any = "t"
        for _ in range(levels):
            tags = [tags]
        document["paths"]["/a"]["get"]["tags"] = tags
        return document

    found["tags"] = deepest(tagged)
    grouped = deep_document({"type": "string"}, "response")
    grouped["paths"]["/a"]["get"].update({"x-fern-sdk-group-name": [f"g{i}" for i in range(depth)], "x-fern-sdk-method-name": "m"})
    found["sdk-group"] = grouped
    return found
