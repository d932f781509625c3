"""The merge works on the bundled corpus: more Fern pages, another vendor, a full document."""

from __future__ import annotations

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
def test_the_command_itself_on_each_corpus(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    inputs = {
        "elevenlabs": ["--specs", str(ROOT / "specs"), "--specs", str(CORPUS / "elevenlabs")],
        "deepgram": ["--specs", str(CORPUS / "deepgram")],
        "full": ["--specs", str(CORPUS / "openapi" / "elevenlabs-openapi.json")],
    }
    for name, specs in inputs.items():
        out = tmp_path / f"{name}.json"
        result = CliRunner().invoke(main, ["merge", *specs, "-o", str(out), "--report", str(tmp_path / f"{name}.md"), "--validate"])
        assert result.exit_code == 0, (name, result.output)
        assert out.stat().st_size > 0
