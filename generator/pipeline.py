"""The whole merge as one library call: input paths in, merged document and report out."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostics
from .merge import MergeResult, merge_fragments
from .reader import read_fragments
from .report import render_report


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
