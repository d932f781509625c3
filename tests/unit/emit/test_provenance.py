"""emit.provenance and emit.package_version: the stamp of what a package was made from, and
its version."""

from __future__ import annotations

import pytest

from generator import __version__
from generator.emit.package_version import BASE_VERSION, default_package_version, is_valid_version
from generator.emit.provenance import provenance


def test_the_stamp_changes_with_the_inputs_and_options():
    page = [("a.md", b"# A\nline\n")]
    first = provenance(page, ("package=a",))
    assert first.generator == f"sdkgen {__version__}" and len(first.inputs_sha256) == 64
    assert provenance(page, ("package=a",)) == first  # deterministic: no timestamp
    assert provenance(page, ("package=b",)) != first
    assert provenance([("a.md", b"# A\nother\n")], ("package=a",)) != first
    assert provenance([("b.md", b"# A\nline\n")], ("package=a",)) != first  # the name counts
    assert provenance([], ("package=a",)) != first


def test_what_is_hashed_is_what_the_reader_read_as_lf(tmp_path):
    """The reader hands the stamp each file's bytes with CRLF as LF: a CRLF checkout stamps the same."""
    from generator.common.diagnostics import Diagnostics
    from generator.read.reader import read_sources

    stamps = []
    for ending in (b"\n", b"\r\n"):
        folder = tmp_path / ending.hex()
        folder.mkdir()
        (folder / "a.yaml").write_bytes(b"openapi: 3.0.0\ninfo: {title: A, version: '1'}\npaths: {}\n".replace(b"\n", ending))
        inputs = read_sources([str(folder / "a.yaml")], Diagnostics()).inputs
        stamps.append(provenance(((i.name, i.data) for i in inputs), ()))
    assert stamps[0] == stamps[1]


@pytest.mark.parametrize(
    ("document_version", "version"),
    [
        ("sdkgen-0123456789ab", "0.0.0+sdkgen.0123456789ab"),
        ("endpoint_things.get", "0.0.0+endpoint.things.get"),
        ("2024-01-15", "0.0.0+2024.01.15"),
        ("", BASE_VERSION),
        ("!!!", BASE_VERSION),
    ],
)
def test_the_default_version_names_the_document(document_version, version):
    assert default_package_version(document_version) == version
    assert is_valid_version(version)


@pytest.mark.parametrize(("version", "valid"), [("1.2.3", True), ("2.0.0rc1", True), ("1.0.post1.dev2", True), ("1.0+local.7", True), ("one", False), (" 1.0", False), ("1.0-", False)])
def test_versions_are_checked_against_pep_440(version, valid):
    assert is_valid_version(version) is valid
