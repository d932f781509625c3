"""The generated package as a product (issue 17): installable with `pip install <out>`, with a
README.md and a reference.md whose examples run, and a version that changes exactly when the
API does.

The examples of the corpora's packages run in test_corpus_examples.py (which generates those
packages once); here: the seeds' (generated/), the version, the options, drift, escaping, and
`pip install` into a fresh venv outside the checkout.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS, FIXTURES, ROOT, needs_corpus
from generator.cli import main
from generator.emit.package_version import default_package_version, is_valid_version
from generator.common.markdown_escape import markdown_code, markdown_fence, markdown_line, markdown_text
from generator.common.pysyntax import toml_string
from http_server import serving
from package_examples import Checker, package_examples, python_blocks, run_counted

SPEC = FIXTURES / "sdk" / "shapes" / "spec.yaml"
SEED_OUT = ROOT / "generated"
SEED_PACKAGE = "elevenlabs_convai"
EXPECTED_SEED_EXAMPLES = {"reference": 9, "readme": 6}


def args(out: Path, *extra: str, spec: Path = SPEC) -> list[str]:
    return ["--specs", str(spec), "--out", str(out), "--package", "shapes_sdk", "--client-name", "Shapes", *extra]


def invoke(command: str, out: Path, *extra: str, spec: Path = SPEC) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [command, *args(out, *extra, spec=spec)])
    assert "Traceback" not in result.stderr, result.stderr
    return result.exit_code, result.stdout, result.stderr


def project_version(out: Path) -> str:
    return str(tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def init_version(out: Path, package: str) -> str:
    found = re.search(r'^__version__ = "([^"]*)"$', (out / package / "__init__.py").read_text(encoding="utf-8"), re.M)
    assert found, "no __version__ in __init__.py"
    return found.group(1)


# -- the seeds' examples ------------------------------------------------------------------------


@pytest.fixture
def seed_package_on_path():
    sys.path.insert(0, str(SEED_OUT))
    try:
        yield
    finally:
        sys.path.remove(str(SEED_OUT))
        for name in [m for m in sys.modules if m == SEED_PACKAGE or m.startswith(SEED_PACKAGE + ".")]:
            del sys.modules[name]


def test_every_seed_example_runs_against_the_local_server(seed_package_on_path, tmp_path):
    counts = run_counted(SEED_OUT, "ElevenLabs", {"ELEVENLABS_API_KEY": "test-key"}, tmp_path)
    assert counts == EXPECTED_SEED_EXAMPLES


@needs_corpus(CORPUS / "openapi")
def test_every_example_of_a_document_that_names_no_server_runs(tmp_path):
    """The full ElevenLabs OpenAPI document names no server: its client takes the base URL
    from `base_url=` or `$ELEVENLABS_BASE_URL`, and its examples (which pass neither) run
    with the variable set, like every other package's."""
    out = tmp_path / "out"
    command = ["regenerate-sdk", "-q", "--specs", str(CORPUS / "openapi"), "--out", str(out), "--package", "full_sdk", "--client-name", "ElevenLabs"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.stderr
    assert "name no server: set the `ELEVENLABS_BASE_URL` environment variable" in (out / "README.md").read_text(encoding="utf-8")
    sys.path.insert(0, str(out))
    try:
        counts = run_counted(out, "ElevenLabs", {"ELEVENLABS_API_KEY": "test-key"}, tmp_path / "scratch")
        import full_sdk
        from full_sdk import ClientConfigurationError

        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("ELEVENLABS_BASE_URL", raising=False)
            with pytest.raises(ClientConfigurationError, match="pass base_url= or set ELEVENLABS_BASE_URL"):
                full_sdk.ElevenLabs(api_key="k")
            assert full_sdk.ElevenLabs(api_key="k", base_url="http://127.0.0.1:9")._client.base_url == "http://127.0.0.1:9"
            patch.setenv("ELEVENLABS_BASE_URL", "http://127.0.0.1:8")
            assert full_sdk.ElevenLabs(api_key="k")._client.base_url == "http://127.0.0.1:8"
            assert full_sdk.ElevenLabs(api_key="k", base_url="http://127.0.0.1:9")._client.base_url == "http://127.0.0.1:9"
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "full_sdk" or m.startswith("full_sdk.")]:
            del sys.modules[name]
    assert counts["reference"] >= 200, counts


