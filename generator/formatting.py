"""Format generated source as black would, without paying black's price for every line.

The templates emit code in black's style already. A module is cut into its top-level
statements; a statement whose lines all fit and that holds nothing black rewrites (quotes
it would swap, a line it would split) is kept as it is, and only the others go through
black, one statement at a time. Black's results are cached on disk by content, so a
regeneration formats only the statements that changed. The tests check, on every fixture
and corpus, that the result is byte-for-byte what black gives for the whole module.

Black is pinned to one target version so output never depends on the machine.
"""

from __future__ import annotations

import ast
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import black

MODE = black.Mode(target_versions={black.TargetVersion.PY310})
LINE_LENGTH = MODE.line_length
_CACHE_KEY = f"black {black.__version__} {MODE!r}".encode()


class FormattingError(Exception):
    """Generated source that black cannot parse: a bug in a template or in escaping."""


def format_source(path: str, source: str, cache: FormatCache | None = None) -> str:
    """`source` formatted as `black.format_str` would format it."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise FormattingError(f"{path}: generated code does not parse: line {exc.lineno}: {exc.msg}") from None
    lines = source.splitlines()
    out: list[str] = []
    previous: Statement | None = None
    for statement in _top_level(tree, lines):
        if previous is not None:
            out.append("\n" * (1 + _blank_lines(previous, statement)))
        out.append(_format_statement(path, statement, cache))
        previous = statement
    return "".join(out) + "\n" if out else ""


@dataclass
class Statement:
    text: str
    kind: str  # "docstring" (of the module) | "import" | "definition" (class, def) | "other"
    blank_lines_before: int  # as written by the template
    node: ast.stmt | None = None


def _format_statement(path: str, statement: Statement, cache: FormatCache | None) -> str:
    """One top-level statement; a class is taken apart so that black sees only what needs it."""
    text = statement.text
    if is_black_stable(text):
        return text
    node = statement.node
    if isinstance(node, ast.ClassDef) and not node.decorator_list and text.startswith("class "):
        split = _class_members(node, text)
        if split is not None:
            header, parts = split
            if not is_black_stable(header):
                header = _black_header(path, header, "", cache)
            return header + "".join(gap + _format_member(path, member, source, cache) for gap, member, source in parts)
    return _black(path, text, cache)


def _class_members(node: ast.ClassDef, text: str) -> tuple[str, list[tuple[str, ast.stmt, str]]] | None:
    """The class line(s), then (blank lines before, node, source) of each statement of its body."""
    lines = text.split("\n")
    offset = node.lineno
    first_body = node.body[0].lineno - offset
    if first_body < 1 or any(getattr(n, "decorator_list", None) for n in node.body):
        return None
    header = "\n".join(lines[:first_body])
    parts: list[tuple[str, ast.stmt, str]] = []
    previous_end = first_body
    for member in node.body:
        start, end = member.lineno - offset, (member.end_lineno or member.lineno) - offset + 1
        gap = lines[previous_end:start]
        if any(line.strip() for line in gap):  # a comment: leave the class to black
            return None
        parts.append(("\n" * (1 + min(len(gap), 1)), member, "\n".join(lines[start:end])))  # black: at most one
        previous_end = end
    return header, parts


def _format_member(path: str, node: ast.stmt, member: str, cache: FormatCache | None) -> str:
    """One statement of a class body, formatted as black would inside the class.

    For a method whose body is fine and whose signature is not, only the signature goes
    through black: how black lays out a signature does not depend on the body.
    """
    if is_black_stable(member):
        return member
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.decorator_list:
        lines = member.split("\n")
        body_start = node.body[0].lineno - node.lineno
        signature, body = "\n".join(lines[:body_start]), "\n".join(lines[body_start:])
        if body_start >= 1 and signature.rstrip().endswith(":") and is_black_stable(body):
            return _black_header(path, signature, "    ", cache) + "\n" + body
    return _inside_class(path, member, cache)


def _inside_class(path: str, member: str, cache: FormatCache | None) -> str:
    # A first statement that is not a string, so that black never takes the member for a docstring.
    formatted = _black(path, "class _:\n    _ = 0\n" + member, cache)
    return formatted.split("\n", 2)[2].lstrip("\n")


def _black_header(path: str, header: str, indent: str, cache: FormatCache | None) -> str:
    """A `class ...:` or `def ...:` line formatted by black, with a stand-in body."""
    stub = header + "\n" + indent + "    pass"
    formatted = _inside_class(path, stub, cache) if indent else _black(path, stub, cache)
    return formatted.rsplit("\n", 1)[0]


def _blank_lines(previous: Statement, current: Statement) -> int:
    """Black's blank lines between two top-level statements."""
    if previous.kind == "definition" or current.kind == "definition":
        return 2
    if previous.kind == "docstring":
        return 1
    return min(current.blank_lines_before, 2)


