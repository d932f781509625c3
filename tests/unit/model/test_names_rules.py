"""The naming rules of issue 24: no collision counter reaches a user-visible name."""

from __future__ import annotations

from generator.merge.variants import SchemaDefinition, resolve_names, spelling_suffix
from generator.common.diagnostics import SourceRef
from generator.model.python_types import TypeMapper
from generator.model.type_expr import Model, Spelling


def test_spelling_suffix_names_how_a_name_is_written():
    assert spelling_suffix("TempPassword") is None
    assert [spelling_suffix(n) for n in ("tempPassword", "temp_password", "temp-password", "temp.password", "temp password", "temppassword")] == [
        "Camel", "Snake", "Kebab", "Dotted", "Spaced", "Lower",
    ]  # fmt: skip


def _definitions(*names: str) -> list[SchemaDefinition]:
    return [SchemaDefinition(0, name, {"type": "object", "properties": {name: {"type": "string"}}}, SourceRef("p.yaml", i + 1)) for i, name in enumerate(names)]


def test_the_pascal_case_name_keeps_it_and_the_other_takes_its_spelling():
    resolution = resolve_names(_definitions("tempPassword", "TempPassword"), 1)
    assert resolution.names[0] == {"tempPassword": "TempPasswordCamel", "TempPassword": "TempPassword"}
    assert not resolution.collisions
    assert [(d.raw_name, new) for d, new, _ in resolution.renames] == [("tempPassword", "TempPasswordCamel")]


def test_with_no_pascal_case_name_the_first_keeps_it():
    resolution = resolve_names(_definitions("temp_password", "tempPassword"), 1)
    assert resolution.names[0] == {"temp_password": "TempPassword", "tempPassword": "TempPasswordCamel"}


def test_two_names_written_alike_stay_an_error():
    resolution = resolve_names(_definitions("FooBar", "Foo Bar", "Foo  Bar"), 1)
    assert resolution.collisions and not resolution.renames


def test_typing_names_are_kept_and_spelled_privately_in_the_models_module():
    mapper = TypeMapper({"Tag": {"type": "object", "properties": {"a": {"type": "string"}}}, "List": {"type": "array", "items": {"type": "string"}}})
    assert mapper.python_names == {"Tag": "Tag", "List": "List"}
    assert mapper.private == frozenset({"Tag", "List"})
    expression = mapper.annotation({"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}, "X")
    assert expression.source(Spelling(private=mapper.private)) == "_List[Tag]"
    assert expression.source() == "List[Tag]"


def test_an_allof_component_is_a_class_of_its_own_name():
    schemas = {
        "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Album": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"name": {"type": "string"}}}]},
    }
    mapper = TypeMapper(schemas)
    assert mapper.is_class("Album") and set(mapper.class_schema("Album")["properties"]) == {"id", "name"}
    assert mapper.ref_type("Album") == Model("Album") and not mapper.inline


def test_the_same_inline_type_under_the_same_name_is_one_alias():
    mapper = TypeMapper({})
    enum = {"type": "string", "enum": ["available", "sold"]}
    assert mapper.named_type(enum, "PetStatus") == mapper.named_type(dict(enum), "PetStatus") == Model("PetStatus")
    assert [name for name, _ in mapper.named] == ["PetStatus"]


def test_a_component_union_names_its_inline_members_by_their_tag():
    member = {"type": "object", "properties": {"type": {"const": "created"}, "id": {"type": "string"}}}
    mapper = TypeMapper({"Event": {"anyOf": [member, {"type": "object", "properties": {"type": {"const": "deleted"}}}]}})
    mapper.annotation(mapper.schemas["Event"], "Event")
    assert [item.name for item in mapper.inline] == ["EventCreated", "Event1"]
