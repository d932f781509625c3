"""The usage example of each method of the package, as Python source for its README and reference.

An example is the page's own Python SDK example (`x-codeSamples` of the operation, which the
merge keeps from the pages) where one can be used as it is, else a call built from the
operation's schemas.

A page's example is used only when, read with `ast` (never run):

- it parses, holds no invisible or control character, and is only SDK usage: imports of the
  SDK's module (and `asyncio`), the client made and called, the package's types built,
  `print`, loops and `with` blocks over those (no other module, builtin or private name);
- everything it imports from the SDK's module is a name the package exports;
- it calls this very method (`client.<resource path>.<method>(...)`, as the package names it)
  once, with every required argument, no argument the method does not take, and no more
  positional ones than the method takes; an event stream's method is iterated.

It is adapted only as the package needs: its import lines name the package (`from elevenlabs
import ElevenLabs` → `from el_sdk import ElevenLabs`; `import acme` → `import acme_sdk as
acme`). Everything else stays as the page wrote it.

A built example makes the client with this API's credential arguments (placeholders such as
`"YOUR_API_KEY"`) and calls the method with its required arguments, valued from the schemas
(`sample_values.py`; the request body's own example when it fits) and written as literals by
`pysyntax`; files are `open("<name>", "rb")`. Lines are laid out as black lays them out: a
statement that fits on one line stays on it, else each bracket is split one item a line with
a trailing comma, which black keeps as it is.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Union

from ..common.pysyntax import (
    PYTHON_BUILTINS,
    LINE_LENGTH,
    UNSAFE_CATEGORIES,
    python_literal,
    string_literal,
)
from ..model.sdk_ir import ClientSpec, Operation, Parameter
from ..model.type_expr import is_list, is_upload
from ..spec import extensions
from ..spec.operation_view import success_content
from .sample_values import MISSING, fits, sample_value

MAX_EXAMPLE_CHARS = 20_000
ALLOWED_MODULES = frozenset({"asyncio"})
ALLOWED_BUILTINS = frozenset({"print", "len", "str", "repr", "list", "dict", "isinstance", "type"})
_STATEMENTS = (
    ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.Expr, ast.For, ast.AsyncFor, ast.With,
    ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef, ast.Return, ast.Pass, ast.Try, ast.ExceptHandler,
)  # fmt: skip
_EXPRESSIONS = (
    ast.Constant, ast.Name, ast.Attribute, ast.Call, ast.keyword, ast.List, ast.Tuple, ast.Set, ast.Dict,
    ast.Await, ast.JoinedStr, ast.FormattedValue, ast.UnaryOp, ast.BinOp, ast.Subscript, ast.Slice,
)  # fmt: skip
_PARTS = (
    ast.Load, ast.Store, ast.alias, ast.arguments, ast.withitem, ast.operator, ast.unaryop, ast.Module,
)  # fmt: skip

# -- what an example is of -------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A method of the package, as an example calls it."""

    call_path: tuple[str, ...]  # attributes after the client: ("conversational_ai", "conversations", "get")
    operation: Operation
    iterated: bool  # an event stream: the call must be looped over to send anything


def required_arguments(operation: Operation) -> list[Parameter]:
    params = operation.path_params + [p for p in operation.query_params + operation.header_params + operation.cookie_params if p.required]
    if operation.body is not None:
        params += [p for p in operation.body.fields if p.required]
        if operation.body.whole is not None and operation.body.whole.required:
            params.append(operation.body.whole)
    return params


def accepted_arguments(operation: Operation) -> set[str]:
    names = {p.name for p in operation.path_params + operation.query_params + operation.header_params + operation.cookie_params}
    if operation.body is not None:
        names |= {p.name for p in operation.body.fields}
        if operation.body.whole is not None:
            names.add(operation.body.whole.name)
    return names | {"request_options"}


# -- the page's own example ------------------------------------------------------------------


