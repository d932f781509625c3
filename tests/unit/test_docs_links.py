"""The documentation cannot drift from the tree: every relative link of README.md and
docs/*.md resolves to a file of the project (and its anchor to a heading of that file),
every `generator/...` or `templates/...` path the documents name exists, and
docs/architecture.md names every module of `generator/`.

The documents are parsed with markdown-it-py (CommonMark with tables, as GitHub renders
them), so links inside tables count and code blocks are not mistaken for links; anchors are
the slugs GitHub gives headings.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT

markdown_it = pytest.importorskip("markdown_it")

# A path into the source tree, as the documents write it (`generator/read/reader.py`,
# `templates/package/`); not part of a longer path or a URL.
TREE_PATH = re.compile(r"(?<![\w./-])(?:generator|templates)/[\w./-]*")


def documents(root: Path) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def parse(text: str) -> list:
    return markdown_it.MarkdownIt("commonmark").enable("table").parse(text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text: lower case, punctuation dropped (hyphens and
    underscores kept), spaces turned into hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(tokens: list) -> set[str]:
    """The anchor of every heading; a repeated one gets -1, -2, ... as on GitHub."""
    found: set[str] = set()
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type != "heading_open":
            continue
        text = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
        base = anchor = slug(text)
        n = 0
        while anchor in found:
            n += 1
            anchor = f"{base}-{n}"
        found.add(anchor)
    return found


def links(tokens: list) -> list[tuple[int, str]]:
    """(line, href) of every link, the line being where its block starts (1-based)."""
    found: list[tuple[int, str]] = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                found.append(((token.map or [0])[0] + 1, str(child.attrs.get("href", ""))))
    return found


def problems(root: Path) -> list[str]:
    """Every broken link, missing anchor and missing tree path of `root`'s documents, as
    `file:line: what`."""
    root = root.resolve()
    parsed = {path: parse(path.read_text(encoding="utf-8")) for path in documents(root) if path.is_file()}
    found: list[str] = []
    for path, tokens in parsed.items():
        name = path.relative_to(root).as_posix()
        for line, href in links(tokens):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # a web address: not checked here
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_relative_to(root):
                found.append(f"{name}:{line}: link {href!r} leaves the project")
                continue
            if not target.exists():
                found.append(f"{name}:{line}: link {href!r}: no such file")
                continue
            if parts.fragment and target.suffix == ".md":
                headings = anchors(parsed[target] if target in parsed else parse(target.read_text(encoding="utf-8")))
                if parts.fragment not in headings:
                    found.append(f"{name}:{line}: link {href!r}: no heading with that anchor in {target.name}")
        text = path.read_text(encoding="utf-8")
        for match in TREE_PATH.finditer(text):
            written = match.group().rstrip(".")
            if not (root / written).exists():
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {written} does not exist")
    return found


def test_every_link_and_path_of_the_documentation_resolves():
    assert problems(ROOT) == []


def test_the_architecture_names_every_module():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "generator").rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    )
    assert modules, "no module found under generator/"
    missing = [module for module in modules if module not in text]
    assert missing == [], f"docs/architecture.md does not name {missing}"


def test_the_check_finds_what_is_broken(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator" / "here.py").write_text("", encoding="utf-8")
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## The part: `one` thing\n\nText.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text(
        "# Title\n\n"
        "[fine](docs/guide.md#the-part-one-thing), [also fine](#title), `generator/here.py`.\n\n"
        "| a | b |\n|---|---|\n| [gone](docs/gone.md) | `generator/gone.py` |\n\n"
        "[no anchor](docs/guide.md#nowhere) and [outside](../elsewhere.md) and [web](https://example.com/x.md).\n\n"
        "```\n[not a link](docs/nothing.md)\n```\n",
        encoding="utf-8",
    )
    assert problems(tmp_path) == [
        "README.md:7: link 'docs/gone.md': no such file",
        "README.md:9: link 'docs/guide.md#nowhere': no heading with that anchor in guide.md",
        "README.md:9: link '../elsewhere.md' leaves the project",
        "README.md:7: generator/gone.py does not exist",
    ]
