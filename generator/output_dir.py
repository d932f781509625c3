"""The output directory: compare it with generated files, or replace it as a whole.

A run writes every file into a new sibling directory, then swaps it in with two renames, so
a failure or Ctrl-C at any point before the swap leaves the previous output exactly as it
was. A manifest (file → sha256) marks a directory as ours: a non-empty directory without
one is never replaced, so `--out .` cannot wipe a project.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MANIFEST = "sdkgen-manifest.json"
IGNORED_DIRECTORIES = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})


class OutputError(Exception):
    """The output directory cannot be written (message says why)."""


def with_manifest(files: dict[str, bytes], generator: str, inputs_sha256: str) -> dict[str, bytes]:
    """`files` plus the manifest that lists them with their hashes, and the inputs' hash."""
    for path in files:
        check_relative_path(path)
    listing = {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}
    manifest = json.dumps({"generator": generator, "inputs_sha256": inputs_sha256, "files": listing}, indent=2) + "\n"
    return {**files, MANIFEST: manifest.encode()}


def is_current(root: Path, generator: str, inputs_sha256: str) -> bool:
    """True when `root` was generated from these very inputs by this very generator, and no
    file in it was changed, added or removed since: then regenerating would change nothing."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict) or manifest.get("generator") != generator or manifest.get("inputs_sha256") != inputs_sha256:
        return False
    listed = manifest.get("files")
    current = read_tree(root)
    current.pop(MANIFEST, None)
    if not isinstance(listed, dict) or set(listed) != set(current):
        return False
    return all(hashlib.sha256(data).hexdigest() == listed[path] for path, data in current.items())


def check_relative_path(path: str) -> None:
    """A generated path must stay inside the output directory, whatever a spec says."""
    pure = PurePosixPath(path)
    if (
        not path
        or "\x00" in path
        or "\\" in path
        or pure.is_absolute()
        or any(part in ("", ".", "..") for part in path.split("/"))
        or ":" in path
    ):
        raise OutputError(f"refusing to write {path!r}: not a plain relative path")


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative POSIX path, caches left out."""
    found: dict[str, bytes] = {}
    if not root.is_dir():
        return found
    for directory, subdirectories, filenames in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in IGNORED_DIRECTORIES)
        for filename in sorted(filenames):
            if filename.endswith(".pyc"):
                continue
            full = Path(directory) / filename
            found[full.relative_to(root).as_posix()] = full.read_bytes()
    return found


@dataclass(frozen=True)
class FileChange:
    path: str
    kind: str  # "modified" | "added" | "removed"
    diff: str


def compare_tree(root: Path, files: dict[str, bytes]) -> list[FileChange]:
    """What regenerating would change in `root`: unified diffs, file by file."""
    current = read_tree(root)
    changes: list[FileChange] = []
    for path in sorted(set(current) | set(files)):
        old, new = current.get(path), files.get(path)
        if old == new:
            continue
        kind = "added" if old is None else "removed" if new is None else "modified"
        changes.append(FileChange(path, kind, _unified_diff(path, old, new)))
    return changes


def _unified_diff(path: str, old: bytes | None, new: bytes | None) -> str:
    def lines(data: bytes | None) -> list[str]:
        if data is None:
            return []
        return data.decode("utf-8", errors="replace").splitlines(keepends=True)

    diff = difflib.unified_diff(
        lines(old),
        lines(new),
        fromfile=f"a/{path}" if old is not None else "/dev/null",
        tofile=f"b/{path}" if new is not None else "/dev/null",
    )
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff)
    return text


def replace_tree(root: Path, files: dict[str, bytes]) -> bool:
    """Make `root` hold exactly `files`. False when it already did (nothing is touched)."""
    if read_tree(root) == files:
        return False
    if root.exists() and not root.is_dir():
        raise OutputError(f"{root} exists and is not a directory")
    if root.is_dir() and any(root.iterdir()) and not (root / MANIFEST).is_file():
        raise OutputError(f"{root} is not empty and was not written by sdkgen (no {MANIFEST}); refusing to replace it")
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = root.parent / f".{root.name}.sdkgen-new-{os.getpid()}"
    backup = root.parent / f".{root.name}.sdkgen-old-{os.getpid()}"
    try:
        for path, data in files.items():
            check_relative_path(path)
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if root.exists():
            os.rename(root, backup)
        try:
            os.rename(staging, root)
        except BaseException:
            if backup.exists():
                os.rename(backup, root)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(backup, ignore_errors=True)
    return True
