"""Merge normalized fragments into one OpenAPI 3.1 document.

read → normalize → (this module: check references, resolve names, merge schemas and
operations, assemble) → report / write. Definitions are folded in input order (files in
path order, blocks in line order), so the result is the same bytes on every run.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.json_values import JSON_CONTAINERS
from ..common.limits import DEFAULT_LIMITS, Limits, limit_note
from ..common.names import (
    SCHEMA_REF_PREFIX,
    clean_schema_name,
    ref_to_name,
)
from ..read.reader import CodeExample, Fragment
from ..spec import extensions
from ..spec.extensions import set_sdk_call
from ..spec.identity import OperationIdentity, PlainName, is_plain, operation_identity, plain_identities
from ..spec.schema_forms import SCHEMA_MAP_KEYWORDS
from ..spec.streaming import answers_only_events, stream_flag
from .credentials import LearnedCredential, learn_credentials
from .defaults import drop_misfit_defaults
from .divergence import Divergence, describe_differences, operation_facts, schema_facts
from .normalize import HTTP_METHODS, normalize_document
from .rendered_merge import RenderedFact, RenderedOperation, apply_rendered_pages
from .schema_merge import merge_schema
from .surface import (
    OperationUse,
    SurfaceFact,
    assign_clients,
    called_identity,
    class_family,
    client_classes,
    extended_classes,
    learn_client,
    match_types,
    operation_calls,
    positional_parameters,
    record_code_samples,
)
from .variants import NameResolution, SchemaDefinition, rename_refs, resolve_names

if TYPE_CHECKING:  # the page modules load with the first page (see reader), the channels with the first AsyncAPI block
    from .channels import Channel
    from ..read.rendered import RenderedPage
    from ..read.sdk_examples import Call, ExampleFacts

OPENAPI_VERSION = "3.1.0"


@dataclass
class OperationRecord:
    """One merged operation: its path and method, its SDK identity and what its pages show."""

    path: str
    method: str
    identity: OperationIdentity
    sources: list[SourceRef] = field(default_factory=list)
    line: SourceRef | None = None  # where the first page writes it
    examples: list[CodeExample] = field(default_factory=list)  # the code samples of its pages
    stream_identity: OperationIdentity | None = None  # the streaming page's SDK call (x-sdkgen-stream)
    stream_flag: str | None = None  # the request body property that asks for the stream
    calls: list[Call] = field(default_factory=list)  # the calls its pages' Python examples make, first page first
    metadata_identity: OperationIdentity | None = None  # what the pages' metadata named it, when the examples differ
    client: str = ""  # the client class it is a method of, when the pages show several and it is not the first
    given_up: str | None = None  # a plain document's shorter method name, given up as another operation's too


@dataclass
class MergeResult:
    """The merged document, with what the report and the SDK step need to know of its making."""

    document: dict[str, Any]
    fragments: list[Fragment]
    names: NameResolution
    schema_divergences: list[Divergence]
    operation_divergences: list[Divergence]
    operations: list[OperationRecord]
    rendered: list[RenderedPage] = field(default_factory=list)
    rendered_facts: list[RenderedFact] = field(default_factory=list)
    credentials: list[LearnedCredential] = field(default_factory=list)  # what the pages taught (empty: the document says)
    surface: list[SurfaceFact] = field(default_factory=list)  # what the SDK examples showed
    channels: list[Channel] = field(default_factory=list)  # the WebSocket channels of the AsyncAPI blocks
    channels_document: dict[str, Any] | None = None  # them as AsyncAPI 2.6 (asyncapi.json); None without channels
    schema_fragments: list[Fragment] = field(default_factory=list)  # `fragments` and the AsyncAPI blocks' schemas


def normalize_fragments(fragments: list[Fragment]) -> list[dict[str, Any]]:
    """Each fragment's document with the exporter's quirks normalized (a copy each)."""
    return [_binary_answers(normalize_document(f.document)) if f.from_page else normalize_document(f.document) for f in fragments]


# What a page's 2xx answer without content carries: Fern's page export leaves out the content
# of a binary response (an audio file), where a plain document's 2xx without content has no body.
PAGE_BINARY_CONTENT = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


def _binary_answers(document: dict[str, Any]) -> dict[str, Any]:
    """A page block's 2xx answers without content (other than 204 and 205) as the binary
    body the page stands for (the exporter's quirk, normalized here)."""
    for item in (document.get("paths") or {}).values():
        for method, operation in (item.items() if isinstance(item, dict) else ()):
            responses = operation.get("responses") if method in HTTP_METHODS and isinstance(operation, dict) else None
            for code, response in (responses.items() if isinstance(responses, dict) else ()):
                status = str(code)
                if status.startswith("2") and status not in ("204", "205") and isinstance(response, dict) and not response.get("content"):
                    response["content"] = json.loads(json.dumps(PAGE_BINARY_CONTENT))
    return document


def check_references(fragments: list[Fragment], documents: list[dict[str, Any]], diagnostics: Diagnostics) -> bool:
    """Whether every `$ref` of every document points at a definition it has (else errors)."""
    for fragment, document in zip(fragments, documents):
        _check_references(fragment, document, diagnostics)
    return not diagnostics.has_errors


def resolve_schema_names(
    fragments: list[Fragment], documents: list[dict[str, Any]], diagnostics: Diagnostics
) -> tuple[NameResolution, list[dict[str, Any]]] | None:
    """The final name of every schema of every document, and the documents with their
    references renamed; None (with errors) when two names become one Python name."""
    definitions = [
        SchemaDefinition(index, raw, schema, fragment.schema_source(raw))
        for index, (fragment, document) in enumerate(zip(fragments, documents))
        for raw, schema in ((document.get("components") or {}).get("schemas") or {}).items()
    ]
    names = resolve_names(definitions, len(fragments))
    for first, second, name in names.collisions:
        diagnostics.error(
            second.source,
            f"schemas {first.raw_name!r} ({first.source}) and {second.raw_name!r} are written differently but both become "
            f"`{name}` (only ASCII letters and digits make a Python name); rename one of them",
        )
    if names.collisions:
        return None
    renamed = [
        rename_refs(document, lambda raw, table=table: table.get(raw, raw))  # type: ignore[misc]
        for document, table in zip(documents, names.names)
    ]
    return names, renamed


def merge_schemas(
    fragments: list[Fragment], documents: list[dict[str, Any]], names: NameResolution, diagnostics: Diagnostics
) -> tuple[dict[str, Any], list[Divergence]]:
    """Every schema's definitions merged into one that accepts what any accepts, and where
    they differ (a warning where the pages give different types)."""
    schemas, divergences = _merge_schemas(fragments, documents, names)
    sources = _first_sources(fragments, names)
    for divergence in divergences:
        if divergence.what == "`type`":
            sides = "; ".join(f"{side.value} in {', '.join(side.labels)}" + (f" and {side.more:,} more" if side.more else "") for side in divergence.sides)
            diagnostics.warning(
                sources.get(divergence.subject, fragments[0].source),
                f"schema {divergence.subject}{divergence.where}: the pages give it different types ({sides}); "
                "the merged schema accepts any of them",
            )
    return schemas, divergences


def overlay_rendered(
    document: dict[str, Any], operations: list[OperationRecord], rendered: list[RenderedPage], diagnostics: Diagnostics
) -> tuple[dict[str, Any], list[RenderedFact], list[OperationRecord]]:
    """What rendered reference pages state laid over the document; the operations with those
    known only from a rendered page added, in path and method order."""
    document, facts, created = apply_rendered_pages(document, rendered, diagnostics)
    operations = sorted([*operations, *(_rendered_record(c) for c in created)], key=lambda r: (r.path, HTTP_METHODS.index(r.method)))
    return document, facts, operations


def learn_operation_credentials(
    document: dict[str, Any], operations: list[OperationRecord], examples: list[list[ExampleFacts]] | None = None
) -> tuple[dict[str, Any], list[LearnedCredential]]:
    """The credential the pages state as a header parameter, from their request examples and
    the keywords their Python examples give the client's constructor, as standard
    `securitySchemes` (the document as it is when it states its own)."""
    keywords = frozenset(k for page in examples or [] for facts in page for made in facts.constructions for k in made.keywords)
    return learn_credentials(
        document,
        {(r.path, r.method): r.examples for r in operations},
        {(r.path, r.method): r.line or r.sources[0] for r in operations},
        keywords,
    )


def check_defaults(
    document: dict[str, Any], fragments: list[Fragment], names: NameResolution, operations: list[OperationRecord], rendered: list[RenderedPage], diagnostics: Diagnostics
) -> None:
    """Defaults that do not fit their own schema dropped, each with a warning at its page."""
    fallback = fragments[0].source if fragments else rendered[0].source
    drop_misfit_defaults(document, _locator(fallback, _first_sources(fragments, names), operations), diagnostics)


def learn_surface(
    document: dict[str, Any],
    fragments: list[Fragment],
    documents: list[dict[str, Any]],
    examples: list[list[ExampleFacts]],
    operations: list[OperationRecord],
    diagnostics: Diagnostics,
) -> list[SurfaceFact]:
    """The client the examples show, and the names of the request types they build, into `document`."""
    found: list[SurfaceFact] = []
    sdk = learn_client(fragments, examples, diagnostics, found)
    uses = [OperationUse(r.path, r.method, r.calls) for r in operations if r.calls]
    called = [record for record in operations if record.calls]
    same = [r for r in called if r.metadata_identity is None and not _operation(document, r).get(extensions.POSITIONAL)]
    if same:
        first = min(r.calls[0].source for r in same)
        found.append(SurfaceFact("calls", f"{len(same)} of {len(operations)} operations: called as the pages' metadata names them", first))
    for record in called:
        positional = _operation(document, record).get(extensions.POSITIONAL)
        if record.metadata_identity is None and not positional:
            continue
        shown = f"`client.{record.identity.dotted}(...)`"
        if record.metadata_identity is not None:
            shown += f" (the page's metadata: `{record.metadata_identity.dotted}`)"
        if positional:
            shown += f"; by position: {', '.join(f'`{name}`' for name in positional)}"
        found.append(SurfaceFact(f"`{record.method.upper()} {record.path}`", shown, record.calls[0].source))
    types = match_types(document, uses, diagnostics, found)
    if sdk is not None and sdk.get("clients"):
        _several_clients(document, sdk, examples, operations, found)
    if sdk is None and not types:
        # A document sdkgen merged carries what was learned; nothing new: keep it.
        sdk = next((d[extensions.SDK] for d in documents if isinstance(d.get(extensions.SDK), dict)), None)
    elif types:
        sdk = {**(sdk or {}), "types": types}
    if sdk is not None:
        document[extensions.SDK] = sdk
    return found


def _several_clients(
    document: dict[str, Any], sdk: dict[str, Any], examples: list[list[ExampleFacts]], operations: list[OperationRecord], found: list[SurfaceFact]
) -> None:
    """Where the examples use several client classes: the class each extends (has the
    resources of) into `sdk`, and each class's methods into the report."""
    classes = [str(sdk.get("client"))] + [str(entry.get("client")) for entry in sdk["clients"]]
    extends = extended_classes(document, examples, classes)
    for entry in sdk["clients"]:
        parent = extends.get(str(entry.get("client")))
        if parent is not None:
            entry["extends"] = parent
    for name in classes:
        mine = [r for r in operations if (r.client or classes[0]) == name]
        if not mine:
            continue
        methods = [f"`{identity.dotted}` ({r.method.upper()} {r.path})" for r in mine for identity in filter(None, (r.identity, r.stream_identity))]
        parent = extends.get(name)
        more = f"; it has the methods of `{parent}` too" if parent else ""
        by_example = [call for page in examples for example in page for call in example.calls if class_family(call.client) == name]
        source = min((call.source for call in by_example), default=mine[0].sources[0])
        found.append(SurfaceFact(f"client class `{name}`", f"{len(methods)} methods: {', '.join(methods)}{more}", source))


def _operation(document: dict[str, Any], record: OperationRecord) -> dict[str, Any]:
    found = ((document.get("paths") or {}).get(record.path) or {}).get(record.method)
    return found if isinstance(found, dict) else {}


def _rendered_record(operation: RenderedOperation) -> OperationRecord:
    return OperationRecord(operation.path, operation.method, operation.identity, [operation.source])


def stamp_version(document: dict[str, Any]) -> None:
    """`info.version`: a hash of the document's content, so it changes exactly when the content does."""
    document["info"]["version"] = ""
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    document["info"]["version"] = f"sdkgen-{digest[:12]}"


def schema_sources(result: MergeResult) -> dict[str, SourceRef]:
    """Where each merged schema is first defined (for messages about it)."""
    return _first_sources(result.schema_fragments or result.fragments, result.names)


def _first_sources(fragments: list[Fragment], names: NameResolution) -> dict[str, SourceRef]:
    sources: dict[str, SourceRef] = {}
    for fragment, table in zip(fragments, names.names):
        for raw, final in table.items():
            sources.setdefault(final, fragment.schema_source(raw))
    return sources


def _check_references(fragment: Fragment, document: dict[str, Any], diagnostics: Diagnostics) -> None:
    components = document.get("components") or {}
    defined = {
        kind: set((components.get(kind) or {}).keys())
        for kind in ("schemas", "parameters", "responses", "requestBodies", "headers", "examples", "securitySchemes", "links", "callbacks", "pathItems")
    }
    missing: dict[str, None] = {}
    for ref in _references(document):
        if not ref.startswith("#/components/"):
            missing[ref] = None
            continue
        kind, _, rest = ref[len("#/components/") :].partition("/")
        name = ref_to_name(SCHEMA_REF_PREFIX + rest)
        if name not in defined.get(kind, set()):
            missing[ref] = None
    for ref in missing:
        if not ref.startswith("#/"):
            diagnostics.error(fragment.source, f"$ref {ref!r} points outside this document; only local references are supported")
        else:
            diagnostics.error(fragment.source, f"$ref {ref!r} points at a definition this block does not have")


# Values that are data, never references: a `$ref` key inside them is a key like any other.
_DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum", "value"})
# Mappings whose keys are names (of properties, headers, media types...), not fields: a
# property named `default` is a schema.
_NAME_MAPS = frozenset({*SCHEMA_MAP_KEYWORDS, "components", "paths", "webhooks", "responses", "headers", "content", "encoding", "callbacks", "links"})


def _references(value: Any) -> list[str]:
    """The `$ref`s of a document, outside its data (examples, defaults, constants, enums and
    `x-` extension values other than sdkgen's own). One pass that stacks only containers
    (the full ElevenLabs document: 8 ms, where pairing every value with a flag took 30)."""
    found: list[str] = []
    stack: list[tuple[Any, bool]] = [(value, False)] if type(value) in JSON_CONTAINERS else []
    while stack:
        node, named = stack.pop()
        if type(node) is dict:
            ref = node.get("$ref")
            if type(ref) is str:
                found.append(ref)
            for key, child in node.items():
                kind = type(child)
                if (kind is dict or kind is list) and (named or not _is_data(key)):
                    stack.append((child, key in _NAME_MAPS))
        else:
            for child in node:
                kind = type(child)
                if kind is dict or kind is list:
                    stack.append((child, False))
    return found


def _is_data(key: str) -> bool:
    return key in _DATA_KEYS or key.startswith("x-") and not extensions.is_own_key(key)


def _label(fragment: Fragment, raw: str | None, final: str | None) -> str:
    source = fragment.schema_source(raw) if raw else fragment.source
    return f"{source} (`{raw}`)" if raw and raw != final else str(source)


def _merge_schemas(
    fragments: list[Fragment], documents: list[dict[str, Any]], names: NameResolution
) -> tuple[dict[str, Any], list[Divergence]]:
    by_name: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    source_names: dict[str, set[str]] = defaultdict(set)
    for index, (fragment, document) in enumerate(zip(fragments, documents)):
        table = names.names[index]
        for raw, schema in ((document.get("components") or {}).get("schemas") or {}).items():
            final = table[raw]
            by_name[final].append((_label(fragment, raw, final), schema))
            source_names[final].add(clean_schema_name(raw))
    merged: dict[str, Any] = {}
    divergences: list[Divergence] = []
    for name in sorted(by_name):
        definitions = by_name[name]
        result = definitions[0][1]
        fold: list[Any] = []
        for _, schema in definitions[1:]:
            result = merge_schema(result, schema, fold)
        aliases = sorted(source_names[name] - {name})
        if aliases:
            # The names the pages (and SDKs generated from them) use for this schema.
            result = {**result, extensions.ALIASES: aliases}
        merged[name] = result
        if any(schema != definitions[0][1] for _, schema in definitions[1:]):
            divergences.extend(describe_differences(name, definitions, result, schema_facts))
    return merged, divergences


def merge_operations(
    fragments: list[Fragment],
    documents: list[dict[str, Any]],
    schemas: dict[str, Any],
    page_facts: list[list[ExampleFacts]],  # what each fragment's Python examples show
    diagnostics: Diagnostics,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[dict[str, dict[str, Any]], list[OperationRecord], list[Divergence]]:
    """The operations (method + path) of every document merged, each with its SDK identity
    (from the pages' metadata, else what their Python examples call), and where they differ."""
    found: dict[tuple[str, str], list[tuple[Fragment, dict[str, Any], OperationIdentity]]] = defaultdict(list)
    calls: dict[int, list[Call]] = {}  # by the view's id: the calls its page's examples make
    plain = _plain_names(fragments, documents)
    for fragment, document, facts in zip(fragments, documents, page_facts):
        page_operations = sum(1 for item in (document.get("paths") or {}).values() if isinstance(item, dict) for m in HTTP_METHODS if isinstance(item.get(m), dict))
        for path, path_item in (document.get("paths") or {}).items():
            if not isinstance(path_item, dict):
                diagnostics.error(fragment.source, f"path {path!r} is not a mapping")
                continue
            shared = path_item.get("parameters") or []
            for method in HTTP_METHODS:
                written = path_item.get(method)
                if not isinstance(written, dict):
                    continue
                for operation in _views(_with_path_parameters(written, shared), shared):
                    if not _operation_is_usable(fragment, path, method, operation, diagnostics, limits):
                        continue
                    if fragment.server and "servers" not in operation:
                        operation["servers"] = [{"url": fragment.server}]
                    named = plain.get((path, method)) if not fragment.from_page and is_plain(document, written) else None
                    identity = named.identity if named else operation_identity(document, operation, method, path)
                    if not _identity_is_usable(fragment.line_of(("paths", path, method)), f"operation {method.upper()} {path}", identity, diagnostics, limits):
                        continue
                    found[(path, method)].append((fragment, operation, identity))
                    calls[id(operation)] = operation_calls(facts, page_operations)
    keys = sorted(found, key=lambda k: (k[0], HTTP_METHODS.index(k[1])))
    pairs = {key: _stream_pair(found[key]) for key in keys}
    # The calls of the JSON pages name the operation; a streaming page's calls name its view.
    plain_calls = {key: [call for v in pairs[key][0] for call in calls[id(v[1])]] for key in keys}
    # Several client classes (a v1 and a v2 client): each operation is a method of one, and
    # names need only be unique within a class. A merged document read back says it itself.
    classes = client_classes(page_facts)
    assigned = assign_clients(keys, {key: [call for v in found[key] for call in calls[id(v[1])]] for key in keys}, classes)
    owners = {key: (assigned[key] if assigned[key] != classes[0] else "") if assigned else extensions.client_of(found[key][0][1]) for key in keys}
    identities = _called_identities(keys, {key: pairs[key][0] for key in keys}, plain_calls, owners, diagnostics, limits)
    paths: dict[str, dict[str, Any]] = {}
    records: list[OperationRecord] = []
    divergences: list[Divergence] = []
    for path, method in keys:
        variants, streaming = pairs[(path, method)]
        identity = identities[(path, method)]
        merged = _merge_variants(variants, identity)
        if owners[(path, method)]:
            merged[extensions.CLIENT] = owners[(path, method)]
        else:
            merged.pop(extensions.CLIENT, None)
        subject = f"{method.upper()} {path}"
        positional = positional_parameters(path, plain_calls[(path, method)], subject, diagnostics)
        named = plain.get((path, method))
        if not positional and named and identity == named.identity and extensions.POSITIONAL not in merged:
            positional = list(dict.fromkeys(_PATH_SLOT.findall(path)))  # a plain document's call: every path parameter, as SDKs for such APIs take them
        if positional:
            merged[extensions.POSITIONAL] = positional
        record = OperationRecord(
            path,
            method,
            identity,
            [f.source for f, _, _ in variants],
            variants[0][0].line_of(("paths", path, method)),
            calls=plain_calls[(path, method)],
            metadata_identity=variants[0][2] if identity != variants[0][2] else None,
            client=owners[(path, method)],
            given_up=named.given_up if named and identity == named.identity else None,
        )
        divergences.extend(_variant_divergences(subject, variants, merged))
        record_code_samples(merged, [f for f, _, _ in variants], identity.dotted)
        if streaming:
            record.stream_identity = streaming[0][2]
            view = _merge_variants(streaming, record.stream_identity)
            record_code_samples(view, [f for f, _, _ in streaming], record.stream_identity.dotted)
            record.stream_flag = stream_flag(view, merged, schemas)
            merged[extensions.STREAM] = {**view, **({extensions.STREAM_SETS: {record.stream_flag: True}} if record.stream_flag else {})}
            record.sources += [f.source for f, _, _ in streaming if f.source not in record.sources]
            divergences.extend(_variant_divergences(f"{subject} ({record.stream_identity.dotted})", streaming, view))
        pages = {id(fragment): fragment for fragment, _, _ in found[(path, method)]}  # a page gives one or two views
        record.examples = [example for fragment in pages.values() for example in fragment.examples]
        paths.setdefault(path, {})[method] = merged
        records.append(record)
    seen: dict[tuple[str, str], OperationRecord] = {}
    for record in records:
        for identity in filter(None, (record.identity, record.stream_identity)):
            other = seen.setdefault((record.client, identity.dotted), record)
            if other is not record:
                diagnostics.error(
                    record.sources[0],
                    f"{record.method.upper()} {record.path} and {other.method.upper()} {other.path} ({other.sources[0]}) "
                    f"both map to `{identity.dotted}`" + (f" of `{record.client}`" if record.client else ""),
                )
    return paths, records, divergences


Variant = tuple[Fragment, dict[str, Any], OperationIdentity]
_PATH_SLOT = re.compile(r"\{([^{}]*)\}")


def _plain_names(fragments: list[Fragment], documents: list[dict[str, Any]]) -> dict[tuple[str, str], PlainName]:
    """The SDK names of the operations of plain documents (standalone, with nothing naming
    them outright), by (path, method); the others' names are taken."""
    operations: list[tuple[str, str, dict[str, Any]]] = []
    taken: set[str] = set()
    for fragment, document in zip(fragments, documents):
        for path, item in (document.get("paths") or {}).items():
            for method in HTTP_METHODS:
                operation = item.get(method) if isinstance(item, dict) else None
                if not isinstance(operation, dict):
                    continue
                if not fragment.from_page and is_plain(document, operation):
                    operations.append((path, method, operation))
                else:
                    taken.add(operation_identity(document, operation, method, path).dotted)
    return plain_identities(operations, taken) if operations else {}


def _views(operation: dict[str, Any], shared: list[Any]) -> list[dict[str, Any]]:
    """The operation, and the streaming page's view a merged document keeps under
    `x-sdkgen-stream` (read back as a page of its own, so a pair survives a round trip)."""
    view = operation.pop(extensions.STREAM, None)
    if not isinstance(view, dict):
        return [operation]
    return [operation, _with_path_parameters({k: v for k, v in view.items() if k != extensions.STREAM_SETS}, shared)]


def _stream_pair(variants: list[Variant]) -> tuple[list[Variant], list[Variant]]:
    """The views of one method and path split into (the JSON pages, the streaming pages) when
    the pages give it two SDK identities, one of which only answers with an event stream (a
    `chat` and a `chat_stream` page); else (all of them, [])."""
    by_identity: dict[OperationIdentity, list[Variant]] = {}
    for variant in variants:
        by_identity.setdefault(variant[2], []).append(variant)
    streaming = [i for i, group in by_identity.items() if all(answers_only_events(op) for _, op, _ in group)]
    if len(by_identity) < 2 or len(streaming) != 1:
        return variants, []
    return [v for v in variants if v[2] != streaming[0]], by_identity[streaming[0]]


def _merge_variants(variants: list[Variant], identity: OperationIdentity) -> dict[str, Any]:
    """The views of one operation merged, with its SDK identity recorded."""
    merged = variants[0][1]
    for _, operation, _ in variants[1:]:
        merged = merge_operation(merged, operation)
    merged = {"operationId": identity.dotted, **{k: v for k, v in merged.items() if k != "operationId"}}
    set_sdk_call(merged, identity.resource, identity.method)
    return merged


def _variant_divergences(subject: str, variants: list[Variant], merged: dict[str, Any]) -> list[Divergence]:
    labelled = [(str(f.source), op) for f, op, _ in variants]
    if len(labelled) < 2 or all(op == labelled[0][1] for _, op in labelled[1:]):
        return []
    return describe_differences(subject, labelled, merged, operation_facts)


def _called_identities(
    keys: list[tuple[str, str]],
    found: dict[tuple[str, str], list[tuple[Fragment, dict[str, Any], OperationIdentity]]],
    calls: dict[tuple[str, str], list[Call]],
    owners: dict[tuple[str, str], str],
    diagnostics: Diagnostics,
    limits: Limits,
) -> dict[tuple[str, str], OperationIdentity]:
    """Each operation's identity: the call its pages' Python examples make, where they show one
    (reported when the page's metadata says otherwise), else the one the pages' metadata gives."""
    identities = {key: found[key][0][2] for key in keys}
    taken = {(owners[key], identity.dotted) for key, identity in identities.items()}  # names are per client class
    for key in keys:
        path, method = key
        label = f"{method.upper()} {path}"
        given = identities[key]
        learned = called_identity(given, calls[key], label, diagnostics)
        if learned is None:
            continue
        source = calls[key][0].source
        if not _identity_is_usable(source, label, learned, diagnostics, limits):
            continue
        if (owners[key], learned.dotted) in taken:
            diagnostics.warning(source, f"{label}: the example calls `client.{learned.dotted}(...)`, another operation's name; the package keeps `{given.dotted}`")
            continue
        diagnostics.warning(
            source,
            f"{label}: the page's metadata names it `{given.dotted}` but its Python example calls `client.{learned.dotted}(...)`; "
            "the package follows the example",
        )
        taken.discard((owners[key], given.dotted))
        taken.add((owners[key], learned.dotted))
        identities[key] = learned
    return identities


_HEADER_VALUE = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?\Z")
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")  # an RFC 9110 token
# A response's key: a status code 100-599 in three ASCII digits, a range such as 4XX (in
# either case: documents write `4xx` too, and the SDK reads both), or `default`.
_STATUS = re.compile(r"(?:[1-5](?:[0-9][0-9]|[Xx][Xx])|default)\Z")


def _operation_is_usable(
    fragment: Fragment, path: str, method: str, operation: dict[str, Any], diagnostics: Diagnostics, limits: Limits
) -> bool:
    """Report what no SDK can be made from: an operation without responses, a nameless parameter."""
    where = fragment.line_of(("paths", path, method))
    label = f"operation {method.upper()} {path}"
    usable = True
    responses = operation.get("responses")
    if not isinstance(responses, dict) or not responses:
        diagnostics.error(fragment.line_of(("paths", path, method, "responses")), f"{label} has no responses; an operation needs at least one")
        usable = False
    for status in responses if isinstance(responses, dict) else ():
        if not _STATUS.match(status):
            diagnostics.error(
                fragment.line_of(("paths", path, method, "responses", status)),
                f"{label}: response {status!r} is not a status code (three digits 100-599, a range such as 4XX, or default)",
            )
            usable = False
    if any(unicodedata.category(char) == "Cc" for char in path):
        diagnostics.error(where, f"{label}: the path holds a control character, which cannot be sent in a URL")
        usable = False
    if any(segment in (".", "..") for segment in path.split("/")):
        diagnostics.error(where, f"{label}: the path has a `.` or `..` segment, which HTTP clients resolve away")
        usable = False
    body = operation.get("requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    for media in content if isinstance(content, dict) else ():
        if not _HEADER_VALUE.match(str(media)):
            diagnostics.error(
                fragment.line_of(("paths", path, method, "requestBody", "content", media)),
                f"{label}: request content type {str(media)!r} cannot be sent in a Content-Type header (printable ASCII only)",
            )
            usable = False
    parameters = operation.get("parameters")
    if parameters is not None and not isinstance(parameters, list):
        diagnostics.error(where, f"{label}: `parameters` is not a list")
        return False
    for index, parameter in enumerate(parameters or []):
        if not isinstance(parameter, dict):
            diagnostics.error(where, f"{label}: parameter {index + 1} is not a mapping")
            usable = False
        elif not isinstance(parameter.get("name"), str) or not parameter["name"]:
            diagnostics.error(where, f"{label}: parameter {index + 1} has no name")
            usable = False
        elif len(parameter["name"]) > limits.max_name_length:
            diagnostics.error(where, f"{label}: parameter {index + 1} has a name of {len(parameter['name']):,} characters, more than {limits.max_name_length:,}; {limit_note('max_name_length')}")
            usable = False
        elif parameter.get("in") not in ("path", "query", "header", "cookie"):
            diagnostics.error(where, f"{label}: parameter {parameter['name']!r} has no valid `in` (path, query, header or cookie)")
            usable = False
        elif parameter["in"] == "header" and not _HEADER_NAME.match(parameter["name"]):
            diagnostics.error(
                fragment.line_of(("paths", path, method, "parameters")),
                f"{label}: header parameter {parameter['name']!r} is not a valid HTTP header name "
                "(letters, digits and !#$%&'*+-.^_`|~ only)",
            )
            usable = False
    if usable:
        declared = {str(p["name"]) for p in parameters or [] if p.get("in") == "path"}
        for slot in re.findall(r"\{([^{}]*)\}", path):
            if slot not in declared:
                diagnostics.error(where, f"{label}: the path has `{{{slot}}}` but no path parameter named {slot!r}")
                usable = False
    return usable


def _identity_is_usable(where: SourceRef, label: str, identity: OperationIdentity, diagnostics: Diagnostics, limits: Limits) -> bool:
    """The SDK call an operation becomes has a bounded resource path and names of bounded length."""
    if len(identity.resource) > limits.max_depth:
        diagnostics.error(where, f"{label}: its SDK group path has {len(identity.resource):,} parts, more than {limits.max_depth}; {limit_note('max_depth')}")
        return False
    longest = max((*identity.resource, identity.method), key=len)
    if len(longest) > limits.max_name_length:
        diagnostics.error(where, f"{label}: its SDK name has a part of {len(longest):,} characters, more than {limits.max_name_length:,} ({longest[:40]!r}...); {limit_note('max_name_length')}")
        return False
    return True


def _with_path_parameters(operation: dict[str, Any], shared: list[Any]) -> dict[str, Any]:
    own = {(p.get("in"), p.get("name")) for p in operation.get("parameters") or [] if isinstance(p, dict)}
    extra = [p for p in shared if isinstance(p, dict) and (p.get("in"), p.get("name")) not in own]
    if not extra:
        return dict(operation)
    return {**operation, "parameters": [*extra, *(operation.get("parameters") or [])]}


def merge_operation(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two pages' view of one operation → one that accepts every call either describes."""
    result = dict(a)
    for key, value in b.items():
        if key not in result:
            result[key] = value
    if "tags" in a or "tags" in b:
        result["tags"] = list(dict.fromkeys([*(a.get("tags") or []), *(b.get("tags") or [])]))
    if "parameters" in a or "parameters" in b:
        result["parameters"] = _merge_parameters(a.get("parameters") or [], b.get("parameters") or [])
    if "requestBody" in a and "requestBody" in b:
        body = _merge_content_holder(a["requestBody"], b["requestBody"])
        body["required"] = bool(a["requestBody"].get("required")) and bool(b["requestBody"].get("required"))
        result["requestBody"] = body
    elif "requestBody" in a or "requestBody" in b:
        body = dict(a.get("requestBody") or b.get("requestBody") or {})
        body["required"] = False
        result["requestBody"] = body
    if "responses" in a and "responses" in b:
        responses = dict(a["responses"])
        for status, response in b["responses"].items():
            responses[status] = _merge_content_holder(responses[status], response) if status in responses else response
        result["responses"] = responses
    return result


def _merge_parameters(a: list[Any], b: list[Any]) -> list[Any]:
    merged: dict[tuple[Any, Any], dict[str, Any]] = {}
    for parameter in a:
        merged[(parameter.get("in"), parameter.get("name"))] = parameter
    in_both = {(p.get("in"), p.get("name")) for p in b} & set(merged)
    for parameter in b:
        key = (parameter.get("in"), parameter.get("name"))
        if key in merged:
            combined = {**parameter, **merged[key]}
            if "schema" in merged[key] and "schema" in parameter:
                combined["schema"] = merge_schema(merged[key]["schema"], parameter["schema"])
            combined["required"] = bool(merged[key].get("required")) and bool(parameter.get("required"))
            merged[key] = combined
        else:
            merged[key] = parameter
    for key, parameter in merged.items():
        if key not in in_both and key[0] != "path" and parameter.get("required"):
            merged[key] = {**parameter, "required": False}
    return list(merged.values())


def _merge_content_holder(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    result = {**b, **a}
    if "content" in a or "content" in b:
        content: dict[str, Any] = dict(a.get("content") or {})
        for media, media_object in (b.get("content") or {}).items():
            if media in content and "schema" in content[media] and "schema" in media_object:
                content[media] = {**media_object, **content[media], "schema": merge_schema(content[media]["schema"], media_object["schema"])}
            else:
                content.setdefault(media, media_object)
        result["content"] = content
    return result


def assemble(
    fragments: list[Fragment],
    documents: list[dict[str, Any]],
    schemas: dict[str, Any],
    paths: dict[str, dict[str, Any]],
    title: str | None,
) -> dict[str, Any]:
    """The merged OpenAPI 3.1 document: info, servers, security, tags, paths, components."""
    servers = list(dict.fromkeys(f.server for f in fragments if f.server))
    default_server = [{"url": servers[0]}] if servers else None
    for path_item in paths.values():
        for operation in path_item.values():
            for holder in (operation, operation.get(extensions.STREAM)):
                if isinstance(holder, dict) and default_server and holder.get("servers") == default_server:
                    del holder["servers"]  # only operations on another host keep their own
    tags: dict[str, dict[str, Any]] = {}
    for source_document in documents:
        for tag in source_document.get("tags") or []:
            if isinstance(tag, dict) and tag.get("name"):
                tags.setdefault(str(tag["name"]), tag)
    for path_item in paths.values():
        for operation in path_item.values():
            for tag in operation.get("tags") or []:
                tags.setdefault(tag, {"name": tag})
    components: dict[str, Any] = {}
    for source_document in documents:
        for kind, entries in (source_document.get("components") or {}).items():
            if kind != "schemas" and isinstance(entries, dict):
                for name, entry in entries.items():
                    components.setdefault(kind, {}).setdefault(name, entry)
    components = {kind: dict(sorted(entries.items())) for kind, entries in sorted(components.items())}
    if schemas:
        components["schemas"] = schemas
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title or _derive_title(fragments, servers), "version": ""},
    }
    if servers:
        document["servers"] = [{"url": url} for url in servers]
    security = next((d["security"] for d in documents if d.get("security")), None)
    if security:
        document["security"] = security
    if tags:
        document["tags"] = list(tags.values())
    document["paths"] = {path: paths[path] for path in sorted(paths)}
    if components:
        document["components"] = components
    return document


def _locator(fallback: SourceRef, schemas: dict[str, SourceRef], operations: list[OperationRecord]) -> Callable[[tuple[str | int, ...]], SourceRef]:
    """Where a part of the merged document (by its path) was first written, as near as known."""
    by_operation = {(record.path, record.method): record.line or record.sources[0] for record in operations}

    def where(path: tuple[str | int, ...]) -> SourceRef:
        if path[:2] == ("components", "schemas") and len(path) > 2 and str(path[2]) in schemas:
            return schemas[str(path[2])]
        if path[:1] == ("paths",) and len(path) > 2 and (path[1], path[2]) in by_operation:
            return by_operation[(str(path[1]), str(path[2]))]
        return fallback

    return where


def _derive_title(fragments: list[Fragment], servers: list[str]) -> str:
    standalone_document = len(fragments) == 1 and fragments[0].source.line == 1
    if standalone_document:
        return fragments[0].title
    if servers:
        host = servers[0].split("://", 1)[-1].split("/", 1)[0].split(":")[0]
        labels = [label for label in host.split(".") if label not in ("api", "www")]
        if len(labels) >= 2:
            return f"{labels[-2].capitalize()} API"
    return "API"
