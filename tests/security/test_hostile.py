"""Hostile input: every string a page can carry into generated code, made to break out.

Each case is a page or document whose strings (descriptions, names, paths, URLs, content
types, defaults, ...) try to run code when the package is generated, imported or called, or
to make the generator write outside its output directory. For each case:

1. `regenerate-sdk` runs in-process (exceptions surface) inside a temporary workspace:
   exit 0, or a clean exit 2 (`error:` lines, no traceback, nothing written);
2. no file appears anywhere but the output directory (the workspace is snapshotted before
   and after, and the project tree at the start and the end), and no marker file (PWNED)
   exists anywhere we look;
3. the package is imported in a fresh `python -W error` and the affected operation is
   called against a local server; the hostile string must come out exactly where it
   belongs (docstring, Literal, wire name, request path, default base_url, ...);
4. every generated package is type-checked by one `mypy --strict` run (per-case results).

Run: python -m pytest -q tests/test_hostile.py
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, mypy_cache_dir
from generator.cli import main
from generator.common.diagnostics import Diagnostics
from generator.common.limits import DEFAULT_LIMITS, MAX_DEPTH_SETTING
from generator.output.output_dir import MANIFEST, read_tree
from generator.pipeline import build_sdk
from generator.settings import Settings
from generator.read.yaml_loader import load_yaml
from http_server import RecordedRequest, Response, serving
from spec_strategies import deep_documents, depth_of

MARKER = "PWNED"

# -- payloads -------------------------------------------------------------------------------

TRIPLE = '"""; import os; os.system("touch PWNED") #'
TRIPLE_SINGLE = "'''; import os; os.system('touch PWNED') #"
BACKSLASH = "ends in a backslash \\"
NEWLINE_CODE = 'first line\nimport os; os.system("touch PWNED")\n"""\nopen("PWNED", "w")'
NUL = "nul \x00 byte"
SEPARATORS = "line\u2028separator\u2029paragraph"
BIDI = 'bidi \u202e"""; open("PWNED", "w") #\u202c'
JINJA = '{{ "PWNED" }} {% raw %}{% endraw %} {{ config }} {%- include "x" -%}'
HASH = '# " + open("PWNED", "w").name + "'
PAYLOADS = [TRIPLE, TRIPLE_SINGLE, BACKSLASH, NEWLINE_CODE, NUL, SEPARATORS, BIDI, JINJA, HASH]
ALL_IN_ONE = "\n".join(PAYLOADS)
NAMES = ["__import__", "../../etc", "/abs", "CON", "NUL", "a/b", "__init__", 'x"""y', "a'''b#c"]

# The files of an output directory beside the package and the manifest.
BESIDE_PACKAGE = frozenset({"openapi.json", "merge-report.md", "README.md", "reference.md", "pyproject.toml"})

# -- spec builders --------------------------------------------------------------------------


def as_yaml(document: dict[str, Any]) -> str:
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=False, width=10**6)
    assert load_yaml(text) == document, "the YAML written does not read back as the document"
    return text


def openapi(paths: dict[str, Any], schemas: dict[str, Any] | None = None, server: str | None = "https://api.hostile.example", **info: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "Hostile", "version": "1", **info}}
    if server is not None:
        document["servers"] = [{"url": server}]
    document["paths"] = paths
    if schemas:
        document["components"] = {"schemas": schemas}
    return document


def json_response(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": "#/components/schemas/" + quote(name.replace("~", "~0").replace("/", "~1"), safe="~")}


def get(group: str, method: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"x-fern-sdk-group-name": [group], "x-fern-sdk-method-name": method, "responses": responses, **extra}


SIMPLE = as_yaml(openapi({"/ping": {"get": get("things", "ping", json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}))}}))

# -- cases ----------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    spec: str
    script: str = ""  # run after the preamble, in a fresh `python -W error`
    suffix: str = ".yaml"
    package: str | None = ""  # "" → h_<id>; None → not given (derived)
    client: str | None = "Hostile"
    title: str | None = "Hostile"
    respond: Callable[[RecordedRequest], Response] = lambda request: Response.json({})
    verify: Callable[[list[RecordedRequest]], None] | None = None
    exits: tuple[int, ...] = (0,)

    @property
    def package_name(self) -> str | None:
        return f"h_{self.id}" if self.package == "" else self.package


CASES: list[Case] = []


def case(**kw: Any) -> None:
    CASES.append(Case(**kw))


# Descriptions and summaries of an operation: the method's docstring.
case(
    id="operation_text",
    spec=as_yaml(openapi({"/things": {"get": get("things", "list", json_response({"type": "object", "properties": {"a": {"type": "string"}}}), summary=TRIPLE + " " + BIDI + " \\", description=ALL_IN_ONE)}})),
    script=f"""
expected = {TRIPLE + " " + BIDI + " " + chr(92)!r} + "\\n\\n" + {ALL_IN_ONE!r}
with make_client() as client:
    assert doc_text(client.things.list) == norm_doc(expected), (doc_text(client.things.list), norm_doc(expected))
    assert client.things.list().a is None
with make_client(asynchronous=True) as client:
    assert doc_text(client.things.list) == norm_doc(expected)
""",
)

# Descriptions of a schema, of its properties, of an alias schema: class and field docstrings.
case(
    id="schema_text",
    spec=as_yaml(
        openapi(
            {"/things": {"get": get("things", "get", json_response(ref("Thing")))}},
            {
                "Thing": {
                    "type": "object",
                    "description": ALL_IN_ONE,
                    "properties": {name: {"type": "string", "description": payload} for name, payload in zip("abcdefghi", PAYLOADS)},
                },
                "Label": {"type": "string", "description": TRIPLE + "\n" + NEWLINE_CODE},
            },
        )
    ),
    script=f"""
assert norm_doc(models.Thing.__doc__) == norm_doc({ALL_IN_ONE!r})
docs = field_docs("Thing")
for name, payload in zip("abcdefghi", {PAYLOADS!r}):
    assert docs[name].rstrip() == " ".join(payload.split()), (name, docs[name], payload)
assert alias_docs()["Label"] is not None and norm_doc(alias_docs()["Label"]) == norm_doc({TRIPLE + chr(10) + NEWLINE_CODE!r})
with make_client() as client:
    assert client.things.get().model_dump(mode="json", by_alias=True, exclude_unset=True) == {{"a": "x"}}
""",
    respond=lambda request: Response.json({"a": "x"}),
)

# Descriptions of parameters and body fields: the method docstring's Args section.
case(
    id="parameter_text",
    spec=as_yaml(
        openapi(
            {
                "/things/{id}": {
                    "post": get(
                        "things",
                        "update",
                        json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}),
                        parameters=[
                            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}, "description": TRIPLE},
                            {"name": "q", "in": "query", "schema": {"type": "string"}, "description": NEWLINE_CODE},
                            {"name": "x-h", "in": "header", "schema": {"type": "string"}, "description": BIDI + " " + JINJA},
                        ],
                        requestBody={"content": {"application/json": {"schema": {"type": "object", "properties": {"note": {"type": "string", "description": TRIPLE_SINGLE + " " + HASH + " " + BACKSLASH}}}}}},
                    )
                }
            }
        )
    ),
    script=f"""
with make_client() as client:
    text = doc_text(client.things.update)
    for name, payload in [("id", {TRIPLE!r}), ("q", {NEWLINE_CODE!r}), ("x_h", {BIDI + " " + JINJA!r}), ("note", {TRIPLE_SINGLE + " " + HASH + " " + BACKSLASH!r})]:
        line = f"{{name}}: {{' '.join(payload.split())}}"
        assert line in text.splitlines() or line.rstrip() in [l.strip() for l in text.splitlines()], (line, text)
    assert client.things.update(id="1", q="2", x_h="3", note="4").ok is True
""",
    respond=lambda request: Response.json({"ok": True}),
)

# Enum values and constants: Literal members, sent and received unchanged.
ENUM_VALUES = PAYLOADS + NAMES


def _verify_enum(requests: list[RecordedRequest]) -> None:
    assert [value for key, value in requests[0].query if key == "kind"] == [NEWLINE_CODE]
    assert requests[1].json() == {"kind": TRIPLE}


case(
    id="enum_values",
    spec=as_yaml(
        openapi(
            {
                "/things": {
                    "get": get(
                        "things",
                        "list",
                        json_response(ref("Thing")),
                        parameters=[{"name": "kind", "in": "query", "schema": {"type": "string", "enum": ENUM_VALUES}}],
                    ),
                    "post": get(
                        "things",
                        "create",
                        json_response(ref("Thing")),
                        requestBody={"content": {"application/json": {"schema": ref("Thing")}}},
                    ),
                }
            },
            {
                "Thing": {
                    "type": "object",
                    "properties": {
                        "kind": {"type": "string", "enum": ENUM_VALUES},
                        "fixed": {"const": ALL_IN_ONE},
                        "mixed": {"enum": [TRIPLE, 1, -2, True, None]},
                    },
                }
            },
        )
    ),
    script=f"""
values = {ENUM_VALUES!r}
fields = models.Thing.model_fields
assert set(literal_values(fields["kind"].annotation)) == set(values), literal_values(fields["kind"].annotation)
assert literal_values(fields["fixed"].annotation) == [{ALL_IN_ONE!r}]
assert {TRIPLE!r} in literal_values(fields["mixed"].annotation)
with make_client() as client:
    thing = client.things.list(kind={NEWLINE_CODE!r})
    assert thing.model_dump(mode="json", by_alias=True, exclude_unset=True) == RESPONSE, thing
    client.things.create(kind={TRIPLE!r})
for value in values:
    assert models.Thing.model_validate({{"kind": value}}).kind == value
""",
    respond=lambda request: Response.json({"kind": SEPARATORS, "fixed": ALL_IN_ONE, "mixed": TRIPLE}),
    verify=_verify_enum,
)

