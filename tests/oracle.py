"""Independent checks: the `jsonschema` library as the validator, and a minimal reading
of Fern's enum quirk written here, apart from the generator's normalizer."""

from __future__ import annotations

from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def fern_as_json_schema(value: Any) -> Any:
    """Fern's `enum: [{value: x}]` read literally: plain enum members, literals as const.

    Everything else (oneOf, nullable type lists, `$ref` siblings) is left exactly as the
    page wrote it, so validation here uses the page's own semantics.
    """
    if isinstance(value, list):
        return [fern_as_json_schema(v) for v in value]
    if not isinstance(value, dict):
        return value
    result = {k: fern_as_json_schema(v) for k, v in value.items()}
    members = value.get("enum")
    if isinstance(members, list) and members and all(isinstance(m, dict) and "value" in m for m in members):
        values = [m["value"] for m in members]
        if all(m.get("type") in ("stringLiteral", "booleanLiteral") for m in members) and len(values) == 1:
            del result["enum"]
            result["const"] = values[0]
        else:
            result["enum"] = values
    return result


def validator_for(document: dict[str, Any], schema_name: str) -> jsonschema.protocols.Validator:
    """A 2020-12 validator for one component schema, resolving `#/components/...` in `document`."""
    uri = "urn:sdkgen:document"
    registry = Registry().with_resource(uri, Resource.from_contents(document, default_specification=DRAFT202012))
    schema = {"$ref": f"{uri}#/components/schemas/{schema_name}"}
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _discriminator(validator: Any, discriminator: Any, instance: Any, schema: Any) -> Any:
    """OpenAPI's Discriminator Object, which JSON Schema treats as an annotation: the payload
    must carry the property it names, and a value the mapping lists must validate against the
    schema it maps to."""
    if not isinstance(instance, dict) or not isinstance(discriminator, dict):
        return
    name = discriminator.get("propertyName")
    if not isinstance(name, str):
        return
    if name not in instance:
        yield jsonschema.ValidationError(f"the discriminator property {name!r} is missing")
        return
    target = (discriminator.get("mapping") or {}).get(instance[name]) if isinstance(instance[name], str) else None
    if isinstance(target, str):
        ref = target if "/" in target or "#" in target else f"#/components/schemas/{target}"
        yield from validator.descend(instance, {"$ref": ref})


# The oracle for OpenAPI payloads: JSON Schema 2020-12 plus the discriminator's demands.
OpenApiValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"discriminator": _discriminator})


def openapi_validator_for(document: dict[str, Any], pointer: str, uri: str = "urn:sdkgen:document") -> jsonschema.protocols.Validator:
    """An `OpenApiValidator` for the schema at `pointer`, resolving references in `document`."""
    registry = Registry().with_resource(uri, Resource.from_contents(document, default_specification=DRAFT202012))
    return OpenApiValidator({"$ref": f"{uri}#{pointer}"}, registry=registry)
