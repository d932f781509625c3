"""Give every operation the resource path and method name its users know it by.

Fern pages repeat operationIds (`get`, `list`) but carry the endpoint's full identity in
`info.version`: `endpoint_conversationalAi/conversations.get` is
`client.conversational_ai.conversations.get(...)` in the vendor's own SDK. Plain OpenAPI
documents may say the same with `x-fern-sdk-group-name` / `x-fern-sdk-method-name`;
otherwise the first tag and the operationId are used. Newer Fern exports put `1.0.0` in
`info.version` (not an `endpoint_...` identity: ignored) and tag operations
`subpackage_prompts` (nested: `subpackage_prompts/versions`): the resource is then the
deepest such tag without the prefix (`prompts.versions`), as the vendor's SDK names it; an
empty tag (`''`) puts the operation on the client itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..common.names import snake_case
from .extensions import method_of, resource_of

_FERN_ENDPOINT = re.compile(r"^endpoint_(?P<group>[^.]*)\.(?P<method>[^.]+)$")
_SUBPACKAGE = "subpackage_"
_FERN_CHANNEL = re.compile(r"^subpackage_(?P<group>[^.]*)\.(?P<name>.+)$")


@dataclass(frozen=True, order=True)
class OperationIdentity:
    """Where an operation sits in the SDK: the resource path and the method name."""

    resource: tuple[str, ...]
    method: str

    @property
    def dotted(self) -> str:
        return ".".join((*self.resource, self.method))


def operation_identity(document: dict[str, Any], operation: dict[str, Any], http_method: str, path: str) -> OperationIdentity:
    own_method = method_of(operation)
    if isinstance(own_method, str) and own_method:  # a document sdkgen merged: keep its identities
        own_resource = resource_of(operation)
        return OperationIdentity(tuple(p for p in own_resource.split(".") if p), own_method)
    version = str((document.get("info") or {}).get("version", ""))
    fern = _FERN_ENDPOINT.match(version)
    if fern and len(document.get("paths") or {}) == 1:
        group = [snake_case(part) for part in fern.group("group").split("/") if part]
        return OperationIdentity(tuple(group), snake_case(fern.group("method")))
    group_name = operation.get("x-fern-sdk-group-name")
    method_name = operation.get("x-fern-sdk-method-name")
    if method_name:
        parts = group_name if isinstance(group_name, list) else [group_name] if group_name else []
        return OperationIdentity(tuple(snake_case(str(p)) for p in parts), snake_case(str(method_name)))
    tags = operation.get("tags")
    resource = tag_resource(tags if isinstance(tags, list) else [])
    operation_id = operation.get("operationId")
    if operation_id:
        return OperationIdentity(resource, snake_case(str(operation_id)))
    return OperationIdentity(resource, snake_case(f"{http_method} {path}"))


def tag_resource(tags: list[Any]) -> tuple[str, ...]:
    """The resource path an operation's tags give: the first tag, snake_case; for Fern's
    `subpackage_` tags the deepest of them, each part without the prefix; none for an
    empty first tag or no tag."""
    names = [tag for tag in tags if isinstance(tag, str)]
    if not names or not names[0].strip():
        return ()
    if not names[0].startswith(_SUBPACKAGE):
        return (snake_case(names[0]),)
    deepest = max((tag for tag in names if tag.startswith(_SUBPACKAGE)), key=lambda tag: tag.count("/"))
    return tuple(snake_case(part.removeprefix(_SUBPACKAGE)) for part in deepest.split("/") if part.removeprefix(_SUBPACKAGE))


def channel_resource(info: dict[str, Any], title: str, address: str) -> tuple[str, ...]:
    """The client group a WebSocket channel's `connect` is on. Fern's AsyncAPI blocks name
    the channel's subpackage in `info.version` (`subpackage_listen/v1.listen.v1`: the group
    `listen/v1`), the group its resources take as REST operations' `subpackage_` tags do
    (`listen.v1`); otherwise the document's title (`info.title`, else the page's), else the
    address's words."""
    fern = _FERN_CHANNEL.match(str(info.get("version") or ""))
    if fern:
        found = tag_resource([_SUBPACKAGE + fern.group("group")])
        if found:
            return found
    for text in (str(info.get("title") or ""), title, address):
        name = snake_case(text)
        if name and any(c.isalpha() for c in name):
            return (name,)
    return ("channel",)
