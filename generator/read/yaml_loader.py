"""A YAML loader that reads OpenAPI the way OpenAPI 3.1 means it: YAML 1.2 core scalars, and
JSON values only.

PyYAML implements YAML 1.1, where `on`, `yes` and `no` are booleans, `12:30` is a
base-60 integer and `2024-01-01` a date. In a specification those are strings (enum
values, examples, defaults), so only the 1.2 core forms are resolved here. The C loader
is used when PyYAML was built with libyaml.

What loads is what JSON can say: strings, numbers, booleans, null, lists and mappings with
string keys. A key written as a number or boolean (`200:` under `responses`) is the string
it is written as (`"200"`); a null, list or mapping key is an error, and so are the YAML 1.1
types JSON has no value for (`!!binary`, `!!set`, `!!timestamp`, `!!omap`, `!!pairs`) and
an integer longer than Python reads (4,300 digits). Errors carry the line (`MarkedYAMLError`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

from ..common.limits import MAX_INT_DIGITS

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NOT_JSON = ("binary", "timestamp", "omap", "pairs", "set")


class SpecLoader(_BaseLoader):  # type: ignore[misc]
    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found a {_kind(node)}", node.start_mark)
        self.flatten_mapping(node)  # `<<` merge keys
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mapping[_key(key_node)] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: Node) -> int:
        text = str(node.value).replace("_", "").lstrip("+-")
        if not text.startswith(("0x", "0b")) and len(text) > MAX_INT_DIGITS:
            raise ConstructorError(None, None, f"an integer of {len(text):,} digits; Python reads at most {MAX_INT_DIGITS:,}", node.start_mark)
        return int(super().construct_yaml_int(node))

    def construct_not_json(self, node: Node) -> Any:
        raise ConstructorError(None, None, f"{node.tag.replace('tag:yaml.org,2002:', '!!')} is not a JSON value; write it as a string", node.start_mark)


def _kind(node: Node) -> str:
    """`scalar`, `sequence` or `mapping` (PyYAML's `Node.id`, which its stubs do not declare)."""
    return str(getattr(node, "id", "node"))


def _key(node: Node) -> str:
    """A mapping key as a string: the text a number or boolean key is written as."""
    if not isinstance(node, ScalarNode):
        raise ConstructorError(None, None, f"a mapping key must be a string, not a {_kind(node)}", node.start_mark)
    if node.tag == _NULL:
        raise ConstructorError(None, None, "a mapping key is null; quote it if it is the name `null`", node.start_mark)
    if node.tag not in (_STR, _INT, _FLOAT, _BOOL):
        raise ConstructorError(None, None, f"a mapping key tagged {node.tag} is not a string", node.start_mark)
    return str(node.value)


SpecLoader.yaml_constructors = {
    **_BaseLoader.yaml_constructors,
    _INT: SpecLoader.construct_yaml_int,
    **{f"tag:yaml.org,2002:{name}": SpecLoader.construct_not_json for name in _NOT_JSON},
}
SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
SpecLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
SpecLoader.add_implicit_resolver(_INT, re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
SpecLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=SpecLoader)  # noqa: S506 - SpecLoader derives from SafeLoader


def compose_yaml(text: str) -> Node | None:
    """The node tree of a document (with line marks), for finding where a value is written."""
    return yaml.compose(text, Loader=SpecLoader)  # noqa: S506


def yaml_problem(error: BaseException) -> tuple[int | None, str] | None:
    """An error of the loader as (0-based line of its mark, what is wrong); the line is None
    when the error has no mark. None for an exception that is no YAML error."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        return (mark.line if mark else 0), " ".join(filter(None, [error.context, error.problem])) or "malformed YAML"
    if isinstance(error, yaml.YAMLError):
        return None, str(error)
    return None
