"""merge.report: the Markdown merge report's sections, from a merge of pages written here."""

from __future__ import annotations

from typing import Any

from fern_pages import fern_page, read_pages
from generator.common.diagnostics import Diagnostic, Level, SourceRef
from generator.pipeline import merge_sources
from generator.read.reader import Sources
from generator.merge.report import render_report

KEY = {"name": "Authorization", "in": "header", "required": True, "description": "Bearer authentication of the form `Bearer <token>`."}
EXAMPLE = 'from acme import Acme\n\nclient = Acme(token="YOUR_TOKEN")\nclient.things.get("t_1")\n'
RENDERED = """# Delete a thing

`DELETE https://api.example.test/v1/things/:thing_id`

### Path Parameters

- **thing\\_id** `string` Required

### Response

Deleted

- **deleted** `boolean`
"""


def merge_fragments(fragments, diagnostics, rendered=None):  # type: ignore[no-untyped-def]
    """The merge steps in the pipeline's order (generator.pipeline.merge_sources)."""
    return merge_sources(Sources(fragments=list(fragments), rendered=list(rendered or [])), diagnostics)


def thing(id_type: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"id": {"type": id_type}}, "required": ["id"]}


def report(tmp_path, diagnostics_extra: tuple[Diagnostic, ...] = ()) -> str:
    get = {"operationId": "get", "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}, KEY],
           "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}  # fmt: skip
    listed = {"operationId": "list", "parameters": [KEY],
              "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}  # fmt: skip
    pages = {
        "a.md": fern_page("endpoint_things.get", "/v1/things/{thing_id}", "get", get, {"Thing": thing("string")}, examples=(("python", EXAMPLE),)),
        "b.md": fern_page("endpoint_things.list", "/v1/things", "get", listed, {"Thing": thing("integer")}),
        "c.txt": RENDERED,
    }
    sources, diagnostics = read_pages(tmp_path / "pages", pages)
    result = merge_fragments(sources.fragments, diagnostics, rendered=sources.rendered)
    assert result is not None, [str(d) for d in diagnostics.items]
    return render_report(result, [*diagnostics.items, *diagnostics_extra])


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_the_summary_counts_inputs_operations_schemas_and_differences(tmp_path):
    text = report(tmp_path)
    assert text.startswith("# Merge report\n\n- Inputs: 3 files, 2 OpenAPI blocks or documents\n")
    assert "- Result: 3 operations, 1 schemas, document version `" in text
    assert "- Schemas defined differently on different pages: 1 (" in text
    assert "- Rendered reference pages: 1 (" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_operations_credentials_and_divergences_have_their_tables(tmp_path):
    text = report(tmp_path)
    operations = section(text, "Operations")
    assert "| `GET /v1/things` | `things.list` |" in operations
    assert "| `DELETE /v1/things/{thing_id}` | `things.delete` | " in operations and "(rendered page only)" in operations
    credentials = section(text, "Credentials")
    assert "| `BearerAuth` | the `Authorization` header as `Bearer <key>` | described as `Bearer <token>`" in credentials
    differences = section(text, "Schemas that differ between pages")
    assert "### `Thing`" in differences
    assert '| `.id` | `type` | "string": ' in differences and '<br>"integer": ' in differences


def test_what_rendered_pages_and_sdk_examples_taught_is_listed(tmp_path):
    text = report(tmp_path)
    rendered = section(text, "From rendered pages")
    assert "| where | what the page adds | page |" in rendered
    surface = section(text, "From the SDK examples")
    assert "| client class | `Acme`, imported from `acme` |" in surface
    assert "| credential keyword | `token=` (taken as `api_key`) |" in surface


def test_notices_are_escaped_into_one_table_cell_each(tmp_path):
    odd = Diagnostic(Level.WARNING, SourceRef("x.md", 3), "a | pipe\nand a line")
    notices = section(report(tmp_path, (odd,)), "Notices")
    assert "- x.md:3: warning: a \\| pipe and a line" in notices
