"""read.locate: the line a value of a refused document is written on (0-based)."""

from __future__ import annotations

from generator.read.locate import json_line_deeper_than, json_line_of_long_integer, line_of_path

YAML_TEXT = "info:\n  title: t\npaths:\n  /a:\n    get:\n      responses: {}\n    list:\n      - first\n      - second\n"
JSON_TEXT = '{\n "a": {\n  "b": [1,\n   2]\n },\n "c": "x"\n}'


def test_a_yaml_path_is_found_through_mappings_and_lists():
    assert line_of_path(YAML_TEXT, False, ("paths", "/a", "get")) == 4
    assert line_of_path(YAML_TEXT, False, ("paths", "/a", "list", 1)) == 8


def test_a_yaml_path_that_cannot_be_followed_gives_the_nearest_parent():
    assert line_of_path(YAML_TEXT, False, ("paths", "/nope", "get")) == 2
    # JSON is read token by token for the exact path only
    assert line_of_path(JSON_TEXT, True, ("a", "missing")) is None


def test_json_paths_depths_and_long_integers():
    assert line_of_path(JSON_TEXT, True, ("a", "b", 1)) == 3
    assert line_of_path(JSON_TEXT, True, ("c",)) == 5
    assert json_line_deeper_than(JSON_TEXT, 2) == 2
    assert json_line_of_long_integer('{\n"x":\n' + "1" * 5000 + "}") == 2
    assert json_line_of_long_integer(JSON_TEXT) is None


def test_text_that_is_no_yaml_has_no_line():
    assert line_of_path("a: [unclosed\n", False, ("a",)) is None
