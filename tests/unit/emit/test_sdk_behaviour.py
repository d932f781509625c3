"""What the generated packages do: the golden fixture packages imported and called against a local server."""

from __future__ import annotations

import asyncio
import importlib
import io
import json
import sys
from typing import Any, Iterator

import pydantic
import pytest

from conftest import FIXTURES, ROOT
from http_server import RecordedRequest, Response, serving

GOLDEN = FIXTURES / "sdk"


@pytest.fixture(scope="module")
def packages() -> Iterator[dict[str, Any]]:
    folders = [GOLDEN / name / "golden" for name in ("unions", "names", "bodies", "shapes")] + [ROOT / "generated"]
    sys.path[:0] = [str(f) for f in folders]
    try:
        yield {
            name: importlib.import_module(name)
            for name in ("unions_sdk", "names_sdk", "bodies_sdk", "shapes_sdk", "elevenlabs_convai")
        }
    finally:
        for folder in folders:
            sys.path.remove(str(folder))


# -- models -------------------------------------------------------------------------------


def test_tagged_union_picks_the_member_by_tag(packages):
    models = packages["unions_sdk"].models
    call = models.ToolCall.model_validate({"details": {"type": "client", "name": "n"}})
    assert type(call.details) is models.ClientDetails
    call = models.ToolCall.model_validate({"details": {"type": "webhook", "url": "https://x"}})
    assert type(call.details) is models.WebhookDetails


def test_tagged_union_with_unknown_or_missing_tag_still_parses(packages):
    models = packages["unions_sdk"].models
    unknown = {"details": {"type": "grpc", "service": "s"}}
    call = models.ToolCall.model_validate(unknown)
    assert call.details == {"type": "grpc", "service": "s"}
    assert call.model_dump(mode="json", exclude_unset=True) == unknown
    untagged = models.ToolCall.model_validate({"details": {"url": "https://x"}})
    assert type(untagged.details) is models.WebhookDetails


def test_recursive_models_parse_and_dump_unchanged(packages):
    models = packages["unions_sdk"].models
    tree = {"label": "root", "children": ["leaf", {"label": "a", "children": [{"label": "b", "children": ["c"]}]}], "by_name": {"x": {"label": "x"}}}
    node = models.Node.model_validate(tree)
    assert type(node.children[1].children[0]) is models.Node
    assert node.model_dump(mode="json", exclude_unset=True) == tree


def test_open_enums_and_unknown_fields_are_kept(packages):
    models = packages["unions_sdk"].models
    data = {"details": {"type": "client", "name": "n", "new_nested": [1]}, "kind": "medium", "brand_new": {"a": 1}}
    call = models.ToolCall.model_validate(data)
    assert call.kind == "medium"
    assert call.model_extra == {"brand_new": {"a": 1}}
    assert call.model_dump(mode="json", exclude_unset=True) == data


def test_awkward_property_names(packages):
    models = packages["names_sdk"].models
    wire = {
        "class": "c", "from": "f", "model_id": "m", "model_config": "mc", "schema": {"s": 1}, "json": "j",
        "copy": True, "dict": 3, "str": "s", "list": ["l"], "camelCaseName": "cc", "camel_case_name": "sc",
        "x-dashed": "d", "2fa": True, "type": "t",
    }  # fmt: skip
    thing = models.Thing.model_validate(wire)
    assert (thing.class_, thing.from_, thing.model_id, thing.model_config_, thing.schema_) == ("c", "f", "m", "mc", {"s": 1})
    assert (thing.json_, thing.copy_, thing.dict_, thing.str_, thing.list_) == ("j", True, 3, "s", ["l"])
    assert (thing.camel_case_name, thing.camel_case_name_2, thing.x_dashed, thing.n2fa, thing.type) == ("sc", "cc", "d", True, "t")
    assert thing.model_dump(mode="json", exclude_unset=True) == wire
    assert callable(thing.model_dump) and callable(thing.json) and isinstance(models.Thing.model_config, dict)
    by_python_name = models.Thing(class_="c", model_id="m", camel_case_name_2="cc")
    assert by_python_name.model_dump(mode="json", exclude_unset=True) == {"class": "c", "model_id": "m", "camelCaseName": "cc"}
    assert models.Field.__name__ == "Field" and models.Any is str  # schemas keep typing's and pydantic's names


