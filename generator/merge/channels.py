"""WebSocket channels: what the AsyncAPI blocks' messages mean, merged into one AsyncAPI 2.6
document (`asyncapi.json`) that shares its schemas with the OpenAPI one.

Fern's exports bend AsyncAPI 2.x; each bend is undone here:

- direction: AsyncAPI 2.x `publish` holds what the *client* sends; Fern writes the server's
  messages under it. Each message's direction is told from evidence, strongest first: its id
  (`...-server-0-ListenV1Results`, `...-client-1-...`), its own summary, title and
  description ("Receive ...", "sent by the server"), the summary and description of the
  operation it is under ("Server messages"), and last the convention of its writer (Fern's
  inverted one for a Fern page or a document with Fern's ids; the standard meaning for any
  other document and for an `asyncapi.json` sdkgen wrote), with a notice when only the
  convention decided;
- one shared `type` enum (`Finalize`, `CloseStream`, `KeepAlive`) on several control
  messages: each message's own value is the one its name ends with, made a `const` on that
  message's copy of the enum (or on the message's property when the enum is shared);
- message payloads are schemas of the shared pool: they are named and merged with the
  OpenAPI schemas (generator/merge/variants.py, schema_merge.py), so a clash is reported as
  any other; `stringLiteral` constants and "Any type" are normalized as elsewhere
  (normalize.py); message `$ref` keys holding `/` and spaces are matched by key (read/asyncapi.py).

Each channel gets its SDK identity, `x-sdkgen-resource` (spec/identity.py channel_resource):
the dotted path of the client group whose `connect` opens it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.json_values import copy_json
from ..common.names import pascal_join, ref_to_name
from ..read.asyncapi import BINARY, TEXT, AsyncApiBlock, ChannelRecord, MessageRecord, ServerRecord
from ..read.reader import Fragment
from ..spec import extensions
from ..spec.identity import channel_resource
from ..spec.security import scheme_wire
from .credentials import CREDENTIAL_NAME
from .normalize import normalize_schema
from .variants import rename_refs

ASYNCAPI_VERSION = "2.6.0"
CLIENT = "client"  # sent by the client
SERVER = "server"  # sent by the server
WS_BINDING_VERSION = "0.1.0"

_ID = re.compile(r"(?:^|[-_./ ])(?P<side>server|client)-\d+-", re.I)
_SERVER_TEXT = re.compile(
    r"\b(?:(?:sent|emitted|returned|pushed|streamed) (?:back )?(?:by|from) the server|server (?:messages?|events?|sends)|"
    r"from the server|to the client)\b|^\s*(?:receive|received|receives)\b",
    re.I,
)
_CLIENT_TEXT = re.compile(
    r"\b(?:sent by the client|client (?:messages?|events?|sends)|from the client|to the server)\b|^\s*(?:send|sends)\b",
    re.I,
)
_BINARY_TYPES = ("application/octet-stream", "audio/", "video/", "image/")


@dataclass(frozen=True)
class Evidence:
    """One thing that tells a message's direction: what kind, what it says, where."""

    kind: str  # "message id", "message text", "operation text", "convention"
    direction: str  # CLIENT | SERVER
    text: str
    source: SourceRef


@dataclass
class ChannelMessage:
    """One message of a merged channel."""

    name: str
    direction: str  # CLIENT (the client sends it) | SERVER (the client receives it)
    frame: str  # TEXT (a JSON text frame) | BINARY
    payload: Any  # normalized, its `$ref`s to the final schema names
    source: SourceRef
    evidence: list[Evidence] = field(default_factory=list)
    written: MessageRecord | None = None
    constant: tuple[str, Any] | None = None  # the discriminating property and its value
    literal_note: str = ""  # how its own constant was told, when the page's enum listed several

    @property
    def decided_by(self) -> Evidence:
        return self.evidence[0]

    @property
    def schema_name(self) -> str | None:
        ref = self.payload.get("$ref") if isinstance(self.payload, dict) else None
        return ref_to_name(ref) if isinstance(ref, str) else None


