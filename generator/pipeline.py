"""The orchestrator: every step of a run, in order, as one named call each.

read → (AsyncAPI blocks' schemas into the pool) → normalize → each control message's literal →
check references → names → schema merge → example facts → operations → channels → assemble →
rendered pages → credentials → surface → defaults → version stamp → asyncapi.json → (report) →
model and emit the package → manifest. The stages do the work; nothing here decides anything
but the order, and no stage calls another stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any, Callable

from .common.diagnostics import Diagnostic, Diagnostics
from .common.limits import DEFAULT_LIMITS, Limits
from .common.pysyntax import snake_identifier
from .emit.package import build_sdk_files, learned_names
from .emit.formatting import FormattingError
from .emit.provenance import Provenance, provenance
from .merge import document as merge
from .merge.report import render_report
from .merge.surface import read_facts
from .model.operations_ir import client_name_for
from .model.sdk_ir import SdkOptions
from .output.output_dir import with_manifest
from .read.reader import Sources, read_sources
from .settings import Settings
from .spec import extensions


@dataclass
class MergeOutput:
    """A merge's result, its report (written when first asked for: an SDK run writes it while
    ruff formats the package) and what was read."""

    result: merge.MergeResult
    findings: list[Diagnostic]  # what the merge reported (the report lists them)
    sources: Sources

    @cached_property
    def report(self) -> str:
        return render_report(self.result, self.findings)


def build_merged_document(
    specs: list[str], diagnostics: Diagnostics, title: str | None = None, limits: Limits = DEFAULT_LIMITS, strict: bool = False
) -> MergeOutput | None:
    """The merged document and its report, or None (with errors in `diagnostics`; with
    `strict`, a warning is one)."""
    sources = read_sources(specs, diagnostics, limits)
    if diagnostics.has_errors:
        return None
    result = merge_sources(sources, diagnostics, title, limits)
    if result is None or strict and diagnostics.fail_on_warnings():
        return None
    return MergeOutput(result=result, findings=list(diagnostics.items), sources=sources)


def merge_sources(sources: Sources, diagnostics: Diagnostics, title: str | None = None, limits: Limits = DEFAULT_LIMITS) -> merge.MergeResult | None:
    """What was read merged into one OpenAPI 3.1 document; None with errors in `diagnostics`."""
    fragments, rendered, blocks = sources.fragments, sources.rendered, sources.asyncapi
    if not fragments and not rendered and not blocks:
        diagnostics.error(None, "no OpenAPI blocks or documents found in the inputs")
        return None
    channel_merge = _channel_steps() if blocks else None  # loaded with the first AsyncAPI block
    pool = [*fragments, *(channel_merge.schema_fragments(blocks) if channel_merge else [])]  # the blocks' schemas join the pool
    documents = merge.normalize_fragments(pool)
    literal_notes = channel_merge.infer_message_literals(blocks, documents[len(fragments) :]) if channel_merge else {}
    if not merge.check_references(pool, documents, diagnostics):
        return None
    named = merge.resolve_schema_names(pool, documents, diagnostics)
    if named is None:
        return None
    names, documents = named
    schemas, schema_divergences = merge.merge_schemas(pool, documents, names, diagnostics)
    documents = documents[: len(fragments)]
    examples = read_facts(fragments)
    paths, operations, operation_divergences = merge.merge_operations(fragments, documents, schemas, examples, diagnostics, limits)
    channels = channel_merge.merge_channels(blocks, names.names[len(fragments) :], schemas, literal_notes, diagnostics) if channel_merge else []
    if diagnostics.has_errors:
        return None
    document = merge.assemble(fragments, documents, schemas, paths, title)
    document, rendered_facts, operations = merge.overlay_rendered(document, operations, rendered, diagnostics)
    document, credentials = merge.learn_operation_credentials(document, operations, examples)
    if channel_merge and channels:
        document = channel_merge.learn_channel_credentials(document, channels, diagnostics)
    surface = merge.learn_surface(document, fragments, documents, examples, operations, diagnostics)
    merge.check_defaults(document, pool, names, operations, rendered, diagnostics)
    merge.stamp_version(document)
    channels_document = None
    if channel_merge and channels:
        channel_title = channel_merge.channel_title(blocks, str(document["info"]["title"]), title)
        channels_document = channel_merge.channels_document(channels, schemas, channel_title)
    return merge.MergeResult(
        document,
        fragments,
        names,
        schema_divergences,
        operation_divergences,
        operations,
        rendered,
        rendered_facts,
        credentials=credentials,
        surface=surface,
        channels=channels,
        channels_document=channels_document,
        schema_fragments=pool,
    )


def _channel_steps() -> ModuleType:
    """The channel steps (merge/channels.py): a run without AsyncAPI blocks never loads them."""
    from .merge import channels

    return channels


@dataclass
class SdkOutput:
    """An SDK run's merge, every file of its output directory and its provenance stamp."""

    merged: MergeOutput
    files: dict[str, bytes]  # every file of the output directory, manifest included
    provenance: Provenance


