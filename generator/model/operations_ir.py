"""The client as data: resources in a tree, one method per operation, typed arguments."""

from __future__ import annotations

import json
import textwrap
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..common.diagnostics import Diagnostics
from ..common.markdown_escape import markdown_code as md_code
from ..common.names import ref_to_name
from ..common.pysyntax import (
    UniqueNames,
    docstring,
    parameter_declaration,
    pascal_identifier,
    snake_identifier,
    string_literal,
)
from ..merge.normalize import HTTP_METHODS
from ..spec import extensions
from ..spec.extensions import method_of, resource_of
from ..spec.operation_view import JSON_MEDIA, media_schema, pick_media, success_response
from ..spec.paging import Paging, detect_paging, page_object
from ..spec.schema_forms import split_null, types_of
from ..spec.streaming import split_stream
from .client_settings import client_settings, env_prefix
from .models_ir import attribute_names
from .python_types import TypeMapper, is_object_with_properties
from .sdk_ir import (
    Body,
    ClientSpec,
    Operation,
    Pagination,
    Parameter,
    Resource,
    SdkOptions,
)
from .type_expr import (
    ANY,
    BODY,
    DICT,
    FILE_INPUT,
    FILES,
    NONE,
    NUMBERS,
    SIGNATURE,
    STR,
    Generic,
    Model,
    Name,
    PyType,
    Union,
    admits_none,
    is_list,
    or_none,
    union,
    without_none,
)

Schema = dict[str, Any]
# Names a parameter cannot take: the method's own. Everything else a generated method body
# uses is `_`-prefixed (`_response`, `_page`, `_models`, `_parse_json`, `_builtins.str`),
# which no parameter name is, so an argument keeps its API name (`page`, `models`, `str`)
# and still cannot shadow what the body means; tests/test_hostile.py checks every body.
METHOD_RESERVED = frozenset({"self", "request_options"})
# Names the client module's annotations use: a method with one of them would shadow it.
METHOD_NAME_RESERVED = frozenset(
    {"str", "int", "float", "bool", "bytes", "object", "Any", "List", "Dict", "Union", "Literal", "Annotated"}
    | {"models", "cast", "httpx", "os", "tag_of", "json_body", "parse_json", "parse_json_as", "annotations"}
)
# Resource attributes that would replace the client's own members.
CLIENT_RESERVED = frozenset({"close", "aclose", "with_options"})
EVENT_STREAM = "text/event-stream"


def build_client(
    document: dict[str, Any], mapper: TypeMapper, options: SdkOptions, diagnostics: Diagnostics, channels_document: dict[str, Any] | None = None
) -> ClientSpec:
    """The client (the first class) and, where the pages show several client classes (`x-sdkgen-sdk`
    `clients`), every other one in `others`: each with the operations marked as its own. The
    WebSocket channels (`channels_document`) are the first class's."""
    operations = list(_operations(document))
    others = _other_classes(document)
    groups: dict[str, list[tuple[str, str, dict[str, Any]]]] = {"": [], **{name: [] for name, _, _ in others}}
    for entry in operations:
        owner = extensions.client_of(entry[2])
        groups[owner if owner in groups else ""].append(entry)
    # Every class name is taken before the first resource is named.
    taken = {options.client_name, "Async" + options.client_name} | {n for name, async_name, _ in others for n in (name, async_name)}
    main = _build_one(document, groups[""], mapper, options, options.client_name, "Async" + options.client_name, taken, diagnostics, channels_document)
    built = {"": main}
    for name, async_name, _ in others:
        built[name] = _build_one(document, groups[name], mapper, options, name, async_name, taken, diagnostics)
        main.others.append(built[name])
    for name, _, parent in others:
        if parent is not None and parent in built and parent != name:
            _extend(built[name].root, built[parent].root)
    return main


