"""The issue's acceptance checks on the embedded seed pages."""

from __future__ import annotations

import json
from typing import Any

from openapi_spec_validator import validate

from conftest import SEED_NEW, SEED_OLD


def _walk(value: Any, path: str = ""):
    yield path, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _walk(sub, f"{path}/{key}")
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _walk(sub, f"{path}/{index}")


def test_merged_seed_document_is_valid_openapi_31(seed_merge):
    document = seed_merge.result.document
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_nine_distinct_operations_with_sdk_identities(seed_merge):
    document = seed_merge.result.document
    operations = {
        (method, path): op for path, item in document["paths"].items() for method, op in item.items()
    }
    assert len(operations) == 9
    calls = sorted(op["operationId"] for op in operations.values())
    assert calls == [
        "conversational_ai.agents.llm_usage.calculate",
        "conversational_ai.conversations.audio.get",
        "conversational_ai.conversations.delete",
        "conversational_ai.conversations.feedback.create",
        "conversational_ai.conversations.get",
        "conversational_ai.conversations.get_signed_url",
        "conversational_ai.conversations.get_webrtc_token",
        "conversational_ai.conversations.list",
        "conversational_ai.tools.list",
    ]
    get = operations[("get", "/v1/convai/conversations/{conversation_id}")]
    assert get["x-sdkgen-resource"] == "conversational_ai.conversations"
    assert get["x-sdkgen-method"] == "get"
    assert document["servers"] == [{"url": "https://api.elevenlabs.io"}]


def test_no_dict_valued_enum_members_and_no_nested_tags(seed_merge):
    for path, value in _walk(seed_merge.result.document):
        if path.endswith("/enum"):
            assert all(not isinstance(member, (dict, list)) for member in value), path
        if path.endswith("/tags") and "/paths/" in path:
            assert all(isinstance(tag, str) for tag in value), path


def test_every_string_literal_becomes_const(seed_merge):
    raw = SEED_OLD.read_text() + SEED_NEW.read_text()
    literals = set()
    lines = raw.split("\n")
    for index, line in enumerate(lines):
        if line.strip() == "- type: stringLiteral":
            literals.add(lines[index + 1].split("value:", 1)[1].strip().strip("'\""))
    consts = {value for path, value in _walk(seed_merge.result.document) if path.endswith("/const")}
    assert literals and literals <= consts
    assert "stringLiteral" not in json.dumps(seed_merge.result.document)


def test_tool_call_common_model_pair_is_one_schema(seed_merge):
    schemas = seed_merge.result.document["components"]["schemas"]
    assert "ConversationHistoryTranscriptToolCallCommonModel" in schemas
    assert not [n for n in schemas if n.startswith("ConversationHistoryTranscriptToolCallCommonModel") and n.endswith("Output")]
    names = seed_merge.result.names.names
    finals = {
        table[raw]
        for table in names
        for raw in table
        if raw in ("ConversationHistoryTranscriptToolCallCommonModel", "ConversationHistoryTranscriptToolCallCommonModel-Output")
    }
    assert finals == {"ConversationHistoryTranscriptToolCallCommonModel"}
    union = schemas["ConversationHistoryTranscriptToolCallCommonModelToolDetails"]
    refs = [m["$ref"].rsplit("/", 1)[1] for m in union["anyOf"]]
    assert "ConversationHistoryTranscriptToolCallApiIntegrationWebhookDetails" in refs


def test_llm_enum_holds_values_of_both_snapshots(seed_merge):
    llm = seed_merge.result.document["components"]["schemas"]["LLM"]
    assert "gpt-5.2" in llm["enum"]
    assert "watt-tool-70b" in llm["enum"]
    assert len(llm["enum"]) == len(set(llm["enum"]))


def test_no_collision_counters_or_raw_variant_names(seed_merge):
    import re

    for name in seed_merge.result.document["components"]["schemas"]:
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", name), name
        assert not re.search(r"[A-Za-z]\d+$", name) or name.endswith(("V1", "V2")), name


def test_report_names_divergences_with_pages(seed_merge):
    report = seed_merge.report
    assert "### `LLM`" in report
    section = report.split("### `LLM`", 1)[1].split("###", 1)[0]
    assert 'value "gpt-5.2"' in section
    assert "002_4f1773c1611494b3.txt" in section
    assert "`WhatsAppConversationInfo`" in report
    assert "001_c335ea2d93562a2f.txt:36: notice: read as a rendered reference page" in report
