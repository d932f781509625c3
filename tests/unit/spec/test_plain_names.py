"""spec.identity.plain_identities: a plain OpenAPI document's operations named as SDKs written
for such APIs name them (the resource from the first tag, else the path; the method from the
operationId without the resource's words, else the verb and the path's shape), and shorter
names that would meet given up by every operation that would have them."""

from __future__ import annotations

from typing import Any

import pytest

from generator.spec.identity import PlainName, is_plain, path_resource, plain_identities


def named(*operations: tuple[str, str, dict[str, Any]], taken: tuple[str, ...] = ()) -> dict[str, PlainName]:
    return {f"{method.upper()} {path}": name for (path, method), name in plain_identities(list(operations), set(taken)).items()}


@pytest.mark.parametrize(
    ("tags", "operation_id", "path", "dotted"),
    [
        (["Files"], "listFiles", "/files", "files.list"),  # OpenAI
        (["Files"], "retrieveFile", "/files/{file_id}", "files.retrieve"),  # singular and plural are one noun
        (["Users"], "get_users_me", "/users/me", "users.get_me"),  # Box
        (["Chat"], "createChatCompletion", "/chat/completions", "chat.create_completion"),
        (["Fine-tuning"], "listFineTuningJobs", "/fine_tuning/jobs", "fine_tuning.list_jobs"),  # a run of several words
        (["Vector stores"], "createVectorStoreFileBatch", "/vector_stores/{id}/file_batches", "vector_stores.create_file_batch"),
        (["Roles"], "retrieve-project-role", "/projects/{p}/roles/{r}", "roles.retrieve_project_role"),  # `role` says which: kept
        (["Uploads"], "upload", "/uploads", "uploads.upload"),  # nothing would be left
        (None, "droplets_destroy", "/v2/droplets/{id}", "droplets.destroy"),  # DigitalOcean: the resource first; no tag: the path's
        (None, "cancel_a_subscription", "/subscriptions/{id}/cancel", "subscriptions.cancel"),  # Chargebee: the article goes too
        (None, "list_invoices_for_a_customer", "/customers/{id}/invoices", "customers.list_invoices"),
        (["CustomPages"], "getPreviewSignInPage", "/brands/{b}/pages/sign-in/preview", "custom_pages.get_preview_sign_in_page"),  # `in` ties no noun here
        (["models"], "list_models_v1_models_get", "/v1/models", "models.list"),  # a framework's route suffix
        (None, "ping", "/", "ping"),  # no path segment: the client itself
        (None, "listThings", "/api/v1/{tenant}/things", "things.list"),  # versions, `api` and parameters are no resource
    ],
)
def test_operation_ids_without_the_resources_words(tags, operation_id, path, dotted):
    operation = {"operationId": operation_id, **({"tags": tags} if tags else {})}
    (name,) = named((path, "get", operation)).values()
    assert name.identity.dotted == dotted and name.given_up is None


@pytest.mark.parametrize(
    ("method", "path", "dotted"),
    [
        ("get", "/v1/jobs", "jobs.list"),
        ("post", "/v1/jobs", "jobs.create"),
        ("get", "/v1/jobs/{id}", "jobs.retrieve"),
        ("put", "/v1/jobs/{id}", "jobs.update"),
        ("patch", "/v1/jobs/{id}", "jobs.update"),
        ("post", "/v1/jobs/{id}", "jobs.update"),
        ("delete", "/v1/jobs/{id}", "jobs.delete"),
        ("post", "/v1/jobs/{id}/cancel", "jobs.cancel"),  # an action on one item
        ("get", "/v1/jobs/{id}/events", "jobs.retrieve_events"),  # the answer is no list
        ("delete", "/v1/jobs/{id}/events/{event_id}", "jobs.delete_events"),
    ],
)
def test_without_an_operation_id_the_verb_and_the_paths_shape(method, path, dotted):
    (name,) = named((path, method, {"responses": {"200": {"description": "ok"}}})).values()
    assert name.identity.dotted == dotted


def test_a_sub_collection_answering_a_list_is_listed():
    answer = {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {}}}}}}
    (name,) = named(("/users/{id}/followers", "get", {"responses": answer})).values()
    assert name.identity.dotted == "users.list_followers"


def test_shorter_names_that_meet_are_given_up_by_every_operation_that_would_have_them():
    found = named(
        ("/files", "get", {"tags": ["Files"], "operationId": "listFiles"}),
        ("/files/all", "get", {"tags": ["Files"], "operationId": "list"}),  # already `list`: it keeps it
        ("/files/{id}", "get", {"tags": ["Files"], "operationId": "getFile"}),
        ("/files/{id}/raw", "get", {"tags": ["Files"], "operationId": "getFiles"}),
        ("/other", "get", {"tags": ["Other"], "operationId": "listOthers"}),
    )
    assert {key: (n.identity.dotted, n.given_up) for key, n in found.items()} == {
        "GET /files": ("files.list_files", "list"),
        "GET /files/all": ("files.list", None),
        "GET /files/{id}": ("files.get_file", "get"),
        "GET /files/{id}/raw": ("files.get_files", "get"),
        "GET /other": ("other.list", None),  # another resource's `list` is no meeting
    }


def test_a_name_another_operation_of_the_inputs_has_is_given_up():
    found = named(("/files", "get", {"tags": ["Files"], "operationId": "listFiles"}), taken=("files.list",))
    assert found["GET /files"] == PlainName(found["GET /files"].identity, "list") and found["GET /files"].identity.dotted == "files.list_files"


def test_the_names_do_not_depend_on_the_order_of_the_operations():
    operations = [
        ("/a", "get", {"tags": ["T"], "operationId": "listT"}),
        ("/b", "get", {"tags": ["T"], "operationId": "list"}),
        ("/c", "post", {"tags": ["T"]}),
        ("/c", "get", {"tags": ["T"]}),
    ]
    assert plain_identities(operations) == plain_identities(list(reversed(operations)))


def test_fern_names_and_tags_are_not_plain():
    document = {"info": {"version": "1"}}
    assert is_plain(document, {"tags": ["Things"], "operationId": "listThings"})
    assert not is_plain(document, {"x-fern-sdk-method-name": "list", "x-fern-sdk-group-name": ["things"]})
    assert not is_plain(document, {"tags": ["subpackage_prompts"], "operationId": "list"})
    assert not is_plain(document, {"tags": [""], "operationId": "status"})
    assert not is_plain(document, {"x-sdkgen-resource": "a", "x-sdkgen-method": "b"})
    assert not is_plain({"info": {"version": "endpoint_things.list"}, "paths": {"/t": {}}}, {"operationId": "list"})


def test_the_resource_from_the_path_is_one_level():
    assert path_resource({}, "/v2/users/{id}/posts/{post_id}") == ("users",)
    assert path_resource({}, "/2024-01-01/api/rest/orders") == ("orders",)
    assert path_resource({"tags": ["Billing Accounts"]}, "/users") == ("billing_accounts",)
    assert path_resource({}, "/{id}") == ()


def test_a_route_name_comes_before_the_whole_operation_id_when_shorter_names_meet():
    found = named(
        ("/v1/events/search", "post", {"tags": ["events"], "operationId": "get_events_v1_events_search_post"}),
        ("/v1/events/{event_id}", "get", {"tags": ["events"], "operationId": "get_event_v1_events__event_id__get"}),
    )
    assert {key: (n.identity.dotted, n.given_up) for key, n in found.items()} == {
        "POST /v1/events/search": ("events.get_events", "get"),
        "GET /v1/events/{event_id}": ("events.get_event", "get"),
    }
