"""AsyncAPI 2.x blocks and documents become channel records, each with its file and line;
AsyncAPI 3 and channels that are not WebSocket ones are skipped with a notice."""

from __future__ import annotations

import json
from pathlib import Path

from generator.common.diagnostics import Diagnostics, Level, SourceRef
from generator.read.asyncapi import message_key
from generator.read.reader import read_sources

PAGE = """# Live

## AsyncAPI Specification

```yaml
asyncapi: 2.6.0
info:
  title: live.v1
  version: subpackage_live/v1.live.v1
channels:
  /v1/rooms/{room_id}/live:
    parameters:
      room_id:
        description: The room
        schema:
          type: string
    bindings:
      ws:
        query:
          type: object
          properties:
            model:
              type: string
        headers:
          type: object
          properties:
            Authorization:
              type: string
    publish:
      summary: Server messages
      message:
        oneOf:
          - $ref: '#/components/messages/subpackage_live/v1.live v1-server-0-Said'
    subscribe:
      summary: Client messages
      message:
        oneOf:
          - $ref: '#/components/messages/subpackage_live/v1.live v1-client-0-Audio'
servers:
  Production:
    url: wss://live.example.com/
    protocol: wss
components:
  messages:
    subpackage_live/v1.live v1-server-0-Said:
      name: Said
      description: Receive what was said
      payload:
        $ref: '#/components/schemas/Said'
    subpackage_live/v1.live v1-client-0-Audio:
      name: Audio
      payload:
        $ref: '#/components/schemas/Audio'
  schemas:
    Said:
      type: object
      properties:
        text:
          type: string
    Audio:
      type: string
      format: binary
```
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` that holds `needle`."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def read(tmp_path: Path, name: str, text: str) -> tuple[list, Diagnostics]:
    (tmp_path / name).write_text(text)
    diagnostics = Diagnostics()
    sources = read_sources([str(tmp_path / name)], diagnostics)
    return sources.asyncapi, diagnostics


def test_a_page_block_becomes_a_channel_record_with_lines(tmp_path):
    blocks, diagnostics = read(tmp_path, "live.md", PAGE)
    assert not [d for d in diagnostics.items if d.level is not Level.NOTICE]
    [block] = blocks
    [channel] = block.channels
    path = str(tmp_path / "live.md")
    assert channel.address == "/v1/rooms/{room_id}/live"
    assert channel.source == SourceRef(path, line_of(PAGE, "  /v1/rooms/{room_id}/live:"))  # the channel's key line
    assert channel.path_parameters == {"room_id": {"type": "string", "description": "The room"}}
    assert list(channel.query["properties"]) == ["model"]
    assert list(channel.headers["properties"]) == ["Authorization"]
    assert [(s.name, s.url, s.protocol) for s in channel.servers] == [("Production", "wss://live.example.com/", "wss")]
    said, audio = channel.messages
    # the `$ref` keys hold `/` and a space: matched as whole keys
    assert (said.key, said.name, said.operation) == ("subpackage_live/v1.live v1-server-0-Said", "Said", "publish")
    assert (audio.key, audio.name, audio.operation) == ("subpackage_live/v1.live v1-client-0-Audio", "Audio", "subscribe")
    assert said.source == SourceRef(path, line_of(PAGE, "    subpackage_live/v1.live v1-server-0-Said:"))
    assert audio.source == SourceRef(path, line_of(PAGE, "    subpackage_live/v1.live v1-client-0-Audio:"))
    assert said.payload == {"$ref": "#/components/schemas/Said"}
    assert said.description == "Receive what was said" and said.operation_summary == "Server messages"


def test_a_standalone_asyncapi_document_is_read(tmp_path):
    document = {
        "asyncapi": "2.6.0",
        "info": {"title": "Feed", "version": "1"},
        "servers": {"prod": {"url": "wss://feed.example.com", "protocol": "wss"}},
        "channels": {"/feed": {"subscribe": {"message": {"name": "Tick", "payload": {"type": "object"}}}}},
    }
    blocks, diagnostics = read(tmp_path, "feed.json", json.dumps(document, indent=2))
    assert not diagnostics.has_errors
    [block] = blocks
    assert not block.from_page and block.title == "Feed"
    [channel] = block.channels
    [tick] = channel.messages
    assert (channel.address, tick.name, tick.key, tick.operation) == ("/feed", "Tick", "", "subscribe")


def test_asyncapi_3_is_skipped_with_a_notice(tmp_path):
    page = "# Three\n\n## AsyncAPI Specification\n\n```yaml\nasyncapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\nchannels: {}\n```\n"
    blocks, diagnostics = read(tmp_path, "three.md", page)
    assert blocks == []
    assert [(d.level, d.message) for d in diagnostics.items] == [
        (Level.NOTICE, "skipped AsyncAPI 3.0.0 document: only AsyncAPI 2.x channels are read")
    ]


def test_a_channel_without_ws_binding_or_server_is_skipped(tmp_path):
    page = PAGE.replace("    bindings:\n      ws:", "    bindings:\n      http:").replace("wss://live", "https://live").replace("protocol: wss", "protocol: https")
    blocks, diagnostics = read(tmp_path, "http.md", page)
    assert blocks == []
    [notice] = diagnostics.items
    assert notice.level is Level.NOTICE and "not a WebSocket channel" in notice.message
    assert notice.source == SourceRef(str(tmp_path / "http.md"), line_of(page, "  /v1/rooms/{room_id}/live:"))


def test_a_ws_server_alone_makes_a_websocket_channel(tmp_path):
    page = PAGE.replace("    bindings:\n      ws:", "    bindings:\n      http:")
    blocks, _ = read(tmp_path, "server.md", page)
    [block] = blocks
    [channel] = block.channels
    assert channel.query == {} and channel.headers == {}


def test_a_message_ref_to_nothing_is_an_error_at_the_operation(tmp_path):
    page = PAGE.replace("v1-client-0-Audio'", "v1-client-9-Nothing'")
    _, diagnostics = read(tmp_path, "broken.md", page)
    [error] = [d for d in diagnostics.items if d.level is Level.ERROR]
    assert "points at no message of this block" in error.message
    assert error.source == SourceRef(str(tmp_path / "broken.md"), line_of(page, "    subscribe:"))


def test_message_keys_are_matched_whole_then_as_escaped_pointers():
    components = {"subpackage_a/v1.a v1-server-0-X": {}, "plain": {}}
    assert message_key("#/components/messages/subpackage_a/v1.a v1-server-0-X", components) == "subpackage_a/v1.a v1-server-0-X"
    assert message_key("#/components/messages/subpackage_a~1v1.a%20v1-server-0-X", components) == "subpackage_a/v1.a v1-server-0-X"
    assert message_key("#/components/messages/plain", components) == "plain"
    assert message_key("#/components/schemas/plain", components) == ""
    assert message_key("#/components/messages/missing", components) == ""
