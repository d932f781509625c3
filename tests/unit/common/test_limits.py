"""common.limits: the bounds of one run, read from [tool.sdkgen] settings."""

from __future__ import annotations

import pytest

from generator.common.limits import DEFAULT_LIMITS, MAX_DEPTH_SETTING, Limits, limit_note, setting_names


def test_every_limit_is_a_setting_with_a_default():
    assert setting_names() == ("max_input_bytes", "max_depth", "max_nodes", "max_alias_nodes", "max_name_length", "max_seconds")
    assert Limits.from_settings({}) == DEFAULT_LIMITS
    assert Limits.from_settings({"max_depth": 50, "title": "ignored"}) == Limits(max_depth=50)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"max_nodes": 0}, "[tool.sdkgen] max_nodes must be a positive integer, not 0"),
        ({"max_nodes": True}, "[tool.sdkgen] max_nodes must be a positive integer, not True"),
        ({"max_input_bytes": "1MB"}, "[tool.sdkgen] max_input_bytes must be a positive integer, not '1MB'"),
        ({"max_depth": MAX_DEPTH_SETTING + 1}, f"[tool.sdkgen] max_depth can be at most {MAX_DEPTH_SETTING}, not {MAX_DEPTH_SETTING + 1}"),
    ],
)
def test_a_setting_that_is_no_positive_integer_is_refused(settings, message):
    with pytest.raises(ValueError) as raised:
        Limits.from_settings(settings)
    assert str(raised.value) == message


def test_the_note_names_the_setting():
    assert limit_note("max_depth") == "`max_depth` in [tool.sdkgen] of pyproject.toml raises the limit"
