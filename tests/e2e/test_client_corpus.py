"""Binary, multipart and event-stream operations of SDKs generated from the corpus, end to end
against the local server (sync and async).

Two packages are generated once for the module: `full_sdk` from the full ElevenLabs OpenAPI
document (../shared/corpus/openapi) and `pages_sdk` from the ElevenLabs reference pages
(../shared/corpus/elevenlabs). Binary audio comes from the full document (text-to-speech,
audio isolation), multipart uploads from the pages (knowledge-base file, agent avatar) and the
full document (audio isolation).

Neither corpus source documents a `text/event-stream` response (the "stream" endpoints send
audio/mpeg or chunked JSON), so the event-stream case uses the `client` fixture package, whose
spec has a typed and an untyped event stream; test_client_runtime.py covers those streams in
depth (comments, CRLF, multi-line data, bad data, broken streams).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import CORPUS, FIXTURES, ROOT, needs_corpus
from http_server import RecordedRequest, Response, serving

pytestmark = needs_corpus(CORPUS)

FULL_SPECS = CORPUS / "openapi"
PAGE_SPECS = CORPUS / "elevenlabs"
KEY = "xi-corpus-key"
MODES = pytest.mark.parametrize("mode", ["sync", "async"])
SERVER = {"socket_timeout": 3.0}
AUDIO = b"ID3\x04\x00\x00" + bytes(range(256)) * 512  # ~128 KiB of "mp3": several chunks
DOCUMENT = b"%PDF-1.7\r\n" + bytes(range(256)) * 4 + b"\r\n--not-a-boundary--\r\n"  # every byte value


def _sdkgen() -> list[str]:
    """The sdkgen of the interpreter running the tests (not another one found on PATH)."""
    beside = Path(sys.executable).parent / "sdkgen"
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]


@pytest.fixture(scope="module")
def corpus_sdks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Both packages, generated side by side (two processes), imported from a module-scoped tmp dir."""
    base = tmp_path_factory.mktemp("corpus_sdks")
    jobs = {
        "full_sdk": [*_sdkgen(), "regenerate-sdk", "--specs", str(FULL_SPECS), "--out", str(base / "full"), "--package", "full_sdk", "--client-name", "ElevenLabs", "-q"],
        "pages_sdk": [*_sdkgen(), "regenerate-sdk", "--specs", str(PAGE_SPECS), "--out", str(base / "pages"), "--package", "pages_sdk", "-q"],
    }  # fmt: skip
    running = {name: subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for name, cmd in jobs.items()}
    for name, process in running.items():
        output, _ = process.communicate(timeout=180)
        assert process.returncode == 0, f"{name}: {output.decode(errors='replace')}"
    folders = [base / "full", base / "pages", FIXTURES / "sdk" / "client" / "golden"]
    sys.path[:0] = [str(f) for f in folders]
    try:
        yield {
            "full": importlib.import_module("full_sdk"),
            "pages": importlib.import_module("pages_sdk"),
            "client": importlib.import_module("client_sdk"),
            "full_doc": json.loads((base / "full" / "openapi.json").read_text(encoding="utf-8")),
            "pages_doc": json.loads((base / "pages" / "openapi.json").read_text(encoding="utf-8")),
        }
    finally:
        for folder in folders:
            sys.path.remove(str(folder))


def call(mode: str, make_client: Any, action: Any) -> Any:
    """`action(client)` with a sync or async client; generators / async generators collected into lists."""
    if mode == "sync":
        with make_client(False) as client:
            result = action(client)
            return list(result) if hasattr(result, "__next__") else result

    async def main() -> Any:
        async with make_client(True) as client:
            result = action(client)
            if hasattr(result, "__aiter__"):
                return [item async for item in result]
            return await result

    return asyncio.run(main())


def media_types(document: dict[str, Any], path: str, method: str) -> tuple[list[str], list[str]]:
    """(request body media types, 200 response media types) of one operation in a merged document."""
    operation = document["paths"][path][method]
    request = list(((operation.get("requestBody") or {}).get("content") or {}).keys())
    response = list((operation["responses"]["200"].get("content") or {}).keys())
    return request, response


