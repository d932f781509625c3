"""What the tool reads at run time besides its own modules: the generated package's templates.

They live in the repository's top-level `templates/` folder, which pyproject.toml installs as
the package `generator.templates`. They are read through `importlib.resources`, never through a
path relative to this file, so a wheel, a zip or an editable install all give the same text.
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable

TEMPLATES_PACKAGE = "generator.templates"
PACKAGE_TEMPLATES = "package"  # the folder of templates, one per module of the generated package
TEMPLATE_SUFFIX = ".jinja"


@functools.cache
def package_templates() -> dict[str, str]:
    """Every template of the generated package: file name → text."""
    folder = resources.files(TEMPLATES_PACKAGE).joinpath(PACKAGE_TEMPLATES)
    return {entry.name: entry.read_text(encoding="utf-8") for entry in _files(folder, TEMPLATE_SUFFIX)}


def _files(folder: Traversable, suffix: str) -> list[Traversable]:
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(suffix) and entry.is_file()), key=lambda entry: entry.name)
