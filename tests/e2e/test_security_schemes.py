"""Security schemes end to end: packages generated into a temporary folder, imported, and
called (sync and async) against the local server on 127.0.0.1, checking the exact
credential that arrives, and that nothing arrives where nothing may.

`secure_sdk` comes from tests/fixtures/security/spec.yaml: Basic or Bearer for the whole
API, an API token and an OAuth2 token both in Authorization, keys in the query and in a
cookie (alone and together), `security: []`, `[{}]` and an optional credential.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from conftest import CORPUS, FIXTURES, ROOT
from http_server import RecordedRequest, Response, serving

MODES = pytest.mark.parametrize("mode", ["sync", "async"])
SECURITY_SPEC = FIXTURES / "security" / "spec.yaml"
BOX = CORPUS / "openapi-real" / "box" / "openapi.json"
OKTA = CORPUS / "openapi-real" / "okta" / "management-minimal.yaml"
BASIC = "Basic " + base64.b64encode(b"ada:s3cret").decode()


def _sdkgen() -> list[str]:
    """The sdkgen of the interpreter running the tests (not another one found on PATH)."""
    beside = Path(sys.executable).parent / "sdkgen"
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]


def _generate(spec: Path, out: Path, package: str, client_name: str) -> subprocess.CompletedProcess[bytes]:
    command = [*_sdkgen(), "regenerate-sdk", "--specs", str(spec), "--out", str(out), "--package", package, "--client-name", client_name, "-q"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, timeout=600)


def _imported(tmp_path_factory: pytest.TempPathFactory, spec: Path, package: str, client_name: str) -> Iterator[Any]:
    out = tmp_path_factory.mktemp(package) / "out"
    done = _generate(spec, out, package, client_name)
    if done.returncode != 0:
        pytest.fail(done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace"))
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


@pytest.fixture(scope="module")
def secure_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from _imported(tmp_path_factory, SECURITY_SPEC, "secure_sdk", "Secure")


@pytest.fixture(autouse=True)
def _no_credentials_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("SECURE_", "BOX_", "OKTA_")):
            monkeypatch.delenv(name)


def requests_of(mode: str, make: Callable[[str, bool], Any], action: Callable[[Any], Any], count: int = 1) -> list[RecordedRequest]:
    """The requests `action(client)` sends, sync or async, each answered with a body that
    fits the fixture's `Ok` and Box's user (`id` and `type`)."""
    with serving(lambda request: Response.json({"ok": True, "id": "11446498", "type": "user"}), max_requests=count + 1, socket_timeout=5.0) as server:
        if mode == "sync":
            with make(server.url, False) as client:
                action(client)
        else:

            async def run() -> None:
                async with make(server.url, True) as client:
                    await action(client)

            asyncio.run(run())
    assert len(server.requests) == count
    return list(server.requests)


def sent(mode: str, sdk: Any, action: Callable[[Any], Any], **credentials: Any) -> RecordedRequest:
    def make(url: str, is_async: bool) -> Any:
        return getattr(sdk, "AsyncSecure" if is_async else "Secure")(base_url=url + "/v1", max_retries=0, timeout=5, **credentials)

    return requests_of(mode, make, action)[0]



def cookie(request: RecordedRequest) -> str | None:
    return request.header("cookie")


@MODES
def test_basic_or_bearer_sends_the_first_alternative_held(mode: str, secure_sdk: Any) -> None:
    both = sent(mode, secure_sdk, lambda c: c.things.list(), username="ada", password="s3cret", token="tk-1")
    assert both.path == "/v1/things"
    assert both.header_values("authorization") == [BASIC]
    bearer = sent(mode, secure_sdk, lambda c: c.things.list(), token="tk-1")
    assert bearer.header_values("authorization") == ["Bearer tk-1"]
    basic = sent(mode, secure_sdk, lambda c: c.things.list(), username="ada", password="s3cret")
    assert basic.header_values("authorization") == [BASIC]
    assert basic.query == [] and cookie(basic) is None


@MODES
def test_basic_from_the_environment(mode: str, secure_sdk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECURE_USERNAME", "ada")
    monkeypatch.setenv("SECURE_PASSWORD", "s3cret")
    request = sent(mode, secure_sdk, lambda c: c.things.list())
    assert request.header_values("authorization") == [BASIC]


@MODES
def test_two_schemes_in_one_header_stay_two_keywords(mode: str, secure_sdk: Any) -> None:
    api_token = sent(mode, secure_sdk, lambda c: c.users.list(), api_token="SSWS 00abc")
    assert api_token.header_values("authorization") == ["SSWS 00abc"]
    oauth = sent(mode, secure_sdk, lambda c: c.users.list(), oauth="at-1")
    assert oauth.header_values("authorization") == ["Bearer at-1"]
    # the operation's order decides when both are held; the API's Bearer token is not used
    both = sent(mode, secure_sdk, lambda c: c.users.list(), api_token="SSWS 00abc", oauth="at-1", token="tk-1")
    assert both.header_values("authorization") == ["SSWS 00abc"]


@MODES
def test_oauth2_token_from_a_function_is_refreshed_between_calls(mode: str, secure_sdk: Any) -> None:
    issued: list[str] = []

    def refresh() -> str:
        issued.append(f"at-{len(issued) + 1}")
        return issued[-1]

    def make(url: str, is_async: bool) -> Any:
        return getattr(secure_sdk, "AsyncSecure" if is_async else "Secure")(base_url=url + "/v1", max_retries=0, timeout=5, oauth=refresh)

    if mode == "sync":
        requests = requests_of(mode, make, lambda c: (c.users.list(), c.users.list()), count=2)
    else:

        async def twice(c: Any) -> None:
            await c.users.list()
            await c.users.list()

        requests = requests_of(mode, make, twice, count=2)
    assert [r.header_values("authorization") for r in requests] == [["Bearer at-1"], ["Bearer at-2"]]
    assert issued == ["at-1", "at-2"]


@MODES
def test_keys_in_the_query_and_in_a_cookie(mode: str, secure_sdk: Any) -> None:
    query = sent(mode, secure_sdk, lambda c: c.things.search(), key="k 1", session="s-1", token="tk-1")
    assert query.path == "/v1/search" and query.raw_query == "key=k+1"  # as the client-level query always went
    assert query.header("authorization") is None and cookie(query) is None
    session = sent(mode, secure_sdk, lambda c: c.things.get_session(), key="k 1", session="s-1", token="tk-1")
    assert cookie(session) == "session=s-1"
    assert session.raw_query == "" and session.header("authorization") is None
    both = sent(mode, secure_sdk, lambda c: c.things.get_both(), key="k1", session="s-1")
    assert both.raw_query == "key=k1" and cookie(both) == "session=s-1"


@MODES
@pytest.mark.parametrize("method", ["ping", "status"])
def test_an_operation_that_needs_nothing_sends_nothing(mode: str, method: str, secure_sdk: Any) -> None:
    request = sent(mode, secure_sdk, lambda c: getattr(c.health, method)(), username="ada", password="s3cret", token="tk-1", key="k1", session="s-1", api_token="SSWS x", oauth="at-1")
    assert request.header("authorization") is None
    assert request.raw_query == "" and cookie(request) is None
    # nor without any credential: no error
    assert sent(mode, secure_sdk, lambda c: getattr(c.health, method)()).header("authorization") is None


@MODES
def test_an_optional_credential_is_sent_when_held(mode: str, secure_sdk: Any) -> None:
    assert sent(mode, secure_sdk, lambda c: c.health.maybe(), token="tk-1").header_values("authorization") == ["Bearer tk-1"]
    assert sent(mode, secure_sdk, lambda c: c.health.maybe()).header("authorization") is None


@MODES
def test_a_missing_credential_is_an_error_before_sending(mode: str, secure_sdk: Any) -> None:
    def make(url: str, is_async: bool) -> Any:
        return getattr(secure_sdk, "AsyncSecure" if is_async else "Secure")(base_url=url + "/v1", max_retries=0, timeout=5, key="k1")

    with pytest.raises(secure_sdk.MissingCredentialError) as raised:
        requests_of(mode, make, lambda c: c.things.get_both(), count=0)
    message = str(raised.value)
    assert "things.get_both" in message and "session (or the SECURE_SESSION environment variable)" in message
    assert "k1" not in message
    with pytest.raises(secure_sdk.MissingCredentialError, match=r"username and password .*or token") as raised:
        requests_of(mode, make, lambda c: c.things.list(), count=0)
    assert isinstance(raised.value, secure_sdk.ClientConfigurationError) and isinstance(raised.value, secure_sdk.SdkError)


def test_a_token_function_that_fails_names_the_argument(secure_sdk: Any) -> None:
    def broken() -> str:
        raise RuntimeError("secret-detail")

    with pytest.raises(secure_sdk.ClientConfigurationError, match="oauth") as raised:
        with secure_sdk.Secure(base_url="http://127.0.0.1:9/v1", oauth=broken) as client:
            client.users.list()
    assert "secret-detail" not in str(raised.value)


@MODES
def test_basic_credentials_in_base_url_count_as_the_basic_credential(mode: str, secure_sdk: Any) -> None:
    def make(url: str, is_async: bool) -> Any:
        return getattr(secure_sdk, "AsyncSecure" if is_async else "Secure")(base_url=url.replace("://", "://ada:s3cret@") + "/v1", max_retries=0, timeout=5)

    request = requests_of(mode, make, lambda c: c.things.list())[0]
    assert request.header_values("authorization") == [BASIC]


@pytest.fixture(scope="module")
def box_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not BOX.is_file():
        pytest.skip("the corpus is not here (../shared/corpus)")
    yield from _imported(tmp_path_factory, BOX, "box_sdk", "Box")


def box(sdk: Any, **credentials: Any) -> Callable[[str, bool], Any]:
    def make(url: str, is_async: bool) -> Any:
        return getattr(sdk, "AsyncBox" if is_async else "Box")(base_url=url, max_retries=0, timeout=5, **credentials)

    return make


@MODES
def test_box_oauth2_token_refreshed_and_security_none_on_the_token_endpoints(mode: str, box_sdk: Any) -> None:
    """Box: OAuth2 on every operation but five (`security: []`: the token endpoints, a download)."""
    tokens = iter(["at-1", "at-2"])

    async def both_async(c: Any) -> None:
        await c.users.get_me()
        await c.authorization.post_oauth2_revoke(token="old")

    def both(c: Any) -> Any:
        if mode == "async":
            return both_async(c)
        c.users.get_me()
        c.authorization.post_oauth2_revoke(token="old")

    me, revoke = requests_of(mode, box(box_sdk, api_key=lambda: next(tokens)), both, count=2)
    assert me.path == "/users/me" and me.header_values("authorization") == ["Bearer at-1"]
    assert revoke.path == "/oauth2/revoke" and revoke.header("authorization") is None
    assert revoke.body == b"token=old"
    with pytest.raises(box_sdk.MissingCredentialError, match="BOX_API_KEY"):
        requests_of(mode, box(box_sdk), lambda c: c.users.get_me(), count=0)
