"""generator/common/markdown_escape.py, function by function (the rendered files are checked
in tests/security/test_markdown_out.py)."""

from __future__ import annotations

import pytest

from generator.common.markdown_escape import (
    code_spans,
    github_anchor,
    markdown_cell,
    markdown_cell_code,
    markdown_code,
    markdown_fence,
    markdown_line,
    markdown_text,
)


def test_prose_keeps_its_formatting_and_loses_its_html() -> None:
    assert markdown_text("Use `a<b>` and *this*.\n\n- one\n- two") == "Use `a<b>` and *this*.\n\n- one\n- two"
    assert markdown_text("<b>bold</b> x") == "&lt;b>bold&lt;/b> x"
    assert markdown_text("# Heading\nsetext\n---\n[x]: http://a") == "\\# Heading\nsetext\n\\---\n\\[x]: http://a"
    assert markdown_text("```py\ncode") == "```py\ncode\n```"  # an unclosed fence is closed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](javascript:alert(1))", "[x]\\(javascript:alert(1))"),
        ("[x](JavaScript:alert(1))", "[x]\\(JavaScript:alert(1))"),
        ("[x](&#106;avascript:1)", "[x]\\(&#106;avascript:1)"),
        ("[x](data:text/html,hi)", "[x]\\(data:text/html,hi)"),
        ("[x](https://example.com/a)", "[x](https://example.com/a)"),
        ("[x](./relative)", "[x](./relative)"),
    ],
)
def test_script_and_data_links_show_as_text(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


def test_code_spans_follow_commonmark() -> None:
    assert code_spans("a `b` c") == [(2, 5)]
    assert code_spans("\\`not a span`") == []
    assert code_spans("``a` ``") == [(0, 7)]
    assert code_spans("`\\`") == [(0, 3)]
    assert code_spans("`a") == []


def test_code_and_cells() -> None:
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("`x") == "`` `x ``"
    assert markdown_code("a\rb\u202ec") == "`a b\\u202ec`"
    assert markdown_cell("a | b\nc <i>") == "a \\| b c &lt;i>"
    assert markdown_cell_code("GET /a|b") == "`GET /a\\|b`"
    assert markdown_line("one\ntwo") == "one two"
    assert markdown_fence("x = '```'", "python") == "````python\nx = '```'\n````"
    assert github_anchor("What the pages' SDK examples teach") == "what-the-pages-sdk-examples-teach"
