"""model/channels_ir.py on small channels documents: connect()'s arguments, the send helpers'
names and constants, the server messages' classes and discriminator, the credential the
channel declares, its server."""

from __future__ import annotations

from typing import Any

from generator.common.diagnostics import Diagnostics
from generator.model.channels_ir import build_channels, channel_base_url
from generator.model.client_settings import client_settings
from generator.model.python_types import TypeMapper
from generator.model.sdk_ir import Resource

SCHEMAS: dict[str, Any] = {
    "Finalize": {"type": "object", "properties": {"type": {"type": "string", "const": "Finalize"}}, "required": ["type"]},
    "Configure": {
        "type": "object",
        "properties": {"type": {"type": "string", "const": "Configure"}, "language": {"type": "string"}, "rate": {"type": "integer"}},
        "required": ["type", "language"],
    },
    "Results": {"type": "object", "properties": {"type": {"type": "string", "enum": ["Results"]}, "text": {"type": "string"}}, "required": ["type"]},
    "Metadata": {"type": "object", "properties": {"type": {"type": "string", "const": "Metadata"}, "id": {"type": "string"}}, "required": ["type"]},
    "ServerEvents": {"oneOf": [{"$ref": "#/components/schemas/Results"}, {"$ref": "#/components/schemas/Metadata"}]},
    "Publish": {"$ref": "#/components/schemas/Configure"},
    "Audio": {"type": "string", "format": "binary"},
    "Model": {"type": "string", "enum": ["nova-2", "nova-3"]},
}


def channels_document(headers: dict[str, Any] | None = None, server: str = "wss://api.acme.test/") -> dict[str, Any]:
    binding: dict[str, Any] = {"query": {"type": "object", "properties": {"model": {"$ref": "#/components/schemas/Model"}, "url": {"type": "string"}}, "required": ["model"]}}
    if headers is not None:
        binding["headers"] = {"type": "object", "properties": headers}
    return {
        "asyncapi": "2.6.0",
        "servers": {"Production": {"url": server, "protocol": "wss", "x-default": True}},
        "channels": {
            "/v1/listen/{stream}": {
                "x-sdkgen-resource": "listen.v1",
                "servers": ["Production"],
                "parameters": {"stream": {"schema": {"type": "string"}}},
                "bindings": {"ws": binding},
                "publish": {
                    "message": {
                        "oneOf": [
                            {"name": "ListenV1Media", "contentType": "application/octet-stream", "payload": {"$ref": "#/components/schemas/Audio"}},
                            {"name": "ListenV1Finalize", "contentType": "application/json", "payload": {"$ref": "#/components/schemas/Finalize"}},
                            {"name": "publish", "contentType": "application/json", "payload": {"$ref": "#/components/schemas/Publish"}},
                            {"name": "ListenV1SendFinalize", "contentType": "application/json", "payload": {"$ref": "#/components/schemas/Finalize"}},
                        ]
                    }
                },
                "subscribe": {"message": {"name": "subscribe", "contentType": "application/json", "payload": {"$ref": "#/components/schemas/ServerEvents"}}},
            }
        },
        "components": {"schemas": SCHEMAS},
    }


def build(document: dict[str, Any], channels: dict[str, Any], base_url: str = "https://api.acme.test") -> tuple[Resource, list[Any]]:
    mapper = TypeMapper(SCHEMAS)
    settings = client_settings(document, [], "Acme")
    root = Resource("", "Acme", "AsyncAcme", None, [], [])
    nodes: dict[tuple[str, ...], Resource] = {(): root}
    found = build_channels(channels, document, mapper, settings, nodes, {"Acme", "AsyncAcme"}, base_url, Diagnostics())
    return root, found


