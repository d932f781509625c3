"""Benchmark sdkgen against its peers, on one input, in one run.

    python -m pip install -q -e '.[bench]' && python bench/run.py

Times (median of --repeat runs, each a fresh process, as a user would run them):
  - `sdkgen regenerate-sdk` cold (empty output directory, empty formatter cache; like
    every peer, sdkgen runs from bytecode written once, untimed);
  - `sdkgen regenerate-sdk` again after a one-schema change;
  - `sdkgen check` with nothing changed;
  - datamodel-code-generator (black and ruff formatters) and openapi-python-client on the
    merged document sdkgen wrote;
  - importing the generated package and making a client, against `import httpx, pydantic`
    (and the official `elevenlabs` package);
  - the per-call overhead of `conversations.get` against a local server, against the
    official `elevenlabs` package on the same server and payload.
It prints each median, the ratios to the peers and whether each target is met. The
machines are shared and noisy: read the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT.parent / "shared" / "corpus" / "openapi"
PACKAGE, CLIENT = "bench_sdk", "ElevenLabs"


# Every tool runs as an installed tool does: from bytecode written once and reused (pip
# compiles the peers' on install; this machine sets PYTHONDONTWRITEBYTECODE, which would
# make sdkgen alone recompile its source on every run).
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of one command in a fresh process, run outside the checkout (as users run
    it: from the checkout's root, `python -m generator` would import the source folder,
    which lacks the templates an install provides)."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd or tempfile.gettempdir(), env={**BASE_ENV, **(env or {})}, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started
    if result.returncode not in ok:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-3000:]}")
    return elapsed


def median_of(repeat: int, once: Callable[[int], float]) -> float:
    return statistics.median(once(i) for i in range(repeat))


def sdkgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


# -- generation ---------------------------------------------------------------------------


def generation(specs: Path, work: Path, repeat: int) -> dict[str, float]:
    options = ["--package", PACKAGE, "--client-name", CLIENT, "-q"]
    times: dict[str, float] = {}

    # Once, untimed: writes sdkgen's bytecode, as the peers' was written when pip installed them.
    run(sdkgen("regenerate-sdk", "--specs", str(specs), "--out", str(work / "warm-up"), *options))

    def cold(i: int) -> float:
        return run(sdkgen("regenerate-sdk", "--specs", str(specs), "--out", str(work / f"cold{i}"), *options))

    times["sdkgen regenerate-sdk, cold"] = median_of(repeat, cold)

    # Two copies of the input that differ in one schema; each run switches to the other.
    variants = one_schema_variants(specs, work)
    out = work / "warm"
    run(sdkgen("regenerate-sdk", "--specs", str(variants[1]), "--out", str(out), *options))

    def changed(i: int) -> float:
        return run(sdkgen("regenerate-sdk", "--specs", str(variants[i % 2]), "--out", str(out), *options))

    times["sdkgen regenerate-sdk, one schema changed"] = median_of(repeat, changed)
    final = variants[(repeat - 1) % 2]

    def check(i: int) -> float:
        return run(sdkgen("check", "--specs", str(final), "--out", str(out), *options))

    times["sdkgen check, nothing changed"] = median_of(repeat, check)
    return times


def one_schema_variants(specs: Path, work: Path) -> list[Path]:
    source = specs if specs.is_file() else sorted(p for p in specs.iterdir() if p.suffix in (".json", ".yaml", ".yml"))[0]
    document = json.loads(source.read_text(encoding="utf-8"))
    name = sorted(document["components"]["schemas"])[0]
    paths = []
    for index in range(2):
        copy = json.loads(json.dumps(document))
        if index:
            schema = copy["components"]["schemas"][name]
            schema.setdefault("properties", {})["bench_added_field"] = {"type": "string", "description": "Added by the benchmark."}
        path = work / f"variant{index}" / source.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(copy), encoding="utf-8")
        paths.append(path.parent)
    return paths


def doubled_document(specs: Path, work: Path) -> Path:
    """A document twice the size of `specs`: it and a renamed copy of it (every schema,
    path, operation id, tag and SDK group under a `Twin` name), so that both halves merge
    side by side into one API with twice the schemas and operations."""
    source = specs if specs.is_file() else sorted(p for p in specs.iterdir() if p.suffix == ".json")[0]
    document = json.loads(source.read_text(encoding="utf-8"))
    prefix = "#/components/schemas/"

    def renamed(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: renamed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [renamed(v) for v in value]
        if isinstance(value, str) and value.startswith(prefix):
            return prefix + "Twin" + value[len(prefix) :]
        return value

    twin = renamed(json.loads(json.dumps(document)))
    twin["components"]["schemas"] = {"Twin" + name: schema for name, schema in twin["components"]["schemas"].items()}
    twin_paths: dict[str, Any] = {}
    for path, item in twin["paths"].items():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if "operationId" in operation:
                operation["operationId"] += "_twin"
            operation["tags"] = [f"twin-{tag}" for tag in operation.get("tags") or []]
            group = operation.get("x-fern-sdk-group-name")
            if group is not None:
                operation["x-fern-sdk-group-name"] = ["twin", *(group if isinstance(group, list) else [group])]
        twin_paths["/twin" + path] = item
    document["paths"].update(twin_paths)
    document["components"]["schemas"].update(twin["components"]["schemas"])
    target = work / "doubled" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document), encoding="utf-8")
    return target.parent


def schema_count(merged: Path) -> int:
    return len(json.loads(merged.read_text(encoding="utf-8"))["components"]["schemas"])


def peer_command(name: str) -> str | None:
    """A peer's command: beside the running interpreter (a venv's python run without
    activating the venv), else on PATH; None, said on stderr, when it is not installed."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        print(f"bench: {name} is not installed (pip install -e '.[bench]'); its rows are left out", file=sys.stderr)
    return found


