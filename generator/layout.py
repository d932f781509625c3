"""Black's line splitting, for the statements the templates emit, without running black.

Black (26.x, default style) lays out a statement that does not fit by splitting it at
brackets and delimiters, trying a few alternatives in a fixed order, and then formats its
own output a second time. This module does the same for the small part of Python the
generated code uses in the statements that get long:

- annotated and plain assignments (`name: T = value`, `self.name = value`);
- function signatures (`def name(self, *, a: T = x) -> R:`) and class headers;
- `return` statements and calls as statements (`await` allowed before a name),

where every expression is built from names, dotted names, double-quoted strings,
numbers, subscripts, calls with positional or keyword arguments, list and dict
displays and `|` unions. Anything else (comments, other operators, parenthesized
expressions, single-quoted or non-ASCII strings...) makes `layout_statement` return
None and the caller hands the statement to black itself.

Black is the specification: tests compare this module with `black.format_str` on every
statement of every fixture and corpus, and on statements drawn at random from the
grammar above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

LINE_LENGTH = 88

# Delimiter priorities (higher splits first), as black ranks them.
COMMA_PRIORITY = 18
VBAR_PRIORITY = 9

OPENING = {"(": ")", "[": "]", "{": "}"}
CLOSING = {")", "]", "}"}


class CannotSplit(Exception):
    """This way of splitting does not apply to the line."""


class Unsupported(Exception):
    """The statement uses something outside the grammar this module knows."""


class Leaf:
    """One token. Brackets know their kind of parent; invisible parentheses have value ''."""

    __slots__ = ("kind", "value", "prefix", "role", "opening", "depth", "in_arglist", "in_annotation", "detached")

    def __init__(self, kind: str, value: str, role: str = "", in_arglist: bool = False, detached: bool = False) -> None:
        self.kind = kind  # NAME STRING NUMBER ( ) [ ] { } , : = | . -> *
        self.value = value
        self.prefix = ""
        # Of brackets: "trailer" (call, subscript), "atom" (display, invisible parentheses) or
        # "parameters"; of `=`: "spaced" (after an annotation, in an assignment) or "".
        self.role = role
        self.opening: Leaf | None = None  # of closing brackets, set by the last line that tracked it
        self.depth = 0  # bracket depth, set by the last line that tracked it
        self.in_arglist = in_arglist  # a comma between arguments or parameters
        self.in_annotation = ""  # "param" or "return": part of a parameter's or the return annotation
        # Black's leaves know their place in the syntax tree; one it added itself, or one
        # whose place went to a copy, has none, and some of its rules then read differently.
        self.detached = detached

    @property
    def parent(self) -> str:
        return "" if self.detached else self.role

    def copy(self) -> Leaf:
        twin = Leaf(self.kind, self.value, self.role, self.in_arglist, self.detached)
        twin.in_annotation = self.in_annotation
        return twin

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Leaf({self.kind!r}, {self.value!r})"


@dataclass(eq=False)
class Line:
    depth: int
    inside_brackets: bool = False
    leaves: list[Leaf] = field(default_factory=list)
    should_split_rhs: bool = False
    magic_trailing_comma: Leaf | None = None
    delimiters: dict[int, int] = field(default_factory=dict)  # id(leaf) -> priority of a split after it
    invisible: list[Leaf] = field(default_factory=list)
    _open: dict[tuple[int, str], Leaf] = field(default_factory=dict)
    _depth: int = 0
    _previous: Leaf | None = None

    def append(self, leaf: Leaf, track: bool) -> None:
        if track:
            self._mark(leaf)
            if self._has_magic_trailing_comma(leaf):
                self.magic_trailing_comma = leaf
        self.leaves.append(leaf)

    def _mark(self, leaf: Leaf) -> None:
        if self._depth == 0 and leaf.kind in CLOSING and (0, leaf.kind) not in self._open:
            return
        if leaf.kind in CLOSING:
            self._depth -= 1
            opening = self._open.pop((self._depth, leaf.kind))
            leaf.opening = opening
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.depth = self._depth
        if self._depth == 0:
            previous = self._previous
            if leaf.kind == "|" and previous is not None and not leaf.detached:
                self.delimiters[id(previous)] = VBAR_PRIORITY
            elif leaf.kind == ",":
                self.delimiters[id(leaf)] = COMMA_PRIORITY
        if leaf.kind in OPENING:
            self._open[(self._depth, OPENING[leaf.kind])] = leaf
            self._depth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self._previous = leaf

    def _has_magic_trailing_comma(self, closing: Leaf) -> bool:
        if closing.kind not in CLOSING or not self.leaves or self.leaves[-1].kind != ",":
            return False
        if closing.kind == "}":
            return True
        if closing.kind == "]":
            if closing.parent == "trailer" and closing.opening is not None:
                return not _one_sequence_between(closing.opening, closing, self.leaves, "[")
            return True
        return closing.opening is not None and not _one_sequence_between(closing.opening, closing, self.leaves)

    @property
    def is_def(self) -> bool:
        first = self.leaves[0] if self.leaves else None
        second = self.leaves[1] if len(self.leaves) > 1 else None
        return first is not None and (
            first.value == "def" or (first.value == "async" and second is not None and second.value == "def")
        )

    def max_priority(self, exclude: Leaf | None = None) -> int:
        priorities = [p for key, p in self.delimiters.items() if exclude is None or key != id(exclude)]
        if not priorities:
            raise ValueError("no delimiters")
        return max(priorities)

    def count_priority(self, priority: int) -> int:
        return sum(1 for p in self.delimiters.values() if p == priority)

    def __str__(self) -> str:
        if not self.leaves:
            return ""
        first = self.leaves[0]
        return first.prefix + "    " * self.depth + first.value + "".join(leaf.prefix + leaf.value for leaf in self.leaves[1:])

    def __bool__(self) -> bool:
        return bool(self.leaves)


def _one_sequence_between(opening: Leaf, closing: Leaf, leaves: list[Leaf], kind: str = "(") -> bool:
    """True when the brackets (of `kind`) hold one element and a comma, or nothing."""
    if opening.kind != kind or closing.kind != OPENING[kind]:
        return False
    index = next((i for i, leaf in enumerate(leaves) if leaf is opening), -1)
    if index < 0:
        return False
    depth = closing.depth + 1
    commas = 0
    for leaf in leaves[index + 1 :]:
        if leaf is closing:
            break
        if leaf.depth == depth and leaf.kind == ",":
            commas += 1
            if leaf.in_arglist and not leaf.detached:
                commas += 1
                break
    return commas < 2


def _fits(line: Line, length: int = LINE_LENGTH) -> bool:
    return len(str(line)) <= length


# -- transforming one line --------------------------------------------------------------------


def transform(line: Line, force_optional_parens: bool = False) -> list[Line]:
    """The lines black makes of `line`."""
    text = str(line)
    if not line.should_split_rhs and not line.magic_trailing_comma and len(text) <= LINE_LENGTH:
        return [line]
    transformers: list[Transformer]
    if line.is_def and not _return_type_has_magic_comma(line):
        transformers = [_left_hand_split]
    elif line.inside_brackets:
        transformers = [_delimiter_split, _right_hand_split_with_omits]
    else:
        transformers = [_right_hand_split_with_omits]
    for transformer in transformers:
        try:
            return _run(line, transformer, force_optional_parens, text)
        except CannotSplit:
            continue
    return [line]


Transformer = Callable[[Line, bool], list[Line]]


def _run(line: Line, transformer: Transformer, force: bool, text: str) -> list[Line]:
    optional_parens = [bracket for bracket in line.invisible if bracket.depth == 0]
    result: list[Line] = []
    for piece in transformer(line, force):
        if str(piece) == text:
            raise CannotSplit("unchanged")
        result.extend(transform(piece, force))
    if (
        force
        or transformer is not _right_hand_split_with_omits
        or not line.invisible
        or any(bracket.value for bracket in optional_parens)
        or _fits(result[0])
        or any(leaf.detached for leaf in line.leaves)
    ):
        return result
    twin = _clone_with_fresh_leaves(line)
    second_opinion = _run(twin, transformer, True, text)
    if all(_fits(piece) for piece in second_opinion):
        return second_opinion
    return result


def _clone_with_fresh_leaves(line: Line) -> Line:
    """The line rebuilt from copies of its leaves, as black re-appends them (whitespace anew).

    The copies take the originals' places in black's tree: the originals are detached.
    """
    twin = Line(line.depth, line.inside_brackets, should_split_rhs=line.should_split_rhs, magic_trailing_comma=line.magic_trailing_comma)
    previous: Leaf | None = None
    for leaf in line.leaves:
        copy = leaf.copy()
        leaf.detached = True
        copy.prefix = _space(previous, copy) if previous is not None else ""
        twin.append(copy, track=True)
        previous = copy
    return twin


def _return_type_has_magic_comma(line: Line) -> bool:
    """Black explodes a signature on the right when its return annotation has a magic comma."""
    leaves: list[Leaf] = []
    collecting = False
    for leaf in line.leaves:
        if leaf.kind == ":":
            collecting = False
        if collecting:
            leaves.append(leaf)
        if leaf.kind == "->":
            collecting = True
    probe = Line(line.depth)
    tracked = _inside_matching_brackets(leaves)
    for leaf in leaves:
        probe.append(leaf, track=id(leaf) in tracked)
    return probe.magic_trailing_comma is not None


def _inside_matching_brackets(leaves: list[Leaf]) -> set[int]:
    """Ids of the leaves within bracket pairs that open and close among `leaves`."""
    ids: set[int] = set()
    opened: list[int] = []
    for index, leaf in enumerate(leaves):
        if leaf.kind in OPENING:
            opened.append(index)
        elif leaf.kind in CLOSING and opened:
            ids.update(id(inner) for inner in leaves[opened.pop() : index + 1])
    return ids


def _matching_close(leaves: list[Leaf], start: int) -> int | None:
    depth = 0
    for index in range(start, len(leaves)):
        kind = leaves[index].kind
        if kind in OPENING:
            depth += 1
        elif kind in CLOSING:
            depth -= 1
            if depth == 0:
                return index
    return None


# -- the splits ------------------------------------------------------------------------------


HEAD, BODY, TAIL = "head", "body", "tail"


def _build_line(leaves: list[Leaf], original: Line, opening: Leaf, component: str) -> Line:
    result = Line(original.depth)
    if component == BODY:
        result.inside_brackets = True
        result.depth += 1
        if _ensure_trailing_comma(leaves, original, opening):
            leaves = leaves + [Leaf(",", ",", detached=True)]
    tracked = _inside_matching_brackets(leaves) if component == HEAD else set()
    for leaf in leaves:
        result.append(leaf, track=result.inside_brackets or id(leaf) in tracked)
    if component == BODY and _should_split_line(result, opening):
        result.should_split_rhs = True
    return result


def _ensure_trailing_comma(leaves: list[Leaf], original: Line, opening: Leaf) -> bool:
    if not leaves or not original.is_def or opening.value != "(":
        return False
    if any(leaf.kind == "," and not leaf.in_annotation for leaf in leaves):
        return False
    first = next((leaf for leaf in leaves if not leaf.detached), None)
    if first is None:
        return True
    if first.in_annotation == "return":
        return False
    if _starts_union_member(leaves):
        raise Unsupported("a split right inside a union member")
    return True


def _starts_union_member(leaves: list[Leaf]) -> bool:
    """Whether the first element of `leaves` is a dotted name or trailer chain followed by `|`."""
    index = 1
    while index < len(leaves):
        kind = leaves[index].kind
        if kind == ".":
            index += 2
        elif kind in ("(", "["):
            end = _matching_close(leaves, index)
            if end is None:
                return False
            index = end + 1
        else:
            return index > 1 and kind == "|"
    return False


def _should_split_line(line: Line, opening: Leaf) -> bool:
    """Black explodes a body at once when it is a comma list of a display or ends in a comma."""
    if not line.leaves:
        return False
    last = line.leaves[-1]
    try:
        priority = line.max_priority(exclude=last)
    except ValueError:
        return False
    if opening.detached:
        return False
    return priority == COMMA_PRIORITY and (last.kind == "," or opening.parent == "atom")


def _left_hand_split(line: Line, force: bool) -> list[Line]:
    head: list[Leaf] = []
    body: list[Leaf] = []
    tail: list[Leaf] = []
    current = head
    matching: Leaf | None = None
    for leaf in line.leaves:
        if current is body and leaf.kind in CLOSING and leaf.opening is matching and matching is not None:
            _ensure_visible(leaf)
            _ensure_visible(matching)
            current = tail if body else head
        current.append(leaf)
        if current is head and leaf.kind == "(":
            matching = leaf
            current = body
    if matching is None or not tail:
        raise CannotSplit("no brackets")
    lines = [_build_line(head, line, matching, HEAD), _build_line(body, line, matching, BODY), _build_line(tail, line, matching, TAIL)]
    _split_succeeded_or_raise(*lines)
    return [piece for piece in lines if piece]


def _split_succeeded_or_raise(head: Line, body: Line, tail: Line) -> None:
    tail_length = len(str(tail).strip())
    if not body:
        if tail_length == 0:
            raise CannotSplit("same line")
        if tail_length < 3:
            raise CannotSplit("not worth it")


def _delimiter_split(line: Line, force: bool) -> list[Line]:
    if not line.leaves:
        raise CannotSplit("empty")
    last = line.leaves[-1]
    try:
        priority = line.max_priority(exclude=last)
    except ValueError:
        raise CannotSplit("no delimiters") from None
    pieces: list[Line] = []
    current = Line(line.depth, line.inside_brackets)
    for leaf in line.leaves:
        current.append(leaf, track=current.inside_brackets)
        if line.delimiters.get(id(leaf)) == priority:
            pieces.append(current)
            current = Line(line.depth, line.inside_brackets)
    if current:
        if priority == COMMA_PRIORITY and current.leaves[-1].kind != ",":
            current.append(Leaf(",", ",", detached=True), track=current.inside_brackets)
        pieces.append(current)
    for piece in pieces:
        piece.leaves[0].prefix = ""
    return pieces


@dataclass
class Split:
    head: Line
    body: Line
    tail: Line
    opening: Leaf
    closing: Leaf


def _first_right_hand_split(line: Line, omit: frozenset[int] | set[int] = frozenset()) -> Split:
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.kind in CLOSING and id(leaf) not in omit:
            opening = leaf.opening
            closing = leaf
            current = body
    if not (opening and closing and head):
        raise CannotSplit("no brackets")
    tail.reverse()
    body.reverse()
    head.reverse()
    split = Split(
        _build_line(head, line, opening, HEAD),
        _build_line(body, line, opening, BODY),
        _build_line(tail, line, opening, TAIL),
        opening,
        closing,
    )
    _split_succeeded_or_raise(split.head, split.body, split.tail)
    return split


def _right_hand_split(line: Line, force: bool, omit: set[int] | frozenset[int] = frozenset()) -> list[Line]:
    return _maybe_split_omitting_optional_parens(_first_right_hand_split(line, omit), line, force, omit)


def _maybe_split_omitting_optional_parens(split: Split, line: Line, force: bool, omit: set[int] | frozenset[int]) -> list[Line]:
    if (
        not force
        and split.opening.kind == "("
        and not split.opening.value
        and split.closing.kind == ")"
        and not split.closing.value
        and _can_omit_invisible_parens(split)
    ):
        omit = {id(split.closing), *omit}
        try:
            without = _first_right_hand_split(line, omit)
            if _prefer_split_without_optional_parens(without, split):
                return _maybe_split_omitting_optional_parens(without, line, force, omit)
        except CannotSplit:
            chained = sum(1 for leaf in line.leaves if leaf.kind == "=") > 1
            if not chained and len(split.body.leaves) < 2 and not _fits(split.body):
                raise CannotSplit("body too long and cannot be split") from None
    _ensure_visible(split.opening)
    _ensure_visible(split.closing)
    return [piece for piece in (split.head, split.body, split.tail) if piece]


def _prefer_split_without_optional_parens(without: Split, split: Split) -> bool:
    head = split.head.leaves
    if not (len(head) >= 2 and head[-2].kind == "="):
        return True
    if not any(leaf.kind in OPENING or leaf.kind in CLOSING for leaf in head[:-1]):
        return True
    if not _fits(split.head, LINE_LENGTH - 1):
        return True
    if split.head.magic_trailing_comma is not None:
        return True
    equals = [leaf.kind for leaf in head].count("=")
    equals_without = [leaf.kind for leaf in without.head.leaves].count("=")
    if equals > 1 and equals > equals_without:
        return False
    closing_after_equal = False
    for leaf in reversed(without.head.leaves):
        if leaf.kind == "=":
            break
        if leaf.kind in CLOSING:
            closing_after_equal = True
            break
    return closing_after_equal or (any(leaf.kind == "=" for leaf in without.head.leaves) and _fits(without.head))


def _can_omit_invisible_parens(split: Split) -> bool:
    line = split.body
    if not line.delimiters:
        return True
    priority = line.max_priority()
    if line.count_priority(priority) > 1:
        return False
    if len(line.leaves) < 2:
        return False
    first, second = line.leaves[0], line.leaves[1]
    if first.kind in OPENING and second.kind not in CLOSING and _can_omit_opening_paren(line, first):
        return True
    penultimate, last = line.leaves[-2], line.leaves[-1]
    if last.kind == ")" or last.kind == "}" or (last.kind == "]" and last.parent != "trailer"):
        if penultimate.kind in OPENING:
            return False
        if _can_omit_closing_paren(line, last):
            return True
    return False


def _can_omit_opening_paren(line: Line, first: Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    index = -1
    for index, leaf in enumerate(line.leaves):
        if leaf.kind in CLOSING and leaf.opening is first:
            remainder = True
        if remainder:
            length += len(leaf.prefix) + len(leaf.value)
            if length > LINE_LENGTH:
                return False
            if leaf.kind in OPENING:
                remainder = False
    return len(line.leaves) == index + 1


def _can_omit_closing_paren(line: Line, last: Leaf) -> bool:
    length = 4 * line.depth
    seen_other_brackets = False
    for leaf in line.leaves:
        length += len(leaf.prefix) + len(leaf.value)
        if leaf is last.opening:
            if seen_other_brackets or length <= LINE_LENGTH:
                return True
        elif leaf.kind in OPENING:
            seen_other_brackets = True
    return False


def _right_hand_split_with_omits(line: Line, force: bool) -> list[Line]:
    first_lines: list[Line] | None = None
    prefix_lengths: dict[int, int] = {}
    length = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[id(leaf)] = length
        length += len(leaf.prefix) + len(leaf.value)
    for omit in _trailers_to_omit(line):
        if omit:
            target: Leaf | None = None
            for leaf in reversed(line.leaves):
                if leaf.kind in CLOSING and id(leaf) not in omit:
                    target = leaf.opening
                    break
            if target is not None and target.value and prefix_lengths.get(id(target), 0) > LINE_LENGTH:
                continue
        lines = _right_hand_split(line, force, omit)
        if first_lines is None and not omit:
            first_lines = lines
        if _fits(lines[0]):
            return lines
    if first_lines is not None:
        return first_lines
    return _right_hand_split(line, force)


def _trailers_to_omit(line: Line) -> Iterator[set[int]]:
    omit: set[int] = set()
    if not line.magic_trailing_comma:
        yield omit
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[int] = set()
    leaves = line.leaves
    for index in range(len(leaves) - 1, -1, -1):
        leaf = leaves[index]
        length += len(leaf.prefix) + len(leaf.value)
        if length > LINE_LENGTH:
            break
        if opening is not None:
            if leaf is opening:
                opening = None
            elif leaf.kind in CLOSING:
                if _closes_exploding_list(leaves, index):
                    break
                inner.add(id(leaf))
        elif leaf.kind in CLOSING:
            previous = leaves[index - 1] if index > 0 else None
            if previous is not None and previous.kind in OPENING:
                inner.add(id(leaf))
                continue
            if closing is not None:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield set(omit)
            if _closes_exploding_list(leaves, index):
                break
            if leaf.value:
                opening = leaf.opening
                closing = leaf


def _closes_exploding_list(leaves: list[Leaf], index: int) -> bool:
    """The bracket at `index` closes a list with a trailing comma: black never omits those."""
    leaf = leaves[index]
    previous = leaves[index - 1] if index > 0 else None
    return previous is not None and previous.kind == "," and leaf.opening is not None and not _one_sequence_between(leaf.opening, leaf, leaves)


def _ensure_visible(leaf: Leaf) -> None:
    if leaf.kind == "(" and not leaf.value:
        leaf.value = "("
    elif leaf.kind == ")" and not leaf.value:
        leaf.value = ")"


# -- reading a statement ---------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>[ \n]+)
  | (?P<string>"(?:[^"\\\n]|\\[^\n])*")
  | (?P<number>-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.]))
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>->|[()\[\]{},:=|.*])
    """,
    re.VERBOSE,
)
_STATEMENT_WORDS = frozenset({"def", "async", "class", "return"})
_KEYWORDS = frozenset(
    "and as assert break continue del elif else except finally for from global if import in is "
    "lambda nonlocal not or pass raise try while with yield".split()
)


