"""The merged document is clean input for the rest of the ecosystem.

For each corpus (the seeds, and every folder or document in ../shared/corpus), the document
`sdkgen merge` writes is fed to two peers, at the versions pinned in the `interop` extra:

- datamodel-code-generator must generate without a warning, with one class per component
  schema under the schema's own name and no counter-suffixed names (`Foo1`); its models must
  then accept every schema-valid instance the round-trip test's sampler draws. The oracle
  that an instance is valid is jsonschema (Draft 2020-12) extended with what OpenAPI's
  Discriminator Object demands and JSON Schema ignores: the discriminating property is
  present (tools built for OpenAPI, datamodel-code-generator included, rely on it).
- openapi-python-client must generate without a warning or an error, with no
  counter-suffixed class names, and its package must import.

Peer options, and why: datamodel-code-generator runs with `naming_strategy=parent-prefixed`,
its documented answer to the inline enums and objects that share a property name across
schemas (the vendors write those; its default numbers them). openapi-python-client is told
(`content_type_overrides`) to treat the binary media types it does not know (`audio/mpeg`,
`application/zip`, ...) as `application/octet-stream`, which is what they are.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pydantic import TypeAdapter

from conftest import CORPUS, ROOT
from model_instances import candidate_instances, escape_pointer, short
from oracle import openapi_validator_for

# label -> inputs of `sdkgen merge`
CORPORA: dict[str, list[Path]] = {
    "seeds": [ROOT / "specs"],
    "elevenlabs": [CORPUS / "elevenlabs"],
    "deepgram": [CORPUS / "deepgram"],
    "fanvue": [CORPUS / "fanvue"],
    "openapi": [CORPUS / "openapi" / "elevenlabs-openapi.json"],
}
# Instances per schema, as in the round-trip test: all for the seeds, a bounded number otherwise.
LIMITS: dict[str, int | None] = {"seeds": None}
DEFAULT_LIMIT = 12
# Media types openapi-python-client reads itself; any other one is declared octet-stream.
OPC_MEDIA_TYPES = re.compile(r"^(application/([\w.+-]*\+)?json|multipart/form-data|application/x-www-form-urlencoded|application/octet-stream)$")


@dataclass
class Merged:
    label: str
    path: Path
    document: dict[str, Any]

    @property
    def schemas(self) -> dict[str, Any]:
        return self.document["components"]["schemas"]


@pytest.fixture(scope="module", params=list(CORPORA))
def merged(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Merged:
    label = request.param
    missing = [str(p) for p in CORPORA[label] if not p.exists()]
    if missing:
        pytest.skip(f"{', '.join(missing)} not present")
    from generator.cli import main

    out = tmp_path_factory.mktemp(f"interop-{label}")
    args = ["merge", "-o", str(out / "openapi.json"), "--report", str(out / "report.md"), "-q"]
    for path in CORPORA[label]:
        args += ["--specs", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    document = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
    return Merged(label, out / "openapi.json", document)


def counter_suffixed(classes: set[str], schema_names: set[str]) -> list[str]:
    """Class names made unique by a number: `Foo1` beside a `Foo` (schemas named so are fine)."""
    return sorted(
        name for name in classes if name not in schema_names and re.search(r"\D\d+$", name) and re.sub(r"\d+$", "", name) in classes | schema_names
    )


# -- datamodel-code-generator ---------------------------------------------------------------


def datamodel_code_generator_models(merged: Merged, folder: Path) -> tuple[ModuleType, list[str]]:
    from datamodel_code_generator import DataModelType, InputFileType, NamingStrategy, generate

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        source = generate(
            merged.path,
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType.PydanticV2BaseModel,
            naming_strategy=NamingStrategy.ParentPrefixed,
            formatters=[],
        )
    assert isinstance(source, str)
    module_path = folder / f"dcg_{merged.label}.py"
    module_path.write_text(source, encoding="utf-8")
    name = f"interop_dcg_{merged.label}"
    spec = importlib.util.spec_from_file_location(name, module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module, [f"{w.category.__name__}: {w.message}" for w in caught]


def test_datamodel_code_generator_models_accept_schema_valid_instances(merged: Merged, tmp_path: Path):
    module, warned = datamodel_code_generator_models(merged, tmp_path)
    try:
        assert not warned, warned
        classes = {n for n, v in vars(module).items() if isinstance(v, type) and v.__module__ == module.__name__}
        names = set(merged.schemas)
        assert not counter_suffixed(classes, names)
        assert names <= classes, f"schemas without a class of their name: {sorted(names - classes)[:10]}"

        limit = LIMITS.get(merged.label, DEFAULT_LIMIT)
        problems: list[str] = []
        accepted = 0
        for name, schema in merged.schemas.items():
            validator = openapi_validator_for(merged.document, f"/components/schemas/{escape_pointer(name)}")
            instances = [i for i in candidate_instances(schema, merged.document, limit) if validator.is_valid(i)]
            if not instances:
                problems.append(f"{name}: the sampler drew no schema-valid instance")
            adapter = TypeAdapter(getattr(module, name))
            for instance in instances:
                try:
                    adapter.validate_python(instance)
                    accepted += 1
                except Exception as exc:  # noqa: BLE001 - every refusal is reported
                    problems.append(f"{name}: {short(instance)} refused: {str(exc).splitlines()[0:3]}")
        print(f"\n{merged.label}: datamodel-code-generator made {len(classes)} classes ({len(names)} schemas); accepted {accepted} schema-valid instances")
        assert not problems, "\n".join(problems[:30])
    finally:
        sys.modules.pop(module.__name__, None)


# -- openapi-python-client ------------------------------------------------------------------


def media_types(document: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            holders = [operation.get("requestBody") or {}, *(operation.get("responses") or {}).values()]
            for holder in holders:
                found.update((holder.get("content") or {}).keys())
    return found


def test_openapi_python_client_generates_and_imports(merged: Merged, tmp_path: Path):
    overrides = {media: "application/octet-stream" for media in sorted(media_types(merged.document)) if not OPC_MEDIA_TYPES.match(media)}
    config = tmp_path / "opc.yaml"
    config.write_text(yaml.safe_dump({"content_type_overrides": overrides}), encoding="utf-8")
    out = tmp_path / "opc_client"
    executable = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [str(executable), "generate", "--path", str(merged.path), "--output-path", str(out), "--meta", "none", "--config", str(config)],
        capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not re.search(r"warning|error|unable|could not", output, re.I), output[:4000]

    classes = {m for p in out.rglob("*.py") for m in re.findall(r"^class (\w+)\b", p.read_text(encoding="utf-8"), re.M)}
    assert not counter_suffixed(classes, set(merged.schemas))
    package = out.name
    check = subprocess.run(
        [sys.executable, "-c", f"import {package}.models as m, {package}.client; print(len(m.__all__))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert check.returncode == 0, check.stderr
    print(f"\n{merged.label}: openapi-python-client made {len(classes)} classes, {check.stdout.strip()} exported models")
