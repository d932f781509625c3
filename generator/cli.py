"""The `sdkgen` command line: a thin edge over the library that prints problems for people."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import load_config
from .diagnostics import Diagnostics, Level
from .pipeline import build_merged_document
from .writer import write_atomically

EXIT_BAD_INPUT = 2


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
@click.option("--validate/--no-validate", default=False, help="Check the result with openapi-spec-validator.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def merge(specs: tuple[str, ...], output: str | None, report: str | None, title: str | None, validate: bool, strict: bool, quiet: bool) -> None:
    """Merge pages and documents into one OpenAPI 3.1 document and a merge report."""
    settings, problem = load_config(Path.cwd())
    if problem is not None:
        _fail([f"{problem.path}: error: {problem.message}"])
    specs_list = list(specs) or list(settings["specs"])
    output = output or settings["output"]
    report = report or settings["report"]
    diagnostics = Diagnostics()
    merged = build_merged_document(specs_list, diagnostics, title=title or settings["title"])
    _print_diagnostics(diagnostics, quiet)
    if merged is None or diagnostics.has_errors:
        _fail([])
    if strict and any(d.level is Level.WARNING for d in diagnostics.items):
        _fail(["error: warnings are errors with --strict"])
    document = merged.result.document
    if validate:
        problems = _validation_problems(document)
        if problems:
            _fail([f"error: the merged document is not valid OpenAPI 3.1: {p}" for p in problems])
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomically(Path(output), text)
    if report:
        write_atomically(Path(report), merged.report)
    if not quiet:
        schemas = len((document.get("components") or {}).get("schemas") or {})
        differing = len({d.subject for d in merged.result.schema_divergences})
        click.echo(
            f"merged {len(merged.result.fragments)} blocks: {len(merged.result.operations)} operations, "
            f"{schemas} schemas ({differing} defined differently across pages)"
            + (f" -> {output}" if output != "-" else ""),
            err=True,
        )


def _validation_problems(document: dict[str, Any]) -> list[str]:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    errors = OpenAPIV31SpecValidator(document).iter_errors()
    return [f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}" for error in errors][:20]


def _print_diagnostics(diagnostics: Diagnostics, quiet: bool) -> None:
    for diagnostic in diagnostics.items:
        if quiet and diagnostic.level is not Level.ERROR:
            continue
        click.echo(str(diagnostic), err=True)


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(EXIT_BAD_INPUT)
