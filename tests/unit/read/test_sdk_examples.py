"""read.sdk_examples: what a page's Python SDK example shows (read as a syntax tree, never run):
the clients it makes, the calls it makes on them and the package's types it builds."""

from __future__ import annotations

import ast

import pytest

from generator.common.diagnostics import SourceRef
from generator.read.reader import CodeExample
from generator.read.sdk_examples import Environment, attribute_chain, read_example

ASYNC_EXAMPLE = """import asyncio
from acme import AsyncAcme, StaticField
from acme.environment import AcmeEnvironment

client = AsyncAcme(api_key="k", environment=AcmeEnvironment.SANDBOX)

async def main():
    await client.datasets.rows.get("ds_1", "row_2", fields=[StaticField(name="x", size=3)])

asyncio.run(main())
"""


def test_the_client_call_and_types_of_an_async_example():
    facts = read_example(CodeExample("python", ASYNC_EXAMPLE, SourceRef("p.md", 10)))
    assert facts is not None and facts.source == SourceRef("p.md", 10)
    (client,) = facts.constructions
    assert (client.module, client.name, client.is_async, client.keywords) == ("acme", "AsyncAcme", True, ("api_key", "environment"))
    assert client.environment == Environment("AcmeEnvironment", "SANDBOX", None)
    assert client.source == SourceRef("p.md", 14)  # the example's fifth line
    (call,) = facts.calls
    assert (call.dotted, call.positional, call.keywords, call.client) == ("datasets.rows.get", 2, ("fields",), client)
    (built,) = call.types
    assert (built.name, built.where, built.keywords, built.constants) == ("StaticField", ("fields", None), ("name", "size"), (("name", "x"), ("size", 3)))


def test_an_environment_url_and_unknown_positional_arguments():
    code = 'from acme import Acme\nclient = Acme(token="t", environment="https://x.test")\nclient.items.list(*args)\n'
    facts = read_example(CodeExample("python", code, SourceRef("q.md", 3)))
    assert facts is not None
    assert facts.constructions[0].environment == Environment(None, None, "https://x.test")
    assert [(c.dotted, c.positional) for c in facts.calls] == [("items.list", -1)]


@pytest.mark.parametrize(
    ("lang", "code"),
    [("go", ASYNC_EXAMPLE), ("python", "x = ("), ("python", "print(1)")],
)
def test_other_languages_broken_code_and_no_client_call_give_nothing(lang, code):
    assert read_example(CodeExample(lang, code, SourceRef("p.md", 1))) is None


def test_attribute_chains():
    assert attribute_chain(ast.parse("a.b.c", mode="eval").body) == ("a", "b", "c")
    assert attribute_chain(ast.parse("f().b", mode="eval").body) is None
