"""The merge works on the bundled corpus: more Fern pages, another vendor, a full document."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from conftest import CORPUS, ROOT, merge_paths, needs_corpus


@needs_corpus(CORPUS / "elevenlabs")
def test_elevenlabs_corpus_with_seeds():
    merged, diagnostics = merge_paths(ROOT / "specs", CORPUS / "elevenlabs")
    assert merged is not None, [str(d) for d in diagnostics.errors]
    document = merged.result.document
    validate(document)
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) >= 91
    assert len({op["operationId"] for op in operations}) == len(operations)
    split = [g.name for g in merged.result.names.groups if g.split]
    assert "Position" in split  # `required` differs between -Input and -Output on agents/update.md
    schemas = document["components"]["schemas"]
    assert "PositionInput" in schemas and "PositionOutput" in schemas and "Position" not in schemas
    assert schemas["PositionOutput"].get("required") == ["x", "y"] and "required" not in schemas["PositionInput"]
    # -Input and -Output that differ only in the names of their derived parts are one type
    assert "MCPServerConfig" not in split and "MCPServerConfig" in schemas
    assert "McpServerConfigUrl" in schemas and "McpServerConfigInputUrl" not in schemas


@needs_corpus(CORPUS / "deepgram")
def test_deepgram_corpus():
    merged, diagnostics = merge_paths(CORPUS / "deepgram")
    assert merged is not None, [str(d) for d in diagnostics.errors]
    document = merged.result.document
    validate(document)
    assert document["servers"][0]["url"].startswith("https://api.deepgram.com")
    calls = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    assert "manage.v1.projects.keys.list" in calls


@needs_corpus(CORPUS / "openapi" / "elevenlabs-openapi.json")
def test_full_elevenlabs_document():
    merged, diagnostics = merge_paths(CORPUS / "openapi" / "elevenlabs-openapi.json")
    assert merged is not None, [str(d) for d in diagnostics.errors]
    document = merged.result.document
    validate(document)
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) == 208
    history = document["paths"]["/v1/history"]["get"]
    assert history["operationId"] == "history.list"
    # Discriminator mappings name schemas too; they follow the -Input/-Output merge.
    targets = list(discriminator_targets(document))
    assert len(targets) > 20
    dangling = sorted({t for t in targets if t.removeprefix("#/components/schemas/") not in document["components"]["schemas"]})
    assert not dangling, dangling


def discriminator_targets(value):
    if isinstance(value, dict):
        mapping = (value.get("discriminator") or {}).get("mapping") if isinstance(value.get("discriminator"), dict) else None
        yield from (mapping or {}).values()
        for sub in value.values():
            yield from discriminator_targets(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from discriminator_targets(sub)


@needs_corpus(CORPUS / "deepgram")
def test_the_command_itself_validates(tmp_path):
    """`sdkgen merge --validate` end to end, on one corpus: the documents of every corpus are
    validated by the tests above (and the CLI's other paths by test_cli.py)."""
    from click.testing import CliRunner

    from generator.cli import main

    out = tmp_path / "deepgram.json"
    result = CliRunner().invoke(main, ["merge", "--specs", str(CORPUS / "deepgram"), "-o", str(out), "--report", str(tmp_path / "r.md"), "--validate"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["openapi"] == "3.1.0"


ALL_CORPORA = {
    "seeds": [ROOT / "specs"],
    "elevenlabs": [CORPUS / "elevenlabs"],
    "deepgram": [CORPUS / "deepgram"],
    "fanvue": [CORPUS / "fanvue"],
    "openapi": [CORPUS / "openapi" / "elevenlabs-openapi.json"],
}


def typed_value_schemas(value, path=""):
    """Every schema that states both a `type` and the values it may take."""
    if isinstance(value, dict):
        if "type" in value and ("const" in value or isinstance(value.get("enum"), list)):
            yield path, value
        for key, sub in value.items():
            yield from typed_value_schemas(sub, f"{path}/{key}")
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from typed_value_schemas(sub, f"{path}/{index}")


@pytest.mark.parametrize("corpus", sorted(ALL_CORPORA))
def test_no_schema_is_unsatisfiable_by_its_own_values(corpus):
    """Each `const`/`enum` value is a value of the schema's `type` (jsonschema judges), so no
    schema of the merged document is one no value can satisfy (Fern writes `type: string`
    beside a `booleanLiteral`)."""
    import jsonschema

    inputs = ALL_CORPORA[corpus]
    if not all(p.exists() for p in inputs):
        pytest.skip("corpus not present")
    merged, diagnostics = merge_paths(*inputs)
    assert merged is not None, [str(d) for d in diagnostics.errors]
    checked = 0
    for path, schema in typed_value_schemas(merged.result.document):
        values = [schema["const"]] if "const" in schema else schema["enum"]
        for value in values:
            assert jsonschema.Draft202012Validator({"type": schema["type"]}).is_valid(value), (path, schema["type"], value)
            checked += 1
    assert checked > 10
