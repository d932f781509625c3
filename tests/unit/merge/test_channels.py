"""Fern's AsyncAPI quirks undone: each message's direction (ids, texts, the writer's
convention), each control message's own literal, binary frames, "Any type", and the
channels' schemas named and merged in the shared pool."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import merge_paths
from generator.common.diagnostics import Level
from generator.merge.channels import CLIENT, SERVER
from generator.spec import extensions

HEAD = """# Live

## AsyncAPI Specification

```yaml
asyncapi: 2.6.0
info:
  title: live.v1
  version: {version}
channels:
  /v1/live:
    bindings:
      ws:
        query:
          type: object
          properties:
            anything:
              $ref: '#/components/schemas/LiveAnything'
{operations}
servers:
  Production:
    url: wss://live.example.com/
    protocol: wss
components:
  messages:
{messages}
  schemas:
    LiveAnything:
      description: Any type
{schemas}
```
"""

CONTROL_SCHEMAS = """
    LiveResultType:
      type: string
      enum:
        - value: Result
    Live_Result:
      type: object
      properties:
        type:
          $ref: '#/components/schemas/LiveResultType'
        text:
          type: string
      required: [type, text]
    Live_Media:
      type: string
      format: binary
    LiveFinalizeType:
      type: string
      enum:
        - value: Finalize
        - value: CloseStream
        - value: KeepAlive
    Live_Finalize:
      type: object
      properties:
        type:
          $ref: '#/components/schemas/LiveFinalizeType'
          description: Message type identifier
      required: [type]
    Live_CloseStream:
      type: object
      properties:
        type:
          $ref: '#/components/schemas/LiveSharedType'
      required: [type]
    Live_KeepAlive:
      type: object
      properties:
        type:
          $ref: '#/components/schemas/LiveSharedType'
      required: [type]
    LiveSharedType:
      type: string
      enum:
        - value: Finalize
        - value: CloseStream
        - value: KeepAlive
