"""spec.paging: paged lists detected from the query parameters and the page's shape."""

from __future__ import annotations

from typing import Any

from generator.spec.paging import Paging, detect_paging

ITEMS = {"type": "array", "items": {"type": "string"}}


def operation(parameters: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    return {
        "parameters": [{"name": name, "in": "query", "schema": schema} for name, schema in parameters.items()],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}},
    }


def test_a_cursor_and_a_next_cursor_property():
    paging = detect_paging(operation({"cursor": {"type": "string"}}, {"type": "object", "properties": {"data": ITEMS, "next_cursor": {"type": "string"}}}), {})
    assert paging == Paging("cursor", "cursor", "data", "cursor", next_path=("next_cursor",))
    assert paging.form == "cursor"
    assert paging.describe() == "Paged by cursor: `cursor` takes each page's `next_cursor`; stops when the page has no `next_cursor`, or when it repeats the cursor sent."


def test_page_numbers_stop_on_a_has_more_flag_of_a_required_object():
    pagination = {"type": "object", "properties": {"hasMore": {"type": "boolean"}}, "required": ["hasMore"]}
    page = {"type": "object", "properties": {"items": ITEMS, "pagination": pagination}, "required": ["items", "pagination"]}
    paging = detect_paging(operation({"page": {"type": "integer"}, "size": {"type": "integer"}}, page), {})
    assert paging is not None
    assert (paging.kind, paging.parameter, paging.items, paging.stop, paging.stop_path, paging.start, paging.size_parameter) == ("page", "page", "items", "has_more", ("pagination", "hasMore"), 1, "size")
    assert paging.describe().startswith("Paged by page number: `page` counts up by one from the page asked for (the first page is taken to be 1); stops when `pagination.hasMore` is false")


def test_offsets_stop_at_a_total_behind_a_reference():
    schemas = {"Page": {"type": "object", "properties": {"results": ITEMS, "total": {"type": "integer"}}}}
    paging = detect_paging(operation({"offset": {"type": "integer", "default": 5}, "limit": {"type": "integer"}}, {"$ref": "#/components/schemas/Page"}), schemas)
    assert paging is not None
    assert (paging.form, paging.items, paging.stop, paging.start, paging.start_known) == ("offset", "results", "total", 5, True)


def test_a_list_without_a_paging_parameter_is_not_paged():
    assert detect_paging(operation({"q": {"type": "string"}}, {"type": "object", "properties": {"data": ITEMS}}), {}) is None
    assert detect_paging(operation({"page": {"type": "integer"}}, {"type": "object", "properties": {"a": ITEMS, "b": ITEMS}}), {}) is None  # two lists: which one?
