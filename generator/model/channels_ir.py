"""WebSocket channels as the SDK description (`sdk_ir.Channel`): from the merged channels
document (`asyncapi.json`, merge/channels.py), what each group's `connect()` takes and what
its connection sends and receives.

One mechanism with the REST operations: `connect()`'s arguments are an operation's path,
query and header parameters (`build_operation` on a view of the channel, so the wire
format, enums as `Literal` and unset values left out are the same), and each JSON client
message's `send_<name>(**fields)` is an operation's JSON body (its fields, and its constants
filled in by the helper as a body's constants are).

- The credential goes where the channel says: a header (or query parameter) it declares
  that a security scheme of the document sends (merge/channels.py gives a credential header
  no scheme sends a scheme of its own). A channel that declares none sends none, unless it
  is on the API's own host, where the API's security applies.
- The server: the client's `base_url` (made `ws`/`wss`) when the channel's default server is
  on the API's host; else the channel's own (a `base_url` set to another server takes every
  channel, as it takes every operation).
- Messages: a payload that is a union of schemas is one message per member (ElevenLabs'
  `subscribe` carries fourteen); the server messages' discriminating property is the one
  every JSON server message holds as a constant of its own.
"""

from __future__ import annotations

from typing import Any

from ..common.diagnostics import Diagnostics
from ..common.names import ref_to_name, snake_case
from ..common.pysyntax import docstring, pascal_identifier, snake_identifier, string_literal
from ..spec import extensions
from ..spec.security import scheme_wire
from .client_settings import ClientSettings, alternatives_source
from .operations_ir import METHOD_RESERVED, build_operation, host_name, resource_node
from .python_types import TypeMapper, is_object_with_properties
from .sdk_ir import Channel, ChannelMessage, Resource
from .type_expr import Model

# connect()'s own arguments: no channel parameter takes them.
CONNECT_RESERVED = METHOD_RESERVED | frozenset({"url", "headers", "query", "max_message_size"})
# Message names that say only the direction (ElevenLabs' pages): the payload's name is used.
_GENERIC_NAMES = frozenset({"publish", "subscribe", "send", "receive", "message", "messages", "event", "events"})
_BINARY_MEDIA = ("application/octet-stream", "audio/", "video/", "image/")
_HTTP_SCHEMES = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def build_channels(
    channels_document: dict[str, Any] | None,
    document: dict[str, Any],
    mapper: TypeMapper,
    settings: ClientSettings,
    nodes: dict[tuple[str, ...], Resource],
    taken: set[str],
    base_url: str,
    diagnostics: Diagnostics,
) -> list[Channel]:
    """Every channel of the channels document, each put on its group's node (made if new)."""
    if not channels_document:
        return []
    servers = channels_document.get("servers") or {}
    found: list[Channel] = []
    spec_names: set[str] = set()
    for address, raw in sorted((channels_document.get("channels") or {}).items()):
        if not isinstance(raw, dict):
            continue
        resource = tuple(part for part in extensions.resource_of(raw).split(".") if part) or ("channel",)
        node = resource_node(nodes, resource, taken, mapper.renames)
        channel = _channel(address, raw, resource, servers, document, mapper, settings, base_url, diagnostics)
        if node.channels:  # a second channel on one group: told apart by its address
            channel.method_name = snake_identifier("connect_" + snake_case(address), CONNECT_RESERVED)
        while channel.spec_name in spec_names:
            channel.spec_name += "_" + snake_case(address).upper()
        spec_names.add(channel.spec_name)
        node.channels.append(channel)
        found.append(channel)
    return found


