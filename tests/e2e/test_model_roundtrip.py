"""Generated models against the merged document they come from.

Every instance used here is first checked with jsonschema (Draft 2020-12, `$ref`s resolved in
the merged document): that is the oracle. A schema-valid instance must then parse into the
generated type and dump back unchanged (`mode="json", by_alias=True, exclude_unset=True`), and
every model object in the result must be one its own component schema accepts, so that unions
pick the member the spec means. Then forward compatibility (unknown fields, unlisted enum
values, unknown union tags), recursion, renamed fields and warning-free model building.

Packages: the committed seed package in generated/, and packages generated into temporary
folders from the bundled corpora (skipped when ../shared/corpus is absent).
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, TypeAdapter

from conftest import CORPUS, ROOT
from model_instances import (
    EXTRA_KEY,
    EXTRA_VALUE,
    UNLISTED_TEXT,
    Package,
    check_round_trip,
    escape_pointer,
    json_responses,
    load_package,
    models_in,
    report,
    round_trip,
    same_json,
    short,
    unlisted_enum_values,
    unload_package,
    valid_instances,
    with_extra_fields,
    wrong_members,
)

SEED_ROOT = ROOT / "generated"
SEED_PACKAGE = "elevenlabs_convai"
SEED_CLIENT = "ElevenLabs"

# label -> (inputs, package name, client name); generated once per module into tmp folders
CORPORA: dict[str, tuple[list[Path], str, str]] = {
    "elevenlabs-corpus": ([ROOT / "specs", CORPUS / "elevenlabs"], "roundtrip_elevenlabs", "RoundtripElevenLabs"),
    "deepgram-corpus": ([CORPUS / "deepgram"], "roundtrip_deepgram", "RoundtripDeepgram"),
}
# Instances per schema: all of them for the seed package, a bounded number for the corpora.
LIMITS = {"seed": None, "elevenlabs-corpus": 12, "deepgram-corpus": 12}
# Instances per schema that also get unknown fields / unlisted enum values.
FORWARD_LIMIT = {"seed": 8, "elevenlabs-corpus": 3, "deepgram-corpus": 3}


def generate(out: Path, inputs: list[Path], package: str, client_name: str) -> None:
    from generator.cli import main

    args = ["regenerate-sdk", "--out", str(out), "--package", package, "--client-name", client_name, "-q"]
    for path in inputs:
        args += ["--specs", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def seed_package() -> Package:
    package = load_package("seed", SEED_ROOT, SEED_PACKAGE, SEED_CLIENT)
    assert Path(package.models.__file__).resolve().parent == (SEED_ROOT / SEED_PACKAGE).resolve()
    return package


@pytest.fixture(scope="module")
def seed() -> Package:
    return seed_package()


@pytest.fixture(scope="module", params=["seed", *CORPORA])
def package(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    label = request.param
    if label == "seed":
        yield seed_package()
        return
    inputs, name, client_name = CORPORA[label]
    missing = [str(path) for path in inputs if not path.exists()]
    if missing:
        pytest.skip(f"{', '.join(missing)} not present")
    out = tmp_path_factory.mktemp(label) / "out"
    generate(out, inputs, name, client_name)
    loaded = load_package(label, out, name, client_name)
    yield loaded
    unload_package(loaded)


def component_pointer(name: str) -> str:
    return f"/components/schemas/{escape_pointer(name)}"


def is_model_class(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


# -- 1. schema-valid instances round-trip ---------------------------------------------------


def test_component_schemas_round_trip(package: Package):
    """Every component schema: a class or an alias of that name, and a lossless round trip."""
    problems: list[str] = []
    limit = LIMITS[package.label]
    for name, schema in package.schemas.items():
        kind = package.python_type(name)
        if kind is None:
            problems.append(f"{package.label}: {name}: no class or alias of that name in models")
            continue
        instances, rejected = valid_instances(package, component_pointer(name), schema, limit)
        if not instances:
            problems.append(f"{package.label}: {name}: no schema-valid instance to try (sampler gave {short(rejected)})")
            continue
        for instance in instances:
            if instance is None and is_model_class(kind):
                continue  # a nullable object schema: `X | None` where it is used
            problems += check_round_trip(package, f"schema {name}", kind, instance)
    assert not problems, report(problems)


def test_response_schemas_round_trip(package: Package):
    """Every 2xx JSON response, parsed into the type the client method returns."""
    problems: list[str] = []
    responses = list(json_responses(package))
    assert responses
    for response in responses:
        instances, rejected = valid_instances(package, response.pointer, response.schema, LIMITS[package.label])
        if not instances:
            problems.append(f"{package.label}: {response.label}: no schema-valid instance (sampler gave {short(rejected)})")
            continue
        for instance in instances:
            problems += check_round_trip(package, response.label, response.python_type, instance)
    assert not problems, report(problems)


def test_unions_pick_the_member_the_spec_means(package: Package):
    """Every model object in a parsed instance holds data its own component schema accepts.

    A union member that accepts more than its schema does (an open enum where the other members
    have a constant) must not take instances the spec gives to another member.
    """
    problems: list[str] = []
    limit = LIMITS[package.label]
    targets = [(f"schema {name}", component_pointer(name), schema, package.python_type(name)) for name, schema in package.schemas.items()]
    targets += [(r.label, r.pointer, r.schema, r.python_type) for r in json_responses(package)]
    for label, pointer, schema, kind in targets:
        if kind is None:
            continue  # reported by test_component_schemas_round_trip
        instances, _ = valid_instances(package, pointer, schema, limit)
        for instance in instances:
            if instance is None and is_model_class(kind):
                continue
            try:
                parsed, _ = round_trip(kind, instance)
            except Exception:  # noqa: BLE001 - reported by the round-trip tests
                continue
            problems += wrong_members(package, label, parsed, instance)
    assert not problems, report(problems)


# -- 2. forward compatibility ---------------------------------------------------------------


def _forward_targets(package: Package):
    """(label, pointer, schema, type) for the responses and every model-class schema."""
    for response in json_responses(package):
        yield response.label, response.pointer, response.schema, response.python_type
    for name, schema in package.schemas.items():
        kind = package.python_type(name)
        if is_model_class(kind):
            yield f"schema {name}", component_pointer(name), schema, kind


def test_unknown_fields_are_kept_at_every_level(package: Package):
    """Objects the spec leaves open get an unknown field at every level; all of them come back."""
    problems: list[str] = []
    nested = 0
    for label, pointer, schema, kind in _forward_targets(package):
        validator = package.validator(pointer)
        instances, _ = valid_instances(package, pointer, schema, FORWARD_LIMIT[package.label])
        for instance in instances:
            if not isinstance(instance, dict):
                continue
            extended, added = with_extra_fields(instance, validator)
            if not added:
                continue
            nested += len([path for path in added if path != "/"])
            problems += check_round_trip(package, f"{label} + unknown fields at {added}", kind, extended)
    assert nested, "no nested object took an unknown field: the test exercised nothing below the top"
    assert not problems, report(problems)


def test_unlisted_enum_values_parse(package: Package):
    """A value an enum does not list (a newer server's) parses and round-trips."""
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    aliases = 0
    for label, pointer, schema, kind in _forward_targets(package):
        validator = package.validator(pointer)
        instances, _ = valid_instances(package, pointer, schema, FORWARD_LIMIT[package.label])
        for instance in instances:
            for path, variant in unlisted_enum_values(instance, validator):
                if (pointer, path) in seen:
                    continue
                seen.add((pointer, path))
                problems += check_round_trip(package, f"{label} with {path} unlisted", kind, variant)
    # enum aliases on their own (LLM, statuses, ...); one-value enums are constants (tags)
    for name, schema in package.schemas.items():
        values = [v for v in schema.get("enum") or [] if v is not None] if isinstance(schema, dict) else []
        if len(values) > 1 and all(isinstance(v, str) for v in values):
            aliases += 1
            problems += check_round_trip(package, f"enum {name}", package.python_type(name), UNLISTED_TEXT)
    assert seen or aliases, "no enum was found to try"
    assert not problems, report(problems)


def _conversation(seed: Package) -> dict[str, Any]:
    """A schema-valid GetConversationResponseModel with a tool call in its transcript."""
    pointer = component_pointer("GetConversationResponseModel")
    instances, _ = valid_instances(seed, pointer, seed.schemas["GetConversationResponseModel"])
    instance = json.loads(json.dumps(instances[0]))
    instance["transcript"] = [
        {
            "role": "agent",
            "time_in_call_secs": 1,
            "message": "hello",
            "tool_calls": [
                {
                    "request_id": "r1",
                    "tool_name": "lookup",
                    "params_as_json": "{}",
                    "tool_has_been_called": True,
                    "tool_details": {"type": "client", "parameters": "{}"},
                }
            ],
        }
    ]
    assert seed.validator(pointer).is_valid(instance), list(seed.validator(pointer).iter_errors(instance))[:3]
    return instance


def test_unknown_fields_top_level_and_nested_on_a_conversation(seed: Package):
    models = seed.models
    instance = _conversation(seed)
    instance[EXTRA_KEY] = EXTRA_VALUE
    instance["metadata"][EXTRA_KEY] = 1
    instance["transcript"][0][EXTRA_KEY] = "x"
    instance["transcript"][0]["tool_calls"][0]["tool_details"][EXTRA_KEY] = [1, 2]
    assert seed.validator(component_pointer("GetConversationResponseModel")).is_valid(instance)
    parsed = models.GetConversationResponseModel.model_validate(instance)
    assert parsed.model_extra == {EXTRA_KEY: EXTRA_VALUE}
    assert parsed.metadata.model_extra == {EXTRA_KEY: 1}
    assert parsed.transcript[0].model_extra == {EXTRA_KEY: "x"}
    details = parsed.transcript[0].tool_calls[0].tool_details
    assert isinstance(details, models.ConversationHistoryTranscriptToolCallClientDetails)
    assert details.model_extra == {EXTRA_KEY: [1, 2]}
    assert same_json(parsed.model_dump(mode="json", by_alias=True, exclude_unset=True), instance)


def test_unknown_status_and_llm_parse(seed: Package):
    models = seed.models
    instance = _conversation(seed)
    instance["status"] = "archived-in-2030"
    parsed = models.GetConversationResponseModel.model_validate(instance)
    assert parsed.status == "archived-in-2030"
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)["status"] == "archived-in-2030"

    prices = {"llm_prices": [{"llm": "gpt-9-ultra", "price_per_minute": 0.5}, {"llm": "gpt-4o", "price_per_minute": 1}]}
    known = {"llm_prices": [prices["llm_prices"][1]]}
    pointer = component_pointer("LLMUsageCalculatorResponseModel")
    assert seed.validator(pointer).is_valid(known) and not seed.validator(pointer).is_valid(prices)
    for instance in (prices, known):
        parsed, dumped = round_trip(models.LLMUsageCalculatorResponseModel, instance)
        assert same_json(dumped, instance)
        assert parsed.llm_prices[0].llm == instance["llm_prices"][0]["llm"]
    assert round_trip(models.LLM, "gpt-9-ultra")[0] == "gpt-9-ultra"


