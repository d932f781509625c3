"""merge.surface: the client class, its module, credential keyword and environments, and each
call's name and positional arguments, learned from the pages' Python SDK examples (read as
syntax trees, never run)."""

from __future__ import annotations

from fern_pages import fern_page, read_pages
from generator.common.diagnostics import Level
from generator.spec.extensions import CODE_SAMPLES as SAMPLES_KEY
from generator.merge.surface import (
    SurfaceFact,
    called_identity,
    learn_client,
    operation_calls,
    positional_parameters,
    read_facts,
    record_code_samples,
)
from generator.spec.identity import OperationIdentity

OPERATION = {"operationId": "get", "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}],
             "responses": {"200": {"description": "ok"}}}  # fmt: skip

EXAMPLE = """
from acme import Acme
from acme.environment import AcmeEnvironment

client = Acme(
    api_key="YOUR_API_KEY",
    environment=AcmeEnvironment.SANDBOX,
)
client.things.get("t_1")
"""


def page(example: str, endpoint: str = "endpoint_things.get") -> str:
    return fern_page(endpoint, "/v1/things/{thing_id}", "get", OPERATION, examples=(("python", example),))


def learned(tmp_path, pages: dict[str, str]):
    sources, diagnostics = read_pages(tmp_path / "pages", pages)
    assert not diagnostics.has_errors
    found: list[SurfaceFact] = []
    fragments = sources.fragments
    sdk = learn_client(fragments, read_facts(fragments), diagnostics, found)
    return sdk, found, diagnostics, fragments


def test_the_client_class_module_credential_and_environment_are_learned_from_an_example(tmp_path):
    text = page(EXAMPLE).replace("servers:\n- url: https://api.example.test\n", "servers:\n- url: https://api.example.test\n  x-fern-server-name: Production\n- url: https://sandbox.example.test/\n  x-fern-server-name: Sandbox\n")
    sdk, found, diagnostics, _ = learned(tmp_path, {"a.md": text})
    assert sdk == {
        "module": "acme",
        "client": "Acme",
        "async-client": "AsyncAcme",
        "credential-keyword": "api_key",
        "keywords": ["environment"],
        "environment": {"class": "AcmeEnvironment", "members": {"PRODUCTION": "https://api.example.test", "SANDBOX": "https://sandbox.example.test"}},
    }
    facts = {(f.subject, f.fact) for f in found}
    assert ("client class", "`Acme`, imported from `acme`") in facts
    assert ("async client class", "`AsyncAcme` (`Async` + the client's name, as Fern's SDKs name it)") in facts
    assert ("credential keyword", "`api_key=` (the client's own name for it)") in facts
    assert ("environment", "`AcmeEnvironment.SANDBOX` = https://sandbox.example.test") in facts
    assert not diagnostics.items


def test_no_client_in_the_examples_teaches_nothing(tmp_path):
    sdk, found, diagnostics, _ = learned(tmp_path, {"a.md": page('print("hello")')})
    assert sdk is None and found == [] and not diagnostics.items


def test_the_first_page_in_path_order_wins_and_the_other_is_a_warning(tmp_path):
    # another module's class: a disagreement (a second class of the same module is a class of its own, below)
    other = EXAMPLE.replace("Acme(", "Widgets(").replace("from acme import Acme", "from widgets import Widgets").replace("api_key=", "token=")
    sdk, _, diagnostics, _ = learned(tmp_path, {"a.md": page(EXAMPLE), "b.md": page(other, "endpoint_things.list")})
    assert sdk is not None and sdk["client"] == "Acme" and sdk["credential-keyword"] == "api_key"
    messages = [d.message for d in diagnostics.items if d.level is Level.WARNING]
    assert any(m.startswith("this example shows the client class `Widgets`, the one at ") and m.endswith("`Acme`; the package follows the first page in path order") for m in messages), messages
    assert any("the credential keyword `token`" in m for m in messages), messages
    assert any(m.startswith("this example shows the client imported from `widgets`") for m in messages), messages
    # the environment member the examples use is named by no server of the pages
    assert any("`AcmeEnvironment.SANDBOX`: the pages name no server so" in m for m in messages), messages


def test_a_keyword_the_client_does_not_take_is_a_warning(tmp_path):
    example = EXAMPLE.replace('api_key="YOUR_API_KEY",', 'api_key="YOUR_API_KEY",\n    verbose=True,')
    sdk, found, diagnostics, _ = learned(tmp_path, {"a.md": page(example)})
    assert sdk is not None and sdk["keywords"] == ["environment", "verbose"]
    assert ("constructor keyword", "`verbose=` (not taken by the generated client)") in {(f.subject, f.fact) for f in found}
    assert any(d.message == "the example passes `verbose=` to the client, which the generated client does not take" for d in diagnostics.items)


