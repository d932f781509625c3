"""The output directory as hostile input: what `check` (run in CI on pull requests) and
`regenerate-sdk` do with links, special files, huge files, strangers' files, forged manifests,
and runs killed halfway.

Runs that could hang or exhaust memory on a regression (FIFOs, /dev/zero, 3 GB files) go
through a subprocess with a timeout and, where memory is the risk, an address-space limit
far below what reading the file whole would take.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from generator.output import output_dir
from generator.cli import main
from generator.output.output_dir import MANIFEST, read_tree, replace_tree

GOLDEN = FIXTURES / "sdk" / "unions" / "golden"
SPEC = FIXTURES / "sdk" / "unions" / "spec.yaml"
SECRET = "TOP-SECRET-VALUE-1234"
posix_only = pytest.mark.skipif(os.name != "posix", reason="links, FIFOs and signals as on POSIX")


def args(out: Path) -> list[str]:
    return ["--specs", str(SPEC), "--out", str(out), "--package", "unions_sdk", "--client-name", "Unions", "--title", "Unions fixture"]


def invoke(command: str, out: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [command, *args(out)])
    assert "Traceback" not in result.stderr, result.stderr
    return result.exit_code, result.stdout, result.stderr


def run_cli(command: str, out: Path, memory_limit: int | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process, bounded in time (and in address space when asked)."""
    def limit() -> None:
        if memory_limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return subprocess.run(
        [sys.executable, "-m", "generator", command, *args(out)],
        capture_output=True, text=True, timeout=timeout, preexec_fn=limit, cwd=out.parent,
    )


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(GOLDEN, target)
    return target


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "environ"
    path.parent.mkdir()
    path.write_text(f"AWS_SECRET={SECRET}\n")
    return path


# -- check: nothing in the directory is followed, trusted or printed raw ----------------------


@posix_only
def test_check_reports_a_link_without_following_or_printing_it(out, secret_file):
    (out / "unions_sdk" / "extra.py").symlink_to(secret_file)
    (out / "unions_sdk" / "models.py").unlink()
    (out / "unions_sdk" / "models.py").symlink_to(secret_file)
    code, stdout, stderr = invoke("check", out)
    assert code == 1
    assert SECRET not in stdout + stderr
    assert "unions_sdk/extra.py: is a symbolic link (not followed)" in stdout
    assert "unions_sdk/models.py: is a symbolic link (not followed)" in stdout


