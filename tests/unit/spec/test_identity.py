"""spec.identity: the resource path and method name each operation is known by."""

from __future__ import annotations

import pytest

from generator.spec.identity import OperationIdentity, operation_identity

ONE_PATH = {"/v1/convai/conversations": {}}


@pytest.mark.parametrize(
    ("document", "operation", "expected"),
    [
        # Fern's endpoint identity in info.version, on a page of one path
        ({"info": {"version": "endpoint_conversationalAi/conversations.get"}, "paths": ONE_PATH}, {"operationId": "get"}, (("conversational_ai", "conversations"), "get")),
        ({"info": {"version": "endpoint_.listAll"}, "paths": ONE_PATH}, {}, ((), "list_all")),
        # a document sdkgen merged keeps its identities
        ({"info": {"version": "1"}}, {"x-sdkgen-resource": "a.b", "x-sdkgen-method": "go"}, (("a", "b"), "go")),
        # Fern's SDK extensions
        ({"info": {"version": "1"}}, {"x-fern-sdk-group-name": ["Voices", "Settings"], "x-fern-sdk-method-name": "getDefault"}, (("voices", "settings"), "get_default")),
        ({"info": {"version": "1"}}, {"x-fern-sdk-group-name": "Voices", "x-fern-sdk-method-name": "list"}, (("voices",), "list")),
        # the first tag and the operationId, else the method and path
        ({"info": {"version": "1"}}, {"tags": ["Pet Store"], "operationId": "findPets"}, (("pet_store",), "find_pets")),
        ({"info": {"version": "1"}}, {}, ((), "get_v1_things_id")),
    ],
)
def test_the_identity_comes_from_the_first_source_that_gives_one(document, operation, expected):
    identity = operation_identity(document, operation, "get", "/v1/things/{id}")
    assert (identity.resource, identity.method) == expected


def test_an_endpoint_version_on_a_page_of_several_paths_is_not_used():
    document = {"info": {"version": "endpoint_things.get"}, "paths": {"/a": {}, "/b": {}}}
    assert operation_identity(document, {"operationId": "fetch"}, "get", "/a") == OperationIdentity((), "fetch")


def test_the_dotted_name_and_order():
    identities = [OperationIdentity(("b",), "a"), OperationIdentity(("a", "x"), "z"), OperationIdentity((), "m")]
    assert [i.dotted for i in sorted(identities)] == ["m", "a.x.z", "b.a"]
