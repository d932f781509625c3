"""Bounded work: every reader and merge pass grows linearly (or n·log n) with its input.

Each test builds one hostile input at 1x, 2x, 4x and 8x its base size, times the reader or
pass on each (the best of three runs, in this process's CPU time, so other work on the
machine does not count) and asserts the growth ratio time(8x) / time(1x): about 8 for linear
work, about 64 for quadratic. No absolute time is asserted. A watchdog ends the run with
every thread's traceback when a test hangs, and the inputs that used to hang `merge` run in
a subprocess with a timeout, so a regression fails instead of stalling CI.

The inputs are the attacks of issue 25 (item 5), grown: a rendered page whose URL has
sixteen adjacent slots, a page of tens of thousands of code fences, thousands of
near-identical endpoint pages.
"""

from __future__ import annotations

import faulthandler
import gc
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from generator.common.diagnostics import Diagnostics, SourceRef
from generator.merge import document as merge
from generator.merge.divergence import MAX_LABELS, describe_differences, schema_facts
from generator.merge.report import render_report
from generator.merge.surface import read_facts
from generator.pipeline import merge_sources
from generator.read.markdown import split_pages
from generator.read.reader import CodeExample, Sources, read_sources
from generator.read.rendered import read_rendered_page
from generator.read.sdk_examples import MAX_EXAMPLE_CHARS, read_example
from generator.spec.paging import detect_paging

T = TypeVar("T")

SCALES = (1, 2, 4, 8)
MAX_RATIO = 20  # linear work gives about 8, quadratic about 64
WATCHDOG_SECONDS = 600  # a test that runs this long is hung: dump every traceback and exit


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def best_time(run: Callable[[T], object], data: T, repeats: int = 3) -> float:
    """The shortest CPU time of `repeats` runs of `run(data)`, with the garbage collector off
    while it runs: a full collection walks the whole heap of the test process (every test
    file run before this one on the same worker), which says nothing of `run`'s own growth
    (sdkgen itself collects rarely: every 200,000 allocations)."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run(data)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def assert_linear(make: Callable[[int], T], run: Callable[[T], object], base: int) -> None:
    """`run` on inputs `make(base * scale)` grows no faster than MAX_RATIO over eight times the input."""
    times = {scale: best_time(run, make(base * scale)) for scale in SCALES}
    ratio = times[8] / max(times[1], 1e-4)
    shown = ", ".join(f"{scale}x {seconds * 1000:.1f} ms" for scale, seconds in times.items())
    print(f"growth {ratio:.1f}: {shown}")
    assert ratio < MAX_RATIO, f"time grows {ratio:.1f} times for 8 times the input ({shown}): not linear"


# -- the inputs -------------------------------------------------------------------------------

SLOTS = "".join("{%s}" % name for name in "abcdefghijklmnop")  # sixteen adjacent path slots

SMALL_SPEC = """openapi: 3.0.0
info: {title: T, version: '1'}
servers: [{url: 'https://api.x.example'}]
paths:
  /things:
    get:
      operationId: list_things
      responses:
        '200': {description: ok}
"""


def slotted_page(form: str, example_length: int = 30) -> str:
    """A rendered page whose URL has sixteen adjacent slots, and a request example whose
    URL only nearly fits it (the slash after the filled segment)."""
    endpoint = f"GET https://api.x.example/v1/{SLOTS}" if form == "url" else f"GET\n/v1/{SLOTS}"
    return f"# Get thing\n\n{endpoint}\n\nPath parameters\n\nidstringRequired\n\ncurl https://api.x.example/v1/{'a' * example_length}/\n"


def fenced_page(fences: int) -> str:
    """One OpenAPI block and `fences` code examples under it (the 80,000-fence page, scaled)."""
    examples = "```\nx\n```\n" * fences
    return f"# Things\n\n## OpenAPI Specification\n\n```yaml\n{SMALL_SPEC}```\n\n## SDK Code Examples\n\n{examples}"


def block_page(blocks: int) -> str:
    """`blocks` OpenAPI blocks on one page, each its own operation."""
    block = "```yaml\nopenapi: 3.0.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /things/n{0}:\n    get:\n      responses:\n        '200': {{description: ok}}\n```\n"
    return "# Things\n\n## OpenAPI Specification\n\n" + "".join(block.format(i) for i in range(blocks))


def endpoint_page(index: int) -> str:
    """One endpoint page, a little different from its siblings: its description, a cursor's
    description, and one property of its own."""
    return f"""# Get thing {index}

