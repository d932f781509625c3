"""The SDK fixtures (tests/fixtures/sdk/<name>: an input and its golden output) and the
command line run in process on them, for the tests of every tier."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT, fixture_input
from generator.cli import main
from generator.output.output_dir import read_tree

SDK_FIXTURES = FIXTURES / "sdk"
FIXTURE_NAMES = sorted(p.name for p in SDK_FIXTURES.iterdir() if fixture_input(p).exists())


def fixture_args(name: str, out: Path | None = None) -> list[str]:
    """The regenerate/check options of one fixture (its golden output is `golden/`)."""
    folder = SDK_FIXTURES / name
    return [
        "--specs", str(fixture_input(folder)),
        "--out", str(out or folder / "golden"),
        "--package", f"{name}_sdk",
        "--client-name", name.title(),
        "--title", f"{name.title()} fixture",
    ]  # fmt: skip


def invoke(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, args)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def python_files(root: Path) -> dict[str, bytes]:
    return {path: data for path, data in read_tree(root).items()}
