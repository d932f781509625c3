"""Okta's management document as published (../shared/corpus/openapi-real/okta), generated once
for the module and called (sync and async) against the local server on 127.0.0.1: the exact
requests on the wire for each feature it exercises, and a walk of its `Link` header lists.

Okta's operations take `apiToken` (an API key sent as it is in Authorization: `SSWS ...`) or
`oauth2` (a Bearer token in the same header): two keywords, `api_key` and `token`.
"""

from __future__ import annotations

import os
from typing import Any, Iterator

import pytest

from corpus_wire import ITEM_IDS, MODES, REAL, answer, exchange, generated, sample
from http_server import RecordedRequest, Response

SPEC = REAL / "okta" / "management-minimal.yaml"


@pytest.fixture(scope="module")
def okta(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from generated(tmp_path_factory, SPEC, "okta_wire_sdk", "Okta")


@pytest.fixture(autouse=True)
def _no_credentials_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("X_API_KEY", "X_TOKEN", "OKTA_API_KEY", "OKTA_TOKEN"):
        if name in os.environ:
            monkeypatch.delenv(name)


def calls(sdk: Any, mode: str, action: Any, handler: Any, count: int = 1, **credentials: Any) -> tuple[Any, list[RecordedRequest]]:
    return exchange(sdk, "Okta", mode, action, handler, count, **credentials)


@MODES
@pytest.mark.parametrize(
    ("credentials", "sent"),
    [
        ({"api_key": "SSWS 00abc"}, "SSWS 00abc"),
        ({"token": "at-1"}, "Bearer at-1"),
        ({"api_key": "SSWS 00abc", "token": "at-1"}, "SSWS 00abc"),  # the operation's first alternative
    ],
)
def test_component_parameters_and_an_explode_false_array(okta, mode, credentials, sent):
    """`GET /api/v1/brands/{brandId}`: the path parameter and the query parameter are both
    `$ref`s to component parameters; `expand` is an array with `explode: false`."""
    brand = sample(okta, "BrandWithEmbedded", id="bnd 1")
    got, (request,) = calls(okta, mode, lambda c: c.brands.get(brand_id="bnd 1", expand=["themes", "domains"]), answer(brand), **credentials)
    assert (request.method, request.target) == ("GET", "/api/v1/brands/bnd%201?expand=themes,domains")
    assert request.header_values("Authorization") == [sent]
    assert request.body == b""
    assert got.id == "bnd 1"


@MODES
def test_a_component_request_body(okta, mode):
    """`POST .../authenticator-enrollments/tac`: its body a `$ref` to a component requestBody."""
    enrollment = sample(okta, "TacAuthenticatorEnrollment")
    _, (request,) = calls(
        okta,
        mode,
        lambda c: c.user_authenticator_enrollments.create_tac_authenticator_enrollment(user_id="00u1", authenticator_id="aut1", profile={"ttl": 11, "multiUse": False}),
        answer(enrollment),
        api_key="SSWS 00abc",
    )
    assert (request.method, request.target) == ("POST", "/api/v1/users/00u1/authenticator-enrollments/tac")
    assert request.header("Content-Type") == "application/json"
    assert request.body == b'{"authenticatorId":"aut1","profile":{"ttl":11,"multiUse":false}}'
    assert request.header_values("Authorization") == ["SSWS 00abc"]


@MODES
def test_security_none_sends_no_credential(okta, mode):
    metadata = sample(okta, "WellKnownOrgMetadata")
    _, (request,) = calls(okta, mode, lambda c: c.org_setting_metadata.get_wellknown_org_metadata(), answer(metadata), api_key="SSWS 00abc", token="at-1")
    assert (request.method, request.target) == ("GET", "/.well-known/okta-organization")
    assert request.header("Authorization") is None


@MODES
def test_a_missing_credential_is_an_error_before_sending(okta, mode):
    with pytest.raises(okta.MissingCredentialError, match="api_key .*or token"):
        calls(okta, mode, lambda c: c.brands.get(brand_id="b"), answer({}), count=0)


@MODES
def test_the_link_header_walk(okta, mode):
    template = sample(okta, "EmailTemplateResponse")

    def handler(request: RecordedRequest, url: str) -> Response:
        number = {None: 1, "p1-b": 2, "p2-b": 3}[dict(request.query).get("after")]
        ids = ITEM_IDS[2 * number - 2 : 2 * number]
        links = [f'<{url}/api/v1/brands/b1/templates/email?limit=2>; rel="self"']
        if number < 3:
            links.append(f'<{url}/api/v1/brands/b1/templates/email?after={ids[1]}&limit=2>; rel="next"')
        return Response.json([{**template, "name": i} for i in ids], headers={"Link": ", ".join(links)})

    items, requests = calls(okta, mode, lambda c: c.custom_templates.list_email_templates_all(brand_id="b1", limit=2), handler, count=3, token="at-1")
    assert [item.name for item in items] == ITEM_IDS
    assert [r.target for r in requests] == [
        "/api/v1/brands/b1/templates/email?limit=2",
        "/api/v1/brands/b1/templates/email?after=p1-b&limit=2",
        "/api/v1/brands/b1/templates/email?after=p2-b&limit=2",
    ]
    assert all(r.header_values("Authorization") == ["Bearer at-1"] for r in requests)
