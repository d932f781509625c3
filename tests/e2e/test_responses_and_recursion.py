"""What a call returns and raises, by status, and recursive schemas of every shape, end to end:
tests/fixtures/responses/spec.yaml and tests/fixtures/recursion/spec.yaml generated into a
temporary folder, imported, called against the local server on 127.0.0.1 (sync and async),
and type-checked with `mypy --strict` from a user's file.

- responses: 200 -> Pet, 201 -> CreatedPet, 202 -> Job, 204 -> None on one operation; JSON
  200 beside a binary 206; error bodies typed by status, by range (`4xx`, `5XX`) and by
  `default`; an operation with only `default`, which then describes its success answer.
- recursion: an object holding arrays, maps and unions of itself (also a union inside a
  map), two objects holding each other, a JSON-value alias (a string, number, boolean,
  null, list of itself or map of itself), a map of itself, two aliases naming each other,
  and a cycle no value fits (typed Any, with a warning).
"""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import FIXTURES, ROOT, mypy_cache_dir, ruff_check_command
from http_server import Response, serving

RESPONSES = FIXTURES / "responses" / "spec.yaml"
RECURSION = FIXTURES / "recursion" / "spec.yaml"


def _generate(spec: Path, out: Path, package: str, client: str) -> subprocess.CompletedProcess[str]:
    beside = Path(sys.executable).parent / "sdkgen"
    sdkgen = [str(beside)] if beside.is_file() else [sys.executable, "-m", "generator"]
    command = [*sdkgen, "regenerate-sdk", "--specs", str(spec), "--out", str(out), "--package", package, "--client-name", client]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, Path, str]]:
    out = tmp_path_factory.mktemp("responses") / "out"
    _generate(RESPONSES, out / "responses", "resp_sdk", "Resp")
    done = _generate(RECURSION, out / "recursion", "rec_sdk", "Rec")
    sys.path[:0] = [str(out / "responses"), str(out / "recursion")]
    try:
        yield importlib.import_module("resp_sdk"), importlib.import_module("rec_sdk"), out, done.stderr
    finally:
        sys.path.remove(str(out / "responses"))
        sys.path.remove(str(out / "recursion"))


def _method(client: Any, dotted: str) -> Any:
    """The client's method at a dotted path (`pets.create`)."""
    found = client
    for part in dotted.split("."):
        found = getattr(found, part)
    return found


def _call(sdk: Any, mode: str, answers: list[Response], method: str, **arguments: Any) -> list[Any]:
    """Call `method` once per answer (sync or async); each result, or the error it raised."""
    results: list[Any] = []
    with serving(max_requests=len(answers) + 1, socket_timeout=5.0) as server:
        server.enqueue(*answers)
        if mode == "sync":
            with sdk.Resp(base_url=server.url, max_retries=0, timeout=5) as client:
                for _ in answers:
                    try:
                        results.append(_method(client, method)(**arguments))
                    except sdk.ApiError as error:
                        results.append(error)
        else:

            async def run() -> None:
                async with sdk.AsyncResp(base_url=server.url, max_retries=0, timeout=5) as client:
                    for _ in answers:
                        try:
                            results.append(await _method(client, method)(**arguments))
                        except sdk.ApiError as error:
                            results.append(error)

            asyncio.run(run())
    assert len(server.requests) == len(answers)
    return results


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
def test_each_2xx_status_gives_its_own_class(generated, mode):
    sdk = generated[0]
    models = sdk.models
    answers = [
        Response.json({"id": "p1", "name": "Rex"}, status=200),
        Response.json({"id": "p2", "created_at": "2026-01-01"}, status=201),
        Response.json({"job_id": "j1", "state": "queued"}, status=202),
        Response(204),
        # a 201 body that fits Pet (the 200 type) is not guessed into it
        Response.json({"id": "p3", "name": "Rex"}, status=201),
        Response.json({"id": "p4", "name": "Rex"}, status=203),  # not documented
    ]
    pet, created, job, nothing, unfit, undocumented = _call(sdk, mode, answers, "pets.create", name="Rex")
    assert type(pet) is models.Pet and pet.name == "Rex"
    assert type(created) is models.CreatedPet and created.created_at == "2026-01-01"
    assert type(job) is models.Job and job.state == "queued"
    assert nothing is None
    assert type(unfit) is sdk.ResponseValidationError and "does not match CreatedPet" in str(unfit)
    assert type(undocumented) is sdk.ResponseValidationError and "status 203 is not one the operation documents" in str(undocumented)


