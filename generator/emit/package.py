"""The SDK step: merged document in, every file of the output directory out (in memory).

merged document → type mapping → models and client description (`sdk_ir`) → templates →
ruff format → {relative path: bytes}. Nothing here touches the disk; `output_dir` does.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from ..common.diagnostics import Diagnostics, SourceRef
from ..common.json_text import indented_json
from ..common.markdown_escape import markdown_cell, markdown_cell_code
from ..common.pysyntax import (
    PYTHON_BUILTINS,
    KEYWORDS,
    constant_identifier,
    pascal_identifier,
    snake_identifier,
    string_literal,
)
from ..model.client_settings import CONSTRUCTOR_NAMES as FIXED_CONSTRUCTOR_NAMES
from ..model.models_ir import build_models, finish_models, order_aliases
from ..model.operations_ir import build_client
from ..model.python_types import TypeMapper
from ..model.sdk_ir import ClientSpec, Environment, ModelsModule, SdkOptions
from ..spec import extensions
from .formatting import FormattingError, FormattingThread
from .package_docs import build_package_docs
from .package_version import default_package_version
from .provenance import Provenance
from .render import render_package, render_package_files
from .resources import runtime_exports, runtime_modules, template_module_names

DOCUMENT_FILE = "openapi.json"
REPORT_FILE = "merge-report.md"
CHANNELS_FILE = "asyncapi.json"  # the WebSocket channels (AsyncAPI 2.6), only when there are some


# Names the client module and the package's __init__ define or import, read from their
# templates (kept by hand, the list had drifted from them); a client class must not replace
# one. The runtime's exports are read from its `__all__`.
CLIENT_MODULE_NAMES = template_module_names("_client.py.jinja") | template_module_names("__init__.py.jinja") | frozenset(runtime_exports())
# Modules a package name must not take: Python runs `sitecustomize` and `usercustomize` at
# every interpreter start, and the installers' own modules run whenever a package is installed.
STARTUP_AND_TOOLING_MODULES = frozenset(
    "sitecustomize usercustomize site pip setuptools pkg_resources wheel distutils _distutils_hack "
    "easy_install virtualenv venv ensurepip".split()
)
# Modules a generated package must not shadow when its folder is on sys.path.
DEPENDENCY_MODULES = frozenset(
    "httpx httpcore h11 anyio sniffio certifi idna pydantic pydantic_core annotated_types "
    "typing_extensions typing_inspection".split()
)


def options_problem(options: SdkOptions) -> str | None:
    """Why these names cannot be used, or None."""
    if not options.package.isidentifier() or not options.package.isascii() or options.package in KEYWORDS:
        return f"--package {options.package!r} is not a valid Python package name"
    if options.package.startswith("_"):
        return f"--package {options.package!r} must not start with an underscore"
    if options.package in sys.stdlib_module_names or options.package in DEPENDENCY_MODULES | STARTUP_AND_TOOLING_MODULES:
        return f"--package {options.package!r} would shadow the module of that name; choose another"
    name = options.client_name
    if not name.isidentifier() or not name.isascii() or name in KEYWORDS or not name[0].isupper():
        return f"--client-name {name!r} must be a Python class name (ASCII, starting with a capital letter)"
    if name in CLIENT_MODULE_NAMES or "Async" + name in CLIENT_MODULE_NAMES:
        return f"--client-name {name!r} is a name the generated client module already uses"
    if name in PYTHON_BUILTINS or "Async" + name in PYTHON_BUILTINS:
        return f"--client-name {name!r} would shadow Python's builtin of that name"
    return None


# The clients' own keyword arguments (and the constructor's local names): a credential keyword
# the pages use must be none of them, nor a name of the module (the constructor calls some).
CONSTRUCTOR_NAMES = FIXED_CONSTRUCTOR_NAMES | {"api_key", "headers"}


def learned_names(sdk: Any, refused: list[str] | None = None) -> tuple[str | None, str | None]:
    """(client class, package) the pages' SDK examples use, where usable as options; for
    defaults. Why a name that cannot be used was refused is added to `refused`."""
    if not isinstance(sdk, dict):
        return None, None
    client, module = sdk.get("client"), sdk.get("module")
    package = module.split(".")[0] if isinstance(module, str) else None
    problems = (
        options_problem(SdkOptions("p", client, "")) if isinstance(client, str) else None,
        options_problem(SdkOptions(package, "P", "")) if package else None,
    )
    for learned, problem in zip((client, package), problems):
        if problem is not None and refused is not None:
            refused.append(f"the pages' SDK examples name {learned!r}, which cannot be used: " + problem.split(" ", 2)[2] + " (the default name is used)")
    return (client if isinstance(client, str) and problems[0] is None else None), (package if package and problems[1] is None else None)


def apply_learned_surface(
    sdk: Any, client: ClientSpec, models: ModelsModule, options: SdkOptions, diagnostics: Diagnostics, where: dict[str, SourceRef] | None = None
) -> None:
    """What the pages' SDK examples show (`x-sdkgen-sdk`, see surface.py) onto the client: other
    names for the client classes, the credential keyword, environment=, the types to export.

    The document may come from anywhere: every name is checked, and one that cannot be used
    (not a plain name, or taken by what the package defines) is a warning and left out.
    """
    sdk = sdk if isinstance(sdk, dict) else {}
    where = where or {}
    taken = set(CLIENT_MODULE_NAMES) | {n for c in client.all_clients for n in (c.client_name, c.async_client_name)}
    taken |= {r.class_name for r in client.all_resources} | {r.async_class_name for r in client.all_resources}

    def claim(name: Any, what: str, subject: str) -> str | None:
        if not isinstance(name, str) or not name.isascii() or pascal_identifier(name) != name:
            diagnostics.warning(where.get(subject), f"{what} {name!r} is not a Python class name; left out")
            return None
        if name in taken:
            diagnostics.warning(where.get(subject), f"{what} `{name}` is a name the package already uses; left out")
            return None
        if name in PYTHON_BUILTINS:
            diagnostics.warning(where.get(subject), f"{what} `{name}` would shadow Python's builtin of that name; left out")
            return None
        taken.add(name)
        return name

    wanted: list[tuple[Any, str, str]] = []
    for other in options.other_client_names:
        wanted += [(other, client.client_name, ""), ("Async" + other, client.async_client_name, "")]
    wanted += [(sdk.get("client"), client.client_name, "client class"), (sdk.get("async-client"), client.async_client_name, "async client class")]
    aliased = {client.client_name, client.async_client_name}
    for name, ours, subject in wanted:
        if name is not None and name not in aliased:
            aliased.add(name)
            alias = claim(name, "the pages' name for the client", subject)
            if alias is not None:
                client.client_aliases.append((alias, ours))
    environments: dict[str, str] = {}  # the pages' environment class -> the class defined for it
    entries = sdk.get("clients") if isinstance(sdk.get("clients"), list) else []
    for spec in client.all_clients:
        entry = sdk if spec is client else next((e for e in entries if isinstance(e, dict) and e.get("client") == spec.client_name), {})
        _credential_keyword(entry.get("credential-keyword"), spec, diagnostics, where)
        environment = entry.get("environment")
        if isinstance(environment, dict):
            members = environment.get("members")
            usable = [
                (member, string_literal(url))
                for member, url in (members.items() if isinstance(members, dict) else ())
                if isinstance(member, str) and member.isascii() and member.isidentifier() and constant_identifier(member) == member and isinstance(url, str)
            ]
            wanted_class = environment.get("class") if usable else None
            if isinstance(wanted_class, str) and wanted_class in environments:  # another class's, shared
                class_name: str | None = environments[wanted_class]
            else:
                class_name = claim(wanted_class, "the pages' environment class", "environment") if wanted_class else None
                if class_name is not None:
                    environments[class_name] = class_name
            spec.environment = Environment(class_name, sorted(usable) if class_name else [])
    defined = {c.name for c in models.classes} | {a.name for a in models.aliases} | {other for other, _ in models.extra_names}
    types = sdk.get("types")
    for name in types if isinstance(types, list) else []:
        if name in defined and claim(name, "the pages' request type", f"`{name}`") is not None:
            client.model_exports.append(name)
    client.model_exports.sort()


def _credential_keyword(keyword: Any, client: ClientSpec, diagnostics: Diagnostics, where: dict[str, SourceRef]) -> None:
    """The pages' keyword for the API key (`token=`), as another name of `api_key`."""
    if isinstance(keyword, str) and keyword != "api_key":
        taken_arguments = {a for c in client.credentials for a in c.arguments} | {h.argument for h in client.headers}
        if "api_key" not in taken_arguments:
            diagnostics.warning(
                where.get("credential keyword"), f"the pages' examples pass the API key as `{keyword}=`, but the pages document no credential; not taken"
            )
        elif not keyword.isascii() or snake_identifier(keyword) != keyword or keyword in CONSTRUCTOR_NAMES | CLIENT_MODULE_NAMES | taken_arguments:
            diagnostics.warning(where.get("credential keyword"), f"the pages' credential keyword {keyword!r} cannot be a keyword argument of the client; not taken")
        else:
            client.credential_keyword = keyword
            client.credential_conflict_source = string_literal(f"pass the API key as api_key or as {keyword}, not both")


