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


@dataclass(frozen=True)
class Divergence:
    """One point on which the definitions of a schema or operation disagree."""

    subject: str  # schema name or "METHOD /path"
    where: str  # ".property.path" or "" for the whole thing
    what: str  # "property", "required", "enum value `x`", "`type`"
    sides: tuple[tuple[str, tuple[str, ...]], ...]  # (value, labels of the definitions that have it)
    merged: str


def describe_differences(subject: str, definitions: list[tuple[str, Any]], merged: Any, flatten: Any) -> list[Divergence]:
    flat = [(label, flatten(definition)) for label, definition in definitions]
    merged_facts = flatten(merged)
    keys: dict[tuple[str, str], None] = {}
    for _, facts in flat:
        keys.update(dict.fromkeys(facts))
    partial = {  # properties some definitions lack: below them, "absent" says nothing new
        where for (where, what) in keys if what == "property" and any((where, what) not in facts for _, facts in flat)
    }
    rows: list[Divergence] = []
    for key in keys:
        values = [(label, facts.get(key, ABSENT)) for label, facts in flat]
        distinct = list(dict.fromkeys(value for _, value in values))
        if len(distinct) < 2:
            continue
        if key[1] != "property" and _under(key[0], partial):
            if len([v for v in distinct if v != ABSENT]) < 2:
                continue
        sides = tuple((value, tuple(label for label, v in values if v == value)) for value in distinct)
        where, what = key
        rows.append(Divergence(subject, where, what, sides, merged_facts.get(key, ABSENT)))
    return rows


def _under(where: str, paths: set[str]) -> bool:
    return any(where == p or where.startswith(p + ".") or where.startswith(p + "[") or where.startswith(p + "<")
               or where.startswith(p + "{") for p in paths)


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
