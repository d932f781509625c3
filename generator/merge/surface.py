"""The client's surface as the pages' Python SDK examples show it, laid onto the merged document.

What `sdk_examples.py` reads from each example becomes decisions, each with the page it came from:

- the client: the class the examples construct (sync and async; the async one is `Async` + the
  sync one unless an example shows it), the module it is imported from, the constructor's
  credential keyword (`access_token=`, `token=`, ...) and its other keywords, and the
  environment (`environment=AcmeEnvironment.SANDBOX`, mapped to the server the pages name so);
- per operation: the call (resource path and method, also at the client's root) and how many
  arguments are passed by position (path parameters, in path order);
- request types: the names of classes imported from the package, matched to the schema each
  builds at its place in the call (a component, or an inline object otherwise named after its
  position), which then also goes by that name.

Pages are read in path order (blocks in line order). When two pages disagree (another class
name, module, credential keyword or call), the first page's word is taken and every other is a
warning at its file and line. What is learned is stored in the merged document, so that
regenerating from `openapi.json` gives the same package: the top-level `x-sdkgen-sdk`, each
operation's `x-sdkgen-positional` (and its `x-sdkgen-resource`/`x-sdkgen-method`), and the
`x-sdkgen-aliases` of the schemas that request types build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.names import name_to_ref, ref_to_name, snake_words
from ..common.pysyntax import (
    KEYWORDS,
    constant_identifier,
    pascal_identifier,
    snake_identifier,
)
from ..read.reader import CodeExample, Fragment
from ..spec import extensions
from ..spec.identity import OperationIdentity
from ..spec.schema_forms import resolve_refs
from .schema_merge import merge_schema

if TYPE_CHECKING:
    from ..read.sdk_examples import Call, Construction, ExampleFacts, TypeUse

# Constructor keywords the generated client takes besides the credential.
CLIENT_KEYWORDS = frozenset({"base_url", "environment", "timeout", "deadline", "max_response_size", "max_retries", "max_pages", "http_client"})
# A keyword naming the one secret the client sends: `api_key`, `token`, `access_token`, `api_subscription_key`.
_CREDENTIAL_KEYWORD = re.compile(r"(?i)(?:key|token)$")
_PATH_SLOT = re.compile(r"\{([^{}]*)\}")
MAX_SCHEMA_ALTERNATIVES = 64


@dataclass(frozen=True)
class SurfaceFact:
    """One thing learned from the examples, for the merge report."""

    subject: str
    fact: str
    source: SourceRef


def read_facts(fragments: list[Fragment]) -> list[list[ExampleFacts]]:
    """The facts of each fragment's Python examples (the examples are parsed, never run)."""
    return [[facts for facts in (_read_example(example) for example in fragment.examples) if facts is not None] for fragment in fragments]


def _read_example(example: CodeExample) -> ExampleFacts | None:
    from ..read.sdk_examples import (
        read_example,  # loaded with the first example, as the page modules are (see reader)
    )

    return read_example(example)


def record_code_samples(operation: dict[str, Any], fragments: list[Fragment], dotted: str) -> None:
    """The pages' Python SDK examples that call `client.<dotted>(...)`, kept on the operation as
    `x-codeSamples` (after any it has), each once: the package's reference shows them, and a
    merged document read back keeps them. Only their syntax tree is read here."""
    samples = operation.get(extensions.CODE_SAMPLES)
    samples = list(samples) if isinstance(samples, list) else []
    known = {sample.get("source") for sample in samples if isinstance(sample, dict)}
    for fragment in fragments:
        for example in fragment.examples:
            facts = _read_example(example)
            code = example.code.strip("\n") + "\n"
            if facts is not None and code not in known and any(call.dotted == dotted for call in facts.calls):
                known.add(code)
                samples.append({"lang": "Python", "source": code})
    if samples:
        operation[extensions.CODE_SAMPLES] = samples


def operation_calls(facts: list[ExampleFacts], operations_on_page: int) -> list[Call]:
    """The call each example of a page makes for the page's operation: its last call on a client.

    Only a page with one operation says which operation its examples call.
    """
    if operations_on_page != 1:
        return []
    # The last call with plain names (else the last call, for called_identity to report).
    return [next((c for c in reversed(example.calls) if _is_plain_call(c)), example.calls[-1]) for example in facts]


