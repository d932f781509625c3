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

A plain OpenAPI document (no page, no Fern names: `plain_identities`) is named the way SDKs
made by hand for such APIs read: the resource is the first tag, else the path's first
segment that is not a version (`/v1/files/{id}` is `files`); the method is the operationId
without the words the resource already says (`Files` / `listFiles` is `files.list`, `Users` /
`get_users_me` is `users.get_me`), else the verb and the path's shape (`list`, `create`,
`retrieve`, `update`, `delete`, `cancel` for `POST /{id}/cancel`). Shorter names that would
meet within one resource all keep their longer form.
"""

from __future__ import annotations

import re
from collections.abc import Collection
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
    """The identity a page's block (or any document, one operation at a time) gives: the
    named identities of `given_identity`, else the first tag and the operationId as written."""
    given = given_identity(document, operation)
    if given is not None:
        return given
    tags = operation.get("tags")
    resource = tag_resource(tags if isinstance(tags, list) else [])
    operation_id = operation.get("operationId")
    if operation_id:
        return OperationIdentity(resource, snake_case(str(operation_id)))
    return OperationIdentity(resource, snake_case(f"{http_method} {path}"))


def given_identity(document: dict[str, Any], operation: dict[str, Any]) -> OperationIdentity | None:
    """The identity the document states outright: sdkgen's own (a document it merged),
    Fern's `endpoint_...` version or Fern's `x-fern-sdk-*` names; None when only tags and an
    operationId (or nothing) name the operation."""
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
    return None


def fern_tagged(operation: dict[str, Any]) -> bool:
    """Whether the first tag is one of Fern's: `subpackage_...`, or empty (the client itself)."""
    tags = operation.get("tags")
    names = [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []
    return bool(names) and (not names[0].strip() or names[0].startswith(_SUBPACKAGE))


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


# -- plain OpenAPI documents ------------------------------------------------------------

# A path segment that says the API's version or prefix, not a resource: `v1`, `v2beta`,
# `api`, `rest`, `2024-01-01`, `1.0`.
_VERSION_SEGMENT = re.compile(r"(?:v\d+(?:[._]?\d+)*(?:alpha|beta|preview)?\d*|api|rest|\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)*)\Z", re.IGNORECASE)
# Words that only tie the resource's noun to the name (`cancel_a_subscription`,
# `update_billing_info_for_a_customer`): they go with it when they come right before it.
# Not `in`, `on`, `to`...: they also end compounds (`sign_in_page`, `opt_in`, `add_on`).
_TIES = frozenset({"a", "an", "the", "for", "of"})


@dataclass(frozen=True)
class PlainName:
    """A plain document's operation as the SDK names it, and the shortest name it gave up
    because another operation of the resource would have had it too (None: not given up)."""

    identity: OperationIdentity
    given_up: str | None = None


def is_plain(document: dict[str, Any], operation: dict[str, Any]) -> bool:
    """Whether the plain-document naming applies: nothing names the operation outright."""
    return given_identity(document, operation) is None and not fern_tagged(operation)


def plain_identities(operations: list[tuple[str, str, dict[str, Any]]], taken: Collection[str] = ()) -> dict[tuple[str, str], PlainName]:
    """The SDK identity of each (path, method, operation) of plain documents, by (path, method)
    (the first operation given for a pair names it). A name that two operations of a resource
    would share, or that `taken` (other operations' dotted identities) holds, is given up by
    every operation that would have it for its next longer one: without the resource's words,
    then the route's name (the operationId without a framework's path-and-verb suffix), then
    the whole operationId (without one: the verb and the whole path); never a counter."""
    resources: dict[tuple[str, str], tuple[str, ...]] = {}
    names: dict[tuple[str, str], list[str]] = {}
    for path, method, operation in operations:
        if (path, method) not in names:
            resources[(path, method)] = path_resource(operation, path)
            names[(path, method)] = list(dict.fromkeys(_method_names(operation, method, path, resources[(path, method)])))
    level = dict.fromkeys(names, 0)
    while True:
        holders: dict[str, list[tuple[str, str]]] = {}
        for key in sorted(names):
            holders.setdefault(".".join((*resources[key], names[key][level[key]])), []).append(key)
        meeting = [key for dotted, keys in holders.items() if len(keys) > 1 or dotted in taken for key in keys if level[key] + 1 < len(names[key])]
        if not meeting:
            break
        for key in meeting:
            level[key] += 1
    return {key: PlainName(OperationIdentity(resources[key], names[key][level[key]]), names[key][0] if level[key] else None) for key in names}


def path_resource(operation: dict[str, Any], path: str) -> tuple[str, ...]:
    """The resource of a plain document's operation: its first tag, else the path's first
    segment that is not a version or a parameter (one level: `/users/{id}/posts` is on
    `users`), else the client itself."""
    tags = operation.get("tags")
    found = tag_resource(tags if isinstance(tags, list) else [])
    if found:
        return found
    literals = _literal_segments(path)
    return (snake_case(literals[0]),) if literals else ()


def _literal_segments(path: str) -> list[str]:
    """The path's segments that are neither parameters nor versions, in order."""
    segments = [s for s in path.split("/") if s and "{" not in s]
    return [s for s in segments if not _VERSION_SEGMENT.match(s) and any(c.isalnum() for c in s)]


def _method_names(operation: dict[str, Any], method: str, path: str, resource: tuple[str, ...]) -> tuple[str, ...]:
    """A plain document's operation's names, shortest first."""
    operation_id = operation.get("operationId")
    if operation_id:
        route = snake_case(_route_name(str(operation_id), method, path))
        return _without_resource(route, resource), route, snake_case(str(operation_id))
    return _shape_name(operation, method, path, resource), snake_case(f"{method} {path}")


def _route_name(operation_id: str, method: str, path: str) -> str:
    """The operationId without the path and verb some frameworks append to the route's
    name (`list_models_v1_models_get` for `GET /v1/models` is `list_models`)."""
    suffix = re.sub(r"\W", "_", path) + "_" + method
    if operation_id.endswith(suffix) and len(operation_id) > len(suffix):
        return operation_id[: -len(suffix)]
    return operation_id


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 1:
        return word[:-1]
    return word


def _without_resource(name: str, resource: tuple[str, ...]) -> str:
    """`name` without the words the resource's last part already says (singular or plural):
    the longest run of them that ends with its last word (`vector_stores`: `vector_store`,
    else `store`), where it names what the name acts on: first (`droplets_destroy`), right
    after the verb (`list_files`), or after a tying word (`update_billing_info_for_a_customer`);
    elsewhere it says something else (`retrieve_project_role` on `roles`) and stays. The name
    as given where nothing would be left."""
    if not resource:
        return name
    words = name.split("_")
    nouns = [_singular(w) for w in resource[-1].split("_")]
    for start in range(len(nouns)):
        kept = _drop_runs(words, nouns[start:])
        if kept != words:
            stripped = "_".join(kept)
            return stripped if kept and stripped.isidentifier() and not stripped[0].isdigit() else name
    return name


def _drop_runs(words: list[str], run: list[str]) -> list[str]:
    """`words` without each occurrence of `run` (compared in the singular) that comes first,
    second or after a tying word, with the tying words right before it."""
    kept: list[str] = []
    index = 0
    while index < len(words):
        placed = index <= 1 or words[index - 1] in _TIES
        if placed and [_singular(w) for w in words[index : index + len(run)]] == run:
            while kept and kept[-1] in _TIES:
                kept.pop()
            index += len(run)
            continue
        kept.append(words[index])
        index += 1
    return kept


def _shape_name(operation: dict[str, Any], method: str, path: str, resource: tuple[str, ...]) -> str:
    """A name from the verb and the path's shape, for an operation with no operationId:
    on the resource's collection `list`, `create` (GET, POST); on one item (the path ends
    with a parameter) `retrieve`, `update` (PUT, PATCH, POST), `delete`; a further segment
    names the part: `POST /jobs/{id}/cancel` is `cancel`, `GET /users/{id}/followers` is
    `list_followers` (`retrieve_...` when the answer is not a list)."""
    literals = _literal_segments(path)
    if literals and resource and _singular(snake_case(literals[0])) == _singular(resource[-1]):
        literals = literals[1:]
    part = "_".join(snake_case(s) for s in literals)
    item = "{" in path.rstrip("/").rsplit("/", 1)[-1]
    verb = method.lower()
    if verb == "post" and part and not item:
        return part
    if verb == "get":
        head = "retrieve" if item or (part and not _answers_list(operation)) else "list"
    elif verb == "post":
        head = "update" if item else "create"
    elif verb in ("put", "patch"):
        head = "update"
    elif verb == "delete":
        head = "delete"
    else:
        head = verb
    return f"{head}_{part}" if part else head


def _answers_list(operation: dict[str, Any]) -> bool:
    """Whether a 2xx answer is a JSON array."""
    responses = operation.get("responses")
    for status, response in responses.items() if isinstance(responses, dict) else ():
        content = response.get("content") if str(status).startswith("2") and isinstance(response, dict) else None
        for media in content.values() if isinstance(content, dict) else ():
            schema = media.get("schema") if isinstance(media, dict) else None
            if isinstance(schema, dict) and schema.get("type") == "array":
                return True
    return False