TOOL_DETAILS = {
    "webhook": ("ConversationHistoryTranscriptToolCallWebhookDetails", {"type": "webhook", "method": "GET", "url": "https://example.com"}),
    "client": ("ConversationHistoryTranscriptToolCallClientDetails", {"type": "client", "parameters": "{}"}),
    "mcp": (
        "ConversationHistoryTranscriptToolCallMCPDetails",
        {"type": "mcp", "mcp_server_id": "s", "mcp_server_name": "n", "integration_type": "i", "approval_policy": "auto"},
    ),
    "api_integration_webhook": (
        "ConversationHistoryTranscriptToolCallApiIntegrationWebhookDetails",
        {
            "type": "api_integration_webhook",
            "integration_id": "i",
            "credential_id": "c",
            "integration_connection_id": "ic",
            "webhook_details": {"type": "webhook", "method": "POST", "url": "https://example.com"},
        },
    ),
}


def test_tool_details_union_known_and_unknown_tags(seed: Package):
    models = seed.models
    union = models.ConversationHistoryTranscriptToolCallCommonModelToolDetails
    pointer = component_pointer("ConversationHistoryTranscriptToolCallCommonModelToolDetails")
    for tag, (class_name, instance) in TOOL_DETAILS.items():
        assert seed.validator(pointer).is_valid(instance), tag
        parsed, dumped = round_trip(union, instance)
        assert type(parsed) is getattr(models, class_name), (tag, type(parsed))
        assert same_json(dumped, instance)
    # a tag this version does not know: a plain dict, whole, even when it looks like a member
    for unknown in (
        {"type": "grpc", "service": "x.y", "timeout_ms": 5},
        {"type": "grpc", "parameters": "{}"},  # a client member but for the tag
        {"type": "grpc", "method": "GET", "url": "https://example.com"},  # a webhook member but for the tag
    ):
        parsed, dumped = round_trip(union, unknown)
        assert type(parsed) is dict and parsed == unknown
        assert same_json(dumped, unknown)
        call = {"request_id": "r", "tool_name": "t", "params_as_json": "{}", "tool_has_been_called": False, "tool_details": unknown}
        parsed_call, dumped_call = round_trip(models.ConversationHistoryTranscriptToolCallCommonModel, call)
        assert parsed_call.tool_details == unknown and same_json(dumped_call, call)