def test_defaults_nullables_constants_and_inline_objects(packages):
    models = packages["shapes_sdk"].models
    agent = models.AgentsGetResponse.model_validate({"agent_id": "a", "settings": {"voice": None}, "owner": None})
    assert agent.status == "ok" and agent.settings.temperature == 0.5 and agent.settings.voice is None and agent.owner is None
    assert agent.model_dump(mode="json", exclude_unset=True) == {"agent_id": "a", "settings": {"voice": None}, "owner": None}
    with pytest.raises(pydantic.ValidationError):
        models.AgentsGetResponse.model_validate({"agent_id": "a", "version": "v2"})  # a const is closed
    combined = models.AgentsGetResponse.model_validate({"agent_id": "a", "combined": {"name": "n", "role": "r"}}).combined
    assert (combined.name, combined.role) == ("n", "r")


def test_official_sdk_names_are_exported_as_aliases(packages):
    models = packages["elevenlabs_convai"].models
    assert models.ConversationHistoryTranscriptCommonModelOutput is models.ConversationHistoryTranscriptCommonModel
    assert models.AgentConfigOverrideOutput is models.AgentConfigOverride


def test_live_fields_missing_from_the_yaml_are_typed_and_unknown_ones_survive(packages):
    """The rendered page (001_...) shows fields the API sends that the YAML lacks: they are
    typed fields now; a field no page shows still survives as an extra."""
    models = packages["elevenlabs_convai"].models
    rendered = (ROOT / "specs" / "001_c335ea2d93562a2f.txt").read_text(encoding="utf-8")
    assert all(name in rendered for name in ("tag_ids", "version_id", "environment"))
    known = set(models.GetConversationResponseModel.model_fields)
    assert {"tag_ids", "version_id", "environment", "agent_name", "otlp_traces", "visited_agents"} <= known
    extra = {"zz_future_field": {"nested": [1, None]}}
    data = {"agent_id": "a", "conversation_id": "c", "status": "done", "transcript": [], "metadata": {"start_time_unix_secs": 1, "call_duration_secs": 2}, "has_audio": True, "has_user_audio": False, "has_response_audio": True,
            "tag_ids": ["t1"], "version_id": "v9", "environment": "staging", **extra}  # fmt: skip
    parsed = models.GetConversationResponseModel.model_validate(data)
    assert (parsed.tag_ids, parsed.version_id, parsed.environment) == (["t1"], "v9", "staging")
    assert parsed.model_extra is not None and parsed.model_extra.items() >= extra.items()
    assert parsed.model_dump(mode="json", exclude_unset=True) == data


# -- calls --------------------------------------------------------------------------------


def answer(request: RecordedRequest) -> Response:
    if request.path.endswith("/audio"):
        return Response.binary(b"ID3\x00audio", "audio/mpeg")
    if request.path.endswith("/transcript"):
        return Response(200, {"Content-Type": "text/plain; charset=utf-8"}, "hello wörld".encode())
    if request.path.endswith("/batch"):
        return Response(204)
    if request.path.endswith("/samples"):
        return Response.json({"stored": True})
    if request.path.endswith("/feedback"):
        if request.json().get("score") == "refuse":
            return Response.json({"detail": [{"loc": ["body", "score"], "msg": "bad", "type": "value_error"}]}, status=422)
        return Response.json({"ok": True})
    return Response.json({"unexpected": request.path}, status=404)


