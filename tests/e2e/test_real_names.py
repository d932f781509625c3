"""Names in the packages of the seven real documents (../shared/corpus/openapi-real): no
collision counter reaches a model name, and every name the model stage gives other than the
one wanted is in the merge report with its reason.

Each document is merged and built in process (no formatting: the names are what is checked),
with the name allocator watched: any type name it gives with a counter is a failure, whatever
the generated module then looks like. The names of the built models module are checked as a
user sees them too: one ending in a digit is the document's own schema name, a union member
named by its place in the union (`FloatingIpCreate1` in `FloatingIpCreate = Union[...,
FloatingIpCreate1]`), or ends in a word of the document (`ReservedIpv6`).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, merge_paths
from generator.common.diagnostics import Diagnostics
from generator.common.pysyntax import UniqueNames, pascal_identifier, snake_identifier
from generator.emit.package import build_spec, renames_section
from generator.model import python_types
from generator.model.models_ir import FIELD_RESERVED
from generator.model.operations_ir import METHOD_RESERVED
from generator.model.sdk_ir import SdkOptions

REAL = CORPUS / "openapi-real"
DOCUMENTS = {
    "openai": "openai/openapi.yaml",
    "box": "box/openapi.json",
    "digitalocean": "digitalocean/DigitalOcean-public.v2.yaml",
    "okta": "okta/management-minimal.yaml",
    "chargebee": "chargebee/chargebee_api_v1_spec.yaml",
    "mistral": "mistral/openapi.yaml",
    "mastodon": "mastodon/schema.json",
}


class WatchedNames(UniqueNames):
    """The allocator of type names, keeping every name it gave with a counter."""

    countered: list[tuple[str, str]] = []

    def claim(self, wanted: str) -> str:
        name = super().claim(wanted)
        if name != wanted:
            WatchedNames.countered.append((wanted, name))
        return name


def _built(path: Path) -> tuple[dict[str, Any], Any, Any, list[tuple[str, str]]]:
    merged, diagnostics = merge_paths(path)
    assert merged is not None, [str(d) for d in diagnostics.errors][:5]
    document = merged.result.document
    WatchedNames.countered = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(python_types, "UniqueNames", WatchedNames)
        built = build_spec(document, SdkOptions("real_sdk", "Real", "Real"), Diagnostics())
    assert built is not None
    return document, built[0], built[1], list(WatchedNames.countered)


def _words(document: dict[str, Any]) -> set[str]:
    """Every word of the document that ends in a digit (`ipv6`, `oauth2`), lower case."""
    return {w.lower() for w in re.findall(r"[A-Za-z]*[0-9]+", json.dumps(document))}


def _union_members(text: str) -> list[list[str]]:
    """The members of every `Union[...]` in a type expression, as written, in order."""
    found = []
    for start in (m.end() for m in re.finditer(r"\bUnion\[", text)):
        members, depth, quote, begin = [], 0, "", start
        for index in range(start, len(text)):
            char = text[index]
            if quote:
                quote = "" if char == quote and text[index - 1] != "\\" else quote
            elif char in "\"'":
                quote = char
            elif char == "[":
                depth += 1
            elif char == "]" and depth:
                depth -= 1
            elif char in ",]" and not depth:
                members.append(text[begin:index].strip().removesuffix(" | None"))
                begin = index + 1
                if char == "]":
                    break
        found.append(members)
    return found


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_no_counter_reaches_a_model_name(name: str) -> None:
    path = REAL / DOCUMENTS[name]
    if not path.exists():
        pytest.skip(f"{path} not present")
    document, _, models, countered = _built(path)
    schema_names = {pascal_identifier(s) for s in (document.get("components") or {}).get("schemas") or {}}
    # the schemas whose Python names collide (`TempPassword`, `tempPassword`) are told apart
    # at merge time with names of their own; what is left to the model stage gets no counter
    assert countered == []
    # every union as the module writes it: aliases, and fields' annotations
    unions = [a.type.source() for a in models.aliases] + [f.annotation for c in models.classes for f in c.fields]
    unions = [u for u in unions if "Union[" in u]
    words = _words(document)
    defined = [c.name for c in models.classes] + [a.name for a in models.aliases]
    assert len(defined) == len(set(defined))
    unexplained = []
    for model in defined:
        digits = re.search(r"[0-9]+$", model)
        if digits is None or model in schema_names:
            continue
        if any(members[int(digits.group())] == model for u in unions for members in _union_members(u) if int(digits.group()) < len(members)):
            continue  # a union member named by its place in the union
        last_word = re.search(r"[A-Za-z][a-z]*[0-9]+$", model)
        if last_word is not None and last_word.group().lower() in words:
            continue  # a word of the document (`Ipv6`)
        unexplained.append(model)
    assert unexplained == []


@pytest.mark.parametrize("name", ["okta", "box"])
def test_every_rename_of_the_model_stage_is_in_the_report(name: str) -> None:
    path = REAL / DOCUMENTS[name]
    if not path.exists():
        pytest.skip(f"{path} not present")
    document, client, models, _ = _built(path)
    section = renames_section(models.renames)
    if name == "okta":
        # a body field named like a path parameter: `body_<name>`, with the reason
        assert "| body field of PUT /api/v1/idps/credentials/keys/{kid} | `kid` | `body_kid` | a parameter is also `kid` in Python |" in section
        # an inline object named like a schema (`User.type` and the schema `UserType`)
        assert "| inline object | `UserType` | `UserTypeObject` | the schema `UserType` has the name |" in section
        assert "UserTypeObject" in {c.name for c in models.classes}
    else:
        # Box's nullable inline object of a body (`shared_link`) keeps its name, with no alias
        assert "FilesPutIdRequestSharedLink" in {c.name for c in models.classes}  # named after the method `files.put_id`
    # every argument not called by its wire name in snake_case is listed, with a reason
    listed = {(what, wanted, given) for what, wanted, given, _ in models.renames}
    arguments = 0
    for resource in client.resources:
        for operation in resource.operations:
            where = f"{operation.method} {operation.path}"
            body = operation.body.fields if operation.body else []
            for kind, parameters in (("argument", operation.path_params + operation.query_params + operation.header_params + operation.cookie_params), ("body field", body)):
                for parameter in parameters:
                    arguments += 1
                    if parameter.name != snake_identifier(parameter.wire, METHOD_RESERVED):
                        assert (f"{kind} of {where}", parameter.wire, parameter.name) in listed
    assert arguments > 500
    # and every field of a model
    for model in models.classes:
        for model_field in model.fields:
            wire = ast.literal_eval(model_field.wire_source) if model_field.wire_source else model_field.name
            if model_field.name != snake_identifier(wire, FIELD_RESERVED):
                assert (f"field of {model.name}", wire, model_field.name) in listed
    assert all(why for *_, why in models.renames)
    assert section.count("\n| ") == (len(models.renames) + 1 if models.renames else 0)  # the header, then one row each
