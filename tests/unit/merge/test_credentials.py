"""merge.credentials: how the API takes its credential, learned from header parameters, their
descriptions and the pages' request examples."""

from __future__ import annotations

from typing import Any

from generator.common.diagnostics import SourceRef
from generator.merge.credentials import LearnedCredential, learn_credentials
from generator.read.reader import CodeExample


def document(*parameters: dict[str, Any], operations: int = 2, extra: int = 0) -> dict[str, Any]:
    """A document with `operations` operations taking `parameters` and `extra` that take none."""
    paths: dict[str, Any] = {}
    for index in range(operations):
        paths[f"/things/{index}"] = {"get": {"parameters": list(parameters), "responses": {"200": {"description": "ok"}}}}
    for index in range(extra):
        paths[f"/other/{index}"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths, "components": {"schemas": {"A": {"type": "string"}}}}


BEARER = {"name": "Authorization", "in": "header", "required": True, "description": "Bearer authentication of the form `Bearer <token>`, where token is your auth token."}


def test_a_header_described_as_bearer_becomes_an_http_bearer_scheme_on_every_call():
    lines = {("/things/0", "get"): SourceRef("a.md", 12)}
    result, learned = learn_credentials(document(BEARER), {}, lines)
    assert [(c.location, c.name, c.scheme, c.operations) for c in learned] == [("header", "Authorization", "Bearer", 2)]
    assert learned[0].scheme_name == "BearerAuth"
    assert learned[0].describe() == "the `Authorization` header as `Bearer <key>`"
    assert result["components"]["securitySchemes"] == {"BearerAuth": {"type": "http", "scheme": "bearer"}}
    assert result["security"] == [{"BearerAuth": []}]
    assert list(result["components"]) == ["securitySchemes", "schemas"]  # schemas last, as the merge writes them
    evidence = learned[0].evidence[0]
    assert (evidence.source, evidence.text, evidence.shown) == (SourceRef("a.md", 12), "described as `Bearer <token>`", False)


def test_what_an_example_sends_decides_over_the_description():
    """Deepgram's pages describe the form `undefined <token>` while their examples send `Token <key>`."""
    described = {**BEARER, "description": "Authentication of the form `undefined <token>`"}
    go = CodeExample("go", 'req.Header.Add("Authorization", "Token <apiKey>")', SourceRef("b.md", 40))
    curl = CodeExample("shell", "curl https://api.example.com -H 'Authorization: Token $KEY'", SourceRef("b.md", 50))
    examples = {("/things/0", "get"): [go], ("/things/1", "get"): [curl]}
    result, learned = learn_credentials(document(described), examples, {})
    assert learned[0].scheme == "Token"
    assert result["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "Token"}}
    assert [e.text for e in learned[0].evidence if e.shown] == ["go example sends `Token <apiKey>`", "shell example sends `Token $KEY`"]


def test_an_unknown_form_and_no_example_is_the_key_as_it_is():
    described = {**BEARER, "description": "Authentication of the form `undefined <token>`"}
    result, learned = learn_credentials(document(described), {}, {})
    assert learned[0].scheme == ""
    assert result["components"]["securitySchemes"] == {"AuthorizationHeader": {"type": "apiKey", "in": "header", "name": "Authorization"}}


def test_an_api_key_header_is_an_api_key_scheme():
    key = {"name": "xi-api-key", "in": "header", "schema": {"type": "string"}}
    result, learned = learn_credentials(document(key), {}, {})
    assert learned[0].scheme_name == "XiApiKeyHeader"
    assert learned[0].describe() == "the `xi-api-key` header, the key as it is"
    assert result["security"] == [{"XiApiKeyHeader": []}, {}]  # optional: no operation requires it
    required, _ = learn_credentials(document({**key, "required": True}), {}, {})
    assert required["security"] == [{"XiApiKeyHeader": []}]


def test_a_header_on_half_the_operations_or_fewer_is_no_credential():
    key = {"name": "xi-api-key", "in": "header"}
    original = document(key, operations=1, extra=1)
    result, learned = learn_credentials(original, {}, {})
    assert learned == [] and result is original


def test_ordinary_headers_are_not_credentials():
    trace = {"name": "X-Request-Id", "in": "header", "description": "A trace id."}
    assert learn_credentials(document(trace), {}, {})[1] == []


def test_a_document_that_states_its_schemes_is_kept():
    stated = document(BEARER)
    stated["components"]["securitySchemes"] = {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    result, learned = learn_credentials(stated, {}, {})
    assert result is stated and learned == []


def test_basic_and_other_schemes_are_named_and_described():
    basic = LearnedCredential("header", "Authorization", "Basic", 3)
    assert (basic.scheme_name, basic.security_scheme()) == ("BasicAuth", {"type": "http", "scheme": "basic"})
    assert basic.describe() == "the `Authorization` header as `Basic <base64 of username:password>`"
    query = LearnedCredential("query", "api_key", "", 3)
    assert (query.scheme_name, query.security_scheme()) == ("ApiKeyQuery", {"type": "apiKey", "in": "query", "name": "api_key"})
