"""Format generated source as black would, without paying black's price for every line.

The templates emit code in black's style already. A module is cut into its top-level
statements, classes into their members, methods into signature and body; a piece whose
lines all fit and that holds nothing black rewrites (quotes it would swap, a line it would
split) is kept as it is. A long assignment or signature is laid out by `layout`, which
splits lines as black does for the expressions the templates write. Only what is left
goes through black, all in one run (each distinct piece once), cut apart after. Nothing is
cached on disk: a cache is one more input a drift check would have to trust, and for real
pages nothing reaches black. The tests check, on every fixture and corpus, that the result is byte-for-byte
what black gives for the whole module.

Black is pinned to one target version so output never depends on the machine; it is
imported only when some piece needs it.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Union

from .layout import LINE_LENGTH, layout_statement

if TYPE_CHECKING:
    import black


@lru_cache(maxsize=None)
def black_mode() -> black.Mode:
    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310})
    assert mode.line_length == LINE_LENGTH
    return mode


class FormattingError(Exception):
    """Generated source that black cannot parse: a bug in a template or in escaping."""


def format_source(path: str, source: str) -> str:
    """`source` formatted as `black.format_str` would format it."""
    return format_sources({path: source})[path]


# Below this much source for black, one process does it all; above, the work is shared out
# to one process per core (black is most of a cold run's time).
PARALLEL_THRESHOLD = 40_000


def format_sources(sources: dict[str, str], parallel_threshold: int = PARALLEL_THRESHOLD) -> dict[str, str]:
    """Several modules at once: large ones in parallel, the pieces for black in few black runs."""
    large = sorted((path for path, source in sources.items() if len(source) > parallel_threshold), key=lambda p: -len(sources[p]))
    if len(large) > 1 and (os.cpu_count() or 1) > 1 and _can_fork():
        return _format_in_parallel(sources, large, parallel_threshold)
    return _format_together(sources, parallel_threshold)


def _format_in_parallel(sources: dict[str, str], large: list[str], parallel_threshold: int) -> dict[str, str]:
    """The largest module here, each other large one in a forked process, the small ones after."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    others = large[1:]
    workers = min(len(others), (os.cpu_count() or 1) - 1, 3)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {path: pool.submit(_format_alone, path, sources[path]) for path in others}
        formatted = {large[0]: _format_alone(large[0], sources[large[0]])}
        formatted.update(_format_together({p: s for p, s in sources.items() if p not in large}, parallel_threshold))
        for path, future in futures.items():
            formatted[path] = future.result()
    return {path: formatted[path] for path in sources}


def _format_alone(path: str, source: str) -> str:
    return _format_together({path: source}, parallel_threshold=2**62)[path]


def _format_together(sources: dict[str, str], parallel_threshold: int) -> dict[str, str]:
    planned: dict[str, list[Part]] = {path: _plan(path, source) for path, source in sources.items()}
    jobs = [(path, part) for path, parts in planned.items() for part in parts if isinstance(part, Job)]
    _run_jobs(jobs, parallel_threshold)
    formatted: dict[str, str] = {}
    for path, parts in planned.items():
        text = "".join(part if isinstance(part, str) else part.result or "" for part in parts)
        formatted[path] = text + "\n" if text else ""
    return formatted