def call_all(client: Any) -> dict[str, Any]:
    voices = client.voices
    return {
        "feedback": voices.feedback.create(voice_id="a b/c?d", score="like", comment=None, dry_run=True, x_request_id="r-1"),
        "feedback_minimal": voices.feedback.create(voice_id="v", score="dislike"),
        "replace": voices.replace_all(request=[{"score": "like"}, packages_models()["Feedback"](score="dislike", tags=["x"])]),
        "audio": voices.audio.get(voice_id="v"),
        "transcript": voices.transcript.get(voice_id="v"),
    }


_MODELS: dict[str, Any] = {}


def packages_models() -> dict[str, Any]:
    return _MODELS


async def call_all_async(client: Any) -> dict[str, Any]:
    voices = client.voices
    return {
        "feedback": await voices.feedback.create(voice_id="a b/c?d", score="like", comment=None, dry_run=True, x_request_id="r-1"),
        "feedback_minimal": await voices.feedback.create(voice_id="v", score="dislike"),
        "replace": await voices.replace_all(request=[{"score": "like"}, packages_models()["Feedback"](score="dislike", tags=["x"])]),
        "audio": await voices.audio.get(voice_id="v"),
        "transcript": await voices.transcript.get(voice_id="v"),
    }


def check_requests(requests: list[RecordedRequest]) -> None:
    feedback, minimal, replace, audio, transcript = requests
    assert feedback.method == "POST" and feedback.path == "/base/v1/voices/a%20b%2Fc%3Fd/feedback"
    assert feedback.query == [("dry_run", "true")]
    assert feedback.header("xi-api-key") == "secret" and feedback.header("X-Request-Id") == "r-1"
    assert feedback.media_type == "application/json" and feedback.json() == {"score": "like", "comment": None}
    assert minimal.query == [] and minimal.json() == {"score": "dislike"} and minimal.header("X-Request-Id") is None
    assert replace.method == "PUT" and replace.json() == [{"score": "like"}, {"score": "dislike", "tags": ["x"]}]
    assert audio.method == "GET" and audio.body == b"" and transcript.path == "/base/v1/voices/v/transcript"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_calls_send_what_the_spec_says_and_parse_what_comes_back(packages, mode, monkeypatch):
    sdk = packages["bodies_sdk"]
    _MODELS["Feedback"] = sdk.models.Feedback
    monkeypatch.delenv("BODIES_API_KEY", raising=False)
    with serving(answer, max_requests=10) as server:
        if mode == "sync":
            with sdk.Bodies(api_key="secret", base_url=server.url + "/base") as client:
                results = call_all(client)
        else:

            async def run() -> dict[str, Any]:
                async with sdk.AsyncBodies(api_key="secret", base_url=server.url + "/base") as client:
                    return await call_all_async(client)

            results = asyncio.run(run())
    check_requests(server.requests)
    assert type(results["feedback"]) is sdk.models.FeedbackResult and results["feedback"].ok is True
    assert results["replace"] is None
    assert results["audio"] == b"ID3\x00audio"
    assert results["transcript"] == "hello wörld"


def test_multipart_upload_accepts_bytes_files_and_paths(packages, tmp_path):
    sdk = packages["bodies_sdk"]
    sample = tmp_path / "voice.mp3"
    sample.write_bytes(b"from-path")
    with serving(answer, max_requests=5) as server, sdk.Bodies(api_key="k", base_url=server.url) as client:
        result = client.voices.samples.upload(voice_id="v", file=b"raw-bytes", name="n")
        client.voices.samples.upload(voice_id="v", file=io.BytesIO(b"from-file"), extra_files=[sample, ("x.wav", b"tuple", "audio/wav")])
    assert result == {"stored": True}  # an "Any type" response is the decoded JSON
    first, second = server.requests
    assert first.media_type == "multipart/form-data"
    assert b"raw-bytes" in first.body and b'name="name"' in first.body and b"\r\n\r\nn\r\n" in first.body
    assert b"from-file" in second.body and b"from-path" in second.body and b'filename="voice.mp3"' in second.body
    assert b'filename="x.wav"' in second.body and b"Content-Type: audio/wav" in second.body