def page_example(target: Target, client: ClientSpec, module: str | None, exports: frozenset[str]) -> str | None:
    """The first of the operation's Python code samples that can be used (see the module's
    docstring), adapted to the package; None when none can."""
    samples = target.operation.view.get(extensions.CODE_SAMPLES)
    if not module or not isinstance(samples, list):
        return None
    for sample in samples:
        if isinstance(sample, dict) and str(sample.get("lang", "")).lower() in ("python", "py", "python3"):
            code = sample.get("source")
            if isinstance(code, str):
                adapted = _adapt(code, target, client.package, module, exports)
                if adapted is not None:
                    return adapted
    return None


def _adapt(code: str, target: Target, package: str, module: str, exports: frozenset[str]) -> str | None:
    if len(code) > MAX_EXAMPLE_CHARS or any(unicodedata.category(c) in UNSAFE_CATEGORIES for c in code if c not in "\n\t"):
        return None
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    reader = _ExampleReader(module, exports)
    if not reader.read(tree):
        return None
    calls = [call for call in reader.calls if call[1] == target.call_path]
    if len(calls) != 1 or not reader.calls or reader.calls[-1] is not calls[0]:
        return None
    node, _ = calls[0]
    if not _gives_every_required_argument(node, target.operation):
        return None
    if target.iterated and id(node) not in reader.iterated:
        return None
    return _rewrite_imports(code, reader.sdk_imports, package, module)


