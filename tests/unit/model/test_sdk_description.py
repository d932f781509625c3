"""model.operations_ir, model.models_ir, model.client_settings and model.sdk_ir: the SDK
description (client, resources, methods, models, credentials) made from a merged document."""

from __future__ import annotations

import pytest

from generator.common.diagnostics import Diagnostics
from generator.model.client_settings import client_settings, env_prefix
from generator.model.models_ir import attribute_names, build_models
from generator.model.operations_ir import build_client, client_name_for
from generator.model.python_types import TypeMapper
from generator.model.sdk_ir import ClientSpec, ModelsModule, SdkOptions
from sdk_specs import client_spec


@pytest.fixture(scope="module")
def acme(tmp_path_factory) -> tuple[dict, ClientSpec, ModelsModule]:
    return client_spec(tmp_path_factory.mktemp("acme"))


def test_the_client_has_its_names_base_url_and_credential(acme):
    _, client, _ = acme
    assert (client.package, client.client_name, client.async_client_name) == ("acme_sdk", "Acme", "AsyncAcme")
    assert client.base_url_source == '"https://api.acme.test"'
    (credential,) = client.credentials
    assert credential.arguments == ["api_key"]
    assert credential.constructor_source == '_Credential("header", "X-Key", "", "api_key", "ACME_API_KEY", api_key)'
    assert credential.declaration_sources == ["api_key: str | None = None"]


def test_operations_become_methods_of_their_resource(acme):
    _, client, _ = acme
    assert [(r.attribute, r.class_name, r.async_class_name) for r in client.resources] == [("things", "ThingsClient", "AsyncThingsClient")]
    assert client.root.operations == [] and [c.attribute for c in client.root.children] == ["things"]
    create, get = client.resources[0].operations
    assert (get.name, get.http_method_source, get.path_source, get.operation_id_source) == ("get", '"GET"', '"/v1/things/{thing_id}"', '"things.get"')
    assert [(p.name, p.annotation, p.required) for p in get.path_params + get.query_params] == [("thing_id", "str", True), ("verbose", "bool | None", False)]
    assert (get.response_kind, get.response_annotation) == ("model", "models.Thing")
    assert create.body is not None and create.body.kind == "json-fields" and create.body.content_type == "application/json"
    assert [(p.name, p.required) for p in create.body.fields] == [("label", True), ("language", True)]


def test_schemas_become_model_classes_with_required_and_optional_fields(acme):
    _, _, models = acme
    fields = {c.name: [(f.name, f.annotation, f.default_source) for f in c.fields] for c in models.classes}
    assert fields == {
        "NewThing": [("label", "str", None), ("language", "str", None)],
        "Thing": [("id", "str", None), ("label", "str | None", "None")],
    }


def test_build_models_and_build_client_directly():
    document = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "servers": [{"url": "https://api.deepgram.com"}],
        "paths": {"/v1/listen": {"post": {"x-sdkgen-resource": "listen", "x-sdkgen-method": "transcribe",
                                          "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}}}}},
        "components": {"schemas": {"Word": {"type": "object", "properties": {"class": {"type": "string"}}}}},
    }  # fmt: skip
    diagnostics = Diagnostics()
    mapper = TypeMapper(document["components"]["schemas"])
    models = build_models(mapper, diagnostics)
    client = build_client(document, mapper, SdkOptions("dg", client_name_for(document), "t"), diagnostics)
    assert not diagnostics.items
    assert [(c.name, [(f.name, f.wire_source) for f in c.fields]) for c in models.classes] == [("Word", [("class_", '"class"')])]
    assert client.client_name == "Deepgram"
    ((operation,),) = [r.operations for r in client.resources]
    assert (operation.name, operation.response_kind, operation.response_annotation) == ("transcribe", "text", "str")


def test_attribute_names_are_python_names_kept_apart():
    assert attribute_names(["id", "class", "Some Name", "some_name", "2fa"]) == {
        "id": "id", "some_name": "some_name", "class": "class_", "Some Name": "some_name_2", "2fa": "n2fa",
    }  # fmt: skip


@pytest.mark.parametrize(("url", "name"), [("https://api.elevenlabs.io", "Elevenlabs"), ("https://api.acme.com/v1", "Acme"), ("http://localhost:8080", "Localhost")])
def test_the_client_name_comes_from_the_host(url, name):
    assert client_name_for({"servers": [{"url": url}]}) == name


def test_a_document_with_no_server_gives_the_client_name_api():
    assert client_name_for({"info": {"title": "t"}}) == "Api"


def test_client_settings_for_a_bearer_scheme_and_a_defaulted_header():
    document = {"components": {"securitySchemes": {"B": {"type": "http", "scheme": "bearer"}}}, "security": [{"B": []}]}
    operations = [{"parameters": [{"name": "X-Api-Version", "in": "header", "required": True, "schema": {"type": "string", "default": "2024-01"}}]}]
    settings = client_settings(document, operations, "Acme")
    (credential,) = settings.credentials
    assert credential.constructor_source == '_Credential("header", "Authorization", "Bearer", "api_key", "ACME_API_KEY", api_key)'
    assert credential.doc_lines == ["api_key: Sent in the Authorization header (`Bearer <api_key>`); defaults to the ACME_API_KEY environment variable."]
    (header,) = settings.headers
    assert (header.argument, header.wire, header.default_source) == ("x_api_version", "X-Api-Version", '"2024-01"')
    assert settings.taken == {("header", "authorization"), ("header", "x-api-version")}
    assert env_prefix("ElevenLabs") == "ELEVENLABS" and env_prefix("acme-io 2") == "ACMEIO2"
