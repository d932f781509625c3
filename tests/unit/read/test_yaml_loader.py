"""read.yaml_loader: YAML read as OpenAPI 3.1 means it (YAML 1.2 core scalars, JSON values
only), with errors that carry their line."""

from __future__ import annotations

import math

import pytest
import yaml

from generator.read.yaml_loader import compose_yaml, load_yaml, yaml_problem


def test_yaml_1_1_words_dates_and_sexagesimals_stay_strings():
    loaded = load_yaml("a: on\nb: yes\nc: 12:30\nd: 2024-01-01\ne: 1.5\nf: 0x10\ng: ~\nh: true\ni: 1e3\nj: .inf\n")
    assert loaded == {"a": "on", "b": "yes", "c": "12:30", "d": "2024-01-01", "e": 1.5, "f": 16, "g": None, "h": True, "i": 1000.0, "j": math.inf}


def test_a_number_key_is_the_string_it_is_written_as():
    assert load_yaml("responses:\n  200: {description: ok}\n  true: x\n") == {"responses": {"200": {"description": "ok"}, "true": "x"}}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("openapi: 3.1.0\n? [a]\n: 1\n", 1, "a mapping key must be a string, not a sequence"),
        ("a: !!binary aGk=\n", 0, "!!binary is not a JSON value; write it as a string"),
        ("a: !!set {x}\n", 0, "!!set is not a JSON value; write it as a string"),
        ("a: " + "9" * 5000 + "\n", 0, "an integer of 5,000 digits; Python reads at most 4,300"),
    ],
)
def test_what_json_cannot_say_is_an_error_at_its_line(text, line, message):
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml(text)
    assert yaml_problem(raised.value) == (line, message)


def test_a_syntax_error_has_its_line():
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml("info:\n  title: t\npaths: [unclosed\n")
    problem = yaml_problem(raised.value)
    assert problem is not None and problem[0] == 3


def test_compose_keeps_the_marks():
    node = compose_yaml("info:\n  title: t\n")
    assert node is not None and node.start_mark.line == 0
    assert compose_yaml("") is None
