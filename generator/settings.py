"""Settings: resolved once, from the command line over `[tool.sdkgen]` in pyproject.toml over
the built-in defaults, validated once, then passed down as one typed value.

The CLI gives what was typed (None for an option not given); `resolve_settings` reads the
nearest pyproject.toml, checks every value (known keys, types, PEP 440 versions with
`packaging`, the input limits) and returns a `Settings` or the first problem, as a value.
Names the merged document decides (the client class and package when no option or setting
gives them) are left None here: the pipeline learns them from the pages.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from .common.limits import DEFAULT_LIMITS, Limits, setting_names
from .emit.package_version import is_valid_version

VERSION_HINT = "PEP 440: 1.2.3, 2.0.0rc1, 1.0.0+local"
# A host name as credential_hosts takes it: DNS labels (letters, digits, hyphens, IDNA's
# `xn--`) joined by dots, or an IP address; no scheme, user, port or path.
_HOST_NAME = re.compile(r"(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\]")


@dataclass(frozen=True)
class Settings:
    """Everything a run was asked for, with the defaults filled in."""

    specs: tuple[str, ...] = ("specs",)  # pages, documents or folders
    output: str = "build/openapi.json"  # `merge`: the merged document ('-': stdout)
    report: str = "build/merge-report.md"  # `merge`: the merge report
    title: str | None = None  # info.title of the merged document (None: derived)
    out: str = "generated"  # `regenerate-sdk` / `check`: the output directory
    package: str | None = None  # None: what the pages' examples show, else from the client name
    client_name: str | None = None  # None: what the pages' examples show, else from the API's host
    package_version: str | None = None  # None: from the merged document's content hash
    # Hosts besides the API's own (its base URL's) that its operations' own servers may name
    # and the client may send credentials to; host names, matched exactly.
    credential_hosts: tuple[str, ...] = ()
    limits: Limits = field(default=DEFAULT_LIMITS)  # bounds on the input


# The settings `[tool.sdkgen]` may set: every field but `limits`, whose own fields are settings.
FILE_SETTINGS = frozenset(f.name for f in fields(Settings) if f.name != "limits") | frozenset(setting_names())


@dataclass(frozen=True)
class SettingsError:
    """A setting that cannot be used: where it was given (a file, with its line when known, or
    None for the command line) and what is wrong."""

    where: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.where}: error: {self.message}" if self.where else f"error: {self.message}"


def resolve_settings(directory: Path, given: Mapping[str, Any]) -> Settings | SettingsError:
    """The settings of a run in `directory`: `given` (command-line options; None or an empty
    tuple for one not given) over `[tool.sdkgen]` of `directory/pyproject.toml` over the defaults."""
    from_file = _file_settings(directory / "pyproject.toml")
    if isinstance(from_file, SettingsError):
        return from_file
    version = given.get("package_version")
    if version is not None and not is_valid_version(version):
        return SettingsError(None, f"--package-version {version!r} is not a version pip accepts ({VERSION_HINT})")
    values = {**from_file, **{key: value for key, value in given.items() if value is not None and value != ()}}
    limits = Limits.from_settings(values)  # checked in _file_settings: only the file sets limits
    chosen = {key: value for key, value in values.items() if key in FILE_SETTINGS and key not in setting_names()}
    if "specs" in chosen:
        chosen["specs"] = tuple(chosen["specs"])
    if "credential_hosts" in chosen:
        chosen["credential_hosts"] = tuple(host.lower().rstrip(".") for host in chosen["credential_hosts"])
    return Settings(**chosen, limits=limits)


def _file_settings(pyproject: Path) -> dict[str, Any] | SettingsError:
    """`[tool.sdkgen]` of `pyproject`, checked (empty when there is no such file)."""
    if not pyproject.is_file():
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return SettingsError(str(pyproject), f"cannot read: {exc}")
    tool = data.get("tool")
    section = tool.get("sdkgen", {}) if isinstance(tool, dict) else {}
    if not isinstance(section, dict):
        return SettingsError(str(pyproject), "[tool.sdkgen] must be a table")
    settings: dict[str, Any] = {}
    for key, value in section.items():
        if key not in FILE_SETTINGS:
            return SettingsError(str(pyproject), f"[tool.sdkgen] has unknown setting {key!r}")
        settings[key] = [value] if key == "specs" and isinstance(value, str) else value
    problem = _type_problem(settings)
    if problem is not None:
        return SettingsError(str(pyproject), problem)
    version = settings.get("package_version")
    if version is not None and not is_valid_version(version):
        return SettingsError(
            f"{pyproject}:{_line_of(pyproject, 'package_version')}",
            f"[tool.sdkgen] package_version {version!r} is not a version pip accepts ({VERSION_HINT})",
        )
    try:
        Limits.from_settings(settings)
    except ValueError as exc:
        return SettingsError(str(pyproject), str(exc))
    return settings


def _type_problem(settings: dict[str, Any]) -> str | None:
    """Why a setting's value has the wrong type for it, or None."""
    for key, value in settings.items():
        if key == "specs":
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                return f"[tool.sdkgen] specs must be a path or a list of paths, not {value!r}"
        elif key == "credential_hosts":
            if not isinstance(value, list) or not all(isinstance(item, str) and _HOST_NAME.fullmatch(item) for item in value):
                return f"[tool.sdkgen] credential_hosts must be a list of host names (api.example.com, no scheme, port or path), not {value!r}"
        elif key not in setting_names() and key != "package_version" and not isinstance(value, str):
            return f"[tool.sdkgen] {key} must be a string, not {value!r}"
    return None


def _line_of(pyproject: Path, key: str) -> int:
    """The line that sets `key` (the first that starts with it), for messages; 1 if none does."""
    for number, line in enumerate(pyproject.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(key):
            return number
    return 1
