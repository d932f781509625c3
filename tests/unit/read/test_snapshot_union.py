"""Instances valid under either snapshot's own definition are valid under the merged schema.

The two seed snapshots (`000_...` and `002_...`) define 37 schemas differently. For each,
instances are sampled from each page's original definition (read with a minimal,
independent reading of Fern's enum quirk, oneOf and all), checked valid there with
`jsonschema`, then checked valid against the merged document's schema.
"""

from __future__ import annotations

import json

import pytest

from conftest import SEED_NEW, SEED_OLD
from generator.common.diagnostics import Diagnostics
from generator.read.reader import read_fragments
from instances import samples
from oracle import fern_as_json_schema, validator_for


def _definitions():
    diagnostics = Diagnostics()
    fragments = read_fragments([str(SEED_OLD), str(SEED_NEW)], diagnostics)
    by_name: dict[str, list[tuple[int, dict]]] = {}
    for index, fragment in enumerate(fragments):
        for name, schema in (fragment.document.get("components") or {}).get("schemas", {}).items():
            by_name.setdefault(name, []).append((index, schema))
    differing = sorted(
        name for name, defs in by_name.items() if len({json.dumps(s, sort_keys=True) for _, s in defs}) > 1
    )
    return fragments, by_name, differing


FRAGMENTS, BY_NAME, DIFFERING = _definitions()


def test_the_snapshots_disagree_on_37_schemas():
    assert len(DIFFERING) == 37


@pytest.mark.parametrize("name", DIFFERING)
def test_merged_schema_accepts_both_snapshots(name, seed_merge):
    merged_document = seed_merge.result.document
    # the seed fragments in the merge are specs/000 (index 0) and specs/002 (1..): same order as here
    checked = 0
    for index, _ in BY_NAME[name]:
        original = fern_as_json_schema(FRAGMENTS[index].document)
        own = validator_for(original, name)
        final = seed_merge.result.names.names[index][name]
        merged = validator_for(merged_document, final)
        instances = samples({"$ref": f"#/components/schemas/{name}"}, original)
        assert instances, name
        valid = [i for i in instances if own.is_valid(i)]  # e.g. oneOf branches that overlap on the page
        assert valid, f"{name}: no sample is valid on its own page"
        for instance in valid:
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in merged.iter_errors(instance)]
            assert not errors, f"{name} from {FRAGMENTS[index].source}: {instance!r}: {errors[:3]}"
            checked += 1
    assert checked >= 2
