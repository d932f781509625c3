"""A small API written in a test and taken through the merge and the SDK description
(`emit.package.build_spec`), for the unit tests of the model and emit stages."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from fern_pages import merged_document
from generator.common.diagnostics import Diagnostics
from generator.emit.package import build_spec
from generator.model.sdk_ir import ClientSpec, ModelsModule, SdkOptions

THING_REF = {"$ref": "#/components/schemas/Thing"}
ACME: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Acme API", "version": "1"},
    "servers": [{"url": "https://api.acme.test"}],
    "paths": {
        "/v1/things/{thing_id}": {"get": {
            "operationId": "get", "tags": ["things"], "summary": "Get a thing",
            "parameters": [
                {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "verbose", "in": "query", "schema": {"type": "boolean"}, "description": "Say more."},
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": THING_REF}}}, "404": {"description": "no such thing"}},
        }},
        "/v1/things": {"post": {
            "operationId": "create", "tags": ["things"],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewThing"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": THING_REF}}}},
        }},
    },
    "components": {
        "schemas": {
            "Thing": {"type": "object", "properties": {"id": {"type": "string"}, "label": {"type": "string"}}, "required": ["id"]},
            "NewThing": {"type": "object", "properties": {"label": {"type": "string"}, "language": {"type": "string"}}, "required": ["label", "language"]},
        },
        "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
    },
    "security": [{"Key": []}],
}  # fmt: skip


def acme(**changes: Any) -> dict[str, Any]:
    """A deep copy of ACME with top-level keys replaced."""
    return {**copy.deepcopy(ACME), **changes}


def client_spec(folder: Path, document: dict[str, Any] | None = None, package: str = "acme_sdk", client: str = "Acme") -> tuple[dict[str, Any], ClientSpec, ModelsModule]:
    """The merged document and its SDK description (client and models)."""
    merged = merged_document(folder, document or acme())
    diagnostics = Diagnostics()
    built = build_spec(merged, SdkOptions(package, client, "Acme API"), diagnostics)
    assert built is not None and not diagnostics.items, [str(d) for d in diagnostics.items]
    return merged, built[0], built[1]
