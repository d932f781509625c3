"""Python source fragments made safe: every spec string that reaches generated code goes through here.

Strings become literals that cannot end early (quotes, backslashes, newlines and every
invisible or line-breaking code point are escaped); names become ASCII identifiers that are
not keywords and do not shadow what the generated module itself uses.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from .names import pascal_join, snake_words

LINE_LENGTH = 88  # of the generated code: the layout decisions here and the formatter agree on it

# Fixed here, not read from the running interpreter, so output is the same on every Python.
KEYWORDS = frozenset(
    "False None True and as assert async await break class continue def del elif else except "
    "finally for from global if import in is lambda nonlocal not or pass raise return try while "
    "with yield".split()
)

# Names a class body in the generated modules uses in its annotations; a field with one of these
# names would shadow it for the fields after it (for mypy and for pydantic alike).
# Python's builtins (3.10 to 3.14), fixed here so that every choice made with them is the same
# on every interpreter: no generated class takes one's name, no page example may touch one.
PYTHON_BUILTINS = frozenset(
    "ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError "
    "BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError "
    "ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning "
    "EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError "
    "FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError "
    "InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError "
    "ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError "
    "OverflowError PendingDeprecationWarning PermissionError ProcessLookupError PythonFinalizationError "
    "RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration "
    "StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError "
    "UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError "
    "UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin "
    "bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr "
    "dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash "
    "help hex id input int isinstance issubclass iter len license list locals map max memoryview min next "
    "object oct open ord pow print property quit range repr reversed round set setattr slice sorted "
    "staticmethod str sum super tuple type vars zip".split()
)
ANNOTATION_NAMES = frozenset("str int float bool bytes list dict object None Any".split())

# Attributes of pydantic's BaseModel (v1 and v2 API) that a field must not replace.
BASE_MODEL_ATTRIBUTES = frozenset(
    "model_config model_fields model_computed_fields model_extra model_fields_set model_construct "
    "model_copy model_dump model_dump_json model_json_schema model_parametrized_name "
    "model_post_init model_rebuild model_validate model_validate_json model_validate_strings "
    "dict json parse_obj parse_raw parse_file from_orm construct copy schema schema_json "
    "validate update_forward_refs fields".split()
)

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape_char(char: str, keep: str = "") -> str:
    if char in keep:
        return char
    if char in _ESCAPES:
        return _ESCAPES[char]
    if unicodedata.category(char) in UNSAFE_CATEGORIES or "\U0001f3fb" <= char <= "\U0001f3ff":
        # The emoji skin-tone modifiers too: black counts them two columns wide and ruff none
        # (after an emoji), so a line holding one could be laid out differently.
        code = ord(char)
        if code <= 0xFF:
            return f"\\x{code:02x}"
        if code <= 0xFFFF:
            return f"\\u{code:04x}"
        return f"\\U{code:08x}"
    return char


# What may need an escape: the ASCII ones always, every other code point after a look at its
# category (`_escape_char`); the rest of the text is copied as it is.
_UNSAFE = re.compile(r'[^\x20\x21\x23-\x5b\x5d-\x7e]')  # all but printable ASCII other than " and \\
_UNSAFE_KEEP_QUOTES = re.compile(r"[^\n\x20-\x5b\x5d-\x7e]")  # the same, quotes and newlines left


def _escape(text: str, keep: str = "") -> str:
    pattern = _UNSAFE_KEEP_QUOTES if keep == '\n"' else _UNSAFE
    return pattern.sub(lambda match: _escape_char(match.group(), keep), text)


def string_literal(text: str) -> str:
    """A double-quoted Python string literal whose value is exactly `text`."""
    return '"' + _escape(text) + '"'


_CALLOUT = re.compile(r"<(?P<name>Info|Note|Warning|Tip|Check|Error|Success|Danger)(?:\s[^<>]*)?>\s*")
_COMPONENT_TAG = re.compile(r"</?[A-Z][A-Za-z0-9.]*(?:\s[^<>]*)?/?>")


def plain_text(text: str) -> str:
    """Prose from the pages without its MDX components: `<Info>Scope: x</Info>` reads
    "Info: Scope: x"; other components (`<Accordion title="...">`) leave only their text.
    Lower-case tags and placeholders (`<token>`) are not components and stay."""
    return _COMPONENT_TAG.sub("", _CALLOUT.sub(lambda m: m.group("name") + ": ", text))


def docstring(text: str) -> str | None:
    """A triple-quoted docstring for `text`, or None when there is nothing to say.

    Newlines stay (docstrings are read by people); MDX components become plain text; quotes
    and backslashes are escaped so that the string cannot close early, and every other
    unsafe code point is escaped.
    """
    lines = [line.rstrip() for line in plain_text(text).strip().splitlines()]
    body = "\n".join(lines).strip()
    if not body:
        return None
    escaped = _escape(body, keep='\n"')
    # Quotes stay readable; only runs of three (which would close the string) are escaped.
    escaped = re.sub(r'"{3,}', lambda run: '\\"' * len(run.group()), escaped)
    backslashes = len(escaped[:-1]) - len(escaped[:-1].rstrip("\\")) if escaped.endswith('"') else 0
    if backslashes % 2:
        # An escaped quote right before the closing ones: black adds a gap there and ruff does
        # not; written as \x22, no formatter touches it.
        escaped = escaped[:-2] + "\\x22"
    elif escaped.endswith('"'):
        escaped += " "  # a quote right before the closing ones needs a gap (both formatters agree)
    closing = "\n" if "\n" in body else ""
    return '"""' + escaped + closing + '"""'


def docstring_line(text: str) -> str:
    """One line to place inside a docstring the template writes: line breaks become spaces,
    quotes, backslashes and unsafe code points are escaped as `docstring` escapes them."""
    escaped = _escape(" ".join(text.split()), keep='"')
    return re.sub(r'"{3,}', lambda run: '\\"' * len(run.group()), escaped)


def python_literal(value: Any) -> str:
    """Source for a JSON value (defaults, constants): None/bool/int/float/str/list/dict."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else 'float("-inf")'
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(python_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{string_literal(str(key))}: {python_literal(item)}" for key, item in value.items())
        return "{" + items + "}"
    return string_literal(str(value))


def constant_identifier(name: str) -> str:
    """An UPPER_SNAKE ASCII identifier (a class constant): `sandbox`, `Sandbox` → `SANDBOX`."""
    result = "_".join(word.upper() for word in snake_words(name)) or "VALUE"
    return "N" + result if result[0].isdigit() else result


def snake_identifier(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """A snake_case ASCII identifier for a wire name; keywords and `reserved` get a trailing `_`."""
    result = "_".join(snake_words(name)) or "value"
    if result[0].isdigit():
        result = "n" + result
    if result in KEYWORDS or result in reserved:
        result += "_"
    return result


def pascal_identifier(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """A PascalCase ASCII identifier: `conversational_ai` → `ConversationalAi`."""
    result = pascal_join(name) or "Value"
    if result[0].isdigit():
        result = "N" + result
    if result in KEYWORDS or result in reserved:
        result += "_"
    return result


class UniqueNames:
    """Hands out identifiers that are unique within one scope, deterministically (`x`, `x_2`, ...).

    `separator` goes between a name and its counter (none after a trailing `_`). The next
    counter to try is remembered per name, so that n claims of one name take linear time.
    """

    def __init__(self, taken: frozenset[str] | set[str] = frozenset(), separator: str = "_") -> None:
        self._taken = set(taken)
        self._separator = separator
        self._next: dict[str, int] = {}

    def claim(self, wanted: str) -> str:
        name = wanted
        counter = self._next.get(wanted, 2)
        separator = "" if wanted.endswith("_") else self._separator
        if name in self._taken:
            name = f"{wanted}{separator}{counter}"
            while name in self._taken:
                counter += 1
                name = f"{wanted}{separator}{counter}"
            self._next[wanted] = counter + 1
        self._taken.add(name)
        return name

    def add(self, name: str) -> None:
        """Mark `name` as taken without claiming it."""
        self._taken.add(name)

    def __contains__(self, name: str) -> bool:
        return name in self._taken


# -- TOML -------------------------------------------------------------------------------

_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def toml_string(text: str) -> str:
    """A TOML basic string whose value is exactly `text`."""
    out = []
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif unicodedata.category(char) in UNSAFE_CATEGORIES and unicodedata.category(char) != "Cs":
            code = ord(char)
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        elif unicodedata.category(char) == "Cs":
            out.append("\\uFFFD")  # a lone surrogate is no character TOML can hold
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
def parameter_declaration(name: str, annotation: str, default: str | None = None, indent: int = 8) -> str:
    """`name: annotation = default` as a signature declares it, one parameter a line at `indent`.

    A `|` union annotation on a line too long is put in parentheses, as black (24 and later)
    lays it out; ruff's formatter keeps such parentheses but would not add them."""
    declared = f"{name}: {annotation}" + (f" = {default}" if default is not None else "")
    if _is_union(annotation) and indent + display_width(declared) + 1 > LINE_LENGTH:
        return f"{name}: ({annotation})" + (f" = {default}" if default is not None else "")
    return declared


def _typing(name: str, private: frozenset[str]) -> str:
    """`name` as a module that imports it under a private alias (`Field as _Field`) writes it."""
    return "_" + name if name in private else name


def alias_declaration(name: str, annotation: str, private: frozenset[str] = frozenset()) -> str:
    """`Name: TypeAlias = annotation`, a module-level type alias.

    When even the line's head (up to the value's first bracket) is too long, black puts the
    `TypeAlias` annotation in parentheses on lines of their own and ruff does not; the alias
    is then written implicitly (`Name = annotation`, which type checkers read as the same
    alias), which both formatters lay out alike."""
    if _is_union(annotation):
        head = "("
    else:
        bracket = re.search(r"[\[(]", annotation)
        head = annotation[: bracket.end()] if bracket else annotation
    type_alias = _typing("TypeAlias", private)
    if display_width(f"{name}: {type_alias} = {head}") <= LINE_LENGTH:
        return f"{name}: {type_alias} = {annotation}"
    if head == annotation and display_width(f"{name} = (") > LINE_LENGTH:
        # Not even `Name = (` fits: black still parenthesizes a bare name there, ruff does
        # not; both split a subscript alike, and `Union[X]` is `X` to type checkers.
        return f"{name} = {_typing('Union', private)}[{annotation}]"
    return f"{name} = {annotation}"


def recursive_alias_declaration(name: str, annotation: str, private: frozenset[str] = frozenset()) -> str:
    """A type alias that names itself (through a list or a map: `JsonValue`), with the names
    of its cycle written as strings in `annotation`. Type checkers read the plain alias;
    at run time it is a `TypeAliasType`, the form pydantic follows into itself (a plain
    alias sends it round the cycle until Python's recursion limit)."""
    return (
        f"if TYPE_CHECKING:\n    {name}: {_typing('TypeAlias', private)} = {annotation}\n"
        f"else:\n    {name} = {_typing('TypeAliasType', private)}({string_literal(name)}, {annotation})"
    )


def field_declaration(
    name: str,
    annotation: str,
    default: str | None,
    wire: str | None,
    validate_default: bool,
    indent: int = 4,
    private: frozenset[str] = frozenset(),
) -> str:
    """A model field as its class body declares it (`default`, `wire`: Python source or None).

    `name: T = Field(...)` (aliases, a default to validate), `name: T = default` or `name: T`.
    When the type is a plain name and the line's head (up to `Field(`, or the default) does
    not fit, black puts the type in parentheses on lines of their own and ruff does not; the
    field is then written `name: Annotated[T, Field(...)] = default`, the same field to
    pydantic, which both formatters split alike at the bracket."""
    arguments = []
    if validate_default:
        arguments.append("validate_default=True")
    if wire is not None:
        arguments.append(f"validation_alias={wire}, serialization_alias={wire}")
    field = _typing("Field", private)
    if arguments:
        value: str | None = f"{field}({'default=' + default + ', ' if default is not None else ''}{', '.join(arguments)})"
        head = f"{name}: {annotation} = {field}("
    else:
        value, head = default, f"{name}: {annotation}" + (f" = {default}" if default is not None else "")
    plain_name = re.fullmatch(r"[\w.]+", annotation) is not None
    if value is None or not plain_name or indent + display_width(head) <= LINE_LENGTH:
        return f"{name}: {annotation}" + (f" = {value}" if value is not None else "")
    annotated = f"{name}: {_typing('Annotated', private)}[{annotation}, {field}({', '.join(arguments)})]"
    return annotated + (f" = {default}" if default is not None else "")


def display_width(text: str) -> int:
    """Columns `text` takes as formatters count them: East Asian wide characters take two,
    combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _is_union(annotation: str) -> bool:
    """Whether `annotation` (a type expression) has a `|` outside brackets and strings."""
    depth, quote, escaped = 0, "", False
    for char in annotation:
        if quote:
            escaped, quote = (not escaped and char == "\\"), ("" if char == quote and not escaped else quote)
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False
