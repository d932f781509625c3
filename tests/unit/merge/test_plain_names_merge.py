"""merge: a plain OpenAPI document's operations get the names of spec.identity.plain_identities,
take every path parameter by position too, and the report lists the names kept whole; pages keep
their own names whatever a plain document beside them says."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import merge_paths
from generator.merge.report import render_report

PLAIN = {
    "openapi": "3.0.3",
    "info": {"title": "Files", "version": "1"},
    "servers": [{"url": "https://api.files.test"}],
    "paths": {
        "/v1/files": {
            "get": {"tags": ["Files"], "operationId": "listFiles", "responses": {"200": {"description": "ok"}}},
        },
        "/v1/files/{file_id}/parts/{part}": {
            "get": {
                "tags": ["Files"],
                "operationId": "getFilePart",
                "parameters": [
                    {"name": "part", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok"}},
            },
        },
        "/v1/files/{file_id}": {
            "get": {"tags": ["Files"], "operationId": "getFile", "parameters": [{"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}},
            "delete": {"tags": ["Files"], "operationId": "get", "parameters": [{"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"204": {"description": "gone"}}},
        },
    },
}


def test_a_plain_documents_names_positional_path_parameters_and_the_report(tmp_path: Path) -> None:
    spec = tmp_path / "files.yaml"
    spec.write_text(yaml.safe_dump(PLAIN), encoding="utf-8")
    merged, diagnostics = merge_paths(spec)
    assert merged is not None, [str(d) for d in diagnostics.items]
    calls = {f"{r.method.upper()} {r.path}": (r.identity.dotted, r.given_up) for r in merged.result.operations}
    assert calls == {
        "GET /v1/files": ("files.list", None),
        "GET /v1/files/{file_id}/parts/{part}": ("files.get_part", None),
        "GET /v1/files/{file_id}": ("files.get_file", "get"),  # `getFile` without `file` would be the `get` below
        "DELETE /v1/files/{file_id}": ("files.get", None),
    }
    paths = merged.result.document["paths"]
    assert paths["/v1/files/{file_id}/parts/{part}"]["get"]["x-sdkgen-positional"] == ["file_id", "part"]  # path order
    assert "x-sdkgen-positional" not in paths["/v1/files"]["get"]
    report = render_report(merged.result, diagnostics.items)
    section = report.split("## Method names kept whole", 1)[1].split("\n## ", 1)[0]
    assert "its shorter name would have been another operation's too, so none of them takes it (1 in all)." in section
    assert "| `GET /v1/files/{file_id}` | `files.get_file` | `files.get` |" in section


def test_a_page_beside_a_plain_document_keeps_its_name_and_takes_the_shorter_one_first(tmp_path: Path) -> None:
    page = tmp_path / "files-list.md"
    page.write_text(
        "# List files\n\n## OpenAPI Specification\n\n```yaml\nopenapi: 3.1.0\ninfo:\n  title: List files\n  version: endpoint_files.list\n"
        "servers:\n  - url: https://api.files.test\npaths:\n  /v2/files:\n    get:\n      operationId: list\n"
        "      responses:\n        '200':\n          description: ok\n```\n",
        encoding="utf-8",
    )
    spec = tmp_path / "files.yaml"
    spec.write_text(yaml.safe_dump({**PLAIN, "paths": {"/v1/files": PLAIN["paths"]["/v1/files"]}}), encoding="utf-8")
    merged, diagnostics = merge_paths(page, spec)
    assert merged is not None, [str(d) for d in diagnostics.items]
    calls = {f"{r.method.upper()} {r.path}": (r.identity.dotted, r.given_up) for r in merged.result.operations}
    assert calls == {"GET /v2/files": ("files.list", None), "GET /v1/files": ("files.list_files", "list")}
