"""_core/settings.py, imported as the real module: credentials, client headers, base URL."""

from __future__ import annotations

import base64

import pytest

from generator.emit.runtime._core import errors, settings


def bearer(value: str | None) -> settings.Credential:
    return settings.Credential("header", "Authorization", "Bearer", "api_key", "ACME_API_KEY", value)


def held(found: settings.ClientSettings) -> dict[tuple[str, str], str]:
    """What the client holds: (location, name) -> the value as sent."""
    assert found.security is not None
    return {(c.location, c.name): c.text("op") for c in found.security.held.values()}


def test_a_credential_from_its_argument_else_its_environment_variable(monkeypatch):
    monkeypatch.setenv("ACME_API_KEY", "from-env")
    assert held(settings.client_settings([bearer("given")])) == {("header", "Authorization"): "Bearer given"}
    assert held(settings.client_settings([bearer(None)])) == {("header", "Authorization"): "Bearer from-env"}
    monkeypatch.delenv("ACME_API_KEY")
    assert held(settings.client_settings([bearer(None)])) == {}


def test_a_query_credential_and_a_plain_header():
    key = settings.Credential("query", "api_key", "", "api_key", "ACME_KEY", "k1")
    found = settings.client_settings([key], [settings.Header("X-Workspace", "w1", "workspace")])
    assert held(found) == {("query", "api_key"): "k1"} and found.headers == {"X-Workspace": "w1"} and found.query == {}


def test_by_default_every_credential_is_required_together(monkeypatch):
    monkeypatch.delenv("ACME_KEY", raising=False)
    key = settings.Credential("query", "key", "", "key", "ACME_KEY", None)
    found = settings.client_settings([bearer("t"), key])
    assert found.security is not None and found.security.alternatives == (("api_key", "key"),)
    with pytest.raises(errors.MissingCredentialError, match=r"^op needs credentials: api_key \(or the ACME_API_KEY environment variable\) and key \(or the ACME_KEY environment variable\)$"):
        found.security.choose("op")


def test_the_first_alternative_held_is_sent_and_an_empty_one_only_when_none_is():
    key = settings.Credential("query", "key", "", "key", "ACME_KEY", "k1")
    found = settings.client_settings([bearer(None), key], security=[["api_key"], ["key"], []])
    assert found.security is not None
    assert [c.name for c in found.security.choose("op")] == ["key"]
    assert found.security.choose("op", [[], ["api_key"]]) == []
    assert found.security.choose("op", []) == []
    assert [c.name for c in found.security.choose("op", [["key", "api_key"], ["key"]])] == ["key"]


def test_a_token_function_is_called_on_every_call():
    tokens = iter(["t1", "t2", " bad"])
    found = settings.client_settings([bearer(lambda: next(tokens))])
    assert found.security is not None
    credential = found.security.choose("op")[0]
    assert [credential.text("op"), credential.text("op")] == ["Bearer t1", "Bearer t2"]
    with pytest.raises(errors.ClientConfigurationError, match="^api_key starts or ends with whitespace"):
        credential.text("op")


@pytest.mark.parametrize("value, problem", [("", "is empty"), ("se\ncret", "contains a line break"), ("sécret", "is not ASCII")])
def test_a_credential_that_cannot_be_sent_names_the_argument_never_the_value(value, problem):
    with pytest.raises(errors.ClientConfigurationError) as raised:
        settings.client_settings([bearer(value)])
    assert str(raised.value) == f"api_key {problem}: it cannot be sent in the Authorization header"


def test_an_unsendable_environment_variable_is_named_as_such(monkeypatch):
    monkeypatch.setenv("ACME_API_KEY", "bad\rvalue")
    with pytest.raises(errors.ClientConfigurationError, match="^the ACME_API_KEY environment variable contains a line break"):
        settings.client_settings([bearer(None)])


def basic(user: str | None, password: str | None) -> settings.Credential:
    return settings.Credential("header", "Authorization", "Basic", "username", "ACME_USER", user, "password", "ACME_PASSWORD", password)


def test_basic_credentials_need_both_parts(monkeypatch):
    monkeypatch.delenv("ACME_USER", raising=False)
    monkeypatch.delenv("ACME_PASSWORD", raising=False)
    sent = held(settings.client_settings([basic("ann", "pw:1")]))[("header", "Authorization")]
    assert sent == "Basic " + base64.b64encode(b"ann:pw:1").decode()
    assert held(settings.client_settings([basic(None, None)])) == {}
    with pytest.raises(errors.ClientConfigurationError, match="^the ACME_PASSWORD environment variable is not set"):
        settings.client_settings([basic("ann", None)])
    with pytest.raises(errors.ClientConfigurationError, match="^username holds ':'"):
        settings.client_settings([basic("a:b", "pw")])


def test_a_client_header_that_cannot_be_sent():
    with pytest.raises(errors.ClientConfigurationError, match="^workspace starts or ends with whitespace: it cannot be sent in the X-Workspace header$"):
        settings.client_settings([], [settings.Header("X-Workspace", " w", "workspace")])


def test_the_base_url_from_the_environment_only_replaces_the_default(monkeypatch):
    monkeypatch.setenv("ACME_BASE_URL", "https://env.example.com")
    assert settings.base_url_from_environment("https://api.example.com", "https://api.example.com", "ACME_BASE_URL") == "https://env.example.com"
    assert settings.base_url_from_environment("https://mine.example.com", "https://api.example.com", "ACME_BASE_URL") == "https://mine.example.com"
    assert settings.base_url_from_environment(None, None, "ACME_BASE_URL") == "https://env.example.com"
    monkeypatch.delenv("ACME_BASE_URL")
    with pytest.raises(errors.ClientConfigurationError, match="pass base_url= or set ACME_BASE_URL"):
        settings.base_url_from_environment(None, None, "ACME_BASE_URL")


def test_split_base_url_takes_the_credentials_out_of_the_url():
    assert settings.split_base_url("https://API.example.com/v1/") == ("https://api.example.com/v1", None)
    plain, header = settings.split_base_url("https://us%40r:p%3Aw@api.example.com:8443/v1")
    assert plain == "https://api.example.com:8443/v1"
    assert header == "Basic " + base64.b64encode(b"us@r:p:w").decode()
    assert settings.split_base_url("http://[::1]:8080") == ("http://[::1]:8080", None)


@pytest.mark.parametrize("url", ["ftp://h/x", "/relative", "https://h:port/", "https://h/ x", "https://h/\x00", 42])
def test_split_base_url_refuses_what_is_no_http_url(url):
    with pytest.raises(errors.ClientConfigurationError):
        settings.split_base_url(url)


def test_the_defaults():
    assert (settings.DEFAULT_TIMEOUT, settings.DEFAULT_MAX_RETRIES, settings.DEFAULT_MAX_RESPONSE_SIZE) == (60.0, 2, 64 * 1024 * 1024)