@dataclass
class Channel:
    """One merged WebSocket channel."""

    address: str
    resource: tuple[str, ...]
    source: SourceRef
    description: str
    path_parameters: dict[str, Any]
    query: dict[str, Any]
    headers: dict[str, Any]
    servers: list[ServerRecord]
    messages: list[ChannelMessage]
    discriminators: dict[str, str] = field(default_factory=dict)  # direction -> property name

    def sent_by(self, side: str) -> list[ChannelMessage]:
        return [m for m in self.messages if m.direction == side]


# -- before naming: the blocks' schemas as fragments of the shared pool ------------------------


def schema_fragments(blocks: list[AsyncApiBlock]) -> list[Fragment]:
    """Each AsyncAPI block's component schemas as a fragment of its own (no paths): they are
    normalized, named and merged with the OpenAPI fragments' schemas."""
    fragments = []
    for block in blocks:
        document = {
            "openapi": "3.1.0",
            "info": {"title": block.title, "version": str(block.info.get("version") or "")},
            "paths": {},
            "components": {"schemas": block.schemas},
        }
        fragment = Fragment(source=block.source, document=document, title=block.title)
        fragment.key_lines = block.key_lines
        fragments.append(fragment)
    return fragments


def infer_message_literals(blocks: list[AsyncApiBlock], documents: list[dict[str, Any]]) -> dict[tuple[int, str], str]:
    """Give each message its own constant where the page's enum lists several messages' values
    (the normalized `documents`, one per block, are changed in place); the notes, by (block,
    message key or name)."""
    notes: dict[tuple[int, str], str] = {}
    for index, (block, document) in enumerate(zip(blocks, documents)):
        schemas = (document.get("components") or {}).get("schemas") or {}
        counts = _reference_counts(document)
        for channel in block.channels:
            for message in channel.messages:
                note = _own_literal(message, schemas, counts)
                if note:
                    notes[(index, message.key or message.name)] = note
    return notes


def _own_literal(message: MessageRecord, schemas: dict[str, Any], counts: dict[str, int]) -> str:
    payload = _payload_schema(message.payload, schemas)
    properties = payload.get("properties") if isinstance(payload, dict) else None
    if not isinstance(properties, dict):
        return ""
    wanted = _squash(message.name)
    for prop_name, prop in properties.items():
        target_name, target = _target(prop, schemas)
        values = target.get("enum") if isinstance(target, dict) else None
        if not isinstance(values, list) or len(values) < 2 or not all(isinstance(v, str) for v in values):
            continue
        matching = [v for v in values if _squash(v) and wanted.endswith(_squash(v))]
        if not matching:
            continue
        value = max(matching, key=lambda v: len(_squash(v)))
        if sum(1 for v in matching if len(_squash(v)) == len(_squash(value))) > 1:
            continue
        listed = ", ".join(str(v) for v in values)
        if target_name is not None and counts.get(target_name, 0) <= 1:
            del target["enum"]
            target["const"] = value  # the message's own copy of the enum
        else:
            own = {k: v for k, v in (target or {}).items() if k != "enum"}
            description = prop.get("description") if isinstance(prop, dict) else None
            properties[prop_name] = {**own, **({"description": description} if description else {}), "const": value}
        return f"`{prop_name}` is `{value}` (its name ends with it; the page's enum lists {listed})"
    return ""


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _payload_schema(payload: Any, schemas: dict[str, Any]) -> Any:
    ref = payload.get("$ref") if isinstance(payload, dict) else None
    name = ref_to_name(ref) if isinstance(ref, str) else None
    return schemas.get(name) if name is not None else payload


def _target(prop: Any, schemas: dict[str, Any]) -> tuple[str | None, Any]:
    """The schema a property's enum is in: the component it refers to, else itself."""
    if not isinstance(prop, dict):
        return None, None
    ref = prop.get("$ref")
    if ref is None and isinstance(prop.get("allOf"), list) and len(prop["allOf"]) == 1 and isinstance(prop["allOf"][0], dict):
        ref = prop["allOf"][0].get("$ref")
    name = ref_to_name(ref) if isinstance(ref, str) else None
    if name is not None:
        return name, schemas.get(name)
    return None, prop


