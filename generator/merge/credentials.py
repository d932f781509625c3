"""How the API takes its credential, learned from the pages and written into the merged
document as standard `securitySchemes` and `security`.

A plain OpenAPI document says it itself (`securitySchemes`): that is kept. Fern's pages say
it with a header parameter on every operation (`xi-api-key`, or `Authorization` described
as "Bearer authentication of the form `Bearer <token>`") and show it in their request
examples (Go, curl, `requests`...). The examples are what works against the API, so they
decide: Deepgram's pages describe the form "`undefined <token>`" and send the key as it is.
The description decides when no example shows the header; a form nobody states is the key
as it is. Every decision and its evidence, with file and line, goes to the merge report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..common.diagnostics import SourceRef
from ..common.names import pascal_join, snake_case

# A header parameter is a credential when its name or its description says so.
CREDENTIAL_NAME = re.compile(r"(?i)^(authorization|proxy-authorization)$|api[-_]?key|access[-_]?token|auth[-_]?token|^x-.*-key$|^token$")
# Words that make a header a credential when the pages' examples also give it to the client's
# constructor (`Vendor(api_subscription_key="...")` for an `api-subscription-key` header).
CREDENTIAL_WORDS = re.compile(r"(?i)(?:^|[^a-z])(?:key|token|secret|subscription|authori[sz]ation|credential|password)(?:$|[^a-z])")
_FORM = re.compile(r"of the form `?(?P<prefix>[^`<\s]+)\s+<[^`>]*>`?")  # the ticks lost in a rendered page
_PLACEHOLDER = re.compile(r"^(<[^>]*>|\$\{?\w+\}?|YOUR_\w+|\{\{?\w+\}?\}|[A-Z_]+)$")
_UNKNOWN_PREFIXES = frozenset({"undefined", "null", "none", ""})


@dataclass(frozen=True)
class Evidence:
    """What a page shows or says about a credential, and where."""

    source: SourceRef | None
    text: str
    shown: bool  # an example shows it (else the page's description says it)
    keyword: bool = False  # the Python examples give it to the client's constructor (says nothing of its form)


@dataclass
class LearnedCredential:
    """One credential: where it goes (`location`, `name`) and in what form (`scheme`)."""

    location: str  # "header" | "query"
    name: str
    scheme: str  # "bearer", "basic", another HTTP scheme word ("Token"), or "" for the key as it is
    operations: int  # how many operations take it
    required: int = 0  # how many of them require it
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def scheme_name(self) -> str:
        if self.scheme.lower() == "bearer":
            return "BearerAuth"
        if self.scheme.lower() == "basic":
            return "BasicAuth"
        if self.scheme:
            return pascal_join(self.scheme) + "Auth"
        return pascal_join(self.name) + ("Query" if self.location == "query" else "Header")

    def security_scheme(self) -> dict[str, Any]:
        if self.scheme:
            return {"type": "http", "scheme": self.scheme.lower() if self.scheme.lower() in ("bearer", "basic") else self.scheme}
        return {"type": "apiKey", "in": self.location, "name": self.name}

    def describe(self) -> str:
        where = f"the `{self.name}` {self.location}"
        if self.scheme.lower() == "basic":
            return f"{where} as `Basic <base64 of username:password>`"
        if self.scheme:
            return f"{where} as `{self.scheme} <key>`"
        return f"{where}, the key as it is"


def learn_credentials(
    document: dict[str, Any],
    examples: dict[tuple[str, str], list[Any]],
    lines: dict[tuple[str, str], SourceRef],
    constructor_keywords: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], list[LearnedCredential]]:
    """The document with `securitySchemes` and `security` for its credentials (unchanged when it
    states them already), and what was learned, for the report. `examples`: the code samples
    of each operation, by (path, method); `lines`: where each operation is written;
    `constructor_keywords`: the keywords the pages' Python examples give the client's
    constructor (a header they give it, named or described as a key, token, secret or
    subscription, is the client's credential)."""
    components = document.get("components") or {}
    if components.get("securitySchemes"):
        return document, []
    operations = [(path, method, op) for path, item in (document.get("paths") or {}).items() for method, op in item.items() if isinstance(op, dict)]
    found: dict[tuple[str, str], LearnedCredential] = {}
    for path, method, operation in operations:
        for parameter in operation.get("parameters") or []:
            if not _is_credential(parameter, constructor_keywords):
                continue
            key = (str(parameter["in"]), str(parameter["name"]).lower())
            learned = found.get(key)
            if learned is None:
                learned = found[key] = LearnedCredential(key[0], str(parameter["name"]), "", 0)
            learned.operations += 1
            learned.required += bool(parameter.get("required"))
            given = snake_case(learned.name)
            if given in constructor_keywords and not any(e.keyword for e in learned.evidence):
                learned.evidence.append(Evidence(lines.get((path, method)), f"the examples give the client `{given}=`", shown=False, keyword=True))
            if not any(not e.keyword for e in learned.evidence):
                described = _form_in(str(parameter.get("description") or ""))
                if described is not None:
                    learned.evidence.append(Evidence(lines.get((path, method)), f"described as `{described} <token>`", shown=False))
            for example in examples.get((path, method), []):
                shown = _value_in_example(example.code, learned.name)
                if shown is not None:
                    learned.evidence.append(Evidence(example.source, f"{example.lang} example sends `{shown}`", shown=True))
    # An operation that says it takes no credential (`security: []`: a ping page) does not count.
    secured = [op for _, _, op in operations if op.get("security") != []]
    credentials = [c for c in found.values() if c.operations * 2 > len(secured)] if secured else []
    for credential in credentials:
        credential.scheme = _decide(credential)
    if not credentials:
        return document, []
    schemes = {c.scheme_name: c.security_scheme() for c in credentials}
    result = {k: v for k, v in document.items() if k not in ("paths", "components")}
    # All of them, on every call; optional (`{}`: the call may go without) when the pages
    # require none of them on any operation.
    result["security"] = [{c.scheme_name: [] for c in credentials}]
    if not any(c.required for c in credentials):
        result["security"].append({})
    result["paths"] = document.get("paths") or {}
    # The order the merge writes components in (kinds sorted, schemas last), so that a merged
    # document read back is written the same.
    kinds = {**{k: v for k, v in components.items() if k != "schemas"}, "securitySchemes": schemes}
    result["components"] = {k: kinds[k] for k in sorted(kinds)} | ({"schemas": components["schemas"]} if "schemas" in components else {})
    return result, credentials


def _is_credential(parameter: Any, constructor_keywords: frozenset[str] = frozenset()) -> bool:
    if not isinstance(parameter, dict) or parameter.get("in") not in ("header", "query") or not isinstance(parameter.get("name"), str):
        return False
    if parameter["in"] == "header" and CREDENTIAL_NAME.search(parameter["name"]):
        return True
    description = str(parameter.get("description") or "")
    if parameter["in"] == "header" and parameter.get("required") and snake_case(parameter["name"]) in constructor_keywords:
        if CREDENTIAL_WORDS.search(parameter["name"]) or CREDENTIAL_WORDS.search(description):
            return True
    return parameter["in"] == "header" and bool(re.search(r"(?i)\bauthentication of the form\b", description))


def _form_in(description: str) -> str | None:
    match = _FORM.search(description)
    return match.group("prefix") if match else None


def _value_in_example(code: str, header: str) -> str | None:
    """The value an example sends for `header`: a Go `Header.Add("X", "v")`, a curl `-H "X: v"`,
    a `requests`/JavaScript `{"X": "v"}`."""
    name = re.escape(header)
    patterns = (
        rf"""["']{name}["']\s*[,:]\s*["']([^"'\n]*)["']""",  # Go Header.Add, requests/JS dicts
        rf"""(?<![\w-]){name}\s*:\s*["']([^"'\n]*)["']""",  # unquoted JS keys
        rf"""["']{name}:\s*([^"'\n]*)["']""",  # curl -H "X: v"
    )
    for pattern in patterns:
        match = re.search(pattern, code, flags=re.IGNORECASE)
        if match:
            return match.group(1).strip()
    return None


def _decide(credential: LearnedCredential) -> str:
    """The scheme word: what the examples send when they agree, else the description's."""
    shown = [e.text.split("`")[1] for e in credential.evidence if e.shown]
    forms = {_prefix_of(value) for value in shown}
    if len(forms) == 1:
        return forms.pop()
    described = next((e.text.split("`")[1].split(" ")[0] for e in credential.evidence if not e.shown and not e.keyword), "")
    return "" if described.lower() in _UNKNOWN_PREFIXES else described


def _prefix_of(value: str) -> str:
    """`Bearer <token>` → "Bearer"; `<apiKey>` → "" (the key as it is)."""
    parts = value.split()
    if len(parts) == 2 and _PLACEHOLDER.match(parts[1]) and parts[0].isalpha():
        return parts[0]
    return ""
