"""output.writer: a file written whole or not at all."""

from __future__ import annotations

import pytest

from generator.output import writer
from generator.output.writer import write_atomically


def test_the_file_and_its_folders_are_written_with_newlines_as_given(tmp_path):
    target = tmp_path / "build" / "deep" / "openapi.json"
    write_atomically(target, "{\n  \"a\": \"é\"\n}\n")
    assert target.read_bytes() == '{\n  "a": "é"\n}\n'.encode()
    write_atomically(target, "second\n")
    assert target.read_text(encoding="utf-8") == "second\n"
    assert [p.name for p in target.parent.iterdir()] == ["openapi.json"]


def test_a_failed_write_leaves_the_previous_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("previous\n")

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new\n")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
