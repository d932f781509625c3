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
    # Every name the model stage gave other than the one wanted: (what, wanted, given, why),
    # `why` in Markdown. The merge report lists them.
    renames: list[tuple[str, str, str, str]] = field(default_factory=list)

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
    switch: str | None = None  # the boolean argument that turns the cursor on: sent True unless given


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
    fixed_query: list[tuple[str, str]] = field(default_factory=list)  # (name, value) literals: the query string the document's path carries
    styles: list[tuple[str, str]] = field(default_factory=list)  # (`(in, wire)` literal, `(style, explode, allow_reserved)` literal), where the document's style changes the wire
    path: str = ""  # raw: the path template (for the docs)
    method: str = ""  # raw: the HTTP method, upper-case (for the docs)
    view: dict[str, Any] = field(default_factory=dict)  # raw: the operation object it is made from (for the docs)


    @property
    def error_sources(self) -> list[tuple[str, str]]:
        """`errors=` of its calls: (status key literal, type)."""
        return [(key if key.isdigit() else string_literal(key), parsed) for key, parsed in self.errors]


@dataclass
class ChannelMessage:
    """One message of a WebSocket channel: a `send_<name>` helper of the connection (client
    messages) or a class the connection parses frames into (server messages)."""

    name: str  # the helper's name (`send_finalize`); for a server message, its class's
    doc_source: str | None
    binary: bool  # a binary frame (`bytes`), else one JSON text frame
    body: Body | None = None  # client JSON messages: the helper's keyword arguments and constants
    call: Operation | None = None  # client JSON messages: the helper as a method (for the docs' examples)
    description: str = ""  # raw: what the page says of it (for the docs)
    constants: dict[str, Any] = field(default_factory=dict)  # raw: the properties it holds one value in
    class_name: str | None = None  # the model class of a JSON message (in `models`)
    constant_source: str | None = None  # server messages: string literal of its discriminating constant


@dataclass
class Channel:
    """One WebSocket channel: `connect()` on its group, and its connection classes."""

    spec_name: str  # the module constant describing it to the runtime (`LISTEN_V1`)
    class_name: str  # the connection class (`ListenV1Connection`); `Async` + it for asyncio
    server_alias: str  # the alias of what iterating yields (`ListenV1ServerMessage`)
    client_alias: str  # the alias of the JSON messages `send` takes (`ListenV1ClientMessage`)
    connect: Operation  # its arguments (path, query, header parameters), name and docstring
    operation_id_source: str  # string literal of the SDK call (`listen.v1.connect`)
    path_source: str
    server_source: str | None  # its own server (http form), when not the API's
    credentials: bool  # False: that server may not get the client's credentials
    security_source: str  # `security=` of its handshake (`[]`: none)
    discriminator_source: str | None  # string literal of the server messages' tag property
    client_messages: list[ChannelMessage]
    server_messages: list[ChannelMessage]
    receives_binary: bool  # the server sends binary frames too
    method_name: str = "connect"  # `connect`, or `connect_<address>` for a second channel on one group
    doc_source: str = '""'  # the sync connection class's docstring
    async_doc_source: str = '""'
    address: str = ""  # raw: the channel's address (for the docs)
    discriminator: str = ""  # raw: the server messages' tag property
    servers: list[str] = field(default_factory=list)  # raw: its servers' URLs (for the docs)

    @property
    def server_members(self) -> list[str]:
        """What iterating the connection yields, as the alias's members."""
        members = list(dict.fromkeys(f'"models.{m.class_name}"' for m in self.server_messages if m.class_name))
        if self.receives_binary:
            members.append("bytes")
        return [*members, "UnknownMessage"]

    @property
    def client_members(self) -> list[str]:
        members = list(dict.fromkeys(f'"models.{m.class_name}"' for m in self.client_messages if m.class_name))
        return members or ["Dict[str, Any]"]


@dataclass
class Resource:
    """One resource class of the client: its methods and its sub-resources."""

    attribute: str  # attribute name on the parent ("" for the client itself)
    class_name: str
    async_class_name: str
    doc_source: str | None
    operations: list[Operation]
    children: list[Resource]
    channels: list[Channel] = field(default_factory=list)  # the `connect()` of each channel on it


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
    channels: list[Channel] = field(default_factory=list)  # WebSocket channels, in address order
    # The other client classes the pages show (a v2 client beside the v1 one), each with its
    # own operations, settings and resources; empty for most APIs.
    others: list[ClientSpec] = field(default_factory=list)

    @property
    def all_clients(self) -> list[ClientSpec]:
        """This client, then every other client class."""
        return [self, *self.others]

    @property
    def all_resources(self) -> list[Resource]:
        """The resource classes of every client class."""
        return [resource for client in self.all_clients for resource in client.resources]

    @property
    def environment_classes(self) -> list[Environment]:
        """The environment classes to define, each once (classes may share one)."""
        found: dict[str, Environment] = {}
        for client in self.all_clients:
            if client.environment is not None and client.environment.class_name:
                found.setdefault(client.environment.class_name, client.environment)
        return list(found.values())

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
        names = {n for c in self.all_clients for n in (c.client_name, c.async_client_name, *(alias for alias, _ in c.client_aliases))}
        names |= {environment.class_name for environment in self.environment_classes if environment.class_name}
        return sorted(names)
