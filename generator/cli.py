"""The `sdkgen` command line: a thin edge over the library that prints problems for people."""

from __future__ import annotations

import gc
import os
import sys
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, NoReturn

import click

from . import __version__
from .common.diagnostics import Diagnostics, Level
from .common.limits import limit_note
from .common.json_text import indented_json
from .emit.package import CHANNELS_FILE
from .output.output_dir import MANIFEST, OutputError, compare_tree, replace_tree
from .output.writer import write_atomically
from .pipeline import SdkOutput, build_merged_document, build_sdk
from .settings import Settings, SettingsError, resolve_settings

EXIT_DRIFT = 1
EXIT_BAD_INPUT = 2


class TimeLimitExceeded(BaseException):
    """The run's `max_seconds` passed (a BaseException: no `except Exception` in a stage can
    swallow it)."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Stop the block with exit 2 and a message once `seconds` have passed: the total work
    budget of a run, whatever a stage is doing (POSIX main thread: a real-time timer; elsewhere
    the block runs unbounded)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeLimitExceeded:
        _fail([f"error: the run took longer than {seconds} s and was stopped; nothing was written; {limit_note('max_seconds')}"])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


GC_THRESHOLD = 200_000  # allocations between collections of the youngest generation
SWITCH_INTERVAL = 0.0005  # seconds a thread keeps the interpreter lock while another waits for it


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sdkgen")
def main() -> None:
    """Turn API reference pages (Fern Markdown exports) and OpenAPI documents into one clean
    OpenAPI 3.1 document and a typed Python SDK."""


@main.command()
@click.option("--specs", "specs", multiple=True, type=click.Path(), help="Page, OpenAPI document or folder; repeatable. Default: specs/.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Merged document (JSON); '-' for stdout.")
@click.option("--report", type=click.Path(dir_okay=False), help="Merge report (Markdown).")
@click.option("--title", help="info.title of the merged document.")
@click.option(
    "--asyncapi",
    "asyncapi",
    type=click.Path(dir_okay=False),
    help="The WebSocket channels (AsyncAPI 2.6 JSON), when the inputs have any. Default: asyncapi.json beside --output (none with '-o -').",
)
@click.option("--validate/--no-validate", default=False, help="Check the result with openapi-spec-validator.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def merge(
    specs: tuple[str, ...], output: str | None, report: str | None, title: str | None, asyncapi: str | None, validate: bool, strict: bool, quiet: bool
) -> None:
    """Merge pages and documents into one OpenAPI 3.1 document and a merge report."""
    settings = _settings(specs=specs, output=output, report=report, title=title)
    output, report = settings.output, settings.report
    diagnostics = Diagnostics()
    with time_limit(settings.limits.max_seconds):
        merged = build_merged_document(list(settings.specs), diagnostics, title=settings.title, limits=settings.limits, strict=strict)
    _print_diagnostics(diagnostics, quiet)
    if merged is None or diagnostics.has_errors:
        _fail([])
    document = merged.result.document
    if validate:
        problems = _validation_problems(document)
        if problems:
            _fail([f"error: the merged document is not valid OpenAPI 3.1: {p}" for p in problems])
    text = indented_json(document) + "\n"
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomically(Path(output), text)
    if report:
        write_atomically(Path(report), merged.report)
    channels = merged.result.channels_document
    channels_path = asyncapi or (str(Path(output).with_name(CHANNELS_FILE)) if output != "-" else None)
    if channels is not None and channels_path is not None:
        write_atomically(Path(channels_path), indented_json(channels) + "\n")
    elif channels is not None and not quiet:
        click.echo(f"notice: {len(merged.result.channels)} WebSocket channels not written (give --asyncapi PATH)", err=True)
    if not quiet:
        schemas = len((document.get("components") or {}).get("schemas") or {})
        differing = len({d.subject for d in merged.result.schema_divergences})
        click.echo(
            f"merged {len(merged.result.fragments)} blocks: {len(merged.result.operations)} operations, "
            f"{schemas} schemas ({differing} defined differently across pages)"
            + (f", {len(merged.result.channels)} WebSocket channels" if merged.result.channels else "")
            + (f" -> {output}" if output != "-" else ""),
            err=True,
        )


def _sdk_options(command: Any) -> Any:
    options = [
        click.option("--specs", "specs", multiple=True, type=click.Path(), help="Page, OpenAPI document or folder; repeatable. Default: specs/."),
        click.option("--out", type=click.Path(file_okay=False), help="Output directory. Default: generated/."),
        click.option("--package", help="Python package name. Default: from pyproject, else from the client name."),
        click.option("--client-name", help="Client class name (the async one gets 'Async' in front). Default: from the API's host."),
        click.option("--title", help="info.title of the merged document."),
        click.option(
            "--package-version", help="Version of the generated package (PEP 440). Default: 0.0.0+sdkgen.<hash of the merged document>."
        ),
        click.option("--strict", is_flag=True, help="Treat warnings as errors."),
        click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class Progress:
    """Stage-by-stage notes on stderr with the time so far; silent unless stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            click.echo(f"sdkgen: {message} ({time.perf_counter() - self.started:.1f} s)", err=True)


