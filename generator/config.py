"""Settings: command-line options over `[tool.sdkgen]` in pyproject.toml over built-in defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common.limits import Limits, setting_names
from .emit.package_version import is_valid_version

DEFAULTS: dict[str, Any] = {
    "specs": ["specs"],
    "output": "build/openapi.json",
    "report": "build/merge-report.md",
    "title": None,
    "out": "generated",
    "package": None,
    "client_name": None,
    "package_version": None,  # None: from the merged document's content hash
    **{name: None for name in setting_names()},  # None: the built-in limit (generator/limits.py)
}


@dataclass(frozen=True)
class ConfigError:
    """A problem with the `[tool.sdkgen]` settings, and the file that has it."""

    path: str
    message: str


def load_config(directory: Path) -> tuple[dict[str, Any], ConfigError | None]:
    """The defaults merged with `[tool.sdkgen]` from the nearest pyproject.toml, if any."""
    settings = dict(DEFAULTS)
    pyproject = directory / "pyproject.toml"
    if not pyproject.is_file():
        return settings, None
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return settings, ConfigError(str(pyproject), f"cannot read: {exc}")
    section = data.get("tool", {}).get("sdkgen", {})
    for key, value in section.items():
        if key not in DEFAULTS:
            return settings, ConfigError(str(pyproject), f"[tool.sdkgen] has unknown setting {key!r}")
        if key == "specs" and isinstance(value, str):
            value = [value]
        settings[key] = value
    version = settings["package_version"]
    if version is not None and not (isinstance(version, str) and is_valid_version(version)):
        return settings, ConfigError(
            f"{pyproject}:{_line_of(pyproject, 'package_version')}",
            f"[tool.sdkgen] package_version {version!r} is not a version pip accepts (PEP 440: \"1.2.3\", \"2.0.0rc1\")",
        )
    try:
        Limits.from_settings(settings)
    except ValueError as exc:
        return settings, ConfigError(str(pyproject), str(exc))
    return settings, None


def _line_of(pyproject: Path, key: str) -> int:
    """The line that sets `key` (the first that starts with it), for messages; 1 if none does."""
    for number, line in enumerate(pyproject.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(key):
            return number
    return 1
