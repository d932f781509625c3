"""What a page's Python SDK example shows of the vendor's SDK, read with `ast` and never run.

Fern pages show the vendor's own SDK:

    from acme import Acme, StaticField         # or: import acme / co = acme.ClientV2()
    client = Acme(access_token="YOUR_TOKEN")
    client.collections.fields.create("c_1", request=StaticField(name="title"))

From such an example this module reads, as plain data with file and line: the client class
(the name whose instance the calls are made on) and the module it is imported from, the
keywords its constructor is given, each call made on a client (resource path, method, how
many arguments are positional, the keywords), and the classes imported from the same package
that the call's arguments build, with where in the arguments each stands. What the facts mean
for the merged document is decided in `surface.py`.

Nothing of the example is executed, imported or evaluated: only its syntax tree is read.
Examples that do not parse, `requests` examples and code with no client give no facts.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from ..common.diagnostics import SourceRef
from .reader import CodeExample

PYTHON_LANGS = frozenset({"python", "py", "python3"})
# Members of the client itself, not API calls.
CLIENT_MEMBERS = frozenset({"close", "aclose", "with_options", "__enter__", "__exit__", "__aenter__", "__aexit__"})
# HTTP and standard modules: `response = requests.post(...)` then `response.json()` is no SDK call.
NOT_SDK_MODULES = frozenset({"requests", "httpx", "aiohttp", "urllib", "urllib3", "http", "json", "os", "sys", "asyncio", "io", "pathlib"})
MAX_ARGUMENT_DEPTH = 32  # how deeply nested literals are searched for request types
MAX_EXAMPLE_CHARS = 100_000  # longer code is not an SDK snippet; it is not parsed


@dataclass(frozen=True)
class Environment:
    """`environment=` of a constructor: a class attribute (`AcmeEnvironment.SANDBOX`) or a URL."""

    class_name: str | None  # the class as imported from the package, when the value is `X.MEMBER`
    member: str | None
    url: str | None  # when the value is a string


@dataclass(frozen=True)
class Construction:
    """A client made by the example: `client = Acme(access_token="...")`."""

    module: str  # the module the class comes from, as written (`acme`, `acme.client`)
    name: str  # the class name (`Acme`, `AsyncAcme`, `ClientV2`)
    is_async: bool  # an `Async...` class, or one whose calls are awaited
    keywords: tuple[str, ...]  # the constructor's keyword arguments, in order
    environment: Environment | None
    source: SourceRef


@dataclass(frozen=True)
class TypeUse:
    """A class imported from the package, built in a call's arguments: `StaticField(name=...)`."""

    name: str  # the name it is imported under from the package
    # Where it stands: the call's keyword, then a property name (a dict key or a keyword of the
    # class it is passed to) or None (an item of a list) per level.
    where: tuple[str | None, ...]
    keywords: tuple[str, ...]
    constants: tuple[tuple[str, Any], ...]  # keywords given a JSON constant (str, int, float, bool, None)
    source: SourceRef


@dataclass(frozen=True)
class Call:
    """A call made on a client: `client.datasets.delete("id")`."""

    resource: tuple[str, ...]  # the attributes between the client and the method
    method: str
    positional: int  # how many arguments are passed by position (-1: unknown, `*args`)
    keywords: tuple[str, ...]
    types: tuple[TypeUse, ...]
    source: SourceRef
    client: Construction

    @property
    def dotted(self) -> str:
        return ".".join((*self.resource, self.method))


@dataclass(frozen=True)
class ExampleFacts:
    """What one Python SDK example shows: the clients it makes and the calls it makes on them."""

    source: SourceRef
    constructions: tuple[Construction, ...]  # the clients calls are made on
    calls: tuple[Call, ...]  # in the order they are written


