from __future__ import annotations

import atexit
import functools
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED_OLD = ROOT / "specs" / "000_e51cddadaad6cee6.txt"
SEED_NEW = ROOT / "specs" / "002_4f1773c1611494b3.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator.common.diagnostics import Diagnostics  # noqa: E402
from generator.pipeline import MergeOutput, build_merged_document  # noqa: E402


def fixture_input(folder: Path) -> Path:
    """An SDK fixture's input: its `spec.yaml`, else its folder `pages/` of reference pages."""
    return folder / "spec.yaml" if (folder / "spec.yaml").is_file() else folder / "pages"


def merge_paths(*paths: Path | str) -> tuple[MergeOutput | None, Diagnostics]:
    diagnostics = Diagnostics()
    return build_merged_document([str(p) for p in paths], diagnostics), diagnostics


@pytest.fixture(scope="session")
def seed_merge() -> MergeOutput:
    merged, diagnostics = merge_paths(ROOT / "specs")
    assert merged is not None, [str(d) for d in diagnostics.items]
    return merged


def needs_corpus(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present")


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory):
    """The sdist and wheel `python -m build` makes from a clean copy of the project."""
    from installing import build_distributions, clean_copy

    source = clean_copy(tmp_path_factory.mktemp("checkout") / "sdkgen")
    return build_distributions(source, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def installed(distributions, tmp_path_factory: pytest.TempPathFactory):
    """A fresh venv with the wheel installed as a user installs it (plus what the generated
    package needs at run time), far from the checkout."""
    from installing import make_venv

    return make_venv(tmp_path_factory.mktemp("user-venv") / "venv", distributions.wheel, "httpx>=0.27,<0.29", "pydantic>=2.11")


@functools.cache
def mypy_cache_dir() -> str:
    """One mypy cache for the whole test run: the standard library's and the dependencies'
    types are analysed once, not by every mypy run (mypy rechecks what changed)."""
    folder = tempfile.mkdtemp(prefix="sdkgen-mypy-cache-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


def ruff_check_command(*paths: str) -> list[str]:
    """`ruff check` with the project's rules (pyproject.toml), for a folder anywhere: the
    generated packages are held to the rules the generator meets."""
    import tomllib

    from generator.emit.formatting import ruff_binary

    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    return [ruff_binary(), "check", "--isolated", "--no-cache", f"--select={','.join(lint['select'])}", f"--ignore={','.join(lint['ignore'])}", *paths]
