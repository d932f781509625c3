"""The client's surface learned from the pages' Python SDK examples (issue 13, item 2).

`generator/sdk_examples.py` reads each example with `ast` (never runs it); `generator/surface.py`
decides what the package follows. The fixtures, one per shape of SDK example, are folders of
Fern pages in the project's own words (tests/fixtures/sdk/<name>/pages, golden output beside):

* `credential`: `Acme(access_token=...)`, a credential keyword other than `api_key`, and
  `environment=AcmeEnvironment.SANDBOX`, a server the pages name;
* `rootcalls`: `import acme; co = acme.ClientV2(); co.chat(...)`: a second client class from a
  module import, a call at the client's root (the page's metadata files it under `v2`);
* `positional`: `client.datasets.delete("ds_1")`, `client.datasets.rows.get("ds_1", "row_2", fields=...)`;
* `typenames`: `from acme import StaticField, FieldOption, CollectionSettings`, built in the
  call's arguments (a union member, a list item inside it, a body field), all inline schemas;
* `subpackages`: a newer export's pages (`info.version: 1.0.0`, tags `subpackage_prompts`,
  `subpackage_prompts/versions`, an empty tag): `client.prompts.versions.latest(...)`,
  `client.status()`, named so by the tags, with no warning;
* `subscription`: no security scheme, a required `api-subscription-key` header on every
  operation and `Acme(api_subscription_key="...")` in the examples: the header is the
  client's credential under that keyword, not an argument of every method;
* `imports`: `from acme import FormField, OptionField`, both written in place on the page (a
  list item, and a list item inside it with a `slug`), `OptionField` also the name another
  page gives a component without `slug`: one type, with every field, sent on the wire.

Every fixture page's example runs against its golden package unchanged but for the import line
(`from acme import` / `import acme` -> the fixture's package), sync and async (async: the async
class, the calls awaited), and sends the page's Go request to the local server: the example's
host is reached through HTTP_PROXY, set to the server (127.0.0.1), so even the URL the package
takes from the pages (and `environment=`) stays as written.
"""

from __future__ import annotations

import ast
import inspect
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, List, Union
from urllib.parse import parse_qsl, urlsplit

import jsonschema
import pytest
from pydantic import BaseModel
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import CORPUS, FIXTURES, ROOT, merge_paths, needs_corpus, mypy_cache_dir
from generator.common.diagnostics import SourceRef
from generator.read.reader import CodeExample
from generator.read.sdk_examples import read_example
from http_server import RecordedRequest, Response, serving
from instances import samples
from test_examples import PROXY_VARIABLES, GoRequest, pointer, read_go, read_sections

SHAPES = ("credential", "positional", "rootcalls", "typenames", "subpackages", "subscription", "imports")
MODULE = "acme"  # what the fixture pages import
ENV_KEYS = {name: name.upper() + "_API_KEY" for name in SHAPES}


def golden(name: str) -> Path:
    return FIXTURES / "sdk" / name / "golden"


# -- the fixture pages and their examples ----------------------------------------------------


class PageExample:
    def __init__(self, shape: str, page: Path, python: str, line: int, go: GoRequest) -> None:
        self.shape, self.page, self.python, self.line, self.go = shape, page, python, line, go

    @property
    def id(self) -> str:
        return f"{self.shape}/{self.page.stem}"


def collect() -> list[PageExample]:
    found = []
    for shape in SHAPES:
        for page in sorted((FIXTURES / "sdk" / shape / "pages").glob("*.md")):
            for section in read_sections(page):
                python, go = section.only("python"), section.only("go")
                assert python is not None and go is not None, page
                found.append(PageExample(shape, page, python.code, python.line, read_go(go.code)))
    return found


EXAMPLES = collect()


