"""generator/read/reader.py with refs.py: a split document given as its folder reads the same
as given by its root file, each file read once; the provenance stamp hashes every file a
reference reads, so editing one changes the stamp."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.common.diagnostics import Diagnostics
from generator.read.reader import read_sources

SPLIT = Path(__file__).resolve().parents[2] / "fixtures" / "refs" / "split"


@pytest.fixture()
def split(tmp_path: Path) -> Path:
    folder = tmp_path / "split"
    shutil.copytree(SPLIT, folder)
    return folder


def test_a_folder_reads_as_its_root_document(split: Path) -> None:
    by_folder, by_root = Diagnostics(), Diagnostics()
    folder = read_sources([str(split)], by_folder)
    root = read_sources([str(split / "openapi.yaml")], by_root)
    assert [str(d) for d in by_folder.items] == [] and [str(d) for d in by_root.items] == []
    assert [f.document for f in folder.fragments] == [f.document for f in root.fragments]
    assert len(folder.fragments) == 1  # the parts are no documents of their own


def test_every_file_is_read_once_and_stamped(split: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = Path.open

    def counting(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", counting)
    sources = read_sources([str(split)], Diagnostics())
    files = sorted(p.name for p in split.rglob("*.yaml"))
    assert sorted(opened) == files, "each file opened once"
    assert sorted(Path(i.name).name for i in sources.inputs) == files, "each file in the stamp once"


def test_a_part_given_alone_is_still_no_document(split: Path) -> None:
    diagnostics = Diagnostics()
    read_sources([str(split / "models" / "pet.yaml")], diagnostics)
    assert any("not an OpenAPI document" in str(d) for d in diagnostics.items)


def test_editing_a_referenced_file_changes_what_the_stamp_hashes(split: Path) -> None:
    before = read_sources([str(split / "openapi.yaml")], Diagnostics()).inputs
    assert {i.name for i in before} >= {"openapi.yaml", "models/pet.yaml"}
    pet = split / "models" / "pet.yaml"
    pet.write_text(pet.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = read_sources([str(split / "openapi.yaml")], Diagnostics()).inputs
    assert [i.name for i in before] == [i.name for i in after]
    changed = [b.name for b, a in zip(before, after) if b.data != a.data]
    assert changed == ["models/pet.yaml"]
