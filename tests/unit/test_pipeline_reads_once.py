"""generator/pipeline.py with generator/read/reader.py: every input is read once, within its
size limit, and the provenance stamp hashes the bytes that were read."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.common.diagnostics import Diagnostics
from generator.common.limits import Limits
from generator.emit.provenance import provenance
from generator.pipeline import build_merged_document, build_sdk
from generator.settings import Settings

SPEC = """openapi: 3.0.0
info: {title: T, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /things:
    get:
      operationId: list_things
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {type: string}}}}
"""


def test_each_input_is_opened_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    opened: list[Path] = []
    real_open = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "spec.yaml":
            opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", counting_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} read a second time"))
    built = build_sdk(Settings(specs=(str(spec),), package="things", client_name="Things"), Diagnostics())
    assert built is not None
    assert len(opened) == 1
    # The stamp is the hash of what was read (CRLF read as LF), with the options.
    options = ("title=None", "package=things", "client=Things", "package_version=None")
    assert built.provenance == provenance([("spec.yaml", SPEC.encode())], options)


def test_crlf_inputs_stamp_the_same(tmp_path: Path) -> None:
    stamps = []
    for ending in ("\n", "\r\n"):
        spec = tmp_path / ending.encode().hex() / "spec.yaml"
        spec.parent.mkdir()
        spec.write_bytes(SPEC.replace("\n", ending).encode())
        built = build_sdk(Settings(specs=(str(spec),), package="things", client_name="Things"), Diagnostics())
        assert built is not None
        stamps.append(built.provenance)
    assert stamps[0] == stamps[1]


def test_a_file_over_the_limit_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC + "#" * 10_000, encoding="utf-8")
    diagnostics = Diagnostics()
    assert build_merged_document([str(spec)], diagnostics, limits=Limits(max_input_bytes=1000)) is None
    [error] = [str(d) for d in diagnostics.items]
    assert "over the limit of 1,000 bytes for one input file" in error and "spec.yaml:1" in error


def test_the_merged_output_keeps_what_was_read(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(SPEC.replace("/things", "/others").replace("list_things", "list_others"), encoding="utf-8")
    merged = build_merged_document([str(tmp_path)], Diagnostics())
    assert merged is not None
    assert [source.name for source in merged.sources.inputs] == ["a.yaml", "b.yaml"]  # reading order: path order
    assert sorted(merged.result.document["paths"]) == ["/others", "/things"]
