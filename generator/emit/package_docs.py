"""The files written beside the package in `--out`: `pyproject.toml`, `README.md` and `reference.md`.

pyproject.toml makes `pip install <out>` install the package (hatchling, which builds without
writing into the source folder, so `--out` keeps only the files sdkgen owns). README.md tells
how to install, make the client with this API's credential and environment variables, and
call it: the call style, errors, retries and timeouts, and pagination, streaming and uploads
where the API has them, each shown with this API's own names. reference.md has one entry per
method, grouped by resource: the call, the summary and description, the parameters, what it
returns and raises, and a usage example (`usage_examples.py`).

Every spec string is escaped for where it lands (`pysyntax`: Markdown prose, code spans and
fences; TOML strings); the templates only place the values built here.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..common.markdown_escape import github_anchor, markdown_code, markdown_fence, markdown_line, markdown_text
from ..common.pysyntax import string_literal, toml_string
from ..model.client_settings import env_prefix
from ..model.sdk_ir import ClientSpec, Operation, Parameter, Resource
from ..model.type_expr import is_upload
from ..spec import extensions
from .usage_examples import (
    Call,
    Raw,
    Target,
    built_example,
    call_lines,
    call_value,
    client_lines,
    credential_arguments,
    download_name,
    method_example,
    statement_lines,
)

if TYPE_CHECKING:  # channel_docs builds on this module; it is loaded for channels only
    from .channel_docs import ChannelDoc

PYPROJECT_FILE = "pyproject.toml"
README_FILE = "README.md"
REFERENCE_FILE = "reference.md"
# httpx bounded to the versions the runtime is tested with: the deadline of sync calls relies on
# the internals of httpcore, which httpx pins (the runtime's _core/deadline.py).
DEPENDENCIES = ("httpx>=0.27,<0.29", "pydantic>=2.11")
# A package with WebSocket channels: the sync and asyncio clients (keepalive and the receive
# queue's bound in the sync one since 15.0); `_core/websocket.py` is tested on both ends.
CHANNEL_DEPENDENCIES = ("websockets>=15,<18",)
REQUIRES_PYTHON = ">=3.10"  # the models use `X | None` and typing.TypeAlias

# What the package's `__init__` exports besides the clients and the pages' types (templates/package/__init__.py.jinja).
RUNTIME_EXPORTS = frozenset(
    "NOT_GIVEN ApiConnectionError ApiError ApiTimeoutError BadRequestError ClientClosedError ClientConfigurationError "
    "ConflictError FileInput ForbiddenError InternalServerError InvalidArgumentError NotFoundError NotGiven PaginationError "
    "RequestOptions ResponseDecodingError ResponseTooLargeError ResponseValidationError SdkError ServerSentEvent "
    "TooManyRequestsError UnauthorizedError UnexpectedEventStreamError UnprocessableEntityError capture_responses".split()
)

# The error each status raises that the package exports (others are ApiError subclasses too).
_EXPORTED_ERRORS = {400: "BadRequestError", 401: "UnauthorizedError", 403: "ForbiddenError", 404: "NotFoundError",
                    409: "ConflictError", 422: "UnprocessableEntityError", 429: "TooManyRequestsError"}  # fmt: skip


@dataclass(frozen=True)
class ParameterDoc:
    """One row of a method's parameter table in the reference."""

    name: str  # code span
    type: str  # code span
    where: str  # "path", "query", "header", "body"
    requirement: str  # "required" / "optional, ..."
    description: str  # one line of Markdown, may be empty


@dataclass(frozen=True)
class MethodDoc:
    """One method's section of the reference."""

    heading: str  # the call path after `client.`, as a code span
    anchor: str
    http: str  # code span: `GET /v1/things/{id}`
    summary: str  # one line of Markdown, may be empty
    description: str  # a block of Markdown, may be empty
    parameters: list[ParameterDoc]
    returns: str
    raises: list[str]
    example: str  # a fenced block
    from_page: bool  # the example is the page's own
    variants: list[str] = field(default_factory=list)  # code spans of sibling methods: `list_all`, `get_stream`


@dataclass(frozen=True)
class ResourceDoc:
    """One resource's section of the reference."""

    heading: str  # code span: `client.conversational_ai.conversations`
    anchor: str
    methods: list[MethodDoc]


