"""Streaming pairs: one endpoint, two SDK methods, one returning the JSON answer and one
yielding the events of its `text/event-stream` answer.

Two shapes are recognised, from the schema alone:

- **Two pages, two identities.** Pages with the same method and path but different SDK
  identities, one answering JSON and one answering only an event stream (a `chat` page and a
  `chat_stream` page). OpenAPI holds one operation per method and path, so the merged
  operation is the JSON pages' one, and the streaming pages' view is kept whole under
  `x-sdkgen-stream`: an operation object of its own (`operationId`, `x-sdkgen-resource`,
  `x-sdkgen-method`, `parameters`, `requestBody`, `responses`...) plus `sets`, the request
  body values that ask for the stream (`{"stream": true}`). sdkgen reads the extension back
  as the streaming page (`generated/openapi.json` is an input too), so the pair survives.
- **One operation documenting both answers**: a request body with a boolean `stream` and a
  success response listing JSON and `text/event-stream`. The streaming method is
  `<method>_stream`.

The streaming method sends the flag `true` itself; the other sends `false` when its own body
has the property, else leaves it out. Neither takes it as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .extensions import METHOD, STREAM, STREAM_SETS, method_of, resource_of
from .operation_view import JSON_MEDIA, json_media, success_content
from .schema_forms import resolve_refs

EVENT_STREAM = "text/event-stream"
FLAG = "stream"  # the usual name of a body flag asking for the answer as an event stream

Schema = dict[str, Any]


@dataclass(frozen=True)
class StreamSplit:
    """An operation as two SDK methods: `plain` returns the JSON answer, `stream` its events."""

    plain: dict[str, Any]
    stream: dict[str, Any]
    plain_sets: dict[str, bool]  # body values the plain method sends itself
    stream_sets: dict[str, bool]  # body values the streaming method sends itself
    paired: bool  # True: two pages (x-sdkgen-stream); False: one operation documents both answers


def success_media(operation: dict[str, Any]) -> list[str]:
    """The media types of the operation's first 2xx response."""
    return [str(media) for media in success_content(operation.get("responses"))]


def answers_only_events(operation: dict[str, Any]) -> bool:
    """Its success answer is an event stream, and not JSON: a streaming page's view."""
    media = success_media(operation)
    return EVENT_STREAM in media and not any(JSON_MEDIA.match(m) for m in media)


def body_properties(operation: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The properties of the operation's JSON request body (behind `$ref`s), or {}."""
    body = operation.get("requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict):
        return {}
    media = json_media(content)
    schema = resolve_refs(media.get("schema") if media else None, schemas)
    properties = schema.get("properties") if schema else None
    return properties if isinstance(properties, dict) else {}


def stream_flag(stream: dict[str, Any], plain: dict[str, Any], schemas: dict[str, Any]) -> str | None:
    """The body property the streaming view sets to true to ask for the stream: one it holds
    to `true` (`const: true`, Fern's literal) that the plain view does not, else a boolean
    `stream`; None when its body has neither."""
    own = body_properties(stream, schemas)
    other = body_properties(plain, schemas)
    for name, schema in own.items():
        if _is_true(schema, schemas) and not _is_true(other.get(name), schemas):
            return str(name)
    return FLAG if _is_boolean(own.get(FLAG), schemas) else None


def split_stream(operation: dict[str, Any], schemas: dict[str, Any]) -> StreamSplit | None:
    """The operation as its two SDK methods, or None when it has no streaming answer to split off."""
    view = operation.get(STREAM)
    if isinstance(view, dict):
        stream = {key: value for key, value in view.items() if key != STREAM_SETS}
        for inherited in ("servers", "security"):
            if inherited in operation and inherited not in stream:
                stream[inherited] = operation[inherited]
        sets = view.get(STREAM_SETS)
        stream_sets = {str(k): v for k, v in sets.items() if isinstance(v, bool)} if isinstance(sets, dict) else {}
        plain = {key: value for key, value in operation.items() if key != STREAM}
        own = body_properties(plain, schemas)
        plain_sets = {name: not value for name, value in stream_sets.items() if name in own}
        return StreamSplit(plain, stream, plain_sets, stream_sets, paired=True)
    media = success_media(operation)
    if EVENT_STREAM not in media or not any(JSON_MEDIA.match(m) for m in media):
        return None
    if not _is_boolean(body_properties(operation, schemas).get(FLAG), schemas):
        return None
    method = method_of(operation)
    if not method:
        return None
    resource = resource_of(operation)
    stream = {
        **operation,
        "operationId": ".".join(p for p in (resource, method + "_stream") if p),
        METHOD: method + "_stream",
        "responses": _with_success_media(operation["responses"], keep_events=True),
    }
    plain = {**operation, "responses": _with_success_media(operation["responses"], keep_events=False)}
    return StreamSplit(plain, stream, {FLAG: False}, {FLAG: True}, paired=False)


def _with_success_media(responses: dict[str, Any], keep_events: bool) -> dict[str, Any]:
    """The responses with each 2xx answer narrowed to the event stream, or to everything else."""
    result: dict[str, Any] = {}
    for code, response in responses.items():
        content = response.get("content") if isinstance(response, dict) else None
        if str(code).startswith("2") and isinstance(content, dict):
            kept = {m: v for m, v in content.items() if (m == EVENT_STREAM) == keep_events}
            response = {**response, "content": kept}
        result[code] = response
    return result


def _is_true(schema: Any, schemas: dict[str, Any]) -> bool:
    resolved = resolve_refs(schema, schemas) or {}
    values = resolved.get("enum")
    return resolved.get("const") is True or (isinstance(values, list) and len(values) == 1 and values[0] is True)


def _is_boolean(schema: Any, schemas: dict[str, Any]) -> bool:
    resolved = resolve_refs(schema, schemas) or {}
    kinds = resolved.get("type")
    if kinds == "boolean" or (isinstance(kinds, list) and "boolean" in kinds):
        return True
    if "const" in resolved:
        return isinstance(resolved["const"], bool)
    values = resolved.get("enum")
    return isinstance(values, list) and bool(values) and all(isinstance(v, bool) for v in values)
