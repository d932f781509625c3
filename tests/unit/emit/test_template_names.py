"""generator/emit/resources.py: the names a module template binds are read from the template,
so the names no client class may take follow the templates (a hand-kept list had drifted)."""

from __future__ import annotations

import ast

from generator.emit.package import CLIENT_MODULE_NAMES
from generator.emit.resources import package_templates, runtime_exports, template_module_names


def test_every_import_of_the_client_template_is_read() -> None:
    names = template_module_names("_client.py.jinja")
    assert {"annotations", "TracebackType", "NOT_GIVEN", "SyncClientCore", "_builtins", "_cast", "LazyModule"} <= names
    assert {"Discriminator", "Tag", "models", "_models", "tag_of"} <= names  # under `if TYPE_CHECKING:`


def test_the_package_init_binds_what_it_assigns() -> None:
    assert {"provenance", "__version__", "__all__", "_MODEL_EXPORTS"} <= template_module_names("__init__.py.jinja")


def test_the_reserved_client_names_are_the_templates_and_the_runtimes() -> None:
    assert CLIENT_MODULE_NAMES == template_module_names("_client.py.jinja") | template_module_names("__init__.py.jinja") | set(runtime_exports())


def test_a_rendered_client_module_binds_nothing_the_template_reading_missed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The generated client module (seeds) binds at its top level only the reserved names and
    the classes it defines."""
    from conftest import ROOT

    tree = ast.parse((ROOT / "generated" / "elevenlabs_convai" / "_client.py").read_text(encoding="utf-8"))
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
    assert bound <= CLIENT_MODULE_NAMES, sorted(bound - CLIENT_MODULE_NAMES)
    assert "_client.py.jinja" in package_templates()
