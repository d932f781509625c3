"""Find the line a value is written on, for messages about documents that were refused.

Only called when something is wrong, so it may read the text again: YAML through its node
tree (which keeps marks), JSON with a small tokenizer. Both are iterative. Lines are 0-based
offsets into the text; None when the text cannot be read this way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from ..common.limits import MAX_INT_DIGITS

Path = tuple[str | int, ...]

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\]:,]|[^\s{}\[\]:,"]+')
_LONG_INT = re.compile(rf"-?[0-9]{{{MAX_INT_DIGITS + 1},}}\Z")


def line_of_path(text: str, is_json: bool, path: Path) -> int | None:
    """The line of the value at `path` (of its key, for a mapping entry); the nearest parent's if it cannot be followed."""
    if is_json:
        return _json_line(text, lambda level, token, current: level == len(path) and current() == path)
    import yaml  # only YAML needs it (and only for a refused document)
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from .yaml_loader import compose_yaml

    try:
        node = compose_yaml(text)
    except (yaml.YAMLError, RecursionError):
        return None
    if node is None:
        return None
    line: int = node.start_mark.line
    for part in path:
        if isinstance(node, MappingNode):
            entry = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
            if entry is None:
                break
            line, node = entry[0].start_mark.line, entry[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            item = node.value[part]
            # An alias is the node it names (marked where that is written): the list's line is nearer.
            line = item.start_mark.line if item.start_mark.index >= node.start_mark.index else line
            node = item
        else:
            break
    return line


def json_line_deeper_than(text: str, depth: int) -> int | None:
    """The line where JSON nesting first goes deeper than `depth`."""
    return _json_line(text, lambda level, token, current: level + (token in ("{", "[")) > depth)


def json_line_of_long_integer(text: str) -> int | None:
    """The line of the first JSON integer with more digits than Python reads."""
    return _json_line(text, lambda level, token, current: bool(_LONG_INT.match(token)))


def _json_line(text: str, wanted: Callable[[int, str, Callable[[], Path]], bool]) -> int | None:
    """The line of the first value for which `wanted(level, token, path)` holds: `level` counts
    the arrays and mappings the value is in, `token` is its first token (`{`, `[`, a string, a
    number...), `path()` the keys and indexes leading to it."""
    for line, level, token, current in _json_values(text):
        if wanted(level, token, current):
            return line
    return None


def _json_values(text: str) -> Iterator[tuple[int, int, str, Callable[[], Path]]]:
    # Frames: [is_mapping, key or index, expecting a key]
    frames: list[list[object]] = []
    line, position = 0, 0

    def current() -> Path:
        return tuple(frame[1] for frame in frames)  # type: ignore[misc]

    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        line += text.count("\n", position, match.start())
        position = match.start()
        top = frames[-1] if frames else None
        if token in ("}", "]"):
            if frames:
                frames.pop()
            continue
        if token == ",":
            if top is not None:
                if top[0]:
                    top[2] = True
                else:
                    top[1] = int(top[1]) + 1  # type: ignore[call-overload]
            continue
        if token == ":":
            if top is not None:
                top[2] = False
            continue
        if top is not None and top[0] and top[2]:  # a key
            try:
                top[1] = json.loads(token)
            except ValueError:
                top[1] = token
            continue
        yield line, len(frames), token, current
        if token in ("{", "["):
            frames.append([token == "{", 0, token == "{"])
