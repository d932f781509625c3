"""Property test: random but plausible API descriptions either generate a working package or are
refused cleanly.

Inputs come from `spec_strategies.inputs()`: OpenAPI 3.0/3.1 in YAML or JSON, or Fern-style
Markdown pages, sometimes a second page that redefines some schemas differently (merged);
objects, arrays, maps, enums, consts, nullables, unions, tagged unions, allOf, recursion, odd
names and strings, a few operations with path/query/header parameters and JSON bodies; and
the shapes the input limits are about: schemas shared through YAML anchors, nesting up to
the depth limit, names up to the name limit, `200:` keys, `4XX`/`default` responses, defaults
that do not fit their type (left out with a warning, so the package must still type-check). For
each, `regenerate-sdk` runs in-process (exceptions surface; a runaway run is stopped after
GENERATION_SECONDS and fails) over an output directory that already holds an earlier
successful run, and then either

* exits 2 with `file:line: error: ...` lines, no traceback, and the earlier output untouched
  (byte for byte) — always the case for a planted pure alias cycle (A -> B -> A), and for a
  planted hostile shape (a YAML alias bomb, nesting or a name past the limits, a `null` key,
  a `!!binary` value, a status `²²²`...), whose error must say what `FuzzInput.refusal` says; or
* exits 0, every module is exactly what black writes, and the package imports in a fresh `python -W error`, builds every model, and
  round-trips schema-valid instances of every JSON response (checked with jsonschema first):
  through the operation's declared return type (TypeAdapter: validate, then dump with
  `mode="json", by_alias=True, exclude_unset=True` gives the instance back), and through
  the operation itself, sync and async, on a client whose transport answers the instance.

A second test type-checks every package generated this session with one `mypy --strict` run.

Default: 20 examples (10-30 s). Longer run:

    SDKGEN_FUZZ_EXAMPLES=300 python -m pytest -q tests/test_fuzz.py

Add SDKGEN_FUZZ_SHRINK=1 to have hypothesis shrink a failing input to a minimal one (slow).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import black
import jsonschema
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, mypy_cache_dir, ruff_check_command
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from spec_strategies import FuzzInput, inputs, instances

from generator.cli import main
from generator.output.output_dir import MANIFEST, read_tree

EXAMPLES = int(os.environ.get("SDKGEN_FUZZ_EXAMPLES", "20"))
# The default run (the README's test command, CI) draws the same examples every time, so a
# failure there is a regression, not luck; a longer run (SDKGEN_FUZZ_EXAMPLES) explores anew.
DERANDOMIZE = "SDKGEN_FUZZ_EXAMPLES" not in os.environ
# Shrinking a failure to a minimal input re-runs generation and the import check many times
# (minutes); off by default so that a failing default run stays short.
SHRINK = os.environ.get("SDKGEN_FUZZ_SHRINK", "") not in ("", "0")
BASELINE = FIXTURES / "sdk" / "names" / "golden"  # an earlier successful run (it has a manifest)
BLACK_MODE = black.Mode(target_versions={black.TargetVersion.PY310})
DIAGNOSTIC = re.compile(r"^(?:\S.*?:\d+: )?(?:error|warning|notice): ")
JSON_MEDIA = re.compile(r"^application/([\w.+-]+\+)?json(;.*)?$")
MAX_INSTANCES = 12  # per operation

GENERATION_SECONDS = 15  # a generation that takes longer is stuck (unbounded loop): a failure


class GenerationTimeout(BaseException):  # not an Exception: the generator must not swallow it
    pass


MEMORY_HEADROOM = 3 << 30  # bytes of address space a generation may add before MemoryError


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise GenerationTimeout inside the block after `seconds`, again every second until it
    ends (SIGALRM: main thread, Unix), and cap its memory, so that a runaway generation fails
    the example instead of taking the machine down."""

    def expire(signum: int, frame: Any) -> None:
        raise GenerationTimeout(f"regenerate-sdk still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    limits = resource.getrlimit(resource.RLIMIT_AS)
    try:
        used = int(next(line.split()[1] for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmSize:"))) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (used + MEMORY_HEADROOM, limits[1]))
    except (OSError, StopIteration, ValueError):
        limits = None  # type: ignore[assignment]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if limits is not None:
            resource.setrlimit(resource.RLIMIT_AS, limits)


# Packages generated by this session's examples (out dir, package name), for the mypy test.
GENERATED: list[tuple[Path, str]] = []
_counter = itertools.count()


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    baseline = root / "baseline"
    shutil.copytree(BASELINE, baseline, ignore=shutil.ignore_patterns("__pycache__"))
    yield root


# -- instances of the response types -----------------------------------------------------------


def _pointer(*parts: str) -> str:
    """A JSON pointer as a URI fragment (escaped, then percent-encoded)."""
    return quote("".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts), safe="/~")


def response_instances(document: dict[str, Any]) -> dict[str, list[Any]]:
    """operationId -> schema-valid instances of its JSON success response (jsonschema decides)."""
    uri = "urn:sdkgen:fuzz"
    registry = Registry().with_resource(uri, Resource.from_contents(document, default_specification=DRAFT202012))
    found: dict[str, list[Any]] = {}
    for path, item in (document.get("paths") or {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = sorted(str(code) for code in operation["responses"] if str(code).startswith("2"))
            if not codes:
                continue
            content = (operation["responses"][codes[0]] or {}).get("content") or {}
            media = next((m for m in content if JSON_MEDIA.match(m)), None)
            if media is None or "schema" not in content[media]:
                continue
            schema = content[media]["schema"]
            pointer = _pointer("paths", path, method, "responses", codes[0], "content", media, "schema")
            validator = jsonschema.Draft202012Validator({"$ref": f"{uri}#{pointer}"}, registry=registry)
            valid = []
            for instance in instances(schema, document):
                try:
                    ok = validator.is_valid(instance)
                except RecursionError:  # a reference cycle that never reaches a value (A = allOf[A, ...])
                    ok = False
                if ok and instance not in valid:
                    valid.append(instance)
            found[str(operation["operationId"])] = valid[:MAX_INSTANCES]
    return found


# -- the check run in a fresh interpreter --------------------------------------------------------

ROUND_TRIP = r'''
import ast, asyncio, importlib, inspect, json, sys, types, typing
from pathlib import Path

import httpx
from pydantic import BaseModel, TypeAdapter

out, package, instances_file = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
sys.path.insert(0, str(out))
pkg = importlib.import_module(package)
models = importlib.import_module(package + ".models")
client_module = importlib.import_module(package + "._client")
CLIENT = next(name for name in pkg.__all__ if isinstance(getattr(pkg, name), type) and getattr(pkg, name).__module__ == client_module.__name__ and not name.startswith("Async"))
base = importlib.import_module(package + "._base").ApiModel  # models.py imports it only when it has classes
for name, value in sorted(vars(models).items()):
    if isinstance(value, type) and issubclass(value, base) and value.__module__ == models.__name__:
        value.model_rebuild(force=True)  # every model builds, not only those the responses use

# operationId -> the sync method that sends it (read from the source: the first argument of
# request() in a plain `def`; the async classes' request methods are `async def`)
methods = {}
tree = ast.parse(Path(client_module.__file__).read_text(encoding="utf-8"))
for cls in tree.body:
    if not isinstance(cls, ast.ClassDef):
        continue
    for function in cls.body:
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "request" and node.args and isinstance(node.args[0], ast.Constant):
                methods.setdefault(node.args[0].value, getattr(getattr(client_module, cls.name), function.name))


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def value_for(tp):
    """Some argument of type `tp` (only the wire shape matters: the mock server ignores it)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return value_for(args[0])
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, types.UnionType):
        usable = [a for a in args if a is not type(None)] or [None]
        return value_for(usable[0]) if usable[0] is not None else None
    if origin in (list, typing.List):
        return []
    if origin in (dict, typing.Dict):
        return {}
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp.model_construct()
    return {str: "s", int: 1, float: 1.5, bool: True, bytes: b"x", type(None): None}.get(tp, "s")


def call_with_answer(method_name, owner_path, answer):
    """Call the operation on a client whose transport answers `answer` (JSON, 200)."""
    body = json.dumps(answer).encode()  # (httpx's json=None would send no body at all)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers={"Content-Type": "application/json"}))
    client_class = getattr(pkg, CLIENT)
    kwargs = {"base_url": "http://fuzz.test", "http_client": httpx.Client(transport=transport)}
    if "api_key" in inspect.signature(client_class.__init__).parameters:
        kwargs["api_key"] = "k"
    with client_class(**kwargs) as client:
        target = client
        for part in owner_path:
            target = getattr(target, part)
        bound = getattr(target, method_name)
        hints = typing.get_type_hints(bound)
        arguments = {
            name: value_for(hints[name])
            for name, parameter in inspect.signature(bound).parameters.items()
            if parameter.default is inspect.Parameter.empty and parameter.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        }
        return bound(**arguments)


def call_async_with_answer(method_name, owner_path, answer):
    """The same through the async client."""
    body = json.dumps(answer).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers={"Content-Type": "application/json"}))
    client_class = getattr(pkg, "Async" + CLIENT)

    async def run():
        kwargs = {"base_url": "http://fuzz.test", "http_client": httpx.AsyncClient(transport=transport)}
        if "api_key" in inspect.signature(client_class.__init__).parameters:
            kwargs["api_key"] = "k"
        async with client_class(**kwargs) as client:
            target = client
            for part in owner_path:
                target = getattr(target, part)
            bound = getattr(target, method_name)
            hints = typing.get_type_hints(bound)
            arguments = {
                name: value_for(hints[name])
                for name, parameter in inspect.signature(bound).parameters.items()
                if parameter.default is inspect.Parameter.empty and parameter.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
            }
            return await bound(**arguments)

    return asyncio.run(run())


def owner_paths(client, path=()):
    """class name of every resource object reachable from the client -> attribute path to it."""
    found = {type(client).__name__: path}
    for name, value in vars(client).items():
        if not name.startswith("_") and type(value).__module__ == client_module.__name__:
            found.update(owner_paths(value, path + (name,)))
    return found


client_class = getattr(pkg, CLIENT)
probe_args = {"base_url": "http://fuzz.test"}
if "api_key" in inspect.signature(client_class.__init__).parameters:
    probe_args["api_key"] = "k"
with client_class(**probe_args) as probe:
    owners = owner_paths(probe)

failures = []
checked = 0
for operation_id, instances in json.loads(instances_file.read_text(encoding="utf-8")).items():
    method = methods.get(operation_id)
    if method is None:
        failures.append(f"{operation_id}: no client method sends it (have {sorted(methods)})")
        continue
    declared = typing.get_type_hints(method)["return"]
    adapter = TypeAdapter(declared)
    owner = method.__qualname__.split(".")[0]
    for position, instance in enumerate(instances[:3]):
        try:
            if position == 0:
                answer = call_async_with_answer(method.__name__, owners[owner], instance)
                dumped = adapter.dump_python(answer, mode="json", by_alias=True, exclude_unset=True)
                if not same(dumped, instance):
                    failures.append(f"{operation_id} called (async): {json.dumps(instance)[:300]} -> returned {json.dumps(dumped)[:300]}")
                    break
            answer = call_with_answer(method.__name__, owners[owner], instance)
            dumped = adapter.dump_python(answer, mode="json", by_alias=True, exclude_unset=True)
        except Exception as exc:
            failures.append(f"{operation_id} called: {json.dumps(instance)[:300]} -> {type(exc).__name__}: {str(exc)[:600]}")
            break
        if not same(dumped, instance):
            failures.append(f"{operation_id} called: {json.dumps(instance)[:300]} -> returned {json.dumps(dumped)[:300]}")
            break
        checked += 1
    for instance in instances:
        for how, parsed in (("python", lambda: adapter.validate_python(instance)), ("json", lambda: adapter.validate_json(json.dumps(instance)))):
            try:
                value = parsed()
                dumped = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
            except Exception as exc:
                failures.append(f"{operation_id} ({declared}) {how}: {json.dumps(instance)[:300]} -> {type(exc).__name__}: {str(exc)[:600]}")
                break
            if not same(dumped, instance):
                failures.append(f"{operation_id} ({declared}) {how}: {json.dumps(instance)[:300]} -> dumped {json.dumps(dumped)[:300]}")
                break
            checked += 1
print(json.dumps({"checked": checked, "failures": failures}))
'''


def check_package(out: Path, package: str, instances: dict[str, list[Any]]) -> dict[str, Any]:
    instances_file = out.parent / "instances.json"
    instances_file.write_text(json.dumps(instances), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", ROUND_TRIP, str(out), package, str(instances_file)],
        check=False, cwd=out.parent, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert result.returncode == 0, "\n".join(result.stderr.splitlines()[-25:])
    assert "Warning" not in result.stderr, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- the property -------------------------------------------------------------------------------------


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example],
    phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])],
)
@given(spec=inputs(), give_client_name=st.booleans())
def test_regenerate_works_or_refuses_cleanly(fuzz_root: Path, spec: FuzzInput, give_client_name: bool) -> None:
    number = next(_counter)
    work = fuzz_root / f"example{number}"
    specs = work / "specs"
    specs.mkdir(parents=True)
    for index, (text, suffix) in enumerate(spec.files):
        (specs / f"{index:02d}_page{suffix}").write_text(text, encoding="utf-8")
        note(f"input {index:02d}_page{suffix}:\n{text}")
    out = work / "out"
    shutil.copytree(fuzz_root / "baseline", out)
    before = read_tree(out)
    package = f"fuzz{number}"
    args = ["regenerate-sdk", "-q", "--specs", str(specs), "--out", str(out), "--package", package]
    if give_client_name:
        args += ["--client-name", "Fuzz"]

    try:
        with time_limit(GENERATION_SECONDS):
            result = CliRunner().invoke(main, args)
    except GenerationTimeout as exc:  # raised outside what CliRunner catches
        raise AssertionError(str(exc)) from None

    if isinstance(result.exception, (GenerationTimeout, MemoryError)):
        raise AssertionError(f"regenerate-sdk runs away: {type(result.exception).__name__} {result.exception}") from result.exception  # noqa: TRY004
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    note(f"exit {result.exit_code}\n{result.stderr}")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exit_code in (0, 2), result.stderr
    assert sorted(p.name for p in work.iterdir()) == ["out", "specs"], "left behind: " + str(sorted(p.name for p in work.iterdir()))
    if spec.alias_cycle and result.exit_code == 0:
        # no value fits the cycle: its schemas are typed Any (with a warning, which -q keeps quiet)
        models = (out / package / "models.py").read_text(encoding="utf-8")
        assert re.search(r"^\w+(: _?TypeAlias)? = _?Any$", models, flags=re.M), models
    if spec.refusal is not None:
        assert result.exit_code == 2, f"a hostile input (expected error: {spec.refusal}) was accepted"
        # The planted problem, or another refusal the rest of the page earned first (plausible
        # shapes reach past the limits too, and random names can clean to one): refused with a
        # file:line either way.
        planted = re.search(rf"^{re.escape(str(specs))}/[^:]+:\d+: error: .*{spec.refusal}", result.stderr, flags=re.M)
        other = re.search(rf"^{re.escape(str(specs))}/[^:]+:\d+: error: .*(`max_\w+` in \[tool\.sdkgen\]|are written differently but both become)", result.stderr, flags=re.M)
        assert planted or other, result.stderr
    if result.exit_code == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert lines and all(DIAGNOSTIC.match(line) for line in lines), result.stderr
        located = [line for line in lines if re.match(rf"^{re.escape(str(specs))}/[^:]+:\d+: error: ", line)]
        assert located, f"no error names the input file and line:\n{result.stderr}"
        assert read_tree(out) == before, "a refused run changed the previous output"
        shutil.rmtree(work)
        return

    files = read_tree(out)
    assert {path.split("/", 1)[0] for path in files} == {"openapi.json", "merge-report.md", "README.md", "reference.md", "pyproject.toml", MANIFEST, package}
    GENERATED.append((out, package))  # type-checked by the next test, whatever happens below
    for path, data in files.items():
        if path.endswith(".py"):  # ruff formats the package; black, the oracle, must agree
            text = data.decode()
            assert black.format_str(text, mode=BLACK_MODE) == text, f"{path}: not what black writes"
    document = json.loads(files["openapi.json"])
    instances = response_instances(document)
    report = check_package(out, package, instances)
    note(f"round trips checked: {report['checked']}")
    assert not report["failures"], "\n".join(report["failures"])