def is_plain_sdk_usage(code: str, module: str, exports: frozenset[str]) -> bool:
    """Whether `code` reads as plain usage of the SDK `module` (exporting `exports`): the check a
    page's example passes before it is copied into the package's docs (see the module's docstring)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return _ExampleReader(module, exports).read(tree)


def _gives_every_required_argument(call: ast.Call, operation: Operation) -> bool:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return False
    if len(call.args) > len(operation.positional):
        return False
    given = {p.name for p in operation.positional[: len(call.args)]}
    keywords = {str(k.arg) for k in call.keywords}
    if keywords & given or not keywords <= accepted_arguments(operation):
        return False
    return {p.name for p in required_arguments(operation)} <= given | keywords


class _ExampleReader:
    """Checks that an example is only SDK usage, and finds the calls it makes on clients."""

    def __init__(self, module: str, exports: frozenset[str]) -> None:
        self.module = module
        self.exports = exports
        self.bound: set[str] = set(ALLOWED_BUILTINS)  # every name the example binds (once its flow is checked)
        self.sdk_names: set[str] = set()  # names imported from the SDK's module
        self.module_aliases: set[str] = set()  # names the SDK's module itself is bound to
        self.clients: set[str] = set()  # variables holding a client
        self.sdk_imports: list[ast.stmt] = []
        self.calls: list[tuple[ast.Call, tuple[str, ...]]] = []  # (call, attributes after the client)
        self.iterated: set[int] = set()  # ids of calls whose result is looped over

    def read(self, tree: ast.Module) -> bool:
        nodes = list(ast.walk(tree))
        if not all(isinstance(n, _STATEMENTS + _EXPRESSIONS + _PARTS) or isinstance(n, ast.arg) for n in nodes):
            return False
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not self.imports(node):
                return False
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.decorator_list or node.returns is not None and not isinstance(node.returns, (ast.Name, ast.Constant)):
                    return False
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                return False
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in self.module_aliases:
                if node.attr not in self.exports:
                    return False
        flow = _Flow(set(ALLOWED_BUILTINS))
        if not flow.body(tree.body):
            return False
        self.bound = flow.ever_bound
        self.find_clients(nodes)
        return all(self.call_is_allowed(node) for node in nodes if isinstance(node, ast.Call))

    def imports(self, node: ast.Import | ast.ImportFrom) -> bool:
        if isinstance(node, ast.ImportFrom):
            if node.level or not self.is_sdk(node.module or ""):
                return False
            if any(alias.name == "*" or alias.name not in self.exports for alias in node.names):
                return False
            local = {alias.asname or alias.name for alias in node.names}
            self.sdk_names |= local
            self.sdk_imports.append(node)
            return True
        for alias in node.names:
            if alias.name == self.module:
                self.module_aliases.add(alias.asname or alias.name)
            elif alias.name not in ALLOWED_MODULES or alias.asname is not None:
                return False
        if any(alias.name == self.module for alias in node.names):
            if len(node.names) != 1:
                return False
            self.sdk_imports.append(node)
        return True

    def is_sdk(self, module: str) -> bool:
        return module == self.module or module.startswith(self.module + ".")

    def find_clients(self, nodes: list[ast.AST]) -> None:
        """Variables given a client: `client = Acme(...)`, `with AsyncAcme() as client:`."""
        for node in nodes:
            made: list[tuple[ast.expr, ast.expr]] = []
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                made.append((node.targets[0], node.value))
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                made.append((node.target, node.value))
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                made += [(item.optional_vars, item.context_expr) for item in node.items if item.optional_vars is not None]
            for target, value in made:
                if isinstance(target, ast.Name) and isinstance(value, ast.Call) and self.is_sdk_class(value.func):
                    self.clients.add(target.id)
        for node in nodes:
            if isinstance(node, (ast.For, ast.AsyncFor)):
                inner = node.iter.value if isinstance(node.iter, ast.Await) else node.iter
                if isinstance(inner, ast.Call):
                    self.iterated.add(id(inner))

    def is_sdk_class(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            return func.id in self.sdk_names
        return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.module_aliases

    def call_is_allowed(self, call: ast.Call) -> bool:
        from ..read.sdk_examples import (
            attribute_chain,  # loaded with the first example (see surface)
        )

        chain = attribute_chain(call.func)
        if chain is None:
            return False
        if len(chain) == 1:
            return chain[0] in self.bound
        root = chain[0]
        if root in self.clients:
            self.calls.append((call, chain[1:]))
            return True
        if root in self.module_aliases:
            return len(chain) == 2
        if root == "asyncio":
            return chain == ("asyncio", "run")
        return root in self.bound and root not in ALLOWED_BUILTINS  # a method of a value the example made


class _Flow:
    """The example's statements in the order they run: a name may be read only once a statement
    before it bound it (an import, an assignment, a loop or `with` target, a function or its
    arguments, an exception name); a builtin outside ALLOWED_BUILTINS is never read, bound or
    shadowed, and no allowed one is rebound. A statement of a kind not listed is refused.

    Conservative where Python is subtle: a function body is read where the function is
    defined, with the names bound by then; the handlers and `finally` of a `try` see only the
    names bound before it, and after it only those are kept (with what `finally` binds)."""

    def __init__(self, bound: set[str]) -> None:
        self.bound = bound
        self.ever_bound: set[str] = set(bound)

    def body(self, statements: list[ast.stmt]) -> bool:
        return all(self.statement(statement) for statement in statements)

    def statement(self, node: ast.stmt) -> bool:
        if isinstance(node, ast.Import):
            return all(self.bind((alias.asname or alias.name).split(".")[0]) for alias in node.names)
        if isinstance(node, ast.ImportFrom):
            return all(self.bind(alias.asname or alias.name) for alias in node.names)
        if isinstance(node, ast.Assign):
            return self.reads(node.value) and all(self.target(target) for target in node.targets)
        if isinstance(node, ast.AnnAssign):
            value_ok = node.value is None or self.reads(node.value)
            return value_ok and self.reads(node.annotation) and self.target(node.target)
        if isinstance(node, (ast.Expr, ast.Return)):
            return node.value is None or self.reads(node.value)
        if isinstance(node, ast.Pass):
            return True
        if isinstance(node, (ast.For, ast.AsyncFor)):
            return self.reads(node.iter) and self.target(node.target) and self.body(node.body) and self.body(node.orelse)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if not self.reads(item.context_expr) or item.optional_vars is not None and not self.target(item.optional_vars):
                    return False
            return self.body(node.body)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return self.function(node)
        if isinstance(node, ast.Try):
            return self.try_statement(node)
        return False

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        arguments = node.args
        if arguments.vararg or arguments.kwarg or arguments.posonlyargs or arguments.kwonlyargs:
            return False
        if not all(self.reads(default) for default in arguments.defaults):
            return False
        if not all(a.annotation is None or self.reads(a.annotation) for a in arguments.args):
            return False
        if node.returns is not None and not self.reads(node.returns):
            return False
        if not self.bind(node.name):
            return False
        inner = _Flow(set(self.bound))
        if not all(inner.bind(a.arg) for a in arguments.args) or not inner.body(node.body):
            return False
        self.ever_bound |= inner.ever_bound
        return True

    def try_statement(self, node: ast.Try) -> bool:
        before = set(self.bound)
        if not self.body(node.body) or not self.body(node.orelse):
            return False
        for handler in node.handlers:
            branch = _Flow(set(before))
            if handler.type is not None and not branch.reads(handler.type):
                return False
            if handler.name is not None and not branch.bind(handler.name):
                return False
            if not branch.body(handler.body):
                return False
            self.ever_bound |= branch.ever_bound
        after = _Flow(set(before))
        if not after.body(node.finalbody):
            return False
        self.ever_bound |= after.ever_bound
        self.bound = after.bound
        return True

    def reads(self, node: ast.AST) -> bool:
        """Every name `node` reads is bound by now; it binds none."""
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name):
                if not isinstance(inner.ctx, ast.Load) or inner.id not in self.bound:
                    return False
        return True

    def target(self, node: ast.expr) -> bool:
        """Bind what an assignment target names (reading what a subscript or attribute target reads)."""
        if isinstance(node, ast.Name):
            return isinstance(node.ctx, ast.Store) and self.bind(node.id)
        if isinstance(node, (ast.Tuple, ast.List)):
            return all(self.target(element) for element in node.elts)
        if isinstance(node, ast.Attribute):
            return self.reads(node.value)
        if isinstance(node, ast.Subscript):
            return self.reads(node.value) and self.reads(node.slice)
        return False

    def bind(self, name: str) -> bool:
        if name in PYTHON_BUILTINS or name.startswith("__"):
            return False  # shadowing a builtin, allowed or not, or a dunder name
        self.bound.add(name)
        self.ever_bound.add(name)
        return True


def _rewrite_imports(code: str, imports: list[ast.stmt], package: str, module: str) -> str | None:
    """The code with each import of the SDK's module naming the package instead."""
    lines = code.strip("\n").split("\n")
    offset = len(code) - len(code.lstrip("\n"))
    skipped = code[:offset].count("\n")
    for node in sorted(imports, key=lambda n: -n.lineno):
        first, last = node.lineno - 1 - skipped, (node.end_lineno or node.lineno) - 1 - skipped
        start, end = lines[first][: node.col_offset], lines[last][node.end_col_offset or 0 :]
        if start.strip() or end.strip():
            return None  # an import sharing its line with other code: not rewritten
        if isinstance(node, ast.ImportFrom):
            names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in node.names)
            text = f"from {package} import {names}"
        else:
            alias = node.names[0] if isinstance(node, ast.Import) else None
            text = f"import {package} as {(alias.asname if alias else None) or module}"
        lines[first : last + 1] = [start + text]
    return "\n".join(lines) + "\n"