def test_the_call_and_its_positional_path_parameters(tmp_path):
    sources, diagnostics = read_pages(tmp_path / "pages", {"a.md": page(EXAMPLE.replace("client.things.get", "client.items.fetch"))})
    facts = read_facts(sources.fragments)
    calls = operation_calls(facts[0], operations_on_page=1)
    assert [(c.dotted, c.positional) for c in calls] == [("items.fetch", 1)]
    assert operation_calls(facts[0], operations_on_page=2) == []  # a page of two operations says not which it calls
    assert called_identity(OperationIdentity(("things",), "get"), calls, "GET /v1/things/{thing_id}", diagnostics) == OperationIdentity(("items",), "fetch")
    assert called_identity(OperationIdentity(("items",), "fetch"), calls, "GET /v1/things/{thing_id}", diagnostics) is None
    assert positional_parameters("/v1/things/{thing_id}", calls, "GET /v1/things/{thing_id}", diagnostics) == ["thing_id"]
    assert positional_parameters("/v1/things", calls, "GET /v1/things", diagnostics) == []
    assert diagnostics.items[-1].message.startswith("GET /v1/things: the example passes 1 arguments by position but the operation has 0 path parameters")


def test_the_examples_calling_an_operation_are_kept_as_its_code_samples(tmp_path):
    sources, _ = read_pages(tmp_path / "pages", {"a.md": page(EXAMPLE)})
    operation: dict = {"responses": {}}
    record_code_samples(operation, sources.fragments, "things.get")
    assert [sample["lang"] for sample in operation[SAMPLES_KEY]] == ["Python"]
    assert "client.things.get(\"t_1\")" in operation[SAMPLES_KEY][0]["source"]
    record_code_samples(operation, sources.fragments, "things.get")
    assert len(operation[SAMPLES_KEY]) == 1  # each once
    other: dict = {}
    record_code_samples(other, sources.fragments, "things.list")
    assert SAMPLES_KEY not in other


def test_a_second_class_of_the_module_is_a_class_of_its_own_with_its_own_keywords(tmp_path):
    v2 = 'import acme\nclient = acme.ClientV2(token="t")\nclient.chat(model="m")\n'
    v2_async = 'import acme\nclient = acme.AsyncClientV2(token="t")\n\nasync def main():\n    await client.chat(model="m")\n'
    sdk, found, diagnostics, _ = learned(tmp_path, {"a.md": page(EXAMPLE), "b.md": page(v2, "endpoint_v2.chat"), "c.md": page(v2_async, "endpoint_v2.chat")})
    assert sdk is not None and (sdk["client"], sdk["credential-keyword"]) == ("Acme", "api_key")
    assert sdk["clients"] == [{"client": "ClientV2", "async-client": "AsyncClientV2", "credential-keyword": "token"}]
    facts = {(f.subject, f.fact) for f in found}
    assert ("client class", "`ClientV2`, imported from `acme`") in facts
    assert ("credential keyword of `ClientV2`", "`token=` (taken as `api_key`)") in facts
    assert not any("client class" in d.message or "credential keyword" in d.message for d in diagnostics.items), diagnostics.items


def test_operations_go_to_the_class_that_calls_them_else_by_path_prefix_else_the_first(tmp_path):
    from generator.merge.surface import assign_clients, client_classes

    v1, v2 = page('import acme\nc = acme.Client()\nc.chat(x=1)\n'), page('import acme\nc = acme.ClientV2()\nc.chat(x=1)\n')
    sources, _ = read_pages(tmp_path / "pages", {"a.md": v1, "b.md": v2})
    facts = read_facts(sources.fragments)
    classes = client_classes(facts)
    assert classes == ["Client", "ClientV2"]
    calls = {("/v1/chat", "post"): list(facts[0][0].calls), ("/v2/chat", "post"): list(facts[1][0].calls)}
    keys = [*calls, ("/v2/embed", "post"), ("/v3/other", "get"), ("/v1/more", "get")]
    assert assign_clients(keys, calls, classes) == {
        ("/v1/chat", "post"): "Client", ("/v2/chat", "post"): "ClientV2",
        ("/v2/embed", "post"): "ClientV2", ("/v3/other", "get"): "Client", ("/v1/more", "get"): "Client",
    }  # fmt: skip
    assert assign_clients(keys, calls, ["Client"]) == {}  # one class: nothing to assign