def test_error_status_raises_a_typed_error_with_status_and_body(packages):
    sdk = packages["bodies_sdk"]
    with serving(answer, max_requests=2) as server, sdk.Bodies(api_key="topsecret", base_url=server.url + "/base") as client:
        with pytest.raises(sdk.UnprocessableEntityError) as caught:
            client.voices.feedback.create(voice_id="v", score="refuse")
    error = caught.value
    assert isinstance(error, sdk.ApiError) and error.status_code == 422
    assert error.body["detail"][0]["msg"] == "bad"
    assert "topsecret" not in str(error) and "topsecret" not in repr(client) and "topsecret" not in repr(client._client)


def test_api_key_comes_from_the_environment_and_is_required_where_the_pages_require_it(packages, monkeypatch):
    sdk = packages["elevenlabs_convai"]
    monkeypatch.setenv("ELEVENLABS_API_KEY", "from-env")
    payload = {"conversation_signature": "s"}
    seen: list[RecordedRequest] = []

    def handler(request: RecordedRequest) -> Response:
        seen.append(request)
        return Response.json({"signed_url": "wss://x", **payload})

    with serving(handler, max_requests=3) as server:
        with sdk.ElevenLabs(base_url=server.url) as client:
            signed = client.conversational_ai.conversations.get_signed_url(agent_id="a/b", include_conversation_id=False)
        monkeypatch.delenv("ELEVENLABS_API_KEY")
        with sdk.ElevenLabs(base_url=server.url) as client:
            # the pages require xi-api-key: without it, an error before anything is sent
            with pytest.raises(sdk.MissingCredentialError, match="ELEVENLABS_API_KEY"):
                client.conversational_ai.conversations.get_signed_url(agent_id="x")
    assert signed.signed_url == "wss://x"
    assert seen[0].header("xi-api-key") == "from-env" and seen[0].query == [("agent_id", "a/b"), ("include_conversation_id", "false")]
    assert len(seen) == 1


def test_optional_query_parameters_are_left_out(packages):
    sdk = packages["names_sdk"]
    with serving(lambda r: Response.json([{"class": "c", "model_id": "m"}]), max_requests=3) as server:
        with sdk.Names(api_key="Token abc", base_url=server.url) as client:
            things = client.things.list()
            client.things.list(class_="k", page_size=2, tags=["a", "b"])
    assert [type(t).__name__ for t in things] == ["Thing"] and things[0].class_ == "c"
    bare, full = server.requests
    assert bare.query == [] and bare.header("Authorization") == "Token abc"
    assert full.query == [("class", "k"), ("pageSize", "2"), ("tags", "a"), ("tags", "b")]


def test_response_that_does_not_match_raises_response_validation_error(packages):
    sdk = packages["names_sdk"]
    with serving(lambda r: Response.json({"not": "a list"}), max_requests=2) as server:
        with sdk.Names(api_key="Token abc", base_url=server.url) as client, pytest.raises(sdk.ResponseValidationError) as caught:
            client.things.list()
    assert caught.value.status_code == 200 and caught.value.body == {"not": "a list"}


def test_resources_follow_the_pages_call_style(packages):
    client = packages["elevenlabs_convai"].ElevenLabs(api_key="k")
    for call in (
        "conversational_ai.conversations.get",
        "conversational_ai.conversations.list",
        "conversational_ai.conversations.delete",
        "conversational_ai.conversations.get_signed_url",
        "conversational_ai.conversations.get_webrtc_token",
        "conversational_ai.conversations.audio.get",
        "conversational_ai.conversations.feedback.create",
        "conversational_ai.agents.llm_usage.calculate",
        "conversational_ai.tools.list",
    ):
        target: Any = client
        for part in call.split("."):
            target = getattr(target, part)
        assert callable(target) and target.__doc__, call
    client.close()
    document = json.loads((ROOT / "generated" / "openapi.json").read_text())
    assert len([op for item in document["paths"].values() for op in item.values()]) == 9
