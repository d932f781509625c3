"""spec/security.py: where each kind of security scheme's credential goes, and in what form."""

from __future__ import annotations

import pytest

from generator.spec.security import scheme_wire


@pytest.mark.parametrize(
    "scheme, wire",
    [
        ({"type": "http", "scheme": "bearer"}, ("header", "Authorization", "Bearer")),
        ({"type": "http", "scheme": "Basic"}, ("header", "Authorization", "Basic")),
        ({"type": "http", "scheme": "Token"}, ("header", "Authorization", "Token")),
        ({"type": "apiKey", "in": "header", "name": "xi-api-key"}, ("header", "xi-api-key", "")),
        ({"type": "apiKey", "in": "query", "name": "token"}, ("query", "token", "")),
        ({"type": "apiKey", "in": "cookie", "name": "session"}, ("cookie", "session", "")),
        ({"type": "oauth2", "flows": {}}, ("header", "Authorization", "Bearer")),
        ({"type": "openIdConnect", "openIdConnectUrl": "https://x.test"}, ("header", "Authorization", "Bearer")),
        # nothing a client can send: no place
        ({"type": "http"}, ("", "", "")),
        ({"type": "apiKey", "in": "body", "name": "k"}, ("", "", "")),
        ({"type": "mutualTLS"}, ("", "", "")),
    ],
)
def test_where_each_scheme_sends_its_credential(scheme, wire):
    assert scheme_wire(scheme) == wire
