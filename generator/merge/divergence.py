"""Describe how several definitions of one thing differ, fact by fact, for the merge report.

A definition is flattened into facts ("property `.a.b` exists", "`.a` is required",
"enum value `x` is allowed", "`.a` has `type` = string"); every fact on which the
definitions disagree becomes one row, with the pages on each side and what the merged
result says. The merge itself happens elsewhere; this only explains it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..common.names import ref_to_name
from ..spec.schema_forms import (
    SCHEMA_KEYWORDS,
    SCHEMA_LIST_KEYWORDS,
    SCHEMA_MAP_KEYWORDS,
)

ABSENT = "(absent)"


MAX_LABELS = 6  # pages named on one side of a divergence; the rest are counted


@dataclass(frozen=True)
class Side:
    """One value a fact takes, and the definitions that give it: the first MAX_LABELS named,
    all of them counted (a fact most of 6,000 pages lack does not list 5,999 pages)."""

    value: str
    labels: tuple[str, ...]
    count: int

    @property
    def more(self) -> int:
        """How many definitions give this value beyond those named."""
        return self.count - len(self.labels)


@dataclass(frozen=True)
class Divergence:
    """One point on which the definitions of a schema or operation disagree."""

    subject: str  # schema name or "METHOD /path"
    where: str  # ".property.path" or "" for the whole thing
    what: str  # "property", "required", "enum value `x`", "`type`"
    sides: tuple[Side, ...]  # each value, in the order the definitions first give it
    merged: str


@dataclass
class _Group:
    """The definitions giving one value: the first MAX_LABELS (index, label), and a count."""

    named: list[tuple[int, str]]
    count: int = 0

    @property
    def first(self) -> int:
        return self.named[0][0]

    def add(self, index: int, label: str) -> None:
        if len(self.named) < MAX_LABELS:
            self.named.append((index, label))
        self.count += 1


def describe_differences(subject: str, definitions: list[tuple[str, Any]], merged: Any, flatten: Any) -> list[Divergence]:
    """The facts on which the definitions disagree. Linear in the facts: each fact is
    indexed once with the definitions that state it, and the definitions that lack it are
    counted, not visited."""
    labels = [label for label, _ in definitions]
    stated: dict[tuple[str, str], list[tuple[int, str]]] = {}  # fact -> (definition, value), in order
    for index, (_, definition) in enumerate(definitions):
        for key, value in flatten(definition).items():
            stated.setdefault(key, []).append((index, value))
    merged_facts = flatten(merged)
    # Properties some definitions lack: below them, "absent" says nothing new.
    partial = _PathSet(where for (where, what), found in stated.items() if what == "property" and len(found) < len(labels))
    rows: list[Divergence] = []
    for key, found in stated.items():
        groups: dict[str, _Group] = {}
        for index, value in found:
            groups.setdefault(value, _Group([])).add(index, labels[index])
        if len(found) < len(labels):
            _add_absent(groups, [index for index, _ in found], labels)
        if len(groups) < 2:
            continue
        if key[1] != "property" and len(groups) - (ABSENT in groups) < 2 and partial.holds(key[0]):
            continue
        ordered = sorted(groups.items(), key=lambda item: item[1].first)
        sides = tuple(Side(value, tuple(label for _, label in group.named), group.count) for value, group in ordered)
        where, what = key
        rows.append(Divergence(subject, where, what, sides, merged_facts.get(key, ABSENT)))
    return rows


def _add_absent(groups: dict[str, _Group], present: list[int], labels: list[str]) -> None:
    """Count the definitions that lack a fact (all but the ascending indexes `present`) as
    giving ABSENT, naming the first MAX_LABELS of them: no more definitions are visited."""
    absent = _Group([], len(labels) - len(present))
    index, cursor = 0, 0
    while len(absent.named) < min(MAX_LABELS, absent.count):
        if cursor < len(present) and present[cursor] == index:
            cursor += 1
        else:
            absent.named.append((index, labels[index]))
        index += 1
    same = groups.get(ABSENT)  # a definition that states "(absent)" as the value itself
    if same is not None:
        absent.named = sorted(same.named + absent.named)[:MAX_LABELS]
        absent.count += same.count
    groups[ABSENT] = absent


class _PathSet:
    """Fact paths (`.a.b`, `.a[]`, `.a<Cat>`, `.a{}`), and whether one of them is a path or
    holds it: a character trie, so a lookup costs the length of the path asked about."""

    _END = ""

    def __init__(self, paths: Any) -> None:
        self._root: dict[str, Any] = {}
        for path in paths:
            node = self._root
            for char in path:
                node = node.setdefault(char, {})
            node[self._END] = True

    def holds(self, where: str) -> bool:
        node = self._root
        for char in where:
            if self._END in node and char in ".[<{":
                return True
            child = node.get(char)
            if child is None:
                return False
            node = child
        return self._END in node


def schema_facts(schema: Any, path: str = "") -> dict[tuple[str, str], str]:
    facts: dict[tuple[str, str], str] = {}
    _schema_facts(schema, path, facts)
    return facts


def _schema_facts(schema: Any, path: str, facts: dict[tuple[str, str], str]) -> None:
    if not isinstance(schema, dict):
        facts[(path, "schema")] = json.dumps(schema)
        return
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            required = set(schema.get("required") or [])
            for name, sub in value.items():
                facts[(f"{path}.{name}", "property")] = "present"
                facts[(f"{path}.{name}", "required")] = "yes" if name in required else "no"
                _schema_facts(sub, f"{path}.{name}", facts)
        elif key == "required":
            continue
        elif key in ("enum", "const"):
            for member in value if key == "enum" else [value]:
                facts[(path, f"value {_short(member)}")] = "allowed"
        elif key in SCHEMA_KEYWORDS:
            _schema_facts(value, f"{path}{_SUFFIX.get(key, '/' + key)}", facts)
        elif key in SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            for index, member in enumerate(value):
                _schema_facts(member, f"{path}<{_member_label(member, index)}>", facts)
        elif key in SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
            for name, sub in value.items():
                _schema_facts(sub, f"{path}/{key}/{name}", facts)
        elif key == "$ref" and isinstance(value, str):
            facts[(path, "$ref")] = ref_to_name(value) or value
        else:
            facts[(path, f"`{key}`")] = _short(value)


_SUFFIX = {"items": "[]", "additionalProperties": "{}"}


def _member_label(member: Any, index: int) -> str:
    if isinstance(member, dict):
        if "$ref" in member:
            return str(ref_to_name(member["$ref"]) or member["$ref"])
        if "type" in member:
            return json.dumps(member["type"])
    return str(index)


def _short(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def operation_facts(operation: Any) -> dict[tuple[str, str], str]:
    facts: dict[tuple[str, str], str] = {}
    if not isinstance(operation, dict):
        return facts
    for key, value in operation.items():
        if key == "parameters" and isinstance(value, list):
            for parameter in value:
                if not isinstance(parameter, dict):
                    continue
                where = f"{parameter.get('in')} parameter `{parameter.get('name')}`"
                for pkey, pvalue in parameter.items():
                    if pkey == "schema":
                        for (sub, what), fact in schema_facts(pvalue).items():
                            facts[(f"{where}{sub}", what)] = fact
                    elif pkey not in ("name", "in"):
                        facts[(where, f"`{pkey}`")] = _short(pvalue)
        elif key in ("requestBody", "responses") and isinstance(value, dict):
            _content_facts(key, value, facts)
        else:
            facts[("", f"`{key}`")] = _short(value)
    return facts


def _content_facts(where: str, value: dict[str, Any], facts: dict[tuple[str, str], str]) -> None:
    holders = value.items() if where == "responses" else [("", value)]
    for status, holder in holders:
        place = f"response {status}" if where == "responses" else "request body"
        if not isinstance(holder, dict):
            continue
        for key, sub in holder.items():
            if key == "content" and isinstance(sub, dict):
                for media, media_object in sub.items():
                    facts[(f"{place} {media}", "media type")] = "present"
                    schema = media_object.get("schema") if isinstance(media_object, dict) else None
                    for (path, what), fact in schema_facts(schema).items():
                        facts[(f"{place} {media}{path}", what)] = fact
            else:
                facts[(place, f"`{key}`")] = _short(sub)
