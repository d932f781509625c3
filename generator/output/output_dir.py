"""The output directory: compare it with generated files, or replace it as a whole.

The directory may come from a pull request (`check` runs in CI on untrusted branches), so
nothing in it is trusted:

- it is read without following a symbolic link or opening anything but a regular file, and
  a file is read only up to `MAX_FILE_BYTES`; a link, a FIFO, a device or an oversized file
  is reported as a difference, never read or printed;
- it is ours only when it holds a valid manifest (`sdkgen-manifest.json`) that lists every
  file in it; any other non-empty directory is refused before a single file is read, and a
  file the manifest does not list is never deleted;
- the new tree is written beside the old one, in a staging directory made with a fresh,
  unpredictable name (`mkdtemp`: it fails rather than reuse a path someone planted), checked
  with `lstat` before use, every file created inside it through directory descriptors with
  `O_NOFOLLOW | O_EXCL` (a planted link is an error, never followed); the swap refuses
  anything but the very directory it made (same device and inode, still a directory);
- the new tree is swapped in at once: with an atomic
  exchange where the system has one (Linux `renameat2`, macOS `renamex_np`), else with two
  renames, and a run that was killed in between is repaired by the next one, which also
  removes the staging directories dead runs left behind.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

MANIFEST = "sdkgen-manifest.json"
# Made by tools that import or check the generated package, not by us: never compared, and
# removed with the old tree.
IGNORED_DIRECTORIES = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
MAX_FILE_BYTES = 64 * 1024 * 1024  # larger than any module sdkgen writes for a 16 MiB input
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_ENTRIES = 100_000  # files and links in the output directory
_STAGING = re.compile(r"^\.(?P<name>.+)\.sdkgen-(?P<kind>new|old)-(?P<pid>\d+)(?:-[A-Za-z0-9_]+)?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class OutputError(Exception):
    """The output directory cannot be written (message says why)."""


def with_manifest(files: dict[str, bytes], generator: str, inputs_sha256: str) -> dict[str, bytes]:
    """`files` plus the manifest that lists them with their hashes, and the inputs' hash."""
    for path in files:
        check_relative_path(path)
    listing = {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}
    manifest = json.dumps({"generator": generator, "inputs_sha256": inputs_sha256, "files": listing}, indent=2) + "\n"
    return {**files, MANIFEST: manifest.encode()}


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


# -- reading what is there ------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One thing in the output directory. `data` is None unless it is a regular file of at
    most `MAX_FILE_BYTES`; `problem` says why it cannot be one of ours otherwise."""

    data: bytes | None
    problem: str | None = None


def scan_tree(root: Path, read: bool = True) -> dict[str, Entry]:
    """Every file, link or other non-directory under `root`, by relative POSIX path; tool
    caches left out. Links are not followed; only regular files are opened (`read=False`:
    none is)."""
    found: dict[str, Entry] = {}
    pending = [(root, "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found[prefix.rstrip("/") or "."] = Entry(None, f"cannot be listed ({exc.strerror})")
            continue
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in IGNORED_DIRECTORIES:
                    pending.append((Path(entry.path), relative + "/"))
                continue
            if entry.name.endswith(".pyc"):
                continue
            if len(found) >= MAX_ENTRIES:
                raise OutputError(f"{root} holds more than {MAX_ENTRIES} files; refusing to read it")
            found[relative] = _entry(Path(entry.path), read)
    return dict(sorted(found.items()))


def _entry(path: Path, read: bool) -> Entry:
    try:
        info = os.lstat(path)
    except OSError as exc:
        return Entry(None, f"cannot be read ({exc.strerror})")
    if stat.S_ISLNK(info.st_mode):
        return Entry(None, "is a symbolic link (not followed)")
    if not stat.S_ISREG(info.st_mode):
        return Entry(None, "is not a regular file (not read)")
    if info.st_size > MAX_FILE_BYTES:
        return Entry(None, f"is larger than {MAX_FILE_BYTES} bytes (not read)")
    if not read:
        return Entry(None)
    data = _read_regular(path, MAX_FILE_BYTES)
    if data is None:
        return Entry(None, "changed while being read, or is not a regular file (not read)")
    return Entry(data)


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None for anything else. Opened
    without following a link and without blocking, and checked again once open."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


def read_tree(root: Path) -> dict[str, bytes]:
    """The regular files under `root` (as `scan_tree` reads them) by relative path."""
    if root.is_symlink() or not root.is_dir():
        return {}
    return {path: entry.data for path, entry in scan_tree(root).items() if entry.data is not None}


# -- comparing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileChange:
    """How one file of the output directory differs from what the spec generates."""

    path: str
    kind: str  # "modified" | "added" | "removed" | "not a file"
    diff: str


def compare_tree(root: Path, files: dict[str, bytes]) -> list[FileChange]:
    """What regenerating would change in `root`: unified diffs, file by file. What is not a
    regular file of ours is named, never followed or printed."""
    if root.is_symlink():
        return [FileChange(".", "not a file", f"{root}: is a symbolic link, not a directory (not followed)\n")]
    if root.exists() and not root.is_dir():
        return [FileChange(".", "not a file", f"{root}: is not a directory\n")]
    current = scan_tree(root) if root.is_dir() else {}
    changes: list[FileChange] = []
    for path in sorted(set(current) | set(files)):
        entry, new = current.get(path), files.get(path)
        if entry is not None and entry.problem is not None:
            changes.append(FileChange(path, "not a file", f"{root / path}: {entry.problem}\n"))
            continue
        old = entry.data if entry is not None else None
        if old == new:
            continue
        kind = "added" if old is None else "removed" if new is None else "modified"
        changes.append(FileChange(path, kind, _unified_diff(path, old, new)))
    return changes


# Control characters other than tab would reach a CI log or terminal raw.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _unified_diff(path: str, old: bytes | None, new: bytes | None) -> str:
    import difflib  # loaded with the first difference (a run that finds none never needs it)

    def lines(data: bytes | None) -> list[str]:
        # Escaped first, so that only "\n" is left to break lines.
        return [] if data is None else _printable(data.decode("utf-8", errors="replace")).splitlines(keepends=True)

    diff = difflib.unified_diff(
        lines(old),
        lines(new),
        fromfile=f"a/{_printable(path)}" if old is not None else "/dev/null",
        tofile=f"b/{_printable(path)}" if new is not None else "/dev/null",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff)


def _printable(text: str) -> str:
    """`text` with every control, line-separator and bidi character written as an escape."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


