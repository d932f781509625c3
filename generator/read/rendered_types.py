"""The type phrases of Fern's rendered reference pages, read into JSON Schema.

A rendered page writes a field's type in words: `string`, `double`, `enum`, `object`,
`list of strings`, `map from strings to any`, `string or null`, `list of lists of objects`.
`parse_type` reads such a phrase at the start of a text and returns every way it can be
read (several when a name glued to its type leaves a choice), so a caller can split
`otlp_tracesmap from strings to any or null` by this vocabulary, never by guessing where a
name ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..spec.schema_forms import Schema, make_nullable

# word on the page -> JSON Schema of one value of that type
SCALARS: dict[str, Schema] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "long": {"type": "integer"},
    "double": {"type": "number"},
    "float": {"type": "number"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "uuid": {"type": "string", "format": "uuid"},
    "base64": {"type": "string", "format": "byte"},
    "file": {"type": "string", "format": "binary"},
    "enum": {"type": "string"},
    "object": {"type": "object"},
    "any": {},
}
PLURALS: dict[str, str] = {"any": "any", **{word + "s": word for word in SCALARS if word != "any"}}
_NULLABLE = " or null"


@dataclass(frozen=True)
class RenderedType:
    """A type phrase as read: its JSON Schema, and whether the page gave it no shape (an
    `object`, a list of them, `any`): such a type never replaces a richer definition."""

    schema: Schema
    shapeless: bool
    enum: bool  # `enum` (or a list or map of them): the values are listed apart, if at all
    text: str  # the phrase as written


def parse_type(text: str) -> list[tuple[RenderedType, str]]:
    """Every reading of a type phrase at the start of `text`: (type, what follows it)."""
    found: list[tuple[RenderedType, str]] = []
    for schema, shapeless, enum, rest in _phrase(text, plural=False):
        found.append((RenderedType(schema, shapeless, enum, text[: len(text) - len(rest)]), rest))
        if rest.startswith(_NULLABLE):
            nullable = rest[len(_NULLABLE) :]
            found.append((RenderedType(make_nullable(schema), shapeless, enum, text[: len(text) - len(nullable)]), nullable))
    return found


def _phrase(text: str, plural: bool) -> list[tuple[Schema, bool, bool, str]]:
    """(schema, shapeless, enum, rest) for every type phrase `text` starts with."""
    found: list[tuple[Schema, bool, bool, str]] = []
    words = PLURALS if plural else {word: word for word in SCALARS}
    for written, word in words.items():
        if text.startswith(written):
            found.append((dict(SCALARS[word]), word in ("object", "any"), word == "enum", text[len(written) :]))
    for prefix in ("lists of ", "sets of ") if plural else ("list of ", "set of "):
        if text.startswith(prefix):
            for items, shapeless, enum, rest in _phrase(text[len(prefix) :], plural=True):
                found.append(({"type": "array", "items": items}, shapeless, enum, rest))
    prefix = "maps from " if plural else "map from "
    if text.startswith(prefix):
        for _key, _, _, after_key in _phrase(text[len(prefix) :], plural=True):
            if after_key.startswith(" to "):
                for values, shapeless, enum, rest in _phrase(after_key[len(" to ") :], plural=True):
                    found.append(({"type": "object", "additionalProperties": values}, shapeless, enum, rest))
    return found


def typed_value(text: str, schema: Schema) -> Any:
    """A value written on the page (`30`, `false`, `production`) as the type reads it."""
    value = text.strip().strip("`'\"‘’“”")
    types = schema.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    if value == "null" and "null" in kinds:
        return None
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    if "integer" in kinds:
        try:
            return int(value)
        except ValueError:
            pass
    if "number" in kinds or "integer" in kinds:
        try:
            return float(value)
        except ValueError:
            pass
    return value
