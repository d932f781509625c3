"""client_settings.py: one keyword per distinct credential, and the alternatives each call
chooses from (the document's `security`, each operation's own)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.model.client_settings import alternatives_source, client_settings

SCHEMES: dict[str, Any] = {
    "basicAuth": {"type": "http", "scheme": "basic"},
    "bearerAuth": {"type": "http", "scheme": "bearer"},
    "otherBearer": {"type": "http", "scheme": "bearer"},
    "apiToken": {"type": "apiKey", "in": "header", "name": "Authorization"},
    "oauth": {"type": "oauth2", "flows": {}},
    "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
    "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
    "tls": {"type": "mutualTLS"},
}


def document(security: Any = None, **operations: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "components": {"securitySchemes": SCHEMES},
        "paths": {f"/{name}": {"get": {"security": own} if own is not None else {}} for name, own in operations.items()},
    }
    if security is not None:
        doc["security"] = security
    return doc


def arguments(doc: dict[str, Any]) -> list[list[str]]:
    return [spec.arguments for spec in client_settings(doc, [], "Acme").credentials]


def test_one_scheme_keeps_todays_name_and_needs_no_security_argument():
    settings = client_settings(document([{"queryKey": []}]), [], "Acme")
    assert [spec.arguments for spec in settings.credentials] == [["api_key"]]
    assert settings.default == (("api_key",),) and settings.security_source is None
    assert settings.credentials[0].constructor_source == '_Credential("query", "key", "", "api_key", "ACME_API_KEY", api_key)'


def test_alternatives_basic_or_bearer():
    settings = client_settings(document([{"basicAuth": []}, {"bearerAuth": []}]), [], "Acme")
    assert [spec.arguments for spec in settings.credentials] == [["username", "password"], ["token"]]
    assert settings.security_source == '[["username"], ["token"]]'


def test_two_schemes_in_one_header_are_two_keywords_and_the_same_scheme_twice_is_one():
    doc = document(None, users=[{"apiToken": []}, {"oauth": []}], things=[{"bearerAuth": []}, {"otherBearer": []}])
    # the second credential with a form is `token`; a third takes its scheme's name
    assert arguments(doc) == [["api_key"], ["token"], ["bearer_auth"]]
    settings = client_settings(doc, [], "Acme")
    assert settings.arguments["otherBearer"] == settings.arguments["bearerAuth"] == "bearer_auth"
    assert settings.operation_alternatives({"security": [{"bearerAuth": []}, {"otherBearer": []}]}) == (("bearer_auth",),)
    oauth = next(spec for spec in settings.credentials if spec.arguments == ["token"])
    assert oauth.annotation == "str | Callable[[], str] | None" and "a function returning one" in oauth.doc_lines[0]


def test_a_combination_and_keys_in_the_query_and_a_cookie():
    settings = client_settings(document([{"queryKey": [], "cookieKey": []}]), [], "Acme")
    assert [spec.arguments for spec in settings.credentials] == [["api_key"], ["session"]]
    assert settings.default == (("api_key", "session"),) and settings.security_source is None
    assert '"cookie", "session"' in settings.credentials[1].constructor_source


def test_operation_security_only_where_it_differs_from_the_documents():
    settings = client_settings(document([{"bearerAuth": []}], ping=[], status=[{}], maybe=[{}, {"bearerAuth": []}], same=[{"bearerAuth": []}], key=[{"queryKey": []}]), [], "Acme")
    own = {name: settings.operation_security_source({"security": value}) for name, value in
           {"ping": [], "status": [{}], "maybe": [{}, {"bearerAuth": []}], "same": [{"bearerAuth": []}], "key": [{"queryKey": []}]}.items()}  # fmt: skip
    assert own == {"ping": "[]", "status": "[]", "maybe": '[[], ["api_key"]]', "same": None, "key": '[["key"]]'}
    assert settings.operation_security_source({}) is None


def test_an_alternative_the_client_cannot_send_is_left_out():
    settings = client_settings(document([{"tls": []}, {"bearerAuth": []}]), [], "Acme")
    assert settings.default == (("api_key",),)
    assert settings.operation_alternatives({"security": [{"tls": []}]}) == ()
    assert settings.operation_alternatives({"security": [{"unknown": []}, {"bearerAuth": []}]}) == (("api_key",),)


def test_no_requirement_stated_sends_whichever_is_held():
    settings = client_settings({"components": {"securitySchemes": {"a": SCHEMES["queryKey"], "b": SCHEMES["bearerAuth"]}}, "paths": {}}, [], "Acme")
    assert settings.default == (("api_key",), ("token",), ())
    assert settings.security_source == '[["api_key"], ["token"], []]'


def test_alternatives_source_escapes_names():
    assert alternatives_source((('a"b',), ())) == '[["a\\"b"], []]'


def test_okta_api_token_and_oauth2_both_in_authorization_are_two_keywords():
    """Okta's document (the corpus): an API token (`SSWS ...`) and an OAuth2 token, both in
    Authorization; each operation takes either."""
    import yaml

    from conftest import CORPUS

    path = CORPUS / "openapi-real" / "okta" / "management-minimal.yaml"
    if not path.is_file():
        pytest.skip("the corpus is not here (../shared/corpus)")
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    settings = client_settings(doc, [], "Okta")
    assert [spec.arguments for spec in settings.credentials] == [["api_key"], ["token"]]
    assert settings.arguments == {"apiToken": "api_key", "oauth2": "token"}
    users = doc["paths"]["/api/v1/users"]["get"]
    assert settings.operation_alternatives(users) == (("api_key",), ("token",))
