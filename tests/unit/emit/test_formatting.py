"""The generated modules are formatted by ruff and are exactly what black writes (black is the
oracle; whole packages of the seeds, fixtures and corpora are held to it in
tests/e2e/test_black_oracle.py); the template rules that keep the two formatters together
(`pysyntax.parameter_declaration`, `field_declaration`, `alias_declaration`) are checked on
the constructs where ruff alone would differ."""

from __future__ import annotations

import stat

import black
import pytest

from conftest import ROOT
from generator.emit import formatting
from generator.emit.formatting import FormattingError, format_source, format_sources
from generator.common.pysyntax import alias_declaration, field_declaration, parameter_declaration

BLACK_MODE = black.Mode(target_versions={black.TargetVersion.PY310})


def black_formats(text: str) -> str:
    return black.format_str(text, mode=BLACK_MODE)


LONG = "ChatsUserUuidMessagesGetResponsesContentApplicationJsonSchemaDataItemsPricingUsd"


def _method(*declarations: str) -> str:
    body = "".join(f"        {d},\n" for d in declarations)
    return f"class C:\n    def f(\n        self,\n        *,\n{body}    ) -> None:\n        pass\n"


@pytest.mark.parametrize(
    "declaration",
    [
        parameter_declaration("file_format", f"models.{LONG} | NotGiven", "NOT_GIVEN"),
        parameter_declaration("override", f"Union[models.{LONG}, Dict[str, Any]] | None | NotGiven", "NOT_GIVEN"),
        parameter_declaration("x", f"List[models.{LONG}] | NotGiven", "NOT_GIVEN"),
        parameter_declaration("required", f"models.{LONG} | int"),
        parameter_declaration("short", "int | None", "None"),
        parameter_declaration("literal", 'Literal["a | b", "' + "c" * 70 + '"]', "None"),
        parameter_declaration("wide", "中文" * 30 + " | None", "None"),
    ],
)
def test_parameter_declarations_are_formatted_alike(declaration):
    source = _method(declaration)
    assert format_source("m.py", source) == black_formats(source)


@pytest.mark.parametrize(
    "declaration",
    [
        field_declaration("usd", LONG, None, '"USD"', False),
        field_declaration("usd", LONG, "None", '"USD"', False),
        field_declaration("platform", LONG + "Platform", None, '"externalSocialPlatform"', False),
        field_declaration("x", LONG, "None", None, False),
        field_declaration("x", f"List[{LONG}]", "[]", None, True),
        field_declaration("x", f"{LONG} | None", "None", '"X"', False),
        field_declaration("x", f"Annotated[Union[{LONG}, int], Discriminator(tag_of())]", None, None, False),
        field_declaration("short", "int", "1", '"Short"', False),
    ],
)
def test_field_declarations_are_formatted_alike(declaration):
    source = f"class M(ApiModel):\n    {declaration}\n"
    assert format_source("m.py", source) == black_formats(source)


@pytest.mark.parametrize(
    "name, annotation",
    [
        ("BodyAddAPronunciationDictionaryV1PronunciationDictionariesAddFromFilePostWorkspaceAccess", 'Literal["a"] | None'),
        ("BodyTextToSpeechStreamingV1TextToSpeechVoiceIdStreamPostApplyTextNormalization", 'Union[Literal["auto", "on", "off"], str]'),
        ("X" * 100, "int"),
        ("Short", "Union[" + ", ".join(f"Model{i}" for i in range(20)) + "]"),
    ],
)
def test_alias_declarations_are_formatted_alike(name, annotation):
    source = alias_declaration(name, annotation) + "\n"
    assert format_source("m.py", source) == black_formats(source)


def test_long_heads_get_the_forms_both_formatters_agree_on():
    assert parameter_declaration("short", "int | None", "None") == "short: int | None = None"
    assert parameter_declaration("file_format", f"models.{LONG} | NotGiven", "NOT_GIVEN").startswith("file_format: (models.")
    assert field_declaration("usd", LONG, "None", '"USD"', False).startswith(f"usd: Annotated[{LONG}, Field(")
    assert field_declaration("short", "int", "1", '"Short"', False) == 'short: int = Field(default=1, validation_alias="Short", serialization_alias="Short")'
    assert alias_declaration("Short", "int") == "Short: TypeAlias = int"
    assert alias_declaration("X" * 80, "Union[int, str]") == "X" * 80 + " = Union[int, str]"