# -- a built example -------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """Source to place as it is (an `open(...)` call)."""

    source: str


@dataclass(frozen=True)
class Call:
    """A call to lay out: `head(` arguments `)`; each argument (keyword or None, value)."""

    head: str
    arguments: list[tuple[str | None, Any]]


Value = Union[Raw, Call, Any]  # Any: a JSON value, written as a literal


def credential_arguments(client: ClientSpec) -> list[tuple[str | None, Any]]:
    """The constructor's arguments of an example: each credential with a placeholder (under
    the pages' keyword for the API key, when they show one). Where the pages name no server,
    the README says to set the base URL's environment variable or pass `base_url=`."""
    arguments: list[tuple[str | None, Any]] = []
    for credential in client.credentials:
        for argument in credential.arguments:
            keyword = client.credential_keyword if argument == "api_key" and client.credential_keyword else argument
            arguments.append((keyword, f"YOUR_{keyword.upper()}"))
    return arguments


def call_arguments(operation: Operation, schemas: dict[str, Any]) -> list[tuple[str | None, Any]] | None:
    """The arguments of a built call: the required ones (the path parameters the pages pass by
    position, by position), plus the fields of the request body's own example; None when
    no value fits a required argument."""
    arguments: list[tuple[str | None, Any]] = []
    body_example = _body_example(operation, schemas)
    for parameter in required_arguments(operation) + _optional_from_example(operation, body_example):
        value = _argument_value(operation, parameter, schemas, body_example)
        if value is MISSING:
            return None
        arguments.append((None if parameter.positional else parameter.name, value))
    positional = [a for a in arguments if a[0] is None]
    order = {p.name: i for i, p in enumerate(operation.positional)}
    positional.sort(key=lambda a: order.get(str(a[0]), 0))
    return positional + [a for a in arguments if a[0] is not None]


