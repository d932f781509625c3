"""config: [tool.sdkgen] in pyproject.toml over the built-in defaults, and the errors for people
a bad setting gives."""

from __future__ import annotations

from generator.config import DEFAULTS, load_config


def test_no_pyproject_gives_the_defaults(tmp_path):
    settings, error = load_config(tmp_path)
    assert error is None and settings == DEFAULTS
    assert settings["specs"] == ["specs"] and settings["out"] == "generated"


def test_the_section_overrides_the_defaults_and_a_single_spec_is_a_list(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.sdkgen]\nspecs = "pages"\npackage = "acme_sdk"\nmax_depth = 40\n')
    settings, error = load_config(tmp_path)
    assert error is None
    assert (settings["specs"], settings["package"], settings["max_depth"], settings["output"]) == (["pages"], "acme_sdk", 40, "build/openapi.json")


def test_an_unknown_setting_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.sdkgen]\nspec = 'typo'\n")
    _, error = load_config(tmp_path)
    assert error is not None
    assert (error.path, error.message) == (str(tmp_path / "pyproject.toml"), "[tool.sdkgen] has unknown setting 'spec'")


def test_a_version_pip_refuses_is_an_error_at_its_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.sdkgen]\npackage_version = "one point two"\n')
    _, error = load_config(tmp_path)
    assert error is not None and error.path == f"{tmp_path / 'pyproject.toml'}:5"
    assert error.message.startswith("[tool.sdkgen] package_version 'one point two' is not a version pip accepts")


def test_a_bad_limit_and_bad_toml_are_errors(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.sdkgen]\nmax_nodes = -1\n")
    assert load_config(tmp_path)[1].message == "[tool.sdkgen] max_nodes must be a positive integer, not -1"  # type: ignore[union-attr]
    (tmp_path / "pyproject.toml").write_text("[tool.sdkgen\n")
    error = load_config(tmp_path)[1]
    assert error is not None and error.message.startswith("cannot read: ")
