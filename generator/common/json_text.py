"""The merged document as text: what `json.dumps(value, indent=2, ensure_ascii=False)` writes,
about twice as fast.

With `indent`, the standard library encodes in pure Python, one generator per array and
mapping; here one function appends to one list, and strings (most of a document's values)
go straight to the C encoder of string literals. Anything that is not a checked JSON value
(a key that is not a string, a type outside JSON's) is left to `json.dumps` itself, so the
text is always the standard library's, byte for byte (the tests compare the two on every
corpus and on random values).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C version where the interpreter has it
from typing import Any

_NON_FINITE = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


def indented_json(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`."""
    parts: list[str] = []
    try:
        _write(value, parts, "\n")
    except _NotJson:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(parts)


class _NotJson(Exception):
    """A value the fast path leaves to `json.dumps`."""


def _write(value: Any, parts: list[str], newline: str) -> None:
    kind = type(value)
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotJson
            parts.append(separator)
            parts.append(encode_basestring(key))
            parts.append(": ")
            if type(item) is str:
                parts.append(encode_basestring(item))
            else:
                _write(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "}")
    elif kind is list:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            if type(item) is str:
                parts.append(encode_basestring(item))
            else:
                _write(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        parts.append(_scalar(value, kind))


def _scalar(value: Any, kind: type) -> str:
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        return _NON_FINITE.get(value) or float.__repr__(value)
    raise _NotJson