def read_example(example: CodeExample) -> ExampleFacts | None:
    """The facts of a Python example; None for another language, code that does not parse or
    an example with no call on a client."""
    if example.lang not in PYTHON_LANGS or len(example.code) > MAX_EXAMPLE_CHARS:
        return None
    try:
        tree = ast.parse(example.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return _Reader(example.source).read(tree)


class _Reader:
    def __init__(self, source: SourceRef) -> None:
        self.source = source
        self.names: dict[str, tuple[str, str]] = {}  # local name -> (module, name) of `from m import n`
        self.modules: dict[str, str] = {}  # local name -> module of `import m [as x]`
        self.made: dict[str, ast.Call] = {}  # variable -> the call whose value it was first given

    def at(self, node: ast.AST) -> SourceRef:
        return SourceRef(self.source.path, self.source.line + getattr(node, "lineno", 1) - 1)

    def read(self, tree: ast.Module) -> ExampleFacts | None:
        nodes = list(ast.walk(tree))
        for node in nodes:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    if alias.name != "*":
                        self.names[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    self.modules[local] = alias.name if alias.asname else alias.name.split(".")[0]
        made = self.made
        for node in nodes:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if len(targets) == 1 and isinstance(targets[0], ast.Name) and isinstance(node.value, ast.Call):
                    made.setdefault(targets[0].id, node.value)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if isinstance(item.optional_vars, ast.Name) and isinstance(item.context_expr, ast.Call):
                        made.setdefault(item.optional_vars.id, item.context_expr)
        awaited = {id(node.value) for node in nodes if isinstance(node, ast.Await)}
        receivers: dict[str, list[tuple[ast.Call, tuple[str, ...]]]] = {}
        for node in nodes:
            if isinstance(node, ast.Call):
                chain = attribute_chain(node.func)
                if chain is not None and len(chain) >= 2 and chain[0] in made:
                    receivers.setdefault(chain[0], []).append((node, chain[1:]))
        constructions: dict[str, Construction] = {}
        calls: list[Call] = []
        for variable, uses in receivers.items():
            origin = self.imported(made[variable].func)
            if origin is None or not _is_client_class(*origin):
                continue
            is_async = origin[1].startswith("Async") or any(id(call) in awaited for call, _ in uses)
            construction = self.construction(made[variable], origin, is_async)
            constructions[variable] = construction
            root = origin[0].split(".")[0]
            for call, path in uses:
                if path[-1] in CLIENT_MEMBERS:
                    continue
                calls.append(self.call(call, path, root, construction))
        if not calls:
            return None
        calls.sort(key=lambda c: c.source.line)
        ordered = sorted(constructions.values(), key=lambda c: c.source.line)
        return ExampleFacts(self.source, tuple(ordered), tuple(calls))

    def imported(self, func: ast.expr) -> tuple[str, str] | None:
        """(module, class name) of a callee imported from a module: `Acme` or `acme.ClientV2`."""
        if isinstance(func, ast.Name):
            return self.names.get(func.id)
        chain = attribute_chain(func)
        if chain is not None and len(chain) >= 2 and chain[0] in self.modules:
            return ".".join((self.modules[chain[0]], *chain[1:-1])), chain[-1]
        if chain is not None and len(chain) >= 2 and chain[0] in self.names:  # `from acme import sub; sub.Client()`
            module, name = self.names[chain[0]]
            return ".".join((module, name, *chain[1:-1])), chain[-1]
        return None

    def construction(self, call: ast.Call, origin: tuple[str, str], is_async: bool) -> Construction:
        environment = None
        for keyword in call.keywords:
            if keyword.arg == "environment":
                environment = self.environment(keyword.value)
        keywords = tuple(k.arg for k in call.keywords if k.arg)
        return Construction(origin[0], origin[1], is_async, keywords, environment, self.at(call))

    def environment(self, value: ast.expr) -> Environment:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return Environment(None, None, value.value)
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id not in self.modules:
            imported = self.names.get(value.value.id)  # a class the snippet forgot to import keeps its name
            return Environment(imported[1] if imported else value.value.id, value.attr, None)
        if isinstance(value, ast.Attribute):
            origin = self.imported(value.value)
            if origin is not None:
                return Environment(origin[1], value.attr, None)
        return Environment(None, None, None)

    def call(self, call: ast.Call, path: tuple[str, ...], root: str, client: Construction) -> Call:
        starred = any(isinstance(a, ast.Starred) for a in call.args)
        types: list[TypeUse] = []
        for keyword in call.keywords:
            if keyword.arg:
                types.extend(self.types_in(keyword.value, (keyword.arg,), root))
        return Call(
            resource=path[:-1],
            method=path[-1],
            positional=-1 if starred else len(call.args),
            keywords=tuple(k.arg for k in call.keywords if k.arg),
            types=tuple(types),
            source=self.at(call),
            client=client,
        )

    def types_in(self, value: ast.expr, where: tuple[str | None, ...], root: str) -> list[TypeUse]:
        """The package's classes built in an argument's value, with where each stands (no recursion)."""
        found: list[TypeUse] = []
        pending: list[tuple[ast.expr, tuple[str | None, ...]]] = [(value, where)]
        seen: set[str] = set()
        while pending:
            node, here = pending.pop()
            if len(here) > MAX_ARGUMENT_DEPTH:
                continue
            if isinstance(node, ast.Name) and node.id in self.made and node.id not in seen:
                seen.add(node.id)  # `field = StaticField(...)`, then `request=field`
                pending.append((self.made[node.id], here))
            elif isinstance(node, ast.Call):
                origin = self.imported(node.func)
                if origin is None or origin[0].split(".")[0] != root:
                    continue
                keywords = [k for k in node.keywords if k.arg]
                constants = tuple((str(k.arg), k.value.value) for k in keywords if isinstance(k.value, ast.Constant) and _is_json_constant(k.value))
                found.append(TypeUse(origin[1], here, tuple(str(k.arg) for k in keywords), constants, self.at(node)))
                pending.extend((k.value, (*here, str(k.arg))) for k in reversed(keywords))
            elif isinstance(node, ast.Dict):
                for key, item in reversed(list(zip(node.keys, node.values))):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        pending.append((item, (*here, key.value)))
            elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                pending.extend((item, (*here, None)) for item in reversed(node.elts))
        return found


def _is_client_class(module: str, name: str) -> bool:
    """A class (`Acme`, `ClientV2`: capitalised) of a module that is not an HTTP or standard one."""
    return name[:1].isupper() and module.split(".")[0] not in NOT_SDK_MODULES


def attribute_chain(node: ast.expr) -> tuple[str, ...] | None:
    """`a.b.c` -> ("a", "b", "c"); None for anything but names joined by attributes."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return tuple(reversed(parts))


def _is_json_constant(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, (str, int, float, bool)))