def _body_example(operation: Operation, schemas: dict[str, Any]) -> Any:
    """The request body's own example (the media type's `example`, or first of `examples`),
    when it fits the body's schema."""
    body = operation.body
    media = body.media if body is not None and isinstance(body.media, dict) else {}
    candidates = [media["example"]] if "example" in media else []
    examples = media.get("examples")
    if isinstance(examples, dict):
        candidates += [e["value"] for e in examples.values() if isinstance(e, dict) and "value" in e][:1]
    schema = media.get("schema")
    for candidate in candidates:
        if fits(candidate, schema, schemas):
            return candidate
    return MISSING


def _optional_from_example(operation: Operation, body_example: Any) -> list[Parameter]:
    if operation.body is None or not isinstance(body_example, dict) or operation.body.kind != "json-fields":
        return []
    return [p for p in operation.body.fields if not p.required and p.wire in body_example]


def _argument_value(operation: Operation, parameter: Parameter, schemas: dict[str, Any], body_example: Any) -> Value:
    body = operation.body
    if body is not None and parameter is body.whole:
        if body.kind == "bytes":
            return Raw(f"open({string_literal(_file_name(parameter.name, body.content_type))}, \"rb\").read()")
        return body_example if body_example is not MISSING else sample_value(parameter.schema, schemas, "")
    if body is not None and parameter in body.fields:
        if is_upload(parameter.type):
            opened = Raw(f"open({string_literal(_file_name(parameter.wire, ''))}, \"rb\")")
            return [opened] if is_list(parameter.type) else opened
        if isinstance(body_example, dict) and parameter.wire in body_example:
            return body_example[parameter.wire]
    value = sample_value(parameter.schema, schemas, parameter.wire)
    if parameter in operation.path_params and (value is MISSING or value in ("", None) or isinstance(value, (list, dict, bool))):
        return re.sub(r"[^a-z0-9]+", "_", parameter.wire.lower()).strip("_") + "_123" if parameter.wire else "123"
    return value


_MEDIA_SUFFIXES = {
    "audio/mpeg": ".mp3", "audio/wav": ".wav", "audio/x-wav": ".wav", "audio/ogg": ".ogg", "audio/": ".mp3",
    "video/": ".mp4", "image/png": ".png", "image/jpeg": ".jpg", "image/": ".png", "application/pdf": ".pdf",
    "application/zip": ".zip", "text/csv": ".csv", "text/plain": ".txt", "text/html": ".html",
}  # fmt: skip
_NAME_SUFFIXES = (
    ("audio", ".mp3"), ("recording", ".mp3"), ("sample", ".mp3"), ("voice", ".mp3"), ("video", ".mp4"),
    ("image", ".png"), ("avatar", ".png"), ("photo", ".png"), ("csv", ".csv"), ("pdf", ".pdf"), ("document", ".pdf"),
)  # fmt: skip


def _file_name(name: str, media_type: str) -> str:
    """A file name for an example's upload or download: `audio` → `audio.mp3`."""
    stem = re.sub(r"_?files?$", "", re.sub(r"[^a-z0-9_]+", "_", name.lower())).strip("_") or "file"
    suffix = next((s for prefix, s in _MEDIA_SUFFIXES.items() if media_type.startswith(prefix)), "")
    suffix = suffix or next((s for word, s in _NAME_SUFFIXES if word in name.lower()), ".bin")
    return stem + suffix