@dataclass(frozen=True)
class ReadmeSection:
    """One section of the package's README."""

    heading: str
    text: str  # Markdown (built here from names, no raw spec prose)
    example: str  # a fenced block, may be empty


@dataclass(frozen=True)
class PackageDocs:
    """What the files beside the package (README, reference, pyproject.toml) say."""

    title: str  # one line of Markdown
    package: str
    client: str
    version: str
    distribution_toml: str
    version_toml: str
    description_toml: str
    package_toml: str
    requires_python_toml: str
    dependencies_toml: list[str]
    description: str  # a block of Markdown: the API's own description
    resources: list[ResourceDoc]
    readme: list[ReadmeSection]
    method_count: int
    channels: list[ChannelDoc] = field(default_factory=list)  # one per WebSocket channel


def distribution_name(package: str) -> str:
    """The distribution a package installs as: `elevenlabs_convai` → `elevenlabs-convai`."""
    return re.sub(r"[-_.]+", "-", package).lower()


def build_package_docs(document: dict[str, Any], client: ClientSpec, version: str) -> PackageDocs:
    schemas = (document.get("components") or {}).get("schemas") or {}
    info: dict[str, Any] = document["info"] if isinstance(document.get("info"), dict) else {}
    title = str(info.get("title") or client.client_name)
    sdk = document.get(extensions.SDK)
    module = sdk.get("module") if isinstance(sdk, dict) and isinstance(sdk.get("module"), str) else None
    module = module.split(".")[0] if module else None
    exports = frozenset(client.client_exports) | frozenset(client.model_exports) | RUNTIME_EXPORTS
    targets = _targets(client)
    resources: list[ResourceDoc] = []
    examples: dict[int, tuple[str, bool]] = {}
    for path, resource in resource_paths(client):
        methods = []
        for operation in resource.operations:
            target = targets[id(operation)]
            examples[id(operation)] = method_example(target, client, module, exports, schemas)
            methods.append(_method_doc(target, *examples[id(operation)]))
        if methods:
            heading = "client" + "".join("." + part for part in path)
            resources.append(ResourceDoc(markdown_code(heading), github_anchor(heading), methods))
    ordered = [targets[id(op)] for _, resource in resource_paths(client) for op in resource.operations]
    for other in client.others:  # the other client classes' own methods, under the class's name
        own = _targets(other)
        for path, resource in resource_paths(other):
            methods = []
            for operation in resource.operations:
                if id(operation) in targets:  # the first class's, which this class has too
                    continue
                targets[id(operation)] = own[id(operation)]
                example = method_example(own[id(operation)], other, module, exports, schemas)
                methods.append(_method_doc(own[id(operation)], *example, owner=f"{other.client_name}: "))
            if methods:
                heading = f"{other.client_name}: client" + "".join("." + part for part in path)
                resources.append(ResourceDoc(markdown_code(heading), github_anchor(heading), methods))
    # the README's sentence on arguments holds for every method reference.md lists (every class's)
    readme = _readme_sections(client, ordered, examples, schemas, version, list(targets.values()))
    channels: list[ChannelDoc] = []
    if client.channels:  # loaded for packages with WebSocket channels only
        from .channel_docs import channel_docs, channel_sections

        channels = channel_docs(client, schemas)
        readme += channel_sections(client, schemas)
    return PackageDocs(
        title=markdown_line(title),
        package=client.package,
        client=client.client_name,
        version=version,
        distribution_toml=toml_string(distribution_name(client.package)),
        version_toml=toml_string(version),
        description_toml=toml_string(" ".join(f"A typed Python client for {title}, generated by sdkgen.".split())),
        package_toml=toml_string(client.package),
        requires_python_toml=toml_string(REQUIRES_PYTHON),
        dependencies_toml=[toml_string(d) for d in DEPENDENCIES + (CHANNEL_DEPENDENCIES if client.channels else ())],
        description=markdown_text(str(info.get("description") or "")),
        resources=resources,
        readme=readme,
        method_count=sum(len(r.methods) for r in resources),
        channels=channels,
    )


# -- the reference ---------------------------------------------------------------------------