def _is_plain_call(call: Call) -> bool:
    return all(_is_call_name(part) for part in (*call.resource, call.method))


def _is_call_name(part: str) -> bool:
    return part.isascii() and part.isidentifier() and not part.startswith("_") and snake_identifier(part) == part


def called_identity(
    identity: OperationIdentity, calls: list[Call], label: str, diagnostics: Diagnostics
) -> OperationIdentity | None:
    """The identity the examples call an operation by, when it is not `identity`."""
    usable = []
    for call in calls:
        if _is_plain_call(call):
            usable.append(call)
        else:
            diagnostics.warning(call.source, f"{label}: the example calls `client.{call.dotted}(...)`, which is not a snake_case name; ignored")
    if not usable:
        return None
    first = usable[0]
    for other in usable[1:]:
        if other.dotted != first.dotted:
            diagnostics.warning(
                other.source,
                f"{label}: this example calls `client.{other.dotted}(...)` but the one at {first.source} calls "
                f"`client.{first.dotted}(...)`; the package follows the first page in path order",
            )
    learned = OperationIdentity(first.resource, first.method)
    return None if _python_names(learned) == _python_names(identity) else learned


def _python_names(identity: OperationIdentity) -> tuple[str, ...]:
    """The attribute names a call goes through: `whatsapp_accounts.import` is `...import_(...)`."""
    return tuple(snake_identifier(part) for part in (*identity.resource, identity.method))


def positional_parameters(path: str, calls: list[Call], label: str, diagnostics: Diagnostics) -> list[str]:
    """The path parameters the examples pass by position: as many as the most any example
    passes, in path order (the official SDKs' rule)."""
    counts = [call for call in calls if call.positional > 0]
    if not counts:
        return []
    widest = max(counts, key=lambda call: call.positional)
    slots = list(dict.fromkeys(_PATH_SLOT.findall(path)))
    count = widest.positional
    if count > len(slots):
        diagnostics.warning(
            widest.source,
            f"{label}: the example passes {count} arguments by position but the operation has "
            f"{len(slots)} path parameters; only path parameters are taken by position, in path order",
        )
        count = len(slots)
    return slots[:count]


# -- the client ----------------------------------------------------------------------------


def _is_class_name(name: str) -> bool:
    return name.isascii() and name.isidentifier() and not name.startswith("_") and name not in KEYWORDS


def _is_module(module: str) -> bool:
    return all(_is_class_name(part) for part in module.split("."))


@dataclass
class _First:
    """The first page's word on one question, and the warning for a page that says otherwise."""

    what: str
    value: str | None = None
    source: SourceRef | None = None

    def offer(self, value: str, source: SourceRef, diagnostics: Diagnostics) -> None:
        if self.value is None:
            self.value, self.source = value, source
        elif value != self.value:
            diagnostics.warning(
                source,
                f"this example shows {self.what} `{value}`, the one at {self.source} `{self.value}`; "
                "the package follows the first page in path order",
            )


def class_family(construction: Construction) -> str:
    """The sync class a construction stands for: `AsyncClientV2` is `ClientV2`'s async twin."""
    name = construction.name
    if construction.is_async and name.startswith("Async") and _is_class_name(name[5:]):
        return name[5:]
    return name


def client_classes(facts: list[list[ExampleFacts]]) -> list[str]:
    """The client classes the examples use, by their sync name, first page first: the classes
    of the module the first example imports from (another module's class is one the pages
    disagree on, not a class of the package). One class for most APIs."""
    module: str | None = None
    found: list[str] = []
    for construction in (c for page in facts for example in page for c in example.constructions):
        if not _is_module(construction.module) or not _is_class_name(construction.name):
            continue
        root = construction.module.split(".")[0]
        module = module or root
        family = class_family(construction)
        if root == module and family not in found:
            found.append(family)
    return found


def assign_clients(
    keys: list[tuple[str, str]], calls: dict[tuple[str, str], list[Call]], classes: list[str]
) -> dict[tuple[str, str], str]:
    """The client class of each operation (path, method), when the examples use several: the
    class its examples call it on, else the class whose called operations share its first path
    segment (`/v2/...`), else the first class. Empty for one class."""
    if len(classes) < 2:
        return {}
    chosen: dict[tuple[str, str], str] = {}
    prefixes: dict[str, set[str]] = {name: set() for name in classes}
    for key in keys:
        family = next((class_family(call.client) for call in calls.get(key) or [] if class_family(call.client) in prefixes), None)
        if family is not None:
            chosen[key] = family
            prefixes[family].add(_first_segment(key[0]))
    for key in keys:
        if key not in chosen:
            sharing = [name for name in classes if _first_segment(key[0]) in prefixes[name]]
            chosen[key] = sharing[0] if len(sharing) == 1 else classes[0]
    return chosen