def test_no_configuration_file_changes_the_output(tmp_path, monkeypatch):
    """`--isolated`: a ruff.toml or pyproject.toml where sdkgen runs, in the output directory
    or above the temporary folder ruff works in is never read."""
    import tempfile

    source = "x = {'a': 1}\nimport os\n"
    expected = format_source("m.py", source)
    for folder in (tmp_path, tmp_path / "temp"):
        folder.mkdir(exist_ok=True)
        (folder / "ruff.toml").write_text('line-length = 20\n[format]\nquote-style = "single"\n[lint]\nignore = ["F401"]\n')
        (folder / "pyproject.toml").write_text("[tool.ruff]\nline-length = 20\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))  # the parent of ruff's folder
    assert format_source(str(tmp_path / "m.py"), source) == expected == 'x = {"a": 1}\n'
    assert not [p for p in (tmp_path / "temp").iterdir() if p.name.startswith("sdkgen-format-")], "the folder is removed"


def test_code_that_does_not_parse_is_an_error_naming_the_module():
    with pytest.raises(FormattingError, match=r"models\.py:2:1: the generated code does not compile: .*EOF while parsing"):
        format_source("models.py", "x = (\n")


def test_a_failing_or_missing_formatter_is_an_error(tmp_path, monkeypatch):
    fake = tmp_path / "ruff"
    fake.write_text("#!/bin/sh\necho 'error: formatter exploded' >&2\nexit 2\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(formatting, "ruff_binary", lambda: str(fake))
    with pytest.raises(FormattingError, match="formatter exploded"):
        format_sources({"a.py": "x = 1\n", "b.py": "y = 2\n"})
    monkeypatch.setattr(formatting, "ruff_binary", lambda: str(tmp_path / "absent"))
    with pytest.raises(FormattingError, match="could not be run"):
        format_source("a.py", "x = 1\n")


def test_format_sources_keeps_keys_and_order():
    sources = {f"m{i}.py": f"x{i} = ( {i} )\n" for i in range(12)}
    assert format_sources(sources) == {f"m{i}.py": f"x{i} = {i}\n" for i in range(12)}
    assert list(format_sources(sources)) == list(sources)


HEADER = '''"""A module."""

from __future__ import annotations

from typing import Any, Dict

from pydantic import Field

from ._base import ApiModel
'''


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A group the fix removes leaves one blank line between the imports left, and one
        # after them before a statement (ruff alone would keep two there, black writes one).
        ("\n\nX: Any = 1\n", '"""A module."""\n\nfrom __future__ import annotations\n\nfrom typing import Any\n\nX: Any = 1\n'),
        # Before a class, both formatters write two.
        ("\n\nclass A(ApiModel):\n    x: Any\n", '"""A module."""\n\nfrom __future__ import annotations\n\nfrom typing import Any\n\nfrom ._base import ApiModel\n\n\nclass A(ApiModel):\n    x: Any\n'),
        ("\n\ndef f() -> Dict[str, Any]:\n    return {}\n", '"""A module."""\n\nfrom __future__ import annotations\n\nfrom typing import Any, Dict\n\n\ndef f() -> Dict[str, Any]:\n    return {}\n'),
        # Nothing but imports left: the module still ends with a line break.
        ("", '"""A module."""\n\nfrom __future__ import annotations\n'),
    ],
)
def test_the_imports_the_fix_leaves_are_spaced_as_black_spaces_them(body, expected):
    formatted = format_source("m.py", HEADER + body)
    assert formatted == expected
    assert black_formats(formatted) == formatted


def test_runtime_modules_are_kept_in_blacks_format():
    """They are copied as they are, not formatted: so they must already be black's output."""
    from generator.emit.resources import RUNTIME_MODULES, runtime_modules

    assert {"_base.py", "_core/__init__.py", "_core/http.py"} <= set(RUNTIME_MODULES)
    for name, text in runtime_modules().items():
        assert black_formats(text) == text, name


@pytest.mark.parametrize("text", ['"""', 'ends in "quotes"', 'x""""', 'a\\"', 'a\\"""', "back\\", '"starts', "plain"])
def test_docstrings_ending_in_quotes_are_formatted_alike_and_keep_their_text(text):
    from generator.common.pysyntax import docstring

    source = docstring(text)
    assert source is not None and eval(source).rstrip(" ") == text  # noqa: S307 - our own literal
    module = f"def f() -> None:\n    {source}\n"
    assert format_source("m.py", module) == black_formats(module)


def test_the_stamped_ruff_version_is_the_installed_one():
    from importlib.metadata import version

    from generator.emit.formatting import ruff_version

    ruff_version.cache_clear()
    assert ruff_version() == version("ruff")


def test_a_broken_template_cache_only_costs_a_compile(tmp_path, monkeypatch):
    """Jinja's bytecode cache is an optimization: entries that are empty, garbage or
    truncated give the same package, never an error."""
    import jinja2

    from generator.emit import render
    from generator.common.diagnostics import Diagnostics
    from generator.pipeline import build_sdk
    from generator.settings import Settings

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "_get_default_cache_dir", lambda self: str(cache))

    def generated() -> dict[str, bytes]:
        render.environment.cache_clear()
        assert render.environment().bytecode_cache.directory == str(cache)
        built = build_sdk(Settings(specs=(str(ROOT / "specs"),)), Diagnostics())
        assert built is not None
        return built.files

    first = generated()
    entries = sorted(cache.iterdir())
    assert entries, "the first run fills the cache"
    for index, entry in enumerate(entries):
        entry.write_bytes([b"", b"garbage", entry.read_bytes()[:20]][index % 3])
    assert generated() == first
    render.environment.cache_clear()
