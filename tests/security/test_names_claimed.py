"""Names that reach code claim a slot: a learned package or client name that Python or the
installers would run or that shadows a builtin is refused with a warning; a method and its
siblings (`_all`, `_stream`) are one family in their class; a client-level header cannot
take a constructor argument's name."""

from __future__ import annotations

import copy
import importlib
import inspect
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.common.diagnostics import Diagnostics
from generator.model.client_settings import CONSTRUCTOR_NAMES
from generator.output.output_dir import replace_tree
from generator.pipeline import build_sdk
from generator.settings import Settings
from http_server import Response, serving

PAGE = {
    "type": "object",
    "required": ["data"],
    "properties": {"data": {"type": "array", "items": {"type": "string"}}, "next_cursor": {"type": ["string", "null"]}},
}


def spec(**extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Names", "version": "1"},
        "servers": [{"url": "https://api.names.example"}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list",
                    "tags": ["things"],
                    "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": PAGE}}}},
                },
            },
            "/things/all": {
                "delete": {"operationId": "list_all", "tags": ["things"], "responses": {"204": {"description": "all gone"}}},
            },
        },
    }
    document.update(extra)
    return document


def generate(tmp_path: Path, document: dict[str, Any], **settings: Any) -> tuple[Path | None, list[str]]:
    import json

    source = tmp_path / "spec.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    diagnostics = Diagnostics()
    built = build_sdk(Settings(specs=(str(source),), **settings), diagnostics)
    messages = [str(d) for d in diagnostics.items]
    if built is None:
        return None, messages
    out = tmp_path / "out"
    replace_tree(out, built.files)
    return out, messages


def load(out: Path, package: str) -> Any:
    sys.path.insert(0, str(out))
    try:
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


@pytest.mark.parametrize("module", ["sitecustomize", "usercustomize", "pip", "setuptools", "pkg_resources", "os"])
def test_a_learned_package_name_python_or_the_installers_would_run_is_refused(tmp_path: Path, module: str) -> None:
    out, messages = generate(tmp_path, spec(**{"x-sdkgen-sdk": {"module": module, "client": "Names"}}))
    assert out is not None, messages
    assert not (out / module).exists()
    assert (out / "names_client" / "__init__.py").is_file()
    assert any(f"name {module!r}, which cannot be used" in m and "warning" in m for m in messages), messages


@pytest.mark.parametrize("client", ["AttributeError", "Exception", "BaseException", "ValueError"])
def test_a_learned_client_name_that_shadows_a_builtin_is_refused(tmp_path: Path, client: str) -> None:
    out, messages = generate(tmp_path, spec(**{"x-sdkgen-sdk": {"module": "claimed_sdk", "client": client}}))
    assert out is not None, messages
    assert any(f"name {client!r}, which cannot be used" in m and "builtin" in m for m in messages), messages
    package = load(out, "claimed_sdk")
    assert client not in vars(package) and hasattr(package, "Example")  # the default name, from the host


def test_a_method_named_like_anothers_iterator_does_not_replace_it(tmp_path: Path) -> None:
    out, messages = generate(tmp_path, spec(), package="claimed_sdk", client_name="Names")
    assert out is not None, messages
    assert any("method 'list_all' of" in m and "is called 'list_all_2'" in m for m in messages), messages
    package = load(out, "claimed_sdk")
    seen: list[str] = []

    def handler(request: Any) -> Response:
        seen.append(f"{request.method} {request.path}")
        if request.method == "GET":
            return Response(200, {"content-type": "application/json"}, b'{"data": ["a", "b"], "next_cursor": null}')
        return Response(204, {}, b"")

    with serving(handler) as server:
        client = package.Names(base_url=server.url)
        assert list(client.things.list_all()) == ["a", "b"]  # the iterator, not the DELETE
        client.things.list_all_2()
    assert seen == ["GET /things", "DELETE /things/all"]


def test_the_iterator_follows_a_renamed_method(tmp_path: Path) -> None:
    document = spec()
    paths = document["paths"]
    paths["/a"] = {"delete": copy.deepcopy(paths.pop("/things/all")["delete"])}  # /a sorts first: its name is kept
    out, messages = generate(tmp_path, document, package="claimed_sdk", client_name="Names")
    assert out is not None, messages
    things = load(out, "claimed_sdk").Names(base_url="http://127.0.0.1:9").things
    assert hasattr(things, "list_2") and hasattr(things, "list_2_all") and not hasattr(things, "list_all_all")
    assert any("is called 'list_2'" in m and "list_all" in m for m in messages), messages


def test_a_header_named_like_a_constructor_argument_gets_another_argument(tmp_path: Path) -> None:
    document = spec()
    for item in document["paths"].values():
        for operation in item.values():
            operation["parameters"] = [*operation.get("parameters", []), {"name": "environment", "in": "header", "required": True, "schema": {"type": "string", "default": "prod"}}]
    out, messages = generate(tmp_path, document, package="claimed_sdk", client_name="Names")
    assert out is not None, messages
    parameters = inspect.signature(load(out, "claimed_sdk").Names).parameters
    assert "environment_" in parameters and parameters["environment_"].default == "prod"


def test_the_constructor_names_are_the_constructors(tmp_path: Path) -> None:
    """CONSTRUCTOR_NAMES holds every argument the template's constructor always has."""
    document = spec(servers=[{"url": "https://api.names.example", "x-fern-server-name": "Production"}])
    document["x-sdkgen-sdk"] = {"module": "claimed_sdk", "client": "Names", "environment": {"class": "NamesEnvironment", "members": {"PRODUCTION": "https://api.names.example"}}}
    out, messages = generate(tmp_path, document)
    assert out is not None, messages
    parameters = set(inspect.signature(load(out, "claimed_sdk").Names.__init__).parameters)
    assert parameters - {"api_key"} <= CONSTRUCTOR_NAMES, parameters - CONSTRUCTOR_NAMES


def test_the_other_client_classes_a_document_names_are_checked(tmp_path: Path) -> None:
    document = spec(**{"x-sdkgen-sdk": {"module": "claimed_sdk", "client": "Names", "clients": [{"client": "Second"}, {"client": "os.system"}, {"client": 3}, "junk"]}})
    document["paths"]["/things/all"]["delete"]["x-sdkgen-client"] = "Second"
    out, messages = generate(tmp_path, document)
    assert out is not None, messages
    package = load(out, "claimed_sdk")
    assert "os" not in vars(package) and not hasattr(package, "system")
    # the operation is Second's, so its name no longer meets the first class's `list_all` iterator
    assert callable(package.Second().things.list_all) and callable(package.AsyncSecond().things.list_all)
    assert not any("is called 'list_all_2'" in m for m in messages), messages
    names = package.Names()
    assert callable(names.things.list) and inspect.signature(names.things.list_all).parameters.get("cursor") is not None


@pytest.mark.parametrize("name", ["ValueError", "Names", "AsyncNames", "ClientConfigurationError"])
def test_an_other_client_class_that_takes_a_used_name_is_an_error(tmp_path: Path, name: str) -> None:
    document = spec(**{"x-sdkgen-sdk": {"module": "claimed_sdk", "client": "Names", "clients": [{"client": name}]}})
    document["paths"]["/things/all"]["delete"]["x-sdkgen-client"] = name
    out, messages = generate(tmp_path, document)
    assert out is None
    assert any(f"the pages' client class {name!r} cannot be a class of the package" in m and "error" in m for m in messages), messages
