"""The seed pages' Python SDK examples, run against the generated SDK and a local server.

Each ```python example of an endpoint section is paired with the section's ```go example,
which spells out the exact HTTP request (method, URL, headers, JSON payload). The Python
example runs as written, with only the import (`elevenlabs` -> `elevenlabs_convai`) and the
`base_url` changed to point at a local server; the API key comes from ELEVENLABS_API_KEY,
set to what the Go example sends. The server records the request, which must be the Go
example's request, and answers with an instance of the operation's 200 response schema in
generated/openapi.json (checked with jsonschema against the merged document). The
example's final call must return that payload as the method's declared return type.

At the end: self-tests of the test server (one write per response, keep-alive, actions).
"""

from __future__ import annotations

import ast
import json
import re
import socket
import sys
import time
import typing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, Optional
from urllib.parse import parse_qsl, urlsplit

import httpx
import jsonschema
import pytest
from pydantic import BaseModel, TypeAdapter
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import ROOT, SEED_NEW, SEED_OLD
from http_server import Drop, Raw, Response, ServerError, TestServer, encode_response, serving
from instances import samples

GENERATED = ROOT / "generated"
PACKAGE = "elevenlabs_convai"
MERGED = GENERATED / "openapi.json"
PAGES = (SEED_OLD, SEED_NEW)
EXPECTED_EXAMPLES = 10
AUDIO = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4  # some bytes, not UTF-8
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


# -- reading the pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    language: str
    code: str
    line: int  # 1-based line of the opening fence


@dataclass(frozen=True)
class Section:
    page: Path
    title: str
    method: Optional[str]  # from the "GET https://..." line under the title
    url_template: Optional[str]
    blocks: tuple[Block, ...]

    def only(self, language: str) -> Optional[Block]:
        found = [b for b in self.blocks if b.language == language]
        assert len(found) <= 1, f"{self.page.name} '{self.title}': {len(found)} {language} blocks"
        return found[0] if found else None


_FENCE = re.compile(r"^```([\w+-]*)\s*$")
_ENDPOINT = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (https?://\S+)\s*$")


def read_sections(page: Path) -> list[Section]:
    """The page split at its `# ` headings (outside fenced blocks), with each section's blocks."""
    sections: list[Section] = []
    title: Optional[str] = None
    endpoint: Optional[tuple[str, str]] = None
    blocks: list[Block] = []
    fence: Optional[tuple[str, int, list[str]]] = None

    def close_section() -> None:
        if title is not None:
            method, url = endpoint or (None, None)
            sections.append(Section(page, title, method, url, tuple(blocks)))

    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if fence is not None:
            if line.strip() == "```":
                blocks.append(Block(fence[0], "\n".join(fence[2]) + "\n", fence[1]))
                fence = None
            else:
                fence[2].append(line)
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = (opening.group(1).lower(), number, [])
        elif line.startswith("# "):
            close_section()
            title, endpoint, blocks = line[2:].strip(), None, []
        elif title is not None and endpoint is None and (found := _ENDPOINT.match(line)):
            endpoint = (found.group(1), found.group(2))
    assert fence is None, f"{page.name}: unclosed ``` block from line {fence[1]}"
    close_section()
    return sections


# -- the Go example: the exact request -----------------------------------------------------

_GO_STRING = r'"(?:[^"\\\n]|\\.)*"|`[^`]*`'
_GO_URL = re.compile(r"\burl\s*:=\s*(" + _GO_STRING + ")")
_GO_PAYLOAD = re.compile(r"\bpayload\s*:=\s*strings\.NewReader\(\s*(" + _GO_STRING + r")\s*\)")
_GO_NEW_REQUEST = re.compile(r'http\.NewRequest\(\s*"([A-Z]+)"\s*,\s*url\s*,\s*(payload|nil)\s*\)')
_GO_HEADER = re.compile(r"req\.Header\.(?:Add|Set)\(\s*(" + _GO_STRING + r")\s*,\s*(" + _GO_STRING + r")\s*\)")
_GO_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}


def go_string(literal: str) -> str:
    """The value of a Go string literal (interpreted "..." or raw `...`)."""
    if literal.startswith("`"):
        return literal[1:-1].replace("\r", "")
    text, out, i = literal[1:-1], bytearray(), 0
    while i < len(text):
        char = text[i]
        if char != "\\":
            out += char.encode()
            i += 1
            continue
        kind = text[i + 1]
        if kind in _GO_ESCAPES:
            out.append(_GO_ESCAPES[kind])
            i += 2
        elif kind == "x":
            out.append(int(text[i + 2 : i + 4], 16))
            i += 4
        elif kind in "01234567":
            out.append(int(text[i + 1 : i + 4], 8))
            i += 4
        elif kind in "uU":
            width = 4 if kind == "u" else 8
            out += chr(int(text[i + 2 : i + 2 + width], 16)).encode()
            i += 2 + width
        else:
            raise ValueError(f"unknown Go escape \\{kind} in {literal}")
    return out.decode("utf-8")


