"""The runtime as modules of its own (generator/emit/runtime/_core/), tested directly: its `__all__` is
what every package exports, every error it raises is in it, and its helpers do what their
docstrings say. The runtime's behaviour over HTTP is tested through generated packages
(test_client_runtime.py, test_sdk_behaviour.py)."""

from __future__ import annotations

import ast
import importlib
import inspect
import math
import sys

import httpx
import pytest

from conftest import ROOT
from generator.emit.resources import RUNTIME_MODULES, runtime_exports, runtime_modules
from generator.emit.runtime import _core as runtime
from generator.emit.runtime._core import errors as runtime_errors
from generator.emit.runtime._core import http as runtime_http
from generator.emit.runtime._core import request as runtime_request
from generator.emit.package import CLIENT_MODULE_NAMES


def test_all_names_exist_and_every_public_error_is_exported():
    assert tuple(runtime.__all__) == runtime_exports()
    for name in runtime.__all__:
        assert hasattr(runtime, name), name
    errors = {name for name, value in vars(runtime_errors).items() if inspect.isclass(value) and issubclass(value, runtime.SdkError) and value.__module__ == runtime_errors.__name__}
    assert errors and errors <= set(runtime.__all__), f"raised but not exported: {sorted(errors - set(runtime.__all__))}"
    assert {"GoneError", "PaymentRequiredError", "TooEarlyError"} <= errors


def test_every_package_exports_the_runtime_names_and_no_client_may_shadow_one():
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        package = importlib.import_module("elevenlabs_convai")
    finally:
        sys.path.remove(str(ROOT / "generated"))
    assert set(runtime.__all__) <= set(package.__all__)
    for name in runtime.__all__:
        assert getattr(package, name) is getattr(importlib.import_module("elevenlabs_convai._core"), name)
    assert set(runtime.__all__) <= CLIENT_MODULE_NAMES


def test_the_generated_copies_are_the_modules_byte_for_byte():
    for name in RUNTIME_MODULES:
        assert (ROOT / "generated" / "elevenlabs_convai" / name).read_text(encoding="utf-8") == runtime_modules()[name]


def test_the_runtime_imports_only_what_generated_packages_depend_on():
    allowed = set(sys.stdlib_module_names) | {"httpx", "httpcore", "pydantic"}  # httpcore: what httpx runs on
    for name, source in runtime_modules().items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            assert set(tops) <= allowed, f"{name} imports {tops}"


@pytest.mark.parametrize(
    "template, values, expected",
    [
        ("/v1/items/{item_id}", {"item_id": "a/b"}, "/v1/items/a%2Fb"),
        ("/v1/items/{item_id}", {"item_id": ".."}, "/v1/items/%2E%2E"),
        ("/v1/{a}/x?y", {"a": "q?r#s"}, "/v1/q%3Fr%23s/x%3Fy"),
        ("/v1/{n}", {"n": 5}, "/v1/5"),
    ],
)
def test_format_path_escapes_values_into_one_segment(template, values, expected):
    assert runtime_request.format_path(template, values) == expected


def test_query_items_drop_unset_repeat_lists_and_lower_booleans():
    from generator.emit.runtime._core import params

    items = params.query_items({"a": None, "b": runtime.NOT_GIVEN, "c": [1, 2], "d": True, "e": {"k": 1}})
    assert items == ["c=1", "c=2", "d=true", "e=%7B%22k%22%3A1%7D"]


@pytest.mark.parametrize(
    "value, problem",
    [("ok value", None), ("a\r\nb", "contains a line break"), ("é", "is not ASCII"), (" x", "starts or ends with whitespace"), ("a\x00", "contains a control character"), (3, "is not a string")],
)
def test_header_value_problem(value, problem):
    assert runtime_request.header_value_problem(value) == problem


@pytest.mark.parametrize(
    "headers, expected",
    [({"retry-after": "2"}, 2.0), ({"retry-after-ms": "1500"}, 1.5), ({"retry-after": "0"}, None), ({"retry-after": "nan"}, None), ({"retry-after": "soon"}, None), ({}, None)],
)
def test_retry_after(headers, expected):
    assert runtime_http.retry_after(httpx.Response(429, headers=headers)) == expected


def test_backoff_is_jittered_exponential_and_honours_retry_after():
    for attempt in range(8):
        delay = runtime_http.backoff(attempt, None)
        ceiling = min(runtime_http.MAX_RETRY_DELAY, runtime_http.INITIAL_RETRY_DELAY * 2.0**attempt)
        assert ceiling / 2 <= delay <= ceiling and math.isfinite(delay)
    assert runtime_http.backoff(0, httpx.Response(429, headers={"retry-after": "5"})) == 5.0


def test_importing_the_package_and_making_a_client_loads_neither_httpx_nor_pydantic():
    """They load on first use (the first request, the first model): most of what importing
    the package would otherwise cost."""
    import subprocess

    code = (
        "import sys, elevenlabs_convai\n"
        "client = elevenlabs_convai.ElevenLabs(api_key='k', base_url='https://user:pw@api.example.com:8443/v1/')\n"
        "assert client._client.base_url == 'https://api.example.com:8443/v1', client._client.base_url\n"
        "assert client._client.headers['Authorization'].startswith('Basic ')\n"
        "print(sorted(m for m in ('httpx', 'pydantic', 'httpcore') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "generated", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
