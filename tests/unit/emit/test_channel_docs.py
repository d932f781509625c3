"""emit/channel_docs.py on the channels fixture's merged documents: each channel's example
connects with its required arguments, sends its first binary and JSON messages and matches
its first server message class, sync and async, and parses as Python; the reference lists
every message each way with its constant, and spec prose is escaped."""

from __future__ import annotations

import ast
import copy

from conftest import FIXTURES, merge_paths
from generator.common.diagnostics import Diagnostics
from generator.emit.channel_docs import channel_docs, channel_example, channel_paths, channel_sections
from generator.emit.package import build_spec
from generator.model.sdk_ir import SdkOptions

PAGES = FIXTURES / "sdk" / "channels" / "pages"


def built(hostile: bool = False):
    merged, diagnostics = merge_paths(PAGES)
    assert merged is not None, diagnostics
    document, channels = merged.result.document, copy.deepcopy(merged.result.channels_document)
    if hostile:
        entry = channels["channels"]["/v1/stream/{voice_id}"]["subscribe"]["message"]["oneOf"][0]
        entry["description"] = "Receive <script>alert(1)</script> [link](javascript:x) `tick`\n# heading"
    spec = build_spec(document, SdkOptions("channels_sdk", "Channels", "Channels"), Diagnostics(), channels_document=channels)
    assert spec is not None
    return spec[0], document["components"]["schemas"]


def test_each_channel_example_connects_sends_and_receives_sync_and_async():
    client, schemas = built()
    ((path, channel),) = channel_paths(client)
    assert path == ("stream", "v1")
    sync = "\n".join(channel_example(client, path, channel, schemas, is_async=False))
    asynchronous = "\n".join(channel_example(client, path, channel, schemas, is_async=True))
    for code in (sync, asynchronous):
        ast.parse(code)
        assert 'voice_id="voice_123"' in code and 'model="aura-1"' in code  # the required arguments
        assert 'send_media(b"<audio bytes>")' in code and "send_speak(text=" in code
        assert "isinstance(message, StreamV1Transcript)" in code
    assert "async with client.stream.v1.connect(" in asynchronous and "async for message in connection:" in asynchronous
    assert "with client.stream.v1.connect(" in sync and "\n        for message in connection:" in sync


def test_the_reference_lists_every_message_each_way():
    client, schemas = built()
    (doc,) = channel_docs(client, schemas)
    assert doc.heading == "`client.stream.v1.connect`"
    assert [p.name for p in doc.parameters] == ["`voice_id`", "`model`", "`sample_rate`", "`interim`"]
    assert [line.split(":")[0] for line in doc.sends] == ["`send_speak(text, speed)`", "`send_flush()`", "`send_close()`", "`send_media(data"]
    assert '(sends `{"type": "Flush"}` itself)' in doc.sends[1]
    assert doc.receives[0].startswith('`StreamV1Transcript` (when `type` is `"Transcript"`)')
    assert doc.receives[-2].startswith("`bytes`") and doc.receives[-1].startswith("`UnknownMessage`")
    assert [s.heading for s in channel_sections(client, schemas)] == ["WebSocket channels", "WebSocket: `client.stream.v1.connect`"]


def test_spec_prose_is_escaped_for_markdown():
    client, schemas = built(hostile=True)
    (doc,) = channel_docs(client, schemas)
    line = doc.receives[0]
    assert "<script>" not in line and "\n" not in line and "](javascript" not in line
