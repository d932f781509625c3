"""regenerate-sdk and check: drift detection, atomic replacement, refused paths and names
(the goldens, determinism across processes and the packages' type checks are in
tests/e2e/test_goldens.py)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from generator.cli import main
from generator.emit import formatting
from generator.output import output_dir
from generator.output.output_dir import MANIFEST, read_tree, replace_tree
from sdk_fixtures import SDK_FIXTURES, fixture_args, invoke


# -- drift --------------------------------------------------------------------------------


def test_check_reports_a_changed_enum_value_and_writes_nothing(tmp_path, monkeypatch):
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    page = specs / "002_4f1773c1611494b3.txt"
    text = page.read_text(encoding="utf-8")
    assert text.count("- value: gpt-4o-mini\n") >= 1
    page.write_text(text.replace("- value: gpt-4o-mini\n", "- value: gpt-4o-mini-2026\n"), encoding="utf-8")
    before = read_tree(ROOT / "generated")

    code, out, err = invoke(["check", "--specs", str(specs)], monkeypatch)

    assert code == 1, err
    assert '+    "gpt-4o-mini-2026",' in out or '+        "gpt-4o-mini-2026",' in out
    assert "--- a/elevenlabs_convai/models.py" in out and "+++ b/elevenlabs_convai/models.py" in out
    assert "out of date" in err and "files differ" in err
    assert read_tree(ROOT / "generated") == before


def test_check_reports_added_and_removed_files(tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(SDK_FIXTURES / "unions" / "golden", out)
    (out / "unions_sdk" / "stray.py").write_text("x = 1\n")
    (out / "openapi.json").unlink()
    code, stdout, err = invoke(["check", *fixture_args("unions", out)], monkeypatch)
    assert code == 1
    assert "+++ /dev/null" in stdout and "--- /dev/null" in stdout
    assert "1 would be added, 1 would be removed" in err


def test_check_never_takes_the_manifests_word(tmp_path, monkeypatch):
    """A hand edit with its hash updated in the manifest is still drift: check regenerates
    and compares every file by content."""
    out = tmp_path / "out"
    shutil.copytree(SDK_FIXTURES / "unions" / "golden", out)
    code, _, err = invoke(["check", *fixture_args("unions", out)], monkeypatch)
    assert code == 0 and "up to date" in err
    models = out / "unions_sdk" / "models.py"
    models.write_text(models.read_text().replace("class Node(", "class Nodes("))
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"]["unions_sdk/models.py"] = hashlib.sha256(models.read_bytes()).hexdigest()
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    code, stdout, err = invoke(["check", *fixture_args("unions", out)], monkeypatch)
    assert code == 1 and "-class Nodes(" in stdout and "+class Node(" in stdout


def test_check_says_when_only_the_stamp_differs(tmp_path, monkeypatch):
    relative = Path("tests/fixtures/sdk/unions/spec.yaml")
    (tmp_path / relative).parent.mkdir(parents=True)
    (tmp_path / relative).write_text((ROOT / relative).read_text() + "\n# a comment changes the inputs, not the code\n")
    shutil.copytree(SDK_FIXTURES / "unions" / "golden", tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    args = ["--specs", str(relative), "--out", "out", "--package", "unions_sdk", "--client-name", "Unions", "--title", "Unions fixture"]
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 1
    assert "only the provenance stamp differs" in result.stderr
    assert "INPUTS_SHA256" in result.stdout and "class " not in result.stdout


def test_provenance_is_exposed_and_has_no_timestamp():
    text = (ROOT / "generated" / "elevenlabs_convai" / "provenance.py").read_text()
    assert 'GENERATOR = "sdkgen ' in text and "INPUTS_SHA256 = " in text
    assert "20" + "26" not in text and "time" not in text.split('"""', 2)[2].lower().replace("timestamp", "")


def test_check_on_bad_input_exits_2(tmp_path, monkeypatch):
    page = tmp_path / "broken.yaml"
    page.write_text("openapi: 3.1.0\npaths: {a: [\n")
    code, _, err = invoke(["check", "--specs", str(page), "--out", str(tmp_path / "out")], monkeypatch)
    assert code == 2
    assert "broken.yaml:3" in err or "broken.yaml:2" in err
    assert "Traceback" not in err

# -- atomic replacement -------------------------------------------------------------------