def peers(merged: Path, work: Path, repeat: int, only_ruff: bool = False) -> dict[str, float]:
    times: dict[str, float] = {}
    dcg = peer_command("datamodel-codegen")
    if dcg:
        for label, formatters in (("black", ["black", "isort"]), ("ruff", ["ruff-check", "ruff-format"])):
            if only_ruff and label != "ruff":
                continue
            def once(i: int, formatters: list[str] = formatters) -> float:
                target = work / f"dcg-{formatters[0]}-{i}.py"
                command = [dcg, "--input", str(merged), "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel", "--output", str(target), "--formatters", *formatters]
                return run(command)

            times[f"datamodel-code-generator, {label}"] = median_of(repeat, once)
    opc = None if only_ruff else peer_command("openapi-python-client")
    if opc:
        def once_opc(i: int) -> float:
            return run([opc, "generate", "--path", str(merged), "--output-path", str(work / f"opc{i}"), "--overwrite"], ok=(0, 1))

        times["openapi-python-client"] = median_of(repeat, once_opc)
    return times


# -- import and per-call overhead ---------------------------------------------------------

IMPORTS = {
    "import httpx, pydantic": "import httpx, pydantic",
    "generated package: import + client": f"import {PACKAGE}; {PACKAGE}.{CLIENT}(api_key='k', base_url='http://127.0.0.1')",
    "official elevenlabs: import + client": "from elevenlabs import ElevenLabs; ElevenLabs(api_key='k')",
}


def import_times(package_dir: Path, repeat: int) -> dict[str, float]:
    times = {}
    for label, statement in IMPORTS.items():
        code = f"import sys, time; sys.path.insert(0, {str(package_dir)!r}); t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"

        # As users run it: bytecode written once (untimed) and reused.
        subprocess.run([sys.executable, "-c", code], capture_output=True, env=BASE_ENV, timeout=120)

        def once(i: int, code: str = code) -> float:
            result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=BASE_ENV, timeout=120)
            if result.returncode:
                return float("nan")
            return float(result.stdout.strip().splitlines()[-1])

        times[label] = median_of(repeat, once)
    return times


PAYLOAD = {
    "agent_id": "agent_1",
    "conversation_id": "conv_1",
    "status": "done",
    "transcript": [
        {"role": "user" if i % 2 else "agent", "time_in_call_secs": i, "message": f"message {i}"} for i in range(20)
    ],
    "metadata": {"start_time_unix_secs": 1700000000, "call_duration_secs": 42},
    "has_audio": True,
    "has_user_audio": False,
    "has_response_audio": True,
}


class OneWriteServer:
    """A keep-alive HTTP server on 127.0.0.1 answering every request with one write."""

    def __init__(self, body: bytes) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        self.response = head + body
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        buffer = b""
        with connection:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
                while len(buffer) < length:
                    buffer += connection.recv(65536)
                buffer = buffer[length:]
                connection.sendall(self.response)

    def close(self) -> None:
        self.sock.close()


def per_call(generated: Path, calls: int, rounds: int) -> dict[str, float]:
    sys.path.insert(0, str(generated))
    import elevenlabs_convai  # the package generated from the embedded specs

    server = OneWriteServer(json.dumps(PAYLOAD).encode())
    ours = elevenlabs_convai.ElevenLabs(api_key="k", base_url=server.url, max_retries=0)
    clients: dict[str, Callable[[], Any]] = {"generated package: conversations.get": lambda: ours.conversational_ai.conversations.get(conversation_id="conv_1")}
    try:
        from elevenlabs import ElevenLabs as Official

        official = Official(api_key="k", base_url=server.url)
        clients["official elevenlabs: conversations.get"] = lambda: official.conversational_ai.conversations.get(conversation_id="conv_1")
    except ImportError:
        pass
    results: dict[str, list[float]] = {label: [] for label in clients}
    for call in clients.values():
        for _ in range(50):
            call()
    for _ in range(rounds):  # interleaved, so that noise hits both alike
        for label, call in clients.items():
            started = time.perf_counter()
            for _ in range(calls):
                call()
            results[label].append((time.perf_counter() - started) / calls)
    server.close()
    return {label: statistics.median(values) for label, values in results.items()}


