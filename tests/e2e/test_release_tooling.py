"""The pre-commit hook and the CI snippet of docs/release.md, run on a temporary git repository, with
sdkgen installed as users install it.

The hook is run by the real pre-commit: it clones sdkgen from a git repository (a commit of a
clean copy of this project), installs it non-editable into its own virtualenv, and runs the
hook from `git commit`. The CI snippet runs the `sdkgen` of the wheel installed into a fresh
venv (the `installed` fixture), as a CI job that pip-installs sdkgen would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from installing import INSTALL_TIMEOUT, Venv, clean_copy

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **IDENTITY}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True, timeout=120).stdout


def vendoring_project(path: Path) -> Path:
    """A project that vendors the SDK: pages, settings and the committed generated package."""
    shutil.copytree(ROOT / "specs", path / "specs")
    shutil.copytree(ROOT / "generated", path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = settings[settings.index("[tool.sdkgen]") :].split("\n[", 1)[0]
    (path / "pyproject.toml").write_text(section + "\n", encoding="utf-8")
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "vendor the SDK")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return vendoring_project(tmp_path / "project")


def change_page(repo: Path, old: str, new: str) -> None:
    page = repo / "specs" / "002_4f1773c1611494b3.txt"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- pre-commit ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sdkgen_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """sdkgen as a hook repository: a git repository holding one commit of a clean copy."""
    path = clean_copy(tmp_path_factory.mktemp("hook-repo") / "sdkgen")
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "sdkgen")
    return path, git(path, "rev-parse", "HEAD").strip()


def pre_commit_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, **IDENTITY, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


def commit(repo: Path, home: Path, message: str) -> subprocess.CompletedProcess[str]:
    """`git commit` with the hooks pre-commit installed; the first one builds the hook's env."""
    return subprocess.run(
        ["git", "commit", "-q", "-m", message], cwd=repo, env=pre_commit_env(home), capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
    )


def test_pre_commit_hook(repo, sdkgen_repository, installed, tmp_path):
    hook_repo, rev = sdkgen_repository
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "sdkgen-check"}]}]}), encoding="utf-8"
    )
    home = tmp_path / "pre-commit-home"
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=pre_commit_env(home), check=True, capture_output=True, timeout=120)
    git(repo, "add", ".pre-commit-config.yaml")
    first = commit(repo, home, "use the hook")  # a file the hook does not concern
    assert first.returncode == 0 and re.search(r"sdkgen check .*Skipped", first.stderr), first.stdout + first.stderr

    everything = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=pre_commit_env(home), capture_output=True, text=True, timeout=300,
    )
    assert everything.returncode == 0 and re.search(r"sdkgen check .*Passed", everything.stdout), everything.stdout + everything.stderr

    # pre-commit installed sdkgen as users get it: a wheel, not an editable install.
    (hook_env,) = [p for p in home.glob("repo*/py_env-*") if p.is_dir()]
    (site,) = hook_env.glob("lib/python*/site-packages")
    assert (site / "generator" / "templates" / "package" / "_client.py.jinja").is_file()
    assert not any(p.name.startswith("__editable__") or p.suffix == ".pth" and "sdkgen" in p.name for p in site.iterdir())

    change_page(repo, "- value: gpt-4o-mini\n", "- value: gpt-4o-mini-2026\n")
    git(repo, "add", "-A")
    refused = commit(repo, home, "pages only")
    output = refused.stdout + refused.stderr
    assert refused.returncode == 1, output
    assert '"gpt-4o-mini-2026"' in output and "out of date" in output and "Failed" in output
    assert git(repo, "log", "-1", "--format=%s").strip() == "use the hook", "the commit was refused"

    installed.run(installed.executable("sdkgen"), "regenerate-sdk", "-q", cwd=repo, check=True)
    git(repo, "add", "-A")
    accepted = commit(repo, home, "pages and the SDK")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(repo, "log", "-1", "--format=%s").strip() == "pages and the SDK"


# -- the CI snippet of docs/release.md -------------------------------------------------------


def ci_snippet() -> str:
    release = (ROOT / "docs" / "release.md").read_text(encoding="utf-8")
    section = release[release.index("## In CI and in pre-commit") :]
    return re.findall(r"```sh\n(.*?)```", section, re.S)[0]


def run_ci(repo: Path, installed: Venv) -> subprocess.CompletedProcess[str]:
    env = {**installed.env(), **IDENTITY, "BASE_REF": "main"}
    return subprocess.run(["bash", "-c", ci_snippet()], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_ci_snippet_on_a_pull_request(repo, installed):
    git(repo, "checkout", "-q", "-b", "feature")
    # A change that does not break callers: a response gains a field.
    change_page(repo, "    TokenResponseModel:\n      type: object\n      properties:\n",
                "    TokenResponseModel:\n      type: object\n      properties:\n        expires_at:\n          type: integer\n")  # fmt: skip
    installed.run(installed.executable("sdkgen"), "regenerate-sdk", "-q", cwd=repo, check=True)
    git(repo, "commit", "-q", "-am", "update the pages")
    result = run_ci(repo, installed)
    assert result.returncode == 0, result.stdout + result.stderr
    report = (repo / "api-changes.md").read_text(encoding="utf-8")
    assert "0 breaking" in report and "`models.TokenResponseModel.expires_at`: field added (response)" in report

    # A change that does: a query parameter becomes required.
    change_page(repo, "- name: page_size\n          in: query\n          description: >-\n            How many conversations to return at maximum. Can not exceed 100,\n            defaults to 30.\n          required: false",
                "- name: page_size\n          in: query\n          description: >-\n            How many conversations to return at maximum. Can not exceed 100,\n            defaults to 30.\n          required: true")  # fmt: skip
    installed.run(installed.executable("sdkgen"), "regenerate-sdk", "-q", cwd=repo, check=True)
    git(repo, "commit", "-q", "-am", "page_size is now required")
    result = run_ci(repo, installed)
    assert result.returncode == 1
    report = (repo / "api-changes.md").read_text(encoding="utf-8")
    assert "`client.conversational_ai.conversations.list(page_size=...)`: now required (request)" in report

    # And a pull request that forgot to regenerate fails on the drift check first.
    change_page(repo, "- value: gpt-4o\n", "- value: gpt-4o-2026\n")
    git(repo, "commit", "-q", "-am", "pages only")
    result = run_ci(repo, installed)
    assert result.returncode == 1 and "out of date" in result.stderr
