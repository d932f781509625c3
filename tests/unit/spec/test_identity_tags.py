"""generator/spec/identity.py: the resource an operation's tags give, newer Fern exports'
`subpackage_` tags and empty tags included."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.common.diagnostics import Diagnostics
from generator.pipeline import build_merged_document
from generator.spec.identity import operation_identity, tag_resource

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "sdk" / "subpackages" / "pages"


@pytest.mark.parametrize(
    ("tags", "resource"),
    [
        (["subpackage_prompts"], ("prompts",)),
        (["subpackage_prompts", "subpackage_prompts/versions"], ("prompts", "versions")),
        (["subpackage_prompts/versions", "subpackage_prompts"], ("prompts", "versions")),  # the deepest, wherever it is
        (["subpackage_conversationalAi", "subpackage_conversationalAi/conversations/audio"], ("conversational_ai", "conversations", "audio")),
        ([""], ()),  # the client itself
        (["  "], ()),
        ([], ()),
        (["Pets"], ("pets",)),
        (["pet store", "other"], ("pet_store",)),
        ([3, "x"], ("x",)),
    ],
)
def test_tag_resource(tags: list[object], resource: tuple[str, ...]) -> None:
    assert tag_resource(tags) == resource


def test_a_version_that_is_no_endpoint_identity_names_nothing() -> None:
    document = {"info": {"version": "1.0.0"}, "paths": {"/v1/x": {}}}
    operation = {"operationId": "get", "tags": ["subpackage_prompts"]}
    assert operation_identity(document, operation, "get", "/v1/x").dotted == "prompts.get"
    fern = {"info": {"version": "endpoint_prompts/versions.list"}, "paths": {"/v1/x": {}}}
    assert operation_identity(fern, operation, "get", "/v1/x").dotted == "prompts.versions.list"


def test_the_newer_exports_pages_merge_as_their_examples_call_them() -> None:
    diagnostics = Diagnostics()
    merged = build_merged_document([str(PAGES)], diagnostics)
    assert merged is not None
    assert [str(d) for d in diagnostics.items if d.level.name != "NOTICE"] == []  # no "the example wins" warning
    calls = sorted(r.identity.dotted for r in merged.result.operations)
    assert calls == ["prompts.get", "prompts.versions.latest", "status"]