def multipart_parts(request: RecordedRequest) -> dict[str, tuple[str | None, str | None, bytes]]:
    """The parts of a multipart/form-data body: name -> (filename, content type, content)."""
    assert request.media_type == "multipart/form-data", request.header("content-type")
    boundary = re.search(r'boundary="?([^";]+)"?', request.header("content-type") or "").group(1)  # type: ignore[union-attr]
    delimiter = b"--" + boundary.encode()
    assert request.body.startswith(delimiter + b"\r\n") and request.body.endswith(delimiter + b"--\r\n")
    parts: dict[str, tuple[str | None, str | None, bytes]] = {}
    for chunk in request.body.split(delimiter)[1:-1]:
        assert chunk.startswith(b"\r\n") and chunk.endswith(b"\r\n")
        head, _, content = chunk[2:-2].partition(b"\r\n\r\n")
        headers = dict((k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in head.decode().split("\r\n")))
        disposition = headers["content-disposition"]
        name = re.search(r'(?:^|;)\s*name="([^"]*)"', disposition).group(1)  # type: ignore[union-attr]
        filename = re.search(r'filename="([^"]*)"', disposition)
        parts[name] = (filename.group(1) if filename else None, headers.get("content-type"), content)
    return parts


# -- binary audio responses (full OpenAPI document) ---------------------------------------


def tts_answer(request: RecordedRequest) -> Response:
    assert request.method == "POST" and request.path in ("/v1/text-to-speech/voice-1", "/v1/text-to-speech/voice-1/stream")
    return Response.binary(AUDIO, "audio/mpeg")


def full_client(sdk: Any, url: str) -> Any:
    """A client of the full document. The document declares no security scheme, only an optional
    `xi-api-key` header on its operations: the key is a client setting when the generator lifts
    that header to the client, else an argument of each method (see `with_key`)."""

    def make(is_async: bool) -> Any:
        kind = sdk.AsyncElevenLabs if is_async else sdk.ElevenLabs
        key = {"api_key": KEY} if "api_key" in inspect.signature(kind).parameters else {}
        return kind(base_url=url, max_retries=0, timeout=5, **key)

    return make


def with_key(method: Any, **kwargs: Any) -> Any:
    """Call `method`, passing the key as `xi_api_key` when the method takes it."""
    if "xi_api_key" in inspect.signature(method).parameters:
        kwargs["xi_api_key"] = KEY
    return method(**kwargs)


def test_the_full_document_has_audio_responses(corpus_sdks):
    document = corpus_sdks["full_doc"]
    assert media_types(document, "/v1/text-to-speech/{voice_id}", "post") == (["application/json"], ["audio/mpeg"])
    assert media_types(document, "/v1/text-to-speech/{voice_id}/stream", "post") == (["application/json"], ["audio/mpeg"])
    assert media_types(document, "/v1/audio-isolation", "post") == (["multipart/form-data"], ["audio/mpeg"])
    assert media_types(corpus_sdks["pages_doc"], "/v1/convai/knowledge-base/file", "post")[0] == ["multipart/form-data"]


@MODES
def test_text_to_speech_returns_the_audio_bytes(corpus_sdks, mode):
    sdk = corpus_sdks["full"]
    with serving(tts_answer, max_requests=2, **SERVER) as server:
        audio = call(mode, full_client(sdk, server.url), lambda c: with_key(
            c.text_to_speech.convert, voice_id="voice-1", text="Hello there",
            model_id="eleven_multilingual_v2", output_format="mp3_44100_128",
        ))  # fmt: skip
    assert type(audio) is bytes and audio == AUDIO
    (request,) = server.requests
    assert request.query == [("output_format", "mp3_44100_128")] and request.header("xi-api-key") == KEY
    assert request.media_type == "application/json"
    assert request.json() == {"text": "Hello there", "model_id": "eleven_multilingual_v2"}


