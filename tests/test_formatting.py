"""The fast formatter gives exactly what black gives for the whole module (black is the oracle)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, ROOT, merge_paths, needs_corpus
from generator.diagnostics import Diagnostics
from generator.formatting import format_source, format_sources, format_with_black, is_black_stable
from generator.sdk import SdkOptions, render_sources

INPUTS = {
    "seeds": [ROOT / "specs"],
    **{f"fixture-{p.name}": [p / "spec.yaml"] for p in sorted((FIXTURES / "sdk").iterdir()) if (p / "spec.yaml").is_file()},
    **{f"fixture-{p.name}": [p / "pages"] for p in sorted((FIXTURES / "sdk").iterdir()) if (p / "pages").is_dir()},
}
CORPUS_INPUTS = {
    "elevenlabs-pages": [ROOT / "specs", CORPUS / "elevenlabs"],
    "deepgram": [CORPUS / "deepgram"],
    "elevenlabs-openapi": [CORPUS / "openapi"],
}


def assert_same_as_black(paths: list[Path]) -> None:
    merged, diagnostics = merge_paths(*paths)
    assert merged is not None, [str(d) for d in diagnostics.items]
    sources = render_sources(merged.result.document, SdkOptions("pkg", "Api", "t"), Diagnostics())
    assert sources is not None
    together = format_sources(sources, parallel_threshold=0)  # shared out to processes
    for path, source in sources.items():
        fast, reference = format_source(path, source), format_with_black(path, source)
        assert together[path] == fast, f"{path}: batching changed the result"
        if fast != reference:
            diff = "".join(difflib.unified_diff(reference.splitlines(True), fast.splitlines(True), "black", "sdkgen"))
            pytest.fail(f"{path} differs from black:\n{diff[:4000]}")


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_formatting_equals_black(name):
    assert_same_as_black(INPUTS[name])


@needs_corpus(CORPUS)
@pytest.mark.parametrize("name", sorted(CORPUS_INPUTS))
def test_formatting_equals_black_on_the_corpora(name):
    assert_same_as_black(CORPUS_INPUTS[name])


@pytest.mark.parametrize(
    "snippet",
    [
        'x = "a \\"quoted\\" word"',  # black would switch to single quotes
        "x = (\n    1 + 2\n)",  # no magic trailing comma: black joins it
        "x = 1; y = 2",
        "def f(\n    a,\n    b\n):\n    pass",
        "x = " + "1 + " * 30 + "1",
        "class A:\n\n\n    x: int",
    ],
)
def test_snippets_black_would_change_are_not_taken_as_stable(snippet):
    assert not is_black_stable(snippet)
    assert format_with_black("s.py", snippet + "\n").rstrip("\n") != snippet


def test_what_layout_cannot_take_goes_to_black(monkeypatch):
    import black

    # An assert: outside what `layout` handles, so black formats it.
    source = "assert f(" + ", ".join(f"argument_{i}" for i in range(12)) + ")\n"
    calls: list[str] = []
    real = black.format_str
    monkeypatch.setattr(black, "format_str", lambda text, mode: calls.append(text) or real(text, mode=mode))
    assert format_source("m.py", source) == format_with_black("m.py", source)
    assert calls, "black was not asked"


def test_long_signatures_and_assignments_need_no_black(monkeypatch):
    import black

    source = (
        "def f(" + ", ".join(f"argument_{i}: int" for i in range(12)) + ") -> Dict[str, int]:\n    return 1\n\n\n"
        "X: TypeAlias = Union[" + ", ".join(f"Model{i}" for i in range(12)) + "]\n"
    )
    expected = format_with_black("m.py", source)
    monkeypatch.setattr(black, "format_str", lambda text, mode: pytest.fail("black was asked"))
    assert format_source("m.py", source) == expected


@pytest.mark.parametrize("name", ["_base.py", "_runtime.py"])
def test_static_templates_are_kept_in_blacks_format(name):
    """They are copied as they are, not formatted: so they must already be black's output."""
    from generator.render import STATIC_MODULES
    from generator.resources import package_templates

    assert name in STATIC_MODULES
    text = package_templates()[f"{name}.jinja"]
    assert "{{" not in text and "{%" not in text
    assert format_with_black(name, text) == text
