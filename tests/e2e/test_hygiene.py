"""The generator's own code meets the bar its output meets: `mypy --strict` and `ruff check`
(the rules in pyproject.toml) pass on `generator/` (the runtime modules included) and on
the benchmark. Generated packages are held to the same in test_goldens.py and
test_fuzz.py."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, mypy_cache_dir
from generator.emit.formatting import ruff_binary


def test_generator_passes_mypy_strict():
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", mypy_cache_dir(), "generator"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_and_bench_pass_ruff_check():
    result = subprocess.run([ruff_binary(), "check", "--no-cache", "generator", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
