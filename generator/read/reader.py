"""Read input files into specification fragments: one per OpenAPI block or document.

Inputs may be any mix of Markdown pages (one page or a whole-site dump per file),
standalone OpenAPI documents in YAML or JSON, and directories of these. Every fragment
remembers where it came from, so that every later message can name a file and line.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.json_values import Budget, check_document
from ..common.limits import DEFAULT_LIMITS, MAX_INT_DIGITS, Limits, limit_note
from .files import NotText, as_lf, decoded, read_limited
from .refs import reference_folder, resolve_references

if TYPE_CHECKING:
    from .asyncapi import AsyncApiBlock
    from .markdown import FencedBlock, Page
    from .rendered import RenderedPage

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx", ".txt")
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class CodeExample:
    """A code sample a page shows for its endpoint (`python`, `go`, `shell`...), never run."""

    lang: str
    code: str
    source: SourceRef  # the first line of the code


@dataclass
class Fragment:
    """One self-contained OpenAPI document: a page's block or a whole standalone file."""

    source: SourceRef
    document: dict[str, Any]
    title: str
    server: str | None = None
    key_lines: dict[tuple[str, ...], int] = field(default_factory=dict)  # ("paths", "/a", "get") -> line
    examples: list[CodeExample] = field(default_factory=list)  # the page's code samples for this block
    from_page: bool = False  # a Markdown page's block (an exporter's output), not a standalone document

    def schema_source(self, name: str) -> SourceRef:
        return self.line_of(("components", "schemas", name))

    def line_of(self, path: tuple[str, ...]) -> SourceRef:
        """Where the entry at `path` (a tuple of keys) is written; the nearest known parent else."""
        for depth in range(len(path), 0, -1):
            line = self.key_lines.get(path[:depth])
            if line is not None:
                return SourceRef(self.source.path, line)
        return self.source


def discover_files(paths: list[str], diagnostics: Diagnostics) -> list[Path]:
    """Expand the given paths into input files, in a stable order."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                (p for p in path.rglob("*") if p.is_file() and _is_input(p, path)),
                key=lambda p: p.relative_to(path).as_posix(),
            )
            if not found:
                diagnostics.error(None, f"{given}: no input files (Markdown pages or OpenAPI documents) in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            diagnostics.error(None, f"{given}: no such file or folder")
    unique: dict[str, Path] = {}
    for file in files:
        unique.setdefault(os.path.realpath(file), file)
    return list(unique.values())


def _is_input(path: Path, root: Path) -> bool:
    relative = path.relative_to(root).parts
    if any(part.startswith(".") for part in relative):
        return False
    return path.suffix.lower() in MARKDOWN_SUFFIXES + DOCUMENT_SUFFIXES


@dataclass
class _Budget:
    """What one run may still read (`max_nodes` and `max_alias_nodes` are for all inputs together)."""

    limits: Limits
    left: Budget
    exhausted: bool = False  # said once: the blocks after the one that went over are not read
    read: dict[str, bytes] = field(default_factory=dict)  # real path -> bytes, of every file read
    referenced: set[str] = field(default_factory=set)  # real paths of the files a reference named
    parts: list[tuple[str, bytes]] = field(default_factory=list)  # referenced files read by refs, for the stamp


@dataclass(frozen=True)
class InputFile:
    """One input file as it was read, once, within the size limit: what the provenance stamp hashes."""

    name: str  # the file's name (not its folder: the stamp is the same wherever the inputs are)
    data: bytes  # its bytes, line endings as LF (a CRLF checkout stamps the same)


@dataclass
class Sources:
    """Everything read from the inputs: OpenAPI blocks and documents, rendered pages, and
    each file's bytes in reading order."""

    fragments: list[Fragment] = field(default_factory=list)
    rendered: list[RenderedPage] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    asyncapi: list[AsyncApiBlock] = field(default_factory=list)  # AsyncAPI 2.x blocks and documents