"""


def fern_page(version: str = "subpackage_live/v1.live.v1") -> str:
    """Fern's inverted layout: the server's messages under `publish`, ids that say so."""
    names = {"server": ["Result"], "client": ["Media", "Finalize", "CloseStream", "KeepAlive"]}
    operations = "    publish:\n      summary: Server messages\n      message:\n        oneOf:\n"
    operations += "".join(f"          - $ref: '#/components/messages/subpackage_live/v1.live.v1-server-{i}-{n}'\n" for i, n in enumerate(names["server"]))
    operations += "    subscribe:\n      summary: Client messages\n      message:\n        oneOf:\n"
    operations += "".join(f"          - $ref: '#/components/messages/subpackage_live/v1.live.v1-client-{i}-{n}'\n" for i, n in enumerate(names["client"]))
    messages = ""
    for side, listed in names.items():
        for i, name in enumerate(listed):
            messages += f"    subpackage_live/v1.live.v1-{side}-{i}-{name}:\n      name: {name}\n      payload:\n        $ref: '#/components/schemas/Live_{name}'\n"
    return HEAD.format(version=version, operations=operations.rstrip("\n"), messages=messages.rstrip("\n"), schemas=CONTROL_SCHEMAS.strip("\n"))


def merged_channels(tmp_path: Path, pages: dict[str, str]):
    for name, text in pages.items():
        (tmp_path / name).write_text(text)
    merged, diagnostics = merge_paths(*(tmp_path / name for name in pages))
    assert merged is not None, [str(d) for d in diagnostics.items]
    return merged.result, diagnostics


def directions(channel) -> dict[str, tuple[str, str]]:
    return {m.name: (m.direction, m.decided_by.kind) for m in channel.messages}


def test_fern_inverted_direction_is_told_from_the_ids(tmp_path):
    result, diagnostics = merged_channels(tmp_path, {"live.md": fern_page()})
    [channel] = result.channels
    assert directions(channel) == {
        "Result": (SERVER, "message id"),
        "Media": (CLIENT, "message id"),
        "Finalize": (CLIENT, "message id"),
        "CloseStream": (CLIENT, "message id"),
        "KeepAlive": (CLIENT, "message id"),
    }
    assert [m.name for m in channel.sent_by(SERVER)] == ["Result"]
    assert channel.resource == ("live", "v1")
    assert not [d for d in diagnostics.items if d.level is not Level.NOTICE]
    document = result.channels_document
    entry = document["channels"]["/v1/live"]
    assert entry[extensions.RESOURCE] == "live.v1"
    # asyncapi.json says it the AsyncAPI 2.x way: `publish` is what the client sends
    assert [m["name"] for m in entry["publish"]["message"]["oneOf"]] == ["Media", "Finalize", "CloseStream", "KeepAlive"]
    assert [m["name"] for m in entry["subscribe"]["message"]["oneOf"]] == ["Result"]


def test_texts_decide_without_ids_and_the_convention_last_with_a_notice(tmp_path):
    page = fern_page().replace("v1.live.v1-server-0-Result", "result").replace("v1.live.v1-client-0-Media", "media")
    page = page.replace("      name: Result\n", "      name: Result\n      description: Receive a result\n")
    page = page.replace("summary: Client messages", "summary: publish")
    result, diagnostics = merged_channels(tmp_path, {"live.md": page})
    [channel] = result.channels
    found = directions(channel)
    assert found["Result"] == ("server", "message text")
    assert found["Media"] == ("client", "convention")  # no id, no text: Fern's convention (subscribe = client)
    notices = [d for d in diagnostics.items if d.level is Level.NOTICE and "convention" in d.message]
    assert [d.message.split(":")[0] for d in notices] == ["message 'Media'"]


def test_a_text_against_the_id_is_a_warning_and_the_id_decides(tmp_path):
    page = fern_page().replace("      name: Finalize\n", "      name: Finalize\n      description: Sent by the server when done\n")
    result, diagnostics = merged_channels(tmp_path, {"live.md": page})
    [channel] = result.channels
    assert directions(channel)["Finalize"] == ("client", "message id")
    [warning] = [d for d in diagnostics.items if d.level is Level.WARNING]
    assert "message 'Finalize'" in warning.message and "the message id decides" in warning.message


def test_each_control_message_gets_its_own_literal_from_the_shared_enum(tmp_path):
    result, _ = merged_channels(tmp_path, {"live.md": fern_page()})
    [channel] = result.channels
    constants = {m.name: m.constant for m in channel.messages}
    assert constants == {
        "Result": ("type", "Result"),
        "Media": None,
        "Finalize": ("type", "Finalize"),
        "CloseStream": ("type", "CloseStream"),
        "KeepAlive": ("type", "KeepAlive"),
    }
    assert channel.discriminators == {"client": "type", "server": "type"}
    schemas = result.document["components"]["schemas"]
    # its own copy of the enum (one message refers to it) becomes the constant
    assert schemas["LiveFinalizeType"] == {"type": "string", "const": "Finalize"}
    # a copy two messages share stays as written; each message's property carries its value
    assert schemas["LiveSharedType"]["enum"] == ["Finalize", "CloseStream", "KeepAlive"]
    assert schemas["LiveCloseStream"]["properties"]["type"] == {"type": "string", "const": "CloseStream"}
    assert schemas["LiveKeepAlive"]["properties"]["type"] == {"type": "string", "const": "KeepAlive"}


def test_binary_frames_and_any_type(tmp_path):
    result, _ = merged_channels(tmp_path, {"live.md": fern_page()})
    [channel] = result.channels
    assert {m.name: m.frame for m in channel.messages} == {
        "Result": "text", "Media": "binary", "Finalize": "text", "CloseStream": "text", "KeepAlive": "text",
    }  # fmt: skip
    assert result.document["components"]["schemas"]["LiveAnything"] == {}  # "Any type": any value
    entry = result.channels_document["channels"]["/v1/live"]
    media = entry["publish"]["message"]["oneOf"][0]
    assert media["contentType"] == "application/octet-stream"
    assert media["payload"] == {"$ref": "#/components/schemas/LiveMedia"}


def test_message_schemas_join_the_pool_and_clashes_are_reported(tmp_path):
    # a REST page defines `LiveResultType` another way: merged with the channel's, reported
    rest = """# Get result