@dataclass(frozen=True)
class GoRequest:
    method: str
    url: str
    payload: Optional[str]  # the body as sent, None for nil
    headers: tuple[tuple[str, str], ...]

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.url).query, keep_blank_values=True)

    def header(self, name: str) -> Optional[str]:
        found = [v for k, v in self.headers if k.lower() == name.lower()]
        return found[0] if found else None


def read_go(code: str) -> GoRequest:
    url = _GO_URL.search(code)
    call = _GO_NEW_REQUEST.search(code)
    assert url and call, f"not a Go net/http example:\n{code}"
    payload = None
    if call.group(2) == "payload":
        found = _GO_PAYLOAD.search(code)
        assert found, f"payload passed but not defined:\n{code}"
        payload = go_string(found.group(1))
    headers = tuple((go_string(k), go_string(v)) for k, v in _GO_HEADER.findall(code))
    return GoRequest(call.group(1), go_string(url.group(1)), payload, headers)


# -- the Python example --------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    page: Path
    title: str
    method: str
    path_template: str  # from the section's "GET https://api.../v1/..." line
    python: Block
    go: GoRequest

    @property
    def call(self) -> str:
        """The SDK call of the example's last statement, without the client: a.b.method."""
        return final_call(self.python.code).split(".", 1)[1]


def final_call(code: str) -> str:
    last = ast.parse(code).body[-1]
    assert isinstance(last, ast.Expr) and isinstance(last.value, ast.Call), "example must end in a call"
    return ast.unparse(last.value.func)


def collect_examples() -> list[Example]:
    examples = []
    for page in PAGES:
        for section in read_sections(page):
            python = section.only("python")
            if python is None:
                continue
            go = section.only("go")
            assert go is not None, f"{page.name} '{section.title}': python example without a go example"
            assert section.method and section.url_template, f"{page.name} '{section.title}': no endpoint line"
            template = urlsplit(section.url_template).path
            examples.append(Example(page, section.title, section.method, template, python, read_go(go.code)))
    return examples


EXAMPLES = collect_examples()
RESULT = "__example_result__"


class _Rewrite(ast.NodeTransformer):
    """`from elevenlabs import ...` -> the generated package; `base_url=...` -> the server."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.imports = self.base_urls = 0

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.ImportFrom:
        if node.module == "elevenlabs" and node.level == 0:
            node.module = PACKAGE
            self.imports += 1
        return node

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "ElevenLabs":
            for keyword in node.keywords:
                if keyword.arg == "base_url":
                    keyword.value = ast.copy_location(ast.Constant(self.base_url), keyword.value)
                    self.base_urls += 1
        return node


def run_example(code: str, base_url: str, filename: str) -> tuple[Any, dict[str, Any]]:
    """Run the example with the rewrites; the value of its final expression and its namespace."""
    tree = ast.parse(code)
    rewrite = _Rewrite(base_url)
    tree = rewrite.visit(tree)
    assert (rewrite.imports, rewrite.base_urls) == (1, 1), "expected one elevenlabs import and one base_url"
    last = tree.body[-1]
    assert isinstance(last, ast.Expr)
    tree.body[-1] = ast.copy_location(ast.Assign(targets=[ast.Name(RESULT, ast.Store())], value=last.value), last)
    namespace: dict[str, Any] = {"__name__": "__sdk_example__"}
    try:
        exec(compile(ast.fix_missing_locations(tree), filename, "exec"), namespace)
    finally:
        for value in list(namespace.values()):  # close the example's clients (keep-alive sockets)
            if type(value).__name__ == "ElevenLabs" and hasattr(value, "close"):
                value.close()
    return namespace[RESULT], namespace


# -- the merged document: operations and response payloads ----------------------------------


@cache
def merged() -> dict[str, Any]:
    return json.loads(MERGED.read_text(encoding="utf-8"))


def pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@cache
def registry() -> Registry:
    return Registry().with_resource(
        "urn:sdkgen:merged", Resource.from_contents(merged(), default_specification=DRAFT202012)
    )


def success_schema(example: Example) -> tuple[Optional[dict[str, Any]], str]:
    """The 200 response's JSON schema (None when it has no JSON content) and its pointer."""
    operations = merged()["paths"].get(example.path_template)
    assert operations, f"{example.path_template} not in {MERGED.name}"
    operation = operations.get(example.method.lower())
    assert operation, f"{example.method} {example.path_template} not in {MERGED.name}"
    responses = operation["responses"]
    status = "200" if "200" in responses else min(s for s in responses if s.startswith("2"))
    content = responses[status].get("content") or {}
    json_type = next((t for t in content if t == "application/json" or t.endswith("+json")), None)
    if json_type is None:
        return None, ""
    where = pointer("paths", example.path_template, example.method.lower(), "responses", status, "content", json_type, "schema")
    return content[json_type]["schema"], where


