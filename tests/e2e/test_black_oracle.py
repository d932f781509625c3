"""The formatter against the oracle: every module of the packages made from the seeds, the
SDK fixtures and the corpora is formatted exactly as black formats it."""

from __future__ import annotations

import difflib
from pathlib import Path

import black
import pytest

from conftest import CORPUS, FIXTURES, ROOT, fixture_input, merge_paths, needs_corpus
from generator.common.diagnostics import Diagnostics
from generator.emit.formatting import format_sources
from generator.emit.package import SdkOptions, render_sources

BLACK_MODE = black.Mode(target_versions={black.TargetVersion.PY310})
INPUTS = {
    "seeds": [ROOT / "specs"],
    **{f"fixture-{p.name}": [fixture_input(p)] for p in sorted((FIXTURES / "sdk").iterdir()) if fixture_input(p).exists()},
}
CORPUS_INPUTS = {
    "elevenlabs-pages": [ROOT / "specs", CORPUS / "elevenlabs"],
    "deepgram": [CORPUS / "deepgram"],
    "fanvue": [CORPUS / "fanvue"],
    "elevenlabs-openapi": [CORPUS / "openapi"],
}


def black_formats(text: str) -> str:
    return black.format_str(text, mode=BLACK_MODE)


def assert_same_as_black(paths: list[Path]) -> None:
    merged, diagnostics = merge_paths(*paths)
    assert merged is not None, [str(d) for d in diagnostics.items]
    sources = render_sources(merged.result.document, SdkOptions("pkg", "Api", "t"), Diagnostics())
    assert sources is not None
    for path, formatted in format_sources(sources).items():
        reference = black_formats(formatted)
        if formatted != reference:
            diff = "".join(difflib.unified_diff(reference.splitlines(True), formatted.splitlines(True), "black", "sdkgen"))
            pytest.fail(f"{path} differs from black:\n{diff[:4000]}")


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_formatting_equals_black(name):
    assert_same_as_black(INPUTS[name])


@needs_corpus(CORPUS)
@pytest.mark.parametrize("name", sorted(CORPUS_INPUTS))
def test_formatting_equals_black_on_the_corpora(name):
    assert_same_as_black(CORPUS_INPUTS[name])
