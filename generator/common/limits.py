"""Bounds on what one run reads, so that a small hostile input cannot exhaust CPU or memory.

Every limit has a safe default and a setting of the same name in `[tool.sdkgen]` that raises
(or lowers) it. Exceeding one is an input error (`file:line: error: ...`, exit 2) that names
the setting; nothing is written.

- `max_input_bytes`: the size of one input file.
- `max_depth`: how deeply arrays and mappings nest in one document (YAML aliases followed),
  and how many parts an operation's resource path has. Every recursive step of the
  generator is bounded by it, far below Python's recursion limit.
- `max_nodes`: values read in all inputs (arrays, mappings and scalars, a string one per 64
  characters), counting each use of a YAML alias as a copy of what it names.
- `max_alias_nodes`: of those, the values YAML aliases add (each use after the first). A
  "billion laughs" document is refused after reading, before anything expands it, and a
  small document cannot make the generator work through more than this many values that
  are not written out in it.
- `max_name_length`: the characters of a mapping key (property, schema, path and other
  names) and of the names an operation is known by (parameter names, operation ids, tags,
  SDK group and method names).
- `max_seconds`: the time one run may take in all (the command line enforces it: past it the
  run stops with exit 2 and a message, and nothing is written).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from typing import Any

# Python reads at most this many decimal digits into an int (sys.get_int_max_str_digits()).
MAX_INT_DIGITS = sys.get_int_max_str_digits() or 4300

# The deepest `max_depth` may be set: deeper, the generator's recursive steps (and Python's own
# parser, for the code written) would meet Python's recursion limit.
MAX_DEPTH_SETTING = 160


@dataclass(frozen=True)
class Limits:
    """What one run may read: bytes per input, nesting, values, alias values and name lengths."""

    max_input_bytes: int = 16 * 1024 * 1024
    max_depth: int = 128
    max_nodes: int = 1_000_000
    max_alias_nodes: int = 100_000
    max_name_length: int = 1024
    max_seconds: int = 600

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Limits:
        """The limits the settings give (the defaults for those they do not); ValueError if one is not a positive integer."""
        values: dict[str, int] = {}
        for name in setting_names():
            value = settings.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"[tool.sdkgen] {name} must be a positive integer, not {value!r}")
            if name == "max_depth" and value > MAX_DEPTH_SETTING:
                raise ValueError(f"[tool.sdkgen] max_depth can be at most {MAX_DEPTH_SETTING}, not {value}")
            values[name] = value
        return cls(**values)


def setting_names() -> tuple[str, ...]:
    return tuple(field.name for field in fields(Limits))


DEFAULT_LIMITS = Limits()


def limit_note(name: str) -> str:
    """The end of a message about an exceeded limit: the setting that raises it."""
    return f"`{name}` in [tool.sdkgen] of pyproject.toml raises the limit"