# -- replacing ------------------------------------------------------------------------------


def ownership_problem(root: Path) -> str | None:
    """Why `root` must not be replaced, or None. Reads the manifest and the names of what is
    there, never the other files."""
    if root.is_symlink():
        return f"{root} is a symbolic link; sdkgen writes a real directory: give --out the directory itself"
    if not root.exists():
        return None
    if not root.is_dir():
        return f"{root} exists and is not a directory"
    try:
        with os.scandir(root) as listing:
            names = {entry.name for entry in listing}
    except OSError as exc:
        return f"{root} cannot be listed: {exc.strerror}"
    if not names - IGNORED_DIRECTORIES:
        return None
    listed = _manifest_files(root)
    if listed is None:
        return f"{root} is not empty and was not written by sdkgen (no valid {MANIFEST}); refusing to replace it"
    present = scan_tree(root, read=False)
    strangers = sorted(path for path, entry in present.items() if path != MANIFEST and (path not in listed or entry.problem is not None))
    if strangers:
        shown = ", ".join(_printable(p) for p in strangers[:10]) + (f" and {len(strangers) - 10} more" if len(strangers) > 10 else "")
        return f"{root} holds files sdkgen did not write ({shown}); move them out of it, or delete them, and run again"
    return None


def _manifest_files(root: Path) -> set[str] | None:
    """The files a valid manifest lists, or None when there is no valid manifest."""
    data = _read_regular(root / MANIFEST, MAX_MANIFEST_BYTES)
    if data is None:
        return None
    try:
        manifest = json.loads(data)
    except (ValueError, RecursionError):
        return None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("generator"), str) or not isinstance(files, dict):
        return None
    if not all(isinstance(p, str) and isinstance(h, str) and _SHA256.match(h) for p, h in files.items()):
        return None
    return set(files)


def replace_tree(root: Path, files: dict[str, bytes]) -> bool:
    """Make `root` hold exactly `files`. False when it already did (nothing is touched)."""
    for path in files:
        check_relative_path(path)
    clean_stale(root)
    problem = ownership_problem(root)
    if problem is not None:
        raise OutputError(problem)
    root.parent.mkdir(parents=True, exist_ok=True)
    if root.is_dir() and read_tree(root) == files:
        return False
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.sdkgen-new-{os.getpid()}-", dir=root.parent))
    backup = staging.with_name(staging.name.replace(".sdkgen-new-", ".sdkgen-old-", 1))
    try:
        made = _own_directory(staging)
        _write_files(staging, files, made)
        if os.path.lexists(backup):
            raise OutputError(f"{backup} exists: something else is writing beside {root}")
        _check_same_directory(staging, made)
        if not root.exists():
            os.rename(staging, root)
        elif exchange(staging, root):
            pass  # staging now holds the old tree; removed below
        else:
            os.rename(root, backup)
            try:
                os.rename(staging, root)
            except BaseException:
                os.rename(backup, root)
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(backup, ignore_errors=True)
    return True


