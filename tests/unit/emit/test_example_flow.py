"""generator/emit/usage_examples.py: a page's Python example is copied into the package's
README and reference (which users and the tests run) only when, read in the order its
statements run, it is plain SDK usage. Names count as bound only after the statement that
binds them; builtins outside a short allow-list are refused however they appear."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.common.pysyntax import PYTHON_BUILTINS as BUILTIN_NAMES
from generator.emit.usage_examples import ALLOWED_BUILTINS, is_plain_sdk_usage

EXPORTS = frozenset({"Acme", "AsyncAcme", "ApiError", "Thing"})
PLAIN = """\
from acme import Acme

client = Acme(api_key="YOUR_API_KEY")
thing = client.things.get("t_1")
print(thing)
"""
ASYNC = """\
import asyncio

from acme import AsyncAcme

client = AsyncAcme(api_key="YOUR_API_KEY")


async def main() -> None:
    async for item in client.things.list_all():
        print(item)


asyncio.run(main())
"""


def plain(code: str) -> bool:
    return is_plain_sdk_usage(textwrap.dedent(code), "acme", EXPORTS)


def test_the_pages_usual_examples_are_plain_usage() -> None:
    assert plain(PLAIN) and plain(ASYNC)
    assert plain("import acme\nclient = acme.Acme()\nwith client as c:\n    c.things.delete(id='x')\n")
    assert plain("from acme import Acme, ApiError\nclient = Acme()\ntry:\n    client.things.get('x')\nexcept ApiError as error:\n    print(error)\n")


@pytest.mark.parametrize(
    "code",
    [
        # a name used before the statement that binds it (it was enough that any statement bound it)
        'exec("import os")\nexec = print\n',
        'from acme import Acme\nrun("x")\nrun = print\n',
        'from acme import Acme\nclient.things.get("x")\nclient = Acme()\n',
        # builtins outside the allow-list: loaded, assigned, shadowed, or as a function argument
        'open("/etc/passwd")\n',
        'from acme import Acme\nclient = Acme()\ngetattr(client, "things")\n',
        'eval = print\neval("x")\n',
        'print = exec\n',
        'def show(print):\n    print("x")\n',
        'from acme import Acme as exec\n',
        'from acme import Acme\nfor open in [1]:\n    pass\n',
        'from acme import Acme\nwith Acme() as compile:\n    pass\n',
        'from acme import Acme\ntry:\n    pass\nexcept Exception as eval:\n    pass\n',
        # dunder names, other modules, private attributes
        '__builtins__ = None\n',
        'import os\nos.system("x")\n',
        'from acme import Acme\nAcme()._client\n',
        # what the checker does not understand
        'from acme import Acme\nclient = Acme()\nif client:\n    pass\n',
        'from acme import Acme\ndel Acme\n',
        'from acme import Acme\nx = [c for c in Acme()]\n',
        'from acme import Acme\nx = lambda: Acme()\n',
        'def f(*args):\n    pass\n',
        # a name bound only inside a try body is not bound in its handler
        'from acme import Acme\ntry:\n    client = Acme()\nexcept Exception:\n    client.things.get("x")\n',
    ],
)
def test_hostile_or_unclear_examples_are_refused(code: str) -> None:
    assert not plain(code)


def test_a_function_body_sees_only_what_is_bound_where_it_is_defined() -> None:
    assert not plain("from acme import Acme\ndef main():\n    client.things.get('x')\nclient = Acme()\nmain()\n")
    assert plain("from acme import Acme\nclient = Acme()\ndef main():\n    client.things.get('x')\nmain()\n")


DANGEROUS = sorted(BUILTIN_NAMES - ALLOWED_BUILTINS - {"None", "True", "False", "Ellipsis", "NotImplemented"})


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    name=st.sampled_from(DANGEROUS),
    position=st.integers(min_value=0, max_value=4),
    rebind_later=st.booleans(),
)
def test_no_placement_of_a_dangerous_builtin_passes(name: str, position: int, rebind_later: bool) -> None:
    lines = PLAIN.splitlines()
    lines.insert(position, f'{name}("import os")')
    if rebind_later:
        lines.append(f"{name} = print")
    assert not plain("\n".join(lines) + "\n")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(order=st.permutations(range(4)))
def test_plain_usage_passes_only_in_an_order_that_runs(order: list[int]) -> None:
    statements = ["from acme import Acme", 'client = Acme(api_key="k")', 'thing = client.things.get("t")', "print(thing)"]
    code = "\n".join(statements[i] for i in order) + "\n"
    assert plain(code) == (list(order) == [0, 1, 2, 3])