GET https://api.x.example/v1/things

## OpenAPI Specification

```yaml
openapi: 3.1.0
info: {{title: T, version: '1'}}
servers: [{{url: 'https://api.x.example'}}]
paths:
  /v1/things:
    get:
      operationId: list_things
      description: variant {index}
      parameters:
        - {{name: cursor, in: query, schema: {{type: string}}}}
        - {{name: q{index % 5}, in: query, schema: {{type: string, description: 'query {index}'}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {{type: array, items: {{type: string}}}}
                  next_cursor: {{type: string}}
                  page_{index % 5}: {{type: integer, description: 'page {index}'}}
components:
  schemas:
    Page:
      type: object
      properties:
        items: {{type: array, items: {{type: string}}}}
        next_cursor: {{type: string, description: 'cursor {index}'}}
        v{index}: {{type: integer, description: "d{index}"}}
```
"""


def near_identical_pages(count: int) -> str:
    """`count` endpoint pages in one site dump (6,000 of them are 3.3 MB)."""
    return "".join(endpoint_page(index) for index in range(count))


def rendered_page(fields: int) -> str:
    """A rendered page with `fields` field lines, a line of separators padded with spaces
    for each, and a request example whose URL nearly fits sixteen adjacent slots."""
    lines = [f"# Get thing\n\nGET\n/v1/{SLOTS}\n", "Query parameters"]
    for index in range(fields):
        lines += [f"field_{index}stringOptionalDefaults to x{index}", f"Described {' ' * 40}|{' ' * 40}· here."]
    lines.append(f"curl https://api.x.example/v1/{'a' * fields}/")
    return "\n".join(lines) + "\n"


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def sources_of(tmp_path: Path, text: str) -> Sources:
    diagnostics = Diagnostics()
    sources = read_sources([str(written(tmp_path, "pages.md", text))], diagnostics)
    assert not diagnostics.has_errors, diagnostics.items
    return sources


# -- the inputs that used to hang `merge`, end to end ----------------------------------------


def sdkgen_merge(tmp_path: Path, page: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "merge", "--specs", str(page), "--output", str(tmp_path / "openapi.json")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip


@pytest.mark.parametrize("form", ["url", "path line"])
def test_sixteen_adjacent_slots_merge_at_once(tmp_path: Path, form: str) -> None:
    # 259 bytes in the "URL" form; the regex that matched the examples against the path
    # backtracked for minutes on them.
    page = written(tmp_path, "page.md", slotted_page(form, example_length=100))
    assert len(page.read_bytes()) < 300
    result = sdkgen_merge(tmp_path, page)
    assert result.returncode == 0, result.stderr
    assert "/v1/{a}{b}{c}" in (tmp_path / "openapi.json").read_text(encoding="utf-8")


def test_eighty_thousand_fences_merge_at_once(tmp_path: Path) -> None:
    page = written(tmp_path, "page.md", fenced_page(40_000))  # 80,000 fence lines, 400 KB
    result = sdkgen_merge(tmp_path, page)
    assert result.returncode == 0, result.stderr


# -- readers ----------------------------------------------------------------------------------


def test_a_rendered_path_template_is_matched_in_linear_time() -> None:
    # Sixteen adjacent slots against an example URL that nearly fits: exponential for the
    # regex that was used, linear now.
    def read(text: str) -> object:
        return read_rendered_page("page.md", text.split("\n"), 1, "", Diagnostics())

    assert_linear(lambda n: slotted_page("path line", example_length=n), read, 400_000)


def test_the_rendered_page_reader_is_linear() -> None:
    def read(text: str) -> object:
        page = read_rendered_page("page.md", text.split("\n"), 1, "", Diagnostics())
        assert page is not None and len(page.fields["query"]) > 10
        return page

    assert_linear(rendered_page, read, 150)


def test_a_line_of_spaces_in_a_rendered_page_is_read_in_linear_time() -> None:
    # `\s*[·|]\s*` rescanned a run of spaces once per space: 40,000 spaces took 17 s.
    def read(text: str) -> object:
        return read_rendered_page("page.md", text.split("\n"), 1, "", Diagnostics())

    assert_linear(lambda n: f"GET\n/v1/x\n\nQuery parameters\n\nq{' ' * n}x |\n", read, 1_600_000)


def test_markdown_page_splitting_is_linear() -> None:
    assert_linear(fenced_page, lambda text: split_pages(text, "page"), 10_000)


def test_the_fences_of_one_page_are_read_in_linear_time(tmp_path: Path) -> None:
    # Every OpenAPI block looked for its examples by rebuilding the page's block list for
    # each block after it: 40,000 fences took 33 s.
    assert_linear(fenced_page, lambda text: sources_of(tmp_path, text), 4_000)


def test_openapi_blocks_are_read_in_linear_time(tmp_path: Path) -> None:
    def read(text: str) -> object:
        sources = sources_of(tmp_path, text)
        assert len(sources.fragments) > 10
        return sources

    assert_linear(block_page, read, 160)


def test_an_openapi_document_is_read_in_linear_time(tmp_path: Path) -> None:
    def document(paths: int) -> str:
        entries = "".join(f"  /things/n{i}:\n    get:\n      description: 'thing {i}'\n      responses:\n        '200': {{description: ok}}\n" for i in range(paths))
        return f"openapi: 3.0.0\ninfo: {{title: T, version: '1'}}\npaths:\n{entries}"

    def read(text: str) -> object:
        diagnostics = Diagnostics()
        sources = read_sources([str(written(tmp_path, "spec.yaml", text))], diagnostics)
        assert len(sources.fragments) == 1 and not diagnostics.has_errors
        return sources

    assert_linear(document, read, 240)


def test_sdk_examples_are_read_in_linear_time() -> None:
    # One example grows up to the reader's cap on an example's length; the examples of a
    # site (one list per page) grow without one.
    def example(calls: int) -> CodeExample:
        body = "".join(
            f'client.things.create(cursor="c{i}", request=acme.Thing(name="n{i}", tags=["a", "b"], meta={{"k": acme.Meta(v={i})}}))\n'
            for i in range(calls)
        )
        return CodeExample("python", f'import acme\n\nclient = acme.Acme(api_key="YOUR_API_KEY")\n{body}', SourceRef("page.md", 1))

    def read(code: CodeExample) -> object:
        facts = read_example(code)
        assert facts is not None and len(facts.calls) > 10 and facts.calls[0].types
        return facts

    assert len(example(8 * 100).code) < MAX_EXAMPLE_CHARS
    assert_linear(example, read, 100)
    assert_linear(lambda n: [example(12)] * n, lambda examples: [read(e) for e in examples], 12)


# -- merge passes -----------------------------------------------------------------------------


def test_the_whole_merge_of_near_identical_pages_is_linear(tmp_path: Path) -> None:
    def merged(sources: Sources) -> object:
        result = merge_sources(sources, Diagnostics())
        assert result is not None and len(result.operations) == 1
        return result

    assert_linear(lambda n: sources_of(tmp_path, near_identical_pages(n)), merged, 75)


def test_schema_merge_of_near_identical_pages_is_linear(tmp_path: Path) -> None:
    def prepared(count: int) -> tuple[Any, ...]:
        sources = sources_of(tmp_path, near_identical_pages(count))
        documents = merge.normalize_fragments(sources.fragments)
        named = merge.resolve_schema_names(sources.fragments, documents, Diagnostics())
        assert named is not None
        return sources.fragments, named[1], named[0]

    def merged(prepared: tuple[Any, ...]) -> object:
        schemas, divergences = merge.merge_schemas(*prepared, Diagnostics())
        assert len(schemas["Page"]["properties"]) > 10 and divergences
        return schemas

    assert_linear(prepared, merged, 200)


def test_operation_merge_of_near_identical_pages_is_linear(tmp_path: Path) -> None:
    def prepared(count: int) -> tuple[Any, ...]:
        sources = sources_of(tmp_path, near_identical_pages(count))
        documents = merge.normalize_fragments(sources.fragments)
        named = merge.resolve_schema_names(sources.fragments, documents, Diagnostics())
        assert named is not None
        names, documents = named
        schemas, _ = merge.merge_schemas(sources.fragments, documents, names, Diagnostics())
        return sources.fragments, documents, schemas, read_facts(sources.fragments)

    def merged(prepared: tuple[Any, ...]) -> object:
        fragments, documents, schemas, examples = prepared
        paths, operations, divergences = merge.merge_operations(fragments, documents, schemas, examples, Diagnostics())
        assert len(operations) == 1 and divergences
        return paths

    assert_linear(prepared, merged, 150)


def test_divergences_of_near_identical_definitions_are_linear() -> None:
    # Each definition has a property of its own: every definition lacks all but one of
    # them. The pass compared every fact with every definition, and the report listed all
    # the definitions lacking it, for each: 6,000 pages took minutes.
    def definitions(count: int) -> list[tuple[str, Any]]:
        return [
            (f"page{i}.md:3", {"type": "object", "properties": {"id": {"type": "string", "description": f"id {i}"}, f"p{i}": {"type": "integer"}}})
            for i in range(count)
        ]

    def described(definitions: list[tuple[str, Any]]) -> object:
        merged = {"type": "object", "properties": {k: v for _, d in definitions for k, v in d["properties"].items()}}
        rows = describe_differences("Thing", definitions, merged, schema_facts)
        assert len(rows) > len(definitions) and all(len(side.labels) <= MAX_LABELS for row in rows for side in row.sides)
        return rows

    assert_linear(definitions, described, 500)


def test_paging_detection_is_linear() -> None:
    def operation(size: int) -> tuple[dict[str, Any], dict[str, Any]]:
        parameters = [{"name": f"filter_{i}", "in": "query", "schema": {"type": "string"}} for i in range(size)]
        parameters.append({"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}})
        properties: dict[str, Any] = {f"field_{i}": {"type": "string"} for i in range(size)}
        properties |= {"data": {"type": "array", "items": {"type": "string"}}, "total_pages": {"type": "integer"}}
        page = {"type": "object", "properties": properties, "required": sorted(properties)}
        responses = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}
        return {"parameters": parameters, "responses": responses}, {"Page": page}

    def detected(given: tuple[dict[str, Any], dict[str, Any]]) -> object:
        paging = detect_paging(*given)
        assert paging is not None and (paging.kind, paging.stop) == ("page", "total_pages")
        return paging

    assert_linear(operation, detected, 5_000)


def test_the_report_of_near_identical_pages_is_linear(tmp_path: Path) -> None:
    # The report of 6,000 near-identical pages named 5,999 pages in each of 6,000 rows.
    def merged(count: int) -> Any:
        diagnostics = Diagnostics()
        result = merge_sources(sources_of(tmp_path, near_identical_pages(count)), diagnostics)
        assert result is not None
        return result, list(diagnostics.items)

    def rendered(given: Any) -> object:
        report = render_report(*given)
        assert "and " in report and " more" in report
        return report

    assert_linear(merged, rendered, 80)