def read_sources(paths: list[str], diagnostics: Diagnostics, limits: Limits = DEFAULT_LIMITS) -> Sources:
    sources = Sources()
    budget = _Budget(limits, Budget(limits.max_nodes, limits.max_alias_nodes))
    parts: list[tuple[Path, str, str]] = []  # documents that declare no `openapi`: parts of a split one?
    for file in discover_files(paths, diagnostics):
        real = os.path.realpath(file)
        display = _display_path(file)
        data = budget.read.get(real) or _read_bytes(file, display, diagnostics, limits)
        if data is None:
            continue
        if real not in budget.read:
            budget.read[real] = data
            sources.inputs.append(InputFile(file.name, as_lf(data)))
        text = _decoded(data, display, diagnostics)
        if text is None or real in budget.referenced:
            continue  # a part of a document read before: read with it
        is_json = file.suffix.lower() == ".json"
        if file.suffix.lower() in DOCUMENT_SUFFIXES and _declares_asyncapi(text, is_json):
            _read_asyncapi(display, text, is_json, SourceRef(display, 1), None, sources, diagnostics, budget)
        elif file.suffix.lower() in DOCUMENT_SUFFIXES and not _declares_openapi(text, is_json):
            parts.append((file, display, text))  # read last, if no document refers to it
        elif file.suffix.lower() in DOCUMENT_SUFFIXES:
            fragment = _read_document(display, text, is_json, diagnostics, budget, file, reference_folder(file, paths))
            if fragment is not None:
                sources.fragments.append(fragment)
        else:
            _read_markdown(display, text, sources, diagnostics, budget)
        _take_parts(sources, budget)
    for file, display, text in parts:
        if os.path.realpath(file) not in budget.referenced:  # no part: read as a document (and said why it is none)
            fragment = _read_document(display, text, file.suffix.lower() == ".json", diagnostics, budget, file, reference_folder(file, paths))
            if fragment is not None:
                sources.fragments.append(fragment)
            _take_parts(sources, budget)
    return sources


_DECLARES_OPENAPI = re.compile(r"^(?:openapi|swagger|\"openapi\"|\"swagger\")\s*:", re.M)
_JSON_DECLARES_OPENAPI = re.compile(r"\"(?:openapi|swagger)\"\s*:")


def _declares_openapi(text: str, is_json: bool) -> bool:
    """Whether a document's text has a top-level `openapi` (or `swagger`) key, as far as a scan
    tells: one that has none may be a part of a split document (`models/pet.yaml`), read
    with the document that refers to it; a document the scan misses is still read, last."""
    return (_JSON_DECLARES_OPENAPI if is_json else _DECLARES_OPENAPI).search(text) is not None


_DECLARES_ASYNCAPI = re.compile(r"^(?:asyncapi|\"asyncapi\")\s*:", re.M)
_JSON_DECLARES_ASYNCAPI = re.compile(r"^\s*\{?\s*\"asyncapi\"\s*:")


def _declares_asyncapi(text: str, is_json: bool) -> bool:
    """Whether a document is an AsyncAPI document: a top-level `asyncapi` key (in JSON, the
    first key, as AsyncAPI documents write it) and no `openapi` one."""
    found = (_JSON_DECLARES_ASYNCAPI if is_json else _DECLARES_ASYNCAPI).search(text) is not None
    return found and not _declares_openapi(text, is_json)


def _read_asyncapi(
    display: str, text: str, is_json: bool, source: SourceRef, page_title: str | None, sources: Sources, diagnostics: Diagnostics, budget: _Budget
) -> None:
    """One AsyncAPI block or document into `sources.asyncapi` (AsyncAPI 2.x; 3 is skipped)."""
    from .asyncapi import AsyncApiBlock, read_channels

    document = _parse(text, is_json, source, diagnostics, budget, kind="asyncapi")
    if document is None:
        return
    title = page_title if page_title is not None else str((document.get("info") or {}).get("title") or display)
    block = AsyncApiBlock(source=source, title=title, document=document, from_page=page_title is not None)
    block.key_lines = _json_key_lines(text) if is_json else _yaml_key_lines(text, source.line)
    read_channels(block, diagnostics)
    if block.channels:
        sources.asyncapi.append(block)


