"""Render the package's templates from the SDK description (`sdk_ir`) into Python source."""

from __future__ import annotations

import functools

import jinja2

from ..model.sdk_ir import ClientSpec, ModelsModule
from .package_docs import PYPROJECT_FILE, README_FILE, REFERENCE_FILE, PackageDocs
from .resources import package_file_templates, package_templates, runtime_exports

# template file → path inside the package
PACKAGE_FILES = {
    "__init__.py.jinja": "__init__.py",
    "_client.py.jinja": "_client.py",
    "models.py.jinja": "models.py",
    "provenance.py.jinja": "provenance.py",
}

# template file → path inside the package, for a package with WebSocket channels only
CHANNEL_FILES = {"_channels.py.jinja": "_channels.py"}

# template file → path in the output directory, beside the package
OUTPUT_FILES = {
    "pyproject.toml.jinja": PYPROJECT_FILE,
    "README.md.jinja": README_FILE,
    "reference.md.jinja": REFERENCE_FILE,
}

@functools.cache
def environment() -> jinja2.Environment:
    """One environment per process, over the installed templates (compiled once)."""
    return jinja2.Environment(
        loader=jinja2.DictLoader({**package_templates(), **package_file_templates()}),
        bytecode_cache=_template_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


class _BestEffortCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, where a failure to read or write it only costs
    the time to compile the templates again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable, truncated or not a cache entry at all: compile anew
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_bytecode_cache() -> jinja2.BytecodeCache | None:
    """The templates' compiled code, kept as the interpreter keeps modules' bytecode: in
    Jinja's per-user folder of the temporary directory (created private, refused when
    another user owns it), keyed by each template's source, so a changed template is
    compiled anew. It saves compiling the templates on every run (about 50 ms); the
    output does not depend on it."""
    try:
        return _BestEffortCache()
    except (OSError, RuntimeError):
        return None


def _import_order(name: str) -> tuple[int, str]:
    """isort's order within one import: constants, then classes, then the rest."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def render_package(client: ClientSpec, models: ModelsModule, provenance: dict[str, str]) -> dict[str, str]:
    """Unformatted source of every rendered module of the package, by path inside the package
    (the runtime modules, `resources.runtime_modules`, are copied as they are)."""
    env = environment()
    context = {
        "client": client,
        "models": models,
        "provenance": provenance,
        "runtime_exports": runtime_exports(),
        "runtime_imports": sorted(runtime_exports(), key=_import_order),
    }
    files = {**PACKAGE_FILES, **(CHANNEL_FILES if client.channels else {})}
    return {target: env.get_template(template).render(**context) for template, target in files.items()}


def render_package_files(docs: PackageDocs) -> dict[str, str]:
    """pyproject.toml, README.md and reference.md, by path in the output directory."""
    env = environment()
    return {target: env.get_template(template).render(docs=docs) for template, target in OUTPUT_FILES.items()}
