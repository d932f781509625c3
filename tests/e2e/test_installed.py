"""sdkgen as users install it: the sdist and wheel carry everything the tool reads, the wheel
works from a fresh venv in a directory unrelated to the checkout, and it asks for exactly the
distributions the tool imports.

The `distributions` and `installed` fixtures (conftest.py, helpers in installing.py) build
from a clean copy of the project and install the wheel with pip into a new venv.
"""

from __future__ import annotations

import ast
import json
import shutil
import sys
import tarfile
import zipfile
from email.parser import Parser
from importlib.metadata import packages_distributions
from pathlib import Path

from click.testing import CliRunner
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT
from http_server import Response, serving
from installing import project_files, site_packages

SEED_OPTIONS = ["--specs", "specs", "--out", "gen", "--package", "convai", "--client-name", "ElevenLabs"]


def shipped_sources() -> dict[str, bytes]:
    """What the tool reads at run time, by its path in the wheel: its modules (the runtime's
    included) and the templates."""
    files = {f"generator/{p.relative_to(ROOT / 'generator').as_posix()}": p.read_bytes() for p in sorted((ROOT / "generator").rglob("*.py")) if "__pycache__" not in p.parts}
    files |= {f"generator/templates/{p.relative_to(ROOT / 'templates').as_posix()}": p.read_bytes() for p in sorted((ROOT / "templates").rglob("*")) if p.is_file() and p.suffix in (".py", ".jinja")}
    return files


def test_wheel_carries_every_module_and_template(distributions):
    with zipfile.ZipFile(distributions.wheel) as wheel:
        names = {n for n in wheel.namelist() if ".dist-info/" not in n}
        expected = shipped_sources()
        assert names == set(expected), f"missing {sorted(set(expected) - names)}, unexpected {sorted(names - set(expected))}"
        for name, data in expected.items():
            assert wheel.read(name) == data, name
    from generator.emit.render import CHANNEL_FILES, OUTPUT_FILES, PACKAGE_FILES
    from generator.emit.resources import CHANNEL_RUNTIME_MODULES, RUNTIME_MODULES

    templates = {n.rsplit("/", 1)[1] for n in names if n.startswith("generator/templates/package/")}
    assert templates == set(PACKAGE_FILES) | set(CHANNEL_FILES), "every template rendered is shipped, and only those"
    beside = {n.rsplit("/", 1)[1] for n in names if n.startswith("generator/templates/package_files/")}
    assert beside == set(OUTPUT_FILES), "every template of the files beside the package is shipped, and only those"
    assert {f"generator/emit/runtime/{name}" for name in RUNTIME_MODULES + CHANNEL_RUNTIME_MODULES} <= names


def test_sdist_carries_the_sources_the_wheel_is_built_from(distributions):
    with tarfile.open(distributions.sdist) as sdist:
        names = {m.name.split("/", 1)[1] for m in sdist.getmembers() if m.isfile()}
    for name in project_files():
        if name.startswith(("generator/", "templates/")) or name in ("pyproject.toml", "README.md"):
            assert name in names, f"{name} is not in the sdist"


# -- dependencies ---------------------------------------------------------------------------


