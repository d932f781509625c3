"""Render the package's templates from the SDK description (`sdk_ir`) into Python source."""

from __future__ import annotations

import functools

import jinja2

from .resources import package_templates
from .sdk_ir import ClientSpec, ModelsModule

# template file → path inside the package
PACKAGE_FILES = {
    "__init__.py.jinja": "__init__.py",
    "_base.py.jinja": "_base.py",
    "_runtime.py.jinja": "_runtime.py",
    "_client.py.jinja": "_client.py",
    "models.py.jinja": "models.py",
    "provenance.py.jinja": "provenance.py",
}


# Modules whose templates use no variable: written in black's format already, not reformatted.
STATIC_MODULES = frozenset({"_base.py", "_runtime.py"})


@functools.cache
def environment() -> jinja2.Environment:
    """One environment per process, over the installed templates (compiled once)."""
    return jinja2.Environment(
        loader=jinja2.DictLoader(package_templates()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render_package(client: ClientSpec, models: ModelsModule, provenance: dict[str, str]) -> dict[str, str]:
    """Unformatted source of every module of the package, by path inside the package."""
    env = environment()
    return {
        target: env.get_template(template).render(client=client, models=models, provenance=provenance)
        for template, target in PACKAGE_FILES.items()
    }
