"""What the tool reads at run time besides its own modules: the generated package's templates
and its runtime modules.

The templates live in the repository's top-level `templates/` folder, which pyproject.toml
installs as the package `generator.templates`; the runtime modules are `generator/emit/runtime/`.
Both are read through `importlib.resources`, never through a path relative to this file, so a
wheel, a zip or an editable install all give the same text.
"""

from __future__ import annotations

import ast
import functools
import re
import textwrap
from importlib import resources
from importlib.resources.abc import Traversable

TEMPLATES_PACKAGE = "generator.templates"
RUNTIME_PACKAGE = "generator.emit.runtime"
# Copied into the package as they are, by their path in the package (and in generator/emit/runtime/).
RUNTIME_MODULES = (
    "_base.py",
    "_core/__init__.py",
    "_core/_lazy.py",
    "_core/deadline.py",
    "_core/errors.py",
    "_core/http.py",
    "_core/pagination.py",
    "_core/params.py",
    "_core/redaction.py",
    "_core/request.py",
    "_core/responses.py",
    "_core/settings.py",
    "_core/sse.py",
)
# Copied only into a package with WebSocket channels (its `websockets` dependency with them).
CHANNEL_RUNTIME_MODULES = ("_core/websocket.py",)
RUNTIME_EXPORTS_MODULE = "_core/__init__.py"  # its `__all__` is what the package re-exports
PACKAGE_TEMPLATES = "package"  # the folder of templates, one per module of the generated package
PACKAGE_FILE_TEMPLATES = "package_files"  # the files beside the package: pyproject.toml, README.md, reference.md
TEMPLATE_SUFFIX = ".jinja"


@functools.cache
def package_templates() -> dict[str, str]:
    """Every template of the generated package: file name → text."""
    folder = resources.files(TEMPLATES_PACKAGE).joinpath(PACKAGE_TEMPLATES)
    return {entry.name: entry.read_text(encoding="utf-8") for entry in _files(folder, TEMPLATE_SUFFIX)}


@functools.cache
def package_file_templates() -> dict[str, str]:
    """Every template of the files beside the package: file name → text."""
    folder = resources.files(TEMPLATES_PACKAGE).joinpath(PACKAGE_FILE_TEMPLATES)
    return {entry.name: entry.read_text(encoding="utf-8") for entry in _files(folder, TEMPLATE_SUFFIX)}


@functools.cache
def runtime_modules(channels: bool = False) -> dict[str, str]:
    """The runtime modules of the generated package (with `channels`, the WebSocket ones
    too): file name → text."""
    folder = resources.files(RUNTIME_PACKAGE)
    names = RUNTIME_MODULES + (CHANNEL_RUNTIME_MODULES if channels else ())
    return {name: _descendant(folder, name).read_text(encoding="utf-8") for name in names}


@functools.cache
def runtime_exports() -> tuple[str, ...]:
    """`__all__` of the runtime (read, not imported): the names the package re-exports. Only
    that one statement is parsed (the whole module would cost a run about 10 ms)."""
    found = re.search(r"^__all__ = \[\n.*?^\]$", runtime_modules()[RUNTIME_EXPORTS_MODULE], re.M | re.S)
    value = ast.literal_eval(found.group().partition("=")[2].strip()) if found else None
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise RuntimeError(f"generator/emit/runtime/{RUNTIME_EXPORTS_MODULE} has no __all__ list of names")
    return tuple(value)


def _descendant(folder: Traversable, path: str) -> Traversable:
    """The entry at `path` (`/`-separated) under `folder`, one level at a time (what every
    Traversable supports)."""
    for part in path.split("/"):
        folder = folder.joinpath(part)
    return folder


def _files(folder: Traversable, suffix: str) -> list[Traversable]:
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(suffix) and entry.is_file()), key=lambda entry: entry.name)


_JINJA_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}")
_STATEMENT_START = re.compile(r"^(?:\s*from\s+\S+\s+import\b|\s*import\b|[A-Za-z_]\w*\s*(?::[^=]*)?=(?!=))")


@functools.cache
def template_module_names(template: str) -> frozenset[str]:
    """The names a module template binds at its top level, read from its text (never kept by
    hand): what its imports bind (`from ._core import NOT_GIVEN` binds `NOT_GIVEN`, `import
    builtins as _builtins` binds `_builtins`) and the names it assigns. Jinja's statement tags
    are dropped first; a statement whose text is made by Jinja (`{{ ... }}`) names what it
    names literally, if anything."""
    text = _JINJA_TAG.sub("", package_templates()[template])
    names: set[str] = set()
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not _STATEMENT_START.match(line):
            continue
        statement = line
        while statement.rstrip().endswith(("(", ",", "[")) and index < len(lines):  # a parenthesized import goes on
            statement += "\n" + lines[index]
            index += 1
        statement = re.sub(r"\{\{.*?\}\}", "_", statement)
        try:
            tree = ast.parse(textwrap.dedent(statement))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(target.id for target in targets if isinstance(target, ast.Name))
    return frozenset(names - {"_"})
