"""Read AsyncAPI 2.x blocks and documents into WebSocket channel records.

A Fern page's `## AsyncAPI Specification` block (or a standalone AsyncAPI 2.x document)
describes channels: an address, path parameters, the query parameters and headers of its
`ws` binding, the servers it is served from, and the messages that travel each way. This
module only reads what is written, with the file and line of every record; what the
messages mean (which way they go, which constant each carries) is the merge stage's
business (generator/merge/channels.py).

A channel is a WebSocket channel when it has a `ws` binding or the document has a `ws` or
`wss` server; other channels, and AsyncAPI 3 documents, are skipped with a notice. Message
references are followed by key (Fern's keys hold `/` and spaces:
`#/components/messages/subpackage_listen/v1.listen.v1-server-0-ListenV1Results`), never
split as a JSON pointer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from ..common.diagnostics import Diagnostics, SourceRef
from ..spec import extensions

MESSAGE_REF_PREFIX = "#/components/messages/"
SCHEMA_REF_PREFIX = "#/components/schemas/"
WS_PROTOCOLS = frozenset({"ws", "wss"})
BINARY = "binary"
TEXT = "text"
_PATH_PARAMETER = re.compile(r"\{([^{}/]+)\}")


@dataclass(frozen=True)
class ServerRecord:
    """One server a channel is served from."""

    name: str
    url: str
    protocol: str
    default: bool = False


@dataclass
class MessageRecord:
    """One message of a channel as written: under which operation (`publish` or
    `subscribe`), with its component key (`""` when written inline) and its payload."""

    key: str
    name: str
    operation: str  # "publish" | "subscribe": where the block writes it
    payload: Any  # the payload schema as written (a `$ref` to a component schema, mostly)
    source: SourceRef
    title: str = ""
    summary: str = ""
    description: str = ""
    content_type: str = ""
    operation_summary: str = ""  # the summary and description of the operation it is under
    operation_description: str = ""


@dataclass
class ChannelRecord:
    """One WebSocket channel of an AsyncAPI block."""

    address: str
    source: SourceRef
    description: str
    path_parameters: dict[str, Any]  # name -> schema (from `parameters`, else `string` per `{name}`)
    query: dict[str, Any]  # the `bindings.ws.query` schema (an object schema; {} when none)
    headers: dict[str, Any]  # the `bindings.ws.headers` schema
    servers: list[ServerRecord]
    messages: list[MessageRecord]
    resource: str | None = None  # `x-sdkgen-resource`, when the block is one sdkgen wrote


@dataclass
class AsyncApiBlock:
    """One AsyncAPI 2.x block or document: its channels and its component schemas."""

    source: SourceRef
    title: str  # the page's title (the document's `info.title` for a document)
    document: dict[str, Any]
    key_lines: dict[tuple[str, ...], int] = field(default_factory=dict)
    channels: list[ChannelRecord] = field(default_factory=list)
    from_page: bool = False  # a Fern page's block (as opposed to a standalone document)

    @property
    def info(self) -> dict[str, Any]:
        info = self.document.get("info")
        return info if isinstance(info, dict) else {}

    @property
    def schemas(self) -> dict[str, Any]:
        components = self.document.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        return schemas if isinstance(schemas, dict) else {}

    def line_of(self, path: tuple[str, ...]) -> SourceRef:
        for depth in range(len(path), 0, -1):
            line = self.key_lines.get(path[:depth])
            if line is not None:
                return SourceRef(self.source.path, line)
        return self.source


def asyncapi_version(document: dict[str, Any]) -> str:
    return str(document.get("asyncapi") or "")


def read_channels(block: AsyncApiBlock, diagnostics: Diagnostics) -> None:
    """Fill `block.channels` with its WebSocket channels (the others skipped with a notice)."""
    if block.from_page:
        _unprefix_message_schemas(block, diagnostics)
    document = block.document
    servers = _servers(document.get("servers"))
    ws_servers = [s for s in servers if s.protocol in WS_PROTOCOLS]
    channels = document.get("channels")
    if not isinstance(channels, dict) or not channels:
        diagnostics.notice(block.source, f"skipped AsyncAPI block on page {block.title!r}: it has no channels")
        return
    messages = _components(document, "messages")
    for address, channel in channels.items():
        where = block.line_of(("channels", str(address)))
        if not isinstance(channel, dict):
            diagnostics.error(where, f"channel {address!r} must be a mapping")
            continue
        bindings = channel.get("bindings")
        ws = bindings.get("ws") if isinstance(bindings, dict) else None
        if not isinstance(ws, dict) and not ws_servers:
            diagnostics.notice(where, f"skipped channel {address!r}: not a WebSocket channel (no `ws` binding and no ws or wss server)")
            continue
        ws = ws if isinstance(ws, dict) else {}
        named = channel.get("servers")  # AsyncAPI 2.2+: the servers this channel is on, by name
        own_servers = [s for s in servers if s.name in named] if isinstance(named, list) else servers
        own_ws = [s for s in own_servers if s.protocol in WS_PROTOCOLS]
        record = ChannelRecord(
            address=str(address),
            source=where,
            description=str(channel.get("description") or ""),
            path_parameters=_path_parameters(str(address), channel.get("parameters")),
            query=_object_schema(ws.get("query")),
            headers=_object_schema(ws.get("headers")),
            servers=own_ws or own_servers,
            messages=[],
        )
        own = channel.get(extensions.RESOURCE)  # a channel of an asyncapi.json sdkgen wrote
        record.resource = own if isinstance(own, str) else None
        for operation_name in ("publish", "subscribe"):
            operation = channel.get(operation_name)
            if operation is None:
                continue
            if not isinstance(operation, dict):
                diagnostics.error(block.line_of(("channels", str(address), operation_name)), f"channel {address!r}: `{operation_name}` must be a mapping")
                continue
            record.messages += _operation_messages(block, str(address), operation_name, operation, messages, diagnostics)
        block.channels.append(record)


_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9]*)_(?P<rest>[A-Za-z][A-Za-z0-9_]*)$")
_SCHEMA_REF = "#/components/schemas/"


def _unprefix_message_schemas(block: AsyncApiBlock, diagnostics: Diagnostics) -> None:
    """Fern's pages name a channel message's schema `<Channel>_<Message>` where the message's
    own name already starts with the channel's (`ListenV1_ListenV1Results`): the schema is
    named as the message (`ListenV1Results`, as the vendor's SDK calls it) when no other
    schema of the block has that name. References and line numbers follow; one notice
    lists the renames."""
    schemas = block.schemas
    table: dict[str, str] = {}
    for key in schemas:
        found = _PREFIXED.match(str(key))
        if found and found["rest"].startswith(found["prefix"]) and found["rest"] not in schemas and found["rest"] not in table.values():
            table[str(key)] = found["rest"]
    if not table:
        return
    renamed = {table.get(key, key): value for key, value in schemas.items()}
    block.document = _renamed_refs({**block.document, "components": {**block.document["components"], "schemas": renamed}}, table)
    for path, line in list(block.key_lines.items()):
        if path[:2] == ("components", "schemas") and len(path) > 2 and path[2] in table:
            block.key_lines[("components", "schemas", table[path[2]], *path[3:])] = line
    shown = ", ".join(f"{old} → {new}" for old, new in list(table.items())[:3]) + (", ..." if len(table) > 3 else "")
    diagnostics.notice(
        block.source,
        f"{len(table)} message schema(s) named without the channel prefix Fern's export adds ({shown}): each message's name starts with it already",
    )


def _renamed_refs(value: Any, table: dict[str, str]) -> Any:
    """`value` with every `#/components/schemas/<old>` reference made `<new>`."""
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF) and ref[len(_SCHEMA_REF) :] in table:
            value = {**value, "$ref": _SCHEMA_REF + table[ref[len(_SCHEMA_REF) :]]}
        return {key: _renamed_refs(item, table) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed_refs(item, table) for item in value]
    return value


def _operation_messages(
    block: AsyncApiBlock, address: str, operation_name: str, operation: dict[str, Any], components: dict[str, Any], diagnostics: Diagnostics
) -> list[MessageRecord]:
    at = block.line_of(("channels", address, operation_name))
    message = operation.get("message")
    listed: list[Any] = message["oneOf"] if isinstance(message, dict) and isinstance(message.get("oneOf"), list) else [message]
    found: list[MessageRecord] = []
    for entry in listed:
        key = ""
        source = at
        if isinstance(entry, dict) and isinstance(entry.get("$ref"), str):
            ref = entry["$ref"].strip()
            key = message_key(ref, components)
            if not key:
                diagnostics.error(at, f"channel {address!r}: message $ref {ref!r} points at no message of this block")
                continue
            source = block.line_of(("components", "messages", key))
            entry = components[key]
        if not isinstance(entry, dict):
            diagnostics.error(at, f"channel {address!r}: a message of `{operation_name}` is not a mapping")
            continue
        found.append(
            MessageRecord(
                key=key,
                name=str(entry.get("name") or entry.get("title") or key.rsplit("-", 1)[-1] or operation.get("operationId") or operation_name),
                operation=operation_name,
                payload=entry.get("payload", {}),
                source=source,
                title=str(entry.get("title") or ""),
                summary=str(entry.get("summary") or ""),
                description=str(entry.get("description") or ""),
                content_type=str(entry.get("contentType") or ""),
                operation_summary=str(operation.get("summary") or ""),
                operation_description=str(operation.get("description") or ""),
            )
        )
    return found


def message_key(ref: str, components: dict[str, Any]) -> str:
    """The key of `components.messages` a `$ref` names, matched as a whole key (Fern's keys
    hold `/` and spaces), else as a JSON pointer's escapes decode it; `""` when none."""
    if not ref.startswith(MESSAGE_REF_PREFIX):
        return ""
    raw = ref[len(MESSAGE_REF_PREFIX) :]
    for candidate in (raw, unquote(raw), raw.replace("~1", "/").replace("~0", "~"), unquote(raw).replace("~1", "/").replace("~0", "~")):
        if candidate in components:
            return candidate
    return ""


def _components(document: dict[str, Any], kind: str) -> dict[str, Any]:
    components = document.get("components")
    entries = components.get(kind) if isinstance(components, dict) else None
    return entries if isinstance(entries, dict) else {}


def _servers(value: Any) -> list[ServerRecord]:
    servers: list[ServerRecord] = []
    if not isinstance(value, dict):
        return servers
    for name, server in value.items():
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            url = server["url"]
            protocol = str(server.get("protocol") or (url.split("://", 1)[0] if "://" in url else "")).lower()
            servers.append(ServerRecord(str(name), url, protocol, server.get("x-default") is True))
    return servers


def _object_schema(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _path_parameters(address: str, declared: Any) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    declared = declared if isinstance(declared, dict) else {}
    for name in _PATH_PARAMETER.findall(address):
        parameter = declared.get(name)
        schema = parameter.get("schema") if isinstance(parameter, dict) else None
        entry: dict[str, Any] = dict(schema) if isinstance(schema, dict) else {"type": "string"}
        if isinstance(parameter, dict) and parameter.get("description") and "description" not in entry:
            entry["description"] = str(parameter["description"])
        parameters[name] = entry
    return parameters