def resource_paths(client: ClientSpec) -> list[tuple[tuple[str, ...], Resource]]:
    """Every resource with its attribute path from the client, parents before children."""
    found: list[tuple[tuple[str, ...], Resource]] = []
    stack: list[tuple[tuple[str, ...], Resource]] = [((), client.root)]
    while stack:
        path, resource = stack.pop()
        found.append((path, resource))
        stack.extend(reversed([((*path, child.attribute), child) for child in resource.children]))
    return found


def _targets(client: ClientSpec) -> dict[int, Target]:
    return {
        id(op): Target((*path, op.name), op, op.response_kind == "events")
        for path, resource in resource_paths(client)
        for op in resource.operations
    }


def _method_doc(target: Target, example: str, from_page: bool, owner: str = "") -> MethodDoc:
    """A method's reference entry; `owner`: the client class, when it is not the first."""
    operation = target.operation
    dotted = ".".join(target.call_path)
    view = operation.view
    parameters = [parameter_doc(p, "path") for p in operation.path_params]
    parameters += [parameter_doc(p, "query") for p in operation.query_params]
    parameters += [parameter_doc(p, "header") for p in operation.header_params]
    parameters += [parameter_doc(p, "cookie") for p in operation.cookie_params]
    if operation.body is not None:
        body = operation.body
        parameters += [parameter_doc(p, "body") for p in body.fields]
        if body.whole is not None:
            parameters.append(parameter_doc(body.whole, "body"))
    variants = []
    if operation.pagination is not None:
        variants.append(markdown_code(operation.pagination.method_name) + ": every item of every page, fetched as the loop gets there")
    if operation.stream_name:
        variants.append(markdown_code(operation.stream_name) + ": the same call, the body as it arrives (an iterator of `bytes`)")
    return MethodDoc(
        heading=markdown_code(owner + "client." + dotted),
        anchor=github_anchor(owner + "client." + dotted),
        http=markdown_code(f"{operation.method} {operation.path}"),
        summary=markdown_line(str(view.get("summary") or "")),
        description=markdown_text(str(view.get("description") or "")),
        parameters=parameters,
        returns=_returns(operation),
        raises=_raises(operation),
        example=markdown_fence(example, "python"),
        from_page=from_page,
        variants=variants,
    )


def parameter_doc(parameter: Parameter, where: str) -> ParameterDoc:
    if parameter.required:
        requirement = "required" + (", also by position" if parameter.positional else "")
    elif where == "body":
        requirement = "optional, left out when not given"
    else:
        requirement = "optional, not sent when `None`"
    schema = parameter.schema if isinstance(parameter.schema, dict) else {}
    if "default" in schema and not parameter.required:
        requirement += f"; the API's default: {markdown_code(_json_text(schema['default']))}"
    return ParameterDoc(
        markdown_code(parameter.name),
        markdown_code(parameter.annotation),
        where,
        requirement,
        markdown_line(parameter.description),
    )


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _returns(operation: Operation) -> str:
    kind = operation.response_kind
    if kind == "events":
        event = markdown_code(operation.event_type) if operation.event_type else "its data"
        return f"An iterator of `ServerSentEvent`s as they arrive (each event's `data` parsed as {event})."
    if kind == "none":
        return "`None`."
    if kind == "bytes":
        return "The response body, `bytes`."
    if kind == "text":
        return "The response body, `str`."
    if kind == "by_status":
        each = {"None": "`None`", '"bytes"': "the body as `bytes`", '"text"': "the body as `str`", "Any": "the decoded JSON"}
        cases = ", ".join(f"{markdown_code(status.strip(chr(34)))}: {each.get(parsed) or markdown_code(annotation)}" for status, annotation, parsed in operation.response_cases)
        return f"{markdown_code(operation.response_annotation)}, by the status of the answer ({cases})."
    return markdown_code(operation.response_annotation) + "."


def _raises(operation: Operation) -> list[str]:
    found: list[str] = []
    for key, parsed in operation.errors:
        body = f", its `body` parsed as {markdown_code(parsed)}" if parsed and parsed not in ("Any", "None") else ""
        if key == "default":
            found.append(f"`ApiError` (or the class of its status) on {'any other' if found else 'an'} error status{body}")
            continue
        if not key.isdigit():  # a range: `4XX`, `5XX`
            name = "InternalServerError" if key.startswith("5") else "ApiError"
            found.append(f"{markdown_code(name)} (or the class of its status) on any other {key[0]}xx status{body}")
            continue
        status = int(key)
        name = _EXPORTED_ERRORS.get(status) or ("InternalServerError" if status >= 500 else "ApiError")
        found.append(f"{markdown_code(name)} on {status}{body}")
    if any(key == "default" for key, parsed in operation.errors):
        found.append("`ApiConnectionError`, `ApiTimeoutError` when the exchange fails (all are `SdkError`s)")
        return found
    other = "any other error status" if found else "an error status"
    found.append(f"`ApiError` on {other}; `ApiConnectionError`, `ApiTimeoutError` when the exchange fails (all are `SdkError`s)")
    return found


