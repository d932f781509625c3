"""What the client takes once instead of every method: its credentials and the headers every
operation requires with a default (an API version header), as the SDK description needs them.

Credentials come from the merged document's `securitySchemes` and `security` (standard
OpenAPI, which `credentials.py` writes for Fern's pages). The first credential is the
client's `api_key` (or `username` and `password` for HTTP Basic), read from
`$<CLIENT>_API_KEY` when not given, as before; more credentials get arguments of their own.
The parameters they stand for leave every method's signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..common.pysyntax import docstring_line, snake_identifier, string_literal
from ..spec.security import scheme_wire
from .sdk_ir import ClientHeader, CredentialSpec

# Arguments the client constructor has already, whatever the API (`environment` where the
# pages name servers): a credential or header argument takes none of them (a header named
# `environment` made a duplicate argument). tests/unit/model/test_names_claimed.py holds
# this to the constructor the template writes.
CONSTRUCTOR_NAMES = frozenset(
    {"self", "base_url", "environment", "timeout", "deadline", "max_response_size", "max_retries", "max_pages", "http_client"}
)


Alternatives = tuple[tuple[str, ...], ...]  # each the credentials (by argument) sent together


@dataclass(frozen=True)
class ClientSettings:
    """The credentials and headers the client's constructor takes, and when each credential
    is sent: the document's `security` (`default`) and each operation's own."""

    credentials: list[CredentialSpec]
    headers: list[ClientHeader]
    taken: frozenset[tuple[str, str]]  # (location, lower-case wire name) of what the client sends itself
    arguments: dict[str, str] = field(default_factory=dict)  # scheme name -> its credential's argument
    default: Alternatives = ()

    @property
    def security_source(self) -> str | None:
        """`security=` of the client's settings, unless it is the runtime's default: every
        credential, sent together (one scheme, or Fern's pages)."""
        everything = tuple(spec.arguments[0] for spec in self.credentials)
        if len(self.default) == 1 and sorted(self.default[0]) == sorted(everything):
            return None
        return alternatives_source(self.default)

    def operation_alternatives(self, operation: dict[str, Any]) -> Alternatives:
        """The operation's alternatives: its own `security`, else the document's."""
        if not isinstance(operation.get("security"), list):
            return self.default
        return _alternatives(operation["security"], self.arguments)

    def operation_security_source(self, operation: dict[str, Any]) -> str | None:
        """`security=` of the operation's calls, when it is not the document's."""
        own = self.operation_alternatives(operation)
        return None if own == self.default else alternatives_source(own)


def alternatives_source(alternatives: Alternatives) -> str:
    """`[["api_key"], ["username", "token"]]`: the runtime's alternatives as Python source."""
    return "[" + ", ".join("[" + ", ".join(string_literal(a) for a in alternative) + "]" for alternative in alternatives) + "]"


def env_prefix(client_name: str) -> str:
    """The prefix of the client's environment variables: `ElevenLabs` → `ELEVENLABS`."""
    return re.sub(r"[^A-Z0-9]", "", client_name.upper())


def client_settings(document: dict[str, Any], operations: list[dict[str, Any]], client_name: str) -> ClientSettings:
    prefix = env_prefix(client_name)
    taken_names = set(CONSTRUCTOR_NAMES)
    credentials: list[CredentialSpec] = []
    covered: set[tuple[str, str]] = set()
    by_wire: dict[tuple[str, str, str, str], str] = {}  # (location, name, form, type) -> argument
    arguments_of: dict[str, str] = {}
    for scheme_name, scheme in _schemes_in_use(document):
        location, name, form = scheme_wire(scheme)
        wire = (location, name.lower() if location == "header" else name, form.lower(), str(scheme.get("type")))
        if wire in by_wire:  # the same kind of credential, sent the same way: one argument
            arguments_of[scheme_name] = by_wire[wire]
            continue
        # Two schemes in one header (an API token and an OAuth2 token, both in
        # Authorization) are two credentials: two arguments.
        covered.add(wire[:2])
        arguments = _arguments(form, name, scheme_name, first=not credentials, taken=taken_names)
        taken_names.update(arguments)
        by_wire[wire] = arguments_of[scheme_name] = arguments[0]
        env_vars = [f"{prefix}_{argument.upper()}" for argument in arguments]
        fields = [string_literal(location), string_literal(name), string_literal(form), string_literal(arguments[0]), string_literal(env_vars[0]), arguments[0]]
        if len(arguments) == 2:
            fields += [string_literal(arguments[1]), string_literal(env_vars[1]), arguments[1]]
        sent = f"`{form} <{arguments[0]}>`" if form and form.lower() != "basic" else ("HTTP Basic" if form else "as it is")
        refreshable = scheme.get("type") in ("oauth2", "openIdConnect")
        given = " a str, or a function returning one (called on every call, so it can refresh);" if refreshable else ""
        docs = [
            docstring_line(f"{argument}: Sent in the {name} {location} ({sent});{given} defaults to the {env} environment variable.")
            for argument, env in zip(arguments, env_vars)
        ]
        annotation = "str | Callable[[], str] | None" if refreshable else "str | None"
        credentials.append(CredentialSpec(arguments, f"_Credential({', '.join(fields)})", docs, annotation))
    headers = _client_headers(operations, covered, taken_names)
    covered.update(("header", h.wire.lower()) for h in headers)
    if isinstance(document.get("security"), list):
        default = _alternatives(document["security"], arguments_of)
    else:  # no requirement stated: whichever credential the client holds, else none
        default = (*((spec.arguments[0],) for spec in credentials), ())
    return ClientSettings(credentials, headers, frozenset(covered), arguments_of, default if credentials else ())


def _alternatives(requirements: list[Any], arguments_of: dict[str, str]) -> Alternatives:
    """A `security` list as alternatives of arguments. An alternative naming a scheme the
    client cannot send (unknown, mutualTLS) is left out; none left, or only empty ones
    (`security: []`, `[{}]`): nothing to send."""
    found: list[tuple[str, ...]] = []
    for requirement in requirements:
        if not isinstance(requirement, dict) or any(name not in arguments_of for name in requirement):
            continue
        alternative = tuple(dict.fromkeys(arguments_of[name] for name in requirement))
        if alternative not in found:
            found.append(alternative)
    return () if all(not alternative for alternative in found) else tuple(found)


def _schemes_in_use(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The security schemes the document's requirements use, by name, in order (all when
    none is required)."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    names: list[str] = []
    requirements = list(document.get("security") or [])
    for item in (document.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            if isinstance(operation, dict):
                requirements += operation.get("security") or []
    for requirement in requirements:
        for name in requirement if isinstance(requirement, dict) else ():
            if name not in names:
                names.append(name)
    chosen = names or list(schemes)
    return [(n, schemes[n]) for n in chosen if isinstance(schemes.get(n), dict) and scheme_wire(schemes[n])[1]]


def _arguments(form: str, name: str, scheme_name: str, first: bool, taken: set[str]) -> list[str]:
    """`api_key` for the first credential (`username` and `password` for Basic); `token` for
    a later one with a form (`Bearer <token>`), the parameter's name for a later key; the
    scheme's name when that is taken or says nothing (a key sent in Authorization)."""
    if form.lower() == "basic":
        wanted = ["username", "password"]
    elif first:
        wanted = ["api_key"]
    else:
        wanted = ["token" if form else snake_identifier(name)]
        if wanted[0] in taken or (not form and name.lower() == "authorization"):
            wanted = [snake_identifier(scheme_name)]
    return [_free(argument, taken) for argument in wanted]


def _free(argument: str, taken: set[str]) -> str:
    while argument in taken:
        argument += "_"
    return argument


def _client_headers(operations: list[dict[str, Any]], covered: set[tuple[str, str]], taken: set[str]) -> list[ClientHeader]:
    """Headers every operation requires with a default (`X-Api-Version: 2025-06-26`)."""
    if not operations:
        return []
    common: dict[str, dict[str, Any]] | None = None
    for operation in operations:
        here = {
            str(p["name"]).lower(): p
            for p in operation.get("parameters") or []
            if isinstance(p, dict) and p.get("in") == "header" and isinstance(p.get("name"), str) and p.get("required")
            and isinstance(p.get("schema"), dict) and isinstance(p["schema"].get("default"), str)
            and ("header", str(p["name"]).lower()) not in covered
        }  # fmt: skip
        common = here if common is None else {k: v for k, v in common.items() if k in here and here[k]["schema"]["default"] == v["schema"]["default"]}
    headers = []
    for parameter in sorted((common or {}).values(), key=lambda p: str(p["name"]).lower()):
        argument = _free(snake_identifier(str(parameter["name"])), taken)
        taken.add(argument)
        description = str(parameter.get("description") or f"The {parameter['name']} header")
        default = parameter["schema"]["default"]
        doc = docstring_line(f"{argument}: {' '.join(description.split())} (the {parameter['name']} header of every call); defaults to {default!r}.")
        headers.append(ClientHeader(argument, string_literal(argument), str(parameter["name"]), string_literal(str(parameter["name"])), string_literal(default), doc))
    return headers
