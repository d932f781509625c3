"""generator/read/files.py: one file read within its limit, as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.read.files import NotText, as_lf, decoded, read_limited


def test_a_file_is_read_up_to_one_byte_past_the_limit(tmp_path: Path) -> None:
    small, big = tmp_path / "small", tmp_path / "big"
    small.write_bytes(b"abc")
    big.write_bytes(b"x" * 1000)
    assert read_limited(small, 10) == (b"abc", 3)
    data, size = read_limited(big, 10)
    assert data == b"x" * 11 and size == 1000  # over the limit, and how far
    with pytest.raises(OSError):
        read_limited(tmp_path / "missing", 10)


def test_text_drops_the_bom_and_carriage_returns() -> None:
    assert decoded("\ufeffa\r\nb\n".encode()) == "a\nb\n"
    assert as_lf(b"a\r\nb\r\n") == b"a\nb\n"


def test_bytes_that_are_not_utf8_name_their_line() -> None:
    with pytest.raises(NotText) as caught:
        decoded(b"one\ntwo \xff\n")
    assert (caught.value.line, caught.value.message) == (2, "not valid UTF-8 (byte 0xff at offset 8)")
