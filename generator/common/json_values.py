"""Check a loaded document before anything else touches it: JSON values only, within the limits.

One pass, iterative (a document nested 100,000 deep cannot exhaust the stack), visiting each
array and mapping once even when YAML aliases share it, so that a "billion laughs" document
is measured in time linear in its text while its size is counted as if every alias were a
copy. The pass finds:

- nesting deeper than `max_depth` (with aliases followed) and alias cycles;
- more values than the run may still read (`max_nodes`, counted over all inputs): each
  array, mapping, number, boolean and null is one value, a string one per 64 characters,
  and every use of an alias counts its whole value again; and more values added by alias
  uses than the run may still take (`max_alias_nodes`);
- keys that are not strings or are longer than `max_name_length`;
- what JSON cannot say: strings with lone surrogates (`"\\ud800"`), integers of more digits
  than Python reads or writes, anything that is not str/int/float/bool/None/list/dict.

A problem comes back with the path to the value, so that the reader can name its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from .limits import MAX_INT_DIGITS, Limits, limit_note

Path = tuple[str | int, ...]

STRING_CHARACTERS_PER_VALUE = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
_LARGEST_INT = 10**MAX_INT_DIGITS  # an int this large or larger has more digits than Python writes
_LARGEST_INT_BITS = _LARGEST_INT.bit_length()
_SCALARS = frozenset({str, int, float, bool, type(None)})


@dataclass(frozen=True)
class ValueProblem:
    """The first value of a document that JSON cannot hold or the limits do not allow."""

    path: Path  # keys and indexes from the document's root to the value
    message: str
    exhausts: bool = False  # the run may read no more values


@dataclass
class Budget:
    """What the run may still read; `check_document` takes what each document counts for."""

    values: int
    alias_values: int


def check_document(document: Any, limits: Limits, budget: Budget) -> ValueProblem | None:
    """The first problem, or None (and `budget` is charged for the document)."""
    if type(document) not in JSON_CONTAINERS:
        problem = _scalar_problem(document)
        budget.values -= 1
        return ValueProblem((), problem) if problem else None
    aliased = 0  # values added by uses of YAML aliases
    sizes: dict[int, int] = {}  # id of an array or mapping -> values it holds, itself included
    heights: dict[int, int] = {}  # id -> levels of nesting it holds, itself included
    checked_strings: set[int] = set()
    # Frames: [container, its (key, child) pairs, key in the parent, values so far, height of children so far]
    stack: list[list[Any]] = [[document, _entries(document), None, 1, 0]]
    on_stack = {id(document)}

    def path(*more: str | int) -> Path:
        return tuple(frame[2] for frame in stack[1:]) + more

    max_name_length = limits.max_name_length
    while stack:
        frame = stack[-1]
        is_mapping = type(frame[0]) is dict
        counted = 0  # values met in this stretch of the frame's entries (added to frame[3] after)
        for key, child in frame[1]:
            if is_mapping and (type(key) is not str or len(key) > max_name_length or not key.isascii()):
                problem = _key_problem(key, limits)
                if problem:
                    return ValueProblem(path(key) if isinstance(key, str) else path(), problem)
            kind = type(child)
            if kind is str:
                counted += 1 + len(child) // STRING_CHARACTERS_PER_VALUE
                if not child.isascii() and id(child) not in checked_strings:
                    checked_strings.add(id(child))
                    if _SURROGATE.search(child):
                        return ValueProblem(path(key), _SURROGATE_MESSAGE)
                continue
            if kind is dict or kind is list:
                identity = id(child)
                if identity in sizes:  # met before through a YAML alias: counted, not walked again
                    if len(stack) + heights[identity] > limits.max_depth:
                        return ValueProblem(path(key), _too_deep(limits))
                    aliased += sizes[identity]
                    if aliased > budget.alias_values:
                        return ValueProblem(path(key), _too_many_aliased(limits), exhausts=True)
                    counted += sizes[identity]
                    frame[4] = max(frame[4], heights[identity])
                    continue
                if identity in on_stack:
                    return ValueProblem(path(key), "a YAML alias refers to a value that holds it (a cycle); JSON has no such value")
                if len(stack) >= limits.max_depth:
                    return ValueProblem(path(key), _too_deep(limits))
                frame[3] += counted
                stack.append([child, _entries(child), key, 1, 0])
                on_stack.add(identity)
                break
            counted += 1
            if kind not in _SCALARS or kind is int and child.bit_length() >= _LARGEST_INT_BITS - 1:
                problem = _scalar_problem(child)
                if problem:
                    return ValueProblem(path(key), problem)
        else:
            frame[3] += counted
            stack.pop()
            container, _, _, size, height = frame
            on_stack.discard(id(container))
            sizes[id(container)] = size
            heights[id(container)] = height + 1
            if size > budget.values:
                return ValueProblem(path(frame[2]) if stack else (), _too_many(limits, size), exhausts=True)
            if stack:
                stack[-1][3] += size
                stack[-1][4] = max(stack[-1][4], height + 1)
    budget.values -= sizes[id(document)]
    budget.alias_values -= aliased
    return None


def _entries(container: dict[str, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    return iter(container.items()) if type(container) is dict else enumerate(container)


def _key_problem(key: Any, limits: Limits) -> str | None:
    if type(key) is not str:
        return f"a mapping key is {_kind(key)}, not a string"
    if len(key) > limits.max_name_length:
        return f"a key (a property, schema or other name) of {len(key):,} characters, more than {limits.max_name_length:,} ({key[:40]!r}...); {limit_note('max_name_length')}"
    if not key.isascii() and _SURROGATE.search(key):
        return _SURROGATE_MESSAGE
    return None


def _scalar_problem(value: Any) -> str | None:
    kind = type(value)
    if kind is str:
        return _SURROGATE_MESSAGE if _SURROGATE.search(value) else None
    if kind is int:
        return None if abs(value) < _LARGEST_INT else f"an integer of more than {MAX_INT_DIGITS:,} digits, more than Python reads or writes"
    if kind in _SCALARS:
        return None
    return f"{_kind(value)} is not a JSON value"


def _kind(value: Any) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


_SURROGATE_MESSAGE = "a string holds a lone surrogate (an escape such as \\ud800 that is half of a pair), which is not a character"


def _too_deep(limits: Limits) -> str:
    return f"arrays and mappings nest more than {limits.max_depth} levels deep (YAML aliases followed); {limit_note('max_depth')}"


def _too_many_aliased(limits: Limits) -> str:
    return (
        f"YAML aliases add more than {limits.max_alias_nodes:,} values to the inputs (each use of an alias counted as a copy of "
        f"the value it names); {limit_note('max_alias_nodes')}"
    )


def _too_many(limits: Limits, size: int) -> str:
    return (
        f"with this value ({size:,} values once YAML aliases are expanded) the inputs hold more than {limits.max_nodes:,} values "
        f"(arrays, mappings and scalars, a string one per {STRING_CHARACTERS_PER_VALUE} characters); {limit_note('max_nodes')}"
    )


def copy_json(value: Any) -> Any:
    """A deep copy of a checked JSON value: every mapping and array copied, aliases included
    (the budget above counted them as copies); several times faster than `copy.deepcopy`."""
    kind = type(value)
    if kind is dict:
        return {key: copy_json(item) if type(item) in JSON_CONTAINERS else item for key, item in value.items()}
    if kind is list:
        return [copy_json(item) if type(item) in JSON_CONTAINERS else item for item in value]
    return value


JSON_CONTAINERS = frozenset({dict, list})  # the types a checked JSON value nests in
