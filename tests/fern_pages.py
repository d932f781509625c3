"""Fern-style reference pages written in a test: a title, the endpoint line, an `## OpenAPI
Specification` block with the operation, and code examples; and the reading of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.common.diagnostics import Diagnostics
from generator.read.reader import Sources, read_sources


def fern_page(
    endpoint: str,
    path: str,
    method: str,
    operation: dict[str, Any],
    schemas: dict[str, Any] | None = None,
    server: str = "https://api.example.test",
    examples: tuple[tuple[str, str], ...] = (),
    title: str = "A page",
) -> str:
    """A page for one operation; `endpoint` is Fern's `info.version` (`endpoint_things.get`),
    `examples` (language, code) pairs under `## SDK Code Examples`."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": endpoint},
        "servers": [{"url": server}],
        "paths": {path: {method: operation}},
    }
    if schemas:
        document["components"] = {"schemas": schemas}
    block = yaml.safe_dump(document, sort_keys=False)
    text = f"# {title}\n\n{method.upper()} {server}{path}\n\n## OpenAPI Specification\n\n```yaml\n{block}```\n"
    if examples:
        text += "\n## SDK Code Examples\n" + "".join(f"\n```{lang}\n{code.strip()}\n```\n" for lang, code in examples)
    return text


def read_pages(folder: Path, pages: dict[str, str]) -> tuple[Sources, Diagnostics]:
    """The pages written into `folder` (by file name) and read as sdkgen reads its inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    return read_sources([str(folder)], diagnostics), diagnostics


def merged_document(folder: Path, document: dict[str, Any]) -> dict[str, Any]:
    """`document` written as a plain OpenAPI file and merged as sdkgen merges its inputs (the
    SDK identities, credentials and normalizations the later stages expect)."""
    import json

    from generator.pipeline import merge_sources

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    sources, diagnostics = read_pages(folder, {})
    result = merge_sources(sources, diagnostics)
    assert result is not None and not diagnostics.has_errors, [str(d) for d in diagnostics.items]
    return result.document
