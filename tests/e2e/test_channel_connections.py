"""WebSocket channels end to end, for every channel of the corpus's AsyncAPI pages (Deepgram's
listen v1 and v2, speak v1 and agent v1; ElevenLabs' realtime speech-to-text): packages
generated into a temporary folder, imported, and connected (sync and async) to a local
`websockets` server on 127.0.0.1 (tests/ws_server.py).

For each channel: the handshake (path, query parameters in OpenAPI's wire format, the
credential header, the user agent); the exact JSON each `send_<message>` helper and
`send(model)` put on the wire, from a schema-valid instance of each client message; each
server message's schema-valid instance parsed into its own class; binary frames both ways;
an unknown frame; the close codes. The runtime's own rules (refused and redirected
handshakes, limits, timeouts, redaction) are tested in tests/unit/runtime/test_core_websocket.py.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import CORPUS, ROOT
from generator.common.pysyntax import snake_identifier
from generator.model.operations_ir import METHOD_RESERVED
from instances import samples
from model_instances import same_json
from ws_server import Script, ws_serving

ASYNCAPI = CORPUS / "asyncapi"
MODES = pytest.mark.parametrize("mode", ["sync", "async"])
VENDORS = {
    "deepgram": ("deepgram_ws", "Deepgram", sorted(ASYNCAPI.glob("deepgram-*.md"))),
    "elevenlabs": ("elevenlabs_ws", "ElevenLabs", sorted(ASYNCAPI.glob("elevenlabs-*.md"))),
}

pytestmark = pytest.mark.skipif(not ASYNCAPI.is_dir(), reason=f"{ASYNCAPI} not present")


@dataclass
class Generated:
    package: Any
    asyncapi: dict[str, Any]
    out: Path


def _generate(tmp: Path, vendor: str) -> Generated:
    package, client_name, pages = VENDORS[vendor]
    specs = tmp / "specs"
    specs.mkdir()
    for page in pages:
        shutil.copy(page, specs / page.name)
    out = tmp / "out"
    beside = Path(sys.executable).parent / "sdkgen"
    command = [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]
    done = subprocess.run(
        [*command, "regenerate-sdk", "--specs", str(specs), "--out", str(out), "--package", package, "--client-name", client_name, "-q"],
        cwd=ROOT,
        capture_output=True,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.fail(done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace"))
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
    return Generated(module, json.loads((out / "asyncapi.json").read_text()), out)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Generated]]:
    yield {vendor: _generate(tmp_path_factory.mktemp(vendor), vendor) for vendor in VENDORS}


def channel_cases() -> list[tuple[str, str]]:
    """(vendor, address) of every corpus channel, read from the pages' AsyncAPI blocks."""
    import yaml

    found = []
    for vendor, (_, _, pages) in VENDORS.items():
        for page in pages:
            text = page.read_text()
            block = text.split("## AsyncAPI Specification", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
            found += [(vendor, address) for address in yaml.safe_load(block)["channels"]]
    return sorted(found)


CHANNELS = pytest.mark.parametrize("vendor, address", channel_cases() if ASYNCAPI.is_dir() else [])


def validator(document: dict[str, Any], schema: Any) -> jsonschema.protocols.Validator:
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:asyncapi", resource)
    return jsonschema.Draft202012Validator({"$ref": "urn:asyncapi#" + _pointer(schema)}, registry=registry)


def _pointer(schema: Any) -> str:
    return str(schema["$ref"]).removeprefix("#")


def valid_instance(document: dict[str, Any], schema: Any) -> Any:
    """The first of the sampler's instances of `schema` that the schema accepts."""
    check = validator(document, schema)
    for instance in samples(schema, document):
        if check.is_valid(instance):
            return instance
    raise AssertionError(f"no valid instance of {schema}")


def members(document: dict[str, Any], payload: Any) -> list[Any]:
    """A payload's messages: each member of a union of references, else itself."""
    seen = payload
    while isinstance(seen, dict) and set(seen) <= {"$ref", "description"} and "$ref" in seen:
        target = document["components"]["schemas"][seen["$ref"].rsplit("/", 1)[1]]
        if isinstance(target, dict) and ("oneOf" in target or "anyOf" in target):
            return [m for member in target.get("oneOf") or target["anyOf"] for m in members(document, member)]
        if not (isinstance(target, dict) and set(target) <= {"$ref", "description"}):
            return [seen]
        seen = target
    return [seen]


def messages(document: dict[str, Any], address: str, side: str) -> list[dict[str, Any]]:
    message = document["channels"][address][side]["message"]
    return list(message.get("oneOf") or [message])


def is_binary(entry: dict[str, Any]) -> bool:
    return str(entry.get("contentType")) == "application/octet-stream"


def group(client: Any, document: dict[str, Any], address: str) -> Any:
    found = client
    for part in document["channels"][address]["x-sdkgen-resource"].split("."):
        found = getattr(found, part)
    return found


def run(mode: str, sdk: Generated, address: str, server_url: str, steps: Any, **connect: Any) -> Any:
    base = server_url.replace("ws://", "http://")
    name = VENDORS_BY_PACKAGE[sdk.package.__name__]
    if mode == "sync":
        with getattr(sdk.package, name)(api_key="dg-secret", base_url=base, timeout=5) as client:
            with group(client, sdk.asyncapi, address).connect(**connect) as connection:
                return steps(connection)

    async def main() -> Any:
        async with getattr(sdk.package, "Async" + name)(api_key="dg-secret", base_url=base, timeout=5) as client:
            async with group(client, sdk.asyncapi, address).connect(**connect) as connection:
                result = steps(connection)
                return await result if inspect.isawaitable(result) else result

    return asyncio.run(asyncio.wait_for(main(), 30))


VENDORS_BY_PACKAGE = {package: client for package, client, _ in VENDORS.values()}


def required_query(document: dict[str, Any], address: str) -> dict[str, Any]:
    """A valid value for each query parameter the channel requires."""
    query = (document["channels"][address].get("bindings") or {}).get("ws", {}).get("query") or {}
    return {snake_identifier(name, METHOD_RESERVED): valid_instance(document, schema) if "$ref" in schema else samples(schema, document)[0] for name, schema in (query.get("properties") or {}).items() if name in (query.get("required") or [])}


@MODES
@CHANNELS
def test_handshake_path_query_credential_and_user_agent(generated, mode, vendor, address):
    sdk = generated[vendor]
    query = (sdk.asyncapi["channels"][address].get("bindings") or {}).get("ws", {}).get("query") or {}
    chosen = {}
    for wire, schema in sorted((query.get("properties") or {}).items())[:3]:
        value = samples(schema, sdk.asyncapi)[0]
        if isinstance(value, (str, int, bool)) and not isinstance(value, float):
            chosen[wire] = value
    arguments = {snake_identifier(wire, METHOD_RESERVED | {"url", "headers", "query", "max_message_size"}): value for wire, value in chosen.items()}
    with ws_serving() as server:
        assert run(mode, sdk, address, server.url, lambda c: None, **required_query(sdk.asyncapi, address), **arguments) is None
    (shake,) = server.handshakes
    assert shake.path == address
    expected = [(wire, json.dumps(v) if isinstance(v, bool) else str(v)) for wire, v in chosen.items()]
    assert [item for item in shake.query if item[0] in chosen] == expected
    headers = (sdk.asyncapi["channels"][address].get("bindings") or {}).get("ws", {}).get("headers") or {}
    declared = [name.lower() for name in (headers.get("properties") or {})]
    assert declared, "every corpus channel declares its credential header"
    for name in declared:
        assert shake.headers[name] == "dg-secret"  # the key as it is: the binding says no form
    assert shake.headers["user-agent"].startswith("Python/")


def client_instances(sdk: Generated, address: str) -> list[tuple[dict[str, Any], Any]]:
    """A schema-valid instance of each JSON client message, with its model class."""
    document = sdk.asyncapi
    found = []
    for entry in messages(document, address, "publish"):
        if not is_binary(entry):
            for member in members(document, entry["payload"]):
                found.append((valid_instance(document, member), getattr(sdk.package.models, member["$ref"].rsplit("/", 1)[1])))
    return found


class Recorder:
    """Stands in for a connection: what a helper would send, without sending it."""

    def __init__(self) -> None:
        self.sent: list[Any] = []

    def send(self, message: Any) -> None:
        self.sent.append(message)


def helper_sending(kind: Any, instance: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The `send_<message>` helper of connection class `kind` that, given the instance's
    properties it takes as keyword arguments, sends exactly `instance`."""
    from generator.emit.runtime._core.request import to_jsonable

    for name in sorted(n for n in dir(kind) if n.startswith("send_")):
        function = getattr(kind, name)
        parameters = [p for p in inspect.signature(function).parameters if p != "self"]
        if parameters == ["data"]:
            continue  # a binary message
        wires = {snake_identifier(wire, METHOD_RESERVED): wire for wire in instance}
        given = {argument: instance[wire] for argument, wire in wires.items() if argument in parameters}
        recorder = Recorder()
        try:
            done = function(recorder, **given)
        except TypeError:
            continue  # a required argument this instance does not hold
        if inspect.iscoroutine(done):
            done.close()
            continue
        if recorder.sent and same_json(to_jsonable(recorder.sent[0]), instance):
            return name, given
    raise AssertionError(f"no send helper of {kind.__name__} sends {instance}")


@MODES
@CHANNELS
def test_each_send_helper_and_send_model_put_the_exact_json_on_the_wire(generated, mode, vendor, address):
    sdk = generated[vendor]
    document = sdk.asyncapi
    cases = client_instances(sdk, address)
    sync_class = _connection_class(sdk, address, "sync")
    chosen = [helper_sending(sync_class, instance) for instance, _ in cases]
    kind = _connection_class(sdk, address, mode)
    binary = sorted(n for n in dir(kind) if n.startswith("send_") and [p for p in inspect.signature(getattr(kind, n)).parameters if p != "self"] == ["data"])
    expected_binary = [entry for entry in messages(document, address, "publish") if is_binary(entry)]
    assert len(binary) == len(expected_binary)
    count = 2 * len(cases) + len(binary)
    with ws_serving(Script(expect=count)) as server:
        if mode == "sync":

            def steps(connection: Any) -> None:
                for (name, given), (instance, model) in zip(chosen, cases):
                    getattr(connection, name)(**given)
                    connection.send(model.model_validate(instance))
                for name in binary:
                    getattr(connection, name)(b"\x00\xffaudio")

        else:

            async def steps(connection: Any) -> None:
                for (name, given), (instance, model) in zip(chosen, cases):
                    await getattr(connection, name)(**given)
                    await connection.send(model.model_validate(instance))
                for name in binary:
                    await getattr(connection, name)(b"\x00\xffaudio")

        run(mode, sdk, address, server.url, steps, **required_query(document, address))
    assert server.errors == []
    texts = [frame for frame in server.received if isinstance(frame, str)]
    assert len(texts) == 2 * len(cases)
    for index, (instance, _) in enumerate(cases):
        assert same_json(json.loads(texts[2 * index]), instance), (texts[2 * index], instance)  # the helper's
        assert same_json(json.loads(texts[2 * index + 1]), instance), (texts[2 * index + 1], instance)  # send(model)'s
    assert [frame for frame in server.received if isinstance(frame, bytes)] == [b"\x00\xffaudio"] * len(binary)


def _connection_class(sdk: Generated, address: str, mode: str) -> Any:
    channels = importlib.import_module(sdk.package.__name__ + "._channels")
    connect = group(getattr(sdk.package, VENDORS_BY_PACKAGE[sdk.package.__name__])(api_key="k", base_url="http://127.0.0.1:9"), sdk.asyncapi, address).connect
    returned = inspect.signature(connect).return_annotation  # `_channels.ListenV1Connection`
    name = str(returned).rsplit(".", 1)[1]
    return getattr(channels, ("Async" if mode == "async" else "") + name)


@MODES
@CHANNELS
def test_each_server_message_is_parsed_into_its_class_and_binary_and_unknown_frames_too(generated, mode, vendor, address):
    sdk = generated[vendor]
    document = sdk.asyncapi
    frames: list[str | bytes] = []
    classes: list[Any] = []
    for entry in messages(document, address, "subscribe"):
        if is_binary(entry):
            frames.append(b"\x01\x02audio")
            classes.append(bytes)
            continue
        for member in members(document, entry["payload"]):
            frames.append(json.dumps(valid_instance(document, member)))
            classes.append(getattr(sdk.package.models, member["$ref"].rsplit("/", 1)[1]))
    frames.append(json.dumps({"type": "NotAMessage", "message_type": "not_a_message"}))
    classes.append(sdk.package.UnknownMessage)
    with ws_serving(Script(send=frames, close=(1000, ""))) as server:
        if mode == "sync":
            got = run(mode, sdk, address, server.url, lambda connection: list(connection), **required_query(document, address))
        else:

            async def steps(connection: Any) -> list[Any]:
                return [message async for message in connection]

            got = run(mode, sdk, address, server.url, steps, **required_query(document, address))
    assert [type(message) for message in got] == classes
    assert isinstance(got[-1], sdk.package.UnknownMessage) and got[-1].data["type"] == "NotAMessage"


@MODES
@CHANNELS
def test_close_4001_raises_with_its_code_after_the_messages_before_it(generated, mode, vendor, address):
    sdk = generated[vendor]
    seen: list[Any] = []
    with ws_serving(Script(send=[b"\x00"], close=(4001, "invalid credentials"))) as server:
        if mode == "sync":

            def steps(connection: Any) -> None:
                for message in connection:
                    seen.append(message)

        else:

            async def steps(connection: Any) -> None:
                async for message in connection:
                    seen.append(message)

        with pytest.raises(sdk.package.WebSocketClosedError) as raised:
            run(mode, sdk, address, server.url, steps, **required_query(sdk.asyncapi, address))
    assert (raised.value.code, raised.value.reason) == (4001, "invalid credentials")
    assert isinstance(raised.value, sdk.package.ApiError)
    assert len(seen) == 1


@MODES
def test_a_401_handshake_raises_unauthorized_with_the_body(generated, mode):
    sdk = generated["deepgram"]
    body = b'{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials."}'
    with ws_serving(Script(refuse=(401, {"Content-Type": "application/json"}, body))) as server:
        with pytest.raises(sdk.package.UnauthorizedError) as raised:
            run(mode, sdk, "/v1/listen", server.url, lambda c: None)
    assert raised.value.body == {"err_code": "INVALID_AUTH", "err_msg": "Invalid credentials."}
