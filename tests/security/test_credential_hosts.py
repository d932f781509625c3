"""Credentials go to the API's own host only (issue 25, item 3).

Before, an operation's own `servers` host counted as the same API when its last two labels
matched the API's, so `collector.evil.co.uk` beside `api.acme.co.uk` (or `evil.github.io`
beside `acme.github.io`) got the API key. Now every operation's own server is honoured, but
the credentials go only to the base URL's host, exactly, and to the hosts listed in
`credential_hosts` of `[tool.sdkgen]`; any other host is a warning naming the operation and
the host, and the generated call carries no credential. The wire is checked on a real
server on 127.0.0.1: the client's http_client has a transport that sends every request there,
whatever its host, keeping its Host header.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.settings import Settings, SettingsError, resolve_settings
from http_server import Response, serving

KEY = "k-secret"


def document(api: str, other: str) -> str:
    """An API on `api` whose operation `collector.collect` names a server of its own, `other`;
    its key goes in the X-Api-Key header."""
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
    return json.dumps(
        {
            "openapi": "3.1.0",
            "info": {"title": "Acme", "version": "1"},
            "servers": [{"url": f"https://{api}"}],
            "security": [{"key": []}],
            "paths": {
                "/v1/things": {"get": {"operationId": "list", "tags": ["things"], "responses": ok}},
                "/v1/collect": {"post": {"operationId": "collect", "tags": ["collector"], "servers": [{"url": f"https://{other}/"}], "responses": ok}},
            },
            "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}},
        }
    )


def generate(tmp: Path, monkeypatch: pytest.MonkeyPatch, text: str, package: str, pyproject: str = "") -> tuple[int, str, Path]:
    (tmp / "specs").mkdir(parents=True, exist_ok=True)
    (tmp / "specs" / "acme.json").write_text(text, encoding="utf-8")
    if pyproject:
        (tmp / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    monkeypatch.chdir(tmp)  # the settings are read from ./pyproject.toml
    out = tmp / "out"
    result = CliRunner().invoke(main, ["regenerate-sdk", "--specs", "specs", "--out", str(out), "--package", package, "--client-name", "Acme"])
    return result.exit_code, result.stderr, out


@pytest.fixture
def load() -> Iterator[Any]:
    loaded: list[tuple[Path, str]] = []

    def load_package(out: Path, package: str) -> Any:
        sys.path.insert(0, str(out))
        loaded.append((out, package))
        try:
            return importlib.import_module(package)
        finally:
            sys.path.remove(str(out))

    yield load_package
    for _, package in loaded:
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


class ToLocal(httpx.BaseTransport):
    """Sends every request to 127.0.0.1:`port` over plain HTTP; the Host header stays the URL's."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncToLocal(httpx.AsyncBaseTransport):
    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def sent_keys(module: Any, mode: str) -> dict[str, str | None]:
    """Host → the X-Api-Key the server received from it, calling `things.list` (the API's
    host) then `collector.collect` (the operation's own) with the client as generated."""
    with serving(lambda request: Response.json({}), max_requests=2) as server:
        if mode == "sync":
            with module.Acme(api_key=KEY, http_client=httpx.Client(transport=ToLocal(server.port))) as client:
                client.things.list()
                client.collector.collect()
        else:

            async def calls() -> None:
                async with module.AsyncAcme(api_key=KEY, http_client=httpx.AsyncClient(transport=AsyncToLocal(server.port))) as client:
                    await client.things.list()
                    await client.collector.collect()

            asyncio.run(calls())
    return {str(request.header("Host")): request.header("X-Api-Key") for request in server.requests}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_host_of_another_owner_in_the_same_two_labels_gets_no_credential(tmp_path, monkeypatch, load, mode):
    code, stderr, out = generate(tmp_path, monkeypatch, document("api.acme.co.uk", "collector.evil.co.uk"), f"acme_{mode}")
    assert code == 0, stderr
    assert (
        """warning: operation "collector.collect" is served by 'collector.evil.co.uk', not by the API's host 'api.acme.co.uk': """
        "credentials are not sent to 'collector.evil.co.uk'; add it to credential_hosts in [tool.sdkgen] if it is the API's"
    ) in stderr
    client = (out / f"acme_{mode}" / "_client.py").read_text(encoding="utf-8")
    assert client.count('server="https://collector.evil.co.uk",\n            credentials=False,') == 2  # sync and async
    assert sent_keys(load(out, f"acme_{mode}"), mode) == {"api.acme.co.uk": KEY, "collector.evil.co.uk": None}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_host_in_credential_hosts_gets_the_credential(tmp_path, monkeypatch, load, mode):
    pyproject = '[tool.sdkgen]\ncredential_hosts = ["Collector.Evil.co.uk"]\n'
    code, stderr, out = generate(tmp_path, monkeypatch, document("api.acme.co.uk", "collector.evil.co.uk"), f"acme_trusted_{mode}", pyproject)
    assert code == 0, stderr
    assert "credentials are not sent" not in stderr
    client = (out / f"acme_trusted_{mode}" / "_client.py").read_text(encoding="utf-8")
    assert 'server="https://collector.evil.co.uk"' in client and "credentials=False" not in client
    assert sent_keys(load(out, f"acme_trusted_{mode}"), mode) == {"api.acme.co.uk": KEY, "collector.evil.co.uk": KEY}


@pytest.mark.parametrize(
    ("api", "other"),
    [("acme.github.io", "evil.github.io"), ("acme.herokuapp.com", "evil.herokuapp.com"), ("api.acme.com", "uploads.acme.com"), ("api.acme.com", "api.acme.com.evil.net")],
)
def test_only_the_exact_host_counts_as_the_apis(tmp_path, monkeypatch, api, other):
    package = "acme_" + other.replace(".", "_").replace("-", "_")
    code, stderr, out = generate(tmp_path, monkeypatch, document(api, other), package)
    assert code == 0, stderr
    assert f"credentials are not sent to {other!r}" in stderr
    assert "credentials=False" in (out / package / "_client.py").read_text(encoding="utf-8")


def test_an_operation_on_the_apis_own_host_needs_nothing(tmp_path, monkeypatch):
    code, stderr, out = generate(tmp_path, monkeypatch, document("api.acme.com", "api.acme.com/v2"), "acme_same_host")
    assert code == 0, stderr
    client = (out / "acme_same_host" / "_client.py").read_text(encoding="utf-8")
    assert 'server="https://api.acme.com/v2"' in client and "credentials=False" not in client
    assert "warning" not in stderr


@pytest.mark.parametrize(
    "value",
    ['"api.acme.com"', '["https://api.acme.com"]', '["api.acme.com/v1"]', '["api.acme.com:443"]', "[1]", '["a..b"]'],
)
def test_credential_hosts_takes_a_list_of_host_names(tmp_path, value):
    (tmp_path / "pyproject.toml").write_text(f"[tool.sdkgen]\ncredential_hosts = {value}\n", encoding="utf-8")
    problem = resolve_settings(tmp_path, {})
    assert isinstance(problem, SettingsError) and "credential_hosts must be a list of host names" in problem.message


def test_credential_hosts_are_read_lower_case_without_a_final_dot(tmp_path):
    assert Settings().credential_hosts == ()
    (tmp_path / "pyproject.toml").write_text('[tool.sdkgen]\ncredential_hosts = ["Upload.Acme.com.", "[::1]"]\n', encoding="utf-8")
    settings = resolve_settings(tmp_path, {})
    assert isinstance(settings, Settings) and settings.credential_hosts == ("upload.acme.com", "[::1]")
