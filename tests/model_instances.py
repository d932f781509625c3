"""Helpers for tests/test_model_roundtrip.py: generated packages, schema-valid instances, checks.

Instances come from the deterministic sampler in `instances.py`, plus sparse variants of
object schemas (required properties plus one optional property at a time), and are always
checked with jsonschema (Draft 2020-12, `$ref`s resolved in the merged document) before use.
The round trip is `validate_python` then `dump_python(mode="json", by_alias=True,
exclude_unset=True)`; JSON values are compared with bools kept apart from numbers
(1 == 1.0 is fine, True == 1 is not).
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
import typing
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import jsonschema
from pydantic import BaseModel, TypeAdapter
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from instances import resolve, samples

DOCUMENT_URI = "urn:sdkgen:document"
EXTRA_KEY = "zz_future_field"
EXTRA_VALUE = {"nested": ["x", 1, None], "flag": True}
UNLISTED_TEXT = "zz-unlisted-value"
UNLISTED_NUMBER = 987654321


# -- generated packages -------------------------------------------------------------------


@dataclass
class Package:
    """One generated package: its merged document and models module."""

    label: str
    root: Path  # the directory holding the package and openapi.json
    name: str
    client_name: str
    document: dict[str, Any]
    models: ModuleType
    _validators: dict[str, jsonschema.protocols.Validator] = field(default_factory=dict, repr=False)
    _registry: Registry | None = field(default=None, repr=False)

    @property
    def schemas(self) -> dict[str, Any]:
        return self.document["components"]["schemas"]

    def validator(self, pointer: str) -> jsonschema.protocols.Validator:
        """The oracle: a 2020-12 validator for the schema at `pointer` in the merged document."""
        found = self._validators.get(pointer)
        if found is None:
            if self._registry is None:
                resource = Resource.from_contents(self.document, default_specification=DRAFT202012)
                self._registry = Registry().with_resource(DOCUMENT_URI, resource)
            schema = {"$ref": f"{DOCUMENT_URI}#{pointer}"}
            found = self._validators[pointer] = jsonschema.Draft202012Validator(schema, registry=self._registry)
        return found

    def python_type(self, schema_name: str) -> Any:
        """What the component schema became in the models module (None when nothing did)."""
        for candidate in (schema_name, schema_name + "_"):
            if candidate in vars(self.models):
                return vars(self.models)[candidate]
        return None

    def model_classes(self) -> dict[str, type[BaseModel]]:
        """Every model class the models module defines, by Python name."""
        return {
            name: value
            for name, value in vars(self.models).items()
            if inspect.isclass(value)
            and issubclass(value, BaseModel)
            and value.__module__ == self.models.__name__
            and value.__name__ == name
        }

    def schema_of_class(self, cls: type) -> str | None:
        """The component schema a model class was generated from (None for inline objects)."""
        for candidate in (cls.__name__, cls.__name__.rstrip("_")):
            if candidate in self.schemas and self.python_type(candidate) is cls:
                return candidate
        return None


def load_package(label: str, root: Path, name: str, client_name: str) -> Package:
    root = Path(root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    models = importlib.import_module(f"{name}.models")
    document = json.loads((root / "openapi.json").read_text())
    return Package(label, root, name, client_name, document, models)


def unload_package(package: Package) -> None:
    for module in [m for m in sys.modules if m == package.name or m.startswith(package.name + ".")]:
        del sys.modules[module]
    if str(package.root) in sys.path:
        sys.path.remove(str(package.root))


def escape_pointer(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


@dataclass
class Response:
    label: str  # "GET /v1/things 200 (things.list)"
    pointer: str  # JSON pointer of the response schema in the merged document
    schema: Any
    python_type: Any  # the return annotation of the client method


def json_responses(package: Package) -> Iterator[Response]:
    """Every 2xx JSON response schema, with the type the client parses it into."""
    module = importlib.import_module(package.name)
    client = getattr(module, package.client_name)(api_key="test-key", base_url="https://api.invalid")
    try:
        for path, item in package.document["paths"].items():
            for method, operation in item.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                for status, response in operation["responses"].items():
                    media = (response.get("content") or {}).get("application/json")
                    if not str(status).startswith("2") or media is None or "schema" not in media:
                        continue
                    if str(status) in ("204", "205"):  # no body, whatever the page documents: None
                        continue
                    pointer = "/".join(
                        ["", "paths", escape_pointer(path), method, "responses", str(status), "content", "application~1json", "schema"]
                    )
                    label = f"{method.upper()} {path} {status} ({operation.get('operationId')})"
                    yield Response(label, pointer, media["schema"], _return_type(client, operation))
    finally:
        client.close()


def _return_type(client: Any, operation: dict[str, Any]) -> Any:
    target = client
    for part in filter(None, operation["x-sdkgen-resource"].split(".")):  # "": a method of the client itself
        target = getattr(target, part, None) or getattr(target, part + "_")
    name = operation["x-sdkgen-method"]
    method = getattr(target, name, None) or getattr(target, name + "_")
    return typing.get_type_hints(method)["return"]


# -- instances ----------------------------------------------------------------------------


def candidate_instances(schema: Any, root: dict[str, Any], limit: int | None = None) -> list[Any]:
    """The sampler's instances, then sparse variants of the object schemas at the top
    (with `limit`, the first `limit` of the first and `limit // 2` of the second)."""
    found = list(samples(schema, root))[:limit]
    sparse_limit = None if limit is None else max(1, limit // 2)
    for sparse in _sparse_objects(schema, root, 0)[:sparse_limit]:
        if not any(same_json(sparse, seen) for seen in found):
            found.append(sparse)
    return found


def _sparse_objects(schema: Any, root: dict[str, Any], depth: int) -> list[Any]:
    """Required properties plus one optional property at a time, for the object(s) `schema` is."""
    if not isinstance(schema, dict) or depth > 4:
        return []
    if "$ref" in schema:
        return _sparse_objects(resolve(schema["$ref"], root), root, depth + 1)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return [found for member in schema[key] for found in _sparse_objects(member, root, depth + 1)]
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not properties:
        return []
    full_samples = [s for s in samples(schema, root) if isinstance(s, dict)]
    if not full_samples:
        return []
    full = full_samples[0]
    required = {name: full[name] for name in schema.get("required") or [] if name in full}
    return [{**required, name: value} for name, value in full.items() if name not in required]


def valid_instances(
    package: Package, pointer: str, schema: Any, limit: int | None = None
) -> tuple[list[Any], list[Any]]:
    """(schema-valid instances, rejected candidates) for the schema at `pointer`."""
    validator = package.validator(pointer)
    good: list[Any] = []
    rejected: list[Any] = []
    for instance in candidate_instances(schema, package.document, limit):
        (good if validator.is_valid(instance) else rejected).append(instance)
    return good, rejected


def with_extra_fields(instance: Any, validator: jsonschema.protocols.Validator) -> tuple[Any, list[str]]:
    """`instance` with an unknown field added to every object that stays valid with one.

    Returns the new instance and the paths of the objects that got the field.
    """
    current = json.loads(json.dumps(instance))
    added: list[str] = []
    for path in list(_object_paths(current)):
        trial = json.loads(json.dumps(current))
        _at(trial, path)[EXTRA_KEY] = EXTRA_VALUE
        if validator.is_valid(trial):
            current = trial
            added.append("/" + "/".join(str(p) for p in path))
    return current, added


def _object_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        if EXTRA_KEY not in value:
            yield path
        for key, sub in value.items():
            if key != EXTRA_KEY:
                yield from _object_paths(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _object_paths(sub, (*path, index))


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def unlisted_enum_values(instance: Any, validator: jsonschema.protocols.Validator) -> Iterator[tuple[str, Any]]:
    """(path, variant) for each leaf that is an enum member: the leaf replaced by a value the
    enum does not list (and that nothing but an `enum` keyword rejects). One-value enums are
    left alone: the generator reads them as constants (Fern writes tags that way)."""
    for path, leaf in _leaves(instance):
        if isinstance(leaf, bool) or not isinstance(leaf, (str, int)):
            continue
        replacement = UNLISTED_TEXT if isinstance(leaf, str) else UNLISTED_NUMBER
        variant = json.loads(json.dumps(instance))
        if not path:
            variant = replacement
        else:
            _at(variant, path[:-1])[path[-1]] = replacement
        errors = list(_leaf_errors(validator.iter_errors(variant)))
        kinds = {error.validator for error in errors}
        enums = [error.validator_value for error in errors if error.validator == "enum"]
        if "enum" in kinds and kinds <= {"enum", "type"} and all(len(values) > 1 for values in enums):
            yield "/" + "/".join(str(p) for p in path), variant


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaves(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _leaves(sub, (*path, index))
    else:
        yield path, value


def _leaf_errors(errors: Any) -> Iterator[jsonschema.ValidationError]:
    for error in errors:
        if error.context:
            yield from _leaf_errors(error.context)
        else:
            yield error


# -- checks -------------------------------------------------------------------------------


def same_json(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but True != 1 and "1" != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def adapter(kind: Any) -> TypeAdapter[Any]:
    try:
        found = _ADAPTERS.get(kind)
    except TypeError:  # an unhashable type expression: no cache
        return TypeAdapter(kind)
    if found is None:
        found = _ADAPTERS[kind] = TypeAdapter(kind)
    return found


def round_trip(kind: Any, instance: Any) -> tuple[Any, Any]:
    """(parsed value, its JSON dump); classes go through model_validate / model_dump."""
    if inspect.isclass(kind) and issubclass(kind, BaseModel):
        parsed = kind.model_validate(instance)
        return parsed, parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    typed = adapter(kind)
    parsed = typed.validate_python(instance)
    return parsed, typed.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)


def short(value: Any, limit: int = 400) -> str:
    text = json.dumps(value, default=repr, sort_keys=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def check_round_trip(package: Package, label: str, kind: Any, instance: Any, members: bool = False) -> list[str]:
    """Problems with one instance: it must parse and dump back unchanged; with `members`, every
    model object in the result must also hold data its own component schema accepts (that is,
    unions picked the member the spec means)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed, dumped = round_trip(kind, instance)
    except Exception as exc:  # noqa: BLE001 - every failure is reported with its instance
        return [f"{package.label}: {label}: does not parse: {short(instance)}\n    {type(exc).__name__}: {_first_lines(exc)}"]
    problems = []
    if not same_json(dumped, instance):
        problems.append(f"{package.label}: {label}: round trip changed the instance\n    in:  {short(instance)}\n    out: {short(dumped)}")
    if members:
        problems.extend(wrong_members(package, label, parsed, instance))
    return problems