def test_open_enum_member_does_not_take_a_constant_members_instances(seed: Package):
    """Plain unions where one member's tag property is an open enum and the others' a constant:
    the instance belongs to the member whose constant it carries; with a value both accept
    (`api_integration_webhook`), to the member the rest of the instance fits best."""
    models = seed.models
    result = {"request_id": "r", "tool_name": "end_call", "result_value": "ok", "is_error": False, "tool_has_been_called": True}
    integration = {"integration_id": "i", "credential_id": "c", "integration_connection_id": "ic"}
    results = "ConversationHistoryTranscriptCommonModelToolResultsItems"
    prefix = "ConversationHistoryTranscript"
    cases = [
        (results, {**result, "type": "system"}, f"{prefix}SystemToolResultCommonModel"),
        (results, {**result, "type": "workflow"}, f"{prefix}WorkflowToolsResultCommonModel"),
        (results, {**result, "type": "client"}, f"{prefix}OtherToolsResultCommonModel"),
        (results, {**result, "type": "api_integration_webhook"}, f"{prefix}OtherToolsResultCommonModel"),
        (results, {**result, "type": "api_integration_webhook", **integration}, f"{prefix}ApiIntegrationWebhookToolsResultCommonModel"),
        ("ObjectJsonSchemaPropertyValue", {"type": "object", "description": "no properties yet"}, "ObjectJsonSchemaProperty"),
        ("ObjectJsonSchemaPropertyValue", {"type": "string", "description": "a literal"}, "LiteralJsonSchemaProperty"),
        ("ArrayJsonSchemaPropertyItems", {"type": "object"}, "ObjectJsonSchemaProperty"),
    ]
    problems = []
    for union, instance, expected in cases:
        assert seed.validator(component_pointer(union)).is_valid(instance), (union, instance)
        assert seed.validator(component_pointer(expected)).is_valid(instance), (expected, instance)
        parsed, dumped = round_trip(getattr(models, union), instance)
        assert same_json(dumped, instance)
        if type(parsed) is not getattr(models, expected):
            problems.append(f"{union}: {short(instance)} parsed as {type(parsed).__name__}, not {expected}")
    assert not problems, report(problems)