# Defaults: strings, nested free-form objects with hostile keys, NaN and infinities (JSON).
NESTED_DEFAULT = {TRIPLE: {NEWLINE_CODE: [BACKSLASH, {JINJA: None}]}, "n": 1.5, HASH: True}
DEFAULTS_DOCUMENT = openapi(
    {"/things": {"get": get("things", "get", json_response(ref("Thing")))}},
    {
        "Thing": {
            "type": "object",
            "properties": {
                "text": {"type": "string", "default": ALL_IN_ONE},
                "nested": {"type": "object", "additionalProperties": True, "default": NESTED_DEFAULT},
                "listed": {"type": "array", "items": {"type": "string"}, "default": PAYLOADS},
                "nan": {"type": "number", "default": float("nan")},
                "inf": {"type": "number", "default": float("inf")},
                "ninf": {"type": "number", "default": float("-inf")},
            },
        }
    },
)
DEFAULTS_SCRIPT = f"""
import math
fields = models.Thing.model_fields
assert fields["text"].default == {ALL_IN_ONE!r}
assert fields["nested"].default == {NESTED_DEFAULT!r}
assert fields["listed"].default == {PAYLOADS!r}
assert math.isnan(fields["nan"].default) and fields["inf"].default == math.inf and fields["ninf"].default == -math.inf
with make_client() as client:
    thing = client.things.get()
assert thing.text == {ALL_IN_ONE!r} and thing.nested == {NESTED_DEFAULT!r}
"""
case(id="defaults_json", spec=json.dumps(DEFAULTS_DOCUMENT, indent=1), suffix=".json", script=DEFAULTS_SCRIPT)

# The same in YAML (NaN and infinities need a tag in YAML: see defaults_typed).
case(
    id="defaults_yaml",
    spec=as_yaml(openapi(DEFAULTS_DOCUMENT["paths"], {"Thing": {"type": "object", "properties": {k: v for k, v in DEFAULTS_DOCUMENT["components"]["schemas"]["Thing"]["properties"].items() if k in ("text", "nested", "listed")}}})),
    script=DEFAULTS_SCRIPT.replace("assert math.isnan", "# assert math.isnan"),
)

# Bare `.nan` / `.inf` (floats in YAML 1.2 core) and an object default on a model-typed property.
case(
    id="defaults_typed",
    spec=textwrap.dedent(
        """\
        openapi: 3.1.0
        info: {title: Hostile, version: "1"}
        servers: [{url: "https://api.hostile.example"}]
        paths:
          /things:
            get:
              x-fern-sdk-group-name: [things]
              x-fern-sdk-method-name: get
              responses:
                "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        components:
          schemas:
            Inner: {type: object, properties: {a: {type: string}}}
            Thing:
              type: object
              properties:
                tagged_nan: {type: number, default: !!float .nan}
                tagged_inf: {type: number, default: !!float -.inf}
                bare_nan: {type: number, default: .nan}
                bare_inf: {type: number, default: .inf}
                inner: {$ref: "#/components/schemas/Inner", default: {a: "\\"\\"\\"; import os #"}}
        """
    ),
    script="""
import math
with make_client() as client:
    thing = client.things.get()
assert math.isnan(thing.tagged_nan) and thing.tagged_inf == -math.inf
assert isinstance(thing.bare_nan, float) and math.isnan(thing.bare_nan), repr(thing.bare_nan)
assert thing.bare_inf == math.inf, repr(thing.bare_inf)
assert isinstance(thing.inner, models.Inner) and thing.inner.a == '\"\"\"; import os #', repr(thing.inner)
""",
)

# Examples go to the merged document only, unchanged.
EXAMPLES_DOCUMENT = openapi(
    {
        "/things": {
            "get": get(
                "things",
                "get",
                {"200": {"description": "OK", "content": {"application/json": {"schema": ref("Thing"), "example": {"a": TRIPLE}, "examples": {TRIPLE: {"value": {"a": NEWLINE_CODE}}}}}}},
                parameters=[{"name": "q", "in": "query", "schema": {"type": "string"}, "example": JINJA}],
            )
        }
    },
    {"Thing": {"type": "object", "properties": {"a": {"type": "string", "example": ALL_IN_ONE, "examples": PAYLOADS}}, "example": {"a": BIDI}}},
)
case(
    id="examples",
    spec=as_yaml(EXAMPLES_DOCUMENT),
    script=f"""
document = json.loads((OUT / "openapi.json").read_text(encoding="utf-8"))
prop = document["components"]["schemas"]["Thing"]["properties"]["a"]
assert prop["example"] == {ALL_IN_ONE!r} and prop["examples"] == {PAYLOADS!r}
media = document["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]
assert media["examples"] == {{{TRIPLE!r}: {{"value": {{"a": {NEWLINE_CODE!r}}}}}}}
with make_client() as client:
    assert client.things.get(q="x").a == {TRIPLE!r}
""",
    respond=lambda request: Response.json({"a": TRIPLE}),
)

# Property names: wire names (aliases) kept exactly, attributes are identifiers.
PROPERTY_NAMES = PAYLOADS + NAMES + ["model_config", "__class__", "__dict__", "self", "request_options"]


def _verify_property_names(requests: list[RecordedRequest]) -> None:
    assert requests[1].json() == {name: index for index, name in enumerate(PROPERTY_NAMES)}


case(
    id="property_names",
    spec=as_yaml(
        openapi(
            {
                "/things": {
                    "get": get("things", "get", json_response(ref("Thing"))),
                    "post": get("things", "create", json_response(ref("Thing")), requestBody={"required": True, "content": {"application/json": {"schema": ref("Thing")}}}),
                }
            },
            {"Thing": {"type": "object", "required": PROPERTY_NAMES[:3], "properties": {name: {"type": "integer"} for name in PROPERTY_NAMES}}},
        )
    ),
    script=f"""
names = {PROPERTY_NAMES!r}
wire = wire_fields(models.Thing)
assert set(wire) == set(names), set(names) ^ set(wire)
assert all(attribute.isidentifier() for attribute in wire.values())
data = {{name: index for index, name in enumerate(names)}}
thing = models.Thing.model_validate(data)
assert thing.model_dump(mode="json", by_alias=True, exclude_unset=True) == data
assert [getattr(thing, wire[name]) for name in names] == list(range(len(names)))
with make_client() as client:
    assert client.things.get().model_dump(mode="json", by_alias=True, exclude_unset=True) == data
    sig = inspect.signature(client.things.create)
    kwargs = {{p: i for p, i in zip([p for p in sig.parameters if p != "request_options"], range(len(names)))}}
    assert len(kwargs) == len(names), list(sig.parameters)
    client.things.create(**kwargs)
""",
    respond=lambda request: Response.json({name: index for index, name in enumerate(PROPERTY_NAMES)}),
    verify=_verify_property_names,
)

# A property called like a name the models module uses in annotations (`tag_of`), before a tagged union.
case(
    id="property_named_like_module_names",
    spec=as_yaml(
        openapi(
            {"/things": {"get": get("things", "get", json_response(ref("Thing")))}},
            {
                "A": {"type": "object", "properties": {"type": {"const": "a"}}},
                "B": {"type": "object", "properties": {"type": {"const": "b"}}},
                "Thing": {
                    "type": "object",
                    "properties": {
                        "tag_of": {"type": "string"},
                        "annotations": {"type": "string"},
                        "union": {"anyOf": [ref("A"), ref("B")]},
                    },
                },
            },
        )
    ),
    script="""
with make_client() as client:
    thing = client.things.get()
assert thing.model_dump(mode="json", by_alias=True, exclude_unset=True) == RESPONSE
assert type(thing.union).__name__ == "B"
""",
    respond=lambda request: Response.json({"tag_of": "t", "annotations": "a", "union": {"type": "b"}}),
)

# Schema names: classes get clean identifiers, refs resolve, no file is named after a schema.
SCHEMA_NAMES = [TRIPLE, NEWLINE_CODE, BIDI, JINJA, "__import__", "../../etc", "/abs", "CON", "NUL", "a/b", "Field", "None", "ApiModel", "tag_of", "TypeAlias"]
case(
    id="schema_names",
    spec=as_yaml(
        openapi(
            {"/things": {"get": get("things", "get", json_response({"type": "array", "items": {"anyOf": [ref(name) for name in SCHEMA_NAMES]}}))}},
            {name: {"type": "object", "description": name, "properties": {f"p{index}": {"type": "integer"}}, "required": [f"p{index}"]} for index, name in enumerate(SCHEMA_NAMES)},
        )
    ),
    script=f"""
document = json.loads((OUT / "openapi.json").read_text(encoding="utf-8"))
by_doc = {{}}
base = importlib.import_module(PACKAGE + "._base").ApiModel  # a schema named ApiModel keeps its name in models
for name, cls in vars(models).items():
    if isinstance(cls, type) and issubclass(cls, base) and cls is not base:
        by_doc[norm_doc(cls.__doc__ or "")] = cls
for index, name in enumerate({SCHEMA_NAMES!r}):
    cls = by_doc[norm_doc(name)]
    assert cls.__name__.isidentifier() and cls.__module__ == PACKAGE + ".models"
    assert list(wire_fields(cls)) == [f"p{{index}}"], (name, cls)
with make_client() as client:
    items = client.things.get()
assert [type(item).__name__ for item in items] == [by_doc[norm_doc(name)].__name__ for name in {SCHEMA_NAMES!r}]
""",
    respond=lambda request: Response.json([{f"p{index}": index} for index in range(len(SCHEMA_NAMES))]),
)