def _other_classes(document: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(class, async class, the class it extends: "" for the first) of every client class but
    the first the pages show; names that are not Python class names are left out."""
    sdk = document.get(extensions.SDK)
    entries = sdk.get("clients") if isinstance(sdk, dict) else None
    first = sdk.get("client") if isinstance(sdk, dict) else None
    found: list[tuple[str, str, str | None]] = []
    seen: set[str] = set()
    for entry in entries if isinstance(entries, list) else []:
        name = entry.get("client") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not _is_class_name(name) or name in seen:
            continue
        async_name = entry.get("async-client")
        async_name = async_name if isinstance(async_name, str) and _is_class_name(async_name) and async_name != name else "Async" + name
        parent = entry.get("extends")
        found.append((name, async_name, "" if parent == first else parent if isinstance(parent, str) else None))
        seen.update((name, async_name))
    return found


def _is_class_name(name: str) -> bool:
    return name.isascii() and pascal_identifier(name) == name


def _extend(root: Resource, parent: Resource) -> None:
    """`root` gets the methods and resources of `parent` that it has no member of that name for
    (the same resource classes: a v2 client with the v1 client's resources)."""
    names = {op.name for op in root.operations} | {child.attribute for child in root.children}
    names |= {sibling for op in root.operations for sibling in (op.stream_name, op.pagination and op.pagination.method_name) if sibling}
    families = [(op, {op.name, *(sibling for sibling in (op.stream_name, op.pagination and op.pagination.method_name) if sibling)}) for op in parent.operations]
    # An operation whose method `root` replaces is left out with every view of it (the v1
    # `chat_stream` of a v1 `chat` the v2 client has its own `chat` for).
    replaced = {(op.method, op.path) for op, family in families if family & names}
    for op, family in families:
        if (op.method, op.path) not in replaced and not family & names:
            root.operations.append(op)
            names |= family
    for child in parent.children:
        if child.attribute not in names:
            root.children.append(child)
            names.add(child.attribute)


def _build_one(
    document: dict[str, Any],
    operations: list[tuple[str, str, dict[str, Any]]],
    mapper: TypeMapper,
    options: SdkOptions,
    client_name: str,
    async_client_name: str,
    taken: set[str],
    diagnostics: Diagnostics,
    channels_document: dict[str, Any] | None = None,
) -> ClientSpec:
    """One client class and its resources (and the channels of `channels_document`); `taken`
    holds the class names given so far."""
    settings = client_settings(document, [op for _, _, op in operations], client_name)
    root = Resource("", client_name, async_client_name, None, [], [])
    nodes: dict[tuple[str, ...], Resource] = {(): root}
    event_pairs: list[tuple[Operation, Operation]] = []
    for path, method, operation in operations:
        split = split_stream(operation, mapper.schemas)
        views = [(operation, {})] if split is None else [(split.plain, split.plain_sets), (split.stream, split.stream_sets)]
        built_views = []
        for view, sets in views:
            resource = tuple(resource_of(view).split(".")) if resource_of(view) else ()
            node = resource_node(nodes, resource, taken, mapper.renames)
            built = build_operation(path, method, view, mapper, settings.taken, _hint(resource, view), sets)
            built.security_source = settings.operation_security_source(operation)
            node.operations.append(built)
            built_views.append(built)
        if split is not None and built_views[1].response_kind == "events":
            event_pairs.append((built_views[0], built_views[1]))
    servers = document.get("servers") or [{}]
    base_url = str(servers[0].get("url") or "") if isinstance(servers[0], dict) else ""
    channels = []
    if channels_document:  # loaded for WebSocket channels only (and it builds on this module)
        from .channels_ir import build_channels, channel_base_url

        if not base_url and not operations:  # only channels: the first one's server
            base_url = channel_base_url(channels_document)
        channels = build_channels(channels_document, document, mapper, settings, nodes, taken, base_url, diagnostics)
    _settle_attribute_names(root, diagnostics, mapper.renames)
    for plain, streaming in event_pairs:  # named once the names are settled
        plain.events_sibling_source = string_literal(streaming.name)
    _own_servers(root, operations, base_url, options.credential_hosts, bool(settings.credentials), diagnostics)
    return ClientSpec(
        package=options.package,
        client_name=client_name,
        async_client_name=async_client_name,
        base_url_source=string_literal(base_url) if base_url else None,
        base_url_env=f"{env_prefix(client_name)}_BASE_URL",
        credentials=settings.credentials,
        headers=settings.headers,
        security_source=settings.security_source,
        title_source=docstring(options.title) or '""',
        root=root,
        resources=_post_order(root)[:-1],
        channels=channels,
    )


def _own_servers(
    root: Resource, operations: list[tuple[str, str, dict[str, Any]]], base_url: str, credential_hosts: tuple[str, ...], has_credentials: bool, diagnostics: Diagnostics
) -> None:
    """Operations on a server of their own call it (the client's base_url, when set to another
    server, takes every call instead). The credentials go only to the API's own host (the
    base URL's, exactly) and the hosts of `credential_hosts`: never by a rule on domain
    labels, which `collector.evil.co.uk` beside `api.acme.co.uk` would pass. An operation on
    any other host is generated without them (`credentials=False`), with a warning."""
    own = {(string_literal(path), string_literal(method.upper())): str(op["servers"][0].get("url") or "") for path, method, op in operations
           if isinstance(op.get("servers"), list) and op["servers"] and isinstance(op["servers"][0], dict)}  # fmt: skip
    trusted = {host_name(base_url), *(host_name(f"//{host}") for host in credential_hosts)} - {""}
    warned: set[tuple[str, str]] = set()
    for resource in _post_order(root):
        for built in resource.operations:  # both methods of a streaming pair
            url = own.get((string_literal(built.path), built.http_method_source), "")
            if not url or url.rstrip("/") == base_url.rstrip("/"):
                continue
            built.server_source = string_literal(url.rstrip("/"))
            host = host_name(url)
            if host in trusted:
                continue
            built.server_credentials = False
            if has_credentials and (built.operation_id_source, host) not in warned:
                warned.add((built.operation_id_source, host))
                diagnostics.warning(
                    None,
                    f"operation {built.operation_id_source} is served by {host or url!r}, not by the API's host "
                    f"{host_name(base_url)!r}: credentials are not sent to {host or url!r}; add it to "
                    "credential_hosts in [tool.sdkgen] if it is the API's",
                )


def host_name(url: str) -> str:
    """The host of `url`, lower-case, without a final dot ('' when it has none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


def client_name_for(document: dict[str, Any]) -> str:
    """A client class name from the API's host: `https://api.deepgram.com` → `Deepgram`."""
    servers = document.get("servers") or [{}]
    host = urlsplit(str(servers[0].get("url") or "") if isinstance(servers[0], dict) else "").hostname or ""
    labels = [label for label in host.split(".") if label and label not in ("api", "www", "com", "io", "org", "net", "dev", "ai", "co")]
    return pascal_identifier(labels[-1] if labels else "Api") if labels else "Api"


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                shared = [p for p in item.get("parameters") or [] if isinstance(p, dict)]
                if shared:
                    own = {(p.get("name"), p.get("in")) for p in operation.get("parameters") or []}
                    operation = {**operation, "parameters": [*(p for p in shared if (p.get("name"), p.get("in")) not in own), *(operation.get("parameters") or [])]}
                found.append((path, method, operation))
    return found


def resource_node(nodes: dict[tuple[str, ...], Resource], resource: tuple[str, ...], taken: set[str], renames: list[tuple[str, str, str, str]]) -> Resource:
    """The resource node for a path of names, made (with its parents) when new; `taken` holds
    the class names given so far."""
    known = next(length for length in range(len(resource), -1, -1) if resource[:length] in nodes)
    for length in range(known + 1, len(resource) + 1):
        parent, path = nodes[resource[: length - 1]], resource[:length]
        base = "".join(pascal_identifier(part) for part in path)
        class_name, counter = base + "Client", 2
        while class_name in taken or "Async" + class_name in taken:  # `async_foo` next to `foo`
            class_name, counter = f"{base}{counter}Client", counter + 1
        if class_name != base + "Client":
            renames.append(("resource class", base + "Client", class_name, f"{md_code(base + 'Client')} (or {md_code('Async' + base + 'Client')}) names another class"))
        node = Resource(snake_identifier(path[-1]), class_name, "Async" + class_name, None, [], [])
        taken.update((node.class_name, node.async_class_name))
        parent.children.append(node)
        nodes[path] = node
    return nodes[resource]


def _hint(resource: tuple[str, ...], operation: dict[str, Any]) -> str:
    return "".join(pascal_identifier(part) for part in resource) + pascal_identifier(method_of(operation) or "call")


def build_operation(
    path: str,
    method: str,
    operation: dict[str, Any],
    mapper: TypeMapper,
    taken: frozenset[tuple[str, str]],
    hint: str,
    sets: dict[str, Any],
    reserved: frozenset[str] = METHOD_RESERVED,
) -> Operation:
    """One SDK method; `taken`: the parameters the client sends itself (credentials, headers
    every call takes); `sets`: request body properties it sends itself (a streaming pair's
    flag, a channel message's constant); `reserved`: names no argument may take."""
    names = UniqueNames(reserved)
    params: dict[str, list[Parameter]] = {"path": [], "query": [], "header": [], "cookie": []}
    styles: list[tuple[str, str]] = []
    described: list[tuple[str, str]] = []
    for raw in operation.get("parameters") or []:
        if not isinstance(raw, dict) or raw.get("in") not in params or not raw.get("name"):
            continue
        wire = str(raw["name"])
        if (raw["in"], wire.lower() if raw["in"] == "header" else wire) in taken:
            continue  # the client sends it (a credential, or a header every call takes)
        required = bool(raw.get("required")) or raw["in"] == "path"
        annotation = _argument_type(mapper, raw.get("schema") or {}, hint + pascal_identifier(wire))
        if not required:
            annotation = or_none(annotation)
        wanted = snake_identifier(wire, reserved)
        parameter = Parameter(names.claim(wanted), string_literal(wire), annotation, required)
        if parameter.name != wanted:
            mapper.renames.append((f"argument of {method.upper()} {path}", wire, parameter.name, f"another parameter is also {md_code(wanted)} in Python"))
        parameter.wire, parameter.schema, parameter.description = wire, raw.get("schema") or {}, str(raw.get("description") or "")
        params[raw["in"]].append(parameter)
        style = _style(raw, mapper)
        if style is not None:
            location = string_literal(str(raw["in"]))
            styles.append((f"({location}, {parameter.wire_source})", style))
        if raw.get("description"):
            described.append((parameter.name, str(raw["description"])))
    body = _body(operation.get("requestBody"), mapper, names, hint, described, sets, f"{method.upper()} {path}")
    responses = operation.get("responses") or {}
    cases = _success_cases(responses, mapper, hint)
    kind, annotation, parse, needs_cast = _response(responses, mapper, hint) if cases is None else _by_status(cases)
    event_type = None
    if kind == "events":
        event_type, annotation = (parse.source(BODY) if parse else None), Generic("Iterator", (Name("ServerSentEvent"),))
    method_name = snake_identifier(method_of(operation) or method, METHOD_NAME_RESERVED)
    # A path that carries a query string of its own (`/responses/{id}?beta=true`): the string
    # is sent as query items before the operation's own (a parameter of the same name wins).
    route, _, fixed = path.partition("?")
    wires = {parameter.wire for parameter in params["query"]}
    fixed_query = [(string_literal(name), string_literal(value)) for name, value in parse_qsl(fixed, keep_blank_values=True) if name not in wires]
    text = "\n\n".join(str(operation.get(k)).strip() for k in ("summary", "description") if operation.get(k))
    if described:
        text += "\n\nArgs:\n" + "\n".join(f"    {name}: {' '.join(desc.split())}" for name, desc in described)
    built = Operation(
        name=method_name,
        http_method_source=string_literal(method.upper()),
        path_source=string_literal(route),
        doc_source=docstring(text),
        path_params=params["path"],
        query_params=params["query"],
        header_params=params["header"],
        cookie_params=params["cookie"],
        styles=styles,
        body=body,
        response_kind=kind,
        response_annotation=annotation.source(SIGNATURE),
        response_parse=parse.source(BODY) if parse else "",
        response_needs_cast=needs_cast,
        operation_id_source=string_literal(str(operation.get("operationId") or method_name)),
        errors=_errors(responses, mapper, hint),
        response_cases=[(key, case_type.source(SIGNATURE), value) for key, case_type, value in cases or []],
        event_type=event_type,
        stream_name=None,
        pagination=None,
    )
    built.fixed_query = fixed_query
    built.positional = _positional(params["path"], operation.get(extensions.POSITIONAL))
    built.path, built.method, built.view = path, method.upper(), operation
    _declare(built)
    if kind == "bytes" or any(value == string_literal("bytes") for _, _, value in cases or []):
        # a binary answer, maybe among others: its body may be large, so it can be streamed
        built.stream_name = method_name + "_stream"
    if kind == "model":
        # A page the method casts (a list, an alias of an `allOf` page) is walked too.
        paging = detect_paging(operation, mapper.schemas)
        built.pagination = _pagination(built, paging, success_response(responses)[2], mapper, hint) if paging else None
    return built


# The wire format of parameters (OpenAPI's `style`, `explode` and `allowReserved`): the styles
# each location admits, its default first. The runtime (_core/params.py) sends a parameter
# without style data as before; the generator writes style data only where the document gives
# a style that changes what goes on the wire.
PARAMETER_STYLES: dict[str, tuple[str, ...]] = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}
BODY_STYLES = PARAMETER_STYLES["query"]  # an `encoding` entry's styles, as for a query parameter


def _style(raw: dict[str, Any], mapper: TypeMapper) -> str | None:
    """The `(style, explode, allow_reserved)` literal the runtime serializes a parameter with,
    or None where what it sends without one is the same: the document gives no style, or
    gives the location's default for a value that cannot be an object (an unstyled query
    object goes out as JSON, as Fern-described APIs expect; a styled one by its style)."""
    if not any(key in raw for key in ("style", "explode", "allowReserved")):
        return None
    location = str(raw["in"])
    choices = PARAMETER_STYLES[location]
    style = raw.get("style") if raw.get("style") in choices else choices[0]
    explode = raw["explode"] if isinstance(raw.get("explode"), bool) else style == "form"
    reserved = raw.get("allowReserved") is True and location == "query"
    default = (choices[0], choices[0] == "form", False)
    if (style, explode, reserved) == default and not (location == "query" and _may_be(raw.get("schema"), mapper, {"object"})):
        return None
    return f"({string_literal(str(style))}, {explode}, {reserved})"


def _encoding(field: str, entry: Any, kind: str, schema: Any, mapper: TypeMapper) -> str | None:
    """The `(style, explode, allow_reserved, content_type)` literal of one form or multipart
    property's `encoding` entry, or None where it changes nothing on the wire. A style (given by
    `style`, `explode` or `allowReserved`) wins over the content type, as the specification
    says; a content type listing several types (or a wildcard) names none to send."""
    if not isinstance(entry, dict):
        return None
    styled = any(key in entry for key in ("style", "explode", "allowReserved"))
    media = entry.get("contentType")
    media = media.strip() if isinstance(media, str) and "," not in media and "*" not in media and media.strip() else None
    if not styled:
        # a form body's property is text, or JSON for an object or a list, with or without one
        return None if kind == "form" or media is None else f"(None, True, False, {string_literal(media)})"
    style = entry.get("style") if entry.get("style") in BODY_STYLES else "form"
    explode = entry["explode"] if isinstance(entry.get("explode"), bool) else style == "form"
    reserved = entry.get("allowReserved") is True and kind == "form"
    if (style, explode, reserved) == ("form", True, False) and not _may_be(schema, mapper, {"object", "array"}):
        return None  # a scalar: the same text either way
    return f"({string_literal(str(style))}, {explode}, {reserved}, None)"


def _may_be(schema: Any, mapper: TypeMapper, kinds: set[str], depth: int = 0) -> bool:
    """Whether a value of `schema` may be one of `kinds` ("object", "array"); a schema that
    does not say (no type, or references deeper than 16) may be anything."""
    target = mapper.resolve(schema) if isinstance(schema, dict) else None
    if target is None or depth > 16:
        return True
    members = [m for key in ("oneOf", "anyOf", "allOf") for m in target.get(key) or [] if isinstance(target.get(key), list)]
    if members:
        return any(_may_be(member, mapper, kinds, depth + 1) for member in members)
    found = set(types_of(target))
    if found:
        return bool(found & kinds)
    if "properties" in target or "additionalProperties" in target:
        return "object" in kinds
    if "items" in target or "prefixItems" in target:
        return "array" in kinds
    return "enum" not in target and "const" not in target


def _positional(path_params: list[Parameter], wanted: Any) -> list[Parameter]:
    """The path parameters the pages' examples pass by position (`x-sdkgen-positional`), in that order."""
    by_wire = {p.wire_source: p for p in path_params}
    found: list[Parameter] = []
    for wire in wanted if isinstance(wanted, list) else []:
        parameter = by_wire.pop(string_literal(str(wire)), None)
        if parameter is None:
            break  # a later one cannot be positional without this one
        parameter.positional = True
        found.append(parameter)
    return found


def _argument_type(mapper: TypeMapper, schema: Any, hint: str) -> PyType:
    """An argument's type; an inline enum or union gets a name in models, so signatures stay short."""
    inner = split_null(schema)[0] if isinstance(schema, dict) else {}
    items = inner.get("items") if inner.get("type") == "array" else None
    if any(key in part for part in (inner, items if isinstance(items, dict) else {}) for key in ("enum", "anyOf", "allOf")):
        return mapper.named_type(schema, hint)
    return mapper.annotation(schema, hint)


def _accepting_dicts(annotation: PyType, mapper: TypeMapper) -> PyType:
    """A body argument typed as a model (or a list of them) also takes the plain-dict form, as
    the pages' examples pass it."""
    inner = without_none(annotation)
    model = inner.args[0] if is_list(inner) else inner
    if not isinstance(model, Model) or not _holds_models(model.name, mapper):
        return annotation
    either: PyType = Union((model, DICT))
    either = Generic("List", (either,)) if model is not inner else either
    return or_none(either) if admits_none(annotation) else either


def _holds_models(python_name: str, mapper: TypeMapper) -> bool:
    """A model class, or an alias of a union with a model class among its members."""
    if python_name in mapper.class_names():
        return True
    schema_name = mapper.schema_names.get(python_name)
    members = split_null(mapper.schemas[schema_name])[0].get("anyOf") if schema_name else None
    return any(
        isinstance(member, dict) and (target := ref_to_name(str(member.get("$ref", "")))) in mapper.schemas and mapper.is_class(target)
        for member in members or []
    )


def _errors(responses: dict[str, Any], mapper: TypeMapper, hint: str) -> list[tuple[str, str]]:
    """Error bodies with a type, as `(status key, type)`: documented error statuses (`"404"`),
    then the ranges (`"4XX"`, `"5XX"`, any case), then `"default"`; the runtime takes the
    status, else its range, else `default`. When a range or `default` has a type, a status
    documented without one is listed with `None`: it is not parsed as the range's."""
    specific: list[tuple[str, str | None]] = []
    general: dict[str, str | None] = {}
    for code, response in sorted((str(c), r) for c, r in responses.items()):
        key = code.upper() if code.lower() in ("4xx", "5xx") else code
        if code.isascii() and code.isdigit() and 400 <= int(code) <= 599:
            specific.append((code, _error_type(response, mapper, f"{hint}Error{code}")))
        elif key in ("4XX", "5XX", "default") and key not in general:
            general[key] = _error_type(response, mapper, f"{hint}Error{'' if key == 'default' else key}")
    typed_general = [(key, general[key]) for key in ("4XX", "5XX", "default") if general.get(key)]
    found = [(code, annotation or "None") for code, annotation in specific if annotation or typed_general]
    return found + [(key, annotation) for key, annotation in typed_general if annotation]


def _error_type(response: Any, mapper: TypeMapper, hint: str) -> str | None:
    """The type a JSON error body parses into (as a method body spells it), or None."""
    if not isinstance(response, dict):
        return None
    content = response.get("content") or {}
    content_type, media = pick_media(content) if isinstance(content, dict) and content else ("", None)
    schema = media_schema(media)
    if not (JSON_MEDIA.match(content_type) and schema):
        return None
    annotation = mapper.named_type(schema, hint)
    return None if annotation == ANY else annotation.source(BODY)


def _pagination(operation: Operation, paging: Paging, schema: Schema, mapper: TypeMapper, hint: str) -> Pagination | None:
    """The `<name>_all` walk of a paged list (the form and stop rule `paging` detected), as the
    keyword arguments of the runtime's pager: every location a path of attribute names."""
    arguments = {p.wire_source: p for p in operation.query_params}
    param = arguments.get(string_literal(paging.parameter)) if paging.parameter else None
    if paging.items:
        page = page_object(schema, mapper.schemas)
        if page is None or paging.items not in page["properties"]:
            return None
        properties = page["properties"]
        attributes = attribute_names(list(properties))
        items = properties[paging.items]
        owner = _owner_hint(schema, mapper) or hint + "Response"  # an inline page: the response's name
        items_path: tuple[str, ...] = (attributes[paging.items],)
        item_hint = owner + pascal_identifier(paging.items) + "Item"
    else:  # the page is the list
        page, items, items_path = {"properties": {}}, schema, ()
        item_hint = hint + "ResponseItem"
    if paging.kind in ("url", "link"):
        if param is not None or paging.parameter:
            return None
    elif param is None or without_none(param.type) not in _parameter_types(paging, page, mapper):
        return None
    resolved_items = mapper.resolve(split_null(items)[0]) or {}
    if resolved_items.get("type") != "array":
        return None
    item_annotation = mapper.annotation(resolved_items.get("items") or {}, item_hint).source(SIGNATURE)
    sources = [("form", string_literal(paging.kind))]
    if param is not None:
        sources.append(("parameter", string_literal(param.name)))
    sources.append(("items", _path_source(items_path)))
    if paging.next_path:
        next_path = _attribute_path(page, paging.next_path, mapper, through_optional=True)
        if next_path is None:
            return None
        sources.append(("next_cursor", _path_source(next_path)))
    if paging.item_id:
        item = page_object(resolved_items.get("items") or {}, mapper.schemas)
        if item is None or paging.item_id not in item["properties"]:
            return None
        sources.append(("item_id", string_literal(attribute_names(list(item["properties"]))[paging.item_id])))
    stop, stop_at, size = _stop_rule(paging, page, arguments, mapper)
    if paging.kind == "after" and stop != "has_more":
        return None
    sources.append(("stop", string_literal(stop)))
    if stop_at:
        sources.append(("stop_at", _path_source(stop_at)))
    if paging.kind in ("page", "offset"):
        served = _attribute_path(page, paging.echo_path, mapper) if paging.echo_path else None
        if served:
            sources.append(("served", _path_source(served)))
        sources.append(("start", str(paging.start)))
    if size is not None:
        sources.append(("size_parameter", string_literal(size.name)))
        if paging.size_default is not None:
            sources.append(("size_default", str(paging.size_default)))
    text = f"Every item of `{operation.name}`, fetching page after page as the iteration goes.\n\n"
    text += textwrap.fill(paging.describe(), 80, break_on_hyphens=False, break_long_words=False)
    switch = arguments.get(string_literal(paging.switch)) if paging.switch else None
    return Pagination(
        method_name=operation.name + "_all",
        item_annotation=item_annotation,
        paging_sources=sources,
        doc_source=docstring(text) or '""',
        switch=switch.name if switch is not None and without_none(switch.type) == Name("bool") else None,
    )


def _parameter_types(paging: Paging, page: Schema, mapper: TypeMapper) -> set[Any]:
    """The Python types the advanced parameter may have: numbers for pages and offsets, text
    for cursors and ids (or numbers, when the page's next value is one: `next_page.offset`)."""
    if paging.kind in ("page", "offset"):
        return set(NUMBERS)
    schema: Any = page
    for name in paging.next_path:
        holder = page_object(schema, mapper.schemas, union=True) if isinstance(schema, dict) else None
        schema = holder["properties"].get(name) if holder else None
    inner = mapper.resolve(split_null(schema)[0]) if isinstance(schema, dict) else None
    if paging.kind == "cursor" and inner is not None and inner.get("type") in ("integer", "number"):
        return set(NUMBERS)
    return {STR}


def _path_source(path: tuple[str, ...]) -> str:
    """A tuple literal of attribute names: `("meta", "total_pages")`."""
    return "(" + ", ".join(string_literal(name) for name in path) + ("," if len(path) == 1 else "") + ")"


def _stop_rule(paging: Paging, page: Schema, arguments: dict[str, Parameter], mapper: TypeMapper) -> tuple[str, tuple[str, ...], Parameter | None]:
    """The pager's stop rule, the attribute path it reads, and (short pages) the page size
    argument; a rule whose signal cannot be read falls back to what always holds (no next
    cursor, an empty page)."""
    fallback = "empty_page" if paging.kind in ("page", "offset") else "cursor"
    if paging.stop in ("has_more", "total", "total_pages"):
        path = _attribute_path(page, paging.stop_path, mapper)
        return (paging.stop, path, None) if path else (fallback, (), None)
    if paging.stop == "short_page":
        size = arguments.get(string_literal(paging.size_parameter or ""))
        if size is None or without_none(size.type) not in NUMBERS:
            return fallback, (), None
        return "short_page", (), size
    return fallback, (), None


def _attribute_path(page: Schema, path: tuple[str, ...], mapper: TypeMapper, through_optional: bool = False) -> tuple[str, ...] | None:
    """The attribute names reading the page property at `path` (wire names, through the
    objects the page always holds): `("pagination", "has_more")`. None when the path cannot
    be followed or (unless `through_optional`: the pager reads a missing object as None)
    passes an object that may be missing."""
    names: list[str] = []
    schema: Schema | None = page
    for index, wire in enumerate(path):
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(schema, dict) or not isinstance(properties, dict) or wire not in properties:
            return None
        names.append(attribute_names(list(properties))[wire])
        optional = wire not in set(schema.get("required") or []) or split_null(properties[wire])[1]
        if index < len(path) - 1:
            target = ref_to_name(str(properties[wire].get("$ref", ""))) if isinstance(properties[wire], dict) else None
            if not through_optional and (optional or (target in mapper.schemas and mapper.is_nullable(str(target)))):
                return None
            schema = page_object(split_null(properties[wire])[0], mapper.schemas, union=through_optional)
    return tuple(names) if path else None


def _declare(operation: Operation) -> None:
    """Each argument's declaration in the method's signature (`Parameter.declaration_source`):
    positional ones have no default, optional parameters default to None, optional body
    arguments to NOT_GIVEN."""
    for parameter in operation.positional:
        parameter.declaration_source = parameter_declaration(parameter.name, parameter.annotation)
    for parameter in operation.path_params + operation.query_params + operation.header_params + operation.cookie_params:
        if not parameter.positional:
            default = None if parameter.required else "None"
            parameter.declaration_source = parameter_declaration(parameter.name, parameter.annotation, default)
    body = operation.body
    for parameter in (body.fields + ([body.whole] if body.whole else [])) if body else []:
        if parameter.required:
            parameter.declaration_source = parameter_declaration(parameter.name, parameter.annotation)
        else:
            annotation = parameter.annotation + " | NotGiven"
            parameter.declaration_source = parameter_declaration(parameter.name, annotation, "NOT_GIVEN")


def _body(
    raw: Any, mapper: TypeMapper, names: UniqueNames, hint: str, described: list[tuple[str, str]], sets: dict[str, Any], where: str
) -> Body | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("content"), dict) or not raw["content"]:
        return None
    content_type, media = pick_media(raw["content"])
    schema = media_schema(media)
    target = mapper.resolve(schema)
    body_required = bool(raw.get("required"))
    per_field = {"multipart/form-data": "multipart", "application/x-www-form-urlencoded": "form"}.get(content_type)
    if per_field is None and JSON_MEDIA.match(content_type) and target is not None and is_object_with_properties(target) and not split_null(schema)[1]:
        per_field = "json-fields"
    if per_field is not None and target is not None and is_object_with_properties(target):
        required = set(target.get("required") or [])
        owner = _owner_hint(schema, mapper) or hint + "Request"
        fields, constants = [], []
        for wire, sub in (target.get("properties") or {}).items():
            if per_field == "json-fields" and wire in sets:
                constants.append((string_literal(wire), repr(sets[wire])))
                continue
            annotation = _accepting_dicts(_argument_type(mapper, sub, owner + pascal_identifier(wire)), mapper)
            if per_field == "multipart" and _is_binary(sub, mapper):
                annotation = FILES if is_list(annotation) else FILE_INPUT
            wanted = own = snake_identifier(wire, METHOD_RESERVED)
            why = ""
            if wanted in names:  # a parameter has the name: the body's field says it is the body's
                wanted, why = "body_" + wanted, f"a parameter is also {md_code(own)} in Python"
            parameter = Parameter(names.claim(wanted), string_literal(wire), annotation, wire in required)
            if parameter.name != own:
                why = why or f"another argument is also {md_code(own)} in Python"
                if parameter.name != wanted:
                    why += f", and {md_code(wanted)} is taken too"
                mapper.renames.append((f"body field of {where}", wire, parameter.name, why))
            parameter.wire, parameter.schema = wire, sub
            parameter.description = str(sub.get("description") or "") if isinstance(sub, dict) else ""
            fields.append(parameter)
            if isinstance(sub, dict) and sub.get("description"):
                described.append((parameter.name, str(sub["description"])))
        rules = media.get("encoding") if isinstance(media, dict) and per_field in ("form", "multipart") else None
        encoding = [
            (parameter.wire_source, found)
            for parameter in fields
            if isinstance(rules, dict) and (found := _encoding(parameter.wire, rules.get(parameter.wire), per_field, parameter.schema, mapper)) is not None
        ]
        return Body(per_field, string_literal(content_type), fields, None, constants, content_type, media, encoding)
    if JSON_MEDIA.match(content_type):
        annotation = _accepting_dicts(_argument_type(mapper, schema, hint + "Request"), mapper)
        whole = Parameter(names.claim("request"), string_literal("request"), annotation, body_required, schema=schema)
        if whole.name != "request":
            mapper.renames.append((f"body of {where}", "request", whole.name, "a parameter is also `request` in Python"))
        whole.description = str(raw.get("description") or "")
        return Body("json", string_literal(content_type), [], whole, [], content_type, media)
    whole = Parameter(names.claim("content"), string_literal("content"), Name("bytes"), body_required, schema=schema)
    if whole.name != "content":
        mapper.renames.append((f"body of {where}", "content", whole.name, "a parameter is also `content` in Python"))
    whole.description = str(raw.get("description") or "")
    return Body("bytes", string_literal(content_type), [], whole, [], content_type, media)


