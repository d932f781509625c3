"""Format generated modules with ruff, so that they read as black writes them.

Each module of the package first loses the imports it does not use (ruff's fix for F401:
the templates import what any API may need, the module keeps what this one uses), then goes
through `ruff format`; one ruff process does each step for all modules, in a private
temporary folder. Ruff is pinned to one version (its version is part of the provenance
stamp) and run with `--isolated`, so no configuration file of the machine, of the output
directory or of the temporary folder's parents can change what it writes: only the
options below.

Ruff's formatter is black-compatible except in a few constructs; the SDK IR avoids those
(`pysyntax.parameter_declaration`, `field_declaration`, `alias_declaration`, and the escapes
in `docstring`), this module evens out the blank lines around imports, and the tests hold
the result to black, the oracle, on every fixture, corpus and fuzzed package.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Iterator

from ..common.pysyntax import LINE_LENGTH

TARGET_VERSION = "py310"
TIMEOUT_SECONDS = 300  # per ruff run: far beyond what the largest known API needs (0.1 s)
_OPTIONS = ("--isolated", "--no-cache", f"--line-length={LINE_LENGTH}", f"--target-version={TARGET_VERSION}")
# Drop unused imports, and report what does not compile: ruff's parser and its semantic
# syntax checks (a duplicate parameter, a keyword as a name...) see what `ruff format` lets
# through and CPython would refuse at import.
_UNUSED_IMPORTS = ("check", "--select=F401", "--fix", "--exit-zero", "--output-format=json")
_MODULE_FILE = re.compile(r"\bm[0-9]+\.py\b")  # the temporary file names (format_sources)
_LOCATED = re.compile(r"(?:error: )?(?:Failed to parse )?(?P<where>\S+:[0-9]+:[0-9]+): (?P<what>.*)")


class FormattingError(Exception):
    """Generated source the formatter refused (a bug in a template or in escaping), or a
    formatter that cannot be run."""


_MISSING_RUFF = "the formatter of the generated code, ruff, is not installed (sdkgen needs ruff==0.17.6: `pip install ruff==0.17.6`)"


def _require_ruff() -> None:
    """FormattingError, for people, when the ruff package (a dependency) is not installed."""
    from importlib.util import find_spec

    if find_spec("ruff") is None:
        raise FormattingError(_MISSING_RUFF)


@lru_cache(maxsize=None)
def ruff_binary() -> str:
    """The `ruff` executable of the installed ruff package (never another one on `PATH`). The
    package is imported here, when a package is to be formatted: `merge`, `diff` and `--help`
    run without it, and a missing one is an error for people, not a traceback."""
    _require_ruff()
    from ruff.__main__ import find_ruff_bin

    try:
        return str(find_ruff_bin())
    except FileNotFoundError as exc:
        raise FormattingError(f"the formatter's executable (of the ruff package) is missing: {exc}") from None


@lru_cache(maxsize=None)
def ruff_version() -> str:
    """The installed ruff's version: the `Version:` of its one distribution beside the
    package (importlib.metadata gives the same, after 20 ms of imports and a search of every
    path entry), else importlib.metadata's answer. FormattingError when ruff is not installed."""
    _require_ruff()
    import ruff

    folder = Path(ruff.__file__).resolve().parent.parent if ruff.__file__ else None  # None: a namespace package
    infos = list(folder.glob("ruff-*.dist-info")) if folder is not None else []
    if len(infos) == 1:
        for line in (infos[0] / "METADATA").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("Version:"):
                return line.removeprefix("Version:").strip()
            if not line:
                break  # the headers end
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ruff")
    except PackageNotFoundError:
        raise FormattingError(_MISSING_RUFF) from None


def format_source(path: str, source: str) -> str:
    """`source` (the module at `path`, for messages) without unused imports, as `ruff format`
    writes it."""
    return format_sources({path: source})[path]


def _single_blank_lines_in_imports(source: str) -> str:
    """`source` as ruff formatted it, with one blank line between its top-level imports and
    after them, as the templates write them (two before a class or function, as both
    formatters write it): an import line the unused-import fix removed leaves two blank
    lines, which ruff keeps, and black does not before a statement that is no class or
    function. Done after formatting, so that ruff's two passes follow each other with
    nothing in between. Only the module's head is read line by line, and a module whose
    head needs no change is returned as it is (the modules are large: a copy costs)."""
    start = _after_docstring(source)
    kept: list[str] = []  # the imports' lines, blank lines evened out
    blank, end, after = False, len(source), None
    for offset, line in _lines(source, start):
        if not line.strip():
            blank = True
            continue
        if not line.startswith(("from ", "import ", ")", " ", "#")):
            end, after = offset, line
            break
        if blank:
            kept.append("")
        kept.append(line)
        blank = False
    if not any(kept):
        return source
    if after is not None:
        kept += [""] * (2 if after.startswith(_DEFINITION) else 1)
    head = "\n".join(kept) + "\n"
    return source if head == source[start:end] else source[:start] + head + source[end:]