@pytest.mark.parametrize("mode", MODES)
def test_json_and_binary_answers_of_one_operation(generated, mode):
    sdk = generated[0]
    png = b"\x89PNG\r\n\x1a\n\x00\x01"
    record, part = _call(sdk, mode, [Response.json({"url": "https://x/p.png"}), Response.binary(png, "image/png", status=206)], "pets.get_photo", id="p1")
    assert type(record) is sdk.models.Photo and record.url == "https://x/p.png"
    assert part == png and type(part) is bytes
    pets = sdk.Resp(base_url="http://127.0.0.1:9").pets
    assert hasattr(pets, "get_photo_stream") and not hasattr(pets, "create_stream")  # a binary answer can be streamed
    with serving(max_requests=2, socket_timeout=5.0) as server:
        server.enqueue(Response.binary(png, "image/png", status=206))
        if mode == "sync":
            with sdk.Resp(base_url=server.url, max_retries=0, timeout=5) as client:
                chunks = list(client.pets.get_photo_stream(id="p1"))
        else:

            async def run() -> list[bytes]:
                async with sdk.AsyncResp(base_url=server.url, max_retries=0, timeout=5) as client:
                    return [chunk async for chunk in client.pets.get_photo_stream(id="p1")]

            chunks = asyncio.run(run())
    assert b"".join(chunks) == png


@pytest.mark.parametrize("mode", MODES)
def test_error_bodies_are_typed_by_status_then_range_then_default(generated, mode):
    sdk = generated[0]
    models = sdk.models
    answers = [
        Response.json({"missing": "owner"}, status=404),  # its own type, over the 4xx range
        Response.json({"client_code": 7}, status=409),  # documented without a type: not the range's
        Response.json({"client_code": 8}, status=400),  # `4xx`
        Response.json({"client_code": 9}, status=418),
        Response.json({"server_code": 3}, status=503),  # `5XX`
        Response.json({"title": "moved"}, status=302),  # `default`
    ]
    raised = _call(sdk, mode, answers, "pets.create", name="Rex")
    expected = [
        (sdk.NotFoundError, models.NotFound, {"missing": "owner"}),
        (sdk.ConflictError, dict, {"client_code": 7}),
        (sdk.BadRequestError, models.ClientError, {"client_code": 8}),
        (sdk.ApiError, models.ClientError, {"client_code": 9}),
        (sdk.InternalServerError, models.ServerError, {"server_code": 3}),
        (sdk.ApiError, models.Problem, {"title": "moved"}),
    ]
    for error, (kind, body_type, data) in zip(raised, expected):
        assert type(error) is kind, error
        assert type(error.body) is body_type
        assert (error.body if body_type is dict else error.body.model_dump(by_alias=True)) == data


@pytest.mark.parametrize("mode", MODES)
def test_default_alone_describes_success_and_errors(generated, mode):
    sdk = generated[0]
    ok, failed = _call(sdk, mode, [Response.json({"healthy": True}), Response.json({"healthy": False}, status=500)], "status.get")
    assert type(ok) is sdk.models.Status and ok.healthy is True
    assert type(failed) is sdk.InternalServerError and type(failed.body) is sdk.models.Status and failed.body.healthy is False


@pytest.mark.parametrize("mode", MODES)
def test_one_schema_under_two_statuses_and_a_no_content_one_is_optional(generated, mode):
    sdk = generated[0]
    answers = [Response.json({"id": "a", "name": "n"}), Response.json({"id": "b", "name": "m"}, status=201), Response(204)]
    first, second, third = _call(sdk, mode, answers, "pets.touch", id="a")
    assert (type(first), type(second), third) == (sdk.models.Pet, sdk.models.Pet, None)
    assert second.id == "b"


