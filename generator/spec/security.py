"""Where a security scheme's credential goes on the wire, as OpenAPI's `securitySchemes` say:
read by the merge (which header a channel's credential is already sent in) and by the
model (the client's credential arguments and what each call sends)."""

from __future__ import annotations

from typing import Any


def scheme_wire(scheme: dict[str, Any]) -> tuple[str, str, str]:
    """(location, name, form): where a scheme's credential goes and in what form."""
    if scheme.get("type") == "http" and isinstance(scheme.get("scheme"), str):
        word = scheme["scheme"]
        return "header", "Authorization", "Bearer" if word.lower() == "bearer" else "Basic" if word.lower() == "basic" else word
    if scheme.get("type") == "apiKey" and scheme.get("in") in ("header", "query", "cookie") and isinstance(scheme.get("name"), str):
        return str(scheme["in"]), scheme["name"], ""
    if scheme.get("type") == "oauth2" or scheme.get("type") == "openIdConnect":
        return "header", "Authorization", "Bearer"  # the access token, obtained by the caller
    return "", "", ""