@posix_only
def test_check_on_links_to_devices_and_fifos_finishes(out):
    (out / "zero.py").symlink_to("/dev/zero")
    os.mkfifo(out / "pipe.py")
    result = run_cli("check", out, memory_limit=2 << 30, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "zero.py: is a symbolic link (not followed)" in result.stdout
    assert "pipe.py: is not a regular file (not read)" in result.stdout


@posix_only
def test_check_on_an_output_directory_that_is_a_link(tmp_path, secret_file):
    (tmp_path / "out").symlink_to(secret_file.parent)
    code, stdout, stderr = invoke("check", tmp_path / "out")
    assert code == 1 and SECRET not in stdout + stderr
    assert "is a symbolic link, not a directory (not followed)" in stdout


@posix_only
def test_check_does_not_read_a_huge_file_whole(out):
    models = out / "unions_sdk" / "models.py"
    with open(models, "r+b") as handle:
        handle.truncate(3 << 30)  # sparse: 3 GiB that cost no disk
    result = run_cli("check", out, memory_limit=1 << 30)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"models.py: is larger than {output_dir.MAX_FILE_BYTES} bytes (not read)" in result.stdout


def test_check_escapes_control_characters_in_diffs(out):
    """A pull request's file reaches the CI log only with its control characters escaped."""
    (out / "unions_sdk" / "notes.py").write_bytes(b"x = 1\r::error::forged\n\x1b[2Jclear\n\xe2\x80\xaereversed\n")
    code, stdout, _ = invoke("check", out)
    assert code == 1
    assert "\x1b" not in stdout and "\r" not in stdout and "\u202e" not in stdout
    assert "-x = 1\\x0d::error::forged" in stdout and "-\\x1b[2Jclear" in stdout and "\\u202ereversed" in stdout


# -- regenerate-sdk: ours only when the manifest says so, strangers' files never deleted ------


def test_files_the_manifest_does_not_list_are_never_deleted(out):
    (out / "NOTES.md").write_text("my notes")
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("[core]")
    (out / "unions_sdk" / "models.py").write_text("edited")  # ours: replaced
    before = read_tree(out)
    code, _, stderr = invoke("regenerate-sdk", out)
    assert code == 2
    assert "holds files sdkgen did not write (.git/config, NOTES.md)" in stderr
    assert read_tree(out) == before


def test_tool_caches_are_not_strangers(out):
    (out / "unions_sdk" / "__pycache__").mkdir()
    (out / "unions_sdk" / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\0")
    (out / ".mypy_cache").mkdir()
    (out / "unions_sdk" / "models.py").write_text("edited")
    code, _, stderr = invoke("regenerate-sdk", out)
    assert code == 0, stderr
    assert read_tree(out) == read_tree(GOLDEN)


@pytest.mark.parametrize(
    "manifest",
    [b"", b"{", b"[]", b'{"files": {}}', b'{"generator": "sdkgen", "files": {"a.py": "not-a-hash"}}', b'{"generator": "x", "files": []}'],
)
def test_an_invalid_manifest_does_not_make_a_directory_ours(tmp_path, manifest):
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_bytes(manifest)
    (out / "keep.txt").write_text("keep")
    code, _, stderr = invoke("regenerate-sdk", out)
    assert code == 2 and "no valid sdkgen-manifest.json" in stderr
    assert (out / "keep.txt").read_text() == "keep" and (out / MANIFEST).read_bytes() == manifest


@posix_only
def test_a_fifo_in_a_directory_that_is_not_ours_does_not_hang(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "pipe")
    result = run_cli("regenerate-sdk", out, timeout=60)
    assert result.returncode == 2 and "not written by sdkgen" in result.stderr


@posix_only
def test_a_fifo_in_our_directory_is_a_stranger(out):
    os.mkfifo(out / "unions_sdk" / "pipe.py")
    result = run_cli("regenerate-sdk", out, timeout=60)
    assert result.returncode == 2 and "holds files sdkgen did not write (unions_sdk/pipe.py)" in result.stderr


@posix_only
def test_a_huge_file_is_not_read_before_the_ownership_check(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / "big.bin", "wb") as handle:
        handle.truncate(3 << 30)
    result = run_cli("regenerate-sdk", out, memory_limit=1 << 30)
    assert result.returncode == 2 and "not written by sdkgen" in result.stderr
    assert (out / "big.bin").stat().st_size == 3 << 30


def test_nothing_is_read_before_refusing_a_directory_that_is_not_ours(tmp_path, monkeypatch):
    """`--out` pointing at a big foreign tree (`/`, a home directory): refused at once."""
    for name in ("a", "b/c", "d/e/f"):
        (tmp_path / "tree" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "tree" / name).write_text("data")

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("read a file of a directory that is not ours")

    monkeypatch.setattr(output_dir, "scan_tree", no_reading)
    monkeypatch.setattr(output_dir, "_entry", no_reading)
    code, _, stderr = invoke("regenerate-sdk", tmp_path / "tree")
    assert code == 2 and "not written by sdkgen" in stderr
    code, _, stderr = invoke("regenerate-sdk", Path("/"))
    assert code == 2 and "not written by sdkgen" in stderr


@posix_only
def test_an_output_directory_that_is_a_link_is_refused(tmp_path):
    real = tmp_path / "real"
    shutil.copytree(GOLDEN, real)
    before = read_tree(real)
    (tmp_path / "out").symlink_to(real)
    code, _, stderr = invoke("regenerate-sdk", tmp_path / "out")
    assert code == 2 and "is a symbolic link" in stderr
    assert (tmp_path / "out").is_symlink() and read_tree(real) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "real"], "nothing left beside it"


# -- the swap: old or new at every instant, even across SIGKILL -----------------------------


KILLED_RUN = """
import os, shutil, signal, sys
from pathlib import Path
from generator.output import output_dir

mode = sys.argv[1]
if mode == "between-renames":
    output_dir.exchange = lambda a, b: False
    calls = []
    real = os.rename
    def rename(src, dst):
        calls.append(src)
        if len(calls) == 2:  # the old tree is aside, the new one not yet in place
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst)
    output_dir.os.rename = rename
elif mode == "before-exchange":
    def exchange(a, b):
        os.kill(os.getpid(), signal.SIGKILL)
    output_dir.exchange = exchange
elif mode == "after-exchange":
    real_rmtree = shutil.rmtree
    def rmtree(path, *args, **kwargs):  # shutil's own, for every other caller (tempfile)
        if "sdkgen-new" in str(path) and Path(path).exists() and any(Path(path).iterdir()):
            os.kill(os.getpid(), signal.SIGKILL)
        real_rmtree(path, *args, **kwargs)
    output_dir.shutil.rmtree = rmtree
from generator.cli import main
main(sys.argv[2:])
"""


@posix_only
@pytest.mark.parametrize("mode", ["between-renames", "before-exchange", "after-exchange"])
def test_a_killed_run_leaves_a_whole_tree_and_the_next_run_cleans_up(out, tmp_path, mode):
    if mode != "between-renames" and output_dir._exchange_function() is None:
        pytest.skip("no atomic exchange on this system")
    old = read_tree(out)
    (out / "unions_sdk" / "models.py").write_text("edited by hand\n")  # so the run must write
    edited = read_tree(out)
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(KILLED_RUN))
    killed = subprocess.run(
        [sys.executable, str(script), mode, "regenerate-sdk", *args(out)], capture_output=True, text=True, timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if ".sdkgen-" in p.name]
    assert leftovers, "the run was killed mid-swap"
    if mode == "before-exchange":
        assert read_tree(out) == edited, "the old tree stays whole"
    elif mode == "after-exchange":
        assert read_tree(out) == old, "the new tree is whole"
    else:
        assert not out.exists(), "without an atomic exchange there is a moment with no tree"

    code, _, stderr = invoke("regenerate-sdk", out)
    assert code == 0, stderr
    assert read_tree(out) == old
    assert not [p.name for p in tmp_path.iterdir() if ".sdkgen-" in p.name], "staging cleaned up"


