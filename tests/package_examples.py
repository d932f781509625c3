"""Running the examples of a generated package's README.md and reference.md.

Every ```python block of both files is run unchanged, in a fresh namespace, with only the
environment set: `$<CLIENT>_BASE_URL` points the client at a local server on 127.0.0.1 and
the credential variables hold a test key; the working directory is a scratch folder holding
every file an example opens. The server checks each request against the operation of the
merged document it calls (method and path template, path, query and header parameters,
the JSON body with jsonschema, multipart field names, the credential) and answers with a
sampled instance of the success response that the schema accepts (an event stream, bytes or
nothing where the operation answers so).
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

from http_server import RecordedRequest, Response, serving
from instances import resolve, samples
from oracle import openapi_validator_for

STREAM_KEY = "x-sdkgen-stream"
_FENCE = re.compile(r"^(?P<fence>`{3,})python\n(?P<code>.*?)\n(?P=fence)$", re.M | re.S)
_OPENED = re.compile(r"open\(\s*\"([^\"/\\]+)\"")


def python_blocks(markdown: str) -> list[str]:
    return [m.group("code") + "\n" for m in _FENCE.finditer(markdown)]


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def pointer(*parts: str) -> str:
    return "".join("/" + escape(str(p)) for p in parts)


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^{}]+\})", template)
    return re.compile("".join("(?P<p%d>[^/]+)" % i if p.startswith("{") else re.escape(p) for i, p in enumerate(parts)))


def _typed(text: str, schema: Any, doc: dict[str, Any]) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = resolve(schema["$ref"], doc)
    kinds = schema.get("type") if isinstance(schema, dict) else None
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if "boolean" in kinds and text in ("true", "false"):
        return text == "true"
    if kinds & {"integer", "number"} and re.fullmatch(r"-?\d+", text):
        return int(text)
    if "number" in kinds and re.fullmatch(r"-?\d+(\.\d*)?(e-?\d+)?", text):
        return float(text)
    if "array" in kinds:
        return [text]
    return text


@dataclass
class Checker:
    """The server's handler: every request checked against the merged document, answered."""

    doc: dict[str, Any]
    seen: list[str] = field(default_factory=list)  # "GET /template" of every request checked
    payloads: dict[str, Any] = field(default_factory=dict)

    def operation(self, request: RecordedRequest) -> tuple[str, dict[str, Any], dict[str, str]]:
        path = request.path.split("?")[0]
        found = []
        for template, item in self.doc["paths"].items():
            match = _template_regex(template).fullmatch(path)
            if match and request.method.lower() in item:
                names = re.findall(r"\{([^{}]+)\}", template)
                found.append((template.count("{"), template, dict(zip(names, (unquote(v) for v in match.groups())))))
        assert found, f"no operation for {request.method} {path}"
        found.sort(key=lambda f: f[0])
        _, template, values = found[0]
        return template, self.doc["paths"][template][request.method.lower()], values

    def validate(self, where: str, instance: Any, what: str) -> None:
        errors = list(openapi_validator_for(self.doc, where).iter_errors(instance))
        assert not errors, f"{what}: {errors[0].message} (at {list(errors[0].absolute_path)})"

    def __call__(self, request: RecordedRequest) -> Response:
        template, operation, path_values = self.operation(request)
        method = request.method.lower()
        self.seen.append(f"{request.method} {template}")
        base = ("paths", template, method)
        credential = self.credential_names()
        parameters = operation.get("parameters") or []
        for value in path_values.values():
            assert value, "an empty path parameter"
        sent_query: dict[str, list[str]] = {}
        for name, value in request.query:
            sent_query.setdefault(name, []).append(value)
        for index, parameter in enumerate(parameters):
            name, place = parameter["name"], parameter["in"]
            where = pointer(*base, "parameters", str(index), "schema")
            if place == "path":
                assert name in path_values, f"path parameter {name} missing"
                self.validate(where, _typed(path_values[name], parameter.get("schema"), self.doc), f"path {name}")
            elif place == "query":
                if name not in sent_query:
                    assert not parameter.get("required"), f"required query parameter {name} not sent"
                    continue
                values = [_typed(v, parameter.get("schema"), self.doc) for v in sent_query[name]]
                value: Any = values[0] if len(values) == 1 and not isinstance(values[0], list) else [
                    v for item in values for v in (item if isinstance(item, list) else [item])
                ]
                self.validate(where, value, f"query {name}")
            elif place == "header" and parameter.get("required") and name.lower() not in credential:
                assert request.header(name) is not None, f"required header {name} not sent"
        declared = {p["name"] for p in parameters if p["in"] == "query"} | credential
        unknown = set(sent_query) - declared
        assert not unknown, f"query parameters the operation does not take: {sorted(unknown)}"
        if credential:
            assert any(request.header(n) is not None for n in credential) or set(sent_query) & credential, "no credential sent"
        self.check_body(request, operation, base)
        return self.answer(request, operation, base)

    def credential_names(self) -> set[str]:
        names = set()
        for scheme in ((self.doc.get("components") or {}).get("securitySchemes") or {}).values():
            if scheme.get("type") == "apiKey":
                names.add(scheme["name"] if scheme.get("in") == "query" else scheme["name"].lower())
            elif scheme.get("type") == "http":
                names.add("authorization")
        return names

    def check_body(self, request: RecordedRequest, operation: dict[str, Any], base: tuple[str, ...]) -> None:
        views = [(operation, base)]
        if isinstance(operation.get(STREAM_KEY), dict):
            views.append((operation[STREAM_KEY], (*base, STREAM_KEY)))
        bodies = [(v.get("requestBody"), b) for v, b in views if v.get("requestBody")]
        if not request.body:
            assert not any(body.get("required") for body, _ in bodies), "a required body not sent"
            return
        assert bodies, "a body sent to an operation that takes none"
        media = request.media_type or ""
        problems = []
        for body, where in bodies:
            content = body.get("content") or {}
            if media not in content:
                problems.append(f"{media} not in {sorted(content)}")
                continue
            schema_at = pointer("paths", *where[1:], "requestBody", "content", media, "schema")
            try:
                if media == "application/json" or media.endswith("+json"):
                    self.validate(schema_at, json.loads(request.body), "JSON body")
                elif media == "multipart/form-data":
                    self.check_multipart(request, content[media].get("schema"))
                return
            except AssertionError as exc:
                problems.append(str(exc))
        raise AssertionError("; ".join(problems))

    def check_multipart(self, request: RecordedRequest, schema: Any) -> None:
        while isinstance(schema, dict) and "$ref" in schema:
            schema = resolve(schema["$ref"], self.doc)
        found = re.search(r'boundary="?([^";]+)"?', request.header("content-type") or "")
        assert found, "multipart without a boundary"
        names = set(re.findall(rb'[;\s]name="([^"]*)"', request.body))
        fields = {n.decode() for n in names}
        properties = set((schema or {}).get("properties") or {})
        assert fields <= properties or (schema or {}).get("additionalProperties") not in (None, False), f"fields {sorted(fields - properties)} not in the schema"
        missing = set((schema or {}).get("required") or []) - fields
        assert not missing, f"required fields not sent: {sorted(missing)}"

    def answer(self, request: RecordedRequest, operation: dict[str, Any], base: tuple[str, ...]) -> Response:
        events = "text/event-stream" in (request.header("accept") or "")
        view, where = (operation[STREAM_KEY], (*base, STREAM_KEY)) if events and isinstance(operation.get(STREAM_KEY), dict) else (operation, base)
        responses = view.get("responses") or {}
        status = "200" if "200" in responses else min((s for s in responses if s.startswith("2")), default="200")
        content = (responses.get(status) or {}).get("content") or {}
        if status == "204" or not content:
            return Response(int(status))
        if events and "text/event-stream" in content:
            data = self.sample(pointer("paths", *where[1:], "responses", status, "content", "text/event-stream", "schema"), content["text/event-stream"].get("schema"))
            return Response(int(status), {"Content-Type": "text/event-stream"}, f"data: {json.dumps(data)}\n\n".encode())
        media = next((t for t in content if t == "application/json" or t.endswith("+json")), None)
        if media is None:
            kind = next(iter(content))
            body = b"hello" if kind.startswith("text/") else b"ID3\x04\x00" + bytes(range(64))
            return Response.binary(body, "application/octet-stream" if "*" in kind else kind, int(status))
        schema_at = pointer("paths", *where[1:], "responses", status, "content", media, "schema")
        return Response.json(self.sample(schema_at, content[media].get("schema")), int(status))

    def sample(self, where: str, schema: Any) -> Any:
        if where not in self.payloads:
            validator = openapi_validator_for(self.doc, where)
            valid = [c for c in samples(schema, self.doc) if validator.is_valid(c)]
            assert valid, f"no valid sample for {where}"
            self.payloads[where] = max(valid, key=lambda c: len(json.dumps(c, sort_keys=True)))
        return self.payloads[where]


