"""The five corpus pages with AsyncAPI blocks (Deepgram listen v1 and v2, speak, voice agent;
ElevenLabs realtime speech-to-text): merged with exit 0, each channel's messages each way as
the pages state them, `asyncapi.json` valid JSON that merges again into the same bytes, and
`sdkgen check` covering it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ROOT
from generator.cli import main

CORPUS = ROOT.parent / "shared" / "corpus" / "asyncapi"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")

# What the pages say (read from them): messages each way, in page order; (name, frame, constant).
EXPECTED = {
    "/v1/listen": (
        "listen.v1",
        [("ListenV1Media", "binary", None), ("ListenV1Finalize", "text", "Finalize"), ("ListenV1CloseStream", "text", "CloseStream"), ("ListenV1KeepAlive", "text", "KeepAlive")],
        [("ListenV1Results", "text", "Results"), ("ListenV1Metadata", "text", "Metadata"), ("ListenV1UtteranceEnd", "text", "UtteranceEnd"), ("ListenV1SpeechStarted", "text", "SpeechStarted")],
    ),
    "/v2/listen": (
        "listen.v2",
        [("ListenV2Media", "binary", None), ("ListenV2CloseStream", "text", "CloseStream")],
        [("ListenV2Connected", "text", "Connected"), ("ListenV2TurnInfo", "text", "TurnInfo"), ("ListenV2FatalError", "text", "Error")],
    ),
    "/v1/speak": (
        "speak.v1",
        [("SpeakV1Text", "text", "Speak"), ("SpeakV1Flush", "text", "Flush"), ("SpeakV1Clear", "text", "Clear"), ("SpeakV1Close", "text", "Close")],
        [("SpeakV1Audio", "binary", None), ("SpeakV1Metadata", "text", "Metadata"), ("SpeakV1Flushed", "text", "Flushed"), ("SpeakV1Cleared", "text", "Cleared"), ("SpeakV1Warning", "text", "Warning")],
    ),
    "/v1/speech-to-text/realtime": ("v1_speech_to_text_realtime", [("publish", "text", None)], [("subscribe", "text", None)]),
}  # fmt: skip
AGENT_CLIENT = ["AgentV1Settings", "AgentV1UpdateSpeak", "AgentV1InjectUserMessage", "AgentV1InjectAgentMessage", "AgentV1SendFunctionCallResponse", "AgentV1KeepAlive", "AgentV1UpdatePrompt", "AgentV1Media"]  # fmt: skip


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    out = tmp_path_factory.mktemp("asyncapi")
    code, output = run(["merge", "--specs", str(CORPUS), "-o", str(out / "openapi.json"), "--report", str(out / "report.md")])
    assert code == 0, output
    return out


def messages_of(entry: dict, operation: str, schemas: dict) -> list[tuple[str, str, object]]:
    found = []
    for message in entry.get(operation, {}).get("message", {}).get("oneOf", []):
        frame = "binary" if message["contentType"] == "application/octet-stream" else "text"
        schema = schemas[message["payload"]["$ref"].rsplit("/", 1)[1]]
        found.append((message["name"], frame, constant_of(schema, schemas)))
    return found


def constant_of(schema: dict, schemas: dict) -> object:
    prop = (schema.get("properties") or {}).get("type")
    if prop is None:
        return None
    target = schemas[prop["$ref"].rsplit("/", 1)[1]] if "$ref" in prop else prop
    if "const" in target:
        return target["const"]
    return target["enum"][0] if len(target.get("enum", [])) == 1 else ("several", tuple(target.get("enum", ())))


def test_every_channel_with_its_messages_each_way(merged):
    document = json.loads((merged / "asyncapi.json").read_text())
    assert document["asyncapi"] == "2.6.0"
    schemas = document["components"]["schemas"]
    channels = document["channels"]
    assert sorted(channels) == sorted([*EXPECTED, "/v1/agent/converse"])
    for address, (resource, client, server) in EXPECTED.items():
        entry = channels[address]
        assert entry["x-sdkgen-resource"] == resource, address
        assert messages_of(entry, "publish", schemas) == client, address  # AsyncAPI 2.x: publish = the client sends
        assert messages_of(entry, "subscribe", schemas) == server, address
    agent = channels["/v1/agent/converse"]
    assert agent["x-sdkgen-resource"] == "agent.v1"
    assert [m["name"] for m in agent["publish"]["message"]["oneOf"]] == AGENT_CLIENT
    received = messages_of(agent, "subscribe", schemas)
    assert len(received) == 15 and received[-1] == ("AgentV1Audio", "binary", None)
    assert all(frame == "text" for _, frame, _ in received[:-1])


def test_the_pages_facts_of_schemas(merged):
    document = json.loads((merged / "asyncapi.json").read_text())
    channels, schemas = document["channels"], document["components"]["schemas"]
    listen = channels["/v1/listen"]
    # binary audio in, and the query's "Any type" parameters take any value
    assert schemas["ListenV1Media"] == {"type": "string", "format": "binary"}
    query = listen["bindings"]["ws"]["query"]["properties"]
    assert schemas[query["callback"]["$ref"].rsplit("/", 1)[1]] == {}
    assert schemas[query["model"]["$ref"].rsplit("/", 1)[1]]["enum"][:2] == ["nova-3", "nova-3-general"]
    assert list(listen["bindings"]["ws"]["headers"]["properties"]) == ["Authorization"]
    realtime = channels["/v1/speech-to-text/realtime"]
    assert list(realtime["bindings"]["ws"]["headers"]["properties"]) == ["xi-api-key"]
    assert "token" in realtime["bindings"]["ws"]["query"]["properties"]
    # ElevenLabs: one message each way whose payload is a union told apart by `message_type`
    received = schemas[realtime["subscribe"]["message"]["oneOf"][0]["payload"]["$ref"].rsplit("/", 1)[1]]
    members = [m["$ref"].rsplit("/", 1)[1] for m in received["anyOf"]]
    assert "SessionStarted" in members and "PartialTranscript" in members
    assert schemas["SessionStarted"]["properties"]["message_type"]["const"] == "session_started"
    servers = {document["servers"][name]["url"] for name in realtime["servers"]}
    assert servers == {"wss://api.elevenlabs.io/", "wss://api.us.elevenlabs.io/", "wss://api.eu.residency.elevenlabs.io/", "wss://api.in.residency.elevenlabs.io/"}
    agent_servers = {document["servers"][name]["url"] for name in channels["/v1/agent/converse"]["servers"]}
    assert agent_servers == {"wss://agent.deepgram.com/"}  # another host than listen's


def test_the_report_lists_channels_with_direction_evidence(merged):
    report = (merged / "report.md").read_text()
    section = report.split("## Channels", 1)[1].split("\n## ", 1)[0]
    for address in [*EXPECTED, "/v1/agent/converse"]:
        assert f"### `{address}`" in section
    assert "| server | `ListenV1Results` | JSON text |" in section
    assert "message id: server (subpackage_listen/v1.listen.v1-server-0-ListenV1Results" in section
    assert "| server | `subscribe` | JSON text | `V1SpeechToTextRealtimeSubscribe` |" in section
    assert "message text: server (Receive transcription results from the WebSocket" in section


def test_asyncapi_json_merges_again_into_the_same_bytes(merged, tmp_path):
    code, output = run(["merge", "--specs", str(merged / "asyncapi.json"), "-o", str(tmp_path / "openapi.json"), "--asyncapi", str(tmp_path / "again.json")])
    assert code == 0, output
    assert (tmp_path / "again.json").read_bytes() == (merged / "asyncapi.json").read_bytes()


def test_check_covers_asyncapi_json(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = ["--specs", str(CORPUS), "--out", str(tmp_path / "sdk"), "--package", "live_sdk", "--client-name", "Live"]
    code, output = run(["regenerate-sdk", *args])
    assert code == 0, output
    written = tmp_path / "sdk" / "asyncapi.json"
    assert json.loads(written.read_text())["channels"]
    code, output = run(["check", *args])
    assert code == 0, output
    written.write_text(written.read_text().replace('"ListenV1Finalize"', '"ListenV1Finalise"', 1))
    code, output = run(["check", *args])
    assert code == 1
    assert "asyncapi.json" in output
    code, output = run(["regenerate-sdk", *args])
    assert code == 0, output
    channels = tmp_path / "sdk" / "live_sdk" / "_channels.py"
    channels.write_text(channels.read_text().replace("def send_finalize(", "def send_finalise(", 1))
    code, output = run(["check", *args])
    assert code == 1
    assert "_channels.py" in output