def _deep_tree(depth: int) -> dict[str, Any]:
    """A tree `depth` levels deep through every recursive field of `Tree`."""
    node: dict[str, Any] = {"name": f"leaf{depth}"}
    for level in range(depth, 0, -1):
        node = {
            "name": f"n{level}",
            "children": [node],
            "byName": {"k": {"name": f"m{level}", "next": {"name": f"x{level}", "next": "end"}}},
            "slots": {"tree": {"name": f"s{level}"}, "count": level, "many": [{"name": f"t{level}"}]},
        }
    return node


def test_recursive_objects_validate_and_round_trip_deeper_than_three(generated):
    rec = generated[1]
    models = rec.models
    data = _deep_tree(6)
    tree = models.Tree.model_validate(data)
    node, depth = tree, 0
    while node.children:
        assert type(node.by_name["k"].next) is models.Tree and node.slots["count"] == depth + 1
        assert type(node.slots["tree"]) is models.Tree and type(node.slots["many"][0]) is models.Tree
        node, depth = node.children[0], depth + 1
    assert depth == 6 and node.name == "leaf6"
    assert type(tree.slots["tree"]) is models.Tree and tree.slots["count"] == 1 and type(tree.slots["many"][0]) is models.Tree
    assert tree.by_name["k"].next.next == "end"
    assert tree.model_dump(by_alias=True, exclude_unset=True) == data


def test_mutual_recursion_and_recursive_aliases_validate_and_round_trip(generated):
    rec = generated[1]
    models = rec.models
    meta = {"a": [1.5, "two", True, None, {"b": [[{"c": "deep"}]]}]}
    outline = [{"intro": "text"}, {"part": [{"one": "a"}, {"sub": [{"two": "b"}, {"subsub": [{"three": "c"}]}]}]}]
    document = {
        "title": "root",
        "meta": meta,
        "sections": [
            {
                "heading": "h1",
                "embedded": {"inner": {"title": "d2", "sections": [{"heading": "h2", "content": {"title": "d3", "sections": [{"heading": "h3", "content": "text"}]}}]}},
                "content": [{"heading": "h1.1", "content": {"title": "d4"}}],
                "outline": outline,
            }
        ],
    }
    parsed = models.Document.model_validate(document)
    section = parsed.sections[0]
    inner = section.embedded["inner"]
    assert type(inner) is models.Document and type(inner.sections[0].content) is models.Document
    assert inner.sections[0].content.sections[0].content == "text"
    assert type(section.content[0]) is models.Section and type(section.content[0].content) is models.Document
    assert parsed.meta == meta and section.outline == outline
    assert parsed.model_dump(by_alias=True, exclude_unset=True) == document
    from pydantic import TypeAdapter, ValidationError

    assert TypeAdapter(models.Registry).validate_python({"a": {"b": {"c": {"d": {}}}}}) == {"a": {"b": {"c": {"d": {}}}}}
    with pytest.raises(ValidationError):
        TypeAdapter(models.Registry).validate_python({"a": {"b": {"c": 1}}})
    with pytest.raises(ValidationError):
        TypeAdapter(models.Outline).validate_python([{"x": [3]}])  # a number is no outline


@pytest.mark.parametrize("mode", MODES)
def test_recursive_bodies_and_answers_over_the_wire(generated, mode):
    rec = generated[1]
    data = _deep_tree(4)
    value = {"k": [1.5, {"deeper": [None, False, "s"]}]}
    with serving(lambda request: Response(200, {"Content-Type": "application/json"}, request.body if request.method == "POST" else b""), max_requests=3, socket_timeout=5.0) as server:
        server.enqueue(Response.json(None), Response.json(value))  # the GETs, in order; the POST echoes
        if mode == "sync":
            with rec.Rec(base_url=server.url, max_retries=0, timeout=5) as client:
                results = [client.values.get(), client.values.get(), client.trees.echo(name=data["name"], children=[rec.models.Tree.model_validate(c) for c in data["children"]])]
        else:

            async def run() -> list[Any]:
                async with rec.AsyncRec(base_url=server.url, max_retries=0, timeout=5) as client:
                    return [await client.values.get(), await client.values.get(), await client.trees.echo(name=data["name"], children=data["children"])]

            results = asyncio.run(run())
    assert results[0] is None and results[1] == value
    echoed = results[2]
    assert type(echoed) is rec.models.Tree and echoed.model_dump(by_alias=True, exclude_unset=True) == {"name": "n1", "children": data["children"]}
    assert server.requests[2].json() == {"name": "n1", "children": data["children"]}