def _first_segment(path: str) -> str:
    return path.strip("/").split("/")[0]


def extended_classes(document: dict[str, Any], facts: list[list[ExampleFacts]], classes: list[str]) -> dict[str, str]:
    """Class -> the class whose resources it has too: an example calls, on a class, a method
    only the other class has (`client.datasets.list()` on `ClientV2`, where only the v1 pages
    have it). First such call wins; a class extends one other class at most."""
    if len(classes) < 2:
        return {}
    calls_of: dict[str, set[str]] = {name: set() for name in classes}
    for path_item in (document.get("paths") or {}).values():
        for operation in path_item.values() if isinstance(path_item, dict) else ():
            if isinstance(operation, dict) and extensions.METHOD in operation:
                owner = extensions.client_of(operation) or classes[0]
                for view in (operation, operation.get(extensions.STREAM)):
                    if isinstance(view, dict) and owner in calls_of:
                        calls_of[owner].add(extensions.sdk_call_of(view) or extensions.sdk_call_of(operation))
    extends: dict[str, str] = {}
    for call in (c for page in facts for example in page for c in example.calls):
        family = class_family(call.client)
        if family not in calls_of or family in extends or call.dotted in calls_of[family]:
            continue
        other = next((name for name in classes if name != family and call.dotted in calls_of[name]), None)
        if other is not None and extends.get(other) != family:
            extends[family] = other
    return extends


def learn_client(
    fragments: list[Fragment], facts: list[list[ExampleFacts]], diagnostics: Diagnostics, found: list[SurfaceFact]
) -> dict[str, Any] | None:
    """What the examples show of the client, as the `x-sdkgen-sdk` value (None: nothing shown):
    the first class at the top, every other class the examples use under `clients`."""
    constructions: list[Construction] = [c for page in facts for example in page for c in example.constructions]
    if not constructions:
        return None
    classes = client_classes(facts)
    module = _First("the client imported from")
    root = _module_of(constructions)
    groups: dict[str, list[Construction]] = {"": []}  # "": the first class (and every other module's)
    for construction in constructions:
        family = class_family(construction)
        other = family in classes[1:] and construction.module.split(".")[0] == root
        groups.setdefault(family if other else "", []).append(construction)
    sdk: dict[str, Any] | None = None
    others: list[dict[str, Any]] = []
    for family, group in groups.items():
        learned = _learn_class(fragments, group, module, diagnostics, found, several=len(groups) > 1)
        if learned is None:
            continue
        if family == "":
            sdk = learned
        else:
            others.append(learned)
    if sdk is None:
        return None
    sdk = {"module": module.value, **sdk}
    if others:
        sdk["clients"] = others
    return sdk


def _module_of(constructions: list[Construction]) -> str:
    """The module root the first usable construction imports from."""
    return next((c.module.split(".")[0] for c in constructions if _is_module(c.module) and _is_class_name(c.name)), "")


