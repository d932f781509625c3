"""generator/spec/extensions.py: the one place the x-sdkgen-* keys are spelled, and their readers."""

from __future__ import annotations

import re
from pathlib import Path

from generator.spec import extensions

GENERATOR = Path(__file__).resolve().parents[2] / "generator"


def test_every_x_sdkgen_key_is_spelled_in_extensions_only() -> None:
    spelled = {
        path.relative_to(GENERATOR).as_posix()
        for path in GENERATOR.rglob("*.py")
        if re.search(r"""["']x-sdkgen-""", path.read_text(encoding="utf-8"))
    }
    assert spelled == {"spec/extensions.py"}


def test_the_sdk_call_is_written_and_read_back() -> None:
    operation: dict[str, object] = {}
    extensions.set_sdk_call(operation, ("conversational_ai", "conversations"), "get")
    assert operation == {"x-sdkgen-resource": "conversational_ai.conversations", "x-sdkgen-method": "get"}
    assert extensions.resource_of(operation) == "conversational_ai.conversations"
    assert extensions.method_of(operation) == "get"
    assert extensions.sdk_call_of(operation) == "conversational_ai.conversations.get"
    root: dict[str, object] = {}
    extensions.set_sdk_call(root, (), "chat")
    assert extensions.sdk_call_of(root) == "chat" and extensions.resource_of(root) == ""
    assert extensions.method_of({}) == "" and extensions.sdk_call_of({}) == ""


def test_rendered_only_and_aliases() -> None:
    operation: dict[str, object] = {}
    assert not extensions.is_rendered_only(operation)
    extensions.mark_rendered_only(operation)
    assert extensions.is_rendered_only(operation)
    schema = {"type": "object", extensions.ALIASES: ["AgentOutput", 3]}
    assert extensions.aliases_of(schema) == ["AgentOutput", "3"]
    assert extensions.without_aliases(schema) == {"type": "object"}
    assert extensions.aliases_of({"type": "string"}) == []
