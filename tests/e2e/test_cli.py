"""The command line as users run it, `python -m generator` in a process of its own: outputs,
exit codes, messages for people, determinism under any hash seed, configuration, the fast
exit, the modules a run loads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_merge_defaults_from_pyproject(tmp_path):
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    (tmp_path / "pyproject.toml").write_text('[tool.sdkgen]\noutput = "out/doc.json"\nreport = "out/report.md"\n')
    result = run(["merge"], tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "out" / "doc.json").read_text())
    assert len([op for item in document["paths"].values() for op in item]) == 9
    assert (tmp_path / "out" / "report.md").read_text().startswith("# Merge report")
    assert "001_c335ea2d93562a2f.txt:36: notice: read as a rendered reference page" in result.stderr


def test_output_is_byte_identical_across_runs_and_hash_seeds(tmp_path):
    outputs = []
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        out = tmp_path / seed
        subprocess.run(
            [sys.executable, "-m", "generator", "merge", "--specs", str(ROOT / "specs"), "-o", str(out / "a.json"), "--report", str(out / "r.md")],
            cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120,
        )
        outputs.append(((out / "a.json").read_bytes(), (out / "r.md").read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]


def test_malformed_yaml_names_file_and_line_without_traceback(tmp_path):
    page = tmp_path / "broken.md"
    page.write_text(
        "# Broken\n\nGET https://api.example.com/v1/things\n\n## OpenAPI Specification\n\n```yaml\n"
        "openapi: 3.1.1\ninfo:\n  title: t\n  version: endpoint_things.list\npaths:\n  /v1/things:\n    get: [unclosed\n```\n"
    )
    before = "previous output\n"
    (tmp_path / "out.json").write_text(before)
    result = run(["merge", "--specs", str(page), "-o", str(tmp_path / "out.json")], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "broken.md:15: error: invalid YAML" in result.stderr
    assert (tmp_path / "out.json").read_text() == before


def test_unknown_reference_and_missing_input(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# P\n\n## OpenAPI Specification\n\n```yaml\nopenapi: 3.1.1\ninfo: {title: t, version: endpoint_a.get}\n"
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n```\n"
    )
    result = run(["merge", "--specs", str(page), "-o", "-"], tmp_path)
    assert result.returncode == 2
    assert "page.md:6: error: $ref '#/components/schemas/Nope'" in result.stderr
    missing = run(["merge", "--specs", "no-such-dir", "-o", "-"], tmp_path)
    assert missing.returncode == 2 and "no-such-dir: no such file or folder" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_strict_turns_warnings_into_errors(tmp_path):
    (tmp_path / "guide.md").write_text("# Authentication\n\nUse your key.\n")  # a page with no OpenAPI block
    result = run(["merge", "--specs", str(ROOT / "specs"), "--specs", str(tmp_path / "guide.md"), "-o", str(tmp_path / "x.json"), "--strict"], tmp_path)
    assert result.returncode == 2
    assert not (tmp_path / "x.json").exists()


def test_the_program_flushes_everything_before_its_fast_exit(tmp_path):
    """`sdkgen` ends with os._exit (no interpreter teardown): what it printed must all be
    there, and its exit code must be click's."""
    printed = run(["merge", "--specs", str(ROOT / "specs"), "-o", "-", "-q"], tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.endswith("}\n") and json.loads(printed.stdout)["openapi"] == "3.1.0"
    failed = run(["merge", "--specs", str(tmp_path / "absent")], tmp_path)
    assert failed.returncode == 2 and "error:" in failed.stderr and "Traceback" not in failed.stderr
    usage = run(["no-such-command"], tmp_path)
    assert usage.returncode == 2 and "No such command" in usage.stderr


# Modules a run loads only with what needs them: YAML with the first YAML text, the page
# readers with the first Markdown page, the locators with a message, the diff with `diff`,
# difflib with a difference, ctypes with a directory to swap; concurrent.futures never.
ON_DEMAND = (
    *("yaml", "generator.read.markdown", "generator.read.rendered", "generator.read.rendered_types", "generator.read.sdk_examples", "generator.read.locate"),
    *("generator.release.api_diff", "generator.release.diff_report", "difflib", "ctypes", "concurrent"),
)


def _loaded_on_demand(specs: Path, cwd: Path, out: str) -> list[str]:
    """The ON_DEMAND modules a whole `regenerate-sdk` run on `specs` loads (without `-q`:
    click's parser tries a short option as a long one first, and its error for that loads
    difflib to suggest a name)."""
    code = (
        "import sys\nfrom generator.cli import main\n"
        f"try:\n    main([\"regenerate-sdk\", \"--specs\", {str(specs)!r}, \"--out\", {out!r}, \"--package\", \"p_sdk\"])\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"print(sorted(set(sys.modules) & set({ON_DEMAND!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout.strip().replace("'", '"')))


def test_a_json_only_run_loads_neither_the_yaml_parser_nor_the_page_readers(tmp_path):
    """A plain OpenAPI JSON document needs no YAML parser, no Markdown or example reader, no
    locator (nothing is wrong with it), no diff and, written to a new directory, no swap:
    none of them is loaded. The seeds' pages
    need the YAML parser and the page readers, and the run loads them: the names are right;
    a run that replaces the JSON document's output after a change swaps the directories and
    loads ctypes."""
    document = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    (tmp_path / "doc.json").write_text(json.dumps(document))
    assert _loaded_on_demand(tmp_path / "doc.json", tmp_path, "new") == []
    assert _loaded_on_demand(ROOT / "specs", tmp_path, "seeds") == ["generator.read.markdown", "generator.read.rendered", "generator.read.rendered_types", "generator.read.sdk_examples", "yaml"]
    (tmp_path / "doc.json").write_text(json.dumps({**document, "info": {"title": "T", "version": "2"}}))
    assert _loaded_on_demand(tmp_path / "doc.json", tmp_path, "new") == ["ctypes"]
