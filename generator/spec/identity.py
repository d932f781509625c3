"""Give every operation the resource path and method name its users know it by.

Fern pages repeat operationIds (`get`, `list`) but carry the endpoint's full identity in
`info.version`: `endpoint_conversationalAi/conversations.get` is
`client.conversational_ai.conversations.get(...)` in the vendor's own SDK. Plain OpenAPI
documents may say the same with `x-fern-sdk-group-name` / `x-fern-sdk-method-name`;
otherwise the first tag and the operationId are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..common.names import snake_case
from .extensions import method_of, resource_of

_FERN_ENDPOINT = re.compile(r"^endpoint_(?P<group>[^.]*)\.(?P<method>[^.]+)$")


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
    tags = operation.get("tags") or []
    resource = (snake_case(str(tags[0])),) if tags and isinstance(tags[0], str) else ()
    operation_id = operation.get("operationId")
    if operation_id:
        return OperationIdentity(resource, snake_case(str(operation_id)))
    return OperationIdentity(resource, snake_case(f"{http_method} {path}"))
