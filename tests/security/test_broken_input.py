"""Broken input: one clear message naming file and line, exit 2, no traceback, earlier output untouched."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from generator.output.output_dir import read_tree

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
    "three schemas of one page that clean to one name, two written alike": (
        {"p.yaml": HEADER + OK_OPERATION + "components:\n  schemas:\n    A: {type: string}\n    Foo Bar: {type: string}\n    FooBar: {type: integer}\n    Foo  Bar: {type: boolean}\n"},
        r"^p\.yaml:17: error: schemas 'Foo Bar' \(specs/p\.yaml:16\) and 'FooBar' are written differently but both become `FooBar`",
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

# -- hostile sizes and shapes: each a small file that used to take minutes, gigabytes or a traceback


def laughs(indent: str, first: str = "[lol]") -> str:
    """Nine levels of YAML anchors, each ten aliases of the one before: 10^8 values once expanded."""
    lines = [f"{indent}l0: &l0 {first}"]
    lines += [f"{indent}l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def nested_flow(opening: str, levels: int, leaf: str, closing: str) -> str:
    return opening * levels + leaf + closing * levels


def nested_yaml_schema(wrap: str, levels: int) -> str:
    schema = "{type: string}"
    for _ in range(levels):
        schema = wrap.replace("INNER", schema)
    return schema


def operation_with(schema: str, **extra: str) -> str:
    more = "".join(f"      {key}: {value}\n" for key, value in extra.items())
    return (
        "paths:\n  /a:\n    get:\n      operationId: a\n" + more + "      responses:\n        \"200\":\n"
        "          description: ok\n          content:\n            application/json:\n"
        f"              schema: {schema}\n"
    )


LONG_NAME = "A" * 40_000
JSON_HEADER = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}

CASES.update(
    {
        # 1. YAML aliases ("billion laughs"): refused after reading, before anything expands them.
        "YAML aliases that expand to 10^8 values in an extension": (
            {"p.yaml": HEADER + "x-bomb:\n" + laughs("  ") + OK_OPERATION + "components:\n  schemas:\n    A: {type: string}\n"},
            r"^p\.yaml:9: error: YAML aliases add more than 100,000 values to the inputs .*`max_alias_nodes`",
        ),
        "YAML aliases that expand to 10^8 values in a default": (
            {"p.yaml": HEADER + operation_with("{$ref: '#/components/schemas/A'}") + "components:\n  schemas:\n    A:\n      type: object\n      default:\n" + laughs("        ")},
            r"^p\.yaml:23: error: YAML aliases add more than 100,000 values",
        ),
        "YAML aliases that expand to 10^8 schemas in a response": (
            {"p.yaml": HEADER + operation_with("{$ref: '#/components/schemas/A'}") + "components:\n  schemas:\n    A:\n      type: object\n      properties:\n"
             + "        s0: &s0 {type: string}\n"
             + "".join(f"        s{i}: &s{i} {{type: object, properties: {{{', '.join(f'{k}: *s{i - 1}' for k in 'abcdefghij')}}}}}\n" for i in range(1, 9))},
            r"^p\.yaml:2\d: error: YAML aliases add more than 100,000 values",
        ),
        "a YAML alias that holds itself": (
            {"p.yaml": HEADER + OK_OPERATION + "components:\n  schemas:\n    A: &a {type: object, properties: {self: *a}}\n"},
            r"^p\.yaml:15: error: a YAML alias refers to a value that holds it",
        ),
        # 2. Nesting: bounded by max_depth before any recursive step sees it.
        "JSON nested 100,000 levels deep": (
            {"p.json": json.dumps(JSON_HEADER)[:-1] + ', "paths": {}, "x-deep": ' + nested_flow("[", 100_000, "", "]") + "}"},
            r"^p\.json:1: error: arrays and mappings nest more than 128 levels deep.*`max_depth`",
        ),
        "YAML flow sequences nested 5,000 levels deep": (
            {"p.yaml": HEADER + "paths: {}\nx-deep: " + nested_flow("[", 5_000, "", "]") + "\n"},
            r"^p\.yaml:4: error: arrays and mappings nest more than 128 levels deep",
        ),
        "300 nested properties": (
            {"p.yaml": HEADER + operation_with(nested_yaml_schema("{type: object, properties: {p: INNER}}", 300))},
            r"^p\.yaml:12: error: arrays and mappings nest more than 128 levels deep",
        ),
        "900 nested items": (
            {"p.yaml": HEADER + operation_with(nested_yaml_schema("{type: array, items: INNER}", 900))},
            r"^p\.yaml:12: error: arrays and mappings nest more than 128 levels deep",
        ),
        "an SDK group path of 2,000 parts": (
            {"p.yaml": HEADER + operation_with("{type: string}", **{"x-fern-sdk-group-name": "[" + ", ".join(f"g{i}" for i in range(2000)) + "]", "x-fern-sdk-method-name": "m"})},
            r"^p\.yaml:5: error: operation GET /a: its SDK group path has 2,000 parts, more than 128",
        ),
        # 3. Names: bounded by max_name_length (and split in linear time below it).
        "a property name of 40,000 characters": (
            {"p.json": json.dumps({**JSON_HEADER, "paths": {}, "components": {"schemas": {"A": {"type": "object", "properties": {LONG_NAME: {"type": "string"}}}}}}, indent=1)},
            r"^p\.json:13: error: a key \(a property, schema or other name\) of 40,000 characters, more than 1,024.*`max_name_length`",
        ),
        "a parameter name of 40,000 characters": (
            {"p.yaml": HEADER + operation_with("{type: string}", parameters=f"[{{name: {LONG_NAME}, in: query}}]")},
            r"^p\.yaml:5: error: operation GET /a: parameter 1 has a name of 40,000 characters, more than 1,024",
        ),
        "an operationId of 40,000 characters": (
            {"p.yaml": HEADER + operation_with("{type: string}").replace("operationId: a", f"operationId: {LONG_NAME}")},
            r"^p\.yaml:5: error: operation GET /a: its SDK name has a part of 40,000 characters",
        ),
        # 4. What JSON cannot hold.
        "a YAML integer of 5,000 digits": (
            {"p.yaml": HEADER + operation_with("{type: integer, default: " + "9" * 5000 + "}")},
            r"^p\.yaml:12: error: invalid YAML: an integer of 5,000 digits; Python reads at most 4,300",
        ),
        "a YAML hexadecimal integer of 5,000 digits": (
            {"p.yaml": HEADER + operation_with("{type: integer, default: 0x" + "f" * 5000 + "}")},
            r"^p\.yaml:12: error: an integer of more than 4,300 digits",
        ),
        "a JSON integer of 5,000 digits": (
            {"p.json": json.dumps({**JSON_HEADER, "paths": {}}, indent=1)[:-2] + ',\n "x-big": ' + "9" * 5000 + "\n}"},
            r"^p\.json:8: error: invalid JSON: an integer of more than 4,300 digits",
        ),
        "a lone surrogate in a JSON string": (
            {"p.json": json.dumps({**JSON_HEADER, "paths": {}, "x-text": "\ud800"}, indent=1)},
            r"^p\.json:8: error: a string holds a lone surrogate",
        ),
        "a lone surrogate in a JSON key": (
            {"p.json": json.dumps({**JSON_HEADER, "paths": {"/a\udc00": {}}}, indent=1)},
            r"^p\.json:8: error: a string holds a lone surrogate",
        ),
        "a !!binary value": ({"p.yaml": HEADER + operation_with("{type: string, default: !!binary aGVsbG8=}")}, r"^p\.yaml:12: error: invalid YAML: !!binary is not a JSON value"),
        "a !!set value": ({"p.yaml": HEADER + operation_with("{type: string, default: !!set {a, b}}")}, r"^p\.yaml:12: error: invalid YAML: !!set is not a JSON value"),
        "a !!timestamp value": ({"p.yaml": HEADER + operation_with("{type: string, default: !!timestamp 2001-12-14}")}, r"^p\.yaml:12: error: invalid YAML: !!timestamp is not a JSON value"),
        "a !!omap value": ({"p.yaml": HEADER + operation_with("{type: string, default: !!omap [a: 1]}")}, r"^p\.yaml:12: error: invalid YAML: !!omap is not a JSON value"),
        "a !!pairs value": ({"p.yaml": HEADER + operation_with("{type: string, default: !!pairs [a: 1]}")}, r"^p\.yaml:12: error: invalid YAML: !!pairs is not a JSON value"),
        "a !!python/object value": (
            {"p.yaml": HEADER + operation_with("{type: string, default: !!python/object/apply:os.system [touch PWNED]}")},
            r"^p\.yaml:12: error: invalid YAML: could not determine a constructor for the tag",
        ),
        "a custom YAML tag": (
            {"p.yaml": HEADER + operation_with("{type: string, default: !include other.yaml}")},
            r"^p\.yaml:12: error: invalid YAML: could not determine a constructor for the tag '!include'",
        ),
        "a mapping as a mapping key": ({"p.yaml": HEADER + operation_with("{type: object, properties: {{a: b}: {type: string}}}")}, r"^p\.yaml:12: error: invalid YAML: a mapping key must be a string, not a mapping"),
        "a null mapping key": ({"p.yaml": HEADER + operation_with("{type: object, properties: {null: {type: string}}}")}, r"^p\.yaml:12: error: invalid YAML: a mapping key is null"),
        "a list as a mapping key": ({"p.yaml": HEADER + operation_with("{type: object, properties: {[a, b]: {type: string}}}")}, r"^p\.yaml:12: error: invalid YAML: a mapping key must be a string, not a sequence"),
        "a response status '²²²'": (
            {"p.yaml": HEADER + OK_OPERATION.replace('"200":', '"\u00b2\u00b2\u00b2":') + "components:\n  schemas:\n    A: {type: string}\n"},
            r"^p\.yaml:7: error: operation GET /a: response '²²²' is not a status code",
        ),
        "a response status 2000": (
            {"p.yaml": HEADER + OK_OPERATION.replace('"200":', "2000:") + "components:\n  schemas:\n    A: {type: string}\n"},
            r"^p\.yaml:7: error: operation GET /a: response '2000' is not a status code",
        ),
    }
)


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
    # The rule is the library's, so every caller of the pipeline gets it, not only the CLI.
    from generator.common.diagnostics import Diagnostics
    from generator.pipeline import build_merged_document, build_sdk
    from generator.settings import Settings

    for strict_run in (True, False):
        for build in (lambda d: build_merged_document([str(workspace / "specs")], d, strict=strict_run),
                      lambda d: build_sdk(Settings(specs=(str(workspace / "specs"),), package="p", client_name="P"), d, strict=strict_run)):  # fmt: skip
            diagnostics = Diagnostics()
            built = build(diagnostics)
            assert (built is None) is strict_run
            assert [e.message for e in diagnostics.errors] == (["warnings are errors with --strict"] if strict_run else [])


def test_max_nodes_counts_all_inputs_together(workspace):
    """Blocks under the limit one by one are refused once together they pass it: the block
    that crosses it is named, and nothing is written. (Aliases make the blocks large here:
    with `max_alias_nodes` raised, they count towards `max_nodes` only.)"""
    bomb = "x-bomb:\n" + "".join(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10) if i else 'lol'}]\n" for i in range(6))  # 111,111 values
    blocks = [f"## OpenAPI Specification\n\n```yaml\n{HEADER}{bomb}{OK_OPERATION.replace('/a:', f'/a{n}:').replace('operationId: a', f'operationId: a{n}')}"
              "components:\n  schemas:\n    A: {type: string}\n```\n" for n in range(10)]  # fmt: skip
    (workspace / "specs" / "p.md").write_text("# Page\n\n" + "\n".join(blocks))
    (workspace / "pyproject.toml").write_text("[tool.sdkgen]\nmax_alias_nodes = 10_000_000\n")
    before = read_tree(workspace / "out")
    result = run_cli(["regenerate-sdk", "--specs", "specs", "--out", "out", "--package", "unions_sdk", "--client-name", "Unions"], workspace)
    assert_clean_failure(result, r"^specs/p\.md:\d+: error: with this value \([\d,]+ values .*the inputs hold more than 1,000,000 values")
    assert len([line for line in result.stderr.splitlines() if ": error: " in line]) == 1
    assert read_tree(workspace / "out") == before
    (workspace / "pyproject.toml").write_text("[tool.sdkgen]\nmax_alias_nodes = 10_000_000\nmax_nodes = 3_000_000\n")
    raised = run_cli(["merge", "--specs", "specs", "-o", "merged.json", "--report", "report.md"], workspace)
    assert raised.returncode == 0, raised.stderr


def test_limits_are_settings(workspace):
    """Each limit is a [tool.sdkgen] setting; the message names the one to raise; a setting that
    is not a positive integer (or a max_depth deeper than the generator can go) is an error."""
    (workspace / "specs" / "p.yaml").write_text(
        HEADER + OK_OPERATION + "components:\n  schemas:\n    A: {type: object, properties: {aPropertyWithAThirtyLetterName: &s {type: string}}}\n"
        "    B: {type: object, properties: {a: *s, b: *s}}\n"
    )
    args = ["merge", "--specs", "specs", "-o", "merged.json", "--report", "report.md"]
    for setting, pattern in [
        ("max_depth = 3", r"^specs/p\.yaml:\d+: error: arrays and mappings nest more than 3 levels deep.*`max_depth`"),
        ("max_nodes = 20", r"^specs/p\.yaml:\d+: error: .*more than 20 values.*`max_nodes`"),
        ("max_alias_nodes = 2", r"^specs/p\.yaml:16: error: YAML aliases add more than 2 values.*`max_alias_nodes`"),
        ("max_name_length = 20", r"^specs/p\.yaml:15: error: a key .* of 30 characters, more than 20 .*`max_name_length`"),
        ("max_input_bytes = 100", r"^specs/p\.yaml:1: error: file is 0\.0 MiB \(\d+ bytes\), over the limit of 100 bytes .*`max_input_bytes`"),
    ]:
        (workspace / "pyproject.toml").write_text(f"[tool.sdkgen]\n{setting}\n")
        assert_clean_failure(run_cli(args, workspace), pattern)
        assert not (workspace / "merged.json").exists()
    for setting in ["max_depth = 0", "max_nodes = -1", 'max_name_length = "long"', "max_depth = 100000", "max_input_bytes = true", "max_alias_nodes = 1.5"]:
        (workspace / "pyproject.toml").write_text(f"[tool.sdkgen]\n{setting}\n")
        assert_clean_failure(run_cli(args, workspace), r"pyproject\.toml: error: \[tool\.sdkgen\] max_\w+ (must be a positive integer|can be at most \d+)")
    (workspace / "pyproject.toml").write_text("[tool.sdkgen]\nmax_depth = 160\nmax_nodes = 10\n")
    assert_clean_failure(run_cli(["diff", "specs/p.yaml", "specs/p.yaml"], workspace), r"^specs/p\.yaml:\d+: error: .*more than 10 values")


def test_defaults_that_do_not_fit_their_type_are_left_out_with_a_warning(workspace):
    """An integer default of 1.5 or .inf, a string default on a number...: a warning naming the
    file and line, the default left out of the merged document and the model; --strict: exit 2."""
    component = (
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n"
        "        half: {type: integer, default: 1.5}\n"
        "        infinite: {type: integer, default: .inf}\n"
        "        text: {type: number, default: '1'}\n"
        "        kept: {type: integer, default: 3}\n"
    )
    (workspace / "specs" / "p.yaml").write_text(HEADER + OK_OPERATION + component)
    args = ["--specs", "specs", "--out", "out2", "--package", "p", "--client-name", "P"]
    result = run_cli(["regenerate-sdk", *args], workspace)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert [w.split(": default ")[0] for w in warnings] == [
        "specs/p.yaml:15: warning: schema A at properties/half",
        "specs/p.yaml:15: warning: schema A at properties/infinite",
        "specs/p.yaml:15: warning: schema A at properties/text",
    ], result.stderr
    assert "default 1.5 is not a value of its schema (integer); it is left out" in warnings[0]
    models = (workspace / "out2" / "p" / "models.py").read_text()
    assert "half: int | None = None" in models and "infinite: int | None = None" in models and "kept: int = 3" in models
    document = json.loads((workspace / "out2" / "openapi.json").read_text())
    assert [p.get("default") for p in document["components"]["schemas"]["A"]["properties"].values()] == [None, None, None, 3]
    strict = run_cli(["regenerate-sdk", "--strict", *args[:2], "--out", "out3", *args[4:]], workspace)
    assert strict.returncode == 2 and "warnings are errors" in strict.stderr
    assert not (workspace / "out3").exists()
