"""The staging directory `regenerate-sdk` builds the new tree in, attacked by someone who can
write to the output directory's parent (a shared temporary or CI folder): nothing is written
through a link they plant, and nothing but the directory sdkgen made is swapped in."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.output import output_dir
from generator.output.output_dir import OutputError, read_tree, replace_tree, with_manifest

posix_only = pytest.mark.skipif(os.name != "posix", reason="links and descriptor-relative calls")

FILES = with_manifest({"pkg/__init__.py": b"", "pkg/sub/mod.py": b"X = 1\n", "README.md": b"# pkg\n"}, "sdkgen test", "0" * 64)


def fresh(tmp_path: Path) -> tuple[Path, Path]:
    out, victim = tmp_path / "shared" / "out", tmp_path / "victim"
    out.parent.mkdir()
    victim.mkdir()
    return out, victim


@posix_only
def test_a_link_planted_at_the_old_predictable_staging_path_is_not_followed(tmp_path: Path) -> None:
    out, victim = fresh(tmp_path)
    planted = out.parent / f".out.sdkgen-new-{os.getpid()}"  # the name staging had before
    planted.symlink_to(victim, target_is_directory=True)
    assert replace_tree(out, FILES)
    assert read_tree(out) == FILES
    assert not out.is_symlink() and stat.S_ISDIR(os.lstat(out).st_mode)
    assert list(victim.iterdir()) == [], "nothing written into the link's target"


@posix_only
def test_the_staging_name_is_fresh_and_private_until_filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = fresh(tmp_path)
    seen: list[tuple[str, int]] = []
    real = output_dir._own_directory

    def spy(path: Path) -> tuple[int, int]:
        seen.append((path.name, stat.S_IMODE(os.lstat(path).st_mode)))
        return real(path)

    monkeypatch.setattr(output_dir, "_own_directory", spy)
    replace_tree(out, FILES)
    replace_tree(out, {**FILES, "README.md": b"# changed\n"})
    (first, mode), (second, _) = seen
    assert first != second and first.startswith(f".out.sdkgen-new-{os.getpid()}-")
    assert mode == 0o700
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.lstat(out).st_mode) == 0o777 & ~mask, "the output gets the usual mode"


@posix_only
def test_a_staging_directory_swapped_for_a_link_while_written_is_not_swapped_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, victim = fresh(tmp_path)
    replace_tree(out, FILES)
    before = read_tree(out)
    real = output_dir._write_files

    def then_swap(staging: Path, files: dict[str, bytes], made: tuple[int, int]) -> None:
        real(staging, files, made)
        staging.rename(tmp_path / "moved-away")
        staging.symlink_to(victim, target_is_directory=True)

    monkeypatch.setattr(output_dir, "_write_files", then_swap)
    with pytest.raises(OutputError, match="replaced while sdkgen wrote it"):
        replace_tree(out, {**FILES, "README.md": b"# new\n"})
    assert read_tree(out) == before and not out.is_symlink()
    assert list(victim.iterdir()) == []


@posix_only
def test_a_link_planted_inside_the_staging_directory_is_an_error_not_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, victim = fresh(tmp_path)
    real_mkdtemp = output_dir.tempfile.mkdtemp

    def mkdtemp_then_plant(*args: object, **kwargs: object) -> str:
        made = real_mkdtemp(*args, **kwargs)  # type: ignore[call-overload]
        os.symlink(victim, os.path.join(made, "pkg"))  # a same-user race inside the new folder
        os.symlink(victim / "readme", os.path.join(made, "README.md"))
        return str(made)

    monkeypatch.setattr(output_dir.tempfile, "mkdtemp", mkdtemp_then_plant)
    with pytest.raises(OSError):
        replace_tree(out, FILES)
    assert not out.exists()
    assert list(victim.iterdir()) == []
    assert [p.name for p in out.parent.iterdir()] == [], "staging removed"


@posix_only
def test_a_planted_backup_path_stops_the_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, victim = fresh(tmp_path)
    replace_tree(out, FILES)
    before = read_tree(out)
    real = output_dir._write_files

    def plant_backup(staging: Path, files: dict[str, bytes], made: tuple[int, int]) -> None:
        real(staging, files, made)
        staging.with_name(staging.name.replace(".sdkgen-new-", ".sdkgen-old-")).symlink_to(victim)

    monkeypatch.setattr(output_dir, "_write_files", plant_backup)
    with pytest.raises(OutputError, match="exists"):
        replace_tree(out, {**FILES, "README.md": b"# new\n"})
    assert read_tree(out) == before and list(victim.iterdir()) == []
