"""What the client takes once for every call, learned from the pages: the credential in its
documented form (one test per form, sync and async), headers every operation requires with
a default, and servers of the operations' own.

The pages here are the project's own, written in the shapes Fern exports: a credential
header parameter with a description ("... of the form `Bearer <token>`") and request
examples in several languages, or plain OpenAPI documents stating `securitySchemes`.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from generator.cli import main
from http_server import Response, serving

ANSWER = {"id": "t-1", "name": "thing"}


def fern_page(header: str, description: str, examples: dict[str, str], extra_parameters: str = "") -> str:
    """A Fern endpoint page for `GET /v1/things/{id}` whose credential is `header`."""
    samples = "\n".join(f"```{lang}\n{code}\n```\n" for lang, code in examples.items())
    return f"""# Get a thing

GET https://api.things.example/v1/things/{{id}}

Returns one thing.

## OpenAPI Specification

```yaml
openapi: 3.1.0
info:
  title: Get a thing
  version: endpoint_things.get
paths:
  /v1/things/{{id}}:
    get:
      operationId: get
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
        - name: {header}
          in: header
          description: {json.dumps(description)}
          required: true
          schema:
            type: string
{extra_parameters}      responses:
        '200':
          description: The thing
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
servers:
  - url: https://api.things.example
components:
  schemas:
    Thing:
      type: object
      properties:
        id:
          type: string
        name:
          type: string
```

## SDK Code Examples

