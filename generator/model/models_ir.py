"""The models module as data: one class per object schema, one alias per other schema."""

from __future__ import annotations

from typing import Any

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.markdown_escape import markdown_code as md_code
from ..common.pysyntax import (
    ANNOTATION_NAMES,
    BASE_MODEL_ATTRIBUTES,
    UniqueNames,
    docstring,
    pascal_identifier,
    python_literal,
    snake_identifier,
    string_literal,
)
from ..spec.extensions import aliases_of
from .python_types import MODULE_NAMES, TypeMapper
from .sdk_ir import ModelClass, ModelField, ModelsModule, TypeAliasDef
from .type_expr import ANY, Spelling, or_none, references

Schema = dict[str, Any]
# `tag_of` is called in the annotations of tagged unions: a field of that name would shadow it.
FIELD_RESERVED = ANNOTATION_NAMES | BASE_MODEL_ATTRIBUTES | {"tag_of"}


def build_models(mapper: TypeMapper, diagnostics: Diagnostics) -> ModelsModule:
    """Classes and aliases for every component schema, then for the inline objects they hold.

    Call it before building operations' types is finished: operations may add inline objects
    to `mapper`, which `finish_models` turns into classes.
    """
    classes: list[ModelClass] = []
    aliases: list[TypeAliasDef] = []
    for name, schema in mapper.schemas.items():
        python_name = mapper.python_names[name]
        doc = docstring(str(schema.get("description") or ""))
        if mapper.is_class(name):
            classes.append(model_class(mapper, python_name, mapper.class_schema(name), doc))
        else:
            aliases.append(TypeAliasDef(python_name, mapper.annotation(schema, python_name), doc, mapper.private))
    module = ModelsModule(classes, aliases, _extra_names(mapper), mapper.private)
    finish_models(mapper, module)
    return module


def finish_models(mapper: TypeMapper, module: ModelsModule) -> None:
    """Turn the inline objects met so far into classes (which may meet more of them)."""
    done = {c.name for c in module.classes}
    defined = {a.name for a in module.aliases}
    for name, expression in mapper.named:
        if name not in defined:
            defined.add(name)
            module.aliases.append(TypeAliasDef(name, expression, None, mapper.private))
    while True:
        pending = [item for item in mapper.inline if item.name not in done]
        if not pending:
            break
        for item in pending:
            done.add(item.name)
            doc = docstring(str(item.schema.get("description") or ""))
            module.classes.append(model_class(mapper, item.name, item.schema, doc))
    _inline_extra_names(mapper, module)


def _inline_extra_names(mapper: TypeMapper, module: ModelsModule) -> None:
    """`OfficialName = OurName` for inline objects the pages' SDK examples name (`StaticField`)."""
    named = {other for other, _ in module.extra_names}
    wanted = [(pascal_identifier(alias, MODULE_NAMES), item.name) for item in mapper.inline for alias in item.aliases]
    fresh = [(alias, name) for alias, name in wanted if alias not in named and alias != name]
    if not fresh:
        return
    taken = mapper.class_names() | set(mapper.python_names.values()) | {a.name for a in module.aliases} | named | MODULE_NAMES
    for alias, name in fresh:
        if alias in taken:
            continue  # another type has that name already: it keeps it
        taken.add(alias)
        mapper.reserve(alias)
        module.extra_names.append((alias, name))
    module.extra_names.sort()


