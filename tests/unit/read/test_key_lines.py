"""The reader's key-line index (which line each key down to KEY_DEPTH levels is on: what
messages point at) against the lines the keys are really on, and against a plain line-by-line
index on texts of any shape."""

from __future__ import annotations

import json
import re
from typing import Any, Callable

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.read import reader

KeyLines = dict[tuple[str, ...], int]


def nested(depth: int, prefix: str = "k") -> dict[str, Any]:
    """Two keys a level, each named after its path (so each is written on one line only)."""
    if depth == 0:
        return {f"{prefix}_leaf": 1}
    return {f"{prefix}{i}": nested(depth - 1, f"{prefix}{i}_") for i in range(2)}


def paths_to(value: Any, depth: int, above: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if not isinstance(value, dict) or depth == 0:
        return []
    return [path for key, child in value.items() for path in [(*above, key), *paths_to(child, depth - 1, (*above, key))]]


def line_of_key(text: str, key: str, quoted: bool) -> int:
    written = f'"{key}":' if quoted else f"{key}:"
    return next(number for number, line in enumerate(text.split("\n"), 1) if line.strip().startswith(written))


def test_every_key_down_to_the_index_depth_is_on_the_line_it_names():
    document = {"openapi": "3.1.0", "paths": nested(7, "p"), "components": {"schemas": nested(6, "s")}}
    for text, index, quoted in (
        (json.dumps(document, indent=2), reader._json_key_lines, True),
        (json.dumps(document, indent="\t"), reader._json_key_lines, True),
        (yaml.safe_dump(document, sort_keys=False), lambda text: reader._yaml_key_lines(text, 1), False),
    ):
        lines = index(text)
        wanted = paths_to(document, reader.KEY_DEPTH)
        assert len(wanted) > 20 and max(map(len, wanted)) == reader.KEY_DEPTH
        assert lines == {path: line_of_key(text, path[-1], quoted) for path in wanted}


def line_by_line(text: str, first_line: int, pattern: str, clean: Callable[[str], str]) -> KeyLines:
    """The index as its definition says, one line after the other: a key line (the reader's
    regex) closes the keys indented as deep or deeper, and is indexed while fewer than
    KEY_DEPTH keys are open; a line indented deeper than the deepest open key then is not."""
    key_line = re.compile(pattern % "*")
    lines: KeyLines = {}
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), first_line):
        found = key_line.match("\n" + line)
        if found is None:
            continue
        indent = len(found["indent"])
        if len(stack) >= reader.KEY_DEPTH and indent > stack[-1][0]:
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, clean(found["key"])))
        lines.setdefault(tuple(key for _, key in stack), number)
    return lines


def json_key(written: str) -> str:
    try:
        return str(json.loads(f'"{written}"'))
    except ValueError:
        return written


ROW = st.tuples(
    st.sampled_from(["", " ", "  ", "\t", "- "]),
    st.integers(0, 9),
    st.sampled_from(['"a": 1', '"b": {', '"a b":', '"x\\"y": 2', "a: 1", "b:", "- c: 2", "'q': 3", '"u\\u00e9": 6', '"bad\\q": 7', "#c: 4", "-z: 5", "}", "noise", ""]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, max_size=40), st.sampled_from(["\n", "\r\n"]), st.integers(1, 50))
def test_the_index_is_the_line_by_line_one_on_texts_of_any_shape(rows, newline, first_line):
    text = newline.join(unit * times + body for unit, times, body in rows)
    assert reader._json_key_lines(text) == line_by_line(text, 1, reader._JSON_KEY, json_key)
    assert reader._yaml_key_lines(text, first_line) == line_by_line(text, first_line, reader._YAML_KEY, lambda key: key.strip("'\""))