def test_a_failing_exchange_leaves_the_old_tree(out, monkeypatch):
    def failing(a: Path, b: Path) -> bool:
        raise OSError(28, "No space left on device")

    (out / "unions_sdk" / "models.py").write_text("edited by hand\n")
    before = read_tree(out)
    monkeypatch.setattr(output_dir, "exchange", failing)
    with pytest.raises(OSError):
        replace_tree(out, {**read_tree(GOLDEN)})
    assert read_tree(out) == before
    assert not [p for p in out.parent.iterdir() if ".sdkgen-" in p.name]


def test_staging_of_a_live_run_is_left_alone(out):
    live = out.parent / f".out.sdkgen-new-{os.getppid()}"
    live.mkdir()
    (out / "unions_sdk" / "models.py").write_text("edited by hand\n")
    assert invoke("regenerate-sdk", out)[0] == 0
    assert live.is_dir()


# -- no on-disk cache -------------------------------------------------------------------------


def test_generation_reads_and_writes_no_cache(tmp_path, monkeypatch):
    """Nothing outside the inputs shapes the output: no formatter cache to poison."""
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    out = tmp_path / "out"
    assert invoke("regenerate-sdk", out)[0] == 0
    assert read_tree(out) == read_tree(GOLDEN)
    assert not any(cache.rglob("*")) and not (tmp_path / "home").exists()


def test_the_manifest_lists_every_file(out):
    manifest = json.loads((out / MANIFEST).read_text())
    assert set(manifest["files"]) == set(read_tree(out)) - {MANIFEST}