# Parameter names: path, query and header wire names kept exactly; arguments are identifiers.
PATH_PARAM = 'id"; import os #'
QUERY_PARAMS = [TRIPLE, NEWLINE_CODE, SEPARATORS, JINJA, HASH, "__import__", "../../etc", "a/b", "self", "request_options", "response"]
HEADER_PARAMS = ["x-'''#|~", "__import__", "CON", "NUL", "x-a.b"]
PARAM_ARGUMENT = 'x/../"y?#z %2F\u2028'


def _verify_parameter_names(requests: list[RecordedRequest]) -> None:
    request = requests[0]
    assert request.path == "/items/" + quote(PARAM_ARGUMENT, safe="") + "/x", request.path
    assert request.query == [(name, f"v{index}") for index, name in enumerate(QUERY_PARAMS)]
    for index, name in enumerate(HEADER_PARAMS):
        assert request.header(name) == f"h{index}" + TRIPLE, (name, request.headers)


case(
    id="parameter_names",
    spec=as_yaml(
        openapi(
            {
                "/items/{" + PATH_PARAM + "}/x": {
                    "get": get(
                        "items",
                        "get",
                        json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}),
                        parameters=[{"name": PATH_PARAM, "in": "path", "required": True, "schema": {"type": "string"}}]
                        + [{"name": name, "in": "query", "required": index == 0, "schema": {"type": "string"}} for index, name in enumerate(QUERY_PARAMS)]
                        + [{"name": name, "in": "header", "schema": {"type": "string"}} for name in HEADER_PARAMS],
                    )
                }
            }
        )
    ),
    script=f"""
with make_client() as client:
    parameters = [p for p in inspect.signature(client.items.get).parameters if p != "request_options"]
    assert all(p.isidentifier() for p in parameters)
    values = [{PARAM_ARGUMENT!r}] + [f"v{{i}}" for i in range({len(QUERY_PARAMS)})] + [f"h{{i}}" + {TRIPLE!r} for i in range({len(HEADER_PARAMS)})]
    assert len(parameters) == len(values), parameters
    assert client.items.get(**dict(zip(parameters, values))).ok is True
""",
    respond=lambda request: Response.json({"ok": True}),
    verify=_verify_parameter_names,
)

# Parameters named like what a generated method body uses (its helpers, locals, the types it
# parses into, the pagination loop's `page` and `item`): renamed, never shadowing, wire names kept.
BODY_NAMES = ["parse_json", "json_body", "parse_json_as", "cast", "models", "response", "isinstance", "str", "int", "page", "item", "self", "request_options"]
PAGES_BY_CURSOR = {None: {"items": [{"id": "a"}], "next_cursor": "c1", "has_more": True}, "c1": {"items": [{"id": "b"}], "next_cursor": None, "has_more": False}}


def _answer_body_names(request: RecordedRequest) -> Response:
    if request.method == "POST":
        return Response.json({"ok": True})
    return Response.json(PAGES_BY_CURSOR[dict(request.query).get("cursor")])


def _verify_body_names(requests: list[RecordedRequest]) -> None:
    lists = [r for r in requests if r.method == "GET"]
    assert len(lists) == 6, [r.target for r in requests]  # list, then list_all (2 pages), sync and async
    for request in lists:
        assert [(k, v) for k, v in request.query if k != "cursor"] == [(name, "v-" + name) for name in BODY_NAMES], request.query
    assert [dict(r.query).get("cursor") for r in lists] == [None, None, "c1"] * 2
    for upload in (r for r in requests if r.method == "POST"):
        assert upload.query == [("isinstance", "v-isinstance")] and upload.body == b"raw"


case(
    id="parameters_named_like_the_method_body",
    spec=as_yaml(
        openapi(
            {
                "/things": {
                    "get": get(
                        "things",
                        "list",
                        json_response(ref("Page")),
                        parameters=[{"name": "cursor", "in": "query", "schema": {"type": ["string", "null"]}}]
                        + [{"name": name, "in": "query", "schema": {"type": "string"}} for name in BODY_NAMES],
                    )
                },
                "/blobs": {
                    "post": get(
                        "blobs",
                        "send",
                        json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}),
                        parameters=[{"name": "isinstance", "in": "query", "schema": {"type": "string"}}],
                        requestBody={"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    )
                },
            },
            {
                "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Page": {
                    "type": "object",
                    "required": ["items", "has_more"],
                    "properties": {"items": {"type": "array", "items": ref("Thing")}, "next_cursor": {"type": ["string", "null"]}, "has_more": {"type": "boolean"}},
                },
            },
        )
    ),
    script=f"""
wires = {BODY_NAMES!r}


def arguments(method, wire_names):
    names = [p for p in inspect.signature(method).parameters if p not in ("request_options", "cursor", "content")]
    assert len(names) == len(wire_names) and all(n.isidentifier() for n in names), names
    return {{name: "v-" + wire for name, wire in zip(names, wire_names)}}


with make_client() as client:
    names = [p for p in inspect.signature(client.things.list).parameters if p not in ("request_options", "cursor")]
    assert names == [w if w not in ("self", "request_options") else w + "_" for w in wires], names  # the API's names, kept
    args = arguments(client.things.list, wires)
    assert [t.id for t in client.things.list(**args).items] == ["a"]
    assert [t.id for t in client.things.list_all(**args)] == ["a", "b"]
    assert client.blobs.send(content=b"raw", **arguments(client.blobs.send, ["isinstance"])).ok is True


async def in_async(client):
    assert [t.id for t in (await client.things.list(**args)).items] == ["a"]
    assert [t.id async for t in client.things.list_all(**args)] == ["a", "b"]
    assert (await client.blobs.send(content=b"raw", **arguments(client.blobs.send, ["isinstance"]))).ok is True


run_async(in_async)
""",
    respond=_answer_body_names,
    verify=_verify_body_names,
)

# Paths: the literal part of a path is sent as written (escaped), never as code or a new URL part;
# a query string the document writes in a path key (`/responses?beta=true`) is that query.
# (A path with a control character is refused at generation: see test_control_character_in_a_path_is_refused.)
HOSTILE_PATHS = ['/a/{id}"; import os; os.system("touch PWNED") #', "/b/{id}/'''\\\u2028\u202e$(touch PWNED)?x=1"]
PATH_ARGUMENT = '../x"""?#'


def _verify_paths(requests: list[RecordedRequest]) -> None:
    for request, path in zip(requests, HOSTILE_PATHS):
        head, _, tail = path.partition("{id}")
        tail, _, query = tail.partition("?")
        escaped = quote(PATH_ARGUMENT, safe="")  # the argument's `?` and `#` stay in the path
        assert escaped in request.path, (request.path, escaped)
        sent_head, _, sent_tail = request.path.partition(escaped)
        assert (unquote(sent_head), unquote(sent_tail), request.raw_query) == (head, tail, query), (request.target, path)


case(
    id="paths",
    spec=as_yaml(
        openapi(
            {
                path: {
                    "get": get(
                        "paths",
                        f"get{index}",
                        json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}),
                        parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    )
                }
                for index, path in enumerate(HOSTILE_PATHS)
            }
        )
    ),
    script=f"""
with make_client() as client:
    for index in range({len(HOSTILE_PATHS)}):
        assert getattr(client.paths, f"get{{index}}")(id={PATH_ARGUMENT!r}).ok is True
""",
    respond=lambda request: Response.json({"ok": True}),
    verify=_verify_paths,
)

# Path arguments that are dot segments or empty: they must not retarget the request.
DOT_ARGUMENTS = ["..", ".", "../..", ""]


def _verify_dot_segments(requests: list[RecordedRequest]) -> None:
    sent = [unquote(r.path) for r in requests]
    expected = [f"/things/{argument}/sub" for argument in DOT_ARGUMENTS]
    assert sent in (expected, expected[:-1]), [r.path for r in requests]  # "" may be refused


case(
    id="path_dot_segments",
    spec=as_yaml(
        openapi(
            {
                "/things/{id}/sub": {
                    "delete": get(
                        "things",
                        "delete",
                        json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}),
                        parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    )
                }
            }
        )
    ),
    script=f"""
with make_client() as client:
    for argument in {DOT_ARGUMENTS!r}:
        try:
            client.things.delete(id=argument)
        except ValueError:
            assert argument == "", argument  # refusing an empty path segment is fine too
""",
    respond=lambda request: Response.json({"ok": True}),
    verify=_verify_dot_segments,
)

