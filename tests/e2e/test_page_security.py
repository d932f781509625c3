"""A Fern page that says its endpoint takes no credential (`security: []`, a ping) among pages
that send one in a header (issue 26, item 4): the header is still the client's credential,
and the ping goes out without it, sync and async, against the local server."""

from __future__ import annotations

import asyncio
import importlib
import sys

import pytest

from conftest import FIXTURES
from generator.common.diagnostics import Diagnostics
from generator.output.output_dir import replace_tree
from generator.pipeline import build_sdk
from generator.settings import Settings
from http_server import Response, serving

PAGES = FIXTURES / "pages_security"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("pages_security") / "out"
    diagnostics = Diagnostics()
    built = build_sdk(Settings(specs=(str(PAGES),), package="pagesec_sdk", client_name="Acme"), diagnostics)
    assert built is not None, [str(d) for d in diagnostics.items]
    replace_tree(out, built.files)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("pagesec_sdk")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == "pagesec_sdk"]:
            del sys.modules[name]


def handler(request):  # type: ignore[no-untyped-def]
    body = b'{"ok": true}' if request.path == "/v1/ping" else b'{"text": "Bonjour"}'
    return Response(200, {"content-type": "application/json"}, body)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_ping_goes_without_the_key_and_the_others_with_it(package, mode: str) -> None:  # type: ignore[no-untyped-def]
    with serving(handler) as server:
        if mode == "sync":
            with package.Acme(api_subscription_key="k-1", base_url=server.url) as client:
                client.health.ping()
                client.text.translate(input="Hello")
        else:

            async def calls() -> None:
                async with package.AsyncAcme(api_subscription_key="k-1", base_url=server.url) as client:
                    await client.health.ping()
                    await client.text.translate(input="Hello")

            asyncio.run(calls())
    ping, translate = server.requests
    assert ping.path == "/v1/ping" and ping.header_values("api-subscription-key") == []
    assert translate.path == "/v1/translate" and translate.header_values("api-subscription-key") == ["k-1"]


def test_the_ping_needs_no_key_at_all(package, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ACME_API_KEY", raising=False)
    with serving(handler) as server, package.Acme(base_url=server.url) as client:
        assert client.health.ping().ok is True
        with pytest.raises(package.MissingCredentialError):
            client.text.translate(input="Hello")
    assert [r.path for r in server.requests] == ["/v1/ping"]
