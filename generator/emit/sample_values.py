"""Realistic values for a schema, for the usage examples of the package's README and reference.

A value is the schema's own `example` (or first of its `examples`) when it fits the schema,
else its `default`, `const` or first enum member, else one built from its shape: the required
properties and the constant ones (a tagged union's tag), one item per array (or `minItems`),
format-shaped strings (`date-time`, `uuid`, `email`, `uri`, ...), numbers within their
bounds, and strings that read like what the property holds (`conversation_id` →
`"conversation_123"`, `language` → `"en"`). Every value is
checked against the schema (`fits`: types, enums, constants, required properties, bounds,
lengths, patterns) before it is used; a schema no value is found for gives `MISSING`.

Pure data in, JSON values out: nothing here writes code (see usage_examples.py).
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable

from ..common.names import ref_to_name, snake_words

Schema = dict[str, Any]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
MAX_DEPTH = 12  # nested objects and arrays built at most this deep
_FORMATS: dict[str, Any] = {
    "date-time": "2024-01-15T09:30:00Z",
    "date": "2024-01-15",
    "time": "09:30:00",
    "duration": "PT1H",
    "email": "jane@example.com",
    "idn-email": "jane@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "byte": "ZXhhbXBsZQ==",
    "password": "secret",
    "binary": "example",
}
# Words of a property name and the string it reads best as.
_NAMED: dict[str, str] = {
    "email": "jane@example.com",
    "url": "https://example.com",
    "uri": "https://example.com",
    "website": "https://example.com",
    "webhook": "https://example.com/webhook",
    "language": "en",
    "locale": "en-US",
    "country": "US",
    "currency": "USD",
    "timezone": "UTC",
    "phone": "+15555550100",
    "name": "Example",
    "title": "Example",
    "username": "jane",
    "text": "Hello, world!",
    "message": "Hello, world!",
    "content": "Hello, world!",
    "prompt": "Hello, world!",
    "query": "hello",
    "search": "hello",
    "description": "An example",
}
_SIZE_WORDS = frozenset({"size", "limit", "count", "per", "max", "top", "take", "first", "last"})


def sample_value(schema: Any, schemas: dict[str, Any], name: str = "") -> Any:
    """A value of `schema` (references into `schemas`, the document's components), or MISSING.

    `name` is the property or parameter the value is for: it shapes plain strings and numbers."""
    return _Sampler(schemas).value(schema, name, 0, ())


def fits(value: Any, schema: Any, schemas: dict[str, Any]) -> bool:
    """Whether `value` is valid for `schema`, as far as this module checks (see the docstring)."""
    return _fits(value, schema, schemas, 0)


def resolve(schema: Any, schemas: dict[str, Any]) -> Any:
    """The schema behind a chain of references (None when one leads nowhere or loops)."""
    seen: set[str] = set()
    while isinstance(schema, dict) and "$ref" in schema:
        target = ref_to_name(str(schema["$ref"]))
        if target in seen or target not in schemas:
            return None
        seen.add(target)
        schema = schemas[target]
    return schema


class _Sampler:
    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas

    def value(self, schema: Any, name: str, depth: int, refs: tuple[str, ...]) -> Any:
        if depth > MAX_DEPTH or schema is False:
            return MISSING
        if schema is True or not isinstance(schema, dict):
            return "example"
        if "$ref" in schema:
            target = ref_to_name(str(schema["$ref"]))
            if target in refs or target not in self.schemas:
                return MISSING  # a value that holds itself: none is built
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            inner = self.schemas[target]
            if siblings and isinstance(inner, dict):
                inner = {"allOf": [inner, siblings]}
            return self.value(inner, name, depth, (*refs, target))
        for candidate in self.given(schema):
            if fits(candidate, schema, self.schemas):
                return candidate
        built = self.built(schema, name, depth, refs)
        return built if built is not MISSING and fits(built, schema, self.schemas) else MISSING

    def given(self, schema: Schema) -> list[Any]:
        """The values the schema itself offers, best first."""
        found: list[Any] = []
        if "example" in schema:
            found.append(schema["example"])
        if isinstance(schema.get("examples"), list):
            found += schema["examples"][:3]
        if "default" in schema:
            found.append(schema["default"])
        if "const" in schema:
            found.append(schema["const"])
        if isinstance(schema.get("enum"), list):
            found += [member for member in schema["enum"] if member is not None][:1]
        return found

    def built(self, schema: Schema, name: str, depth: int, refs: tuple[str, ...]) -> Any:
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list):
                members = sorted(schema[key], key=lambda m: isinstance(m, dict) and m.get("type") == "null")
                for member in members:
                    value = self.value(member, name, depth + 1, refs)
                    if value is not MISSING:
                        return value
                return MISSING
        if isinstance(schema.get("allOf"), list):
            return self.value(self.flattened(schema, refs), name, depth + 1, refs)
        kinds = schema.get("type")
        if isinstance(kinds, list):
            kinds = next((k for k in kinds if k != "null"), "null")
        if kinds is None:
            kinds = "object" if "properties" in schema else "array" if "items" in schema else "string"
        if kinds == "string":
            return self.string(schema, name)
        if kinds in ("integer", "number"):
            return _number(schema, name, kinds == "integer")
        if kinds == "boolean":
            return True
        if kinds == "null":
            return None
        if kinds == "array":
            return self.array(schema, name, depth, refs)
        if kinds == "object":
            return self.object(schema, depth, refs)
        return MISSING

    def flattened(self, schema: Schema, refs: tuple[str, ...]) -> Schema:
        """An `allOf` as one schema: the members' properties and required lists joined."""
        joined: Schema = {k: v for k, v in schema.items() if k != "allOf"}
        pending = list(schema["allOf"])
        seen = set(refs)
        while pending:
            member = pending.pop(0)
            if isinstance(member, dict) and "$ref" in member:
                target = ref_to_name(str(member["$ref"]))
                if target in seen or target not in self.schemas:
                    continue
                seen.add(target)
                member = self.schemas[target]
            if not isinstance(member, dict):
                continue
            if isinstance(member.get("allOf"), list):
                pending = list(member["allOf"]) + [{k: v for k, v in member.items() if k != "allOf"}] + pending
                continue
            for key, value in member.items():
                if key == "properties" and isinstance(value, dict):
                    joined["properties"] = {**value, **(joined.get("properties") or {})}
                elif key == "required" and isinstance(value, list):
                    joined["required"] = list(dict.fromkeys([*(joined.get("required") or []), *value]))
                else:
                    joined.setdefault(key, value)
        return joined

    def string(self, schema: Schema, name: str) -> Any:
        if isinstance(schema.get("format"), str) and schema["format"] in _FORMATS:
            candidates = [_FORMATS[schema["format"]]]
        else:
            candidates = [_named_string(name), "example", "abc", "123", "a"]
        low = _int(schema, "minLength") or 0
        high = _int(schema, "maxLength")
        for text in candidates:
            text = text.ljust(low, "x") if len(text) < low else text
            text = text[:high] if high is not None else text
            if _pattern_accepts(schema.get("pattern"), text):
                return text
        return MISSING

    def array(self, schema: Schema, name: str, depth: int, refs: tuple[str, ...]) -> Any:
        low = _int(schema, "minItems") or 0
        high = _int(schema, "maxItems")
        if high == 0:
            return []
        item = self.value(schema.get("items", {}), _singular(name), depth + 1, refs)
        if item is MISSING:
            return [] if low == 0 else MISSING
        return [item] * max(1, low)

    def object(self, schema: Schema, depth: int, refs: tuple[str, ...]) -> Any:
        properties = _dict(schema.get("properties"))
        extra = schema.get("additionalProperties")
        result: dict[str, Any] = {}
        for key in schema.get("required") or []:
            if not isinstance(key, str):
                return MISSING
            sub = properties.get(key, extra if isinstance(extra, dict) else {})
            value = self.value(sub, key, depth + 1, refs)
            if value is MISSING:
                return MISSING
            result[key] = value
        for key, sub in properties.items():  # a constant (a union's tag) is sent even when optional
            if key not in result and isinstance(sub, dict) and "const" in sub:
                result[key] = sub["const"]
        return result


def _named_string(name: str) -> str:
    words = snake_words(name) if name else []
    if not words:
        return "example"
    if words[-1] in ("id", "ids", "uuid", "key", "token", "cursor") and len(words) > 1:
        return "_".join(words[:-1]) + "_123"
    for word in reversed(words):
        if word in _NAMED:
            return _NAMED[word]
    return "_".join(words) if len(words) <= 3 else "example"


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _number(schema: Schema, name: str, integer: bool) -> Any:
    """A number within the schema's bounds and step: 10 for a size (`page_size`, `limit`), else 1,
    else the nearest value the bounds allow."""
    words = set(snake_words(name)) if name else set()
    candidates: list[float] = [10 if words & _SIZE_WORDS else 1, 1, 0]
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = schema.get(key)
        if isinstance(bound, (int, float)) and not isinstance(bound, bool) and math.isfinite(bound):
            candidates += [bound, bound + 1, bound - 1, bound + 0.5, bound - 0.5]
    step = schema.get("multipleOf")
    step = step if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0 else None
    for candidate in candidates:
        if step is not None:
            candidate = math.ceil(candidate / step) * step
        if integer and not float(candidate).is_integer():
            continue
        value = int(candidate) if integer else float(candidate)
        if _in_bounds(value, schema):
            return value
    return MISSING


def _in_bounds(value: float, schema: Schema) -> bool:
    checks: list[tuple[str, Callable[[float, float], bool]]] = [
        ("minimum", lambda v, b: v >= b),
        ("maximum", lambda v, b: v <= b),
        ("exclusiveMinimum", lambda v, b: v > b),
        ("exclusiveMaximum", lambda v, b: v < b),
    ]
    for key, test in checks:
        bound = schema.get(key)
        if isinstance(bound, (int, float)) and not isinstance(bound, bool) and not test(value, bound):
            return False
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
        quotient = value / step
        if not math.isclose(quotient, round(quotient), abs_tol=1e-9):
            return False
    return True


MAX_PATTERN_CHARS = 4096  # a longer `pattern` is not run: no value is offered that it may refuse
PATTERN_MEMORY = 8 << 20  # bytes RE2 may use for one pattern's automaton


def _pattern_accepts(pattern: Any, text: str) -> bool:
    """Whether `pattern` finds a match in `text`. A spec's pattern is never run by Python's
    backtracking engine (`(x+x+)+y` would take exponential time): RE2 matches in time linear
    in the text, within a memory bound. A pattern RE2 cannot read (lookarounds, back
    references, one too long or too large) accepts nothing, so no value is offered that it
    may refuse."""
    if not isinstance(pattern, str):
        return True
    compiled = _compiled(pattern)
    return compiled is not None and compiled.search(text) is not None


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> Any:
    if len(pattern) > MAX_PATTERN_CHARS:
        return None
    import re2  # loaded with the first pattern

    options = re2.Options()
    options.log_errors = False  # a pattern it cannot read is an answer here, not a message on stderr
    options.max_mem = PATTERN_MEMORY
    try:
        return re2.compile(pattern, options)
    except (re2.error, TypeError, ValueError):
        return None


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer(),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _fits(value: Any, schema: Any, schemas: dict[str, Any], depth: int) -> bool:
    if depth > MAX_DEPTH * 2 or schema is False:
        return False
    if schema is True or not isinstance(schema, dict):
        return True
    if "$ref" in schema:
        target = resolve({"$ref": schema["$ref"]}, schemas)
        if target is None or not _fits(value, target, schemas, depth + 1):
            return False
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if isinstance(kinds, str) else []
    if kinds and not any(_TYPES.get(kind, lambda v: True)(value) for kind in kinds):
        return False
    if "const" in schema and not _same(value, schema["const"]):
        return False
    if isinstance(schema.get("enum"), list) and not any(_same(value, member) for member in schema["enum"]):
        return False
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list) and not any(_fits(value, m, schemas, depth + 1) for m in schema[key]):
            return False
    if isinstance(schema.get("allOf"), list) and not all(_fits(value, m, schemas, depth + 1) for m in schema["allOf"]):
        return False
    if isinstance(value, str):
        if isinstance(schema.get("minLength"), int) and len(value) < schema["minLength"]:
            return False
        if isinstance(schema.get("maxLength"), int) and len(value) > schema["maxLength"]:
            return False
        if "pattern" in schema and not _pattern_accepts(schema["pattern"], value):
            return False
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not _in_bounds(value, schema):
            return False
    elif isinstance(value, list):
        if isinstance(schema.get("minItems"), int) and len(value) < schema["minItems"]:
            return False
        if isinstance(schema.get("maxItems"), int) and len(value) > schema["maxItems"]:
            return False
        if schema.get("uniqueItems") is True and len({repr(v) for v in value}) < len(value):
            return False
        if "items" in schema and not all(_fits(item, schema["items"], schemas, depth + 1) for item in value):
            return False
    elif isinstance(value, dict):
        properties = _dict(schema.get("properties"))
        if any(key not in value for key in schema.get("required") or []):
            return False
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                if not _fits(item, properties[key], schemas, depth + 1):
                    return False
            elif extra is False or isinstance(extra, dict) and not _fits(item, extra, schemas, depth + 1):
                return False
        if isinstance(schema.get("minProperties"), int) and len(value) < schema["minProperties"]:
            return False
    return True


def _same(value: Any, other: Any) -> bool:
    """JSON equality: `True` is not `1`."""
    if isinstance(value, bool) or isinstance(other, bool):
        return isinstance(value, bool) and isinstance(other, bool) and value == other
    return bool(value == other)


def _int(schema: Schema, key: str) -> int | None:
    value = schema.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
