"""`layout` splits long statements exactly as black does (black is the oracle).

Statements are drawn at random from the grammar the templates write: names, dotted names,
strings, numbers, subscripts, calls, displays, `|` unions; as annotated or plain
assignments, signatures, class headers, returns and call statements, at three depths.
"""

from __future__ import annotations

import keyword
import os

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT, merge_paths, needs_corpus
from generator import formatting
from generator.diagnostics import Diagnostics
from generator.layout import layout_statement
from generator.sdk import STATIC_MODULES, SdkOptions, render_sources

EXAMPLES = int(os.environ.get("SDKGEN_LAYOUT_EXAMPLES", "400"))


def black_reference(text: str, depth: int) -> str:
    """What black makes of `text` at `depth` (0: module, 1: class body, 2: method body)."""
    opens_block = text.startswith(("def ", "async def ", "class "))
    stub = text + ("\n" + "    " * (depth + 1) + "pass" if opens_block else "")
    indent = lambda source: "\n".join("    " + line if line else line for line in source.split("\n"))  # noqa: E731
    if depth == 2:
        stub = "class _:\n    _ = 0\n\n" + indent("async def _():\n" + indent(stub))
        skip = 4
    elif depth == 1:
        stub = "class _:\n    _ = 0\n" + indent(stub)
        skip = 2
    else:
        skip = 0
    formatted = black.format_str(stub + "\n", mode=formatting.black_mode()).rstrip("\n")
    formatted = formatted.split("\n", skip)[skip].lstrip("\n") if skip else formatted
    return formatted.rsplit("\n", 1)[0] if opens_block else formatted


def identifiers(capital: bool = False) -> st.SearchStrategy[str]:
    lengths = st.sampled_from([1, 2, 5, 9, 16, 24, 33, 45])
    letters = "abcdefghijklmnopqrstuvwxyz"

    def build(length: int, seed: str) -> str:
        name = (seed * length)[:length]
        return name[0].upper() + name[1:] if capital else name

    return st.builds(build, lengths, st.text(letters + "_", min_size=1, max_size=6).filter(lambda s: s[0] != "_")).filter(
        lambda name: not keyword.iskeyword(name) and name not in ("await", "async", "match", "case", "type", "_")
    )


def type_names() -> st.SearchStrategy[str]:
    return st.one_of(identifiers(capital=True), identifiers(capital=True).map(lambda name: "models." + name))


strings = st.text("abc xyz-_.:/", max_size=60).map(lambda text: f'"{text}"')
numbers = st.sampled_from(["0", "1", "-1", "0.5", "1e-05", "123456789", "None", "True", "False"])
leaves = st.one_of(type_names(), type_names(), strings, numbers)