# A `{slot}` in a path with no parameter declared for it.
case(
    id="path_slot_without_parameter",
    spec=as_yaml(openapi({"/things/{thing_id}": {"get": get("things", "get", json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}))}})),
    script="""
with make_client() as client:
    method = client.things.get
    arguments = {p: "1" for p in inspect.signature(method).parameters if p != "request_options"}
    assert method(**arguments).ok is True
""",
    respond=lambda request: Response.json({"ok": True}),
    exits=(0, 2),
)

# Server URLs: the default base_url is the URL exactly.
SERVER_URL = 'http://h.example/"""; import os; os.system("touch PWNED") #\u2028\'\'\'{{x}}{%x%}\\\x00\u202e'
SERVER_SCRIPT = """
for cls in (getattr(pkg, CLIENT), getattr(pkg, "Async" + CLIENT)):
    assert inspect.signature(cls.__init__).parameters["base_url"].default == EXPECTED_URL, inspect.signature(cls.__init__)
    assert EXPECTED_URL in (cls.__doc__ or "") or cls.__name__.startswith("Async")
with make_client() as client:
    assert client.things.ping().ok is True
"""
case(
    id="server_url",
    spec=as_yaml(openapi({"/ping": {"get": get("things", "ping", json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}))}}, server=SERVER_URL)),
    script=f"EXPECTED_URL = {SERVER_URL!r}\n" + SERVER_SCRIPT,
    respond=lambda request: Response.json({"ok": True}),
)

# A server URL whose host becomes the client's name, with no --client-name or --package.
case(
    id="server_url_names",
    spec=as_yaml(openapi({"/ping": {"get": get("things", "ping", json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}))}}, server='https://api.x"""-import-os.names-from-host.example')),
    package=None,
    client=None,
    script="EXPECTED_URL = 'https://api.x\"\"\"-import-os.names-from-host.example'\n" + SERVER_SCRIPT,
    respond=lambda request: Response.json({"ok": True}),
)

# A Fern page: hostile page title, endpoint line (no --title, so the title is the page's).
FERN_ENDPOINT_URL = "https://h.example/\"\"\"+__import__('os').system('touch${IFS}PWNED')#'''{{x}}{%x%}\\\u202e"
FERN_TITLE = 'Page """; import os; os.system("touch PWNED") # \\ {{ x }}'
FERN_PAGE = f"""# {FERN_TITLE}

GET {FERN_ENDPOINT_URL}/v1/things

{TRIPLE}

## OpenAPI Specification

```yaml
openapi: 3.1.1
info:
  title: "{TRIPLE.replace('"', chr(92) + '"')}"
  version: endpoint_../../x.get
paths:
  /v1/things:
    get:
      operationId: get
      summary: {json.dumps(TRIPLE)}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{ok: {{type: boolean}}}}}}
```

## SDK Code Examples

```python
{NEWLINE_CODE}
```
"""
case(
    id="fern_page",
    spec=FERN_PAGE,
    suffix=".md",
    title=None,
    script=f"""
EXPECTED_URL = {FERN_ENDPOINT_URL!r}
assert pkg.__doc__ == "H API", pkg.__doc__  # a page gives no title: it comes from the host
for cls in (getattr(pkg, CLIENT), getattr(pkg, "Async" + CLIENT)):
    assert inspect.signature(cls.__init__).parameters["base_url"].default == EXPECTED_URL
with make_client() as client:
    assert doc_text(client.get) == norm_doc({TRIPLE!r})
    assert client.get().ok is True
""",
    respond=lambda request: Response.json({"ok": True}),
)


def _fern_identity_page(title: str, version: str, path: str, operation_id: str) -> str:
    return f"""# {title}

GET https://api.hostile.example{path}

## OpenAPI Specification

```yaml
openapi: 3.1.1
info:
  title: t
  version: {json.dumps(version)}
paths:
  {json.dumps(path)}:
    get:
      operationId: {json.dumps(operation_id)}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{ok: {{type: boolean}}}}}}
```
"""


# Fern's `info.version` endpoint identity with hostile resource and method names (one file, two pages).
case(
    id="fern_identity",
    spec=_fern_identity_page("one", 'endpoint_"""; import os #/{{x}}\u2028__import__/etc/ ~.ge"t', "/v1/one", "get")
    + _fern_identity_page("two", "endpoint_../../x.get", "/v1/two", TRIPLE),
    suffix=".md",
    script="""
document = json.loads((OUT / "openapi.json").read_text(encoding="utf-8"))
identities = {path: (op["get"]["x-sdkgen-resource"], op["get"]["x-sdkgen-method"]) for path, op in document["paths"].items()}
with make_client() as client:
    for path, (resource, method) in identities.items():
        target = client
        for part in resource.split(".") if resource else []:
            target = getattr(target, part if part.isidentifier() and not keyword.iskeyword(part) else part + "_")
        call = getattr(target, method if not keyword.iskeyword(method) else method + "_")
        assert call().ok is True
""",
    respond=lambda request: Response.json({"ok": True}),
    verify=lambda requests: None if sorted(r.path for r in requests) == ["/v1/one", "/v1/two"] else pytest.fail(str([r.path for r in requests])),
)

# A page's Python SDK example: parsed for the client's surface (never run), names checked,
# the server a hostile `x-fern-server-name` names kept as a string literal.
SANDBOX_URL = 'https://sandbox.hostile.example/"""; import os; os.system("touch PWNED") #'
SDK_EXAMPLE_PAGE = f"""# sdk example

GET https://api.hostile.example/v1/things/{{thing_id}}

## OpenAPI Specification

```yaml
openapi: 3.1.1
info:
  title: t
  version: endpoint_things.get
servers:
  - url: https://api.hostile.example
  - url: {json.dumps(SANDBOX_URL)}
    x-fern-server-name: {json.dumps('Sand box"; open("PWNED", "w") #')}
paths:
  /v1/things/{{thing_id}}:
    get:
      operationId: get
      parameters:
        - {{name: thing_id, in: path, required: true, schema: {{type: string}}}}
        - {{name: X-Api-Key, in: header, required: true, schema: {{type: string}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{ok: {{type: boolean}}}}}}
```

## SDK Code Examples

```python
import os
from acme import Acme, AcmeEnvironment, Acmé, Evil, __import__
os.system("touch PWNED")
open("PWNED", "w")
client = Acme(secret_token="k", environment=AcmeEnvironment.SAND_BOX_OPEN_PWNED_W, __import__="x")
client.things.get("id-1", request=Evil(**{{"a": 1}}), extra=__import__("os").system("touch PWNED"))
other = Acmé()
other.__class__.mro()
```
"""
case(
    id="sdk_example",
    spec=SDK_EXAMPLE_PAGE,
    suffix=".md",
    script=f"""
assert pkg.Acme is pkg.Hostile and pkg.AsyncAcme is pkg.AsyncHostile
assert pkg.AcmeEnvironment.SAND_BOX_OPEN_PWNED_W == {SANDBOX_URL!r}
assert not hasattr(pkg, "Evil") and not hasattr(pkg, "Acmé")
parameters = inspect.signature(pkg.Hostile).parameters
assert "secret_token" in parameters and "__import__" not in parameters
with make_client() as client:
    assert client.things.get("id-1").ok is True
""",
    respond=lambda request: Response.json({"ok": True}),
    verify=lambda requests: None if [r.path for r in requests] == ["/v1/things/id-1"] else pytest.fail(str([r.path for r in requests])),
)

# Resource and method names from x-fern-sdk-group-name / -method-name, tags and operationId.
RESOURCE_OPERATIONS = {
    "/r1": {"x-fern-sdk-group-name": [TRIPLE, "../../etc", "__import__", JINJA], "x-fern-sdk-method-name": NEWLINE_CODE},
    "/r2": {"x-fern-sdk-group-name": "a/b", "x-fern-sdk-method-name": "__init__"},
    "/r3": {"tags": [BIDI, "CON"], "operationId": '__import__("os").system("touch PWNED")'},
    "/r4": {"tags": ["NUL"], "operationId": TRIPLE_SINGLE},
    "/r5": {"operationId": "close"},
    "/r6": {"operationId": "with_options"},
    "/r7": {"x-fern-sdk-group-name": ["close"], "x-fern-sdk-method-name": "aclose"},
}
case(
    id="resource_names",
    spec=as_yaml(openapi({path: {"get": {**names, "responses": json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}})}} for path, names in RESOURCE_OPERATIONS.items()})),
    script="""
with make_client() as client, make_client(asynchronous=True) as async_client:
    found = reachable_operations(client)
    assert len(found) == 7, found
    for name, call in sorted(found.items()):
        assert call().ok is True, name
    assert callable(client.close) and callable(async_client.aclose)
""",
    respond=lambda request: Response.json({"ok": True}),
    verify=lambda requests: None if sorted(r.path for r in requests) == sorted(RESOURCE_OPERATIONS) else pytest.fail(str([r.path for r in requests])),
)

