"""Broken input: one clear message naming file and line, exit 2, no traceback, earlier output untouched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from generator.output_dir import read_tree

HEADER = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\n'
OK_OPERATION = """paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/A"}
"""


def page(body: str) -> str:
    return f"# A page\n\nGET https://api.example.com/a\n\n## OpenAPI Specification\n\n```yaml\n{body}```\n"


CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    # name: ({file: content}, regular expression the error line must match)
    "malformed YAML in one block": (
        {"good.md": page(HEADER + OK_OPERATION + "components:\n  schemas:\n    A: {type: string}\n"), "bad.md": page(HEADER + "paths: {a: [\n")},
        r"^bad\.md:\d+: error: .*(YAML|yaml)",
    ),
    "$ref to a schema no page defines": (
        {"p.yaml": HEADER + OK_OPERATION},
        r"^p\.yaml:\d+: error: .*#/components/schemas/A",
    ),
    "a cycle that cannot be represented": (
        {"p.yaml": HEADER + OK_OPERATION + "components:\n  schemas:\n    A: {type: array, items: {$ref: '#/components/schemas/B'}}\n    B: {anyOf: [{$ref: '#/components/schemas/A'}, {type: string}]}\n"},
        r"^p\.yaml:15: error: schemas A -> B -> A refer to each other",
    ),
    "an operation with no responses": (
        {"p.yaml": HEADER + "paths:\n  /a:\n    get:\n      operationId: a\n"},
        r"^p\.yaml:5: error: operation GET /a has no responses",
    ),
    "a parameter without a name": (
        {"p.yaml": HEADER + "paths:\n  /a:\n    get:\n      parameters:\n        - {in: query, schema: {type: string}}\n      responses: {'200': {description: ok}}\n"},
        r"^p\.yaml:5: error: operation GET /a: parameter 1 has no name",
    ),
    "a fenced block that never closes": (
        {"p.md": "# Page\n\n## OpenAPI Specification\n\n```yaml\n" + HEADER + "paths: {}\n"},
        r"^p\.md:5: error: fenced block never closes",
    ),
    "an empty specs folder": ({}, r"error: .*no input files"),
    "a non-UTF-8 file": (
        {"p.yaml": (HEADER + "paths: {}\n# caf\xe9\n").encode("latin-1")},
        r"^p\.yaml:\d+: error: .*UTF-8",
    ),
}


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with an earlier, good output in `out/` (which no failed run may touch)."""
    shutil.copytree(FIXTURES / "sdk" / "unions" / "golden", tmp_path / "out")
    (tmp_path / "specs").mkdir()
    return tmp_path


def assert_clean_failure(result: subprocess.CompletedProcess[str], pattern: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    errors = [line for line in result.stderr.splitlines() if ": error: " in line or line.startswith("error: ")]
    assert errors, result.stderr
    assert any(re.search(pattern, line) for line in errors), f"no error matching {pattern!r} in:\n{result.stderr}"


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["regenerate-sdk", "check"])
def test_broken_input_gives_one_clear_error(case, command, workspace):
    files, pattern = CASES[case]
    for name, content in files.items():
        target = workspace / "specs" / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = read_tree(workspace / "out")
    args = ["--specs", "specs", "--out", "out", "--package", "unions_sdk", "--client-name", "Unions"]
    result = run_cli([command, *args], workspace)
    assert_clean_failure(result, pattern.replace("^", r"^specs/"))
    assert read_tree(workspace / "out") == before
    assert sorted(p.name for p in workspace.iterdir()) == ["out", "specs"], "something was written beside the output"


def test_a_50_mb_page_is_refused_with_a_message(workspace):
    huge = workspace / "specs" / "huge.md"
    with huge.open("w") as stream:
        stream.write("# Huge\n\n")
        line = "lorem ipsum dolor sit amet " * 40 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            stream.write(line)
    assert huge.stat().st_size >= 50 * 1024 * 1024
    before = read_tree(workspace / "out")
    result = run_cli(["regenerate-sdk", "--specs", "specs", "--out", "out", "--package", "unions_sdk", "--client-name", "Unions"], workspace)
    assert_clean_failure(result, r"^specs/huge\.md(:\d+)?: error: .*(MiB|large|size)")
    assert read_tree(workspace / "out") == before


def test_differing_types_are_a_warning_printed_once_and_an_error_with_strict(workspace):
    component = "components:\n  schemas:\n    A: {type: object, properties: {x: {type: %s}}}\n"
    (workspace / "specs" / "one.yaml").write_text(HEADER + OK_OPERATION + component % "string")
    (workspace / "specs" / "two.yaml").write_text(HEADER + OK_OPERATION.replace("/a:", "/b:").replace("operationId: a", "operationId: b") + component % "integer")
    args = ["--specs", "specs", "--out", "out2", "--package", "p", "--client-name", "P"]
    result = run_cli(["regenerate-sdk", *args], workspace)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and "schema A.x" in warnings[0] and "specs/one.yaml:" in warnings[0] and "specs/two.yaml:" in warnings[0]
    strict = run_cli(["regenerate-sdk", "--strict", *args[:-4], "--out", "out3", *args[-4:]], workspace)
    assert strict.returncode == 2 and "warnings are errors" in strict.stderr
    assert not (workspace / "out3").exists()
