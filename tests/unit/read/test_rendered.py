"""Rendered reference pages (what a browser shows of a Fern endpoint page, no OpenAPI block)
as a second source: read in both saved shapes, laid over the OpenAPI blocks without
weakening them, and standing alone as operations of their own.

The plain-text shape is the seed page `specs/001_...`. The Markdown shape is written here
from a YAML page of the Fanvue corpus (`render_markdown`), so that what the rendering says
is known exactly: read back, it must give the YAML's facts; laid over the YAML, it must
change nothing; changed on purpose, exactly the changes must show.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from openapi_spec_validator import validate

from conftest import CORPUS, ROOT, merge_paths, needs_corpus
from generator.read import rendered_types
from generator.common.diagnostics import Diagnostics, Level
from generator.read.rendered import read_rendered_page
from generator.spec.schema_forms import make_nullable
from http_server import Response, serving

SEED_RENDERED = ROOT / "specs" / "001_c335ea2d93562a2f.txt"
FANVUE_PAGE = CORPUS / "fanvue" / "agencies__get-chats-of-creator.md"
CHATS = "/creators/{creatorUserUuid}/chats"


def read(path: Path, title: str = "") -> tuple[Any, Diagnostics]:
    diagnostics = Diagnostics()
    lines = path.read_text(encoding="utf-8").split("\n")
    return read_rendered_page(path.name, lines, 1, title, diagnostics), diagnostics


def fields_of(page: Any, section: str) -> dict[str, Any]:
    return {f.name: f for f in page.fields.get(section, [])}


# -- the plain-text shape: the seed page ------------------------------------------------------


def test_the_seed_page_in_plain_text():
    page, diagnostics = read(SEED_RENDERED)
    assert not diagnostics.items
    assert (page.method, page.path, page.server, page.title) == ("get", "/v1/convai/conversations/{conversation_id}", "https://api.elevenlabs.io", "Get conversation details")
    path = fields_of(page, "path")["conversation_id"]
    assert (path.type.schema, path.required, path.description) == ({"type": "string"}, True, "The id of the conversation you're taking the action on.")
    assert fields_of(page, "header")["xi-api-key"].required is False
    fmt = fields_of(page, "query")["format"]
    assert fmt.type.enum and fmt.required is False and (fmt.default, fmt.has_default) == ("json", True)
    assert fmt.allowed == ["json", "opentelemetry"] and fmt.allowed_from_description
    response = fields_of(page, "response")
    assert page.response_description == "Successful Response"
    expected = {
        "agent_name": {"type": ["string", "null"]},
        "version_id": {"type": ["string", "null"], "description": "The ID of the agent version used for this conversation"},
        "environment": {"type": "string", "default": "production"},
        "tag_ids": {"type": "array", "items": {"type": "string"}, "description": "Conversation tag ids assigned to this conversation."},
        "has_audio": {"type": "boolean"},
        "otlp_traces": {"type": ["object", "null"], "additionalProperties": {},
                        "description": "OpenTelemetry trace payload when the request uses format=opentelemetry; otherwise omitted."},
    }  # fmt: skip
    for name, schema in expected.items():
        assert response[name].schema() == schema, name
    for shapeless in ("metadata", "transcript", "visited_agents", "analysis", "conversation_initiation_client_data"):
        assert response[shapeless].type.shapeless, shapeless
    assert len(response) == 18
    assert [(e.status, e.description) for e in page.errors] == [("422", "Unprocessable Entity Error")]


@pytest.mark.parametrize(
    ("line", "name", "schema", "required", "default"),
    [
        ("conversation_idstringRequired", "conversation_id", {"type": "string"}, True, None),
        ("formatenumOptionalDefaults to json", "format", {"type": "string"}, False, "json"),
        ("has_audioboolean", "has_audio", {"type": "boolean"}, None, None),
        ("otlp_tracesmap from strings to any or null", "otlp_traces", {"type": ["object", "null"], "additionalProperties": {}}, None, None),
        ("page_sizeintegerOptionalDefaults to 30", "page_size", {"type": "integer"}, False, 30),
        ("scoredoubleOptionalDefaults to 0.5", "score", {"type": "number"}, False, 0.5),
        ("flagbooleanOptionalDefaults to false", "flag", {"type": "boolean"}, False, False),
        ("gridlist of lists of integers", "grid", {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}, None, None),
        ("**site\\_id** `string` Required `format: \"uuid\"`", "site_id", {"type": "string", "format": "uuid"}, True, None),
        ("- `x-api-key` · `string` · Optional", "x-api-key", {"type": "string"}, False, None),
        ("idsset of uuids", "ids", {"type": "array", "items": {"type": "string", "format": "uuid"}}, None, None),
    ],
)
def test_field_lines_are_split_by_the_type_vocabulary(line, name, schema, required, default, tmp_path):
    page_file = tmp_path / "page.txt"
    page_file.write_text(f"GET\n/v1/things\nQuery parameters\n{line}\n")
    page, diagnostics = read(page_file)
    assert not diagnostics.items
    (field,) = page.fields["query"]
    assert (field.name, field.required, field.default) == (name, required, default)
    assert {k: v for k, v in field.schema().items() if k != "default"} == schema


def test_a_field_line_with_an_unknown_type_is_a_warning(tmp_path):
    page_file = tmp_path / "page.txt"
    page_file.write_text("GET\n/v1/things\nQuery parameters\nwidgetFancyWidgetRequired\nkindstringOptional\n")
    page, diagnostics = read(page_file)
    assert [f.name for f in page.fields["query"]] == ["kind"]
    (warning,) = diagnostics.items
    assert warning.level is Level.WARNING and warning.source.line == 4 and "widgetFancyWidgetRequired" in warning.message


def test_a_line_that_reads_two_ways_is_a_warning(tmp_path, monkeypatch):
    """No two words of Fern's vocabulary glue ambiguously; a vocabulary where they would
    (`ring` beside `string`) must warn and take the longest type."""
    monkeypatch.setitem(rendered_types.SCALARS, "ring", {"type": "string", "format": "ring"})
    page_file = tmp_path / "page.txt"
    page_file.write_text("GET\n/v1/things\nQuery parameters\nxstringRequired\n")
    page, diagnostics = read(page_file)
    assert page.fields["query"][0].name == "x"
    (warning,) = diagnostics.items
    assert warning.source.line == 4 and "reads several ways" in warning.message and "`xst` (ring)" in warning.message


def test_a_page_without_an_endpoint_or_fields_is_not_a_rendered_page(tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text("# Authentication\n\nUse your key.\n\nHeaders\n\nxi-api-keystringRequired\n")
    _, diagnostics = merge_paths(guide)
    assert any("has no OpenAPI Specification block" in d.message for d in diagnostics.items)


# -- the seed page laid over the seed snapshots ------------------------------------------------


def test_the_seed_page_adds_what_the_yaml_lacks(seed_merge):
    document = seed_merge.result.document
    operation = document["paths"]["/v1/convai/conversations/{conversation_id}"]["get"]
    parameters = {(p["in"], p["name"]): p for p in operation["parameters"]}
    fmt = parameters[("query", "format")]
    assert fmt["required"] is False and fmt["schema"]["enum"] == ["json", "opentelemetry"] and fmt["schema"]["default"] == "json"
    assert parameters[("header", "xi-api-key")]["required"] is True, "the YAML's required stays"
    model = document["components"]["schemas"]["GetConversationResponseModel"]
    properties = model["properties"]
    assert properties["agent_name"]["type"] == ["string", "null"]
    assert properties["environment"] == {"type": "string", "default": "production"}
    assert properties["tag_ids"]["items"] == {"type": "string"}
    assert properties["visited_agents"]["items"] == {"type": "object"}
    assert properties["otlp_traces"]["additionalProperties"] == {}
    assert properties["metadata"] == {"$ref": "#/components/schemas/ConversationHistoryMetadataCommonModel"}, "a shapeless `object` does not replace the YAML's"
    assert not {"agent_name", "environment", "tag_ids"} & set(model.get("required", []))
    validate(document)
    facts = [(f.subject, f.fact, f.source.line) for f in seed_merge.result.rendered_facts]
    assert all(str(f.source).startswith("specs/001_c335ea2d93562a2f.txt:") for f in seed_merge.result.rendered_facts)
    assert any(s.endswith("query parameter `format`") and line == 80 for s, _, line in facts)
    assert any("field `environment`" in s and "default 'production'" in fact for s, fact, _ in facts)
    assert "## From rendered pages" in seed_merge.report and "specs/001_c335ea2d93562a2f.txt:98" in seed_merge.report


def test_the_generated_package_has_what_the_page_shows():
    import inspect
    import typing

    sys.path.insert(0, str(ROOT / "generated"))
    try:
        from elevenlabs_convai import models
        from elevenlabs_convai._client import ConversationalAiConversationsClient

        parameter = inspect.signature(ConversationalAiConversationsClient.get).parameters["format"]
        assert parameter.default is None and parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.annotation == "models.ConversationalAiConversationsGetFormat | None"
        assert typing.get_args(models.ConversationalAiConversationsGetFormat) == (typing.Literal["json", "opentelemetry"], str)
        fields = models.GetConversationResponseModel.model_fields
        assert fields["environment"].default == "production" and fields["environment"].annotation is str
        assert fields["tag_ids"].annotation == typing.Optional[typing.List[str]]
        assert fields["agent_name"].annotation == typing.Optional[str]
        assert fields["version_id"].annotation == typing.Optional[str]
        assert fields["otlp_traces"].annotation == typing.Optional[typing.Dict[str, typing.Any]]
        assert fields["visited_agents"].annotation == typing.Optional[typing.List[typing.Dict[str, typing.Any]]]
    finally:
        sys.path.remove(str(ROOT / "generated"))


# -- the Markdown shape, written from a YAML page ---------------------------------------------


def render_markdown(yaml_page: Path, changes: dict[str, Any] | None = None) -> str:
    """The page as a Markdown export of its rendering shows it. `changes` puts in what the
    rendering should say differently (extra or retyped fields, required flags)."""
    text = yaml_page.read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("# ")
    block = text.split("```yaml\n", 1)[1].split("\n```", 1)[0]
    document = yaml.safe_load(block)
    schemas = document.get("components", {}).get("schemas", {})
    ((path, item),) = document["paths"].items()
    ((method, operation),) = item.items()
    changes = changes or {}
    url = "https://api.fanvue.com" + re.sub(r"\{([^}]+)\}", r":\1", path)
    lines = [f"# {title}", "", f"`{method.upper()} {url}`", "", operation.get("summary", ""), ""]
    sections = (("path", "Path Parameters"), ("header", "Headers"), ("query", "Query Parameters"))
    for location, heading in sections:
        entries = [(p["name"], p.get("schema", {}), p.get("required", False), p.get("description")) for p in operation.get("parameters", []) if p["in"] == location]
        entries = [e for e in entries if e[0] not in changes.get("drop", ())]
        entries += changes.get(location, [])
        if entries:
            lines += [f"### {heading}", ""]
            for name, schema, required, description in entries:
                lines += _markdown_field(name, schema, required, description, schemas, changes.get("required", {}).get(name))
    ok = operation["responses"]["200"]
    response = _resolve(ok["content"]["application/json"]["schema"], schemas)
    lines += ["### Response", "", ok.get("description", ""), ""]
    for name, schema in [*response["properties"].items(), *((n, s) for n, s, _, _ in changes.get("response", []))]:
        schema = changes.get("retype", {}).get(name, schema)
        lines += _markdown_field(name, schema, None, _resolve(schema, schemas).get("description"), schemas, None)
    lines += ["### Errors", ""]
    for status, answer in operation["responses"].items():
        if status != "200":
            lines += [f"- **{status}** {answer.get('description', '').splitlines()[0]}", ""]
    return "\n".join(lines) + "\n"


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _markdown_field(name: str, schema: dict[str, Any], required: bool | None, description: str | None, schemas: dict[str, Any], override: bool | None) -> list[str]:
    resolved = _resolve(schema, schemas)
    words = _type_words(schema, schemas)
    flags = []
    required = required if override is None else override
    if required is not None:
        flags.append("Required" if required else "Optional")
    if "default" in resolved:
        flags.append(f"Defaults to `{resolved['default']}`")
    if resolved.get("format") in ("uuid", "date-time", "double") and words == "string":
        flags.append(f'`format: "{resolved["format"]}"`')
    escaped = name.replace("_", "\\_")
    lines = [f"- **{escaped}** `{words}` {' '.join(flags)}".rstrip(), ""]
    if description:
        lines += [f"  {description.splitlines()[0]}", ""]
    values = resolved.get("enum")
    if values:
        lines += ["  Allowed values: " + ", ".join(f"`{v['value'] if isinstance(v, dict) else v}`" for v in values if v is not None), ""]
    return lines


def _type_words(schema: dict[str, Any], schemas: dict[str, Any], plural: bool = False) -> str:
    resolved = _resolve(schema, schemas)
    kinds = resolved.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    nullable = "null" in kinds
    kind = next((k for k in kinds if k != "null"), "object")
    if "enum" in resolved:
        word = "enum"
    elif kind == "number":
        word = "double"
    elif kind == "array":
        word = ("lists of " if plural else "list of ") + _type_words(resolved.get("items", {}), schemas, plural=True)
    elif kind == "object" and "additionalProperties" in resolved and "properties" not in resolved:
        word = ("maps from strings to " if plural else "map from strings to ") + _type_words(resolved["additionalProperties"], schemas, plural=True)
    else:
        word = kind
    if plural and not word.startswith(("lists", "maps")):
        word = word + "s"
    return word + (" or null" if nullable and not plural else "")


@pytest.fixture
def fanvue_page(tmp_path) -> Path:
    if not FANVUE_PAGE.exists():
        pytest.skip(f"{FANVUE_PAGE} not present")
    copy = tmp_path / "yaml" / FANVUE_PAGE.name
    copy.parent.mkdir()
    shutil.copy(FANVUE_PAGE, copy)
    return copy


def write_rendering(folder: Path, yaml_page: Path, changes: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "rendered-chats.md"
    target.write_text(render_markdown(yaml_page, changes), encoding="utf-8")
    return target


@needs_corpus(CORPUS / "fanvue")
def test_the_markdown_shape_reads_back_what_the_yaml_says(fanvue_page, tmp_path):
    rendered, diagnostics = read(write_rendering(tmp_path / "rendered", fanvue_page))
    assert not diagnostics.items
    assert (rendered.method, rendered.path, rendered.server, rendered.title) == ("get", CHATS, "https://api.fanvue.com", "Get chats of a creator")
    creator = fields_of(rendered, "path")["creatorUserUuid"]
    assert (creator.required, creator.format) == (True, "uuid")
    page = fields_of(rendered, "query")["page"]
    assert (page.required, page.default, page.type.schema) == (False, 1, {"type": "number"})
    version = fields_of(rendered, "header")["X-Fanvue-API-Version"]
    assert (version.required, version.default) == (True, "2025-06-26")
    assert set(fields_of(rendered, "response")) == {"data", "pagination"}
    assert fields_of(rendered, "response")["data"].type.schema == {"type": "array", "items": {"type": "object"}}
    assert [e.status for e in rendered.errors] == ["400", "401", "403", "404", "410"]


@needs_corpus(CORPUS / "fanvue")
def test_a_rendering_that_agrees_with_its_yaml_changes_nothing(fanvue_page, tmp_path):
    alone, _ = merge_paths(fanvue_page)
    both, diagnostics = merge_paths(fanvue_page, write_rendering(tmp_path / "rendered", fanvue_page))
    assert alone is not None and both is not None, [str(d) for d in diagnostics.items]
    assert both.result.rendered_facts == []
    assert both.result.document == alone.result.document


@needs_corpus(CORPUS / "fanvue")
def test_a_rendering_that_disagrees_widens_and_adds_but_never_weakens(fanvue_page, tmp_path):
    changes = {
        "query": [("sort", {"type": "string", "enum": ["newest", "oldest"]}, False, "Order of the chats")],
        "required": {"page": True, "X-Fanvue-API-Version": False},
        "response": [("total", {"type": "integer"}, None, None)],
        "retype": {"pagination": {"type": ["object", "null"]}, "data": {"type": "array", "items": {"type": "object"}}},
    }
    rendering = write_rendering(tmp_path / "rendered", fanvue_page, changes)
    alone, _ = merge_paths(fanvue_page)
    merged, diagnostics = merge_paths(fanvue_page, rendering)
    assert merged is not None, [str(d) for d in diagnostics.items]
    document = merged.result.document
    validate(document)
    operation = document["paths"][CHATS]["get"]
    before = alone.result.document["paths"][CHATS]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["sort"] == {"name": "sort", "in": "query", "description": "Order of the chats", "required": False,
                                  "schema": {"type": "string", "enum": ["newest", "oldest"]}}  # fmt: skip
    assert parameters["page"]["required"] is False, "a page's Required does not change what the YAML says"
    assert parameters["X-Fanvue-API-Version"]["required"] is True, "nor does its Optional"
    response_name = before["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    model = document["components"]["schemas"][response_name]
    old_model = alone.result.document["components"]["schemas"][response_name]
    assert model["properties"]["total"] == {"type": "integer"}
    assert model["properties"]["pagination"] == make_nullable(old_model["properties"]["pagination"])
    assert model["properties"]["pagination"]["anyOf"][1] == {"type": "null"}
    assert model["properties"]["data"] == old_model["properties"]["data"], "a shapeless list of objects keeps the YAML's items"
    assert model["required"] == old_model["required"]
    facts = {(f.subject.rsplit("`", 2)[-2], f.source.line) for f in merged.result.rendered_facts}
    lines = rendering.read_text().splitlines()
    for name in ("sort", "page", "X-Fanvue-API-Version", "total", "pagination"):
        line = next(i for i, text in enumerate(lines, start=1) if f"**{name.replace('_', chr(92) + '_')}**" in text)
        assert (name, line) in facts, name
    assert all(f.source.path.endswith("rendered-chats.md") for f in merged.result.rendered_facts)


@needs_corpus(CORPUS / "fanvue")
def test_an_operation_known_only_from_a_rendered_page(fanvue_page, tmp_path, monkeypatch):
    rendering = write_rendering(tmp_path / "rendered", fanvue_page)
    merged, diagnostics = merge_paths(rendering)
    assert merged is not None, [str(d) for d in diagnostics.items]
    document = merged.result.document
    validate(document)
    operation = document["paths"][CHATS]["get"]
    assert operation["operationId"] == "creators.chats.list" and operation["x-sdkgen-rendered-only"] is True
    assert document["servers"] == [{"url": "https://api.fanvue.com"}]
    assert {p["name"]: p["required"] for p in operation["parameters"]} == {"creatorUserUuid": True, "Authorization": True, "X-Fanvue-API-Version": True, "page": False, "size": False}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["properties"]["data"] == {"type": "array", "items": {"type": "object"}, "description": "Array of chats"}
    assert set(operation["responses"]) == {"200", "400", "401", "403", "404", "410"}
    assert "(rendered page only)" in merged.report

    from generator.cli import main

    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["regenerate-sdk", "--specs", str(rendering), "--out", str(out), "--package", "chats_sdk", "--client-name", "Chats"])
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(out))
    try:
        from chats_sdk import Chats

        answer = {"data": [{"uuid": "u1"}], "pagination": {"page": 1}}
        with serving(lambda request: Response.json(answer), max_requests=1) as server:
            client = Chats(api_key="token", base_url=server.url)
            page = client.creators.chats.list(creator_user_uuid="c-1", page=2)
            (request,) = server.requests
        assert (request.path, request.query) == ("/creators/c-1/chats", [("page", "2")])
        assert request.header("Authorization") == "Bearer token" and request.header("X-Fanvue-API-Version") == "2025-06-26"
        assert page.data == [{"uuid": "u1"}]
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "chats_sdk" or m.startswith("chats_sdk.")]:
            del sys.modules[name]
    assert json.loads((out / "openapi.json").read_text())["paths"][CHATS]["get"]["x-sdkgen-rendered-only"] is True
