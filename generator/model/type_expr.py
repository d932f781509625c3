"""Python type expressions as a small tree.

The type mapper builds them; the SDK stage asks them what it needs to know (is it optional?
a list? which models does it name?) and writes them out at the end, spelled as the module
that holds them must: bare model names in the models module, `models.X` in the client's
signatures, `_models.X` and `_builtins.str` in its method bodies (where no argument can
shadow them). Nothing parses a written expression back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, TypeGuard

from ..common.pysyntax import python_literal, string_literal

BODY_BUILTINS = frozenset("str int float bool bytes".split())  # written `_builtins.X` in bodies


@dataclass(frozen=True)
class Spelling:
    """How a module writes the names of an expression."""

    models: str = ""  # before a model's name: "", "models." or "_models."
    builtins: str = ""  # before `str`, `int`...: "" or "_builtins."
    # Names from typing, pydantic or the runtime the module imports under a private alias
    # (`Tag as _Tag`), because a schema of the API has that name (the models module only).
    private: frozenset[str] = frozenset()
    # Models written as a string (`"JsonValue"`): the aliases of a recursive alias's cycle,
    # which its value names before they are defined (the models module only).
    quoted: frozenset[str] = frozenset()

    def typing(self, name: str) -> str:
        """How the module writes `name` from typing, pydantic or the runtime (`Tag` or `_Tag`)."""
        return "_" + name if name in self.private else name


MODELS_MODULE = Spelling()
SIGNATURE = Spelling(models="models.")
BODY = Spelling(models="_models.", builtins="_builtins.")


class PyType:
    """A type expression; `source()` writes it."""

    def source(self, spelling: Spelling = MODELS_MODULE) -> str:
        raise NotImplementedError

    def models(self) -> Iterator[str]:
        """The model names it uses, in order of appearance."""
        return iter(())


@dataclass(frozen=True)
class Name(PyType):
    """A name from typing, the builtins or the runtime: `Any`, `None`, `str`, `FileInput`."""

    name: str

    def source(self, spelling: Spelling = MODELS_MODULE) -> str:
        return spelling.builtins + self.name if self.name in BODY_BUILTINS else spelling.typing(self.name)


@dataclass(frozen=True)
class Model(PyType):
    """A class or type alias of the package's models module."""

    name: str

    def source(self, spelling: Spelling = MODELS_MODULE) -> str:
        return string_literal(self.name) if self.name in spelling.quoted else spelling.models + self.name

    def models(self) -> Iterator[str]:
        yield self.name


@dataclass(frozen=True)
class Generic(PyType):
    """`List[X]`, `Dict[str, X]`, `Iterator[X]`."""

    head: str
    args: tuple[PyType, ...]

    def source(self, spelling: Spelling = MODELS_MODULE) -> str:
        return f"{spelling.typing(self.head)}[{', '.join(arg.source(spelling) for arg in self.args)}]"

    def models(self) -> Iterator[str]:
        for arg in self.args:
            yield from arg.models()


@dataclass(frozen=True)
class Literal(PyType):
    """`Literal[...]` of strings, integers, booleans and None."""

    values: tuple[Any, ...]

    def source(self, spelling: Spelling = MODELS_MODULE) -> str:
        return f"{spelling.typing('Literal')}[{', '.join(python_literal(value) for value in self.values)}]"


@dataclass(frozen=True)
class Union(PyType):
    """`Union[A, B, ...]` (two members or more)."""

    members: tuple[PyType, ...]

    def source(self, spelling: Spelling = MODELS_MODULE) -> str:
        return f"{spelling.typing('Union')}[{', '.join(member.source(spelling) for member in self.members)}]"

    def models(self) -> Iterator[str]:
        for member in self.members:
            yield from member.models()


@dataclass(frozen=True)
class Nullable(PyType):
    """`X | None`."""

    inner: PyType

    def source(self, spelling: Spelling = MODELS_MODULE) -> str:
        if any(name in spelling.quoted for name in self.inner.models()):
            # `"X" | None` fails at run time: a string has no `|`
            members = self.inner.members if isinstance(self.inner, Union) else (self.inner,)
            return f"{spelling.typing('Union')}[{', '.join(member.source(spelling) for member in members)}, None]"
        return f"{self.inner.source(spelling)} | None"

    def models(self) -> Iterator[str]:
        return self.inner.models()