# -- 3. recursion ---------------------------------------------------------------------------


def test_recursive_object_json_schema_property_four_levels(seed: Package):
    models = seed.models
    leaf = {"type": "object", "description": "level 4", "properties": {"name": {"type": "string", "description": "a name"}}}
    level3 = {"type": "object", "properties": {"leaf": leaf, "tags": {"type": "array", "items": {"type": "string"}}}, "required": ["leaf"]}
    level2 = {"type": "object", "properties": {"child": level3, "count": {"type": "integer", "constant_value": 3}}}
    level1 = {"type": "object", "description": "level 1", "properties": {"child": level2}, "required": ["child"]}
    assert seed.validator(component_pointer("ObjectJsonSchemaProperty")).is_valid(level1)

    parsed, dumped = round_trip(models.ObjectJsonSchemaProperty, level1)
    assert same_json(dumped, level1)
    node = parsed
    for key in ("child", "child", "leaf"):
        node = node.properties[key]
        assert isinstance(node, models.ObjectJsonSchemaProperty), (key, type(node))
    assert isinstance(node.properties["name"], models.LiteralJsonSchemaProperty)
    assert isinstance(parsed.properties["child"].properties["child"].properties["tags"], models.ArrayJsonSchemaProperty)
    # the same through the union alias the property values use
    parsed, dumped = round_trip(models.ObjectJsonSchemaPropertyValue, level1)
    assert isinstance(parsed, models.ObjectJsonSchemaProperty) and same_json(dumped, level1)


