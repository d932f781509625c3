"""Detection of each pagination form (generator/spec/paging.py) on the fixture
tests/fixtures/paging_forms, one list per form, and the merge report's "Paged lists"."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import FIXTURES
from generator.spec.paging import detect_paging, looks_paged

SPEC: dict[str, Any] = yaml.safe_load((FIXTURES / "paging_forms" / "spec.yaml").read_text(encoding="utf-8"))
SCHEMAS = SPEC["components"]["schemas"]

EXPECTED = {
    # path: (kind, parameter, items, next value, stop)
    "/link": ("link", "", "", (), "cursor"),
    "/bare-after": ("link", "", "", (), "cursor"),  # a bare list with a cursor: only a Link header can go on
    "/tokens": ("cursor", "page_token", "items", ("next_page_token",), "cursor"),
    "/nested": ("cursor", "cursor", "data", ("next", "cursor"), "cursor"),
    "/next-page-offset": ("cursor", "offset", "results", ("next_page", "offset"), "cursor"),
    "/markers": ("cursor", "marker", "entries", ("next_marker",), "cursor"),
    "/next-offset": ("cursor", "offset", "list", ("next_offset",), "cursor"),
    "/after": ("after", "after", "data", (), "has_more"),
    "/starting-after": ("after", "starting_after", "data", ("last_id",), "has_more"),
    "/next-url": ("url", "", "items", ("next",), "cursor"),
    "/links-pages": ("url", "", "droplets", ("links", "pages", "next"), "cursor"),
    "/meta-url": ("url", "", "data", ("meta", "next_page_url"), "cursor"),
    "/next-page-uri": ("url", "", "calls", ("next_page_uri",), "cursor"),
    "/composed": ("offset", "offset", "entries", (), "total"),
    "/per-page": ("page", "page", "items", (), "has_more"),
}


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_form_is_detected(path):
    paging = detect_paging(SPEC["paths"][path]["get"], SCHEMAS)
    assert paging is not None
    assert (paging.kind, paging.parameter, paging.items, paging.next_path, paging.stop) == EXPECTED[path]
    assert paging.describe().startswith("Paged by")


def test_the_last_item_id_is_the_items_id_property():
    paging = detect_paging(SPEC["paths"]["/after"]["get"], SCHEMAS)
    assert paging is not None and paging.item_id == "id" and paging.stop_path == ("has_more",)


def test_an_allof_page_has_the_properties_of_its_members():
    paging = detect_paging(SPEC["paths"]["/composed"]["get"], SCHEMAS)
    assert paging is not None and paging.stop_path == ("total_count",) and paging.size_parameter == "limit"


def test_a_list_that_looks_paged_but_matches_no_form_is_named():
    operation = SPEC["paths"]["/unknown"]["get"]
    assert detect_paging(operation, SCHEMAS) is None
    assert "`cursor` parameter" in (looks_paged(operation, SCHEMAS) or "")
    for path in EXPECTED:  # a detected form is not "looks paged" only
        assert detect_paging(SPEC["paths"][path]["get"], SCHEMAS) is not None


def test_a_plain_next_string_is_a_cursor_and_a_next_uri_is_a_url():
    page = {"type": "object", "properties": {"data": {"type": "array", "items": {}}, "next": {"type": "string"}}}
    operation = {"parameters": [{"name": "after", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {"content": {"application/json": {"schema": page}}}}}
    paging = detect_paging(operation, {})
    assert paging is not None and (paging.kind, paging.next_path) == ("cursor", ("next",))
    page["properties"]["next"]["format"] = "uri"
    paging = detect_paging(operation, {})
    assert paging is not None and (paging.kind, paging.next_path) == ("url", ("next",))


def test_an_offset_echoed_in_meta_is_not_taken_for_a_next_offset():
    page = {"type": "object", "properties": {"data": {"type": "array", "items": {}}, "meta": {"type": "object", "properties": {"offset": {"type": "integer"}, "total": {"type": "integer"}}}}, "required": ["meta"]}
    operation = {"parameters": [{"name": "offset", "in": "query", "schema": {"type": "integer"}}], "responses": {"200": {"content": {"application/json": {"schema": page}}}}}
    paging = detect_paging(operation, {})
    assert paging is not None and (paging.kind, paging.stop_path) == ("offset", ("meta", "total"))


def test_the_merge_report_lists_every_form_and_the_list_not_iterated(tmp_path):
    from conftest import merge_paths

    merged, diagnostics = merge_paths(FIXTURES / "paging_forms" / "spec.yaml")
    assert merged is not None, diagnostics
    section = merged.report.split("## Paged lists", 1)[1].split("\n## ", 1)[0]
    for form in ("Link header", "cursor", "has_more + last id", "next URL", "page number", "offset", "not iterated"):
        assert f"| {form} |" in section, form
    assert section.count("_all` |") == len(EXPECTED)


ENTRY = {"type": "object", "properties": {"id": {"type": "string"}}}
ORDER = {"type": "array", "items": {"type": "object", "properties": {"by": {"type": "string"}, "direction": {"type": "string"}}}}


def _listing(parameters: list[dict[str, Any]], page: dict[str, Any]) -> dict[str, Any]:
    return {
        "parameters": [{"name": name, "in": "query", "schema": schema} for name, schema in parameters],
        "responses": {"200": {"content": {"application/json": {"schema": page}}}},
    }


def test_of_several_arrays_the_one_array_of_component_schemas_is_the_list():
    schemas = {"Entry": ENTRY}
    page = {"allOf": [
        {"type": "object", "properties": {"total_count": {"type": "integer"}, "offset": {"type": "integer"}, "order": ORDER}},
        {"properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}}}},
    ]}  # fmt: skip
    operation = _listing([("offset", {"type": "integer"}), ("limit", {"type": "integer"})], page)
    paging = detect_paging(operation, schemas)
    assert paging is not None and (paging.kind, paging.items, paging.stop_path) == ("offset", "entries", ("total_count",))
    # two arrays of component schemas: no way to tell which is the list
    page["allOf"][0]["properties"]["order"] = {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}}
    assert detect_paging(operation, schemas) is None


@pytest.mark.parametrize("switch", ["usemarker", "use_marker", "useMarker"])
def test_a_boolean_use_parameter_turns_the_cursor_on(switch):
    page = {"type": "object", "properties": {"next_marker": {"type": "string"}, "entries": {"type": "array", "items": ENTRY}}}
    operation = _listing([(switch, {"type": "boolean"}), ("marker", {"type": "string"}), ("limit", {"type": "integer"})], page)
    paging = detect_paging(operation, {})
    assert paging is not None and (paging.kind, paging.parameter, paging.switch) == ("cursor", "marker", switch)
    assert f"(`{switch}` is sent true unless the call gives it)" in paging.describe()
    # a switch that is no boolean, or that names another parameter, is not one
    for other in ([(switch, {"type": "string"}), ("marker", {"type": "string"})], [("usecursor", {"type": "boolean"}), ("marker", {"type": "string"})]):
        found = detect_paging(_listing(other, page), {})
        assert found is not None and found.switch is None


def test_a_list_answer_pages_by_number_until_a_short_page():
    operation = _listing([("page", {"type": "integer", "default": 0}), ("page_size", {"type": "integer", "default": 20})], {"type": "array", "items": ENTRY})
    paging = detect_paging(operation, {})
    assert paging is not None
    assert (paging.kind, paging.parameter, paging.items, paging.stop, paging.start, paging.size_parameter, paging.size_default) == ("page", "page", "", "short_page", 0, "page_size", 20)
    # without a size: an empty page ends it; a nullable list is no such form
    assert detect_paging(_listing([("page", {"type": "integer"})], {"type": "array", "items": ENTRY}), {}).stop == "empty_page"
    assert detect_paging(_listing([("page", {"type": "integer"})], {"type": ["array", "null"], "items": ENTRY}), {}) is None
    # a cursor parameter alone: the body has no place for the next cursor, a Link header does
    assert detect_paging(_listing([("cursor", {"type": "string"})], {"type": "array", "items": ENTRY}), {}).kind == "link"
    assert detect_paging(_listing([("cursor", {"type": "integer"})], {"type": "array", "items": ENTRY}), {}) is None
