"""Resolve the references of one OpenAPI document into one self-contained document.

A vendor's `openapi.yaml` may be split over many files (`$ref: 'models/droplet.yml'`,
`'../shared/parameters.yml#/per_page'`) and may give parameters, responses, request bodies,
headers, examples, links and path items as references to its `components`. The later stages
want each of those written out where it is used, and schemas as references to
`#/components/schemas`. This module gives them that:

- A reference is read relative to the file that holds it; `#/...` inside a referenced file
  points into that file. Each file is read once, and counts against the input limits like
  any input (its size against `max_input_bytes`, its values against `max_nodes`); a
  reference written out again (a parameter or response used by many operations) counts the
  values of its copy against `max_nodes` too, so that references to references cannot
  multiply a small input past the limit.
- A schema reference stays a reference: a schema of another file (or of a part of a file
  that is not `#/components/schemas/<Name>`) becomes a component schema, named from its file
  and pointer (`models/droplet.yml` → `Droplet`, `parameters.yml#/region_slug` →
  `RegionSlug`); when that name is taken, more of the path goes in front
  (`SharedRegionSlug`), never a counter. So cycles across files become cycles of component
  references, as they are within one document. A root component that is just a reference to
  a file (`Droplet: {$ref: models/droplet.yml}`) gives that file's schema its name.
- Every other reference (a parameter, a response, a request body, a header, an example, a
  link, a path item, an operation written in a file of its own) is replaced by what it
  names, itself resolved; a cycle of those is an error.
- Data is data: a `$ref` key inside `example`, `examples` (of a schema), `default`, `const`,
  `enum`, an Example's `value` or an `x-` extension value is never followed and never an
  error, with one exception: one that names a file inside the folder (Redocly's
  `example: {$ref: examples.yml#/x}`, `x-codeSamples: [{$ref: examples/curl/list.yml}]`)
  is written out, so that the merged document points at no file.
- A reference may not leave the folder of the document given on the command line (or the
  folder given): `..` out of it, absolute paths and symbolic links out of it are errors naming
  the reference, its file and line. A URL is never fetched: it is an error that suggests
  bundling the document first.

A document that holds no reference but `#/components/schemas/<Name>` ones comes back as it
is (a scan of its text decides), so the pages' blocks and single-file documents cost nothing.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, Protocol
from urllib.parse import unquote

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.json_values import JSON_CONTAINERS, Budget, check_document
from ..common.limits import Limits, limit_note
from ..common.names import clean_schema_name, name_to_ref
from ..spec.schema_forms import (
    SCHEMA_KEYWORDS,
    SCHEMA_LIST_KEYWORDS,
    SCHEMA_MAP_KEYWORDS,
)
from .files import NotText, as_lf, decoded, read_limited

_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_COMPONENT_SCHEMA = re.compile(r"#/components/schemas/[^/]+\Z")
# A `$ref` as written in YAML or JSON text, and what it holds (up to the end of the value).
_REF_IN_TEXT = re.compile(r"""\$ref["']?[^\S\n]*:[^\S\n]*(["']?)([^\n"',}]*)""")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|//")
# Keys whose values are data in every object that has them.
_DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum", "value"})
# Parts of a file's path or pointer that say nothing about what a schema is: left out of its name.
_NAMELESS_PARTS = frozenset({"components", "schemas", "definitions", "$defs", "models", "model", "shared", "resources", "properties", "items"})

# What each kind of OpenAPI object holds under its fields: a kind, "map:<kind>" (a mapping of
# names to it), "emap:<kind>" (the same, its `x-` keys extensions) or "list:<kind>".
# Fields not listed are read as "any" (references followed, data kept) unless they are data.
_FIELDS: dict[str, dict[str, str]] = {
    "document": {"paths": "emap:pathItem", "webhooks": "map:pathItem", "components": "components"},
    "components": {
        "schemas": "map:schema",
        "responses": "map:response",
        "parameters": "map:parameter",
        "examples": "map:example",
        "requestBodies": "map:requestBody",
        "headers": "map:header",
        "securitySchemes": "map:any",
        "links": "map:link",
        "callbacks": "map:callback",
        "pathItems": "map:pathItem",
    },
    "pathItem": {"parameters": "list:parameter", **{method: "operation" for method in _HTTP_METHODS}},
    "operation": {"parameters": "list:parameter", "requestBody": "requestBody", "responses": "emap:response", "callbacks": "map:callback"},
    "response": {"headers": "map:header", "content": "map:mediaType", "links": "map:link"},
    "parameter": {"schema": "schema", "content": "map:mediaType", "examples": "map:example"},
    "header": {"schema": "schema", "content": "map:mediaType", "examples": "map:example"},
    "mediaType": {"schema": "schema", "examples": "map:example", "encoding": "map:encoding"},
    "encoding": {"headers": "map:header"},
    "requestBody": {"content": "map:mediaType"},
    "callback": {},  # a mapping of expressions to path items (below)
}
# Kinds whose content past the reference itself is all data.
_DATA_KINDS = frozenset({"example", "link"})

Target = tuple[str, str]  # (file key, JSON pointer): what a reference names


class ReadBudget(Protocol):
    """What the reader lets one run read (its `_Budget`), and what it has read."""

    limits: Limits
    left: Budget
    exhausted: bool
    read: dict[str, bytes]  # real path -> bytes of every file read in this run, each read once
    referenced: set[str]  # real paths of the files a reference named
    parts: list[tuple[str, bytes]]  # (name in its folder, bytes as LF) of referenced files read here, in order


@dataclass
class _File:
    key: str  # the real path ("" for a page's block, which has no file)
    path: Path | None
    display: str  # as messages name it
    text: str
    first_line: int  # of the text in its file
    value: Any


class _Refused(Exception):
    """A reference that cannot be resolved (the error is in the diagnostics)."""


@dataclass
class _Resolver:
    root: _File
    folder: Path | None  # None: the root is a page's block, file references are left as written
    diagnostics: Diagnostics
    budget: ReadBudget
    files: dict[str, _File] = field(default_factory=dict)
    taken: dict[str, Target] = field(default_factory=dict)  # schema name (clean form) -> what it names
    names: dict[Target, str] = field(default_factory=dict)  # schema target -> its component name
    schemas: dict[str, Any] = field(default_factory=dict)  # component schemas made here, in order found
    inlined: dict[tuple[Target, str], tuple[Any, int]] = field(default_factory=dict)  # (target, kind) -> (value, values it holds)
    active: list[tuple[Target, str]] = field(default_factory=list)  # inlining in progress (a cycle check)
    located: dict[tuple[str, str], tuple[Path, Path]] = field(default_factory=dict)  # (folder, relative) -> (lexical, real) path
    real_folder: Path | None = None

    def __post_init__(self) -> None:
        self.real_folder = Path(os.path.realpath(self.folder)) if self.folder is not None else None

    # -- the walk -------------------------------------------------------------------------

    def walk(self, value: Any, kind: str, file: _File, depth: int) -> Any:
        if depth > self.budget.limits.max_depth:
            self._error(file, None, f"references nest arrays and mappings more than {self.budget.limits.max_depth} levels deep; {limit_note('max_depth')}")
        if kind == "schema":
            return self.schema(value, file, depth)
        if kind == "extension":
            return self.extension(value, file, depth)
        if type(value) is dict and type(value.get("$ref")) is str:
            return self.inline(value, kind, file, depth)
        if kind.startswith(("map:", "emap:")):
            if type(value) is not dict:
                return value
            inner = kind.partition(":")[2]
            extensions = kind.startswith("emap:")
            return {
                key: self.extension(item, file, depth + 1) if extensions and key.startswith("x-") else self.walk(item, inner, file, depth + 1)
                for key, item in value.items()
            }
        if kind.startswith("list:"):
            if type(value) is not list:
                return value
            inner = kind[len("list:") :]
            return [self.walk(item, inner, file, depth + 1) for item in value]
        if kind in _DATA_KINDS:
            return self.extension(value, file, depth)
        if kind == "callback":
            return self.walk(value, "emap:pathItem", file, depth)
        if type(value) is list and kind == "any":
            return [self.walk(item, "any", file, depth + 1) if type(item) in JSON_CONTAINERS else item for item in value]
        if type(value) is not dict:
            return value
        fields = _FIELDS.get(kind, {})
        out: dict[str, Any] = {}
        for key, item in value.items():
            if type(item) not in JSON_CONTAINERS:
                out[key] = item
            elif key in fields:
                out[key] = self.walk(item, fields[key], file, depth + 1)
            elif key.startswith("x-"):
                out[key] = self.extension(item, file, depth + 1)
            elif key in _DATA_KEYS:
                out[key] = self.extension(item, file, depth + 1)  # data
            else:
                out[key] = self.walk(item, "any", file, depth + 1)
        return out

    def schema(self, value: Any, file: _File, depth: int) -> Any:
        if type(value) is not dict:
            return value
        out: dict[str, Any] = {}
        for key, item in value.items():
            kind = type(item)
            if key == "$ref" and kind is str:
                out[key] = self.schema_ref(item, file)
            elif key in SCHEMA_MAP_KEYWORDS and kind is dict:
                out[key] = self.walk(item, "map:schema", file, depth + 1)  # a `$ref` in place of the map: inlined
            elif (key in SCHEMA_LIST_KEYWORDS or key == "items") and kind is list:
                out[key] = [self.walk(sub, "schema", file, depth + 2) for sub in item]
            elif key in SCHEMA_KEYWORDS and kind is dict:
                out[key] = self.walk(item, "schema", file, depth + 1)
            elif key == "discriminator" and kind is dict and type(item.get("mapping")) is dict:
                mapping = {tag: self._mapping_target(target, file) for tag, target in item["mapping"].items()}
                out[key] = {**item, "mapping": mapping}
            elif (key.startswith("x-") or key in _DATA_KEYS) and kind in JSON_CONTAINERS:
                out[key] = self.extension(item, file, depth + 1)
            else:
                out[key] = item  # plain keywords and values
        return out

    def extension(self, value: Any, file: _File, depth: int) -> Any:
        """Data (an example, a default, an `x-` extension's value): kept as written, but for a
        `$ref` that names a file inside the folder (Redocly's `example: {$ref: examples.yml#/x}`
        and `x-codeSamples: [{$ref: examples/curl/list.yml}]`), which is written out so that the
        document points at no file. Any other `$ref` there is data: never followed, never an error."""
        kind = type(value)
        if kind is dict:
            ref = value.get("$ref")
            if type(ref) is str and self._names_file_inside(ref, file):
                return self.inline(value, "extension", file, depth)
            return {key: self.extension(item, file, depth + 1) if type(item) in JSON_CONTAINERS else item for key, item in value.items()}
        if kind is list:
            return [self.extension(item, file, depth + 1) if type(item) in JSON_CONTAINERS else item for item in value]
        return value

    def _mapping_target(self, target: Any, file: _File) -> Any:
        """A discriminator's mapping value: a reference (resolved like `$ref`) or a schema name (kept)."""
        if not isinstance(target, str) or not (target.startswith("#") or re.search(r"\.(ya?ml|json)(#|\Z)", target)):
            return target
        return self.schema_ref(target, file)

    # -- references -----------------------------------------------------------------------

    def schema_ref(self, ref: str, file: _File) -> str:
        """The reference a schema reference becomes: `#/components/schemas/<Name>`."""
        if file is self.root and _COMPONENT_SCHEMA.match(ref):
            return ref  # the document's own component: as written
        target = self.target(ref, file)
        if target is None:
            return ref
        name = self.names.get(target)
        if name is None:
            name = self.name_for(target, ref, file)
            self.schemas[name] = None
            holder, value = self.lookup(target, ref, file)
            self.schemas[name] = self.walk(value, "schema", holder, 1)
        return name_to_ref(name)

    def inline(self, node: dict[str, Any], kind: str, file: _File, depth: int) -> Any:
        """What a reference in place of a `kind` object names, resolved, with the reference's own
        fields (a `summary` or `description` beside it) laid over it."""
        ref = node["$ref"]
        target = self.target(ref, file)
        if target is None:
            return node
        key = (target, kind)
        if key in self.active:
            self._error(file, ref, f"$ref {ref!r} is part of a cycle of references ({kind} objects cannot refer to themselves)")
        cached = self.inlined.get(key)
        if cached is None:
            holder, value = self.lookup(target, ref, file)
            self.active.append(key)
            resolved = self.walk(value, kind, holder, depth)
            self.active.pop()
            self.inlined[key] = (resolved, _size(resolved))
        else:
            resolved, size = cached
            self._charge_copy(size, file, ref)
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if siblings and type(resolved) is dict:
            return {**resolved, **self.walk(siblings, kind, file, depth)}
        return resolved

    def _names_file_inside(self, ref: str, file: _File) -> bool:
        location = unquote(ref.partition("#")[0])
        if self.folder is None or file.path is None or not location or _URL.match(location) or os.path.isabs(location) or location.startswith("\\"):
            return False
        real = self._locate(file.path, location)[1]
        return self.real_folder is not None and _inside(real, self.real_folder) and (str(real) in self.files or real.is_file())

    def _locate(self, holder: Path, relative: str) -> tuple[Path, Path]:
        """(the path as written, the real path) of a file named relative to the file `holder`."""
        key = (str(holder.parent), relative)
        found = self.located.get(key)
        if found is None:
            lexical = Path(os.path.normpath(os.path.abspath(holder.parent / relative)))
            found = self.located[key] = (lexical, Path(os.path.realpath(lexical)))
        return found

    def target(self, ref: str, file: _File) -> Target | None:
        """(file key, pointer) a reference names; None for a file reference in a page's block
        (left as written: the merge says it cannot be followed)."""
        location, _, pointer = ref.partition("#")
        if _URL.match(location):
            self._error(
                file,
                ref,
                f"$ref {ref!r} is a URL; sdkgen never fetches references over the network: bundle the document into one "
                "file first (for example `redocly bundle openapi.yaml -o bundled.yaml`) or save what it names beside the document",
            )
        pointer = unquote(pointer)
        if not location:
            return (file.key, pointer)
        if self.folder is None or file.path is None:
            return None
        relative = unquote(location)
        if relative.startswith(("/", "\\")) or os.path.isabs(relative):
            self._error(file, ref, f"$ref {ref!r} is an absolute path; a reference must be relative to the file that holds it and stay inside {self._folder_name()}")
        lexical, real = self._locate(file.path, relative)
        assert self.real_folder is not None
        if not _inside(real, self.real_folder):
            how = "is a symbolic link that leads" if _inside(lexical, Path(os.path.normpath(self.folder.absolute()))) else "leads"
            self._error(file, ref, f"$ref {ref!r} {how} out of {self._folder_name()}; references may only name files inside it")
        if str(real) not in self.files:
            self.files[str(real)] = self.load(real, _display(file, relative), file, ref)
        return (str(real), pointer)

    def lookup(self, target: Target, ref: str, file: _File) -> tuple[_File, Any]:
        """The file a target is in and the value its pointer names."""
        holder = self.root if target[0] == self.root.key else self.files[target[0]]
        value = holder.value
        if not target[1]:
            return holder, value
        if not target[1].startswith("/"):
            self._error(file, ref, f"$ref {ref!r}: the part after `#` must be a JSON pointer (`#/components/...`)")
        for raw in target[1][1:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if type(value) is dict and part in value:
                value = value[part]
            elif type(value) is list and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                where = "this file" if holder is file else holder.display
                self._error(file, ref, f"$ref {ref!r} points at nothing: {where} has no {target[1]!r}")
        return holder, value

    def load(self, path: Path, display: str, file: _File, ref: str) -> _File:
        """A referenced file, read, parsed and counted against the limits."""
        limits = self.budget.limits
        if not path.is_file():
            self._error(file, ref, f"$ref {ref!r} names {display}, which is not a file" if path.exists() else f"$ref {ref!r}: no such file {display}")
        if self.budget.exhausted:
            raise _Refused
        real = os.path.realpath(path)
        self.budget.referenced.add(real)
        data = self.budget.read.get(real)
        if data is None:  # not read yet in this run (a folder's part may have been): read once, within the limit
            try:
                data, size = read_limited(path, limits.max_input_bytes)
            except OSError as exc:
                self._error(file, ref, f"$ref {ref!r} names {display}, which cannot be read ({exc.strerror or exc})")
            if len(data) > limits.max_input_bytes:
                self._error(file, ref, f"$ref {ref!r} names {display}, a file of {size:,} bytes, over the limit of {limits.max_input_bytes:,} bytes for one input file; {limit_note('max_input_bytes')}")
            self.budget.read[real] = data
            name = Path(os.path.relpath(real, self.real_folder)).as_posix() if self.real_folder is not None else path.name
            self.budget.parts.append((name, as_lf(data)))
        try:
            text = decoded(data)
        except NotText as problem:
            self._error(None, None, problem.message, SourceRef(display, problem.line))
        is_json = path.suffix.lower() == ".json"
        loaded = _File(str(path), path, display, text, 1, None)
        loaded.value = self._parse(loaded, is_json)
        return loaded

    def _parse(self, file: _File, is_json: bool) -> Any:
        from . import yaml_loader

        try:
            value = json.loads(file.text) if is_json else yaml_loader.load_yaml(file.text)
        except json.JSONDecodeError as exc:
            self._error(None, None, f"invalid JSON: {exc.msg}", SourceRef(file.display, exc.lineno))
        except RecursionError:
            self._error(None, None, f"arrays and mappings nest more than {self.budget.limits.max_depth} levels deep; {limit_note('max_depth')}", SourceRef(file.display, 1))
        except ValueError:
            self._error(None, None, "invalid JSON: an integer of more digits than Python reads", SourceRef(file.display, 1))
        except Exception as exc:
            problem = None if is_json else yaml_loader.yaml_problem(exc)
            if problem is None:
                raise
            line, message = problem
            self._error(None, None, f"invalid YAML: {message}", SourceRef(file.display, (line or 0) + 1))
        found = check_document(value, self.budget.limits, self.budget.left)
        if found is not None:
            from .locate import line_of_path

            line = line_of_path(file.text, is_json, found.path)
            self.budget.exhausted = self.budget.exhausted or found.exhausts
            self._error(None, None, found.message, SourceRef(file.display, (line or 0) + 1))
        return value

    # -- names ------------------------------------------------------------------------------

    def name_for(self, target: Target, ref: str, file: _File) -> str:
        """A component name for a schema of another file or part: from its file and pointer, the
        fewest parts that no other schema has taken."""
        parts = self._parts(target)
        meaningful = [p for p in parts if p.lower() not in _NAMELESS_PARTS] or parts[-1:]
        candidates = [clean_schema_name(" ".join(meaningful[-count:])) for count in range(1, len(meaningful) + 1)]
        candidates.append(clean_schema_name(" ".join(parts)))
        for name in candidates:
            if self.taken.setdefault(name, target) == target:
                self.taken[name] = target
                self.names[target] = name
                return name
        other = self.taken[candidates[-1]]
        self._error(
            file,
            ref,
            f"$ref {ref!r}: the schema it names ({self._describe(target)}) and {self._describe(other)} "
            f"both become `{candidates[-1]}`; rename one of the files",
        )

    def _parts(self, target: Target) -> list[str]:
        """The words a target's name is made of: its folders below the root folder, its file's
        name, its pointer's parts."""
        pointer = [p.replace("~1", "/").replace("~0", "~") for p in target[1].split("/")[1:] if p]
        if target[0] == self.root.key or self.folder is None:
            return pointer or ["Schema"]
        path = Path(target[0])
        try:
            folders = list(path.parent.relative_to(self.real_folder or "").parts)
        except ValueError:
            folders = []
        return [*folders, path.stem, *pointer]

    def _describe(self, target: Target) -> str:
        holder = self.root if target[0] == self.root.key else self.files[target[0]]
        return f"{holder.display}#{target[1]}" if target[1] else holder.display

    # -- limits and messages --------------------------------------------------------------

    def _charge_copy(self, size: int, file: _File, ref: str) -> None:
        """A reference used again writes out a copy of what it names: its values count against
        the values the inputs may hold, as a file's do."""
        self.budget.left.values -= size
        if self.budget.left.values < 0:
            self.budget.exhausted = True
            self._error(
                file,
                ref,
                f"$ref {ref!r}: with what the references name written out where they are used, the inputs hold more than "
                f"{self.budget.limits.max_nodes:,} values (each use of a reference after the first counted as a copy); {limit_note('max_nodes')}",
            )

    def _folder_name(self) -> str:
        assert self.folder is not None
        return f"the folder {self.folder.as_posix()!s}"

    def _error(self, file: _File | None, ref: str | None, message: str, where: SourceRef | None = None) -> NoReturn:
        if where is None and file is not None:
            where = SourceRef(file.display, file.first_line + _line_of_ref(file.text, ref))
        self.diagnostics.error(where, message)
        raise _Refused


def resolve_references(
    document: dict[str, Any],
    text: str,
    source: SourceRef,
    file: Path | None,
    folder: Path | None,
    diagnostics: Diagnostics,
    budget: ReadBudget,
) -> dict[str, Any] | None:
    """`document` with every reference resolved (see the module's docstring), or None with an
    error in `diagnostics`. `text` is what it was read from, starting at `source`; `file` is
    its file and `folder` the folder references may not leave (both None for a page's block,
    whose references to other files are left as written)."""
    if not _needs_resolving(text):
        return document
    root = _File(os.path.realpath(file) if file is not None and folder is not None else "", file, source.path, text, source.line, document)
    resolver = _Resolver(root, folder, diagnostics, budget)
    if root.key:
        resolver.files[root.key] = root
    schemas = (document.get("components") or {}).get("schemas") if isinstance(document.get("components"), dict) else None
    schemas = schemas if isinstance(schemas, dict) else {}
    for name in schemas:
        own_target = (root.key, "/components/schemas/" + name.replace("~", "~0").replace("/", "~1"))
        resolver.taken.setdefault(clean_schema_name(name), own_target)
        resolver.names[own_target] = name
    try:
        aliases = _root_aliases(resolver, schemas)
        result = resolver.walk({k: v for k, v in document.items() if k != "components"}, "document", root, 0)
        components = document.get("components")
        if isinstance(components, dict):
            others = resolver.walk({k: v for k, v in components.items() if k != "schemas"}, "components", root, 1)
            own: dict[str, Any] = {}
            for name, schema in schemas.items():
                if name in aliases:
                    holder, value = resolver.lookup(aliases[name], schema["$ref"], root)
                    own[name] = resolver.walk(value, "schema", holder, 2)
                else:
                    own[name] = resolver.walk(schema, "schema", root, 2)
            result["components"] = {k: own if k == "schemas" else others.get(k, v) for k, v in components.items()}
        if resolver.schemas:
            components = result.setdefault("components", {})
            components["schemas"] = {**(components.get("schemas") or {}), **resolver.schemas}
    except _Refused:
        return None
    return {key: result[key] for key in [*document, *(k for k in result if k not in document)]}


def _root_aliases(resolver: _Resolver, schemas: dict[str, Any]) -> dict[str, Target]:
    """The root's component schemas that only refer to a schema of another file: that schema
    takes the component's name (and the component its content)."""
    aliases: dict[str, Target] = {}
    for name, schema in schemas.items():
        if type(schema) is dict and set(schema) == {"$ref"} and type(schema["$ref"]) is str and not schema["$ref"].startswith("#"):
            target = resolver.target(schema["$ref"], resolver.root)
            if target is not None and target not in resolver.names:
                resolver.names[target] = name
                aliases[name] = target
    return aliases


def _needs_resolving(text: str) -> bool:
    """Whether the text writes a `$ref` other than to `#/components/schemas/<Name>` (one that
    names a file, a part of a schema or another kind of component)."""
    for found in _REF_IN_TEXT.finditer(text):
        value = found.group(2).strip()
        if not _COMPONENT_SCHEMA.match(value):
            return True
    return False


def _line_of_ref(text: str, ref: str | None) -> int:
    """0-based line of the first `$ref` that writes `ref` (0 when none does)."""
    if ref is None:
        return 0
    for found in _REF_IN_TEXT.finditer(text):
        if found.group(2).strip() == ref:
            return text.count("\n", 0, found.start())
    position = text.find(ref)
    return text.count("\n", 0, position) if position >= 0 else 0


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _display(file: _File, relative: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(file.display), relative.replace("\\", "/")))


def _size(value: Any) -> int:
    """Values a resolved object holds (counted as `check_document` counts them)."""
    count = 0
    stack = [value]
    while stack:
        node = stack.pop()
        count += 1
        if type(node) is dict:
            stack.extend(node.values())
        elif type(node) is list:
            stack.extend(node)
        elif type(node) is str:
            count += len(node) // 64
    return count


def reference_folder(file: Path, given: list[str]) -> Path:
    """The folder a document's references may not leave: the folder given on the command line
    that holds it, else the document's own folder."""
    real = Path(os.path.realpath(file))
    folders = [Path(p) for p in given if Path(p).is_dir() and _inside(real, Path(os.path.realpath(p)))]
    return max(folders, key=lambda p: len(Path(os.path.realpath(p)).parts)) if folders else file.parent
