"""merge.divergence: two definitions of one schema or operation, compared fact by fact."""

from __future__ import annotations

from generator.merge.divergence import Side, ABSENT, describe_differences, operation_facts, schema_facts

OLD = {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["a", "b"]}}, "required": ["id"]}
NEW = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "kind": {"type": "string", "enum": ["a", "c"]}, "extra": {"type": "object", "properties": {"x": {"type": "string"}}}},
    "required": ["id", "kind"],
}


def test_schema_facts_flatten_a_definition():
    facts = schema_facts(OLD)
    assert facts[(".id", "property")] == "present"
    assert facts[(".id", "required")] == "yes" and facts[(".kind", "required")] == "no"
    assert facts[(".kind", "value \"b\"")] == "allowed"
    assert facts[(".id", "`type`")] == '"string"'
    assert facts[("", "`type`")] == '"object"'
    assert schema_facts({"items": {"$ref": "#/components/schemas/Item"}})[("[]", "$ref")] == "Item"
    assert (("<Item>", "$ref") in schema_facts({"anyOf": [{"$ref": "#/components/schemas/Item"}]}))


def test_each_disagreement_is_one_row_with_the_pages_on_each_side():
    merged = {**NEW, "properties": {**NEW["properties"], "id": {"type": ["string", "integer"]}}}
    rows = describe_differences("Thing", [("old.md:3", OLD), ("new.md:9", NEW)], merged, schema_facts)
    by_key = {(r.where, r.what): r for r in rows}
    assert all(r.subject == "Thing" for r in rows)
    assert by_key[(".id", "`type`")].sides == (Side('"string"', ("old.md:3",), 1), Side('"integer"', ("new.md:9",), 1))
    assert by_key[(".id", "`type`")].merged == '["string", "integer"]'
    assert by_key[(".kind", "required")].sides == (Side("no", ("old.md:3",), 1), Side("yes", ("new.md:9",), 1))
    assert by_key[(".kind", 'value "b"')].sides == (Side("allowed", ("old.md:3",), 1), Side(ABSENT, ("new.md:9",), 1))
    assert by_key[(".kind", 'value "c"')].merged == "allowed"
    assert by_key[(".extra", "property")].sides == (Side(ABSENT, ("old.md:3",), 1), Side("present", ("new.md:9",), 1))
    # at and below a property one side lacks, "absent" says nothing new: only its properties are rows
    assert [(r.where, r.what) for r in rows if r.where.startswith(".extra")] == [(".extra", "property"), (".extra.x", "property")]
    assert (".id", "property") not in by_key  # agreed on


def test_identical_definitions_differ_in_nothing():
    assert describe_differences("Thing", [("a", OLD), ("b", dict(OLD))], OLD, schema_facts) == []


def test_operation_facts_cover_parameters_bodies_and_responses():
    operation = {
        "summary": "List",
        "parameters": [{"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}}],
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"q": {"type": "string"}}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array"}}}}},
    }
    facts = operation_facts(operation)
    assert facts[("", "`summary`")] == '"List"'
    assert facts[("query parameter `limit`", "`required`")] == "false"
    assert facts[("query parameter `limit`", "`type`")] == '"integer"'
    assert facts[("request body application/json", "media type")] == "present"
    assert facts[("request body application/json.q", "property")] == "present"
    assert facts[("response 200", "`description`")] == '"ok"'
    assert facts[("response 200 application/json", "`type`")] == '"array"'
    assert operation_facts("not an operation") == {}


def test_operations_that_disagree_on_a_parameter():
    a = {"parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}]}
    b = {"parameters": [{"name": "limit", "in": "query", "schema": {"type": "string"}}]}
    rows = describe_differences("GET /things", [("a.md", a), ("b.md", b)], b, operation_facts)
    assert [(r.where, r.what, r.merged) for r in rows] == [("query parameter `limit`", "`type`", '"string"')]