def _own_directory(path: Path) -> tuple[int, int]:
    """The device and inode of `path`, which must be a real directory this process owns (not
    a link to one); OutputError else."""
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        raise OutputError(f"{path}: the staging directory is not the one sdkgen made")
    return info.st_dev, info.st_ino


def _check_same_directory(path: Path, made: tuple[int, int]) -> None:
    """Refuse to swap in anything but the directory made at the start (a link or another
    directory put in its place while the files were written)."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise OutputError(f"{path}: the staging directory went away ({exc.strerror})") from None
    if not stat.S_ISDIR(info.st_mode) or (info.st_dev, info.st_ino) != made:
        raise OutputError(f"{path}: the staging directory was replaced while sdkgen wrote it; nothing was swapped in")


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _write_files(staging: Path, files: dict[str, bytes], made: tuple[int, int]) -> None:
    """Create every file under `staging` (the directory `made` names), opening each folder by
    descriptor without following links and each file with O_EXCL: nothing written can land
    outside the staging directory. The directory then gets the usual mode (`mkdtemp` makes it
    private)."""
    mask = os.umask(0)
    os.umask(mask)
    if os.open not in os.supports_dir_fd or not _NOFOLLOW:
        for path, data in files.items():  # no descriptor-relative calls here (Windows): by path
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as stream:
                stream.write(data)
        _check_same_directory(staging, made)
        os.chmod(staging, 0o777 & ~mask)
        return
    top = os.open(staging, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    folders: dict[tuple[str, ...], int] = {(): top}
    try:
        info = os.fstat(top)
        if (info.st_dev, info.st_ino) != made:
            raise OutputError(f"{staging}: the staging directory was replaced before sdkgen wrote it")
        for path, data in files.items():
            *parents, name = PurePosixPath(path).parts
            folder = _folder(folders, tuple(parents))
            descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666, dir_fd=folder)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
        os.fchmod(top, 0o777 & ~mask)
    finally:
        for descriptor in folders.values():
            os.close(descriptor)


def _folder(folders: dict[tuple[str, ...], int], parts: tuple[str, ...]) -> int:
    """The descriptor of the folder `parts` under the staging directory, made if needed."""
    if parts in folders:
        return folders[parts]
    parent = _folder(folders, parts[:-1])
    try:
        os.mkdir(parts[-1], 0o777, dir_fd=parent)
    except FileExistsError:
        pass
    folders[parts] = os.open(parts[-1], os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=parent)
    return folders[parts]


def clean_stale(root: Path) -> None:
    """Undo what a killed run left beside `root`: put back an old tree that was moved aside
    but never replaced, and remove staging directories of runs that are no longer alive."""
    leftovers: list[tuple[str, int, Path]] = []
    try:
        with os.scandir(root.parent) as listing:
            for entry in listing:
                match = _STAGING.match(entry.name)
                if match and match.group("name") == root.name and entry.is_dir(follow_symlinks=False):
                    leftovers.append((match.group("kind"), int(match.group("pid")), Path(entry.path)))
    except OSError:
        return
    for kind, pid, path in sorted(leftovers, key=lambda item: item[0] != "old"):  # "old" first
        if pid == os.getpid() or _alive(pid):
            continue
        if kind == "old" and not root.exists() and not root.is_symlink():
            os.rename(path, root)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step; False when the system cannot."""
    swap = _exchange_function()
    if swap is None:
        return False
    if swap(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    import ctypes

    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # not on this filesystem: fall back to two renames
    raise OSError(error, os.strerror(error), str(b))


@functools.cache
def _exchange_function() -> Callable[[bytes, bytes], int] | None:
    """`(a, b) -> 0` swapping two paths atomically, from the C library, or None. ctypes is
    loaded with the first swap (a first run into a new directory never needs it)."""
    if not sys.platform.startswith("linux") and sys.platform != "darwin":
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library the interpreter itself uses
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        renameat2.restype = ctypes.c_int
        at_fdcwd, rename_exchange = -100, 2
        return lambda a, b: int(renameat2(at_fdcwd, a, at_fdcwd, b, rename_exchange))
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        renamex_np.restype = ctypes.c_int
        rename_swap = 2
        return lambda a, b: int(renamex_np(a, b, rename_swap))
    return None