def _channel(
    address: str,
    raw: dict[str, Any],
    resource: tuple[str, ...],
    servers: dict[str, Any],
    document: dict[str, Any],
    mapper: TypeMapper,
    settings: ClientSettings,
    base_url: str,
    diagnostics: Diagnostics,
) -> Channel:
    base = "".join(pascal_identifier(part) for part in resource)
    binding = (raw.get("bindings") or {}).get("ws") or {}
    parameters: list[dict[str, Any]] = []
    for name, parameter in (raw.get("parameters") or {}).items():
        parameter = parameter if isinstance(parameter, dict) else {}
        parameters.append({"name": name, "in": "path", "required": True, "schema": parameter.get("schema") or {"type": "string"}, "description": parameter.get("description") or ""})
    declared: list[tuple[str, str]] = []
    for location, key in (("query", "query"), ("header", "headers")):
        shape = mapper.resolve(binding.get(key) or {}) or {}
        required = set(shape.get("required") or [])
        for name, schema in (shape.get("properties") or {}).items():
            declared.append((location, str(name)))
            description = schema.get("description", "") if isinstance(schema, dict) else ""
            parameters.append({"name": name, "in": location, "required": name in required, "schema": schema, "description": description})
    view = {
        extensions.METHOD: "connect",
        "operationId": ".".join((*resource, "connect")),
        "summary": f"Open the WebSocket channel {address}.",
        "description": str(raw.get("description") or ""),
        "parameters": parameters,
    }
    connect = build_operation(address, "get", view, mapper, settings.taken, base + "Connect", {}, CONNECT_RESERVED)
    server_url = _default_server(raw, servers)
    on_api_host = not server_url or (bool(base_url) and host_name(server_url) == host_name(base_url))
    # The client's base URL stands for the channel's server only when it is that server, path
    # included (`https://api.x.test/v1` is not `wss://api.x.test/`, whose address has the /v1).
    at_base_url = not server_url or _http_form(server_url).rstrip("/") == base_url.rstrip("/")
    security, declares = _security(declared, document, settings)
    if security is None and not on_api_host:
        security = ()  # another host, no credential declared: none goes there
    client, server = _messages(raw, mapper, resource)
    discriminator = _discriminate(server)
    return Channel(
        spec_name="_".join(snake_case(part).upper() for part in resource) or "CHANNEL",
        class_name=base + "Connection",
        server_alias=base + "ServerMessage",
        client_alias=base + "ClientMessage",
        connect=connect,
        operation_id_source=string_literal(".".join((*resource, "connect"))),
        path_source=string_literal(address),
        server_source=None if at_base_url else string_literal(_http_form(server_url).rstrip("/")),
        credentials=on_api_host or declares,
        security_source="None" if security is None else alternatives_source(security),
        discriminator_source=string_literal(discriminator) if discriminator else None,
        discriminator=discriminator or "",
        client_messages=client,
        server_messages=server,
        receives_binary=any(m.binary for m in server),
        doc_source=docstring(f"A connection to the {address} channel: `for message in connection` yields each server message.") or '""',
        async_doc_source=docstring(f"A connection to the {address} channel: `async for message in connection` yields each server message.") or '""',
        address=address,
        servers=[str(servers[name].get("url")) for name in raw.get("servers") or [] if isinstance(servers.get(name), dict)],
    )


def _default_server(raw: dict[str, Any], servers: dict[str, Any]) -> str:
    """The URL of the channel's default server (the one marked `x-default`, else its first)."""
    named = [servers[name] for name in raw.get("servers") or list(servers) if isinstance(servers.get(name), dict)]
    chosen = next((server for server in named if server.get("x-default")), named[0] if named else {})
    return str(chosen.get("url") or "")