def order_aliases(module: ModelsModule, diagnostics: Diagnostics, sources: dict[str, SourceRef] | None = None) -> None:
    """Put aliases after those they use: unlike class fields, alias values run at import.

    Aliases that name each other in a cycle (a JSON-value type: a string, a list of itself or
    a map of itself) are recursive: each names the others of its cycle as strings, and is a
    `TypeAliasType` at run time (`TypeAliasDef.cycle`). A cycle with no list or map in it
    (`Loop` is `LoopBack`, `LoopBack` is one of `Loop`) describes no value at all: its
    aliases become `Any`, with a warning naming them."""
    by_name = {alias.name: alias for alias in module.aliases}
    unguarded = {name: sorted({n for n, guarded in references(alias.type) if not guarded and n in by_name}) for name, alias in by_name.items()}
    for component in _cycles(unguarded):
        first = min(component)
        trail = _cycle_path(first, set(component), unguarded)
        diagnostics.warning(
            (sources or {}).get(first),
            f"schemas {' -> '.join(trail)} refer to each other with no object, list or map in between, "
            f"which no value fits; {', '.join(sorted(component))} {'is' if len(component) == 1 else 'are'} typed Any",
        )
        for name in component:
            by_name[name].type = ANY
    uses = {name: [n for n in dict.fromkeys(alias.type.models()) if n in by_name] for name, alias in by_name.items()}
    for component in _cycles(uses):
        for name in component:
            by_name[name].cycle = frozenset(component)
    ordered: list[TypeAliasDef] = []
    done: set[str] = set()
    for root in sorted(by_name):
        if root in done:
            continue
        # Depth first, with a stack of our own: an alias chain may be as long as the document.
        # An alias of the trail met again closes a cycle: named as a string, it need not come first.
        trail, on_trail = [root], {root}
        pending = [iter(sorted(uses[root]))]
        while pending:
            for used in pending[-1]:
                if used in done or used in on_trail:
                    continue
                trail.append(used)
                on_trail.add(used)
                pending.append(iter(sorted(uses[used])))
                break
            else:
                pending.pop()
                name = trail.pop()
                on_trail.discard(name)
                done.add(name)
                ordered.append(by_name[name])
    module.aliases = ordered


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of `graph` that hold a cycle (two names or more, or
    one that names itself), each sorted; Tarjan's algorithm with a stack of our own."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph[node]:
                        found.append(sorted(component))
    return sorted(found)


def _cycle_path(start: str, members: set[str], graph: dict[str, list[str]]) -> list[str]:
    """One cycle through `start` inside `members`, as names: `["Loop", "LoopBack", "Loop"]`."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for used in graph[node]:
            if used == start:
                return [*paths[node], start]
            if used in members and used not in paths:
                paths[used] = [*paths[node], used]
                queue.append(used)
    return [start, start]


def model_class(mapper: TypeMapper, name: str, schema: Schema, doc: str | None) -> ModelClass:
    required = set(schema.get("required") or [])
    properties = schema.get("properties") or {}
    attributes = attribute_names(list(properties))
    for wire, attribute in attributes.items():
        wanted = snake_identifier(wire, FIELD_RESERVED)
        if attribute != wanted:
            mapper.renames.append((f"field of {name}", wire, attribute, f"another property of {md_code(name)} is also {md_code(wanted)} in Python"))
    fields: list[ModelField] = []
    spelling = Spelling(private=mapper.private)
    for wire, sub in properties.items():
        attribute = attributes[wire]
        annotation = mapper.annotation(sub, name + pascal_identifier(wire))
        default_source: str | None = None
        validate_default = False
        if wire not in required:
            default = sub.get("default") if isinstance(sub, dict) else None
            if default is None:
                annotation = or_none(annotation)
                default_source = "None"
            else:
                default_source = python_literal(default)
                validate_default = isinstance(default, (dict, list))
        description = sub.get("description") if isinstance(sub, dict) else None
        fields.append(
            ModelField(
                name=attribute,
                wire_source=string_literal(wire) if attribute != wire else None,
                annotation=annotation.source(spelling),
                default_source=default_source,
                validate_default=validate_default,
                doc_source=docstring(" ".join(str(description or "").split())),
                private=mapper.private,
            )
        )
    return ModelClass(name=name, doc_source=doc, fields=fields)


def attribute_names(wire_names: list[str]) -> dict[str, str]:
    """Python names for properties; a property already spelled in snake_case keeps its name."""
    wanted = {wire: snake_identifier(wire, FIELD_RESERVED) for wire in wire_names}
    names = UniqueNames()
    chosen: dict[str, str] = {}
    for wire in sorted(wire_names, key=lambda w: wanted[w] != w):
        chosen[wire] = names.claim(wanted[wire])
    return chosen


def _extra_names(mapper: TypeMapper) -> list[tuple[str, str]]:
    """`OfficialName = OurName` for names the pages' SDKs use that differ from ours."""
    taken = set(mapper.python_names.values()) | MODULE_NAMES
    extra: list[tuple[str, str]] = []
    for name, schema in mapper.schemas.items():
        for alias in aliases_of(schema):
            python_alias = pascal_identifier(str(alias), MODULE_NAMES)
            if python_alias in taken:
                continue
            taken.add(python_alias)
            mapper.reserve(python_alias)
            extra.append((python_alias, mapper.python_names[name]))
    return sorted(extra)