def _settings(**given: Any) -> Settings:
    """The run's settings: the options given over pyproject.toml over the defaults; exit 2 when one cannot be used."""
    settings = resolve_settings(Path.cwd(), given)
    if isinstance(settings, SettingsError):
        _fail([str(settings)])
    return settings


def _generate(settings: Settings, strict: bool, quiet: bool) -> SdkOutput:
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    progress(f"reading {', '.join(settings.specs)}")
    diagnostics = Diagnostics()
    with time_limit(settings.limits.max_seconds):
        built = build_sdk(settings, diagnostics, progress=progress, strict=strict)
    _print_diagnostics(diagnostics, quiet)
    if built is None or diagnostics.has_errors:
        _fail([])
    progress("generated")
    return built


@main.command("regenerate-sdk")
@_sdk_options
def regenerate_sdk(
    specs: tuple[str, ...], out: str | None, package: str | None, client_name: str | None, title: str | None, package_version: str | None, strict: bool, quiet: bool
) -> None:
    """Merge the pages and write the SDK package, the merged document and the report to --out.

    The directory is replaced as a whole and only once everything is generated: a failed
    run leaves the previous output as it was.
    """
    settings = _settings(specs=specs, out=out, package=package, client_name=client_name, title=title, package_version=package_version)
    target = Path(settings.out)
    built = _generate(settings, strict, quiet)
    try:
        changed = replace_tree(target, built.files)
    except OutputError as exc:
        _fail([f"error: {exc}"])
    except OSError as exc:
        _fail([f"error: cannot write {target}: {exc.strerror or exc}"])
    if not quiet:
        result = built.merged.result
        state = "written" if changed else "unchanged"
        click.echo(f"{len(result.operations)} operations, {len(built.files)} files -> {target}/ ({state})", err=True)


@main.command()
@_sdk_options
def check(
    specs: tuple[str, ...], out: str | None, package: str | None, client_name: str | None, title: str | None, package_version: str | None, strict: bool, quiet: bool
) -> None:
    """Exit 1, with a diff, when --out differs from what regenerate-sdk would write. Never writes.

    It regenerates in memory and compares every file by content; nothing in --out is trusted
    (not its manifest; links and special files are differences, never followed).
    """
    settings = _settings(specs=specs, out=out, package=package, client_name=client_name, title=title, package_version=package_version)
    target = Path(settings.out)
    built = _generate(settings, strict, quiet)
    try:
        changes = compare_tree(target, built.files)
    except OutputError as exc:
        _fail([f"error: {exc}"])
    if not changes:
        if not quiet:
            click.echo(f"{target}/ is up to date ({len(built.files)} files)", err=True)
        return
    for change in changes:
        click.echo(change.diff, nl=False)
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("modified", "added", "removed", "not a file")}
    summary = ", ".join(f"{n} {'would be ' if kind in ('added', 'removed') else ''}{kind}" for kind, n in counts.items() if n)
    stamp_only = all(c.path == MANIFEST or c.path.endswith("/provenance.py") for c in changes)
    if stamp_only:
        click.echo(
            f"{target}/: only the provenance stamp differs ({', '.join(sorted(c.path for c in changes))}): the inputs or the "
            "generator changed, the generated code did not; run `sdkgen regenerate-sdk` to update the stamp",
            err=True,
        )
    else:
        click.echo(f"{target}/ is out of date: {len(changes)} files differ ({summary}); run `sdkgen regenerate-sdk`", err=True)
    sys.exit(EXIT_DRIFT)


