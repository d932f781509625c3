"""The channels fixture's package (tests/fixtures/sdk/channels/golden) as a user drives it:
tests/fixtures/channels_usage/usage.py connects, sends with the helpers, and matches the
messages it receives on their classes. That file passes `mypy --strict`, and runs against a
local `websockets` server on 127.0.0.1, sync and async: with the websockets this suite has
(the newest the package allows), and installed as users install it, with the oldest
(`websockets==15.0`) in a fresh venv."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, mypy_cache_dir
from installing import make_venv
from ws_server import Script, WsServer, ws_serving

GOLDEN = FIXTURES / "sdk" / "channels" / "golden"
USAGE = FIXTURES / "channels_usage" / "usage.py"
SERVER_FRAMES: list[str | bytes] = [
    json.dumps({"type": "Transcript", "text": "Hello there", "is_final": False}),
    json.dumps({"type": "Metadata", "request_id": "r-1"}),
    b"\x00\x01\x02",
    json.dumps({"type": "Transcript", "text": 7}),
]
SEEN = ["transcript Hello there interim", "metadata r-1", "audio 3", "unknown {'type': 'Transcript', 'text': 7}"]


def check_wire(server: WsServer, connections: int) -> None:
    assert server.errors == []
    assert len(server.handshakes) == connections
    for shake in server.handshakes:
        assert shake.path == "/v1/stream/v1"
        assert shake.query == [("model", "aura-2"), ("sample_rate", "16000")]
        assert shake.headers["x-acme-key"] == "acme-key"
    frames = server.received
    assert frames == [b for _ in range(connections) for b in ('{"type":"Speak","text":"Hello there","speed":1.5}', '{"type":"Flush"}', b"\x00\x01")]


def test_the_usage_file_passes_mypy_strict():
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", mypy_cache_dir(), str(USAGE)],
        cwd=ROOT,
        env={**os.environ, "MYPYPATH": str(GOLDEN)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_usage_file_runs_against_the_local_server(mode, monkeypatch):
    monkeypatch.syspath_prepend(str(GOLDEN))
    monkeypatch.syspath_prepend(str(USAGE.parent))
    import usage

    with ws_serving(Script(expect=3, send=SERVER_FRAMES)) as server:
        base = server.url.replace("ws://", "http://")
        seen = usage.run_sync(base) if mode == "sync" else asyncio.run(asyncio.wait_for(usage.run_async(base), 30))
    assert seen == SEEN
    check_wire(server, 1)


def test_installed_with_the_oldest_websockets_it_allows(tmp_path):
    """The package installed with websockets 15.0 runs the usage file; the runtime's own tests
    (tests/unit/runtime/test_core_websocket.py: refused and redirected handshakes, limits,
    timeouts, redaction) pass there too."""
    venv = make_venv(tmp_path / "venv", str(GOLDEN), "websockets==15.0", "pytest>=8")
    version = venv.run(venv.python, "-c", "import websockets; print(websockets.__version__)", cwd=tmp_path, check=True)
    assert version.stdout.strip() == "15.0"
    with ws_serving(Script(expect=3, send=SERVER_FRAMES)) as server:
        done = venv.run(venv.python, str(USAGE), server.url.replace("ws://", "http://"), cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == f"{SEEN!r} {SEEN!r}"
    check_wire(server, 2)
    runtime_tests = ROOT / "tests" / "unit" / "runtime" / "test_core_websocket.py"
    env = {**venv.env(), "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    done = subprocess.run(
        [str(venv.python), "-m", "pytest", "-q", "-o", "addopts=", "--noconftest", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(runtime_tests)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout


PLAIN = FIXTURES / "channels_plain" / "chat.yaml"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_plain_asyncapi_document_with_payloads_written_in_its_messages(mode, tmp_path, monkeypatch):
    """No Fern ids, no components: the direction is the specification's, and each message's
    own object becomes a class named after the group and the message."""
    out = tmp_path / "out"
    beside = Path(sys.executable).parent / "sdkgen"
    command = [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]
    done = subprocess.run([*command, "regenerate-sdk", "-q", "--specs", str(PLAIN), "--out", str(out), "--package", "chat_sdk", "--client-name", "Chat"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    monkeypatch.syspath_prepend(str(out))
    import chat_sdk

    frames: list[str | bytes] = [json.dumps({"kind": "said", "who": "ada", "text": "hi"}), json.dumps({"kind": "pong"}), json.dumps({"kind": "said", "who": 1})]
    with ws_serving(Script(expect=2, send=frames)) as server:
        base = server.url.replace("ws://", "http://")
        if mode == "sync":
            with chat_sdk.Chat(base_url=base, timeout=5) as client, client.chat.connect(room="r 1", nick="ada") as connection:
                connection.send_say(text="hello")
                connection.send_ping()
                got = list(connection)
        else:

            async def run() -> list[object]:
                async with chat_sdk.AsyncChat(base_url=base, timeout=5) as client, client.chat.connect(room="r 1", nick="ada") as connection:
                    await connection.send_say(text="hello")
                    await connection.send_ping()
                    return [message async for message in connection]

            got = asyncio.run(asyncio.wait_for(run(), 30))
    (shake,) = server.handshakes
    assert (shake.path, shake.query) == ("/rooms/r%201", [("nick", "ada")])
    assert server.received == ['{"kind":"say","text":"hello"}', '{"kind":"ping"}']
    assert [type(m).__name__ for m in got] == ["ChatSaid", "ChatPong", "UnknownMessage"]
    assert got[0].who == "ada" and isinstance(got[2], chat_sdk.UnknownMessage)