_DEFINITION = ("class ", "def ", "async def ", "@")


def _after_docstring(source: str) -> int:
    """Offset of the first line after the module docstring (0 when there is none)."""
    if not source.startswith('"""'):
        return 0
    lines = _lines(source, 0)
    _, first = next(lines)
    if first.count('"""') >= 2 and len(first) > 3:
        return len(first) + 1
    return next((offset + len(line) + 1 for offset, line in lines if line.rstrip().endswith('"""')), len(source) + 1)


def _lines(source: str, start: int) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line from `start` on (a line break ends a line)."""
    while start <= len(source):
        end = source.find("\n", start)
        if end < 0:
            yield start, source[start:]
            return
        yield start, source[start:end]
        start = end + 1


def format_sources(sources: dict[str, str]) -> dict[str, str]:
    """Several modules, formatted together; the same keys, in the same order.

    The modules are written to a private temporary folder (under names of its own, never the
    keys) and ruff runs twice over all of them, one process after the other: once to drop
    unused imports, once to format; then the blank lines around the imports are evened out.
    Ruff works through the files in parallel, and the caller's threads keep running: Python
    waits on the two processes and exchanges no data with them through pipes."""
    binary = ruff_binary()
    with tempfile.TemporaryDirectory(prefix="sdkgen-format-") as folder:
        files = {f"m{index}.py": key for index, key in enumerate(sources)}
        place = Path(folder)
        for name, key in files.items():
            (place / name).write_text(sources[key], encoding="utf-8", newline="")
        report = _ruff(binary, _UNUSED_IMPORTS, place, files)
        _refuse_invalid_syntax(report, files)
        _ruff(binary, ("format",), place, files)
        return {key: _single_blank_lines_in_imports((place / name).read_text(encoding="utf-8")) for name, key in files.items()}


class FormattingThread:
    """`format_sources(sources)` in a thread of its own, while the caller goes on; `result()`
    waits for it and returns the modules or raises what it raised. Leaving the `with` block
    waits for the thread too (its temporary folder is gone then).

    Ruff's executable is found first, in the caller's thread: in the new thread, that search
    would wait for the interpreter lock while the caller works, and ruff would start later.
    (concurrent.futures would run the thread at the cost of 4 ms of imports.)"""

    def __init__(self, sources: dict[str, str]) -> None:
        ruff_binary()
        self._outcome: dict[str, str] | BaseException = FormattingError("the formatter did not finish")
        self._thread = threading.Thread(target=self._run, args=(sources,), name="sdkgen-format", daemon=True)
        self._thread.start()

    def _run(self, sources: dict[str, str]) -> None:
        try:
            self._outcome = format_sources(sources)
        except BaseException as exc:  # handed to the caller's thread by result()
            self._outcome = exc

    def result(self) -> dict[str, str]:
        self._thread.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        return self._outcome

    def __enter__(self) -> FormattingThread:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None) -> None:
        self._thread.join()


def _refuse_invalid_syntax(report: bytes, files: dict[str, str]) -> None:
    """FormattingError naming every module and place ruff's check found code that would not
    compile (its JSON report; the unused imports it could not remove are no error)."""
    try:
        findings = json.loads(report or b"[]")
    except ValueError:
        raise FormattingError(f"the formatter's report could not be read: {report[:200]!r}") from None
    problems = [
        f"{files.get(Path(str(item.get('filename'))).name, '?')}:{(item.get('location') or {}).get('row')}:"
        f"{(item.get('location') or {}).get('column')}: the generated code does not compile: {item.get('message')}"
        for item in findings
        if isinstance(item, dict) and item.get("code") in ("invalid-syntax", None)
    ]
    if problems:
        raise FormattingError("; ".join(problems) + " (a bug in sdkgen: nothing was written)")


def _ruff(binary: str, command: tuple[str, ...], folder: Path, files: dict[str, str]) -> bytes:
    """Run ruff over the files (file name → module path) in `folder`, in place, and return
    what it printed; an error names the module by its path."""
    try:
        done = subprocess.run(
            [binary, *command, *_OPTIONS, *files],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FormattingError(f"{', '.join(files.values())}: the formatter took longer than {TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise FormattingError(f"{', '.join(files.values())}: the formatter could not be run: {exc}") from None
    if done.returncode != 0:
        message = _MODULE_FILE.sub(lambda found: files.get(found[0], found[0]), done.stderr.decode(errors="replace"))
        raise FormattingError("; ".join(_problem(line) for line in message.strip().splitlines() if line.strip()))
    return done.stdout


def _problem(line: str) -> str:
    """`error: Failed to parse models.py:3:1: unexpected EOF` → `models.py:3:1: generated
    code could not be formatted: unexpected EOF`."""
    found = _LOCATED.match(line)
    if found is None:
        return f"generated code could not be formatted: {line.removeprefix('error: ')}"
    return f"{found['where']}: generated code could not be formatted: {found['what']}"
