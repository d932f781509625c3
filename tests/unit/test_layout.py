"""The layout of generator/: the stages' layers contract (pyproject.toml, checked with
import-linter) is kept, and a backward import breaks it; no module reaches for another
module's private names; every module is imported by some unit test."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

GENERATOR = ROOT / "generator"
UNIT = Path(__file__).resolve().parent
# What no unit test imports, and why: `python -m generator` (three lines that call cli.run,
# which ends the process) runs in tests/e2e/test_cli.py; the runtime modules are copied into
# every generated package and tested there (tests/unit/runtime, tests/e2e/test_client_runtime.py).
NOT_IMPORTED = {"generator.__main__"}
RUNTIME = "generator.emit.runtime"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's `lint-imports` (from this interpreter's environment) on the package under
    `cwd`, with the contract in `cwd`'s pyproject.toml."""
    executable = Path(sys.executable).parent / "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(executable), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def generator_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(GENERATOR.rglob("*.py"))}


def absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The module an ImportFrom names, its dots resolved against `module`."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def test_the_layers_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Each stage imports only the stages below it KEPT" in result.stdout
    assert "1 kept, 0 broken" in result.stdout


def test_a_backward_import_breaks_the_contract(tmp_path):
    """The contract can fail: a copy of the package where `common` imports from `emit` (a
    stage far above it) is reported broken, naming the import."""
    shutil.copytree(GENERATOR, tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    names = tmp_path / "generator" / "common" / "names.py"
    text = names.read_text(encoding="utf-8")
    anchor = "from __future__ import annotations\n"
    assert anchor in text
    names.write_text(text.replace(anchor, anchor + "\nfrom generator.emit.formatting import ruff_binary  # noqa: F401\n", 1), encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Each stage imports only the stages below it BROKEN" in result.stdout
    assert "generator.common.names -> generator.emit.formatting" in result.stdout
    assert "0 kept, 1 broken" in result.stdout


def test_no_module_imports_a_private_name_of_another():
    """A name with a leading underscore is its module's own: no other module of the generator
    imports it (dunders such as `__version__` are public)."""
    modules = generator_modules()
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            source = absolute(module, path.name == "__init__.py", node)
            if not source.startswith("generator") or source == module:
                continue
            private = [alias.name for alias in node.names if alias.name.startswith("_") and not alias.name.endswith("__")]
            # A private package or module is its package's own: its siblings and the modules
            # inside it may import it (the runtime's `_core._lazy`), no module elsewhere.
            package = module if path.name == "__init__.py" else module.rpartition(".")[0]
            parts = source.split(".")
            private += [
                part
                for depth, part in enumerate(parts)
                if part.startswith("_") and not part.endswith("__") and not (package + ".").startswith(".".join(parts[:depth]) + ".")
            ]
            if private:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {source}: {', '.join(private)}")
    assert not found, "\n".join(found)


def test_the_private_name_check_sees_relative_imports():
    """The check above resolves relative imports: `from ..emit.formatting import _x` in
    generator/common/names.py is generator.emit.formatting."""
    node = ast.parse("from ..emit.formatting import _x").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert absolute("generator.common.names", False, node) == "generator.emit.formatting"
    package = ast.parse("from .names import snake_case").body[0]
    assert isinstance(package, ast.ImportFrom)
    assert absolute("generator.common", True, package) == "generator.common.names"


def imported_by_unit_tests() -> set[str]:
    """Every module a file under tests/unit imports, with the packages it is in (`from
    generator.x import y` counts for generator, generator.x and generator.x.y, which may be
    a module)."""
    found: set[str] = set()
    for path in UNIT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                parts = node.module.split(".")
                found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_every_module_is_imported_by_a_unit_test():
    imported = imported_by_unit_tests()
    modules = [m for m in generator_modules() if m != RUNTIME and not m.startswith(RUNTIME + ".") and m not in NOT_IMPORTED]
    assert len(modules) > 50
    missing = [m for m in modules if m not in imported]
    assert not missing, f"no file under tests/unit imports {', '.join(missing)}"
    assert all(m in generator_modules() for m in NOT_IMPORTED)
