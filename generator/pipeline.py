"""The whole merge as one library call: input paths in, merged document and report out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from .common.diagnostics import Diagnostic, Diagnostics
from .common.limits import DEFAULT_LIMITS, Limits
from .common.pysyntax import snake_identifier
from .emit.package import build_sdk_files, learned_names
from .emit.provenance import Provenance, provenance
from .merge.document import MergeResult, merge_fragments, schema_sources
from .merge.report import render_report
from .merge.surface import SDK_KEY
from .model.operations_ir import client_name_for
from .model.sdk_ir import SdkOptions
from .output.output_dir import with_manifest
from .read.reader import discover_files, read_sources


@dataclass
class MergeOutput:
    """A merge's result and its report, written when first asked for (an SDK run writes it
    while ruff formats the package)."""

    result: MergeResult
    findings: list[Diagnostic]  # what the merge reported (the report lists them)

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
    result = merge_fragments(sources.fragments, diagnostics, title=title, rendered=sources.rendered, limits=limits)
    if result is None or strict and diagnostics.fail_on_warnings():
        return None
    return MergeOutput(result=result, findings=list(diagnostics.items))


@dataclass
class SdkOutput:
    """An SDK run's merge, every file of its output directory and its provenance stamp."""

    merged: MergeOutput
    files: dict[str, bytes]  # every file of the output directory, manifest included
    provenance: Provenance


def sdk_provenance(
    specs: list[str], title: str | None, package: str | None, client_name: str | None, package_version: str | None = None
) -> Provenance:
    """The hash of everything the SDK output depends on (computed without generating it)."""
    files = discover_files(specs, Diagnostics())
    options = (f"title={title}", f"package={package}", f"client={client_name}", f"package_version={package_version}")
    return provenance(files, options)


def build_sdk(
    specs: list[str],
    diagnostics: Diagnostics,
    title: str | None,
    package: str | None,
    client_name: str | None,
    progress: Callable[[str], None] = lambda message: None,
    limits: Limits = DEFAULT_LIMITS,
    package_version: str | None = None,
    strict: bool = False,
) -> SdkOutput | None:
    """Pages in, the files of the SDK output directory out (nothing written); None with errors
    in `diagnostics` (with `strict`, a warning is one)."""
    stamp = sdk_provenance(specs, title, package, client_name, package_version)
    merged = build_merged_document(specs, diagnostics, title=title, limits=limits)
    if merged is None or diagnostics.has_errors:
        return None
    document = merged.result.document
    schemas = len((document.get("components") or {}).get("schemas") or {})
    progress(f"merged {len(merged.result.fragments)} blocks: {len(merged.result.operations)} operations, {schemas} schemas")
    # The options, else what the pages' SDK examples show (`from acme import Acme`), else the host.
    learned_client, learned_package = learned_names(document.get(SDK_KEY))
    host_name = client_name_for(document)
    name = client_name or learned_client or host_name
    options = SdkOptions(
        package=package or learned_package or snake_identifier(name) + "_client",
        client_name=name,
        title=str((document.get("info") or {}).get("title") or name),
        other_client_names=(host_name,) if name != host_name and not client_name else (),
        package_version=package_version,
    )
    surface = {fact.subject: fact.source for fact in reversed(merged.result.surface)}
    files = build_sdk_files(document, lambda: merged.report, options, diagnostics, stamp, progress, schema_sources(merged.result), surface)
    if files is None or strict and diagnostics.fail_on_warnings():
        return None
    return SdkOutput(merged, with_manifest(files, stamp.generator, stamp.inputs_sha256), stamp)
