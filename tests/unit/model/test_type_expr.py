"""Type expressions as a tree: how each module spells them, and the rules of unions."""

from __future__ import annotations

import typing

import pytest

from generator.model.python_types import TypeMapper
from generator.model.type_expr import (
    ANY,
    BODY,
    DICT,
    NONE,
    SIGNATURE,
    STR,
    Generic,
    Literal,
    Model,
    Name,
    Nullable,
    TaggedUnion,
    Union,
    admits_none,
    literal,
    or_none,
    union,
    without_none,
)

INT, FLOAT, BOOL = Name("int"), Name("float"), Name("bool")


def test_each_module_spells_models_and_builtins_its_own_way():
    expression = Nullable(Generic("List", (Union((Model("Agent"), DICT)),)))
    assert expression.source() == "List[Union[Agent, Dict[str, Any]]] | None"
    assert expression.source(SIGNATURE) == "List[Union[models.Agent, Dict[str, Any]]] | None"
    assert expression.source(BODY) == "List[Union[_models.Agent, Dict[_builtins.str, Any]]] | None"


def test_literal_values_are_never_respelled():
    """A literal's text is data: `"str"` or `"models.X"` inside it stays as written."""
    expression = Union((Literal(("str", "models.X", 0, True, None)), STR))
    assert expression.source(BODY) == 'Union[Literal["str", "models.X", 0, True, None], _builtins.str]'


def test_or_none_adds_none_once_and_never_to_any_or_none():
    assert or_none(STR) == Nullable(STR) and or_none(or_none(STR)) == Nullable(STR)
    assert or_none(ANY) is ANY and or_none(NONE) is NONE
    assert admits_none(Nullable(STR)) and admits_none(NONE) and not admits_none(STR)
    assert without_none(Nullable(STR)) == STR and without_none(STR) == STR


def test_union_drops_repeats_absorbs_any_and_moves_none_last():
    assert union([STR, STR]) == STR
    assert union([STR, ANY, INT]) == ANY
    assert union([NONE, STR, INT]).source() == "Union[str, int] | None"
    assert union([NONE]) == NONE
    assert literal([1.5, {"a": 1}]) == ANY  # nothing a Literal can hold


@pytest.mark.parametrize(
    ("members", "written"),
    [
        ([Literal((True,)), INT], "Union[bool, int]"),  # pydantic would take 1 as True
        ([Literal((False, True)), FLOAT], "Union[bool, float]"),
        ([Literal((True,)), Literal((5, 0))], "Union[bool, Literal[5, 0]]"),  # 0 is a value the literal holds
        ([Literal((True,)), Union((Literal((1, 2)), INT))], "Union[bool, Union[Literal[1, 2], int]]"),
        ([Literal((True,)), Literal((5,))], "Union[Literal[True], Literal[5]]"),  # no 0 or 1 to mistake
        ([Literal((True,)), STR], "Union[Literal[True], str]"),
    ],
)
def test_a_boolean_constant_next_to_a_number_that_may_be_0_or_1_is_written_bool(members, written):
    assert union(members).source() == written


def test_models_lists_every_model_name_in_order():
    tagged = TaggedUnion("type", (((("a",), Model("A")), ((), Model("B")))))
    expression = Union((Model("X"), Generic("Dict", (STR, tagged)), Nullable(Model("Y")), Literal(("Z",))))
    assert list(expression.models()) == ["X", "A", "B", "Y"]


def test_a_tagged_union_is_written_with_its_tags_and_fallback():
    tagged = TaggedUnion("kind", (((("a",), Model("A")), (("b", "c"), Model("B")))))
    assert tagged.source(SIGNATURE) == (
        'Annotated[Union[Annotated[models.A, Tag("A")], Annotated[models.B, Tag("B")], '
        'Annotated[Union[models.A, models.B, Dict[str, Any]], Tag("__other__")]], '
        'Discriminator(tag_of("kind", {"a": "A", "b": "B", "c": "B"}))]'
    )


def test_written_expressions_are_python_that_typing_evaluates():
    """The models-module spelling evaluates with typing's names, so the tree writes real Python."""
    mapper = TypeMapper({"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}})
    schema = {
        "anyOf": [
            {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
            {"type": "object", "additionalProperties": {"type": "integer"}},
            {"enum": ["a", "b", None]},
            {"type": "null"},
        ]
    }
    written = mapper.annotation(schema, "Hint").source()
    namespace = {name: getattr(typing, name) for name in ("Any", "Dict", "List", "Literal", "Union")}
    namespace["Pet"] = type("Pet", (), {})
    evaluated = eval(written, namespace)  # noqa: S307 - our own expression
    assert typing.get_origin(evaluated) is typing.Union and type(None) in typing.get_args(evaluated)
