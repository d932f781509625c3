"""indented_json writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.common.json_text import indented_json

ROOT = Path(__file__).resolve().parents[3]  # tests/unit/common/ -> the project
CORPUS = ROOT.parent / "shared" / "corpus"


def standard(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_random_values_are_written_as_the_standard_library_writes_them(value):
    assert indented_json(value) == standard(value)


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), float("-inf"), -0.0, 1e300, 10**40, "\u2028\x00\"\\é😀", {}, [], [{}], {"a": [[]]}],
)
def test_edge_values(value):
    assert indented_json(value) == standard(value)


@pytest.mark.parametrize("value", [{1: "non-string key"}, {"a": (1, 2)}, [b"bytes"]], ids=["int-key", "tuple", "bytes"])
def test_what_is_not_a_checked_json_value_is_left_to_the_standard_library(value):
    try:
        expected = standard(value)
    except TypeError:
        with pytest.raises(TypeError):
            indented_json(value)
    else:
        assert indented_json(value) == expected


def test_the_full_openapi_document_of_the_corpus():
    path = next((CORPUS / "openapi").glob("*.json"), None)
    if path is None:
        pytest.skip("the corpus is not beside the project")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert indented_json(document) == standard(document)