def _take_parts(sources: Sources, budget: _Budget) -> None:
    """The referenced files read since the last input, into the inputs the stamp hashes."""
    sources.inputs.extend(InputFile(name, data) for name, data in budget.parts)
    budget.parts.clear()


def read_fragments(paths: list[str], diagnostics: Diagnostics, limits: Limits = DEFAULT_LIMITS) -> list[Fragment]:
    return read_sources(paths, diagnostics, limits).fragments


def _display_path(file: Path) -> str:
    try:
        return file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def _read_bytes(file: Path, display: str, diagnostics: Diagnostics, limits: Limits) -> bytes | None:
    """The file's bytes, read once and never more than the limit (a file that grows while it
    is read is cut there and refused); None, with an error, over the limit or unreadable."""
    try:
        data, size = read_limited(file, limits.max_input_bytes)
    except OSError as exc:
        diagnostics.error(SourceRef(display, 1), f"cannot read: {exc.strerror or exc}")
        return None
    if len(data) > limits.max_input_bytes:
        diagnostics.error(
            SourceRef(display, 1),
            f"file is {size / 1024 / 1024:.1f} MiB ({size:,} bytes), over the limit of {limits.max_input_bytes:,} bytes for one input file; {limit_note('max_input_bytes')}",
        )
        return None
    return data


def _decoded(data: bytes, display: str, diagnostics: Diagnostics) -> str | None:
    """The text of a file's bytes; None, with an error at the line of the first byte that is
    not UTF-8."""
    try:
        return decoded(data)
    except NotText as problem:
        diagnostics.error(SourceRef(display, problem.line), problem.message)
        return None


def _read_markdown(display: str, text: str, sources: Sources, diagnostics: Diagnostics, budget: _Budget) -> None:
    # Loaded with the first page, as YAML is: a run on documents alone never needs them.
    from .markdown import split_pages
    from .rendered import read_rendered_page

    default_title = Path(display).stem
    lines = text.split("\n")
    pages = split_pages(text, default_title)
    for index, page in enumerate(pages):
        for block in page.asyncapi_blocks:
            if not block.closed:
                diagnostics.error(SourceRef(display, block.first_line - 1), "fenced block never closes")
            else:
                _read_asyncapi(display, block.text, block.lang == "json", SourceRef(display, block.first_line), page.title, sources, diagnostics, budget)
        blocks = page.openapi_blocks
        if not blocks:
            if page.asyncapi_blocks:
                continue
            end = pages[index + 1].line - 1 if index + 1 < len(pages) else len(lines)
            title = "" if page.title == default_title else page.title
            rendered = read_rendered_page(display, lines[page.line - 1 : end], page.line, title, diagnostics)
            if rendered is None:
                diagnostics.warning(SourceRef(display, page.line), f"page {page.title!r} has no OpenAPI Specification block")
            else:
                sources.rendered.append(rendered)
                diagnostics.notice(
                    rendered.source,
                    f"read as a rendered reference page: {rendered.method.upper()} {rendered.path} "
                    f"({sum(len(f) for f in rendered.fields.values())} fields)",
                )
            continue
        examples = page.examples_by_block()
        for block_index, block_examples in examples.items():
            fragment = _read_block(display, page, block_index, block_examples, diagnostics, budget)
            if fragment is not None:
                sources.fragments.append(fragment)


