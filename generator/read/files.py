"""One file read as the reader reads every input and every file a reference names: once,
never past the size limit, as text (UTF-8, a BOM dropped, line endings as LF)."""

from __future__ import annotations

import os
from pathlib import Path


def read_limited(path: Path, limit: int) -> tuple[bytes, int]:
    """At most `limit + 1` bytes of the file (more than `limit`: over the limit) and its size,
    the larger of what the system says and what was read (a file that grows while it is read
    is cut there). OSError as opening or reading raises it."""
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
        return data, max(os.fstat(stream.fileno()).st_size, len(data))


class NotText(Exception):
    """Bytes that are not UTF-8: the line of the first bad byte and what is wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def decoded(data: bytes) -> str:
    """The text of a file's bytes (UTF-8, a BOM dropped, line endings as LF); NotText else."""
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise NotText(data.count(b"\n", 0, exc.start) + 1, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def as_lf(data: bytes) -> bytes:
    """The bytes with CRLF line endings as LF, as the provenance stamp hashes them."""
    return data.replace(b"\r\n", b"\n")
