"""What the templates render: the SDK described as plain data, every string already made safe.

Built from the merged document by `models_ir` and `operations_ir`; every field that ends in
`_source` holds Python source produced by `pysyntax` (a literal, a docstring or a type
expression), so templates only place values and never escape anything themselves.

A few fields keep raw spec data (`Parameter.wire`, `.schema`, `.description`, `Operation.view`,
`.path`, `.method`) for the package's README and reference (`package_docs.py`), which escapes
them for Markdown; the module templates never read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..common.pysyntax import (
    alias_declaration,
    field_declaration,
    parameter_declaration,
    recursive_alias_declaration,
    string_literal,
)
from .type_expr import SIGNATURE, PyType, Spelling


@dataclass(frozen=True)
class SdkOptions:
    """What the SDK is called: its package, its client class and title (from the options or
    learned from the pages), and its version."""

    package: str
    client_name: str
    title: str
    other_client_names: tuple[str, ...] = ()  # names the clients keep answering to (`Async` + each too)
    package_version: str | None = None  # None: from the document's content hash (package_version.py)
    credential_hosts: tuple[str, ...] = ()  # hosts besides the API's own that get the credentials


@dataclass
class ModelField:
    """One field of a model class, as the models module declares it."""

    name: str  # Python attribute name
    wire_source: str | None  # string literal of the JSON name, when it differs from `name`
    annotation: str
    default_source: str | None  # None: the field is required
    doc_source: str | None
    validate_default: bool = False  # a list or object default, validated into the field's type
    private: frozenset[str] = frozenset()  # typing names the module imports under a private alias

    @property
    def declaration_source(self) -> str:
        return field_declaration(self.name, self.annotation, self.default_source, self.wire_source, self.validate_default, private=self.private)


@dataclass
class ModelClass:
    """One pydantic model class of the models module."""

    name: str
    doc_source: str | None
    fields: list[ModelField]
    bases: list[str] = field(default_factory=list)


@dataclass
class TypeAliasDef:
    """One type alias of the models module (a union, a list, a constant...)."""

    name: str
    type: PyType
    doc_source: str | None
    private: frozenset[str] = frozenset()  # typing names the module imports under a private alias
    # The aliases of its cycle when it names itself (through lists and maps): written as
    # strings in its value, which is a `TypeAliasType` at run time (`order_aliases`).
    cycle: frozenset[str] = frozenset()

    @property
    def declaration_source(self) -> str:
        annotation = self.type.source(Spelling(private=self.private, quoted=self.cycle))
        if self.cycle:
            return recursive_alias_declaration(self.name, annotation, self.private)
        return alias_declaration(self.name, annotation, self.private)


@dataclass
class ModelsModule:
    """Everything the models module defines, in the order it defines it."""

    classes: list[ModelClass]
    aliases: list[TypeAliasDef]  # in dependency order
    extra_names: list[tuple[str, str]]  # (other name, defined name): names the pages' SDKs use
    # Names the module imports under a private alias (`Tag as _Tag`): a schema has that name.
    private: frozenset[str] = frozenset()

    def imported(self, name: str) -> str:
        """An import list entry: `Tag`, or `Tag as _Tag` when a schema is called `Tag`."""
        return f"{name} as _{name}" if name in self.private else name

    def spelled(self, name: str) -> str:
        return "_" + name if name in self.private else name


@dataclass
class Parameter:
    """One keyword argument of a client method, and where it goes on the wire."""

    name: str  # Python keyword argument
    wire_source: str  # string literal of the wire name
    type: PyType
    required: bool
    doc_source: str | None = None
    positional: bool = False  # taken by position too, as the pages' examples pass it
    wire: str = ""  # raw: the name on the wire (for the docs)
    schema: Any = None  # raw: the parameter's or property's schema (for the docs' examples)
    description: str = ""  # raw: what the spec says of it (for the docs)
    declaration_source: str = ""  # `name: annotation = default`, as the method's signature declares it

    @property
    def annotation(self) -> str:
        """The type as the client's signatures write it."""
        return self.type.source(SIGNATURE)


@dataclass
class Body:
    """How a client method sends its request body."""

    kind: str  # "json-fields" | "json" | "multipart" | "form" | "bytes"
    content_type_source: str
    fields: list[Parameter]  # for the per-field kinds: one keyword argument per property
    whole: Parameter | None  # for "json"/"bytes": the single argument carrying the body
    constants: list[tuple[str, str]] = field(default_factory=list)  # "json-fields": (wire literal, value) the method sends itself
    content_type: str = ""  # raw: the media type (for the docs)
    media: Any = None  # raw: the media type object, with its schema and examples (for the docs)
    encoding: list[tuple[str, str]] = field(default_factory=list)  # form/multipart: (wire literal, `(style, explode, allow_reserved, content_type)` literal)


@dataclass
class Pagination:
    """A paged list: the `<name>_all` method hands its method and arguments to the runtime's
    pager (`_core/pagination.py`) with how the pages follow one another (see spec/paging.py).
    """

    method_name: str
    item_annotation: str
    paging_sources: list[tuple[str, str]]  # the pager's keyword arguments: (name, Python literal)
    doc_source: str  # the docstring: the form and the stop rule in words