def test_the_seed_reference_shows_the_pages_own_example_adapted_to_the_package():
    reference = (SEED_OUT / "reference.md").read_text(encoding="utf-8")
    entry = reference.split("### `client.conversational_ai.conversations.get`", 1)[1].split("\n### ", 1)[0]
    assert "`GET /v1/convai/conversations/{conversation_id}`" in entry and "**Get Conversation Details**" in entry
    assert "Example (the page's own):" in entry
    assert "from elevenlabs_convai import ElevenLabs" in entry and 'conversation_id="123"' in entry
    assert "from elevenlabs import" not in reference
    assert reference.count("\n### ") == len(python_blocks(reference))


# -- the version ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.2.3", "0.0.0+sdkgen.2ba58228a150", "2.0.0rc1", "1!2.0.post1.dev3", "1.0"])
def test_valid_versions(version):
    assert is_valid_version(version)


@pytest.mark.parametrize("version", ["", "1.2.3 ", "latest", "1.2.3+", "1..2", '1.0"\nx = 1', "v 1"])
def test_invalid_versions(version):
    assert not is_valid_version(version)


def test_default_version_is_the_document_hash():
    assert default_package_version("sdkgen-2ba58228a150") == "0.0.0+sdkgen.2ba58228a150"
    assert is_valid_version(default_package_version("v2 (beta)"))


def test_default_version_changes_exactly_when_the_api_does(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    versions = []
    for run, text in enumerate([None, None, "changed"]):
        if text:
            spec.write_text(spec.read_text(encoding="utf-8").replace("description:", f"description: {text}", 1), encoding="utf-8")
        out = tmp_path / f"out{run}"
        code, _, stderr = invoke("regenerate-sdk", out, "-q", spec=spec)
        assert code == 0, stderr
        versions.append(project_version(out))
        assert init_version(out, "shapes_sdk") == versions[-1]
    assert versions[0] == versions[1] != versions[2]
    document = json.loads((tmp_path / "out0" / "openapi.json").read_text(encoding="utf-8"))
    assert versions[0] == default_package_version(document["info"]["version"])


def test_package_version_option_and_setting(tmp_path, monkeypatch):
    out = tmp_path / "out"
    code, _, stderr = invoke("regenerate-sdk", out, "-q", "--package-version", "1.2.3")
    assert code == 0, stderr
    assert project_version(out) == init_version(out, "shapes_sdk") == "1.2.3"
    assert invoke("check", out, "-q", "--package-version", "1.2.3")[0] == 0
    code, stdout, _ = invoke("check", out, "-q")  # the default version is another
    assert code == 1 and '-version = "1.2.3"' in stdout
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.sdkgen]\npackage_version = "2.0.0b1"\n', encoding="utf-8")
    assert invoke("regenerate-sdk", out, "-q")[0] == 0
    assert project_version(out) == init_version(out, "shapes_sdk") == "2.0.0b1"


def test_an_invalid_version_is_an_error_not_a_traceback(tmp_path, monkeypatch):
    code, _, stderr = invoke("regenerate-sdk", tmp_path / "out", "--package-version", "latest")
    assert code == 2 and "--package-version 'latest' is not a version pip accepts" in stderr
    assert not (tmp_path / "out").exists()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.sdkgen]\nspecs = ["x"]\npackage_version = "one"\n', encoding="utf-8")
    code, _, stderr = invoke("regenerate-sdk", tmp_path / "out")
    assert code == 2 and f"{tmp_path / 'pyproject.toml'}:3: error: [tool.sdkgen] package_version 'one'" in stderr