def _response(responses: dict[str, Any], mapper: TypeMapper, hint: str) -> tuple[str, PyType, PyType | None, bool]:
    """(kind, return type, type to parse, whether the parse result needs a cast). With no 2xx
    documented, a `default` response with content describes the success answer too (OpenAPI:
    `default` covers every status not documented); without content it says nothing, and the
    body is returned as decoded JSON, as for an operation with no responses."""
    code, content_type, schema = success_response(responses)
    if code is None:
        default = {str(key): value for key, value in responses.items()}.get("default")
        content = default.get("content") if isinstance(default, dict) else None
        if not isinstance(content, dict) or not content:
            return "any", ANY, None, False
        code, (content_type, media) = "default", pick_media(content)
        schema = media_schema(media)
    if code in ("204", "205") or not content_type:  # no body (a page's binary answer has content by now)
        return "none", NONE, None, False
    if content_type == EVENT_STREAM:
        data_type = mapper.named_type(schema, hint + "Event") if schema else ANY
        return "events", ANY, None if data_type == ANY else data_type, False
    if not JSON_MEDIA.match(content_type):
        if content_type.startswith("text/"):
            return "text", STR, None, False
        return "bytes", Name("bytes"), None, False
    annotation = mapper.named_type(schema, hint + "Response")
    if annotation == ANY:
        return "any", ANY, None, False
    is_model = isinstance(annotation, Model) and annotation.name in mapper.class_names()
    return "model", annotation, annotation, not is_model


