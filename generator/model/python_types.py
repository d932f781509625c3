"""JSON Schema → Python type expressions (`type_expr`) for the generated package.

One `TypeMapper` per package. It knows what every component schema becomes (a model class or
a type alias, and under which Python name), turns any schema into a type expression, and
collects the inline object schemas it meets as extra model classes to be generated.

Choices, all for a client of a live, evolving API:
- `List`/`Dict` from typing, not the builtins, which a method called `list` would shadow;
- open enums: `Literal[...] | str`, so a value the pages do not list still parses;
- `const` is a closed `Literal[...]` (a one-value enum stays open: more values may come);
- unions whose members all carry a distinct constant property become tagged unions that
  fall back to trying each member (and then a plain dict) when the tag is unknown;
- strings stay `str` whatever their format (`date-time` included), so that what is read
  is written back unchanged; `format: binary` is `bytes`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..common.markdown_escape import markdown_code as md_code
from ..common.names import ref_to_name
from ..common.pysyntax import UniqueNames, pascal_identifier
from ..spec.extensions import aliases_of, without_aliases
from ..spec.schema_forms import (
    is_annotation,
    is_unconstrained,
    resolve_refs,
    split_null,
    types_of,
)
from .type_expr import (
    ANY,
    DICT,
    NONE,
    STR,
    Generic,
    Model,
    Name,
    Nullable,
    PyType,
    TaggedUnion,
    Union,
    literal,
    or_none,
    union,
    without_none,
)

Schema = dict[str, Any]

# Names the generated models module imports. A component schema called like one keeps its
# name (the module then imports the other under a private alias, `Tag as _Tag`); a name the
# generator makes up (an inline object's) gets a trailing `_` instead.
MODULE_NAMES = frozenset(
    "Annotated Any Dict Discriminator Field List Literal Tag TypeAlias TypeAliasType Union ApiModel tag_of "
    "annotations".split()
)


@dataclass
class InlineObject:
    """An object schema written inline (not under components) that becomes a model class."""

    name: str
    schema: Schema
    aliases: list[str] = field(default_factory=list)  # other names the pages use for it (`x-sdkgen-aliases`)


class TypeMapper:
    def __init__(self, schemas: dict[str, Schema]) -> None:
        self.schemas = schemas
        # Every name the model stage gives other than the one wanted: (what, wanted, given, why).
        # The merge report lists them (`emit.package`).
        self.renames: list[tuple[str, str, str, str]] = []
        self.python_names = _python_names(schemas, self.renames)
        # Typing, pydantic and runtime names that schemas take: the models module imports
        # those under private aliases (`Tag as _Tag`).
        self.private = frozenset(self.python_names.values()) & MODULE_NAMES
        self.inline: list[InlineObject] = []
        self.named: list[tuple[str, PyType]] = []  # (alias name, type expression) made by `named_type`
        self._inline_names = UniqueNames(set(self.python_names.values()), separator="")
        self._is_class: dict[str, bool] = {}
        self._class_schemas: dict[str, Schema] = {}
        self._inline_by_content: dict[str, str] = {}
        self._inline_by_name: dict[str, InlineObject] = {}
        self._named_by_content: dict[tuple[str, PyType], str] = {}
        self._held: list[str] = []  # names of aliases being made (`named_type`), kept from union members
        self._component_classes: set[str] | None = None
        self.schema_names = {python: name for name, python in self.python_names.items()}  # the reverse
        self._is_nullable: dict[str, bool] = {}
        # Each schema's non-null part, made once: a reference resolves to the same object every
        # time, so that walks which remember what they opened (`_all_of_parts`) end.
        self._non_null_parts = {name: split_null(schema)[0] if isinstance(schema, dict) else schema for name, schema in schemas.items()}

    def reserve(self, python_name: str) -> None:
        """Keep `python_name` from being given to an inline object."""
        self._inline_names.add(python_name)

    # -- what each component schema becomes -------------------------------------------------

    def is_class(self, name: str) -> bool:
        found = self._is_class.get(name)
        if found is None:
            found = self._is_class[name] = is_object_with_properties(self.class_schema(name))
        return found

    def class_schema(self, name: str) -> Schema:
        """The object schema a component's class is made of: its own (non-null) schema, or
        the object its `allOf` combines, so that a composed schema keeps its own name."""
        found = self._class_schemas.get(name)
        if found is None:
            part = self._non_null_parts[name]
            combined = self._combined(part) if isinstance(part, dict) and "allOf" in part else None
            found = self._class_schemas[name] = combined if combined is not None else part
        return found

    def is_nullable(self, name: str) -> bool:
        found = self._is_nullable.get(name)
        if found is None:
            found = self._is_nullable[name] = split_null(self.schemas[name])[1]
        return found

    def class_names(self) -> set[str]:
        """Python names of every model class so far (component schemas and inline objects)."""
        if self._component_classes is None:
            self._component_classes = {self.python_names[n] for n in self.schemas if self.is_class(n)}
        return self._component_classes | {item.name for item in self.inline}

    def ref_type(self, name: str) -> PyType:
        model = Model(self.python_names[name])
        return Nullable(model) if self.is_class(name) and self.is_nullable(name) else model

    # -- schema → type expression ------------------------------------------------------------

    def annotation(self, schema: Any, hint: str) -> PyType:
        """A type expression for `schema`; `hint` names any inline object found inside."""
        if not isinstance(schema, dict) or is_unconstrained(schema):
            return ANY
        inner, nullable = split_null(schema)
        expression = self._non_null(inner, hint)
        return or_none(expression) if nullable else expression

    def _non_null(self, schema: Schema, hint: str) -> PyType:
        if "$ref" in schema:
            name = ref_to_name(schema["$ref"])
            if name is None or name not in self.schemas:
                return ANY
            return self.ref_type(name)
        if "allOf" in schema:
            return self._all_of(schema, hint)
        if "anyOf" in schema:
            return self._any_of(schema["anyOf"], hint, schema.get("discriminator"))
        if "const" in schema:
            return literal([schema["const"]])
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            nullable = len(values) < len(schema["enum"])
            if not values:
                return NONE
            if not all(isinstance(v, (str, int)) for v in values):  # floats, objects...: no Literal
                return union([_value_type(v) for v in values] + ([NONE] if nullable else []))
            return Nullable(_open_enum(values)) if nullable else _open_enum(values)
        kinds = types_of(schema)
        if len(kinds) > 1:
            return union([self._non_null({**schema, "type": kind}, hint) for kind in kinds])
        kind = kinds[0] if kinds else ("object" if "properties" in schema else None)
        if kind == "string":
            return Name("bytes") if schema.get("format") == "binary" else STR
        if kind in _SCALARS:
            return _SCALARS[kind]
        if kind == "array":
            return Generic("List", (self.annotation(schema.get("items"), hint + "Item"),))
        if kind == "object":
            if is_object_with_properties(schema):
                return self._inline_object(schema, hint)
            additional = schema.get("additionalProperties")
            if isinstance(additional, dict) and not is_unconstrained(additional):
                return Generic("Dict", (STR, self.annotation(additional, hint + "Value")))
            return DICT
        return ANY

    def _all_of(self, schema: Schema, hint: str) -> PyType:
        members = self._all_of_members(schema)
        if len(members) == 1:
            return self.annotation(members[0], hint)
        if not members:
            return ANY
        combined = self._combined(schema)
        if combined is not None:
            return self._inline_object(combined, hint)
        return self.annotation(members[0], hint)

    def _all_of_members(self, schema: Schema) -> list[Schema]:
        members = [m for m in schema["allOf"] if isinstance(m, dict) and not is_unconstrained(m)]
        rest = {k: v for k, v in schema.items() if k != "allOf" and not is_annotation(k)}
        if rest:
            members.append(rest)
        return members

    def _combined(self, schema: Schema) -> Schema | None:
        """The object an `allOf` of several members combines (None when it has no properties);
        one member that is an object on its own is that object."""
        members = self._all_of_members(schema)
        if len(members) == 1:
            return members[0] if is_object_with_properties(members[0]) else None
        # Several constraints at once: an object combining them is what callers get.
        combined: Schema = {"type": "object", "properties": {}, "required": []}
        for target in self._all_of_parts(members):
            combined["properties"].update(target.get("properties") or {})
            combined["required"].extend(target.get("required") or [])
        return combined if combined["properties"] else None

    def _all_of_parts(self, members: list[Schema]) -> list[Schema]:
        """The schemas an allOf combines, with the allOfs behind its references opened up
        (their parts first, then their own fields), each once; no recursion."""
        parts: list[Schema] = []
        seen: set[int] = set()
        stack: list[tuple[Schema, bool]] = [(member, False) for member in reversed(members)]
        while stack:
            member, opened = stack.pop()
            target = self.resolve(member) or {}
            if opened:
                parts.append(target)
                continue
            if id(target) in seen:
                continue
            seen.add(id(target))
            stack.append((target, True))
            nested = target.get("allOf")
            stack.extend((m, False) for m in reversed(nested if isinstance(nested, list) else []) if isinstance(m, dict))
        return parts

    def _any_of(self, members: list[Any], hint: str, discriminator: Any) -> PyType:
        tagged = self.discriminated(members, discriminator)
        if tagged is not None:
            return tagged
        return union([self.annotation(member, self._member_hint(member, hint, index)) for index, member in enumerate(members)])

    def _member_hint(self, member: Any, hint: str, index: int) -> str:
        """The name for a union's inline member: `<hint>`, `<hint>1`... as long as that name is
        free; else (the union is a component that holds the name itself) the member's
        `title`, or the constant that tags it (`type: {const: response.created}`), after the
        union's name; else its place, `<hint>Variant<n>`. Never a collision counter."""
        wanted = f"{hint}{index}" if index else hint
        if not self._taken(wanted):
            return wanted
        own = _own_name(member) if isinstance(member, dict) else None
        if own:
            candidate = hint + pascal_identifier(own)
            if not self._taken(candidate):
                return candidate
        return f"{hint}Variant{index + 1}"

    def discriminated(self, members: list[Any], discriminator: Any = None) -> TaggedUnion | None:
        """The members as a tagged union, when they are models that tell themselves apart by
        one property (the tag).

        A member may own one value (`const`, a one-value enum) or several (an enum): the
        ElevenLabs tool results tag `system` and `workflow` with constants and the other
        kinds with one enum. A value two members accept (`api_integration_webhook` is in
        that enum and a constant of its own) picks no member: such values, unknown ones
        and missing ones go to the fallback, which tries every member and then a dict.
        """
        names: list[str] = []
        for member in members:
            name = ref_to_name(member.get("$ref", "")) if isinstance(member, dict) and set(member) == {"$ref"} else None
            if name is None or name not in self.schemas or not self.is_class(name) or self.is_nullable(name):
                return None
            names.append(name)
        if len(names) < 2 or len(set(names)) != len(names):
            return None
        tag_sets = [self._tag_properties(self.class_schema(name)) for name in names]
        candidates = set(tag_sets[0]).intersection(*tag_sets[1:])
        preferred = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        for prop in sorted(candidates, key=lambda p: (p != preferred, p != "type", p)):
            values = [tags[prop] for tags in tag_sets]
            # A value several members accept is left to the fallback, which tries them all.
            counts: dict[str, int] = {}
            for group in values:
                for value in group:
                    counts[value] = counts.get(value, 0) + 1
            own = [tuple(v for v in group if counts[v] == 1) for group in values]
            if sum(1 for group in own if group) >= 2:
                return TaggedUnion(prop, tuple((group, Model(self.python_names[n])) for group, n in zip(own, names)))
        return None

    def named_type(self, schema: Any, hint: str) -> PyType:
        """Like `annotation`, but anything other than one model or alias gets an alias of its own.

        For values used at run time (the type a response is parsed into): a name is one
        object, evaluated once, where an inline union would be rebuilt on every call.
        """
        # The alias holds its name while its parts are named, so that an inline member of a
        # union named here does not take it (and leave the alias a counter).
        wanted = pascal_identifier(hint, MODULE_NAMES)
        self._held.append(wanted)
        expression = self.annotation(schema, hint)
        self._held.pop()
        if expression == ANY or isinstance(expression, Model):
            return expression
        if without_none(expression) == Model(wanted):
            # A nullable inline object took the name itself: `X | None` needs no name of its
            # own (an alias would be the object's name with a counter).
            return expression
        # The same type wanted under the same name again (one inline enum of a body schema
        # that two operations send) is the same alias, not a second one with a counter.
        key = (pascal_identifier(hint, MODULE_NAMES), expression)
        known = self._named_by_content.get(key)
        if known is not None:
            return Model(known)
        name = self._claim(hint, "Type")
        self._named_by_content[key] = name
        self.named.append((name, expression))
        return Model(name)

    def _tag_properties(self, schema: Schema) -> dict[str, tuple[str, ...]]:
        """Properties limited to a few strings (`const` or `enum`, maybe by reference): tag candidates."""
        found: dict[str, tuple[str, ...]] = {}
        for prop, sub in (schema.get("properties") or {}).items():
            if not isinstance(sub, dict):
                continue
            inner = self.resolve(split_null(sub)[0]) or {}
            inner = split_null(inner)[0]
            if isinstance(inner.get("const"), str):
                found[prop] = (inner["const"],)
            elif isinstance(inner.get("enum"), list) and inner["enum"]:
                values = [v for v in inner["enum"] if v is not None]
                if values and all(isinstance(v, str) for v in values):
                    found[prop] = tuple(dict.fromkeys(values))
        return found

    def _inline_object(self, schema: Schema, hint: str) -> Model:
        # The same inline schema met again is the same class: that also ends the recursion of
        # an object that refers to itself through `allOf`.
        # Other names for it (`x-sdkgen-aliases`) are gathered from every copy, not compared.
        aliases = aliases_of(schema)
        key = json.dumps(without_aliases(schema), sort_keys=True, default=str)
        known = self._inline_by_content.get(key)
        if known is not None:
            item = self._inline_by_name[known]
            item.aliases.extend(alias for alias in aliases if alias not in item.aliases)
            return Model(known)
        # The name a page's SDK example imports it by, where no other type has it; else ours.
        free = [alias for alias in sorted(aliases) if not self._taken(alias) and pascal_identifier(alias, MODULE_NAMES) == alias]
        candidate = self._claim(free[0] if free else hint, "Object")
        self._inline_by_content[key] = candidate
        item = InlineObject(candidate, schema, aliases)
        self._inline_by_name[candidate] = item
        self.inline.append(item)
        return Model(candidate)

    def _taken(self, hint: str) -> bool:
        name = pascal_identifier(hint, MODULE_NAMES)
        return name in self._inline_names or name in self._held

    def _claim(self, hint: str, kind: str) -> str:
        """The name `hint` gives; when a schema or another type has it, the name followed by
        what it is (`UserTypeObject`, `ItemStatusType`): never a collision counter, unless that
        is taken too. Any other name than the one wanted is listed in `renames`."""
        wanted = pascal_identifier(hint, MODULE_NAMES)
        if wanted not in self._inline_names:
            return self._inline_names.claim(wanted)
        name = self._inline_names.claim(wanted + kind)
        holder = f"the schema {md_code(self.schema_names[wanted])}" if wanted in self.schema_names else "another generated type"
        what = "inline object" if kind == "Object" else "type alias"
        self.renames.append((what, wanted, name, f"{holder} has the name"))
        return name

    def resolve(self, schema: Schema) -> Schema | None:
        """The schema a chain of `$ref`s ends at (`schema_forms.resolve_refs`); the same object
        for the same target on every call."""
        return resolve_refs(schema, self._non_null_parts)