def download_name(operation: Operation) -> str:
    """Where a `_stream` example writes the body: named after the response's media type."""
    media_type = next(iter(success_content(operation.view.get("responses"))), "")
    return _file_name("output", str(media_type))


# -- laying out ------------------------------------------------------------------------------


def statement_lines(prefix: str, value: Value, suffix: str = "", indent: int = 0) -> list[str]:
    """`prefix value suffix` as black lays it out at `indent` spaces."""
    pad = " " * indent
    flat = f"{pad}{prefix}{_flat(value)}{suffix}"
    parts = _bracket(value)
    if len(flat) <= LINE_LENGTH or parts is None:
        return [flat]
    opening, items, closing = parts
    lines = [f"{pad}{prefix}{opening}"]
    for item_prefix, item in items:
        lines += statement_lines(item_prefix, item, ",", indent + 4)
    lines.append(f"{pad}{closing}{suffix}")
    return lines


def _flat(value: Value) -> str:
    if isinstance(value, Raw):
        return value.source
    if isinstance(value, Call):
        return value.head + "(" + ", ".join((f"{k}=" if k else "") + _flat(v) for k, v in value.arguments) + ")"
    if isinstance(value, dict) and any(isinstance(v, (Raw, Call)) for v in value.values()):
        return "{" + ", ".join(f"{string_literal(str(k))}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list) and any(isinstance(v, (Raw, Call, list, dict)) for v in value):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return python_literal(value)


def _bracket(value: Value) -> tuple[str, list[tuple[str, Value]], str] | None:
    """How a value splits: its opening, its items (each with what goes before it), its closing."""
    if isinstance(value, Call) and value.arguments:
        return value.head + "(", [((f"{k}=" if k else ""), v) for k, v in value.arguments], ")"
    if isinstance(value, dict) and value:
        return "{", [(f"{string_literal(str(k))}: ", v) for k, v in value.items()], "}"
    if isinstance(value, list) and value:
        return "[", [("", v) for v in value], "]"
    return None


# -- whole examples --------------------------------------------------------------------------


def client_lines(client: ClientSpec, class_name: str | None = None, extra: list[tuple[str | None, Any]] | None = None) -> list[str]:
    """`client = <Client>(<credentials>...)`, as black lays it out."""
    return statement_lines("client = ", Call(class_name or client.client_name, credential_arguments(client) + (extra or [])))


def call_value(target: Target, schemas: dict[str, Any], method: str | None = None, extra: list[tuple[str | None, Any]] | None = None) -> Call:
    """The call of a built example: `client.<path>(<required arguments>)`."""
    arguments = call_arguments(target.operation, schemas) or []
    path = (*target.call_path[:-1], method or target.call_path[-1])
    return Call("client." + ".".join(path), arguments + (extra or []))


def call_lines(target: Target, call: Call, indent: int = 0, awaited: bool = False, show: bool = False) -> list[str]:
    """The call as a statement: looped over for an event stream (each event printed), else as
    it is (`show`: its result named `response` and printed, when it returns one)."""
    pad = " " * indent
    prefix = "await " if awaited else ""
    if target.iterated:
        loop = "async for" if awaited else "for"
        return statement_lines(f"{loop} event in ", call, ":", indent) + [f"{pad}    print(event)"]
    if show and target.operation.response_kind != "none":
        return statement_lines(f"response = {prefix}", call, "", indent) + [f"{pad}print(response)"]
    return statement_lines(prefix, call, "", indent)


def built_example(target: Target, client: ClientSpec, schemas: dict[str, Any], show: bool = False) -> str:
    """A whole example: the import, the client made with this API's credentials, the call."""
    lines = [f"from {client.package} import {client.client_name}", "", *client_lines(client)]
    lines += call_lines(target, call_value(target, schemas), show=show)
    return "\n".join(lines) + "\n"


def method_example(target: Target, client: ClientSpec, module: str | None, exports: frozenset[str], schemas: dict[str, Any]) -> tuple[str, bool]:
    """The method's usage example and whether it is the page's own."""
    page = page_example(target, client, module, exports)
    if page is not None:
        return page, True
    return built_example(target, client, schemas), False
