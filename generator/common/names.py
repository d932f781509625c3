"""Names: clean schema names, snake_case resource names, and Fern's -Input/-Output variants."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote

SCHEMA_REF_PREFIX = "#/components/schemas/"
# Other names a schema goes by (the names the pages and their SDKs use), beside its own.
VARIANTS = ("Input", "Output")

_FERN_TYPE_PREFIX = re.compile(r"^type_[^:]*:")
_VARIANT_SUFFIX = re.compile(r"^(?P<base>.+)-(?P<variant>Input|Output)$")
_WORD = re.compile(r"[A-Za-z0-9]+")
# Where a word starts inside a run of letters and digits: `aB` → `a|B`, `HTTPServer` → `HTTP|Server`.
# Fixed-width lookarounds only: each position is looked at once, so splitting is linear.
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Where a variant's name may follow a base in a name written without the dash (`XOutputY`).
_VARIANT_AT = re.compile(r"(?=Input|Output)")
# The names of one run repeat (every reference, every operation's resource): each function
# of a name alone remembers its answers, within a bound (an input's names are bounded by the
# input limits; the bound keeps a long-lived process's memory flat).
_REMEMBERED = 1 << 16


def strip_type_prefix(raw: str) -> str:
    """`type_conversationalAi:AgentConfig` → `AgentConfig` (Fern's type ids leak into some exports)."""
    return _FERN_TYPE_PREFIX.sub("", raw.strip())


@functools.lru_cache(maxsize=_REMEMBERED)
def pascal_join(name: str) -> str:
    """The ASCII letters and digits of a name, each word capitalized (`conversational_ai` → `ConversationalAi`)."""
    return "".join(word[0].upper() + word[1:] for word in _WORD.findall(name))


def snake_words(name: str) -> list[str]:
    """The lower-case words of a name: `conversationalAi` → `conversational`, `ai`; `HTTPServer` → `http`, `server`."""
    return list(_snake_words(name))


@functools.lru_cache(maxsize=_REMEMBERED)
def _snake_words(name: str) -> tuple[str, ...]:
    return tuple(word.lower() for run in _WORD.findall(name) for word in _WORD_BOUNDARY.split(run))


def clean_schema_name(raw: str) -> str:
    """A PascalCase identifier for a schema name: `Body_Create agent` → `BodyCreateAgent`."""
    name = pascal_join(strip_type_prefix(raw))
    if not name:
        return "Schema"
    if name[0].isdigit():
        return "Schema" + name
    return name


@functools.lru_cache(maxsize=_REMEMBERED)
def snake_case(name: str) -> str:
    """`conversationalAi` → `conversational_ai`, `llmUsage` → `llm_usage`, `get-signed-url` → `get_signed_url`."""
    result = "_".join(_snake_words(name))
    if not result:
        return "default"
    if result[0].isdigit():
        return "n" + result
    return result


def ref_to_name(ref: str) -> str | None:
    """The schema name a local `$ref` points at, with JSON-pointer and URL escapes undone."""
    if not isinstance(ref, str) or not ref.startswith(SCHEMA_REF_PREFIX):
        return None
    return _ref_name(ref)


@functools.lru_cache(maxsize=_REMEMBERED)
def _ref_name(ref: str) -> str:
    return unquote(ref[len(SCHEMA_REF_PREFIX) :]).replace("~1", "/").replace("~0", "~")


def name_to_ref(name: str) -> str:
    return SCHEMA_REF_PREFIX + name.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class VariantName:
    """Where a raw schema name sits among Fern's variants.

    `X-Output` is variant `Output` of group `X`; the names Fern derives from it for inline
    parts (`XOutputToolDetails`) are variant `Output` of group `XToolDetails`; `XOutput`,
    Fern's name for the value type of a map property, is variant `Output` of `XValue`; a
    plain name is variant None of its own group.
    """

    group: str  # clean name shared by all variants
    variant: str | None
    own_name: str  # clean name of this variant on its own (`XOutput`)


class VariantNamer:
    """Knows the variant bases seen across all inputs and splits names against them."""

    def __init__(self, raw_names: set[str]) -> None:
        bases: dict[str, str] = {}
        for raw in raw_names:
            match = _VARIANT_SUFFIX.match(strip_type_prefix(raw))
            if match:
                base = clean_schema_name(match.group("base"))
                bases.setdefault(base.lower(), base)
        self._bases = bases
        self._longest = max((len(b) for b in bases), default=0)

    def parse(self, raw: str) -> VariantName:
        stripped = strip_type_prefix(raw)
        match = _VARIANT_SUFFIX.match(stripped)
        if match:
            group = clean_schema_name(match.group("base"))
            return VariantName(group, match.group("variant"), group + match.group("variant"))
        name = clean_schema_name(stripped)
        lowered = name.lower()
        # Longest base first; only where a variant's name follows can a base end.
        for length in sorted((m.start() for m in _VARIANT_AT.finditer(name, 1) if m.start() <= self._longest), reverse=True):
            if lowered[:length] not in self._bases:
                continue
            rest = name[length:]
            for variant in VARIANTS:
                tail = rest[len(variant) :]
                if not rest.startswith(variant):
                    continue
                if not tail:  # Fern's name for a map's value type: keep it apart from `X-Output`
                    return VariantName(name[:length] + "Value", variant, name + "Value")
                if tail[0].isupper() or tail[0].isdigit():
                    return VariantName(name[:length] + tail, variant, name)
        return VariantName(name, None, name)
