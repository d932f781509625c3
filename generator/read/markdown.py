"""Find the API pages in a Markdown export and the fenced specification blocks on each.

A file may hold one page (Fern's per-endpoint `.md` export) or many (an `llms-full.txt`
style dump): every level-one heading outside a code fence starts a new page. Fenced blocks
are attributed to the level-two heading they sit under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENAPI_HEADING = "openapi specification"
ASYNCAPI_HEADING = "asyncapi specification"
EXAMPLES_HEADING = "sdk code examples"

_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<lang>[^\s`]*)")
_ENDPOINT_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(https?://\S+)\s*$")


@dataclass(frozen=True)
class FencedBlock:
    """One fenced code block of a page, with the heading above it."""

    heading: str  # the level-two heading above the block, lower-cased
    lang: str
    first_line: int  # 1-based line of the block's first content line
    text: str
    closed: bool


@dataclass
class Page:
    """One page of a Markdown file: its title, endpoint line and fenced blocks."""

    title: str
    line: int  # 1-based line of the title (1 when the file has no title)
    endpoint: tuple[str, str] | None = None  # ("GET", "https://host/path") from the page text
    blocks: list[FencedBlock] = field(default_factory=list)

    @property
    def openapi_blocks(self) -> list[FencedBlock]:
        return [b for b in self.blocks if _is_openapi(b)]

    @property
    def asyncapi_blocks(self) -> list[FencedBlock]:
        return [b for b in self.blocks if b.heading == ASYNCAPI_HEADING]

    def examples_by_block(self) -> dict[int, list[FencedBlock]]:
        """The code examples of each OpenAPI block (by its index in `blocks`): those under
        "SDK Code Examples" after it, up to the page's next OpenAPI block. One pass over
        the page's blocks."""
        found: dict[int, list[FencedBlock]] = {}
        current: list[FencedBlock] | None = None
        for index, block in enumerate(self.blocks):
            if _is_openapi(block):
                current = found[index] = []
            elif current is not None and block.heading == EXAMPLES_HEADING and block.closed:
                current.append(block)
        return found


def _is_openapi(block: FencedBlock) -> bool:
    return block.heading == OPENAPI_HEADING and block.lang in ("yaml", "yml", "json", "")


def split_pages(text: str, default_title: str) -> list[Page]:
    lines = text.split("\n")
    pages: list[Page] = []
    page = Page(title=default_title, line=1)
    heading = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = _FENCE_OPEN.match(line)
        if opened:
            fence = opened.group("fence")
            end = index + 1
            while end < len(lines) and not _closes(lines[end], fence):
                end += 1
            page.blocks.append(
                FencedBlock(
                    heading=heading,
                    lang=opened.group("lang").lower(),
                    first_line=index + 2,
                    text="\n".join(lines[index + 1 : end]),
                    closed=end < len(lines),
                )
            )
            index = end + 1
            continue
        if line.startswith("# "):
            pages.append(page)
            page = Page(title=line[2:].strip(), line=index + 1)
            heading = ""
        elif line.startswith("## "):
            heading = line[3:].strip().lower()
        elif page.endpoint is None:
            endpoint = _ENDPOINT_LINE.match(line)
            if endpoint:
                page.endpoint = (endpoint.group(1), endpoint.group(2))
        index += 1
    pages.append(page)
    preamble = pages[0]
    if len(pages) > 1 and not preamble.blocks and preamble.endpoint is None:
        pages = pages[1:]
    return pages


def _closes(line: str, fence: str) -> bool:
    stripped = line.rstrip()
    return stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}