# -- 4. renamed fields, warnings ------------------------------------------------------------

NAMES_DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Names", "version": "1"},
    "servers": [{"url": "https://api.names.example"}],
    "paths": {
        "/v1/things": {
            "get": {
                "operationId": "things_get",
                "x-fern-sdk-group-name": ["things"],
                "x-fern-sdk-method-name": "get",
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["class", "model_config"],
                "properties": {
                    name: {"type": "string"}
                    for name in [
                        "class", "from", "from_", "model_config", "model_config_", "schema", "json", "copy",
                        "dict", "fields", "validate", "str", "int", "Any", "x-dashed", "x_dashed", "2fa", "n2fa",
                        "_meta", "meta", "camelCase", "camel_case", "A", "a", "a b", "", "é",
                    ]
                },
            }
        }
    },
}


@pytest.fixture(scope="module")
def names_package(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("names")
    spec = folder / "names.json"
    spec.write_text(json.dumps(NAMES_DOCUMENT))
    generate(folder / "out", [spec], "roundtrip_names", "RoundtripNames")
    loaded = load_package("names", folder / "out", "roundtrip_names", "RoundtripNames")
    yield loaded
    unload_package(loaded)


def _renamed_fields(package: Package) -> list[tuple[type[BaseModel], str, str]]:
    found = []
    for cls in package.model_classes().values():
        for name, info in cls.model_fields.items():
            wire = name if info.serialization_alias is None else info.serialization_alias
            if wire != name:
                found.append((cls, name, wire))
    return found


def _wire_instances(package: Package, wanted: set[type[BaseModel]]) -> dict[type[BaseModel], list[dict[str, Any]]]:
    """Schema-valid JSON for each class in `wanted`, inline classes included: the parts of the
    component schemas' instances that parse into that class."""
    found: dict[type[BaseModel], list[dict[str, Any]]] = {}
    for name, schema in package.schemas.items():
        kind = package.python_type(name)
        if not is_model_class(kind):
            continue
        instances, _ = valid_instances(package, component_pointer(name), schema, LIMITS.get(package.label))
        for instance in instances:
            try:
                parsed, _ = round_trip(kind, instance)
            except Exception:  # noqa: BLE001 - reported by the round-trip tests
                continue
            for _, model in models_in(parsed):
                if type(model) in wanted:
                    found.setdefault(type(model), []).append(model.model_dump(mode="json", by_alias=True, exclude_unset=True))
    return found


def _check_renamed_fields(package: Package) -> tuple[list[str], int]:
    """Each renamed field, in an instance that has it: wire name and Python name both parse,
    and the dump uses the wire name."""
    problems: list[str] = []
    exercised = 0
    renamed = _renamed_fields(package)
    instances = _wire_instances(package, {cls for cls, _, _ in renamed})
    for cls, python_name, wire in renamed:
        info = cls.model_fields[python_name]
        if info.validation_alias != wire:
            problems.append(f"{package.label}: {cls.__name__}.{python_name}: validation_alias {info.validation_alias!r} != {wire!r}")
        with_field = [i for i in instances.get(cls, []) if wire in i]
        if not with_field:
            problems.append(f"{package.label}: {cls.__name__}.{python_name}: no sampled instance has {wire!r}")
            continue
        instance = with_field[0]
        exercised += 1
        by_python_name = {(python_name if key == wire else key): value for key, value in instance.items()}
        for spelling, data in (("wire name", instance), ("Python name", by_python_name)):
            try:
                parsed = cls.model_validate(data)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{package.label}: {cls.__name__}: by {spelling} ({python_name!r}, wire {wire!r}) does not parse: {exc}")
                continue
            dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
            if python_name not in parsed.model_fields_set or python_name in (parsed.model_extra or {}) or not same_json(dumped, instance):
                problems.append(
                    f"{package.label}: {cls.__name__}: by {spelling} ({python_name!r}, wire {wire!r}):\n"
                    f"    in:  {short(data)}\n    out: {short(dumped)}"
                )
    return problems, exercised


def test_renamed_fields_accept_both_spellings_and_dump_wire_names(package: Package):
    problems, exercised = _check_renamed_fields(package)
    assert exercised == len(_renamed_fields(package)) or problems
    assert not problems, report(problems)


def test_awkward_property_names(names_package: Package):
    renamed = {wire: name for _, name, wire in _renamed_fields(names_package)}
    properties = NAMES_DOCUMENT["components"]["schemas"]["Thing"]["properties"]
    # every property is a field (renamed or not), and no two fields share a wire name
    fields = names_package.models.Thing.model_fields
    wires = [name if info.serialization_alias is None else info.serialization_alias for name, info in fields.items()]
    assert sorted(wires) == sorted(properties)
    assert {"class", "from", "model_config", "2fa", "_meta", "a b", "", "é"} <= set(renamed)
    problems, exercised = _check_renamed_fields(names_package)
    assert exercised == len(renamed)
    # all of them at once: no value lands in another field
    everything = {wire: f"v{index}" for index, wire in enumerate(properties)}
    problems += check_round_trip(names_package, "Thing with every property", names_package.models.Thing, everything, members=True)
    assert not problems, report(problems)


def test_models_import_without_warnings(package: Package):
    code = f"import {package.name}.models, {package.name}"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], cwd=package.root, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and not result.stderr, result.stderr


def test_every_model_and_alias_builds_without_warnings(package: Package):
    problems: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, cls in package.model_classes().items():
            try:
                cls.model_rebuild(force=True)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{package.label}: class {name}: {type(exc).__name__}: {exc}")
        for name in package.schemas:
            kind = package.python_type(name)
            if kind is not None and not is_model_class(kind):
                try:
                    TypeAdapter(kind)
                except Exception as exc:  # noqa: BLE001
                    problems.append(f"{package.label}: alias {name}: {type(exc).__name__}: {exc}")
    assert not problems, report(problems)

