"""Decide the clean name of every schema, resolving Fern's -Input/-Output variants.

Fern splits a type into `X-Input` and `X-Output` when request and response shapes might
differ, and names the inline parts it lifts out after them (`XOutputToolDetails`). Across
pages and snapshots the same type shows up under any of these names. A group's variants
are one type unless some single fragment shows two of them side by side with different
definitions; then they stay apart under Fern's own names (`XInput`, `XOutput`), which are
also the official SDK's class names.

The decision is a fixed point: variants are compared with references to other groups
replaced by those groups' final names, so a group splits when what it refers to splits.

The value type of a map property `P.prop` is exported as `<P><Prop>`: the name other tools
give the map itself (openapi-python-client makes a class of it, and then two classes share
the name). Fern's own SDKs call that type `<P><Prop>Value`, and so does the merged document.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

from ..common.diagnostics import SourceRef
from ..common.names import (
    VariantName,
    VariantNamer,
    clean_schema_name,
    name_to_ref,
    pascal_join,
    ref_to_name,
    strip_type_prefix,
)
from ..spec.schema_forms import Schema

MAP_VALUE_SUFFIX = "Value"


@dataclass(frozen=True)
class SchemaDefinition:
    """One fragment's definition of a schema, under the name the fragment gives it."""

    fragment: int
    raw_name: str
    schema: Schema
    source: SourceRef


@dataclass
class VariantGroup:
    """The definitions that share a clean name, and the final name each gets."""

    name: str
    definitions: list[SchemaDefinition] = field(default_factory=list)
    split_at: SourceRef | None = None  # the fragment that shows two differing variants
    final_names: dict[tuple[int, str], str] = field(default_factory=dict)

    @property
    def split(self) -> bool:
        return self.split_at is not None


@dataclass
class NameResolution:
    """The final name of every schema of every fragment, and what stands in the way."""

    names: list[dict[str, str]]  # per fragment: raw schema name -> clean name
    groups: list[VariantGroup]
    # Two schemas of one fragment that are not variants of each other but get the same name
    # and that no spelling rule tells apart (two names with no ASCII letter): an error.
    collisions: list[tuple[SchemaDefinition, SchemaDefinition, str]] = field(default_factory=list)
    # Schemas renamed because another of their document takes the same clean name (`tempPassword`
    # beside `TempPassword`): (the definition, its new name, the reason), for the merge report.
    renames: list[tuple[SchemaDefinition, str, str]] = field(default_factory=list)