def imported_distributions() -> tuple[set[str], set[str]]:
    """(distributions imported at module level or in functions, those imported inside a
    `try` that handles ImportError: optional ones), by canonical name."""
    by_module = packages_distributions()
    required: set[str] = set()
    optional: set[str] = set()
    runtime = ROOT / "generator" / "emit" / "runtime"  # copied into generated packages, never imported by the tool
    for path in sorted(p for p in (ROOT / "generator").rglob("*.py") if runtime not in p.parents):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {
            id(node)
            for handler_owner in ast.walk(tree)
            if isinstance(handler_owner, ast.Try) and any(_catches_import_error(h) for h in handler_owner.handlers)
            for statement in handler_owner.body
            for node in ast.walk(statement)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top == "generator":
                    continue
                assert top in by_module, f"{path.name} imports {top}, which no installed distribution provides"
                for dist in by_module[top]:
                    (optional if id(node) in guarded else required).add(canonicalize_name(dist))
    return required, optional


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    names = [handler.type] if not isinstance(handler.type, ast.Tuple) else list(handler.type.elts)
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError") for n in names)


def wheel_requirements(wheel: Path) -> tuple[set[str], dict[str, set[str]]]:
    """(what `pip install sdkgen` pulls, what each extra adds), by canonical name."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
    runtime: set[str] = set()
    extras: dict[str, set[str]] = {}
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        marker = str(requirement.marker or "")
        if not marker:
            runtime.add(canonicalize_name(requirement.name))
            continue
        extra = marker.split("extra ==", 1)[1].strip().strip("'\"")
        extras.setdefault(extra, set()).add(canonicalize_name(requirement.name))
    return runtime, extras


def test_pip_install_pulls_only_what_the_tool_imports(distributions):
    required, optional = imported_distributions()
    runtime, extras = wheel_requirements(distributions.wheel)
    assert runtime == required, f"declared but not imported: {sorted(runtime - required)}; imported but not declared: {sorted(required - runtime)}"
    for dist in optional:
        assert any(dist in members for members in extras.values()), f"{dist} is imported optionally but no extra installs it"
    assert "datamodel-code-generator" not in runtime and "openapi-python-client" not in runtime
    assert {"datamodel-code-generator", "openapi-python-client"} <= extras["interop"], "the peers are pinned in the extra that uses them"


# -- the installed tool, from a directory unrelated to the checkout --------------------------


def test_installed_tool_runs_outside_the_checkout(installed, tmp_path, monkeypatch):
    where = installed.run(installed.python, "-c", "import generator; print(generator.__file__)", cwd=tmp_path, check=True)
    location = Path(where.stdout.strip()).resolve()
    assert location.is_relative_to(site_packages(installed).resolve()), location
    assert not location.is_relative_to(ROOT.resolve())
    assert not any(p.name.startswith("__editable__") for p in site_packages(installed).iterdir()), "installed non-editable"

    user = tmp_path / "user"
    shutil.copytree(ROOT / "specs", user / "specs")
    sdkgen = installed.executable("sdkgen")

    generated = installed.run(sdkgen, "regenerate-sdk", *SEED_OPTIONS, cwd=user)
    assert generated.returncode == 0, generated.stderr
    assert "Traceback" not in generated.stderr
    package = user / "gen" / "convai"
    from generator.emit.resources import RUNTIME_MODULES

    assert {p.relative_to(package).as_posix() for p in package.rglob("*.py")} >= {"__init__.py", "_client.py", "models.py", "provenance.py", *RUNTIME_MODULES}

    checked = installed.run(sdkgen, "check", *SEED_OPTIONS, cwd=user)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # The same bytes, provenance stamp included, as the checkout's own tool writes.
    from generator.cli import main

    here = tmp_path / "checkout-tool"
    shutil.copytree(ROOT / "specs", here / "specs")
    monkeypatch.chdir(here)
    result = CliRunner().invoke(main, ["regenerate-sdk", *SEED_OPTIONS, "-q"])
    assert result.exit_code == 0, result.output
    assert tree_bytes(here / "gen") == tree_bytes(user / "gen")

    # A drifted file is caught, with a diff, and a regeneration puts it right.
    models = package / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    drifted = installed.run(sdkgen, "check", *SEED_OPTIONS, cwd=user)
    assert drifted.returncode == 1 and "-# edited by hand" in drifted.stdout, drifted.stdout + drifted.stderr
    assert installed.run(sdkgen, "regenerate-sdk", *SEED_OPTIONS, "-q", cwd=user).returncode == 0
    assert installed.run(sdkgen, "check", *SEED_OPTIONS, cwd=user).returncode == 0


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_installed_merge_and_diff(installed, tmp_path):
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    sdkgen = installed.executable("sdkgen")

    merged = installed.run(sdkgen, "merge", "--specs", "specs", "-o", "merged.json", "--report", "report.md", cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    document = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    operations = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert "conversational_ai.conversations.get" in operations and len(operations) == 9
    assert "conversational_ai.conversations.get" in (tmp_path / "report.md").read_text(encoding="utf-8")

    # --validate needs an extra; without it, a clear message, not a traceback.
    validated = installed.run(sdkgen, "merge", "--specs", "specs", "-o", "v.json", "--validate", cwd=tmp_path)
    assert validated.returncode == 2 and "Traceback" not in validated.stderr, validated.stderr
    assert "sdkgen[validate]" in validated.stderr and not (tmp_path / "v.json").exists()

    changes = installed.run(sdkgen, "diff", "specs/000_e51cddadaad6cee6.txt", "specs/002_4f1773c1611494b3.txt", "--format", "json", cwd=tmp_path)
    assert changes.returncode == 0, changes.stderr
    listed = json.loads(changes.stdout)
    assert listed["breaking"] and listed["not_breaking"], "the two snapshots differ both ways"


def test_generated_package_imports_and_calls_from_the_installed_tool(installed, tmp_path):
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    assert installed.run(installed.executable("sdkgen"), "regenerate-sdk", *SEED_OPTIONS, "-q", cwd=tmp_path).returncode == 0
    script = (
        "import sys\n"
        "from convai import ElevenLabs\n"
        "client = ElevenLabs(api_key='key-1', base_url=sys.argv[1])\n"
        "page = client.conversational_ai.conversations.list(page_size=1)\n"
        "print(type(page).__name__, page.has_more, page.conversations)\n"
    )
    with serving(lambda request: Response.json({"conversations": [], "has_more": False}), max_requests=1) as server:
        called = installed.run(installed.python, "-c", script, server.url, cwd=tmp_path / "gen")
        assert called.returncode == 0, called.stderr
        (request,) = server.requests
    assert called.stdout.split() == ["GetConversationsPageResponseModel", "False", "[]"]
    assert (request.method, request.path, request.query) == ("GET", "/v1/convai/conversations", [("page_size", "1")])
    assert request.header("xi-api-key") == "key-1"


def test_installed_tool_without_its_formatter_says_so(distributions, tmp_path):
    """A venv where everything sdkgen needs is installed but ruff (an installer that skipped
    it, a platform without its wheel): `merge` and `diff` work, `regenerate-sdk` and `check`
    stop with exit 2 and say how to install ruff, no traceback, nothing written."""
    from installing import make_venv

    runtime, _ = wheel_requirements(distributions.wheel)
    assert "ruff" in runtime
    venv = make_venv(tmp_path / "venv", *sorted(runtime - {"ruff"}))
    venv.run(venv.python, "-m", "pip", "install", "-q", "--no-deps", distributions.wheel, cwd=tmp_path, check=True, timeout=300)
    assert venv.run(venv.python, "-c", "import ruff", cwd=tmp_path).returncode != 0, "ruff left out"
    user = tmp_path / "user"
    shutil.copytree(ROOT / "specs", user / "specs")
    sdkgen = venv.executable("sdkgen")
    merged = venv.run(sdkgen, "merge", "--specs", "specs", "-o", "merged.json", "--report", "report.md", cwd=user)
    assert merged.returncode == 0 and (user / "merged.json").is_file(), merged.stderr
    for command in ("regenerate-sdk", "check"):
        result = venv.run(sdkgen, command, *SEED_OPTIONS, cwd=user)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "ruff, is not installed" in result.stderr and "pip install ruff==" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (user / "gen").exists()