@pytest.fixture(scope="module")
def packages() -> Iterator[dict[str, ModuleType]]:
    """The golden packages, importable for this module only."""
    folders = [str(golden(shape)) for shape in SHAPES]
    sys.path[:0] = folders
    try:
        yield {shape: __import__(f"{shape}_sdk") for shape in SHAPES}
    finally:
        for folder in folders:
            sys.path.remove(folder)
        for name in [m for m in sys.modules if m.split(".")[0] in {f"{s}_sdk" for s in SHAPES}]:
            del sys.modules[name]


@pytest.fixture
def through_proxy(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (*PROXY_VARIABLES, "NO_PROXY", "no_proxy", *ENV_KEYS.values()):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# -- running an example ------------------------------------------------------------------------

RESULT = "__example_result__"


class _ImportLine(ast.NodeTransformer):
    """The one change a user makes: import from the generated package instead of the vendor's."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.changed = 0

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.ImportFrom:
        if node.module == MODULE:
            node.module = self.package
            self.changed += 1
        return node

    def visit_Import(self, node: ast.Import) -> ast.Import:
        for alias in node.names:
            if alias.name == MODULE:
                alias.name, alias.asname = self.package, alias.asname or MODULE
                self.changed += 1
        return node


class _Async(ast.NodeTransformer):
    """The async run: the async class (`Acme` -> `AsyncAcme`, `acme.ClientV2` -> `acme.AsyncClientV2`)
    and every call on a client awaited."""

    def __init__(self, classes: set[str]) -> None:
        self.classes = classes
        self.clients: set[str] = set()

    def visit_Assign(self, node: ast.Assign) -> ast.Assign:
        self.generic_visit(node)
        value = node.value
        if isinstance(value, ast.Call) and _callee_name(value.func) in {"Async" + c for c in self.classes}:
            self.clients.update(t.id for t in node.targets if isinstance(t, ast.Name))
        return node

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.ImportFrom:
        for alias in node.names:
            if alias.name in self.classes:
                alias.name = "Async" + alias.name
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id in self.classes:
            node.id = "Async" + node.id
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.Attribute:
        self.generic_visit(node)
        if isinstance(node.value, ast.Name) and node.value.id == MODULE and node.attr in self.classes:
            node.attr = "Async" + node.attr
        return node


class _Await(ast.NodeTransformer):
    def __init__(self, clients: set[str]) -> None:
        self.clients = clients

    def visit_Call(self, node: ast.Call) -> Any:
        self.generic_visit(node)
        base = node.func
        while isinstance(base, ast.Attribute):
            base = base.value
        if isinstance(node.func, ast.Attribute) and isinstance(base, ast.Name) and base.id in self.clients:
            return ast.Await(node)
        return node


def _callee_name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def example_source(example: PageExample, mode: str, classes: set[str]) -> str:
    tree = ast.parse(example.python)
    rewrite = _ImportLine(f"{example.shape}_sdk")
    tree = rewrite.visit(tree)
    assert rewrite.changed == 1, "expected one import of the vendor's package"
    last = tree.body[-1]
    if isinstance(last, ast.Expr):
        tree.body[-1] = ast.copy_location(ast.Assign(targets=[ast.Name(RESULT, ast.Store())], value=last.value), last)
    if mode == "async":
        to_async = _Async(classes)
        tree = to_async.visit(tree)
        imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))]
        body = [_Await(to_async.clients).visit(n) for n in body]
        main = ast.parse("async def __example_main__():\n    pass\n").body[0]
        assert isinstance(main, ast.AsyncFunctionDef)
        main.body = [*body, *ast.parse("for __value in list(locals().values()):\n    if hasattr(__value, 'aclose'):\n        await __value.aclose()").body]
        main.body.append(ast.parse("return dict(locals())").body[0])
        tree.body = [*imports, main, *ast.parse("import asyncio\n__namespace__ = asyncio.run(__example_main__())").body]
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def run(source: str, filename: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__surface_example__"}
    try:
        exec(compile(source, filename, "exec"), namespace)
    finally:
        for value in list(namespace.values()):
            if hasattr(value, "close") and type(value).__module__.endswith("._client"):
                value.close()
    return namespace.get("__namespace__", namespace)


# -- the expected exchange ---------------------------------------------------------------------


def answer(document: dict[str, Any], go: GoRequest) -> tuple[Response, Any]:
    """The response to the Go request's operation: 204, or a sample of its JSON schema."""
    path = urlsplit(go.url).path
    for template, item in document["paths"].items():
        parts = template.strip("/").split("/")
        given = path.strip("/").split("/")
        if len(parts) == len(given) and all(p.startswith("{") or p == g for p, g in zip(parts, given)) and go.method.lower() in item:
            responses = item[go.method.lower()]["responses"]
            status = min(responses)
            if status == "204":
                return Response(204), None
            schema = responses[status]["content"]["application/json"]["schema"]
            where = pointer("paths", template, go.method.lower(), "responses", status, "content", "application/json", "schema")
            registry = Registry().with_resource("urn:doc", Resource.from_contents(document, default_specification=DRAFT202012))
            validator = jsonschema.Draft202012Validator({"$ref": "urn:doc" + where}, registry=registry)
            payload = max((s for s in samples(schema, document) if validator.is_valid(s)), key=lambda s: len(json.dumps(s)))
            return Response.json(payload), payload
    raise AssertionError(f"no operation for {go.method} {path}")


def assert_sent(sent: RecordedRequest, go: GoRequest, api_key: str, key_header: str) -> None:
    """The request is the Go example's: method, URL (host included, as sent to the proxy),
    the credential as it is, the other headers and the JSON body."""
    target, expected = urlsplit(sent.target), urlsplit(go.url)
    assert sent.method == go.method
    assert (target.scheme, target.netloc, target.path) == (expected.scheme, expected.netloc, expected.path), sent.target
    assert sorted(parse_qsl(target.query, keep_blank_values=True)) == sorted(go.query)
    assert sent.header("host") == expected.netloc
    assert sent.header_values(key_header) == [api_key]
    for name, value in go.headers:
        if name.lower() == "content-type":
            assert sent.media_type == value
        else:
            assert sent.header(name) == value, (name, sent.headers)
    if go.payload is None:
        assert sent.body == b""
    else:
        assert sent.json() == json.loads(go.payload)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_page_example_runs_unchanged_but_the_import(example: PageExample, mode: str, packages: dict[str, ModuleType], through_proxy: pytest.MonkeyPatch) -> None:
    document = json.loads((golden(example.shape) / "openapi.json").read_text(encoding="utf-8"))
    sdk = document["x-sdkgen-sdk"]
    key_header = next(
        name for name, _ in example.go.headers if (name.lower().startswith("x-") or name.lower().endswith(("-key", "-token"))) and name.lower() != "x-request-id"
    )
    api_key = example.go.header(key_header)
    assert api_key is not None
    facts = read_example(CodeExample("python", example.python, SourceRef(str(example.page), example.line)))
    assert facts is not None
    if not any(k.endswith(("key", "token")) for k in facts.constructions[0].keywords):  # the key from the environment
        through_proxy.setenv(ENV_KEYS[example.shape], api_key)
    source = example_source(example, mode, {sdk["client"]})
    response, payload = answer(document, example.go)
    with serving(max_requests=2, socket_timeout=5.0) as server:
        server.enqueue(response)
        through_proxy.setenv("HTTP_PROXY", server.url)
        namespace = run(source, f"{example.page}:{example.line}")
    assert len(server.requests) == 1, [r.target for r in server.requests]
    assert_sent(server.requests[0], example.go, api_key, key_header)
    result = namespace.get(RESULT) if namespace.get(RESULT) is not None else namespace.get("response")
    if payload is None:
        assert result is None
    else:
        assert isinstance(result, BaseModel), type(result)
        assert result.model_dump(mode="json", by_alias=True, exclude_unset=True) == payload


def test_every_fixture_page_has_one_example() -> None:
    assert {e.shape for e in EXAMPLES} == set(SHAPES)
    assert len(EXAMPLES) == 15


# -- what each package gained, and what keeps working -------------------------------------------


def test_client_names_are_aliases_of_the_classes_and_the_old_names_work(packages: dict[str, ModuleType]) -> None:
    credential, rootcalls = packages["credential"], packages["rootcalls"]
    assert credential.Acme is credential.Credential and credential.AsyncAcme is credential.AsyncCredential
    assert rootcalls.ClientV2 is rootcalls.Rootcalls and rootcalls.AsyncClientV2 is rootcalls.AsyncRootcalls
    assert {"Acme", "AsyncAcme", "AcmeEnvironment"} <= set(credential.__all__)


def test_credential_keyword_is_api_key_by_another_name(packages: dict[str, ModuleType], through_proxy: pytest.MonkeyPatch) -> None:
    sdk = packages["credential"]
    for kind in (sdk.Credential, sdk.AsyncCredential):
        parameters = inspect.signature(kind).parameters
        assert parameters["access_token"].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters["api_key"].kind is inspect.Parameter.KEYWORD_ONLY
        with pytest.raises(sdk.ClientConfigurationError, match="api_key or as access_token, not both"):
            kind(api_key="a", access_token="b")
        with pytest.raises(sdk.ClientConfigurationError, match="line break"):
            kind(access_token="two\nlines")  # checked as api_key is (the message says api_key)
    with serving(max_requests=3, socket_timeout=5.0) as server:
        for _ in range(3):
            server.enqueue(Response.json({"id": "w_1"}))
        through_proxy.setenv("HTTP_PROXY", server.url)
        with sdk.Credential(api_key="by-api-key") as client:
            client.widgets.get(widget_id="w_1")
        through_proxy.setenv("CREDENTIAL_API_KEY", "from-env")
        with sdk.Acme() as client:
            client.widgets.get(widget_id="w_1")
        with sdk.Acme(access_token="tok", base_url="http://elsewhere.test") as client:
            client.widgets.get(widget_id="w_1")
    assert [r.header("x-access-token") for r in server.requests] == ["by-api-key", "from-env", "tok"]
    assert [urlsplit(r.target).netloc for r in server.requests] == ["api.credential.test"] * 2 + ["elsewhere.test"]


def test_environment_names_the_servers_the_pages_name(packages: dict[str, ModuleType]) -> None:
    sdk = packages["credential"]
    assert (sdk.AcmeEnvironment.PRODUCTION, sdk.AcmeEnvironment.SANDBOX) == ("http://api.credential.test", "http://sandbox.credential.test")
    assert repr(sdk.Acme(api_key="k", environment=sdk.AcmeEnvironment.SANDBOX)) == "Credential(base_url='http://sandbox.credential.test')"
    assert repr(sdk.Acme(api_key="k")) == "Credential(base_url='http://api.credential.test')"


def test_positional_ids_keep_their_keyword_form(packages: dict[str, ModuleType], through_proxy: pytest.MonkeyPatch) -> None:
    sdk = packages["positional"]
    for kind in (sdk.Positional, sdk.AsyncPositional):
        client = kind(api_key="k")
        get = inspect.signature(client.datasets.rows.get).parameters
        assert [(n, p.kind.name) for n, p in get.items()] == [
            ("dataset_id", "POSITIONAL_OR_KEYWORD"),  # path order, not the order the page lists them
            ("row_id", "POSITIONAL_OR_KEYWORD"),
            ("fields", "KEYWORD_ONLY"),
            ("request_options", "KEYWORD_ONLY"),
        ]
        assert list(inspect.signature(client.datasets.delete).parameters)[0] == "dataset_id"
    with serving(max_requests=2, socket_timeout=5.0) as server:
        server.enqueue(Response.json({"id": "r"}), Response(204))
        through_proxy.setenv("HTTP_PROXY", server.url)
        with sdk.Acme(api_key="k") as client:
            client.datasets.rows.get(row_id="row_2", dataset_id="ds_1")
            client.datasets.delete(dataset_id="ds_1")
    assert [urlsplit(r.target).path for r in server.requests] == ["/v1/datasets/ds_1/rows/row_2", "/v1/datasets/ds_1"]


def test_root_call_is_a_method_of_both_clients(packages: dict[str, ModuleType]) -> None:
    sdk = packages["rootcalls"]
    assert inspect.iscoroutinefunction(sdk.AsyncClientV2.chat) and callable(sdk.ClientV2.chat)
    assert not hasattr(sdk.ClientV2(api_key="k"), "v2")


def test_request_types_are_exported_by_the_pages_names(packages: dict[str, ModuleType]) -> None:
    sdk = packages["typenames"]
    models = sdk.models
    # Inline objects take the names the examples import (no other type has them): classes, not aliases.
    assert sdk.StaticField is models.StaticField and models.StaticField.__name__ == "StaticField"  # the union's static member
    assert models.CollectionsFieldsCreateRequest == Union[models.StaticField, models.CollectionsFieldsCreateRequest1]
    assert sdk.FieldOption is models.FieldOption and models.StaticField.model_fields["options"].annotation == Union[List[models.FieldOption], None]
    assert sdk.CollectionSettings is models.CollectionSettings
    assert {"StaticField", "FieldOption", "CollectionSettings"} <= set(sdk.__all__)
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        sdk.Nothing  # noqa: B018


def test_an_imported_name_another_page_gives_a_component_is_one_type_with_every_field(packages: dict[str, ModuleType]) -> None:
    sdk = packages["imports"]
    models = sdk.models
    assert sdk.FormField is models.FormField and sdk.OptionField is models.OptionField
    assert set(models.OptionField.model_fields) == {"label", "value", "slug"}  # the form page's `slug`, the option page's `value`
    assert models.FormField.model_fields["options"].annotation == Union[List[models.OptionField], None]
    assert "OptionField" in {name for name, _ in inspect.getmembers(models, inspect.isclass)}
    option = models.OptionField(label="Red", slug="red")
    field = models.FormField(name="colour", kind="choice", options=[option])
    assert field.model_dump(mode="json", exclude_unset=True) == {"name": "colour", "kind": "choice", "options": [{"label": "Red", "slug": "red"}]}


# -- reading examples: ast only ------------------------------------------------------------------


def example(code: str) -> CodeExample:
    return CodeExample("python", code, SourceRef("page.md", 20))


def test_examples_are_parsed_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    facts = read_example(example(f"import os\nfrom acme import Acme\nopen({str(marker)!r}, 'w')\nclient = Acme()\nclient.things.list()\n"))
    assert facts is not None and facts.calls[0].dotted == "things.list"
    assert not marker.exists()
    requests_example = "import requests\nresponse = requests.post('http://x', json={})\nprint(response.json())\n"  # Deepgram's, Fanvue's
    lower_case = "from acme import make_client\nc = make_client()\nc.things.list()\n"  # a factory, not a class
    for broken in ("client = (((", "x = 1\n" * 3, "import requests\nrequests.get('http://x')\n", "\x00", requests_example, lower_case):
        assert read_example(example(broken)) is None


def test_example_shapes() -> None:
    module_import = read_example(example("import acme\nco = acme.ClientV2()\nco.chat(model='m')\n"))
    assert module_import is not None
    (construction,) = module_import.constructions
    assert (construction.module, construction.name, construction.is_async) == ("acme", "ClientV2", False)
    assert module_import.calls[0].resource == () and module_import.calls[0].method == "chat"
    awaited = read_example(example("from acme import AsyncAcme\nasync def main():\n    client = AsyncAcme(token='t')\n    await client.a.b.c('x', 'y', k=1)\n"))
    assert awaited is not None
    call = awaited.calls[0]
    assert (call.resource, call.method, call.positional, call.keywords) == (("a", "b"), "c", 2, ("k",))
    assert call.client.is_async and call.client.keywords == ("token",) and call.source == SourceRef("page.md", 23)
    built = read_example(example("from acme import Acme, Item\nfrom acme.types import Tag as T\nitem = Item(tags=[T(name='x')])\nAcme().things.create(body={'item': item})\n"))
    assert built is None  # no client variable: the client is made inline, no call is on a name
    built = read_example(example("from acme import Acme, Item\nfrom acme.types import Tag as T\nitem = Item(tags=[T(name='x')])\nc = Acme()\nc.things.create(body={'item': item})\n"))
    assert built is not None
    assert [(t.name, t.where, t.constants) for t in built.calls[0].types] == [
        ("Item", ("body", "item"), ()),
        ("Tag", ("body", "item", "tags", None), (("name", "x"),)),
    ]


# -- merging: learning, conflicts, options ---------------------------------------------------------

PAGE = """# {title}

{method} http://api.acme.test{path}

## OpenAPI Specification

```yaml
openapi: 3.1.0
info:
  title: {title}
  version: endpoint_{version}
paths:
  {path}:
    {lower}:
      operationId: op
      parameters:
        - name: thing_id
          in: path
          required: true
          schema:
            type: string
        - name: X-Api-Key
          in: header
          required: true
          schema:
            type: string
      responses:
        '204':
          description: done
```

## SDK Code Examples

```python
{python}
```
"""


def write_page(folder: Path, name: str, python: str, method: str = "DELETE", path: str = "/things/{thing_id}", version: str = "things.delete") -> Path:
    page = folder / name
    page.write_text(PAGE.format(title=name, method=method, lower=method.lower(), path=path, version=version, python=python), encoding="utf-8")
    return page


def test_conflicting_pages_warn_and_the_first_page_wins(tmp_path: Path) -> None:
    write_page(tmp_path, "a.md", "from acme import Acme\nclient = Acme(access_token='x')\nclient.things.delete('t')")
    write_page(tmp_path, "b.md", "from other import Other\nclient = Other(token='x')\nclient.stuff.remove(thing_id='t')", "GET", version="things.get")
    merged, diagnostics = merge_paths(tmp_path)
    assert merged is not None
    warnings = [str(d) for d in diagnostics.items if d.level.value == "warning"]
    b = str(tmp_path / "b.md")
    assert any(w.startswith(f"{b}:36: warning: this example shows the client imported from `other`") and "a.md:36" in w for w in warnings), warnings
    assert any(w.startswith(f"{b}:36: warning: this example shows the client class `Other`") for w in warnings), warnings
    assert any(w.startswith(f"{b}:36: warning: this example shows the credential keyword `token`") for w in warnings), warnings
    assert any(f"{b}:37: warning: GET /things/{{thing_id}}: the page's metadata names it `things.get`" in w for w in warnings), warnings
    document = merged.result.document
    assert document["x-sdkgen-sdk"] == {
        "module": "acme", "client": "Acme", "async-client": "AsyncAcme", "credential-keyword": "access_token",
    }  # fmt: skip
    assert document["paths"]["/things/{thing_id}"]["delete"]["x-sdkgen-positional"] == ["thing_id"]
    assert document["paths"]["/things/{thing_id}"]["get"]["x-sdkgen-method"] == "remove"
    assert "| credential keyword | `access_token=` (taken as `api_key`) |" in merged.report


def test_a_call_another_operation_has_keeps_the_metadata_name(tmp_path: Path) -> None:
    write_page(tmp_path, "a.md", "from acme import Acme\nclient = Acme()\nclient.things.delete('t')")
    write_page(tmp_path, "b.md", "from acme import Acme\nclient = Acme()\nclient.things.delete('t')", "GET", version="things.get")
    merged, diagnostics = merge_paths(tmp_path)
    assert merged is not None
    assert merged.result.document["paths"]["/things/{thing_id}"]["get"]["x-sdkgen-method"] == "get"
    assert any("another operation's name; the package keeps `things.get`" in str(d) for d in diagnostics.items)


def test_unusable_names_from_examples_are_warnings(tmp_path: Path) -> None:
    write_page(tmp_path, "a.md", "from acme import Acmé, lower_type\nclient = Acmé(api_key='k', client_name='x')\nclient.things.delete(request=lower_type(a=1))")
    write_page(tmp_path, "b.md", "from acme import Acme\nclient = Acme(api_key='k')\nclient.things.get('t', 'u')", "GET", version="things.get")
    merged, diagnostics = merge_paths(tmp_path)
    assert merged is not None
    messages = [str(d) for d in diagnostics.items]
    assert any("a.md:36: warning: the example's client `acme.Acmé` is not an ASCII Python name" in m for m in messages), messages
    assert any("b.md:37: warning: GET /things/{thing_id}: the example passes 2 arguments by position but the operation has 1 path parameters" in m for m in messages), messages
    assert merged.result.document["x-sdkgen-sdk"]["client"] == "Acme"


def test_learned_names_are_defaults_and_options_override_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    monkeypatch.chdir(tmp_path)  # no [tool.sdkgen] settings here
    pages = FIXTURES / "sdk" / "rootcalls" / "pages"
    result = CliRunner().invoke(main, ["regenerate-sdk", "-q", "--specs", str(pages), "--out", "learned"])
    assert result.exit_code == 0, result.output
    init = (tmp_path / "learned" / "acme" / "__init__.py").read_text()
    assert "from ._client import AsyncClientV2, AsyncTest, ClientV2, Test" in init  # today's name (from the host) kept
    assert "class ClientV2:" in (tmp_path / "learned" / "acme" / "_client.py").read_text()
    result = CliRunner().invoke(main, ["regenerate-sdk", "-q", "--specs", str(pages), "--out", "given", "--package", "mine", "--client-name", "Mine"])
    assert result.exit_code == 0, result.output
    client = (tmp_path / "given" / "mine" / "_client.py").read_text()
    assert "class Mine:" in client and "ClientV2 = Mine\n" in client and "Test = " not in client


def test_page_examples_type_check(tmp_path: Path) -> None:
    """mypy --strict on every fixture example as it runs (the import line changed), sync and async."""
    import os
    import subprocess

    files = []
    for number, page_example in enumerate(EXAMPLES):
        sdk = json.loads((golden(page_example.shape) / "openapi.json").read_text(encoding="utf-8"))["x-sdkgen-sdk"]
        for mode in ("sync", "async"):
            path = tmp_path / f"example_{number}_{mode}.py"
            path.write_text(example_source(page_example, mode, {sdk["client"]}), encoding="utf-8")
            files.append(path.name)
    environment = {**os.environ, "MYPYPATH": os.pathsep.join(str(golden(shape)) for shape in SHAPES)}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--allow-untyped-defs", "--allow-untyped-calls",
         "--disable-error-code", "func-returns-value",  # the harness keeps a None result
         "--cache-dir", mypy_cache_dir(), *files],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_document_says_anything_in_x_sdkgen_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`x-sdkgen-sdk` of an input document is untrusted: every name is checked, none reaches code unless usable."""
    from click.testing import CliRunner

    from generator.cli import main

    monkeypatch.chdir(tmp_path)
    document = json.loads((golden("credential") / "openapi.json").read_text(encoding="utf-8"))
    document["x-sdkgen-sdk"] = {
        "module": "os",
        "client": "os.system",
        "async-client": "Async\u202eX",
        "credential-keyword": "httpx",
        "environment": {"class": "ApiError", "members": {"X": '"; import os #', "lower": "http://x"}},
        "types": ["ApiError", "__import__", "Widget", "Missing"],
    }
    (tmp_path / "doc.json").write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["regenerate-sdk", "--specs", "doc.json", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert "the pages' name for the client 'Async\\u202eX' is not a Python class name" in result.output
    assert "credential keyword 'httpx' cannot be a keyword argument" in result.output
    assert "the pages' environment class `ApiError` is a name the package already uses" in result.output
    package = tmp_path / "out" / "test_client"  # neither the module nor the class was usable: from the host
    client, init = (package / "_client.py").read_text(), (package / "__init__.py").read_text()
    assert "class Test:" in client and "httpx: Optional" not in client and "class ApiError" not in client
    assert "environment: str | None = None" in client  # the keyword stays: it takes a URL
    assert '_MODEL_EXPORTS = frozenset({"Widget"})' in init


@needs_corpus(CORPUS)
def test_corpora_learn_from_sdk_examples_only() -> None:
    """ElevenLabs' pages show its SDK: the package already matched them, so nothing but the
    record changes; Deepgram's and Fanvue's show `requests` calls: nothing is learned."""
    merged, diagnostics = merge_paths(ROOT / "specs", CORPUS / "elevenlabs")
    assert merged is not None
    assert merged.result.document["x-sdkgen-sdk"] == {"module": "elevenlabs", "client": "ElevenLabs", "async-client": "AsyncElevenLabs", "keywords": ["base_url"]}
    assert not any("example" in d.message for d in diagnostics.items if d.level.value == "warning")
    assert not any("x-sdkgen-positional" in operation for item in merged.result.document["paths"].values() for operation in item.values())
    for corpus in ("deepgram", "fanvue"):
        merged, diagnostics = merge_paths(CORPUS / corpus)
        assert merged is not None and "x-sdkgen-sdk" not in merged.result.document
        assert not merged.result.surface


@pytest.mark.parametrize("shape", SHAPES)
def test_the_merged_document_carries_what_was_learned(shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regenerating from the golden openapi.json gives the same package: the document holds
    everything learned (`x-sdkgen-sdk`, `x-sdkgen-positional`, identities, `x-sdkgen-aliases`)."""
    from click.testing import CliRunner

    from generator.cli import main
    from generator.output.output_dir import read_tree

    monkeypatch.chdir(tmp_path)
    args = ["regenerate-sdk", "-q", "--specs", str(golden(shape) / "openapi.json"), "--out", "again"]
    result = CliRunner().invoke(main, [*args, "--package", f"{shape}_sdk", "--client-name", shape.title(), "--title", f"{shape.title()} fixture"])
    assert result.exit_code == 0, result.output
    before, after = read_tree(golden(shape)), read_tree(tmp_path / "again")
    package = {p for p in before if p.startswith(f"{shape}_sdk/") and not p.endswith("provenance.py")}
    assert {p: after.get(p) for p in package} == {p: before[p] for p in package}


def test_a_header_the_examples_give_the_constructor_is_the_clients_credential(packages: dict[str, ModuleType]) -> None:
    """`subscription`: the `api-subscription-key` header is no argument of the methods; the
    client takes it as `api_subscription_key=` (or `api_key=`, or its environment variable)."""
    sdk = packages["subscription"]
    methods = [getattr(cls, name) for cls in vars(sdk._client).values() if inspect.isclass(cls) for name in ("translate", "transliterate") if hasattr(cls, name)]
    assert len(methods) == 4  # sync and async
    for method in methods:
        assert "api_subscription_key" not in inspect.signature(method).parameters
    assert {"api_key", "api_subscription_key"} <= set(inspect.signature(sdk.Subscription).parameters)
    document = json.loads((golden("subscription") / "openapi.json").read_text(encoding="utf-8"))
    assert document["components"]["securitySchemes"] == {"ApiSubscriptionKeyHeader": {"type": "apiKey", "in": "header", "name": "api-subscription-key"}}