def _tokens(text: str) -> list[tuple[str, str]]:
    if not text.isascii() or "\\\"" in text or "\\'" in text:
        raise Unsupported("escaped quotes or non-ASCII text")
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise Unsupported(f"unexpected text at {position}")
        position = match.end()
        kind = match.lastgroup or ""
        value = match.group()
        if kind == "space":
            continue
        if kind == "op":
            tokens.append((value, value))
        elif kind == "name":
            opening_word = not tokens or (value == "def" and tokens == [("NAME", "async")])
            if value in _KEYWORDS or (value in _STATEMENT_WORDS and not opening_word):
                raise Unsupported(f"keyword {value}")
            tokens.append(("NAME", value))
        else:
            tokens.append((kind.upper(), value))
    return tokens


class _Reader:
    """Recursive descent over the supported grammar; builds leaves with black's structure."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.index = 0
        self.leaves: list[Leaf] = []

    def peek(self, offset: int = 0) -> str:
        index = self.index + offset
        return self.tokens[index][0] if index < len(self.tokens) else ""

    def take(self, kind: str, parent: str = "", in_arglist: bool = False) -> Leaf:
        if self.peek() != kind:
            raise Unsupported(f"expected {kind}, found {self.peek() or 'the end'}")
        leaf = Leaf(kind, self.tokens[self.index][1], parent, in_arglist)
        self.index += 1
        self.leaves.append(leaf)
        return leaf

    def done(self) -> None:
        if self.index != len(self.tokens):
            raise Unsupported("text after the statement")

    # statements

    def statement(self) -> None:
        word = self.tokens[self.index][1] if self.peek() == "NAME" else ""
        if word in ("def", "async"):
            self.signature()
        elif word == "class":
            self.class_header()
        elif word == "return":
            self.take("NAME")
            if self.peek():
                self.wrapped(always=True)
        elif self.peek(1) in (":", "=") or (self.peek(1) == "." and self._assignment_ahead()):
            self.assignment()
        else:
            self.expression()  # a call, as a statement
        self.done()

    def _assignment_ahead(self) -> bool:
        """A dotted target (`self.name = ...`) rather than an expression statement."""
        index = self.index + 1
        while index + 1 < len(self.tokens) and self.tokens[index][0] == "." and self.tokens[index + 1][0] == "NAME":
            index += 2
        return index < len(self.tokens) and self.tokens[index][0] in (":", "=")

    def class_header(self) -> None:
        self.take("NAME")  # class
        self.take("NAME")
        if self.peek() == "(":
            self.take("(", "classdef")
            if self.peek() == ")":
                raise Unsupported("empty class parentheses")
            self.arguments(role="classdef")
        self.take(":")

    def assignment(self) -> None:
        self.take("NAME")
        while self.peek() == ".":
            self.take(".")
            self.take("NAME")
        if self.peek() == ":":
            self.take(":")
            self.wrapped(always=True)
        if self.peek() == "=":
            self.take("=", "spaced")
            self.wrapped(always=True)
        elif len(self.leaves) == 1:
            raise Unsupported("not an assignment")

    def signature(self) -> None:
        if self.tokens[self.index][1] == "async":
            self.take("NAME")
        self.take("NAME")  # def
        self.take("NAME")
        self.take("(", "parameters")
        while self.peek() != ")":
            if self.peek() == "*":
                self.take("*")
            else:
                self.take("NAME")
                annotated = self.peek() == ":"
                if annotated:
                    self.take(":")
                    self.wrapped(always=False, annotation="param")
                if self.peek() == "=":
                    self.take("=", "spaced" if annotated else "")
                    self.expression()
            if self.peek() == ",":
                self.take(",", in_arglist=True)
            elif self.peek() != ")":
                raise Unsupported("expected , or )")
        self.take(")", "parameters")
        if self.peek() == "->":
            self.take("->")
            if self.peek() == "STRING":
                raise Unsupported("a string return annotation")
            self.wrapped(always=True, annotation="return")
        self.take(":")

    def wrapped(self, always: bool, annotation: str = "") -> None:
        """An expression black puts in invisible parentheses (an annotation or a value).

        Existing parentheses around it (from black's first pass) become the invisible
        ones. `always` is False for parameter annotations, which black wraps only when
        they are a `|` union or a display.
        """
        start = len(self.leaves)
        if self.peek() == "(":
            opening = self.take("(", "atom")
            opening.value = ""
            self.expression()
            closing = self.take(")", "atom")
            closing.value = ""
        else:
            self.leaves.append(Leaf("(", "", "atom"))
            kind = self.expression()
            if always or kind in ("union", "display"):
                self.leaves.append(Leaf(")", "", "atom"))
            else:
                del self.leaves[start]
        if annotation:
            for leaf in self.leaves[start:]:
                leaf.in_annotation = annotation

    # expressions

    def expression(self) -> str:
        """One expression; says whether it is a union, a display or something else."""
        kind = self.primary()
        while self.peek() == "|":
            self.take("|")
            self.primary()
            kind = "union"
        return kind

    def primary(self) -> str:
        head = self.peek()
        if head == "NAME" and self.tokens[self.index][1] == "await":
            self.take("NAME")
            head = self.peek()
            if head != "NAME":
                raise Unsupported("await of something other than a name")
        if head in ("NAME", "STRING", "NUMBER"):
            if head == "STRING" and self.peek(1) == "STRING":
                raise Unsupported("implicit string concatenation")
            self.take(head)
            kind = "leaf"
        elif head == "[":
            self.take("[", "atom")
            self.sequence("]", "atom")
            kind = "display"
        elif head == "{":
            self.take("{", "atom")
            self.dict_items()
            kind = "display"
        else:
            raise Unsupported(f"unexpected {head or 'end'}")
        while self.peek() in ("[", "(", "."):
            if kind == "power" and self.leaves[-1].kind in CLOSING:
                raise Unsupported("a trailer after a call or subscript")
            kind = "power"
            if self.peek() == ".":
                self.take(".")
                self.take("NAME")
            elif self.peek() == "[":
                self.take("[", "trailer")
                if self.peek() == "]":
                    raise Unsupported("empty subscript")
                self.sequence("]", "trailer")
            else:
                self.take("(", "trailer")
                self.arguments()
        return kind

    def sequence(self, closer: str, parent: str) -> None:
        while self.peek() != closer:
            self.expression()
            if self.peek() == ",":
                self.take(",")
            elif self.peek() != closer:
                raise Unsupported(f"expected , or {closer}")
        self.take(closer, parent)

    def dict_items(self) -> None:
        while self.peek() != "}":
            self.expression()
            self.take(":")
            self.expression()
            if self.peek() == ",":
                self.take(",")
            elif self.peek() != "}":
                raise Unsupported("expected , or }")
        self.take("}", "atom")

    def arguments(self, role: str = "trailer") -> None:
        while self.peek() != ")":
            if self.peek() == "NAME" and self.peek(1) == "=":
                self.take("NAME")
                self.take("=")
            self.expression()
            if self.peek() == ",":
                self.take(",", in_arglist=True)
            elif self.peek() != ")":
                raise Unsupported("expected , or )")
        self.take(")", role)


def _space(previous: Leaf, leaf: Leaf) -> str:
    """The whitespace black puts before `leaf` (for the tokens of this grammar)."""
    if leaf.kind in CLOSING or leaf.kind in (",", ":", "."):
        return ""
    if previous.kind in OPENING or previous.kind == ".":
        return ""
    if leaf.kind in ("(", "[") and leaf.role in ("trailer", "parameters", "classdef"):
        return ""
    if leaf.kind == "=":
        return " " if leaf.role == "spaced" else ""
    if previous.kind == "=":
        return " " if previous.role == "spaced" else ""
    return " "


def _statement_line(text: str, depth: int) -> Line:
    reader = _Reader(_tokens(text))
    reader.statement()
    line = Line(depth)
    previous: Leaf | None = None
    for leaf in reader.leaves:
        leaf.prefix = "" if previous is None else _space(previous, leaf)
        line.append(leaf, track=True)
        previous = leaf
    return line


def _one_pass(text: str, depth: int) -> str:
    return "\n".join(str(line) for line in transform(_statement_line(text, depth)))


def layout_statement(text: str, depth: int) -> str | None:
    """`text` (one statement, at `depth` levels of indentation) laid out as black would,
    indented; None when the statement is outside what this module knows."""
    try:
        first = _one_pass(text, depth)
        if first.count(",") == text.count(","):
            # Black formats its own output once more, which can only differ when the first
            # pass added trailing commas (they are magic the second time); else the second
            # pass reads the same tokens and makes the same choices.
            return first
        return _one_pass(first, depth)
    except Unsupported:
        return None