def _own_name(member: Schema) -> str | None:
    """What a union member calls itself: its `title`, else the constant of its tag property."""
    title = member.get("title")
    if isinstance(title, str) and pascal_identifier(title) != "Value":
        return title
    properties = member.get("properties")
    if not isinstance(properties, dict):
        return None
    for prop in sorted(properties, key=lambda p: (p != "type", p)):
        sub = properties[prop]
        if not isinstance(sub, dict):
            continue
        enum = sub.get("enum")
        value = sub.get("const", enum[0] if isinstance(enum, list) and len(enum) == 1 else None)
        if isinstance(value, str) and pascal_identifier(value) != "Value":
            return value
    return None


def is_object_with_properties(schema: Schema) -> bool:
    if not isinstance(schema, dict) or "$ref" in schema or "anyOf" in schema or "allOf" in schema:
        return False
    kinds = types_of(schema)
    return bool(schema.get("properties")) and kinds in ([], ["object"])


_SCALARS: dict[str, PyType] = {"integer": Name("int"), "number": Name("float"), "boolean": Name("bool"), "null": NONE}


def _value_type(value: Any) -> PyType:
    if isinstance(value, bool):
        return Name("bool")
    if isinstance(value, (int, float)):
        return Name("float")
    if isinstance(value, str):
        return STR
    return ANY


def _open_enum(values: list[Any]) -> PyType:
    """Listed values plus anything else of the same kind: a newer server may send new values."""
    kinds = {type(v) for v in values}
    closed = literal(values)
    if closed == ANY:
        return ANY
    if kinds == {str}:
        return Union((closed, STR))
    if kinds <= {int, bool} and bool not in kinds:
        return Union((closed, Name("int")))
    return closed


def _python_names(schemas: dict[str, Schema], renames: list[tuple[str, str, str, str]]) -> dict[str, str]:
    taken = UniqueNames(separator="")
    chosen: dict[str, str] = {}
    first: dict[str, str] = {}  # Python name -> the schema that has it
    for name in schemas:
        wanted = pascal_identifier(name)
        chosen[name] = taken.claim(wanted)
        first.setdefault(wanted, name)
        if chosen[name] != wanted:
            renames.append(("schema", name, chosen[name], f"{md_code(wanted)} is the Python name of the schema {md_code(first[wanted])}"))
    return chosen
