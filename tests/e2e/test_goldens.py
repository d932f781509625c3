"""regenerate-sdk and check on the goldens: the committed packages are what their inputs
give, in fresh interpreters under any hash seed, and they pass `mypy --strict`, `ruff check`
and import without warnings (as the corpora's packages do)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, needs_corpus, mypy_cache_dir, ruff_check_command
from generator.emit.resources import RUNTIME_MODULES
from generator.output.output_dir import MANIFEST, read_tree
from sdk_fixtures import FIXTURE_NAMES, SDK_FIXTURES, fixture_args, invoke


# -- golden outputs -----------------------------------------------------------------------


def test_generated_package_is_current(monkeypatch):
    """`sdkgen check` on a clean checkout: the committed generated/ is what the specs give."""
    code, out, err = invoke(["check"], monkeypatch)
    assert code == 0, out + err
    assert "up to date" in err


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_golden_output(name, monkeypatch):
    # To accept a reviewed change: sdkgen regenerate-sdk <the same options> (see fixture_args).
    code, out, err = invoke(["check", *fixture_args(name)], monkeypatch)
    assert code == 0, f"golden output of fixture {name!r} differs:\n{out}{err}"


def test_golden_layout():
    files = read_tree(ROOT / "generated")
    package = {p for p in files if p.startswith("elevenlabs_convai/")}
    assert package == {
        f"elevenlabs_convai/{name}"
        for name in ("__init__.py", "_client.py", "models.py", "provenance.py", "py.typed", *RUNTIME_MODULES)
    }
    assert {"openapi.json", "merge-report.md", MANIFEST} <= set(files)



@pytest.mark.parametrize("name", ["generated", *FIXTURE_NAMES])
def test_what_the_readme_says_of_positional_arguments_holds_for_every_method(name):
    """The README's one sentence on arguments is true of every path parameter reference.md lists."""
    folder = ROOT / "generated" if name == "generated" else SDK_FIXTURES / name / "golden"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    path_params = [line for line in (folder / "reference.md").read_text(encoding="utf-8").splitlines() if re.match(r"- `[^`]+` \(path\): ", line)]
    by_position = [line for line in path_params if line.endswith(", also by position") or ", also by position;" in line]
    if "Arguments are keywords (path parameters may be given by position too);" in readme:
        assert path_params and by_position == path_params
    elif "Arguments are keywords;" in readme:
        assert not by_position
    else:
        assert 'Arguments are keywords (the path parameters reference.md marks "also by position" may be given by position too);' in readme
        assert by_position and by_position != path_params


# -- determinism --------------------------------------------------------------------------


def test_output_is_the_same_bytes_under_any_hash_seed():
    """`check` (which always regenerates: it trusts no stamp) passes in fresh interpreters with
    different hash seeds, for the embedded pages and a fixture: same bytes as committed."""
    for seed in ("0", "7", "4242"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        for arguments in ([], fixture_args("unions")):
            result = subprocess.run(
                [sys.executable, "-m", "generator", "check", *arguments],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert result.returncode == 0, result.stdout + result.stderr
            assert "is up to date" in result.stderr

# -- the package type-checks and imports cleanly -------------------------------------------


def mypy_strict(folder: Path, package: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", mypy_cache_dir(), "-p", package],
        cwd=folder, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def ruff_check(folder: Path, package: str) -> None:
    """`ruff check` with the project's rules (pyproject.toml), whatever the folder."""
    result = subprocess.run(ruff_check_command(package), cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def import_without_warnings(folder: Path, package: str) -> None:
    code = f"import {package}, {package}.models as m; m.ApiModel; print('ok')"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_generated_package_passes_mypy_strict_and_ruff_check(tmp_path):
    mypy_strict(ROOT / "generated", "elevenlabs_convai")
    ruff_check(ROOT / "generated", "elevenlabs_convai")


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_packages_pass_mypy_strict_and_ruff_check_and_import_cleanly(name, tmp_path):
    folder = SDK_FIXTURES / name / "golden"
    mypy_strict(folder, f"{name}_sdk")
    ruff_check(folder, f"{name}_sdk")
    import_without_warnings(folder, f"{name}_sdk")


CORPUS_PACKAGES = {
    "elevenlabs": (["specs", str(CORPUS / "elevenlabs")], "ElevenLabs"),
    "deepgram": ([str(CORPUS / "deepgram")], "Deepgram"),
    "elevenlabs_openapi": ([str(CORPUS / "openapi")], "ElevenLabs"),
}


@needs_corpus(CORPUS)
@pytest.mark.parametrize("name", sorted(CORPUS_PACKAGES))
def test_corpus_packages_import_and_pass_mypy_strict(name, tmp_path, monkeypatch):
    specs, client = CORPUS_PACKAGES[name]
    out = tmp_path / "out"
    args = ["regenerate-sdk", "-q", "--out", str(out), "--package", f"{name}_sdk", "--client-name", client]
    for spec in specs:
        args += ["--specs", spec]
    code, _, err = invoke(args, monkeypatch)
    assert code == 0, err
    import_without_warnings(out, f"{name}_sdk")
    mypy_strict(out, f"{name}_sdk")
    ruff_check(out, f"{name}_sdk")