def _read_block(display: str, page: Page, block_index: int, examples: list[FencedBlock], diagnostics: Diagnostics, budget: _Budget) -> Fragment | None:
    block = page.blocks[block_index]
    source = SourceRef(display, block.first_line)
    if not block.closed:
        diagnostics.error(SourceRef(display, block.first_line - 1), "fenced block never closes")
        return None
    document = _parse(block.text, block.lang == "json", source, diagnostics, budget)
    document = document and resolve_references(document, block.text, source, None, None, diagnostics, budget)
    if document is None:
        return None
    fragment = Fragment(source=source, document=document, title=page.title, from_page=True)
    fragment.key_lines = _yaml_key_lines(block.text, block.first_line)
    fragment.server = _server(document, page.endpoint)
    fragment.examples = [CodeExample(b.lang, b.text, SourceRef(display, b.first_line)) for b in examples]
    return fragment


def _read_document(
    display: str, text: str, is_json: bool, diagnostics: Diagnostics, budget: _Budget, file: Path, folder: Path
) -> Fragment | None:
    source = SourceRef(display, 1)
    document = _parse(text, is_json, source, diagnostics, budget)
    document = document and resolve_references(document, text, source, file, folder, diagnostics, budget)
    if document is None:
        return None
    fragment = Fragment(source=source, document=document, title=str(document.get("info", {}).get("title", display)))
    fragment.key_lines = _json_key_lines(text) if is_json else _yaml_key_lines(text, 1)
    fragment.server = _server(document, None)
    return fragment


def _parse(text: str, is_json: bool, source: SourceRef, diagnostics: Diagnostics, budget: _Budget, kind: str = "openapi") -> dict[str, Any] | None:
    limits = budget.limits
    if budget.exhausted:
        return None

    def at(line: int | None) -> SourceRef:
        return SourceRef(source.path, source.line + (line or 0))

    if not is_json:
        from . import (
            yaml_loader,  # loaded with the first YAML text (a JSON-only run never needs it)
        )
    try:
        document = json.loads(text) if is_json else yaml_loader.load_yaml(text)
    except json.JSONDecodeError as exc:
        diagnostics.error(at(exc.lineno - 1), f"invalid JSON: {exc.msg}")
        return None
    except ValueError:  # json: an integer of more digits than Python reads
        from .locate import (
            json_line_of_long_integer,  # the locators: loaded for a message only
        )

        diagnostics.error(at(json_line_of_long_integer(text)), f"invalid JSON: an integer of more than {MAX_INT_DIGITS:,} digits; Python reads at most {MAX_INT_DIGITS:,}")
        return None
    except RecursionError:  # a last resort: the parsers recurse per level, far beyond max_depth
        from .locate import json_line_deeper_than

        line = json_line_deeper_than(text, limits.max_depth) if is_json else None
        diagnostics.error(at(line), f"arrays and mappings nest more than {limits.max_depth} levels deep; {limit_note('max_depth')}")
        return None
    except Exception as exc:
        yaml_error = None if is_json else yaml_loader.yaml_problem(exc)
        if yaml_error is None:
            raise
        line, problem = yaml_error
        if line is not None and "maximum nesting depth" in problem:  # libyaml's own bound (1,000 levels)
            problem = f"arrays and mappings nest more than {min(limits.max_depth, 1000)} levels deep; {limit_note('max_depth')}"
            diagnostics.error(at(line), problem)
        else:
            diagnostics.error(at(line), f"invalid YAML: {problem}")
        return None
    found = check_document(document, limits, budget.left)
    if found is not None:
        from .locate import line_of_path

        diagnostics.error(at(line_of_path(text, is_json, found.path)), found.message)
        budget.exhausted = found.exhausts
        return None
    if kind == "asyncapi":
        return _asyncapi_document(document, source, diagnostics)
    if not isinstance(document, dict) or "openapi" not in document and "swagger" not in document:
        diagnostics.error(source, "not an OpenAPI document (no top-level `openapi` field)")
        return None
    version = str(document.get("openapi") or document.get("swagger"))
    if not version.startswith("3."):
        diagnostics.error(source, f"OpenAPI version {version} is not supported; convert it to 3.0 or 3.1 first")
        return None
    if not isinstance(document.get("paths", {}), dict):
        diagnostics.error(source, "`paths` must be a mapping")
        return None
    return document


