"""_core/_lazy.py, imported as the real module: imports on first use."""

from __future__ import annotations

import sys
from pathlib import Path

import pydantic
import pytest

from generator.emit.runtime._core import _lazy


@pytest.fixture
def fresh_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A module nobody has imported yet, on sys.path for this test."""
    name = "sdk_lazy_probe"
    (tmp_path / f"{name}.py").write_text("VALUE = 42\n\ndef twice(x):\n    return 2 * x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    return name


def test_lazy_module_imports_on_first_attribute_and_then_holds_the_module_names(fresh_module):
    lazy = _lazy.LazyModule(fresh_module)
    assert fresh_module not in sys.modules
    assert repr(lazy) == f"<lazily imported module {fresh_module!r}>"
    assert lazy.VALUE == 42
    assert fresh_module in sys.modules
    assert "twice" in vars(lazy) and lazy.twice(3) == 6  # copied: later lookups skip __getattr__


def test_first_use_puts_the_module_in_its_place(fresh_module):
    namespace: dict[str, object] = {}
    proxy = _lazy.FirstUse(fresh_module, namespace)
    namespace[fresh_module] = proxy
    assert fresh_module not in sys.modules
    assert fresh_module in repr(proxy)
    assert proxy.VALUE == 42
    assert namespace[fresh_module] is sys.modules[fresh_module]


def test_first_use_leaves_a_name_that_was_rebound_alone(fresh_module):
    namespace: dict[str, object] = {fresh_module: "something else"}
    proxy = _lazy.FirstUse(fresh_module, namespace)
    assert proxy.twice(2) == 4
    assert namespace[fresh_module] == "something else"


def test_a_missing_attribute_is_an_attribute_error(fresh_module):
    proxy = _lazy.FirstUse(fresh_module, {})
    with pytest.raises(AttributeError):
        getattr(proxy, "missing")  # noqa: B009 - the lookup is the test


def test_is_model_recognises_pydantic_models_without_importing_pydantic():
    class Item(pydantic.BaseModel):
        name: str

    assert _lazy.is_model(Item(name="a"))
    assert not _lazy.is_model(Item)  # the class itself is no value
    assert not _lazy.is_model({"name": "a"})
    assert "pydantic" not in _lazy.__dict__
