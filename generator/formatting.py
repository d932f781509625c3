"""Format generated source with black, pinned to one target version so output never depends on the machine."""

from __future__ import annotations

import black

MODE = black.Mode(target_versions={black.TargetVersion.PY310})


class FormattingError(Exception):
    """Generated source that black cannot parse: a bug in a template or in escaping."""


def format_source(path: str, source: str) -> str:
    try:
        return black.format_str(source, mode=MODE)
    except black.InvalidInput as exc:
        raise FormattingError(f"{path}: generated code does not parse: {exc}") from None
    except Exception as exc:  # a crash inside the formatter must not lose the user's output
        raise FormattingError(f"{path}: black failed: {type(exc).__name__}: {exc}") from None
