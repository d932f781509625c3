"""Every Python example of the corpus pages, run through SDKs generated from those pages.

Three packages are generated once for the module with the command line, from /work/main:

* `el_sdk` (client `ElevenLabs`): the seed pages (specs/) merged with the 91 ElevenLabs
  endpoint pages of ../shared/corpus/elevenlabs;
* `dg_sdk` (client `Deepgram`): the Deepgram pages of ../shared/corpus/deepgram;
* `fv_sdk` (client `Fanvue`): the Fanvue pages of ../shared/corpus/fanvue (bearer
  credential, a version header with a default).

Each page's ```python example is paired with the page's ```go example (in order, when a page
has several), which spells out the exact request: method, URL, headers and body. The
ElevenLabs pages show the official SDK (`from elevenlabs import ElevenLabs`, then
`client.a.b.c(...)`); the Deepgram pages show only plain `requests` calls. Either way the
example is turned into a call of the generated client (the rewrite rules are below), run
against a local server (tests/http_server.py), and

* the request the server receives must be the Go example's request: method, path, query,
  headers (the credential header with the example's value) and JSON body (as parsed JSON;
  multipart bodies: the field names and which fields are files);
* the example's body must validate against the operation's request body schema in the
  merged document (jsonschema, Draft 2020-12) and in the generated request model (pydantic),
  and dump back from the model unchanged;
* the server answers with an instance of the operation's success response schema (sampled
  from the merged document and checked with jsonschema, as in test_examples.py), which the
  call must return as its declared return type.

Every example runs twice, with the sync client and with the async one (rule A1). A second
test type-checks every example as it is run with the sync client (mypy, one run for all).

Rewrite rules, ElevenLabs SDK examples (`from elevenlabs import ElevenLabs`):
  E1. `from elevenlabs import ...` imports from the generated package (`el_sdk`).
  E2. `base_url=...` of the `ElevenLabs(...)` constructor is the local server's URL; the API
      key comes from $ELEVENLABS_API_KEY, set to the xi-api-key value of the Go example
      (the example's constructor passes none).
  E3. A keyword argument with no value at all (`request=` right before the closing
      parenthesis: Fern renders nothing for a union-typed body, so the example does not
      even parse) gets the Go example's JSON body as a Python literal.
  E4. A required multipart file field that the example leaves out (Fern's snippets render
      no file parts: the Go body is an empty multipart form) is passed as `FILE_BYTES`; the
      expected form is then the Go example's fields plus those files.
Rewrite rules, `requests` examples (`import requests`):
  R1. The example is run with `import requests` removed and `requests` bound to a recorder
      and `print` to a no-op; the recorded call (method, url, params, json, headers) must
      itself be the Go example's request.
  R2. The call becomes the generated client's method for the operation of the merged
      document whose method and path template match the URL (its SDK name is the
      document's `x-sdkgen-resource` + `x-sdkgen-method`). Path parameters come from the
      URL; query parameters from the URL and `params`, as keyword arguments converted to
      the parameter's declared type (`requests` only sends text: "true" -> True, "10" ->
      10; several values -> a list); JSON body members become keyword arguments, or the
      whole body is `request=` when the method takes the body as one value.
  R3. The credential header's value, without the scheme word the merged document's
      securitySchemes put in front (`Bearer <token>` -> `<token>`), is the client's
      `api_key=` (constructor): the client sends it in the documented form; the client's
      `base_url=` is the local server; `Content-Type` is left to the client.
  R4. JSON values are written as Python literals (dicts for objects), the style of the
      pages' SDK examples.
  R5. A header the generated client sends on every call (a header every operation requires
      with a default, such as Fanvue's X-Fanvue-API-Version) is a constructor argument, not
      a method's: left to the client when the example sends the default.
Rewrite rule, async run:
  A1. The client class is imported as `Async<Client> as <Client>` and the example's final
      call is awaited in `asyncio.run(...)`, which then closes the clients.
Comparison rules (the Go example against what the server received):
  C1. A Go query value that is a JSON array (`document_ids=%5B%22string%22%5D`) of an
      array-typed parameter is compared as the repeated parameter (form style, explode:
      the OpenAPI default, which the client sends).
  C2. A JSON member that is null in the Go example and absent from the request is the
      Python example leaving an optional member out (Fern's Go snippets spell out nulls).
  C3. Members that only the Go example sends because the page's Python snippet drops them
      are listed, per example and by JSON pointer, in PAGE_DISCREPANCIES; they must be
      exactly the ones missing.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import re
import subprocess
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, Iterator, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit

import jsonschema
import pytest
from pydantic import BaseModel, TypeAdapter
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import CORPUS, ROOT, needs_corpus, mypy_cache_dir
from http_server import RecordedRequest, Response, serving
from instances import resolve, samples
from package_examples import run_counted
from test_examples import PROXY_VARIABLES, Block, GoRequest, final_call, pointer, read_go, read_sections

pytestmark = needs_corpus(CORPUS)

AUDIO = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4
FILE_BYTES = b"%PDF-1.7\n" + bytes(range(256)) + b"\n%%EOF\n"  # rule E4: a file the example leaves out
RESULT = "__example_result__"
MYPY_BASE_URL = "http://127.0.0.1:9"


@dataclass(frozen=True)
class Corpus:
    key: str  # "el" / "dg": the test ids' prefix
    pages: Path
    specs: tuple[str, ...]  # --specs arguments, relative to the project
    package: str
    client: str
    auth_header: str
    api_key_env: str
    sdk_module: Optional[str]  # the module the pages' SDK examples import (rule E1)


CORPORA = {
    "el": Corpus(
        "el", CORPUS / "elevenlabs", ("specs", "../shared/corpus/elevenlabs"),
        "el_sdk", "ElevenLabs", "xi-api-key", "ELEVENLABS_API_KEY", "elevenlabs",
    ),
    "dg": Corpus(
        "dg", CORPUS / "deepgram", ("../shared/corpus/deepgram",),
        "dg_sdk", "Deepgram", "Authorization", "DEEPGRAM_API_KEY", None,
    ),
    "fv": Corpus(
        "fv", CORPUS / "fanvue", ("../shared/corpus/fanvue",),
        "fv_sdk", "Fanvue", "Authorization", "FANVUE_API_KEY", None,
    ),
}  # fmt: skip
EXPECTED_PAGES = {"el": 91, "dg": 14, "fv": 75}


# -- the examples --------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusExample:
    corpus: str
    page: Path
    id: str
    title: str
    method: str  # from the page's "POST https://..." line
    path_template: str
    python: Block
    go: GoRequest
    style: str  # "sdk" or "requests"


def page_id(corpus: Corpus, page: Path) -> str:
    name = page.relative_to(corpus.pages).with_suffix("").as_posix()
    return f"{corpus.key}/{name.removeprefix('reference-')}"


def collect(corpus: Corpus) -> list[CorpusExample]:
    examples: list[CorpusExample] = []
    if not corpus.pages.is_dir():
        return examples
    for page in sorted(corpus.pages.rglob("*.md")):
        for section in read_sections(page):
            pythons = [b for b in section.blocks if b.language == "python"]
            gos = [b for b in section.blocks if b.language == "go"]
            if not pythons:
                continue
            assert len(gos) == len(pythons), f"{page}: {len(pythons)} python and {len(gos)} go examples"
            assert section.method and section.url_template, f"{page}: no endpoint line"
            for number, (python, go) in enumerate(zip(pythons, gos), start=1):
                style = "requests" if re.search(r"^import requests$", python.code, re.M) else "sdk"
                ident = page_id(corpus, page) + (f"#{number}" if len(pythons) > 1 else "")
                examples.append(
                    CorpusExample(
                        corpus.key, page, ident, section.title, section.method,
                        urlsplit(section.url_template).path, python, read_go(go.code), style,
                    )
                )  # fmt: skip
    return examples


EXAMPLES = [e for corpus in CORPORA.values() for e in collect(corpus)]
BY_ID = {e.id: e for e in EXAMPLES}

# Rule C3: JSON members only the Go example sends, because the page's Python (and TypeScript)
# snippet drops them; by example and JSON pointer into the Go body.
PAGE_DISCREPANCIES: dict[str, set[str]] = {
    "el/batch-calling/create": {"/recipients/0/conversation_initiation_client_data/dynamic_variables/vip_status"},
    "el/tools/create": {"/tool_config/execution_mode"},
}

# Examples that cannot be reproduced as they are (strict xfail): generator bugs and limits,
# and one page whose example contradicts its own schema.
_CREATE_AGENT = (
    "page defect, not the generator: the example sends no body fields (Python `agents.create()`, "
    "Go body `{}`) but the page's own schema Body_Create_Agent_v1_convai_agents_create_post "
    "requires conversation_config, so the body cannot validate and create() requires the argument"
)
_MASS_MESSAGE = (
    "page defect, not the generator: the example sends an empty body (`payload = {}`, Go `{}`) "
    "but the page's own request schema requires includedLists, so the body cannot validate "
    "and the method requires the argument"
)
_PART_NUMBER = (
    "page defect, not the generator: the example's URL puts the placeholder `partNumber` where "
    "the page's schema wants a number (partNumber: number), so the call type-checks only with a "
    "number; it runs, since a path value is sent as text"
)
RUN_XFAIL: dict[str, str] = {
    "el/agents/create": _CREATE_AGENT,
    "fv/agencies__send-mass-message-as-creator": _MASS_MESSAGE,
    "fv/chat-messages__send-mass-message": _MASS_MESSAGE,
}
TYPECHECK_XFAIL: dict[str, str] = {
    "el/agents/create": _CREATE_AGENT,
    "fv/agencies__send-mass-message-as-creator": _MASS_MESSAGE,
    "fv/chat-messages__send-mass-message": _MASS_MESSAGE,
    "fv/agencies__create-creator-upload-session": _PART_NUMBER,
    "fv/agencies__get-creator-upload-part-url": _PART_NUMBER,
    "fv/media__get-upload-part-url": _PART_NUMBER,
}


def params(xfails: dict[str, str]) -> list[Any]:
    unknown = set(xfails) - set(BY_ID)
    assert not unknown or not EXAMPLES, f"xfail for unknown examples: {unknown}"
    return [
        pytest.param(e, id=e.id, marks=[pytest.mark.xfail(strict=True, reason=xfails[e.id])] if e.id in xfails else [])
        for e in EXAMPLES
    ]


# -- the generated packages and their documents --------------------------------------------


@dataclass
class Generated:
    corpus: Corpus
    out: Path
    sdk: ModuleType
    doc: dict[str, Any]
    registry: Registry = field(init=False)
    payloads: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        resource = Resource.from_contents(self.doc, default_specification=DRAFT202012)
        self.registry = Registry().with_resource("urn:sdkgen:merged", resource)

    def validator(self, where: str) -> jsonschema.Draft202012Validator:
        return jsonschema.Draft202012Validator({"$ref": "urn:sdkgen:merged" + where}, registry=self.registry)

    def operation(self, method: str, template: str) -> dict[str, Any]:
        found = self.doc["paths"].get(template, {}).get(method.lower())
        assert found, f"{method} {template} not in {self.out / 'openapi.json'}"
        return found


def _sdkgen() -> list[str]:
    """The sdkgen of the interpreter running the tests (not another one found on PATH)."""
    beside = Path(sys.executable).parent / "sdkgen"
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Generated]]:
    """Both packages, generated side by side with the CLI, importable for this module only."""
    base = tmp_path_factory.mktemp("corpus_examples")
    running = {}
    for corpus in CORPORA.values():
        specs = [arg for spec in corpus.specs for arg in ("--specs", spec)]
        command = [*_sdkgen(), "regenerate-sdk", "-q", *specs, "--out", str(base / corpus.key),
                   "--package", corpus.package, "--client-name", corpus.client]  # fmt: skip
        running[corpus.key] = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for key, process in running.items():
        output, _ = process.communicate(timeout=180)
        assert process.returncode == 0, f"{key}: {output.decode(errors='replace')}"
    folders = [str(base / key) for key in CORPORA]
    sys.path[:0] = folders
    try:
        result = {}
        for key, corpus in CORPORA.items():
            sdk = __import__(corpus.package)
            assert Path(sdk.__file__).resolve().parent == (base / key / corpus.package).resolve()
            doc = json.loads((base / key / "openapi.json").read_text(encoding="utf-8"))
            result[key] = Generated(corpus, base / key, sdk, doc)
        yield result
    finally:
        for folder in folders:
            sys.path.remove(folder)
        for corpus in CORPORA.values():
            for name in [m for m in sys.modules if m == corpus.package or m.startswith(corpus.package + ".")]:
                del sys.modules[name]


@pytest.fixture
def offline_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (*PROXY_VARIABLES, *(c.api_key_env for c in CORPORA.values())):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# -- `requests` examples: the recorded call (rule R1) ---------------------------------------


@dataclass(frozen=True)
class RequestsCall:
    method: str
    url: str
    params: Optional[dict[str, Any]]
    json: Any
    headers: dict[str, str]

    @property
    def full_url(self) -> str:
        return self.url + ("?" + urlencode(self.params, doseq=True) if self.params else "")


class _Recorder:
    """Stands in for the `requests` module: records each call, sends nothing."""

    def __init__(self) -> None:
        self.calls: list[RequestsCall] = []

    def request(self, method: str, url: str, *, params: Any = None, json: Any = None, headers: Any = None, **other: Any) -> Any:
        assert not other, f"requests arguments the test does not know: {sorted(other)}"
        self.calls.append(RequestsCall(method.upper(), url, params, json, dict(headers or {})))
        return SimpleNamespace(json=lambda: None, text="", status_code=200)

    def __getattr__(self, name: str) -> Any:
        if name in ("get", "post", "put", "patch", "delete", "head", "options"):
            return lambda url, **kw: self.request(name, url, **kw)
        raise AttributeError(name)


def record_requests_call(code: str) -> RequestsCall:
    tree = ast.parse(code)
    imports = [n for n in tree.body if isinstance(n, ast.Import) and [a.name for a in n.names] == ["requests"]]
    assert len(imports) == 1, "expected one `import requests`"
    tree.body.remove(imports[0])
    recorder = _Recorder()
    exec(compile(tree, "<requests example>", "exec"), {"requests": recorder, "print": lambda *a, **k: None})
    assert len(recorder.calls) == 1, recorder.calls
    return recorder.calls[0]


# -- from the example to the code that runs --------------------------------------------------


def template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^{}]+\})", template)
    return re.compile("".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts))


def find_operation(doc: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, str]]:
    """The path template of the operation `method path`, with the path parameters' values."""
    found = []
    for template, item in doc["paths"].items():
        match = template_regex(template).fullmatch(path)
        if match and method.lower() in item:
            found.append((template.count("{"), template, match.groupdict()))
    assert found, f"no operation for {method} {path}"
    found.sort()
    assert len(found) == 1 or found[0][0] < found[1][0], f"ambiguous: {found}"
    return found[0][1], found[0][2]