def _plan(path: str, source: str) -> list[Part]:
    """The module as text that stays and jobs for black, in order."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise FormattingError(f"{path}: generated code does not parse: line {exc.lineno}: {exc.msg}") from None
    lines = source.splitlines()
    parts: list[Part] = []
    previous: Statement | None = None
    for statement in _top_level(tree, lines):
        if previous is not None:
            parts.append("\n" * (1 + _blank_lines(previous, statement)))
        parts.extend(_format_statement(statement))
        previous = statement
    return parts


@dataclass
class Job:
    """Source black must format (`snippet`, a whole module), and how to take the answer apart."""

    snippet: str
    post: Callable[[str], str] = lambda formatted: formatted
    result: str | None = None


Part = Union[str, Job]
_CUT = "__sdkgen_cut__ = 0"


def _run_jobs(jobs: list[tuple[str, Job]], parallel_threshold: int) -> None:
    """Format every snippet in as few black runs as there are cores."""
    pending = list(jobs)
    if not pending:
        return
    # Each distinct snippet goes to black once (sync and async methods share parameters).
    waiting: dict[str, list[Job]] = {}
    for path, job in pending:
        waiting.setdefault(job.snippet, []).append(job)
    pending = [(path, job) for path, job in pending if waiting[job.snippet][0] is job]
    size = sum(len(job.snippet) for _, job in pending)
    workers = min(os.cpu_count() or 1, 4) if size > parallel_threshold and _can_fork() else 1
    batches: list[list[tuple[str, Job]]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for item in sorted(pending, key=lambda item: -len(item[1].snippet)):  # largest first, to the lightest batch
        lightest = loads.index(min(loads))
        batches[lightest].append(item)
        loads[lightest] += len(item[1].snippet)
    texts = ["".join(f"{job.snippet}\n\n\n{_CUT}\n\n\n" for _, job in batch) for batch in batches]
    names = [", ".join(sorted({path for path, _ in batch})) for batch in batches]
    if workers == 1:
        outputs = [_run_black(names[0], texts[0])]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            outputs = list(pool.map(_run_black, names, texts))
    for batch, name, output in zip(batches, names, outputs):
        pieces = output.split(f"\n{_CUT}\n")
        if len(pieces) != len(batch) + 1:
            raise FormattingError(f"{name}: black's output could not be cut back into statements")
        for (_, job), piece in zip(batch, pieces):
            formatted = piece.strip("\n")
            for twin in waiting[job.snippet]:
                twin.result = twin.post(formatted)


def _can_fork() -> bool:
    import sys

    return sys.platform == "linux" and hasattr(os, "fork")


@dataclass
class Statement:
    text: str
    kind: str  # "docstring" (of the module) | "import" | "definition" (class, def) | "other"
    blank_lines_before: int  # as written by the template
    node: ast.stmt | None = None


def _format_statement(statement: Statement) -> list[Part]:
    """One top-level statement; a class is taken apart so that black sees only what needs it."""
    text = statement.text
    if is_black_stable(text):
        return [text]
    node = statement.node
    laid_out = _layout(node, text, 0)
    if laid_out is not None:
        return laid_out
    if isinstance(node, ast.ClassDef) and not node.decorator_list and text.startswith("class "):
        split = _class_members(node, text)
        if split is not None:
            header, members = split
            parts: list[Part] = [header if is_black_stable(header) else _laid_out(header, 0) or _header_job(header, "")]
            for gap, member, source in members:
                parts.append(gap)
                parts.extend(_format_member(member, source))
            return parts
    return [Job(text)]


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


def _format_member(node: ast.stmt, member: str) -> list[Part]:
    """One statement of a class body, formatted as black would inside the class.

    For a method whose body is fine and whose signature is not, only the signature goes
    through black: how black lays out a signature does not depend on the body.
    """
    if is_black_stable(member):
        return [member]
    laid_out = _layout(node, member, 1)
    if laid_out is not None:
        return laid_out
    definition = _signature_and_body(node, member) if isinstance(node, _FUNCTIONS) else None
    if definition is not None:
        signature, lines, body_start = definition
        body = "\n".join(lines[body_start:])
        if is_black_stable(body):
            return [*_signature_parts(signature), "\n" + body]
    return [Job(_IN_CLASS + member, _out_of_class)]


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _signature_and_body(node: ast.FunctionDef | ast.AsyncFunctionDef, text: str) -> tuple[str, list[str], int] | None:
    """Of an undecorated function: its signature, its lines and where its body starts
    (None when decorated, or when the body is on the signature's line)."""
    if node.decorator_list:
        return None
    lines = text.split("\n")
    body_start = node.body[0].lineno - node.lineno
    signature = "\n".join(lines[:body_start])
    if body_start < 1 or not signature.rstrip().endswith(":"):
        return None
    return signature, lines, body_start


def _laid_out(text: str, depth: int) -> str | None:
    """`layout_statement`, with black as the fallback should the layout ever fail."""
    try:
        return layout_statement(text, depth)
    except Exception:  # noqa: BLE001 - a bug in the fast path must not cost the user a run
        return None


def _layout(node: ast.stmt | None, text: str, depth: int) -> list[Part] | None:
    """A simple statement, or a function of simple statements, laid out without black (or None)."""
    if node is not None and _is_simple(node):
        laid_out = _laid_out(text, depth)
        return None if laid_out is None else [laid_out]
    if not isinstance(node, _FUNCTIONS):
        return None
    definition = _signature_and_body(node, text)
    if definition is None:
        return None
    signature, lines, body_start = definition
    if not is_black_stable(signature):
        signature = _laid_out(signature, depth) or ""
    body = _function_body(node.body, node.lineno, lines, body_start, depth + 1)
    if not signature or body is None:
        return None
    return [signature, "\n" + body]


def _is_simple(node: ast.stmt) -> bool:
    """A statement `layout` may know: an assignment, a return or an expression (not a docstring)."""
    return isinstance(node, (ast.AnnAssign, ast.Assign, ast.Return)) or (isinstance(node, ast.Expr) and not _is_docstring(node))


def _function_body(statements: list[ast.stmt], offset: int, lines: list[str], body_start: int, depth: int) -> str | None:
    """The body, each statement black would change laid out; None if one cannot be."""
    body = "\n".join(lines[body_start:])
    if is_black_stable(body):
        return body
    pieces: list[str] = []
    previous_end = body_start
    for statement in statements:
        start, end = statement.lineno - offset, (statement.end_lineno or statement.lineno) - offset + 1
        gap = lines[previous_end:start]
        if len(gap) > 1 or any(line.strip() for line in gap):  # a comment, or blank lines black would trim
            return None
        text = "\n".join(lines[start:end])
        if not is_black_stable(text):
            if not _is_simple(statement):
                return None
            laid_out = _laid_out(text, depth)
            if laid_out is None:
                return None
            text = laid_out
        pieces.append("\n" * len(gap) + text)
        previous_end = end
    return "\n".join(pieces)


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


# A class around a member, whose first statement is not a string, so that black never
# takes the member for a docstring.
_IN_CLASS = "class _:\n    _ = 0\n"


def _out_of_class(formatted: str) -> str:
    return formatted.split("\n", 2)[2].lstrip("\n")


_PARAMETER_INDENT = " " * 8


def _signature_parts(signature: str) -> list[Part]:
    """A method signature written one parameter a line (with the magic trailing comma):
    black lays out each parameter on its own, so only the long ones go to it."""
    lines = signature.split("\n")
    opening, parameters, closing = lines[0], lines[1:-1], lines[-1]
    one_per_line = (
        opening.endswith("(")
        and closing.startswith("    )")
        and parameters
        and all(p.startswith(_PARAMETER_INDENT) and p.endswith(",") and p.count("(") == p.count(")") for p in parameters)
    )
    plain = all(len(line) <= LINE_LENGTH and '\\"' not in line and ";" not in line for line in (opening, closing))
    if not one_per_line or not plain:
        return [_header_job(signature, "    ")]
    parts: list[Part] = [opening]
    for parameter in parameters:
        if len(parameter) <= LINE_LENGTH and is_black_stable(parameter.strip()):
            parts.append("\n" + parameter)
        else:
            stub = f"{_IN_CLASS}    def _(\n        self,\n{parameter}\n    ) -> None:\n        pass"
            parts.append(Job(stub, _parameter_lines))
    parts.append("\n" + closing)
    return parts


def _parameter_lines(formatted: str) -> str:
    lines = formatted.split("\n")
    start = lines.index(_PARAMETER_INDENT + "self,") + 1
    end = lines.index("    ) -> None:")
    return "\n" + "\n".join(lines[start:end])


def _header_job(header: str, indent: str) -> Job:
    """A `class ...:` or `def ...:` line for black, with a stand-in body taken off after."""
    stub = header + "\n" + indent + "    pass"
    if indent:
        return Job(_IN_CLASS + stub, lambda formatted: _out_of_class(formatted).rsplit("\n", 1)[0])
    return Job(stub, lambda formatted: formatted.rsplit("\n", 1)[0])


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
    if index == 0 and _is_docstring(node):
        return "docstring"
    return "other"


def is_black_stable(statement: str) -> bool:
    """True when black would leave this statement exactly as it is (conservatively).

    Outside docstrings (black never splits a string, nor rewrites a docstring we emit):
    lines must fit, and nothing may be present that black rewrites: escaped double quotes
    (black picks the quote needing fewer escapes), backslash continuations, tabs,
    semicolons, or a bracket pair left open on one line and closed on a later one without
    a trailing comma (black would join or re-split it). Nowhere: trailing spaces, or two
    blank lines inside a block (black keeps one).
    """
    if "\n\n\n    " in statement:
        return False
    depth = 0
    in_string = False
    for line in statement.split("\n"):
        if line != line.rstrip():
            return False
        quotes = line.count('"""')
        stripped = line.strip()
        if in_string or (quotes and stripped.startswith('"""')):
            in_string = in_string != (quotes % 2 == 1)
            continue
        if quotes or len(line) > LINE_LENGTH or line.endswith("\\") or '\\"' in line or "\t" in line or ";" in line:
            return False
        if depth and stripped and not (stripped.endswith((",", "(", "[", "{")) or stripped[0] in ")]}"):
            return False
        depth += sum(line.count(c) for c in "([{") - sum(line.count(c) for c in ")]}")
    return depth == 0 and not in_string


def _run_black(path: str, source: str) -> str:
    import black

    try:
        return black.format_str(source, mode=black_mode())
    except black.InvalidInput as exc:
        raise FormattingError(f"{path}: generated code does not parse: {exc}") from None
    except Exception as exc:  # a crash inside the formatter must not lose the user's output
        raise FormattingError(f"{path}: black failed: {type(exc).__name__}: {exc}") from None
