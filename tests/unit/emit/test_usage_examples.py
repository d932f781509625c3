"""emit.usage_examples: the code of the usage examples, built from sample values or adapted
from the pages' own Python examples (read as syntax trees, never run)."""

from __future__ import annotations

import ast

import pytest

from generator.emit.usage_examples import (
    Target,
    accepted_arguments,
    built_example,
    call_arguments,
    client_lines,
    credential_arguments,
    page_example,
    required_arguments,
    statement_lines,
)
from generator.spec.extensions import CODE_SAMPLES as SAMPLES_KEY
from sdk_specs import acme, client_spec

EXPORTS = frozenset({"Acme", "AsyncAcme"})


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    document, client, _ = client_spec(tmp_path_factory.mktemp("acme"))
    create, get = client.resources[0].operations
    return document["components"]["schemas"], client, create, get


def test_required_and_accepted_arguments(spec):
    _, _, create, get = spec
    assert [p.name for p in required_arguments(get)] == ["thing_id"]
    assert [p.name for p in required_arguments(create)] == ["label", "language"]
    assert accepted_arguments(get) == {"thing_id", "verbose", "request_options"}


def test_call_arguments_are_sample_values_of_the_required_ones(spec):
    schemas, _, create, get = spec
    assert call_arguments(get, schemas) == [(None, "thing_123")]  # a plain document's path parameter: by position
    assert call_arguments(create, schemas) == [("label", "label"), ("language", "en")]


def test_a_built_example_makes_the_client_and_calls_the_method(spec):
    schemas, client, _, get = spec
    code = built_example(Target(("things", "get"), get, False), client, schemas)
    assert code == 'from acme_sdk import Acme\n\nclient = Acme(api_key="YOUR_API_KEY")\nclient.things.get("thing_123")\n'
    shown = built_example(Target(("things", "get"), get, False), client, schemas, show=True)
    assert shown.endswith('response = client.things.get("thing_123")\nprint(response)\n')
    ast.parse(shown)


def test_the_client_line_passes_the_credential(spec):
    _, client, _, _ = spec
    assert credential_arguments(client) == [("api_key", "YOUR_API_KEY")]
    assert client_lines(client) == ['client = Acme(api_key="YOUR_API_KEY")']
    assert client_lines(client, "AsyncAcme") == ['client = AsyncAcme(api_key="YOUR_API_KEY")']


def test_statement_lines_write_python_literals():
    assert statement_lines("x = ", {"a": 1, "b": [True, None], "c": "q\"uote"}) == ['x = {"a": 1, "b": [True, None], "c": "q\\"uote"}']


def adapted(tmp_path, sample: str) -> str | None:
    """The page example `sample` of `things.get`, adapted to the package (None: not usable)."""
    document = acme()
    document["paths"]["/v1/things/{thing_id}"]["get"][SAMPLES_KEY] = [{"lang": "Python", "source": sample}]
    _, client, _ = client_spec(tmp_path, document)
    get = client.resources[0].operations[1]
    return page_example(Target(("things", "get"), get, False), client, "acme", EXPORTS)


def test_a_page_example_is_adapted_to_the_package(tmp_path):
    sample = 'from acme import Acme\n\nclient = Acme(api_key="YOUR_API_KEY")\nclient.things.get(thing_id="t_9", verbose=True)\n'
    assert adapted(tmp_path, sample) == sample.replace("from acme import", "from acme_sdk import")


@pytest.mark.parametrize(
    "call",
    [
        'client.things.get("t_9", True)',  # more by position than the method takes (its path parameter only)
        "client.things.get(verbose=True)",  # a required argument left out
        'client.things.get(thing_id="t_9", colour="red")',  # an argument the method does not take
        'client.things.list(thing_id="t_9")',  # another method
    ],
)
def test_a_page_example_that_does_not_fit_the_method_is_not_used(tmp_path, call):
    assert adapted(tmp_path, f'from acme import Acme\n\nclient = Acme(api_key="k")\n{call}\n') is None


def test_a_page_example_that_runs_other_code_is_not_used(tmp_path):
    sample = 'import os\nfrom acme import Acme\n\nos.remove("x")\nclient = Acme(api_key="k")\nclient.things.get(thing_id="t_9")\n'
    assert adapted(tmp_path, sample) is None