@cache
def response_payload(index: int) -> Any:
    """The richest sample of the example's response schema that the schema accepts."""
    example = EXAMPLES[index]
    schema, where = success_schema(example)
    assert schema is not None
    validator = jsonschema.Draft202012Validator({"$ref": "urn:sdkgen:merged" + where}, registry=registry())
    candidates = samples(schema, merged())
    valid = [c for c in candidates if validator.is_valid(c)]
    assert valid, f"no valid sample among {len(candidates)} for {where}: {next(validator.iter_errors(candidates[0]), None)}"
    payload = max(valid, key=lambda c: len(json.dumps(c, sort_keys=True)))
    validator.validate(payload)
    return payload


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sdk() -> Iterator[ModuleType]:
    """The generated package, importable from generated/ for this module's tests only."""
    assert (GENERATED / PACKAGE / "__init__.py").exists(), "run `sdkgen regenerate-sdk` first"
    stale = [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]
    for name in stale:
        del sys.modules[name]
    sys.path.insert(0, str(GENERATED))
    try:
        import elevenlabs_convai

        assert Path(elevenlabs_convai.__file__).resolve().parent == (GENERATED / PACKAGE).resolve()
        yield elevenlabs_convai
    finally:
        sys.path.remove(str(GENERATED))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture
def server() -> Iterator[TestServer]:
    with serving(max_requests=5, socket_timeout=5.0) as running:
        yield running


@pytest.fixture
def offline_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PROXY_VARIABLES:  # httpx honours these; the server is local
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# -- the examples --------------------------------------------------------------------------


def test_every_python_example_is_collected() -> None:
    assert len(EXAMPLES) == EXPECTED_EXAMPLES, [(e.page.name, e.title) for e in EXAMPLES]
    assert {e.page for e in EXAMPLES} == set(PAGES)


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[f"{e.call}[{e.page.name[:3]}]" for e in EXAMPLES])
def test_python_example(index: int, sdk: ModuleType, server: TestServer, offline_env: pytest.MonkeyPatch) -> None:
    example = EXAMPLES[index]
    go = example.go
    api_key = go.header("xi-api-key")
    assert api_key is not None, "the Go example sends no xi-api-key"
    offline_env.setenv("ELEVENLABS_API_KEY", api_key)

    assert go.method == example.method
    pattern = re.sub(r"\\\{[^{}]+\\\}", "[^/]+", re.escape(example.path_template))
    assert re.fullmatch(pattern, go.path), (go.path, example.path_template)

    schema, _ = success_schema(example)
    if schema is None:
        payload: Any = AUDIO
        server.enqueue(Response.binary(AUDIO, "audio/mpeg"))
    else:
        payload = response_payload(index)
        server.enqueue(Response.json(payload))

    result, namespace = run_example(
        example.python.code, server.url, f"{example.page.name}:{example.python.line}"
    )

    # The request is the Go example's request.
    assert len(server.requests) == 1, [(r.method, r.target) for r in server.requests]
    sent = server.requests[0]
    assert sent.method == go.method
    assert sent.path == go.path
    assert sorted(sent.query) == sorted(go.query)
    assert sent.header_values("xi-api-key") == [api_key]
    for name, value in go.headers:
        if name.lower() == "content-type":
            assert sent.media_type == value.split(";")[0].strip().lower(), sent.headers
        else:
            assert sent.header(name) == value, (name, sent.headers)
    if go.payload is None:
        assert sent.body == b"", sent.body
        assert sent.header("transfer-encoding") is None
    else:
        assert sent.media_type == "application/json", sent.headers
        assert json.loads(sent.body) == json.loads(go.payload)

    # The result is the payload, as the declared type.
    method = eval(final_call(example.python.code), namespace)
    declared = typing.get_type_hints(method)["return"]
    if schema is None:
        assert declared is bytes
        assert isinstance(result, bytes) and result == AUDIO
        return
    if "$ref" in schema and schema["$ref"].startswith("#/components/schemas/"):
        schema_name = schema["$ref"].rsplit("/", 1)[1]
        assert declared is getattr(sdk.models, schema_name, None), (declared, schema_name)
    if isinstance(declared, type) and issubclass(declared, BaseModel):
        assert isinstance(result, declared), type(result)
        dumped = result.model_dump(mode="json", by_alias=True, exclude_unset=True)
    else:
        dumped = TypeAdapter(declared).dump_python(result, mode="json", by_alias=True, exclude_unset=True)
    assert dumped == payload