def test_a_cycle_no_value_fits_is_any_with_a_warning(generated):
    rec, out, stderr = generated[1], generated[2], generated[3]
    assert "warning: schemas Loop -> LoopBack -> Loop refer to each other with no object, list or map in between" in stderr
    models_source = (out / "recursion" / "rec_sdk" / "models.py").read_text(encoding="utf-8")
    assert "Loop: TypeAlias = Any" in models_source and "LoopBack: TypeAlias = Any" in models_source
    assert 'JsonValue = TypeAliasType(\n        "JsonValue",' in models_source
    with serving(lambda request: Response.json({"anything": [1]}), max_requests=2, socket_timeout=5.0) as server:
        with rec.Rec(base_url=server.url, max_retries=0, timeout=5) as client:
            assert client.loops.get() == {"anything": [1]}


USAGE = '''
from typing import Dict, List, Union

from typing_extensions import assert_type

from resp_sdk import ApiError, AsyncResp, Resp, models
from rec_sdk import Rec, models as rec_models


def responses(client: Resp) -> None:
    created = client.pets.create(name="Rex")
    assert_type(created, Union[models.Pet, models.CreatedPet, models.Job, None])
    if isinstance(created, models.Job):
        print(created.job_id)
    elif created is not None and not isinstance(created, models.Pet):
        print(created.created_at)
    assert_type(client.pets.get_photo(id="p"), Union[models.Photo, bytes])
    assert_type(client.pets.touch(id="p"), Union[models.Pet, None])
    assert_type(client.status.get(), models.Status)
    assert_type(client.pets.get(id="p"), models.Pet)
    try:
        client.pets.get(id="p")
    except ApiError as error:
        print(error.status_code, error.body)


async def responses_async(client: AsyncResp) -> None:
    assert_type(await client.pets.create(name="Rex"), Union[models.Pet, models.CreatedPet, models.Job, None])
    assert_type(await client.pets.get_photo(id="p"), Union[models.Photo, bytes])


def recursion(client: Rec) -> None:
    tree = rec_models.Tree(name="a", children=[rec_models.Tree(name="b", by_name={"c": rec_models.Tree(name="c")})])
    assert_type(tree.children, Union[List[rec_models.Tree], None])
    assert_type(tree.slots, Union[Dict[str, Union[rec_models.Tree, int, List[rec_models.Tree]]], None])
    value: rec_models.JsonValue = {"a": [1.5, "b", None, True, {"c": [{"d": "e"}]}]}
    registry: rec_models.Registry = {"a": {"b": {}}}
    outline: rec_models.Outline = [{"x": "y"}, {"z": [{"w": "v"}]}]
    document = rec_models.Document(title="t", meta=value, sections=[rec_models.Section(heading="h", content=[rec_models.Section(heading="i")], outline=outline)])
    assert_type(client.documents.echo(title=document.title, meta=value), rec_models.Document)
    assert_type(client.values.get(), rec_models.JsonValue)
    assert_type(client.registries.get(), rec_models.Registry)
    print(tree, registry, document)
'''


def test_the_packages_and_a_users_file_pass_mypy_strict_and_ruff(generated, tmp_path):
    out = generated[2]
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    environment = {**os.environ, "MYPYPATH": os.pathsep.join([str(out / "responses"), str(out / "recursion")])}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", mypy_cache_dir(), "usage.py",
         str(out / "responses" / "resp_sdk"), str(out / "recursion" / "rec_sdk")],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    linted = subprocess.run(ruff_check_command(str(out / "responses" / "resp_sdk"), str(out / "recursion" / "rec_sdk")), capture_output=True, text=True, timeout=120)
    assert linted.returncode == 0, linted.stdout + linted.stderr