@dataclass(frozen=True)
class ExampleRun:
    source: str  # "README.md#2", "reference.md#7"
    requests: int


def package_examples(out: Path) -> list[tuple[str, str]]:
    """(where, code) of every python block of README.md and reference.md in `out`."""
    found = []
    for name in ("README.md", "reference.md"):
        for number, code in enumerate(python_blocks((out / name).read_text(encoding="utf-8")), start=1):
            found.append((f"{name}#{number}", code))
    return found


@contextlib.contextmanager
def _environment(values: dict[str, str], cwd: Path) -> Iterator[None]:
    saved = dict(os.environ)
    before = Path.cwd()
    os.environ.update(values)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)
        os.environ.clear()
        os.environ.update(saved)


def run_package_examples(out: Path, client: str, env: dict[str, str], scratch: Path) -> list[ExampleRun]:
    """Run every example of `out`'s README.md and reference.md against a checking server
    (`client`: the client class, whose name gives the environment variables' prefix)."""
    doc = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
    prefix = re.sub(r"[^A-Z0-9]", "", client.upper())
    checker = Checker(doc)
    runs = []
    scratch.mkdir(parents=True, exist_ok=True)
    with serving(checker, max_requests=10_000) as server:
        for where, code in package_examples(out):
            for name in _OPENED.findall(code):
                (scratch / name).write_bytes(b"ID3\x04\x00" + bytes(range(64)))
            before = len(checker.seen)
            with _environment({f"{prefix}_BASE_URL": server.url, **env}, scratch):
                namespace: dict[str, Any] = {"__name__": "__example__"}
                try:
                    exec(compile(ast.parse(code), f"{out.name}/{where}", "exec"), namespace)
                except BaseException as exc:
                    raise AssertionError(f"{where} failed: {exc!r}\n{code}") from exc
                finally:
                    for value in namespace.values():
                        if type(value).__name__ == client and hasattr(value, "close"):
                            value.close()
            assert len(checker.seen) > before, f"{where} sent no request:\n{code}"
            runs.append(ExampleRun(where, len(checker.seen) - before))
    return runs


def expected_example_count(out: Path) -> tuple[int, int]:
    """(methods, README blocks): one reference example per method of the client, counted from
    the document (an operation with a streaming view is two methods)."""
    doc = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
    methods = sum(
        1 + isinstance(operation.get(STREAM_KEY), dict)
        for item in doc["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "responses" in operation
    )
    readme = len(python_blocks((out / "README.md").read_text(encoding="utf-8")))
    return methods, readme


def run_counted(out: Path, client: str, env: dict[str, str], scratch: Path) -> dict[str, int]:
    runs = run_package_examples(out, client, env, scratch)
    methods, readme = expected_example_count(out)
    assert len(runs) == methods + readme, f"{len(runs)} examples run, {methods} methods + {readme} README examples"
    return {"reference": sum(1 for r in runs if r.source.startswith("reference")), "readme": readme}