{samples}"""


def openapi_document(schemes: dict[str, Any], security: list[dict[str, list[str]]]) -> str:
    return json.dumps(
        {
            "openapi": "3.1.0",
            "info": {"title": "Things", "version": "1"},
            "servers": [{"url": "https://api.things.example"}],
            "security": security,
            "paths": {
                "/v1/things/{id}": {
                    "get": {
                        "operationId": "get",
                        "tags": ["things"],
                        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}}}},
                    }
                }
            },
            "components": {"securitySchemes": schemes},
        },
        indent=2,
    )


GO = 'req.Header.Add("{header}", "{value}")'
CURL = 'curl https://api.things.example/v1/things/t-1 \\\n     -H "{header}: {value}"'
REQUESTS = 'import requests\nheaders = {{"{header}": "{value}"}}\nrequests.get("https://api.things.example/v1/things/t-1", headers=headers)'

# form -> (input file name, input text, client arguments, what the server must receive)
FORMS: dict[str, tuple[str, str, dict[str, str], dict[str, Any]]] = {
    "bearer": (
        "page.md",
        fern_page("Authorization", "Bearer authentication of the form `Bearer <token>`, where token is your auth token.",
                  {"go": GO.format(header="Authorization", value="Bearer <token>")}),
        {"api_key": "k-1"},
        {"header": ("Authorization", "Bearer k-1")},
    ),
    "token prefix": (
        "page.md",
        fern_page("Authorization", "Token authentication of the form `Token <token>`.",
                  {"curl": CURL.format(header="Authorization", value="Token <token>")}),
        {"api_key": "k-2"},
        {"header": ("Authorization", "Token k-2")},
    ),
    "raw, where the description is wrong": (
        "page.md",
        fern_page("Authorization", "Header authentication of the form `undefined <token>`",
                  {"python": REQUESTS.format(header="Authorization", value="<apiKey>")}),
        {"api_key": "k-3"},
        {"header": ("Authorization", "k-3")},
    ),
    "api key header": (
        "page.md",
        fern_page("X-Api-Key", "Your key", {"go": GO.format(header="X-Api-Key", value="<apiKey>")}),
        {"api_key": "k-4"},
        {"header": ("X-Api-Key", "k-4")},
    ),
    "basic": (
        "doc.json",
        openapi_document({"basic": {"type": "http", "scheme": "basic"}}, [{"basic": []}]),
        {"username": "ada", "password": "s3:cret"},
        {"header": ("Authorization", "Basic " + base64.b64encode(b"ada:s3:cret").decode())},
    ),
    "api key query": (
        "doc.json",
        openapi_document({"key": {"type": "apiKey", "in": "query", "name": "api_key"}}, [{"key": []}]),
        {"api_key": "k-6"},
        {"query": ("api_key", "k-6")},
    ),
}


def generate(tmp: Path, files: dict[str, str], package: str, client: str = "Things") -> tuple[int, str, Path]:
    specs = tmp / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (specs / name).write_text(text, encoding="utf-8")
    out = tmp / "out"
    result = CliRunner().invoke(main, ["regenerate-sdk", "--specs", str(specs), "--out", str(out), "--package", package, "--client-name", client])
    return result.exit_code, result.stderr, out


def load(out: Path, package: str) -> Any:
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


@pytest.fixture
def unload() -> Iterator[list[str]]:
    names: list[str] = []
    yield names
    for name in names:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


def call(module: Any, client: str, url: str, arguments: dict[str, str], asynchronous: bool) -> Any:
    if not asynchronous:
        with getattr(module, client)(base_url=url, **arguments) as sdk:
            return sdk.things.get(id="t-1")

    async def run() -> Any:
        async with getattr(module, "Async" + client)(base_url=url, **arguments) as sdk:
            return await sdk.things.get(id="t-1")

    return asyncio.run(run())


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_credential_is_sent_in_its_documented_form(form, asynchronous, tmp_path, unload, monkeypatch):
    name, text, arguments, expected = FORMS[form]
    package = "creds_" + "".join(c if c.isalnum() else "_" for c in form)
    code, stderr, out = generate(tmp_path, {name: text}, package)
    assert code == 0, stderr
    unload.append(package)
    module = load(out, package)
    for variable in ("THINGS_API_KEY", "THINGS_USERNAME", "THINGS_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    with serving(lambda request: Response.json(ANSWER), max_requests=1) as server:
        thing = call(module, "Things", server.url, arguments, asynchronous)
        (request,) = server.requests
    assert thing.id == "t-1"
    if "header" in expected:
        wire, value = expected["header"]
        assert request.header_values(wire) == [value]
    else:
        wire, value = expected["query"]
        assert request.query == [(wire, value)] and request.header("Authorization") is None
    report = (out / "merge-report.md").read_text(encoding="utf-8")
    assert ("## Credentials" in report) == name.endswith(".md"), "learned credentials are reported with their evidence"
    document = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
    assert document["components"]["securitySchemes"] and document["security"]
    parameters = module._client.ThingsClient.get.__code__.co_varnames
    assert "authorization" not in parameters and "x_api_key" not in parameters, "the credential is the client's, not an argument"


def test_the_credential_comes_from_the_environment_and_is_checked(tmp_path, unload, monkeypatch):
    code, stderr, out = generate(tmp_path, {"page.md": FORMS["bearer"][1]}, "creds_env")
    assert code == 0, stderr
    unload.append("creds_env")
    module = load(out, "creds_env")
    monkeypatch.setenv("THINGS_API_KEY", "from-env")
    with serving(lambda request: Response.json(ANSWER), max_requests=1) as server:
        call(module, "Things", server.url, {}, asynchronous=False)
        assert server.requests[0].header("Authorization") == "Bearer from-env"
    with pytest.raises(module.ClientConfigurationError, match="api_key contains a line break") as raised:
        module.Things(api_key="k\r\nX-Injected: 1")
    assert "X-Injected" not in str(raised.value)


def test_basic_needs_both_halves(tmp_path, unload, monkeypatch):
    code, stderr, out = generate(tmp_path, {"doc.json": FORMS["basic"][1]}, "creds_basic_halves")
    assert code == 0, stderr
    unload.append("creds_basic_halves")
    module = load(out, "creds_basic_halves")
    monkeypatch.delenv("THINGS_PASSWORD", raising=False)
    with pytest.raises(module.ClientConfigurationError, match="THINGS_PASSWORD environment variable is not set"):
        module.Things(username="ada")
    with pytest.raises(module.ClientConfigurationError, match="username cannot carry"):
        module.Things(username="a:b", password="p")


def test_several_credentials_are_all_sent(tmp_path, unload):
    schemes = {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}, "bearer": {"type": "http", "scheme": "bearer"}}
    code, stderr, out = generate(tmp_path, {"doc.json": openapi_document(schemes, [{"key": [], "bearer": []}])}, "creds_several")
    assert code == 0, stderr
    unload.append("creds_several")
    module = load(out, "creds_several")
    with serving(lambda request: Response.json(ANSWER), max_requests=1) as server:
        call(module, "Things", server.url, {"api_key": "k", "token": "t"}, asynchronous=False)
        (request,) = server.requests
    assert request.header("X-Api-Key") == "k" and request.header("Authorization") == "Bearer t"


VERSION_HEADER = """        - name: X-Things-Version
          in: header
          description: Version of the API
          required: true
          schema:
            type: string
            default: '2025-06-26'
