"""Names users can trust and what a call returns, end to end: tests/fixtures/names_responses/
spec.yaml generated into a temporary folder, imported, and called against the local server
on 127.0.0.1.

The document holds schemas named like typing's and pydantic's names (`Tag`, `Field`, `Union`,
`Any`, `List`, `Literal`, and the runtime's `ApiModel`), an `allOf` schema, one body schema
with an inline enum that two operations send, two schema names that differ only in case,
a body field named like a query parameter, a 204 and a 200 without content.
"""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import FIXTURES, ROOT
from http_server import Response, serving

SPEC = FIXTURES / "names_responses" / "spec.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    out = tmp_path_factory.mktemp("names") / "out"
    beside = Path(sys.executable).parent / "sdkgen"
    sdkgen = [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]
    command = [*sdkgen, "regenerate-sdk", "--specs", str(SPEC), "--out", str(out), "--package", "trust_sdk", "--client-name", "Trust", "-q"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("trust_sdk"), out
    finally:
        sys.path.remove(str(out))


def test_schemas_named_like_typing_names_keep_their_names(generated):
    sdk, out = generated
    models = sdk.models
    for name in ("Tag", "Field", "Union", "Any", "ApiModel", "Problem"):
        assert isinstance(getattr(models, name), type) and getattr(models, name).__name__ == name
    assert models.Tag.model_validate({"label": "x"}).label == "x"
    union = models.Union.model_validate({"members": [{"value": "v"}]})
    assert isinstance(union.members[0], models.Any) and union.members[0].value == "v"
    assert models.ApiModel(x=3).model_dump(exclude_unset=True) == {"x": 3}
    assert not any(hasattr(models, name + "_") for name in ("Tag", "Field", "Union", "Any", "List", "Literal", "ApiModel"))
    source = (out / "trust_sdk" / "models.py").read_text(encoding="utf-8")
    assert "from pydantic import Field as _Field" in source and "Tag as _Tag" not in source  # only what is used
    from pydantic import TypeAdapter

    assert TypeAdapter(models.List).validate_python(["a", "z"]) == ["a", "z"]  # List = List[Literal]: open enum


def test_an_allof_schema_is_a_class_under_its_own_name(generated):
    models = generated[0].models
    assert isinstance(models.AlbumObject, type) and models.AlbumObject.__name__ == "AlbumObject"
    assert models.AlbumObject(id="1", name="n").model_dump() == {"id": "1", "name": "n"}
    assert not hasattr(models, "AlbumObject2")


def test_one_inline_enum_two_operations_send_is_one_type(generated):
    sdk, out = generated
    assert hasattr(sdk.models, "PetStatus") and not hasattr(sdk.models, "PetStatus2")
    client = (out / "trust_sdk" / "_client.py").read_text(encoding="utf-8")
    assert client.count("status: models.PetStatus | NotGiven") == 4  # replace_pet and patch_pet, sync and async


def test_names_that_differ_only_in_case_get_distinct_names_and_are_reported(generated):
    sdk, out = generated
    models = sdk.models
    assert set(models.TempPassword.model_fields) == {"temp_password"}
    assert set(models.TempPasswordCamel.model_fields) == {"temp_password", "expires"}
    report = (out / "merge-report.md").read_text(encoding="utf-8")
    assert "## Renamed schemas" in report
    assert "| `tempPassword` (" in report and "| `TempPasswordCamel` | another schema of its document also becomes `TempPassword`" in report


def test_a_body_field_named_like_a_query_parameter_is_body_prefixed(generated):
    sdk = generated[0]
    with serving(lambda request: Response.json({"name": "f"}), max_requests=2, socket_timeout=5.0) as server:
        with sdk.Trust(base_url=server.url, max_retries=0, timeout=5) as client:
            field = client.albums.create(ids="q", body_ids=["a", "b"], status="sold")
    assert isinstance(field, sdk.models.Field) and field.name == "f"
    request = server.requests[0]
    assert request.query == [("ids", "q")]
    assert request.json() == {"ids": ["a", "b"], "status": "sold"}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_no_content_answers_return_none_without_a_stream_sibling(generated, mode):
    sdk = generated[0]
    answers = {"DELETE": Response(204), "PUT": Response(200)}
    with serving(lambda request: answers[request.method], max_requests=3, socket_timeout=5.0) as server:
        if mode == "sync":
            with sdk.Trust(base_url=server.url, max_retries=0, timeout=5) as client:
                results = [client.pets.delete(), client.pets.touch()]
                assert not hasattr(client, "touch_pets_stream") and not hasattr(client, "delete_pets_stream")
        else:

            async def run() -> list[Any]:
                async with sdk.AsyncTrust(base_url=server.url, max_retries=0, timeout=5) as client:
                    assert not hasattr(client, "touch_pets_stream")
                    return [await client.pets.delete(), await client.pets.touch()]

            results = asyncio.run(run())
    assert results == [None, None]
    assert [r.method for r in server.requests] == ["DELETE", "PUT"]


def test_an_error_status_parses_its_documented_body_into_a_model(generated):
    sdk = generated[0]
    with serving(lambda request: Response.json({"detail": "no such pet"}, status=404), max_requests=2, socket_timeout=5.0) as server:
        with sdk.Trust(base_url=server.url, max_retries=0, timeout=5) as client:
            with pytest.raises(sdk.NotFoundError) as caught:
                client.pets.list()
    assert isinstance(caught.value.body, sdk.models.Problem) and caught.value.body.detail == "no such pet"


def test_a_fern_page_answer_without_content_stays_bytes_with_a_stream_sibling():
    """The seeds' audio page documents `200` with no content (Fern's export leaves a binary
    answer's content out): the committed package keeps returning bytes, with `_stream`."""
    import json

    client = (ROOT / "generated" / "elevenlabs_convai" / "_client.py").read_text(encoding="utf-8")
    audio = client.index('"/v1/convai/conversations/{conversation_id}/audio"')
    assert client.rindex(") -> bytes:", 0, audio) > client.rindex("    def get(", 0, audio)
    assert client.index("    def get_stream(", audio) < client.index("    def ", client.index("    def get_stream(", audio) + 1)
    document = json.loads((ROOT / "generated" / "openapi.json").read_text(encoding="utf-8"))
    answer = document["paths"]["/v1/convai/conversations/{conversation_id}/audio"]["get"]["responses"]["200"]
    assert answer["content"] == {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