# -- the README ------------------------------------------------------------------------------


def _featured(targets: list[Target], examples: dict[int, tuple[str, bool]]) -> Target:
    """The method the README shows: a GET answering a model, with an argument, the page's own example preferred."""

    def rank(item: tuple[int, Target]) -> tuple[int, ...]:
        index, target = item
        op = target.operation
        return (
            op.method != "GET",
            op.response_kind != "model",
            op.pagination is not None,
            not examples[id(op)][1],
            not op.path_params,
            op.body is not None,
            index,
        )

    return min(enumerate(targets), key=rank)[1] if targets else targets[0]


def _readme_sections(
    client: ClientSpec, targets: list[Target], examples: dict[int, tuple[str, bool]], schemas: dict[str, Any], version: str, documented: list[Target] | None = None
) -> list[ReadmeSection]:
    if not targets:
        return []
    package, name = client.package, client.client_name
    featured = _featured(targets, examples)
    sections = [ReadmeSection("Use", _use_text(client, documented or targets), markdown_fence(built_example(featured, client, schemas, show=True), "python"))]
    async_lines = [
        "import asyncio",
        "",
        f"from {package} import {client.async_client_name}",
        "",
        "",
        "async def main() -> None:",
        *[f"    {line}" if line else "" for line in statement_lines("async with ", Call(client.async_client_name, credential_arguments(client)), " as client:")],
        *call_lines(featured, call_value(featured, schemas), indent=8, awaited=True, show=True),
        "",
        "",
        "asyncio.run(main())",
    ]
    sections.append(
        ReadmeSection(
            "Async",
            f"{markdown_code(client.async_client_name)} takes the same arguments and has the same methods, awaited "
            "(event streams are `async for` loops). Use either client as a context manager, or call "
            "`close()` (`await aclose()`) when done.",
            _fence(async_lines),
        )
    )
    call = call_value(featured, schemas)
    error_lines = [
        f"from {package} import ApiError, {name}",
        "",
        *client_lines(client),
        "try:",
        *call_lines(featured, call, indent=4),
        "except ApiError as error:",
        "    print(error.status_code, error.body)",
    ]
    sections.append(
        ReadmeSection(
            "Errors",
            "An error status raises an `ApiError` carrying `status_code`, `headers` and `body` (the body parsed "
            "into its type where the API documents it); there is a subclass per status (`NotFoundError`, "
            "`UnprocessableEntityError`, `TooManyRequestsError`, `InternalServerError` for 5xx, ...). A failed "
            "connection raises `ApiConnectionError`, a timeout `ApiTimeoutError`, a response that does not match "
            "its type `ResponseValidationError`; all of them are `SdkError`s.",
            _fence(error_lines),
        )
    )
    options = Raw('{"timeout": 5, "max_retries": 0}')
    retry_lines = [
        f"from {package} import {name}",
        "",
        *client_lines(client, extra=[("timeout", 20), ("max_retries", 3)]),
        *call_lines(featured, call_value(featured, schemas, extra=[("request_options", options)])),
    ]
    sections.append(
        ReadmeSection(
            "Retries and timeouts",
            "Connection errors, 408, 429 and 5xx are retried (2 times by default) with exponential backoff, "
            "honouring `Retry-After`; POST and PATCH only when a call sets `retry_non_idempotent`. `timeout` "
            "(60 s by default) bounds connecting and each read or write, `deadline` a whole request. Set them "
            "for the client, or per call with `request_options`:",
            _fence(retry_lines),
        )
    )
    paged = next((t for t in targets if t.operation.pagination is not None), None)
    if paged is not None and paged.operation.pagination is not None:
        pagination = paged.operation.pagination
        lines = [f"from {package} import {name}", "", *client_lines(client)]
        lines += statement_lines("for item in ", call_value(paged, schemas, method=pagination.method_name), ":")
        lines += ["    print(item)", "    break  # the next page is fetched only when the loop gets there"]
        listed = ", ".join(markdown_code(t.operation.pagination.method_name) for t in targets if t.operation.pagination is not None)
        sections.append(
            ReadmeSection(
                "Pagination",
                f"A method that returns one page of a longer list has a `_all` sibling iterating every item across "
                f"pages (here: {listed}); the plain method returns one page.",
                _fence(lines),
            )
        )
    events = next((t for t in targets if t.iterated), None)
    if events is not None:
        sections.append(
            ReadmeSection(
                "Streaming",
                f"{markdown_code(events.call_path[-1])} answers with an event stream: the call returns an iterator "
                "of `ServerSentEvent`s (`event`, `data`, `id`), each read as it arrives.",
                markdown_fence(examples[id(events.operation)][0], "python"),
            )
        )
    download = next((t for t in targets if t.operation.stream_name), None)
    if download is not None and download.operation.stream_name:
        lines = [f"from {package} import {name}", "", *client_lines(client)]
        lines += statement_lines("with open(", Raw(f"{string_literal(download_name(download.operation))}, \"wb\") as file"), ":")
        lines += [f"    {line}" for line in statement_lines("for chunk in ", call_value(download, schemas, method=download.operation.stream_name), ":")]
        lines += ["        file.write(chunk)"]
        sections.append(
            ReadmeSection(
                "Downloads",
                "A method answering with a file returns its bytes; its `_stream` sibling hands them out as they "
                f"arrive ({markdown_code(download.operation.stream_name)}):",
                _fence(lines),
            )
        )
    upload = next((t for t in targets if _uploads(t.operation)), None)
    if upload is not None:
        sections.append(
            ReadmeSection(
                "Uploads",
                "A file argument (`FileInput`) takes an open binary file, `bytes`, or a `(filename, content, media type)` tuple:",
                markdown_fence(examples[id(upload.operation)][0], "python"),
            )
        )
    return sections