@main.command()
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", help="Where to write the report ('-': stdout).")
@click.option("--fail-on-breaking", is_flag=True, help="Exit 1 when any change breaks callers.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def diff(old: str, new: str, output_format: str, output: str, fail_on_breaking: bool, quiet: bool) -> None:
    """Report what changed for callers between OLD and NEW (each a page, a folder of pages, or
    a merged document), each change classified as breaking or not."""
    settings = _settings()
    documents = []
    for given in (old, new):
        diagnostics = Diagnostics()
        with time_limit(settings.limits.max_seconds):
            merged = build_merged_document([given], diagnostics, limits=settings.limits)
        _print_diagnostics(diagnostics, quiet=True)
        if merged is None or diagnostics.has_errors:
            _fail([])
        assert merged is not None
        documents.append(merged.result.document)
    from .release.api_diff import (
        diff_documents,  # the diff's own modules: loaded by this command only
    )
    from .release.diff_report import render_json, render_markdown

    changes = diff_documents(documents[0], documents[1])
    render = render_json if output_format == "json" else render_markdown
    text = render(old, new, changes)
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomically(Path(output), text)
    breaking = sum(1 for c in changes if c.breaking)
    if not quiet:
        click.echo(f"{breaking} breaking, {len(changes) - breaking} not breaking", err=True)
    if fail_on_breaking and breaking:
        sys.exit(EXIT_DRIFT)


def _validation_problems(document: dict[str, Any]) -> list[str]:
    try:
        from openapi_spec_validator import OpenAPIV31SpecValidator
    except ImportError:
        _fail(["error: --validate needs openapi-spec-validator, an optional dependency: pip install 'sdkgen[validate]'"])
    try:
        errors = list(OpenAPIV31SpecValidator(document).iter_errors())
    except RecursionError:  # the validator recurses per level, deeper than max_depth allows us
        _fail(["error: --validate: openapi-spec-validator cannot check a document nested this deeply (Python's recursion limit)"])
    return [f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}" for error in errors][:20]


def _print_diagnostics(diagnostics: Diagnostics, quiet: bool) -> None:
    for diagnostic in diagnostics.items:
        if quiet and diagnostic.level is not Level.ERROR:
            continue
        click.echo(str(diagnostic), err=True)


def _fail(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(EXIT_BAD_INPUT)


def run() -> NoReturn:
    """The `sdkgen` program: `main`, then an exit without the interpreter's teardown (which
    frees every module and object one by one: about 25 ms of each run), as mypy exits. Both
    output streams are flushed first; every file sdkgen writes is closed by then. An
    exception that is no exit propagates as it would from `main`.

    A run builds many small trees and few reference cycles: the collector's default pace
    (every 700 allocations) spent up to 7% of a run walking them (measured on the full
    ElevenLabs document: 0.64 -> 0.59 s), so the program collects less often: every 200,000
    allocations, which the full document and one twice its size never reach (one collection
    of 50,000 young objects took 8 ms; the peak memory is the same, 52 and 72 MB).

    While ruff formats the package, a thread writes the modules for it, starts its processes
    and reads what they wrote, as the main thread writes the documents; at the default
    switch interval each of the thread's short steps waited up to 5 ms for the interpreter
    lock (measured: 0.50 -> 0.48 s on the full document, 0.82 -> 0.77 s on the doubled one). These are the program's choices, not
    `main`'s: a process that calls `main` keeps its own."""
    gc.set_threshold(GC_THRESHOLD, 20, 20)
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that went away (`sdkgen merge -o - | head`)
            code = code or 1
    os._exit(code or 0)