def format_with_black(path: str, source: str) -> str:
    """The whole module through black (the reference the fast path is tested against)."""
    return _run_black(path, source)


def _top_level(tree: ast.Module, lines: list[str]) -> list[Statement]:
    """Each top-level statement, with the comments written just above it.

    Consecutive imports stay together, as one block, the way the templates write them.
    """
    statements: list[Statement] = []
    previous_end = 0
    for index, node in enumerate(tree.body):
        decorators = getattr(node, "decorator_list", None)
        start = (decorators[0].lineno if decorators else node.lineno) - 1
        # Comments in the gap belong to the statement below them (blank lines between kept).
        gap = lines[previous_end:start]
        commented = next((i for i, line in enumerate(gap) if line.strip()), len(gap))
        blank = commented
        start = previous_end + commented
        text = "\n".join(lines[start : node.end_lineno])
        kind = _kind(node, index)
        if kind == "import" and statements and statements[-1].kind == "import":
            statements[-1].text += "\n" * (1 + blank) + text
        else:
            statements.append(Statement(text, kind, blank, node))
        previous_end = node.end_lineno or previous_end
    return statements


def _kind(node: ast.stmt, index: int) -> str:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return "import"
    if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return "definition"
    if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return "docstring"
    return "other"


def is_black_stable(statement: str) -> bool:
    """True when black would leave this statement exactly as it is (conservatively).

    Lines must fit (docstrings and other triple-quoted strings excepted: black never splits
    a string), and nothing may be present that black rewrites: escaped double quotes (black
    picks the quote needing fewer escapes), backslash continuations, tabs, semicolons,
    trailing spaces, or a bracket pair left open on one line and closed on a later one
    without a trailing comma (black would join or re-split it).
    """
    if '\\"' in statement or "\t" in statement or ";" in statement:
        return False
    if "\n\n\n    " in statement:  # two blank lines inside a block: black keeps one
        return False
    depth = 0
    in_string = False
    for line in statement.split("\n"):
        if line != line.rstrip() or line.endswith("\\"):
            return False
        quotes = line.count('"""')
        stripped = line.strip()
        if in_string or (quotes and stripped.startswith('"""')):
            in_string = in_string != (quotes % 2 == 1)
            continue
        if quotes or len(line) > LINE_LENGTH:
            return False
        if depth and stripped and not (stripped.endswith((",", "(", "[", "{")) or stripped[0] in ")]}"):
            return False
        depth += sum(line.count(c) for c in "([{") - sum(line.count(c) for c in ")]}")
    return depth == 0 and not in_string


def _black(path: str, statement: str, cache: FormatCache | None) -> str:
    if cache is not None:
        found = cache.get(statement)
        if found is not None:
            return found
    formatted = _run_black(path, statement + "\n").rstrip("\n")
    if cache is not None:
        cache.put(statement, formatted)
    return formatted


def _run_black(path: str, source: str) -> str:
    try:
        return black.format_str(source, mode=MODE)
    except black.InvalidInput as exc:
        raise FormattingError(f"{path}: generated code does not parse: {exc}") from None
    except Exception as exc:  # a crash inside the formatter must not lose the user's output
        raise FormattingError(f"{path}: black failed: {type(exc).__name__}: {exc}") from None


class FormatCache:
    """Black's output by input, one small file each, under the user's cache directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def default(cls) -> FormatCache | None:
        if os.environ.get("SDKGEN_NO_CACHE"):
            return None
        root = os.environ.get("SDKGEN_CACHE_DIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "sdkgen"
        )
        return cls(Path(root) / "black")

    def _path(self, statement: str) -> Path:
        digest = hashlib.sha256(_CACHE_KEY + b"\0" + statement.encode()).hexdigest()
        return self.directory / digest[:2] / digest[2:]

    def get(self, statement: str) -> str | None:
        try:
            return self._path(statement).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, statement: str, formatted: str) -> None:
        path = self._path(statement)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            temporary.write_text(formatted, encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