def _uploads(operation: Operation) -> bool:
    return operation.body is not None and any(is_upload(p.type) for p in operation.body.fields)


def _use_text(client: ClientSpec, targets: list[Target]) -> str:
    parts = []
    for credential in client.credentials:
        for argument in credential.arguments:
            env = f"{env_prefix(client.client_name)}_{argument.upper()}"
            parts.append(f"{markdown_code(argument + '=')} (else the {markdown_code(env)} environment variable)")
    text = f"Make a client, {markdown_code(client.client_name)}, and call its methods, grouped by resource as the API's pages group them. "
    if parts:
        text += "It takes the API's credential as " + " and ".join(parts)
        if client.credential_keyword:
            text += f", also under the name the API's pages use, {markdown_code(client.credential_keyword + '=')}"
        text += ". "
    if client.base_url_source:
        text += (
            f"It calls {markdown_code(str(ast.literal_eval(client.base_url_source or repr(''))))}, or the {markdown_code(client.base_url_env)} "
            "environment variable's URL when set, or `base_url=`"
        )
        if client.environment is not None and client.environment.class_name:
            text += f" (or `environment=`: {markdown_code(client.environment.class_name)} lists the API's servers)"
        text += ". "
    else:
        text += (
            f"The API's pages name no server: set the {markdown_code(client.base_url_env)} environment variable "
            "to the API's URL (the examples here rely on it), or give `base_url=`. "
        )
    for header in client.headers:
        text += f"It sends the {markdown_code(header.wire)} header with every call ({markdown_code(header.argument + '=')} to change it). "
    return text + _arguments_text(targets) + "; optional ones are left out when not given."


def _arguments_text(targets: list[Target]) -> str:
    """What the methods take by position, as it holds for every one of them."""
    path_params = [p for target in targets for p in target.operation.path_params]
    if path_params and all(p.positional for p in path_params):
        return "Arguments are keywords (path parameters may be given by position too)"
    if any(p.positional for p in path_params):
        return "Arguments are keywords (the path parameters reference.md marks \"also by position\" may be given by position too)"
    return "Arguments are keywords"


def _fence(lines: list[str]) -> str:
    return markdown_fence("\n".join(lines) + "\n", "python")
