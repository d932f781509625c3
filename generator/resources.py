"""What the tool reads at run time besides its own modules: the generated package's templates.

They live in the repository's top-level `templates/` folder, which pyproject.toml installs as
the package `generator.templates`. They are read through `importlib.resources`, never through a
path relative to this file, so a wheel, a zip or an editable install all give the same text.
The provenance hash covers exactly these texts and the generator's own modules.
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable

GENERATOR_PACKAGE = "generator"
TEMPLATES_PACKAGE = "generator.templates"
PACKAGE_TEMPLATES = "package"  # the folder of templates, one per module of the generated package
PACKAGE_FILE_TEMPLATES = "package_files"  # the files beside the package: pyproject.toml, README.md, reference.md
TEMPLATE_SUFFIX = ".jinja"


@functools.cache
def package_templates() -> dict[str, str]:
    """Every template of the generated package: file name → text."""
    folder = resources.files(TEMPLATES_PACKAGE).joinpath(PACKAGE_TEMPLATES)
    return {entry.name: entry.read_text(encoding="utf-8") for entry in _files(folder, TEMPLATE_SUFFIX)}


@functools.cache
def package_file_templates() -> dict[str, str]:
    """Every template of the files beside the package: file name → text."""
    folder = resources.files(TEMPLATES_PACKAGE).joinpath(PACKAGE_FILE_TEMPLATES)
    return {entry.name: entry.read_text(encoding="utf-8") for entry in _files(folder, TEMPLATE_SUFFIX)}


def generator_sources() -> dict[str, bytes]:
    """The generator's own modules: `generator/<name>.py` → bytes."""
    return {f"{GENERATOR_PACKAGE}/{entry.name}": entry.read_bytes() for entry in _files(resources.files(GENERATOR_PACKAGE), ".py")}


def template_sources() -> dict[str, bytes]:
    """The templates as the hash sees them: `templates/<folder>/<name>` → bytes."""
    sources = {f"templates/{PACKAGE_TEMPLATES}/{name}": text.encode() for name, text in package_templates().items()}
    sources |= {f"templates/{PACKAGE_FILE_TEMPLATES}/{name}": text.encode() for name, text in package_file_templates().items()}
    return sources


def _files(folder: Traversable, suffix: str) -> list[Traversable]:
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(suffix) and entry.is_file()), key=lambda entry: entry.name)