@MODES
@pytest.mark.parametrize("method", ["convert_stream", "stream_stream"])
def test_text_to_speech_streams_the_audio(corpus_sdks, mode, method):
    """`convert_stream` streams /v1/text-to-speech/{voice_id}; `stream_stream` its /stream twin."""
    sdk = corpus_sdks["full"]
    with serving(tts_answer, max_requests=2, **SERVER) as server:
        with sdk.capture_responses() as captured:
            chunks = call(mode, full_client(sdk, server.url), lambda c: with_key(getattr(c.text_to_speech, method), voice_id="voice-1", text="Hi"))
    assert len(chunks) > 1 and b"".join(chunks) == AUDIO
    assert captured[0].headers["content-type"] == "audio/mpeg"
    expected = "/v1/text-to-speech/voice-1" + ("/stream" if method == "stream_stream" else "")
    assert [r.path for r in server.requests] == [expected] and server.requests[0].json() == {"text": "Hi"}
    assert server.requests[0].header("xi-api-key") == KEY


@MODES
def test_audio_isolation_uploads_audio_and_returns_audio(corpus_sdks, mode):
    """Multipart in, binary out (full document)."""
    sdk = corpus_sdks["full"]
    with serving(lambda r: Response.binary(AUDIO[::-1], "audio/mpeg"), max_requests=2, **SERVER) as server:
        isolated = call(mode, full_client(sdk, server.url), lambda c: with_key(c.audio_isolation.convert, audio=("noisy.mp3", AUDIO, "audio/mpeg"), file_format="other"))
    assert isolated == AUDIO[::-1]
    (request,) = server.requests
    assert request.path == "/v1/audio-isolation" and request.header("xi-api-key") == KEY
    parts = multipart_parts(request)
    assert parts["audio"] == ("noisy.mp3", "audio/mpeg", AUDIO)
    assert parts["file_format"] == (None, None, b"other") and set(parts) == {"audio", "file_format"}


@MODES
def test_multipart_operation_without_a_file_is_still_multipart(corpus_sdks, mode):
    """speech_to_text.convert takes a file OR a cloud_storage_url; sent without a file, the body
    must still be multipart/form-data as documented.

    Fails while the runtime hands httpx `files=[]`, which httpx encodes as
    application/x-www-form-urlencoded.
    """
    sdk = corpus_sdks["full"]
    assert media_types(corpus_sdks["full_doc"], "/v1/speech-to-text", "post")[0] == ["multipart/form-data"]
    transcript = {"language_code": "en", "language_probability": 0.98, "text": "hi", "words": []}
    with serving(lambda r: Response.json(transcript), max_requests=2, **SERVER) as server:
        result = call(mode, full_client(sdk, server.url), lambda c: c.speech_to_text.convert(model_id="scribe_v1", cloud_storage_url="https://files.example/a.mp3"))
    assert result.text == "hi"
    parts = multipart_parts(server.requests[0])
    assert parts == {"model_id": (None, None, b"scribe_v1"), "cloud_storage_url": (None, None, b"https://files.example/a.mp3")}


# -- multipart uploads (reference pages) --------------------------------------------------


def pages_client(sdk: Any, url: str) -> Any:
    return lambda is_async: (sdk.AsyncElevenLabs if is_async else sdk.ElevenLabs)(api_key=KEY, base_url=url, max_retries=0, timeout=5)


def knowledge_base_answer(request: RecordedRequest) -> Response:
    assert request.method == "POST" and request.path == "/v1/convai/knowledge-base/file"
    filename, _, _ = multipart_parts(request)["file"]
    return Response.json({"id": "kb_" + (filename or "?"), "name": "Notes", "extra_field": 1})