def build_sdk(
    settings: Settings, diagnostics: Diagnostics, progress: Callable[[str], None] = lambda message: None, strict: bool = False
) -> SdkOutput | None:
    """Pages in, the files of the SDK output directory out (nothing written); None with errors
    in `diagnostics` (with `strict`, a warning is one)."""
    merged = build_merged_document(list(settings.specs), diagnostics, title=settings.title, limits=settings.limits)
    if merged is None or diagnostics.has_errors:
        return None
    package, client_name, package_version = settings.package, settings.client_name, settings.package_version
    options: tuple[str, ...] = (f"title={settings.title}", f"package={package}", f"client={client_name}", f"package_version={package_version}")
    if settings.credential_hosts:  # named only when set, so that other outputs stay as they were
        options += (f"credential_hosts={','.join(settings.credential_hosts)}",)
    try:
        stamp = provenance(((source.name, source.data) for source in merged.sources.inputs), options)
    except FormattingError as exc:  # the formatter's version is part of the stamp
        diagnostics.error(None, str(exc))
        return None
    document = merged.result.document
    schemas = len((document.get("components") or {}).get("schemas") or {})
    progress(f"merged {len(merged.result.fragments)} blocks: {len(merged.result.operations)} operations, {schemas} schemas")
    surface = {fact.subject: fact.source for fact in reversed(merged.result.surface)}
    refused: list[str] = []
    sdk_options = _sdk_options(document, settings, refused)
    for problem in refused:
        diagnostics.warning(surface.get("client class"), problem)
    sources = merge.schema_sources(merged.result)
    files = build_sdk_files(document, lambda: merged.report, sdk_options, diagnostics, stamp, progress, sources, surface, merged.result.channels_document)
    if files is None or strict and diagnostics.fail_on_warnings():
        return None
    return SdkOutput(merged, with_manifest(files, stamp.generator, stamp.inputs_sha256), stamp)


def _sdk_options(document: dict[str, Any], settings: Settings, refused: list[str]) -> SdkOptions:
    """The package's names: the settings, else what the pages' SDK examples show
    (`from acme import Acme`), else the API's host; why a learned name was refused goes to `refused`."""
    package, client_name = settings.package, settings.client_name
    learned_client, learned_package = learned_names(document.get(extensions.SDK), refused if not (package and client_name) else None)
    host_name = client_name_for(document)
    name = client_name or learned_client or host_name
    info = document.get("info")
    return SdkOptions(
        package=package or learned_package or snake_identifier(name) + "_client",
        client_name=name,
        title=str((info.get("title") if isinstance(info, dict) else None) or name),
        other_client_names=(host_name,) if name != host_name and not client_name else (),
        package_version=settings.package_version,
        credential_hosts=settings.credential_hosts,
    )
