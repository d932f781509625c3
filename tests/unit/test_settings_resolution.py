"""generator/settings.py: the command line over [tool.sdkgen] over the defaults, checked once."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.common.limits import DEFAULT_LIMITS
from generator.emit.package_version import is_valid_version
from generator.settings import Settings, SettingsError, resolve_settings


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_defaults_without_a_pyproject(tmp_path: Path) -> None:
    assert resolve_settings(tmp_path, {}) == Settings()
    assert Settings().specs == ("specs",) and Settings().out == "generated" and Settings().limits == DEFAULT_LIMITS


def test_the_command_line_wins_over_the_file_which_wins_over_the_defaults(tmp_path: Path) -> None:
    write(tmp_path, '[tool.sdkgen]\nspecs = "pages"\nout = "sdk"\npackage = "acme"\nmax_depth = 64\n')
    settings = resolve_settings(tmp_path, {"specs": (), "out": "elsewhere", "package": None, "title": "T"})
    assert isinstance(settings, Settings)
    assert settings.specs == ("pages",)  # a single path is a list of one; an empty option is "not given"
    assert settings.out == "elsewhere" and settings.package == "acme" and settings.title == "T"
    assert settings.limits.max_depth == 64 and settings.limits.max_nodes == DEFAULT_LIMITS.max_nodes
    assert resolve_settings(tmp_path, {"specs": ("a", "b")}).specs == ("a", "b")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("[tool.sdkgen]\ncolour = 1\n", "pyproject.toml", "unknown setting 'colour'"),
        ("[tool.sdkgen]\nspecs = [1]\n", "pyproject.toml", "specs must be a path or a list of paths"),
        ("[tool.sdkgen]\nout = 3\n", "pyproject.toml", "out must be a string, not 3"),
        ("[tool.sdkgen]\nmax_depth = -1\n", "pyproject.toml", "max_depth must be a positive integer"),
        ("[tool.sdkgen]\nspecs = []\npackage_version = \"one\"\n", "pyproject.toml:3", "package_version 'one' is not a version pip accepts"),
        ("[tool.sdkgen]\npackage_version = 1.5\n", "pyproject.toml:2", "package_version 1.5 is not a version pip accepts"),
        ("[tool.sdkgen\n", "pyproject.toml", "cannot read"),
        ("tool = 1\n[x]\n", None, None),  # no [tool.sdkgen] table: nothing set, nothing wrong
    ],
)
def test_file_problems_name_the_file_and_line(tmp_path: Path, text: str, where: str | None, message: str | None) -> None:
    result = resolve_settings(write(tmp_path, text), {})
    if message is None:
        assert result == Settings()
        return
    assert isinstance(result, SettingsError), result
    assert result.where == str(tmp_path / where.split(":")[0]) + (":" + where.split(":")[1] if ":" in where else "")
    assert message in result.message
    assert str(result).startswith(f"{result.where}: error: ")


def test_a_version_from_the_command_line_is_checked_after_the_file(tmp_path: Path) -> None:
    result = resolve_settings(tmp_path, {"package_version": "latest"})
    assert isinstance(result, SettingsError) and result.where is None
    assert str(result) == "error: --package-version 'latest' is not a version pip accepts (PEP 440: 1.2.3, 2.0.0rc1, 1.0.0+local)"
    assert resolve_settings(tmp_path, {"package_version": "2.0.0rc1"}).package_version == "2.0.0rc1"  # type: ignore[union-attr]


@pytest.mark.parametrize("version", ["1", "1.2.3", "2.0.0rc1", "1.0.0+local.7", "1!2.0.post3.dev4", "v1.0", "0.0.0+sdkgen.2ba58228a150"])
def test_pep440_versions_are_accepted(version: str) -> None:
    assert is_valid_version(version)


@pytest.mark.parametrize("version", ["latest", "", " 1.0", "1.0 ", "1.0-", "1..0", "1.0+", "1.0+a+b", 1.0, None])
def test_what_pip_refuses_is_refused(version: object) -> None:
    assert not is_valid_version(version)