def _learn_class(
    fragments: list[Fragment], constructions: list[Construction], module: _First, diagnostics: Diagnostics, found: list[SurfaceFact], several: bool
) -> dict[str, Any] | None:
    """What the constructions of one client class show of it (its entry of `x-sdkgen-sdk`)."""
    sync = _First("the client class")
    asynchronous = _First("the async client class")
    credential = _First("the credential keyword")
    environment_class = _First("the environment class")
    shown: dict[str, SourceRef] = {}
    members: dict[str, SourceRef] = {}
    environment_url: SourceRef | None = None
    for construction in constructions:
        where = construction.source
        if not _is_module(construction.module) or not _is_class_name(construction.name):
            diagnostics.warning(where, f"the example's client `{construction.module}.{construction.name}` is not an ASCII Python name; ignored")
            continue
        module.offer(construction.module.split(".")[0], where, diagnostics)
        if not construction.is_async:
            sync.offer(construction.name, where, diagnostics)
        else:
            asynchronous.offer(construction.name, where, diagnostics)
            if construction.name.startswith("Async") and _is_class_name(construction.name[5:]):
                sync.offer(construction.name[5:], where, diagnostics)
        credentials = [k for k in construction.keywords if _CREDENTIAL_KEYWORD.search(k) and k not in CLIENT_KEYWORDS]
        if len(credentials) > 1:
            diagnostics.warning(where, f"the example passes several credentials ({', '.join(credentials)}); only one secret is supported, none is learned")
        elif credentials:
            credential.offer(credentials[0], where, diagnostics)
        for keyword in construction.keywords:
            if keyword in credentials or keyword in shown:
                continue
            shown[keyword] = where
            if keyword not in CLIENT_KEYWORDS and not _CREDENTIAL_KEYWORD.search(keyword):
                diagnostics.warning(where, f"the example passes `{keyword}=` to the client, which the generated client does not take")
        env = construction.environment
        if env is not None and env.class_name is not None and env.member is not None:
            if _is_class_name(env.class_name) and _is_class_name(env.member):
                environment_class.offer(env.class_name, where, diagnostics)
                if env.class_name == environment_class.value:
                    members.setdefault(env.member, where)
        elif env is not None and env.url is not None:
            environment_url = environment_url or where
    if sync.value is None and asynchronous.value is None:
        return None
    first = next(iter(constructions)).source
    of = f" of `{sync.value or asynchronous.value}`" if several else ""
    sdk: dict[str, Any] = {}
    if sync.value is not None:
        sdk["client"] = sync.value
        found.append(SurfaceFact("client class", f"`{sync.value}`, imported from `{module.value}`", sync.source or first))
    async_name = asynchronous.value or (f"Async{sync.value}" if sync.value else None)
    sdk["async-client"] = async_name
    found.append(
        SurfaceFact(
            "async client class",
            f"`{async_name}`" + ("" if asynchronous.value else " (`Async` + the client's name, as Fern's SDKs name it)"),
            asynchronous.source or sync.source or first,
        )
    )
    if credential.value is not None:
        sdk["credential-keyword"] = credential.value
        assert credential.source is not None
        taken = "the client's own name for it" if credential.value == "api_key" else "taken as `api_key`"
        found.append(SurfaceFact("credential keyword" + of, f"`{credential.value}=` ({taken})", credential.source))
    if shown:
        sdk["keywords"] = sorted(shown)
        for keyword, where in sorted(shown.items()):
            known = "a setting of the client" if keyword in CLIENT_KEYWORDS else "not taken by the generated client"
            found.append(SurfaceFact("constructor keyword" + of, f"`{keyword}=` ({known})", where))
    if environment_class.value is not None:
        # The class lists every server the pages name; the members the examples use must be among them.
        servers = _named_servers(fragments)
        for member, where in members.items():
            if member not in servers:
                named = ", ".join(f"`{name}`" for name in sorted(servers)) or "none"
                diagnostics.warning(
                    where,
                    f"`{environment_class.value}.{member}`: the pages name no server so (servers named: {named}); "
                    "the class has no such member (pass base_url= instead)",
                )
        assert environment_class.source is not None
        for member, url in sorted(servers.items()):
            found.append(SurfaceFact("environment" + of, f"`{environment_class.value}.{member}` = {url}", members.get(member, environment_class.source)))
        sdk["environment"] = {"class": environment_class.value, "members": dict(sorted(servers.items()))}
    elif environment_url is not None:
        sdk["environment"] = {}
        found.append(SurfaceFact("environment" + of, "`environment=` given a URL: taken as the base URL", environment_url))
    return sdk


def _named_servers(fragments: list[Fragment]) -> dict[str, str]:
    """Servers the pages name (`x-fern-server-name`, else the description), as class constants:
    `Sandbox` → `SANDBOX`."""
    found: dict[str, str] = {}
    for fragment in fragments:
        servers = fragment.document.get("servers")
        for server in servers if isinstance(servers, list) else []:
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                continue
            name = server.get("x-fern-server-name") or server.get("description")
            if isinstance(name, str) and snake_words(name):
                found.setdefault(constant_identifier(name), server["url"].rstrip("/"))
    return found


# -- request types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationUse:
    """The calls the examples make for one operation of the merged document."""

    path: str
    method: str
    calls: list[Call]


