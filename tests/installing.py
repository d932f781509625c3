"""sdkgen installed as users install it: built into an sdist and a wheel from a clean copy of
the project, and the wheel installed into a fresh virtual environment outside the checkout.

The copy holds the files git would check out (tracked, plus new files not ignored), so what
is tested is what a clean checkout builds. The build runs without isolation, with the
setuptools the test environment has (`.[test]` asks for the version pyproject.toml needs),
so it needs no network; the venv installs the wheel's dependencies from the package index,
as a user's `pip install` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALL_TIMEOUT = 600  # seconds; a pip install from the package index
RUN_TIMEOUT = 300


@dataclass(frozen=True)
class Distributions:
    sdist: Path
    wheel: Path


@dataclass(frozen=True)
class Venv:
    root: Path

    @property
    def bin(self) -> Path:
        return self.root / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> Path:
        return self.bin / ("python.exe" if os.name == "nt" else "python")

    def executable(self, name: str) -> Path:
        return self.bin / name

    def env(self) -> dict[str, str]:
        """The environment of a user's shell with this venv first on PATH: nothing points
        back at the checkout (no PYTHONPATH, no user site-packages)."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(self.root)
        env["PYTHONNOUSERSITE"] = "1"
        return env

    def run(self, *args: str | Path, cwd: Path, check: bool = False, timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        result = subprocess.run(command, cwd=cwd, env=self.env(), capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result


def project_files(root: Path = ROOT) -> list[str]:
    """The files a clean checkout has (relative paths)."""
    if (root / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True, timeout=60,
        ).stdout.decode()
        return sorted(name for name in listed.split("\0") if name and (root / name).is_file())
    skip = {".git", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache"}
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not skip & set(path.relative_to(root).parts) and not path.name.endswith((".pyc", ".egg-info"))
    )


def clean_copy(destination: Path, root: Path = ROOT) -> Path:
    for name in project_files(root):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)
    return destination


def build_distributions(source: Path, outdir: Path) -> Distributions:
    """`python -m build`: the sdist from the source tree, then the wheel from that sdist."""
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(source)],
        cwd=source, capture_output=True, text=True, check=True, timeout=INSTALL_TIMEOUT,
    )
    (sdist,) = outdir.glob("sdkgen-*.tar.gz")
    (wheel,) = outdir.glob("sdkgen-*.whl")
    return Distributions(sdist, wheel)


def make_venv(root: Path, *requirements: str | Path) -> Venv:
    """A fresh venv (no system site-packages) with `requirements` installed by pip."""
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, capture_output=True, timeout=INSTALL_TIMEOUT)
    venv = Venv(root)
    if requirements:
        venv.run(venv.python, "-m", "pip", "install", "-q", *requirements, cwd=root, check=True, timeout=INSTALL_TIMEOUT)
    return venv


def site_packages(venv: Venv) -> Path:
    scheme = sysconfig.get_paths(vars={"base": str(venv.root), "platbase": str(venv.root)})
    return Path(scheme["purelib"])