def build_sdk_files(
    document: dict[str, Any],
    report: Callable[[], str],
    options: SdkOptions,
    diagnostics: Diagnostics,
    stamp: Provenance | None = None,
    progress: Callable[[str], None] = lambda message: None,
    sources: dict[str, SourceRef] | None = None,
    surface_sources: dict[str, SourceRef] | None = None,
    channels_document: dict[str, Any] | None = None,
) -> dict[str, bytes] | None:
    """Every file of the output directory but the manifest, or None (with errors in `diagnostics`).
    `report()` gives the merge report, asked for while ruff formats the package."""
    version = str((document.get("info") or {}).get("version") or "")
    built = build_spec(document, options, diagnostics, sources, surface_sources, channels_document)
    if built is None:
        return None
    client, models = built
    rendered = render_package(client, models, _provenance_facts(stamp, version))
    progress(f"rendered {len(rendered)} modules ({sum(s.count(chr(10)) for s in rendered.values())} lines); formatting")
    # The formatter runs in processes of its own: the files beside the package and the
    # document are written meanwhile.
    try:
        with FormattingThread(rendered) as formatting:
            beside = render_package_files(build_package_docs(document, client, package_version(document, options)))
            files: dict[str, bytes] = {
                DOCUMENT_FILE: (indented_json(document) + "\n").encode(),
                REPORT_FILE: (report() + renames_section(models.renames)).encode(),
            }
            if channels_document is not None:
                files[CHANNELS_FILE] = (indented_json(channels_document) + "\n").encode()
            formatted = formatting.result()
    except FormattingError as exc:
        diagnostics.error(None, str(exc))
        return None
    formatted.update(runtime_modules(channels=bool(client.channels)))  # kept in black's format in generator/emit/runtime/ (a test checks it)
    for path, text in formatted.items():
        files[f"{options.package}/{path}"] = text.encode()
    files[f"{options.package}/py.typed"] = b""
    files.update({path: text.encode() for path, text in beside.items()})
    return dict(sorted(files.items()))