# Resource names whose classes could collide: the sync class of `async.foo` and the async class
# of `foo` would both be `AsyncFooClient`.
case(
    id="resource_named_async",
    spec=as_yaml(
        openapi(
            {
                "/one": {"get": {"x-fern-sdk-group-name": ["async", "foo"], "x-fern-sdk-method-name": "one", "responses": json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}})}},
                "/two": {"get": {"x-fern-sdk-group-name": ["foo"], "x-fern-sdk-method-name": "two", "responses": json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}})}},
                "/three": {"get": {"x-fern-sdk-group-name": ["Async"], "x-fern-sdk-method-name": "three", "responses": json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}})}},
            }
        )
    ),
    script="""
with make_client() as client:
    found = reachable_operations(client)
    assert len(found) == 3, found
    for name, call in sorted(found.items()):
        assert call().ok is True, name


async def all_async(client):
    found = {}
    for name, call in sorted(reachable_operations(client).items()):
        found[name] = (await call()).ok
    return found


assert run_async(all_async) == {name: True for name in found}, run_async(all_async)
""",
    respond=lambda request: Response.json({"ok": True}),
    verify=lambda requests: None if sorted(r.path for r in requests) == sorted(["/one", "/two", "/three"] * 2) else pytest.fail(str([r.path for r in requests])),
)

# Method names that are names the client module uses in annotations (`models.X`, `type[...]`).
case(
    id="method_named_like_module_names",
    spec=as_yaml(
        openapi(
            {
                f"/m{index}": {"get": {"x-fern-sdk-method-name": name, "responses": json_response(ref("Thing"))}}
                for index, name in enumerate(["models", "zzz", "httpx", "type", "cast", "os", "tag_of", "json_body", "parse_json"])
            },
            {"Thing": {"type": "object", "properties": {"ok": {"type": "boolean"}}}},
        )
    ),
    script="""
with make_client() as client:
    found = reachable_operations(client)
    assert len(found) == 9, found
    for name, call in sorted(found.items()):
        assert call().ok is True, name
""",
    respond=lambda request: Response.json({"ok": True}),
)

# --title and info.title: the package docstring.
case(
    id="title_option",
    spec=SIMPLE,
    title=ALL_IN_ONE,
    script=f"assert norm_doc(pkg.__doc__) == norm_doc({ALL_IN_ONE!r}), pkg.__doc__\nwith make_client() as client:\n    client.things.ping()\n",
)
case(
    id="title_info",
    spec=as_yaml(openapi({"/ping": {"get": get("things", "ping", json_response({"type": "object", "properties": {"ok": {"type": "boolean"}}}))}}, title=ALL_IN_ONE)),
    title=None,
    script=f"""
assert norm_doc(pkg.__doc__) == norm_doc({ALL_IN_ONE!r}), pkg.__doc__
assert json.loads((OUT / "openapi.json").read_text(encoding="utf-8"))["info"]["title"] == {ALL_IN_ONE!r}
with make_client() as client:
    client.things.ping()
""",
)

# Content types of request and response bodies.
REQUEST_TYPE = "text/plain; x=\"\"\"'''\\#{{x}}{%x%}"  # a header value: printable ASCII
JSON_REQUEST_TYPE = "application/json; charset=\"\"\"\"'''\\#{{x}}"
RESPONSE_TYPE = 'application/x-"""; import os #\u202e\u2028'


def _verify_content_types(requests: list[RecordedRequest]) -> None:
    upload, create = requests
    assert upload.header("content-type") == REQUEST_TYPE and upload.body == TRIPLE.encode()
    assert create.media_type == "application/json" and create.json() == {"note": NEWLINE_CODE}