def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    items = st.lists(children, min_size=1, max_size=4)
    trailing = st.sampled_from(["", "", "", "", ","])
    keyword_argument = st.tuples(identifiers(), children).map(lambda pair: f"{pair[0]}={pair[1]}")
    arguments = st.tuples(st.lists(children, max_size=3), st.lists(keyword_argument, max_size=2)).map(lambda pair: pair[0] + pair[1])
    return st.one_of(
        st.tuples(type_names(), items, trailing).map(lambda t: f"{t[0]}[{', '.join(t[1])}{t[2]}]"),
        st.tuples(type_names(), arguments, trailing).map(lambda t: f"{t[0]}({', '.join(t[1])}{t[2] if t[1] else ''})"),
        st.lists(children, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        st.lists(st.tuples(strings, children), min_size=1, max_size=3).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.lists(children, min_size=2, max_size=4).map(lambda xs: " | ".join(f"{x}" for x in xs if " | " not in x) or xs[0]),
    )


expressions = st.recursive(leaves, extend, max_leaves=24)


@st.composite
def statements(draw: st.DrawFn) -> tuple[str, int]:
    depth = draw(st.sampled_from([0, 1, 2]))
    kind = draw(st.sampled_from(["annotated", "annotated", "plain", "attribute", "return", "call", "class", "def", "def"]))
    if kind == "annotated":
        text = f"{draw(identifiers())}: {draw(expressions)}"
        if draw(st.booleans()):
            text += f" = {draw(expressions)}"
    elif kind == "plain":
        text = f"{draw(identifiers(capital=True))} = {draw(expressions)}"
    elif kind == "attribute":
        awaited = "await " if draw(st.booleans()) else ""
        text = f"self.{draw(identifiers())} = {awaited}{draw(identifiers())}.{draw(identifiers())}({', '.join(draw(st.lists(expressions, max_size=4)))})"
    elif kind == "return":
        text = f"return {draw(expressions)}"
    elif kind == "call":
        awaited = "await " if draw(st.booleans()) else ""
        text = f"{awaited}self.{draw(identifiers())}({', '.join(draw(st.lists(expressions, max_size=4)))})"
    elif kind == "class":
        text = f"class {draw(identifiers(capital=True))}({', '.join(draw(st.lists(type_names(), min_size=1, max_size=3)))}):"
    else:
        parameters = ["self", "*"] if draw(st.booleans()) else ["self"]
        for _ in range(draw(st.integers(0, 5))):
            name = draw(identifiers())
            annotation = draw(st.one_of(st.none(), expressions))
            default = draw(st.one_of(st.none(), st.sampled_from(["None", "NOT_GIVEN", '"x"', "1"])))
            parameter = name + (f": {annotation}" if annotation else "")
            if default:
                parameter += f" = {default}" if annotation else f"={default}"
            parameters.append(parameter)
        if parameters[-1] == "*":
            parameters.pop()
        returns = draw(st.one_of(st.none(), type_names(), expressions))
        opening = draw(st.sampled_from(["def ", "async def "])) + draw(identifiers())
        arrow = f" -> {returns}" if returns and not returns.startswith('"') else ""
        if draw(st.booleans()):
            text = opening + "(\n" + "".join(f"    {p},\n" for p in parameters) + ")" + arrow + ":"
        else:
            text = opening + "(" + ", ".join(parameters) + ")" + arrow + ":"
    return text, depth


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements())
def test_layout_is_blacks(statement):
    text, depth = statement
    laid_out = layout_statement(text, depth)
    assert laid_out is not None, f"not handled: {text!r}"
    assert laid_out == black_reference(text, depth)


@pytest.mark.parametrize(
    "text",
    [
        "x = a + b",  # an operator outside the grammar
        "x: int = 1  # a comment",
        "x = 'single quoted'",
        'x = "caf\u00e9 \u4e2d\u6587"',  # wide characters count double for black
        'x = "a \\"quoted\\" word"',
        "x = (1, 2)",  # a tuple
        "x = [i for i in y]",
        "x = f(a)(b)",
        "x = f().attribute",
        "a = b = c",
        "assert x",
        "x = lambda: 0",
    ],
)
def test_what_it_does_not_know_is_left_to_black(text):
    assert layout_statement(text, 0) is None


def _unformatted_modules(paths):
    merged, diagnostics = merge_paths(*paths)
    assert merged is not None, [str(d) for d in diagnostics.items]
    sources = render_sources(merged.result.document, SdkOptions("pkg", "Api", "t"), Diagnostics())
    assert sources is not None
    return {path: text for path, text in sources.items() if path not in STATIC_MODULES}


@needs_corpus(CORPUS)
@pytest.mark.parametrize("paths", [[CORPUS / "openapi"], [CORPUS / "deepgram"], [ROOT / "specs", CORPUS / "elevenlabs"]], ids=["openapi", "deepgram", "elevenlabs"])
def test_the_corpora_need_no_black(paths):
    """Every long statement the templates write for the corpora is one `layout` knows."""
    for path, source in _unformatted_modules(paths).items():
        jobs = [part.snippet for part in formatting._plan(path, source) if isinstance(part, formatting.Job)]
        assert not jobs, f"{path}: left to black:\n" + "\n\n".join(jobs[:3])
