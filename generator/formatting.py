"""Format generated modules with ruff, so that they read as black writes them.

Each module of the package first loses the imports it does not use (ruff's fix for F401:
the templates import what any API may need, the module keeps what this one uses), then goes
through `ruff format`; the modules are done concurrently. Ruff is pinned to one version
(its version is part of the provenance stamp) and run with `--isolated`, so no
configuration file of the machine or of the output directory can change what it writes:
only the options below.

Ruff's formatter is black-compatible except in a few constructs; the SDK IR avoids those
(`pysyntax.parameter_declaration`, `field_declaration`, `alias_declaration`, and the escapes
in `docstring`), this module evens out the blank lines around imports, and the tests hold
the result to black, the oracle, on every fixture, corpus and fuzzed package.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from ruff.__main__ import find_ruff_bin

LINE_LENGTH = 88
TARGET_VERSION = "py310"
TIMEOUT_SECONDS = 300  # per module: far beyond what the largest known API needs (0.1 s)
_OPTIONS = ("--isolated", "--no-cache", f"--line-length={LINE_LENGTH}", f"--target-version={TARGET_VERSION}")
_UNUSED_IMPORTS = ("check", "--select=F401", "--fix-only", "--exit-zero", "--quiet")


class FormattingError(Exception):
    """Generated source the formatter refused: a bug in a template or in escaping."""


@lru_cache(maxsize=None)
def ruff_binary() -> str:
    """The `ruff` executable of the installed ruff package (never another one on `PATH`)."""
    try:
        return str(find_ruff_bin())
    except FileNotFoundError as exc:
        raise FormattingError(f"the formatter's executable (of the ruff package) is missing: {exc}") from None


@lru_cache(maxsize=None)
def ruff_version() -> str:
    from importlib.metadata import version

    return version("ruff")


def format_source(path: str, source: str) -> str:
    """`source` (the module at `path`, for messages) without unused imports, as `ruff format`
    writes it."""
    return _ruff(path, ("format",), _single_blank_lines_in_imports(_ruff(path, _UNUSED_IMPORTS, source)))


def _single_blank_lines_in_imports(source: str) -> str:
    """One blank line between the module's top-level imports and after them, as the
    templates write them: an import line the fix removed leaves two, which ruff keeps and
    black does not before a statement that is no class or function (before one, both
    formatters make it two)."""
    lines = source.split("\n")
    index = _after_docstring(lines)
    kept, blank = lines[:index], False
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            blank = True
            index += 1
            continue
        if not line.startswith(("from ", "import ", ")", " ", "#")):
            break
        if blank:
            kept.append("")
        kept.append(line)
        blank = False
        index += 1
    if index < len(lines):
        kept.append("")
    return "\n".join(kept + lines[index:])


def _after_docstring(lines: list[str]) -> int:
    """Index of the first line after the module docstring (0 when there is none)."""
    if not lines or not lines[0].startswith('"""'):
        return 0
    if lines[0].count('"""') >= 2 and len(lines[0]) > 3:
        return 1
    return next((i + 1 for i in range(1, len(lines)) if lines[i].rstrip().endswith('"""')), len(lines))


def _ruff(path: str, command: tuple[str, ...], source: str) -> str:
    try:
        done = subprocess.run(
            [ruff_binary(), *command, *_OPTIONS, "--stdin-filename", path, "-"],
            input=source.encode(),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FormattingError(f"{path}: the formatter took longer than {TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise FormattingError(f"{path}: the formatter could not be run: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().removeprefix("error: ")
        raise FormattingError(f"{path}: generated code could not be formatted: {message}")
    return done.stdout.decode()


def format_sources(sources: dict[str, str]) -> dict[str, str]:
    """Several modules, formatted concurrently; the same keys, in the same order."""
    ruff_binary()  # found once, before the threads
    with ThreadPoolExecutor(max_workers=max(1, min(len(sources), 8))) as pool:
        formatted = dict(zip(sources, pool.map(format_source, sources, sources.values())))
    return formatted
