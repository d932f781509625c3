"""What the README and reference.md say of the WebSocket channels: for each channel, how to
connect, send with its own messages' helpers and receive in a loop, sync and async; and in
the reference, `connect()`'s parameters, every message each way and the close rules.

Names in examples are identifiers and every value a Python literal (`usage_examples`); spec
prose is escaped for Markdown (`markdown_escape`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..common.markdown_escape import github_anchor, markdown_code, markdown_fence, markdown_line
from ..model.sdk_ir import Channel, ChannelMessage, ClientSpec
from .package_docs import ParameterDoc, ReadmeSection, parameter_doc, resource_paths
from .usage_examples import Call, Raw, call_arguments, credential_arguments, statement_lines

AUDIO = Raw('b"<audio bytes>"')  # what a binary helper's example sends


@dataclass(frozen=True)
class ChannelDoc:
    """One channel's section of the reference."""

    heading: str  # code span: `client.listen.v1.connect`
    anchor: str
    address: str  # code span of the address
    servers: list[str]  # code spans of its servers' URLs
    description: str  # one line of Markdown, may be empty
    parameters: list[ParameterDoc]
    sends: list[str]  # one line of Markdown per client message
    receives: list[str]  # one line of Markdown per server message
    example: str  # a fenced block: sync, then async


def channel_paths(client: ClientSpec) -> list[tuple[tuple[str, ...], Channel]]:
    """Every channel with the attribute path of its group, in the reference's order."""
    return [(path, channel) for path, resource in resource_paths(client) for channel in resource.channels]


def channel_example(client: ClientSpec, path: tuple[str, ...], channel: Channel, schemas: dict[str, Any], is_async: bool) -> list[str]:
    """Lines of a program that connects to `channel`, sends its first messages and prints
    each message it receives (its first server message class matched by name)."""
    package, name = client.package, client.async_client_name if is_async else client.client_name
    first = next((m.class_name for m in channel.server_messages if m.class_name), None)
    lines = ([] if not is_async else ["import asyncio", ""]) + [f"from {package} import {name}"]
    if first:
        lines.append(f"from {package}.models import {first}")
    lines += ["", ""] if is_async else [""]
    pad = "    " if is_async else ""
    if is_async:
        lines.append("async def main() -> None:")
    connect = Call("client." + ".".join((*path, channel.method_name)), call_arguments(channel.connect, schemas) or [])
    opener = "async with " if is_async else "with "
    body = statement_lines(opener, Call(name, credential_arguments(client)), " as client:", len(pad))
    body += statement_lines(opener, connect, " as connection:", len(pad) + 4)
    inner = pad + " " * 8
    awaited = "await " if is_async else ""
    for message in _shown_messages(channel):
        arguments: list[tuple[str | None, Any]] = []
        if message.binary:
            arguments = [(None, AUDIO)]
        elif message.call is not None:
            arguments = call_arguments(message.call, schemas) or []
        body += statement_lines(f"{awaited}connection.", Call(message.name, arguments), "", len(inner))
    loop = "async for" if is_async else "for"
    body.append(f"{inner}{loop} message in connection:")
    if first:
        body += [f"{inner}    if isinstance(message, {first}):", f"{inner}        print(message)"]
    else:
        body.append(f"{inner}    print(message)")
    lines += body
    if is_async:
        lines += ["", "", "asyncio.run(main())"]
    return lines


