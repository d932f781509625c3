"""Real documents with references as their vendors publish them (../shared/corpus/openapi-real):
DigitalOcean's split over 2,850 files, Okta's component parameters and `$ref` keys in its
example data. What they stop at after references (servers, names...) is another matter:
these tests hold only what reading references gives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, merge_paths
from generator.common.diagnostics import Diagnostics
from generator.read.reader import read_sources

# SDKGEN_CORPUS: where ../shared/corpus is when the checkout is not beside it (a worktree).
REAL = Path(os.environ.get("SDKGEN_CORPUS", CORPUS)) / "openapi-real"
DIGITALOCEAN = REAL / "digitalocean" / "DigitalOcean-public.v2.yaml"
OKTA = REAL / "okta" / "management-minimal.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def references(value: Any) -> list[str]:
    found: list[str] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                found.append(node["$ref"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [item[m] for item in document["paths"].values() for m in HTTP_METHODS if isinstance(item.get(m), dict)]


@pytest.mark.skipif(not DIGITALOCEAN.exists(), reason=f"{DIGITALOCEAN} not present")
def test_digitalocean_split_over_files_merges_into_one_self_contained_document():
    merged, diagnostics = merge_paths(DIGITALOCEAN)
    assert merged is not None, [str(d) for d in diagnostics.errors][:5]
    document = merged.result.document
    schemas = document["components"]["schemas"]
    refs = set(references(document))
    # Every reference, in data too, is a component schema the document has.
    assert refs and all(ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas for ref in refs)
    ops = operations(document)
    assert len(ops) > 500
    assert all(isinstance(p.get("name"), str) for op in ops for p in op.get("parameters") or [])
    listed = document["paths"]["/v2/droplets"]["get"]
    assert [p["name"] for p in listed["parameters"]][:2] == ["per_page", "page"]
    ok = listed["responses"]["200"]
    page = ok["content"]["application/json"]["schema"]["allOf"]
    # Schemas of other files are component schemas named from the file (`models/droplet.yml`)
    # or the pointer (`shared/pages.yml#/pagination`).
    assert page[0]["properties"]["droplets"]["items"] == {"$ref": "#/components/schemas/Droplet"}
    assert page[1:] == [{"$ref": "#/components/schemas/Pagination"}, {"$ref": "#/components/schemas/Meta"}]
    assert "ratelimit-limit" in ok["headers"]
    # A request body given as a reference to a file, and `properties` given as one.
    create = document["paths"]["/v2/droplets"]["post"]["requestBody"]
    assert create["content"]["application/json"]["schema"]
    add = document["paths"]["/v2/load_balancers/{lb_id}/droplets"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert add["properties"]["droplet_ids"]["type"] == "array"
    # The `x-codeSamples` Redocly writes as references to files are written out.
    samples = listed["x-codeSamples"]
    assert {sample["lang"] for sample in samples} >= {"cURL", "Python"} and all("source" in sample for sample in samples)
    # A tag's description given as a reference to a Markdown string in a YAML file.
    introduction = next(tag for tag in document["tags"] if tag["name"] == "Public APIs Introduction")
    assert introduction["description"].startswith("The DigitalOcean API allows you to manage Droplets")


@pytest.mark.skipif(not OKTA.exists(), reason=f"{OKTA} not present")
def test_okta_component_parameters_are_resolved_and_its_example_refs_stay_data():
    diagnostics = Diagnostics()
    sources = read_sources([str(OKTA)], diagnostics)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors][:5]
    document = sources.fragments[0].document
    ops = operations(document)
    assert all(isinstance(p.get("name"), str) and "$ref" not in p for op in ops for p in op.get("parameters") or [])
    assert all("$ref" not in response for op in ops for response in op["responses"].values())
    # `$ref` keys in example data (a schema's `example`, an Example's `value`) are kept as written.
    device = document["components"]["schemas"]["LogDevice"]["example"]
    assert device["LogDeviceObject"] == {"$ref": "#/components/examples/LogDeviceObject"}
    # The merge gets past references: what it reports next is about something else.
    merged, diagnostics = merge_paths(OKTA)
    messages = [str(d) for d in diagnostics.errors]
    assert not any("$ref" in m or "has no name" in m for m in messages), messages[:5]