def test_generated_packages_pass_mypy_strict_and_ruff_check(tmp_path: Path) -> None:
    """One mypy --strict run and one ruff check (the project's rules) over every package the
    property test generated."""
    if not GENERATED:
        pytest.skip("no package was generated (run together with test_regenerate_works_or_refuses_cleanly)")
    root = tmp_path / "packages"
    root.mkdir()
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", mypy_cache_dir()]
    for out, package in GENERATED:
        shutil.copytree(out / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
        command += ["-p", package]
    result = subprocess.run(command, check=False, cwd=root, capture_output=True, text=True, timeout=1800)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    inputs_of = {package: out.parent / "specs" for out, package in GENERATED}
    detail = "\n".join(errors[:40])
    failing = sorted({line.split("/", 1)[0] for line in errors})
    assert result.returncode == 0, textwrap.dedent(
        f"""{len(errors)} mypy errors in {len(failing)} of {len(GENERATED)} packages:
{detail}
inputs: {", ".join(str(inputs_of[p]) for p in failing if p in inputs_of)}
{result.stderr[-2000:]}"""
    )
    linted = subprocess.run(ruff_check_command("."), check=False, cwd=root, capture_output=True, text=True, timeout=600)
    assert linted.returncode == 0, linted.stdout[-4000:] + linted.stderr