# -- report -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", type=Path, default=DEFAULT_INPUT, help="input (default: the full ElevenLabs OpenAPI document)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    try:
        merged = work / "merged.json"
        run(sdkgen("merge", "--specs", str(args.specs), "-o", str(merged), "--report", str(work / "report.md"), "-q"))
        print(f"input: {args.specs} | {platform.platform()} | {os.cpu_count()} cores | Python {platform.python_version()}", file=sys.stderr)
        times = generation(args.specs, work, args.repeat)
        times.update(peers(merged, work, args.repeat))
        # The same, cold, on a document twice the size: time per schema must not grow.
        doubled = doubled_document(args.specs, work)
        doubled_merged = work / "doubled-merged.json"
        run(sdkgen("merge", "--specs", str(doubled), "-o", str(doubled_merged), "--report", str(work / "report2.md"), "-q"))
        large = {f"{label} (doubled)": value for label, value in peers(doubled_merged, work, args.repeat, only_ruff=True).items()}
        large["sdkgen regenerate-sdk, cold (doubled)"] = median_of(
            args.repeat,
            lambda i: run(sdkgen("regenerate-sdk", "--specs", str(doubled), "--out", str(work / f"doubled-cold{i}"), "--package", PACKAGE, "--client-name", CLIENT, "-q")),
        )
        sizes = (schema_count(merged), schema_count(doubled_merged))
        imports = import_times(work / "cold0", max(args.repeat, 11))
        calls = per_call(ROOT / "generated", args.calls, max(args.repeat, 7))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(times, large, sizes, imports, calls)


def report(times: dict[str, float], large: dict[str, float], sizes: tuple[int, int], imports: dict[str, float], calls: dict[str, float]) -> None:
    cold = times["sdkgen regenerate-sdk, cold"]
    ruff = times.get("datamodel-code-generator, ruff")
    cold2 = large["sdkgen regenerate-sdk, cold (doubled)"]
    ruff2 = large.get("datamodel-code-generator, ruff (doubled)")
    per_schema = (cold2 / sizes[1]) / (cold / sizes[0])
    lines = [f"schemas: {sizes[0]} (document), {sizes[1]} (doubled)", "", "| measurement | median | ratio |", "|---|---:|---|"]
    for label, value in times.items():
        ratio = f"sdkgen cold = {cold / value:.2f} × this" if not label.startswith("sdkgen") else ""
        lines.append(f"| {label} | {value:.2f} s | {ratio} |")
    for label, value in large.items():
        ratio = f"sdkgen cold = {cold2 / value:.2f} × this" if not label.startswith("sdkgen") else ""
        lines.append(f"| {label} | {value:.2f} s | {ratio} |")
    base = imports["import httpx, pydantic"]
    for label, value in imports.items():
        lines.append(f"| {label} | {value * 1000:.0f} ms | {value / base:.2f} × httpx+pydantic |")
    official_call = calls.get("official elevenlabs: conversations.get")
    for label, value in calls.items():
        ratio = f"{value / official_call:.2f} × official" if official_call else ""
        lines.append(f"| {label} | {value * 1e6:.0f} µs | {ratio} |")
    print("\n".join(lines))
    print()
    targets = [
        ("cold generation ≤ 0.25 × datamodel-code-generator with ruff", ruff is not None and cold <= 0.25 * ruff, f"{cold / ruff:.2f}" if ruff else "n/a"),
        ("the same on the doubled document", ruff2 is not None and cold2 <= 0.25 * ruff2, f"{cold2 / ruff2:.2f}" if ruff2 else "n/a"),
        ("time per schema, doubled ≤ 1.2 × the document's", per_schema <= 1.2, f"{per_schema:.2f}"),
        ("regeneration after a one-schema change < 1 s", times["sdkgen regenerate-sdk, one schema changed"] < 1.0, f"{times['sdkgen regenerate-sdk, one schema changed']:.2f} s"),
        ("check with nothing changed < 1 s", times["sdkgen check, nothing changed"] < 1.0, f"{times['sdkgen check, nothing changed']:.2f} s"),
        ("import + client ≤ 1.0 × import httpx, pydantic", imports["generated package: import + client"] <= 1.0 * base, f"{imports['generated package: import + client'] / base:.2f}"),
        ("per call ≤ official SDK", official_call is not None and calls["generated package: conversations.get"] <= official_call, f"{calls['generated package: conversations.get'] / official_call:.2f}" if official_call else "n/a"),
    ]
    print("| target | met | measured |")
    print("|---|---|---|")
    for name, met, measured in targets:
        print(f"| {name} | {'yes' if met else 'NO'} | {measured} |")


if __name__ == "__main__":
    main()