def wrong_members(package: Package, label: str, parsed: Any, instance: Any) -> list[str]:
    problems = []
    for where, model in models_in(parsed):
        schema_name = package.schema_of_class(type(model))
        if schema_name is None:
            continue
        data = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
        validator = package.validator(f"/components/schemas/{escape_pointer(schema_name)}")
        if not validator.is_valid(data):
            error = jsonschema.exceptions.best_match(validator.iter_errors(data))
            problems.append(
                f"{package.label}: {label}: {where or '/'} parsed as {type(model).__name__}, whose schema rejects it "
                f"({error.message if error else '?'})\n    value: {short(data)}\n    in:    {short(instance)}"
            )
    return problems


def models_in(value: Any, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    if isinstance(value, BaseModel):
        yield path, value
        for name, info in type(value).model_fields.items():
            if name in value.model_fields_set:
                wire = name if info.serialization_alias is None else info.serialization_alias
                yield from models_in(getattr(value, name), f"{path}/{wire}")
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from models_in(sub, f"{path}/{key}")
    elif isinstance(value, (list, tuple)):
        for index, sub in enumerate(value):
            yield from models_in(sub, f"{path}/{index}")


def _first_lines(exc: Exception, count: int = 6) -> str:
    return "\n    ".join(str(exc).splitlines()[:count])


def report(problems: list[str], limit: int = 40) -> str:
    shown = "\n".join(problems[:limit])
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n{shown}{more}"
