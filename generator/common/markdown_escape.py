"""Spec text into Markdown: the one escaping home for every Markdown file sdkgen writes (the
package's README.md and reference.md, the merge report, the diff report).

Spec prose is Markdown already (code ticks, lists, fenced examples, links), so it keeps its
inline and block formatting, but it cannot reach outside the place it is put:

- no raw HTML: a tag's `<` is written `&lt;` outside code spans, where CommonMark would read
  it as HTML (code spans are found as CommonMark finds them: a backslash-escaped backtick
  opens none, and a run of n backticks is closed only by the next run of exactly n);
- no link to a `javascript:`, `vbscript:` or `data:` target (entities decoded, control
  characters and spaces ignored, as browsers read them): such a link's `](` is escaped, so it
  shows as text;
- no heading, setext underline or link definition of its own, and a code fence it opens is
  closed where it ends;
- every control, invisible, bidi or line-breaking code point is written as a visible
  `\\uXXXX`, so no carriage return ends a line or a code span and no override reorders text.

Names and types are code spans; code is a fenced block whose fence no line of the code can
close; table cells escape `|` too. Every function is linear (or n log n) in its input.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Callable

from .pysyntax import UNSAFE_CATEGORIES, plain_text

_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_FENCE_LINE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_BLOCK_START = re.compile(r"^(?P<indent> {0,3})(?P<mark>#|=+\s*$|-{2,}\s*$|\[[^\]]*\]:)")
_BACKTICKS = re.compile(r"`+")
# Outside code spans: a backslash escape of ASCII punctuation, or a run of backticks.
_TOKENS = re.compile(r"\\[!-/:-@\[-`{-~]|`+")
_LINK_TARGET = re.compile(r"\]\((?P<target>[^)]*)")
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
_MAYBE_INVISIBLE = re.compile(r"[^\x20-\x7e]")  # printable ASCII is visible; the rest is looked at
_PLAIN_CODE = re.compile(r"[!-_a-~]+(?: [!-_a-~]+)*")  # printable ASCII but the backtick, single spaces inside


def _visible(text: str, keep: str = "") -> str:
    """`text` with each unsafe code point (controls but `keep`, format and bidi controls, line
    and paragraph separators, private use, unassigned) written as a visible `\\uXXXX`."""
    if text.isascii() and text.isprintable():
        return text
    return _MAYBE_INVISIBLE.sub(lambda found: _visible_char(found.group(), keep), text)


def _visible_char(char: str, keep: str) -> str:
    if char in keep or unicodedata.category(char) not in UNSAFE_CATEGORIES:
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def code_spans(line: str) -> list[tuple[int, int]]:
    """Where `line`'s code spans are (start, end), as CommonMark finds them: outside a span a
    backslash escapes the punctuation after it (an escaped backtick opens nothing); a run of
    n backticks opens a span that the next run of exactly n backticks closes, else it is
    text. Runs are indexed by length once, so a line of many runs costs n log n, not n²."""
    starts: dict[int, list[int]] = {}  # length -> starts of the maximal backtick runs, in order
    for run in _BACKTICKS.finditer(line):
        starts.setdefault(run.end() - run.start(), []).append(run.start())
    spans: list[tuple[int, int]] = []
    position = 0
    while (token := _TOKENS.search(line, position)) is not None:
        if token.group()[0] == "\\":
            position = token.end()  # an escaped punctuation character, a backtick too
            continue
        length = token.end() - token.start()
        closers = starts.get(length, [])
        index = bisect.bisect_left(closers, token.end())
        if index < len(closers):
            spans.append((token.start(), closers[index] + length))
            position = closers[index] + length
        else:
            position = token.end()  # no closer: the run is text
    return spans


def _outside_code_spans(line: str, change: Callable[[str], str]) -> str:
    """`line` with `change` applied to the text outside its code spans."""
    out, position = [], 0
    for start, end in code_spans(line):
        out.append(change(line[position:start]))
        out.append(line[start:end])
        position = end
    out.append(change(line[position:]))
    return "".join(out)


def _is_dangerous_target(target: str) -> bool:
    """Whether a link target reads, as a browser reads it, as a script or data URL."""
    import html  # its entity table: loaded with the first link target

    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(target.strip().lstrip("<"))).lower()
    return cleaned.startswith(_DANGEROUS_SCHEMES)


def _inert(text: str) -> str:
    """Text outside code spans with no raw HTML and no link to a script or data target."""
    text = _HTML_START.sub("&lt;", text)
    if "](" not in text:
        return text
    return _LINK_TARGET.sub(lambda m: "]\\(" + m.group("target") if _is_dangerous_target(m.group("target")) else m.group(), text)


def markdown_text(text: str) -> str:
    """Spec prose (a summary or description) as a block of Markdown that stays where it is put.

    MDX components become plain text (`plain_text`); inline formatting, lists and fenced code
    stay; raw HTML, dangerous links, headings, setext underlines and link definitions are
    escaped; an unclosed fence is closed; trailing spaces (hard breaks) are dropped."""
    lines = [_visible(line.rstrip(), keep="\t") for line in plain_text(text).strip().splitlines()]
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        found = _FENCE_LINE.match(line)
        if fence is not None:
            out.append(line)
            if found and found.group("fence")[0] == fence[0] and len(found.group("fence")) >= len(fence) and not found.group("info").strip():
                fence = None
            continue
        if found and not (found.group("fence")[0] == "`" and "`" in found.group("info")):
            fence = found.group("fence")
            out.append(line)
            continue
        line = _outside_code_spans(line, _inert)
        line = _BLOCK_START.sub(lambda m: m.group("indent") + "\\" + m.group("mark"), line, count=1)
        out.append(line)
    if fence is not None:
        out.append(fence)
    return "\n".join(out).strip("\n")


def markdown_line(text: str) -> str:
    """Spec prose on one line (a list item's text): `markdown_text` with its lines joined."""
    return " ".join(markdown_text(" ".join(text.split())).split())


def markdown_code(text: str) -> str:
    """An inline code span showing exactly `text` (on one line)."""
    if _PLAIN_CODE.fullmatch(text):  # most names and paths: nothing to escape or pad
        return f"`{text}`"
    body = _visible(" ".join(text.split()))
    longest = max((len(run) for run in _BACKTICKS.findall(body)), default=0)
    ticks = "`" * (longest + 1)
    if body.startswith("`") or body.endswith("`"):
        body = f" {body} "
    return f"{ticks}{body}{ticks}"


def markdown_cell(text: str) -> str:
    """Spec prose in a table cell: one line, `|` escaped (GitHub's tables split on it)."""
    return markdown_line(text).replace("|", "\\|")


def markdown_cell_code(text: str) -> str:
    """A code span in a table cell (GitHub's tables split on `|` inside code spans too)."""
    return markdown_code(text).replace("|", "\\|")


def markdown_fence(code: str, language: str) -> str:
    """A fenced code block showing `code`; its fence is longer than any backtick run in it."""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{_visible(code.rstrip(), keep=chr(9) + chr(10))}\n{fence}"


def github_anchor(text: str) -> str:
    """The id GitHub gives a heading whose text is `text` (before numbering repeats)."""
    kept = "".join(c for c in text.lower() if c in "- " or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc")
    return kept.replace(" ", "-")
