"""The SDK step: merged document in, every file of the output directory out (in memory).

merged document → type mapping → models and client description (`sdk_ir`) → templates →
black → {relative path: bytes}. Nothing here touches the disk; `output_dir` does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostics
from .formatting import FormattingError, format_source
from .models_ir import build_models, finish_models, order_aliases
from .operations_ir import ClientOptions, build_client
from .python_types import TypeMapper
from .render import render_package

DOCUMENT_FILE = "openapi.json"
REPORT_FILE = "merge-report.md"


@dataclass(frozen=True)
class SdkOptions:
    package: str
    client_name: str
    title: str


def build_sdk_files(document: dict[str, Any], report: str, options: SdkOptions, diagnostics: Diagnostics) -> dict[str, bytes] | None:
    """Every file of the output directory, or None (with errors in `diagnostics`)."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    mapper = TypeMapper(schemas)
    models = build_models(mapper, diagnostics)
    client = build_client(document, mapper, ClientOptions(options.package, options.client_name, options.title), diagnostics)
    finish_models(mapper, models)
    order_aliases(models, diagnostics)
    if diagnostics.has_errors:
        return None
    files: dict[str, bytes] = {
        DOCUMENT_FILE: (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode(),
        REPORT_FILE: report.encode(),
    }
    for path, source in render_package(client, models).items():
        try:
            formatted = format_source(path, source)
        except FormattingError as exc:
            diagnostics.error(None, str(exc))
            return None
        files[f"{options.package}/{path}"] = formatted.encode()
    files[f"{options.package}/py.typed"] = b""
    return dict(sorted(files.items()))
