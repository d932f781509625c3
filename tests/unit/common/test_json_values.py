"""common.json_values: the first value of a document that JSON cannot hold or the limits do
not allow, with its path; the budget a run reads within; copies of checked values."""

from __future__ import annotations

from typing import Any

import pytest

from generator.common.json_values import Budget, check_document, copy_json
from generator.common.limits import Limits

SMALL = Limits(max_depth=3, max_nodes=10, max_alias_nodes=2, max_name_length=5)


def check(document: Any, limits: Limits = SMALL) -> tuple[Any, Budget]:
    budget = Budget(limits.max_nodes, limits.max_alias_nodes)
    return check_document(document, limits, budget), budget


def test_a_document_within_the_limits_is_charged_for_its_values():
    problem, budget = check({"a": {"b": 1}, "c": ["x" * 130]})
    assert problem is None
    assert budget.values == 10 - 7  # the root, a, b's 1, c, and a string of 130 characters counting 3


@pytest.mark.parametrize(
    ("document", "path", "start"),
    [
        ({"a": {"b": {"c": {"d": 1}}}}, ("a", "b", "c"), "arrays and mappings nest more than 3 levels deep"),
        ({"toolongname": 1}, ("toolongname",), "a key (a property, schema or other name) of 11 characters, more than 5"),
        ({1: 2}, (), "a mapping key is a int, not a string"),
        ({"a": "\ud800x"}, ("a",), "a string holds a lone surrogate"),
        ({"a": [1, object()]}, ("a", 1), "a object is not a JSON value"),
    ],
)
def test_the_first_problem_is_named_with_its_path(document, path, start):
    problem, _ = check(document)
    assert problem is not None and problem.path == path and problem.message.startswith(start)
    assert not problem.exhausts


def test_too_many_values_exhaust_the_run_and_name_the_setting():
    problem, _ = check({"a": list(range(20))})
    assert problem is not None and problem.exhausts and problem.path == ("a",)
    assert problem.message.endswith("`max_nodes` in [tool.sdkgen] of pyproject.toml raises the limit")


def test_a_value_met_again_through_an_alias_counts_as_a_copy():
    shared = [1, 2, 3]
    problem, budget = check({"x": shared, "y": shared}, Limits(max_alias_nodes=100))
    assert problem is None and budget.alias_values == 100 - 4  # the list and its three items, again
    problem, _ = check({"x": shared, "y": shared}, Limits(max_alias_nodes=3))
    assert problem is not None and problem.exhausts and problem.path == ("y",)


def test_a_value_that_holds_itself_is_refused():
    cycle: list[Any] = []
    cycle.append(cycle)
    problem, _ = check({"c": cycle}, Limits())
    assert problem is not None and problem.path == ("c", 0) and "a cycle" in problem.message


def test_copies_share_no_container():
    shared = {"k": [1, {"deep": True}]}
    original = {"a": shared, "b": shared}
    copied = copy_json(original)
    assert copied == original
    assert copied["a"] is not shared and copied["a"]["k"] is not shared["k"] and copied["a"] is not copied["b"]
    assert copy_json("text") == "text"
