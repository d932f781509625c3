"""The whole merge as one library call: input paths in, merged document and report out."""

from __future__ import annotations

from dataclasses import dataclass

from . import __version__
from .diagnostics import Diagnostics
from .merge import MergeResult, merge_fragments
from .reader import read_fragments
from .formatting import FormatCache
from .operations_ir import client_name_for
from .output_dir import with_manifest
from .pysyntax import snake_identifier
from .report import render_report
from .sdk import SdkOptions, build_sdk_files


@dataclass
class MergeOutput:
    result: MergeResult
    report: str


def build_merged_document(specs: list[str], diagnostics: Diagnostics, title: str | None = None) -> MergeOutput | None:
    fragments = read_fragments(specs, diagnostics)
    if diagnostics.has_errors:
        return None
    result = merge_fragments(fragments, diagnostics, title=title)
    if result is None:
        return None
    return MergeOutput(result=result, report=render_report(result, diagnostics.items))


@dataclass
class SdkOutput:
    merged: MergeOutput
    files: dict[str, bytes]  # every file of the output directory, manifest included


def build_sdk(specs: list[str], diagnostics: Diagnostics, title: str | None, package: str | None, client_name: str | None) -> SdkOutput | None:
    """Pages in, the files of the SDK output directory out (nothing written)."""
    merged = build_merged_document(specs, diagnostics, title=title)
    if merged is None or diagnostics.has_errors:
        return None
    document = merged.result.document
    name = client_name or client_name_for(document)
    options = SdkOptions(
        package=package or snake_identifier(name) + "_client",
        client_name=name,
        title=str((document.get("info") or {}).get("title") or name),
    )
    files = build_sdk_files(document, merged.report, options, diagnostics, FormatCache.default())
    if files is None:
        return None
    return SdkOutput(merged, with_manifest(files, f"sdkgen {__version__}"))