"""


def test_a_header_every_operation_requires_with_a_default_is_a_client_setting(tmp_path, unload):
    page = fern_page("Authorization", "Bearer authentication of the form `Bearer <token>`", {}, extra_parameters=VERSION_HEADER)
    code, stderr, out = generate(tmp_path, {"page.md": page}, "creds_version")
    assert code == 0, stderr
    unload.append("creds_version")
    module = load(out, "creds_version")
    import inspect

    assert "x_things_version" not in inspect.signature(module._client.ThingsClient.get).parameters
    assert inspect.signature(module.Things).parameters["x_things_version"].default == "2025-06-26"
    with serving(lambda request: Response.json(ANSWER), max_requests=3) as server:
        with module.Things(api_key="k", base_url=server.url) as sdk:
            sdk.things.get(id="1")
            sdk.things.get(id="1", request_options={"headers": {"X-Things-Version": "2026-01-01"}})
        with module.Things(api_key="k", base_url=server.url, x_things_version="2027-01-01") as sdk:
            sdk.things.get(id="1")
        assert [r.header("X-Things-Version") for r in server.requests] == ["2025-06-26", "2026-01-01", "2027-01-01"]
    with pytest.raises(module.ClientConfigurationError, match="x_things_version contains a line break"):
        module.Things(api_key="k", x_things_version="1\r\nX: y")


def two_host_document(upload_host: str) -> str:
    document = json.loads(openapi_document({}, []))
    del document["security"], document["components"]
    document["paths"]["/v1/uploads"] = {
        "post": {
            "operationId": "create",
            "tags": ["uploads"],
            "servers": [{"url": f"https://{upload_host}"}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}},
        }
    }
    return json.dumps(document)


def test_an_operation_on_another_host_of_the_api_goes_there(tmp_path, unload, monkeypatch):
    code, stderr, out = generate(tmp_path, {"doc.json": two_host_document("uploads.things.example")}, "creds_hosts")
    assert code == 0, stderr
    unload.append("creds_hosts")
    module = load(out, "creds_hosts")
    client = (out / "creds_hosts" / "_client.py").read_text(encoding="utf-8")
    assert 'server="https://uploads.things.example"' in client
    core = module.Things()._client
    assert core.prepare("uploads.create", "POST", "/v1/uploads", server="https://uploads.things.example").url == "https://uploads.things.example/v1/uploads"
    assert core.prepare("things.get", "GET", "/v1/things/{id}", path_params={"id": "1"}).url == "https://api.things.example/v1/things/1"
    with serving(lambda request: Response.json({}), max_requests=1) as server:  # a base_url of your own takes every call
        with module.Things(base_url=server.url) as sdk:
            sdk.uploads.create()
        assert server.requests[0].path == "/v1/uploads"


def test_an_operation_on_a_host_of_another_domain_goes_there_without_credentials(tmp_path, unload):
    # Before, pages naming servers of two domains made no package ("several APIs"); now each
    # operation calls its own server, and only the API's own host gets the credentials
    # (tests/security/test_credential_hosts.py sends them).
    code, stderr, out = generate(tmp_path, {"doc.json": two_host_document("api.other-vendor.example")}, "creds_vendors")
    assert code == 0, stderr
    unload.append("creds_vendors")
    client = (out / "creds_vendors" / "_client.py").read_text(encoding="utf-8")
    assert client.count('server="https://api.other-vendor.example",\n            credentials=False,') == 2
    assert "warning" not in stderr  # the document has no credential to keep back
    core = load(out, "creds_vendors").Things()._client
    assert core.prepare("uploads.create", "POST", "/v1/uploads", server="https://api.other-vendor.example", credentials=False).url == "https://api.other-vendor.example/v1/uploads"