# -- drift ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["README.md", "reference.md", "pyproject.toml"])
def test_check_reports_a_hand_edit_of_the_files_beside_the_package(tmp_path, name):
    out = tmp_path / "out"
    assert invoke("regenerate-sdk", out, "-q")[0] == 0
    assert invoke("check", out)[0] == 0
    manifest = json.loads((out / "sdkgen-manifest.json").read_text(encoding="utf-8"))
    assert name in json.dumps(manifest)
    (out / name).write_text((out / name).read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    code, stdout, stderr = invoke("check", out)
    assert code == 1 and f"+++ b/{name}" in stdout and "-edited by hand" in stdout, stdout + stderr
    assert invoke("regenerate-sdk", out, "-q")[0] == 0
    assert invoke("check", out)[0] == 0


# -- spec text stays inert ------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "# Heading\n===\n[x]: https://evil.example",
    "```\n# not closed",
    "text ``` `code` ``",
    "bidi \u202e reversed \u2066 and \x1b[2J escape\x00nul",
    'quote " and \\ backslash \n newline',
    "line\u2028separator",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_helpers_keep_spec_text_inert(text):
    block = markdown_text(text)
    line = markdown_line(text)
    code = markdown_code(text)  # a code span shows its text literally
    for rendered in (block, line, code):
        assert "\x1b" not in rendered and "\u202e" not in rendered and "\x00" not in rendered and "\u2028" not in rendered
    assert "<script" not in block and "<script" not in line
    assert "\n" not in line and "\n" not in code
    fences = [m for m in re.finditer(r"^ {0,3}(`{3,}|~{3,})", block, re.M)]
    assert len(fences) % 2 == 0, "a fence the text opens is closed"
    outside = re.sub(r"^ {0,3}(`{3,}).*?^ {0,3}\1", "", block, flags=re.M | re.S)
    assert not re.search(r"^ {0,3}(#|=+\s*$|\[[^\]]*\]:)", outside, re.M), block
    fenced = markdown_fence(text, "python")
    fence = fenced.split("python", 1)[0]
    assert fenced.endswith("\n" + fence) and ("\n" + fence + "\n") not in fenced


@pytest.mark.parametrize("text", HOSTILE)
def test_toml_string_reads_back_as_the_text(text):
    assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


def test_a_hostile_title_stays_inert_in_the_generated_files(tmp_path):
    title = 'Evil "API" <img src=x onerror=alert(1)>\n# Owned\n[project]\nname = "pwn" \u202e'
    out = tmp_path / "out"
    code, _, stderr = invoke("regenerate-sdk", out, "-q", "--title", title)
    assert code == 0, stderr
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "shapes-sdk" and title.split("\n")[0] in project["description"]
    for name in ("README.md", "reference.md"):
        text = (out / name).read_text(encoding="utf-8")
        assert "<img" not in text and "\n# Owned" not in text and "\u202e" not in text, name
        assert text.startswith("# Evil")


# -- installed with pip, used from elsewhere ------------------------------------------------------


INSTALL_CHECK = """
import importlib.metadata, json, sys
import {package}
print(json.dumps([{package}.__file__, {package}.__version__, importlib.metadata.version({distribution!r})]))
"""


def _install_and_call(installed, outs: list[tuple[Path, str, str, dict[str, str]]], elsewhere: Path) -> None:
    installed.run(installed.python, "-m", "pip", "install", "-q", *[str(out) for out, _, _, _ in outs], cwd=elsewhere, check=True)
    for out, package, client, env in outs:
        project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        shown = installed.run(installed.python, "-c", INSTALL_CHECK.format(package=package, distribution=project["name"]), cwd=elsewhere, check=True)
        where, version, distribution_version = json.loads(shown.stdout)
        assert Path(where).is_relative_to(installed.root) and not Path(where).is_relative_to(out), where
        assert version == distribution_version == project["version"]
        assert set(Path(where).parent.iterdir()) >= {Path(where).parent / "py.typed"}
        doc = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
        checker = Checker(doc)
        first = package_examples(out)[0][1]  # the README's "Use" example, as it is
        prefix = re.sub(r"[^A-Z0-9]", "", client.upper())
        with serving(checker) as server:
            script = elsewhere / f"{package}_example.py"
            script.write_text(first, encoding="utf-8")
            environment = {**installed.env(), f"{prefix}_BASE_URL": server.url, **env}
            import subprocess

            result = subprocess.run([str(installed.python), str(script)], cwd=elsewhere, env=environment, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr
        assert len(checker.seen) == 1, checker.seen


@needs_corpus(CORPUS / "deepgram")
def test_pip_install_out_then_use_it_from_elsewhere(installed, tmp_path):
    seeds = shutil.copytree(SEED_OUT, tmp_path / "seeds")
    corpus = tmp_path / "deepgram"
    command = ["regenerate-sdk", "-q", "--specs", str(CORPUS / "deepgram"), "--out", str(corpus), "--package", "dg_sdk", "--client-name", "Deepgram"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _install_and_call(
        installed,
        [
            (seeds, SEED_PACKAGE, "ElevenLabs", {"ELEVENLABS_API_KEY": "test-key"}),
            (corpus, "dg_sdk", "Deepgram", {"DEEPGRAM_API_KEY": "test-key"}),
        ],
        elsewhere,
    )
    assert sorted(p.name for p in seeds.iterdir()) == sorted(p.name for p in SEED_OUT.iterdir() if p.name != "__pycache__"), "pip wrote into <out>"