# -- the test server itself ----------------------------------------------------------------


def test_server_writes_each_response_once_and_keeps_alive() -> None:
    body = json.dumps({"data": "x" * 20000}).encode()  # larger than one TCP segment
    with serving(lambda request: Response.binary(body, "application/json"), max_requests=40) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=server.url, trust_env=False) as client:
            started = time.perf_counter()
            for number in range(30):
                response = client.post(f"/echo/{number}?a=1&a=2&b=", content=b"ping")
                assert response.status_code == 200 and response.content == body
            elapsed = time.perf_counter() - started
    assert server.connections == 1  # keep-alive
    assert len(server.write_log) == 30  # one write per response...
    assert all(size > len(body) for size in server.write_log)  # ...holding headers and body
    assert elapsed < 0.6, f"30 keep-alive requests took {elapsed:.3f}s: delayed-ACK stalls?"
    first = server.requests[0]
    assert (first.method, first.path, first.query) == ("POST", "/echo/0", [("a", "1"), ("a", "2"), ("b", "")])
    assert first.body == b"ping" and first.header("content-length") == "4"


def test_server_raw_socket_sees_one_complete_answer() -> None:
    expected = encode_response(Response(201, {"X-Test": "1", "Date": "fixed"}, b"hello"))
    with serving(lambda request: Response(201, {"X-Test": "1", "Date": "fixed"}, b"hello")) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
            for _ in range(2):  # two requests on one connection
                sock.sendall(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
                received = b""
                while len(received) < len(expected):
                    chunk = sock.recv(65536)
                    assert chunk, "connection closed early"
                    received += chunk
                assert received == expected
    assert server.write_log == [len(expected)] * 2
    assert b"Content-Length: 5\r\n" in expected


def test_server_actions_and_limits() -> None:
    server = TestServer(max_requests=4, socket_timeout=2.0).start()
    try:
        server.enqueue(Drop(), Response(204, delay=0.1), Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
        with httpx.Client(base_url=server.url, trust_env=False) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                client.get("/dropped")
            started = time.perf_counter()
            assert client.delete("/slow").status_code == 204
            assert time.perf_counter() - started >= 0.1
            with pytest.raises(httpx.RemoteProtocolError):
                client.get("/truncated")
            assert client.get("/unscripted").status_code == 500  # no answer left: an error
            with pytest.raises(httpx.RemoteProtocolError):
                client.get("/over-the-limit")  # refused
    finally:
        server.stop()
    assert [r.path for r in server.requests] == ["/dropped", "/slow", "/truncated", "/unscripted", "/over-the-limit"]
    with pytest.raises(ServerError, match="no scripted response(?s:.*)more than 4 requests"):
        server.check()


def test_server_stops_promptly_with_idle_keep_alive_connections() -> None:
    server = TestServer(lambda request: Response.json({"ok": True}), socket_timeout=5.0).start()
    client = httpx.Client(base_url=server.url, trust_env=False)
    try:
        assert client.get("/").json() == {"ok": True}
        started = time.perf_counter()
        server.stop()  # the client still holds its connection open
        assert time.perf_counter() - started < 1.0
    finally:
        client.close()
    server.check()


def test_handler_failure_fails_the_test() -> None:
    def broken(request: Any) -> Response:
        raise KeyError("boom")

    with pytest.raises(ServerError, match="KeyError: 'boom'"):
        with serving(broken) as server:
            with httpx.Client(base_url=server.url, trust_env=False) as client:
                assert client.get("/").status_code == 500


def test_server_stall_times_out_the_client_and_stop_cuts_it_short() -> None:
    server = TestServer(socket_timeout=5.0).start()
    server.enqueue(Response.json({"late": True}, delay=30.0))
    try:
        with httpx.Client(base_url=server.url, trust_env=False, timeout=0.2) as client:
            with pytest.raises(httpx.ReadTimeout):
                client.get("/stalled")
    finally:
        started = time.perf_counter()
        server.stop()
        assert time.perf_counter() - started < 1.0
    server.check()
    assert server.write_log == []
