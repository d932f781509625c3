"""The merge report: every name decision and every divergence that merging resolved, in Markdown."""

from __future__ import annotations

from collections import defaultdict

from .diagnostics import Diagnostic
from .divergence import Divergence
from .merge import MergeResult, OperationRecord


def render_report(result: MergeResult, diagnostics: list[Diagnostic]) -> str:
    document = result.document
    schemas = (document.get("components") or {}).get("schemas") or {}
    lines = [
        "# Merge report",
        "",
        f"- Inputs: {len({f.source.path for f in result.fragments} | {p.source.path for p in result.rendered})} files, "
        f"{len(result.fragments)} OpenAPI blocks or documents",
        f"- Result: {len(result.operations)} operations, {len(schemas)} schemas, document version `{document['info']['version']}`",
        f"- Schemas defined differently on different pages: {len({d.subject for d in result.schema_divergences})}"
        f" ({len(result.schema_divergences)} differences resolved)",
        f"- Operations described differently on different pages: {len({d.subject for d in result.operation_divergences})}",
    ]
    if result.rendered:
        lines.append(f"- Rendered reference pages: {len(result.rendered)} ({len(result.rendered_facts)} facts taken from them)")
    lines.append("")
    if diagnostics:
        lines += ["## Notices", ""]
        lines += [f"- {_cell(str(d))}" for d in diagnostics]
        lines.append("")
    lines += ["## Operations", "", "| operation | SDK call | pages |", "|---|---|---|"]
    rendered_only = {(c.path, c.method) for c in _rendered_only(result)}
    for record in result.operations:
        pages = ", ".join(str(s) for s in record.sources)
        if (record.path, record.method) in rendered_only:
            pages += " (rendered page only)"
        lines.append(f"| `{record.method.upper()} {record.path}` | `{record.identity.dotted}` | {pages} |")
    lines.append("")
    lines += _names_section(result)
    lines += _divergence_section("Schemas that differ between pages", result.schema_divergences)
    lines += _divergence_section("Operations that differ between pages", result.operation_divergences)
    lines += _rendered_section(result)
    lines += _surface_section(result)
    return "\n".join(lines).rstrip() + "\n"


def _rendered_only(result: MergeResult) -> list[OperationRecord]:
    paths = result.document.get("paths") or {}
    return [r for r in result.operations if (paths.get(r.path) or {}).get(r.method, {}).get("x-sdkgen-rendered-only")]


def _rendered_section(result: MergeResult) -> list[str]:
    if not result.rendered_facts:
        return []
    lines = [
        "## From rendered pages",
        "",
        "What rendered reference pages (no OpenAPI block) add to the OpenAPI blocks; nothing they state is weakened.",
        "",
        "| where | what the page adds | page |",
        "|---|---|---|",
    ]
    for fact in result.rendered_facts:
        lines.append(f"| {_cell(fact.subject)} | {_cell(fact.fact)} | {fact.source} |")
    lines.append("")
    return lines


def _surface_section(result: MergeResult) -> list[str]:
    if not result.surface:
        return []
    lines = [
        "## From the SDK examples",
        "",
        "What the pages' Python examples (read, never run) show of the vendor's SDK, and the package follows:",
        "the first page in path order where pages disagree (each disagreement is a warning above).",
        "",
        "| what | learned | page |",
        "|---|---|---|",
    ]
    for fact in result.surface:
        lines.append(f"| {_cell(fact.subject)} | {_cell(fact.fact)} | {fact.source} |")
    lines.append("")
    return lines


def _names_section(result: MergeResult) -> list[str]:
    rows: list[str] = []
    split_rows: list[str] = []
    for group in result.names.groups:
        finals: dict[str, list[str]] = defaultdict(list)
        for definition in group.definitions:
            final = group.final_names[(definition.fragment, definition.raw_name)]
            finals[final].append(f"`{definition.raw_name}` ({definition.source})")
        for final, origins in sorted(finals.items()):
            raws = {o.split("`")[1] for o in origins}
            if raws != {final}:
                rows.append(f"| `{final}` | {', '.join(origins)} |")
        if group.split:
            split_rows.append(
                f"| `{group.name}` | {', '.join(f'`{n}`' for n in sorted(finals))} | variants differ at {group.split_at} |"
            )
    lines: list[str] = []
    if rows:
        lines += ["## Schema names", "", "Names as they appear on the pages, and the one name each became.", ""]
        lines += ["| merged name | from |", "|---|---|", *rows, ""]
    if split_rows:
        lines += ["## Variants kept apart", "", "Input and output shapes that really differ stay separate types.", ""]
        lines += ["| type | names | evidence |", "|---|---|---|", *split_rows, ""]
    return lines


def _divergence_section(title: str, divergences: list[Divergence]) -> list[str]:
    if not divergences:
        return []
    lines = [f"## {title}", ""]
    by_subject: dict[str, list[Divergence]] = defaultdict(list)
    for divergence in divergences:
        by_subject[divergence.subject].append(divergence)
    for subject in sorted(by_subject):
        lines += [f"### `{subject}`", "", "| where | what | pages | merged |", "|---|---|---|---|"]
        for row in by_subject[subject]:
            pages = "<br>".join(f"{_cell(value)}: {', '.join(labels)}" for value, labels in row.sides)
            lines.append(f"| `{row.where or '(whole)'}` | {_cell(row.what)} | {pages} | {_cell(row.merged)} |")
        lines.append("")
    return lines


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")
