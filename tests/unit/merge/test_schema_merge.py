"""merge_schema accepts every instance either side accepts: rules, and a property test with
hypothesis over random schemas, with `jsonschema` as the judge."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.merge.normalize import normalize_schema
from generator.merge.schema_merge import merge_schema
from instances import samples


def test_object_rules():
    a = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a", "b"]}
    b = {"type": "object", "properties": {"a": {"type": "string", "description": "A"}, "c": {"type": "boolean"}}, "required": ["a", "c"]}
    assert merge_schema(a, b) == {
        "type": "object",
        "properties": {"a": {"type": "string", "description": "A"}, "b": {"type": "integer"}, "c": {"type": "boolean"}},
        "required": ["a"],
    }


def test_enum_type_and_null_rules():
    assert merge_schema({"type": "string", "enum": ["a", "b"]}, {"type": "string", "enum": ["b", "c"]}) == {"type": "string", "enum": ["a", "b", "c"]}
    assert merge_schema({"type": "string", "const": "a"}, {"type": "string", "const": "b"}) == {"type": "string", "enum": ["a", "b"]}
    assert merge_schema({"type": "string", "enum": ["a"]}, {"type": "string"}) == {"type": "string"}
    assert merge_schema({"type": "string"}, {"type": "integer"}) == {"type": ["string", "integer"]}
    assert merge_schema({"type": "string"}, {"type": ["string", "null"]}) == {"type": ["string", "null"]}
    assert merge_schema({"$ref": "#/x"}, {"anyOf": [{"$ref": "#/x"}, {"type": "null"}]}) == {"anyOf": [{"$ref": "#/x"}, {"type": "null"}]}
    assert merge_schema({"anyOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]}, {"anyOf": [{"$ref": "#/b"}, {"$ref": "#/c"}]}) == {
        "anyOf": [{"$ref": "#/a"}, {"$ref": "#/b"}, {"$ref": "#/c"}]
    }
    assert merge_schema({"type": "integer", "minimum": 1, "maximum": 5}, {"type": "integer", "minimum": 0, "maximum": 3}) == {
        "type": "integer", "minimum": 0, "maximum": 5
    }
    assert merge_schema({"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}) == {"type": "string"}
    assert merge_schema({"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "array"}) == {
        "anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "array"}]
    }


_scalars = st.sampled_from([
    {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"},
    {"type": ["string", "null"]}, {"type": "integer", "minimum": 3}, {"type": "string", "maxLength": 3},
])
_enums = st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=3, unique=True).map(
    lambda values: {"type": "string", "enum": [{"value": v} for v in values]}
)
_literals = st.sampled_from(["a", "b"]).map(lambda v: {"type": "string", "enum": [{"type": "stringLiteral", "value": v}]})


def _composite(children: st.SearchStrategy) -> st.SearchStrategy:
    objects = st.builds(
        lambda props, required, extra: {
            "type": "object",
            "properties": props,
            **({"required": [n for n in required if n in props]} if [n for n in required if n in props] else {}),
            **({"additionalProperties": extra} if extra is not None else {}),
        },
        st.dictionaries(st.sampled_from(["p", "q", "r"]), children, max_size=3),
        st.lists(st.sampled_from(["p", "q", "r"]), unique=True, max_size=3),
        st.one_of(st.none(), children),
    )
    arrays = st.builds(lambda items: {"type": "array", "items": items}, children)
    unions = st.lists(children, min_size=2, max_size=3).map(lambda members: {"oneOf": members})
    nullable = children.map(lambda s: {"oneOf": [s, {"type": "null"}]})
    return st.one_of(objects, arrays, unions, nullable)


schemas = st.recursive(st.one_of(_scalars, _enums, _literals, st.just({"description": "Any type"})), _composite, max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemas, schemas)
def test_merged_schema_accepts_what_either_side_accepts(raw_a, raw_b):
    a, b = normalize_schema(raw_a), normalize_schema(raw_b)
    merged = merge_schema(a, b)
    judge = jsonschema.Draft202012Validator(merged)
    jsonschema.Draft202012Validator.check_schema(merged)
    for side in (a, b):
        own = jsonschema.Draft202012Validator(side)
        for instance in samples(side, {}):
            if own.is_valid(instance):
                assert judge.is_valid(instance), (side, merged, instance)
    assert merge_schema(a, a) == a


def test_one_member_of_a_pairs_with_one_member_of_b_at_most():
    """Found by the property above: both of `b`'s object members paired with `a`'s one object,
    so they were merged with one another through it, and the merge rejected `{"p": "sample"}`,
    which `b`'s open member accepts."""
    a = normalize_schema({"type": "object", "properties": {}})
    b = normalize_schema({"oneOf": [{"type": "object", "properties": {}}, {"type": "object", "properties": {"p": {"type": "string", "maxLength": 3}}}]})
    for merged in (merge_schema(a, b), merge_schema(b, a)):
        for instance in ({"p": "sample"}, {"p": "abc"}, {}):
            assert jsonschema.Draft202012Validator(merged).is_valid(instance), (merged, instance)


def test_the_members_of_one_side_are_never_merged_with_one_another():
    """Found by the property above: `b`'s open object member was folded into `b`'s other
    object member (both unmatched by `a`'s array), so the merge rejected what `b` accepts."""
    a = normalize_schema({"type": "array", "items": {"description": "Any type"}})
    b = normalize_schema({"oneOf": [{"type": "object", "properties": {}}, {"type": "object", "properties": {"p": {"type": "string", "maxLength": 3}}}]})
    merged = merge_schema(a, b)
    for instance in ([1], {"p": "sample"}, {"p": "abc"}):
        assert jsonschema.Draft202012Validator(merged).is_valid(instance), (merged, instance)
