"""Helpers for the wire tests of the real documents (../shared/corpus/openapi-real): generate
a package once per test module, call it (sync or async) against the local server on
127.0.0.1, and give back what arrived."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from client_calls import collect
from conftest import CORPUS, ROOT
from http_server import RecordedRequest, Response, serving
from instances import samples

REAL = CORPUS / "openapi-real"
MODES = pytest.mark.parametrize("mode", ["sync", "async"])
ITEM_IDS = [f"p{n}-{x}" for n in (1, 2, 3) for x in "ab"]  # three pages of two items


def _sdkgen() -> list[str]:
    """The sdkgen of the interpreter running the tests (not another one found on PATH)."""
    beside = Path(sys.executable).parent / "sdkgen"
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]


def generated(tmp_path_factory: pytest.TempPathFactory, spec: Path, package: str, client_name: str) -> Iterator[Any]:
    """The package generated from `spec` into a temporary folder, imported (for a module-scoped fixture)."""
    if not spec.exists():
        pytest.skip(f"{spec} not present")
    out = tmp_path_factory.mktemp(package) / "out"
    command = [*_sdkgen(), "regenerate-sdk", "--specs", str(spec), "--out", str(out), "--package", package, "--client-name", client_name, "-q"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


def exchange(
    sdk: Any,
    client_name: str,
    mode: str,
    action: Callable[[Any], Any],
    handler: Callable[[RecordedRequest, str], Response],
    count: int = 1,
    base_path: str = "",
    **client_arguments: Any,
) -> tuple[Any, list[RecordedRequest]]:
    """`action(client)` (iterators collected), each request answered by `handler(request,
    server_url)`; the result and the `count` requests that arrived."""
    with serving(lambda request: handler(request, server.url), max_requests=count + 1, socket_timeout=5.0) as server:

        def make(is_async: bool) -> Any:
            kind = getattr(sdk, ("Async" if is_async else "") + client_name)
            return kind(base_url=server.url + base_path, max_retries=0, timeout=5, **client_arguments)

        result = collect(mode, make, action)
    assert len(server.requests) == count, [r.target for r in server.requests]
    return result, list(server.requests)


def answer(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Callable[[RecordedRequest, str], Response]:
    """A handler giving every request the same JSON answer."""
    return lambda request, url: Response.json(value, status=status, headers=headers)


def document_of(sdk: Any) -> dict[str, Any]:
    """The merged document written beside the package."""
    return json.loads((Path(sdk.__file__).parent.parent / "openapi.json").read_text(encoding="utf-8"))


def sample(sdk: Any, name: str, /, **fields: Any) -> dict[str, Any]:
    """A schema-valid instance of the component schema `name` (of the package's merged
    document), with `fields` set over it."""
    document = document_of(sdk)
    found = max((s for s in samples({"$ref": f"#/components/schemas/{name}"}, document) if isinstance(s, dict)), key=len)
    return {**found, **fields}