def _success_cases(responses: dict[str, Any], mapper: TypeMapper, hint: str) -> list[tuple[str, PyType, str]] | None:
    """The 2xx answers of an operation whose 2xx answers differ (another schema, another media
    type, or one without content): `(status key literal, type, what the runtime parses the
    body as)` for each, in status order; None when they all say the same (the method returns
    the lowest status's result, as before) or one of them is an event stream."""
    by_key = {str(key).upper(): value for key, value in responses.items()}
    keys = sorted(key for key in by_key if _is_success_key(key))
    if len(keys) < 2:
        return None
    shapes: list[tuple[str, str, Schema]] = []
    for key in keys:
        response = by_key[key]
        content = response.get("content") if isinstance(response, dict) else None
        if key in ("204", "205") or not isinstance(content, dict) or not content:
            shapes.append(("none", "", {}))
            continue
        content_type, media = pick_media(content)
        if content_type == EVENT_STREAM:
            return None
        if JSON_MEDIA.match(content_type):
            shapes.append(("json", "", media_schema(media)))
        else:
            shapes.append(("text" if content_type.startswith("text/") else "bytes", "", {}))
    if len({json.dumps(shape, sort_keys=True, default=str) for shape in shapes}) < 2:
        return None
    cases: list[tuple[str, PyType, str]] = []
    named = False
    for key, (kind, _, schema) in zip(keys, shapes):
        literal = key if key.isdigit() else string_literal(key)
        if kind == "none":
            cases.append((literal, NONE, "None"))
        elif kind == "text":
            cases.append((literal, STR, string_literal("text")))
        elif kind == "bytes":
            cases.append((literal, Name("bytes"), string_literal("bytes")))
        else:  # the first JSON answer is named as the one answer was; the others after their status
            annotation = mapper.named_type(schema, hint + "Response" + (key if named else ""))
            named = True
            cases.append((literal, annotation, annotation.source(BODY)))
    return cases


