"""A schema's `pattern` comes from the spec: sdkgen never runs it on Python's backtracking
engine, where `(x+x+)+y` against a few thousand characters takes longer than the universe."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.emit.sample_values import MAX_PATTERN_CHARS, MISSING, fits, sample_value

EVIL = "(x+x+)+y"


def test_a_catastrophic_pattern_is_matched_in_linear_time() -> None:
    # "example" padded to 5,000 characters with "x": exponential for `re`, linear for RE2.
    schema = {"type": "string", "minLength": 5000, "pattern": EVIL}
    assert sample_value(schema, {}, "name") is MISSING  # no candidate matches: none is offered
    assert not fits("x" * 5000, schema, {})
    assert fits("x" * 5000 + "y", schema, {})


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        (r"^\d{3}-[A-Z]+$", "123-AB", True),
        (r"^\d{3}-[A-Z]+$", "12-AB", False),
        ("^[a-z]+$", "abc", True),
        ("(?=a)b", "b", False),  # a lookahead RE2 cannot read: accepts nothing
        (r"(?P<x>a)(?P=x)", "aa", False),  # a back reference: the same
        ("a{1000}{1000}", "a", False),  # too large an automaton
        ("(" * 10 + ")", "", False),  # not a regular expression at all
        ("a" * (MAX_PATTERN_CHARS + 1), "a" * (MAX_PATTERN_CHARS + 1), False),  # too long to run
    ],
)
def test_patterns_as_re2_reads_them(pattern: str, value: str, expected: bool) -> None:
    assert fits(value, {"type": "string", "pattern": pattern}, {}) is expected


def test_generation_with_a_catastrophic_pattern_finishes(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent(
            f"""\
            openapi: 3.0.0
            info: {{title: T, version: '1'}}
            servers: [{{url: 'https://api.example.com'}}]
            paths:
              /things:
                post:
                  operationId: create_thing
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema:
                          type: object
                          required: [code]
                          properties:
                            code: {{type: string, minLength: 4000, pattern: '{EVIL}', example: '{"x" * 4000}'}}
                  responses:
                    '204': {{description: done}}
            """
        ),
        encoding="utf-8",
    )
    # A hang would fail here (the bound is a guard, not a speed requirement).
    result = subprocess.run(
        [sys.executable, "-m", "generator", "regenerate-sdk", "-q", "--specs", str(spec), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "nothing from the regular expression engine on stderr"
    assert (tmp_path / "out" / "reference.md").is_file()