def renames_section(renames: list[tuple[str, str, str, str]]) -> str:
    """The merge report's list of the names the model stage could not give as wanted."""
    if not renames:
        return ""
    lines = ["", "## Renamed in the SDK", "", "Names in the package other than the one the document asks for, with the reason.", ""]
    lines += ["| what | wanted | becomes | why |", "|---|---|---|---|"]
    for what, wanted, given, why in renames:
        lines.append(f"| {markdown_cell(what)} | {markdown_cell_code(wanted)} | {markdown_cell_code(given)} | {markdown_cell(why)} |")
    return "\n".join(lines) + "\n"


def render_sources(
    document: dict[str, Any],
    options: SdkOptions,
    diagnostics: Diagnostics,
    stamp: Provenance | None = None,
    version: str = "",
    sources: dict[str, SourceRef] | None = None,
    surface_sources: dict[str, SourceRef] | None = None,
) -> dict[str, str] | None:
    """The package's modules as the templates write them (before formatting), by path."""
    built = build_spec(document, options, diagnostics, sources, surface_sources)
    if built is None:
        return None
    return render_package(built[0], built[1], _provenance_facts(stamp, version))


def package_version(document: dict[str, Any], options: SdkOptions) -> str:
    """The version given, else one that changes exactly when the document does."""
    return options.package_version or default_package_version(str((document.get("info") or {}).get("version") or ""))


def _provenance_facts(stamp: Provenance | None, version: str) -> dict[str, str]:
    stamp = stamp or Provenance("sdkgen", "")
    return {
        "generator_source": string_literal(stamp.generator),
        "inputs_source": string_literal(stamp.inputs_sha256),
        "version_source": string_literal(version),
    }


def build_spec(
    document: dict[str, Any],
    options: SdkOptions,
    diagnostics: Diagnostics,
    sources: dict[str, SourceRef] | None = None,
    surface_sources: dict[str, SourceRef] | None = None,
    channels_document: dict[str, Any] | None = None,
) -> tuple[ClientSpec, ModelsModule] | None:
    """The SDK description (`sdk_ir`) of the document, or None (with errors in `diagnostics`)."""
    problem = options_problem(options)
    if problem is not None:
        diagnostics.error(None, problem)
        return None
    schemas = (document.get("components") or {}).get("schemas") or {}
    mapper = TypeMapper(schemas)
    models = build_models(mapper, diagnostics)
    client = build_client(document, mapper, options, diagnostics, channels_document)
    resource_classes = {r.class_name for r in client.all_resources} | {r.async_class_name for r in client.all_resources}
    if client.client_name in resource_classes or client.async_client_name in resource_classes:
        diagnostics.error(None, f"--client-name {client.client_name!r} is also the name of a resource class; choose another")
    for other in client.others:
        for name in (other.client_name, other.async_client_name):
            problem = options_problem(SdkOptions(options.package, name, ""))
            if problem is not None or name in resource_classes or name in (client.client_name, client.async_client_name):
                diagnostics.error(None, f"the pages' client class {name!r} cannot be a class of the package (a name it uses already); give the pages' classes other names")
    finish_models(mapper, models)
    apply_learned_surface(document.get(extensions.SDK), client, models, options, diagnostics, surface_sources)
    by_python_name = {python: (sources or {})[name] for python, name in mapper.schema_names.items() if name in (sources or {})}
    order_aliases(models, diagnostics, by_python_name)
    if diagnostics.has_errors:
        return None
    models.renames = list(dict.fromkeys(mapper.renames))  # a streaming pair's two methods share their arguments
    client.version_source = string_literal(package_version(document, options))
    return client, models