@MODES
@pytest.mark.parametrize("given_as", ["tuple", "bytes", "file", "path"])
def test_knowledge_base_file_upload(corpus_sdks, mode, given_as, tmp_path):
    sdk = corpus_sdks["pages"]
    path = tmp_path / "notes.pdf"
    path.write_bytes(DOCUMENT)
    file: Any = {
        "tuple": ("notes.pdf", DOCUMENT, "application/pdf"),
        "bytes": DOCUMENT,
        "file": io.BytesIO(DOCUMENT),
        "path": path,
    }[given_as]
    with serving(knowledge_base_answer, max_requests=2, **SERVER) as server:
        created = call(mode, pages_client(sdk, server.url), lambda c: c.conversational_ai.knowledge_base.documents.create_from_file(file=file, name="Notes"))
    assert isinstance(created, sdk.models.AddKnowledgeBaseResponseModel)
    assert created.name == "Notes" and created.model_extra == {"extra_field": 1}
    (request,) = server.requests
    assert request.header("xi-api-key") == KEY
    parts = multipart_parts(request)
    assert set(parts) == {"file", "name"}  # parent_folder_id not given: left out
    filename, content_type, content = parts["file"]
    assert content == DOCUMENT
    assert filename == {"tuple": "notes.pdf", "bytes": "file", "file": "file", "path": "notes.pdf"}[given_as]
    assert content_type == ("application/pdf" if given_as in ("tuple", "path") else "application/octet-stream")
    assert created.id == "kb_" + filename
    assert parts["name"] == (None, None, b"Notes")


@MODES
def test_knowledge_base_upload_error_is_typed(corpus_sdks, mode):
    sdk = corpus_sdks["pages"]
    detail = {"detail": [{"loc": ["body", "file"], "msg": "Field required", "type": "missing"}]}
    with serving(lambda r: Response.json(detail, status=422), max_requests=2, **SERVER) as server:
        with pytest.raises(sdk.UnprocessableEntityError) as caught:
            call(mode, pages_client(sdk, server.url), lambda c: c.conversational_ai.knowledge_base.documents.create_from_file(file=b"", parent_folder_id="folder-1"))
    assert caught.value.status_code == 422 and KEY not in str(caught.value) + repr(caught.value)
    parts = multipart_parts(server.requests[0])
    assert parts["parent_folder_id"] == (None, None, b"folder-1") and parts["file"][2] == b""


@MODES
def test_agent_avatar_upload(corpus_sdks, mode, tmp_path):
    sdk = corpus_sdks["pages"]
    image = tmp_path / "avatar.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with serving(lambda r: Response.json({"agent_id": "agent 1", "avatar_url": "https://cdn.example/a.png"}), max_requests=2, **SERVER) as server:
        result = call(mode, pages_client(sdk, server.url), lambda c: c.conversational_ai.agents.widget.avatar.create(agent_id="agent 1", avatar_file=image))
    assert isinstance(result, sdk.models.PostAgentAvatarResponseModel) and result.avatar_url == "https://cdn.example/a.png"
    (request,) = server.requests
    assert request.path == "/v1/convai/agents/agent%201/avatar"
    assert multipart_parts(request) == {"avatar_file": ("avatar.png", "image/png", image.read_bytes())}


# -- event streams (client fixture package: the corpus has none) --------------------------

EVENTS = b'event: created\nid: 7\ndata: {"kind": "created", "item_id": "i1"}\n\n: ping\n\ndata: {"kind": "deleted"}\n\n'


@MODES
def test_event_stream_end_to_end(corpus_sdks, mode):
    sdk = corpus_sdks["client"]
    make = lambda is_async: (sdk.AsyncClient if is_async else sdk.Client)(api_key=KEY, base_url=server.url, max_retries=0, timeout=5)  # noqa: E731
    with serving(lambda r: Response(200, {"Content-Type": "text/event-stream"}, EVENTS), max_requests=3, **SERVER) as server:
        typed = call(mode, make, lambda c: c.items.events.follow(item_id="i1"))
        raw = call(mode, make, lambda c: c.logs.tail())
    assert [(e.event, e.id, type(e.data).__name__, e.data.kind) for e in typed] == [
        ("created", "7", "ItemEvent", "created"),
        ("message", "7", "ItemEvent", "deleted"),
    ]
    assert [e.data for e in raw] == [{"kind": "created", "item_id": "i1"}, {"kind": "deleted"}]
    assert [r.path for r in server.requests] == ["/v1/items/i1/events", "/v1/logs"]
