"""Several client classes in one API (issue 26, item 1): the `twoclients` fixture's pages use
`parley.Client` on the v1 pages (`chat`, `chat_stream`, `datasets.list`) and `parley.ClientV2`
/ `parley.AsyncClientV2` on the v2 pages (`chat`, `models.get`; `embed` has no example and
goes to the v2 client by its path), and a v2 example calls `datasets.list` on `ClientV2`.

Every page's Python example runs against the golden package unchanged but for its import line
(`import parley` -> `import twoclients_sdk as parley`), sync and (the sync ones made async: the
async class, the calls awaited) async, its host reached through HTTP_PROXY set to the local
server (127.0.0.1); the requests on the wire are checked, the key the example passes included.
"""

from __future__ import annotations

import ast
import json
import sys
from types import ModuleType
from typing import Any, Iterator

import pytest

from conftest import FIXTURES
from http_server import RecordedRequest, Response, serving
from package_examples import python_blocks
from test_examples import PROXY_VARIABLES

FIXTURE = FIXTURES / "sdk" / "twoclients"
PACKAGE = "twoclients_sdk"
HOST = "http://api.twoclients.test"

# page -> the requests its (first) example sends: (method, target, key sent, JSON body)
EXPECTED: dict[str, list[tuple[str, str, str, Any]]] = {
    "v1-chat": [("POST", "/v1/chat", "YOUR_API_KEY", {"message": "Hello", "model": "v1-model", "stream": False})],
    "v1-chat-stream": [("POST", "/v1/chat", "YOUR_API_KEY", {"message": "Hello", "stream": True})],
    "v1-datasets-list": [("GET", "/v1/datasets?limit=10", "YOUR_API_KEY", None)],
    "v2-chat": [("POST", "/v2/chat", "YOUR_TOKEN", {"model": "v2-model", "messages": [{"role": "user", "content": "Hello"}]})],
    "v2-models-get": [("GET", "/v1/datasets", "YOUR_TOKEN", None), ("GET", "/v2/models/v2-model", "YOUR_TOKEN", None)],
}
ANSWERS = {
    "/v1/chat": Response.json({"text": "Hi"}),
    "/v1/datasets": Response.json({"datasets": ["d1"]}),
    "/v2/chat": Response.json({"id": "c1", "message": {"role": "assistant", "content": "Hi"}}),
    "/v2/models/v2-model": Response.json({"name": "v2-model"}),
    "/v2/embed": Response.json({"vectors": [[0.5]]}),
}


