"""generator/emit/formatting.py: a rendered module that CPython would refuse at import fails
the run (nothing is written), even where `ruff format` would format it."""

from __future__ import annotations

import pytest

from generator.emit.formatting import FormattingError, format_sources

BROKEN = {
    "duplicate parameter": "class C:\n    def __init__(self, *, environment=1, environment=2):\n        pass\n",
    "duplicate keyword-only and positional": "def f(a, *, a=1):\n    pass\n",
    "keyword as a name": "def f(class_, *, lambda=1):\n    pass\n",
    "unclosed string": 'x = """\n',
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_code_that_would_not_compile_is_refused_with_its_module_and_place(name: str) -> None:
    source = BROKEN[name]
    with pytest.raises(SyntaxError):
        compile(source, "m.py", "exec")  # the oracle: CPython refuses it
    with pytest.raises(FormattingError) as caught:
        format_sources({"pkg/_client.py": source, "pkg/models.py": "import os\nX = 1\n"})
    message = str(caught.value)
    assert message.startswith("pkg/_client.py:") and "pkg/models.py" not in message


def test_unused_imports_are_still_dropped_and_nothing_else_is_reported() -> None:
    formatted = format_sources({"pkg/a.py": "import os\nimport sys\nprint(sys.argv)\n", "pkg/__init__.py": "from .a import x\n"})
    assert formatted["pkg/a.py"] == "import sys\n\nprint(sys.argv)\n"
