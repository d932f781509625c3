"""The document's extensions: the contract between the merge stage, which writes them into the
merged document, and the SDK stages, which read them back (also from a merged `openapi.json`
given as input, so regenerating from it gives the same package).

Every `x-sdkgen-*` key is spelled here and nowhere else; the other stages use these names and
the typed readers below.

- on an operation: `RESOURCE` (the dotted resource path of its SDK call, `conversational_ai.
  conversations`), `METHOD` (the method name), `POSITIONAL` (path parameters the pages' examples
  pass by position, in that order), `STREAM` (the streaming page's view of a pair: an operation
  object of its own plus `STREAM_SETS`, the body properties that method sets), `RENDERED_ONLY`
  (known only from a rendered reference page), `CODE_SAMPLES` (Redoc's `x-codeSamples`: the
  pages' code samples, `{lang, source}` each), `CLIENT` (the client class it is a method of, when
  the pages show several and it is not the first: `ClientV2`);
- on a channel of `asyncapi.json`: `RESOURCE` (the dotted path of the client group whose
  `connect` opens it, `listen.v1`);
- on a schema: `ALIASES` (other names the pages' SDK examples give the type);
- on the document: `SDK` (what the pages' SDK examples show of the client: module, class names,
  credential keyword, environment, request types; under `clients`, the same for every other
  client class the pages show, with the class whose resources it has too, `extends`).
"""

from __future__ import annotations

from typing import Any

PREFIX = "x-sdkgen-"  # every key below starts with it
RESOURCE = "x-sdkgen-resource"
METHOD = "x-sdkgen-method"
POSITIONAL = "x-sdkgen-positional"
STREAM = "x-sdkgen-stream"
STREAM_SETS = "sets"  # in STREAM: body properties the streaming method sets, with their values
RENDERED_ONLY = "x-sdkgen-rendered-only"
ALIASES = "x-sdkgen-aliases"
SDK = "x-sdkgen-sdk"
CLIENT = "x-sdkgen-client"
CODE_SAMPLES = "x-codeSamples"


def resource_of(operation: dict[str, Any]) -> str:
    """The dotted resource path the operation's SDK call is on (`""`: the client itself)."""
    return str(operation.get(RESOURCE) or "")


def method_of(operation: dict[str, Any]) -> str:
    """The SDK method name the merge gave the operation (`""`: none given)."""
    return str(operation.get(METHOD) or "")


def client_of(operation: dict[str, Any]) -> str:
    """The client class the operation is a method of (`""`: the first, the only one of most APIs)."""
    value = operation.get(CLIENT)
    return value if isinstance(value, str) else ""


def sdk_call_of(operation: dict[str, Any]) -> str:
    """`resource.method` of the operation's SDK call, as the report shows it."""
    return ".".join(part for part in (resource_of(operation), method_of(operation)) if part)


def set_sdk_call(operation: dict[str, Any], resource: tuple[str, ...], method: str) -> None:
    """Record the SDK call (resource path and method name) the operation becomes."""
    operation[RESOURCE] = ".".join(resource)
    operation[METHOD] = method


def is_rendered_only(operation: dict[str, Any]) -> bool:
    """Whether the operation is known only from a rendered reference page."""
    return bool(operation.get(RENDERED_ONLY))


def mark_rendered_only(operation: dict[str, Any]) -> None:
    operation[RENDERED_ONLY] = True


def aliases_of(schema: dict[str, Any]) -> list[str]:
    """Other names of a schema's type (from the pages' SDK examples), as written."""
    return [str(alias) for alias in schema.get(ALIASES) or []]


def without_aliases(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without its other names (for comparing definitions)."""
    return {key: value for key, value in schema.items() if key != ALIASES}


def is_own_key(key: str) -> bool:
    """Whether `key` is one of sdkgen's own extensions (as opposed to the vendor's `x-`)."""
    return key.startswith(PREFIX)