API_KEY_DOCUMENT: dict[str, Any] = {"components": {"securitySchemes": {"ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "Authorization"}}}}


def test_connect_takes_path_and_query_parameters_and_keeps_its_own_argument_names():
    root, (channel,) = build(API_KEY_DOCUMENT, channels_document({"Authorization": {"type": "string"}}))
    (listen,) = root.children
    (v1,) = listen.children
    assert v1.channels == [channel] and channel.method_name == "connect"
    assert [p.name for p in channel.connect.path_params] == ["stream"]
    names = {p.wire: p.name for p in channel.connect.query_params}
    assert names == {"model": "model", "url": "url_"}  # `url=` is connect()'s own
    assert [p.name for p in channel.connect.header_params] == []  # the credential header is the client's


def test_send_helpers_named_without_the_group_words_with_constants_filled_in():
    _, (channel,) = build(API_KEY_DOCUMENT, channels_document({"Authorization": {"type": "string"}}))
    helpers = {m.name: m for m in channel.client_messages}
    # `publish` only says the direction; `SendFinalize` is not `send_send_finalize` (and
    # `finalize` taken, it keeps its whole name)
    assert list(helpers) == ["send_media", "send_finalize", "send_configure", "send_listen_v1_send_finalize"]
    assert helpers["send_media"].binary and helpers["send_media"].body is None
    finalize, configure = helpers["send_finalize"], helpers["send_configure"]
    assert finalize.body is not None and finalize.body.fields == [] and finalize.body.constants == [('"type"', "'Finalize'")]
    assert configure.body is not None and [(p.name, p.required) for p in configure.body.fields] == [("language", True), ("rate", False)]
    assert configure.class_name == "Configure"  # through the reference-only `Publish`
    assert channel.client_members == ['"models.Finalize"', '"models.Configure"']  # each class once


def test_server_messages_are_the_union_members_told_apart_by_their_constant():
    _, (channel,) = build(API_KEY_DOCUMENT, channels_document({"Authorization": {"type": "string"}}))
    assert [(m.class_name, m.constant_source) for m in channel.server_messages] == [("Results", '"Results"'), ("Metadata", '"Metadata"')]
    assert channel.discriminator_source == '"type"'
    assert channel.server_members == ['"models.Results"', '"models.Metadata"', "UnknownMessage"]


def test_the_credential_goes_where_the_channel_declares_it_and_nowhere_else():
    _, (declared,) = build(API_KEY_DOCUMENT, channels_document({"Authorization": {"type": "string"}}))
    assert (declared.security_source, declared.credentials) == ('[["api_key"]]', True)
    other = {"components": {"securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "xi-api-key"}}}}
    _, (elsewhere,) = build(other, channels_document({"Authorization": {"type": "string"}}, server="wss://stream.other.test/"))
    assert (elsewhere.security_source, elsewhere.credentials) == ("[]", False)  # another host, no credential of its own
    assert elsewhere.server_source == '"https://stream.other.test"'
    _, (on_api,) = build(other, channels_document(None))
    assert on_api.security_source == "None" and on_api.server_source is None  # the API's host: the API's security


def test_only_channels_the_base_url_is_the_first_channels_server():
    assert channel_base_url(channels_document(None, server="wss://agent.acme.test/")) == "https://agent.acme.test"
    assert channel_base_url(None) == ""


def test_a_payload_written_in_its_message_gets_a_class_named_after_group_and_message():
    channels = channels_document(None)
    entry = channels["channels"]["/v1/listen/{stream}"]
    entry["subscribe"]["message"] = {
        "oneOf": [
            {"name": "said", "payload": {"type": "object", "properties": {"kind": {"type": "string", "const": "said"}, "text": {"type": "string"}}, "required": ["kind"]}},
            {"name": "pong", "payload": {"type": "object", "properties": {"kind": {"type": "string", "const": "pong"}}, "required": ["kind"]}},
        ]
    }
    _, (channel,) = build({}, channels)
    assert [(m.class_name, m.constant_source) for m in channel.server_messages] == [("ListenV1Said", '"said"'), ("ListenV1Pong", '"pong"')]
    assert channel.discriminator_source == '"kind"'


def test_the_base_url_stands_for_the_channels_server_only_when_it_is_that_server():
    _, (same,) = build(API_KEY_DOCUMENT, channels_document({"Authorization": {"type": "string"}}), base_url="https://api.acme.test")
    assert same.server_source is None
    _, (pathed,) = build(API_KEY_DOCUMENT, channels_document({"Authorization": {"type": "string"}}), base_url="https://api.acme.test/v2")
    assert pathed.server_source == '"https://api.acme.test"'  # its own server: the address is from the root
    assert pathed.credentials and pathed.security_source == '[["api_key"]]'