def match_types(document: dict[str, Any], uses: list[OperationUse], diagnostics: Diagnostics, found: list[SurfaceFact]) -> list[str]:
    """Give every schema a request type builds the type's name (as an alias); the names matched."""
    components = (document.get("components") or {}).get("schemas") or {}
    matched: dict[str, tuple[tuple[str, int], SourceRef]] = {}  # type name -> the schema it names, and where first
    names: list[str] = []
    for use in uses:
        operation = ((document.get("paths") or {}).get(use.path) or {}).get(use.method)
        if not isinstance(operation, dict):
            continue
        label = f"{use.method.upper()} {use.path}"
        for call in use.calls:
            for type_use in call.types:
                if pascal_identifier(type_use.name) != type_use.name:
                    diagnostics.warning(type_use.source, f"{label}: `{type_use.name}` is not a PascalCase ASCII name; not learned")
                    continue
                target = _type_target(operation, type_use, components)
                if target is None and type_use.name in components:
                    target = ("component", type_use.name, components[type_use.name])
                if target is not None and target[0] == "inline" and type_use.name in components and type_use.name not in matched:
                    target = _join_component(components, type_use.name, target[2])
                    found.append(
                        SurfaceFact(
                            f"`{type_use.name}`",
                            f"request type: the schema `{type_use.name}`, which another page defines; the inline object at "
                            f"`{_where(type_use.where)}` of {label} is that schema, with what each page gives it",
                            type_use.source,
                        )
                    )
                if target is None:
                    diagnostics.warning(
                        type_use.source,
                        f"{label}: cannot tell which schema `{type_use.name}(...)` builds at `{_where(type_use.where)}`; the package does not export that name",
                    )
                    continue
                kind, name, schema = target
                key = (name, 0) if kind == "component" else ("", id(schema))
                first = matched.get(type_use.name)
                if first is not None and first[0] != key:
                    diagnostics.warning(
                        type_use.source,
                        f"{label}: `{type_use.name}` builds another schema here than at {first[1]}; the name stays with the first page's",
                    )
                    continue
                if first is None:
                    matched[type_use.name] = (key, type_use.source)
                    names.append(type_use.name)
                    what = f"the schema `{name}`" if kind == "component" else f"the inline object at `{_where(type_use.where)}` of {label}"
                    found.append(SurfaceFact(f"`{type_use.name}`", f"request type: {what}", type_use.source))
                if kind == "component" and name != type_use.name:
                    current = components[name]
                    aliases = sorted({*(current.get(extensions.ALIASES) or []), type_use.name})
                    components[name] = {**current, extensions.ALIASES: aliases}
                elif kind == "inline":
                    schema[extensions.ALIASES] = sorted({*(schema.get(extensions.ALIASES) or []), type_use.name})
    return sorted(names)