case(
    id="content_types",
    spec=as_yaml(
        openapi(
            {
                "/upload": {
                    "post": get(
                        "files",
                        "upload",
                        {"200": {"description": "OK", "content": {RESPONSE_TYPE: {"schema": {"type": "string", "format": "binary"}}}}},
                        requestBody={"required": True, "content": {REQUEST_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
                    )
                },
                "/create": {
                    "post": get(
                        "files",
                        "create",
                        {"200": {"description": "OK", "content": {"text/x-\"\"\"'''; charset=utf-8": {"schema": {"type": "string"}}}}},
                        requestBody={"content": {JSON_REQUEST_TYPE: {"schema": {"type": "object", "properties": {"note": {"type": "string"}}}}}},
                    )
                },
            }
        )
    ),
    script=f"""
with make_client() as client:
    assert client.files.upload(content={TRIPLE.encode()!r}) == b"raw"
    assert client.files.create(note={NEWLINE_CODE!r}) == "raw"
""",
    respond=lambda request: Response(200, {"Content-Type": "application/octet-stream"}, b"raw"),
    verify=_verify_content_types,
)

# --package and --client-name: refused cleanly (exit 2) or a package that works.
NAME_CASES = {
    "package_dotdot": ("../evil", "Hostile"),
    "package_slash": ("a/b", "Hostile"),
    "package_abs": ("/abs", "Hostile"),
    "package_init": ("__init__", "Hostile"),
    "package_import": ("__import__", "Hostile"),
    "package_os": ("os", "Hostile"),
    "package_httpx": ("httpx", "Hostile"),
    "package_con": ("CON", "Hostile"),
    "package_nul": ("NUL", "Hostile"),
    "client_dotdot": ("h_client_dotdot", "../Evil"),
    "client_init": ("h_client_init", "__init__"),
    "client_con": ("h_client_con", "CON"),
    "client_api_error": ("h_client_api_error", "ApiError"),
    "client_lazy_module": ("h_client_lazy_module", "LazyModule"),
    "client_client_core": ("h_client_client_core", "ClientCore"),
    "client_type_checking": ("h_client_type_checking", "TYPE_CHECKING"),
}
for _id, (_package, _client) in NAME_CASES.items():
    case(
        id=_id,
        spec=SIMPLE,
        package=_package,
        client=_client,
        exits=(0, 2),
        script="""
assert Path(pkg.__file__).resolve().parent == (OUT / PACKAGE).resolve(), pkg.__file__
for name in (CLIENT, "Async" + CLIENT):
    cls = getattr(pkg, name)
    assert isinstance(cls, type) and cls.__module__ == PACKAGE + "._client", (name, cls)
with make_client() as client:
    assert client.things.ping().ok is True
assert run_async(lambda client: client.things.ping()).ok is True
""",
        respond=lambda request: Response.json({"ok": True}),
    )

# A $ref chain 2,000 long (S0 -> S1 -> ... -> S2000, each just a reference to the next): every
# step that follows references is iterative, so this is a chain of 2,000 aliases, in order.
CHAIN = 2000
case(
    id="ref_chain",
    spec=as_yaml(
        openapi(
            {"/chain": {"get": get("chain", "get", json_response(ref("S0")))}},
            {**{f"S{i}": ref(f"S{i + 1}") for i in range(CHAIN)}, f"S{CHAIN}": {"type": "object", "properties": {"end": {"type": "string"}}}},
        )
    ),
    script=f"""
assert models.S0 is models.S{CHAIN}
with make_client() as client:
    assert client.chain.get().end == "x"
""",
    respond=lambda request: Response.json({"end": "x"}),
)

# Defaults that do not fit their type are left out (with a warning); those that fit stay. The
# hostile suite's mypy --strict run checks the models.
MISFIT_DEFAULTS = {
    "int_half": {"type": "integer", "default": 1.5},
    "int_whole_float": {"type": "integer", "default": 2.0},
    "int_inf": {"type": "integer", "default": float("inf")},
    "int_text": {"type": "integer", "default": "1"},
    "int_bool": {"type": "integer", "default": True},
    "num_text": {"type": "number", "default": "1.5"},
    "bool_zero": {"type": "boolean", "default": 0},
    "str_number": {"type": "string", "default": 5},
    "bytes_text": {"type": "string", "format": "binary", "default": "abc"},
    "const_other": {"const": "a", "default": "b"},
    "enum_other": {"type": "string", "enum": ["a", "b"], "default": "c"},
    "bool_enum_other": {"enum": [True], "default": False},
    "model_text": {**ref("Inner"), "default": "text"},
    "list_text": {"type": "array", "items": {"type": "string"}, "default": "a"},
    "union_text": {"anyOf": [{"type": "integer"}, {"type": "boolean"}], "default": "x"},
}
FITTING_DEFAULTS = {
    "int_ok": {"type": "integer", "default": 3},
    "num_int": {"type": "number", "default": 2},
    "num_inf": {"type": "number", "default": float("-inf")},
    "enum_ok": {"type": "string", "enum": ["a", "b"], "default": "b"},
    "nullable_ok": {"type": ["integer", "null"], "default": 4},
    "union_ok": {"anyOf": [{"type": "integer"}, {"type": "string"}], "default": "x"},
    "model_ok": {**ref("Inner"), "default": {"a": "z"}},
    "list_ok": {"type": "array", "items": {"type": "string"}, "default": ["a"]},
}
case(
    id="defaults_misfit",
    spec=json.dumps(
        openapi(
            {"/things": {"get": get("things", "get", json_response(ref("Thing")))}},
            {"Inner": {"type": "object", "properties": {"a": {"type": "string"}}}, "Thing": {"type": "object", "properties": {**MISFIT_DEFAULTS, **FITTING_DEFAULTS}}},
        ),
        indent=1,
    ),
    suffix=".json",
    script=f"""
import math
fields = models.Thing.model_fields
for name in {sorted(MISFIT_DEFAULTS)!r}:
    assert fields[name].default is None, (name, fields[name].default)
expected = {{"int_ok": 3, "num_int": 2, "enum_ok": "b", "nullable_ok": 4, "union_ok": "x", "list_ok": ["a"]}}
for name, value in expected.items():
    assert fields[name].default == value, (name, fields[name].default)
assert fields["num_inf"].default == -math.inf
with make_client() as client:
    thing = client.things.get()
assert thing.int_half is None and thing.int_ok == 3 and isinstance(thing.model_ok, models.Inner) and thing.model_ok.a == "z"
document = json.loads((OUT / "openapi.json").read_text(encoding="utf-8"))
properties = document["components"]["schemas"]["Thing"]["properties"]
assert not any("default" in properties[name] for name in {sorted(MISFIT_DEFAULTS)!r})
assert all("default" in properties[name] for name in {sorted(FITTING_DEFAULTS)!r})
""",
)

# YAML aliases within the limits are plain sharing: each use is a copy of the value.
case(
    id="yaml_aliases",
    spec=textwrap.dedent(
        """\
        openapi: 3.1.0
        info: {title: Hostile, version: "1"}
        servers: [{url: "https://api.hostile.example"}]
        x-shared:
          error: &error {type: object, properties: {detail: {type: string}}}
          ok: &ok {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        paths:
          /a:
            get:
              x-fern-sdk-group-name: [things]
              x-fern-sdk-method-name: a
              responses: {200: *ok, 422: {description: bad, content: {application/json: {schema: *error}}}}
          /b:
            get:
              x-fern-sdk-group-name: [things]
              x-fern-sdk-method-name: b
              responses: {"200": *ok}
        components:
          schemas:
            Thing: {type: object, properties: {a: *error, b: *error}}
        """
    ),
    script="""
with make_client() as client:
    assert client.things.a().a.detail == "d" and client.things.b().b.detail == "d"
document = json.loads((OUT / "openapi.json").read_text(encoding="utf-8"))
assert sorted(document["paths"]["/a"]["get"]["responses"]) == ["200", "422"]
""",
    respond=lambda request: Response.json({"a": {"detail": "d"}, "b": {"detail": "d"}}),
)

CASE_IDS = [c.id for c in CASES]
assert len(set(CASE_IDS)) == len(CASE_IDS)

# -- the subprocess side --------------------------------------------------------------------

PREAMBLE = r'''
import ast, asyncio, contextlib, importlib, inspect, json, keyword, sys, typing
from pathlib import Path

OUT, URL, PACKAGE, CLIENT, RESPONSE = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
sys.path.insert(0, str(OUT))
pkg = importlib.import_module(PACKAGE)
models = importlib.import_module(PACKAGE + ".models")


def make_client(asynchronous=False, context=True):
    cls = getattr(pkg, ("Async" if asynchronous else "") + CLIENT)
    kwargs = {"base_url": URL, "max_retries": 0, "timeout": 10}
    if "api_key" in inspect.signature(cls.__init__).parameters:
        kwargs["api_key"] = "key"
    client = cls(**kwargs)
    if asynchronous and context:
        @contextlib.contextmanager
        def closing():
            try:
                yield client
            finally:
                asyncio.run(client.aclose())
        return closing()
    return client


def run_async(call):
    """`call(async_client)` awaited on a fresh async client (closed afterwards)."""

    async def main():
        async with make_client(asynchronous=True, context=False) as client:
            return await call(client)

    return asyncio.run(main())


def norm_doc(text):
    """A docstring as a reader sees it: cleaned indentation, line breaks as newlines, no trailing blanks."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()
    return "\n".join(line.rstrip() for line in inspect.cleandoc(text).splitlines())


def doc_text(obj):
    return norm_doc(obj.__doc__ or "")


def literal_values(tp):
    if typing.get_origin(tp) is typing.Literal:
        return list(typing.get_args(tp))
    found = []
    for arg in typing.get_args(tp):
        found.extend(literal_values(arg))
    return found


def wire_fields(model):
    """wire name -> attribute name"""
    return {(info.validation_alias if isinstance(info.validation_alias, str) else name): name for name, info in model.model_fields.items()}


def _module_tree():
    return ast.parse(Path(models.__file__).read_text(encoding="utf-8"))


def field_docs(class_name):
    for node in _module_tree().body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            docs, previous = {}, None
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    previous = item.target.id
                    continue
                if previous and isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant) and isinstance(item.value.value, str):
                    docs[wire_by_attribute(class_name)[previous]] = item.value.value
                previous = None
            return docs
    raise AssertionError(f"no class {class_name}")


def wire_by_attribute(class_name):
    return {attribute: wire for wire, attribute in wire_fields(getattr(models, class_name)).items()}


def alias_docs():
    docs, previous = {}, None
    for node in _module_tree().body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            previous = node.target.id
            docs[previous] = None
            continue
        if previous and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            docs[previous] = node.value.value
        previous = None
    return docs


def reachable_operations(client, prefix=""):
    """Every public method of the client and its resources, by dotted attribute path."""
    found = {}
    for name in dir(client):
        if name.startswith("_") or (not prefix and name in ("close", "aclose")):
            continue
        value = getattr(client, name)
        if inspect.ismethod(value):
            if not name.endswith(("_stream", "_all")):
                found[prefix + name] = value
        elif type(value).__module__ == PACKAGE + "._client":
            found.update(reachable_operations(value, prefix + name + "."))
    return found
'''

# -- running the cases ----------------------------------------------------------------------

IGNORED = {"__pycache__", ".mypy_cache", ".pytest_cache", ".hypothesis", ".git", ".ruff_cache"}
# File names a successful attack would leave; used to spot escapes in the shared project tree.
TELLTALES = (MARKER, "evil", "etc", "abs", "CON", "NUL", "__import__", "x.get", '"""')


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under root (files with their bytes, directories as None)."""
    found: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in IGNORED]
        for name in dirs:
            found[os.path.relpath(os.path.join(folder, name), root)] = None
        for name in files:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, root)] = Path(path).read_bytes() if os.path.isfile(path) else b"<special>"
    return found


def project_paths() -> set[str]:
    found = set()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in IGNORED]
        found.update(os.path.relpath(os.path.join(folder, name), ROOT) for name in dirs + files)
    return found


def markers(*roots: Path) -> list[str]:
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            found += [os.path.join(folder, name) for name in dirs + files if MARKER in name]
    return found


@dataclass
class Generated:
    case: Case
    out: Path
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None
    new_paths: list[str]  # outside the output directory, in the workspace
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Run:
    top: Path  # a folder of our own, two levels above the workspace
    workspace: Path
    project_before: set[str]
    results: dict[str, Generated]


def _generate(case_: Case, run_top: Path, workspace: Path) -> Generated:
    spec = workspace / "specs" / f"{case_.id}{case_.suffix}"
    spec.parent.mkdir(exist_ok=True)
    spec.write_text(case_.spec, encoding="utf-8")
    out = workspace / f"out_{case_.id}"
    args = ["regenerate-sdk", "-q", "--specs", str(spec.relative_to(workspace)), "--out", out.name]
    if case_.package_name is not None:
        args += ["--package", case_.package_name]
    if case_.client is not None:
        args += ["--client-name", case_.client]
    if case_.title is not None:
        args += ["--title", case_.title]
    before = tree(run_top)
    result = CliRunner().invoke(main, args)
    after = tree(run_top)
    prefix = os.path.relpath(out, run_top)
    new_paths = sorted(p for p in set(after) - set(before) if p != prefix and not p.startswith(prefix + os.sep))
    changed = sorted(p for p in set(after) & set(before) if after[p] != before[p] and not p.startswith(prefix + os.sep))
    files = read_tree(out) if out.is_dir() else {}
    exception = result.exception if result.exception and not isinstance(result.exception, SystemExit) else None
    return Generated(case_, out, result.exit_code, result.stdout, result.stderr, exception, new_paths + changed, files)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    top = tmp_path_factory.mktemp("hostile")
    workspace = top / "a" / "b" / "workspace"
    workspace.mkdir(parents=True)
    project_before = project_paths()
    results: dict[str, Generated] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workspace)  # a relative `touch PWNED` would land here
        for case_ in CASES:
            results[case_.id] = _generate(case_, top, workspace)
    yield Run(top, workspace, project_before, results)


def _succeeded(run: Run, case_id: str) -> Generated:
    generated = run.results[case_id]
    if generated.exception is not None or generated.exit_code != 0:
        pytest.skip(f"not generated (exit {generated.exit_code}); see test_generation[{case_id}]")
    return generated


# -- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_generation(run: Run, case_id: str) -> None:
    """Exit 0 or a clean exit 2; nothing outside the output directory; no marker."""
    generated = run.results[case_id]
    if generated.exception is not None:
        raise generated.exception
    assert generated.exit_code in generated.case.exits, f"exit {generated.exit_code}:\n{generated.stderr}"
    assert "Traceback" not in generated.stderr + generated.stdout
    assert not generated.new_paths, f"written outside {generated.out}: {generated.new_paths}"
    assert not markers(run.top, ROOT), markers(run.top, ROOT)
    if generated.exit_code == 2:
        lines = [line for line in generated.stderr.splitlines() if line.strip()]
        assert lines and all(": error: " in line or line.startswith("error: ") or ": warning: " in line or ": notice: " in line for line in lines), generated.stderr
        assert not generated.out.exists(), "a refused run wrote its output directory"
        return
    package, _ = package_of(generated)
    assert {path.split("/", 1)[0] for path in generated.files} == {*BESIDE_PACKAGE, MANIFEST, package}
    # Generating again gives the same bytes (no drift on hostile input).
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(run.workspace)
        case_ = generated.case
        again = build_sdk(Settings(specs=(f"specs/{case_.id}{case_.suffix}",), title=case_.title, package=case_.package_name, client_name=case_.client), Diagnostics())
    assert again is not None and again.files == read_tree(generated.out)


def package_of(generated: Generated) -> tuple[str, str]:
    """(package, client class) of a generated output, as written."""
    package = generated.case.package_name or next(p for p in {f.split("/", 1)[0] for f in generated.files} if p not in {*BESIDE_PACKAGE, MANIFEST})
    client = generated.case.client
    if client is None:
        text = (generated.out / package / "__init__.py").read_text(encoding="utf-8")
        client = text.split("from ._client import ", 1)[1].split("\n", 1)[0].split(", ")[1].strip()
    return package, client


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_import_and_call(run: Run, case_id: str) -> None:
    """The package imports with -W error, the operation answers, and the string is where it belongs."""
    generated = _succeeded(run, case_id)
    case_ = generated.case
    package, client = package_of(generated)
    script = PREAMBLE + textwrap.dedent(case_.script)
    canned = case_.respond(RecordedRequest("GET", "/", "/", "", [], [], b"", "HTTP/1.1", 1, 0))
    canned_json = json.loads(canned.body) if dict(canned.header_pairs()).get("Content-Type") == "application/json" else None
    with serving(case_.respond, max_requests=50) as server:
        result = subprocess.run(
            [sys.executable, "-W", "error", "-c", script, str(generated.out), server.url, package, client, json.dumps(canned_json)],
            check=False, cwd=run.workspace, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )  # fmt: skip
        requests = list(server.requests)
    assert not markers(run.top, ROOT), f"marker written: {markers(run.top, ROOT)}"
    assert result.returncode == 0, "\n".join((result.stdout + result.stderr).splitlines()[-12:])
    assert "Warning" not in result.stderr, result.stderr
    if case_.verify is not None:
        case_.verify(requests)


@pytest.fixture(scope="module")
def mypy_report(run: Run, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One `mypy --strict` over every generated package; its error lines by package."""
    root = tmp_path_factory.mktemp("hostile-mypy")
    packages: list[str] = []
    for generated in run.results.values():
        if generated.exit_code != 0 or generated.exception is not None:
            continue
        package, _ = package_of(generated)
        if package in sys.stdlib_module_names or package in ("httpx", "pydantic", "typing_extensions", "anyio", "httpcore"):
            continue  # it would shadow the module for every other package; test_import_and_call covers it
        shutil.copytree(generated.out / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
        packages.append(package)
    if not packages:
        return {}
    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", mypy_cache_dir()]
    for package in packages:
        command += ["-p", package]
    result = subprocess.run(command, check=False, cwd=root, capture_output=True, text=True, timeout=300)
    report = {package: "" for package in packages}
    for line in result.stdout.splitlines():
        package = line.split("/", 1)[0].split(".py", 1)[0]
        if package in report:
            report[package] += line + "\n"
        else:
            report.setdefault("?", "")
            report["?"] += line + "\n"
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert not report.get("?"), report.get("?")
    return report


# A line of Markdown that would be raw HTML, a heading, a setext underline or a link
# definition of its own (outside fenced code).
_MARKDOWN_BLOCK = re.compile(r"^ {0,3}(<[A-Za-z/!?]|#{1,6}(\s|$)|=+\s*$|\[[^\]]*\]:)")


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_files_beside_the_package_keep_spec_text_inert(run: Run, case_id: str) -> None:
    """README.md and reference.md: no invisible or line-breaking code point, no HTML, heading
    or link definition but the templates' own, fences balanced; pyproject.toml reads as TOML
    with the package's name; every example parses as Python."""
    generated = _succeeded(run, case_id)
    package, _ = package_of(generated)
    project = tomllib.loads(generated.files["pyproject.toml"].decode())["project"]
    assert project["name"] == package.replace("_", "-").lower() and project["dependencies"] == ["httpx>=0.27,<0.29", "pydantic>=2.11"]
    for name in ("README.md", "reference.md"):
        text = generated.files[name].decode()
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn") for c in text if c != "\n"), name
        fence: str | None = None
        for line in text.split("\n"):
            opening = re.match(r"^(`{3,})", line)
            if fence is not None:
                fence = None if opening and opening.group(1) == fence and line == fence else fence
                continue
            if opening:
                fence = opening.group(1)
                continue
            if _MARKDOWN_BLOCK.match(line):
                assert line.startswith(("# ", "## ", "### ", "<!-- Generated by sdkgen")), f"{name}: {line!r}"
                assert line.count("\n") == 0
        assert fence is None, f"{name}: a fence left open"
        for block in re.findall(r"^(`{3,})python\n(.*?)\n\1$", text, flags=re.M | re.S):
            ast.parse(block[1])
    headings = [line for line in generated.files["reference.md"].decode().split("\n") if line.startswith("#")]
    assert headings[0].startswith("# ") and all(re.fullmatch(r"#{2,3} `[^`]+`", line) for line in headings[1:]), headings


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_mypy_strict(run: Run, mypy_report: dict[str, str], case_id: str) -> None:
    generated = _succeeded(run, case_id)
    package, _ = package_of(generated)
    if package not in mypy_report:
        pytest.skip(f"package {package!r} shadows a module; not type-checked with the others")
    assert not mypy_report[package], mypy_report[package]


def test_nothing_written_in_the_project(run: Run) -> None:
    """Runs last: the project tree has no new path that looks like an escape."""
    new = sorted(p for p in project_paths() - run.project_before if any(t in p for t in TELLTALES))
    assert not new, new
    assert not markers(run.top, ROOT, Path.cwd())


def test_control_character_in_a_path_is_refused(tmp_path):
    """A NUL or other control character cannot go into a URL: a clean error, nothing written."""
    from click.testing import CliRunner

    from generator.cli import main

    spec = tmp_path / "p.yaml"
    spec.write_text(as_yaml(openapi({"/c/{id}/\x00": {"get": get("paths", "get", json_response({"type": "string"}),
        parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}])}})))  # fmt: skip
    result = CliRunner().invoke(main, ["regenerate-sdk", "--specs", str(spec), "--out", str(tmp_path / "out"), "--package", "h", "--client-name", "H"])
    assert result.exit_code == 2 and "control character" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_request_content_type_that_is_not_printable_ascii_is_refused(tmp_path):
    """A Content-Type header carries printable ASCII only: refused at generation, not at call time."""
    from click.testing import CliRunner

    from generator.cli import main

    spec = tmp_path / "p.yaml"
    body = {"content": {"text/pl\u00e4in": {"schema": {"type": "string"}}}}
    spec.write_text(as_yaml(openapi({"/c": {"post": get("things", "send", json_response({"type": "string"}), requestBody=body)}})))
    result = CliRunner().invoke(main, ["regenerate-sdk", "--specs", str(spec), "--out", str(tmp_path / "out"), "--package", "h", "--client-name", "H"])
    assert result.exit_code == 2, result.output
    assert "p.yaml:" in result.stderr and "text/pl\u00e4in" in result.stderr and "printable ASCII" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()



@pytest.mark.parametrize("name", ["X Foo", "x\r\nX-Injected: 1", "x-caf\u00e9", "x:y", 'x"""y', "x(y)", "x/y"])
def test_a_header_name_that_is_not_a_token_is_refused(tmp_path, name):
    """A header name is an RFC 9110 token: anything else would fail every call, so it is refused
    at generation, with the file and line of the operation's parameters."""
    spec = tmp_path / "p.yaml"
    parameters = [{"name": "X-Fine", "in": "header", "schema": {"type": "string"}}, {"name": name, "in": "header", "schema": {"type": "string"}}]
    text = as_yaml(openapi({"/c": {"get": get("things", "get", json_response({"type": "string"}), parameters=parameters)}}))
    spec.write_text(text)
    line = text.splitlines().index("      parameters:") + 1
    result = CliRunner().invoke(main, ["regenerate-sdk", "--specs", str(spec), "--out", str(tmp_path / "out"), "--package", "h", "--client-name", "H"])
    assert result.exit_code == 2, result.output
    (message,) = [m for m in result.stderr.splitlines() if m.strip()]
    assert message.startswith(f"{spec}:{line}: error: operation GET /c: header parameter {name!r} is not a valid HTTP header name"), message
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def _client_modules(run: Run) -> list[Path]:
    """Every generated `_client.py`: the committed outputs and this run's hostile packages."""
    found = sorted(ROOT.glob("generated/*/_client.py")) + sorted(ROOT.glob("tests/fixtures/sdk/*/golden/*/_client.py"))
    return found + [g.out / package_of(g)[0] / "_client.py" for g in run.results.values() if g.exit_code == 0 and g.exception is None]


def test_a_method_body_loads_only_its_parameters_and_reserved_names(run: Run) -> None:
    """No parameter can shadow a name a method body uses: the body loads only its own
    parameters and `_`-prefixed names (its locals, the module's aliases), and no parameter
    name starts with `_` or takes a METHOD_RESERVED name."""
    import ast

    from generator.model.operations_ir import METHOD_RESERVED

    checked = 0
    for module in _client_modules(run):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
            for function in cls.body:
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or function.name.startswith("__") or function.name in ("close", "aclose"):
                    continue
                parameters = {a.arg for a in function.args.args + function.args.kwonlyargs}
                loaded = {n.id for statement in function.body for n in ast.walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                strangers = {name for name in loaded - parameters if not name.startswith("_")}
                assert not strangers, (module, function.name, strangers)
                arguments = parameters - {"self", "request_options"}
                assert not {name for name in arguments if name.startswith("_")} and not arguments & METHOD_RESERVED, (module, function.name)
                checked += 1
    assert checked > 150, checked  # every operation method of the committed outputs and this run


# -- size and shape: limits on what one run reads ------------------------------------------------


def _invoke(args: list[str], cwd: Path, settings: str = "") -> Any:
    """Run the CLI in-process in `cwd` (with `settings` as its [tool.sdkgen]); exceptions surface."""
    if settings:
        (cwd / "pyproject.toml").write_text(f"[tool.sdkgen]\n{settings}", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.stderr + result.stdout
    return result


DEEP = deep_documents(DEFAULT_LIMITS.max_depth)
DEEPEST = deep_documents(MAX_DEPTH_SETTING)


@pytest.mark.parametrize("name", sorted(DEEP))
@pytest.mark.parametrize("limit", ["default", "highest"])
def test_documents_nested_to_the_depth_limit_generate(tmp_path: Path, name: str, limit: str) -> None:
    """Nested as deep as `max_depth` allows (by default, and at the highest setting), in every
    way a document nests: generated (or, past what Python itself parses, refused cleanly),
    merged with a second page, validated (openapi-spec-validator recurses too deeply for some:
    a clean error) and compared with `sdkgen diff`: no RecursionError anywhere."""
    depth = DEFAULT_LIMITS.max_depth if limit == "default" else MAX_DEPTH_SETTING
    document = (DEEP if limit == "default" else DEEPEST)[name]
    assert depth_of(document) > depth - 4 or name == "sdk-group"
    spec = tmp_path / "deep.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    settings = f"max_depth = {depth}\n" if limit == "highest" else ""
    result = _invoke(["regenerate-sdk", "-q", "--specs", spec.name, "--out", "out", "--package", "deep", "--client-name", "Deep"], tmp_path, settings)
    if limit == "default":
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code in (0, 2), result.stderr
        assert result.exit_code == 0 or "too many nested parentheses" in result.stderr, result.stderr
    # A second page defines the same schema, different at the deepest level: merged, reported, diffed.
    other = json.loads(json.dumps(document).replace('"type": "string"', '"type": "integer"').replace('"operationId": "a"', '"operationId": "b"').replace('-name": "m"', '-name": "n"'))
    other["paths"] = {"/b" + path: item for path, item in other["paths"].items()}
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    merged = _invoke(["merge", "--specs", spec.name, "--specs", "other.json", "-o", "merged.json", "--report", "report.md"], tmp_path)
    assert merged.exit_code == 0, merged.stderr
    validated = _invoke(["merge", "--validate", "--specs", spec.name, "-o", "validated.json", "--report", "report.md"], tmp_path)
    assert validated.exit_code == 0 or "cannot check a document nested this deeply" in validated.stderr, validated.stderr
    diffed = _invoke(["diff", spec.name, "other.json", "-o", "diff.md"], tmp_path)
    assert diffed.exit_code == 0, diffed.stderr


def test_long_names_are_split_in_linear_time() -> None:
    """Names of 100,000 characters: the word splitter looks at each character a bounded number
    of times (it took 32 s for 40,000 capitals, growing with the square of the length)."""
    from generator.common.names import VariantNamer, clean_schema_name, pascal_join, snake_case, snake_words
    from generator.common.pysyntax import pascal_identifier, snake_identifier

    size = 100_000
    assert snake_words("A" * size) == ["a" * size]
    assert snake_words("aB" * (size // 2)) == ["a", *["ba"] * (size // 2 - 1), "b"]
    assert snake_words("AB" * (size // 2) + "Cd") == ["ab" * (size // 2), "cd"]
    assert snake_words("A" * size + "Bc") == ["a" * size, "bc"]
    assert snake_words("a_" * (size // 2)) == ["a"] * (size // 2)
    assert snake_case("HTTPServer" * (size // 10)) == "_".join(["http", *["server_http"] * (size // 10 - 1), "server"])
    assert snake_identifier("9" * size) == "n" + "9" * size
    assert pascal_join("a b" * (size // 3)) == "A" + "Ba" * (size // 3 - 1) + "B"
    assert pascal_identifier("-" * size) == "Value"
    assert clean_schema_name("type_x:" + "a" * size) == "A" + "a" * (size - 1)
    # Variant names: a long base and long names that only almost match it.
    base = "X" * size
    namer = VariantNamer({base + "-Input", "Y-Output"})
    assert namer.parse(base + "OutputDetails").group == base + "Details"
    assert namer.parse("X" * (size - 1) + "OutputDetails").variant is None
    assert namer.parse("InputOutput" * (size // 11)).variant is None


def test_a_property_name_of_100000_characters_generates_when_the_limit_allows(tmp_path: Path) -> None:
    """Over `max_name_length` it is refused (tests/test_broken_input.py); raised, it generates,
    with the name as the wire name of a field."""
    name = "aB" * 50_000
    spec = tmp_path / "p.json"
    spec.write_text(json.dumps(openapi({"/a": {"get": get("things", "get", json_response(ref("Thing")))}},
                                       {"Thing": {"type": "object", "properties": {name: {"type": "string"}, "Z" * 100_000: {"type": "integer"}}}})))  # fmt: skip
    result = _invoke(["regenerate-sdk", "-q", "--specs", spec.name, "--out", "out", "--package", "long", "--client-name", "Long"], tmp_path, "max_name_length = 100_000\n")
    assert result.exit_code == 0, result.stderr
    models = (tmp_path / "out" / "long" / "models.py").read_text(encoding="utf-8")
    assert "    a_" + "ba_" * 49_999 + "b: (\n        str | None\n    ) = Field(" in models and f'validation_alias="{name}"' in models
    assert "    " + "z" * 100_000 + ": (\n        int | None\n    ) = Field(" in models


def test_integer_keys_in_yaml_are_the_strings_they_are_written_as(tmp_path: Path) -> None:
    """`200:` (a YAML integer) and `"200":` are one response; numbers and booleans as keys are
    their text; the merged document has string keys only."""
    one = HEADER_YAML + "paths:\n  /a:\n    get:\n      operationId: a\n      x-codes: {0x1F: hex, true: yes, 1.50: f}\n      responses:\n        200: {description: one}\n"
    two = HEADER_YAML + "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        \"200\": {description: two}\n        404: {description: missing}\n"
    (tmp_path / "one.yaml").write_text(one)
    (tmp_path / "two.yaml").write_text(two)
    result = _invoke(["merge", "--specs", "one.yaml", "--specs", "two.yaml", "-o", "merged.json", "--report", "report.md"], tmp_path)
    assert result.exit_code == 0, result.stderr
    operation = json.loads((tmp_path / "merged.json").read_text())["paths"]["/a"]["get"]
    assert operation["responses"] == {"200": {"description": "one"}, "404": {"description": "missing"}}
    assert operation["x-codes"] == {"0x1F": "hex", "true": "yes", "1.50": "f"}


HEADER_YAML = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\nservers: [{url: "https://api.example.com"}]\n'


def test_large_unions_enums_and_colliding_names_take_linear_time(tmp_path: Path) -> None:
    """Repeats among 20,000 union members and 20,000 enum values, and 5,000 property names that
    all become `a`, are found by hashing (comparing every pair took 13 s at these sizes, growing
    with the square of the size)."""
    members = [{"type": "string", "title": f"t{i}"} for i in range(20_000)] + [{"type": "string", "title": "t0"}]
    enum = [{"value": f"v{i % 10_000}"} for i in range(20_000)]
    names = {"_" * i + "a" + "_" * j: {"type": "string"} for i in range(50) for j in range(100)}
    schemas = {
        "Union": {"type": "object", "properties": {"u": {"anyOf": members}}},
        "Enum": {"type": "object", "properties": {"e": {"type": "string", "enum": enum}}},
        "Names": {"type": "object", "properties": names},
    }
    paths = {f"/{name.lower()}": {"get": get("things", name.lower(), json_response(ref(name)))} for name in schemas}
    (tmp_path / "p.json").write_text(json.dumps(openapi(paths, schemas)), encoding="utf-8")
    result = _invoke(["merge", "--specs", "p.json", "-o", "merged.json", "--report", "report.md"], tmp_path)
    assert result.exit_code == 0, result.stderr
    merged = json.loads((tmp_path / "merged.json").read_text())["components"]["schemas"]
    assert len(merged["Union"]["properties"]["u"]["anyOf"]) == 20_000
    assert merged["Enum"]["properties"]["e"]["enum"] == [f"v{i}" for i in range(10_000)]
    from generator.model.models_ir import attribute_names

    chosen = attribute_names(list(names))
    assert len(set(chosen.values())) == len(names) and chosen["a"] == "a" and sorted(chosen.values())[:3] == ["a", "a_10", "a_100"]