## OpenAPI Specification

```yaml
openapi: 3.1.0
info:
  title: live
  version: endpoint_live.get
servers:
  - url: https://live.example.com
paths:
  /result:
    get:
      operationId: get
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/LiveResultType'
components:
  schemas:
    LiveResultType:
      type: integer
```
"""
    result, diagnostics = merged_channels(tmp_path, {"a-rest.md": rest, "live.md": fern_page()})
    assert any(d.level is Level.WARNING and "LiveResultType" in d.message and "different types" in d.message for d in diagnostics.items)
    assert "LiveResultType" in {d.subject for d in result.schema_divergences}
    # the channel's schemas are in the OpenAPI document's pool, and asyncapi.json holds those it uses
    assert set(result.channels_document["components"]["schemas"]) <= set(result.document["components"]["schemas"])
    assert "LiveFinalize" in result.channels_document["components"]["schemas"]


def test_a_standalone_non_fern_document_reads_publish_as_asyncapi_says(tmp_path):
    document = {
        "asyncapi": "2.6.0",
        "info": {"title": "Feed", "version": "1"},
        "servers": {"prod": {"url": "wss://feed.example.com", "protocol": "wss"}},
        "channels": {
            "/feed": {
                "publish": {"message": {"name": "Subscribe", "payload": {"type": "object", "properties": {"topic": {"type": "string"}}}}},
                "subscribe": {"message": {"name": "Tick", "payload": {"type": "object"}}},
            }
        },
    }
    result, diagnostics = merged_channels(tmp_path, {"feed.json": json.dumps(document, indent=2)})
    [channel] = result.channels
    assert directions(channel) == {"Subscribe": ("client", "convention"), "Tick": ("server", "convention")}
    assert channel.resource == ("feed",)
    assert sum(1 for d in diagnostics.items if "only the writer's convention" in d.message) == 2


def test_the_merged_document_merges_again_into_the_same_bytes(tmp_path):
    from generator.common.json_text import indented_json

    result, _ = merged_channels(tmp_path, {"live.md": fern_page()})
    first = indented_json(result.channels_document) + "\n"
    (tmp_path / "again").mkdir()
    again, _ = merged_channels(tmp_path / "again", {"asyncapi.json": first})
    assert indented_json(again.channels_document) + "\n" == first
    assert {m.name: m.direction for m in again.channels[0].messages} == {m.name: m.direction for m in result.channels[0].messages}


def test_the_report_lists_each_channel_with_messages_and_evidence(tmp_path):
    from generator.merge.report import render_report

    result, diagnostics = merged_channels(tmp_path, {"live.md": fern_page()})
    report = render_report(result, diagnostics.items)
    section = report.split("## Channels", 1)[1].split("\n## ", 1)[0]
    assert "### `/v1/live`" in section
    assert "`client.live.v1.connect(...)`" in section
    assert "| client | `Media` | binary | `LiveMedia` |" in section
    assert "| server | `Result` | JSON text | `LiveResult` | `type: Result` | message id: server (subpackage_live/v1.live.v1-server-0-Result" in section
    assert "`type` is `Finalize` (its name ends with it" in section


def test_no_channels_no_section_and_no_document(tmp_path):
    from generator.merge.report import render_report

    page = "# Ping\n\n## OpenAPI Specification\n\n```yaml\nopenapi: 3.1.0\ninfo:\n  title: p\n  version: '1'\npaths:\n  /ping:\n    get:\n      responses:\n        '204':\n          description: ok\n```\n"
    result, diagnostics = merged_channels(tmp_path, {"ping.md": page})
    assert result.channels == [] and result.channels_document is None
    assert "## Channels" not in render_report(result, diagnostics.items)
