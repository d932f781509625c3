"""The pre-commit hook and the README's CI snippet, run on a temporary git repository.

pre-commit itself is not installed by the tests (it would build a virtualenv from the
package index); the hook is run the way pre-commit runs a `language: python` hook with
`pass_filenames: false`: its `entry` in the repository root, when a staged file matches its
`files` pattern.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def sdkgen_env() -> dict[str, str]:
    """`sdkgen` on PATH as the project installed it, or as a shim over this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if shutil.which("sdkgen") is None:
        shim = Path(os.environ.get("TMPDIR", "/tmp")) / "sdkgen-shim"
        shim.mkdir(exist_ok=True)
        (shim / "sdkgen").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m generator "$@"\n')
        (shim / "sdkgen").chmod(0o755)
        env["PATH"] = f"{shim}{os.pathsep}{env['PATH']}"
    return env


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project that vendors the SDK: pages, settings and the committed generated package."""
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = settings[settings.index("[tool.sdkgen]") :].split("\n[", 1)[0]
    (tmp_path / "pyproject.toml").write_text(section + "\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "vendor the SDK")
    return tmp_path


def run_hook(repo: Path) -> subprocess.CompletedProcess[str] | None:
    """Run our sdkgen-check hook as pre-commit would; None when no staged file concerns it."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "sdkgen-check")
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    staged = git(repo, "diff", "--cached", "--name-only").split()
    if not any(re.search(hook["files"], name) for name in staged):
        return None
    return subprocess.run(shlex.split(hook["entry"]), cwd=repo, env=sdkgen_env(), capture_output=True, text=True, timeout=300)


def change_page(repo: Path, old: str, new: str) -> None:
    page = repo / "specs" / "002_4f1773c1611494b3.txt"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pre_commit_hook(repo):
    (repo / "notes.txt").write_text("unrelated")
    git(repo, "add", "notes.txt")
    assert run_hook(repo) is None, "the hook must not run for files it does not concern"

    change_page(repo, "- value: gpt-4o-mini\n", "- value: gpt-4o-mini-2026\n")
    git(repo, "add", "-A")
    failed = run_hook(repo)
    assert failed is not None and failed.returncode == 1
    assert '"gpt-4o-mini-2026"' in failed.stdout and "out of date" in failed.stderr

    subprocess.run(["sdkgen", "regenerate-sdk", "-q"], cwd=repo, env=sdkgen_env(), check=True, timeout=300)
    git(repo, "add", "-A")
    passed = run_hook(repo)
    assert passed is not None and passed.returncode == 0, passed.stdout + passed.stderr


def ci_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### In CI and in pre-commit") :]
    return re.findall(r"```sh\n(.*?)```", section, re.S)[0]


def run_ci(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {**sdkgen_env(), "BASE_REF": "main"}
    return subprocess.run(["bash", "-c", ci_snippet()], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_ci_snippet_on_a_pull_request(repo):
    git(repo, "checkout", "-q", "-b", "feature")
    # A change that does not break callers: a response gains a field.
    change_page(repo, "    TokenResponseModel:\n      type: object\n      properties:\n",
                "    TokenResponseModel:\n      type: object\n      properties:\n        expires_at:\n          type: integer\n")  # fmt: skip
    subprocess.run(["sdkgen", "regenerate-sdk", "-q"], cwd=repo, env=sdkgen_env(), check=True, timeout=300)
    git(repo, "commit", "-q", "-am", "update the pages")
    result = run_ci(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    report = (repo / "api-changes.md").read_text(encoding="utf-8")
    assert "0 breaking" in report and "`models.TokenResponseModel.expires_at`: field added (response)" in report

    # A change that does: a query parameter becomes required.
    change_page(repo, "- name: page_size\n          in: query\n          description: >-\n            How many conversations to return at maximum. Can not exceed 100,\n            defaults to 30.\n          required: false",
                "- name: page_size\n          in: query\n          description: >-\n            How many conversations to return at maximum. Can not exceed 100,\n            defaults to 30.\n          required: true")  # fmt: skip
    subprocess.run(["sdkgen", "regenerate-sdk", "-q"], cwd=repo, env=sdkgen_env(), check=True, timeout=300)
    git(repo, "commit", "-q", "-am", "page_size is now required")
    result = run_ci(repo)
    assert result.returncode == 1
    report = (repo / "api-changes.md").read_text(encoding="utf-8")
    assert "`client.conversational_ai.conversations.list(page_size=...)`: now required (request)" in report

    # And a pull request that forgot to regenerate fails on the drift check first.
    change_page(repo, "- value: gpt-4o\n", "- value: gpt-4o-2026\n")
    git(repo, "commit", "-q", "-am", "pages only")
    result = run_ci(repo)
    assert result.returncode == 1 and "out of date" in result.stderr