@pytest.fixture(scope="module")
def sdk() -> Iterator[ModuleType]:
    sys.path.insert(0, str(FIXTURE / "golden"))
    try:
        yield __import__(PACKAGE)
    finally:
        sys.path.remove(str(FIXTURE / "golden"))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def proxied(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (*PROXY_VARIABLES, "NO_PROXY", "no_proxy", "TWOCLIENTS_API_KEY", "CLIENTV2_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def handler(request: RecordedRequest) -> Response:
    path = request.target.split("?")[0].removeprefix(HOST)
    if path == "/v1/chat" and request.json().get("stream"):
        return Response(200, {"content-type": "text/event-stream"}, b'data: {"text": "Hi"}\n\n')
    return ANSWERS[path]


class _Async(ast.NodeTransformer):
    """`parley.Client(...)` -> `parley.AsyncClient(...)`, every call on the client awaited (an
    async iteration for a stream), the body in an `async def` run by asyncio."""

    def visit_Attribute(self, node: ast.Attribute) -> ast.Attribute:
        self.generic_visit(node)
        if isinstance(node.value, ast.Name) and node.value.id == "parley" and node.attr in ("Client", "ClientV2"):
            node.attr = "Async" + node.attr
        return node

    def visit_Call(self, node: ast.Call) -> Any:
        self.generic_visit(node)
        base = node.func
        while isinstance(base, ast.Attribute):
            base = base.value
        if isinstance(node.func, ast.Attribute) and isinstance(base, ast.Name) and base.id == "client" and node.func.attr != "chat_stream":
            return ast.Await(node)
        return node

    def visit_For(self, node: ast.For) -> Any:
        self.generic_visit(node)
        return ast.AsyncFor(target=node.target, iter=node.iter, body=node.body, orelse=node.orelse)


def source_of(code: str, mode: str) -> str:
    """The example with the one change a user makes (the import), made async for mode async."""
    tree = ast.parse(code)
    imports = [n for n in tree.body if isinstance(n, ast.Import) and n.names[0].name == "parley"]
    assert len(imports) == 1
    imports[0].names[0].name, imports[0].names[0].asname = PACKAGE, "parley"
    if mode == "async":
        body = [_Async().visit(n) for n in tree.body if not isinstance(n, ast.Import)]
        main = ast.parse("async def __main__():\n    pass\n").body[0]
        assert isinstance(main, ast.AsyncFunctionDef)
        main.body = [*body, *ast.parse("await client.aclose()").body]
        tree.body = [*(n for n in tree.body if isinstance(n, ast.Import)), main, *ast.parse("import asyncio\nasyncio.run(__main__())").body]
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def examples() -> list[tuple[str, int, str]]:
    found = []
    for page in sorted((FIXTURE / "pages").glob("*.md")):
        for index, code in enumerate(python_blocks(page.read_text(encoding="utf-8"))):
            found.append((page.stem, index, code))
    return found


EXAMPLES = examples()


def assert_sent(sent: list[RecordedRequest], expected: list[tuple[str, str, str, Any]]) -> None:
    assert [(r.method, r.target.removeprefix(HOST)) for r in sent] == [(m, t) for m, t, _, _ in expected]
    for request, (_, _, key, body) in zip(sent, expected):
        assert request.header("host") == "api.twoclients.test"
        assert request.header_values("X-Api-Key") == [key]
        assert (request.json() if request.body else None) == body


def test_the_pages_have_the_examples_this_file_runs() -> None:
    assert sorted((page, index) for page, index, _ in EXAMPLES) == sorted([(p, 0) for p in EXPECTED] + [("v2-models-get", 1)])


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("page", "index", "code"), EXAMPLES, ids=[f"{p}-{i}" for p, i, _ in EXAMPLES])
def test_page_example_runs_unchanged_but_the_import(sdk: ModuleType, proxied: pytest.MonkeyPatch, page: str, index: int, code: str, mode: str) -> None:
    if index == 1:  # the page's own async example: it runs as written
        if mode == "async":
            pytest.skip("the example is async already")
        expected = EXPECTED[page][-1:]
    else:
        expected = EXPECTED[page]
    source = source_of(code, "sync" if index == 1 else mode)
    with serving(handler, max_requests=4, socket_timeout=5.0) as server:
        proxied.setenv("HTTP_PROXY", server.url)
        exec(compile(source, f"{page}.md", "exec"), {"__name__": "__twoclients_example__"})
    assert_sent(server.requests, expected)


def test_each_class_has_the_methods_its_pages_call(sdk: ModuleType) -> None:
    v1, v2 = sdk.Client(api_key="k"), sdk.ClientV2(token="t")
    assert sdk.Client is sdk.Twoclients and sdk.AsyncClient is sdk.AsyncTwoclients
    assert callable(v1.chat) and callable(v1.chat_stream) and not hasattr(v1, "embed") and not hasattr(v1, "models")
    # the v2 client: its own chat (no v1 stream sibling), embed by its path, v1's datasets
    assert callable(v2.chat) and callable(v2.embed) and not hasattr(v2, "chat_stream")
    assert type(v2.datasets) is type(v1.datasets)
    assert [name for name in ("Client", "AsyncClient", "ClientV2", "AsyncClientV2") if name not in sdk.__all__] == []


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_each_class_reads_its_own_environment_variable(sdk: ModuleType, proxied: pytest.MonkeyPatch, mode: str) -> None:
    proxied.setenv("TWOCLIENTS_API_KEY", "v1-key")
    proxied.setenv("CLIENTV2_API_KEY", "v2-key")
    with serving(handler, max_requests=4, socket_timeout=5.0) as server:
        proxied.setenv("HTTP_PROXY", server.url)
        if mode == "sync":
            with sdk.ClientV2() as v2, sdk.Client() as v1:
                assert v2.embed(texts=["Hello"]).vectors == [[0.5]]
                v1.datasets.list()
        else:
            import asyncio

            async def calls() -> None:
                async with sdk.AsyncClientV2() as v2, sdk.AsyncClient() as v1:
                    await v2.embed(texts=["Hello"])
                    await v1.datasets.list()

            asyncio.run(calls())
    assert_sent(server.requests, [("POST", "/v2/embed", "v2-key", {"texts": ["Hello"]}), ("GET", "/v1/datasets", "v1-key", None)])


def test_the_merged_document_records_the_classes() -> None:
    document = json.loads((FIXTURE / "golden" / "openapi.json").read_text(encoding="utf-8"))
    assert document["x-sdkgen-sdk"]["clients"] == [
        {"client": "ClientV2", "async-client": "AsyncClientV2", "credential-keyword": "token", "extends": "Client"}
    ]
    owners = {(path, method): op.get("x-sdkgen-client") for path, item in document["paths"].items() for method, op in item.items()}
    assert owners == {
        ("/v1/chat", "post"): None, ("/v1/datasets", "get"): None,
        ("/v2/chat", "post"): "ClientV2", ("/v2/embed", "post"): "ClientV2", ("/v2/models/{model_id}", "get"): "ClientV2",
    }  # fmt: skip
    report = (FIXTURE / "golden" / "merge-report.md").read_text(encoding="utf-8")
    assert "| client class `Client` | 3 methods: `chat` (POST /v1/chat), `chat_stream` (POST /v1/chat), `datasets.list` (GET /v1/datasets) |" in report
    assert "| client class `ClientV2` | 3 methods: `chat` (POST /v2/chat), `embed` (POST /v2/embed), `models.get` (GET /v2/models/{model_id}); it has the methods of `Client` too |" in report