@dataclass
class Operation:
    """One client method: its arguments, its request and what it returns."""

    name: str
    http_method_source: str
    path_source: str
    doc_source: str | None
    path_params: list[Parameter]
    query_params: list[Parameter]
    header_params: list[Parameter]
    body: Body | None
    response_kind: str  # "model" | "any" | "bytes" | "text" | "events" | "none" | "by_status"
    response_annotation: str  # annotation of the return value
    response_parse: str  # type expression handed to the parser ("model" kind), as a body spells it
    response_needs_cast: bool  # a union or container: the parser returns it as Any
    operation_id_source: str  # string literal of the SDK call (`conversational_ai.conversations.get`)
    # Error bodies with a type: (status key: "404", "4XX", "5XX" or "default"; the type, as a
    # method body spells it, "None" for a status documented without one).
    errors: list[tuple[str, str]]
    event_type: str | None  # "events": the type each event's data parses into, if documented
    stream_name: str | None  # "bytes": the sibling method streaming the body in chunks
    pagination: Pagination | None
    # "by_status": each 2xx answer (status key literal, its type as signatures write it, what
    # the runtime parses its body as: a type, None, "bytes" or "text"), in status order.
    response_cases: list[tuple[str, str, str]] = field(default_factory=list)
    server_source: str | None = None  # the operation's own server, when not the API's
    server_credentials: bool = True  # False: its server is not one the credentials may go to
    security_source: str | None = None  # `security=` of its calls, when not the document's (`[]`: none)
    events_sibling_source: str | None = None  # string literal naming the method that streams this one's events
    positional: list[Parameter] = field(default_factory=list)  # before the keyword-only ones, in this order
    cookie_params: list[Parameter] = field(default_factory=list)
    styles: list[tuple[str, str]] = field(default_factory=list)  # (`(in, wire)` literal, `(style, explode, allow_reserved)` literal), where the document's style changes the wire
    path: str = ""  # raw: the path template (for the docs)
    method: str = ""  # raw: the HTTP method, upper-case (for the docs)
    view: dict[str, Any] = field(default_factory=dict)  # raw: the operation object it is made from (for the docs)


    @property
    def error_sources(self) -> list[tuple[str, str]]:
        """`errors=` of its calls: (status key literal, type)."""
        return [(key if key.isdigit() else string_literal(key), parsed) for key, parsed in self.errors]


@dataclass
class Resource:
    """One resource class of the client: its methods and its sub-resources."""

    attribute: str  # attribute name on the parent ("" for the client itself)
    class_name: str
    async_class_name: str
    doc_source: str | None
    operations: list[Operation]
    children: list[Resource]


@dataclass(frozen=True)
class CredentialSpec:
    """A credential the client takes: its arguments (`api_key`, or `username` and `password`),
    the runtime `Credential(...)` describing it, and a docstring line per argument."""

    arguments: list[str]
    constructor_source: str
    doc_lines: list[str]
    annotation: str = "str | None"  # `str | Callable[[], str] | None` for a refreshable token

    @property
    def declaration_sources(self) -> list[str]:
        """`argument: str | None = None` for each argument (as the signature declares it)."""
        return [parameter_declaration(argument, self.annotation, "None") for argument in self.arguments]


@dataclass(frozen=True)
class ClientHeader:
    """A header every operation requires with a default: a client argument instead."""

    argument: str
    argument_source: str
    wire: str
    wire_source: str
    default_source: str
    doc_line: str


@dataclass
class Environment:
    """`environment=` of the clients: the base URL under the official SDK's name for it."""

    class_name: str | None  # the class naming the documented servers (`AcmeEnvironment`), if the pages show one
    members: list[tuple[str, str]]  # (member, string literal of its URL)


@dataclass
class ClientSpec:
    """The client module: the client classes, their settings and their resources."""

    package: str
    client_name: str
    async_client_name: str
    base_url_source: str | None  # None: the pages name no server: base_url or its variable is required
    credentials: list[CredentialSpec]
    headers: list[ClientHeader]
    title_source: str
    root: Resource
    resources: list[Resource]  # every resource below the root, children before parents
    # What the pages' SDK examples show (surface.py): the names they use for the clients, the
    # credential keyword they pass (taken as api_key), environment=, and the types they import.
    client_aliases: list[tuple[str, str]] = field(default_factory=list)  # (the pages' name, our class)
    credential_keyword: str | None = None
    credential_conflict_source: str | None = None  # the message when both it and api_key are given
    environment: Environment | None = None
    model_exports: list[str] = field(default_factory=list)  # models the package itself exports
    base_url_env: str = ""  # the environment variable read when base_url is left at the API's server (or not given)
    version_source: str = '""'  # string literal of the package's version (`__version__`)
    security_source: str | None = None  # `security=` of the client's settings, when not every credential together

    @property
    def credential_keyword_declaration(self) -> str:
        """The pages' name for the API key, as the client's signature declares it."""
        return parameter_declaration(self.credential_keyword or "", "str | None", "None")

    @property
    def base_url_env_source(self) -> str:
        return string_literal(self.base_url_env)

    @property
    def model_export_sources(self) -> list[str]:
        return [string_literal(name) for name in self.model_exports]

    @property
    def client_exports(self) -> list[str]:
        """What `_client` gives the package: the clients, their other names, the environment class."""
        names = [self.client_name, self.async_client_name, *(alias for alias, _ in self.client_aliases)]
        if self.environment is not None and self.environment.class_name:
            names.append(self.environment.class_name)
        return sorted(names)