@pytest.fixture
def previous_output(tmp_path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(SDK_FIXTURES / "names" / "golden", out)
    return out


def test_interrupted_write_leaves_previous_output(previous_output, monkeypatch):
    before = read_tree(previous_output)
    files = {"a/one.py": b"1", "a/two.py": b"2", "a/three.py": b"3", MANIFEST: b"{}"}
    written: list[int] = []
    real_fdopen = os.fdopen

    def open_then_interrupt(descriptor: int, *args: object, **kwargs: object) -> object:
        if len(written) == 2:  # the third file: interrupted while the staging tree is half written
            raise KeyboardInterrupt
        written.append(descriptor)
        return real_fdopen(descriptor, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(output_dir.os, "fdopen", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        replace_tree(previous_output, files)
    monkeypatch.undo()
    assert read_tree(previous_output) == before
    assert sorted(p.name for p in previous_output.parent.iterdir()) == ["out"], "staging left behind"


def test_failed_swap_restores_previous_output(previous_output, monkeypatch):
    """Where no atomic exchange is available: two renames, the first undone if the second fails."""
    monkeypatch.setattr(output_dir, "exchange", lambda a, b: False)
    before = read_tree(previous_output)
    real_rename = os.rename
    calls: list[tuple[str, str]] = []

    def rename(src: str, dst: str) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) == 2:  # the new tree moving into place
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(output_dir.os, "rename", rename)
    with pytest.raises(OSError):
        replace_tree(previous_output, {"x.py": b"", MANIFEST: b"{}"})
    monkeypatch.undo()
    assert read_tree(previous_output) == before


def test_formatter_crash_exits_2_and_leaves_previous_output(previous_output, tmp_path, monkeypatch):
    (previous_output / "names_sdk" / "stale.py").write_text("x = 1\n")  # so that it must regenerate
    before = read_tree(previous_output)

    fake = tmp_path / "ruff"
    fake.write_text("#!/bin/sh\necho 'error: formatter exploded' >&2\nexit 2\n")
    fake.chmod(0o755)
    monkeypatch.setattr(formatting, "ruff_binary", lambda: str(fake))
    code, _, err = invoke(["regenerate-sdk", *fixture_args("names", previous_output)], monkeypatch)
    assert code == 2
    assert "formatter exploded" in err and "Traceback" not in err
    assert read_tree(previous_output) == before


def test_bad_spec_leaves_previous_output(previous_output, tmp_path, monkeypatch):
    before = read_tree(previous_output)
    page = tmp_path / "page.yaml"
    page.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n")
    code, _, err = invoke(["regenerate-sdk", "--specs", str(page), "--out", str(previous_output)], monkeypatch)
    assert code == 2 and "Missing" in err
    assert read_tree(previous_output) == before


def test_refuses_to_replace_a_directory_it_did_not_write(tmp_path, monkeypatch):
    (tmp_path / "precious.txt").write_text("keep me")
    code, _, err = invoke(["regenerate-sdk", *fixture_args("unions", tmp_path)], monkeypatch)
    assert code == 2 and "refusing" in err
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_unchanged_output_is_not_rewritten(previous_output, monkeypatch):
    stamp = (previous_output / MANIFEST).stat().st_mtime_ns
    code, _, err = invoke(["regenerate-sdk", *fixture_args("names", previous_output)], monkeypatch)
    assert code == 0 and "(unchanged)" in err
    assert (previous_output / MANIFEST).stat().st_mtime_ns == stamp


@pytest.mark.parametrize("bad", ["../escape.py", "/abs.py", "a/../../b.py", "nul\x00.py", "c:evil.py", "a\\b.py"])
def test_paths_outside_the_output_directory_are_refused(bad, tmp_path):
    with pytest.raises(output_dir.OutputError):
        replace_tree(tmp_path / "out", {bad: b"x"})
    assert not (tmp_path / "escape.py").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "flag,value",
    [("--package", "../evil"), ("--package", "class"), ("--package", "a-b"), ("--client-name", "lower"), ("--client-name", "Any")],
)
def test_bad_names_exit_2(flag, value, tmp_path, monkeypatch):
    args = fixture_args("unions", tmp_path / "out")
    args[args.index(flag) + 1] = value
    code, _, err = invoke(["regenerate-sdk", *args], monkeypatch)
    assert code == 2 and value in err
    assert not (tmp_path / "out").exists()

def test_a_nullable_schema_whose_all_of_refers_to_itself_ends(tmp_path):
    """`Node = allOf[$ref Node, {a}] or null`: opening the allOf met a fresh copy of Node's
    non-null part at each step, so the walk that remembers what it opened never ended (found
    by the fuzz test; present before issue 16's work). It is bounded here by a timeout."""
    spec = tmp_path / "node.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example.com'}]\n"
        "paths:\n  /n:\n    get:\n      operationId: get\n      responses:\n        '200':\n          description: ok\n"
        "          content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}\n"
        "components:\n  schemas:\n    Node:\n      anyOf:\n"
        "        - allOf: [{$ref: '#/components/schemas/Node'}, {type: object, properties: {a: {type: string}}}]\n"
        "        - {type: 'null'}\n"
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "regenerate-sdk", "-q", "--specs", str(spec), "--out", str(out), "--package", "node_sdk", "--client-name", "Node"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    check = "import node_sdk.models as m; print(m.Node(a='x').a, m.Node.model_validate({}).a)"  # the allOf class keeps its name
    result = subprocess.run([sys.executable, "-c", check], cwd=out, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "x None", result.stdout + result.stderr


def test_all_of_through_references_keeps_every_inherited_field(tmp_path, monkeypatch):
    """`Z = allOf[$ref Y, {c}]` where `Y = allOf[$ref Base, {b}]`: Z has a, b and c (the
    fields of an allOf behind a reference were lost; found by the fuzz test)."""
    spec = tmp_path / "inherit.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example.com'}]\n"
        "paths:\n  /z:\n    get:\n      operationId: get\n      responses:\n        '200':\n          description: ok\n"
        "          content: {application/json: {schema: {$ref: '#/components/schemas/Z'}}}\n"
        "components:\n  schemas:\n"
        "    Base: {type: object, properties: {a: {type: string}}, required: [a]}\n"
        "    Y: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {b: {type: integer}}}]}\n"
        "    Z: {allOf: [{$ref: '#/components/schemas/Y'}, {type: object, properties: {c: {type: boolean}}}]}\n"
    )
    out = tmp_path / "out"
    code, _, err = invoke(["regenerate-sdk", "-q", "--specs", str(spec), "--out", str(out), "--package", "inherit_sdk", "--client-name", "Inherit"], monkeypatch)
    assert code == 0, err
    check = "import inherit_sdk.models as m; print(sorted(m.Z.model_fields), sorted(m.Y.model_fields), m.Z.model_fields['a'].is_required())"
    result = subprocess.run([sys.executable, "-c", check], cwd=out, capture_output=True, text=True, timeout=120)
    assert result.stdout.split("\n")[0] == "['a', 'b', 'c'] ['a', 'b'] True", result.stdout + result.stderr