def _asyncapi_document(document: Any, source: SourceRef, diagnostics: Diagnostics) -> dict[str, Any] | None:
    """An AsyncAPI 2.x document; None for anything else (an AsyncAPI 3 one with a notice: its
    channels and operations are written another way, not read yet)."""
    if not isinstance(document, dict) or "asyncapi" not in document:
        diagnostics.error(source, "not an AsyncAPI document (no top-level `asyncapi` field)")
        return None
    version = str(document.get("asyncapi"))
    if version.startswith("3."):
        diagnostics.notice(source, f"skipped AsyncAPI {version} document: only AsyncAPI 2.x channels are read")
        return None
    if not version.startswith("2."):
        diagnostics.error(source, f"AsyncAPI version {version} is not supported; AsyncAPI 2.x is")
        return None
    return document


def _server(document: dict[str, Any], endpoint: tuple[str, str] | None) -> str | None:
    servers = document.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict) and servers[0].get("url"):
        return str(servers[0]["url"]).rstrip("/")
    if endpoint is None:
        return None
    url = endpoint[1]
    for path in document.get("paths") or {}:
        if isinstance(path, str) and url.endswith(path):
            return url[: len(url) - len(path)].rstrip("/")
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# A key line, found from the line break before it (the text is scanned with one put in front:
# a literal first character lets the scan skip to line breaks). `%s` repeats the indentation:
# "*" for any, "{0,N}" for at most N characters (see _key_lines).
_YAML_KEY = r"\n(?P<indent> %s)(?:- )?(?P<key>'[^'\n]*'|\"[^\"\n]*\"|[^\s#'\"\-][^:\n]*?):(?:[^\S\n]|$)"
_JSON_KEY = r'\n(?P<indent>[^\S\n]%s)"(?P<key>[^"\\\n]*(?:\\.[^"\\\n]*)*)"[^\S\n]*:'
KEY_DEPTH = 4  # deep enough for components/schemas/X and paths/P/method/field


def _yaml_key_lines(text: str, first_line: int) -> dict[tuple[str, ...], int]:
    """Line of each mapping key down to KEY_DEPTH levels, found from the indentation.

    An index for messages, not a parser: a key it misses only makes a message point at the
    enclosing entry instead.
    """
    return _key_lines(text, first_line, _YAML_KEY, lambda key: key.strip("'\""))


def _json_key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The same for JSON written one key a line (any pretty-printed document)."""

    def unquote(key: str) -> str:
        if "\\" not in key:
            return key  # nothing escaped: the key as written
        try:
            return str(json.loads(f'"{key}"'))
        except ValueError:
            return key

    return _key_lines(text, 1, _JSON_KEY, unquote)


def _key_lines(text: str, first_line: int, pattern: str, clean: Any) -> dict[tuple[str, ...], int]:
    lines: dict[tuple[str, ...], int] = {}
    stack: list[tuple[int, str]] = []
    text = "\n" + text
    line, counted, position = first_line, 1, 0
    while True:
        # Once KEY_DEPTH keys are open, only a key indented no deeper than the last one can
        # close some: the regex engine skips the deeper lines (most of a large document).
        found = _key_pattern(pattern, f"{{0,{stack[-1][0]}}}" if len(stack) >= KEY_DEPTH else "*").search(text, position)
        if found is None:
            return lines
        position = found.end()
        start, end = found.span("indent")
        indent = end - start
        while stack and stack[-1][0] >= indent:
            stack.pop()
        line += text.count("\n", counted, start)
        counted = start
        stack.append((indent, clean(found.group("key"))))
        lines.setdefault(tuple(key for _, key in stack), line)


@lru_cache(maxsize=64)
def _key_pattern(pattern: str, repetition: str) -> re.Pattern[str]:
    return re.compile(pattern % repetition, re.MULTILINE)