@dataclass(frozen=True)
class TaggedUnion(PyType):
    """Models told apart by a tag property: each member owning tag values is tried by its tag;
    unknown, shared and missing tags go to a fallback that tries every member, then a dict."""

    wire_name: str
    members: tuple[tuple[tuple[str, ...], Model], ...]  # (the tag values a member owns, the member)

    def source(self, spelling: Spelling = MODELS_MODULE) -> str:
        annotated, tag = spelling.typing("Annotated"), spelling.typing("Tag")
        options = [f"{annotated}[{member.source(spelling)}, {tag}({string_literal(member.name)})]" for values, member in self.members if values]
        fallback = union([*(member for _, member in self.members), DICT])
        options.append(f"{annotated}[{fallback.source(spelling)}, {tag}({string_literal(OTHER_TAG)})]")
        mapping = ", ".join(f"{string_literal(value)}: {string_literal(member.name)}" for values, member in self.members for value in values)
        discriminator = f"{spelling.typing('Discriminator')}(tag_of({string_literal(self.wire_name)}, {{{mapping}}}))"
        return f"{annotated}[{spelling.typing('Union')}[{', '.join(options)}], {discriminator}]"

    def models(self) -> Iterator[str]:
        for _, member in self.members:
            yield member.name


ANY = Name("Any")
NONE = Name("None")
STR = Name("str")
DICT = Generic("Dict", (STR, ANY))
FILE_INPUT = Name("FileInput")  # a file to upload (the runtime's type)
FILES = Generic("List", (FILE_INPUT,))
OTHER_TAG = "__other__"  # the tagged union's fallback
NUMBERS = frozenset({Name("int"), Name("float")})


def references(expression: PyType, guarded: bool = False) -> Iterator[tuple[str, bool]]:
    """The model names `expression` uses, each with whether it sits inside a list or a map
    (`List[X]`, `Dict[str, X]`): a type may name itself only there (`X = Union[str, X]` has
    no value a type checker or pydantic accepts; `X = Union[str, List[X]]` has)."""
    if isinstance(expression, Model):
        yield expression.name, guarded
    elif isinstance(expression, Generic):
        for arg in expression.args:
            yield from references(arg, True)
    elif isinstance(expression, Union):
        for member in expression.members:
            yield from references(member, guarded)
    elif isinstance(expression, Nullable):
        yield from references(expression.inner, guarded)
    elif isinstance(expression, TaggedUnion):
        for _, member in expression.members:
            yield member.name, guarded


def or_none(expression: PyType) -> PyType:
    """`X | None`, unless `X` admits None already (`Any`, `None`, `Y | None`)."""
    return expression if expression in (ANY, NONE) or isinstance(expression, Nullable) else Nullable(expression)


def without_none(expression: PyType) -> PyType:
    return expression.inner if isinstance(expression, Nullable) else expression


def admits_none(expression: PyType) -> bool:
    return expression == NONE or isinstance(expression, Nullable)


def is_upload(expression: PyType) -> bool:
    return expression in (FILE_INPUT, FILES)


def is_list(expression: PyType) -> TypeGuard[Generic]:
    return isinstance(expression, Generic) and expression.head == "List"


def literal(values: list[Any]) -> PyType:
    """`Literal[...]` of the values Python can write in one (`Any` when none can)."""
    kept = tuple(v for v in values if isinstance(v, (str, int, bool)) or v is None)
    return Literal(kept) if kept else ANY


def union(expressions: list[PyType]) -> PyType:
    """One type accepting each of `expressions`: repeats dropped, `None` written `| None`."""
    unique = list(dict.fromkeys(expressions))
    if ANY in unique:
        return ANY
    has_none = NONE in unique
    unique = [e for e in unique if e != NONE]
    if not unique:
        return NONE
    if any(_takes_zero_or_one(e) for e in unique):
        # pydantic takes 0 and 1 for Literal[False] and Literal[True] (they compare equal):
        # next to numbers, a boolean constant is written `bool`, so that 0 stays 0.
        unique = list(dict.fromkeys(Name("bool") if _is_boolean_literal(e) else e for e in unique))
    body = unique[0] if len(unique) == 1 else Union(tuple(unique))
    return Nullable(body) if has_none else body


def _takes_zero_or_one(expression: PyType) -> bool:
    """A type that accepts the number 0 or 1: a number type, or a literal holding one."""
    if expression in NUMBERS:
        return True
    if isinstance(expression, Union):
        return any(_takes_zero_or_one(member) for member in expression.members)
    return isinstance(expression, Literal) and any(type(v) is int and v in (0, 1) for v in expression.values)


def _is_boolean_literal(expression: PyType) -> bool:
    values = expression.values if isinstance(expression, Literal) else ()
    return 0 < len(values) <= 2 and all(type(v) is bool for v in values) and len(set(values)) == len(values)