def channel_sections(client: ClientSpec, schemas: dict[str, Any]) -> list[ReadmeSection]:
    """The README's sections on the channels: how connections work, then each channel's own
    example, sync and async."""
    intro = (
        "Each WebSocket channel is a group's `connect()`: a context manager (`async with` on "
        f"{markdown_code(client.async_client_name)}) taking the channel's path and query parameters as keyword arguments, plus "
        "`url=` (a full URL instead of the derived one, such as a signed URL; the credential goes only to the API's own "
        "origin), `headers=`, `query=` and `max_message_size=` (16 MiB by default). The connection's `send_<message>(...)` "
        "helpers send the channel's messages (each fills in its own constant), `send()` takes a message model, a dict or "
        "`bytes`, and `for message in connection` (`async for`) yields each message as its class from `models`, `bytes` "
        "for a binary frame, or an `UnknownMessage` (never an exception); `recv(timeout=...)` returns one. The URL is "
        "`base_url` with `http` made `ws` (`https`: `wss`) plus the channel's address when the channel is on the API's "
        "host, else the channel's own server. A close with 1000 or 1001 ends the loop; any other code raises "
        "`WebSocketClosedError` (an `ApiError`, with `code` and `reason`); a refused handshake raises the error for its "
        "status, with the body, and a redirect is refused. The client's `timeout` bounds opening, each keepalive ping and "
        "closing. There is no automatic reconnect and no application-level keepalive: reconnect in your own loop, and "
        "send the channel's keep-alive message (if it has one) on a timer of your own."
    )
    sections = [ReadmeSection("WebSocket channels", intro, "")]
    for path, channel in channel_paths(client):
        dotted = "client." + ".".join((*path, channel.method_name))
        sync, asynchronous = (channel_example(client, path, channel, schemas, is_async) for is_async in (False, True))
        sends = ", ".join(markdown_code(m.name) for m in channel.client_messages) or "none"
        text = f"{markdown_code(channel.address)}: sends {sends}; see [reference.md](reference.md#{github_anchor(dotted)})."
        sections.append(ReadmeSection(f"WebSocket: {markdown_code(dotted)}", text, markdown_fence("\n".join([*sync, "", "", "# async", *asynchronous]) + "\n", "python")))
    return sections


def _shown_messages(channel: Channel) -> list[ChannelMessage]:
    """The messages an example sends: the first binary one and the first JSON one whose
    required fields all have a value (a JSON one with no fields is as good)."""
    shown = [m for m in channel.client_messages if m.binary][:1]
    shown += [m for m in channel.client_messages if not m.binary and m.call is not None][:1]
    return shown


def channel_docs(client: ClientSpec, schemas: dict[str, Any]) -> list[ChannelDoc]:
    """The reference's section of each channel."""
    docs = []
    for path, channel in channel_paths(client):
        dotted = "client." + ".".join((*path, channel.method_name))
        op = channel.connect
        parameters = [parameter_doc(p, where) for where, group in (("path", op.path_params), ("query", op.query_params), ("header", op.header_params)) for p in group]
        sync, asynchronous = (channel_example(client, path, channel, schemas, is_async) for is_async in (False, True))
        docs.append(
            ChannelDoc(
                heading=markdown_code(dotted),
                anchor=github_anchor(dotted),
                address=markdown_code(channel.address),
                servers=[markdown_code(url) for url in channel.servers],
                description=markdown_line(str(op.view.get("description") or "")),
                parameters=parameters,
                sends=[_send_line(message) for message in channel.client_messages],
                receives=_receive_lines(channel),
                example=markdown_fence("\n".join([*sync, "", "", "# async", *asynchronous]) + "\n", "python"),
            )
        )
    return docs


def _send_line(message: ChannelMessage) -> str:
    if message.binary:
        return f"{markdown_code(message.name + '(data: bytes)')}: one binary frame. {_prose(message)}".rstrip()
    fields = [p.name for p in message.body.fields] if message.body is not None else []
    call = markdown_code(f"{message.name}({', '.join(fields)})")
    constants = json_text(message.constants) if message.constants else ""
    filled = f" (sends {markdown_code(constants)} itself)" if constants else ""
    model = f"; or `send({message.class_name}(...))`" if message.class_name else ""
    return f"{call}: one JSON text frame{filled}{model}. {_prose(message)}".rstrip()


def _receive_lines(channel: Channel) -> list[str]:
    lines = []
    for message in channel.server_messages:
        if message.binary:
            continue
        value = message.constants.get(channel.discriminator) if channel.discriminator else None
        tag = f" (when {markdown_code(channel.discriminator)} is {markdown_code(json_text(value))})" if value is not None else ""
        lines.append(f"{markdown_code(str(message.class_name))}{tag}. {_prose(message)}".rstrip())
    for message in channel.server_messages:
        if message.binary:
            lines.append(f"`bytes`: each binary frame. {_prose(message)}".rstrip())
    lines.append("`UnknownMessage`: a frame that matches none of them (its `data` and `raw` kept; never an exception).")
    return lines


def _prose(message: ChannelMessage) -> str:
    return markdown_line(" ".join(message.description.split()))


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
