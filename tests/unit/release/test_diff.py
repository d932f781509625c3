"""sdkgen diff: every change found, and classified as breaking or not for a caller of the SDK."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, SEED_NEW, SEED_OLD
from generator.release.api_diff import diff_documents
from generator.cli import main


def conversation_page_of_new_snapshot(tmp_path: Path) -> Path:
    """The `Get conversation details` page inside 002_... (which holds nine pages)."""
    lines = SEED_NEW.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("# Get conversation details\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("# ") and not lines[i - 1].strip().startswith("```"))
    page = tmp_path / "get-conversation.md"
    page.write_text("".join(lines[start:end]), encoding="utf-8")
    return page


def run_diff(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_two_snapshots_of_the_conversation_page(tmp_path):
    code, out, err = run_diff(str(SEED_OLD), str(conversation_page_of_new_snapshot(tmp_path)), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    breaking = {(c["subject"], c["change"]) for c in report["breaking"]}
    not_breaking = {(c["subject"], c["change"]) for c in report["not_breaking"]}
    assert breaking == {
        # The ApiIntegrationWebhook tool-call variants are gone: their classes disappear.
        ("models.ConversationHistoryTranscriptApiIntegrationWebhookToolsResultCommonModel", "model removed"),
        ("models.ConversationHistoryTranscriptToolCallApiIntegrationWebhookDetails", "model removed"),
        ("models.WhatsAppConversationInfoDirection", "model removed"),
    }
    llm_removed = {"gpt-5.1", "gpt-5.1-2025-11-13", "gpt-5.2", "gpt-5.2-2025-12-11", "gpt-5.2-chat-latest", "gemini-3-pro-preview", "gemini-3-flash-preview"}
    assert not_breaking == {
        # All of it is what GET /conversations/{id} returns: removals do not break a reader.
        ("models.WhatsAppConversationInfo.direction", "field removed"),
        ("models.WhatsAppConversationInfo.whatsapp_phone_number_id", "field removed"),
        ("models.WhatsAppConversationInfo.whatsapp_business_account_id", "field added (required)"),
        *{("models.LLM", f"enum value {value!r} removed") for value in llm_removed},
        ("models.ConversationHistoryTranscriptToolCallCommonModelToolDetails", "type changed: no longer ConversationHistoryTranscriptToolCallApiIntegrationWebhookDetails"),
        ("models.ConversationHistoryTranscriptCommonModelToolResultsItems", "type changed: no longer ConversationHistoryTranscriptApiIntegrationWebhookToolsResultCommonModel"),
        ("models.WorkflowToolNestedToolsStepModelResultsItems", "type changed: no longer ConversationHistoryTranscriptApiIntegrationWebhookToolsResultCommonModel"),
        ("models.ConversationHistoryTranscriptOtherToolsResultCommonModelType", "enum value 'api_integration_webhook' added"),
        ("models.AgentDefinitionSource", "enum value 'template' removed"),
        ("models.AuthorizationMethod", "enum value 'whatsapp' removed"),
        ("models.ConversationInitiationSource", "enum value 'flutter_sdk' removed"),
        ("models.ConversationHistoryMetadataCommonModel.warnings", "field removed"),
        ("models.FeaturesUsageCommonModel.versioning", "field removed"),
    }
    assert {c["side"] for c in report["breaking"] + report["not_breaking"]} == {"response"}


def test_the_other_way_round_only_the_new_union_members_break(tmp_path):
    changes = diff_documents(*reversed(_documents(SEED_OLD, conversation_page_of_new_snapshot(tmp_path))))
    new_member = "type changed: now also ConversationHistoryTranscript{}"
    assert {(c.subject, c.change) for c in changes if c.breaking} == {
        # A response that may now hold a kind of value callers never saw before.
        ("models.ConversationHistoryTranscriptCommonModelToolResultsItems", new_member.format("ApiIntegrationWebhookToolsResultCommonModel")),
        ("models.WorkflowToolNestedToolsStepModelResultsItems", new_member.format("ApiIntegrationWebhookToolsResultCommonModel")),
        ("models.ConversationHistoryTranscriptToolCallCommonModelToolDetails", new_member.format("ToolCallApiIntegrationWebhookDetails")),
    }
    assert ("models.LLM", "enum value 'gpt-5.2' added") in {(c.subject, c.change) for c in changes}


def _documents(*paths: Path) -> list[dict]:
    from conftest import merge_paths

    documents = []
    for path in paths:
        merged, diagnostics = merge_paths(path)
        assert merged is not None, [str(d) for d in diagnostics.items]
        documents.append(merged.result.document)
    return documents


# -- the rules, one small document pair each ------------------------------------------------

BASE = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/items": {
            "post": {
                "tags": ["items"],
                "operationId": "create",
                "parameters": [{"name": "dry_run", "in": "query", "schema": {"type": "boolean"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemIn"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemOut"}}}}},
            }
        },
        "/items/{id}": {
            "delete": {
                "tags": ["items"],
                "operationId": "delete",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "gone"}},
            }
        },
    },
    "components": {
        "schemas": {
            "ItemIn": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "size": {"type": "integer"}, "kind": {"type": "string", "enum": ["a", "b"]}},
            },
            "ItemOut": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string", "enum": ["a", "b"]}},
            },
        }
    },
}


def changed(edit) -> dict[tuple[str, str], bool]:
    new = json.loads(json.dumps(BASE))
    edit(new)
    return {(c.subject, c.change): c.breaking for c in diff_documents(BASE, new)}


def schemas(document):
    return document["components"]["schemas"]


@pytest.mark.parametrize(
    "edit,expected",
    [
        (lambda d: d["paths"].pop("/items/{id}"), {("client.items.delete", "operation removed"): True}),
        (lambda d: d["paths"]["/items"]["post"]["parameters"][0].update(required=True), {("client.items.create(dry_run=...)", "now required"): True}),
        (lambda d: d["paths"]["/items"]["post"]["parameters"].append({"name": "tag", "in": "query", "schema": {"type": "string"}}), {("client.items.create(tag=...)", "query parameter added"): False}),
        (lambda d: d["paths"]["/items"]["post"]["parameters"].append({"name": "tag", "in": "query", "required": True, "schema": {"type": "string"}}), {("client.items.create(tag=...)", "query parameter added (required)"): True}),
        (lambda d: schemas(d)["ItemIn"]["required"].append("size"), {("models.ItemIn.size", "now required"): True}),
        (lambda d: schemas(d)["ItemIn"]["properties"].pop("size"), {("models.ItemIn.size", "field removed"): True}),
        (lambda d: schemas(d)["ItemIn"]["properties"]["kind"].update(enum=["a"]), {("models.ItemIn.kind", "enum value 'b' removed"): True}),
        (lambda d: schemas(d)["ItemIn"]["properties"]["kind"].update(enum=["a", "b", "c"]), {("models.ItemIn.kind", "enum value 'c' added"): False}),
        (lambda d: schemas(d)["ItemIn"]["properties"]["size"].update(type="number"), {("models.ItemIn.size", "type changed: now also number"): False}),
        (lambda d: schemas(d)["ItemIn"]["properties"]["size"].update(type="string"), {("models.ItemIn.size", "type changed: no longer integer; now also string"): True}),
        (lambda d: schemas(d)["ItemOut"]["properties"].pop("kind"), {("models.ItemOut.kind", "field removed"): False}),
        (lambda d: schemas(d)["ItemOut"]["properties"]["kind"].update(enum=["a"]), {("models.ItemOut.kind", "enum value 'b' removed"): False}),
        (lambda d: schemas(d)["ItemOut"]["required"].remove("name"), {("models.ItemOut.name", "no longer required"): True}),
        (lambda d: schemas(d)["ItemOut"]["properties"]["name"].update(type=["string", "null"]), {("models.ItemOut.name", "now nullable"): True}),
        (lambda d: schemas(d)["ItemIn"]["properties"]["name"].update(type=["string", "null"]), {("models.ItemIn.name", "now nullable"): False}),
        (lambda d: schemas(d).update(Extra={"type": "string"}), {("models.Extra", "model added"): False}),
    ],
)
def test_rules(edit, expected):
    assert changed(edit) == expected


def test_fail_on_breaking_and_formats(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(yaml.safe_dump(BASE))
    smaller = json.loads(json.dumps(BASE))
    smaller["paths"].pop("/items/{id}")
    new.write_text(yaml.safe_dump(smaller))
    code, out, err = run_diff(str(old), str(new))
    assert code == 0 and "## Breaking" in out and "`client.items.delete`: operation removed" in out
    assert "1 breaking, 0 not breaking" in err
    code, _, _ = run_diff(str(old), str(new), "--fail-on-breaking")
    assert code == 1
    code, _, _ = run_diff(str(new), str(old), "--fail-on-breaking")
    assert code == 0
    code, out, _ = run_diff(str(old), str(new), "--format", "json", "-o", str(tmp_path / "r.json"))
    assert code == 0 and json.loads((tmp_path / "r.json").read_text())["breaking"][0]["subject"] == "client.items.delete"


def test_a_merged_document_is_an_input_too(tmp_path):
    code, out, err = run_diff(str(ROOT / "generated" / "openapi.json"), str(ROOT / "specs"), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["breaking"] == [] and report["not_breaking"] == []


def test_bad_input_exits_2(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths: {a: [\n")
    code, _, err = run_diff(str(broken), str(ROOT / "specs"))
    assert code == 2 and "broken.yaml" in err and "Traceback" not in err


def test_diff_judges_the_body_and_result_the_sdk_uses():
    """The body and the result are those the generated method sends and returns
    (`operation_view`): JSON before another media type listed first, the lowest 2xx."""

    def document(json_type: str, result_type: str) -> dict:
        operation = {
            "operationId": "things.create",
            "requestBody": {"content": {
                "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
                "application/json": {"schema": {"type": "object", "properties": {"name": {"type": json_type}}}},
            }},
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"type": result_type}}}},
                "201": {"description": "created", "content": {"application/json": {"schema": {"type": "string"}}}},
            },
        }  # fmt: skip
        return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/things": {"post": operation}}}

    from generator.spec.operation_view import request_body, success_response

    assert request_body(document("string", "integer")["paths"]["/things"]["post"])[0] == "application/json"
    assert success_response(document("string", "integer")["paths"]["/things"]["post"]["responses"])[0] == "200"
    changes = diff_documents(document("string", "integer"), document("integer", "boolean"))
    subjects = " ".join(f"{c.subject} {c.change}" for c in changes)
    assert "name" in subjects and "result" in subjects, subjects