def _http_form(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return f"{_HTTP_SCHEMES.get(scheme.lower(), scheme)}{sep}{rest}"


def _security(declared: list[tuple[str, str]], document: dict[str, Any], settings: ClientSettings) -> tuple[tuple[tuple[str, ...], ...] | None, bool]:
    """The alternatives the handshake sends (each the credentials sent together), and
    whether the channel declares a credential: the schemes that send what it declares;
    None (the API's own) when it declares none."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    wanted = {(location, name.lower() if location == "header" else name) for location, name in declared}
    alternatives: list[tuple[str, ...]] = []
    for scheme_name, argument in settings.arguments.items():
        scheme = schemes.get(scheme_name)
        if not isinstance(scheme, dict):
            continue
        location, name, _ = scheme_wire(scheme)
        if (location, name.lower() if location == "header" else name) in wanted and (argument,) not in alternatives:
            alternatives.append((argument,))
    if not alternatives:
        return None, False
    return tuple(alternatives), True


def _messages(raw: dict[str, Any], mapper: TypeMapper, resource: tuple[str, ...]) -> tuple[list[ChannelMessage], list[ChannelMessage]]:
    """The client's messages (`publish`) and the server's (`subscribe`), a union payload one
    message per member."""
    group_words = [word for part in resource for word in snake_case(part).split("_") if word]
    sides: dict[str, list[ChannelMessage]] = {"publish": [], "subscribe": []}
    names: set[str] = set()
    for side, found in sides.items():
        message = (raw.get(side) or {}).get("message") or {}
        for entry in message.get("oneOf") or [message]:
            if not isinstance(entry, dict) or "payload" not in entry:
                continue
            text = str(entry.get("description") or entry.get("summary") or "")
            doc = docstring(text)
            payload = entry["payload"]
            if _is_binary(entry, payload, mapper):
                name = _helper_name(str(entry.get("name") or ""), payload, mapper, group_words, names)
                found.append(ChannelMessage(name, doc, binary=True, description=text))
                continue
            base = "".join(pascal_identifier(p) for p in resource)
            for member in _members(payload, mapper):
                target = _final_name(member, mapper)
                shape = mapper.class_schema(target) if target and mapper.is_class(target) else mapper.resolve(member) if isinstance(member, dict) else None
                constants = _constants(shape, mapper)
                if side == "subscribe":
                    class_name = _class_of(member, target, mapper, base + pascal_identifier(str(entry.get("name") or "message")))
                    if class_name:
                        found.append(ChannelMessage(class_name, doc, binary=False, class_name=class_name, description=text, constants=constants))
                    continue
                name = _helper_name(str(entry.get("name") or ""), member, mapper, group_words, names)
                class_name = _class_of(member, target, mapper, base + pascal_identifier(name.removeprefix("send_")))
                view = {"requestBody": {"required": True, "content": {"application/json": {"schema": member}}}, extensions.METHOD: name}
                built = build_operation("", "post", view, mapper, frozenset(), base + pascal_identifier(name), constants)
                found.append(ChannelMessage(name, doc, binary=False, body=built.body, class_name=class_name, call=built, description=text, constants=constants))
    return sides["publish"], sides["subscribe"]


def _class_of(member: Any, target: str, mapper: TypeMapper, hint: str) -> str | None:
    """The model class of a JSON message: its component's, or, for an object written in the
    message itself, a class of its own named after the group and the message (`ChatSaid`)."""
    if target:
        return mapper.python_names.get(target) if mapper.is_class(target) else None
    if isinstance(member, dict) and is_object_with_properties(member):
        found = mapper.named_type(member, hint)
        return found.name if isinstance(found, Model) else None
    return None


def _final_name(schema: Any, mapper: TypeMapper) -> str:
    """The component a reference ends at, through components that are only a reference
    (`V1SpeechToTextRealtimePublish` → `InputAudioChunk`); "" for an inline schema."""
    name, seen = "", set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and name not in seen:
        seen.add(name)
        name = ref_to_name(schema["$ref"]) or ""
        schema = mapper.schemas.get(name)
        if not (isinstance(schema, dict) and set(schema) <= {"$ref", "description", "title"}):
            break
    return name


def _members(payload: Any, mapper: TypeMapper) -> list[Any]:
    """A payload's messages: each member of a union (through references), else itself."""
    target = mapper.resolve(payload) if isinstance(payload, dict) else None
    if isinstance(target, dict) and not is_object_with_properties(target):
        members = target.get("oneOf") or target.get("anyOf")
        if isinstance(members, list) and members and all(isinstance(m, dict) and "$ref" in m for m in members):
            return [found for member in members for found in _members(member, mapper)]
    return [payload]


def _is_binary(entry: dict[str, Any], payload: Any, mapper: TypeMapper) -> bool:
    if str(entry.get("contentType") or "").lower().startswith(_BINARY_MEDIA):
        return True
    target = mapper.resolve(payload) if isinstance(payload, dict) else None
    return isinstance(target, dict) and target.get("type") == "string" and target.get("format") == "binary"


def _helper_name(message: str, payload: Any, mapper: TypeMapper, group_words: list[str], taken: set[str]) -> str:
    """`send_<name>`: the message's name without the group's words (`ListenV1Finalize` on
    `listen.v1` → `finalize`) nor a leading `Send`, the payload schema's when the name only
    says the direction."""
    target = _final_name(payload, mapper)
    words = [w for w in snake_case(message).split("_") if w]
    if not words or "_".join(words) in _GENERIC_NAMES or (target and len(_GENERIC_NAMES.intersection(words)) == len(words)):
        words = [w for w in snake_case(target or message or "message").split("_") if w]
    full = list(words)
    for word in group_words:
        if len(words) > 1 and words[0] == word:
            words = words[1:]
    if len(words) > 1 and words[0] == "send":  # `SendFunctionCallResponse`: `send_function_call_response`
        words = words[1:]
    for candidate in ("_".join(words), "_".join(full)):
        name = snake_identifier("send_" + candidate, CONNECT_RESERVED)
        if name not in taken:
            taken.add(name)
            return name
    name = snake_identifier("send_" + "_".join(full), CONNECT_RESERVED)
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _constants(shape: Any, mapper: TypeMapper) -> dict[str, Any]:
    """A message's properties that hold one value (`const`, a one-value enum), through references."""
    found: dict[str, Any] = {}
    if not isinstance(shape, dict):
        return found
    for name, prop in (shape.get("properties") or {}).items():
        target = mapper.resolve(prop) if isinstance(prop, dict) else None
        for candidate in (prop, target):
            if not isinstance(candidate, dict):
                continue
            if "const" in candidate and isinstance(candidate["const"], (str, int, bool)):
                found[str(name)] = candidate["const"]
                break
            values = candidate.get("enum")
            if isinstance(values, list) and len(values) == 1 and isinstance(values[0], (str, int, bool)):
                found[str(name)] = values[0]
                break
    return found


def _discriminate(server: list[ChannelMessage]) -> str | None:
    """The property every JSON server message holds as a distinct string constant."""
    parsed = [m for m in server if m.class_name]
    shapes = [m.constants for m in parsed]
    if not shapes:
        return None
    common = set(shapes[0]).intersection(*shapes[1:])
    for name in sorted(common):
        values = [shape[name] for shape in shapes]
        if all(isinstance(v, str) for v in values) and len(set(values)) == len(values):
            for message, shape in zip(parsed, shapes):
                message.constant_source = string_literal(shape[name])
            return name
    for message in server:
        message.constant_source = None
    return None


def channel_base_url(channels_document: dict[str, Any] | None) -> str:
    """The API's base URL when only channels name a server: the first channel's default
    server, in its http form."""
    if not channels_document:
        return ""
    servers = channels_document.get("servers") or {}
    for _, raw in sorted((channels_document.get("channels") or {}).items()):
        if isinstance(raw, dict):
            url = _default_server(raw, servers)
            if url:
                return _http_form(url).rstrip("/")
    return ""