def _join_component(components: dict[str, Any], name: str, inline: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """An inline object the example builds under the name of a component schema: the vendor's
    SDK has one type of that name, so the component takes the inline object's properties too
    (none is lost from the request) and the inline object becomes a reference to it."""
    written = {k: v for k, v in inline.items() if k != extensions.ALIASES}
    components[name] = merge_schema(components[name], written)
    inline.clear()
    inline["$ref"] = name_to_ref(name)
    return ("component", name, components[name])


def _where(where: tuple[str | None, ...]) -> str:
    """`request.options[]`: a type's place in the call's arguments."""
    text = str(where[0]) if where else ""
    for part in where[1:]:
        text += "[]" if part is None else f".{part}"
    return text


def _type_target(operation: dict[str, Any], use: TypeUse, components: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """("component", name, schema) or ("inline", "", the schema as written) that `use` builds."""
    start = _argument_schema(operation, use.where[0], components) if use.where and use.where[0] else None
    if start is None:
        return None
    schemas = [start]
    for step in use.where[1:]:
        schemas = [found for schema in schemas for found in _step(schema, step, components)]
        if not schemas:
            return None
    candidates = [alternative for schema in schemas for alternative in _alternatives(schema, components)]
    fitting = [c for c in candidates if _fits(c, use, components)]
    if len(fitting) > 1:  # the members whose required properties the call gives
        fitting = [c for c in fitting if set(_view(c, components).get("required") or []) <= _given(c, use, components)] or fitting
    if len({id(c) for c in fitting}) != 1:
        return None
    chosen = fitting[0]
    name = ref_to_name(str(chosen.get("$ref", ""))) if "$ref" in chosen else None
    if name is not None:
        return ("component", name, components[name]) if name in components else None
    if "allOf" in chosen or not chosen.get("properties"):
        return None  # an object the generator composes: it has no schema of its own to name
    return ("inline", "", chosen)


def _argument_schema(operation: dict[str, Any], keyword: str, components: dict[str, Any]) -> Any:
    body = operation.get("requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    schema = None
    if isinstance(content, dict) and content:
        media = next((m for m in content if re.match(r"^application/([\w.+-]+\+)?json", str(m))), next(iter(content)))
        schema = content[media].get("schema") if isinstance(content[media], dict) else None
    if isinstance(schema, dict):
        found = _step(schema, keyword, components)
        if found:
            return found[0]
        if keyword == "request":
            return schema
    for parameter in operation.get("parameters") or []:
        if isinstance(parameter, dict) and isinstance(parameter.get("name"), str) and keyword in (parameter["name"], snake_identifier(parameter["name"])):
            return parameter.get("schema")
    return None


def _step(schema: Any, step: str | None, components: dict[str, Any]) -> list[Any]:
    """The schemas one level into `schema`: a property's (`step` a name) or the items' (None)."""
    found = []
    for alternative in _alternatives(schema, components):
        view = _view(alternative, components)
        if step is None:
            items = view.get("items")
            if isinstance(items, dict):
                found.append(items)
            continue
        properties = view.get("properties") or {}
        wire = _property(properties, step)
        if wire is not None:
            found.append(properties[wire])
    return found


def _property(properties: dict[str, Any], keyword: str) -> str | None:
    if keyword in properties:
        return keyword
    return next((wire for wire in properties if keyword in (snake_identifier(wire), snake_identifier(wire) + "_")), None)


def _alternatives(schema: Any, components: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas, as written, that a value of `schema` may be: unions opened, null left out,
    references kept (they name their schema)."""
    found: list[dict[str, Any]] = []
    pending = [schema]
    seen: set[int] = set()
    while pending and len(found) < MAX_SCHEMA_ALTERNATIVES:
        current = pending.pop()
        if not isinstance(current, dict) or id(current) in seen:
            continue
        seen.add(id(current))
        members = current.get("anyOf") or current.get("oneOf")
        if isinstance(members, list):
            pending.extend(reversed(members))
            continue
        if "$ref" in current:
            target = components.get(ref_to_name(str(current["$ref"])) or "")
            inner = target.get("anyOf") or target.get("oneOf") if isinstance(target, dict) else None
            if isinstance(inner, list):  # a named union: its members
                pending.extend(reversed(inner))
                continue
        if current.get("type") == "null":
            continue
        found.append(current)
    return found


def _view(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The schema behind a chain of references, its null part left out, its allOf parts joined."""
    found = resolve_refs(schema, components)
    if found is None:
        return {}
    schema = found
    parts = schema.get("allOf")
    if not isinstance(parts, list):
        return schema
    joined: dict[str, Any] = {"properties": dict(schema.get("properties") or {}), "required": list(schema.get("required") or [])}
    for part in parts:
        if isinstance(part, dict) and "allOf" not in part:
            view = _view(part, components)
            joined["properties"].update(view.get("properties") or {})
            joined["required"].extend(view.get("required") or [])
    return joined


def _given(schema: dict[str, Any], use: TypeUse, components: dict[str, Any]) -> set[str]:
    properties = _view(schema, components).get("properties") or {}
    return {wire for keyword in use.keywords if (wire := _property(properties, keyword)) is not None}


def _fits(schema: dict[str, Any], use: TypeUse, components: dict[str, Any]) -> bool:
    """An object schema with every keyword the call gives, and its constants among the values allowed."""
    view = _view(schema, components)
    properties = view.get("properties")
    if not isinstance(properties, dict) or not properties:
        return False
    if any(_property(properties, keyword) is None for keyword in use.keywords):
        return False
    for keyword, value in use.constants:
        sub = properties[_property(properties, keyword) or keyword]
        allowed = _view(sub, components) if isinstance(sub, dict) else {}
        if "const" in allowed and allowed["const"] != value:
            return False
        if isinstance(allowed.get("enum"), list) and value not in allowed["enum"]:
            return False
    return True