def _reference_counts(document: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            name = ref_to_name(ref) if isinstance(ref, str) else None
            if name is not None:
                counts[name] = counts.get(name, 0) + 1
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return counts


# -- after naming: the channels ---------------------------------------------------------------


def merge_channels(
    blocks: list[AsyncApiBlock],
    tables: list[dict[str, str]],
    schemas: dict[str, Any],
    literal_notes: dict[tuple[int, str], str],
    diagnostics: Diagnostics,
) -> list[Channel]:
    """Every block's channels with their messages' directions, frames and constants, their
    schemas referring to the pool's final names; in address order (a channel two pages
    describe is the first page's, with a warning)."""
    by_address: dict[str, Channel] = {}
    for index, (block, table) in enumerate(zip(blocks, tables)):

        def prepared(schema: Any, table: dict[str, str] = table) -> Any:
            return rename_refs(normalize_schema(copy_json(schema)), lambda raw: table.get(raw, raw))

        convention = _convention(block)
        for record in block.channels:
            channel = _channel(block, record, prepared, convention, index, literal_notes, schemas, diagnostics)
            earlier = by_address.get(channel.address)
            if earlier is not None:
                diagnostics.warning(channel.source, f"channel {channel.address!r} is also described at {earlier.source}; the first description is kept")
                continue
            by_address[channel.address] = channel
    channels = [by_address[address] for address in sorted(by_address)]
    for channel in channels:
        for side in (CLIENT, SERVER):
            _discriminate(channel, side, schemas)
    return channels


def _convention(block: AsyncApiBlock) -> str:
    """Which way the block's writer reads `publish`: "fern" (the server's messages) or
    "asyncapi" (the client's, as AsyncAPI 2.x says)."""
    if any(channel.resource is not None for channel in block.channels):
        return "asyncapi"  # an asyncapi.json sdkgen wrote
    fern_version = str(block.info.get("version") or "").startswith("subpackage_")
    fern_ids = any(_ID.search(m.key) for c in block.channels for m in c.messages)
    return "fern" if block.from_page or fern_version or fern_ids else "asyncapi"


def _channel(
    block: AsyncApiBlock,
    record: ChannelRecord,
    prepared: Any,
    convention: str,
    index: int,
    literal_notes: dict[tuple[int, str], str],
    schemas: dict[str, Any],
    diagnostics: Diagnostics,
) -> Channel:
    resource = tuple(p for p in record.resource.split(".") if p) if record.resource is not None else channel_resource(block.info, block.title, record.address)
    messages = []
    for written in record.messages:
        evidence = _evidence(written, convention)
        direction = evidence[0].direction
        against = [e for e in evidence[1:] if e.direction != direction and e.kind != "convention"]
        if against:
            diagnostics.warning(
                written.source,
                f"message {written.name!r}: its {evidence[0].kind} says the {direction} sends it, its {against[0].kind} says otherwise "
                f"({against[0].text!r}); the {evidence[0].kind} decides",
            )
        if evidence[0].kind == "convention":
            diagnostics.notice(written.source, f"message {written.name!r}: only the writer's convention tells which way it goes ({evidence[0].text})")
        payload = prepared(written.payload)
        message = ChannelMessage(
            name=written.name,
            direction=direction,
            frame=_frame(payload, written.content_type, schemas),
            payload=payload,
            source=written.source,
            evidence=evidence,
            written=written,
            literal_note=literal_notes.get((index, written.key or written.name), ""),
        )
        _check_payload(message, schemas, diagnostics)
        messages.append(message)
    return Channel(
        address=record.address,
        resource=resource,
        source=record.source,
        description=record.description,
        path_parameters={name: prepared(schema) for name, schema in record.path_parameters.items()},
        query=prepared(record.query),
        headers=prepared(record.headers),
        servers=record.servers,
        messages=messages,
    )


def _evidence(message: MessageRecord, convention: str) -> list[Evidence]:
    found: list[Evidence] = []
    side = _ID.search(message.key)
    if side:
        found.append(Evidence("message id", side.group("side").lower(), message.key, message.source))
    for kind, texts in (
        ("message text", (message.summary, message.title, message.description)),
        ("operation text", (message.operation_summary, message.operation_description)),
    ):
        for text in texts:
            direction = _text_direction(text)
            if direction is not None:
                found.append(Evidence(kind, direction, _first_line(text), message.source))
                break
    server_side = "publish" if convention == "fern" else "subscribe"
    direction = SERVER if message.operation == server_side else CLIENT
    writer = "Fern writes the server's messages under `publish`" if convention == "fern" else "AsyncAPI 2.x: `publish` holds what the client sends"
    found.append(Evidence("convention", direction, f"under `{message.operation}`; {writer}", message.source))
    return found


def _text_direction(text: str) -> str | None:
    server, client = _SERVER_TEXT.search(text), _CLIENT_TEXT.search(text)
    if server and client:
        return SERVER if server.start() < client.start() else CLIENT
    return SERVER if server else CLIENT if client else None


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= 120 else line[:117] + "..."


def _frame(payload: Any, content_type: str, schemas: dict[str, Any]) -> str:
    if content_type.lower().startswith(_BINARY_TYPES):
        return BINARY
    schema = _payload_schema(payload, schemas)
    if isinstance(schema, dict) and schema.get("type") == "string" and schema.get("format") == "binary":
        return BINARY
    if isinstance(schema, dict) and schema.get("type") == "string" and str(schema.get("contentMediaType") or "").startswith(_BINARY_TYPES):
        return BINARY
    return TEXT


def _check_payload(message: ChannelMessage, schemas: dict[str, Any], diagnostics: Diagnostics) -> None:
    stack: list[Any] = [message.payload]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref_to_name(ref)
                if name is None or name not in schemas:
                    diagnostics.error(message.source, f"message {message.name!r}: $ref {ref!r} points at a schema this block does not have")
            stack.extend(v for k, v in node.items() if k not in ("example", "examples", "default", "const", "enum"))
        elif isinstance(node, list):
            stack.extend(node)


def _variants(payload: Any, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """The object shapes a payload may take: itself, or each member of its union."""
    schema = _payload_schema(payload, schemas)
    if not isinstance(schema, dict):
        return []
    members = schema.get("anyOf")
    if isinstance(members, list):
        return [s for m in members for s in _variants(m, schemas)]
    return [schema] if isinstance(schema.get("properties"), dict) else []


def _constants(shape: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, prop in (shape.get("properties") or {}).items():
        _, target = _target(prop, schemas)
        for holder in (prop, target):
            if isinstance(holder, dict) and "const" in holder:
                found[name] = holder["const"]
                break
            values = holder.get("enum") if isinstance(holder, dict) else None
            if isinstance(values, list) and len(values) == 1:  # a one-value enum is a constant too
                found[name] = values[0]
                break
    return found


def _discriminate(channel: Channel, side: str, schemas: dict[str, Any]) -> None:
    """The property every JSON message of one direction carries as a distinct constant."""
    shapes: list[tuple[ChannelMessage, dict[str, Any]]] = []
    for message in channel.sent_by(side):
        if message.frame == TEXT:
            shapes += [(message, _constants(shape, schemas)) for shape in _variants(message.payload, schemas)]
    if not shapes:
        return
    common = set(shapes[0][1])
    for _, constants in shapes[1:]:
        common &= set(constants)
    for name in sorted(common):
        values = [json.dumps(constants[name], sort_keys=True) for _, constants in shapes]
        if len(set(values)) == len(values):
            channel.discriminators[side] = name
            for message in channel.sent_by(side):
                own = [constants[name] for m, constants in shapes if m is message]
                if len(own) == 1:
                    message.constant = (name, own[0])
            return


# -- the merged document -----------------------------------------------------------------------


def channels_document(channels: list[Channel], schemas: dict[str, Any], title: str) -> dict[str, Any]:
    """The merged channels as one self-contained AsyncAPI 2.6 document: `publish` holds what
    the client sends and `subscribe` what it receives (AsyncAPI 2.x's meaning), every schema
    they refer to in `components.schemas`, and `info.version` a hash of the content."""
    servers: dict[str, dict[str, Any]] = {}
    document_channels: dict[str, Any] = {}
    for channel in channels:
        names = [_server_name(server, servers) for server in channel.servers]
        entry: dict[str, Any] = {}
        if channel.description:
            entry["description"] = channel.description
        entry[extensions.RESOURCE] = ".".join(channel.resource)
        entry["servers"] = names
        if channel.path_parameters:
            entry["parameters"] = {name: {"schema": schema} for name, schema in channel.path_parameters.items()}
        binding: dict[str, Any] = {}
        if channel.query:
            binding["query"] = channel.query
        if channel.headers:
            binding["headers"] = channel.headers
        binding["bindingVersion"] = WS_BINDING_VERSION
        entry["bindings"] = {"ws": binding}
        for operation, side in (("publish", CLIENT), ("subscribe", SERVER)):
            sent = channel.sent_by(side)
            if sent:
                entry[operation] = {"message": {"oneOf": [_message(m) for m in sent]}}
        document_channels[channel.address] = entry
    used = _closure([document_channels], schemas)
    document: dict[str, Any] = {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {"title": title, "version": ""},
        "servers": servers,
        "channels": document_channels,
    }
    if used:
        document["components"] = {"schemas": {name: schemas[name] for name in sorted(used)}}
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    document["info"]["version"] = f"sdkgen-{digest[:12]}"
    return document


def _message(message: ChannelMessage) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": message.name}
    written = message.written
    for key, value in (("title", written.title if written else ""), ("summary", written.summary if written else ""), ("description", written.description if written else "")):
        if value:
            entry[key] = value
    entry["contentType"] = "application/octet-stream" if message.frame == BINARY else "application/json"
    entry["payload"] = message.payload
    return entry


def _server_name(server: ServerRecord, taken: dict[str, dict[str, Any]]) -> str:
    """The server's name as AsyncAPI 2.6 allows one (`^[A-Za-z0-9_-]+$`), told apart from a
    server of another URL that has the same name."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "_", server.name).strip("_") or "server"
    entry: dict[str, Any] = {"url": server.url, "protocol": server.protocol}
    if server.default:
        entry["x-default"] = True
    name, number = base, 1
    while name in taken and taken[name] != entry:
        number += 1
        name = f"{base}_{number}"
    taken[name] = entry
    return name


def _closure(roots: list[Any], schemas: dict[str, Any]) -> set[str]:
    used: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            name = ref_to_name(ref) if isinstance(ref, str) else None
            if name is not None and name in schemas and name not in used:
                used.add(name)
                stack.append(schemas[name])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return used


def learn_channel_credentials(document: dict[str, Any], channels: list[Channel], diagnostics: Diagnostics) -> dict[str, Any]:
    """A credential header a channel declares (`Authorization`, `xi-api-key`) that no
    security scheme of the document sends: a scheme of its own (`apiKey` in that header), so
    that the client takes the credential (`api_key` and its environment variable) and the
    channel's connection sends it; the key is sent as it is, since a channel's binding says
    nothing of a form. A header a scheme already sends is that scheme's (model/channels_ir.py)."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    sent = {name.lower() for location, name, _ in (scheme_wire(s) for s in schemes.values() if isinstance(s, dict)) if location == "header"}
    added: dict[str, Any] = {}
    for channel in channels:
        for header in (channel.headers.get("properties") or {}) if isinstance(channel.headers, dict) else {}:
            if not isinstance(header, str) or not CREDENTIAL_NAME.search(header) or header.lower() in sent:
                continue
            name = pascal_join(header) + "Auth"
            while name in schemes or name in added:
                name = "Channel" + name
            added[name] = {"type": "apiKey", "in": "header", "name": header}
            sent.add(header.lower())
            diagnostics.notice(
                channel.source,
                f"channel {channel.address}: its credential header {header!r} is sent by no security scheme of the "
                f"document: the client takes it as a credential ({name}, apiKey in the {header} header, the key as it is)",
            )
    if not added:
        return document
    components = dict(document.get("components") or {})
    components["securitySchemes"] = {**schemes, **added}
    return {**document, "components": components}


def channel_title(blocks: list[AsyncApiBlock], openapi_title: str, given: str | None) -> str:
    """The merged channels' title: the one given, else that of an `asyncapi.json` sdkgen wrote
    (so that merging it again gives it back), else the OpenAPI document's."""
    if given:
        return given
    own = next((b for b in blocks if any(c.resource is not None for c in b.channels)), None)
    return str(own.info.get("title") or openapi_title) if own is not None else openapi_title

