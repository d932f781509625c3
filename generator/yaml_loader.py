"""A YAML loader that reads OpenAPI the way OpenAPI 3.1 means it: YAML 1.2 core scalars.

PyYAML implements YAML 1.1, where `on`, `yes` and `no` are booleans, `12:30` is a
base-60 integer and `2024-01-01` a date. In a specification those are strings (enum
values, examples, defaults), so only the 1.2 core forms are resolved here. The C loader
is used when PyYAML was built with libyaml.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class SpecLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


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
