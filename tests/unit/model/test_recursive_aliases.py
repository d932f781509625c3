"""model.models_ir.order_aliases: aliases that name themselves. Through a list or a map they
are recursive aliases (their cycle written as strings, a TypeAliasType at run time); with
nothing between (a union of itself, a reference to a reference to itself) no value fits, and
they become Any with a warning that names them."""

from __future__ import annotations

from generator.common.diagnostics import Diagnostics
from generator.model.models_ir import build_models, order_aliases
from generator.model.python_types import TypeMapper


def _models(schemas: dict) -> tuple[dict[str, str], dict[str, frozenset[str]], list[str], Diagnostics]:
    diagnostics = Diagnostics()
    module = build_models(TypeMapper(schemas), diagnostics)
    order_aliases(module, diagnostics)
    sources = {alias.name: alias.declaration_source for alias in module.aliases}
    cycles = {alias.name: alias.cycle for alias in module.aliases}
    return sources, cycles, [alias.name for alias in module.aliases], diagnostics


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def test_a_json_value_alias_names_itself_as_a_string_and_is_a_type_alias_type():
    value = {"anyOf": [{"type": "string"}, {"type": "array", "items": ref("Value")}, {"type": "object", "additionalProperties": ref("Value")}]}
    sources, cycles, _, diagnostics = _models({"Value": value})
    assert cycles["Value"] == {"Value"}
    assert sources["Value"] == (
        'if TYPE_CHECKING:\n    Value: TypeAlias = Union[str, List["Value"], Dict[str, "Value"]]\n'
        'else:\n    Value = TypeAliasType("Value", Union[str, List["Value"], Dict[str, "Value"]])'
    )
    assert not diagnostics.items


def test_a_nullable_member_of_a_cycle_is_written_with_union_not_a_bar():
    schemas = {"Node": {"type": ["array", "null"], "items": ref("Node")}, "Holder": {"type": "array", "items": {"anyOf": [ref("Node"), {"type": "null"}]}}}
    sources, cycles, _, _ = _models(schemas)
    assert cycles["Node"] == {"Node"} and cycles["Holder"] == frozenset()
    assert 'List["Node"]' in sources["Node"] and "Holder: TypeAlias = List[Node | None]" == sources["Holder"]


def test_two_aliases_naming_each_other_share_one_cycle_and_come_after_what_they_use():
    schemas = {
        "Outline": {"anyOf": [{"type": "string"}, {"type": "array", "items": ref("Level")}]},
        "Level": {"type": "object", "additionalProperties": ref("Outline")},
        "Uses": {"type": "array", "items": ref("Outline")},
        "Plain": {"type": "array", "items": {"type": "string"}},
    }
    sources, cycles, order, diagnostics = _models(schemas)
    assert cycles["Outline"] == cycles["Level"] == {"Outline", "Level"} and not cycles["Uses"] and not cycles["Plain"]
    assert order.index("Uses") > max(order.index("Outline"), order.index("Level"))
    assert sources["Uses"] == "Uses: TypeAlias = List[Outline]"  # defined by then: no string
    assert 'Dict[str, "Outline"]' in sources["Level"] and 'List["Level"]' in sources["Outline"]
    assert not diagnostics.items


def test_a_cycle_with_nothing_between_becomes_any_with_a_warning_naming_it():
    schemas = {"Loop": ref("Back"), "Back": {"anyOf": [ref("Loop"), {"type": "integer"}]}, "Fine": {"type": "array", "items": ref("Loop")}}
    sources, cycles, _, diagnostics = _models(schemas)
    assert sources["Loop"] == "Loop: TypeAlias = Any" and sources["Back"] == "Back: TypeAlias = Any"
    assert not cycles["Loop"] and sources["Fine"] == "Fine: TypeAlias = List[Loop]"
    (warning,) = diagnostics.items
    assert warning.level.value == "warning"
    assert "schemas Back -> Loop -> Back refer to each other with no object, list or map in between" in warning.message
    assert "Back, Loop are typed Any" in warning.message


def test_an_alias_that_is_a_union_of_itself_and_a_list_of_itself_is_any():
    # `X = Union[str, X, List[X]]`: the bare member makes it invalid, whatever else it holds
    schemas = {"X": {"anyOf": [{"type": "string"}, ref("X"), {"type": "array", "items": ref("X")}]}}
    sources, _, _, diagnostics = _models(schemas)
    assert sources["X"] == "X: TypeAlias = Any" and "X is typed Any" in diagnostics.items[0].message


def test_an_object_between_is_no_alias_cycle():
    schemas = {"Tree": {"type": "object", "properties": {"kids": {"type": "array", "items": ref("Forest")}}}, "Forest": {"type": "array", "items": ref("Tree")}}
    sources, cycles, _, diagnostics = _models(schemas)
    assert sources["Forest"] == "Forest: TypeAlias = List[Tree]" and not cycles["Forest"] and not diagnostics.items