def resolved(schema: Any, doc: dict[str, Any]) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = resolve(schema["$ref"], doc)
    return schema


def sdk_method(gen: Generated, operation: dict[str, Any]) -> tuple[str, Any]:
    """The call's dotted name after `client.` and the generated method (on a throwaway client)."""
    dotted = ".".join(filter(None, (operation["x-sdkgen-resource"], operation["x-sdkgen-method"])))  # "": at the root
    target: Any = getattr(gen.sdk, gen.corpus.client)(api_key="unused")
    for part in dotted.split("."):
        target = getattr(target, part)
    return dotted, target


def snake(wire: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", wire).replace("-", "_").lower()


def bare_secret(value: str, doc: dict[str, Any]) -> str:
    """Rule R3: the credential the client takes, without the scheme word the merged document
    says the client puts in front (`Bearer <token>` -> `<token>`)."""
    for scheme in doc.get("components", {}).get("securitySchemes", {}).values():
        word = scheme.get("scheme") if scheme.get("type") == "http" else None
        if word and value.lower().startswith(word.lower() + " "):
            return value[len(word) + 1 :]
    return value


def argument_name(signature: inspect.Signature, wire: str) -> str:
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", wire).replace("-", "_").lower()
    for candidate in (wire, snake, wire + "_", snake + "_"):
        if candidate in signature.parameters:
            return candidate
    raise AssertionError(f"no argument for {wire!r} in {signature}")


def typed_query_value(text: str, schema: Any, doc: dict[str, Any]) -> Any:
    """Rule R2: the query text as the parameter's declared scalar type."""
    kinds = resolved(schema, doc).get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if "boolean" in kinds and text in ("true", "false"):
        return text == "true"
    if kinds & {"integer", "number"} and re.fullmatch(r"-?\d+", text):
        return int(text)
    if "number" in kinds and re.fullmatch(r"-?\d+\.\d*", text):
        return float(text)
    return text


def requests_source(example: CorpusExample, gen: Generated, base_url: str) -> str:
    """Rules R1-R4: the `requests` example as a call of the generated client."""
    call = record_requests_call(example.python.code)
    corpus = gen.corpus
    split = urlsplit(call.url)
    template, path_values = find_operation(gen.doc, call.method, split.path)
    assert (call.method, template) == (example.method, example.path_template)
    operation = gen.operation(call.method, template)
    dotted, method = sdk_method(gen, operation)
    signature = inspect.signature(method)
    by_name = {(p["in"], p["name"]): p for p in operation.get("parameters", [])}
    arguments: list[tuple[str, Any]] = []
    for wire, value in path_values.items():
        arguments.append((argument_name(signature, wire), value))
    query: dict[str, list[str]] = {}
    for wire, value in [*parse_qsl(split.query, keep_blank_values=True), *(call.params or {}).items()]:
        query.setdefault(wire, []).extend(value if isinstance(value, list) else [value])
    for wire, values in query.items():
        parameter = by_name[("query", wire)]
        typed = [typed_query_value(str(v), parameter["schema"], gen.doc) for v in values]
        is_array = resolved(parameter["schema"], gen.doc).get("type") == "array"
        arguments.append((argument_name(signature, wire), typed if is_array or len(typed) > 1 else typed[0]))
    api_key = None
    settings: dict[str, str] = {}
    constructor = inspect.signature(getattr(gen.sdk, corpus.client))
    for name, value in call.headers.items():
        if name.lower() == corpus.auth_header.lower():
            api_key = bare_secret(value, gen.doc)
        elif snake(name) in constructor.parameters:  # rule R5: a header the client sends on every call
            if value != constructor.parameters[snake(name)].default:
                settings[snake(name)] = value
        elif name.lower() != "content-type":
            arguments.append((argument_name(signature, name), value))
    assert api_key is not None, f"the example sends no {corpus.auth_header}"
    if call.json is not None:
        if "request" in signature.parameters and not (isinstance(call.json, dict) and "request" in call.json):
            arguments.append(("request", call.json))
        else:
            assert isinstance(call.json, dict)
            arguments.extend((argument_name(signature, k), v) for k, v in call.json.items())
    lines = [
        f"from {corpus.package} import {corpus.client}",
        "",
        f"client = {corpus.client}(api_key={api_key!r}, base_url={base_url!r}" + "".join(f", {k}={v!r}" for k, v in settings.items()) + ")",
        "",
        f"client.{dotted}(" + ", ".join(f"{k}={v!r}" for k, v in arguments) + ")",
    ]
    return "\n".join(lines) + "\n"


_EMPTY_KEYWORD = re.compile(r"(\b[A-Za-z_]\w*=)(\s*\n\s*\))")


class _Rewrite(ast.NodeTransformer):
    """Rules E1 and E2."""

    def __init__(self, corpus: Corpus, base_url: str) -> None:
        self.corpus = corpus
        self.base_url = base_url
        self.imports = self.base_urls = 0

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.ImportFrom:
        if node.module == self.corpus.sdk_module and node.level == 0:
            node.module = self.corpus.package
            self.imports += 1
        return node

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == self.corpus.client:
            for keyword in node.keywords:
                if keyword.arg == "base_url":
                    keyword.value = ast.copy_location(ast.Constant(self.base_url), keyword.value)
                    self.base_urls += 1
        return node


def sdk_source(example: CorpusExample, gen: Generated, base_url: str) -> str:
    """Rules E1-E4: the SDK example, pointed at the generated package and the server."""
    code = example.python.code
    if _EMPTY_KEYWORD.search(code):  # rule E3
        assert example.go.payload is not None, "an empty keyword argument but no Go body to fill it"
        body = json.loads(example.go.payload)
        code = _EMPTY_KEYWORD.sub(lambda m: m.group(1) + repr(body) + m.group(2), code, count=1)
    tree = ast.parse(code)
    rewrite = _Rewrite(gen.corpus, base_url)
    tree = rewrite.visit(tree)
    assert (rewrite.imports, rewrite.base_urls) == (1, 1), "expected one SDK import and one base_url"
    last = tree.body[-1]
    assert isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
    added = missing_files(example, gen, {k.arg for k in last.value.keywords})  # rule E4
    for name in added:
        last.value.keywords.append(ast.keyword(name, ast.Name("FILE_BYTES", ast.Load())))
    if added:
        tree.body.insert(1, ast.parse(f"FILE_BYTES = {FILE_BYTES!r}").body[0])
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def multipart_schema(gen: Generated, example: CorpusExample) -> Optional[dict[str, Any]]:
    body = gen.operation(example.method, example.path_template).get("requestBody") or {}
    schema = (body.get("content") or {}).get("multipart/form-data", {}).get("schema")
    return resolved(schema, gen.doc) if schema is not None else None


def missing_files(example: CorpusExample, gen: Generated, given: set[Optional[str]]) -> list[str]:
    schema = multipart_schema(gen, example)
    if schema is None:
        return []
    properties = schema.get("properties") or {}
    return [
        name for name in schema.get("required") or []
        if resolved(properties.get(name, {}), gen.doc).get("format") == "binary" and name not in given
    ]  # fmt: skip


def example_source(example: CorpusExample, generated: dict[str, Generated], base_url: str) -> str:
    gen = generated[example.corpus]
    if example.style == "requests":
        return requests_source(example, gen, base_url)
    return sdk_source(example, gen, base_url)


_ASYNC_MAIN = f"""
async def __example_main__():
    try:
        return await {RESULT}
    finally:
        for value in list(globals().values()):
            if type(value).__name__ == "Async" + CLIENT_NAME:
                await value.aclose()

{RESULT} = asyncio.run(__example_main__())
"""


def run_source(code: str, filename: str, corpus: Corpus, mode: str) -> tuple[Any, dict[str, Any]]:
    """Run the code; the value of its final expression and its namespace.

    Rule A1 (mode "async"): the client class is imported as `Async<Client> as <Client>`, and
    the final call is awaited in `asyncio.run`, which then closes the clients.
    """
    tree = ast.parse(code)
    last = tree.body[-1]
    assert isinstance(last, ast.Expr)
    tree.body[-1] = ast.copy_location(ast.Assign(targets=[ast.Name(RESULT, ast.Store())], value=last.value), last)
    if mode == "async":
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == corpus.package:
                node.names = [ast.alias("Async" + a.name, a.name) if a.name == corpus.client else a for a in node.names]
        tree.body[:0] = ast.parse(f"import asyncio\nCLIENT_NAME = {corpus.client!r}").body
        tree.body.extend(ast.parse(_ASYNC_MAIN).body)
    namespace: dict[str, Any] = {"__name__": "__corpus_example__"}
    try:
        exec(compile(ast.fix_missing_locations(tree), filename, "exec"), namespace)
    finally:
        for value in list(namespace.values()):  # close the example's clients (keep-alive sockets)
            if type(value).__name__ == corpus.client and hasattr(value, "close"):
                value.close()
    return namespace[RESULT], namespace


# -- bodies ----------------------------------------------------------------------------------


def multipart_fields(body: bytes, content_type: str) -> list[tuple[str, bool]]:
    """(name, is a file) of each part of a multipart/form-data body, in order."""
    found = re.search(r'boundary="?([^";]+)"?', content_type)
    assert found, content_type
    delimiter = b"--" + found.group(1).encode()
    chunks = body.split(delimiter)
    assert chunks[0].strip() == b"", f"text before the first boundary: {chunks[0][:80]!r}"
    fields = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        head = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")[0].decode("latin-1")
        disposition = next(line for line in head.split("\r\n") if line.lower().startswith("content-disposition:"))
        name = re.search(r'\bname="([^"]*)"', disposition)
        assert name, disposition
        fields.append((name.group(1), "filename=" in disposition))
    else:
        raise AssertionError("no closing boundary")
    return fields


def compare_json(expected: Any, sent: Any, allowed: set[str], where: str = "") -> set[str]:
    """Assert `sent` is `expected` up to rules C2 and C3; the pointers of C3 members used."""
    used: set[str] = set()
    if isinstance(expected, dict) and isinstance(sent, dict):
        for key in expected.keys() | sent.keys():
            here = f"{where}/{key}"
            if key not in sent:
                assert expected[key] is None or here in allowed, f"{here}: in the Go example, not sent"
                used |= {here} & allowed
            else:
                assert key in expected, f"{here}: sent, not in the Go example"
                used |= compare_json(expected[key], sent[key], allowed, here)
    elif isinstance(expected, list) and isinstance(sent, list):
        assert len(expected) == len(sent), f"{where}: {len(sent)} items sent, {len(expected)} in the Go example"
        for index, (a, b) in enumerate(zip(expected, sent)):
            used |= compare_json(a, b, allowed, f"{where}/{index}")
    else:
        assert type(expected) is type(sent) and expected == sent, f"{where}: sent {sent!r}, Go {expected!r}"
    return used


def expected_query(example: CorpusExample, gen: Generated) -> list[tuple[str, str]]:
    """The Go example's query pairs, with rule C1."""
    operation = gen.operation(example.method, example.path_template)
    arrays = {
        p["name"] for p in operation.get("parameters", [])
        if p["in"] == "query" and resolved(p["schema"], gen.doc).get("type") == "array"
    }  # fmt: skip
    pairs = []
    for name, value in example.go.query:
        if name in arrays and value.startswith("["):
            items = json.loads(value)
            assert isinstance(items, list)
            pairs.extend((name, item if isinstance(item, str) else json.dumps(item)) for item in items)
        else:
            pairs.append((name, value))
    return sorted(pairs)


def request_body_schema(gen: Generated, example: CorpusExample, media_type: str) -> tuple[dict[str, Any], str]:
    operation = gen.operation(example.method, example.path_template)
    content = (operation.get("requestBody") or {}).get("content") or {}
    assert media_type in content, f"{example.method} {example.path_template} takes {sorted(content)}, not {media_type}"
    where = pointer("paths", example.path_template, example.method.lower(), "requestBody", "content", media_type, "schema")
    return content[media_type]["schema"], where


# -- responses -----------------------------------------------------------------------------------


def success(gen: Generated, example: CorpusExample) -> tuple[str, Optional[dict[str, Any]], str]:
    """The success status, its JSON schema (None when it has no JSON content) and its pointer."""
    responses = gen.operation(example.method, example.path_template)["responses"]
    status = "200" if "200" in responses else min(s for s in responses if s.startswith("2"))
    content = responses[status].get("content") or {}
    json_type = next((t for t in content if t == "application/json" or t.endswith("+json")), None)
    if json_type is None:
        return status, None, ""
    where = pointer("paths", example.path_template, example.method.lower(), "responses", status, "content", json_type, "schema")
    return status, content[json_type]["schema"], where


def response_payload(gen: Generated, schema: dict[str, Any], where: str) -> Any:
    """The richest sample of the response schema that the schema accepts."""
    if where not in gen.payloads:
        validator = gen.validator(where)
        candidates = samples(schema, gen.doc)
        valid = [c for c in candidates if validator.is_valid(c)]
        assert valid, f"no valid sample among {len(candidates)} for {where}"
        gen.payloads[where] = max(valid, key=lambda c: len(json.dumps(c, sort_keys=True)))
    return gen.payloads[where]


# -- the examples of the generated packages' README.md and reference.md ----------------------

# Examples per package: (reference.md, one per method; README.md).
PACKAGE_EXAMPLES = {"el": (91, 7), "dg": (14, 5), "fv": (73, 5)}


@pytest.mark.parametrize("key", sorted(CORPORA))
def test_package_docs_examples_run(key: str, generated: dict[str, Generated], tmp_path: Path) -> None:
    """Every example of the package's README.md and reference.md, run unchanged against the
    local server with only the environment set (package_examples.py)."""
    gen = generated[key]
    counts = run_counted(gen.out, gen.corpus.client, {gen.corpus.api_key_env: "test-key"}, tmp_path)
    assert (counts["reference"], counts["readme"]) == PACKAGE_EXAMPLES[key]


# -- the example-run test ----------------------------------------------------------------------


def test_every_corpus_page_has_its_examples() -> None:
    pages = {key: {e.page for e in EXAMPLES if e.corpus == key} for key in CORPORA}
    assert {key: len(found) for key, found in pages.items()} == EXPECTED_PAGES
    for key, corpus in CORPORA.items():
        assert pages[key] == set(corpus.pages.rglob("*.md")), "a page without a Python example"
    assert {e.style for e in EXAMPLES if e.corpus == "el"} == {"sdk"}
    assert {e.style for e in EXAMPLES if e.corpus == "dg"} == {"requests"}
    assert set(PAGE_DISCREPANCIES) <= set(BY_ID)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("example", params(RUN_XFAIL))
def test_corpus_example(
    example: CorpusExample, mode: str, generated: dict[str, Generated], offline_env: pytest.MonkeyPatch
) -> None:
    gen = generated[example.corpus]
    corpus = gen.corpus
    go = example.go
    api_key = go.header(corpus.auth_header)
    assert api_key is not None, f"the Go example sends no {corpus.auth_header}"
    assert go.method == example.method
    assert template_regex(example.path_template).fullmatch(go.path), (go.path, example.path_template)
    if example.style == "requests":  # rule R1: the page's two requests agree
        call = record_requests_call(example.python.code)
        assert (call.method, call.full_url) == (go.method, go.url)
        assert call.headers == dict(go.headers)
        assert call.json == (json.loads(go.payload) if go.payload is not None else None)
    else:
        offline_env.setenv(corpus.api_key_env, api_key)  # rule E2

    # The example's body is valid in the merged document and in the request model.
    content_type = go.header("content-type")
    media_type = content_type.split(";")[0].strip().lower() if content_type else None
    go_body: Any = None
    if go.payload is not None:
        assert media_type is not None, "a Go body without a Content-Type"
        schema, where = request_body_schema(gen, example, media_type)
        if media_type == "application/json":
            go_body = json.loads(go.payload)
            gen.validator(where).validate(go_body)
            if "$ref" in schema:
                model = getattr(gen.sdk.models, schema["$ref"].rsplit("/", 1)[1])
                value = TypeAdapter(model).validate_python(go_body)
                dumped = TypeAdapter(model).dump_python(value, mode="json", by_alias=True, exclude_unset=True)
                assert dumped == go_body
        else:
            assert media_type == "multipart/form-data", media_type
            go_fields = multipart_fields(go.payload.encode(), content_type or "")
            form = {name: "<file>" if is_file else "<text>" for name, is_file in go_fields}
            form.update({name: "<file>" for name in missing_files(example, gen, set(form))})  # rule E4
            gen.validator(where).validate(form)

    status, schema, where = success(gen, example)
    with serving(max_requests=3, socket_timeout=5.0) as server:
        if status == "204":
            payload: Any = None
            server.enqueue(Response(204))
        elif schema is None:
            payload = AUDIO
            server.enqueue(Response.binary(AUDIO, "audio/mpeg"))
        else:
            payload = response_payload(gen, schema, where)
            server.enqueue(Response.json(payload))
        code = example_source(example, generated, server.url)
        result, namespace = run_source(code, f"{example.page}:{example.python.line}", corpus, mode)

    # The request is the Go example's request.
    assert len(server.requests) == 1, [(r.method, r.target) for r in server.requests]
    sent: RecordedRequest = server.requests[0]
    assert sent.method == go.method
    assert sent.path == go.path
    assert sorted(sent.query) == expected_query(example, gen)
    assert sent.header_values(corpus.auth_header) == [api_key]
    for name, value in go.headers:
        if name.lower() == "content-type":
            assert sent.media_type == media_type, sent.headers
        elif name.lower() != corpus.auth_header.lower():
            assert sent.header(name) == value, (name, sent.headers)
    if go.payload is None:
        assert sent.body == b"", sent.body
        assert sent.header("transfer-encoding") is None
    elif media_type == "application/json":
        assert sent.media_type == "application/json", sent.headers
        allowed = PAGE_DISCREPANCIES.get(example.id, set())
        used = compare_json(go_body, sent.json(), allowed)
        assert used == allowed, f"page discrepancies listed but not seen: {allowed - used}"
        gen.validator(request_body_schema(gen, example, media_type)[1]).validate(sent.json())
    else:
        assert sent.media_type == "multipart/form-data", sent.headers
        expected = multipart_fields(go.payload.encode(), content_type or "")
        expected += [(name, True) for name in missing_files(example, gen, {n for n, _ in expected})]
        assert sorted(multipart_fields(sent.body, sent.header("content-type") or "")) == sorted(expected)

    # The result is the payload, as the declared type.
    method = eval(final_call(code), namespace)
    declared = typing.get_type_hints(method, include_extras=True)["return"]
    if status == "204":
        assert result is None
        return
    if schema is None:
        assert declared is bytes
        assert isinstance(result, bytes) and result == AUDIO
        return
    if "$ref" in schema and schema["$ref"].startswith("#/components/schemas/"):
        assert declared == getattr(gen.sdk.models, schema["$ref"].rsplit("/", 1)[1], None), declared
    if isinstance(declared, type) and issubclass(declared, BaseModel):
        assert isinstance(result, declared), type(result)
        dumped = result.model_dump(mode="json", by_alias=True, exclude_unset=True)
    else:
        dumped = TypeAdapter(declared).dump_python(result, mode="json", by_alias=True, exclude_unset=True)
    assert dumped == payload


# -- the examples type-check -------------------------------------------------------------------


@pytest.fixture(scope="module")
def type_errors(generated: dict[str, Generated], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """mypy's errors for each example as it is run (one mypy run for all of them)."""
    folder = tmp_path_factory.mktemp("corpus_example_sources")
    files = {}
    for number, example in enumerate(EXAMPLES):
        path = folder / f"example_{number:03d}.py"
        path.write_text(example_source(example, generated, MYPY_BASE_URL), encoding="utf-8")
        files[path.name] = example.id
    environment = {**os.environ, "MYPYPATH": os.pathsep.join(str(g.out) for g in generated.values())}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", mypy_cache_dir(), "--no-error-summary",
         "--show-error-codes", "--hide-error-context", *sorted(files)],
        cwd=folder, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    errors: dict[str, list[str]] = {ident: [] for ident in files.values()}
    for line in result.stdout.splitlines():
        name = line.split(":", 1)[0]
        assert name in files, f"mypy reports on something else than the examples: {line}"
        errors[files[name]].append(line)
    assert result.returncode in (0, 1) and not result.stderr.strip(), result.stderr
    return errors


@pytest.mark.parametrize("example", params(TYPECHECK_XFAIL))
def test_corpus_example_type_checks(example: CorpusExample, type_errors: dict[str, list[str]]) -> None:
    assert type_errors[example.id] == []