def resolve_names(definitions: list[SchemaDefinition], fragment_count: int) -> NameResolution:
    namer = VariantNamer({d.raw_name for d in definitions})
    parsed: dict[str, VariantName] = {}

    value_groups = {namer.parse(raw).group for raw in _map_value_names(definitions)}
    taken = {namer.parse(d.raw_name).group for d in definitions}

    suffixes: dict[str, str] = {}

    def parse(raw: str) -> VariantName:
        if raw not in parsed:
            name = namer.parse(raw)
            if name.group in value_groups and name.group + MAP_VALUE_SUFFIX not in taken:
                name = VariantName(name.group + MAP_VALUE_SUFFIX, name.variant, name.own_name + MAP_VALUE_SUFFIX)
            suffix = suffixes.get(raw)
            if suffix:
                name = VariantName(name.group + suffix, name.variant, name.own_name + suffix)
            parsed[raw] = name
        return parsed[raw]

    # Names written differently that become one (`TempPassword`, `tempPassword`): told apart
    # by how each is written before the groups are made (`spelling_suffixes`).
    suffixes.update(spelling_suffixes(_collisions(definitions, parse), taken))
    parsed.clear()
    renames = [(d, parse(d.raw_name).own_name, _rename_reason(d.raw_name, suffixes[d.raw_name])) for d in definitions if d.raw_name in suffixes]

    groups: dict[str, VariantGroup] = {}
    for definition in definitions:
        key = parse(definition.raw_name).group
        groups.setdefault(key, VariantGroup(key)).definitions.append(definition)

    def provisional(raw: str) -> str:
        variant = parse(raw)
        group = groups.get(variant.group)
        if group is None or not group.split or variant.variant is None:
            return variant.group
        return variant.own_name

    def canonical(schema: Schema) -> str:
        return json.dumps(rename_refs(schema, provisional), sort_keys=True)

    changed = True
    while changed:
        changed = False
        for key in sorted(groups):
            group = groups[key]
            if group.split or len({parse(d.raw_name).variant for d in group.definitions}) < 2:
                continue
            by_fragment: dict[int, dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
            for definition in group.definitions:
                by_fragment[definition.fragment][parse(definition.raw_name).variant].add(canonical(definition.schema))
            for fragment in sorted(by_fragment):
                forms = by_fragment[fragment]
                if len(forms) > 1 and len(set().union(*forms.values())) > 1:
                    group.split_at = min(d.source for d in group.definitions if d.fragment == fragment)
                    changed = True
                    break

    names: list[dict[str, str]] = [dict() for _ in range(fragment_count)]
    for key in sorted(groups):
        group = groups[key]
        destination = _plain_destination(group, parse, canonical) if group.split else None
        for definition in group.definitions:
            variant = parse(definition.raw_name)
            if not group.split:
                final = variant.group
            elif variant.variant is None:
                final = destination or variant.group
            else:
                final = _own_name(group, variant.variant, parse)
            names[definition.fragment][definition.raw_name] = final
            group.final_names[(definition.fragment, definition.raw_name)] = final
    return NameResolution(
        names=names, groups=[groups[k] for k in sorted(groups)], collisions=_collisions(definitions, parse), renames=renames
    )


# How a name is written, as the suffix it gets when another name of its document is written
# the PascalCase way: checked in this order, the first that applies.
SPELLING_SUFFIXES = (
    ("Snake", lambda raw: "_" in raw),
    ("Kebab", lambda raw: "-" in raw),
    ("Dotted", lambda raw: "." in raw),
    ("Spaced", lambda raw: " " in raw),
    ("Lower", lambda raw: raw.islower()),
    ("Camel", lambda raw: raw[:1].islower()),
)


def spelling_suffix(raw: str) -> str | None:
    """`tempPassword` → `Camel`, `temp_password` → `Snake`, `TEMP_PASSWORD` → `Snake`: what
    sets a name's spelling apart from PascalCase; None for a name already in PascalCase."""
    stripped = strip_type_prefix(raw)
    if stripped == clean_schema_name(stripped):
        return None
    return next((suffix for suffix, applies in SPELLING_SUFFIXES if applies(stripped)), "Other")


def spelling_suffixes(collisions: list[tuple[SchemaDefinition, SchemaDefinition, str]], taken: set[str]) -> dict[str, str]:
    """Suffixes for the raw names that lose a clean name to another of their document.

    The rule: of the names that become one, the one already written in PascalCase keeps it
    (else the first in the document); each other one gets a suffix saying how it is written
    (`tempPassword` beside `TempPassword` becomes `TempPasswordCamel`). A name that would still
    collide (two names written the same way, or its new name already taken) gets none, and
    stays an error."""
    together: dict[tuple[int, str], list[SchemaDefinition]] = {}
    for first, second, name in collisions:
        group = together.setdefault((first.fragment, name), [first])
        if second not in group:
            group.append(second)
    chosen: dict[str, str] = {}
    for (_, _), group in sorted(together.items()):
        keeper = next((d for d in group if spelling_suffix(d.raw_name) is None), group[0])
        wanted = {d.raw_name: spelling_suffix(d.raw_name) or "" for d in group if d is not keeper}
        for raw, suffix in wanted.items():
            clean = clean_schema_name(strip_type_prefix(raw))
            unique = suffix and list(wanted.values()).count(suffix) == 1
            if unique and clean + suffix not in taken and chosen.get(raw, suffix) == suffix:
                chosen[raw] = suffix
    return chosen


def _rename_reason(raw: str, suffix: str) -> str:
    clean = clean_schema_name(strip_type_prefix(raw))
    return f"another schema of its document also becomes `{clean}` and keeps it; this one is written {_STYLES.get(suffix, 'otherwise')}"


_STYLES = {
    "Snake": "with underscores",
    "Kebab": "with dashes",
    "Dotted": "with dots",
    "Spaced": "with spaces",
    "Lower": "in lower case",
    "Camel": "in camelCase",
}


def _collisions(definitions: list[SchemaDefinition], parse: Callable[[str], VariantName]) -> list[tuple[SchemaDefinition, SchemaDefinition, str]]:
    """Pairs of differently written schemas of one fragment that read as the same variant of
    the same group: two types one name would stand for."""
    first: dict[tuple[int, str, str | None], SchemaDefinition] = {}
    found: list[tuple[SchemaDefinition, SchemaDefinition, str]] = []
    for definition in definitions:
        variant = parse(definition.raw_name)
        key = (definition.fragment, variant.group, variant.variant)
        other = first.setdefault(key, definition)
        if other is not definition and other.raw_name != definition.raw_name:
            found.append((other, definition, variant.own_name))
    return found


def _map_value_names(definitions: list[SchemaDefinition]) -> set[str]:
    """Raw names of map value types named after their map: `P.prop` is an inline map whose
    values are (or include) a `$ref` to `<P><Prop>`."""
    found: set[str] = set()
    for definition in definitions:
        owner = clean_schema_name(definition.raw_name).lower()
        properties = definition.schema.get("properties")
        for prop, schema in (properties.items() if isinstance(properties, dict) else ()):
            expected = owner + pascal_join(prop).lower()
            for raw in _map_value_refs(schema):
                if clean_schema_name(raw).lower() == expected:
                    found.add(raw)
    return found


def _map_value_refs(schema: Any) -> list[str]:
    """The schemas an inline map (possibly nullable) names as its values."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return []
    maps = [schema, *(m for m in schema.get("anyOf") or [] if isinstance(m, dict) and "$ref" not in m)]
    found: list[str] = []
    for candidate in maps:
        values = candidate.get("additionalProperties")
        if not isinstance(values, dict):
            continue
        for member in [values, *(values.get("anyOf") or [])]:
            name = ref_to_name(member["$ref"]) if isinstance(member, dict) and isinstance(member.get("$ref"), str) else None
            if name is not None:
                found.append(name)
    return found


def _own_name(group: VariantGroup, variant: str, parse: Callable[[str], VariantName]) -> str:
    return min(parse(d.raw_name).own_name for d in group.definitions if parse(d.raw_name).variant == variant)


def _plain_destination(group: VariantGroup, parse: Any, canonical: Any) -> str | None:
    """Where the plain name of a split group goes: the variant it matches best, Output on a tie."""
    plain = [d for d in group.definitions if parse(d.raw_name).variant is None]
    if not plain:
        return None
    scores: dict[str, float] = {}
    for variant in ("Output", "Input"):
        others = [d for d in group.definitions if parse(d.raw_name).variant == variant]
        if not others:
            continue
        clash = any(
            p.fragment == o.fragment and canonical(p.schema) != canonical(o.schema) for p in plain for o in others
        )
        if clash:
            continue
        scores[variant] = sum(_similarity(p.schema, o.schema) for p in plain for o in others) / len(others)
    if not scores:
        return None
    best = max(scores, key=lambda v: (scores[v], v == "Output"))
    return _own_name(group, best, parse)


def _similarity(a: Schema, b: Schema) -> float:
    """Share of top-level keywords and properties on which two schemas agree exactly."""
    items_a, items_b = _entries(a), _entries(b)
    keys = set(items_a) | set(items_b)
    if not keys:
        return 1.0
    return sum(1 for k in keys if items_a.get(k) == items_b.get(k)) / len(keys)


def _entries(schema: Schema) -> dict[str, str]:
    entries = {k: json.dumps(v, sort_keys=True) for k, v in schema.items() if k != "properties"}
    for name, sub in (schema.get("properties") or {}).items():
        entries[f"properties.{name}"] = json.dumps(sub, sort_keys=True)
    return entries


def rename_refs(value: Any, rename: Callable[[str], str]) -> Any:
    """A copy of a schema or document part with every local schema `$ref`, and every schema a
    discriminator's `mapping` names, passed through `rename`."""
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        for key, sub in value.items():
            kind = type(sub)
            if kind is dict or kind is list:
                if key == "discriminator" and _is_discriminator(sub):
                    result[key] = {**sub, "mapping": {tag: _rename_target(target, rename) for tag, target in sub["mapping"].items()}}
                else:
                    result[key] = rename_refs(sub, rename)
                continue
            name = ref_to_name(sub) if key == "$ref" and kind is str else None
            result[key] = sub if name is None else name_to_ref(rename(name))
        return result
    if isinstance(value, list):
        return [rename_refs(v, rename) if type(v) is dict or type(v) is list else v for v in value]
    return value


def _is_discriminator(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("propertyName"), str)
        and isinstance(value.get("mapping"), dict)
        and all(isinstance(target, str) for target in value["mapping"].values())
    )


def _rename_target(target: str, rename: Callable[[str], str]) -> str:
    """A mapping value is a `$ref` or, in OpenAPI's short form, a bare schema name."""
    name = ref_to_name(target)
    if name is not None:
        return name_to_ref(rename(name))
    return target if "/" in target or "#" in target else rename(target)