def _by_status(cases: list[tuple[str, PyType, str]]) -> tuple[str, PyType, PyType | None, bool]:
    """`_response`'s answer for several 2xx answers: their union, parsed by status and cast."""
    either = union([case_type for _, case_type, _ in cases])
    return "by_status", either, either, True


def _is_success_key(key: str) -> bool:
    """A 2xx status or the `2XX` range."""
    return len(key) == 3 and key[0] == "2" and (key[1:].isdigit() or key[1:] == "XX")


def _owner_hint(schema: Schema, mapper: TypeMapper) -> str | None:
    name = ref_to_name(schema.get("$ref", "")) if "$ref" in schema else None
    return mapper.python_names.get(name) if name else None


def _is_binary(schema: Any, mapper: TypeMapper) -> bool:
    if not isinstance(schema, dict):
        return False
    inner = mapper.resolve(split_null(schema)[0]) or {}
    if inner.get("format") == "binary" or inner.get("contentMediaType"):
        return True
    items = inner.get("items")
    return inner.get("type") == "array" and isinstance(items, dict) and _is_binary(items, mapper)


def _settle_attribute_names(node: Resource, diagnostics: Diagnostics, renames: list[tuple[str, str, str, str]]) -> None:
    """Methods, their siblings (`<name>_all`, `<name>_stream`) and sub-resources share one
    namespace per class; the first one keeps a name, and a method whose name or whose
    siblings' names are taken gets another for the whole family (a second operation named
    `list_all` replaced the `_all` iterator of `list`)."""
    taken = UniqueNames(CLIENT_RESERVED if node.attribute == "" else frozenset())
    for child in node.children:
        wanted = child.attribute
        child.attribute = taken.claim(wanted)
        if child.attribute != wanted:
            renames.append((f"resource of {node.class_name}", wanted, child.attribute, f"{md_code(wanted)} names another member of {md_code(node.class_name)}"))
    for operation in node.operations:
        wanted = operation.name
        _claim_family(operation, taken)
        if operation.name != wanted:
            why = f"{'the name' if wanted in taken else 'a name of its family (' + ', '.join(_family(operation, wanted)[1:]) + ')'} is taken"
            diagnostics.warning(None, f"method {wanted!r} of {node.class_name} ({operation.method} {operation.path}) is called {operation.name!r}: {why}")
            renames.append((f"method of {node.class_name} ({operation.method} {operation.path})", wanted, operation.name, why))
    for child in node.children:
        _settle_attribute_names(child, diagnostics, renames)


def _family(operation: Operation, name: str) -> list[str]:
    """The names a method takes in its class: its own, then its siblings'."""
    names = [name]
    if operation.pagination is not None:
        names.append(name + "_all")
    if operation.stream_name is not None:
        names.append(name + "_stream")
    return names


def _claim_family(operation: Operation, taken: UniqueNames) -> None:
    """Give `operation` the first name (its own, else with a counter) whose whole family is free."""
    wanted, counter = operation.name, 1
    name = wanted
    while any(member in taken for member in _family(operation, name)):
        counter += 1
        name = f"{wanted}{'' if wanted.endswith('_') else '_'}{counter}"
    for member in _family(operation, name):
        taken.add(member)
    if name == wanted:
        return
    operation.name = name
    if operation.pagination is not None:
        operation.pagination.method_name = name + "_all"
        operation.pagination.doc_source = operation.pagination.doc_source.replace(f"`{wanted}`", f"`{name}`", 1)
    if operation.stream_name is not None:
        operation.stream_name = name + "_stream"


def _post_order(node: Resource) -> list[Resource]:
    found: list[Resource] = []
    for child in node.children:
        found.extend(_post_order(child))
    found.append(node)
    return found
